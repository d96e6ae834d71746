// SPDX-License-Identifier: MIT
// The NVMe status interpretation, after the kernel's nvme_decide_disposition
// / nvme_failover_req / nvme_error_status / blk_path_error.
#include <mpio/recovery/nvme_status_table.hpp>

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_nvme_status_table_test {

namespace nvme = mpio::nvme;
namespace recovery = mpio::recovery;
using nvme::completion_status;
using nvme::status_code;
using recovery::action;
using recovery::nvme_block_status;
using recovery::nvme_disposition;
using recovery::path_effect;

namespace {
constexpr completion_status st(status_code c, bool dnr = false, std::uint8_t crd = 0) noexcept
{
    return completion_status::make(c, dnr, false, crd);
}
} // namespace

TEST_CASE("nvme status: success completes and proves the path", "[nvme][recovery][constexpr]")
{
    constexpr auto d = recovery::interpret_nvme_status(completion_status{});
    STATIC_REQUIRE(d.disposition == nvme_disposition::complete);
    STATIC_REQUIRE(d.action == action::complete);
    STATIC_REQUIRE(d.effect == path_effect::path_ok);
    STATIC_REQUIRE(d.block_status == nvme_block_status::ok);
    STATIC_REQUIRE(!d.dm_multipath_path_error);
}

TEST_CASE("nvme status: path errors fail over, ANA errors re-read the log", "[nvme][recovery][constexpr]")
{
    constexpr auto inaccessible = recovery::interpret_nvme_status(st(status_code::asymmetric_access_inaccessible));
    STATIC_REQUIRE(inaccessible.disposition == nvme_disposition::failover);
    STATIC_REQUIRE(inaccessible.action == action::refresh_alua_then_retry);
    STATIC_REQUIRE(inaccessible.refresh_ana_log);
    STATIC_REQUIRE(inaccessible.effect == path_effect::alua_unavailable);
    constexpr auto transition = recovery::interpret_nvme_status(st(status_code::asymmetric_access_transition));
    STATIC_REQUIRE(transition.effect == path_effect::alua_transitioning);
    STATIC_REQUIRE(transition.refresh_ana_log);
    constexpr auto lost = recovery::interpret_nvme_status(st(status_code::asymmetric_access_persistent_loss));
    STATIC_REQUIRE(lost.effect == path_effect::path_failed);
    STATIC_REQUIRE(lost.refresh_ana_log);

    for (const auto c : {status_code::internal_path_error, status_code::controller_pathing_error,
                         status_code::host_pathing_error, status_code::command_aborted_by_host}) {
        const auto d = recovery::interpret_nvme_status(st(c));
        CAPTURE(nvme::to_string(c));
        CHECK(d.disposition == nvme_disposition::failover);
        CHECK(d.action == action::fail_path_and_retry);
        CHECK(d.effect == path_effect::path_failed);
        CHECK(!d.refresh_ana_log);
        CHECK(d.dm_multipath_path_error); // dm-multipath fails these over too
    }
    // Without ANA support the ANA codes still fail over, with no log to read.
    recovery::nvme_request_context no_ana;
    no_ana.ana_supported = false;
    const auto d = recovery::interpret_nvme_status(st(status_code::asymmetric_access_inaccessible), no_ana);
    CHECK(d.action == action::retry_other_path);
    CHECK(!d.refresh_ana_log);
}

TEST_CASE("nvme status: DNR, no-retry requests and the retry limit complete with the error", "[nvme][recovery]")
{
    const auto dnr = recovery::interpret_nvme_status(st(status_code::asymmetric_access_inaccessible, true));
    CHECK(dnr.disposition == nvme_disposition::complete);
    CHECK(dnr.action == action::fail_up);
    CHECK(dnr.block_status == nvme_block_status::io_error);
    recovery::nvme_request_context c;
    c.no_retry = true;
    CHECK(recovery::interpret_nvme_status(st(status_code::host_pathing_error), c).action == action::fail_up);
    c = {};
    c.retries = 5;
    CHECK(recovery::decide_nvme_disposition(st(status_code::internal_error), c) == nvme_disposition::complete);
    c.retries = 4;
    CHECK(recovery::decide_nvme_disposition(st(status_code::internal_error), c) == nvme_disposition::retry);
}

TEST_CASE("nvme status: other errors retry on the same path, after CRD", "[nvme][recovery]")
{
    recovery::nvme_request_context c;
    c.crdt[0] = 1;
    c.crdt[1] = 10;
    c.crdt[2] = 50;
    const auto plain = recovery::interpret_nvme_status(st(status_code::namespace_not_ready), c);
    CHECK(plain.disposition == nvme_disposition::retry);
    CHECK(plain.action == action::retry_same_path);
    CHECK(plain.retry_delay_ms == 0);
    CHECK(plain.block_status == nvme_block_status::target);
    CHECK(!plain.dm_multipath_path_error);
    CHECK(recovery::interpret_nvme_status(st(status_code::namespace_not_ready, false, 1), c).retry_delay_ms == 100);
    CHECK(recovery::interpret_nvme_status(st(status_code::namespace_not_ready, false, 2), c).retry_delay_ms == 1000);
    CHECK(recovery::interpret_nvme_status(st(status_code::namespace_not_ready, false, 3), c).retry_delay_ms == 5000);
    // Not through the multipath head: a path error is retried on its path.
    c.multipath = false;
    CHECK(recovery::decide_nvme_disposition(st(status_code::host_pathing_error), c) == nvme_disposition::retry);
    c.queue_dying = true;
    CHECK(recovery::decide_nvme_disposition(st(status_code::host_pathing_error), c) == nvme_disposition::complete);
    c.multipath = true;
    CHECK(recovery::interpret_nvme_status(st(status_code::internal_error), c).action == action::retry_other_path);
    CHECK(recovery::decide_nvme_disposition(st(status_code::authentication_required), {}) ==
          nvme_disposition::authenticate);
}

TEST_CASE("nvme status: block status and dm-multipath's path-error verdict", "[nvme][recovery]")
{
    struct row {
        status_code code;
        nvme_block_status block;
        bool path_error;
    };
    const row rows[] = {
        {status_code::capacity_exceeded, nvme_block_status::no_space, false},
        {status_code::lba_out_of_range, nvme_block_status::target, false},
        {status_code::command_interrupted, nvme_block_status::target, false},
        {status_code::invalid_command_opcode, nvme_block_status::not_supported, false},
        {status_code::invalid_field_in_command, nvme_block_status::not_supported, false},
        {status_code::invalid_namespace_or_format, nvme_block_status::not_supported, false},
        {status_code::conflicting_attributes, nvme_block_status::not_supported, false},
        {status_code::unrecovered_read_error, nvme_block_status::medium, false},
        {status_code::write_fault, nvme_block_status::medium, false},
        {status_code::attempted_write_to_read_only_range, nvme_block_status::medium, false},
        {status_code::end_to_end_guard_check_error, nvme_block_status::protection, false},
        {status_code::invalid_protection_information, nvme_block_status::protection, false},
        {status_code::reservation_conflict, nvme_block_status::reservation_conflict, false},
        {status_code::host_pathing_error, nvme_block_status::transport, true},
        {status_code::asymmetric_access_transition, nvme_block_status::io_error, true},
        {status_code::internal_error, nvme_block_status::io_error, true},
        {status_code::data_transfer_error, nvme_block_status::io_error, true},
    };
    for (const row& r : rows) {
        CAPTURE(nvme::to_string(r.code));
        const auto d = recovery::interpret_nvme_status(st(r.code, true));
        CHECK(d.block_status == r.block);
        CHECK(d.dm_multipath_path_error == r.path_error);
        CHECK(d.action == action::fail_up); // DNR: failed up whatever the code
    }
    // DNR, More and CRD do not change the block status.
    CHECK(recovery::nvme_error_status(completion_status::make(status_code::write_fault, true, true, 3)) ==
          nvme_block_status::medium);
    CHECK(std::string(recovery::to_string(nvme_block_status::transport)) == "recoverable transport");
    CHECK(std::string(recovery::to_string(nvme_disposition::failover)) == "failover");
}

} // namespace test_nvme_nvme_status_table_test
