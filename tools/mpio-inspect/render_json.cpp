// SPDX-License-Identifier: MIT
// render_json.cpp - a report as a JSON object (schema: docs/cli.md).
#include "render.hpp"
#include "text_format.hpp"

namespace mpio_inspect {

nlohmann::ordered_json render_json(const record& r)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const field& f : r.fields()) {
        if (f.key.empty() && f.kind != field::type::child) continue; // text only
        switch (f.kind) {
        case field::type::flag: out[f.key] = f.number != 0; break;
        case field::type::number: out[f.key] = f.number; break;
        case field::type::code:
            out[f.key] = f.number;
            out[f.name_key] = f.text;
            break;
        case field::type::text:
        case field::type::plain: out[f.key] = f.text; break;
        case field::type::hex:
        case field::type::dump: out[f.key] = hex_string({f.bytes.data(), f.bytes.size()}); break;
        case field::type::child:
            if (f.key.empty()) // a group of fields for the text output only: its members join this object
                out.update(render_json(f.records.front()));
            else
                out[f.key] = render_json(f.records.front());
            break;
        case field::type::list: {
            nlohmann::ordered_json items = nlohmann::ordered_json::array();
            for (const record& item : f.records) items.push_back(render_json(item));
            out[f.key] = std::move(items);
            break;
        }
        case field::type::error:
            out[f.key] = {{"code", f.error.code}, {"message", f.error.message}, {"offset", f.error.offset}};
            break;
        }
    }
    if (!r.notes().empty()) out["notes"] = r.notes();
    return out;
}

} // namespace mpio_inspect
