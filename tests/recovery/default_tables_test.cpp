// SPDX-License-Identifier: MIT
#include <mpio/recovery/default_tables.hpp>
#include <mpio/recovery/action.hpp>
#include <mpio/recovery/error_table.hpp>
#include <mpio/recovery/io_outcome.hpp>
#include <mpio/recovery/io_status.hpp>
#include <mpio/recovery/path_lifecycle.hpp>
#include <mpio/recovery/retry_budget.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_default_tables_test {

namespace rc = mpio::recovery;
using rc::action;
using rc::error_condition;
using rc::path_effect;
using rc::reason;
using rc::retry_delay;
using rc::scsi_status;
using rc::transport_outcome;
using sk = mpio::scsi::sense_key;

namespace {

constexpr error_condition cc(sk k, std::uint8_t asc, std::uint8_t ascq) noexcept
{
    return error_condition::check_condition(k, asc, ascq);
}
constexpr rc::decision usual(const error_condition& c) noexcept
{
    return rc::interpret<rc::default_error_table>(c, {true});
}
constexpr rc::decision alone(const error_condition& c) noexcept
{
    return rc::interpret<rc::default_error_table>(c, {false});
}

// A condition that the row should match and no row before it should.
constexpr error_condition example_of(const rc::table_row& r) noexcept
{
    switch (r.on) {
    case rc::match_on::transport: return error_condition::transport_error(r.transport);
    case rc::match_on::status: return error_condition::with_status(r.status);
    case rc::match_on::deferred_sense: return error_condition::check_condition(sk::medium_error, 0x11, 0x00, true);
    case rc::match_on::sense_key: return cc(r.key, 0x7E, 0x7E);
    case rc::match_on::sense_key_asc: return cc(r.key, r.asc, 0x7E);
    case rc::match_on::sense_key_asc_ascq: return cc(r.key, r.asc, r.ascq);
    }
    return {};
}

} // namespace

TEST_CASE("default table: no row is shadowed by an earlier one, every row names its source", "[recovery]")
{
    constexpr auto& rows = rc::default_error_rows::rows;
    constexpr std::size_t n = sizeof(rows) / sizeof(rows[0]);
    STATIC_REQUIRE(n >= 45);
    for (std::size_t i = 0; i < n; ++i) {
        INFO("row " << i << ": " << rows[i].source);
        CHECK(rc::default_error_table::find(example_of(rows[i])) == &rows[i]);
        CHECK(rows[i].source[0] != '\0');
        // A row that retries elsewhere or holds must not count against RetryCount
        // unless it says so explicitly; a complete/fail_up row never delays.
        if (!rc::is_retry(rows[i].usual.action)) CHECK(rows[i].usual.delay == retry_delay::immediate);
    }
    // The same check at compile time for a few rows.
    STATIC_REQUIRE(rc::default_error_table::find(example_of(rows[0])) == &rows[0]);
    STATIC_REQUIRE(rc::default_error_table::find(example_of(rows[n - 1])) == &rows[n - 1]);
}

TEST_CASE("default table: success and status rows", "[recovery]")
{
    STATIC_REQUIRE(usual(error_condition::good()).action == action::complete);
    STATIC_REQUIRE(usual(error_condition::good()).effect == path_effect::path_ok);
    STATIC_REQUIRE(usual(error_condition::with_status(scsi_status::condition_met)).reason == reason::condition_met);
    // BUSY / TASK SET FULL: delayed, counted retry on the same path (SCSI-EH ADD_TO_MLQUEUE)
    for (const auto s : {scsi_status::busy, scsi_status::task_set_full}) {
        const rc::decision d = usual(error_condition::with_status(s));
        CHECK(d.action == action::retry_same_path);
        CHECK(d.delay == retry_delay::retry_interval);
        CHECK(d.consumes_budget);
    }
    STATIC_REQUIRE(usual(error_condition::with_status(scsi_status::busy)).reason == reason::busy);
    STATIC_REQUIRE(usual(error_condition::with_status(scsi_status::task_set_full)).reason == reason::task_set_full);
    // RESERVATION CONFLICT: failed up, but the path is fine (tur.c: path up)
    constexpr rc::decision rcf = usual(error_condition::with_status(scsi_status::reservation_conflict));
    STATIC_REQUIRE(rcf.action == action::fail_up);
    STATIC_REQUIRE(rcf.reason == reason::reservation_conflict);
    STATIC_REQUIRE(rcf.effect == path_effect::path_ok);
    STATIC_REQUIRE(usual(error_condition::with_status(scsi_status::task_aborted)).action == action::retry_same_path);
    STATIC_REQUIRE(usual(error_condition::with_status(scsi_status::aca_active)).action == action::fail_up);
    // CHECK CONDITION without sense: retry (counted) then fail
    constexpr rc::decision nos = usual(error_condition::with_status(scsi_status::check_condition));
    STATIC_REQUIRE(nos.action == action::retry_same_path);
    STATIC_REQUIRE(nos.consumes_budget);
    STATIC_REQUIRE(nos.reason == reason::check_condition_without_sense);
}

TEST_CASE("default table: transport outcomes", "[recovery]")
{
    struct expect {
        transport_outcome t;
        action a;
        reason r;
    };
    const expect table[] = {
        {transport_outcome::connection_lost, action::fail_path_and_retry, reason::transport_connection_lost},
        {transport_outcome::selection_timeout, action::fail_path_and_retry, reason::transport_selection_timeout},
        {transport_outcome::no_such_device, action::fail_path_and_retry, reason::transport_no_such_device},
        {transport_outcome::timeout, action::fail_path_and_retry, reason::transport_timeout},
        {transport_outcome::bus_reset, action::retry_same_path, reason::transport_bus_reset},
        {transport_outcome::aborted, action::retry_same_path, reason::transport_aborted},
        {transport_outcome::data_overrun, action::retry_same_path, reason::data_overrun},
        {transport_outcome::data_underrun, action::retry_same_path, reason::data_underrun},
    };
    for (const expect& e : table) {
        INFO(rc::to_string(e.t));
        const rc::decision d = usual(error_condition::transport_error(e.t));
        CHECK(d.action == e.a);
        CHECK(d.reason == e.r);
        if (e.a == action::fail_path_and_retry) {
            CHECK(d.effect == path_effect::path_failed);
            CHECK_FALSE(d.consumes_budget); // MPIO requeues on the next path
        } else {
            CHECK(d.consumes_budget);
        }
    }
    // Sense bytes are ignored when the transport failed.
    STATIC_REQUIRE(usual([] {
                       error_condition c = cc(sk::unit_attention, 0x29, 0x00);
                       c.transport = transport_outcome::connection_lost;
                       return c;
                   }())
                       .action == action::fail_path_and_retry);
}

TEST_CASE("default table: MSDSM UNIT ATTENTION rows", "[recovery]")
{
    // 2A/06, 2A/07: refresh ALUA then retry, budget untouched
    constexpr rc::decision a6 = usual(cc(sk::unit_attention, 0x2A, 0x06));
    STATIC_REQUIRE(a6.action == action::refresh_alua_then_retry);
    STATIC_REQUIRE(!a6.consumes_budget);
    STATIC_REQUIRE(a6.reason == reason::alua_state_changed);
    STATIC_REQUIRE(a6.effect == path_effect::alua_changed);
    constexpr rc::decision a7 = usual(cc(sk::unit_attention, 0x2A, 0x07));
    STATIC_REQUIRE(a7.action == action::refresh_alua_then_retry);
    STATIC_REQUIRE(!a7.consumes_budget);
    STATIC_REQUIRE(a7.reason == reason::alua_implicit_transition_failed);
    // 2A/04: immediate retry down the same path
    constexpr rc::decision a4 = usual(cc(sk::unit_attention, 0x2A, 0x04));
    STATIC_REQUIRE(a4.action == action::retry_same_path);
    STATIC_REQUIRE(a4.delay == retry_delay::immediate);
    STATIC_REQUIRE(a4.reason == reason::reservations_released);
    // 2A/01, 2A/03, 2A/05, 2A/09, 3F/0E (and 3F/0A, 3F/03, 2F/00, 38/07): passed up
    for (const int ascq : {0x01, 0x03, 0x05, 0x09}) {
        INFO("2A/" << int(ascq));
        const rc::decision d = usual(cc(sk::unit_attention, 0x2A, static_cast<std::uint8_t>(ascq)));
        CHECK(d.action == action::fail_up);
        CHECK(d.reason == reason::parameters_changed);
    }
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x3F, 0x0E)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x3F, 0x0E)).reason == reason::luns_changed);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x3F, 0x0A)).reason == reason::luns_changed);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x3F, 0x03)).reason == reason::inquiry_data_changed);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x3F, 0x03)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2F, 0x00)).reason == reason::commands_cleared_by_another_initiator);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2F, 0x00)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x38, 0x07)).reason == reason::thin_provisioning_threshold);
    // other 2A/xx: counted retry
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2A, 0x02)).action == action::retry_same_path);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2A, 0x02)).reason == reason::parameters_changed_other);
    // 2F/01 and 3F/0F fall to the generic UNIT ATTENTION row
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2F, 0x01)).reason == reason::unit_attention);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x3F, 0x0F)).reason == reason::unit_attention);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x3F, 0x0F)).consumes_budget);
}

TEST_CASE("default table: power on / reset UNIT ATTENTION", "[recovery]")
{
    constexpr rc::decision r0 = usual(cc(sk::unit_attention, 0x29, 0x00));
    STATIC_REQUIRE(r0.action == action::retry_same_path);
    STATIC_REQUIRE(!r0.consumes_budget);
    STATIC_REQUIRE(r0.effect == path_effect::alua_changed); // alua_check after a reset
    for (const int ascq : {0x01, 0x02, 0x03, 0x04, 0x07}) {
        const rc::decision d = usual(cc(sk::unit_attention, 0x29, static_cast<std::uint8_t>(ascq)));
        CHECK(d.action == action::retry_same_path);
        CHECK(d.reason == reason::power_on_or_reset);
        CHECK(d.effect == path_effect::none);
    }
}

TEST_CASE("default table: ALUA NOT READY rows with and without another path", "[recovery]")
{
    // 04/0A: elsewhere for free; alone: hold (delay, not counted)
    constexpr rc::decision t = usual(cc(sk::not_ready, 0x04, 0x0A));
    STATIC_REQUIRE(t.action == action::retry_other_path);
    STATIC_REQUIRE(!t.consumes_budget);
    STATIC_REQUIRE(t.effect == path_effect::alua_transitioning);
    constexpr rc::decision ta = alone(cc(sk::not_ready, 0x04, 0x0A));
    STATIC_REQUIRE(ta.action == action::hold_and_retry);
    STATIC_REQUIRE(!ta.consumes_budget);
    STATIC_REQUIRE(ta.delay == retry_delay::retry_interval);
    // 04/0B: elsewhere for free; alone: refresh and COUNT (MSDSM's loop fix)
    constexpr rc::decision s = usual(cc(sk::not_ready, 0x04, 0x0B));
    STATIC_REQUIRE(s.action == action::retry_other_path);
    STATIC_REQUIRE(!s.consumes_budget);
    STATIC_REQUIRE(s.effect == path_effect::alua_standby);
    constexpr rc::decision sa = alone(cc(sk::not_ready, 0x04, 0x0B));
    STATIC_REQUIRE(sa.action == action::refresh_alua_then_retry);
    STATIC_REQUIRE(sa.consumes_budget);
    // 04/0C: elsewhere for free; alone: refresh, still free (bounded by the uncounted cap)
    constexpr rc::decision u = usual(cc(sk::not_ready, 0x04, 0x0C));
    STATIC_REQUIRE(u.action == action::retry_other_path);
    STATIC_REQUIRE(u.effect == path_effect::alua_unavailable);
    constexpr rc::decision ua = alone(cc(sk::not_ready, 0x04, 0x0C));
    STATIC_REQUIRE(ua.action == action::refresh_alua_then_retry);
    STATIC_REQUIRE(!ua.consumes_budget);
    // Every other row is the same alone and not.
    for (const auto& r : rc::default_error_rows::rows) {
        const bool alua = r.on == rc::match_on::sense_key_asc_ascq && r.key == sk::not_ready && r.asc == 0x04 &&
                          (r.ascq == 0x0A || r.ascq == 0x0B || r.ascq == 0x0C);
        if (!alua) CHECK(r.usual == r.alone);
    }
}

TEST_CASE("default table: other NOT READY rows", "[recovery]")
{
    constexpr rc::decision br = usual(cc(sk::not_ready, 0x04, 0x01));
    STATIC_REQUIRE(br.action == action::retry_same_path);
    STATIC_REQUIRE(br.delay == retry_delay::retry_interval);
    STATIC_REQUIRE(br.consumes_budget);
    STATIC_REQUIRE(br.reason == reason::becoming_ready);
    constexpr rc::decision mi = usual(cc(sk::not_ready, 0x04, 0x03));
    STATIC_REQUIRE(mi.action == action::retry_other_path);
    STATIC_REQUIRE(mi.consumes_budget);
    STATIC_REQUIRE(usual(cc(sk::not_ready, 0x04, 0x14)).reason == reason::space_allocation_in_progress);
    STATIC_REQUIRE(usual(cc(sk::not_ready, 0x04, 0x14)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::not_ready, 0x3A, 0x00)).reason == reason::not_ready);
    STATIC_REQUIRE(usual(cc(sk::not_ready, 0x3A, 0x00)).action == action::fail_up);
}

TEST_CASE("default table: other sense keys", "[recovery]")
{
    // 25/00: the LU is not reachable through this path: fail the path over
    constexpr rc::decision lu = usual(cc(sk::illegal_request, 0x25, 0x00));
    STATIC_REQUIRE(lu.action == action::fail_path_and_retry);
    STATIC_REQUIRE(lu.effect == path_effect::lun_unreachable);
    STATIC_REQUIRE(usual(cc(sk::illegal_request, 0x24, 0x00)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::illegal_request, 0x25, 0x01)).reason == reason::illegal_request);
    // MEDIUM / HARDWARE: failed up; STPG failure: fail over
    STATIC_REQUIRE(usual(cc(sk::medium_error, 0x11, 0x00)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::medium_error, 0x11, 0x00)).reason == reason::medium_error);
    STATIC_REQUIRE(usual(cc(sk::hardware_error, 0x44, 0x00)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::hardware_error, 0x67, 0x0A)).action == action::fail_path_and_retry);
    STATIC_REQUIRE(usual(cc(sk::hardware_error, 0x67, 0x0A)).reason == reason::stpg_failed);
    STATIC_REQUIRE(usual(cc(sk::data_protect, 0x27, 0x00)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::data_protect, 0x27, 0x07)).reason == reason::data_protect);
    // ABORTED COMMAND: counted retry
    STATIC_REQUIRE(usual(cc(sk::aborted_command, 0x47, 0x00)).action == action::retry_same_path);
    STATIC_REQUIRE(usual(cc(sk::aborted_command, 0x47, 0x00)).consumes_budget);
    // RECOVERED ERROR: success
    STATIC_REQUIRE(usual(cc(sk::recovered_error, 0x17, 0x01)).action == action::complete);
    // NO SENSE 00/00 with CHECK CONDITION: MSDSM fails over
    STATIC_REQUIRE(usual(cc(sk::no_sense, 0x00, 0x00)).action == action::fail_path_and_retry);
    STATIC_REQUIRE(usual(cc(sk::no_sense, 0x00, 0x00)).reason == reason::no_sense_information);
    STATIC_REQUIRE(usual(cc(sk::no_sense, 0x00, 0x01)).action == action::fail_up);
    // deferred errors: the default table reads them as current (MSDSM), the
    // Linux chain (SPC reading) retries them whatever the key
    constexpr error_condition deferred_0c = error_condition::check_condition(sk::medium_error, 0x0C, 0x00, true);
    STATIC_REQUIRE(usual(deferred_0c).reason == reason::medium_error);
    constexpr rc::decision df = rc::interpret<rc::linux_error_table>(deferred_0c, {true});
    STATIC_REQUIRE(df.action == action::retry_same_path);
    STATIC_REQUIRE(df.reason == reason::deferred_error);
    // no row: unclassified, failed up
    STATIC_REQUIRE(usual(cc(sk::miscompare, 0x1D, 0x00)).reason == reason::unclassified);
    STATIC_REQUIRE(usual(cc(sk::miscompare, 0x1D, 0x00)).action == action::fail_up);
}

namespace {
// A vendor table in the manner of scsi_dh_rdac: 02/04/81 (storage firmware
// incompatible) bypasses the path; everything else as the default.
struct vendor_rows {
    static constexpr rc::table_row rows[] = {
        rc::row::on_sense(sk::not_ready, 0x04, 0x81,
                          rc::decision{action::fail_path_and_retry, reason::not_ready, false, retry_delay::immediate,
                                       path_effect::path_failed},
                          "scsi_dh_rdac: 04/81 -> bypass the path"),
        rc::row::on_sense(sk::unit_attention, 0x2A, 0x06,
                          rc::decision{action::retry_same_path, reason::alua_state_changed, true,
                                       retry_delay::immediate, path_effect::none},
                          "vendor override"),
    };
};
using vendor_table = rc::chained_table<rc::table_rows<vendor_rows::rows>, rc::default_error_table>;
static_assert(rc::error_table<vendor_table>);
static_assert(rc::error_table<rc::default_error_table>);
static_assert(rc::error_table<rc::linux_error_table>);
} // namespace

TEST_CASE("tables: a vendor table is consulted first, the default behind it", "[recovery]")
{
    STATIC_REQUIRE(rc::interpret<vendor_table>(cc(sk::not_ready, 0x04, 0x81)).action == action::fail_path_and_retry);
    STATIC_REQUIRE(rc::interpret<rc::default_error_table>(cc(sk::not_ready, 0x04, 0x81)).action == action::fail_up);
    STATIC_REQUIRE(rc::interpret<vendor_table>(cc(sk::unit_attention, 0x2A, 0x06)).action == action::retry_same_path);
    STATIC_REQUIRE(rc::interpret<vendor_table>(cc(sk::not_ready, 0x04, 0x0B)).action == action::retry_other_path);
    CHECK(vendor_table::find(cc(sk::not_ready, 0x04, 0x81)) == &vendor_rows::rows[0]);
}

TEST_CASE("tables: the Linux ALUA overrides", "[recovery]")
{
    for (const auto& [asc, ascq] : {std::pair<int, int>{0x2A, 0x01}, {0x3F, 0x03}, {0x3F, 0x0E}}) {
        const auto c = cc(sk::unit_attention, static_cast<std::uint8_t>(asc), static_cast<std::uint8_t>(ascq));
        CHECK(rc::interpret<rc::linux_error_table>(c).action == action::retry_same_path);
        CHECK_FALSE(rc::interpret<rc::linux_error_table>(c).consumes_budget);
        CHECK(rc::interpret<rc::default_error_table>(c).action == action::fail_up);
    }
    STATIC_REQUIRE(rc::interpret<rc::linux_error_table>(cc(sk::unit_attention, 0x2A, 0x06)).action ==
                   action::refresh_alua_then_retry);
}

TEST_CASE("to_string names every action and reason", "[recovery]")
{
    for (int a = 0; a <= static_cast<int>(action::fail_up); ++a)
        CHECK(std::string(rc::to_string(static_cast<action>(a))) != "unknown");
    for (int r = 0; r <= static_cast<int>(reason::initiator_response_timeout); ++r)
        CHECK(std::string(rc::to_string(static_cast<reason>(r))) != "unknown");
    for (int e = 0; e <= static_cast<int>(path_effect::alua_changed); ++e)
        CHECK(std::string(rc::to_string(static_cast<path_effect>(e))) != "unknown");
    CHECK(std::string(rc::to_string(static_cast<reason>(250))) == "unknown");
}

TEST_CASE("tables: the index finds what a plain first-match walk finds", "[recovery]")
{
    constexpr auto& rows = rc::default_error_rows::rows;
    constexpr std::size_t n = sizeof(rows) / sizeof(rows[0]);
    std::size_t compared = 0;
    for (int t = 0; t <= static_cast<int>(transport_outcome::data_underrun); ++t)
        for (int s = 0; s < 8; ++s) {
            constexpr scsi_status statuses[8] = {
                scsi_status::good,       scsi_status::check_condition,      scsi_status::condition_met,
                scsi_status::busy,       scsi_status::reservation_conflict, scsi_status::task_set_full,
                scsi_status::aca_active, scsi_status::task_aborted};
            error_condition c = error_condition::with_status(statuses[s]);
            c.transport = static_cast<transport_outcome>(t);
            CHECK(rc::default_error_table::find(c) == rc::find_row(rows, n, c));
            ++compared;
        }
    for (int k = 0; k < 16; ++k)
        for (int asc = 0; asc < 0x70; ++asc)
            for (const int ascq :
                 {0x00, 0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0A, 0x0B, 0x0C, 0x0E, 0x14, 0x7E}) {
                for (const bool deferred : {false, true}) {
                    const error_condition c = error_condition::check_condition(
                        static_cast<sk>(k), static_cast<std::uint8_t>(asc), static_cast<std::uint8_t>(ascq), deferred);
                    REQUIRE(rc::default_error_table::find(c) == rc::find_row(rows, n, c));
                    ++compared;
                }
            }
    // Values no row names, keys past 0Fh, statuses past 40h, transports past aborted.
    for (int v = 0; v < 256; ++v) {
        error_condition c = error_condition::with_status(static_cast<scsi_status>(v));
        REQUIRE(rc::default_error_table::find(c) == rc::find_row(rows, n, c));
        c = error_condition::transport_error(static_cast<transport_outcome>(v));
        REQUIRE(rc::default_error_table::find(c) == rc::find_row(rows, n, c));
        c = error_condition::check_condition(static_cast<sk>(v), 0x04, 0x0A);
        REQUIRE(rc::default_error_table::find(c) == rc::find_row(rows, n, c));
        c.has_asc_ascq = false;
        REQUIRE(rc::default_error_table::find(c) == rc::find_row(rows, n, c));
        c = error_condition::with_status(scsi_status::check_condition);
        c.has_sense = true;
        c.key = static_cast<sk>(v & 0x0F);
        REQUIRE(rc::default_error_table::find(c) == rc::find_row(rows, n, c));
        compared += 5;
    }
    CHECK(compared > 40'000);
    STATIC_REQUIRE(rc::default_error_table::indexed);
    // The multiplier chosen at compile time puts every entry in its own slot.
    STATIC_REQUIRE(rc::default_error_table::index.longest_probe == 0);
    STATIC_REQUIRE(rc::default_error_table::entry_count > 10);
}

namespace {
// Shadowed and overlapping rows, in an order that makes first-match matter:
// the index must give what the walk gives, not the most specific row.
struct tricky_rows {
    static constexpr rc::table_row rows[] = {
        rc::row::on_asc(sk::unit_attention, 0x2A, rc::detail::decide::fail_up(reason::parameters_changed), "t1"),
        rc::row::on_sense(sk::unit_attention, 0x2A, 0x06, rc::detail::decide::fail_up(reason::alua_state_changed),
                          "t2 (shadowed by t1)"),
        rc::row::on_sense(sk::not_ready, 0x04, 0x0A, rc::detail::decide::fail_up(reason::alua_transitioning), "t3"),
        rc::row::on_key(sk::not_ready, rc::detail::decide::fail_up(reason::not_ready), "t4"),
        rc::row::on_asc(sk::not_ready, 0x04, rc::detail::decide::fail_up(reason::becoming_ready),
                        "t5 (shadowed by t4)"),
        rc::row::on_sense(static_cast<sk>(0x1F), 0x11, 0x00, rc::detail::decide::fail_up(reason::medium_error),
                          "t6 (key past 0Fh)"),
        rc::row::on_status(static_cast<scsi_status>(0xFE), rc::detail::decide::fail_up(reason::busy), "t7"),
        rc::row::on_deferred(rc::detail::decide::fail_up(reason::deferred_error), "t8"),
        rc::row::on_deferred(rc::detail::decide::fail_up(reason::aborted_command), "t9 (shadowed by t8)"),
        rc::row::on_transport(transport_outcome::aborted, rc::detail::decide::fail_up(reason::transport_aborted),
                              "t10"),
    };
};
// A row on transport "ok" matches every delivered command: walked, not indexed.
struct catch_all_rows {
    static constexpr rc::table_row rows[] = {
        rc::row::on_status(scsi_status::busy, rc::detail::decide::fail_up(reason::busy), "c1"),
        rc::row::on_transport(transport_outcome::ok, rc::detail::decide::fail_up(reason::unclassified), "c2"),
    };
};

template <class Table, const auto& Rows>
std::size_t compare_with_walk()
{
    constexpr std::size_t n = sizeof(Rows) / sizeof(Rows[0]);
    std::size_t compared = 0;
    for (int v = 0; v < 256; ++v) {
        error_condition c = error_condition::with_status(static_cast<scsi_status>(v));
        REQUIRE(Table::find(c) == rc::find_row(Rows, n, c));
        c = error_condition::transport_error(static_cast<transport_outcome>(v));
        REQUIRE(Table::find(c) == rc::find_row(Rows, n, c));
        for (int asc : {0x04, 0x11, 0x2A, 0x3F})
            for (int ascq : {0x00, 0x06, 0x0A, 0x0B})
                for (bool deferred : {false, true})
                    for (bool with_asc : {false, true}) {
                        c = error_condition::check_condition(static_cast<sk>(v), static_cast<std::uint8_t>(asc),
                                                             static_cast<std::uint8_t>(ascq), deferred);
                        c.has_asc_ascq = with_asc;
                        REQUIRE(Table::find(c) == rc::find_row(Rows, n, c));
                        ++compared;
                    }
    }
    return compared;
}
} // namespace

TEST_CASE("tables: first match wins in the index too (shadowed rows, odd values, catch-all)", "[recovery]")
{
    using tricky = rc::table_rows<tricky_rows::rows>;
    using catch_all = rc::table_rows<catch_all_rows::rows>;
    STATIC_REQUIRE(tricky::indexed);
    STATIC_REQUIRE(!catch_all::indexed);
    CHECK(compare_with_walk<tricky, tricky_rows::rows>() == 256 * 64);
    CHECK(compare_with_walk<catch_all, catch_all_rows::rows>() == 256 * 64);
    STATIC_REQUIRE(tricky::find(cc(sk::unit_attention, 0x2A, 0x06))->source[1] == '1');
    STATIC_REQUIRE(tricky::find(cc(sk::not_ready, 0x04, 0x0A))->source[1] == '3');
    STATIC_REQUIRE(tricky::find(cc(sk::not_ready, 0x04, 0x0B))->source[1] == '4');
    STATIC_REQUIRE(tricky::find(cc(static_cast<sk>(0x1F), 0x11, 0x00))->source[1] == '6');
    STATIC_REQUIRE(tricky::find(cc(static_cast<sk>(0x0F), 0x11, 0x00)) == nullptr);
    STATIC_REQUIRE(tricky::find(error_condition::with_status(static_cast<scsi_status>(0xFE)))->source[1] == '7');
    STATIC_REQUIRE(catch_all::find(error_condition::good())->source[1] == '2');
}

TEST_CASE("tables: interpret(io_outcome) decides as interpret(make_condition(io_outcome))", "[recovery]")
{
    // interpret(io_outcome) answers GOOD, unusable sense and deferred sense
    // from compile-time constants and rebuilds the condition for current
    // sense: every path must agree with the plain one.
    std::size_t compared = 0;
    auto check = [&](const rc::io_outcome& o) {
        for (const bool other : {true, false}) {
            const rc::interpret_context ctx{other};
            REQUIRE(rc::interpret<rc::default_error_table>(o, ctx) ==
                    rc::interpret<rc::default_error_table>(rc::make_condition(o), ctx));
            REQUIRE(rc::interpret<rc::linux_error_table>(o, ctx) ==
                    rc::interpret<rc::linux_error_table>(rc::make_condition(o), ctx));
            ++compared;
        }
    };
    mpio::byte fixed[18] = {0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x0A, 0, 0, 0, 0};
    for (int t = 0; t <= static_cast<int>(transport_outcome::data_underrun) + 1; ++t)
        for (int s = 0; s < 256; ++s) {
            check({static_cast<transport_outcome>(t), static_cast<scsi_status>(s), {}});
            check({static_cast<transport_outcome>(t), static_cast<scsi_status>(s), mpio::byte_view(fixed, 18)});
        }
    for (int code : {0x00, 0x70, 0x71, 0x72, 0x73, 0x7F, 0xF0, 0xF2})
        for (int key = 0; key < 16; ++key)
            for (int asc : {0x04, 0x25, 0x29, 0x2A, 0x3F, 0x11})
                for (int ascq : {0x00, 0x01, 0x06, 0x0A, 0x0B, 0x0E})
                    for (std::size_t len : {std::size_t{4}, std::size_t{8}, std::size_t{13}, std::size_t{18}}) {
                        mpio::byte b[18] = {};
                        b[0] = static_cast<mpio::byte>(code);
                        b[1] = static_cast<mpio::byte>(code >= 0x72 ? key : 0);
                        b[2] = static_cast<mpio::byte>(code >= 0x72 ? asc : key);
                        b[3] = static_cast<mpio::byte>(code >= 0x72 ? ascq : 0);
                        b[7] = 10;
                        b[12] = static_cast<mpio::byte>(asc);
                        b[13] = static_cast<mpio::byte>(ascq);
                        check({transport_outcome::ok, scsi_status::check_condition, mpio::byte_view(b, len)});
                    }
    CHECK(compared > 10'000);
    // GOOD is answered at compile time.
    STATIC_REQUIRE(rc::interpret<rc::default_error_table>(rc::io_outcome{}, {true}).action == action::complete);
}

TEST_CASE("default tables: persistent reservation conditions are never path failures", "[recovery][reservation]")
{
    // RESERVATION CONFLICT (18h) and the reservation unit attentions: the
    // path works (the device server answered); what happened is a decision of
    // the cluster (another node reserved, preempted or cleared). Failing the
    // path over would move the same conflict to the next path and retrying
    // would storm the target: both tables, with and without another path.
    const error_condition conditions[] = {
        error_condition::with_status(scsi_status::reservation_conflict),
        cc(sk::unit_attention, 0x2A, 0x03), // reservations preempted
        cc(sk::unit_attention, 0x2A, 0x04), // reservations released
        cc(sk::unit_attention, 0x2A, 0x05), // registrations preempted
    };
    for (const error_condition& c : conditions) {
        for (const bool other : {true, false}) {
            for (const rc::decision d : {rc::interpret<rc::default_error_table>(c, {other}),
                                         rc::interpret<rc::linux_error_table>(c, {other})}) {
                INFO("status " << int(c.status) << " ASC/ASCQ " << int(c.asc) << "/" << int(c.ascq) << " other path "
                               << other);
                CHECK(d.action != action::fail_path_and_retry);
                CHECK(d.action != action::retry_other_path);
                CHECK(d.action != action::refresh_alua_then_retry);
                CHECK(d.action != action::hold_and_retry);
                CHECK(d.effect != path_effect::path_failed);
                CHECK(d.effect != path_effect::lun_unreachable);
                // Only 2A/04 is retried, once per budget unit, at once.
                if (c.ascq == 0x04 && c.asc == 0x2A) {
                    CHECK(d.action == action::retry_same_path);
                    CHECK(d.consumes_budget);
                } else {
                    CHECK(d.action == action::fail_up);
                }
            }
        }
    }
    // The conflict tells the path works; the preemptions leave it as it was.
    STATIC_REQUIRE(usual(error_condition::with_status(scsi_status::reservation_conflict)).effect ==
                   path_effect::path_ok);
    STATIC_REQUIRE(alone(error_condition::with_status(scsi_status::reservation_conflict)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2A, 0x03)).effect == path_effect::none);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2A, 0x05)).effect == path_effect::none);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2A, 0x04)).effect == path_effect::none);
    STATIC_REQUIRE(usual(cc(sk::unit_attention, 0x2A, 0x04)).delay == retry_delay::immediate);
    // The Linux table keeps the default's reason for the conflict.
    STATIC_REQUIRE(
        rc::interpret<rc::linux_error_table>(error_condition::with_status(scsi_status::reservation_conflict), {true})
            .reason == reason::reservation_conflict);
}

// ---------------------------------------------------------------------------
// MSDSM's DsmInterpretError() (Windows-driver-samples storage/msdsm/src/
// intrface.c) against default_error_table, one minimal case per finding of
// docs/recovery.md "Against MSDSM's DsmInterpretError": either MSDSM's
// answer, or mpio's documented departure.

namespace {
constexpr rc::decision default_of(const rc::io_outcome& o, bool other = true) noexcept
{
    return rc::interpret<rc::default_error_table>(o, {other});
}
constexpr rc::decision linux_of(const rc::io_outcome& o, bool other = true) noexcept
{
    return rc::interpret<rc::linux_error_table>(o, {other});
}
constexpr rc::io_outcome check_condition_with(const mpio::byte* sense, std::size_t n) noexcept
{
    return {transport_outcome::ok, scsi_status::check_condition, mpio::byte_view(sense, n)};
}
// MSDSM's DSM_FATAL_ERROR: the path is failed, MPIO requeues at once, uncounted.
constexpr bool msdsm_fails_over(const rc::decision& d) noexcept
{
    return d.action == action::fail_path_and_retry && !d.consumes_budget && d.effect == path_effect::path_failed;
}
bool contains(const char* text, const char* part) { return std::string(text).find(part) != std::string::npos; }
} // namespace

TEST_CASE("MSDSM 1: sense data read as MSDSM reads it (deferred, unknown codes, short fixed)", "[recovery][msdsm]")
{
    // One path, no ALUA, fixed 70h with ADDITIONAL SENSE LENGTH 4, key 0:
    // MSDSM reads ASC/ASCQ as 00h -> NO SENSE 00/00/00 -> fails the path.
    static constexpr mpio::byte short_70[18] = {0x70, 0, 0x00, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0x29, 0x00};
    STATIC_REQUIRE(msdsm_fails_over(default_of(check_condition_with(short_70, 18), false)));
    STATIC_REQUIRE(default_of(check_condition_with(short_70, 18), false).reason == reason::no_sense_information);
    // (SPC: the ASC/ASCQ were not returned; the Linux chain fails it up as NO SENSE.)
    STATIC_REQUIRE(linux_of(check_condition_with(short_70, 18), false).action == action::fail_up);
    // A zeroed 18-byte buffer (response code 00h): MSDSM reads it as fixed
    // format, 00/00/00, and fails the path; SPC: no sense data (retried, counted).
    static constexpr mpio::byte zeroed[18] = {};
    STATIC_REQUIRE(msdsm_fails_over(default_of(check_condition_with(zeroed, 18))));
    STATIC_REQUIRE(linux_of(check_condition_with(zeroed, 18)).reason == reason::check_condition_without_sense);
    STATIC_REQUIRE(linux_of(check_condition_with(zeroed, 18)).consumes_budget);
    // 71h (deferred) 02/04/0A on ALUA: MSDSM reads it as current: RTPG, retry
    // on another group, DSM_RETRY_DONT_DECREMENT.
    static constexpr mpio::byte deferred_04_0a[18] = {0x71, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x0A};
    constexpr rc::decision d = default_of(check_condition_with(deferred_04_0a, 18));
    STATIC_REQUIRE(d.action == action::retry_other_path);
    STATIC_REQUIRE(!d.consumes_budget);
    STATIC_REQUIRE(d.reason == reason::alua_transitioning);
    STATIC_REQUIRE(linux_of(check_condition_with(deferred_04_0a, 18)).reason == reason::deferred_error);
    // The same answers through make_condition() and interpret(error_condition).
    CHECK(rc::interpret<rc::default_error_table>(rc::make_condition(check_condition_with(deferred_04_0a, 18))) == d);
    CHECK(
        msdsm_fails_over(rc::interpret<rc::default_error_table>(rc::make_condition(check_condition_with(zeroed, 18)))));
    // Fewer than 8 bytes: MSDSM's ScsiGetSenseKeyAndCodes() fails too; no sense.
    STATIC_REQUIRE(default_of(check_condition_with(zeroed, 7)).reason == reason::check_condition_without_sense);
    // Descriptor data (72h) reads the same both ways.
    static constexpr mpio::byte desc_2a_06[8] = {0x72, 0x06, 0x2A, 0x06, 0, 0, 0, 0};
    STATIC_REQUIRE(default_of(check_condition_with(desc_2a_06, 8)) == linux_of(check_condition_with(desc_2a_06, 8)));
    STATIC_REQUIRE(rc::reading_of<rc::default_error_table>() == rc::sense_reading::msdsm);
    STATIC_REQUIRE(rc::reading_of<rc::linux_error_table>() == rc::sense_reading::spc);
}

TEST_CASE("MSDSM 2: HARDWARE ERROR 3E/02 and 4B/06 are retried, counted", "[recovery][msdsm]")
{
    for (const auto& [asc, ascq, why] : {std::tuple<int, int, reason>{0x3E, 0x02, reason::logical_unit_timeout},
                                         {0x4B, 0x06, reason::initiator_response_timeout}}) {
        INFO("04/" << asc << "/" << ascq);
        for (const bool other : {true, false}) {
            const rc::decision d = rc::interpret<rc::default_error_table>(
                cc(sk::hardware_error, static_cast<std::uint8_t>(asc), static_cast<std::uint8_t>(ascq)), {other});
            CHECK(rc::is_retry(d.action));
            CHECK(d.consumes_budget);
            CHECK(d.delay == retry_delay::retry_interval);
            CHECK(d.reason == why);
            CHECK(d.effect == path_effect::none);
        }
    }
    // Every other HARDWARE ERROR but 67/0A is still failed up.
    STATIC_REQUIRE(usual(cc(sk::hardware_error, 0x3E, 0x01)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::hardware_error, 0x4B, 0x00)).action == action::fail_up);
}

TEST_CASE("MSDSM 3: the ALUA rows retry at once (departure: MSDSM waits RetryInterval)", "[recovery][msdsm]")
{
    const error_condition alua[] = {cc(sk::not_ready, 0x04, 0x0A), cc(sk::not_ready, 0x04, 0x0B),
                                    cc(sk::not_ready, 0x04, 0x0C), cc(sk::unit_attention, 0x2A, 0x06),
                                    cc(sk::unit_attention, 0x2A, 0x07)};
    for (const error_condition& c : alua) {
        INFO(int(c.asc) << "/" << int(c.ascq));
        const rc::table_row* r = rc::default_error_table::find(c);
        REQUIRE(r != nullptr);
        // mpio: at once (the RTPG is sequenced before the retry, or the retry
        // goes to a path of an active group) ...
        CHECK(r->usual.delay == retry_delay::immediate);
        // ... and the row says that MSDSM waits, and how mpio differs.
        CHECK(contains(r->source, "after RetryInterval"));
        CHECK(contains(r->source, "(mpio: at once"));
    }
    // Holding for a transition with no other path waits RetryInterval, as MSDSM's retry does.
    STATIC_REQUIRE(alone(cc(sk::not_ready, 0x04, 0x0A)).delay == retry_delay::retry_interval);
}

TEST_CASE("MSDSM 4: 04/0B counting (departures: any CDB, another path, A/N is active)", "[recovery][msdsm]")
{
    // The interpretation does not see the CDB: READ(12) is decided as
    // READ(10) (MSDSM counts every CDB but READ/WRITE(10/16)); the row says so.
    const rc::table_row* r = rc::default_error_table::find(cc(sk::not_ready, 0x04, 0x0B));
    REQUIRE(r != nullptr);
    CHECK(contains(r->source, "whatever the CDB"));
    CHECK_FALSE(r->usual.consumes_budget);
    CHECK(r->alone.consumes_budget);

    rc::lifecycle_config config;
    config.alua = true;
    using aas = mpio::scsi::asymmetric_access_state;
    auto lu = [&](aas self, aas other) {
        rc::path_lifecycle p[2] = {rc::path_lifecycle(config), rc::path_lifecycle(config)};
        for (rc::path_lifecycle& x : p) (void)x.arrive(0);
        p[0].on_verification(rc::verification_result::from_rtpg(error_condition::good(), self), 0);
        p[1].on_verification(rc::verification_result::from_rtpg(error_condition::good(), other), 0);
        return rc::other_usable_path(p, 2, /*self=*/0, 0);
    };
    // The failing path still A/O in the host's view, the other group standby:
    // MSDSM counts the failing path itself as "an active path" and does not
    // decrement; mpio asks about other paths, refreshes ALUA and counts.
    const bool other_standby = lu(aas::active_optimized, aas::standby);
    CHECK_FALSE(other_standby);
    const rc::decision standby_only =
        rc::interpret<rc::default_error_table>(cc(sk::not_ready, 0x04, 0x0B), {other_standby});
    CHECK(standby_only.action == action::refresh_alua_then_retry);
    CHECK(standby_only.consumes_budget);
    // Only an A/N path left: MSDSM counts (it treats only A/O as active); an
    // A/N group serves I/O, so mpio retries there without counting.
    const bool other_non_optimized = lu(aas::standby, aas::active_non_optimized);
    CHECK(other_non_optimized);
    const rc::decision to_an =
        rc::interpret<rc::default_error_table>(cc(sk::not_ready, 0x04, 0x0B), {other_non_optimized});
    CHECK(to_an.action == action::retry_other_path);
    CHECK_FALSE(to_an.consumes_budget);
}

TEST_CASE("MSDSM 5: data overrun / underrun are transport outcomes, retried and counted, never success",
          "[recovery][msdsm]")
{
    for (const transport_outcome t : {transport_outcome::data_overrun, transport_outcome::data_underrun}) {
        for (const bool other : {true, false}) {
            for (const rc::decision d :
                 {rc::interpret<rc::default_error_table>(error_condition::transport_error(t), {other}),
                  rc::interpret<rc::linux_error_table>(error_condition::transport_error(t), {other})}) {
                INFO(rc::to_string(t) << " other path " << other);
                CHECK(d.action == action::retry_same_path);
                CHECK(d.consumes_budget);
                CHECK(d.delay == retry_delay::retry_interval);
                CHECK(rc::to_io_status(d) != mpio::policy::io_status::success);
            }
        }
    }
    // SRB_STATUS_DATA_OVERRUN, with or without the flag bits.
    STATIC_REQUIRE(rc::transport_from_srb_status(0x12) == transport_outcome::data_overrun);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x12 | 0x40 | 0x80) == transport_outcome::data_overrun);
    // With RetryCount exhausted the request fails; it never completes.
    rc::retry_budget budget(rc::retry_limits{});
    const rc::decision d =
        rc::interpret<rc::default_error_table>(error_condition::transport_error(transport_outcome::data_overrun));
    for (int i = 0; i < 3; ++i) CHECK(budget.next(d, 0).retry);
    const rc::retry_step last = budget.next(d, 0);
    CHECK_FALSE(last.retry);
    CHECK(last.action == action::fail_up);
}

TEST_CASE("no transport outcome and no SRB status completes a request", "[recovery][msdsm]")
{
    // Every transport outcome but ok, in both tables, with and without another path.
    for (int t = 1; t <= static_cast<int>(transport_outcome::data_underrun); ++t)
        for (const bool other : {true, false}) {
            const error_condition c = error_condition::transport_error(static_cast<transport_outcome>(t));
            INFO(rc::to_string(c.transport));
            CHECK(rc::interpret<rc::default_error_table>(c, {other}).action != action::complete);
            CHECK(rc::interpret<rc::linux_error_table>(c, {other}).action != action::complete);
            CHECK(std::string(rc::to_string(c.transport)) != "unknown");
        }
    // Every SRB status but SUCCESS and ERROR is a transport failure.
    for (int v = 0; v < 256; ++v) {
        const int masked = v & 0x3F;
        const bool delivered = masked == 0x01 || masked == 0x04;
        INFO("SrbStatus " << v);
        CHECK((rc::transport_from_srb_status(static_cast<std::uint8_t>(v)) == transport_outcome::ok) == delivered);
    }
}

TEST_CASE("MSDSM sample bugs not copied", "[recovery][msdsm]")
{
    // 1. switch (Srb->SrbStatus) without SRB_STATUS(): INVALID_PATH_ID |
    //    QUEUE_FROZEN escapes MSDSM's fail-over list. mpio masks the flags.
    for (const std::uint8_t flags : {std::uint8_t{0}, std::uint8_t{0x40}, std::uint8_t{0x80}, std::uint8_t{0xC0}})
        for (const int fatal : {0x07, 0x08, 0x0A, 0x11, 0x20, 0x21}) {
            const transport_outcome t = rc::transport_from_srb_status(static_cast<std::uint8_t>(fatal | flags));
            INFO("SrbStatus " << int(fatal | flags));
            CHECK(msdsm_fails_over(usual(error_condition::transport_error(t))));
        }
    // 2. The early return for thin provisioning, 2A/09 and 3F/03 leaves
    //    *Retry unwritten. mpio: failed up, no retry, whatever the budget.
    const error_condition early[] = {cc(sk::not_ready, 0x04, 0x14), cc(sk::data_protect, 0x27, 0x07),
                                     cc(sk::unit_attention, 0x38, 0x07), cc(sk::unit_attention, 0x3F, 0x03),
                                     cc(sk::unit_attention, 0x2A, 0x09)};
    for (const error_condition& c : early)
        for (const bool other : {true, false}) {
            const rc::decision d = rc::interpret<rc::default_error_table>(c, {other});
            rc::retry_budget budget(rc::retry_limits{});
            INFO(int(c.asc) << "/" << int(c.ascq));
            CHECK(d.action == action::fail_up);
            CHECK_FALSE(rc::is_retry(d.action));
            CHECK_FALSE(budget.next(d, 0).retry);
        }
    // 3. case STATUS_DEVICE_NOT_READY falls through into default (which only
    //    traces). mpio has one row per condition: NOT READY 04/03 is retried,
    //    another NOT READY 04/xx failed up, each by exactly one row.
    STATIC_REQUIRE(usual(cc(sk::not_ready, 0x04, 0x03)).reason == reason::manual_intervention_required);
    STATIC_REQUIRE(rc::is_retry(usual(cc(sk::not_ready, 0x04, 0x03)).action));
    STATIC_REQUIRE(usual(cc(sk::not_ready, 0x04, 0x02)).action == action::fail_up);
    STATIC_REQUIRE(usual(cc(sk::not_ready, 0x04, 0x02)).reason == reason::not_ready);
}

TEST_CASE("every row citing MSDSM gives MSDSM's answer or says how mpio differs", "[recovery][msdsm]")
{
    // MSDSM: every retry after RetryInterval but 2A/04 (RetryInterval = 0);
    // a fail-over (DSM_FATAL_ERROR) uncounted; a failed-back condition not retried.
    std::size_t msdsm_rows = 0;
    for (const rc::table_row& r : rc::default_error_rows::rows) {
        if (!contains(r.source, "MSDSM:")) continue;
        ++msdsm_rows;
        INFO(r.source);
        if (contains(r.source, "(mpio:")) continue; // differs, and says how (docs/recovery.md says why)
        for (const rc::decision& d : {r.usual, r.alone}) {
            if (d.action == action::fail_path_and_retry) {
                CHECK_FALSE(d.consumes_budget);
            } else if (rc::is_retry(d.action)) {
                const bool at_once = r.on == rc::match_on::sense_key_asc_ascq && r.asc == 0x2A && r.ascq == 0x04;
                CHECK(d.delay == (at_once ? retry_delay::immediate : retry_delay::retry_interval));
                CHECK(d.consumes_budget == !contains(r.source, "DSM_RETRY_DONT_DECREMENT"));
            } else {
                CHECK(d.action == action::fail_up);
            }
        }
    }
    CHECK(msdsm_rows >= 30);
}

} // namespace test_recovery_default_tables_test
