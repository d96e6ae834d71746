// SPDX-License-Identifier: MIT
// mpio/recovery/default_tables.hpp - the default interpretation tables.
//
// default_error_table follows Microsoft's DSM (the MSDSM sample's
// DsmInterpretError(), Windows-driver-samples storage/msdsm/src/intrface.c),
// completed where MSDSM hands the error to the class driver with what the
// Linux SCSI midlayer (drivers/scsi/scsi_error.c, scsi_decide_disposition()
// and scsi_check_sense()), Linux's ALUA device handler
// (drivers/scsi/device_handler/scsi_dh_alua.c, alua_check_sense()) and
// dm-multipath (drivers/md/dm-mpath.c with blk_path_error()) do. Every row
// names its source; docs/recovery.md lists them all. It reads sense data as
// MSDSM does (sense_reading::msdsm: deferred as current, unknown response
// codes as fixed format, missing ASC/ASCQ as 00h). A row that cites MSDSM
// decides as DsmInterpretError() does: a retry after RetryInterval (MSDSM
// leaves *RetryInterval = MAXLONG, MPIO's RetryInterval, for every retry but
// 2A/04), counted unless MSDSM sets DSM_RETRY_DONT_DECREMENT, a fail-over
// (DSM_FATAL_ERROR) requeued at once and not counted; where mpio differs the
// source says so with "(mpio: ...)" and docs/recovery.md gives the reason.
//
// linux_alua_rows are the rows where scsi_dh_alua.c decides differently from
// MSDSM (it retries 2A/01, 3F/03, 3F/0E that MSDSM fails up); chain them in
// front of the default (linux_error_table) to behave like a Linux host. The
// Linux chain reads sense data by SPC: deferred sense data (71h/73h) is
// retried (scsi_check_sense()), and what is not sense data by SPC is not.
//
// Abbreviations in the sources:
//   MSDSM      DsmInterpretError(), Windows-driver-samples storage/msdsm/src/intrface.c
//   MSDSM-7600 the same function in the WDK 7600 sample (src/storage/msdsm/intrface.c)
//   ALUA       alua_check_sense(), Linux drivers/scsi/device_handler/scsi_dh_alua.c
//   SCSI-EH    scsi_decide_disposition() / scsi_check_sense(), Linux drivers/scsi/scsi_error.c
//   DM-MPATH   Linux drivers/md/dm-mpath.c multipath_end_io() + blk_path_error()
//   TUR        tur_check(), multipath-tools libmultipath/checkers/tur.c
#ifndef MPIO_RECOVERY_DEFAULT_TABLES_HPP
#define MPIO_RECOVERY_DEFAULT_TABLES_HPP

#include <mpio/core/config.hpp>

#include <mpio/recovery/action.hpp>
#include <mpio/recovery/error_table.hpp>
#include <mpio/recovery/io_outcome.hpp>
#include <mpio/scsi/sense_key.hpp>

namespace mpio::recovery {

namespace detail::decide {
using sk = scsi::sense_key;
constexpr decision complete(reason r) noexcept
{
    return {action::complete, r, false, retry_delay::immediate, path_effect::path_ok};
}
constexpr decision fail_up(reason r, path_effect e = path_effect::none) noexcept
{
    return {action::fail_up, r, false, retry_delay::immediate, e};
}
// A retry that counts against RetryCount, after RetryInterval.
constexpr decision retry_same(reason r, path_effect e = path_effect::none) noexcept
{
    return {action::retry_same_path, r, true, retry_delay::retry_interval, e};
}
// A retry that does not count (MSDSM DSM_RETRY_DONT_DECREMENT; Linux ADD_TO_MLQUEUE).
constexpr decision retry_same_free(reason r, path_effect e = path_effect::none) noexcept
{
    return {action::retry_same_path, r, false, retry_delay::immediate, e};
}
constexpr decision fail_path(reason r, path_effect e = path_effect::path_failed) noexcept
{
    // A path failure does not consume RetryCount: MPIO queues the request and
    // reissues it on the next path (DSM_FATAL_ERROR). It is bounded by the
    // number of paths and the retry budget's uncounted-retry cap.
    return {action::fail_path_and_retry, r, false, retry_delay::immediate, e};
}
constexpr decision other_free(reason r, path_effect e) noexcept
{
    return {action::retry_other_path, r, false, retry_delay::immediate, e};
}
constexpr decision refresh(reason r, bool budget, path_effect e) noexcept
{
    return {action::refresh_alua_then_retry, r, budget, retry_delay::immediate, e};
}
constexpr decision hold(reason r, path_effect e) noexcept
{
    return {action::hold_and_retry, r, false, retry_delay::retry_interval, e};
}
} // namespace detail::decide

struct default_error_rows {
    static constexpr table_row rows[] = {
        // ---- delivered with a status and no sense data
        row::on_status(scsi_status::good, detail::decide::complete(reason::success), "SAM-6 GOOD"),
        row::on_status(scsi_status::condition_met, detail::decide::complete(reason::condition_met),
                       "SAM-6 CONDITION MET; SCSI-EH: SUCCESS"),

        // ---- transport outcomes
        row::on_transport(
            transport_outcome::connection_lost, detail::decide::fail_path(reason::transport_connection_lost),
            "MSDSM: STATUS_DEVICE_NOT_CONNECTED -> fail over; DM-MPATH: BLK_STS_TRANSPORT is a path error"),
        row::on_transport(transport_outcome::selection_timeout,
                          detail::decide::fail_path(reason::transport_selection_timeout),
                          "MSDSM: SRB_STATUS_SELECTION_TIMEOUT -> fatal, fail over"),
        row::on_transport(transport_outcome::no_such_device,
                          detail::decide::fail_path(reason::transport_no_such_device),
                          "MSDSM: STATUS_NO_SUCH_DEVICE / SRB_STATUS_NO_DEVICE / INVALID_LUN -> fail over"),
        row::on_transport(transport_outcome::timeout, detail::decide::fail_path(reason::transport_timeout),
                          "DM-MPATH: a timed-out request is a path error (fail_path, requeue)"),
        row::on_transport(transport_outcome::bus_reset, detail::decide::retry_same(reason::transport_bus_reset),
                          "MSDSM-7600: SRB_STATUS_BUS_RESET -> retry (link transition); SCSI-EH: DID_RESET -> retry "
                          "(MSDSM fails it back: docs/recovery.md)"),
        row::on_transport(
            transport_outcome::aborted, detail::decide::retry_same(reason::transport_aborted),
            "SCSI-EH: DID_ABORT without a scheduled abort -> retry; Windows classpnp: SRB_STATUS_ABORTED -> retry"),
        row::on_transport(transport_outcome::data_overrun, detail::decide::retry_same(reason::data_overrun),
                          "MSDSM: STATUS_BUFFER_OVERFLOW (SRB_STATUS_DATA_OVERRUN) on READ/WRITE(10/16) -> retry, "
                          "counted, after RetryInterval (a torn write); other CDBs failed back (mpio: every CDB)"),
        row::on_transport(transport_outcome::data_underrun, detail::decide::retry_same(reason::data_underrun),
                          "MSDSM: STATUS_BUFFER_OVERFLOW (SRB_STATUS_DATA_OVERRUN, an underrun too) on "
                          "READ/WRITE(10/16) -> retry, counted, after RetryInterval; other CDBs failed back (mpio: "
                          "every CDB)"),

        // ---- status codes without sense data
        row::on_status(scsi_status::busy, detail::decide::retry_same(reason::busy),
                       "SCSI-EH: SAM_STAT_BUSY -> ADD_TO_MLQUEUE (delayed retry)"),
        row::on_status(scsi_status::task_set_full, detail::decide::retry_same(reason::task_set_full),
                       "SCSI-EH: SAM_STAT_TASK_SET_FULL -> ADD_TO_MLQUEUE (delayed retry)"),
        row::on_status(
            scsi_status::reservation_conflict,
            detail::decide::fail_up(reason::reservation_conflict, path_effect::path_ok),
            "SCSI-EH: RESERVATION CONFLICT -> SUCCESS (\"causes immediate i/o error\"), no retry; "
            "DM-MPATH: BLK_STS_RESV_CONFLICT / NEXUS is not a path error; TUR: reservation conflict -> path up"),
        row::on_status(scsi_status::task_aborted, detail::decide::retry_same(reason::task_aborted),
                       "SCSI-EH: SAM_STAT_TASK_ABORTED -> maybe_retry"),
        row::on_status(scsi_status::aca_active, detail::decide::fail_up(reason::aca_active),
                       "SCSI-EH: ACA ACTIVE is not retried by the midlayer (default -> FAILED, error handler)"),
        row::on_status(scsi_status::check_condition, detail::decide::retry_same(reason::check_condition_without_sense),
                       "CHECK CONDITION without usable autosense: retried within RetryCount, then failed "
                       "(Windows classpnp retries an error without sense)"),

        // ---- deferred sense data: about an earlier command
        row::on_deferred(detail::decide::retry_same(reason::deferred_error),
                         "SCSI-EH: scsi_check_sense(): deferred sense -> NEEDS_RETRY"),

        // ---- MSDSM's early exits: conditions the class driver must see
        row::on_sense(detail::decide::sk::not_ready, 0x04, 0x14,
                      detail::decide::fail_up(reason::space_allocation_in_progress),
                      "MSDSM: 02/04/14 thin provisioning temporary exhaustion -> fail back to class layer"),
        row::on_sense(detail::decide::sk::data_protect, 0x27, 0x07, detail::decide::fail_up(reason::data_protect),
                      "MSDSM: 07/27/07 space allocation failed write protect -> fail back"),
        row::on_sense(detail::decide::sk::unit_attention, 0x38, 0x07,
                      detail::decide::fail_up(reason::thin_provisioning_threshold),
                      "MSDSM: 06/38/07 soft threshold reached -> fail back"),
        row::on_sense(detail::decide::sk::unit_attention, 0x3F, 0x03,
                      detail::decide::fail_up(reason::inquiry_data_changed),
                      "MSDSM: 06/3F/03 inquiry data changed -> fail back"),
        row::on_sense(detail::decide::sk::unit_attention, 0x2A, 0x09,
                      detail::decide::fail_up(reason::parameters_changed),
                      "MSDSM: 06/2A/09 capacity data has changed -> fail back"),

        // ---- UNIT ATTENTION 2Ah: parameters changed
        row::on_sense(detail::decide::sk::unit_attention, 0x2A, 0x06,
                      detail::decide::refresh(reason::alua_state_changed, false, path_effect::alua_changed),
                      "MSDSM: 06/2A/06 -> RTPG, retry on the same path, DSM_RETRY_DONT_DECREMENT, after "
                      "RetryInterval (mpio: at once, after the RTPG); ALUA: alua_check(sdev, true), ADD_TO_MLQUEUE"),
        row::on_sense(
            detail::decide::sk::unit_attention, 0x2A, 0x07,
            detail::decide::refresh(reason::alua_implicit_transition_failed, false, path_effect::alua_changed),
            "MSDSM: 06/2A/07 -> RTPG, retry, DSM_RETRY_DONT_DECREMENT, after RetryInterval (mpio: at once, "
            "after the RTPG); ALUA: alua_check(sdev, true)"),
        row::on_sense(detail::decide::sk::unit_attention, 0x2A, 0x04,
                      decision{action::retry_same_path, reason::reservations_released, true, retry_delay::immediate,
                               path_effect::none},
                      "MSDSM: 06/2A/04 -> retry at once (RetryInterval = 0) down the same path"),
        row::on_sense(detail::decide::sk::unit_attention, 0x2A, 0x01,
                      detail::decide::fail_up(reason::parameters_changed),
                      "MSDSM: 06/2A/01 mode parameters changed -> fail back"),
        row::on_sense(detail::decide::sk::unit_attention, 0x2A, 0x03,
                      detail::decide::fail_up(reason::parameters_changed),
                      "MSDSM: 06/2A/03 reservations preempted -> fail back"),
        row::on_sense(detail::decide::sk::unit_attention, 0x2A, 0x05,
                      detail::decide::fail_up(reason::parameters_changed),
                      "MSDSM: 06/2A/05 registrations preempted -> fail back"),
        row::on_asc(detail::decide::sk::unit_attention, 0x2A,
                    detail::decide::retry_same(reason::parameters_changed_other), "MSDSM: other 06/2A/xx -> retry"),

        // ---- UNIT ATTENTION: others
        row::on_sense(detail::decide::sk::unit_attention, 0x2F, 0x00,
                      detail::decide::fail_up(reason::commands_cleared_by_another_initiator),
                      "MSDSM: 06/2F/00 commands cleared by another initiator -> fail back"),
        row::on_sense(detail::decide::sk::unit_attention, 0x3F, 0x0A, detail::decide::fail_up(reason::luns_changed),
                      "MSDSM: 06/3F/0A volume set modified -> fail back"),
        row::on_sense(detail::decide::sk::unit_attention, 0x3F, 0x0E, detail::decide::fail_up(reason::luns_changed),
                      "MSDSM: 06/3F/0E reported LUNs data has changed -> fail back"),
        row::on_sense(detail::decide::sk::unit_attention, 0x29, 0x00,
                      detail::decide::retry_same_free(reason::power_on_or_reset, path_effect::alua_changed),
                      "ALUA: 06/29/00 -> alua_check (a reset may hide a transition), ADD_TO_MLQUEUE"),
        row::on_asc(detail::decide::sk::unit_attention, 0x29,
                    detail::decide::retry_same_free(reason::power_on_or_reset),
                    "SCSI-EH: 06/29/xx power on / reset -> retry; ALUA: 29/04 device internal reset -> ADD_TO_MLQUEUE"),
        row::on_key(detail::decide::sk::unit_attention, detail::decide::retry_same(reason::unit_attention),
                    "MSDSM: any other UNIT ATTENTION -> retry; SCSI-EH: UNIT ATTENTION -> NEEDS_RETRY"),

        // ---- NOT READY 04h: ALUA access states
        row::when_alone(
            row::on_sense(detail::decide::sk::not_ready, 0x04, 0x0A,
                          detail::decide::other_free(reason::alua_transitioning, path_effect::alua_transitioning),
                          "MSDSM: 02/04/0A -> RTPG, retry on another TPG, DSM_RETRY_DONT_DECREMENT, after "
                          "RetryInterval (mpio: at once to a path of an active group); ALUA: pg transitioning, "
                          "NEEDS_RETRY; TUR: PATH_PENDING"),
            detail::decide::hold(reason::alua_transitioning, path_effect::alua_transitioning)),
        row::when_alone(row::on_sense(detail::decide::sk::not_ready, 0x04, 0x0B,
                                      detail::decide::other_free(reason::alua_standby, path_effect::alua_standby),
                                      "MSDSM: 02/04/0B -> RTPG, retry on another TPG after RetryInterval, "
                                      "DSM_RETRY_DONT_DECREMENT only for READ/WRITE(10/16) while some path, itself "
                                      "included, is A/O (mpio: at once; counted only when no other path is usable, "
                                      "whatever the CDB); TUR: PATH_GHOST"),
                        detail::decide::refresh(reason::alua_standby, true, path_effect::alua_standby)),
        row::when_alone(
            row::on_sense(detail::decide::sk::not_ready, 0x04, 0x0C,
                          detail::decide::other_free(reason::alua_unavailable, path_effect::alua_unavailable),
                          "MSDSM: 02/04/0C -> RTPG, retry on another TPG, DSM_RETRY_DONT_DECREMENT, after "
                          "RetryInterval (mpio: at once)"),
            detail::decide::refresh(reason::alua_unavailable, false, path_effect::alua_unavailable)),
        row::on_sense(detail::decide::sk::not_ready, 0x04, 0x01, detail::decide::retry_same(reason::becoming_ready),
                      "SCSI-EH: 02/04/01 becoming ready -> NEEDS_RETRY; scsi_dh_rdac: 04/01 -> ADD_TO_MLQUEUE"),
        row::on_sense(detail::decide::sk::not_ready, 0x04, 0x03,
                      decision{action::retry_other_path, reason::manual_intervention_required, true,
                               retry_delay::retry_interval, path_effect::none},
                      "MSDSM: 02/04/03 (controller firmware NDU) -> retry, other paths may be ready"),
        row::on_key(detail::decide::sk::not_ready, detail::decide::fail_up(reason::not_ready),
                    "MSDSM: other NOT READY -> not handled, failed back to the class driver"),

        // ---- other sense keys
        row::on_sense(detail::decide::sk::no_sense, 0x00, 0x00, detail::decide::fail_path(reason::no_sense_information),
                      "MSDSM: CHECK CONDITION with 00/00/00 -> possibly a hardware fault, fail over"),
        row::on_key(detail::decide::sk::no_sense, detail::decide::fail_up(reason::no_sense),
                    "SCSI-EH: NO SENSE with an ASC -> SUCCESS (the caller sees the status)"),
        row::on_key(detail::decide::sk::recovered_error, detail::decide::complete(reason::recovered_error),
                    "SCSI-EH: RECOVERED ERROR -> SUCCESS"),
        row::on_sense(detail::decide::sk::illegal_request, 0x25, 0x00,
                      detail::decide::fail_path(reason::lun_not_supported, path_effect::lun_unreachable),
                      "MSDSM: 05/25/00 invalid LUN -> fail over (the LU may exist on other paths); "
                      "TUR: PATH_DISCONNECTED"),
        row::on_key(detail::decide::sk::illegal_request, detail::decide::fail_up(reason::illegal_request),
                    "SCSI-EH: ILLEGAL REQUEST -> SUCCESS, no retry; DM-MPATH: BLK_STS_TARGET is not a path error"),
        row::on_sense(detail::decide::sk::hardware_error, 0x67, 0x0A, detail::decide::fail_path(reason::stpg_failed),
                      "MSDSM: 04/67/0A SET TARGET PORT GROUPS failed -> fatal, STPG via another path"),
        row::on_sense(detail::decide::sk::hardware_error, 0x3E, 0x02,
                      decision{action::retry_other_path, reason::logical_unit_timeout, true,
                               retry_delay::retry_interval, path_effect::none},
                      "MSDSM: 04/3E/02 timeout on logical unit -> retry, counted, after RetryInterval, on the path "
                      "the LB policy picks (a dropped FC frame)"),
        row::on_sense(detail::decide::sk::hardware_error, 0x4B, 0x06,
                      decision{action::retry_other_path, reason::initiator_response_timeout, true,
                               retry_delay::retry_interval, path_effect::none},
                      "MSDSM: 04/4B/06 initiator response timeout -> retry, counted, after RetryInterval, on the "
                      "path the LB policy picks (a dropped FC frame)"),
        row::on_key(detail::decide::sk::hardware_error, detail::decide::fail_up(reason::hardware_error),
                    "SCSI-EH: HARDWARE ERROR -> SUCCESS unless the device asks for retries"),
        row::on_key(detail::decide::sk::medium_error, detail::decide::fail_up(reason::medium_error),
                    "SCSI-EH: MEDIUM ERROR -> SUCCESS; DM-MPATH: BLK_STS_MEDIUM is not a path error"),
        row::on_key(detail::decide::sk::data_protect, detail::decide::fail_up(reason::data_protect),
                    "SCSI-EH: DATA PROTECT -> SUCCESS, no retry"),
        row::on_key(detail::decide::sk::aborted_command, detail::decide::retry_same(reason::aborted_command),
                    "SCSI-EH: ABORTED COMMAND -> NEEDS_RETRY"),
    };
};
using default_error_table = table_rows<default_error_rows::rows, sense_reading::msdsm>;

// Where Linux's ALUA handler retries what MSDSM fails up.
struct linux_alua_rows {
    static constexpr table_row rows[] = {
        row::on_sense(detail::decide::sk::unit_attention, 0x2A, 0x01,
                      detail::decide::retry_same_free(reason::parameters_changed_other),
                      "ALUA: 06/2A/01 mode parameters changed -> ADD_TO_MLQUEUE"),
        row::on_sense(detail::decide::sk::unit_attention, 0x3F, 0x03,
                      detail::decide::retry_same_free(reason::inquiry_data_changed),
                      "ALUA: 06/3F/03 inquiry data has changed -> ADD_TO_MLQUEUE"),
        row::on_sense(detail::decide::sk::unit_attention, 0x3F, 0x0E,
                      detail::decide::retry_same_free(reason::luns_changed),
                      "ALUA: 06/3F/0E reported LUNs data changed (controller switch) -> ADD_TO_MLQUEUE"),
    };
};
using linux_error_table =
    chained_table<table_rows<linux_alua_rows::rows>, table_rows<default_error_rows::rows, sense_reading::spc>>;

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_DEFAULT_TABLES_HPP
