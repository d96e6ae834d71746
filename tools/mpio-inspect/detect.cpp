// SPDX-License-Identifier: MIT
// detect.cpp - see detect.hpp.
#include "detect.hpp"

#include <utility>
#include <vector>

#include <fmt/format.h>

namespace mpio_inspect {

namespace {

// "; perhaps TITLE: use --as NAME (N other kinds possible)": the first kind
// in priority order, and how many others --verbose lists, so the line stays
// short however many kinds there are.
std::string suggestion_text(const std::vector<const kind*>& kinds)
{
    if (kinds.empty()) return {};
    std::string text = fmt::format("; perhaps {}: use --as {}", kinds.front()->title, kinds.front()->name);
    if (kinds.size() == 2) text += " (1 other kind possible)";
    if (kinds.size() > 2) text += fmt::format(" ({} other kinds possible)", kinds.size() - 1);
    return text;
}

} // namespace

choice choose_kind(mpio::byte_view data, const kind* forced)
{
    choice c;
    if (forced != nullptr) {
        // The user knows what the data is; we only refuse what cannot be
        // that kind, and say so when the recognizer finds it implausible.
        const detection d = forced->detect(data);
        c.chosen = forced;
        c.forced = true;
        c.reason = fmt::format("--as {}", forced->name);
        if (d.level != detection::verdict::plausible)
            c.warning = fmt::format("this does not look like {}: {}", forced->title, d.reason);
        return c;
    }

    // Auto-detection: the most confident plausible kind wins (the first in
    // priority order among equals); another plausible kind as confident
    // makes the choice ambiguous, and the reason says so.
    std::vector<std::string> rejected;    // one detail line per kind passed over
    std::vector<const kind*> suggestions; // kinds --as would decode: the short line names them
    std::vector<std::pair<const kind*, detection>> plausible;
    for (const kind* k : all_kinds()) {
        detection d = k->detect(data);
        if (d.level == detection::verdict::plausible && d.auto_detectable) {
            plausible.emplace_back(k, std::move(d));
        } else if (d.level == detection::verdict::plausible) { // only with --as: say so
            rejected.push_back(
                fmt::format("perhaps {} ({}): use --as {} to decode it so", k->title, d.reason, k->name));
            suggestions.push_back(k);
        } else if (k->decode != nullptr) { // kinds we cannot decode need not explain themselves
            rejected.push_back(fmt::format("not {}: {}", k->title, d.reason));
        }
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < plausible.size(); ++i)
        if (plausible[i].second.sureness > plausible[best].second.sureness) best = i;
    if (!plausible.empty()) {
        c.chosen = plausible[best].first;
        c.reason = plausible[best].second.reason;
    }
    for (std::size_t i = 0; i < plausible.size(); ++i) {
        if (i == best || plausible[i].second.sureness != plausible[best].second.sureness) continue;
        const auto& [k, d] = plausible[i];
        c.ambiguous = true;
        c.reason += fmt::format("; AMBIGUOUS: also plausible as {} ({}){}", k->title, d.reason,
                                k->decode != nullptr ? fmt::format(", use --as {} to decode it so", k->name) : "");
    }
    if (c.chosen == nullptr) {
        // One short line; why each kind was passed over is the detail
        // (--verbose, JSON "detail"): a dozen reasons make a 600-character line.
        c.error = {"unrecognized",
                   fmt::format("not a kind of data mpio-inspect recognizes ({} kinds tried{}; --verbose says why)",
                               rejected.size(), suggestion_text(suggestions)),
                   0, std::move(rejected)};
    } else if (c.chosen->decode == nullptr) {
        c.error = {"not_decodable_yet",
                   fmt::format("looks like {}, which mpio-inspect cannot decode yet", c.chosen->title),
                   0,
                   {c.reason}};
        c.chosen = nullptr;
    }
    return c;
}

} // namespace mpio_inspect
