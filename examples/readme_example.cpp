// SPDX-License-Identifier: MIT
// The usage example of README.md, built and run by the test suite so the
// README cannot drift from the API.
#include <mpio/mpio.hpp>
#include <cstdio>

// The answer of a device to INQUIRY EVPD page 0x83 (Device Identification).
constexpr mpio::byte page[] = {0x00, 0x83, 0x00, 0x14,                         // VPD header, page length 20
                               0x01, 0x03, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, // LU: NAA 5 binary designator
                               0x30, 0x11, 0xcb, 0x2b, 0x61, 0x94, 0x00, 0x04,
                               0x00, 0x00, 0x00, 0x01}; // target port: relative port 1

int main()
{
    using namespace mpio::scsi;
    static_assert(parse_device_identification(mpio::byte_view(page)).has_value()); // constexpr
    const auto vpd = parse_device_identification(mpio::byte_view(page));
    if (!vpd) return std::printf("bad page: %s\n", mpio::errc_name(vpd.error())), 1;
    for (const designation_descriptor d : vpd->designators())
        std::printf("%-12s %-32s %u bytes\n", to_string(d.association()), to_string(d.designator_type()),
                    unsigned{d.designator_length()});
    if (const auto naa = vpd->find(association::logical_unit, designator_type::naa))
        if (const auto id = naa->as_naa()) return id->ieee_company_id() == 0x000c50 ? 0 : 1;
    return 1;
}
