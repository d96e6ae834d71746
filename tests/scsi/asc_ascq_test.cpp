// SPDX-License-Identifier: MIT
#include <mpio/scsi/asc_ascq.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_asc_ascq_test {

using namespace mpio::scsi;

namespace {

constexpr unsigned key_of(const additional_sense_entry& e) noexcept { return (unsigned{e.asc} << 8) | e.ascq; }

constexpr bool table_is_sorted_and_unique() noexcept
{
    const auto& table = detail::additional_sense_table;
    for (std::size_t i = 1; i < detail::additional_sense_table_size; ++i)
        if (!(key_of(table[i - 1]) < key_of(table[i]))) return false;
    return true;
}

constexpr std::size_t length(const char* text) noexcept
{
    std::size_t n = 0;
    while (text[n] != '\0') ++n;
    return n;
}

constexpr bool equal(const char* a, const char* b) noexcept
{
    std::size_t i = 0;
    for (; a[i] != '\0'; ++i)
        if (a[i] != b[i]) return false;
    return b[i] == '\0';
}

// Every name is non-empty, has no leading, trailing or doubled blank, and
// fits the renderer's capacity.
constexpr bool every_text_is_clean(const char* text) noexcept
{
    const std::size_t n = length(text);
    if (n == 0 || n > additional_sense_text_capacity) return false;
    if (text[0] == ' ' || text[n - 1] == ' ') return false;
    for (std::size_t i = 1; i < n; ++i)
        if (text[i] == ' ' && text[i - 1] == ' ') return false;
    return true;
}

constexpr bool every_entry_is_clean() noexcept
{
    for (const additional_sense_entry& e : detail::additional_sense_table)
        if (mpio::detail::is_null(e.text) || !every_text_is_clean(e.text)) return false;
    for (const additional_sense_range& r : detail::additional_sense_ranges)
        if (mpio::detail::is_null(r.text) || !every_text_is_clean(r.text)) return false;
    return true;
}

// The casing rule: T10's upper case; the only lower case letters are the
// ones T10 writes itself ("iSCSI" three times, "iuCRC" once).
constexpr std::size_t entries_with_lower_case() noexcept
{
    std::size_t count = 0;
    for (const additional_sense_entry& e : detail::additional_sense_table) {
        for (std::size_t i = 0; e.text[i] != '\0'; ++i) {
            if (e.text[i] >= 'a' && e.text[i] <= 'z') {
                ++count;
                break;
            }
        }
    }
    return count;
}

// A ranged entry never shadows a plain one, except 40h/00h which sits
// below the 40h range on purpose.
constexpr bool ranges_do_not_overlap_the_table() noexcept
{
    for (const additional_sense_range& r : detail::additional_sense_ranges) {
        if (r.ascq_first > r.ascq_last) return false;
        for (unsigned q = r.ascq_first; q <= r.ascq_last; ++q)
            if (find_additional_sense(r.asc, static_cast<std::uint8_t>(q)) != nullptr) return false;
    }
    return true;
}

constexpr bool text_is(std::uint8_t asc, std::uint8_t ascq, const char* expected) noexcept
{
    const char* text = additional_sense_text(asc, ascq);
    return text != nullptr && equal(text, expected) &&
           classify_additional_sense(asc, ascq) == additional_sense_kind::listed;
}

// Every ASCQ from first to last of `asc` is listed.
constexpr bool all_listed(std::uint8_t asc, std::uint8_t first, std::uint8_t last) noexcept
{
    for (unsigned q = first; q <= last; ++q)
        if (classify_additional_sense(asc, static_cast<std::uint8_t>(q)) != additional_sense_kind::listed) return false;
    return true;
}

constexpr bool renders_as(std::uint8_t asc, std::uint8_t ascq, const char* expected) noexcept
{
    mpio::fixed_text<additional_sense_text_capacity> out;
    append_additional_sense(out, asc, ascq);
    return !out.overflowed() && out.equals(expected);
}

} // namespace

TEST_CASE("asc/ascq: the table is well formed", "[scsi][asc_ascq]")
{
    STATIC_REQUIRE(table_is_sorted_and_unique());
    STATIC_REQUIRE(every_entry_is_clean());
    STATIC_REQUIRE(entries_with_lower_case() == 4);
    STATIC_REQUIRE(ranges_do_not_overlap_the_table());
    STATIC_REQUIRE(detail::additional_sense_table_size == 760);
    STATIC_REQUIRE(find_additional_sense(0x00, 0x00) == &detail::additional_sense_table[0]);
    STATIC_REQUIRE(find_additional_sense(0x74, 0x79) ==
                   &detail::additional_sense_table[detail::additional_sense_table_size - 1]);
    // No entry of the T10 list is vendor specific (ASC 80h..FFh).
    STATIC_REQUIRE(detail::additional_sense_table[detail::additional_sense_table_size - 1].asc < 0x80);
}

TEST_CASE("asc/ascq: not ready reasons (04h/xxh)", "[scsi][asc_ascq]")
{
    // 04h/00h..04h/25h are all assigned except 04h/0Fh.
    STATIC_REQUIRE(all_listed(0x04, 0x00, 0x0e));
    STATIC_REQUIRE(all_listed(0x04, 0x10, 0x25));
    STATIC_REQUIRE(classify_additional_sense(0x04, 0x0f) == additional_sense_kind::reserved);
    STATIC_REQUIRE(classify_additional_sense(0x04, 0x26) == additional_sense_kind::reserved);
    STATIC_REQUIRE(text_is(0x04, 0x00, "LOGICAL UNIT NOT READY, CAUSE NOT REPORTABLE"));
    STATIC_REQUIRE(text_is(0x04, 0x01, "LOGICAL UNIT IS IN PROCESS OF BECOMING READY"));
    STATIC_REQUIRE(text_is(0x04, 0x02, "LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x03, "LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x04, "LOGICAL UNIT NOT READY, FORMAT IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x05, "LOGICAL UNIT NOT READY, REBUILD IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x06, "LOGICAL UNIT NOT READY, RECALCULATION IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x07, "LOGICAL UNIT NOT READY, OPERATION IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x08, "LOGICAL UNIT NOT READY, LONG WRITE IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x09, "LOGICAL UNIT NOT READY, SELF-TEST IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x0a, "LOGICAL UNIT NOT ACCESSIBLE, ASYMMETRIC ACCESS STATE TRANSITION"));
    STATIC_REQUIRE(text_is(0x04, 0x0b, "LOGICAL UNIT NOT ACCESSIBLE, TARGET PORT IN STANDBY STATE"));
    STATIC_REQUIRE(text_is(0x04, 0x0c, "LOGICAL UNIT NOT ACCESSIBLE, TARGET PORT IN UNAVAILABLE STATE"));
    STATIC_REQUIRE(text_is(0x04, 0x0d, "LOGICAL UNIT NOT READY, STRUCTURE CHECK REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x0e, "LOGICAL UNIT NOT READY, SECURITY SESSION IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x10, "LOGICAL UNIT NOT READY, AUXILIARY MEMORY NOT ACCESSIBLE"));
    STATIC_REQUIRE(text_is(0x04, 0x11, "LOGICAL UNIT NOT READY, NOTIFY (ENABLE SPINUP) REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x12, "LOGICAL UNIT NOT READY, OFFLINE"));
    STATIC_REQUIRE(text_is(0x04, 0x13, "LOGICAL UNIT NOT READY, SA CREATION IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x14, "LOGICAL UNIT NOT READY, SPACE ALLOCATION IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x15, "LOGICAL UNIT NOT READY, ROBOTICS DISABLED"));
    STATIC_REQUIRE(text_is(0x04, 0x16, "LOGICAL UNIT NOT READY, CONFIGURATION REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x17, "LOGICAL UNIT NOT READY, CALIBRATION REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x18, "LOGICAL UNIT NOT READY, A DOOR IS OPEN"));
    STATIC_REQUIRE(text_is(0x04, 0x19, "LOGICAL UNIT NOT READY, OPERATING IN SEQUENTIAL MODE"));
    STATIC_REQUIRE(text_is(0x04, 0x1a, "LOGICAL UNIT NOT READY, START STOP UNIT COMMAND IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x1b, "LOGICAL UNIT NOT READY, SANITIZE IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x1c, "LOGICAL UNIT NOT READY, ADDITIONAL POWER USE NOT YET GRANTED"));
    STATIC_REQUIRE(text_is(0x04, 0x1d, "LOGICAL UNIT NOT READY, CONFIGURATION IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x1e, "LOGICAL UNIT NOT READY, MICROCODE ACTIVATION REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x1f, "LOGICAL UNIT NOT READY, MICROCODE DOWNLOAD REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x20, "LOGICAL UNIT NOT READY, LOGICAL UNIT RESET REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x21, "LOGICAL UNIT NOT READY, HARD RESET REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x22, "LOGICAL UNIT NOT READY, POWER CYCLE REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x23, "LOGICAL UNIT NOT READY, AFFILIATION REQUIRED"));
    STATIC_REQUIRE(text_is(0x04, 0x24, "DEPOPULATION IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x04, 0x25, "DEPOPULATION RESTORATION IN PROGRESS"));
}

TEST_CASE("asc/ascq: unit attentions a multipath stack acts on", "[scsi][asc_ascq]")
{
    // 29h/xxh: resets.
    STATIC_REQUIRE(all_listed(0x29, 0x00, 0x07));
    STATIC_REQUIRE(text_is(0x29, 0x00, "POWER ON, RESET, OR BUS DEVICE RESET OCCURRED"));
    STATIC_REQUIRE(text_is(0x29, 0x01, "POWER ON OCCURRED"));
    STATIC_REQUIRE(text_is(0x29, 0x02, "SCSI BUS RESET OCCURRED"));
    STATIC_REQUIRE(text_is(0x29, 0x03, "BUS DEVICE RESET FUNCTION OCCURRED"));
    STATIC_REQUIRE(text_is(0x29, 0x04, "DEVICE INTERNAL RESET"));
    STATIC_REQUIRE(text_is(0x29, 0x05, "TRANSCEIVER MODE CHANGED TO SINGLE-ENDED"));
    STATIC_REQUIRE(text_is(0x29, 0x06, "TRANSCEIVER MODE CHANGED TO LVD"));
    STATIC_REQUIRE(text_is(0x29, 0x07, "I_T NEXUS LOSS OCCURRED"));

    // 2Ah/xxh: parameters changed (2Ah/0Eh, 2Ah/0Fh are not assigned).
    STATIC_REQUIRE(all_listed(0x2a, 0x00, 0x0d));
    STATIC_REQUIRE(all_listed(0x2a, 0x10, 0x16));
    STATIC_REQUIRE(text_is(0x2a, 0x00, "PARAMETERS CHANGED"));
    STATIC_REQUIRE(text_is(0x2a, 0x01, "MODE PARAMETERS CHANGED"));
    STATIC_REQUIRE(text_is(0x2a, 0x02, "LOG PARAMETERS CHANGED"));
    STATIC_REQUIRE(text_is(0x2a, 0x03, "RESERVATIONS PREEMPTED"));
    STATIC_REQUIRE(text_is(0x2a, 0x04, "RESERVATIONS RELEASED"));
    STATIC_REQUIRE(text_is(0x2a, 0x05, "REGISTRATIONS PREEMPTED"));
    STATIC_REQUIRE(text_is(0x2a, 0x06, "ASYMMETRIC ACCESS STATE CHANGED"));
    STATIC_REQUIRE(text_is(0x2a, 0x07, "IMPLICIT ASYMMETRIC ACCESS STATE TRANSITION FAILED"));
    STATIC_REQUIRE(text_is(0x2a, 0x08, "PRIORITY CHANGED"));
    STATIC_REQUIRE(text_is(0x2a, 0x09, "CAPACITY DATA HAS CHANGED"));
    STATIC_REQUIRE(text_is(0x2a, 0x10, "TIMESTAMP CHANGED"));
    STATIC_REQUIRE(text_is(0x2a, 0x16, "ZONE RESET WRITE POINTER RECOMMENDED"));

    // 3Fh/xxh: target operating conditions have changed.
    STATIC_REQUIRE(all_listed(0x3f, 0x00, 0x1a));
    STATIC_REQUIRE(text_is(0x3f, 0x00, "TARGET OPERATING CONDITIONS HAVE CHANGED"));
    STATIC_REQUIRE(text_is(0x3f, 0x01, "MICROCODE HAS BEEN CHANGED"));
    STATIC_REQUIRE(text_is(0x3f, 0x02, "CHANGED OPERATING DEFINITION"));
    STATIC_REQUIRE(text_is(0x3f, 0x03, "INQUIRY DATA HAS CHANGED"));
    STATIC_REQUIRE(text_is(0x3f, 0x05, "DEVICE IDENTIFIER CHANGED"));
    STATIC_REQUIRE(text_is(0x3f, 0x0e, "REPORTED LUNS DATA HAS CHANGED"));
    STATIC_REQUIRE(text_is(0x3f, 0x12, "iSCSI IP ADDRESS ADDED"));
    STATIC_REQUIRE(text_is(0x3f, 0x16, "MICROCODE HAS BEEN CHANGED WITHOUT RESET"));
}

TEST_CASE("asc/ascq: illegal requests and failures a multipath stack acts on", "[scsi][asc_ascq]")
{
    STATIC_REQUIRE(text_is(0x20, 0x00, "INVALID COMMAND OPERATION CODE"));
    STATIC_REQUIRE(text_is(0x21, 0x00, "LOGICAL BLOCK ADDRESS OUT OF RANGE"));
    STATIC_REQUIRE(text_is(0x24, 0x00, "INVALID FIELD IN CDB"));
    STATIC_REQUIRE(text_is(0x25, 0x00, "LOGICAL UNIT NOT SUPPORTED"));
    STATIC_REQUIRE(all_listed(0x26, 0x00, 0x16));
    STATIC_REQUIRE(text_is(0x26, 0x00, "INVALID FIELD IN PARAMETER LIST"));
    STATIC_REQUIRE(text_is(0x26, 0x01, "PARAMETER NOT SUPPORTED"));
    STATIC_REQUIRE(text_is(0x26, 0x02, "PARAMETER VALUE INVALID"));
    STATIC_REQUIRE(text_is(0x26, 0x03, "THRESHOLD PARAMETERS NOT SUPPORTED"));
    STATIC_REQUIRE(text_is(0x26, 0x04, "INVALID RELEASE OF PERSISTENT RESERVATION"));
    STATIC_REQUIRE(text_is(0x26, 0x16, "FAST COPY NOT POSSIBLE"));

    STATIC_REQUIRE(all_listed(0x3a, 0x00, 0x04));
    STATIC_REQUIRE(text_is(0x3a, 0x00, "MEDIUM NOT PRESENT"));
    STATIC_REQUIRE(text_is(0x3a, 0x01, "MEDIUM NOT PRESENT - TRAY CLOSED"));
    STATIC_REQUIRE(text_is(0x3a, 0x02, "MEDIUM NOT PRESENT - TRAY OPEN"));
    STATIC_REQUIRE(text_is(0x3a, 0x03, "MEDIUM NOT PRESENT - LOADABLE"));
    STATIC_REQUIRE(text_is(0x3a, 0x04, "MEDIUM NOT PRESENT - MEDIUM AUXILIARY MEMORY ACCESSIBLE"));

    STATIC_REQUIRE(all_listed(0x3e, 0x00, 0x04));
    STATIC_REQUIRE(text_is(0x3e, 0x00, "LOGICAL UNIT HAS NOT SELF-CONFIGURED YET"));
    STATIC_REQUIRE(text_is(0x3e, 0x01, "LOGICAL UNIT FAILURE"));
    STATIC_REQUIRE(text_is(0x3e, 0x02, "TIMEOUT ON LOGICAL UNIT"));
    STATIC_REQUIRE(text_is(0x3e, 0x03, "LOGICAL UNIT FAILED SELF-TEST"));
    STATIC_REQUIRE(text_is(0x3e, 0x04, "LOGICAL UNIT UNABLE TO UPDATE SELF-TEST LOG"));

    STATIC_REQUIRE(text_is(0x44, 0x00, "INTERNAL TARGET FAILURE"));
    STATIC_REQUIRE(text_is(0x44, 0x01, "PERSISTENT RESERVATION INFORMATION LOST"));
    STATIC_REQUIRE(text_is(0x44, 0x71, "ATA DEVICE FAILED SET FEATURES"));

    STATIC_REQUIRE(all_listed(0x47, 0x00, 0x06));
    STATIC_REQUIRE(text_is(0x47, 0x00, "SCSI PARITY ERROR"));
    STATIC_REQUIRE(text_is(0x47, 0x01, "DATA PHASE CRC ERROR DETECTED"));
    STATIC_REQUIRE(text_is(0x47, 0x02, "SCSI PARITY ERROR DETECTED DURING ST DATA PHASE"));
    STATIC_REQUIRE(text_is(0x47, 0x03, "INFORMATION UNIT iuCRC ERROR DETECTED"));
    STATIC_REQUIRE(text_is(0x47, 0x04, "ASYNCHRONOUS INFORMATION PROTECTION ERROR DETECTED"));
    STATIC_REQUIRE(text_is(0x47, 0x05, "PROTOCOL SERVICE CRC ERROR"));
    STATIC_REQUIRE(text_is(0x47, 0x06, "PHY TEST FUNCTION IN PROGRESS"));
    STATIC_REQUIRE(text_is(0x47, 0x7f, "SOME COMMANDS CLEARED BY ISCSI PROTOCOL EVENT"));

    STATIC_REQUIRE(all_listed(0x4b, 0x00, 0x15));
    STATIC_REQUIRE(text_is(0x4b, 0x00, "DATA PHASE ERROR"));
    STATIC_REQUIRE(text_is(0x4b, 0x01, "INVALID TARGET PORT TRANSFER TAG RECEIVED"));
    STATIC_REQUIRE(text_is(0x4b, 0x02, "TOO MUCH WRITE DATA"));
    STATIC_REQUIRE(text_is(0x4b, 0x03, "ACK/NAK TIMEOUT"));
    STATIC_REQUIRE(text_is(0x4b, 0x04, "NAK RECEIVED"));
    STATIC_REQUIRE(text_is(0x4b, 0x05, "DATA OFFSET ERROR"));
    STATIC_REQUIRE(text_is(0x4b, 0x06, "INITIATOR RESPONSE TIMEOUT"));
    STATIC_REQUIRE(text_is(0x4b, 0x07, "CONNECTION LOST"));
    STATIC_REQUIRE(text_is(0x4b, 0x0e, "PCIE FABRIC ERROR"));
    STATIC_REQUIRE(text_is(0x4b, 0x15, "PCIE TLP PREFIX BLOCKED"));

    STATIC_REQUIRE(text_is(0x67, 0x0a, "SET TARGET PORT GROUPS COMMAND FAILED"));
    STATIC_REQUIRE(text_is(0x68, 0x00, "LOGICAL UNIT NOT CONFIGURED"));
    STATIC_REQUIRE(text_is(0x68, 0x01, "SUBSIDIARY LOGICAL UNIT NOT CONFIGURED"));
    STATIC_REQUIRE(text_is(0x2c, 0x07, "PREVIOUS BUSY STATUS"));
    STATIC_REQUIRE(text_is(0x2f, 0x00, "COMMANDS CLEARED BY ANOTHER INITIATOR"));
    STATIC_REQUIRE(text_is(0x5d, 0x00, "FAILURE PREDICTION THRESHOLD EXCEEDED"));
    STATIC_REQUIRE(text_is(0x5d, 0xff, "FAILURE PREDICTION THRESHOLD EXCEEDED (FALSE)"));
    STATIC_REQUIRE(text_is(0x00, 0x00, "NO ADDITIONAL SENSE INFORMATION"));
}

TEST_CASE("asc/ascq: ranged entries", "[scsi][asc_ascq]")
{
    // 40h: 00h is a plain entry, 80h..FFh the numbered one, 01h..7Fh reserved.
    STATIC_REQUIRE(text_is(0x40, 0x00, "RAM FAILURE (SHOULD USE 40 NN)"));
    STATIC_REQUIRE(classify_additional_sense(0x40, 0x01) == additional_sense_kind::reserved);
    STATIC_REQUIRE(classify_additional_sense(0x40, 0x7f) == additional_sense_kind::reserved);
    STATIC_REQUIRE(classify_additional_sense(0x40, 0x80) == additional_sense_kind::ranged);
    STATIC_REQUIRE(classify_additional_sense(0x40, 0xff) == additional_sense_kind::ranged);
    STATIC_REQUIRE(equal(additional_sense_text(0x40, 0x85), "DIAGNOSTIC FAILURE ON COMPONENT NN (80h-FFh)"));
    STATIC_REQUIRE(find_additional_sense(0x40, 0x85) == nullptr);
    STATIC_REQUIRE(renders_as(0x40, 0x85, "DIAGNOSTIC FAILURE ON COMPONENT 0x85 (80h-FFh)"));
    STATIC_REQUIRE(renders_as(0x40, 0x00, "RAM FAILURE (SHOULD USE 40 NN)")); // a plain entry keeps its NN
    STATIC_REQUIRE(renders_as(0x40, 0x01, "ASC 0x40 ASCQ 0x01"));

    // 4Dh/NNh and 70h/NNh: every ASCQ, vendor range included.
    for (unsigned q = 0; q <= 0xff; ++q) {
        REQUIRE(classify_additional_sense(0x4d, static_cast<std::uint8_t>(q)) == additional_sense_kind::ranged);
        REQUIRE(classify_additional_sense(0x70, static_cast<std::uint8_t>(q)) == additional_sense_kind::ranged);
    }
    STATIC_REQUIRE(renders_as(0x4d, 0x00, "TAGGED OVERLAPPED COMMANDS (0x00 = TASK TAG)"));
    STATIC_REQUIRE(renders_as(0x4d, 0x2a, "TAGGED OVERLAPPED COMMANDS (0x2a = TASK TAG)"));
    STATIC_REQUIRE(renders_as(0x4d, 0xff, "TAGGED OVERLAPPED COMMANDS (0xff = TASK TAG)"));
    STATIC_REQUIRE(renders_as(0x70, 0x07, "DECOMPRESSION EXCEPTION SHORT ALGORITHM ID OF 0x07"));
    STATIC_REQUIRE(renders_as(0x70, 0x9c, "DECOMPRESSION EXCEPTION SHORT ALGORITHM ID OF 0x9c"));
    STATIC_REQUIRE(text_is(0x71, 0x00, "DECOMPRESSION EXCEPTION LONG ALGORITHM ID"));

    // 41h and 42h have no numbered range in the T10 list.
    STATIC_REQUIRE(text_is(0x41, 0x00, "DATA PATH FAILURE (SHOULD USE 40 NN)"));
    STATIC_REQUIRE(text_is(0x42, 0x00, "POWER-ON OR SELF-TEST FAILURE (SHOULD USE 40 NN)"));
    STATIC_REQUIRE(classify_additional_sense(0x41, 0x01) == additional_sense_kind::reserved);
    STATIC_REQUIRE(classify_additional_sense(0x42, 0x90) == additional_sense_kind::vendor_specific_ascq);
}

TEST_CASE("asc/ascq: vendor specific, obsolete and reserved codes", "[scsi][asc_ascq]")
{
    // Unknown codes: "ASC 0xNN ASCQ 0xNN".
    STATIC_REQUIRE(additional_sense_text(0x0f, 0x00) == nullptr);
    STATIC_REQUIRE(classify_additional_sense(0x0f, 0x00) == additional_sense_kind::reserved);
    STATIC_REQUIRE(renders_as(0x0f, 0x00, "ASC 0x0f ASCQ 0x00"));
    STATIC_REQUIRE(renders_as(0x04, 0x0f, "ASC 0x04 ASCQ 0x0f"));
    STATIC_REQUIRE(renders_as(0x7f, 0x7f, "ASC 0x7f ASCQ 0x7f"));
    STATIC_REQUIRE(renders_as(0x30, 0x0b, "ASC 0x30 ASCQ 0x0b")); // sg3_utils' "Cleaning tape expired": not T10's

    // ASC 80h..FFh.
    STATIC_REQUIRE(additional_sense_text(0x80, 0x00) == nullptr);
    STATIC_REQUIRE(classify_additional_sense(0x80, 0x00) == additional_sense_kind::vendor_specific_asc);
    STATIC_REQUIRE(classify_additional_sense(0xff, 0xff) == additional_sense_kind::vendor_specific_asc);
    STATIC_REQUIRE(renders_as(0x80, 0x01, "ASC 0x80 ASCQ 0x01 (VENDOR SPECIFIC)"));
    STATIC_REQUIRE(renders_as(0xc4, 0x85, "ASC 0xc4 ASCQ 0x85 (VENDOR SPECIFIC)"));

    // ASCQ 80h..FFh of a standard ASC.
    STATIC_REQUIRE(additional_sense_text(0x04, 0x80) == nullptr);
    STATIC_REQUIRE(classify_additional_sense(0x04, 0x80) == additional_sense_kind::vendor_specific_ascq);
    STATIC_REQUIRE(classify_additional_sense(0x00, 0xff) == additional_sense_kind::vendor_specific_ascq);
    STATIC_REQUIRE(renders_as(0x04, 0x80, "ASC 0x04 ASCQ 0x80 (VENDOR SPECIFIC QUALIFICATION OF STANDARD ASC)"));
    STATIC_REQUIRE(classify_additional_sense(0x5d, 0xfe) == additional_sense_kind::vendor_specific_ascq);
    STATIC_REQUIRE(classify_additional_sense(0x5d, 0xff) == additional_sense_kind::listed); // listed wins

    // Listed as "Obsolete".
    STATIC_REQUIRE(classify_additional_sense(0x20, 0x05) == additional_sense_kind::obsolete);
    STATIC_REQUIRE(classify_additional_sense(0x24, 0x02) == additional_sense_kind::obsolete);
    STATIC_REQUIRE(classify_additional_sense(0x24, 0x03) == additional_sense_kind::obsolete);
    STATIC_REQUIRE(equal(additional_sense_text(0x20, 0x05), "OBSOLETE"));
    STATIC_REQUIRE(renders_as(0x24, 0x02, "ASC 0x24 ASCQ 0x02 (OBSOLETE)"));

    REQUIRE(std::string(to_string(additional_sense_kind::vendor_specific_ascq)) == "vendor specific ASCQ");
    REQUIRE(std::string(to_string(static_cast<additional_sense_kind>(0x7f))) == "reserved");
}

TEST_CASE("asc/ascq: every code renders within the capacity", "[scsi][asc_ascq]")
{
    std::size_t counts[6] = {};
    std::size_t longest = 0;
    for (unsigned asc = 0; asc <= 0xff; ++asc) {
        for (unsigned ascq = 0; ascq <= 0xff; ++ascq) {
            const auto a = static_cast<std::uint8_t>(asc);
            const auto q = static_cast<std::uint8_t>(ascq);
            mpio::fixed_text<additional_sense_text_capacity> out;
            append_additional_sense(out, a, q);
            REQUIRE(!out.overflowed());
            REQUIRE(!out.empty());
            longest = out.size() > longest ? out.size() : longest;

            const additional_sense_kind kind = classify_additional_sense(a, q);
            ++counts[static_cast<std::size_t>(kind)];
            // The lookup agrees with the classification.
            const bool has_text = kind == additional_sense_kind::listed || kind == additional_sense_kind::ranged ||
                                  kind == additional_sense_kind::obsolete;
            REQUIRE((additional_sense_text(a, q) != nullptr) == has_text);
            if (kind == additional_sense_kind::listed) REQUIRE(out.equals(additional_sense_text(a, q)));
            if (!has_text || kind == additional_sense_kind::obsolete) {
                // Unlisted codes start with their numbers.
                mpio::fixed_text<additional_sense_text_capacity> numbers;
                numbers.append("ASC 0x").append_hex(a, 2).append(" ASCQ 0x").append_hex(q, 2);
                REQUIRE(std::string(out.c_str()).rfind(numbers.c_str(), 0) == 0);
            }

            mpio::fixed_text<sense_text_capacity> line;
            append_sense(line, sense_key::aborted_command, a, q);
            REQUIRE(!line.overflowed());
        }
    }
    CHECK(longest == 66);
    CHECK(counts[static_cast<std::size_t>(additional_sense_kind::listed)] == 757);
    CHECK(counts[static_cast<std::size_t>(additional_sense_kind::obsolete)] == 3);
    CHECK(counts[static_cast<std::size_t>(additional_sense_kind::ranged)] == 128 + 256 + 256);
    CHECK(counts[static_cast<std::size_t>(additional_sense_kind::vendor_specific_asc)] == 128 * 256);
}

TEST_CASE("asc/ascq: with the sense key", "[scsi][asc_ascq]")
{
    mpio::fixed_text<sense_text_capacity> out;
    append_sense(out, sense_key::not_ready, 0x04, 0x0a);
    REQUIRE(std::string(out.c_str()) == "NOT READY: LOGICAL UNIT NOT ACCESSIBLE, ASYMMETRIC ACCESS STATE TRANSITION");
    out.clear();
    append_sense(out, sense_key::unit_attention, 0x2a, 0x06);
    REQUIRE(std::string(out.c_str()) == "UNIT ATTENTION: ASYMMETRIC ACCESS STATE CHANGED");
    out.clear();
    append_sense(out, sense_key::vendor_specific, 0x80, 0x00);
    REQUIRE(std::string(out.c_str()) == "VENDOR SPECIFIC: ASC 0x80 ASCQ 0x00 (VENDOR SPECIFIC)");

    // A small buffer keeps what fits and says so.
    mpio::fixed_text<16> small;
    append_additional_sense(small, 0x04, 0x0a);
    REQUIRE(small.overflowed());
    REQUIRE(std::string(small.c_str()) == "LOGICAL UNIT NOT");
}

TEST_CASE("asc/ascq: the codes of the sg3_utils sample sense data", "[scsi][asc_ascq]")
{
    // Fixed format (70h/71h, or F0h/F1h with VALID): SENSE KEY in byte 2,
    // ASC and ASCQ in bytes 12 and 13. Descriptor format (72h/73h): bytes 1,
    // 2 and 3. The names are those sg_decode_sense prints for the files.
    struct sample {
        const char* file;
        const char* expected;
    };
    const sample samples[] = {
        {"fixed_sense.hex", "MEDIUM ERROR: UNRECOVERED READ ERROR"},
        {"descriptor_sense.hex", "RECOVERED ERROR: EXCESSIVE WRITE ERRORS"},
        {"forwarded_sense.hex", "UNIT ATTENTION: RECOVERED DATA WITH ECC - DATA REWRITTEN"},
        {"ref_sense.hex", "NO SENSE: NO ADDITIONAL SENSE INFORMATION"},
    };
    for (const sample& s : samples) {
        INFO(s.file);
        const std::vector<mpio::byte> bytes = mpio_test::load(s.file);
        REQUIRE(bytes.size() >= 4);
        const bool descriptor = (bytes[0] & 0x7e) == 0x72;
        if (!descriptor) REQUIRE(bytes.size() >= 14);
        const auto key = static_cast<sense_key>((descriptor ? bytes[1] : bytes[2]) & 0x0f);
        const mpio::byte asc = descriptor ? bytes[2] : bytes[12];
        const mpio::byte ascq = descriptor ? bytes[3] : bytes[13];
        mpio::fixed_text<sense_text_capacity> out;
        append_sense(out, key, asc, ascq);
        CHECK(std::string(out.c_str()) == s.expected);
    }
}

} // namespace test_scsi_asc_ascq_test
