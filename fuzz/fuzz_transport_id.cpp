// SPDX-License-Identifier: MIT
// Fuzz target: TransportIDs (mpio/scsi/transport_id.hpp). The input is
// decoded as one TransportID and as a list; every accessor is read; a
// decoded TransportID is re-encoded with the matching builder and must decode
// to the same fields; the size rule (24, or 4 + ADDITIONAL LENGTH for iSCSI)
// and the list walk are checked with a trap. The same bytes are the
// TransportIDs of the PERSISTENT RESERVE OUT parameter lists
// (mpio/scsi/persistent_reserve_out.hpp): a builder accepts them exactly when
// they are whole, well-formed TransportIDs, and writes them back unchanged.
#include <mpio/scsi/persistent_reservation.hpp>
#include <mpio/scsi/persistent_reserve_out.hpp>
#include <mpio/scsi/transport_id.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

// PR OUT: the CDB for every service action and type, REGISTER with
// SPEC_I_PT carrying the input as its TransportIDs, REGISTER AND MOVE with
// the input as its one TransportID.
void pr_out_builders(mpio::byte_view input, const std::uint8_t* data, std::size_t size, bool whole_list)
{
    std::array<mpio::byte, 16> cdb{};
    for (unsigned a = 0; a < 16; ++a) {
        for (unsigned t = 0; t < 16; ++t) {
            const auto action = static_cast<scsi::pr_out_service_action>(a);
            const auto type = static_cast<scsi::pr_type>(t);
            const auto n = scsi::build_persistent_reserve_out(mpio::mutable_byte_view(cdb.data(), cdb.size()), action,
                                                              type, static_cast<std::uint32_t>(size));
            const bool valid = a <= static_cast<unsigned>(scsi::pr_out_service_action::replace_lost_reservation) &&
                               (!scsi::uses_type(action) || scsi::is_defined(type));
            check(n.has_value() == valid);
            if (n) check(*n == 10 && cdb[0] == 0x5F && (cdb[1] & 0x1F) == a);
        }
    }
    std::array<mpio::byte, 4096> list{};
    const mpio::mutable_byte_view out(list.data(), list.size());
    scsi::pr_out_parameters p;
    p.reservation_key = 0x1122334455667788ull;
    p.spec_i_pt = true;
    p.transport_ids = input;
    const auto reg = scsi::build_pr_out_parameter_list(out, scsi::pr_out_service_action::register_key, p);
    const bool fits = 28 + size <= list.size();
    check(reg.has_value() == (whole_list && fits));
    if (reg) {
        check(*reg == 28 + size && (list[20] & 0x08) != 0);
        for (std::size_t i = 0; i < size; ++i) check(list[28 + i] == data[i]);
    }
    scsi::register_and_move_parameters m;
    m.transport_id = input;
    const auto move = scsi::build_register_and_move_parameter_list(out, m);
    const auto one = scsi::parse_transport_id(input);
    check(move.has_value() == (one.has_value() && one->size() == size && 24 + size <= list.size()));
    if (move) check(*move == 24 + size);
}

void reencode(const scsi::transport_id& id)
{
    std::array<mpio::byte, 64> out_storage{};
    const mpio::mutable_byte_view out(out_storage.data(), out_storage.size());
    mpio::result<std::size_t> n = mpio::failure(errc::not_found);
    switch (id.protocol()) {
    case scsi::protocol_identifier::fcp: n = scsi::build_fc_transport_id(out, id.n_port_name()); break;
    case scsi::protocol_identifier::sas: n = scsi::build_sas_transport_id(out, id.sas_address()); break;
    case scsi::protocol_identifier::sbp: n = scsi::build_sbp_transport_id(out, id.eui64_name()); break;
    case scsi::protocol_identifier::sop: n = scsi::build_sop_transport_id(out, id.routing_id()); break;
    case scsi::protocol_identifier::srp: n = scsi::build_srp_transport_id(out, id.initiator_port_identifier()); break;
    case scsi::protocol_identifier::spi:
        n = scsi::build_spi_transport_id(out, id.scsi_address(), id.relative_target_port_identifier());
        break;
    default: return; // iSCSI names need not be printable in the input: not re-encoded
    }
    check(n.has_value() && *n == 24);
    const auto again = scsi::parse_transport_id(mpio::byte_view(out_storage.data(), *n));
    check(again.has_value() && again->protocol() == id.protocol());
    check(again->n_port_name() == id.n_port_name() || id.protocol() != scsi::protocol_identifier::fcp);
    check(again->sas_address() == id.sas_address() || id.protocol() != scsi::protocol_identifier::sas);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;

    const mpio::result<std::size_t> expected = scsi::transport_id_size(input);
    const mpio::result<scsi::transport_id> id = scsi::parse_transport_id(input);
    if (id) {
        check(expected.has_value() && id->size() == *expected && id->size() <= size);
        check(id->bytes().data() == data);
        check(id->size() == 24 || id->protocol() == scsi::protocol_identifier::iscsi);
        if (id->protocol() == scsi::protocol_identifier::iscsi) {
            check(id->size() == 4u + id->additional_length() && id->additional_length() % 4 == 0);
            const mpio::ascii_view name = id->iscsi_name();
            const mpio::ascii_view isid = id->isid();
            check(name.size() < id->additional_length());
            check(isid.size() < id->additional_length());
            check(name.empty() || name.bytes().data() == data + 4);
            sink = sink + sum(name.bytes()) + sum(isid.bytes()) + id->isid_value().value_or(0);
        }
        sink = sink + id->n_port_name() + id->scsi_address() + id->sas_address() + id->routing_id() +
               sum(id->initiator_port_identifier()) + id->format_code();
        reencode(*id);
    } else {
        check(id.error() == errc::too_short || id.error() == errc::unsupported_format ||
              id.error() == errc::length_mismatch);
    }

    const scsi::transport_id_list list(input);
    std::size_t count = 0, offset = 0;
    auto it = list.begin();
    for (; !it.done(); ++it, ++count) {
        const scsi::transport_id entry = *it;
        check(it.offset() == offset && entry.bytes().data() == data + offset);
        check(scsi::parse_transport_id(entry.bytes()).has_value());
        offset += entry.size();
    }
    check_walk(list.status(), count, it.offset(), size);
    pr_out_builders(input, data, size, list.status().ok() && size != 0);
    static_cast<void>(sink);
    return 0;
}
