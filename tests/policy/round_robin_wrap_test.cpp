// SPDX-License-Identifier: MIT
// The round-robin selectors' 32-bit turn counters crossing 2^32 at run time
// (after months of uptime a busy LU does): round_robin's rotor,
// dm_round_robin's rotor and repeat_count ticket, vmw_round_robin's I/O and
// byte counters, both concurrency variants. Promised (concurrency.hpp,
// dm_round_robin.hpp, vmw_round_robin.hpp): the turns go on; at the wrap at
// most one turn is cut short or one path repeats; counts that divide 2^32
// (powers of two) wrap seamlessly.
#include <mpio/policy/dm_round_robin.hpp>
#include <mpio/policy/round_robin.hpp>
#include <mpio/policy/vmw_round_robin.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_round_robin_wrap_test {

using namespace mpio::policy;

namespace {

constexpr std::uint32_t near_wrap = 0xFFFF'FFFFu - 40; // 41 I/Os before the counter wraps

struct turns {
    int irregular = 0; // runs of a length other than `length`, or out of order
    std::vector<int> lengths;
};
static_assert(concurrent::is_concurrent && !single_thread::is_concurrent);

// Splits the picks into runs of one path and counts the irregular ones:
// every run but the first and the last must be `length` long, and each run's
// path must follow the previous one's (slots 0..n-1 in order).
turns check_turns(const std::vector<int>& picks, int n, int length)
{
    turns t;
    std::vector<int> path;
    for (std::size_t i = 0; i < picks.size(); ++i) {
        REQUIRE(picks[i] >= 0); // a path every time
        if (i == 0 || picks[i] != picks[i - 1]) {
            path.push_back(picks[i]);
            t.lengths.push_back(0);
        }
        ++t.lengths.back();
    }
    for (std::size_t r = 1; r < path.size(); ++r) {
        if (path[r] != (path[r - 1] + 1) % n) ++t.irregular;
        if (r + 1 < path.size() && t.lengths[r] != length) ++t.irregular;
    }
    return t;
}

template <class S>
std::vector<int> run(S& s, int ios, std::uint32_t bytes = 4096)
{
    return selector_checks::sequence(s, ios, bytes);
}

// The tail (well past the wrap) is exact round robin again.
void check_tail_exact(const std::vector<int>& picks, int n, int length, std::size_t tail)
{
    const std::vector<int> last(picks.end() - static_cast<std::ptrdiff_t>(tail), picks.end());
    const turns t = check_turns(last, n, length);
    CHECK(t.irregular == 0);
}

} // namespace

TEMPLATE_TEST_CASE("round-robin turn counters: crossing 2^32 at run time", "[policy][wrap]", single_thread, concurrent)
{
    SECTION("round_robin, 3 paths: at most one path repeats once, then exact turns")
    {
        round_robin<8, TestType> rr;
        policy_sim::add_paths(rr, 3);
        rr.set_turn_counter(near_wrap);
        const std::vector<int> picks = run(rr, 200);
        const turns t = check_turns(picks, 3, 1);
        // single_thread keeps the rotor below n (no wrap at all); concurrent
        // is fetch_add % 3: (2^32 - 1) % 3 == 0 % 3, slot 0 twice, once.
        CHECK(t.irregular == (TestType::is_concurrent ? 1 : 0));
        check_tail_exact(picks, 3, 1, 120);
        // The counts stay within one of each other (333,334-style fairness).
        int count[3] = {};
        for (int p : picks) ++count[p];
        CHECK(count[0] - count[2] <= 2);
        CHECK(count[2] - count[0] <= 2);
    }
    SECTION("round_robin, 4 paths: a power of two wraps seamlessly")
    {
        round_robin<8, TestType> rr;
        policy_sim::add_paths(rr, 4);
        rr.set_turn_counter(near_wrap + 1); // 2^32 - 40: a multiple of 4, so the turns start at slot 0
        const std::vector<int> picks = run(rr, 200);
        CHECK(check_turns(picks, 4, 1).irregular == 0);
        CHECK(picks.front() == 0);
    }
    SECTION("dm_round_robin, repeat_count 1 (the rotor) and 3 / 4 (the ticket)")
    {
        for (const std::uint32_t repeat : {1u, 3u, 4u}) {
            for (const int n : {3, 4}) {
                dm_round_robin<8, TestType> dm;
                policy_sim::add_paths(dm, static_cast<std::size_t>(n));
                dm.set_repeat_count(repeat);
                dm.set_turn_counter(near_wrap + 1);
                const std::vector<int> picks = run(dm, 300);
                const turns t = check_turns(picks, n, static_cast<int>(repeat));
                INFO("repeat " << repeat << " paths " << n);
                if ((n == 4 && repeat != 3) || (repeat == 1 && !TestType::is_concurrent)) {
                    CHECK(t.irregular == 0); // 2^32 is a multiple of repeat x n, or a rotor kept below n
                } else {
                    CHECK(t.irregular >= 1); // the wrap was crossed, and it shows once:
                    CHECK(t.irregular <= 2); // one turn cut short and/or one path repeated
                }
                check_tail_exact(picks, n, static_cast<int>(repeat), 150);
            }
        }
    }
    SECTION("vmw_round_robin by IOPS: 3 and 4 I/Os per turn")
    {
        for (const std::uint32_t iops : {3u, 4u}) {
            for (const int n : {3, 4}) {
                vmw_round_robin<8, TestType> v;
                policy_sim::add_paths(v, static_cast<std::size_t>(n));
                REQUIRE(v.set_iops(iops));
                v.set_turn_counter(near_wrap + 1);
                const std::vector<int> picks = run(v, 300);
                const turns t = check_turns(picks, n, static_cast<int>(iops));
                INFO("iops " << iops << " paths " << n);
                if (n == 4 && iops == 4) {
                    CHECK(t.irregular == 0);
                } else {
                    CHECK(t.irregular >= 1);
                    CHECK(t.irregular <= 2);
                }
                check_tail_exact(picks, n, static_cast<int>(iops), 150);
            }
        }
    }
    SECTION("vmw_round_robin by bytes: 16 KiB turns of 4 KiB I/Os across the byte counter's wrap")
    {
        vmw_round_robin<8, TestType> v;
        policy_sim::add_paths(v, 3);
        REQUIRE(v.set_bytes(16384));
        v.set_turn_counter(0u - 40u * 4096u); // 40 I/Os of 4 KiB before 2^32
        const std::vector<int> picks = run(v, 300, 4096);
        const turns t = check_turns(picks, 3, 4);
        CHECK(t.irregular >= 1); // 2^32 / 16 KiB turns is not a multiple of 3: one merged turn
        CHECK(t.irregular <= 2);
        check_tail_exact(picks, 3, 4, 150);
        // 2^32 is a multiple of 16 KiB: with 4 paths the byte turns wrap seamlessly.
        vmw_round_robin<8, TestType> w;
        policy_sim::add_paths(w, 4);
        REQUIRE(w.set_bytes(16384));
        w.set_turn_counter(0u - 40u * 4096u);
        CHECK(check_turns(run(w, 300, 4096), 4, 4).irregular == 0);
    }
}

} // namespace test_policy_round_robin_wrap_test
