// SPDX-License-Identifier: MIT
// Fuzz target: the topology discovery flow (mpio/topology/discovery.hpp)
// and store (mpio/topology/topology_store.hpp) over arbitrary path
// responses and operation sequences.
//
// Input layout: a sequence of records, each
//   byte 0      operation: % 8 -> 0-3 discover, 4 remove, 5 unit attention
//               3F/05 (detach), 6 expire, 7 set the path failed
//   byte 1      path handle (0-255)
//   byte 2      ticks the clock moves before the operation
//   then, for discover only, four blobs - standard INQUIRY, VPD 80h,
//   VPD 83h, RTPG - each a big-endian 16-bit length and that many bytes
//   (clipped to what there is).
// After every operation the store's invariants are checked: unique identity
// keys, no path in two devices, back links, counts, and every path found by
// its handle; grouping every device under every policy keeps its counts.
// The seeds in fuzz/corpus/topology/ follow the layout.
#include <mpio/ident/scheme_mpio.hpp>
#include <mpio/topology.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

using namespace mpio::topology;
using mpio_fuzz::check;

struct claim_all {
    bool claims(const mpio::ident::device_description&) const { return true; }
    bool is_generic() const { return true; }
};

using store = topology_store<4, 16, 4, 8>;

mpio::byte_view take(mpio::byte_view& in)
{
    const std::size_t n = mpio::load_be16(in, 0);
    const mpio::byte_view rest = in.subview(in.size() < 2 ? in.size() : 2);
    const mpio::byte_view blob = rest.first(n);
    in = rest.subview(blob.size());
    return blob;
}

void check_store(const store& s)
{
    std::size_t grouped = 0, devices = 0;
    s.for_each_device([&](device_index d, const multipath_device& dev) {
        ++devices;
        check(s.find_device(dev.key()) == d);
        std::size_t n = 0, leaving = 0;
        s.for_each_path_of_device(d, [&](path_index, const path& p) {
            check(p.device() == d);
            ++n;
            if (p.state() == path_state::pending_removal) ++leaving;
        });
        check(n == dev.path_count() && n <= store::paths_per_device);
        check(dev.present_path_count() <= n);
        grouped += n;
        for (int policy = 0; policy <= static_cast<int>(grouping_policy::group_by_tpg); ++policy) {
            const auto g = group_device<4>(s, d, static_cast<grouping_policy>(policy));
            check(g.has_value());
            std::size_t members = 0;
            for (std::size_t i = 0; i < g->group_count(); ++i) members += g->group(i).path_count;
            check(members == n - leaving); // paths pending removal are left out, as multipathd drops them
        }
    });
    // Distinct keys: no other device finds a device's key.
    s.for_each_device([&](device_index d, const multipath_device& dev) {
        s.for_each_device([&](device_index e, const multipath_device& other) {
            if (d != e) check(!(dev.key() == other.key()));
        });
    });
    check(devices == s.device_count());
    std::size_t paths = 0;
    s.for_each_path([&](path_index i, const path& p) {
        ++paths;
        check(s.find_path(p.handle()) == i);
        mpio_fuzz::length(to_string(p.state()));
    });
    check(paths == s.path_count());
    check(grouped + s.ungrouped_path_count() == paths);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static store s; // ~20 KB: not on the stack
    s = store{};
    mpio::ident::device_identity scratch;
    mpio::byte_view in(data, size);
    mpio::tick now = 0;
    const claim_all claimers[1]{};
    while (in.size() >= 3) {
        const unsigned op = in[0] % 8u;
        const path_handle h = in[1];
        now += in[2];
        in = in.subview(3);
        switch (op) {
        case 4: (void)s.remove_path(h, now); break;
        case 5: (void)on_unit_attention(s, h, 0x3F, 0x05, now); break;
        case 6: s.expire(now); break;
        case 7: {
            const path_index p = s.find_path(h);
            if (p != no_index) (void)s.set_path_state(p, path_state::failed);
            break;
        }
        default: {
            path_report r;
            r.handle = h;
            r.input.standard_inquiry = take(in);
            r.input.vpd80 = take(in);
            r.input.vpd83 = take(in);
            r.rtpg = take(in);
            const discovery_result d = discover_path<mpio::ident::mpio_scheme>(scratch, s, claimers, 1, r, now);
            check(mpio_fuzz::length(to_string(d.outcome)) > 0);
            if (d.grouped()) {
                check(s.path_at(d.path).device() == d.device);
                check(s.device_at(d.device).key() == scratch.key());
                check(d.facts.alua.mode != alua_mode::none || !s.path_at(d.path).has_alua_state());
            }
            break;
        }
        }
        check_store(s);
    }
    return 0;
}
