// SPDX-License-Identifier: MIT
#include <mpio/nvme/namespace_identification_descriptors.hpp>

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_namespace_identification_descriptors_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace nvme = mpio::nvme;

namespace {

// EUI-64, NGUID, UUID and CSI, then the NIDL 0 terminator (zeros).
constexpr nvme_test::page four_descriptors() noexcept
{
    nvme_test::page p;
    std::size_t at = 0;
    p.b[at] = 1;
    p.b[at + 1] = 8;
    for (std::size_t i = 0; i < 8; ++i) p.b[at + 4 + i] = static_cast<byte>(0x10 + i);
    at += 12;
    p.b[at] = 2;
    p.b[at + 1] = 16;
    for (std::size_t i = 0; i < 16; ++i) p.b[at + 4 + i] = static_cast<byte>(0x20 + i);
    at += 20;
    p.b[at] = 3;
    p.b[at + 1] = 16;
    for (std::size_t i = 0; i < 16; ++i) p.b[at + 4 + i] = static_cast<byte>(0x30 + i);
    at += 20;
    p.b[at] = 4;
    p.b[at + 1] = 1;
    p.b[at + 4] = 2; // zoned namespace command set
    return p;
}
constexpr nvme_test::page descs = four_descriptors();

constexpr std::size_t count(const nvme::namespace_identification_descriptors& d) noexcept
{
    std::size_t n = 0;
    for (const auto e : d.descriptors()) {
        (void)e;
        ++n;
    }
    return n;
}

constexpr nvme::namespace_ids collect(byte_view b) noexcept
{
    nvme::namespace_ids ids;
    (void)nvme::collect_namespace_ids(*nvme::parse_namespace_identification_descriptors(b), ids);
    return ids;
}

} // namespace

TEST_CASE("ns descriptors: the four types, ended by NIDL 0", "[nvme][ns_descs][constexpr]")
{
    constexpr auto d = *nvme::parse_namespace_identification_descriptors(descs.view());
    STATIC_REQUIRE(d.terminated());
    STATIC_REQUIRE(!d.truncated());
    STATIC_REQUIRE(d.status().ok());
    STATIC_REQUIRE(d.status().count == 4);
    STATIC_REQUIRE(d.status().offset == 57);
    STATIC_REQUIRE(count(d) == 4);
    STATIC_REQUIRE(d.find(nvme::namespace_identifier_type::eui64)->size() == 8);
    STATIC_REQUIRE((*d.find(nvme::namespace_identifier_type::eui64))[7] == 0x17);
    STATIC_REQUIRE((*d.find(nvme::namespace_identifier_type::nguid))[0] == 0x20);
    STATIC_REQUIRE((*d.find(nvme::namespace_identifier_type::uuid))[15] == 0x3f);
    STATIC_REQUIRE((*d.find(nvme::namespace_identifier_type::csi))[0] == 2);
    STATIC_REQUIRE(d.find(static_cast<nvme::namespace_identifier_type>(9)).error() == errc::not_found);

    constexpr auto ids = collect(descs.view());
    STATIC_REQUIRE(ids.eui64[0] == 0x10);
    STATIC_REQUIRE(ids.nguid[15] == 0x2f);
    STATIC_REQUIRE(ids.uuid[0] == 0x30);
    STATIC_REQUIRE(ids.csi == 2);
    STATIC_REQUIRE(ids.csi_seen);
}

TEST_CASE("ns descriptors: an empty list (a controller before NVMe 1.3)", "[nvme][ns_descs]")
{
    const nvme_test::page zeros{};
    const auto d = *nvme::parse_namespace_identification_descriptors(zeros.view());
    REQUIRE(d.terminated());
    REQUIRE(d.status().ok());
    REQUIRE(d.status().count == 0);
    REQUIRE(d.find(nvme::namespace_identifier_type::nguid).error() == errc::not_found);
    const auto none = *nvme::parse_namespace_identification_descriptors(byte_view{});
    REQUIRE(none.truncated());
    REQUIRE(none.status().count == 0);
}

TEST_CASE("ns descriptors: a wrong NIDL for a known type is an error; earlier ones stay", "[nvme][ns_descs][malformed]")
{
    nvme_test::page p = descs;
    p.b[32 + 1] = 15; // the UUID descriptor says 15 bytes
    const auto d = *nvme::parse_namespace_identification_descriptors(p.view());
    REQUIRE(d.status().error == errc::length_mismatch);
    REQUIRE(d.status().offset == 32);
    REQUIRE(d.status().count == 2);
    REQUIRE(d.find(nvme::namespace_identifier_type::nguid).has_value());
    REQUIRE(d.find(nvme::namespace_identifier_type::uuid).error() == errc::not_found);
    nvme::namespace_ids ids;
    REQUIRE(nvme::collect_namespace_ids(d, ids).error == errc::length_mismatch);
    REQUIRE(ids.nguid[0] == 0x20);
    REQUIRE(ids.uuid[0] == 0); // never read past the bad one (as the kernel stops)
    REQUIRE(!ids.csi_seen);

    for (const std::uint8_t bad : {std::uint8_t{7}, std::uint8_t{9}, std::uint8_t{16}}) {
        nvme_test::page q = descs;
        q.b[1] = bad; // EUI-64 must be 8
        REQUIRE(nvme::parse_namespace_identification_descriptors(q.view())->status().error == errc::length_mismatch);
    }
    nvme_test::page csi = descs;
    csi.b[52 + 1] = 4; // CSI must be 1
    REQUIRE(nvme::parse_namespace_identification_descriptors(csi.view())->status().error == errc::length_mismatch);
}

TEST_CASE("ns descriptors: unknown types are skipped by their length", "[nvme][ns_descs]")
{
    nvme_test::page p{};
    p.b[0] = 0x80; // vendor/unknown type, 6 bytes
    p.b[1] = 6;
    p.b[10] = 2; // then an NGUID
    p.b[11] = 16;
    p.b[14] = 0xAA;
    const auto d = *nvme::parse_namespace_identification_descriptors(p.view());
    REQUIRE(d.status().ok());
    REQUIRE(d.status().count == 2);
    REQUIRE((*d.find(nvme::namespace_identifier_type::nguid))[0] == 0xAA);
    REQUIRE(std::string(nvme::to_string(static_cast<nvme::namespace_identifier_type>(0x80))) == "reserved");
}

TEST_CASE("ns descriptors: the last descriptor of a type wins, as in the kernel", "[nvme][ns_descs]")
{
    nvme_test::page p{};
    p.b[0] = 1;
    p.b[1] = 8;
    p.b[4] = 0x11;
    p.b[12] = 1;
    p.b[13] = 8;
    p.b[16] = 0x22;
    const auto d = *nvme::parse_namespace_identification_descriptors(p.view());
    REQUIRE((*d.find(nvme::namespace_identifier_type::eui64))[0] == 0x22);
    nvme::namespace_ids ids;
    REQUIRE(nvme::collect_namespace_ids(d, ids).ok());
    REQUIRE(ids.eui64[0] == 0x22);
}

TEST_CASE("ns descriptors: truncated data", "[nvme][ns_descs][truncated]")
{
    // Cut inside the NGUID: the EUI-64 stays, the NGUID overruns.
    constexpr auto d20 = *nvme::parse_namespace_identification_descriptors(descs.view().first(20));
    STATIC_REQUIRE(d20.truncated());
    STATIC_REQUIRE(d20.required_allocation_length() == 4096);
    STATIC_REQUIRE(d20.status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(d20.status().count == 1);
    // Cut inside a header (3 bytes of the NGUID's header).
    constexpr auto d15 = *nvme::parse_namespace_identification_descriptors(descs.view().first(15));
    STATIC_REQUIRE(d15.status().error == errc::too_short);
    STATIC_REQUIRE(d15.status().offset == 12);
    // Cut right after the CSI: all four, no terminator seen, truncated.
    constexpr auto d57 = *nvme::parse_namespace_identification_descriptors(descs.view().first(57));
    STATIC_REQUIRE(d57.status().ok());
    STATIC_REQUIRE(d57.status().count == 4);
    STATIC_REQUIRE(!d57.terminated());
    STATIC_REQUIRE(d57.truncated());
    // A NID running past 4096 bytes at the end of a full page.
    nvme_test::page p{};
    for (std::size_t at = 0; at + 20 <= 4096; at += 20) {
        p.b[at] = 3;
        p.b[at + 1] = 16;
    }
    p.b[4080] = 3; // 4080 + 20 > 4096
    p.b[4081] = 16;
    const auto full = *nvme::parse_namespace_identification_descriptors(p.view());
    REQUIRE(!full.truncated());
    REQUIRE(full.status().error == errc::descriptor_overrun);
    REQUIRE(full.status().offset == 4080);
    REQUIRE(full.status().count == 204);
}

} // namespace test_nvme_namespace_identification_descriptors_test
