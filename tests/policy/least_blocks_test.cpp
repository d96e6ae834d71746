// SPDX-License-Identifier: MIT
#include <mpio/policy/least_blocks.hpp>

#include <catch2/catch.hpp>

#include "policy_sim.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_least_blocks_test {

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
    const io_request big = io_at(100'000, 65536, io_direction::read);
    const io_request small1 = io_at(500'000, 4096, io_direction::read);
    const io_request small2 = io_at(900'000, 4096, io_direction::read);
    lb.start(0, big);
    lb.start(1, small1);
    lb.start(1, small2);
    CHECK(lb.last_path() == 1);
    // Below the last LBA of the last path used: least blocks.
    CHECK(*lb.select(io_at(7, 512, io_direction::read)) == 1); // 8 KiB < 64 KiB, though two requests
    lb.complete(0, big, 3, io_status::success);
    CHECK(*lb.select(io_at(7, 512, io_direction::read)) == 0);
    REQUIRE(lb.set_alua_state(0, asymmetric_access_state::active_non_optimized));
    CHECK(*lb.select(io_at(7, 512, io_direction::read)) == 1); // A/O first
    REQUIRE(lb.fail_path(1));
    CHECK(*lb.select(io_at(7, 512, io_direction::read)) == 0);
    CHECK(*lb.select(io_at(999'999, 512, io_direction::read)) == 0); // the last path is not eligible
    REQUIRE(lb.set_alua_state(0, asymmetric_access_state::unavailable));
    CHECK(lb.select(io_at(7, 512)).error() == errc::no_usable_path);
    lb.complete(1, small1, 3, io_status::success);
    lb.complete(1, small2, 3, io_status::success);
    CHECK(lb.bytes_in_flight(0) == 0);
    CHECK(lb.bytes_in_flight(1) == 0);
}

TEST_CASE("least_blocks: issue 18 - any LBA at or above the last one counts (a read, then a write)", "[policy][lb]")
{
    // The MSDSM sample (DsmpGetPath): startLba >= LastLba of the last path.
    // A read on 0, then a write at a higher, unrelated LBA -> 0.
    least_blocks<2> lb;
    policy_sim::add_paths(lb, 2);
    const io_request read = io_at(1000, 4096, io_direction::read);
    CHECK(*lb.select(read) == 0);
    lb.start(0, read);
    CHECK(*lb.select(io_at(5'000'000, 4096)) == 0); // not the idle path 1
    // At or above the last LBA (1000 + 8 - 1 = 1007), not only the continuation.
    CHECK(*lb.select(io_at(1007, 4096)) == 0);
    CHECK(*lb.select(io_at(1006, 4096)) == 1);
    // A request that is neither a read nor a write: the last path used.
    CHECK(*lb.select(io_at(0, 0, io_direction::other)) == 0);
    lb.complete(0, read, 1, io_status::success);
}

TEST_CASE("least_blocks: issue 18 - reads ignore the cache size, writes count read bytes too", "[policy][lb]")
{
    least_blocks<2> lb;
    policy_sim::add_paths(lb, 2);
    CHECK(lb.sequential_cache_size() == 1024u * 1024u); // DSM_LEAST_BLOCKS_DEFAULT_THRESHOLD
    // 2 MiB of reads in flight on path 0, each above the last.
    std::uint64_t lba = 0;
    for (int i = 0; i < 32; ++i) {
        const io_request io = io_at(lba, 65536, io_direction::read);
        CHECK(*lb.select(io) == 0); // a read stays on the last path, whatever is in flight
        lb.start(0, io);
        lba += io.blocks;
    }
    CHECK(lb.bytes_in_flight(0) == 2u * 1024u * 1024u);
    // A write continuing the stream: 2 MiB (of reads) + 4 KiB > 1 MiB: least blocks.
    CHECK(*lb.select(io_at(lba, 4096)) == 1);
    lb.set_sequential_cache_size(4u * 1024u * 1024u);
    CHECK(*lb.select(io_at(lba, 4096)) == 0); // within the cache now
    // The rule off: pure least blocks, for reads too.
    lb.set_sequential_cache_size(0);
    CHECK(*lb.select(io_at(lba, 4096, io_direction::read)) == 1);
    lba = 0;
    for (int i = 0; i < 32; ++i) {
        const io_request io = io_at(lba, 65536, io_direction::read);
        lb.complete(0, io, 1, io_status::success);
        lba += io.blocks;
    }
    CHECK(lb.bytes_in_flight(0) == 0);
}

TEST_CASE("least_blocks: issue 18 departure - the last path used, not a path fixed at path events", "[policy][lb]")
{
    // The sample reads "the last path used" from PathToBeUsed, which for LB is
    // set only on path arrival/removal (the first A/O path, 0). A write that
    // continues the last write, started on path 1, goes to 0 there (0's last
    // LBA is above it, then least blocks with the tie to the first path);
    // mpio keeps it on 1.
    least_blocks<2> lb;
    policy_sim::add_paths(lb, 2);
    const io_request high = io_at(5000, 4096);
    CHECK(*lb.select(high) == 0);
    lb.start(0, high);
    const io_request low = io_at(100, 4096);
    CHECK(*lb.select(low) == 1); // below 5007: least blocks, the idle path
    lb.start(1, low);
    CHECK(*lb.select(io_at(108, 4096)) == 1); // the sample: 0
    lb.complete(0, high, 1, io_status::success);
    lb.complete(1, low, 1, io_status::success);
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

} // namespace test_policy_least_blocks_test
