// SPDX-License-Identifier: MIT
// tools/mpio-sim/event_queue.hpp - the discrete-event queue.
//
// Events are ordered by (time, sequence number): two events at the same
// tick run in the order they were scheduled, so a run never depends on the
// heap's tie-breaking (which differs between standard libraries).
#ifndef MPIO_SIM_EVENT_QUEUE_HPP
#define MPIO_SIM_EVENT_QUEUE_HPP

#include <cstdint>
#include <vector>

namespace mpio_sim {

struct event {
    std::uint64_t at = 0;  // tick (microseconds)
    std::uint64_t seq = 0; // scheduling order, unique
    std::uint32_t kind = 0;
    std::uint32_t a = 0;
    std::uint64_t b = 0;
};

class event_queue {
public:
    void push(std::uint64_t at, std::uint32_t kind, std::uint32_t a = 0, std::uint64_t b = 0)
    {
        heap_.push_back(event{at, next_seq_++, kind, a, b});
        sift_up(heap_.size() - 1);
    }

    [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
    [[nodiscard]] const event& top() const noexcept { return heap_.front(); }

    event pop()
    {
        event e = heap_.front();
        heap_.front() = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) sift_down(0);
        return e;
    }

private:
    static bool before(const event& x, const event& y) noexcept { return x.at != y.at ? x.at < y.at : x.seq < y.seq; }
    void sift_up(std::size_t i) noexcept
    {
        while (i > 0) {
            const std::size_t parent = (i - 1) / 2;
            if (!before(heap_[i], heap_[parent])) break;
            const event t = heap_[i];
            heap_[i] = heap_[parent];
            heap_[parent] = t;
            i = parent;
        }
    }
    void sift_down(std::size_t i) noexcept
    {
        const std::size_t n = heap_.size();
        for (;;) {
            std::size_t best = i;
            const std::size_t l = 2 * i + 1;
            const std::size_t r = l + 1;
            if (l < n && before(heap_[l], heap_[best])) best = l;
            if (r < n && before(heap_[r], heap_[best])) best = r;
            if (best == i) return;
            const event t = heap_[i];
            heap_[i] = heap_[best];
            heap_[best] = t;
            i = best;
        }
    }

    std::vector<event> heap_;
    std::uint64_t next_seq_ = 0;
};

} // namespace mpio_sim

#endif // MPIO_SIM_EVENT_QUEUE_HPP
