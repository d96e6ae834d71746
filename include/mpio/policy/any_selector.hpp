// SPDX-License-Identifier: MIT
// mpio/policy/any_selector.hpp - a policy chosen at run time (by MSDSM
// numeric id or by name), without heap and without virtual functions.
//
// For drivers whose policy is an administrator's setting (MSDSM's
// DsmSetLoadBalancePolicy, dm-multipath's path_selector table line). Storage
// is one buffer as large as the largest selector of `selectors` below (each
// selector is trivially destructible, so switching just constructs the new
// one in place); select/start/complete go through a table of three function
// pointers indexed by the active selector, so a call costs one indirect call.
//
// Policy 7 (MSDSM's DSM_LB_VENDOR_SPECIFIC) is a caller-provided table of C
// function pointers (vendor_ops) plus a context pointer: a vendor's own
// algorithm plugs in the way a C driver would write it.
//
// set_policy() is a control event that needs the device quiesced: no I/O in
// flight (a selector's in-flight counters do not move to the next one), no
// select() running (the storage is rebuilt in place), no other event.
// It hands the paths over: the new selector is told add_path (and fail_path)
// for every present slot, with the attributes the old one held.
#ifndef MPIO_POLICY_ANY_SELECTOR_HPP
#define MPIO_POLICY_ANY_SELECTOR_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>

#include <mpio/policy/dm_historical_service_time.hpp>
#include <mpio/policy/dm_queue_length.hpp>
#include <mpio/policy/dm_round_robin.hpp>
#include <mpio/policy/dm_service_time.hpp>
#include <mpio/policy/fail_over_only.hpp>
#include <mpio/policy/least_blocks.hpp>
#include <mpio/policy/least_queue_depth.hpp>
#include <mpio/policy/logical_block.hpp>
#include <mpio/policy/numa_affinity.hpp>
#include <mpio/policy/path_selector.hpp>
#include <mpio/policy/policy_catalog.hpp>
#include <mpio/policy/round_robin.hpp>
#include <mpio/policy/round_robin_with_subset.hpp>
#include <mpio/policy/vmw_fixed.hpp>
#include <mpio/policy/vmw_mru.hpp>
#include <mpio/policy/vmw_round_robin.hpp>
#include <mpio/policy/vmw_round_robin_latency.hpp>
#include <mpio/policy/weighted_paths.hpp>

namespace mpio::policy {

template <class... Selectors>
struct selector_list {};

// Every selector any_selector can switch to: a new selector adds itself here.
template <std::size_t Capacity, concurrency_model Concurrency>
using selectors =
    selector_list<fail_over_only<Capacity, Concurrency>, round_robin<Capacity, Concurrency>,
                  round_robin_with_subset<Capacity, Concurrency>, least_queue_depth<Capacity, Concurrency>,
                  weighted_paths<Capacity, Concurrency>, least_blocks<Capacity, Concurrency>,
                  // Linux dm-multipath, VMware NMP, illumos, NUMA
                  dm_round_robin<Capacity, Concurrency>, dm_queue_length<Capacity, Concurrency>,
                  dm_service_time<Capacity, Concurrency>, dm_historical_service_time<Capacity, Concurrency>,
                  vmw_fixed<Capacity, Concurrency>, vmw_mru<Capacity, Concurrency>,
                  vmw_round_robin<Capacity, Concurrency>, vmw_round_robin_latency<Capacity, Concurrency>,
                  logical_block<Capacity, Concurrency>, numa_affinity<Capacity, Concurrency>>;

// What a vendor-specific policy is told about paths.
enum class path_event : std::uint8_t {
    added,
    removed,
    failed,
    reinstated,
    alua_changed,
    weight_changed,
    preferred_changed
};

// DSM_LB_VENDOR_SPECIFIC: the caller's own selector as C function pointers.
// `attributes` holds the path's attributes after the event.
struct vendor_ops {
    result<slot_index> (*select)(void* context, const io_request& io) noexcept;
    void (*start)(void* context, slot_index s, const io_request& io) noexcept;
    void (*complete)(void* context, slot_index s, const io_request& io, tick service_time, io_status st) noexcept;
    status (*path_changed)(void* context, path_event e, slot_index s, const path_attributes& attributes) noexcept;
};

template <class List>
class basic_any_selector;

template <registered_selector First, registered_selector... Rest>
class basic_any_selector<selector_list<First, Rest...>> {
public:
    static constexpr std::size_t capacity = First::capacity;
    static constexpr std::size_t selector_count = 1 + sizeof...(Rest);
    static constexpr std::size_t storage_size = [] {
        std::size_t m = sizeof(First);
        ((m = sizeof(Rest) > m ? sizeof(Rest) : m), ...);
        return m;
    }();

    // Starts with no paths and with MSDSM's default policy, round robin (the
    // first selector of the list when RR is not in it).
    basic_any_selector() noexcept
    {
        std::size_t start = 0;
        for (std::size_t i = 0; i < selector_count; ++i)
            if (ids[i] == policy_id::round_robin) start = i;
        construct(start);
    }
    basic_any_selector(const basic_any_selector&) = delete;
    basic_any_selector& operator=(const basic_any_selector&) = delete;

    [[nodiscard]] policy_id id() const noexcept { return vendor_ ? policy_id::vendor_specific : ids[index_]; }

    // Switch policy (control path; see the header comment).
    status set_policy(policy_id want) noexcept
    {
        for (std::size_t i = 0; i < selector_count; ++i)
            if (ids[i] == want) return switch_to(i, nullptr, nullptr);
        return failure(find_policy(want) ? errc::not_ready : errc::not_found);
    }
    status set_policy(const char* name) noexcept
    {
        const policy_info* p = find_policy(name);
        return p ? set_policy(p->id) : status{failure(errc::not_found)};
    }
    // DSM_LB_VENDOR_SPECIFIC with the caller's table; `ops` must outlive its use.
    status set_vendor_policy(const vendor_ops* ops, void* context) noexcept
    {
        if (ops == nullptr || ops->select == nullptr || ops->start == nullptr || ops->complete == nullptr ||
            ops->path_changed == nullptr)
            return failure(errc::invalid_argument);
        return switch_to(index_, ops, context);
    }

    // ---- I/O path: one indirect call -------------------------------------
    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        return vendor_ ? vendor_->select(context_, io) : select_table[index_](storage_, io);
    }
    void start(slot_index s, const io_request& io) noexcept
    {
        if (vendor_) return vendor_->start(context_, s, io);
        if (const start_fn f = start_table[index_]) f(storage_, s, io);
    }
    void complete(slot_index s, const io_request& io, tick t, io_status st) noexcept
    {
        if (vendor_) return vendor_->complete(context_, s, io, t, st);
        if (const complete_fn f = complete_table[index_]) f(storage_, s, io, t, st);
    }

    // ---- control path: the path table lives in the built-in selector ------
    status add_path(slot_index s, const path_attributes& a) noexcept
    {
        return event(path_event::added, s, [&](auto& p) { return p.add_path(s, a); });
    }
    status remove_path(slot_index s) noexcept
    {
        return event(path_event::removed, s, [&](auto& p) { return p.remove_path(s); });
    }
    status fail_path(slot_index s) noexcept
    {
        return event(path_event::failed, s, [&](auto& p) { return p.fail_path(s); });
    }
    status reinstate_path(slot_index s) noexcept
    {
        return event(path_event::reinstated, s, [&](auto& p) { return p.reinstate_path(s); });
    }
    status set_alua_state(slot_index s, scsi::asymmetric_access_state st) noexcept
    {
        return event(path_event::alua_changed, s, [&](auto& p) { return p.set_alua_state(s, st); });
    }
    status set_weight(slot_index s, std::uint32_t w) noexcept
    {
        return event(path_event::weight_changed, s, [&](auto& p) { return p.set_weight(s, w); });
    }
    status set_preferred(slot_index s, bool on) noexcept
    {
        return event(path_event::preferred_changed, s, [&](auto& p) { return p.set_preferred(s, on); });
    }

    // The active built-in selector, when it is S (nullptr otherwise): for
    // its own settings (least_blocks' cache size, FOO's active_path()).
    template <class S>
    [[nodiscard]] S* get() noexcept
    {
        return !vendor_ && ids[index_] == S::id ? std::launder(reinterpret_cast<S*>(storage_)) : nullptr;
    }

private:
    static constexpr policy_id ids[] = {First::id, Rest::id...};

    using select_fn = result<slot_index> (*)(unsigned char*, const io_request&) noexcept;
    using start_fn = void (*)(unsigned char*, slot_index, const io_request&) noexcept;
    using complete_fn = void (*)(unsigned char*, slot_index, const io_request&, tick, io_status) noexcept;
    template <class S>
    static S& as(unsigned char* storage) noexcept
    {
        return *std::launder(reinterpret_cast<S*>(storage));
    }
    template <class S>
    static result<slot_index> select_thunk(unsigned char* b, const io_request& io) noexcept
    {
        return as<S>(b).select(io);
    }
    template <class S>
    static void start_thunk(unsigned char* b, slot_index s, const io_request& io) noexcept
    {
        as<S>(b).start(s, io);
    }
    template <class S>
    static void complete_thunk(unsigned char* b, slot_index s, const io_request& io, tick t, io_status st) noexcept
    {
        as<S>(b).complete(s, io, t, st);
    }
    static constexpr select_fn select_table[] = {&select_thunk<First>, &select_thunk<Rest>...};
    // A selector that keeps path_table's no-op start/complete (RR, RRWS, WP,
    // FOO, ...) gets a null entry: a predictable branch instead of an
    // indirect call per I/O.
    template <class S>
    static constexpr bool own_start =
        !std::is_same_v<decltype(&S::start), decltype(&path_table<S, S::capacity, typename S::concurrency>::start)>;
    template <class S>
    static constexpr bool own_complete =
        !std::is_same_v<decltype(&S::complete),
                        decltype(&path_table<S, S::capacity, typename S::concurrency>::complete)>;
    template <class S>
    static constexpr start_fn start_entry = own_start<S> ? &start_thunk<S> : nullptr;
    template <class S>
    static constexpr complete_fn complete_entry = own_complete<S> ? &complete_thunk<S> : nullptr;
    static constexpr start_fn start_table[] = {start_entry<First>, start_entry<Rest>...};
    static constexpr complete_fn complete_table[] = {complete_entry<First>, complete_entry<Rest>...};

    // Calls f with the built-in selector at `index` (a fold, no recursion).
    template <class F>
    status with(std::size_t index, F f) noexcept
    {
        status r = failure(errc::invalid_state);
        std::size_t i = 0;
        static_cast<void>(((i++ == index ? (r = f(as<First>(storage_)), true) : false)) ||
                          ((i++ == index ? (r = f(as<Rest>(storage_)), true) : false) || ...));
        return r;
    }
    void construct(std::size_t index) noexcept
    {
        std::size_t i = 0;
        static_cast<void>(((i++ == index ? (::new (static_cast<void*>(storage_)) First(), true) : false)) ||
                          ((i++ == index ? (::new (static_cast<void*>(storage_)) Rest(), true) : false) || ...));
        index_ = index;
    }

    // The built-in selector always holds the paths (also while a vendor
    // policy is active, so switching back and forth keeps them).
    template <class F>
    status event(path_event e, slot_index s, F f) noexcept
    {
        const status r = with(index_, f);
        if (!r || vendor_ == nullptr) return r;
        return vendor_->path_changed(context_, e, s, attributes(s));
    }
    path_attributes attributes(slot_index s) noexcept
    {
        path_attributes a;
        static_cast<void>(with(index_, [&](auto& p) {
            a.alua = p.alua_state(s);
            a.standby = p.standby(s);
            a.preferred = p.preferred(s);
            a.weight = p.weight(s);
            a.relative_throughput = p.relative_throughput(s);
            a.node = p.node(s);
            return status{success};
        }));
        return a;
    }

    status switch_to(std::size_t index, const vendor_ops* ops, void* context) noexcept
    {
        // Snapshot the paths (a few bytes per slot on the stack), rebuild.
        struct saved {
            path_attributes a;
            bool present;
            bool failed;
        };
        saved paths[capacity];
        for (std::size_t i = 0; i < capacity; ++i) {
            const auto s = static_cast<slot_index>(i);
            paths[i].present = false;
            paths[i].failed = false;
            static_cast<void>(with(index_, [&](auto& p) {
                paths[i].present = p.present(s);
                paths[i].failed = p.failed(s);
                return status{success};
            }));
            if (paths[i].present) paths[i].a = attributes(s);
        }
        construct(index);
        vendor_ = ops;
        context_ = context;
        status r = success;
        for (std::size_t i = 0; i < capacity; ++i) {
            if (!paths[i].present) continue;
            const auto s = static_cast<slot_index>(i);
            status step = with(index_, [&](auto& p) { return p.add_path(s, paths[i].a); });
            if (step && paths[i].failed) step = with(index_, [&](auto& p) { return p.fail_path(s); });
            if (step && vendor_) step = vendor_->path_changed(context_, path_event::added, s, paths[i].a);
            if (step && vendor_ && paths[i].failed)
                step = vendor_->path_changed(context_, path_event::failed, s, paths[i].a);
            if (!step && r) r = step;
        }
        return r;
    }

    alignas(First) alignas(Rest...) unsigned char storage_[storage_size];
    std::size_t index_ = 0;
    const vendor_ops* vendor_ = nullptr;
    void* context_ = nullptr;
};

// The run-time selectable policy over every built-in selector.
template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
using any_selector = basic_any_selector<selectors<Capacity, Concurrency>>;

} // namespace mpio::policy

#endif // MPIO_POLICY_ANY_SELECTOR_HPP
