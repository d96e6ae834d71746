// SPDX-License-Identifier: MIT
// mpio/policy/dm_service_time.hpp - Linux dm-multipath "service-time"
// (drivers/md/dm-ps-service-time.c).
//
// dm-ps-service-time.c estimates, for each path, how long the incoming I/O
// would take: (bytes in flight + this I/O's bytes) / relative_throughput,
// where relative_throughput (0..100, default 1) is the administrator's
// statement of the path's speed. st_compare_load() decides, in order:
//   1. equal throughput            -> fewer bytes in flight;
//   2. equal load, or one path 0   -> the higher throughput ("if '0' is
//      given, the path isn't selected while other paths having a positive
//      value are available");
//   3. otherwise                   -> the smaller (sz + incoming) / tp, by
//      cross-multiplication (sz1 + in) * tp2 < (sz2 + in) * tp1;
//   4. equal estimates             -> the higher throughput.
// st_select_path() scans the list of valid paths from the head, a later path
// replacing the best so far only when strictly better, and moves the chosen
// path to the tail, so exact ties go to the least recently used path;
// st_fail_path takes a path out of the list, st_reinstate_path and
// st_add_path append it at the tail (list_move_tail, list_add_tail).
//
// Single-thread variant (is_concurrent false): dm_path_list.hpp keeps that
// list, scanned and rotated as the kernel does (torvalds/linux 3bd940030752,
// drivers/md/dm-ps-service-time.c), so the choice for every I/O is the
// kernel's - after the kernel's source, as
// tests/policy/dm_service_time_test.cpp encodes it (and
// dm_kernel_order_test.cpp over scripted sequences, where the choices are also
// the same as those of the kernel's own files compiled from linux-source
// 6.1.192 when that package is installed) - with one documented exception, the
// arithmetic below. A path that comes back from mpio's other non-usable states
// (an ALUA state or standby flag that carries no I/O) joins at the tail like a
// reinstated one.
//
// Concurrent variant: no list (moving the chosen path needs the kernel's
// spinlock): path_table's published list (slot order) is scanned from a
// rotating start (rotor::hint), so exact ties take turns, but not in least
// recently used order. The best estimate always wins in both variants.
//
// The one departure, in both variants: mpio compares the estimates
// arithmetically, the kernel does not quite. st_compare_load() returns an
// int made from a size_t difference (`return sz1 - sz2`, `return st1 -
// st2`): on a 64-bit kernel only the low 32 bits of the difference are
// kept, so when the true difference lies between 2^31 and 2^32 (mod 2^32)
// the sign flips and the worse path is called better. Example (a test):
// throughputs 1 and 100, p1 failed, 21 I/Os of 1 MiB started on p0, p1
// reinstated, then a 1 MiB I/O: (21 MiB + 1 MiB) x 100 - (0 + 1 MiB) x 1 =
// 2,305,818,624, between 2^31 and 2^32, so the kernel keeps p0 (22 MiB queued on the slow
// path) and mpio chooses the idle fast p1. (The kernel's in_flight_size is
// an atomic_t, so above 2 GiB in flight it also turns negative and is
// sign-extended before the 7-bit ST_MAX_INFLIGHT_SIZE shift.) mpio keeps
// the arithmetic answer: the sign flip is an overflow, not a design.
// Here bytes in flight are 32-bit and the products are computed in 64 bits,
// which cannot overflow ((2^33) * 100), so no shift is needed and no
// precision is lost.
#ifndef MPIO_POLICY_DM_SERVICE_TIME_HPP
#define MPIO_POLICY_DM_SERVICE_TIME_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/dm_path_list.hpp>
#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class dm_service_time : public path_table<dm_service_time<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::dm_service_time;
    static constexpr const char* name = "service-time";

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        // With one relative throughput for every listed path (the default:
        // all 1), st_compare_load() is case 1 alone, sz1 < sz2, so the key is
        // the byte count and an idle path cannot be beaten: the scan may stop
        // there with the same choice (refresh() keeps the flag).
        const auto bytes = [this](slot_index s) { return this->bytes_in_flight(s); };
        if constexpr (!Concurrency::is_concurrent) {
            // st_select_path(): the first best from the head, moved to the tail.
            if (order_.size() == 0) return failure(errc::no_usable_path);
            const std::uint32_t i = uniform_throughput_.load() != 0
                                        ? order_.find_best(bytes, smaller_key_wins{}, zero_is_unbeatable{})
                                        : order_.find_best([this](slot_index s) { return load_of(s); },
                                                           [&io](const path_load& p1, const path_load& p2) {
                                                               return better(p1, p2, io.bytes);
                                                           },
                                                           scan_every_path{});
            const slot_index s = order_[i];
            order_.move_to_tail(i);
            return s;
        }
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        // st_select_path(): the least estimated service time (st_compare_load).
        if (uniform_throughput_.load() != 0) // read after the list's acquire: the flag computed for it
            return this->select_min(n, ties_.hint(n), bytes, smaller_key_wins{}, zero_is_unbeatable{});
        return this->select_min(
            n, ties_.hint(n), [this](slot_index s) { return load_of(s); },
            [&io](const path_load& p1, const path_load& p2) { return better(p1, p2, io.bytes); });
    }
    void start(slot_index s, const io_request& io) noexcept { this->count_bytes_start(s, io.bytes); }
    void complete(slot_index s, const io_request& io, tick, io_status) noexcept
    {
        this->count_bytes_complete(s, io.bytes);
    }

    void refresh() noexcept
    {
        // Before the list's release, so a select() that sees the list sees
        // the flag computed for it. Over every present path, not only the
        // listed ones: a superset can only say "not uniform" more often.
        std::uint32_t first = 0xFFFF'FFFFu;
        bool uniform = true;
        for (std::size_t k = 0; k < Capacity; ++k) {
            const auto s = static_cast<slot_index>(k);
            if (!this->present(s)) continue;
            if (first == 0xFFFF'FFFFu) first = this->relative_throughput(s);
            uniform = uniform && this->relative_throughput(s) == first;
        }
        uniform_throughput_.store(uniform ? 1 : 0);
        this->publish_min_rank(
            [this](slot_index s) -> std::uint64_t { return this->usable_tier(s) == tier_none ? rank_excluded : 0; });
        if constexpr (!Concurrency::is_concurrent)
            order_.sync([this](slot_index s) { return this->usable_tier(s) != tier_none; },
                        [](slot_index) { return false; }); // reinstated and added: the tail
    }

    struct path_load {
        std::uint64_t in_flight_size;
        std::uint64_t relative_throughput;
    };
    // st_compare_load(p1, p2, incoming) < 0: p1 is the better path - with
    // the differences compared whole, not cut to an int (see the top).
    [[nodiscard]] static constexpr bool better(const path_load& p1, const path_load& p2,
                                               std::uint64_t incoming) noexcept
    {
        const std::uint64_t sz1 = p1.in_flight_size, sz2 = p2.in_flight_size;
        const std::uint64_t tp1 = p1.relative_throughput, tp2 = p2.relative_throughput;
        if (tp1 == tp2) return sz1 < sz2;                         // 1.
        if (sz1 == sz2 || tp1 == 0 || tp2 == 0) return tp1 > tp2; // 2.
        const std::uint64_t st1 = (sz1 + incoming) * tp2, st2 = (sz2 + incoming) * tp1;
        if (st1 != st2) return st1 < st2; // 3.
        return tp1 > tp2;                 // 4.
    }

private:
    path_load load_of(slot_index s) const noexcept { return {this->bytes_in_flight(s), this->relative_throughput(s)}; }

    cell<std::uint8_t, Concurrency> uniform_throughput_{1}; // written by refresh() only
    rotor<Concurrency> ties_;                               // the concurrent variant's rotating scan start
    [[no_unique_address]] dm_path_list_for<Capacity, Concurrency> order_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_SERVICE_TIME_HPP
