// SPDX-License-Identifier: MIT
// multipath-tools' WWID of an NVMe namespace, after get_uid() /
// get_udev_uid() / fix_broken_nvme_wwid() in libmultipath/discovery.c: the
// kernel string as is, the broken-WWID fix on an older kernel's value, the
// 127-character cut and the trailing-blank strip.
#include <mpio/ident/nvme_schemes.hpp>
#include <mpio/ident/scheme_linux_nvme_wwid.hpp>
#include <mpio/ident/scheme_multipath_tools_nvme.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

#include "../nvme/nvme_test_data.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_scheme_multipath_tools_nvme_test {

namespace ident = mpio::ident;
using mpio::byte_view;
using mpio::errc;

namespace multipath_tools_nvme_test {

constexpr nvme_test::page ctrl_page = nvme_test::nvmet_like_identify_controller();
constexpr nvme_test::page ns_page = nvme_test::shared_identify_namespace();

constexpr nvme_test::page plain_namespace() noexcept
{
    nvme_test::page p = ns_page;
    for (std::size_t i = 104; i < 128; ++i) p.b[i] = 0;
    return p;
}
constexpr nvme_test::page plain_ns = plain_namespace();

// A controller with a 20-character serial and a 40-character model, no padding.
constexpr nvme_test::page long_names_controller() noexcept
{
    nvme_test::page p = ctrl_page;
    p.text(4, "S4EWNX0R123456789ABC", 20);
    p.text(24, "Samsung SSD 980 PRO with Heatsink 2TB XY", 40);
    return p;
}
constexpr nvme_test::page long_ctrl = long_names_controller();

constexpr nvme_test::page blank_serial_controller() noexcept
{
    nvme_test::page p = ctrl_page;
    p.text(4, "", 20);
    return p;
}
constexpr nvme_test::page blank_ctrl = blank_serial_controller();

constexpr ident::device_identity derive(byte_view ctrl, byte_view ns, std::uint32_t nsid = 1) noexcept
{
    return ident::derive_nvme_identity<ident::multipath_tools_nvme_scheme>(
        ident::nvme_identity_input{ctrl, ns, {}, nsid, 0});
}

std::string text(const ident::device_identity& id) { return std::string(id.text().c_str()); }

std::string uid(const char* value)
{
    const auto r = ident::multipath_tools_nvme_uid_of(
        byte_view(reinterpret_cast<const mpio::byte*>(value), std::char_traits<char>::length(value)));
    return std::string(reinterpret_cast<const char*>(r.wwid.view().data()), r.wwid.view().size());
}

} // namespace multipath_tools_nvme_test

using namespace multipath_tools_nvme_test;

TEST_CASE("multipath-tools-nvme: a WWID under 128 characters is the kernel's", "[ident][nvme][multipath_tools_nvme]")
{
    constexpr auto id = derive(ctrl_page.view(), ns_page.view());
    STATIC_REQUIRE(id.found());
    STATIC_REQUIRE(!id.unsafe_to_group());
    STATIC_REQUIRE(id.key().scheme() == ident::multipath_tools_nvme_scheme::id);
    STATIC_REQUIRE(id.key().kind() == static_cast<std::uint8_t>(ident::nvme_wwid_kind::nguid));
    REQUIRE(text(id) == "eui.600a09800000000100000000deadbeef");

    const auto fallback = derive(ctrl_page.view(), plain_ns.view(), 0x2A);
    CHECK(fallback.found());
    CHECK(text(fallback) == "nvme.0000-36623666356133633265316430663039-4c696e7578-0000002a");
    CHECK(fallback.key().kind() == static_cast<std::uint8_t>(ident::nvme_wwid_kind::vid_serial_model_nsid));
    // The same string as linux-nvme-wwid, under another scheme id.
    const auto kernel = ident::derive_nvme_identity<ident::linux_nvme_wwid_scheme>(
        ident::nvme_identity_input{ctrl_page.view(), plain_ns.view(), {}, 0x2A, 0});
    CHECK(fallback.key().bytes() == kernel.key().bytes());
    CHECK_FALSE(ident::same_device(fallback, kernel));
}

TEST_CASE("multipath-tools-nvme: fix_broken_nvme_wwid removes hex NULs of an older kernel's value",
          "[ident][nvme][multipath_tools_nvme]")
{
    // The example of discovery.c's comment: 134 characters.
    const char* broken = "nvme.0000-3163653363666438366239656630386200-"
                         "4c696e75780000000000000000000000000000000000000000000000000000000000000000000000-00000002";
    CHECK(uid(broken) == "nvme.0000-31636533636664383662396566303862-4c696e7578-00000002");
    const auto r = ident::multipath_tools_nvme_uid_of(
        byte_view(reinterpret_cast<const mpio::byte*>(broken), std::char_traits<char>::length(broken)));
    CHECK(r.change == ident::multipath_tools_nvme_uid_change::shortened);

    // Under 128 characters nothing is touched, trailing "00" pairs included.
    CHECK(uid("nvme.0000-3100-4c00-00000001") == "nvme.0000-3100-4c00-00000001");
}

TEST_CASE("multipath-tools-nvme: what fix_broken_nvme_wwid refuses is cut at 127 characters",
          "[ident][nvme][multipath_tools_nvme]")
{
    const std::string model_zeros(80, '0');
    // Not "nvme." + 4 hex digits + "-": cut.
    const std::string bad_prefix = "nvme.00g0-31-" + model_zeros + "-4c" + std::string(40, '0') + "-00000001";
    CHECK(uid(bad_prefix.c_str()) == bad_prefix.substr(0, 127));
    // Four '-' in the value: cut.
    const std::string four_dashes = "nvme.0000-31-32-4c" + model_zeros + "-00000001" + std::string(40, 'a');
    CHECK(uid(four_dashes.c_str()) == four_dashes.substr(0, 127));
    // Stripping leaves 128 characters or more: cut.
    const std::string still_long = "nvme.0000-" + std::string(60, '1') + "-" + std::string(60, '2') + "00-00000001";
    CHECK(uid(still_long.c_str()) == still_long.substr(0, 127));
    // 256 characters or more (the mangled buffer): cut.
    const std::string huge = "nvme.0000-31-" + std::string(250, '0') + "-00000001";
    CHECK(uid(huge.c_str()) == huge.substr(0, 127));
    // Trailing blanks are stripped (get_uid()), also after a cut.
    CHECK(uid("eui.0123  ") == "eui.0123");
    CHECK(uid((std::string(126, 'x') + "  z").c_str()) == std::string(126, 'x'));
    CHECK(uid("").empty());
}

TEST_CASE("multipath-tools-nvme: a 20-byte serial and a 40-byte model lose the NSID",
          "[ident][nvme][multipath_tools_nvme]")
{
    constexpr auto one = derive(long_ctrl.view(), plain_ns.view(), 1);
    STATIC_REQUIRE(one.found());
    STATIC_REQUIRE(one.unsafe_to_group());
    STATIC_REQUIRE(one.text().size() == 127);
    STATIC_REQUIRE(one.key().kind() ==
                   (static_cast<std::uint8_t>(ident::nvme_wwid_kind::vid_serial_model_nsid) | 0x20));
    const auto two = derive(long_ctrl.view(), plain_ns.view(), 2);
    // The kernel's strings differ (140 characters each, NSID last) ...
    const auto k1 = ident::derive_nvme_identity<ident::linux_nvme_wwid_scheme>(
        ident::nvme_identity_input{long_ctrl.view(), plain_ns.view(), {}, 1, 0});
    REQUIRE(k1.text().size() == 140);
    // ... multipath-tools' do not: two namespaces, one WWID.
    CHECK(text(one) == text(two));
    CHECK(ident::same_device(one, two));
    CHECK(text(one) == std::string(k1.text().c_str()).substr(0, 127));
}

TEST_CASE("multipath-tools-nvme: not ready and errors as the kernel string", "[ident][nvme][multipath_tools_nvme]")
{
    constexpr auto blank = derive(blank_ctrl.view(), plain_ns.view());
    STATIC_REQUIRE(blank.status() == ident::identity_status::not_ready);
    STATIC_REQUIRE(!blank.unsafe_to_group());
    STATIC_REQUIRE(derive(ctrl_page.view(), ns_page.view(), 0).reason() == errc::invalid_argument);
    STATIC_REQUIRE(derive(byte_view(), ns_page.view()).reason() == errc::not_found);
    STATIC_REQUIRE(derive(ctrl_page.view().first(40), ns_page.view()).reason() == errc::too_short);
    const auto* entry = ident::find_nvme_scheme("multipath-tools-nvme");
    REQUIRE(entry != nullptr);
    ident::device_identity id;
    CHECK(entry->derive_into(ident::nvme_identity_input{ctrl_page.view(), ns_page.view(), {}, 1, 0}, id) ==
          ident::identity_status::found);
    CHECK(text(id) == "eui.600a09800000000100000000deadbeef");
}

} // namespace test_ident_scheme_multipath_tools_nvme_test
