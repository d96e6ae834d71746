// SPDX-License-Identifier: MIT
// Differential check: mpio's sense data parser (mpio/scsi/sense_data.hpp)
// against sg3_utils' libsgutils2, on the sense samples of
// tests/data/sg3_utils-inhex/, every prefix of them, and a few thousand
// generated sense buffers (fixed, descriptor with every descriptor type,
// malformed lengths, truncations, random bytes).
//
// Five questions are asked of both for every buffer:
//   normalize  sg_scsi_normalize_sense()        vs parse_sense_data() + accessors
//   info       sg_get_sense_info_fld()          vs sense_data::information()
//   progress   sg_get_sense_progress_fld()      vs sense_data::progress_indication(),
//                                                  then an another progress
//                                                  indication descriptor (0Ah),
//                                                  which sg3_utils also returns
//   fm/eom/ili sg_get_sense_filemark_eom_ili()  vs sense_data::filemark()/eom()/ili()
//   find       sg_scsi_sense_desc_find()        vs descriptor_sense_data::find(),
//                                                  types 00h..0Fh, 80h, FFh
//
// A disagreement is accepted only when it falls in one of the categories of
// docs/differences/sense.md, each recognised from the bytes by its own test
// (not by "mpio said no"); the program fails on any other disagreement and on
// a category that never occurs (a fixed difference must leave the list).
#include <mpio/hosted/hex_input.hpp>
#include <mpio/scsi/sense_data.hpp>

#include <scsi/sg_lib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace scsi = mpio::scsi;
using mpio::byte;
using mpio::byte_view;

namespace {

// ------------------------------------------------------------- categories

enum category : int {
    short_header,            // 1..7 bytes: sg3_utils decodes, mpio errc::too_short
    descriptor_reserved_bit, // byte 0 F2h/F3h: sg3_utils finds no descriptor
    descriptor_overrun,      // sg3_utils uses a descriptor that runs past the data
    block_device_descriptor, // mpio also reads the 0Dh descriptor
    block_commands_ili,      // mpio's ili() also reads 05h
    stream_commands_length,  // 04h with ADDITIONAL LENGTH > 2: sg3_utils accepts it
    fixed_beyond_length,     // sg3_utils reads fixed fields past ADDITIONAL SENSE LENGTH
    category_count,
};

struct category_info {
    const char* name;
    std::size_t seen;
};
category_info categories[category_count] = {
    {"shorter than the 8-byte header", 0},
    {"descriptor format with the reserved bit 7 of byte 0 set", 0},
    {"descriptor running past the returned sense data", 0},
    {"direct-access block device descriptor (0Dh)", 0},
    {"ILI of the block commands descriptor (05h)", 0},
    {"stream commands descriptor with ADDITIONAL LENGTH above 02h", 0},
    {"fixed format field past ADDITIONAL SENSE LENGTH", 0},
};

std::size_t compared = 0;
std::size_t agreed = 0;
std::size_t unexpected = 0;

// A dry run only asks whether a comparison agrees (for the reserved bit
// test)), without recording anything.
bool dry_run = false;
bool dry_agree = true;

// A buffer with zero padding behind it: sg3_utils reads past sb_len in some
// cases (a descriptor that overruns, byte 4 of a short descriptor header) and
// must not leave the allocation while doing so.
struct padded {
    std::vector<byte> storage;
    int size;
    explicit padded(const std::vector<byte>& bytes) : storage(bytes), size(static_cast<int>(bytes.size()))
    {
        storage.resize(bytes.size() + 300, 0);
    }
    const byte* data() const { return storage.data(); }
    byte_view view() const { return {storage.data(), static_cast<std::size_t>(size)}; }
    byte at(int i) const { return storage[static_cast<std::size_t>(i)]; }
};

std::string hex(const padded& b)
{
    std::string s;
    char two[4];
    for (int i = 0; i < b.size; ++i) {
        std::snprintf(two, sizeof two, "%02x", b.at(i));
        s += two;
        if (i + 1 < b.size) s += ' ';
    }
    return s;
}

// --------------------------------------------- category tests on the bytes

bool is_descriptor_code(byte b0) { return (b0 & 0x7F) == 0x72 || (b0 & 0x7F) == 0x73; }
bool is_sense_code(byte b0) { return (b0 & 0x7F) >= 0x70 && (b0 & 0x7F) <= 0x73; }

bool has_short_header(const padded& b) { return b.size >= 1 && b.size < 8 && is_sense_code(b.at(0)); }

bool has_reserved_bit(const padded& b) { return b.size >= 8 && is_descriptor_code(b.at(0)) && (b.at(0) & 0x80); }

// The same bytes with the reserved bit 7 of byte 0 cleared.
padded without_bit7(const padded& b)
{
    std::vector<byte> copy(b.storage.begin(), b.storage.begin() + b.size);
    copy[0] = static_cast<byte>(copy[0] & 0x7F);
    return padded(copy);
}

// The reserved bit explains a difference when, once the bit is cleared,
// sg3_utils agrees with mpio or differs for another listed reason (mpio
// ignores the bit, so its answer is the same).
bool bit7_explains(void (*comparison)(const padded&), const padded& b)
{
    if (!has_reserved_bit(b)) return false;
    const padded cleared = without_bit7(b);
    dry_run = true;
    dry_agree = true;
    comparison(cleared);
    dry_run = false;
    return dry_agree;
}

// The descriptor of `type` that sg3_utils finds runs past the descriptor
// area (min(ADDITIONAL SENSE LENGTH, sb_len - 8)) or has no length byte.
bool sg_finds_overrun(const padded& b, int type)
{
    const byte* d = sg_scsi_sense_desc_find(b.data(), b.size, type);
    if (d == nullptr) return false;
    const int offset = static_cast<int>(d - (b.data() + 8));
    const int area = std::min<int>(b.at(7), b.size - 8);
    return offset + 2 > area || offset + 2 + d[1] > area;
}

// What mpio's descriptor walk reaches, for the 0Dh/05h categories.
bool mpio_has(const padded& b, scsi::sense_descriptor_type type)
{
    const auto d = scsi::parse_descriptor_sense_data(b.view());
    return d && d->find(type).has_value();
}

// Fixed format, buffer of at least 18 bytes, sense data shorter than 18.
bool fixed_sks_past_length(const padded& b) { return b.size >= 18 && !is_descriptor_code(b.at(0)) && b.at(7) + 8 < 18; }

// --------------------------------------------------------------- checking

// The categories that may explain a difference, each with its test's answer.
using reasons_t = std::initializer_list<std::pair<category, bool>>;

// Records one comparison: agreement, an explained difference (the first
// category whose test holds), or an unexpected one, printed.
void verdict(const char* question, const padded& b, bool agree, reasons_t reasons, const std::string& mpio_says,
             const std::string& sg_says)
{
    if (dry_run) { // agreement, or a difference another category explains
        bool explained = agree;
        for (const auto& reason : reasons) explained = explained || reason.second;
        dry_agree = dry_agree && explained;
        return;
    }
    ++compared;
    if (agree) {
        ++agreed;
        return;
    }
    for (const auto& [c, holds] : reasons) {
        if (holds) {
            ++categories[c].seen;
            return;
        }
    }
    ++unexpected;
    if (unexpected <= 40)
        std::printf("DIFFERENT %s on [%s]\n  mpio:      %s\n  sg3_utils: %s\n", question, hex(b).c_str(),
                    mpio_says.c_str(), sg_says.c_str());
}

std::string number(unsigned long long v)
{
    char s[32];
    std::snprintf(s, sizeof s, "0x%llx", v);
    return s;
}

void compare_normalize(const padded& b)
{
    sg_scsi_sense_hdr h{};
    const bool sg_ok = sg_scsi_normalize_sense(b.data(), b.size, &h);
    const auto s = scsi::parse_sense_data(b.view());
    bool agree = sg_ok == s.has_value();
    std::string ours = s ? "parsed" : mpio::errc_name(s.error());
    std::string theirs = sg_ok ? "normalized" : "refused";
    if (agree && sg_ok) {
        const bool fixed = s->format() == scsi::sense_data_format::fixed;
        // ASC and ASCQ as the per-format views give them (byte 12 alone
        // counts for the fixed view, as for sg3_utils).
        const unsigned asc = fixed ? s->fixed().additional_sense_code() : s->additional_sense_code();
        const unsigned ascq =
            fixed ? s->fixed().additional_sense_code_qualifier() : s->additional_sense_code_qualifier();
        agree = h.response_code == static_cast<unsigned>(s->response_code()) &&
                h.sense_key == static_cast<unsigned>(s->sense_key()) && h.asc == asc && h.ascq == ascq;
        if (fixed) {
            // byte4..6: the low three bytes of INFORMATION, VALID or not.
            const std::uint32_t info = s->fixed().information();
            agree = agree && h.byte4 == ((info >> 16) & 0xFF) && h.byte5 == ((info >> 8) & 0xFF) &&
                    h.byte6 == (info & 0xFF) && h.additional_length == 0;
        } else {
            agree = agree && ((h.byte4 & 0x80) != 0) == s->sdat_ovfl() &&
                    h.additional_length == s->additional_sense_length();
        }
        ours = "rc " + number(static_cast<unsigned>(s->response_code())) + " key " +
               number(static_cast<unsigned>(s->sense_key())) + " asc " + number(asc) + " ascq " + number(ascq);
        theirs = "rc " + number(h.response_code) + " key " + number(h.sense_key) + " asc " + number(h.asc) + " ascq " +
                 number(h.ascq);
    }
    verdict("normalize", b, agree, {{short_header, has_short_header(b)}}, ours, theirs);
}

void compare_information(const padded& b)
{
    std::uint64_t sg_info = 0;
    const bool sg_valid = sg_get_sense_info_fld(b.data(), b.size, &sg_info);
    const auto s = scsi::parse_sense_data(b.view());
    const auto info = s ? s->information() : mpio::result<std::uint64_t>(mpio::failure(s.error()));
    const bool agree = sg_valid == info.has_value() && (!sg_valid || sg_info == *info);
    const std::string ours = info ? number(*info) : std::string("none: ") + mpio::errc_name(info.error());
    const std::string theirs = sg_valid ? number(sg_info) : "none";
    verdict("info", b, agree,
            {{short_header, has_short_header(b)},
             {descriptor_reserved_bit, bit7_explains(compare_information, b)},
             {descriptor_overrun, sg_finds_overrun(b, 0x00)},
             {block_device_descriptor, !sg_valid && info.has_value() &&
                                           mpio_has(b, scsi::sense_descriptor_type::direct_access_block_device) &&
                                           !mpio_has(b, scsi::sense_descriptor_type::information)}},
            ours, theirs);
}

void compare_progress(const padded& b)
{
    int sg_progress = -1;
    const bool sg_found = sg_get_sense_progress_fld(b.data(), b.size, &sg_progress);

    // mpio: the sense key specific progress; failing that, the first another
    // progress indication descriptor, as sg3_utils does.
    int ours = -1;
    bool from_block_device = false;
    if (const auto s = scsi::parse_sense_data(b.view())) {
        if (const auto p = s->progress_indication()) {
            ours = *p;
            from_block_device = s->format() == scsi::sense_data_format::descriptor &&
                                !s->descriptor().find(scsi::sense_descriptor_type::sense_key_specific);
        } else if (s->format() == scsi::sense_data_format::descriptor) {
            if (const auto d = s->descriptor().find(scsi::sense_descriptor_type::another_progress_indication))
                if (const auto a = d->as_another_progress_indication()) ours = a->progress_indication();
        }
    }
    const bool agree = sg_found == (ours >= 0) && (!sg_found || sg_progress == ours);
    verdict("progress", b, agree,
            {{short_header, has_short_header(b)},
             {descriptor_reserved_bit, bit7_explains(compare_progress, b)},
             {descriptor_overrun, sg_finds_overrun(b, 0x02) || sg_finds_overrun(b, 0x0A)},
             {block_device_descriptor, from_block_device},
             {fixed_beyond_length, fixed_sks_past_length(b)}},
            ours >= 0 ? number(static_cast<unsigned>(ours)) : "none",
            sg_found ? number(static_cast<unsigned>(sg_progress)) : "none");
}

void compare_filemark_eom_ili(const padded& b)
{
    bool fm = false;
    bool eom = false;
    bool ili = false;
    const bool sg_any = sg_get_sense_filemark_eom_ili(b.data(), b.size, &fm, &eom, &ili);
    if (!sg_any) fm = eom = ili = false; // the outputs are only written when a bit is set

    bool our_fm = false;
    bool our_eom = false;
    bool our_ili = false;
    const auto s = scsi::parse_sense_data(b.view());
    if (s) {
        our_fm = s->filemark();
        our_eom = s->eom();
        our_ili = s->ili();
    }
    const bool agree = fm == our_fm && eom == our_eom && ili == our_ili;

    // ILI from 05h or 0Dh only (no stream commands ILI).
    bool ili_elsewhere = false;
    bool stream_long = false;
    if (s && s->format() == scsi::sense_data_format::descriptor) {
        const auto stream = s->descriptor().find(scsi::sense_descriptor_type::stream_commands);
        stream_long = stream && stream->additional_length() > 2;
        ili_elsewhere = our_ili && fm == our_fm && eom == our_eom && !ili &&
                        (mpio_has(b, scsi::sense_descriptor_type::block_commands) ||
                         mpio_has(b, scsi::sense_descriptor_type::direct_access_block_device));
    }
    const auto bits = [](bool f, bool e, bool i) {
        return std::string(f ? "FILEMARK " : "") + (e ? "EOM " : "") + (i ? "ILI" : "") + (f || e || i ? "" : "none");
    };
    verdict("fm/eom/ili", b, agree,
            {{short_header, has_short_header(b)},
             {descriptor_reserved_bit, bit7_explains(compare_filemark_eom_ili, b)},
             {descriptor_overrun, sg_finds_overrun(b, 0x04)},
             {stream_commands_length, stream_long},
             {block_commands_ili, ili_elsewhere && mpio_has(b, scsi::sense_descriptor_type::block_commands)},
             {block_device_descriptor, ili_elsewhere}},
            bits(our_fm, our_eom, our_ili), bits(fm, eom, ili));
}

void compare_find(const padded& b)
{
    const auto d = scsi::parse_descriptor_sense_data(b.view());
    for (const int type :
         {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x80, 0xFF}) {
        const byte* sg = sg_scsi_sense_desc_find(b.data(), b.size, type);
        const int sg_offset = sg ? static_cast<int>(sg - (b.data() + 8)) : -1;
        int ours = -1;
        if (d)
            if (const auto f = d->find(static_cast<scsi::sense_descriptor_type>(type)))
                ours = static_cast<int>(f->offset());
        const bool bit7 = has_reserved_bit(b) && [&] {
            const padded cleared = without_bit7(b);
            const byte* c = sg_scsi_sense_desc_find(cleared.data(), cleared.size, type);
            return (c ? static_cast<int>(c - (cleared.data() + 8)) : -1) == ours;
        }();
        verdict("find", b, sg_offset == ours,
                {{descriptor_reserved_bit, bit7}, {descriptor_overrun, sg_finds_overrun(b, type)}},
                "type " + number(static_cast<unsigned>(type)) + " at " + std::to_string(ours),
                "type " + number(static_cast<unsigned>(type)) + " at " + std::to_string(sg_offset));
    }
}

void compare(const std::vector<byte>& bytes)
{
    const padded b(bytes);
    compare_normalize(b);
    compare_information(b);
    compare_progress(b);
    compare_filemark_eom_ili(b);
    compare_find(b);
}

// ------------------------------------------------------------- generation

struct rng {
    std::uint64_t state;
    std::uint64_t next()
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
    unsigned below(unsigned n) { return static_cast<unsigned>(next() % n); }
    byte any() { return static_cast<byte>(next()); }
    bool one_in(unsigned n) { return below(n) == 0; }
};

// A well-formed descriptor of `type` with random contents.
std::vector<byte> make_descriptor(rng& r, unsigned type)
{
    unsigned length = 0; // ADDITIONAL LENGTH
    switch (type) {
    case 0x00:
    case 0x01: length = 0x0a; break;
    case 0x02:
    case 0x0A:
    case 0x0F: length = 0x06; break;
    case 0x03:
    case 0x04:
    case 0x05: length = 0x02; break;
    case 0x09: length = 0x0c; break;
    case 0x0B: length = 2 + 20 * r.below(2) + 4 * r.below(3); break;
    case 0x0C: length = 2 + 8 * r.below(3); break;
    case 0x0D: length = 0x16; break;
    case 0x0E: length = 2 + 4 + 8; break;
    default: length = r.below(12); break;
    }
    std::vector<byte> d(2 + length);
    d[0] = static_cast<byte>(type);
    d[1] = static_cast<byte>(length);
    for (std::size_t i = 2; i < d.size(); ++i) d[i] = r.one_in(3) ? 0 : r.any();
    if (type == 0x00 || type == 0x0D) d[2] = static_cast<byte>(r.one_in(4) ? d[2] & 0x7F : d[2] | 0x80); // VALID
    if (type == 0x02 || type == 0x0D) d[4] = static_cast<byte>(r.one_in(4) ? d[4] & 0x7F : d[4] | 0x80); // SKSV
    if (type == 0x0B && length >= 22) d[4 + 3] = static_cast<byte>((length - 2 - 20) / 4); // port group count
    if (type == 0x0E) {
        d[4] = 0x01;
        d[5] = 0x03;
        d[7] = 8;
    }
    // Now and then, a length other than SPC's.
    if (r.one_in(12)) d[1] = static_cast<byte>(d[1] + (r.one_in(2) ? 1 : -1));
    return d;
}

std::vector<byte> make_fixed(rng& r)
{
    std::vector<byte> s(18 + r.below(6));
    for (byte& x : s) x = r.one_in(3) ? 0 : r.any();
    static const byte codes[] = {0x70, 0x71, 0xF0, 0xF1};
    s[0] = codes[r.below(4)];
    // Sense keys with a sense key specific format, often.
    static const byte keys[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0A};
    s[2] = static_cast<byte>((s[2] & 0xF0) | (r.one_in(4) ? r.below(16) : keys[r.below(8)]));
    s[7] = static_cast<byte>(r.one_in(3) ? r.below(16) : s.size() - 8);
    if (r.one_in(2)) s[15] |= 0x80;
    if (r.one_in(4)) s.resize(r.below(static_cast<unsigned>(s.size()) + 1));
    return s;
}

std::vector<byte> make_descriptor_format(rng& r)
{
    std::vector<byte> s(8);
    s[0] = r.one_in(10) ? static_cast<byte>(0xF2 + r.below(2)) : static_cast<byte>(0x72 + r.below(2));
    static const byte keys[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0A};
    s[1] = r.one_in(4) ? static_cast<byte>(r.below(16)) : keys[r.below(8)];
    s[2] = r.any();
    s[3] = r.any();
    s[4] = static_cast<byte>(r.below(2) << 7);
    const unsigned n = r.below(6);
    for (unsigned i = 0; i < n; ++i) {
        const unsigned type = r.one_in(8) ? 0x80 + r.below(0x80) : r.below(0x11);
        const std::vector<byte> d = make_descriptor(r, type);
        s.insert(s.end(), d.begin(), d.end());
    }
    if (s.size() > 8 + 244) s.resize(8 + 244);
    s[7] = static_cast<byte>(s.size() - 8);
    if (r.one_in(6)) {
        const int delta = r.one_in(2) ? static_cast<int>(r.below(8)) : -static_cast<int>(r.below(8));
        s[7] = static_cast<byte>(s[7] + delta);
    }
    if (r.one_in(4)) s.resize(r.below(static_cast<unsigned>(s.size()) + 1));
    return s;
}

std::vector<byte> make_random(rng& r)
{
    std::vector<byte> s(r.below(40));
    for (byte& x : s) x = r.any();
    if (!s.empty() && r.one_in(2)) s[0] = static_cast<byte>(0x70 + r.below(4));
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::printf("usage: sense_diff TESTS_DATA_DIR\n");
        return 2;
    }
    const std::string data_dir = argv[1];
    std::size_t samples = 0;
    for (const char* name : {"fixed_sense.hex", "descriptor_sense.hex", "forwarded_sense.hex", "ref_sense.hex"}) {
        const mpio::hosted::input_bytes in = mpio::hosted::load_bytes(data_dir + "/sg3_utils-inhex/" + name);
        if (!in.ok) {
            std::printf("cannot read %s: %s\n", name, in.error.reason.c_str());
            return 1;
        }
        for (std::size_t n = 0; n <= in.bytes.size(); ++n, ++samples)
            compare(std::vector<byte>(in.bytes.begin(), in.bytes.begin() + static_cast<std::ptrdiff_t>(n)));
    }

    rng r{0x5e45e0da7au};
    for (int i = 0; i < 4000; ++i, ++samples) {
        switch (i % 4) {
        case 0: compare(make_fixed(r)); break;
        case 1:
        case 2: compare(make_descriptor_format(r)); break;
        default: compare(make_random(r)); break;
        }
    }

    for (const category_info& c : categories) {
        std::printf("known  %6zu  %s\n", c.seen, c.name);
        if (c.seen == 0) {
            std::printf("FIXED? no disagreement of this kind any more: update docs/differences/sense.md\n");
            ++unexpected;
        }
    }
    std::printf("%zu buffers, %zu comparisons: %zu agree with sg3_utils %s; %zu unexpected\n", samples, compared,
                agreed, sg_lib_version(), unexpected);
    return unexpected == 0 ? 0 : 1;
}
