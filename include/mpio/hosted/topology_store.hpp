// SPDX-License-Identifier: MIT
// mpio/hosted/topology_store.hpp - the topology store with growable storage
// (hosted: std::vector), for tools and user-space daemons that manage any
// number of paths (benchmarked to 1,000,000; bench/topology_bench.cpp).
//
// The algorithm is the freestanding one (mpio::topology::basic_topology);
// only where the arrays live differs. Each array doubles when full and its
// hash index is rebuilt at twice the new capacity (load factor <= 1/2), so
// insertion stays O(1) amortised.
#ifndef MPIO_HOSTED_TOPOLOGY_STORE_HPP
#define MPIO_HOSTED_TOPOLOGY_STORE_HPP

#include <mpio/core/config.hpp>
#if !MPIO_HOSTED
#error "mpio/hosted/topology_store.hpp needs a hosted standard library"
#endif

#include <cstddef>
#include <vector>

#include <mpio/topology/topology_store.hpp>

namespace mpio::hosted {

template <std::size_t PathsPerDevice = 32>
class growable_topology_storage {
public:
    static constexpr std::size_t paths_per_device = PathsPerDevice;

    growable_topology_storage()
    {
        resize(devices_, device_slots_, 64);
        resize(paths_, path_slots_, 256);
        resize(ports_, port_slots_, 16);
        identity_.resize(64 * 64);
    }
    // A copy points its devices at its own identity bytes; a move keeps the
    // buffers (and so the pointers into them).
    growable_topology_storage(const growable_topology_storage& o)
        : devices_(o.devices_), paths_(o.paths_), ports_(o.ports_), identity_(o.identity_),
          device_slots_(o.device_slots_), path_slots_(o.path_slots_), port_slots_(o.port_slots_)
    {
        topology::detail::rebase_identities(devices_.data(), devices_.size(), o.identity_.data(), identity_.data());
    }
    growable_topology_storage& operator=(const growable_topology_storage& o)
    {
        if (this != &o) *this = growable_topology_storage(o);
        return *this;
    }
    growable_topology_storage(growable_topology_storage&&) noexcept = default;
    growable_topology_storage& operator=(growable_topology_storage&&) noexcept = default;
    ~growable_topology_storage() = default;

    topology::multipath_device* devices() noexcept { return devices_.data(); }
    const topology::multipath_device* devices() const noexcept { return devices_.data(); }
    topology::path* paths() noexcept { return paths_.data(); }
    const topology::path* paths() const noexcept { return paths_.data(); }
    topology::target_port* ports() noexcept { return ports_.data(); }
    const topology::target_port* ports() const noexcept { return ports_.data(); }
    std::size_t device_capacity() const noexcept { return devices_.size(); }
    std::size_t path_capacity() const noexcept { return paths_.size(); }
    std::size_t port_capacity() const noexcept { return ports_.size(); }
    const topology::index_slot* device_slots() const noexcept { return device_slots_.data(); }
    const topology::index_slot* path_slots() const noexcept { return path_slots_.data(); }
    const topology::index_slot* port_slots() const noexcept { return port_slots_.data(); }
    std::size_t device_slot_count() const noexcept { return device_slots_.size(); }
    std::size_t path_slot_count() const noexcept { return path_slots_.size(); }
    std::size_t port_slot_count() const noexcept { return port_slots_.size(); }
    byte* identity_bytes() noexcept { return identity_.data(); }
    const byte* identity_bytes() const noexcept { return identity_.data(); }
    std::size_t identity_capacity() const noexcept { return identity_.size(); }

    // Double, and clear the index: basic_topology rehashes.
    bool grow_devices() { return grow(devices_, device_slots_); }
    bool grow_paths() { return grow(paths_, path_slots_); }
    bool grow_ports() { return grow(ports_, port_slots_); }
    // At least `n` identity bytes (doubling): the devices are pointed at the
    // new bytes before the old ones are freed.
    bool grow_identity(std::size_t n)
    {
        if (n > 0xFFFFFFFFu) return false;
        std::size_t size = identity_.size() * 2;
        while (size < n) size *= 2;
        std::vector<byte> bigger(size);
        for (std::size_t i = 0; i < identity_.size(); ++i) bigger[i] = identity_[i];
        topology::detail::rebase_identities(devices_.data(), devices_.size(), identity_.data(), bigger.data());
        identity_.swap(bigger);
        return true;
    }

    // Bytes held (arrays, indexes, identity bytes), for the benchmark's
    // bytes-per-path.
    std::size_t bytes() const noexcept
    {
        return devices_.capacity() * sizeof(topology::multipath_device) + paths_.capacity() * sizeof(topology::path) +
               ports_.capacity() * sizeof(topology::target_port) +
               (device_slots_.capacity() + path_slots_.capacity() + port_slots_.capacity()) *
                   sizeof(topology::index_slot) +
               identity_.capacity();
    }

private:
    template <class T>
    static void resize(std::vector<T>& items, std::vector<topology::index_slot>& slots, std::size_t n)
    {
        items.resize(n);
        slots.assign(topology::detail::index_size_for(n), topology::index_slot{});
    }
    template <class T>
    static bool grow(std::vector<T>& items, std::vector<topology::index_slot>& slots)
    {
        if (items.size() >= 0x3FFFFFFFu) return false; // 32-bit indexes
        const std::size_t n = items.size() * 2;
        items.resize(n);
        slots.assign(topology::detail::index_size_for(n), topology::index_slot{});
        return true;
    }

    std::vector<topology::multipath_device> devices_;
    std::vector<topology::path> paths_;
    std::vector<topology::target_port> ports_;
    std::vector<byte> identity_; // the devices' keys and texts
    std::vector<topology::index_slot> device_slots_, path_slots_, port_slots_;
};

// The growable topology: mpio::topology::basic_topology's interface, plus
// storage().bytes().
template <std::size_t PathsPerDevice = 32>
using basic_topology_store = topology::basic_topology<growable_topology_storage<PathsPerDevice>>;
using topology_store = basic_topology_store<32>;

} // namespace mpio::hosted

#endif // MPIO_HOSTED_TOPOLOGY_STORE_HPP
