// SPDX-License-Identifier: MIT
// Uses the umbrella header and returns 0 only when a parse works, so the
// package test checks more than "it compiles".
#include <mpio/mpio.hpp>

int main()
{
    static constexpr mpio::byte vpd80[] = {0x00, 0x80, 0x00, 0x04, 'S', 'N', '4', '2'};
    const auto page = mpio::scsi::parse_vpd_page(mpio::byte_view(vpd80));
    return page.has_value() && page->page_code() == 0x80 ? 0 : 1;
}
