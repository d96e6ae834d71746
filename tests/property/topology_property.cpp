// SPDX-License-Identifier: MIT
// Property test (RapidCheck) of the topology store, over random sequences of
// path arrivals (new identity, re-read with another identity, not-ready
// identity), removals, unit-attention detaches and expiries with the clock
// moving on. After every step:
//  1. no two devices share an identity key;
//  2. no path is in two devices (and every path in a device's list says so);
//  3. every grouped path is in the device its last identity names, and
//     find_device() of that identity finds that device;
//  4. the counts agree with what iteration finds.
// Run over the fixed store (small capacities: capacity_exceeded happens and
// must leave everything unchanged) and the hosted growable store.
#include <mpio/hosted/topology_store.hpp>
#include <mpio/topology/topology_store.hpp>

#include <rapidcheck.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace mpio::topology;

mpio::ident::identity_key key_of(std::uint32_t lu)
{
    mpio::ident::identity_key k;
    const mpio::byte b[4] = {static_cast<mpio::byte>(lu >> 24), static_cast<mpio::byte>(lu >> 16),
                             static_cast<mpio::byte>(lu >> 8), static_cast<mpio::byte>(lu)};
    k.assign(1, 3, mpio::byte_view(b, 4));
    return k;
}

path_facts facts_on_port(std::uint16_t port, bool with_port)
{
    path_facts f;
    if (!with_port) return f;
    mpio::ident::path_identity id;
    id.set_relative_target_port(port);
    const mpio::byte wwpn[8] = {0x50, 0x0a, 0, 0, 0, 0, 0, static_cast<mpio::byte>(port)};
    id.set_target_port_name(*mpio::ident::path_name::make(mpio::ident::name_format::naa, mpio::byte_view(wwpn, 8)));
    f.port = port_key::from(id);
    f.has_relative_target_port = true;
    f.relative_target_port = port;
    return f;
}

enum class op_kind { arrive, arrive_not_ready, remove, detach, expire };

struct op {
    op_kind kind;
    path_handle handle;
    std::uint32_t lu;
    std::uint16_t port;
    bool with_port;
    mpio::tick advance;
};

op random_op()
{
    op o;
    const int k = *rc::gen::inRange(0, 10);
    o.kind = k < 5    ? op_kind::arrive
             : k == 5 ? op_kind::arrive_not_ready
             : k < 8  ? op_kind::remove
             : k == 8 ? op_kind::detach
                      : op_kind::expire;
    o.handle = *rc::gen::inRange<path_handle>(0, 40);
    o.lu = *rc::gen::inRange<std::uint32_t>(0, 12);
    o.port = *rc::gen::inRange<std::uint16_t>(1, 6);
    o.with_port = *rc::gen::inRange(0, 4) != 0;
    o.advance = *rc::gen::inRange<mpio::tick>(0, 40);
    return o;
}

// The store's iteration functions are noexcept and RC_ASSERT throws: the
// lambdas only record, the assertions come after.
template <class Store>
void check_invariants(const Store& s, const std::map<path_handle, std::uint32_t>& identity_of)
{
    std::set<std::string> keys;
    std::set<path_index> seen;
    std::size_t devices = 0, grouped = 0;
    bool unique_keys = true, findable_devices = true, path_in_one_device = true, back_links = true, counts = true;
    s.for_each_device([&](device_index d, const multipath_device& dev) {
        ++devices;
        const auto key = dev.key(); // a copy (the device holds its key in the store's identity bytes)
        const mpio::byte_view b = key.bytes();
        unique_keys &= keys.insert(std::string(b.begin(), b.end())).second;
        findable_devices &= s.find_device(dev.key()) == d;
        std::size_t n = 0;
        s.for_each_path_of_device(d, [&](path_index p, const path& pa) {
            path_in_one_device &= seen.insert(p).second;
            back_links &= pa.device() == d;
            ++n;
        });
        counts &= n == dev.path_count() && n <= Store::paths_per_device;
        grouped += n;
    });
    RC_ASSERT(unique_keys); // 1.
    RC_ASSERT(findable_devices);
    RC_ASSERT(path_in_one_device); // 2.
    RC_ASSERT(back_links);
    RC_ASSERT(counts);
    RC_ASSERT(devices == s.device_count());
    std::size_t paths = 0;
    bool findable_paths = true, listed = true, named_device = true;
    s.for_each_path([&](path_index p, const path& pa) {
        ++paths;
        findable_paths &= s.find_path(pa.handle()) == p;
        if (!pa.grouped()) return;
        listed &= seen.count(p) == 1; // 2.: a grouped path is in its device's list
        const auto it = identity_of.find(pa.handle());
        named_device &= it != identity_of.end() && s.device_at(pa.device()).key() == key_of(it->second);
    });
    RC_ASSERT(findable_paths);
    RC_ASSERT(listed);
    RC_ASSERT(named_device); // 3.
    RC_ASSERT(paths == s.path_count());
    RC_ASSERT(grouped + s.ungrouped_path_count() == s.path_count()); // 4.
}

template <class Store>
void run(Store& s, const std::vector<op>& ops)
{
    std::map<path_handle, std::uint32_t> identity_of; // the identity last given to a grouped path
    mpio::tick now = 0;
    for (const op& o : ops) {
        now += o.advance;
        switch (o.kind) {
        case op_kind::arrive: {
            const std::size_t before = s.path_count();
            const auto r = s.add_path(o.handle, key_of(o.lu), facts_on_port(o.port, o.with_port), now);
            if (r) {
                identity_of[o.handle] = o.lu;
                RC_ASSERT(s.path_at(r->path).device() == r->device);
            } else {
                RC_ASSERT(r.error() == mpio::errc::capacity_exceeded);
                RC_ASSERT(s.path_count() == before);
            }
            break;
        }
        case op_kind::arrive_not_ready:
            (void)s.add_ungrouped_path(o.handle, facts_on_port(o.port, o.with_port), now);
            break;
        case op_kind::remove: (void)s.remove_path(o.handle, now); break;
        case op_kind::detach: (void)s.detach_path(o.handle, now); break;
        case op_kind::expire: s.expire(now); break;
        }
        check_invariants(s, identity_of);
    }
}

} // namespace

int main()
{
    bool ok = true;
    ok &= rc::check("fixed store: random arrivals/removals keep devices and paths consistent", [] {
        const auto ops = *rc::gen::container<std::vector<op>>(rc::gen::exec(random_op));
        using fixed = topology_store<8, 24, 4, 4>;
        auto s = std::make_unique<fixed>(topology_config{.remove_period = 60, .queue_if_no_path = true});
        run(*s, ops);
    });
    ok &= rc::check("hosted store: random arrivals/removals keep devices and paths consistent", [] {
        const auto ops = *rc::gen::container<std::vector<op>>(rc::gen::exec(random_op));
        auto s = std::make_unique<mpio::hosted::topology_store>(topology_config{.remove_period = 60});
        run(*s, ops);
    });
    return ok ? 0 : 1;
}
