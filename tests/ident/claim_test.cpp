// SPDX-License-Identifier: MIT
#include <mpio/ident/claim.hpp>

#include <cstddef>
#include <string_view>

#include <catch2/catch.hpp>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_claim_test {

using mpio::errc;
using mpio::ident::arbitrate;
using mpio::ident::bus_type;
using mpio::ident::claim_result;
using mpio::ident::claim_table;
using mpio::ident::claimer;
using mpio::ident::device_claimer;
using mpio::ident::device_description;
using mpio::ident::hardware_id;
using mpio::ident::make_supported_device_list;
using mpio::ident::match_mode;

namespace {

constexpr device_description device(const char* text, bus_type bus = bus_type::fibre_channel) noexcept
{
    return device_description{*hardware_id::from_string(text), bus};
}

// MSDSM's list: NetApp and 3PAR (prefix), and iSCSI devices.
constexpr auto msdsm_devices = make_supported_device_list("NETAPP  LUN", "3PARdataVV", "MSFT2005iSCSIBusType_0x9");
// A vendor DSM for NetApp (exact, VMware-style entries would also do).
constexpr auto ontap_devices = make_supported_device_list("NETAPP  ");
// A vendor DSM for EMC.
constexpr auto emc_devices = make_supported_device_list("DGC     ", "EMC     SYMMETRIX");

// Registration order: the generic DSM first; it must still be asked last.
constexpr claimer dsms[] = {
    claimer{"msdsm", msdsm_devices.entries(), match_mode::mpio_prefix, true},
    claimer{"ontapdsm", ontap_devices.entries(), match_mode::mpio_prefix, false},
    claimer{"emcdsm", emc_devices.entries(), match_mode::mpio_prefix, false},
};

// A claimer of another shape: the concept is what arbitrate() needs.
struct vendor_prefix_claimer {
    char first;
    bool generic;
    constexpr bool claims(const device_description& d) const noexcept { return d.id.vendor()[0] == first; }
    constexpr bool is_generic() const noexcept { return generic; }
};

} // namespace

TEST_CASE("claim: compile time", "[ident][claim]")
{
    STATIC_REQUIRE(device_claimer<claimer>);
    STATIC_REQUIRE(device_claimer<vendor_prefix_claimer>);
    STATIC_REQUIRE(!device_claimer<int>);
    // NetApp: both msdsm (registered first) and ontapdsm claim; the vendor DSM wins.
    STATIC_REQUIRE(arbitrate(dsms, device("NETAPP  LUN C-Mode")).index() == 1);
    STATIC_REQUIRE(arbitrate(dsms, device("DGC     VRAID")).index() == 2);
    STATIC_REQUIRE(arbitrate(dsms, device("3PARdataVV")).index() == 0);
    STATIC_REQUIRE(!arbitrate(dsms, device("HITACHI OPEN-V")).claimed());
    STATIC_REQUIRE(arbitrate(dsms, device("HITACHI OPEN-V", bus_type::iscsi)).index() == 0);
}

TEST_CASE("claim: the generic claimer is asked last", "[ident][claim]")
{
    SECTION("registered first")
    {
        const claim_result r = arbitrate(dsms, device("netapp  lun"));
        REQUIRE(r.claimed());
        CHECK(r.index() == 1);
        CHECK(dsms[r.index()].name[0] == 'o');
    }
    SECTION("claims when no vendor DSM does")
    {
        CHECK(arbitrate(dsms, device("3PARdataVV")) == claim_result(0));
        CHECK(arbitrate(dsms, device("IBM     2145", bus_type::iscsi)) == claim_result(0));
    }
    SECTION("nobody claims")
    {
        CHECK_FALSE(arbitrate(dsms, device("IBM     2145", bus_type::sas)).claimed());
        CHECK(arbitrate(dsms, device("IBM     2145")) == claim_result{});
        CHECK_FALSE(arbitrate(static_cast<const claimer*>(nullptr), 3, device("NETAPP  LUN")).claimed());
        CHECK_FALSE(arbitrate(dsms, 0, device("NETAPP  LUN")).claimed());
    }
    SECTION("first claim wins among vendor DSMs, then among generic ones")
    {
        const vendor_prefix_claimer claimers[] = {{'N', true}, {'X', false}, {'N', false}, {'N', false}, {'N', true}};
        CHECK(arbitrate(claimers, device("NETAPP  LUN")).index() == 2);
        const vendor_prefix_claimer generic_only[] = {{'X', false}, {'N', true}, {'N', true}};
        CHECK(arbitrate(generic_only, device("NETAPP  LUN")).index() == 1);
    }
    SECTION("the claimer's match mode is used")
    {
        const claimer exact[] = {claimer{"vmw", ontap_devices.entries(), match_mode::exact, false}};
        CHECK_FALSE(arbitrate(exact, device("NETAPP  LUN")).claimed());
    }
}

TEST_CASE("claim: fixed-capacity claim table", "[ident][claim]")
{
    claim_table<2> table;
    CHECK(table.add(dsms[0]));
    CHECK(table.add(dsms[2]));
    CHECK(table.add(dsms[1]).error() == errc::capacity_exceeded);
    CHECK(table.size() == 2);
    CHECK(table.arbitrate(device("DGC     RAID 5")) == claim_result(1));
    const char* winner = table.winner_name(device("NETAPP  LUN"));
    REQUIRE(winner != nullptr);
    CHECK(winner[0] == 'm'); // msdsm: the NetApp DSM is not in this table
    CHECK(table.winner_name(device("HITACHI OPEN-V")) == nullptr);

    claim_table<0> empty;
    CHECK(empty.add(dsms[0]).error() == errc::capacity_exceeded);
    CHECK_FALSE(empty.arbitrate(device("NETAPP  LUN")).claimed());
}

TEST_CASE("claim: the claim-everything claimer", "[ident][claim]")
{
    using mpio::ident::claim_everything;
    using mpio::ident::claim_everything_claimer;
    STATIC_REQUIRE(device_claimer<claim_everything>);

    // Alone: every device, whatever its bus or identifiers.
    constexpr claim_everything alone[] = {claim_everything{}};
    STATIC_REQUIRE(arbitrate(alone, device("HITACHI OPEN-V")).index() == 0);
    STATIC_REQUIRE(arbitrate(alone, device("ATA     SAMSUNG", bus_type::sata)).claimed());
    STATIC_REQUIRE(alone[0].is_generic());

    // As a ready-made claimer registered first, among vendor claimers: asked
    // last, like MSDSM, so the vendor claimers keep their devices.
    constexpr claimer with_vendors[] = {
        claim_everything_claimer("prototype"),
        claimer{"ontapdsm", ontap_devices.entries(), match_mode::mpio_prefix, false},
    };
    STATIC_REQUIRE(arbitrate(with_vendors, device("NETAPP  LUN C-Mode")).index() == 1);
    STATIC_REQUIRE(arbitrate(with_vendors, device("HITACHI OPEN-V")).index() == 0);
    STATIC_REQUIRE(with_vendors[0].generic && with_vendors[0].everything);
    // A plain claimer with an empty list claims nothing: `everything` is what differs.
    constexpr claimer empty[] = {claimer{"empty", {}, match_mode::mpio_prefix, true}};
    STATIC_REQUIRE(!arbitrate(empty, device("HITACHI OPEN-V")).claimed());

    claim_table<2> table;
    REQUIRE(table.add(claim_everything_claimer()));
    CHECK(std::string_view(table.winner_name(device("IBM     2145"))) == "claim-everything");
    CHECK(std::string_view(table.winner_name(device("ANY     THING", bus_type::sas))) == "claim-everything");
}

} // namespace test_ident_claim_test
