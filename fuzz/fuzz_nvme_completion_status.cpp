// SPDX-License-Identifier: MIT
// Fuzz target: completion queue entries and the NVMe status field
// (mpio/nvme/completion_status.hpp). The parts must rebuild the field, and
// every status has a name.
#include <mpio/nvme/completion_status.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {
namespace nvme = mpio::nvme;
using namespace mpio_fuzz;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;
    const auto parsed = nvme::parse_completion_queue_entry(input);
    if (!parsed) {
        check(size < 16);
        if (size >= 2) {
            const auto s = nvme::completion_status::from_status_field(mpio::load_le16(input, 0));
            check(s.field() <= 0x7FFF);
            sink = sink + length(to_string(s.code())) + length(to_string(s.sct()));
        }
        return 0;
    }
    const nvme::completion_queue_entry e = *parsed;
    check(e.bytes().size() == 16);
    const nvme::completion_status s = e.status();
    const auto rebuilt = nvme::completion_status::make(s.code(), s.dnr(), s.more(), s.crd());
    check(rebuilt == s);
    check(nvme::completion_status::from_dword3(mpio::load_le32(input, 12)) == s);
    check(s.is_path_error() == (s.sct() == nvme::status_code_type::path_related_status));
    check(!s.is_ana_error() || s.is_path_error());
    check(s.success() == (s.sc() == 0 && static_cast<unsigned>(s.sct()) == 0));
    sink = sink + e.dw0() + e.dw1() + e.sqhd() + e.sqid() + e.cid() + e.phase_tag() + length(to_string(s.code())) +
           length(to_string(s.sct()));
    return 0;
}
