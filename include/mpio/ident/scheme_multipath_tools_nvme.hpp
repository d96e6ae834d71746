// SPDX-License-Identifier: MIT
// mpio/ident/scheme_multipath_tools_nvme.hpp - the "multipath-tools-nvme"
// scheme: the WWID multipath-tools gives an NVMe namespace path, after the
// description of opensvc/multipath-tools 0.14.3, libmultipath/discovery.c:
//   - the hardware table's generic NVMe entry (hwtable.c, vendor "^NVME")
//     selects uid_attribute ID_WWN (DEFAULT_NVME_UID_ATTRIBUTE, defaults.h);
//   - get_uid() -> get_udev_uid() reads that udev property; without it,
//     uid_fallback() reads the sysfs attribute "wwid" of the block device.
//     Both are the kernel's wwid_show() string: udev's
//     60-persistent-storage.rules sets ID_WWN="$attr{wwid}" for nvme
//     namespaces, and $attr drops the trailing newline. mpio builds that
//     string with linux_nvme_wwid_scheme (ident/scheme_linux_nvme_wwid.hpp);
//   - the string is copied into a WWID_SIZE (128) buffer. When it has 128
//     characters or more, fix_broken_nvme_wwid() tries to shorten an
//     "nvme.%04x-<serial hex>-<model hex>-<nsid>" string: it removes the
//     "00" pairs (hex NUL bytes) at the end of the model and of the serial
//     part (skip_zeroes_backward()), and only when the value starts with
//     "nvme." + 4 hex digits + "-", has exactly three '-' and is shorter
//     than 256 characters. When that does not bring it under 128, the WWID
//     is the first 127 characters ("wwid overflow");
//   - get_uid() then strips trailing blanks.
//
// multipath_tools_nvme_uid() applies those steps to any ID_WWN value (an
// older kernel's untrimmed wwid included). The scheme applies them to the
// kernel string linux_nvme_wwid_scheme derives.
//
// Key: the WWID bytes; kind: nvme_wwid_kind of the kernel string, plus 0x10
// when fix_broken_nvme_wwid() shortened it and 0x20 when it was cut at 127
// characters. A cut WWID is found (multipath-tools uses it) but
// unsafe_to_group(): the cut removes the end of the string, where the NSID
// is (all of it, and the end of the model, for a 20-byte serial and a
// 40-byte model), so namespaces of one subsystem can share that WWID.
// Status and errors otherwise as linux_nvme_wwid_scheme.
#ifndef MPIO_IDENT_SCHEME_MULTIPATH_TOOLS_NVME_HPP
#define MPIO_IDENT_SCHEME_MULTIPATH_TOOLS_NVME_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/nvme_identity.hpp>
#include <mpio/ident/scheme_linux_nvme_wwid.hpp>

namespace mpio::ident {

// multipath-tools' WWID_SIZE: the buffer holds 127 characters and a NUL.
inline constexpr std::size_t multipath_tools_wwid_size = 128;

enum class multipath_tools_nvme_uid_change : std::uint8_t {
    none,      // the value as it was
    shortened, // fix_broken_nvme_wwid() removed hex NUL bytes
    cut,       // wwid overflow: the first 127 characters
};

// The WWID multipath-tools keeps for the udev value `value`, written to
// `out` (at most 255 bytes are ever kept, so a key_text suffices).
struct multipath_tools_nvme_uid {
    detail::key_text wwid{}; // zero-filled: the value is returned (copied) during constant evaluation too
    multipath_tools_nvme_uid_change change = multipath_tools_nvme_uid_change::none;
};

namespace detail::multipath_tools_nvme {

constexpr bool is_hex_digit(byte c) noexcept
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// skip_zeroes_backward(): removes the "00" pairs that end at `end` from
// `s` (of `len` bytes); returns the new position of `end`.
constexpr std::size_t skip_zeroes_backward(byte* s, std::size_t& len, std::size_t end) noexcept
{
    std::size_t p = end;
    while (p >= 2 && s[p - 1] == '0' && s[p - 2] == '0') p -= 2;
    if (p == end) return p;
    for (std::size_t i = end; i < len; ++i) s[p + (i - end)] = s[i];
    len -= end - p;
    return p;
}

// The last '-' before position `before`, or `npos`.
inline constexpr std::size_t npos = ~std::size_t{0};
constexpr std::size_t last_dash(const byte* s, std::size_t before) noexcept
{
    for (std::size_t i = before; i > 0; --i)
        if (s[i - 1] == '-') return i - 1;
    return npos;
}

// fix_broken_nvme_wwid(): true with `out` set when it shortened `value`
// below multipath_tools_wwid_size characters.
constexpr bool fix_broken_nvme_wwid(byte_view value, key_text& out) noexcept
{
    constexpr std::size_t mangled_size = 256;
    const std::size_t n = value.size();
    if (n >= mangled_size) return false;
    if (n < 10 || value[0] != 'n' || value[1] != 'v' || value[2] != 'm' || value[3] != 'e' || value[4] != '.' ||
        value[9] != '-')
        return false;
    for (std::size_t i = 5; i < 9; ++i)
        if (!is_hex_digit(value[i])) return false;
    byte mangled[mangled_size]{};
    for (std::size_t i = 0; i < n; ++i) mangled[i] = value[i];
    std::size_t len = n;
    std::size_t p = last_dash(mangled, len); // end of the model part
    if (p == npos) return false;
    p = skip_zeroes_backward(mangled, len, p);
    p = last_dash(mangled, p); // end of the serial part
    if (p == npos || last_dash(mangled, p) != 9) return false;
    (void)skip_zeroes_backward(mangled, len, p);
    if (len >= multipath_tools_wwid_size) return false;
    out.size = 0;
    for (std::size_t i = 0; i < len; ++i) out.append(static_cast<char>(mangled[i]));
    return true;
}

} // namespace detail::multipath_tools_nvme

// get_udev_uid() + get_uid() for the value `value` (ID_WWN or sysfs wwid,
// without its newline; stops at a NUL as strlen() does). An empty value is
// the "no ID_WWN attribute" case: the result is empty.
[[nodiscard]] constexpr multipath_tools_nvme_uid multipath_tools_nvme_uid_of(byte_view value) noexcept
{
    using namespace detail::multipath_tools_nvme;
    std::size_t n = 0;
    while (n < value.size() && value[n] != 0) ++n;
    value = value.first(n);
    multipath_tools_nvme_uid r;
    if (n >= multipath_tools_wwid_size) {
        if (fix_broken_nvme_wwid(value, r.wwid)) {
            r.change = multipath_tools_nvme_uid_change::shortened;
        } else {
            r.change = multipath_tools_nvme_uid_change::cut;
            for (std::size_t i = 0; i < multipath_tools_wwid_size - 1; ++i) r.wwid.append(static_cast<char>(value[i]));
        }
    } else {
        for (const byte b : value) r.wwid.append(static_cast<char>(b));
    }
    while (r.wwid.size > 0 && r.wwid.bytes[r.wwid.size - 1] == ' ') --r.wwid.size; // trailing blanks
    return r;
}

struct multipath_tools_nvme_scheme {
    static constexpr const char* name = "multipath-tools-nvme";
    static constexpr std::uint8_t id = 9;

    static constexpr identity_status derive(const nvme_identity_input& in, device_identity& out) noexcept
    {
        // The kernel's wwid (ID_WWN), then multipath-tools' copy of it.
        const identity_status kernel = linux_nvme_wwid_scheme::derive(in, out);
        if (kernel == identity_status::none) return kernel;
        const bool blank = kernel == identity_status::not_ready;
        const std::uint8_t kind = out.key().kind();
        const scsi::designator_type type = out.designator_type();
        const identity_source source = out.source();
        const multipath_tools_nvme_uid uid = multipath_tools_nvme_uid_of(out.key().bytes());

        std::uint8_t change = 0;
        if (uid.change == multipath_tools_nvme_uid_change::shortened) change = 0x10;
        if (uid.change == multipath_tools_nvme_uid_change::cut) change = 0x20;
        out.reset();
        out.key().assign(id, static_cast<std::uint8_t>(kind | change), uid.wwid.view());
        for (const byte b : uid.wwid.view()) out.text().append(static_cast<char>(b));
        out.set(source, type, blank);
        if (uid.change == multipath_tools_nvme_uid_change::cut && !blank) out.mark_unsafe_to_group();
        return out.status();
    }
};

static_assert(nvme_identity_scheme<multipath_tools_nvme_scheme>);

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEME_MULTIPATH_TOOLS_NVME_HPP
