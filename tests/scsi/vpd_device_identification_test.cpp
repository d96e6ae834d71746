// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_device_identification.hpp>

#include <mpio/core/fixed_text.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_device_identification_test {

using mpio::ascii_view;
using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;
using scsi::association;
using scsi::code_set;
using scsi::designator_type;
using scsi::protocol_identifier;

namespace {

std::string hex(byte_view bytes)
{
    mpio::fixed_text<128> text;
    text.append_hex(bytes);
    REQUIRE_FALSE(text.overflowed());
    return text.c_str();
}
std::string text(ascii_view a)
{
    mpio::fixed_text<128> t;
    t.append(a, mpio::unprintable::hex_escape);
    return t.c_str();
}

// tests/data/sg3_utils-inhex/vpd_dev_id.hex: a SAS disk (Seagate OUI 000C50h).
constexpr byte sas_disk[] = {
    0x00, 0x83, 0x00, 0x48,                                                                     // header
    0x01, 0x03, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b,                     // LU NAA 5
    0x61, 0x93, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x29,                     // port NAA 5
    0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,                                             // relative port 1
    0x61, 0xa3, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x28,                     // device NAA 5
    0x03, 0x28, 0x00, 0x18, 'n',  'a',  'a',  '.',  '5',  '0',  '0',  '0',  'C', '5', '0', '0', // device name
    '3',  '0',  '1',  '1',  'C',  'B',  '2',  '8',  0x00, 0x00, 0x00, 0x00,
};

// tests/data/sg3_utils-inhex/vpd_di_old_emc_symm.hex: pre-SPC-2 layout.
constexpr byte emc_symmetrix[] = {0x00, 0x83, 0x00, 0x10, 0x60, 0x06, 0x04, 0x80, 0x00, 0x12,
                                  0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56};

// The later Symmetrix (DMX) page from the same file's comment: same
// identifier, with a descriptor header.
constexpr byte emc_dmx[] = {0x00, 0x83, 0x00, 0x14, 0x01, 0x03, 0x00, 0x10, 0x60, 0x06, 0x04, 0x80,
                            0x00, 0x01, 0x90, 0x10, 0x31, 0x89, 0x53, 0x30, 0x30, 0x34, 0x38, 0x34};

constexpr std::size_t count(const scsi::designation_descriptor_list& list) noexcept
{
    std::size_t n = 0;
    for (const scsi::designation_descriptor d : list) {
        static_cast<void>(d);
        ++n;
    }
    return n;
}

// One descriptor in a page of its own, for the typed decoder tests.
template <std::size_t N>
struct one_descriptor {
    byte bytes[4 + N]{};
    constexpr scsi::designation_descriptor descriptor() const noexcept
    {
        return *scsi::parse_device_identification(bytes)->designators().begin();
    }
};
template <std::size_t N>
constexpr one_descriptor<N> make(byte byte0, byte byte1, const byte (&designator)[N]) noexcept
{
    static_assert(N + 4 <= 255);
    one_descriptor<N> d;
    d.bytes[0] = 0x00;
    d.bytes[1] = 0x83;
    d.bytes[2] = 0x00;
    d.bytes[3] = static_cast<byte>(N);
    d.bytes[4] = byte0;
    d.bytes[5] = byte1;
    d.bytes[6] = 0x00;
    d.bytes[7] = static_cast<byte>(N - 4);
    for (std::size_t i = 4; i < N; ++i) d.bytes[4 + i] = designator[i];
    return d;
}
// make(b0, b1, {h0, h1, h2, h3, designator...}): the first four array bytes
// are placeholders for the header the helper writes.
constexpr byte hdr = 0xEE;

} // namespace

// ------------------------------------------------------------ compile time

TEST_CASE("vpd_device_identification: SAS disk at compile time", "[scsi][vpd_device_identification]")
{
    constexpr auto page = scsi::parse_device_identification(sas_disk);
    STATIC_REQUIRE(page.has_value());
    STATIC_REQUIRE(page->page_code() == 0x83);
    STATIC_REQUIRE(page->page_length() == 72);
    STATIC_REQUIRE(!page->truncated());
    STATIC_REQUIRE(page->required_allocation_length() == 76);
    STATIC_REQUIRE(page->layout() == scsi::device_identification_layout::designation_descriptors);
    STATIC_REQUIRE(page->legacy_identifier().empty());
    STATIC_REQUIRE(page->designation_descriptor_bytes().size() == 72);
    STATIC_REQUIRE(count(page->designators()) == 5);
    STATIC_REQUIRE(page->designators().status().ok());

    constexpr auto lu = page->designators().at(0);
    STATIC_REQUIRE(lu->offset() == 0);
    STATIC_REQUIRE(lu->code_set() == code_set::binary);
    STATIC_REQUIRE(lu->protocol_identifier() == protocol_identifier::fcp); // the field is 0 ...
    STATIC_REQUIRE(!lu->protocol_identifier_valid());                      // ... and means nothing
    STATIC_REQUIRE(!lu->piv());
    STATIC_REQUIRE(lu->association() == association::logical_unit);
    STATIC_REQUIRE(lu->designator_type() == designator_type::naa);
    STATIC_REQUIRE(lu->designator_length() == 8);
    STATIC_REQUIRE(lu->designator().size() == 8);
    STATIC_REQUIRE(lu->bytes().size() == 12);
    STATIC_REQUIRE(lu->as_naa()->naa() == scsi::naa_format::ieee_registered);
    STATIC_REQUIRE(lu->as_naa()->ieee_company_id() == 0x000c50);
    STATIC_REQUIRE(lu->as_naa()->vendor_specific_identifier() == 0x03011cb2b);
    STATIC_REQUIRE(lu->as_naa()->vendor_specific_identifier_extension() == 0);

    constexpr auto port = page->find(association::target_port, designator_type::relative_target_port);
    STATIC_REQUIRE(port->offset() == 24);
    STATIC_REQUIRE(port->piv());
    STATIC_REQUIRE(port->protocol_identifier_valid());
    STATIC_REQUIRE(port->protocol_identifier() == protocol_identifier::sas);
    STATIC_REQUIRE(*port->as_relative_target_port() == 1);

    constexpr auto name = page->find(association::target_device, designator_type::scsi_name_string);
    STATIC_REQUIRE(name->code_set() == code_set::utf8);
    STATIC_REQUIRE(name->as_scsi_name_string()->name().equals("naa.5000C5003011CB28"));
    STATIC_REQUIRE(name->as_scsi_name_string()->null_terminated());
    STATIC_REQUIRE(name->as_scsi_name_string()->padded());

    STATIC_REQUIRE(page->find(association::target_port, designator_type::target_port_group).error() == errc::not_found);
}

TEST_CASE("vpd_device_identification: pre-SPC-2 layout at compile time", "[scsi][vpd_device_identification]")
{
    constexpr auto page = scsi::parse_device_identification(emc_symmetrix);
    STATIC_REQUIRE(page->layout() == scsi::device_identification_layout::pre_spc2);
    STATIC_REQUIRE(page->legacy_identifier().size() == 16);
    STATIC_REQUIRE(count(page->designators()) == 0);
    STATIC_REQUIRE(page->designators().status().error == errc::legacy_layout);
    STATIC_REQUIRE(page->designators().begin().error() == errc::legacy_layout);
    STATIC_REQUIRE(page->designators().at(0).error() == errc::legacy_layout);
    STATIC_REQUIRE(page->find(association::logical_unit, designator_type::naa).error() == errc::legacy_layout);

    // As sg_inq decodes it: NAA 6, IEEE company id 006048h (EMC).
    constexpr auto naa = scsi::parse_naa_designator(page->legacy_identifier());
    STATIC_REQUIRE(naa->naa() == scsi::naa_format::ieee_registered_extended);
    STATIC_REQUIRE(naa->ieee_company_id() == 0x006048);
    STATIC_REQUIRE(naa->vendor_specific_identifier() == 0x123456);
    STATIC_REQUIRE(naa->vendor_specific_identifier_extension() == 0x789abcdef0123456);

    // A response cut after 8 bytes is still recognised (PAGE LENGTH decides).
    constexpr auto cut = scsi::parse_device_identification(byte_view(emc_symmetrix, 8));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->layout() == scsi::device_identification_layout::pre_spc2);

    // The later model's page, with the descriptor header: standard layout.
    constexpr auto dmx = scsi::parse_device_identification(emc_dmx);
    STATIC_REQUIRE(dmx->layout() == scsi::device_identification_layout::designation_descriptors);
    STATIC_REQUIRE(dmx->find(association::logical_unit, designator_type::naa)->as_naa()->ieee_company_id() == 0x006048);
}

TEST_CASE("vpd_device_identification: a stray reserved byte is not a legacy page", "[scsi][vpd_device_identification]")
{
    // Byte 2 of the first descriptor (reserved) is 04h, but its length fits:
    // a conforming list with a reserved bit set, read normally.
    static constexpr byte stray[] = {0x00, 0x83, 0x00, 0x0c, 0x01, 0x03, 0x04, 0x08,
                                     0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b};
    constexpr auto page = scsi::parse_device_identification(stray);
    STATIC_REQUIRE(page->layout() == scsi::device_identification_layout::designation_descriptors);
    STATIC_REQUIRE(count(page->designators()) == 1);
    STATIC_REQUIRE(page->designators().status().ok());
}

TEST_CASE("vpd_device_identification: overrun and truncation", "[scsi][vpd_device_identification]")
{
    // The second descriptor claims 9 bytes, 8 follow: it stops the walk, the
    // first stays usable.
    static constexpr byte overrun[] = {0x00, 0x83, 0x00, 0x18, 0x01, 0x03, 0x00, 0x08, 0x50, 0x00,
                                       0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b, 0x61, 0x93, 0x00, 0x09,
                                       0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x29};
    constexpr auto page = scsi::parse_device_identification(overrun);
    STATIC_REQUIRE(!page->truncated());
    STATIC_REQUIRE(count(page->designators()) == 1);
    STATIC_REQUIRE(page->designators().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(page->designators().status().offset == 12);
    STATIC_REQUIRE(page->designators().status().count == 1);
    STATIC_REQUIRE(page->designators().at(0)->as_naa()->ieee_company_id() == 0x000c50);
    STATIC_REQUIRE(page->designators().at(1).error() == errc::descriptor_overrun);
    // Found before the bad entry; not found because of it.
    STATIC_REQUIRE(page->find(association::logical_unit, designator_type::naa).has_value());
    STATIC_REQUIRE(page->find(association::target_port, designator_type::naa).error() == errc::descriptor_overrun);

    // A descriptor longer than PAGE LENGTH but within the buffer: the page
    // ends at PAGE LENGTH, so it overruns the page.
    constexpr byte past_page[] = {0x00, 0x83, 0x00, 0x08, 0x01, 0x03, 0x00, 0x08,
                                  0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b};
    STATIC_REQUIRE(scsi::parse_device_identification(past_page)->designators().status().error ==
                   errc::descriptor_overrun);

    // Truncated responses: the complete descriptors are usable.
    constexpr auto cut = scsi::parse_device_identification(byte_view(sas_disk, 40));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 76);
    STATIC_REQUIRE(count(cut->designators()) == 3);
    STATIC_REQUIRE(cut->designators().status().error == errc::descriptor_overrun);
    constexpr auto stub = scsi::parse_device_identification(byte_view(sas_disk, 18));
    STATIC_REQUIRE(count(stub->designators()) == 1);
    STATIC_REQUIRE(stub->designators().status().error == errc::too_short);

    // Errors of the page itself.
    STATIC_REQUIRE(scsi::parse_device_identification(byte_view(sas_disk, 3)).error() == errc::too_short);
    constexpr byte serial[] = {0x00, 0x80, 0x00, 0x01, 0x41};
    STATIC_REQUIRE(scsi::parse_device_identification(serial).error() == errc::wrong_page_code);

    // An empty list is a valid page with nothing in it.
    constexpr byte empty[] = {0x00, 0x83, 0x00, 0x00};
    STATIC_REQUIRE(count(scsi::parse_device_identification(empty)->designators()) == 0);
    STATIC_REQUIRE(scsi::parse_device_identification(empty)->designators().status().ok());
    STATIC_REQUIRE(
        scsi::parse_device_identification(empty)->find(association::logical_unit, designator_type::naa).error() ==
        errc::not_found);
}

// ----------------------------------------------------------- typed decoders

TEST_CASE("vpd_device_identification: NAA formats and lengths", "[scsi][vpd_device_identification]")
{
    // NAA 2 IEEE Extended: A = 123h, company 456789h, B = ABCDEFh.
    constexpr auto naa2 = make(0x01, 0x03, {hdr, hdr, hdr, hdr, 0x21, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef});
    STATIC_REQUIRE(naa2.descriptor().as_naa()->naa() == scsi::naa_format::ieee_extended);
    STATIC_REQUIRE(naa2.descriptor().as_naa()->vendor_specific_identifier_a() == 0x123);
    STATIC_REQUIRE(naa2.descriptor().as_naa()->ieee_company_id() == 0x456789);
    STATIC_REQUIRE(naa2.descriptor().as_naa()->vendor_specific_identifier_b() == 0xabcdef);
    STATIC_REQUIRE(naa2.descriptor().as_naa()->vendor_specific_identifier() == 0);

    constexpr auto naa3 = make(0x01, 0x03, {hdr, hdr, hdr, hdr, 0x3f, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef});
    STATIC_REQUIRE(naa3.descriptor().as_naa()->naa() == scsi::naa_format::locally_assigned);
    STATIC_REQUIRE(naa3.descriptor().as_naa()->locally_administered_value() == 0xf23456789abcdef);
    STATIC_REQUIRE(naa3.descriptor().as_naa()->ieee_company_id() == 0);

    // Wrong lengths for the NAA value.
    constexpr auto naa5_long = make(0x01, 0x03, {hdr,  hdr,  hdr,  hdr,  0x51, 0x22, 0x33, 0x44, 0x55, 0x66,
                                                 0x77, 0x88, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
    STATIC_REQUIRE(naa5_long.descriptor().as_naa().error() == errc::length_mismatch);
    constexpr auto naa6_short = make(0x01, 0x03, {hdr, hdr, hdr, hdr, 0x61, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
    STATIC_REQUIRE(naa6_short.descriptor().as_naa().error() == errc::length_mismatch);
    // NAA 1 (IEEE 48-bit in Fibre Channel) is reserved in SPC.
    constexpr auto naa1 = make(0x01, 0x03, {hdr, hdr, hdr, hdr, 0x10, 0x00, 0x00, 0x60, 0x69, 0x00, 0x00, 0x01});
    STATIC_REQUIRE(naa1.descriptor().as_naa().error() == errc::reserved_value);
    STATIC_REQUIRE(scsi::parse_naa_designator(byte_view{}).error() == errc::length_mismatch);
    // An NAA designator in ASCII is not the binary NAA format.
    constexpr auto naa_ascii = make(0x02, 0x03, {hdr, hdr, hdr, hdr, 0x51, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
    STATIC_REQUIRE(naa_ascii.descriptor().as_naa().error() == errc::unsupported_format);
    // Asked for another type.
    STATIC_REQUIRE(naa2.descriptor().as_eui64().error() == errc::wrong_designator_type);
    STATIC_REQUIRE(naa2.descriptor().as_uuid().error() == errc::wrong_designator_type);
}

TEST_CASE("vpd_device_identification: the other designator types", "[scsi][vpd_device_identification]")
{
    // T10 vendor ID: at least the 8-byte vendor.
    constexpr auto t10 = make(0x02, 0x01, {hdr, hdr, hdr, hdr, 'A', 'B', 'C', ' ', ' ', ' ', ' ', ' ', 'X', 'Y'});
    STATIC_REQUIRE(t10.descriptor().as_t10_vendor_id()->t10_vendor_identification().trim_right().equals("ABC"));
    STATIC_REQUIRE(t10.descriptor().as_t10_vendor_id()->vendor_specific_identifier().size() == 2);
    constexpr auto t10_short = make(0x02, 0x01, {hdr, hdr, hdr, hdr, 'A', 'B', 'C', ' ', ' ', ' ', ' '});
    STATIC_REQUIRE(t10_short.descriptor().as_t10_vendor_id().error() == errc::length_mismatch);
    constexpr auto t10_bare = make(0x02, 0x01, {hdr, hdr, hdr, hdr, 'A', 'B', 'C', ' ', ' ', ' ', ' ', ' '});
    STATIC_REQUIRE(t10_bare.descriptor().as_t10_vendor_id()->vendor_specific_identifier().empty());

    // EUI-64: 8, 12 or 16 bytes.
    constexpr auto eui10 =
        make(0x01, 0x02, {hdr, hdr, hdr, hdr, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa});
    STATIC_REQUIRE(eui10.descriptor().as_eui64().error() == errc::length_mismatch);

    // The 2-byte values are 4 bytes long.
    constexpr auto rtp = make(0x61, 0x94, {hdr, hdr, hdr, hdr, 0xff, 0xff, 0x12, 0x34});
    STATIC_REQUIRE(*rtp.descriptor().as_relative_target_port() == 0x1234); // bytes 0..1 obsolete
    STATIC_REQUIRE(rtp.descriptor().as_target_port_group().error() == errc::wrong_designator_type);
    constexpr auto rtp_short = make(0x61, 0x94, {hdr, hdr, hdr, hdr, 0x00, 0x01});
    STATIC_REQUIRE(rtp_short.descriptor().as_relative_target_port().error() == errc::length_mismatch);
    constexpr auto tpg = make(0x01, 0x15, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x80, 0x01});
    STATIC_REQUIRE(*tpg.descriptor().as_target_port_group() == 0x8001);
    constexpr auto lug = make(0x01, 0x06, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x07, 0x00});
    STATIC_REQUIRE(lug.descriptor().as_logical_unit_group().error() == errc::length_mismatch);
    constexpr auto lug_text = make(0x02, 0x06, {hdr, hdr, hdr, hdr, '0', '0', '0', '7'});
    STATIC_REQUIRE(lug_text.descriptor().as_logical_unit_group().error() == errc::unsupported_format);

    // MD5: 16 bytes.
    constexpr auto md5_short =
        make(0x01, 0x07, {hdr, hdr, hdr, hdr, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    STATIC_REQUIRE(md5_short.descriptor().as_md5_logical_unit_identifier().error() == errc::length_mismatch);

    // SCSI name string: not empty, UTF-8 or ASCII.
    constexpr auto name_empty = make(0x03, 0x08, {hdr, hdr, hdr, hdr});
    STATIC_REQUIRE(name_empty.descriptor().as_scsi_name_string().error() == errc::length_mismatch);
    constexpr auto name_ascii = make(0x02, 0x08, {hdr, hdr, hdr, hdr, 'e', 'u', 'i', '.', '1', '2', 0, 0});
    STATIC_REQUIRE(name_ascii.descriptor().as_scsi_name_string()->name().equals("eui.12"));
    STATIC_REQUIRE(name_ascii.descriptor().as_scsi_name_string()->padded());
    constexpr auto name_binary = make(0x01, 0x08, {hdr, hdr, hdr, hdr, 'e', 'u', 'i', '.', '1', '2', 0, 0});
    STATIC_REQUIRE(name_binary.descriptor().as_scsi_name_string().error() == errc::unsupported_format);
    // Garbage after the terminator: terminated, not padded.
    constexpr auto name_junk = make(0x03, 0x08, {hdr, hdr, hdr, hdr, 'e', 'u', 'i', '.', '1', 0, 'x', 0});
    STATIC_REQUIRE(name_junk.descriptor().as_scsi_name_string()->name().equals("eui.1"));
    STATIC_REQUIRE(name_junk.descriptor().as_scsi_name_string()->null_terminated());
    STATIC_REQUIRE(!name_junk.descriptor().as_scsi_name_string()->padded());

    // UUID: 18 bytes.
    constexpr auto uuid_short =
        make(0x01, 0x0a, {hdr, hdr, hdr, hdr, 0x10, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    STATIC_REQUIRE(uuid_short.descriptor().as_uuid().error() == errc::length_mismatch);
    constexpr auto uuid_other =
        make(0x01, 0x0a, {hdr, hdr, hdr, hdr, 0x20, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    STATIC_REQUIRE(uuid_other.descriptor().as_uuid()->uuid_type() == 2); // reserved type, reported as is
    STATIC_REQUIRE(!uuid_other.descriptor().as_uuid()->locally_assigned());
    STATIC_REQUIRE(uuid_other.descriptor().as_uuid()->uuid()[15] == 16);
}

TEST_CASE("vpd_device_identification: protocol specific port identifiers", "[scsi][vpd_device_identification]")
{
    constexpr auto usb = make(0x91, 0x99, {hdr, hdr, hdr, hdr, 0x84, 0x00, 0x02, 0x00});
    STATIC_REQUIRE(usb.descriptor().as_usb_target_port()->device_address() == 4); // bit 7 reserved
    STATIC_REQUIRE(usb.descriptor().as_usb_target_port()->interface_number() == 2);
    STATIC_REQUIRE(usb.descriptor().as_pcie_routing_id().error() == errc::wrong_designator_type);

    // PIV 0: the protocol is unknown, so is the format.
    constexpr auto usb_no_piv = make(0x91, 0x19, {hdr, hdr, hdr, hdr, 0x04, 0x00, 0x02, 0x00});
    STATIC_REQUIRE(usb_no_piv.descriptor().as_usb_target_port().error() == errc::unsupported_format);
    // PIV 1 but a logical unit association: the protocol identifier is not valid either.
    constexpr auto usb_lu = make(0x91, 0x89, {hdr, hdr, hdr, hdr, 0x04, 0x00, 0x02, 0x00});
    STATIC_REQUIRE(!usb_lu.descriptor().protocol_identifier_valid());
    STATIC_REQUIRE(usb_lu.descriptor().as_usb_target_port().error() == errc::unsupported_format);
    // A SAS port has no USB port identifier.
    constexpr auto sas = make(0x61, 0x99, {hdr, hdr, hdr, hdr, 0x04, 0x00, 0x02, 0x00});
    STATIC_REQUIRE(sas.descriptor().as_usb_target_port().error() == errc::wrong_designator_type);
    constexpr auto usb_long = make(0x91, 0x99, {hdr, hdr, hdr, hdr, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00});
    STATIC_REQUIRE(usb_long.descriptor().as_usb_target_port().error() == errc::length_mismatch);

    constexpr auto pcie = make(0xa1, 0xa9, {hdr, hdr, hdr, hdr, 0x5e, 0xfa, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
    STATIC_REQUIRE(pcie.descriptor().association() == association::target_device);
    STATIC_REQUIRE(pcie.descriptor().as_pcie_routing_id()->routing_id() == 0x5efa);
    STATIC_REQUIRE(pcie.descriptor().as_pcie_routing_id()->bus_number() == 0x5e);
    STATIC_REQUIRE(pcie.descriptor().as_pcie_routing_id()->device_number() == 0x1f);
    STATIC_REQUIRE(pcie.descriptor().as_pcie_routing_id()->function_number() == 2);
    STATIC_REQUIRE(pcie.descriptor().as_pcie_routing_id()->ari_function_number() == 0xfa);
    constexpr auto pcie_short = make(0xa1, 0x99, {hdr, hdr, hdr, hdr, 0x01, 0x23, 0x00, 0x00});
    STATIC_REQUIRE(pcie_short.descriptor().as_pcie_routing_id().error() == errc::length_mismatch);
}

TEST_CASE("vpd_device_identification: names of enum values", "[scsi][vpd_device_identification]")
{
    using std::string_view;
    STATIC_REQUIRE(string_view(to_string(protocol_identifier::iscsi)) == "Internet SCSI (iSCSI)");
    STATIC_REQUIRE(string_view(to_string(protocol_identifier::none)) == "no specific protocol");
    STATIC_REQUIRE(string_view(to_string(static_cast<protocol_identifier>(0xc))) == "reserved");
    STATIC_REQUIRE(string_view(to_string(code_set::utf8)) == "UTF-8");
    STATIC_REQUIRE(string_view(to_string(static_cast<code_set>(0))) == "reserved");
    STATIC_REQUIRE(string_view(to_string(static_cast<code_set>(4))) == "reserved");
    STATIC_REQUIRE(string_view(to_string(association::target_device)) == "target device");
    STATIC_REQUIRE(string_view(to_string(association::reserved)) == "reserved");
    STATIC_REQUIRE(string_view(to_string(designator_type::uuid)) == "UUID");
    STATIC_REQUIRE(string_view(to_string(static_cast<designator_type>(0xb))) == "reserved");
    STATIC_REQUIRE(string_view(to_string(scsi::naa_format::ieee_registered_extended)) == "IEEE Registered Extended");
    STATIC_REQUIRE(string_view(to_string(static_cast<scsi::naa_format>(1))) == "reserved");
    STATIC_REQUIRE(string_view(to_string(scsi::device_identification_layout::pre_spc2)) == "pre-SPC-2 bare identifier");
    for (unsigned v = 0; v < 16; ++v) {
        CHECK(to_string(static_cast<protocol_identifier>(v))[0] != '\0');
        CHECK(to_string(static_cast<code_set>(v))[0] != '\0');
        CHECK(to_string(static_cast<designator_type>(v))[0] != '\0');
        CHECK(to_string(static_cast<scsi::naa_format>(v))[0] != '\0');
    }
}

// ------------------------------------------------------------- real data

TEST_CASE("vpd_device_identification: vpd_dev_id.hex", "[scsi][vpd_device_identification][data]")
{
    const std::vector<byte> data = load("vpd_dev_id.hex");
    // Same bytes as the compile-time copy.
    CHECK(view(data) == byte_view(sas_disk));
    const auto page = scsi::parse_device_identification(view(data));
    REQUIRE(page.has_value());
    // sg_vpd --inhex=vpd_dev_id.hex, in order: LU NAA 0x5000c5003011cb2b;
    // port NAA 0x5000c5003011cb29 (SAS); relative port 0x1 (SAS); device NAA
    // 0x5000c5003011cb28 (SAS); device SCSI name string naa.5000C5003011CB28.
    struct expected {
        association assoc;
        designator_type type;
        bool protocol_valid;
        const char* designator;
    };
    const expected rows[] = {
        {association::logical_unit, designator_type::naa, false, "5000c5003011cb2b"},
        {association::target_port, designator_type::naa, true, "5000c5003011cb29"},
        {association::target_port, designator_type::relative_target_port, true, "00000001"},
        {association::target_device, designator_type::naa, true, "5000c5003011cb28"},
        {association::target_device, designator_type::scsi_name_string, false,
         "6e61612e353030304335303033303131434232380000000000"},
    };
    std::size_t i = 0;
    for (const scsi::designation_descriptor d : page->designators()) {
        REQUIRE(i < 5);
        INFO("descriptor " << i);
        CHECK(d.association() == rows[i].assoc);
        CHECK(d.designator_type() == rows[i].type);
        CHECK(d.protocol_identifier_valid() == rows[i].protocol_valid);
        if (d.protocol_identifier_valid()) CHECK(d.protocol_identifier() == protocol_identifier::sas);
        if (d.designator_type() != designator_type::scsi_name_string) CHECK(hex(d.designator()) == rows[i].designator);
        ++i;
    }
    CHECK(i == 5);
    CHECK(page->designators().status().ok());
    CHECK(
        text(
            page->find(association::target_device, designator_type::scsi_name_string)->as_scsi_name_string()->name()) ==
        "naa.5000C5003011CB28");
}

TEST_CASE("vpd_device_identification: vpd_di_all.hex, every designator type", "[scsi][vpd_device_identification][data]")
{
    for (const char* file : {"vpd_di_all.hex", "vpd_di_bad_all.hex"}) {
        INFO(file);
        const bool bad = std::string_view(file) == "vpd_di_bad_all.hex";
        const std::vector<byte> data = load(file);
        const auto page = scsi::parse_device_identification(view(data));
        REQUIRE(page.has_value());
        CHECK_FALSE(page->truncated());
        CHECK(page->layout() == scsi::device_identification_layout::designation_descriptors);
        const scsi::designation_descriptor_list list = page->designators();
        CHECK(list.status().ok());
        REQUIRE(list.status().count == 15);
        const auto at = [&](std::size_t i) { return *list.at(i); };

        // As sg_vpd --inhex=vpd_di_all.hex decodes it.
        CHECK(at(0).designator_type() == designator_type::vendor_specific);
        CHECK(hex(at(0).designator()) == "112233445566778899aabbccddeeffedcba987654321");

        const auto t10 = at(1).as_t10_vendor_id();
        CHECK(at(1).code_set() == code_set::ascii);
        CHECK(text(t10->t10_vendor_identification()) == (bad ? "ABC    \\x0a" : "ABC     "));
        CHECK(text(ascii_view(t10->vendor_specific_identifier())) == "XYZ123456789");

        const auto eui8 = at(2).as_eui64();
        CHECK(eui8->length() == 8);
        CHECK(eui8->ieee_identifier() == 0x1122334455667788);
        CHECK(eui8->ieee_company_id() == 0x112233);
        CHECK(eui8->vendor_specific_extension_identifier() == 0x4455667788);
        CHECK_FALSE(eui8->has_directory_id());
        CHECK_FALSE(eui8->has_identifier_extension());
        const auto eui12 = at(3).as_eui64();
        CHECK(eui12->ieee_identifier() == 0x1122334455667788);
        CHECK(eui12->has_directory_id());
        CHECK(eui12->directory_id() == 0x123);
        const auto eui16 = at(4).as_eui64();
        CHECK(eui16->has_identifier_extension());
        CHECK(eui16->identifier_extension() == 0x0123456789abcdef);
        CHECK(eui16->ieee_identifier() == 0x1122334455667788);
        CHECK(eui16->directory_id() == 0);

        const auto naa5 = at(5).as_naa();
        CHECK(naa5->naa() == scsi::naa_format::ieee_registered);
        CHECK(naa5->ieee_company_id() == 0x122334);
        CHECK(naa5->vendor_specific_identifier() == 0x455667788);
        const auto naa6 = at(6).as_naa();
        CHECK(naa6->naa() == scsi::naa_format::ieee_registered_extended);
        CHECK(naa6->ieee_company_id() == 0x122334);
        CHECK(naa6->vendor_specific_identifier() == 0x455667788);
        CHECK(naa6->vendor_specific_identifier_extension() == 0xaabbccddeeffeedd);
        CHECK(hex(naa6->bytes()) == "6122334455667788aabbccddeeffeedd");

        CHECK(at(7).association() == association::target_port);
        CHECK(*at(7).as_relative_target_port() == 2);
        CHECK(at(8).association() == association::target_port);
        CHECK(*at(8).as_target_port_group() == 3);
        CHECK(at(9).association() == association::logical_unit);
        CHECK(*at(9).as_logical_unit_group() == 4);
        CHECK(hex(*at(10).as_md5_logical_unit_identifier()) == "ffeeddccbbaa99887766554433221100");

        const auto name = at(11).as_scsi_name_string();
        CHECK(at(11).association() == association::target_device);
        CHECK(text(name->name()) ==
              (bad ? "iqn.5886.com.acme.diskarrays-sn-a8675309\\x0aboo" : "iqn.5886.com.acme.diskarrays-sn-a8675309"));
        CHECK_FALSE(name->null_terminated()); // the sample omits the terminator
        CHECK(name->padded());                // ... but the length is a multiple of 4

        CHECK(at(12).protocol_identifier_valid());
        CHECK(at(12).protocol_identifier() == protocol_identifier::uas);
        CHECK(at(12).as_usb_target_port()->device_address() == 4);
        CHECK(at(12).as_usb_target_port()->interface_number() == 2);
        CHECK(at(13).protocol_identifier() == protocol_identifier::sop);
        CHECK(at(13).as_pcie_routing_id()->routing_id() == 0x0123);
        CHECK(at(13).as_pcie_routing_id()->bus_number() == 1);
        CHECK(at(13).as_pcie_routing_id()->device_number() == 4);
        CHECK(at(13).as_pcie_routing_id()->function_number() == 3);
        CHECK(at(13).as_pcie_routing_id()->ari_function_number() == 0x23);

        const auto uuid = at(14).as_uuid();
        CHECK(uuid->locally_assigned());
        CHECK(hex(uuid->uuid()) == "112233445566778899aabbccddeefedc");

        // Each descriptor answers its own decoder only.
        std::size_t decoded = 0;
        for (const scsi::designation_descriptor d : list) {
            const int ok = (d.as_t10_vendor_id() ? 1 : 0) + (d.as_eui64() ? 1 : 0) + (d.as_naa() ? 1 : 0) +
                           (d.as_relative_target_port() ? 1 : 0) + (d.as_target_port_group() ? 1 : 0) +
                           (d.as_logical_unit_group() ? 1 : 0) + (d.as_md5_logical_unit_identifier() ? 1 : 0) +
                           (d.as_scsi_name_string() ? 1 : 0) + (d.as_usb_target_port() ? 1 : 0) +
                           (d.as_pcie_routing_id() ? 1 : 0) + (d.as_uuid() ? 1 : 0);
            CHECK(ok == (d.designator_type() == designator_type::vendor_specific ? 0 : 1));
            ++decoded;
        }
        CHECK(decoded == 15);

        CHECK(page->find(association::target_port, designator_type::target_port_group)->offset() == at(8).offset());
        CHECK(page->find(association::logical_unit, designator_type::eui64)->as_eui64()->length() == 8);
    }
}

TEST_CASE("vpd_device_identification: vpd_di_name_inject.hex", "[scsi][vpd_device_identification][data]")
{
    // One SCSI name string of 29 bytes (not a multiple of 4) whose padding
    // NULs ended up after it: the 3 zero bytes left in PAGE LENGTH are a
    // fragment too short for a descriptor header. sg_vpd prints the name and
    // complains about a "short designator".
    const std::vector<byte> data = load("vpd_di_name_inject.hex");
    const auto page = scsi::parse_device_identification(view(data));
    REQUIRE(page.has_value());
    const scsi::designation_descriptor_list list = page->designators();
    CHECK(list.status().count == 1);
    CHECK(list.status().error == errc::too_short);
    CHECK(list.status().offset == 33);

    const auto name = list.at(0)->as_scsi_name_string();
    REQUIRE(name.has_value());
    CHECK(list.at(0)->association() == association::logical_unit);
    // The control character is in the name; rendering escapes it.
    CHECK(text(name->name()) == "iqn.2026-05.sg3\\x0aX_SG3_PROBE=1");
    CHECK(name->name().size() == 29);
    CHECK_FALSE(name->null_terminated());
    CHECK_FALSE(name->padded());
}

TEST_CASE("vpd_device_identification: vpd_di_old_emc_symm.hex", "[scsi][vpd_device_identification][data]")
{
    const std::vector<byte> data = load("vpd_di_old_emc_symm.hex");
    CHECK(view(data) == byte_view(emc_symmetrix));
    const auto page = scsi::parse_device_identification(view(data));
    REQUIRE(page.has_value());
    CHECK(page->layout() == scsi::device_identification_layout::pre_spc2);
    CHECK(page->designators().status().error == errc::legacy_layout);
    // sg_inq -p 0x83: "[0x6006048000123456789abcdef0123456]".
    CHECK(hex(page->legacy_identifier()) == "6006048000123456789abcdef0123456");
    const auto naa = scsi::parse_naa_designator(page->legacy_identifier());
    REQUIRE(naa.has_value());
    CHECK(naa->ieee_company_id() == 0x6048);
}

TEST_CASE("vpd_device_identification: scsi_debug's page in vpd_sdeb.hex", "[scsi][vpd_device_identification][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto found = scsi::vpd_page_list(view(data)).find(0x83);
    REQUIRE(found.has_value());
    const auto page = scsi::parse_device_identification(found->bytes());
    REQUIRE(page.has_value());
    const scsi::designation_descriptor_list list = page->designators();
    CHECK(list.status().ok());
    CHECK(list.status().count == 7);

    const auto t10 = page->find(association::logical_unit, designator_type::t10_vendor_id)->as_t10_vendor_id();
    CHECK(text(t10->t10_vendor_identification()) == "Linux   ");
    CHECK(text(ascii_view(t10->vendor_specific_identifier())) == "scsi_debug      2000");

    const auto lu = page->find(association::logical_unit, designator_type::naa)->as_naa();
    CHECK(lu->naa() == scsi::naa_format::locally_assigned);
    CHECK(lu->locally_administered_value() == 0x3333330000007d0);

    CHECK(*page->find(association::target_port, designator_type::relative_target_port)->as_relative_target_port() == 1);
    CHECK(*page->find(association::target_port, designator_type::target_port_group)->as_target_port_group() == 0x100);
    CHECK(hex(page->find(association::target_port, designator_type::naa)->designator()) == "32222220000007ce");
    CHECK(hex(page->find(association::target_device, designator_type::naa)->designator()) == "32222220000007cd");
    const auto name = page->find(association::target_device, designator_type::scsi_name_string);
    CHECK(name->protocol_identifier_valid());
    CHECK(name->protocol_identifier() == protocol_identifier::sas);
    CHECK(text(name->as_scsi_name_string()->name()) == "naa.32222220000007CD");
}

TEST_CASE("vpd_device_identification: every prefix of every sample", "[scsi][vpd_device_identification][data]")
{
    for (const char* file : {"vpd_dev_id.hex", "vpd_di_all.hex", "vpd_di_bad_all.hex", "vpd_di_name_inject.hex",
                             "vpd_di_old_emc_symm.hex"}) {
        INFO(file);
        const std::vector<byte> data = load(file);
        const auto whole = scsi::parse_device_identification(view(data));
        REQUIRE(whole.has_value());
        std::size_t previous_count = 0;
        const auto check_prefix = [&](const scsi::device_identification& page, std::size_t n) {
            CHECK(page.truncated() == (n < data.size()));
            if (n >= 8) CHECK(page.layout() == whole->layout());
            std::size_t count = 0;
            for (const scsi::designation_descriptor d : page.designators()) {
                // Every yielded descriptor is whole and inside the response.
                CHECK(d.designator().size() == d.designator_length());
                CHECK(4 + d.offset() + d.bytes().size() <= n);
                // Every decoder runs (sanitizers watch the reads).
                static_cast<void>(d.as_t10_vendor_id());
                static_cast<void>(d.as_eui64());
                static_cast<void>(d.as_naa());
                static_cast<void>(d.as_relative_target_port());
                static_cast<void>(d.as_target_port_group());
                static_cast<void>(d.as_logical_unit_group());
                static_cast<void>(d.as_md5_logical_unit_identifier());
                static_cast<void>(d.as_scsi_name_string());
                static_cast<void>(d.as_usb_target_port());
                static_cast<void>(d.as_pcie_routing_id());
                static_cast<void>(d.as_uuid());
                ++count;
            }
            const mpio::list_status status = page.designators().status();
            CHECK(status.count == count);
            CHECK(count >= previous_count); // more bytes never lose a descriptor
            previous_count = count;
            if (!status.ok())
                CHECK((status.error == errc::too_short || status.error == errc::descriptor_overrun ||
                       status.error == errc::legacy_layout));
        };
        mpio_test::every_prefix(view(data), scsi::vpd_page::header_size, scsi::parse_device_identification,
                                check_prefix);
        CHECK(previous_count == whole->designators().status().count);
    }
}

TEST_CASE("vpd83: the 2-byte designators need the association SPC-6 gives them", "[scsi][vpd83][constexpr]")
{
    // Relative target port (4h) and target port group (5h) name a target
    // port: association 01b. Logical unit group (6h) names the logical unit:
    // 00b. Any other association is unsupported_format (sg3_utils rejects it
    // too), whatever the value holds.
    constexpr auto rtp_port = make(0x61, 0x94, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x02});
    constexpr auto rtp_lu = make(0x61, 0x84, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x02});
    constexpr auto rtp_device = make(0x61, 0xa4, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x02});
    constexpr auto rtp_reserved = make(0x61, 0xb4, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x02});
    STATIC_REQUIRE(*rtp_port.descriptor().as_relative_target_port() == 2);
    STATIC_REQUIRE(rtp_lu.descriptor().as_relative_target_port().error() == errc::unsupported_format);
    STATIC_REQUIRE(rtp_device.descriptor().as_relative_target_port().error() == errc::unsupported_format);
    STATIC_REQUIRE(rtp_reserved.descriptor().as_relative_target_port().error() == errc::unsupported_format);

    constexpr auto tpg_port = make(0x01, 0x15, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x01});
    constexpr auto tpg_lu = make(0x01, 0x05, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x01});
    STATIC_REQUIRE(*tpg_port.descriptor().as_target_port_group() == 1);
    STATIC_REQUIRE(tpg_lu.descriptor().as_target_port_group().error() == errc::unsupported_format);

    constexpr auto lug_lu = make(0x01, 0x06, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x07});
    constexpr auto lug_port = make(0x01, 0x16, {hdr, hdr, hdr, hdr, 0x00, 0x00, 0x00, 0x07});
    STATIC_REQUIRE(*lug_lu.descriptor().as_logical_unit_group() == 7);
    STATIC_REQUIRE(lug_port.descriptor().as_logical_unit_group().error() == errc::unsupported_format);
    // The type check still comes first.
    STATIC_REQUIRE(rtp_lu.descriptor().as_target_port_group().error() == errc::wrong_designator_type);
}

} // namespace test_scsi_vpd_device_identification_test
