// SPDX-License-Identifier: MIT
// The multipath-tools WWID renderer (detail::multipath_tools::render() in
// mpio/ident/scheme_multipath_tools.hpp) works on words and runs of bytes
// for speed; these tests compare it with the rule written a character at a
// time (what the scheme did before, after parse_vpd_pg83()'s description),
// on generated designators of every rendered type: NAA and EUI-64 up to 255
// bytes (the 127-character cut), SCSI name strings with and without their
// prefixes, T10 vendor IDs with runs of spaces, NULs and bytes of every
// value, at every length.
#include <mpio/ident/scheme_multipath_tools.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_multipath_tools_render_test {

namespace multipath_tools_render_test {

using mpio::byte;
using mpio::byte_view;
using mpio::scsi::designation_descriptor;
using mpio::scsi::designator_type;

// The rule a character at a time: a C string of at most 127 characters.
struct model_text {
    std::string s;
    bool ended = false;
    void append(char c)
    {
        if (c == '\0' || s.size() == 127) ended = true;
        if (!ended) s += c;
    }
};

std::string model(const designation_descriptor& d)
{
    static constexpr char hex[] = "0123456789abcdef";
    byte_view des = d.designator();
    if (des.size() > 128) des = des.first(128);
    const auto prefix = [&](const char* p) { return mpio::ident::detail::multipath_tools::name_prefix(des, p); };
    model_text out;
    switch (d.designator_type()) {
    case designator_type::naa:
    case designator_type::eui64:
        out.append(d.designator_type() == designator_type::naa ? '3' : '2');
        for (const byte b : des) {
            out.append(hex[b >> 4]);
            out.append(hex[b & 0x0f]);
        }
        break;
    case designator_type::scsi_name_string: {
        const bool iqn = prefix("iqn.");
        out.append(prefix("eui.") ? '2' : prefix("naa.") ? '3' : '8');
        for (const byte b : des.subview(4))
            out.append(!iqn && b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : static_cast<char>(b));
        break;
    }
    case designator_type::t10_vendor_id: {
        out.append('1');
        bool spaces = false;
        for (const byte b : des) {
            if (b == ' ') {
                spaces = true;
                continue;
            }
            if (spaces) out.append('_');
            spaces = false;
            out.append(static_cast<char>(b));
        }
        break;
    }
    default: break;
    }
    return out.s;
}

std::string rendered(const designation_descriptor& d)
{
    byte out[mpio::ident::identity_key::capacity];
    const std::size_t n = mpio::ident::detail::multipath_tools::render(d, out);
    return std::string(reinterpret_cast<const char*>(out), n);
}

// A small deterministic generator (no <random>: the same cases everywhere).
struct generator {
    std::uint32_t state = 0x12345678u;
    std::uint32_t next()
    {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    }
};

} // namespace multipath_tools_render_test

TEST_CASE("multipath-tools render: word-at-a-time rendering equals the per-character rule",
          "[ident][multipath_tools][render]")
{
    using namespace multipath_tools_render_test;
    generator g;
    const int types[] = {1, 2, 3, 8};
    const char* prefixes[] = {"iqn.", "naa.", "eui.", "NAA.", "iqn"};
    std::size_t cases = 0, mismatches = 0;
    for (int type : types) {
        for (std::size_t length = 0; length <= 255; ++length) {
            for (int variant = 0; variant < 12; ++variant) {
                byte buf[4 + 255];
                buf[0] = 2;
                buf[1] = static_cast<byte>(type);
                buf[2] = 0;
                buf[3] = static_cast<byte>(length);
                for (std::size_t i = 0; i < length; ++i) {
                    const std::uint32_t r = g.next() % 100;
                    if (variant == 0)
                        buf[4 + i] = static_cast<byte>(g.next()); // any byte
                    else if (variant == 1)
                        buf[4 + i] = ' '; // blank
                    else
                        buf[4 + i] = r < 40   ? byte{' '}
                                     : r < 42 ? byte{0}
                                     : r < 60 ? static_cast<byte>('A' + g.next() % 26)
                                              : static_cast<byte>('a' + g.next() % 26);
                }
                if (type == 8 && length >= 4 && variant % 2 == 0) {
                    const char* p = prefixes[g.next() % 5];
                    for (std::size_t i = 0; i < 4 && p[i] != '\0'; ++i) buf[4 + i] = static_cast<byte>(p[i]);
                }
                const designation_descriptor d(byte_view(buf, 4 + length), 0);
                ++cases;
                if (rendered(d) != model(d)) {
                    ++mismatches;
                    INFO("type " << type << ", length " << length << ", variant " << variant);
                    CHECK(rendered(d) == model(d));
                }
            }
        }
    }
    CHECK(cases == 4 * 256 * 12);
    CHECK(mismatches == 0);
}

TEST_CASE("multipath-tools render: edges of the T10 and hex rules", "[ident][multipath_tools][render]")
{
    using namespace multipath_tools_render_test;
    const auto t10 = [](std::string id) {
        std::string page = std::string("\x02\x01\x00", 3) + static_cast<char>(id.size()) + id;
        const designation_descriptor d(byte_view(reinterpret_cast<const byte*>(page.data()), page.size()), 0);
        return rendered(d);
    };
    CHECK(t10("VENDOR  PRODUCT         SERIAL  ") == "1VENDOR_PRODUCT_SERIAL");
    CHECK(t10("  LEADING") == "1_LEADING");
    CHECK(t10("ABCDEFGH        ") == "1ABCDEFGH");         // a word of spaces at the end
    CHECK(t10("ABCDEFGHIJKLMNOP") == "1ABCDEFGHIJKLMNOP"); // whole words
    CHECK(t10(std::string("AB  \0CD", 7)) == "1AB_");      // the '_' before a NUL is kept
    CHECK(t10(std::string("ABCDEFG\0", 8)) == "1ABCDEFG");
    CHECK(t10(std::string(200, 'x')).size() == 127); // cut at WWID_SIZE - 1

    byte naa[4 + 100] = {1, 3, 0, 100};
    for (std::size_t i = 0; i < 100; ++i) naa[4 + i] = static_cast<byte>(i);
    const std::string wwid = rendered(designation_descriptor(byte_view(naa, sizeof naa), 0));
    CHECK(wwid.size() == 127); // '3' + 63 whole bytes, no half byte
    CHECK(wwid.substr(0, 9) == "300010203");
    CHECK(wwid.substr(121) == "3c3d3e"); // bytes 60-62
}

} // namespace test_ident_multipath_tools_render_test
