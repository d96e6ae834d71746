// SPDX-License-Identifier: MIT
// fuzz/fuzz_support.hpp - helpers the fuzz targets share.
//
// A fuzz target calls every accessor and walks every list so that the
// sanitizers see every read, and checks the invariants a header promises
// with check(), which traps: libFuzzer reports the trap as a crash, and the
// replay driver (replay_main.cpp) dies on it under any compiler.
//
// Not a fuzz target itself (no fuzz_*.cpp name, so fuzz/CMakeLists.txt does
// not glob it): include it as "fuzz_support.hpp".
#ifndef MPIO_FUZZ_SUPPORT_HPP
#define MPIO_FUZZ_SUPPORT_HPP

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio_fuzz {

// A broken invariant: stop here, with the offending input on the stack.
inline void check(bool ok)
{
    if (!ok) __builtin_trap();
}

// Touch every byte of a view (ASan sees an overread here, not later).
inline std::size_t sum(mpio::byte_view v)
{
    std::size_t s = 0;
    for (const mpio::byte b : v) s += b;
    return s;
}

// Length of a name from to_string() and friends (reads it to the end).
inline std::size_t length(const char* text)
{
    std::size_t n = 0;
    while (text[n] != '\0') ++n;
    return n;
}

// After a walk over a descriptor_list that yielded `count` entries and
// stopped at `offset` of a list of `list_size` bytes: status() agrees with
// the walk. It counts the same entries, and either the whole list was walked
// or status() reports where the walk stopped. (Which errors a list may
// report is the caller's to check.)
inline void check_walk(const mpio::list_status& status, std::size_t count, std::size_t offset, std::size_t list_size)
{
    check(status.count == count);
    check(status.ok() ? offset == list_size : status.offset == offset);
}

// The header invariants of any VPD page parsed from `input`
// (mpio::scsi::vpd_page, and the page views derived from it).
inline void check_vpd_page(const mpio::scsi::vpd_page& page, mpio::byte_view input)
{
    check(page.bytes().data() == input.data());
    check(page.page_code() == input[1]);
    check(page.required_allocation_length() == mpio::scsi::vpd_page::header_size + std::size_t{page.page_length()});
    check(page.truncated() == (input.size() < page.required_allocation_length()));
}

// What a page-specific parser (parse_supported_vpd_pages(),
// parse_unit_serial_number()...) promises for the page with `page_code`:
// it refuses only a header stub (errc::too_short) or a page with another
// code (errc::wrong_page_code); a page it accepts has that code and the
// header invariants above. True when there is a page to look at.
template <class Page>
bool parsed_vpd_page(const mpio::result<Page>& r, mpio::byte_view input, std::uint8_t page_code)
{
    if (!r) {
        check(input.size() < mpio::scsi::vpd_page::header_size
                  ? r.error() == mpio::errc::too_short
                  : (r.error() == mpio::errc::wrong_page_code && input[1] != page_code));
        return false;
    }
    check(r->page_code() == page_code);
    check_vpd_page(*r, input);
    return true;
}

} // namespace mpio_fuzz

#endif // MPIO_FUZZ_SUPPORT_HPP
