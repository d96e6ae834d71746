// SPDX-License-Identifier: MIT
// fuzz/fuzz_cli_topology.cpp - `mpio-inspect topology` over a directory
// built from the fuzz bytes: the directory walk (tools/mpio-inspect/
// topology_input.cpp), mpio::hosted::read_path_dir() (mpio/hosted/
// path_dir.hpp), the model and the text report.
//
// Input: byte 0 picks the grouping policy, the scheme and
// --exclusive-pref-bit; then records of [op][length][length bytes]:
// op & 3 is one of four path directories, op >> 2 (mod 10) what to do with
// the bytes - write `inquiry`, `vpd_pg0`, `vpd_pg80`, `vpd_pg83`, `rtpg`,
// `state`, `access_state` or `preferred_path`, rename the path directory
// (any bytes but '/' and NUL: control characters, ESC sequences, invalid
// UTF-8), or add a symbolic link loop beside it. Checks: the text report,
// before print_out's last-line-of-defence escaping, holds no control byte
// but '\n' (and '\t'), no invisible or bidirectional character, and only
// UTF-8 - every input-derived text was escaped where it was formatted - and
// each path directory read is reported (path count).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

#include "command_topology.hpp"
#include "text_format.hpp"
#include "topology_input.hpp"
#include "topology_model.hpp"

namespace {

namespace fs = std::filesystem;

void check(bool ok)
{
    if (!ok) __builtin_trap();
}

const fs::path& scratch_root()
{
    static const fs::path root = fs::temp_directory_path() / ("mpio-fuzz-cli-topology-" + std::to_string(::getpid()));
    return root;
}

void write_file(const fs::path& p, const std::uint8_t* data, std::size_t size)
{
    std::FILE* f = std::fopen(p.c_str(), "wb");
    if (f == nullptr) return;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
}

// A file name from fuzz bytes: everything but '/' and NUL is allowed.
std::string name_from(const std::uint8_t* data, std::size_t size)
{
    std::string name;
    for (std::size_t i = 0; i < size && name.size() < 200; ++i)
        name += data[i] == '/' || data[i] == 0 ? '_' : static_cast<char>(data[i]);
    if (name.empty() || name == "." || name == "..") name = "_";
    return name;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    std::error_code ec;
    const fs::path& root = scratch_root();
    fs::remove_all(root, ec);
    fs::create_directories(root / "paths", ec);
    if (ec) return 0;
    const fs::path dir = root / "paths";

    fs::path paths[4];
    bool made[4] = {false, false, false, false};
    for (int i = 0; i < 4; ++i) paths[i] = dir / ("2-0-0-" + std::to_string(i + 1));

    static const char* const files[] = {"inquiry", "vpd_pg0",      "vpd_pg80",       "vpd_pg83",
                                        "rtpg",    "access_state", "preferred_path", "state"};
    std::size_t at = 1;
    while (at + 2 <= size) {
        const std::uint8_t op = data[at];
        const std::size_t length = data[at + 1];
        at += 2;
        const std::size_t n = length < size - at ? length : size - at;
        const std::uint8_t* bytes = data + at;
        at += n;
        const unsigned p = op & 3u;
        const unsigned what = (op >> 2) % 10u;
        if (!made[p]) made[p] = fs::create_directory(paths[p], ec) && !ec;
        if (!made[p]) continue;
        if (what < 8) {
            write_file(paths[p] / files[what], bytes, n);
        } else if (what == 8) {
            const fs::path renamed = dir / name_from(bytes, n);
            if (!fs::exists(fs::symlink_status(renamed, ec))) {
                fs::rename(paths[p], renamed, ec);
                if (!ec) paths[p] = renamed;
            }
        } else {
            const fs::path link = dir / ("loop-" + std::to_string(p));
            fs::create_symlink(link.filename(), link, ec); // points at itself: ELOOP
        }
    }

    mpio_inspect::topology_command_options options;
    const std::uint8_t config = data[0];
    const auto policies = mpio_inspect::grouping_policy_names();
    mpio_inspect::parse_grouping_policy(policies[config % policies.size()], options.model.grouping);
    options.model.exclusive_pref_bit = (config & 0x80) != 0;
    static const char* const schemes[] = {"mpio", "multipath-tools", "msdsm"};
    options.model.scheme = schemes[(config >> 4) % 3];

    const mpio_inspect::dump_set set = mpio_inspect::read_dump_directory(dir.string());
    check(set.ok);
    const mpio_inspect::topology_view view = mpio_inspect::build_topology(set, options.model);
    check(view.paths.size() == set.paths.size());
    const std::string text = mpio_inspect::topology_text(set, view, options);
    check(mpio_inspect::is_terminal_safe(text));
    check(!text.empty() && text.back() == '\n');
    return 0;
}
