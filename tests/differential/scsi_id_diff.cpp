// SPDX-License-Identifier: MIT
// Differential check: mpio's systemd-scsi_id scheme
// (mpio/ident/scheme_systemd_scsi_id.hpp) against the real udev `scsi_id`
// (Debian package udev, /lib/udev/scsi_id), run on a fake device through
// the LD_PRELOAD library sg_io_shim.cpp.
//
// Each case is a standard INQUIRY response plus an optional VPD page 80h and
// 83h. They are written to files, the shim is told about them, and
//     scsi_id --export --whitelisted --device=/dev/mpio-fake-sg
// is run. Its ID_SERIAL, ID_SERIAL_SHORT, ID_WWN, ID_WWN_VENDOR_EXTENSION,
// ID_WWN_WITH_EXTENSION and ID_TARGET_PORT must equal mpio's
// scsi_id_values(), and systemd_scsi_id_scheme::derive() must give ID_SERIAL
// as its text whenever it finds an identifier.
//
// Cases: the corpus pages of tests/data/sg3_utils-inhex (each 83h/80h page
// with each corpus INQUIRY), hand-made edge cases (every designator type,
// association and code set, blanks, NULs, white space, UTF-8, "\x", the
// pre-SPC-2 EMC layout, vendor/product with NULs, short INQUIRY data), and a
// few hundred generated pages. Generated pages stay within scsi_id's 254-byte
// buffer: past it scsi_id's descriptor walk reads outside its stack buffer
// (scsi_serial.c, do_scsi_page83_inquiry), which no model can reproduce.
// Every tenth case goes through sg_io_hdr (v3) instead of sg_io_v4, as
// scsi_id falls back to when bsg is not there; the shim's log proves both
// interfaces were used.
//
// argv[1]: the scsi_id program; argv[2]: the shim library; argv[3]: the test
// data directory.
#include <mpio/ident/scheme_systemd_scsi_id.hpp>

#include <mpio/hosted/hex_input.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

namespace ident = mpio::ident;
using bytes = std::vector<mpio::byte>;
using vars = std::map<std::string, std::string>;

const char* const fake_device = "/dev/mpio-fake-sg";
std::string scsi_id, shim, dir;
int failures = 0, checked = 0, cases = 0, found_cases = 0;

bool write_file(const std::string& path, const bytes& b)
{
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return false;
    const bool ok = std::fwrite(b.data(), 1, b.size(), f) == b.size();
    std::fclose(f);
    return ok;
}

// One page file per variable; an absent page is an unset variable (the shim
// then leaves it out of page 00h and answers ILLEGAL REQUEST).
void set_page(const char* var, const char* name, const bytes* page)
{
    if (page == nullptr) {
        unsetenv(var);
        return;
    }
    const std::string path = dir + "/" + name;
    write_file(path, *page);
    setenv(var, path.c_str(), 1);
}

vars run_scsi_id(const bytes& inquiry, const bytes* vpd80, const bytes* vpd83, bool v3)
{
    set_page("MPIO_SG_SHIM_INQUIRY", "inquiry.bin", &inquiry);
    set_page("MPIO_SG_SHIM_VPD80", "vpd80.bin", vpd80);
    set_page("MPIO_SG_SHIM_VPD83", "vpd83.bin", vpd83);
    setenv("MPIO_SG_SHIM_NO_V4", v3 ? "1" : "0", 1);
    const std::string cmd =
        "LD_PRELOAD=" + shim + " " + scsi_id + " --export --whitelisted --device=" + fake_device + " 2>/dev/null";
    vars v;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return v;
    // Values are printed raw (an ASCII NAA ID_WWN may hold a newline): a
    // line that does not start with "ID_...=" continues the previous value.
    std::string out, last;
    char chunk[4096];
    std::size_t n = 0;
    while ((n = std::fread(chunk, 1, sizeof chunk, p)) > 0) out.append(chunk, n);
    pclose(p);
    for (std::size_t at = 0; at < out.size();) {
        std::size_t end = out.find('\n', at);
        if (end == std::string::npos) end = out.size();
        const std::string s = out.substr(at, end - at);
        at = end + 1;
        const auto eq = s.find('=');
        bool key = s.rfind("ID_", 0) == 0 && eq != std::string::npos;
        for (std::size_t i = 0; key && i < eq; ++i)
            key = (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
        if (key) {
            last = s.substr(0, eq);
            v[last] = s.substr(eq + 1);
        } else if (!last.empty()) {
            v[last] += "\n" + s;
        }
    }
    return v;
}

std::string get(const vars& v, const char* key)
{
    const auto it = v.find(key);
    return it == v.end() ? std::string() : it->second;
}

void dump(const char* what, const bytes* b)
{
    if (b == nullptr) return;
    std::printf("  %s:", what);
    for (const auto x : *b) std::printf(" %02x", x);
    std::printf("\n");
}

void check(const bytes& inquiry, const bytes* vpd80, const bytes* vpd83)
{
    const bool v3 = cases % 10 == 9;
    ++cases;
    const vars v = run_scsi_id(inquiry, vpd80, vpd83, v3);
    const ident::identity_input in{{inquiry.data(), inquiry.size()},
                                   vpd80 ? mpio::byte_view(vpd80->data(), vpd80->size()) : mpio::byte_view{},
                                   vpd83 ? mpio::byte_view(vpd83->data(), vpd83->size()) : mpio::byte_view{}};
    const ident::scsi_id_export e = ident::scsi_id_values(in);
    const ident::device_identity id = ident::derive_identity<ident::systemd_scsi_id_scheme>(in);
    bool shown = false;
    const auto expect = [&](const char* what, const std::string& real, const std::string& mpio) {
        ++checked;
        if (real == mpio) return;
        if (++failures <= 25) {
            std::printf("MISMATCH %s: scsi_id '%s' mpio '%s'%s\n", what, real.c_str(), mpio.c_str(),
                        v3 ? " (sg v3)" : "");
            if (!shown) {
                dump("inquiry", &inquiry);
                dump("vpd80", vpd80);
                dump("vpd83", vpd83);
                shown = true;
            }
        }
    };
    expect("ID_SCSI", get(v, "ID_SCSI"), "1"); // the shim answered the standard INQUIRY
    expect("ID_SERIAL", get(v, "ID_SERIAL"), e.id_serial.c_str());
    expect("ID_SERIAL_SHORT", get(v, "ID_SERIAL_SHORT"), e.id_serial_short.c_str());
    expect("ID_WWN", get(v, "ID_WWN"), e.id_wwn.c_str());
    expect("ID_WWN_VENDOR_EXTENSION", get(v, "ID_WWN_VENDOR_EXTENSION"), e.id_wwn_vendor_extension.c_str());
    expect("ID_WWN_WITH_EXTENSION", get(v, "ID_WWN_WITH_EXTENSION"), e.id_wwn_with_extension.c_str());
    expect("ID_TARGET_PORT", get(v, "ID_TARGET_PORT"), e.id_target_port.c_str());
    if (id.status() != ident::identity_status::none) {
        ++found_cases;
        expect("derive().text", get(v, "ID_SERIAL"), id.text().c_str());
    }
}

// The page with this code out of a file holding several.
bytes page_of(const bytes& all, mpio::byte code)
{
    for (std::size_t off = 0; off + 4 <= all.size();) {
        const std::size_t len = 4 + ((std::size_t{all[off + 2]} << 8) | all[off + 3]);
        if (all[off + 1] == code) {
            const std::size_t end = off + len < all.size() ? off + len : all.size();
            return bytes(all.begin() + static_cast<std::ptrdiff_t>(off),
                         all.begin() + static_cast<std::ptrdiff_t>(end));
        }
        off += len;
    }
    return {};
}

bytes inquiry_of(const char* vendor_product, std::size_t size = 36)
{
    bytes b{0x00, 0x00, 0x05, 0x02, 0x1f, 0x00, 0x00, 0x00};
    for (std::size_t i = 0; i < 24; ++i) b.push_back(static_cast<mpio::byte>(vendor_product[i]));
    for (const char c : {'0', '0', '0', '1'}) b.push_back(static_cast<mpio::byte>(c));
    b.resize(size);
    return b;
}

bytes page83(std::initializer_list<bytes> descriptors)
{
    bytes p{0x00, 0x83, 0x00, 0x00};
    for (const bytes& d : descriptors) p.insert(p.end(), d.begin(), d.end());
    p[2] = static_cast<mpio::byte>((p.size() - 4) >> 8);
    p[3] = static_cast<mpio::byte>(p.size() - 4);
    return p;
}

bytes descriptor(std::uint8_t code_set, std::uint8_t assoc, std::uint8_t type, const bytes& id)
{
    bytes d{code_set, static_cast<mpio::byte>((assoc << 4) | type), 0, static_cast<mpio::byte>(id.size())};
    d.insert(d.end(), id.begin(), id.end());
    return d;
}

bytes text(const char* s, std::size_t n) { return bytes(s, s + n); }

bytes page80(const bytes& serial)
{
    bytes p{0x00, 0x80, 0x00, static_cast<mpio::byte>(serial.size())};
    p.insert(p.end(), serial.begin(), serial.end());
    return p;
}

std::uint32_t rng_state = 4242;
std::uint32_t rnd(std::uint32_t n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) % n;
}

mpio::byte text_byte()
{
    static const char pool[] = "AZaz09 _/.-\t#+:=@\\x";
    switch (rnd(8)) {
    case 0: return static_cast<mpio::byte>(rnd(256));
    case 1: return 0;
    case 2: return static_cast<mpio::byte>(0x80 + rnd(0x80)); // UTF-8 lead/continuation bytes
    default: return static_cast<mpio::byte>(pool[rnd(sizeof pool - 1)]);
    }
}

bytes generated_vpd83()
{
    bytes page{0x00, 0x83, 0x00, 0x00};
    const std::uint32_t n = 1 + rnd(5);
    for (std::uint32_t d = 0; d < n; ++d) {
        const std::uint32_t code_set = rnd(6) == 0 ? rnd(16) : 1 + rnd(2);
        const std::uint32_t assoc = rnd(8) == 0 ? 3 : rnd(4) == 0 ? rnd(3) : 0;
        static const std::uint8_t types[] = {0, 1, 2, 3, 3, 3, 8, 7, 0xa, 5, 4, 6};
        const std::uint32_t type = types[rnd(sizeof types)];
        std::uint32_t len = rnd(3) == 0 ? rnd(40) : type == 3 ? (rnd(2) ? 8u : 16u) : type == 2 ? 8u : 4 + rnd(20);
        const bool blank = rnd(12) == 0;
        page.push_back(static_cast<mpio::byte>(code_set));
        page.push_back(static_cast<mpio::byte>((assoc << 4) | type));
        page.push_back(0);
        page.push_back(static_cast<mpio::byte>(len));
        for (std::uint32_t i = 0; i < len; ++i) {
            if (blank) {
                page.push_back(code_set == 2 ? 0x20 : 0x00);
            } else if (type == 3 && i == 0) {
                static const std::uint8_t naa[] = {0x2, 0x3, 0x5, 0x6, 0x6, 0x5, 0x1, 0xe};
                page.push_back(static_cast<mpio::byte>((std::uint32_t{naa[rnd(sizeof naa)]} << 4) | rnd(16)));
            } else if (code_set == 2 || code_set == 3) {
                page.push_back(text_byte());
            } else {
                page.push_back(static_cast<mpio::byte>(rnd(3) == 0 ? 0 : rnd(256)));
            }
        }
        if (page.size() > 200) break;
    }
    std::size_t pl = page.size() - 4;
    if (rnd(8) == 0) pl += rnd(8); // claims more than is there (zero-filled by scsi_id)
    if (rnd(8) == 0 && pl > 2) pl -= rnd(3);
    page[2] = static_cast<mpio::byte>(pl >> 8);
    page[3] = static_cast<mpio::byte>(pl);
    if (rnd(10) == 0 && page.size() > 5) page.resize(page.size() - 1 - rnd(3));
    if (rnd(15) == 0) page[6] = static_cast<mpio::byte>(1 + rnd(255)); // pre-SPC-2 layout
    return page;
}

bytes generated_vpd80()
{
    const std::uint32_t len = rnd(5) == 0 ? rnd(240) : rnd(24);
    bytes serial;
    for (std::uint32_t i = 0; i < len; ++i) serial.push_back(text_byte());
    return page80(serial);
}

void hand_made_cases()
{
    const bytes lio = inquiry_of("LIO-ORG IBLOCK          ");
    const bytes nul_vendor = inquiry_of("EMC\0\0\0\0\0SYMMETRIX       ");
    const bytes short_inq = inquiry_of("LIO-ORG IBLOCK          ", 20);
    const bytes odd = inquiry_of("H P\t/\xc3\xa9 PROD  UCT\\x  \x01    ");
    const bytes naa6 = {0x60, 0x01, 0x40, 0x50, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x11, 0x22, 0x33, 0x44};
    const bytes naa5 = {0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b};
    const bytes naa3 = {0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
    const bytes eui = {0x00, 0x14, 0x05, 0x12, 0x34, 0x56, 0x78, 0x9a};
    const bytes tpg = {0x00, 0x00, 0x01, 0x2a};
    for (const bytes* inq : {&lio, &nul_vendor, &short_inq, &odd}) {
        // each type, binary and ASCII, LU / port / device association
        for (std::uint8_t assoc = 0; assoc < 3; ++assoc) {
            for (const std::uint8_t code : {std::uint8_t{1}, std::uint8_t{2}, std::uint8_t{3}}) {
                const bytes t10 = text("LIO-ORG 1234 5678\0 x", 20);
                for (std::uint8_t type = 0; type < 10; ++type) {
                    const bytes& id = type == 3 ? naa6 : type == 2 ? eui : type == 5 ? tpg : t10;
                    const bytes p = page83({descriptor(code, assoc, type, id)});
                    check(*inq, nullptr, &p);
                }
            }
        }
        // priorities and ties
        const bytes both = page83({descriptor(1, 0, 3, naa5), descriptor(1, 0, 3, naa6)});
        const bytes local_first = page83({descriptor(1, 0, 3, naa3), descriptor(1, 0, 2, eui)});
        const bytes ascii_naa =
            page83({descriptor(2, 0, 3, text("6001405abcdef", 13)), descriptor(1, 0, 1, text("X", 1))});
        const bytes tpg_naa = page83({descriptor(1, 1, 5, tpg), descriptor(1, 1, 3, naa5), descriptor(1, 0, 3, naa5)});
        const bytes blank_naa = page83({descriptor(1, 0, 3, bytes(16, 0x60)), descriptor(1, 0, 3, bytes(8, 0))});
        const bytes spaces = page83({descriptor(2, 0, 1, text("  VENDOR    ID   1  \t ", 22))});
        const bytes all_spaces = page83({descriptor(2, 0, 1, bytes(24, 0x20))});
        const bytes vendor_specific = page83({descriptor(2, 0, 0, text("serial 42", 9))});
        const bytes name_only = page83({descriptor(3, 0, 8, text("iqn.2003-01.org:x", 17))});
        const bytes emc = page83({}); // header only
        const bytes emc_symm = {0x00, 0x83, 0x00, 0x10, 0x60, 0x06, 0x04, 0x80, 0x00, 0x12,
                                0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01, 0x02, 0x03};
        const bytes long_t10 = page83({descriptor(2, 0, 1, bytes(240, 'A'))});
        const bytes long_binary = page83({descriptor(1, 0, 1, bytes(130, 0x5a)), descriptor(1, 0, 0, bytes(60, 1))});
        const bytes utf8 = page83({descriptor(2, 0, 1, text("Ven\xc3\xa9\xe2\x82\xac\xed\xa0\x80\xc0\xaf\\x\\y", 17))});
        for (const bytes* p : {&both, &local_first, &ascii_naa, &tpg_naa, &blank_naa, &spaces, &all_spaces,
                               &vendor_specific, &name_only, &emc, &emc_symm, &long_t10, &long_binary, &utf8}) {
            check(*inq, nullptr, p);
            const bytes s = page80(text(" SN 0001\t", 9));
            check(*inq, &s, p);
        }
        // page 80h alone
        for (const bytes& s : {text("", 0), text("   ", 3), text("ABC123", 6), text("  A\tB  C ", 9), text("A\0B", 3),
                               bytes(231, 'S'), bytes(232, 'S')}) {
            const bytes p = page80(s);
            check(*inq, &p, nullptr);
        }
        check(*inq, nullptr, nullptr);
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::printf("usage: scsi_id_diff SCSI_ID SHIM_LIBRARY TEST_DATA_DIR\n");
        return 2;
    }
    scsi_id = argv[1];
    shim = argv[2];
    char tmpl[] = "/tmp/mpio-scsi-id-diff.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return 2;
    dir = tmpl;
    const std::string log = dir + "/shim.log";
    setenv("MPIO_SG_SHIM_DEVICE", fake_device, 1);
    setenv("MPIO_SG_SHIM_LOG", log.c_str(), 1);

    const std::string data = std::string(argv[3]) + "/sg3_utils-inhex/";
    std::vector<bytes> inquiries;
    for (const char* name : {"inq_standard.hex", "inq_emc_symm.hex"}) {
        const auto loaded = mpio::hosted::load_bytes(data + name);
        if (!loaded.ok) {
            std::printf("cannot read %s\n", name);
            return 1;
        }
        inquiries.push_back(loaded.bytes);
    }
    for (const char* name : {"vpd_dev_id.hex", "vpd_di_all.hex", "vpd_di_bad_all.hex", "vpd_di_old_emc_symm.hex",
                             "vpd_sdeb.hex", "vpd_di_name_inject.hex"}) {
        const auto loaded = mpio::hosted::load_bytes(data + name);
        if (!loaded.ok) {
            std::printf("cannot read %s\n", name);
            return 1;
        }
        const bytes p83 = page_of(loaded.bytes, 0x83), p80 = page_of(loaded.bytes, 0x80);
        // Pages longer than scsi_id's 254-byte buffer are compared on the
        // part scsi_id reads (see the header comment).
        bytes p83_cut = p83;
        if (p83_cut.size() > 254) p83_cut.resize(254);
        if (p83.size() > 254) {
            const std::size_t pl = 250;
            p83_cut[2] = static_cast<mpio::byte>(pl >> 8);
            p83_cut[3] = static_cast<mpio::byte>(pl);
        }
        for (const bytes& inq : inquiries) {
            check(inq, p80.empty() ? nullptr : &p80, p83.empty() ? nullptr : &p83_cut);
            if (!p80.empty() && !p83.empty()) check(inq, &p80, nullptr);
        }
    }
    hand_made_cases();
    const bytes inq = inquiries[0];
    for (int i = 0; i < 400; ++i) {
        const bytes p83 = generated_vpd83();
        const bytes p80 = generated_vpd80();
        check(i % 3 == 0 ? inquiries[1] : inq, i % 4 == 0 ? &p80 : nullptr, &p83);
    }
    for (int i = 0; i < 100; ++i) {
        const bytes p80 = generated_vpd80();
        check(inq, &p80, nullptr);
    }

    // Both SG_IO interfaces were used.
    int v3 = 0, v4 = 0;
    if (FILE* f = std::fopen(log.c_str(), "r")) {
        char line[64];
        while (std::fgets(line, sizeof line, f) != nullptr) (line[1] == '3' ? v3 : v4)++;
        std::fclose(f);
    }
    ++checked;
    if (v3 == 0 || v4 == 0) {
        ++failures;
        std::printf("MISMATCH shim: %d sg_io_hdr and %d sg_io_v4 commands seen\n", v3, v4);
    }
    for (const char* f : {"inquiry.bin", "vpd80.bin", "vpd83.bin", "shim.log"}) std::remove((dir + "/" + f).c_str());
    rmdir(dir.c_str());
    std::printf("%d cases (%d with an identifier), %d comparisons, %d mismatches; %d sg_io_v4 and %d sg_io_hdr "
                "commands\n",
                cases, found_cases, checked, failures, v4, v3);
    return failures == 0 ? 0 : 1;
}
