// SPDX-License-Identifier: MIT
#include <mpio/recovery/flaky_path.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_flaky_path_test {

namespace rc = mpio::recovery;

TEST_CASE("flaky path: more than `threshold` failures in a window -> out for the recovery time", "[recovery]")
{
    rc::flaky_detector f(rc::flaky_config{2, 10'000, 60'000});
    CHECK_FALSE(f.record_failure(1000));
    CHECK_FALSE(f.record_failure(2000));
    CHECK_FALSE(f.flaky(2000));
    CHECK(f.record_failure(3000)); // third in the window: flaky
    CHECK(f.flaky(3000));
    CHECK(f.flaky(62'999));
    CHECK_FALSE(f.flaky(63'000));
    CHECK(f.flaky_until() == 63'000);
    CHECK_FALSE(f.record_failure(4000)); // already flaky: extends, not "newly"
    CHECK(f.flaky_until() == 64'000);
}

TEST_CASE("flaky path: failures spread over windows do not add up", "[recovery]")
{
    rc::flaky_detector f(rc::flaky_config{2, 10'000, 60'000});
    CHECK_FALSE(f.record_failure(0));
    CHECK_FALSE(f.record_failure(9'000));
    CHECK_FALSE(f.record_failure(10'000)); // a new window starts
    CHECK(f.failures_in_window() == 1);
    CHECK_FALSE(f.record_failure(19'999));
    CHECK_FALSE(f.flaky(20'000));
}

TEST_CASE("flaky path: disabled by default", "[recovery]")
{
    rc::flaky_detector f;
    STATIC_REQUIRE(!rc::flaky_config{}.enabled());
    for (int i = 0; i < 100; ++i) CHECK_FALSE(f.record_failure(static_cast<mpio::tick>(i)));
    CHECK_FALSE(f.flaky(50));
}

} // namespace test_recovery_flaky_path_test
