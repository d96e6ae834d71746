// SPDX-License-Identifier: MIT
// Benchmark main that prints, after the usual output, the ratio of every
// benchmark named "<case>/reference:<impl>" to its "<case>/mpio" twin: the
// speed claims of mpio are these ratios, measured in one run on one machine.
//
// Google Benchmark's standard flags all keep their meaning (--benchmark_filter,
// --benchmark_min_time, --benchmark_repetitions, --benchmark_out and
// --benchmark_out_format, ...), and so does --benchmark_format: the display
// on stdout is the console table (default), JSON or CSV, as Google
// Benchmark's own main prints it. The ratio table comes after it: on stdout
// for console and CSV, on stderr for JSON, so that stdout stays one valid
// JSON document (`mpio_bench --benchmark_format=json | python3 -m json.tool`).
// The display format and its console options (--benchmark_color,
// --benchmark_counters_tabular) are read here from the command line or from
// their environment variables (BENCHMARK_FORMAT, ...), as the library reads
// them: Google Benchmark 1.7 does not export the reporter it would build.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

// The value of --<name>=<value> (the last one wins, as in Google Benchmark),
// else of the environment variable <NAME>, else the fallback.
std::string flag_value(int argc, char** argv, const char* name, const char* fallback)
{
    const std::string prefix = std::string("--") + name;
    std::string value;
    bool found = false;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strncmp(a, prefix.c_str(), prefix.size()) != 0) continue;
        const char* rest = a + prefix.size();
        if (*rest == '=') {
            value = rest + 1;
            found = true;
        } else if (*rest == '\0') { // a bool flag given without a value
            value = "true";
            found = true;
        }
    }
    if (found) return value;
    std::string env = name;
    for (char& c : env) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (const char* e = std::getenv(env.c_str())) return e;
    return fallback;
}

// Google Benchmark's IsTruthyFlagValue(): a non-empty value other than 0,
// f(alse), n(o), off.
bool truthy(const std::string& v)
{
    if (v.empty()) return false;
    std::string l = v;
    for (char& c : l) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return !(l == "0" || l == "f" || l == "false" || l == "n" || l == "no" || l == "off");
}

// GetOutputOptions() of Google Benchmark's main.
benchmark::ConsoleReporter::OutputOptions console_options(int argc, char** argv)
{
    const std::string color = flag_value(argc, argv, "benchmark_color", "auto");
    bool use_color = false;
    if (color == "auto") {
        const char* term = std::getenv("TERM");
        use_color = isatty(fileno(stdout)) != 0 && term != nullptr && std::strcmp(term, "dumb") != 0;
    } else {
        use_color = truthy(color);
    }
    const bool tabular = truthy(flag_value(argc, argv, "benchmark_counters_tabular", "false"));
    int o = benchmark::ConsoleReporter::OO_None;
    if (use_color) o |= benchmark::ConsoleReporter::OO_Color;
    if (tabular) o |= benchmark::ConsoleReporter::OO_Tabular;
    return static_cast<benchmark::ConsoleReporter::OutputOptions>(o);
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" // CSVReporter, still a standard format
#endif
std::unique_ptr<benchmark::BenchmarkReporter> make_display(const std::string& format, int argc, char** argv)
{
    if (format == "json") return std::make_unique<benchmark::JSONReporter>();
    if (format == "csv") return std::make_unique<benchmark::CSVReporter>();
    if (format == "console") return std::make_unique<benchmark::ConsoleReporter>(console_options(argc, argv));
    return nullptr;
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

// Forwards everything to the display reporter of the chosen format and
// remembers each run's real time for the ratio table.
class ratio_reporter : public benchmark::BenchmarkReporter {
public:
    ratio_reporter(std::unique_ptr<benchmark::BenchmarkReporter> display, std::FILE* ratios)
        : display_(std::move(display)), ratios_(ratios)
    {}
    bool ReportContext(const Context& context) override
    {
        // RunSpecifiedBenchmarks() gave this reporter its streams.
        display_->SetOutputStream(&GetOutputStream());
        display_->SetErrorStream(&GetErrorStream());
        return display_->ReportContext(context);
    }
    void ReportRuns(const std::vector<Run>& runs) override
    {
        display_->ReportRuns(runs);
        for (const Run& r : runs)
            if (r.run_type == Run::RT_Iteration && !r.error_occurred)
                times_[r.benchmark_name()] = r.GetAdjustedRealTime();
    }
    void Finalize() override
    {
        display_->Finalize();
        GetOutputStream().flush();
        std::fflush(stdout);
        std::fprintf(ratios_, "\nratios (reference time / mpio time; > 1 means mpio is faster):\n");
        for (const auto& [name, time] : times_) {
            const auto marker = name.find("/reference:");
            if (marker == std::string::npos) continue;
            // Google Benchmark appends "/threads:N" (and other arguments)
            // after the reference's name; the twin carries the same suffix.
            const auto rest = name.find('/', marker + 1);
            const std::string suffix = rest == std::string::npos ? std::string() : name.substr(rest);
            const auto twin = times_.find(name.substr(0, marker) + "/mpio" + suffix);
            if (twin == times_.end() || twin->second <= 0) continue;
            std::fprintf(ratios_, "  %-60s %8.2fx\n", name.c_str(), time / twin->second);
        }
        std::fflush(ratios_);
    }

private:
    std::unique_ptr<benchmark::BenchmarkReporter> display_;
    std::FILE* ratios_;
    std::map<std::string, double> times_;
};

} // namespace

int main(int argc, char** argv)
{
    // Read before Initialize(), which removes the flags it knows from argv.
    const std::string format = flag_value(argc, argv, "benchmark_format", "console");
    auto display = make_display(format, argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    if (!display) {
        std::fprintf(stderr, "Unexpected format: '%s'\n", format.c_str());
        return 1;
    }
    ratio_reporter reporter(std::move(display), format == "json" ? stderr : stdout);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
