// SPDX-License-Identifier: MIT
// mpio/nvme/admin_commands.hpp - builders for the admin commands a multipath
// stack sends to read identity and ANA state: Identify (CNS 00h, 01h, 03h)
// and Get Log Page (any log, and the ANA log page 0Ch), as submission queue
// entries (SQEs).
//
// Field layouts after the NVM Express Base Specification 2.0:
//   Common Command Format (64 bytes, every dword little-endian)
//     CDW0      bits 7:0 OPC, 9:8 FUSE, 15:14 PSDT, 31:16 CID
//     NSID      dword 1
//     CDW2-3    dwords 2-3 (command specific; zero for these commands)
//     MPTR      dwords 4-5
//     DPTR      dwords 6-9 (PRP entry 1 in 6-7, PRP entry 2 in 8-9)
//     CDW10-15  dwords 10-15
//   Identify (opcode 06h)
//     CDW10     bits 7:0 CNS, 31:16 CNTID
//     CDW11     bits 15:0 CNS Specific Identifier, 31:24 CSI
//     CDW14     bits 6:0 UUID Index
//   Get Log Page (opcode 02h)
//     CDW10     bits 7:0 LID, 14:8 LSP, 15 RAE, 31:16 NUMDL
//     CDW11     bits 15:0 NUMDU, 31:16 LSI
//     CDW12     LPOL (log page offset, lower 32 bits)
//     CDW13     LPOU (log page offset, upper 32 bits)
//     CDW14     bits 6:0 UUID Index, 23 OT, 31:24 CSI
//   NUMD (NUMDU:NUMDL) is the 0's based number of dwords to transfer, so
//   a transfer of L bytes sends (L / 4) - 1.
//
// A builder returns a submission_queue_entry: plain uint32 dwords the caller
// copies into its own command structure, or serialises with
// serialize_submission_queue_entry() into 64 little-endian bytes (each dword
// written byte by byte, so the CPU's byte order is never assumed). CID, FUSE,
// PSDT, MPTR and DPTR are the caller's (queue and memory are not mpio's);
// the builders leave them zero.
//
// Errors: errc::invalid_argument for an argument the specification forbids
// or a field does not hold: an NSID that is not valid for the command, a
// transfer length of 0, not a multiple of 4 or above 2^32 dwords, a log page
// offset that is not dword aligned, an LSP above 7Fh or a UUID Index above
// 7Fh. Nothing is corrected silently.
#ifndef MPIO_NVME_ADMIN_COMMANDS_HPP
#define MPIO_NVME_ADMIN_COMMANDS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio::nvme {

// Admin command opcodes (Base Specification 2.0, "Opcodes for Admin Commands").
namespace admin_opcode {
inline constexpr std::uint8_t get_log_page = 0x02;
inline constexpr std::uint8_t identify = 0x06;
} // namespace admin_opcode

// Controller or Namespace Structure values built here.
enum class identify_cns : std::uint8_t {
    namespace_data = 0x00,                      // Identify Namespace for NSID
    controller = 0x01,                          // Identify Controller
    namespace_identification_descriptors = 0x03 // Namespace Identification Descriptor list for NSID
};

// Log page identifiers a multipath stack reads.
namespace log_identifier {
inline constexpr std::uint8_t asymmetric_namespace_access = 0x0C;
} // namespace log_identifier

// Log Specific Parameter bits of the ANA log page.
namespace ana_lsp {
inline constexpr std::uint8_t rgo = 0x01; // Return Groups Only: no NSID lists
} // namespace ana_lsp

inline constexpr std::size_t submission_queue_entry_size = 64;
inline constexpr std::size_t identify_data_size = 4096;
inline constexpr std::uint32_t nsid_all = 0xFFFFFFFFu; // the broadcast NSID
// The largest Get Log Page transfer: NUMD is 32 bits and 0's based.
inline constexpr std::uint64_t max_log_page_transfer = std::uint64_t{1} << 34;

// One submission queue entry, field by field.
struct submission_queue_entry {
    std::uint8_t opc = 0;  // CDW0 bits 7:0
    std::uint8_t fuse = 0; // CDW0 bits 9:8
    std::uint8_t psdt = 0; // CDW0 bits 15:14
    std::uint16_t cid = 0; // CDW0 bits 31:16
    std::uint32_t nsid = 0;
    std::uint32_t cdw2 = 0;
    std::uint32_t cdw3 = 0;
    std::uint64_t mptr = 0;
    std::uint64_t prp1 = 0; // DPTR, dwords 6-7
    std::uint64_t prp2 = 0; // DPTR, dwords 8-9
    std::uint32_t cdw10 = 0;
    std::uint32_t cdw11 = 0;
    std::uint32_t cdw12 = 0;
    std::uint32_t cdw13 = 0;
    std::uint32_t cdw14 = 0;
    std::uint32_t cdw15 = 0;

    // Command Dword 0 as sent (FUSE and PSDT masked to their 2 bits).
    [[nodiscard]] constexpr std::uint32_t cdw0() const noexcept
    {
        return std::uint32_t{opc} | (std::uint32_t{fuse} & 0x3u) << 8 | (std::uint32_t{psdt} & 0x3u) << 14 |
               std::uint32_t{cid} << 16;
    }

    friend constexpr bool operator==(const submission_queue_entry&, const submission_queue_entry&) noexcept = default;
};

// Writes the 64-byte SQE into the first 64 bytes of `out` (bytes past them
// are left alone) and returns 64; errc::buffer_too_small (nothing written)
// when `out` is shorter.
constexpr result<std::size_t> serialize_submission_queue_entry(const submission_queue_entry& sqe,
                                                               mutable_byte_view out) noexcept
{
    if (out.size() < submission_queue_entry_size) return failure(errc::buffer_too_small);
    const mutable_byte_view b = out.first(submission_queue_entry_size);
    (void)store_le32(b, 0, sqe.cdw0());
    (void)store_le32(b, 4, sqe.nsid);
    (void)store_le32(b, 8, sqe.cdw2);
    (void)store_le32(b, 12, sqe.cdw3);
    (void)store_le64(b, 16, sqe.mptr);
    (void)store_le64(b, 24, sqe.prp1);
    (void)store_le64(b, 32, sqe.prp2);
    (void)store_le32(b, 40, sqe.cdw10);
    (void)store_le32(b, 44, sqe.cdw11);
    (void)store_le32(b, 48, sqe.cdw12);
    (void)store_le32(b, 52, sqe.cdw13);
    (void)store_le32(b, 56, sqe.cdw14);
    (void)store_le32(b, 60, sqe.cdw15);
    return submission_queue_entry_size;
}

// ------------------------------------------------------------------- Identify

// An Identify command for CNS `cns` (00h, 01h or 03h) and `nsid`; the data
// is identify_data_size bytes. NSID rules:
//   00h  a namespace (1..FFFFFFFEh), or FFFFFFFFh for the capabilities common
//        to all namespaces; 0 is errc::invalid_argument;
//   01h  not used: must be 0, anything else is errc::invalid_argument;
//   03h  an active namespace (1..FFFFFFFEh); 0 and FFFFFFFFh are
//        errc::invalid_argument (the controller would abort with Invalid
//        Namespace or Format).
// Any other CNS value is errc::invalid_argument (not built here).
// uuid_index: CDW14 bits 6:0 (0: no UUID selected); above 7Fh is
// errc::invalid_argument.
[[nodiscard]] constexpr result<submission_queue_entry> build_identify(identify_cns cns, std::uint32_t nsid,
                                                                      std::uint8_t uuid_index = 0) noexcept
{
    switch (cns) {
    case identify_cns::namespace_data:
        if (nsid == 0) return failure(errc::invalid_argument);
        break;
    case identify_cns::controller:
        if (nsid != 0) return failure(errc::invalid_argument);
        break;
    case identify_cns::namespace_identification_descriptors:
        if (nsid == 0 || nsid == nsid_all) return failure(errc::invalid_argument);
        break;
    default: return failure(errc::invalid_argument);
    }
    if (uuid_index > 0x7F) return failure(errc::invalid_argument);
    submission_queue_entry sqe;
    sqe.opc = admin_opcode::identify;
    sqe.nsid = nsid;
    sqe.cdw10 = static_cast<std::uint32_t>(cns); // CNTID 0
    sqe.cdw14 = uuid_index;
    return sqe;
}

[[nodiscard]] constexpr submission_queue_entry build_identify_controller() noexcept
{
    return *build_identify(identify_cns::controller, 0);
}

[[nodiscard]] constexpr result<submission_queue_entry> build_identify_namespace(std::uint32_t nsid) noexcept
{
    return build_identify(identify_cns::namespace_data, nsid);
}

[[nodiscard]] constexpr result<submission_queue_entry>
build_identify_namespace_identification_descriptors(std::uint32_t nsid) noexcept
{
    return build_identify(identify_cns::namespace_identification_descriptors, nsid);
}

// --------------------------------------------------------------- Get Log Page

struct get_log_page_parameters {
    std::uint8_t lid = 0;          // Log Page Identifier
    std::uint32_t nsid = nsid_all; // the kernel reads controller-scope logs with FFFFFFFFh
    std::uint8_t lsp = 0;          // Log Specific Parameter (7 bits)
    bool rae = false;              // Retain Asynchronous Event
    std::uint16_t lsi = 0;         // Log Specific Identifier
    std::uint64_t length = 0;      // bytes to transfer: a non-zero multiple of 4, at most 2^34
    std::uint64_t offset = 0;      // byte offset into the log page (OT 0): a multiple of 4
    std::uint8_t csi = 0;          // Command Set Identifier
    std::uint8_t uuid_index = 0;   // 7 bits
};

// The NUMD value (0's based dword count) of a transfer of `length` bytes,
// or errc::invalid_argument when the length cannot be sent.
[[nodiscard]] constexpr result<std::uint32_t> log_page_numd(std::uint64_t length) noexcept
{
    if (length == 0 || length % 4 != 0 || length > max_log_page_transfer) return failure(errc::invalid_argument);
    return static_cast<std::uint32_t>(length / 4 - 1);
}

[[nodiscard]] constexpr result<submission_queue_entry> build_get_log_page(const get_log_page_parameters& p) noexcept
{
    const result<std::uint32_t> numd = log_page_numd(p.length);
    if (!numd) return failure(numd.error());
    if (p.offset % 4 != 0 || p.lsp > 0x7F || p.uuid_index > 0x7F) return failure(errc::invalid_argument);
    submission_queue_entry sqe;
    sqe.opc = admin_opcode::get_log_page;
    sqe.nsid = p.nsid;
    sqe.cdw10 = std::uint32_t{p.lid} | std::uint32_t{p.lsp} << 8 | (p.rae ? 1u : 0u) << 15 | (*numd & 0xFFFFu) << 16;
    sqe.cdw11 = (*numd >> 16) | std::uint32_t{p.lsi} << 16;
    sqe.cdw12 = static_cast<std::uint32_t>(p.offset & 0xFFFFFFFFu);
    sqe.cdw13 = static_cast<std::uint32_t>(p.offset >> 32);
    sqe.cdw14 = std::uint32_t{p.uuid_index} | std::uint32_t{p.csi} << 24; // OT 0: offset in bytes
    return sqe;
}

// The ANA log page (LID 0Ch) with NSID FFFFFFFFh, as the kernel's
// nvme_read_ana_log() reads it; `rgo` sets LSP bit 0 (Return Groups Only),
// `rae` keeps the ANA change asynchronous event outstanding. ana_log_size()
// (nvme/ana_log.hpp) gives a length that holds the whole page.
[[nodiscard]] constexpr result<submission_queue_entry>
build_get_ana_log_page(std::uint64_t length, std::uint64_t offset = 0, bool rgo = false, bool rae = false) noexcept
{
    get_log_page_parameters p;
    p.lid = log_identifier::asymmetric_namespace_access;
    p.lsp = rgo ? ana_lsp::rgo : 0;
    p.rae = rae;
    p.length = length;
    p.offset = offset;
    return build_get_log_page(p);
}

// Field readers of a Get Log Page SQE (for checks and logs).
[[nodiscard]] constexpr std::uint8_t log_page_lid(const submission_queue_entry& s) noexcept
{
    return static_cast<std::uint8_t>(s.cdw10 & 0xFFu);
}
[[nodiscard]] constexpr std::uint8_t log_page_lsp(const submission_queue_entry& s) noexcept
{
    return static_cast<std::uint8_t>((s.cdw10 >> 8) & 0x7Fu);
}
[[nodiscard]] constexpr bool log_page_rae(const submission_queue_entry& s) noexcept
{
    return ((s.cdw10 >> 15) & 1u) != 0;
}
[[nodiscard]] constexpr std::uint32_t log_page_numd_of(const submission_queue_entry& s) noexcept
{
    return (s.cdw10 >> 16) | (s.cdw11 & 0xFFFFu) << 16;
}
// Bytes the command transfers: (NUMD + 1) * 4.
[[nodiscard]] constexpr std::uint64_t log_page_length(const submission_queue_entry& s) noexcept
{
    return (std::uint64_t{log_page_numd_of(s)} + 1) * 4;
}
[[nodiscard]] constexpr std::uint64_t log_page_offset(const submission_queue_entry& s) noexcept
{
    return std::uint64_t{s.cdw13} << 32 | s.cdw12;
}

} // namespace mpio::nvme

#endif // MPIO_NVME_ADMIN_COMMANDS_HPP
