// SPDX-License-Identifier: MIT
// Fuzz target: the common VPD page header, the page names and the list of VPD
// pages held back to back (mpio/scsi/vpd.hpp). Every accessor is called and
// the list walked to its end, so the sanitizers see every read; the
// invariants the header promises are checked with a trap.
#include <mpio/scsi/vpd.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    using mpio::errc;
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;

    // Names of every (page code, device type) the input can spell.
    if (size >= 2) sink = sink + length(vpd_page_name(data[1], static_cast<std::uint8_t>(data[0] & 0x1f)));

    // One page.
    const mpio::result<vpd_page> page = parse_vpd_page(input);
    if (!page) {
        check(page.error() == errc::too_short && size < vpd_page::header_size);
    } else {
        check_vpd_page(*page, input);
        check(page->bytes().size() <= size);
        check(page->bytes().size() == page->header_size + page->payload().size());
        check(page->truncated() || page->bytes().size() == page->required_allocation_length());
        check(parse_vpd_page(input, data[1]).has_value());
        check(parse_vpd_page(input, static_cast<std::uint8_t>(data[1] ^ 1)).error() == errc::wrong_page_code);
        sink = sink + page->peripheral_qualifier() + page->peripheral_device_type() + sum(page->payload());
    }

    // The input as several pages back to back.
    const vpd_page_list pages(input);
    std::size_t offset = 0;
    std::size_t count = 0;
    auto it = pages.begin();
    for (; it != pages.end(); ++it) {
        const vpd_page p = *it;
        check(it.offset() == offset);
        check(p.bytes().data() == data + offset);
        check(p.bytes().size() >= vpd_page::header_size);
        // Only the last page may be truncated, and only by the end of the input.
        check(!p.truncated() || offset + p.bytes().size() == size);
        sink = sink + p.page_code() + p.page_length() + sum(p.payload());
        offset += p.bytes().size();
        ++count;
    }
    const mpio::list_status status = pages.status();
    check_walk(status, count, offset, size);
    if (!status.ok()) check(status.error == errc::too_short && size - offset < vpd_page::header_size);
    if (count > 0) {
        const mpio::result<vpd_page> first = pages.find(data[1]);
        check(first.has_value() && first->bytes().data() == data);
        check(pages.at(count - 1).has_value());
    }
    check(!pages.at(count).has_value());
    return 0;
}
