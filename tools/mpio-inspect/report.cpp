// SPDX-License-Identifier: MIT
// report.cpp - building the field tree (see report.hpp).
#include "report.hpp"

#include <utility>

namespace mpio_inspect {

field& record::add(field::type kind, std::string key, std::string label)
{
    field& f = fields_.emplace_back();
    f.kind = kind;
    f.key = std::move(key);
    f.label = std::move(label);
    return f;
}

record& record::flag(std::string key, std::string label, bool value)
{
    add(field::type::flag, std::move(key), std::move(label)).number = value ? 1 : 0;
    return *this;
}

record& record::number(std::string key, std::string label, std::uint64_t value)
{
    add(field::type::number, std::move(key), std::move(label)).number = value;
    return *this;
}

record& record::hex_number(std::string key, std::string label, std::uint64_t value, unsigned digits)
{
    field& f = add(field::type::number, std::move(key), std::move(label));
    f.number = value;
    f.hex_digits = digits == 0 ? 1 : digits;
    return *this;
}

record& record::code(std::string key, std::string label, std::uint64_t value, unsigned digits, std::string meaning,
                     std::string name_key)
{
    if (name_key.empty()) name_key = key + "_name";
    field& f = add(field::type::code, std::move(key), std::move(label));
    f.number = value;
    f.hex_digits = digits;
    f.text = std::move(meaning);
    f.name_key = std::move(name_key);
    return *this;
}

record& record::text(std::string key, std::string label, std::string value)
{
    add(field::type::text, std::move(key), std::move(label)).text = std::move(value);
    return *this;
}

record& record::plain(std::string key, std::string label, std::string value)
{
    add(field::type::plain, std::move(key), std::move(label)).text = std::move(value);
    return *this;
}

record& record::hex(std::string key, std::string label, mpio::byte_view bytes)
{
    add(field::type::hex, std::move(key), std::move(label)).bytes.assign(bytes.begin(), bytes.end());
    return *this;
}

record& record::dump(std::string key, std::string label, mpio::byte_view bytes, std::string comment)
{
    field& f = add(field::type::dump, std::move(key), std::move(label));
    f.bytes.assign(bytes.begin(), bytes.end());
    f.text = std::move(comment);
    return *this;
}

record& record::child(std::string key, std::string label)
{
    field& f = add(field::type::child, std::move(key), std::move(label));
    return f.records.emplace_back();
}

std::vector<record>& record::list(std::string key, std::string label)
{
    return add(field::type::list, std::move(key), std::move(label)).records;
}

record& record::error(problem p)
{
    add(field::type::error, "error", "Error").error = std::move(p);
    return *this;
}

record& record::note(std::string text)
{
    notes_.push_back(std::move(text));
    return *this;
}

bool record::has_error() const
{
    for (const field& f : fields_) {
        if (f.kind == field::type::error) return true;
        for (const record& r : f.records)
            if (r.has_error()) return true;
    }
    return false;
}

problem problem_from(mpio::errc e, std::size_t offset) { return {mpio::errc_name(e), mpio::errc_message(e), offset}; }

} // namespace mpio_inspect
