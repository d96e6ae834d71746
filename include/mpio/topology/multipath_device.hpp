// SPDX-License-Identifier: MIT
// mpio/topology/multipath_device.hpp - the multipath device (pseudo-LUN):
// one logical unit, reachable over up to N paths.
//
// Windows MPIO creates one pseudo-LUN (an MPIO disk) per logical unit and
// keeps it while it has paths; multipathd creates one dm-multipath map per
// WWID. The device holds:
//   - the identity key (mpio::ident::identity_key) every one of its paths
//     derived - stored once here, not per path - and the identifier as the
//     scheme rendered it (identity_text(); about 512 bytes per device: the
//     key's bytes are the rendering only for some schemes, e.g. a
//     designator's raw bytes for the mpio scheme, so the text is kept);
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

class multipath_device {
public:
    constexpr multipath_device() noexcept = default;

    [[nodiscard]] constexpr const ident::identity_key& key() const noexcept { return key_; }
    // The identifier as the identity scheme rendered it (device_identity::
    // text()), for reports; empty when the device was made from a bare key
    // (basic_topology::add_path with an identity_key).
    [[nodiscard]] constexpr const ident::device_identity::text_type& identity_text() const noexcept
    {
        return identity_text_;
    }
    [[nodiscard]] constexpr device_state state() const noexcept { return state_; }
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
    [[nodiscard]] constexpr path_index first_path() const noexcept { return first_; }

    constexpr void set_alua(const alua_support& a) noexcept { alua_ = a; }

private:
    template <class>
    friend class basic_topology;

    ident::identity_key key_;
    ident::device_identity::text_type identity_text_;
    tick deadline_ = 0;
    path_index first_ = no_index;
    std::uint32_t path_count_ = 0;
    std::uint32_t present_ = 0;
    std::uint32_t generation_ = 0;
    std::uint32_t claimer_ = 0;
    device_index next_free_ = no_index;
    alua_support alua_;
    device_state state_ = device_state::deleted;
};

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_MULTIPATH_DEVICE_HPP
