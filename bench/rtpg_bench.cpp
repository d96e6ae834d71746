// SPDX-License-Identifier: MIT
// Cost of reading a REPORT TARGET PORT GROUPS response, as a multipath stack
// does after every ALUA state change: parse it, walk every target port group
// and its ports, and find the group (and state) of the port a path goes
// through. mpio's lazy view is compared with the classic copying decoder
// (multipath-tools / sg_rtpg style: a vector of group records, each owning a
// vector of its port identifiers) and with an in-place pointer walk in the
// style of Linux's scsi_dh_alua, in the same binary (ratio_main.cpp prints
// the ratios). Heap allocations per response are counted; an mpio case that
// allocates is reported as an error. libsgutils2 has no RTPG decoder to
// compare with (sg_rtpg decodes in its main()).
#include <mpio/scsi/report_target_port_groups.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "alloc_counter.hpp"

namespace {

using mpio::byte;

// A dual-controller array behind an extended header: controller A's two
// ports active/optimized (preferred), controller B's two active/non-optimized,
// plus a standby group and an unavailable group of one port each.
constexpr byte rtpg[] = {
    0x00, 0x00, 0x00, 0x3C, 0x10, 0x3C, 0x00, 0x00, // RETURN DATA LENGTH 60, FORMAT TYPE 001b, 60 s
    0x80, 0x8F, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, // TPG 1, A/O
    0x01, 0x8F, 0x00, 0x02, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, // TPG 2, A/N-O
    0x02, 0x8F, 0x00, 0x03, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05,                         // TPG 3, standby
    0x03, 0x8F, 0x00, 0x04, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, // TPG 4, unavailable
};

// The relative target port the path came in through (from its VPD 0x83).
constexpr std::uint16_t path_port = 4;

// What every variant computes from the response.
struct alua_facts {
    unsigned groups = 0;
    unsigned ports = 0;
    unsigned port_sum = 0;        // every relative target port identifier, added up
    unsigned preferred = 0;       // groups with PREF set
    unsigned path_group = 0xFFFF; // the group of path_port
    unsigned path_state = 0xFF;   // and its asymmetric access state
    unsigned transition_time = 0;
};

bool same(const alua_facts& a, const alua_facts& b)
{
    return a.groups == b.groups && a.ports == b.ports && a.port_sum == b.port_sum && a.preferred == b.preferred &&
           a.path_group == b.path_group && a.path_state == b.path_state && a.transition_time == b.transition_time;
}

// ---------------------------------------------------------------------- mpio

alua_facts rtpg_mpio(mpio::byte_view bytes)
{
    using namespace mpio::scsi;
    alua_facts f;
    const auto r = parse_report_target_port_groups(bytes);
    if (!r) return f;
    f.transition_time = r->implicit_transition_time().value_or(0);
    for (const target_port_group_descriptor group : r->target_port_groups()) {
        ++f.groups;
        f.preferred += group.pref();
        for (const target_port_descriptor port : group.target_ports()) {
            ++f.ports;
            f.port_sum += port.relative_target_port_identifier();
            // The lookup fused into the walk, as the pointer-walk reference
            // does it: the same work, one pass (group_of() is a second walk).
            if (port.relative_target_port_identifier() == path_port && f.path_group == 0xFFFF) {
                f.path_group = group.target_port_group();
                f.path_state = static_cast<unsigned>(group.asymmetric_access_state());
            }
        }
    }
    return f;
}

// ------------------------------------------------------- classic copying decoder

// multipath-tools / sg_rtpg style: decode every descriptor into a record that
// owns its port list, then answer the questions from the records.
struct classic_group {
    bool pref;
    int state;
    int supported;
    unsigned target_port_group;
    int status;
    std::vector<std::uint16_t> ports;
};

struct classic_response {
    bool extended = false;
    int transition_time = 0;
    std::vector<classic_group> groups;
};

classic_response rtpg_classic_decode(const byte* data, std::size_t size)
{
    classic_response out;
    const std::vector<byte> buf(data, data + size);
    if (buf.size() < 4) return out;
    const std::size_t len =
        std::min<std::size_t>(buf.size(), 4u + ((std::size_t{buf[0]} << 24) | (std::size_t{buf[1]} << 16) |
                                                (std::size_t{buf[2]} << 8) | buf[3]));
    std::size_t off = 4;
    if (len > 4 && (buf[4] & 0x70) == 0x10) {
        out.extended = true;
        out.transition_time = len > 5 ? buf[5] : 0;
        off = 8;
    }
    while (off + 8 <= len) {
        const std::size_t count = buf[off + 7];
        if (off + 8 + 4 * count > len) break;
        classic_group g{(buf[off] & 0x80) != 0, buf[off] & 0x0F,
                        buf[off + 1],           (unsigned{buf[off + 2]} << 8) | buf[off + 3],
                        buf[off + 5],           {}};
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t p = off + 8 + 4 * i;
            g.ports.push_back(static_cast<std::uint16_t>((buf[p + 2] << 8) | buf[p + 3]));
        }
        out.groups.push_back(std::move(g));
        off += 8 + 4 * count;
    }
    return out;
}

alua_facts rtpg_classic(const byte* data, std::size_t size)
{
    alua_facts f;
    const classic_response r = rtpg_classic_decode(data, size);
    f.transition_time = static_cast<unsigned>(r.transition_time);
    for (const classic_group& g : r.groups) {
        ++f.groups;
        f.preferred += g.pref;
        for (const std::uint16_t port : g.ports) {
            ++f.ports;
            f.port_sum += port;
        }
    }
    for (const classic_group& g : r.groups) {
        if (std::find(g.ports.begin(), g.ports.end(), path_port) != g.ports.end()) {
            f.path_group = g.target_port_group;
            f.path_state = static_cast<unsigned>(g.state);
            break;
        }
    }
    return f;
}

// ------------------------------------------------------- in-place pointer walk

// Linux scsi_dh_alua style: offsets over the buffer, no records, no checks
// beyond "the descriptor header starts before the end" (so it is not a
// bounds-safe decoder; here it only sets the floor for the time).
alua_facts rtpg_pointer_walk(const byte* buf, std::size_t size)
{
    alua_facts f;
    if (size < 4) return f;
    std::size_t len =
        4u + ((std::size_t{buf[0]} << 24) | (std::size_t{buf[1]} << 16) | (std::size_t{buf[2]} << 8) | buf[3]);
    if (len > size) len = size;
    std::size_t off = 4;
    if (len > 4 && (buf[4] & 0x70) == 0x10) {
        f.transition_time = buf[5];
        off = 8;
    }
    for (const byte* desc = buf + off; off + 8 <= len; desc = buf + off) {
        const std::size_t count = desc[7];
        if (off + 8 + 4 * count > len) break;
        ++f.groups;
        f.preferred += desc[0] >> 7;
        for (std::size_t i = 0; i < count; ++i) {
            const unsigned port = (unsigned{desc[8 + 4 * i + 2]} << 8) | desc[8 + 4 * i + 3];
            ++f.ports;
            f.port_sum += port;
            if (port == path_port && f.path_group == 0xFFFF) {
                f.path_group = (unsigned{desc[2]} << 8) | desc[3];
                f.path_state = desc[0] & 0x0F;
            }
        }
        off += 8 + 4 * count;
    }
    return f;
}

// ---------------------------------------------------------------- benchmarks
//
// Every case hides the input from the optimizer the same way: a byte_view
// (16 bytes) through DoNotOptimize. Not a bare pointer: for values of pointer
// size, Debian's Google Benchmark 1.7.1 uses the two-alternative asm
// constraint "+m,r", which GCC 12 at -O2 miscompiles here (the pointer's
// initial store is dropped and the decoder reads from garbage).

void rtpg_check(benchmark::State& state, const alua_facts& got)
{
    const alua_facts want = rtpg_mpio(mpio::byte_view(rtpg));
    if (want.groups != 4 || want.ports != 6 || want.port_sum != 21 || want.preferred != 1 || want.path_group != 2 ||
        want.path_state != 1 || want.transition_time != 60 || !same(got, want))
        state.SkipWithError("implementations disagree on the response");
}

void BM_rtpg_mpio(benchmark::State& state)
{
    alua_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view bytes(rtpg);
        benchmark::DoNotOptimize(bytes);
        f = rtpg_mpio(bytes);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, true);
    rtpg_check(state, f);
}
BENCHMARK(BM_rtpg_mpio)->Name("rtpg_4_groups_walk_and_lookup/mpio");

void BM_rtpg_classic(benchmark::State& state)
{
    alua_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view bytes(rtpg);
        benchmark::DoNotOptimize(bytes);
        f = rtpg_classic(bytes.data(), bytes.size());
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, false);
    rtpg_check(state, f);
}
BENCHMARK(BM_rtpg_classic)->Name("rtpg_4_groups_walk_and_lookup/reference:classic_copying_decoder");

void BM_rtpg_pointer_walk(benchmark::State& state)
{
    alua_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view bytes(rtpg);
        benchmark::DoNotOptimize(bytes);
        f = rtpg_pointer_walk(bytes.data(), bytes.size());
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, false);
    rtpg_check(state, f);
}
BENCHMARK(BM_rtpg_pointer_walk)->Name("rtpg_4_groups_walk_and_lookup/reference:in_place_pointer_walk");

} // namespace
