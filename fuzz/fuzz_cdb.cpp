// SPDX-License-Identifier: MIT
// Fuzz target for the CDB builders (mpio/scsi/cdb.hpp).
//
// The input is not bytes to parse but a recipe: which builder to call, the
// size of the output buffer, and the builder's arguments. The buffer is a heap
// allocation of exactly that size, so AddressSanitizer catches any write past
// it. The invariants every builder promises are checked after each call:
//   - success: the returned length is the command's CDB length (or the
//     parameter list length), fits the buffer, the fields read back as given,
//     and no byte past the returned length was touched;
//   - failure: only invalid_argument or buffer_too_small, buffer_too_small
//     exactly when the buffer is shorter than needed, and nothing written.
//
// Input layout: byte 0 selects the builder, byte 1 is the buffer size
// (0..63), the rest feeds the arguments (missing bytes read as zero).
#include <mpio/scsi/cdb.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

namespace scsi = mpio::scsi;
using mpio::byte;
using mpio::errc;
using mpio::result;

#define FUZZ_CHECK(cond)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) __builtin_trap();                                                                                 \
    } while (0)

constexpr byte untouched = 0xA5; // what the buffer holds before the call

// Sequential reader of argument bytes; past the end everything is zero.
struct recipe {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    byte u8() { return at < size ? data[at++] : 0; }
    std::uint16_t u16() { return static_cast<std::uint16_t>((u8() << 8) | u8()); }
    std::uint32_t u32() { return static_cast<std::uint32_t>((std::uint32_t{u16()} << 16) | u16()); }
};

// Checks the outcome of one builder call against the promises above.
// `needed` is the length the builder must produce, `arguments_ok` whether the
// arguments were acceptable. Returns true when the builder succeeded.
bool check(const result<std::size_t>& r, const std::vector<byte>& buffer, std::size_t needed, bool arguments_ok)
{
    if (r) {
        FUZZ_CHECK(arguments_ok);
        FUZZ_CHECK(r.value() == needed && needed <= buffer.size());
        for (std::size_t i = needed; i < buffer.size(); ++i) FUZZ_CHECK(buffer[i] == untouched);
        return true;
    }
    const errc expected = !arguments_ok ? errc::invalid_argument : errc::buffer_too_small;
    FUZZ_CHECK(r.error() == expected);
    if (expected == errc::buffer_too_small) FUZZ_CHECK(buffer.size() < needed);
    for (byte b : buffer) FUZZ_CHECK(b == untouched);
    return false;
}

// The fields every CDB shares: OPERATION CODE first, CONTROL last.
void check_frame(const std::vector<byte>& cdb, std::size_t length, byte operation_code, byte control)
{
    FUZZ_CHECK(cdb[0] == operation_code);
    FUZZ_CHECK(cdb[length - 1] == control);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    recipe in{data, size};
    const byte which = in.u8();
    std::vector<byte> buffer(in.u8() % 64u, untouched); // exactly this size on the heap
    const mpio::mutable_byte_view out(buffer.data(), buffer.size());
    const mpio::byte_view written(buffer.data(), buffer.size());
    const byte control = in.u8();

    switch (which % 7u) {
    case 0: {
        const result<std::size_t> r = scsi::build_test_unit_ready(out, control);
        if (check(r, buffer, scsi::cdb_length::test_unit_ready, true)) {
            check_frame(buffer, r.value(), scsi::opcode::test_unit_ready, control);
            for (std::size_t i = 1; i < 5; ++i) FUZZ_CHECK(buffer[i] == 0);
        }
        break;
    }
    case 1: {
        const bool evpd = (in.u8() & 1u) != 0;
        const byte page_code = in.u8();
        const std::uint16_t allocation_length = in.u16();
        const result<std::size_t> r = scsi::build_inquiry(out, evpd, page_code, allocation_length, control);
        if (check(r, buffer, scsi::cdb_length::inquiry, evpd || page_code == 0)) {
            check_frame(buffer, r.value(), scsi::opcode::inquiry, control);
            FUZZ_CHECK(buffer[1] == (evpd ? 1 : 0));
            FUZZ_CHECK(buffer[2] == page_code);
            FUZZ_CHECK(mpio::load_be16(written, 3) == allocation_length);
        }
        break;
    }
    case 2: {
        const auto select = static_cast<scsi::select_report>(in.u8());
        const std::uint32_t allocation_length = in.u32();
        const result<std::size_t> r = scsi::build_report_luns(out, select, allocation_length, control);
        const bool ok = allocation_length >= 16 && !scsi::is_reserved(select);
        if (check(r, buffer, scsi::cdb_length::report_luns, ok)) {
            check_frame(buffer, r.value(), scsi::opcode::report_luns, control);
            FUZZ_CHECK(buffer[2] == static_cast<byte>(select));
            FUZZ_CHECK(mpio::load_be32(written, 6) == allocation_length);
            FUZZ_CHECK(buffer[1] == 0 && buffer[3] == 0 && buffer[4] == 0 && buffer[5] == 0 && buffer[10] == 0);
        }
        break;
    }
    case 3: {
        const std::uint32_t allocation_length = in.u32();
        const result<std::size_t> r = scsi::build_read_capacity_16(out, allocation_length, control);
        if (check(r, buffer, scsi::cdb_length::read_capacity_16, true)) {
            check_frame(buffer, r.value(), scsi::opcode::service_action_in_16, control);
            FUZZ_CHECK(buffer[1] == scsi::service_action::read_capacity_16);
            FUZZ_CHECK(mpio::load_be64(written, 2) == 0 && buffer[14] == 0);
            FUZZ_CHECK(mpio::load_be32(written, 10) == allocation_length);
        }
        break;
    }
    case 4: {
        const byte format = in.u8();
        const std::uint32_t allocation_length = in.u32();
        const result<std::size_t> r = scsi::build_report_target_port_groups(
            out, static_cast<scsi::rtpg_parameter_data_format>(format), allocation_length, control);
        if (check(r, buffer, scsi::cdb_length::report_target_port_groups, format <= 1)) {
            check_frame(buffer, r.value(), scsi::opcode::maintenance_in, control);
            FUZZ_CHECK(mpio::bits(buffer[1], 7, 5) == format);
            FUZZ_CHECK(mpio::bits(buffer[1], 4, 0) == scsi::service_action::report_target_port_groups);
            FUZZ_CHECK(mpio::load_be32(written, 6) == allocation_length);
        }
        break;
    }
    case 5: {
        const std::uint32_t parameter_list_length = in.u32();
        const result<std::size_t> r = scsi::build_set_target_port_groups(out, parameter_list_length, control);
        if (check(r, buffer, scsi::cdb_length::set_target_port_groups, true)) {
            check_frame(buffer, r.value(), scsi::opcode::maintenance_out, control);
            FUZZ_CHECK(buffer[1] == scsi::service_action::set_target_port_groups);
            FUZZ_CHECK(mpio::load_be32(written, 6) == parameter_list_length);
        }
        break;
    }
    default: {
        // Descriptors: 3 recipe bytes each (state, group high, group low); the
        // control byte doubles as the count so counts past the data occur too.
        std::vector<scsi::set_target_port_group_descriptor> descriptors(control % 16u);
        bool ok = true;
        for (auto& d : descriptors) {
            d.state = static_cast<scsi::asymmetric_access_state>(in.u8());
            d.target_port_group = in.u16();
            ok = ok && scsi::settable_by_stpg(d.state);
        }
        const std::size_t needed = scsi::set_target_port_groups_parameter_list_length(descriptors.size());
        FUZZ_CHECK(needed == 4 + 4 * descriptors.size());
        const result<std::size_t> r =
            scsi::build_set_target_port_groups_parameter_list(out, descriptors.data(), descriptors.size());
        if (check(r, buffer, needed, ok)) {
            FUZZ_CHECK(mpio::load_be32(written, 0) == 0);
            for (std::size_t i = 0; i < descriptors.size(); ++i) {
                const std::size_t at = 4 + 4 * i;
                FUZZ_CHECK(buffer[at] == static_cast<byte>(descriptors[i].state) && buffer[at + 1] == 0);
                FUZZ_CHECK(mpio::load_be16(written, at + 2) == descriptors[i].target_port_group);
            }
        }
        break;
    }
    }
    return 0;
}
