// SPDX-License-Identifier: MIT
// mpio/topology/multipath_device.hpp - the multipath device (pseudo-LUN):
// one logical unit, reachable over up to N paths.
//
// Windows MPIO creates one pseudo-LUN (an MPIO disk) per logical unit and
// keeps it while it has paths; multipathd creates one dm-multipath map per
// WWID. The device holds:
//   - the identity key (mpio::ident::identity_key) every one of its paths
//     derived - stored once, not per path - and the identifier as the
//     scheme rendered it (identity_text(): the key's bytes are the rendering
//     only for some schemes, e.g. a designator's raw bytes for the mpio
//     scheme, so the text is kept). Both live in the store's identity bytes,
//     each as long as it is (a 16-byte NAA key takes 16 bytes, not the
//     key's 256-byte capacity); the device points at them;
//   - its paths, as an intrusive list through the store's path table,
//     at most the store's PathsPerDevice (32 by default, MPIO's limit);
//   - the ALUA mode (alua_mode.hpp: TPGS confirmed by RTPG);
//   - the lifetime of MPIO's PDORemovePeriod: when the last path goes, the
//     device stays `orphaned` until removal_deadline() - I/O is queued or
//     failed per the store's configuration (queue_if_no_path, the
//     multipath-tools name) - and a path that returns in time rejoins it.
//     After the deadline the device is deleted; a path arriving later makes
//     a new device.
#ifndef MPIO_TOPOLOGY_MULTIPATH_DEVICE_HPP
#define MPIO_TOPOLOGY_MULTIPATH_DEVICE_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/tick.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/topology/alua_mode.hpp>
#include <mpio/topology/path.hpp>

namespace mpio::topology {

enum class device_state : std::uint8_t {
    live,     // has at least one path that is not pending removal
    orphaned, // every path is gone or pending removal; kept until removal_deadline()
    deleted,  // slot free
};

[[nodiscard]] constexpr const char* to_string(device_state s) noexcept
{
    switch (s) {
    case device_state::live: return "live";
    case device_state::orphaned: return "orphaned";
    case device_state::deleted: return "deleted";
    }
    return "unknown";
}

namespace detail {
struct device_access;
// A device's identity record in the store's identity bytes: a header of 8
// bytes - the owning device index (big-endian), the key's size, the text's
// size (bit 15: the text had overflowed) - then the key's bytes and the
// text's characters, padded to a multiple of 4.
inline constexpr std::size_t identity_header_size = 8;
constexpr std::size_t identity_record_size(std::size_t key_size, std::size_t text_size) noexcept
{
    return (identity_header_size + key_size + text_size + 3) & ~std::size_t{3};
}
} // namespace detail

class multipath_device {
public:
    constexpr multipath_device() noexcept = default;

    // The identity key every path of the device derived. The key's bytes
    // live once, in the store's identity bytes (docs/topology.md, "Bytes per
    // path"); this returns a copy (an empty key for a deleted slot).
    [[nodiscard]] constexpr ident::identity_key key() const noexcept
    {
        ident::identity_key k;
        if (blob_ != nullptr)
            (void)k.assign(scheme_, kind_, byte_view(blob_ + detail::identity_header_size, key_size_));
        return k;
    }
    // The key's hash, scheme, kind and size without the copy.
    [[nodiscard]] constexpr std::uint64_t key_hash() const noexcept { return key_hash_; }
    [[nodiscard]] constexpr std::size_t key_size() const noexcept { return key_size_; }
    // Whether `k` is this device's key (compared whole).
    [[nodiscard]] constexpr bool has_key(const ident::identity_key& k) const noexcept
    {
        if (blob_ == nullptr || k.hash() != key_hash_ || k.scheme() != scheme_ || k.kind() != kind_ ||
            k.size() != key_size_)
            return false;
        const byte_view b = k.bytes();
        for (std::size_t i = 0; i < b.size(); ++i)
            if (b[i] != blob_[detail::identity_header_size + i]) return false;
        return true;
    }
    // The identifier as the identity scheme rendered it (device_identity::
    // text()), for reports; empty when the device was made from a bare key
    // (basic_topology::add_path with an identity_key). A copy, as key().
    [[nodiscard]] constexpr ident::device_identity::text_type identity_text() const noexcept
    {
        ident::device_identity::text_type t;
        if (blob_ == nullptr) return t;
        const std::size_t n = text_size();
        const byte* p = blob_ + detail::identity_header_size + key_size_;
        for (std::size_t i = 0; i < n; ++i) t.append(static_cast<char>(p[i]));
        // It had overflowed: a full text is marked so again (a text cut short
        // of its capacity comes back unmarked).
        if ((blob_[6] & 0x80u) != 0 && t.size() == t.capacity) t.append('\0');
        return t;
    }
    [[nodiscard]] constexpr device_state state() const noexcept
    {
        return static_cast<device_state>(state_x_ ^ static_cast<std::uint8_t>(device_state::deleted));
    }
    // Paths in the list (any state but removed), and those not pending removal.
    [[nodiscard]] constexpr std::uint32_t path_count() const noexcept { return path_count_; }
    [[nodiscard]] constexpr std::uint32_t present_path_count() const noexcept { return present_; }
    [[nodiscard]] constexpr const alua_support& alua() const noexcept { return alua_; }
    [[nodiscard]] constexpr alua_mode mode() const noexcept { return alua_.mode; }
    // Meaningful while orphaned.
    [[nodiscard]] constexpr tick removal_deadline() const noexcept { return deadline_; }
    // Bumped each time the slot is reused: (index, generation) names one
    // device for its whole life.
    [[nodiscard]] constexpr std::uint32_t generation() const noexcept { return generation_; }
    // The claimer (index in the caller's claimer array) that owns it.
    [[nodiscard]] constexpr std::uint32_t claimer() const noexcept { return claimer_; }
    // The first path of the list (no_index when none): walk with
    // basic_topology::next_path_of_device().
    [[nodiscard]] constexpr path_index first_path() const noexcept { return first_x_ ^ no_index; }

    constexpr void set_alua(const alua_support& a) noexcept { alua_ = a; }

private:
    template <class>
    friend class basic_topology;
    friend struct detail::device_access;

    [[nodiscard]] constexpr std::size_t text_size() const noexcept
    {
        return static_cast<std::size_t>((static_cast<unsigned>(blob_[6] & 0x7Fu) << 8) | blob_[7]);
    }
    constexpr void set_state(device_state s) noexcept
    {
        state_x_ =
            static_cast<std::uint8_t>(static_cast<std::uint8_t>(s) ^ static_cast<std::uint8_t>(device_state::deleted));
    }
    constexpr void set_first(path_index p) noexcept { first_x_ = p ^ no_index; }
    [[nodiscard]] constexpr device_index next_free() const noexcept { return next_free_x_ ^ no_index; }
    constexpr void set_next_free(device_index d) noexcept { next_free_x_ = d ^ no_index; }

    // Zero bytes by default (state XOR deleted, indexes XOR no_index; the
    // alua_support defaults are the zero enumerators).
    const byte* blob_ = nullptr; // its identity record in the store's identity bytes
    std::uint64_t key_hash_ = 0;
    tick deadline_ = 0;
    path_index first_x_ = 0;
    std::uint32_t generation_ = 0;
    std::uint32_t claimer_ = 0;
    device_index next_free_x_ = 0;
    std::uint16_t path_count_ = 0;
    std::uint16_t present_ = 0;
    std::uint16_t key_size_ = 0;
    std::uint8_t scheme_ = 0;
    std::uint8_t kind_ = 0;
    alua_support alua_;
    std::uint8_t state_x_ = 0;
};

namespace detail {
// For the storages: move a device's identity record pointer when the
// identity bytes move (growth, copy).
struct device_access {
    static constexpr const byte* blob(const multipath_device& d) noexcept { return d.blob_; }
    static constexpr void set_blob(multipath_device& d, const byte* b) noexcept { d.blob_ = b; }
};
} // namespace detail

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_MULTIPATH_DEVICE_HPP
