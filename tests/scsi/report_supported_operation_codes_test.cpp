// SPDX-License-Identifier: MIT
#include <mpio/scsi/report_supported_operation_codes.hpp>

#include <mpio/hosted/hex_input.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_report_supported_operation_codes_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace scsi = mpio::scsi;

namespace {

// all_commands format, built from the SPC-6 tables: INQUIRY (no service
// action, no timeouts), READ CAPACITY (16) (SERVICE ACTION IN (16) / 10h,
// CTDP with timeouts 30 s nominal, 60 s recommended, MLU 01b) and
// REPORT LUNS (MLU 11b, RWCDLP and CDLP 10b set).
constexpr byte all_commands[] = {
    0x00, 0x00, 0x00, 0x24,                         // COMMAND DATA LENGTH 36
    0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, // INQUIRY, CDB LENGTH 6
    0x9e, 0x00, 0x00, 0x10, 0x00, 0x13, 0x00, 0x10, // 9Eh/10h: MLU 01b, CTDP, SERVACTV, CDB LENGTH 16
    0x00, 0x0a, 0x00, 0x07,                         //   timeouts: length 0Ah, command specific 7
    0x00, 0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x3c, //   30 s, 60 s
    0xa0, 0x00, 0xff, 0xff, 0x00, 0x78, 0x00, 0x0c, // REPORT LUNS: RWCDLP, MLU 11b, CDLP 10b (SA reserved)
};

// one_command format: READ (10) supported, its usage map, with timeouts.
constexpr byte one_read_10[] = {
    0x01, 0xa3, 0x00, 0x0a,                                     // RWCDLP; CTDP, MLU 01b, SUPPORT 011b; CDB SIZE 10
    0x28, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff, 0xff, 0x07, // CDB USAGE DATA
    0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x0a,
};

// one_command format: not supported, no usage data.
constexpr byte one_not_supported[] = {0x00, 0x01, 0x00, 0x00};

constexpr scsi::rsoc_all_commands parse_all(byte_view b) noexcept { return *scsi::parse_rsoc_all_commands(b); }
constexpr scsi::rsoc_one_command parse_one(byte_view b) noexcept { return *scsi::parse_rsoc_one_command(b); }

constexpr std::size_t count(const scsi::command_descriptor_list& list) noexcept { return list.status().count; }

std::vector<byte> load_target(const char* name)
{
    const mpio::hosted::input_bytes in = mpio::hosted::load_bytes(std::string(MPIO_TEST_DATA_DIR) + "/targets/" + name);
    INFO(name << ": " << in.error.reason);
    REQUIRE(in.ok);
    return in.bytes;
}

byte_view view(const std::vector<byte>& v) { return {v.data(), v.size()}; }

} // namespace

TEST_CASE("rsoc: all_commands format", "[scsi][rsoc][constexpr]")
{
    constexpr auto r = parse_all(all_commands);
    STATIC_REQUIRE(r.command_data_length() == 36);
    STATIC_REQUIRE(r.required_allocation_length() == 40);
    STATIC_REQUIRE(!r.truncated());
    STATIC_REQUIRE(count(r.commands()) == 3);
    STATIC_REQUIRE(r.commands().status().ok());

    constexpr auto inquiry = *r.commands().at(0);
    STATIC_REQUIRE(inquiry.operation_code() == 0x12);
    STATIC_REQUIRE(!inquiry.servactv());
    STATIC_REQUIRE(!inquiry.ctdp());
    STATIC_REQUIRE(inquiry.cdb_length() == 6);
    STATIC_REQUIRE(inquiry.bytes().size() == 8);
    STATIC_REQUIRE(inquiry.offset() == 0);
    STATIC_REQUIRE(inquiry.command_timeouts().error() == errc::not_found);

    constexpr auto rc16 = *r.commands().at(1);
    STATIC_REQUIRE(rc16.operation_code() == 0x9e);
    STATIC_REQUIRE(rc16.servactv());
    STATIC_REQUIRE(rc16.service_action() == 0x10);
    STATIC_REQUIRE(rc16.ctdp());
    STATIC_REQUIRE(rc16.mlu() == scsi::multiple_logical_units::this_logical_unit);
    STATIC_REQUIRE(rc16.cdb_length() == 16);
    STATIC_REQUIRE(rc16.bytes().size() == 20);
    STATIC_REQUIRE(rc16.offset() == 8);
    STATIC_REQUIRE(rc16.command_timeouts()->descriptor_length() == 10);
    STATIC_REQUIRE(rc16.command_timeouts()->command_specific() == 7);
    STATIC_REQUIRE(rc16.command_timeouts()->nominal_command_processing_timeout() == 30);
    STATIC_REQUIRE(rc16.command_timeouts()->recommended_command_timeout() == 60);

    constexpr auto luns = *r.commands().at(2);
    STATIC_REQUIRE(luns.operation_code() == 0xa0);
    STATIC_REQUIRE(!luns.servactv());
    STATIC_REQUIRE(luns.rwcdlp());
    STATIC_REQUIRE(luns.mlu() == scsi::multiple_logical_units::all_logical_units);
    STATIC_REQUIRE(luns.cdlp() == 2);
    STATIC_REQUIRE(luns.offset() == 28);

    // Lookups: by operation code alone only for commands without service
    // actions, with the service action only for those with them.
    STATIC_REQUIRE(r.find(0x12)->cdb_length() == 6);
    STATIC_REQUIRE(r.find(0x9e, 0x10)->cdb_length() == 16);
    STATIC_REQUIRE(r.find(0x9e).error() == errc::not_found);
    STATIC_REQUIRE(r.find(0x9e, 0x11).error() == errc::not_found);
    STATIC_REQUIRE(r.find(0xa0, 0xffff).error() == errc::not_found); // SERVACTV zero: the field is reserved
    STATIC_REQUIRE(r.find(0xa0)->mlu() == scsi::multiple_logical_units::all_logical_units);
    STATIC_REQUIRE(r.find(0x28).error() == errc::not_found);
}

TEST_CASE("rsoc: all_commands truncation and malformed descriptors", "[scsi][rsoc]")
{
    const byte_view whole(all_commands);
    for (std::size_t n = 0; n <= whole.size(); ++n) {
        INFO("prefix " << n);
        const auto r = scsi::parse_rsoc_all_commands(whole.first(n));
        if (n < 4) {
            CHECK(r.error() == errc::too_short);
            continue;
        }
        REQUIRE(r.has_value());
        CHECK(r->truncated() == (n < 40));
        CHECK(r->required_allocation_length() == 40);
        const mpio::list_status s = r->commands().status();
        // Whole descriptors stay usable; a cut one stops the walk.
        const std::size_t whole_descriptors = n >= 40 ? 3 : n >= 32 ? 2 : n >= 12 ? 1 : 0;
        CHECK(s.count == whole_descriptors);
        const std::size_t ends[] = {4, 12, 32, 40};
        bool at_boundary = false;
        for (std::size_t e : ends) at_boundary = at_boundary || n == e;
        if (at_boundary) {
            CHECK(s.ok());
        } else {
            // Cut inside the 8-byte header: too_short; inside the 20-byte
            // READ CAPACITY (16) descriptor past its header: descriptor_overrun.
            CHECK(s.error == ((n >= 20 && n < 32) ? errc::descriptor_overrun : errc::too_short));
        }
    }

    // COMMAND DATA LENGTH shorter than the data: the rest is ignored.
    byte shorter[sizeof all_commands];
    for (std::size_t i = 0; i < sizeof shorter; ++i) shorter[i] = all_commands[i];
    shorter[3] = 8;
    CHECK(parse_all(shorter).commands().status().count == 1);
    CHECK(parse_all(shorter).commands().status().ok());
    // COMMAND DATA LENGTH ending inside the 20-byte descriptor contradicts it.
    shorter[3] = 16;
    CHECK(parse_all(shorter).commands().status().error == errc::descriptor_overrun);
    CHECK(parse_all(shorter).commands().status().count == 1);
    CHECK(!parse_all(shorter).truncated());
    // A timeouts descriptor with a wrong DESCRIPTOR LENGTH.
    shorter[3] = 36;
    shorter[21] = 0x0c;
    CHECK(parse_all(shorter).find(0x9e, 0x10)->command_timeouts().error() == errc::length_mismatch);
    // An empty list.
    constexpr byte empty[4] = {};
    CHECK(parse_all(empty).commands().status().count == 0);
    CHECK(parse_all(empty).commands().status().ok());
    CHECK(parse_all(empty).find(0x12).error() == errc::not_found);
    // A huge COMMAND DATA LENGTH: truncated, the returned descriptors listed.
    byte huge[12] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06};
    CHECK(parse_all(huge).truncated());
    CHECK(parse_all(huge).required_allocation_length() == 0xffff'ffffull + 4);
    CHECK(parse_all(huge).commands().status().count == 1);
}

TEST_CASE("rsoc: one_command format", "[scsi][rsoc][constexpr]")
{
    constexpr auto r = parse_one(one_read_10);
    STATIC_REQUIRE(r.rwcdlp());
    STATIC_REQUIRE(r.ctdp());
    STATIC_REQUIRE(r.mlu() == scsi::multiple_logical_units::this_logical_unit);
    STATIC_REQUIRE(r.cdlp() == 0);
    STATIC_REQUIRE(r.support() == scsi::command_support::supported);
    STATIC_REQUIRE(scsi::is_supported(r.support()));
    STATIC_REQUIRE(r.cdb_size() == 10);
    STATIC_REQUIRE(r.required_allocation_length() == 26);
    STATIC_REQUIRE(!r.truncated());
    STATIC_REQUIRE(*r.operation_code() == 0x28);
    STATIC_REQUIRE(r.cdb_usage_data().size() == 10);
    STATIC_REQUIRE(r.uses(1, 7));   // RDPROTECT
    STATIC_REQUIRE(!r.uses(1, 0));  // obsolete bit 0 of byte 1
    STATIC_REQUIRE(r.uses(6, 4));   // GROUP NUMBER
    STATIC_REQUIRE(!r.uses(6, 5));  // reserved
    STATIC_REQUIRE(!r.uses(10, 0)); // past the usage data
    STATIC_REQUIRE(!r.uses(1, 8));  // no such bit
    STATIC_REQUIRE(r.command_timeouts()->nominal_command_processing_timeout() == 5);
    STATIC_REQUIRE(r.command_timeouts()->recommended_command_timeout() == 10);

    constexpr auto n = parse_one(one_not_supported);
    STATIC_REQUIRE(n.support() == scsi::command_support::not_supported);
    STATIC_REQUIRE(!scsi::is_supported(n.support()));
    STATIC_REQUIRE(n.cdb_usage_data().empty());
    STATIC_REQUIRE(n.operation_code().error() == errc::too_short);
    STATIC_REQUIRE(n.command_timeouts().error() == errc::not_found);
    STATIC_REQUIRE(!n.truncated());

    STATIC_REQUIRE(scsi::is_reserved(static_cast<scsi::command_support>(2)));
    STATIC_REQUIRE(scsi::is_reserved(static_cast<scsi::command_support>(7)));
    STATIC_REQUIRE(!scsi::is_reserved(scsi::command_support::supported_vendor_specific));
    STATIC_REQUIRE(std::string_view(scsi::to_string(static_cast<scsi::command_support>(4))) == "reserved");
    STATIC_REQUIRE(std::string_view(scsi::to_string(scsi::multiple_logical_units::more_than_one)) ==
                   "affects more than one, not all, logical units");
}

TEST_CASE("rsoc: one_command truncation and contradictions", "[scsi][rsoc]")
{
    const byte_view whole(one_read_10);
    for (std::size_t n = 0; n <= whole.size(); ++n) {
        INFO("prefix " << n);
        const auto r = scsi::parse_rsoc_one_command(whole.first(n));
        if (n < 4) {
            CHECK(r.error() == errc::too_short);
            continue;
        }
        REQUIRE(r.has_value());
        CHECK(r->truncated() == (n < 26));
        CHECK(r->required_allocation_length() == 26);
        CHECK(r->cdb_usage_data().size() == (n < 14 ? n - 4 : 10));
        CHECK(r->operation_code().has_value() == (n > 4));
        CHECK(r->command_timeouts().error() == (n < 26 ? errc::too_short : errc::none));
    }
    // Longer than required: the rest is ignored.
    byte longer[sizeof one_read_10 + 4]{};
    for (std::size_t i = 0; i < sizeof one_read_10; ++i) longer[i] = one_read_10[i];
    CHECK(parse_one(longer).bytes().size() == 26);
    // A timeouts descriptor whose DESCRIPTOR LENGTH is not 0Ah.
    longer[15] = 0x0b;
    CHECK(parse_one(longer).command_timeouts().error() == errc::length_mismatch);
    // CTDP without room for the timeouts is truncation, not a crash.
    constexpr byte ctdp_only[] = {0x00, 0x83, 0x00, 0x01, 0x00};
    CHECK(parse_one(ctdp_only).truncated());
    CHECK(parse_one(ctdp_only).required_allocation_length() == 17);
    CHECK(parse_one(ctdp_only).command_timeouts().error() == errc::too_short);
}

TEST_CASE("rsoc: command timeouts descriptor", "[scsi][rsoc][constexpr]")
{
    constexpr byte good[12] = {0x00, 0x0a, 0xff, 0x01, 0x00, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff};
    STATIC_REQUIRE(scsi::parse_command_timeouts_descriptor(good)->command_specific() == 1);
    STATIC_REQUIRE(scsi::parse_command_timeouts_descriptor(good)->nominal_command_processing_timeout() == 256);
    STATIC_REQUIRE(scsi::parse_command_timeouts_descriptor(good)->recommended_command_timeout() == 0xffff'ffffu);
    STATIC_REQUIRE(scsi::parse_command_timeouts_descriptor(byte_view(good).first(11)).error() == errc::too_short);
    constexpr byte bad[12] = {0x00, 0x14};
    STATIC_REQUIRE(scsi::parse_command_timeouts_descriptor(bad).error() == errc::length_mismatch);
}

TEST_CASE("rsoc: tgt, all commands", "[scsi][rsoc][targets]")
{
    const std::vector<byte> bytes = load_target("tgt_rsoc_all.hex");
    const auto r = scsi::parse_rsoc_all_commands(view(bytes));
    REQUIRE(r.has_value());
    CHECK(r->command_data_length() == 400);
    CHECK(!r->truncated());
    const mpio::list_status s = r->commands().status();
    CHECK(s.ok());
    CHECK(s.count == 50); // 400 bytes of 8-byte descriptors: tgt sends no timeouts without RCTD
    for (const scsi::command_descriptor c : r->commands()) CHECK(!c.ctdp());
    const auto length_of = [&](auto... code) -> int {
        const auto c = r->find(code...);
        return c ? c->cdb_length() : -static_cast<int>(c.error());
    };
    CHECK(length_of(byte{0x28}) == 10);                      // READ (10)
    CHECK(length_of(byte{0x25}) == 10);                      // READ CAPACITY (10)
    CHECK(length_of(byte{0x9e}, std::uint16_t{0x10}) == 16); // READ CAPACITY (16)
    CHECK(length_of(byte{0x9e}, std::uint16_t{0x12}) == 16); // GET LBA STATUS
    CHECK(length_of(byte{0xa3}, std::uint16_t{0x0c}) == 12); // this very command
    CHECK(length_of(byte{0x5f}, std::uint16_t{0x07}) == 10); // PERSISTENT RESERVE OUT, REGISTER AND MOVE
    CHECK(length_of(byte{0xa3}, std::uint16_t{0x0a}) ==
          -static_cast<int>(errc::not_found));       // no RTPG in tgt 1.0.85's list
    CHECK(r->find(0xa3).error() == errc::not_found); // has service actions: needs one
}

TEST_CASE("rsoc: tgt, all commands with RCTD", "[scsi][rsoc][targets]")
{
    const std::vector<byte> bytes = load_target("tgt_rsoc_all_rctd.hex");
    const auto r = scsi::parse_rsoc_all_commands(view(bytes));
    REQUIRE(r.has_value());
    CHECK(r->command_data_length() == 1000);
    const mpio::list_status s = r->commands().status();
    CHECK(s.ok());
    CHECK(s.count == 50); // the same 50 commands, 20 bytes each
    for (const scsi::command_descriptor c : r->commands()) {
        CHECK(c.ctdp());
        const auto t = c.command_timeouts();
        REQUIRE(t.has_value());
        CHECK(t->nominal_command_processing_timeout() == 0); // tgt reports none
        CHECK(t->recommended_command_timeout() == 0);
    }
    // The same operation codes and CDB lengths as without RCTD.
    const std::vector<byte> plain = load_target("tgt_rsoc_all.hex");
    const auto p = scsi::parse_rsoc_all_commands(view(plain));
    auto a = p->commands().begin();
    for (const scsi::command_descriptor c : r->commands()) {
        REQUIRE(!a.done());
        CHECK((*a).operation_code() == c.operation_code());
        CHECK((*a).service_action() == c.service_action());
        CHECK((*a).cdb_length() == c.cdb_length());
        ++a;
    }
}

TEST_CASE("rsoc: tgt, all commands cut by an allocation length of 64", "[scsi][rsoc][targets]")
{
    const std::vector<byte> bytes = load_target("tgt_rsoc_all_allocation_length_64.hex");
    REQUIRE(bytes.size() == 64);
    const auto r = scsi::parse_rsoc_all_commands(view(bytes));
    REQUIRE(r.has_value());
    CHECK(r->truncated());
    CHECK(r->required_allocation_length() == 404);
    const mpio::list_status s = r->commands().status();
    CHECK(s.count == 7);
    CHECK(s.error == errc::too_short); // the eighth descriptor: 4 of its 8 bytes
    CHECK(s.offset == 56);
}

TEST_CASE("rsoc: tgt, one command", "[scsi][rsoc][targets]")
{
    const std::vector<byte> read_10 = load_target("tgt_rsoc_one_read_10.hex");
    const auto r = scsi::parse_rsoc_one_command(view(read_10));
    REQUIRE(r.has_value());
    CHECK(r->support() == scsi::command_support::supported);
    CHECK(!r->ctdp());
    CHECK(r->cdb_size() == 10);
    CHECK(*r->operation_code() == 0x28);
    CHECK(!r->truncated());
    CHECK(r->uses(1, 3)); // FUA

    const std::vector<byte> rctd = load_target("tgt_rsoc_one_read_10_rctd.hex");
    const auto t = scsi::parse_rsoc_one_command(view(rctd));
    REQUIRE(t.has_value());
    CHECK(t->ctdp());
    CHECK(t->required_allocation_length() == 26);
    CHECK(t->cdb_usage_data() == r->cdb_usage_data());
    REQUIRE(t->command_timeouts().has_value());
    CHECK(t->command_timeouts()->recommended_command_timeout() == 0);

    const std::vector<byte> rc16 = load_target("tgt_rsoc_one_read_capacity_16.hex");
    const auto c = scsi::parse_rsoc_one_command(view(rc16));
    REQUIRE(c.has_value());
    CHECK(c->cdb_size() == 16);
    CHECK(*c->operation_code() == 0x9e);
    CHECK(c->cdb_usage_data()[1] == 0x1f); // the SERVICE ACTION bits

    const std::vector<byte> cut = load_target("tgt_rsoc_one_read_10_allocation_length_6.hex");
    const auto k = scsi::parse_rsoc_one_command(view(cut));
    REQUIRE(k.has_value());
    CHECK(k->truncated());
    CHECK(k->required_allocation_length() == 14);
    CHECK(k->cdb_usage_data().size() == 2);
    CHECK(*k->operation_code() == 0x28);
}

} // namespace test_scsi_report_supported_operation_codes_test
