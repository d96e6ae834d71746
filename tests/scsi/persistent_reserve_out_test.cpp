// SPDX-License-Identifier: MIT
#include <mpio/scsi/persistent_reserve_out.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_persistent_reserve_out_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio::mutable_byte_view;
namespace scsi = mpio::scsi;
using sa = scsi::pr_out_service_action;

namespace {

constexpr byte fc_id[] = {0x00, 0,    0,    0,    0, 0, 0, 0, 0x21, 0x00, 0x00, 0x24,
                          0xff, 0x4b, 0xbc, 0x30, 0, 0, 0, 0, 0,    0,    0,    0};

constexpr std::array<byte, 10> pr_in(scsi::pr_in_service_action a, std::uint16_t length) noexcept
{
    std::array<byte, 10> cdb{};
    const auto n = scsi::build_persistent_reserve_in(mutable_byte_view(cdb.data(), cdb.size()), a, length);
    if (!n || *n != 10) cdb[0] = 0xEE;
    return cdb;
}

constexpr std::array<byte, 10> pr_out(sa a, scsi::pr_type t, std::uint32_t length) noexcept
{
    std::array<byte, 10> cdb{};
    const auto n = scsi::build_persistent_reserve_out(mutable_byte_view(cdb.data(), cdb.size()), a, t, length);
    if (!n || *n != 10) cdb[0] = 0xEE;
    return cdb;
}

constexpr std::array<byte, 24> basic(sa a, const scsi::pr_out_parameters& p) noexcept
{
    std::array<byte, 24> list{};
    const auto n = scsi::build_pr_out_parameter_list(mutable_byte_view(list.data(), list.size()), a, p);
    if (!n || *n != 24) list[23] = 0xEE;
    return list;
}

} // namespace

TEST_CASE("persistent_reserve_out: PERSISTENT RESERVE IN CDB", "[persistent_reserve_out][constexpr]")
{
    constexpr auto keys = pr_in(scsi::pr_in_service_action::read_keys, 0x2000);
    STATIC_REQUIRE(keys == std::array<byte, 10>{0x5E, 0x00, 0, 0, 0, 0, 0, 0x20, 0x00, 0});
    constexpr auto full = pr_in(scsi::pr_in_service_action::read_full_status, 0x1234);
    STATIC_REQUIRE(full == std::array<byte, 10>{0x5E, 0x03, 0, 0, 0, 0, 0, 0x12, 0x34, 0});
    STATIC_REQUIRE(pr_in(scsi::pr_in_service_action::report_capabilities, 8)[1] == 0x02);
    STATIC_REQUIRE(pr_in(scsi::pr_in_service_action::read_reservation, 24)[1] == 0x01);

    std::array<byte, 10> cdb{};
    const mutable_byte_view out(cdb.data(), cdb.size());
    CHECK(scsi::build_persistent_reserve_in(out, static_cast<scsi::pr_in_service_action>(4), 8).error() ==
          errc::invalid_argument);
    CHECK(scsi::build_persistent_reserve_in(out.first(9), scsi::pr_in_service_action::read_keys, 8).error() ==
          errc::buffer_too_small);
    REQUIRE(*scsi::build_persistent_reserve_in(out, scsi::pr_in_service_action::read_keys, 8, 0x04) == 10);
    CHECK(cdb[9] == 0x04);
}

TEST_CASE("persistent_reserve_out: PERSISTENT RESERVE OUT CDB, every action and type",
          "[persistent_reserve_out][constexpr]")
{
    // REGISTER ignores TYPE: sent as zero whatever is given.
    constexpr auto reg = pr_out(sa::register_key, scsi::pr_type::obsolete_0, 24);
    STATIC_REQUIRE(reg == std::array<byte, 10>{0x5F, 0x00, 0x00, 0, 0, 0, 0, 0, 24, 0});
    constexpr auto reserve = pr_out(sa::reserve, scsi::pr_type::write_exclusive_registrants_only, 24);
    STATIC_REQUIRE(reserve == std::array<byte, 10>{0x5F, 0x01, 0x05, 0, 0, 0, 0, 0, 24, 0});
    constexpr auto move = pr_out(sa::register_and_move, scsi::pr_type::exclusive_access, 48);
    STATIC_REQUIRE(move == std::array<byte, 10>{0x5F, 0x07, 0x03, 0, 0, 0, 0, 0, 48, 0});
    STATIC_REQUIRE(pr_out(sa::replace_lost_reservation, scsi::pr_type::write_exclusive, 24)[1] == 0x08);
    STATIC_REQUIRE(pr_out(sa::clear, scsi::pr_type::write_exclusive, 24)[2] == 0x00);
    STATIC_REQUIRE(pr_out(sa::reserve, scsi::pr_type::obsolete_2, 24)[0] == 0xEE);

    constexpr scsi::pr_type types[] = {scsi::pr_type::write_exclusive,
                                       scsi::pr_type::exclusive_access,
                                       scsi::pr_type::write_exclusive_registrants_only,
                                       scsi::pr_type::exclusive_access_registrants_only,
                                       scsi::pr_type::write_exclusive_all_registrants,
                                       scsi::pr_type::exclusive_access_all_registrants};
    constexpr sa actions[] = {sa::register_key,
                              sa::reserve,
                              sa::release,
                              sa::clear,
                              sa::preempt,
                              sa::preempt_and_abort,
                              sa::register_and_ignore_existing_key,
                              sa::register_and_move,
                              sa::replace_lost_reservation};
    for (const sa a : actions)
        for (const scsi::pr_type t : types) {
            const auto cdb = pr_out(a, t, 0x01020304);
            CHECK(cdb[0] == 0x5F);
            CHECK(cdb[1] == static_cast<byte>(a));
            CHECK(cdb[2] == (scsi::uses_type(a) ? static_cast<byte>(t) : 0));
            CHECK(cdb[5] == 0x01);
            CHECK(cdb[8] == 0x04);
        }
    std::array<byte, 10> cdb{};
    const mutable_byte_view out(cdb.data(), cdb.size());
    CHECK(scsi::build_persistent_reserve_out(out, static_cast<sa>(9), scsi::pr_type::write_exclusive, 24).error() ==
          errc::invalid_argument);
    CHECK(scsi::build_persistent_reserve_out(out, sa::preempt, static_cast<scsi::pr_type>(9), 24).error() ==
          errc::invalid_argument);
    CHECK(scsi::build_persistent_reserve_out(out.first(9), sa::clear, scsi::pr_type::write_exclusive, 24).error() ==
          errc::buffer_too_small);
}

TEST_CASE("persistent_reserve_out: basic parameter list", "[persistent_reserve_out][constexpr]")
{
    constexpr auto reg = basic(sa::register_key, {0, 0x1122334455667788u, false, true, true, {}});
    STATIC_REQUIRE(reg == std::array<byte, 24>{0,    0,    0,    0,    0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44,
                                               0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0, 0x05, 0,    0,    0});
    constexpr auto preempt = basic(sa::preempt_and_abort, {0xabcd, 0x42, false, false, false, {}});
    STATIC_REQUIRE(preempt[7] == 0xcd);
    STATIC_REQUIRE(preempt[15] == 0x42);
    STATIC_REQUIRE(preempt[20] == 0);
    // Bits the action does not take.
    STATIC_REQUIRE(basic(sa::reserve, {1, 0, false, true, false, {}})[23] == 0xEE);
    STATIC_REQUIRE(basic(sa::release, {1, 0, false, false, true, {}})[23] == 0xEE);
    STATIC_REQUIRE(basic(sa::register_and_ignore_existing_key, {0, 1, true, false, false, fc_id})[23] == 0xEE);
    STATIC_REQUIRE(basic(sa::register_and_ignore_existing_key, {0, 1, false, true, true, {}})[20] == 0x05);
    STATIC_REQUIRE(basic(sa::register_and_move, {1, 2, false, false, false, {}})[23] == 0xEE);
    STATIC_REQUIRE(basic(sa::replace_lost_reservation, {1, 0, false, false, false, {}})[7] == 1);

    // SPEC_I_PT with one TransportID.
    std::array<byte, 64> list{};
    const mutable_byte_view out(list.data(), list.size());
    const scsi::pr_out_parameters spec{0, 7, true, false, false, fc_id};
    CHECK(scsi::pr_out_parameter_list_length(spec) == 52);
    REQUIRE(*scsi::build_pr_out_parameter_list(out, sa::register_key, spec) == 52);
    CHECK(list[20] == 0x08);
    CHECK(list[27] == 24);
    CHECK(byte_view(list.data() + 28, 24) == byte_view(fc_id));
    // TransportIDs that are not whole, empty, or given without SPEC_I_PT.
    CHECK(
        scsi::build_pr_out_parameter_list(out, sa::register_key, {0, 7, true, false, false, byte_view(fc_id).first(20)})
            .error() == errc::invalid_argument);
    CHECK(scsi::build_pr_out_parameter_list(out, sa::register_key, {0, 7, true, false, false, {}}).error() ==
          errc::invalid_argument);
    CHECK(scsi::build_pr_out_parameter_list(out, sa::register_key, {0, 7, false, false, false, fc_id}).error() ==
          errc::invalid_argument);
    CHECK(scsi::build_pr_out_parameter_list(out, static_cast<sa>(0x10), {}).error() == errc::invalid_argument);
    list.fill(0x5A);
    CHECK(scsi::build_pr_out_parameter_list(out.first(51), sa::register_key, spec).error() == errc::buffer_too_small);
    CHECK(list[0] == 0x5A);
}

TEST_CASE("persistent_reserve_out: REGISTER AND MOVE parameter list", "[persistent_reserve_out]")
{
    std::array<byte, 64> list{};
    const mutable_byte_view out(list.data(), list.size());
    const scsi::register_and_move_parameters p{0xabcd, 0x1234, true, true, 3, fc_id};
    CHECK(scsi::register_and_move_parameter_list_length(p) == 48);
    REQUIRE(*scsi::build_register_and_move_parameter_list(out, p) == 48);
    CHECK(list[7] == 0xcd);
    CHECK(list[15] == 0x34);
    CHECK(list[16] == 0);
    CHECK(list[17] == 0x03);
    CHECK(list[19] == 3);
    CHECK(list[23] == 24);
    CHECK(scsi::parse_transport_id(byte_view(list.data() + 24, 24))->n_port_name() == 0x21000024ff4bbc30u);

    scsi::register_and_move_parameters bad = p;
    bad.transport_id = byte_view(fc_id).first(23);
    CHECK(scsi::build_register_and_move_parameter_list(out, bad).error() == errc::invalid_argument);
    std::array<byte, 48> two{};
    for (std::size_t i = 0; i < 24; ++i) two[i] = two[24 + i] = fc_id[i];
    bad.transport_id = byte_view(two.data(), two.size()); // two TransportIDs: one is required
    CHECK(scsi::build_register_and_move_parameter_list(out, bad).error() == errc::invalid_argument);
    CHECK(scsi::build_register_and_move_parameter_list(out.first(47), p).error() == errc::buffer_too_small);
}

} // namespace test_scsi_persistent_reserve_out_test
