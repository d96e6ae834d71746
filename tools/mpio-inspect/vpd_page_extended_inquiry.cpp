// SPDX-License-Identifier: MIT
// vpd_page_extended_inquiry.cpp - Extended INQUIRY Data (86h), SPC-6 7.7.7:
// every field of bytes 4..19, as far as the page reaches (a field the page
// does not return is left out, not shown as zero).
#include <fmt/format.h>

#include <mpio/scsi/vpd_extended_inquiry.hpp>

#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

void decode(const scsi::vpd_page& page, std::size_t /*offset*/, record& out)
{
    const auto parsed = scsi::parse_extended_inquiry_data(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const scsi::extended_inquiry_data& x = *parsed;
    const std::size_t size = x.bytes().size();
    auto has = [size](std::size_t n, std::size_t count = 1) { return n + count <= size; };
    const bool block_device = page.peripheral_device_type() == 0x00;

    if (has(4)) {
        out.code("activate_microcode", "ACTIVATE MICROCODE", raw(x.activate_microcode()), 0,
                 to_string(x.activate_microcode()));
        // SPT's meaning depends on the device type; SPC-6 gives it for block devices.
        out.code("spt", "SPT", x.spt(), 0, block_device ? to_string(x.spt_block_device()) : "device type specific");
        out.flag("grd_chk", "GRD_CHK", x.grd_chk());
        out.flag("app_chk", "APP_CHK", x.app_chk());
        out.flag("ref_chk", "REF_CHK", x.ref_chk());
    }
    if (has(5)) {
        out.flag("uask_sup", "UASK_SUP", x.uask_sup());
        out.flag("group_sup", "GROUP_SUP", x.group_sup());
        out.flag("prior_sup", "PRIOR_SUP", x.prior_sup());
        out.flag("headsup", "HEADSUP", x.headsup());
        out.flag("ordsup", "ORDSUP", x.ordsup());
        out.flag("simpsup", "SIMPSUP", x.simpsup());
    }
    if (has(6)) {
        out.flag("wu_sup", "WU_SUP", x.wu_sup());
        out.flag("crd_sup", "CRD_SUP (obsolete)", x.crd_sup());
        out.flag("nv_sup", "NV_SUP", x.nv_sup());
        out.flag("v_sup", "V_SUP", x.v_sup());
    }
    if (has(7)) {
        out.flag("no_pi_chk", "NO_PI_CHK", x.no_pi_chk());
        out.flag("p_i_i_sup", "P_I_I_SUP", x.p_i_i_sup());
        out.flag("luiclr", "LUICLR", x.luiclr());
    }
    if (has(8)) {
        out.code("lu_coll_type", "LU_COLL_TYPE", raw(x.lu_coll_type()), 0, to_string(x.lu_coll_type()));
        out.flag("r_sup", "R_SUP", x.r_sup());
        out.flag("rtd_sup", "RTD_SUP", x.rtd_sup());
        out.flag("hssrelef", "HSSRELEF", x.hssrelef());
        out.flag("cbcs", "CBCS (obsolete)", x.cbcs());
    }
    if (has(9))
        // 0h: not reported; 1h..3h: the methods of SPC-6's table (not named here); 4h..Fh reserved.
        out.hex_number("multi_i_t_nexus_microcode_download", "Multi I_T nexus microcode download",
                       x.multi_i_t_nexus_microcode_download(), 1);
    if (has(10, 2))
        out.number("extended_self_test_completion_minutes", "Extended self-test completion minutes",
                   x.extended_self_test_completion_minutes());
    if (has(12)) {
        out.flag("poa_sup", "POA_SUP", x.poa_sup());
        out.flag("hra_sup", "HRA_SUP", x.hra_sup());
        out.flag("vsa_sup", "VSA_SUP", x.vsa_sup());
        out.flag("dms_valid", "DMS_VALID", x.dms_valid());
    }
    if (has(13))
        out.number("maximum_supported_sense_data_length", "Maximum supported sense data length",
                   x.maximum_supported_sense_data_length());
    if (has(14)) {
        out.flag("ibs", "IBS", x.ibs());
        out.flag("ias", "IAS", x.ias());
        out.flag("sac", "SAC", x.sac());
        out.flag("nrd1", "NRD1", x.nrd1());
        out.flag("nrd0", "NRD0", x.nrd0());
    }
    if (has(15, 2))
        out.number("maximum_inquiry_change_logs", "Maximum inquiry change logs", x.maximum_inquiry_change_logs());
    if (has(17, 2))
        out.number("maximum_mode_page_change_logs", "Maximum mode page change logs", x.maximum_mode_page_change_logs());
    if (has(19)) {
        out.flag("dm_md_4", "DM_MD_4", x.dm_md_4());
        out.flag("dm_md_5", "DM_MD_5", x.dm_md_5());
        out.flag("dm_md_6", "DM_MD_6", x.dm_md_6());
        out.flag("dm_md_7", "DM_MD_7", x.dm_md_7());
        out.flag("dm_md_d", "DM_MD_D", x.dm_md_d());
        out.flag("dm_md_e", "DM_MD_E", x.dm_md_e());
        out.flag("dm_md_f", "DM_MD_F", x.dm_md_f());
    }
    out.flag("has_all_fields", "", x.has_all_fields());
    if (!x.has_all_fields() && !page.truncated())
        out.note(fmt::format("PAGE LENGTH {} ends before byte 19: the fields after it are not reported",
                             page.page_length()));
    else if (page.page_length() != scsi::extended_inquiry_data::standard_page_length)
        out.note(fmt::format("PAGE LENGTH is {}, not the 60 (003Ch) SPC gives this page", page.page_length()));
}

} // namespace

extern const vpd_page_decoder extended_inquiry_data_decoder{0x86, false, decode, nullptr};

} // namespace mpio_inspect
