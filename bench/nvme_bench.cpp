// SPDX-License-Identifier: MIT
// Cost of the two NVMe reads a multipath stack repeats: the ANA log page
// after every ANA change notice (32 groups of 8 namespaces each: walk every
// group and NSID, find the state of one namespace), and the Linux NVMe WWID
// of a namespace (wwid_show()'s choice) from its Identify data. mpio's lazy
// views are compared with the classic approach written here for the
// purpose: copy the data, decode it into records with std::vector /
// std::string, answer from the records. Both compute the same facts (checked
// after each run); heap allocations per operation are counted, and an mpio
// case that allocates is reported as an error (ratio_main.cpp prints the
// ratios).
#include <mpio/ident/scheme_linux_nvme_wwid.hpp>
#include <mpio/nvme/ana_log.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "alloc_counter.hpp"

namespace {

using mpio::byte;

// ------------------------------------------------------------------ inputs

struct ana_page {
    byte b[16 + 32 * (32 + 8 * 4)]{};
};

// 32 groups; group g (1..32) holds NSIDs 8(g-1)+1 .. 8g; states cycle
// optimized, non-optimized, inaccessible, change.
constexpr ana_page make_ana_page() noexcept
{
    ana_page p;
    const auto le = [&p](std::size_t at, std::uint64_t v, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) p.b[at + i] = static_cast<byte>(v >> (8 * i));
    };
    le(0, 42, 8);
    le(8, 32, 2);
    std::size_t at = 16;
    constexpr std::uint8_t states[] = {1, 2, 3, 0xF};
    for (std::uint32_t g = 1; g <= 32; ++g) {
        le(at, g, 4);
        le(at + 4, 8, 4);
        le(at + 8, 40 + g, 8);
        p.b[at + 16] = states[(g - 1) % 4];
        at += 32;
        for (std::uint32_t n = 0; n < 8; ++n, at += 4) le(at, 8 * (g - 1) + n + 1, 4);
    }
    return p;
}
constexpr ana_page ana = make_ana_page();
constexpr std::uint32_t looked_up_nsid = 203; // group 26: non-optimized

struct ana_facts {
    unsigned groups = 0;
    unsigned nsids = 0;
    unsigned long long nsid_sum = 0;
    unsigned live_groups = 0;
    unsigned state_of_looked_up = 0;
    unsigned long long chgcnt = 0;
    bool operator==(const ana_facts&) const = default;
};

// ------------------------------------------------------------ ANA log, mpio

ana_facts ana_mpio(mpio::byte_view bytes)
{
    ana_facts f;
    const auto log = mpio::nvme::parse_ana_log(bytes, {128, false, false});
    if (!log) return f;
    f.chgcnt = log->chgcnt();
    for (const mpio::nvme::ana_group_descriptor g : log->groups()) {
        ++f.groups;
        f.live_groups += mpio::nvme::is_live(g.anas());
        for (const mpio::nvme::ana_nsid_entry n : g.nsids()) {
            ++f.nsids;
            f.nsid_sum += n.nsid();
            if (n.nsid() == looked_up_nsid) f.state_of_looked_up = static_cast<unsigned>(g.anas());
        }
    }
    return f;
}

// ---------------------------------------------------- ANA log, classic decoder

struct classic_ana_group {
    std::uint32_t grpid;
    std::uint64_t chgcnt;
    int state;
    std::vector<std::uint32_t> nsids;
};
struct classic_ana_log {
    std::uint64_t chgcnt = 0;
    std::vector<classic_ana_group> groups;
};

std::uint32_t le32(const std::vector<byte>& b, std::size_t at)
{
    return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
           std::uint32_t{b[at + 3]} << 24;
}
std::uint64_t le64(const std::vector<byte>& b, std::size_t at)
{
    return std::uint64_t{le32(b, at)} | std::uint64_t{le32(b, at + 4)} << 32;
}

classic_ana_log ana_classic_decode(const byte* data, std::size_t size)
{
    classic_ana_log out;
    const std::vector<byte> buf(data, data + size);
    if (buf.size() < 16) return out;
    out.chgcnt = le64(buf, 0);
    const unsigned ngrps = buf[8] | (unsigned{buf[9]} << 8);
    std::size_t off = 16;
    for (unsigned i = 0; i < ngrps && off + 32 <= buf.size(); ++i) {
        classic_ana_group g{le32(buf, off), le64(buf, off + 8), buf[off + 16], {}};
        const std::uint32_t n = le32(buf, off + 4);
        if (g.grpid == 0 || g.state == 0 || g.state > 0xF || off + 32 + 4ull * n > buf.size()) break;
        off += 32;
        for (std::uint32_t k = 0; k < n; ++k, off += 4) g.nsids.push_back(le32(buf, off));
        out.groups.push_back(std::move(g));
    }
    return out;
}

ana_facts ana_classic(const byte* data, std::size_t size)
{
    ana_facts f;
    const classic_ana_log log = ana_classic_decode(data, size);
    f.chgcnt = log.chgcnt;
    for (const classic_ana_group& g : log.groups) {
        ++f.groups;
        f.live_groups += g.state == 1 || g.state == 2;
        for (const std::uint32_t n : g.nsids) {
            ++f.nsids;
            f.nsid_sum += n;
            if (n == looked_up_nsid) f.state_of_looked_up = static_cast<unsigned>(g.state);
        }
    }
    return f;
}

void ana_check(benchmark::State& state, const ana_facts& got)
{
    const ana_facts want = ana_mpio(mpio::byte_view(ana.b));
    if (want.groups != 32 || want.nsids != 256 || want.nsid_sum != 256ull * 257 / 2 || want.live_groups != 16 ||
        want.state_of_looked_up != 2 || want.chgcnt != 42 || !(got == want))
        state.SkipWithError("implementations disagree on the ANA log");
}

// Inputs hidden from the optimizer through a byte_view (see rtpg_bench.cpp
// for why not a bare pointer).
void BM_ana_mpio(benchmark::State& state)
{
    ana_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view bytes(ana.b);
        benchmark::DoNotOptimize(bytes);
        f = ana_mpio(bytes);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, true);
    ana_check(state, f);
}
BENCHMARK(BM_ana_mpio)->Name("nvme_ana_log_32_groups_x_8_ns/mpio");

void BM_ana_classic(benchmark::State& state)
{
    ana_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view bytes(ana.b);
        benchmark::DoNotOptimize(bytes);
        f = ana_classic(bytes.data(), bytes.size());
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, false);
    ana_check(state, f);
}
BENCHMARK(BM_ana_classic)->Name("nvme_ana_log_32_groups_x_8_ns/reference:classic_copying_decoder");

// ------------------------------------------------------------ NVMe identity

struct identify_pages {
    byte ctrl[4096]{};
    byte ns[4096]{};
    byte descs[4096]{};
};

// `with_ids`: an NGUID descriptor (the common "eui." case); otherwise no
// identifier at all, so the longest branch runs (20-byte serial, 40-byte
// model, all in hex).
constexpr identify_pages make_identify(bool with_ids) noexcept
{
    identify_pages p;
    p.ctrl[0] = 0x86;
    p.ctrl[1] = 0x80;
    for (std::size_t i = 0; i < 20; ++i) p.ctrl[4 + i] = static_cast<byte>('0' + i % 10);
    for (std::size_t i = 0; i < 40; ++i) p.ctrl[24 + i] = static_cast<byte>(i < 30 ? 'A' + i % 26 : ' ');
    p.ctrl[81] = 4; // VER 0001_0400h: NVMe 1.4, little-endian
    p.ctrl[82] = 1;
    p.ns[8] = 1; // NCAP non-zero
    if (with_ids) {
        p.descs[0] = 2;
        p.descs[1] = 16;
        for (std::size_t i = 0; i < 16; ++i) p.descs[4 + i] = static_cast<byte>(0x11 * (i + 1));
    }
    return p;
}
constexpr identify_pages with_nguid = make_identify(true);
constexpr identify_pages without_ids = make_identify(false);

std::size_t wwid_mpio(const identify_pages& p, mpio::ident::device_identity& out, std::uint32_t nsid)
{
    const mpio::ident::nvme_identity_input in{mpio::byte_view(p.ctrl), mpio::byte_view(p.ns), mpio::byte_view(p.descs),
                                              nsid, 0};
    mpio::ident::linux_nvme_wwid_scheme::derive(in, out);
    return out.text().size();
}

// The classic way: decode the structures into strings and vectors, then
// format the kernel's string.
struct classic_ns_ids {
    std::vector<byte> eui64 = std::vector<byte>(8);
    std::vector<byte> nguid = std::vector<byte>(16);
    std::vector<byte> uuid = std::vector<byte>(16);
};
struct classic_ctrl {
    unsigned vid = 0;
    std::string serial, model;
    std::uint32_t ver = 0;
};

std::string hex(const std::vector<byte>& v)
{
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (const byte b : v) {
        s += digits[b >> 4];
        s += digits[b & 15];
    }
    return s;
}
std::string hex(const std::string& v) { return hex(std::vector<byte>(v.begin(), v.end())); }
bool all_zero(const std::vector<byte>& v)
{
    for (const byte b : v)
        if (b != 0) return false;
    return true;
}

std::string wwid_classic(const identify_pages& p, std::uint32_t nsid)
{
    const std::vector<byte> ctrl(p.ctrl, p.ctrl + 4096), ns(p.ns, p.ns + 4096), descs(p.descs, p.descs + 4096);
    classic_ctrl c;
    c.vid = ctrl[0] | (unsigned{ctrl[1]} << 8);
    c.serial.assign(reinterpret_cast<const char*>(&ctrl[4]), 20);
    c.model.assign(reinterpret_cast<const char*>(&ctrl[24]), 40);
    c.ver = le32(ctrl, 80);
    classic_ns_ids ids;
    if (c.ver >= 0x10300) {
        for (std::size_t at = 0; at + 4 <= descs.size();) {
            const unsigned type = descs[at], len = descs[at + 1];
            if (len == 0 || at + 4 + len > descs.size()) break;
            const std::vector<byte> nid(descs.begin() + static_cast<std::ptrdiff_t>(at + 4),
                                        descs.begin() + static_cast<std::ptrdiff_t>(at + 4 + len));
            if ((type == 1 && len != 8) || ((type == 2 || type == 3) && len != 16) || (type == 4 && len != 1)) break;
            if (type == 1) ids.eui64 = nid;
            if (type == 2) ids.nguid = nid;
            if (type == 3) ids.uuid = nid;
            at += 4 + len;
        }
    }
    if (c.ver >= 0x10100 && all_zero(ids.eui64)) ids.eui64.assign(ns.begin() + 120, ns.begin() + 128);
    if (c.ver >= 0x10200 && all_zero(ids.nguid)) ids.nguid.assign(ns.begin() + 104, ns.begin() + 120);
    if (!all_zero(ids.uuid)) {
        const std::string h = hex(ids.uuid);
        return "uuid." + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
               h.substr(20);
    }
    if (!all_zero(ids.nguid)) return "eui." + hex(ids.nguid);
    if (!all_zero(ids.eui64)) return "eui." + hex(ids.eui64);
    while (!c.serial.empty() && (c.serial.back() == ' ' || c.serial.back() == '\0')) c.serial.pop_back();
    while (!c.model.empty() && (c.model.back() == ' ' || c.model.back() == '\0')) c.model.pop_back();
    char head[16], tail[16];
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 4; ++i) head[i] = digits[(c.vid >> (12 - 4 * i)) & 15];
    head[4] = '\0';
    for (int i = 0; i < 8; ++i) tail[i] = digits[(nsid >> (28 - 4 * i)) & 15];
    tail[8] = '\0';
    return std::string("nvme.") + head + "-" + hex(c.serial) + "-" + hex(c.model) + "-" + tail;
}

void wwid_check(benchmark::State& state, const identify_pages& p, bool longest)
{
    mpio::ident::device_identity id;
    wwid_mpio(p, id, 7);
    const std::string want(id.text().c_str());
    const std::size_t expected = longest ? 5 + 4 + 1 + 40 + 1 + 60 + 1 + 8 : 4 + 32;
    if (!id.found() || want.size() != expected || want != wwid_classic(p, 7))
        state.SkipWithError("implementations disagree on the WWID");
}

void BM_wwid_mpio(benchmark::State& state, const identify_pages* p, bool longest)
{
    mpio::ident::device_identity id; // kept across derivations, as discovery keeps it
    std::size_t n = 0;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const identify_pages* q = p;
        benchmark::DoNotOptimize(q);
        n = wwid_mpio(*q, id, 7);
        benchmark::DoNotOptimize(n);
    }
    mpio_bench::count_allocations(state, before, true);
    wwid_check(state, *p, longest);
}
void BM_wwid_classic(benchmark::State& state, const identify_pages* p, bool longest)
{
    std::size_t n = 0;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const identify_pages* q = p;
        benchmark::DoNotOptimize(q);
        n = wwid_classic(*q, 7).size();
        benchmark::DoNotOptimize(n);
    }
    mpio_bench::count_allocations(state, before, false);
    wwid_check(state, *p, longest);
}
BENCHMARK_CAPTURE(BM_wwid_mpio, nguid, &with_nguid, false)->Name("nvme_wwid_nguid/mpio");
BENCHMARK_CAPTURE(BM_wwid_classic, nguid, &with_nguid, false)
    ->Name("nvme_wwid_nguid/reference:classic_copying_decoder");
BENCHMARK_CAPTURE(BM_wwid_mpio, fallback, &without_ids, true)->Name("nvme_wwid_vid_serial_model_nsid/mpio");
BENCHMARK_CAPTURE(BM_wwid_classic, fallback, &without_ids, true)
    ->Name("nvme_wwid_vid_serial_model_nsid/reference:classic_copying_decoder");

} // namespace
