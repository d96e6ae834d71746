// SPDX-License-Identifier: MIT
// Differential check: mpio's sg3_utils-udev scheme
// (mpio/ident/scheme_sg3_utils_udev.hpp) against Debian's sg_inq.
//
// For the Device Identification pages of the corpus, hand-made edge cases and
// a few hundred generated pages (random designator types, code sets,
// associations, lengths and text bytes, some cut short or overrunning), the
// page is written as a hex file and `sg_inq --export --page=di --inhex=F`
// is run. Its SCSI_IDENT_LUN_* lines, taken the way udev's IMPORT takes them
// (a later line replaces an earlier one), must equal mpio's sg3_udev_export
// values; and the ID_SERIAL built from sg_inq's values by the compat rules of
// 55-scsi-sg3_id.rules (restated below line by line, all sources enabled as
// in Debian's 1.46 rules) must equal mpio's with sg3_source::all.
// Unit serial numbers (SCSI_IDENT_SERIAL, `--page=sn`) are compared the same
// way.
//
// argv[1]: the sg_inq program; argv[2]: the test data directory.
#include <mpio/ident/scheme_sg3_utils_udev.hpp>

#include <mpio/hosted/hex_input.hpp>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

namespace ident = mpio::ident;
using bytes = std::vector<mpio::byte>;
using vars = std::map<std::string, std::string>;

std::string sg_inq;
std::string tmp_file;
int failures = 0, checked = 0;

vars run_sg_inq(const bytes& page, const char* which)
{
    FILE* f = std::fopen(tmp_file.c_str(), "w");
    if (f == nullptr) return {};
    for (std::size_t i = 0; i < page.size(); ++i) std::fprintf(f, "%02x%c", page[i], i % 16 == 15 ? '\n' : ' ');
    std::fprintf(f, "\n");
    std::fclose(f);
    const std::string cmd = sg_inq + " --export --page=" + which + " --inhex=" + tmp_file + " 2>/dev/null";
    vars v;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return v;
    char line[4096];
    while (std::fgets(line, sizeof line, p) != nullptr) {
        std::string s(line);
        while (!s.empty() && (s.back() == '\n')) s.pop_back();
        const auto eq = s.find('=');
        if (eq != std::string::npos) v[s.substr(0, eq)] = s.substr(eq + 1); // the last one wins
    }
    pclose(p);
    return v;
}

std::string get(const vars& v, const char* key)
{
    const auto it = v.find(key);
    return it == v.end() ? std::string() : it->second;
}

// 55-scsi-sg3_id.rules: "ata_id compatibility" and "Compat ID_SERIAL
// setting", ENV{X}=="?*" meaning non-empty. No INQUIRY data here, so
// SCSI_VENDOR and SCSI_MODEL are empty.
std::string rules_id_serial(const vars& v)
{
    const std::string vendor = get(v, "SCSI_VENDOR"), model = get(v, "SCSI_MODEL");
    if (!get(v, "SCSI_IDENT_LUN_ATA").empty()) return get(v, "SCSI_IDENT_LUN_ATA");
    if (!get(v, "SCSI_IDENT_LUN_NAA_REGEXT").empty()) return "3" + get(v, "SCSI_IDENT_LUN_NAA_REGEXT");
    if (!get(v, "SCSI_IDENT_LUN_NAA_REG").empty()) return "3" + get(v, "SCSI_IDENT_LUN_NAA_REG");
    if (!get(v, "SCSI_IDENT_LUN_NAA_EXT").empty()) return "3" + get(v, "SCSI_IDENT_LUN_NAA_EXT");
    if (!get(v, "SCSI_IDENT_LUN_EUI64").empty()) return "2" + get(v, "SCSI_IDENT_LUN_EUI64");
    if (!get(v, "SCSI_IDENT_LUN_NAME").empty()) return "8" + get(v, "SCSI_IDENT_LUN_NAME");
    if (!get(v, "SCSI_IDENT_LUN_T10").empty()) return "1" + get(v, "SCSI_IDENT_LUN_T10");
    if (!get(v, "SCSI_IDENT_LUN_NAA_LOCAL").empty()) return "3" + get(v, "SCSI_IDENT_LUN_NAA_LOCAL");
    if (!get(v, "SCSI_IDENT_LUN_VENDOR").empty())
        return "0" + vendor + "_" + model + "_" + get(v, "SCSI_IDENT_LUN_VENDOR");
    if (!get(v, "SCSI_IDENT_SERIAL").empty()) return "S" + vendor + "_" + model + "_" + get(v, "SCSI_IDENT_SERIAL");
    return {};
}

void expect(const std::string& what, const std::string& sg3, const char* mpio, const bytes& page)
{
    ++checked;
    if (sg3 == mpio) return;
    if (++failures <= 20) {
        std::printf("MISMATCH %s: sg_inq '%s' mpio '%s'\n  page:", what.c_str(), sg3.c_str(), mpio);
        for (const auto b : page) std::printf(" %02x", b);
        std::printf("\n");
    }
}

void check_vpd83(const bytes& page)
{
    const vars v = run_sg_inq(page, "di");
    const ident::sg3_udev_export e =
        ident::sg3_udev_values({{}, {}, {page.data(), page.size()}}, ident::sg3_source::all);
    expect("NAA_REGEXT", get(v, "SCSI_IDENT_LUN_NAA_REGEXT"), e.lun_naa_regext.c_str(), page);
    expect("NAA_REG", get(v, "SCSI_IDENT_LUN_NAA_REG"), e.lun_naa_reg.c_str(), page);
    expect("NAA_EXT", get(v, "SCSI_IDENT_LUN_NAA_EXT"), e.lun_naa_ext.c_str(), page);
    expect("NAA_LOCAL", get(v, "SCSI_IDENT_LUN_NAA_LOCAL"), e.lun_naa_local.c_str(), page);
    expect("EUI64", get(v, "SCSI_IDENT_LUN_EUI64"), e.lun_eui64.c_str(), page);
    expect("NAME", get(v, "SCSI_IDENT_LUN_NAME"), e.lun_name.c_str(), page);
    expect("T10", get(v, "SCSI_IDENT_LUN_T10"), e.lun_t10.c_str(), page);
    expect("ATA", get(v, "SCSI_IDENT_LUN_ATA"), e.lun_ata.c_str(), page);
    expect("VENDOR", get(v, "SCSI_IDENT_LUN_VENDOR"), e.lun_vendor.c_str(), page);
    expect("ID_SERIAL", rules_id_serial(v), e.id_serial.c_str(), page);
}

void check_vpd80(const bytes& page)
{
    const vars v = run_sg_inq(page, "sn");
    const ident::sg3_udev_export e =
        ident::sg3_udev_values({{}, {page.data(), page.size()}, {}}, ident::sg3_source::all);
    expect("SERIAL", get(v, "SCSI_IDENT_SERIAL"), e.serial.c_str(), page);
    expect("ID_SERIAL(80h)", rules_id_serial(v), e.id_serial.c_str(), page);
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

std::uint32_t rng_state = 12345;
std::uint32_t rnd(std::uint32_t n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) % n;
}

mpio::byte text_byte()
{
    static const char pool[] = "AZaz09 _/.-\t";
    switch (rnd(6)) {
    case 0: return static_cast<mpio::byte>(rnd(256));
    case 1: return 0;
    default: return static_cast<mpio::byte>(pool[rnd(sizeof pool - 1)]);
    }
}

bytes generated_vpd83()
{
    bytes page{0x00, 0x83, 0x00, 0x00};
    const std::uint32_t n = 1 + rnd(5);
    for (std::uint32_t d = 0; d < n; ++d) {
        const std::uint32_t code_set = rnd(5) == 0 ? rnd(16) : 1 + rnd(3);
        const std::uint32_t assoc = rnd(8) == 0 ? 3 : rnd(4) == 0 ? rnd(3) : 0;
        static const std::uint8_t types[] = {0, 1, 2, 3, 3, 3, 8, 7, 0xa, 5};
        const std::uint32_t type = types[rnd(sizeof types)];
        std::uint32_t len = rnd(3) == 0 ? rnd(40) : type == 3 ? (rnd(2) ? 8u : 16u) : type == 2 ? 8u : 4 + rnd(20);
        page.push_back(static_cast<mpio::byte>(code_set));
        page.push_back(static_cast<mpio::byte>((assoc << 4) | type));
        page.push_back(0);
        page.push_back(static_cast<mpio::byte>(len));
        for (std::uint32_t i = 0; i < len; ++i) {
            if (type == 3 && i == 0) {
                static const std::uint8_t naa[] = {0x2, 0x3, 0x5, 0x6, 0x1, 0xe};
                page.push_back(static_cast<mpio::byte>((std::uint32_t{naa[rnd(sizeof naa)]} << 4) | rnd(16)));
            } else if (code_set == 2 || code_set == 3) {
                page.push_back(text_byte());
            } else {
                page.push_back(static_cast<mpio::byte>(rnd(3) == 0 ? 0 : rnd(256)));
            }
        }
    }
    std::size_t pl = page.size() - 4;
    if (rnd(8) == 0) pl += rnd(8); // claims more than is there
    if (rnd(8) == 0 && pl > 2) pl -= rnd(3);
    page[2] = static_cast<mpio::byte>(pl >> 8);
    page[3] = static_cast<mpio::byte>(pl);
    if (rnd(10) == 0 && page.size() > 5) page.resize(page.size() - 1 - rnd(3));
    return page;
}

bytes generated_vpd80()
{
    bytes page{0x00, 0x80, 0x00, 0x00};
    const std::uint32_t len = rnd(24);
    for (std::uint32_t i = 0; i < len; ++i) page.push_back(text_byte());
    page[3] = static_cast<mpio::byte>(len);
    return page;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::printf("usage: sg3_udev_diff SG_INQ TEST_DATA_DIR\n");
        return 2;
    }
    sg_inq = argv[1];
    tmp_file = "sg3_udev_diff.hex";
    const std::string dir = std::string(argv[2]) + "/sg3_utils-inhex/";
    for (const char* name :
         {"vpd_dev_id.hex", "vpd_di_all.hex", "vpd_di_old_emc_symm.hex", "vpd_sdeb.hex", "vpd_di_name_inject.hex"}) {
        const auto loaded = mpio::hosted::load_bytes(dir + name);
        if (!loaded.ok) {
            std::printf("cannot read %s\n", name);
            return 1;
        }
        const bytes& all = loaded.bytes;
        const bytes p83 = page_of(all, 0x83);
        if (!p83.empty()) check_vpd83(p83);
        const bytes p80 = page_of(all, 0x80);
        if (!p80.empty()) check_vpd80(p80);
    }
    for (int i = 0; i < 400; ++i) check_vpd83(generated_vpd83());
    for (int i = 0; i < 100; ++i) check_vpd80(generated_vpd80());
    std::remove(tmp_file.c_str());
    std::printf("%d comparisons, %d mismatches\n", checked, failures);
    return failures == 0 ? 0 : 1;
}
