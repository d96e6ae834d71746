// SPDX-License-Identifier: MIT
// Fuzz target: the Supported VPD Pages VPD page (mpio/scsi/vpd_supported_pages.hpp).
// Every accessor is called and the list walked to its end, so the sanitizers
// see every read; the invariants the header promises are checked with a trap.
#include <mpio/scsi/vpd_supported_pages.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    const mpio::byte_view input(data, size);
    const mpio::result<supported_vpd_pages> r = parse_supported_vpd_pages(input);
    if (!parsed_vpd_page(r, input, 0x00)) return 0;
    const supported_vpd_pages& pages = *r;
    check(pages.size() == pages.supported_vpd_page_list().size());
    check(pages.size() + 4 <= size);
    check(pages.header().payload() == pages.supported_vpd_page_list());

    volatile std::size_t sink = std::size_t{pages.peripheral_qualifier()} + pages.peripheral_device_type();
    bool seen[256] = {};
    std::size_t n = 0;
    bool ascending = pages.size() > 0;
    for (const std::uint8_t code : pages) {
        if (n == 0 ? code != 0x00 : code <= pages.supported_vpd_page_list()[n - 1]) ascending = false;
        seen[code] = true;
        sink = sink + code;
        ++n;
    }
    check(n == pages.size());
    check(pages.ascending() == ascending);
    for (unsigned code = 0; code < 256; ++code) check(pages.supports(static_cast<std::uint8_t>(code)) == seen[code]);
    return 0;
}
