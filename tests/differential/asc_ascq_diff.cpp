// SPDX-License-Identifier: MIT
// Differential check: mpio's ASC/ASCQ names (mpio/scsi/asc_ascq.hpp) against
// sg3_utils' sg_get_asc_ascq_str() (libsgutils2), for all 65536 pairs.
//
// Comparison rule (docs/differences/asc_ascq.md):
// - names are compared case-insensitively with runs of blanks collapsed
//   (mpio keeps T10's upper case, sg3_utils writes sentence case), after
//   sg3_utils' "Additional sense: " prefix is removed;
// - a ranged entry (40h/80h..FFh, 4Dh/NNh, 70h/NNh) agrees when sg3_utils
//   prints the same words before the number and the ASCQ in hex;
// - an unlisted pair agrees when both call it the same thing: vendor specific
//   ASC, vendor specific qualification of the ASCQ, or plain unknown.
// Every known disagreement is listed below with its reason; the check fails
// on any other disagreement and on a listed one that no longer happens.
#include <mpio/scsi/asc_ascq.hpp>

#include <scsi/sg_lib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

using namespace mpio::scsi;

namespace {

std::string normalized(const std::string& text)
{
    std::string out;
    bool blank = false;
    for (const char c : text) {
        if (c == ' ' || c == '\t') {
            blank = !out.empty();
            continue;
        }
        if (blank) out += ' ';
        blank = false;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// What sg3_utils says about a pair.
enum class sg_kind { named, vendor_specific_asc, vendor_specific_ascq, unknown };

struct sg_answer {
    sg_kind kind;
    std::string text; // the name, without "Additional sense: "
};

sg_answer ask_sg3_utils(unsigned asc, unsigned ascq)
{
    char buffer[256];
    const std::string s = sg_get_asc_ascq_str(static_cast<int>(asc), static_cast<int>(ascq), sizeof buffer, buffer);
    static const std::string named_prefix = "Additional sense: ";
    if (starts_with(s, named_prefix)) return {sg_kind::named, s.substr(named_prefix.size())};
    if (starts_with(s, "vendor specific ASC=")) return {sg_kind::vendor_specific_asc, s};
    if (s.find("vendor specific qualification ASCQ=") != std::string::npos) return {sg_kind::vendor_specific_ascq, s};
    return {sg_kind::unknown, s};
}

// The words of a ranged text before its "NN", e.g. "TAGGED OVERLAPPED
// COMMANDS" for "TAGGED OVERLAPPED COMMANDS (NN = TASK TAG)".
std::string words_before_number(const char* text)
{
    std::string t(text);
    t = t.substr(0, t.find("NN"));
    while (!t.empty() && (t.back() == ' ' || t.back() == '(')) t.pop_back();
    return normalized(t);
}

bool agree(unsigned asc, unsigned ascq, const sg_answer& sg)
{
    const auto a = static_cast<std::uint8_t>(asc);
    const auto q = static_cast<std::uint8_t>(ascq);
    switch (classify_additional_sense(a, q)) {
    case additional_sense_kind::listed:
        return sg.kind == sg_kind::named && normalized(additional_sense_text(a, q)) == normalized(sg.text);
    case additional_sense_kind::ranged: {
        char number[8];
        std::snprintf(number, sizeof number, "0X%X", ascq);
        const std::string theirs = normalized(sg.text);
        return sg.kind == sg_kind::named && starts_with(theirs, words_before_number(additional_sense_text(a, q))) &&
               theirs.find(number) != std::string::npos;
    }
    case additional_sense_kind::obsolete: return false; // sg3_utils has no "obsolete" answer
    case additional_sense_kind::vendor_specific_asc: return sg.kind == sg_kind::vendor_specific_asc;
    case additional_sense_kind::vendor_specific_ascq: return sg.kind == sg_kind::vendor_specific_ascq;
    case additional_sense_kind::reserved: return sg.kind == sg_kind::unknown;
    }
    return false;
}

// The known disagreements, each explained in docs/differences/asc_ascq.md.
struct known_difference {
    unsigned asc;
    unsigned ascq_first;
    unsigned ascq_last;
    const char* reason;
    std::size_t seen;
};

known_difference known[] = {
    {0x20, 0x05, 0x05, "T10 lists it as Obsolete; sg3_utils keeps the old name", 0},
    {0x24, 0x02, 0x03, "T10 lists them as Obsolete; sg3_utils keeps the old names", 0},
    {0x30, 0x0b, 0x0b, "not in the T10 list; sg3_utils names it \"Cleaning tape expired\"", 0},
    {0x40, 0x01, 0x7f, "T10 assigns 40h/00h and 40h/80h..FFh only; sg3_utils extends RAM FAILURE", 0},
    {0x41, 0x01, 0xff, "T10 assigns 41h/00h only; sg3_utils numbers the rest", 0},
    {0x42, 0x01, 0xff, "T10 assigns 42h/00h only; sg3_utils numbers the rest", 0},
};

known_difference* find_known(unsigned asc, unsigned ascq)
{
    for (known_difference& k : known)
        if (k.asc == asc && ascq >= k.ascq_first && ascq <= k.ascq_last) return &k;
    return nullptr;
}

} // namespace

int main()
{
    std::size_t agreed = 0;
    std::size_t unexpected = 0;
    for (unsigned asc = 0; asc <= 0xff; ++asc) {
        for (unsigned ascq = 0; ascq <= 0xff; ++ascq) {
            const sg_answer sg = ask_sg3_utils(asc, ascq);
            if (agree(asc, ascq, sg)) {
                ++agreed;
                if (find_known(asc, ascq) != nullptr) {
                    std::printf("FIXED? %02Xh/%02Xh now agrees but is listed as a known difference\n", asc, ascq);
                    ++unexpected;
                }
                continue;
            }
            if (known_difference* k = find_known(asc, ascq)) {
                ++k->seen;
                continue;
            }
            ++unexpected;
            mpio::fixed_text<additional_sense_text_capacity> ours;
            append_additional_sense(ours, static_cast<std::uint8_t>(asc), static_cast<std::uint8_t>(ascq));
            std::printf("DIFFERENT %02Xh/%02Xh\n  mpio:      %s\n  sg3_utils: %s\n", asc, ascq, ours.c_str(),
                        sg.text.c_str());
        }
    }
    for (const known_difference& k : known) {
        const std::size_t span = k.ascq_last - k.ascq_first + 1;
        std::printf("known  %02Xh/%02Xh..%02Xh  %3zu of %3zu differ: %s\n", k.asc, k.ascq_first, k.ascq_last, k.seen,
                    span, k.reason);
        if (k.seen != span) ++unexpected;
    }
    std::printf("%zu of 65536 pairs agree with sg3_utils %s; %zu unexpected\n", agreed, sg_lib_version(), unexpected);
    return unexpected == 0 ? 0 : 1;
}
