// SPDX-License-Identifier: MIT
// command_id.cpp - see command_id.hpp.
#include "command_id.hpp"

#include <cstdint>
#include <cstdio>

#include <fmt/format.h>

#include <mpio/core/errc.hpp>
#include <mpio/ident/schemes.hpp>
#include <mpio/scsi/vpd.hpp>

#include "input.hpp"

namespace mpio_inspect {
namespace {

// A VPD page file may hold just that page, or several pages one after the
// other (as sg_vpd --all --hex saves them): then the page with this code.
mpio::byte_view select_page(const input& in, std::uint8_t page_code)
{
    const mpio::byte_view data{in.bytes.data(), in.bytes.size()};
    if (data.at_or(1) == page_code) return data;
    if (const auto page = mpio::scsi::vpd_page_list(data).find(page_code)) return page->bytes();
    return data; // the scheme reports the wrong page code
}

// Loads the file of one option; false (reported) when it cannot be read.
bool load(const std::string& path, input& out)
{
    if (path.empty()) return true;
    out = load_input(path);
    if (out.ok) return true;
    fmt::print(stderr, "mpio-inspect: {}: offset {}: {}\n", path, out.error.offset, out.error.message);
    return false;
}

// Why a scheme gave no usable identifier, in one line.
std::string no_identifier_reason(const mpio::ident::device_identity& id)
{
    if (id.status() == mpio::ident::identity_status::not_ready)
        return fmt::format("identifier not ready (all zero or all spaces: {})", id.text().c_str());
    return fmt::format("no identifier: {} ({})", mpio::errc_message(id.reason()), mpio::errc_name(id.reason()));
}

} // namespace

std::vector<std::string> scheme_names()
{
    std::vector<std::string> names;
    for (const mpio::ident::scheme_entry& s : mpio::ident::schemes) names.emplace_back(s.name);
    return names;
}

int run_id(const id_options& options)
{
    input inquiry, vpd80, vpd83;
    if (!load(options.inquiry, inquiry) || !load(options.vpd80, vpd80) || !load(options.vpd83, vpd83)) return 1;

    mpio::ident::identity_input in;
    if (!options.inquiry.empty()) in.standard_inquiry = {inquiry.bytes.data(), inquiry.bytes.size()};
    if (!options.vpd80.empty()) in.vpd80 = select_page(vpd80, 0x80);
    in.vpd83 = select_page(vpd83, 0x83);

    if (options.all) {
        // Every scheme the table holds; "-" when it yields no identifier
        // (none or not ready: nothing to group on).
        mpio::ident::device_identity id; // one object, derived into by each scheme
        for (const mpio::ident::scheme_entry& s : mpio::ident::schemes) {
            s.derive_into(in, id);
            fmt::print("{}\t{}\n", s.name, id.found() ? id.text().c_str() : "-");
        }
        return 0;
    }

    const mpio::ident::scheme_entry* scheme = mpio::ident::find_scheme(options.scheme.c_str());
    if (scheme == nullptr) { // CLI11 checked the name already
        fmt::print(stderr, "mpio-inspect: id: unknown scheme {}\n", options.scheme);
        return 1;
    }
    const mpio::ident::device_identity id = scheme->derive(in);
    if (!id.found()) {
        std::fflush(stdout);
        fmt::print(stderr, "mpio-inspect: id: scheme {}: {}\n", scheme->name, no_identifier_reason(id));
        return 1;
    }
    fmt::print("{}\n", id.text().c_str());
    return 0;
}

} // namespace mpio_inspect
