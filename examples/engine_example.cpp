// SPDX-License-Identifier: MIT
// The whole chain, as a DSM or a multipath daemon runs it: discovery over
// per-path dumps, then one multipath device driven by the engine - a policy
// chosen by its MSDSM number, I/O routed, a path failed by the sense data of
// a completion, I/O continuing on the others, the failed path verified after
// the recovery interval and back in service. No casts, and no copy of path
// state kept by hand: the engine's path lifecycles own it (docs/engine.md).
//
//   engine_example DIR     (tools/mpio-inspect/samples/topology/)
//
// The "array" here is a table in memory: each path either works or answers
// every command with CHECK CONDITION, ILLEGAL REQUEST, LOGICAL UNIT NOT
// SUPPORTED (25/00) - what a target port says when the LU is no longer
// mapped to it. RTPG is answered with the path's own `rtpg` dump. Exits
// non-zero when something does not happen as described.
#include <mpio/engine.hpp>
#include <mpio/hosted/path_dir.hpp>
#include <mpio/hosted/topology_store.hpp>
#include <mpio/ident.hpp>
#include <mpio/policy/any_selector.hpp>
#include <mpio/topology.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace engine = mpio::engine;
namespace topo = mpio::topology;

namespace {

int failures = 0;
void expect(bool ok, const char* what)
{
    if (!ok) {
        std::printf("UNEXPECTED: %s\n", what);
        ++failures;
    }
}

constexpr auto array_devices = mpio::ident::make_supported_device_list("MPIOSIM VIRTUAL-ARRAY");
constexpr mpio::ident::claimer dsms[] = {
    {"mpiosim-dsm", array_devices.entries(), mpio::ident::match_mode::mpio_prefix, /*generic=*/false},
};

// The transport: commands wait in a queue until the "array" answers them.
struct memory_transport {
    std::deque<engine::command> queue;
    std::map<std::uint64_t, engine::request_result> done;
    std::size_t done_calls = 0;

    bool send(const engine::command& c) noexcept
    {
        queue.push_back(c);
        return true;
    }
    void request_done(std::uint64_t cookie, const engine::request_result& r) noexcept
    {
        done[cookie] = r;
        ++done_calls;
    }
};

// LOGICAL UNIT NOT SUPPORTED, fixed format sense data.
constexpr mpio::byte lu_not_supported[18] = {0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x25, 0x00, 0, 0, 0, 0};

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) return std::printf("usage: engine_example DIR\n"), 2;

    // ---- 1. discovery: every path directory into the topology store -------
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1], ec))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    if (ec) return std::printf("cannot read %s\n", argv[1]), 2;
    std::sort(names.begin(), names.end());
    mpio::hosted::topology_store store;
    std::vector<mpio::hosted::path_report> reports; // the RTPG answers of the "array" below
    topo::device_index lu1 = topo::no_index;
    for (std::size_t handle = 0; handle < names.size(); ++handle) {
        reports.push_back(mpio::hosted::read_path_dir(std::string(argv[1]) + "/" + names[handle]));
        const auto r = topo::discover_path<mpio::ident::mpio_scheme>(store, dsms, std::size(dsms),
                                                                     reports.back().view(handle), /*now=*/0);
        if (names[handle] == "2-0-0-1") lu1 = r.device;
    }
    expect(lu1 != topo::no_index, "LU 1 was discovered");
    if (lu1 == topo::no_index) return 1;
    std::printf("LU 1: %u paths, ALUA %s\n", unsigned{store.device_at(lu1).path_count()},
                to_string(store.device_at(lu1).mode()));

    // ---- 2. the engine over LU 1's paths ----------------------------------
    memory_transport transport;
    const mpio::tick_rate ms{1000};
    engine::device<mpio::policy::any_selector<>, memory_transport> device(
        transport, engine::engine_config::microsoft_defaults(ms, store.device_at(lu1).mode()));
    expect(device.attach(store, lu1, /*now=*/0).has_value(), "the device's paths attach");
    expect(device.path_count() == 4, "four paths");
    // Round Robin with Subset (MSDSM policy 3): the active/optimized paths.
    expect(device.set_policy(mpio::policy::policy_id::round_robin_with_subset).has_value(), "policy 3");

    // The array: which paths answer 25/00.
    std::vector<bool> broken(device.capacity, false);
    mpio::tick now = 0;
    std::map<engine::slot_index, unsigned> ios_on;
    const auto run = [&](std::uint64_t first_cookie, unsigned count) {
        for (unsigned i = 0; i < count; ++i) {
            mpio::policy::io_request io;
            io.lba = i * 8u;
            io.blocks = 8;
            io.bytes = 4096;
            expect(device.submit(io, first_cookie + i, now).has_value(), "submitted");
        }
        while (!transport.queue.empty()) {
            const engine::command c = transport.queue.front();
            transport.queue.pop_front();
            now += 1;
            mpio::recovery::io_outcome o;
            mpio::byte_view data{};
            if (broken[c.slot]) {
                o.status = mpio::scsi::scsi_status::check_condition;
                o.sense = mpio::byte_view(lu_not_supported, sizeof lu_not_supported);
            } else if (c.kind == engine::command_kind::report_target_port_groups) {
                data = reports[c.path].rtpg.bytes();
            }
            if (c.kind == engine::command_kind::io && !broken[c.slot]) ++ios_on[c.slot];
            expect(device.on_completion(c.tag, o, data, now).has_value(), "a known tag");
        }
    };
    const auto optimized = [&](engine::slot_index s) {
        return device.alua_state(s) == mpio::scsi::asymmetric_access_state::active_optimized;
    };

    run(0, 100);
    unsigned on_optimized = 0;
    for (const auto& [slot, n] : ios_on) on_optimized += optimized(slot) ? n : 0;
    std::printf("100 I/Os: %u on active/optimized paths, over %zu paths\n", on_optimized, ios_on.size());
    expect(on_optimized == 100 && ios_on.size() == 2, "RRWS uses both active/optimized paths, only them");

    // ---- 3. one path loses the LU: the completion's sense data fails it ----
    engine::slot_index victim = engine::no_slot;
    for (const auto& [slot, n] : ios_on) victim = slot;
    broken[victim] = true;
    ios_on.clear();
    run(1000, 100);
    expect(device.state(victim) == topo::path_state::failed, "25/00 failed the path");
    expect(ios_on.count(victim) == 0 && ios_on.size() == 1, "I/O continues on the other optimized path");
    unsigned ok = 0;
    for (std::uint64_t c = 1000; c < 1100; ++c) ok += transport.done.count(c) && transport.done[c].ok ? 1u : 0u;
    std::printf("path %u failed by sense 25/00; 100 more I/Os, %u succeeded\n", unsigned{victim}, ok);
    expect(ok == 100, "no error reached the caller");
    expect(transport.done_calls == 200, "every request completed exactly once");
    expect(device.statistics(victim).failovers >= 1, "the failover is counted");

    // ---- 4. the LU is mapped again; the path is verified and fails back ----
    broken[victim] = false;
    now += ms.seconds(30); // PathVerificationPeriod: the failed path is verified (RTPG: an ALUA device)
    device.poll(now);
    run(2000, 0); // answer the verification
    expect(device.state(victim) == topo::path_state::active, "verified and back in service");
    ios_on.clear();
    run(3000, 100);
    std::printf("after verification: path %u carries %u of 100 I/Os\n", unsigned{victim}, ios_on[victim]);
    expect(ios_on[victim] == 50, "round robin again over both optimized paths");
    return failures == 0 ? 0 : 1;
}
