// SPDX-License-Identifier: MIT
// pr.hpp - `mpio-iscsi pr ACTION`: SCSI-3 persistent reservations through
// every path of one logical unit, driven by mpio::reservation::planner
// (docs/reservations.md). The planner decides which PERSISTENT RESERVE
// IN/OUT command goes on which path; this file sends them over the libiscsi
// sessions and reports what happened.
//
//   register        the key on every path (ALL_TG_PT where REPORT CAPABILITIES says ATP_C)
//   unregister      the key from every path
//   reserve         with --type, through one registered path
//   release         the reservation this key holds
//   preempt         --victim's key (and its reservation, taken with --type)
//   preempt-abort   the same with PREEMPT AND ABORT
//   clear           every registration and the reservation (PR OUT CLEAR)
//   status          REPORT CAPABILITIES, READ KEYS, READ RESERVATION, READ FULL STATUS, decoded
//   write-check     per path: READ one block, WRITE it back; prints each status
//                   (shows which paths a reservation lets write)
//   hold            register (--reserve: and reserve --type), then for --duration
//                   keep every path registered as sessions go and come back and
//                   write one block through every path each --interval: one
//                   JSON line per round (the planner's verdict per path beside
//                   the target's answer); --cut-path N drops a path at --cut-at;
//                   --victim KEY preempts that key first (--abort: and aborts its tasks)
#ifndef MPIO_ISCSI_PR_HPP
#define MPIO_ISCSI_PR_HPP

#include <cstdint>
#include <string>
#include <vector>

#include <mpio/scsi/persistent_reservation.hpp>

namespace mpio_iscsi {

struct pr_options {
    std::string action;
    std::vector<std::string> urls;
    std::uint64_t key = 0;
    std::uint64_t victim = 0;
    std::string type = "we";
    std::string initiator; // empty: the tool's default initiator name
    bool aptpl = false;
    bool json = false;
    std::uint64_t lba = 0; // write-check, hold
    // hold
    bool reserve = false; // reserve with `type` after registering
    bool abort = false;   // with --victim: PREEMPT AND ABORT
    std::uint64_t duration_us = 5'000'000;
    std::uint64_t interval_us = 100'000;
    int cut_path = -1; // the tool drops this path's session at cut_at (like run's drop-path)
    std::uint64_t cut_at_us = 0;
    std::uint64_t restore_at_us = 0; // and logs in again (0: never)
    std::uint64_t login_timeout_us = 5'000'000;
    std::uint64_t timeout_us = 5'000'000;
};

// "we", "ea", "we-ro", "ea-ro", "we-ar", "ea-ar". false for anything else.
bool parse_pr_type(const std::string& name, mpio::scsi::pr_type& out);
// 0x-prefixed hex or decimal, non-zero. false for anything else.
bool parse_pr_key(const std::string& text, std::uint64_t& out);

// The whole `pr` subcommand: 0 done, 1 the target refused or the intent
// was not reached, 2 bad options, 3 no path could log in.
int pr_command(const pr_options& o);

} // namespace mpio_iscsi

#endif // MPIO_ISCSI_PR_HPP
