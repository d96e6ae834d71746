// SPDX-License-Identifier: MIT
// mpio/policy/path_table.hpp - the per-path state every selector keeps, the
// control-path events, and the published list of eligible paths.
//
// A selector derives from path_table<Derived, Capacity, Concurrency> (CRTP)
// and writes three things (the whole algorithm on one screen, as in
// dm-ps-*.c):
//   void refresh() noexcept;        which paths are eligible: called after
//                                   every control event; usually one
//                                   publish_min_rank(...) call
//   result<slot_index> select(const io_request&) noexcept;
//                                   a load-balancing one: one select_min()
//                                   call that names its key and tie rule
//   void start(slot, io) / complete(slot, io, service_time, status) noexcept;
//                                   (path_table's are no-ops)
// and, if it keeps per-slot state of its own that a new path must start
// from (dm-ps-historical-service-time.c's hst_create_path() sets hst to 1):
//   void on_add(slot_index) noexcept;  public; called by add_path() once the
//                                   slot is validated, before refresh()
// and, if it reacts to a path arriving or leaving rather than to the new
// list alone (MSDSM's DsmpSetLBForPathArrival / DsmpSetLBForPathRemoval:
// FOO's failback, RR's rotation restart):
//   void on_path_event(slot_index, path_change) noexcept;  public; called by
//                                   add_path, remove_path, fail_path and
//                                   reinstate_path when the slot is
//                                   present and the event changes it (not
//                                   for failing a failed path), before the
//                                   flags change and refresh(); not by the
//                                   attribute setters
//
// Per slot the table keeps the attributes the caller gave (ALUA state,
// administrator standby, preferred, weight, relative throughput, NUMA node),
// failed/present flags, and two in-flight counters (`requests`, `bytes`) that
// the selectors needing them update in start/complete.
//
// Concurrency contract (the same for both variants; see concurrency.hpp):
//   - control events are serialized by the caller (dm-mpath holds m->lock,
//     MSDSM its DSM context lock, around them); they are rare;
//   - select/start/complete may run on any number of CPUs at once, and at
//     the same time as one control event. They read the eligible list
//     published by refresh(): entries first, then the count with release;
//     readers load the count with acquire. A select() that starts after a
//     control event returned sees the new list (so no I/O goes to a path
//     after fail_path() returned); one that overlaps an event returns a path
//     that was eligible before or after it.
#ifndef MPIO_POLICY_PATH_TABLE_HPP
#define MPIO_POLICY_PATH_TABLE_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/policy/concurrency.hpp>
#include <mpio/policy/path_selector.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>

namespace mpio::policy {

// The control events that make a path arrive or leave (on_path_event above).
enum class path_change : std::uint8_t { added, removed, failed, reinstated };

// publish_min_rank() key of a path that must not be eligible.
inline constexpr std::uint64_t rank_excluded = ~std::uint64_t{0};

// select_min()'s rules (path_table below). Better: the smaller key wins
// (the default). Unbeatable: no key ends the scan (the default), or a key of
// 0 does (nothing is less than an idle path).
struct smaller_key_wins {
    template <class Key>
    constexpr bool operator()(const Key& a, const Key& b) const noexcept
    {
        return a < b;
    }
};
struct scan_every_path {
    template <class Key>
    constexpr bool operator()(const Key&) const noexcept
    {
        return false;
    }
};
struct zero_is_unbeatable {
    template <class Key>
    constexpr bool operator()(const Key& k) const noexcept
    {
        return k == 0;
    }
};

template <class Derived, std::size_t Capacity, concurrency_model Concurrency>
class path_table {
    static_assert(Capacity >= 1 && Capacity <= 255, "slots are numbered by an 8-bit slot_index");

public:
    static constexpr std::size_t capacity = Capacity;
    using concurrency = Concurrency;
    template <class T>
    using cell_type = cell<T, Concurrency>;

    // ---- control path ------------------------------------------------------

    status add_path(slot_index s, const path_attributes& a) noexcept
    {
        if (s >= Capacity || a.relative_throughput > 100) return failure(errc::invalid_argument);
        slot& p = slots_[s];
        if (p.flags.load() & flag_present) return failure(errc::already_exists);
        p.alua.store(static_cast<std::uint8_t>(a.alua));
        p.weight.store(a.weight);
        p.relative_throughput.store(a.relative_throughput);
        p.node.store(a.node);
        // The selector's own per-slot state, if it has any (detected, so
        // selectors without state write nothing).
        if constexpr (requires(Derived & d) { d.on_add(s); }) static_cast<Derived&>(*this).on_add(s);
        notify(s, path_change::added);
        // Counters are not reset: I/O started before a remove/add completes
        // here too.
        p.flags.store(static_cast<std::uint8_t>(flag_present | (a.standby ? flag_standby : 0) |
                                                (a.preferred ? flag_preferred : 0)));
        return changed();
    }
    status remove_path(slot_index s) noexcept { return path_changed(s, path_change::removed, 0, flag_all); }
    status fail_path(slot_index s) noexcept { return path_changed(s, path_change::failed, flag_failed, 0); }
    status reinstate_path(slot_index s) noexcept { return path_changed(s, path_change::reinstated, 0, flag_failed); }
    status set_preferred(slot_index s, bool on) noexcept
    {
        return on ? update_flags(s, flag_preferred, 0) : update_flags(s, 0, flag_preferred);
    }
    status set_standby(slot_index s, bool on) noexcept
    {
        return on ? update_flags(s, flag_standby, 0) : update_flags(s, 0, flag_standby);
    }
    status set_alua_state(slot_index s, scsi::asymmetric_access_state st) noexcept
    {
        if (!present(s)) return failure(errc::not_found);
        slots_[s].alua.store(static_cast<std::uint8_t>(st));
        return changed();
    }
    status set_weight(slot_index s, std::uint32_t w) noexcept
    {
        if (!present(s)) return failure(errc::not_found);
        slots_[s].weight.store(w);
        return changed();
    }

    // ---- what the caller (and tests) may read ------------------------------

    [[nodiscard]] constexpr bool present(slot_index s) const noexcept
    {
        return s < Capacity && (slots_[s].flags.load() & flag_present) != 0;
    }
    [[nodiscard]] constexpr bool failed(slot_index s) const noexcept
    {
        return present(s) && (slots_[s].flags.load() & flag_failed) != 0;
    }
    [[nodiscard]] constexpr bool standby(slot_index s) const noexcept { return has(s, flag_standby); }
    [[nodiscard]] constexpr bool preferred(slot_index s) const noexcept { return has(s, flag_preferred); }
    [[nodiscard]] constexpr scsi::asymmetric_access_state alua_state(slot_index s) const noexcept
    {
        return static_cast<scsi::asymmetric_access_state>(slots_[s].alua.load());
    }
    [[nodiscard]] constexpr std::uint32_t weight(slot_index s) const noexcept { return slots_[s].weight.load(); }
    [[nodiscard]] constexpr std::uint8_t relative_throughput(slot_index s) const noexcept
    {
        return slots_[s].relative_throughput.load();
    }
    [[nodiscard]] constexpr std::uint16_t node(slot_index s) const noexcept { return slots_[s].node.load(); }
    // Present, not failed, and in an ALUA state that carries I/O: its tier
    // (tier_optimized / tier_non_optimized), otherwise tier_none.
    [[nodiscard]] constexpr std::uint8_t usable_tier(slot_index s) const noexcept
    {
        const std::uint8_t f = slots_[s].flags.load();
        if ((f & (flag_present | flag_failed)) != flag_present) return tier_none;
        return io_tier(alua_state(s));
    }
    // In-flight counters (maintained by the selectors that need them).
    [[nodiscard]] constexpr std::uint32_t requests_in_flight(slot_index s) const noexcept
    {
        return slots_[s].requests.load();
    }
    [[nodiscard]] constexpr std::uint32_t bytes_in_flight(slot_index s) const noexcept
    {
        return slots_[s].bytes.load();
    }

    // The published eligible list: what select() chooses from.
    [[nodiscard]] constexpr std::uint32_t eligible_count() const noexcept { return count_.load_acquire(); }
    [[nodiscard]] constexpr slot_index eligible(std::uint32_t i) const noexcept { return list_[i].load(); }

    // ---- the I/O path defaults ---------------------------------------------

    constexpr void start(slot_index, const io_request&) noexcept {}
    constexpr void complete(slot_index, const io_request&, tick, io_status) noexcept {}

protected:
    constexpr path_table() noexcept = default;

    // Publishes every slot whose rank(slot) is the smallest, in slot order;
    // rank_excluded never qualifies. O(Capacity), control path only.
    template <class RankFn>
    constexpr void publish_min_rank(RankFn rank) noexcept
    {
        std::uint64_t best = rank_excluded;
        for (std::size_t s = 0; s < Capacity; ++s) {
            const std::uint64_t r = rank(static_cast<slot_index>(s));
            if (r < best) best = r;
        }
        std::uint32_t n = 0;
        if (best != rank_excluded)
            for (std::size_t s = 0; s < Capacity; ++s)
                if (rank(static_cast<slot_index>(s)) == best) list_[n++].store(static_cast<slot_index>(s));
        count_.store_release(n);
    }
    // The rotating-minimum scan of the load-balancing selectors: the
    // eligible path whose key(slot) is best. It walks the n published
    // entries once, from entry `start` (a rotor's hint(n)), wrapping; a key
    // replaces the best so far only when better(key, best_key) holds, so on
    // equal keys the first in scan order wins and, with a rotating start,
    // equally loaded paths take turns. A key for which unbeatable(key) holds
    // cannot be beaten (an idle path): the scan stops there. n >= 1,
    // start < n. O(n), no division.
    template <class KeyFn, class Better = smaller_key_wins, class Unbeatable = scan_every_path>
    [[nodiscard]] constexpr slot_index select_min(std::uint32_t n, std::uint32_t start, KeyFn key, Better better = {},
                                                  Unbeatable unbeatable = {}) const noexcept
    {
        std::uint32_t i = start;
        slot_index best = eligible(i);
        auto best_key = key(best);
        for (std::uint32_t k = 1; k < n && !unbeatable(best_key); ++k) {
            if (++i == n) i = 0;
            const slot_index s = eligible(i);
            if (auto candidate = key(s); better(candidate, best_key)) {
                best = s;
                best_key = candidate;
            }
        }
        return best;
    }
    // Publishes one slot, or none.
    constexpr void publish_one(slot_index s, bool usable) noexcept
    {
        if (usable) list_[0].store(s);
        count_.store_release(usable ? 1u : 0u);
    }

    // In-flight accounting for selectors that keep it: both counters, or
    // only the one the selector reads (each is an atomic read-modify-write
    // in the concurrent variant).
    constexpr void count_start(slot_index s, std::uint32_t bytes) noexcept
    {
        count_request_start(s);
        count_bytes_start(s, bytes);
    }
    constexpr void count_complete(slot_index s, std::uint32_t bytes) noexcept
    {
        count_request_complete(s);
        count_bytes_complete(s, bytes);
    }
    constexpr void count_request_start(slot_index s) noexcept
    {
        MPIO_ASSERT(s < Capacity);
        slots_[s].requests.fetch_add(1);
    }
    constexpr void count_request_complete(slot_index s) noexcept
    {
        MPIO_ASSERT(s < Capacity);
        slots_[s].requests.fetch_sub(1);
    }
    constexpr void count_bytes_start(slot_index s, std::uint32_t bytes) noexcept
    {
        MPIO_ASSERT(s < Capacity);
        slots_[s].bytes.fetch_add(bytes);
    }
    constexpr void count_bytes_complete(slot_index s, std::uint32_t bytes) noexcept
    {
        MPIO_ASSERT(s < Capacity);
        slots_[s].bytes.fetch_sub(bytes);
    }

private:
    static constexpr std::uint8_t flag_present = 1;
    static constexpr std::uint8_t flag_failed = 2;
    static constexpr std::uint8_t flag_standby = 4;
    static constexpr std::uint8_t flag_preferred = 8;
    static constexpr std::uint8_t flag_all = 0xFF;

    struct slot {
        cell_type<std::uint32_t> requests; // I/Os in flight (wrapping, exact while < 2^32)
        cell_type<std::uint32_t> bytes;    // bytes in flight (wrapping, exact while < 4 GiB)
        cell_type<std::uint32_t> weight;
        cell_type<std::uint16_t> node;
        cell_type<std::uint8_t> flags;
        cell_type<std::uint8_t> alua;
        cell_type<std::uint8_t> relative_throughput;
    };

    constexpr bool has(slot_index s, std::uint8_t f) const noexcept
    {
        return present(s) && (slots_[s].flags.load() & f) != 0;
    }
    constexpr status update_flags(slot_index s, std::uint8_t set, std::uint8_t clear) noexcept
    {
        if (!present(s)) return failure(errc::not_found);
        slots_[s].flags.store(static_cast<std::uint8_t>((slots_[s].flags.load() & ~clear) | set));
        return changed();
    }
    constexpr status path_changed(slot_index s, path_change e, std::uint8_t set, std::uint8_t clear) noexcept
    {
        if (!present(s)) return failure(errc::not_found);
        const std::uint8_t f = slots_[s].flags.load();
        if (static_cast<std::uint8_t>((f & ~clear) | set) != f) notify(s, e); // failing a failed path is no event
        return update_flags(s, set, clear);
    }
    constexpr void notify(slot_index s, path_change e) noexcept
    {
        if constexpr (requires(Derived & d) { d.on_path_event(s, e); })
            static_cast<Derived&>(*this).on_path_event(s, e);
    }
    constexpr status changed() noexcept
    {
        static_cast<Derived&>(*this).refresh();
        return success;
    }

    // Counters are written on every I/O; the list is read by every select():
    // separate cache lines in the concurrent variant (and the class is
    // line-aligned, so a selector's own members start on a fresh line).
    alignas(Concurrency::line) slot slots_[Capacity]{};
    alignas(Concurrency::line) cell_type<slot_index> list_[Capacity]{};
    cell_type<std::uint32_t> count_{};
};

} // namespace mpio::policy

#endif // MPIO_POLICY_PATH_TABLE_HPP
