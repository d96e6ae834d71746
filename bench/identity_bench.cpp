// SPDX-License-Identifier: MIT
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

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "alloc_counter.hpp"
#include "identity_c_reference.h"

#ifdef MPIO_BENCH_HAVE_MULTIPATH_TOOLS
extern "C" {
// multipath-tools' own parse_vpd_pg83() / parse_vpd_pg80(), compiled from a
// multipath-tools source tree (bench/CMakeLists.txt,
// MPIO_BENCH_MULTIPATH_TOOLS_SOURCE).
int mpio_bench_mpt_parse_vpd_pg83(const unsigned char* in, std::size_t in_len, char* out, std::size_t out_len);
int mpio_bench_mpt_parse_vpd_pg80(const unsigned char* in, char* out, std::size_t out_len);
}
#endif

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

// The page's address and size read through volatile objects, so the
// compiler cannot constant-fold the derivation from the constexpr page.
// (Not DoNotOptimize() on locals: with Debian's Google Benchmark 1.7.1 and
// GCC 12 -O3 its "+m,r" asm left the view's size undefined now and then -
// valgrind showed it, and a scheme "lost" its identifier mid-run.)
const byte* volatile opaque_page = page;
volatile std::size_t opaque_size = sizeof(page);

mpio::ident::identity_input opaque_input() { return {{}, {}, mpio::byte_view(opaque_page, opaque_size)}; }

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
    std::uint64_t not_found = 0;
    for (auto _ : state) {
        const mpio::ident::identity_input in = opaque_input();
        not_found += derive(in, id) != mpio::ident::identity_status::found;
        std::size_t rendered = id.text().size();
        benchmark::DoNotOptimize(rendered);
        std::uint64_t hash = id.key().hash();
        benchmark::DoNotOptimize(hash);
    }
    if (not_found != 0) state.SkipWithError("the scheme lost the identifier during the run");
    mpio_bench::count_allocations(state, before, true);
}

// -------------------------------------- reference: classic std::string WWID

// multipath-tools' parse_vpd_pg83() priorities (see scheme_multipath_tools.hpp),
// over raw bytes with an index, the way a hosted tool writes it.
int classic_priority(const byte* d, std::size_t len)
{
    if (((d[1] >> 4) & 0x3) != 0) return 0; // logical unit association only
    const byte* des = d + 4;
    auto prefix = [&](const char* p) { return len >= 4 && std::string(reinterpret_cast<const char*>(des), 4) == p; };
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

// ------------------------------ references for the other schemes (hosted)
//
// Each is the scheme's rule written the classic hosted way: a byte-index
// walk of the page and the identifier built in a std::string (for
// systemd-scsi_id and sg3_utils-udev, the way the tools themselves work:
// zeroed C buffers then udev's whitespace/character replacement, and a
// variable map that the rules read). Only what the bench page needs is
// exercised, but each is the general rule, and each must produce the mpio
// scheme's text on the page (checked before timing).

struct classic_descriptor {
    const byte* d;
    std::size_t len;
    int assoc, type, code_set;
};

template <class F>
void classic_walk(const byte* buf, std::size_t size, F f)
{
    if (size < 4) return;
    std::size_t end = 4 + ((std::size_t{buf[2]} << 8) | buf[3]);
    if (end > size) end = size;
    for (std::size_t off = 4; off + 4 <= end;) {
        const std::size_t len = buf[off + 3];
        if (off + 4 + len > end) break;
        f(classic_descriptor{buf + off, len, (buf[off + 1] >> 4) & 3, buf[off + 1] & 0xf, buf[off] & 0xf});
        off += 4 + len;
    }
}

std::string classic_hex(const byte* p, std::size_t n, bool upper = false)
{
    static const char lower_digits[] = "0123456789abcdef", upper_digits[] = "0123456789ABCDEF";
    const char* hex = upper ? upper_digits : lower_digits;
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += hex[p[i] >> 4];
        s += hex[p[i] & 0xf];
    }
    return s;
}

// mpio: NAA 6 > NAA 5 > EUI-64 16/12/8 > NAA 2 > ... (the first two ranks
// are what a typical page has; the rest as in scheme_mpio.hpp).
std::string classic_mpio(const byte* buf, std::size_t size)
{
    int best = 0;
    classic_descriptor chosen{};
    classic_walk(buf, size, [&](const classic_descriptor& c) {
        if (c.assoc != 0) return;
        int rank = 0;
        const byte* des = c.d + 4;
        if (c.type == 3 && c.len > 0)
            rank = (des[0] >> 4) == 6 ? 12 : (des[0] >> 4) == 5 ? 11 : (des[0] >> 4) == 2 ? 7 : 2;
        else if (c.type == 2)
            rank = c.len == 16 ? 10 : c.len == 12 ? 9 : 8;
        else if (c.type == 1)
            rank = 3;
        if (rank > best) {
            best = rank;
            chosen = c;
        }
    });
    if (best == 0) return {};
    std::string id = chosen.type == 3 ? "naa." : chosen.type == 2 ? "eui." : "t10.";
    return id + classic_hex(chosen.d + 4, chosen.len);
}

// linux-wwid: scsi_vpd_lun_id()'s designator_prio() and "naa.%*phN".
std::string classic_linux_wwid(const byte* buf, std::size_t size)
{
    int cur = 0;
    std::string id;
    classic_walk(buf, size, [&](const classic_descriptor& c) {
        if (c.assoc != 0) return;
        const byte* des = c.d + 4;
        int prio = 0;
        if (c.type == 3 && c.len > 0) {
            const int n = des[0] >> 4;
            prio = n == 6 ? 8 : n == 5 ? 5 : n == 4 ? 4 : n == 3 ? 1 : 0;
        } else if (c.type == 2) {
            prio = c.len == 16 ? 7 : c.len == 12 ? 6 : c.len == 8 ? 3 : 0;
        }
        if (prio == 0 || cur > prio) return;
        if ((c.type == 3 && (c.len == 8 || c.len == 16)) || c.type == 2) {
            char tmp[4 + 2 * 255 + 1];
            const int n = std::snprintf(tmp, sizeof tmp, "%s", c.type == 3 ? "naa." : "eui.");
            for (std::size_t i = 0; i < c.len; ++i)
                std::snprintf(tmp + n + 2 * i, sizeof tmp - static_cast<std::size_t>(n) - 2 * i, "%02x", des[i]);
            id = tmp;
        }
        cur = prio;
    });
    return id;
}

// msdsm: LU then target device, 8h > 3h > 2h > 1h > 0h, longer wins a tie,
// binary as uppercase hex.
std::string classic_msdsm(const byte* buf, std::size_t size)
{
    static const int order[16] = {1, 2, 3, 4, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0};
    classic_descriptor best{};
    int best_rank = 0;
    classic_walk(buf, size, [&](const classic_descriptor& c) {
        if (c.assoc == 1 || c.assoc == 3) return;
        const int rank = order[c.type] * 4 + (c.assoc == 0 ? 2 : 0);
        if (rank > best_rank || (rank == best_rank && c.len > best.len)) {
            best_rank = rank;
            best = c;
        }
    });
    if (best_rank == 0) return {};
    if (best.code_set == 1) return classic_hex(best.d + 4, best.len, true);
    return std::string(reinterpret_cast<const char*>(best.d + 4), best.len);
}

// illumos-devid: LU association, NAA > EUI-64 > T10, the raw id as lowercase
// hex (devid_to_guid).
std::string classic_illumos(const byte* buf, std::size_t size)
{
    const byte* best = nullptr;
    std::size_t best_len = 0;
    int best_rank = 0;
    classic_walk(buf, size, [&](const classic_descriptor& c) {
        if (c.assoc != 0) return;
        const int rank = c.type == 3 ? 3 : c.type == 2 ? 2 : c.type == 1 ? 1 : 0;
        if (rank > best_rank) {
            best_rank = rank;
            best = c.d + 4;
            best_len = c.len;
        }
    });
    return best ? classic_hex(best, best_len) : std::string();
}

// udev_replace_whitespace() + udev_replace_chars(str, NULL) for ASCII.
std::string classic_udev_encode(const char* str)
{
    std::string out;
    std::size_t i = std::strspn(str, " \t\n\r");
    bool space = false;
    for (; str[i] != '\0' && out.size() < 255; ++i) {
        const unsigned char c = static_cast<unsigned char>(str[i]);
        if (std::isspace(c)) {
            space = true;
            continue;
        }
        if (space) out += '_';
        space = false;
        out += std::isalnum(c) || std::strchr("#+-.:=@_", c) ? static_cast<char>(c) : '_';
    }
    return out;
}

// systemd-scsi_id: scsi_id's own shape - the page copied into a zeroed
// 254-byte buffer, id_search_list outer loop, descriptors inner, the serial
// built in a zeroed char[256], then encoded.
std::string classic_scsi_id(const byte* buf, std::size_t size)
{
    struct search {
        int type, naa, code;
    };
    static const search list[] = {{3, 6, 1},  {3, 6, 2},  {3, 5, 1},  {3, 5, 2},  {3, -1, 1},
                                  {3, -1, 2}, {2, -1, 1}, {2, -1, 2}, {1, -1, 1}, {1, -1, 2}};
    unsigned char copy[254] = {};
    std::memcpy(copy, buf, size < sizeof copy ? size : sizeof copy);
    if (copy[1] != 0x83 || copy[6] != 0) return {};
    char serial[256] = {};
    static const char hex[] = "0123456789abcdef";
    const std::size_t last = ((std::size_t{copy[2]} << 8) | copy[3]) + 3;
    for (const search& e : list) {
        for (std::size_t j = 4; j <= last && j + 4 + copy[j + 3] <= sizeof copy; j += copy[j + 3] + 4u) {
            const unsigned char* d = copy + j;
            if ((d[1] & 0x30) != 0 || (d[1] & 0x0f) != e.type || (d[0] & 0x0f) != e.code) continue;
            if (e.naa >= 0 && (d[4] >> 4) != e.naa) continue;
            std::size_t k = 0;
            serial[k++] = hex[e.type];
            for (std::size_t i = 0; i < d[3]; ++i) {
                if (e.code == 2) {
                    serial[k++] = static_cast<char>(d[4 + i]);
                } else {
                    serial[k++] = hex[d[4 + i] >> 4];
                    serial[k++] = hex[d[4 + i] & 0xf];
                }
            }
            return classic_udev_encode(serial);
        }
    }
    return {};
}

// sg3_utils-udev: sg_inq --export's variables in a map (as udev's IMPORT
// holds them), then the rules' ID_SERIAL.
std::string classic_sg3(const byte* buf, std::size_t size)
{
    std::map<std::string, std::string> env;
    classic_walk(buf, size, [&](const classic_descriptor& c) {
        if (c.assoc != 0 || c.code_set != 1) return;
        const byte* des = c.d + 4;
        if (c.type == 3 && c.len > 0) {
            const int n = des[0] >> 4;
            env[n == 6   ? "SCSI_IDENT_LUN_NAA_REGEXT"
                : n == 5 ? "SCSI_IDENT_LUN_NAA_REG"
                : n == 2 ? "SCSI_IDENT_LUN_NAA_EXT"
                         : "SCSI_IDENT_LUN_NAA_LOCAL"] = classic_hex(des, c.len);
        } else if (c.type == 2) {
            env["SCSI_IDENT_LUN_EUI64"] = classic_hex(des, c.len);
        }
    });
    for (const auto& [name, prefix] : {std::pair<const char*, const char*>{"SCSI_IDENT_LUN_NAA_REGEXT", "3"},
                                       {"SCSI_IDENT_LUN_NAA_REG", "3"},
                                       {"SCSI_IDENT_LUN_NAA_EXT", "3"},
                                       {"SCSI_IDENT_LUN_EUI64", "2"}}) {
        const auto it = env.find(name);
        if (it != env.end() && !it->second.empty()) return prefix + it->second;
    }
    return {};
}

using classic_function = std::string (*)(const byte*, std::size_t);

void run_reference(benchmark::State& state, const char* scheme_name, classic_function classic)
{
    // Both sides must compute the same identifier.
    const auto* scheme = mpio::ident::find_scheme(scheme_name);
    if (scheme == nullptr || classic(page, sizeof(page)) != scheme->derive(opaque_input()).text().c_str()) {
        state.SkipWithError("reference and mpio disagree");
        return;
    }
    const std::uint64_t before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const mpio::ident::identity_input in = opaque_input();
        const std::string id = classic(in.vpd83.data(), in.vpd83.size());
        std::size_t rendered = id.size();
        benchmark::DoNotOptimize(rendered);
        std::size_t hash = std::hash<std::string>{}(id);
        benchmark::DoNotOptimize(hash);
    }
    mpio_bench::count_allocations(state, before, false);
}

[[maybe_unused]] const bool references_registered = [] {
    const struct {
        const char* scheme;
        classic_function classic;
    } references[] = {
        {"mpio", classic_mpio},
        {"linux-wwid", classic_linux_wwid},
        {"msdsm", classic_msdsm},
        {"illumos-devid", classic_illumos},
        {"systemd-scsi_id", classic_scsi_id},
        {"sg3_utils-udev", classic_sg3},
    };
    for (const auto& r : references) {
        const char* scheme = r.scheme;
        const classic_function classic = r.classic;
        benchmark::RegisterBenchmark(
            (std::string("identity_") + scheme + "/reference:classic_std_string").c_str(),
            [scheme, classic](benchmark::State& state) { run_reference(state, scheme, classic); });
    }
    return true;
}();

// One "identity_<scheme>/mpio" benchmark per entry of the scheme table.
[[maybe_unused]] const bool registered = [] {
    for (const mpio::ident::scheme_entry& s : mpio::ident::schemes) {
        const mpio::ident::derive_function derive = s.derive_into;
        benchmark::RegisterBenchmark((std::string("identity_") + s.name + "/mpio").c_str(),
                                     [derive](benchmark::State& state) { run_scheme(state, derive); });
    }
    return true;
}();

// ------------------------- page classes: multipath-tools WWID, three ways
//
// identity_mpt_<class>/mpio: multipath_tools_scheme::derive() into a kept
// device_identity (text, key and its hash), called as a user calls it.
// identity_mpt_<class>/reference:c_realloc_snprintf: the same WWID in C the
// way multipath-tools builds it (identity_c_reference.c).
// identity_mpt_<class>/reference:multipath-tools: multipath-tools' own
// parse_vpd_pg83(), when the build was given its source tree.
// The serial class times the page 80h fallback: the mpio scheme's
// serial.VENDOR.PRODUCT.SERIAL (standard INQUIRY + page 80h) against
// multipath-tools' parse_vpd_pg80() (the serial alone), which is less work.
// Every side must produce the expected text before it is timed.

// NAA 5: sg3_utils' vpd_dev_id.hex (a SAS disk; the LU's NAA 5 wins).
constexpr byte page_naa5[] = {
    0x00, 0x83, 0x00, 0x48, 0x01, 0x03, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b, //
    0x61, 0x93, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x29, 0x61, 0x94, 0x00, 0x04, //
    0x00, 0x00, 0x00, 0x01, 0x61, 0xa3, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x28, //
    0x03, 0x28, 0x00, 0x18, 0x6e, 0x61, 0x61, 0x2e, 0x35, 0x30, 0x30, 0x30, 0x43, 0x35, 0x30, 0x30, //
    0x33, 0x30, 0x31, 0x31, 0x43, 0x42, 0x32, 0x38, 0x00, 0x00, 0x00, 0x00,
};

// EUI-64: an NVMe namespace behind a SCSI translation layer (built after
// the SCSI-to-NVMe translation's description): a 16-byte EUI-64 (the NGUID)
// and a T10 vendor ID "NVMe    " + model.
constexpr byte page_eui64[] = {
    0x00, 0x83, 0x00, 0x30,                         // PAGE LENGTH 48
    0x01, 0x02, 0x00, 0x10,                         // binary, LU, EUI-64, 16 bytes
    0x00, 0x25, 0x38, 0x51, 0x81, 0xb0, 0x2a, 0x1c, //
    0x00, 0x25, 0x38, 0x00, 0x00, 0x00, 0x00, 0x01, //
    0x02, 0x01, 0x00, 0x18,                         // ASCII, LU, T10 vendor ID, 24 bytes
    'N',  'V',  'M',  'e',  ' ',  ' ',  ' ',  ' ',  'S', 'a', 'm', 's', 'u', 'n', 'g', ' ', //
    'S',  'S',  'D',  ' ',  '9',  '7',  '0',  ' ',
};

// T10 vendor ID: istgt (Debian 0.4~20111008), LUN 0 of the setup in
// tests/data/targets/README.md, page 83h as libiscsi's INQUIRY returned it
// (179 bytes): NAA 3 (locally assigned), then the T10 vendor ID, which
// multipath-tools ranks above NAA 3; target device and port names, relative
// target port, target port group, logical unit group.
constexpr byte page_t10_istgt[] = {
    0x00, 0x83, 0x00, 0xaf, 0x01, 0x03, 0x00, 0x08, 0x30, 0x00, 0x00, 0x00, 0x51, 0x19, 0xd0, 0x2f, //
    0x03, 0x01, 0x00, 0x38, 0x46, 0x72, 0x65, 0x65, 0x42, 0x53, 0x44, 0x20, 0x69, 0x53, 0x43, 0x53, //
    0x49, 0x20, 0x44, 0x49, 0x53, 0x4b, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x31, 0x30, 0x30, 0x30, //
    0x30, 0x30, 0x30, 0x31, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, //
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x53, 0xa8, 0x00, 0x1f, //
    0x69, 0x71, 0x6e, 0x2e, 0x32, 0x30, 0x32, 0x34, 0x2d, 0x30, 0x31, 0x2e, 0x6f, 0x72, 0x67, 0x2e, //
    0x6d, 0x70, 0x69, 0x6f, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x3a, 0x64, 0x69, 0x73, 0x6b, 0x31, 0x53, //
    0x98, 0x00, 0x28, 0x69, 0x71, 0x6e, 0x2e, 0x32, 0x30, 0x32, 0x34, 0x2d, 0x30, 0x31, 0x2e, 0x6f, //
    0x72, 0x67, 0x2e, 0x6d, 0x70, 0x69, 0x6f, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x3a, 0x64, 0x69, 0x73, //
    0x6b, 0x31, 0x2c, 0x74, 0x2c, 0x30, 0x78, 0x30, 0x30, 0x30, 0x31, 0x51, 0x94, 0x00, 0x04, 0x00, //
    0x00, 0x00, 0x01, 0x51, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x51, 0x96, 0x00, 0x04, 0x00, //
    0x00, 0x00, 0x01,
};

// T10 vendor ID: sg3_utils' vpd_sdeb.hex page 83h (scsi_debug: T10 vendor
// ID, then NAA 3).
constexpr byte page_t10_sdeb[] = {
    0x00, 0x83, 0x00, 0x70, 0x02, 0x01, 0x00, 0x1c, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x20, 0x20, 0x20, //
    0x73, 0x63, 0x73, 0x69, 0x5f, 0x64, 0x65, 0x62, 0x75, 0x67, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, //
    0x32, 0x30, 0x30, 0x30, 0x01, 0x03, 0x00, 0x08, 0x33, 0x33, 0x33, 0x30, 0x00, 0x00, 0x07, 0xd0, //
    0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x61, 0x93, 0x00, 0x08, 0x32, 0x22, 0x22, 0x20, //
    0x00, 0x00, 0x07, 0xce, 0x61, 0x95, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00, 0x61, 0xa3, 0x00, 0x08, //
    0x32, 0x22, 0x22, 0x20, 0x00, 0x00, 0x07, 0xcd, 0x63, 0xa8, 0x00, 0x18, 0x6e, 0x61, 0x61, 0x2e, //
    0x33, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x37, 0x43, 0x44, //
    0x00, 0x00, 0x00, 0x00,
};

// SCSI name string: an iSCSI LU named by its iSCSI name (UTF-8, LU
// association, NUL padded to a multiple of 4), then istgt's target port name,
// relative target port and target port group.
constexpr byte page_name[] = {
    0x00, 0x83, 0x00, 0x60, // PAGE LENGTH 96
    0x03, 0x08, 0x00, 0x20, // UTF-8, LU, SCSI name string, 32 bytes
    'i',  'q',  'n',  '.',  '2',  '0',  '2',  '4',  '-', '0', '1', '.', 'o', 'r', 'g', '.',  //
    'm',  'p',  'i',  'o',  '.',  't',  'e',  's',  't', ':', 'd', 'i', 's', 'k', '1', 0x00, //
    0x53, 0x98, 0x00, 0x28, // iSCSI, PIV, target port, name string, 40 bytes
    'i',  'q',  'n',  '.',  '2',  '0',  '2',  '4',  '-', '0', '1', '.', 'o', 'r', 'g', '.', //
    'm',  'p',  'i',  'o',  '.',  't',  'e',  's',  't', ':', 'd', 'i', 's', 'k', '1', ',', //
    't',  ',',  '0',  'x',  '0',  '0',  '0',  '1',                                          //
    0x51, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,                                         // relative target port 1
    0x51, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,                                         // target port group 1
};

// Serial number fallback: istgt's standard INQUIRY data and page 80h (same
// capture as page_t10_istgt).
constexpr byte inquiry_istgt[] = {
    0x00, 0x10, 0x05, 0x02, 0x5b, 0x00, 0x10, 0x02, 0x46, 0x72, 0x65, 0x65, 0x42, 0x53, 0x44, 0x20, //
    0x69, 0x53, 0x43, 0x53, 0x49, 0x20, 0x44, 0x49, 0x53, 0x4b, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, //
    0x30, 0x30, 0x30, 0x31, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, //
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x00, 0x00, 0x09, 0x60, 0x03, 0x00, 0x03, 0x20, //
    0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
constexpr byte page80_istgt[] = {0x00, 0x80, 0x00, 0x08, 0x31, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x31};

// A page reached through volatile objects (see opaque_page above).
struct opaque_bytes {
    const byte* volatile data;
    volatile std::size_t size;
    mpio::byte_view view() const { return {data, size}; }
};

struct mpt_page_class {
    const char* name;
    const char* wwid; // what all three sides must produce
    opaque_bytes page;
};

mpt_page_class mpt_page_classes[] = {
    {"naa5", "35000c5003011cb2b", {page_naa5, sizeof(page_naa5)}},
    {"naa6", "3600a0b800026d63a00004a3b56091f2c", {page, sizeof(page)}},
    {"eui64", "20025385181b02a1c0025380000000001", {page_eui64, sizeof(page_eui64)}},
    {"t10_istgt", "1FreeBSD_iSCSI_DISK_10000001", {page_t10_istgt, sizeof(page_t10_istgt)}},
    {"t10_scsi_debug", "1Linux_scsi_debug_2000", {page_t10_sdeb, sizeof(page_t10_sdeb)}},
    {"name_string", "82024-01.org.mpio.test:disk1", {page_name, sizeof(page_name)}},
};

opaque_bytes opaque_inquiry_istgt{inquiry_istgt, sizeof(inquiry_istgt)};
opaque_bytes opaque_page80_istgt{page80_istgt, sizeof(page80_istgt)};

// What multipath-tools' get_vpd_sgio() passes as the page length.
std::size_t mpt_page_length(mpio::byte_view p)
{
    const std::size_t n = 4 + ((std::size_t{p[2]} << 8) | p[3]);
    return n < p.size() ? n : p.size();
}

void run_mpt_mpio(benchmark::State& state, const mpt_page_class* c)
{
    mpio::ident::device_identity id;
    if (mpio::ident::multipath_tools_scheme::derive({{}, {}, c->page.view()}, id) !=
            mpio::ident::identity_status::found ||
        !id.text().equals(c->wwid)) {
        state.SkipWithError("the scheme does not give the expected WWID");
        return;
    }
    const std::uint64_t before = mpio_bench::allocation_count();
    std::uint64_t not_found = 0;
    for (auto _ : state) {
        not_found += mpio::ident::multipath_tools_scheme::derive({{}, {}, c->page.view()}, id) !=
                     mpio::ident::identity_status::found;
        std::size_t rendered = id.text().size();
        benchmark::DoNotOptimize(rendered);
        std::uint64_t hash = id.key().hash();
        benchmark::DoNotOptimize(hash);
    }
    if (not_found != 0) state.SkipWithError("the scheme lost the identifier during the run");
    mpio_bench::count_allocations(state, before, true);
}

using c_wwid_function = int (*)(const unsigned char*, std::size_t, char*, std::size_t);

void run_mpt_c(benchmark::State& state, const mpt_page_class* c, c_wwid_function f)
{
    char wwid[128];
    const mpio::byte_view p = c->page.view();
    if (f(p.data(), mpt_page_length(p), wwid, sizeof wwid) <= 0 || std::strcmp(wwid, c->wwid) != 0) {
        state.SkipWithError("the reference does not give the expected WWID");
        return;
    }
    const std::uint64_t before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const mpio::byte_view v = c->page.view();
        int length = f(v.data(), mpt_page_length(v), wwid, sizeof wwid);
        benchmark::DoNotOptimize(length);
        benchmark::DoNotOptimize(wwid);
    }
    mpio_bench::count_allocations(state, before, false);
}

void run_serial_mpio(benchmark::State& state)
{
    mpio::ident::device_identity id;
    const auto input = [] {
        return mpio::ident::identity_input{opaque_inquiry_istgt.view(), opaque_page80_istgt.view(), {}};
    };
    if (mpio::ident::mpio_scheme::derive(input(), id) != mpio::ident::identity_status::found ||
        !id.text().equals("serial.FreeBSD.iSCSI DISK.10000001")) {
        state.SkipWithError("the scheme does not give the expected serial identifier");
        return;
    }
    const std::uint64_t before = mpio_bench::allocation_count();
    std::uint64_t not_found = 0;
    for (auto _ : state) {
        not_found += mpio::ident::mpio_scheme::derive(input(), id) != mpio::ident::identity_status::found;
        std::size_t rendered = id.text().size();
        benchmark::DoNotOptimize(rendered);
        std::uint64_t hash = id.key().hash();
        benchmark::DoNotOptimize(hash);
    }
    if (not_found != 0) state.SkipWithError("the scheme lost the identifier during the run");
    mpio_bench::count_allocations(state, before, true);
}

using c_serial_function = int (*)(const unsigned char*, char*, std::size_t);

void run_serial_c(benchmark::State& state, c_serial_function f)
{
    char serial[128];
    if (f(opaque_page80_istgt.data, serial, sizeof serial) <= 0 || std::strcmp(serial, "10000001") != 0) {
        state.SkipWithError("the reference does not give the expected serial number");
        return;
    }
    const std::uint64_t before = mpio_bench::allocation_count();
    for (auto _ : state) {
        int length = f(opaque_page80_istgt.data, serial, sizeof serial);
        benchmark::DoNotOptimize(length);
        benchmark::DoNotOptimize(serial);
    }
    mpio_bench::count_allocations(state, before, false);
}

[[maybe_unused]] const bool page_classes_registered = [] {
    for (const mpt_page_class& c : mpt_page_classes) {
        const mpt_page_class* pc = &c;
        const std::string name = std::string("identity_mpt_") + c.name;
        benchmark::RegisterBenchmark((name + "/mpio").c_str(),
                                     [pc](benchmark::State& state) { run_mpt_mpio(state, pc); });
        benchmark::RegisterBenchmark((name + "/reference:c_realloc_snprintf").c_str(),
                                     [pc](benchmark::State& state) { run_mpt_c(state, pc, mpio_bench_c_wwid); });
#ifdef MPIO_BENCH_HAVE_MULTIPATH_TOOLS
        benchmark::RegisterBenchmark((name + "/reference:multipath-tools").c_str(), [pc](benchmark::State& state) {
            run_mpt_c(state, pc, mpio_bench_mpt_parse_vpd_pg83);
        });
#endif
    }
    benchmark::RegisterBenchmark("identity_serial_fallback/mpio", run_serial_mpio);
    benchmark::RegisterBenchmark("identity_serial_fallback/reference:c_realloc_snprintf",
                                 [](benchmark::State& state) { run_serial_c(state, mpio_bench_c_serial); });
#ifdef MPIO_BENCH_HAVE_MULTIPATH_TOOLS
    benchmark::RegisterBenchmark("identity_serial_fallback/reference:multipath-tools",
                                 [](benchmark::State& state) { run_serial_c(state, mpio_bench_mpt_parse_vpd_pg80); });
#endif
    return true;
}();

} // namespace
