// SPDX-License-Identifier: MIT
// topology_input.cpp - see topology_input.hpp.
#include "topology_input.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include <mpio/hosted/hex_input.hpp>

namespace mpio_inspect {
namespace {

namespace fs = std::filesystem;

// "2:0:0:1", "2-0-0-1", "2_0_0_1", "2.0.0.1": four decimal numbers with one
// kind of separator. The kernel's name uses ':', which a Windows checkout
// cannot hold in a file name - hence the other spellings.
bool parse_hctl(const std::string& name, unsigned (&out)[4])
{
    if (name.empty()) return false;
    char separator = 0;
    unsigned part = 0;
    std::size_t digits = 0;
    unsigned long value = 0;
    for (const char c : name) {
        if (c >= '0' && c <= '9') {
            value = value * 10 + static_cast<unsigned long>(c - '0');
            if (++digits > 9) return false;
        } else if (c == ':' || c == '-' || c == '_' || c == '.') {
            if (separator == 0) separator = c;
            if (c != separator || digits == 0 || part == 3) return false;
            out[part++] = static_cast<unsigned>(value);
            value = 0;
            digits = 0;
        } else {
            return false;
        }
    }
    if (part != 3 || digits == 0) return false;
    out[3] = static_cast<unsigned>(value);
    return true;
}

path_dump read_path(const std::string& name, const fs::path& dir)
{
    path_dump d;
    static_cast<mpio::hosted::path_report&>(d) = mpio::hosted::read_path_dir(dir.string());
    d.name = name;
    d.has_hctl = parse_hctl(name, d.hctl);
    d.label = d.has_hctl ? fmt::format("{}:{}:{}:{}", d.hctl[0], d.hctl[1], d.hctl[2], d.hctl[3]) : name;
    return d;
}

bool path_order(const path_dump& a, const path_dump& b)
{
    if (a.has_hctl != b.has_hctl) return a.has_hctl; // H:C:T:L names first
    if (a.has_hctl)
        for (int i = 0; i < 4; ++i)
            if (a.hctl[i] != b.hctl[i]) return a.hctl[i] < b.hctl[i];
    return a.name < b.name;
}

// Every sub-directory of `dir` is a path; `inner` is the directory under it
// that holds the files ("" for DIR, "device" for sysfs).
void read_paths(dump_set& set, const fs::path& dir, const char* inner)
{
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        set.ok = false;
        set.error = {"cannot_read", fmt::format("cannot read directory: {}", ec.message()), 0};
        return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) break;
        std::error_code type_ec;
        // Follows symbolic links, as sysfs needs. A link that cannot be
        // followed (a loop, a dangling link) is reported as a path that
        // could not be read rather than passed over in silence; other
        // entries (plain files) are not paths.
        std::error_code link_ec;
        const bool directory = it->is_directory(type_ec);
        const bool unresolved_link =
            !directory && it->is_symlink(link_ec) && (type_ec || !fs::exists(it->status(type_ec)));
        if (!directory && !unresolved_link) continue;
        const std::string name = it->path().filename().string();
        fs::path files = it->path();
        if (*inner != '\0') files /= inner;
        set.paths.push_back(read_path(name, files));
    }
    if (ec) {
        set.ok = false;
        set.error = {"cannot_read", fmt::format("cannot read directory: {}", ec.message()), 0};
    }
    std::sort(set.paths.begin(), set.paths.end(), path_order);
}

} // namespace

dump_set read_dump_directory(const std::string& dir)
{
    dump_set set;
    set.source = dir;
    std::error_code ec;
    const fs::file_status st = fs::status(dir, ec);
    if (ec || !fs::exists(st)) {
        set.ok = false;
        set.error = {"cannot_read", "no such directory", 0};
        return set;
    }
    if (!fs::is_directory(st)) {
        set.ok = false;
        set.error = {"not_a_directory", "not a directory (expected one sub-directory per path)", 0};
        return set;
    }
    read_paths(set, dir, "");
    return set;
}

dump_set read_sysfs(const std::string& root)
{
    dump_set set;
    const fs::path cls = fs::path(root) / "class" / "scsi_device";
    set.source = cls.string();
    std::error_code ec;
    if (!fs::is_directory(cls, ec)) {
        set.ok = false;
        set.error = {"no_sysfs",
                     "no SCSI devices in sysfs (the directory does not exist: not Linux, no SCSI "
                     "devices, or sysfs not mounted)",
                     0};
        return set;
    }
    read_paths(set, cls, "device");
    return set;
}

} // namespace mpio_inspect
