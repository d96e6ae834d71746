// SPDX-License-Identifier: MIT
// Fuzz target: REPORT SUPPORTED OPERATION CODES parameter data
// (mpio/scsi/report_supported_operation_codes.hpp). The input is parsed in
// both formats (all_commands and one_command, which the data cannot tell
// apart); every descriptor is walked and every accessor called, the
// lookups are checked against a plain walk, and the CDB builder's fields
// are checked to come back from the bytes it wrote.
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/report_supported_operation_codes.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

void check_timeouts(const mpio::result<scsi::command_timeouts_descriptor>& t, bool ctdp, volatile std::size_t& sink)
{
    if (!ctdp) {
        check(t.error() == errc::not_found);
        return;
    }
    if (!t) {
        check(t.error() == errc::too_short || t.error() == errc::length_mismatch);
        return;
    }
    check(t->bytes().size() == scsi::command_timeouts_descriptor::size);
    check(t->descriptor_length() == scsi::command_timeouts_descriptor::expected_descriptor_length);
    sink = sink + t->command_specific() + t->nominal_command_processing_timeout() + t->recommended_command_timeout();
}

void check_all_commands(mpio::byte_view input, volatile std::size_t& sink)
{
    const auto r = scsi::parse_rsoc_all_commands(input);
    if (!r) {
        check(input.size() < 4 && r.error() == errc::too_short);
        return;
    }
    check(r->bytes() == input);
    check(r->command_data_length() == mpio::load_be32(input, 0));
    check(r->required_allocation_length() >= 4);
    check(r->truncated() == (input.size() < r->required_allocation_length()));
    const mpio::byte_view list = r->command_descriptor_bytes();
    check(list.data() == input.data() + 4 || list.empty());
    check(list.size() + 4 <= input.size());

    std::size_t count = 0, offset = 0;
    auto it = r->commands().begin();
    for (; !it.done(); ++it) {
        const scsi::command_descriptor c = *it;
        check(c.offset() == offset);
        check(c.bytes().size() == (c.ctdp() ? 20u : 8u));
        sink = sink + c.operation_code() + c.service_action() + c.servactv() + c.cdlp() + c.rwcdlp() + c.cdb_length() +
               length(to_string(c.mlu()));
        check_timeouts(c.command_timeouts(), c.ctdp(), sink);
        if (c.ctdp()) check(c.command_timeouts().error() != errc::too_short); // 20 bytes were there
        // find() agrees with the walk: a hit is this descriptor or an earlier one with the same key.
        const auto hit = c.servactv() ? r->find(c.operation_code(), c.service_action()) : r->find(c.operation_code());
        check(hit.has_value() && hit->offset() <= c.offset() && hit->operation_code() == c.operation_code());
        offset += c.bytes().size();
        ++count;
    }
    check(it.error() == errc::none || it.error() == errc::too_short || it.error() == errc::descriptor_overrun);
    check_walk(r->commands().status(), count, offset, list.size());
    const auto miss = r->find(0xFF, 0xFFFF); // may or may not be there: either way, no crash and a consistent answer
    if (!miss) check(miss.error() == (it.error() == errc::none ? errc::not_found : it.error()));
}

void check_one_command(mpio::byte_view input, volatile std::size_t& sink)
{
    const auto r = scsi::parse_rsoc_one_command(input);
    if (!r) {
        check(input.size() < 4 && r.error() == errc::too_short);
        return;
    }
    const std::size_t required = 4 + std::size_t{mpio::load_be16(input, 2)} + ((input[1] & 0x80) ? 12u : 0u);
    check(r->required_allocation_length() == required);
    check(r->bytes().size() == (input.size() < required ? input.size() : required));
    check(r->truncated() == (input.size() < required));
    check(r->cdb_usage_data().size() <= r->cdb_size());
    check(r->operation_code().has_value() == !r->cdb_usage_data().empty());
    sink = sink + sum(r->cdb_usage_data()) + r->rwcdlp() + r->cdlp() + length(to_string(r->support())) +
           length(to_string(r->mlu())) + scsi::is_reserved(r->support()) + scsi::is_supported(r->support());
    for (std::size_t b = 0; b <= r->cdb_usage_data().size(); ++b)
        for (unsigned bit = 0; bit < 9; ++bit) sink = sink + r->uses(b, bit);
    check_timeouts(r->command_timeouts(), r->ctdp(), sink);
    if (r->ctdp() && !r->truncated()) check(r->command_timeouts().error() != errc::too_short);
}

void check_cdb(mpio::byte_view input)
{
    if (input.size() < 8) return;
    const auto options = static_cast<scsi::rsoc_reporting_options>(input[0]);
    const bool rctd = (input[1] & 1) != 0;
    const std::uint16_t sa = mpio::load_be16(input, 3);
    const std::uint32_t allocation = mpio::load_be32(input, 4);
    mpio::byte cdb[scsi::cdb_length::max] = {};
    const auto built = scsi::build_report_supported_operation_codes(cdb, options, input[2], sa, allocation, rctd);
    if (scsi::is_reserved(options)) {
        check(built.error() == errc::invalid_argument);
        return;
    }
    check(built.has_value() && *built == 12);
    const mpio::byte_view v(cdb, 12);
    check(cdb[0] == 0xA3 && (cdb[1] & 0x1F) == 0x0C && (cdb[2] & 0x07) == input[0] && ((cdb[2] & 0x80) != 0) == rctd &&
          cdb[3] == input[2] && mpio::load_be16(v, 4) == sa && mpio::load_be32(v, 6) == allocation);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;
    check_all_commands(input, sink);
    check_one_command(input, sink);
    check_cdb(input);
    return 0;
}
