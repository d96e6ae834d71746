// SPDX-License-Identifier: MIT
// Cost of reading sense data after a CHECK CONDITION, as an error handler
// does for every failed command: the normalised view (response code, sense
// key, ASC, ASCQ, SDAT_OVFL), the INFORMATION field when valid, and the sense
// key specific field. Fixed format (tests/data/sg3_utils-inhex/fixed_sense.hex,
// 18 bytes) and descriptor format (descriptor_sense.hex, 84 bytes, seven
// descriptors: the information descriptor first, the sense key specific one
// third).
//
// Reference: libsgutils2 itself, doing the same work with its public
// functions: sg_scsi_normalize_sense() + sg_get_sense_info_fld(), and for the
// sense key specific field what sg3_utils' own decoder does (bytes 15..17 of
// fixed format; sg_scsi_sense_desc_find(.., 2) and bytes 4..6 of descriptor
// format). ratio_main.cpp prints the ratios; an mpio case that allocates is
// reported as an error.
#include <mpio/scsi/sense_data.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>

#include "alloc_counter.hpp"

#if MPIO_BENCH_HAVE_SGUTILS
#include <scsi/sg_lib.h>
#endif

namespace {

using mpio::byte;

constexpr byte fixed_sense[] = {0xf0, 0x00, 0x03, 0x00, 0x00, 0x12, 0x34, 0x0a, 0x00,
                                0x00, 0x00, 0x00, 0x11, 0x00, 0x77, 0x80, 0x01, 0x98};

constexpr byte descriptor_sense[] = {
    0x72, 0x01, 0x03, 0x02, 0x80, 0x00, 0x00, 0x4c, 0x00, 0x0a, 0x80, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
    0x66, 0x77, 0xbb, 0x01, 0x0a, 0x00, 0x00, 0x33, 0x44, 0x55, 0x66, 0x77, 0xbb, 0xcc, 0xff, 0x02, 0x06,
    0x00, 0x00, 0x80, 0x01, 0x01, 0x00, 0x03, 0x02, 0x00, 0x45, 0x0a, 0x06, 0x02, 0x01, 0x02, 0x00, 0x32,
    0x01, 0x05, 0x02, 0x00, 0x20, 0x0b, 0x1a, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04,
    0x05, 0x06, 0x07, 0x08, 0x01, 0x02, 0x03, 0x04, 0x55, 0x06, 0x07, 0x08, 0x02, 0x00, 0x12, 0x34,
};

// What every variant computes from the sense buffer.
struct sense_facts {
    unsigned response_code = 0;
    unsigned sense_key = 0;
    unsigned asc = 0;
    unsigned ascq = 0;
    bool sdat_ovfl = false;
    bool information_valid = false;
    std::uint64_t information = 0;
    bool sksv = false;
    unsigned sense_key_specific = 0; // bytes 1..2 of the field
};

bool same(const sense_facts& a, const sense_facts& b)
{
    return a.response_code == b.response_code && a.sense_key == b.sense_key && a.asc == b.asc && a.ascq == b.ascq &&
           a.sdat_ovfl == b.sdat_ovfl && a.information_valid == b.information_valid && a.information == b.information &&
           a.sksv == b.sksv && a.sense_key_specific == b.sense_key_specific;
}

// ---------------------------------------------------------------------- mpio

// Each variant fills `f` in place: returning the struct by value made the
// benchmark loop reload it right after the callee's narrow stores (a
// store-forwarding stall that measured the harness, not the parser).
void sense_mpio(mpio::byte_view bytes, sense_facts& f)
{
    using namespace mpio::scsi;
    f = sense_facts{};
    const auto s = parse_sense_data(bytes);
    if (!s) return;
    const normalized_sense n = s->normalized(); // includes INFORMATION when valid
    f.response_code = static_cast<unsigned>(n.response_code);
    f.sense_key = static_cast<unsigned>(n.sense_key);
    f.asc = n.asc;
    f.ascq = n.ascq;
    f.sdat_ovfl = n.sdat_ovfl;
    f.information_valid = n.information_valid;
    f.information = n.information;
    if (const auto sks = s->sense_key_specific()) {
        f.sksv = sks->sksv();
        f.sense_key_specific = (unsigned{sks->bytes()[1]} << 8) | sks->bytes()[2];
    }
}

// -------------------------------------------------------------- libsgutils2

#if MPIO_BENCH_HAVE_SGUTILS
void sense_sg3_utils(const byte* sbp, int sb_len, sense_facts& f)
{
    f = sense_facts{};
    sg_scsi_sense_hdr h;
    if (!sg_scsi_normalize_sense(sbp, sb_len, &h)) return;
    f.response_code = h.response_code;
    f.sense_key = h.sense_key;
    f.asc = h.asc;
    f.ascq = h.ascq;
    std::uint64_t info = 0;
    f.information_valid = sg_get_sense_info_fld(sbp, sb_len, &info);
    f.information = f.information_valid ? info : 0;
    const byte* sks = nullptr;
    if (h.response_code >= 0x72) {
        f.sdat_ovfl = (h.byte4 & 0x80) != 0;
        const byte* d = sg_scsi_sense_desc_find(sbp, sb_len, 2);
        if (d != nullptr && d[1] == 6) sks = d + 4;
    } else {
        f.sdat_ovfl = sb_len > 2 && (sbp[2] & 0x10) != 0;
        const int len = sb_len > 7 ? (sbp[7] + 8 < sb_len ? sbp[7] + 8 : sb_len) : sb_len;
        if (len >= 18) sks = sbp + 15;
    }
    if (sks != nullptr) {
        f.sksv = (sks[0] & 0x80) != 0;
        f.sense_key_specific = (unsigned{sks[1]} << 8) | sks[2];
    }
}
#endif

// ---------------------------------------------------------------- benchmarks
//
// The input reaches each case as a byte_view through DoNotOptimize (not a
// bare pointer: see bench/rtpg_bench.cpp for the GCC 12 / Google Benchmark
// 1.7.1 "+m,r" miscompilation).

void sense_check(benchmark::State& state, mpio::byte_view input, const sense_facts& got)
{
    sense_facts want;
    sense_mpio(input, want);
    const bool fixed = input.size() == sizeof fixed_sense;
    const bool expected = fixed ? (want.sense_key == 3 && want.asc == 0x11 && want.information == 0x1234 && want.sksv &&
                                   want.sense_key_specific == 0x198)
                                : (want.sense_key == 1 && want.asc == 0x03 && want.ascq == 0x02 && want.sdat_ovfl &&
                                   want.information == 0x11223344556677bbu && want.sense_key_specific == 0x0101);
    if (!expected || !want.information_valid || !same(got, want))
        state.SkipWithError("implementations disagree on the sense data");
}

template <std::size_t N>
void run_mpio(benchmark::State& state, const byte (&sense)[N])
{
    sense_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view bytes(sense);
        benchmark::DoNotOptimize(bytes);
        sense_mpio(bytes, f);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, true);
    sense_check(state, mpio::byte_view(sense), f);
}

void BM_sense_fixed_mpio(benchmark::State& state) { run_mpio(state, fixed_sense); }
BENCHMARK(BM_sense_fixed_mpio)->Name("sense_fixed_18_normalize_info_sks/mpio");
void BM_sense_descriptor_mpio(benchmark::State& state) { run_mpio(state, descriptor_sense); }
BENCHMARK(BM_sense_descriptor_mpio)->Name("sense_descriptor_84_normalize_info_sks/mpio");

#if MPIO_BENCH_HAVE_SGUTILS
template <std::size_t N>
void run_sg3_utils(benchmark::State& state, const byte (&sense)[N])
{
    sense_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view bytes(sense);
        benchmark::DoNotOptimize(bytes);
        sense_sg3_utils(bytes.data(), static_cast<int>(bytes.size()), f);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, false);
    sense_check(state, mpio::byte_view(sense), f);
}

void BM_sense_fixed_sg3_utils(benchmark::State& state) { run_sg3_utils(state, fixed_sense); }
BENCHMARK(BM_sense_fixed_sg3_utils)->Name("sense_fixed_18_normalize_info_sks/reference:libsgutils2");
void BM_sense_descriptor_sg3_utils(benchmark::State& state) { run_sg3_utils(state, descriptor_sense); }
BENCHMARK(BM_sense_descriptor_sg3_utils)->Name("sense_descriptor_84_normalize_info_sks/reference:libsgutils2");
#endif

} // namespace
