// SPDX-License-Identifier: MIT
// mpio/nvme/identify_namespace.hpp - the Identify Namespace data structure
// for the NVM command set (Identify, CNS 00h): size, sharing, ANA group,
// the namespace's globally unique identifiers and its LBA formats.
//
// NVM Express NVM Command Set Specification / Base Specification 2.x,
// 4096 bytes, little-endian. The fields mpio names (byte offsets):
//
//   0-7      NSZE      Namespace Size (logical blocks)
//   8-15     NCAP      Namespace Capacity
//   16-23    NUSE      Namespace Utilization
//   24       NSFEAT    Namespace Features
//   25       NLBAF     Number of LBA Formats (0's based)
//   26       FLBAS     Formatted LBA Size: bits 3:0 format index (low bits),
//                      bit 4 metadata at the end of the data LBA, bits 6:5
//                      format index (high bits, when more than 16 formats)
//   27       MC        Metadata Capabilities
//   28       DPC       End-to-end Data Protection Capabilities
//   29       DPS       End-to-end Data Protection Type Settings
//   30       NMIC      Namespace Multi-path I/O and Namespace Sharing
//                      Capabilities: bit 0 SHRNS, the namespace may be
//                      attached to two or more controllers
//   31       RESCAP    Reservation Capabilities
//   92-95    ANAGRPID  ANA Group Identifier (0: not in an ANA group)
//   99       NSATTR    Namespace Attributes (bit 0 write protected)
//   100-101  NVMSETID  NVM Set Identifier
//   102-103  ENDGID    Endurance Group Identifier
//   104-119  NGUID     Namespace Globally Unique Identifier (0: none)
//   120-127  EUI64     IEEE Extended Unique Identifier (0: none)
//   128-383  LBAF0..63 LBA Format n, 4 bytes each: bytes 0-1 MS (metadata
//                      size), byte 2 LBADS (log2 of the data size), byte 3
//                      bits 1:0 RP (relative performance)
//
// Truncation (rule P2): the structure is always 4096 bytes; fewer is
// truncated(). Fewer than the 32 bytes that end with RESCAP is
// errc::too_short. Fields past the end read as 0; the *_present()
// predicates say what the data reaches.
#ifndef MPIO_NVME_IDENTIFY_NAMESPACE_HPP
#define MPIO_NVME_IDENTIFY_NAMESPACE_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio::nvme {

// Relative Performance of an LBA format.
enum class relative_performance : std::uint8_t {
    best = 0x0,
    better = 0x1,
    good = 0x2,
    degraded = 0x3,
};

[[nodiscard]] constexpr const char* to_string(relative_performance r) noexcept
{
    switch (r) {
    case relative_performance::best: return "best performance";
    case relative_performance::better: return "better performance";
    case relative_performance::good: return "good performance";
    case relative_performance::degraded: return "degraded performance";
    }
    return "unknown";
}

// One LBA Format data structure.
struct lba_format {
    std::uint16_t ms = 0;   // metadata bytes per LBA
    std::uint8_t lbads = 0; // LBA data size, log2 (0: format not available)
    nvme::relative_performance rp = nvme::relative_performance::best;

    // 2^LBADS; 0 when LBADS is below 9 (the specification's minimum, 512
    // bytes, so a smaller value means the format is not usable) or too
    // large for 32 bits.
    [[nodiscard]] constexpr std::uint32_t data_size() const noexcept
    {
        return lbads < 9 || lbads > 31 ? 0u : std::uint32_t{1} << lbads;
    }
    friend constexpr bool operator==(const lba_format&, const lba_format&) noexcept = default;
};

class identify_namespace {
public:
    static constexpr std::size_t size = 4096;
    static constexpr std::size_t min_size = 32; // through RESCAP
    static constexpr std::size_t max_lba_formats = 64;

    constexpr identify_namespace() noexcept = default;
    constexpr explicit identify_namespace(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < size; }
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept { return size; }
    [[nodiscard]] constexpr bool anagrpid_present() const noexcept { return bytes_.size() >= 96; }
    [[nodiscard]] constexpr bool identifiers_present() const noexcept { return bytes_.size() >= 128; }

    [[nodiscard]] constexpr std::uint64_t nsze() const noexcept { return load_le64(bytes_, 0); }
    [[nodiscard]] constexpr std::uint64_t ncap() const noexcept { return load_le64(bytes_, 8); }
    [[nodiscard]] constexpr std::uint64_t nuse() const noexcept { return load_le64(bytes_, 16); }
    [[nodiscard]] constexpr std::uint8_t nsfeat() const noexcept { return bytes_.at_or(24); }
    [[nodiscard]] constexpr std::uint8_t nlbaf() const noexcept { return bytes_.at_or(25); }
    [[nodiscard]] constexpr std::uint8_t flbas() const noexcept { return bytes_.at_or(26); }
    [[nodiscard]] constexpr std::uint8_t mc() const noexcept { return bytes_.at_or(27); }
    [[nodiscard]] constexpr std::uint8_t dpc() const noexcept { return bytes_.at_or(28); }
    [[nodiscard]] constexpr std::uint8_t dps() const noexcept { return bytes_.at_or(29); }
    [[nodiscard]] constexpr std::uint8_t nmic() const noexcept { return bytes_.at_or(30); }
    // SHRNS: a shared namespace (the kernel's NVME_NS_NMIC_SHARED).
    [[nodiscard]] constexpr bool nmic_shared() const noexcept { return bit(nmic(), 0); }
    [[nodiscard]] constexpr std::uint8_t rescap() const noexcept { return bytes_.at_or(31); }
    [[nodiscard]] constexpr std::uint32_t anagrpid() const noexcept { return load_le32(bytes_, 92); }
    [[nodiscard]] constexpr std::uint8_t nsattr() const noexcept { return bytes_.at_or(99); }
    [[nodiscard]] constexpr std::uint16_t nvmsetid() const noexcept { return load_le16(bytes_, 100); }
    [[nodiscard]] constexpr std::uint16_t endgid() const noexcept { return load_le16(bytes_, 102); }
    // The identifiers as returned (empty when the data does not reach them).
    [[nodiscard]] constexpr byte_view nguid() const noexcept { return bytes_.subview(104, 16); }
    [[nodiscard]] constexpr byte_view eui64() const noexcept { return bytes_.subview(120, 8); }

    // Number of LBA formats: NLBAF + 1 (at most 64).
    [[nodiscard]] constexpr std::size_t lba_format_count() const noexcept
    {
        const std::size_t n = std::size_t{nlbaf()} + 1;
        return n < max_lba_formats ? n : max_lba_formats;
    }
    // LBA format `index`: errc::invalid_argument past lba_format_count(),
    // errc::too_short when the data does not reach it.
    [[nodiscard]] constexpr result<lba_format> lba_format_at(std::size_t index) const noexcept
    {
        if (index >= lba_format_count()) return failure(errc::invalid_argument);
        const std::size_t at = 128 + 4 * index;
        if (!bytes_.contains(at, 4)) return failure(errc::too_short);
        lba_format f;
        f.ms = load_le16(bytes_, at);
        f.lbads = bytes_[at + 2];
        f.rp = static_cast<relative_performance>(bits(bytes_[at + 3], 1, 0));
        return f;
    }
    // The format index FLBAS selects: bits 3:0, with bits 6:5 above them
    // (the kernel's nvme_lbaf_index()).
    [[nodiscard]] constexpr std::uint8_t formatted_lba_index() const noexcept
    {
        return static_cast<std::uint8_t>(bits(flbas(), 3, 0) | (bits(flbas(), 6, 5) << 4));
    }
    [[nodiscard]] constexpr bool metadata_extended() const noexcept { return bit(flbas(), 4); }
    [[nodiscard]] constexpr result<lba_format> formatted_lba_format() const noexcept
    {
        return lba_format_at(formatted_lba_index());
    }

private:
    byte_view bytes_;
};

[[nodiscard]] constexpr result<identify_namespace> parse_identify_namespace(byte_view bytes) noexcept
{
    if (bytes.size() < identify_namespace::min_size) return failure(errc::too_short);
    return identify_namespace(bytes);
}

} // namespace mpio::nvme

#endif // MPIO_NVME_IDENTIFY_NAMESPACE_HPP
