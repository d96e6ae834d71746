// SPDX-License-Identifier: MIT
#include <mpio/topology/multipath_device.hpp>
#include <mpio/topology/discovery.hpp>
#include <mpio/ident/claim.hpp>
#include <mpio/ident/scheme_mpio.hpp>
#include <mpio/ident/scheme_multipath_tools.hpp>

#include "topology_fixture.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_multipath_device_test {

using namespace mpio::topology;
using namespace topo_test;

namespace {

using store = topology_store<8, 32>;
const mpio::ident::claim_everything claimers[] = {mpio::ident::claim_everything{}};

std::string text(const mpio::ident::device_identity::text_type& t) { return {t.data(), t.size()}; }

template <class Scheme>
std::string derived_text(const path_data& p)
{
    return text(mpio::ident::derive_identity<Scheme>(p.report(0).input).text());
}

} // namespace

TEST_CASE("multipath_device: the identity text survives discover_path", "[topology][multipath_device]")
{
    const path_data a = alua_path(7, 1), b = alua_path(7, 3);

    SECTION("mpio scheme: the key is the designator's raw bytes, the text is rendered")
    {
        auto topo = std::make_unique<store>();
        const auto r1 = discover_path<mpio::ident::mpio_scheme>(*topo, claimers, 1, a.report(1), 0);
        REQUIRE(r1.outcome == discovery_outcome::created_device);
        const multipath_device& d = topo->device_at(r1.device);
        const std::string expected = derived_text<mpio::ident::mpio_scheme>(a);
        CHECK(!expected.empty());
        CHECK(text(d.identity_text()) == expected);
        // Not the key's bytes: those are binary here, which is why the text is kept.
        CHECK(std::string(reinterpret_cast<const char*>(d.key().bytes().data()), d.key().size()) != expected);

        // A second path joins: the text stays.
        const auto r2 = discover_path<mpio::ident::mpio_scheme>(*topo, claimers, 1, b.report(2), 0);
        REQUIRE(r2.outcome == discovery_outcome::joined_device);
        CHECK(r2.device == r1.device);
        CHECK(text(topo->device_at(r2.device).identity_text()) == expected);
    }
    SECTION("multipath-tools scheme: the same text as the scheme derives")
    {
        auto topo = std::make_unique<store>();
        const auto r = discover_path<mpio::ident::multipath_tools_scheme>(*topo, claimers, 1, a.report(1), 0);
        REQUIRE(r.outcome == discovery_outcome::created_device);
        CHECK(text(topo->device_at(r.device).identity_text()) == derived_text<mpio::ident::multipath_tools_scheme>(a));
    }
    SECTION("a device made from a bare key has no text; the identity overload keeps it")
    {
        auto topo = std::make_unique<store>();
        const auto bare = topo->add_path(1, key_of(1), path_facts{}, 0);
        REQUIRE(bare);
        CHECK(topo->device_at(bare->device).identity_text().empty());

        const mpio::ident::device_identity id =
            mpio::ident::derive_identity<mpio::ident::mpio_scheme>(a.report(0).input);
        REQUIRE(id.found());
        const auto whole = topo->add_path(2, id, path_facts{}, 0);
        REQUIRE(whole);
        CHECK(whole->outcome == add_outcome::created_device);
        CHECK(text(topo->device_at(whole->device).identity_text()) == text(id.text()));
        // An empty key is still refused, and nothing is created.
        const mpio::ident::device_identity none;
        CHECK(topo->add_path(3, none, path_facts{}, 0).error() == mpio::errc::invalid_argument);
        CHECK(topo->device_count() == 2);
    }
}

} // namespace test_topology_multipath_device_test
