// SPDX-License-Identifier: MIT
// mpio/topology/alua_mode.hpp - how a multipath device does ALUA: none,
// implicit, explicit or both, from INQUIRY's TPGS field confirmed by
// REPORT TARGET PORT GROUPS.
//
// SPC-6 6.6.2 (standard INQUIRY, TPGS) says what the logical unit claims;
// REPORT TARGET PORT GROUPS (SPC-6 6.38) is what it does. They disagree in
// the field both ways:
//   - arrays that answer RTPG (with real group states) while reporting TPGS
//     00b - Linux's scsi_dh_alua would not attach to them (alua_check_tpgs()
//     looks at TPGS only), MSDSM probes RTPG anyway;
//   - arrays that report TPGS but fail RTPG (ILLEGAL REQUEST / INVALID
//     COMMAND OPERATION CODE) - multipath-tools' alua prioritiser then
//     reports "couldn't get target port group" and gives the path no
//     priority.
// decide_alua_mode() keeps both facts and says which one wins: the states
// can only be read when RTPG answers, so an answered RTPG makes the device
// ALUA (implicit at least) whatever TPGS said, and a failed RTPG makes it
// non-ALUA whatever TPGS said. `agreement` records the disagreement so that
// a report (mpio-inspect, mpclaim-style output) can show it.
#ifndef MPIO_TOPOLOGY_ALUA_MODE_HPP
#define MPIO_TOPOLOGY_ALUA_MODE_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/scsi/inquiry.hpp>

namespace mpio::topology {

enum class alua_mode : std::uint8_t {
    none = 0,      // no ALUA: every path is as good as any other (or vendor-specific)
    implicit = 1,  // the device moves its groups itself; REPORT TARGET PORT GROUPS only
    explicit_ = 2, // the host moves the groups with SET TARGET PORT GROUPS
    both = 3,      // implicit and explicit
};

[[nodiscard]] constexpr const char* to_string(alua_mode m) noexcept
{
    switch (m) {
    case alua_mode::none: return "none";
    case alua_mode::implicit: return "implicit";
    case alua_mode::explicit_: return "explicit";
    case alua_mode::both: return "implicit and explicit";
    }
    return "unknown";
}

// Whether SET TARGET PORT GROUPS may be sent.
[[nodiscard]] constexpr bool allows_stpg(alua_mode m) noexcept
{
    return m == alua_mode::explicit_ || m == alua_mode::both;
}

// What happened to REPORT TARGET PORT GROUPS on the path.
enum class rtpg_outcome : std::uint8_t {
    not_issued, // not sent (no data): the decision rests on TPGS alone
    answered,   // a response that parsed
    failed,     // CHECK CONDITION, or a response that does not parse
};

// How TPGS and RTPG agree.
enum class alua_agreement : std::uint8_t {
    consistent,        // both say ALUA, or both say not
    unconfirmed,       // TPGS says ALUA, RTPG not issued: taken on trust
    rtpg_without_tpgs, // TPGS 00b but RTPG answered: treated as implicit ALUA
    tpgs_without_rtpg, // TPGS says ALUA but RTPG failed: treated as no ALUA
};

[[nodiscard]] constexpr const char* to_string(alua_agreement a) noexcept
{
    switch (a) {
    case alua_agreement::consistent: return "consistent";
    case alua_agreement::unconfirmed: return "unconfirmed";
    case alua_agreement::rtpg_without_tpgs: return "RTPG answered although TPGS is 0";
    case alua_agreement::tpgs_without_rtpg: return "TPGS set but RTPG failed";
    }
    return "unknown";
}

struct alua_support {
    alua_mode mode = alua_mode::none;
    scsi::target_port_group_support tpgs = scsi::target_port_group_support::not_supported; // as reported
    rtpg_outcome rtpg = rtpg_outcome::not_issued;
    alua_agreement agreement = alua_agreement::consistent;
    friend constexpr bool operator==(const alua_support&, const alua_support&) noexcept = default;
};

// See the top of this header.
[[nodiscard]] constexpr alua_support decide_alua_mode(scsi::target_port_group_support tpgs, rtpg_outcome rtpg) noexcept
{
    alua_support out;
    out.tpgs = tpgs;
    out.rtpg = rtpg;
    const auto claimed = static_cast<alua_mode>(static_cast<std::uint8_t>(tpgs) & 3u);
    if (claimed == alua_mode::none) {
        if (rtpg == rtpg_outcome::answered) {
            out.mode = alua_mode::implicit; // never send STPG to a device that did not claim explicit ALUA
            out.agreement = alua_agreement::rtpg_without_tpgs;
        }
        return out;
    }
    switch (rtpg) {
    case rtpg_outcome::answered: out.mode = claimed; break;
    case rtpg_outcome::not_issued:
        out.mode = claimed;
        out.agreement = alua_agreement::unconfirmed;
        break;
    case rtpg_outcome::failed: out.agreement = alua_agreement::tpgs_without_rtpg; break;
    }
    return out;
}

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_ALUA_MODE_HPP
