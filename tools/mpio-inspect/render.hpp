// SPDX-License-Identifier: MIT
// render.hpp - the two renderings of a report (report.hpp).
#ifndef MPIO_INSPECT_RENDER_HPP
#define MPIO_INSPECT_RENDER_HPP

#include <string>

#include <nlohmann/json.hpp>

#include "report.hpp"

namespace mpio_inspect {

// Aligned "Label: value" lines; nested records and list items are indented
// by two more spaces. Appends to `out`.
void render_text(const record& r, std::string& out, unsigned indent = 0);

// A JSON object: one member per field, in decoding order (see docs/cli.md).
nlohmann::ordered_json render_json(const record& r);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_RENDER_HPP
