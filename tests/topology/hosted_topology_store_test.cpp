// SPDX-License-Identifier: MIT
#include <mpio/hosted/topology_store.hpp>
#include <mpio/topology/discovery.hpp>

#include "topology_fixture.hpp"

#include <catch2/catch.hpp>

#include <memory>

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_topology_hosted_topology_store_test {

using namespace mpio::topology;
using topo_test::key_of;

TEST_CASE("hosted topology store grows past its initial capacity", "[topology][hosted]")
{
    auto s = std::make_unique<mpio::hosted::topology_store>();
    const std::size_t initial_paths = s->storage().path_capacity();
    const std::uint32_t lus = 5000;
    for (std::uint32_t lu = 0; lu < lus; ++lu)
        for (std::uint16_t port = 1; port <= 4; ++port) {
            mpio::ident::path_identity id;
            id.set_relative_target_port(port);
            const mpio::byte wwpn[8] = {0x50, 0, 0, 0, 0, 0, 0, static_cast<mpio::byte>(port)};
            id.set_target_port_name(
                *mpio::ident::path_name::make(mpio::ident::name_format::naa, mpio::byte_view(wwpn, 8)));
            path_facts f;
            f.port = port_key::from(id);
            const auto r = s->add_path(std::uint64_t{lu} * 8 + port, key_of(lu), f, 0);
            REQUIRE(r);
            REQUIRE(r->outcome == (port == 1 ? add_outcome::created_device : add_outcome::joined_device));
        }
    CHECK(s->storage().path_capacity() > initial_paths);
    CHECK(s->path_count() == lus * 4);
    CHECK(s->device_count() == lus);
    CHECK(s->port_count() == 4);
    CHECK(s->storage().bytes() > 0);
    for (std::uint32_t lu = 0; lu < lus; lu += 37) {
        const device_index d = s->find_device(key_of(lu));
        REQUIRE(d != no_index);
        CHECK(s->device_at(d).path_count() == 4);
        const path_index p = s->find_path(std::uint64_t{lu} * 8 + 3);
        REQUIRE(p != no_index);
        CHECK(s->path_at(p).device() == d);
    }
    // The identity bytes grew (5000 records of 12 bytes) and every device
    // still reads its own key; so does a copy, from its own bytes.
    CHECK(s->identity_bytes_live() == std::size_t{lus} * 12);
    CHECK(s->storage().identity_capacity() >= s->identity_bytes_used());
    {
        const auto copy = std::make_unique<mpio::hosted::topology_store>(*s);
        for (std::uint32_t lu = 0; lu < lus; lu += 101) {
            const device_index d = copy->find_device(key_of(lu));
            REQUIRE(d != no_index);
            CHECK(copy->device_at(d).key() == key_of(lu));
            CHECK(copy->device_at(d).key() == s->device_at(s->find_device(key_of(lu))).key());
        }
    }
    // Port 2 carries one path of every LU.
    mpio::ident::path_identity id;
    id.set_relative_target_port(2);
    const mpio::byte wwpn[8] = {0x50, 0, 0, 0, 0, 0, 0, 2};
    id.set_target_port_name(*mpio::ident::path_name::make(mpio::ident::name_format::naa, mpio::byte_view(wwpn, 8)));
    const port_index po = s->find_port(port_key::from(id));
    REQUIRE(po != no_index);
    CHECK(s->port_at(po).path_count() == lus);
    // Remove everything through the remove period.
    for (std::uint32_t lu = 0; lu < lus; ++lu)
        for (std::uint16_t port = 1; port <= 4; ++port) REQUIRE(s->remove_path(std::uint64_t{lu} * 8 + port, 0));
    CHECK(s->expire(s->config().remove_period) == lus * 5);
    CHECK(s->path_count() == 0);
    CHECK(s->device_count() == 0);
    CHECK(s->port_count() == 0);
}

} // namespace test_topology_hosted_topology_store_test
