// SPDX-License-Identifier: MIT
// Differential check: mpio's LUN decoding (mpio/scsi/lun.hpp) against
// sg3_utils' sg_luns.
//
// Debian's sg_luns (sg3_utils 1.46, sg_luns 1.45) has no --inhex option, so
// the REPORT LUNS samples tests/data/sg3_utils-inhex/luns_*.hex are split
// here with mpio's parser and each LUN is handed to `sg_luns --test=LUN`,
// which prints the same decoding as --decode does for a listed LUN. For every
// LUN of the samples, a set of edge cases and a few hundred generated ones:
//
//   - the decoding, as LU_CONG 0 and 1 (--lu_cong) and in decimal and hex
//     (--hex), must be the same text as mpio::scsi::decoded_text();
//   - the Linux integer LUN (`--test=LUNL --hex`) must be to_linux_lun(),
//     and `--test=L<integer>` must print from_linux_lun()'s bytes.
//
// Malformed LUNs (lun::status() not ok) are where mpio says more than
// sg_luns does (docs/differences/luns.md): there the texts must agree once
// both programs' "<<...>>" remark lines are dropped, except for an extended
// element running past the LUN, where sg_luns reads past its 8-byte array:
// those are counted and skipped.
//
// The path of sg_luns is argv[1]; the test data directory is argv[2].
#include <mpio/scsi/lun.hpp>
#include <mpio/scsi/report_luns.hpp>

#include <mpio/hosted/hex_input.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

namespace scsi = mpio::scsi;
using lun_bytes = std::vector<mpio::byte>;

std::string run(const std::string& command)
{
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return "<popen failed>";
    char buffer[512];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
    return out;
}

std::string hex(const lun_bytes& b)
{
    std::string s;
    char two[3];
    for (const mpio::byte x : b) {
        std::snprintf(two, sizeof two, "%02x", x);
        s += two;
    }
    return s;
}

std::string drop_remarks(const std::string& text)
{
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end + 1;
        const std::string line = text.substr(start, end - start);
        if (line.find("<<") == std::string::npos || line.find(">>") == std::string::npos ||
            line.find("<<") > line.find(">>"))
            out += line;
        start = end;
    }
    return out;
}

struct counts {
    int compared = 0;
    int loose = 0;   // malformed: compared without remark lines
    int skipped = 0; // extended element past the LUN
    int failed = 0;
};

void compare_decoding(const std::string& sg_luns, const lun_bytes& bytes, counts& c)
{
    for (int variant = 0; variant < 4; ++variant) {
        const bool lu_cong = (variant & 1) != 0;
        const bool in_hex = (variant & 2) != 0;
        const scsi::lun l(mpio::byte_view(bytes.data(), bytes.size()), lu_cong);
        const mpio::list_status status = l.status();
        if (status.error == mpio::errc::descriptor_overrun && status.offset < scsi::lun::size) {
            ++c.skipped;
            continue;
        }
        std::string theirs =
            run(sg_luns + " --test=" + hex(bytes) + (lu_cong ? " --lu_cong" : "") + (in_hex ? " --hex" : "") + " 2>&1");
        const std::string header = "Decoded LUN:\n";
        if (theirs.rfind(header, 0) == 0) theirs.erase(0, header.size());
        const auto text = scsi::decoded_text(l, in_hex ? scsi::lun_number_base::hex : scsi::lun_number_base::decimal);
        std::string ours = text.c_str();
        if (!status.ok()) {
            theirs = drop_remarks(theirs);
            ours = drop_remarks(ours);
            ++c.loose;
        } else {
            ++c.compared;
        }
        if (ours != theirs || text.overflowed()) {
            ++c.failed;
            std::printf("MISMATCH %s lu_cong=%d hex=%d\n--- sg_luns\n%s--- mpio\n%s\n", hex(bytes).c_str(), lu_cong,
                        in_hex, theirs.c_str(), ours.c_str());
        }
    }
}

void compare_linux(const std::string& sg_luns, const lun_bytes& bytes, counts& c)
{
    const scsi::lun l(mpio::byte_view(bytes.data(), bytes.size()));
    const std::uint64_t ours = scsi::to_linux_lun(l);
    char expected[128];
    std::snprintf(expected, sizeof expected, "Linux 'word flipped' integer LUN representation: 0x%" PRIx64 "\n", ours);
    const std::string theirs = run(sg_luns + " --test=" + hex(bytes) + "L --hex 2>&1");
    if (theirs.rfind(expected, 0) != 0) {
        ++c.failed;
        std::printf("MISMATCH linux %s: sg_luns said\n%smpio: %s", hex(bytes).c_str(), theirs.c_str(), expected);
    }
    // And back: sg_luns --test=L<decimal> prints the T10 bytes.
    const scsi::lun_buffer back = scsi::from_linux_lun(ours);
    std::string t10 = "64 bit LUN in T10 preferred (hex) format: ";
    for (const mpio::byte b : back.bytes) {
        char three[4];
        std::snprintf(three, sizeof three, " %02x", b);
        t10 += three;
    }
    t10 += "\n";
    const std::string theirs_back = run(sg_luns + " --test=L" + std::to_string(ours) + " 2>&1");
    if (theirs_back.rfind(t10, 0) != 0 || !(back.view() == l.bytes())) {
        ++c.failed;
        std::printf("MISMATCH linux back %s: sg_luns said\n%smpio: %s", hex(bytes).c_str(), theirs_back.c_str(),
                    t10.c_str());
    }
    ++c.compared;
}

// Deterministic generator (xorshift64*), so failures reproduce.
struct generator {
    std::uint64_t state = 0x9E3779B97F4A7C15u;
    std::uint64_t next()
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 0x2545F4914F6CDD1Du;
    }
    mpio::byte byte() { return static_cast<mpio::byte>(next() >> 56); }
};

// An addressing element of `size` bytes (2 or an extended length) in one of
// the shapes SAM defines, sometimes reserved ones.
void element(generator& g, lun_bytes& out, bool relay)
{
    const unsigned pick = static_cast<unsigned>(g.next() % 8);
    mpio::byte first = g.byte();
    if (relay) {
        out.push_back(static_cast<mpio::byte>(1 + first % 63)); // peripheral device addressing, a target
        out.push_back(g.byte());
        return;
    }
    switch (pick) {
    case 0: first = static_cast<mpio::byte>(first & 0x3F); break;           // peripheral
    case 1: first = static_cast<mpio::byte>(0x40 | (first & 0x3F)); break;  // flat space
    case 2: first = static_cast<mpio::byte>(0x80 | (first & 0x3F)); break;  // logical unit
    case 3: first = 0xC1; break;                                            // W-LUN
    case 4: first = 0xD2; break;                                            // extended flat space
    case 5: first = 0xE2; break;                                            // long extended flat space
    default: first = static_cast<mpio::byte>(0xC0 | (first & 0x3F)); break; // any extended
    }
    out.push_back(first);
    const std::size_t size = (first >> 6) == 3 ? 2u * (1u + ((first >> 4) & 3u)) : 2u;
    for (std::size_t i = 1; i < size; ++i)
        out.push_back(pick == 3 && g.next() % 2 ? static_cast<mpio::byte>(g.byte() % 8) : g.byte());
}

lun_bytes generated(generator& g)
{
    lun_bytes b;
    const unsigned relays = static_cast<unsigned>(g.next() % 4);
    for (unsigned i = 0; i < relays; ++i) element(g, b, true);
    element(g, b, false);
    // Mostly null levels after the address; sometimes junk (a malformed LUN).
    const bool junk = g.next() % 6 == 0;
    while (b.size() < 8) b.push_back(junk ? g.byte() : 0);
    b.resize(8);
    return b;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: luns_diff SG_LUNS DATA_DIR\n");
        return 2;
    }
    const std::string sg_luns = argv[1];
    const std::string data = argv[2];

    std::vector<lun_bytes> luns;
    for (const char* name : {"luns_wlun.hex", "luns_lu_cong.hex"}) {
        const mpio::hosted::input_bytes in = mpio::hosted::load_bytes(data + "/sg3_utils-inhex/" + name);
        if (!in.ok) {
            std::fprintf(stderr, "%s: %s\n", name, in.error.reason.c_str());
            return 2;
        }
        const auto rl = scsi::parse_report_luns(mpio::byte_view(in.bytes.data(), in.bytes.size()));
        if (!rl || rl->truncated() || !rl->luns().status().ok()) {
            std::fprintf(stderr, "%s: not a complete REPORT LUNS response\n", name);
            return 2;
        }
        for (const scsi::lun l : rl->luns()) luns.emplace_back(l.bytes().begin(), l.bytes().end());
    }
    const std::size_t from_samples = luns.size();

    // Edge cases: every format at its limits, multi-level, conglomerates,
    // reserved extended methods, and malformed shapes.
    const char* edge[] = {
        "0000000000000000", "00ff000000000000", "3fff000000000000", "0308000000000000", "0308030804080001",
        "3f01000000000000", "4000000000000000", "7fff000000000000", "8000000000000000", "bfff000000000000",
        "c100000000000000", "c101000000000000", "c102000000000000", "c103000000000000", "c104000000000000",
        "c105000000000000", "c106000000000000", "c107000000000000", "c1ff000000000000", "c0ab000000000000",
        "cf00000000000000", "d112345600000000", "d200000000000000", "d2ffffff00000000", "e2ffffffffff0000",
        "e2000000000f0000", "e1123456789a0000", "f1123456789abcde", "f200000000000000", "ff00000000000000",
        "ffffffffffffffff", "0001000200000000", "0001d21234560000", "0001400100000000", "0001c10100000000",
        "3fff3fff00000000", "0308d27788990000", "0308e2778899aabb", "03080308c1010000", "0308030803080308",
        "8144123400000000", "0001000000000001", "4001000200000000", "00010000ffff0000",
    };
    for (const char* e : edge) {
        lun_bytes b;
        for (std::size_t i = 0; i < 8; ++i) {
            const std::string two(e + 2 * i, 2);
            b.push_back(static_cast<mpio::byte>(std::stoul(two, nullptr, 16)));
        }
        luns.push_back(b);
    }
    generator g;
    for (int i = 0; i < 300; ++i) luns.push_back(generated(g));

    counts c;
    for (const lun_bytes& b : luns) compare_decoding(sg_luns, b, c);
    counts linux_counts;
    for (const lun_bytes& b : luns) compare_linux(sg_luns, b, linux_counts);

    std::printf("%zu LUNs (%zu from the samples): %d decodings identical, %d malformed compared without remarks, "
                "%d skipped (extended element past the LUN), %d Linux integer round trips; %d mismatches\n",
                luns.size(), from_samples, c.compared, c.loose, c.skipped, linux_counts.compared,
                c.failed + linux_counts.failed);
    return c.failed + linux_counts.failed == 0 ? 0 : 1;
}
