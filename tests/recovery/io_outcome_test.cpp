// SPDX-License-Identifier: MIT
#include <mpio/recovery/io_outcome.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_recovery_io_outcome_test {

namespace rc = mpio::recovery;
using mpio::byte;
using mpio::byte_view;
using rc::io_outcome;
using rc::scsi_status;
using rc::transport_outcome;
using sk = mpio::scsi::sense_key;

namespace {
// Fixed format, current: NOT READY 04/0A (an array mid-failover).
constexpr byte fixed_04_0a[18] = {0x70, 0, 0x02, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x04, 0x0A, 0, 0, 0, 0};
// Descriptor format, current: UNIT ATTENTION 2A/06.
constexpr byte desc_2a_06[8] = {0x72, 0x06, 0x2A, 0x06, 0, 0, 0, 0};
// Fixed format, deferred: MEDIUM ERROR 0C/00 (a cached write that failed later).
constexpr byte deferred_fixed[18] = {0x71, 0, 0x03, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x0C, 0x00, 0, 0, 0, 0};
// Fixed format that ends before byte 14: the ASC/ASCQ were not returned.
constexpr byte short_fixed[8] = {0x70, 0, 0x06, 0, 0, 0, 0, 0x00};
// Vendor specific response code: not parseable.
constexpr byte vendor_7f[8] = {0x7F, 0, 0, 0, 0, 0, 0, 0};
} // namespace

TEST_CASE("make_condition parses fixed and descriptor sense data", "[recovery]")
{
    constexpr rc::error_condition f =
        rc::make_condition({transport_outcome::ok, scsi_status::check_condition, byte_view(fixed_04_0a)});
    STATIC_REQUIRE(f.has_sense);
    STATIC_REQUIRE(f.has_asc_ascq);
    STATIC_REQUIRE(!f.deferred);
    STATIC_REQUIRE(f.key == sk::not_ready);
    STATIC_REQUIRE(f.asc == 0x04);
    STATIC_REQUIRE(f.ascq == 0x0A);
    constexpr rc::error_condition d =
        rc::make_condition({transport_outcome::ok, scsi_status::check_condition, byte_view(desc_2a_06)});
    STATIC_REQUIRE(d.key == sk::unit_attention);
    STATIC_REQUIRE(d.asc == 0x2A);
    STATIC_REQUIRE(d.ascq == 0x06);
    constexpr rc::error_condition df =
        rc::make_condition({transport_outcome::ok, scsi_status::check_condition, byte_view(deferred_fixed)});
    STATIC_REQUIRE(df.deferred);
    STATIC_REQUIRE(df.key == sk::medium_error);
}

TEST_CASE("make_condition: short, unparseable, or out-of-place sense data", "[recovery]")
{
    constexpr rc::error_condition s =
        rc::make_condition({transport_outcome::ok, scsi_status::check_condition, byte_view(short_fixed)});
    STATIC_REQUIRE(s.has_sense);
    STATIC_REQUIRE(!s.has_asc_ascq);
    STATIC_REQUIRE(s.key == sk::unit_attention);
    constexpr rc::error_condition v =
        rc::make_condition({transport_outcome::ok, scsi_status::check_condition, byte_view(vendor_7f)});
    STATIC_REQUIRE(!v.has_sense);
    STATIC_REQUIRE(v.sense_error == mpio::errc::vendor_specific_format);
    // Sense data with a status other than CHECK CONDITION is not looked at.
    constexpr rc::error_condition b =
        rc::make_condition({transport_outcome::ok, scsi_status::busy, byte_view(fixed_04_0a)});
    STATIC_REQUIRE(!b.has_sense);
    STATIC_REQUIRE(b.status == scsi_status::busy);
    // Nor when the transport failed.
    constexpr rc::error_condition t =
        rc::make_condition({transport_outcome::timeout, scsi_status::check_condition, byte_view(fixed_04_0a)});
    STATIC_REQUIRE(!t.has_sense);
    STATIC_REQUIRE(t.transport == transport_outcome::timeout);
    // CHECK CONDITION with no sense bytes.
    constexpr rc::error_condition n = rc::make_condition({transport_outcome::ok, scsi_status::check_condition, {}});
    STATIC_REQUIRE(!n.has_sense);
    STATIC_REQUIRE(n.sense_error == mpio::errc::none);
    // One byte: too short to be sense data.
    constexpr byte one[1] = {0x70};
    STATIC_REQUIRE(
        rc::make_condition({transport_outcome::ok, scsi_status::check_condition, byte_view(one)}).sense_error ==
        mpio::errc::too_short);
}

TEST_CASE("error_condition helpers and names", "[recovery]")
{
    constexpr auto c = rc::error_condition::check_condition(sk::not_ready, 4, 0x0B, true);
    STATIC_REQUIRE(c.status == scsi_status::check_condition);
    STATIC_REQUIRE(c.has_sense && c.has_asc_ascq && c.deferred);
    STATIC_REQUIRE(rc::error_condition::transport_error(transport_outcome::aborted).transport ==
                   transport_outcome::aborted);
    STATIC_REQUIRE(rc::error_condition::with_status(scsi_status::task_set_full).status == scsi_status::task_set_full);
    CHECK(std::string(rc::to_string(scsi_status::reservation_conflict)) == "RESERVATION CONFLICT");
    CHECK(std::string(rc::to_string(static_cast<scsi_status>(0x20))) == "reserved");
    // The status enum is the scsi layer's (mpio/scsi/status.hpp).
    STATIC_REQUIRE(std::is_same_v<rc::scsi_status, mpio::scsi::scsi_status>);
    CHECK(std::string(rc::to_string(scsi_status::command_terminated)) == "COMMAND TERMINATED");
    CHECK(std::string(rc::to_string(transport_outcome::selection_timeout)) == "selection timeout");
    CHECK(std::string(rc::to_string(transport_outcome::data_overrun)) == "data overrun");
    CHECK(std::string(rc::to_string(transport_outcome::data_underrun)) == "data underrun");
    CHECK(std::string(rc::to_string(static_cast<transport_outcome>(99))) == "unknown");
}

TEST_CASE("make_condition reads key/ASC/ASCQ in place exactly as parse_sense_data does", "[recovery]")
{
    // Every response code, lengths 0..20, ADDITIONAL SENSE LENGTH 0..12: the
    // in-place decoder must accept, reject (with the same errc) and read what
    // the full parser does.
    std::size_t compared = 0;
    for (int code = 0; code < 256; ++code)
        for (std::size_t len = 0; len <= 20; ++len)
            for (int asl = 0; asl <= 12; ++asl) {
                byte buf[20] = {};
                for (std::size_t i = 0; i < 20; ++i) buf[i] = static_cast<byte>(0xA0 + i * 7);
                buf[0] = static_cast<byte>(code);
                buf[7] = static_cast<byte>(asl);
                const byte_view bytes(buf, len);
                const rc::error_condition c =
                    rc::make_condition(io_outcome{transport_outcome::ok, scsi_status::check_condition, bytes});
                const auto s = mpio::scsi::parse_sense_data(bytes);
                if (len == 0) {
                    REQUIRE((!c.has_sense && c.sense_error == mpio::errc::none));
                    continue;
                }
                REQUIRE(c.has_sense == static_cast<bool>(s));
                if (!s) {
                    REQUIRE(c.sense_error == s.error());
                    continue;
                }
                REQUIRE(c.sense_error == mpio::errc::none);
                REQUIRE(c.deferred == s->deferred());
                REQUIRE(c.key == s->sense_key());
                REQUIRE(c.has_asc_ascq == s->has_additional_sense_code());
                if (c.has_asc_ascq) {
                    REQUIRE(c.asc == s->additional_sense_code());
                    REQUIRE(c.ascq == s->additional_sense_code_qualifier());
                }
                ++compared;
            }
    CHECK(compared > 4 * 19 * 13);
}

TEST_CASE("make_condition keeps MSDSM's reading: ScsiGetSenseKeyAndCodes, fixed format if unknown", "[recovery]")
{
    // The WDK's ScsiGetSenseKeyAndCodes(SCSI_SENSE_OPTIONS_FIXED_FORMAT_IF_
    // UNKNOWN_FORMAT_INDICATED), after its description: 72h/73h descriptor,
    // anything else fixed; valid when the buffer holds byte 7; fixed ASC /
    // ASCQ only where min(buffer, 8 + ADDITIONAL SENSE LENGTH) reaches them,
    // else 00h (MSDSM's locals start at 0).
    std::size_t compared = 0;
    for (int code = 0; code < 256; ++code)
        for (std::size_t len = 0; len <= 20; ++len)
            for (int asl = 0; asl <= 12; ++asl) {
                byte buf[20] = {};
                for (std::size_t i = 0; i < 20; ++i) buf[i] = static_cast<byte>(0xA0 + i * 7);
                buf[0] = static_cast<byte>(code);
                buf[7] = static_cast<byte>(asl);
                const rc::error_condition c = rc::make_condition(
                    io_outcome{transport_outcome::ok, scsi_status::check_condition, byte_view(buf, len)});
                const int rc_ = code & 0x7F;
                const bool valid = len >= 8;
                INFO("code " << code << " length " << len << " additional length " << asl);
                REQUIRE(c.msdsm.valid == valid);
                if (!valid) continue;
                if (rc_ == 0x72 || rc_ == 0x73) {
                    REQUIRE(c.msdsm.key == static_cast<sk>(buf[1] & 0x0F));
                    REQUIRE(c.msdsm.asc == buf[2]);
                    REQUIRE(c.msdsm.ascq == buf[3]);
                } else {
                    const std::size_t data = std::min<std::size_t>(len, 8u + static_cast<std::size_t>(asl));
                    REQUIRE(c.msdsm.key == static_cast<sk>(buf[2] & 0x0F));
                    REQUIRE(c.msdsm.asc == (data >= 13 ? buf[12] : 0));
                    REQUIRE(c.msdsm.ascq == (data >= 14 ? buf[13] : 0));
                }
                // Where SPC reads the same bytes, both readings agree.
                if (c.has_sense && c.has_asc_ascq)
                    REQUIRE((c.key == c.msdsm.key && c.asc == c.msdsm.asc && c.ascq == c.msdsm.ascq));
                ++compared;
            }
    CHECK(compared > 256 * 13 * 12);
}

TEST_CASE("read_as: the three places MSDSM's reading differs from SPC's", "[recovery]")
{
    const auto cc = [](const byte* b, std::size_t n) {
        return rc::make_condition(io_outcome{transport_outcome::ok, scsi_status::check_condition, byte_view(b, n)});
    };
    // Deferred sense data: SPC deferred, MSDSM current.
    const rc::error_condition d = cc(deferred_fixed, sizeof deferred_fixed);
    CHECK(d.deferred);
    const rc::error_condition dm = rc::read_as(d, rc::sense_reading::msdsm);
    CHECK((dm.has_sense && !dm.deferred && dm.key == sk::medium_error && dm.asc == 0x0C && dm.ascq == 0x00));
    // An unknown response code: SPC no sense data, MSDSM fixed format.
    const rc::error_condition v = cc(vendor_7f, sizeof vendor_7f);
    CHECK(!v.has_sense);
    const rc::error_condition vm = rc::read_as(v, rc::sense_reading::msdsm);
    CHECK((vm.has_sense && vm.has_asc_ascq && vm.key == sk::no_sense && vm.asc == 0 && vm.ascq == 0));
    // Fixed format without the ASC/ASCQ: SPC has none, MSDSM reads 00h.
    const rc::error_condition s = cc(short_fixed, sizeof short_fixed);
    CHECK((s.has_sense && !s.has_asc_ascq));
    const rc::error_condition sm = rc::read_as(s, rc::sense_reading::msdsm);
    CHECK((sm.has_asc_ascq && sm.key == sk::unit_attention && sm.asc == 0 && sm.ascq == 0));
    // ASC present, ASCQ not (ADDITIONAL SENSE LENGTH 5): MSDSM reads the ASC.
    constexpr byte asc_only[18] = {0x70, 0, 0x06, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0x29, 0x07};
    const rc::error_condition a = rc::read_as(cc(asc_only, 18), rc::sense_reading::msdsm);
    CHECK((a.asc == 0x29 && a.ascq == 0x00));
    // The SPC reading leaves a condition as it is; so does any reading when
    // the status is not CHECK CONDITION or the transport failed.
    CHECK(rc::read_as(d, rc::sense_reading::spc).deferred);
    rc::error_condition t = d;
    t.transport = transport_outcome::timeout;
    CHECK(rc::read_as(t, rc::sense_reading::msdsm).deferred);
    // The builders fill both readings alike.
    constexpr rc::error_condition b = rc::error_condition::check_condition(sk::not_ready, 0x04, 0x0B, true);
    STATIC_REQUIRE((b.msdsm.valid && b.msdsm.key == sk::not_ready && b.msdsm.asc == 0x04 && b.msdsm.ascq == 0x0B));
    STATIC_REQUIRE(!rc::error_condition::with_status(scsi_status::check_condition).msdsm.valid);
}

TEST_CASE("transport_from_srb_status: Windows SRB status, flags masked", "[recovery]")
{
    STATIC_REQUIRE(rc::transport_from_srb_status(0x01) == transport_outcome::ok);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x04 | 0x80) == transport_outcome::ok); // ERROR | AUTOSENSE_VALID
    STATIC_REQUIRE(rc::transport_from_srb_status(0x07 | 0x40) == transport_outcome::no_such_device);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x0A) == transport_outcome::selection_timeout);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x09) == transport_outcome::timeout);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x0E) == transport_outcome::bus_reset);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x12) == transport_outcome::data_overrun);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x25) == transport_outcome::connection_lost);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x02) == transport_outcome::aborted);
    STATIC_REQUIRE(rc::transport_from_srb_status(0x00) == transport_outcome::aborted); // PENDING: not a completion
}

} // namespace test_recovery_io_outcome_test
