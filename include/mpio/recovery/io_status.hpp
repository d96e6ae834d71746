// SPDX-License-Identifier: MIT
// mpio/recovery/io_status.hpp - what a recovery decision tells the path
// selector about the I/O it placed.
//
// A selector's complete(slot, io, service_time, status) wants a
// policy::io_status; the recovery layer produces a decision. The mapping is
// one function, so no caller writes it by hand:
//   - the device did the work (complete, including RECOVERED ERROR and
//     CONDITION MET)                                        -> success
//   - the path is broken or cannot reach the logical unit
//     (path_effect path_failed / lun_unreachable)           -> path_error
//   - anything else (the path carried the command, the device answered
//     with an error: a retry, a standby answer, a medium error) -> io_error
// dm-ps-service-time and dm-ps-historical-service-time sample service times
// only for success; least-queue-depth style selectors need only the count.
#ifndef MPIO_RECOVERY_IO_STATUS_HPP
#define MPIO_RECOVERY_IO_STATUS_HPP

#include <mpio/core/config.hpp>
#include <mpio/policy/path_selector.hpp>
#include <mpio/recovery/action.hpp>

namespace mpio::recovery {

[[nodiscard]] constexpr policy::io_status to_io_status(const decision& d) noexcept
{
    if (d.action == action::complete) return policy::io_status::success;
    if (d.effect == path_effect::path_failed || d.effect == path_effect::lun_unreachable)
        return policy::io_status::path_error;
    return policy::io_status::io_error;
}

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_IO_STATUS_HPP
