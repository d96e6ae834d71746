// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_supported_pages.hpp - the Supported VPD Pages VPD page (00h).
//
// SPC-6 7.7 (VPD parameters), subclause and table "Supported VPD Pages VPD
// page":
//
//   byte 0    PERIPHERAL QUALIFIER | PERIPHERAL DEVICE TYPE
//   byte 1    PAGE CODE (00h)
//   byte 2-3  PAGE LENGTH (n - 3)
//   byte 4-n  SUPPORTED VPD PAGE LIST: one page code per byte, "in ascending
//             order beginning with page code 00h"
//
// The list is what a multipath layer reads first to know whether it may ask
// for the Device Identification page (83h) at all.
#ifndef MPIO_SCSI_VPD_SUPPORTED_PAGES_HPP
#define MPIO_SCSI_VPD_SUPPORTED_PAGES_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio::scsi {

class supported_vpd_pages : public vpd_page {
public:
    constexpr supported_vpd_pages() noexcept = default;
    constexpr explicit supported_vpd_pages(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields (peripheral_qualifier(), page_code(),
    // page_length(), truncated(), required_allocation_length(), payload()...)
    // are inherited from vpd_page.
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    // SUPPORTED VPD PAGE LIST, as returned (shorter than PAGE LENGTH when the
    // page is truncated).
    [[nodiscard]] constexpr byte_view supported_vpd_page_list() const noexcept { return payload(); }

    // Iteration over the page codes: for (std::uint8_t code : pages) ...
    [[nodiscard]] constexpr const byte* begin() const noexcept { return supported_vpd_page_list().begin(); }
    [[nodiscard]] constexpr const byte* end() const noexcept { return supported_vpd_page_list().end(); }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return supported_vpd_page_list().size(); }

    // True when `page_code` is in the list. A truncated list can only answer
    // for the codes it holds: check truncated() before concluding "no".
    [[nodiscard]] constexpr bool supports(std::uint8_t page_code) const noexcept
    {
        for (const byte code : supported_vpd_page_list())
            if (code == page_code) return true;
        return false;
    }

    // The standard requires strictly ascending order starting with 00h. Some
    // devices do not comply; supports() does not rely on the order.
    [[nodiscard]] constexpr bool ascending() const noexcept
    {
        const byte_view list = supported_vpd_page_list();
        if (list.empty() || list[0] != vpd_page_code::supported_vpd_pages) return false;
        for (std::size_t i = 1; i < list.size(); ++i)
            if (list[i] <= list[i - 1]) return false;
        return true;
    }

private:
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not 00h.
[[nodiscard]] constexpr result<supported_vpd_pages> parse_supported_vpd_pages(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<supported_vpd_pages>(bytes, vpd_page_code::supported_vpd_pages);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_SUPPORTED_PAGES_HPP
