// SPDX-License-Identifier: MIT
// report.hpp - what a decoder produces: an ordered tree of named fields.
//
// A decoder describes every field once, with two names: the stable snake_case
// JSON key and the label the text output shows (the SPC field name). The
// renderers (render_text.cpp, render_json.cpp) turn the same tree into aligned
// "label: value" lines or into a JSON object, so the two outputs can never
// disagree about what was decoded.
//
// An empty label keeps a scalar field out of the text output (it is JSON
// only: a flag the text says otherwise, a length already in a title); a
// child with an empty label is shown in place, without a heading, and a
// child with an empty key joins its members to the parent JSON object; a
// list with an empty label shows its items as sections, a blank line apart.
#ifndef MPIO_INSPECT_REPORT_HPP
#define MPIO_INSPECT_REPORT_HPP

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>

namespace mpio_inspect {

class record;

// A problem found in the data: decoded as far as it went, then this.
struct problem {
    std::string code;       // an mpio::errc name, or a tool code (see docs/cli.md)
    std::string message;    // one line
    std::size_t offset = 0; // byte offset within the file's data
    // Lines that explain the message (why every kind was rejected ...):
    // printed under it with --verbose, JSON "detail". The message alone
    // must be enough to act on.
    std::vector<std::string> detail = {};
};

struct field {
    enum class type {
        flag,   // one bit: text "0"/"1", JSON true/false
        number, // text decimal or hex (hex_digits > 0), JSON number
        code,   // a coded value and its meaning: JSON number + a "<key>_name" string
        text,   // a text field (already made printable): text quoted, JSON string
        plain,  // words for people: text unquoted, JSON string
        hex,    // a short byte string (identifier): text 0x..., JSON hex string
        dump,   // a long byte string: text hex dump, JSON hex string
        child,  // a nested record: JSON object
        list,   // a list of records: JSON array of objects
        error,  // a problem: JSON {"code", "message", "offset"}
    };

    type kind = type::text;
    std::string key;   // JSON key (snake_case)
    std::string label; // text label (SPC name)

    std::uint64_t number = 0;
    unsigned hex_digits = 0;       // number/code: 0 = decimal, else hex with that many digits
    std::string text;              // text value, the meaning of a code, the comment of a dump
    std::string name_key;          // code: JSON key of the meaning
    std::vector<mpio::byte> bytes; // hex, dump
    std::vector<record> records;   // child (one record), list (the items)
    problem error;                 // error
};

class record {
public:
    record() = default;
    // The title heads the record when it is a list item in the text output.
    explicit record(std::string title) : title_(std::move(title)) {}

    record& flag(std::string key, std::string label, bool value);
    record& number(std::string key, std::string label, std::uint64_t value);
    record& hex_number(std::string key, std::string label, std::uint64_t value, unsigned digits);
    // value shown as hex with `digits` digits (0: decimal) and its meaning;
    // JSON gets `key: value` and `name_key: meaning` (default: key + "_name").
    record& code(std::string key, std::string label, std::uint64_t value, unsigned digits, std::string meaning,
                 std::string name_key = {});
    record& text(std::string key, std::string label, std::string value);
    record& plain(std::string key, std::string label, std::string value);
    record& hex(std::string key, std::string label, mpio::byte_view bytes);
    // `comment` follows the byte count in the text output.
    record& dump(std::string key, std::string label, mpio::byte_view bytes, std::string comment = {});
    // A nested record; the reference stays valid while more fields are added.
    record& child(std::string key, std::string label);
    // A list; push records into it. The reference stays valid likewise.
    std::vector<record>& list(std::string key, std::string label);
    record& error(problem p);
    // A remark for the reader (JSON "notes": [...]); not an error.
    record& note(std::string text);

    [[nodiscard]] const std::string& title() const { return title_; }
    void set_title(std::string title) { title_ = std::move(title); }
    [[nodiscard]] const std::deque<field>& fields() const { return fields_; }
    [[nodiscard]] const std::vector<std::string>& notes() const { return notes_; }
    // True when this record or any record below it holds an error.
    [[nodiscard]] bool has_error() const;

private:
    field& add(field::type kind, std::string key, std::string label);

    std::string title_;
    std::deque<field> fields_; // a deque: references to fields survive push_back
    std::vector<std::string> notes_;
};

// The problem for an mpio::errc found at a byte offset of the file's data.
problem problem_from(mpio::errc e, std::size_t offset);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_REPORT_HPP
