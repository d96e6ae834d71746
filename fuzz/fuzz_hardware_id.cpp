// SPDX-License-Identifier: MIT
// Fuzz target for mpio/ident/hardware_id.hpp and mpio/ident/claim.hpp.
//
// Input layout: byte 0 chooses the bus type (low 5 bits) and the match mode
// (bit 7); the rest is split at '\n' into lines. Every line goes through the
// three string parsers (registry string, mpclaim notation, supported-device
// entry) and, when valid, into a list of capacity 4 (so the capacity limit is
// hit). The whole input is also read as standard INQUIRY data, whose
// hardware ID is matched against the list and arbitrated among claimers.
#include <cstddef>
#include <cstdint>

#include <mpio/ident/claim.hpp>
#include <mpio/ident/hardware_id.hpp>
#include <mpio/scsi/inquiry.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace mpio::ident;
using mpio::byte;
using mpio::errc;
using mpio_fuzz::check;
using mpio_fuzz::sum;

std::size_t touch(const hardware_id& id)
{
    check(id.padded().size() == hardware_id::size);
    check(id.vendor().size() == 8 && id.product().size() == 16);
    check(id.vendor_trimmed().size() <= 8 && id.product_trimmed().size() <= 16);
    const auto text = id.render();
    check(text.size() == hardware_id::size && !text.overflowed());
    check(id == id && id.equals_ignoring_case(id));
    return sum(id.padded().bytes()) + text.size();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    const auto bus = static_cast<bus_type>(data[0] & 0x1f);
    const match_mode mode = (data[0] & 0x80) != 0 ? match_mode::exact : match_mode::mpio_prefix;
    mpio_fuzz::length(to_string(bus));
    const char* text = reinterpret_cast<const char*>(data + 1);
    const std::size_t text_size = size - 1;

    supported_device_list<4> list;
    std::size_t volatile sink = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text_size; ++i) {
        if (i != text_size && text[i] != '\n') continue;
        const char* line = text + start;
        const std::size_t length = i - start;
        start = i + 1;

        const auto plain = hardware_id::from_string(line, length);
        check(plain.has_value() == (length > 0 && length <= 24 && [&] {
                  for (std::size_t k = 0; k < length; ++k)
                      if (static_cast<byte>(line[k]) < 0x20 || static_cast<byte>(line[k]) > 0x7e) return false;
                  return true;
              }()));
        if (plain) sink = sink + touch(*plain);
        const auto quoted = hardware_id::from_mpclaim(line, length);
        if (quoted) sink = sink + touch(*quoted);

        // The line split at its first space as vendor and product (NUL-terminated copies).
        char vendor[32]{};
        char product[32]{};
        std::size_t split = 0;
        while (split < length && line[split] != ' ' && line[split] != '\0') ++split;
        for (std::size_t k = 0; k < split && k < 31; ++k) vendor[k] = line[k];
        for (std::size_t k = split + 1; k < length && k - split - 1 < 31 && line[k] != '\0'; ++k)
            product[k - split - 1] = line[k];
        const auto separate = hardware_id::from_vendor_product(vendor, product);
        if (separate) {
            sink = sink + touch(*separate);
            check(separate->vendor_trimmed().size() <= mpio_fuzz::length(vendor));
        }

        const auto entry = supported_device_entry::parse(line, length);
        check(entry.has_value() == plain.has_value());
        if (!entry) continue;
        check(entry->length() == length && entry->text().size() == length);
        check(entry->matches(device_description{entry->id(), bus}, match_mode::mpio_prefix) ||
              (entry->is_iscsi_bus_type() && bus != bus_type::iscsi));
        const std::size_t before = list.size();
        const mpio::status added = list.add(*entry);
        check(added ? list.size() == before + 1 : (added.error() == errc::capacity_exceeded && before == 4));
    }

    const auto inquiry = mpio::scsi::parse_standard_inquiry(mpio::byte_view{data, size});
    if (inquiry) {
        const device_description device{hardware_id::from_inquiry(*inquiry), bus};
        sink = sink + touch(device.id);
        const auto found = list.find(device, mode);
        check(found ? *found < list.size() : found.error() == errc::not_found);

        const claimer claimers[] = {
            claimer{"generic", list.entries(), match_mode::mpio_prefix, true},
            claimer{"vendor", list.entries(), mode, false},
        };
        const claim_result r = arbitrate(claimers, device);
        if (found) check(r.claimed() && r.index() == 1);
        claim_table<1> table;
        check(table.add(claimers[0]).has_value() && !table.add(claimers[1]).has_value());
        const char* winner = table.winner_name(device);
        check((winner != nullptr) == list.matches(device, match_mode::mpio_prefix));
    }
    return 0;
}
