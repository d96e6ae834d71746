// SPDX-License-Identifier: MIT
// Identify and Get Log Page submission queue entries: the dwords after the
// NVMe Base Specification 2.0 field layouts, the 64-byte little-endian
// serialisation (expected bytes written out by hand), and the arguments the
// builders refuse.
#include <mpio/nvme/admin_commands.hpp>
#include <mpio/nvme/ana_log.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_admin_commands_test {

namespace nvme = mpio::nvme;
using mpio::byte;
using mpio::errc;

namespace admin_commands_test {

using sqe_bytes = std::array<byte, 64>;

constexpr sqe_bytes serialized(const nvme::submission_queue_entry& sqe) noexcept
{
    sqe_bytes b{};
    (void)nvme::serialize_submission_queue_entry(sqe, mpio::mutable_byte_view(b.data(), b.size()));
    return b;
}

// 64 zero bytes with the given (offset, value) pairs set.
constexpr sqe_bytes expected(std::initializer_list<std::pair<std::size_t, byte>> set) noexcept
{
    sqe_bytes b{};
    for (const auto& [at, value] : set) b[at] = value;
    return b;
}

} // namespace admin_commands_test

using admin_commands_test::expected;
using admin_commands_test::serialized;

TEST_CASE("admin commands: Identify Controller, Namespace and descriptor list at compile time",
          "[nvme][admin_commands][constexpr]")
{
    constexpr nvme::submission_queue_entry ctrl = nvme::build_identify_controller();
    STATIC_REQUIRE(ctrl.opc == 0x06);
    STATIC_REQUIRE(ctrl.nsid == 0);
    STATIC_REQUIRE(ctrl.cdw10 == 0x01);
    STATIC_REQUIRE(ctrl.cdw11 == 0 && ctrl.cdw14 == 0);
    STATIC_REQUIRE(serialized(ctrl) == expected({{0, 0x06}, {40, 0x01}}));

    constexpr auto ns = nvme::build_identify_namespace(1);
    STATIC_REQUIRE(ns.has_value());
    STATIC_REQUIRE(ns->cdw10 == 0x00 && ns->nsid == 1);
    STATIC_REQUIRE(serialized(*ns) == expected({{0, 0x06}, {4, 0x01}}));

    constexpr auto descs = nvme::build_identify_namespace_identification_descriptors(0x12345678);
    STATIC_REQUIRE(descs.has_value());
    STATIC_REQUIRE(descs->cdw10 == 0x03);
    STATIC_REQUIRE(serialized(*descs) == expected({{0, 0x06}, {4, 0x78}, {5, 0x56}, {6, 0x34}, {7, 0x12}, {40, 0x03}}));

    // FFFFFFFFh is the common namespace capabilities for CNS 00h.
    STATIC_REQUIRE(nvme::build_identify_namespace(nvme::nsid_all)->nsid == 0xFFFFFFFFu);
    // UUID Index in CDW14 bits 6:0.
    STATIC_REQUIRE(nvme::build_identify(nvme::identify_cns::controller, 0, 0x7F)->cdw14 == 0x7F);
}

TEST_CASE("admin commands: Identify refuses NSIDs the command does not take", "[nvme][admin_commands][constexpr]")
{
    STATIC_REQUIRE(nvme::build_identify_namespace(0).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_identify_namespace_identification_descriptors(0).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_identify_namespace_identification_descriptors(nvme::nsid_all).error() ==
                   errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_identify(nvme::identify_cns::controller, 1).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_identify(nvme::identify_cns::controller, 0, 0x80).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_identify(static_cast<nvme::identify_cns>(0x02), 0).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_identify_namespace_identification_descriptors(0xFFFFFFFEu).has_value());
}

TEST_CASE("admin commands: the ANA log page, RGO, RAE, NUMDL/NUMDU and offsets", "[nvme][admin_commands][constexpr]")
{
    // 4096 bytes: NUMD 3FFh, LID 0Ch, NSID FFFFFFFFh.
    constexpr auto plain = nvme::build_get_ana_log_page(4096);
    STATIC_REQUIRE(plain.has_value());
    STATIC_REQUIRE(plain->opc == 0x02);
    STATIC_REQUIRE(plain->nsid == 0xFFFFFFFFu);
    STATIC_REQUIRE(plain->cdw10 == 0x03FF000Cu);
    STATIC_REQUIRE(plain->cdw11 == 0 && plain->cdw12 == 0 && plain->cdw13 == 0 && plain->cdw14 == 0);
    STATIC_REQUIRE(
        serialized(*plain) ==
        expected(
            {{0, 0x02}, {4, 0xFF}, {5, 0xFF}, {6, 0xFF}, {7, 0xFF}, {40, 0x0C}, {41, 0x00}, {42, 0xFF}, {43, 0x03}}));

    STATIC_REQUIRE(nvme::build_get_ana_log_page(4096, 0, true)->cdw10 == 0x03FF010Cu);        // RGO: LSP bit 0
    STATIC_REQUIRE(nvme::build_get_ana_log_page(4096, 0, false, true)->cdw10 == 0x03FF800Cu); // RAE: bit 15

    // 65537 dwords: NUMD 10000h, so NUMDL 0 and NUMDU 1; offset 1_0000_0004h.
    constexpr auto big = nvme::build_get_ana_log_page(std::uint64_t{65537} * 4, 0x1'0000'0004ull);
    STATIC_REQUIRE(big->cdw10 == 0x0000000Cu);
    STATIC_REQUIRE(big->cdw11 == 0x00000001u);
    STATIC_REQUIRE(big->cdw12 == 4 && big->cdw13 == 1);
    STATIC_REQUIRE(nvme::log_page_length(*big) == 65537 * 4);
    STATIC_REQUIRE(nvme::log_page_offset(*big) == 0x1'0000'0004ull);
    STATIC_REQUIRE(serialized(*big)[44] == 0x01 && serialized(*big)[48] == 0x04 && serialized(*big)[52] == 0x01);

    // The smallest and the largest transfers.
    STATIC_REQUIRE(nvme::build_get_ana_log_page(4)->cdw10 == 0x0000000Cu);
    constexpr auto largest = nvme::build_get_ana_log_page(nvme::max_log_page_transfer);
    STATIC_REQUIRE(largest->cdw10 == 0xFFFF000Cu && largest->cdw11 == 0x0000FFFFu);
    STATIC_REQUIRE(nvme::log_page_length(*largest) == std::uint64_t{1} << 34);

    // The kernel's buffer for 32 groups and 256 namespaces.
    STATIC_REQUIRE(nvme::build_get_ana_log_page(nvme::ana_log_size(32, 256))->cdw10 >> 16 ==
                   (16 + 32 * 32 + 4 * 256) / 4 - 1);
}

TEST_CASE("admin commands: Get Log Page refuses lengths, offsets and fields it cannot send",
          "[nvme][admin_commands][constexpr]")
{
    STATIC_REQUIRE(nvme::build_get_ana_log_page(0).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_get_ana_log_page(4095).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_get_ana_log_page(2).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_get_ana_log_page(nvme::max_log_page_transfer + 4).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_get_ana_log_page(4096, 2).error() == errc::invalid_argument);
    STATIC_REQUIRE(nvme::build_get_ana_log_page(4096, 0x1'0000'0001ull).error() == errc::invalid_argument);

    constexpr nvme::get_log_page_parameters bad_lsp{0x0C, nvme::nsid_all, 0x80, false, 0, 4096, 0, 0, 0};
    STATIC_REQUIRE(nvme::build_get_log_page(bad_lsp).error() == errc::invalid_argument);
    constexpr nvme::get_log_page_parameters bad_uuid{0x0C, nvme::nsid_all, 0, false, 0, 4096, 0, 0, 0x80};
    STATIC_REQUIRE(nvme::build_get_log_page(bad_uuid).error() == errc::invalid_argument);
}

TEST_CASE("admin commands: every Get Log Page field lands in its bits", "[nvme][admin_commands]")
{
    nvme::get_log_page_parameters p;
    p.lid = 0xC0;
    p.nsid = 7;
    p.lsp = 0x7F;
    p.rae = true;
    p.lsi = 0xABCD;
    p.length = 0x12345678ull * 4;
    p.offset = 0x8765'4321'0000'0010ull;
    p.csi = 0x02;
    p.uuid_index = 0x05;
    const auto sqe = nvme::build_get_log_page(p);
    REQUIRE(sqe);
    CHECK(sqe->cdw10 == 0x5677FFC0u); // NUMDL 5677h, RAE, LSP 7Fh, LID C0h
    CHECK(sqe->cdw11 == 0xABCD1234u); // LSI, NUMDU
    CHECK(sqe->cdw12 == 0x00000010u);
    CHECK(sqe->cdw13 == 0x87654321u);
    CHECK(sqe->cdw14 == 0x02000005u); // CSI, OT 0, UUID Index
    CHECK(sqe->cdw15 == 0);
    CHECK(nvme::log_page_lid(*sqe) == 0xC0);
    CHECK(nvme::log_page_lsp(*sqe) == 0x7F);
    CHECK(nvme::log_page_rae(*sqe));
    CHECK(nvme::log_page_numd_of(*sqe) == 0x12345677u);
    CHECK(nvme::log_page_length(*sqe) == p.length);
    CHECK(nvme::log_page_offset(*sqe) == p.offset);
}

TEST_CASE("admin commands: serialisation writes 64 little-endian bytes and nothing else", "[nvme][admin_commands]")
{
    nvme::submission_queue_entry sqe = nvme::build_identify_controller();
    sqe.cid = 0xBEEF;
    sqe.fuse = 1;
    sqe.psdt = 2;
    sqe.mptr = 0x0102030405060708ull;
    sqe.prp1 = 0x1112131415161718ull;
    sqe.prp2 = 0x2122232425262728ull;
    sqe.cdw15 = 0xA1B2C3D4u;
    CHECK(sqe.cdw0() == 0xBEEF8106u);

    std::array<byte, 70> buffer{};
    buffer.fill(0xA5);
    const auto written = nvme::serialize_submission_queue_entry(sqe, mpio::mutable_byte_view(buffer.data(), 70));
    REQUIRE(written);
    CHECK(*written == 64);
    const std::array<byte, 64> want = {
        0x06, 0x81, 0xEF, 0xBE, 0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, // CDW0, NSID, CDW2-3
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,                         // MPTR
        0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,                         // PRP1
        0x28, 0x27, 0x26, 0x25, 0x24, 0x23, 0x22, 0x21,                         // PRP2
        0x01, 0,    0,    0,    0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0,
        0,    0,    0,    0,    0xD4, 0xC3, 0xB2, 0xA1, // CDW10-15
    };
    for (std::size_t i = 0; i < 64; ++i) {
        INFO("byte " << i);
        CHECK(buffer[i] == want[i]);
    }
    for (std::size_t i = 64; i < 70; ++i) CHECK(buffer[i] == 0xA5);

    // Too small: an error, nothing written.
    std::array<byte, 63> small{};
    small.fill(0xA5);
    CHECK(nvme::serialize_submission_queue_entry(sqe, mpio::mutable_byte_view(small.data(), small.size())).error() ==
          errc::buffer_too_small);
    for (const byte b : small) CHECK(b == 0xA5);
    CHECK(nvme::serialize_submission_queue_entry(sqe, mpio::mutable_byte_view()).error() == errc::buffer_too_small);
}

} // namespace test_nvme_admin_commands_test
