// SPDX-License-Identifier: MIT
#include <mpio/recovery/verification.hpp>

#include <cstddef>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_verification_test {

namespace rc = mpio::recovery;
using rc::checker_state;
using rc::error_condition;
using rc::scsi_status;
using rc::transport_outcome;
using aas = mpio::scsi::asymmetric_access_state;
using sk = mpio::scsi::sense_key;

TEST_CASE("verification command: TUR without ALUA, RTPG with it", "[recovery]")
{
    STATIC_REQUIRE(rc::verification_command_for(false) == rc::verification_command::test_unit_ready);
    STATIC_REQUIRE(rc::verification_command_for(true) == rc::verification_command::report_target_port_groups);
    mpio::byte cdb[16]{};
    const auto tur =
        rc::build_verification_cdb(mpio::mutable_byte_view(cdb), rc::verification_command::test_unit_ready);
    REQUIRE(tur);
    CHECK(*tur == 6);
    CHECK(cdb[0] == 0x00);
    const auto rtpg =
        rc::build_verification_cdb(mpio::mutable_byte_view(cdb), rc::verification_command::report_target_port_groups);
    REQUIRE(rtpg);
    CHECK(*rtpg == 12);
    CHECK(cdb[0] == 0xA3);
    CHECK(cdb[1] == ((1 << 5) | 0x0A)); // extended header, service action 0Ah
    CHECK(mpio::load_be32(mpio::byte_view(cdb, 12), 6) == rc::verification_rtpg_allocation_length);
    CHECK(rc::build_verification_cdb(mpio::mutable_byte_view(cdb), rc::verification_command::none).error() ==
          mpio::errc::invalid_argument);
    CHECK(rc::build_verification_cdb(mpio::mutable_byte_view(cdb, 4), rc::verification_command::test_unit_ready)
              .error() == mpio::errc::buffer_too_small);
}

TEST_CASE("TUR reading of multipath-tools' tur checker", "[recovery]")
{
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::good()) == checker_state::up);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::with_status(scsi_status::reservation_conflict)) ==
                   checker_state::up);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::check_condition(sk::not_ready, 0x04, 0x0B)) ==
                   checker_state::ghost);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::check_condition(sk::not_ready, 0x04, 0x0A)) ==
                   checker_state::pending);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::check_condition(sk::illegal_request, 0x25, 0x00)) ==
                   checker_state::disconnected);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::check_condition(sk::unit_attention, 0x29, 0x00)) ==
                   checker_state::retry);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::check_condition(sk::not_ready, 0x04, 0x0C)) ==
                   checker_state::down);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::check_condition(sk::not_ready, 0x04, 0x01)) ==
                   checker_state::down);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::with_status(scsi_status::busy)) ==
                   checker_state::down);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::transport_error(transport_outcome::timeout)) ==
                   checker_state::down);
    STATIC_REQUIRE(rc::interpret_test_unit_ready(error_condition::with_status(scsi_status::check_condition)) ==
                   checker_state::down);
    // UNIT ATTENTION with sense that ends before the ASC: still a retry (tur.c looks at the key only).
    constexpr error_condition short_ua = [] {
        error_condition c = error_condition::check_condition(sk::unit_attention, 0, 0);
        c.has_asc_ascq = false;
        return c;
    }();
    STATIC_REQUIRE(rc::interpret_test_unit_ready(short_ua) == checker_state::retry);
}

TEST_CASE("RTPG verification: the group's state", "[recovery]")
{
    STATIC_REQUIRE(rc::checker_state_for(aas::active_optimized) == checker_state::up);
    STATIC_REQUIRE(rc::checker_state_for(aas::active_non_optimized) == checker_state::up);
    STATIC_REQUIRE(rc::checker_state_for(aas::logical_block_dependent) == checker_state::up);
    STATIC_REQUIRE(rc::checker_state_for(aas::standby) == checker_state::ghost);
    STATIC_REQUIRE(rc::checker_state_for(aas::unavailable) == checker_state::ghost);
    STATIC_REQUIRE(rc::checker_state_for(aas::transitioning) == checker_state::pending);
    STATIC_REQUIRE(rc::checker_state_for(aas::offline) == checker_state::down);
    STATIC_REQUIRE(rc::checker_state_for(static_cast<aas>(7)) == checker_state::down);
    constexpr auto ok = rc::verification_result::from_rtpg(error_condition::good(), aas::standby);
    STATIC_REQUIRE(ok.state == checker_state::ghost);
    STATIC_REQUIRE(ok.has_alua_state);
    STATIC_REQUIRE(ok.alua_state == aas::standby);
    constexpr auto lost = rc::verification_result::from_rtpg(
        error_condition::transport_error(transport_outcome::connection_lost), aas::active_optimized);
    STATIC_REQUIRE(lost.state == checker_state::down);
    STATIC_REQUIRE(!lost.has_alua_state);
    for (int s = 0; s <= static_cast<int>(checker_state::retry); ++s)
        CHECK(std::string(rc::to_string(static_cast<checker_state>(s))) != "unknown");
}

} // namespace test_recovery_verification_test
