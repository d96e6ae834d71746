// SPDX-License-Identifier: MIT
#include <mpio/topology/alua_mode.hpp>

#include <catch2/catch.hpp>

#include <string_view>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_alua_mode_test {

using namespace mpio::topology;
using tpgs = mpio::scsi::target_port_group_support;

TEST_CASE("ALUA mode: TPGS confirmed by RTPG", "[topology][alua_mode]")
{
    STATIC_REQUIRE(decide_alua_mode(tpgs::not_supported, rtpg_outcome::not_issued).mode == alua_mode::none);
    STATIC_REQUIRE(decide_alua_mode(tpgs::not_supported, rtpg_outcome::failed).agreement == alua_agreement::consistent);
    STATIC_REQUIRE(decide_alua_mode(tpgs::implicit_only, rtpg_outcome::answered).mode == alua_mode::implicit);
    STATIC_REQUIRE(decide_alua_mode(tpgs::explicit_only, rtpg_outcome::answered).mode == alua_mode::explicit_);
    STATIC_REQUIRE(decide_alua_mode(tpgs::both, rtpg_outcome::answered).mode == alua_mode::both);
    STATIC_REQUIRE(decide_alua_mode(tpgs::both, rtpg_outcome::answered).agreement == alua_agreement::consistent);
    // Taken on trust when RTPG was not sent.
    STATIC_REQUIRE(decide_alua_mode(tpgs::both, rtpg_outcome::not_issued).mode == alua_mode::both);
    STATIC_REQUIRE(decide_alua_mode(tpgs::both, rtpg_outcome::not_issued).agreement == alua_agreement::unconfirmed);
    STATIC_REQUIRE(allows_stpg(alua_mode::explicit_));
    STATIC_REQUIRE(allows_stpg(alua_mode::both));
    STATIC_REQUIRE_FALSE(allows_stpg(alua_mode::implicit));
}

TEST_CASE("ALUA mode: TPGS and RTPG disagree", "[topology][alua_mode]")
{
    // TPGS 0 but RTPG answered: ALUA after all, implicit (no STPG to a device that never claimed explicit).
    constexpr alua_support a = decide_alua_mode(tpgs::not_supported, rtpg_outcome::answered);
    STATIC_REQUIRE(a.mode == alua_mode::implicit);
    STATIC_REQUIRE(a.agreement == alua_agreement::rtpg_without_tpgs);
    STATIC_REQUIRE(a.tpgs == tpgs::not_supported);
    // TPGS set but RTPG failed: the states cannot be read; no ALUA.
    constexpr alua_support b = decide_alua_mode(tpgs::explicit_only, rtpg_outcome::failed);
    STATIC_REQUIRE(b.mode == alua_mode::none);
    STATIC_REQUIRE(b.agreement == alua_agreement::tpgs_without_rtpg);
    STATIC_REQUIRE(std::string_view(to_string(b.agreement)) == "TPGS set but RTPG failed");
    STATIC_REQUIRE(std::string_view(to_string(alua_mode::both)) == "implicit and explicit");
}

} // namespace test_topology_alua_mode_test
