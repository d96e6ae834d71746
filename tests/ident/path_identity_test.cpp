// SPDX-License-Identifier: MIT
#include <mpio/ident/path_identity.hpp>

#include <mpio/hosted/hex_input.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_path_identity_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;
namespace ident = mpio::ident;
using ident::derive_path_identity;
using ident::name_format;
using ident::path_identity;
using ident::tpg_cross_check;
using ident::tpg_source;
using scsi::asymmetric_access_state;
using scsi::protocol_identifier;

namespace {

constexpr ident::derived_path_identity derive(byte_view page)
{
    const auto parsed = scsi::parse_device_identification(page);
    if (!parsed) return {};
    return derive_path_identity(*parsed);
}

template <std::size_t N>
constexpr bool name_is(const ident::path_name& n, name_format f, const byte (&expected)[N])
{
    if (n.format() != f || n.size() != N) return false;
    for (std::size_t i = 0; i < N; ++i)
        if (n.bytes()[i] != expected[i]) return false;
    return true;
}

constexpr bool text_is(const ident::path_name& n, const char* text)
{
    std::size_t i = 0;
    for (; text[i] != '\0'; ++i)
        if (i >= n.size() || n.bytes()[i] != static_cast<byte>(text[i])) return false;
    return n.format() == name_format::scsi_name_string && i == n.size();
}

// Every field `part` has, `whole` has with the same value: what a prefix of
// a page decodes is what the whole page decodes, never something else.
bool decoded_from(const path_identity& part, const path_identity& whole)
{
    return (!part.has_relative_target_port() || part.relative_target_port() == whole.relative_target_port()) &&
           (!part.has_target_port_group() || part.target_port_group() == whole.target_port_group()) &&
           (!part.has_logical_unit_group() || part.logical_unit_group() == whole.logical_unit_group()) &&
           (!part.has_protocol_identifier() || part.protocol_identifier() == whole.protocol_identifier()) &&
           (!part.has_target_port_name() || part.target_port_name() == whole.target_port_name()) &&
           (!part.has_target_device_name() || part.target_device_name() == whole.target_device_name());
}

// A Device Identification page assembled descriptor by descriptor.
struct page_builder {
    byte b[1024]{0x00, 0x83};
    std::size_t n = 4;

    constexpr page_builder& desc(byte b0, byte b1, std::initializer_list<byte> designator)
    {
        b[n] = b0, b[n + 1] = b1, b[n + 3] = static_cast<byte>(designator.size());
        n += 4;
        for (const byte x : designator) b[n++] = x;
        return finish();
    }
    // A SCSI name string, NUL-terminated and padded to a multiple of 4.
    constexpr page_builder& name(byte b0, byte b1, const char* text)
    {
        const std::size_t start = n;
        n += 4;
        for (std::size_t i = 0; text[i] != '\0'; ++i) b[n++] = static_cast<byte>(text[i]);
        do b[n++] = 0;
        while ((n - start - 4) % 4 != 0);
        b[start] = b0, b[start + 1] = b1, b[start + 3] = static_cast<byte>(n - start - 4);
        return finish();
    }
    constexpr page_builder& finish()
    {
        b[2] = static_cast<byte>((n - 4) >> 8), b[3] = static_cast<byte>(n - 4);
        return *this;
    }
    constexpr byte_view view() const { return byte_view(b, n); }
};

constexpr std::initializer_list<byte> lu_naa6 = {0x60, 0x0a, 0x09, 0x80, 0x38, 0x30, 0x44, 0x6f,
                                                 0x2f, 0x5d, 0x4a, 0x30, 0x37, 0x36, 0x35, 0x41};

// ------------------------------------------------- hand-built FC pages
// Two paths to one LU (NAA 6) of an FC array: each page names its port by
// WWPN (NAA 5, PIV, protocol FCP), relative target port and TPG, and the
// target device by node name (NAA 5). Path B differs only in port designators.
constexpr page_builder fc_page(byte wwpn_byte, byte rtp, byte tpg)
{
    page_builder p;
    p.desc(0x01, 0x03, lu_naa6)
        .desc(0x01, 0x93, {0x50, 0x0a, 0x09, 0x81, wwpn_byte, 0x6d, 0x2a, 0x5b})
        .desc(0x01, 0x94, {0x00, 0x00, 0x00, rtp})
        .desc(0x01, 0x95, {0x00, 0x00, 0x00, tpg})
        .desc(0x01, 0xa3, {0x50, 0x0a, 0x09, 0x80, 0x98, 0x6d, 0x2a, 0x5b});
    return p;
}
constexpr page_builder fc_path_a = fc_page(0x98, 3, 1);
constexpr page_builder fc_path_b = fc_page(0x99, 4, 2);
constexpr byte fc_wwpn_a[] = {0x50, 0x0a, 0x09, 0x81, 0x98, 0x6d, 0x2a, 0x5b};
constexpr byte fc_node[] = {0x50, 0x0a, 0x09, 0x80, 0x98, 0x6d, 0x2a, 0x5b};

// ----------------------------------------------- hand-built iSCSI pages
// The istgt target of tests/data/targets/README.md: portal group N is
// target port group N with relative target port N; the target port name
// is "<target name>,t,0x<TPGT>" (SPC-6 SCSI name string for an iSCSI
// target port), the target device name the iSCSI name, PIV with protocol
// iSCSI (5h), code set UTF-8.
constexpr page_builder iscsi_page(byte portal_group, const char* port_name)
{
    page_builder p;
    p.desc(0x01, 0x03, lu_naa6)
        .desc(0x51, 0x94, {0x00, 0x00, 0x00, portal_group})
        .desc(0x51, 0x95, {0x00, 0x00, 0x00, portal_group})
        .name(0x53, 0x98, port_name)
        .name(0x53, 0xa8, "iqn.2024-01.org.mpio.test:disk1");
    return p;
}
constexpr page_builder iscsi_path_1 = iscsi_page(1, "iqn.2024-01.org.mpio.test:disk1,t,0x0001");
constexpr page_builder iscsi_path_2 = iscsi_page(2, "iqn.2024-01.org.mpio.test:disk1,t,0x0002");

// ----------------------------------------------------------- RTPG data
// Two groups: group 1 (AO, PREF) lists ports 3 and 5; group 2 (standby)
// lists port 4.
constexpr byte rtpg_two_groups[] = {
    0x00, 0x00, 0x00, 0x1c, 0x80, 0x03, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
    0x00, 0x00, 0x00, 0x05, 0x02, 0x07, 0x00, 0x02, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04,
};

constexpr ident::path_alua_state alua_of(const path_identity& p, byte_view rtpg_bytes, errc* error = nullptr)
{
    const auto rtpg = scsi::parse_report_target_port_groups(rtpg_bytes);
    const auto r = ident::alua_state_of(p, *rtpg);
    if (error) *error = r.error();
    return r.value_or({});
}
constexpr errc alua_error(const path_identity& p, byte_view rtpg_bytes)
{
    errc e = errc::none;
    alua_of(p, rtpg_bytes, &e);
    return e;
}

} // namespace

TEST_CASE("path_identity: FC paths (compile time)", "[ident][path_identity][static]")
{
    constexpr auto a = derive(fc_path_a.view());
    constexpr auto b = derive(fc_path_b.view());
    STATIC_REQUIRE(a.ok());
    STATIC_REQUIRE(a.identity.has_relative_target_port());
    STATIC_REQUIRE(a.identity.relative_target_port() == 3);
    STATIC_REQUIRE(a.identity.has_target_port_group());
    STATIC_REQUIRE(a.identity.target_port_group() == 1);
    STATIC_REQUIRE(a.identity.has_target_port_name());
    STATIC_REQUIRE(name_is(a.identity.target_port_name(), name_format::naa, fc_wwpn_a));
    STATIC_REQUIRE(a.identity.has_target_device_name());
    STATIC_REQUIRE(name_is(a.identity.target_device_name(), name_format::naa, fc_node));
    STATIC_REQUIRE(a.identity.has_protocol_identifier());
    STATIC_REQUIRE(a.identity.protocol_identifier() == protocol_identifier::fcp);
    STATIC_REQUIRE(!a.identity.has_logical_unit_group());
    STATIC_REQUIRE(a.identity.identifies_port());

    // Same LU, same target device, other port: different path identities.
    STATIC_REQUIRE(b.ok());
    STATIC_REQUIRE(a.identity.target_device_name() == b.identity.target_device_name());
    STATIC_REQUIRE(!(a.identity == b.identity));
    STATIC_REQUIRE(!ident::same_target_port(a.identity, b.identity));
    STATIC_REQUIRE(a.identity == derive(fc_page(0x98, 3, 1).view()).identity);
    STATIC_REQUIRE(ident::same_target_port(a.identity, derive(fc_page(0x98, 3, 1).view()).identity));
    // One port designator differs: a different path.
    STATIC_REQUIRE(!(a.identity == derive(fc_page(0x98, 4, 1).view()).identity));
    STATIC_REQUIRE(!(a.identity == derive(fc_page(0x99, 3, 1).view()).identity));

    STATIC_REQUIRE(ident::render_path_identity(a.identity)
                       .equals("tpg 1, rtp 3, port naa.500a0981986d2a5b, device naa.500a0980986d2a5b, "
                               "protocol Fibre Channel (FCP)"));
}

TEST_CASE("path_identity: iSCSI paths (compile time)", "[ident][path_identity][static]")
{
    constexpr auto p1 = derive(iscsi_path_1.view());
    constexpr auto p2 = derive(iscsi_path_2.view());
    STATIC_REQUIRE(p1.ok());
    STATIC_REQUIRE(p1.identity.relative_target_port() == 1);
    STATIC_REQUIRE(p1.identity.target_port_group() == 1);
    STATIC_REQUIRE(text_is(p1.identity.target_port_name(), "iqn.2024-01.org.mpio.test:disk1,t,0x0001"));
    STATIC_REQUIRE(text_is(p1.identity.target_device_name(), "iqn.2024-01.org.mpio.test:disk1"));
    STATIC_REQUIRE(p1.identity.protocol_identifier() == protocol_identifier::iscsi);
    STATIC_REQUIRE(p2.identity.relative_target_port() == 2);
    STATIC_REQUIRE(!(p1.identity == p2.identity));
    STATIC_REQUIRE(p1.identity.target_device_name() == p2.identity.target_device_name());
    STATIC_REQUIRE(ident::render_path_identity(p1.identity)
                       .equals("tpg 1, rtp 1, port iqn.2024-01.org.mpio.test:disk1,t,0x0001, "
                               "device iqn.2024-01.org.mpio.test:disk1, protocol Internet SCSI (iSCSI)"));
}

TEST_CASE("path_identity: empty and unset identities", "[ident][path_identity][static]")
{
    constexpr path_identity none;
    STATIC_REQUIRE(!none.identifies_port());
    STATIC_REQUIRE(none == path_identity{});
    STATIC_REQUIRE(!ident::same_target_port(none, none));
    STATIC_REQUIRE(ident::render_path_identity(none).equals("none"));

    // An LU-only page: nothing tells the path apart.
    constexpr page_builder lu_only = page_builder{}.desc(0x01, 0x03, lu_naa6);
    constexpr auto d = derive(lu_only.view());
    STATIC_REQUIRE(d.ok());
    STATIC_REQUIRE(d.identity == path_identity{});

    // Logical unit group (LU association), EUI-64 port name, PIV without
    // valid association (LU) ignored.
    constexpr page_builder other = page_builder{}
                                       .desc(0x61, 0x86, {0, 0, 0x12, 0x34})
                                       .desc(0x01, 0x12, {1, 2, 3, 4, 5, 6, 7, 8})
                                       .desc(0x01, 0x14, {0, 0, 0, 9});
    constexpr auto o = derive(other.view());
    STATIC_REQUIRE(o.ok());
    STATIC_REQUIRE(o.identity.logical_unit_group() == 0x1234);
    STATIC_REQUIRE(!o.identity.has_protocol_identifier());
    STATIC_REQUIRE(o.identity.target_port_name().format() == name_format::eui64);
    STATIC_REQUIRE(ident::render_path_identity(o.identity).equals("rtp 9, port eui.0102030405060708, lu group 4660"));

    // First descriptor of each kind wins.
    constexpr page_builder twice = page_builder{}.desc(0x01, 0x14, {0, 0, 0, 1}).desc(0x01, 0x14, {0, 0, 0, 2});
    STATIC_REQUIRE(derive(twice.view()).identity.relative_target_port() == 1);
}

TEST_CASE("path_identity: malformed descriptors keep what came before", "[ident][path_identity][static]")
{
    // A relative target port designator of 3 bytes: skipped, reported, and
    // the TPG after it is still read.
    constexpr page_builder bad_rtp = page_builder{}.desc(0x01, 0x14, {0, 0, 3}).desc(0x01, 0x15, {0, 0, 0, 7});
    constexpr auto r = derive(bad_rtp.view());
    STATIC_REQUIRE(r.error == errc::length_mismatch);
    STATIC_REQUIRE(r.error_offset == 0);
    STATIC_REQUIRE(!r.identity.has_relative_target_port());
    STATIC_REQUIRE(r.identity.target_port_group() == 7);

    // An NAA port name in ASCII code set: unsupported_format.
    constexpr page_builder ascii_naa = page_builder{}.desc(0x02, 0x13, {0x50, 0, 0, 0, 0, 0, 0, 1});
    STATIC_REQUIRE(derive(ascii_naa.view()).error == errc::unsupported_format);
    STATIC_REQUIRE(!derive(ascii_naa.view()).identity.has_target_port_name());

    // An all-NUL SCSI name string names nothing.
    constexpr page_builder empty_name = page_builder{}.desc(0x03, 0x18, {0, 0, 0, 0});
    STATIC_REQUIRE(derive(empty_name.view()).error == errc::length_mismatch);

    // A descriptor overrunning the page: the walk stops, the earlier ones stay.
    constexpr page_builder overrun = [] {
        page_builder p = fc_page(0x98, 3, 1);
        p.b[p.n - 9] = 0x40; // the device name's DESIGNATOR LENGTH
        return p;
    }();
    constexpr auto o = derive(overrun.view());
    STATIC_REQUIRE(o.error == errc::descriptor_overrun);
    STATIC_REQUIRE(o.error_offset == 20 + 12 + 8 + 8);
    STATIC_REQUIRE(o.identity.relative_target_port() == 3);
    STATIC_REQUIRE(o.identity.target_port_group() == 1);
    STATIC_REQUIRE(o.identity.has_target_port_name());
    STATIC_REQUIRE(!o.identity.has_target_device_name());

    // A 3-byte tail after the last descriptor: too_short at its offset.
    constexpr page_builder tail = [] {
        page_builder p = page_builder{}.desc(0x01, 0x14, {0, 0, 0, 2});
        p.n += 3;
        return p.finish();
    }();
    STATIC_REQUIRE(derive(tail.view()).error == errc::too_short);
    STATIC_REQUIRE(derive(tail.view()).error_offset == 8);
    STATIC_REQUIRE(derive(tail.view()).identity.relative_target_port() == 2);
}

TEST_CASE("path_identity: names longer than the capacity are refused", "[ident][path_identity]")
{
    std::string long_name = "iqn.2024-01.org.mpio.test:";
    long_name.append(ident::path_name::capacity - long_name.size(), 'x');
    page_builder fits;
    fits.name(0x53, 0x98, long_name.c_str());
    const auto f = derive(fits.view());
    CHECK(f.ok());
    CHECK(f.identity.target_port_name().size() == ident::path_name::capacity);

    long_name += "y";
    page_builder too_long;
    too_long.desc(0x01, 0x14, {0, 0, 0, 1}).name(0x53, 0x98, long_name.c_str());
    const auto t = derive(too_long.view());
    CHECK(t.error == errc::overflow);
    CHECK(t.error_offset == 8);
    CHECK(!t.identity.has_target_port_name());
    CHECK(t.identity.relative_target_port() == 1);

    // Rendering the longest identity never overflows the text capacity.
    path_identity longest;
    longest.set_relative_target_port(65535);
    longest.set_target_port_group(65535);
    longest.set_logical_unit_group(65535);
    longest.set_protocol_identifier(protocol_identifier::adt);
    longest.set_target_port_name(f.identity.target_port_name());
    longest.set_target_device_name(f.identity.target_port_name());
    CHECK(!ident::render_path_identity(longest).overflowed());
    INFO("sizeof(path_identity) = " << sizeof(path_identity));
    CHECK(sizeof(path_identity) <= 512);
}

TEST_CASE("path_identity: pre-SPC-2 page", "[ident][path_identity]")
{
    const std::vector<byte> data = load("vpd_di_old_emc_symm.hex");
    const auto d = derive(view(data));
    CHECK(d.error == errc::legacy_layout);
    CHECK(d.identity == path_identity{});
}

TEST_CASE("path_identity: vpd_dev_id.hex (SAS disk)", "[ident][path_identity][data]")
{
    const std::vector<byte> data = load("vpd_dev_id.hex");
    const auto d = derive(view(data));
    REQUIRE(d.ok());
    const path_identity& id = d.identity;
    CHECK(id.relative_target_port() == 1);
    CHECK(!id.has_target_port_group());
    constexpr byte port[] = {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x29};
    constexpr byte device[] = {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x28};
    CHECK(name_is(id.target_port_name(), name_format::naa, port));
    CHECK(name_is(id.target_device_name(), name_format::naa, device));
    CHECK(id.protocol_identifier() == protocol_identifier::sas);
    CHECK(std::string(ident::render_path_identity(id).c_str()) ==
          "rtp 1, port naa.5000c5003011cb29, device naa.5000c5003011cb28, protocol SAS Serial SCSI Protocol (SPL)");

    // Every prefix: what is there is decoded, never more.
    for (std::size_t n = 4; n <= data.size(); ++n) {
        INFO("prefix " << n);
        const auto p = derive(view(data).first(n));
        CHECK(decoded_from(p.identity, id));
    }
}

TEST_CASE("path_identity: vpd_sdeb.hex page 83h (scsi_debug)", "[ident][path_identity][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    // The file holds several pages back to back: find 83h.
    byte_view page;
    for (std::size_t at = 0; at + 4 <= data.size();) {
        const std::size_t size = 4 + (std::size_t{data[at + 2]} << 8 | data[at + 3]);
        if (data[at + 1] == 0x83) page = view(data).subview(at, size);
        at += size;
    }
    REQUIRE(page.size() == 0x74);
    const auto d = derive(page);
    REQUIRE(d.ok());
    CHECK(d.identity.relative_target_port() == 1);
    CHECK(d.identity.target_port_group() == 0x100);
    CHECK(d.identity.protocol_identifier() == protocol_identifier::sas);
    CHECK(std::string(ident::render_path_identity(d.identity).c_str()) ==
          "tpg 256, rtp 1, port naa.32222220000007ce, device naa.32222220000007cd, "
          "protocol SAS Serial SCSI Protocol (SPL)");
}

TEST_CASE("path_identity: vpd_di_all.hex (every designator type)", "[ident][path_identity][data]")
{
    const std::vector<byte> data = load("vpd_di_all.hex");
    const auto d = derive(view(data));
    INFO(mpio::errc_name(d.error) << " at " << d.error_offset);
    CHECK(d.ok());
    CHECK(d.identity.relative_target_port() == 2);
    CHECK(d.identity.target_port_group() == 3);
    CHECK(d.identity.logical_unit_group() == 4);
    INFO(ident::render_path_identity(d.identity).c_str());
    // Only the LU association carries NAA/EUI-64 here: no port name; the
    // device is named by a SCSI name string; the first PIV descriptor is the
    // USB port identifier.
    CHECK(!d.identity.has_target_port_name());
    CHECK(text_is(d.identity.target_device_name(), "iqn.5886.com.acme.diskarrays-sn-a8675309"));
    CHECK(d.identity.protocol_identifier() == protocol_identifier::uas);
    for (std::size_t n = 0; n <= data.size(); ++n) {
        INFO("prefix " << n);
        const auto parsed = scsi::parse_device_identification(view(data).first(n));
        if (!parsed) continue;
        const auto p = derive_path_identity(*parsed);
        CHECK(decoded_from(p.identity, d.identity));
    }
}

TEST_CASE("path_identity: ALUA state with cross-check (compile time)", "[ident][path_identity][static]")
{
    constexpr byte_view rtpg(rtpg_two_groups);
    constexpr path_identity a = derive(fc_path_a.view()).identity; // tpg 1, rtp 3
    constexpr path_identity b = derive(fc_path_b.view()).identity; // tpg 2, rtp 4
    STATIC_REQUIRE(alua_error(a, rtpg) == errc::none);
    STATIC_REQUIRE(alua_of(a, rtpg).target_port_group == 1);
    STATIC_REQUIRE(alua_of(a, rtpg).state == asymmetric_access_state::active_optimized);
    STATIC_REQUIRE(alua_of(a, rtpg).pref);
    STATIC_REQUIRE(alua_of(a, rtpg).source == tpg_source::vpd_target_port_group);
    STATIC_REQUIRE(alua_of(a, rtpg).check == tpg_cross_check::consistent);
    STATIC_REQUIRE(alua_of(b, rtpg).target_port_group == 2);
    STATIC_REQUIRE(alua_of(b, rtpg).state == asymmetric_access_state::standby);
    STATIC_REQUIRE(!alua_of(b, rtpg).pref);
    STATIC_REQUIRE(alua_of(b, rtpg).check == tpg_cross_check::consistent);

    // VPD says group 2, RTPG lists port 3 in group 1: mismatch reported,
    // the state is the VPD group's.
    constexpr path_identity mismatch = derive(fc_page(0x98, 3, 2).view()).identity;
    STATIC_REQUIRE(alua_of(mismatch, rtpg).check == tpg_cross_check::group_mismatch);
    STATIC_REQUIRE(alua_of(mismatch, rtpg).target_port_group == 2);
    STATIC_REQUIRE(alua_of(mismatch, rtpg).rtpg_group == 1);
    STATIC_REQUIRE(alua_of(mismatch, rtpg).state == asymmetric_access_state::standby);

    // Port 9 is in no group.
    constexpr path_identity unlisted = derive(fc_page(0x98, 9, 1).view()).identity;
    STATIC_REQUIRE(alua_of(unlisted, rtpg).check == tpg_cross_check::port_not_listed);

    // No TPG designator: the group comes from RTPG's port lists.
    path_identity rtp_only;
    rtp_only.set_relative_target_port(5);
    CHECK(alua_of(rtp_only, rtpg).target_port_group == 1);
    CHECK(alua_of(rtp_only, rtpg).source == tpg_source::rtpg_port_list);
    CHECK(alua_of(rtp_only, rtpg).check == tpg_cross_check::not_checked);
    rtp_only.set_relative_target_port(6);
    CHECK(alua_error(rtp_only, rtpg) == errc::not_found);

    // TPG only: no cross-check possible.
    path_identity tpg_only;
    tpg_only.set_target_port_group(2);
    CHECK(alua_of(tpg_only, rtpg).check == tpg_cross_check::not_checked);
    CHECK(alua_of(tpg_only, rtpg).state == asymmetric_access_state::standby);
    tpg_only.set_target_port_group(7);
    CHECK(alua_error(tpg_only, rtpg) == errc::not_found);
    CHECK(alua_error(path_identity{}, rtpg) == errc::not_found);

    // A response that lists group 1 twice, port 3 under the second copy.
    constexpr byte twice[] = {0x00, 0x00, 0x00, 0x18, 0x80, 0x03, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00,
                              0x80, 0x03, 0x00, 0x01, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03};
    STATIC_REQUIRE(alua_of(a, byte_view(twice)).check == tpg_cross_check::consistent);
    STATIC_REQUIRE(alua_of(a, byte_view(twice)).rtpg_group == 1);

    // A malformed RTPG: group 1's port list overruns the data.
    byte broken[sizeof rtpg_two_groups];
    for (std::size_t i = 0; i < sizeof broken; ++i) broken[i] = rtpg_two_groups[i];
    broken[20 + 7] = 9;
    CHECK(alua_error(b, byte_view(broken)) == errc::descriptor_overrun);
    CHECK(alua_error(mismatch, byte_view(broken)) == errc::descriptor_overrun);
    // Group 1 is found, and lists port 3, before the bad group.
    CHECK(alua_of(a, byte_view(broken)).check == tpg_cross_check::consistent);
    // Looking for port 9 in the other groups meets the bad one.
    CHECK(alua_error(unlisted, byte_view(broken)) == errc::descriptor_overrun);
}

TEST_CASE("path_identity: istgt RTPG captures with matching iSCSI pages", "[ident][path_identity][data]")
{
    const auto rtpg_of = [](const char* name) {
        const mpio::hosted::input_bytes in =
            mpio::hosted::load_bytes(std::string(MPIO_TEST_DATA_DIR) + "/targets/" + name);
        INFO(name << ": " << in.error.reason);
        REQUIRE(in.ok);
        return in.bytes;
    };
    const path_identity p1 = derive(iscsi_path_1.view()).identity;
    const path_identity p2 = derive(iscsi_path_2.view()).identity;
    for (const char* name : {"istgt_rtpg.hex", "istgt_rtpg_after_stpg.hex"}) {
        INFO(name);
        const std::vector<byte> data = rtpg_of(name);
        const auto rtpg = scsi::parse_report_target_port_groups(view(data));
        REQUIRE(rtpg);
        for (const path_identity* p : {&p1, &p2}) {
            const auto s = ident::alua_state_of(*p, *rtpg);
            REQUIRE(s);
            CHECK(s->target_port_group == p->target_port_group());
            CHECK(s->check == tpg_cross_check::consistent);
            CHECK(s->pref);
            CHECK(s->state == *rtpg->state_of(p->target_port_group()));
        }
    }
    // Allocation length 12: the first group is cut; port 1's group is not found.
    const std::vector<byte> cut = rtpg_of("istgt_rtpg_allocation_length_12.hex");
    const auto rtpg = scsi::parse_report_target_port_groups(view(cut));
    REQUIRE(rtpg);
    CHECK(ident::alua_state_of(p1, *rtpg).error() == errc::descriptor_overrun);
}

} // namespace test_ident_path_identity_test
