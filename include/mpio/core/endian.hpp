// SPDX-License-Identifier: MIT
// mpio/core/endian.hpp - big-endian (SCSI) and little-endian (NVMe) loads
// and stores.
//
// SCSI is big-endian on the wire. These helpers assemble values byte by byte
// with shifts, so they give the same answer on little- and big-endian CPUs and
// never depend on alignment or on reinterpret_cast (which constexpr forbids).
//
// Loads are bounded: bytes past the end of the view read as zero and the
// result says so through load_be<N>() / the try_* forms. Parsers check the
// length they need first and then use the plain forms; the bound is defence
// in depth, not a way to guess missing data.
#ifndef MPIO_CORE_ENDIAN_HPP
#define MPIO_CORE_ENDIAN_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/result.hpp>

namespace mpio {

namespace detail {
// N-byte big-endian load (N <= 8); bytes outside the view count as zero.
template <std::size_t N>
constexpr std::uint64_t load_be(byte_view v, std::size_t offset) noexcept
{
    static_assert(N >= 1 && N <= 8);
    std::uint64_t value = 0;
    if (v.contains(offset, N)) { // the common case: one bounds check, then plain loads
        const byte* p = v.data() + offset;
        for (std::size_t i = 0; i < N; ++i) value = (value << 8) | p[i];
        return value;
    }
    for (std::size_t i = 0; i < N; ++i) {
        const std::size_t at = offset + i;
        value = (value << 8) | (at >= offset ? v.at_or(at) : 0u); // at >= offset: no wrap-around
    }
    return value;
}
} // namespace detail

[[nodiscard]] constexpr std::uint16_t load_be16(byte_view v, std::size_t offset) noexcept
{
    return static_cast<std::uint16_t>(detail::load_be<2>(v, offset));
}
[[nodiscard]] constexpr std::uint32_t load_be24(byte_view v, std::size_t offset) noexcept
{
    return static_cast<std::uint32_t>(detail::load_be<3>(v, offset));
}
[[nodiscard]] constexpr std::uint32_t load_be32(byte_view v, std::size_t offset) noexcept
{
    return static_cast<std::uint32_t>(detail::load_be<4>(v, offset));
}
[[nodiscard]] constexpr std::uint64_t load_be64(byte_view v, std::size_t offset) noexcept
{
    return detail::load_be<8>(v, offset);
}

// Checked forms: errc::too_short when any byte of the field is missing.
[[nodiscard]] constexpr result<std::uint16_t> try_load_be16(byte_view v, std::size_t offset) noexcept
{
    if (!v.contains(offset, 2)) return failure(errc::too_short);
    return load_be16(v, offset);
}
[[nodiscard]] constexpr result<std::uint32_t> try_load_be24(byte_view v, std::size_t offset) noexcept
{
    if (!v.contains(offset, 3)) return failure(errc::too_short);
    return load_be24(v, offset);
}
[[nodiscard]] constexpr result<std::uint32_t> try_load_be32(byte_view v, std::size_t offset) noexcept
{
    if (!v.contains(offset, 4)) return failure(errc::too_short);
    return load_be32(v, offset);
}
[[nodiscard]] constexpr result<std::uint64_t> try_load_be64(byte_view v, std::size_t offset) noexcept
{
    if (!v.contains(offset, 8)) return failure(errc::too_short);
    return load_be64(v, offset);
}

// Stores into a caller buffer; false (nothing written) when the field does not fit.
template <std::size_t N>
constexpr bool store_be(mutable_byte_view out, std::size_t offset, std::uint64_t value) noexcept
{
    static_assert(N >= 1 && N <= 8);
    if (!byte_view(out).contains(offset, N)) return false;
    for (std::size_t i = 0; i < N; ++i) out[offset + i] = static_cast<byte>(value >> (8 * (N - 1 - i)));
    return true;
}
constexpr bool store_be16(mutable_byte_view out, std::size_t offset, std::uint16_t value) noexcept
{
    return store_be<2>(out, offset, value);
}
constexpr bool store_be24(mutable_byte_view out, std::size_t offset, std::uint32_t value) noexcept
{
    return store_be<3>(out, offset, value);
}
constexpr bool store_be32(mutable_byte_view out, std::size_t offset, std::uint32_t value) noexcept
{
    return store_be<4>(out, offset, value);
}
constexpr bool store_be64(mutable_byte_view out, std::size_t offset, std::uint64_t value) noexcept
{
    return store_be<8>(out, offset, value);
}

// ------------------------------------------------------------ little-endian
//
// NVMe data structures are little-endian (NVM Express Base Specification,
// "byte order": the least significant byte at the lowest address). The same
// byte-wise assembly as above, in the other direction, so a big-endian CPU
// (s390x in CI) gets the same values as x86: no host order is assumed.

namespace detail {
// N-byte little-endian load (N <= 8); bytes outside the view count as zero.
template <std::size_t N>
constexpr std::uint64_t load_le(byte_view v, std::size_t offset) noexcept
{
    static_assert(N >= 1 && N <= 8);
    std::uint64_t value = 0;
    if (v.contains(offset, N)) {
        const byte* p = v.data() + offset;
        for (std::size_t i = N; i > 0; --i) value = (value << 8) | p[i - 1];
        return value;
    }
    for (std::size_t i = N; i > 0; --i) {
        const std::size_t at = offset + (i - 1);
        value = (value << 8) | (at >= offset ? v.at_or(at) : 0u); // at >= offset: no wrap-around
    }
    return value;
}
} // namespace detail

[[nodiscard]] constexpr std::uint16_t load_le16(byte_view v, std::size_t offset) noexcept
{
    return static_cast<std::uint16_t>(detail::load_le<2>(v, offset));
}
[[nodiscard]] constexpr std::uint32_t load_le32(byte_view v, std::size_t offset) noexcept
{
    return static_cast<std::uint32_t>(detail::load_le<4>(v, offset));
}
[[nodiscard]] constexpr std::uint64_t load_le64(byte_view v, std::size_t offset) noexcept
{
    return detail::load_le<8>(v, offset);
}

// Checked forms: errc::too_short when any byte of the field is missing.
[[nodiscard]] constexpr result<std::uint16_t> try_load_le16(byte_view v, std::size_t offset) noexcept
{
    if (!v.contains(offset, 2)) return failure(errc::too_short);
    return load_le16(v, offset);
}
[[nodiscard]] constexpr result<std::uint32_t> try_load_le32(byte_view v, std::size_t offset) noexcept
{
    if (!v.contains(offset, 4)) return failure(errc::too_short);
    return load_le32(v, offset);
}
[[nodiscard]] constexpr result<std::uint64_t> try_load_le64(byte_view v, std::size_t offset) noexcept
{
    if (!v.contains(offset, 8)) return failure(errc::too_short);
    return load_le64(v, offset);
}

// Stores into a caller buffer; false (nothing written) when the field does not fit.
template <std::size_t N>
constexpr bool store_le(mutable_byte_view out, std::size_t offset, std::uint64_t value) noexcept
{
    static_assert(N >= 1 && N <= 8);
    if (!byte_view(out).contains(offset, N)) return false;
    for (std::size_t i = 0; i < N; ++i) out[offset + i] = static_cast<byte>(value >> (8 * i));
    return true;
}
constexpr bool store_le16(mutable_byte_view out, std::size_t offset, std::uint16_t value) noexcept
{
    return store_le<2>(out, offset, value);
}
constexpr bool store_le32(mutable_byte_view out, std::size_t offset, std::uint32_t value) noexcept
{
    return store_le<4>(out, offset, value);
}
constexpr bool store_le64(mutable_byte_view out, std::size_t offset, std::uint64_t value) noexcept
{
    return store_le<8>(out, offset, value);
}

// Bit-field extraction, named as the standards draw them: bits(b, 7, 5) is
// bits 7..5 of byte b, shifted down.
[[nodiscard]] constexpr std::uint8_t bits(std::uint8_t b, unsigned high, unsigned low) noexcept
{
    // Shifting an unsigned, not b promoted to int: GCC's -fsanitize=shift
    // wraps the shift and then cannot tell that it is not negative
    // (-Wsign-conversion).
    return static_cast<std::uint8_t>((unsigned{b} >> low) & ((1u << (high - low + 1)) - 1u));
}
[[nodiscard]] constexpr bool bit(std::uint8_t b, unsigned n) noexcept { return ((unsigned{b} >> n) & 1u) != 0; }

} // namespace mpio

#endif // MPIO_CORE_ENDIAN_HPP
