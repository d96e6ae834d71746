// SPDX-License-Identifier: MIT
// render_text.cpp - a report as aligned "Label: value" lines.
#include <algorithm>

#include <fmt/format.h>

#include "render.hpp"
#include "text_format.hpp"

namespace mpio_inspect {
namespace {

bool is_scalar(const field& f)
{
    return f.kind != field::type::dump && f.kind != field::type::child && f.kind != field::type::list;
}

bool shown(const field& f) { return !f.label.empty() || !is_scalar(f); }

std::string number_text(std::uint64_t value, unsigned hex_digits)
{
    return hex_digits == 0 ? fmt::format("{}", value) : fmt::format("0x{:0{}x}", value, hex_digits);
}

std::string scalar_text(const field& f)
{
    switch (f.kind) {
    case field::type::flag: return f.number != 0 ? "1" : "0";
    case field::type::number: return number_text(f.number, f.hex_digits);
    case field::type::code:
        return f.text.empty() ? number_text(f.number, f.hex_digits)
                              : fmt::format("{} ({})", number_text(f.number, f.hex_digits), f.text);
    case field::type::text: return fmt::format("\"{}\"", f.text);
    case field::type::plain: return f.text;
    case field::type::hex:
        return f.bytes.empty() ? std::string("(none)")
                               : fmt::format("0x{}", hex_string({f.bytes.data(), f.bytes.size()}));
    case field::type::error:
        return fmt::format("{} at byte offset {}: {}", f.error.code, f.error.offset, f.error.message);
    default: return {};
    }
}

} // namespace

void render_text(const record& r, std::string& out, unsigned indent)
{
    const std::string pad(indent, ' ');
    std::size_t width = 0; // labels of scalar fields line up their values
    for (const field& f : r.fields())
        if (is_scalar(f) && shown(f)) width = std::max(width, f.label.size() + 1);

    for (const field& f : r.fields()) {
        if (!shown(f)) continue;
        switch (f.kind) {
        case field::type::dump:
            out += fmt::format("{}{} {} byte{}{}\n", pad, f.label + ":", f.bytes.size(), f.bytes.size() == 1 ? "" : "s",
                               f.text.empty() ? std::string() : fmt::format(" ({})", f.text));
            for (const std::string& line : hex_dump({f.bytes.data(), f.bytes.size()}))
                out += fmt::format("{}  {}\n", pad, line);
            break;
        case field::type::child:
            if (!f.label.empty()) out += fmt::format("{}{}:\n", pad, f.label);
            render_text(f.records.front(), out, f.label.empty() ? indent : indent + 2);
            break;
        case field::type::list:
            if (f.label.empty()) { // sections: a blank line, the title, the fields
                for (const record& item : f.records) {
                    out += fmt::format("\n{}{}\n", pad, item.title());
                    render_text(item, out, indent + 2);
                }
                break;
            }
            if (f.records.empty()) {
                out += fmt::format("{}{:<{}} (none)\n", pad, f.label + ":", width);
                break;
            }
            out += fmt::format("{}{} ({}):\n", pad, f.label, f.records.size());
            for (std::size_t i = 0; i < f.records.size(); ++i) {
                const record& item = f.records[i];
                out += fmt::format("{}  {}\n", pad, item.title().empty() ? fmt::format("[{}]", i) : item.title());
                render_text(item, out, indent + 4);
            }
            break;
        default: out += fmt::format("{}{:<{}} {}\n", pad, f.label + ":", width, scalar_text(f)); break;
        }
    }
    // After sections, a blank line keeps the record's notes from reading as the last section's.
    const bool sections = std::any_of(r.fields().begin(), r.fields().end(),
                                      [](const field& f) { return f.kind == field::type::list && f.label.empty(); });
    if (sections && !r.notes().empty()) out += '\n';
    for (const std::string& n : r.notes()) out += fmt::format("{}Note: {}\n", pad, n);
}

} // namespace mpio_inspect
