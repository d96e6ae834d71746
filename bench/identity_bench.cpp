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

} // namespace
