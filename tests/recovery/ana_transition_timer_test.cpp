// SPDX-License-Identifier: MIT
// The ANATT timer (mpio/recovery/ana_transition_timer.hpp), after
// nvme_read_ana_log() / nvme_anatt_timeout() / nvme_mpath_stop()
// (drivers/nvme/host/multipath.c): a caller clock in milliseconds, ANA log
// pages built byte by byte.
#include <mpio/recovery.hpp>
#include <mpio/recovery/ana_transition_timer.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_ana_transition_timer_test {

namespace ana_transition_timer_test {

namespace rc = mpio::recovery;
namespace nvme = mpio::nvme;
using mpio::tick;
using nvme::ana_state;

// An ANA log page (no RGO): up to three groups, group g holding NSID g.
struct page {
    mpio::byte b[128] = {};
    std::size_t used = 16;
    constexpr void le32(std::size_t at, std::uint32_t v)
    {
        for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<mpio::byte>(v >> (8 * i));
    }
    constexpr page& group(std::uint32_t anagrpid, std::uint8_t anas)
    {
        ++b[8]; // NGRPS
        le32(used, anagrpid);
        le32(used + 4, 1); // NNSIDS
        b[used + 8] = 1;   // CHGCNT
        b[used + 16] = anas;
        le32(used + 32, anagrpid);
        used += 36;
        return *this;
    }
    [[nodiscard]] constexpr nvme::ana_log log() const
    {
        return *nvme::parse_ana_log(mpio::byte_view(b, used), {16, false, false});
    }
};

constexpr std::uint8_t st(ana_state s) { return static_cast<std::uint8_t>(s); }

TEST_CASE("ANATT timer: 2 x ANATT, expiry exactly at the deadline, one-shot", "[recovery][nvme][anatt]")
{
    STATIC_REQUIRE(rc::ana_transition_timer::timeout_for(10) == 20'000);                       // ms
    STATIC_REQUIRE(rc::ana_transition_timer::timeout_for(10, mpio::tick_rate{1}) == 20);       // seconds
    STATIC_REQUIRE(rc::ana_transition_timer::timeout_for(255) == 510'000);                     // the largest ANATT
    STATIC_REQUIRE(rc::ana_transition_timer::timeout_for(1, mpio::tick_rate{~0ull}) == ~0ull); // saturates
    STATIC_REQUIRE(!rc::ana_transition_timer(10).armed());
    STATIC_REQUIRE([] {
        rc::ana_transition_timer t(10);
        t.on_ana_log(1, 1000);
        return t.armed() && t.deadline() == 21'000 && t.poll(20'999) == rc::anatt_decision::none &&
               t.poll(21'000) == rc::anatt_decision::reset_controller && !t.armed() &&
               t.poll(21'000) == rc::anatt_decision::none && t.poll(99'999) == rc::anatt_decision::none;
    }());

    rc::ana_transition_timer t(3);
    CHECK(t.timeout() == 6000);
    CHECK(t.poll(0) == rc::anatt_decision::none); // never armed
    t.on_ana_log(1, 500);
    CHECK(t.poll(6499) == rc::anatt_decision::none);
    CHECK(t.armed());
    CHECK(t.poll(6500) == rc::anatt_decision::reset_controller); // exactly at expiry
    CHECK(t.poll(6501) == rc::anatt_decision::none);             // once
    CHECK(std::string_view(rc::to_string(rc::anatt_decision::reset_controller)) == "reset controller");
    CHECK(std::string_view(rc::to_string(rc::anatt_decision::none)) == "none");
}

TEST_CASE("ANATT timer: leaving change disarms, re-entering arms again from the read", "[recovery][nvme][anatt]")
{
    rc::ana_transition_timer t(10);
    t.on_ana_log(1, 0);
    CHECK(t.deadline() == 20'000);
    t.on_ana_log(1, 5000); // another read while still in change: mod_timer() restarts it
    CHECK(t.deadline() == 25'000);
    CHECK(t.poll(20'000) == rc::anatt_decision::none);
    t.on_ana_log(0, 8000); // out of change: del_timer_sync()
    CHECK_FALSE(t.armed());
    CHECK(t.poll(25'000) == rc::anatt_decision::none);
    t.on_ana_log(0, 9000); // a read with nothing in change keeps it off
    CHECK_FALSE(t.armed());
    t.on_ana_log(1, 30'000); // re-entering change: a full 2 x ANATT again
    CHECK(t.deadline() == 50'000);
    CHECK(t.poll(49'999) == rc::anatt_decision::none);
    CHECK(t.poll(50'000) == rc::anatt_decision::reset_controller);
}

TEST_CASE("ANATT timer: several groups share one controller timer", "[recovery][nvme][anatt]")
{
    static constexpr page two_in_change =
        page{}.group(1, st(ana_state::change)).group(2, st(ana_state::optimized)).group(3, st(ana_state::change));
    static constexpr page one_in_change = page{}
                                              .group(1, st(ana_state::non_optimized))
                                              .group(2, st(ana_state::optimized))
                                              .group(3, st(ana_state::change));
    static constexpr page none_in_change = page{}
                                               .group(1, st(ana_state::non_optimized))
                                               .group(2, st(ana_state::optimized))
                                               .group(3, st(ana_state::inaccessible));
    STATIC_REQUIRE(rc::count_change_groups(two_in_change.log()) == 2);
    STATIC_REQUIRE(rc::count_change_groups(one_in_change.log()) == 1);
    STATIC_REQUIRE(rc::count_change_groups(none_in_change.log()) == 0);
    STATIC_REQUIRE([] {
        rc::ana_transition_timer t(2);
        return t.on_ana_log(two_in_change.log(), 100) && t.deadline() == 4100;
    }());

    rc::ana_transition_timer t(2);
    REQUIRE(t.on_ana_log(two_in_change.log(), 0));
    CHECK(t.deadline() == 4000);
    // Group 1 leaves change while group 3 stays: still armed (re-armed from this read).
    REQUIRE(t.on_ana_log(one_in_change.log(), 1000));
    CHECK(t.armed());
    CHECK(t.deadline() == 5000);
    CHECK(t.poll(4000) == rc::anatt_decision::none);
    // The last group leaves change: disarmed.
    REQUIRE(t.on_ana_log(none_in_change.log(), 2000));
    CHECK_FALSE(t.armed());
    CHECK(t.poll(5000) == rc::anatt_decision::none);
    // A group with no NSIDs in change counts as well (nvme_update_ana_state counts before it looks at NNSIDS).
    page empty_group = page{}.group(4, st(ana_state::change));
    empty_group.le32(20, 0);    // NNSIDS 0
    empty_group.used = 16 + 32; // no NSID list
    CHECK(rc::count_change_groups(empty_group.log()) == 1);
    REQUIRE(t.on_ana_log(empty_group.log(), 3000));
    CHECK(t.deadline() == 7000);
}

TEST_CASE("ANATT timer: ANATT 0 resets at once", "[recovery][nvme][anatt]")
{
    STATIC_REQUIRE(rc::ana_transition_timer::timeout_for(0) == 0);
    STATIC_REQUIRE([] {
        rc::ana_transition_timer t(0);
        t.on_ana_log(1, 500);
        return t.armed() && t.deadline() == 500 && t.poll(500) == rc::anatt_decision::reset_controller;
    }());
    rc::ana_transition_timer t(0);
    t.on_ana_log(0, 500); // no group in change: nothing, whatever ANATT
    CHECK(t.poll(500) == rc::anatt_decision::none);
}

TEST_CASE("ANATT timer: a refused log leaves it alone, a reset stops it", "[recovery][nvme][anatt]")
{
    page bad = page{}.group(1, st(ana_state::optimized)).group(2, st(ana_state::change));
    bad.le32(16 + 36, 0); // the second descriptor's ANAGRPID 0: nvme_parse_ana_log() refuses the page
    const page short_page = [] {
        page p = page{}.group(1, st(ana_state::change));
        p.used -= 8; // the data ends inside the descriptor's header
        return p;
    }();
    rc::ana_transition_timer t(1);
    CHECK_FALSE(t.on_ana_log(bad.log(), 0)); // refused, not armed either
    CHECK_FALSE(t.armed());
    t.on_ana_log(1, 0);
    CHECK_FALSE(t.on_ana_log(short_page.log(), 100));
    CHECK_FALSE(t.on_ana_log(bad.log(), 100));
    CHECK(t.armed());
    CHECK(t.deadline() == 2000); // unchanged by the refused reads
    CHECK(t.poll(2000) == rc::anatt_decision::reset_controller);
    // The caller resets the controller; nvme_mpath_stop() stops the timer,
    // and the log read after the reset arms it again while a group is in change.
    t.stop();
    CHECK_FALSE(t.armed());
    t.on_ana_log(1, 2500);
    CHECK(t.deadline() == 4500);
    t.stop(); // a reset for another reason
    CHECK(t.poll(4500) == rc::anatt_decision::none);
    // Near the end of time the deadline saturates instead of wrapping.
    t.on_ana_log(1, ~tick{0} - 10);
    CHECK(t.deadline() == ~tick{0});
    CHECK(t.poll(~tick{0} - 1) == rc::anatt_decision::none);
    CHECK(t.poll(~tick{0}) == rc::anatt_decision::reset_controller);
}

} // namespace ana_transition_timer_test

} // namespace test_recovery_ana_transition_timer_test
