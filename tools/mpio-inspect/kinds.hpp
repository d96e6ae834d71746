// SPDX-License-Identifier: MIT
// kinds.hpp - the kinds of data mpio-inspect knows (standard INQUIRY, VPD
// pages, ...): how to recognize each one and how to decode it.
//
// Adding a kind is one file (kind_<name>.cpp defining a `const kind`) plus one
// registration line in kinds.cpp.
#ifndef MPIO_INSPECT_KINDS_HPP
#define MPIO_INSPECT_KINDS_HPP

#include <cstddef>
#include <span>
#include <string>

#include <mpio/core/byte_view.hpp>

#include "report.hpp"

namespace mpio_inspect {

// What a kind's recognizer thinks of some data.
struct detection {
    enum class verdict {
        impossible, // the data cannot be this kind (too short, a length that cannot fit...)
        unlikely,   // it could be decoded as this kind, but a plausibility check fails
        plausible,  // every check passed
    };
    // How sure a plausible verdict is: auto-detection picks the most
    // confident kind (the first one in priority order among equals).
    enum class confidence {
        weak = 1,   // e.g. a truncated VPD page: its length field is not cross-checked
        medium = 2, // the fields check out, nothing else confirms it
        strong = 3, // a length field matches the data exactly
    };
    verdict level = verdict::impossible;
    std::string reason;     // why: one short clause, e.g. "response data format is 2"
    std::size_t offset = 0; // the byte the verdict hinges on (for error messages)
    confidence sureness = confidence::medium;
    // False for a plausible verdict that is too weak to pick the kind
    // unasked (data any kind could hold, such as READ CAPACITY(16)'s 32
    // bytes or a truncated REPORT TARGET PORT GROUPS response): --as KIND
    // decodes it without a warning, auto-detection passes it over and its
    // error message suggests --as.
    bool auto_detectable = true;
};

// Outcome of decoding: the data could be decoded as the kind (problems inside
// it are recorded in the report), or it could not (an input error).
struct decode_outcome {
    bool decoded = true;
    problem input_error; // when !decoded: code, message and offset
};

// What the command line says about the data beyond its bytes.
struct decode_context {
    // REPORT LUNS: decode the LUNs as a logical unit conglomerate's (the
    // LU_CONG bit of the logical unit's standard INQUIRY data, --lu-cong).
    bool lu_cong = false;
};

struct kind {
    const char* name;      // --as value, e.g. "inquiry"
    const char* json_kind; // the "kind" member of the JSON output, e.g. "standard_inquiry"
    const char* title;     // for people, e.g. "standard INQUIRY data"
    detection (*detect)(mpio::byte_view data);
    // Fills `body` (its fields join the file's JSON object and follow the
    // file's header line in the text output). Null when the kind is
    // recognized but not decodable yet: such data gives a clean error.
    decode_outcome (*decode)(mpio::byte_view data, const decode_context& context, record& body);
};

// Every kind, in auto-detection priority order.
std::span<const kind* const> all_kinds();

// The kind named `name` (an --as value), or null.
const kind* find_kind(const std::string& name);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_KINDS_HPP
