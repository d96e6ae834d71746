// SPDX-License-Identifier: MIT
// mpio/scsi/report_luns.hpp - the REPORT LUNS parameter data.
//
// SPC-6 6.33 (REPORT LUNS command), table "REPORT LUNS parameter data format":
//
//   bytes 0-3    LUN LIST LENGTH (n - 7), big-endian
//   bytes 4-7    reserved
//   bytes 8-15   first LUN (mpio/scsi/lun.hpp)
//   ...
//   bytes n-7..n last LUN
//
// LUN LIST LENGTH is eight times the number of LUNs in the logical unit
// inventory. When the ALLOCATION LENGTH of the command is too small the device
// server returns the first bytes only and does not adjust LUN LIST LENGTH:
// the data is then truncated() (not malformed), the LUNs that were returned
// whole are usable, and required_allocation_length() is what to re-issue
// REPORT LUNS with (build_report_luns in mpio/scsi/cdb.hpp).
//
// A LUN LIST LENGTH that is not a multiple of 8 contradicts the format: the
// whole LUNs before the odd tail are iterated normally, then the iteration
// stops with errc::length_mismatch at the tail (luns().status()).
// lun_list_length_valid() tells it from the header alone, also for truncated
// data, whose odd tail may not have been returned yet (a tail cut by the
// allocation length is not an error: only whole LUNs are iterated).
//
// The LUNs are decoded as LU_CONG says (the INQUIRY bit; parse_report_luns'
// second argument): see mpio/scsi/lun.hpp.
#ifndef MPIO_SCSI_REPORT_LUNS_HPP
#define MPIO_SCSI_REPORT_LUNS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/lun.hpp>

namespace mpio::scsi {

namespace detail {
struct report_luns_entry_traits {
    using value_type = lun;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < lun::size) return failure(errc::length_mismatch); // an odd LUN LIST LENGTH
        return lun::size;
    }
    static constexpr lun make(byte_view entry, std::size_t) noexcept { return lun(entry); }
};
} // namespace detail

// The LUN list, iterated lazily; yields lun views decoded with the list's
// LU_CONG.
class lun_list {
    using list = descriptor_list<detail::report_luns_entry_traits>;

public:
    using value_type = lun;
    using sentinel = list::sentinel;

    class iterator {
    public:
        using value_type = lun;
        using difference_type = std::ptrdiff_t;

        constexpr iterator() noexcept = default;
        constexpr iterator(list::iterator it, bool lu_cong) noexcept : it_(it), lu_cong_(lu_cong) {}

        constexpr lun operator*() const noexcept { return (*it_).with_lu_cong(lu_cong_); }
        constexpr iterator& operator++() noexcept
        {
            ++it_;
            return *this;
        }
        constexpr iterator operator++(int) noexcept
        {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        friend constexpr bool operator==(const iterator& it, sentinel) noexcept { return it.done(); }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept { return a.it_ == b.it_; }

        [[nodiscard]] constexpr bool done() const noexcept { return it_.done(); }
        [[nodiscard]] constexpr errc error() const noexcept { return it_.error(); }
        // Offset within the LUN list (add report_luns::header_size for the
        // offset in the parameter data).
        [[nodiscard]] constexpr std::size_t offset() const noexcept { return it_.offset(); }

    private:
        list::iterator it_;
        bool lu_cong_ = false;
    };

    constexpr lun_list() noexcept = default;
    constexpr lun_list(byte_view entries, bool lu_cong) noexcept : list_(entries), lu_cong_(lu_cong) {}

    [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(list_.begin(), lu_cong_); }
    [[nodiscard]] constexpr sentinel end() const noexcept { return {}; }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return list_.bytes(); }
    [[nodiscard]] constexpr bool lu_cong() const noexcept { return lu_cong_; }

    // How many whole LUNs there are and, for an odd LUN LIST LENGTH, where
    // the tail starts (errc::length_mismatch).
    [[nodiscard]] constexpr list_status status() const noexcept { return list_.status(); }

    // The index-th LUN, or errc::not_found.
    [[nodiscard]] constexpr result<lun> at(std::size_t index) const noexcept
    {
        const result<lun> r = list_.at(index);
        if (!r) return failure(r.error());
        return r->with_lu_cong(lu_cong_);
    }

private:
    list list_;
    bool lu_cong_ = false;
};

class report_luns {
public:
    static constexpr std::size_t header_size = 8;

    constexpr report_luns() noexcept = default;
    // `bytes` holds at least the header (parse_report_luns() checks).
    constexpr report_luns(byte_view bytes, bool lu_cong) noexcept : bytes_(bytes), lu_cong_(lu_cong) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr bool lu_cong() const noexcept { return lu_cong_; }

    [[nodiscard]] constexpr std::uint32_t lun_list_length() const noexcept { return load_be32(bytes_, 0); }
    [[nodiscard]] constexpr bool lun_list_length_valid() const noexcept { return lun_list_length() % lun::size == 0; }
    // LUNs in the inventory, as LUN LIST LENGTH declares (whole ones).
    [[nodiscard]] constexpr std::uint32_t lun_count() const noexcept
    {
        return lun_list_length() / static_cast<std::uint32_t>(lun::size);
    }

    // 8 + LUN LIST LENGTH (saturated at SIZE_MAX where size_t is 32 bits:
    // the CDB's ALLOCATION LENGTH is 32 bits, so no larger request exists).
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept
    {
        const std::uint64_t need = std::uint64_t{header_size} + lun_list_length();
        constexpr std::uint64_t max = static_cast<std::size_t>(-1);
        return static_cast<std::size_t>(need > max ? max : need);
    }
    [[nodiscard]] constexpr bool truncated() const noexcept { return bytes_.size() < required_allocation_length(); }

    // The LUN list bytes the iteration covers: what LUN LIST LENGTH declares,
    // as far as it was returned; when truncated, whole LUNs only.
    [[nodiscard]] constexpr byte_view lun_list_bytes() const noexcept
    {
        const byte_view returned = bytes_.subview(header_size).first(lun_list_length());
        if (!truncated()) return returned;
        return returned.first(returned.size() - returned.size() % lun::size);
    }

    [[nodiscard]] constexpr lun_list luns() const noexcept { return lun_list(lun_list_bytes(), lu_cong_); }

private:
    byte_view bytes_;
    bool lu_cong_ = false;
};

// errc::too_short when the 8-byte header is incomplete. `lu_cong` is the
// LU_CONG bit of the logical unit's standard INQUIRY data (it changes how the
// LUNs decode, not the list).
[[nodiscard]] constexpr result<report_luns> parse_report_luns(byte_view bytes, bool lu_cong = false) noexcept
{
    if (bytes.size() < report_luns::header_size) return failure(errc::too_short);
    return report_luns(bytes, lu_cong);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_REPORT_LUNS_HPP
