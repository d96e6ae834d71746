// SPDX-License-Identifier: MIT
// discovery.hpp - what every path says about its logical unit (standard
// INQUIRY, VPD 00h/80h/83h, REPORT TARGET PORT GROUPS, READ CAPACITY(16)),
// read over the live sessions, saved as the per-path dump directory that
// mpio-inspect's topology model reads (one sub-directory per path:
// inquiry, vpd_pg0, vpd_pg80, vpd_pg83, rtpg, state), and turned into the
// multipath topology by the library's discovery flow (topology_model.hpp).
#ifndef MPIO_ISCSI_DISCOVERY_HPP
#define MPIO_ISCSI_DISCOVERY_HPP

#include <cstdint>
#include <string>
#include <vector>

#include "session.hpp"

namespace mpio_iscsi {

struct path_answers {
    bool logged_in = false;
    std::string error; // why the path could not be read
    std::vector<std::uint8_t> inquiry, vpd00, vpd80, vpd83, rtpg, capacity;
    bool rtpg_failed = false;
    std::string rtpg_sense; // "KEY/ASC/ASCQ" when RTPG failed with CHECK CONDITION
    std::uint64_t blocks = 0;
    std::uint32_t block_size = 0;
};

// Logs in on every path (three login timeouts at most) and reads the
// answers. Sessions that logged in stay up for the caller.
std::vector<path_answers> discover(session_set& sessions, std::uint64_t login_timeout_us);

// Writes DIR/pNN/{inquiry,vpd_pg0,vpd_pg80,vpd_pg83,rtpg,state}. false with `error` on failure.
bool write_dumps(const std::string& dir, const std::vector<path_answers>& answers, std::string& error);

// A fresh directory under $TMPDIR (removed by the caller with remove_tree()).
std::string make_temp_dir();
void remove_tree(const std::string& dir);

} // namespace mpio_iscsi

#endif // MPIO_ISCSI_DISCOVERY_HPP
