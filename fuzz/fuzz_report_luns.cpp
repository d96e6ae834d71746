// SPDX-License-Identifier: MIT
// Fuzz target: REPORT LUNS parameter data (mpio/scsi/report_luns.hpp), parsed
// with LU_CONG 0 and 1. The LUN list is walked to its end and every LUN's
// levels too, and the invariants the header promises are checked with a trap:
// only whole LUNs inside both the returned bytes and LUN LIST LENGTH are
// iterated, an error is only an odd LUN LIST LENGTH, truncation is what the
// header says.
#include <mpio/scsi/report_luns.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>

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
    for (const bool lu_cong : {false, true}) {
        const mpio::result<scsi::report_luns> r = scsi::parse_report_luns(input, lu_cong);
        if (!r) {
            check(size < scsi::report_luns::header_size && r.error() == errc::too_short);
            return 0;
        }
        const std::uint64_t declared = r->lun_list_length();
        check(r->required_allocation_length() == 8 + declared);
        check(r->truncated() == (size < 8 + declared));
        check(r->lun_count() == declared / 8);
        check(r->lun_list_length_valid() == (declared % 8 == 0));
        const mpio::byte_view list_bytes = r->lun_list_bytes();
        check(list_bytes.size() <= declared && list_bytes.size() + 8 <= size);
        check(list_bytes.empty() || list_bytes.data() == data + 8);

        std::size_t count = 0;
        scsi::lun_list::iterator it = r->luns().begin();
        for (; !it.done(); ++it, ++count) {
            const scsi::lun l = *it;
            check(it.offset() == 8 * count);
            check(l.bytes().size() == scsi::lun::size && l.bytes().data() == list_bytes.data() + 8 * count);
            check(l.lu_cong() == lu_cong);
            std::size_t levels = 0;
            for (const scsi::lun_level level : l.levels()) {
                sink = sink + sum(level.bytes()) + static_cast<std::size_t>(level.format());
                ++levels;
            }
            check(levels == l.status().count);
            sink = sink + scsi::to_linux_lun(l);
        }
        check(it.error() == errc::none || it.error() == errc::length_mismatch);
        check(it.error() == errc::none || (!r->lun_list_length_valid() && !r->truncated()));
        check(count == list_bytes.size() / 8);
        check_walk(r->luns().status(), count, it.offset(), list_bytes.size());
        check(r->luns().at(count).error() == (it.error() == errc::none ? errc::not_found : it.error()));
    }
    return 0;
}
