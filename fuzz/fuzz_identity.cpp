// SPDX-License-Identifier: MIT
// Fuzz target: every identity scheme (mpio/ident/schemes.hpp) on arbitrary
// bytes. The input is split: byte 0 = length of a standard INQUIRY response,
// byte 1 = length of a VPD page 80h, the rest (after those two) a VPD page
// 83h; the whole input is also tried as a page 83h on its own. Each scheme
// must be deterministic and keep the device_identity invariants.
#include <mpio/ident/schemes.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

void run_all(const mpio::ident::identity_input& in)
{
    using namespace mpio::ident;
    using mpio_fuzz::check;
    // One object for every scheme, derived into as a caller that keeps one
    // does; `again` is a fresh object: what a reused object shows must not
    // depend on what it held before.
    device_identity reused;
    for (const scheme_entry& s : schemes) {
        check(s.derive_into(in, reused) == reused.status());
        const device_identity& id = reused;
        const device_identity again = s.derive(in);
        // Identical input, identical output.
        check(id.status() == again.status() && id.reason() == again.reason());
        check(id.key() == again.key() && id.text().size() == again.text().size());
        for (std::size_t i = 0; i < id.text().size(); ++i) check(id.text()[i] == again.text()[i]);
        switch (id.status()) {
        case identity_status::none:
            check(id.reason() != mpio::errc::none);
            check(id.key().empty() && id.text().empty());
            break;
        case identity_status::found:
            // Found means a key and a text, except MSDSM's empty serial number,
            // which msdsm reproduces and flags (every such device is the same).
            check((!id.key().empty() && !id.text().empty()) || id.unsafe_to_group());
            check(same_device(id, again));
            [[fallthrough]];
        case identity_status::not_ready:
            check(id.reason() == mpio::errc::none);
            check(id.key().size() <= identity_key::capacity);
            break;
        }
        if (id.status() != identity_status::found) check(!same_device(id, again));
        volatile std::size_t sink = mpio_fuzz::sum(id.key().bytes()) + id.key().hash() + id.key().kind();
        (void)sink;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    run_all({{}, {}, input});
    if (size < 2) return 0;
    const std::size_t inquiry_length = data[0];
    const std::size_t vpd80_length = data[1];
    const mpio::byte_view rest = input.subview(2);
    const mpio::byte_view inquiry = rest.first(inquiry_length);
    const mpio::byte_view vpd80 = rest.subview(inquiry.size()).first(vpd80_length);
    const mpio::byte_view vpd83 = rest.subview(inquiry.size() + vpd80.size());
    run_all({inquiry, vpd80, vpd83});
    run_all({inquiry, vpd80, {}});
    return 0;
}
