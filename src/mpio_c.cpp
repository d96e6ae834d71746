// SPDX-License-Identifier: MIT
// src/mpio_c.cpp - the C ABI (include/mpio/c/mpio.h) over the header-only
// library, in one translation unit (docs/c-api.md).
//
// Built three ways from this one file: libmpio_c.a, libmpio_c.so (hidden
// visibility, only mpio_* exported, symbol version MPIO_C_1) and freestanding
// (-ffreestanding -fno-exceptions -fno-rtti; .ci/gates/nostdlib-link checks
// that it needs nothing but memcpy/memmove/memset/memcmp).
//
// Storage rule: every opaque C object is a byte array of a fixed size and
// alignment; the C++ object is constructed in it with placement new and
// found again with std::launder. static_asserts below prove each fits (size
// and alignment), so the C constants may carry headroom for growth without
// an ABI break. All C++ objects used are trivially destructible: nothing is
// ever destroyed.
#include <mpio/c/mpio.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/engine/device.hpp>
#include <mpio/ident/claim.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/hardware_id.hpp>
#include <mpio/ident/schemes.hpp>
#include <mpio/policy/any_selector.hpp>
#include <mpio/policy/policy_catalog.hpp>
#include <mpio/recovery/default_tables.hpp>
#include <mpio/recovery/error_table.hpp>
#include <mpio/recovery/io_outcome.hpp>
#include <mpio/recovery/path_lifecycle.hpp>
#include <mpio/scsi/asc_ascq.hpp>
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/lun.hpp>
#include <mpio/scsi/read_capacity.hpp>
#include <mpio/scsi/report_luns.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/scsi/sense_data.hpp>
#include <mpio/scsi/sense_descriptors.hpp>
#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_extended_inquiry.hpp>
#include <mpio/scsi/vpd_scsi_ports.hpp>
#include <mpio/scsi/vpd_supported_pages.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>
#include <mpio/topology/discovery.hpp>
#include <mpio/topology/topology_store.hpp>

#include "c_fill.hpp"

namespace {

using namespace mpio_c_fill;
namespace s = mpio::scsi;
namespace rcv = mpio::recovery;
namespace pol = mpio::policy;
namespace top = mpio::topology;
namespace idn = mpio::ident;
namespace eng = mpio::engine;

// ------------------------------------------------------------ the mirrors

#define MPIO_C_SAME_ERRC(c, cpp) static_assert(static_cast<int>(c) == static_cast<int>(mpio::errc::cpp))
MPIO_C_SAME_ERRC(MPIO_ERRC_NONE, none);
MPIO_C_SAME_ERRC(MPIO_ERRC_TOO_SHORT, too_short);
MPIO_C_SAME_ERRC(MPIO_ERRC_LENGTH_MISMATCH, length_mismatch);
MPIO_C_SAME_ERRC(MPIO_ERRC_DESCRIPTOR_OVERRUN, descriptor_overrun);
MPIO_C_SAME_ERRC(MPIO_ERRC_WRONG_PAGE_CODE, wrong_page_code);
MPIO_C_SAME_ERRC(MPIO_ERRC_UNSUPPORTED_FORMAT, unsupported_format);
MPIO_C_SAME_ERRC(MPIO_ERRC_WRONG_DESIGNATOR_TYPE, wrong_designator_type);
MPIO_C_SAME_ERRC(MPIO_ERRC_RESERVED_VALUE, reserved_value);
MPIO_C_SAME_ERRC(MPIO_ERRC_INVALID_ARGUMENT, invalid_argument);
MPIO_C_SAME_ERRC(MPIO_ERRC_BUFFER_TOO_SMALL, buffer_too_small);
MPIO_C_SAME_ERRC(MPIO_ERRC_NOT_FOUND, not_found);
MPIO_C_SAME_ERRC(MPIO_ERRC_LEGACY_LAYOUT, legacy_layout);
MPIO_C_SAME_ERRC(MPIO_ERRC_VENDOR_SPECIFIC_FORMAT, vendor_specific_format);
MPIO_C_SAME_ERRC(MPIO_ERRC_WRONG_DESCRIPTOR_TYPE, wrong_descriptor_type);
MPIO_C_SAME_ERRC(MPIO_ERRC_OVERFLOW, overflow);
MPIO_C_SAME_ERRC(MPIO_ERRC_CAPACITY_EXCEEDED, capacity_exceeded);
MPIO_C_SAME_ERRC(MPIO_ERRC_ALREADY_EXISTS, already_exists);
MPIO_C_SAME_ERRC(MPIO_ERRC_NO_USABLE_PATH, no_usable_path);
MPIO_C_SAME_ERRC(MPIO_ERRC_NOT_READY, not_ready);
MPIO_C_SAME_ERRC(MPIO_ERRC_IDENTITY_MISMATCH, identity_mismatch);
MPIO_C_SAME_ERRC(MPIO_ERRC_INVALID_STATE, invalid_state);
static_assert(mpio::errc_count == MPIO_ERRC_INVALID_STATE + 1, "a new mpio::errc needs its MPIO_ERRC_* value");
static_assert(MPIO_ERRC_END >= mpio::errc_count);
#undef MPIO_C_SAME_ERRC

#define MPIO_C_SAME(c, cpp) static_assert(static_cast<long>(c) == static_cast<long>(cpp))
MPIO_C_SAME(MPIO_PATH_ACTIVE, top::path_state::active);
MPIO_C_SAME(MPIO_PATH_STANDBY, top::path_state::standby);
MPIO_C_SAME(MPIO_PATH_FAILED, top::path_state::failed);
MPIO_C_SAME(MPIO_PATH_PENDING_VERIFICATION, top::path_state::pending_verification);
MPIO_C_SAME(MPIO_PATH_PENDING_REMOVAL, top::path_state::pending_removal);
MPIO_C_SAME(MPIO_PATH_REMOVED, top::path_state::removed);
MPIO_C_SAME(MPIO_DISCOVERY_CREATED_DEVICE, top::discovery_outcome::created_device);
MPIO_C_SAME(MPIO_DISCOVERY_JOINED_DEVICE, top::discovery_outcome::joined_device);
MPIO_C_SAME(MPIO_DISCOVERY_REJOINED_DEVICE, top::discovery_outcome::rejoined_device);
MPIO_C_SAME(MPIO_DISCOVERY_RETURNED_PATH, top::discovery_outcome::returned_path);
MPIO_C_SAME(MPIO_DISCOVERY_DUPLICATE, top::discovery_outcome::duplicate);
MPIO_C_SAME(MPIO_DISCOVERY_IDENTITY_NOT_READY, top::discovery_outcome::identity_not_ready);
MPIO_C_SAME(MPIO_DISCOVERY_NO_IDENTITY, top::discovery_outcome::no_identity);
MPIO_C_SAME(MPIO_DISCOVERY_NOT_CLAIMED, top::discovery_outcome::not_claimed);
MPIO_C_SAME(MPIO_DISCOVERY_NO_INQUIRY, top::discovery_outcome::no_inquiry);
MPIO_C_SAME(MPIO_DISCOVERY_STORE_ERROR, top::discovery_outcome::store_error);
MPIO_C_SAME(MPIO_IDENTITY_NONE, idn::identity_status::none);
MPIO_C_SAME(MPIO_IDENTITY_NOT_READY, idn::identity_status::not_ready);
MPIO_C_SAME(MPIO_IDENTITY_FOUND, idn::identity_status::found);
MPIO_C_SAME(MPIO_MATCH_MPIO_PREFIX, idn::match_mode::mpio_prefix);
MPIO_C_SAME(MPIO_MATCH_EXACT, idn::match_mode::exact);
MPIO_C_SAME(MPIO_POLICY_FAIL_OVER_ONLY, pol::policy_id::fail_over_only);
MPIO_C_SAME(MPIO_POLICY_ROUND_ROBIN, pol::policy_id::round_robin);
MPIO_C_SAME(MPIO_POLICY_ROUND_ROBIN_WITH_SUBSET, pol::policy_id::round_robin_with_subset);
MPIO_C_SAME(MPIO_POLICY_LEAST_QUEUE_DEPTH, pol::policy_id::least_queue_depth);
MPIO_C_SAME(MPIO_POLICY_WEIGHTED_PATHS, pol::policy_id::weighted_paths);
MPIO_C_SAME(MPIO_POLICY_LEAST_BLOCKS, pol::policy_id::least_blocks);
MPIO_C_SAME(MPIO_POLICY_DM_ROUND_ROBIN, pol::policy_id::dm_round_robin);
MPIO_C_SAME(MPIO_POLICY_DM_QUEUE_LENGTH, pol::policy_id::dm_queue_length);
MPIO_C_SAME(MPIO_POLICY_DM_SERVICE_TIME, pol::policy_id::dm_service_time);
MPIO_C_SAME(MPIO_POLICY_DM_HISTORICAL_SERVICE_TIME, pol::policy_id::dm_historical_service_time);
MPIO_C_SAME(MPIO_POLICY_VMW_FIXED, pol::policy_id::vmw_fixed);
MPIO_C_SAME(MPIO_POLICY_VMW_MRU, pol::policy_id::vmw_mru);
MPIO_C_SAME(MPIO_POLICY_VMW_ROUND_ROBIN, pol::policy_id::vmw_round_robin);
MPIO_C_SAME(MPIO_POLICY_VMW_ROUND_ROBIN_LATENCY, pol::policy_id::vmw_round_robin_latency);
MPIO_C_SAME(MPIO_POLICY_LOGICAL_BLOCK, pol::policy_id::logical_block);
MPIO_C_SAME(MPIO_POLICY_NUMA, pol::policy_id::numa);
MPIO_C_SAME(MPIO_IO_READ, pol::io_direction::read);
MPIO_C_SAME(MPIO_IO_WRITE, pol::io_direction::write);
MPIO_C_SAME(MPIO_IO_OTHER, pol::io_direction::other);
MPIO_C_SAME(MPIO_IO_SUCCESS, pol::io_status::success);
MPIO_C_SAME(MPIO_IO_ERROR, pol::io_status::io_error);
MPIO_C_SAME(MPIO_IO_PATH_ERROR, pol::io_status::path_error);
MPIO_C_SAME(MPIO_ALUA_ACTIVE_OPTIMIZED, s::asymmetric_access_state::active_optimized);
MPIO_C_SAME(MPIO_ALUA_ACTIVE_NON_OPTIMIZED, s::asymmetric_access_state::active_non_optimized);
MPIO_C_SAME(MPIO_ALUA_STANDBY, s::asymmetric_access_state::standby);
MPIO_C_SAME(MPIO_ALUA_UNAVAILABLE, s::asymmetric_access_state::unavailable);
MPIO_C_SAME(MPIO_ALUA_LOGICAL_BLOCK_DEPENDENT, s::asymmetric_access_state::logical_block_dependent);
MPIO_C_SAME(MPIO_ALUA_OFFLINE, s::asymmetric_access_state::offline);
MPIO_C_SAME(MPIO_ALUA_TRANSITIONING, s::asymmetric_access_state::transitioning);
MPIO_C_SAME(MPIO_TRANSPORT_OK, rcv::transport_outcome::ok);
MPIO_C_SAME(MPIO_TRANSPORT_TIMEOUT, rcv::transport_outcome::timeout);
MPIO_C_SAME(MPIO_TRANSPORT_CONNECTION_LOST, rcv::transport_outcome::connection_lost);
MPIO_C_SAME(MPIO_TRANSPORT_SELECTION_TIMEOUT, rcv::transport_outcome::selection_timeout);
MPIO_C_SAME(MPIO_TRANSPORT_NO_SUCH_DEVICE, rcv::transport_outcome::no_such_device);
MPIO_C_SAME(MPIO_TRANSPORT_BUS_RESET, rcv::transport_outcome::bus_reset);
MPIO_C_SAME(MPIO_TRANSPORT_ABORTED, rcv::transport_outcome::aborted);
MPIO_C_SAME(MPIO_TRANSPORT_DATA_OVERRUN, rcv::transport_outcome::data_overrun);
MPIO_C_SAME(MPIO_TRANSPORT_DATA_UNDERRUN, rcv::transport_outcome::data_underrun);
MPIO_C_SAME(MPIO_ACTION_COMPLETE, rcv::action::complete);
MPIO_C_SAME(MPIO_ACTION_RETRY_SAME_PATH, rcv::action::retry_same_path);
MPIO_C_SAME(MPIO_ACTION_RETRY_OTHER_PATH, rcv::action::retry_other_path);
MPIO_C_SAME(MPIO_ACTION_FAIL_PATH_AND_RETRY, rcv::action::fail_path_and_retry);
MPIO_C_SAME(MPIO_ACTION_REFRESH_ALUA_THEN_RETRY, rcv::action::refresh_alua_then_retry);
MPIO_C_SAME(MPIO_ACTION_HOLD_AND_RETRY, rcv::action::hold_and_retry);
MPIO_C_SAME(MPIO_ACTION_FAIL_UP, rcv::action::fail_up);
MPIO_C_SAME(MPIO_EFFECT_NONE, rcv::path_effect::none);
MPIO_C_SAME(MPIO_EFFECT_PATH_OK, rcv::path_effect::path_ok);
MPIO_C_SAME(MPIO_EFFECT_PATH_FAILED, rcv::path_effect::path_failed);
MPIO_C_SAME(MPIO_EFFECT_LUN_UNREACHABLE, rcv::path_effect::lun_unreachable);
MPIO_C_SAME(MPIO_EFFECT_ALUA_STANDBY, rcv::path_effect::alua_standby);
MPIO_C_SAME(MPIO_EFFECT_ALUA_UNAVAILABLE, rcv::path_effect::alua_unavailable);
MPIO_C_SAME(MPIO_EFFECT_ALUA_TRANSITIONING, rcv::path_effect::alua_transitioning);
MPIO_C_SAME(MPIO_EFFECT_ALUA_CHANGED, rcv::path_effect::alua_changed);
MPIO_C_SAME(MPIO_VERIFY_NONE, rcv::verification_command::none);
MPIO_C_SAME(MPIO_VERIFY_TEST_UNIT_READY, rcv::verification_command::test_unit_ready);
MPIO_C_SAME(MPIO_VERIFY_REPORT_TARGET_PORT_GROUPS, rcv::verification_command::report_target_port_groups);
MPIO_C_SAME(MPIO_COMMAND_IO, eng::command_kind::io);
MPIO_C_SAME(MPIO_COMMAND_TEST_UNIT_READY, eng::command_kind::test_unit_ready);
MPIO_C_SAME(MPIO_COMMAND_REPORT_TARGET_PORT_GROUPS, eng::command_kind::report_target_port_groups);
MPIO_C_SAME(MPIO_COMMAND_READ_BLOCK_ZERO, eng::command_kind::read_block_zero);
MPIO_C_SAME(MPIO_COMMAND_SET_TARGET_PORT_GROUPS, eng::command_kind::set_target_port_groups);
MPIO_C_SAME(MPIO_CHECKER_AUTOMATIC, eng::path_checker::automatic);
MPIO_C_SAME(MPIO_CHECKER_TEST_UNIT_READY, eng::path_checker::test_unit_ready);
MPIO_C_SAME(MPIO_CHECKER_READ_BLOCK_ZERO, eng::path_checker::read_block_zero);
MPIO_C_SAME(MPIO_NO_INDEX, top::no_index);
MPIO_C_SAME(MPIO_NO_SLOT, eng::no_slot);
#undef MPIO_C_SAME

// --------------------------------------------------------- the C++ objects

using selector_t = pol::any_selector<MPIO_SELECTOR_CAPACITY, pol::single_thread>;

// The engine's transport: the C function table, called from inside engine calls.
struct c_transport {
    mpio_transport fns;
    bool send(const eng::command& c) noexcept;
    void request_done(std::uint64_t cookie, const eng::request_result& r) noexcept;
};
using device_t = eng::device<selector_t, c_transport, MPIO_ENGINE_MAX_REQUESTS>;
struct engine_t {
    c_transport transport;
    device_t device;
    engine_t(const mpio_transport& t, const eng::engine_config& c) noexcept : transport{t}, device(transport, c) {}
};

using store_t = top::topology_store<MPIO_TOPOLOGY_MAX_DEVICES, MPIO_TOPOLOGY_MAX_PATHS, MPIO_TOPOLOGY_PATHS_PER_DEVICE,
                                    MPIO_TOPOLOGY_MAX_PORTS>;
// The store and discovery's scratch identity (about 800 bytes: not on the
// caller's stack).
struct topology_t {
    store_t store;
    idn::device_identity scratch;
    explicit topology_t(const top::topology_config& c) noexcept : store(c) {}
};

struct claim_table_t {
    idn::supported_device_list<MPIO_CLAIMER_DEVICES_MAX> lists[MPIO_CLAIMERS_MAX]{};
    const char* names[MPIO_CLAIMERS_MAX]{};
    idn::match_mode modes[MPIO_CLAIMERS_MAX]{};
    bool generic[MPIO_CLAIMERS_MAX]{};
    std::size_t count = 0;
};

// One iterator: which list, the caller's input (for spans), the C++ iterator.
enum class iter_kind : std::uint8_t { none = 0, designators, scsi_ports, rtpg_groups, rtpg_ports, sense, luns };
struct iter_t {
    iter_kind kind = iter_kind::none;
    const std::uint8_t* base = nullptr;
    union iterators {
        s::designation_descriptor_list::iterator designators;
        s::scsi_port_designation_descriptor_list::iterator scsi_ports;
        s::target_port_group_list::iterator rtpg_groups;
        s::target_port_list::iterator rtpg_ports;
        s::sense_descriptor_list::iterator sense;
        s::lun_list::iterator luns;
        iterators() noexcept : designators() {}
    } it;
};

// The storage contract: each C++ object fits its C type, size and alignment.
template <class T, class C>
constexpr bool fits = sizeof(T) <= sizeof(C) && alignof(T) <= alignof(C) && std::is_trivially_destructible_v<T>;
static_assert(fits<iter_t, mpio_iter>, "MPIO_ITER_STORAGE_SIZE too small");
static_assert(fits<rcv::path_lifecycle, mpio_path_lifecycle>, "MPIO_PATH_LIFECYCLE_STORAGE_SIZE too small");
static_assert(fits<claim_table_t, mpio_claim_table>, "MPIO_CLAIM_TABLE_STORAGE_SIZE too small");
static_assert(fits<topology_t, mpio_topology>, "MPIO_TOPOLOGY_STORAGE_SIZE too small");
static_assert(fits<engine_t, mpio_engine>, "MPIO_ENGINE_STORAGE_SIZE too small");
static_assert(std::is_trivially_copyable_v<iter_t>, "iterators are copied by value in C");
static_assert(sizeof(mpio_errc) == sizeof(int), "mpio_errc is an int-sized enum");
static_assert(MPIO_SELECTOR_CAPACITY == selector_t::capacity && MPIO_ENGINE_MAX_REQUESTS == device_t::max_requests);

template <class T, class C>
T& as(C* c) noexcept
{
    return *std::launder(reinterpret_cast<T*>(c->u.bytes));
}
template <class T, class C>
const T& as(const C* c) noexcept
{
    return *std::launder(reinterpret_cast<const T*>(c->u.bytes));
}

// ------------------------------------------------------------ conversions
// (code, ok, flag, span_of, copy_text and the INQUIRY / designator fills are
// in c_fill.hpp, shared with the benchmark that measures this shim)

constexpr mpio_errc bad_argument = MPIO_ERRC_INVALID_ARGUMENT;

// A (pointer, size) from C: NULL with a size is refused.
bool valid_input(const std::uint8_t* data, std::size_t size) noexcept { return data != nullptr || size == 0; }

// A NUL-terminated copy into a caller buffer; buffer_too_small when cut.
mpio_errc copy_out(const char* text, std::size_t length, char* out, std::size_t capacity) noexcept
{
    if (out == nullptr || capacity == 0) return MPIO_ERRC_BUFFER_TOO_SMALL;
    const std::size_t n = length < capacity - 1 ? length : capacity - 1;
    for (std::size_t i = 0; i < n; ++i) out[i] = text[i];
    out[n] = '\0';
    return n == length ? ok : MPIO_ERRC_BUFFER_TOO_SMALL;
}

std::size_t c_length(const char* t) noexcept
{
    std::size_t n = 0;
    while (t[n] != '\0') ++n;
    return n;
}

void fill_status(const mpio::list_status& st, mpio_list_status& o) noexcept
{
    o.error = code(st.error);
    o.offset = st.offset;
    o.count = st.count;
}

void fill_header(const s::vpd_page& p, const std::uint8_t* base, mpio_vpd_header& o) noexcept
{
    o.peripheral_qualifier = p.peripheral_qualifier();
    o.peripheral_device_type = p.peripheral_device_type();
    o.page_code = p.page_code();
    o.truncated = flag(p.truncated());
    o.page_length = p.page_length();
    o.required_allocation_length = p.required_allocation_length();
    o.payload = span_of(p.payload(), base);
}

pol::io_request to_cpp(const mpio_io_request& r) noexcept
{
    pol::io_request io;
    io.direction = static_cast<pol::io_direction>(r.direction);
    io.lba = r.lba;
    io.blocks = r.blocks;
    io.bytes = r.bytes;
    io.cpu = r.cpu;
    io.now = r.now;
    return io;
}
mpio_io_request to_c(const pol::io_request& r) noexcept
{
    mpio_io_request io{};
    io.direction = static_cast<std::uint8_t>(r.direction);
    io.lba = r.lba;
    io.blocks = r.blocks;
    io.bytes = r.bytes;
    io.cpu = r.cpu;
    io.now = r.now;
    return io;
}

bool valid_outcome(const mpio_io_outcome* o) noexcept
{
    return o != nullptr && o->transport <= MPIO_TRANSPORT_DATA_UNDERRUN && valid_input(o->sense, o->sense_size);
}
rcv::io_outcome to_cpp(const mpio_io_outcome& o) noexcept
{
    return {static_cast<rcv::transport_outcome>(o.transport), static_cast<rcv::scsi_status>(o.status),
            mpio::byte_view(o.sense, o.sense_size)};
}

mpio_decision to_c(const rcv::decision& d) noexcept
{
    return {static_cast<std::uint8_t>(d.action), static_cast<std::uint8_t>(d.reason), flag(d.consumes_budget),
            static_cast<std::uint8_t>(d.delay), static_cast<std::uint8_t>(d.effect)};
}
rcv::decision to_cpp(const mpio_decision& d) noexcept
{
    return {static_cast<rcv::action>(d.action), static_cast<rcv::reason>(d.reason), d.consumes_budget != 0,
            static_cast<rcv::retry_delay>(d.delay), static_cast<rcv::path_effect>(d.effect)};
}

bool valid_alua(std::uint8_t a) noexcept { return a <= 0xF; }

mpio_errc report(const mpio::result<std::size_t>& r, std::size_t* written) noexcept
{
    if (written != nullptr) *written = r ? *r : 0;
    return code(r.error());
}

// ------------------------------------------------------------- iterators

iter_t& start_iter(mpio_iter* it, iter_kind k, const std::uint8_t* base) noexcept
{
    iter_t* i = ::new (static_cast<void*>(it->u.bytes)) iter_t();
    i->kind = k;
    i->base = base;
    return *i;
}

// The next entry of iterator `i` of kind K, or END / the malformed entry's code.
template <class It, class F>
mpio_errc step(It& i, F&& fill) noexcept
{
    if (i.done()) return i.error() == mpio::errc::none ? MPIO_ERRC_END : code(i.error());
    fill(*i);
    ++i;
    return ok;
}

iter_t* iter_of(mpio_iter* it, iter_kind k) noexcept
{
    if (it == nullptr) return nullptr;
    iter_t& i = as<iter_t>(it);
    return i.kind == k ? &i : nullptr;
}

void fill_group(const s::target_port_group_descriptor& g, const std::uint8_t* base, mpio_target_port_group& o) noexcept
{
    o = mpio_target_port_group{};
    o.offset = g.offset();
    o.target_port_group = g.target_port_group();
    o.pref = flag(g.pref());
    o.asymmetric_access_state = static_cast<std::uint8_t>(g.asymmetric_access_state());
    o.status_code = static_cast<std::uint8_t>(g.status_code());
    o.target_port_count = g.target_port_count();
    o.t_sup = flag(g.t_sup());
    o.o_sup = flag(g.o_sup());
    o.lbd_sup = flag(g.lbd_sup());
    o.u_sup = flag(g.u_sup());
    o.s_sup = flag(g.s_sup());
    o.an_sup = flag(g.an_sup());
    o.ao_sup = flag(g.ao_sup());
    o.target_ports = span_of(g.target_ports().bytes(), base);
}

void fill_lun(const s::lun& l, mpio_lun& o) noexcept
{
    o = mpio_lun{};
    const mpio::byte_view b = l.bytes();
    for (std::size_t i = 0; i < 8 && i < b.size(); ++i) o.bytes[i] = b[i];
    o.linux_lun = s::to_linux_lun(l);
    o.first_level_addressing = l.first_level_addressing();
    o.address_method = static_cast<std::uint8_t>(b.at_or(0) >> 6);
    o.well_formed = flag(l.well_formed());
    const auto w = l.well_known_logical_unit();
    o.well_known_lun = w ? static_cast<std::int16_t>(static_cast<std::uint8_t>(*w)) : std::int16_t{-1};
}

mpio::result<s::report_target_port_groups> parse_rtpg(const std::uint8_t* data, std::size_t size, int format) noexcept
{
    const mpio::byte_view bytes(data, size);
    if (format < 0) return s::parse_report_target_port_groups(bytes);
    return s::parse_report_target_port_groups(bytes, static_cast<s::rtpg_parameter_data_format>(format));
}

// ------------------------------------------------------------- discovery

struct c_claimer {
    const idn::supported_device_list<MPIO_CLAIMER_DEVICES_MAX>* list;
    idn::match_mode mode;
    bool generic;
    [[nodiscard]] bool claims(const idn::device_description& d) const noexcept { return list->matches(d, mode); }
    [[nodiscard]] bool is_generic() const noexcept { return generic; }
};
struct claim_everything {
    [[nodiscard]] bool claims(const idn::device_description&) const noexcept { return true; }
    [[nodiscard]] bool is_generic() const noexcept { return true; }
};

std::size_t build_claimers(const claim_table_t& t, c_claimer (&out)[MPIO_CLAIMERS_MAX]) noexcept
{
    for (std::size_t i = 0; i < t.count; ++i) out[i] = {&t.lists[i], t.modes[i], t.generic[i]};
    return t.count;
}

struct verify_adapter {
    mpio_verify_fn fn;
    void* context;
    bool operator()(top::path_handle h, const top::path&) const noexcept
    {
        return fn == nullptr || fn(context, h) != 0;
    }
};

template <class Scheme>
bool discover_with(const char* scheme, topology_t& t, const mpio_claim_table* claimers, const top::path_report& r,
                   std::uint64_t now, const verify_adapter& v, top::discovery_result& out) noexcept
{
    if (!mpio::ascii_view(mpio::byte_view(reinterpret_cast<const std::uint8_t*>(scheme), c_length(scheme)))
             .equals(Scheme::name))
        return false;
    if (claimers == nullptr) {
        const claim_everything all[1]{};
        out = top::discover_path<Scheme>(t.scratch, t.store, all, 1, r, now, v);
    } else {
        c_claimer list[MPIO_CLAIMERS_MAX]{};
        const std::size_t n = build_claimers(as<claim_table_t>(claimers), list);
        out = top::discover_path<Scheme>(t.scratch, t.store, list, n, r, now, v);
    }
    return true;
}

// ----------------------------------------------------------------- engine

bool c_transport::send(const eng::command& c) noexcept
{
    mpio_command m{};
    m.kind = static_cast<std::uint8_t>(c.kind);
    m.slot = c.slot;
    m.cdb_length = c.cdb_length;
    m.path = c.path;
    m.tag = c.tag;
    m.cookie = c.cookie;
    m.io = to_c(c.io);
    for (std::size_t i = 0; i < sizeof m.cdb; ++i) m.cdb[i] = c.cdb[i];
    m.data_in_length = c.data_in_length;
    m.data_out = c.data_out.data();
    m.data_out_size = c.data_out.size();
    return fns.send != nullptr && fns.send(fns.context, &m) != 0;
}

void c_transport::request_done(std::uint64_t cookie, const eng::request_result& r) noexcept
{
    mpio_request_result m{};
    m.ok = flag(r.ok);
    m.reason = static_cast<std::uint8_t>(r.reason);
    m.last_transport = static_cast<std::uint8_t>(r.last.transport);
    m.last_status = static_cast<std::uint8_t>(r.last.status);
    m.slot = r.slot;
    m.attempts = r.attempts;
    m.failovers = r.failovers;
    if (fns.request_done != nullptr) fns.request_done(fns.context, cookie, &m);
}

eng::engine_config to_cpp(const mpio_engine_config& c) noexcept
{
    eng::engine_config e;
    e.timers.path_verify_enabled = c.path_verify_enabled != 0;
    e.timers.path_verification_period = c.path_verification_period;
    e.timers.pdo_remove_period = c.pdo_remove_period;
    e.timers.retry_count = c.retry_count;
    e.timers.retry_interval = c.retry_interval;
    e.timers.path_recovery_interval = c.path_recovery_interval;
    e.timers.alua_transition_time = c.alua_transition_time;
    e.failback = {static_cast<rcv::failback_mode>(c.failback_mode), c.failback_defer};
    e.flaky = {c.flaky_threshold, c.flaky_window, c.flaky_recovery};
    e.no_path = rcv::no_path_retry::for_remove_period(c.pdo_remove_period);
    e.alua = static_cast<top::alua_mode>(c.alua_mode);
    e.checker = static_cast<eng::path_checker>(c.checker);
    e.explicit_failover = c.explicit_failover != 0;
    return e;
}

bool valid_slot(std::uint8_t s) noexcept { return s < MPIO_SELECTOR_CAPACITY; }

// ------------------------------------------------- the selector's hot path
//
// An mpio_selector holds c_selector: the flags byte mpio.h's inline
// functions read (MPIO_SELECTOR_FLAGS_OFFSET), a tag that tells an
// initialised selector from zeroed or stale storage, and the entry points of
// the active policy, bound when the policy is set: each an instantiation for
// that policy's class with its select/start/complete inlined, called with a
// pointer to the policy inside the any_selector. One indirect call per C
// call, as any_selector's own table costs.

struct c_selector;
using c_select_fn = mpio_errc (*)(void* policy, const mpio_io_request& io, std::uint8_t& slot) noexcept;
using c_start_fn = void (*)(void* policy, std::uint8_t slot, const mpio_io_request& io) noexcept;
using c_complete_fn = void (*)(void* policy, std::uint8_t slot, const mpio_io_request& io, std::uint64_t service_time,
                               pol::io_status st) noexcept;

constexpr unsigned char selector_tag[8] = {'m', 'p', 'i', 'o', '_', 's', 'e', 'l'};

struct c_selector {
    std::uint8_t flags = 0;     // MPIO_SELECTOR_FLAGS_TAG | MPIO_SELECTOR_FLAG_*
    std::uint8_t reserved[7]{}; // so that the tag is at offset 8: one aligned 8-byte compare
    unsigned char tag[8]{};     // selector_tag once constructed
    void* policy = nullptr;     // the active policy object (or `any` itself)
    c_select_fn select = nullptr;
    c_select_fn select_start = nullptr;
    c_start_fn start = nullptr;
    c_complete_fn complete = nullptr;
    selector_t any;
};
static_assert(fits<c_selector, mpio_selector>, "MPIO_SELECTOR_STORAGE_SIZE too small");
static_assert(offsetof(c_selector, tag) == 8);
static_assert(std::is_standard_layout_v<c_selector> && offsetof(c_selector, flags) == MPIO_SELECTOR_FLAGS_OFFSET,
              "mpio.h's inline functions read the flags at MPIO_SELECTOR_FLAGS_OFFSET");
static_assert((MPIO_SELECTOR_FLAGS_TAG & MPIO_SELECTOR_FLAGS_TAG_MASK) == MPIO_SELECTOR_FLAGS_TAG &&
              ((MPIO_SELECTOR_FLAG_START | MPIO_SELECTOR_FLAG_COMPLETE) & MPIO_SELECTOR_FLAGS_TAG_MASK) == 0);

// Whether a policy acts on start / complete: any_selector's own test (its
// start_entry / complete_entry, policy/any_selector.hpp): a selector that
// keeps path_table's no-op start or complete does not.
template <class S>
using policy_table_t = pol::path_table<S, S::capacity, typename S::concurrency>;
template <class S>
constexpr bool acts_on_start = !std::is_same_v<decltype(&S::start), decltype(&policy_table_t<S>::start)>;
template <class S>
constexpr bool acts_on_complete = !std::is_same_v<decltype(&S::complete), decltype(&policy_table_t<S>::complete)>;
static_assert(!acts_on_start<pol::round_robin<MPIO_SELECTOR_CAPACITY, pol::single_thread>> &&
              !acts_on_complete<pol::round_robin<MPIO_SELECTOR_CAPACITY, pol::single_thread>>);
static_assert(acts_on_start<pol::least_queue_depth<MPIO_SELECTOR_CAPACITY, pol::single_thread>> &&
              acts_on_complete<pol::least_queue_depth<MPIO_SELECTOR_CAPACITY, pol::single_thread>>);

template <class S, bool Start>
mpio_errc policy_select(void* p, const mpio_io_request& io, std::uint8_t& slot) noexcept
{
    S& sel = *static_cast<S*>(p);
    const pol::io_request r = to_cpp(io);
    const mpio::result<pol::slot_index> x = sel.select(r);
    if (!x) return code(x.error());
    if constexpr (Start) sel.start(*x, r);
    slot = *x;
    return ok;
}
template <class S>
void policy_start(void* p, std::uint8_t slot, const mpio_io_request& io) noexcept
{
    static_cast<S*>(p)->start(slot, to_cpp(io));
}
template <class S>
void policy_complete(void* p, std::uint8_t slot, const mpio_io_request& io, std::uint64_t t, pol::io_status st) noexcept
{
    static_cast<S*>(p)->complete(slot, to_cpp(io), t, st);
}

// Binds the entry points of the active built-in policy; any_selector's own
// dispatch when none matches (a vendor policy).
template <class S>
bool bind_policy(c_selector& c) noexcept
{
    S* p = c.any.template get<S>();
    if (p == nullptr) return false;
    c.policy = p;
    c.select = &policy_select<S, false>;
    c.select_start = &policy_select<S, acts_on_start<S>>;
    c.start = &policy_start<S>;
    c.complete = &policy_complete<S>;
    c.flags = static_cast<std::uint8_t>(MPIO_SELECTOR_FLAGS_TAG | (acts_on_start<S> ? MPIO_SELECTOR_FLAG_START : 0U) |
                                        (acts_on_complete<S> ? MPIO_SELECTOR_FLAG_COMPLETE : 0U));
    return true;
}
template <class... S>
void bind_policies(c_selector& c, pol::selector_list<S...>* /*list*/) noexcept
{
    if ((bind_policy<S>(c) || ...)) return;
    c.policy = &c.any;
    c.select = &policy_select<selector_t, false>;
    c.select_start = &policy_select<selector_t, true>;
    c.start = &policy_start<selector_t>;
    c.complete = &policy_complete<selector_t>;
    c.flags =
        static_cast<std::uint8_t>(MPIO_SELECTOR_FLAGS_TAG | MPIO_SELECTOR_FLAG_START | MPIO_SELECTOR_FLAG_COMPLETE);
}
void bind(c_selector& c) noexcept
{
    bind_policies(c, static_cast<pol::selectors<MPIO_SELECTOR_CAPACITY, pol::single_thread>*>(nullptr));
}

// Whether mpio_selector_init wrote the tag: read as bytes of the caller's
// storage, since storage never initialised holds no c_selector to read.
bool has_tag(const unsigned char* storage) noexcept
{
    const unsigned char* t = storage + offsetof(c_selector, tag);
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_memcmp(t, selector_tag, sizeof selector_tag) == 0; // one 8-byte compare
#else
    unsigned diff = 0;
    for (std::size_t i = 0; i < sizeof selector_tag; ++i) diff |= static_cast<unsigned>(t[i] ^ selector_tag[i]);
    return diff == 0;
#endif
}

// The selector in `s`, or nullptr when `s` is NULL or not initialised.
c_selector* selector_of(mpio_selector* s) noexcept
{
    if (s == nullptr || !has_tag(s->u.bytes)) return nullptr;
    return std::launder(reinterpret_cast<c_selector*>(s->u.bytes));
}
const c_selector* selector_of(const mpio_selector* s) noexcept
{
    if (s == nullptr || !has_tag(s->u.bytes)) return nullptr;
    return std::launder(reinterpret_cast<const c_selector*>(s->u.bytes));
}

} // namespace

// ======================================================================= C

extern "C" {

MPIO_C_API const char* mpio_errc_name(mpio_errc e)
{
    if (e == MPIO_ERRC_END) return "end";
    return mpio::errc_name(static_cast<mpio::errc>(e));
}

MPIO_C_API const char* mpio_errc_message(mpio_errc e)
{
    if (e == MPIO_ERRC_END) return "end of the list";
    return mpio::errc_message(static_cast<mpio::errc>(e));
}

// ------------------------------------------------------- standard INQUIRY

MPIO_C_API mpio_errc mpio_parse_inquiry(const uint8_t* data, size_t size, mpio_inquiry* out)
{
    if (out == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_standard_inquiry(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    fill_inquiry(*r, *out);
    return ok;
}

// -------------------------------------------------------------- VPD pages

MPIO_C_API mpio_errc mpio_parse_vpd00(const uint8_t* data, size_t size, mpio_vpd00* out)
{
    if (out == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_supported_vpd_pages(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    *out = mpio_vpd00{};
    fill_header(r->header(), data, out->header);
    out->count = r->size();
    out->ascending = flag(r->ascending());
    for (unsigned c = 0; c < 256; ++c)
        if (r->supports(static_cast<std::uint8_t>(c))) out->supports[c / 8] |= static_cast<std::uint8_t>(1u << (c % 8));
    return ok;
}

MPIO_C_API mpio_errc mpio_parse_vpd80(const uint8_t* data, size_t size, mpio_vpd_header* header, char* serial,
                                      size_t capacity)
{
    if (!valid_input(data, size)) return bad_argument;
    const auto r = s::parse_unit_serial_number(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (header != nullptr) fill_header(r->header(), data, *header);
    const mpio::ascii_view text = r->product_serial_number_trimmed();
    char buffer[256];
    std::size_t n = 0;
    for (; n < text.size() && n < sizeof buffer; ++n) buffer[n] = text[n];
    return copy_out(buffer, n, serial, capacity);
}

MPIO_C_API mpio_errc mpio_parse_vpd83(const uint8_t* data, size_t size, mpio_vpd83* out)
{
    if (out == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_device_identification(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    *out = mpio_vpd83{};
    fill_header(r->header(), data, out->header);
    out->legacy_layout = flag(r->layout() != s::device_identification_layout::designation_descriptors);
    out->legacy_identifier = span_of(r->legacy_identifier(), data);
    fill_status(r->designators().status(), out->designators);
    return ok;
}

MPIO_C_API mpio_errc mpio_vpd83_begin(const uint8_t* data, size_t size, mpio_iter* it)
{
    if (it == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_device_identification(mpio::byte_view(data, size));
    if (!r) {
        start_iter(it, iter_kind::none, data);
        return code(r.error());
    }
    iter_t& i = start_iter(it, iter_kind::designators, data);
    ::new (&i.it.designators) s::designation_descriptor_list::iterator(r->designators().begin());
    return ok;
}

MPIO_C_API mpio_errc mpio_vpd83_next(mpio_iter* it, mpio_designator* out)
{
    iter_t* i = iter_of(it, iter_kind::designators);
    if (i == nullptr || out == nullptr) return bad_argument;
    return step(i->it.designators, [&](const s::designation_descriptor& d) { fill_designator(d, i->base, *out); });
}

MPIO_C_API mpio_errc mpio_vpd83_designators(const uint8_t* data, size_t size, mpio_designator* out, size_t capacity,
                                            size_t* count)
{
    if (count == nullptr || (out == nullptr && capacity != 0) || !valid_input(data, size)) return bad_argument;
    *count = 0;
    const auto r = s::parse_device_identification(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    std::size_t n = 0;
    auto i = r->designators().begin();
    for (; !i.done(); ++i, ++n)
        if (n < capacity) fill_designator(*i, data, out[n]);
    *count = n;
    if (i.error() != mpio::errc::none) return code(i.error());
    return n > capacity ? MPIO_ERRC_BUFFER_TOO_SMALL : ok;
}

MPIO_C_API mpio_errc mpio_parse_vpd86(const uint8_t* data, size_t size, mpio_vpd86* out)
{
    if (out == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_extended_inquiry_data(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    mpio_vpd86& o = *out;
    o = mpio_vpd86{};
    fill_header(r->header(), data, o.header);
    o.activate_microcode = static_cast<std::uint8_t>(r->activate_microcode());
    o.spt = r->spt();
    o.grd_chk = flag(r->grd_chk());
    o.app_chk = flag(r->app_chk());
    o.ref_chk = flag(r->ref_chk());
    o.uask_sup = flag(r->uask_sup());
    o.group_sup = flag(r->group_sup());
    o.prior_sup = flag(r->prior_sup());
    o.headsup = flag(r->headsup());
    o.ordsup = flag(r->ordsup());
    o.simpsup = flag(r->simpsup());
    o.wu_sup = flag(r->wu_sup());
    o.crd_sup = flag(r->crd_sup());
    o.nv_sup = flag(r->nv_sup());
    o.v_sup = flag(r->v_sup());
    o.luiclr = flag(r->luiclr());
    o.extended_self_test_completion_minutes = r->extended_self_test_completion_minutes();
    o.maximum_supported_sense_data_length = r->maximum_supported_sense_data_length();
    return ok;
}

MPIO_C_API mpio_errc mpio_parse_vpd88(const uint8_t* data, size_t size, mpio_vpd_header* header,
                                      mpio_list_status* ports)
{
    if (!valid_input(data, size)) return bad_argument;
    const auto r = s::parse_scsi_ports(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    if (header != nullptr) fill_header(r->header(), data, *header);
    if (ports != nullptr) fill_status(r->ports().status(), *ports);
    return ok;
}

MPIO_C_API mpio_errc mpio_vpd88_begin(const uint8_t* data, size_t size, mpio_iter* it)
{
    if (it == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_scsi_ports(mpio::byte_view(data, size));
    if (!r) {
        start_iter(it, iter_kind::none, data);
        return code(r.error());
    }
    iter_t& i = start_iter(it, iter_kind::scsi_ports, data);
    ::new (&i.it.scsi_ports) s::scsi_port_designation_descriptor_list::iterator(r->ports().begin());
    return ok;
}

MPIO_C_API mpio_errc mpio_vpd88_next(mpio_iter* it, mpio_scsi_port* out)
{
    iter_t* i = iter_of(it, iter_kind::scsi_ports);
    if (i == nullptr || out == nullptr) return bad_argument;
    return step(i->it.scsi_ports, [&](const s::scsi_port_designation_descriptor& d) {
        *out = mpio_scsi_port{};
        out->offset = d.offset();
        out->relative_port_identifier = d.relative_port_identifier();
        out->initiator_port_transportid = span_of(d.initiator_port_transportid(), i->base);
        out->target_port_descriptors = span_of(d.target_port_descriptors().bytes(), i->base);
    });
}

MPIO_C_API mpio_errc mpio_vpd88_designators_begin(const uint8_t* data, size_t size, const mpio_scsi_port* port,
                                                  mpio_iter* it)
{
    if (it == nullptr || port == nullptr || !valid_input(data, size)) return bad_argument;
    const mpio_span sp = port->target_port_descriptors;
    if (sp.offset > size || sp.size > size - sp.offset) return bad_argument;
    iter_t& i = start_iter(it, iter_kind::designators, data);
    const s::designation_descriptor_list list(mpio::byte_view(data + sp.offset, sp.size));
    ::new (&i.it.designators) s::designation_descriptor_list::iterator(list.begin());
    return ok;
}

// ------------------------------------------------------------------ RTPG

MPIO_C_API mpio_errc mpio_parse_rtpg(const uint8_t* data, size_t size, int format, mpio_rtpg* out)
{
    if (out == nullptr || !valid_input(data, size) || format > 1) return bad_argument;
    const auto r = parse_rtpg(data, size, format);
    if (!r) return code(r.error());
    *out = mpio_rtpg{};
    out->return_data_length = r->return_data_length();
    out->header_format = static_cast<std::uint8_t>(r->header_format());
    out->truncated = flag(r->truncated());
    const mpio::result<std::uint8_t> t = r->implicit_transition_time();
    out->implicit_transition_time = t ? static_cast<std::int16_t>(*t) : std::int16_t{-1};
    out->required_allocation_length = r->required_allocation_length();
    fill_status(r->target_port_groups().status(), out->groups);
    return ok;
}

MPIO_C_API mpio_errc mpio_rtpg_begin(const uint8_t* data, size_t size, int format, mpio_iter* it)
{
    if (it == nullptr || !valid_input(data, size) || format > 1) return bad_argument;
    const auto r = parse_rtpg(data, size, format);
    if (!r) {
        start_iter(it, iter_kind::none, data);
        return code(r.error());
    }
    iter_t& i = start_iter(it, iter_kind::rtpg_groups, data);
    ::new (&i.it.rtpg_groups) s::target_port_group_list::iterator(r->target_port_groups().begin());
    return ok;
}

MPIO_C_API mpio_errc mpio_rtpg_next(mpio_iter* it, mpio_target_port_group* out)
{
    iter_t* i = iter_of(it, iter_kind::rtpg_groups);
    if (i == nullptr || out == nullptr) return bad_argument;
    return step(i->it.rtpg_groups, [&](const s::target_port_group_descriptor& g) { fill_group(g, i->base, *out); });
}

MPIO_C_API mpio_errc mpio_rtpg_ports_begin(const uint8_t* data, size_t size, const mpio_target_port_group* group,
                                           mpio_iter* it)
{
    if (it == nullptr || group == nullptr || !valid_input(data, size)) return bad_argument;
    const mpio_span sp = group->target_ports;
    if (sp.offset > size || sp.size > size - sp.offset) return bad_argument;
    iter_t& i = start_iter(it, iter_kind::rtpg_ports, data);
    const s::target_port_list list(mpio::byte_view(data + sp.offset, sp.size));
    ::new (&i.it.rtpg_ports) s::target_port_list::iterator(list.begin());
    return ok;
}

MPIO_C_API mpio_errc mpio_rtpg_ports_next(mpio_iter* it, uint16_t* relative_target_port)
{
    iter_t* i = iter_of(it, iter_kind::rtpg_ports);
    if (i == nullptr || relative_target_port == nullptr) return bad_argument;
    return step(i->it.rtpg_ports, [&](const s::target_port_descriptor& p) {
        *relative_target_port = p.relative_target_port_identifier();
    });
}

MPIO_C_API mpio_errc mpio_rtpg_state_of(const uint8_t* data, size_t size, uint16_t target_port_group,
                                        uint8_t* asymmetric_access_state, uint8_t* pref)
{
    if (!valid_input(data, size)) return bad_argument;
    const auto r = parse_rtpg(data, size, -1);
    if (!r) return code(r.error());
    const auto g = r->find_group(target_port_group);
    if (!g) return code(g.error());
    if (asymmetric_access_state != nullptr)
        *asymmetric_access_state = static_cast<std::uint8_t>(g->asymmetric_access_state());
    if (pref != nullptr) *pref = flag(g->pref());
    return ok;
}

// ------------------------------------------------------------- sense data

MPIO_C_API mpio_errc mpio_parse_sense(const uint8_t* data, size_t size, mpio_sense* out)
{
    if (out == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_sense_data(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    mpio_sense& o = *out;
    o = mpio_sense{};
    const s::normalized_sense n = r->normalized();
    o.response_code = static_cast<std::uint8_t>(n.response_code);
    o.descriptor_format = flag(r->format() == s::sense_data_format::descriptor);
    o.deferred = flag(n.deferred());
    o.sense_key = static_cast<std::uint8_t>(n.sense_key);
    o.has_asc_ascq = flag(n.has_asc_ascq);
    o.asc = n.asc;
    o.ascq = n.ascq;
    o.truncated = flag(n.truncated);
    o.information_valid = flag(n.information_valid);
    o.information = n.information;
    const auto sks = r->sense_key_specific();
    if (sks) {
        o.sksv = flag(sks->sksv());
        const mpio::byte_view b = sks->bytes();
        for (std::size_t k = 0; k < 3 && k < b.size(); ++k) o.sense_key_specific[k] = b[k];
    }
    o.required_allocation_length = r->required_allocation_length();
    if (r->format() == s::sense_data_format::descriptor)
        fill_status(r->descriptor().descriptors().status(), o.descriptors);
    return ok;
}

MPIO_C_API mpio_errc mpio_sense_text(uint8_t sense_key, uint8_t asc, uint8_t ascq, char* out, size_t capacity)
{
    if (sense_key > 0xF) return bad_argument;
    mpio::fixed_text<s::sense_text_capacity> text;
    s::append_sense(text, static_cast<s::sense_key>(sense_key), asc, ascq);
    return copy_out(text.c_str(), text.size(), out, capacity);
}

MPIO_C_API mpio_errc mpio_sense_descriptors_begin(const uint8_t* data, size_t size, mpio_iter* it)
{
    if (it == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_descriptor_sense_data(mpio::byte_view(data, size));
    if (!r) {
        start_iter(it, iter_kind::none, data);
        return code(r.error());
    }
    iter_t& i = start_iter(it, iter_kind::sense, data);
    ::new (&i.it.sense) s::sense_descriptor_list::iterator(r->descriptors().begin());
    return ok;
}

MPIO_C_API mpio_errc mpio_sense_descriptors_next(mpio_iter* it, mpio_sense_descriptor* out)
{
    iter_t* i = iter_of(it, iter_kind::sense);
    if (i == nullptr || out == nullptr) return bad_argument;
    return step(i->it.sense, [&](const s::sense_descriptor& d) {
        *out = mpio_sense_descriptor{};
        out->offset = d.offset();
        out->descriptor_type = static_cast<std::uint8_t>(d.descriptor_type());
        out->additional_length = d.additional_length();
        out->descriptor_specific = span_of(d.descriptor_specific(), i->base);
    });
}

// ------------------------------------------------------------------ LUNs

MPIO_C_API mpio_errc mpio_parse_lun(const uint8_t* data, size_t size, mpio_lun* out)
{
    if (out == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_lun(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    fill_lun(*r, *out);
    return code(r->status().error);
}

MPIO_C_API mpio_errc mpio_parse_report_luns(const uint8_t* data, size_t size, mpio_report_luns* out)
{
    if (out == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_report_luns(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    *out = mpio_report_luns{};
    out->lun_list_length = r->lun_list_length();
    out->lun_count = r->lun_count();
    out->truncated = flag(r->truncated());
    out->required_allocation_length = r->required_allocation_length();
    fill_status(r->luns().status(), out->luns);
    return ok;
}

MPIO_C_API mpio_errc mpio_report_luns_begin(const uint8_t* data, size_t size, mpio_iter* it)
{
    if (it == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_report_luns(mpio::byte_view(data, size));
    if (!r) {
        start_iter(it, iter_kind::none, data);
        return code(r.error());
    }
    iter_t& i = start_iter(it, iter_kind::luns, data);
    ::new (&i.it.luns) s::lun_list::iterator(r->luns().begin());
    return ok;
}

MPIO_C_API mpio_errc mpio_report_luns_next(mpio_iter* it, mpio_lun* out)
{
    iter_t* i = iter_of(it, iter_kind::luns);
    if (i == nullptr || out == nullptr) return bad_argument;
    return step(i->it.luns, [&](const s::lun& l) { fill_lun(l, *out); });
}

// ----------------------------------------------------- READ CAPACITY (16)

MPIO_C_API mpio_errc mpio_parse_read_capacity_16(const uint8_t* data, size_t size, mpio_read_capacity_16* out)
{
    if (out == nullptr || !valid_input(data, size)) return bad_argument;
    const auto r = s::parse_read_capacity_16(mpio::byte_view(data, size));
    if (!r) return code(r.error());
    mpio_read_capacity_16& o = *out;
    o = mpio_read_capacity_16{};
    o.returned_logical_block_address = r->returned_logical_block_address();
    o.logical_block_length_in_bytes = r->logical_block_length_in_bytes();
    o.truncated = flag(r->truncated());
    o.prot_en = flag(r->prot_en());
    o.p_type = static_cast<std::uint8_t>(r->p_type());
    o.lbpme = flag(r->lbpme());
    o.lbprz = flag(r->lbprz());
    o.logical_blocks_per_physical_block_exponent = r->logical_blocks_per_physical_block_exponent();
    o.lowest_aligned_logical_block_address = r->lowest_aligned_logical_block_address();
    const auto blocks = r->capacity_in_blocks();
    o.capacity_in_blocks = blocks ? *blocks : 0;
    const auto bytes = r->capacity_in_bytes();
    o.capacity_error = code(bytes.error());
    o.capacity_in_bytes = bytes ? *bytes : 0;
    return ok;
}

// ---------------------------------------------------------- CDB builders

MPIO_C_API mpio_errc mpio_cdb_test_unit_ready(uint8_t* out, size_t size, uint8_t control, size_t* written)
{
    if (!valid_input(out, size)) return bad_argument;
    return report(s::build_test_unit_ready(mpio::mutable_byte_view(out, size), control), written);
}

MPIO_C_API mpio_errc mpio_cdb_inquiry(uint8_t* out, size_t size, int evpd, uint8_t page_code,
                                      uint16_t allocation_length, uint8_t control, size_t* written)
{
    if (!valid_input(out, size)) return bad_argument;
    return report(
        s::build_inquiry(mpio::mutable_byte_view(out, size), evpd != 0, page_code, allocation_length, control),
        written);
}

MPIO_C_API mpio_errc mpio_cdb_report_luns(uint8_t* out, size_t size, uint8_t select_report, uint32_t allocation_length,
                                          uint8_t control, size_t* written)
{
    if (!valid_input(out, size)) return bad_argument;
    return report(s::build_report_luns(mpio::mutable_byte_view(out, size), static_cast<s::select_report>(select_report),
                                       allocation_length, control),
                  written);
}

MPIO_C_API mpio_errc mpio_cdb_read_capacity_16(uint8_t* out, size_t size, uint32_t allocation_length, uint8_t control,
                                               size_t* written)
{
    if (!valid_input(out, size)) return bad_argument;
    return report(s::build_read_capacity_16(mpio::mutable_byte_view(out, size), allocation_length, control), written);
}

MPIO_C_API mpio_errc mpio_cdb_report_target_port_groups(uint8_t* out, size_t size, uint8_t format,
                                                        uint32_t allocation_length, uint8_t control, size_t* written)
{
    if (!valid_input(out, size)) return bad_argument;
    return report(s::build_report_target_port_groups(mpio::mutable_byte_view(out, size),
                                                     static_cast<s::rtpg_parameter_data_format>(format),
                                                     allocation_length, control),
                  written);
}

MPIO_C_API mpio_errc mpio_cdb_set_target_port_groups(uint8_t* out, size_t size, uint32_t parameter_list_length,
                                                     uint8_t control, size_t* written)
{
    if (!valid_input(out, size)) return bad_argument;
    return report(s::build_set_target_port_groups(mpio::mutable_byte_view(out, size), parameter_list_length, control),
                  written);
}

MPIO_C_API mpio_errc mpio_stpg_parameter_list(uint8_t* out, size_t size, const mpio_stpg_descriptor* descriptors,
                                              size_t count, size_t* written)
{
    constexpr std::size_t max_descriptors = 32;
    if (!valid_input(out, size) || count > max_descriptors || (descriptors == nullptr && count != 0))
        return report(mpio::failure(mpio::errc::invalid_argument), written);
    s::set_target_port_group_descriptor converted[max_descriptors];
    for (std::size_t i = 0; i < count; ++i) {
        converted[i].state = static_cast<s::asymmetric_access_state>(descriptors[i].asymmetric_access_state);
        converted[i].target_port_group = descriptors[i].target_port_group;
    }
    return report(s::build_set_target_port_groups_parameter_list(mpio::mutable_byte_view(out, size), converted, count),
                  written);
}

// ---------------------------------------------------------------- identity

MPIO_C_API mpio_errc mpio_identity_scheme(size_t index, const char** name)
{
    if (name == nullptr) return bad_argument;
    if (index >= idn::scheme_count) return MPIO_ERRC_NOT_FOUND;
    *name = idn::schemes[index].name;
    return ok;
}

MPIO_C_API mpio_errc mpio_identity_derive(const char* scheme, const mpio_identity_input* in, mpio_identity* out,
                                          char* text, size_t capacity)
{
    if (scheme == nullptr || in == nullptr || out == nullptr || !valid_input(in->inquiry, in->inquiry_size) ||
        !valid_input(in->vpd80, in->vpd80_size) || !valid_input(in->vpd83, in->vpd83_size))
        return bad_argument;
    *out = mpio_identity{};
    const idn::scheme_entry* entry = idn::find_scheme(scheme);
    if (entry == nullptr) {
        out->reason = MPIO_ERRC_NOT_FOUND;
        return MPIO_ERRC_NOT_FOUND;
    }
    const idn::identity_input input{mpio::byte_view(in->inquiry, in->inquiry_size),
                                    mpio::byte_view(in->vpd80, in->vpd80_size),
                                    mpio::byte_view(in->vpd83, in->vpd83_size)};
    idn::device_identity id;
    entry->derive_into(input, id);
    out->status = static_cast<std::uint8_t>(id.status());
    out->reason = code(id.reason());
    out->key_hash = id.key().hash();
    out->text_length = id.text().size();
    const mpio_errc copied = copy_out(id.text().c_str(), id.text().size(), text, capacity);
    if (!id.found()) return MPIO_ERRC_NOT_FOUND;
    return id.text().overflowed() ? MPIO_ERRC_BUFFER_TOO_SMALL : copied;
}

MPIO_C_API mpio_errc mpio_hardware_id(const uint8_t* inquiry, size_t size, char out[25])
{
    if (out == nullptr || !valid_input(inquiry, size)) return bad_argument;
    const auto r = s::parse_standard_inquiry(mpio::byte_view(inquiry, size));
    if (!r) return code(r.error());
    const idn::hardware_id hw = idn::hardware_id::from_inquiry(*r); // the view below points into it
    const mpio::ascii_view id = hw.padded();
    for (std::size_t i = 0; i < 24; ++i) out[i] = i < id.size() ? id[i] : ' ';
    out[24] = '\0';
    return ok;
}

MPIO_C_API mpio_errc mpio_claim_table_init(mpio_claim_table* t)
{
    if (t == nullptr) return bad_argument;
    ::new (static_cast<void*>(t->u.bytes)) claim_table_t();
    return ok;
}

MPIO_C_API mpio_errc mpio_claim_table_add(mpio_claim_table* t, const char* name, int generic, uint8_t match_mode,
                                          size_t* index)
{
    if (t == nullptr || match_mode > MPIO_MATCH_EXACT) return bad_argument;
    claim_table_t& c = as<claim_table_t>(t);
    if (c.count >= MPIO_CLAIMERS_MAX) return MPIO_ERRC_CAPACITY_EXCEEDED;
    c.names[c.count] = name != nullptr ? name : "";
    c.modes[c.count] = static_cast<idn::match_mode>(match_mode);
    c.generic[c.count] = generic != 0;
    if (index != nullptr) *index = c.count;
    ++c.count;
    return ok;
}

MPIO_C_API mpio_errc mpio_claim_table_add_device(mpio_claim_table* t, size_t index, const char* hardware_id)
{
    if (t == nullptr || hardware_id == nullptr) return bad_argument;
    claim_table_t& c = as<claim_table_t>(t);
    if (index >= c.count) return MPIO_ERRC_NOT_FOUND;
    return code(c.lists[index].add(hardware_id).error());
}

MPIO_C_API mpio_errc mpio_claim_table_arbitrate(const mpio_claim_table* t, const uint8_t* inquiry, size_t size,
                                                uint8_t bus_type, size_t* winner)
{
    if (t == nullptr || winner == nullptr || !valid_input(inquiry, size)) return bad_argument;
    const auto r = s::parse_standard_inquiry(mpio::byte_view(inquiry, size));
    if (!r) return code(r.error());
    c_claimer list[MPIO_CLAIMERS_MAX]{};
    const std::size_t n = build_claimers(as<claim_table_t>(t), list);
    const idn::device_description device{idn::hardware_id::from_inquiry(*r), static_cast<idn::bus_type>(bus_type)};
    const idn::claim_result c = idn::arbitrate(list, n, device);
    if (!c.claimed()) return MPIO_ERRC_NOT_FOUND;
    *winner = c.index();
    return ok;
}

// ---------------------------------------------------------------- topology

MPIO_C_API mpio_errc mpio_topology_init(mpio_topology* t, uint64_t remove_period, int queue_if_no_path)
{
    if (t == nullptr) return bad_argument;
    top::topology_config c;
    c.remove_period = remove_period;
    c.queue_if_no_path = queue_if_no_path != 0;
    ::new (static_cast<void*>(t->u.bytes)) topology_t(c);
    return ok;
}

MPIO_C_API mpio_errc mpio_topology_discover(mpio_topology* t, const char* scheme, const mpio_claim_table* claimers,
                                            const mpio_path_report* report, uint64_t now, mpio_verify_fn verify,
                                            void* verify_context, mpio_discovery* out)
{
    if (t == nullptr || scheme == nullptr || report == nullptr || out == nullptr) return bad_argument;
    const mpio_identity_input& in = report->input;
    if (!valid_input(in.inquiry, in.inquiry_size) || !valid_input(in.vpd80, in.vpd80_size) ||
        !valid_input(in.vpd83, in.vpd83_size) || !valid_input(report->rtpg, report->rtpg_size))
        return bad_argument;
    top::path_report r;
    r.handle = report->handle;
    r.input = {mpio::byte_view(in.inquiry, in.inquiry_size), mpio::byte_view(in.vpd80, in.vpd80_size),
               mpio::byte_view(in.vpd83, in.vpd83_size)};
    r.rtpg = mpio::byte_view(report->rtpg, report->rtpg_size);
    r.rtpg_failed = report->rtpg_failed != 0;
    r.bus = static_cast<idn::bus_type>(report->bus_type);
    topology_t& tt = as<topology_t>(t);
    const verify_adapter v{verify, verify_context};
    top::discovery_result d;
    // The scheme by name: one instantiation of the flow per scheme (a fold, no recursion).
    const bool found = discover_with<idn::mpio_scheme>(scheme, tt, claimers, r, now, v, d) ||
                       discover_with<idn::multipath_tools_scheme>(scheme, tt, claimers, r, now, v, d) ||
                       discover_with<idn::linux_wwid_scheme>(scheme, tt, claimers, r, now, v, d) ||
                       discover_with<idn::msdsm_scheme>(scheme, tt, claimers, r, now, v, d) ||
                       discover_with<idn::illumos_devid_scheme>(scheme, tt, claimers, r, now, v, d) ||
                       discover_with<idn::systemd_scsi_id_scheme>(scheme, tt, claimers, r, now, v, d) ||
                       discover_with<idn::sg3_utils_udev_scheme>(scheme, tt, claimers, r, now, v, d);
    if (!found) return MPIO_ERRC_NOT_FOUND;
    *out = mpio_discovery{};
    out->outcome = static_cast<std::uint8_t>(d.outcome);
    out->error = code(d.error);
    out->path = d.path;
    out->device = d.device;
    out->previous_device = d.previous_device;
    out->claimer = d.claim.claimed() ? d.claim.index() : 0;
    out->verified = flag(d.verified);
    out->alua_mode = static_cast<std::uint8_t>(d.facts.alua.mode);
    return ok;
}

MPIO_C_API mpio_errc mpio_topology_remove_path(mpio_topology* t, uint64_t handle, uint64_t now)
{
    if (t == nullptr) return bad_argument;
    return code(as<topology_t>(t).store.remove_path(handle, now).error());
}

MPIO_C_API mpio_errc mpio_topology_expire(mpio_topology* t, uint64_t now, size_t* deleted)
{
    if (t == nullptr) return bad_argument;
    const std::size_t n = as<topology_t>(t).store.expire(now);
    if (deleted != nullptr) *deleted = n;
    return ok;
}

MPIO_C_API mpio_errc mpio_topology_unit_attention(mpio_topology* t, uint64_t handle, uint8_t asc, uint8_t ascq,
                                                  uint64_t now, int* detached)
{
    if (t == nullptr) return bad_argument;
    const bool d = top::on_unit_attention(as<topology_t>(t).store, handle, asc, ascq, now);
    if (detached != nullptr) *detached = d ? 1 : 0;
    return ok;
}

MPIO_C_API mpio_errc mpio_topology_counts_of(const mpio_topology* t, mpio_topology_counts* out)
{
    if (t == nullptr || out == nullptr) return bad_argument;
    const store_t& st = as<topology_t>(t).store;
    out->devices = st.device_count();
    out->paths = st.path_count();
    out->ports = st.port_count();
    out->ungrouped_paths = st.ungrouped_path_count();
    return ok;
}

MPIO_C_API mpio_errc mpio_topology_find_path(const mpio_topology* t, uint64_t handle, mpio_topology_path* out)
{
    if (t == nullptr || out == nullptr) return bad_argument;
    const store_t& st = as<topology_t>(t).store;
    const top::path_index i = st.find_path(handle);
    if (i == top::no_index) return MPIO_ERRC_NOT_FOUND;
    const top::path& p = st.path_at(i);
    *out = mpio_topology_path{};
    out->handle = p.handle();
    out->device = p.device();
    out->state = static_cast<std::uint8_t>(p.state());
    out->has_target_port_group = flag(p.has_target_port_group());
    out->has_relative_target_port = flag(p.has_relative_target_port());
    out->has_alua_state = flag(p.has_alua_state());
    out->target_port_group = p.target_port_group();
    out->relative_target_port = p.relative_target_port();
    out->alua_state = static_cast<std::uint8_t>(p.alua_state());
    out->pref = flag(p.pref());
    return ok;
}

MPIO_C_API mpio_errc mpio_topology_device_paths(const mpio_topology* t, uint32_t device, uint64_t* handles,
                                                size_t capacity, size_t* count)
{
    if (t == nullptr || count == nullptr || (handles == nullptr && capacity != 0)) return bad_argument;
    const store_t& st = as<topology_t>(t).store;
    bool exists = false;
    st.for_each_device([&](top::device_index d, const top::multipath_device&) { exists = exists || d == device; });
    if (!exists) return MPIO_ERRC_NOT_FOUND;
    std::size_t n = 0;
    st.for_each_path_of_device(device, [&](top::path_index, const top::path& p) {
        if (n < capacity) handles[n] = p.handle();
        ++n;
    });
    *count = n;
    return n > capacity ? MPIO_ERRC_BUFFER_TOO_SMALL : ok;
}

// ---------------------------------------------------------------- policies

MPIO_C_API mpio_errc mpio_selector_init(mpio_selector* s)
{
    if (s == nullptr) return bad_argument;
    c_selector* c = ::new (static_cast<void*>(s->u.bytes)) c_selector();
    for (std::size_t i = 0; i < sizeof selector_tag; ++i) c->tag[i] = selector_tag[i];
    bind(*c);
    return ok;
}

MPIO_C_API mpio_errc mpio_selector_set_policy(mpio_selector* s, uint8_t policy_id)
{
    c_selector* c = selector_of(s);
    if (c == nullptr) return bad_argument;
    const mpio_errc e = code(c->any.set_policy(static_cast<pol::policy_id>(policy_id)).error());
    bind(*c);
    return e;
}

MPIO_C_API mpio_errc mpio_selector_set_policy_by_name(mpio_selector* s, const char* name)
{
    c_selector* c = selector_of(s);
    if (c == nullptr || name == nullptr) return bad_argument;
    const mpio_errc e = code(c->any.set_policy(name).error());
    bind(*c);
    return e;
}

MPIO_C_API mpio_errc mpio_selector_policy(const mpio_selector* s, uint8_t* policy_id)
{
    const c_selector* c = selector_of(s);
    if (c == nullptr || policy_id == nullptr) return bad_argument;
    *policy_id = static_cast<std::uint8_t>(c->any.id());
    return ok;
}

MPIO_C_API mpio_errc mpio_policy_id_of(const char* name, uint8_t* policy_id)
{
    if (name == nullptr || policy_id == nullptr) return bad_argument;
    const pol::policy_info* p = pol::find_policy(name);
    if (p == nullptr) return MPIO_ERRC_NOT_FOUND;
    *policy_id = static_cast<std::uint8_t>(p->id);
    return ok;
}

// The I/O path: the checks that keep memory safe (an initialised selector,
// non-NULL pointers, a slot the path table has), then one indirect call into
// the active policy; start and complete skip the call when it ignores them.
MPIO_C_API mpio_errc mpio_selector_select(mpio_selector* s, const mpio_io_request* io, uint8_t* slot)
{
    c_selector* c = selector_of(s);
    if (c == nullptr || io == nullptr || slot == nullptr) return bad_argument;
    return c->select(c->policy, *io, *slot);
}

MPIO_C_API mpio_errc mpio_selector_select_start(mpio_selector* s, const mpio_io_request* io, uint8_t* slot)
{
    c_selector* c = selector_of(s);
    if (c == nullptr || io == nullptr || slot == nullptr) return bad_argument;
    return c->select_start(c->policy, *io, *slot);
}

MPIO_C_API mpio_errc mpio_selector_start(mpio_selector* s, uint8_t slot, const mpio_io_request* io)
{
    c_selector* c = selector_of(s);
    if (c == nullptr || io == nullptr || !valid_slot(slot)) return bad_argument;
    if ((c->flags & MPIO_SELECTOR_FLAG_START) != 0) c->start(c->policy, slot, *io);
    return ok;
}

MPIO_C_API mpio_errc mpio_selector_complete(mpio_selector* s, uint8_t slot, const mpio_io_request* io,
                                            uint64_t service_time, uint8_t io_status)
{
    c_selector* c = selector_of(s);
    if (c == nullptr || io == nullptr || !valid_slot(slot) || io_status > MPIO_IO_PATH_ERROR) return bad_argument;
    if ((c->flags & MPIO_SELECTOR_FLAG_COMPLETE) != 0)
        c->complete(c->policy, slot, *io, service_time, static_cast<pol::io_status>(io_status));
    return ok;
}

MPIO_C_API mpio_errc mpio_selector_add_path(mpio_selector* s, uint8_t slot, const mpio_path_attributes* a)
{
    c_selector* c = selector_of(s);
    if (c == nullptr || a == nullptr || !valid_alua(a->alua)) return bad_argument;
    pol::path_attributes p;
    p.alua = static_cast<s::asymmetric_access_state>(a->alua);
    p.standby = a->standby != 0;
    p.preferred = a->preferred != 0;
    p.weight = a->weight;
    p.relative_throughput = a->relative_throughput;
    p.node = a->node;
    return code(c->any.add_path(slot, p).error());
}

MPIO_C_API mpio_errc mpio_selector_remove_path(mpio_selector* s, uint8_t slot)
{
    c_selector* c = selector_of(s);
    if (c == nullptr) return bad_argument;
    return code(c->any.remove_path(slot).error());
}

MPIO_C_API mpio_errc mpio_selector_fail_path(mpio_selector* s, uint8_t slot)
{
    c_selector* c = selector_of(s);
    if (c == nullptr) return bad_argument;
    return code(c->any.fail_path(slot).error());
}

MPIO_C_API mpio_errc mpio_selector_reinstate_path(mpio_selector* s, uint8_t slot)
{
    c_selector* c = selector_of(s);
    if (c == nullptr) return bad_argument;
    return code(c->any.reinstate_path(slot).error());
}

MPIO_C_API mpio_errc mpio_selector_set_alua_state(mpio_selector* s, uint8_t slot, uint8_t alua)
{
    c_selector* c = selector_of(s);
    if (c == nullptr || !valid_alua(alua)) return bad_argument;
    return code(c->any.set_alua_state(slot, static_cast<s::asymmetric_access_state>(alua)).error());
}

MPIO_C_API mpio_errc mpio_selector_set_weight(mpio_selector* s, uint8_t slot, uint32_t weight)
{
    c_selector* c = selector_of(s);
    if (c == nullptr) return bad_argument;
    return code(c->any.set_weight(slot, weight).error());
}

MPIO_C_API mpio_errc mpio_selector_set_preferred(mpio_selector* s, uint8_t slot, int preferred)
{
    c_selector* c = selector_of(s);
    if (c == nullptr) return bad_argument;
    return code(c->any.set_preferred(slot, preferred != 0).error());
}

// ---------------------------------------------------------------- recovery

MPIO_C_API mpio_errc mpio_interpret(uint8_t table, const mpio_io_outcome* outcome, int other_usable_path,
                                    mpio_decision* out)
{
    if (!valid_outcome(outcome) || out == nullptr || table > MPIO_TABLE_LINUX) return bad_argument;
    const rcv::error_condition c = rcv::make_condition(to_cpp(*outcome));
    const rcv::interpret_context ctx{other_usable_path != 0};
    *out = to_c(table == MPIO_TABLE_LINUX ? rcv::interpret<rcv::linux_error_table>(c, ctx)
                                          : rcv::interpret<rcv::default_error_table>(c, ctx));
    return code(c.sense_error);
}

MPIO_C_API mpio_errc mpio_interpret_test_unit_ready(const mpio_io_outcome* outcome, uint8_t* checker_state)
{
    if (!valid_outcome(outcome) || checker_state == nullptr) return bad_argument;
    *checker_state = static_cast<std::uint8_t>(rcv::interpret_test_unit_ready(rcv::make_condition(to_cpp(*outcome))));
    return ok;
}

MPIO_C_API mpio_errc mpio_reason_name(uint8_t reason, char* out, size_t capacity)
{
    if (reason > static_cast<std::uint8_t>(rcv::reason::initiator_response_timeout)) return MPIO_ERRC_NOT_FOUND;
    const char* text = rcv::to_string(static_cast<rcv::reason>(reason));
    return copy_out(text, c_length(text), out, capacity);
}

MPIO_C_API mpio_errc mpio_lifecycle_init(mpio_path_lifecycle* l, const mpio_lifecycle_config* c, int preferred)
{
    if (l == nullptr || c == nullptr || c->failback_mode > 3) return bad_argument;
    rcv::lifecycle_config k;
    k.alua = c->alua != 0;
    k.periodic_verification = c->periodic_verification != 0;
    k.verification_period = c->verification_period;
    k.recovery_interval = c->recovery_interval;
    k.pending_poll = c->pending_poll;
    k.remove_period = c->remove_period;
    k.failback = {static_cast<rcv::failback_mode>(c->failback_mode), c->failback_defer};
    k.flaky = {c->flaky_threshold, c->flaky_window, c->flaky_recovery};
    ::new (static_cast<void*>(l->u.bytes)) rcv::path_lifecycle(k, preferred != 0);
    return ok;
}

MPIO_C_API mpio_errc mpio_lifecycle_arrive(mpio_path_lifecycle* l, uint64_t now, uint8_t* command)
{
    if (l == nullptr || command == nullptr) return bad_argument;
    *command = static_cast<std::uint8_t>(as<rcv::path_lifecycle>(l).arrive(now));
    return ok;
}

MPIO_C_API mpio_errc mpio_lifecycle_poll(mpio_path_lifecycle* l, uint64_t now, uint8_t* command)
{
    if (l == nullptr || command == nullptr) return bad_argument;
    *command = static_cast<std::uint8_t>(as<rcv::path_lifecycle>(l).poll(now));
    return ok;
}

MPIO_C_API mpio_errc mpio_lifecycle_remove(mpio_path_lifecycle* l, uint64_t now)
{
    if (l == nullptr) return bad_argument;
    as<rcv::path_lifecycle>(l).remove(now);
    return ok;
}

MPIO_C_API mpio_errc mpio_lifecycle_on_io(mpio_path_lifecycle* l, const mpio_decision* d, uint64_t now)
{
    if (l == nullptr || d == nullptr || d->action > MPIO_ACTION_FAIL_UP || d->effect > MPIO_EFFECT_ALUA_CHANGED)
        return bad_argument;
    as<rcv::path_lifecycle>(l).on_io(to_cpp(*d), now);
    return ok;
}

MPIO_C_API mpio_errc mpio_lifecycle_on_verification(mpio_path_lifecycle* l, uint8_t checker_state, int has_alua_state,
                                                    uint8_t alua_state, uint64_t now)
{
    if (l == nullptr || checker_state > static_cast<std::uint8_t>(rcv::checker_state::retry) || !valid_alua(alua_state))
        return bad_argument;
    rcv::verification_result r;
    r.state = static_cast<rcv::checker_state>(checker_state);
    r.has_alua_state = has_alua_state != 0;
    r.alua_state = static_cast<s::asymmetric_access_state>(alua_state);
    as<rcv::path_lifecycle>(l).on_verification(r, now);
    return ok;
}

MPIO_C_API mpio_errc mpio_lifecycle_on_alua_state(mpio_path_lifecycle* l, uint8_t alua_state, uint64_t now)
{
    if (l == nullptr || !valid_alua(alua_state)) return bad_argument;
    as<rcv::path_lifecycle>(l).on_alua_state(static_cast<s::asymmetric_access_state>(alua_state), now);
    return ok;
}

MPIO_C_API mpio_errc mpio_lifecycle_status_of(const mpio_path_lifecycle* l, uint64_t now, mpio_lifecycle_status* out)
{
    if (l == nullptr || out == nullptr) return bad_argument;
    const rcv::path_lifecycle& p = as<rcv::path_lifecycle>(l);
    out->state = static_cast<std::uint8_t>(p.state());
    out->eligibility = static_cast<std::uint8_t>(p.io_eligibility(now));
    out->has_alua_state = flag(p.has_alua_state());
    out->alua_state = static_cast<std::uint8_t>(p.alua_state());
    out->flaky = flag(p.flaky(now));
    out->needs_alua_refresh = flag(p.needs_alua_refresh());
    return ok;
}

// ------------------------------------------------------------------ engine

MPIO_C_API mpio_errc mpio_engine_config_defaults(mpio_engine_config* c, uint32_t ticks_per_second, uint8_t alua_mode)
{
    if (c == nullptr || ticks_per_second == 0 || alua_mode > 3) return bad_argument;
    mpio::tick_rate rate;
    rate.per_second = ticks_per_second;
    const eng::engine_config e = eng::engine_config::microsoft_defaults(rate, static_cast<top::alua_mode>(alua_mode));
    *c = mpio_engine_config{};
    c->retry_count = e.timers.retry_count;
    c->retry_interval = e.timers.retry_interval;
    c->path_verify_enabled = flag(e.timers.path_verify_enabled);
    c->path_verification_period = e.timers.path_verification_period;
    c->path_recovery_interval = e.timers.path_recovery_interval;
    c->pdo_remove_period = e.timers.pdo_remove_period;
    c->alua_transition_time = e.timers.alua_transition_time;
    c->alua_mode = static_cast<std::uint8_t>(e.alua);
    c->checker = static_cast<std::uint8_t>(e.checker);
    c->explicit_failover = flag(e.explicit_failover);
    c->failback_mode = static_cast<std::uint8_t>(e.failback.mode);
    c->failback_defer = e.failback.defer;
    c->flaky_threshold = e.flaky.threshold;
    c->flaky_window = e.flaky.window;
    c->flaky_recovery = e.flaky.recovery_time;
    return ok;
}

MPIO_C_API mpio_errc mpio_engine_init(mpio_engine* e, const mpio_transport* t, const mpio_engine_config* c)
{
    if (e == nullptr || t == nullptr || c == nullptr || t->send == nullptr || t->request_done == nullptr ||
        c->alua_mode > 3 || c->checker > MPIO_CHECKER_READ_BLOCK_ZERO || c->failback_mode > 3)
        return bad_argument;
    ::new (static_cast<void*>(e->u.bytes)) engine_t(*t, to_cpp(*c));
    return ok;
}

MPIO_C_API mpio_errc mpio_engine_add_path(mpio_engine* e, const mpio_path_config* p, uint64_t now, uint8_t* slot)
{
    if (e == nullptr || p == nullptr || !valid_alua(p->alua_state)) return bad_argument;
    eng::path_config c;
    c.handle = p->handle;
    c.verified = p->verified != 0;
    c.has_target_port_group = p->has_target_port_group != 0;
    c.target_port_group = p->target_port_group;
    c.has_alua_state = p->has_alua_state != 0;
    c.alua_state = static_cast<s::asymmetric_access_state>(p->alua_state);
    c.alua_pref = p->alua_pref != 0;
    c.preferred_path = p->preferred_path != 0;
    c.weight = p->weight;
    const mpio::result<pol::slot_index> r = as<engine_t>(e).device.add_path(c, now);
    if (r && slot != nullptr) *slot = *r;
    return code(r.error());
}

MPIO_C_API mpio_errc mpio_engine_attach(mpio_engine* e, const mpio_topology* t, uint32_t device, uint64_t now)
{
    if (e == nullptr || t == nullptr) return bad_argument;
    const store_t& st = as<topology_t>(t).store;
    bool exists = false;
    st.for_each_device([&](top::device_index d, const top::multipath_device&) { exists = exists || d == device; });
    if (!exists) return MPIO_ERRC_NOT_FOUND;
    return code(as<engine_t>(e).device.attach(st, device, now).error());
}

MPIO_C_API mpio_errc mpio_engine_slot_of(const mpio_engine* e, uint64_t handle, uint8_t* slot)
{
    if (e == nullptr || slot == nullptr) return bad_argument;
    const pol::slot_index s = as<engine_t>(e).device.slot_of(handle);
    if (s == eng::no_slot) return MPIO_ERRC_NOT_FOUND;
    *slot = s;
    return ok;
}

MPIO_C_API mpio_errc mpio_engine_remove_path(mpio_engine* e, uint8_t slot, uint64_t now)
{
    if (e == nullptr) return bad_argument;
    return code(as<engine_t>(e).device.remove_path(slot, now).error());
}

MPIO_C_API mpio_errc mpio_engine_path_back(mpio_engine* e, uint8_t slot, uint64_t now)
{
    if (e == nullptr) return bad_argument;
    return code(as<engine_t>(e).device.path_back(slot, now).error());
}

MPIO_C_API mpio_errc mpio_engine_set_standby(mpio_engine* e, uint8_t slot, int standby, uint64_t now)
{
    if (e == nullptr) return bad_argument;
    return code(as<engine_t>(e).device.set_standby(slot, standby != 0, now).error());
}

MPIO_C_API mpio_errc mpio_engine_set_policy(mpio_engine* e, uint8_t policy_id)
{
    if (e == nullptr) return bad_argument;
    return code(as<engine_t>(e).device.set_policy(static_cast<pol::policy_id>(policy_id)).error());
}

MPIO_C_API mpio_errc mpio_engine_set_policy_by_name(mpio_engine* e, const char* name)
{
    if (e == nullptr || name == nullptr) return bad_argument;
    return code(as<engine_t>(e).device.set_policy(name).error());
}

MPIO_C_API mpio_errc mpio_engine_submit(mpio_engine* e, const mpio_io_request* io, uint64_t cookie, uint64_t now)
{
    if (e == nullptr || io == nullptr || io->direction > MPIO_IO_OTHER) return bad_argument;
    return code(as<engine_t>(e).device.submit(to_cpp(*io), cookie, now).error());
}

MPIO_C_API mpio_errc mpio_engine_on_completion(mpio_engine* e, uint32_t tag, const mpio_io_outcome* outcome,
                                               const uint8_t* data_in, size_t data_in_size, uint64_t now)
{
    if (e == nullptr || !valid_outcome(outcome) || !valid_input(data_in, data_in_size)) return bad_argument;
    return code(as<engine_t>(e)
                    .device.on_completion(tag, to_cpp(*outcome), mpio::byte_view(data_in, data_in_size), now)
                    .error());
}

MPIO_C_API mpio_errc mpio_engine_poll(mpio_engine* e, uint64_t now)
{
    if (e == nullptr) return bad_argument;
    as<engine_t>(e).device.poll(now);
    return ok;
}

MPIO_C_API mpio_errc mpio_engine_path_of(const mpio_engine* e, uint8_t slot, uint64_t now, mpio_engine_path* out)
{
    if (e == nullptr || out == nullptr) return bad_argument;
    const device_t& d = as<engine_t>(e).device;
    if (!d.used(slot)) return MPIO_ERRC_NOT_FOUND;
    out->used = 1;
    out->present = flag(d.present(slot));
    out->state = static_cast<std::uint8_t>(d.state(slot));
    out->alua_state = static_cast<std::uint8_t>(d.alua_state(slot));
    out->eligibility = static_cast<std::uint8_t>(d.eligibility(slot, now));
    out->marginal = flag(d.marginal(slot, now));
    out->handle = d.config_of(slot).handle;
    return ok;
}

MPIO_C_API mpio_errc mpio_engine_counts_of(const mpio_engine* e, mpio_engine_counts* out)
{
    if (e == nullptr || out == nullptr) return bad_argument;
    const device_t& d = as<engine_t>(e).device;
    out->paths = d.path_count();
    out->requests_outstanding = d.requests_outstanding();
    out->requests_queued = d.requests_queued();
    out->no_usable_path = flag(d.no_usable_path());
    out->transition_in_progress = flag(d.transition_in_progress());
    out->policy_id = static_cast<std::uint8_t>(d.selector().id());
    return ok;
}

MPIO_C_API mpio_errc mpio_engine_statistics(const mpio_engine* e, uint8_t slot, mpio_path_statistics* out)
{
    if (e == nullptr || out == nullptr) return bad_argument;
    const device_t& d = as<engine_t>(e).device;
    if (!d.used(slot)) return MPIO_ERRC_NOT_FOUND;
    const eng::path_statistics_snapshot st = d.statistics(slot);
    out->reads = st.reads;
    out->writes = st.writes;
    out->bytes_read = st.bytes_read;
    out->bytes_written = st.bytes_written;
    out->errors = st.errors;
    out->failovers = st.failovers;
    out->latency_p50 = st.percentile(500);
    out->latency_p99 = st.percentile(990);
    out->latency_p999 = st.percentile(999);
    out->samples = st.samples();
    return ok;
}

MPIO_C_API mpio_errc mpio_engine_clear_statistics(mpio_engine* e)
{
    if (e == nullptr) return bad_argument;
    as<engine_t>(e).device.clear_statistics();
    return ok;
}

} // extern "C"
