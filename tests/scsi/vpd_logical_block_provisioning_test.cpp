// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_logical_block_provisioning.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_logical_block_provisioning_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

// scsi_debug's page (vpd_sdeb.hex): nothing supported, no descriptor.
constexpr byte sdeb[] = {0x00, 0xb2, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00};

// tests/data/sg3_utils-inhex/vpd_lbpv.hex: DP with an NAA 5 provisioning group.
constexpr byte lbpv[] = {0x00, 0xb2, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x01, 0x03,
                         0x00, 0x08, 0x51, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

// A thin provisioned logical unit with every field set (SBC-3 style LBPRZ
// bit), no descriptor.
constexpr byte thin[] = {0x00, 0xb2, 0x00, 0x04,
                         0x14,  // THRESHOLD EXPONENT 20
                         0xE6,  // LBPU, LBPWS, LBPWS10, LBPRZ 001b, ANC_SUP
                         0xFA,  // MINIMUM PERCENTAGE 31, PROVISIONING TYPE 010b
                         0x32}; // THRESHOLD PERCENTAGE 50

template <std::size_t N>
constexpr errc descriptor_error(const byte (&page)[N]) noexcept
{
    return scsi::parse_logical_block_provisioning(page)->provisioning_group_descriptor().error();
}

} // namespace

TEST_CASE("vpd_logical_block_provisioning: fields at compile time", "[scsi][vpd_logical_block_provisioning]")
{
    constexpr auto lbp = scsi::parse_logical_block_provisioning(thin);
    STATIC_REQUIRE(lbp.has_value());
    STATIC_REQUIRE(lbp->page_code() == 0xB2);
    STATIC_REQUIRE(lbp->page_length() == scsi::logical_block_provisioning::page_length_without_descriptor);
    STATIC_REQUIRE(!lbp->truncated());
    STATIC_REQUIRE(lbp->has_all_fields());
    STATIC_REQUIRE(lbp->threshold_exponent() == 20);
    STATIC_REQUIRE(lbp->lbpu() && lbp->lbpws() && lbp->lbpws10());
    STATIC_REQUIRE(lbp->lbprz() == 1);
    STATIC_REQUIRE(lbp->lbprz_meaning() == scsi::lbprz_meaning::zeros);
    STATIC_REQUIRE(lbp->anc_sup());
    STATIC_REQUIRE(!lbp->dp());
    STATIC_REQUIRE(lbp->minimum_percentage() == 31);
    STATIC_REQUIRE(lbp->provisioning_type() == scsi::provisioning_type::thin_provisioned);
    STATIC_REQUIRE(lbp->threshold_percentage() == 50);
    STATIC_REQUIRE(lbp->provisioning_group_descriptor().error() == errc::not_found);
    STATIC_REQUIRE(lbp->header().page_code() == 0xB2);
}

TEST_CASE("vpd_logical_block_provisioning: LBPRZ and names", "[scsi][vpd_logical_block_provisioning]")
{
    // SBC-4 table "LBPRZ field": 000b vendor specific, xx1b zeros, 010b
    // provisioning initialization pattern, 100b and 110b reserved.
    const scsi::lbprz_meaning expected[8] = {
        scsi::lbprz_meaning::vendor_specific,
        scsi::lbprz_meaning::zeros,
        scsi::lbprz_meaning::provisioning_initialization_pattern,
        scsi::lbprz_meaning::zeros,
        scsi::lbprz_meaning::reserved,
        scsi::lbprz_meaning::zeros,
        scsi::lbprz_meaning::reserved,
        scsi::lbprz_meaning::zeros,
    };
    for (unsigned v = 0; v < 8; ++v) {
        INFO("LBPRZ " << v);
        byte page[8] = {0x00, 0xb2, 0x00, 0x04, 0x00, static_cast<byte>(v << 2), 0x00, 0x00};
        const auto lbp = scsi::parse_logical_block_provisioning(page);
        REQUIRE(lbp.has_value());
        CHECK(lbp->lbprz() == v);
        CHECK(lbp->lbprz_meaning() == expected[v]);
        CHECK_FALSE(lbp->lbpu());
        CHECK_FALSE(lbp->anc_sup());
        CHECK_FALSE(lbp->dp());
    }
    CHECK(std::string(to_string(scsi::lbprz_meaning::zeros)) == "zeros");
    CHECK(std::string(to_string(scsi::lbprz_meaning::reserved)) == "reserved");
    CHECK(std::string(to_string(scsi::provisioning_type::resource_provisioned)) == "resource provisioned");
    CHECK(std::string(to_string(static_cast<scsi::provisioning_type>(3))) == "reserved");
    CHECK(std::string(to_string(static_cast<scsi::provisioning_type>(7))) == "reserved");
}

TEST_CASE("vpd_logical_block_provisioning: provisioning group descriptor", "[scsi][vpd_logical_block_provisioning]")
{
    constexpr auto lbp = scsi::parse_logical_block_provisioning(lbpv);
    STATIC_REQUIRE(lbp->dp());
    constexpr auto d = lbp->provisioning_group_descriptor();
    STATIC_REQUIRE(d.has_value());
    STATIC_REQUIRE(d->association() == scsi::association::logical_unit);
    STATIC_REQUIRE(d->designator_type() == scsi::designator_type::naa);
    STATIC_REQUIRE(d->code_set() == scsi::code_set::binary);
    STATIC_REQUIRE(d->designator_length() == 8);
    STATIC_REQUIRE(d->offset() == 0);
    STATIC_REQUIRE(d->as_naa()->naa() == scsi::naa_format::ieee_registered);
    STATIC_REQUIRE(d->as_naa()->ieee_company_id() == 0x122334);
    STATIC_REQUIRE(d->as_naa()->vendor_specific_identifier() == 0x4'5566'7788u);

    // DP set, but PAGE LENGTH 4 leaves no room for the descriptor.
    static constexpr byte no_room[] = {0x00, 0xb2, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00};
    STATIC_REQUIRE(descriptor_error(no_room) == errc::length_mismatch);
    // DESIGNATOR LENGTH runs past PAGE LENGTH.
    static constexpr byte overrun[] = {0x00, 0xb2, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x00,
                                       0x01, 0x03, 0x00, 0x08, 0x51, 0x22, 0x33, 0x44};
    STATIC_REQUIRE(descriptor_error(overrun) == errc::descriptor_overrun);
    // The same, with the rest of the designator after the page: still not
    // the page's bytes.
    static constexpr byte overrun_stale[] = {0x00, 0xb2, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x00, 0x01, 0x03,
                                             0x00, 0x08, 0x51, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    STATIC_REQUIRE(descriptor_error(overrun_stale) == errc::descriptor_overrun);
    // PAGE LENGTH below 4 and DP outside the page: no descriptor.
    static constexpr byte tiny[] = {0x00, 0xb2, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00};
    STATIC_REQUIRE(descriptor_error(tiny) == errc::not_found);
    STATIC_REQUIRE(!scsi::parse_logical_block_provisioning(tiny)->dp());
    STATIC_REQUIRE(!scsi::parse_logical_block_provisioning(tiny)->has_all_fields());
    // A zero-length designator is still a descriptor (its decoders refuse it).
    static constexpr byte empty_designator[] = {0x00, 0xb2, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00};
    constexpr auto e = scsi::parse_logical_block_provisioning(empty_designator)->provisioning_group_descriptor();
    STATIC_REQUIRE(e.has_value());
    STATIC_REQUIRE(e->designator().empty());
    STATIC_REQUIRE(e->as_naa().error() == errc::length_mismatch);
}

TEST_CASE("vpd_logical_block_provisioning: malformed and truncated pages", "[scsi][vpd_logical_block_provisioning]")
{
    STATIC_REQUIRE(scsi::parse_logical_block_provisioning(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_logical_block_provisioning(byte_view(lbpv, 3)).error() == errc::too_short);
    static constexpr byte referrals[] = {0x00, 0xb3, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_logical_block_provisioning(referrals).error() == errc::wrong_page_code);

    // Every prefix of vpd_lbpv.hex: the descriptor is there only when whole.
    mpio_test::every_prefix(byte_view(lbpv), scsi::vpd_page::header_size, scsi::parse_logical_block_provisioning,
                            [](const scsi::logical_block_provisioning& prefix, std::size_t n) {
                                CHECK(prefix.truncated() == (n < sizeof lbpv));
                                CHECK(prefix.has_all_fields() == (n >= 8));
                                CHECK(prefix.dp() == (n >= 6));
                                const auto d = prefix.provisioning_group_descriptor();
                                if (n == sizeof lbpv) {
                                    CHECK(d.has_value());
                                } else {
                                    CHECK(d.error() == errc::too_short); // re-issue, not malformed
                                }
                            });
    mpio_test::every_prefix(
        byte_view(thin), scsi::vpd_page::header_size, scsi::parse_logical_block_provisioning,
        [](const scsi::logical_block_provisioning& prefix, std::size_t n) {
            CHECK(prefix.threshold_exponent() == (n >= 5 ? 20 : 0));
            CHECK(prefix.lbpws10() == (n >= 6));
            CHECK(prefix.provisioning_type() ==
                  (n >= 7 ? scsi::provisioning_type::thin_provisioned : scsi::provisioning_type::not_reported));
            CHECK(prefix.threshold_percentage() == (n >= 8 ? 50 : 0));
            CHECK(prefix.provisioning_group_descriptor().error() == (n >= 6 ? errc::not_found : errc::too_short));
        });
}

TEST_CASE("vpd_logical_block_provisioning: vpd_sdeb.hex and vpd_lbpv.hex",
          "[scsi][vpd_logical_block_provisioning][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto page = scsi::vpd_page_list(view(data)).find(0xB2);
    REQUIRE(page.has_value());
    CHECK(page->bytes() == byte_view(sdeb));
    const auto lbp = scsi::parse_logical_block_provisioning(page->bytes());
    REQUIRE(lbp.has_value());
    // sg_vpd --inhex=<the B2h page> (sg3_utils 1.46):
    //   Unmap command supported (LBPU): 0
    //   Write same (16) with unmap bit supported (LBPWS): 0
    //   Write same (10) with unmap bit supported (LBPWS10): 0
    //   Logical block provisioning read zeros (LBPRZ): 0
    //   Anchored LBAs supported (ANC_SUP): 0
    //   Threshold exponent: 0 [threshold sets not supported]
    //   Descriptor present (DP): 0
    //   Minimum percentage: 0 [not reported]
    //   Provisioning type: 0 (not known or fully provisioned)
    //   Threshold percentage: 0 [percentages not supported]
    CHECK_FALSE(lbp->lbpu());
    CHECK_FALSE(lbp->lbpws());
    CHECK_FALSE(lbp->lbpws10());
    CHECK(lbp->lbprz() == 0);
    CHECK_FALSE(lbp->anc_sup());
    CHECK(lbp->threshold_exponent() == 0);
    CHECK_FALSE(lbp->dp());
    CHECK(lbp->minimum_percentage() == 0);
    CHECK(lbp->provisioning_type() == scsi::provisioning_type::not_reported);
    CHECK(lbp->threshold_percentage() == 0);
    CHECK(lbp->provisioning_group_descriptor().error() == errc::not_found);

    const std::vector<byte> lbpv_file = load("vpd_lbpv.hex");
    CHECK(view(lbpv_file) == byte_view(lbpv));
    const auto with_dp = scsi::parse_logical_block_provisioning(view(lbpv_file));
    REQUIRE(with_dp.has_value());
    // sg_vpd --inhex=vpd_lbpv.hex (sg3_utils 1.46):
    //   ... Descriptor present (DP): 1 ...
    //   Provisioning group descriptor:
    //         designator type: NAA,  code set: Binary
    //           0x5122334455667788
    CHECK(with_dp->dp());
    const auto d = with_dp->provisioning_group_descriptor();
    REQUIRE(d.has_value());
    CHECK(d->designator_type() == scsi::designator_type::naa);
    CHECK(d->code_set() == scsi::code_set::binary);
    CHECK(d->designator() == byte_view(lbpv + 12, 8));
}

} // namespace test_scsi_vpd_logical_block_provisioning_test
