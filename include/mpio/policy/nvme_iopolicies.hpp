// SPDX-License-Identifier: MIT
// mpio/policy/nvme_iopolicies.hpp - the Linux native NVMe multipath I/O
// policies as selectors: "numa", "round-robin" and "queue-depth".
//
// After the description of drivers/nvme/host/multipath.c (__nvme_find_path,
// nvme_round_robin_path, nvme_queue_depth_path, nvme_numa_path and the
// events that clear or recompute the per-node current path). A path is an
// NVMe namespace through one controller (struct nvme_ns); its ANA state is
// the ALUA state the caller set (nvme::to_asymmetric_access_state: only
// active/optimized is NVME_ANA_OPTIMIZED and only active/non-optimized is
// NVME_ANA_NONOPTIMIZED here; every other state carries no I/O). The
// kernel's sibling list is the present slots in slot order. A failed or
// removed path is "disabled" (controller not live); the kernel's
// ANA-pending flag is the caller's to express by failing the path until
// the log is re-read.
//
//   __nvme_find_path(node): over the enabled paths in list order, the
//     optimized one at the smallest distance (node_distance(node, the
//     controller's node) under "numa", LOCAL_DISTANCE 10 for every path
//     under the others; the first of equal distance wins), else the
//     non-optimized one found the same way; an optimized result becomes
//     the node's current path... as does a non-optimized one (the kernel
//     stores whatever it found).
//   numa:        current path of the node if it is optimized and enabled,
//                else __nvme_find_path(node).
//   round-robin: no current path: __nvme_find_path(node). One path in the
//                list: it, unless disabled. Otherwise from the path after
//                the current one, wrapping, up to (not including) it: the
//                first enabled optimized path; failing that the LAST
//                enabled non-optimized one met. The current path is kept
//                when it is enabled and optimized, or when it is enabled,
//                non-optimized and nothing else was found. A new choice
//                becomes the node's current path.
//   queue-depth: over the enabled paths in list order, the optimized one
//                with the fewest requests in flight (the first of equal
//                depth; an idle one ends the scan), else the non-optimized
//                one likewise. No current path. The kernel counts per
//                controller (nr_active); here per path (start/complete).
//   events:      fail_path / remove_path clear the current path of every
//                node that used it (nvme_mpath_clear_current_path); a path
//                that becomes (or is added, or reinstated) enabled and
//                optimized makes every node recompute __nvme_find_path
//                (nvme_mpath_set_live). A state change to anything else
//                clears nothing: the next I/O finds out.
//
// NUMA topology as in numa_affinity.hpp: set_topology(distance, nodes,
// cpu_node, cpus); without one every distance is 10. A node past MaxNodes
// (or an unknown CPU) is served without a cached current path.
#ifndef MPIO_POLICY_NVME_IOPOLICIES_HPP
#define MPIO_POLICY_NVME_IOPOLICIES_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

enum class nvme_iopolicy : std::uint8_t { numa, round_robin, queue_depth };

[[nodiscard]] constexpr const char* to_string(nvme_iopolicy p) noexcept
{
    switch (p) {
    case nvme_iopolicy::numa: return "numa";
    case nvme_iopolicy::round_robin: return "round-robin";
    case nvme_iopolicy::queue_depth: return "queue-depth";
    }
    return "unknown";
}

template <nvme_iopolicy Policy, std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread,
          std::size_t MaxNodes = 8>
class nvme_native_selector
    : public path_table<nvme_native_selector<Policy, Capacity, Concurrency, MaxNodes>, Capacity, Concurrency> {
    using base = path_table<nvme_native_selector, Capacity, Concurrency>;
    static_assert(Capacity < 0xFF, "0xFF marks 'no current path'");

public:
    static constexpr nvme_iopolicy iopolicy = Policy;
    static constexpr const char* name = Policy == nvme_iopolicy::numa          ? "nvme-numa"
                                        : Policy == nvme_iopolicy::round_robin ? "nvme-round-robin"
                                                                               : "nvme-queue-depth";
    static constexpr slot_index no_path = 0xFF;
    static constexpr std::uint8_t local_distance = 10;

    nvme_native_selector() noexcept
    {
        for (auto& c : current_) c.store(no_path);
    }

    void set_topology(const std::uint8_t* distance, std::uint16_t nodes, const std::uint16_t* cpu_node,
                      std::uint16_t cpus) noexcept
    {
        distance_ = distance;
        nodes_ = distance == nullptr ? 0 : nodes;
        cpu_node_ = cpu_node;
        cpus_ = cpus;
    }

    // The node's current path (no_path when none), for tests and logs.
    [[nodiscard]] slot_index current_path(std::uint16_t node) const noexcept
    {
        return node < MaxNodes ? current_[node].load() : no_path;
    }

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t node = node_of(io);
        slot_index s = no_path;
        if constexpr (Policy == nvme_iopolicy::queue_depth) {
            s = queue_depth_path();
        } else {
            const slot_index old = node < MaxNodes ? current_[node].load() : no_path;
            if (old == no_path) {
                s = find_path(node);
            } else if constexpr (Policy == nvme_iopolicy::round_robin) {
                s = round_robin_path(node, old);
            } else {
                s = optimized(old) ? old : find_path(node);
            }
        }
        if (s == no_path) return failure(errc::no_usable_path);
        return s;
    }

    void start(slot_index s, const io_request&) noexcept
    {
        if constexpr (Policy == nvme_iopolicy::queue_depth) this->count_request_start(s);
    }
    void complete(slot_index s, const io_request&, tick, io_status) noexcept
    {
        if constexpr (Policy == nvme_iopolicy::queue_depth) this->count_request_complete(s);
    }

    // ---- control events (see the header comment) ----
    status add_path(slot_index s, const path_attributes& a) noexcept
    {
        const status r = base::add_path(s, a);
        if (r) set_live(s);
        return r;
    }
    status remove_path(slot_index s) noexcept
    {
        const status r = base::remove_path(s);
        if (r) clear_current_path(s);
        return r;
    }
    status fail_path(slot_index s) noexcept
    {
        const status r = base::fail_path(s);
        if (r) clear_current_path(s);
        return r;
    }
    status reinstate_path(slot_index s) noexcept
    {
        const status r = base::reinstate_path(s);
        if (r) set_live(s);
        return r;
    }
    status set_alua_state(slot_index s, scsi::asymmetric_access_state st) noexcept
    {
        const status r = base::set_alua_state(s, st);
        if (r) set_live(s);
        return r;
    }

    void refresh() noexcept
    {
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : tier;
        });
    }

private:
    [[nodiscard]] bool enabled(slot_index s) const noexcept { return this->present(s) && !this->failed(s); }
    [[nodiscard]] bool is_opt(slot_index s) const noexcept
    {
        return this->alua_state(s) == scsi::asymmetric_access_state::active_optimized;
    }
    [[nodiscard]] bool is_nonopt(slot_index s) const noexcept
    {
        return this->alua_state(s) == scsi::asymmetric_access_state::active_non_optimized;
    }
    // nvme_path_is_optimized(): controller live and ANA optimized.
    [[nodiscard]] bool optimized(slot_index s) const noexcept { return enabled(s) && is_opt(s); }

    [[nodiscard]] std::uint32_t node_of(const io_request& io) const noexcept
    {
        if (cpu_node_ == nullptr) return io.cpu;
        return io.cpu < cpus_ ? cpu_node_[io.cpu] : 0xFFFFu;
    }
    [[nodiscard]] std::uint32_t distance(std::uint32_t from, std::uint32_t to) const noexcept
    {
        if constexpr (Policy != nvme_iopolicy::numa) return local_distance;
        if (nodes_ == 0) return local_distance;
        if (from >= nodes_ || to >= nodes_) return 0xFFu;
        return distance_[from * nodes_ + to];
    }

    // __nvme_find_path()
    slot_index find_path(std::uint32_t node) noexcept
    {
        std::uint32_t found_distance = ~0u, fallback_distance = ~0u;
        slot_index found = no_path, fallback = no_path;
        for (std::size_t i = 0; i < Capacity; ++i) {
            const auto s = static_cast<slot_index>(i);
            if (!enabled(s)) continue;
            const std::uint32_t d = distance(node, this->node(s));
            if (is_opt(s)) {
                if (d < found_distance) {
                    found_distance = d;
                    found = s;
                }
            } else if (is_nonopt(s)) {
                if (d < fallback_distance) {
                    fallback_distance = d;
                    fallback = s;
                }
            }
        }
        if (found == no_path) found = fallback;
        if (found != no_path && node < MaxNodes) current_[node].store(found);
        return found;
    }

    // nvme_next_ns(): the next present path in list order, wrapping.
    [[nodiscard]] slot_index next_path(slot_index s) const noexcept
    {
        for (std::size_t k = 1; k <= Capacity; ++k) {
            const auto t = static_cast<slot_index>((s + k) % Capacity);
            if (this->present(t)) return t;
        }
        return no_path;
    }

    // nvme_round_robin_path()
    slot_index round_robin_path(std::uint32_t node, slot_index old) noexcept
    {
        std::size_t present = 0;
        for (std::size_t i = 0; i < Capacity; ++i) present += this->present(static_cast<slot_index>(i));
        if (present == 1 && this->present(old)) return enabled(old) ? old : no_path;
        slot_index found = no_path;
        for (slot_index s = next_path(old); s != no_path && s != old; s = next_path(s)) {
            if (!enabled(s)) continue;
            if (is_opt(s)) {
                found = s;
                break;
            }
            if (is_nonopt(s)) found = s;
        }
        if (found == no_path || !is_opt(found)) {
            if (enabled(old) && (is_opt(old) || (found == no_path && is_nonopt(old)))) return old;
            if (found == no_path) return no_path;
        }
        if (node < MaxNodes) current_[node].store(found);
        return found;
    }

    // nvme_queue_depth_path()
    [[nodiscard]] slot_index queue_depth_path() const noexcept
    {
        std::uint32_t min_opt = ~0u, min_nonopt = ~0u;
        slot_index best_opt = no_path, best_nonopt = no_path;
        for (std::size_t i = 0; i < Capacity; ++i) {
            const auto s = static_cast<slot_index>(i);
            if (!enabled(s)) continue;
            const std::uint32_t depth = this->requests_in_flight(s);
            if (is_opt(s)) {
                if (depth < min_opt) {
                    min_opt = depth;
                    best_opt = s;
                }
            } else if (is_nonopt(s)) {
                if (depth < min_nonopt) {
                    min_nonopt = depth;
                    best_nonopt = s;
                }
            }
            if (min_opt == 0) return best_opt;
        }
        return best_opt != no_path ? best_opt : best_nonopt;
    }

    // nvme_mpath_clear_current_path()
    void clear_current_path(slot_index s) noexcept
    {
        for (auto& c : current_)
            if (c.load() == s) c.store(no_path);
    }
    // nvme_mpath_set_live(): an enabled optimized path makes every node recompute.
    void set_live(slot_index s) noexcept
    {
        if (!optimized(s)) return;
        for (std::size_t n = 0; n < MaxNodes; ++n) find_path(static_cast<std::uint32_t>(n));
    }

    typename base::template cell_type<slot_index> current_[MaxNodes];
    const std::uint8_t* distance_ = nullptr;
    const std::uint16_t* cpu_node_ = nullptr;
    std::uint16_t nodes_ = 0;
    std::uint16_t cpus_ = 0;
};

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread,
          std::size_t MaxNodes = 8>
using nvme_numa = nvme_native_selector<nvme_iopolicy::numa, Capacity, Concurrency, MaxNodes>;
template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread,
          std::size_t MaxNodes = 8>
using nvme_round_robin = nvme_native_selector<nvme_iopolicy::round_robin, Capacity, Concurrency, MaxNodes>;
template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread,
          std::size_t MaxNodes = 8>
using nvme_queue_depth = nvme_native_selector<nvme_iopolicy::queue_depth, Capacity, Concurrency, MaxNodes>;

// The three satisfy path_selector: tests/policy/path_selector_test.cpp
// checks it (a static_assert here would instantiate them in every includer).

} // namespace mpio::policy

#endif // MPIO_POLICY_NVME_IOPOLICIES_HPP
