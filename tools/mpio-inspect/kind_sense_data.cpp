// SPDX-License-Identifier: MIT
// kind_sense_data.cpp - sense data (SPC-6 4.4): fixed format (70h/71h) with
// every field of bytes 0..17, descriptor format (72h/73h) with every sense
// data descriptor decoded by type (forwarded sense data decoded in turn), the
// sense key name, T10's ASC/ASCQ text and the sense key specific field.
#include <string>

#include <fmt/format.h>

#include <mpio/core/fixed_text.hpp>
#include <mpio/scsi/asc_ascq.hpp>
#include <mpio/scsi/sense_data.hpp>

#include "kinds.hpp"
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

detection detect(mpio::byte_view data)
{
    using v = detection::verdict;
    if (data.size() < 8) return {v::impossible, "fewer than 8 bytes", data.size()};
    // RESPONSE CODE (byte 0, bits 6..0); bit 7 is VALID in the fixed format.
    const unsigned response_code = data[0] & 0x7fu;
    if (response_code < 0x70 || response_code > 0x73)
        return {v::impossible, fmt::format("response code 0x{:02x} is not 0x70..0x73", response_code), 0};
    const auto parsed = scsi::parse_sense_data(data);
    if (!parsed) return {v::impossible, mpio::errc_message(parsed.error()), 0};
    const scsi::sense_data& sense = *parsed;
    const std::string what =
        fmt::format("response code 0x{:02x}: {} sense data, additional sense length {}", response_code,
                    to_string(sense.response_code()), sense.additional_sense_length());
    // A descriptor list that does not fit is weaker evidence, but the
    // response code already rules out every other kind: decoding it shows
    // the problem, which "unrecognized" would hide.
    if (sense.format() == scsi::sense_data_format::descriptor && !sense.truncated()) {
        const mpio::list_status status = sense.descriptor().descriptors().status();
        if (!status.ok())
            return {v::plausible,
                    fmt::format("{}, but its descriptors do not fill it ({} at byte {})", what,
                                mpio::errc_name(status.error), 8 + status.offset),
                    8 + status.offset, detection::confidence::weak};
    }
    // Exactly 8 + ADDITIONAL SENSE LENGTH bytes is strong evidence; a longer
    // buffer (Linux's 96 bytes) or a truncated one is the usual case.
    if (data.size() == sense.required_allocation_length())
        return {v::plausible, what + " (as many bytes as the data holds)", 0, detection::confidence::strong};
    return {v::plausible, what, 0, detection::confidence::medium};
}

// SCSI status codes (SAM-6), for FORWARDED STATUS.
const char* status_name(std::uint8_t status)
{
    switch (status) {
    case 0x00: return "GOOD";
    case 0x02: return "CHECK CONDITION";
    case 0x04: return "CONDITION MET";
    case 0x08: return "BUSY";
    case 0x18: return "RESERVATION CONFLICT";
    case 0x28: return "TASK SET FULL";
    case 0x30: return "ACA ACTIVE";
    case 0x40: return "TASK ABORTED";
    default: return "reserved or obsolete";
    }
}

const char* sense_data_source_name(std::uint8_t source)
{
    switch (source) {
    case scsi::sense_data_source::unknown: return "unknown";
    case scsi::sense_data_source::extended_copy_source: return "EXTENDED COPY command source device";
    case scsi::sense_data_source::extended_copy_destination: return "EXTENDED COPY command destination device";
    default: return "reserved";
    }
}

// "50.00 %" from a PROGRESS INDICATION numerator (integer arithmetic, as the library does).
std::string percent(std::uint16_t progress)
{
    const unsigned basis_points = scsi::progress_basis_points(progress);
    return fmt::format("{}.{:02} %", basis_points / 100, basis_points % 100);
}

// ASC, ASCQ and T10's text for them.
void additional_sense_fields(record& r, std::uint8_t asc, std::uint8_t ascq)
{
    mpio::fixed_text<scsi::additional_sense_text_capacity> text;
    scsi::append_additional_sense(text, asc, ascq);
    r.hex_number("additional_sense_code", "ASC", asc, 2);
    r.hex_number("additional_sense_code_qualifier", "ASCQ", ascq, 2);
    r.plain("additional_sense", "Additional sense", text.c_str());
    r.plain("additional_sense_kind", "", to_string(scsi::classify_additional_sense(asc, ascq)));
}

// The three bytes of SENSE KEY SPECIFIC, decoded per the sense key.
void sense_key_specific_fields(const scsi::sense_key_specific& sks, record& r)
{
    r.flag("sksv", "SKSV", sks.sksv());
    r.plain("format", "Format", to_string(sks.format()));
    r.hex("bytes", "", sks.bytes());
    if (!sks.sksv()) {
        r.hex("", "Bytes (not valid)", sks.bytes());
        return;
    }
    switch (sks.format()) {
    case scsi::sense_key_specific_format::field_pointer:
        r.code("c_d", "C/D", sks.c_d() ? 1 : 0, 0, sks.c_d() ? "in the CDB" : "in the parameter data");
        r.flag("bpv", "BPV", sks.bpv());
        r.number("bit_pointer", "Bit pointer", sks.bit_pointer());
        r.number("field_pointer", "Field pointer", sks.field_pointer());
        break;
    case scsi::sense_key_specific_format::segment_pointer:
        r.code("sd", "SD", sks.sd() ? 1 : 0, 0,
               sks.sd() ? "from the start of the segment descriptor" : "from the start of the parameter list");
        r.flag("bpv", "BPV", sks.bpv());
        r.number("bit_pointer", "Bit pointer", sks.bit_pointer());
        r.number("field_pointer", "Field pointer", sks.field_pointer());
        break;
    case scsi::sense_key_specific_format::actual_retry_count:
        r.number("actual_retry_count", "Actual retry count", sks.actual_retry_count());
        break;
    case scsi::sense_key_specific_format::progress_indication:
        r.code("progress_indication", "Progress indication", sks.progress_indication(), 4,
               percent(sks.progress_indication()));
        break;
    case scsi::sense_key_specific_format::unit_attention_condition_queue:
        r.flag("overflow", "Overflow", sks.overflow());
        break;
    case scsi::sense_key_specific_format::unspecified: r.hex("", "Bytes (unspecified format)", sks.bytes()); break;
    }
}

// Forwarded sense data nests sense data in sense data: a few levels are
// plenty (each level is at least 12 bytes shorter than the one around it).
constexpr unsigned max_depth = 4;

void sense_fields(const scsi::sense_data& sense, std::size_t base, unsigned depth, record& r);

// The typed fields of one descriptor; the error of a descriptor whose length
// does not fit its type.
mpio::errc typed_fields(const scsi::sense_descriptor& d, scsi::sense_key key, std::size_t at, unsigned depth, record& r)
{
    using type = scsi::sense_descriptor_type;
    switch (d.descriptor_type()) {
    case type::information: {
        const auto x = d.as_information();
        if (!x) return x.error();
        r.flag("valid", "VALID", x->valid());
        r.hex_number("information", "Information", x->information(), 16);
        return mpio::errc::none;
    }
    case type::command_specific_information: {
        const auto x = d.as_command_specific_information();
        if (!x) return x.error();
        r.hex_number("command_specific_information", "Command-specific information", x->command_specific_information(),
                     16);
        return mpio::errc::none;
    }
    case type::sense_key_specific: {
        const auto x = d.as_sense_key_specific(key);
        if (!x) return x.error();
        sense_key_specific_fields(*x, r.child("sense_key_specific", "Sense key specific"));
        return mpio::errc::none;
    }
    case type::field_replaceable_unit: {
        const auto x = d.as_field_replaceable_unit();
        if (!x) return x.error();
        r.hex_number("field_replaceable_unit_code", "Field replaceable unit code", x->field_replaceable_unit_code(), 2);
        return mpio::errc::none;
    }
    case type::stream_commands: {
        const auto x = d.as_stream_commands();
        if (!x) return x.error();
        r.flag("filemark", "FILEMARK", x->filemark());
        r.flag("eom", "EOM", x->eom());
        r.flag("ili", "ILI", x->ili());
        return mpio::errc::none;
    }
    case type::block_commands: {
        const auto x = d.as_block_commands();
        if (!x) return x.error();
        r.flag("ili", "ILI", x->ili());
        return mpio::errc::none;
    }
    case type::osd_object_identification:
    case type::osd_response_integrity_check_value:
    case type::osd_attribute_identification:
        r.dump("descriptor_specific", "Descriptor specific", d.descriptor_specific(), "OSD, not decoded");
        return mpio::errc::none;
    case type::ata_status_return: {
        const auto x = d.as_ata_status_return();
        if (!x) return x.error();
        r.flag("extend", "EXTEND", x->extend());
        r.hex_number("error", "ERROR", x->error(), 2);
        r.hex_number("count", "COUNT", x->count(), 4);
        r.hex_number("lba", "LBA", x->lba(), 12);
        r.hex_number("device", "DEVICE", x->device(), 2);
        r.hex_number("status", "STATUS", x->status(), 2);
        return mpio::errc::none;
    }
    case type::another_progress_indication: {
        const auto x = d.as_another_progress_indication();
        if (!x) return x.error();
        r.code("sense_key", "Sense key", raw(x->sense_key()), 1, to_string(x->sense_key()));
        additional_sense_fields(r, x->additional_sense_code(), x->additional_sense_code_qualifier());
        r.code("progress_indication", "Progress indication", x->progress_indication(), 4,
               percent(x->progress_indication()));
        return mpio::errc::none;
    }
    case type::user_data_segment_referral: {
        const auto x = d.as_user_data_segment_referral();
        if (!x) return x.error();
        r.flag("not_all_r", "NOT_ALL_R", x->not_all_r());
        std::vector<record>& list = r.list("referrals", "User data segment referrals");
        const scsi::user_data_segment_referral_list referrals = x->referrals();
        auto it = referrals.begin();
        for (; !it.done(); ++it) {
            const scsi::user_data_segment_referral ref = *it;
            const std::size_t ref_at = at + scsi::user_data_segment_referral_descriptor::min_size + it.offset();
            record item(fmt::format("#{} LBA 0x{:x}..0x{:x} [offset {}, {} bytes]", list.size() + 1,
                                    ref.first_user_data_segment_lba(), ref.last_user_data_segment_lba(), ref_at,
                                    ref.bytes().size()));
            item.number("offset", "", ref_at);
            item.number("number_of_target_port_group_descriptors", "Number of target port group descriptors",
                        ref.number_of_target_port_group_descriptors());
            item.hex_number("first_user_data_segment_lba", "First user data segment LBA",
                            ref.first_user_data_segment_lba(), 16);
            item.hex_number("last_user_data_segment_lba", "Last user data segment LBA",
                            ref.last_user_data_segment_lba(), 16);
            std::vector<record>& groups = item.list("target_port_groups", "Target port groups");
            for (const scsi::referral_target_port_group g : ref.target_port_groups()) {
                record group(
                    fmt::format("0x{:04x}  {}", g.target_port_group(), to_string(g.asymmetric_access_state())));
                group.code("asymmetric_access_state", "", raw(g.asymmetric_access_state()), 1,
                           to_string(g.asymmetric_access_state()));
                group.number("target_port_group", "", g.target_port_group());
                groups.push_back(std::move(group));
            }
            list.push_back(std::move(item));
        }
        if (it.error() != mpio::errc::none) {
            const std::size_t bad = at + scsi::user_data_segment_referral_descriptor::min_size + it.offset();
            r.error({mpio::errc_name(it.error()),
                     fmt::format("user data segment referral #{}: {}", list.size() + 1, mpio::errc_message(it.error())),
                     bad});
        }
        return mpio::errc::none;
    }
    case type::forwarded_sense_data: {
        const auto x = d.as_forwarded_sense_data();
        if (!x) return x.error();
        r.flag("fsdt", "FSDT", x->fsdt());
        r.code("sense_data_source", "Sense data source", x->sense_data_source(), 1,
               sense_data_source_name(x->sense_data_source()));
        r.code("forwarded_status", "Forwarded status", x->forwarded_status(), 2, status_name(x->forwarded_status()));
        r.hex("forwarded_sense_data", "", x->forwarded_sense_data());
        if (x->forwarded_sense_data().empty()) return mpio::errc::none;
        const std::size_t inner_at = at + scsi::forwarded_sense_data_descriptor::min_size;
        const auto inner = scsi::parse_sense_data(x->forwarded_sense_data());
        record& nested = r.child("forwarded_sense", "Forwarded sense data");
        if (!inner)
            nested.error({mpio::errc_name(inner.error()),
                          fmt::format("forwarded sense data: {}", mpio::errc_message(inner.error())), inner_at});
        else if (depth + 1 >= max_depth)
            nested.note("nested too deep: not decoded");
        else
            sense_fields(*inner, inner_at, depth + 1, nested);
        return mpio::errc::none;
    }
    case type::direct_access_block_device: {
        const auto x = d.as_direct_access_block_device();
        if (!x) return x.error();
        r.flag("valid", "VALID", x->valid());
        r.flag("ili", "ILI", x->ili());
        sense_key_specific_fields(x->sense_key_specific(key), r.child("sense_key_specific", "Sense key specific"));
        r.hex_number("field_replaceable_unit_code", "Field replaceable unit code", x->field_replaceable_unit_code(), 2);
        r.hex_number("information", "Information", x->information(), 16);
        r.hex_number("command_specific_information", "Command-specific information", x->command_specific_information(),
                     16);
        return mpio::errc::none;
    }
    case type::device_designation: {
        const auto x = d.as_device_designation();
        if (!x) return x.error();
        r.hex_number("usage_reason", "Usage reason", x->usage_reason(), 2);
        record& designation = r.child("designation", "Designation descriptor");
        designation = designation_descriptor_record(x->designation(), 0, at + 4);
        return mpio::errc::none;
    }
    case type::microcode_activation: {
        const auto x = d.as_microcode_activation();
        if (!x) return x.error();
        r.code("microcode_activation_time", "Microcode activation time", x->microcode_activation_time(), 0,
               x->microcode_activation_time() == 0 ? "unknown" : fmt::format("{} s", x->microcode_activation_time()));
        return mpio::errc::none;
    }
    default:
        r.dump("descriptor_specific", "Descriptor specific", d.descriptor_specific(),
               d.is_vendor_specific() ? "vendor specific" : "reserved descriptor type");
        return mpio::errc::none;
    }
}

record descriptor_record(const scsi::sense_descriptor& d, scsi::sense_key key, std::size_t index, std::size_t at,
                         unsigned depth)
{
    record r(fmt::format("#{} {} (0x{:02x}) [offset {}, {} bytes]", index + 1, to_string(d.descriptor_type()),
                         raw(d.descriptor_type()), at, d.bytes().size()));
    r.number("offset", "", at);
    r.code("descriptor_type", "", raw(d.descriptor_type()), 2, to_string(d.descriptor_type()));
    r.number("additional_length", "Additional length", d.additional_length());
    const mpio::errc e = typed_fields(d, key, at, depth, r);
    if (e != mpio::errc::none) {
        r.dump("descriptor_specific", "Descriptor specific", d.descriptor_specific());
        r.error({mpio::errc_name(e),
                 fmt::format("{} descriptor: ADDITIONAL LENGTH {} does not fit the type ({})",
                             to_string(d.descriptor_type()), d.additional_length(), mpio::errc_message(e)),
                 at});
    }
    return r;
}

// Every field of one sense data (the file's, or a forwarded one at `base`).
void sense_fields(const scsi::sense_data& sense, std::size_t base, unsigned depth, record& r)
{
    const scsi::sense_key key = sense.sense_key();
    mpio::fixed_text<scsi::sense_text_capacity> summary;
    if (sense.has_additional_sense_code())
        scsi::append_sense(summary, key, sense.additional_sense_code(), sense.additional_sense_code_qualifier());
    else
        summary.append(to_string(key));
    r.plain("summary", "Sense", summary.c_str());
    r.code("response_code", "Response code", raw(sense.response_code()), 2, to_string(sense.response_code()));
    r.plain("format", "", to_string(sense.format()));
    r.flag("deferred", "", sense.deferred());

    if (sense.format() == scsi::sense_data_format::fixed) {
        const scsi::fixed_sense_data f = sense.fixed();
        r.flag("valid", "VALID", f.valid());
        r.flag("filemark", "FILEMARK", f.filemark());
        r.flag("eom", "EOM", f.eom());
        r.flag("ili", "ILI", f.ili());
        r.flag("sdat_ovfl", "SDAT_OVFL", f.sdat_ovfl());
        r.code("sense_key", "Sense key", raw(key), 1, to_string(key));
        r.hex_number("information", f.valid() ? "Information" : "Information (not valid)", f.information(), 8);
        r.number("additional_sense_length", "Additional sense length", f.additional_sense_length());
        if (f.has_command_specific_information())
            r.hex_number("command_specific_information", "Command-specific information",
                         f.command_specific_information(), 8);
        if (sense.has_additional_sense_code())
            additional_sense_fields(r, f.additional_sense_code(), f.additional_sense_code_qualifier());
        if (f.has_field_replaceable_unit_code())
            r.hex_number("field_replaceable_unit_code", "Field replaceable unit code", f.field_replaceable_unit_code(),
                         2);
        if (const auto sks = f.sense_key_specific())
            sense_key_specific_fields(*sks, r.child("sense_key_specific", "Sense key specific"));
        if (!f.additional_sense_bytes().empty())
            r.dump("additional_sense_bytes", "Additional sense bytes (18..n)", f.additional_sense_bytes());
    } else {
        const scsi::descriptor_sense_data d = sense.descriptor();
        r.code("sense_key", "Sense key", raw(key), 1, to_string(key));
        additional_sense_fields(r, d.additional_sense_code(), d.additional_sense_code_qualifier());
        r.flag("sdat_ovfl", "SDAT_OVFL", d.sdat_ovfl());
        r.number("additional_sense_length", "Additional sense length", d.additional_sense_length());
        std::vector<record>& list = r.list("descriptors", "Sense data descriptors");
        const scsi::sense_descriptor_list descriptors = d.descriptors();
        const std::size_t list_at = base + scsi::sense_data_header::size;
        auto it = descriptors.begin();
        for (; !it.done(); ++it) list.push_back(descriptor_record(*it, key, list.size(), list_at + it.offset(), depth));
        if (it.error() != mpio::errc::none) {
            const std::size_t at = list_at + it.offset();
            const std::size_t left = descriptors.bytes().size() - it.offset();
            if (sense.truncated()) {
                r.note(fmt::format("the descriptor at offset {} is cut short by the truncation", at));
            } else if (it.error() == mpio::errc::descriptor_overrun) {
                r.error({mpio::errc_name(it.error()),
                         fmt::format("sense data descriptor #{}: ADDITIONAL LENGTH {} runs past the end of the sense "
                                     "data ({} bytes left after its header)",
                                     list.size() + 1, descriptors.bytes()[it.offset() + 1], left - 2),
                         at});
            } else {
                r.error({mpio::errc_name(it.error()),
                         fmt::format("{} byte{} after the last descriptor, too few for a descriptor header (2)", left,
                                     left == 1 ? "" : "s"),
                         at});
            }
        }
    }

    r.number("returned_length", "", sense.bytes().size());
    r.flag("truncated", sense.truncated() ? "Truncated" : "", sense.truncated());
    r.number("required_allocation_length", sense.truncated() ? "Required allocation length" : "",
             sense.required_allocation_length());
    if (sense.truncated())
        r.note(fmt::format("truncated: {} of {} bytes returned; the device had more sense data than the buffer held",
                           sense.bytes().size(), sense.required_allocation_length()));
}

decode_outcome decode(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    const auto parsed = scsi::parse_sense_data(data);
    if (!parsed) {
        const detection d = detect(data);
        return {false, {mpio::errc_name(parsed.error()), d.reason, d.offset}};
    }
    record& r = body.child("sense_data", "");
    sense_fields(*parsed, 0, 0, r);
    if (data.size() > parsed->required_allocation_length())
        r.note(fmt::format("{} bytes after the {} declared by ADDITIONAL SENSE LENGTH are not sense data (ignored)",
                           data.size() - parsed->required_allocation_length(), parsed->required_allocation_length()));
    return {};
}

} // namespace

extern const kind sense_data_kind{"sense", "sense_data", "sense data", detect, decode};

} // namespace mpio_inspect
