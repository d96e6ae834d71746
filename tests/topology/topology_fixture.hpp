// SPDX-License-Identifier: MIT
// tests/topology/topology_fixture.hpp - hand-built path responses for the
// topology tests: standard INQUIRY (with TPGS), VPD 80h, VPD 83h (LU NAA,
// relative target port, target port group, target port name) and REPORT
// TARGET PORT GROUPS. Hosted (std::vector); not a test file itself.
#ifndef MPIO_TESTS_TOPOLOGY_FIXTURE_HPP
#define MPIO_TESTS_TOPOLOGY_FIXTURE_HPP

#include <mpio/topology.hpp>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

namespace topo_test {

using bytes = std::vector<mpio::byte>;

inline bytes inquiry(const char* vendor, const char* product, unsigned tpgs)
{
    bytes b(36, 0);
    b[2] = 6;
    b[3] = 2;
    b[4] = 31;
    b[5] = static_cast<mpio::byte>((tpgs & 3u) << 4);
    for (std::size_t i = 0; i < 8; ++i) b[8 + i] = static_cast<mpio::byte>(i < std::strlen(vendor) ? vendor[i] : ' ');
    for (std::size_t i = 0; i < 16; ++i)
        b[16 + i] = static_cast<mpio::byte>(i < std::strlen(product) ? product[i] : ' ');
    for (std::size_t i = 0; i < 4; ++i) b[32 + i] = '1';
    return b;
}

inline bytes vpd80(const char* serial)
{
    bytes b{0, 0x80, 0, static_cast<mpio::byte>(std::strlen(serial))};
    for (const char* p = serial; *p; ++p) b.push_back(static_cast<mpio::byte>(*p));
    return b;
}

struct vpd83_page {
    bytes b{0, 0x83, 0, 0};
    vpd83_page& descriptor(unsigned assoc, unsigned code, unsigned type, const bytes& des)
    {
        b.push_back(static_cast<mpio::byte>(code));
        b.push_back(static_cast<mpio::byte>(0x80 | (assoc << 4) | type)); // PIV set, protocol FC
        b.push_back(0);
        b.push_back(static_cast<mpio::byte>(des.size()));
        b.insert(b.end(), des.begin(), des.end());
        const std::size_t n = b.size() - 4;
        b[2] = static_cast<mpio::byte>(n >> 8);
        b[3] = static_cast<mpio::byte>(n);
        return *this;
    }
    // Logical unit NAA 6 (16 bytes) from a 32-bit LU number.
    vpd83_page& lu_naa(std::uint32_t lu)
    {
        bytes d{0x60, 0x0a, 0x09, 0x80, 0, 0, 0, 0, 0, 0, 0, 0};
        d.push_back(static_cast<mpio::byte>(lu >> 24));
        d.push_back(static_cast<mpio::byte>(lu >> 16));
        d.push_back(static_cast<mpio::byte>(lu >> 8));
        d.push_back(static_cast<mpio::byte>(lu | 1)); // never all zero
        b.push_back(1);
        b.push_back(3); // association LU, NAA, no PIV
        b.push_back(0);
        b.push_back(16);
        b.insert(b.end(), d.begin(), d.end());
        const std::size_t n = b.size() - 4;
        b[2] = static_cast<mpio::byte>(n >> 8);
        b[3] = static_cast<mpio::byte>(n);
        return *this;
    }
    // An all-zero LU NAA: "not ready yet".
    vpd83_page& lu_blank()
    {
        b.push_back(1);
        b.push_back(3);
        b.push_back(0);
        b.push_back(16);
        b.push_back(0x60);
        for (int i = 0; i < 15; ++i) b.push_back(0);
        const std::size_t n = b.size() - 4;
        b[2] = static_cast<mpio::byte>(n >> 8);
        b[3] = static_cast<mpio::byte>(n);
        return *this;
    }
    vpd83_page& rtp(std::uint16_t v)
    {
        return descriptor(1, 0x11, 4, {0, 0, static_cast<mpio::byte>(v >> 8), static_cast<mpio::byte>(v)});
    }
    vpd83_page& tpg(std::uint16_t v)
    {
        return descriptor(1, 0x11, 5, {0, 0, static_cast<mpio::byte>(v >> 8), static_cast<mpio::byte>(v)});
    }
    // Target port name: NAA 5 WWPN ending in `port`.
    vpd83_page& port_name(std::uint16_t port)
    {
        return descriptor(
            1, 0x11, 3,
            {0x50, 0x0a, 0x09, 0x81, 0x00, 0x00, static_cast<mpio::byte>(port >> 8), static_cast<mpio::byte>(port)});
    }
    vpd83_page& device_name(std::uint16_t node)
    {
        return descriptor(
            2, 0x11, 3,
            {0x50, 0x0a, 0x09, 0x80, 0x00, 0x00, static_cast<mpio::byte>(node >> 8), static_cast<mpio::byte>(node)});
    }
};

struct rtpg_group {
    std::uint16_t tpg;
    mpio::scsi::asymmetric_access_state state;
    bool pref;
    std::vector<std::uint16_t> ports;
};

inline bytes rtpg(std::initializer_list<rtpg_group> groups)
{
    bytes b{0, 0, 0, 0};
    for (const rtpg_group& g : groups) {
        b.push_back(static_cast<mpio::byte>((g.pref ? 0x80 : 0) | static_cast<unsigned>(g.state)));
        b.push_back(0x1f);
        b.push_back(static_cast<mpio::byte>(g.tpg >> 8));
        b.push_back(static_cast<mpio::byte>(g.tpg));
        b.push_back(0);
        b.push_back(0);
        b.push_back(0);
        b.push_back(static_cast<mpio::byte>(g.ports.size()));
        for (const std::uint16_t p : g.ports) {
            b.push_back(0);
            b.push_back(0);
            b.push_back(static_cast<mpio::byte>(p >> 8));
            b.push_back(static_cast<mpio::byte>(p));
        }
    }
    const std::size_t n = b.size() - 4;
    b[2] = static_cast<mpio::byte>(n >> 8);
    b[3] = static_cast<mpio::byte>(n);
    return b;
}

// One path's responses, kept alive together with the report that views them.
struct path_data {
    bytes inq, pg80, pg83, rtpg_data;
    mpio::topology::path_report report(mpio::topology::path_handle h) const
    {
        mpio::topology::path_report r;
        r.handle = h;
        r.input.standard_inquiry = mpio::byte_view(inq.data(), inq.size());
        r.input.vpd80 = mpio::byte_view(pg80.data(), pg80.size());
        r.input.vpd83 = mpio::byte_view(pg83.data(), pg83.size());
        r.rtpg = mpio::byte_view(rtpg_data.data(), rtpg_data.size());
        return r;
    }
};

using aas = mpio::scsi::asymmetric_access_state;

// LU `lu` seen through target port `port` (1..4: ports 1,2 in TPG 1 active/
// optimized, ports 3,4 in TPG 2 active/non-optimized), TPGS implicit.
inline path_data alua_path(std::uint32_t lu, std::uint16_t port, unsigned tpgs = 1)
{
    path_data d;
    d.inq = inquiry("NETAPP", "LUN C-Mode", tpgs);
    d.pg80 = vpd80("80abcdefghij");
    vpd83_page p;
    p.lu_naa(lu).rtp(port).tpg(port <= 2 ? 1 : 2).port_name(port).device_name(port <= 2 ? 0xA : 0xB);
    d.pg83 = p.b;
    d.rtpg_data = rtpg({{1, aas::active_optimized, false, {1, 2}}, {2, aas::active_non_optimized, false, {3, 4}}});
    return d;
}

inline mpio::ident::identity_key key_of(std::uint32_t lu)
{
    mpio::ident::identity_key k;
    const mpio::byte b[4] = {static_cast<mpio::byte>(lu >> 24), static_cast<mpio::byte>(lu >> 16),
                             static_cast<mpio::byte>(lu >> 8), static_cast<mpio::byte>(lu)};
    k.assign(1, 3, mpio::byte_view(b, 4));
    return k;
}

} // namespace topo_test

#endif
