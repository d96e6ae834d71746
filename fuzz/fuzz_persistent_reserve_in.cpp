// SPDX-License-Identifier: MIT
// Fuzz target: PERSISTENT RESERVE IN parameter data
// (mpio/scsi/persistent_reserve_in.hpp). The same bytes go through the four
// parsers (the data does not say which service action produced it); lists
// are walked to their ends and every field and TransportID is read. Checked
// with a trap: only whole keys and descriptors inside both the returned
// bytes and ADDITIONAL LENGTH are iterated, truncation is what the header
// says, the errors are the ones the header documents.
#include <mpio/scsi/persistent_reserve_in.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {
namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;

    if (const auto keys = scsi::parse_pr_read_keys(input)) {
        const std::uint64_t declared = keys->additional_length();
        check(keys->required_allocation_length() == 8 + declared);
        check(keys->truncated() == (size < 8 + declared));
        const mpio::byte_view list = keys->key_list_bytes();
        check(list.size() <= declared && list.size() + 8 <= size);
        std::size_t count = 0;
        auto it = keys->keys().begin();
        for (; !it.done(); ++it, ++count) sink = sink + static_cast<std::size_t>(*it);
        check(it.error() == errc::none || (it.error() == errc::length_mismatch && !keys->additional_length_valid()));
        check(count == list.size() / 8);
        check_walk(keys->keys().status(), count, it.offset(), list.size());
    } else {
        check(size < 8 && keys.error() == errc::too_short);
    }

    if (const auto rr = scsi::parse_pr_read_reservation(input)) {
        check(rr->additional_length() == 0 || rr->additional_length() == 16);
        check(rr->reservation_returned() == (rr->has_reservation() && size >= 24));
        check(rr->truncated() == (size < 8u + rr->additional_length()));
        sink =
            sink + rr->reservation_key() + static_cast<std::size_t>(rr->type()) + static_cast<std::size_t>(rr->scope());
    } else {
        check(rr.error() == (size < 8 ? errc::too_short : errc::length_mismatch));
    }

    if (const auto caps = scsi::parse_pr_report_capabilities(input)) {
        check(caps->length() >= 8 && caps->truncated() == (size < caps->length()));
        check(caps->flags_returned() == (size >= 4) && caps->type_mask_returned() == (size >= 6));
        // Bytes not returned read as zero: a mask cut after byte 4 has no byte-5 bits.
        check(caps->type_mask_returned() || (caps->type_mask() & 0x00FFu) == 0);
        sink = sink + caps->rlr_c() + caps->crh() + caps->sip_c() + caps->atp_c() + caps->ptpl_c() + caps->tmv() +
               caps->ptpl_a() + static_cast<std::size_t>(caps->allow_commands()) + caps->type_mask();
        for (unsigned t = 0; t < 16; ++t) sink = sink + caps->supports(static_cast<scsi::pr_type>(t));
    } else {
        check(caps.error() == (size < 2 ? errc::too_short : errc::length_mismatch));
    }

    if (const auto full = scsi::parse_pr_read_full_status(input)) {
        const std::uint64_t declared = full->additional_length();
        check(full->truncated() == (size < 8 + declared));
        const mpio::byte_view list = full->descriptor_bytes();
        check(list.size() <= declared && list.size() + 8 <= size);
        std::size_t count = 0, offset = 0;
        auto it = full->descriptors().begin();
        for (; !it.done(); ++it, ++count) {
            const scsi::full_status_descriptor d = *it;
            check(d.offset() == offset && d.bytes().size() == 24 + std::size_t{d.additional_descriptor_length()});
            offset += d.bytes().size();
            sink = sink + d.reservation_key() + d.r_holder() + d.all_tg_pt() + d.relative_target_port_identifier() +
                   static_cast<std::size_t>(d.type());
            if (const auto id = d.transport_id()) {
                check(id->size() == d.transport_id_bytes().size());
                sink = sink + sum(id->iscsi_name().bytes()) + id->n_port_name();
            } else {
                check(id.error() == errc::length_mismatch || id.error() == errc::unsupported_format);
            }
        }
        // A walk cut short by truncation is not an error; a malformed entry is.
        check(it.error() == errc::none || !full->truncated());
        check_walk(full->descriptors().status(), count, it.offset(), list.size());
    } else {
        check(size < 8 && full.error() == errc::too_short);
    }
    static_cast<void>(sink);
    return 0;
}
