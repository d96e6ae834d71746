// SPDX-License-Identifier: MIT
// Fuzz target: READ CAPACITY (10) parameter data
// (mpio/scsi/read_capacity.hpp). Every accessor is called and the capacity is
// checked against plain 64-bit arithmetic; the CDB builder runs on every
// buffer size.
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/read_capacity.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    const mpio::result<scsi::read_capacity_10> r = scsi::parse_read_capacity_10(input);
    if (!r) {
        check(size < scsi::read_capacity_10::size && r.error() == errc::too_short);
        return 0;
    }
    check(r->bytes().size() == 8 && r->bytes().data() == data);
    const std::uint32_t lba = r->returned_logical_block_address();
    const std::uint32_t length = r->block_length_in_bytes();
    check(lba == mpio::load_be32(input, 0) && length == mpio::load_be32(input, 4));
    check(r->needs_read_capacity_16() == (lba == 0xFFFF'FFFFu));
    const auto blocks = r->capacity_in_blocks();
    const auto bytes = r->capacity_in_bytes();
    if (r->needs_read_capacity_16()) {
        check(blocks.error() == errc::overflow && bytes.error() == errc::overflow);
    } else {
        check(*blocks == std::uint64_t{lba} + 1);
        check(*bytes == (std::uint64_t{lba} + 1) * length); // < 2^64: no wrap possible
    }

    // The CDB: exactly 10 bytes, CONTROL from the input, nothing else set.
    mpio::byte cdb[12];
    for (std::size_t n = 0; n <= sizeof cdb; ++n) {
        for (mpio::byte& b : cdb) b = 0xEE;
        const auto built = scsi::build_read_capacity_10(mpio::mutable_byte_view(cdb, n), data[0]);
        if (n < 10) {
            check(built.error() == errc::buffer_too_small && cdb[0] == 0xEE);
            continue;
        }
        check(*built == 10 && cdb[0] == 0x25 && cdb[9] == data[0]);
        for (std::size_t i = 1; i < 9; ++i) check(cdb[i] == 0);
        for (std::size_t i = 10; i < sizeof cdb; ++i) check(cdb[i] == 0xEE);
    }
    return 0;
}
