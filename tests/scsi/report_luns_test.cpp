// SPDX-License-Identifier: MIT
#include <mpio/scsi/report_luns.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_report_luns_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

// Three LUNs: 0, 1 and the REPORT LUNS well known logical unit.
constexpr byte three_luns[] = {
    0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, // LUN LIST LENGTH 24
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // LUN 0
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // LUN 1
    0xc1, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // REPORT LUNS W-LUN
};

// LUN LIST LENGTH 12: one LUN and half of another.
constexpr byte odd_length[] = {
    0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, //
    0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, //
    0x00, 0x08, 0x00, 0x00,
};

constexpr std::size_t count(const scsi::lun_list& list) noexcept
{
    std::size_t n = 0;
    for (const scsi::lun l : list) {
        static_cast<void>(l);
        ++n;
    }
    return n;
}

std::string text(const scsi::lun& l)
{
    const auto t = scsi::decoded_text(l);
    REQUIRE_FALSE(t.overflowed());
    return t.c_str();
}

} // namespace

TEST_CASE("report_luns: header and LUN list", "[report_luns][constexpr]")
{
    constexpr auto r = scsi::parse_report_luns(three_luns);
    STATIC_REQUIRE(r.has_value());
    STATIC_REQUIRE(r->lun_list_length() == 24);
    STATIC_REQUIRE(r->lun_count() == 3);
    STATIC_REQUIRE(r->lun_list_length_valid());
    STATIC_REQUIRE(!r->truncated());
    STATIC_REQUIRE(r->required_allocation_length() == 32);
    STATIC_REQUIRE(count(r->luns()) == 3);
    STATIC_REQUIRE(r->luns().status().ok());
    STATIC_REQUIRE(*r->luns().at(1)->single_level_lun() == 1);
    STATIC_REQUIRE(*r->luns().at(2)->well_known_logical_unit() == scsi::well_known_lun::report_luns);
    STATIC_REQUIRE(r->luns().at(3).error() == errc::not_found);
    STATIC_REQUIRE(!r->luns().at(0)->lu_cong());
    STATIC_REQUIRE(scsi::parse_report_luns(three_luns, true)->luns().at(1)->lu_cong());

    // Fewer than 8 bytes: no header.
    STATIC_REQUIRE(scsi::parse_report_luns(byte_view(three_luns).first(7)).error() == errc::too_short);
    // Just the header: no LUNs yet, truncated.
    constexpr auto header_only = scsi::parse_report_luns(byte_view(three_luns).first(8));
    STATIC_REQUIRE(header_only->truncated());
    STATIC_REQUIRE(count(header_only->luns()) == 0);
    STATIC_REQUIRE(header_only->luns().status().ok());
    // A LUN cut by the allocation length is not iterated (and not an error).
    constexpr auto cut = scsi::parse_report_luns(byte_view(three_luns).first(20));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 32);
    STATIC_REQUIRE(count(cut->luns()) == 1);
    STATIC_REQUIRE(cut->luns().status().ok());
}

TEST_CASE("report_luns: LUN LIST LENGTH not a multiple of 8", "[report_luns][constexpr]")
{
    constexpr auto r = scsi::parse_report_luns(odd_length);
    STATIC_REQUIRE(!r->lun_list_length_valid());
    STATIC_REQUIRE(!r->truncated());
    STATIC_REQUIRE(r->lun_count() == 1);
    constexpr mpio::list_status s = r->luns().status();
    STATIC_REQUIRE(s.error == errc::length_mismatch);
    STATIC_REQUIRE(s.count == 1);  // the whole LUN before the tail stays usable
    STATIC_REQUIRE(s.offset == 8); // list-relative: the tail
    STATIC_REQUIRE(*r->luns().at(0)->single_level_lun() == 7);
    STATIC_REQUIRE(r->luns().at(1).error() == errc::length_mismatch);

    // Truncated before the tail: the header alone tells.
    constexpr auto t = scsi::parse_report_luns(byte_view(odd_length).first(16));
    STATIC_REQUIRE(t->truncated());
    STATIC_REQUIRE(!t->lun_list_length_valid());
    STATIC_REQUIRE(t->luns().status().ok());
}

TEST_CASE("report_luns: lengths at the limits", "[report_luns][constexpr]")
{
    // LUN LIST LENGTH FFFFFFF8h: 8 + that needs 33 bits.
    static constexpr byte huge[] = {0xff, 0xff, 0xff, 0xf8, 0, 0, 0, 0, 0x00, 0x02, 0, 0, 0, 0, 0, 0};
    constexpr auto r = scsi::parse_report_luns(huge);
    STATIC_REQUIRE(r->truncated());
    STATIC_REQUIRE(r->lun_count() == 0x1FFF'FFFFu);
    STATIC_REQUIRE(count(r->luns()) == 1);
    // (saturated where size_t is 32 bits)
    constexpr std::size_t expected =
        sizeof(std::size_t) >= 8 ? static_cast<std::size_t>(0x1'0000'0000ull) : static_cast<std::size_t>(-1);
    STATIC_REQUIRE(r->required_allocation_length() == expected);
    // Bytes past LUN LIST LENGTH (a buffer larger than the data) are ignored.
    constexpr byte extra[] = {0, 0, 0, 8, 0, 0, 0, 0, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef};
    STATIC_REQUIRE(count(scsi::parse_report_luns(extra)->luns()) == 1);
    STATIC_REQUIRE(scsi::parse_report_luns(extra)->lun_list_bytes().size() == 8);
    // An empty inventory.
    constexpr byte none[] = {0, 0, 0, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(count(scsi::parse_report_luns(none)->luns()) == 0);
    STATIC_REQUIRE(!scsi::parse_report_luns(none)->truncated());
}

TEST_CASE("report_luns: luns_wlun.hex as sg_luns --decode shows it", "[report_luns]")
{
    const std::vector<byte> bytes = load("luns_wlun.hex");
    const auto r = scsi::parse_report_luns(view(bytes));
    REQUIRE(r.has_value());
    CHECK(r->lun_list_length() == 0x40);
    CHECK_FALSE(r->truncated());
    REQUIRE(r->luns().status().ok());
    REQUIRE(r->luns().status().count == 8);

    const char* expected[] = {
        "  Peripheral device addressing: lun=1\n",
        "  Peripheral device addressing: bus_id=3, target=8\n"
        "  >>Second level addressing:\n"
        "    Peripheral device addressing: bus_id=2, target=4\n"
        "  >>Third level addressing:\n"
        "    Peripheral device addressing: bus_id=1, target=2\n"
        "  >>Fourth level addressing:\n"
        "    Peripheral device addressing: lun=1\n",
        "  REPORT LUNS well known logical unit\n",
        "  Flat space addressing: lun=4660\n",
        "  Logical unit addressing: bus_id=2, target=1, lun=4\n",
        "  Peripheral device addressing: bus_id=3, target=9\n"
        "  >>Second level addressing:\n"
        "    Extended flat space addressing: lun=7833753\n",
        "  Long extended flat space addressing: lun=513392880315\n",
        "  Logical unit _not_ specified\n",
    };
    std::size_t i = 0;
    for (const scsi::lun l : r->luns()) {
        INFO("LUN " << i);
        CHECK(l.well_formed());
        CHECK(text(l) == expected[i]);
        ++i;
    }
    CHECK(i == 8);
    CHECK(r->luns().at(2)->well_known_logical_unit().value() == scsi::well_known_lun::report_luns);
    CHECK(r->luns().at(7)->logical_unit_not_specified());
    CHECK(scsi::to_linux_lun(*r->luns().at(5)) == 0x0000'8899'd277'0309u);

    // Every prefix: a whole header parses, only whole LUNs are iterated,
    // and never an error for a cut (the data is well-formed).
    mpio_test::every_prefix(
        view(bytes), scsi::report_luns::header_size, [](byte_view b) { return scsi::parse_report_luns(b); },
        [&](const scsi::report_luns& p, std::size_t n) {
            CHECK(p.truncated() == (n < 72));
            CHECK(p.required_allocation_length() == 72);
            const mpio::list_status s = p.luns().status();
            CHECK(s.ok());
            CHECK(s.count == (n - 8) / 8);
        });
}

TEST_CASE("report_luns: luns_lu_cong.hex with LU_CONG (sg_luns --lu_cong)", "[report_luns]")
{
    const std::vector<byte> bytes = load("luns_lu_cong.hex");
    const auto r = scsi::parse_report_luns(view(bytes), true);
    REQUIRE(r.has_value());
    REQUIRE(r->luns().status().ok());
    REQUIRE(r->luns().status().count == 2);
    CHECK(text(*r->luns().at(0)) == "  >>Administrative element:\n"
                                    "    Simple lu addressing: 1\n"
                                    "  >>>> Administrative LU\n");
    CHECK(text(*r->luns().at(1)) == "  >>Administrative element:\n"
                                    "    Simple lu addressing: 1\n"
                                    "  >>Subsidiary element:\n"
                                    "    Simple lu addressing: 2\n");
    // Read without LU_CONG, the second LUN is LUN 1 followed by junk.
    const auto plain = scsi::parse_report_luns(view(bytes));
    CHECK(plain->luns().at(1)->status().error == errc::length_mismatch);
    CHECK(plain->luns().status().ok()); // the list itself is fine
}

TEST_CASE("report_luns: every LUN LIST LENGTH against a short buffer", "[report_luns]")
{
    // Any declared length with any returned length: never more LUNs than
    // returned whole, never an error for a multiple of 8.
    std::vector<byte> bytes(8 + 64, 0);
    for (std::uint32_t length = 0; length < 80; ++length) {
        bytes[3] = static_cast<byte>(length);
        for (std::size_t n = 8; n <= bytes.size(); ++n) {
            const auto r = scsi::parse_report_luns(byte_view(bytes.data(), n));
            REQUIRE(r.has_value());
            const mpio::list_status s = r->luns().status();
            const std::size_t returned = n - 8 < length ? n - 8 : length;
            REQUIRE(s.count == returned / 8);
            REQUIRE(s.ok() == (length % 8 == 0 || r->truncated()));
        }
    }
}

} // namespace test_scsi_report_luns_test
