// SPDX-License-Identifier: MIT
#include <mpio/scsi/sense_key_specific.hpp>

#include <cstdint>
#include <cstring>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_sense_key_specific_test {

using mpio::byte;
using mpio::byte_view;
namespace scsi = mpio::scsi;
using scsi::sense_key;
using scsi::sense_key_specific;
using scsi::sense_key_specific_format;

TEST_CASE("sense_key_specific: field pointer (ILLEGAL REQUEST)", "[scsi][sense_key_specific]")
{
    // SKSV, C/D (CDB), BPV, bit 5 of byte 2 of the CDB: the classic
    // "invalid field in CDB".
    static constexpr byte cdb_field[] = {0xCD, 0x00, 0x02};
    constexpr sense_key_specific f(cdb_field, sense_key::illegal_request);
    STATIC_REQUIRE(f.sksv());
    STATIC_REQUIRE(f.format() == sense_key_specific_format::field_pointer);
    STATIC_REQUIRE(f.c_d());
    STATIC_REQUIRE(f.bpv());
    STATIC_REQUIRE(f.bit_pointer() == 5);
    STATIC_REQUIRE(f.field_pointer() == 2);
    STATIC_REQUIRE(!f.sd());
    STATIC_REQUIRE(f.actual_retry_count() == 0);
    STATIC_REQUIRE(f.progress_indication() == 0);
    STATIC_REQUIRE(!f.overflow());
    STATIC_REQUIRE(f.bytes().size() == 3);

    // In the parameter list, no bit pointer: byte 0x1234.
    static constexpr byte data_field[] = {0x80, 0x12, 0x34};
    constexpr sense_key_specific d(data_field, sense_key::illegal_request);
    STATIC_REQUIRE(!d.c_d());
    STATIC_REQUIRE(!d.bpv());
    STATIC_REQUIRE(d.field_pointer() == 0x1234);
}

TEST_CASE("sense_key_specific: actual retry count, progress, segment pointer, unit attention",
          "[scsi][sense_key_specific]")
{
    static constexpr byte retry[] = {0x80, 0x01, 0x98};
    for (const sense_key k : {sense_key::recovered_error, sense_key::medium_error, sense_key::hardware_error}) {
        const sense_key_specific s(retry, k);
        CHECK(s.format() == sense_key_specific_format::actual_retry_count);
        CHECK(s.actual_retry_count() == 0x198);
        CHECK(s.field_pointer() == 0);
        CHECK(s.progress_indication() == 0);
    }

    // 8000h of 65536: half done.
    static constexpr byte half[] = {0x80, 0x80, 0x00};
    constexpr sense_key_specific p(half, sense_key::not_ready);
    STATIC_REQUIRE(p.format() == sense_key_specific_format::progress_indication);
    STATIC_REQUIRE(p.progress_indication() == 0x8000);
    STATIC_REQUIRE(scsi::progress_basis_points(p.progress_indication()) == 5000);
    STATIC_REQUIRE(sense_key_specific(half, sense_key::no_sense).progress_indication() == 0x8000);
    STATIC_REQUIRE(scsi::progress_basis_points(0) == 0);
    STATIC_REQUIRE(scsi::progress_basis_points(0xFFFF) == 9999);
    STATIC_REQUIRE(scsi::progress_indication_denominator == 65536);

    // SD, BPV, bit 3, field 0x0010 of the segment descriptor.
    static constexpr byte segment[] = {0xAB, 0x00, 0x10};
    constexpr sense_key_specific c(segment, sense_key::copy_aborted);
    STATIC_REQUIRE(c.format() == sense_key_specific_format::segment_pointer);
    STATIC_REQUIRE(c.sd());
    STATIC_REQUIRE(!c.c_d()); // bit 6 is reserved in a segment pointer
    STATIC_REQUIRE(c.bpv());
    STATIC_REQUIRE(c.bit_pointer() == 3);
    STATIC_REQUIRE(c.field_pointer() == 0x10);

    static constexpr byte overflow[] = {0x81, 0x00, 0x00};
    constexpr sense_key_specific u(overflow, sense_key::unit_attention);
    STATIC_REQUIRE(u.format() == sense_key_specific_format::unit_attention_condition_queue);
    STATIC_REQUIRE(u.overflow());
    STATIC_REQUIRE(!sense_key_specific(retry, sense_key::unit_attention).overflow());
}

TEST_CASE("sense_key_specific: SKSV zero and other sense keys decode nothing", "[scsi][sense_key_specific]")
{
    static constexpr byte not_valid[] = {0x4F, 0xFF, 0xFF};
    constexpr sense_key_specific f(not_valid, sense_key::illegal_request);
    STATIC_REQUIRE(!f.sksv());
    STATIC_REQUIRE(!f.c_d());
    STATIC_REQUIRE(!f.bpv());
    STATIC_REQUIRE(f.bit_pointer() == 0);
    STATIC_REQUIRE(f.field_pointer() == 0);
    STATIC_REQUIRE(f.bytes()[1] == 0xFF); // the raw bytes stay visible

    static constexpr byte raw[] = {0xFF, 0x12, 0x34};
    for (const sense_key k :
         {sense_key::data_protect, sense_key::blank_check, sense_key::vendor_specific, sense_key::aborted_command,
          sense_key::reserved, sense_key::volume_overflow, sense_key::miscompare, sense_key::completed}) {
        const sense_key_specific s(raw, k);
        CAPTURE(static_cast<int>(k));
        CHECK(s.sksv());
        CHECK(s.format() == sense_key_specific_format::unspecified);
        CHECK(s.field_pointer() == 0);
        CHECK(s.actual_retry_count() == 0);
        CHECK(s.progress_indication() == 0);
        CHECK(!s.overflow());
        CHECK(!s.sd());
        CHECK(s.bytes() == byte_view(raw));
    }

    // Fewer than three bytes read as zero, never past the end.
    static constexpr byte one[] = {0x80};
    constexpr sense_key_specific short_field(one, sense_key::medium_error);
    STATIC_REQUIRE(short_field.actual_retry_count() == 0);
    STATIC_REQUIRE(short_field.bytes().size() == 1);
    constexpr sense_key_specific empty{};
    STATIC_REQUIRE(!empty.sksv());
    STATIC_REQUIRE(empty.bytes().empty());
}

TEST_CASE("sense_key_specific: format names", "[scsi][sense_key_specific]")
{
    CHECK(std::strcmp(to_string(sense_key_specific_format::field_pointer), "field pointer") == 0);
    CHECK(std::strcmp(to_string(sense_key_specific_format::actual_retry_count), "actual retry count") == 0);
    CHECK(std::strcmp(to_string(sense_key_specific_format::progress_indication), "progress indication") == 0);
    CHECK(std::strcmp(to_string(sense_key_specific_format::segment_pointer), "segment pointer") == 0);
    CHECK(std::strcmp(to_string(sense_key_specific_format::unit_attention_condition_queue),
                      "unit attention condition queue") == 0);
    CHECK(std::strcmp(to_string(sense_key_specific_format::unspecified), "unspecified") == 0);
    CHECK(std::strcmp(to_string(static_cast<sense_key_specific_format>(99)), "unspecified") == 0);
}

} // namespace test_scsi_sense_key_specific_test
