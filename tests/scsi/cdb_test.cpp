// SPDX-License-Identifier: MIT
#include <mpio/scsi/cdb.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_cdb_test {

using mpio::byte;
using mpio::errc;
using mpio::mutable_byte_view;
using mpio::result;
namespace scsi = mpio::scsi;

namespace {

// What a builder did to a 24-byte buffer pre-filled with a sentinel, so the
// tests can check both the bytes written and the bytes left alone.
constexpr byte sentinel = 0xEE;
struct outcome {
    byte bytes[24]{};
    std::size_t size = 0; // the builder's return value
    errc error = errc::none;
};

// Runs `build` on the first `buffer_size` bytes of a fresh sentinel-filled buffer.
template <class Build>
constexpr outcome run(Build build, std::size_t buffer_size = 24) noexcept
{
    outcome o;
    for (byte& b : o.bytes) b = sentinel;
    const result<std::size_t> r = build(mutable_byte_view(o.bytes, buffer_size));
    if (r)
        o.size = r.value();
    else
        o.error = r.error();
    return o;
}

// The builder succeeded, wrote exactly `expected`, and nothing past it.
constexpr bool wrote(const outcome& o, std::initializer_list<int> expected) noexcept
{
    if (o.error != errc::none || o.size != expected.size()) return false;
    std::size_t i = 0;
    for (int e : expected)
        if (o.bytes[i++] != static_cast<byte>(e)) return false;
    for (; i < sizeof o.bytes; ++i)
        if (o.bytes[i] != sentinel) return false;
    return true;
}

// The builder failed with `e` and wrote nothing at all.
constexpr bool failed(const outcome& o, errc e) noexcept
{
    if (o.error != e) return false;
    for (byte b : o.bytes)
        if (b != sentinel) return false;
    return true;
}

// Every buffer shorter than the CDB gives buffer_too_small and stays untouched;
// the exact size works.
template <class Build>
constexpr bool needs_exactly(std::size_t length, Build build) noexcept
{
    for (std::size_t size = 0; size < length; ++size)
        if (!failed(run(build, size), errc::buffer_too_small)) return false;
    const outcome o = run(build, length);
    return o.error == errc::none && o.size == length;
}

} // namespace

TEST_CASE("cdb: opcode and service action constants match SPC-6 and SBC-4", "[scsi][cdb]")
{
    STATIC_REQUIRE(scsi::opcode::test_unit_ready == 0x00);
    STATIC_REQUIRE(scsi::opcode::inquiry == 0x12);
    STATIC_REQUIRE(scsi::opcode::service_action_in_16 == 0x9E);
    STATIC_REQUIRE(scsi::opcode::report_luns == 0xA0);
    STATIC_REQUIRE(scsi::opcode::maintenance_in == 0xA3);
    STATIC_REQUIRE(scsi::opcode::maintenance_out == 0xA4);
    STATIC_REQUIRE(scsi::service_action::read_capacity_16 == 0x10);
    STATIC_REQUIRE(scsi::service_action::report_target_port_groups == 0x0A);
    STATIC_REQUIRE(scsi::service_action::set_target_port_groups == 0x0A);
}

TEST_CASE("cdb: TEST UNIT READY", "[scsi][cdb]")
{
    STATIC_REQUIRE(
        wrote(run([](mutable_byte_view out) { return scsi::build_test_unit_ready(out); }), {0x00, 0, 0, 0, 0, 0}));
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_test_unit_ready(out, 0x04); }),
                         {0x00, 0, 0, 0, 0, 0x04}));
    STATIC_REQUIRE(needs_exactly(6, [](mutable_byte_view out) { return scsi::build_test_unit_ready(out); }));
}

TEST_CASE("cdb: INQUIRY, standard and EVPD", "[scsi][cdb]")
{
    // Standard INQUIRY data, 36 bytes (what sg_inq sends by default).
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_inquiry(out, false, 0, 36); }),
                         {0x12, 0x00, 0x00, 0x00, 0x24, 0x00}));
    // Device Identification VPD page, 16-bit allocation length, big-endian.
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_inquiry(out, true, 0x83, 0x1234); }),
                         {0x12, 0x01, 0x83, 0x12, 0x34, 0x00}));
    // Supported VPD Pages (page 00h) is a valid EVPD request; maximum length; control byte.
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_inquiry(out, true, 0x00, 0xFFFF, 0xC4); }),
                         {0x12, 0x01, 0x00, 0xFF, 0xFF, 0xC4}));
    STATIC_REQUIRE(needs_exactly(6, [](mutable_byte_view out) { return scsi::build_inquiry(out, true, 0x80, 255); }));
}

TEST_CASE("cdb: INQUIRY rejects a page code without EVPD", "[scsi][cdb]")
{
    STATIC_REQUIRE(failed(run([](mutable_byte_view out) { return scsi::build_inquiry(out, false, 0x83, 255); }),
                          errc::invalid_argument));
    // Arguments are checked before the buffer size.
    STATIC_REQUIRE(failed(run([](mutable_byte_view out) { return scsi::build_inquiry(out, false, 0x80, 255); }, 0),
                          errc::invalid_argument));
    byte cdb[6] = {1, 2, 3, 4, 5, 6};
    const result<std::size_t> r = scsi::build_inquiry(cdb, false, 0xB0, 64);
    REQUIRE(r.error() == errc::invalid_argument);
    REQUIRE(cdb[0] == 1);
    REQUIRE(cdb[5] == 6);
}

TEST_CASE("cdb: REPORT LUNS", "[scsi][cdb]")
{
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_luns(out, scsi::select_report::all_logical_units, 0x00012340);
                         }),
                         {0xA0, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x23, 0x40, 0x00, 0x00}));
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_luns(out, scsi::select_report::logical_units, 16, 0x80);
                         }),
                         {0xA0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80}));
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_luns(out, scsi::select_report::subsidiary_logical_units,
                                                            0xFFFFFFFFu);
                         }),
                         {0xA0, 0x00, 0x12, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00}));
    // Vendor-specific SELECT REPORT codes pass through.
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_luns(out, static_cast<scsi::select_report>(0xF8), 4096);
                         }),
                         {0xA0, 0x00, 0xF8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00}));
    STATIC_REQUIRE(needs_exactly(12, [](mutable_byte_view out) {
        return scsi::build_report_luns(out, scsi::select_report::well_known_logical_units, 1024);
    }));
}

TEST_CASE("cdb: REPORT LUNS rejects an allocation length below 16 and reserved SELECT REPORT codes", "[scsi][cdb]")
{
    STATIC_REQUIRE(failed(run([](mutable_byte_view out) {
                              return scsi::build_report_luns(out, scsi::select_report::all_logical_units, 15);
                          }),
                          errc::invalid_argument));
    STATIC_REQUIRE(failed(run([](mutable_byte_view out) {
                              return scsi::build_report_luns(out, scsi::select_report::all_logical_units, 0);
                          }),
                          errc::invalid_argument));
    for (unsigned code = 0; code <= 0xFF; ++code) {
        const auto select = static_cast<scsi::select_report>(code);
        const bool defined = code <= 0x02 || (code >= 0x10 && code <= 0x12) || code >= 0xF8;
        byte cdb[12]{};
        const result<std::size_t> r = scsi::build_report_luns(cdb, select, 512);
        CAPTURE(code);
        REQUIRE(r.has_value() == defined);
        REQUIRE(scsi::is_reserved(select) == !defined);
        if (!defined)
            REQUIRE(r.error() == errc::invalid_argument);
        else
            REQUIRE(cdb[2] == code);
    }
}

TEST_CASE("cdb: READ CAPACITY (16)", "[scsi][cdb]")
{
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_read_capacity_16(out, 32); }),
                         {0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00}));
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_read_capacity_16(out, 0x01020304, 0x01); }),
                         {0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x00, 0x01}));
    STATIC_REQUIRE(needs_exactly(16, [](mutable_byte_view out) { return scsi::build_read_capacity_16(out, 32); }));
}

TEST_CASE("cdb: REPORT TARGET PORT GROUPS", "[scsi][cdb]")
{
    using scsi::rtpg_parameter_data_format;
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_target_port_groups(out, rtpg_parameter_data_format::length_only,
                                                                          0x1000);
                         }),
                         {0xA3, 0x0A, 0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00}));
    // Extended header: PARAMETER DATA FORMAT 001b in bits 7..5 of byte 1.
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_target_port_groups(
                                 out, rtpg_parameter_data_format::extended_header, 0xA1B2C3D4u, 0x04);
                         }),
                         {0xA3, 0x2A, 0, 0, 0, 0, 0xA1, 0xB2, 0xC3, 0xD4, 0x00, 0x04}));
    STATIC_REQUIRE(needs_exactly(12, [](mutable_byte_view out) {
        return scsi::build_report_target_port_groups(out, rtpg_parameter_data_format::extended_header, 256);
    }));
    for (unsigned code = 2; code <= 0xFF; ++code) {
        CAPTURE(code);
        REQUIRE(failed(run([code](mutable_byte_view out) {
                           return scsi::build_report_target_port_groups(
                               out, static_cast<rtpg_parameter_data_format>(code), 256);
                       }),
                       errc::invalid_argument));
    }
}

TEST_CASE("cdb: SET TARGET PORT GROUPS", "[scsi][cdb]")
{
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_set_target_port_groups(out, 12); }),
                         {0xA4, 0x0A, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x0C, 0x00, 0x00}));
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_set_target_port_groups(out, 0, 0x40); }),
                         {0xA4, 0x0A, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40}));
    STATIC_REQUIRE(needs_exactly(12, [](mutable_byte_view out) { return scsi::build_set_target_port_groups(out, 8); }));
}

namespace {
using scsi::asymmetric_access_state;
using scsi::set_target_port_group_descriptor;

constexpr set_target_port_group_descriptor failover[] = {
    {asymmetric_access_state::active_optimized, 0x0001},
    {asymmetric_access_state::standby, 0x0102},
    {asymmetric_access_state::unavailable, 0xFFFF},
    {asymmetric_access_state::active_non_optimized, 0x8000},
};
} // namespace

TEST_CASE("cdb: SET TARGET PORT GROUPS parameter list", "[scsi][cdb]")
{
    STATIC_REQUIRE(scsi::set_target_port_groups_parameter_list_length(0) == 4);
    STATIC_REQUIRE(scsi::set_target_port_groups_parameter_list_length(4) == 20);
    STATIC_REQUIRE(wrote(
        run([](mutable_byte_view out) { return scsi::build_set_target_port_groups_parameter_list(out, failover); }),
        {0,    0,    0,    0,       // reserved header
         0x00, 0x00, 0x00, 0x01,    // active/optimized, group 1
         0x02, 0x00, 0x01, 0x02,    // standby, group 0102h
         0x03, 0x00, 0xFF, 0xFF,    // unavailable, group FFFFh
         0x01, 0x00, 0x80, 0x00})); // active/non-optimized, group 8000h
    // No descriptors: just the header (a null pointer is fine with count 0).
    STATIC_REQUIRE(wrote(
        run([](mutable_byte_view out) { return scsi::build_set_target_port_groups_parameter_list(out, nullptr, 0); }),
        {0, 0, 0, 0}));
    STATIC_REQUIRE(needs_exactly(
        20, [](mutable_byte_view out) { return scsi::build_set_target_port_groups_parameter_list(out, failover); }));
}

TEST_CASE("cdb: the parameter list and the CDB fit together", "[scsi][cdb]")
{
    byte list[4 + 4 * 2]{};
    const result<std::size_t> n = scsi::build_set_target_port_groups_parameter_list(list, failover, 2);
    REQUIRE(n.value() == sizeof list);
    byte cdb[scsi::cdb_length::max]{};
    const result<std::size_t> c = scsi::build_set_target_port_groups(cdb, static_cast<std::uint32_t>(n.value()));
    REQUIRE(c.value() == scsi::cdb_length::set_target_port_groups);
    REQUIRE(mpio::load_be32(mpio::byte_view(cdb), 6) == sizeof list);
}

TEST_CASE("cdb: the parameter list only carries states SET TARGET PORT GROUPS can set", "[scsi][cdb]")
{
    for (unsigned code = 0; code <= 0xFF; ++code) {
        const auto state = static_cast<asymmetric_access_state>(code);
        CAPTURE(code);
        REQUIRE(scsi::settable_by_stpg(state) == (code <= 3));
        const set_target_port_group_descriptor one[] = {{asymmetric_access_state::standby, 7}, {state, 9}};
        const outcome o =
            run([&](mutable_byte_view out) { return scsi::build_set_target_port_groups_parameter_list(out, one); });
        if (code <= 3) {
            REQUIRE(wrote(o, {0, 0, 0, 0, 0x02, 0, 0, 7, static_cast<int>(code), 0, 0, 9}));
        } else {
            REQUIRE(failed(o, errc::invalid_argument));
        }
    }
    // Named states that a device server refuses in STPG.
    STATIC_REQUIRE(!scsi::settable_by_stpg(asymmetric_access_state::logical_block_dependent));
    STATIC_REQUIRE(!scsi::settable_by_stpg(asymmetric_access_state::offline));
    STATIC_REQUIRE(!scsi::settable_by_stpg(asymmetric_access_state::transitioning));
}

TEST_CASE("cdb: the parameter list rejects impossible counts and null descriptors", "[scsi][cdb]")
{
    // 4 + 4 * count must fit the 32-bit PARAMETER LIST LENGTH.
    STATIC_REQUIRE(scsi::set_target_port_groups_parameter_list_length(0x3FFFFFFE) == 0xFFFFFFFC);
    STATIC_REQUIRE(scsi::set_target_port_groups_parameter_list_length(0x3FFFFFFF) == 0);
    STATIC_REQUIRE(scsi::set_target_port_groups_parameter_list_length(static_cast<std::size_t>(-1)) == 0);
    // The count is checked before any descriptor is read.
    REQUIRE(failed(run([](mutable_byte_view out) {
                       return scsi::build_set_target_port_groups_parameter_list(out, failover, 0x3FFFFFFF);
                   }),
                   errc::invalid_argument));
    REQUIRE(failed(
        run([](mutable_byte_view out) { return scsi::build_set_target_port_groups_parameter_list(out, nullptr, 1); }),
        errc::invalid_argument));
    // Invalid arguments win over a small buffer.
    const set_target_port_group_descriptor bad[] = {{asymmetric_access_state::transitioning, 1}};
    REQUIRE(failed(
        run([&](mutable_byte_view out) { return scsi::build_set_target_port_groups_parameter_list(out, bad); }, 2),
        errc::invalid_argument));
}

TEST_CASE("cdb: a CDB fits a 16-byte request-block field and leaves the rest alone", "[scsi][cdb]")
{
    byte srb_cdb[16];
    for (byte& b : srb_cdb) b = 0x5A;
    const result<std::size_t> n = scsi::build_inquiry(srb_cdb, true, 0x83, 252);
    REQUIRE(n.value() == 6);
    REQUIRE(srb_cdb[0] == 0x12);
    REQUIRE(srb_cdb[4] == 252);
    for (std::size_t i = 6; i < sizeof srb_cdb; ++i) REQUIRE(srb_cdb[i] == 0x5A);
    // Buffer too small at run time, through a pointer + size view.
    byte small[5] = {};
    REQUIRE(scsi::build_test_unit_ready(mutable_byte_view(small, sizeof small)).error() == errc::buffer_too_small);
    REQUIRE(scsi::build_read_capacity_16(mutable_byte_view(srb_cdb, 15), 32).error() == errc::buffer_too_small);
    REQUIRE(
        scsi::build_report_luns(mutable_byte_view(nullptr, 12), scsi::select_report::all_logical_units, 16).error() ==
        errc::buffer_too_small);
}

TEST_CASE("cdb: field values have the standard's names", "[scsi][cdb]")
{
    // asymmetric_access_state names: tests/scsi/asymmetric_access_state_test.cpp.
    REQUIRE(std::string(scsi::to_string(scsi::select_report::all_logical_units)) == "all logical units");
    REQUIRE(std::string(scsi::to_string(static_cast<scsi::select_report>(0x05))) == "reserved");
    REQUIRE(std::string(scsi::to_string(static_cast<scsi::select_report>(0xFF))) == "vendor specific");
    REQUIRE(scsi::is_vendor_specific(static_cast<scsi::select_report>(0xF8)));
    REQUIRE(!scsi::is_vendor_specific(scsi::select_report::administrative_logical_units));

    REQUIRE(std::string(scsi::to_string(scsi::rtpg_parameter_data_format::length_only)) == "length only");
    REQUIRE(std::string(scsi::to_string(scsi::rtpg_parameter_data_format::extended_header)) == "extended header");
    REQUIRE(std::string(scsi::to_string(static_cast<scsi::rtpg_parameter_data_format>(2))) == "reserved");
}

TEST_CASE("cdb: READ CAPACITY (10)", "[scsi][cdb]")
{
    STATIC_REQUIRE(scsi::opcode::read_capacity_10 == 0x25);
    STATIC_REQUIRE(scsi::cdb_length::read_capacity_10 == 10);
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_read_capacity_10(out); }),
                         {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0x00}));
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) { return scsi::build_read_capacity_10(out, 0x04); }),
                         {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0x04}));
    STATIC_REQUIRE(needs_exactly(10, [](mutable_byte_view out) { return scsi::build_read_capacity_10(out); }));
}

TEST_CASE("cdb: REPORT SUPPORTED OPERATION CODES", "[scsi][cdb][rsoc]")
{
    using scsi::rsoc_reporting_options;
    STATIC_REQUIRE(scsi::service_action::report_supported_operation_codes == 0x0C);
    STATIC_REQUIRE(scsi::cdb_length::report_supported_operation_codes == 12);
    // The CDB tgt was sent for tests/data/targets/tgt_rsoc_all.hex.
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_supported_operation_codes(
                                 out, rsoc_reporting_options::all_commands, 0, 0, 8192);
                         }),
                         {0xA3, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00}));
    // RCTD is bit 7 of byte 2, REPORTING OPTIONS bits 2..0; opcode in byte
    // 3, service action in bytes 4-5, allocation length in bytes 6-9.
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_supported_operation_codes(
                                 out, rsoc_reporting_options::one_command_opcode_service_action, 0x9E, 0x0010,
                                 0x01020304u, true, 0x40);
                         }),
                         {0xA3, 0x0C, 0x82, 0x9E, 0x00, 0x10, 0x01, 0x02, 0x03, 0x04, 0x00, 0x40}));
    STATIC_REQUIRE(wrote(run([](mutable_byte_view out) {
                             return scsi::build_report_supported_operation_codes(
                                 out, rsoc_reporting_options::one_command_either, 0xA3, 0xABCD, 512);
                         }),
                         {0xA3, 0x0C, 0x03, 0xA3, 0xAB, 0xCD, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}));
    STATIC_REQUIRE(needs_exactly(12, [](mutable_byte_view out) {
        return scsi::build_report_supported_operation_codes(out, rsoc_reporting_options::one_command_opcode, 0x28, 0,
                                                            512);
    }));
    STATIC_REQUIRE(!scsi::is_reserved(rsoc_reporting_options::one_command_either));
    STATIC_REQUIRE(std::string_view(scsi::to_string(static_cast<rsoc_reporting_options>(4))) == "reserved");
    for (unsigned code = 4; code <= 0xFF; ++code) {
        CAPTURE(code);
        REQUIRE(failed(run([code](mutable_byte_view out) {
                           return scsi::build_report_supported_operation_codes(
                               out, static_cast<rsoc_reporting_options>(code), 0, 0, 512);
                       }),
                       errc::invalid_argument));
    }
}

} // namespace test_scsi_cdb_test
