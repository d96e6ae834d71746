// SPDX-License-Identifier: MIT
#include <mpio/scsi/sense_key.hpp>

#include <cstdint>
#include <cstring>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_sense_key_test {

using mpio::scsi::sense_key;

TEST_CASE("sense_key: SPC-6 names at compile time", "[scsi][sense_key]")
{
    STATIC_REQUIRE(mpio::scsi::to_string(sense_key::no_sense)[0] == 'N');
    STATIC_REQUIRE(mpio::scsi::to_string(sense_key::reserved)[0] == 'r');
    STATIC_REQUIRE(static_cast<std::uint8_t>(sense_key::completed) == 0xF);
}

TEST_CASE("sense_key: every 4-bit value has its standard name", "[scsi][sense_key]")
{
    static const char* const names[16] = {
        "NO SENSE",       "RECOVERED ERROR", "NOT READY",   "MEDIUM ERROR",    "HARDWARE ERROR", "ILLEGAL REQUEST",
        "UNIT ATTENTION", "DATA PROTECT",    "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED",   "ABORTED COMMAND",
        "reserved",       "VOLUME OVERFLOW", "MISCOMPARE",  "COMPLETED",
    };
    for (std::uint8_t k = 0; k < 16; ++k) {
        CAPTURE(k);
        CHECK(std::strcmp(mpio::scsi::to_string(static_cast<sense_key>(k)), names[k]) == 0);
    }
    // Not a 4-bit value: reserved, never a crash.
    CHECK(std::strcmp(mpio::scsi::to_string(static_cast<sense_key>(0x10)), "reserved") == 0);
    CHECK(std::strcmp(mpio::scsi::to_string(static_cast<sense_key>(0xFF)), "reserved") == 0);
}

} // namespace test_scsi_sense_key_test
