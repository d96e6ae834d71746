// SPDX-License-Identifier: MIT
#include <mpio/scsi/status.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_status_test {

using mpio::scsi::scsi_status;

namespace {
constexpr bool same(const char* a, const char* b)
{
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}
} // namespace

TEST_CASE("scsi_status: SAM-6 codes and names", "[scsi][status]")
{
    STATIC_REQUIRE(sizeof(scsi_status) == 1);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::good) == 0x00);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::check_condition) == 0x02);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::condition_met) == 0x04);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::busy) == 0x08);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::intermediate) == 0x10);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::intermediate_condition_met) == 0x14);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::reservation_conflict) == 0x18);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::command_terminated) == 0x22);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::task_set_full) == 0x28);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::aca_active) == 0x30);
    STATIC_REQUIRE(static_cast<std::uint8_t>(scsi_status::task_aborted) == 0x40);

    STATIC_REQUIRE(same(to_string(scsi_status::good), "GOOD"));
    STATIC_REQUIRE(same(to_string(scsi_status::check_condition), "CHECK CONDITION"));
    STATIC_REQUIRE(same(to_string(scsi_status::task_set_full), "TASK SET FULL"));
    STATIC_REQUIRE(same(to_string(scsi_status::intermediate_condition_met), "INTERMEDIATE-CONDITION MET"));
    STATIC_REQUIRE(same(to_string(scsi_status::command_terminated), "COMMAND TERMINATED"));
    STATIC_REQUIRE(same(to_string(static_cast<scsi_status>(0x20)), "reserved"));
    STATIC_REQUIRE(is_obsolete(scsi_status::intermediate));
    STATIC_REQUIRE(!is_obsolete(scsi_status::busy));
}

TEST_CASE("scsi_status: every byte value is representable; exactly eleven are named", "[scsi][status]")
{
    int named = 0;
    for (int v = 0; v < 256; ++v) {
        const auto s = static_cast<scsi_status>(v);
        REQUIRE(static_cast<int>(static_cast<std::uint8_t>(s)) == v);
        const std::string name = to_string(s);
        CHECK((name != "reserved") == is_defined(s));
        if (is_defined(s)) ++named;
        // SAM-6: every status code is even (bit 0 reserved), and at most 40h is defined.
        if (is_defined(s)) CHECK((v % 2 == 0 && v <= 0x40));
    }
    CHECK(named == 11);
}

} // namespace test_scsi_status_test
