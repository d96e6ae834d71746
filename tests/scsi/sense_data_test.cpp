// SPDX-License-Identifier: MIT
#include <mpio/scsi/sense_data.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_sense_data_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;
using scsi::sense_data_format;
using scsi::sense_descriptor_type;
using scsi::sense_key;
using scsi::sense_response_code;

namespace {

// tests/data/sg3_utils-inhex/fixed_sense.hex: MEDIUM ERROR, unrecovered read
// error (11h/00h) at LBA 1234h, FRU 77h, actual retry count 198h.
constexpr byte fixed_sense[] = {0xf0, 0x00, 0x03, 0x00, 0x00, 0x12, 0x34, 0x0a, 0x00,
                                0x00, 0x00, 0x00, 0x11, 0x00, 0x77, 0x80, 0x01, 0x98};

// tests/data/sg3_utils-inhex/descriptor_sense.hex: RECOVERED ERROR, excessive
// write errors (03h/02h), SDAT_OVFL, seven descriptors.
constexpr byte descriptor_sense[] = {
    0x72, 0x01, 0x03, 0x02, 0x80, 0x00, 0x00, 0x4c, 0x00, 0x0a, 0x80, 0x00,
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0xbb,                         // information
    0x01, 0x0a, 0x00, 0x00, 0x33, 0x44, 0x55, 0x66, 0x77, 0xbb, 0xcc, 0xff, // command specific
    0x02, 0x06, 0x00, 0x00, 0x80, 0x01, 0x01, 0x00,                         // sense key specific
    0x03, 0x02, 0x00, 0x45,                                                 // FRU
    0x0a, 0x06, 0x02, 0x01, 0x02, 0x00, 0x32, 0x01,                         // another progress
    0x05, 0x02, 0x00, 0x20,                                                 // block commands: ILI
    0x0b, 0x1a, 0x01, 0x00,                                                 // referral
    0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
    0x01, 0x02, 0x03, 0x04, 0x55, 0x06, 0x07, 0x08, 0x02, 0x00, 0x12, 0x34,
};

constexpr std::size_t count(const scsi::sense_descriptor_list& list) noexcept
{
    std::size_t n = 0;
    for (const scsi::sense_descriptor d : list) {
        static_cast<void>(d);
        ++n;
    }
    return n;
}

// Descriptor format sense data around `descriptors`, with ADDITIONAL SENSE
// LENGTH = their size.
template <std::size_t N>
struct descriptor_format {
    byte bytes[8 + N]{};
};
template <std::size_t N>
constexpr descriptor_format<N> wrap(byte key, const byte (&descriptors)[N]) noexcept
{
    descriptor_format<N> s;
    s.bytes[0] = 0x72;
    s.bytes[1] = key;
    s.bytes[7] = static_cast<byte>(N);
    for (std::size_t i = 0; i < N; ++i) s.bytes[8 + i] = descriptors[i];
    return s;
}

} // namespace

// ------------------------------------------------------------ compile time

TEST_CASE("sense_data: fixed format (fixed_sense.hex) at compile time", "[scsi][sense_data]")
{
    constexpr auto f = scsi::parse_fixed_sense_data(fixed_sense);
    STATIC_REQUIRE(f.has_value());
    STATIC_REQUIRE(f->response_code() == sense_response_code::current_fixed);
    STATIC_REQUIRE(f->format() == sense_data_format::fixed);
    STATIC_REQUIRE(!f->deferred());
    STATIC_REQUIRE(f->valid());
    STATIC_REQUIRE(!f->filemark());
    STATIC_REQUIRE(!f->eom());
    STATIC_REQUIRE(!f->ili());
    STATIC_REQUIRE(!f->sdat_ovfl());
    STATIC_REQUIRE(f->sense_key() == sense_key::medium_error);
    STATIC_REQUIRE(f->information() == 0x1234);
    STATIC_REQUIRE(f->additional_sense_length() == 10);
    STATIC_REQUIRE(f->has_command_specific_information());
    STATIC_REQUIRE(f->command_specific_information() == 0);
    STATIC_REQUIRE(f->has_additional_sense_code());
    STATIC_REQUIRE(f->additional_sense_code() == 0x11);
    STATIC_REQUIRE(f->additional_sense_code_qualifier() == 0x00);
    STATIC_REQUIRE(f->has_field_replaceable_unit_code());
    STATIC_REQUIRE(f->field_replaceable_unit_code() == 0x77);
    STATIC_REQUIRE(f->has_sense_key_specific());
    STATIC_REQUIRE(f->sksv());
    STATIC_REQUIRE(f->sense_key_specific()->format() == scsi::sense_key_specific_format::actual_retry_count);
    STATIC_REQUIRE(f->sense_key_specific()->actual_retry_count() == 0x198);
    STATIC_REQUIRE(f->additional_sense_bytes().empty());
    STATIC_REQUIRE(!f->truncated());
    STATIC_REQUIRE(f->required_allocation_length() == 18);
    STATIC_REQUIRE(f->bytes().size() == 18);

    constexpr auto s = scsi::parse_sense_data(fixed_sense);
    STATIC_REQUIRE(s->format() == sense_data_format::fixed);
    STATIC_REQUIRE(s->fixed().information() == 0x1234);
    STATIC_REQUIRE(*s->information() == 0x1234);
    STATIC_REQUIRE(*s->command_specific_information() == 0);
    STATIC_REQUIRE(*s->field_replaceable_unit_code() == 0x77);
    STATIC_REQUIRE(s->sense_key_specific()->actual_retry_count() == 0x198);
    STATIC_REQUIRE(s->progress_indication().error() == errc::not_found);

    constexpr scsi::normalized_sense n = s->normalized();
    STATIC_REQUIRE(n.response_code == sense_response_code::current_fixed);
    STATIC_REQUIRE(n.format() == sense_data_format::fixed);
    STATIC_REQUIRE(!n.deferred());
    STATIC_REQUIRE(n.sense_key == sense_key::medium_error);
    STATIC_REQUIRE(n.has_asc_ascq);
    STATIC_REQUIRE(n.asc == 0x11);
    STATIC_REQUIRE(n.ascq == 0x00);
    STATIC_REQUIRE(!n.sdat_ovfl);
    STATIC_REQUIRE(n.information_valid);
    STATIC_REQUIRE(n.information == 0x1234);
    STATIC_REQUIRE(!n.truncated);
    STATIC_REQUIRE(scsi::normalize_sense(fixed_sense)->information == 0x1234);
}

TEST_CASE("sense_data: descriptor format (descriptor_sense.hex) at compile time", "[scsi][sense_data]")
{
    constexpr auto d = scsi::parse_descriptor_sense_data(descriptor_sense);
    STATIC_REQUIRE(d.has_value());
    STATIC_REQUIRE(d->response_code() == sense_response_code::current_descriptor);
    STATIC_REQUIRE(d->sense_key() == sense_key::recovered_error);
    STATIC_REQUIRE(d->additional_sense_code() == 0x03);
    STATIC_REQUIRE(d->additional_sense_code_qualifier() == 0x02);
    STATIC_REQUIRE(d->sdat_ovfl());
    STATIC_REQUIRE(d->additional_sense_length() == 0x4c);
    STATIC_REQUIRE(d->descriptor_bytes().size() == 0x4c);
    STATIC_REQUIRE(!d->truncated());
    STATIC_REQUIRE(count(d->descriptors()) == 7);
    STATIC_REQUIRE(d->descriptors().status().ok());
    STATIC_REQUIRE(*d->information() == 0x11223344556677bbu);
    STATIC_REQUIRE(*d->command_specific_information() == 0x3344556677bbccffu);
    STATIC_REQUIRE(d->sense_key_specific()->actual_retry_count() == 257);
    STATIC_REQUIRE(*d->field_replaceable_unit_code() == 0x45);

    constexpr auto progress = d->find(sense_descriptor_type::another_progress_indication);
    STATIC_REQUIRE(progress->offset() == 36);
    STATIC_REQUIRE(progress->as_another_progress_indication()->sense_key() == sense_key::not_ready);
    STATIC_REQUIRE(progress->as_another_progress_indication()->progress_indication() == 0x3201);

    constexpr auto referral =
        d->find(sense_descriptor_type::user_data_segment_referral)->as_user_data_segment_referral();
    STATIC_REQUIRE(referral->not_all_r());
    STATIC_REQUIRE(referral->referrals().at(0)->first_user_data_segment_lba() == 0x0102030405060708u);
    STATIC_REQUIRE(referral->referrals().at(0)->last_user_data_segment_lba() == 0x0102030455060708u);
    STATIC_REQUIRE(referral->referrals().at(0)->target_port_groups().at(0)->asymmetric_access_state() ==
                   scsi::asymmetric_access_state::standby);
    STATIC_REQUIRE(referral->referrals().at(0)->target_port_groups().at(0)->target_port_group() == 0x1234);

    constexpr auto s = scsi::parse_sense_data(descriptor_sense);
    STATIC_REQUIRE(s->format() == sense_data_format::descriptor);
    STATIC_REQUIRE(s->ili());       // from the block commands descriptor
    STATIC_REQUIRE(!s->filemark()); // no stream commands descriptor
    STATIC_REQUIRE(!s->eom());
    STATIC_REQUIRE(s->progress_indication().error() == errc::not_found); // RECOVERED ERROR: a retry count
    constexpr scsi::normalized_sense n = s->normalized();
    STATIC_REQUIRE(n.format() == sense_data_format::descriptor);
    STATIC_REQUIRE(n.sense_key == sense_key::recovered_error);
    STATIC_REQUIRE(n.has_asc_ascq);
    STATIC_REQUIRE(n.asc == 0x03);
    STATIC_REQUIRE(n.ascq == 0x02);
    STATIC_REQUIRE(n.sdat_ovfl);
    STATIC_REQUIRE(n.information_valid);
    STATIC_REQUIRE(n.information == 0x11223344556677bbu);
}

TEST_CASE("sense_data: response codes", "[scsi][sense_data]")
{
    static constexpr byte deferred_fixed[] = {0x71, 0x00, 0x06, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x29, 0x00, 0, 0, 0, 0};
    STATIC_REQUIRE(scsi::parse_sense_data(deferred_fixed)->deferred());
    STATIC_REQUIRE(scsi::normalize_sense(deferred_fixed)->deferred());
    STATIC_REQUIRE(scsi::normalize_sense(deferred_fixed)->sense_key == sense_key::unit_attention);
    STATIC_REQUIRE(!scsi::normalize_sense(deferred_fixed)->information_valid);

    // Descriptor format, deferred, with the reserved bit 7 of byte 0 set.
    static constexpr byte deferred_descriptor[] = {0xF3, 0x04, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_sense_data(deferred_descriptor)->response_code() ==
                   sense_response_code::deferred_descriptor);
    STATIC_REQUIRE(scsi::parse_sense_data(deferred_descriptor)->deferred());
    STATIC_REQUIRE(scsi::parse_sense_data(deferred_descriptor)->sense_key() == sense_key::hardware_error);
    STATIC_REQUIRE(scsi::parse_sense_data(deferred_descriptor)->information().error() == errc::not_found);

    // Vendor specific: refused whatever the length (its layout is the vendor's).
    static constexpr byte vendor[] = {0x7F, 0x01, 0x02};
    STATIC_REQUIRE(scsi::parse_sense_data(vendor).error() == errc::vendor_specific_format);
    static constexpr byte vendor_valid[] = {0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(scsi::normalize_sense(vendor_valid).error() == errc::vendor_specific_format);

    for (unsigned code = 0; code < 0x100; ++code) {
        byte bytes[18] = {static_cast<byte>(code), 0, 0, 0, 0, 0, 0, 10};
        CAPTURE(code);
        const unsigned rc = code & 0x7F;
        const auto r = scsi::parse_sense_data(bytes);
        if (rc >= 0x70 && rc <= 0x73) {
            REQUIRE(r.has_value());
            CHECK(static_cast<unsigned>(r->response_code()) == rc);
            CHECK(r->format() == (rc >= 0x72 ? sense_data_format::descriptor : sense_data_format::fixed));
            CHECK(r->deferred() == (rc == 0x71 || rc == 0x73));
        } else if (rc == 0x7F) {
            CHECK(r.error() == errc::vendor_specific_format);
        } else if (rc > 0x73) {
            CHECK(r.error() == errc::reserved_value);
        } else {
            CHECK(r.error() == errc::unsupported_format); // not extended sense data
        }
    }

    // The per-format parsers refuse the other format.
    STATIC_REQUIRE(scsi::parse_fixed_sense_data(descriptor_sense).error() == errc::unsupported_format);
    STATIC_REQUIRE(scsi::parse_descriptor_sense_data(fixed_sense).error() == errc::unsupported_format);

    CHECK(std::strcmp(to_string(sense_response_code::current_fixed), "fixed format, current") == 0);
    CHECK(std::strcmp(to_string(sense_response_code::deferred_descriptor), "descriptor format, deferred") == 0);
    CHECK(std::strcmp(to_string(sense_response_code::vendor_specific), "vendor specific") == 0);
    CHECK(std::strcmp(to_string(static_cast<sense_response_code>(0x74)), "reserved") == 0);
    CHECK(std::strcmp(to_string(sense_data_format::descriptor), "descriptor") == 0);
}

TEST_CASE("sense_data: lengths and truncation", "[scsi][sense_data]")
{
    // Fewer than the 8-byte header.
    STATIC_REQUIRE(scsi::parse_sense_data(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_sense_data(byte_view(fixed_sense, 7)).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_sense_data(byte_view(descriptor_sense, 7)).error() == errc::too_short);
    STATIC_REQUIRE(scsi::normalize_sense(byte_view(fixed_sense, 1)).error() == errc::too_short);

    // Fixed format cut at 13 bytes: ASC returned, ASCQ not, so neither is
    // reported; FRU and sense key specific absent, never zero-guessed.
    constexpr auto cut = scsi::parse_sense_data(byte_view(fixed_sense, 13));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 18);
    STATIC_REQUIRE(cut->fixed().has_command_specific_information());
    STATIC_REQUIRE(cut->fixed().has_additional_sense_code());
    STATIC_REQUIRE(!cut->fixed().has_additional_sense_code_qualifier());
    STATIC_REQUIRE(!cut->has_additional_sense_code());
    STATIC_REQUIRE(!cut->fixed().has_field_replaceable_unit_code());
    STATIC_REQUIRE(!cut->fixed().has_sense_key_specific());
    STATIC_REQUIRE(!cut->fixed().sksv());
    STATIC_REQUIRE(cut->sense_key_specific().error() == errc::too_short);
    STATIC_REQUIRE(cut->field_replaceable_unit_code().error() == errc::too_short);
    STATIC_REQUIRE(cut->progress_indication().error() == errc::not_found);
    STATIC_REQUIRE(*cut->information() == 0x1234); // bytes 3..6 are there
    STATIC_REQUIRE(!cut->normalized().has_asc_ascq);
    STATIC_REQUIRE(cut->normalized().asc == 0);
    STATIC_REQUIRE(cut->normalized().truncated);

    // The header alone: no CSI either.
    constexpr auto header = scsi::parse_sense_data(byte_view(fixed_sense, 8));
    STATIC_REQUIRE(!header->fixed().has_command_specific_information());
    STATIC_REQUIRE(header->fixed().command_specific_information() == 0);
    STATIC_REQUIRE(header->command_specific_information().error() == errc::too_short);

    // A device that says only 6 additional bytes (14 in all), in a Linux
    // 96-byte buffer with stale bytes after them: the stale bytes are not
    // sense data.
    byte linux_buffer[scsi::linux_sense_buffer_size];
    for (byte& b : linux_buffer) b = 0xEE;
    const byte short_fixed[] = {0x70, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00};
    std::memcpy(linux_buffer, short_fixed, sizeof short_fixed);
    const auto s = scsi::parse_sense_data(linux_buffer);
    REQUIRE(s.has_value());
    CHECK(!s->truncated());
    CHECK(s->bytes().size() == 14);
    CHECK(s->sense_key() == sense_key::illegal_request);
    CHECK(s->has_additional_sense_code());
    CHECK(s->additional_sense_code() == 0x24);
    CHECK(!s->fixed().has_field_replaceable_unit_code());
    CHECK(s->fixed().field_replaceable_unit_code() == 0); // not the stale EEh
    CHECK(s->sense_key_specific().error() == errc::too_short);
    CHECK(s->fixed().additional_sense_bytes().empty());

    // Descriptor format whose ADDITIONAL SENSE LENGTH runs past the buffer:
    // truncated; the complete descriptors are usable, the cut one stops the walk.
    constexpr auto d = scsi::parse_sense_data(byte_view(descriptor_sense, 30));
    STATIC_REQUIRE(d->truncated());
    STATIC_REQUIRE(d->required_allocation_length() == 84);
    STATIC_REQUIRE(count(d->descriptor().descriptors()) == 1);
    STATIC_REQUIRE(d->descriptor().descriptors().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(*d->information() == 0x11223344556677bbu);
    STATIC_REQUIRE(d->command_specific_information().error() == errc::descriptor_overrun);
    STATIC_REQUIRE(d->normalized().information_valid);
    STATIC_REQUIRE(d->normalized().truncated);

    // Additional fixed format bytes beyond byte 17 are exposed.
    static constexpr byte longer[] = {0x70, 0, 0x0b, 0, 0, 0, 0, 0x0c, 0, 0, 0, 0, 0x4b, 0x00, 0, 0, 0, 0, 0xa1, 0xa2};
    STATIC_REQUIRE(scsi::parse_fixed_sense_data(longer)->additional_sense_bytes().size() == 2);
    STATIC_REQUIRE(scsi::parse_fixed_sense_data(longer)->additional_sense_bytes()[1] == 0xa2);
    STATIC_REQUIRE(scsi::parse_fixed_sense_data(longer)->sense_key() == sense_key::aborted_command);
}

TEST_CASE("sense_data: information, sense key specific and FRU lookups", "[scsi][sense_data]")
{
    // VALID zero in fixed format: no information.
    static constexpr byte not_valid[] = {0x70, 0, 0x03, 0x00, 0x00, 0x12, 0x34, 0x0a, 0, 0, 0, 0, 0x11, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(scsi::parse_sense_data(not_valid)->information().error() == errc::not_found);
    STATIC_REQUIRE(scsi::parse_sense_data(not_valid)->fixed().information() == 0x1234); // raw, still readable
    STATIC_REQUIRE(!scsi::normalize_sense(not_valid)->information_valid);
    STATIC_REQUIRE(scsi::normalize_sense(not_valid)->information == 0);

    // Information descriptor with VALID zero.
    static constexpr byte info_invalid[] = {0x00, 0x0a, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x01};
    constexpr auto a = wrap(0x03, info_invalid);
    STATIC_REQUIRE(scsi::parse_sense_data(a.bytes)->information().error() == errc::not_found);

    // Information only in a direct-access block device descriptor.
    static constexpr byte dabd[] = {0x0d, 0x16, 0x80, 0x00, 0x80, 0x00, 0x03, 0x21, 0, 0, 0, 0,
                                    0,    0,    0x10, 0x00, 0,    0,    0,    0,    0, 0, 0, 0x05};
    constexpr auto b = wrap(0x03, dabd);
    STATIC_REQUIRE(*scsi::parse_sense_data(b.bytes)->information() == 0x1000);
    STATIC_REQUIRE(*scsi::parse_sense_data(b.bytes)->command_specific_information() == 5);
    STATIC_REQUIRE(*scsi::parse_sense_data(b.bytes)->field_replaceable_unit_code() == 0x21);
    STATIC_REQUIRE(scsi::parse_sense_data(b.bytes)->sense_key_specific()->actual_retry_count() == 3);
    STATIC_REQUIRE(!scsi::parse_sense_data(b.bytes)->ili());

    // Both: the information descriptor wins.
    static constexpr byte both[] = {0x0d, 0x16, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0,
                                    0,    0,    0x10, 0x00, 0,    0,    0,    0,    0, 0, 0, 0x05,
                                    0x00, 0x0a, 0x80, 0x00, 0,    0,    0,    0,    0, 0, 0, 0x42};
    constexpr auto c = wrap(0x03, both);
    STATIC_REQUIRE(*scsi::parse_sense_data(c.bytes)->information() == 0x42);
    STATIC_REQUIRE(scsi::parse_sense_data(c.bytes)->ili()); // from 0Dh
    STATIC_REQUIRE(!scsi::parse_sense_data(c.bytes)->sense_key_specific()->sksv());

    // A malformed information descriptor is reported, not skipped.
    static constexpr byte info_bad[] = {0x00, 0x08, 0x80, 0x00, 0, 0, 0, 0, 0, 0};
    constexpr auto e = wrap(0x03, info_bad);
    STATIC_REQUIRE(scsi::parse_sense_data(e.bytes)->information().error() == errc::length_mismatch);
    STATIC_REQUIRE(!scsi::parse_sense_data(e.bytes)->normalized().information_valid);

    // Nothing at all.
    static constexpr byte vendor_only[] = {0x80, 0x01, 0x00};
    constexpr auto v = wrap(0x00, vendor_only);
    STATIC_REQUIRE(scsi::parse_sense_data(v.bytes)->information().error() == errc::not_found);
    STATIC_REQUIRE(scsi::parse_sense_data(v.bytes)->command_specific_information().error() == errc::not_found);
    STATIC_REQUIRE(scsi::parse_sense_data(v.bytes)->sense_key_specific().error() == errc::not_found);
    STATIC_REQUIRE(scsi::parse_sense_data(v.bytes)->field_replaceable_unit_code().error() == errc::not_found);
    STATIC_REQUIRE(scsi::parse_sense_data(v.bytes)->progress_indication().error() == errc::not_found);

    // Progress: NOT READY with a sense key specific descriptor.
    static constexpr byte progress[] = {0x02, 0x06, 0x00, 0x00, 0x80, 0x40, 0x00, 0x00};
    constexpr auto p = wrap(0x02, progress);
    STATIC_REQUIRE(*scsi::parse_sense_data(p.bytes)->progress_indication() == 0x4000);
    // The same bytes under MEDIUM ERROR are a retry count, not a progress.
    constexpr auto m = wrap(0x03, progress);
    STATIC_REQUIRE(scsi::parse_sense_data(m.bytes)->progress_indication().error() == errc::not_found);
    // Fixed format NOT READY, format in progress (04h/04h), 25 %.
    static constexpr byte formatting[] = {0x70, 0, 0x02, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x04, 0x04, 0, 0x80, 0x40, 0x00};
    STATIC_REQUIRE(*scsi::parse_sense_data(formatting)->progress_indication() == 0x4000);
    STATIC_REQUIRE(scsi::progress_basis_points(*scsi::parse_sense_data(formatting)->progress_indication()) == 2500);

    // Stream commands descriptor: FILEMARK, EOM, ILI; fixed format byte 2.
    static constexpr byte stream[] = {0x04, 0x02, 0x00, 0xC0};
    constexpr auto t = wrap(0x00, stream);
    STATIC_REQUIRE(scsi::parse_sense_data(t.bytes)->filemark());
    STATIC_REQUIRE(scsi::parse_sense_data(t.bytes)->eom());
    STATIC_REQUIRE(!scsi::parse_sense_data(t.bytes)->ili());
    static constexpr byte fixed_bits[] = {0x70, 0, 0xE8, 0, 0, 0, 0, 0x00};
    STATIC_REQUIRE(scsi::parse_sense_data(fixed_bits)->filemark());
    STATIC_REQUIRE(scsi::parse_sense_data(fixed_bits)->eom());
    STATIC_REQUIRE(scsi::parse_sense_data(fixed_bits)->ili());
    STATIC_REQUIRE(scsi::parse_sense_data(fixed_bits)->sense_key() == sense_key::blank_check);
    STATIC_REQUIRE(!scsi::parse_sense_data(fixed_bits)->sdat_ovfl());
}

// ---------------------------------------------------------------- runtime

TEST_CASE("sense_data: sg3_utils sample files", "[scsi][sense_data]")
{
    const std::vector<byte> fixed = load("fixed_sense.hex");
    CHECK(view(fixed) == byte_view(fixed_sense));
    const std::vector<byte> descriptor = load("descriptor_sense.hex");
    CHECK(view(descriptor) == byte_view(descriptor_sense));

    // forwarded_sense.hex: UNIT ATTENTION, 18h/07h, forwarded sense data from
    // an EXTENDED COPY device, information, FRU 99h.
    const std::vector<byte> forwarded = load("forwarded_sense.hex");
    const auto s = scsi::parse_sense_data(view(forwarded));
    REQUIRE(s.has_value());
    CHECK(!s->truncated());
    CHECK(s->sense_key() == sense_key::unit_attention);
    CHECK(s->additional_sense_code() == 0x18);
    CHECK(s->additional_sense_code_qualifier() == 0x07);
    CHECK(count(s->descriptor().descriptors()) == 3);
    CHECK(s->descriptor().descriptors().status().ok());
    CHECK(*s->information() == 0x1122334455667788u);
    CHECK(*s->field_replaceable_unit_code() == 0x99);
    const auto f = s->descriptor().find(sense_descriptor_type::forwarded_sense_data)->as_forwarded_sense_data();
    REQUIRE(f.has_value());
    CHECK(!f->fsdt());
    CHECK(f->sense_data_source() == 1);
    CHECK(f->forwarded_status() == 0x02);
    // The caller parses the forwarded sense data, if it wants to.
    const auto inner = scsi::parse_sense_data(f->forwarded_sense_data());
    REQUIRE(inner.has_value());
    CHECK(inner->sense_key() == sense_key::unit_attention);
    CHECK(inner->additional_sense_code() == 0x18);
    CHECK(inner->additional_sense_code_qualifier() == 0x07);
    CHECK(count(inner->descriptor().descriptors()) == 0);

    // ref_sense.hex: NO SENSE, one user data segment referral descriptor.
    const std::vector<byte> ref = load("ref_sense.hex");
    const auto r = scsi::parse_sense_data(view(ref));
    REQUIRE(r.has_value());
    CHECK(r->sense_key() == sense_key::no_sense);
    CHECK(r->normalized().asc == 0);
    CHECK(!r->normalized().information_valid);
    const auto u =
        r->descriptor().find(sense_descriptor_type::user_data_segment_referral)->as_user_data_segment_referral();
    REQUIRE(u.has_value());
    CHECK(u->not_all_r());
    CHECK(u->referrals().status().ok());
    CHECK(u->referrals().status().count == 2);
    std::vector<unsigned> groups;
    for (const scsi::user_data_segment_referral referral : u->referrals())
        for (const scsi::referral_target_port_group g : referral.target_port_groups())
            groups.push_back(g.target_port_group() * 16u + static_cast<unsigned>(g.asymmetric_access_state()));
    CHECK(groups == std::vector<unsigned>{7 * 16 + 1, 8 * 16 + 2, 5 * 16 + 3});
}

TEST_CASE("sense_data: every prefix of the sample files", "[scsi][sense_data]")
{
    for (const char* name : {"fixed_sense.hex", "descriptor_sense.hex", "forwarded_sense.hex", "ref_sense.hex"}) {
        INFO(name);
        const std::vector<byte> whole = load(name);
        mpio_test::every_prefix(
            view(whole), scsi::sense_data_header::size, [](byte_view b) { return scsi::parse_sense_data(b); },
            [&](const scsi::sense_data& s, std::size_t n) {
                CHECK(s.truncated() == (n < whole.size()));
                CHECK(s.required_allocation_length() == whole.size());
                CHECK(s.bytes().size() == n);
                const scsi::normalized_sense norm = s.normalized();
                CHECK(norm.truncated == s.truncated());
                CHECK(norm.sense_key == s.sense_key());
                if (s.format() == sense_data_format::fixed) {
                    CHECK(s.fixed().has_command_specific_information() == (n >= 12));
                    CHECK(norm.has_asc_ascq == (n >= 14));
                    CHECK(s.fixed().has_field_replaceable_unit_code() == (n >= 15));
                    CHECK(s.sense_key_specific().has_value() == (n >= 18));
                    CHECK(norm.information_valid);
                    return;
                }
                // Descriptor format: the walk stops cleanly at the cut.
                const mpio::list_status st = s.descriptor().descriptors().status();
                CHECK(st.offset <= n - 8);
                if (!st.ok()) CHECK((st.error == errc::descriptor_overrun || st.error == errc::too_short));
                CHECK(norm.has_asc_ascq);
            });
    }
}

TEST_CASE("sense_data: every byte value in every position stays in bounds", "[scsi][sense_data]")
{
    // Mutate each byte of the descriptor sample through all 256 values: the
    // parser must answer (value or error) without reading out of bounds and
    // with a walk that agrees with the list status.
    std::vector<byte> bytes(std::begin(descriptor_sense), std::end(descriptor_sense));
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const byte saved = bytes[i];
        for (unsigned v = 0; v < 256; ++v) {
            bytes[i] = static_cast<byte>(v);
            const auto s = scsi::parse_sense_data(view(bytes));
            if (!s) continue;
            const auto n = s->normalized();
            static_cast<void>(n);
            if (s->format() != sense_data_format::descriptor) continue;
            std::size_t walked = 0;
            for (const scsi::sense_descriptor d : s->descriptor().descriptors()) {
                REQUIRE(d.bytes().size() == 2u + d.additional_length());
                ++walked;
            }
            REQUIRE(s->descriptor().descriptors().status().count == walked);
        }
        bytes[i] = saved;
    }
}

} // namespace test_scsi_sense_data_test
