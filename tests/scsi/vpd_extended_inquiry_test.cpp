// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_extended_inquiry.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_extended_inquiry_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

// A 64-byte Extended INQUIRY Data page (PAGE LENGTH 3Ch) with bytes 4..19
// given, the rest zero.
struct page64 {
    byte bytes[64]{};
};
constexpr page64 make_page(std::initializer_list<byte> fields) noexcept
{
    page64 p;
    p.bytes[1] = 0x86;
    p.bytes[3] = 0x3C;
    std::size_t i = 4;
    for (const byte b : fields) p.bytes[i++] = b;
    return p;
}

// scsi_debug's page (vpd_sdeb.hex): HEADSUP, ORDSUP and SIMPSUP only.
constexpr page64 sdeb = make_page({0x00, 0x07});

// Every field non-zero.
constexpr page64 busy = make_page({
    0xB5,       // byte 4: ACTIVATE MICROCODE 10b, SPT 110b, GRD_CHK 1, APP_CHK 0, REF_CHK 1
    0x2A,       // byte 5: UASK_SUP, PRIOR_SUP, ORDSUP
    0x0B,       // byte 6: WU_SUP, NV_SUP, V_SUP
    0x31,       // byte 7: NO_PI_CHK, P_I_I_SUP, LUICLR
    0x5B,       // byte 8: LU_COLL_TYPE 010b, R_SUP, RTD_SUP, HSSRELEF, CBCS
    0xF2,       // byte 9: reserved nibble set, MULTI I_T NEXUS MICROCODE DOWNLOAD 2h
    0x01, 0x2C, // 10-11: EXTENDED SELF-TEST COMPLETION MINUTES 300
    0xDF,       // byte 12: POA_SUP, HRA_SUP, DMS_VALID (+ reserved nibble)
    0xFC,       // byte 13: MAXIMUM SUPPORTED SENSE DATA LENGTH 252
    0xC5,       // byte 14: IBS, IAS, SAC, NRD0
    0x00, 0x40, // 15-16: MAXIMUM INQUIRY CHANGE LOGS 64
    0x12, 0x34, // 17-18: MAXIMUM MODE PAGE CHANGE LOGS 4660
    0xA5,       // byte 19: DM_MD_4, DM_MD_6, DM_MD_E (+ reserved bit 0)
});

using flag = bool (scsi::extended_inquiry_data::*)() const noexcept;
struct flag_position {
    const char* name;
    std::size_t byte_number;
    unsigned bit;
    flag get;
};
// Every one-bit field, where SPC-6 puts it.
const flag_position flags[] = {
    {"GRD_CHK", 4, 2, &scsi::extended_inquiry_data::grd_chk},
    {"APP_CHK", 4, 1, &scsi::extended_inquiry_data::app_chk},
    {"REF_CHK", 4, 0, &scsi::extended_inquiry_data::ref_chk},
    {"UASK_SUP", 5, 5, &scsi::extended_inquiry_data::uask_sup},
    {"GROUP_SUP", 5, 4, &scsi::extended_inquiry_data::group_sup},
    {"PRIOR_SUP", 5, 3, &scsi::extended_inquiry_data::prior_sup},
    {"HEADSUP", 5, 2, &scsi::extended_inquiry_data::headsup},
    {"ORDSUP", 5, 1, &scsi::extended_inquiry_data::ordsup},
    {"SIMPSUP", 5, 0, &scsi::extended_inquiry_data::simpsup},
    {"WU_SUP", 6, 3, &scsi::extended_inquiry_data::wu_sup},
    {"CRD_SUP", 6, 2, &scsi::extended_inquiry_data::crd_sup},
    {"NV_SUP", 6, 1, &scsi::extended_inquiry_data::nv_sup},
    {"V_SUP", 6, 0, &scsi::extended_inquiry_data::v_sup},
    {"NO_PI_CHK", 7, 5, &scsi::extended_inquiry_data::no_pi_chk},
    {"P_I_I_SUP", 7, 4, &scsi::extended_inquiry_data::p_i_i_sup},
    {"LUICLR", 7, 0, &scsi::extended_inquiry_data::luiclr},
    {"R_SUP", 8, 4, &scsi::extended_inquiry_data::r_sup},
    {"RTD_SUP", 8, 3, &scsi::extended_inquiry_data::rtd_sup},
    {"HSSRELEF", 8, 1, &scsi::extended_inquiry_data::hssrelef},
    {"CBCS", 8, 0, &scsi::extended_inquiry_data::cbcs},
    {"POA_SUP", 12, 7, &scsi::extended_inquiry_data::poa_sup},
    {"HRA_SUP", 12, 6, &scsi::extended_inquiry_data::hra_sup},
    {"VSA_SUP", 12, 5, &scsi::extended_inquiry_data::vsa_sup},
    {"DMS_VALID", 12, 4, &scsi::extended_inquiry_data::dms_valid},
    {"IBS", 14, 7, &scsi::extended_inquiry_data::ibs},
    {"IAS", 14, 6, &scsi::extended_inquiry_data::ias},
    {"SAC", 14, 2, &scsi::extended_inquiry_data::sac},
    {"NRD1", 14, 1, &scsi::extended_inquiry_data::nrd1},
    {"NRD0", 14, 0, &scsi::extended_inquiry_data::nrd0},
    {"DM_MD_4", 19, 7, &scsi::extended_inquiry_data::dm_md_4},
    {"DM_MD_5", 19, 6, &scsi::extended_inquiry_data::dm_md_5},
    {"DM_MD_6", 19, 5, &scsi::extended_inquiry_data::dm_md_6},
    {"DM_MD_7", 19, 4, &scsi::extended_inquiry_data::dm_md_7},
    {"DM_MD_D", 19, 3, &scsi::extended_inquiry_data::dm_md_d},
    {"DM_MD_E", 19, 2, &scsi::extended_inquiry_data::dm_md_e},
    {"DM_MD_F", 19, 1, &scsi::extended_inquiry_data::dm_md_f},
};

// Every multi-bit field of `ei` is zero.
bool multi_bit_fields_zero(const scsi::extended_inquiry_data& ei)
{
    return ei.activate_microcode() == scsi::activate_microcode::not_indicated && ei.spt() == 0 &&
           ei.lu_coll_type() == scsi::lu_coll_type::not_reported && ei.multi_i_t_nexus_microcode_download() == 0 &&
           ei.extended_self_test_completion_minutes() == 0 && ei.maximum_supported_sense_data_length() == 0 &&
           ei.maximum_inquiry_change_logs() == 0 && ei.maximum_mode_page_change_logs() == 0;
}

} // namespace

TEST_CASE("vpd_extended_inquiry: scsi_debug page at compile time", "[scsi][vpd_extended_inquiry]")
{
    constexpr auto ei = scsi::parse_extended_inquiry_data(sdeb.bytes);
    STATIC_REQUIRE(ei.has_value());
    STATIC_REQUIRE(ei->page_code() == 0x86);
    STATIC_REQUIRE(ei->page_length() == scsi::extended_inquiry_data::standard_page_length);
    STATIC_REQUIRE(ei->header().required_allocation_length() == 64);
    STATIC_REQUIRE(!ei->truncated());
    STATIC_REQUIRE(ei->has_all_fields());
    STATIC_REQUIRE(ei->headsup());
    STATIC_REQUIRE(ei->ordsup());
    STATIC_REQUIRE(ei->simpsup());
    STATIC_REQUIRE(!ei->prior_sup());
    STATIC_REQUIRE(!ei->v_sup());
    STATIC_REQUIRE(!ei->nv_sup());
    STATIC_REQUIRE(ei->activate_microcode() == scsi::activate_microcode::not_indicated);
    STATIC_REQUIRE(ei->spt_block_device() == scsi::block_protection_types::type1);
}

TEST_CASE("vpd_extended_inquiry: every field", "[scsi][vpd_extended_inquiry]")
{
    constexpr auto ei = scsi::parse_extended_inquiry_data(busy.bytes);
    STATIC_REQUIRE(ei.has_value());
    STATIC_REQUIRE(ei->activate_microcode() == scsi::activate_microcode::after_event);
    STATIC_REQUIRE(ei->spt() == 6);
    STATIC_REQUIRE(ei->spt_block_device() == scsi::block_protection_types::see_supported_block_lengths_page);
    STATIC_REQUIRE(ei->grd_chk() && !ei->app_chk() && ei->ref_chk());
    STATIC_REQUIRE(ei->uask_sup() && !ei->group_sup() && ei->prior_sup() && !ei->headsup() && ei->ordsup() &&
                   !ei->simpsup());
    STATIC_REQUIRE(ei->wu_sup() && !ei->crd_sup() && ei->nv_sup() && ei->v_sup());
    STATIC_REQUIRE(ei->no_pi_chk() && ei->p_i_i_sup() && ei->luiclr());
    STATIC_REQUIRE(ei->lu_coll_type() == scsi::lu_coll_type::logical_unit_group);
    STATIC_REQUIRE(ei->r_sup() && ei->rtd_sup() && ei->hssrelef() && ei->cbcs());
    STATIC_REQUIRE(ei->multi_i_t_nexus_microcode_download() == 2); // reserved high nibble ignored
    STATIC_REQUIRE(ei->extended_self_test_completion_minutes() == 300);
    STATIC_REQUIRE(ei->poa_sup() && ei->hra_sup() && !ei->vsa_sup() && ei->dms_valid());
    STATIC_REQUIRE(ei->maximum_supported_sense_data_length() == 252);
    STATIC_REQUIRE(ei->ibs() && ei->ias() && ei->sac() && !ei->nrd1() && ei->nrd0());
    STATIC_REQUIRE(ei->maximum_inquiry_change_logs() == 64);
    STATIC_REQUIRE(ei->maximum_mode_page_change_logs() == 0x1234);
    STATIC_REQUIRE(ei->dm_md_4() && !ei->dm_md_5() && ei->dm_md_6() && !ei->dm_md_7());
    STATIC_REQUIRE(!ei->dm_md_d() && ei->dm_md_e() && !ei->dm_md_f());

    // Names.
    STATIC_REQUIRE(std::string_view(to_string(scsi::activate_microcode::after_event)).find("power on") !=
                   std::string_view::npos);
    CHECK(std::string(to_string(static_cast<scsi::activate_microcode>(3))) == "reserved");
    CHECK(std::string(to_string(scsi::block_protection_types::type1_and_type3)) == "types 1 and 3");
    CHECK(std::string(to_string(scsi::lu_coll_type::logical_unit_conglomerate)) == "logical unit conglomerate");
    CHECK(std::string(to_string(static_cast<scsi::lu_coll_type>(7))) == "reserved");
    for (unsigned v = 0; v < 8; ++v) CHECK(std::string(to_string(static_cast<scsi::block_protection_types>(v))) != "");
}

TEST_CASE("vpd_extended_inquiry: each bit is the field SPC-6 puts there", "[scsi][vpd_extended_inquiry]")
{
    for (const flag_position& f : flags) {
        INFO(f.name);
        page64 p = make_page({});
        p.bytes[f.byte_number] = static_cast<byte>(1u << f.bit);
        const auto ei = scsi::parse_extended_inquiry_data(p.bytes);
        REQUIRE(ei.has_value());
        // This flag is set, and no other.
        for (const flag_position& g : flags) CHECK(((*ei).*g.get)() == (g.get == f.get));
        CHECK(multi_bit_fields_zero(*ei));
    }
    // Reserved bits set everywhere in bytes 4..63: no field sees them.
    page64 reserved = make_page({0x00, 0xC0, 0xF0, 0xCE, 0x04, 0xF0, 0, 0, 0x0F, 0, 0x38, 0, 0, 0, 0, 0x01});
    for (std::size_t i = 20; i < 64; ++i) reserved.bytes[i] = 0xFF;
    const auto ei = scsi::parse_extended_inquiry_data(reserved.bytes);
    REQUIRE(ei.has_value());
    for (const flag_position& g : flags) CHECK_FALSE(((*ei).*g.get)());
    CHECK(multi_bit_fields_zero(*ei));
}

TEST_CASE("vpd_extended_inquiry: malformed, short and truncated pages", "[scsi][vpd_extended_inquiry]")
{
    STATIC_REQUIRE(scsi::parse_extended_inquiry_data(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_extended_inquiry_data(byte_view(busy.bytes, 3)).error() == errc::too_short);
    static constexpr byte block_limits_header[] = {0x00, 0xB0, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_extended_inquiry_data(block_limits_header).error() == errc::wrong_page_code);

    // Cut after byte 11: bytes 4..11 decoded, the rest reads as zero.
    constexpr auto cut = scsi::parse_extended_inquiry_data(byte_view(busy.bytes, 12));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 64);
    STATIC_REQUIRE(!cut->has_all_fields());
    STATIC_REQUIRE(cut->extended_self_test_completion_minutes() == 300);
    STATIC_REQUIRE(cut->luiclr());
    STATIC_REQUIRE(!cut->poa_sup());
    STATIC_REQUIRE(cut->maximum_supported_sense_data_length() == 0);

    // Cut inside a 2-byte field: the half value is not taken.
    constexpr auto half = scsi::parse_extended_inquiry_data(byte_view(busy.bytes, 11));
    STATIC_REQUIRE(half->extended_self_test_completion_minutes() == 0);
    constexpr auto half2 = scsi::parse_extended_inquiry_data(byte_view(busy.bytes, 18));
    STATIC_REQUIRE(half2->maximum_inquiry_change_logs() == 64);
    STATIC_REQUIRE(half2->maximum_mode_page_change_logs() == 0);

    // A PAGE LENGTH shorter than 3Ch: the bytes after it are not the page's.
    static constexpr page64 short_page = [] {
        page64 p = busy;
        p.bytes[3] = 0x04; // bytes 4..7 only
        return p;
    }();
    constexpr auto s = scsi::parse_extended_inquiry_data(short_page.bytes);
    STATIC_REQUIRE(!s->truncated());
    STATIC_REQUIRE(!s->has_all_fields());
    STATIC_REQUIRE(s->luiclr()); // byte 7: inside the page
    STATIC_REQUIRE(!s->r_sup()); // byte 8: outside
    STATIC_REQUIRE(s->lu_coll_type() == scsi::lu_coll_type::not_reported);
    STATIC_REQUIRE(s->payload().size() == 4);
}

TEST_CASE("vpd_extended_inquiry: vpd_sdeb.hex", "[scsi][vpd_extended_inquiry][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto page = scsi::vpd_page_list(view(data)).find(0x86);
    REQUIRE(page.has_value());
    const byte_view bytes = page->bytes();
    CHECK(bytes == byte_view(sdeb.bytes));
    const auto ei = scsi::parse_extended_inquiry_data(bytes);
    REQUIRE(ei.has_value());
    // sg_vpd --inhex=<the 86h page> (sg3_utils 1.46):
    //   ACTIVATE_MICROCODE=0 SPT=0 GRD_CHK=0 APP_CHK=0 REF_CHK=0
    //   UASK_SUP=0 GROUP_SUP=0 PRIOR_SUP=0 HEADSUP=1 ORDSUP=1 SIMPSUP=1
    //   WU_SUP=0 [CRD_SUP=0] NV_SUP=0 V_SUP=0
    //   NO_PI_CHK=0 P_I_I_SUP=0 LUICLR=0
    //   LU_COLL_TYPE=0 R_SUP=0 RTD_SUP=0 HSSRELEF=0 [CBCS=0]
    //   Multi I_T nexus microcode download=0
    //   Extended self-test completion minutes=0
    //   POA_SUP=0 HRA_SUP=0 VSA_SUP=0 DMS_VALID=0
    //   Maximum supported sense data length=0
    //   IBS=0 IAS=0 SAC=0 NRD1=0 NRD0=0
    //   Maximum inquiry change logs=0
    //   Maximum mode page change logs=0
    //   DM_MD_4=0 DM_MD_5=0 DM_MD_6=0 DM_MD_7=0
    //   DM_MD_D=0 DM_MD_E=0 DM_MD_F=0
    for (const flag_position& f : flags) {
        INFO(f.name);
        const bool set = f.byte_number == 5 && f.bit <= 2; // HEADSUP, ORDSUP, SIMPSUP
        CHECK(((*ei).*f.get)() == set);
    }
    CHECK(multi_bit_fields_zero(*ei));
    CHECK(ei->has_all_fields());
    CHECK_FALSE(ei->truncated());

    // Every prefix: the fields the prefix holds are decoded, the others read as zero.
    const auto busy_page = scsi::parse_extended_inquiry_data(busy.bytes);
    mpio_test::every_prefix(byte_view(busy.bytes), scsi::vpd_page::header_size, scsi::parse_extended_inquiry_data,
                            [&](const scsi::extended_inquiry_data& prefix, std::size_t n) {
                                CHECK(prefix.truncated() == (n < 64));
                                CHECK(prefix.has_all_fields() == (n >= 20));
                                for (const flag_position& f : flags)
                                    CHECK(((prefix).*f.get)() == (n > f.byte_number && ((*busy_page).*f.get)()));
                                CHECK(prefix.maximum_mode_page_change_logs() == (n >= 19 ? 0x1234 : 0));
                                CHECK(prefix.spt() == (n > 4 ? 6 : 0));
                            });
    mpio_test::every_prefix(bytes, scsi::vpd_page::header_size, scsi::parse_extended_inquiry_data,
                            [&](const scsi::extended_inquiry_data& prefix, std::size_t n) {
                                CHECK(prefix.headsup() == (n > 5));
                                CHECK(prefix.payload().size() == n - 4);
                            });
}

} // namespace test_scsi_vpd_extended_inquiry_test
