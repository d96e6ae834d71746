// SPDX-License-Identifier: MIT
#include <mpio/scsi/vpd_management_network_addresses.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_vpd_management_network_addresses_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio_test::load;
using mpio_test::view;
namespace scsi = mpio::scsi;
using scsi::network_service_type;

namespace {

// scsi_debug's page (vpd_sdeb.hex).
constexpr byte sdeb[] = {
    0x00, 0x85, 0x00, 0x44,                                                               // header
    0x01, 0x00, 0x00, 0x20, 'h',  't',  't', 'p', 's', ':', '/', '/', 'w', 'w', 'w', '.', // LU, storage config
    'k',  'e',  'r',  'n',  'e',  'l',  '.', 'o', 'r', 'g', '/', 'c', 'o', 'n', 'f', 'i', 'g', 0,
    0,    0,    0x04, 0x00, 0x00, 0x1c, 'h', 't', 't', 'p', ':', '/', '/', 'w', 'w', 'w', '.', // LU, logging
    'k',  'e',  'r',  'n',  'e',  'l',  '.', 'o', 'r', 'g', '/', 'l', 'o', 'g', 0,   0,   0,
};

// Target port and target device services; the second address has no NUL
// and a length that is not a multiple of four; the third is empty.
constexpr byte odd[] = {
    0x00, 0x85, 0x00, 0x17, 0x22, 0x00, 0x00, 0x08, 'h', 't', 't', 'p', ':', '/', '/', 0, // target port, diagnostics
    0xC5, 0x00, 0x00, 0x03, 'f',  't',  'p', // target device, code download (+ reserved bit 7)
    0x7F, 0x00, 0x00, 0x00,                  // reserved association 3, reserved type 1Fh
};

constexpr std::size_t count(const scsi::network_service_descriptor_list& list) noexcept
{
    std::size_t n = 0;
    for (const scsi::network_service_descriptor d : list) {
        static_cast<void>(d);
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("vpd_management_network_addresses: scsi_debug page at compile time",
          "[scsi][vpd_management_network_addresses]")
{
    constexpr auto mna = scsi::parse_management_network_addresses(sdeb);
    STATIC_REQUIRE(mna.has_value());
    STATIC_REQUIRE(mna->page_code() == 0x85);
    STATIC_REQUIRE(!mna->truncated());
    STATIC_REQUIRE(count(mna->network_services()) == 2);
    STATIC_REQUIRE(mna->network_services().status().ok());

    constexpr auto first = *mna->network_services().at(0);
    STATIC_REQUIRE(first.association() == scsi::association::logical_unit);
    STATIC_REQUIRE(first.service_type() == network_service_type::storage_configuration_service);
    STATIC_REQUIRE(first.network_address_length() == 32);
    STATIC_REQUIRE(first.network_address().equals("https://www.kernel.org/config"));
    STATIC_REQUIRE(first.network_address_bytes().size() == 32);
    STATIC_REQUIRE(first.null_terminated());
    STATIC_REQUIRE(first.length_multiple_of_four());
    STATIC_REQUIRE(first.offset() == 0);

    constexpr auto second = *mna->network_services().at(1);
    STATIC_REQUIRE(second.service_type() == network_service_type::logging);
    STATIC_REQUIRE(second.network_address().equals("http://www.kernel.org/log"));
    STATIC_REQUIRE(second.offset() == 36);
    STATIC_REQUIRE(mna->network_services().at(2).error() == errc::not_found);

    STATIC_REQUIRE(mna->find(network_service_type::logging, scsi::association::logical_unit)->offset() == 36);
    STATIC_REQUIRE(mna->find(network_service_type::logging, scsi::association::target_port).error() == errc::not_found);
    STATIC_REQUIRE(mna->find(network_service_type::status, scsi::association::logical_unit).error() == errc::not_found);
}

TEST_CASE("vpd_management_network_addresses: unusual descriptors", "[scsi][vpd_management_network_addresses]")
{
    constexpr auto mna = scsi::parse_management_network_addresses(odd);
    STATIC_REQUIRE(mna.has_value());
    STATIC_REQUIRE(count(mna->network_services()) == 3);
    STATIC_REQUIRE(mna->network_services().status().ok());

    constexpr auto port = *mna->network_services().at(0);
    STATIC_REQUIRE(port.association() == scsi::association::target_port);
    STATIC_REQUIRE(port.service_type() == network_service_type::diagnostics);
    STATIC_REQUIRE(port.network_address().equals("http://"));

    constexpr auto device = *mna->network_services().at(1);
    STATIC_REQUIRE(device.association() == scsi::association::target_device); // bit 7 reserved, ignored
    STATIC_REQUIRE(device.service_type() == network_service_type::code_download);
    STATIC_REQUIRE(device.network_address().equals("ftp"));
    STATIC_REQUIRE(!device.null_terminated());
    STATIC_REQUIRE(!device.length_multiple_of_four());

    constexpr auto reserved = *mna->network_services().at(2);
    STATIC_REQUIRE(reserved.association() == scsi::association::reserved);
    STATIC_REQUIRE(static_cast<unsigned>(reserved.service_type()) == 0x1F);
    STATIC_REQUIRE(reserved.network_address().empty());
    STATIC_REQUIRE(!reserved.null_terminated());
    STATIC_REQUIRE(reserved.length_multiple_of_four());

    CHECK(std::string(to_string(network_service_type::administrative_configuration_service)) ==
          "administrative configuration service");
    CHECK(std::string(to_string(network_service_type::copy_service)) == "copy service");
    CHECK(std::string(to_string(reserved.service_type())) == "reserved");
    CHECK(std::string(to_string(static_cast<network_service_type>(0x08))) == "reserved");

    // An empty page.
    static constexpr byte empty[] = {0x00, 0x85, 0x00, 0x00};
    STATIC_REQUIRE(count(scsi::parse_management_network_addresses(empty)->network_services()) == 0);
    STATIC_REQUIRE(scsi::parse_management_network_addresses(empty)->network_services().status().ok());
}

TEST_CASE("vpd_management_network_addresses: malformed and truncated pages", "[scsi][vpd_management_network_addresses]")
{
    STATIC_REQUIRE(scsi::parse_management_network_addresses(byte_view{}).error() == errc::too_short);
    STATIC_REQUIRE(scsi::parse_management_network_addresses(byte_view(sdeb, 3)).error() == errc::too_short);
    static constexpr byte ext_inq[] = {0x00, 0x86, 0x00, 0x00};
    STATIC_REQUIRE(scsi::parse_management_network_addresses(ext_inq).error() == errc::wrong_page_code);

    // A NETWORK ADDRESS LENGTH past the end of the page: the first
    // descriptor stays usable.
    static constexpr byte overrun[] = {0x00, 0x85, 0x00, 0x0e, 0x01, 0x00, 0x00, 0x04, 'a',
                                       'b',  'c',  0,    0x02, 0x00, 0x00, 0x40, 'x',  'y'};
    constexpr auto o = scsi::parse_management_network_addresses(overrun);
    STATIC_REQUIRE(count(o->network_services()) == 1);
    STATIC_REQUIRE(o->network_services().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(o->network_services().status().offset == 8);
    STATIC_REQUIRE(o->network_services().status().count == 1);
    STATIC_REQUIRE(o->find(network_service_type::diagnostics, scsi::association::logical_unit).error() ==
                   errc::descriptor_overrun);
    STATIC_REQUIRE(
        o->find(network_service_type::storage_configuration_service, scsi::association::logical_unit).has_value());

    // A tail shorter than a descriptor header.
    static constexpr byte stub[] = {0x00, 0x85, 0x00, 0x06, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00};
    constexpr auto s = scsi::parse_management_network_addresses(stub);
    STATIC_REQUIRE(s->network_services().status().error == errc::too_short);
    STATIC_REQUIRE(s->network_services().status().count == 1);

    // Every prefix of the scsi_debug page: the descriptors wholly inside
    // the prefix are usable, the cut one is reported.
    mpio_test::every_prefix(byte_view(sdeb), scsi::vpd_page::header_size, scsi::parse_management_network_addresses,
                            [](const scsi::management_network_addresses& prefix, std::size_t n) {
                                CHECK(prefix.truncated() == (n < sizeof sdeb));
                                const mpio::list_status st = prefix.network_services().status();
                                const std::size_t whole = n >= sizeof sdeb ? 2 : n >= 40 ? 1 : 0;
                                CHECK(st.count == whole);
                                const std::size_t rest = n - 4 - (whole == 1 ? 36 : whole == 2 ? 68 : 0);
                                if (rest == 0) {
                                    CHECK(st.ok());
                                } else {
                                    CHECK(st.error == (rest < 4 ? errc::too_short : errc::descriptor_overrun));
                                }
                            });
}

TEST_CASE("vpd_management_network_addresses: vpd_sdeb.hex", "[scsi][vpd_management_network_addresses][data]")
{
    const std::vector<byte> data = load("vpd_sdeb.hex");
    const auto page = scsi::vpd_page_list(view(data)).find(0x85);
    REQUIRE(page.has_value());
    CHECK(page->bytes() == byte_view(sdeb));
    const auto mna = scsi::parse_management_network_addresses(page->bytes());
    REQUIRE(mna.has_value());
    // sg_vpd --inhex=<the 85h page> (sg3_utils 1.46):
    //   Addressed logical unit, Service type: storage configuration service
    //     https://www.kernel.org/config
    //   Addressed logical unit, Service type: logging
    //     http://www.kernel.org/log
    std::vector<std::string> lines;
    for (const scsi::network_service_descriptor d : mna->network_services()) {
        lines.push_back(std::string(to_string(d.association())) + ", " + to_string(d.service_type()));
        lines.emplace_back(reinterpret_cast<const char*>(d.network_address().bytes().data()),
                           d.network_address().size());
    }
    CHECK(lines == std::vector<std::string>{"logical unit, storage configuration service",
                                            "https://www.kernel.org/config", "logical unit, logging",
                                            "http://www.kernel.org/log"});
}

} // namespace test_scsi_vpd_management_network_addresses_test
