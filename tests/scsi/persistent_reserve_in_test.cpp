// SPDX-License-Identifier: MIT
#include <mpio/scsi/persistent_reserve_in.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_persistent_reserve_in_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace scsi = mpio::scsi;

namespace {

// READ KEYS: PRGENERATION 5, two keys.
constexpr byte read_keys[] = {
    0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x10, //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xab, 0xcd, //
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
};
// READ KEYS with ADDITIONAL LENGTH 12.
constexpr byte read_keys_odd[] = {
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0c, //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, //
    0x00, 0x00, 0x00, 0x02,
};
// READ RESERVATION: key abcd holds WE-RO.
constexpr byte read_reservation[] = {
    0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x10, //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xab, 0xcd, //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00,
};
constexpr byte no_reservation[] = {0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00};
constexpr byte bad_reservation_length[] = {0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x08};
// REPORT CAPABILITIES: RLR_C CRH SIP_C ATP_C PTPL_C, TMV, allow commands 011b,
// PTPL_A; every type.
constexpr byte capabilities_all[] = {0x00, 0x08, 0x9d, 0xb1, 0xea, 0x01, 0x00, 0x00};
// As tgt answers (ATP_C and PTPL_C, TMV, WE EA WE-RO EA-RO WE-AR EA-AR).
constexpr byte capabilities_some[] = {0x00, 0x08, 0x05, 0x80, 0x0a, 0x00, 0x00, 0x00};
// READ FULL STATUS: two descriptors; the first holds EA-RO through relative
// target port 1 with a FC TransportID, the second an iSCSI name+ISID
// registration on all target ports.
constexpr byte full_status[] = {
    0x00,
    0x00,
    0x00,
    0x09,
    0x00,
    0x00,
    0x00,
    0x60, // PRGENERATION 9, ADDITIONAL LENGTH 96 = 48 + 48
    // descriptor 1 (24 + 24)
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0xab,
    0xcd,
    0x00,
    0x00,
    0x00,
    0x00,
    0x01,
    0x06,
    0x00,
    0x00, //
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    0x00,
    0x00,
    0x18, //
    0x00,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x21,
    0x00,
    0x00,
    0x24,
    0xff,
    0x4b,
    0xbc,
    0x30,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    // descriptor 2 (24 + 24: an iSCSI TransportID of the minimum size)
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x42,
    0x00,
    0x00,
    0x00,
    0x00,
    0x02,
    0x00,
    0x00,
    0x00, //
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x18, //
    0x45,
    0x00,
    0x00,
    0x14,
    'i',
    'q',
    'n',
    ',',
    'i',
    ',',
    '0',
    'x',
    '1',
    '2',
    '3',
    0x00,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
};

template <class List>
constexpr std::size_t count(const List& list) noexcept
{
    std::size_t n = 0;
    for (auto it = list.begin(); !it.done(); ++it) ++n;
    return n;
}

template <std::size_t N>
constexpr std::array<byte, N> with(const byte (&src)[N], std::size_t at, byte value) noexcept
{
    std::array<byte, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = src[i];
    a[at] = value;
    return a;
}

template <std::size_t N>
constexpr byte_view view(const std::array<byte, N>& a) noexcept
{
    return {a.data(), N};
}

} // namespace

TEST_CASE("persistent_reserve_in: READ KEYS", "[persistent_reserve_in][constexpr]")
{
    constexpr auto r = scsi::parse_pr_read_keys(read_keys);
    STATIC_REQUIRE(r.has_value());
    STATIC_REQUIRE(r->prgeneration() == 5);
    STATIC_REQUIRE(r->additional_length() == 16);
    STATIC_REQUIRE(r->key_count() == 2);
    STATIC_REQUIRE(!r->truncated());
    STATIC_REQUIRE(r->required_allocation_length() == 24);
    STATIC_REQUIRE(count(r->keys()) == 2);
    STATIC_REQUIRE(*r->keys().at(0) == 0xabcd);
    STATIC_REQUIRE(*r->keys().at(1) == 0x1122334455667788u);
    STATIC_REQUIRE(r->contains(0xabcd));
    STATIC_REQUIRE(!r->contains(0xabce));
    STATIC_REQUIRE(r->keys().status().ok());

    STATIC_REQUIRE(scsi::parse_pr_read_keys(byte_view(read_keys).first(7)).error() == errc::too_short);
    // Truncated in the middle of the second key: one whole key, no error.
    constexpr auto cut = scsi::parse_pr_read_keys(byte_view(read_keys).first(20));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 24);
    STATIC_REQUIRE(count(cut->keys()) == 1);
    STATIC_REQUIRE(cut->keys().status().ok());
    // Odd ADDITIONAL LENGTH: the whole key stays, then length_mismatch.
    constexpr auto odd = scsi::parse_pr_read_keys(read_keys_odd);
    STATIC_REQUIRE(!odd->additional_length_valid());
    STATIC_REQUIRE(odd->keys().status().count == 1);
    STATIC_REQUIRE(odd->keys().status().error == errc::length_mismatch);
    STATIC_REQUIRE(odd->keys().status().offset == 8);
    // Bytes past ADDITIONAL LENGTH are not keys.
    static constexpr auto shorter_bytes = with(read_keys, 7, 0x08);
    constexpr auto shorter = scsi::parse_pr_read_keys(view(shorter_bytes));
    STATIC_REQUIRE(count(shorter->keys()) == 1);
}

TEST_CASE("persistent_reserve_in: READ RESERVATION", "[persistent_reserve_in][constexpr]")
{
    constexpr auto r = scsi::parse_pr_read_reservation(read_reservation);
    STATIC_REQUIRE(r.has_value());
    STATIC_REQUIRE(r->prgeneration() == 7);
    STATIC_REQUIRE(r->has_reservation());
    STATIC_REQUIRE(r->reservation_returned());
    STATIC_REQUIRE(r->reservation_key() == 0xabcd);
    STATIC_REQUIRE(r->scope() == scsi::pr_scope::lu_scope);
    STATIC_REQUIRE(r->type() == scsi::pr_type::write_exclusive_registrants_only);
    STATIC_REQUIRE(!r->truncated());

    constexpr auto none = scsi::parse_pr_read_reservation(no_reservation);
    STATIC_REQUIRE(!none->has_reservation());
    STATIC_REQUIRE(!none->reservation_returned());
    STATIC_REQUIRE(!none->truncated());

    constexpr auto cut = scsi::parse_pr_read_reservation(byte_view(read_reservation).first(16));
    STATIC_REQUIRE(cut->has_reservation());
    STATIC_REQUIRE(!cut->reservation_returned());
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 24);

    STATIC_REQUIRE(scsi::parse_pr_read_reservation(bad_reservation_length).error() == errc::length_mismatch);
    STATIC_REQUIRE(scsi::parse_pr_read_reservation(byte_view(no_reservation).first(4)).error() == errc::too_short);
    // Scope in the high nibble.
    static constexpr auto element = with(read_reservation, 21, 0x23);
    STATIC_REQUIRE(scsi::parse_pr_read_reservation(view(element))->scope() == scsi::pr_scope::obsolete_element);
}

TEST_CASE("persistent_reserve_in: REPORT CAPABILITIES", "[persistent_reserve_in][constexpr]")
{
    constexpr auto all = scsi::parse_pr_report_capabilities(capabilities_all);
    STATIC_REQUIRE(all.has_value());
    STATIC_REQUIRE(all->length() == 8);
    STATIC_REQUIRE(all->rlr_c());
    STATIC_REQUIRE(all->crh());
    STATIC_REQUIRE(all->sip_c());
    STATIC_REQUIRE(all->atp_c());
    STATIC_REQUIRE(all->ptpl_c());
    STATIC_REQUIRE(all->tmv());
    STATIC_REQUIRE(all->allow_commands() == scsi::pr_allow_commands::tur_allowed_others_allowed);
    STATIC_REQUIRE(all->ptpl_a());
    STATIC_REQUIRE(all->type_mask() == scsi::pr_type_mask::all);
    STATIC_REQUIRE(all->wr_ex_ar());
    STATIC_REQUIRE(all->ex_ac_ro());
    STATIC_REQUIRE(all->wr_ex_ro());
    STATIC_REQUIRE(all->ex_ac());
    STATIC_REQUIRE(all->wr_ex());
    STATIC_REQUIRE(all->ex_ac_ar());
    STATIC_REQUIRE(!all->truncated());

    constexpr auto some = scsi::parse_pr_report_capabilities(capabilities_some);
    STATIC_REQUIRE(!some->rlr_c());
    STATIC_REQUIRE(!some->crh());
    STATIC_REQUIRE(!some->sip_c());
    STATIC_REQUIRE(some->atp_c());
    STATIC_REQUIRE(some->ptpl_c());
    STATIC_REQUIRE(some->tmv());
    STATIC_REQUIRE(some->allow_commands() == scsi::pr_allow_commands::no_information);
    STATIC_REQUIRE(!some->ptpl_a());
    STATIC_REQUIRE(some->supports(scsi::pr_type::write_exclusive));
    STATIC_REQUIRE(some->supports(scsi::pr_type::exclusive_access));
    STATIC_REQUIRE(!some->supports(scsi::pr_type::write_exclusive_registrants_only));
    STATIC_REQUIRE(!some->supports(scsi::pr_type::exclusive_access_all_registrants));
    STATIC_REQUIRE(!some->supports(scsi::pr_type::obsolete_2));
    // Without TMV the mask says nothing: every defined type may be supported.
    static constexpr auto no_tmv_bytes = with(capabilities_some, 3, 0x00);
    constexpr auto no_tmv = scsi::parse_pr_report_capabilities(view(no_tmv_bytes));
    STATIC_REQUIRE(no_tmv->supports(scsi::pr_type::exclusive_access_all_registrants));

    // Each bit alone.
    for (unsigned b = 0; b < 8; ++b) {
        const auto bytes = with(capabilities_some, 2, static_cast<byte>(1u << b)); // outlives r's view of it
        const auto r = scsi::parse_pr_report_capabilities(view(bytes));
        REQUIRE(r);
        CHECK(r->rlr_c() == (b == 7));
        CHECK(r->crh() == (b == 4));
        CHECK(r->sip_c() == (b == 3));
        CHECK(r->atp_c() == (b == 2));
        CHECK(r->ptpl_c() == (b == 0));
    }
    for (const scsi::pr_type t :
         {scsi::pr_type::write_exclusive, scsi::pr_type::exclusive_access,
          scsi::pr_type::write_exclusive_registrants_only, scsi::pr_type::exclusive_access_registrants_only,
          scsi::pr_type::write_exclusive_all_registrants, scsi::pr_type::exclusive_access_all_registrants}) {
        const std::uint16_t bit = scsi::pr_type_mask::bit_of(t);
        auto bytes = with(capabilities_some, 4, static_cast<byte>(bit >> 8));
        bytes[5] = static_cast<byte>(bit & 0xFF);
        const auto r = scsi::parse_pr_report_capabilities(view(bytes));
        CHECK(r->supports(t));
        CHECK(r->type_mask() == bit);
    }

    // Truncated to 4 bytes: flags there, mask not.
    constexpr auto four = scsi::parse_pr_report_capabilities(byte_view(capabilities_all).first(4));
    STATIC_REQUIRE(four->truncated());
    STATIC_REQUIRE(four->flags_returned());
    STATIC_REQUIRE(!four->type_mask_returned());
    STATIC_REQUIRE(four->required_allocation_length() == 8);
    STATIC_REQUIRE(four->atp_c());
    STATIC_REQUIRE(four->type_mask() == 0);
    STATIC_REQUIRE(scsi::parse_pr_report_capabilities(byte_view(capabilities_all).first(1)).error() == errc::too_short);
    static constexpr auto length_6 = with(capabilities_all, 1, 0x06);
    STATIC_REQUIRE(scsi::parse_pr_report_capabilities(view(length_6)).error() == errc::length_mismatch);
    // A longer LENGTH is accepted.
    static constexpr auto length_12 = with(capabilities_all, 1, 0x0c);
    STATIC_REQUIRE(scsi::parse_pr_report_capabilities(view(length_12))->truncated());
}

TEST_CASE("persistent_reserve_in: READ FULL STATUS", "[persistent_reserve_in][constexpr]")
{
    static_assert(sizeof(full_status) == 8 + 96);
    constexpr auto r = scsi::parse_pr_read_full_status(full_status);
    STATIC_REQUIRE(r.has_value());
    STATIC_REQUIRE(r->prgeneration() == 9);
    STATIC_REQUIRE(!r->truncated());
    STATIC_REQUIRE(count(r->descriptors()) == 2);
    STATIC_REQUIRE(r->descriptors().status().ok());

    constexpr auto d0 = *r->descriptors().at(0);
    STATIC_REQUIRE(d0.reservation_key() == 0xabcd);
    STATIC_REQUIRE(d0.r_holder());
    STATIC_REQUIRE(!d0.all_tg_pt());
    STATIC_REQUIRE(d0.type() == scsi::pr_type::exclusive_access_registrants_only);
    STATIC_REQUIRE(d0.scope() == scsi::pr_scope::lu_scope);
    STATIC_REQUIRE(d0.relative_target_port_identifier() == 1);
    STATIC_REQUIRE(d0.additional_descriptor_length() == 24);
    STATIC_REQUIRE(d0.transport_id()->n_port_name() == 0x21000024ff4bbc30u);

    constexpr auto d1 = *r->descriptors().at(1);
    STATIC_REQUIRE(d1.offset() == 48);
    STATIC_REQUIRE(d1.reservation_key() == 0x42);
    STATIC_REQUIRE(!d1.r_holder());
    STATIC_REQUIRE(d1.all_tg_pt());
    STATIC_REQUIRE(d1.transport_id()->iscsi_name().equals("iqn"));
    STATIC_REQUIRE(d1.transport_id()->isid().equals("123"));
    STATIC_REQUIRE(*d1.transport_id()->isid_value() == 0x123);

    // Truncated inside the second descriptor: the first stays, no error.
    constexpr auto cut = scsi::parse_pr_read_full_status(byte_view(full_status).first(70));
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 104);
    STATIC_REQUIRE(count(cut->descriptors()) == 1);
    STATIC_REQUIRE(cut->descriptors().status().ok());
    STATIC_REQUIRE(scsi::parse_pr_read_full_status(byte_view(full_status).first(7)).error() == errc::too_short);

    // ADDITIONAL DESCRIPTOR LENGTH of the second past ADDITIONAL LENGTH.
    static constexpr auto overrun_bytes = with(full_status, 8 + 48 + 23, 0x40);
    constexpr auto overrun = scsi::parse_pr_read_full_status(view(overrun_bytes));
    STATIC_REQUIRE(overrun->descriptors().status().count == 1);
    STATIC_REQUIRE(overrun->descriptors().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(overrun->descriptors().status().offset == 48);
    // A descriptor header cut by ADDITIONAL LENGTH (not by truncation).
    static constexpr auto short_list_bytes = with(full_status, 7, 48 + 10);
    constexpr auto short_list = scsi::parse_pr_read_full_status(view(short_list_bytes));
    STATIC_REQUIRE(short_list->descriptors().status().error == errc::too_short);
    // The TransportID does not fill ADDITIONAL DESCRIPTOR LENGTH: an error of
    // that descriptor's TransportID only; the list goes on.
    static constexpr auto padded = [] {
        auto a = with(full_status, 8 + 23, 0x1c); // first: 28 instead of 24...
        a[7] = 0x60 + 4;                          // ...and the list 4 longer
        return a;
    }();
    // (the bytes after the list are not there: the data is truncated)
    constexpr auto p = scsi::parse_pr_read_full_status(view(padded));
    STATIC_REQUIRE(p->truncated());
    STATIC_REQUIRE(p->descriptors().at(0)->transport_id().error() == errc::length_mismatch);
    // A TransportID of a protocol SPC gives none.
    static constexpr auto sata_bytes = with(full_status, 8 + 24, 0x08);
    constexpr auto sata = scsi::parse_pr_read_full_status(view(sata_bytes));
    STATIC_REQUIRE(sata->descriptors().at(0)->transport_id().error() == errc::unsupported_format);
    STATIC_REQUIRE(count(sata->descriptors()) == 2);

    // No descriptors at all.
    constexpr byte empty[] = {0, 0, 0, 1, 0, 0, 0, 0};
    STATIC_REQUIRE(count(scsi::parse_pr_read_full_status(empty)->descriptors()) == 0);
}

TEST_CASE("persistent_reserve_in: names", "[persistent_reserve_in]")
{
    CHECK(std::string(scsi::to_string(scsi::pr_allow_commands::tur_allowed)) ==
          "TEST UNIT READY allowed through WE and EA");
    CHECK(std::string(scsi::to_string(static_cast<scsi::pr_allow_commands>(5))) == "reserved in SPC-4");
    CHECK(scsi::pr_type_mask::bit_of(scsi::pr_type::obsolete_4) == 0);
}

} // namespace test_scsi_persistent_reserve_in_test
