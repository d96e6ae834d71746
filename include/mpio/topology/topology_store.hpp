// SPDX-License-Identifier: MIT
// mpio/topology/topology_store.hpp - the set of multipath devices and their
// paths: join/create, removal with MPIO's PDORemovePeriod, identity change,
// and O(1) average lookup by identity key, by caller handle and by target
// port.
//
// multipath-tools groups paths by comparing each new path's WWID with every
// known multipath map (find_mp_by_wwid() walks a vector: O(n) per path,
// O(n^2) for a rescan); MPIO asks each DSM's DsmCompareDevices against the
// existing pseudo-LUNs the same way. Here three open-addressing hash indexes
// (linear probing, backward-shift deletion, no tombstones) make each step
// O(1) on average:
//   identity_key.hash() -> device      (the key is compared whole on a hit)
//   mix64(path_handle)  -> path
//   port_key.hash()     -> target port (name compared whole on a hit)
// A target port is shared by every LU behind it, so a port keeps a doubly
// linked list of its paths; a device keeps a singly linked list of its (at
// most PathsPerDevice) paths.
//
// basic_topology<Storage> is the algorithm; Storage is where the arrays live:
//   topology_store<MaxDevices, MaxPaths, PathsPerDevice, MaxPorts> (below):
//     everything inline, no heap, capacities fixed at compile time;
//   mpio::hosted::topology (mpio/hosted/topology_store.hpp): std::vector,
//     grows by doubling (tested to 1,000,000 paths).
// A Storage provides, for each of devices / paths / ports: the element
// array and its capacity, the index slot array and its size (a power of
// two, at least twice the capacity), and grow_*() - false when it cannot
// grow; when it can, it enlarges the array, clears the index and lets the
// topology rehash.
//
// Lifetime (Windows MPIO, PDORemovePeriod; multipath-tools' no_path_retry
// and dev_loss_tmo play the same role):
//   remove_path(h, now)   the path becomes pending_removal until
//                         now + remove_period; when no present path is left
//                         the device becomes orphaned until the same time;
//   add_path() in time    the path (same handle, or a new handle through the
//                         same target port) returns and the device is live;
//   expire(now)           deletes what outlived its deadline.
#ifndef MPIO_TOPOLOGY_TOPOLOGY_STORE_HPP
#define MPIO_TOPOLOGY_TOPOLOGY_STORE_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/topology/multipath_device.hpp>
#include <mpio/topology/path.hpp>

namespace mpio::topology {

struct topology_config {
    // MPIO's PDORemovePeriod, in caller ticks (default 20 s at the default
    // millisecond tick_rate - MSDSM's default).
    tick remove_period = 20'000;
    // While a device has no path: queue I/O (true, multipath-tools'
    // queue_if_no_path / MPIO within PDORemovePeriod) or fail it at once.
    bool queue_if_no_path = true;
};

// One target port (the FC WWPN, SAS address, iSCSI portal group...) and the
// paths through it, across logical units.
class target_port {
public:
    [[nodiscard]] constexpr const port_key& key() const noexcept { return key_; }
    [[nodiscard]] constexpr std::uint32_t path_count() const noexcept { return count_; }
    [[nodiscard]] constexpr path_index first_path() const noexcept { return first_x_ ^ no_index; }
    [[nodiscard]] constexpr bool in_use() const noexcept { return count_ != 0; }

private:
    template <class>
    friend class basic_topology;
    constexpr void set_first(path_index p) noexcept { first_x_ = p ^ no_index; }
    [[nodiscard]] constexpr port_index next_free() const noexcept { return next_free_x_ ^ no_index; }
    constexpr void set_next_free(port_index p) noexcept { next_free_x_ = p ^ no_index; }
    // All-zero bytes by default (indexes XOR no_index).
    port_key key_;
    path_index first_x_ = 0;
    std::uint32_t count_ = 0;
    port_index next_free_x_ = 0;
};

// A hash index slot: the element's index XOR no_index (so 0, the default,
// is an empty slot and a default index is all-zero bytes) and the low 32
// bits of its hash (enough to find its home slot again when deletion shifts
// it back, and to skip most non-matching elements without reading them).
struct index_slot {
    std::uint32_t id = 0; // element index XOR no_index; 0: empty
    std::uint32_t tag = 0;
};

// What add_path() did.
enum class add_outcome : std::uint8_t {
    created_device,  // no device had the identity: a new one
    joined_device,   // joined a live device
    rejoined_device, // joined a device that was orphaned (back within the remove period)
    returned_path,   // this very path (handle or target port) was pending removal: back in place
    duplicate,       // already there with the same identity: its facts are refreshed, nothing else changes
};

[[nodiscard]] constexpr const char* to_string(add_outcome o) noexcept
{
    switch (o) {
    case add_outcome::created_device: return "created device";
    case add_outcome::joined_device: return "joined device";
    case add_outcome::rejoined_device: return "rejoined orphaned device";
    case add_outcome::returned_path: return "path returned";
    case add_outcome::duplicate: return "duplicate";
    }
    return "unknown";
}

struct add_result {
    add_outcome outcome = add_outcome::duplicate;
    path_index path = no_index;
    device_index device = no_index;
    // The device the path was in before, when its identity changed (the
    // path left it); no_index otherwise.
    device_index previous_device = no_index;
};

namespace detail {

constexpr std::size_t index_size_for(std::size_t capacity) noexcept
{
    std::size_t n = 8;
    while (n < 2 * capacity) n *= 2;
    return n;
}

// Linear probing over a power-of-two slot array.
struct open_index {
    index_slot* slots;
    std::size_t mask;

    [[nodiscard]] constexpr std::uint32_t id_at(std::size_t i) const noexcept { return slots[i].id ^ no_index; }
    template <class Match>
    constexpr std::size_t find(std::uint32_t tag, Match&& match) const noexcept
    {
        for (std::size_t i = tag & mask;; i = (i + 1) & mask) {
            if (slots[i].id == 0) return ~std::size_t{0};
            if (slots[i].tag == tag && match(slots[i].id ^ no_index)) return i;
        }
    }
    constexpr void insert(std::uint32_t id, std::uint32_t tag) const noexcept
    {
        std::size_t i = tag & mask;
        while (slots[i].id != 0) i = (i + 1) & mask;
        slots[i] = index_slot{id ^ no_index, tag};
    }
    // Backward-shift deletion (Knuth 6.4 Algorithm R): move later entries of
    // the cluster back so lookups never need tombstones.
    constexpr void erase_at(std::size_t i) const noexcept
    {
        std::size_t j = i;
        for (;;) {
            j = (j + 1) & mask;
            if (slots[j].id == 0) break;
            const std::size_t home = slots[j].tag & mask;
            // Move j back to i unless its home lies cyclically in (i, j].
            const bool home_between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!home_between) {
                slots[i] = slots[j];
                i = j;
            }
        }
        slots[i] = index_slot{};
    }
};

constexpr std::uint32_t tag_of(std::uint64_t hash) noexcept { return static_cast<std::uint32_t>(hash); }

} // namespace detail

template <class Storage>
class basic_topology {
public:
    static constexpr std::size_t paths_per_device = Storage::paths_per_device;
    static_assert(paths_per_device <= 0xFFFF, "a device counts its paths in 16 bits");

    constexpr basic_topology() noexcept = default;
    constexpr explicit basic_topology(const topology_config& c) noexcept { set_config(c); }

    // A copy (the store keeps it so that a default store is all-zero bytes).
    [[nodiscard]] constexpr topology_config config() const noexcept
    {
        return topology_config{.remove_period = remove_period_x_ ^ topology_config{}.remove_period,
                               .queue_if_no_path = !fail_io_without_path_};
    }
    constexpr void set_config(const topology_config& c) noexcept
    {
        remove_period_x_ = c.remove_period ^ topology_config {}.remove_period;
        fail_io_without_path_ = !c.queue_if_no_path;
    }

    // -------------------------------------------------------------- lookup

    [[nodiscard]] constexpr device_index find_device(const ident::identity_key& key) const noexcept
    {
        const detail::open_index ix = device_index_();
        const std::size_t pos =
            ix.find(detail::tag_of(key.hash()), [&](std::uint32_t id) { return storage_.devices()[id].has_key(key); });
        return pos == ~std::size_t{0} ? no_index : ix.id_at(pos);
    }
    [[nodiscard]] constexpr path_index find_path(path_handle h) const noexcept
    {
        const detail::open_index ix = path_index_();
        const std::size_t pos = ix.find(detail::tag_of(detail::mix64(h)),
                                        [&](std::uint32_t id) { return storage_.paths()[id].handle_ == h; });
        return pos == ~std::size_t{0} ? no_index : ix.id_at(pos);
    }
    [[nodiscard]] constexpr port_index find_port(const port_key& key) const noexcept
    {
        if (!key.valid()) return no_index;
        const detail::open_index ix = port_index_();
        const std::size_t pos =
            ix.find(detail::tag_of(key.hash()), [&](std::uint32_t id) { return storage_.ports()[id].key_ == key; });
        return pos == ~std::size_t{0} ? no_index : ix.id_at(pos);
    }

    [[nodiscard]] constexpr const path& path_at(path_index i) const noexcept { return storage_.paths()[i]; }
    [[nodiscard]] constexpr path& path_at(path_index i) noexcept { return storage_.paths()[i]; }
    [[nodiscard]] constexpr const multipath_device& device_at(device_index i) const noexcept
    {
        return storage_.devices()[i];
    }
    [[nodiscard]] constexpr multipath_device& device_at(device_index i) noexcept { return storage_.devices()[i]; }
    [[nodiscard]] constexpr const target_port& port_at(port_index i) const noexcept { return storage_.ports()[i]; }

    // Lists: device -> its paths, port -> its paths (no_index ends them).
    [[nodiscard]] constexpr path_index next_path_of_device(path_index i) const noexcept
    {
        return storage_.paths()[i].next_in_device();
    }
    [[nodiscard]] constexpr path_index next_path_on_port(path_index i) const noexcept
    {
        return storage_.paths()[i].next_on_port();
    }

    // Every device that is not deleted (live or orphaned), in slot order.
    template <class F>
    constexpr void for_each_device(F&& f) const noexcept
    {
        for (std::size_t i = 0; i < device_high_; ++i)
            if (storage_.devices()[i].state() != device_state::deleted)
                f(static_cast<device_index>(i), storage_.devices()[i]);
    }
    template <class F>
    constexpr void for_each_path_of_device(device_index d, F&& f) const noexcept
    {
        for (path_index p = storage_.devices()[d].first_path(); p != no_index; p = storage_.paths()[p].next_in_device())
            f(p, storage_.paths()[p]);
    }
    // Every stored path (grouped or not), in slot order.
    template <class F>
    constexpr void for_each_path(F&& f) const noexcept
    {
        for (std::size_t i = 0; i < path_high_; ++i)
            if (storage_.paths()[i].state() != path_state::removed) f(static_cast<path_index>(i), storage_.paths()[i]);
    }

    [[nodiscard]] constexpr std::size_t device_count() const noexcept { return devices_; }
    [[nodiscard]] constexpr std::size_t path_count() const noexcept { return paths_; }
    [[nodiscard]] constexpr std::size_t port_count() const noexcept { return ports_; }
    [[nodiscard]] constexpr std::size_t ungrouped_path_count() const noexcept { return ungrouped_; }
    // Bytes of the identity area in use by live devices (keys and texts,
    // with their record headers), and in use or waiting to be compacted.
    [[nodiscard]] constexpr std::size_t identity_bytes_live() const noexcept { return identity_live_; }
    [[nodiscard]] constexpr std::size_t identity_bytes_used() const noexcept { return identity_end_; }

    // ---------------------------------------------------------- arrival

    // A path whose identity is `key` (found, non-empty) arrives. See
    // add_outcome. Errors: invalid_argument (empty key),
    // capacity_exceeded (no room for the device, its identity, the path or
    // its port, or the device already has paths_per_device paths) - nothing
    // changed.
    constexpr result<add_result> add_path(path_handle h, const ident::identity_key& key, const path_facts& facts,
                                          tick now, std::uint32_t claimer = 0) noexcept
    {
        return add_path_with_text(h, key, nullptr, facts, now, claimer);
    }

    // add_path() with the whole identity (found, non-empty key): the same,
    // and a device it creates keeps the identity's rendered text as well
    // (multipath_device::identity_text()). discover_path() uses this one.
    constexpr result<add_result> add_path(path_handle h, const ident::device_identity& identity,
                                          const path_facts& facts, tick now, std::uint32_t claimer = 0) noexcept
    {
        return add_path_with_text(h, identity.key(), &identity.text(), facts, now, claimer);
    }

    // A path whose identity is not ready yet (all zero / all spaces), or
    // none: stored so it can be found by handle, never grouped. A grouped
    // path with this handle leaves its device (previous_device).
    constexpr result<add_result> add_ungrouped_path(path_handle h, const path_facts& facts, tick now) noexcept
    {
        add_result out;
        path_index pi = find_path(h);
        if (pi == no_index) {
            if (!ensure_path_room()) return failure(errc::capacity_exceeded);
            if (facts.port.valid() && find_port(facts.port) == no_index && !ensure_port_room())
                return failure(errc::capacity_exceeded);
            pi = allocate_path();
            path_at(pi).handle_ = h;
            insert_handle(pi);
            ++paths_;
            ++ungrouped_;
        } else {
            if (facts.port.valid() && find_port(facts.port) == no_index && !ensure_port_room())
                return failure(errc::capacity_exceeded);
            out.previous_device = path_at(pi).device();
            if (out.previous_device != no_index) ++ungrouped_;
            unlink_from_device(pi, now);
            unlink_from_port(pi);
        }
        path& p = path_at(pi);
        p.assign(h, facts);
        p.set_state(path_state::pending_verification);
        link_to_port(pi, facts.port);
        out.outcome = add_outcome::created_device; // unused for ungrouped paths
        out.path = pi;
        return out;
    }

    // ---------------------------------------------------------- removal

    // The OS removed the path: pending_removal for remove_period. An
    // ungrouped path is deleted at once (nothing waits for it).
    constexpr status remove_path(path_handle h, tick now) noexcept
    {
        const path_index pi = find_path(h);
        if (pi == no_index) return failure(errc::not_found);
        path& p = path_at(pi);
        if (p.state() == path_state::pending_removal) return success;
        if (p.device() == no_index) {
            delete_path(pi, now);
            return success;
        }
        p.set_state(path_state::pending_removal);
        p.deadline_ = tick_add(now, remove_period());
        ++pending_;
        multipath_device& d = device_at(p.device());
        if (--d.present_ == 0) orphan(p.device(), now);
        return success;
    }

    // The path's identity changed (unit attention 3F/05 REPORTED LUNS DATA
    // / DEVICE IDENTIFIER CHANGED, 3F/03 INQUIRY DATA HAS CHANGED, or a
    // re-read that differs): it leaves its device, stays known by handle,
    // and is not grouped until it is re-read (add_path / add_ungrouped_path).
    constexpr status detach_path(path_handle h, tick now) noexcept
    {
        const path_index pi = find_path(h);
        if (pi == no_index) return failure(errc::not_found);
        path& p = path_at(pi);
        if (p.device() == no_index) return success;
        unlink_from_device(pi, now);
        p.set_state(path_state::pending_verification);
        ++ungrouped_;
        return success;
    }

    // Deletes paths and devices whose removal deadline is reached. Returns
    // how many paths and devices were deleted. O(1) when nothing is pending.
    constexpr std::size_t expire(tick now) noexcept
    {
        if (pending_ == 0) return 0;
        std::size_t n = 0;
        for (std::size_t i = 0; i < path_high_; ++i) {
            path& p = storage_.paths()[i];
            if (p.state() == path_state::pending_removal && tick_reached(now, p.deadline_)) {
                delete_path(static_cast<path_index>(i), now);
                ++n;
            }
        }
        for (std::size_t i = 0; i < device_high_; ++i) {
            multipath_device& d = storage_.devices()[i];
            if (d.state() == device_state::orphaned && tick_reached(now, d.deadline_)) {
                delete_device(static_cast<device_index>(i), now);
                ++n;
            }
        }
        return n;
    }

    // Administrative state (the recovery layer's path lifecycle). Removal
    // goes through remove_path(); this refuses pending_removal / removed.
    constexpr status set_path_state(path_index pi, path_state s) noexcept
    {
        if (s == path_state::pending_removal || s == path_state::removed) return failure(errc::invalid_state);
        path& p = path_at(pi);
        if (p.state() == path_state::pending_removal || p.state() == path_state::removed)
            return failure(errc::invalid_state);
        p.set_state(s);
        return success;
    }

    // Whether a device with no present path queues I/O (else fails it).
    [[nodiscard]] constexpr bool queues_io(device_index d) const noexcept
    {
        return device_at(d).state() != device_state::deleted && !fail_io_without_path_;
    }

    [[nodiscard]] constexpr const Storage& storage() const noexcept { return storage_; }

private:
    // Free lists (no_index: empty), kept XOR no_index.
    [[nodiscard]] constexpr device_index free_device() const noexcept { return free_device_x_ ^ no_index; }
    constexpr void set_free_device(device_index d) noexcept { free_device_x_ = d ^ no_index; }
    [[nodiscard]] constexpr path_index free_path() const noexcept { return free_path_x_ ^ no_index; }
    constexpr void set_free_path(path_index p) noexcept { free_path_x_ = p ^ no_index; }
    [[nodiscard]] constexpr port_index free_port() const noexcept { return free_port_x_ ^ no_index; }
    constexpr void set_free_port(port_index p) noexcept { free_port_x_ = p ^ no_index; }

    [[nodiscard]] constexpr tick remove_period() const noexcept
    {
        return remove_period_x_ ^ topology_config {}.remove_period;
    }

    constexpr result<add_result> add_path_with_text(path_handle h, const ident::identity_key& key,
                                                    const ident::device_identity::text_type* text,
                                                    const path_facts& facts, tick now, std::uint32_t claimer) noexcept
    {
        if (key.empty()) return failure(errc::invalid_argument);
        path_index pi = find_path(h);
        device_index di = find_device(key);
        if (pi != no_index && di != no_index && path_at(pi).device() == di) return readd_same_path(pi, di, facts);

        // The path joins (or creates) the device. A new handle through the
        // target port of one of the device's paths pending removal is that
        // path come back under a new name: it takes that path's place.
        const path_index stale = di == no_index ? no_index : returning_path_on_port(di, pi, facts.port);
        const std::size_t record =
            di == no_index ? detail::identity_record_size(key.size(), text != nullptr ? text->size() : 0) : 0;
        if (!has_room_to_add(pi, di, stale, facts.port, record))
            return failure(errc::capacity_exceeded); // nothing changed

        add_result out;
        const bool was_ungrouped = pi != no_index && path_at(pi).device() == no_index;
        if (pi != no_index) out.previous_device = leave_device(pi, now); // known handle, other identity (or ungrouped)
        if (stale != no_index) pi = take_place_of(stale, pi, h, now);
        if (pi == no_index) {
            pi = new_path(h);
        } else if (was_ungrouped) {
            --ungrouped_; // an ungrouped path (identity was not ready, or changed) becomes grouped
        }

        if (di == no_index) {
            di = new_device(key, text, claimer);
            out.outcome = add_outcome::created_device;
        } else {
            const bool orphaned = device_at(di).state() == device_state::orphaned;
            out.outcome = stale != no_index ? add_outcome::returned_path
                                            : (orphaned ? add_outcome::rejoined_device : add_outcome::joined_device);
        }

        path& p = path_at(pi);
        p.assign(h, facts);
        p.set_state(path_state::pending_verification); // discovery verifies it, then makes it active
        link_to_device(pi, di);
        link_to_port(pi, facts.port);
        out.path = pi;
        out.device = di;
        return out;
    }

    // ---------------------------------------------------- index helpers
    constexpr detail::open_index device_index_() const noexcept
    {
        return {const_cast<index_slot*>(storage_.device_slots()), storage_.device_slot_count() - 1};
    }
    constexpr detail::open_index path_index_() const noexcept
    {
        return {const_cast<index_slot*>(storage_.path_slots()), storage_.path_slot_count() - 1};
    }
    constexpr detail::open_index port_index_() const noexcept
    {
        return {const_cast<index_slot*>(storage_.port_slots()), storage_.port_slot_count() - 1};
    }

    constexpr void insert_handle(path_index pi) noexcept
    {
        path_index_().insert(pi, detail::tag_of(detail::mix64(path_at(pi).handle_)));
    }
    constexpr void erase_handle(path_index pi) noexcept
    {
        const detail::open_index ix = path_index_();
        const std::size_t pos =
            ix.find(detail::tag_of(detail::mix64(path_at(pi).handle_)), [pi](std::uint32_t id) { return id == pi; });
        if (pos != ~std::size_t{0}) ix.erase_at(pos);
    }
    constexpr void insert_device_key(device_index di) noexcept
    {
        device_index_().insert(di, detail::tag_of(device_at(di).key_hash_));
    }

    // ------------------------------------------------------- capacity
    constexpr bool ensure_device_room() noexcept
    {
        if (free_device() != no_index || device_high_ < storage_.device_capacity()) return true;
        if (!storage_.grow_devices()) return false;
        const detail::open_index ix = device_index_();
        for (std::size_t i = 0; i < device_high_; ++i)
            if (storage_.devices()[i].state() != device_state::deleted)
                ix.insert(static_cast<std::uint32_t>(i), detail::tag_of(storage_.devices()[i].key_hash_));
        return true;
    }
    constexpr bool ensure_path_room() noexcept
    {
        if (free_path() != no_index || path_high_ < storage_.path_capacity()) return true;
        if (!storage_.grow_paths()) return false;
        for (std::size_t i = 0; i < path_high_; ++i)
            if (storage_.paths()[i].state() != path_state::removed) insert_handle(static_cast<path_index>(i));
        return true;
    }
    constexpr bool ensure_port_room() noexcept
    {
        if (free_port() != no_index || port_high_ < storage_.port_capacity()) return true;
        if (!storage_.grow_ports()) return false;
        const detail::open_index ix = port_index_();
        for (std::size_t i = 0; i < port_high_; ++i)
            if (storage_.ports()[i].count_ != 0)
                ix.insert(static_cast<std::uint32_t>(i), detail::tag_of(storage_.ports()[i].key_.hash()));
        return true;
    }
    // Room for an identity record of `n` bytes at the end of the identity
    // area: compacts it first when deleted devices left records behind,
    // then grows it (hosted storage). Moves records: no pointer into the
    // area is held across this call.
    constexpr bool ensure_identity_room(std::size_t n) noexcept
    {
        if (identity_end_ + n <= storage_.identity_capacity()) return true;
        if (identity_end_ != identity_live_) compact_identities();
        if (identity_end_ + n <= storage_.identity_capacity()) return true;
        return storage_.grow_identity(identity_end_ + n);
    }
    // Moves every live record down over the dead ones, in address order (a
    // record names its owner, so no sort is needed), and points each owner
    // at its new place.
    constexpr void compact_identities() noexcept
    {
        byte* const base = storage_.identity_bytes();
        std::size_t to = 0;
        for (std::size_t at = 0; at < identity_end_;) {
            const byte* r = base + at;
            const std::uint32_t owner = static_cast<std::uint32_t>(r[0]) << 24 |
                                        static_cast<std::uint32_t>(r[1]) << 16 | static_cast<std::uint32_t>(r[2]) << 8 |
                                        r[3];
            const std::size_t key_size = static_cast<std::size_t>(r[4]) << 8 | r[5];
            const std::size_t text_size = static_cast<std::size_t>(r[6] & 0x7Fu) << 8 | r[7];
            const std::size_t size = detail::identity_record_size(key_size, text_size);
            const bool live = owner < device_high_ && storage_.devices()[owner].state() != device_state::deleted &&
                              storage_.devices()[owner].blob_ == r;
            if (live) {
                if (to != at)
                    for (std::size_t i = 0; i < size; ++i) base[to + i] = base[at + i];
                storage_.devices()[owner].blob_ = base + to;
                to += size;
            }
            at += size;
        }
        identity_end_ = to;
    }

    // ---- add_path() cases

    // Same path, same identity: a duplicate report or a re-read. What it
    // says now (ALUA state, PREF, group, port) replaces what it said; its
    // administrative state stays. A path pending removal is back in place.
    constexpr result<add_result> readd_same_path(path_index pi, device_index di, const path_facts& facts) noexcept
    {
        const path& p = path_at(pi);
        const bool same_port = p.port() == no_index
                                   ? !facts.port.valid()
                                   : (facts.port.valid() && storage_.ports()[p.port()].key_ == facts.port);
        if (!same_port && facts.port.valid() && find_port(facts.port) == no_index && !ensure_port_room())
            return failure(errc::capacity_exceeded);
        add_result out;
        out.path = pi;
        out.device = di;
        if (path_at(pi).state() == path_state::pending_removal) {
            revive(pi);
            out.outcome = add_outcome::returned_path;
        } else {
            out.outcome = add_outcome::duplicate;
        }
        refresh(pi, facts);
        if (!same_port) {
            unlink_from_port(pi);
            link_to_port(pi, facts.port);
        }
        return out;
    }

    // The device's path pending removal through target port `port` (other
    // than `pi`), or no_index.
    [[nodiscard]] constexpr path_index returning_path_on_port(device_index di, path_index pi,
                                                              const port_key& port) const noexcept
    {
        if (!port.valid()) return no_index;
        const port_index po = find_port(port);
        if (po == no_index) return no_index;
        for (path_index q = device_at(di).first_path(); q != no_index; q = path_at(q).next_in_device())
            if (q != pi && path_at(q).port() == po && path_at(q).state() == path_state::pending_removal) return q;
        return no_index;
    }

    // Room for what add_path() is about to allocate: checked first, so a
    // failure changes nothing. (Growing storage may move the arrays: no
    // reference into them is held across this call.)
    constexpr bool has_room_to_add(path_index pi, device_index di, path_index stale, const port_key& port,
                                   std::size_t identity_record) noexcept
    {
        if (di == no_index && (!ensure_device_room() || !ensure_identity_room(identity_record))) return false;
        if (di != no_index && stale == no_index && device_at(di).path_count_ >= paths_per_device) return false;
        if (pi == no_index && stale == no_index && !ensure_path_room()) return false;
        if (port.valid() && find_port(port) == no_index && !ensure_port_room()) return false;
        return true;
    }

    // A known path leaves its device (if any) and its port; returns the
    // device it was in.
    constexpr device_index leave_device(path_index pi, tick now) noexcept
    {
        const device_index previous = path_at(pi).device();
        unlink_from_device(pi, now);
        unlink_from_port(pi);
        return previous;
    }

    // The returning path `stale` is replaced by the path with handle `h`:
    // a new handle (pi == no_index) reuses the stale slot, a known one
    // deletes it. Returns the path's index.
    constexpr path_index take_place_of(path_index stale, path_index pi, path_handle h, tick now) noexcept
    {
        if (pi != no_index) {
            delete_path(stale, now);
            return pi;
        }
        unlink_from_device(stale, now);
        unlink_from_port(stale);
        erase_handle(stale);
        path_at(stale).handle_ = h;
        insert_handle(stale);
        return stale;
    }

    constexpr path_index new_path(path_handle h) noexcept
    {
        const path_index pi = allocate_path();
        path_at(pi).handle_ = h;
        insert_handle(pi);
        ++paths_;
        return pi;
    }

    // A new device, its identity record appended to the identity area
    // (ensure_identity_room() made room for it).
    constexpr device_index new_device(const ident::identity_key& key, const ident::device_identity::text_type* text,
                                      std::uint32_t claimer) noexcept
    {
        const device_index di = allocate_device();
        multipath_device& d = device_at(di);
        const std::size_t text_size = text != nullptr ? text->size() : 0;
        const std::size_t size = detail::identity_record_size(key.size(), text_size);
        byte* const r = storage_.identity_bytes() + identity_end_;
        r[0] = static_cast<byte>(di >> 24);
        r[1] = static_cast<byte>(di >> 16);
        r[2] = static_cast<byte>(di >> 8);
        r[3] = static_cast<byte>(di);
        r[4] = static_cast<byte>(key.size() >> 8);
        r[5] = static_cast<byte>(key.size());
        r[6] = static_cast<byte>((text_size >> 8) | (text != nullptr && text->overflowed() ? 0x80u : 0u));
        r[7] = static_cast<byte>(text_size);
        const byte_view kb = key.bytes();
        std::size_t at = detail::identity_header_size;
        for (std::size_t i = 0; i < kb.size(); ++i) r[at++] = kb[i];
        for (std::size_t i = 0; i < text_size; ++i) r[at++] = static_cast<byte>((*text)[i]);
        for (; at < size; ++at) r[at] = 0;
        identity_end_ += size;
        identity_live_ += size;
        d.blob_ = r;
        d.key_hash_ = key.hash();
        d.key_size_ = static_cast<std::uint16_t>(key.size());
        d.scheme_ = key.scheme();
        d.kind_ = key.kind();
        d.claimer_ = claimer;
        insert_device_key(di);
        ++devices_;
        return di;
    }

    // ---- storage

    constexpr device_index allocate_device() noexcept
    {
        device_index di;
        if (free_device() != no_index) {
            di = free_device();
            set_free_device(device_at(di).next_free());
        } else {
            di = static_cast<device_index>(device_high_++);
        }
        multipath_device& d = device_at(di);
        const std::uint32_t gen = d.generation_ + 1;
        d = multipath_device{};
        d.generation_ = gen;
        d.set_state(device_state::live); // its first path links in right away
        return di;
    }
    constexpr path_index allocate_path() noexcept
    {
        path_index pi;
        if (free_path() != no_index) {
            pi = free_path();
            set_free_path(path_at(pi).next_in_device());
        } else {
            pi = static_cast<path_index>(path_high_++);
        }
        path_at(pi) = path{};
        return pi;
    }

    // ----------------------------------------------------- device list
    constexpr void link_to_device(path_index pi, device_index di) noexcept
    {
        path& p = path_at(pi);
        multipath_device& d = device_at(di);
        p.set_device(di);
        // Append, so paths keep their arrival order (failover order).
        p.set_next_in_device(no_index);
        if (d.first_path() == no_index) {
            d.set_first(pi);
        } else {
            path_index q = d.first_path();
            while (path_at(q).next_in_device() != no_index) q = path_at(q).next_in_device();
            path_at(q).set_next_in_device(pi);
        }
        ++d.path_count_;
        ++d.present_;
        if (d.state() == device_state::orphaned) --pending_;
        d.set_state(device_state::live);
    }
    constexpr void unlink_from_device(path_index pi, tick now) noexcept
    {
        path& p = path_at(pi);
        if (p.device() == no_index) return;
        const device_index di = p.device();
        multipath_device& d = device_at(di);
        if (d.first_path() == pi) {
            d.set_first(p.next_in_device());
        } else {
            path_index q = d.first_path();
            while (q != no_index && path_at(q).next_in_device() != pi) q = path_at(q).next_in_device();
            if (q != no_index) path_at(q).set_next_in_device(p.next_in_device());
        }
        p.set_next_in_device(no_index);
        p.set_device(no_index);
        --d.path_count_;
        if (p.state() == path_state::pending_removal) {
            --pending_;
            p.set_state(path_state::pending_verification);
        } else if (--d.present_ == 0 && d.state() == device_state::live) {
            orphan(di, now);
        }
    }
    constexpr void orphan(device_index di, tick now) noexcept
    {
        multipath_device& d = device_at(di);
        d.set_state(device_state::orphaned);
        d.deadline_ = tick_add(now, remove_period());
        ++pending_;
    }
    constexpr void revive(path_index pi) noexcept
    {
        path& p = path_at(pi);
        multipath_device& d = device_at(p.device());
        --pending_;
        p.set_state(path_state::pending_verification);
        if (d.present_++ == 0 && d.state() == device_state::orphaned) {
            d.set_state(device_state::live);
            --pending_;
        }
    }
    constexpr void refresh(path_index pi, const path_facts& f) noexcept
    {
        path& p = path_at(pi);
        const path_state s = p.state();
        p.assign(p.handle_, f);
        p.set_state(s);
    }

    // ------------------------------------------------------- port list
    constexpr void link_to_port(path_index pi, const port_key& key) noexcept
    {
        path& p = path_at(pi);
        p.set_port(no_index);
        p.set_next_on_port(no_index);
        p.set_prev_on_port(no_index);
        if (!key.valid()) return;
        port_index po = find_port(key);
        if (po == no_index) {
            if (free_port() != no_index) {
                po = free_port();
                set_free_port(storage_.ports()[po].next_free());
            } else {
                po = static_cast<port_index>(port_high_++);
            }
            target_port& t = storage_.ports()[po];
            t = target_port{};
            t.key_ = key;
            port_index_().insert(po, detail::tag_of(key.hash()));
            ++ports_;
        }
        target_port& t = storage_.ports()[po];
        p.set_port(po);
        p.set_next_on_port(t.first_path());
        if (t.first_path() != no_index) path_at(t.first_path()).set_prev_on_port(pi);
        t.set_first(pi);
        ++t.count_;
    }
    constexpr void unlink_from_port(path_index pi) noexcept
    {
        path& p = path_at(pi);
        if (p.port() == no_index) return;
        target_port& t = storage_.ports()[p.port()];
        if (p.prev_on_port() != no_index)
            path_at(p.prev_on_port()).set_next_on_port(p.next_on_port());
        else
            t.set_first(p.next_on_port());
        if (p.next_on_port() != no_index) path_at(p.next_on_port()).set_prev_on_port(p.prev_on_port());
        if (--t.count_ == 0) {
            const detail::open_index ix = port_index_();
            const port_index po = p.port();
            const std::size_t pos = ix.find(detail::tag_of(t.key_.hash()), [po](std::uint32_t id) { return id == po; });
            if (pos != ~std::size_t{0}) ix.erase_at(pos);
            t.set_next_free(free_port());
            set_free_port(po);
            --ports_;
        }
        p.set_port(no_index);
        p.set_next_on_port(no_index);
        p.set_prev_on_port(no_index);
    }

    // ------------------------------------------------------- deletion
    constexpr void delete_path(path_index pi, tick now) noexcept
    {
        path& p = path_at(pi);
        if (p.device() == no_index) --ungrouped_;
        unlink_from_device(pi, now);
        unlink_from_port(pi);
        erase_handle(pi);
        p.set_state(path_state::removed);
        p.set_next_in_device(free_path());
        set_free_path(pi);
        --paths_;
    }
    constexpr void delete_device(device_index di, tick now) noexcept
    {
        multipath_device& d = device_at(di);
        while (d.first_path() != no_index) {
            const path_index pi = d.first_path();
            unlink_from_device(pi, now);
            ++ungrouped_; // delete_path counts it as ungrouped now
            delete_path(pi, now);
        }
        const detail::open_index ix = device_index_();
        const std::size_t pos = ix.find(detail::tag_of(d.key_hash_), [di](std::uint32_t id) { return id == di; });
        if (pos != ~std::size_t{0}) ix.erase_at(pos);
        if (d.state() == device_state::orphaned) --pending_;
        identity_live_ -= detail::identity_record_size(d.key_size_, d.text_size());
        d.blob_ = nullptr; // its record is dead: the next compaction reclaims it
        d.set_state(device_state::deleted);
        d.set_next_free(free_device());
        set_free_device(di);
        --devices_;
    }

    // Every member is zero in a default store (the configuration is kept
    // XOR its default, free lists XOR no_index), so a static store is .bss.
    Storage storage_{};
    tick remove_period_x_ = 0;          // topology_config::remove_period XOR its default
    bool fail_io_without_path_ = false; // !topology_config::queue_if_no_path
    std::size_t device_high_ = 0, path_high_ = 0, port_high_ = 0;
    device_index free_device_x_ = 0;
    path_index free_path_x_ = 0;
    port_index free_port_x_ = 0;
    std::size_t devices_ = 0, paths_ = 0, ports_ = 0, ungrouped_ = 0;
    std::size_t pending_ = 0; // paths pending removal + orphaned devices
    std::size_t identity_end_ = 0, identity_live_ = 0;
};

// ------------------------------------------------------------ fixed storage

namespace detail {
// The identity bytes a fixed store reserves per device by default: room for
// the longest key and the longest text, so the store never refuses a device
// for want of identity bytes while it has a free device slot.
inline constexpr std::size_t identity_bytes_per_device_max =
    identity_record_size(ident::identity_key::capacity, ident::device_identity::text_capacity);

// Points the devices' identity records into `to` after the bytes moved from
// `from` (a copy of the store, or hosted growth).
constexpr void rebase_identities(multipath_device* devices, std::size_t n, const byte* from, const byte* to) noexcept
{
    for (std::size_t i = 0; i < n; ++i) {
        const byte* b = device_access::blob(devices[i]);
        if (b != nullptr) device_access::set_blob(devices[i], to + (b - from));
    }
}
} // namespace detail

template <std::size_t MaxDevices, std::size_t MaxPaths, std::size_t PathsPerDevice, std::size_t MaxPorts,
          std::size_t IdentityBytes = MaxDevices* detail::identity_bytes_per_device_max>
class fixed_topology_storage {
    static_assert(MaxDevices > 0 && MaxPaths > 0 && MaxPorts > 0 && PathsPerDevice > 0 && IdentityBytes > 0);
    static_assert(MaxPaths < 0x7FFFFFFFu && MaxDevices < 0x7FFFFFFFu, "indexes are 32-bit");

public:
    static constexpr std::size_t paths_per_device = PathsPerDevice;
    static constexpr std::size_t device_slots_n = detail::index_size_for(MaxDevices);
    static constexpr std::size_t path_slots_n = detail::index_size_for(MaxPaths);
    static constexpr std::size_t port_slots_n = detail::index_size_for(MaxPorts);

    constexpr fixed_topology_storage() noexcept = default;
    // A copy points its devices at its own identity bytes.
    constexpr fixed_topology_storage(const fixed_topology_storage& o) noexcept { copy_from(o); }
    constexpr fixed_topology_storage& operator=(const fixed_topology_storage& o) noexcept
    {
        if (this != &o) copy_from(o);
        return *this;
    }

    constexpr multipath_device* devices() noexcept { return devices_; }
    constexpr const multipath_device* devices() const noexcept { return devices_; }
    constexpr path* paths() noexcept { return paths_; }
    constexpr const path* paths() const noexcept { return paths_; }
    constexpr target_port* ports() noexcept { return ports_; }
    constexpr const target_port* ports() const noexcept { return ports_; }
    static constexpr std::size_t device_capacity() noexcept { return MaxDevices; }
    static constexpr std::size_t path_capacity() noexcept { return MaxPaths; }
    static constexpr std::size_t port_capacity() noexcept { return MaxPorts; }
    constexpr const index_slot* device_slots() const noexcept { return device_slots_; }
    constexpr const index_slot* path_slots() const noexcept { return path_slots_; }
    constexpr const index_slot* port_slots() const noexcept { return port_slots_; }
    static constexpr std::size_t device_slot_count() noexcept { return device_slots_n; }
    static constexpr std::size_t path_slot_count() noexcept { return path_slots_n; }
    static constexpr std::size_t port_slot_count() noexcept { return port_slots_n; }
    constexpr byte* identity_bytes() noexcept { return identity_; }
    constexpr const byte* identity_bytes() const noexcept { return identity_; }
    static constexpr std::size_t identity_capacity() noexcept { return IdentityBytes; }
    static constexpr bool grow_devices() noexcept { return false; }
    static constexpr bool grow_paths() noexcept { return false; }
    static constexpr bool grow_ports() noexcept { return false; }
    static constexpr bool grow_identity(std::size_t) noexcept { return false; }

private:
    constexpr void copy_from(const fixed_topology_storage& o) noexcept
    {
        for (std::size_t i = 0; i < MaxDevices; ++i) devices_[i] = o.devices_[i];
        for (std::size_t i = 0; i < MaxPaths; ++i) paths_[i] = o.paths_[i];
        for (std::size_t i = 0; i < MaxPorts; ++i) ports_[i] = o.ports_[i];
        for (std::size_t i = 0; i < device_slots_n; ++i) device_slots_[i] = o.device_slots_[i];
        for (std::size_t i = 0; i < path_slots_n; ++i) path_slots_[i] = o.path_slots_[i];
        for (std::size_t i = 0; i < port_slots_n; ++i) port_slots_[i] = o.port_slots_[i];
        for (std::size_t i = 0; i < IdentityBytes; ++i) identity_[i] = o.identity_[i];
        detail::rebase_identities(devices_, MaxDevices, o.identity_, identity_);
    }

    multipath_device devices_[MaxDevices]{};
    path paths_[MaxPaths]{};
    target_port ports_[MaxPorts]{};
    index_slot device_slots_[device_slots_n]{};
    index_slot path_slots_[path_slots_n]{};
    index_slot port_slots_[port_slots_n]{};
    byte identity_[IdentityBytes]{}; // the devices' keys and texts (multipath_device.hpp)
};

// The fixed-capacity topology: no heap; sizeof() is the whole cost (large
// capacities belong in static or pool memory, not on a stack). IdentityBytes
// bounds the devices' keys and texts together (by default room for the
// longest of each per device; a store whose keys are known to be short - a
// 16-byte NAA or NGUID key and its text take 60 to 90 bytes - can reserve
// less, and add_path() then fails with capacity_exceeded when it is full).
template <std::size_t MaxDevices, std::size_t MaxPaths, std::size_t PathsPerDevice = 32, std::size_t MaxPorts = 64,
          std::size_t IdentityBytes = MaxDevices* detail::identity_bytes_per_device_max>
using topology_store =
    basic_topology<fixed_topology_storage<MaxDevices, MaxPaths, PathsPerDevice, MaxPorts, IdentityBytes>>;

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_TOPOLOGY_STORE_HPP
