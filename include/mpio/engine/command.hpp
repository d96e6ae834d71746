// SPDX-License-Identifier: MIT
// mpio/engine/command.hpp - what the engine asks of the caller's transport,
// and what it tells the caller when a request is done.
//
// The engine (mpio/engine/device.hpp) never does I/O itself. A kernel DSM,
// a firmware and the libiscsi tool each give it a *transport*: an object of
// theirs with two member functions, called only from inside engine calls
// (submit, on_completion, poll and the control calls):
//
//   bool send(const command& c) noexcept;
//       Put command `c` on path `c.path` (the caller's handle; `c.slot` is
//       the engine's number for it). Return false when it cannot even be
//       queued (the session is gone): the engine treats that as a
//       connection loss on that path, at once. Never call back into the
//       engine from send(); report the completion later, with
//       device::on_completion(c.tag, ...), exactly once per accepted command.
//
//   void request_done(std::uint64_t cookie, const request_result& r) noexcept;
//       The caller's request `cookie` (given to device::submit) is finished:
//       r.ok says whether it succeeded. Called exactly once per accepted
//       submit, on whatever path the request finally ran.
//
// Commands are I/O (the caller's READ or WRITE, described by `io`; the caller
// knows the buffer from the cookie) or commands of the engine itself, whose
// CDB the engine builds: TEST UNIT READY, REPORT TARGET PORT GROUPS or a
// READ of block 0 (path checkers), SET TARGET PORT GROUPS (explicit ALUA).
#ifndef MPIO_ENGINE_COMMAND_HPP
#define MPIO_ENGINE_COMMAND_HPP

#include <mpio/core/config.hpp>

#include <concepts>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/policy/path_selector.hpp>
#include <mpio/recovery/action.hpp>
#include <mpio/recovery/io_outcome.hpp>
#include <mpio/topology/path.hpp>

namespace mpio::engine {

using policy::slot_index;
using topology::path_handle;

// No slot (a request that has not run anywhere yet).
inline constexpr slot_index no_slot = 0xFF;

enum class command_kind : std::uint8_t {
    io = 0,                    // the caller's request: data in or out as `io` says
    test_unit_ready,           // path checker "tur" (multipath-tools), MSDSM's DsmPathVerify without ALUA
    report_target_port_groups, // path checker for ALUA devices; also the ALUA state refresh
    read_block_zero,           // path checker "directio" / "readsector0": READ(10) of LBA 0, one block
    set_target_port_groups,    // explicit ALUA: make a target port group active/optimized
};

[[nodiscard]] constexpr const char* to_string(command_kind k) noexcept
{
    switch (k) {
    case command_kind::io: return "I/O";
    case command_kind::test_unit_ready: return "TEST UNIT READY";
    case command_kind::report_target_port_groups: return "REPORT TARGET PORT GROUPS";
    case command_kind::read_block_zero: return "READ(10) of block 0";
    case command_kind::set_target_port_groups: return "SET TARGET PORT GROUPS";
    }
    return "unknown";
}

// One command for the transport. Everything it needs is in the value; the
// data-out view (STPG parameter list) stays valid until its completion.
struct command {
    command_kind kind = command_kind::io;
    slot_index slot = no_slot; // the engine's path number
    path_handle path = 0;      // the caller's handle of that path
    std::uint32_t tag = 0;     // hand it back to device::on_completion()
    std::uint64_t cookie = 0;  // io: the caller's request (device::submit)
    policy::io_request io{};   // io: direction, LBA, blocks, bytes
    byte cdb[16]{};            // engine commands: the CDB to send
    std::uint8_t cdb_length = 0;
    std::uint32_t data_in_length = 0; // engine commands: bytes to read back (RTPG, block 0)
    byte_view data_out{};             // STPG: the parameter list
};

// How a request ended, told once through transport::request_done().
struct request_result {
    bool ok = false;
    recovery::reason reason = recovery::reason::success; // the row (or budget / no-path verdict) that decided
    recovery::io_outcome last{}; // the last completion's transport outcome and status (sense view not kept)
    slot_index slot = no_slot;   // the path it last ran on (no_slot: never sent)
    std::uint16_t attempts = 0;  // commands sent for it
    std::uint16_t failovers = 0; // times it moved to another path after a failure there
};

template <class T>
concept transport = requires(T& t, const command& c, std::uint64_t cookie, const request_result& r)
{
    {
        t.send(c)
    }
    noexcept->std::same_as<bool>;
    {
        t.request_done(cookie, r)
    }
    noexcept->std::same_as<void>;
};

} // namespace mpio::engine

#endif // MPIO_ENGINE_COMMAND_HPP
