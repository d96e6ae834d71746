// SPDX-License-Identifier: MIT
// mpio/topology/path.hpp - one path (I_T_L nexus) as the topology keeps it.
//
// A path is what the OS hands a multipath stack: a PDO for Windows MPIO, a
// sdX block device for multipathd, a vmhbaA:C:T:L for NMP. mpio keeps an
// opaque caller handle (path_handle: a PDO pointer cast to an integer, a
// dev_t, an index into the caller's own table) and never a pointer into
// caller memory, so nothing dangles when the caller frees its object.
//
// What mpio knows of the path is small on purpose: the device it belongs to
// is an index (the logical unit's identity key is stored once, in the
// device), the target port is an index into the store's port table, and the
// values grouping needs by equality (serial number, target node name) are
// 64-bit FNV-1a hashes. sizeof(path) is reported by the benchmark and the
// docs (docs/topology.md, "bytes per path").
#ifndef MPIO_TOPOLOGY_PATH_HPP
#define MPIO_TOPOLOGY_PATH_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/ident/path_identity.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/topology/path_state.hpp>

namespace mpio::topology {

template <class Storage>
class basic_topology;

// The caller's name for a path. Any 64-bit value; mpio only compares it.
using path_handle = std::uint64_t;

// Indexes into a topology store. no_index: none.
using path_index = std::uint32_t;
using device_index = std::uint32_t;
using port_index = std::uint32_t;
inline constexpr std::uint32_t no_index = 0xFFFFFFFFu;

namespace detail {
// 64-bit FNV-1a over short values (serial numbers, port names). identity_key
// has its own word-at-a-time hash (ident/device_identity.hpp) for long keys.
constexpr std::uint64_t fnv1a(byte_view bytes, std::uint64_t h = 0xcbf29ce484222325ull) noexcept
{
    for (const byte b : bytes) {
        h ^= b;
        h *= 0x100000001b3ull;
    }
    return h;
}
constexpr std::uint64_t fnv1a_u16(std::uint16_t v, std::uint64_t h) noexcept
{
    const byte b[2] = {static_cast<byte>(v >> 8), static_cast<byte>(v)};
    return fnv1a(byte_view(b, 2), h);
}
// A caller handle is often a pointer (low bits zero) or a small index: mix
// every bit into the low ones the hash table uses (splitmix64 finaliser).
constexpr std::uint64_t mix64(std::uint64_t x) noexcept
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}
} // namespace detail

// Hash of a value grouped by equality (group_by_serial, group_by_node_name);
// 0 means "unknown" and groups with the other unknowns.
[[nodiscard]] constexpr std::uint64_t attribute_hash(byte_view value) noexcept
{
    if (value.empty()) return 0;
    const std::uint64_t h = detail::fnv1a(value);
    return h == 0 ? 1 : h;
}

// ---------------------------------------------------------------- port_key

// A target port, as the topology indexes it across logical units: the
// target port name of VPD 83h (an FC WWPN, a SAS address, an iSCSI
// "iqn...,t,0x0001") when the page gives one, else the target device name
// plus the relative target port identifier (unique within a target device,
// SPC-6 7.7.6.7). A path with neither has no port key (valid() false) and is
// found by handle and identity only.
class port_key {
public:
    constexpr port_key() noexcept = default;

    [[nodiscard]] static constexpr port_key from(const ident::path_identity& id) noexcept
    {
        port_key k;
        if (id.has_target_port_name()) {
            k.name_ = id.target_port_name();
            k.kind_ = kind::port_name;
        } else if (id.has_target_device_name() && id.has_relative_target_port()) {
            k.name_ = id.target_device_name();
            k.rtp_ = id.relative_target_port();
            k.kind_ = kind::device_name_and_rtp;
        } else {
            return k;
        }
        std::uint64_t h = detail::fnv1a_u16(
            static_cast<std::uint16_t>((static_cast<unsigned>(k.kind_) << 8) | static_cast<unsigned>(k.name_.format())),
            0xcbf29ce484222325ull);
        h = detail::fnv1a_u16(k.rtp_, h);
        k.hash_ = detail::fnv1a(k.name_.bytes(), h);
        return k;
    }

    [[nodiscard]] constexpr bool valid() const noexcept { return kind_ != kind::none; }
    [[nodiscard]] constexpr std::uint64_t hash() const noexcept { return hash_; }
    // The name (target port name, or target device name when
    // by_target_device_name()).
    [[nodiscard]] constexpr const ident::path_name& name() const noexcept { return name_; }
    [[nodiscard]] constexpr bool by_target_device_name() const noexcept { return kind_ == kind::device_name_and_rtp; }
    [[nodiscard]] constexpr std::uint16_t relative_target_port() const noexcept { return rtp_; }

    friend constexpr bool operator==(const port_key& a, const port_key& b) noexcept
    {
        return a.hash_ == b.hash_ && a.kind_ == b.kind_ && a.rtp_ == b.rtp_ && a.name_ == b.name_;
    }

private:
    enum class kind : std::uint8_t { none, port_name, device_name_and_rtp };
    ident::path_name name_;
    std::uint64_t hash_ = 0;
    std::uint16_t rtp_ = 0;
    kind kind_ = kind::none;
};

// ------------------------------------------------------------- path_facts

// What discovery learned about a path, beyond the device identity: the
// input of topology_store::add_path(). discovery.hpp fills it from the
// INQUIRY / VPD 83h / RTPG responses; a caller with its own sources fills it
// by hand.
struct path_facts {
    port_key port; // target port (may be invalid: unknown)
    std::uint16_t relative_target_port = 0;
    std::uint16_t target_port_group = 0;
    bool has_relative_target_port = false;
    bool has_target_port_group = false;
    bool has_alua_state = false; // alua_state/pref come from RTPG
    bool pref = false;           // PREF bit of the path's target port group
    scsi::asymmetric_access_state alua_state = scsi::asymmetric_access_state::active_optimized;
    ident::tpg_source tpg_source = ident::tpg_source::vpd_target_port_group;
    ident::tpg_cross_check tpg_check = ident::tpg_cross_check::not_checked;
    std::uint64_t serial_hash = 0;    // attribute_hash(unit serial number), for group_by_serial
    std::uint64_t node_name_hash = 0; // attribute_hash(target node name), for group_by_node_name
    std::uint16_t weight = 1;         // for weighted policies (MSDSM Weighted Paths)
};

// Per-path counters kept with the path for the caller (in-flight count and
// size, as dm-ps-queue-length / dm-ps-service-time track them). Neither the
// store nor the policy layer updates them: each selector keeps its own
// in-flight counters per slot (policy/path_table.hpp).
struct path_counters {
    std::uint32_t in_flight = 0;        // I/Os started and not completed
    std::uint32_t in_flight_blocks = 0; // their size, in logical blocks (saturating)
    std::uint32_t failures = 0;         // I/O errors seen on this path (saturating)
};

// ------------------------------------------------------------------- path

// One path, as stored. Read it through the accessors; the store changes it.
class path {
public:
    constexpr path() noexcept = default;

    [[nodiscard]] constexpr path_handle handle() const noexcept { return handle_; }
    // The device it belongs to, or no_index while it is not grouped (its
    // identity is not ready yet, or changed and was not re-read).
    [[nodiscard]] constexpr device_index device() const noexcept { return device_; }
    [[nodiscard]] constexpr bool grouped() const noexcept { return device_ != no_index; }
    [[nodiscard]] constexpr port_index port() const noexcept { return port_; }
    [[nodiscard]] constexpr path_state state() const noexcept { return state_; }
    // When pending_removal ends (meaningful only in that state).
    [[nodiscard]] constexpr tick removal_deadline() const noexcept { return deadline_; }

    [[nodiscard]] constexpr bool has_relative_target_port() const noexcept { return flags_ & f_rtp; }
    [[nodiscard]] constexpr std::uint16_t relative_target_port() const noexcept { return rtp_; }
    [[nodiscard]] constexpr bool has_target_port_group() const noexcept { return flags_ & f_tpg; }
    [[nodiscard]] constexpr std::uint16_t target_port_group() const noexcept { return tpg_; }
    [[nodiscard]] constexpr ident::tpg_source tpg_source() const noexcept
    {
        return (flags_ & f_tpg_from_rtpg) ? ident::tpg_source::rtpg_port_list
                                          : ident::tpg_source::vpd_target_port_group;
    }
    [[nodiscard]] constexpr ident::tpg_cross_check tpg_check() const noexcept { return tpg_check_; }
    [[nodiscard]] constexpr bool has_alua_state() const noexcept { return flags_ & f_alua; }
    [[nodiscard]] constexpr scsi::asymmetric_access_state alua_state() const noexcept { return alua_; }
    [[nodiscard]] constexpr bool pref() const noexcept { return flags_ & f_pref; }
    [[nodiscard]] constexpr std::uint16_t weight() const noexcept { return weight_; }
    [[nodiscard]] constexpr std::uint64_t serial_hash() const noexcept { return serial_hash_; }
    [[nodiscard]] constexpr std::uint64_t node_name_hash() const noexcept { return node_hash_; }
    [[nodiscard]] constexpr const path_counters& counters() const noexcept { return counters_; }
    [[nodiscard]] constexpr path_counters& counters() noexcept { return counters_; }

    // Carries I/O: administratively active or standby, and its group is not
    // unavailable, offline or transitioning (multipath-tools counts PATH_UP
    // and PATH_GHOST paths as enabled; a standby group is PATH_GHOST).
    [[nodiscard]] constexpr bool usable() const noexcept
    {
        if (!carries_io(state_)) return false;
        if (!has_alua_state()) return true;
        return alua_ != scsi::asymmetric_access_state::unavailable && alua_ != scsi::asymmetric_access_state::offline &&
               alua_ != scsi::asymmetric_access_state::transitioning;
    }

    // For the store and the recovery layer.
    constexpr void set_state(path_state s) noexcept { state_ = s; }
    constexpr void set_alua_state(scsi::asymmetric_access_state s, bool pref) noexcept
    {
        alua_ = s;
        flags_ = static_cast<std::uint8_t>((flags_ | f_alua) & ~f_pref);
        if (pref) flags_ = static_cast<std::uint8_t>(flags_ | f_pref);
    }
    constexpr void set_weight(std::uint16_t w) noexcept { weight_ = w; }

private:
    template <class>
    friend class basic_topology;

    constexpr void assign(path_handle h, const path_facts& f) noexcept
    {
        handle_ = h;
        rtp_ = f.relative_target_port;
        tpg_ = f.target_port_group;
        alua_ = f.alua_state;
        tpg_check_ = f.tpg_check;
        serial_hash_ = f.serial_hash;
        node_hash_ = f.node_name_hash;
        weight_ = f.weight;
        flags_ =
            static_cast<std::uint8_t>((f.has_relative_target_port ? f_rtp : 0) | (f.has_target_port_group ? f_tpg : 0) |
                                      (f.has_alua_state ? f_alua : 0) | (f.pref ? f_pref : 0) |
                                      (f.tpg_source == ident::tpg_source::rtpg_port_list ? f_tpg_from_rtpg : 0));
    }

    enum : std::uint8_t { f_rtp = 1, f_tpg = 2, f_alua = 4, f_pref = 8, f_tpg_from_rtpg = 16 };

    path_handle handle_ = 0;
    std::uint64_t serial_hash_ = 0;
    std::uint64_t node_hash_ = 0;
    tick deadline_ = 0;
    path_counters counters_;
    device_index device_ = no_index;
    port_index port_ = no_index;
    path_index next_in_device_ = no_index; // the device's path list (also the free list)
    path_index next_on_port_ = no_index;   // the port's path list (doubly linked: a port holds many LUs)
    path_index prev_on_port_ = no_index;
    std::uint16_t rtp_ = 0;
    std::uint16_t tpg_ = 0;
    std::uint16_t weight_ = 1;
    path_state state_ = path_state::removed;
    scsi::asymmetric_access_state alua_ = scsi::asymmetric_access_state::active_optimized;
    ident::tpg_cross_check tpg_check_ = ident::tpg_cross_check::not_checked;
    std::uint8_t flags_ = 0;
};

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_PATH_HPP
