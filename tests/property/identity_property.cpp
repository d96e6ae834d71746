// SPDX-License-Identifier: MIT
// Property test (RapidCheck) of the identity schemes, over random valid VPD
// 83h pages:
//  1. the same logical-unit designators with different target-port
//     designators (other values, other counts, other places in the page) give
//     the same identity in every scheme of mpio::ident::schemes — a path must
//     never change what a logical unit is called;
//  2. different logical-unit designators (every one of them altered) give
//     different `mpio` identifiers — two logical units must never merge.
// A separate executable (RapidCheck is an x86-64 library; the Catch2 binary is
// also cross-built for s390x).
#include <mpio/ident/schemes.hpp>

#include <rapidcheck.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using bytes = std::vector<std::uint8_t>;

struct designator {
    std::uint8_t code_set_byte; // PROTOCOL IDENTIFIER | CODE SET
    std::uint8_t type_byte;     // PIV | ASSOCIATION | DESIGNATOR TYPE
    bytes value;
};

const char hex_digits[] = "0123456789abcdef";

bytes random_bytes(std::size_t n) { return *rc::gen::container<bytes>(n, rc::gen::arbitrary<std::uint8_t>()); }

// Random bytes that are not all 00h/20h ("not ready yet"): the first byte is
// forced away from both, so altering the last byte keeps them non-blank.
bytes non_blank_bytes(std::size_t n)
{
    bytes v = random_bytes(n);
    if (v[0] == 0x00 || v[0] == 0x20) v[0] = 0x5a;
    return v;
}

// An NAA designator is blank when everything after its NAA nibble is zero:
// keep byte 1 away from 00h/20h (the alteration touches the last byte).
void non_blank_naa(bytes& v)
{
    if (v[1] == 0x00 || v[1] == 0x20) v[1] = 0x5a;
}

std::uint8_t hex_char() { return static_cast<std::uint8_t>(hex_digits[*rc::gen::inRange(0, 16)]); }

// One logical-unit designator of a random type, valid for its type and never
// blank (all 00h/20h means "not ready yet", which no scheme groups on).
designator lu_designator()
{
    switch (*rc::gen::inRange(0, 10)) {
    case 0: { // NAA 6, IEEE Registered Extended
        bytes v = random_bytes(16);
        v[0] = static_cast<std::uint8_t>(0x60 | (v[0] & 0x0f));
        non_blank_naa(v);
        return {0x01, 0x03, v};
    }
    case 1: { // NAA 5, IEEE Registered
        bytes v = random_bytes(8);
        v[0] = static_cast<std::uint8_t>(0x50 | (v[0] & 0x0f));
        non_blank_naa(v);
        return {0x01, 0x03, v};
    }
    case 2: { // NAA 2, IEEE Extended
        bytes v = random_bytes(8);
        v[0] = static_cast<std::uint8_t>(0x20 | (v[0] & 0x0f));
        non_blank_naa(v);
        return {0x01, 0x03, v};
    }
    case 3: { // NAA 3, locally assigned
        bytes v = random_bytes(8);
        v[0] = static_cast<std::uint8_t>(0x30 | (v[0] & 0x0f));
        non_blank_naa(v);
        return {0x01, 0x03, v};
    }
    case 4: { // EUI-64 in its 8, 12 and 16-byte forms
        const int sizes[] = {8, 12, 16};
        return {0x01, 0x02, non_blank_bytes(static_cast<std::size_t>(sizes[*rc::gen::inRange(0, 3)]))};
    }
    case 5: { // T10 vendor ID: 8 vendor letters + hex-digit vendor specific part
        bytes v;
        for (int i = 0; i < 8; ++i) v.push_back(static_cast<std::uint8_t>('A' + *rc::gen::inRange(0, 26)));
        const int n = *rc::gen::inRange(4, 24);
        for (int i = 0; i < n; ++i) v.push_back(hex_char());
        return {0x02, 0x01, v};
    }
    case 6: { // SCSI name string "naa." + hex, NUL terminated and padded to 4
        bytes v = {'n', 'a', 'a', '.'};
        for (int i = 0; i < 16; ++i) v.push_back(hex_char());
        do v.push_back(0);
        while (v.size() % 4 != 0);
        return {0x03, 0x08, v};
    }
    case 7: { // UUID: UUID TYPE 1 (RFC 4122), reserved byte, 16 bytes
        bytes v = {0x10, 0x00};
        const bytes u = non_blank_bytes(16);
        v.insert(v.end(), u.begin(), u.end());
        return {0x01, 0x0a, v};
    }
    case 8: return {0x01, 0x07, non_blank_bytes(16)}; // MD5 logical unit identifier
    default: {                                        // vendor specific, first byte printable so it is never blank
        bytes v = random_bytes(static_cast<std::size_t>(*rc::gen::inRange(1, 17)));
        v[0] = static_cast<std::uint8_t>(0x41 + (v[0] % 26));
        return {0x01, 0x00, v};
    }
    }
}

// A target-port designator (PIV=1, FCP/iSCSI/SAS): different on every path.
designator port_designator()
{
    const std::uint8_t protocol = static_cast<std::uint8_t>(*rc::gen::element(0x0, 0x5, 0x6) << 4);
    switch (*rc::gen::inRange(0, 4)) {
    case 0: { // target port name, NAA 5
        bytes v = random_bytes(8);
        v[0] = static_cast<std::uint8_t>(0x50 | (v[0] & 0x0f));
        return {static_cast<std::uint8_t>(protocol | 0x01), 0x93, v};
    }
    case 1:
        return {static_cast<std::uint8_t>(protocol | 0x01), 0x94, {0, 0, 0, *rc::gen::inRange<std::uint8_t>(1, 255)}};
    case 2: return {static_cast<std::uint8_t>(protocol | 0x01), 0x95, {0, 0, 0, *rc::gen::arbitrary<std::uint8_t>()}};
    default: { // iSCSI target port name "iqn....,t,0x0001"
        bytes v;
        for (const char c : std::string("iqn.2001-04.com.example:t,t,0x000")) v.push_back(static_cast<std::uint8_t>(c));
        v.push_back(hex_char());
        do v.push_back(0);
        while (v.size() % 4 != 0);
        return {0x53, 0x98, v};
    }
    }
}

// The page: LU designators in their order, port designators inserted at
// random places between them.
bytes page(const std::vector<designator>& lu, const std::vector<designator>& ports)
{
    std::vector<designator> all = lu;
    for (const designator& p : ports) {
        const auto at = static_cast<std::ptrdiff_t>(*rc::gen::inRange<std::size_t>(0, all.size() + 1));
        all.insert(all.begin() + at, p);
    }
    bytes out = {0x00, 0x83, 0x00, 0x00};
    for (const designator& d : all) {
        out.push_back(d.code_set_byte);
        out.push_back(d.type_byte);
        out.push_back(0x00);
        out.push_back(static_cast<std::uint8_t>(d.value.size()));
        out.insert(out.end(), d.value.begin(), d.value.end());
    }
    const std::size_t length = out.size() - 4;
    out[2] = static_cast<std::uint8_t>(length >> 8);
    out[3] = static_cast<std::uint8_t>(length);
    return out;
}

std::vector<designator> lu_designators()
{
    std::vector<designator> lu;
    const int n = *rc::gen::inRange(1, 5);
    for (int i = 0; i < n; ++i) lu.push_back(lu_designator());
    return lu;
}

std::vector<designator> port_designators()
{
    std::vector<designator> ports;
    const int n = *rc::gen::inRange(0, 5);
    for (int i = 0; i < n; ++i) ports.push_back(port_designator());
    return ports;
}

// Alter one identifier character/byte of every LU designator, keeping it
// valid for its type and non-blank.
std::vector<designator> altered(std::vector<designator> lu)
{
    for (designator& d : lu) {
        const bool text = (d.code_set_byte & 0x0f) != 0x01;
        std::size_t last = d.value.size() - 1;
        while (text && last > 0 && d.value[last] == 0) --last; // name strings: before the NUL padding
        std::uint8_t& b = d.value[last];
        if (text) {
            const char* p = std::strchr(hex_digits, b);
            b = static_cast<std::uint8_t>(p ? hex_digits[(p - hex_digits + 1) % 16] : (b == 'A' ? 'B' : 'A'));
        } else {
            b = static_cast<std::uint8_t>(b ^ 0x01);
        }
    }
    return lu;
}

mpio::ident::device_identity derive(const mpio::ident::scheme_entry& s, const bytes& p83)
{
    mpio::ident::identity_input in{};
    in.vpd83 = mpio::byte_view(p83.data(), p83.size());
    return s.derive(in);
}

} // namespace

int main()
{
    bool ok = true;
    ok &= rc::check("same LU designators, other port designators: same identity in every scheme", [] {
        const auto lu = lu_designators();
        const bytes a = page(lu, port_designators());
        const bytes b = page(lu, port_designators());
        for (const auto& s : mpio::ident::schemes) {
            const auto ia = derive(s, a);
            const auto ib = derive(s, b);
            RC_ASSERT(ia.status() == ib.status());
            RC_ASSERT(ia.key() == ib.key());
            RC_ASSERT(std::string(ia.text().c_str()) == std::string(ib.text().c_str()));
        }
    });
    ok &= rc::check("different LU designators: different mpio identifiers", [] {
        const auto lu = lu_designators();
        const bytes a = page(lu, port_designators());
        const bytes b = page(altered(lu), port_designators());
        const auto* mpio_scheme = mpio::ident::find_scheme("mpio");
        RC_ASSERT(mpio_scheme != nullptr);
        const auto ia = derive(*mpio_scheme, a);
        const auto ib = derive(*mpio_scheme, b);
        RC_ASSERT(ia.found());
        RC_ASSERT(ib.found());
        RC_ASSERT(!(ia.key() == ib.key()));
        RC_ASSERT(!mpio::ident::same_device(ia, ib));
    });
    std::printf("%s\n", ok ? "identity properties hold" : "identity properties FAILED");
    return ok ? 0 : 1;
}
