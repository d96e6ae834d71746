// SPDX-License-Identifier: MIT
// Differential check: mpio's TransportID decoding (mpio/scsi/transport_id.hpp)
// against libsgutils2's sg_decode_transportid_str(), the decoder sg_persist
// uses for READ FULL STATUS (Debian sg3_utils 1.46; sg_persist itself cannot
// decode hex input, docs/differences/persistent_reserve_in.md).
//
// TransportIDs of every protocol mpio encodes (Fibre Channel, parallel SCSI,
// IEEE 1394, SRP, SAS, SOP, iSCSI in both formats) are built with mpio's
// builders from generated field values, decoded by both, and the fields are
// compared: the WWN, the EUI-64 name and the SRP port identifier from
// sg3_utils' hex lines, the SAS address, the SOP routing ID, the parallel
// SCSI address and relative port from its "0x" numbers, the iSCSI name (and
// name + ",i,0x" + ISID for format 01b, which sg3_utils prints as one
// string). Any difference fails the test.
#include <mpio/scsi/transport_id.hpp>

#include <scsi/sg_lib.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace {

namespace scsi = mpio::scsi;

std::uint64_t state = 0x9E3779B97F4A7C15u;
std::uint64_t next()
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

// The line after `label` in `text`, or null.
const char* after(const char* text, const char* label)
{
    const char* at = std::strstr(text, label);
    return at == nullptr ? nullptr : at + std::strlen(label);
}

// Hex bytes ("21 00 00 24 ...") from the line after `label`, possibly over
// several lines (sg3_utils' hex dump); true when `n` were read.
bool hex_bytes_after(const char* text, const char* label, mpio::byte* out, int n)
{
    const char* p = after(text, label);
    if (p == nullptr) return false;
    for (int i = 0; i < n; ++i) {
        unsigned v = 0;
        int used = 0;
        while (*p == ' ' || *p == '\n') ++p;
        if (std::sscanf(p, "%2x%n", &v, &used) != 1) return false;
        out[i] = static_cast<mpio::byte>(v);
        p += used;
    }
    return true;
}

bool number_after(const char* text, const char* label, std::uint64_t& v)
{
    const char* p = after(text, label);
    return p != nullptr && std::sscanf(p, " 0x%" SCNx64, &v) == 1;
}

bool text_after(const char* text, const char* label, char* out, std::size_t size)
{
    const char* p = after(text, label);
    if (p == nullptr) return false;
    std::size_t n = 0;
    while (p[n] != '\0' && p[n] != '\n' && n + 1 < size) {
        out[n] = p[n];
        ++n;
    }
    out[n] = '\0';
    return true;
}

bool same_bytes(mpio::byte_view a, const mpio::byte* b, std::size_t n)
{
    if (a.size() != n) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

} // namespace

int main()
{
    int cases = 0, mismatches = 0;
    for (int round = 0; round < 3000; ++round) {
        mpio::byte buf[300] = {};
        const mpio::mutable_byte_view out(buf, sizeof buf);
        const int protocol = round % 8;
        char name[200] = {};
        mpio::result<std::size_t> n = mpio::failure(mpio::errc::invalid_argument);
        mpio::byte port[16] = {};
        for (mpio::byte& b : port) b = static_cast<mpio::byte>(next());
        const std::uint64_t value = next();
        switch (protocol) {
        case 0: n = scsi::build_fc_transport_id(out, value); break;
        case 1:
            n = scsi::build_spi_transport_id(out, static_cast<std::uint16_t>(value),
                                             static_cast<std::uint16_t>(value >> 16));
            break;
        case 2: n = scsi::build_sbp_transport_id(out, value); break;
        case 3: n = scsi::build_srp_transport_id(out, port); break;
        case 4: n = scsi::build_sas_transport_id(out, value); break;
        case 5: n = scsi::build_sop_transport_id(out, static_cast<std::uint16_t>(value)); break;
        default: {
            const std::size_t length = 1 + next() % 150;
            for (std::size_t i = 0; i < length; ++i) name[i] = "abcdefghijklmnopqrstuvwxyz0123456789.:-"[next() % 39];
            name[length] = '\0';
            n = protocol == 6 ? scsi::build_iscsi_transport_id(out, name)
                              : scsi::build_iscsi_transport_id(out, name, static_cast<std::int64_t>(value >> 16));
        }
        }
        if (!n) {
            std::printf("round %d: builder failed (%s)\n", round, mpio::errc_name(n.error()));
            ++mismatches;
            continue;
        }
        const auto id = scsi::parse_transport_id(mpio::byte_view(buf, *n));
        if (!id) {
            std::printf("round %d: mpio cannot decode its own TransportID (%s)\n", round, mpio::errc_name(id.error()));
            ++mismatches;
            continue;
        }
        char text[4096] = {};
        sg_decode_transportid_str("", buf, static_cast<int>(*n), true, sizeof text, text);
        ++cases;
        bool ok = false;
        std::uint64_t v = 0, w = 0;
        mpio::byte bytes[16] = {};
        char sg_name[400] = {};
        switch (protocol) {
        case 0:
            ok = hex_bytes_after(text, "World Wide Name:", bytes, 8) && same_bytes(id->bytes().subview(8, 8), bytes, 8);
            break;
        case 1:
            ok = number_after(text, "SCSI address:", v) && number_after(text, "(of corresponding target):", w) &&
                 v == id->scsi_address() && w == id->relative_target_port_identifier();
            break;
        case 2:
            ok = hex_bytes_after(text, "EUI-64 name:", bytes, 8) && same_bytes(id->bytes().subview(8, 8), bytes, 8);
            break;
        case 3:
            ok = hex_bytes_after(text, "port identifier:", bytes, 16) &&
                 same_bytes(id->initiator_port_identifier(), bytes, 16);
            break;
        case 4: ok = number_after(text, "SAS address:", v) && v == id->sas_address(); break;
        case 5: ok = number_after(text, "Routing ID:", v) && v == id->routing_id(); break;
        case 6:
            ok = text_after(text, "iSCSI name: ", sg_name, sizeof sg_name) && id->iscsi_name().equals(sg_name);
            break;
        default: {
            char joined[400] = {};
            const mpio::ascii_view nm = id->iscsi_name();
            const mpio::ascii_view isid = id->isid();
            std::snprintf(joined, sizeof joined, "%.*s,i,0x%.*s", static_cast<int>(nm.size()),
                          reinterpret_cast<const char*>(nm.bytes().data()), static_cast<int>(isid.size()),
                          reinterpret_cast<const char*>(isid.bytes().data()));
            ok = text_after(text, "unique port id: ", sg_name, sizeof sg_name) && std::strcmp(joined, sg_name) == 0;
        }
        }
        if (!ok) {
            ++mismatches;
            if (mismatches <= 10)
                std::printf("round %d (protocol case %d): sg3_utils says:\n%s\n", round, protocol, text);
        }
    }
    std::printf("transport_id differential: %d TransportIDs, %d mismatches\n", cases, mismatches);
    return mismatches == 0 && cases > 0 ? 0 : 1;
}
