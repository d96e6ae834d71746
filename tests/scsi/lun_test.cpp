// SPDX-License-Identifier: MIT
#include <mpio/scsi/lun.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_lun_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace scsi = mpio::scsi;
using scsi::lun_level_format;

namespace {

constexpr scsi::lun make(const byte (&bytes)[8], bool lu_cong = false) noexcept { return scsi::lun(bytes, lu_cong); }

constexpr std::size_t level_count(const scsi::lun& l) noexcept
{
    std::size_t n = 0;
    for (const scsi::lun_level level : l.levels()) {
        static_cast<void>(level);
        ++n;
    }
    return n;
}

constexpr lun_level_format format_at(const scsi::lun& l, std::size_t index) noexcept
{
    return l.levels().at(index)->format();
}

std::string text(const scsi::lun& l, scsi::lun_number_base base = scsi::lun_number_base::decimal)
{
    const auto t = scsi::decoded_text(l, base);
    REQUIRE_FALSE(t.overflowed());
    return t.c_str();
}

// The LUNs of tests/data/sg3_utils-inhex/luns_wlun.hex.
constexpr byte lun_1[] = {0x00, 0x01, 0, 0, 0, 0, 0, 0};
constexpr byte four_levels[] = {0x03, 0x08, 0x02, 0x04, 0x01, 0x02, 0x00, 0x01};
constexpr byte report_luns_wlun[] = {0xc1, 0x01, 0, 0, 0, 0, 0, 0};
constexpr byte flat_1234[] = {0x52, 0x34, 0, 0, 0, 0, 0, 0};
constexpr byte lu_addressing[] = {0x81, 0x44, 0, 0, 0, 0, 0, 0};
constexpr byte target_then_extended_flat[] = {0x03, 0x09, 0xd2, 0x77, 0x88, 0x99, 0, 0};
constexpr byte long_extended_flat[] = {0xe2, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0, 0};
constexpr byte not_specified[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
// tests/data/sg3_utils-inhex/luns_lu_cong.hex (decoded with LU_CONG 1).
constexpr byte administrative_1_subsidiary_2[] = {0x00, 0x01, 0x00, 0x02, 0, 0, 0, 0};

// Malformed shapes.
constexpr byte trailing_data[] = {0x00, 0x01, 0x00, 0x02, 0, 0, 0, 0}; // LU_CONG 0: LUN 1, then junk
constexpr byte target_without_lun[] = {0x03, 0x08, 0x03, 0x08, 0x03, 0x08, 0x03, 0x08};
constexpr byte extended_past_end[] = {0x03, 0x08, 0x03, 0x08, 0xd2, 0x12, 0x34, 0x56}; // 4 bytes at offset 4

} // namespace

TEST_CASE("lun: formats of single level LUNs", "[lun][constexpr]")
{
    STATIC_REQUIRE(make(lun_1).well_formed());
    STATIC_REQUIRE(level_count(make(lun_1)) == 1);
    STATIC_REQUIRE(format_at(make(lun_1), 0) == lun_level_format::peripheral_device);
    STATIC_REQUIRE(make(lun_1).levels().at(0)->bus_identifier() == 0);
    STATIC_REQUIRE(make(lun_1).levels().at(0)->target_or_lun() == 1);
    STATIC_REQUIRE(*make(lun_1).single_level_lun() == 1);

    STATIC_REQUIRE(format_at(make(flat_1234), 0) == lun_level_format::flat_space);
    STATIC_REQUIRE(make(flat_1234).levels().at(0)->flat_space_lun() == 0x1234);
    STATIC_REQUIRE(*make(flat_1234).single_level_lun() == 0x1234);

    constexpr auto lu = *make(lu_addressing).levels().at(0);
    STATIC_REQUIRE(lu.format() == lun_level_format::logical_unit);
    STATIC_REQUIRE(lu.target() == 1);
    STATIC_REQUIRE(lu.bus_number() == 2);
    STATIC_REQUIRE(lu.lun() == 4);
    STATIC_REQUIRE(make(lu_addressing).single_level_lun().error() == errc::unsupported_format);

    constexpr auto w = *make(report_luns_wlun).levels().at(0);
    STATIC_REQUIRE(w.format() == lun_level_format::well_known_logical_unit);
    STATIC_REQUIRE(w.length() == 0);
    STATIC_REQUIRE(w.extended_address_method() == scsi::extended_address_method::well_known_logical_unit);
    STATIC_REQUIRE(w.w_lun() == scsi::well_known_lun::report_luns);
    STATIC_REQUIRE(*make(report_luns_wlun).well_known_logical_unit() == scsi::well_known_lun::report_luns);
    STATIC_REQUIRE(make(lun_1).well_known_logical_unit().error() == errc::not_found);

    constexpr auto lx = *make(long_extended_flat).levels().at(0);
    STATIC_REQUIRE(lx.format() == lun_level_format::long_extended_flat_space);
    STATIC_REQUIRE(lx.bytes().size() == 6);
    STATIC_REQUIRE(lx.long_extended_flat_space_lun() == 0x77'8899'aabbu);
    STATIC_REQUIRE(lx.extended_address_method_specific().size() == 5);
    STATIC_REQUIRE(*make(long_extended_flat).single_level_lun() == 0x77'8899'aabbu);

    STATIC_REQUIRE(make(not_specified).logical_unit_not_specified());
    STATIC_REQUIRE(make(not_specified).well_formed());
    STATIC_REQUIRE(format_at(make(not_specified), 0) == lun_level_format::logical_unit_not_specified);
    STATIC_REQUIRE(make(not_specified).levels().at(0)->bytes().size() == 8);
}

TEST_CASE("lun: multi-level LUNs walk level by level", "[lun][constexpr]")
{
    constexpr scsi::lun l = make(four_levels);
    STATIC_REQUIRE(l.well_formed());
    STATIC_REQUIRE(level_count(l) == 4);
    STATIC_REQUIRE(l.first_level_addressing() == 0x0308);
    STATIC_REQUIRE(l.fourth_level_addressing() == 0x0001);
    STATIC_REQUIRE(l.levels().at(0)->addresses_next_level());
    STATIC_REQUIRE(l.levels().at(1)->bus_identifier() == 2);
    STATIC_REQUIRE(l.levels().at(2)->target_or_lun() == 2);
    STATIC_REQUIRE(l.levels().at(3)->offset() == 6);
    STATIC_REQUIRE(l.levels().at(3)->index() == 3);
    STATIC_REQUIRE(!l.levels().at(3)->addresses_next_level());
    STATIC_REQUIRE(l.levels().at(4).error() == errc::not_found);
    STATIC_REQUIRE(l.single_level_lun().error() == errc::unsupported_format);

    // An extended element at the second level takes four bytes; the null
    // fourth level ends the LUN.
    constexpr scsi::lun x = make(target_then_extended_flat);
    STATIC_REQUIRE(x.well_formed());
    STATIC_REQUIRE(level_count(x) == 2);
    STATIC_REQUIRE(x.levels().at(1)->format() == lun_level_format::extended_flat_space);
    STATIC_REQUIRE(x.levels().at(1)->extended_flat_space_lun() == 0x778899);
    STATIC_REQUIRE(x.levels().at(1)->bytes().size() == 4);

    // 0000h right after a target is LUN 0 of that target, not a null level.
    constexpr byte target_lun_0[] = {0x03, 0x08, 0, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(level_count(make(target_lun_0)) == 2);
    STATIC_REQUIRE(make(target_lun_0).levels().at(1)->target_or_lun() == 0);
    // LUN 0: one level, then null levels.
    constexpr byte lun_0[8] = {};
    STATIC_REQUIRE(level_count(make(lun_0)) == 1);
    STATIC_REQUIRE(*make(lun_0).single_level_lun() == 0);
}

TEST_CASE("lun: malformed LUNs stop the walk and say where", "[lun][constexpr]")
{
    // LUN 1 at the first level, then a non-null second level.
    constexpr mpio::list_status junk = make(trailing_data).status();
    STATIC_REQUIRE(junk.error == errc::length_mismatch);
    STATIC_REQUIRE(junk.offset == 2);
    STATIC_REQUIRE(junk.count == 1);
    STATIC_REQUIRE(make(trailing_data).levels().at(0)->target_or_lun() == 1); // still usable
    STATIC_REQUIRE(make(trailing_data).single_level_lun().error() == errc::length_mismatch);

    // The fourth level addresses a target: no level left for its LUN.
    constexpr mpio::list_status missing = make(target_without_lun).status();
    STATIC_REQUIRE(missing.error == errc::descriptor_overrun);
    STATIC_REQUIRE(missing.offset == 8);
    STATIC_REQUIRE(missing.count == 4);

    // A 4-byte extended element at offset 6... here at offset 4 it fits;
    // at offset 6 it does not.
    constexpr byte past[] = {0x03, 0x08, 0x03, 0x08, 0x03, 0x08, 0xd2, 0x12};
    constexpr mpio::list_status overrun = make(past).status();
    STATIC_REQUIRE(overrun.error == errc::descriptor_overrun);
    STATIC_REQUIRE(overrun.offset == 6);
    STATIC_REQUIRE(overrun.count == 3);
    STATIC_REQUIRE(make(past).levels().at(3).error() == errc::descriptor_overrun);
    STATIC_REQUIRE(make(extended_past_end).well_formed()); // bytes 4-7: exactly four

    // A well known logical unit followed by junk is not reported as one.
    constexpr byte wlun_junk[] = {0xc1, 0x01, 0, 0, 0, 0, 0, 1};
    STATIC_REQUIRE(make(wlun_junk).well_known_logical_unit().error() == errc::not_found);
}

TEST_CASE("lun: conglomerate LUNs with LU_CONG", "[lun][constexpr]")
{
    constexpr scsi::lun c = make(administrative_1_subsidiary_2, true);
    STATIC_REQUIRE(c.lu_cong());
    STATIC_REQUIRE(c.well_formed());
    STATIC_REQUIRE(level_count(c) == 2);
    STATIC_REQUIRE(c.levels().at(0)->format() == lun_level_format::simple_logical_unit);
    STATIC_REQUIRE(c.levels().at(0)->simple_logical_unit_number() == 1);
    STATIC_REQUIRE(c.levels().at(1)->simple_logical_unit_number() == 2);
    STATIC_REQUIRE(c.levels().at(0)->bus_identifier() == 0); // not peripheral device addressing
    STATIC_REQUIRE(c.single_level_lun().error() == errc::unsupported_format);
    // The same bytes without LU_CONG: LUN 1 followed by junk.
    STATIC_REQUIRE(c.with_lu_cong(false).status().error == errc::length_mismatch);
    STATIC_REQUIRE(c == c.with_lu_cong(false));

    // Subsidiary element 0000h: the administrative logical unit itself.
    constexpr scsi::lun admin = make(lun_1, true);
    STATIC_REQUIRE(level_count(admin) == 1);
    STATIC_REQUIRE(*admin.single_level_lun() == 1);
    // 14 bits of simple logical unit addressing (peripheral device addressing
    // would read bus 3, target 8).
    STATIC_REQUIRE(make(four_levels, true).levels().at(0)->simple_logical_unit_number() == 0x0308);
    // Only a simple administrative element has a subsidiary element.
    STATIC_REQUIRE(make(report_luns_wlun, true).well_formed());
    STATIC_REQUIRE(level_count(make(long_extended_flat, true)) == 1);
    // A subsidiary element in extended flat space addressing.
    constexpr byte extended_subsidiary[] = {0x00, 0x01, 0xd2, 0x12, 0x34, 0x56, 0, 0};
    STATIC_REQUIRE(make(extended_subsidiary, true).levels().at(1)->extended_flat_space_lun() == 0x123456);
    STATIC_REQUIRE(make(extended_subsidiary, true).well_formed());
}

TEST_CASE("lun: extended address methods and names", "[lun][constexpr]")
{
    static constexpr byte reserved_combination[] = {0xd1, 0x12, 0x34, 0x56, 0, 0, 0, 0}; // LENGTH 01b, EAM 1h
    constexpr auto r = *make(reserved_combination).levels().at(0);
    STATIC_REQUIRE(r.format() == lun_level_format::reserved_extended);
    STATIC_REQUIRE(r.length() == 1);
    STATIC_REQUIRE(r.extended_flat_space_lun() == 0);
    STATIC_REQUIRE(make(reserved_combination).well_formed());

    STATIC_REQUIRE(scsi::is_reserved(static_cast<scsi::well_known_lun>(0)));
    STATIC_REQUIRE(!scsi::is_reserved(scsi::well_known_lun::target_commands));
    STATIC_REQUIRE(scsi::is_reserved(static_cast<scsi::well_known_lun>(7)));

    CHECK(std::string(to_string(scsi::well_known_lun::access_controls)) == "ACCESS CONTROLS");
    CHECK(std::string(to_string(scsi::well_known_lun::management_protocol)) == "MANAGEMENT PROTOCOL");
    CHECK(std::string(to_string(static_cast<scsi::well_known_lun>(0x42))) == "reserved");
    CHECK(std::string(to_string(scsi::address_method::flat_space)) == "flat space addressing");
    CHECK(std::string(to_string(scsi::extended_address_method::extended_flat_space)) == "extended flat space");
    CHECK(std::string(to_string(static_cast<scsi::extended_address_method>(0))) == "reserved");
    CHECK(std::string(to_string(lun_level_format::simple_logical_unit)) == "simple logical unit addressing");
    CHECK(std::string(to_string(lun_level_format::reserved_extended)) == "reserved");
}

TEST_CASE("lun: Linux integer LUN, both ways (scsilun_to_int / int_to_scsilun)", "[lun][constexpr]")
{
    // The kernel's own example.
    constexpr byte kernel_example[] = {0xd2, 0x04, 0x0b, 0x03, 0, 0, 0, 0};
    STATIC_REQUIRE(scsi::to_linux_lun(make(kernel_example)) == 0x0b03d204u);
    STATIC_REQUIRE(scsi::from_linux_lun(0x0b03d204u).view() == byte_view(kernel_example));
    // LUNs below 256 are the plain number.
    STATIC_REQUIRE(scsi::to_linux_lun(make(lun_1)) == 1);
    STATIC_REQUIRE(scsi::from_linux_lun(1).view() == byte_view(lun_1));
    // Every level lands in its own 16 bits.
    STATIC_REQUIRE(scsi::to_linux_lun(make(four_levels)) == 0x0001'0102'0204'0308u);
    STATIC_REQUIRE(scsi::to_linux_lun(make(report_luns_wlun)) == 0xc101u);
    STATIC_REQUIRE(scsi::to_linux_lun(make(not_specified)) == ~std::uint64_t{0});
    STATIC_REQUIRE(scsi::from_linux_lun(0xc101u).as_lun().well_known_logical_unit().value() ==
                   scsi::well_known_lun::report_luns);

    // Exact both ways over a spread of values.
    std::uint64_t v = 0x0123'4567'89ab'cdefu;
    for (int i = 0; i < 10000; ++i) {
        v = v * 6364136223846793005u + 1442695040888963407u;
        const scsi::lun_buffer b = scsi::from_linux_lun(v);
        REQUIRE(scsi::to_linux_lun(b.as_lun()) == v);
        REQUIRE(scsi::from_linux_lun(scsi::to_linux_lun(b.as_lun())) == b);
    }
}

TEST_CASE("lun: parse_lun", "[lun]")
{
    constexpr byte twelve[] = {0x00, 0x05, 0, 0, 0, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd};
    STATIC_REQUIRE(scsi::parse_lun(byte_view(twelve).first(7)).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_lun(twelve)->bytes().size() == 8);
    STATIC_REQUIRE(*scsi::parse_lun(twelve)->single_level_lun() == 5);
    STATIC_REQUIRE(scsi::parse_lun(twelve, true)->lu_cong());
    for (std::size_t n = 0; n < 8; ++n) CHECK(scsi::parse_lun(byte_view(twelve).first(n)).error() == errc::too_short);
    // A default (empty) LUN decodes to nothing, without reading.
    CHECK(scsi::lun().levels().status().count == 0);
    CHECK(scsi::lun().status().error == errc::descriptor_overrun);
}

TEST_CASE("lun: text like sg_luns --decode (luns_wlun.hex)", "[lun][text]")
{
    CHECK(text(make(lun_1)) == "  Peripheral device addressing: lun=1\n");
    CHECK(text(make(four_levels)) == "  Peripheral device addressing: bus_id=3, target=8\n"
                                     "  >>Second level addressing:\n"
                                     "    Peripheral device addressing: bus_id=2, target=4\n"
                                     "  >>Third level addressing:\n"
                                     "    Peripheral device addressing: bus_id=1, target=2\n"
                                     "  >>Fourth level addressing:\n"
                                     "    Peripheral device addressing: lun=1\n");
    CHECK(text(make(report_luns_wlun)) == "  REPORT LUNS well known logical unit\n");
    CHECK(text(make(flat_1234)) == "  Flat space addressing: lun=4660\n");
    CHECK(text(make(lu_addressing)) == "  Logical unit addressing: bus_id=2, target=1, lun=4\n");
    CHECK(text(make(target_then_extended_flat)) == "  Peripheral device addressing: bus_id=3, target=9\n"
                                                   "  >>Second level addressing:\n"
                                                   "    Extended flat space addressing: lun=7833753\n");
    CHECK(text(make(long_extended_flat)) == "  Long extended flat space addressing: lun=513392880315\n");
    CHECK(text(make(not_specified)) == "  Logical unit _not_ specified\n");

    // --hex
    CHECK(text(make(four_levels), scsi::lun_number_base::hex) ==
          "  Peripheral device addressing: bus_id=0x03, target=0x08\n"
          "  >>Second level addressing:\n"
          "    Peripheral device addressing: bus_id=0x02, target=0x04\n"
          "  >>Third level addressing:\n"
          "    Peripheral device addressing: bus_id=0x01, target=0x02\n"
          "  >>Fourth level addressing:\n"
          "    Peripheral device addressing: lun=0x01\n");
    CHECK(text(make(lu_addressing), scsi::lun_number_base::hex) ==
          "  Logical unit addressing: bus_id=0x2, target=0x01, lun=0x04\n");
    CHECK(text(make(long_extended_flat), scsi::lun_number_base::hex) ==
          "  Long extended flat space addressing: lun=0x778899aabb\n");

    // Another indent, as in sg_luns' list of LUNs.
    CHECK(std::string(scsi::decoded_text(make(flat_1234), scsi::lun_number_base::decimal, 6).c_str()) ==
          "      Flat space addressing: lun=4660\n");
}

TEST_CASE("lun: text like sg_luns --decode --lu_cong (luns_lu_cong.hex)", "[lun][text]")
{
    CHECK(text(make(lun_1, true)) == "  >>Administrative element:\n"
                                     "    Simple lu addressing: 1\n"
                                     "  >>>> Administrative LU\n");
    CHECK(text(make(lun_1, true), scsi::lun_number_base::hex) == "  >>Administrative element:\n"
                                                                 "    Simple lu addressing: 0x0001\n"
                                                                 "  >>>> Administrative LU\n"
                                                                 "        since Subsidiary element is 0x0000\n");
    CHECK(text(make(administrative_1_subsidiary_2, true)) == "  >>Administrative element:\n"
                                                             "    Simple lu addressing: 1\n"
                                                             "  >>Subsidiary element:\n"
                                                             "    Simple lu addressing: 2\n");
    CHECK(text(make(flat_1234, true)) == "  >>Administrative element:\n"
                                         "    Since LU_CONG=1, unexpected Flat space addressing: lun=0x1234\n");
}

TEST_CASE("lun: text of malformed LUNs ends with the reason", "[lun][text]")
{
    CHECK(text(make(trailing_data)) == "  Peripheral device addressing: lun=1\n"
                                       "  <<unexpected data at next level, continue>>\n");
    constexpr byte past[] = {0x03, 0x08, 0x03, 0x08, 0x03, 0x08, 0xd2, 0x12};
    CHECK(text(make(past)) == "  Peripheral device addressing: bus_id=3, target=8\n"
                              "  >>Second level addressing:\n"
                              "    Peripheral device addressing: bus_id=3, target=8\n"
                              "  >>Third level addressing:\n"
                              "    Peripheral device addressing: bus_id=3, target=8\n"
                              "    <<extended address runs past the end of the LUN>>\n");
    CHECK(text(make(target_without_lun)).find("<<no level left for the logical unit behind the target>>\n") !=
          std::string::npos);
}

TEST_CASE("lun: every first level, every shape of the rest, never out of bounds", "[lun]")
{
    // All 65536 first levels, with null levels after them and with junk.
    // (One REQUIRE at the end: millions of Catch2 assertions would be slow.)
    byte b[8]{};
    std::size_t bad = 0;
    std::string first_bad;
    for (unsigned first = 0; first < 0x10000; ++first) {
        b[0] = static_cast<byte>(first >> 8);
        b[1] = static_cast<byte>(first);
        for (const byte fill : {byte{0x00}, byte{0x03}, byte{0xff}}) {
            for (std::size_t i = 2; i < 8; ++i) b[i] = fill;
            for (const bool lu_cong : {false, true}) {
                const scsi::lun l(b, lu_cong);
                const mpio::list_status s = l.status();
                bool ok = s.count >= 1 && s.offset <= 8;
                std::size_t end = 0;
                for (const scsi::lun_level level : l.levels()) {
                    ok = ok && level.offset() == end;
                    end += level.bytes().size();
                }
                ok = ok && end <= 8 && (s.ok() ? s.offset == 8 : s.offset >= end);
                const auto t = scsi::decoded_text(l, scsi::lun_number_base::hex, 16);
                ok = ok && !t.overflowed();
                ok = ok && scsi::from_linux_lun(scsi::to_linux_lun(l)).view() == l.bytes();
                if (!ok && bad++ == 0) first_bad = std::to_string(first) + " fill " + std::to_string(fill);
            }
        }
    }
    INFO("first failure: " << first_bad);
    REQUIRE(bad == 0);
}

} // namespace test_scsi_lun_test
