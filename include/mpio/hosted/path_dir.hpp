// SPDX-License-Identifier: MIT
// mpio/hosted/path_dir.hpp - read what one path said about its logical unit
// from a directory of dump files, as a mpio::topology::path_report for
// discover_path() (hosted: std::string, std::vector, std::filesystem).
//
// The directory holds the files Linux shows for a SCSI device under
// /sys/class/scsi_device/H:C:T:L/device/ - `inquiry`, `vpd_pg0` (also read as
// `vpd_pg00`), `vpd_pg80`, `vpd_pg83`, `state`, and, when a device handler is
// attached, `access_state` and `preferred_path` - plus `rtpg` (REPORT TARGET
// PORT GROUPS parameter data: not in sysfs, mpio's addition). Response files
// are binary or sg3_utils hex text (mpio/hosted/hex_input.hpp). `inquiry` is
// required: without standard INQUIRY data a path cannot be claimed (every
// claimer matches on the vendor and product), so its absence is a problem
// that names the file. The other files are optional.
//
// Nothing here stops at the first problem: an unreadable or malformed file
// is recorded (one-line problem naming the file) and the reading goes on, so
// a caller reading many paths reports them all.
//
//   mpio::hosted::path_report r = mpio::hosted::read_path_dir("/sys/class/scsi_device/2:0:0:1/device");
//   for (const auto& p : r.problems) ...;          // file, code, message, offset
//   if (r.usable()) discover_path<...>(store, ..., r.view(handle), ...);
#ifndef MPIO_HOSTED_PATH_DIR_HPP
#define MPIO_HOSTED_PATH_DIR_HPP

#include <mpio/core/config.hpp>
#if !MPIO_HOSTED
#error "mpio/hosted/path_dir.hpp needs a hosted standard library"
#endif

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <mpio/core/byte_view.hpp>
#include <mpio/hosted/hex_input.hpp>
#include <mpio/topology/discovery.hpp>

namespace mpio::hosted {

// One response file of a path.
struct path_file {
    bool present = false; // the file exists (else nothing below is meaningful)
    std::string path;     // the file as opened (directory / name)
    loaded_file data;     // data.ok false: it could not be read / is empty / bad hex
    [[nodiscard]] bool usable() const noexcept { return present && data.ok; }
    [[nodiscard]] byte_view bytes() const noexcept
    {
        return usable() ? byte_view{data.bytes.data(), data.bytes.size()} : byte_view{};
    }
};

// A problem met while reading a path directory.
struct path_problem {
    std::string file; // the file (or the directory) concerned
    std::string code; // "missing_file", "no_dump_files", "cannot_read", "not_a_file", "too_large", "bad_hex", "empty"
    std::string message;    // one line, printable ASCII (a hex token quoted in it is \xNN-escaped)
    std::size_t offset = 0; // byte offset in the file (hex text: character offset)
};

// What read_path_dir() read: the owning counterpart of
// mpio::topology::path_report, whose views view() hands out.
struct path_report {
    std::string directory;
    path_file inquiry, vpd0, vpd80, vpd83, rtpg;
    std::string os_state;     // `state`, trimmed ("running", "offline" ...); empty when absent
    std::string access_state; // `access_state`, trimmed; empty when absent or unreadable
    int preferred_path = -1;  // `preferred_path`: 0 / 1; -1 when absent
    std::vector<path_problem> problems;

    // The path can be claimed and identified: its INQUIRY data was read.
    [[nodiscard]] bool usable() const noexcept { return inquiry.usable(); }

    // The library's view of the same data (valid while this object lives
    // and is not modified). Unusable files give empty views.
    [[nodiscard]] topology::path_report view(topology::path_handle handle = 0) const noexcept
    {
        topology::path_report r;
        r.handle = handle;
        r.input.standard_inquiry = inquiry.bytes();
        r.input.vpd80 = vpd80.bytes();
        r.input.vpd83 = vpd83.bytes();
        r.rtpg = rtpg.bytes();
        return r;
    }
};

namespace detail {
inline std::string trimmed(const std::string& s)
{
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    std::size_t b = 0, e = s.size();
    while (b < e && space(s[b])) ++b;
    while (e > b && space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

inline bool exists_no_throw(const std::filesystem::path& p)
{
    std::error_code ec;
    // symlink_status: a dangling or looping link exists too (then reading it says why).
    return std::filesystem::exists(std::filesystem::symlink_status(p, ec)) && !ec;
}

// A response file under one of its spellings (the first found wins).
inline void load_response(path_report& r, const std::filesystem::path& dir, std::initializer_list<const char*> names,
                          path_file& out)
{
    for (const char* name : names) {
        const std::filesystem::path p = dir / name;
        if (!exists_no_throw(p)) continue;
        out.present = true;
        out.path = p.string();
        out.data = load_file(out.path);
        if (!out.data.ok)
            r.problems.push_back({out.path, out.data.error.code, out.data.error.reason, out.data.error.offset});
        return;
    }
}

// A one-line text attribute. Unreadable counts as absent: sysfs answers
// EINVAL for `access_state` when no device handler is attached. At most
// 4 KiB (a sysfs attribute's page): a larger file is not an attribute.
inline std::string load_attribute(const std::filesystem::path& p)
{
    if (!exists_no_throw(p)) return {};
    const std::string path = p.string();
    if (!non_file_kind(path).empty()) return {};
    std::string content, reason;
    if (!read_whole_file(path, content, reason, 4096)) return {};
    return trimmed(content);
}
} // namespace detail

// Reads one path directory. Never fails as a whole: see `problems`.
inline path_report read_path_dir(const std::string& directory)
{
    namespace fs = std::filesystem;
    path_report r;
    r.directory = directory;
    const fs::path dir(directory);
    std::error_code ec;
    const fs::file_status st = fs::status(dir, ec);
    if (st.type() == fs::file_type::not_found) {
        r.problems.push_back({directory, "cannot_read", "no such directory (a dangling symbolic link?)", 0});
        return r;
    }
    if (ec || !fs::is_directory(st)) {
        r.problems.push_back({directory, "cannot_read",
                              ec ? "cannot read the path directory: " + ec.message() : std::string("not a directory"),
                              0});
        return r;
    }
    detail::load_response(r, dir, {"inquiry"}, r.inquiry);
    detail::load_response(r, dir, {"vpd_pg0", "vpd_pg00"}, r.vpd0);
    detail::load_response(r, dir, {"vpd_pg80"}, r.vpd80);
    detail::load_response(r, dir, {"vpd_pg83"}, r.vpd83);
    detail::load_response(r, dir, {"rtpg"}, r.rtpg);
    r.os_state = detail::load_attribute(dir / "state");
    r.access_state = detail::load_attribute(dir / "access_state");
    const std::string pref = detail::load_attribute(dir / "preferred_path");
    if (pref == "0" || pref == "1") r.preferred_path = pref == "1" ? 1 : 0;

    if (!r.inquiry.present && !r.vpd0.present && !r.vpd80.present && !r.vpd83.present && !r.rtpg.present) {
        r.problems.push_back({directory, "no_dump_files",
                              "no inquiry, vpd_pg0, vpd_pg80, vpd_pg83 or rtpg file: not a path directory", 0});
    } else if (!r.inquiry.present) {
        r.problems.push_back({(dir / "inquiry").string(), "missing_file",
                              "missing file: the path has no standard INQUIRY data, it cannot be claimed", 0});
    }
    return r;
}

} // namespace mpio::hosted

#endif // MPIO_HOSTED_PATH_DIR_HPP
