// SPDX-License-Identifier: MIT
// tests/nvme/nvme_test_data.hpp - constexpr builders of NVMe data structures
// for the tests (not a test file itself: no *_test.cpp name).
//
// Values are written byte by byte in little-endian order, as a controller
// puts them on the wire, so the tests mean the same on a big-endian host.
#ifndef MPIO_TESTS_NVME_TEST_DATA_HPP
#define MPIO_TESTS_NVME_TEST_DATA_HPP

#include <mpio/core/byte_view.hpp>

#include <cstddef>
#include <cstdint>

namespace nvme_test {

using mpio::byte;

template <std::size_t N>
struct buffer {
    byte b[N]{};
    std::size_t used = N; // how many bytes view() returns

    constexpr void le(std::size_t at, std::uint64_t value, std::size_t width) noexcept
    {
        for (std::size_t i = 0; i < width; ++i) b[at + i] = static_cast<byte>(value >> (8 * i));
    }
    constexpr void text(std::size_t at, const char* s, std::size_t field, char pad = ' ') noexcept
    {
        std::size_t i = 0;
        for (; s[i] != '\0' && i < field; ++i) b[at + i] = static_cast<byte>(s[i]);
        for (; i < field; ++i) b[at + i] = static_cast<byte>(pad);
    }
    constexpr void bytes(std::size_t at, const byte* src, std::size_t n) noexcept
    {
        for (std::size_t i = 0; i < n; ++i) b[at + i] = src[i];
    }
    [[nodiscard]] constexpr mpio::byte_view view() const noexcept { return mpio::byte_view(b, used); }
};

using page = buffer<4096>;

// An Identify Controller as the Linux NVMe target (nvmet) describes its
// controllers (after nvmet_execute_identify_ctrl's description): VID 0,
// model "Linux", CMIC multi-controller + ANA reporting, every ANA state
// reported, ANATT 10 s, 128 ANA groups, ANA change notices.
constexpr page nvmet_like_identify_controller() noexcept
{
    page p;
    p.le(0, 0x0000, 2);                  // VID
    p.le(2, 0x0000, 2);                  // SSVID
    p.text(4, "6b6f5a3c2e1d0f09", 20);   // SN
    p.text(24, "Linux", 40);             // MN
    p.text(64, "6.1.0", 8);              // FR
    p.b[72] = 6;                         // RAB
    p.b[76] = 0x0A;                      // CMIC: multiple controllers, ANA reporting
    p.b[77] = 0;                         // MDTS: no limit
    p.le(78, 0x0001, 2);                 // CNTLID 1
    p.le(80, 0x00020000, 4);             // VER 2.0.0
    p.le(92, (1u << 8) | (1u << 11), 4); // OAES: namespace attribute, ANA change
    p.b[111] = 1;                        // I/O controller
    p.le(128, 1, 2);                     // CRDT1 100 ms
    p.le(130, 10, 2);                    // CRDT2 1 s
    p.le(132, 50, 2);                    // CRDT3 5 s
    p.b[342] = 10;                       // ANATT
    p.b[343] = 0x5F;                     // ANACAP: states 0..4, ANAGRPID static
    p.le(344, 128, 4);                   // ANAGRPMAX
    p.le(348, 128, 4);                   // NANAGRPID
    p.le(516, 1024, 4);                  // NN
    p.le(540, 1024, 4);                  // MNAN
    p.text(768, "nqn.2014-08.org.example:subsys1", 256, '\0');
    return p;
}

// A shared 1 TiB namespace in ANA group 2 with NGUID and EUI-64, formatted
// with the second of two LBA formats (4096 bytes, no metadata).
constexpr page shared_identify_namespace() noexcept
{
    page p;
    p.le(0, 0x10000000, 8); // NSZE: 2^28 blocks of 4 KiB
    p.le(8, 0x10000000, 8);
    p.le(16, 0x00400000, 8);
    p.b[25] = 1;    // NLBAF: two formats
    p.b[26] = 0x01; // FLBAS: format 1
    p.b[30] = 0x01; // NMIC: shared
    p.le(92, 2, 4); // ANAGRPID
    constexpr byte nguid[16] = {0x60, 0x0a, 0x09, 0x80, 0x00, 0x00, 0x00, 0x01,
                                0x00, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef};
    constexpr byte eui64[8] = {0x00, 0x25, 0x38, 0x5a, 0x71, 0xb0, 0x12, 0x34};
    p.bytes(104, nguid, 16);
    p.bytes(120, eui64, 8);
    p.le(128, 0, 2); // LBAF0: 512 bytes, no metadata, "better"
    p.b[130] = 9;
    p.b[131] = 1;
    p.le(132, 0, 2); // LBAF1: 4096 bytes, best
    p.b[134] = 12;
    p.b[135] = 0;
    return p;
}

} // namespace nvme_test

#endif // MPIO_TESTS_NVME_TEST_DATA_HPP
