// SPDX-License-Identifier: MIT
// mpio/topology/nvme_subsystem.hpp - an NVMe subsystem as the topology keeps
// it: the subsystem (SUBNQN) holds its controllers and its namespaces, and
// each namespace is a multipath device with one path per controller
// (CNTLID), each path in an ANA group with an ANA state.
//
// Where the facts come from:
//   - the subsystem and its controllers from Identify Controller (SUBNQN,
//     CNTLID, CMIC bit 3, ANAGRPMAX), as the kernel's nvme_init_subsystem()
//     and nvme_init_identify() take them (drivers/nvme/host/core.c);
//   - a path from Identify Namespace on that controller (its ANAGRPID);
//   - the path's ANA group and state from that controller's ANA log page
//     (0Ch), as nvme_update_ana_state() walks it
//     (drivers/nvme/host/multipath.c), cross-checked with the namespace's
//     ANAGRPID. The kernel takes the log's group as it is
//     (nvme_update_ns_ana_state() copies desc->grpid); here a log that puts
//     a namespace in another group than its ANAGRPID is reported
//     (nvme_ana_check::anagrpid_mismatch) and the path loses its ANA state
//     (no I/O) until a consistent log or a new Identify Namespace, rather
//     than one of the two being guessed right.
//
// CHGCNT: a log whose CHGCNT is not newer than the one last applied for
// that controller is ignored (nvme_ana_apply_outcome::stale); newer is
// serial-number arithmetic over the 64-bit counter, so its roll-over from
// FFFFFFFF_FFFFFFFFh to 0 counts as newer. The kernel applies every read
// (it never compares CHGCNT); this is mpio's rule, so a late reply to an
// older read cannot undo a newer one. After a controller reset the caller
// calls forget_ana_log(): the next log applies whatever its CHGCNT.
//
// A log that fails the checks of nvme_parse_ana_log() (as
// nvme::parse_ana_log()'s walk reports them) or is cut short changes
// nothing. ANA states map onto the ALUA tiers through
// nvme::to_asymmetric_access_state(): optimized -> active/optimized,
// non-optimized -> active/non-optimized, every other state carries no I/O.
//
// Freestanding, no heap: capacities are template parameters, every array
// is inline. Single-threaded, like the topology store: the caller
// serialises changes (the selectors keep their own lock-free state).
#ifndef MPIO_TOPOLOGY_NVME_SUBSYSTEM_HPP
#define MPIO_TOPOLOGY_NVME_SUBSYSTEM_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/nvme/ana_log.hpp>
#include <mpio/nvme/ana_state.hpp>
#include <mpio/nvme/identify_controller.hpp>
#include <mpio/nvme/identify_namespace.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/topology/path.hpp>

namespace mpio::topology {

// What the last applied ANA log said of a path, against its ANAGRPID.
enum class nvme_ana_check : std::uint8_t {
    not_read = 0,      // no ANA log applied for this path's controller yet
    consistent,        // the log's group is the namespace's ANAGRPID
    anagrpid_mismatch, // the log puts the namespace in another group: no ANA state, no I/O
    not_in_log,        // no group of the log lists it (with RGO: no descriptor of its ANAGRPID); state kept
};

[[nodiscard]] constexpr const char* to_string(nvme_ana_check c) noexcept
{
    switch (c) {
    case nvme_ana_check::not_read: return "not read";
    case nvme_ana_check::consistent: return "consistent";
    case nvme_ana_check::anagrpid_mismatch: return "ANAGRPID mismatch";
    case nvme_ana_check::not_in_log: return "not in ANA log";
    }
    return "unknown";
}

enum class nvme_ana_apply_outcome : std::uint8_t {
    applied, // the log was newer (or the first): every path of the controller was updated
    stale,   // CHGCNT not newer than the one applied: ignored, nothing changed
};

// What apply_ana_log() did.
struct nvme_ana_update {
    nvme_ana_apply_outcome outcome = nvme_ana_apply_outcome::stale;
    std::uint64_t chgcnt = 0;        // the log's CHGCNT
    std::uint32_t paths_changed = 0; // paths whose group, state or check changed
    std::uint32_t mismatches = 0;    // paths now anagrpid_mismatch
    std::uint32_t not_in_log = 0;    // paths now not_in_log
};

// One controller of the subsystem (one per CNTLID).
class nvme_controller {
public:
    constexpr nvme_controller() noexcept = default;

    [[nodiscard]] constexpr std::uint16_t cntlid() const noexcept { return cntlid_; }
    // CMIC bit 3: the controller reports ANA.
    [[nodiscard]] constexpr bool ana_reporting() const noexcept { return ana_reporting_; }
    // ANAGRPMAX (0xFFFFFFFF when Identify Controller did not reach it: nothing checked).
    [[nodiscard]] constexpr std::uint32_t anagrpmax() const noexcept { return anagrpmax_; }
    // Whether an ANA log was applied since the controller was added or forget_ana_log().
    [[nodiscard]] constexpr bool has_ana_log() const noexcept { return has_chgcnt_; }
    // CHGCNT of the last applied log (meaningful with has_ana_log()).
    [[nodiscard]] constexpr std::uint64_t ana_chgcnt() const noexcept { return chgcnt_; }

private:
    template <std::size_t, std::size_t>
    friend class nvme_subsystem;

    std::uint64_t chgcnt_ = 0;
    std::uint32_t anagrpmax_ = 0xFFFFFFFFu;
    std::uint16_t cntlid_ = 0;
    bool ana_reporting_ = false;
    bool has_chgcnt_ = false;
};

// One path of a namespace: the namespace through one controller.
class nvme_namespace_path {
public:
    constexpr nvme_namespace_path() noexcept = default;

    [[nodiscard]] constexpr std::uint16_t cntlid() const noexcept { return cntlid_; }
    // The caller's handle of this path (a per-controller block device, e.g. nvme0c1n1).
    [[nodiscard]] constexpr path_handle handle() const noexcept { return handle_; }
    // ANAGRPID of Identify Namespace read through this controller.
    [[nodiscard]] constexpr std::uint32_t anagrpid() const noexcept { return anagrpid_; }
    // The group the last applied log put the namespace in (0: none known).
    [[nodiscard]] constexpr std::uint32_t ana_group() const noexcept { return group_; }
    [[nodiscard]] constexpr bool has_ana_state() const noexcept { return has_state_; }
    // Meaningful with has_ana_state().
    [[nodiscard]] constexpr nvme::ana_state ana_state() const noexcept { return state_; }
    [[nodiscard]] constexpr nvme_ana_check check() const noexcept { return check_; }
    // The ALUA state the other layers see (nvme::to_asymmetric_access_state);
    // a path without a known ANA state is unavailable: it carries no I/O.
    [[nodiscard]] constexpr scsi::asymmetric_access_state alua_state() const noexcept
    {
        return has_state_ ? nvme::to_asymmetric_access_state(state_) : scsi::asymmetric_access_state::unavailable;
    }
    // Optimized or non-optimized (the kernel's nvme_state_is_live()).
    [[nodiscard]] constexpr bool usable() const noexcept { return has_state_ && nvme::is_live(state_); }

private:
    template <std::size_t, std::size_t>
    friend class nvme_subsystem;

    path_handle handle_ = 0;
    std::uint32_t anagrpid_ = 0;
    std::uint32_t group_ = 0;
    std::uint16_t cntlid_ = 0;
    nvme::ana_state state_ = nvme::ana_state::optimized;
    nvme_ana_check check_ = nvme_ana_check::not_read;
    bool has_state_ = false;
};

// One namespace (NSID) of the subsystem: a multipath device, one path per controller.
template <std::size_t MaxControllers>
class nvme_namespace {
public:
    constexpr nvme_namespace() noexcept = default;

    [[nodiscard]] constexpr std::uint32_t nsid() const noexcept { return nsid_; }
    [[nodiscard]] constexpr std::size_t path_count() const noexcept { return count_; }
    // Paths in the order they were added.
    [[nodiscard]] constexpr const nvme_namespace_path& path_at(std::size_t i) const noexcept { return paths_[i]; }
    // The path through controller `cntlid`, or nullptr.
    [[nodiscard]] constexpr const nvme_namespace_path* find_path(std::uint16_t cntlid) const noexcept
    {
        for (std::size_t i = 0; i < count_; ++i)
            if (paths_[i].cntlid() == cntlid) return &paths_[i];
        return nullptr;
    }
    [[nodiscard]] constexpr std::size_t usable_path_count() const noexcept
    {
        std::size_t n = 0;
        for (std::size_t i = 0; i < count_; ++i)
            if (paths_[i].usable()) ++n;
        return n;
    }

private:
    template <std::size_t, std::size_t>
    friend class nvme_subsystem;

    nvme_namespace_path paths_[MaxControllers]{};
    std::size_t count_ = 0;
    std::uint32_t nsid_ = 0;
};

template <std::size_t MaxControllers = 8, std::size_t MaxNamespaces = 32>
class nvme_subsystem {
public:
    static_assert(MaxControllers > 0 && MaxNamespaces > 0);
    static constexpr std::size_t nqn_capacity = 256; // the SUBNQN field of Identify Controller
    static constexpr std::size_t no_entry = ~std::size_t{0};

    constexpr nvme_subsystem() noexcept = default;

    // SUBNQN (empty until the first controller is added).
    [[nodiscard]] constexpr ascii_view subnqn() const noexcept { return ascii_view(byte_view(nqn_, nqn_size_)); }

    [[nodiscard]] constexpr std::size_t controller_count() const noexcept { return controllers_count_; }
    [[nodiscard]] constexpr const nvme_controller& controller_at(std::size_t i) const noexcept
    {
        return controllers_[i];
    }
    // Index of controller `cntlid`, or no_entry.
    [[nodiscard]] constexpr std::size_t find_controller(std::uint16_t cntlid) const noexcept
    {
        for (std::size_t i = 0; i < controllers_count_; ++i)
            if (controllers_[i].cntlid_ == cntlid) return i;
        return no_entry;
    }

    [[nodiscard]] constexpr std::size_t namespace_count() const noexcept { return namespaces_count_; }
    [[nodiscard]] constexpr const nvme_namespace<MaxControllers>& namespace_at(std::size_t i) const noexcept
    {
        return namespaces_[i];
    }
    // Index of namespace `nsid`, or no_entry.
    [[nodiscard]] constexpr std::size_t find_namespace(std::uint32_t nsid) const noexcept
    {
        for (std::size_t i = 0; i < namespaces_count_; ++i)
            if (namespaces_[i].nsid_ == nsid) return i;
        return no_entry;
    }

    // A controller's Identify Controller data. The first one names the
    // subsystem; every later one must carry the same SUBNQN (the kernel's
    // nvme_init_subsystem() puts a controller in the subsystem of its
    // SUBNQN). The same CNTLID again refreshes ANAGRPMAX and CMIC and keeps
    // the ANA state. Returns the controller's index. Errors (nothing
    // changed): too_short (the data does not reach SUBNQN), invalid_argument
    // (an empty SUBNQN), identity_mismatch (another subsystem's SUBNQN),
    // capacity_exceeded.
    constexpr result<std::size_t> add_controller(const nvme::identify_controller& id) noexcept
    {
        if (!id.subnqn_present()) return failure(errc::too_short);
        const ascii_view nqn = id.subnqn();
        if (nqn.empty()) return failure(errc::invalid_argument);
        if (nqn_size_ != 0 && !same_nqn(nqn)) return failure(errc::identity_mismatch);
        std::size_t i = find_controller(id.cntlid());
        if (i == no_entry) {
            if (controllers_count_ == MaxControllers) return failure(errc::capacity_exceeded);
            i = controllers_count_++;
            controllers_[i] = nvme_controller{};
            controllers_[i].cntlid_ = id.cntlid();
        }
        if (nqn_size_ == 0) {
            for (std::size_t k = 0; k < nqn.size() && k < nqn_capacity; ++k) nqn_[k] = nqn.bytes()[k];
            nqn_size_ = nqn.size() < nqn_capacity ? nqn.size() : nqn_capacity;
        }
        nvme_controller& c = controllers_[i];
        c.ana_reporting_ = id.cmic_ana_reporting();
        c.anagrpmax_ = id.ana_fields_present() ? id.anagrpmax() : 0xFFFFFFFFu;
        return i;
    }

    // Namespace `nsid` seen through controller `cntlid` (its Identify
    // Namespace data from that controller), with the caller's handle of
    // that path. The namespace is created with its first path; a second
    // report through the same controller replaces the handle and ANAGRPID
    // (a changed ANAGRPID is checked against the next log; the path's state
    // is kept until then). Returns the namespace's index. Errors (nothing
    // changed): not_found (no such controller), invalid_argument (NSID 0 or
    // FFFFFFFFh), too_short (the data does not reach ANAGRPID),
    // capacity_exceeded.
    constexpr result<std::size_t> add_namespace_path(std::uint16_t cntlid, std::uint32_t nsid,
                                                     const nvme::identify_namespace& id, path_handle handle) noexcept
    {
        if (find_controller(cntlid) == no_entry) return failure(errc::not_found);
        if (nsid == 0 || nsid == 0xFFFFFFFFu) return failure(errc::invalid_argument);
        if (!id.anagrpid_present()) return failure(errc::too_short);
        std::size_t n = find_namespace(nsid);
        if (n == no_entry && namespaces_count_ == MaxNamespaces) return failure(errc::capacity_exceeded);
        if (n != no_entry) {
            nvme_namespace<MaxControllers>& ns = namespaces_[n];
            for (std::size_t k = 0; k < ns.count_; ++k) {
                if (ns.paths_[k].cntlid_ != cntlid) continue;
                ns.paths_[k].handle_ = handle;
                ns.paths_[k].anagrpid_ = id.anagrpid();
                return n;
            }
            if (ns.count_ == MaxControllers) return failure(errc::capacity_exceeded);
        } else {
            n = namespaces_count_++;
            namespaces_[n] = nvme_namespace<MaxControllers>{};
            namespaces_[n].nsid_ = nsid;
        }
        nvme_namespace<MaxControllers>& ns = namespaces_[n];
        nvme_namespace_path& p = ns.paths_[ns.count_++];
        p = nvme_namespace_path{};
        p.cntlid_ = cntlid;
        p.handle_ = handle;
        p.anagrpid_ = id.anagrpid();
        return n;
    }

    // The ANA log page read from controller `cntlid` (`rgo`: read with
    // Return Groups Only). Parsed with that controller's ANAGRPMAX. Errors
    // (nothing changed): not_found (no such controller); too_short (no
    // 16-byte header); the walk's error for a refused descriptor
    // (reserved_value, length_mismatch) or a page cut short (too_short,
    // descriptor_overrun).
    constexpr result<nvme_ana_update> apply_ana_log(std::uint16_t cntlid, byte_view page, bool rgo = false) noexcept
    {
        const std::size_t ci = find_controller(cntlid);
        if (ci == no_entry) return failure(errc::not_found);
        nvme_controller& c = controllers_[ci];
        nvme::ana_log_options options;
        options.anagrpmax = c.anagrpmax_;
        options.rgo = rgo;
        const result<nvme::ana_log> parsed = nvme::parse_ana_log(page, options);
        if (!parsed) return failure(parsed.error());
        const nvme::ana_log& log = *parsed;
        const list_status walk = log.status();
        if (walk.error != errc::none) return failure(walk.error);

        nvme_ana_update out;
        out.chgcnt = log.chgcnt();
        if (c.has_chgcnt_ && !chgcnt_newer(log.chgcnt(), c.chgcnt_)) return out; // stale: ignored
        out.outcome = nvme_ana_apply_outcome::applied;
        c.chgcnt_ = log.chgcnt();
        c.has_chgcnt_ = true;

        for (std::size_t n = 0; n < namespaces_count_; ++n) {
            nvme_namespace<MaxControllers>& ns = namespaces_[n];
            for (std::size_t k = 0; k < ns.count_; ++k) {
                nvme_namespace_path& p = ns.paths_[k];
                if (p.cntlid_ != cntlid) continue;
                const nvme_namespace_path before = p;
                const result<nvme::ana_group_descriptor> g =
                    rgo ? log.find_group(p.anagrpid_) : log.group_of_namespace(ns.nsid_);
                if (!g) {
                    p.check_ = nvme_ana_check::not_in_log; // the kernel leaves such a namespace as it was
                    ++out.not_in_log;
                } else if (g->anagrpid() != p.anagrpid_) {
                    p.check_ = nvme_ana_check::anagrpid_mismatch;
                    p.group_ = g->anagrpid();
                    p.has_state_ = false;
                    ++out.mismatches;
                } else {
                    p.check_ = nvme_ana_check::consistent;
                    p.group_ = g->anagrpid();
                    p.state_ = g->anas();
                    p.has_state_ = true;
                }
                if (before.check_ != p.check_ || before.group_ != p.group_ || before.has_state_ != p.has_state_ ||
                    (p.has_state_ && before.state_ != p.state_))
                    ++out.paths_changed;
            }
        }
        return out;
    }

    // A controller reset (or reconnect): the next ANA log of `cntlid` is
    // applied whatever its CHGCNT. Path states are kept until then.
    constexpr status forget_ana_log(std::uint16_t cntlid) noexcept
    {
        const std::size_t ci = find_controller(cntlid);
        if (ci == no_entry) return failure(errc::not_found);
        controllers_[ci].has_chgcnt_ = false;
        return success;
    }

    // `a` is newer than `b`: serial-number arithmetic over 64 bits.
    [[nodiscard]] static constexpr bool chgcnt_newer(std::uint64_t a, std::uint64_t b) noexcept
    {
        const std::uint64_t d = a - b;
        return d != 0 && d < (std::uint64_t{1} << 63);
    }

private:
    [[nodiscard]] constexpr bool same_nqn(ascii_view nqn) const noexcept
    {
        if (nqn.size() != nqn_size_) return false;
        for (std::size_t k = 0; k < nqn_size_; ++k)
            if (nqn.bytes()[k] != nqn_[k]) return false;
        return true;
    }

    nvme_controller controllers_[MaxControllers]{};
    nvme_namespace<MaxControllers> namespaces_[MaxNamespaces]{};
    byte nqn_[nqn_capacity]{};
    std::size_t nqn_size_ = 0;
    std::size_t controllers_count_ = 0;
    std::size_t namespaces_count_ = 0;
};

} // namespace mpio::topology

#endif // MPIO_TOPOLOGY_NVME_SUBSYSTEM_HPP
