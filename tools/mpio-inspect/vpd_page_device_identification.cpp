// SPDX-License-Identifier: MIT
// vpd_page_device_identification.cpp - Device Identification (83h), SPC-6
// 7.7.6: every designation descriptor, its header and the typed decoding of
// its designator (NAA sub-fields, EUI-64 parts, T10 vendor ID, relative target
// port, target port group, logical unit group, MD5, SCSI name string,
// protocol specific port identifier, UUID); the pre-SPC-2 EMC layout is
// reported as such.
#include <fmt/format.h>

#include <mpio/scsi/vpd_device_identification.hpp>

#include "text_format.hpp"
#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

// NAA 2h/3h/5h/6h sub-fields (SPC-6 7.7.6.6).
void naa_fields(const scsi::naa_designator& naa, record& r)
{
    r.code("naa", "NAA", raw(naa.naa()), 1, to_string(naa.naa()));
    switch (naa.naa()) {
    case scsi::naa_format::ieee_extended:
        r.hex_number("vendor_specific_identifier_a", "Vendor specific identifier A", naa.vendor_specific_identifier_a(),
                     3);
        r.hex_number("ieee_company_id", "IEEE company ID", naa.ieee_company_id(), 6);
        r.hex_number("vendor_specific_identifier_b", "Vendor specific identifier B", naa.vendor_specific_identifier_b(),
                     6);
        break;
    case scsi::naa_format::locally_assigned:
        r.hex_number("locally_administered_value", "Locally administered value", naa.locally_administered_value(), 15);
        break;
    case scsi::naa_format::ieee_registered:
    case scsi::naa_format::ieee_registered_extended:
        r.hex_number("ieee_company_id", "IEEE company ID", naa.ieee_company_id(), 6);
        r.hex_number("vendor_specific_identifier", "Vendor specific identifier", naa.vendor_specific_identifier(), 9);
        if (naa.naa() == scsi::naa_format::ieee_registered_extended)
            r.hex("vendor_specific_identifier_extension", "Vendor specific identifier extension",
                  naa.bytes().subview(8, 8));
        break;
    }
    // The form Linux, multipath-tools and iSCSI use: "naa." + hex.
    r.text("designator_name", "Name", fmt::format("naa.{}", hex_string(naa.bytes())));
}

// RFC 4122 text form: 8-4-4-4-12 hex digits.
std::string uuid_text(mpio::byte_view uuid)
{
    const std::string hex = hex_string(uuid);
    if (hex.size() != 32) return hex;
    return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                       hex.substr(20));
}

// The typed decoding of one designator, into `r`. Returns the error of a
// designator that contradicts its format (errc::none when it decodes).
mpio::errc typed_fields(const scsi::designation_descriptor& d, record& r)
{
    switch (d.designator_type()) {
    case scsi::designator_type::vendor_specific: return mpio::errc::none; // the hex (and text) say it all

    case scsi::designator_type::t10_vendor_id: {
        const auto t10 = d.as_t10_vendor_id();
        if (!t10) return t10.error();
        r.text("t10_vendor_identification", "T10 vendor identification",
               printable(t10->t10_vendor_identification().trim_right()));
        if (d.code_set() == scsi::code_set::binary)
            r.hex("vendor_specific_identifier", "Vendor specific identifier", t10->vendor_specific_identifier());
        else
            r.text("vendor_specific_identifier", "Vendor specific identifier",
                   printable(mpio::ascii_view(t10->vendor_specific_identifier())));
        return mpio::errc::none;
    }

    case scsi::designator_type::eui64: {
        const auto eui = d.as_eui64();
        if (!eui) return eui.error();
        if (eui->has_identifier_extension())
            r.hex_number("identifier_extension", "Identifier extension", eui->identifier_extension(), 16);
        r.hex_number("ieee_identifier", "IEEE identifier (EUI-64)", eui->ieee_identifier(), 16);
        r.hex_number("ieee_company_id", "IEEE company ID", eui->ieee_company_id(), 6);
        r.hex_number("vendor_specific_extension_identifier", "Vendor specific extension identifier",
                     eui->vendor_specific_extension_identifier(), 10);
        if (eui->has_directory_id()) r.hex_number("directory_id", "Directory ID", eui->directory_id(), 8);
        r.text("designator_name", "Name", fmt::format("eui.{}", hex_string(eui->bytes())));
        return mpio::errc::none;
    }

    case scsi::designator_type::naa: {
        const auto naa = d.as_naa();
        if (!naa) return naa.error();
        naa_fields(*naa, r);
        return mpio::errc::none;
    }

    case scsi::designator_type::relative_target_port: {
        const auto port = d.as_relative_target_port();
        if (!port) return port.error();
        // 0 is reserved, 1 is port A, 2 port B... (SPC-6 table "Relative target port identifier")
        std::string meaning = "reserved";
        if (*port >= 1 && *port <= 26)
            meaning = fmt::format("port {}", static_cast<char>('A' + *port - 1));
        else if (*port > 26)
            meaning = fmt::format("relative port {}", *port);
        r.code("relative_target_port_identifier", "Relative target port identifier", *port, 4, meaning);
        return mpio::errc::none;
    }

    case scsi::designator_type::target_port_group: {
        const auto group = d.as_target_port_group();
        if (!group) return group.error();
        r.hex_number("target_port_group", "Target port group", *group, 4);
        return mpio::errc::none;
    }

    case scsi::designator_type::logical_unit_group: {
        const auto group = d.as_logical_unit_group();
        if (!group) return group.error();
        r.hex_number("logical_unit_group", "Logical unit group", *group, 4);
        return mpio::errc::none;
    }

    case scsi::designator_type::md5_logical_unit_identifier: {
        const auto md5 = d.as_md5_logical_unit_identifier();
        if (!md5) return md5.error();
        r.hex("md5_logical_unit_identifier", "MD5 logical unit identifier", *md5);
        return mpio::errc::none;
    }

    case scsi::designator_type::scsi_name_string: {
        const auto name = d.as_scsi_name_string();
        if (!name) return name.error();
        r.text("scsi_name_string", "SCSI name string", printable(name->name()));
        r.flag("null_terminated", "", name->null_terminated());
        r.flag("padded", "", name->padded());
        if (!name->null_terminated() || !name->padded())
            r.note("the name is not NUL-terminated and NUL-padded to a multiple of 4 bytes, as SPC requires");
        return mpio::errc::none;
    }

    case scsi::designator_type::protocol_specific_port_identifier: {
        if (!d.protocol_identifier_valid()) return mpio::errc::unsupported_format; // the protocol is not given
        if (d.protocol_identifier() == scsi::protocol_identifier::uas) {
            const auto usb = d.as_usb_target_port();
            if (!usb) return usb.error();
            r.hex_number("device_address", "USB device address", usb->device_address(), 2);
            r.hex_number("interface_number", "USB interface number", usb->interface_number(), 2);
        } else if (d.protocol_identifier() == scsi::protocol_identifier::sop) {
            const auto pcie = d.as_pcie_routing_id();
            if (!pcie) return pcie.error();
            // Without ARI the routing ID is bus/device/function; with ARI it
            // is bus/function. The page does not say which: both are shown.
            r.hex_number("routing_id", "PCIe routing ID", pcie->routing_id(), 4);
            r.hex_number("bus_number", "Bus number", pcie->bus_number(), 2);
            r.hex_number("device_number", "Device number (without ARI)", pcie->device_number(), 2);
            r.hex_number("function_number", "Function number (without ARI)", pcie->function_number(), 1);
            r.hex_number("ari_function_number", "Function number (with ARI)", pcie->ari_function_number(), 2);
        } else {
            r.note(fmt::format("no typed decoding for the port identifiers of {}", to_string(d.protocol_identifier())));
        }
        return mpio::errc::none;
    }

    case scsi::designator_type::uuid: {
        const auto uuid = d.as_uuid();
        if (!uuid) return uuid.error();
        r.code("uuid_type", "UUID type", uuid->uuid_type(), 1,
               uuid->locally_assigned() ? "locally assigned, RFC 4122 format" : "reserved");
        r.text("uuid", "UUID", uuid_text(uuid->uuid()));
        return mpio::errc::none;
    }
    }
    r.note("reserved designator type: no typed decoding");
    return mpio::errc::none;
}

} // namespace

// One designation descriptor: the header fields, the designator, its typed
// decoding. `at` is the descriptor's offset in the file's data. Also used by
// the device designation sense data descriptor (kind_sense_data.cpp).
record designation_descriptor_record(const scsi::designation_descriptor& d, std::size_t index, std::size_t at)
{
    record r(fmt::format("#{} {}, {} [offset {}, {} bytes]", index + 1, to_string(d.designator_type()),
                         to_string(d.association()), at, d.bytes().size()));
    r.number("offset", "", at);
    // PROTOCOL IDENTIFIER means something only with PIV set and a target
    // port or target device association (SPC-6 7.7.6.1).
    const char* protocol = to_string(d.protocol_identifier());
    if (!d.piv())
        protocol = "ignored: PIV is 0";
    else if (!d.protocol_identifier_valid())
        protocol = "ignored: logical unit association";
    r.code("protocol_identifier", "Protocol identifier", raw(d.protocol_identifier()), 1, protocol);
    r.flag("protocol_identifier_valid", "", d.protocol_identifier_valid());
    r.code("code_set", "Code set", raw(d.code_set()), 1, to_string(d.code_set()));
    r.flag("piv", "PIV", d.piv());
    r.code("association", "Association", raw(d.association()), 0, to_string(d.association()));
    r.code("designator_type", "Designator type", raw(d.designator_type()), 1, to_string(d.designator_type()));
    r.number("designator_length", "Designator length", d.designator_length());
    r.hex("designator", "Designator", d.designator());
    // Text designators as text too; the typed decoding shows the text of
    // T10 vendor ID and SCSI name string designators, so only JSON gets it twice.
    if (d.code_set() == scsi::code_set::ascii || d.code_set() == scsi::code_set::utf8) {
        const bool typed_text = d.designator_type() == scsi::designator_type::t10_vendor_id ||
                                d.designator_type() == scsi::designator_type::scsi_name_string;
        r.text("designator_text", typed_text ? "" : "Designator (text)", printable(mpio::ascii_view(d.designator())));
    }

    const mpio::errc e = typed_fields(d, r);
    if (e != mpio::errc::none)
        r.error({mpio::errc_name(e),
                 fmt::format("{} designator: {}", to_string(d.designator_type()), mpio::errc_message(e)), at});
    return r;
}

namespace {

void decode(const scsi::vpd_page& page, std::size_t offset, record& out)
{
    const auto parsed = scsi::parse_device_identification(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const scsi::device_identification& di = *parsed;
    const std::size_t list_offset = offset + scsi::vpd_page::header_size;

    const bool legacy = di.layout() == scsi::device_identification_layout::pre_spc2;
    out.plain("layout", legacy ? "Layout" : "", legacy ? "pre_spc2" : "designation_descriptors");
    if (legacy) {
        // Old EMC Symmetrix arrays: a bare NAA identifier, no descriptor header.
        out.note("pre-SPC-2 layout: a bare identifier without designation descriptor header (as old EMC "
                 "Symmetrix arrays return); decoded as an NAA designator");
        record& id = out.child("legacy_identifier", "Legacy identifier");
        id.hex("designator", "Designator", di.legacy_identifier());
        const auto naa = scsi::parse_naa_designator(di.legacy_identifier());
        if (naa)
            naa_fields(*naa, id);
        else
            id.error({mpio::errc_name(naa.error()),
                      fmt::format("legacy identifier is not an NAA designator: {}", mpio::errc_message(naa.error())),
                      list_offset});
        return;
    }

    std::vector<record>& list = out.list("designation_descriptors", "Designation descriptors");
    const scsi::designation_descriptor_list descriptors = di.designators();
    auto it = descriptors.begin();
    for (std::size_t i = 0; !it.done(); ++it, ++i)
        list.push_back(designation_descriptor_record(*it, i, list_offset + it.offset()));
    if (it.error() == mpio::errc::none) return;

    const std::size_t at = list_offset + it.offset();
    const std::size_t left = di.designation_descriptor_bytes().size() - it.offset();
    if (di.truncated()) {
        out.note(fmt::format("the descriptor at offset {} is cut short by the truncation", at));
        return;
    }
    std::string message;
    if (it.error() == mpio::errc::too_short)
        message = fmt::format("{} byte{} after the last descriptor, too few for a designation descriptor header (4)",
                              left, left == 1 ? "" : "s");
    else if (it.error() == mpio::errc::descriptor_overrun)
        message = fmt::format("designation descriptor #{}: DESIGNATOR LENGTH {} runs past the end of the page ({} "
                              "bytes left after its header)",
                              list.size() + 1, di.designation_descriptor_bytes()[it.offset() + 3], left - 4);
    else
        message = fmt::format("designation descriptor #{}: {}", list.size() + 1, mpio::errc_message(it.error()));
    out.error({mpio::errc_name(it.error()), message, at});
}

} // namespace

extern const vpd_page_decoder device_identification_decoder{0x83, false, decode, nullptr};

} // namespace mpio_inspect
