// SPDX-License-Identifier: MIT
// mpio/ident/schemes.hpp - run-time selection of an identity scheme by name.
//
// A constexpr table name -> derive function (no heap, no virtual). Adding a
// scheme is one line in `schemes` below (plus its #include).
#ifndef MPIO_IDENT_SCHEMES_HPP
#define MPIO_IDENT_SCHEMES_HPP

#include <mpio/core/config.hpp>

#include <cstddef>

#include <mpio/core/byte_view.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/scheme_illumos_devid.hpp>
#include <mpio/ident/scheme_linux_wwid.hpp>
#include <mpio/ident/scheme_mpio.hpp>
#include <mpio/ident/scheme_msdsm.hpp>
#include <mpio/ident/scheme_multipath_tools.hpp>
#include <mpio/ident/scheme_sg3_utils_udev.hpp>
#include <mpio/ident/scheme_systemd_scsi_id.hpp>

namespace mpio::ident {

using derive_function = identity_status (*)(const identity_input&, device_identity&) noexcept;

struct scheme_entry {
    const char* name;
    derive_function derive_into; // S::derive: overwrites the caller's object

    // By value (about 800 bytes; see derive_identity()).
    [[nodiscard]] constexpr device_identity derive(const identity_input& in) const noexcept
    {
        device_identity id;
        derive_into(in, id);
        return id;
    }
};

template <identity_scheme S>
inline constexpr scheme_entry scheme_entry_for{S::name, &S::derive};

// Every scheme, in the order `mpio-inspect id --all` lists them.
inline constexpr scheme_entry schemes[] = {
    scheme_entry_for<mpio_scheme>,           scheme_entry_for<multipath_tools_scheme>,
    scheme_entry_for<linux_wwid_scheme>,     scheme_entry_for<msdsm_scheme>,
    scheme_entry_for<illumos_devid_scheme>,  scheme_entry_for<systemd_scsi_id_scheme>,
    scheme_entry_for<sg3_utils_udev_scheme>,
};

inline constexpr std::size_t scheme_count = sizeof(schemes) / sizeof(schemes[0]);

// The scheme with this exact name, or nullptr.
[[nodiscard]] constexpr const scheme_entry* find_scheme(ascii_view name) noexcept
{
    for (const scheme_entry& s : schemes)
        if (name.equals(s.name)) return &s;
    return nullptr;
}

[[nodiscard]] constexpr const scheme_entry* find_scheme(const char* name) noexcept
{
    for (const scheme_entry& s : schemes) {
        std::size_t i = 0;
        while (name[i] != '\0' && name[i] == s.name[i]) ++i;
        if (name[i] == '\0' && s.name[i] == '\0') return &s;
    }
    return nullptr;
}

} // namespace mpio::ident

#endif // MPIO_IDENT_SCHEMES_HPP
