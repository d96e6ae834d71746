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
    [[nodiscard]] constexpr path_index first_path() const noexcept { return first_; }
    [[nodiscard]] constexpr bool in_use() const noexcept { return count_ != 0; }

private:
    template <class>
    friend class basic_topology;
    port_key key_;
    path_index first_ = no_index;
    std::uint32_t count_ = 0;
    port_index next_free_ = no_index;
};

// A hash index slot: the element's index and the low 32 bits of its hash
// (enough to find its home slot again when deletion shifts it back).
struct index_slot {
    std::uint32_t id = no_index;
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

    template <class Match>
    constexpr std::size_t find(std::uint32_t tag, Match&& match) const noexcept
    {
        for (std::size_t i = tag & mask;; i = (i + 1) & mask) {
            if (slots[i].id == no_index) return ~std::size_t{0};
            if (slots[i].tag == tag && match(slots[i].id)) return i;
        }
    }
    constexpr void insert(std::uint32_t id, std::uint32_t tag) const noexcept
    {
        std::size_t i = tag & mask;
        while (slots[i].id != no_index) i = (i + 1) & mask;
        slots[i] = index_slot{id, tag};
    }
    // Backward-shift deletion (Knuth 6.4 Algorithm R): move later entries of
    // the cluster back so lookups never need tombstones.
    constexpr void erase_at(std::size_t i) const noexcept
    {
        std::size_t j = i;
        for (;;) {
            j = (j + 1) & mask;
            if (slots[j].id == no_index) break;
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

    constexpr basic_topology() noexcept = default;
    constexpr explicit basic_topology(const topology_config& c) noexcept : config_(c) {}

    [[nodiscard]] constexpr const topology_config& config() const noexcept { return config_; }
    constexpr void set_config(const topology_config& c) noexcept { config_ = c; }

    // -------------------------------------------------------------- lookup

    [[nodiscard]] constexpr device_index find_device(const ident::identity_key& key) const noexcept
    {
        const std::size_t pos = device_index_().find(
            detail::tag_of(key.hash()), [&](std::uint32_t id) { return storage_.devices()[id].key_ == key; });
        return pos == ~std::size_t{0} ? no_index : device_index_().slots[pos].id;
    }
    [[nodiscard]] constexpr path_index find_path(path_handle h) const noexcept
    {
        const std::size_t pos = path_index_().find(detail::tag_of(detail::mix64(h)),
                                                   [&](std::uint32_t id) { return storage_.paths()[id].handle_ == h; });
        return pos == ~std::size_t{0} ? no_index : path_index_().slots[pos].id;
    }
    [[nodiscard]] constexpr port_index find_port(const port_key& key) const noexcept
    {
        if (!key.valid()) return no_index;
        const std::size_t pos = port_index_().find(detail::tag_of(key.hash()),
                                                   [&](std::uint32_t id) { return storage_.ports()[id].key_ == key; });
        return pos == ~std::size_t{0} ? no_index : port_index_().slots[pos].id;
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
        return storage_.paths()[i].next_in_device_;
    }
    [[nodiscard]] constexpr path_index next_path_on_port(path_index i) const noexcept
    {
        return storage_.paths()[i].next_on_port_;
    }

    // Every device that is not deleted (live or orphaned), in slot order.
    template <class F>
    constexpr void for_each_device(F&& f) const noexcept
    {
        for (std::size_t i = 0; i < device_high_; ++i)
            if (storage_.devices()[i].state_ != device_state::deleted)
                f(static_cast<device_index>(i), storage_.devices()[i]);
    }
    template <class F>
    constexpr void for_each_path_of_device(device_index d, F&& f) const noexcept
    {
        for (path_index p = storage_.devices()[d].first_; p != no_index; p = storage_.paths()[p].next_in_device_)
            f(p, storage_.paths()[p]);
    }
    // Every stored path (grouped or not), in slot order.
    template <class F>
    constexpr void for_each_path(F&& f) const noexcept
    {
        for (std::size_t i = 0; i < path_high_; ++i)
            if (storage_.paths()[i].state_ != path_state::removed) f(static_cast<path_index>(i), storage_.paths()[i]);
    }

    [[nodiscard]] constexpr std::size_t device_count() const noexcept { return devices_; }
    [[nodiscard]] constexpr std::size_t path_count() const noexcept { return paths_; }
    [[nodiscard]] constexpr std::size_t port_count() const noexcept { return ports_; }
    [[nodiscard]] constexpr std::size_t ungrouped_path_count() const noexcept { return ungrouped_; }

    // ---------------------------------------------------------- arrival

    // A path whose identity is `key` (found, non-empty) arrives. See
    // add_outcome. Errors: invalid_argument (empty key),
    // capacity_exceeded (no room for the device, the path or its port, or
    // the device already has paths_per_device paths) - nothing changed.
    constexpr result<add_result> add_path(path_handle h, const ident::identity_key& key, const path_facts& facts,
                                          tick now, std::uint32_t claimer = 0) noexcept
    {
        if (key.empty()) return failure(errc::invalid_argument);
        path_index pi = find_path(h);
        device_index di = find_device(key);
        if (pi != no_index && di != no_index && path_at(pi).device_ == di) return readd_same_path(pi, di, facts);

        // The path joins (or creates) the device. A new handle through the
        // target port of one of the device's paths pending removal is that
        // path come back under a new name: it takes that path's place.
        const path_index stale = di == no_index ? no_index : returning_path_on_port(di, pi, facts.port);
        if (!has_room_to_add(pi, di, stale, facts.port)) return failure(errc::capacity_exceeded); // nothing changed

        add_result out;
        const bool was_ungrouped = pi != no_index && path_at(pi).device_ == no_index;
        if (pi != no_index) out.previous_device = leave_device(pi, now); // known handle, other identity (or ungrouped)
        if (stale != no_index) pi = take_place_of(stale, pi, h, now);
        if (pi == no_index) {
            pi = new_path(h);
        } else if (was_ungrouped) {
            --ungrouped_; // an ungrouped path (identity was not ready, or changed) becomes grouped
        }

        if (di == no_index) {
            di = new_device(key, claimer);
            out.outcome = add_outcome::created_device;
        } else {
            const bool orphaned = device_at(di).state_ == device_state::orphaned;
            out.outcome = stale != no_index ? add_outcome::returned_path
                                            : (orphaned ? add_outcome::rejoined_device : add_outcome::joined_device);
        }

        path& p = path_at(pi);
        p.assign(h, facts);
        p.state_ = path_state::pending_verification; // discovery verifies it, then makes it active
        link_to_device(pi, di);
        link_to_port(pi, facts.port);
        out.path = pi;
        out.device = di;
        return out;
    }

    // add_path() with the whole identity (found, non-empty key): the same,
    // and a device it creates keeps the identity's rendered text as well
    // (multipath_device::identity_text()). discover_path() uses this one.
    constexpr result<add_result> add_path(path_handle h, const ident::device_identity& identity,
                                          const path_facts& facts, tick now, std::uint32_t claimer = 0) noexcept
    {
        const result<add_result> added = add_path(h, identity.key(), facts, now, claimer);
        if (added && added->outcome == add_outcome::created_device)
            device_at(added->device).identity_text_ = identity.text();
        return added;
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
            out.previous_device = path_at(pi).device_;
            if (out.previous_device != no_index) ++ungrouped_;
            unlink_from_device(pi, now);
            unlink_from_port(pi);
        }
        path& p = path_at(pi);
        p.assign(h, facts);
        p.state_ = path_state::pending_verification;
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
        if (p.state_ == path_state::pending_removal) return success;
        if (p.device_ == no_index) {
            delete_path(pi, now);
            return success;
        }
        p.state_ = path_state::pending_removal;
        p.deadline_ = tick_add(now, config_.remove_period);
        ++pending_;
        multipath_device& d = device_at(p.device_);
        if (--d.present_ == 0) orphan(p.device_, now);
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
        if (p.device_ == no_index) return success;
        unlink_from_device(pi, now);
        p.state_ = path_state::pending_verification;
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
            if (p.state_ == path_state::pending_removal && tick_reached(now, p.deadline_)) {
                delete_path(static_cast<path_index>(i), now);
                ++n;
            }
        }
        for (std::size_t i = 0; i < device_high_; ++i) {
            multipath_device& d = storage_.devices()[i];
            if (d.state_ == device_state::orphaned && tick_reached(now, d.deadline_)) {
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
        if (p.state_ == path_state::pending_removal || p.state_ == path_state::removed)
            return failure(errc::invalid_state);
        p.state_ = s;
        return success;
    }

    // Whether a device with no present path queues I/O (else fails it).
    [[nodiscard]] constexpr bool queues_io(device_index d) const noexcept
    {
        return device_at(d).state_ != device_state::deleted && config_.queue_if_no_path;
    }

    [[nodiscard]] constexpr const Storage& storage() const noexcept { return storage_; }

private:
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
        device_index_().insert(di, detail::tag_of(device_at(di).key_.hash()));
    }

    // ------------------------------------------------------- capacity
    constexpr bool ensure_device_room() noexcept
    {
        if (free_device_ != no_index || device_high_ < storage_.device_capacity()) return true;
        if (!storage_.grow_devices()) return false;
        const detail::open_index ix = device_index_();
        for (std::size_t i = 0; i < device_high_; ++i)
            if (storage_.devices()[i].state_ != device_state::deleted)
                ix.insert(static_cast<std::uint32_t>(i), detail::tag_of(storage_.devices()[i].key_.hash()));
        return true;
    }
    constexpr bool ensure_path_room() noexcept
    {
        if (free_path_ != no_index || path_high_ < storage_.path_capacity()) return true;
        if (!storage_.grow_paths()) return false;
        for (std::size_t i = 0; i < path_high_; ++i)
            if (storage_.paths()[i].state_ != path_state::removed) insert_handle(static_cast<path_index>(i));
        return true;
    }
    constexpr bool ensure_port_room() noexcept
    {
        if (free_port_ != no_index || port_high_ < storage_.port_capacity()) return true;
        if (!storage_.grow_ports()) return false;
        const detail::open_index ix = port_index_();
        for (std::size_t i = 0; i < port_high_; ++i)
            if (storage_.ports()[i].count_ != 0)
                ix.insert(static_cast<std::uint32_t>(i), detail::tag_of(storage_.ports()[i].key_.hash()));
        return true;
    }

    // ---- add_path() cases

    // Same path, same identity: a duplicate report or a re-read. What it
    // says now (ALUA state, PREF, group, port) replaces what it said; its
    // administrative state stays. A path pending removal is back in place.
    constexpr result<add_result> readd_same_path(path_index pi, device_index di, const path_facts& facts) noexcept
    {
        const path& p = path_at(pi);
        const bool same_port = p.port_ == no_index
                                   ? !facts.port.valid()
                                   : (facts.port.valid() && storage_.ports()[p.port_].key_ == facts.port);
        if (!same_port && facts.port.valid() && find_port(facts.port) == no_index && !ensure_port_room())
            return failure(errc::capacity_exceeded);
        add_result out;
        out.path = pi;
        out.device = di;
        if (path_at(pi).state_ == path_state::pending_removal) {
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
        for (path_index q = device_at(di).first_; q != no_index; q = path_at(q).next_in_device_)
            if (q != pi && path_at(q).port_ == po && path_at(q).state_ == path_state::pending_removal) return q;
        return no_index;
    }

    // Room for what add_path() is about to allocate: checked first, so a
    // failure changes nothing. (Growing storage may move the arrays: no
    // reference into them is held across this call.)
    constexpr bool has_room_to_add(path_index pi, device_index di, path_index stale, const port_key& port) noexcept
    {
        if (di == no_index && !ensure_device_room()) return false;
        if (di != no_index && stale == no_index && device_at(di).path_count_ >= paths_per_device) return false;
        if (pi == no_index && stale == no_index && !ensure_path_room()) return false;
        if (port.valid() && find_port(port) == no_index && !ensure_port_room()) return false;
        return true;
    }

    // A known path leaves its device (if any) and its port; returns the
    // device it was in.
    constexpr device_index leave_device(path_index pi, tick now) noexcept
    {
        const device_index previous = path_at(pi).device_;
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

    constexpr device_index new_device(const ident::identity_key& key, std::uint32_t claimer) noexcept
    {
        const device_index di = allocate_device();
        multipath_device& d = device_at(di);
        d.key_ = key;
        d.claimer_ = claimer;
        insert_device_key(di);
        ++devices_;
        return di;
    }

    // ---- storage

    constexpr device_index allocate_device() noexcept
    {
        device_index di;
        if (free_device_ != no_index) {
            di = free_device_;
            free_device_ = device_at(di).next_free_;
        } else {
            di = static_cast<device_index>(device_high_++);
        }
        multipath_device& d = device_at(di);
        const std::uint32_t gen = d.generation_ + 1;
        d = multipath_device{};
        d.generation_ = gen;
        d.state_ = device_state::live; // its first path links in right away
        return di;
    }
    constexpr path_index allocate_path() noexcept
    {
        path_index pi;
        if (free_path_ != no_index) {
            pi = free_path_;
            free_path_ = path_at(pi).next_in_device_;
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
        p.device_ = di;
        // Append, so paths keep their arrival order (failover order).
        p.next_in_device_ = no_index;
        if (d.first_ == no_index) {
            d.first_ = pi;
        } else {
            path_index q = d.first_;
            while (path_at(q).next_in_device_ != no_index) q = path_at(q).next_in_device_;
            path_at(q).next_in_device_ = pi;
        }
        ++d.path_count_;
        ++d.present_;
        if (d.state_ == device_state::orphaned) --pending_;
        d.state_ = device_state::live;
    }
    constexpr void unlink_from_device(path_index pi, tick now) noexcept
    {
        path& p = path_at(pi);
        if (p.device_ == no_index) return;
        const device_index di = p.device_;
        multipath_device& d = device_at(di);
        if (d.first_ == pi) {
            d.first_ = p.next_in_device_;
        } else {
            path_index q = d.first_;
            while (q != no_index && path_at(q).next_in_device_ != pi) q = path_at(q).next_in_device_;
            if (q != no_index) path_at(q).next_in_device_ = p.next_in_device_;
        }
        p.next_in_device_ = no_index;
        p.device_ = no_index;
        --d.path_count_;
        if (p.state_ == path_state::pending_removal) {
            --pending_;
            p.state_ = path_state::pending_verification;
        } else if (--d.present_ == 0 && d.state_ == device_state::live) {
            orphan(di, now);
        }
    }
    constexpr void orphan(device_index di, tick now) noexcept
    {
        multipath_device& d = device_at(di);
        d.state_ = device_state::orphaned;
        d.deadline_ = tick_add(now, config_.remove_period);
        ++pending_;
    }
    constexpr void revive(path_index pi) noexcept
    {
        path& p = path_at(pi);
        multipath_device& d = device_at(p.device_);
        --pending_;
        p.state_ = path_state::pending_verification;
        if (d.present_++ == 0 && d.state_ == device_state::orphaned) {
            d.state_ = device_state::live;
            --pending_;
        }
    }
    constexpr void refresh(path_index pi, const path_facts& f) noexcept
    {
        path& p = path_at(pi);
        const path_state s = p.state_;
        p.assign(p.handle_, f);
        p.state_ = s;
    }

    // ------------------------------------------------------- port list
    constexpr void link_to_port(path_index pi, const port_key& key) noexcept
    {
        path& p = path_at(pi);
        p.port_ = no_index;
        p.next_on_port_ = p.prev_on_port_ = no_index;
        if (!key.valid()) return;
        port_index po = find_port(key);
        if (po == no_index) {
            if (free_port_ != no_index) {
                po = free_port_;
                free_port_ = storage_.ports()[po].next_free_;
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
        p.port_ = po;
        p.next_on_port_ = t.first_;
        if (t.first_ != no_index) path_at(t.first_).prev_on_port_ = pi;
        t.first_ = pi;
        ++t.count_;
    }
    constexpr void unlink_from_port(path_index pi) noexcept
    {
        path& p = path_at(pi);
        if (p.port_ == no_index) return;
        target_port& t = storage_.ports()[p.port_];
        if (p.prev_on_port_ != no_index)
            path_at(p.prev_on_port_).next_on_port_ = p.next_on_port_;
        else
            t.first_ = p.next_on_port_;
        if (p.next_on_port_ != no_index) path_at(p.next_on_port_).prev_on_port_ = p.prev_on_port_;
        if (--t.count_ == 0) {
            const detail::open_index ix = port_index_();
            const port_index po = p.port_;
            const std::size_t pos = ix.find(detail::tag_of(t.key_.hash()), [po](std::uint32_t id) { return id == po; });
            if (pos != ~std::size_t{0}) ix.erase_at(pos);
            t.next_free_ = free_port_;
            free_port_ = po;
            --ports_;
        }
        p.port_ = p.next_on_port_ = p.prev_on_port_ = no_index;
    }

    // ------------------------------------------------------- deletion
    constexpr void delete_path(path_index pi, tick now) noexcept
    {
        path& p = path_at(pi);
        if (p.device_ == no_index) --ungrouped_;
        unlink_from_device(pi, now);
        unlink_from_port(pi);
        erase_handle(pi);
        p.state_ = path_state::removed;
        p.next_in_device_ = free_path_;
        free_path_ = pi;
        --paths_;
    }
    constexpr void delete_device(device_index di, tick now) noexcept
    {
        multipath_device& d = device_at(di);
        while (d.first_ != no_index) {
            const path_index pi = d.first_;
            unlink_from_device(pi, now);
            ++ungrouped_; // delete_path counts it as ungrouped now
            delete_path(pi, now);
        }
        const detail::open_index ix = device_index_();
        const std::size_t pos = ix.find(detail::tag_of(d.key_.hash()), [di](std::uint32_t id) { return id == di; });
        if (pos != ~std::size_t{0}) ix.erase_at(pos);
        if (d.state_ == device_state::orphaned) --pending_;
        d.state_ = device_state::deleted;
        d.next_free_ = free_device_;
        free_device_ = di;
        --devices_;
    }

    Storage storage_{};
    topology_config config_{};
    std::size_t device_high_ = 0, path_high_ = 0, port_high_ = 0;
    device_index free_device_ = no_index;
    path_index free_path_ = no_index;
    port_index free_port_ = no_index;
    std::size_t devices_ = 0, paths_ = 0, ports_ = 0, ungrouped_ = 0;
    std::size_t pending_ = 0; // paths pending removal + orphaned devices
};

// ------------------------------------------------------------ fixed storage

template <std::size_t MaxDevices, std::size_t MaxPaths, std::size_t PathsPerDevice, std::size_t MaxPorts>
class fixed_topology_storage {
    static_assert(MaxDevices > 0 && MaxPaths > 0 && MaxPorts > 0 && PathsPerDevice > 0);
    static_assert(MaxPaths < 0x7FFFFFFFu && MaxDevices < 0x7FFFFFFFu, "indexes are 32-bit");

public:
    static constexpr std::size_t paths_per_device = PathsPerDevice;
    static constexpr std::size_t device_slots_n = detail::index_size_for(MaxDevices);
    static constexpr std::size_t path_slots_n = detail::index_size_for(MaxPaths);
    static constexpr std::size_t port_slots_n = detail::index_size_for(MaxPorts);

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
    static constexpr bool grow_devices() noexcept { return false; }
    static constexpr bool grow_paths() noexcept { return false; }
    static constexpr bool grow_ports() noexcept { return false; }

private:
    multipath_device devices_[MaxDevices]{};
    path paths_[MaxPaths]{};
    target_port ports_[MaxPorts]{};
    index_slot device_slots_[device_slots_n]{};
    index_slot path_slots_[path_slots_n]{};
    index_slot port_slots_[port_slots_n]{};
};

// The fixed-capacity topology: no heap; sizeof() is the whole cost (large
// capacities belong in static or pool memory, not on a stack).
template <std::size_t MaxDevices, std::size_t MaxPaths, std::size_t PathsPerDevice = 32, std::size_t MaxPorts = 64>
using topology_store = basic_topology<fixed_topology_storage<MaxDevices, MaxPaths, PathsPerDevice, MaxPorts>>;

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_TOPOLOGY_STORE_HPP
