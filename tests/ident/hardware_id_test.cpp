// SPDX-License-Identifier: MIT
#include <mpio/ident/hardware_id.hpp>

#include <mpio/scsi/inquiry.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_ident_hardware_id_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio::ident::bus_type;
using mpio::ident::device_description;
using mpio::ident::hardware_id;
using mpio::ident::make_supported_device_list;
using mpio::ident::match_mode;
using mpio::ident::supported_device_entry;
using mpio::ident::supported_device_list;
namespace scsi = mpio::scsi;

namespace {

// Standard INQUIRY, 36 bytes: "NETAPP  " "LUN C-Mode      " "9800".
constexpr byte netapp_inquiry[] = {0x00, 0x00, 0x06, 0x12, 0x1f, 0x00, 0x00, 0x00, 'N', 'E', 'T', 'A',
                                   'P',  'P',  ' ',  ' ',  'L',  'U',  'N',  ' ',  'C', '-', 'M', 'o',
                                   'd',  'e',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  '9', '8', '0', '0'};

constexpr hardware_id id_of(const char* text) noexcept { return *hardware_id::from_string(text); }

constexpr device_description device(const char* text, bus_type bus = bus_type::fibre_channel) noexcept
{
    return device_description{id_of(text), bus};
}

constexpr auto msdsm_list =
    make_supported_device_list("NETAPP  LUN", "3PARdataVV              ", "DGC     ", "MSFT2005iSCSIBusType_0x9");

} // namespace

TEST_CASE("hardware_id: compile time", "[ident][hardware_id]")
{
    STATIC_REQUIRE(hardware_id::size == 24);
    STATIC_REQUIRE(id_of("NETAPP  LUN").render().equals("NETAPP  LUN             "));
    STATIC_REQUIRE(id_of("NETAPP  LUN").vendor().equals("NETAPP  "));
    STATIC_REQUIRE(id_of("NETAPP  LUN").vendor_trimmed().equals("NETAPP"));
    STATIC_REQUIRE(id_of("NETAPP  LUN").product().equals("LUN             "));
    STATIC_REQUIRE(id_of("NETAPP  LUN").product_trimmed().equals("LUN"));
    STATIC_REQUIRE(id_of("NETAPP  LUN") == id_of("NETAPP  LUN             "));
    STATIC_REQUIRE(!(id_of("NETAPP  LUN") == id_of("netapp  lun")));
    STATIC_REQUIRE(id_of("NETAPP  LUN").equals_ignoring_case(id_of("netapp  lun")));
    STATIC_REQUIRE(hardware_id{}.render().equals("                        "));
    STATIC_REQUIRE(hardware_id::from_string("").error() == errc::invalid_argument);
    STATIC_REQUIRE(hardware_id::from_string("0123456789012345678901234").error() == errc::length_mismatch);
    STATIC_REQUIRE(hardware_id::from_mpclaim("\"DGC     RAID 5          \"")->product_trimmed().equals("RAID 5"));

    STATIC_REQUIRE(hardware_id::from_inquiry(*scsi::parse_standard_inquiry(netapp_inquiry))
                       .render()
                       .equals("NETAPP  LUN C-Mode      "));

    // The compile-time list.
    STATIC_REQUIRE(msdsm_list.size() == 4);
    STATIC_REQUIRE(msdsm_list.capacity == 4);
    STATIC_REQUIRE(msdsm_list[3].is_iscsi_bus_type());
    STATIC_REQUIRE(msdsm_list[0].text().equals("NETAPP  LUN"));
    STATIC_REQUIRE(*msdsm_list.find(device("NETAPP  LUN C-Mode")) == 0);
    STATIC_REQUIRE(*msdsm_list.find(device("DGC     VRAID")) == 2);
    STATIC_REQUIRE(msdsm_list.find(device("HITACHI OPEN-V")).error() == errc::not_found);
    STATIC_REQUIRE(*msdsm_list.find(device("HITACHI OPEN-V", bus_type::iscsi)) == 3);
    STATIC_REQUIRE(to_string(bus_type::iscsi)[0] == 'i');
    STATIC_REQUIRE(static_cast<int>(bus_type::iscsi) == 9);
}

TEST_CASE("hardware_id: from INQUIRY, full and short", "[ident][hardware_id]")
{
    const auto full = scsi::parse_standard_inquiry(netapp_inquiry);
    REQUIRE(full);
    const hardware_id id = hardware_id::from_inquiry(*full);
    CHECK(id.vendor_trimmed().equals("NETAPP"));
    CHECK(id.product_trimmed().equals("LUN C-Mode"));
    CHECK(id.padded().size() == 24);

    // Every prefix: the bytes returned, spaces for the rest.
    for (std::size_t n = scsi::standard_inquiry::header_size; n <= sizeof netapp_inquiry; ++n) {
        const auto inq = scsi::parse_standard_inquiry(byte_view{netapp_inquiry, n});
        REQUIRE(inq);
        const hardware_id short_id = hardware_id::from_inquiry(*inq);
        for (std::size_t i = 0; i < hardware_id::size; ++i) {
            const std::size_t at = 8 + i;
            const char expected = at < n ? static_cast<char>(netapp_inquiry[at]) : ' ';
            CHECK(short_id.padded()[i] == expected);
        }
    }

    // A short ADDITIONAL LENGTH (byte 4 = 15: 20 bytes) cuts the product.
    byte short_declared[36];
    for (std::size_t i = 0; i < sizeof short_declared; ++i) short_declared[i] = netapp_inquiry[i];
    short_declared[4] = 15;
    const hardware_id cut = hardware_id::from_inquiry(*scsi::parse_standard_inquiry(short_declared));
    CHECK(cut.render().equals("NETAPP  LUN             "));

    // NUL padding is read as space padding.
    byte nul_padded[36];
    for (std::size_t i = 0; i < sizeof nul_padded; ++i) nul_padded[i] = netapp_inquiry[i];
    for (std::size_t i = 26; i < 32; ++i) nul_padded[i] = 0;
    CHECK(hardware_id::from_inquiry(*scsi::parse_standard_inquiry(nul_padded)) == id);
}

TEST_CASE("hardware_id: from the corpus INQUIRY files", "[ident][hardware_id]")
{
    // sg_inq --inhex=F prints the vendor and product identifications.
    struct sample {
        const char* file;
        const char* padded;
    };
    for (const sample s : {sample{"inq_emc_symm.hex", "EMC     SYMMETRIX       "},
                           sample{"inq_standard.hex", "Linux   scsi_debug      "}}) {
        INFO(s.file);
        const std::vector<byte> bytes = mpio_test::load(s.file);
        const auto inq = scsi::parse_standard_inquiry(mpio_test::view(bytes));
        REQUIRE(inq);
        const hardware_id id = hardware_id::from_inquiry(*inq);
        CHECK(id.render().equals(s.padded));
        CHECK(id.vendor() == inq->t10_vendor_identification());
        CHECK(id.product() == inq->product_identification());
        CHECK(id.padded() == inq->vendor_product_identification());
    }
}

TEST_CASE("hardware_id: strings and the mpclaim notation", "[ident][hardware_id]")
{
    SECTION("exact 24 characters")
    {
        const auto id = hardware_id::from_string("IBM     2145            ");
        REQUIRE(id);
        CHECK(id->vendor_trimmed().equals("IBM"));
        CHECK(id->product_trimmed().equals("2145"));
    }
    SECTION("shorter strings are padded")
    {
        CHECK(id_of("IBM") == id_of("IBM                     "));
        CHECK(id_of("IBM     2145").product().equals("2145            "));
    }
    SECTION("malformed")
    {
        CHECK(hardware_id::from_string("IBM     2145             ").error() == errc::length_mismatch);
        CHECK(hardware_id::from_string("IBM\t2145").error() == errc::invalid_argument);
        CHECK(hardware_id::from_string("IBM     2145\xc3\xa9").error() == errc::invalid_argument);
        CHECK(hardware_id::from_string(nullptr).error() == errc::invalid_argument);
        const char with_nul[] = {'I', 'B', 'M', '\0', 'X'};
        CHECK(hardware_id::from_string(with_nul, sizeof with_nul).error() == errc::invalid_argument);
    }
    SECTION("mpclaim -r -i -d \"VENDOR  PRODUCT         \"")
    {
        const auto quoted = hardware_id::from_mpclaim("\"IBM     2145            \"");
        REQUIRE(quoted);
        CHECK(*quoted == id_of("IBM     2145"));
        CHECK(*hardware_id::from_mpclaim("IBM     2145") == id_of("IBM     2145"));
        CHECK(hardware_id::from_mpclaim("\"IBM     2145").error() == errc::invalid_argument);
        CHECK(hardware_id::from_mpclaim("IBM     2145\"").error() == errc::invalid_argument);
        CHECK(hardware_id::from_mpclaim("\"IBM\"2145\"").error() == errc::invalid_argument);
        CHECK(hardware_id::from_mpclaim("\"\"").error() == errc::invalid_argument);
        CHECK(hardware_id::from_mpclaim("\"").error() == errc::invalid_argument);
        CHECK(hardware_id::from_mpclaim("\"IBM     2145             \"").error() == errc::length_mismatch);
    }
}

TEST_CASE("hardware_id: separate vendor and product (New-MSDSMSupportedHW)", "[ident][hardware_id]")
{
    STATIC_REQUIRE(*hardware_id::from_vendor_product("DGC", "RAID 5") == id_of("DGC     RAID 5"));
    CHECK(*hardware_id::from_vendor_product("VENDOR8X", "PRODUCT-16-CHARS") == id_of("VENDOR8XPRODUCT-16-CHARS"));
    CHECK(*hardware_id::from_vendor_product("DGC", "") == id_of("DGC"));
    CHECK(*hardware_id::from_vendor_product("DGC", nullptr) == id_of("DGC"));
    CHECK(hardware_id::from_vendor_product("", "RAID 5").error() == errc::invalid_argument);
    CHECK(hardware_id::from_vendor_product("VENDOR9XX", "RAID").error() == errc::length_mismatch);
    CHECK(hardware_id::from_vendor_product("DGC", "PRODUCT-17-CHARSX").error() == errc::length_mismatch);
    CHECK(hardware_id::from_vendor_product("DGC", "RAID\x7f").error() == errc::invalid_argument);
}

TEST_CASE("supported-device entries: MPIO prefix matching", "[ident][hardware_id]")
{
    const auto entry = [](const char* text) { return *supported_device_entry::parse(text); };

    SECTION("vendor only matches every product of the vendor")
    {
        CHECK(entry("DGC     ").matches(device("DGC     RAID 5"), match_mode::mpio_prefix));
        CHECK(entry("DGC     ").matches(device("DGC     VRAID"), match_mode::mpio_prefix));
        CHECK_FALSE(entry("DGC     ").matches(device("DGCX    VRAID"), match_mode::mpio_prefix));
    }
    SECTION("product prefix")
    {
        CHECK(entry("NETAPP  LUN").matches(device("NETAPP  LUN C-Mode"), match_mode::mpio_prefix));
        CHECK(entry("NETAPP  LUN").matches(device("NETAPP  LUN"), match_mode::mpio_prefix));
        CHECK_FALSE(entry("NETAPP  LUN").matches(device("NETAPP  LU"), match_mode::mpio_prefix));
        CHECK_FALSE(entry("NETAPP  LUN").matches(device("NETAPP  DISK"), match_mode::mpio_prefix));
    }
    SECTION("case-insensitive")
    {
        CHECK(entry("netapp  lun").matches(device("NETAPP  LUN C-Mode"), match_mode::mpio_prefix));
        CHECK(entry("NETAPP  LUN").matches(device("NetApp  Lun"), match_mode::mpio_prefix));
    }
    SECTION("exact 24 characters: the padding must match too")
    {
        const auto full = entry("3PARdataVV              ");
        CHECK(full.length() == 24);
        CHECK(full.matches(device("3PARdataVV"), match_mode::mpio_prefix));
        CHECK_FALSE(full.matches(device("3PARdataVV2"), match_mode::mpio_prefix));
    }
    SECTION("VMware-style exact mode: trimmed, case-sensitive, no prefix")
    {
        CHECK(entry("NETAPP  LUN").matches(device("NETAPP  LUN             "), match_mode::exact));
        CHECK_FALSE(entry("NETAPP  LUN").matches(device("NETAPP  LUN C-Mode"), match_mode::exact));
        CHECK_FALSE(entry("netapp  lun").matches(device("NETAPP  LUN"), match_mode::exact));
        CHECK_FALSE(entry("DGC     ").matches(device("DGC     RAID 5"), match_mode::exact));
    }
    SECTION("the iSCSI bus-type entry matches iSCSI-attached devices only")
    {
        const auto iscsi = entry("MSFT2005iSCSIBusType_0x9");
        CHECK(iscsi.is_iscsi_bus_type());
        CHECK(entry("msft2005iscsibustype_0x9").is_iscsi_bus_type());
        CHECK_FALSE(entry("MSFT2005iSCSIBusType_0x").is_iscsi_bus_type());
        for (const match_mode mode : {match_mode::mpio_prefix, match_mode::exact}) {
            CHECK(iscsi.matches(device("ANY     THING", bus_type::iscsi), mode));
            CHECK_FALSE(iscsi.matches(device("ANY     THING", bus_type::fibre_channel), mode));
            CHECK_FALSE(iscsi.matches(device("ANY     THING", bus_type::sas), mode));
            // Not as a hardware ID either.
            CHECK_FALSE(iscsi.matches(device("MSFT2005iSCSIBusType_0x9", bus_type::scsi), mode));
        }
    }
    SECTION("a default entry matches nothing")
    {
        CHECK_FALSE(supported_device_entry{}.matches(device("X"), match_mode::mpio_prefix));
    }
}

TEST_CASE("supported-device list: fixed capacity", "[ident][hardware_id]")
{
    supported_device_list<2> list;
    CHECK(list.empty());
    CHECK(list.add("NETAPP  LUN"));
    CHECK(list.add("too long for a hardware ID!").error() == errc::length_mismatch);
    CHECK(list.add("non-ASCII \xff").error() == errc::invalid_argument);
    CHECK(list.add("DGC     "));
    CHECK(list.size() == 2);
    CHECK(list.add("HITACHI ").error() == errc::capacity_exceeded);
    CHECK(list.add(*supported_device_entry::parse("HITACHI ")).error() == errc::capacity_exceeded);
    CHECK(list.size() == 2);
    CHECK(*list.find(device("dgc     raid 10")) == 1);
    CHECK(list.matches(device("NETAPP  LUN")));
    CHECK_FALSE(list.matches(device("HITACHI OPEN-V")));

    supported_device_list<0> none;
    CHECK(none.add("X").error() == errc::capacity_exceeded);
    CHECK_FALSE(none.matches(device("X")));
}

} // namespace test_ident_hardware_id_test
