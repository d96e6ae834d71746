// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_mode_page_policy.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_mode_page_policy_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;
using scsi::mode_page_policy_value;

namespace {

// scsi_debug's page (vpd_sdeb.hex): Disconnect-Reconnect (02h) shared,
// Protocol Specific Logical Unit (18h) with policy 10b; both MLUS.
constexpr byte sdeb[] = {0x00, 0x87, 0x00, 0x08, 0x02, 0x00, 0x80, 0x00, 0x18, 0x00, 0x82, 0x00};

// A catch-all first descriptor (per I_T nexus), then Caching (08h) per
// target port and Control Extension (0Ah/01h) shared; reserved bits set.
constexpr byte catch_all[] = {0x00, 0x87, 0x00, 0x0c, 0x3F, 0xFF, 0x03, 0x00,
                              0xC8, 0x00, 0x7D, 0xFF, 0x0A, 0x01, 0x00, 0x00};

constexpr std::size_t count(const scsi::mode_page_policy_descriptor_list& list) noexcept
{
    std::size_t n = 0;
    for (const scsi::mode_page_policy_descriptor d : list) {
        static_cast<void>(d);
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("vpd_mode_page_policy: scsi_debug page at compile time", "[scsi][vpd_mode_page_policy]")
{
    constexpr auto mpp = scsi::parse_mode_page_policy(sdeb);
    STATIC_REQUIRE(mpp.has_value());
    STATIC_REQUIRE(mpp->page_code() == 0x87);
    STATIC_REQUIRE(!mpp->truncated());
    STATIC_REQUIRE(count(mpp->descriptors()) == 2);
    STATIC_REQUIRE(mpp->descriptors().status().ok());

    constexpr auto first = *mpp->descriptors().at(0);
    STATIC_REQUIRE(first.policy_page_code() == 0x02);
    STATIC_REQUIRE(first.policy_subpage_code() == 0x00);
    STATIC_REQUIRE(first.mlus());
    STATIC_REQUIRE(first.mode_page_policy() == mode_page_policy_value::shared);
    STATIC_REQUIRE(!first.applies_to_all_pages());

    constexpr auto second = *mpp->descriptors().at(1);
    STATIC_REQUIRE(second.policy_page_code() == 0x18);
    STATIC_REQUIRE(second.mode_page_policy() == mode_page_policy_value::obsolete_per_initiator_port);
    STATIC_REQUIRE(second.offset() == 4);

    STATIC_REQUIRE(mpp->policy_for(0x18, 0x00)->offset() == 4);
    STATIC_REQUIRE(mpp->policy_for(0x08, 0x00).error() == errc::not_found); // no catch-all
    STATIC_REQUIRE(mpp->policy_for(0x02, 0x01).error() == errc::not_found); // subpages are distinct
}

TEST_CASE("vpd_mode_page_policy: catch-all descriptor and policy lookup", "[scsi][vpd_mode_page_policy]")
{
    constexpr auto mpp = scsi::parse_mode_page_policy(catch_all);
    STATIC_REQUIRE(count(mpp->descriptors()) == 3);
    constexpr auto all = *mpp->descriptors().at(0);
    STATIC_REQUIRE(all.applies_to_all_pages());
    STATIC_REQUIRE(!all.mlus());
    STATIC_REQUIRE(all.mode_page_policy() == mode_page_policy_value::per_i_t_nexus);

    constexpr auto caching = *mpp->descriptors().at(1);
    STATIC_REQUIRE(caching.policy_page_code() == 0x08); // reserved bits 7..6 ignored
    STATIC_REQUIRE(!caching.mlus());                    // reserved bits 6..2 ignored
    STATIC_REQUIRE(caching.mode_page_policy() == mode_page_policy_value::per_target_port);

    STATIC_REQUIRE(mpp->policy_for(0x08, 0x00)->offset() == 4);
    STATIC_REQUIRE(mpp->policy_for(0x0A, 0x01)->offset() == 8);
    STATIC_REQUIRE(mpp->policy_for(0x0A, 0x01)->mode_page_policy() == mode_page_policy_value::shared);
    // Pages no descriptor names fall to the catch-all.
    STATIC_REQUIRE(mpp->policy_for(0x1C, 0x00)->offset() == 0);
    STATIC_REQUIRE(mpp->policy_for(0x0A, 0x00)->offset() == 0);

    // 3Fh/FFh anywhere but first is not a catch-all.
    static constexpr byte late[] = {0x00, 0x87, 0x00, 0x08, 0x08, 0x00, 0x01, 0x00, 0x3F, 0xFF, 0x03, 0x00};
    STATIC_REQUIRE(scsi::parse_mode_page_policy(late)->policy_for(0x1C, 0x00).error() == errc::not_found);
    STATIC_REQUIRE(scsi::parse_mode_page_policy(late)->policy_for(0x3F, 0xFF)->offset() == 4);

    CHECK(std::string(to_string(mode_page_policy_value::shared)) == "shared");
    CHECK(std::string(to_string(mode_page_policy_value::per_target_port)) == "per target port");
    CHECK(std::string(to_string(mode_page_policy_value::obsolete_per_initiator_port)) ==
          "obsolete (per initiator port)");
    CHECK(std::string(to_string(mode_page_policy_value::per_i_t_nexus)) == "per I_T nexus");
}

TEST_CASE("vpd_mode_page_policy: malformed and truncated pages", "[scsi][vpd_mode_page_policy]")
{
    STATIC_REQUIRE(scsi::parse_mode_page_policy(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_mode_page_policy(byte_view(sdeb, 3)).error() == errc::too_short);
    static constexpr byte ports[] = {0x00, 0x88, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_mode_page_policy(ports).error() == errc::wrong_page_code);

    // PAGE LENGTH not a multiple of four.
    static constexpr byte ragged[] = {0x00, 0x87, 0x00, 0x06, 0x02, 0x00, 0x80, 0x00, 0x18, 0x00};
    constexpr auto r = scsi::parse_mode_page_policy(ragged);
    STATIC_REQUIRE(!r->truncated());
    STATIC_REQUIRE(r->descriptors().status().error == errc::too_short);
    STATIC_REQUIRE(r->descriptors().status().offset == 4);
    STATIC_REQUIRE(r->descriptors().status().count == 1);
    STATIC_REQUIRE(r->policy_for(0x02, 0x00).has_value());
    STATIC_REQUIRE(r->policy_for(0x18, 0x00).error() == errc::too_short);

    mpio_test::every_prefix(byte_view(catch_all), scsi::vpd_page::header_size, scsi::parse_mode_page_policy,
                            [](const scsi::mode_page_policy& prefix, std::size_t n) {
                                CHECK(prefix.truncated() == (n < sizeof catch_all));
                                const mpio::list_status st = prefix.descriptors().status();
                                CHECK(st.count == (n - 4) / 4);
                                CHECK(st.error == ((n - 4) % 4 == 0 ? errc::none : errc::too_short));
                                // The catch-all answers once it is whole, unless a cut
                                // descriptor might have been an exact match.
                                const auto p = prefix.policy_for(0x1C, 0x00);
                                if (n < 8) {
                                    CHECK_FALSE(p.has_value());
                                } else if ((n - 4) % 4 == 0) {
                                    CHECK(p->offset() == 0);
                                } else {
                                    CHECK(p.error() == errc::too_short);
                                }
                            });
}

TEST_CASE("vpd_mode_page_policy: vpd_sdeb.hex", "[scsi][vpd_mode_page_policy][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto page = scsi::vpd_page_list(view(data)).find(0x87);
    REQUIRE(page.has_value());
    CHECK(page->bytes() == byte_view(sdeb));
    const auto mpp = scsi::parse_mode_page_policy(page->bytes());
    REQUIRE(mpp.has_value());
    // sg_vpd --inhex=<the 87h page> (sg3_utils 1.46):
    //   Policy page code: 0x2
    //     MLUS=1,  Policy: shared
    //   Policy page code: 0x18
    //     MLUS=1,  Policy: per initiator port
    // (10b is SPC-3's "per initiator port", obsolete since SPC-4.)
    std::vector<std::string> lines;
    for (const scsi::mode_page_policy_descriptor d : mpp->descriptors())
        lines.push_back(std::to_string(d.policy_page_code()) + "/" + std::to_string(d.policy_subpage_code()) +
                        " MLUS=" + std::to_string(d.mlus()) + " " + to_string(d.mode_page_policy()));
    CHECK(lines == std::vector<std::string>{"2/0 MLUS=1 shared", "24/0 MLUS=1 obsolete (per initiator port)"});
}

} // namespace test_scsi_vpd_mode_page_policy_test
