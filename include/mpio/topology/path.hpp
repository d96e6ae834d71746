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
// FNV-1a hashes (folded to 32 bits in the path). sizeof(path) is 64; the
// benchmark and the docs report it (docs/topology.md, "Bytes per path").
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

namespace detail {
// The 32-bit fold a path keeps of an attribute_hash() (0 stays "unknown",
// nothing else becomes 0).
constexpr std::uint32_t fold_attribute_hash(std::uint64_t h) noexcept
{
    const auto f = static_cast<std::uint32_t>(h ^ (h >> 32));
    return h != 0 && f == 0 ? 1u : f;
}
} // namespace detail

// One path, as stored. Read it through the accessors; the store changes it.
//
// Layout (docs/topology.md, "Bytes per path"): 64 bytes, one cache line.
// The hot fields come first - the handle the index compares, the list
// links, state, ALUA state, flags - then the cold ones: the grouping
// hashes (folded to 32 bits), the caller's counters, the removal deadline.
// What the device holds (its identity, its ALUA mode) is not repeated here.
// Every field is stored so that a default-constructed path is all-zero
// bytes (indexes XOR no_index, state XOR removed, weight XOR 1, TPG check
// XOR not_checked): a static store lands in .bss (docs/performance.md).
class path {
public:
    constexpr path() noexcept = default;

    [[nodiscard]] constexpr path_handle handle() const noexcept { return handle_; }
    // The device it belongs to, or no_index while it is not grouped (its
    // identity is not ready yet, or changed and was not re-read).
    [[nodiscard]] constexpr device_index device() const noexcept { return device_x_ ^ no_index; }
    [[nodiscard]] constexpr bool grouped() const noexcept { return device() != no_index; }
    [[nodiscard]] constexpr port_index port() const noexcept { return port_x_ ^ no_index; }
    [[nodiscard]] constexpr path_state state() const noexcept
    {
        return static_cast<path_state>((state_alua_ & 7u) ^ static_cast<unsigned>(path_state::removed));
    }
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
    [[nodiscard]] constexpr ident::tpg_cross_check tpg_check() const noexcept
    {
        return static_cast<ident::tpg_cross_check>(((flags_ >> check_shift) & 3u) ^
                                                   static_cast<unsigned>(ident::tpg_cross_check::not_checked));
    }
    [[nodiscard]] constexpr bool has_alua_state() const noexcept { return flags_ & f_alua; }
    [[nodiscard]] constexpr scsi::asymmetric_access_state alua_state() const noexcept
    {
        return static_cast<scsi::asymmetric_access_state>(state_alua_ >> 4);
    }
    [[nodiscard]] constexpr bool pref() const noexcept { return flags_ & f_pref; }
    [[nodiscard]] constexpr std::uint16_t weight() const noexcept { return static_cast<std::uint16_t>(weight_x_ ^ 1u); }
    // attribute_hash() of the serial number / target node name, folded to
    // 32 bits (detail::fold_attribute_hash: 0 is still "unknown"). Grouping
    // compares them for equality among the paths of one device.
    [[nodiscard]] constexpr std::uint64_t serial_hash() const noexcept { return serial_hash_; }
    [[nodiscard]] constexpr std::uint64_t node_name_hash() const noexcept { return node_hash_; }
    [[nodiscard]] constexpr const path_counters& counters() const noexcept { return counters_; }
    [[nodiscard]] constexpr path_counters& counters() noexcept { return counters_; }

    // Carries I/O: administratively active or standby, and its group is not
    // unavailable, offline or transitioning (multipath-tools counts PATH_UP
    // and PATH_GHOST paths as enabled; a standby group is PATH_GHOST).
    [[nodiscard]] constexpr bool usable() const noexcept
    {
        if (!carries_io(state())) return false;
        if (!has_alua_state()) return true;
        const scsi::asymmetric_access_state a = alua_state();
        return a != scsi::asymmetric_access_state::unavailable && a != scsi::asymmetric_access_state::offline &&
               a != scsi::asymmetric_access_state::transitioning;
    }

    // For the store and the recovery layer.
    constexpr void set_state(path_state s) noexcept
    {
        state_alua_ = static_cast<std::uint8_t>(
            (state_alua_ & 0xF0u) | ((static_cast<unsigned>(s) ^ static_cast<unsigned>(path_state::removed)) & 7u));
    }
    constexpr void set_alua_state(scsi::asymmetric_access_state s, bool pref) noexcept
    {
        state_alua_ = static_cast<std::uint8_t>((state_alua_ & 7u) | ((static_cast<unsigned>(s) & 0xFu) << 4));
        flags_ = static_cast<std::uint8_t>((flags_ | f_alua) & ~f_pref);
        if (pref) flags_ = static_cast<std::uint8_t>(flags_ | f_pref);
    }
    constexpr void set_weight(std::uint16_t w) noexcept { weight_x_ = static_cast<std::uint16_t>(w ^ 1u); }

private:
    template <class>
    friend class basic_topology;

    constexpr void assign(path_handle h, const path_facts& f) noexcept
    {
        handle_ = h;
        rtp_ = f.relative_target_port;
        tpg_ = f.target_port_group;
        set_alua_state(f.alua_state, false);
        serial_hash_ = detail::fold_attribute_hash(f.serial_hash);
        node_hash_ = detail::fold_attribute_hash(f.node_name_hash);
        set_weight(f.weight);
        const unsigned check =
            (static_cast<unsigned>(f.tpg_check) ^ static_cast<unsigned>(ident::tpg_cross_check::not_checked)) & 3u;
        flags_ = static_cast<std::uint8_t>(
            (f.has_relative_target_port ? f_rtp : 0) | (f.has_target_port_group ? f_tpg : 0) |
            (f.has_alua_state ? f_alua : 0) | (f.pref ? f_pref : 0) |
            (f.tpg_source == ident::tpg_source::rtpg_port_list ? f_tpg_from_rtpg : 0) | (check << check_shift));
    }

    // Links, for the store (no_index: none).
    constexpr void set_device(device_index d) noexcept { device_x_ = d ^ no_index; }
    constexpr void set_port(port_index p) noexcept { port_x_ = p ^ no_index; }
    [[nodiscard]] constexpr path_index next_in_device() const noexcept { return next_in_device_x_ ^ no_index; }
    constexpr void set_next_in_device(path_index p) noexcept { next_in_device_x_ = p ^ no_index; }
    [[nodiscard]] constexpr path_index next_on_port() const noexcept { return next_on_port_x_ ^ no_index; }
    constexpr void set_next_on_port(path_index p) noexcept { next_on_port_x_ = p ^ no_index; }
    [[nodiscard]] constexpr path_index prev_on_port() const noexcept { return prev_on_port_x_ ^ no_index; }
    constexpr void set_prev_on_port(path_index p) noexcept { prev_on_port_x_ = p ^ no_index; }

    enum : std::uint8_t { f_rtp = 1, f_tpg = 2, f_alua = 4, f_pref = 8, f_tpg_from_rtpg = 16 };
    static constexpr unsigned check_shift = 5; // bits 5-6: tpg_check XOR not_checked

    // Hot: what lookup, the lists, selection and grouping read.
    path_handle handle_ = 0;
    device_index device_x_ = 0;       // device XOR no_index
    port_index port_x_ = 0;           // port XOR no_index
    path_index next_in_device_x_ = 0; // the device's path list (also the free list), XOR no_index
    path_index next_on_port_x_ = 0;   // the port's path list (doubly linked: a port holds many LUs)
    path_index prev_on_port_x_ = 0;   //   XOR no_index
    std::uint16_t rtp_ = 0;
    std::uint16_t tpg_ = 0;
    std::uint16_t weight_x_ = 0;  // weight XOR 1
    std::uint8_t state_alua_ = 0; // bits 0-2 path_state XOR removed, bits 4-7 ALUA state
    std::uint8_t flags_ = 0;      // f_* and the TPG check
    // Cold: grouping by serial / node name, the caller's counters, removal.
    std::uint32_t serial_hash_ = 0;
    std::uint32_t node_hash_ = 0;
    path_counters counters_;
    tick deadline_ = 0;
};

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_PATH_HPP
