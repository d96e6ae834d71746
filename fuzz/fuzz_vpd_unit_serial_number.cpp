// SPDX-License-Identifier: MIT
// Fuzz target: the Unit Serial Number VPD page (mpio/scsi/vpd_unit_serial_number.hpp).
// Every accessor is called, so the sanitizers see every read; the trimming
// rules the header promises are checked with a trap.
#include <mpio/scsi/vpd_unit_serial_number.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    const mpio::byte_view input(data, size);
    const mpio::result<unit_serial_number> r = parse_unit_serial_number(input);
    if (!parsed_vpd_page(r, input, 0x80)) return 0;
    const unit_serial_number& sn = *r;

    const mpio::ascii_view raw = sn.product_serial_number();
    const mpio::ascii_view trimmed = sn.product_serial_number_trimmed();
    check(raw.empty() || raw.bytes().data() == data + 4);
    check(raw.size() + 4 <= size);
    // The trimmed serial number is a sub-view of the raw one ...
    check(trimmed.size() <= raw.size());
    check(trimmed.empty() ||
          (trimmed.bytes().data() >= raw.bytes().data() && trimmed.bytes().end() <= raw.bytes().end()));
    // ... without leading spaces, trailing spaces or trailing NULs ...
    if (!trimmed.empty()) {
        check(trimmed[0] != ' ');
        check(trimmed[trimmed.size() - 1] != ' ' && trimmed[trimmed.size() - 1] != '\0');
    }
    // ... and only padding was removed.
    if (!trimmed.empty()) {
        for (const mpio::byte* p = raw.bytes().begin(); p < trimmed.bytes().begin(); ++p) check(*p == ' ');
        for (const mpio::byte* p = trimmed.bytes().end(); p < raw.bytes().end(); ++p) check(*p == ' ' || *p == 0);
    } else {
        for (const mpio::byte b : raw.bytes()) check(b == ' ' || b == 0);
    }

    volatile std::size_t sink =
        std::size_t{sn.peripheral_qualifier()} + sn.peripheral_device_type() + sn.header().page_length();
    for (std::size_t i = 0; i < raw.size(); ++i) sink = sink + static_cast<unsigned char>(raw[i]);
    return 0;
}
