// SPDX-License-Identifier: MIT
// capture_cdb - sends REPORT SUPPORTED OPERATION CODES or READ CAPACITY (10)
// to an iSCSI logical unit through libiscsi and prints the returned
// parameter data as sg3_utils-style hex (the format mpio::hosted::load_bytes
// reads), so that real responses can be committed as test vectors under
// tests/data/targets/. The CDBs come from mpio's own builders
// (mpio/scsi/cdb.hpp).
//
// Test-data tooling only (hosted, links libiscsi): it is not part of the
// library, not built by CMake, and not run by the tests. Build and use:
//
//   apt-get install libiscsi-dev
//   g++ -std=c++20 -I include tests/data/targets/capture_cdb.cpp -liscsi -o capture_cdb
//   ./capture_cdb ISCSI-URL rsoc REPORTING-OPTIONS OPCODE SERVICE-ACTION ALLOCATION-LENGTH RCTD
//   ./capture_cdb ISCSI-URL readcap10
//
// REPORTING-OPTIONS is 0..3 (SPC-6 REPORTING OPTIONS), RCTD 0 or 1. The
// command's status and the CDB are printed as '#' comments before the data.
#include <mpio/scsi/cdb.hpp>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv)
{
    const bool rsoc = argc == 8 && std::strcmp(argv[2], "rsoc") == 0;
    const bool readcap = argc == 3 && std::strcmp(argv[2], "readcap10") == 0;
    if (!rsoc && !readcap) {
        std::fprintf(stderr,
                     "usage: %s ISCSI-URL rsoc OPTIONS OPCODE SERVICE-ACTION ALLOCATION-LENGTH RCTD\n"
                     "       %s ISCSI-URL readcap10\n",
                     argv[0], argv[0]);
        return 2;
    }
    auto number = [&](int i) { return std::strtoul(argv[i], nullptr, 0); };
    mpio::byte cdb[mpio::scsi::cdb_length::max] = {};
    std::uint32_t allocation_length = 8;
    mpio::result<std::size_t> built = std::size_t{0};
    if (rsoc) {
        allocation_length = static_cast<std::uint32_t>(number(6));
        built = mpio::scsi::build_report_supported_operation_codes(
            cdb, static_cast<mpio::scsi::rsoc_reporting_options>(number(3)), static_cast<mpio::byte>(number(4)),
            static_cast<std::uint16_t>(number(5)), allocation_length, number(7) != 0);
    } else {
        built = mpio::scsi::build_read_capacity_10(cdb);
    }
    if (!built) {
        std::fprintf(stderr, "cannot build the command: %s\n", mpio::errc_message(built.error()));
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
    scsi_task* task =
        scsi_create_task(static_cast<int>(*built), cdb, SCSI_XFER_READ, static_cast<int>(allocation_length));
    task = iscsi_scsi_command_sync(iscsi, url->lun, task, nullptr);
    if (task == nullptr) {
        std::fprintf(stderr, "command failed: %s\n", iscsi_get_error(iscsi));
        return 1;
    }
    std::printf("# %s, CDB", rsoc ? "REPORT SUPPORTED OPERATION CODES" : "READ CAPACITY (10)");
    for (std::size_t i = 0; i < *built; ++i) std::printf(" %02x", cdb[i]);
    std::printf("\n# target %s, status 0x%02x, %d data bytes returned\n", argv[1], task->status, task->datain.size);
    if (task->status != SCSI_STATUS_GOOD)
        std::printf("# sense key 0x%x, ASC/ASCQ 0x%04x\n", task->sense.key, task->sense.ascq);
    for (int i = 0; i < task->datain.size; ++i)
        std::printf("%02x%s", task->datain.data[i], (i % 16 == 15 || i + 1 == task->datain.size) ? "\n" : " ");

    const int status = task->status;
    scsi_free_scsi_task(task);
    iscsi_logout_sync(iscsi);
    iscsi_destroy_url(url);
    iscsi_destroy_context(iscsi);
    return status == SCSI_STATUS_GOOD ? 0 : 1;
}
