// SPDX-License-Identifier: MIT
// ANA onto the existing tiers: the unchanged selectors of mpio/policy/ carry
// I/O over NVMe paths whose states come from ANA log pages.
#include <mpio/nvme/ana_log.hpp>
#include <mpio/nvme/ana_state.hpp>
#include <mpio/policy/least_queue_depth.hpp>
#include <mpio/policy/path_selector.hpp>
#include <mpio/policy/round_robin.hpp>

#include <cstdint>
#include <set>

#include <catch2/catch.hpp>

#include "nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_ana_state_selector_test {

namespace nvme = mpio::nvme;
namespace policy = mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;
using nvme::ana_state;

namespace {

// One controller's ANA log: group 1 holding namespaces 1 and 2, in `state`.
nvme_test::buffer<64> ana_log_of(std::uint64_t chgcnt, ana_state state)
{
    nvme_test::buffer<64> p;
    p.le(0, chgcnt, 8);
    p.le(8, 1, 2);
    p.le(16, 1, 4); // ANAGRPID 1
    p.le(20, 2, 4); // two NSIDs
    p.le(24, chgcnt, 8);
    p.b[32] = static_cast<std::uint8_t>(state);
    p.le(48, 1, 4);
    p.le(52, 2, 4);
    p.used = 56;
    return p;
}

// What a driver does with a freshly read log: the state of the namespace's
// group becomes the path's ALUA state (one owner: the selector's table).
template <class Selector>
void apply(Selector& s, policy::slot_index slot, const nvme_test::buffer<64>& log, std::uint32_t nsid)
{
    const auto parsed = nvme::parse_ana_log(log.view(), {128, false, false});
    REQUIRE(parsed.has_value());
    const auto group = parsed->group_of_namespace(nsid);
    REQUIRE(group.has_value());
    REQUIRE(s.set_alua_state(slot, nvme::to_asymmetric_access_state(group->anas())));
}

template <class Selector>
std::set<int> used(Selector& s, int n)
{
    std::set<int> out;
    for (int i = 0; i < n; ++i) {
        const auto r = s.select(policy::io_request{});
        out.insert(r ? int{*r} : -1);
    }
    return out;
}

} // namespace

TEST_CASE("ana_state: mapping onto asymmetric access states and tiers", "[nvme][ana_state][constexpr]")
{
    STATIC_REQUIRE(nvme::to_asymmetric_access_state(ana_state::optimized) == asymmetric_access_state::active_optimized);
    STATIC_REQUIRE(nvme::to_asymmetric_access_state(ana_state::non_optimized) ==
                   asymmetric_access_state::active_non_optimized);
    STATIC_REQUIRE(nvme::to_asymmetric_access_state(ana_state::inaccessible) == asymmetric_access_state::unavailable);
    STATIC_REQUIRE(nvme::to_asymmetric_access_state(ana_state::persistent_loss) == asymmetric_access_state::offline);
    STATIC_REQUIRE(nvme::to_asymmetric_access_state(ana_state::change) == asymmetric_access_state::transitioning);
    // The tiers: exactly the live states carry I/O, as in the kernel.
    for (int v = 0; v < 16; ++v) {
        const auto s = static_cast<ana_state>(v);
        const std::uint8_t tier = policy::io_tier(nvme::to_asymmetric_access_state(s));
        CAPTURE(v);
        CHECK((tier != policy::tier_none) == nvme::is_live(s));
        if (s == ana_state::optimized) CHECK(tier == policy::tier_optimized);
        if (s == ana_state::non_optimized) CHECK(tier == policy::tier_non_optimized);
    }
}

TEMPLATE_TEST_CASE("ana_state: existing selectors over four NVMe paths and an ANA history", "[nvme][ana_state]",
                   (policy::round_robin<8>), (policy::least_queue_depth<8>))
{
    TestType s;
    for (policy::slot_index slot = 0; slot < 4; ++slot) REQUIRE(s.add_path(slot, {}));
    // CHGCNT 1: controllers 0 and 1 optimized, 2 non-optimized, 3 inaccessible.
    apply(s, 0, ana_log_of(1, ana_state::optimized), 1);
    apply(s, 1, ana_log_of(1, ana_state::optimized), 1);
    apply(s, 2, ana_log_of(1, ana_state::non_optimized), 1);
    apply(s, 3, ana_log_of(1, ana_state::inaccessible), 1);
    CHECK(used(s, 8) == std::set<int>{0, 1});
    // CHGCNT 2: the optimized group moves (0 in change, 1 inaccessible): the
    // non-optimized path carries everything.
    apply(s, 0, ana_log_of(2, ana_state::change), 1);
    apply(s, 1, ana_log_of(2, ana_state::inaccessible), 1);
    CHECK(used(s, 8) == std::set<int>{2});
    // CHGCNT 3: 2 is lost for good, 3 in change: no path carries I/O.
    apply(s, 2, ana_log_of(3, ana_state::persistent_loss), 1);
    apply(s, 3, ana_log_of(3, ana_state::change), 1);
    CHECK(s.select(policy::io_request{}).error() == errc::no_usable_path);
    // CHGCNT 4: the transition ends on controller 3, optimized.
    apply(s, 3, ana_log_of(4, ana_state::optimized), 2);
    CHECK(used(s, 8) == std::set<int>{3});
    CHECK(s.alua_state(2) == asymmetric_access_state::offline);
}

} // namespace test_nvme_ana_state_selector_test
