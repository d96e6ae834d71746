// SPDX-License-Identifier: MIT
// mpio/nvme/ana_state.hpp - the Asymmetric Namespace Access (ANA) state of an
// ANA group, as one controller reports it.
//
// NVM Express Base Specification 2.x, Asymmetric Namespace Access Reporting:
// every namespace belongs to one ANA group (its ANAGRPID), and each
// controller reports, per group, one ANA state (ANAS, a 4-bit code of the
// ANA group descriptor of the ANA log page, mpio/nvme/ana_log.hpp):
//
//   1h  ANA Optimized state          commands processed, best performance
//   2h  ANA Non-Optimized state      commands processed, lower performance
//   3h  ANA Inaccessible state       I/O commands aborted (SCT 3h / 302h)
//   4h  ANA Persistent Loss state    I/O commands aborted (301h), permanently
//   Fh  ANA Change state             transition between the states above (303h)
//   0h, 5h..Eh reserved
//
// A reserved code stays a value of the enum (static_cast from the field), so
// nothing is dropped: to_string() calls it "reserved".
#ifndef MPIO_NVME_ANA_STATE_HPP
#define MPIO_NVME_ANA_STATE_HPP

#include <mpio/core/config.hpp>

#include <cstdint>

#include <mpio/scsi/asymmetric_access_state.hpp>

namespace mpio::nvme {

enum class ana_state : std::uint8_t {
    optimized = 0x1,
    non_optimized = 0x2,
    inaccessible = 0x3,
    persistent_loss = 0x4,
    change = 0xF,
    // 0h, 5h..Eh reserved
};

// The specification's names. The Linux kernel's sysfs ana_state attribute
// spells them "optimized", "non-optimized", "inaccessible",
// "persistent-loss", "change": linux_name() gives those.
[[nodiscard]] constexpr const char* to_string(ana_state s) noexcept
{
    switch (s) {
    case ana_state::optimized: return "ANA optimized";
    case ana_state::non_optimized: return "ANA non-optimized";
    case ana_state::inaccessible: return "ANA inaccessible";
    case ana_state::persistent_loss: return "ANA persistent loss";
    case ana_state::change: return "ANA change";
    }
    return "reserved";
}

// The spelling of the kernel's ana_state sysfs attribute (nvme-cli and
// multipath-tools read it); "invalid state" for anything else, as the
// kernel's name table has for 0.
[[nodiscard]] constexpr const char* linux_name(ana_state s) noexcept
{
    switch (s) {
    case ana_state::optimized: return "optimized";
    case ana_state::non_optimized: return "non-optimized";
    case ana_state::inaccessible: return "inaccessible";
    case ana_state::persistent_loss: return "persistent-loss";
    case ana_state::change: return "change";
    }
    return "invalid state";
}

// True for the codes the specification reserves (0h, 5h..Eh) and anything
// that does not fit the 4-bit field.
[[nodiscard]] constexpr bool is_reserved(ana_state s) noexcept
{
    switch (s) {
    case ana_state::optimized:
    case ana_state::non_optimized:
    case ana_state::inaccessible:
    case ana_state::persistent_loss:
    case ana_state::change: return false;
    }
    return true;
}

// Whether I/O commands are processed in this state (the kernel's
// nvme_state_is_live(): optimized or non-optimized).
[[nodiscard]] constexpr bool is_live(ana_state s) noexcept
{
    return s == ana_state::optimized || s == ana_state::non_optimized;
}

// ANA onto the ALUA vocabulary the policy, recovery and engine layers
// already speak (scsi::asymmetric_access_state), so every selector works
// over NVMe paths unchanged: policy::io_tier() of the result puts optimized
// paths in the optimized tier, non-optimized ones in the non-optimized tier
// and every other state in no tier (no I/O), which is the kernel's rule
// (only NVME_ANA_OPTIMIZED and NVME_ANA_NONOPTIMIZED carry I/O).
//
//   ANA optimized        -> active/optimized
//   ANA non-optimized    -> active/non-optimized
//   ANA inaccessible     -> unavailable    (the path is up, I/O is refused; may come back)
//   ANA persistent loss  -> offline        (the namespace is not coming back through it)
//   ANA change           -> transitioning  (I/O refused for up to ANATT)
//   reserved codes       -> unavailable    (no I/O, as the kernel treats them)
[[nodiscard]] constexpr scsi::asymmetric_access_state to_asymmetric_access_state(ana_state s) noexcept
{
    switch (s) {
    case ana_state::optimized: return scsi::asymmetric_access_state::active_optimized;
    case ana_state::non_optimized: return scsi::asymmetric_access_state::active_non_optimized;
    case ana_state::inaccessible: return scsi::asymmetric_access_state::unavailable;
    case ana_state::persistent_loss: return scsi::asymmetric_access_state::offline;
    case ana_state::change: return scsi::asymmetric_access_state::transitioning;
    }
    return scsi::asymmetric_access_state::unavailable;
}

} // namespace mpio::nvme

#endif // MPIO_NVME_ANA_STATE_HPP
