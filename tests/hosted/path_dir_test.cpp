// SPDX-License-Identifier: MIT
// Tests of mpio/hosted/path_dir.hpp: one path directory read into a
// path_report, every problem named with its file, and the library's view.
#include <mpio/hosted/path_dir.hpp>

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "scratch_dir.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_hosted_path_dir_test {

using namespace mpio::hosted;

namespace {
// Standard INQUIRY (36 bytes, TPGS 1) and a Device Identification page with
// an NAA 6 logical unit designator, as hex text.
constexpr const char* inquiry_hex = "00 00 06 12 1f 00 10 00\n"
                                    "4d 50 49 4f 20 20 20 20 54 45 53 54 20 20 20 20\n"
                                    "20 20 20 20 20 20 20 20 30 30 30 31\n";
constexpr const char* vpd83_hex = "00 83 00 14  01 03 00 10\n"
                                  "60 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18\n";
} // namespace

TEST_CASE("path_dir: a complete path directory", "[hosted][path_dir]")
{
    const mpio_test::scratch_dir dir;
    dir.write("p/inquiry", inquiry_hex);
    dir.write("p/vpd_pg83", vpd83_hex);
    dir.write("p/state", "running\n");
    dir.write("p/access_state", "active/optimized\n");
    dir.write("p/preferred_path", "1\n");
    const path_report r = read_path_dir((dir.path() / "p").string());
    CHECK(r.problems.empty());
    CHECK(r.usable());
    CHECK(r.inquiry.usable());
    CHECK(r.inquiry.data.hex_text);
    CHECK(r.inquiry.bytes().size() == 36);
    CHECK(r.vpd83.bytes().size() == 24);
    CHECK_FALSE(r.vpd80.present);
    CHECK(r.vpd80.bytes().empty());
    CHECK(r.os_state == "running");
    CHECK(r.access_state == "active/optimized");
    CHECK(r.preferred_path == 1);

    // The library's view points into the report.
    const mpio::topology::path_report v = r.view(7);
    CHECK(v.handle == 7);
    CHECK(v.input.standard_inquiry.data() == r.inquiry.data.bytes.data());
    CHECK(v.input.vpd83.size() == 24);
    CHECK(v.input.vpd80.empty());
    CHECK(v.rtpg.empty());
    const auto facts = mpio::topology::derive_path_facts(v);
    CHECK(facts.path_identity_error == mpio::errc::none);
}

TEST_CASE("path_dir: vpd_pg00 is read as vpd_pg0", "[hosted][path_dir]")
{
    const mpio_test::scratch_dir dir;
    dir.write("p/inquiry", inquiry_hex);
    dir.write("p/vpd_pg00", "00 00 00 02 00 83\n");
    const path_report r = read_path_dir((dir.path() / "p").string());
    CHECK(r.problems.empty());
    CHECK(r.vpd0.usable());
    CHECK(r.vpd0.path.size() > 8);
    CHECK(r.vpd0.path.substr(r.vpd0.path.size() - 8) == "vpd_pg00");
}

TEST_CASE("path_dir: a missing inquiry names the file and its path", "[hosted][path_dir]")
{
    const mpio_test::scratch_dir dir;
    dir.write("p/vpd_pg83", vpd83_hex);
    const path_report r = read_path_dir((dir.path() / "p").string());
    REQUIRE(r.problems.size() == 1);
    CHECK_FALSE(r.usable());
    CHECK(r.problems[0].code == "missing_file");
    CHECK(r.problems[0].file == (dir.path() / "p" / "inquiry").string());
    CHECK(r.problems[0].message.find("standard INQUIRY") != std::string::npos);
    CHECK(r.vpd83.usable()); // what is there is still read
}

TEST_CASE("path_dir: a directory without dump files, a file, a missing directory", "[hosted][path_dir]")
{
    const mpio_test::scratch_dir dir;
    dir.write("empty/README", "not a dump\n");
    const path_report empty = read_path_dir((dir.path() / "empty").string());
    REQUIRE(empty.problems.size() == 1);
    CHECK(empty.problems[0].code == "no_dump_files");

    const path_report file = read_path_dir(dir.write("plain", "x"));
    REQUIRE(file.problems.size() == 1);
    CHECK(file.problems[0].code == "cannot_read");
    CHECK(file.problems[0].message == "not a directory");

    const path_report missing = read_path_dir((dir.path() / "nowhere").string());
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].message.find("no such directory") != std::string::npos);
}

TEST_CASE("path_dir: malformed and unreadable files are problems, the rest is read", "[hosted][path_dir]")
{
    const mpio_test::scratch_dir dir;
    dir.write("p/inquiry", inquiry_hex);
    dir.write("p/vpd_pg83", "00 83 00 zz\n");
    dir.write("p/rtpg", "");
    std::error_code ec;
    std::filesystem::create_directory(dir.path() / "p" / "vpd_pg80", ec); // not a file
    const path_report r = read_path_dir((dir.path() / "p").string());
    REQUIRE(r.problems.size() == 3);
    CHECK(r.usable());
    CHECK(r.problems[0].code == "not_a_file"); // vpd_pg80 (files are read in a fixed order)
    CHECK(r.problems[1].code == "bad_hex");
    CHECK(r.problems[1].file == (dir.path() / "p" / "vpd_pg83").string());
    CHECK(r.problems[1].offset == 9);
    CHECK(r.problems[2].code == "empty");
    CHECK_FALSE(r.vpd83.usable());
    CHECK(r.view().input.vpd83.empty());
}

TEST_CASE("path_dir: a symbolic link loop as a dump file is a problem, no hang", "[hosted][path_dir]")
{
    const mpio_test::scratch_dir dir;
    dir.write("p/inquiry", inquiry_hex);
    std::error_code ec;
    std::filesystem::create_symlink("vpd_pg83", dir.path() / "p" / "vpd_pg83", ec);
    REQUIRE_FALSE(ec);
    const path_report r = read_path_dir((dir.path() / "p").string());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].file == (dir.path() / "p" / "vpd_pg83").string());
    CHECK(r.problems[0].code == "cannot_read");
}

TEST_CASE("path_dir: attributes are trimmed, bounded, and absent when unreadable", "[hosted][path_dir]")
{
    const mpio_test::scratch_dir dir;
    dir.write("p/inquiry", inquiry_hex);
    dir.write("p/state", "  offline \n");
    dir.write("p/preferred_path", "yes\n");
    dir.write("p/access_state", std::string(5000, 'a'));
    const path_report r = read_path_dir((dir.path() / "p").string());
    CHECK(r.os_state == "offline");
    CHECK(r.preferred_path == -1);
    CHECK(r.access_state.empty());
}

} // namespace test_hosted_path_dir_test
