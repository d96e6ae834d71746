// SPDX-License-Identifier: MIT
// src/c_fill.hpp - how the C API turns the C++ parsers' views into its plain
// structs (internal to libmpio_c; not installed). Kept apart from mpio_c.cpp
// for one reason: bench/c_api_bench.cpp's C++ reference runs this same code
// inlined, so that the benchmark measures what the shim costs (the call, its
// argument checks, caller-held iterators) and not the work of filling the
// struct, which a C++ caller who wants the same fields does too.
#ifndef MPIO_SRC_C_FILL_HPP
#define MPIO_SRC_C_FILL_HPP

#include <mpio/c/mpio.h>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio_c_fill {

namespace s = mpio::scsi;

inline mpio_errc code(mpio::errc e) noexcept { return static_cast<mpio_errc>(e); }
constexpr mpio_errc ok = MPIO_ERRC_NONE;

inline std::uint8_t flag(bool b) noexcept { return b ? 1 : 0; }

// Where `part` lies in the caller's input, as offset and size.
inline mpio_span span_of(mpio::byte_view part, const std::uint8_t* base) noexcept
{
    if (part.empty() || base == nullptr) return {0, 0};
    return {static_cast<std::size_t>(part.data() - base), part.size()};
}

// A NUL-terminated copy, cut to the array.
template <std::size_t N>
void copy_text(mpio::ascii_view text, char (&out)[N]) noexcept
{
    const std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
    for (std::size_t i = 0; i < n; ++i) out[i] = text[i];
    out[n] = '\0';
}

inline void fill_inquiry(const s::standard_inquiry& q, mpio_inquiry& o) noexcept
{
    // Every field is written below: no zero-fill of the whole struct first
    // (GCC makes it a `rep stos`, a fifth of the call's time).
    o.returned_length = q.returned_length();
    o.required_allocation_length = q.required_allocation_length();
    o.truncated = flag(q.truncated());
    o.peripheral_qualifier = static_cast<std::uint8_t>(q.peripheral_qualifier());
    o.peripheral_device_type = static_cast<std::uint8_t>(q.peripheral_device_type());
    o.rmb = flag(q.rmb());
    o.version = static_cast<std::uint8_t>(q.version());
    o.response_data_format = static_cast<std::uint8_t>(q.response_data_format());
    o.hisup = flag(q.hisup());
    o.normaca = flag(q.normaca());
    o.sccs = flag(q.sccs());
    o.acc = flag(q.acc());
    o.tpgs = static_cast<std::uint8_t>(q.tpgs());
    o.three_pc = flag(q.three_pc());
    o.protect = flag(q.protect());
    o.encserv = flag(q.encserv());
    o.multip = flag(q.multip());
    o.cmdque = flag(q.cmdque());
    copy_text(q.has_t10_vendor_identification() ? q.t10_vendor_identification_trimmed() : mpio::ascii_view(),
              o.t10_vendor_identification);
    copy_text(q.has_product_identification() ? q.product_identification_trimmed() : mpio::ascii_view(),
              o.product_identification);
    copy_text(q.has_product_revision_level() ? q.product_revision_level_trimmed() : mpio::ascii_view(),
              o.product_revision_level);
    o.version_descriptor_count = 0;
    for (const s::version_descriptor d : q.version_descriptors())
        if (o.version_descriptor_count < 8) o.version_descriptors[o.version_descriptor_count++] = d.code;
    for (std::size_t i = o.version_descriptor_count; i < 8; ++i) o.version_descriptors[i] = 0;
}

inline void fill_designator(const s::designation_descriptor& d, const std::uint8_t* base, mpio_designator& o) noexcept
{
    o.offset = d.offset(); // every field written: no zero-fill first (see fill_inquiry)
    o.protocol_identifier = static_cast<std::uint8_t>(d.protocol_identifier());
    o.code_set = static_cast<std::uint8_t>(d.code_set());
    o.piv = flag(d.piv());
    o.association = static_cast<std::uint8_t>(d.association());
    o.designator_type = static_cast<std::uint8_t>(d.designator_type());
    o.designator_length = d.designator_length();
    o.designator = span_of(d.designator(), base);
    o.decode_error = ok;
    o.naa = 0;
    o.value = 0;
    switch (d.designator_type()) {
    case s::designator_type::naa: {
        const auto r = d.as_naa();
        o.decode_error = code(r.error());
        if (r) {
            o.naa = static_cast<std::uint8_t>(r->naa());
            o.value = mpio::load_be64(r->bytes(), 0);
        }
        break;
    }
    case s::designator_type::eui64: {
        const auto r = d.as_eui64();
        o.decode_error = code(r.error());
        if (r) o.value = mpio::load_be64(d.designator(), 0);
        break;
    }
    case s::designator_type::relative_target_port:
    case s::designator_type::target_port_group:
    case s::designator_type::logical_unit_group: {
        const mpio::result<std::uint16_t> r =
            d.designator_type() == s::designator_type::relative_target_port ? d.as_relative_target_port()
            : d.designator_type() == s::designator_type::target_port_group  ? d.as_target_port_group()
                                                                            : d.as_logical_unit_group();
        o.decode_error = code(r.error());
        if (r) o.value = *r;
        break;
    }
    default: break;
    }
}

} // namespace mpio_c_fill

#endif // MPIO_SRC_C_FILL_HPP
