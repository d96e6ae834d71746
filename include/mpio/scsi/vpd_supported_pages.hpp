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

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio::scsi {

class supported_vpd_pages {
public:
    constexpr supported_vpd_pages() noexcept = default;
    constexpr explicit supported_vpd_pages(vpd_page page) noexcept : page_(page) {}

    // The common VPD header.
    [[nodiscard]] constexpr vpd_page header() const noexcept { return page_; }
    [[nodiscard]] constexpr std::uint8_t peripheral_qualifier() const noexcept { return page_.peripheral_qualifier(); }
    [[nodiscard]] constexpr std::uint8_t peripheral_device_type() const noexcept { return page_.peripheral_device_type(); }
    [[nodiscard]] constexpr std::uint8_t page_code() const noexcept { return page_.page_code(); }
    [[nodiscard]] constexpr std::uint16_t page_length() const noexcept { return page_.page_length(); }
    [[nodiscard]] constexpr bool truncated() const noexcept { return page_.truncated(); }
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        return page_.required_allocation_length();
    }

    // SUPPORTED VPD PAGE LIST, as returned (shorter than PAGE LENGTH when the
    // page is truncated).
    [[nodiscard]] constexpr byte_view supported_vpd_page_list() const noexcept { return page_.payload(); }

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
    vpd_page page_;
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not 00h.
[[nodiscard]] constexpr result<supported_vpd_pages> parse_supported_vpd_pages(byte_view bytes) noexcept
{
    const result<vpd_page> page = parse_vpd_page(bytes, vpd_page_code::supported_vpd_pages);
    if (!page) return failure(page.error());
    return supported_vpd_pages(*page);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_SUPPORTED_PAGES_HPP
