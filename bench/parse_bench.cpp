// SPDX-License-Identifier: MIT
// Parsing cost of the two responses every path discovery reads: a standard
// INQUIRY and a VPD 0x83 Device Identification page. Each case runs mpio and
// reference implementations of the classic approaches in the same binary
// (ratio_main.cpp prints the ratios) and counts heap allocations per page;
// an mpio benchmark that allocates is reported as an error.
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "alloc_counter.hpp"

#ifdef MPIO_BENCH_HAVE_SGUTILS
#include <scsi/sg_lib.h>
#endif

namespace {

using mpio::byte;

// A realistic VPD 0x83 page of an ALUA array port: the LU's NAA 6 identifier,
// then the target port's NAA 5 name (FCP, PIV=1), its relative target port and
// target port group, and the target device's SCSI name string.
constexpr byte vpd83[] = {
    0x00, 0x83, 0x00, 0x54, 0x01, 0x03, 0x00, 0x10, 0x60, 0x0a, 0x09, 0x80, 0x38, 0x30, 0x4b, 0x5a, // LU, NAA 6
    0x2d, 0x31, 0x5d, 0x4a, 0x52, 0x50, 0x43, 0x39, 0x01, 0x93, 0x00, 0x08, 0x50, 0x0a, 0x09, 0x81,
    0x98, 0x6d, 0x2a, 0x5b,                                                // target port, FCP, NAA 5
    0x01, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03,                        // relative target port 3
    0x01, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,                        // target port group 1
    0x03, 0xa8, 0x00, 0x1c, 'n',  'a',  'a',  '.',  '5',  '0',  '0',  'A', // target device, name string
    '0',  '9',  '8',  '0',  '9',  '8',  '6',  'D',  '2',  'A',  '5',  'B',  '0',  '0',  '0',  '0',
    0x00, 0x00, 0x00, 0x00};

// Standard INQUIRY of the same array: SPC-4, TPGS implicit, 74 bytes with
// version descriptors.
constexpr byte inquiry[74] = {0x00, 0x00, 0x06, 0x12, 0x45, 0x10, 0x10, 0x02, // SPC-4, HISUP, TPGS=01b, MULTIP, CMDQUE
                              'N',  'E',  'T',  'A',  'P',  'P',  ' ',  ' ',  // T10 vendor identification
                              'L',  'U',  'N',  ' ',  'C',  '-',  'M',  'o',  'd', 'e',
                              ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  '9',  '8',  '0', '0', // product revision level
                              0,    0,    0,    0,    0,    0,    0,    0,    0,   0,
                              0,    0,    0,    0,    0,    0,    0,    0,    0,   0, // 36..55 vendor specific
                              0x00, 0x00,                                             // 56..57
                              0x00, 0xa0, 0x04, 0x60, 0x09, 0x60, 0x04, 0xc0,         // SAM-5, SPC-4, iSCSI, SBC-3
                              0,    0,    0,    0,    0,    0,    0,    0};           // unused version descriptor slots

// What a DSM wants from the page for each path.
struct path_facts {
    std::uint64_t lu_id_hash = 0;
    std::uint32_t relative_port = 0;
    std::uint32_t port_group = 0;
};

// A cheap fingerprint of an identifier or text field (its length and first
// bytes), the same in every variant, so the benchmark measures parsing rather
// than hashing.
std::uint64_t hash(const byte* p, std::size_t n)
{
    std::uint64_t h = n;
    for (std::size_t i = 0; i < n && i < 8; ++i) h = (h << 8) | p[i];
    return h;
}

// ---------------------------------------------------------------- VPD 0x83

path_facts vpd83_mpio(mpio::byte_view page)
{
    using namespace mpio::scsi;
    path_facts f;
    const auto di = parse_device_identification(page);
    if (!di) return f;
    for (const designation_descriptor d : di->designators()) {
        switch (d.designator_type()) {
        case designator_type::naa:
            if (d.association() == association::logical_unit)
                f.lu_id_hash = hash(d.designator().data(), d.designator().size());
            break;
        case designator_type::relative_target_port:
            if (const auto port = d.as_relative_target_port()) f.relative_port = *port;
            break;
        case designator_type::target_port_group:
            if (const auto group = d.as_target_port_group()) f.port_group = *group;
            break;
        default: break;
        }
    }
    return f;
}

// The classic hosted approach: copy the page, decode every descriptor into a
// record owning its bytes, then look the facts up in the records.
struct classic_designator {
    int piv, association, type, code_set;
    std::vector<byte> id;
};

path_facts vpd83_classic(const byte* data, std::size_t size)
{
    path_facts f;
    const std::vector<byte> page(data, data + size);
    if (page.size() < 4 || page[1] != 0x83) return f;
    const std::size_t end = std::min<std::size_t>(page.size(), 4u + ((std::size_t{page[2]} << 8) | page[3]));
    std::vector<classic_designator> list;
    for (std::size_t off = 4; off + 4 <= end;) {
        const std::size_t len = page[off + 3];
        if (off + 4 + len > end) break;
        list.push_back({page[off + 1] >> 7, (page[off + 1] >> 4) & 3, page[off + 1] & 0xf, page[off] & 0xf,
                        std::vector<byte>(page.begin() + static_cast<std::ptrdiff_t>(off + 4),
                                          page.begin() + static_cast<std::ptrdiff_t>(off + 4 + len))});
        off += 4 + len;
    }
    for (const auto& d : list) {
        if (d.association == 0 && d.type == 3)
            f.lu_id_hash = hash(d.id.data(), d.id.size());
        else if (d.type == 4 && d.id.size() == 4)
            f.relative_port = (std::uint32_t{d.id[2]} << 8) | d.id[3];
        else if (d.type == 5 && d.id.size() == 4)
            f.port_group = (std::uint32_t{d.id[2]} << 8) | d.id[3];
    }
    return f;
}

#ifdef MPIO_BENCH_HAVE_SGUTILS
// sg3_utils' designator iterator, as sg_inq uses it: one filtered walk per fact.
path_facts vpd83_sg3_utils(const byte* page, std::size_t size)
{
    path_facts f;
    const int len = static_cast<int>(std::min<std::size_t>(size, 4u + ((std::size_t{page[2]} << 8) | page[3]))) - 4;
    int off = -1;
    if (sg_vpd_dev_id_iter(page + 4, len, &off, 0, 3, -1) == 0)
        f.lu_id_hash = hash(page + 4 + off + 4, page[4 + off + 3]);
    off = -1;
    if (sg_vpd_dev_id_iter(page + 4, len, &off, -1, 4, -1) == 0 && page[4 + off + 3] == 4)
        f.relative_port = (std::uint32_t{page[4 + off + 6]} << 8) | page[4 + off + 7];
    off = -1;
    if (sg_vpd_dev_id_iter(page + 4, len, &off, -1, 5, -1) == 0 && page[4 + off + 3] == 4)
        f.port_group = (std::uint32_t{page[4 + off + 6]} << 8) | page[4 + off + 7];
    return f;
}
#endif

bool same(const path_facts& a, const path_facts& b)
{
    return a.lu_id_hash == b.lu_id_hash && a.relative_port == b.relative_port && a.port_group == b.port_group;
}

void vpd83_check(benchmark::State& state, const path_facts& got)
{
    const path_facts want = vpd83_mpio(mpio::byte_view(vpd83));
    if (want.relative_port != 3 || want.port_group != 1 || want.lu_id_hash == 0 || !same(got, want))
        state.SkipWithError("implementations disagree on the page");
}

void BM_vpd83_mpio(benchmark::State& state)
{
    path_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view page(vpd83);
        benchmark::DoNotOptimize(page);
        f = vpd83_mpio(page);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, true);
    vpd83_check(state, f);
}
BENCHMARK(BM_vpd83_mpio)->Name("vpd83_device_identification/mpio");

void BM_vpd83_classic(benchmark::State& state)
{
    path_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const byte* p = vpd83;
        benchmark::DoNotOptimize(p);
        f = vpd83_classic(p, sizeof vpd83);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, false);
    vpd83_check(state, f);
}
BENCHMARK(BM_vpd83_classic)->Name("vpd83_device_identification/reference:classic_copying_decoder");

#ifdef MPIO_BENCH_HAVE_SGUTILS
void BM_vpd83_sg3_utils(benchmark::State& state)
{
    path_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const byte* p = vpd83;
        benchmark::DoNotOptimize(p);
        f = vpd83_sg3_utils(p, sizeof vpd83);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, false);
    vpd83_check(state, f);
}
BENCHMARK(BM_vpd83_sg3_utils)->Name("vpd83_device_identification/reference:sg3_utils_sg_vpd_dev_id_iter");
#endif

// ---------------------------------------------------------- standard INQUIRY

// What discovery keeps of a standard INQUIRY.
struct inquiry_facts {
    unsigned qualifier = 0, device_type = 0, version = 0, tpgs = 0, descriptors = 0;
    bool cmdque = false, multip = false, hisup = false;
    std::size_t vendor_len = 0, product_len = 0, revision_len = 0;
    std::uint64_t text_hash = 0;
};

inquiry_facts inquiry_mpio(mpio::byte_view bytes)
{
    inquiry_facts f;
    const auto inq = mpio::scsi::parse_standard_inquiry(bytes);
    if (!inq) return f;
    f.qualifier = static_cast<unsigned>(inq->peripheral_qualifier());
    f.device_type = static_cast<unsigned>(inq->peripheral_device_type());
    f.version = static_cast<unsigned>(inq->version());
    f.tpgs = static_cast<unsigned>(inq->tpgs());
    f.cmdque = inq->cmdque();
    f.multip = inq->multip();
    f.hisup = inq->hisup();
    const auto vendor = inq->t10_vendor_identification_trimmed();
    const auto product = inq->product_identification_trimmed();
    const auto revision = inq->product_revision_level_trimmed();
    f.vendor_len = vendor.size();
    f.product_len = product.size();
    f.revision_len = revision.size();
    f.text_hash = hash(vendor.bytes().data(), vendor.size()) ^ hash(product.bytes().data(), product.size()) ^
                  hash(revision.bytes().data(), revision.size());
    for (const auto d : inq->version_descriptors()) f.descriptors += d.claimed() ? 1u : 0u;
    return f;
}

// The classic hosted approach: strings copied out of the response and
// trimmed, as user-space tools keep vendor/model/revision.
std::string trimmed_copy(const byte* p, std::size_t n)
{
    std::string s(reinterpret_cast<const char*>(p), n);
    s.erase(s.find_last_not_of(' ') + 1);
    return s;
}

inquiry_facts inquiry_classic(const byte* p, std::size_t size)
{
    inquiry_facts f;
    if (size < 36) return f;
    f.qualifier = p[0] >> 5;
    f.device_type = p[0] & 0x1fu;
    f.version = p[2];
    f.hisup = (p[3] & 0x10) != 0;
    f.tpgs = (p[5] >> 4) & 3u;
    f.multip = (p[6] & 0x10) != 0;
    f.cmdque = (p[7] & 0x02) != 0;
    const std::string vendor = trimmed_copy(p + 8, 8);
    const std::string product = trimmed_copy(p + 16, 16);
    const std::string revision = trimmed_copy(p + 32, 4);
    f.vendor_len = vendor.size();
    f.product_len = product.size();
    f.revision_len = revision.size();
    f.text_hash = hash(reinterpret_cast<const byte*>(vendor.data()), vendor.size()) ^
                  hash(reinterpret_cast<const byte*>(product.data()), product.size()) ^
                  hash(reinterpret_cast<const byte*>(revision.data()), revision.size());
    std::vector<std::uint16_t> descriptors;
    const std::size_t end = std::min<std::size_t>(size, 5u + p[4]);
    for (std::size_t off = 58; off + 2 <= end && off < 74; off += 2)
        if (const auto code = static_cast<std::uint16_t>((p[off] << 8) | p[off + 1])) descriptors.push_back(code);
    f.descriptors = static_cast<unsigned>(descriptors.size());
    return f;
}

void inquiry_check(benchmark::State& state, const inquiry_facts& got)
{
    const inquiry_facts want = inquiry_mpio(mpio::byte_view(inquiry));
    const bool ok = want.vendor_len == 6 && want.product_len == 10 && want.revision_len == 4 && want.descriptors == 4 &&
                    want.tpgs == 1 && got.text_hash == want.text_hash && got.descriptors == want.descriptors &&
                    got.tpgs == want.tpgs && got.cmdque == want.cmdque && got.version == want.version;
    if (!ok) state.SkipWithError("implementations disagree on the INQUIRY data");
}

void BM_inquiry_mpio(benchmark::State& state)
{
    inquiry_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        mpio::byte_view bytes(inquiry);
        benchmark::DoNotOptimize(bytes);
        f = inquiry_mpio(bytes);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, true);
    inquiry_check(state, f);
}
BENCHMARK(BM_inquiry_mpio)->Name("standard_inquiry/mpio");

void BM_inquiry_classic(benchmark::State& state)
{
    inquiry_facts f;
    const auto before = mpio_bench::allocation_count();
    for (auto _ : state) {
        const byte* p = inquiry;
        benchmark::DoNotOptimize(p);
        f = inquiry_classic(p, sizeof inquiry);
        benchmark::DoNotOptimize(f);
    }
    mpio_bench::count_allocations(state, before, false);
    inquiry_check(state, f);
}
BENCHMARK(BM_inquiry_classic)->Name("standard_inquiry/reference:classic_string_copies");

} // namespace
