// SPDX-License-Identifier: MIT
#include <mpio/recovery/settings.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_settings_test {

namespace rc = mpio::recovery;

TEST_CASE("MPIO settings: Microsoft's defaults", "[recovery]")
{
    constexpr rc::mpio_settings s = rc::microsoft_defaults;
    STATIC_REQUIRE(!s.path_verify_enabled);
    STATIC_REQUIRE(s.path_verification_period == 30);
    STATIC_REQUIRE(s.pdo_remove_period == 20);
    STATIC_REQUIRE(s.retry_count == 3);
    STATIC_REQUIRE(s.retry_interval == 1);
    STATIC_REQUIRE(!s.use_custom_path_recovery_interval);
    STATIC_REQUIRE(s.path_recovery_interval == 40);
    STATIC_REQUIRE(s.disk_timeout == 120);
    STATIC_REQUIRE(s.alua_transition_time == 3);
    STATIC_REQUIRE(s.validate().has_value());
}

TEST_CASE("MPIO settings: ranges are those of Set-MPIOSetting (Int32)", "[recovery]")
{
    constexpr rc::mpio_settings at_max = [] {
        rc::mpio_settings s;
        s.retry_count = rc::mpio_setting_max;
        s.pdo_remove_period = rc::mpio_setting_max;
        return s;
    }();
    STATIC_REQUIRE(at_max.validate().has_value());
    constexpr rc::mpio_settings over = [] {
        rc::mpio_settings s;
        s.retry_interval = rc::mpio_setting_max + 1u;
        return s;
    }();
    STATIC_REQUIRE(over.validate().error() == mpio::errc::invalid_argument);
    constexpr rc::mpio_settings zero = [] {
        rc::mpio_settings s;
        s.retry_count = 0;
        s.retry_interval = 0;
        return s;
    }();
    STATIC_REQUIRE(zero.validate().has_value());
}

TEST_CASE("MPIO settings: path recovery interval, custom or not", "[recovery]")
{
    constexpr rc::mpio_settings d = rc::microsoft_defaults;
    STATIC_REQUIRE(d.effective_path_recovery_interval() == 30); // PathVerificationPeriod
    constexpr rc::mpio_settings c = [] {
        rc::mpio_settings s;
        s.use_custom_path_recovery_interval = true;
        return s;
    }();
    STATIC_REQUIRE(c.effective_path_recovery_interval() == 40);
    constexpr rc::mpio_settings c0 = [] {
        rc::mpio_settings s;
        s.use_custom_path_recovery_interval = true;
        s.path_recovery_interval = 0;
        return s;
    }();
    STATIC_REQUIRE(c0.effective_path_recovery_interval() == 30);
}

TEST_CASE("MPIO settings in ticks", "[recovery]")
{
    constexpr rc::mpio_timers t = rc::to_ticks(rc::microsoft_defaults, mpio::tick_rate{10'000'000}); // 100 ns
    STATIC_REQUIRE(t.path_verification_period == 300'000'000);
    STATIC_REQUIRE(t.pdo_remove_period == 200'000'000);
    STATIC_REQUIRE(t.retry_interval == 10'000'000);
    STATIC_REQUIRE(t.path_recovery_interval == 300'000'000);
    STATIC_REQUIRE(t.alua_transition_time == 30'000'000);
    STATIC_REQUIRE(t.retry_count == 3);
}

TEST_CASE("ALUA transition time: the RTPG implicit transition time wins when reported", "[recovery]")
{
    constexpr mpio::tick_rate ms{1000};
    STATIC_REQUIRE(rc::alua_transition_time(mpio::result<std::uint8_t>(std::uint8_t{10}), rc::microsoft_defaults, ms) ==
                   10'000);
    STATIC_REQUIRE(rc::alua_transition_time(mpio::result<std::uint8_t>(std::uint8_t{0}), rc::microsoft_defaults, ms) ==
                   3000);
    STATIC_REQUIRE(
        rc::alua_transition_time(mpio::failure(mpio::errc::unsupported_format), rc::microsoft_defaults, ms) == 3000);
}

} // namespace test_recovery_settings_test
