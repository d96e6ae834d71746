// SPDX-License-Identifier: MIT
// run.hpp - `mpio-iscsi run`: verified I/O through mpio::engine::device over
// the paths of one logical unit, with scripted faults; `mpio-iscsi probe`.
#ifndef MPIO_ISCSI_RUN_HPP
#define MPIO_ISCSI_RUN_HPP

#include <cstdint>
#include <string>
#include <vector>

namespace mpio_iscsi {

// --fault AT:KIND[=ARG]
//   drop-path=N     close path N's connection and keep it down (the tool's own cut)
//   restore-path=N  log in on path N again
//   stpg=G          engine::device::activate_group(G): explicit ALUA, SET TARGET PORT GROUPS
//   stpg-set=G:S,.. a SET TARGET PORT GROUPS of the tool's own (S: ao, an, sb, ua), then every path re-verified
//   policy=NAME     switch the load-balancing policy (MSDSM number or name)
//   exec=CMD        run CMD with /bin/sh (external faults: tgtadm, kill, nft), not waited for
//   mark=LABEL      just a mark in the report, CSV and gap table
struct fault {
    std::uint64_t at_us = 0;
    std::string kind;
    std::string arg;
    std::string text; // as given
};
bool parse_fault(const std::string& text, fault& out, std::string& error);
bool parse_duration_us(const std::string& text, std::uint64_t& out); // "5s", "250ms", "1.5s", "800us"

struct run_options {
    std::vector<std::string> urls;
    std::string policy = "RR";
    std::string workload = "randrw"; // randrw, randread, seqread, seqwrite
    bool verify = false;
    std::uint64_t duration_us = 10'000'000;
    unsigned qd = 8;
    std::uint32_t io_size = 4096;
    std::uint64_t region_bytes = 16u << 20; // the LBA range the workload uses
    bool json = false;
    bool quiet = false; // no live lines
    std::string csv;
    std::uint64_t csv_bucket_us = 100'000;
    std::vector<fault> faults;
    std::uint64_t timeout_us = 2'000'000; // the transport's per-command timeout
    std::uint64_t login_timeout_us = 5'000'000;
    std::uint64_t relogin_delay_us = 200'000;
    std::uint64_t no_path_us = 20'000'000; // PDORemovePeriod / no_path_retry time
    std::uint64_t retry_interval_us = 1'000'000;
    std::uint64_t doubt_grace_us = 1'000'000; // a cut path's old writes may still land this long after its return
    std::string alua;                         // override the discovered ALUA mode: none, implicit, explicit, both
    std::string checker = "auto";             // auto, tur, readsector0
    std::string failback = "immediate";       // immediate, manual, followover
    bool final_verify = true;
    bool direct = false;     // bench: bypass the engine, one session (the first URL)
    bool engine_cpu = false; // measure the CPU time spent inside engine calls (two clock reads per call)
    std::uint64_t seed = 1;
};

int run_command(const run_options& o);

struct probe_options {
    std::vector<std::string> urls;
    std::string save; // keep the dumps here
    std::string group = "prio";
    bool json = false;
    std::uint64_t login_timeout_us = 5'000'000;
};

int probe_command(const probe_options& o);

} // namespace mpio_iscsi

#endif // MPIO_ISCSI_RUN_HPP
