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
// The chosen path moves to the list's tail, so exact ties take turns
// (rotor::hint here). The kernel shifts sizes down by 7 bits near overflow
// (ST_MAX_INFLIGHT_SIZE); here bytes in flight are 32-bit and the products
// are computed in 64 bits, which cannot overflow ((2^33) * 100), so no
// shift is needed and no precision is lost.
//
// As every dm selector it sees one priority group: all usable paths compete,
// no ALUA tier preference. O(paths).
#ifndef MPIO_POLICY_DM_SERVICE_TIME_HPP
#define MPIO_POLICY_DM_SERVICE_TIME_HPP

#include <mpio/core/config.hpp>

#include <mpio/policy/path_table.hpp>

namespace mpio::policy {

template <std::size_t Capacity = default_capacity, concurrency_model Concurrency = single_thread>
class dm_service_time : public path_table<dm_service_time<Capacity, Concurrency>, Capacity, Concurrency> {
public:
    static constexpr policy_id id = policy_id::dm_service_time;
    static constexpr const char* name = "service-time";

    [[nodiscard]] result<slot_index> select(const io_request& io) noexcept
    {
        const std::uint32_t n = this->eligible_count();
        if (n == 0) return failure(errc::no_usable_path);
        // st_select_path(): the least estimated service time (st_compare_load).
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
        this->publish_min_rank(
            [this](slot_index s) -> std::uint64_t { return this->usable_tier(s) == tier_none ? rank_excluded : 0; });
    }

    struct path_load {
        std::uint64_t in_flight_size;
        std::uint64_t relative_throughput;
    };
    // st_compare_load(p1, p2, incoming) < 0: p1 is the better path.
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

    rotor<Concurrency> ties_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_DM_SERVICE_TIME_HPP
