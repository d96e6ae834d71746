// SPDX-License-Identifier: MIT
// mpio's single-thread dm selectors against dm_kernel_model.hpp (a model of
// drivers/md/dm-ps-*.c written from reading their source): the same scripted
// sequences - 2 to 8 paths, 1 to 32 I/Os in flight, 512 B to 1 MiB, I/Os
// completing out of order, paths failing and being reinstated - and every
// choice compared. Service-time is compared with the model's exact
// arithmetic (mpio's documented departure, dm_service_time.hpp); the
// choices where the kernel's int-cut comparison would differ are counted.
// When Debian's linux-source package is installed, the same sequences also
// drive the kernel's own dm-ps-*.c, compiled at test time (end of the file).
#include <mpio/policy/dm_historical_service_time.hpp>
#include <mpio/policy/dm_queue_length.hpp>
#include <mpio/policy/dm_round_robin.hpp>
#include <mpio/policy/dm_service_time.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "dm_kernel_model.hpp"
#include "selector_checks.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_policy_dm_kernel_order_test {

using namespace mpio::policy;
using dm_kernel_model::selector_kind;

namespace {

struct rng { // splitmix64: the same sequences on every platform
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        return z ^ (z >> 31);
    }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
};

struct in_flight_io {
    int path;
    std::uint32_t bytes;
    mpio::tick start;
};

// What a sequence did, as driver.c commands (dm_kernel_shim/), and the
// choices mpio made: to replay it on the compiled kernel selectors.
struct recording {
    std::string script;
    std::vector<std::vector<int>> choices; // per sequence
};

struct outcome {
    long selects = 0;
    long mismatches = 0;      // choices where mpio and the model differ (must stay 0)
    long int_cut_differs = 0; // service-time: the kernel's int-cut comparison would choose otherwise
    std::uint64_t first_seed = 0;
    int first_step = -1;
};

// One scripted sequence; stops at the first mismatch.
template <class S>
void run_sequence(selector_kind kind, std::uint64_t seed, int steps, outcome& out, recording* rec = nullptr)
{
    rng r{seed};
    const auto paths = static_cast<int>(2 + r.below(7));
    const std::uint32_t depth = 1 + r.below(32);
    const std::uint32_t threshold = kind == selector_kind::historical_service_time ? r.below(4) : 0;
    dm_kernel_model::selector model(kind, 972, threshold);
    model.st_int_result = false;
    S s;
    if constexpr (requires { s.set_threshold_multiplier(threshold); }) s.set_threshold_multiplier(threshold);
    if (rec) {
        rec->script += "reset " + std::to_string(threshold) + "\n";
        rec->choices.emplace_back();
    }
    for (int p = 0; p < paths; ++p) {
        path_attributes a;
        // service-time: mostly unequal throughputs, sometimes 0
        // (1 or 100 half the time: far apart, as in the int-cut cases)
        a.relative_throughput = static_cast<std::uint8_t>(
            r.below(4) == 0 ? r.below(3) : (r.below(2) == 0 ? (r.below(2) == 0 ? 1 : 100) : 1 + r.below(100)));
        REQUIRE(s.add_path(static_cast<slot_index>(p), a));
        model.add_path(p, a.relative_throughput);
        if (rec) rec->script += "add " + std::to_string(p) + " " + std::to_string(a.relative_throughput) + "\n";
    }
    std::vector<in_flight_io> ios;
    std::vector<bool> failed(static_cast<std::size_t>(paths));
    mpio::tick now = 1000;
    for (int step = 0; step < steps; ++step) {
        const std::uint32_t what = r.below(100);
        if (what < 50 && ios.size() < depth) {
            // 512 B to 1 MiB; service-time 64 KiB to 1 MiB, so that the bytes in
            // flight reach the sizes where the kernel's int cut shows
            const std::uint32_t bytes =
                kind == selector_kind::service_time ? 512u << (7 + r.below(5)) : 512u << r.below(12);
            now += r.below(50);
            io_request io = selector_checks::io_at(r.below(1u << 20), bytes, now);
            const auto mine = s.select(io);
            if (rec) {
                rec->script += "select " + std::to_string(bytes) + " " + std::to_string(now) + "\n";
                rec->choices.back().push_back(mine ? int{*mine} : -1);
                if (mine) rec->script += "start " + std::to_string(*mine) + " " + std::to_string(bytes) + "\n";
            }
            if (kind == selector_kind::service_time) {
                dm_kernel_model::selector kernel = model; // the same state, the kernel's int result
                kernel.st_int_result = true;
                if ((mine ? int{*mine} : -1) != kernel.select(bytes, now)) ++out.int_cut_differs;
            }
            const int expected = model.select(bytes, now);
            ++out.selects;
            if ((mine ? int{*mine} : -1) != expected) {
                if (out.mismatches++ == 0) out.first_seed = seed, out.first_step = step;
                return;
            }
            if (mine) {
                s.start(*mine, io);
                model.start_io(*mine, bytes);
                ios.push_back({*mine, bytes, now});
            }
        } else if (what < 85 && !ios.empty()) {
            const std::size_t k = r.below(static_cast<std::uint32_t>(ios.size()));
            const in_flight_io done = ios[k];
            ios.erase(ios.begin() + static_cast<std::ptrdiff_t>(k));
            now += r.below(3000);
            const io_request io = selector_checks::io_at(0, done.bytes, done.start);
            s.complete(static_cast<slot_index>(done.path), io, now - done.start, io_status::success);
            model.end_io(done.path, done.bytes, done.start, now);
            if (rec)
                rec->script += "end " + std::to_string(done.path) + " " + std::to_string(done.bytes) + " " +
                               std::to_string(done.start) + " " + std::to_string(now) + "\n";
        } else if (what < 93) {
            const auto p = static_cast<int>(r.below(static_cast<std::uint32_t>(paths)));
            if (failed[static_cast<std::size_t>(p)]) continue;
            failed[static_cast<std::size_t>(p)] = true;
            REQUIRE(s.fail_path(static_cast<slot_index>(p)));
            model.fail_path(p);
            if (rec) rec->script += "fail " + std::to_string(p) + "\n";
        } else {
            const auto p = static_cast<int>(r.below(static_cast<std::uint32_t>(paths)));
            if (!failed[static_cast<std::size_t>(p)]) continue;
            failed[static_cast<std::size_t>(p)] = false;
            REQUIRE(s.reinstate_path(static_cast<slot_index>(p)));
            model.reinstate_path(p);
            if (rec) rec->script += "reinstate " + std::to_string(p) + "\n";
        }
    }
}

template <class S>
outcome run_all(selector_kind kind, std::uint64_t base_seed, std::uint64_t sequences = 10'000)
{
    outcome out;
    for (std::uint64_t i = 0; i < sequences; ++i) run_sequence<S>(kind, base_seed + i, 150, out);
    return out;
}

} // namespace

TEST_CASE("dm selectors, single_thread: the kernel's choice for every I/O of 10,000 scripted sequences each "
          "(after the kernel's source)",
          "[policy][dm_kernel_order]")
{
    SECTION("round-robin")
    {
        const outcome o = run_all<dm_round_robin<8>>(selector_kind::round_robin, 1'000'000);
        INFO("selects " << o.selects << " first mismatch: seed " << o.first_seed << " step " << o.first_step);
        CHECK(o.selects > 500'000);
        CHECK(o.mismatches == 0);
    }
    SECTION("queue-length")
    {
        const outcome o = run_all<dm_queue_length<8>>(selector_kind::queue_length, 2'000'000);
        INFO("selects " << o.selects << " first mismatch: seed " << o.first_seed << " step " << o.first_step);
        CHECK(o.selects > 500'000);
        CHECK(o.mismatches == 0);
    }
    SECTION("service-time (the arithmetic comparison; the kernel's int cut counted apart)")
    {
        const outcome o = run_all<dm_service_time<8>>(selector_kind::service_time, 3'000'000);
        INFO("selects " << o.selects << " int-cut differences " << o.int_cut_differs << " first mismatch: seed "
                        << o.first_seed << " step " << o.first_step);
        CHECK(o.selects > 500'000);
        CHECK(o.mismatches == 0);
        // The documented departure is rare in such sequences (none in these
        // seeds: it needs about 21 MiB queued on the slower path; its minimal
        // case is in dm_service_time_test.cpp).
        CHECK(o.int_cut_differs * 1000 < o.selects);
    }
    SECTION("historical-service-time")
    {
        const outcome o = run_all<dm_historical_service_time<8>>(selector_kind::historical_service_time, 4'000'000);
        INFO("selects " << o.selects << " first mismatch: seed " << o.first_seed << " step " << o.first_step);
        CHECK(o.selects > 500'000);
        CHECK(o.mismatches == 0);
    }
}

// The concurrent variants of queue-length, service-time and
// historical-service-time keep no list (their headers say how they differ):
// over the same kind of sequences some choices differ from the kernel's. Each
// header's minimal case is a test of its own; here, that the difference is
// real and reached without anything unusual. Round-robin's concurrent variant
// republishes the kernel's list at every control event: used from one thread,
// its choices are the kernel's (its difference, the 2^32 counter wrap, is
// not reached here).
TEST_CASE("concurrent: dm selectors, concurrent variant: not the kernel's list order (documented)",
          "[policy][dm_kernel_order][concurrent]")
{
    const outcome rr = run_all<dm_round_robin<8, concurrent>>(selector_kind::round_robin, 1'000'000, 300);
    const outcome ql = run_all<dm_queue_length<8, concurrent>>(selector_kind::queue_length, 2'000'000, 300);
    const outcome st = run_all<dm_service_time<8, concurrent>>(selector_kind::service_time, 3'000'000, 300);
    const outcome hst =
        run_all<dm_historical_service_time<8, concurrent>>(selector_kind::historical_service_time, 4'000'000, 300);
    INFO("sequences that left the kernel's choice: rr " << rr.mismatches << " ql " << ql.mismatches << " st "
                                                        << st.mismatches << " hst " << hst.mismatches);
    CHECK(rr.mismatches == 0); // round-robin republishes the kernel's list at every event
    CHECK(ql.mismatches > 0);  // ties: rotating start, not least recently used
    CHECK(st.mismatches > 0);
    CHECK(hst.mismatches > 0);
}

// ---- the compiled kernel ---------------------------------------------------
// When Debian's linux-source package is installed (/usr/src/linux-source-*.tar.xz,
// or MPIO_LINUX_SOURCE naming such a tarball or an unpacked tree), the four
// drivers/md/dm-ps-*.c files are extracted at test time, compiled in user
// space with the stand-ins of dm_kernel_shim/ (kshim.h, driver.c) by the
// system's `cc`, and driven with the same scripted sequences: every choice of
// mpio's single-thread selectors must be the compiled kernel's. The kernel
// code is never part of the repository or of mpio; without the package (or
// without `cc`) the test says so and checks nothing.
namespace {

std::filesystem::path find_linux_source()
{
    if (const char* env = std::getenv("MPIO_LINUX_SOURCE")) return env;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/usr/src", ec)) {
        const std::string n = e.path().filename().string();
        if (n.rfind("linux-source-", 0) == 0 && n.size() > 7 && n.compare(n.size() - 7, 7, ".tar.xz") == 0)
            return e.path();
    }
    return {};
}

const char* const kernel_files[] = {"dm-ps-round-robin.c", "dm-ps-queue-length.c", "dm-ps-service-time.c",
                                    "dm-ps-historical-service-time.c"};

// Extracts (or copies) the four files into work/src and builds work/dmps;
// the empty string, or what went wrong.
std::string build_kernel_selectors(const std::filesystem::path& source, const std::filesystem::path& work)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path src = work / "src";
    fs::create_directories(src, ec);
    if (ec) return "cannot create " + src.string();
    fs::path md;
    if (fs::is_directory(source, ec)) {
        md = source / "drivers" / "md";
    } else {
        std::string cmd = "tar -xJf '" + source.string() + "' -C '" + work.string() + "' --wildcards --no-anchored";
        for (const char* f : kernel_files) cmd += std::string(" '*/drivers/md/") + f + "'";
        if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0) return "tar failed: " + cmd;
        for (const auto& e : fs::directory_iterator(work, ec))
            if (fs::exists(e.path() / "drivers" / "md" / kernel_files[0], ec)) md = e.path() / "drivers" / "md";
    }
    // Copied alone: the kernel's own dm-path-selector.h must not be found next to them.
    for (const char* f : kernel_files)
        if (!fs::copy_file(md / f, src / f, fs::copy_options::overwrite_existing, ec))
            return std::string("missing ") + f + " under " + md.string();
    const std::string shim = std::string(MPIO_TEST_DATA_DIR) + "/../policy/dm_kernel_shim";
    std::string cmd = "cc -O1 -w -std=gnu11 -I'" + shim + "' -include '" + shim + "/kshim.h' '" + shim + "/driver.c'";
    for (const char* f : kernel_files) cmd += " '" + (src / f).string() + "'";
    cmd += " -o '" + (work / "dmps").string() + "'";
    if (std::system((cmd + " 2>'" + (work / "cc.log").string() + "'").c_str()) != 0) return "cc failed: " + cmd;
    return {};
}

struct kernel_outcome {
    long choices = 0;
    long differing_sequences = 0;
    long first_sequence = -1;
    long first_select = -1;
    bool ran = false;
};

template <class S>
kernel_outcome against_kernel(const std::filesystem::path& work, const char* name, selector_kind kind,
                              std::uint64_t base_seed)
{
    recording rec;
    outcome model_out;
    for (std::uint64_t i = 0; i < 10'000; ++i) run_sequence<S>(kind, base_seed + i, 150, model_out, &rec);
    const std::filesystem::path script = work / (std::string(name) + ".txt");
    std::ofstream(script) << rec.script;
    kernel_outcome k;
    FILE* p = popen(("'" + (work / "dmps").string() + "' " + name + " < '" + script.string() + "'").c_str(), "r");
    if (p == nullptr) return k;
    bool complete = true;
    for (std::size_t q = 0; q < rec.choices.size() && complete; ++q) {
        bool differs = false;
        for (std::size_t i = 0; i < rec.choices[q].size(); ++i) {
            int chosen = 0;
            if (std::fscanf(p, "%d", &chosen) != 1) {
                complete = false;
                break;
            }
            ++k.choices;
            if (!differs && chosen != rec.choices[q][i]) { // later choices follow mpio's, not the kernel's
                differs = true;
                if (k.differing_sequences++ == 0) {
                    k.first_sequence = static_cast<long>(q);
                    k.first_select = static_cast<long>(i);
                }
            }
        }
    }
    k.ran = pclose(p) == 0 && complete;
    return k;
}

} // namespace

TEST_CASE("dm selectors, single_thread: the compiled kernel's choice for every I/O (Debian linux-source, when "
          "installed)",
          "[policy][dm_kernel_order][differential]")
{
    const std::filesystem::path source = find_linux_source();
    if (source.empty()) {
        WARN("linux-source is not installed (/usr/src/linux-source-*.tar.xz): the compiled-kernel comparison is "
             "skipped");
        return;
    }
    if (std::system("command -v cc >/dev/null 2>&1") != 0) {
        WARN("no C compiler `cc`: the compiled-kernel comparison is skipped");
        return;
    }
    std::error_code ec;
    const std::filesystem::path work =
        std::filesystem::temp_directory_path(ec) / ("mpio-dm-kernel-" + std::to_string(::getpid()));
    const std::string built = build_kernel_selectors(source, work);
    INFO("kernel source " << source.string() << ", work directory " << work.string());
    REQUIRE(built.empty());
    const auto check = [](const char* name, const kernel_outcome& k) {
        INFO(name << ": " << k.choices << " choices, " << k.differing_sequences << " sequences differ (first: sequence "
                  << k.first_sequence << ", select " << k.first_select << ")");
        CHECK(k.ran);
        CHECK(k.choices > 500'000);
        CHECK(k.differing_sequences == 0);
    };
    check("round-robin", against_kernel<dm_round_robin<8>>(work, "round-robin", selector_kind::round_robin, 1'000'000));
    check("queue-length",
          against_kernel<dm_queue_length<8>>(work, "queue-length", selector_kind::queue_length, 2'000'000));
    // service-time: none of these sequences reaches the kernel's int cut (the
    // model counts it); its minimal case is in dm_service_time_test.cpp.
    check("service-time",
          against_kernel<dm_service_time<8>>(work, "service-time", selector_kind::service_time, 3'000'000));
    check("historical-service-time",
          against_kernel<dm_historical_service_time<8>>(work, "historical-service-time",
                                                        selector_kind::historical_service_time, 4'000'000));
    std::filesystem::remove_all(work, ec);
}

} // namespace test_policy_dm_kernel_order_test
