// SPDX-License-Identifier: MIT
// mpio/nvme.hpp and mpio/mpio.hpp pull in the NVMe layer.
#include <mpio/mpio.hpp>
#include <mpio/nvme.hpp>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_nvme_umbrella_test {

TEST_CASE("umbrella: the NVMe layer is reachable", "[nvme][umbrella]")
{
    static constexpr mpio::byte header[16] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    STATIC_REQUIRE(mpio::nvme::parse_ana_log(mpio::byte_view(header))->chgcnt() == 1);
    STATIC_REQUIRE(mpio::nvme::parse_identify_controller(mpio::byte_view(header)).error() == mpio::errc::too_short);
    STATIC_REQUIRE(mpio::nvme::parse_identify_namespace(mpio::byte_view(header)).error() == mpio::errc::too_short);
    STATIC_REQUIRE(mpio::nvme::parse_namespace_identification_descriptors(mpio::byte_view(header))->terminated());
    STATIC_REQUIRE(mpio::nvme::parse_completion_queue_entry(mpio::byte_view(header)).has_value());
}

} // namespace test_nvme_nvme_umbrella_test
