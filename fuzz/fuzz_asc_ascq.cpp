// SPDX-License-Identifier: MIT
// Fuzz target: the ASC/ASCQ names (mpio/scsi/asc_ascq.hpp). The input is a
// sequence of (ASC, ASCQ, sense key) triples; every one is looked up,
// classified and rendered, and the invariants the header promises are
// checked with a trap: a rendering never overflows its documented capacity
// and is never empty, the lookup agrees with the classification, a listed
// pair renders as its text, an unlisted one starts with its numbers.
#include <mpio/scsi/asc_ascq.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

bool starts_with(const char* text, const char* prefix)
{
    for (std::size_t i = 0; prefix[i] != '\0'; ++i)
        if (text[i] != prefix[i]) return false;
    return true;
}

void check_code(std::uint8_t asc, std::uint8_t ascq, std::uint8_t key)
{
    using namespace mpio::scsi;
    using mpio_fuzz::check;

    const additional_sense_kind kind = classify_additional_sense(asc, ascq);
    const char* text = additional_sense_text(asc, ascq);
    const additional_sense_entry* entry = find_additional_sense(asc, ascq);
    check(mpio_fuzz::length(to_string(kind)) > 0);

    switch (kind) {
    case additional_sense_kind::listed:
    case additional_sense_kind::obsolete:
        check(entry != nullptr && entry->asc == asc && entry->ascq == ascq && text == entry->text);
        break;
    case additional_sense_kind::ranged: check(entry == nullptr && text != nullptr); break;
    case additional_sense_kind::vendor_specific_asc: check(asc >= 0x80 && entry == nullptr && text == nullptr); break;
    case additional_sense_kind::vendor_specific_ascq:
        check(asc < 0x80 && ascq >= 0x80 && entry == nullptr && text == nullptr);
        break;
    case additional_sense_kind::reserved:
        check(asc < 0x80 && ascq < 0x80 && entry == nullptr && text == nullptr);
        break;
    }
    if (text != nullptr) check(mpio_fuzz::length(text) <= additional_sense_text_capacity);

    mpio::fixed_text<additional_sense_text_capacity> out;
    append_additional_sense(out, asc, ascq);
    check(!out.overflowed() && !out.empty());
    if (kind == additional_sense_kind::listed) check(out.equals(text));
    if (text == nullptr || kind == additional_sense_kind::obsolete) {
        mpio::fixed_text<additional_sense_text_capacity> numbers;
        numbers.append("ASC 0x").append_hex(asc, 2).append(" ASCQ 0x").append_hex(ascq, 2);
        check(starts_with(out.c_str(), numbers.c_str()));
    }

    mpio::fixed_text<sense_text_capacity> line;
    append_sense(line, static_cast<sense_key>(key), asc, ascq);
    check(!line.overflowed());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // A lone byte is an ASC with ASCQ 00h; a missing sense key is 00h.
    for (std::size_t i = 0; i < size; i += 3) {
        const std::uint8_t asc = data[i];
        const std::uint8_t ascq = i + 1 < size ? data[i + 1] : 0;
        const std::uint8_t key = i + 2 < size ? data[i + 2] : 0;
        check_code(asc, ascq, key);
    }
    return 0;
}
