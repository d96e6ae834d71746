// SPDX-License-Identifier: MIT
// mpio/policy/numa_affinity.hpp - NUMA / CPU affinity: the path nearest to
// the submitting CPU (Linux NVMe native multipath iopolicy "numa"; the idea
// of dm-ps-io-affinity.c, which maps CPUs to paths).
//
// NVMe (drivers/nvme/host/multipath.c, __nvme_find_path with iopolicy=numa):
// among the optimized paths, the one whose controller's NUMA node is at the
// smallest node_distance() from the submitting CPU's node; when no optimized
// path is usable, the same among the non-optimized ones. NVMe keeps the
// first of equally near paths; here equally near paths take turns (rotating
// turn), so two local HBAs share the node's I/O. When no path is near
// (or no table is given) every usable path is equally near: the I/O falls
// back to any usable path, in turns.
//
// The caller provides the topology (no clock, no sysfs in the library):
//   distance[from * nodes + to]  node distance as in ACPI SLIT / Linux
//                                node_distance (10 = local, 20 = remote);
//   cpu_node[cpu]                the node of each CPU (nullptr: io.cpu is
//                                already a node number).
// Paths carry their node in path_attributes::node. A node outside the table
// is farthest (distance 255). Both tables are caller-owned, read on the I/O
// path: set them (set_topology) before I/O starts and keep them alive and
// unchanged while the selector is used. For the first 8 nodes the nearest
// usable paths are listed on the control path (refresh), so select() is
// O(1); CPUs of further nodes scan the usable paths (the same rule).
#ifndef MPIO_POLICY_NUMA_AFFINITY_HPP
#define MPIO_POLICY_NUMA_AFFINITY_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class numa_affinity : public path_table<numa_affinity<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::numa;
    static constexpr const char* name = "numa";
    static constexpr std::uint8_t local_distance = 10;  // LOCAL_DISTANCE
    static constexpr std::uint8_t remote_distance = 20; // REMOTE_DISTANCE
    static constexpr std::uint8_t unknown_distance = 255;

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        if (nodes_ == 0) return this->eligible(ties_.hint(n)); // no topology: all equally near
        const std::uint32_t from = cpu_node_ == nullptr ? io.cpu : io.cpu < cpus_ ? cpu_node_[io.cpu] : nodes_;
        if (from < cached_nodes) { // the usual case: the nearest paths were listed on the control path
            const std::uint32_t k = nearest_count_[from].load_acquire();
            if (k != 0) return nearest_[from][ties_.hint(k)].load();
        }
        // A node beyond the cache (or an unknown CPU): the same rule, by scanning.
        std::uint8_t d[Capacity];
        std::uint32_t best = ~std::uint32_t{0}, ties = 0;
        for (std::uint32_t i = 0; i < n; ++i) {
            d[i] = distance(from, this->node(this->eligible(i)));
            if (d[i] < best) best = d[i], ties = 0;
            if (d[i] == best) ++ties;
        }
        std::uint32_t turn = ties_.hint(ties); // the equally near paths take turns
        for (std::uint32_t i = 0; i < n; ++i)
            if (d[i] == best && turn-- == 0) return this->eligible(i);
        return this->eligible(0); // not reached: turn < ties
    }

    // Control path, before I/O starts (see the header comment). nodes = 0
    // or distance = nullptr: no topology, every path equally near.
    void set_topology(const std::uint8_t* distance, std::uint16_t nodes, const std::uint16_t* cpu_node,
                      std::uint16_t cpus) noexcept
    {
        distance_ = distance;
        nodes_ = distance == nullptr ? 0 : nodes;
        cpu_node_ = cpu_node;
        cpus_ = cpu_node == nullptr ? 0 : cpus;
        refresh();
    }
    // node_distance(from, to) as this selector sees it.
    [[nodiscard]] std::uint8_t distance(std::uint32_t from, std::uint32_t to) const noexcept
    {
        if (nodes_ == 0) return local_distance; // no topology: all equal
        if (from >= nodes_ || to >= nodes_) return unknown_distance;
        return distance_[from * nodes_ + to];
    }

    // The eligible paths (best ALUA tier), then for each of the first
    // cached_nodes nodes the usable paths nearest to it: select() is O(1).
    void refresh() noexcept
    {
        this->publish_min_rank([this](slot_index s) -> std::uint64_t {
            const std::uint8_t tier = this->usable_tier(s);
            return tier == tier_none ? rank_excluded : tier;
        });
        const std::uint32_t n = this->eligible_count();
        for (std::uint32_t from = 0; from < cached_nodes && from < nodes_; ++from) {
            std::uint32_t best = ~std::uint32_t{0}, k = 0;
            for (std::uint32_t i = 0; i < n; ++i)
                if (const std::uint32_t d = distance(from, this->node(this->eligible(i))); d < best) best = d;
            for (std::uint32_t i = 0; i < n; ++i)
                if (distance(from, this->node(this->eligible(i))) == best) nearest_[from][k++].store(this->eligible(i));
            nearest_count_[from].store_release(k);
        }
    }

    // Nodes whose nearest paths are precomputed (Capacity bytes each).
    static constexpr std::uint32_t cached_nodes = 8;

private:
    const std::uint8_t* distance_ = nullptr;
    const std::uint16_t* cpu_node_ = nullptr;
    std::uint16_t nodes_ = 0;
    std::uint16_t cpus_ = 0;
    cell<slot_index, Concurrency> nearest_[cached_nodes][Capacity]{};
    cell<std::uint32_t, Concurrency> nearest_count_[cached_nodes]{};
    rotor<Concurrency> ties_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_NUMA_AFFINITY_HPP
