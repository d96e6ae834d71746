// SPDX-License-Identifier: MIT
// kind_standard_inquiry.cpp - standard INQUIRY data (SPC-6 6.7.2), every
// field of table "Standard INQUIRY data format".
#include <cctype>
#include <string>
#include <utility>

#include <fmt/format.h>

#include <mpio/core/fixed_text.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/version_descriptors.hpp>

#include "kinds.hpp"
#include "text_format.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

detection detect(mpio::byte_view data)
{
    using v = detection::verdict;
    if (data.size() < scsi::standard_inquiry::header_size)
        return {v::impossible, "fewer than 5 bytes, not even the header up to ADDITIONAL LENGTH", 0};

    // PERIPHERAL QUALIFIER: 010b is reserved, 011b goes with device type 1Fh
    // only, 1xxb is vendor specific (and is what sense data looks like here).
    const unsigned qualifier = mpio::bits(data[0], 7, 5);
    const unsigned type = mpio::bits(data[0], 4, 0);
    if (qualifier == 2) return {v::unlikely, "peripheral qualifier 2 is reserved", 0};
    if (qualifier >= 4) return {v::unlikely, fmt::format("peripheral qualifier {} is vendor specific", qualifier), 0};
    if (qualifier == 3 && type != 0x1f)
        return {v::unlikely, fmt::format("peripheral qualifier 3 needs device type 1Fh, not {:02X}h", type), 0};

    // RESPONSE DATA FORMAT is 2 in every SPC; 0 and 1 are the obsolete
    // SCSI-1 and CCS layouts, too rare to guess (--as inquiry decodes them).
    const unsigned format = mpio::bits(data[3], 3, 0);
    if (format != 2)
        return {v::unlikely,
                fmt::format("response data format {} is not 2{}", format, format < 2 ? " (obsolete layout)" : ""), 3};
    // Byte 1 bits 3..0 are reserved since SPC-2 (they were the vendor
    // specific device-type modifier before).
    if (mpio::bits(data[1], 3, 0) != 0)
        return {v::unlikely, fmt::format("reserved bits of byte 1 are set ({:02X}h)", data[1]), 1};

    // ADDITIONAL LENGTH: the data may be truncated (short allocation
    // length) or longer (a larger buffer than the device filled).
    const std::size_t declared = std::size_t{data[4]} + 5;
    const std::string format_2 =
        fmt::format("response data format 2, additional length {} ({} bytes", data[4], declared);
    if (declared == data.size())
        return {v::plausible, format_2 + ", as many as the data holds)", 4, detection::confidence::strong};
    if (declared < data.size())
        return {v::plausible,
                fmt::format("{}; {} more byte{} follow{})", format_2, data.size() - declared,
                            data.size() - declared == 1 ? "" : "s", data.size() - declared == 1 ? "s" : ""),
                4};
    return {v::plausible, fmt::format("{}; truncated to {})", format_2, data.size()), 4};
}

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

// A text field, trimmed of its padding, printable; absent fields are omitted.
void text_field(record& r, const char* key, const char* label, bool present, mpio::ascii_view trimmed)
{
    if (present) r.text(key, label, printable(trimmed));
}

decode_outcome decode(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    const mpio::result<scsi::standard_inquiry> parsed = scsi::parse_standard_inquiry(data);
    if (!parsed)
        return {false,
                {mpio::errc_name(parsed.error()),
                 "fewer than 5 bytes: not standard INQUIRY data (the header runs up to ADDITIONAL LENGTH, byte 4)", 0}};
    const scsi::standard_inquiry& inq = *parsed;

    // Shown in place in the text output, nested under "standard_inquiry" in JSON.
    record& r = body.child("standard_inquiry", "");

    // byte 0
    r.code("peripheral_qualifier", "Peripheral qualifier", raw(inq.peripheral_qualifier()), 0,
           to_string(inq.peripheral_qualifier()));
    r.code("peripheral_device_type", "Peripheral device type", raw(inq.peripheral_device_type()), 2,
           to_string(inq.peripheral_device_type()));
    // byte 1
    r.flag("rmb", "RMB (removable medium)", inq.rmb());
    r.flag("lu_cong", "LU_CONG (conglomerate)", inq.lu_cong());
    r.code("hot_pluggable", "Hot pluggable", raw(inq.hot_pluggable()), 0, to_string(inq.hot_pluggable()));
    // byte 2
    r.code("version", "Version", raw(inq.version()), 2, to_string(inq.version()));
    if (inq.legacy_layout() || scsi::is_obsolete_iso_ecma_version(static_cast<std::uint8_t>(inq.version()))) {
        r.number("iso_version", "ISO version (obsolete)", inq.iso_version());
        r.number("ecma_version", "ECMA version (obsolete)", inq.ecma_version());
        r.number("ansi_version", "ANSI-approved version (obsolete)", inq.ansi_version());
        r.hex_number("device_type_modifier", "Device-type modifier (obsolete)", inq.device_type_modifier(), 2);
    }
    // byte 3
    r.flag("normaca", "NormACA", inq.normaca());
    r.flag("hisup", "HiSup", inq.hisup());
    r.code("response_data_format", "Response data format", raw(inq.response_data_format()), 0,
           to_string(inq.response_data_format()));
    // byte 4 and the lengths it implies
    r.number("additional_length", "Additional length", inq.additional_length());
    r.number("returned_length", "", inq.returned_length());
    r.flag("truncated", inq.truncated() ? "Truncated" : "", inq.truncated());
    r.number("required_allocation_length", inq.truncated() ? "Required allocation length" : "",
             inq.required_allocation_length());
    if (inq.truncated())
        r.note(fmt::format("truncated: {} of {} bytes returned; re-issue the INQUIRY with an allocation length of "
                           "at least {}",
                           data.size(), inq.declared_length(), inq.required_allocation_length()));
    if (data.size() > inq.declared_length())
        r.note(fmt::format("{} bytes after the {} declared by ADDITIONAL LENGTH are not INQUIRY data (ignored)",
                           data.size() - inq.declared_length(), inq.declared_length()));

    // bytes 5..7
    if (inq.has_flags()) {
        r.flag("sccs", "SCCS", inq.sccs());
        r.flag("acc", "ACC", inq.acc());
        r.code("tpgs", "TPGS (ALUA)", raw(inq.tpgs()), 0, to_string(inq.tpgs()));
        r.flag("three_pc", "3PC", inq.three_pc());
        r.flag("protect", "Protect", inq.protect());
        r.flag("encserv", "EncServ", inq.encserv());
        r.flag("vs1", "VS (byte 6 bit 5)", inq.vs1());
        r.flag("multip", "MultiP", inq.multip());
        r.flag("cmdque", "CmdQue", inq.cmdque());
        r.flag("vs2", "VS (byte 7 bit 0)", inq.vs2());
        // The obsolete bits: each in JSON ("obsolete": {...}), one line in the text.
        const std::pair<const char*, bool> obsolete[] = {
            {"AERC", inq.aerc()},       {"TrmTsk", inq.trmtsk()}, {"BQue", inq.bque()},     {"MChngr", inq.mchngr()},
            {"ACKREQQ", inq.ackreqq()}, {"Addr32", inq.addr32()}, {"Addr16", inq.addr16()}, {"RelAdr", inq.reladr()},
            {"WBus32", inq.wbus32()},   {"WBus16", inq.wbus16()}, {"Sync", inq.sync()},     {"Linked", inq.linked()},
            {"TranDis", inq.trandis()}};
        record& old = r.child("obsolete", "");
        std::string line;
        for (const auto& [name, value] : obsolete) {
            std::string key = name;
            for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            old.flag(key, "", value);
            line += fmt::format("{}{}={}", line.empty() ? "" : " ", name, value ? 1 : 0);
        }
        r.plain("", "Obsolete bits", line);
    }

    // bytes 8..35
    text_field(r, "t10_vendor_identification", "T10 vendor identification", inq.has_t10_vendor_identification(),
               inq.t10_vendor_identification_trimmed());
    text_field(r, "product_identification", "Product identification", inq.has_product_identification(),
               inq.product_identification_trimmed());
    text_field(r, "product_revision_level", "Product revision level", inq.has_product_revision_level(),
               inq.product_revision_level_trimmed());

    // bytes 36..55, 56 (obsolete SPI), 58..73
    if (!inq.vendor_specific().empty())
        r.dump("vendor_specific", "Vendor specific, bytes 36..55", inq.vendor_specific());
    if (inq.has_spi_byte()) {
        record& spi = r.child("spi", "");
        spi.code("clocking", "", raw(inq.clocking()), 0, to_string(inq.clocking()));
        spi.flag("qas", "", inq.qas());
        spi.flag("ius", "", inq.ius());
        r.plain("", "SPI (obsolete)",
                fmt::format("Clocking={} ({}) QAS={} IUS={}", raw(inq.clocking()), to_string(inq.clocking()),
                            inq.qas() ? 1 : 0, inq.ius() ? 1 : 0));
    }
    const scsi::version_descriptor_slots slots = inq.version_descriptor_slots();
    if (!slots.bytes().empty()) {
        // Claimed descriptors only: 0000h marks an unused slot.
        std::vector<record>& list = r.list("version_descriptors", "Version descriptors");
        for (const scsi::version_descriptor d : inq.version_descriptors()) {
            mpio::fixed_text<96> description;
            scsi::append_version_descriptor(description, d.code);
            const char* standard = scsi::version_descriptor_name(d.code);
            record item(fmt::format("0x{:04x}  {}", d.code, description.c_str()));
            item.number("slot", "", d.slot + 1);
            item.hex_number("code", "", d.code, 4);
            item.plain("standard", "", standard != nullptr ? standard : "");
            item.plain("description", "", description.c_str());
            list.push_back(std::move(item));
        }
        // The data may end inside a descriptor: truncation if the buffer was
        // short, a contradiction if ADDITIONAL LENGTH says so.
        const mpio::list_status status = slots.status();
        const std::size_t at = scsi::standard_inquiry::version_descriptors_offset + status.offset;
        if (!status.ok() && inq.truncated())
            r.note(fmt::format("the data ends inside a version descriptor (offset {}): truncation", at));
        else if (!status.ok())
            r.error({mpio::errc_name(status.error),
                     "additional length ends the data inside a 2-byte version descriptor", at});
    }
    if (!inq.vendor_specific_2().empty())
        r.dump("vendor_specific_2", "Vendor specific, bytes 96..", inq.vendor_specific_2());
    return {};
}

} // namespace

extern const kind standard_inquiry_kind{"inquiry", "standard_inquiry", "standard INQUIRY data", detect, decode};

} // namespace mpio_inspect
