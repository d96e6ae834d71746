// SPDX-License-Identifier: MIT
// vpd_page_block_device_characteristics.cpp - Block Device Characteristics
// (B1h), SBC-4 6.6.2: rotation rate, product type, form factor, the erase
// and zoned fields, FUAB, VBULS, depopulation time.
#include <fmt/format.h>

#include <mpio/scsi/vpd_block_device_characteristics.hpp>

#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

std::string rotation_rate_name(const scsi::block_device_characteristics& b)
{
    const std::uint16_t rate = b.medium_rotation_rate();
    if (rate == scsi::block_device_characteristics::rotation_rate_not_reported) return "not reported";
    if (b.non_rotating_medium()) return "non-rotating medium (solid state)";
    if (b.has_nominal_rotation_rate()) return fmt::format("{} rpm", rate);
    return "reserved";
}

void decode(const scsi::vpd_page& page, std::size_t /*offset*/, record& out)
{
    const auto parsed = scsi::parse_block_device_characteristics(page.bytes());
    if (!parsed) return; // the caller checked the header and the page code
    const scsi::block_device_characteristics& b = *parsed;
    const std::size_t size = b.bytes().size();
    auto has = [size](std::size_t n, std::size_t count = 1) { return n + count <= size; };

    if (has(4, 2))
        out.code("medium_rotation_rate", "Medium rotation rate", b.medium_rotation_rate(), 4, rotation_rate_name(b));
    if (has(6)) out.code("product_type", "Product type", raw(b.product_type()), 2, to_string(b.product_type()));
    if (has(7)) {
        // 00b: not specified; 01b..11b: the cases of SBC-4's tables (not named here).
        out.number("wabereq", "WABEREQ", b.wabereq());
        out.number("wacereq", "WACEREQ", b.wacereq());
        out.code("nominal_form_factor", "Nominal form factor", raw(b.nominal_form_factor()), 1,
                 to_string(b.nominal_form_factor()));
    }
    if (has(8)) {
        out.code("zoned", "ZONED", raw(b.zoned()), 0, to_string(b.zoned()));
        out.flag("bocs", "BOCS", b.bocs());
        out.flag("fuab", "FUAB", b.fuab());
        out.flag("vbuls", "VBULS", b.vbuls());
    }
    if (has(12, 4))
        out.code("depopulation_time", "Depopulation time", b.depopulation_time(), 0,
                 b.depopulation_time() == 0 ? "not reported" : fmt::format("{} s", b.depopulation_time()));
    out.flag("has_all_fields", "", b.has_all_fields());
    if (!b.has_all_fields() && !page.truncated())
        out.note(fmt::format("PAGE LENGTH {} ends before byte 15: the fields after it are not reported",
                             page.page_length()));
}

} // namespace

extern const vpd_page_decoder block_device_characteristics_decoder{0xb1, true, decode, nullptr};

} // namespace mpio_inspect
