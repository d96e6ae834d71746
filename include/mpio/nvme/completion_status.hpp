// SPDX-License-Identifier: MIT
// mpio/nvme/completion_status.hpp - the status of an NVMe command: the
// Status Field of a completion queue entry, and the entry itself.
//
// NVM Express Base Specification 2.x, Completion Queue Entry (16 bytes,
// little-endian) and Status Field:
//
//   Dword 0 (bytes 0-3)    command specific
//   Dword 1 (bytes 4-7)    command specific
//   bytes 8-9              SQ Head Pointer (SQHD)
//   bytes 10-11            SQ Identifier (SQID)
//   bytes 12-13            Command Identifier (CID)
//   bytes 14-15, bit 0     Phase Tag (P)
//                bits 15:1 Status Field:
//     SF bits 7:0   Status Code (SC)
//     SF bits 10:8  Status Code Type (SCT)
//     SF bits 12:11 Command Retry Delay (CRD: 0 none, 1..3 select CRDT1..3)
//     SF bit 13     More (M: more status in the Error Information log)
//     SF bit 14     Do Not Retry (DNR)
//
// completion_status holds the 15-bit Status Field in that layout, which is
// also what the Linux kernel keeps in nvme_req(req)->status (the CQE's
// status shifted right by one), so a value from either source is the same
// number; code() is SCT:SC, the kernel's `status & 0x7ff`.
#ifndef MPIO_NVME_COMPLETION_STATUS_HPP
#define MPIO_NVME_COMPLETION_STATUS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio::nvme {

enum class status_code_type : std::uint8_t {
    generic_command_status = 0x0,
    command_specific_status = 0x1,
    media_and_data_integrity_errors = 0x2,
    path_related_status = 0x3,
    // 4h..6h reserved
    vendor_specific = 0x7,
};

[[nodiscard]] constexpr const char* to_string(status_code_type t) noexcept
{
    switch (t) {
    case status_code_type::generic_command_status: return "Generic Command Status";
    case status_code_type::command_specific_status: return "Command Specific Status";
    case status_code_type::media_and_data_integrity_errors: return "Media and Data Integrity Errors";
    case status_code_type::path_related_status: return "Path Related Status";
    case status_code_type::vendor_specific: return "Vendor Specific";
    }
    return "reserved";
}

// SCT:SC of the statuses a multipath layer meets, named as the
// specification names them (value = SCT << 8 | SC).
enum class status_code : std::uint16_t {
    // generic command status (SCT 0h)
    successful_completion = 0x000,
    invalid_command_opcode = 0x001,
    invalid_field_in_command = 0x002,
    command_id_conflict = 0x003,
    data_transfer_error = 0x004,
    commands_aborted_due_to_power_loss_notification = 0x005,
    internal_error = 0x006,
    command_abort_requested = 0x007,
    command_aborted_due_to_sq_deletion = 0x008,
    command_aborted_due_to_failed_fused_command = 0x009,
    command_aborted_due_to_missing_fused_command = 0x00A,
    invalid_namespace_or_format = 0x00B,
    command_sequence_error = 0x00C,
    operation_denied = 0x015,
    host_identifier_inconsistent_format = 0x018,
    keep_alive_timer_expired = 0x019,
    keep_alive_timeout_invalid = 0x01A,
    command_aborted_due_to_preempt_and_abort = 0x01B,
    sanitize_failed = 0x01C,
    sanitize_in_progress = 0x01D,
    namespace_is_write_protected = 0x020,
    command_interrupted = 0x021,
    transient_transport_error = 0x022,
    command_prohibited_by_command_and_feature_lockdown = 0x023,
    admin_command_media_not_ready = 0x024,
    lba_out_of_range = 0x080,
    capacity_exceeded = 0x081,
    namespace_not_ready = 0x082,
    reservation_conflict = 0x083,
    format_in_progress = 0x084,
    // command specific status (SCT 1h)
    invalid_log_page = 0x109,
    invalid_format = 0x10A,
    namespace_already_attached = 0x118,
    namespace_is_private = 0x119,
    namespace_not_attached = 0x11A,
    ana_group_identifier_invalid = 0x124,
    ana_attach_failed = 0x125,
    conflicting_attributes = 0x180, // NVM command set (Connect: incompatible format)
    invalid_protection_information = 0x181,
    attempted_write_to_read_only_range = 0x182,
    authentication_required = 0x191, // NVMe over Fabrics
    // media and data integrity errors (SCT 2h)
    write_fault = 0x280,
    unrecovered_read_error = 0x281,
    end_to_end_guard_check_error = 0x282,
    end_to_end_application_tag_check_error = 0x283,
    end_to_end_reference_tag_check_error = 0x284,
    compare_failure = 0x285,
    access_denied = 0x286,
    deallocated_or_unwritten_logical_block = 0x287,
    // path related status (SCT 3h)
    internal_path_error = 0x300,
    asymmetric_access_persistent_loss = 0x301,
    asymmetric_access_inaccessible = 0x302,
    asymmetric_access_transition = 0x303,
    controller_pathing_error = 0x360,
    host_pathing_error = 0x370,
    command_aborted_by_host = 0x371,
};

// The specification's name of SCT:SC; "reserved" / "vendor specific" /
// "unnamed" (a code this table does not name) otherwise.
[[nodiscard]] constexpr const char* to_string(status_code c) noexcept
{
    switch (c) {
    case status_code::successful_completion: return "Successful Completion";
    case status_code::invalid_command_opcode: return "Invalid Command Opcode";
    case status_code::invalid_field_in_command: return "Invalid Field in Command";
    case status_code::command_id_conflict: return "Command ID Conflict";
    case status_code::data_transfer_error: return "Data Transfer Error";
    case status_code::commands_aborted_due_to_power_loss_notification:
        return "Commands Aborted due to Power Loss Notification";
    case status_code::internal_error: return "Internal Error";
    case status_code::command_abort_requested: return "Command Abort Requested";
    case status_code::command_aborted_due_to_sq_deletion: return "Command Aborted due to SQ Deletion";
    case status_code::command_aborted_due_to_failed_fused_command: return "Command Aborted due to Failed Fused Command";
    case status_code::command_aborted_due_to_missing_fused_command:
        return "Command Aborted due to Missing Fused Command";
    case status_code::invalid_namespace_or_format: return "Invalid Namespace or Format";
    case status_code::command_sequence_error: return "Command Sequence Error";
    case status_code::operation_denied: return "Operation Denied";
    case status_code::host_identifier_inconsistent_format: return "Host Identifier Inconsistent Format";
    case status_code::keep_alive_timer_expired: return "Keep Alive Timer Expired";
    case status_code::keep_alive_timeout_invalid: return "Keep Alive Timeout Invalid";
    case status_code::command_aborted_due_to_preempt_and_abort: return "Command Aborted due to Preempt and Abort";
    case status_code::sanitize_failed: return "Sanitize Failed";
    case status_code::sanitize_in_progress: return "Sanitize In Progress";
    case status_code::namespace_is_write_protected: return "Namespace is Write Protected";
    case status_code::command_interrupted: return "Command Interrupted";
    case status_code::transient_transport_error: return "Transient Transport Error";
    case status_code::command_prohibited_by_command_and_feature_lockdown:
        return "Command Prohibited by Command and Feature Lockdown";
    case status_code::admin_command_media_not_ready: return "Admin Command Media Not Ready";
    case status_code::lba_out_of_range: return "LBA Out of Range";
    case status_code::capacity_exceeded: return "Capacity Exceeded";
    case status_code::namespace_not_ready: return "Namespace Not Ready";
    case status_code::reservation_conflict: return "Reservation Conflict";
    case status_code::format_in_progress: return "Format In Progress";
    case status_code::invalid_log_page: return "Invalid Log Page";
    case status_code::invalid_format: return "Invalid Format";
    case status_code::namespace_already_attached: return "Namespace Already Attached";
    case status_code::namespace_is_private: return "Namespace Is Private";
    case status_code::namespace_not_attached: return "Namespace Not Attached";
    case status_code::ana_group_identifier_invalid: return "ANA Group Identifier Invalid";
    case status_code::ana_attach_failed: return "ANA Attach Failed";
    case status_code::conflicting_attributes: return "Conflicting Attributes";
    case status_code::invalid_protection_information: return "Invalid Protection Information";
    case status_code::attempted_write_to_read_only_range: return "Attempted Write to Read Only Range";
    case status_code::authentication_required: return "Authentication Required";
    case status_code::write_fault: return "Write Fault";
    case status_code::unrecovered_read_error: return "Unrecovered Read Error";
    case status_code::end_to_end_guard_check_error: return "End-to-end Guard Check Error";
    case status_code::end_to_end_application_tag_check_error: return "End-to-end Application Tag Check Error";
    case status_code::end_to_end_reference_tag_check_error: return "End-to-end Reference Tag Check Error";
    case status_code::compare_failure: return "Compare Failure";
    case status_code::access_denied: return "Access Denied";
    case status_code::deallocated_or_unwritten_logical_block: return "Deallocated or Unwritten Logical Block";
    case status_code::internal_path_error: return "Internal Path Error";
    case status_code::asymmetric_access_persistent_loss: return "Asymmetric Access Persistent Loss";
    case status_code::asymmetric_access_inaccessible: return "Asymmetric Access Inaccessible";
    case status_code::asymmetric_access_transition: return "Asymmetric Access Transition";
    case status_code::controller_pathing_error: return "Controller Pathing Error";
    case status_code::host_pathing_error: return "Host Pathing Error";
    case status_code::command_aborted_by_host: return "Command Aborted By Host";
    }
    const unsigned sct = (static_cast<unsigned>(c) >> 8) & 7u;
    if (sct == 7) return "vendor specific";
    if (sct >= 4) return "reserved";
    // SC C0h..FFh of each type are vendor specific.
    if ((static_cast<unsigned>(c) & 0xFFu) >= 0xC0) return "vendor specific";
    return "unnamed";
}

class completion_status {
public:
    constexpr completion_status() noexcept = default;
    // From the 15-bit Status Field (bits 15:1 of CQE bytes 14-15 shifted
    // down; the kernel's nvme_req(req)->status). Bit 15 is ignored.
    [[nodiscard]] static constexpr completion_status from_status_field(std::uint16_t field) noexcept
    {
        return completion_status(static_cast<std::uint16_t>(field & 0x7FFFu));
    }
    // From Dword 3 of a completion queue entry (phase tag in bit 16).
    [[nodiscard]] static constexpr completion_status from_dword3(std::uint32_t dw3) noexcept
    {
        return completion_status(static_cast<std::uint16_t>((dw3 >> 17) & 0x7FFFu));
    }
    // Built from its parts (for tests and simulators).
    [[nodiscard]] static constexpr completion_status make(status_code code, bool dnr = false, bool more = false,
                                                          std::uint8_t crd = 0) noexcept
    {
        return completion_status(static_cast<std::uint16_t>((static_cast<unsigned>(code) & 0x7FFu) |
                                                            ((crd & 3u) << 11) | (more ? 0x2000u : 0u) |
                                                            (dnr ? 0x4000u : 0u)));
    }

    [[nodiscard]] constexpr std::uint16_t field() const noexcept { return field_; }
    [[nodiscard]] constexpr std::uint8_t sc() const noexcept { return static_cast<std::uint8_t>(field_); }
    [[nodiscard]] constexpr status_code_type sct() const noexcept
    {
        return static_cast<status_code_type>((field_ >> 8) & 7u);
    }
    // SCT:SC (the kernel's status & 0x7ff).
    [[nodiscard]] constexpr status_code code() const noexcept { return static_cast<status_code>(field_ & 0x7FFu); }
    [[nodiscard]] constexpr std::uint8_t crd() const noexcept { return static_cast<std::uint8_t>((field_ >> 11) & 3u); }
    [[nodiscard]] constexpr bool more() const noexcept { return (field_ & 0x2000u) != 0; }
    [[nodiscard]] constexpr bool dnr() const noexcept { return (field_ & 0x4000u) != 0; }

    [[nodiscard]] constexpr bool success() const noexcept { return (field_ & 0x7FFu) == 0; }
    // SCT 3h (the kernel's nvme_is_path_error()).
    [[nodiscard]] constexpr bool is_path_error() const noexcept
    {
        return sct() == status_code_type::path_related_status;
    }
    // 301h, 302h, 303h (the kernel's nvme_is_ana_error()).
    [[nodiscard]] constexpr bool is_ana_error() const noexcept
    {
        return code() == status_code::asymmetric_access_persistent_loss ||
               code() == status_code::asymmetric_access_inaccessible ||
               code() == status_code::asymmetric_access_transition;
    }

    friend constexpr bool operator==(completion_status, completion_status) noexcept = default;

private:
    constexpr explicit completion_status(std::uint16_t field) noexcept : field_(field) {}
    std::uint16_t field_ = 0;
};

// A 16-byte completion queue entry.
class completion_queue_entry {
public:
    static constexpr std::size_t size = 16;

    constexpr completion_queue_entry() noexcept = default;
    constexpr explicit completion_queue_entry(byte_view bytes) noexcept : bytes_(bytes) {}

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::uint32_t dw0() const noexcept { return load_le32(bytes_, 0); }
    [[nodiscard]] constexpr std::uint32_t dw1() const noexcept { return load_le32(bytes_, 4); }
    [[nodiscard]] constexpr std::uint16_t sqhd() const noexcept { return load_le16(bytes_, 8); }
    [[nodiscard]] constexpr std::uint16_t sqid() const noexcept { return load_le16(bytes_, 10); }
    [[nodiscard]] constexpr std::uint16_t cid() const noexcept { return load_le16(bytes_, 12); }
    [[nodiscard]] constexpr bool phase_tag() const noexcept { return bit(bytes_.at_or(14), 0); }
    [[nodiscard]] constexpr completion_status status() const noexcept
    {
        return completion_status::from_status_field(static_cast<std::uint16_t>(load_le16(bytes_, 14) >> 1));
    }

private:
    byte_view bytes_;
};

// errc::too_short below 16 bytes; bytes past 16 are ignored.
[[nodiscard]] constexpr result<completion_queue_entry> parse_completion_queue_entry(byte_view bytes) noexcept
{
    if (bytes.size() < completion_queue_entry::size) return failure(errc::too_short);
    return completion_queue_entry(bytes.first(completion_queue_entry::size));
}

} // namespace mpio::nvme

#endif // MPIO_NVME_COMPLETION_STATUS_HPP
