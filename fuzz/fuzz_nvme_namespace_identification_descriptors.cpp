// SPDX-License-Identifier: MIT
// Fuzz target: the Namespace Identification Descriptor list
// (mpio/nvme/namespace_identification_descriptors.hpp). The walk, status(),
// find() and collect_namespace_ids() must agree; every descriptor lies in
// the input and a known type always has its fixed length.
#include <mpio/nvme/namespace_identification_descriptors.hpp>

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
    const nvme::namespace_identification_descriptors d = *nvme::parse_namespace_identification_descriptors(input);
    volatile std::size_t sink = 0;
    const nvme::namespace_identification_descriptor_list list = d.descriptors();
    std::size_t count = 0;
    std::size_t offset = 0;
    bool seen[5]{};
    for (const nvme::namespace_identification_descriptor e : list) {
        check(e.offset() == offset);
        check(e.bytes().data() == input.data() + offset);
        check(e.nidl() != 0);
        check(e.nid().size() == e.nidl());
        const std::uint8_t fixed = nvme::namespace_identifier_length(e.nidt());
        check(fixed == 0 || fixed == e.nidl());
        const auto t = static_cast<std::uint8_t>(e.nidt());
        if (t >= 1 && t <= 4) seen[t] = true;
        sink = sink + sum(e.nid()) + length(to_string(e.nidt()));
        offset += e.bytes().size();
        ++count;
    }
    const mpio::list_status s = d.status();
    check_walk(s, count, offset, list.bytes().size());
    check(s.ok() || s.error == errc::too_short || s.error == errc::descriptor_overrun ||
          s.error == errc::length_mismatch);
    if (d.terminated()) check(input[list.bytes().size() + 1] == 0);
    check(!d.truncated() || size < 4096);
    for (std::uint8_t t = 1; t <= 4; ++t)
        check(d.find(static_cast<nvme::namespace_identifier_type>(t)).has_value() == seen[t]);
    nvme::namespace_ids ids;
    const mpio::list_status collected = nvme::collect_namespace_ids(d, ids);
    check(collected.count == s.count && collected.error == s.error);
    check(ids.csi_seen == seen[4]);
    sink = sink + ids.csi + ids.eui64[0] + ids.nguid[0] + ids.uuid[0];
    return 0;
}
