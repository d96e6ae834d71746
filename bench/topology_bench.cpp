// SPDX-License-Identifier: MIT
// Building the topology: N paths to N/4 logical units (4 paths each, one per
// target port, arriving port after port as a host scan reports them) are
// grouped into multipath devices.
//
//   topology_100k/mpio                     fixed-capacity store (no heap),
//                                          25,000 LUs x 4 paths
//   topology_100k/reference:pairwise_wwid  the multipath-tools way: each
//                                          path's WWID compared with every
//                                          known map's (find_mp_by_wwid():
//                                          strncmp over a vector, WWID_SIZE
//                                          128) - O(n^2) for the scan
//   topology_100k_hosted/mpio              the hosted growable store, growth
//                                          included
//   topology_1M_hosted/mpio                1,000,000 paths (250,000 LUs), hosted
//   topology_100k_discovery/mpio           the whole discovery flow from the
//                                          raw responses (INQUIRY, VPD 80h/83h,
//                                          RTPG): claim, identity (scheme
//                                          mpio), path facts, join/create,
//                                          verify - no reference twin
//   topology_1M_tail/...                   the last 4,000 paths of the 1M
//                                          scan, added to a topology already
//                                          holding the first 996,000, by both
//                                          (the full pairwise 1M build would
//                                          take ~10 minutes; the tail is where
//                                          it hurts and is measured the same
//                                          way on both sides)
// Inputs (identity keys / WWID strings, path facts) are prepared outside the
// timing on both sides: the comparison is grouping, not identity derivation
// (bench/identity_bench.cpp measures that). Counters: paths/s (rate),
// bytes/path (memory held by the structure after the build: every array,
// index and identity byte, divided by the paths), allocs. The 1M hosted case
// also prints where the bytes go (path records + path index, devices +
// device index, identity bytes), the bytes per path of the reference's
// shapes holding the same topology (ref_bytes/path), their ratio
// (ref/mpio: > 1 means mpio holds less) and whether issue 15's goal of at
// most 64 bytes per path is met (goal<=64B: 1 or 0).
#include <mpio/hosted/topology_store.hpp>
#include <mpio/ident/scheme_mpio.hpp>
#include <mpio/topology/discovery.hpp>
#include <mpio/topology/topology_store.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "alloc_counter.hpp"

namespace {

using namespace mpio::topology;

constexpr std::size_t paths_per_lu = 4;

// The LU's NAA 6 designator (16 bytes): a fixed array prefix, the LU number
// at the end - as real arrays number their LUs.
void lu_designator(std::uint32_t lu, mpio::byte (&out)[16])
{
    const mpio::byte prefix[12] = {0x60, 0x0a, 0x09, 0x80, 0x38, 0x30, 0x30, 0x53, 0x45, 0x3f, 0x46, 0x30};
    for (int i = 0; i < 12; ++i) out[i] = prefix[i];
    out[12] = static_cast<mpio::byte>(lu >> 24);
    out[13] = static_cast<mpio::byte>(lu >> 16);
    out[14] = static_cast<mpio::byte>(lu >> 8);
    out[15] = static_cast<mpio::byte>(lu);
}

struct inputs {
    std::vector<mpio::ident::identity_key> keys; // per LU
    path_facts port_facts[paths_per_lu];
    std::size_t lus = 0;

    explicit inputs(std::size_t n_lus) : keys(n_lus), lus(n_lus)
    {
        for (std::uint32_t lu = 0; lu < n_lus; ++lu) {
            mpio::byte d[16];
            lu_designator(lu, d);
            keys[lu].assign(1, 3, mpio::byte_view(d, 16));
        }
        for (std::uint16_t p = 0; p < paths_per_lu; ++p) {
            mpio::ident::path_identity id;
            id.set_relative_target_port(static_cast<std::uint16_t>(p + 1));
            id.set_target_port_group(p < 2 ? 1 : 2);
            const mpio::byte wwpn[8] = {0x50, 0x0a, 0x09, 0x81, 0x00, 0x00, 0x00, static_cast<mpio::byte>(p + 1)};
            id.set_target_port_name(
                *mpio::ident::path_name::make(mpio::ident::name_format::naa, mpio::byte_view(wwpn, 8)));
            path_facts& f = port_facts[p];
            f.port = port_key::from(id);
            f.has_relative_target_port = true;
            f.relative_target_port = id.relative_target_port();
            f.has_target_port_group = true;
            f.target_port_group = id.target_port_group();
            f.has_alua_state = true;
            f.alua_state = p < 2 ? mpio::scsi::asymmetric_access_state::active_optimized
                                 : mpio::scsi::asymmetric_access_state::active_non_optimized;
        }
    }
    std::size_t paths() const { return lus * paths_per_lu; }
    // Path i in scan order: port-major (all LUs through port 0, then port 1...).
    std::uint32_t lu_of(std::size_t i) const { return static_cast<std::uint32_t>(i % lus); }
    std::size_t port_of(std::size_t i) const { return i / lus; }
};

const inputs& inputs_100k()
{
    static const inputs in(25'000);
    return in;
}
const inputs& inputs_1m()
{
    static const inputs in(250'000);
    return in;
}

template <class Store>
bool add_range(Store& s, const inputs& in, std::size_t from, std::size_t to)
{
    for (std::size_t i = from; i < to; ++i) {
        const auto r = s.add_path(i + 1, in.keys[in.lu_of(i)], in.port_facts[in.port_of(i)], 0);
        if (!r) return false;
        benchmark::DoNotOptimize(r->device);
    }
    return true;
}

// ------------------------------------------------------------------- mpio

// The identity bytes sized for these keys (a 16-byte NAA key, no text: a
// 24-byte record per device) with room to spare; the default reserves room
// for the longest key and text per device (776 bytes).
using fixed_100k = topology_store<25'000, 100'000, 32, 64, 25'000 * 32>;
// Discovery keeps each device's rendered text too (the mpio scheme's
// "naa.6..." text: a record of about 60 bytes).
using fixed_100k_text = topology_store<25'000, 100'000, 32, 64, 25'000 * 96>;

void BM_topology_100k_mpio(benchmark::State& state)
{
    const inputs& in = inputs_100k();
    std::unique_ptr<fixed_100k> s;
    std::uint64_t allocations = 0;
    for (auto _ : state) {
        state.PauseTiming();
        s.reset();
        s = std::make_unique<fixed_100k>(); // static/pool memory in a driver: not part of the build
        const std::uint64_t before = mpio_bench::allocation_count();
        state.ResumeTiming();
        if (!add_range(*s, in, 0, in.paths())) state.SkipWithError("add_path failed");
        allocations += mpio_bench::allocation_count() - before;
    }
    if (s->device_count() != in.lus || s->path_count() != in.paths()) state.SkipWithError("wrong topology");
    state.counters["paths/s"] = benchmark::Counter(
        static_cast<double>(in.paths()) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["bytes/path"] = static_cast<double>(sizeof(fixed_100k)) / static_cast<double>(in.paths());
    state.counters["sizeof(path)"] = static_cast<double>(sizeof(path));
    state.counters["sizeof(device)"] = static_cast<double>(sizeof(multipath_device));
    state.counters["allocs"] = static_cast<double>(allocations);
    if (allocations != 0) state.SkipWithError("mpio allocated on the heap");
}
BENCHMARK(BM_topology_100k_mpio)->Name("topology_100k/mpio")->Unit(benchmark::kMillisecond);

std::size_t ref_grouped_bytes(const inputs& in);

void run_hosted(benchmark::State& state, const inputs& in, bool breakdown)
{
    std::size_t bytes = 0, path_bytes = 0, device_bytes = 0, identity_bytes = 0;
    for (auto _ : state) {
        mpio::hosted::topology_store s;
        if (!add_range(s, in, 0, in.paths())) state.SkipWithError("add_path failed");
        if (s.device_count() != in.lus) state.SkipWithError("wrong topology");
        bytes = s.storage().bytes();
        path_bytes = s.storage().path_capacity() * sizeof(path) + s.storage().path_slot_count() * sizeof(index_slot);
        device_bytes = s.storage().device_capacity() * sizeof(multipath_device) +
                       s.storage().device_slot_count() * sizeof(index_slot);
        identity_bytes = s.storage().identity_capacity();
        state.PauseTiming(); // the destructor is not part of the build
        {
            mpio::hosted::topology_store gone = static_cast<mpio::hosted::topology_store&&>(s);
        }
        state.ResumeTiming();
    }
    state.counters["paths/s"] = benchmark::Counter(
        static_cast<double>(in.paths()) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    const auto per_path = [&](std::size_t b) { return static_cast<double>(b) / static_cast<double>(in.paths()); };
    state.counters["bytes/path"] = per_path(bytes);
    if (!breakdown) return;
    state.counters["paths:bytes/path"] = per_path(path_bytes);
    state.counters["devices:bytes/path"] = per_path(device_bytes);
    state.counters["identity:bytes/path"] = per_path(identity_bytes);
    state.counters["sizeof(path)"] = static_cast<double>(sizeof(path));
    state.counters["sizeof(device)"] = static_cast<double>(sizeof(multipath_device));
    const std::size_t ref = ref_grouped_bytes(in);
    state.counters["ref_bytes/path"] = per_path(ref);
    state.counters["bytes_ratio(ref/mpio)"] = static_cast<double>(ref) / static_cast<double>(bytes);
    state.counters["goal<=64B"] = per_path(bytes) <= 64.0 ? 1 : 0;
}

void BM_topology_100k_hosted(benchmark::State& state) { run_hosted(state, inputs_100k(), false); }
BENCHMARK(BM_topology_100k_hosted)->Name("topology_100k_hosted/mpio")->Unit(benchmark::kMillisecond);

void BM_topology_1m_hosted(benchmark::State& state) { run_hosted(state, inputs_1m(), true); }
BENCHMARK(BM_topology_1m_hosted)->Name("topology_1M_hosted/mpio")->Unit(benchmark::kMillisecond);

// The raw responses of every path (port-major scan order, as inputs).
struct raw_path {
    std::vector<mpio::byte> inquiry, vpd80, vpd83, rtpg;
};

std::vector<mpio::byte> with_length(std::vector<mpio::byte> page)
{
    const std::size_t n = page.size() - 4;
    page[2] = static_cast<mpio::byte>(n >> 8);
    page[3] = static_cast<mpio::byte>(n);
    return page;
}

std::vector<raw_path> raw_paths(const inputs& in)
{
    std::vector<mpio::byte> inquiry(36, 0);
    inquiry[2] = 6;
    inquiry[3] = 2;
    inquiry[4] = 31;
    inquiry[5] = 0x10; // TPGS implicit
    const char id[] = "NETAPP  LUN C-Mode      9800";
    for (std::size_t i = 0; i < 28; ++i) inquiry[8 + i] = static_cast<mpio::byte>(id[i]);
    std::vector<mpio::byte> rtpg = {0, 0, 0,    0,    0x00, 0x1f, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0,
                                    0, 2, 0x01, 0x1f, 0,    2,    0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4};
    rtpg[3] = static_cast<mpio::byte>(rtpg.size() - 4);
    std::vector<raw_path> out(in.paths());
    for (std::size_t i = 0; i < in.paths(); ++i) {
        const std::uint32_t lu = in.lu_of(i);
        const auto port = static_cast<mpio::byte>(in.port_of(i) + 1);
        mpio::byte d[16];
        lu_designator(lu, d);
        std::vector<mpio::byte> pg83 = {0, 0x83, 0, 0, 0x01, 0x03, 0x00, 0x10};
        pg83.insert(pg83.end(), d, d + 16);
        const std::vector<mpio::byte> port_descriptors = {
            0x91, 0x93, 0, 8,    0x50, 0x0a, 0x09, 0x81,
            0,    0,    0, port,                         // FC, target port, NAA
            0x91, 0x94, 0, 4,    0,    0,    0,    port, // relative target port
            0x91, 0x95, 0, 4,    0,    0,    0,    static_cast<mpio::byte>(port <= 2 ? 1 : 2)};
        pg83.insert(pg83.end(), port_descriptors.begin(), port_descriptors.end());
        out[i].vpd83 = with_length(pg83);
        char serial[16];
        std::snprintf(serial, sizeof serial, "SN%08u", lu);
        out[i].vpd80 = {0, 0x80, 0, 10};
        out[i].vpd80.insert(out[i].vpd80.end(), serial, serial + 10);
        out[i].inquiry = inquiry;
        out[i].rtpg = rtpg;
    }
    return out;
}

struct claim_all {
    bool claims(const mpio::ident::device_description&) const { return true; }
    bool is_generic() const { return true; }
};

void BM_topology_100k_discovery(benchmark::State& state)
{
    const inputs& in = inputs_100k();
    const std::vector<raw_path> raw = raw_paths(in);
    const claim_all claimers[1]{};
    mpio::ident::device_identity scratch;
    std::unique_ptr<fixed_100k_text> s;
    std::uint64_t allocations = 0;
    bool ok = true;
    for (auto _ : state) {
        state.PauseTiming();
        s.reset();
        s = std::make_unique<fixed_100k_text>();
        const std::uint64_t before = mpio_bench::allocation_count();
        state.ResumeTiming();
        for (std::size_t i = 0; i < raw.size(); ++i) {
            path_report r;
            r.handle = i + 1;
            r.input = {mpio::byte_view(raw[i].inquiry.data(), raw[i].inquiry.size()),
                       mpio::byte_view(raw[i].vpd80.data(), raw[i].vpd80.size()),
                       mpio::byte_view(raw[i].vpd83.data(), raw[i].vpd83.size())};
            r.rtpg = mpio::byte_view(raw[i].rtpg.data(), raw[i].rtpg.size());
            const discovery_result d = discover_path<mpio::ident::mpio_scheme>(scratch, *s, claimers, 1, r, 0);
            ok &= d.grouped() && d.verified;
        }
        allocations += mpio_bench::allocation_count() - before;
    }
    if (!ok || s->device_count() != in.lus || s->path_count() != in.paths()) state.SkipWithError("wrong topology");
    state.counters["paths/s"] = benchmark::Counter(
        static_cast<double>(in.paths()) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["allocs"] = static_cast<double>(allocations);
    if (allocations != 0) state.SkipWithError("mpio allocated on the heap");
}
BENCHMARK(BM_topology_100k_discovery)->Name("topology_100k_discovery/mpio")->Unit(benchmark::kMillisecond);

constexpr std::size_t tail_paths = 4'000;

void BM_topology_1m_tail_mpio(benchmark::State& state)
{
    const inputs& in = inputs_1m();
    mpio::hosted::topology_store s(topology_config{.remove_period = 0, .queue_if_no_path = true});
    const std::size_t head = in.paths() - tail_paths;
    if (!add_range(s, in, 0, head)) state.SkipWithError("add_path failed");
    for (auto _ : state) {
        if (!add_range(s, in, head, in.paths())) state.SkipWithError("add_path failed");
        state.PauseTiming(); // take the tail out again
        for (std::size_t i = head; i < in.paths(); ++i) (void)s.remove_path(i + 1, 0);
        s.expire(0);
        state.ResumeTiming();
    }
    if (s.path_count() != head) state.SkipWithError("wrong topology");
    state.counters["paths/s"] = benchmark::Counter(
        static_cast<double>(tail_paths) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_topology_1m_tail_mpio)->Name("topology_1M_tail/mpio")->Unit(benchmark::kMillisecond);

// -------------------------------------------------------------- reference

// multipath-tools' shapes, reduced to what grouping touches: struct path
// and struct multipath carry the WWID in a char[WWID_SIZE] (128), a map
// keeps a vector of its paths, the maps are a vector searched linearly.
constexpr std::size_t wwid_size = 128;
struct ref_path {
    char wwid[wwid_size];
    std::uint64_t handle;
    int port;
};
struct ref_map {
    char wwid[wwid_size];
    std::vector<ref_path*> paths;
};

// "3" + lowercase hex of the NAA designator, as the multipath-tools scheme renders it.
void ref_wwid(std::uint32_t lu, char (&out)[wwid_size])
{
    mpio::byte d[16];
    lu_designator(lu, d);
    std::memset(out, 0, wwid_size);
    out[0] = '3';
    const char* hex = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) {
        out[1 + 2 * i] = hex[d[i] >> 4];
        out[2 + 2 * i] = hex[d[i] & 15];
    }
}

std::vector<ref_path> ref_pathvec(const inputs& in)
{
    std::vector<ref_path> v(in.paths());
    for (std::size_t i = 0; i < in.paths(); ++i) {
        ref_wwid(in.lu_of(i), v[i].wwid);
        v[i].handle = i + 1;
        v[i].port = static_cast<int>(in.port_of(i));
    }
    return v;
}

// find_mp_by_wwid() + add_map_with_path()/store_path(), as coalesce_paths() does them.
void ref_add(std::vector<ref_map*>& maps, ref_path* pp)
{
    ref_map* mpp = nullptr;
    for (ref_map* m : maps)
        if (std::strncmp(m->wwid, pp->wwid, wwid_size) == 0) {
            mpp = m;
            break;
        }
    if (mpp == nullptr) {
        mpp = new ref_map;
        std::memcpy(mpp->wwid, pp->wwid, wwid_size);
        maps.push_back(mpp);
    }
    mpp->paths.push_back(pp);
}

std::size_t ref_bytes(const std::vector<ref_map*>& maps, std::size_t paths)
{
    std::size_t b = maps.capacity() * sizeof(ref_map*) + paths * sizeof(ref_path);
    for (const ref_map* m : maps) b += sizeof(ref_map) + m->paths.capacity() * sizeof(ref_path*);
    return b;
}

// The reference's shapes holding the whole topology `in` (each path in its
// map, maps in order of first appearance, built without the pairwise search
// - only the bytes are wanted): the yardstick of run_hosted's bytes/path.
std::size_t ref_grouped_bytes(const inputs& in)
{
    std::vector<ref_path> pathvec = ref_pathvec(in);
    std::vector<ref_map*> maps;
    for (std::size_t lu = 0; lu < in.lus; ++lu) {
        maps.push_back(new ref_map);
        std::memcpy(maps[lu]->wwid, pathvec[lu].wwid, wwid_size);
    }
    for (std::size_t i = 0; i < in.paths(); ++i) maps[in.lu_of(i)]->paths.push_back(&pathvec[i]);
    const std::size_t b = ref_bytes(maps, in.paths());
    for (ref_map* m : maps) delete m;
    return b;
}

void BM_topology_100k_reference(benchmark::State& state)
{
    const inputs& in = inputs_100k();
    std::vector<ref_path> pathvec = ref_pathvec(in);
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::vector<ref_map*> maps;
        for (ref_path& p : pathvec) ref_add(maps, &p);
        benchmark::DoNotOptimize(maps.data());
        state.PauseTiming();
        if (maps.size() != in.lus) state.SkipWithError("wrong topology");
        bytes = ref_bytes(maps, in.paths());
        for (ref_map* m : maps) delete m;
        state.ResumeTiming();
    }
    state.counters["paths/s"] = benchmark::Counter(
        static_cast<double>(in.paths()) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["bytes/path"] = static_cast<double>(bytes) / static_cast<double>(in.paths());
}
BENCHMARK(BM_topology_100k_reference)->Name("topology_100k/reference:pairwise_wwid")->Unit(benchmark::kMillisecond);

void BM_topology_1m_tail_reference(benchmark::State& state)
{
    const inputs& in = inputs_1m();
    std::vector<ref_path> pathvec = ref_pathvec(in);
    const std::size_t head = in.paths() - tail_paths;
    // The first 996,000 paths, grouped without the pairwise search (the
    // state it would have reached): maps in order of first appearance.
    std::vector<ref_map*> maps(in.lus);
    for (std::size_t lu = 0; lu < in.lus; ++lu) {
        maps[lu] = new ref_map;
        std::memcpy(maps[lu]->wwid, pathvec[lu].wwid, wwid_size);
    }
    for (std::size_t i = 0; i < head; ++i) maps[in.lu_of(i)]->paths.push_back(&pathvec[i]);
    for (auto _ : state) {
        for (std::size_t i = head; i < in.paths(); ++i) ref_add(maps, &pathvec[i]);
        state.PauseTiming();
        for (std::size_t i = head; i < in.paths(); ++i) maps[in.lu_of(i)]->paths.pop_back();
        state.ResumeTiming();
    }
    if (maps.size() != in.lus) state.SkipWithError("wrong topology");
    for (ref_map* m : maps) delete m;
    state.counters["paths/s"] = benchmark::Counter(
        static_cast<double>(tail_paths) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_topology_1m_tail_reference)
    ->Name("topology_1M_tail/reference:pairwise_wwid")
    ->Unit(benchmark::kMillisecond);

} // namespace
