// SPDX-License-Identifier: MIT
// Fuzz target: the 8-byte LUN (mpio/scsi/lun.hpp). The first 8 bytes are
// decoded with LU_CONG 0 and 1: every level is walked and every accessor
// called, the text rendering is produced at two indents and in both number
// bases, and the invariants the header promises are checked with a trap
// (the walk stays inside the 8 bytes, status() agrees with the walk, the
// Linux integer round-trips exactly).
#include <mpio/scsi/lun.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "fuzz_support.hpp"

namespace {

namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

std::size_t touch(const scsi::lun_level& level)
{
    return length(to_string(level.address_method())) + length(to_string(level.format())) +
           length(to_string(level.extended_address_method())) + length(to_string(level.w_lun())) +
           level.addresses_next_level() + level.bus_identifier() + level.target_or_lun() +
           level.simple_logical_unit_number() + level.flat_space_lun() + level.target() + level.bus_number() +
           level.lun() + level.length() + sum(level.extended_address_method_specific()) +
           level.extended_flat_space_lun() + static_cast<std::size_t>(level.long_extended_flat_space_lun()) +
           sum(level.bytes()) + level.lu_cong();
}

void walk(const scsi::lun& l, volatile std::size_t& sink)
{
    std::size_t count = 0, end = 0;
    scsi::lun_levels::iterator it = l.levels().begin();
    for (; !it.done(); ++it, ++count) {
        const scsi::lun_level level = *it;
        check(level.index() == count);
        check(level.offset() == end);
        check(level.bytes().size() >= 2 && level.bytes().size() <= 8);
        end += level.bytes().size();
        check(end <= scsi::lun::size);
        sink = sink + touch(level);
    }
    check(it.error() == errc::none || it.error() == errc::descriptor_overrun || it.error() == errc::length_mismatch);
    check(count >= 1 && count <= 4);
    const mpio::list_status s = l.status();
    check(s.count == count && s.error == it.error());
    check(s.ok() ? s.offset == scsi::lun::size : s.offset >= end && s.offset <= scsi::lun::size);
    check(l.levels().at(count).error() == (s.ok() ? errc::not_found : s.error));

    if (const auto n = l.single_level_lun()) {
        check(count == 1);
        sink = sink + static_cast<std::size_t>(*n);
    }
    if (const auto w = l.well_known_logical_unit()) {
        check(s.ok());
        sink = sink + static_cast<std::size_t>(*w);
    }
    sink = sink + l.logical_unit_not_specified() + l.first_level_addressing() + l.second_level_addressing() +
           l.third_level_addressing() + l.fourth_level_addressing();

    for (const auto base : {scsi::lun_number_base::decimal, scsi::lun_number_base::hex}) {
        const auto text = scsi::decoded_text(l, base);
        check(!text.overflowed() && text.size() > 0 && text[text.size() - 1] == '\n');
        const auto indented = scsi::decoded_text(l, base, 16);
        check(!indented.overflowed());
        sink = sink + text.size() + indented.size();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;
    for (const bool lu_cong : {false, true}) {
        const mpio::result<scsi::lun> r = scsi::parse_lun(input, lu_cong);
        if (!r) {
            check(size < scsi::lun::size && r.error() == errc::too_short);
            return 0;
        }
        check(r->bytes().size() == scsi::lun::size && r->bytes().data() == data && r->lu_cong() == lu_cong);
        walk(*r, sink);
        // The Linux integer form is exact both ways.
        const std::uint64_t linux_lun = scsi::to_linux_lun(*r);
        check(scsi::from_linux_lun(linux_lun).view() == r->bytes());
    }
    return 0;
}
