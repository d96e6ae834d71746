// SPDX-License-Identifier: MIT
// Discovery over per-path dumps, as a multipath daemon does it when paths
// appear: read what each path answered (INQUIRY, VPD 80h/83h, REPORT TARGET
// PORT GROUPS, the scsi_device state), let a DSM claim it, derive the
// device identity, join or create a multipath device in the topology store,
// verify the path, then group each device's paths (multipath-tools'
// group_by_prio) and find the group I/O goes to.
//
//   topology_example DIR     (one sub-directory of dump files per path)
//
// The test suite runs it on tools/mpio-inspect/samples/topology/, a
// dual-controller ALUA array with 4 logical units behind 4 target ports
// (tools/mpio-inspect/samples/README.md), and it checks what that
// description says: 16 paths, LU 4's path without page 83h in a device of
// its own (5 devices), the offline path failed, each LU's ALUA mode, and I/O
// going to the owning target port group. Exits non-zero when any differs.
#include <mpio/hosted/path_dir.hpp>
#include <mpio/hosted/topology_store.hpp>
#include <mpio/ident.hpp>
#include <mpio/topology.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace topo = mpio::topology;
namespace ident = mpio::ident;
using aas = mpio::scsi::asymmetric_access_state;

namespace {

int failures = 0;
void expect(bool ok, const char* what)
{
    if (!ok) {
        std::printf("UNEXPECTED: %s\n", what);
        ++failures;
    }
}

// The DSM of the sample array claims its vendor and product (an MPIO
// supported-device entry, a prefix match); the generic DSM, asked last,
// claims iSCSI devices only. Arbitration asks vendor DSMs first.
constexpr auto array_devices = ident::make_supported_device_list("MPIOSIM VIRTUAL-ARRAY");
constexpr auto generic_devices = ident::make_supported_device_list("MSFT2005iSCSIBusType_0x9");
constexpr ident::claimer dsms[] = {
    {"msdsm", generic_devices.entries(), ident::match_mode::mpio_prefix, /*generic=*/true},
    {"mpiosim-dsm", array_devices.entries(), ident::match_mode::mpio_prefix, /*generic=*/false},
};
constexpr std::size_t array_dsm = 1;

// What the sample's README says about each logical unit.
struct expected_lu {
    const char* lun;         // the L of the H-C-T-L directory names
    std::uint16_t owner_tpg; // the target port group that is active/optimized
    topo::alua_mode mode;    // INQUIRY TPGS confirmed by RTPG
    std::uint32_t naa_paths; // paths identified by the NAA designator
};
constexpr expected_lu lus[] = {
    {"1", 1, topo::alua_mode::both, 4},
    {"2", 2, topo::alua_mode::implicit, 4},
    {"3", 1, topo::alua_mode::implicit, 4}, // TPGS 0 but RTPG answers
    {"4", 2, topo::alua_mode::both, 3},     // 3-0-1-4 has no vpd_pg83
};

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::printf("usage: topology_example DIR (one sub-directory of dump files per path)\n");
        return 2;
    }
    // Paths in name order, so that devices are created in a stable order.
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1], ec))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    if (ec) return std::printf("cannot read %s: %s\n", argv[1], ec.message().c_str()), 2;
    std::sort(names.begin(), names.end());

    mpio::hosted::topology_store store;
    ident::device_identity identity; // the scheme's output, reused for every path
    std::vector<topo::discovery_result> results;
    for (std::size_t handle = 0; handle < names.size(); ++handle) {
        // 1. A path arrives: read its files (binary or sg3_utils hex text).
        const mpio::hosted::path_report files = mpio::hosted::read_path_dir(std::string(argv[1]) + "/" + names[handle]);
        for (const auto& problem : files.problems)
            std::printf("%s: %s\n", problem.file.c_str(), problem.message.c_str());
        expect(files.usable() && files.problems.empty(), "every sample file reads");
        // 5. DsmPathVerify: a scsi_device that is not running fails it.
        const bool running = files.os_state.empty() || files.os_state == "running";
        const auto verify = [running](topo::path_handle, const topo::path&) { return running; };
        // 2-5. Claim, identity, join or create, verify.
        const topo::discovery_result r = topo::discover_path<ident::mpio_scheme>(identity, store, dsms, std::size(dsms),
                                                                                 files.view(handle), /*now=*/0, verify);
        std::printf("%-8s %-16s %-8s %s (%s)\n", names[handle].c_str(), to_string(r.outcome),
                    r.verified ? "active" : "failed", identity.text().c_str(), to_string(identity.source()));
        expect(r.claim.claimed() && r.claim.index() == array_dsm, "the array's DSM claims every path");
        expect(r.grouped(), "every sample path is grouped");
        results.push_back(r);
    }
    const auto result_of = [&](const std::string& name) -> const topo::discovery_result* {
        const auto it = std::find(names.begin(), names.end(), name);
        return it == names.end() ? nullptr : &results[static_cast<std::size_t>(it - names.begin())];
    };

    std::printf("%zu paths, %zu multipath devices, %zu ungrouped\n", store.path_count(), store.device_count(),
                store.ungrouped_path_count());
    expect(names.size() == 16 && store.path_count() == 16, "16 paths: 4 LUs x 4 target ports");
    expect(store.device_count() == 5 && store.ungrouped_path_count() == 0,
           "5 devices: one per LU, plus LU 4's path without page 83h");

    for (const expected_lu& lu : lus) {
        // Every path of the LU that returned page 83h is in the device of 2-0-0-L.
        const topo::discovery_result* first = result_of(std::string("2-0-0-") + lu.lun);
        expect(first != nullptr && first->grouped(), "the LU's first path is grouped");
        if (first == nullptr || !first->grouped()) continue;
        const topo::device_index d = first->device;
        const topo::multipath_device& device = store.device_at(d);
        std::printf("LU %s: device %u, %u paths, ALUA %s\n", lu.lun, unsigned{d}, unsigned{device.path_count()},
                    to_string(device.mode()));
        expect(device.path_count() == lu.naa_paths, "the LU's paths joined one device");
        expect(device.mode() == lu.mode, "the device's ALUA mode");

        // Group the paths as multipath-tools' group_by_prio does; I/O goes to
        // the best group: the owning target port group's active paths.
        const auto grouping = topo::group_device(store, d, topo::grouping_policy::group_by_prio);
        expect(grouping.has_value(), "the device's paths group");
        if (!grouping) continue;
        const auto best = grouping->best_group();
        expect(best.has_value(), "a group has a usable path");
        if (!best) continue;
        std::size_t in_best = 0;
        grouping->for_each_path_in(*best, [&](topo::path_index pi) {
            const topo::path& p = store.path_at(pi);
            ++in_best;
            expect(p.has_target_port_group() && p.target_port_group() == lu.owner_tpg &&
                       p.alua_state() == aas::active_optimized,
                   "the best group is the owner's active/optimized paths");
        });
        const unsigned usable = grouping->group(*best).usable_paths;
        std::printf("      %zu groups; I/O to group %zu: target port group %u, usable paths %u of %zu\n",
                    grouping->group_count(), *best + 1, unsigned{lu.owner_tpg}, usable, in_best);
        expect(grouping->group_count() == 2, "two groups: the owning controller's ports and the other's");
        // LU 2's owning group holds the offline path: one usable path of two.
        expect(usable == in_best - (lu.lun[0] == '2' ? 1 : 0), "the best group's usable paths");
    }

    // 2:0:1:2 is offline: stored, in its LU's device, but failed.
    const topo::discovery_result* offline = result_of("2-0-1-2");
    expect(offline != nullptr && !offline->verified && store.path_at(offline->path).state() == topo::path_state::failed,
           "the offline path failed verification");
    // 3:0:1:4 returned no page 83h: the mpio scheme identifies it from page
    // 80h, which does not match its siblings' NAA identifier.
    const topo::discovery_result* no83 = result_of("3-0-1-4");
    const topo::discovery_result* sibling = result_of("2-0-0-4");
    expect(no83 != nullptr && sibling != nullptr && no83->outcome == topo::discovery_outcome::created_device &&
               no83->device != sibling->device && store.device_at(no83->device).path_count() == 1,
           "the path without page 83h is a device of its own");

    return failures == 0 ? 0 : 1;
}
