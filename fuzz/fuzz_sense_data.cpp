// SPDX-License-Identifier: MIT
// Fuzz target: sense data (mpio/scsi/sense_data.hpp), its descriptors
// (sense_descriptors.hpp) and the sense key specific field
// (sense_key_specific.hpp). Every accessor of both formats, every typed
// decoder on every descriptor, and every nested list (referrals and their
// target port groups) to its end, so the sanitizers see every read; the
// invariants the headers promise are checked with a trap.
#include <mpio/scsi/sense_data.hpp>
#include <mpio/scsi/sense_descriptors.hpp>
#include <mpio/scsi/sense_key.hpp>
#include <mpio/scsi/sense_key_specific.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

// A typed decoder's error must be one the header documents.
template <class T>
bool decoded(const mpio::result<T>& r)
{
    check(r.has_value() || r.error() == errc::wrong_descriptor_type || r.error() == errc::length_mismatch);
    return r.has_value();
}

// A lookup's error: absent, a malformed descriptor, or the walk's error.
template <class T>
void looked_up(const mpio::result<T>& r)
{
    check(r.has_value() || r.error() == errc::not_found || r.error() == errc::length_mismatch ||
          r.error() == errc::too_short || r.error() == errc::descriptor_overrun);
}

std::size_t touch(const scsi::sense_key_specific& s)
{
    check(s.bytes().size() <= scsi::sense_key_specific::size);
    if (!s.sksv()) check(s.field_pointer() == 0 && s.actual_retry_count() == 0 && s.progress_indication() == 0);
    return s.sksv() + length(to_string(s.format())) + length(to_string(s.sense_key())) + s.c_d() + s.sd() + s.bpv() +
           s.bit_pointer() + s.field_pointer() + s.actual_retry_count() + s.progress_indication() +
           scsi::progress_basis_points(s.progress_indication()) + s.overflow() + sum(s.bytes());
}

std::size_t touch(const scsi::user_data_segment_referral_descriptor& u)
{
    std::size_t sink = u.not_all_r() + sum(u.bytes());
    std::size_t offset = 0;
    std::size_t count = 0;
    const scsi::user_data_segment_referral_list referrals = u.referrals();
    for (const scsi::user_data_segment_referral r : referrals) {
        check(r.offset() == offset);
        const std::size_t groups_size =
            scsi::referral_target_port_group::size * r.number_of_target_port_group_descriptors();
        check(r.bytes().size() == scsi::user_data_segment_referral::header_size + groups_size);
        sink += r.first_user_data_segment_lba() + r.last_user_data_segment_lba();
        std::size_t groups = 0;
        for (const scsi::referral_target_port_group g : r.target_port_groups()) {
            check(g.bytes().size() == scsi::referral_target_port_group::size);
            sink += length(to_string(g.asymmetric_access_state())) + g.target_port_group();
            ++groups;
        }
        check(groups == r.number_of_target_port_group_descriptors());
        check(r.target_port_groups().status().ok());
        offset += r.bytes().size();
        ++count;
    }
    const mpio::list_status status = referrals.status();
    check_walk(status, count, offset, referrals.bytes().size());
    if (!status.ok()) check(status.error == errc::too_short || status.error == errc::descriptor_overrun);
    return sink;
}

// Every typed decoder on one descriptor; returns how many accepted it.
int touch(const scsi::sense_descriptor& d, scsi::sense_key key, volatile std::size_t& sink)
{
    check(d.bytes().size() == scsi::sense_descriptor::header_size + d.additional_length());
    check(d.descriptor_specific().size() == d.additional_length());
    sink = sink + length(to_string(d.descriptor_type())) + d.is_vendor_specific() + sum(d.bytes());

    int accepted = 0;
    if (const auto v = d.as_information(); decoded(v)) {
        sink = sink + v->valid() + v->information();
        ++accepted;
    }
    if (const auto v = d.as_command_specific_information(); decoded(v)) {
        sink = sink + v->command_specific_information();
        ++accepted;
    }
    if (const auto v = d.as_sense_key_specific(key); decoded(v)) {
        check(v->bytes().size() == scsi::sense_key_specific::size);
        sink = sink + touch(*v);
        ++accepted;
    }
    if (const auto v = d.as_field_replaceable_unit(); decoded(v)) {
        sink = sink + v->field_replaceable_unit_code();
        ++accepted;
    }
    if (const auto v = d.as_stream_commands(); decoded(v)) {
        sink = sink + v->filemark() + v->eom() + v->ili();
        ++accepted;
    }
    if (const auto v = d.as_block_commands(); decoded(v)) {
        sink = sink + v->ili();
        ++accepted;
    }
    if (const auto v = d.as_osd_object_identification(); decoded(v)) {
        sink = sink + sum(*v);
        ++accepted;
    }
    if (const auto v = d.as_osd_response_integrity_check_value(); decoded(v)) {
        sink = sink + sum(*v);
        ++accepted;
    }
    if (const auto v = d.as_osd_attribute_identification(); decoded(v)) {
        sink = sink + sum(*v);
        ++accepted;
    }
    if (const auto v = d.as_ata_status_return(); decoded(v)) {
        sink = sink + v->extend() + v->error() + v->count() + v->lba() + v->device() + v->status();
        ++accepted;
    }
    if (const auto v = d.as_another_progress_indication(); decoded(v)) {
        sink = sink + length(to_string(v->sense_key())) + v->additional_sense_code() +
               v->additional_sense_code_qualifier() + v->progress_indication();
        ++accepted;
    }
    if (const auto v = d.as_user_data_segment_referral(); decoded(v)) {
        sink = sink + touch(*v);
        ++accepted;
    }
    if (const auto v = d.as_forwarded_sense_data(); decoded(v)) {
        sink = sink + v->fsdt() + v->sense_data_source() + v->forwarded_status() + sum(v->forwarded_sense_data());
        // The caller's recursion, one level: the forwarded sense data parses
        // (or fails) like any other.
        if (const auto inner = scsi::parse_sense_data(v->forwarded_sense_data())) {
            const scsi::normalized_sense n = inner->normalized();
            sink = sink + n.asc + n.ascq + n.information;
        }
        ++accepted;
    }
    if (const auto v = d.as_direct_access_block_device(); decoded(v)) {
        sink = sink + v->valid() + v->ili() + v->sksv() + touch(v->sense_key_specific(key)) +
               v->field_replaceable_unit_code() + v->information() + v->command_specific_information();
        ++accepted;
    }
    if (const auto v = d.as_device_designation(); decoded(v)) {
        const scsi::designation_descriptor g = v->designation();
        check(g.bytes().size() == scsi::designation_descriptor::header_size + g.designator_length());
        sink = sink + v->usage_reason() + length(to_string(g.designator_type())) + sum(g.designator());
        ++accepted;
    }
    if (const auto v = d.as_microcode_activation(); decoded(v)) {
        sink = sink + v->microcode_activation_time();
        ++accepted;
    }
    if (const auto v = d.as_vendor_specific(); decoded(v)) {
        sink = sink + sum(*v);
        ++accepted;
    }
    return accepted;
}

void touch_fixed(const scsi::fixed_sense_data& f, volatile std::size_t& sink)
{
    sink = sink + f.valid() + f.filemark() + f.eom() + f.ili() + f.sdat_ovfl() + length(to_string(f.sense_key())) +
           f.information() + f.command_specific_information() + f.additional_sense_code() +
           f.additional_sense_code_qualifier() + f.field_replaceable_unit_code() + f.sksv() +
           sum(f.additional_sense_bytes());
    // A field reads as zero unless returned.
    if (!f.has_command_specific_information()) check(f.command_specific_information() == 0);
    if (!f.has_additional_sense_code()) check(f.additional_sense_code() == 0);
    if (!f.has_field_replaceable_unit_code()) check(f.field_replaceable_unit_code() == 0);
    const auto sks = f.sense_key_specific();
    check(sks.has_value() == f.has_sense_key_specific());
    if (sks) {
        check(sks->sksv() == f.sksv());
        sink = sink + touch(*sks);
    } else {
        check(sks.error() == errc::too_short && !f.sksv());
    }
    const std::size_t standard = scsi::fixed_sense_data_standard_size;
    check(f.additional_sense_bytes().size() == (f.bytes().size() > standard ? f.bytes().size() - standard : 0u));
}

void touch_descriptor(const scsi::descriptor_sense_data& d, const std::uint8_t* data, volatile std::size_t& sink)
{
    sink = sink + length(to_string(d.sense_key())) + d.additional_sense_code() + d.additional_sense_code_qualifier() +
           d.sdat_ovfl();
    const scsi::sense_descriptor_list list = d.descriptors();
    std::size_t offset = 0;
    std::size_t count = 0;
    auto it = list.begin();
    for (; it != list.end(); ++it) {
        const scsi::sense_descriptor desc = *it;
        check(desc.offset() == offset && it.offset() == offset);
        check(desc.bytes().data() == data + scsi::sense_data_header::size + offset);
        const int accepted = touch(desc, d.sense_key(), sink);
        // A descriptor is one type: at most one decoder takes it.
        check(accepted <= 1);
        offset += desc.bytes().size();
        ++count;
    }
    const mpio::list_status status = list.status();
    check_walk(status, count, offset, d.descriptor_bytes().size());
    check(it.error() == status.error);
    if (!status.ok()) check(status.error == errc::too_short || status.error == errc::descriptor_overrun);

    for (unsigned t = 0; t < 256; t += (t < 0x10 ? 1 : 0x71)) { // 00h..0Fh, 81h
        const auto type = static_cast<scsi::sense_descriptor_type>(t);
        const auto found = d.find(type);
        if (found)
            check(found->descriptor_type() == type);
        else
            check(found.error() == (status.ok() ? errc::not_found : status.error));
    }
    const auto info = d.information();
    looked_up(info);
    looked_up(d.command_specific_information());
    looked_up(d.field_replaceable_unit_code());
    const auto sks = d.sense_key_specific();
    looked_up(sks);
    if (sks) sink = sink + touch(*sks);
    if (info) sink = sink + *info;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;

    const mpio::result<scsi::sense_data> r = scsi::parse_sense_data(input);
    const mpio::result<scsi::normalized_sense> n = scsi::normalize_sense(input);
    check(r.has_value() == n.has_value());
    if (!r) {
        check(r.error() == n.error());
        const unsigned code = size ? (data[0] & 0x7Fu) : 0u;
        if (size == 0)
            check(r.error() == errc::too_short);
        else if (code == 0x7F)
            check(r.error() == errc::vendor_specific_format);
        else if (code > 0x73)
            check(r.error() == errc::reserved_value);
        else if (code < 0x70)
            check(r.error() == errc::unsupported_format);
        else
            check(r.error() == errc::too_short && size < scsi::sense_data_header::size);
        return 0;
    }
    const scsi::sense_data& s = *r;

    // Header invariants.
    check(s.bytes().data() == data);
    check(s.required_allocation_length() == scsi::sense_data_header::size + s.additional_sense_length());
    check(s.truncated() == (size < s.required_allocation_length()));
    check(s.bytes().size() == (s.truncated() ? size : s.required_allocation_length()));
    check(s.deferred() == ((data[0] & 0x7F) == 0x71 || (data[0] & 0x7F) == 0x73));
    check(s.format() ==
          ((data[0] & 0x7F) >= 0x72 ? scsi::sense_data_format::descriptor : scsi::sense_data_format::fixed));
    sink = sink + length(to_string(s.response_code())) + length(to_string(s.format()));

    // The normalised view agrees with the accessors.
    check(n->response_code == s.response_code());
    check(n->sense_key == s.sense_key());
    check(n->has_asc_ascq == s.has_additional_sense_code());
    check(n->asc == (n->has_asc_ascq ? s.additional_sense_code() : 0));
    check(n->ascq == (n->has_asc_ascq ? s.additional_sense_code_qualifier() : 0));
    check(n->sdat_ovfl == s.sdat_ovfl());
    check(n->truncated == s.truncated());
    const auto info = s.information();
    check(n->information_valid == info.has_value());
    check(n->information == (info ? *info : 0));
    check(n->deferred() == s.deferred() && n->format() == s.format());

    looked_up(s.command_specific_information());
    looked_up(s.field_replaceable_unit_code());
    const auto sks = s.sense_key_specific();
    looked_up(sks);
    if (sks) sink = sink + touch(*sks);
    const auto progress = s.progress_indication();
    looked_up(progress);
    if (progress) check(sks && sks->sksv() && sks->progress_indication() == *progress);
    sink = sink + s.filemark() + s.eom() + s.ili();

    if (s.format() == scsi::sense_data_format::fixed) {
        const auto f = scsi::parse_fixed_sense_data(input);
        check(f.has_value() && f->bytes() == s.bytes());
        check(scsi::parse_descriptor_sense_data(input).error() == errc::unsupported_format);
        touch_fixed(s.fixed(), sink);
    } else {
        const auto d = scsi::parse_descriptor_sense_data(input);
        check(d.has_value() && d->bytes() == s.bytes());
        check(scsi::parse_fixed_sense_data(input).error() == errc::unsupported_format);
        touch_descriptor(s.descriptor(), data, sink);
    }
    return 0;
}
