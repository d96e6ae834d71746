// SPDX-License-Identifier: MIT
// mpio-inspect - decode SCSI responses saved as sg3_utils-style hex text or
// binary files.
//
//   mpio-inspect decode [--as KIND] [--json] [--lu-cong] [--verbose] FILE...
//   mpio-inspect id [--scheme NAME|--all] [--inquiry F] [--vpd80 F] [--verbose] --vpd83 F
//   mpio-inspect id --nvme [--scheme NAME|--all] [--ns-descs F] [--verbose] --id-ctrl F --id-ns F --nsid N
//   mpio-inspect topology [--group POLICY] [--scheme NAME] [--exclusive-pref-bit] [--json] [--verbose]
//                         (DIR | --sysfs [--sysfs-root ROOT])
//   mpio-inspect topology --nvme (DIR | --sysfs [--sysfs-root ROOT]) [--json] [--verbose]
//
// Exit status (docs/cli.md, "Errors and exit status"): 0 when everything was
// read and well-formed; 1 when a file could not be read or recognized, when
// the data holds a malformed part (decoded as far as it goes, the problem
// reported in the output), or when topology skipped a path; CLI11's own
// codes (>= 100) for command-line usage errors. Every byte written to stdout
// or stderr goes through terminal_safe() (text_format.hpp).
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command_decode.hpp"
#include "command_id.hpp"
#include "command_topology.hpp"
#include "kinds.hpp"
#include "text_format.hpp"

namespace mpio_inspect {
namespace {

int run(int argc, char** argv)
{
    CLI::App app{"mpio-inspect - decode SCSI responses (standard INQUIRY data, VPD pages, sense data, REPORT LUNS,\n"
                 "REPORT TARGET PORT GROUPS, READ CAPACITY (16)) from sg3_utils-style hex text or binary files",
                 "mpio-inspect"};
    app.set_version_flag("--version", MPIO_INSPECT_VERSION);
    app.require_subcommand(1);

    decode_options options;
    std::vector<std::string> decodable;
    for (const kind* k : all_kinds())
        if (k->decode != nullptr) decodable.emplace_back(k->name);
    std::sort(decodable.begin(), decodable.end());

    CLI::App* decode = app.add_subcommand("decode", "Decode every field of each FILE, as text or JSON");
    decode->add_option("--as", options.as, "Decode as this kind instead of auto-detecting it")
        ->check(CLI::IsMember(decodable))
        ->type_name("KIND");
    decode->add_flag("--json", options.json, "Print one JSON document (schema: docs/cli.md)");
    decode->add_flag("--lu-cong", options.context.lu_cong,
                     "REPORT LUNS: decode the LUNs as a logical unit conglomerate's (INQUIRY LU_CONG bit set)");
    decode->add_flag("-v,--verbose", options.verbose, "Explain each error in detail lines under it");
    decode->add_option("FILE", options.files, "hex text or binary file; - for standard input")
        ->required()
        ->type_name("");

    id_options id_opts;
    CLI::App* id = app.add_subcommand("id", "Print the logical unit's identifier as an identity scheme derives it");
    std::vector<std::string> id_schemes = scheme_names();
    for (const std::string& n : nvme_scheme_names()) id_schemes.push_back(n);
    CLI::Option* scheme =
        id->add_option("--scheme", id_opts.scheme, "The identity scheme (default: mpio; with --nvme: mpio-nvme)")
            ->check(CLI::IsMember(id_schemes))
            ->type_name("NAME");
    id->add_flag("--all", id_opts.all, "Every scheme, one line each: NAME<TAB>IDENTIFIER (or - when none)")
        ->excludes(scheme);
    CLI::Option* nvme = id->add_flag("--nvme", id_opts.nvme, "An NVMe namespace: Identify data instead of VPD pages");
    id->add_option("--inquiry", id_opts.inquiry, "standard INQUIRY data file")->type_name("F")->excludes(nvme);
    id->add_option("--vpd80", id_opts.vpd80, "Unit Serial Number VPD page file")->type_name("F")->excludes(nvme);
    CLI::Option* vpd83 = id->add_option("--vpd83", id_opts.vpd83, "Device Identification VPD page file (required)")
                             ->type_name("F")
                             ->excludes(nvme);
    CLI::Option* id_ctrl =
        id->add_option("--id-ctrl", id_opts.id_ctrl, "Identify Controller data file (--nvme, required)")
            ->type_name("F")
            ->needs(nvme);
    CLI::Option* id_ns = id->add_option("--id-ns", id_opts.id_ns, "Identify Namespace data file (--nvme, required)")
                             ->type_name("F")
                             ->needs(nvme);
    id->add_option("--ns-descs", id_opts.ns_descs, "Namespace Identification Descriptor list file (--nvme)")
        ->type_name("F")
        ->needs(nvme);
    CLI::Option* nsid = id->add_option("--nsid", id_opts.nsid, "The namespace identifier (--nvme, required)")
                            ->type_name("N")
                            ->needs(nvme);
    id->add_flag("-v,--verbose", id_opts.verbose, "Explain each error in detail lines under it");

    topology_command_options topo;
    CLI::App* topology = app.add_subcommand(
        "topology", "Group per-path dumps (a directory, or the live sysfs tree) into multipath devices and print them "
                    "as multipath -ll / mpclaim -s -d do");
    CLI::Option* topo_dir =
        topology
            ->add_option("DIR", topo.dir,
                         "one sub-directory per path (inquiry, vpd_pg0, vpd_pg80, vpd_pg83, rtpg, state)")
            ->type_name("");
    CLI::Option* topo_sysfs =
        topology->add_flag("--sysfs", topo.sysfs, "Read the live Linux tree ROOT/class/scsi_device/*/device/")
            ->excludes(topo_dir);
    topology->add_option("--sysfs-root", topo.sysfs_root, "The sysfs mount point for --sysfs (default /sys)")
        ->needs(topo_sysfs)
        ->type_name("ROOT");
    topology->add_option("--group", topo.group, "Path grouping policy (default prio)")
        ->check(CLI::IsMember(grouping_policy_names()))
        ->type_name("POLICY");
    topology->add_option("--scheme", topo.model.scheme, "The identity scheme (default: mpio)")
        ->check(CLI::IsMember(scheme_names()))
        ->type_name("NAME");
    topology->add_flag("--exclusive-pref-bit", topo.model.exclusive_pref_bit,
                       "ALUA priority: +80 for the PREF bit even on an active/optimized group");
    topology->add_flag("--json", topo.json, "Print one JSON document (schema: docs/cli.md)");
    topology->add_flag("-v,--verbose", topo.verbose, "Explain each error in detail lines under it");
    topology->add_flag("--nvme", topo.nvme,
                       "NVMe subsystems as nvme list-subsys shows them: DIR holds one sub-directory per path (id-ctrl, "
                       "id-ns, nsid, ana-log); --sysfs reads ROOT/class/nvme-subsystem");

    try {
        app.parse(argc, argv);
        if (topology->parsed() && topo.dir.empty() && !topo.sysfs) throw CLI::RequiredError("DIR or --sysfs");
        if (id->parsed() && !id_opts.nvme && vpd83->count() == 0) throw CLI::RequiredError("--vpd83");
        if (id->parsed() && id_opts.nvme && id_ctrl->count() == 0) throw CLI::RequiredError("--id-ctrl");
        if (id->parsed() && id_opts.nvme && id_ns->count() == 0) throw CLI::RequiredError("--id-ns");
        if (id->parsed() && id_opts.nvme && nsid->count() == 0) throw CLI::RequiredError("--nsid");
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (id->parsed()) return run_id(id_opts);
    if (topology->parsed()) return run_topology(topo);
    return run_decode(options);
}

} // namespace
} // namespace mpio_inspect

int main(int argc, char** argv)
{
    try {
        return mpio_inspect::run(argc, argv);
    } catch (const std::exception& e) {
        std::fflush(stdout);
        mpio_inspect::print_err(fmt::format("mpio-inspect: internal error: {}\n", e.what()));
    } catch (...) {
        std::fflush(stdout);
        mpio_inspect::print_err("mpio-inspect: internal error\n");
    }
    return 1;
}
