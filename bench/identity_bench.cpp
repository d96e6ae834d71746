// Cost of deriving and rendering a logical unit's identifier from a typical
// Device Identification VPD page (a multipath stack does it for every path it
// discovers): one benchmark per scheme of the run-time table
// (include/mpio/ident/schemes.hpp), registered by walking the table at
// startup, so a scheme added to the table is measured without touching this
// file. Heap allocations are counted; an mpio scheme that allocates is
// reported as an error.
//
// Reference: the multipath-tools WWID written the classic hosted way a
// user-space tool would (walk the page with a byte index, keep the best
// descriptor, build the WWID in a std::string), named so that ratio_main.cpp
// prints its ratio to the mpio multipath-tools scheme.
#include <mpio/ident/schemes.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "alloc_counter.hpp"

namespace {

using mpio::byte;

// A SAS disk behind a dual-ported array: the LU's NAA 6 designator, then the
// target port's NAA 5 name, relative target port 1 and target port group 2.
constexpr byte page[] = {
    0x00, 0x83, 0x00, 0x30,                         // PAGE LENGTH 48
    0x01, 0x03, 0x00, 0x10,                         // binary, LU, NAA, 16 bytes
    0x60, 0x0a, 0x0b, 0x80, 0x00, 0x26, 0xd6, 0x3a, //
    0x00, 0x00, 0x4a, 0x3b, 0x56, 0x09, 0x1f, 0x2c, //
    0x61, 0x93, 0x00, 0x08,                         // SAS, PIV, target port, NAA, 8 bytes
    0x50, 0x0a, 0x0b, 0x80, 0x00, 0x26, 0xd6, 0x3b, //
    0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, // relative target port 1
    0x61, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02, // target port group 2
};

// Passes a view's address and size through DoNotOptimize, so the compiler
// cannot constant-fold the derivation from the constexpr page.
mpio::ident::identity_input opaque_input()
{
    const byte* data = page;
    std::size_t size = sizeof(page);
    benchmark::DoNotOptimize(data);
    benchmark::DoNotOptimize(size);
    return {{}, {}, mpio::byte_view(data, size)};
}

// ------------------------------------------------------------ mpio schemes

void run_scheme(benchmark::State& state, mpio::ident::derive_function derive)
{
    // The caller keeps one object and each derivation overwrites it, as a
    // path-discovery loop does.
    mpio::ident::device_identity id;
    // Measured on the path that finds the identifier (a failing derivation
    // would be a much cheaper, meaningless figure).
    if (derive(opaque_input(), id) != mpio::ident::identity_status::found) {
        state.SkipWithError("the scheme finds no identifier on the page");
        return;
    }
    const std::uint64_t before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const mpio::ident::identity_input in = opaque_input();
        derive(in, id);
        std::size_t rendered = id.text().size();
        benchmark::DoNotOptimize(rendered);
        std::uint64_t hash = id.key().hash();
        benchmark::DoNotOptimize(hash);
    }
    mpio_bench::count_allocations(state, before, true);
}

// -------------------------------------- reference: classic std::string WWID

// multipath-tools' parse_vpd_pg83() priorities (see scheme_multipath_tools.hpp),
// over raw bytes with an index, the way a hosted tool writes it.
int classic_priority(const byte* d, std::size_t len)
{
    if (((d[1] >> 4) & 0x3) != 0) return 0; // logical unit association only
    const byte* des = d + 4;
    auto prefix = [&](const char* p) {
        return len >= 4 && std::string(reinterpret_cast<const char*>(des), 4) == p;
    };
    switch (d[1] & 0xf) {
    case 0x3:
        switch (des[0] >> 4) {
        case 6: return len == 16 ? 8 : 0;
        case 5: return len == 8 ? 7 : 0;
        case 2: return len == 8 ? 6 : 0;
        case 3: return len == 8 ? 1 : 0;
        default: return 0;
        }
    case 0x2: return len == 8 || len == 12 || len == 16 ? 4 : 0;
    case 0x8: return prefix("eui.") || prefix("naa.") || prefix("iqn.") ? 3 : 0;
    case 0x1: return len >= 8 ? 2 : 0;
    default: return 0;
    }
}

std::string classic_wwid(const byte* buf, std::size_t size)
{
    if (size < 4) return {};
    std::size_t end = 4 + ((std::size_t{buf[2]} << 8) | buf[3]);
    if (end > size) end = size;
    const byte* best = nullptr;
    std::size_t best_len = 0;
    int best_prio = 0;
    for (std::size_t off = 4; off + 4 <= end;) {
        const std::size_t len = buf[off + 3];
        if (off + 4 + len > end) break;
        const int prio = classic_priority(buf + off, len);
        if (prio > best_prio) {
            best_prio = prio;
            best = buf + off;
            best_len = len;
        }
        off += 4 + len;
    }
    if (best == nullptr) return {};
    if (best_len > 128) best_len = 128;
    static const char hex[] = "0123456789abcdef";
    std::string wwid;
    const byte* des = best + 4;
    switch (best[1] & 0xf) {
    case 0x3:
    case 0x2:
        wwid += (best[1] & 0xf) == 0x3 ? '3' : '2';
        for (std::size_t i = 0; i < best_len; ++i) {
            wwid += hex[des[i] >> 4];
            wwid += hex[des[i] & 0xf];
        }
        break;
    case 0x8: {
        const std::string name(reinterpret_cast<const char*>(des), best_len);
        const bool iqn = name.compare(0, 4, "iqn.") == 0;
        wwid += name.compare(0, 4, "eui.") == 0 ? '2' : name.compare(0, 4, "naa.") == 0 ? '3' : '8';
        for (std::size_t i = 4; i < name.size(); ++i) {
            const char c = name[i];
            wwid += (!iqn && c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        break;
    }
    case 0x1: {
        wwid += '1';
        bool spaces = false;
        for (std::size_t i = 0; i < best_len; ++i) {
            if (des[i] == ' ') {
                spaces = true;
                continue;
            }
            if (spaces) wwid += '_';
            spaces = false;
            wwid += static_cast<char>(des[i]);
        }
        break;
    }
    default: break;
    }
    // As a C string, at most WWID_SIZE - 1 characters.
    wwid = wwid.substr(0, wwid.find('\0'));
    if (wwid.size() > 127) wwid.resize(127);
    return wwid;
}

void BM_identity_multipath_tools_classic(benchmark::State& state)
{
    // Both sides must compute the same identifier.
    const auto* scheme = mpio::ident::find_scheme("multipath-tools");
    if (scheme == nullptr || classic_wwid(page, sizeof(page)) != scheme->derive(opaque_input()).text().c_str()) {
        state.SkipWithError("reference and mpio disagree");
        return;
    }
    const std::uint64_t before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const mpio::ident::identity_input in = opaque_input();
        const std::string wwid = classic_wwid(in.vpd83.data(), in.vpd83.size());
        std::size_t rendered = wwid.size();
        benchmark::DoNotOptimize(rendered);
        std::size_t hash = std::hash<std::string>{}(wwid);
        benchmark::DoNotOptimize(hash);
    }
    mpio_bench::count_allocations(state, before, false);
}
BENCHMARK(BM_identity_multipath_tools_classic)->Name("identity_multipath-tools/reference:classic_std_string");

// One "identity_<scheme>/mpio" benchmark per entry of the scheme table.
[[maybe_unused]] const bool registered = [] {
    for (const mpio::ident::scheme_entry& s : mpio::ident::schemes) {
        const mpio::ident::derive_function derive = s.derive_into;
        benchmark::RegisterBenchmark((std::string("identity_") + s.name + "/mpio").c_str(),
                                     [derive](benchmark::State& state) { run_scheme(state, derive); });
    }
    return true;
}();

} // namespace
