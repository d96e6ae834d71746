// SPDX-License-Identifier: MIT
// Fuzz target: the Extended INQUIRY Data VPD page
// (mpio/scsi/vpd_extended_inquiry.hpp). Every accessor is called, so the
// sanitizers see every read; the invariants the header promises are checked
// with a trap.
#include <mpio/scsi/vpd_extended_inquiry.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mpio::scsi;
    using namespace mpio_fuzz;
    const mpio::byte_view input(data, size);
    const mpio::result<extended_inquiry_data> r = parse_extended_inquiry_data(input);
    if (!parsed_vpd_page(r, input, 0x86)) return 0;
    const extended_inquiry_data& ei = *r;
    const mpio::byte_view page = ei.bytes();
    check(ei.has_all_fields() == (page.size() >= 20));

    // A byte the page does not hold reads as zero; one it holds is decoded.
    const auto at = [&](std::size_t n) -> std::uint8_t { return page.at_or(n); };
    check(static_cast<std::uint8_t>(ei.activate_microcode()) == (at(4) >> 6));
    check(ei.spt() == ((at(4) >> 3) & 7u));
    check(static_cast<std::uint8_t>(ei.spt_block_device()) == ei.spt());
    check(static_cast<std::uint8_t>(ei.lu_coll_type()) == (at(8) >> 5));
    check(ei.multi_i_t_nexus_microcode_download() == (at(9) & 0x0Fu));
    check(ei.maximum_supported_sense_data_length() == at(13));
    check(ei.extended_self_test_completion_minutes() == (page.size() >= 12 ? (at(10) << 8 | at(11)) : 0));
    check(ei.maximum_inquiry_change_logs() == (page.size() >= 17 ? (at(15) << 8 | at(16)) : 0));
    check(ei.maximum_mode_page_change_logs() == (page.size() >= 19 ? (at(17) << 8 | at(18)) : 0));
    const int flags = ei.grd_chk() + ei.app_chk() + ei.ref_chk() + ei.uask_sup() + ei.group_sup() + ei.prior_sup() +
                      ei.headsup() + ei.ordsup() + ei.simpsup() + ei.wu_sup() + ei.crd_sup() + ei.nv_sup() +
                      ei.v_sup() + ei.no_pi_chk() + ei.p_i_i_sup() + ei.luiclr() + ei.r_sup() + ei.rtd_sup() +
                      ei.hssrelef() + ei.cbcs() + ei.poa_sup() + ei.hra_sup() + ei.vsa_sup() + ei.dms_valid() +
                      ei.ibs() + ei.ias() + ei.sac() + ei.nrd1() + ei.nrd0() + ei.dm_md_4() + ei.dm_md_5() +
                      ei.dm_md_6() + ei.dm_md_7() + ei.dm_md_d() + ei.dm_md_e() + ei.dm_md_f();
    if (page.size() <= 4) check(flags == 0);
    volatile std::size_t sink = static_cast<std::size_t>(flags) + length(to_string(ei.activate_microcode())) +
                                length(to_string(ei.spt_block_device())) + length(to_string(ei.lu_coll_type())) +
                                ei.header().page_length() + sum(ei.payload());
    static_cast<void>(sink);
    return 0;
}
