// SPDX-License-Identifier: MIT
// .ci/gates/usage.cpp - the usage translation unit of the portability gates.
//
// First the C API exactly as users get it: src/mpio_c.cpp, the one
// translation unit behind include/mpio/c/mpio.h (libmpio_c; docs/c-api.md).
// Then `extern "C"` wrappers, named mpio_gate_*, for the parts of the
// freestanding library the C API does not cover (VPD pages 85h/87h/B0h-B2h,
// LUN rendering, version descriptors, name tables, the lock-free least queue
// depth selector, the retry budget, ...), in C-callable shapes (pointer +
// length in, plain structs and integers out). The gates then check that all
// of it
//   - links with -nostdlib and leaves nothing undefined beyond
//     memcpy/memmove/memset/memcmp (nostdlib-link), and defines every
//     function mpio.h declares,
//   - builds for a Cortex-M4 and how big it is (cortex-m),
//   - builds for the Windows ABI (mingw).
//
// Every wrapper returns an mpio::errc value as int (0 = success). Wrappers are
// noinline and `used` so each is a real function in the object, whatever the
// optimiser would prefer.
#include "../../src/mpio_c.cpp" // NOLINT(bugprone-suspicious-include): the C API, what users get

#include <mpio/mpio.hpp> // the umbrella must build everywhere too
#include <mpio/core.hpp>
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/asc_ascq.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/lun.hpp>
#include <mpio/scsi/read_capacity.hpp>
#include <mpio/scsi/report_luns.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/scsi/sense_data.hpp>
#include <mpio/scsi/sense_descriptors.hpp>
#include <mpio/scsi/sense_key.hpp>
#include <mpio/scsi/sense_key_specific.hpp>
#include <mpio/scsi/version_descriptors.hpp>
#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_block_device_characteristics.hpp>
#include <mpio/scsi/vpd_block_limits.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_extended_inquiry.hpp>
#include <mpio/scsi/vpd_logical_block_provisioning.hpp>
#include <mpio/scsi/vpd_management_network_addresses.hpp>
#include <mpio/scsi/vpd_mode_page_policy.hpp>
#include <mpio/scsi/vpd_scsi_ports.hpp>
#include <mpio/scsi/vpd_supported_pages.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>
#include <mpio/ident/claim.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/hardware_id.hpp>
#include <mpio/ident/path_identity.hpp>
#include <mpio/ident/schemes.hpp>
#include <mpio/topology.hpp>
#include <mpio/policy.hpp>
#include <mpio/nvme.hpp>
#include <mpio/scsi/persistent_reserve_in.hpp>
#include <mpio/scsi/persistent_reserve_out.hpp>
#include <mpio/scsi/transport_id.hpp>

#include <cstddef>
#include <cstdint>
#include <new>

#define MPIO_USAGE_API extern "C" __attribute__((noinline, used))

// Their own namespace: the helpers below do not meet src/mpio_c.cpp's.
namespace mpio_gate {

namespace {

int code(mpio::errc e) { return static_cast<int>(e); }

// The C shape of a builder result: the errc, and the length through a pointer.
int report(const mpio::result<std::size_t>& r, std::size_t* written)
{
    if (written != nullptr) *written = r ? r.value() : 0;
    return code(r.error());
}

// A text field copied out as a NUL-terminated C string (cut to fit).
template <std::size_t N>
void copy_text(mpio::ascii_view text, char (&out)[N])
{
    const std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
    for (std::size_t i = 0; i < n; ++i) out[i] = text[i];
    out[n] = '\0';
}

std::uint8_t flag(bool b) { return b ? 1 : 0; }

} // namespace

// Where a sub-view lies in the caller's input: offset and size in bytes.
struct mpio_gate_span {
    std::size_t offset;
    std::size_t size;
};

namespace {
mpio_gate_span span_of(mpio::byte_view part, const std::uint8_t* input)
{
    if (part.empty()) return {0, 0};
    return {static_cast<std::size_t>(part.data() - input), part.size()};
}
} // namespace

// ------------------------------------------------------------------- core

// Hex rendering into a caller buffer (NUL-terminated).
MPIO_USAGE_API int mpio_gate_to_hex(const std::uint8_t* data, std::size_t size, char* out, std::size_t capacity,
                                    std::size_t* written)
{
    return report(mpio::to_hex(mpio::byte_view(data, size), out, capacity), written);
}

// Big-endian loads, the primitive every parser is made of.
MPIO_USAGE_API std::uint64_t mpio_gate_load_be64(const std::uint8_t* data, std::size_t size, std::size_t offset)
{
    return mpio::load_be64(mpio::byte_view(data, size), offset);
}

// Fixed-capacity text: a text field rendered with escapes, then copied out.
MPIO_USAGE_API int mpio_gate_render_text(const std::uint8_t* data, std::size_t size, char* out, std::size_t capacity)
{
    mpio::fixed_text<64> text;
    text.append(mpio::ascii_view(mpio::byte_view(data, size)).trim(), mpio::unprintable::hex_escape);
    if (out == nullptr || capacity <= text.size()) return code(mpio::errc::buffer_too_small);
    for (std::size_t i = 0; i <= text.size(); ++i) out[i] = text.c_str()[i];
    return code(text.overflowed() ? mpio::errc::buffer_too_small : mpio::errc::none);
}

// ------------------------------------------------------------ CDB builders

MPIO_USAGE_API const char* mpio_gate_asymmetric_access_state_name(std::uint8_t state)
{
    return mpio::scsi::to_string(static_cast<mpio::scsi::asymmetric_access_state>(state));
}

// ----------------------------------------------------- standard INQUIRY data

// "SPC-4", "SBC-3", ... or nullptr for an unknown code.
MPIO_USAGE_API const char* mpio_gate_version_descriptor_name(std::uint16_t code)
{
    return mpio::scsi::version_descriptor_name(code);
}

// The full one-line rendering, e.g. "SPC-4 INCITS 513-2015".
MPIO_USAGE_API int mpio_gate_render_version_descriptor(std::uint16_t code, char* out, std::size_t capacity)
{
    mpio::fixed_text<96> text;
    mpio::scsi::append_version_descriptor(text, code);
    if (out == nullptr || capacity <= text.size()) return static_cast<int>(mpio::errc::buffer_too_small);
    for (std::size_t i = 0; i <= text.size(); ++i) out[i] = text.c_str()[i];
    return 0;
}

MPIO_USAGE_API const char* mpio_gate_peripheral_device_type_name(std::uint8_t type)
{
    return mpio::scsi::to_string(static_cast<mpio::scsi::peripheral_device_type>(type));
}

// ------------------------------------------------------------ VPD pages

// The 4-byte header of any VPD page, and how much of the page was returned.
struct mpio_gate_vpd_page {
    std::uint8_t peripheral_qualifier;
    std::uint8_t peripheral_device_type;
    std::uint8_t page_code;
    std::uint8_t truncated;
    std::uint16_t page_length;
    std::size_t required_allocation_length;
    mpio_gate_span payload; // relative to the input given to the wrapper
};

// How a list walk ended (mpio::list_status).
struct mpio_gate_list_status {
    int error;          // errc of the entry that stopped the walk, 0 at a clean end
    std::size_t offset; // where that entry starts, or the list size
    std::size_t count;  // well-formed entries before it
};

namespace {
void fill_page(const mpio::scsi::vpd_page& page, const std::uint8_t* input, mpio_gate_vpd_page* out)
{
    if (out == nullptr) return;
    out->peripheral_qualifier = page.peripheral_qualifier();
    out->peripheral_device_type = page.peripheral_device_type();
    out->page_code = page.page_code();
    out->truncated = flag(page.truncated());
    out->page_length = page.page_length();
    out->required_allocation_length = page.required_allocation_length();
    out->payload = span_of(page.payload(), input);
}

void fill_status(const mpio::list_status& s, mpio_gate_list_status* out)
{
    if (out == nullptr) return;
    out->error = code(s.error);
    out->offset = s.offset;
    out->count = s.count;
}
} // namespace

// Any VPD page; expected_page_code < 0 accepts every page code.
MPIO_USAGE_API int mpio_gate_parse_vpd_page(const std::uint8_t* data, std::size_t size, int expected_page_code,
                                            mpio_gate_vpd_page* out)
{
    const mpio::byte_view bytes(data, size);
    const mpio::result<mpio::scsi::vpd_page> r =
        expected_page_code < 0 ? mpio::scsi::parse_vpd_page(bytes)
                               : mpio::scsi::parse_vpd_page(bytes, static_cast<std::uint8_t>(expected_page_code));
    if (r) fill_page(*r, data, out);
    return code(r.error());
}

// Walks VPD pages stored back to back, keeping up to `capacity` headers.
MPIO_USAGE_API int mpio_gate_walk_vpd_page_list(const std::uint8_t* data, std::size_t size, mpio_gate_vpd_page* pages,
                                                std::size_t capacity, mpio_gate_list_status* status)
{
    const mpio::scsi::vpd_page_list list(mpio::byte_view(data, size));
    std::size_t n = 0;
    for (const mpio::scsi::vpd_page page : list) {
        if (pages != nullptr && n < capacity) fill_page(page, data, &pages[n]);
        ++n;
    }
    const mpio::list_status s = list.status();
    fill_status(s, status);
    return code(s.error);
}

MPIO_USAGE_API int mpio_gate_find_vpd_page(const std::uint8_t* data, std::size_t size, std::uint8_t page_code,
                                           mpio_gate_vpd_page* out)
{
    const mpio::result<mpio::scsi::vpd_page> r = mpio::scsi::vpd_page_list(mpio::byte_view(data, size)).find(page_code);
    if (r) fill_page(*r, data, out);
    return code(r.error());
}

MPIO_USAGE_API const char* mpio_gate_vpd_page_name(std::uint8_t page_code, std::uint8_t device_type)
{
    return mpio::scsi::vpd_page_name(page_code, device_type);
}

// ------------------------------------------------- Device Identification (83h)

// One designation descriptor with its designator decoded by type. The decoded
// fields that do not apply to the type stay zero; decode_error is the errc of
// the typed decoder (0 when the designator decoded).
struct mpio_gate_designator {
    std::size_t offset; // in the designation descriptor list
    std::uint8_t protocol_identifier, code_set, piv, association, designator_type, designator_length;
    std::uint8_t protocol_identifier_valid;
    mpio_gate_span designator;
    int decode_error;
    // t10_vendor_id
    char t10_vendor_identification[9];
    mpio_gate_span vendor_specific_identifier;
    // eui64
    std::uint64_t ieee_identifier, vendor_specific_extension_identifier, identifier_extension;
    std::uint32_t directory_id;
    std::uint8_t has_directory_id, has_identifier_extension;
    // naa (ieee_company_id is shared with eui64)
    std::uint8_t naa;
    std::uint32_t ieee_company_id;
    std::uint16_t vendor_specific_identifier_a;
    std::uint32_t vendor_specific_identifier_b;
    std::uint64_t locally_administered_value, naa_vendor_specific_identifier, vendor_specific_identifier_extension;
    // relative target port, target port group, logical unit group
    std::uint16_t value16;
    // md5 logical unit identifier, SCSI name string, UUID: where the bytes are
    mpio_gate_span text_or_bytes;
    std::uint8_t null_terminated, padded;
    std::uint8_t uuid_type, locally_assigned;
    // protocol specific port identifier (USB or PCI Express)
    std::uint8_t device_address, interface_number;
    std::uint16_t routing_id;
    std::uint8_t bus_number, device_number, function_number, ari_function_number;
};

namespace {
namespace s = mpio::scsi;

void fill_naa(const s::naa_designator& naa, mpio_gate_designator& o)
{
    o.naa = static_cast<std::uint8_t>(naa.naa());
    o.ieee_company_id = naa.ieee_company_id();
    o.vendor_specific_identifier_a = naa.vendor_specific_identifier_a();
    o.vendor_specific_identifier_b = naa.vendor_specific_identifier_b();
    o.locally_administered_value = naa.locally_administered_value();
    o.naa_vendor_specific_identifier = naa.vendor_specific_identifier();
    o.vendor_specific_identifier_extension = naa.vendor_specific_identifier_extension();
}

// The typed decoder matching the DESIGNATOR TYPE (and, for protocol specific
// port identifiers, the protocol): every decoder of the header is reachable.
int decode(const s::designation_descriptor& d, const std::uint8_t* input, mpio_gate_designator& o)
{
    switch (d.designator_type()) {
    case s::designator_type::t10_vendor_id: {
        const auto r = d.as_t10_vendor_id();
        if (!r) return code(r.error());
        copy_text(r->t10_vendor_identification(), o.t10_vendor_identification);
        o.vendor_specific_identifier = span_of(r->vendor_specific_identifier(), input);
        return 0;
    }
    case s::designator_type::eui64: {
        const auto r = d.as_eui64();
        if (!r) return code(r.error());
        o.ieee_identifier = r->ieee_identifier();
        o.ieee_company_id = r->ieee_company_id();
        o.vendor_specific_extension_identifier = r->vendor_specific_extension_identifier();
        o.has_directory_id = flag(r->has_directory_id());
        o.directory_id = r->directory_id();
        o.has_identifier_extension = flag(r->has_identifier_extension());
        o.identifier_extension = r->identifier_extension();
        return 0;
    }
    case s::designator_type::naa: {
        const auto r = d.as_naa();
        if (!r) return code(r.error());
        fill_naa(*r, o);
        return 0;
    }
    case s::designator_type::relative_target_port:
    case s::designator_type::target_port_group:
    case s::designator_type::logical_unit_group: {
        const mpio::result<std::uint16_t> r =
            d.designator_type() == s::designator_type::relative_target_port ? d.as_relative_target_port()
            : d.designator_type() == s::designator_type::target_port_group  ? d.as_target_port_group()
                                                                            : d.as_logical_unit_group();
        if (!r) return code(r.error());
        o.value16 = *r;
        return 0;
    }
    case s::designator_type::md5_logical_unit_identifier: {
        const auto r = d.as_md5_logical_unit_identifier();
        if (!r) return code(r.error());
        o.text_or_bytes = span_of(*r, input);
        return 0;
    }
    case s::designator_type::scsi_name_string: {
        const auto r = d.as_scsi_name_string();
        if (!r) return code(r.error());
        o.text_or_bytes = span_of(r->name().bytes(), input);
        o.null_terminated = flag(r->null_terminated());
        o.padded = flag(r->padded());
        return 0;
    }
    case s::designator_type::protocol_specific_port_identifier: {
        if (const auto usb = d.as_usb_target_port()) {
            o.device_address = usb->device_address();
            o.interface_number = usb->interface_number();
            return 0;
        }
        const auto r = d.as_pcie_routing_id();
        if (!r) return code(r.error());
        o.routing_id = r->routing_id();
        o.bus_number = r->bus_number();
        o.device_number = r->device_number();
        o.function_number = r->function_number();
        o.ari_function_number = r->ari_function_number();
        return 0;
    }
    case s::designator_type::uuid: {
        const auto r = d.as_uuid();
        if (!r) return code(r.error());
        o.uuid_type = r->uuid_type();
        o.locally_assigned = flag(r->locally_assigned());
        o.text_or_bytes = span_of(r->uuid(), input);
        return 0;
    }
    case s::designator_type::vendor_specific: return 0; // opaque bytes: o.designator
    }
    return code(mpio::errc::reserved_value);
}

void fill_designator(const s::designation_descriptor& d, const std::uint8_t* input, mpio_gate_designator* out)
{
    if (out == nullptr) return;
    mpio_gate_designator& o = *out;
    o = mpio_gate_designator{};
    o.offset = d.offset();
    o.protocol_identifier = static_cast<std::uint8_t>(d.protocol_identifier());
    o.code_set = static_cast<std::uint8_t>(d.code_set());
    o.piv = flag(d.piv());
    o.association = static_cast<std::uint8_t>(d.association());
    o.designator_type = static_cast<std::uint8_t>(d.designator_type());
    o.designator_length = d.designator_length();
    o.protocol_identifier_valid = flag(d.protocol_identifier_valid());
    o.designator = span_of(d.designator(), input);
    o.decode_error = decode(d, input, o);
}
} // namespace

// The first designator with this ASSOCIATION and DESIGNATOR TYPE (what a
// multipath stack asks for: the logical unit's NAA, the port's target port
// group...), or the index-th one when association is negative.
MPIO_USAGE_API int mpio_gate_find_designator(const std::uint8_t* data, std::size_t size, int association,
                                             std::uint8_t designator_type, std::size_t index, mpio_gate_designator* out)
{
    const auto r = s::parse_device_identification(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const mpio::result<s::designation_descriptor> d =
        association < 0
            ? r->designators().at(index)
            : r->find(static_cast<s::association>(association), static_cast<s::designator_type>(designator_type));
    if (d) fill_designator(*d, data, out);
    return code(d.error());
}

// An NAA identifier without descriptor header (a pre-SPC-2 page's legacy
// identifier).
MPIO_USAGE_API int mpio_gate_parse_naa_designator(const std::uint8_t* data, std::size_t size, mpio_gate_designator* out)
{
    const mpio::result<s::naa_designator> r = s::parse_naa_designator(mpio::byte_view(data, size));
    if (r && out != nullptr) {
        *out = mpio_gate_designator{};
        out->designator_type = static_cast<std::uint8_t>(s::designator_type::naa);
        out->designator = span_of(r->bytes(), data);
        fill_naa(*r, *out);
    }
    return code(r.error());
}

MPIO_USAGE_API const char* mpio_gate_designator_type_name(std::uint8_t type)
{
    return s::to_string(static_cast<s::designator_type>(type));
}

// ------------------------------------------- REPORT TARGET PORT GROUPS data

// One target port group descriptor, with the first ports it lists.
struct mpio_gate_target_port_group {
    std::size_t offset; // in the descriptor list
    std::uint8_t pref, asymmetric_access_state, supports_current_state;
    std::uint8_t t_sup, o_sup, lbd_sup, u_sup, s_sup, an_sup, ao_sup;
    std::uint16_t target_port_group;
    std::uint8_t status_code, vendor_specific, target_port_count;
    std::uint16_t relative_target_ports[8]; // the first 8 ports listed
    std::size_t listed_ports;               // every port the walk listed
};

namespace {
// requested < 0: auto-detected header; else the PARAMETER DATA FORMAT the CDB asked for.
mpio::result<s::report_target_port_groups> parse_rtpg(const std::uint8_t* data, std::size_t size, int requested)
{
    const mpio::byte_view bytes(data, size);
    if (requested < 0) return s::parse_report_target_port_groups(bytes);
    return s::parse_report_target_port_groups(bytes, static_cast<s::rtpg_parameter_data_format>(requested));
}

void fill_group(const s::target_port_group_descriptor& g, mpio_gate_target_port_group* out)
{
    if (out == nullptr) return;
    mpio_gate_target_port_group& o = *out;
    o = mpio_gate_target_port_group{};
    o.offset = g.offset();
    o.pref = flag(g.pref());
    o.asymmetric_access_state = static_cast<std::uint8_t>(g.asymmetric_access_state());
    o.supports_current_state = flag(g.supports(g.asymmetric_access_state()));
    o.t_sup = flag(g.t_sup());
    o.o_sup = flag(g.o_sup());
    o.lbd_sup = flag(g.lbd_sup());
    o.u_sup = flag(g.u_sup());
    o.s_sup = flag(g.s_sup());
    o.an_sup = flag(g.an_sup());
    o.ao_sup = flag(g.ao_sup());
    o.target_port_group = g.target_port_group();
    o.status_code = static_cast<std::uint8_t>(g.status_code());
    o.vendor_specific = g.vendor_specific();
    o.target_port_count = g.target_port_count();
    for (const s::target_port_descriptor port : g.target_ports()) {
        if (o.listed_ports < 8) o.relative_target_ports[o.listed_ports] = port.relative_target_port_identifier();
        ++o.listed_ports;
    }
}
} // namespace

// The lookups a multipath stack makes: a group by its number, the group of
// the port a path goes through, and a group's state.
MPIO_USAGE_API int mpio_gate_rtpg_find_group(const std::uint8_t* data, std::size_t size,
                                             std::uint16_t target_port_group, mpio_gate_target_port_group* out)
{
    const auto r = parse_rtpg(data, size, -1);
    if (!r) return code(r.error());
    const auto g = r->find_group(target_port_group);
    if (g) fill_group(*g, out);
    return code(g.error());
}

MPIO_USAGE_API int mpio_gate_rtpg_group_of(const std::uint8_t* data, std::size_t size,
                                           std::uint16_t relative_target_port, mpio_gate_target_port_group* out)
{
    const auto r = parse_rtpg(data, size, -1);
    if (!r) return code(r.error());
    const auto g = r->group_of(relative_target_port);
    if (g) fill_group(*g, out);
    return code(g.error());
}

MPIO_USAGE_API const char* mpio_gate_target_port_group_status_code_name(std::uint8_t status_code)
{
    return s::to_string(static_cast<s::target_port_group_status_code>(status_code));
}

MPIO_USAGE_API const char* mpio_gate_rtpg_header_format_name(std::uint8_t format)
{
    return s::to_string(static_cast<s::rtpg_header_format>(format));
}

// ------------------------------------------------ sense key, ASC/ASCQ names

MPIO_USAGE_API const char* mpio_gate_sense_key_name(std::uint8_t key)
{
    return s::to_string(static_cast<s::sense_key>(key));
}

// T10's text for an ASC/ASCQ pair, or nullptr (vendor specific, reserved).
MPIO_USAGE_API const char* mpio_gate_additional_sense_text(std::uint8_t asc, std::uint8_t ascq)
{
    return s::additional_sense_text(asc, ascq);
}

MPIO_USAGE_API int mpio_gate_classify_additional_sense(std::uint8_t asc, std::uint8_t ascq)
{
    return static_cast<int>(s::classify_additional_sense(asc, ascq));
}

MPIO_USAGE_API const char* mpio_gate_additional_sense_kind_name(std::uint8_t kind)
{
    return s::to_string(static_cast<s::additional_sense_kind>(kind));
}

// The exact list entry's text, or nullptr (find_additional_sense()).
MPIO_USAGE_API const char* mpio_gate_find_additional_sense(std::uint8_t asc, std::uint8_t ascq)
{
    const s::additional_sense_entry* e = s::find_additional_sense(asc, ascq);
    return e != nullptr ? e->text : nullptr;
}

// "NOT READY: LOGICAL UNIT NOT ACCESSIBLE, ..." into a caller buffer.
MPIO_USAGE_API int mpio_gate_render_sense(std::uint8_t key, std::uint8_t asc, std::uint8_t ascq, char* out,
                                          std::size_t capacity)
{
    mpio::fixed_text<s::sense_text_capacity> text;
    s::append_sense(text, static_cast<s::sense_key>(key), asc, ascq);
    if (out == nullptr || capacity <= text.size()) return code(mpio::errc::buffer_too_small);
    for (std::size_t i = 0; i <= text.size(); ++i) out[i] = text.c_str()[i];
    return code(text.overflowed() ? mpio::errc::buffer_too_small : mpio::errc::none);
}

// ------------------------------------------------------------- sense data

// The SENSE KEY SPECIFIC field decoded per its sense key.
struct mpio_gate_sense_key_specific {
    std::uint8_t present, sksv, format;
    std::uint8_t c_d, sd, bpv, bit_pointer, overflow;
    std::uint16_t field_pointer, actual_retry_count, progress_indication, progress_basis_points;
};

namespace {
void fill_sense_key_specific(const mpio::result<s::sense_key_specific>& r, mpio_gate_sense_key_specific& o)
{
    o = mpio_gate_sense_key_specific{};
    if (!r) return;
    o.present = 1;
    o.sksv = flag(r->sksv());
    o.format = static_cast<std::uint8_t>(r->format());
    o.c_d = flag(r->c_d());
    o.sd = flag(r->sd());
    o.bpv = flag(r->bpv());
    o.bit_pointer = r->bit_pointer();
    o.overflow = flag(r->overflow());
    o.field_pointer = r->field_pointer();
    o.actual_retry_count = r->actual_retry_count();
    o.progress_indication = r->progress_indication();
    o.progress_basis_points = s::progress_basis_points(r->progress_indication());
}
} // namespace

// The format-specific parsers and the normalized summary.
MPIO_USAGE_API int mpio_gate_parse_fixed_sense_data(const std::uint8_t* data, std::size_t size, std::uint8_t* sense_key,
                                                    std::uint8_t* asc, std::uint8_t* ascq)
{
    const auto r = s::parse_fixed_sense_data(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (sense_key != nullptr) *sense_key = static_cast<std::uint8_t>(r->sense_key());
    if (asc != nullptr) *asc = r->has_additional_sense_code() ? r->additional_sense_code() : 0;
    if (ascq != nullptr) *ascq = r->has_additional_sense_code_qualifier() ? r->additional_sense_code_qualifier() : 0;
    return code(mpio::errc::none);
}

MPIO_USAGE_API int mpio_gate_parse_descriptor_sense_data(const std::uint8_t* data, std::size_t size,
                                                         std::uint8_t* sense_key, std::uint8_t* asc, std::uint8_t* ascq,
                                                         std::uint64_t* information)
{
    const auto r = s::parse_descriptor_sense_data(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (sense_key != nullptr) *sense_key = static_cast<std::uint8_t>(r->sense_key());
    if (asc != nullptr) *asc = r->additional_sense_code();
    if (ascq != nullptr) *ascq = r->additional_sense_code_qualifier();
    const mpio::result<std::uint64_t> info = r->information();
    if (information != nullptr) *information = info ? *info : 0;
    return code(info.error() == mpio::errc::not_found ? mpio::errc::none : info.error());
}

struct mpio_gate_normalized_sense {
    std::uint8_t response_code, sense_key, asc, ascq, has_asc_ascq, sdat_ovfl, information_valid, truncated;
    std::uint64_t information;
};

MPIO_USAGE_API int mpio_gate_normalize_sense(const std::uint8_t* data, std::size_t size,
                                             mpio_gate_normalized_sense* out)
{
    const mpio::result<s::normalized_sense> r = s::normalize_sense(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (out == nullptr) return code(mpio::errc::invalid_argument);
    *out = {static_cast<std::uint8_t>(r->response_code),
            static_cast<std::uint8_t>(r->sense_key),
            r->asc,
            r->ascq,
            flag(r->has_asc_ascq),
            flag(r->sdat_ovfl),
            flag(r->information_valid),
            flag(r->truncated),
            r->information};
    return code(mpio::errc::none);
}

namespace {} // namespace

// The first descriptor of a type (find()), its offset in the list.
MPIO_USAGE_API int mpio_gate_find_sense_descriptor(const std::uint8_t* data, std::size_t size, std::uint8_t type,
                                                   std::size_t* offset)
{
    const auto r = s::parse_descriptor_sense_data(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const mpio::result<s::sense_descriptor> d = r->find(static_cast<s::sense_descriptor_type>(type));
    if (d && offset != nullptr) *offset = d->offset();
    return code(d.error());
}

// A SENSE KEY SPECIFIC field on its own (3 bytes and the sense key).
MPIO_USAGE_API int mpio_gate_decode_sense_key_specific(const std::uint8_t* data, std::size_t size, std::uint8_t key,
                                                       mpio_gate_sense_key_specific* out)
{
    if (out == nullptr) return code(mpio::errc::invalid_argument);
    fill_sense_key_specific(s::sense_key_specific(mpio::byte_view(data, size), static_cast<s::sense_key>(key)), *out);
    return code(mpio::errc::none);
}

MPIO_USAGE_API const char* mpio_gate_sense_response_code_name(std::uint8_t response_code)
{
    return s::to_string(static_cast<s::sense_response_code>(response_code));
}

MPIO_USAGE_API const char* mpio_gate_sense_descriptor_type_name(std::uint8_t type)
{
    return s::to_string(static_cast<s::sense_descriptor_type>(type));
}

MPIO_USAGE_API const char* mpio_gate_sense_key_specific_format_name(std::uint8_t key)
{
    return s::to_string(s::sense_key_specific_format_of(static_cast<s::sense_key>(key)));
}

// ------------------------------------------------------------ LUNs

namespace {} // namespace

// The Linux integer LUN back to the 8 bytes (int_to_scsilun).
MPIO_USAGE_API void mpio_gate_from_linux_lun(std::uint64_t value, std::uint8_t* out8)
{
    const s::lun_buffer b = s::from_linux_lun(value);
    if (out8 != nullptr)
        for (std::size_t i = 0; i < s::lun::size; ++i) out8[i] = b.bytes[i];
}

// sg_luns --decode style text into a caller buffer.
MPIO_USAGE_API int mpio_gate_render_lun(const std::uint8_t* data, std::size_t size, int lu_cong, int hex, char* out,
                                        std::size_t capacity)
{
    const mpio::result<s::lun> r = s::parse_lun(mpio::byte_view(data, size), lu_cong != 0);
    if (!r) return code(r.error());
    mpio::fixed_text<s::lun_text_capacity> text;
    s::append_decoded(text, *r, hex != 0 ? s::lun_number_base::hex : s::lun_number_base::decimal);
    if (out == nullptr || capacity <= text.size()) return code(mpio::errc::buffer_too_small);
    for (std::size_t i = 0; i <= text.size(); ++i) out[i] = text.c_str()[i];
    return code(text.overflowed() ? mpio::errc::buffer_too_small : mpio::errc::none);
}

MPIO_USAGE_API const char* mpio_gate_lun_level_format_name(std::uint8_t format)
{
    return s::to_string(static_cast<s::lun_level_format>(format));
}

MPIO_USAGE_API const char* mpio_gate_address_method_name(std::uint8_t method)
{
    return s::to_string(static_cast<s::address_method>(method));
}

MPIO_USAGE_API const char* mpio_gate_well_known_lun_name(std::uint8_t w_lun)
{
    return s::to_string(static_cast<s::well_known_lun>(w_lun));
}

MPIO_USAGE_API const char* mpio_gate_extended_address_method_name(std::uint8_t method)
{
    return s::to_string(static_cast<s::extended_address_method>(method));
}

// ------------------------------------------------------------ REPORT LUNS

MPIO_USAGE_API int mpio_gate_report_luns_at(const std::uint8_t* data, std::size_t size, std::size_t index,
                                            std::uint64_t* linux_lun)
{
    const auto r = s::parse_report_luns(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const mpio::result<s::lun> l = r->luns().at(index);
    if (l && linux_lun != nullptr) *linux_lun = s::to_linux_lun(*l);
    return code(l.error());
}

// ---------------------------------------------------- READ CAPACITY (16)

MPIO_USAGE_API const char* mpio_gate_p_type_name(std::uint8_t p_type)
{
    return s::to_string(static_cast<s::p_type>(p_type));
}

MPIO_USAGE_API const char* mpio_gate_rc_basis_name(std::uint8_t rc_basis)
{
    return s::to_string(static_cast<s::rc_basis>(rc_basis));
}

// -------------------------------------- Management Network Addresses (85h)

struct mpio_gate_network_service {
    std::size_t offset; // in the descriptor list
    std::uint8_t association, service_type, null_terminated, length_multiple_of_four;
    std::uint16_t network_address_length;
    mpio_gate_span network_address; // the URL, up to its NUL
};

MPIO_USAGE_API int mpio_gate_walk_network_services(const std::uint8_t* data, std::size_t size,
                                                   mpio_gate_network_service* services, std::size_t capacity,
                                                   mpio_gate_vpd_page* header, mpio_gate_list_status* status)
{
    const auto r = s::parse_management_network_addresses(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    fill_page(r->header(), data, header);
    const s::network_service_descriptor_list list = r->network_services();
    std::size_t n = 0;
    for (const s::network_service_descriptor d : list) {
        if (services != nullptr && n < capacity)
            services[n] = {d.offset(),
                           static_cast<std::uint8_t>(d.association()),
                           static_cast<std::uint8_t>(d.service_type()),
                           flag(d.null_terminated()),
                           flag(d.length_multiple_of_four()),
                           d.network_address_length(),
                           span_of(d.network_address().bytes(), data)};
        ++n;
    }
    const mpio::list_status st = list.status();
    fill_status(st, status);
    return code(st.error);
}

MPIO_USAGE_API int mpio_gate_find_network_service(const std::uint8_t* data, std::size_t size, std::uint8_t service_type,
                                                  std::uint8_t association, mpio_gate_span* url)
{
    const auto r = s::parse_management_network_addresses(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const auto d =
        r->find(static_cast<s::network_service_type>(service_type), static_cast<s::association>(association));
    if (d && url != nullptr) *url = span_of(d->network_address().bytes(), data);
    return code(d.error());
}

MPIO_USAGE_API const char* mpio_gate_network_service_type_name(std::uint8_t type)
{
    return s::to_string(static_cast<s::network_service_type>(type));
}

// ----------------------------------------- Extended INQUIRY Data (86h)

struct mpio_gate_extended_inquiry_data {
    mpio_gate_vpd_page header;
    std::uint8_t has_all_fields;
    std::uint8_t activate_microcode, spt, spt_block_device, grd_chk, app_chk, ref_chk;
    std::uint8_t uask_sup, group_sup, prior_sup, headsup, ordsup, simpsup;
    std::uint8_t wu_sup, crd_sup, nv_sup, v_sup, no_pi_chk, p_i_i_sup, luiclr;
    std::uint8_t lu_coll_type, r_sup, rtd_sup, hssrelef, cbcs, multi_i_t_nexus_microcode_download;
    std::uint16_t extended_self_test_completion_minutes;
    std::uint8_t poa_sup, hra_sup, vsa_sup, dms_valid, maximum_supported_sense_data_length;
    std::uint8_t ibs, ias, sac, nrd1, nrd0;
    std::uint16_t maximum_inquiry_change_logs, maximum_mode_page_change_logs;
    std::uint8_t dm_md_4, dm_md_5, dm_md_6, dm_md_7, dm_md_d, dm_md_e, dm_md_f;
};

MPIO_USAGE_API int mpio_gate_parse_extended_inquiry_data(const std::uint8_t* data, std::size_t size,
                                                         mpio_gate_extended_inquiry_data* out)
{
    const auto r = s::parse_extended_inquiry_data(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (out == nullptr) return code(mpio::errc::invalid_argument);
    mpio_gate_extended_inquiry_data& o = *out;
    fill_page(r->header(), data, &o.header);
    o.has_all_fields = flag(r->has_all_fields());
    o.activate_microcode = static_cast<std::uint8_t>(r->activate_microcode());
    o.spt = r->spt();
    o.spt_block_device = static_cast<std::uint8_t>(r->spt_block_device());
    o.grd_chk = flag(r->grd_chk());
    o.app_chk = flag(r->app_chk());
    o.ref_chk = flag(r->ref_chk());
    o.uask_sup = flag(r->uask_sup());
    o.group_sup = flag(r->group_sup());
    o.prior_sup = flag(r->prior_sup());
    o.headsup = flag(r->headsup());
    o.ordsup = flag(r->ordsup());
    o.simpsup = flag(r->simpsup());
    o.wu_sup = flag(r->wu_sup());
    o.crd_sup = flag(r->crd_sup());
    o.nv_sup = flag(r->nv_sup());
    o.v_sup = flag(r->v_sup());
    o.no_pi_chk = flag(r->no_pi_chk());
    o.p_i_i_sup = flag(r->p_i_i_sup());
    o.luiclr = flag(r->luiclr());
    o.lu_coll_type = static_cast<std::uint8_t>(r->lu_coll_type());
    o.r_sup = flag(r->r_sup());
    o.rtd_sup = flag(r->rtd_sup());
    o.hssrelef = flag(r->hssrelef());
    o.cbcs = flag(r->cbcs());
    o.multi_i_t_nexus_microcode_download = r->multi_i_t_nexus_microcode_download();
    o.extended_self_test_completion_minutes = r->extended_self_test_completion_minutes();
    o.poa_sup = flag(r->poa_sup());
    o.hra_sup = flag(r->hra_sup());
    o.vsa_sup = flag(r->vsa_sup());
    o.dms_valid = flag(r->dms_valid());
    o.maximum_supported_sense_data_length = r->maximum_supported_sense_data_length();
    o.ibs = flag(r->ibs());
    o.ias = flag(r->ias());
    o.sac = flag(r->sac());
    o.nrd1 = flag(r->nrd1());
    o.nrd0 = flag(r->nrd0());
    o.maximum_inquiry_change_logs = r->maximum_inquiry_change_logs();
    o.maximum_mode_page_change_logs = r->maximum_mode_page_change_logs();
    o.dm_md_4 = flag(r->dm_md_4());
    o.dm_md_5 = flag(r->dm_md_5());
    o.dm_md_6 = flag(r->dm_md_6());
    o.dm_md_7 = flag(r->dm_md_7());
    o.dm_md_d = flag(r->dm_md_d());
    o.dm_md_e = flag(r->dm_md_e());
    o.dm_md_f = flag(r->dm_md_f());
    return code(mpio::errc::none);
}

MPIO_USAGE_API const char* mpio_gate_block_protection_types_name(std::uint8_t spt)
{
    return s::to_string(static_cast<s::block_protection_types>(spt));
}

MPIO_USAGE_API const char* mpio_gate_activate_microcode_name(std::uint8_t value)
{
    return s::to_string(static_cast<s::activate_microcode>(value));
}

MPIO_USAGE_API const char* mpio_gate_lu_coll_type_name(std::uint8_t value)
{
    return s::to_string(static_cast<s::lu_coll_type>(value));
}

// ------------------------------------------------- Mode Page Policy (87h)

struct mpio_gate_mode_page_policy {
    std::size_t offset;
    std::uint8_t policy_page_code, policy_subpage_code, mlus, mode_page_policy, applies_to_all_pages;
};

namespace {
mpio_gate_mode_page_policy policy_of(const s::mode_page_policy_descriptor& d)
{
    return {d.offset(),
            d.policy_page_code(),
            d.policy_subpage_code(),
            flag(d.mlus()),
            static_cast<std::uint8_t>(d.mode_page_policy()),
            flag(d.applies_to_all_pages())};
}
} // namespace

MPIO_USAGE_API int mpio_gate_walk_mode_page_policies(const std::uint8_t* data, std::size_t size,
                                                     mpio_gate_mode_page_policy* policies, std::size_t capacity,
                                                     mpio_gate_list_status* status)
{
    const auto r = s::parse_mode_page_policy(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const s::mode_page_policy_descriptor_list list = r->descriptors();
    std::size_t n = 0;
    for (const s::mode_page_policy_descriptor d : list) {
        if (policies != nullptr && n < capacity) policies[n] = policy_of(d);
        ++n;
    }
    const mpio::list_status st = list.status();
    fill_status(st, status);
    return code(st.error);
}

// Who shares mode page `page_code`/`subpage_code` (policy_for()).
MPIO_USAGE_API int mpio_gate_mode_page_policy_for(const std::uint8_t* data, std::size_t size, std::uint8_t page_code,
                                                  std::uint8_t subpage_code, mpio_gate_mode_page_policy* out)
{
    const auto r = s::parse_mode_page_policy(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const auto d = r->policy_for(page_code, subpage_code);
    if (d && out != nullptr) *out = policy_of(*d);
    return code(d.error());
}

MPIO_USAGE_API const char* mpio_gate_mode_page_policy_name(std::uint8_t policy)
{
    return s::to_string(static_cast<s::mode_page_policy_value>(policy));
}

// -------------------------------------------------------- SCSI Ports (88h)

struct mpio_gate_scsi_port {
    std::size_t offset; // in the descriptor list
    std::uint16_t relative_port_identifier, initiator_port_transportid_length, target_port_descriptors_length;
    mpio_gate_span initiator_port_transportid;
    mpio_gate_list_status target_port_descriptors; // the designation descriptor walk
    mpio_gate_designator first_target_port_descriptor;
};

namespace {
void fill_port(const s::scsi_port_designation_descriptor& d, const std::uint8_t* input, mpio_gate_scsi_port& o)
{
    o = mpio_gate_scsi_port{};
    o.offset = d.offset();
    o.relative_port_identifier = d.relative_port_identifier();
    o.initiator_port_transportid_length = d.initiator_port_transportid_length();
    o.target_port_descriptors_length = d.target_port_descriptors_length();
    o.initiator_port_transportid = span_of(d.initiator_port_transportid(), input);
    const s::designation_descriptor_list list = d.target_port_descriptors();
    bool first = true;
    for (const s::designation_descriptor t : list) {
        if (first) fill_designator(t, input, &o.first_target_port_descriptor);
        first = false;
    }
    fill_status(list.status(), &o.target_port_descriptors);
}
} // namespace

MPIO_USAGE_API int mpio_gate_walk_scsi_ports(const std::uint8_t* data, std::size_t size, mpio_gate_scsi_port* ports,
                                             std::size_t capacity, mpio_gate_list_status* status)
{
    const auto r = s::parse_scsi_ports(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const s::scsi_port_designation_descriptor_list list = r->ports();
    std::size_t n = 0;
    for (const s::scsi_port_designation_descriptor d : list) {
        if (ports != nullptr && n < capacity) fill_port(d, data, ports[n]);
        ++n;
    }
    const mpio::list_status st = list.status();
    fill_status(st, status);
    return code(st.error);
}

MPIO_USAGE_API int mpio_gate_find_scsi_port(const std::uint8_t* data, std::size_t size, std::uint16_t relative_port,
                                            mpio_gate_scsi_port* out)
{
    const auto r = s::parse_scsi_ports(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const auto d = r->find(relative_port);
    if (d && out != nullptr) fill_port(*d, data, *out);
    return code(d.error());
}

// ------------------------------------------------------ Block Limits (B0h)

// Every field with its presence bit (bit i of `present`, in the order below).
struct mpio_gate_block_limits {
    mpio_gate_vpd_page header;
    std::uint32_t present;
    std::uint8_t has_all_fields, wsnz, maximum_compare_and_write_length, ugavalid;
    std::uint16_t optimal_transfer_length_granularity;
    std::uint32_t maximum_transfer_length, optimal_transfer_length, maximum_prefetch_length;
    std::uint32_t maximum_unmap_lba_count, maximum_unmap_block_descriptor_count, optimal_unmap_granularity;
    std::uint32_t unmap_granularity_alignment;
    std::uint64_t maximum_write_same_length;
    std::uint32_t maximum_atomic_transfer_length, atomic_alignment, atomic_transfer_length_granularity;
    std::uint32_t maximum_atomic_transfer_length_with_atomic_boundary, maximum_atomic_boundary_size;
};

MPIO_USAGE_API int mpio_gate_parse_block_limits(const std::uint8_t* data, std::size_t size, mpio_gate_block_limits* out)
{
    const auto r = s::parse_block_limits(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (out == nullptr) return code(mpio::errc::invalid_argument);
    mpio_gate_block_limits& o = *out;
    fill_page(r->header(), data, &o.header);
    const bool has[] = {r->has_wsnz(),
                        r->has_maximum_compare_and_write_length(),
                        r->has_optimal_transfer_length_granularity(),
                        r->has_maximum_transfer_length(),
                        r->has_optimal_transfer_length(),
                        r->has_maximum_prefetch_length(),
                        r->has_maximum_unmap_lba_count(),
                        r->has_maximum_unmap_block_descriptor_count(),
                        r->has_optimal_unmap_granularity(),
                        r->has_unmap_granularity_alignment(),
                        r->has_maximum_write_same_length(),
                        r->has_maximum_atomic_transfer_length(),
                        r->has_atomic_alignment(),
                        r->has_atomic_transfer_length_granularity(),
                        r->has_maximum_atomic_transfer_length_with_atomic_boundary(),
                        r->has_maximum_atomic_boundary_size()};
    o.present = 0;
    for (unsigned i = 0; i < sizeof has / sizeof has[0]; ++i)
        if (has[i]) o.present |= 1u << i;
    o.has_all_fields = flag(r->has_all_fields());
    o.wsnz = flag(r->wsnz());
    o.maximum_compare_and_write_length = r->maximum_compare_and_write_length();
    o.optimal_transfer_length_granularity = r->optimal_transfer_length_granularity();
    o.maximum_transfer_length = r->maximum_transfer_length();
    o.optimal_transfer_length = r->optimal_transfer_length();
    o.maximum_prefetch_length = r->maximum_prefetch_length();
    o.maximum_unmap_lba_count = r->maximum_unmap_lba_count();
    o.maximum_unmap_block_descriptor_count = r->maximum_unmap_block_descriptor_count();
    o.optimal_unmap_granularity = r->optimal_unmap_granularity();
    o.ugavalid = flag(r->ugavalid());
    o.unmap_granularity_alignment = r->unmap_granularity_alignment();
    o.maximum_write_same_length = r->maximum_write_same_length();
    o.maximum_atomic_transfer_length = r->maximum_atomic_transfer_length();
    o.atomic_alignment = r->atomic_alignment();
    o.atomic_transfer_length_granularity = r->atomic_transfer_length_granularity();
    o.maximum_atomic_transfer_length_with_atomic_boundary = r->maximum_atomic_transfer_length_with_atomic_boundary();
    o.maximum_atomic_boundary_size = r->maximum_atomic_boundary_size();
    return code(mpio::errc::none);
}

// ------------------------------------ Block Device Characteristics (B1h)

struct mpio_gate_block_device_characteristics {
    mpio_gate_vpd_page header;
    std::uint8_t has_all_fields, non_rotating_medium, has_nominal_rotation_rate;
    std::uint16_t medium_rotation_rate;
    std::uint8_t product_type, wabereq, wacereq, nominal_form_factor, zoned, bocs, fuab, vbuls;
    std::uint32_t depopulation_time;
};

MPIO_USAGE_API int mpio_gate_parse_block_device_characteristics(const std::uint8_t* data, std::size_t size,
                                                                mpio_gate_block_device_characteristics* out)
{
    const auto r = s::parse_block_device_characteristics(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (out == nullptr) return code(mpio::errc::invalid_argument);
    mpio_gate_block_device_characteristics& o = *out;
    fill_page(r->header(), data, &o.header);
    o.has_all_fields = flag(r->has_all_fields());
    o.non_rotating_medium = flag(r->non_rotating_medium());
    o.has_nominal_rotation_rate = flag(r->has_nominal_rotation_rate());
    o.medium_rotation_rate = r->medium_rotation_rate();
    o.product_type = static_cast<std::uint8_t>(r->product_type());
    o.wabereq = r->wabereq();
    o.wacereq = r->wacereq();
    o.nominal_form_factor = static_cast<std::uint8_t>(r->nominal_form_factor());
    o.zoned = static_cast<std::uint8_t>(r->zoned());
    o.bocs = flag(r->bocs());
    o.fuab = flag(r->fuab());
    o.vbuls = flag(r->vbuls());
    o.depopulation_time = r->depopulation_time();
    return code(mpio::errc::none);
}

MPIO_USAGE_API const char* mpio_gate_product_type_name(std::uint8_t type)
{
    return s::to_string(static_cast<s::product_type>(type));
}

MPIO_USAGE_API const char* mpio_gate_nominal_form_factor_name(std::uint8_t value)
{
    return s::to_string(static_cast<s::nominal_form_factor>(value));
}

MPIO_USAGE_API const char* mpio_gate_zoned_name(std::uint8_t value)
{
    return s::to_string(static_cast<s::zoned>(value));
}

// -------------------------------------- Logical Block Provisioning (B2h)

struct mpio_gate_logical_block_provisioning {
    mpio_gate_vpd_page header;
    std::uint8_t has_all_fields, threshold_exponent, lbpu, lbpws, lbpws10, lbprz, lbprz_meaning, anc_sup, dp;
    std::uint8_t minimum_percentage, provisioning_type, threshold_percentage;
    int provisioning_group_descriptor_error; // errc of provisioning_group_descriptor()
    mpio_gate_designator provisioning_group_descriptor;
};

MPIO_USAGE_API int mpio_gate_parse_logical_block_provisioning(const std::uint8_t* data, std::size_t size,
                                                              mpio_gate_logical_block_provisioning* out)
{
    const auto r = s::parse_logical_block_provisioning(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (out == nullptr) return code(mpio::errc::invalid_argument);
    mpio_gate_logical_block_provisioning& o = *out;
    fill_page(r->header(), data, &o.header);
    o.has_all_fields = flag(r->has_all_fields());
    o.threshold_exponent = r->threshold_exponent();
    o.lbpu = flag(r->lbpu());
    o.lbpws = flag(r->lbpws());
    o.lbpws10 = flag(r->lbpws10());
    o.lbprz = r->lbprz();
    o.lbprz_meaning = static_cast<std::uint8_t>(r->lbprz_meaning());
    o.anc_sup = flag(r->anc_sup());
    o.dp = flag(r->dp());
    o.minimum_percentage = r->minimum_percentage();
    o.provisioning_type = static_cast<std::uint8_t>(r->provisioning_type());
    o.threshold_percentage = r->threshold_percentage();
    const mpio::result<s::designation_descriptor> d = r->provisioning_group_descriptor();
    o.provisioning_group_descriptor_error = code(d.error());
    if (d)
        fill_designator(*d, data, &o.provisioning_group_descriptor);
    else
        o.provisioning_group_descriptor = mpio_gate_designator{};
    return code(mpio::errc::none);
}

MPIO_USAGE_API const char* mpio_gate_provisioning_type_name(std::uint8_t type)
{
    return s::to_string(static_cast<s::provisioning_type>(type));
}

MPIO_USAGE_API const char* mpio_gate_lbprz_meaning_name(std::uint8_t meaning)
{
    return s::to_string(static_cast<s::lbprz_meaning>(meaning));
}

// ------------------------------------------------------------------ identity
//
// The identity layer as a driver would call it: every scheme by name (so a
// scheme added to mpio::ident::schemes is covered without a new wrapper), the
// path identity, hardware IDs and DSM claim arbitration.

MPIO_USAGE_API std::size_t mpio_gate_identity_scheme_count() { return mpio::ident::scheme_count; }

MPIO_USAGE_API int mpio_gate_derive_path_identity(const std::uint8_t* vpd83, std::size_t size, char* text,
                                                  std::size_t text_size, std::size_t* error_offset)
{
    const auto page = mpio::scsi::parse_device_identification(mpio::byte_view(vpd83, size));
    if (!page) return code(page.error());
    const mpio::ident::derived_path_identity d = mpio::ident::derive_path_identity(*page);
    if (error_offset != nullptr) *error_offset = d.error_offset;
    const auto rendered = mpio::ident::render_path_identity(d.identity);
    if (text != nullptr && text_size > 0) {
        std::size_t i = 0;
        for (; i + 1 < text_size && rendered.c_str()[i] != '\0'; ++i) text[i] = rendered.c_str()[i];
        text[i] = '\0';
    }
    return code(d.error);
}

// The DSM decision for one device: which of two claimers (a vendor DSM with a
// supported-device list, then the generic one) claims it; -1 for none.
MPIO_USAGE_API int mpio_gate_claim_device(const std::uint8_t* inquiry, std::size_t size, const char* vendor_entry,
                                          int bus_type)
{
    const auto inq = mpio::scsi::parse_standard_inquiry(mpio::byte_view(inquiry, size));
    if (!inq) return -1;
    mpio::ident::supported_device_list<4> vendor_list;
    if (!vendor_list.add(vendor_entry)) return -1;
    mpio::ident::supported_device_list<1> generic_list;
    if (!generic_list.add("MSFT2005iSCSIBusType_0x9")) return -1;
    const mpio::ident::claimer claimers[] = {
        {"msdsm", generic_list.entries(), mpio::ident::match_mode::mpio_prefix, true},
        {"vendor", vendor_list.entries(), mpio::ident::match_mode::mpio_prefix, false},
    };
    const mpio::ident::device_description device{mpio::ident::hardware_id::from_inquiry(*inq),
                                                 static_cast<mpio::ident::bus_type>(bus_type)};
    const mpio::ident::claim_result r = mpio::ident::arbitrate(claimers, device);
    return r.claimed() ? static_cast<int>(r.index()) : -1;
}

// ---------------------------------------------------------------- topology
// A fixed-capacity topology (8 devices, 32 paths, no heap) in static storage,
// constant-initialised: the discovery flow (every claimer generic, scheme
// mpio), removal with the remove period, expiry and the best path group.
namespace {
struct usage_claim_all {
    bool claims(const mpio::ident::device_description&) const { return true; }
    bool is_generic() const { return true; }
};
using usage_topology = mpio::topology::topology_store<8, 32, 8, 8>;
constinit usage_topology usage_topology_store{};
constinit mpio::ident::device_identity usage_identity_scratch{};
} // namespace

// Returns the discovery_outcome (>= 0) and the device index through *device.
MPIO_USAGE_API int mpio_gate_topology_add_path(std::uint64_t handle, const std::uint8_t* inquiry,
                                               std::size_t inquiry_size, const std::uint8_t* vpd80,
                                               std::size_t vpd80_size, const std::uint8_t* vpd83,
                                               std::size_t vpd83_size, const std::uint8_t* rtpg, std::size_t rtpg_size,
                                               std::uint64_t now, std::uint32_t* device)
{
    mpio::topology::path_report r;
    r.handle = handle;
    r.input = {mpio::byte_view(inquiry, inquiry_size), mpio::byte_view(vpd80, vpd80_size),
               mpio::byte_view(vpd83, vpd83_size)};
    r.rtpg = mpio::byte_view(rtpg, rtpg_size);
    const usage_claim_all claimers[1]{};
    const mpio::topology::discovery_result d = mpio::topology::discover_path<mpio::ident::mpio_scheme>(
        usage_identity_scratch, usage_topology_store, claimers, 1, r, now);
    if (device != nullptr) *device = d.device;
    return static_cast<int>(d.outcome);
}

MPIO_USAGE_API int mpio_gate_topology_remove_path(std::uint64_t handle, std::uint64_t now)
{
    return code(usage_topology_store.remove_path(handle, now).error());
}

MPIO_USAGE_API std::size_t mpio_gate_topology_expire(std::uint64_t now) { return usage_topology_store.expire(now); }

// The best group's priority under a multipath-tools grouping policy (0..5),
// or -2 when no group has a usable path.
MPIO_USAGE_API int mpio_gate_topology_best_group_priority(std::uint32_t device, int policy)
{
    const auto g = mpio::topology::group_device<8>(usage_topology_store, device,
                                                   static_cast<mpio::topology::grouping_policy>(policy));
    if (!g) return -2;
    const auto best = g->best_group();
    return best ? g->group(*best).priority : -2;
}

// ------------------------------------------------------------------- policy
// A C driver keeps a selector in storage it owns (mpio_gate_policy_size() bytes,
// pointer-aligned; mpio_gate_lqd_size() bytes aligned to mpio_gate_lqd_align(), a cache
// line) and calls these per I/O. Two shapes: the run-time
// choice over every single-threaded MSDSM policy (firmware), and the
// lock-free least queue depth (kernels: the atomics must not become
// __atomic_* library calls).

namespace {
using usage_any_policy = mpio::policy::any_selector<32, mpio::policy::single_thread>;
using usage_lqd_policy = mpio::policy::least_queue_depth<32, mpio::policy::concurrent>;

template <class P>
P* policy_at(void* storage)
{
    return static_cast<P*>(storage);
}
mpio::policy::io_request usage_io(int direction, std::uint64_t lba, std::uint32_t blocks, std::uint32_t bytes)
{
    mpio::policy::io_request io;
    io.direction = static_cast<mpio::policy::io_direction>(direction);
    io.lba = lba;
    io.blocks = blocks;
    io.bytes = bytes;
    return io;
}
mpio::policy::path_attributes usage_path(int alua, std::uint32_t weight, int preferred)
{
    mpio::policy::path_attributes a;
    a.alua = static_cast<mpio::scsi::asymmetric_access_state>(alua);
    a.weight = weight;
    a.preferred = preferred != 0;
    return a;
}
int report_slot(const mpio::result<mpio::policy::slot_index>& r, int* slot)
{
    if (slot != nullptr) *slot = r ? r.value() : -1;
    return code(r.error());
}
template <class P>
int construct_policy(void* storage, std::size_t size)
{
    if (storage == nullptr || size < sizeof(P) || reinterpret_cast<std::uintptr_t>(storage) % alignof(P) != 0)
        return code(mpio::errc::invalid_argument);
    ::new (storage) P();
    return 0;
}
} // namespace

MPIO_USAGE_API std::size_t mpio_gate_lqd_size(void) { return sizeof(usage_lqd_policy); }
MPIO_USAGE_API std::size_t mpio_gate_lqd_align(void) { return alignof(usage_lqd_policy); }

MPIO_USAGE_API int mpio_gate_lqd_init(void* storage, std::size_t size)
{
    return construct_policy<usage_lqd_policy>(storage, size);
}

MPIO_USAGE_API int mpio_gate_lqd_add_path(void* storage, int slot, int alua)
{
    return code(policy_at<usage_lqd_policy>(storage)
                    ->add_path(static_cast<mpio::policy::slot_index>(slot), usage_path(alua, 0, 0))
                    .error());
}

MPIO_USAGE_API int mpio_gate_lqd_fail_path(void* storage, int slot)
{
    return code(policy_at<usage_lqd_policy>(storage)->fail_path(static_cast<mpio::policy::slot_index>(slot)).error());
}

MPIO_USAGE_API int mpio_gate_lqd_start_io(void* storage, std::uint32_t bytes, int* slot)
{
    auto* p = policy_at<usage_lqd_policy>(storage);
    const mpio::policy::io_request io = usage_io(0, 0, bytes / 512, bytes);
    const auto r = p->select(io);
    if (r) p->start(*r, io);
    return report_slot(r, slot);
}

MPIO_USAGE_API void mpio_gate_lqd_complete_io(void* storage, int slot, std::uint32_t bytes, std::uint64_t service_time)
{
    policy_at<usage_lqd_policy>(storage)->complete(static_cast<mpio::policy::slot_index>(slot),
                                                   usage_io(0, 0, bytes / 512, bytes), service_time,
                                                   mpio::policy::io_status::success);
}

// ----------------------------------------------------------------- recovery
// Error interpretation, the per-request retry budget, the per-path lifecycle
// and the ALUA failover choice, in C shapes: enums as int, decisions and
// steps as plain structs, the stateful objects in storage the caller owns
// (mpio_gate_retry_budget_size() / mpio_gate_path_lifecycle_size() bytes, 8-aligned).

struct mpio_gate_recovery_decision {
    int action, reason, consumes_budget, delay, effect;
};
struct mpio_gate_retry_step {
    int retry, action, reason;
    std::uint64_t not_before;
};
struct mpio_gate_tpg_candidate {
    std::uint16_t group;
    std::uint8_t state, preferred, reachable;
};

namespace {
namespace rcv = mpio::recovery;
rcv::decision from_c(const mpio_gate_recovery_decision& d)
{
    return {static_cast<rcv::action>(d.action), static_cast<rcv::reason>(d.reason), d.consumes_budget != 0,
            static_cast<rcv::retry_delay>(d.delay), static_cast<rcv::path_effect>(d.effect)};
}
template <class T, class... Args>
int construct_at_storage(void* storage, std::size_t size, Args... args)
{
    if (storage == nullptr || size < sizeof(T) || reinterpret_cast<std::uintptr_t>(storage) % alignof(T) != 0)
        return code(mpio::errc::invalid_argument);
    ::new (storage) T(args...);
    return 0;
}
} // namespace

// MPIO's settings (seconds) with Microsoft's defaults, and their check.
MPIO_USAGE_API int mpio_gate_recovery_default_settings(std::uint32_t out[9])
{
    if (out == nullptr) return code(mpio::errc::invalid_argument);
    const rcv::mpio_settings s = rcv::microsoft_defaults;
    const std::uint32_t v[9] = {s.path_verify_enabled ? 1u : 0u,
                                s.path_verification_period,
                                s.pdo_remove_period,
                                s.retry_count,
                                s.retry_interval,
                                s.use_custom_path_recovery_interval ? 1u : 0u,
                                s.path_recovery_interval,
                                s.disk_timeout,
                                s.alua_transition_time};
    for (int i = 0; i < 9; ++i) out[i] = v[i];
    return code(s.validate().error());
}

MPIO_USAGE_API std::size_t mpio_gate_retry_budget_size(void) { return sizeof(rcv::retry_budget); }

MPIO_USAGE_API int mpio_gate_retry_budget_init(void* storage, std::size_t size, std::uint32_t retry_count,
                                               std::uint32_t max_uncounted, std::uint64_t retry_interval,
                                               std::uint64_t transition_time)
{
    rcv::retry_limits l;
    l.retry_count = retry_count;
    l.max_uncounted = max_uncounted;
    l.retry_interval = retry_interval;
    l.transition_time = transition_time;
    return construct_at_storage<rcv::retry_budget>(storage, size, l);
}

MPIO_USAGE_API int mpio_gate_retry_budget_next(void* storage, const mpio_gate_recovery_decision* d, std::uint64_t now,
                                               mpio_gate_retry_step* out)
{
    if (storage == nullptr || d == nullptr || out == nullptr) return code(mpio::errc::invalid_argument);
    const rcv::retry_step s = static_cast<rcv::retry_budget*>(storage)->next(from_c(*d), now);
    *out = {s.retry ? 1 : 0, static_cast<int>(s.action), static_cast<int>(s.reason), s.not_before};
    return 0;
}

MPIO_USAGE_API std::size_t mpio_gate_path_lifecycle_size(void) { return sizeof(rcv::path_lifecycle); }

// Timers in ticks; failback_mode as mpio::recovery::failback_mode.
MPIO_USAGE_API int mpio_gate_path_lifecycle_init(void* storage, std::size_t size, int alua, int periodic,
                                                 std::uint64_t verification_period, std::uint64_t recovery_interval,
                                                 std::uint64_t pending_poll, std::uint64_t remove_period,
                                                 int failback_mode, std::uint64_t failback_defer,
                                                 std::uint32_t flaky_threshold, std::uint64_t flaky_window,
                                                 std::uint64_t flaky_recovery, int preferred)
{
    rcv::lifecycle_config c;
    c.alua = alua != 0;
    c.periodic_verification = periodic != 0;
    c.verification_period = verification_period;
    c.recovery_interval = recovery_interval;
    c.pending_poll = pending_poll;
    c.remove_period = remove_period;
    c.failback = {static_cast<rcv::failback_mode>(failback_mode), failback_defer};
    c.flaky = {flaky_threshold, flaky_window, flaky_recovery};
    return construct_at_storage<rcv::path_lifecycle>(storage, size, c, preferred != 0);
}

MPIO_USAGE_API void mpio_gate_path_lifecycle_failback_now(void* storage)
{
    if (storage) static_cast<rcv::path_lifecycle*>(storage)->failback_now();
}
// mpio::topology::path_state, and mpio::recovery::eligibility.
MPIO_USAGE_API int mpio_gate_path_lifecycle_state(const void* storage)
{
    return storage ? static_cast<int>(static_cast<const rcv::path_lifecycle*>(storage)->state()) : -1;
}
MPIO_USAGE_API int mpio_gate_path_lifecycle_eligibility(const void* storage, std::uint64_t now)
{
    return storage ? static_cast<int>(static_cast<const rcv::path_lifecycle*>(storage)->io_eligibility(now)) : -1;
}

// The target port group to activate (index into groups), and the STPG that does it.
MPIO_USAGE_API int mpio_gate_choose_stpg_target(const mpio_gate_tpg_candidate* groups, std::size_t count,
                                                std::size_t* index)
{
    if (groups == nullptr || index == nullptr || count > 64) return code(mpio::errc::invalid_argument);
    rcv::tpg_candidate c[64];
    for (std::size_t i = 0; i < count; ++i)
        c[i] = {groups[i].group, static_cast<mpio::scsi::asymmetric_access_state>(groups[i].state),
                groups[i].preferred != 0, groups[i].reachable != 0};
    const auto r = rcv::choose_stpg_target(c, count);
    *index = r ? *r : count;
    return code(r.error());
}

MPIO_USAGE_API int mpio_gate_build_activation_stpg(std::uint8_t* cdb, std::size_t cdb_size, std::uint8_t* parameters,
                                                   std::size_t parameters_size, std::uint16_t group,
                                                   std::size_t* parameter_length)
{
    return report(rcv::build_activation_stpg(mpio::mutable_byte_view(cdb, cdb_size),
                                             mpio::mutable_byte_view(parameters, parameters_size), group),
                  parameter_length);
}

// ------------------------------------------------- persistent reservations

// PR IN data (READ KEYS): the number of keys, errc when malformed.
MPIO_USAGE_API int mpio_gate_pr_read_keys(const std::uint8_t* data, std::size_t size, std::uint32_t* keys)
{
    const auto r = mpio::scsi::parse_pr_read_keys(mpio::byte_view(data, size));
    if (keys != nullptr) *keys = r ? r->key_count() : 0;
    return code(r.error());
}

// PR IN data (READ FULL STATUS, REPORT CAPABILITIES), and one TransportID.
MPIO_USAGE_API int mpio_gate_pr_full_status(const std::uint8_t* data, std::size_t size)
{
    return code(mpio::scsi::parse_pr_read_full_status(mpio::byte_view(data, size)).error());
}
MPIO_USAGE_API int mpio_gate_pr_capabilities(const std::uint8_t* data, std::size_t size)
{
    return code(mpio::scsi::parse_pr_report_capabilities(mpio::byte_view(data, size)).error());
}
MPIO_USAGE_API int mpio_gate_transport_id(const std::uint8_t* data, std::size_t size)
{
    return code(mpio::scsi::parse_transport_id(mpio::byte_view(data, size)).error());
}

// PERSISTENT RESERVE OUT: the CDB and its basic parameter list (key, service
// action key, ALL_TG_PT / APTPL; no TransportIDs).
MPIO_USAGE_API int mpio_gate_build_pr_out(std::uint8_t* cdb, std::size_t cdb_size, std::uint8_t* parameters,
                                          std::size_t parameters_size, std::uint8_t service_action, std::uint8_t type,
                                          std::uint64_t key, std::uint64_t service_action_key, int all_tg_pt, int aptpl,
                                          std::size_t* parameter_length)
{
    mpio::scsi::pr_out_parameters p;
    p.reservation_key = key;
    p.service_action_reservation_key = service_action_key;
    p.all_tg_pt = all_tg_pt != 0;
    p.aptpl = aptpl != 0;
    const auto action = static_cast<mpio::scsi::pr_out_service_action>(service_action);
    const auto list =
        mpio::scsi::build_pr_out_parameter_list(mpio::mutable_byte_view(parameters, parameters_size), action, p);
    if (!list) return report(list, parameter_length);
    const auto c = mpio::scsi::build_persistent_reserve_out(mpio::mutable_byte_view(cdb, cdb_size), action,
                                                            static_cast<mpio::scsi::pr_type>(type),
                                                            static_cast<std::uint32_t>(*list));
    if (!c) return report(c, parameter_length);
    return report(list, parameter_length);
}

// ------------------------------------------------------------------ NVMe

// The ANA log page (0Ch): its group count, errc when the kernel's rules refuse it.
MPIO_USAGE_API int mpio_gate_nvme_ana_log(const std::uint8_t* data, std::size_t size, std::uint16_t* groups)
{
    const auto r = mpio::nvme::parse_ana_log(mpio::byte_view(data, size));
    if (groups != nullptr) *groups = r ? r->ngrps() : 0;
    return code(r.error());
}

// Identify Controller's ANATT and Identify Namespace's ANAGRPID.
MPIO_USAGE_API int mpio_gate_nvme_identify(const std::uint8_t* controller, std::size_t controller_size,
                                           const std::uint8_t* ns, std::size_t ns_size, std::uint8_t* anatt,
                                           std::uint32_t* anagrpid)
{
    const auto c = mpio::nvme::parse_identify_controller(mpio::byte_view(controller, controller_size));
    if (!c) return code(c.error());
    const auto n = mpio::nvme::parse_identify_namespace(mpio::byte_view(ns, ns_size));
    if (!n) return code(n.error());
    if (anatt != nullptr) *anatt = c->anatt();
    if (anagrpid != nullptr) *anagrpid = n->anagrpid();
    return code(mpio::errc::none);
}

// The namespace identification descriptor list (CNS 03h): errc of the walk.
MPIO_USAGE_API int mpio_gate_nvme_ns_descriptors(const std::uint8_t* data, std::size_t size)
{
    const auto r = mpio::nvme::parse_namespace_identification_descriptors(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    mpio::nvme::namespace_ids ids;
    return code(mpio::nvme::collect_namespace_ids(*r, ids).error);
}

// A completion queue entry's status: SCT << 8 | SC, DNR in bit 15.
MPIO_USAGE_API int mpio_gate_nvme_completion(const std::uint8_t* data, std::size_t size, std::uint16_t* status)
{
    const auto r = mpio::nvme::parse_completion_queue_entry(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    const mpio::nvme::completion_status st = r->status();
    if (status != nullptr)
        *status =
            static_cast<std::uint16_t>((st.dnr() ? 0x8000u : 0u) | (static_cast<unsigned>(st.sct()) << 8) | st.sc());
    return code(mpio::errc::none);
}

// The admin commands as 64-byte submission queue entries: Identify (CNS 00h,
// 01h, 03h) and Get Log Page for the ANA log.
MPIO_USAGE_API int mpio_gate_nvme_build_identify(std::uint8_t cns, std::uint32_t nsid, std::uint8_t* sqe,
                                                 std::size_t sqe_size, std::size_t* written)
{
    const auto c = mpio::nvme::build_identify(static_cast<mpio::nvme::identify_cns>(cns), nsid);
    if (!c) {
        if (written != nullptr) *written = 0;
        return code(c.error());
    }
    return report(mpio::nvme::serialize_submission_queue_entry(*c, mpio::mutable_byte_view(sqe, sqe_size)), written);
}
MPIO_USAGE_API int mpio_gate_nvme_build_ana_log_read(std::uint64_t length, std::uint64_t offset, int rgo, int rae,
                                                     std::uint8_t* sqe, std::size_t sqe_size, std::size_t* written)
{
    const auto c = mpio::nvme::build_get_ana_log_page(length, offset, rgo != 0, rae != 0);
    if (!c) {
        if (written != nullptr) *written = 0;
        return code(c.error());
    }
    return report(mpio::nvme::serialize_submission_queue_entry(*c, mpio::mutable_byte_view(sqe, sqe_size)), written);
}

} // namespace mpio_gate
