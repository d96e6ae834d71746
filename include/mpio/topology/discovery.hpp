// SPDX-License-Identifier: MIT
// mpio/topology/discovery.hpp - the discovery flow: a new path arrives and
// ends up in a multipath device, or is set aside with a reason.
//
// Windows MPIO, as the DDK describes it (and multipathd's uev_add_path() /
// ev_add_path() does the same in its own words):
//   1. a new path (PDO) arrives;
//   2. the DSMs are asked in order whether they claim it - vendor DSMs in
//      registration order, the generic MSDSM last (mpio::ident::arbitrate);
//      unclaimed -> not managed;
//   3. its identity is derived (DsmInquire + the serial number; here a
//      compile-time identity scheme, mpio::ident::identity_scheme);
//   4. the identity matches an existing pseudo-LUN (DsmCompareDevices) -> the
//      path joins it; otherwise a new pseudo-LUN is created;
//   5. the path is verified (DsmPathVerify) and made ready (active) - or
//      marked failed when verification fails, for the recovery layer to retry.
// Also handled:
//   - the same path reported twice (same handle, same identity): recognised
//     (outcome duplicate); what it reports now (ALUA state, PREF, group)
//     replaces what it reported, its administrative state is kept;
//   - a path whose identity changed: UNIT ATTENTION 3F/05 (DEVICE IDENTIFIER
//     CHANGED) or 3F/03 (INQUIRY DATA HAS CHANGED) -> on_unit_attention()
//     detaches it; a re-read (discover_path() again) with another identity
//     moves it to the device that identity names, never merging two LUs;
//   - an identity that is "not ready yet" (all zero / all spaces, LUs being
//     provisioned): the path is kept by handle, ungrouped, until a re-read
//     gives a real identity;
//   - the path facts: relative target port and target port group from VPD
//     83h designator types 4h/5h, cross-checked with RTPG's port lists
//     (mpio::ident::alua_state_of), the ALUA state and PREF bit of its group,
//     and the device's ALUA mode (alua_mode.hpp, incl. the TPGS/RTPG
//     disagreement).
#ifndef MPIO_TOPOLOGY_DISCOVERY_HPP
#define MPIO_TOPOLOGY_DISCOVERY_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/tick.hpp>
#include <mpio/ident/claim.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/hardware_id.hpp>
#include <mpio/ident/path_identity.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>
#include <mpio/topology/alua_mode.hpp>
#include <mpio/topology/path.hpp>
#include <mpio/topology/path_group.hpp>
#include <mpio/topology/topology_store.hpp>

namespace mpio::topology {

// What the caller read on one path. Empty views mean "not available".
struct path_report {
    path_handle handle = 0;
    ident::identity_input input{}; // standard INQUIRY, VPD 80h, VPD 83h
    byte_view rtpg{};              // REPORT TARGET PORT GROUPS parameter data
    bool rtpg_failed = false;      // RTPG was sent and failed (CHECK CONDITION)
    ident::bus_type bus = ident::bus_type::unknown;
    // The target node name for group_by_node_name (FC node_name, iSCSI
    // target name, from the transport); empty: the VPD 83h target device
    // name is used.
    byte_view target_node_name{};
};

// What derive_path_facts() found.
struct derived_path_facts {
    path_facts facts;
    ident::path_identity identity; // the decoded VPD 83h target port / device fields
    alua_support alua;
    errc path_identity_error = errc::none; // first malformed VPD 83h descriptor (see derive_path_identity)
    errc alua_error = errc::none;          // why no ALUA state: RTPG malformed / group or port not found
};

// VPD 83h + RTPG + INQUIRY TPGS -> path facts (steps 3-5 of the header).
[[nodiscard]] constexpr derived_path_facts derive_path_facts(const path_report& r) noexcept
{
    derived_path_facts out;
    path_facts& f = out.facts;
    if (!r.input.vpd83.empty()) {
        const auto page = scsi::parse_device_identification(r.input.vpd83);
        if (page) {
            const ident::derived_path_identity d = ident::derive_path_identity(*page);
            out.identity = d.identity;
            out.path_identity_error = d.error;
        } else {
            out.path_identity_error = page.error();
        }
    }
    const ident::path_identity& id = out.identity;
    f.port = port_key::from(id);
    f.has_relative_target_port = id.has_relative_target_port();
    f.relative_target_port = id.relative_target_port();
    f.has_target_port_group = id.has_target_port_group();
    f.target_port_group = id.target_port_group();
    // What multipath-tools keeps of the values (path_group.hpp): serials to
    // 127 characters, node names to 223. The VPD 83h target device name
    // (mpio's fallback, possibly binary) is hashed whole.
    f.node_name_hash = !r.target_node_name.empty()   ? attribute_hash(multipath_tools_node_name(r.target_node_name))
                       : id.has_target_device_name() ? attribute_hash(id.target_device_name().bytes())
                                                     : 0;
    if (!r.input.vpd80.empty()) {
        const auto usn = scsi::parse_unit_serial_number(r.input.vpd80);
        if (usn) f.serial_hash = attribute_hash(multipath_tools_serial(*usn).bytes());
    }

    rtpg_outcome rtpg = r.rtpg_failed ? rtpg_outcome::failed : rtpg_outcome::not_issued;
    if (!r.rtpg.empty() && !r.rtpg_failed) {
        const auto parsed = scsi::parse_report_target_port_groups(r.rtpg);
        if (!parsed) {
            rtpg = rtpg_outcome::failed;
            out.alua_error = parsed.error();
        } else {
            rtpg = rtpg_outcome::answered;
            const auto st = ident::alua_state_of(id, *parsed);
            if (st) {
                f.has_alua_state = true;
                f.alua_state = st->state;
                f.pref = st->pref;
                f.tpg_source = st->source;
                f.tpg_check = st->check;
                if (!f.has_target_port_group) { // the group comes from RTPG's port list
                    f.has_target_port_group = true;
                    f.target_port_group = st->target_port_group;
                }
            } else {
                out.alua_error = st.error();
            }
        }
    }
    scsi::target_port_group_support tpgs = scsi::target_port_group_support::not_supported;
    if (!r.input.standard_inquiry.empty()) {
        const auto inq = scsi::parse_standard_inquiry(r.input.standard_inquiry);
        if (inq) tpgs = inq->tpgs();
    }
    out.alua = decide_alua_mode(tpgs, rtpg);
    // Without ALUA the group states mean nothing for path choice.
    if (out.alua.mode == alua_mode::none) f.has_alua_state = false;
    return out;
}

namespace detail {
// Schemes derive into the caller's object (derive(in, out)); earlier ones
// returned it (derive(in)). Either works.
template <class Scheme>
constexpr void derive_into(const ident::identity_input& in, ident::device_identity& out) noexcept
{
    if constexpr (requires { Scheme::derive(in, out); })
        (void)Scheme::derive(in, out);
    else
        out = Scheme::derive(in);
}
} // namespace detail

enum class discovery_outcome : std::uint8_t {
    created_device,     // step 4: a new device
    joined_device,      // step 4: joined an existing live device
    rejoined_device,    // joined a device orphaned within its remove period
    returned_path,      // a path pending removal came back (same handle or same target port)
    duplicate,          // the same path, same identity: nothing changed
    identity_not_ready, // kept ungrouped until a re-read gives an identity
    no_identity,        // the scheme found none: kept ungrouped
    not_claimed,        // step 2: no claimer wants it; not stored
    no_inquiry,         // the standard INQUIRY data is missing or does not parse; not stored
    store_error,        // the store refused it (error holds why, e.g. capacity_exceeded)
};

[[nodiscard]] constexpr const char* to_string(discovery_outcome o) noexcept
{
    switch (o) {
    case discovery_outcome::created_device: return "created device";
    case discovery_outcome::joined_device: return "joined device";
    case discovery_outcome::rejoined_device: return "rejoined orphaned device";
    case discovery_outcome::returned_path: return "path returned";
    case discovery_outcome::duplicate: return "duplicate";
    case discovery_outcome::identity_not_ready: return "identity not ready";
    case discovery_outcome::no_identity: return "no identity";
    case discovery_outcome::not_claimed: return "not claimed";
    case discovery_outcome::no_inquiry: return "no INQUIRY data";
    case discovery_outcome::store_error: return "store error";
    }
    return "unknown";
}

struct discovery_result {
    discovery_outcome outcome = discovery_outcome::no_inquiry;
    errc error = errc::none;                 // store_error: why; no_identity: the scheme's reason
    path_index path = no_index;              // the stored path (not for not_claimed / no_inquiry / store_error)
    device_index device = no_index;          // its device (grouped outcomes)
    device_index previous_device = no_index; // the device it left (identity changed)
    ident::claim_result claim;               // which claimer won
    bool verified = false;                   // step 5 passed (path active); false: path failed
    derived_path_facts facts;                // what the path said about itself
    [[nodiscard]] constexpr bool grouped() const noexcept { return device != no_index; }
    [[nodiscard]] constexpr bool identity_changed() const noexcept { return previous_device != no_index; }
};

// Step 5's default: every path verifies.
struct accept_all {
    constexpr bool operator()(path_handle, const path&) const noexcept { return true; }
};

// The whole flow for one path (see the top of this header). Scheme is an
// mpio::ident identity scheme; claimers[0..claimer_count) are asked in
// MPIO's order; verify(handle, path) -> bool is the DsmPathVerify step.
//
// `identity` is the caller's scratch object for step 3 (a device_identity is
// about 800 bytes: keep one per discovery thread rather than on a small
// kernel stack); the overload without it uses a local one.
template <ident::identity_scheme Scheme, class Storage, ident::device_claimer C, class Verify = accept_all>
constexpr discovery_result discover_path(ident::device_identity& identity, basic_topology<Storage>& topology,
                                         const C* claimers, std::size_t claimer_count, const path_report& report,
                                         tick now, Verify&& verify = Verify{}) noexcept
{
    discovery_result out;
    // 1-2. Claim on the hardware ID of the standard INQUIRY data.
    const auto inq = scsi::parse_standard_inquiry(report.input.standard_inquiry);
    if (!inq) {
        out.error = inq.error();
        return out;
    }
    ident::device_description description;
    description.id = ident::hardware_id::from_inquiry(*inq);
    description.bus = report.bus;
    out.claim = ident::arbitrate(claimers, claimer_count, description);
    if (!out.claim.claimed()) {
        out.outcome = discovery_outcome::not_claimed;
        return out;
    }

    // 3. Identity, and what the path says about its port and group.
    out.facts = derive_path_facts(report);
    detail::derive_into<Scheme>(report.input, identity);
    if (!identity.found()) {
        const bool not_ready = identity.status() == ident::identity_status::not_ready;
        out.outcome = not_ready ? discovery_outcome::identity_not_ready : discovery_outcome::no_identity;
        if (!not_ready) out.error = identity.reason();
        const auto added = topology.add_ungrouped_path(report.handle, out.facts.facts, now);
        if (!added) {
            out.outcome = discovery_outcome::store_error;
            out.error = added.error();
            return out;
        }
        out.path = added->path;
        out.previous_device = added->previous_device;
        return out;
    }

    // 4. Join or create.
    const auto added =
        topology.add_path(report.handle, identity, out.facts.facts, now, static_cast<std::uint32_t>(out.claim.index()));
    if (!added) {
        out.outcome = discovery_outcome::store_error;
        out.error = added.error();
        return out;
    }
    out.path = added->path;
    out.device = added->device;
    out.previous_device = added->previous_device;
    switch (added->outcome) {
    case add_outcome::created_device: out.outcome = discovery_outcome::created_device; break;
    case add_outcome::joined_device: out.outcome = discovery_outcome::joined_device; break;
    case add_outcome::rejoined_device: out.outcome = discovery_outcome::rejoined_device; break;
    case add_outcome::returned_path: out.outcome = discovery_outcome::returned_path; break;
    case add_outcome::duplicate: out.outcome = discovery_outcome::duplicate; break;
    }
    // The device's ALUA mode follows what its paths report; the latest
    // answered RTPG wins over an unconfirmed or failed one.
    multipath_device& d = topology.device_at(out.device);
    if (out.outcome == discovery_outcome::created_device || out.facts.alua.rtpg == rtpg_outcome::answered ||
        d.alua().rtpg != rtpg_outcome::answered)
        d.set_alua(out.facts.alua);
    if (out.outcome == discovery_outcome::duplicate) { // recognised: no second verification
        out.verified = carries_io(topology.path_at(out.path).state());
        return out;
    }

    // 5. Verify, then ready.
    out.verified = static_cast<bool>(verify(report.handle, static_cast<const path&>(topology.path_at(out.path))));
    (void)topology.set_path_state(out.path, out.verified ? path_state::active : path_state::failed);
    return out;
}

template <ident::identity_scheme Scheme, class Storage, ident::device_claimer C, class Verify = accept_all>
constexpr discovery_result discover_path(basic_topology<Storage>& topology, const C* claimers,
                                         std::size_t claimer_count, const path_report& report, tick now,
                                         Verify&& verify = Verify{}) noexcept
{
    ident::device_identity identity;
    return discover_path<Scheme>(identity, topology, claimers, claimer_count, report, now,
                                 static_cast<Verify&&>(verify));
}

// UNIT ATTENTION codes that mean "what identifies this LU may have changed":
// 3F/03 INQUIRY DATA HAS CHANGED, 3F/05 DEVICE IDENTIFIER CHANGED (SPC-6
// Table F.2 / asc_ascq.hpp).
[[nodiscard]] constexpr bool identity_may_have_changed(std::uint8_t asc, std::uint8_t ascq) noexcept
{
    return asc == 0x3F && (ascq == 0x03 || ascq == 0x05);
}

// Detaches the path when the unit attention says its identity may have
// changed (the caller then re-reads INQUIRY / VPD and calls discover_path()
// again). Returns whether it detached.
template <class Storage>
constexpr bool on_unit_attention(basic_topology<Storage>& topology, path_handle h, std::uint8_t asc, std::uint8_t ascq,
                                 tick now) noexcept
{
    if (!identity_may_have_changed(asc, ascq)) return false;
    return topology.detach_path(h, now).has_value();
}

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_DISCOVERY_HPP
