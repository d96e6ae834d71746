// SPDX-License-Identifier: MIT
// mpio/core/descriptor_list.hpp - lazy iteration over a list of
// variable-length descriptors (designation descriptors, target port group
// descriptors, sense descriptors, LUN entries...).
//
// The rule every mpio list follows (docs/rules.md P4): entries are
// decoded lazily from the input bytes; a malformed entry stops the iteration
// and is reported by status(), while the entries before it stay usable.
//
// A list is described by a Traits class:
//
//   struct my_traits {
//       using value_type = my_descriptor;           // cheap view of one entry
//       // Size in bytes of the entry that starts `rest` (the bytes from the
//       // entry to the end of the list). Must be > 0, or an error:
//       // errc::too_short when not even the entry header fits,
//       // errc::descriptor_overrun when its length runs past the end.
//       static constexpr result<std::size_t> entry_size(byte_view rest) noexcept;
//       // Build the value from exactly the entry's bytes; `offset` is where
//       // the entry starts within the list (useful in reports).
//       static constexpr value_type make(byte_view entry, std::size_t offset) noexcept;
//   };
#ifndef MPIO_CORE_DESCRIPTOR_LIST_HPP
#define MPIO_CORE_DESCRIPTOR_LIST_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <type_traits>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio {

// Outcome of walking a whole list.
struct list_status {
    errc error = errc::none; // errc::none when every entry was well-formed
    std::size_t offset = 0;  // where the malformed entry starts (list-relative), or the list size
    std::size_t count = 0;   // number of well-formed entries before it
    [[nodiscard]] constexpr bool ok() const noexcept { return error == errc::none; }
};

template <class Traits>
class descriptor_list {
public:
    using value_type = typename Traits::value_type;

    struct sentinel {};

    class iterator {
    public:
        using value_type = typename Traits::value_type;
        using difference_type = std::ptrdiff_t;

        constexpr iterator() noexcept = default;
        constexpr iterator(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset) { step(); }

        constexpr value_type operator*() const noexcept
        {
            // step() proved offset_ + size_ <= bytes_.size(): no second clamp.
            return Traits::make(byte_view(bytes_.data() + offset_, size_), offset_);
        }
        constexpr iterator& operator++() noexcept
        {
            offset_ += size_;
            step();
            return *this;
        }
        constexpr iterator operator++(int) noexcept
        {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        // The iteration is over at the end of the list or at a malformed entry.
        friend constexpr bool operator==(const iterator& it, sentinel) noexcept { return it.done(); }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept
        {
            return a.offset_ == b.offset_ && a.done() == b.done();
        }

        [[nodiscard]] constexpr bool done() const noexcept { return offset_ >= bytes_.size() || error_ != errc::none; }
        [[nodiscard]] constexpr errc error() const noexcept { return error_; }
        [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

    private:
        constexpr void step() noexcept
        {
            size_ = 0;
            if (offset_ >= bytes_.size()) return;
            const std::size_t left = bytes_.size() - offset_;
            const result<std::size_t> r = Traits::entry_size(byte_view(bytes_.data() + offset_, left));
            if (!r) {
                error_ = r.error();
            } else if (r.value() == 0 || r.value() > left) {
                error_ = errc::descriptor_overrun; // a traits bug must not become a loop or an overread
            } else {
                size_ = r.value();
            }
        }

        byte_view bytes_;
        std::size_t offset_ = 0;
        std::size_t size_ = 0;
        errc error_ = errc::none;
    };

    constexpr descriptor_list() noexcept = default;
    constexpr explicit descriptor_list(byte_view entries) noexcept : bytes_(entries) {}

    [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(bytes_, 0); }
    [[nodiscard]] constexpr sentinel end() const noexcept { return {}; }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }

    // Walks the whole list: how many entries are well-formed and, if one is
    // not, where and why.
    [[nodiscard]] constexpr list_status status() const noexcept
    {
        list_status s;
        iterator it = begin();
        for (; !it.done(); ++it) ++s.count;
        s.error = it.error();
        s.offset = it.error() == errc::none ? bytes_.size() : it.offset();
        return s;
    }

    // The index-th well-formed entry, or errc::not_found (or the error that
    // stopped the walk before reaching it).
    [[nodiscard]] constexpr result<value_type> at(std::size_t index) const noexcept
    {
        iterator it = begin();
        for (std::size_t i = 0; !it.done(); ++it, ++i)
            if (i == index) return *it;
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }

private:
    byte_view bytes_;
};

// Traits for a list whose entries all have the same size (target port
// descriptors, referral target port groups, mode page policy descriptors):
// Value is built from the entry's bytes, and from its offset as well when it
// has such a constructor. A tail shorter than one entry is errc::too_short.
template <class Value, std::size_t Size>
struct fixed_size_entries {
    static_assert(Size > 0);
    using value_type = Value;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < Size) return failure(errc::too_short);
        return Size;
    }
    static constexpr Value make(byte_view entry, std::size_t offset) noexcept
    {
        if constexpr (std::is_constructible_v<Value, byte_view, std::size_t>)
            return Value(entry, offset);
        else
            return Value(entry);
    }
};

} // namespace mpio

#endif // MPIO_CORE_DESCRIPTOR_LIST_HPP
