// SPDX-License-Identifier: MIT
// mpio/nvme/ana_log.hpp - the Asymmetric Namespace Access log page (Log
// Identifier 0Ch): which ANA group each namespace of a controller belongs
// to, and the ANA state of every group through that controller.
//
// NVM Express Base Specification 2.x, Asymmetric Namespace Access log page.
// Every field is little-endian.
//
//   header, 16 bytes
//     bytes 0-7    Change Count (CHGCNT)
//     bytes 8-9    Number of ANA Group Descriptors (NGRPS)
//     bytes 10-15  reserved
//   then NGRPS ANA group descriptors, back to back, each 32 + 4 * NNSIDS bytes:
//     bytes 0-3    ANA Group ID (ANAGRPID)
//     bytes 4-7    Number of NSID Values (NNSIDS)
//     bytes 8-15   Change Count (CHGCNT)
//     byte 16      bits 3:0 ANA State (ANAS), bits 7:4 reserved
//     bytes 17-31  reserved
//     bytes 32-    NNSIDS Namespace Identifiers, 4 bytes each, ascending
//
// Read with the Return Groups Only bit (RGO, bit 0 of the Log Specific
// field) set, the controller clears NNSIDS and returns no NSIDs: each
// descriptor is 32 bytes (ana_log_options::rgo). Descriptors that follow an
// NSID list start at any multiple of 4, never assumed aligned: every field
// is assembled byte by byte (mpio/core/endian.hpp).
//
// Validation, after the description of the Linux kernel's
// nvme_parse_ana_log() (drivers/nvme/host/multipath.c): a descriptor is
// refused, and the walk stops there, when
//   - ANAGRPID is 0                          (ana_descriptor_problem::group_id_zero),
//   - ANAGRPID is above ANAGRPMAX            (group_id_above_anagrpmax; ANAGRPMAX
//     comes from Identify Controller, ana_log_options::anagrpmax),
//   - the ANAS byte (byte 16, all 8 bits, as the kernel compares it) is 0
//     (state_zero) or above Fh (state_above_change);
// the kernel rejects the whole log in those cases, mpio keeps the
// descriptors before the bad one usable (rule P4) and says which rule
// failed (ana_group_list::problem()); the list's errc is
// errc::reserved_value for all four. Like the kernel, the reserved states
// 5h..Eh pass (their paths carry no I/O: only optimized and non-optimized
// do); ana_log_options::reject_reserved_states refuses them too
// (reserved_state). With RGO, a descriptor with a non-zero NNSIDS
// contradicts the request: errc::length_mismatch (nnsids_with_rgo).
//
// Truncation (rule P2): the page has no length field; its size follows from
// NGRPS and each NNSIDS. When the data ends before the NGRPS-th descriptor
// does, the walk stops with errc::too_short (fewer than 32 bytes left) or
// errc::descriptor_overrun (the NSID list runs past the data), truncated()
// is true and required_length() says how many bytes the descriptors seen so
// far need (a lower bound: later descriptors are not known yet).
// ana_log_size() gives the buffer the kernel allocates, which always holds
// the whole page. Bytes past the NGRPS-th descriptor are ignored.
#ifndef MPIO_NVME_ANA_LOG_HPP
#define MPIO_NVME_ANA_LOG_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/nvme/ana_state.hpp>

namespace mpio::nvme {

// Log Identifier of the page (Get Log Page, CDW10 bits 7:0).
inline constexpr std::uint8_t ana_log_identifier = 0x0C;

struct ana_log_options {
    // ANAGRPMAX of the controller (Identify Controller bytes 344-347): the
    // largest ANA Group ID it may report. The default checks nothing.
    std::uint32_t anagrpmax = 0xFFFFFFFFu;
    // The log was read with Return Groups Only: descriptors carry no NSIDs.
    bool rgo = false;
    // Also refuse the reserved states 5h..Eh (the kernel accepts them).
    bool reject_reserved_states = false;
};

// Why a descriptor was refused (none: it was not).
enum class ana_descriptor_problem : std::uint8_t {
    none = 0,
    group_id_zero,            // ANAGRPID 0 (reserved)
    group_id_above_anagrpmax, // ANAGRPID > ANAGRPMAX
    state_zero,               // ANAS byte 0
    state_above_change,       // ANAS byte > Fh (reserved bits set, or a code past Fh)
    reserved_state,           // 5h..Eh, with reject_reserved_states
    nnsids_with_rgo,          // NNSIDS != 0 in a Return Groups Only page
    truncated,                // the data ends inside the descriptor
};

[[nodiscard]] constexpr const char* to_string(ana_descriptor_problem p) noexcept
{
    switch (p) {
    case ana_descriptor_problem::none: return "none";
    case ana_descriptor_problem::group_id_zero: return "ANA group ID 0";
    case ana_descriptor_problem::group_id_above_anagrpmax: return "ANA group ID above ANAGRPMAX";
    case ana_descriptor_problem::state_zero: return "ANA state 0";
    case ana_descriptor_problem::state_above_change: return "ANA state byte above Fh";
    case ana_descriptor_problem::reserved_state: return "reserved ANA state";
    case ana_descriptor_problem::nnsids_with_rgo: return "NSIDs returned with RGO";
    case ana_descriptor_problem::truncated: return "data ends inside the descriptor";
    }
    return "unknown";
}

// One namespace identifier of a descriptor's NSID list.
class ana_nsid_entry {
public:
    static constexpr std::size_t size = 4;
    constexpr ana_nsid_entry() noexcept = default;
    constexpr explicit ana_nsid_entry(byte_view bytes) noexcept : bytes_(bytes) {}
    [[nodiscard]] constexpr std::uint32_t nsid() const noexcept { return load_le32(bytes_, 0); }

private:
    byte_view bytes_;
};
using ana_nsid_list = descriptor_list<fixed_size_entries<ana_nsid_entry, ana_nsid_entry::size>>;

class ana_group_descriptor {
public:
    static constexpr std::size_t header_size = 32;

    constexpr ana_group_descriptor() noexcept = default;
    // `bytes` is the whole descriptor (32 + 4 * NNSIDS bytes, or 32 with
    // RGO); `offset` is where it starts in the log page.
    constexpr ana_group_descriptor(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset) {}

    [[nodiscard]] constexpr std::uint32_t anagrpid() const noexcept { return load_le32(bytes_, 0); }
    [[nodiscard]] constexpr std::uint32_t nnsids() const noexcept { return load_le32(bytes_, 4); }
    [[nodiscard]] constexpr std::uint64_t chgcnt() const noexcept { return load_le64(bytes_, 8); }
    // ANAS: bits 3:0 of byte 16 (reserved codes kept as they are).
    [[nodiscard]] constexpr ana_state anas() const noexcept
    {
        return static_cast<ana_state>(bits(bytes_.at_or(16), 3, 0));
    }
    // The whole byte 16, as the kernel's checks read it.
    [[nodiscard]] constexpr std::uint8_t anas_byte() const noexcept { return bytes_.at_or(16); }

    // The NSID list (empty for an RGO page).
    [[nodiscard]] constexpr ana_nsid_list nsids() const noexcept { return ana_nsid_list(bytes_.subview(header_size)); }
    [[nodiscard]] constexpr std::size_t nsid_count() const noexcept
    {
        return (bytes_.size() - (bytes_.size() < header_size ? bytes_.size() : header_size)) / ana_nsid_entry::size;
    }
    [[nodiscard]] constexpr std::uint32_t nsid(std::size_t index) const noexcept
    {
        return load_le32(bytes_, header_size + ana_nsid_entry::size * index);
    }
    // Whether the group lists this namespace.
    [[nodiscard]] constexpr bool contains(std::uint32_t nsid_value) const noexcept
    {
        const std::size_t n = nsid_count();
        for (std::size_t i = 0; i < n; ++i)
            if (nsid(i) == nsid_value) return true;
        return false;
    }

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

namespace detail {
// The validation of one descriptor header (see the header comment).
constexpr ana_descriptor_problem check_ana_descriptor(byte_view d, const ana_log_options& o) noexcept
{
    const std::uint32_t grpid = load_le32(d, 0);
    const std::uint8_t state = d.at_or(16);
    if (grpid == 0) return ana_descriptor_problem::group_id_zero;
    if (grpid > o.anagrpmax) return ana_descriptor_problem::group_id_above_anagrpmax;
    if (state == 0) return ana_descriptor_problem::state_zero;
    if (state > 0x0F) return ana_descriptor_problem::state_above_change;
    if (o.reject_reserved_states && is_reserved(static_cast<ana_state>(state)))
        return ana_descriptor_problem::reserved_state;
    if (o.rgo && load_le32(d, 4) != 0) return ana_descriptor_problem::nnsids_with_rgo;
    return ana_descriptor_problem::none;
}

// One step of the walk: the size of the descriptor at `offset` of the page,
// or the reason it is refused (`needed` is then how far the page must reach
// for it to be whole, when that is the reason).
struct ana_step {
    std::size_t size = 0;
    errc error = errc::none;
    ana_descriptor_problem problem = ana_descriptor_problem::none;
    std::uint64_t needed = 0;
};

constexpr ana_step ana_descriptor_at(byte_view page, std::size_t offset, const ana_log_options& o) noexcept
{
    ana_step s;
    const std::size_t left = offset <= page.size() ? page.size() - offset : 0;
    if (left < ana_group_descriptor::header_size) {
        s.error = errc::too_short;
        s.problem = ana_descriptor_problem::truncated;
        s.needed = std::uint64_t{offset} + ana_group_descriptor::header_size;
        return s;
    }
    const byte_view d = page.subview(offset, ana_group_descriptor::header_size);
    s.problem = check_ana_descriptor(d, o);
    if (s.problem != ana_descriptor_problem::none) {
        s.error = s.problem == ana_descriptor_problem::nnsids_with_rgo ? errc::length_mismatch : errc::reserved_value;
        return s;
    }
    const std::uint64_t whole =
        ana_group_descriptor::header_size + (o.rgo ? 0u : std::uint64_t{ana_nsid_entry::size} * load_le32(d, 4));
    if (whole > left) {
        s.error = errc::descriptor_overrun;
        s.problem = ana_descriptor_problem::truncated;
        s.needed = offset + whole;
        return s;
    }
    s.size = static_cast<std::size_t>(whole);
    return s;
}
} // namespace detail

// The NGRPS descriptors of a page, decoded lazily (the walk is bounded by
// NGRPS, not by the data: bytes after the last descriptor are ignored).
class ana_group_list {
public:
    struct sentinel {};

    class iterator {
    public:
        using value_type = ana_group_descriptor;
        using difference_type = std::ptrdiff_t;

        constexpr iterator() noexcept = default;
        constexpr iterator(byte_view page, std::size_t offset, std::uint32_t count, ana_log_options o) noexcept
            : page_(page), offset_(offset), remaining_(count), options_(o)
        {
            step();
        }
        constexpr value_type operator*() const noexcept
        {
            return ana_group_descriptor(byte_view(page_.data() + offset_, size_), offset_);
        }
        constexpr iterator& operator++() noexcept
        {
            offset_ += size_;
            --remaining_;
            step();
            return *this;
        }
        constexpr iterator operator++(int) noexcept
        {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        friend constexpr bool operator==(const iterator& it, sentinel) noexcept { return it.done(); }

        [[nodiscard]] constexpr bool done() const noexcept { return remaining_ == 0 || error_ != errc::none; }
        [[nodiscard]] constexpr errc error() const noexcept { return error_; }
        [[nodiscard]] constexpr ana_descriptor_problem problem() const noexcept { return problem_; }
        // Offset in the page of the current (or refused) descriptor.
        [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }
        [[nodiscard]] constexpr std::uint64_t needed() const noexcept { return needed_; }

    private:
        constexpr void step() noexcept
        {
            size_ = 0;
            if (remaining_ == 0) {
                needed_ = offset_;
                return;
            }
            const detail::ana_step s = detail::ana_descriptor_at(page_, offset_, options_);
            size_ = s.size;
            error_ = s.error;
            problem_ = s.problem;
            needed_ = s.needed;
        }

        byte_view page_;
        std::size_t offset_ = 0;
        std::size_t size_ = 0;
        std::uint32_t remaining_ = 0;
        ana_log_options options_{};
        errc error_ = errc::none;
        ana_descriptor_problem problem_ = ana_descriptor_problem::none;
        std::uint64_t needed_ = 0;
    };

    constexpr ana_group_list() noexcept = default;
    constexpr ana_group_list(byte_view page, std::uint32_t count, ana_log_options o) noexcept
        : page_(page), count_(count), options_(o)
    {}

    [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(page_, first_offset, count_, options_); }
    [[nodiscard]] constexpr sentinel end() const noexcept { return {}; }

    // The whole walk: how many descriptors are good and, if one is not,
    // where (offset in the page) and why. A clean walk reports the offset
    // just past the last descriptor.
    [[nodiscard]] constexpr list_status status() const noexcept
    {
        list_status s;
        iterator it = begin();
        for (; !it.done(); ++it) ++s.count;
        s.error = it.error();
        s.offset = it.offset();
        return s;
    }
    [[nodiscard]] constexpr ana_descriptor_problem problem() const noexcept
    {
        iterator it = begin();
        while (!it.done()) ++it;
        return it.problem();
    }
    [[nodiscard]] constexpr result<ana_group_descriptor> at(std::size_t index) const noexcept
    {
        iterator it = begin();
        for (std::size_t i = 0; !it.done(); ++it, ++i)
            if (i == index) return *it;
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }

    static constexpr std::size_t first_offset = 16;

private:
    byte_view page_;
    std::uint32_t count_ = 0;
    ana_log_options options_{};
};

class ana_log {
public:
    static constexpr std::size_t header_size = 16;

    constexpr ana_log() noexcept = default;
    // Made by parse_ana_log(), which has checked the 16-byte header is there.
    constexpr ana_log(byte_view bytes, ana_log_options o) noexcept : bytes_(bytes), options_(o) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr const ana_log_options& options() const noexcept { return options_; }

    [[nodiscard]] constexpr std::uint64_t chgcnt() const noexcept { return load_le64(bytes_, 0); }
    [[nodiscard]] constexpr std::uint16_t ngrps() const noexcept { return load_le16(bytes_, 8); }

    [[nodiscard]] constexpr ana_group_list groups() const noexcept { return ana_group_list(bytes_, ngrps(), options_); }
    [[nodiscard]] constexpr list_status status() const noexcept { return groups().status(); }

    // The data ended before the NGRPS-th descriptor did.
    [[nodiscard]] constexpr bool truncated() const noexcept
    {
        const list_status s = status();
        return s.error == errc::too_short || s.error == errc::descriptor_overrun;
    }
    // Bytes the page needs: exact when the walk is clean; a lower bound when
    // truncated(); the offset of the refused descriptor otherwise. Saturated
    // where size_t is narrower than the value.
    [[nodiscard]] constexpr std::size_t required_length() const noexcept
    {
        ana_group_list::iterator it = groups().begin();
        while (!it.done()) ++it;
        const std::uint64_t n = it.error() == errc::none || it.problem() == ana_descriptor_problem::truncated
                                    ? it.needed()
                                    : std::uint64_t{it.offset()};
        constexpr std::uint64_t size_max = static_cast<std::size_t>(-1);
        return n > size_max ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(n);
    }

    // The descriptor of group `anagrpid`: errc::not_found, or the error that
    // stopped the walk before it.
    [[nodiscard]] constexpr result<ana_group_descriptor> find_group(std::uint32_t anagrpid) const noexcept
    {
        const ana_group_list list = groups();
        auto it = list.begin();
        for (; !it.done(); ++it)
            if ((*it).anagrpid() == anagrpid) return *it;
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }
    // The descriptor whose NSID list holds `nsid` (not with RGO: there are
    // no lists; look the namespace's ANAGRPID up with find_group()).
    [[nodiscard]] constexpr result<ana_group_descriptor> group_of_namespace(std::uint32_t nsid) const noexcept
    {
        const ana_group_list list = groups();
        auto it = list.begin();
        for (; !it.done(); ++it)
            if ((*it).contains(nsid)) return *it;
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }
    [[nodiscard]] constexpr result<ana_state> state_of(std::uint32_t anagrpid) const noexcept
    {
        const result<ana_group_descriptor> g = find_group(anagrpid);
        if (!g) return failure(g.error());
        return g->anas();
    }

private:
    byte_view bytes_;
    ana_log_options options_{};
};

// errc::too_short when the 16-byte header is not all there. Descriptors are
// checked by the walk (groups(), status()).
[[nodiscard]] constexpr result<ana_log> parse_ana_log(byte_view bytes, ana_log_options options = {}) noexcept
{
    if (bytes.size() < ana_log::header_size) return failure(errc::too_short);
    return ana_log(bytes, options);
}

// The buffer the Linux kernel allocates for the page
// (nvme_mpath_init_identify(), after its description): header + NANAGRPID
// descriptors + one NSID per namespace the controller may attach (MNAN; the
// kernel turns ANA off when MNAN is 0 or above NN). With RGO no NSIDs come
// back.
[[nodiscard]] constexpr std::uint64_t ana_log_size(std::uint32_t nanagrpid, std::uint32_t max_namespaces,
                                                   bool rgo = false) noexcept
{
    return ana_log::header_size + std::uint64_t{ana_group_descriptor::header_size} * nanagrpid +
           (rgo ? 0u : std::uint64_t{ana_nsid_entry::size} * max_namespaces);
}

} // namespace mpio::nvme

#endif // MPIO_NVME_ANA_LOG_HPP
