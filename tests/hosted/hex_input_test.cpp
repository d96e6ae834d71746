// SPDX-License-Identifier: MIT
// Tests of mpio/hosted/hex_input.hpp: hex text or binary, errors at a line
// and column, refusals of what is not a regular file or is too large.
#include <mpio/hosted/hex_input.hpp>

#include <string>

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "scratch_dir.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_hosted_hex_input_test {

using namespace mpio::hosted;

TEST_CASE("hex_input: hex text parses to bytes, comments and commas allowed", "[hosted][hex_input]")
{
    const input_bytes r = parse_hex_text("# header\n00 83,00 4 # four\n\tff\n");
    REQUIRE(r.ok);
    CHECK(r.bytes == std::vector<std::uint8_t>{0x00, 0x83, 0x00, 0x04, 0xff});
}

TEST_CASE("hex_input: a bad token is reported at its byte offset, line and column", "[hosted][hex_input]")
{
    const input_bytes r = parse_hex_text("# c\n00 83 00 04\n01 zz 00\n");
    REQUIRE_FALSE(r.ok);
    CHECK(r.bytes.empty());
    CHECK(r.error.code == "bad_hex");
    CHECK(r.error.line == 3);
    CHECK(r.error.column == 4);
    CHECK(r.error.offset == 19);
    CHECK(r.error.reason == "'zz' is not a hex byte");

    const input_bytes long_token = parse_hex_text("00 0004\n");
    REQUIRE_FALSE(long_token.ok);
    CHECK(long_token.error.column == 4);
    CHECK(long_token.error.reason.find("more than one byte") != std::string::npos);
}

TEST_CASE("hex_input: a stray zero-width space in hex text is an error where it is, escaped", "[hosted][hex_input]")
{
    // U+200B after "03" on line 2: columns count characters, not bytes.
    const std::string text = "00 83 00 08\n01 03\xe2\x80\x8b 00 04 11 22 33 44\n";
    REQUIRE(looks_like_hex_text(text));
    const input_bytes r = parse_hex_text(text);
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.line == 2);
    CHECK(r.error.column == 6); // the character after "03"
    CHECK(r.error.offset == 17);
    CHECK(r.error.reason == "'03\\xe2\\x80\\x8b' is not a hex byte");
    for (const char c : r.error.reason) CHECK((c >= 0x20 && c < 0x7f));
}

TEST_CASE("hex_input: detection - text that is almost all hex words stays hex text", "[hosted][hex_input]")
{
    CHECK(looks_like_hex_text("00 83 00 04 01 02 03 04\n"));
    CHECK(looks_like_hex_text("00 83 00 04 \x1b[2J 01 02 03\n"));       // a stray ESC: still hex text
    CHECK(looks_like_hex_text("# \xc3\xa9t\xc3\xa9 comment\n00 80\n")); // UTF-8 in a comment
    CHECK(looks_like_hex_text("zz yy\n"));                              // printable ASCII: hex text (then bad_hex)
    // Binary responses: NUL bytes in the header, long runs of text without separators.
    const std::string vpd80("\x00\x80\x00\x20"
                            "600508B1001C3A4F600508B1001C3A4F",
                            36);
    CHECK_FALSE(looks_like_hex_text(vpd80));
    const std::string inquiry("\x00\x00\x06\x02\x1f\x00\x00\x00VENDOR  PRODUCT         0001", 36);
    CHECK_FALSE(looks_like_hex_text(inquiry));
    CHECK_FALSE(looks_like_hex_text(std::string("\x01\x02 03 04", 7)));
    CHECK_FALSE(looks_like_hex_text(""));
}

TEST_CASE("hex_input: load_file reads hex text and binary, names every refusal", "[hosted][hex_input]")
{
    const mpio_test::scratch_dir dir;
    const loaded_file hex = load_file(dir.write("a.hex", "00 80 00 02 41 42\n"));
    REQUIRE(hex.ok);
    CHECK(hex.hex_text);
    CHECK(hex.bytes.size() == 6);

    const loaded_file bin = load_file(dir.write("a.bin", std::string("\x00\x80\x00\x02\x41\x42", 6)));
    REQUIRE(bin.ok);
    CHECK_FALSE(bin.hex_text);
    CHECK(bin.bytes.size() == 6);

    const loaded_file empty = load_file(dir.write("empty.hex", "# nothing\n"));
    CHECK_FALSE(empty.ok);
    CHECK(empty.error.code == "empty");

    const loaded_file missing = load_file((dir.path() / "missing").string());
    CHECK_FALSE(missing.ok);
    CHECK(missing.error.code == "cannot_read");

    const loaded_file directory = load_file(dir.path().string());
    CHECK_FALSE(directory.ok);
    CHECK(directory.error.code == "not_a_file");
    CHECK(directory.error.reason.find("a directory") != std::string::npos);

    // A FIFO is refused before it is opened: opening it would wait for a writer.
    const std::string fifo = (dir.path() / "fifo").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const loaded_file from_fifo = load_file(fifo);
    CHECK_FALSE(from_fifo.ok);
    CHECK(from_fifo.error.code == "not_a_file");
    CHECK(from_fifo.error.reason.find("a FIFO") != std::string::npos);

    const loaded_file device = load_file("/dev/zero");
    CHECK_FALSE(device.ok);
    CHECK(device.error.code == "not_a_file");

    const loaded_file big = load_file(dir.write("big.bin", std::string(100, '\0')), 64);
    CHECK_FALSE(big.ok);
    CHECK(big.error.code == "too_large");

    // load_bytes keeps its contract: an empty file is no error, just no bytes.
    const input_bytes none = load_bytes(dir.write("empty.bin", ""));
    CHECK(none.ok);
    CHECK(none.bytes.empty());
}

} // namespace test_hosted_hex_input_test
