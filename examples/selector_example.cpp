// SPDX-License-Identifier: MIT
// A path selector chosen at run time, as an administrator's setting chooses
// it in a driver (MSDSM's DsmSetLoadBalancePolicy takes a number, a
// dm-multipath table line a name): mpio::policy::any_selector, without heap
// and without virtual functions. Four paths to one ALUA logical unit, two
// active/optimized and two active/non-optimized; I/O is routed under round
// robin, least queue depth and fail over only, paths fail and come back, and
// the distribution of the I/O is checked each time. Built and run by the test
// suite (docs/architecture.md, "Examples"); exits non-zero when a selector
// does not behave as docs/policies.md says.
#include <mpio/policy.hpp>

#include <cstdio>

using namespace mpio::policy;
using aas = mpio::scsi::asymmetric_access_state;

namespace {

int failures = 0;
void expect(bool ok, const char* what)
{
    if (!ok) {
        std::printf("UNEXPECTED: %s\n", what);
        ++failures;
    }
}

constexpr slot_index path_count = 4;
using selector = any_selector<8, single_thread>; // room for 8 paths; firmware-style plain integers

struct distribution {
    unsigned ios[path_count] = {};
    unsigned refused = 0; // select() found no usable path

    bool is(unsigned p0, unsigned p1, unsigned p2, unsigned p3) const noexcept
    {
        return ios[0] == p0 && ios[1] == p1 && ios[2] == p2 && ios[3] == p3 && refused == 0;
    }
    void print(const char* what) const
    {
        std::printf("%-44s path 0: %3u  path 1: %3u  path 2: %3u  path 3: %3u\n", what, ios[0], ios[1], ios[2], ios[3]);
    }
};

// `count` 4 KiB writes, each completed before the next one is selected.
distribution route(selector& s, unsigned count)
{
    distribution d;
    for (unsigned i = 0; i < count; ++i) {
        const io_request io{.direction = io_direction::write, .lba = 8ull * i, .blocks = 8, .bytes = 4096};
        const auto slot = s.select(io);
        if (!slot) {
            ++d.refused;
            continue;
        }
        s.start(*slot, io);
        ++d.ios[*slot];
        s.complete(*slot, io, /*service_time=*/1, io_status::success);
    }
    return d;
}

} // namespace

int main()
{
    selector s; // starts with MSDSM's default policy, round robin
    expect(s.id() == policy_id::round_robin, "the default policy is round robin");

    // Paths 0 and 1 reach the owning controller (active/optimized), 2 and 3
    // the other one (active/non-optimized).
    const aas state[path_count] = {aas::active_optimized, aas::active_optimized, aas::active_non_optimized,
                                   aas::active_non_optimized};
    for (slot_index p = 0; p < path_count; ++p) expect(s.add_path(p, {.alua = state[p]}).has_value(), "path added");

    // Round robin over the active/optimized paths only.
    distribution d = route(s, 400);
    d.print("RR:");
    expect(d.is(200, 200, 0, 0), "RR alternates over the two A/O paths");

    // A transport failure on path 0: the caller fails the path (after the
    // I/O came back with io_status::path_error); the other A/O path takes
    // everything. With both A/O paths failed, the A/N paths carry the I/O.
    expect(s.fail_path(0).has_value(), "path 0 failed");
    d = route(s, 400);
    d.print("RR, path 0 failed:");
    expect(d.is(0, 400, 0, 0), "the remaining A/O path carries all I/O");
    expect(s.fail_path(1).has_value(), "path 1 failed");
    d = route(s, 400);
    d.print("RR, paths 0 and 1 failed:");
    expect(d.is(0, 0, 200, 200), "without an A/O path, RR uses the A/N paths");
    expect(s.reinstate_path(0).has_value() && s.reinstate_path(1).has_value(), "paths 0 and 1 reinstated");

    // The administrator sets MSDSM's policy number 4 (DSM_LB_LEAST_QUEUE_DEPTH).
    // Switching is a control event with no I/O in flight; the paths and
    // their attributes move to the new selector.
    const auto msdsm_number = static_cast<policy_id>(4);
    expect(s.set_policy(msdsm_number).has_value() && s.id() == policy_id::least_queue_depth,
           "switched to LQD by MSDSM number");
    // Six I/Os in flight at once: each goes to the A/O path with the fewest
    // outstanding requests, so the two share them 3:3.
    io_request held[6];
    slot_index held_on[6] = {};
    distribution lqd;
    for (unsigned i = 0; i < 6; ++i) {
        held[i] = {.direction = io_direction::read, .lba = 1000ull * i, .blocks = 8, .bytes = 4096};
        const auto slot = s.select(held[i]);
        expect(slot.has_value(), "LQD selects a path");
        if (!slot) return 1;
        held_on[i] = *slot;
        s.start(*slot, held[i]);
        ++lqd.ios[*slot];
    }
    lqd.print("LQD, 6 I/Os in flight:");
    expect(lqd.is(3, 3, 0, 0), "LQD balances outstanding I/O over the A/O paths");
    for (unsigned i = 0; i < 6; ++i) s.complete(held_on[i], held[i], 1, io_status::success);

    // The same setting by name (names and titles match case-insensitively).
    expect(!s.set_policy("no-such-policy").has_value() && s.id() == policy_id::least_queue_depth,
           "an unknown name is refused and the policy stays");
    expect(s.set_policy("fail over only").has_value() && s.id() == policy_id::fail_over_only,
           "switched to FOO by name");
    expect(s.set_preferred(1, true).has_value(), "path 1 preferred");
    d = route(s, 100);
    d.print("FOO, path 1 preferred:");
    expect(d.is(0, 100, 0, 0), "FOO sends everything to the preferred path");
    expect(s.fail_path(1).has_value(), "preferred path failed");
    d = route(s, 100);
    d.print("FOO, path 1 failed:");
    expect(d.is(100, 0, 0, 0), "FOO fails over to the other A/O path");
    expect(s.reinstate_path(1).has_value(), "preferred path back");
    d = route(s, 100);
    d.print("FOO, path 1 back:");
    expect(d.is(0, 100, 0, 0), "FOO fails back to the preferred path");

    // The owning controller moves: paths 0 and 1 become active/non-optimized
    // and paths 2 and 3 active/optimized; the selector is told each new
    // state (in a driver: after REPORT TARGET PORT GROUPS was read again).
    expect(s.set_policy("RR").has_value(), "back to RR");
    for (slot_index p = 0; p < path_count; ++p)
        expect(s.set_alua_state(p, p < 2 ? aas::active_non_optimized : aas::active_optimized).has_value(),
               "ALUA state changed");
    d = route(s, 400);
    d.print("RR, ownership moved to paths 2 and 3:");
    expect(d.is(0, 0, 200, 200), "RR follows the ALUA states");

    return failures == 0 ? 0 : 1;
}
