// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_unit_serial_number.hpp - the Unit Serial Number VPD page (80h).
//
// SPC-6 7.7 (VPD parameters), subclause and table "Unit Serial Number VPD
// page":
//
//   byte 0    PERIPHERAL QUALIFIER | PERIPHERAL DEVICE TYPE
//   byte 1    PAGE CODE (80h)
//   byte 2-3  PAGE LENGTH (n - 3)
//   byte 4-n  PRODUCT SERIAL NUMBER: right-aligned ASCII data
//
// Right-aligned means padded with spaces on the left; in practice devices
// also pad on the right, with spaces or with NULs. product_serial_number()
// gives the field exactly as returned; product_serial_number_trimmed() the
// serial number a human (or a multipath WWID built from it) means:
//
//   - leading spaces (20h) are removed;
//   - trailing spaces and trailing NULs (00h) are removed: NUL is not an
//     ASCII data character, so trailing NULs can only be padding;
//   - everything in between is kept as is, including embedded NULs or other
//     non-printable bytes: they are not cut at the first NUL, because that
//     would silently turn two different serial numbers into one. Render with
//     mpio::fixed_text, which escapes them.
#ifndef MPIO_SCSI_VPD_UNIT_SERIAL_NUMBER_HPP
#define MPIO_SCSI_VPD_UNIT_SERIAL_NUMBER_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio::scsi {

class unit_serial_number : public vpd_page {
public:
    constexpr unit_serial_number() noexcept = default;
    constexpr explicit unit_serial_number(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields (peripheral_qualifier(), page_code(),
    // page_length(), truncated(), required_allocation_length(), payload()...)
    // are inherited from vpd_page.
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    // PRODUCT SERIAL NUMBER exactly as returned (shorter than PAGE LENGTH
    // when the page is truncated: a truncated serial number is not the serial
    // number, check truncated()).
    [[nodiscard]] constexpr ascii_view product_serial_number() const noexcept { return ascii_view(payload()); }

    // Without leading spaces and without trailing spaces and NULs (see the
    // header comment). Empty when the device reports only padding.
    [[nodiscard]] constexpr ascii_view product_serial_number_trimmed() const noexcept
    {
        return product_serial_number().trim_right().trim_left();
    }

private:
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not 80h.
[[nodiscard]] constexpr result<unit_serial_number> parse_unit_serial_number(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<unit_serial_number>(bytes, vpd_page_code::unit_serial_number);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_UNIT_SERIAL_NUMBER_HPP
