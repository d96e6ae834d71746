// SPDX-License-Identifier: MIT
// kind_persistent_reserve_in.cpp - PERSISTENT RESERVE IN parameter data
// (SPC-6 6.16), one kind per service action, since the data does not say
// which one produced it: pr-keys (READ KEYS), pr-reservation (READ
// RESERVATION), pr-capabilities (REPORT CAPABILITIES), pr-full-status (READ
// FULL STATUS, TransportIDs decoded).
//
// Auto-detection: never (--as only). A recognizer says "plausible" when the
// lengths fit the data exactly, so that --as on the right data gives no
// warning and unrecognized data that fits gets a "perhaps ... use --as" hint.
#include <string>
#include <vector>

#include <fmt/format.h>

#include <mpio/scsi/persistent_reserve_in.hpp>
#include <mpio/scsi/transport_id.hpp>

#include "kinds.hpp"
#include "text_format.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;
using v = detection::verdict;

detection only_with_as(v level, std::string reason, std::size_t offset = 0)
{
    detection d{level, std::move(reason), offset, detection::confidence::weak};
    d.auto_detectable = false;
    return d;
}

template <class E>
std::uint64_t raw(E e)
{
    return static_cast<std::uint64_t>(e);
}

// Header of the PRGENERATION + ADDITIONAL LENGTH kinds, with the truncation notes.
template <class View>
void generation_and_length(const View& view, mpio::byte_view data, record& r, const char* what)
{
    r.hex_number("prgeneration", "PRgeneration", view.prgeneration(), 8);
    r.number("additional_length", "Additional length", view.additional_length());
    r.flag("truncated", view.truncated() ? "Truncated" : "", view.truncated());
    r.number("required_allocation_length", view.truncated() ? "Required allocation length" : "",
             view.required_allocation_length());
    if (view.truncated())
        r.note(fmt::format("truncated: {} of {} bytes returned; re-issue PERSISTENT RESERVE IN ({}) with an "
                           "allocation length of at least {}",
                           data.size(), view.required_allocation_length(), what, view.required_allocation_length()));
    else if (data.size() > view.required_allocation_length())
        r.note(fmt::format("{} bytes after the {} declared by ADDITIONAL LENGTH are ignored",
                           data.size() - view.required_allocation_length(), view.required_allocation_length()));
}

void type_and_scope(record& r, scsi::pr_type type, scsi::pr_scope scope)
{
    r.code("type", "Type", raw(type), 1, fmt::format("{} ({})", to_string(type), scsi::short_name(type)));
    r.code("scope", "Scope", raw(scope), 1, to_string(scope));
}

// ------------------------------------------------------------- READ KEYS

detection detect_keys(mpio::byte_view data)
{
    const auto r = scsi::parse_pr_read_keys(data);
    if (!r) return only_with_as(v::impossible, "fewer than 8 bytes", data.size());
    if (!r->additional_length_valid())
        return only_with_as(v::unlikely,
                            fmt::format("ADDITIONAL LENGTH {} is not a multiple of 8", r->additional_length()), 4);
    if (data.size() != r->required_allocation_length())
        return only_with_as(
            v::unlikely,
            fmt::format("8 + ADDITIONAL LENGTH is {}, the data {} bytes", r->required_allocation_length(), data.size()),
            4);
    return only_with_as(v::plausible, fmt::format("{} keys fill the data exactly", r->key_count()));
}

decode_outcome decode_keys(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    const auto parsed = scsi::parse_pr_read_keys(data);
    if (!parsed)
        return {
            false,
            {mpio::errc_name(parsed.error()), "fewer than 8 bytes: not even PRGENERATION and ADDITIONAL LENGTH", 0}};
    const scsi::pr_read_keys& keys = *parsed;
    record& r = body.child("persistent_reserve_in", "");
    r.text("service_action", "Service action", "READ KEYS");
    generation_and_length(keys, data, r, "READ KEYS");
    r.number("key_count", "", keys.key_count());
    std::vector<record>& list = r.list("keys", "Registered reservation keys");
    auto it = keys.keys().begin();
    for (; !it.done(); ++it) {
        record k(fmt::format("0x{:016x} [offset {}]", *it, 8 + it.offset()));
        k.number("offset", "", 8 + it.offset());
        k.hex_number("key", "", *it, 16);
        list.push_back(std::move(k));
    }
    if (it.error() != mpio::errc::none)
        r.error({mpio::errc_name(it.error()),
                 fmt::format("ADDITIONAL LENGTH {} is not a multiple of 8: {} bytes after the last whole key",
                             keys.additional_length(), keys.key_list_bytes().size() - it.offset()),
                 8 + it.offset()});
    if (list.empty() && !keys.truncated()) r.note("no registered reservation keys");
    return {};
}

// ------------------------------------------------------ READ RESERVATION

detection detect_reservation(mpio::byte_view data)
{
    const auto r = scsi::parse_pr_read_reservation(data);
    if (!r)
        return only_with_as(data.size() < 8 ? v::impossible : v::unlikely, "ADDITIONAL LENGTH is neither 0 nor 16", 4);
    if (data.size() != r->required_allocation_length())
        return only_with_as(
            v::unlikely,
            fmt::format("8 + ADDITIONAL LENGTH is {}, the data {} bytes", r->required_allocation_length(), data.size()),
            4);
    return only_with_as(v::plausible, r->has_reservation() ? "one reservation descriptor" : "no reservation");
}

decode_outcome decode_reservation(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    const auto parsed = scsi::parse_pr_read_reservation(data);
    if (!parsed) {
        if (parsed.error() == mpio::errc::too_short)
            return {false,
                    {mpio::errc_name(parsed.error()), "fewer than 8 bytes: not even PRGENERATION and ADDITIONAL LENGTH",
                     0}};
        return {false,
                {mpio::errc_name(parsed.error()),
                 fmt::format("ADDITIONAL LENGTH {} is neither 0 (no reservation) nor 16 (one reservation)",
                             mpio::load_be32(data, 4)),
                 4}};
    }
    const scsi::pr_read_reservation& res = *parsed;
    record& r = body.child("persistent_reserve_in", "");
    r.text("service_action", "Service action", "READ RESERVATION");
    generation_and_length(res, data, r, "READ RESERVATION");
    r.flag("reservation", "Reservation held", res.has_reservation());
    if (res.reservation_returned()) {
        r.hex_number("reservation_key", "Reservation key", res.reservation_key(), 16);
        type_and_scope(r, res.type(), res.scope());
        if (scsi::is_all_registrants(res.type()) && res.reservation_key() != 0)
            r.note("an all-registrants reservation is reported with a reservation key of zero (SPC-6 6.16.3)");
    }
    return {};
}

// --------------------------------------------------- REPORT CAPABILITIES

detection detect_capabilities(mpio::byte_view data)
{
    const auto r = scsi::parse_pr_report_capabilities(data);
    if (!r) return only_with_as(data.size() < 2 ? v::impossible : v::unlikely, "LENGTH is under 8", 0);
    if (data.size() != r->length())
        return only_with_as(v::unlikely, fmt::format("LENGTH is {}, the data {} bytes", r->length(), data.size()), 0);
    return only_with_as(v::plausible, "LENGTH fits the data");
}

decode_outcome decode_capabilities(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    const auto parsed = scsi::parse_pr_report_capabilities(data);
    if (!parsed) {
        if (parsed.error() == mpio::errc::too_short)
            return {false, {mpio::errc_name(parsed.error()), "fewer than 2 bytes: not even LENGTH", 0}};
        return {false,
                {mpio::errc_name(parsed.error()),
                 fmt::format("LENGTH {} is under 8: it cannot hold the fields SPC defines", mpio::load_be16(data, 0)),
                 0}};
    }
    const scsi::pr_report_capabilities& c = *parsed;
    record& r = body.child("persistent_reserve_in", "");
    r.text("service_action", "Service action", "REPORT CAPABILITIES");
    r.number("length", "Length", c.length());
    r.flag("truncated", c.truncated() ? "Truncated" : "", c.truncated());
    if (c.truncated())
        r.note(fmt::format("truncated: {} of {} bytes returned; re-issue with an allocation length of at least {}",
                           data.size(), c.length(), c.required_allocation_length()));
    if (c.flags_returned()) {
        r.flag("rlr_c", "Replace lost reservation capable (RLR_C)", c.rlr_c());
        r.flag("crh", "Compatible reservation handling (CRH)", c.crh());
        r.flag("sip_c", "Specify initiator ports capable (SIP_C)", c.sip_c());
        r.flag("atp_c", "All target ports capable (ATP_C)", c.atp_c());
        r.flag("ptpl_c", "Persist through power loss capable (PTPL_C)", c.ptpl_c());
        r.flag("tmv", "Type mask valid (TMV)", c.tmv());
        r.code("allow_commands", "Allow commands", raw(c.allow_commands()), 1, to_string(c.allow_commands()));
        r.flag("ptpl_a", "Persist through power loss activated (PTPL_A)", c.ptpl_a());
    } else {
        r.note("bytes 2..3 (the capability bits) were not returned");
    }
    if (c.type_mask_returned()) {
        r.hex_number("type_mask", "Persistent reservation type mask", c.type_mask(), 4);
        record& m = r.child("types", c.tmv() ? "Types supported" : "Type mask (not valid: TMV is 0)");
        m.flag("wr_ex", "Write Exclusive (WR_EX)", c.wr_ex());
        m.flag("ex_ac", "Exclusive Access (EX_AC)", c.ex_ac());
        m.flag("wr_ex_ro", "Write Exclusive, registrants only (WR_EX_RO)", c.wr_ex_ro());
        m.flag("ex_ac_ro", "Exclusive Access, registrants only (EX_AC_RO)", c.ex_ac_ro());
        m.flag("wr_ex_ar", "Write Exclusive, all registrants (WR_EX_AR)", c.wr_ex_ar());
        m.flag("ex_ac_ar", "Exclusive Access, all registrants (EX_AC_AR)", c.ex_ac_ar());
    }
    return {};
}

// ------------------------------------------------------ READ FULL STATUS

// A TransportID's fields, by protocol.
void transport_id_fields(const scsi::transport_id& id, record& t)
{
    t.code("protocol_identifier", "Protocol", raw(id.protocol()), 1, to_string(id.protocol()));
    t.number("format_code", "", id.format_code());
    switch (id.protocol()) {
    case scsi::protocol_identifier::fcp: t.hex_number("n_port_name", "N_Port name", id.n_port_name(), 16); break;
    case scsi::protocol_identifier::spi:
        t.hex_number("scsi_address", "SCSI address", id.scsi_address(), 4);
        t.number("relative_target_port_identifier", "Relative target port identifier",
                 id.relative_target_port_identifier());
        break;
    case scsi::protocol_identifier::sbp: t.hex_number("eui64_name", "EUI-64 name", id.eui64_name(), 16); break;
    case scsi::protocol_identifier::srp:
        t.hex("initiator_port_identifier", "Initiator port identifier", id.initiator_port_identifier());
        break;
    case scsi::protocol_identifier::sas: t.hex_number("sas_address", "SAS address", id.sas_address(), 16); break;
    case scsi::protocol_identifier::sop: t.hex_number("routing_id", "Routing ID", id.routing_id(), 4); break;
    case scsi::protocol_identifier::iscsi: {
        t.text("iscsi_format", "Format", to_string(id.iscsi_format()));
        const mpio::ascii_view name = id.iscsi_name();
        t.text("iscsi_name", "iSCSI name", printable(name));
        if (id.iscsi_format() == scsi::iscsi_transport_id_format::name_and_isid) {
            const mpio::ascii_view isid = id.isid();
            t.text("isid", "ISID", printable(isid));
            if (!id.isid_value()) t.note("the ISID is not 1 to 12 hexadecimal digits");
        }
        break;
    }
    default: break;
    }
}

detection detect_full_status(mpio::byte_view data)
{
    const auto r = scsi::parse_pr_read_full_status(data);
    if (!r) return only_with_as(v::impossible, "fewer than 8 bytes", data.size());
    if (data.size() != r->required_allocation_length())
        return only_with_as(
            v::unlikely,
            fmt::format("8 + ADDITIONAL LENGTH is {}, the data {} bytes", r->required_allocation_length(), data.size()),
            4);
    const mpio::list_status s = r->descriptors().status();
    if (!s.ok()) return only_with_as(v::unlikely, "a full status descriptor runs past the list", 8 + s.offset);
    return only_with_as(v::plausible, fmt::format("{} full status descriptors fill the data exactly", s.count));
}

decode_outcome decode_full_status(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    const auto parsed = scsi::parse_pr_read_full_status(data);
    if (!parsed)
        return {
            false,
            {mpio::errc_name(parsed.error()), "fewer than 8 bytes: not even PRGENERATION and ADDITIONAL LENGTH", 0}};
    const scsi::pr_read_full_status& full = *parsed;
    record& r = body.child("persistent_reserve_in", "");
    r.text("service_action", "Service action", "READ FULL STATUS");
    generation_and_length(full, data, r, "READ FULL STATUS");
    std::vector<record>& list = r.list("descriptors", "Full status descriptors");
    auto it = full.descriptors().begin();
    for (; !it.done(); ++it) {
        const scsi::full_status_descriptor d = *it;
        const std::size_t at = 8 + d.offset();
        record e(fmt::format("#{} key 0x{:016x} [offset {}]{}", list.size() + 1, d.reservation_key(), at,
                             d.r_holder() ? ": reservation holder" : ""));
        e.number("offset", "", at);
        e.hex_number("reservation_key", "Reservation key", d.reservation_key(), 16);
        e.flag("all_tg_pt", "All target ports (ALL_TG_PT)", d.all_tg_pt());
        e.flag("r_holder", "Reservation holder (R_HOLDER)", d.r_holder());
        if (d.r_holder()) type_and_scope(e, d.type(), d.scope());
        if (!d.all_tg_pt())
            e.number("relative_target_port_identifier", "Relative target port identifier",
                     d.relative_target_port_identifier());
        e.number("additional_descriptor_length", "Additional descriptor length", d.additional_descriptor_length());
        const auto id = d.transport_id();
        if (id) {
            record& t = e.child("transport_id", "TransportID");
            transport_id_fields(*id, t);
        } else {
            e.dump("transport_id_bytes", "TransportID bytes", d.transport_id_bytes());
            e.error({mpio::errc_name(id.error()),
                     id.error() == mpio::errc::unsupported_format
                         ? fmt::format("descriptor #{}: a TransportID of a protocol or format SPC defines none for",
                                       list.size() + 1)
                         : fmt::format("descriptor #{}: the TransportID does not fill ADDITIONAL DESCRIPTOR LENGTH {} "
                                       "exactly (or is malformed)",
                                       list.size() + 1, d.additional_descriptor_length()),
                     at + scsi::full_status_descriptor::header_size});
        }
        list.push_back(std::move(e));
    }
    if (it.error() != mpio::errc::none)
        r.error({mpio::errc_name(it.error()),
                 it.error() == mpio::errc::too_short
                     ? fmt::format("{} bytes left in the list: less than a 24-byte descriptor header",
                                   full.descriptor_bytes().size() - it.offset())
                     : "the descriptor's ADDITIONAL DESCRIPTOR LENGTH runs past ADDITIONAL LENGTH",
                 8 + it.offset()});
    if (list.empty() && !full.truncated()) r.note("no registrations");
    return {};
}

} // namespace

extern const kind pr_keys_kind{"pr-keys", "persistent_reserve_in_read_keys", "PERSISTENT RESERVE IN READ KEYS data",
                               detect_keys, decode_keys};
extern const kind pr_reservation_kind{"pr-reservation", "persistent_reserve_in_read_reservation",
                                      "PERSISTENT RESERVE IN READ RESERVATION data", detect_reservation,
                                      decode_reservation};
extern const kind pr_capabilities_kind{"pr-capabilities", "persistent_reserve_in_report_capabilities",
                                       "PERSISTENT RESERVE IN REPORT CAPABILITIES data", detect_capabilities,
                                       decode_capabilities};
extern const kind pr_full_status_kind{"pr-full-status", "persistent_reserve_in_read_full_status",
                                      "PERSISTENT RESERVE IN READ FULL STATUS data", detect_full_status,
                                      decode_full_status};

} // namespace mpio_inspect
