// SPDX-License-Identifier: MIT
#include <mpio/scsi/report_target_port_groups.hpp>

#include <mpio/hosted/hex_input.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

// This file's names stay its own when the unity build puts several test
// files into one translation unit (tests/CMakeLists.txt).
namespace test_scsi_report_target_port_groups_test {

using mpio::byte;
using mpio::byte_view;
using mpio::errc;
using mpio::result;
using mpio_test::view;
namespace scsi = mpio::scsi;
using scsi::asymmetric_access_state;
using scsi::report_target_port_groups;
using scsi::rtpg_header_format;
using scsi::rtpg_parameter_data_format;
using scsi::target_port_group_descriptor;
using scsi::target_port_group_status_code;

namespace {

// Two controllers with two ports each (A: active/optimized and preferred, B:
// active/non-optimized), a standby group and an unavailable group with one
// port each, in the length-only format (RETURN DATA LENGTH 56).
constexpr byte four_groups[] = {
    0x00, 0x00, 0x00, 0x38,                         // RETURN DATA LENGTH
    0x80, 0x8F, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, // PREF, A/O; T U S AN AO; TPG 1; implicit; 2 ports
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, //   ports 1, 2
    0x01, 0x8F, 0x00, 0x02, 0x00, 0x02, 0x00, 0x02, // A/N-O; TPG 2; implicit; 2 ports
    0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, //   ports 3, 4
    0x02, 0x4F, 0x01, 0x00, 0x00, 0x01, 0x5A, 0x01, // standby; O U S AN AO; TPG 100h; by STPG; vendor 5Ah; 1 port
    0x00, 0x00, 0x00, 0x05,                         //   port 5
    0x03, 0x11, 0x80, 0x00, 0x00, 0x00, 0x00, 0x01, // unavailable; LBD AO; TPG 8000h; no status; 1 port
    0xAB, 0xCD, 0x01, 0x06,                         //   port 106h (obsolete bytes not zero)
};
// Where each descriptor ends, counted from the start of the list.
constexpr std::size_t four_groups_ends[] = {16, 32, 44, 56};

template <std::size_t N>
struct response {
    byte data[N]{};
    constexpr byte_view view() const noexcept { return {data, N}; }
};

// The same groups behind an extended header (RETURN DATA LENGTH 60),
// IMPLICIT TRANSITION TIME 60 s.
constexpr response<sizeof four_groups + 4> four_groups_extended = [] {
    response<sizeof four_groups + 4> r;
    r.data[3] = 0x3C;
    r.data[4] = 0x10; // FORMAT TYPE 001b
    r.data[5] = 60;
    for (std::size_t i = 4; i < sizeof four_groups; ++i) r.data[i + 4] = four_groups[i];
    return r;
}();

constexpr result<report_target_port_groups> parse(byte_view bytes) noexcept
{
    return scsi::parse_report_target_port_groups(bytes);
}

struct walk_summary {
    std::size_t groups = 0;
    std::size_t ports = 0;
    unsigned port_sum = 0;  // sum of the relative target port identifiers
    unsigned group_sum = 0; // sum of the target port group values
    mpio::list_status status;
};

// Walks every group and every port of each, as a multipath stack does.
constexpr walk_summary walk(const report_target_port_groups& r) noexcept
{
    walk_summary s;
    for (const target_port_group_descriptor group : r.target_port_groups()) {
        ++s.groups;
        s.group_sum += group.target_port_group();
        std::size_t ports = 0;
        for (const scsi::target_port_descriptor port : group.target_ports()) {
            ++ports;
            s.port_sum += port.relative_target_port_identifier();
        }
        if (ports != group.target_port_count()) return {}; // never: the list checked the count
        s.ports += ports;
    }
    s.status = r.target_port_groups().status();
    return s;
}

// Every field of the four-group example, whichever header carries it.
constexpr bool four_groups_decoded(const report_target_port_groups& r) noexcept
{
    const scsi::target_port_group_list groups = r.target_port_groups();
    const auto a = groups.at(0), b = groups.at(1), standby = groups.at(2), unavailable = groups.at(3);
    if (!a || !b || !standby || !unavailable || groups.at(4).error() != errc::not_found) return false;

    const bool a_ok = a->pref() && a->asymmetric_access_state() == asymmetric_access_state::active_optimized &&
                      a->t_sup() && !a->o_sup() && !a->lbd_sup() && a->u_sup() && a->s_sup() && a->an_sup() &&
                      a->ao_sup() && a->target_port_group() == 1 &&
                      a->status_code() == target_port_group_status_code::altered_by_implicit_behavior &&
                      a->vendor_specific() == 0 && a->target_port_count() == 2 && a->offset() == 0 &&
                      a->bytes().size() == 16 && a->contains(1) && a->contains(2) && !a->contains(3);
    const bool b_ok = !b->pref() && b->asymmetric_access_state() == asymmetric_access_state::active_non_optimized &&
                      b->target_port_group() == 2 && b->target_port_count() == 2 && b->offset() == 16 &&
                      b->contains(3) && b->contains(4);
    const bool standby_ok =
        standby->asymmetric_access_state() == asymmetric_access_state::standby && !standby->t_sup() &&
        standby->o_sup() && standby->target_port_group() == 0x100 &&
        standby->status_code() == target_port_group_status_code::altered_by_set_target_port_groups &&
        standby->vendor_specific() == 0x5A && standby->target_port_count() == 1 && standby->offset() == 32 &&
        standby->contains(5);
    const bool unavailable_ok =
        unavailable->asymmetric_access_state() == asymmetric_access_state::unavailable && unavailable->lbd_sup() &&
        unavailable->ao_sup() && !unavailable->u_sup() &&
        unavailable->supports(asymmetric_access_state::logical_block_dependent) &&
        !unavailable->supports(asymmetric_access_state::unavailable) && unavailable->target_port_group() == 0x8000 &&
        unavailable->status_code() == target_port_group_status_code::no_status && unavailable->offset() == 44 &&
        unavailable->contains(0x0106) && !unavailable->contains(0xABCD);
    const walk_summary s = walk(r);
    return a_ok && b_ok && standby_ok && unavailable_ok && s.groups == 4 && s.ports == 6 &&
           s.port_sum == 1 + 2 + 3 + 4 + 5 + 0x106 && s.group_sum == 1 + 2 + 0x100 + 0x8000 && s.status.ok() &&
           s.status.count == 4 && s.status.offset == 56;
}

// The lookups a path selector makes.
constexpr bool four_groups_lookups(const report_target_port_groups& r) noexcept
{
    return r.group_of(1)->target_port_group() == 1 && r.group_of(2)->target_port_group() == 1 &&
           r.group_of(3)->target_port_group() == 2 && r.group_of(4)->target_port_group() == 2 &&
           r.group_of(5)->target_port_group() == 0x100 && r.group_of(0x106)->target_port_group() == 0x8000 &&
           r.group_of(7).error() == errc::not_found && r.group_of(0).error() == errc::not_found &&
           *r.state_of(1) == asymmetric_access_state::active_optimized &&
           *r.state_of(2) == asymmetric_access_state::active_non_optimized &&
           *r.state_of(0x100) == asymmetric_access_state::standby &&
           *r.state_of(0x8000) == asymmetric_access_state::unavailable && r.state_of(3).error() == errc::not_found &&
           r.find_group(2)->offset() == 16 && r.find_group(0).error() == errc::not_found;
}

// Every prefix of `whole` (length-only when header is 4, extended when 8,
// with descriptors ending at `ends`) parses or fails as the truncation rule
// says, and lists exactly the descriptors it holds whole.
template <std::size_t E>
constexpr bool every_prefix_clean(byte_view whole, std::size_t header, const std::size_t (&ends)[E]) noexcept
{
    for (std::size_t n = 0; n <= whole.size(); ++n) {
        const auto r = parse(whole.first(n));
        if (n < 4) {
            if (r.error() != errc::too_short) return false;
            continue;
        }
        if (!r || r->required_allocation_length() != whole.size() || r->truncated() != (n < whole.size())) return false;
        // Cut to 4 bytes, the two formats cannot be told apart.
        const rtpg_header_format expected = n == 4        ? rtpg_header_format::undetermined
                                            : header == 8 ? rtpg_header_format::extended
                                                          : rtpg_header_format::length_only;
        if (r->header_format() != expected) return false;
        if (header == 8 && (r->implicit_transition_time().has_value() != (n >= 6))) return false;

        const std::size_t listed = n > header ? n - header : 0; // list bytes returned
        std::size_t whole_descriptors = 0;
        bool boundary = listed == 0;
        for (const std::size_t end : ends) {
            if (end <= listed) ++whole_descriptors;
            if (end == listed) boundary = true;
        }
        const mpio::list_status s = r->target_port_groups().status();
        if (s.count != whole_descriptors || s.ok() != boundary) return false;
        if (!s.ok()) {
            const std::size_t start = whole_descriptors == 0 ? 0 : ends[whole_descriptors - 1];
            const errc expected_error = listed - start < 8 ? errc::too_short : errc::descriptor_overrun;
            if (s.error != expected_error || s.offset != start) return false;
        }
        if (walk(*r).groups != whole_descriptors) return false;
    }
    return true;
}

std::vector<byte> load_target(const char* name)
{
    const mpio::hosted::input_bytes in = mpio::hosted::load_bytes(std::string(MPIO_TEST_DATA_DIR) + "/targets/" + name);
    INFO(name << ": " << in.error.reason);
    REQUIRE(in.ok);
    return in.bytes;
}

} // namespace

TEST_CASE("rtpg: length-only response with four groups", "[scsi][rtpg]")
{
    constexpr auto r = parse(four_groups);
    STATIC_REQUIRE(r.has_value());
    STATIC_REQUIRE(r->header_format() == rtpg_header_format::length_only);
    STATIC_REQUIRE(r->header_size() == 4);
    STATIC_REQUIRE(r->return_data_length() == 56);
    STATIC_REQUIRE(r->required_allocation_length() == 60);
    STATIC_REQUIRE(!r->truncated());
    STATIC_REQUIRE(r->target_port_group_descriptor_bytes().size() == 56);
    STATIC_REQUIRE(r->target_port_group_descriptor_bytes().data() == four_groups + 4);
    STATIC_REQUIRE(r->implicit_transition_time().error() == errc::unsupported_format);
    STATIC_REQUIRE(four_groups_decoded(*r));
    STATIC_REQUIRE(four_groups_lookups(*r));
    // The caller that asked for the length-only format gets the same.
    constexpr auto explicit_length_only =
        scsi::parse_report_target_port_groups(four_groups, rtpg_parameter_data_format::length_only);
    STATIC_REQUIRE(explicit_length_only->header_format() == rtpg_header_format::length_only);
    STATIC_REQUIRE(four_groups_decoded(*explicit_length_only));
}

TEST_CASE("rtpg: extended header with the same four groups", "[scsi][rtpg]")
{
    constexpr auto r = parse(four_groups_extended.view());
    STATIC_REQUIRE(r.has_value());
    STATIC_REQUIRE(r->header_format() == rtpg_header_format::extended);
    STATIC_REQUIRE(r->header_size() == 8);
    STATIC_REQUIRE(r->return_data_length() == 60);
    STATIC_REQUIRE(r->required_allocation_length() == 64);
    STATIC_REQUIRE(*r->implicit_transition_time() == 60);
    STATIC_REQUIRE(r->target_port_group_descriptor_bytes().data() == four_groups_extended.data + 8);
    STATIC_REQUIRE(four_groups_decoded(*r));
    STATIC_REQUIRE(four_groups_lookups(*r));
    constexpr auto requested =
        scsi::parse_report_target_port_groups(four_groups_extended.view(), rtpg_parameter_data_format::extended_header);
    STATIC_REQUIRE(requested->header_format() == rtpg_header_format::extended);
    STATIC_REQUIRE(four_groups_decoded(*requested));
    // An IMPLICIT TRANSITION TIME of 0 ("not specified") is a value too.
    static constexpr byte no_time[] = {0x00, 0x00, 0x00, 0x04, 0x10, 0x00, 0x00, 0x00};
    STATIC_REQUIRE(*parse(no_time)->implicit_transition_time() == 0);
    STATIC_REQUIRE(parse(no_time)->target_port_groups().begin() == parse(no_time)->target_port_groups().end());
}

TEST_CASE("rtpg: every prefix of both formats parses or fails cleanly", "[scsi][rtpg]")
{
    STATIC_REQUIRE(every_prefix_clean(byte_view(four_groups), 4, four_groups_ends));
    STATIC_REQUIRE(every_prefix_clean(four_groups_extended.view(), 8, four_groups_ends));

    // The same rule through the shared helper, with the lookups: a group is
    // found only once its descriptor is whole, and before that the lookup
    // reports why the walk stopped.
    mpio_test::every_prefix(four_groups_extended.view(), 4, parse,
                            [](const report_target_port_groups& r, std::size_t n) {
                                const bool group_b_whole = n >= 8 + 32;
                                const auto b = r.group_of(4);
                                REQUIRE(b.has_value() == group_b_whole);
                                if (!group_b_whole && n > 8 + 16 && n != 8 + 32) {
                                    CHECK((b.error() == errc::too_short || b.error() == errc::descriptor_overrun));
                                }
                                REQUIRE(r.state_of(1).has_value() == (n >= 8 + 16));
                            });
}

TEST_CASE("rtpg: a port count that overruns the data stops the list at that group", "[scsi][rtpg]")
{
    // The third group claims 3 ports, only one is there: no phantom ports.
    static constexpr byte overrun[] = {
        0x00, 0x00, 0x00, 0x2C,                                                                         //
        0x80, 0x0F, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, // TPG 1
        0x01, 0x0F, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, // TPG 2
        0x02, 0x0F, 0x00, 0x03, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05,                         // TPG 3: 3?
    };
    constexpr auto r = parse(overrun);
    STATIC_REQUIRE(r.has_value());
    STATIC_REQUIRE(!r->truncated());
    STATIC_REQUIRE(r->target_port_groups().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(r->target_port_groups().status().offset == 32);
    STATIC_REQUIRE(r->target_port_groups().status().count == 2);
    STATIC_REQUIRE(walk(*r).groups == 2);
    STATIC_REQUIRE(walk(*r).ports == 4);
    // The groups before it stay usable; what is behind it is not guessed.
    STATIC_REQUIRE(r->group_of(4)->target_port_group() == 2);
    STATIC_REQUIRE(*r->state_of(1) == asymmetric_access_state::active_optimized);
    STATIC_REQUIRE(r->group_of(5).error() == errc::descriptor_overrun);
    STATIC_REQUIRE(r->state_of(3).error() == errc::descriptor_overrun);
    STATIC_REQUIRE(r->find_group(9).error() == errc::descriptor_overrun);

    // Ports past RETURN DATA LENGTH do not count, even when the buffer has them.
    static constexpr byte stale[] = {0x00, 0x00, 0x00, 0x0C, 0x00, 0x0F, 0x00, 0x07, 0x00, 0x00,
                                     0x00, 0x02, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x0A};
    STATIC_REQUIRE(parse(stale)->target_port_groups().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(parse(stale)->group_of(9).error() == errc::descriptor_overrun);
    STATIC_REQUIRE(!parse(stale)->truncated());

    // A fragment shorter than a descriptor header after the last group.
    static constexpr byte fragment[] = {0x00, 0x00, 0x00, 0x0F, 0x00, 0x0F, 0x00, 0x07, 0x00, 0x00,
                                        0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0x00, 0x0F, 0x00};
    STATIC_REQUIRE(parse(fragment)->target_port_groups().status().error == errc::too_short);
    STATIC_REQUIRE(parse(fragment)->target_port_groups().status().count == 1);
    STATIC_REQUIRE(parse(fragment)->group_of(9)->target_port_group() == 7);
    STATIC_REQUIRE(parse(fragment)->group_of(8).error() == errc::too_short);

    // TARGET PORT COUNT 255 (the largest) in a short response.
    static constexpr byte count_255[] = {0x00, 0x00, 0x00, 0x0C, 0x00, 0x0F, 0x00, 0x07,
                                         0x00, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x01};
    STATIC_REQUIRE(parse(count_255)->target_port_groups().status().error == errc::descriptor_overrun);
    STATIC_REQUIRE(parse(count_255)->target_port_groups().status().count == 0);
}

TEST_CASE("rtpg: a group without ports, and an empty list", "[scsi][rtpg]")
{
    static constexpr byte no_ports[] = {0x00, 0x00, 0x00, 0x08, 0x0E, 0x40, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00};
    constexpr auto r = parse(no_ports);
    STATIC_REQUIRE(r->target_port_groups().status().ok());
    STATIC_REQUIRE(r->target_port_groups().status().count == 1);
    STATIC_REQUIRE(*r->state_of(9) == asymmetric_access_state::offline);
    STATIC_REQUIRE(r->find_group(9)->supports(asymmetric_access_state::offline));
    STATIC_REQUIRE(r->find_group(9)->target_ports().begin() == r->find_group(9)->target_ports().end());
    STATIC_REQUIRE(r->group_of(1).error() == errc::not_found);

    // RETURN DATA LENGTH 0: an empty length-only response, whatever follows
    // in the buffer (here bytes that would read as FORMAT TYPE 001b).
    static constexpr byte empty[] = {0x00, 0x00, 0x00, 0x00};
    static constexpr byte empty_stale[] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x3C, 0x00, 0x00};
    STATIC_REQUIRE(parse(empty)->header_format() == rtpg_header_format::length_only);
    STATIC_REQUIRE(!parse(empty)->truncated());
    STATIC_REQUIRE(parse(empty)->target_port_groups().status().ok());
    STATIC_REQUIRE(parse(empty)->target_port_groups().status().count == 0);
    STATIC_REQUIRE(parse(empty)->state_of(0).error() == errc::not_found);
    STATIC_REQUIRE(parse(empty_stale)->header_format() == rtpg_header_format::length_only);
    STATIC_REQUIRE(parse(empty_stale)->target_port_group_descriptor_bytes().empty());
}

TEST_CASE("rtpg: reserved states and status codes are kept and reported", "[scsi][rtpg]")
{
    static constexpr byte reserved[] = {0x00, 0x00, 0x00, 0x18, 0x07, 0xFF, 0x00, 0x01, 0xFF, 0x03,
                                        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x8D, 0x00, 0x00, 0x02,
                                        0x00, 0xFE, 0xEE, 0x01, 0x00, 0x00, 0x00, 0x02};
    constexpr auto r = parse(reserved);
    STATIC_REQUIRE(r->target_port_groups().status().ok());
    STATIC_REQUIRE(r->target_port_groups().status().count == 2);
    STATIC_REQUIRE(static_cast<unsigned>(*r->state_of(1)) == 0x7);
    STATIC_REQUIRE(scsi::is_reserved(*r->state_of(1)));
    STATIC_REQUIRE(static_cast<unsigned>(*r->state_of(2)) == 0xD);
    STATIC_REQUIRE(r->find_group(2)->pref());
    STATIC_REQUIRE(static_cast<unsigned>(r->find_group(1)->status_code()) == 0x03);
    STATIC_REQUIRE(static_cast<unsigned>(r->find_group(2)->status_code()) == 0xFE);
    STATIC_REQUIRE(r->find_group(2)->vendor_specific() == 0xEE);
    // Every SUP bit set (reserved bit 5 too): every named state supported,
    // reserved ones never; the reserved byte 4 is ignored.
    STATIC_REQUIRE(r->find_group(1)->t_sup() && r->find_group(1)->o_sup() && r->find_group(1)->lbd_sup());
    STATIC_REQUIRE(r->find_group(1)->supports(asymmetric_access_state::transitioning));
    STATIC_REQUIRE(!r->find_group(1)->supports(*r->state_of(1)));
    STATIC_REQUIRE(!r->find_group(2)->supports(asymmetric_access_state::active_optimized));

    REQUIRE(std::string(scsi::to_string(*r->state_of(1))) == "reserved");
    REQUIRE(std::string(scsi::to_string(r->find_group(1)->status_code())) == "reserved");
    REQUIRE(std::string(scsi::to_string(target_port_group_status_code::no_status)) == "no status available");
    REQUIRE(std::string(scsi::to_string(target_port_group_status_code::altered_by_set_target_port_groups)) ==
            "target port asymmetric access state altered by SET TARGET PORT GROUPS command");
    REQUIRE(std::string(scsi::to_string(target_port_group_status_code::altered_by_implicit_behavior)) ==
            "target port asymmetric access state altered by implicit asymmetric logical unit access behavior");
    REQUIRE(std::string(scsi::to_string(rtpg_header_format::length_only)) == "length only");
    REQUIRE(std::string(scsi::to_string(rtpg_header_format::extended)) == "extended header");
    REQUIRE(std::string(scsi::to_string(rtpg_header_format::undetermined)) == "undetermined");
}

TEST_CASE("rtpg: byte 4 is FORMAT TYPE or the first descriptor's state byte", "[scsi][rtpg]")
{
    // Length-only, first group preferred and transitioning: 8Fh. PREF and the
    // state are outside FORMAT TYPE (bits 6..4), which reads 000b.
    static constexpr byte preferred_transitioning[] = {0x00, 0x00, 0x00, 0x0C, 0x8F, 0x80, 0x00, 0x01,
                                                       0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01};
    STATIC_REQUIRE(parse(preferred_transitioning)->header_format() == rtpg_header_format::length_only);
    STATIC_REQUIRE(*parse(preferred_transitioning)->state_of(1) == asymmetric_access_state::transitioning);

    // A length-only response whose first descriptor sets reserved bit 4 of
    // byte 0 (91h): auto-detection has no way to know it is not an extended
    // header with IMPLICIT TRANSITION TIME 80h, and decodes it as one. The
    // caller that knows it asked for the length-only format says so, and
    // byte 4 is then never read as FORMAT TYPE.
    static constexpr byte reserved_bit_set[] = {0x00, 0x00, 0x00, 0x0C, 0x91, 0x80, 0x00, 0x01,
                                                0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01};
    constexpr auto guessed = parse(reserved_bit_set);
    STATIC_REQUIRE(guessed->header_format() == rtpg_header_format::extended);
    STATIC_REQUIRE(*guessed->implicit_transition_time() == 0x80);
    constexpr auto told =
        scsi::parse_report_target_port_groups(reserved_bit_set, rtpg_parameter_data_format::length_only);
    STATIC_REQUIRE(told->header_format() == rtpg_header_format::length_only);
    STATIC_REQUIRE(*told->state_of(1) == asymmetric_access_state::active_non_optimized);
    STATIC_REQUIRE(told->find_group(1)->pref());
    STATIC_REQUIRE(told->group_of(1)->target_port_group() == 1);

    // Bits 6..4 = 010b..111b: a reserved FORMAT TYPE, refused when byte 4
    // decides, decoded as a descriptor when the caller asked for length-only.
    for (unsigned format_type = 2; format_type <= 7; ++format_type) {
        CAPTURE(format_type);
        byte bytes[sizeof preferred_transitioning];
        for (std::size_t i = 0; i < sizeof bytes; ++i) bytes[i] = preferred_transitioning[i];
        bytes[4] = static_cast<byte>(format_type << 4 | 0x2);
        REQUIRE(parse(bytes).error() == errc::unsupported_format);
        REQUIRE(scsi::parse_report_target_port_groups(bytes, rtpg_parameter_data_format::extended_header).error() ==
                errc::unsupported_format);
        const auto length_only = scsi::parse_report_target_port_groups(bytes, rtpg_parameter_data_format::length_only);
        REQUIRE(length_only.has_value());
        REQUIRE(*length_only->state_of(1) == asymmetric_access_state::standby);
    }

    // An extended header whose RETURN DATA LENGTH does not even cover its
    // own bytes 4..7.
    for (byte rdl = 1; rdl < 4; ++rdl) {
        const byte bytes[] = {0x00, 0x00, 0x00, rdl, 0x10, 0x00, 0x00, 0x00};
        REQUIRE(parse(bytes).error() == errc::length_mismatch);
        // Read as length-only it is a list with a fragment of a descriptor.
        const auto length_only = scsi::parse_report_target_port_groups(bytes, rtpg_parameter_data_format::length_only);
        REQUIRE(length_only->target_port_groups().status().error == errc::too_short);
    }

    // Cut to 4 bytes, an extended response's format cannot be seen.
    constexpr auto cut = parse(four_groups_extended.view().first(4));
    STATIC_REQUIRE(cut->header_format() == rtpg_header_format::undetermined);
    STATIC_REQUIRE(cut->truncated());
    STATIC_REQUIRE(cut->required_allocation_length() == 64);
    STATIC_REQUIRE(cut->implicit_transition_time().error() == errc::too_short);
    STATIC_REQUIRE(cut->target_port_group_descriptor_bytes().empty());
    STATIC_REQUIRE(cut->state_of(1).error() == errc::not_found);
    // ... unless the caller says it asked for the length-only format.
    STATIC_REQUIRE(scsi::parse_report_target_port_groups(four_groups_extended.view().first(4),
                                                         rtpg_parameter_data_format::length_only)
                       ->header_format() == rtpg_header_format::length_only);
}

TEST_CASE("rtpg: argument and length errors", "[scsi][rtpg]")
{
    STATIC_REQUIRE(parse(byte_view()).error() == errc::too_short);
    STATIC_REQUIRE(parse(byte_view(four_groups).first(3)).error() == errc::too_short);
    for (unsigned code = 2; code <= 0xFF; ++code) {
        CAPTURE(code);
        REQUIRE(
            scsi::parse_report_target_port_groups(four_groups, static_cast<rtpg_parameter_data_format>(code)).error() ==
            errc::invalid_argument);
    }
    // The argument is checked first, even on an empty buffer.
    STATIC_REQUIRE(
        scsi::parse_report_target_port_groups(byte_view(), static_cast<rtpg_parameter_data_format>(2)).error() ==
        errc::invalid_argument);

    // The largest RETURN DATA LENGTH: truncated, and the allocation length
    // needed does not wrap around.
    static constexpr byte huge[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0x05, 0x00, 0x00, 0x80, 0x0F, 0x00, 0x01};
    constexpr auto r = parse(huge);
    STATIC_REQUIRE(r->header_format() == rtpg_header_format::extended);
    STATIC_REQUIRE(r->truncated());
    STATIC_REQUIRE(r->return_data_length() == 0xFFFFFFFFu);
    // 1'0000'0003h on 64-bit targets, SIZE_MAX where size_t has 32 bits.
    constexpr std::uint64_t needed = 0x1'0000'0003;
    constexpr std::size_t size_max = static_cast<std::size_t>(-1);
    STATIC_REQUIRE(r->required_allocation_length() ==
                   (needed > size_max ? size_max : static_cast<std::size_t>(needed)));
    STATIC_REQUIRE(r->target_port_groups().status().error == errc::too_short);
}

TEST_CASE("rtpg: a default view is an empty length-only response", "[scsi][rtpg]")
{
    constexpr report_target_port_groups r;
    STATIC_REQUIRE(r.header_format() == rtpg_header_format::length_only);
    STATIC_REQUIRE(r.return_data_length() == 0);
    STATIC_REQUIRE(r.target_port_groups().status().ok());
    STATIC_REQUIRE(r.group_of(1).error() == errc::not_found);
    constexpr target_port_group_descriptor d;
    STATIC_REQUIRE(d.target_port_count() == 0);
    STATIC_REQUIRE(d.target_ports().begin() == d.target_ports().end());
}

TEST_CASE("rtpg: istgt, fresh target, length-only format", "[scsi][rtpg][targets]")
{
    const std::vector<byte> bytes = load_target("istgt_rtpg.hex");
    REQUIRE(bytes.size() == 28);
    const auto r = parse(view(bytes));
    REQUIRE(r.has_value());
    CHECK(r->header_format() == rtpg_header_format::length_only);
    CHECK(r->return_data_length() == 24);
    CHECK(!r->truncated());
    CHECK(r->implicit_transition_time().error() == errc::unsupported_format);
    const mpio::list_status s = r->target_port_groups().status();
    CHECK(s.ok());
    CHECK(s.count == 2);
    // One group per portal group, one port each, both active/optimized and
    // preferred, supporting A/O and A/N-O; implicit ALUA set the states.
    for (std::uint16_t tpg = 1; tpg <= 2; ++tpg) {
        CAPTURE(tpg);
        const auto g = r->find_group(tpg);
        REQUIRE(g.has_value());
        CHECK(g->pref());
        CHECK(g->asymmetric_access_state() == asymmetric_access_state::active_optimized);
        CHECK(g->ao_sup());
        CHECK(g->an_sup());
        CHECK(!g->s_sup());
        CHECK(!g->u_sup());
        CHECK(!g->lbd_sup());
        CHECK(!g->o_sup());
        CHECK(!g->t_sup());
        CHECK(g->status_code() == target_port_group_status_code::altered_by_implicit_behavior);
        CHECK(g->target_port_count() == 1);
        CHECK(r->group_of(tpg)->target_port_group() == tpg); // relative port n is in group n
    }
    CHECK(r->group_of(3).error() == errc::not_found);
    mpio_test::every_prefix(view(bytes), 4, parse, [&](const report_target_port_groups& p, std::size_t n) {
        CHECK(p.truncated() == (n < bytes.size()));
        CHECK(p.header_format() == (n == 4 ? rtpg_header_format::undetermined : rtpg_header_format::length_only));
        CHECK(p.target_port_groups().status().count == (n >= 28 ? 2u : n >= 16 ? 1u : 0u));
    });
}

TEST_CASE("rtpg: istgt ignores a request for the extended header", "[scsi][rtpg][targets]")
{
    const std::vector<byte> bytes = load_target("istgt_rtpg_extended_requested.hex");
    // The CDB asked for 001b; the data is in the length-only format, and the
    // decision made from FORMAT TYPE finds it.
    const auto r = scsi::parse_report_target_port_groups(view(bytes), rtpg_parameter_data_format::extended_header);
    REQUIRE(r.has_value());
    CHECK(r->header_format() == rtpg_header_format::length_only);
    CHECK(r->implicit_transition_time().error() == errc::unsupported_format);
    CHECK(r->target_port_groups().status().count == 2);
    CHECK(view(bytes) == view(load_target("istgt_rtpg.hex")));
}

TEST_CASE("rtpg: istgt after SET TARGET PORT GROUPS", "[scsi][rtpg][targets]")
{
    const std::vector<byte> bytes = load_target("istgt_rtpg_after_stpg.hex");
    const auto r = parse(view(bytes));
    REQUIRE(r.has_value());
    CHECK(r->target_port_groups().status().ok());
    CHECK(*r->state_of(1) == asymmetric_access_state::active_optimized);
    CHECK(*r->state_of(2) == asymmetric_access_state::active_non_optimized);
    CHECK(r->find_group(1)->status_code() == target_port_group_status_code::altered_by_implicit_behavior);
    CHECK(r->find_group(2)->status_code() == target_port_group_status_code::altered_by_set_target_port_groups);
    CHECK(r->group_of(2)->asymmetric_access_state() == asymmetric_access_state::active_non_optimized);
    CHECK(r->find_group(2)->pref()); // istgt keeps PREF on both groups
}

TEST_CASE("rtpg: istgt with an allocation length of 12", "[scsi][rtpg][targets]")
{
    const std::vector<byte> bytes = load_target("istgt_rtpg_allocation_length_12.hex");
    REQUIRE(bytes.size() == 12);
    const auto r = parse(view(bytes));
    REQUIRE(r.has_value());
    CHECK(r->truncated());
    CHECK(r->required_allocation_length() == 28);
    // The first descriptor's port is missing: it is not listed at all.
    const mpio::list_status s = r->target_port_groups().status();
    CHECK(s.error == errc::descriptor_overrun);
    CHECK(s.count == 0);
    CHECK(r->state_of(1).error() == errc::descriptor_overrun);
    // Re-issued with the length it asked for, the whole response parses.
    const std::vector<byte> whole = load_target("istgt_rtpg_after_stpg.hex");
    REQUIRE(whole.size() == r->required_allocation_length());
    CHECK(view(whole).first(12) == view(bytes));
}

} // namespace test_scsi_report_target_port_groups_test
