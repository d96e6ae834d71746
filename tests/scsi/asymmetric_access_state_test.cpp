// SPDX-License-Identifier: MIT
#include <mpio/scsi/asymmetric_access_state.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_asymmetric_access_state_test {

namespace scsi = mpio::scsi;
using scsi::asymmetric_access_state;

namespace {

constexpr asymmetric_access_state state(unsigned code) noexcept { return static_cast<asymmetric_access_state>(code); }

constexpr bool same(const char* a, const char* b) noexcept
{
    std::size_t i = 0;
    for (; a[i] != '\0'; ++i)
        if (a[i] != b[i]) return false;
    return b[i] == '\0';
}

} // namespace

TEST_CASE("asymmetric_access_state: the codes are the standard's", "[scsi][alua]")
{
    STATIC_REQUIRE(asymmetric_access_state::active_optimized == state(0x0));
    STATIC_REQUIRE(asymmetric_access_state::active_non_optimized == state(0x1));
    STATIC_REQUIRE(asymmetric_access_state::standby == state(0x2));
    STATIC_REQUIRE(asymmetric_access_state::unavailable == state(0x3));
    STATIC_REQUIRE(asymmetric_access_state::logical_block_dependent == state(0x4));
    STATIC_REQUIRE(asymmetric_access_state::offline == state(0xE));
    STATIC_REQUIRE(asymmetric_access_state::transitioning == state(0xF));
    STATIC_REQUIRE(sizeof(asymmetric_access_state) == 1);
}

TEST_CASE("asymmetric_access_state: names, reserved codes kept and named", "[scsi][alua]")
{
    STATIC_REQUIRE(same(scsi::to_string(asymmetric_access_state::active_optimized), "active/optimized"));
    STATIC_REQUIRE(same(scsi::to_string(asymmetric_access_state::active_non_optimized), "active/non-optimized"));
    STATIC_REQUIRE(same(scsi::to_string(asymmetric_access_state::standby), "standby"));
    STATIC_REQUIRE(same(scsi::to_string(asymmetric_access_state::unavailable), "unavailable"));
    STATIC_REQUIRE(same(scsi::to_string(asymmetric_access_state::logical_block_dependent), "logical block dependent"));
    STATIC_REQUIRE(same(scsi::to_string(asymmetric_access_state::offline), "offline"));
    STATIC_REQUIRE(same(scsi::to_string(asymmetric_access_state::transitioning), "transitioning"));

    // 5h..Dh are reserved, and so is whatever does not fit the 4-bit field.
    for (unsigned code = 0; code <= 0xFF; ++code) {
        CAPTURE(code);
        const bool reserved = (code >= 0x5 && code <= 0xD) || code > 0xF;
        REQUIRE(scsi::is_reserved(state(code)) == reserved);
        REQUIRE((std::string(scsi::to_string(state(code))) == "reserved") == reserved);
        // A reserved code survives the round trip through the enum.
        REQUIRE(static_cast<unsigned>(state(code)) == code);
    }
}

TEST_CASE("asymmetric_access_state: only the four primary states are settable by STPG", "[scsi][alua]")
{
    STATIC_REQUIRE(scsi::settable_by_stpg(asymmetric_access_state::active_optimized));
    STATIC_REQUIRE(scsi::settable_by_stpg(asymmetric_access_state::active_non_optimized));
    STATIC_REQUIRE(scsi::settable_by_stpg(asymmetric_access_state::standby));
    STATIC_REQUIRE(scsi::settable_by_stpg(asymmetric_access_state::unavailable));
    STATIC_REQUIRE(!scsi::settable_by_stpg(asymmetric_access_state::logical_block_dependent));
    STATIC_REQUIRE(!scsi::settable_by_stpg(asymmetric_access_state::offline));
    STATIC_REQUIRE(!scsi::settable_by_stpg(asymmetric_access_state::transitioning));
    for (unsigned code = 0; code <= 0xFF; ++code) {
        CAPTURE(code);
        REQUIRE(scsi::settable_by_stpg(state(code)) == (code <= 3));
    }
}

} // namespace test_scsi_asymmetric_access_state_test
