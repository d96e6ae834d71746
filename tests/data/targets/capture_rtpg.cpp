// SPDX-License-Identifier: MIT
// capture_rtpg - sends REPORT TARGET PORT GROUPS to an iSCSI logical unit
// through libiscsi and prints the returned parameter data as sg3_utils-style
// hex (the format mpio::hosted::load_bytes reads), so that real responses can
// be committed as test vectors under tests/data/targets/.
//
// Test-data tooling only (hosted, links libiscsi): it is not part of the
// library, not built by CMake, and not run by the tests. Build and use:
//
//   apt-get install libiscsi-dev
//   g++ -std=c++20 -I include tests/data/targets/capture_rtpg.cpp -liscsi -o capture_rtpg
//   ./capture_rtpg iscsi://127.0.0.1:13260/iqn.2024-01.org.mpio.test:disk1/0 extended 1024
//
// Arguments: an iSCSI URL, the PARAMETER DATA FORMAT to request
// ("length-only" or "extended") and the ALLOCATION LENGTH. The CDB comes from
// mpio's own builder (mpio/scsi/cdb.hpp). The command's status and the CDB
// are printed as '#' comments before the data.
//
//   ./capture_rtpg ISCSI-URL set TARGET-PORT-GROUP STATE
//
// sends SET TARGET PORT GROUPS instead, asking for asymmetric access STATE
// (0 active/optimized, 1 active/non-optimized, 2 standby, 3 unavailable) for
// one target port group, so that a later REPORT shows the changed state.
#include <mpio/scsi/cdb.hpp>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv)
{
    const bool set = argc == 5 && std::strcmp(argv[2], "set") == 0;
    if (argc != 4 && !set) {
        std::fprintf(stderr,
                     "usage: %s ISCSI-URL length-only|extended ALLOCATION-LENGTH\n"
                     "       %s ISCSI-URL set TARGET-PORT-GROUP STATE\n",
                     argv[0], argv[0]);
        return 2;
    }
    const bool extended = std::strcmp(argv[2], "extended") == 0;
    const auto allocation_length = static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 0));

    mpio::byte cdb[mpio::scsi::cdb_length::max] = {};
    mpio::byte parameters[8] = {};
    mpio::result<std::size_t> parameter_length = std::size_t{0};
    if (set) {
        const mpio::scsi::set_target_port_group_descriptor one[] = {
            {static_cast<mpio::scsi::asymmetric_access_state>(std::strtoul(argv[4], nullptr, 0)),
             static_cast<std::uint16_t>(std::strtoul(argv[3], nullptr, 0))}};
        parameter_length = mpio::scsi::build_set_target_port_groups_parameter_list(parameters, one);
    }
    const auto built =
        set && parameter_length
            ? mpio::scsi::build_set_target_port_groups(cdb, static_cast<std::uint32_t>(*parameter_length))
            : mpio::scsi::build_report_target_port_groups(cdb,
                                                          extended
                                                              ? mpio::scsi::rtpg_parameter_data_format::extended_header
                                                              : mpio::scsi::rtpg_parameter_data_format::length_only,
                                                          allocation_length);
    if (!parameter_length || !built) {
        std::fprintf(stderr, "cannot build the command: %s\n",
                     mpio::errc_message(parameter_length ? built.error() : parameter_length.error()));
        return 2;
    }

    iscsi_context* iscsi = iscsi_create_context("iqn.2024-01.org.mpio.test:capture");
    iscsi_url* url = iscsi ? iscsi_parse_full_url(iscsi, argv[1]) : nullptr;
    if (url == nullptr) {
        std::fprintf(stderr, "bad URL: %s\n", iscsi ? iscsi_get_error(iscsi) : "no context");
        return 1;
    }
    iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL);
    iscsi_set_header_digest(iscsi, ISCSI_HEADER_DIGEST_NONE_CRC32C);
    if (iscsi_full_connect_sync(iscsi, url->portal, url->lun) != 0) {
        std::fprintf(stderr, "login failed: %s\n", iscsi_get_error(iscsi));
        return 1;
    }

    scsi_task* task = nullptr;
    if (set) {
        iscsi_data out{static_cast<std::size_t>(*parameter_length), parameters};
        task = scsi_create_task(static_cast<int>(*built), cdb, SCSI_XFER_WRITE, static_cast<int>(out.size));
        task = iscsi_scsi_command_sync(iscsi, url->lun, task, &out);
    } else {
        task = scsi_create_task(static_cast<int>(*built), cdb, SCSI_XFER_READ, static_cast<int>(allocation_length));
        task = iscsi_scsi_command_sync(iscsi, url->lun, task, nullptr);
    }
    if (task == nullptr) {
        std::fprintf(stderr, "command failed: %s\n", iscsi_get_error(iscsi));
        return 1;
    }
    std::printf("# %s, CDB", set ? "SET TARGET PORT GROUPS" : "REPORT TARGET PORT GROUPS");
    for (std::size_t i = 0; i < *built; ++i) std::printf(" %02x", cdb[i]);
    std::printf("\n# target %s, status 0x%02x, %d data bytes returned\n", argv[1], task->status, task->datain.size);
    if (task->status != SCSI_STATUS_GOOD) {
        std::printf("# sense key 0x%x, ASC/ASCQ 0x%04x\n", task->sense.key, task->sense.ascq);
    }
    for (int i = 0; i < task->datain.size; ++i)
        std::printf("%02x%s", task->datain.data[i], (i % 16 == 15 || i + 1 == task->datain.size) ? "\n" : " ");

    const int status = task->status;
    scsi_free_scsi_task(task);
    iscsi_logout_sync(iscsi);
    iscsi_destroy_url(url);
    iscsi_destroy_context(iscsi);
    return status == SCSI_STATUS_GOOD ? 0 : 1;
}
