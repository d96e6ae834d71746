// SPDX-License-Identifier: MIT
#include <mpio/nvme/completion_status.hpp>

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_nvme_completion_status_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
namespace nvme = mpio::nvme;
using nvme::completion_status;
using nvme::status_code;
using nvme::status_code_type;

TEST_CASE("completion_status: the Status Field's parts", "[nvme][completion_status][constexpr]")
{
    // DNR | More | CRD 2 | SCT 3h | SC 02h
    constexpr auto s = completion_status::from_status_field(0x4000 | 0x2000 | (2u << 11) | 0x302);
    STATIC_REQUIRE(s.dnr());
    STATIC_REQUIRE(s.more());
    STATIC_REQUIRE(s.crd() == 2);
    STATIC_REQUIRE(s.sct() == status_code_type::path_related_status);
    STATIC_REQUIRE(s.sc() == 0x02);
    STATIC_REQUIRE(s.code() == status_code::asymmetric_access_inaccessible);
    STATIC_REQUIRE(s.is_path_error());
    STATIC_REQUIRE(s.is_ana_error());
    STATIC_REQUIRE(!s.success());
    STATIC_REQUIRE(s == completion_status::make(status_code::asymmetric_access_inaccessible, true, true, 2));
    // Bit 15 is not part of the field.
    STATIC_REQUIRE(completion_status::from_status_field(0x8000).success());
    STATIC_REQUIRE(completion_status{}.success());
    // Dword 3: the phase tag (bit 16) is not part of the status.
    STATIC_REQUIRE(completion_status::from_dword3(0x00010000u).success());
    STATIC_REQUIRE(completion_status::from_dword3(std::uint32_t{0x303} << 17).code() ==
                   status_code::asymmetric_access_transition);
    STATIC_REQUIRE(completion_status::from_dword3(0x80000000u).dnr());
}

TEST_CASE("completion_status: path and ANA errors, as the kernel tells them", "[nvme][completion_status]")
{
    for (unsigned code = 0; code < 0x800; ++code) {
        const auto s = completion_status::from_status_field(static_cast<std::uint16_t>(code));
        CAPTURE(code);
        REQUIRE(s.is_path_error() == ((code & 0x700) == 0x300));
        REQUIRE(s.is_ana_error() == (code == 0x301 || code == 0x302 || code == 0x303));
    }
    REQUIRE(!completion_status::make(status_code::host_pathing_error).is_ana_error());
    REQUIRE(completion_status::make(status_code::host_pathing_error).is_path_error());
}

TEST_CASE("completion_status: names", "[nvme][completion_status]")
{
    STATIC_REQUIRE(nvme::to_string(status_code::asymmetric_access_transition)[0] == 'A');
    REQUIRE(std::string(nvme::to_string(status_code::controller_pathing_error)) == "Controller Pathing Error");
    REQUIRE(std::string(nvme::to_string(status_code::command_aborted_by_host)) == "Command Aborted By Host");
    REQUIRE(std::string(nvme::to_string(status_code::namespace_not_ready)) == "Namespace Not Ready");
    REQUIRE(std::string(nvme::to_string(static_cast<status_code>(0x0FF))) == "vendor specific");
    REQUIRE(std::string(nvme::to_string(static_cast<status_code>(0x7AB))) == "vendor specific");
    REQUIRE(std::string(nvme::to_string(static_cast<status_code>(0x401))) == "reserved");
    REQUIRE(std::string(nvme::to_string(static_cast<status_code>(0x0AB))) == "unnamed");
    REQUIRE(std::string(nvme::to_string(status_code_type::path_related_status)) == "Path Related Status");
    REQUIRE(std::string(nvme::to_string(static_cast<status_code_type>(5))) == "reserved");
    // Every path-related code the kernel defines has a name.
    for (const unsigned c : {0x300u, 0x301u, 0x302u, 0x303u, 0x360u, 0x370u, 0x371u})
        REQUIRE(std::string(nvme::to_string(static_cast<status_code>(c))) != "unnamed");
}

TEST_CASE("completion_status: completion queue entries", "[nvme][completion_status][constexpr]")
{
    // CID 1234h, SQ 1, SQHD 5, phase 1, status 371h (command aborted by host)
    // with DNR: status field 4371h, bytes 14-15 = (4371h << 1) | 1 = 86E3h.
    static constexpr byte cqe[16] = {0x78, 0x56, 0x34, 0x12, 0,    0,    0,    0,
                                     0x05, 0x00, 0x01, 0x00, 0x34, 0x12, 0xE3, 0x86};
    constexpr auto e = *nvme::parse_completion_queue_entry(byte_view(cqe));
    STATIC_REQUIRE(e.dw0() == 0x12345678u);
    STATIC_REQUIRE(e.sqhd() == 5);
    STATIC_REQUIRE(e.sqid() == 1);
    STATIC_REQUIRE(e.cid() == 0x1234);
    STATIC_REQUIRE(e.phase_tag());
    STATIC_REQUIRE(e.status().code() == status_code::command_aborted_by_host);
    STATIC_REQUIRE(e.status().dnr());
    STATIC_REQUIRE(!e.status().more());
    STATIC_REQUIRE(e.status().field() == 0x4371);
    STATIC_REQUIRE(nvme::parse_completion_queue_entry(byte_view(cqe).first(15)).error() == errc::too_short);
    STATIC_REQUIRE(nvme::parse_completion_queue_entry(byte_view{}).error() == errc::too_short);
}

} // namespace test_nvme_completion_status_test
