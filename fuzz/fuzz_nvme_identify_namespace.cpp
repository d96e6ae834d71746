// SPDX-License-Identifier: MIT
// Fuzz target: Identify Namespace data (mpio/nvme/identify_namespace.hpp).
// Every accessor and every LBA format is read; lookups past the data or the
// format count must fail cleanly.
#include <mpio/nvme/identify_namespace.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {
namespace nvme = mpio::nvme;
using mpio::errc;
using namespace mpio_fuzz;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    const auto parsed = nvme::parse_identify_namespace(input);
    if (!parsed) {
        check(parsed.error() == errc::too_short && size < nvme::identify_namespace::min_size);
        return 0;
    }
    const nvme::identify_namespace n = *parsed;
    volatile std::size_t sink = 0;
    check(n.truncated() == (size < 4096));
    check(n.nguid().size() <= 16 && n.eui64().size() <= 8);
    check(n.identifiers_present() == (n.nguid().size() == 16 && n.eui64().size() == 8));
    check(n.lba_format_count() >= 1 && n.lba_format_count() <= 64);
    for (std::size_t i = 0; i <= 64; ++i) {
        const auto f = n.lba_format_at(i);
        if (i >= n.lba_format_count()) {
            check(f.error() == errc::invalid_argument);
        } else if (128 + 4 * i + 4 > size) {
            check(f.error() == errc::too_short);
        } else {
            check(f.has_value());
            const std::uint32_t ds = f->data_size();
            check(ds == 0 || (ds >= 512 && (ds & (ds - 1)) == 0));
            sink = sink + f->ms + ds + length(to_string(f->rp));
        }
    }
    check(n.formatted_lba_index() < 64);
    sink = sink + n.nsze() + n.ncap() + n.nuse() + n.nsfeat() + n.mc() + n.dpc() + n.dps() + n.nmic_shared() +
           n.rescap() + n.anagrpid() + n.nsattr() + n.nvmsetid() + n.endgid() + sum(n.nguid()) + sum(n.eui64()) +
           n.metadata_extended() + n.formatted_lba_format().has_value();
    return 0;
}
