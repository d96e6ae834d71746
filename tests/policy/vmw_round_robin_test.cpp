// SPDX-License-Identifier: MIT
#include <mpio/policy/vmw_round_robin.hpp>

#include <catch2/catch.hpp>

#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_vmw_round_robin_test {

using namespace mpio::policy;
using mpio::scsi::asymmetric_access_state;
using selector_checks::alua;
using selector_checks::sequence;

TEMPLATE_TEST_CASE("vmw_round_robin: switching every N I/Os (type=iops)", "[policy][vmw_rr]", single_thread, concurrent)
{
    selector_checks::check_common_rules<vmw_round_robin<8, TestType>>();
    vmw_round_robin<8, TestType> rr;
    policy_sim::add_paths(rr, 2);
    CHECK(rr.type() == vmw_rr_type::iops);
    // Default: 1000 I/Os per path.
    const std::vector<int> first = sequence(rr, 2001);
    CHECK(std::count(first.begin(), first.begin() + 1000, 0) == 1000);
    CHECK(std::count(first.begin() + 1000, first.begin() + 2000, 1) == 1000);
    CHECK(first[2000] == 0);
    CHECK(rr.set_iops(0).error() == mpio::errc::invalid_argument);
    CHECK(rr.set_iops(10001).error() == mpio::errc::invalid_argument);
    REQUIRE(rr.set_iops(3));
    CHECK(sequence(rr, 9) == std::vector<int>{0, 0, 0, 1, 1, 1, 0, 0, 0});
    // A third path joins; one fails mid-turn: turns are re-dealt over the rest.
    REQUIRE(rr.add_path(2, {}));
    CHECK(sequence(rr, 9) == std::vector<int>{0, 0, 0, 1, 1, 1, 2, 2, 2}); // counter 9..17
    CHECK(sequence(rr, 1) == std::vector<int>{0});
    REQUIRE(rr.fail_path(0));                                  // counter 19: turn 6 of {1, 2}
    CHECK(sequence(rr, 5) == std::vector<int>{1, 1, 2, 2, 2}); // 19 20 | 21 22 23
    REQUIRE(rr.reinstate_path(0));
    CHECK(sequence(rr, 3) == std::vector<int>{2, 2, 2}); // 24 25 26: turn 8 mod 3
}

TEMPLATE_TEST_CASE("vmw_round_robin: switching every N bytes (type=bytes)", "[policy][vmw_rr]", single_thread,
                   concurrent)
{
    vmw_round_robin<8, TestType> rr;
    policy_sim::add_paths(rr, 2);
    CHECK(rr.set_bytes(0).error() == mpio::errc::invalid_argument);
    REQUIRE(rr.set_bytes(8192));
    CHECK(rr.type() == vmw_rr_type::bytes);
    CHECK(sequence(rr, 6, 4096) == std::vector<int>{0, 0, 1, 1, 0, 0});
    // Unaligned sizes: switches at every multiple of 8192 bytes of the
    // stream; the I/O that crosses one still goes down the current path.
    REQUIRE(rr.set_bytes(8192));                                        // restart the count
    CHECK(sequence(rr, 6, 6000) == std::vector<int>{0, 0, 1, 0, 0, 1}); // 0 6000 12000 18000 24000 30000
    // The default: 10 MiB, i.e. 160 I/Os of 64 KiB per path.
    vmw_round_robin<8, TestType> big;
    policy_sim::add_paths(big, 2);
    REQUIRE(big.set_bytes(vmw_rr_default_bytes));
    const std::vector<int> s = sequence(big, 321, 65536);
    CHECK(std::count(s.begin(), s.begin() + 160, 0) == 160);
    CHECK(std::count(s.begin() + 160, s.begin() + 320, 1) == 160);
    CHECK(s[320] == 0);
}

TEMPLATE_TEST_CASE("vmw_round_robin: active/non-optimized paths only without optimized ones, or with useANO",
                   "[policy][vmw_rr]", single_thread, concurrent)
{
    vmw_round_robin<8, TestType> rr;
    REQUIRE(rr.set_iops(1));
    REQUIRE(rr.add_path(0, {}));
    REQUIRE(rr.add_path(1, alua(asymmetric_access_state::active_non_optimized)));
    REQUIRE(rr.add_path(2, {}));
    CHECK(sequence(rr, 4) == std::vector<int>{0, 2, 0, 2});
    rr.set_use_ano(true);
    CHECK(sequence(rr, 3) == std::vector<int>{1, 2, 0}); // counter 4 5 6 over {0, 1, 2}
    rr.set_use_ano(false);
    REQUIRE(rr.fail_path(0));
    REQUIRE(rr.fail_path(2));
    CHECK(sequence(rr, 2) == std::vector<int>{1, 1});
}

TEST_CASE("vmw_round_robin: the turn at the 32-bit counter wrap", "[policy][vmw_rr]")
{
    using rr = vmw_round_robin<4>;
    STATIC_REQUIRE(rr::turn(0, 1000, 2) == 0);
    STATIC_REQUIRE(rr::turn(999, 1000, 2) == 0);
    STATIC_REQUIRE(rr::turn(1000, 1000, 2) == 1);
    // 2^32 - 1 is in turn 4294967 (odd: path 1); after the wrap, turn 0 (path 0):
    // the turn before the wrap has 296 I/Os instead of 1000, once.
    STATIC_REQUIRE(rr::turn(0xFFFF'FFFFu, 1000, 2) == 1);
    STATIC_REQUIRE(rr::turn(4294967000u, 1000, 2) == 1);
    STATIC_REQUIRE(rr::turn(4294966999u, 1000, 2) == 0);
}

TEST_CASE("concurrent: VMW_PSP_RR under threads", "[policy][concurrent]")
{
    selector_checks::check_stress<vmw_round_robin<8, concurrent>>();
    vmw_round_robin<8, concurrent> bytes;
    REQUIRE(bytes.set_bytes(65536));
    const selector_checks::stress_outcome o = selector_checks::stress(bytes, 3, 20'000);
    CHECK(o.violations == 0);
    CHECK(o.selected + o.no_path >= 60'000);
}

} // namespace test_policy_vmw_round_robin_test
