// SPDX-License-Identifier: MIT
// Fuzz target: Identify Controller data (mpio/nvme/identify_controller.hpp).
// Every accessor is called; the presence predicates must agree with the
// size, and text fields must lie inside the input.
#include <mpio/nvme/identify_controller.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {
namespace nvme = mpio::nvme;
using namespace mpio_fuzz;

void check_inside(mpio::byte_view field, mpio::byte_view input)
{
    if (!field.empty())
        check(field.data() >= input.data() && field.data() + field.size() <= input.data() + input.size());
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    const auto parsed = nvme::parse_identify_controller(input);
    if (!parsed) {
        check(parsed.error() == mpio::errc::too_short && size < nvme::identify_controller::min_size);
        return 0;
    }
    const nvme::identify_controller c = *parsed;
    volatile std::size_t sink = 0;
    check(c.truncated() == (size < 4096));
    check(c.ana_fields_present() == (size >= 352));
    check(c.subnqn_present() == (size >= 1024));
    check(c.sn().size() == 20 && c.mn().size() == 40 && c.fr().size() == 8);
    check_inside(c.sn().bytes(), input);
    check_inside(c.subnqn().bytes(), input);
    check_inside(c.fguid(), input);
    check(c.subnqn().size() <= c.subnqn_field().size());
    check(c.cmic_ana_reporting() == ((c.cmic() & 8) != 0));
    check(c.oaes_ana_change_notices() == ((c.oaes() & 0x800) != 0));
    if (!c.ana_fields_present()) check(c.nanagrpid() == 0 || size > 348);
    sink = sink + c.vid() + c.ssvid() + c.rab() + c.ieee() + c.mdts() + c.cntlid() + c.ver() + c.ver_major() +
           c.ver_minor() + c.ver_tertiary() + c.ctratt() + c.oacs() + c.crdt(1) + c.crdt(2) + c.crdt(3) + c.anatt() +
           c.anagrpmax() + c.nanagrpid() + c.nn() + c.mnan() + sum(c.sn().bytes()) + sum(c.mn().bytes()) +
           sum(c.fr().bytes()) + sum(c.subnqn_field().bytes()) + length(to_string(c.cntrltype()));
    for (unsigned s = 0; s < 16; ++s) sink = sink + c.anacap_reports(static_cast<nvme::ana_state>(s));
    sink = sink + c.anacap_anagrpid_static() + c.anacap_nonzero_anagrpid() + c.cmic_multiple_ports() +
           c.cmic_multiple_controllers() + c.cmic_sriov_virtual_function();
    return 0;
}
