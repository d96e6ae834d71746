// SPDX-License-Identifier: MIT
// mpio/scsi/read_capacity.hpp - the READ CAPACITY (16) and READ CAPACITY
// (10) parameter data.
//
// SBC-4 5.20.2 (READ CAPACITY (16) parameter data), 32 bytes:
//
//   bytes 0-7    RETURNED LOGICAL BLOCK ADDRESS (the last LBA), big-endian
//   bytes 8-11   LOGICAL BLOCK LENGTH IN BYTES
//   byte 12      reserved (7..6) | RC BASIS (5..4) | P_TYPE (3..1) | PROT_EN (0)
//   byte 13      P_I_EXPONENT (7..4) | LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (3..0)
//   byte 14-15   LBPME (byte 14 bit 7) | LBPRZ (bit 6) |
//                LOWEST ALIGNED LOGICAL BLOCK ADDRESS (14 bits)
//   bytes 16-31  reserved
//
// The data has no length field: its length is 32 by definition, and a
// device returns fewer bytes only when the ALLOCATION LENGTH of the command
// (build_read_capacity_16 in mpio/scsi/cdb.hpp) was smaller. Fewer than the
// 12 bytes READ CAPACITY (10) also returns (LBA and block length) is
// errc::too_short. From 12 to 31 bytes the data is truncated(): the fields in
// the missing bytes read as 0 and the *_present() predicates say which groups
// were returned (protection: byte 12; exponents: byte 13; provisioning and
// alignment: bytes 14-15).
//
// Derived values: the capacity in logical blocks is RETURNED LOGICAL BLOCK
// ADDRESS + 1 and in bytes that times the block length; both are computed
// in integers (no floating point, no 64-bit division or multiplication, which
// small 32-bit targets take from libgcc) and fail with errc::overflow when
// they do not fit.
//
// SBC-4 5.16.2 (READ CAPACITY (10) parameter data), 8 bytes:
//
//   bytes 0-3    RETURNED LOGICAL BLOCK ADDRESS (the last LBA), big-endian;
//                FFFF_FFFFh: the capacity does not fit, send READ CAPACITY (16)
//   bytes 4-7    BLOCK LENGTH IN BYTES
//
// The READ CAPACITY (10) CDB (build_read_capacity_10) has no ALLOCATION
// LENGTH: the data is always 8 bytes, so fewer is errc::too_short, not a
// truncation. capacity_in_blocks() is errc::overflow for FFFF_FFFFh
// (needs_read_capacity_16()); the capacity in bytes always fits 64 bits.
#ifndef MPIO_SCSI_READ_CAPACITY_HPP
#define MPIO_SCSI_READ_CAPACITY_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio::scsi {

// P_TYPE: the type of protection the logical unit is formatted with
// (meaningful only when PROT_EN is one).
enum class p_type : std::uint8_t {
    type_1_protection = 0x0,
    type_2_protection = 0x1,
    type_3_protection = 0x2,
    // 3h..7h reserved
};

[[nodiscard]] constexpr const char* to_string(p_type p) noexcept
{
    switch (p) {
    case p_type::type_1_protection: return "type 1 protection";
    case p_type::type_2_protection: return "type 2 protection";
    case p_type::type_3_protection: return "type 3 protection";
    }
    return "reserved";
}

// RC BASIS: what RETURNED LOGICAL BLOCK ADDRESS is based on (SBC-4; zoned
// block devices report 00b).
enum class rc_basis : std::uint8_t {
    // The highest LBA of the contiguous range of zones that are not
    // sequential write required zones, starting with the first zone.
    highest_lba_of_non_sequential_zones = 0x0,
    // The LBA of the last logical block on the logical unit.
    last_logical_block = 0x1,
    // 2h..3h reserved
};

[[nodiscard]] constexpr const char* to_string(rc_basis r) noexcept
{
    switch (r) {
    case rc_basis::highest_lba_of_non_sequential_zones: return "highest LBA of the non-sequential zones";
    case rc_basis::last_logical_block: return "last logical block of the logical unit";
    }
    return "reserved";
}

namespace detail {
// a * b in 64 bits from four 16 x 16-bit products: a 64-bit multiplication is
// a libgcc call on Cortex-M0, which has no 32 x 32 -> 64-bit multiply.
constexpr std::uint64_t multiply_u32(std::uint32_t a, std::uint32_t b) noexcept
{
    const std::uint32_t a_low = a & 0xFFFFu, a_high = a >> 16;
    const std::uint32_t b_low = b & 0xFFFFu, b_high = b >> 16;
    // Each 16 x 16-bit product fits 32 bits; only their sums need 64.
    const std::uint32_t low = a_low * b_low;
    const std::uint32_t cross1 = a_high * b_low, cross2 = a_low * b_high, high = a_high * b_high;
    const std::uint64_t middle = std::uint64_t{cross1} + cross2 + (low >> 16); // < 2^34
    return (std::uint64_t{high} << 32) + (middle << 16) + (low & 0xFFFFu);
}

// a * b, or false when the product needs more than 64 bits.
constexpr bool multiply_u64_u32(std::uint64_t a, std::uint32_t b, std::uint64_t& product) noexcept
{
    const std::uint64_t low = multiply_u32(static_cast<std::uint32_t>(a), b);
    const std::uint64_t high = multiply_u32(static_cast<std::uint32_t>(a >> 32), b);
    if ((high >> 32) != 0) return false;
    const std::uint64_t sum = (high << 32) + low;
    if (sum < low) return false;
    product = sum;
    return true;
}
} // namespace detail

class read_capacity_16 {
public:
    static constexpr std::size_t min_size = 12; // the READ CAPACITY (10) fields
    static constexpr std::size_t size = 32;

    constexpr read_capacity_16() noexcept = default;
    // `bytes` holds at least min_size bytes (parse_read_capacity_16() checks).
    constexpr explicit read_capacity_16(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < size; }
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept { return size; }

    [[nodiscard]] constexpr bool protection_fields_present() const noexcept { return bytes_.size() > 12; }
    [[nodiscard]] constexpr bool exponent_fields_present() const noexcept { return bytes_.size() > 13; }
    [[nodiscard]] constexpr bool provisioning_fields_present() const noexcept { return bytes_.size() > 15; }

    // -- bytes 0-11
    [[nodiscard]] constexpr std::uint64_t returned_logical_block_address() const noexcept
    {
        return load_be64(bytes_, 0);
    }
    [[nodiscard]] constexpr std::uint32_t logical_block_length_in_bytes() const noexcept
    {
        return load_be32(bytes_, 8);
    }

    // -- byte 12 (protection_fields_present())
    [[nodiscard]] constexpr scsi::rc_basis rc_basis() const noexcept
    {
        return static_cast<scsi::rc_basis>(bits(bytes_.at_or(12), 5, 4));
    }
    [[nodiscard]] constexpr scsi::p_type p_type() const noexcept
    {
        return static_cast<scsi::p_type>(bits(bytes_.at_or(12), 3, 1));
    }
    [[nodiscard]] constexpr bool prot_en() const noexcept { return bit(bytes_.at_or(12), 0); }

    // -- byte 13 (exponent_fields_present())
    [[nodiscard]] constexpr std::uint8_t p_i_exponent() const noexcept { return bits(bytes_.at_or(13), 7, 4); }
    [[nodiscard]] constexpr std::uint8_t logical_blocks_per_physical_block_exponent() const noexcept
    {
        return bits(bytes_.at_or(13), 3, 0);
    }

    // -- bytes 14-15 (provisioning_fields_present())
    // Logical block provisioning management enabled (thin provisioning).
    [[nodiscard]] constexpr bool lbpme() const noexcept { return bit(bytes_.at_or(14), 7); }
    // Unmapped logical blocks read as zeros.
    [[nodiscard]] constexpr bool lbprz() const noexcept { return bit(bytes_.at_or(14), 6); }
    [[nodiscard]] constexpr std::uint16_t lowest_aligned_logical_block_address() const noexcept
    {
        return static_cast<std::uint16_t>(load_be16(bytes_, 14) & 0x3FFFu);
    }

    // -- derived values

    // 0 when PROT_EN is zero (no protection information), else P_TYPE + 1.
    // errc::too_short when byte 12 was not returned, errc::reserved_value for
    // a reserved P_TYPE.
    [[nodiscard]] constexpr result<std::uint8_t> protection_type() const noexcept
    {
        if (!protection_fields_present()) return failure(errc::too_short);
        if (!prot_en()) return std::uint8_t{0};
        if (static_cast<std::uint8_t>(p_type()) > 2) return failure(errc::reserved_value);
        return static_cast<std::uint8_t>(static_cast<std::uint8_t>(p_type()) + 1);
    }
    // Protection information intervals per logical block: 2^P_I_EXPONENT.
    [[nodiscard]] constexpr std::uint32_t protection_information_intervals() const noexcept
    {
        return std::uint32_t{1} << p_i_exponent();
    }
    // 2^LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (1 when byte 13 is absent).
    [[nodiscard]] constexpr std::uint32_t logical_blocks_per_physical_block() const noexcept
    {
        return std::uint32_t{1} << logical_blocks_per_physical_block_exponent();
    }
    // Logical block length times logical blocks per physical block (at most
    // 2^47, so it always fits).
    [[nodiscard]] constexpr std::uint64_t physical_block_length_in_bytes() const noexcept
    {
        // Shifted as two 32-bit halves: a variable 64-bit shift is a libgcc
        // call on Cortex-M0.
        const std::uint32_t length = logical_block_length_in_bytes();
        const unsigned exponent = logical_blocks_per_physical_block_exponent();
        const std::uint32_t high = exponent == 0 ? 0u : length >> (32 - exponent);
        return std::uint64_t{high} << 32 | static_cast<std::uint32_t>(length << exponent);
    }

    // RETURNED LOGICAL BLOCK ADDRESS + 1; errc::overflow when it is
    // FFFF_FFFF_FFFF_FFFFh.
    [[nodiscard]] constexpr result<std::uint64_t> capacity_in_blocks() const noexcept
    {
        const std::uint64_t last = returned_logical_block_address();
        if (last == ~std::uint64_t{0}) return failure(errc::overflow);
        return last + 1;
    }
    // capacity_in_blocks() times the logical block length; errc::overflow
    // when it does not fit in 64 bits.
    [[nodiscard]] constexpr result<std::uint64_t> capacity_in_bytes() const noexcept
    {
        const result<std::uint64_t> blocks = capacity_in_blocks();
        if (!blocks) return failure(blocks.error());
        std::uint64_t product = 0;
        if (!detail::multiply_u64_u32(*blocks, logical_block_length_in_bytes(), product))
            return failure(errc::overflow);
        return product;
    }

private:
    byte_view bytes_;
};

// errc::too_short when fewer than 12 bytes. Bytes past 32 are ignored.
[[nodiscard]] constexpr result<read_capacity_16> parse_read_capacity_16(byte_view bytes) noexcept
{
    if (bytes.size() < read_capacity_16::min_size) return failure(errc::too_short);
    return read_capacity_16(bytes.first(read_capacity_16::size));
}

class read_capacity_10 {
public:
    static constexpr std::size_t size = 8;
    // RETURNED LOGICAL BLOCK ADDRESS when the capacity needs READ CAPACITY (16).
    static constexpr std::uint32_t use_read_capacity_16 = 0xFFFF'FFFFu;

    constexpr read_capacity_10() noexcept = default;
    // `bytes` holds the 8 bytes (parse_read_capacity_10() checks).
    constexpr explicit read_capacity_10(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

    [[nodiscard]] constexpr std::uint32_t returned_logical_block_address() const noexcept
    {
        return load_be32(bytes_, 0);
    }
    [[nodiscard]] constexpr std::uint32_t block_length_in_bytes() const noexcept { return load_be32(bytes_, 4); }

    // The logical unit has more than 2^32 - 1 blocks (or exactly
    // FFFF_FFFFh + 1): only READ CAPACITY (16) reports its capacity.
    [[nodiscard]] constexpr bool needs_read_capacity_16() const noexcept
    {
        return returned_logical_block_address() == use_read_capacity_16;
    }

    // RETURNED LOGICAL BLOCK ADDRESS + 1; errc::overflow when it is
    // FFFF_FFFFh (needs_read_capacity_16()).
    [[nodiscard]] constexpr result<std::uint64_t> capacity_in_blocks() const noexcept
    {
        if (needs_read_capacity_16()) return failure(errc::overflow);
        return std::uint64_t{returned_logical_block_address()} + 1;
    }
    // capacity_in_blocks() times the block length: at most (2^32 - 1)^2, so
    // it always fits; errors as capacity_in_blocks().
    [[nodiscard]] constexpr result<std::uint64_t> capacity_in_bytes() const noexcept
    {
        if (needs_read_capacity_16()) return failure(errc::overflow);
        // blocks <= FFFF_FFFFh here, so a 32 x 32-bit product.
        return detail::multiply_u32(returned_logical_block_address() + 1, block_length_in_bytes());
    }

private:
    byte_view bytes_;
};

// errc::too_short when fewer than 8 bytes. Bytes past 8 are ignored.
[[nodiscard]] constexpr result<read_capacity_10> parse_read_capacity_10(byte_view bytes) noexcept
{
    if (bytes.size() < read_capacity_10::size) return failure(errc::too_short);
    return read_capacity_10(bytes.first(read_capacity_10::size));
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_READ_CAPACITY_HPP
