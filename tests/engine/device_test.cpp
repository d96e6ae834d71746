// SPDX-License-Identifier: MIT
// mpio/engine/device.hpp: one multipath device, composed. The test plays the
// transport, the target and the clock (milliseconds).
#include <mpio/engine/device.hpp>

#include <catch2/catch.hpp>

#include <thread>
#include <type_traits>

#include <mpio/engine.hpp>
#include <mpio/engine/command.hpp>
#include <mpio/engine/path_config.hpp>
#include <mpio/engine/path_statistics.hpp>
#include <mpio/recovery/io_status.hpp>
#include <mpio/policy/any_selector.hpp>
#include <mpio/policy/fail_over_only.hpp>
#include <mpio/policy/round_robin.hpp>
#include <mpio/scsi/sense_key.hpp>

#include "engine_harness.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_engine_device_test {

using namespace mpio;
using engine::command_kind;
using engine::path_config;
using recovery::io_outcome;
using recovery::transport_outcome;
using scsi::asymmetric_access_state;
using topology::path_state;

namespace {

constexpr tick_rate ms{1000};

using rr_device = engine::device<policy::round_robin<8>, test::recording_transport, 16>;
using any_device = engine::device<policy::any_selector<8>, test::recording_transport, 16>;

path_config verified_path(std::uint64_t handle, std::uint16_t tpg = 0,
                          asymmetric_access_state alua = asymmetric_access_state::active_optimized,
                          bool has_alua = false)
{
    path_config c;
    c.handle = handle;
    c.verified = true;
    c.has_target_port_group = tpg != 0;
    c.target_port_group = tpg;
    c.has_alua_state = has_alua;
    c.alua_state = alua;
    return c;
}

policy::io_request read_at(std::uint64_t lba, std::uint32_t blocks = 8)
{
    policy::io_request io;
    io.direction = policy::io_direction::read;
    io.lba = lba;
    io.blocks = blocks;
    io.bytes = blocks * 512;
    return io;
}

io_outcome good() { return {}; }
io_outcome lost() { return {transport_outcome::connection_lost, scsi::scsi_status::good, {}}; }
io_outcome sense(const test::fixed_sense& s)
{
    return {transport_outcome::ok, scsi::scsi_status::check_condition, s.view()};
}

template <class Device>
void answer_all_good(Device& d, test::recording_transport& t, tick now)
{
    while (!t.outstanding.empty()) {
        const engine::command c = t.take();
        REQUIRE(d.on_completion(c.tag, good(), {}, now));
    }
}

} // namespace

TEST_CASE("engine: round robin over two verified paths, every request completes once", "[engine]")
{
    test::recording_transport t;
    rr_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none));
    REQUIRE(d.add_path(verified_path(100), 0).value() == 0);
    REQUIRE(d.add_path(verified_path(200), 0).value() == 1);
    REQUIRE(t.sent.empty()); // verified by discovery: no verification command
    CHECK(d.state(0) == path_state::active);
    CHECK(d.add_path(verified_path(100), 0).error() == errc::already_exists);

    for (std::uint64_t i = 0; i < 6; ++i) REQUIRE(d.submit(read_at(i * 8), 1000 + i, 1));
    REQUIRE(t.outstanding.size() == 6);
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(t.outstanding[i].kind == command_kind::io);
        CHECK(t.outstanding[i].slot == i % 2);
        CHECK(t.outstanding[i].path == (i % 2 == 0 ? 100u : 200u));
        CHECK(t.outstanding[i].cookie == 1000 + i);
    }
    CHECK(d.requests_outstanding() == 6);
    answer_all_good(d, t, 5);
    for (std::uint64_t i = 0; i < 6; ++i) {
        REQUIRE(t.completed_once(1000 + i));
        CHECK(t.done[1000 + i][0].ok);
        CHECK(t.done[1000 + i][0].attempts == 1);
    }
    const engine::path_statistics_snapshot s0 = d.statistics(0);
    CHECK(s0.reads == 3);
    CHECK(s0.writes == 0);
    CHECK(s0.bytes_read == 3 * 4096);
    CHECK(s0.errors == 0);
    CHECK(s0.samples() == 3);
    CHECK(s0.percentile(500) == 4); // latency 4 ms: bucket 4 is exactly 4
    CHECK(d.requests_outstanding() == 0);
}

TEST_CASE("engine: a connection loss fails the path over, the request completes once on the other", "[engine]")
{
    test::recording_transport t;
    rr_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none));
    REQUIRE(d.add_path(verified_path(1), 0));
    REQUIRE(d.add_path(verified_path(2), 0));
    REQUIRE(d.submit(read_at(0), 7, 10));
    engine::command c = t.take();
    REQUIRE(c.slot == 0);
    REQUIRE(d.on_completion(c.tag, lost(), {}, 20));
    CHECK(d.state(0) == path_state::failed);
    CHECK(t.done.empty()); // not surfaced: resubmitted
    REQUIRE(t.outstanding.size() == 1);
    c = t.take();
    CHECK(c.slot == 1);
    CHECK(c.cookie == 7);
    // The stale tag of the first attempt is not outstanding any more.
    CHECK(d.on_completion(t.sent[0].tag, good(), {}, 21).error() == errc::not_found);
    REQUIRE(d.on_completion(c.tag, good(), {}, 30));
    REQUIRE(t.completed_once(7));
    CHECK(t.done[7][0].ok);
    CHECK(t.done[7][0].attempts == 2);
    CHECK(t.done[7][0].failovers == 1);
    CHECK(t.done[7][0].slot == 1);
    CHECK(d.statistics(0).errors == 1);
    CHECK(d.statistics(0).failovers == 1);
    CHECK(d.statistics(1).reads == 1);
    // A duplicate completion changes nothing.
    CHECK(d.on_completion(c.tag, good(), {}, 31).error() == errc::not_found);
    CHECK(t.done[7].size() == 1);

    // New I/O avoids the failed path.
    for (std::uint64_t i = 0; i < 4; ++i) REQUIRE(d.submit(read_at(i), 50 + i, 40));
    for (const auto& x : t.outstanding) CHECK(x.slot == 1);
    answer_all_good(d, t, 41);

    // The failed path is verified after the recovery interval (30 s by
    // default), with TEST UNIT READY, and returns to service.
    d.poll(20 + 29'999);
    CHECK(t.count(command_kind::test_unit_ready) == 0);
    d.poll(20 + 30'000);
    REQUIRE(t.count(command_kind::test_unit_ready) == 1);
    c = t.take();
    CHECK(c.slot == 0);
    CHECK(c.cdb_length == 6);
    CHECK(c.cdb[0] == 0x00);
    CHECK(d.state(0) == path_state::pending_verification);
    REQUIRE(d.on_completion(c.tag, good(), {}, 30'100));
    CHECK(d.state(0) == path_state::active);
    REQUIRE(d.submit(read_at(0), 90, 30'200));
    REQUIRE(d.submit(read_at(8), 91, 30'200));
    CHECK(t.outstanding[0].slot != t.outstanding[1].slot);
}

TEST_CASE("engine: a send the transport refuses is a connection loss on that path", "[engine]")
{
    test::recording_transport t;
    rr_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none));
    REQUIRE(d.add_path(verified_path(1), 0));
    REQUIRE(d.add_path(verified_path(2), 0));
    t.refuse_on = {0};
    REQUIRE(d.submit(read_at(0), 1, 0));
    REQUIRE(t.outstanding.size() == 1);
    CHECK(t.outstanding[0].slot == 1);
    CHECK(d.state(0) == path_state::failed);
    answer_all_good(d, t, 1);
    CHECK(t.completed_once(1));
    CHECK(t.done[1][0].ok);
}

TEST_CASE(
    "engine: all paths down queues I/O; a path back in time completes it, otherwise it fails after PDORemovePeriod",
    "[engine]")
{
    test::recording_transport t;
    rr_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none));
    REQUIRE(d.add_path(verified_path(1), 0));
    REQUIRE(d.add_path(verified_path(2), 0));
    REQUIRE(d.submit(read_at(0), 1, 0));
    REQUIRE(d.submit(read_at(8), 2, 0));
    // Both paths lose their connection.
    while (!t.outstanding.empty()) {
        const engine::command c = t.take();
        REQUIRE(d.on_completion(c.tag, lost(), {}, 5));
    }
    CHECK(d.state(0) == path_state::failed);
    CHECK(d.state(1) == path_state::failed);
    CHECK(d.no_usable_path());
    CHECK(d.requests_queued() == 2);
    CHECK(t.done.empty());

    SECTION("the transport reports path 2 back: verified now, queued I/O goes out")
    {
        REQUIRE(d.path_back(1, 3'000));
        REQUIRE(t.count(command_kind::test_unit_ready) == 1);
        const engine::command tur = t.take();
        REQUIRE(d.on_completion(tur.tag, good(), {}, 3'010));
        CHECK(d.state(1) == path_state::active);
        REQUIRE(t.outstanding.size() == 2);
        for (const auto& c : t.outstanding) CHECK(c.slot == 1);
        answer_all_good(d, t, 3'020);
        CHECK(t.completed_once(1));
        CHECK(t.completed_once(2));
        CHECK(t.done[1][0].ok);
        CHECK(t.done[2][0].ok);
    }
    SECTION("nothing comes back: both fail once, with no_usable_path, at PDORemovePeriod")
    {
        d.poll(5 + 19'999);
        CHECK(t.done.empty());
        d.poll(5 + 20'000);
        REQUIRE(t.completed_once(1));
        REQUIRE(t.completed_once(2));
        CHECK_FALSE(t.done[1][0].ok);
        CHECK(t.done[1][0].reason == recovery::reason::no_usable_path);
        CHECK(d.requests_queued() == 0);
        // A new request fails at once while nothing is usable.
        REQUIRE(d.submit(read_at(0), 3, 20'010));
        REQUIRE(t.completed_once(3));
        CHECK(t.done[3][0].reason == recovery::reason::no_usable_path);
    }
}

TEST_CASE("engine: the request table is bounded", "[engine]")
{
    test::recording_transport t;
    engine::device<policy::round_robin<4>, test::recording_transport, 2> d(
        t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none));
    REQUIRE(d.add_path(verified_path(1), 0));
    REQUIRE(d.submit(read_at(0), 1, 0));
    REQUIRE(d.submit(read_at(0), 2, 0));
    CHECK(d.submit(read_at(0), 3, 0).error() == errc::capacity_exceeded);
    CHECK(t.done.count(3) == 0);
    answer_all_good(d, t, 1);
    REQUIRE(d.submit(read_at(0), 3, 2));
}

TEST_CASE("engine: ALUA standby answer retries elsewhere; 2A/06 re-reads RTPG and every path follows", "[engine]")
{
    test::recording_transport t;
    rr_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::implicit));
    REQUIRE(d.add_path(verified_path(1, 1, asymmetric_access_state::active_optimized, true), 0));
    REQUIRE(d.add_path(verified_path(2, 2, asymmetric_access_state::active_optimized, true), 0));

    // Path 0's group went standby: 02/04/0B.
    REQUIRE(d.submit(read_at(0), 1, 10));
    engine::command c = t.take();
    REQUIRE(c.slot == 0);
    REQUIRE(d.on_completion(c.tag, sense({scsi::sense_key::not_ready, 0x04, 0x0B}), {}, 11));
    CHECK(d.alua_state(0) == asymmetric_access_state::standby);
    CHECK(d.state(0) == path_state::active); // not a path failure
    REQUIRE(t.count(command_kind::io) == 1);
    c = t.take();
    CHECK(c.slot == 1);
    REQUIRE(d.on_completion(c.tag, good(), {}, 12));
    CHECK(t.done[1][0].ok);

    // A unit attention 06/2A/06 on path 1: re-read RTPG, then retry.
    REQUIRE(d.submit(read_at(8), 2, 20));
    c = t.take();
    REQUIRE(c.slot == 1);
    REQUIRE(d.on_completion(c.tag, sense({scsi::sense_key::unit_attention, 0x2A, 0x06}), {}, 21));
    REQUIRE(t.count(command_kind::report_target_port_groups) == 1);
    CHECK(t.count(command_kind::io) == 0); // held until the states are known
    const engine::command rtpg = t.take();
    CHECK(rtpg.cdb[0] == 0xA3);
    CHECK(rtpg.data_in_length > 0);
    test::rtpg_data data;
    data.group(1, asymmetric_access_state::active_optimized, 1)
        .group(2, asymmetric_access_state::active_non_optimized, 2);
    REQUIRE(d.on_completion(rtpg.tag, good(), data.view(), 22));
    CHECK(d.alua_state(0) == asymmetric_access_state::active_optimized);
    CHECK(d.alua_state(1) == asymmetric_access_state::active_non_optimized);
    REQUIRE(t.count(command_kind::io) == 1);
    c = t.take();
    CHECK(c.slot == 1); // MSDSM retries 2A/06 on the same path
    REQUIRE(d.on_completion(c.tag, good(), {}, 23));
    CHECK(t.completed_once(2));
    // New I/O prefers the optimized group.
    for (std::uint64_t i = 0; i < 3; ++i) REQUIRE(d.submit(read_at(i), 10 + i, 30));
    for (const auto& x : t.outstanding) CHECK(x.slot == 0);
}

TEST_CASE("engine: explicit ALUA with only a standby group left activates it by STPG", "[engine]")
{
    test::recording_transport t;
    rr_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::explicit_));
    REQUIRE(d.add_path(verified_path(1, 1, asymmetric_access_state::active_optimized, true), 0));
    REQUIRE(d.add_path(verified_path(2, 2, asymmetric_access_state::standby, true), 0));
    REQUIRE(d.submit(read_at(0), 1, 10));
    engine::command c = t.take();
    REQUIRE(c.slot == 0);
    REQUIRE(d.on_completion(c.tag, lost(), {}, 11)); // the only active path fails
    REQUIRE(t.count(command_kind::set_target_port_groups) == 1);
    const engine::command stpg = t.take();
    CHECK(stpg.slot == 1);
    CHECK(stpg.cdb[0] == 0xA4);
    REQUIRE(stpg.data_out.size() == 8);
    CHECK(stpg.data_out[4] == static_cast<byte>(asymmetric_access_state::active_optimized));
    CHECK(stpg.data_out[7] == 2); // target port group 2
    CHECK(d.transition_in_progress());
    REQUIRE(d.on_completion(stpg.tag, good(), {}, 50));
    REQUIRE(t.count(command_kind::report_target_port_groups) == 1);
    const engine::command rtpg = t.take();
    test::rtpg_data data;
    data.group(1, asymmetric_access_state::standby, 1).group(2, asymmetric_access_state::active_optimized, 2);
    REQUIRE(d.on_completion(rtpg.tag, good(), data.view(), 60));
    CHECK(d.alua_state(1) == asymmetric_access_state::active_optimized);
    REQUIRE(t.count(command_kind::io) == 1);
    c = t.take();
    CHECK(c.slot == 1);
    REQUIRE(d.on_completion(c.tag, good(), {}, 61));
    CHECK(t.completed_once(1));
    CHECK(t.done[1][0].ok);
    CHECK_FALSE(d.transition_in_progress());
    CHECK(engine::device<policy::round_robin<4>, test::recording_transport>(
              t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::implicit))
              .activate_group(1, 0)
              .error() == errc::invalid_state);
}

TEST_CASE("engine: run-time policy switch by MSDSM id and by name keeps paths and states", "[engine]")
{
    test::recording_transport t;
    any_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none));
    path_config a = verified_path(1);
    a.preferred_path = true;
    REQUIRE(d.add_path(a, 0));
    REQUIRE(d.add_path(verified_path(2), 0));
    REQUIRE(d.set_policy(policy::policy_id::fail_over_only));
    for (std::uint64_t i = 0; i < 4; ++i) REQUIRE(d.submit(read_at(i), i, 1));
    for (const auto& c : t.outstanding) CHECK(c.slot == 0); // FOO: the preferred path only
    answer_all_good(d, t, 2);
    REQUIRE(d.set_policy("Round Robin"));
    for (std::uint64_t i = 0; i < 4; ++i) REQUIRE(d.submit(read_at(i), 10 + i, 3));
    std::size_t on0 = 0;
    for (const auto& c : t.outstanding) on0 += c.slot == 0 ? 1 : 0;
    CHECK(on0 == 2);
    CHECK(d.set_policy("no such policy").error() == errc::not_found);
}

TEST_CASE("engine: removal, then return within PDORemovePeriod is verified first", "[engine]")
{
    test::recording_transport t;
    rr_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none));
    REQUIRE(d.add_path(verified_path(1), 0));
    REQUIRE(d.add_path(verified_path(2), 0));
    REQUIRE(d.remove_path(0, 10));
    CHECK_FALSE(d.present(0));
    CHECK(d.path_count() == 1);
    for (std::uint64_t i = 0; i < 3; ++i) REQUIRE(d.submit(read_at(i), i, 11));
    for (const auto& c : t.outstanding) CHECK(c.slot == 1);
    answer_all_good(d, t, 12);
    REQUIRE(d.path_back(0, 1'000));
    REQUIRE(t.count(command_kind::test_unit_ready) == 1);
    const engine::command tur = t.take();
    REQUIRE(d.on_completion(tur.tag, good(), {}, 1'001));
    CHECK(d.state(0) == path_state::active);
    // Removed and never back: the slot is free after PDORemovePeriod.
    REQUIRE(d.remove_path(1, 2'000));
    d.poll(2'000 + 20'000);
    CHECK_FALSE(d.used(1));
    CHECK(d.slot_of(2) == engine::no_slot);
}

TEST_CASE("engine: the block-0 checker reads the data path; a marginal path is held and reported", "[engine]")
{
    test::recording_transport t;
    engine::engine_config cfg = engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none);
    cfg.checker = engine::path_checker::read_block_zero;
    cfg.timers.path_recovery_interval = 100;
    cfg.flaky = {2, 10'000, 60'000}; // more than 2 failures in 10 s: held for 60 s
    rr_device d(t, cfg);
    REQUIRE(d.add_path(verified_path(1), 0));
    REQUIRE(d.add_path(verified_path(2), 0));
    tick now = 0;
    for (int round = 0; round < 3; ++round) {
        // I/O on path 0 fails, its checker then says "up".
        engine::command c{};
        for (int tries = 0; tries < 4; ++tries) {
            REQUIRE(d.submit(read_at(0), 100 + static_cast<std::uint64_t>(round * 10 + tries), now));
            c = t.take();
            if (c.slot == 0) break;
            REQUIRE(d.on_completion(c.tag, good(), {}, now));
        }
        REQUIRE(c.slot == 0);
        REQUIRE(d.on_completion(c.tag, lost(), {}, now));
        answer_all_good(d, t, now); // the retry on path 1
        now += 100;
        d.poll(now);
        REQUIRE(t.count(command_kind::read_block_zero) == 1);
        const engine::command check = t.take();
        CHECK(check.cdb[0] == 0x28);
        CHECK(check.cdb[8] == 1);
        REQUIRE(d.on_completion(check.tag, good(), {}, now));
        now += 10;
    }
    CHECK(d.marginal(0, now));
    CHECK(d.state(0) == path_state::standby);
    CHECK(d.eligibility(0, now) == recovery::eligibility::last_resort);
    for (std::uint64_t i = 0; i < 4; ++i) REQUIRE(d.submit(read_at(i), 500 + i, now));
    for (const auto& c : t.outstanding) CHECK(c.slot == 1);
}

TEST_CASE("engine: path_config_from keeps the group PREF bit apart from the preferred path", "[engine]")
{
    STATIC_REQUIRE(engine::latency_buckets::index_of(0) == 0);
    STATIC_REQUIRE(engine::latency_buckets::index_of(3) == 3);
    STATIC_REQUIRE(engine::latency_buckets::index_of(4) == 4);
    STATIC_REQUIRE(engine::latency_buckets::index_of(7) == 7);
    STATIC_REQUIRE(engine::latency_buckets::index_of(8) == 8);
    STATIC_REQUIRE(engine::latency_buckets::index_of(0xFFFFFFFFu) == engine::latency_buckets::count - 1);
    STATIC_REQUIRE(engine::latency_buckets::upper_bound(engine::latency_buckets::count - 1) == 0xFFFFFFFFu);
    for (std::uint32_t v : {0u, 1u, 5u, 9u, 100u, 1000u, 123456u, 0x80000000u})
        CHECK(engine::latency_buckets::upper_bound(engine::latency_buckets::index_of(v)) >= v);

    topology::path p; // a default path: not verified, no ALUA
    const path_config c = engine::path_config_from(p);
    CHECK_FALSE(c.verified);
    CHECK_FALSE(c.preferred_path);
    const policy::path_attributes a = engine::attributes_of(p);
    CHECK_FALSE(a.preferred);
    CHECK(a.alua == asymmetric_access_state::active_optimized);
}

TEST_CASE("engine: statistics are cleared on request and percentiles follow the samples", "[engine]")
{
    engine::path_statistics<> s;
    for (int i = 0; i < 990; ++i) s.record_success(false, 4096, 10);
    for (int i = 0; i < 10; ++i) s.record_success(true, 512, 1000);
    const engine::path_statistics_snapshot x = s.snapshot();
    CHECK(x.reads == 990);
    CHECK(x.writes == 10);
    CHECK(x.bytes_read == 990ull * 4096);
    CHECK(x.bytes_written == 5120);
    CHECK(x.percentile(500) == 11); // 10 lies in [10, 11]
    CHECK(x.percentile(990) == 11);
    CHECK(x.percentile(999) >= 1000); // the slow tail
    // The byte total carries past 32 bits.
    for (int i = 0; i < 3; ++i) s.record_success(false, 0xFFFFFFFFu, 1);
    CHECK(s.snapshot().bytes_read == 990ull * 4096 + 3ull * 0xFFFFFFFFu);
    s.clear();
    CHECK(s.snapshot().ios() == 0);
    CHECK(s.snapshot().percentile(500) == 0);
}

TEST_CASE("concurrent: per-path statistics count every I/O of two threads exactly", "[engine][concurrent]")
{
    engine::path_statistics<policy::concurrent> s;
    constexpr int per_thread = 200'000;
    auto work = [&s](bool write) {
        for (int i = 0; i < per_thread; ++i) s.record_success(write, 0x10000000u, static_cast<tick>(i % 1000));
    };
    std::thread a(work, false);
    std::thread b(work, true);
    for (int i = 0; i < 1000; ++i) static_cast<void>(s.snapshot()); // a reader meanwhile
    a.join();
    b.join();
    const engine::path_statistics_snapshot x = s.snapshot();
    CHECK(x.reads == per_thread);
    CHECK(x.writes == per_thread);
    CHECK(x.bytes_read == std::uint64_t{per_thread} * 0x10000000u); // carries past 32 bits
    CHECK(x.bytes_written == std::uint64_t{per_thread} * 0x10000000u);
    CHECK(x.samples() == 2u * per_thread);
}

TEST_CASE("engine: statistics are as concurrent as the selector", "[engine]")
{
    using engine::detail::selector_concurrency;
    STATIC_REQUIRE(std::is_same_v<selector_concurrency<policy::round_robin<4>>::type, policy::single_thread>);
    STATIC_REQUIRE(
        std::is_same_v<selector_concurrency<policy::round_robin<4, policy::concurrent>>::type, policy::concurrent>);
    STATIC_REQUIRE(
        std::is_same_v<selector_concurrency<policy::any_selector<8, policy::concurrent>>::type, policy::concurrent>);
    STATIC_REQUIRE(std::is_same_v<selector_concurrency<policy::any_selector<8>>::type, policy::single_thread>);
}

TEST_CASE("engine: recovery decisions map onto the selector's io_status", "[engine]")
{
    using recovery::action;
    using recovery::path_effect;
    STATIC_REQUIRE(recovery::to_io_status({action::complete, recovery::reason::success, true,
                                           recovery::retry_delay::immediate, path_effect::path_ok}) ==
                   policy::io_status::success);
    STATIC_REQUIRE(recovery::to_io_status({action::fail_path_and_retry, recovery::reason::transport_timeout, true,
                                           recovery::retry_delay::immediate, path_effect::path_failed}) ==
                   policy::io_status::path_error);
    STATIC_REQUIRE(recovery::to_io_status({action::fail_path_and_retry, recovery::reason::lun_not_supported, true,
                                           recovery::retry_delay::immediate, path_effect::lun_unreachable}) ==
                   policy::io_status::path_error);
    STATIC_REQUIRE(recovery::to_io_status({action::retry_other_path, recovery::reason::alua_standby, false,
                                           recovery::retry_delay::immediate, path_effect::alua_standby}) ==
                   policy::io_status::io_error);
    STATIC_REQUIRE(recovery::to_io_status({action::fail_up, recovery::reason::medium_error, true,
                                           recovery::retry_delay::immediate, path_effect::path_ok}) ==
                   policy::io_status::io_error);
}

TEST_CASE("engine: path_down fails an idle path at once; refresh_alua re-reads RTPG on request", "[engine]")
{
    test::recording_transport t;
    rr_device d(t, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::implicit));
    REQUIRE(d.add_path(verified_path(1, 1, asymmetric_access_state::active_optimized, true), 0));
    REQUIRE(d.add_path(verified_path(2, 2, asymmetric_access_state::active_optimized, true), 0));
    REQUIRE(d.path_down(1, 5));
    CHECK(d.state(1) == path_state::failed);
    CHECK(d.path_down(7, 5).error() == errc::not_found);
    for (std::uint64_t i = 0; i < 3; ++i) REQUIRE(d.submit(read_at(i), i, 6));
    for (const auto& c : t.outstanding) CHECK(c.slot == 0);
    answer_all_good(d, t, 7);

    REQUIRE(d.refresh_alua(10));
    REQUIRE(t.count(command_kind::report_target_port_groups) == 1);
    const engine::command rtpg = t.take();
    test::rtpg_data data;
    data.group(1, asymmetric_access_state::active_non_optimized, 1)
        .group(2, asymmetric_access_state::active_optimized, 2);
    REQUIRE(d.on_completion(rtpg.tag, good(), data.view(), 11));
    CHECK(d.alua_state(0) == asymmetric_access_state::active_non_optimized);

    test::recording_transport t2;
    rr_device plain(t2, engine::engine_config::microsoft_defaults(ms, topology::alua_mode::none));
    CHECK(plain.refresh_alua(0).error() == errc::invalid_state);
}

} // namespace test_engine_device_test
