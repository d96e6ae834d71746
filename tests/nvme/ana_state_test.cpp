// SPDX-License-Identifier: MIT
#include <mpio/nvme/ana_state.hpp>

#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_ana_state_test {

namespace nvme = mpio::nvme;
using nvme::ana_state;

TEST_CASE("ana_state: names, reserved codes, live states", "[nvme][ana_state][constexpr]")
{
    STATIC_REQUIRE(static_cast<int>(ana_state::optimized) == 1);
    STATIC_REQUIRE(static_cast<int>(ana_state::change) == 0xF);
    STATIC_REQUIRE(nvme::is_live(ana_state::optimized));
    STATIC_REQUIRE(nvme::is_live(ana_state::non_optimized));
    STATIC_REQUIRE(!nvme::is_live(ana_state::inaccessible));
    STATIC_REQUIRE(!nvme::is_live(ana_state::persistent_loss));
    STATIC_REQUIRE(!nvme::is_live(ana_state::change));
    STATIC_REQUIRE(nvme::is_reserved(static_cast<ana_state>(0)));
    STATIC_REQUIRE(!nvme::is_reserved(ana_state::change));
    for (int v = 0; v < 256; ++v) {
        const auto s = static_cast<ana_state>(v);
        const bool known = v == 1 || v == 2 || v == 3 || v == 4 || v == 0xF;
        CAPTURE(v);
        REQUIRE(nvme::is_reserved(s) == !known);
        REQUIRE((std::string(nvme::to_string(s)) == "reserved") == !known);
        REQUIRE((std::string(nvme::linux_name(s)) == "invalid state") == !known);
    }
    REQUIRE(std::string(nvme::linux_name(ana_state::persistent_loss)) == "persistent-loss");
    REQUIRE(std::string(nvme::to_string(ana_state::non_optimized)) == "ANA non-optimized");
}

} // namespace test_nvme_ana_state_test
