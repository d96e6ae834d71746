// Fuzz target: the common VPD page header, the page names and the list of VPD
// pages held back to back (mpio/scsi/vpd.hpp). Every accessor is called and
// the list walked to its end, so the sanitizers see every read; the
// invariants the header promises are checked with a trap.
#include <mpio/scsi/vpd.hpp>

#include <cstddef>
#include <cstdint>

namespace {

void check(bool ok)
{
    if (!ok) __builtin_trap();
}

// Touch every byte of a view (ASan sees an overread here, not later).
std::size_t sum(mpio::byte_view v)
{
    std::size_t s = 0;
    for (const mpio::byte b : v) s += b;
    return s;
}

std::size_t length(const char* text)
{
    std::size_t n = 0;
    while (text[n] != '\0') ++n;
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
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
        check(page->bytes().data() == data);
        check(page->bytes().size() <= size);
        check(page->bytes().size() == page->header_size + page->payload().size());
        check(page->required_allocation_length() == 4 + std::size_t{page->page_length()});
        check(page->truncated() == (size < page->required_allocation_length()));
        check(page->truncated() || page->bytes().size() == page->required_allocation_length());
        check(page->page_code() == data[1]);
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
    check(status.count == count);
    if (status.ok()) {
        check(offset == size);
    } else {
        check(status.error == errc::too_short);
        check(status.offset == offset && size - offset < vpd_page::header_size);
    }
    if (count > 0) {
        const mpio::result<vpd_page> first = pages.find(data[1]);
        check(first.has_value() && first->bytes().data() == data);
        check(pages.at(count - 1).has_value());
    }
    check(!pages.at(count).has_value());
    return 0;
}
