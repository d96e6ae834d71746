// SPDX-License-Identifier: MIT
// Benchmark main that prints, after the usual table, the ratio of every
// benchmark named "<case>/reference:<impl>" to its "<case>/mpio" twin: the
// speed claims of mpio are these ratios, measured in one run on one machine.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {
class ratio_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& r : runs)
            if (r.run_type == Run::RT_Iteration && !r.error_occurred)
                times_[r.benchmark_name()] = r.GetAdjustedRealTime();
    }
    void Finalize() override
    {
        ConsoleReporter::Finalize();
        std::printf("\nratios (reference time / mpio time; > 1 means mpio is faster):\n");
        for (const auto& [name, time] : times_) {
            const auto marker = name.find("/reference:");
            if (marker == std::string::npos) continue;
            // Google Benchmark appends "/threads:N" (and other arguments)
            // after the reference's name; the twin carries the same suffix.
            const auto rest = name.find('/', marker + 1);
            const std::string suffix = rest == std::string::npos ? std::string() : name.substr(rest);
            const auto twin = times_.find(name.substr(0, marker) + "/mpio" + suffix);
            if (twin == times_.end() || twin->second <= 0) continue;
            std::printf("  %-60s %8.2fx\n", name.c_str(), time / twin->second);
        }
    }

private:
    std::map<std::string, double> times_;
};
} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
