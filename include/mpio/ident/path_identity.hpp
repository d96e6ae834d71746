// SPDX-License-Identifier: MIT
// mpio/ident/path_identity.hpp - what tells the paths to a logical unit
// apart, from the Device Identification VPD page (83h), and which ALUA
// target port group a path belongs to.
//
// SPC-6 7.7.6 (Device Identification VPD page). Every path to a logical
// unit returns the same logical unit designators (device identity, see
// docs/identity.md) but its own target port designators: the page answers
// for the target port the command went through. The designators used here:
//
//   association target port (1h):
//     RELATIVE TARGET PORT IDENTIFIER   designator type 4h (SPC-6 7.7.6.7)
//     TARGET PORT GROUP                 designator type 5h (SPC-6 7.7.6.8)
//     target port name                  NAA (3h), EUI-64 (2h) or SCSI name
//                                       string (8h): an FC WWPN (NAA 5), a
//                                       SAS address, an iSCSI
//                                       "iqn...,t,0x0001" name
//   association target device (2h):
//     target device name                NAA, EUI-64 or SCSI name string
//   association logical unit (0h):
//     LOGICAL UNIT GROUP                designator type 6h (SPC-6 7.7.6.9)
//   and the PROTOCOL IDENTIFIER of the first target port / target device
//   descriptor whose PIV bit is one.
//
// For each field the FIRST descriptor of the page wins (a port that reports
// two names reports them in the same order on every command, so the choice
// is stable).
//
// derive_path_identity() returns the identity AND a status rather than a
// result<path_identity>: a malformed descriptor (an overrun, a relative
// target port designator that is not 4 bytes, a name too long for
// path_name::capacity...) must not throw away what was decoded before it,
// and the caller (topology) needs to know it happened. The malformed
// descriptor is skipped; the walk goes on to the next one unless the list
// itself is broken (errc::descriptor_overrun / errc::too_short end it).
//
// Names are stored by value (path_name: up to 240 bytes + length), so a
// path_identity outlives the page buffer and compares with ==. 240 bytes
// hold the longest iSCSI target port name: a 223-byte iSCSI name (RFC 3720
// 3.2.6.1) plus ",t,0x" and four hex digits. A longer name is not cut: the
// field stays unset and errc::overflow is reported.
//
// alua_state_of() maps a path to its ALUA group and state with a parsed
// REPORT TARGET PORT GROUPS response (SPC-6 6.38): the TARGET PORT GROUP
// designator of the page is preferred (it is what the device says for this
// very path), and the group RTPG lists the path's relative target port in
// is used to cross-check it (or instead, when the page has no TPG
// designator). A disagreement is reported in the result, not hidden.
#ifndef MPIO_IDENT_PATH_IDENTITY_HPP
#define MPIO_IDENT_PATH_IDENTITY_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::ident {

// ---------------------------------------------------------------- path_name

// The designator format a name was given in.
enum class name_format : std::uint8_t {
    naa = 0x3,              // designator type 3h: the 8 or 16 binary bytes
    eui64 = 0x2,            // designator type 2h: the 8, 12 or 16 binary bytes
    scsi_name_string = 0x8, // designator type 8h: the text up to the first NUL
};

[[nodiscard]] constexpr const char* to_string(name_format f) noexcept
{
    switch (f) {
    case name_format::naa: return "NAA";
    case name_format::eui64: return "EUI-64";
    case name_format::scsi_name_string: return "SCSI name string";
    }
    return "unknown";
}

// A target port or target device name, copied out of the page.
class path_name {
public:
    static constexpr std::size_t capacity = 240;

    constexpr path_name() noexcept = default;

    // errc::overflow when `name` is longer than capacity.
    [[nodiscard]] static constexpr result<path_name> make(name_format format, byte_view name) noexcept
    {
        if (name.size() > capacity) return failure(errc::overflow);
        path_name n;
        n.format_ = static_cast<std::uint8_t>(static_cast<std::uint8_t>(format) ^ format_zero);
        n.size_ = static_cast<std::uint8_t>(name.size());
        for (std::size_t i = 0; i < name.size(); ++i) n.bytes_[i] = name[i];
        return n;
    }

    [[nodiscard]] constexpr name_format format() const noexcept
    {
        return static_cast<name_format>(format_ ^ format_zero);
    }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return byte_view(bytes_, size_); }

    // Same format and same bytes (bytes past size() are always zero).
    friend constexpr bool operator==(const path_name& a, const path_name& b) noexcept
    {
        if (a.format_ != b.format_ || a.size_ != b.size_) return false;
        for (std::size_t i = 0; i < a.size_; ++i)
            if (a.bytes_[i] != b.bytes_[i]) return false;
        return true;
    }

    // "naa." / "eui." + lowercase hex for binary names, the text for a SCSI
    // name string (non-printable bytes as '.': rendering is for people,
    // comparison uses the bytes).
    template <std::size_t N>
    constexpr fixed_text<N>& append_to(fixed_text<N>& out) const noexcept
    {
        switch (format()) {
        case name_format::naa: return out.append("naa.").append_hex(bytes());
        case name_format::eui64: return out.append("eui.").append_hex(bytes());
        case name_format::scsi_name_string: return out.append(ascii_view(bytes()));
        }
        return out;
    }

private:
    // format() XOR name_format::naa, so that the default (an empty NAA name)
    // is all-zero bytes: static storage goes to .bss, not .data.
    static constexpr std::uint8_t format_zero = static_cast<std::uint8_t>(name_format::naa);
    std::uint8_t format_ = 0;
    std::uint8_t size_ = 0;
    byte bytes_[capacity]{};
};

// ------------------------------------------------------------ path_identity

// What identifies one path (I_T nexus as seen from the target side) to a
// logical unit. Every field is optional: check has_*() before reading it
// (an absent field reads as 0 / an empty name).
class path_identity {
public:
    constexpr path_identity() noexcept = default;

    [[nodiscard]] constexpr bool has_relative_target_port() const noexcept { return has_rtp_; }
    [[nodiscard]] constexpr std::uint16_t relative_target_port() const noexcept { return rtp_; }

    [[nodiscard]] constexpr bool has_target_port_group() const noexcept { return has_tpg_; }
    [[nodiscard]] constexpr std::uint16_t target_port_group() const noexcept { return tpg_; }

    [[nodiscard]] constexpr bool has_target_port_name() const noexcept { return has_port_name_; }
    [[nodiscard]] constexpr const path_name& target_port_name() const noexcept { return port_name_; }

    [[nodiscard]] constexpr bool has_target_device_name() const noexcept { return has_device_name_; }
    [[nodiscard]] constexpr const path_name& target_device_name() const noexcept { return device_name_; }

    [[nodiscard]] constexpr bool has_protocol_identifier() const noexcept { return has_protocol_; }
    [[nodiscard]] constexpr scsi::protocol_identifier protocol_identifier() const noexcept
    {
        return static_cast<scsi::protocol_identifier>(protocol_ ^ protocol_zero);
    }

    [[nodiscard]] constexpr bool has_logical_unit_group() const noexcept { return has_lu_group_; }
    [[nodiscard]] constexpr std::uint16_t logical_unit_group() const noexcept { return lu_group_; }

    // The page names the target port (relative port or port name): without
    // either, two paths cannot be told apart.
    [[nodiscard]] constexpr bool identifies_port() const noexcept { return has_rtp_ || has_port_name_; }

    constexpr void set_relative_target_port(std::uint16_t v) noexcept { rtp_ = v, has_rtp_ = true; }
    constexpr void set_target_port_group(std::uint16_t v) noexcept { tpg_ = v, has_tpg_ = true; }
    constexpr void set_target_port_name(const path_name& n) noexcept { port_name_ = n, has_port_name_ = true; }
    constexpr void set_target_device_name(const path_name& n) noexcept { device_name_ = n, has_device_name_ = true; }
    constexpr void set_protocol_identifier(scsi::protocol_identifier p) noexcept
    {
        protocol_ = static_cast<std::uint8_t>(static_cast<std::uint8_t>(p) ^ protocol_zero), has_protocol_ = true;
    }
    constexpr void set_logical_unit_group(std::uint16_t v) noexcept { lu_group_ = v, has_lu_group_ = true; }

    // Value equality: every field present in one is present in the other
    // with the same value. Since relative target port identifiers and port
    // names are unique within a target device, two identities that
    // identifies_port() and compare equal are the same target port of the
    // same target device; see same_target_port() for the topology question.
    friend constexpr bool operator==(const path_identity& a, const path_identity& b) noexcept
    {
        return a.has_rtp_ == b.has_rtp_ && a.rtp_ == b.rtp_ && a.has_tpg_ == b.has_tpg_ && a.tpg_ == b.tpg_ &&
               a.has_port_name_ == b.has_port_name_ && a.port_name_ == b.port_name_ &&
               a.has_device_name_ == b.has_device_name_ && a.device_name_ == b.device_name_ &&
               a.has_protocol_ == b.has_protocol_ && a.protocol_ == b.protocol_ && a.has_lu_group_ == b.has_lu_group_ &&
               a.lu_group_ == b.lu_group_;
    }

private:
    path_name port_name_;
    path_name device_name_;
    std::uint16_t rtp_ = 0;
    std::uint16_t tpg_ = 0;
    std::uint16_t lu_group_ = 0;
    // protocol_identifier() XOR protocol_identifier::none, so that a default
    // path_identity is all-zero bytes (static storage goes to .bss).
    static constexpr std::uint8_t protocol_zero = static_cast<std::uint8_t>(scsi::protocol_identifier::none);
    std::uint8_t protocol_ = 0;
    bool has_rtp_ = false;
    bool has_tpg_ = false;
    bool has_port_name_ = false;
    bool has_device_name_ = false;
    bool has_protocol_ = false;
    bool has_lu_group_ = false;
};

// The topology question: are these two paths through the same target port
// of the same target device? False when either does not identify its port
// (an unknown port is never "the same" as another).
[[nodiscard]] constexpr bool same_target_port(const path_identity& a, const path_identity& b) noexcept
{
    return a.identifies_port() && b.identifies_port() && a == b;
}

// ------------------------------------------------------------ derivation

// What derive_path_identity() found: the identity decoded from every
// well-formed descriptor, and the first problem met (errc::none if none).
struct derived_path_identity {
    path_identity identity;
    errc error = errc::none;      // first malformed relevant descriptor, or why the walk stopped
    std::size_t error_offset = 0; // where that descriptor starts in the descriptor list
    [[nodiscard]] constexpr bool ok() const noexcept { return error == errc::none; }
};

namespace detail {
// A name from a NAA, EUI-64 or SCSI name string designator; the typed
// decoders of vpd_device_identification.hpp check the format and length.
// errc::wrong_designator_type for any other type (not a name).
constexpr result<path_name> name_of(const scsi::designation_descriptor& d) noexcept
{
    switch (d.designator_type()) {
    case scsi::designator_type::naa: {
        const auto naa = d.as_naa();
        if (!naa) return failure(naa.error());
        return path_name::make(name_format::naa, naa->bytes());
    }
    case scsi::designator_type::eui64: {
        const auto eui = d.as_eui64();
        if (!eui) return failure(eui.error());
        return path_name::make(name_format::eui64, eui->bytes());
    }
    case scsi::designator_type::scsi_name_string: {
        const auto s = d.as_scsi_name_string();
        if (!s) return failure(s.error());
        // An all-NUL designator names nothing: it would make different
        // ports look the same.
        if (s->name().empty()) return failure(errc::length_mismatch);
        return path_name::make(name_format::scsi_name_string, s->name().bytes());
    }
    default: break;
    }
    return failure(errc::wrong_designator_type);
}

constexpr bool is_name_type(scsi::designator_type t) noexcept
{
    return t == scsi::designator_type::naa || t == scsi::designator_type::eui64 ||
           t == scsi::designator_type::scsi_name_string;
}
} // namespace detail

// Walks the page's designation descriptors once (see the header comment).
// A pre-SPC-2 page has no descriptors: empty identity, errc::legacy_layout.
[[nodiscard]] constexpr derived_path_identity derive_path_identity(const scsi::device_identification& page) noexcept
{
    using scsi::association;
    using scsi::designator_type;

    derived_path_identity out;
    path_identity& id = out.identity;
    const auto note = [&out](errc e, std::size_t offset) {
        if (out.error == errc::none) out.error = e, out.error_offset = offset;
    };

    const scsi::designation_descriptor_list list = page.designators();
    auto it = list.begin();
    for (; !it.done(); ++it) {
        const scsi::designation_descriptor d = *it;
        const association assoc = d.association();
        const designator_type type = d.designator_type();

        if (assoc == association::target_port || assoc == association::target_device) {
            if (d.protocol_identifier_valid() && !id.has_protocol_identifier())
                id.set_protocol_identifier(d.protocol_identifier());
        }

        if (assoc == association::target_port && type == designator_type::relative_target_port) {
            if (id.has_relative_target_port()) continue;
            const auto v = d.as_relative_target_port();
            if (v)
                id.set_relative_target_port(*v);
            else
                note(v.error(), d.offset());
        } else if (assoc == association::target_port && type == designator_type::target_port_group) {
            if (id.has_target_port_group()) continue;
            const auto v = d.as_target_port_group();
            if (v)
                id.set_target_port_group(*v);
            else
                note(v.error(), d.offset());
        } else if (assoc == association::logical_unit && type == designator_type::logical_unit_group) {
            if (id.has_logical_unit_group()) continue;
            const auto v = d.as_logical_unit_group();
            if (v)
                id.set_logical_unit_group(*v);
            else
                note(v.error(), d.offset());
        } else if (assoc == association::target_port && detail::is_name_type(type)) {
            if (id.has_target_port_name()) continue;
            const auto n = detail::name_of(d);
            if (n)
                id.set_target_port_name(*n);
            else
                note(n.error(), d.offset());
        } else if (assoc == association::target_device && detail::is_name_type(type)) {
            if (id.has_target_device_name()) continue;
            const auto n = detail::name_of(d);
            if (n)
                id.set_target_device_name(*n);
            else
                note(n.error(), d.offset());
        }
    }
    if (it.error() != errc::none) note(it.error(), it.offset());
    return out;
}

// ------------------------------------------------------------- rendering

// Enough for every field at its longest with '.' for unprintable bytes:
// "tpg 65535, rtp 65535, port " + 240 + ", device " + 240 +
// ", protocol " + the longest protocol name + ", lu group 65535".
inline constexpr std::size_t path_identity_text_capacity = 640;

// "tpg 1, rtp 3, port naa.500a0981986d2a5b, device naa.600a0980...,
// protocol Fibre Channel (FCP), lu group 4": the present fields, in this
// order; "none" when no field is present.
template <std::size_t N>
constexpr fixed_text<N>& append_path_identity(fixed_text<N>& out, const path_identity& id) noexcept
{
    bool first = true;
    const auto field = [&out, &first](const char* label) -> fixed_text<N>& {
        if (!first) out.append(", ");
        first = false;
        return out.append(label);
    };
    if (id.has_target_port_group()) field("tpg ").append_decimal(id.target_port_group());
    if (id.has_relative_target_port()) field("rtp ").append_decimal(id.relative_target_port());
    if (id.has_target_port_name()) id.target_port_name().append_to(field("port "));
    if (id.has_target_device_name()) id.target_device_name().append_to(field("device "));
    if (id.has_protocol_identifier()) field("protocol ").append(scsi::to_string(id.protocol_identifier()));
    if (id.has_logical_unit_group()) field("lu group ").append_decimal(id.logical_unit_group());
    if (first) out.append("none");
    return out;
}

[[nodiscard]] constexpr fixed_text<path_identity_text_capacity> render_path_identity(const path_identity& id) noexcept
{
    fixed_text<path_identity_text_capacity> out;
    append_path_identity(out, id);
    return out;
}

// ------------------------------------------------------------------ ALUA

// Where path_alua_state::target_port_group came from.
enum class tpg_source : std::uint8_t {
    vpd_target_port_group, // the page's TARGET PORT GROUP designator (preferred)
    rtpg_port_list,        // the RTPG group that lists the path's relative target port
};

// How the page's TARGET PORT GROUP agrees with RTPG's port lists.
enum class tpg_cross_check : std::uint8_t {
    consistent,      // RTPG lists the path's relative target port in that group
    not_checked,     // only one source: no relative target port, or no TPG designator
    port_not_listed, // RTPG lists the path's relative target port in no group
    group_mismatch,  // RTPG lists it in another group (rtpg_group)
};

[[nodiscard]] constexpr const char* to_string(tpg_cross_check c) noexcept
{
    switch (c) {
    case tpg_cross_check::consistent: return "consistent";
    case tpg_cross_check::not_checked: return "not checked";
    case tpg_cross_check::port_not_listed: return "port not listed";
    case tpg_cross_check::group_mismatch: return "group mismatch";
    }
    return "unknown";
}

struct path_alua_state {
    std::uint16_t target_port_group = 0;
    scsi::asymmetric_access_state state = scsi::asymmetric_access_state::active_optimized;
    bool pref = false; // PREF of that group
    tpg_source source = tpg_source::vpd_target_port_group;
    tpg_cross_check check = tpg_cross_check::not_checked;
    std::uint16_t rtpg_group = 0; // the group RTPG lists the port in (0 when not looked up / not listed)
};

// The path's target port group and its ASYMMETRIC ACCESS STATE. Errors:
// errc::not_found when the path has neither a TPG designator nor a
// relative target port, or when RTPG has no such group / lists the port in
// no group (without a TPG designator); the error of a malformed RTPG
// descriptor met before the answer (the group, or the port for the
// cross-check) was found.
[[nodiscard]] constexpr result<path_alua_state> alua_state_of(const path_identity& path,
                                                              const scsi::report_target_port_groups& rtpg) noexcept
{
    path_alua_state out;
    if (path.has_target_port_group()) {
        const auto group = rtpg.find_group(path.target_port_group());
        if (!group) return failure(group.error());
        out.target_port_group = path.target_port_group();
        out.state = group->asymmetric_access_state();
        out.pref = group->pref();
        out.source = tpg_source::vpd_target_port_group;
        if (!path.has_relative_target_port()) return out; // not_checked
        if (group->contains(path.relative_target_port())) {
            out.check = tpg_cross_check::consistent;
            return out;
        }
        const auto listed = rtpg.group_of(path.relative_target_port());
        if (!listed) {
            if (listed.error() != errc::not_found) return failure(listed.error());
            out.check = tpg_cross_check::port_not_listed;
            return out;
        }
        // A response that lists one group twice may list the port under
        // its second copy: still the same group.
        out.rtpg_group = listed->target_port_group();
        out.check =
            out.rtpg_group == out.target_port_group ? tpg_cross_check::consistent : tpg_cross_check::group_mismatch;
        return out;
    }
    if (!path.has_relative_target_port()) return failure(errc::not_found);
    const auto group = rtpg.group_of(path.relative_target_port());
    if (!group) return failure(group.error());
    out.target_port_group = group->target_port_group();
    out.state = group->asymmetric_access_state();
    out.pref = group->pref();
    out.source = tpg_source::rtpg_port_list;
    out.rtpg_group = out.target_port_group;
    return out; // not_checked: RTPG is the only source
}

} // namespace mpio::ident

#endif // MPIO_IDENT_PATH_IDENTITY_HPP
