// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_scsi_ports.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_scsi_ports_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;

namespace {

// scsi_debug's page (vpd_sdeb.hex): ports 1 and 2, each named by an NAA
// designator (SAS, locally assigned).
constexpr byte sdeb[] = {
    0x00, 0x88, 0x00, 0x30,                                                 // header
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,                         // port 1, no TransportID
    0x00, 0x00, 0x00, 0x0c,                                                 // 12 bytes of target port descriptors
    0x61, 0x93, 0x00, 0x08, 0x32, 0x22, 0x22, 0x20, 0x00, 0x00, 0x07, 0xce, //
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,                         // port 2
    0x00, 0x00, 0x00, 0x0c,                                                 //
    0x61, 0x93, 0x00, 0x08, 0x32, 0x22, 0x22, 0x20, 0x00, 0x00, 0x07, 0xcf, //
};

// A port that is also an initiator port (Fibre Channel TransportID, 24
// bytes) with two target port descriptors, then a port with none.
constexpr byte fc[] = {
    0x00, 0x88, 0x00, 0x44, 0xFF, 0xFF, 0x00, 0x03,
    0xFF, 0xFF, 0x00, 0x18,                         // port 3 (+ reserved bytes set), TransportID 24
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // TransportID: FCP, format 00b
    0x21, 0x00, 0x00, 0x24, 0xff, 0x12, 0x34, 0x56, //   N_PORT_NAME
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, //
    0xFF, 0xFF, 0x00, 0x14,                         // 20 bytes of target port descriptors
    0x01, 0x14, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03, //   relative target port 3
    0x01, 0x93, 0x00, 0x08, 0x21, 0x00, 0x00, 0x24,
    0xff, 0x12, 0x34, 0x57,                         // NAA 2 port name
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, // port 4, no TransportID
    0x00, 0x00, 0x00, 0x00,                         // no target port descriptors
};

constexpr std::size_t count(const scsi::scsi_port_designation_descriptor_list& list) noexcept
{
    std::size_t n = 0;
    for (const scsi::scsi_port_designation_descriptor d : list) {
        static_cast<void>(d);
        ++n;
    }
    return n;
}
constexpr std::size_t count(const scsi::designation_descriptor_list& list) noexcept
{
    std::size_t n = 0;
    for (const scsi::designation_descriptor d : list) {
        static_cast<void>(d);
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("vpd_scsi_ports: scsi_debug page at compile time", "[scsi][vpd_scsi_ports]")
{
    constexpr auto sp = scsi::parse_scsi_ports(sdeb);
    STATIC_REQUIRE(sp.has_value());
    STATIC_REQUIRE(sp->page_code() == 0x88);
    STATIC_REQUIRE(!sp->truncated());
    STATIC_REQUIRE(count(sp->ports()) == 2);
    STATIC_REQUIRE(sp->ports().status().ok());

    constexpr auto port1 = *sp->ports().at(0);
    STATIC_REQUIRE(port1.relative_port_identifier() == 1);
    STATIC_REQUIRE(port1.initiator_port_transportid_length() == 0);
    STATIC_REQUIRE(port1.initiator_port_transportid().empty());
    STATIC_REQUIRE(port1.target_port_descriptors_length() == 12);
    STATIC_REQUIRE(port1.offset() == 0);
    STATIC_REQUIRE(count(port1.target_port_descriptors()) == 1);
    constexpr auto name1 = *port1.target_port_descriptors().begin();
    STATIC_REQUIRE(name1.association() == scsi::association::target_port);
    STATIC_REQUIRE(name1.protocol_identifier_valid());
    STATIC_REQUIRE(name1.protocol_identifier() == scsi::protocol_identifier::sas);
    STATIC_REQUIRE(name1.as_naa()->naa() == scsi::naa_format::locally_assigned);
    STATIC_REQUIRE(name1.as_naa()->locally_administered_value() == 0x222'2220'0000'07ceu);

    constexpr auto port2 = *sp->find(2);
    STATIC_REQUIRE(port2.offset() == 24);
    STATIC_REQUIRE(port2.target_port_descriptors().at(0)->as_naa()->locally_administered_value() ==
                   0x222'2220'0000'07cfu);
    STATIC_REQUIRE(sp->find(3).error() == errc::not_found);
}

TEST_CASE("vpd_scsi_ports: TransportID and several target port descriptors", "[scsi][vpd_scsi_ports]")
{
    constexpr auto sp = scsi::parse_scsi_ports(fc);
    STATIC_REQUIRE(sp.has_value());
    STATIC_REQUIRE(count(sp->ports()) == 2);
    STATIC_REQUIRE(sp->ports().status().ok());

    constexpr auto port3 = *sp->ports().at(0);
    STATIC_REQUIRE(port3.relative_port_identifier() == 3); // reserved bytes 0-1 ignored
    STATIC_REQUIRE(port3.initiator_port_transportid_length() == 24);
    STATIC_REQUIRE(port3.initiator_port_transportid() == byte_view(fc + 12, 24));
    STATIC_REQUIRE(port3.initiator_port_transportid()[0] == 0x00); // FCP, format 00b
    STATIC_REQUIRE(port3.target_port_descriptors_length() == 20);
    STATIC_REQUIRE(count(port3.target_port_descriptors()) == 2);
    STATIC_REQUIRE(port3.target_port_descriptors().status().ok());
    STATIC_REQUIRE(*port3.target_port_descriptors()
                        .find(scsi::association::target_port, scsi::designator_type::relative_target_port)
                        ->as_relative_target_port() == 3);
    STATIC_REQUIRE(port3.target_port_descriptors().at(1)->as_naa()->naa() == scsi::naa_format::ieee_extended);
    STATIC_REQUIRE(port3.bytes().size() == 8 + 24 + 4 + 20);

    constexpr auto port4 = *sp->find(4);
    STATIC_REQUIRE(port4.offset() == 56);
    STATIC_REQUIRE(port4.initiator_port_transportid().empty());
    STATIC_REQUIRE(port4.target_port_descriptors_length() == 0);
    STATIC_REQUIRE(count(port4.target_port_descriptors()) == 0);
    STATIC_REQUIRE(port4.target_port_descriptors().status().ok());

    static constexpr byte empty[] = {0x00, 0x88, 0x00, 0x00};
    STATIC_REQUIRE(count(scsi::parse_scsi_ports(empty)->ports()) == 0);
    STATIC_REQUIRE(scsi::parse_scsi_ports(empty)->find(1).error() == errc::not_found);
}

TEST_CASE("vpd_scsi_ports: malformed and truncated pages", "[scsi][vpd_scsi_ports]")
{
    STATIC_REQUIRE(scsi::parse_scsi_ports(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_scsi_ports(byte_view(sdeb, 3)).error() == errc::too_short);
    static constexpr byte mode_page_policy[] = {0x00, 0x87, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_scsi_ports(mode_page_policy).error() == errc::wrong_page_code);

    // INITIATOR PORT TRANSPORTID LENGTH past the end of the page.
    static constexpr byte tid_overrun[] = {0x00, 0x88, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01,
                                           0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_scsi_ports(tid_overrun)->ports().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(scsi::parse_scsi_ports(tid_overrun)->find(1).error() == errc::descriptor_overrun);
    // TARGET PORT DESCRIPTORS LENGTH past the end of the page: port 1 is
    // still usable.
    static constexpr byte tpd_overrun[] = {0x00, 0x88, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                                           0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
                                           0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x01, 0x14, 0x00, 0x04};
    constexpr auto t = scsi::parse_scsi_ports(tpd_overrun);
    STATIC_REQUIRE(t->ports().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(t->ports().status().offset == 12);
    STATIC_REQUIRE(t->ports().status().count == 1);
    STATIC_REQUIRE(t->find(1).has_value());
    STATIC_REQUIRE(t->find(2).error() == errc::descriptor_overrun);
    // A tail shorter than the 8-byte descriptor header.
    static constexpr byte stub[] = {0x00, 0x88, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_scsi_ports(stub)->ports().status().error == errc::too_short);
    // A target port descriptor list that is itself malformed: the port is
    // whole, its inner list reports the bad designator.
    static constexpr byte inner[] = {0x00, 0x88, 0x00, 0x18, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x01, 0x14, 0x00, 0x04,
                                     0x00, 0x00, 0x00, 0x07, 0x01, 0x93, 0x00, 0x08};
    constexpr auto i = scsi::parse_scsi_ports(inner);
    STATIC_REQUIRE(i->ports().status().ok());
    STATIC_REQUIRE(i->find(7)->target_port_descriptors().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(i->find(7)->target_port_descriptors().status().count == 1);

    mpio_test::every_prefix(byte_view(fc), scsi::vpd_page::header_size, scsi::parse_scsi_ports,
                            [](const scsi::scsi_ports& prefix, std::size_t n) {
                                CHECK(prefix.truncated() == (n < sizeof fc));
                                const mpio::list_status st = prefix.ports().status();
                                // Port 3 ends at byte 60, port 4 at byte 72.
                                CHECK(st.count == (n >= 72 ? 2u : n >= 60 ? 1u : 0u));
                                const std::size_t start = n >= 60 ? 60 : 4;
                                if (n == start || n == 72) {
                                    CHECK(st.ok());
                                } else {
                                    CHECK(st.error == (n - start < 8 ? errc::too_short : errc::descriptor_overrun));
                                }
                                CHECK(prefix.find(3).has_value() == (n >= 60));
                            });
}

TEST_CASE("vpd_scsi_ports: vpd_sdeb.hex", "[scsi][vpd_scsi_ports][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto page = scsi::vpd_page_list(view(data)).find(0x88);
    REQUIRE(page.has_value());
    CHECK(page->bytes() == byte_view(sdeb));
    const auto sp = scsi::parse_scsi_ports(page->bytes());
    REQUIRE(sp.has_value());
    // sg_vpd --inhex=<the 88h page> (sg3_utils 1.46):
    //   Relative port=1
    //     Target port descriptor(s):
    //       designator type: NAA,  code set: Binary
    //        transport: Serial Attached SCSI Protocol (SPL-4)
    //         0x32222220000007ce
    //   Relative port=2
    //     Target port descriptor(s):
    //       designator type: NAA,  code set: Binary
    //        transport: Serial Attached SCSI Protocol (SPL-4)
    //         0x32222220000007cf
    std::vector<std::string> lines;
    for (const scsi::scsi_port_designation_descriptor port : sp->ports()) {
        lines.push_back("Relative port=" + std::to_string(port.relative_port_identifier()));
        for (const scsi::designation_descriptor d : port.target_port_descriptors()) {
            lines.push_back(std::string(to_string(d.designator_type())) + ", " + to_string(d.code_set()));
            lines.push_back(to_string(d.protocol_identifier()));
            std::string hex;
            for (const byte b : d.designator()) {
                const char* digits = "0123456789abcdef";
                hex += digits[b >> 4];
                hex += digits[b & 0xF];
            }
            lines.push_back("0x" + hex);
        }
    }
    CHECK(lines == std::vector<std::string>{"Relative port=1", "NAA, binary", "SAS Serial SCSI Protocol (SPL)",
                                            "0x32222220000007ce", "Relative port=2", "NAA, binary",
                                            "SAS Serial SCSI Protocol (SPL)", "0x32222220000007cf"});

    mpio_test::every_prefix(page->bytes(), scsi::vpd_page::header_size, scsi::parse_scsi_ports,
                            [](const scsi::scsi_ports& prefix, std::size_t n) {
                                CHECK(prefix.ports().status().count == (n >= 52 ? 2u : n >= 28 ? 1u : 0u));
                                CHECK(prefix.find(1).has_value() == (n >= 28));
                            });
}

} // namespace test_scsi_vpd_scsi_ports_test
