// SPDX-License-Identifier: MIT
#include <mpio/nvme/identify_controller.hpp>

#include <string>

#include <catch2/catch.hpp>

#include "nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_identify_controller_test {

using mpio::byte_view;
using mpio::errc;
namespace nvme = mpio::nvme;

namespace {
constexpr nvme_test::page ctrl_page = nvme_test::nvmet_like_identify_controller();
constexpr nvme::identify_controller parse(byte_view b) noexcept { return *nvme::parse_identify_controller(b); }
} // namespace

TEST_CASE("identify_controller: identity and multipath fields", "[nvme][identify_controller][constexpr]")
{
    constexpr auto c = parse(ctrl_page.view());
    STATIC_REQUIRE(!c.truncated());
    STATIC_REQUIRE(c.vid() == 0);
    STATIC_REQUIRE(c.sn().trim_right().equals("6b6f5a3c2e1d0f09"));
    STATIC_REQUIRE(c.sn().size() == 20);
    STATIC_REQUIRE(c.mn().trim_right().equals("Linux"));
    STATIC_REQUIRE(c.mn().size() == 40);
    STATIC_REQUIRE(c.fr().trim_right().equals("6.1.0"));
    STATIC_REQUIRE(c.cmic() == 0x0A);
    STATIC_REQUIRE(!c.cmic_multiple_ports());
    STATIC_REQUIRE(c.cmic_multiple_controllers());
    STATIC_REQUIRE(!c.cmic_sriov_virtual_function());
    STATIC_REQUIRE(c.cmic_ana_reporting());
    STATIC_REQUIRE(c.cntlid() == 1);
    STATIC_REQUIRE(c.ver_major() == 2);
    STATIC_REQUIRE(c.ver_minor() == 0);
    STATIC_REQUIRE(c.oaes_ana_change_notices());
    STATIC_REQUIRE(c.oaes_namespace_attribute_notices());
    STATIC_REQUIRE(!c.oaes_firmware_activation_notices());
    STATIC_REQUIRE(c.cntrltype() == nvme::controller_type::io_controller);
    STATIC_REQUIRE(c.crdt(1) == 1);
    STATIC_REQUIRE(c.crdt(2) == 10);
    STATIC_REQUIRE(c.crdt(3) == 50);
    STATIC_REQUIRE(c.crdt(0) == 0);
    STATIC_REQUIRE(c.crdt(4) == 0);
    STATIC_REQUIRE(c.anatt() == 10);
    STATIC_REQUIRE(c.anacap() == 0x5F);
    STATIC_REQUIRE(c.anacap_reports(nvme::ana_state::optimized));
    STATIC_REQUIRE(c.anacap_reports(nvme::ana_state::non_optimized));
    STATIC_REQUIRE(c.anacap_reports(nvme::ana_state::inaccessible));
    STATIC_REQUIRE(c.anacap_reports(nvme::ana_state::persistent_loss));
    STATIC_REQUIRE(c.anacap_reports(nvme::ana_state::change));
    STATIC_REQUIRE(!c.anacap_reports(static_cast<nvme::ana_state>(5)));
    STATIC_REQUIRE(c.anacap_anagrpid_static());
    STATIC_REQUIRE(!c.anacap_nonzero_anagrpid());
    STATIC_REQUIRE(c.anagrpmax() == 128);
    STATIC_REQUIRE(c.nanagrpid() == 128);
    STATIC_REQUIRE(c.nn() == 1024);
    STATIC_REQUIRE(c.mnan() == 1024);
    STATIC_REQUIRE(c.subnqn().equals("nqn.2014-08.org.example:subsys1"));
    STATIC_REQUIRE(c.subnqn_field().size() == 256);
}

TEST_CASE("identify_controller: multi-byte fields are little-endian on any host", "[nvme][identify_controller]")
{
    nvme_test::page p{};
    p.b[0] = 0x4d; // VID 144Dh (Samsung), low byte first
    p.b[1] = 0x14;
    p.b[2] = 0x01;
    p.b[3] = 0xa8;
    p.b[73] = 0x38; // IEEE OUI 002538h, low byte first
    p.b[74] = 0x25;
    p.b[75] = 0x00;
    p.b[78] = 0x34;
    p.b[79] = 0x12;
    p.b[344] = 0x01;
    p.b[345] = 0x02;
    p.b[346] = 0x03;
    p.b[347] = 0x04;
    p.b[93] = 0x08; // OAES bit 11 is bit 3 of byte 93
    p.b[343] = 0xC0;
    const auto c = parse(p.view());
    REQUIRE(c.vid() == 0x144d);
    REQUIRE(c.ssvid() == 0xa801);
    REQUIRE(c.ieee() == 0x002538u);
    REQUIRE(c.cntlid() == 0x1234);
    REQUIRE(c.anagrpmax() == 0x04030201u);
    REQUIRE(c.oaes() == 0x0800u);
    REQUIRE(c.oaes_ana_change_notices());
    REQUIRE(c.anacap_anagrpid_static());
    REQUIRE(c.anacap_nonzero_anagrpid());
    REQUIRE(!c.anacap_reports_optimized());
    REQUIRE(c.cntrltype() == nvme::controller_type::not_reported);
    REQUIRE(std::string(nvme::to_string(static_cast<nvme::controller_type>(9))) == "reserved");
}

TEST_CASE("identify_controller: truncated and too short", "[nvme][identify_controller][truncated]")
{
    STATIC_REQUIRE(nvme::parse_identify_controller(ctrl_page.view().first(79)).error() == errc::too_short);
    STATIC_REQUIRE(nvme::parse_identify_controller(byte_view{}).error() == errc::too_short);
    constexpr auto c80 = parse(ctrl_page.view().first(80));
    STATIC_REQUIRE(c80.truncated());
    STATIC_REQUIRE(c80.required_allocation_length() == 4096);
    STATIC_REQUIRE(c80.cntlid() == 1);
    STATIC_REQUIRE(!c80.version_present());
    STATIC_REQUIRE(c80.ver() == 0); // past the end: zero
    STATIC_REQUIRE(!c80.ana_fields_present());
    STATIC_REQUIRE(c80.anagrpmax() == 0);
    STATIC_REQUIRE(c80.subnqn().empty());

    constexpr auto c512 = parse(ctrl_page.view().first(512));
    STATIC_REQUIRE(c512.ana_fields_present());
    STATIC_REQUIRE(c512.anagrpmax() == 128);
    STATIC_REQUIRE(!c512.mnan_present());
    STATIC_REQUIRE(c512.mnan() == 0);
    STATIC_REQUIRE(!c512.subnqn_present());

    // Cut inside SUBNQN: the part returned, no overread.
    constexpr auto c780 = parse(ctrl_page.view().first(780));
    STATIC_REQUIRE(c780.subnqn().equals("nqn.2014-08."));
    STATIC_REQUIRE(!c780.subnqn_present());
    // Cut inside ANAGRPMAX: the missing high bytes read as zero.
    const auto c345 = parse(ctrl_page.view().first(345));
    REQUIRE(c345.anagrpmax() == 128);
    REQUIRE(!c345.ana_fields_present());
}

TEST_CASE("identify_controller: SUBNQN without a NUL fills the field", "[nvme][identify_controller]")
{
    nvme_test::page p = ctrl_page;
    for (std::size_t i = 768; i < 1024; ++i) p.b[i] = 'a';
    const auto c = parse(p.view());
    REQUIRE(c.subnqn().size() == 256);
}

} // namespace test_nvme_identify_controller_test
