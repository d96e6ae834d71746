// SPDX-License-Identifier: MIT
// mpio/nvme/identify_controller.hpp - the Identify Controller data structure
// (Identify, CNS 01h): who the controller is, which multipath features it
// has (multi-controller subsystem, ANA reporting) and the ANA limits.
//
// NVM Express Base Specification 2.x, Identify Controller data structure,
// 4096 bytes, little-endian. The fields mpio names (byte offsets):
//
//   0-1     VID        PCI Vendor ID
//   2-3     SSVID      PCI Subsystem Vendor ID
//   4-23    SN         Serial Number (ASCII, space padded)
//   24-63   MN         Model Number (ASCII, space padded)
//   64-71   FR         Firmware Revision (ASCII)
//   72      RAB        Recommended Arbitration Burst
//   73-75   IEEE       IEEE OUI Identifier (least significant byte first)
//   76      CMIC       Controller Multi-Path I/O and Namespace Sharing Capabilities:
//                      bit 0 multiple ports, bit 1 multiple controllers,
//                      bit 2 SR-IOV virtual function, bit 3 ANA reporting (ANARS)
//   77      MDTS       Maximum Data Transfer Size (2^n minimum pages, 0: no limit)
//   78-79   CNTLID     Controller ID
//   80-83   VER        Version (major 31:16, minor 15:8, tertiary 7:0)
//   92-95   OAES       Optional Asynchronous Events Supported: bit 8 namespace
//                      attribute notices, bit 9 firmware activation notices,
//                      bit 11 ANA change notices
//   96-99   CTRATT     Controller Attributes
//   111     CNTRLTYPE  Controller Type (1 I/O, 2 discovery, 3 administrative)
//   112-127 FGUID      FRU Globally Unique Identifier
//   128-133 CRDT1..3   Command Retry Delay Times (units of 100 ms; selected by CRD)
//   256-257 OACS       Optional Admin Command Support
//   342     ANATT      ANA Transition Time (seconds)
//   343     ANACAP     ANA Capabilities: bits 0..4 the controller reports the
//                      optimized / non-optimized / inaccessible / persistent
//                      loss / change state; bit 6 ANAGRPID does not change
//                      while the namespace is attached; bit 7 a non-zero
//                      ANAGRPID is supported in Namespace Management
//   344-347 ANAGRPMAX  ANA Group Identifier Maximum
//   348-351 NANAGRPID  Number of ANA Group Identifiers
//   516-519 NN         Number of Namespaces (the largest NSID)
//   540-543 MNAN       Maximum Number of Allowed Namespaces
//   768-1023 SUBNQN    NVM Subsystem NVMe Qualified Name (UTF-8, NUL terminated)
//
// Truncation (rule P2): the structure is always 4096 bytes; fewer is
// truncated() (required_allocation_length() 4096). Fewer than the 80 bytes
// that end with CNTLID is errc::too_short. The *_present() predicates say
// which groups of fields the data reaches; fields past the end read as 0.
#ifndef MPIO_NVME_IDENTIFY_CONTROLLER_HPP
#define MPIO_NVME_IDENTIFY_CONTROLLER_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/nvme/ana_state.hpp>

namespace mpio::nvme {

// Controller Type (CNTRLTYPE); 0 means the controller does not report it
// (before NVMe 1.4).
enum class controller_type : std::uint8_t {
    not_reported = 0x0,
    io_controller = 0x1,
    discovery_controller = 0x2,
    administrative_controller = 0x3,
    // 4h..FFh reserved
};

[[nodiscard]] constexpr const char* to_string(controller_type t) noexcept
{
    switch (t) {
    case controller_type::not_reported: return "not reported";
    case controller_type::io_controller: return "I/O controller";
    case controller_type::discovery_controller: return "discovery controller";
    case controller_type::administrative_controller: return "administrative controller";
    }
    return "reserved";
}

class identify_controller {
public:
    static constexpr std::size_t size = 4096;
    static constexpr std::size_t min_size = 80; // through CNTLID

    constexpr identify_controller() noexcept = default;
    // `bytes` holds at least min_size bytes (parse_identify_controller() checks).
    constexpr explicit identify_controller(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < size; }
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept { return size; }

    // Which groups of fields the data reaches.
    [[nodiscard]] constexpr bool version_present() const noexcept { return bytes_.size() >= 84; }
    [[nodiscard]] constexpr bool oaes_present() const noexcept { return bytes_.size() >= 96; }
    [[nodiscard]] constexpr bool crdt_present() const noexcept { return bytes_.size() >= 134; }
    [[nodiscard]] constexpr bool ana_fields_present() const noexcept { return bytes_.size() >= 352; }
    [[nodiscard]] constexpr bool mnan_present() const noexcept { return bytes_.size() >= 544; }
    [[nodiscard]] constexpr bool subnqn_present() const noexcept { return bytes_.size() >= 1024; }

    // -- identity
    [[nodiscard]] constexpr std::uint16_t vid() const noexcept { return load_le16(bytes_, 0); }
    [[nodiscard]] constexpr std::uint16_t ssvid() const noexcept { return load_le16(bytes_, 2); }
    [[nodiscard]] constexpr ascii_view sn() const noexcept { return ascii_view(bytes_.subview(4, 20)); }
    [[nodiscard]] constexpr ascii_view mn() const noexcept { return ascii_view(bytes_.subview(24, 40)); }
    [[nodiscard]] constexpr ascii_view fr() const noexcept { return ascii_view(bytes_.subview(64, 8)); }
    [[nodiscard]] constexpr std::uint8_t rab() const noexcept { return bytes_.at_or(72); }
    [[nodiscard]] constexpr std::uint32_t ieee() const noexcept
    {
        return static_cast<std::uint32_t>(bytes_.at_or(73)) | (static_cast<std::uint32_t>(bytes_.at_or(74)) << 8) |
               (static_cast<std::uint32_t>(bytes_.at_or(75)) << 16);
    }

    // -- CMIC
    [[nodiscard]] constexpr std::uint8_t cmic() const noexcept { return bytes_.at_or(76); }
    [[nodiscard]] constexpr bool cmic_multiple_ports() const noexcept { return bit(cmic(), 0); }
    [[nodiscard]] constexpr bool cmic_multiple_controllers() const noexcept { return bit(cmic(), 1); }
    [[nodiscard]] constexpr bool cmic_sriov_virtual_function() const noexcept { return bit(cmic(), 2); }
    // ANARS: the controller supports ANA reporting (the kernel's
    // NVME_CTRL_CMIC_ANA, which turns native multipath ANA handling on).
    [[nodiscard]] constexpr bool cmic_ana_reporting() const noexcept { return bit(cmic(), 3); }

    [[nodiscard]] constexpr std::uint8_t mdts() const noexcept { return bytes_.at_or(77); }
    [[nodiscard]] constexpr std::uint16_t cntlid() const noexcept { return load_le16(bytes_, 78); }

    // -- version, events, attributes
    [[nodiscard]] constexpr std::uint32_t ver() const noexcept { return load_le32(bytes_, 80); }
    [[nodiscard]] constexpr std::uint16_t ver_major() const noexcept { return static_cast<std::uint16_t>(ver() >> 16); }
    [[nodiscard]] constexpr std::uint8_t ver_minor() const noexcept { return static_cast<std::uint8_t>(ver() >> 8); }
    [[nodiscard]] constexpr std::uint8_t ver_tertiary() const noexcept { return static_cast<std::uint8_t>(ver()); }
    [[nodiscard]] constexpr std::uint32_t oaes() const noexcept { return load_le32(bytes_, 92); }
    [[nodiscard]] constexpr bool oaes_namespace_attribute_notices() const noexcept { return ((oaes() >> 8) & 1u) != 0; }
    [[nodiscard]] constexpr bool oaes_firmware_activation_notices() const noexcept { return ((oaes() >> 9) & 1u) != 0; }
    // Asymmetric Namespace Access Change Notices: the controller sends an
    // asynchronous event when the ANA log page changes.
    [[nodiscard]] constexpr bool oaes_ana_change_notices() const noexcept { return ((oaes() >> 11) & 1u) != 0; }
    [[nodiscard]] constexpr std::uint32_t ctratt() const noexcept { return load_le32(bytes_, 96); }
    [[nodiscard]] constexpr nvme::controller_type cntrltype() const noexcept
    {
        return static_cast<nvme::controller_type>(bytes_.at_or(111));
    }
    [[nodiscard]] constexpr byte_view fguid() const noexcept { return bytes_.subview(112, 16); }
    // CRDT1..CRDT3 (index 1..3; 0 for any other index), in 100 ms units.
    [[nodiscard]] constexpr std::uint16_t crdt(unsigned index) const noexcept
    {
        if (index < 1 || index > 3) return 0;
        return load_le16(bytes_, 128 + 2 * (index - 1));
    }
    [[nodiscard]] constexpr std::uint16_t oacs() const noexcept { return load_le16(bytes_, 256); }

    // -- ANA (ana_fields_present())
    [[nodiscard]] constexpr std::uint8_t anatt() const noexcept { return bytes_.at_or(342); }
    [[nodiscard]] constexpr std::uint8_t anacap() const noexcept { return bytes_.at_or(343); }
    [[nodiscard]] constexpr bool anacap_reports_optimized() const noexcept { return bit(anacap(), 0); }
    [[nodiscard]] constexpr bool anacap_reports_non_optimized() const noexcept { return bit(anacap(), 1); }
    [[nodiscard]] constexpr bool anacap_reports_inaccessible() const noexcept { return bit(anacap(), 2); }
    [[nodiscard]] constexpr bool anacap_reports_persistent_loss() const noexcept { return bit(anacap(), 3); }
    [[nodiscard]] constexpr bool anacap_reports_change() const noexcept { return bit(anacap(), 4); }
    // Bit 6: ANAGRPID in Identify Namespace does not change while the
    // namespace is attached (nvme-cli: "Group ID does not change").
    [[nodiscard]] constexpr bool anacap_anagrpid_static() const noexcept { return bit(anacap(), 6); }
    // Bit 7: a non-zero ANAGRPID is supported by Namespace Management.
    [[nodiscard]] constexpr bool anacap_nonzero_anagrpid() const noexcept { return bit(anacap(), 7); }
    // Whether ANACAP says the controller reports `s` (false for reserved codes).
    [[nodiscard]] constexpr bool anacap_reports(ana_state s) const noexcept
    {
        switch (s) {
        case ana_state::optimized: return anacap_reports_optimized();
        case ana_state::non_optimized: return anacap_reports_non_optimized();
        case ana_state::inaccessible: return anacap_reports_inaccessible();
        case ana_state::persistent_loss: return anacap_reports_persistent_loss();
        case ana_state::change: return anacap_reports_change();
        }
        return false;
    }
    [[nodiscard]] constexpr std::uint32_t anagrpmax() const noexcept { return load_le32(bytes_, 344); }
    [[nodiscard]] constexpr std::uint32_t nanagrpid() const noexcept { return load_le32(bytes_, 348); }

    // -- namespaces
    [[nodiscard]] constexpr std::uint32_t nn() const noexcept { return load_le32(bytes_, 516); }
    [[nodiscard]] constexpr std::uint32_t mnan() const noexcept { return load_le32(bytes_, 540); }

    // SUBNQN up to its NUL (subnqn_present()); the raw 256 bytes with subnqn_field().
    [[nodiscard]] constexpr ascii_view subnqn() const noexcept { return subnqn_field().until_nul(); }
    [[nodiscard]] constexpr ascii_view subnqn_field() const noexcept { return ascii_view(bytes_.subview(768, 256)); }

private:
    byte_view bytes_;
};

[[nodiscard]] constexpr result<identify_controller> parse_identify_controller(byte_view bytes) noexcept
{
    if (bytes.size() < identify_controller::min_size) return failure(errc::too_short);
    return identify_controller(bytes);
}

} // namespace mpio::nvme

#endif // MPIO_NVME_IDENTIFY_CONTROLLER_HPP
