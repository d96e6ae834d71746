// SPDX-License-Identifier: MIT
// kind_report_supported_operation_codes.cpp - REPORT SUPPORTED OPERATION
// CODES parameter data (SPC-6): the all_commands format (every supported
// command, its CDB length and, with CTDP, its timeouts) or the one_command
// format (SUPPORT, the CDB usage map, the timeouts).
//
// Which format: the CDB's REPORTING OPTIONS chose it and the data does not
// say, so decode() picks the one whose length fits the data: all_commands
// when COMMAND DATA LENGTH + 4 is the data's size and its descriptors walk
// cleanly, else one_command when 4 + CDB SIZE (+ 12 with CTDP) is, else the
// format whose descriptors walk without a structural error (all_commands
// first). The choice and its reason are printed.
//
// Auto-detection: never. The all_commands header is a 4-byte length like
// REPORT LUNS' and the one_command header has no fixed value, so
// --as rsoc is needed; the recognizer checks enough to warn when the data
// fits neither format.
#include <string>
#include <vector>

#include <fmt/format.h>

#include <mpio/scsi/report_supported_operation_codes.hpp>

#include "kinds.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

enum class format { all_commands, one_command };

struct choice {
    format chosen = format::all_commands;
    std::string reason;
    bool exact = false; // a length field matches the data exactly
};

// The descriptors of an all_commands response walk to the end of what was
// returned, or stop only because the response is truncated.
bool walks_cleanly(const scsi::rsoc_all_commands& all)
{
    const mpio::list_status s = all.commands().status();
    return s.ok() || all.truncated();
}

choice choose(mpio::byte_view data)
{
    const auto all = scsi::parse_rsoc_all_commands(data);
    const auto one = scsi::parse_rsoc_one_command(data);
    if (all && all->required_allocation_length() == data.size() && walks_cleanly(*all))
        return {format::all_commands,
                fmt::format("COMMAND DATA LENGTH {} matches the data exactly", all->command_data_length()), true};
    if (one && one->required_allocation_length() == data.size())
        return {format::one_command,
                fmt::format("CDB SIZE {}{} matches the data exactly", one->cdb_size(),
                            one->ctdp() ? " and a command timeouts descriptor" : ""),
                true};
    if (all && all->truncated() && walks_cleanly(*all) && all->commands().status().count > 0)
        return {format::all_commands, fmt::format("truncated: COMMAND DATA LENGTH {}, {} bytes returned",
                                                  all->command_data_length(), data.size())};
    if (one && one->truncated())
        return {format::one_command,
                fmt::format("truncated: CDB SIZE {}, {} bytes returned", one->cdb_size(), data.size())};
    return {format::all_commands, "no length matches; decoded as all_commands"};
}

// Why the data does not look like the chosen format ("" when it does): the
// reserved bytes of every returned descriptor (1, 4, bit 7 of 5) are zero
// and its CDB LENGTH is 1..260 (SPC-6's longest variable-length CDB); for
// one_command, reserved bits 7..1 of byte 0 are zero, SUPPORT is defined and
// the first usage byte (the operation code) is there unless SUPPORT says
// the command is not supported or not known.
std::string implausible(mpio::byte_view data, format chosen)
{
    if (chosen == format::all_commands) {
        const scsi::rsoc_all_commands all = *scsi::parse_rsoc_all_commands(data);
        for (const scsi::command_descriptor c : all.commands()) {
            const mpio::byte_view b = c.bytes();
            if (b[1] != 0 || b[4] != 0 || (b[5] & 0x80) != 0)
                return fmt::format("reserved bits set in the command descriptor at offset {}", 4 + c.offset());
            if (c.cdb_length() == 0 || c.cdb_length() > 260)
                return fmt::format("CDB LENGTH {} at offset {}", c.cdb_length(), 4 + c.offset() + 6);
        }
        return {};
    }
    const scsi::rsoc_one_command one = *scsi::parse_rsoc_one_command(data);
    if ((data[0] & 0xFE) != 0) return "reserved bits 7..1 of byte 0 are set";
    if (scsi::is_reserved(one.support())) return fmt::format("SUPPORT {} is reserved", raw(one.support()));
    if (one.cdb_size() > 260) return fmt::format("CDB SIZE {}", one.cdb_size());
    if (scsi::is_supported(one.support()) && one.cdb_size() == 0) return "a supported command with CDB SIZE 0";
    return {};
}

detection detect(mpio::byte_view data)
{
    using v = detection::verdict;
    if (data.size() < 4) return {v::impossible, "fewer than 4 bytes, not even the header", data.size()};
    const choice c = choose(data);
    const char* name = c.chosen == format::all_commands ? "all_commands" : "one_command";
    detection d{v::unlikely, fmt::format("{} format: {}", name, c.reason), 0, detection::confidence::weak};
    d.auto_detectable = false;
    const auto all = scsi::parse_rsoc_all_commands(data);
    const auto one = scsi::parse_rsoc_one_command(data);
    // A truncated response is still plausible: the lengths say so.
    const bool lengths_fit = c.exact || (c.chosen == format::all_commands && all->truncated() && walks_cleanly(*all)) ||
                             (c.chosen == format::one_command && one->truncated());
    if (!lengths_fit) return d;
    const std::string why = implausible(data, c.chosen);
    if (!why.empty()) {
        d.reason = fmt::format("{} format: {}", name, why);
        return d;
    }
    d.level = v::plausible;
    if (c.exact) d.sureness = detection::confidence::medium;
    return d;
}

void timeouts_record(record& parent, const mpio::result<scsi::command_timeouts_descriptor>& t, std::size_t at)
{
    if (t.error() == mpio::errc::not_found) return;
    if (!t) {
        parent.error({mpio::errc_name(t.error()),
                      t.error() == mpio::errc::length_mismatch
                          ? "command timeouts descriptor: DESCRIPTOR LENGTH is not 0Ah"
                          : "command timeouts descriptor: cut short",
                      at});
        return;
    }
    record& r = parent.child("command_timeouts", "Command timeouts");
    r.number("descriptor_length", "Descriptor length", t->descriptor_length());
    r.hex_number("command_specific", "Command specific", t->command_specific(), 2);
    r.number("nominal_command_processing_timeout", "Nominal command processing timeout (s)",
             t->nominal_command_processing_timeout());
    r.number("recommended_command_timeout", "Recommended command timeout (s)", t->recommended_command_timeout());
}

void decode_all(const scsi::rsoc_all_commands& all, record& r)
{
    r.number("command_data_length", "Command data length", all.command_data_length());
    std::vector<record>& list = r.list("commands", "Commands");
    const scsi::command_descriptor_list commands = all.commands();
    auto it = commands.begin();
    for (; !it.done(); ++it) {
        const scsi::command_descriptor c = *it;
        const std::size_t at = scsi::rsoc_all_commands::header_size + c.offset();
        record item(c.servactv() ? fmt::format("0x{:02x}/0x{:04x}  CDB length {}", c.operation_code(),
                                               c.service_action(), c.cdb_length())
                                 : fmt::format("0x{:02x}         CDB length {}", c.operation_code(), c.cdb_length()));
        item.hex_number("operation_code", "", c.operation_code(), 2);
        item.flag("servactv", "", c.servactv());
        if (c.servactv()) item.hex_number("service_action", "", c.service_action(), 4);
        item.number("cdb_length", "", c.cdb_length());
        item.flag("ctdp", "", c.ctdp());
        item.code("mlu", "", raw(c.mlu()), 0, to_string(c.mlu()));
        item.number("cdlp", "", c.cdlp());
        item.flag("rwcdlp", "", c.rwcdlp());
        item.number("offset", "", at);
        timeouts_record(item, c.command_timeouts(), at + scsi::command_descriptor::size);
        list.push_back(std::move(item));
    }
    if (it.error() == mpio::errc::none) return;
    const std::size_t at = scsi::rsoc_all_commands::header_size + it.offset();
    if (all.truncated()) {
        r.note(fmt::format("the command descriptor at offset {} is cut short by the truncation", at));
        return;
    }
    const std::size_t left = commands.bytes().size() - it.offset();
    r.error({mpio::errc_name(it.error()),
             it.error() == mpio::errc::too_short
                 ? fmt::format("{} byte{} after the last descriptor, too few for a command descriptor (8)", left,
                               left == 1 ? "" : "s")
                 : fmt::format("command descriptor #{}: CTDP says 20 bytes, {} are left", list.size() + 1, left),
             at});
}

void decode_one(const scsi::rsoc_one_command& one, record& r)
{
    r.code("support", "Support", raw(one.support()), 0, to_string(one.support()));
    r.flag("ctdp", "CTDP", one.ctdp());
    r.code("mlu", "MLU", raw(one.mlu()), 0, to_string(one.mlu()));
    r.number("cdlp", "CDLP", one.cdlp());
    r.flag("rwcdlp", "RWCDLP", one.rwcdlp());
    r.number("cdb_size", "CDB size", one.cdb_size());
    if (const auto op = one.operation_code()) r.hex_number("operation_code", "Operation code", *op, 2);
    if (!one.cdb_usage_data().empty()) r.hex("cdb_usage_data", "CDB usage data", one.cdb_usage_data());
    if (scsi::is_reserved(one.support())) r.note("SUPPORT holds a reserved value");
    timeouts_record(r, one.command_timeouts(), scsi::rsoc_one_command::header_size + std::size_t{one.cdb_size()});
}

decode_outcome decode(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    if (data.size() < 4)
        return {false,
                {mpio::errc_name(mpio::errc::too_short), "fewer than 4 bytes: not even the header", data.size()}};
    const choice c = choose(data);
    record& r = body.child("report_supported_operation_codes", "");
    r.plain("format", "Format", c.chosen == format::all_commands ? "all_commands" : "one_command");
    r.plain("format_reason", "Format chosen by", c.reason);
    std::size_t required = 0;
    bool truncated = false;
    if (c.chosen == format::all_commands) {
        const scsi::rsoc_all_commands all = *scsi::parse_rsoc_all_commands(data);
        decode_all(all, r);
        required = all.required_allocation_length();
        truncated = all.truncated();
    } else {
        const scsi::rsoc_one_command one = *scsi::parse_rsoc_one_command(data);
        decode_one(one, r);
        required = one.required_allocation_length();
        truncated = one.truncated();
    }
    r.flag("truncated", truncated ? "Truncated" : "", truncated);
    r.number("required_allocation_length", truncated ? "Required allocation length" : "", required);
    if (truncated)
        r.note(fmt::format("truncated: {} of {} bytes returned; re-issue REPORT SUPPORTED OPERATION CODES with an "
                           "allocation length of at least {}",
                           data.size(), required, required));
    else if (data.size() > required)
        r.note(fmt::format("{} bytes after the parameter data are ignored", data.size() - required));
    return {};
}

} // namespace

extern const kind report_supported_operation_codes_kind{
    "rsoc", "report_supported_operation_codes", "REPORT SUPPORTED OPERATION CODES parameter data", detect, decode};

} // namespace mpio_inspect
