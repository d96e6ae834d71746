// SPDX-License-Identifier: MIT
// detect.hpp - choosing the kind of the data in a file: forced by --as, or
// auto-detected by asking every kind's recognizer (heuristic: docs/cli.md).
#ifndef MPIO_INSPECT_DETECT_HPP
#define MPIO_INSPECT_DETECT_HPP

#include <string>

#include <mpio/core/byte_view.hpp>

#include "kinds.hpp"
#include "report.hpp"

namespace mpio_inspect {

struct choice {
    const kind* chosen = nullptr; // null: no kind fits, see `error`
    bool forced = false;          // chosen by --as
    bool ambiguous = false;       // another kind was plausible too
    std::string reason;           // why this kind (and which others were plausible)
    std::string warning;          // forced against the recognizer's opinion: why it looks wrong
    problem error;                // when chosen is null
};

// `forced` is the --as kind, or null for auto-detection.
choice choose_kind(mpio::byte_view data, const kind* forced);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_DETECT_HPP
