// SPDX-License-Identifier: MIT
#include <mpio/policy/least_blocks.hpp>

#include <catch2/catch.hpp>

#include "policy_sim.hpp"

using namespace mpio::policy;
using mpio::errc;
using mpio::scsi::asymmetric_access_state;

namespace {
io_request io_at(std::uint64_t lba, std::uint32_t bytes, io_direction d = io_direction::write)
{
    io_request io;
    io.direction = d;
    io.lba = lba;
    io.bytes = bytes;
    io.blocks = bytes / 512;
    return io;
}
} // namespace

TEMPLATE_TEST_CASE("least_blocks: the A/O path with the fewest bytes in flight", "[policy][lb]", single_thread,
                   concurrent)
{
    least_blocks<4, TestType> lb;
    CHECK(lb.select(io_at(0, 4096)).error() == errc::no_usable_path);
    policy_sim::add_paths(lb, 2);
    const io_request big = io_at(1000, 65536, io_direction::read);
    const io_request small1 = io_at(5000, 4096, io_direction::read);
    const io_request small2 = io_at(9000, 4096, io_direction::read);
    lb.start(0, big);
    lb.start(1, small1);
    lb.start(1, small2);
    CHECK(*lb.select(io_at(77777, 512, io_direction::read)) == 1); // 8 KiB < 64 KiB, though two requests
    lb.complete(0, big, 3, io_status::success);
    CHECK(*lb.select(io_at(77777, 512, io_direction::read)) == 0);
    REQUIRE(lb.set_alua_state(0, asymmetric_access_state::active_non_optimized));
    CHECK(*lb.select(io_at(77777, 512, io_direction::read)) == 1); // A/O first
    REQUIRE(lb.fail_path(1));
    CHECK(*lb.select(io_at(77777, 512, io_direction::read)) == 0);
    REQUIRE(lb.set_alua_state(0, asymmetric_access_state::unavailable));
    CHECK(lb.select(io_at(77777, 512)).error() == errc::no_usable_path);
    lb.complete(1, small1, 3, io_status::success);
    lb.complete(1, small2, 3, io_status::success);
    CHECK(lb.bytes_in_flight(0) == 0);
    CHECK(lb.bytes_in_flight(1) == 0);
}

TEST_CASE("least_blocks: the sequential cache keeps a stream on its path up to the cache size", "[policy][lb]")
{
    least_blocks<2> lb;
    policy_sim::add_paths(lb, 2);
    CHECK(lb.sequential_cache_size() == 1024u * 1024u);
    // A sequential 64 KiB write stream, nothing completes: 16 writes fit the 1 MiB cache.
    std::uint64_t lba = 1'000'000;
    const slot_index first = *lb.select(io_at(lba, 65536));
    for (int i = 0; i < 16; ++i) {
        const io_request io = io_at(lba, 65536);
        const slot_index s = i == 0 ? first : *lb.select(io);
        CHECK(s == first);
        lb.start(s, io);
        lba += io.blocks;
    }
    CHECK(lb.write_bytes_in_flight(first) == 1024u * 1024u);
    // The 17th would exceed the cache: least blocks again (the other, idle path).
    const io_request next = io_at(lba, 65536);
    const slot_index other = *lb.select(next);
    CHECK(other != first);
    lb.start(other, next);
    lba += next.blocks;
    // The stream now continues on the other path.
    CHECK(*lb.select(io_at(lba, 65536)) == other);
    // A read continuing the stream on `first`... (no: its continuation is on `other`); a read that
    // continues nothing goes to the least loaded path.
    CHECK(*lb.select(io_at(5, 4096, io_direction::read)) == other);
    // The cache off: pure least blocks.
    lb.set_sequential_cache_size(0);
    CHECK(*lb.select(io_at(lba, 4096)) == other);
    const io_request on_first = io_at(1'000'000 + 16 * 128, 4096);
    CHECK(*lb.select(on_first) == other); // the continuation on `first` is ignored without a cache
    lb.set_sequential_cache_size(4u * 1024u * 1024u);
    CHECK(*lb.select(on_first) == first); // with room in the cache, it stays on `first`
    // A failed path's stream moves.
    REQUIRE(lb.fail_path(first));
    CHECK(*lb.select(on_first) == other);
}

TEST_CASE("least_blocks: the faster path gets more I/O (1:4 service times, 1,000,000 I/Os)", "[policy][lb]")
{
    least_blocks<2> lb;
    policy_sim::add_paths(lb, 2);
    const mpio::tick service[] = {1, 4};
    policy_sim::closed_loop sim(lb, service, 2, 16);
    sim.run(1'000'000);
    sim.drain();
    INFO("fast " << sim.sent[0] << " slow " << sim.sent[1]);
    CHECK(sim.sent[0] > 3 * sim.sent[1]);
    CHECK(sim.sent[1] > 0);
    CHECK(lb.bytes_in_flight(0) == 0);
    CHECK(lb.bytes_in_flight(1) == 0);
    CHECK(lb.write_bytes_in_flight(0) == 0);
}

TEST_CASE("least_blocks: a sequential stream goes through the cache, then spreads", "[policy][lb]")
{
    least_blocks<2> lb;
    policy_sim::add_paths(lb, 2);
    const mpio::tick service[] = {4, 4};
    policy_sim::closed_loop sim(lb, service, 2, 32);
    sim.sequential = true;
    sim.direction = io_direction::write;
    sim.bytes = 65536; // 32 in flight = 2 MiB: more than one path's 1 MiB cache
    sim.run(100'000);
    sim.drain();
    CHECK(sim.sent[0] > 40'000);
    CHECK(sim.sent[1] > 40'000);
    CHECK(lb.write_bytes_in_flight(0) == 0);
    CHECK(lb.write_bytes_in_flight(1) == 0);
}

TEST_CASE("least_blocks: byte counters wrap around and stay exact", "[policy][lb]")
{
    least_blocks<2> lb;
    policy_sim::add_paths(lb, 2);
    const io_request huge = io_at(0, 0xFFFF'FFFFu);
    for (int i = 0; i < 3; ++i) { // 12 GiB of writes through path 0: the counters wrap
        lb.start(0, huge);
        lb.complete(0, huge, 1, io_status::success);
    }
    CHECK(lb.bytes_in_flight(0) == 0);
    CHECK(lb.write_bytes_in_flight(0) == 0);
    lb.start(0, huge);
    CHECK(*lb.select(io_at(1u << 20, 512, io_direction::read)) == 1);
    lb.complete(0, huge, 1, io_status::success);
    CHECK(lb.bytes_in_flight(0) == 0);
}
