// SPDX-License-Identifier: MIT
#include <mpio/scsi/inquiry.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_inquiry_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
using namespace mpio::scsi;

namespace {

// tests/data/sg3_utils-inhex/inq_standard.hex: the Linux scsi_debug driver,
// SPC-5, MULTIP, LINKED, CMDQUE, four version descriptors. `sg_inq -d
// --inhex=inq_standard.hex` prints: PQual=0 PDT=0 RMB=0 LU_CONG=0
// hot_pluggable=0 version=0x07 [SPC-5] NormACA=0 HiSUP=0 Resp_data_format=2
// SCCS=0 ACC=0 TPGS=0 3PC=0 Protect=0 EncServ=0 MultiP=1 (VS=0) Addr16=0
// WBus16=0 Sync=0 [Linked=1] CmdQue=1 Clocking=0x0 QAS=0 IUS=0 length=96,
// "Linux   " / "scsi_debug      " / "0191", version descriptors SAM-6, SPC-5,
// SBC-4, SPL-4 (no version claimed).
constexpr byte scsi_debug[] = {
    0x00, 0x00, 0x07, 0x02, 0x5b, 0x00, 0x10, 0x0a, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x20, 0x20, 0x20,
    0x73, 0x63, 0x73, 0x69, 0x5f, 0x64, 0x65, 0x62, 0x75, 0x67, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x30, 0x31, 0x39, 0x31, 0x32, 0x30, 0x32, 0x31, 0x30, 0x35, 0x32, 0x30, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x05, 0xc0, 0x06, 0x00,
    0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

// An SPC-4 array LU with every SPC bit of bytes 5..7 set, hot pluggable,
// version descriptors with a gap, and vendor specific bytes 96..99.
constexpr byte array_lu[] = {
    0x00, 0x50, 0x06, 0x32, 0x5f, 0xf9, 0x50, 0x02, 'V',  'E',  'N',  'D',  'O',  'R',  ' ',  ' ',  'A',
    'R',  'R',  'A',  'Y',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  '1',  '.',
    '0',  ' ',  0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae,
    0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0x0d, 0x00, 0x04, 0x60, 0x00, 0x00, 0x04, 0xc0, 0x00, 0x00, 0x00, 0x00,
    0x0c, 0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef,
};

// A SCSI-2 tape drive: VERSION 02h, RESPONSE DATA FORMAT 2, ADDITIONAL LENGTH
// 31 (the classic 36 bytes), byte 7 = RelAdr WBus32 WBus16 Sync Linked
// CmdQue SftRe, and the SCSI-2 AENC/TrmIOP bits.
constexpr byte scsi2_tape[] = {
    0x01, 0x80, 0x02, 0xc2, 0x1f, 0x00, 0x00, 0xfb, 'O', 'L', 'D', 'T', 'A', 'P', 'E', ' ', 'D', 'L',
    'T',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ', ' ', ' ', ' ', ' ', ' ', 'V', '1', '0', '0',
};

// A SCSI-1 disk: RESPONSE DATA FORMAT 0, ISO 0 / ECMA 1 / ANSI 1 (VERSION
// 09h, obsolete), ADDITIONAL LENGTH 4: nine bytes in all, no identification.
constexpr byte scsi1_disk[] = {0x00, 0x05, 0x09, 0x00, 0x04, 0x11, 0x22, 0x33, 0x44};

// A CCS device (format 1) that stops after the product identification
// (ADDITIONAL LENGTH 27 -> 32 bytes): no PRODUCT REVISION LEVEL.
constexpr byte ccs_short[] = {
    0x00, 0x00, 0x01, 0x01, 0x1b, 0x00, 0x00, 0x00, 'C', 'C', 'S', ' ', ' ', ' ', ' ', ' ',
    'D',  'I',  'S',  'K',  ' ',  ' ',  ' ',  ' ',  ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
};

// Logical unit not supported (PQ 011b, type 1Fh), header only.
constexpr byte no_lun[] = {0x7f, 0x00, 0x06, 0x02, 0x00};

// A 96-byte buffer holding a response that declares 36 bytes (ADDITIONAL
// LENGTH 31) followed by stale bytes of an earlier, longer response.
struct buffer96 {
    byte data[96]{};
};
constexpr buffer96 make_stale_buffer() noexcept
{
    buffer96 b;
    for (std::size_t i = 0; i < 96; ++i) b.data[i] = scsi_debug[i];
    b.data[4] = 31;
    return b;
}
constexpr buffer96 stale_buffer = make_stale_buffer();

constexpr standard_inquiry parsed(byte_view v) noexcept { return parse_standard_inquiry(v).value(); }

constexpr std::size_t sum_codes(version_descriptor_range r) noexcept
{
    std::size_t sum = 0;
    for (const version_descriptor d : r) sum += d.code;
    return sum;
}

std::string text(mpio::ascii_view v) { return std::string(v.bytes().begin(), v.bytes().end()); }

} // namespace

TEST_CASE("standard INQUIRY: scsi_debug SPC-5 96 bytes", "[scsi][inquiry]")
{
    constexpr standard_inquiry inq = parsed(scsi_debug);
    STATIC_REQUIRE(inq.returned_length() == 96);
    STATIC_REQUIRE(inq.additional_length() == 0x5b);
    STATIC_REQUIRE(inq.declared_length() == 96);
    STATIC_REQUIRE(!inq.truncated());
    STATIC_REQUIRE(inq.required_allocation_length() == 96);

    STATIC_REQUIRE(inq.peripheral_qualifier() == peripheral_qualifier::connected);
    STATIC_REQUIRE(inq.peripheral_device_type() == peripheral_device_type::direct_access_block);
    STATIC_REQUIRE(!inq.rmb());
    STATIC_REQUIRE(!inq.lu_cong());
    STATIC_REQUIRE(inq.hot_pluggable() == hot_pluggable::no_information);
    STATIC_REQUIRE(inq.version() == inquiry_version::spc_5);
    STATIC_REQUIRE(!inq.aerc());
    STATIC_REQUIRE(!inq.trmtsk());
    STATIC_REQUIRE(!inq.normaca());
    STATIC_REQUIRE(!inq.hisup());
    STATIC_REQUIRE(inq.response_data_format() == response_data_format::spc);
    STATIC_REQUIRE(!inq.legacy_layout());

    STATIC_REQUIRE(inq.has_flags());
    STATIC_REQUIRE(!inq.sccs());
    STATIC_REQUIRE(!inq.acc());
    STATIC_REQUIRE(inq.tpgs() == target_port_group_support::not_supported);
    STATIC_REQUIRE(!inq.three_pc());
    STATIC_REQUIRE(!inq.protect());
    STATIC_REQUIRE(!inq.bque());
    STATIC_REQUIRE(!inq.encserv());
    STATIC_REQUIRE(!inq.vs1());
    STATIC_REQUIRE(inq.multip());
    STATIC_REQUIRE(!inq.mchngr());
    STATIC_REQUIRE(!inq.addr16());
    STATIC_REQUIRE(!inq.wbus16());
    STATIC_REQUIRE(!inq.sync());
    STATIC_REQUIRE(inq.linked());
    STATIC_REQUIRE(inq.cmdque());
    STATIC_REQUIRE(!inq.vs2());

    STATIC_REQUIRE(inq.t10_vendor_identification().equals("Linux   "));
    STATIC_REQUIRE(inq.t10_vendor_identification_trimmed().equals("Linux"));
    STATIC_REQUIRE(inq.product_identification().equals("scsi_debug      "));
    STATIC_REQUIRE(inq.product_identification_trimmed().equals("scsi_debug"));
    STATIC_REQUIRE(inq.product_revision_level().equals("0191"));
    STATIC_REQUIRE(inq.product_revision_level_trimmed().equals("0191"));
    STATIC_REQUIRE(inq.vendor_product_identification().equals("Linux   scsi_debug      "));
    STATIC_REQUIRE(inq.vendor_specific().size() == 20);
    STATIC_REQUIRE(inq.vendor_specific()[0] == '2');
    STATIC_REQUIRE(inq.vendor_specific_2().empty());

    STATIC_REQUIRE(inq.has_spi_byte());
    STATIC_REQUIRE(inq.clocking() == spi_clocking::st_only);
    STATIC_REQUIRE(!inq.qas());
    STATIC_REQUIRE(!inq.ius());

    STATIC_REQUIRE(inq.version_descriptors().size() == 4);
    STATIC_REQUIRE(inq.version_descriptors().contains(0x00c0));
    STATIC_REQUIRE(inq.version_descriptors().contains(0x2100));
    STATIC_REQUIRE(!inq.version_descriptors().contains(0));
    STATIC_REQUIRE(sum_codes(inq.version_descriptors()) == 0x00c0 + 0x05c0 + 0x0600 + 0x2100);
    STATIC_REQUIRE(inq.version_descriptor_slots().status().ok());
    STATIC_REQUIRE(inq.version_descriptor_slots().status().count == 8);
    STATIC_REQUIRE(inq.version_descriptor_slots().at(3).value().code == 0x2100);
    STATIC_REQUIRE(inq.version_descriptor_slots().at(4).value().code == 0);
    STATIC_REQUIRE(!inq.version_descriptor_slots().at(4).value().claimed());
    STATIC_REQUIRE(inq.version_descriptor_slots().at(8).error() == errc::not_found);
}

TEST_CASE("standard INQUIRY: every SPC bit in its place", "[scsi][inquiry]")
{
    constexpr standard_inquiry inq = parsed(array_lu);
    STATIC_REQUIRE(inq.returned_length() == 100);
    STATIC_REQUIRE(!inq.truncated());
    STATIC_REQUIRE(inq.rmb() == false);
    STATIC_REQUIRE(inq.lu_cong());
    STATIC_REQUIRE(inq.hot_pluggable() == hot_pluggable::supported);
    STATIC_REQUIRE(inq.device_type_modifier() == 0x50);
    STATIC_REQUIRE(inq.version() == inquiry_version::spc_4);
    STATIC_REQUIRE(!inq.aerc());
    STATIC_REQUIRE(!inq.trmtsk());
    STATIC_REQUIRE(inq.normaca());
    STATIC_REQUIRE(inq.hisup());
    STATIC_REQUIRE(inq.response_data_format() == response_data_format::spc);
    // byte 5 = f9h: SCCS ACC TPGS=11b 3PC PROTECT, reserved bits 2..1 clear
    STATIC_REQUIRE(inq.sccs());
    STATIC_REQUIRE(inq.acc());
    STATIC_REQUIRE(inq.tpgs() == target_port_group_support::both);
    STATIC_REQUIRE(inq.three_pc());
    STATIC_REQUIRE(inq.protect());
    // byte 6 = 50h: ENCSERV MULTIP
    STATIC_REQUIRE(!inq.bque());
    STATIC_REQUIRE(inq.encserv());
    STATIC_REQUIRE(!inq.vs1());
    STATIC_REQUIRE(inq.multip());
    STATIC_REQUIRE(!inq.mchngr());
    STATIC_REQUIRE(!inq.ackreqq());
    STATIC_REQUIRE(!inq.addr32());
    STATIC_REQUIRE(!inq.addr16());
    // byte 7 = 02h: CMDQUE only
    STATIC_REQUIRE(!inq.reladr());
    STATIC_REQUIRE(!inq.wbus32());
    STATIC_REQUIRE(!inq.linked());
    STATIC_REQUIRE(!inq.trandis());
    STATIC_REQUIRE(inq.cmdque());
    STATIC_REQUIRE(!inq.vs2());
    // byte 56 = 0dh: CLOCKING 11b, IUS
    STATIC_REQUIRE(inq.clocking() == spi_clocking::st_and_dt);
    STATIC_REQUIRE(!inq.qas());
    STATIC_REQUIRE(inq.ius());

    STATIC_REQUIRE(inq.t10_vendor_identification_trimmed().equals("VENDOR"));
    STATIC_REQUIRE(inq.product_identification_trimmed().equals("ARRAY"));
    STATIC_REQUIRE(inq.product_revision_level().equals("1.0 "));
    STATIC_REQUIRE(inq.product_revision_level_trimmed().equals("1.0"));
    STATIC_REQUIRE(inq.vendor_specific().size() == 20);
    STATIC_REQUIRE(inq.vendor_specific()[0] == 0xa0);
    STATIC_REQUIRE(inq.vendor_specific()[19] == 0xb3);
    STATIC_REQUIRE(inq.vendor_specific_2().size() == 4);
    STATIC_REQUIRE(inq.vendor_specific_2()[3] == 0xef);

    // Slots 1, 3 and 6 are claimed, the others are 0000h: the range skips
    // the gaps and keeps the slot numbers.
    STATIC_REQUIRE(inq.version_descriptors().size() == 3);
    STATIC_REQUIRE((*inq.version_descriptors().begin()).slot == 0);
    STATIC_REQUIRE(inq.version_descriptor_slots().at(2).value().code == 0x04c0);
    STATIC_REQUIRE(inq.version_descriptor_slots().at(5).value().code == 0x0c60);
    STATIC_REQUIRE(sum_codes(inq.version_descriptors()) == 0x0460 + 0x04c0 + 0x0c60);

    std::vector<std::size_t> slots;
    for (const version_descriptor d : inq.version_descriptors()) slots.push_back(d.slot);
    REQUIRE(slots == std::vector<std::size_t>{0, 2, 5});
}

TEST_CASE("standard INQUIRY: each flag bit reads its own bit", "[scsi][inquiry]")
{
    // One bit at a time in bytes 5, 6 and 7: exactly one accessor is true.
    for (std::size_t byte_index = 5; byte_index <= 7; ++byte_index) {
        for (unsigned bit = 0; bit < 8; ++bit) {
            byte data[36] = {0x00, 0x00, 0x06, 0x02, 0x1f};
            data[byte_index] = static_cast<byte>(1u << bit);
            const standard_inquiry inq = parse_standard_inquiry(data).value();
            const int set = inq.sccs() + inq.acc() + (inq.tpgs() != target_port_group_support::not_supported) +
                            inq.three_pc() + inq.protect() + inq.bque() + inq.encserv() + inq.vs1() + inq.multip() +
                            inq.mchngr() + inq.ackreqq() + inq.addr32() + inq.addr16() + inq.reladr() + inq.wbus32() +
                            inq.wbus16() + inq.sync() + inq.linked() + inq.trandis() + inq.cmdque() + inq.vs2();
            const bool reserved = byte_index == 5 && (bit == 1 || bit == 2);
            CAPTURE(byte_index, bit);
            REQUIRE(set == (reserved ? 0 : 1));
        }
    }
}

TEST_CASE("standard INQUIRY: SCSI-2 SCSI-1 and CCS layouts", "[scsi][inquiry]")
{
    constexpr standard_inquiry tape = parsed(scsi2_tape);
    STATIC_REQUIRE(tape.returned_length() == 36);
    STATIC_REQUIRE(!tape.truncated());
    STATIC_REQUIRE(tape.peripheral_device_type() == peripheral_device_type::sequential_access);
    STATIC_REQUIRE(tape.rmb());
    STATIC_REQUIRE(tape.version() == inquiry_version::scsi_2);
    STATIC_REQUIRE(tape.ansi_version() == 2);
    STATIC_REQUIRE(tape.aerc());   // SCSI-2 AENC
    STATIC_REQUIRE(tape.trmtsk()); // SCSI-2 TrmIOP
    STATIC_REQUIRE(tape.response_data_format() == response_data_format::spc);
    STATIC_REQUIRE(tape.reladr());
    STATIC_REQUIRE(tape.wbus32());
    STATIC_REQUIRE(tape.wbus16());
    STATIC_REQUIRE(tape.sync());
    STATIC_REQUIRE(tape.linked());
    STATIC_REQUIRE(!tape.trandis());
    STATIC_REQUIRE(tape.cmdque());
    STATIC_REQUIRE(tape.vs2()); // SCSI-2 SftRe
    STATIC_REQUIRE(tape.t10_vendor_identification_trimmed().equals("OLDTAPE"));
    STATIC_REQUIRE(tape.product_revision_level().equals("V100"));
    STATIC_REQUIRE(tape.vendor_specific().empty());
    STATIC_REQUIRE(!tape.has_spi_byte());
    STATIC_REQUIRE(tape.version_descriptors().empty());
    STATIC_REQUIRE(tape.version_descriptor_slots().status().count == 0);

    constexpr standard_inquiry disk = parsed(scsi1_disk);
    STATIC_REQUIRE(disk.returned_length() == 9);
    STATIC_REQUIRE(!disk.truncated());
    STATIC_REQUIRE(disk.required_allocation_length() == 9);
    STATIC_REQUIRE(disk.response_data_format() == response_data_format::scsi_1);
    STATIC_REQUIRE(disk.legacy_layout());
    STATIC_REQUIRE(disk.device_type_modifier() == 0x05);
    STATIC_REQUIRE(disk.version() == static_cast<inquiry_version>(0x09));
    STATIC_REQUIRE(disk.iso_version() == 0);
    STATIC_REQUIRE(disk.ecma_version() == 1);
    STATIC_REQUIRE(disk.ansi_version() == 1);
    STATIC_REQUIRE(disk.has_flags());
    STATIC_REQUIRE(!disk.has_t10_vendor_identification());
    STATIC_REQUIRE(disk.t10_vendor_identification().empty());
    STATIC_REQUIRE(disk.t10_vendor_identification_trimmed().empty());
    STATIC_REQUIRE(!disk.has_product_identification());
    STATIC_REQUIRE(disk.product_identification().empty());
    STATIC_REQUIRE(!disk.has_product_revision_level());
    STATIC_REQUIRE(disk.vendor_product_identification().empty());
    STATIC_REQUIRE(disk.version_descriptors().empty());

    constexpr standard_inquiry ccs = parsed(ccs_short);
    STATIC_REQUIRE(ccs.returned_length() == 32);
    STATIC_REQUIRE(ccs.response_data_format() == response_data_format::ccs);
    STATIC_REQUIRE(ccs.legacy_layout());
    STATIC_REQUIRE(ccs.has_t10_vendor_identification());
    STATIC_REQUIRE(ccs.has_product_identification());
    STATIC_REQUIRE(!ccs.has_product_revision_level());
    STATIC_REQUIRE(ccs.product_revision_level().empty());
    STATIC_REQUIRE(ccs.vendor_product_identification().equals("CCS     DISK            "));

    constexpr standard_inquiry lun = parsed(no_lun);
    STATIC_REQUIRE(lun.peripheral_qualifier() == peripheral_qualifier::not_supported);
    STATIC_REQUIRE(lun.peripheral_device_type() == peripheral_device_type::unknown);
    STATIC_REQUIRE(!lun.has_flags());
    STATIC_REQUIRE(!lun.cmdque());
    STATIC_REQUIRE(lun.tpgs() == target_port_group_support::not_supported);
    STATIC_REQUIRE(lun.returned_length() == 5);
}

TEST_CASE("standard INQUIRY: short and truncated buffers", "[scsi][inquiry]")
{
    STATIC_REQUIRE(parse_standard_inquiry(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(parse_standard_inquiry(byte_view(scsi_debug, 4)).error() == errc::too_short);
    STATIC_REQUIRE(parse_standard_inquiry(byte_view(scsi_debug, 5)).has_value());

    // The classic 36-byte INQUIRY of a 96-byte response.
    constexpr standard_inquiry first36 = parsed(byte_view(scsi_debug, 36));
    STATIC_REQUIRE(first36.truncated());
    STATIC_REQUIRE(first36.required_allocation_length() == 96);
    STATIC_REQUIRE(first36.returned_length() == 36);
    STATIC_REQUIRE(first36.product_revision_level().equals("0191"));
    STATIC_REQUIRE(first36.vendor_specific().empty());
    STATIC_REQUIRE(!first36.has_spi_byte());
    STATIC_REQUIRE(first36.version_descriptors().empty());

    // Cut inside the vendor identification: it is absent, not partial.
    constexpr standard_inquiry cut12 = parsed(byte_view(scsi_debug, 12));
    STATIC_REQUIRE(cut12.truncated());
    STATIC_REQUIRE(cut12.has_flags());
    STATIC_REQUIRE(cut12.multip());
    STATIC_REQUIRE(!cut12.has_t10_vendor_identification());
    STATIC_REQUIRE(cut12.t10_vendor_identification().empty());

    // Cut inside the version descriptors: whole slots only, the half slot is
    // reported by status() and never decoded.
    constexpr standard_inquiry cut61 = parsed(byte_view(scsi_debug, 61));
    STATIC_REQUIRE(cut61.vendor_specific().size() == 20);
    STATIC_REQUIRE(cut61.version_descriptors().size() == 1);
    STATIC_REQUIRE(cut61.version_descriptor_slots().status().count == 1);
    STATIC_REQUIRE(cut61.version_descriptor_slots().status().error == errc::too_short);
    STATIC_REQUIRE(cut61.version_descriptor_slots().status().offset == 2);

    // Cut inside bytes 36..55: the vendor specific view is what was returned.
    constexpr standard_inquiry cut40 = parsed(byte_view(scsi_debug, 40));
    STATIC_REQUIRE(cut40.vendor_specific().size() == 4);

    // Fewer than 8 bytes: the flags are absent and read as false.
    constexpr standard_inquiry cut6 = parsed(byte_view(scsi_debug, 7));
    STATIC_REQUIRE(!cut6.has_flags());
    STATIC_REQUIRE(!cut6.cmdque());
    STATIC_REQUIRE(cut6.multip()); // byte 6 was returned
}

TEST_CASE("standard INQUIRY: bytes past ADDITIONAL LENGTH are not INQUIRY data", "[scsi][inquiry]")
{
    // A 96-byte buffer whose response declares 36 bytes: the rest is stale
    // buffer content and must not show up as version descriptors.
    constexpr standard_inquiry inq = parsed(stale_buffer.data);
    STATIC_REQUIRE(inq.returned_length() == 36);
    STATIC_REQUIRE(!inq.truncated());
    STATIC_REQUIRE(inq.required_allocation_length() == 36);
    STATIC_REQUIRE(inq.bytes().size() == 36);
    STATIC_REQUIRE(!inq.has_spi_byte());
    STATIC_REQUIRE(inq.version_descriptors().empty());
    STATIC_REQUIRE(inq.vendor_specific().empty());
    STATIC_REQUIRE(inq.vendor_specific_2().empty());
}

TEST_CASE("standard INQUIRY: enumeration names", "[scsi][inquiry]")
{
    REQUIRE(std::string(to_string(peripheral_qualifier::connected)) == "connected");
    REQUIRE(std::string(to_string(static_cast<peripheral_qualifier>(2))) == "reserved");
    REQUIRE(std::string(to_string(static_cast<peripheral_qualifier>(5))) == "vendor specific");
    REQUIRE(std::string(to_string(peripheral_device_type::direct_access_block)) == "direct access block device");
    REQUIRE(std::string(to_string(peripheral_device_type::well_known_logical_unit)) == "well known logical unit");
    REQUIRE(std::string(to_string(peripheral_device_type::unknown)) == "unknown or no device type");
    REQUIRE(std::string(to_string(static_cast<peripheral_device_type>(0x15))) == "reserved");
    REQUIRE(std::string(to_string(static_cast<hot_pluggable>(3))) == "reserved");
    REQUIRE(std::string(to_string(inquiry_version::spc_5)) == "SPC-5");
    REQUIRE(std::string(to_string(inquiry_version::spc_6)) == "SPC-6");
    REQUIRE(std::string(to_string(static_cast<inquiry_version>(0x08))) == "obsolete (ISO/ECMA)");
    REQUIRE(std::string(to_string(static_cast<inquiry_version>(0x42))) == "obsolete (ISO/ECMA)");
    REQUIRE(std::string(to_string(static_cast<inquiry_version>(0x8c))) == "obsolete (ISO/ECMA)");
    REQUIRE(std::string(to_string(static_cast<inquiry_version>(0x0e))) == "reserved");
    REQUIRE(std::string(to_string(static_cast<inquiry_version>(0x45))) == "reserved");
    REQUIRE(std::string(to_string(static_cast<inquiry_version>(0xff))) == "reserved");
    REQUIRE(std::string(to_string(response_data_format::ccs)) == "CCS (obsolete)");
    REQUIRE(std::string(to_string(static_cast<response_data_format>(3))) == "reserved");
    REQUIRE(std::string(to_string(target_port_group_support::implicit_only)) == "implicit only");
    REQUIRE(std::string(to_string(target_port_group_support::both)) == "implicit and explicit");
    REQUIRE(std::string(to_string(static_cast<spi_clocking>(2))) == "reserved");

    // Every value of every enumeration has a name.
    for (unsigned v = 0; v < 256; ++v) {
        REQUIRE(to_string(static_cast<peripheral_qualifier>(v & 7)) != nullptr);
        REQUIRE(to_string(static_cast<peripheral_device_type>(v & 0x1f)) != nullptr);
        REQUIRE(to_string(static_cast<inquiry_version>(v)) != nullptr);
        REQUIRE(to_string(static_cast<response_data_format>(v & 0xf)) != nullptr);
    }
}

TEST_CASE("standard INQUIRY: sg3_utils inq_standard.hex and .raw", "[scsi][inquiry][data]")
{
    const std::vector<byte> hex = load("inq_standard.hex");
    const std::vector<byte> raw = load("inq_standard.raw");
    REQUIRE(hex.size() == 96);
    REQUIRE(hex == std::vector<byte>(scsi_debug, scsi_debug + 96));
    // The .raw file is the same 96 bytes plus a trailing newline (0Ah); the
    // declared length (96) keeps that byte out of the INQUIRY data.
    REQUIRE(raw.size() == 97);
    REQUIRE(std::vector<byte>(raw.begin(), raw.begin() + 96) == hex);
    REQUIRE(raw[96] == 0x0a);

    const auto from_hex = parse_standard_inquiry(view(hex));
    const auto from_raw = parse_standard_inquiry(view(raw));
    REQUIRE(from_hex);
    REQUIRE(from_raw);
    REQUIRE(from_hex->bytes() == from_raw->bytes());
    REQUIRE(!from_raw->truncated());
    REQUIRE(from_raw->vendor_specific_2().empty());
    REQUIRE(text(from_raw->t10_vendor_identification()) == "Linux   ");
    REQUIRE(text(from_raw->product_identification_trimmed()) == "scsi_debug");
    REQUIRE(from_raw->version_descriptors().size() == 4);
}

TEST_CASE("standard INQUIRY: sg3_utils inq_emc_symm.hex - EMC Symmetrix 36 bytes", "[scsi][inquiry][data]")
{
    // sg_inq: PQual=0 PDT=0 RMB=0 version=0x05 [SPC-3] NormACA=0 HiSUP=0
    // Resp_data_format=2 SCCS=0 ACC=0 TPGS=0 3PC=0 Protect=0 EncServ=0
    // MultiP=0 Addr16=0 WBus16=1 Sync=1 [Linked=0] CmdQue=1 length=36,
    // "EMC     " / "SYMMETRIX       " / "5876". The file holds 40 bytes: the
    // 36 the ADDITIONAL LENGTH (1Fh) declares and four more spaces.
    const std::vector<byte> bytes = load("inq_emc_symm.hex");
    REQUIRE(bytes.size() == 40);
    const auto inq = parse_standard_inquiry(view(bytes));
    REQUIRE(inq);
    CHECK(!inq->truncated());
    CHECK(inq->returned_length() == 36);
    CHECK(inq->peripheral_qualifier() == peripheral_qualifier::connected);
    CHECK(inq->peripheral_device_type() == peripheral_device_type::direct_access_block);
    CHECK(inq->version() == inquiry_version::spc_3);
    CHECK(inq->response_data_format() == response_data_format::spc);
    CHECK(inq->tpgs() == target_port_group_support::not_supported);
    CHECK(!inq->multip());
    CHECK(inq->wbus16());
    CHECK(inq->sync());
    CHECK(!inq->linked());
    CHECK(inq->cmdque());
    CHECK(text(inq->t10_vendor_identification()) == "EMC     ");
    CHECK(text(inq->t10_vendor_identification_trimmed()) == "EMC");
    CHECK(text(inq->product_identification()) == "SYMMETRIX       ");
    CHECK(text(inq->product_revision_level()) == "5876");
    CHECK(text(inq->vendor_product_identification()) == "EMC     SYMMETRIX       ");
    CHECK(!inq->has_spi_byte());
    CHECK(inq->version_descriptors().empty());
    CHECK(inq->vendor_specific().empty());
}

TEST_CASE("standard INQUIRY: every prefix of a real response parses or fails cleanly", "[scsi][inquiry][data]")
{
    for (const char* name : {"inq_standard.hex", "inq_emc_symm.hex", "inq_standard.raw"}) {
        INFO(name);
        const std::vector<byte> full = load(name);
        const std::size_t declared = std::size_t{full[4]} + 5;
        // Whatever was returned decodes the same as in the full response.
        const standard_inquiry whole = parse_standard_inquiry(view(full)).value();
        const auto check_prefix = [&](const standard_inquiry& inq, std::size_t n) {
            REQUIRE(inq.returned_length() == (n < declared ? n : declared));
            REQUIRE(inq.truncated() == (n < declared));
            REQUIRE(inq.required_allocation_length() == declared);
            REQUIRE(inq.has_t10_vendor_identification() == (inq.returned_length() >= 16));
            REQUIRE(inq.has_product_identification() == (inq.returned_length() >= 32));
            REQUIRE(inq.has_product_revision_level() == (inq.returned_length() >= 36));
            REQUIRE(inq.t10_vendor_identification().size() == (inq.has_t10_vendor_identification() ? 8u : 0u));
            const std::size_t slots = inq.returned_length() > 58 ? (inq.returned_length() - 58) / 2 : 0;
            REQUIRE(inq.version_descriptor_slots().status().count == (slots < 8 ? slots : 8));
            REQUIRE(inq.version_descriptors().size() <= inq.version_descriptor_slots().status().count);
            if (inq.has_product_identification())
                REQUIRE(inq.product_identification() == whole.product_identification());
            REQUIRE(inq.peripheral_device_type() == whole.peripheral_device_type());
        };
        mpio_test::every_prefix(view(full), standard_inquiry::header_size, parse_standard_inquiry, check_prefix);
    }
}

} // namespace test_scsi_inquiry_test
