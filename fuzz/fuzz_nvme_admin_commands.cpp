// SPDX-License-Identifier: MIT
// Fuzz target for the NVMe admin command builders (mpio/nvme/admin_commands.hpp).
//
// The input is a recipe, not bytes to parse: byte 0 selects the builder,
// byte 1 the size of the serialisation buffer (0..127), the rest feeds the
// arguments (missing bytes read as zero). The buffer is a heap allocation of
// exactly that size, so AddressSanitizer catches a write past it. Checked
// after each call:
//   - a builder succeeds exactly when its arguments are valid (the rules of
//     the header comment, restated here), and fails with invalid_argument
//     otherwise;
//   - on success every field reads back as given (NUMD from the length,
//     LPOL/LPOU from the offset, LSP, RAE, LSI, CSI, UUID Index), and the
//     serialised bytes hold each dword little-endian;
//   - serialisation writes 64 bytes and nothing past them, or nothing at all
//     with buffer_too_small.
#include <mpio/nvme/admin_commands.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.hpp"

namespace {

namespace nvme = mpio::nvme;
using mpio::byte;
using mpio::errc;
using mpio_fuzz::check;

constexpr byte untouched = 0xA5;

struct recipe {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    std::uint8_t u8() { return at < size ? data[at++] : 0; }
    std::uint32_t u32()
    {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = v << 8 | u8();
        return v;
    }
    std::uint64_t u64() { return std::uint64_t{u32()} << 32 | u32(); }
};

// Serialises `sqe` into `buffer` and checks the bytes against the fields.
void check_serialized(const nvme::submission_queue_entry& sqe, std::vector<byte>& buffer)
{
    const auto r = nvme::serialize_submission_queue_entry(sqe, mpio::mutable_byte_view(buffer.data(), buffer.size()));
    if (buffer.size() < 64) {
        check(!r && r.error() == errc::buffer_too_small);
        for (const byte b : buffer) check(b == untouched);
        return;
    }
    check(r && *r == 64);
    const mpio::byte_view v(buffer.data(), buffer.size());
    const std::uint32_t dwords[16] = {sqe.cdw0(),
                                      sqe.nsid,
                                      sqe.cdw2,
                                      sqe.cdw3,
                                      static_cast<std::uint32_t>(sqe.mptr),
                                      static_cast<std::uint32_t>(sqe.mptr >> 32),
                                      static_cast<std::uint32_t>(sqe.prp1),
                                      static_cast<std::uint32_t>(sqe.prp1 >> 32),
                                      static_cast<std::uint32_t>(sqe.prp2),
                                      static_cast<std::uint32_t>(sqe.prp2 >> 32),
                                      sqe.cdw10,
                                      sqe.cdw11,
                                      sqe.cdw12,
                                      sqe.cdw13,
                                      sqe.cdw14,
                                      sqe.cdw15};
    for (std::size_t i = 0; i < 16; ++i)
        for (std::size_t j = 0; j < 4; ++j) check(v[4 * i + j] == static_cast<byte>(dwords[i] >> (8 * j)));
    for (std::size_t i = 64; i < buffer.size(); ++i) check(buffer[i] == untouched);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    recipe in{data, size};
    const std::uint8_t which = in.u8();
    std::vector<byte> buffer(in.u8() % 128u, untouched);

    switch (which % 3u) {
    case 0: { // Identify
        const auto cns = static_cast<nvme::identify_cns>(in.u8());
        const std::uint32_t nsid = in.u32();
        const std::uint8_t uuid_index = in.u8();
        const auto r = nvme::build_identify(cns, nsid, uuid_index);
        bool ok = uuid_index <= 0x7F;
        switch (static_cast<std::uint8_t>(cns)) {
        case 0x00: ok = ok && nsid != 0; break;
        case 0x01: ok = ok && nsid == 0; break;
        case 0x03: ok = ok && nsid != 0 && nsid != 0xFFFFFFFFu; break;
        default: ok = false;
        }
        check(r.has_value() == ok);
        if (!r) {
            check(r.error() == errc::invalid_argument);
            break;
        }
        check(r->opc == nvme::admin_opcode::identify && r->nsid == nsid);
        check(r->cdw10 == static_cast<std::uint8_t>(cns) && r->cdw11 == 0 && r->cdw14 == uuid_index);
        check(r->cid == 0 && r->prp1 == 0 && r->prp2 == 0 && r->mptr == 0 && r->cdw12 == 0 && r->cdw13 == 0);
        check_serialized(*r, buffer);
        break;
    }
    case 1: { // Get Log Page, any parameters
        nvme::get_log_page_parameters p;
        p.lid = in.u8();
        p.nsid = in.u32();
        p.lsp = in.u8();
        p.rae = (in.u8() & 1u) != 0;
        p.lsi = static_cast<std::uint16_t>(in.u32());
        // Lengths near the limits as often as small ones.
        const std::uint8_t length_form = in.u8();
        p.length = (length_form & 1u) ? in.u64() % (nvme::max_log_page_transfer + 8) : in.u32() % 8192u;
        p.offset = (length_form & 2u) ? in.u64() : in.u8();
        p.csi = in.u8();
        p.uuid_index = in.u8();
        const auto r = nvme::build_get_log_page(p);
        const bool ok = p.length != 0 && p.length % 4 == 0 && p.length <= nvme::max_log_page_transfer &&
                        p.offset % 4 == 0 && p.lsp <= 0x7F && p.uuid_index <= 0x7F;
        check(r.has_value() == ok);
        if (!r) {
            check(r.error() == errc::invalid_argument);
            break;
        }
        check(r->opc == nvme::admin_opcode::get_log_page && r->nsid == p.nsid);
        check(nvme::log_page_lid(*r) == p.lid && nvme::log_page_lsp(*r) == p.lsp && nvme::log_page_rae(*r) == p.rae);
        check(nvme::log_page_length(*r) == p.length && nvme::log_page_offset(*r) == p.offset);
        check((r->cdw11 >> 16) == p.lsi);
        check(r->cdw14 == (std::uint32_t{p.csi} << 24 | p.uuid_index));
        check(r->cdw15 == 0 && r->cdw2 == 0 && r->cdw3 == 0);
        check_serialized(*r, buffer);
        break;
    }
    default: { // the ANA log page
        const std::uint64_t length = in.u32();
        const std::uint64_t offset = in.u32();
        const std::uint8_t flags = in.u8();
        const auto r = nvme::build_get_ana_log_page(length, offset, (flags & 1u) != 0, (flags & 2u) != 0);
        check(r.has_value() == (length != 0 && length % 4 == 0 && offset % 4 == 0));
        if (!r) {
            check(r.error() == errc::invalid_argument);
            break;
        }
        check(nvme::log_page_lid(*r) == 0x0C && r->nsid == nvme::nsid_all);
        check(nvme::log_page_lsp(*r) == (flags & 1u) && nvme::log_page_rae(*r) == ((flags & 2u) != 0));
        check(nvme::log_page_length(*r) == length && nvme::log_page_offset(*r) == offset);
        check_serialized(*r, buffer);
        break;
    }
    }
    return 0;
}
