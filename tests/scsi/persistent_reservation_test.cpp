// SPDX-License-Identifier: MIT
#include <mpio/scsi/persistent_reservation.hpp>

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_persistent_reservation_test {

namespace scsi = mpio::scsi;

TEST_CASE("persistent_reservation: types", "[persistent_reservation][constexpr]")
{
    STATIC_REQUIRE(scsi::is_defined(scsi::pr_type::write_exclusive));
    STATIC_REQUIRE(scsi::is_defined(scsi::pr_type::exclusive_access_all_registrants));
    STATIC_REQUIRE(!scsi::is_defined(scsi::pr_type::obsolete_0));
    STATIC_REQUIRE(!scsi::is_defined(scsi::pr_type::obsolete_4));
    STATIC_REQUIRE(!scsi::is_defined(static_cast<scsi::pr_type>(9)));

    STATIC_REQUIRE(!scsi::grants_all_registrants_access(scsi::pr_type::write_exclusive));
    STATIC_REQUIRE(!scsi::grants_all_registrants_access(scsi::pr_type::exclusive_access));
    STATIC_REQUIRE(scsi::grants_all_registrants_access(scsi::pr_type::write_exclusive_registrants_only));
    STATIC_REQUIRE(scsi::grants_all_registrants_access(scsi::pr_type::exclusive_access_registrants_only));
    STATIC_REQUIRE(scsi::grants_all_registrants_access(scsi::pr_type::write_exclusive_all_registrants));
    STATIC_REQUIRE(scsi::grants_all_registrants_access(scsi::pr_type::exclusive_access_all_registrants));
    STATIC_REQUIRE(scsi::is_all_registrants(scsi::pr_type::exclusive_access_all_registrants));
    STATIC_REQUIRE(!scsi::is_all_registrants(scsi::pr_type::exclusive_access_registrants_only));

    CHECK(std::string(scsi::short_name(scsi::pr_type::write_exclusive_registrants_only)) == "WE-RO");
    CHECK(std::string(scsi::short_name(scsi::pr_type::exclusive_access_all_registrants)) == "EA-AR");
    CHECK(std::string(scsi::short_name(scsi::pr_type::obsolete_2)) == "obsolete");
    CHECK(std::string(scsi::short_name(static_cast<scsi::pr_type>(0xC))) == "reserved");
    CHECK(std::string(scsi::to_string(scsi::pr_type::exclusive_access)) == "Exclusive Access");
    CHECK(std::string(scsi::to_string(static_cast<scsi::pr_type>(0xF))) == "reserved");
    CHECK(std::string(scsi::to_string(scsi::pr_scope::lu_scope)) == "LU_SCOPE");
    CHECK(std::string(scsi::to_string(static_cast<scsi::pr_scope>(5))) == "reserved");
}

TEST_CASE("persistent_reservation: service actions", "[persistent_reservation][constexpr]")
{
    using sa = scsi::pr_out_service_action;
    STATIC_REQUIRE(!scsi::uses_type(sa::register_key));
    STATIC_REQUIRE(!scsi::uses_type(sa::register_and_ignore_existing_key));
    STATIC_REQUIRE(!scsi::uses_type(sa::clear));
    STATIC_REQUIRE(scsi::uses_type(sa::reserve));
    STATIC_REQUIRE(scsi::uses_type(sa::release));
    STATIC_REQUIRE(scsi::uses_type(sa::preempt));
    STATIC_REQUIRE(scsi::uses_type(sa::preempt_and_abort));
    STATIC_REQUIRE(scsi::uses_type(sa::register_and_move));
    STATIC_REQUIRE(scsi::uses_type(sa::replace_lost_reservation));
    STATIC_REQUIRE(!scsi::uses_type(static_cast<sa>(0x1F)));
    CHECK(std::string(scsi::to_string(sa::register_and_ignore_existing_key)) == "REGISTER AND IGNORE EXISTING KEY");
    CHECK(std::string(scsi::to_string(sa::replace_lost_reservation)) == "REPLACE LOST RESERVATION");
    CHECK(std::string(scsi::to_string(static_cast<sa>(9))) == "reserved");
    CHECK(std::string(scsi::to_string(scsi::pr_in_service_action::read_full_status)) == "READ FULL STATUS");
    CHECK(std::string(scsi::to_string(static_cast<scsi::pr_in_service_action>(4))) == "reserved");
}

} // namespace test_scsi_persistent_reservation_test
