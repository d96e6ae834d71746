// SPDX-License-Identifier: MIT
// command_id.cpp - see command_id.hpp.
#include "command_id.hpp"

#include <cstdint>
#include <cstdio>

#include <fmt/format.h>

#include <mpio/core/errc.hpp>
#include <mpio/ident/nvme_schemes.hpp>
#include <mpio/ident/path_identity.hpp>
#include <mpio/ident/schemes.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd.hpp>

#include "command_decode.hpp"
#include "input.hpp"
#include "text_format.hpp"

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
bool load(const std::string& path, input& out, bool verbose)
{
    if (path.empty()) return true;
    out = load_input(path);
    if (out.ok) return true;
    print_err(error_lines(path, out.error, verbose));
    return false;
}

// Where in the page 83h file the identity went wrong: the offset of the
// first malformed designator (derive_path_identity), else 0.
std::size_t vpd83_offset(const input& vpd83, mpio::byte_view page)
{
    const auto parsed = mpio::scsi::parse_device_identification(page);
    if (!parsed) return 0;
    const mpio::ident::derived_path_identity d = mpio::ident::derive_path_identity(*parsed);
    if (d.ok() || d.error == mpio::errc::legacy_layout) return 0;
    // The page header is 4 bytes; the page may sit after others in the file.
    const auto base = static_cast<std::size_t>(page.data() - vpd83.bytes.data());
    return base + 4 + d.error_offset;
}

// Why a scheme gave no usable identifier, in one line.
std::string no_identifier_reason(const mpio::ident::device_identity& id)
{
    if (id.status() == mpio::ident::identity_status::not_ready)
        return fmt::format("identifier not ready (all zero or all spaces: {})", id.text().c_str());
    return fmt::format("no identifier: {} ({})", mpio::errc_message(id.reason()), mpio::errc_name(id.reason()));
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

mpio::byte_view view_of(const input& in) { return {in.bytes.data(), in.bytes.size()}; }

// --all: every scheme of a table (SCSI or NVMe), one line each, "-" when it
// yields no identifier (none or not ready: nothing to group on). `id` is one
// object, derived into by each scheme in turn.
template <class SchemeTable, class Input>
int print_every_scheme(const SchemeTable& table, const Input& in, mpio::ident::device_identity& id)
{
    for (const auto& s : table) {
        s.derive_into(in, id);
        print_out(fmt::format("{}\t{}\n", s.name, id.found() ? id.text().c_str() : "-"));
    }
    return 0;
}

// id --nvme: the NVMe scheme table over Identify data.
int run_id_nvme(const id_options& options)
{
    input ctrl, ns, descs;
    if (!load(options.id_ctrl, ctrl, options.verbose) || !load(options.id_ns, ns, options.verbose) ||
        !load(options.ns_descs, descs, options.verbose))
        return 1;
    mpio::ident::nvme_identity_input in;
    in.identify_controller = view_of(ctrl);
    if (!options.id_ns.empty()) in.identify_namespace = view_of(ns);
    if (!options.ns_descs.empty()) in.ns_descriptors = view_of(descs);
    in.nsid = options.nsid;

    mpio::ident::device_identity id;
    if (options.all) return print_every_scheme(mpio::ident::nvme_schemes, in, id);
    const std::string name = options.scheme.empty() ? "mpio-nvme" : options.scheme;
    const mpio::ident::nvme_scheme_entry* scheme = mpio::ident::find_nvme_scheme(name.c_str());
    if (scheme == nullptr) {
        print_err(fmt::format("mpio-inspect: id: {} is not an NVMe scheme (--nvme takes one of: {})\n",
                              escape_text(name), joined(nvme_scheme_names())));
        return 1;
    }
    scheme->derive_into(in, id);
    if (!id.found()) {
        std::fflush(stdout);
        // Name the namespace's file (the controller's without one).
        const std::string& file = options.id_ns.empty() ? options.id_ctrl : options.id_ns;
        problem p{mpio::errc_name(id.reason()), fmt::format("scheme {}: {}", scheme->name, no_identifier_reason(id)),
                  0};
        p.detail.push_back("also read: " + options.id_ctrl + " (Identify Controller)");
        if (!options.ns_descs.empty())
            p.detail.push_back("also read: " + options.ns_descs + " (Namespace Identification Descriptor list)");
        print_err(error_lines(file, p, options.verbose));
        return 1;
    }
    if (id.unsafe_to_group() && options.verbose)
        print_err(fmt::format("mpio-inspect: id: scheme {}: unsafe to group (unrelated namespaces can share it)\n",
                              scheme->name));
    print_out(fmt::format("{}\n", id.text().c_str()));
    return 0;
}

} // namespace

std::vector<std::string> scheme_names()
{
    std::vector<std::string> names;
    for (const mpio::ident::scheme_entry& s : mpio::ident::schemes) names.emplace_back(s.name);
    return names;
}

std::vector<std::string> nvme_scheme_names()
{
    std::vector<std::string> names;
    for (const mpio::ident::nvme_scheme_entry& s : mpio::ident::nvme_schemes) names.emplace_back(s.name);
    return names;
}

int run_id(const id_options& options)
{
    if (options.nvme) return run_id_nvme(options);
    input inquiry, vpd80, vpd83;
    if (!load(options.inquiry, inquiry, options.verbose) || !load(options.vpd80, vpd80, options.verbose) ||
        !load(options.vpd83, vpd83, options.verbose))
        return 1;

    mpio::ident::identity_input in;
    if (!options.inquiry.empty()) in.standard_inquiry = {inquiry.bytes.data(), inquiry.bytes.size()};
    if (!options.vpd80.empty()) in.vpd80 = select_page(vpd80, 0x80);
    in.vpd83 = select_page(vpd83, 0x83);

    if (options.all) {
        mpio::ident::device_identity id;
        return print_every_scheme(mpio::ident::schemes, in, id);
    }

    const std::string name = options.scheme.empty() ? "mpio" : options.scheme;
    const mpio::ident::scheme_entry* scheme = mpio::ident::find_scheme(name.c_str());
    if (scheme == nullptr) { // CLI11 checked the name already (an NVMe scheme's passes it)
        print_err(fmt::format("mpio-inspect: id: {} is not a SCSI scheme (without --nvme: one of: {})\n",
                              escape_text(name), joined(scheme_names())));
        return 1;
    }
    const mpio::ident::device_identity id = scheme->derive(in);
    if (!id.found()) {
        std::fflush(stdout);
        // Name the file the identifier was sought in: page 83h (where every
        // scheme looks first), and the offset of a malformed designator.
        problem p{mpio::errc_name(id.reason()), fmt::format("scheme {}: {}", scheme->name, no_identifier_reason(id)),
                  vpd83_offset(vpd83, in.vpd83)};
        if (!options.vpd80.empty())
            p.detail.push_back("also read: " + options.vpd80 + " (Unit Serial Number VPD page)");
        if (!options.inquiry.empty()) p.detail.push_back("also read: " + options.inquiry + " (standard INQUIRY data)");
        print_err(error_lines(options.vpd83, p, options.verbose));
        return 1;
    }
    print_out(fmt::format("{}\n", id.text().c_str()));
    return 0;
}

} // namespace mpio_inspect
