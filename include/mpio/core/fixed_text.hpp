// SPDX-License-Identifier: MIT
// mpio/core/fixed_text.hpp - fixed-capacity text output (no heap).
//
// Rendering identifiers and fields for logs, sysfs-style attributes or a
// driver's registry values needs text, but kernel and firmware code has no
// std::string. fixed_text<N> holds up to N characters plus a terminating NUL.
// Appending past the capacity keeps what fits and sets overflowed(): output is
// never silently cut short.
#ifndef MPIO_CORE_FIXED_TEXT_HPP
#define MPIO_CORE_FIXED_TEXT_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/result.hpp>

namespace mpio {

enum class hex_case : std::uint8_t { lower, upper };

// How to render bytes of a text field that are not printable ASCII (0x20..0x7e).
enum class unprintable : std::uint8_t {
    dot,        // '.', as hex dumps and sg3_utils show them
    hex_escape, // "\xNN", reversible and safe for logs and udev-style values
};

namespace detail {
constexpr char hex_digit(unsigned nibble, hex_case c) noexcept
{
    return static_cast<char>(nibble < 10 ? '0' + nibble : (c == hex_case::upper ? 'A' : 'a') + (nibble - 10));
}
constexpr bool is_printable(byte b) noexcept { return b >= 0x20 && b <= 0x7e; }
// 10^19 down to 10^0: every power of ten that fits in 64 bits.
inline constexpr std::uint64_t powers_of_ten[20] = {10000000000000000000ull,
                                                    1000000000000000000ull,
                                                    100000000000000000ull,
                                                    10000000000000000ull,
                                                    1000000000000000ull,
                                                    100000000000000ull,
                                                    10000000000000ull,
                                                    1000000000000ull,
                                                    100000000000ull,
                                                    10000000000ull,
                                                    1000000000ull,
                                                    100000000ull,
                                                    10000000ull,
                                                    1000000ull,
                                                    100000ull,
                                                    10000ull,
                                                    1000ull,
                                                    100ull,
                                                    10ull,
                                                    1ull};
} // namespace detail

template <std::size_t Capacity>
class fixed_text {
public:
    static constexpr std::size_t capacity = Capacity;

    constexpr fixed_text() noexcept = default;

    [[nodiscard]] constexpr const char* c_str() const noexcept { return data_; }
    [[nodiscard]] constexpr const char* data() const noexcept { return data_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    // True once any append did not fit: the text is incomplete.
    [[nodiscard]] constexpr bool overflowed() const noexcept { return overflowed_; }
    constexpr char operator[](std::size_t i) const noexcept
    {
        MPIO_ASSERT(i < size_);
        return data_[i];
    }
    constexpr void clear() noexcept
    {
        size_ = 0;
        data_[0] = '\0';
        overflowed_ = false;
    }

    constexpr fixed_text& append(char c) noexcept
    {
        if (size_ < Capacity) {
            data_[size_++] = c;
            data_[size_] = '\0';
        } else {
            overflowed_ = true;
        }
        return *this;
    }
    constexpr fixed_text& append(const char* text) noexcept
    {
        for (std::size_t i = 0; text[i] != '\0'; ++i) append(text[i]);
        return *this;
    }
    // The bytes of a text field, unprintable ones rendered per `mode`.
    constexpr fixed_text& append(ascii_view text, unprintable mode = unprintable::dot) noexcept
    {
        // Common case: even the worst rendering (4 characters per byte) fits,
        // so check the room once and terminate once (identity schemes render
        // every identifier through here).
        const std::size_t n = text.size();
        if (n <= room() / 4) {
            std::size_t at = size_;
            if (mode == unprintable::dot) {
                // One character per byte: a select, not a branch, per byte
                // (the loop vectorises).
                const byte* p = text.bytes().data();
                for (std::size_t i = 0; i < n; ++i)
                    data_[at + i] = detail::is_printable(p[i]) ? static_cast<char>(p[i]) : '.';
                terminate_at(at + n);
                return *this;
            }
            for (std::size_t i = 0; i < n; ++i) {
                const byte b = text.bytes()[i];
                if (detail::is_printable(b)) {
                    data_[at++] = static_cast<char>(b);
                } else if (mode == unprintable::dot) {
                    data_[at++] = '.';
                } else {
                    data_[at++] = '\\';
                    data_[at++] = 'x';
                    data_[at++] = detail::hex_digit(b >> 4, hex_case::lower);
                    data_[at++] = detail::hex_digit(b & 0xf, hex_case::lower);
                }
            }
            terminate_at(at);
            return *this;
        }
        for (std::size_t i = 0; i < text.size(); ++i) {
            const byte b = text.bytes()[i];
            if (detail::is_printable(b)) {
                append(static_cast<char>(b));
            } else if (mode == unprintable::dot) {
                append('.');
            } else {
                append('\\').append('x');
                append(detail::hex_digit(b >> 4, hex_case::lower)).append(detail::hex_digit(b & 0xf, hex_case::lower));
            }
        }
        return *this;
    }
    // Every byte as two hex digits, optionally separated (e.g. ' ' or ':').
    constexpr fixed_text& append_hex(byte_view bytes, hex_case c = hex_case::lower, char separator = '\0') noexcept
    {
        const std::size_t n = bytes.size();
        if (n <= room() / 3) { // fits even with separators: one check, one terminator
            std::size_t at = size_;
            for (std::size_t i = 0; i < n; ++i) {
                if (separator != '\0' && i != 0) data_[at++] = separator;
                data_[at++] = detail::hex_digit(bytes[i] >> 4, c);
                data_[at++] = detail::hex_digit(bytes[i] & 0xf, c);
            }
            terminate_at(at);
            return *this;
        }
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            if (separator != '\0' && i != 0) append(separator);
            append(detail::hex_digit(bytes[i] >> 4, c)).append(detail::hex_digit(bytes[i] & 0xf, c));
        }
        return *this;
    }
    // `digits` hex digits of value, most significant first (zero padded).
    constexpr fixed_text& append_hex(std::uint64_t value, unsigned digits, hex_case c = hex_case::lower) noexcept
    {
        for (unsigned i = digits; i-- > 0;)
            append(detail::hex_digit(i < 16 ? static_cast<unsigned>((value >> (4 * i)) & 0xf) : 0u, c));
        return *this;
    }
    // Decimal digits by subtracting powers of ten: no 64-bit division, which
    // 32-bit kernels and Cortex-M firmware would have to take from libgcc
    // (__udivdi3, __aeabi_uldivmod).
    constexpr fixed_text& append_decimal(std::uint64_t value) noexcept
    {
        bool leading = true;
        for (const std::uint64_t power : detail::powers_of_ten) {
            char digit = '0';
            while (value >= power) {
                value -= power;
                ++digit;
            }
            if (digit != '0' || !leading || power == 1) {
                append(digit);
                leading = false;
            }
        }
        return *this;
    }

    [[nodiscard]] constexpr bool equals(const char* text) const noexcept
    {
        std::size_t i = 0;
        for (; text[i] != '\0'; ++i)
            if (i >= size_ || data_[i] != text[i]) return false;
        return i == size_;
    }

private:
    // Characters still free. size_ never exceeds Capacity; saying so here
    // lets the optimiser see that bulk appends stay in bounds (GCC 12 -O3
    // warns -Wstringop-overflow otherwise).
    [[nodiscard]] constexpr std::size_t room() const noexcept { return size_ < Capacity ? Capacity - size_ : 0; }
    // End of a bulk append; `at` <= Capacity by the caller's room check.
    constexpr void terminate_at(std::size_t at) noexcept
    {
        size_ = at;
        data_[at] = '\0';
    }

    char data_[Capacity + 1]{};
    std::size_t size_ = 0;
    bool overflowed_ = false;
};

// Hex of `bytes` into a caller buffer of `capacity` chars, NUL-terminated.
// Returns the number of characters written (without the NUL), or
// errc::buffer_too_small (then nothing useful is in `out`).
constexpr result<std::size_t> to_hex(byte_view bytes, char* out, std::size_t capacity,
                                     hex_case c = hex_case::lower) noexcept
{
    const std::size_t need = bytes.size() * 2;
    if (out == nullptr || capacity < need + 1) return failure(errc::buffer_too_small);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out[2 * i] = detail::hex_digit(bytes[i] >> 4, c);
        out[2 * i + 1] = detail::hex_digit(bytes[i] & 0xf, c);
    }
    out[need] = '\0';
    return need;
}

} // namespace mpio

#endif // MPIO_CORE_FIXED_TEXT_HPP
