// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_mode_page_policy.hpp - the Mode Page Policy VPD page (87h).
//
// SPC-6 7.7 (VPD parameters), subclause and tables "Mode Page Policy VPD
// page" and "Mode page policy descriptor". The page is the 4-byte VPD header
// followed by 4-byte mode page policy descriptors:
//
//   byte 0   reserved (7..6) | POLICY PAGE CODE (5..0)
//   byte 1   POLICY SUBPAGE CODE
//   byte 2   MLUS | reserved (6..2) | MODE PAGE POLICY (1..0)
//   byte 3   reserved
//
// The policy says who shares a mode page's current values: every I_T nexus
// (shared), each target port, or each I_T nexus. It matters to multipath:
// a MODE SELECT sent down one path changes the page for the other paths only
// when the policy is "shared" (or "per target port" and the paths share the
// port).
//
// Only the first descriptor may have POLICY PAGE CODE 3Fh with POLICY
// SUBPAGE CODE FFh; it then gives the policy of every mode page and subpage
// that no other descriptor names. policy_for() applies that rule.
//
// The descriptors are iterated lazily (descriptors()). A tail of fewer than 4
// bytes stops the iteration with errc::too_short: either the page is
// truncated() or its PAGE LENGTH is not a multiple of four.
#ifndef MPIO_SCSI_VPD_MODE_PAGE_POLICY_HPP
#define MPIO_SCSI_VPD_MODE_PAGE_POLICY_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>

namespace mpio::scsi {

// MODE PAGE POLICY (SPC-6 table "MODE PAGE POLICY field").
enum class mode_page_policy_value : std::uint8_t {
    shared = 0x0,                      // one copy for every I_T nexus
    per_target_port = 0x1,             // one copy per target port
    obsolete_per_initiator_port = 0x2, // SPC-3's "per initiator port", obsolete since SPC-4
    per_i_t_nexus = 0x3,               // one copy per I_T nexus
};

[[nodiscard]] constexpr const char* to_string(mode_page_policy_value p) noexcept
{
    switch (p) {
    case mode_page_policy_value::shared: return "shared";
    case mode_page_policy_value::per_target_port: return "per target port";
    case mode_page_policy_value::obsolete_per_initiator_port: return "obsolete (per initiator port)";
    case mode_page_policy_value::per_i_t_nexus: return "per I_T nexus";
    }
    return "reserved"; // unreachable for a 2-bit value
}

class mode_page_policy_descriptor {
public:
    static constexpr std::size_t size = 4;
    // POLICY PAGE CODE / POLICY SUBPAGE CODE of the "every other page" descriptor.
    static constexpr std::uint8_t all_pages = 0x3F;
    static constexpr std::uint8_t all_subpages = 0xFF;

    constexpr mode_page_policy_descriptor() noexcept = default;
    constexpr mode_page_policy_descriptor(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset)
    {}

    [[nodiscard]] constexpr std::uint8_t policy_page_code() const noexcept { return bits(bytes_.at_or(0), 5, 0); }
    [[nodiscard]] constexpr std::uint8_t policy_subpage_code() const noexcept { return bytes_.at_or(1); }
    // Multiple logical units share: the mode page is shared by more than one
    // logical unit of the target device.
    [[nodiscard]] constexpr bool mlus() const noexcept { return bit(bytes_.at_or(2), 7); }
    [[nodiscard]] constexpr mode_page_policy_value mode_page_policy() const noexcept
    {
        return static_cast<mode_page_policy_value>(bits(bytes_.at_or(2), 1, 0));
    }
    // POLICY PAGE CODE 3Fh with POLICY SUBPAGE CODE FFh: every page and
    // subpage no other descriptor names (valid only as the first descriptor).
    [[nodiscard]] constexpr bool applies_to_all_pages() const noexcept
    {
        return policy_page_code() == all_pages && policy_subpage_code() == all_subpages;
    }

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

using mode_page_policy_descriptor_list =
    descriptor_list<fixed_size_entries<mode_page_policy_descriptor, mode_page_policy_descriptor::size>>;

class mode_page_policy : public vpd_page {
public:
    constexpr mode_page_policy() noexcept = default;
    constexpr explicit mode_page_policy(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields are inherited from vpd_page.
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    [[nodiscard]] constexpr mode_page_policy_descriptor_list descriptors() const noexcept
    {
        return mode_page_policy_descriptor_list(payload());
    }

    // The descriptor that gives the policy of mode page `page_code`, subpage
    // `subpage_code` (0 for a page without subpages): the one naming exactly
    // that page and subpage, else a first descriptor for 3Fh/FFh. Otherwise
    // errc::not_found, or the error that stopped the walk before an exact
    // match could be ruled out.
    [[nodiscard]] constexpr result<mode_page_policy_descriptor> policy_for(std::uint8_t page_code,
                                                                           std::uint8_t subpage_code) const noexcept
    {
        const mode_page_policy_descriptor_list list = descriptors();
        result<mode_page_policy_descriptor> fallback = failure(errc::not_found);
        auto it = list.begin();
        for (; !it.done(); ++it) {
            const mode_page_policy_descriptor d = *it;
            if (d.offset() == 0 && d.applies_to_all_pages()) {
                fallback = d;
            } else if (d.policy_page_code() == page_code && d.policy_subpage_code() == subpage_code) {
                return d;
            }
        }
        if (it.error() != errc::none) return failure(it.error());
        return fallback;
    }
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not 87h. Malformed descriptors are reported by the
// iteration, not here.
[[nodiscard]] constexpr result<mode_page_policy> parse_mode_page_policy(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<mode_page_policy>(bytes, vpd_page_code::mode_page_policy);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_MODE_PAGE_POLICY_HPP
