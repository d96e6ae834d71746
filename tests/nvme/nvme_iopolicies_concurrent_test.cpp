// SPDX-License-Identifier: MIT
// Stress tests of the concurrent Linux native NVMe iopolicies (numa,
// round-robin, queue-depth): two submitting threads select, start and
// complete I/O while a third walks the paths through an ANA history
// (optimized, non-optimized, inaccessible, change, persistent loss; the
// states as nvme::to_asymmetric_access_state gives them), the way a host
// applies ANA log re-reads while I/O runs. Checked: no I/O goes to a path
// whose ANA state carried no I/O for the whole of the select() call (set
// before select() began, still standing after it); every started I/O
// completes; the in-flight counters return to zero. Meant to run under
// ThreadSanitizer: the "tsan" preset runs the tests named "concurrent: ...".
#include <mpio/nvme/ana_state.hpp>
#include <mpio/policy/nvme_iopolicies.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_nvme_iopolicies_concurrent_test {

namespace policy = mpio::policy;
using mpio::nvme::ana_state;
using mpio::nvme::is_live;
using mpio::nvme::to_asymmetric_access_state;
using policy::slot_index;

namespace {

constexpr std::size_t paths = 4;
constexpr int submitters = 2;
constexpr int ios_per_submitter = 20'000;
constexpr std::size_t max_queued = 8; // I/Os a submitter keeps in flight before completing the oldest

// Per path: a generation counter the control thread bumps to odd before it
// changes the path's ANA state and to the next even value after, with bit 63
// set when the new state carries no I/O. A submitter that reads the same
// even value before and after select() knows the state held for the whole
// call.
constexpr std::uint64_t unusable_bit = std::uint64_t{1} << 63;

struct stress_outcome {
    std::uint64_t selected = 0;
    std::uint64_t no_path = 0;
    std::uint64_t started = 0;
    std::uint64_t completed = 0;
    std::uint64_t violations = 0;
    std::uint64_t state_changes = 0;
};

// The ANA history the control thread applies, path by path: every state a
// group can be in, with optimized and non-optimized often enough that I/O
// keeps flowing.
constexpr ana_state history[] = {ana_state::optimized,    ana_state::change,        ana_state::non_optimized,
                                 ana_state::inaccessible, ana_state::optimized,     ana_state::persistent_loss,
                                 ana_state::change,       ana_state::non_optimized, ana_state::optimized,
                                 ana_state::inaccessible, ana_state::non_optimized, ana_state::change};
constexpr std::size_t history_length = sizeof history / sizeof history[0];
constexpr std::uint64_t min_changes = 32; // ANA changes made while both submitters still run

template <class Selector>
stress_outcome run_stress(Selector& selector)
{
    std::atomic<std::uint64_t> generation[paths];
    for (std::size_t s = 0; s < paths; ++s) {
        policy::path_attributes a;
        a.alua = to_asymmetric_access_state(s % 2 == 0 ? ana_state::optimized : ana_state::non_optimized);
        a.node = static_cast<std::uint16_t>(s % 2);
        REQUIRE(selector.add_path(static_cast<slot_index>(s), a));
        generation[s].store(0);
    }

    std::atomic<int> running{submitters};
    std::atomic<std::uint64_t> selected{0}, no_path{0}, started{0}, completed{0}, violations{0};
    std::atomic<std::uint64_t> changes{0};

    const auto submit = [&](int id) {
        std::vector<std::pair<slot_index, policy::io_request>> queued;
        queued.reserve(max_queued);
        policy::io_request io;
        io.cpu = static_cast<std::uint16_t>(id);
        std::uint64_t before[paths];
        for (int i = 0; i < ios_per_submitter; ++i) {
            // Halfway, wait for the ANA thread to have made some changes: on
            // a loaded machine the submitters could otherwise finish before
            // it is ever scheduled, and the test would check no change.
            if (i == ios_per_submitter / 2)
                while (changes.load() < min_changes) std::this_thread::yield();
            io.lba = static_cast<std::uint64_t>(i) * 8;
            io.blocks = 8;
            io.bytes = 4096;
            for (std::size_t s = 0; s < paths; ++s) before[s] = generation[s].load();
            const auto r = selector.select(io);
            if (!r) {
                no_path.fetch_add(1);
            } else {
                const slot_index s = *r;
                const std::uint64_t after = generation[s].load();
                if (s >= paths || (after == before[s] && (after & 1) == 0 && (after & unusable_bit) != 0))
                    violations.fetch_add(1);
                selected.fetch_add(1);
                selector.start(s, io);
                started.fetch_add(1);
                queued.emplace_back(s, io);
            }
            if (queued.size() == max_queued || (!queued.empty() && i % 3 == 0)) {
                selector.complete(queued.front().first, queued.front().second, 0, policy::io_status::success);
                completed.fetch_add(1);
                queued.erase(queued.begin());
            }
        }
        for (const auto& q : queued) {
            selector.complete(q.first, q.second, 0, policy::io_status::success);
            completed.fetch_add(1);
        }
        running.fetch_sub(1);
    };

    const auto control = [&] {
        std::size_t step = 0;
        while (running.load() != 0) {
            const auto s = static_cast<slot_index>(step % paths);
            const ana_state next = history[(step / paths + s) % history_length];
            const std::uint64_t g = generation[s].load() & ~unusable_bit;
            generation[s].store(g + 1); // changing
            (void)selector.set_alua_state(s, to_asymmetric_access_state(next));
            generation[s].store((g + 2) | (is_live(next) ? 0 : unusable_bit));
            changes.fetch_add(1);
            ++step;
            if (step % 16 == 0) std::this_thread::yield();
        }
    };

    std::thread a(submit, 0);
    std::thread b(submit, 1);
    std::thread c(control);
    a.join();
    b.join();
    c.join();

    stress_outcome o;
    o.selected = selected.load();
    o.no_path = no_path.load();
    o.started = started.load();
    o.completed = completed.load();
    o.violations = violations.load();
    o.state_changes = changes.load();
    return o;
}

template <class Selector>
void check_nvme_stress()
{
    Selector selector;
    const stress_outcome o = run_stress(selector);
    CHECK(o.violations == 0);
    CHECK(o.selected + o.no_path == std::uint64_t{submitters} * ios_per_submitter);
    CHECK(o.started == o.selected);
    CHECK(o.completed == o.started);
    CHECK(o.state_changes >= min_changes);
    for (slot_index s = 0; s < paths; ++s) CHECK(selector.requests_in_flight(s) == 0);
}

} // namespace

TEST_CASE("concurrent: nvme numa under threads with ANA changes", "[nvme][policy][concurrent]")
{
    check_nvme_stress<policy::nvme_numa<8, policy::concurrent>>();
}
TEST_CASE("concurrent: nvme round-robin under threads with ANA changes", "[nvme][policy][concurrent]")
{
    check_nvme_stress<policy::nvme_round_robin<8, policy::concurrent>>();
}
TEST_CASE("concurrent: nvme queue-depth under threads with ANA changes", "[nvme][policy][concurrent]")
{
    check_nvme_stress<policy::nvme_queue_depth<8, policy::concurrent>>();
}

TEST_CASE("concurrent: nvme queue-depth counts in flight while I/O is held", "[nvme][policy][concurrent]")
{
    // The counters the stress relies on move: two I/Os started on one
    // optimized path are two in flight, and the idle optimized path is chosen next.
    policy::nvme_queue_depth<8, policy::concurrent> qd;
    policy::path_attributes a;
    a.alua = to_asymmetric_access_state(ana_state::optimized);
    REQUIRE(qd.add_path(0, a));
    REQUIRE(qd.add_path(1, a));
    const policy::io_request io;
    qd.start(0, io);
    qd.start(0, io);
    CHECK(qd.requests_in_flight(0) == 2);
    const auto r = qd.select(io);
    REQUIRE(r);
    CHECK(*r == 1);
    qd.complete(0, io, 0, policy::io_status::success);
    qd.complete(0, io, 0, policy::io_status::success);
    CHECK(qd.requests_in_flight(0) == 0);
}

} // namespace test_nvme_nvme_iopolicies_concurrent_test
