// SPDX-License-Identifier: MIT
// A tiny deterministic multipath simulation for policy tests (reusable by
// every selector): a closed loop keeps `depth` I/Os in flight; each path
// completes an I/O a fixed number of ticks after it was started (its service
// time); the clock is the simulation's own tick count, handed to the selector
// in io_request::now and as the service time of complete(). No threads, no
// real clock: the same run gives the same numbers everywhere (s390x too).
//
//   mpio::policy::least_queue_depth<> lqd;  ... add two paths ...
//   const mpio::tick service[] = {1, 4};    // 1:4
//   policy_sim::closed_loop sim(lqd, service, 2, 16);
//   sim.run(1'000'000);  sim.sent[0], sim.sent[1], sim.no_path
#ifndef MPIO_TESTS_POLICY_POLICY_SIM_HPP
#define MPIO_TESTS_POLICY_POLICY_SIM_HPP

#include <mpio/policy/path_selector.hpp>

#include <cstddef>
#include <cstdint>

namespace policy_sim {

using mpio::tick;
using mpio::policy::io_request;
using mpio::policy::slot_index;

// Paths 0..count-1, all active/optimized, otherwise default attributes.
template <class Selector>
void add_paths(Selector& s, std::size_t count, mpio::policy::path_attributes a = {})
{
    for (std::size_t i = 0; i < count; ++i) static_cast<void>(s.add_path(static_cast<slot_index>(i), a));
}

template <class Selector, std::size_t MaxPaths = 32, std::size_t MaxDepth = 256>
class closed_loop {
public:
    closed_loop(Selector& s, const tick* service, std::size_t paths, std::size_t depth)
        : selector_(s), paths_(paths), depth_(depth < MaxDepth ? depth : MaxDepth)
    {
        for (std::size_t i = 0; i < paths && i < MaxPaths; ++i) service_[i] = service[i];
    }

    // The I/O generator: random 4 KiB reads by default (no LBA continues the
    // previous one, so least_blocks' sequential cache stays out of the way).
    std::uint32_t bytes = 4096;
    bool sequential = false;
    mpio::policy::io_direction direction = mpio::policy::io_direction::read;

    std::uint64_t sent[MaxPaths] = {};
    std::uint64_t no_path = 0; // select() said errc::no_usable_path
    std::uint64_t completed = 0;
    tick now = 0;

    // Submits `count` I/Os (each select() that finds no path counts as one).
    void run(std::uint64_t count)
    {
        for (std::uint64_t k = 0; k < count; ++k) {
            if (in_flight_ == depth_) complete_earliest();
            io_request io;
            io.direction = direction;
            io.bytes = bytes;
            io.blocks = bytes / 512;
            io.lba = sequential ? next_lba_ : (lcg() % (1u << 30));
            next_lba_ = io.lba + io.blocks;
            io.now = now;
            const auto r = selector_.select(io);
            if (!r) {
                ++no_path;
                continue;
            }
            const slot_index s = *r;
            ++sent[s];
            selector_.start(s, io);
            flight_[in_flight_++] = {s, now + service_[s], io};
        }
    }
    void drain()
    {
        while (in_flight_ != 0) complete_earliest();
    }
    [[nodiscard]] std::size_t in_flight() const { return in_flight_; }

private:
    struct pending {
        slot_index slot;
        tick done;
        io_request io;
    };
    void complete_earliest()
    {
        std::size_t e = 0;
        for (std::size_t i = 1; i < in_flight_; ++i)
            if (flight_[i].done < flight_[e].done) e = i;
        const pending p = flight_[e];
        flight_[e] = flight_[--in_flight_];
        if (p.done > now) now = p.done;
        selector_.complete(p.slot, p.io, service_[p.slot], mpio::policy::io_status::success);
        ++completed;
    }
    std::uint32_t lcg()
    {
        seed_ = seed_ * 1664525u + 1013904223u;
        return seed_ >> 1;
    }

    Selector& selector_;
    std::size_t paths_;
    std::size_t depth_;
    tick service_[MaxPaths] = {};
    pending flight_[MaxDepth] = {};
    std::size_t in_flight_ = 0;
    std::uint64_t next_lba_ = 0;
    std::uint32_t seed_ = 12345;
};

} // namespace policy_sim

#endif
