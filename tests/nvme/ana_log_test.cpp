// SPDX-License-Identifier: MIT
#include <mpio/nvme/ana_log.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_ana_log_test {

using mpio::byte_view;
using mpio::errc;
namespace nvme = mpio::nvme;
using nvme::ana_descriptor_problem;
using nvme::ana_state;

namespace {

// CHGCNT 7; group 1 optimized {1, 2}; group 2 non-optimized {3};
// group 3 inaccessible {}; group 4 change {4, 5, 6}. The descriptor after an
// odd NSID count starts at an offset that is not a multiple of 8 (group 3 at
// 16 + 40 + 36 = 92).
constexpr nvme_test::buffer<256> four_groups() noexcept
{
    nvme_test::buffer<256> p;
    p.le(0, 7, 8);
    p.le(8, 4, 2);
    std::size_t at = 16;
    const auto group = [&](std::uint32_t id, std::uint8_t state, std::uint64_t chg, const std::uint32_t* nsids,
                           std::uint32_t n) {
        p.le(at, id, 4);
        p.le(at + 4, n, 4);
        p.le(at + 8, chg, 8);
        p.b[at + 16] = state;
        at += 32;
        for (std::uint32_t i = 0; i < n; ++i, at += 4) p.le(at, nsids[i], 4);
    };
    constexpr std::uint32_t g1[] = {1, 2};
    constexpr std::uint32_t g2[] = {3};
    constexpr std::uint32_t g4[] = {4, 5, 6};
    group(1, 0x1, 5, g1, 2);
    group(2, 0x2, 6, g2, 1);
    group(3, 0x3, 7, nullptr, 0);
    group(4, 0xF, 7, g4, 3);
    p.used = at; // 16 + 40 + 36 + 32 + 44 = 168
    return p;
}
constexpr nvme_test::buffer<256> log4 = four_groups();

// The same four groups as a Return Groups Only page (32-byte descriptors).
constexpr nvme_test::buffer<256> four_groups_rgo() noexcept
{
    nvme_test::buffer<256> p;
    p.le(0, 7, 8);
    p.le(8, 4, 2);
    constexpr std::uint8_t states[] = {1, 2, 3, 0xF};
    for (std::uint32_t g = 0; g < 4; ++g) {
        const std::size_t at = 16 + 32 * g;
        p.le(at, g + 1, 4);
        p.b[at + 16] = states[g];
    }
    p.used = 16 + 4 * 32;
    return p;
}
constexpr nvme_test::buffer<256> rgo4 = four_groups_rgo();

constexpr nvme::ana_log parse(byte_view b, nvme::ana_log_options o = {}) noexcept { return *nvme::parse_ana_log(b, o); }

} // namespace

TEST_CASE("ana_log: header, descriptors, NSID lists, unaligned descriptors", "[nvme][ana_log][constexpr]")
{
    constexpr auto log = parse(log4.view(), {128, false, false});
    STATIC_REQUIRE(log4.used == 168);
    STATIC_REQUIRE(log.chgcnt() == 7);
    STATIC_REQUIRE(log.ngrps() == 4);
    STATIC_REQUIRE(log.status().ok());
    STATIC_REQUIRE(log.status().count == 4);
    STATIC_REQUIRE(log.status().offset == 168);
    STATIC_REQUIRE(!log.truncated());
    STATIC_REQUIRE(log.required_length() == 168);
    STATIC_REQUIRE(log.groups().at(2)->offset() == 92); // not 8-aligned
    STATIC_REQUIRE(log.groups().at(3)->offset() == 124);
    STATIC_REQUIRE(log.groups().at(3)->nnsids() == 3);
    STATIC_REQUIRE(log.groups().at(3)->nsid(2) == 6);
    STATIC_REQUIRE(log.groups().at(1)->chgcnt() == 6);
    STATIC_REQUIRE(log.groups().at(4).error() == errc::not_found);
    STATIC_REQUIRE(*log.state_of(1) == ana_state::optimized);
    STATIC_REQUIRE(*log.state_of(2) == ana_state::non_optimized);
    STATIC_REQUIRE(*log.state_of(3) == ana_state::inaccessible);
    STATIC_REQUIRE(*log.state_of(4) == ana_state::change);
    STATIC_REQUIRE(log.state_of(5).error() == errc::not_found);
    STATIC_REQUIRE(log.group_of_namespace(3)->anagrpid() == 2);
    STATIC_REQUIRE(log.group_of_namespace(6)->anagrpid() == 4);
    STATIC_REQUIRE(log.group_of_namespace(7).error() == errc::not_found);
    STATIC_REQUIRE(log.groups().at(2)->nsid_count() == 0);
}

TEST_CASE("ana_log: walking groups and their NSIDs", "[nvme][ana_log]")
{
    const auto log = parse(log4.view());
    std::string seen;
    for (const nvme::ana_group_descriptor g : log.groups()) {
        seen += std::to_string(g.anagrpid()) + ":" + nvme::linux_name(g.anas()) + "[";
        for (const nvme::ana_nsid_entry n : g.nsids()) seen += std::to_string(n.nsid()) + " ";
        seen += "]";
    }
    REQUIRE(seen == "1:optimized[1 2 ]2:non-optimized[3 ]3:inaccessible[]4:change[4 5 6 ]");
}

TEST_CASE("ana_log: Return Groups Only", "[nvme][ana_log][constexpr]")
{
    constexpr auto log = parse(rgo4.view(), {128, true, false});
    STATIC_REQUIRE(log.status().ok());
    STATIC_REQUIRE(log.status().count == 4);
    STATIC_REQUIRE(log.required_length() == 144);
    STATIC_REQUIRE(*log.state_of(4) == ana_state::change);
    STATIC_REQUIRE(log.groups().at(3)->nsid_count() == 0);
    STATIC_REQUIRE(log.group_of_namespace(1).error() == errc::not_found);
    // NNSIDS in an RGO page contradicts the request.
    nvme_test::buffer<256> p = rgo4;
    p.le(16 + 32 + 4, 1, 4);
    const auto bad = parse(p.view(), {128, true, false});
    REQUIRE(bad.status().error == errc::length_mismatch);
    REQUIRE(bad.status().count == 1);
    REQUIRE(bad.groups().problem() == ana_descriptor_problem::nnsids_with_rgo);
    // The same page read as a full one: group 2 claims one NSID, which
    // shifts everything after it.
    REQUIRE(parse(p.view()).status().count >= 2);
}

TEST_CASE("ana_log: the kernel's rules - group ID 0, above ANAGRPMAX, state 0, above Fh", "[nvme][ana_log][malformed]")
{
    struct bad_case {
        std::size_t at;
        std::uint64_t value;
        std::size_t width;
        ana_descriptor_problem problem;
    };
    // Each edit hits group 2 (offset 56): groups before it stay usable.
    const bad_case cases[] = {
        {56, 0, 4, ana_descriptor_problem::group_id_zero},
        {56, 129, 4, ana_descriptor_problem::group_id_above_anagrpmax},
        {56 + 16, 0x00, 1, ana_descriptor_problem::state_zero},
        {56 + 16, 0x10, 1, ana_descriptor_problem::state_above_change},
        {56 + 16, 0x81, 1,
         ana_descriptor_problem::state_above_change}, // reserved bits set: the kernel compares the byte
    };
    for (const bad_case& c : cases) {
        nvme_test::buffer<256> p = log4;
        p.le(c.at, c.value, c.width);
        const auto log = parse(p.view(), {128, false, false});
        CAPTURE(nvme::to_string(c.problem));
        REQUIRE(log.status().error == errc::reserved_value);
        REQUIRE(log.status().count == 1);
        REQUIRE(log.status().offset == 56);
        REQUIRE(log.groups().problem() == c.problem);
        REQUIRE(!log.truncated());
        REQUIRE(log.required_length() == 56);
        REQUIRE(*log.state_of(1) == ana_state::optimized); // before the bad one
        REQUIRE(log.state_of(4).error() == errc::reserved_value);
    }
    // ANAGRPMAX itself is allowed; the default options check no maximum.
    nvme_test::buffer<256> p = log4;
    p.le(56, 128, 4);
    REQUIRE(parse(p.view(), {128, false, false}).status().ok());
    p.le(56, 0xFFFFFFFF, 4);
    REQUIRE(parse(p.view()).status().ok());
}

TEST_CASE("ana_log: reserved states 5h..Eh pass as in the kernel, or are refused on request", "[nvme][ana_log]")
{
    nvme_test::buffer<256> p = log4;
    p.b[56 + 16] = 0x5;
    const auto kernel_like = parse(p.view());
    REQUIRE(kernel_like.status().ok());
    REQUIRE(nvme::is_reserved(*kernel_like.state_of(2)));
    REQUIRE(!nvme::is_live(*kernel_like.state_of(2)));
    const auto strict = parse(p.view(), {0xFFFFFFFF, false, true});
    REQUIRE(strict.status().error == errc::reserved_value);
    REQUIRE(strict.groups().problem() == ana_descriptor_problem::reserved_state);
    p.b[56 + 16] = 0xE;
    REQUIRE(parse(p.view(), {0xFFFFFFFF, false, true}).groups().problem() == ana_descriptor_problem::reserved_state);
}

TEST_CASE("ana_log: truncated pages", "[nvme][ana_log][truncated]")
{
    STATIC_REQUIRE(nvme::parse_ana_log(log4.view().first(15)).error() == errc::too_short);
    // Header only, NGRPS 4: nothing to walk.
    constexpr auto h = parse(log4.view().first(16));
    STATIC_REQUIRE(h.truncated());
    STATIC_REQUIRE(h.status().error == errc::too_short);
    STATIC_REQUIRE(h.status().count == 0);
    STATIC_REQUIRE(h.required_length() == 48);
    // Cut inside group 2's NSID list: group 1 stays.
    constexpr auto c = parse(log4.view().first(90));
    STATIC_REQUIRE(c.truncated());
    STATIC_REQUIRE(c.status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(c.status().count == 1);
    STATIC_REQUIRE(c.required_length() == 92);
    STATIC_REQUIRE(*c.state_of(1) == ana_state::optimized);
    STATIC_REQUIRE(c.groups().problem() == ana_descriptor_problem::truncated);
    // Every cut is either clean (the whole page) or truncated; never an overread.
    for (std::size_t n = 16; n <= log4.used; ++n) {
        const auto cut = parse(log4.view().first(n));
        CAPTURE(n);
        REQUIRE(cut.truncated() == (n < log4.used));
        REQUIRE(cut.required_length() >= (n < log4.used ? n + 1 : n));
    }
    // A huge NNSIDS is an overrun, not a wrap-around.
    nvme_test::buffer<256> p = log4;
    p.le(16 + 4, 0xFFFFFFFF, 4);
    const auto huge = parse(p.view());
    REQUIRE(huge.status().error == errc::descriptor_overrun);
    REQUIRE(huge.required_length() ==
            (sizeof(std::size_t) > 4 ? 16 + 32 + 4 * std::size_t{0xFFFFFFFF} : std::size_t(-1)));
}

TEST_CASE("ana_log: bytes after NGRPS descriptors are ignored; NGRPS 0", "[nvme][ana_log]")
{
    nvme_test::buffer<256> p = log4;
    p.used = 256; // stale bytes after the last descriptor
    p.b[200] = 0xFF;
    REQUIRE(parse(p.view()).status().ok());
    REQUIRE(parse(p.view()).required_length() == 168);
    p.le(8, 0, 2);
    const auto empty = parse(p.view());
    REQUIRE(empty.status().ok());
    REQUIRE(empty.status().count == 0);
    REQUIRE(empty.required_length() == 16);
    REQUIRE(empty.find_group(1).error() == errc::not_found);
}

TEST_CASE("ana_log: the kernel's buffer size", "[nvme][ana_log]")
{
    STATIC_REQUIRE(nvme::ana_log_size(128, 1024) == 16 + 128 * 32 + 1024 * 4);
    STATIC_REQUIRE(nvme::ana_log_size(128, 1024, true) == 16 + 128 * 32);
    STATIC_REQUIRE(nvme::ana_log_size(0xFFFFFFFF, 0xFFFFFFFF) == 16 + 32ull * 0xFFFFFFFF + 4ull * 0xFFFFFFFF);
    STATIC_REQUIRE(nvme::ana_log_identifier == 0x0C);
}

} // namespace test_nvme_ana_log_test
