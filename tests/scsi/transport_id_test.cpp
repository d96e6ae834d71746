// SPDX-License-Identifier: MIT
#include <mpio/scsi/transport_id.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_transport_id_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio::mutable_byte_view;
namespace scsi = mpio::scsi;

namespace {

// Fibre Channel, WWPN 21:00:00:24:ff:4b:bc:30.
constexpr byte fc_id[] = {0x00, 0,    0,    0,    0, 0, 0, 0, 0x21, 0x00, 0x00, 0x24,
                          0xff, 0x4b, 0xbc, 0x30, 0, 0, 0, 0, 0,    0,    0,    0};
// SAS address 5000c50012345678.
constexpr byte sas_id[] = {0x06, 0, 0, 0, 0x50, 0x00, 0xc5, 0x00, 0x12, 0x34, 0x56, 0x78,
                           0,    0, 0, 0, 0,    0,    0,    0,    0,    0,    0,    0};
// iSCSI format 00b: "iqn.1994-05.com.redhat:a" (24 chars + NUL -> 28).
constexpr byte iscsi_name_id[] = {0x05, 0,   0x00, 0x1c, 'i', 'q', 'n', '.', '1', '9', '9', '4', '-', '0', '5', '.',
                                  'c',  'o', 'm',  '.',  'r', 'e', 'd', 'h', 'a', 't', ':', 'a', 0,   0,   0,   0};
// iSCSI format 01b: "iqn.x" ",i,0x" "23d000000001" NUL, padded to 24.
constexpr byte iscsi_isid_id[] = {0x45, 0,   0x00, 0x18, 'i', 'q', 'n', '.', 'x', ',', 'i', ',', '0', 'x',
                                  '2',  '3', 'd',  '0',  '0', '0', '0', '0', '0', '0', '0', '1', 0,   0};

template <std::size_t N>
constexpr std::array<byte, N> with(const byte (&src)[N], std::size_t at, byte value) noexcept
{
    std::array<byte, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = src[i];
    a[at] = value;
    return a;
}

template <std::size_t N>
constexpr std::array<byte, N> with(std::array<byte, N> a, std::size_t at, byte value) noexcept
{
    a[at] = value;
    return a;
}

template <std::size_t N>
constexpr byte_view view(const std::array<byte, N>& a) noexcept
{
    return {a.data(), N};
}

constexpr bool iscsi_round_trip() noexcept
{
    std::array<byte, 64> buf{};
    const auto n = scsi::build_iscsi_transport_id(mutable_byte_view(buf.data(), buf.size()), "iqn.x", 0x23d000000001);
    if (!n || *n != 28) return false;
    const auto id = scsi::parse_transport_id(byte_view(buf.data(), *n));
    return id && id->iscsi_name().equals("iqn.x") && id->isid().equals("23d000000001") &&
           *id->isid_value() == 0x23d000000001;
}

} // namespace

TEST_CASE("transport_id: fixed-size formats", "[transport_id][constexpr]")
{
    constexpr auto fc = scsi::parse_transport_id(fc_id);
    STATIC_REQUIRE(fc.has_value());
    STATIC_REQUIRE(fc->protocol() == scsi::protocol_identifier::fcp);
    STATIC_REQUIRE(fc->size() == 24);
    STATIC_REQUIRE(fc->n_port_name() == 0x21000024ff4bbc30u);

    constexpr auto sas = scsi::parse_transport_id(sas_id);
    STATIC_REQUIRE(sas->protocol() == scsi::protocol_identifier::sas);
    STATIC_REQUIRE(sas->sas_address() == 0x5000c50012345678u);

    // Bytes past the TransportID are not part of it.
    constexpr byte fc_and_more[] = {0x00, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA};
    STATIC_REQUIRE(scsi::parse_transport_id(fc_and_more)->size() == 24);
    // Cut short.
    STATIC_REQUIRE(scsi::parse_transport_id(byte_view(fc_id).first(23)).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_transport_id(byte_view{}).error() == errc::too_short);
    // A format code other than 00b for a fixed-size protocol.
    STATIC_REQUIRE(scsi::parse_transport_id(view(with(fc_id, 0, 0x40))).error() == errc::unsupported_format);
    // Protocols with no TransportID in SPC: SSA, ADT, ATA, UAS, PCIe, none, reserved.
    for (const int p : {0x2, 0x7, 0x8, 0x9, 0xB, 0xC, 0xF})
        CHECK(scsi::parse_transport_id(view(with(fc_id, 0, static_cast<byte>(p)))).error() == errc::unsupported_format);
}

TEST_CASE("transport_id: builders round-trip every protocol", "[transport_id]")
{
    std::array<byte, 80> buf{};
    const mutable_byte_view out(buf.data(), buf.size());

    REQUIRE(*scsi::build_fc_transport_id(out, 0x21000024ff4bbc30u) == 24);
    CHECK(byte_view(buf.data(), 24) == byte_view(fc_id));

    REQUIRE(*scsi::build_sas_transport_id(out, 0x5000c50012345678u) == 24);
    CHECK(byte_view(buf.data(), 24) == byte_view(sas_id));

    REQUIRE(*scsi::build_spi_transport_id(out, 7, 2) == 24);
    auto id = scsi::parse_transport_id(byte_view(buf.data(), 24));
    REQUIRE(id);
    CHECK(id->protocol() == scsi::protocol_identifier::spi);
    CHECK(id->scsi_address() == 7);
    CHECK(id->relative_target_port_identifier() == 2);

    REQUIRE(*scsi::build_sbp_transport_id(out, 0x0011223344556677u) == 24);
    id = scsi::parse_transport_id(byte_view(buf.data(), 24));
    CHECK(id->protocol() == scsi::protocol_identifier::sbp);
    CHECK(id->eui64_name() == 0x0011223344556677u);

    constexpr byte port[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x00, 0x02, 0xc9, 0x03, 0x00, 0x0a, 0xbc, 0xde};
    REQUIRE(*scsi::build_srp_transport_id(out, port) == 24);
    id = scsi::parse_transport_id(byte_view(buf.data(), 24));
    CHECK(id->protocol() == scsi::protocol_identifier::srp);
    CHECK(id->initiator_port_identifier() == byte_view(port));
    CHECK(scsi::build_srp_transport_id(out, byte_view(port).first(15)).error() == errc::invalid_argument);

    REQUIRE(*scsi::build_sop_transport_id(out, 0x0310) == 24);
    id = scsi::parse_transport_id(byte_view(buf.data(), 24));
    CHECK(id->protocol() == scsi::protocol_identifier::sop);
    CHECK(id->routing_id() == 0x0310);

    REQUIRE(*scsi::build_iscsi_transport_id(out, "iqn.1994-05.com.redhat:a") == 32);
    CHECK(byte_view(buf.data(), 32) == byte_view(iscsi_name_id));
    REQUIRE(*scsi::build_iscsi_transport_id(out, "iqn.x", 0x23d000000001) == 28);
    CHECK(byte_view(buf.data(), 28) == byte_view(iscsi_isid_id));
    // A short name is padded to the minimum ADDITIONAL LENGTH of 20.
    REQUIRE(*scsi::build_iscsi_transport_id(out, "a") == 24);
    CHECK(scsi::parse_transport_id(byte_view(buf.data(), 24))->iscsi_name().equals("a"));

    // Buffer too small: nothing written.
    std::array<byte, 23> small{};
    small.fill(0x5A);
    CHECK(scsi::build_fc_transport_id(mutable_byte_view(small.data(), small.size()), 1).error() ==
          errc::buffer_too_small);
    CHECK(small[0] == 0x5A);
    // Bad iSCSI names and ISIDs.
    CHECK(scsi::build_iscsi_transport_id(out, "").error() == errc::invalid_argument);
    CHECK(scsi::build_iscsi_transport_id(out, nullptr).error() == errc::invalid_argument);
    CHECK(scsi::build_iscsi_transport_id(out, "a,b").error() == errc::invalid_argument);
    CHECK(scsi::build_iscsi_transport_id(out, "a b").error() == errc::invalid_argument);
    CHECK(scsi::build_iscsi_transport_id(out, "a", 0x1000000000000).error() == errc::invalid_argument);
    const std::string long_name(70000, 'n');
    CHECK(scsi::build_iscsi_transport_id(out, long_name.c_str()).error() == errc::invalid_argument);
}

TEST_CASE("transport_id: iSCSI both formats", "[transport_id][constexpr]")
{
    constexpr auto name = scsi::parse_transport_id(iscsi_name_id);
    STATIC_REQUIRE(name.has_value());
    STATIC_REQUIRE(name->iscsi_format() == scsi::iscsi_transport_id_format::name);
    STATIC_REQUIRE(name->additional_length() == 28);
    STATIC_REQUIRE(name->iscsi_name().equals("iqn.1994-05.com.redhat:a"));
    STATIC_REQUIRE(name->isid().empty());
    STATIC_REQUIRE(name->isid_value().error() == errc::not_found);

    constexpr auto isid = scsi::parse_transport_id(iscsi_isid_id);
    STATIC_REQUIRE(isid.has_value());
    STATIC_REQUIRE(isid->iscsi_format() == scsi::iscsi_transport_id_format::name_and_isid);
    STATIC_REQUIRE(isid->iscsi_name().equals("iqn.x"));
    STATIC_REQUIRE(isid->isid().equals("23d000000001"));
    STATIC_REQUIRE(*isid->isid_value() == 0x23d000000001u);
    STATIC_REQUIRE(iscsi_round_trip());

    // Upper-case separator letters are accepted.
    static constexpr auto upper = with(with(iscsi_isid_id, 10, 'I'), 13, 'X');
    STATIC_REQUIRE(scsi::parse_transport_id(view(upper))->isid().equals("23d000000001"));
    // ISID text that is not hex.
    STATIC_REQUIRE(scsi::parse_transport_id(view(with(iscsi_isid_id, 14, 'g')))->isid_value().error() ==
                   errc::reserved_value);
    // Format 01b without a separator.
    STATIC_REQUIRE(scsi::parse_transport_id(view(with(iscsi_name_id, 0, 0x45))).error() == errc::unsupported_format);
    // Format 10b / 11b.
    STATIC_REQUIRE(scsi::parse_transport_id(view(with(iscsi_name_id, 0, 0x85))).error() == errc::unsupported_format);
    // ADDITIONAL LENGTH not a multiple of 4, or under 20.
    STATIC_REQUIRE(scsi::parse_transport_id(view(with(iscsi_name_id, 3, 0x1b))).error() == errc::length_mismatch);
    STATIC_REQUIRE(scsi::parse_transport_id(view(with(iscsi_name_id, 3, 0x10))).error() == errc::length_mismatch);
    // ADDITIONAL LENGTH past the buffer.
    STATIC_REQUIRE(scsi::parse_transport_id(view(with(iscsi_name_id, 3, 0x20))).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_transport_id(byte_view(iscsi_name_id).first(3)).error() == errc::too_short);
    // No NUL inside ADDITIONAL LENGTH.
    static constexpr auto unterminated = with(with(with(with(iscsi_name_id, 28, 'x'), 29, 'x'), 30, 'x'), 31, 'x');
    STATIC_REQUIRE(scsi::parse_transport_id(view(unterminated)).error() == errc::length_mismatch);
}

TEST_CASE("transport_id: lists", "[transport_id][constexpr]")
{
    static constexpr auto two = [] {
        std::array<byte, 24 + 32> a{};
        for (std::size_t i = 0; i < 24; ++i) a[i] = fc_id[i];
        for (std::size_t i = 0; i < 32; ++i) a[24 + i] = iscsi_name_id[i];
        return a;
    }();
    constexpr scsi::transport_id_list list(view(two));
    STATIC_REQUIRE(list.status().ok());
    STATIC_REQUIRE(list.status().count == 2);
    STATIC_REQUIRE(list.at(1)->iscsi_name().equals("iqn.1994-05.com.redhat:a"));

    // The second one cut: the first stays usable.
    constexpr scsi::transport_id_list cut(view(two).first(40));
    STATIC_REQUIRE(cut.status().count == 1);
    STATIC_REQUIRE(cut.status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(cut.status().offset == 24);
    // An unterminated iSCSI name stops the walk.
    static constexpr auto bad = with(with(with(with(two, 52, 'x'), 53, 'x'), 54, 'x'), 55, 'x');
    STATIC_REQUIRE(scsi::transport_id_list(view(bad)).status().error == errc::length_mismatch);
}

} // namespace test_scsi_transport_id_test
