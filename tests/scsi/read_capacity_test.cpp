// SPDX-License-Identifier: MIT
#include <mpio/scsi/read_capacity.hpp>

#include <mpio/hosted/hex_input.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_read_capacity_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace scsi = mpio::scsi;

namespace {

// A 4Kn disk: 4096-byte logical blocks, one per physical block; 2 TB.
constexpr byte four_kn[32] = {
    0x00, 0x00, 0x00, 0x00, 0x1d, 0x1c, 0x11, 0x15, // last LBA 1D1C1115h (488378645)
    0x00, 0x00, 0x10, 0x00,                         // 4096
    0x00, 0x00, 0x00, 0x00,                         // RC BASIS 0, no PI; exponent 0
};

// A 512e disk: 512-byte logical blocks, 8 per 4096-byte physical block, the
// first aligned LBA 7 (the old "partition at sector 63" alignment), thin
// provisioned, unmapped blocks read as zeros.
constexpr byte five_twelve_e[32] = {
    0x00, 0x00, 0x00, 0x00, 0xe8, 0xe0, 0x88, 0xaf, // last LBA E8E088AFh (3907029167)
    0x00, 0x00, 0x02, 0x00,                         // 512
    0x10,                                           // RC BASIS 01b
    0x03,                                           // P_I_EXPONENT 0, LBPPBE 3
    0xc0, 0x07,                                     // LBPME, LBPRZ, lowest aligned LBA 7
};

// A disk formatted with type 2 protection, 4 protection information
// intervals per 4096-byte block (P_I_EXPONENT 2).
constexpr byte pi_type_2[32] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0xff, 0xff, // last LBA FFFFFh
    0x00, 0x00, 0x10, 0x00,                         // 4096
    0x13,                                           // RC BASIS 01b, P_TYPE 001b, PROT_EN
    0x20,                                           // P_I_EXPONENT 2
    0x80, 0x00,                                     // LBPME
};

constexpr scsi::read_capacity_16 parse(byte_view b) noexcept { return *scsi::parse_read_capacity_16(b); }

} // namespace

TEST_CASE("read_capacity_16: 4Kn and 512e", "[read_capacity][constexpr]")
{
    constexpr auto k = parse(four_kn);
    STATIC_REQUIRE(!k.truncated());
    STATIC_REQUIRE(k.returned_logical_block_address() == 488378645u);
    STATIC_REQUIRE(k.logical_block_length_in_bytes() == 4096);
    STATIC_REQUIRE(k.rc_basis() == scsi::rc_basis::highest_lba_of_non_sequential_zones);
    STATIC_REQUIRE(*k.capacity_in_blocks() == 488378646u);
    STATIC_REQUIRE(*k.capacity_in_bytes() == 2000398934016u);
    STATIC_REQUIRE(k.logical_blocks_per_physical_block() == 1);
    STATIC_REQUIRE(k.physical_block_length_in_bytes() == 4096);
    STATIC_REQUIRE(*k.protection_type() == 0);
    STATIC_REQUIRE(!k.lbpme());

    constexpr auto e = parse(five_twelve_e);
    STATIC_REQUIRE(e.rc_basis() == scsi::rc_basis::last_logical_block);
    STATIC_REQUIRE(e.logical_block_length_in_bytes() == 512);
    STATIC_REQUIRE(e.logical_blocks_per_physical_block_exponent() == 3);
    STATIC_REQUIRE(e.logical_blocks_per_physical_block() == 8);
    STATIC_REQUIRE(e.physical_block_length_in_bytes() == 4096);
    STATIC_REQUIRE(e.lowest_aligned_logical_block_address() == 7);
    STATIC_REQUIRE(e.lbpme());
    STATIC_REQUIRE(e.lbprz());
    STATIC_REQUIRE(*e.capacity_in_blocks() == 3907029168u);
    STATIC_REQUIRE(*e.capacity_in_bytes() == 2000398934016u); // same size, other geometry
    STATIC_REQUIRE(!e.prot_en());
}

TEST_CASE("read_capacity_16: protection information", "[read_capacity][constexpr]")
{
    constexpr auto p = parse(pi_type_2);
    STATIC_REQUIRE(p.prot_en());
    STATIC_REQUIRE(p.p_type() == scsi::p_type::type_2_protection);
    STATIC_REQUIRE(*p.protection_type() == 2);
    STATIC_REQUIRE(p.p_i_exponent() == 2);
    STATIC_REQUIRE(p.protection_information_intervals() == 4);
    STATIC_REQUIRE(p.lbpme());
    STATIC_REQUIRE(!p.lbprz());
    STATIC_REQUIRE(*p.capacity_in_bytes() == 0x100000ull * 4096);

    // P_TYPE without PROT_EN means nothing: no protection.
    constexpr byte p_type_only[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x04};
    STATIC_REQUIRE(parse(p_type_only).p_type() == scsi::p_type::type_3_protection);
    STATIC_REQUIRE(*parse(p_type_only).protection_type() == 0);
    // Type 1 and type 3.
    constexpr byte type_1[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x01};
    constexpr byte type_3[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x05};
    STATIC_REQUIRE(*parse(type_1).protection_type() == 1);
    STATIC_REQUIRE(*parse(type_3).protection_type() == 3);
    // A reserved P_TYPE with PROT_EN.
    constexpr byte reserved[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x07};
    STATIC_REQUIRE(parse(reserved).protection_type().error() == errc::reserved_value);
    STATIC_REQUIRE(parse(reserved).p_type() == static_cast<scsi::p_type>(3));
    // Reserved bits 7..6 of byte 12 do not leak into RC BASIS.
    constexpr byte reserved_bits[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0xc0};
    STATIC_REQUIRE(parse(reserved_bits).rc_basis() == scsi::rc_basis::highest_lba_of_non_sequential_zones);
    // The largest exponents.
    constexpr byte max_exponents[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0xff, 0x3f, 0xff};
    STATIC_REQUIRE(parse(max_exponents).protection_information_intervals() == 32768);
    STATIC_REQUIRE(parse(max_exponents).physical_block_length_in_bytes() == 0xffff'ffffull << 15);
    STATIC_REQUIRE(parse(max_exponents).lowest_aligned_logical_block_address() == 0x3fff);
    STATIC_REQUIRE(!parse(max_exponents).lbpme());

    CHECK(std::string(to_string(scsi::p_type::type_2_protection)) == "type 2 protection");
    CHECK(std::string(to_string(static_cast<scsi::p_type>(5))) == "reserved");
    CHECK(std::string(to_string(scsi::rc_basis::last_logical_block)) == "last logical block of the logical unit");
    CHECK(std::string(to_string(static_cast<scsi::rc_basis>(2))) == "reserved");
}

TEST_CASE("read_capacity_16: capacity overflow is detected, not wrapped", "[read_capacity][constexpr]")
{
    constexpr byte last_lba_max[12] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 2, 0};
    STATIC_REQUIRE(parse(last_lba_max).capacity_in_blocks().error() == errc::overflow);
    STATIC_REQUIRE(parse(last_lba_max).capacity_in_bytes().error() == errc::overflow);

    // 2^55 blocks of 511 bytes fit, of 512 bytes (2^64) do not.
    constexpr byte fits[12] = {0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x01, 0xff};
    constexpr byte just_over[12] = {0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x02, 0x00};
    STATIC_REQUIRE(*parse(fits).capacity_in_bytes() == (std::uint64_t{1} << 55) * 511);
    STATIC_REQUIRE(parse(just_over).capacity_in_bytes().error() == errc::overflow);
    // A block length of zero (bogus) gives zero bytes, not a failure.
    constexpr byte zero_length[12] = {0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(*parse(zero_length).capacity_in_bytes() == 0);

    // Against 128-bit arithmetic over a spread of values.
    __extension__ using u128 = unsigned __int128;
    std::uint64_t x = 0x243F'6A88'85A3'08D3u;
    byte b[12]{};
    for (int i = 0; i < 200000; ++i) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        const std::uint64_t lba = x >> (x & 63); // every magnitude
        const auto length = static_cast<std::uint32_t>(x >> 13) >> ((x >> 7) & 31);
        for (int k = 0; k < 8; ++k) b[k] = static_cast<byte>(lba >> (56 - 8 * k));
        for (int k = 0; k < 4; ++k) b[8 + k] = static_cast<byte>(length >> (24 - 8 * k));
        const auto r = parse(b);
        const u128 exact = (u128{lba} + 1) * length;
        const auto bytes = r.capacity_in_bytes();
        const bool fits_64 = lba != ~std::uint64_t{0} && (exact >> 64) == 0;
        if (bytes.has_value() != fits_64 || (fits_64 && *bytes != static_cast<std::uint64_t>(exact))) {
            INFO("lba " << lba << " length " << length);
            REQUIRE(false);
        }
    }
}

TEST_CASE("read_capacity_16: short responses", "[read_capacity]")
{
    for (std::size_t n = 0; n <= sizeof five_twelve_e; ++n) {
        INFO("prefix " << n);
        const auto r = scsi::parse_read_capacity_16(byte_view(five_twelve_e).first(n));
        if (n < 12) {
            CHECK(r.error() == errc::too_short);
            continue;
        }
        REQUIRE(r.has_value());
        CHECK(r->truncated() == (n < 32));
        CHECK(r->required_allocation_length() == 32);
        CHECK(r->logical_block_length_in_bytes() == 512);
        CHECK(*r->capacity_in_bytes() == 2000398934016u);
        CHECK(r->protection_fields_present() == (n >= 13));
        CHECK(r->exponent_fields_present() == (n >= 14));
        CHECK(r->provisioning_fields_present() == (n >= 16));
        // Absent fields read as zero.
        CHECK(r->rc_basis() ==
              (n >= 13 ? scsi::rc_basis::last_logical_block : scsi::rc_basis::highest_lba_of_non_sequential_zones));
        CHECK(r->protection_type().error() == (n >= 13 ? errc::none : errc::too_short));
        CHECK(r->logical_blocks_per_physical_block() == (n >= 14 ? 8u : 1u));
        CHECK(r->lbpme() == (n >= 15));
        CHECK(r->lowest_aligned_logical_block_address() == (n >= 16 ? 7 : 0));
    }
    // Longer than 32 bytes: the rest is not part of the data.
    byte longer[40]{};
    for (std::size_t i = 0; i < 32; ++i) longer[i] = five_twelve_e[i];
    CHECK(scsi::parse_read_capacity_16(longer)->bytes().size() == 32);
}

// ------------------------------------------------------- READ CAPACITY (10)

namespace {

constexpr scsi::read_capacity_10 parse10(byte_view b) noexcept { return *scsi::parse_read_capacity_10(b); }

// A 2 TB 512n disk: last LBA E8E088AFh, 512-byte blocks.
constexpr byte rc10_512n[8] = {0xe8, 0xe0, 0x88, 0xaf, 0x00, 0x00, 0x02, 0x00};
// Too big for READ CAPACITY (10): RETURNED LOGICAL BLOCK ADDRESS FFFFFFFFh.
constexpr byte rc10_use_16[8] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x02, 0x00};
// The largest capacity it can report: FFFFFFFEh + 1 blocks of FFFFFFFFh bytes.
constexpr byte rc10_max[8] = {0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff};

} // namespace

TEST_CASE("read_capacity_10: fields and capacity", "[read_capacity][constexpr]")
{
    constexpr auto d = parse10(rc10_512n);
    STATIC_REQUIRE(d.returned_logical_block_address() == 0xe8e088afu);
    STATIC_REQUIRE(d.block_length_in_bytes() == 512);
    STATIC_REQUIRE(!d.needs_read_capacity_16());
    STATIC_REQUIRE(*d.capacity_in_blocks() == 3907029168u);
    STATIC_REQUIRE(*d.capacity_in_bytes() == 2000398934016u);

    constexpr auto big = parse10(rc10_use_16);
    STATIC_REQUIRE(big.needs_read_capacity_16());
    STATIC_REQUIRE(big.capacity_in_blocks().error() == errc::overflow);
    STATIC_REQUIRE(big.capacity_in_bytes().error() == errc::overflow);
    STATIC_REQUIRE(big.block_length_in_bytes() == 512);

    constexpr auto max = parse10(rc10_max);
    STATIC_REQUIRE(*max.capacity_in_blocks() == 0xffff'ffffull);
    STATIC_REQUIRE(*max.capacity_in_bytes() == 0xffff'ffffull * 0xffff'ffffull);

    // The same geometry as the READ CAPACITY (16) 512e vector.
    STATIC_REQUIRE(*parse10(rc10_512n).capacity_in_bytes() == *parse(five_twelve_e).capacity_in_bytes());
}

TEST_CASE("read_capacity_10: short and long responses", "[read_capacity]")
{
    for (std::size_t n = 0; n < 8; ++n) {
        INFO("prefix " << n);
        CHECK(scsi::parse_read_capacity_10(byte_view(rc10_512n).first(n)).error() == errc::too_short);
    }
    byte longer[12] = {0xe8, 0xe0, 0x88, 0xaf, 0x00, 0x00, 0x02, 0x00, 0xff, 0xff, 0xff, 0xff};
    const auto r = scsi::parse_read_capacity_10(longer);
    REQUIRE(r.has_value());
    CHECK(r->bytes().size() == 8);
    CHECK(*r->capacity_in_blocks() == 3907029168u);
}

TEST_CASE("read_capacity_10: against 64-bit arithmetic", "[read_capacity]")
{
    std::uint64_t x = 0x1319'8A2E'0370'7344u;
    byte b[8]{};
    for (int i = 0; i < 100000; ++i) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        const auto lba = static_cast<std::uint32_t>(x >> 32) >> ((x >> 3) & 31);
        const auto length = static_cast<std::uint32_t>(x >> 9) >> ((x >> 41) & 31);
        for (int k = 0; k < 4; ++k) b[k] = static_cast<byte>(lba >> (24 - 8 * k));
        for (int k = 0; k < 4; ++k) b[4 + k] = static_cast<byte>(length >> (24 - 8 * k));
        const auto r = parse10(b);
        const bool fits = lba != 0xffff'ffffu;
        const auto bytes = r.capacity_in_bytes();
        if (bytes.has_value() != fits || (fits && *bytes != (std::uint64_t{lba} + 1) * length)) {
            INFO("lba " << lba << " length " << length);
            REQUIRE(false);
        }
    }
}

TEST_CASE("read_capacity_10: tgt (Debian tgt 1.0.85), a 64 MiB backing file", "[read_capacity][targets]")
{
    const mpio::hosted::input_bytes in =
        mpio::hosted::load_bytes(std::string(MPIO_TEST_DATA_DIR) + "/targets/tgt_read_capacity_10.hex");
    INFO(in.error.reason);
    REQUIRE(in.ok);
    const auto r = scsi::parse_read_capacity_10(byte_view(in.bytes.data(), in.bytes.size()));
    REQUIRE(r.has_value());
    CHECK(r->returned_logical_block_address() == 0x1ffff);
    CHECK(r->block_length_in_bytes() == 512);
    CHECK(*r->capacity_in_bytes() == 64u * 1024 * 1024); // truncate -s 64M
}

} // namespace test_scsi_read_capacity_test
