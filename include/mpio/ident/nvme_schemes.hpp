// SPDX-License-Identifier: MIT
// mpio/ident/nvme_schemes.hpp - run-time selection of an NVMe identity
// scheme by name: the NVMe counterpart of ident/schemes.hpp, kept apart
// because its schemes read Identify data (nvme_identity_input), not INQUIRY
// and VPD pages. Adding a scheme is one line in `nvme_schemes`.
#ifndef MPIO_IDENT_NVME_SCHEMES_HPP
#define MPIO_IDENT_NVME_SCHEMES_HPP

#include <mpio/core/config.hpp>

#include <cstddef>

#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/nvme_identity.hpp>
#include <mpio/ident/scheme_linux_nvme_wwid.hpp>
#include <mpio/ident/scheme_mpio_nvme.hpp>
#include <mpio/ident/scheme_multipath_tools_nvme.hpp>
#include <mpio/ident/scheme_spdk_nvme.hpp>

namespace mpio::ident {

using nvme_derive_function = identity_status (*)(const nvme_identity_input&, device_identity&) noexcept;

struct nvme_scheme_entry {
    const char* name;
    nvme_derive_function derive_into;
};

template <nvme_identity_scheme S>
inline constexpr nvme_scheme_entry nvme_scheme_entry_for{S::name, &S::derive};

inline constexpr nvme_scheme_entry nvme_schemes[] = {
    nvme_scheme_entry_for<linux_nvme_wwid_scheme>,
    nvme_scheme_entry_for<multipath_tools_nvme_scheme>,
    nvme_scheme_entry_for<spdk_nvme_scheme>,
    nvme_scheme_entry_for<mpio_nvme_scheme>,
};
inline constexpr std::size_t nvme_scheme_count = sizeof(nvme_schemes) / sizeof(nvme_schemes[0]);

// The NVMe scheme with this exact name, or a null pointer.
[[nodiscard]] constexpr const nvme_scheme_entry* find_nvme_scheme(const char* name) noexcept
{
    for (const nvme_scheme_entry& s : nvme_schemes) {
        std::size_t i = 0;
        while (name[i] != '\0' && name[i] == s.name[i]) ++i;
        if (name[i] == '\0' && s.name[i] == '\0') return &s;
    }
    return nullptr;
}

} // namespace mpio::ident

#endif // MPIO_IDENT_NVME_SCHEMES_HPP
