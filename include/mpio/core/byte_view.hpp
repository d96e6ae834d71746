// SPDX-License-Identifier: MIT
// mpio/core/byte_view.hpp - non-owning views over SCSI response bytes.
//
// std::span is not a C++20 freestanding header, so mpio has its own minimal
// views. Every accessor is bounds-checked by construction: indexing past the
// end is a programmer error (MPIO_ASSERT), while the *_or / sub-view helpers
// clamp, so parsers can never read outside the buffer whatever a length field
// claims.
#ifndef MPIO_CORE_BYTE_VIEW_HPP
#define MPIO_CORE_BYTE_VIEW_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

namespace mpio {

using byte = std::uint8_t;

class byte_view {
public:
    constexpr byte_view() noexcept = default;
    constexpr byte_view(const byte* data, std::size_t size) noexcept
        : data_(data), size_(detail::is_null(data) ? 0 : size)
    {}
    template <std::size_t N>
    constexpr byte_view(const byte (&array)[N]) noexcept : data_(array), size_(N)
    {}

    [[nodiscard]] constexpr const byte* data() const noexcept { return data_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr const byte* begin() const noexcept { return data_; }
    constexpr const byte* end() const noexcept { return data_ + size_; }

    // Checked index: i must be < size().
    constexpr byte operator[](std::size_t i) const noexcept
    {
        MPIO_ASSERT(i < size_);
        return data_[i];
    }
    // Bounded read: the byte at i, or `fallback` when i is past the end.
    [[nodiscard]] constexpr byte at_or(std::size_t i, byte fallback = 0) const noexcept
    {
        return i < size_ ? data_[i] : fallback;
    }
    // True when [offset, offset + count) lies inside the view.
    [[nodiscard]] constexpr bool contains(std::size_t offset, std::size_t count) const noexcept
    {
        return offset <= size_ && count <= size_ - offset;
    }

    // Clamped sub-views: they never extend past the end (an offset past the end
    // gives an empty view).
    [[nodiscard]] constexpr byte_view subview(std::size_t offset, std::size_t count) const noexcept
    {
        if (offset >= size_) return {};
        const std::size_t left = size_ - offset;
        return {data_ + offset, count < left ? count : left};
    }
    [[nodiscard]] constexpr byte_view subview(std::size_t offset) const noexcept { return subview(offset, size_); }
    [[nodiscard]] constexpr byte_view first(std::size_t count) const noexcept { return subview(0, count); }

    friend constexpr bool operator==(byte_view a, byte_view b) noexcept
    {
        if (a.size_ != b.size_) return false;
        for (std::size_t i = 0; i < a.size_; ++i)
            if (a.data_[i] != b.data_[i]) return false;
        return true;
    }

private:
    const byte* data_ = nullptr;
    std::size_t size_ = 0;
};

// Writable counterpart, for CDB builders and other output into caller buffers.
class mutable_byte_view {
public:
    constexpr mutable_byte_view() noexcept = default;
    constexpr mutable_byte_view(byte* data, std::size_t size) noexcept
        : data_(data), size_(detail::is_null(data) ? 0 : size)
    {}
    template <std::size_t N>
    constexpr mutable_byte_view(byte (&array)[N]) noexcept : data_(array), size_(N)
    {}

    [[nodiscard]] constexpr byte* data() const noexcept { return data_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr byte& operator[](std::size_t i) const noexcept
    {
        MPIO_ASSERT(i < size_);
        return data_[i];
    }
    constexpr operator byte_view() const noexcept { return {data_, size_}; }
    [[nodiscard]] constexpr mutable_byte_view first(std::size_t count) const noexcept
    {
        return {data_, count < size_ ? count : size_};
    }
    constexpr void fill(byte value) const noexcept
    {
        for (std::size_t i = 0; i < size_; ++i) data_[i] = value;
    }

private:
    byte* data_ = nullptr;
    std::size_t size_ = 0;
};

// A view of the characters of a text field (T10 vendor identification, serial
// number, SCSI name string). The bytes are not NUL-terminated and are not
// guaranteed to be printable: render them with mpio/core/fixed_text.hpp.
class ascii_view {
public:
    constexpr ascii_view() noexcept = default;
    constexpr explicit ascii_view(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return bytes_.size(); }
    [[nodiscard]] constexpr bool empty() const noexcept { return bytes_.empty(); }
    constexpr char operator[](std::size_t i) const noexcept { return static_cast<char>(bytes_[i]); }

    // Without trailing spaces and NULs (T10 pads text fields with spaces on the
    // right; some devices pad with NULs instead).
    [[nodiscard]] constexpr ascii_view trim_right() const noexcept
    {
        std::size_t n = bytes_.size();
        while (n > 0 && (bytes_[n - 1] == ' ' || bytes_[n - 1] == 0)) --n;
        return ascii_view{bytes_.first(n)};
    }
    // Without leading spaces (unit serial numbers may be right-aligned).
    [[nodiscard]] constexpr ascii_view trim_left() const noexcept
    {
        std::size_t i = 0;
        while (i < bytes_.size() && bytes_[i] == ' ') ++i;
        return ascii_view{bytes_.subview(i)};
    }
    [[nodiscard]] constexpr ascii_view trim() const noexcept { return trim_right().trim_left(); }
    // Up to (not including) the first NUL: SCSI name strings are NUL-terminated
    // and NUL-padded to a multiple of four bytes.
    [[nodiscard]] constexpr ascii_view until_nul() const noexcept
    {
        std::size_t n = 0;
        while (n < bytes_.size() && bytes_[n] != 0) ++n;
        return ascii_view{bytes_.first(n)};
    }

    // Compares with a NUL-terminated literal, e.g. v.equals("EMC").
    [[nodiscard]] constexpr bool equals(const char* text) const noexcept
    {
        std::size_t i = 0;
        for (; text[i] != '\0'; ++i)
            if (i >= bytes_.size() || bytes_[i] != static_cast<byte>(text[i])) return false;
        return i == bytes_.size();
    }
    [[nodiscard]] constexpr bool starts_with(const char* text) const noexcept
    {
        for (std::size_t i = 0; text[i] != '\0'; ++i)
            if (i >= bytes_.size() || bytes_[i] != static_cast<byte>(text[i])) return false;
        return true;
    }
    friend constexpr bool operator==(ascii_view a, ascii_view b) noexcept { return a.bytes_ == b.bytes_; }

private:
    byte_view bytes_;
};

} // namespace mpio

#endif // MPIO_CORE_BYTE_VIEW_HPP
