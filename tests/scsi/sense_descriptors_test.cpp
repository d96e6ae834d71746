// SPDX-License-Identifier: MIT
#include <mpio/scsi/sense_descriptors.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_sense_descriptors_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace scsi = mpio::scsi;
using scsi::sense_descriptor;
using scsi::sense_descriptor_list;
using scsi::sense_descriptor_type;
using scsi::sense_key;

namespace {

// The first descriptor of a list made of `bytes`.
constexpr sense_descriptor first(byte_view bytes) noexcept { return *sense_descriptor_list(bytes).begin(); }

constexpr std::size_t count(const sense_descriptor_list& list) noexcept
{
    std::size_t n = 0;
    for (const sense_descriptor d : list) {
        static_cast<void>(d);
        ++n;
    }
    return n;
}

// One descriptor of each type SPC defines, as a device would send them.
constexpr byte information[] = {0x00, 0x0a, 0x80, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0xbb};
constexpr byte command_specific[] = {0x01, 0x0a, 0x00, 0x00, 0x33, 0x44, 0x55, 0x66, 0x77, 0xbb, 0xcc, 0xff};
constexpr byte sks[] = {0x02, 0x06, 0x00, 0x00, 0x80, 0x01, 0x01, 0x00};
constexpr byte fru[] = {0x03, 0x02, 0x00, 0x45};
constexpr byte stream[] = {0x04, 0x02, 0x00, 0xE0};
constexpr byte block[] = {0x05, 0x02, 0x00, 0x20};
constexpr byte osd_objid[] = {0x06, 0x04, 0x01, 0x02, 0x03, 0x04};
constexpr byte ata[] = {0x09, 0x0c, 0x01, 0x04, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x40, 0x51};
constexpr byte progress[] = {0x0a, 0x06, 0x02, 0x04, 0x07, 0x00, 0x32, 0x01};
constexpr byte forwarded[] = {0x0c, 0x0a, 0x81, 0x02, 0x72, 0x06, 0x18, 0x07, 0x00, 0x00, 0x00, 0x00};
constexpr byte block_device[] = {0x0d, 0x16, 0xa0, 0x00, 0x80, 0x00, 0x07, 0x99, 0x00, 0x00, 0x00, 0x01,
                                 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03};
// A logical unit NAA 5 designation descriptor inside.
constexpr byte designation[] = {0x0e, 0x0e, 0x00, 0x01, 0x01, 0x03, 0x00, 0x08,
                                0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b};
constexpr byte microcode[] = {0x0f, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3c};
constexpr byte vendor[] = {0x80, 0x03, 0xaa, 0xbb, 0xcc};
constexpr byte reserved_type[] = {0x10, 0x00};

// tests/data/sg3_utils-inhex/ref_sense.hex, descriptor part: NOT_ALL_R and
// two referrals (two port groups, then one).
constexpr byte referral[] = {
    0x0b, 0x36, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22, 0x55, 0x55, 0x55,
    0x55, 0x66, 0x66, 0x66, 0x66, 0x01, 0x00, 0x00, 0x07, 0x02, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x77, 0x77,
    0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0x88, 0x03, 0x00, 0x00, 0x05,
};

} // namespace

TEST_CASE("sense_descriptors: fixed-size descriptors at compile time", "[scsi][sense_descriptors]")
{
    constexpr sense_descriptor i = first(information);
    STATIC_REQUIRE(i.descriptor_type() == sense_descriptor_type::information);
    STATIC_REQUIRE(i.additional_length() == 0x0a);
    STATIC_REQUIRE(i.offset() == 0);
    STATIC_REQUIRE(i.descriptor_specific().size() == 10);
    STATIC_REQUIRE(i.as_information()->valid());
    STATIC_REQUIRE(i.as_information()->information() == 0x11223344556677bbu);

    STATIC_REQUIRE(first(command_specific).as_command_specific_information()->command_specific_information() ==
                   0x3344556677bbccffu);

    constexpr auto k = first(sks).as_sense_key_specific(sense_key::recovered_error);
    STATIC_REQUIRE(k->sksv());
    STATIC_REQUIRE(k->actual_retry_count() == 257);
    STATIC_REQUIRE(k->bytes().size() == 3);

    STATIC_REQUIRE(first(fru).as_field_replaceable_unit()->field_replaceable_unit_code() == 0x45);

    constexpr auto s = first(stream).as_stream_commands();
    STATIC_REQUIRE(s->filemark());
    STATIC_REQUIRE(s->eom());
    STATIC_REQUIRE(s->ili());
    STATIC_REQUIRE(first(block).as_block_commands()->ili());

    constexpr auto a = first(ata).as_ata_status_return();
    STATIC_REQUIRE(a->extend());
    STATIC_REQUIRE(a->error() == 0x04);
    STATIC_REQUIRE(a->count() == 0x1234);
    // LBA (47:40) byte 10, (39:32) byte 8, (31:24) byte 6, (23:16) byte 11,
    // (15:8) byte 9, (7:0) byte 7.
    STATIC_REQUIRE(a->lba() == 0xde9a56f0bc78u);
    STATIC_REQUIRE(a->device() == 0x40);
    STATIC_REQUIRE(a->status() == 0x51);

    constexpr auto p = first(progress).as_another_progress_indication();
    STATIC_REQUIRE(p->sense_key() == sense_key::not_ready);
    STATIC_REQUIRE(p->additional_sense_code() == 0x04);
    STATIC_REQUIRE(p->additional_sense_code_qualifier() == 0x07);
    STATIC_REQUIRE(p->progress_indication() == 0x3201);

    constexpr auto b = first(block_device).as_direct_access_block_device();
    STATIC_REQUIRE(b->valid());
    STATIC_REQUIRE(b->ili());
    STATIC_REQUIRE(b->sksv());
    STATIC_REQUIRE(b->sense_key_specific(sense_key::medium_error).actual_retry_count() == 7);
    STATIC_REQUIRE(b->field_replaceable_unit_code() == 0x99);
    STATIC_REQUIRE(b->information() == 0x0000000100000002u);
    STATIC_REQUIRE(b->command_specific_information() == 3);

    STATIC_REQUIRE(first(microcode).as_microcode_activation()->microcode_activation_time() == 60);
}

TEST_CASE("sense_descriptors: variable-length and opaque descriptors", "[scsi][sense_descriptors]")
{
    constexpr auto f = first(forwarded).as_forwarded_sense_data();
    STATIC_REQUIRE(f->fsdt());
    STATIC_REQUIRE(f->sense_data_source() == scsi::sense_data_source::extended_copy_source);
    STATIC_REQUIRE(f->forwarded_status() == 0x02); // CHECK CONDITION
    STATIC_REQUIRE(f->forwarded_sense_data().size() == 8);
    STATIC_REQUIRE(f->forwarded_sense_data()[0] == 0x72);

    constexpr auto d = first(designation).as_device_designation();
    STATIC_REQUIRE(d->usage_reason() == 1);
    STATIC_REQUIRE(d->designation().designator_type() == scsi::designator_type::naa);
    STATIC_REQUIRE(d->designation().association() == scsi::association::logical_unit);
    STATIC_REQUIRE(d->designation().as_naa()->ieee_company_id() == 0x000c50);

    STATIC_REQUIRE(first(osd_objid).as_osd_object_identification()->size() == 4);
    STATIC_REQUIRE(first(osd_objid).as_osd_response_integrity_check_value().error() == errc::wrong_descriptor_type);
    STATIC_REQUIRE(first(osd_objid).as_osd_attribute_identification().error() == errc::wrong_descriptor_type);

    constexpr sense_descriptor v = first(vendor);
    STATIC_REQUIRE(v.is_vendor_specific());
    STATIC_REQUIRE(v.as_vendor_specific()->size() == 3);
    STATIC_REQUIRE((*v.as_vendor_specific())[2] == 0xcc);
    STATIC_REQUIRE(first(information).as_vendor_specific().error() == errc::wrong_descriptor_type);

    // A reserved type is listed like any other, and decoded by nothing.
    constexpr sense_descriptor r = first(reserved_type);
    STATIC_REQUIRE(static_cast<std::uint8_t>(r.descriptor_type()) == 0x10);
    STATIC_REQUIRE(!r.is_vendor_specific());
    STATIC_REQUIRE(r.descriptor_specific().empty());
}

TEST_CASE("sense_descriptors: user data segment referral (ref_sense.hex)", "[scsi][sense_descriptors]")
{
    constexpr auto u = first(referral).as_user_data_segment_referral();
    STATIC_REQUIRE(u->not_all_r());
    STATIC_REQUIRE(u->referrals().status().ok());
    STATIC_REQUIRE(u->referrals().status().count == 2);

    constexpr auto r1 = u->referrals().at(0);
    STATIC_REQUIRE(r1->offset() == 0);
    STATIC_REQUIRE(r1->number_of_target_port_group_descriptors() == 2);
    STATIC_REQUIRE(r1->first_user_data_segment_lba() == 0x1111111122222222u);
    STATIC_REQUIRE(r1->last_user_data_segment_lba() == 0x5555555566666666u);
    STATIC_REQUIRE(r1->target_port_groups().status().count == 2);
    STATIC_REQUIRE(r1->target_port_groups().at(0)->asymmetric_access_state() ==
                   scsi::asymmetric_access_state::active_non_optimized);
    STATIC_REQUIRE(r1->target_port_groups().at(0)->target_port_group() == 7);
    STATIC_REQUIRE(r1->target_port_groups().at(1)->asymmetric_access_state() == scsi::asymmetric_access_state::standby);
    STATIC_REQUIRE(r1->target_port_groups().at(1)->target_port_group() == 8);

    constexpr auto r2 = u->referrals().at(1);
    STATIC_REQUIRE(r2->offset() == 28);
    STATIC_REQUIRE(r2->first_user_data_segment_lba() == 0x7777777777777777u);
    STATIC_REQUIRE(r2->last_user_data_segment_lba() == 0x8888888888888888u);
    STATIC_REQUIRE(r2->target_port_groups().status().count == 1);
    STATIC_REQUIRE(r2->target_port_groups().at(0)->asymmetric_access_state() ==
                   scsi::asymmetric_access_state::unavailable);
    STATIC_REQUIRE(r2->target_port_groups().at(0)->target_port_group() == 5);

    // A referral claiming three port groups where two follow stops the walk;
    // the referrals before it stay usable.
    static constexpr byte overrun[] = {
        0x0b, 0x2a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,    0,    0,    2,
        0x00, 0x00, 0x00, 0x03, 0,    0,    0,    0,    0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 4, 0x00, 0x00, 0x00, 0x01};
    constexpr auto o = first(overrun).as_user_data_segment_referral();
    STATIC_REQUIRE(!o->not_all_r());
    STATIC_REQUIRE(o->referrals().status().count == 1);
    STATIC_REQUIRE(o->referrals().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(o->referrals().status().offset == 20);
    STATIC_REQUIRE(o->referrals().at(0)->last_user_data_segment_lba() == 2);
    STATIC_REQUIRE(o->referrals().at(0)->target_port_groups().status().count == 0);

    // A tail shorter than a referral header.
    static constexpr byte tail[] = {0x0b, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00};
    STATIC_REQUIRE(first(tail).as_user_data_segment_referral()->referrals().status().error == errc::too_short);
    // No referral at all.
    static constexpr byte none[] = {0x0b, 0x02, 0x01, 0x00};
    STATIC_REQUIRE(count(sense_descriptor_list(none)) == 1);
    STATIC_REQUIRE(first(none).as_user_data_segment_referral()->referrals().status().count == 0);
}

TEST_CASE("sense_descriptors: typed decoders refuse other types and wrong lengths", "[scsi][sense_descriptors]")
{
    // Wrong type: each decoder refuses every other type.
    const byte_view all[] = {information, command_specific, sks,      fru,       stream,       block,       osd_objid,
                             ata,         progress,         referral, forwarded, block_device, designation, microcode,
                             vendor,      reserved_type};
    for (const byte_view bytes : all) {
        const sense_descriptor d = first(bytes);
        CAPTURE(static_cast<int>(d.descriptor_type()));
        int accepted = 0;
        accepted += d.as_information().has_value();
        accepted += d.as_command_specific_information().has_value();
        accepted += d.as_sense_key_specific(sense_key::illegal_request).has_value();
        accepted += d.as_field_replaceable_unit().has_value();
        accepted += d.as_stream_commands().has_value();
        accepted += d.as_block_commands().has_value();
        accepted += d.as_osd_object_identification().has_value();
        accepted += d.as_osd_response_integrity_check_value().has_value();
        accepted += d.as_osd_attribute_identification().has_value();
        accepted += d.as_ata_status_return().has_value();
        accepted += d.as_another_progress_indication().has_value();
        accepted += d.as_user_data_segment_referral().has_value();
        accepted += d.as_forwarded_sense_data().has_value();
        accepted += d.as_direct_access_block_device().has_value();
        accepted += d.as_device_designation().has_value();
        accepted += d.as_microcode_activation().has_value();
        accepted += d.as_vendor_specific().has_value();
        CHECK(accepted == (d.descriptor_type() == static_cast<sense_descriptor_type>(0x10) ? 0 : 1));
        if (d.descriptor_type() != sense_descriptor_type::information)
            CHECK(d.as_information().error() == errc::wrong_descriptor_type);
    }

    // ADDITIONAL LENGTH other than SPC's: not guessed at.
    static constexpr byte info_short[] = {0x00, 0x09, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(first(info_short).as_information().error() == errc::length_mismatch);
    static constexpr byte info_long[] = {0x00, 0x0b, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(first(info_long).as_information().error() == errc::length_mismatch);
    static constexpr byte sks_short[] = {0x02, 0x05, 0x00, 0x00, 0x80, 0x00, 0x01};
    STATIC_REQUIRE(first(sks_short).as_sense_key_specific(sense_key::medium_error).error() == errc::length_mismatch);
    static constexpr byte fru_empty[] = {0x03, 0x00};
    STATIC_REQUIRE(first(fru_empty).as_field_replaceable_unit().error() == errc::length_mismatch);
    static constexpr byte dabd_sg3[] = {0x0d, 0x1c, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(first(dabd_sg3).as_direct_access_block_device().error() == errc::length_mismatch);
    static constexpr byte forwarded_stub[] = {0x0c, 0x01, 0x00};
    STATIC_REQUIRE(first(forwarded_stub).as_forwarded_sense_data().error() == errc::length_mismatch);
    static constexpr byte referral_stub[] = {0x0b, 0x00};
    STATIC_REQUIRE(first(referral_stub).as_user_data_segment_referral().error() == errc::length_mismatch);
    // Device designation: the designation descriptor must fill the rest.
    static constexpr byte designation_stub[] = {0x0e, 0x04, 0x00, 0x00, 0x01, 0x03};
    STATIC_REQUIRE(first(designation_stub).as_device_designation().error() == errc::length_mismatch);
    static constexpr byte designation_overrun[] = {0x0e, 0x07, 0x00, 0x00, 0x01, 0x03, 0x00, 0x08, 0x50};
    STATIC_REQUIRE(first(designation_overrun).as_device_designation().error() == errc::length_mismatch);
    static constexpr byte designation_padded[] = {0x0e, 0x08, 0x00, 0x00, 0x01, 0x03, 0x00, 0x01, 0x50, 0x00};
    STATIC_REQUIRE(first(designation_padded).as_device_designation().error() == errc::length_mismatch);
    static constexpr byte designation_empty[] = {0x0e, 0x06, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00};
    STATIC_REQUIRE(first(designation_empty).as_device_designation()->designation().designator().empty());
}

TEST_CASE("sense_descriptors: list walk, overrun and lookup", "[scsi][sense_descriptors]")
{
    // information, FRU, then a descriptor claiming 10 bytes where 3 follow.
    static constexpr byte list_bytes[] = {0x00, 0x0a, 0x80, 0x00, 0,    0,    0,    0,    0,    0,   0,
                                          0x2a, 0x03, 0x02, 0x00, 0x07, 0x05, 0x0a, 0x00, 0x20, 0x00};
    constexpr sense_descriptor_list list(list_bytes);
    STATIC_REQUIRE(count(list) == 2);
    STATIC_REQUIRE(list.status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(list.status().offset == 16);
    STATIC_REQUIRE(list.status().count == 2);
    STATIC_REQUIRE(list.at(1)->offset() == 12);
    STATIC_REQUIRE(list.find(sense_descriptor_type::information)->as_information()->information() == 0x2a);
    STATIC_REQUIRE(list.find(sense_descriptor_type::field_replaceable_unit)
                       ->as_field_replaceable_unit()
                       ->field_replaceable_unit_code() == 7);
    STATIC_REQUIRE(list.find(sense_descriptor_type::block_commands).error() == errc::descriptor_overrun);

    // A lone trailing byte: too short for a header.
    static constexpr byte lone[] = {0x03, 0x02, 0x00, 0x07, 0x05};
    STATIC_REQUIRE(sense_descriptor_list(lone).status().error == errc::too_short);
    STATIC_REQUIRE(sense_descriptor_list(lone).status().count == 1);

    // Empty: nothing, cleanly.
    constexpr sense_descriptor_list empty{};
    STATIC_REQUIRE(count(empty) == 0);
    STATIC_REQUIRE(empty.status().ok());
    STATIC_REQUIRE(empty.find(sense_descriptor_type::information).error() == errc::not_found);

    // A zero-length descriptor is two bytes and the walk goes on.
    static constexpr byte zero_length[] = {0x81, 0x00, 0x82, 0x00};
    STATIC_REQUIRE(count(sense_descriptor_list(zero_length)) == 2);
}

TEST_CASE("sense_descriptors: type names", "[scsi][sense_descriptors]")
{
    CHECK(std::strcmp(to_string(sense_descriptor_type::information), "information") == 0);
    CHECK(std::strcmp(to_string(sense_descriptor_type::another_progress_indication), "another progress indication") ==
          0);
    CHECK(std::strcmp(to_string(sense_descriptor_type::direct_access_block_device), "direct-access block device") == 0);
    CHECK(std::strcmp(to_string(sense_descriptor_type::microcode_activation), "microcode activation") == 0);
    for (unsigned t = 0; t < 256; ++t) {
        const auto type = static_cast<sense_descriptor_type>(t);
        const char* name = to_string(type);
        CAPTURE(t);
        if (t >= 0x80) {
            CHECK(std::strcmp(name, "vendor specific") == 0);
            CHECK(scsi::is_vendor_specific(type));
        } else if (t >= 0x10) {
            CHECK(std::strcmp(name, "reserved") == 0);
        } else {
            CHECK(std::strcmp(name, "reserved") != 0);
        }
    }
}

} // namespace test_scsi_sense_descriptors_test
