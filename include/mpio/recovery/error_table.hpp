// mpio/recovery/error_table.hpp - interpretation tables: from an
// error_condition to a decision, as a replaceable policy.
//
// A table is a list of rows; the first row that matches decides. A row
// matches one of:
//   - a transport outcome (timeout, connection lost, ...);
//   - a SCSI status delivered without sense data (GOOD, BUSY, ...; CHECK
//     CONDITION here means "CHECK CONDITION and no usable sense data");
//   - deferred sense data (71h / 73h), whatever its key;
//   - current sense data: the SENSE KEY, optionally the ASC, optionally the
//     ASCQ (or an ASC/ASCQ pair under any sense key).
// Each row carries two decisions: the usual one, and the one to take when no
// other usable path exists (`alone`). Only the ALUA rows differ: MSDSM's
// standby rule (retry elsewhere without decrementing only "if an active path
// exists") is exactly that.
//
// A table is a type with a `find(condition)` returning the matching row or
// nullptr (the concept error_table). table_rows<...> makes one from a
// constexpr array; chained_table<Vendor, Default> asks the vendor's table
// first and falls back to the default, which is how a vendor replaces or
// extends rows without copying the rest. interpret<Table>() turns the row
// into the decision, with a fail-up default when no row matches.
#ifndef MPIO_RECOVERY_ERROR_TABLE_HPP
#define MPIO_RECOVERY_ERROR_TABLE_HPP

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <mpio/recovery/action.hpp>
#include <mpio/recovery/io_outcome.hpp>
#include <mpio/scsi/sense_key.hpp>

// Each row names its source (a log can print it; docs/recovery.md lists
// them). The texts of the default tables take about 3.7 KB of read-only
// data; a firmware build that has no use for them defines
// MPIO_RECOVERY_ROW_SOURCES to 0 and every source becomes "".
#ifndef MPIO_RECOVERY_ROW_SOURCES
#define MPIO_RECOVERY_ROW_SOURCES 1
#endif

namespace mpio::recovery {

enum class match_on : std::uint8_t {
    transport,        // row.transport
    status,           // row.status, delivered, no usable sense data
    deferred_sense,   // deferred sense data, any key
    sense_key,        // row.key, any ASC/ASCQ
    sense_key_asc,    // row.key + row.asc, any ASCQ
    sense_key_asc_ascq, // row.key + row.asc + row.ascq
};

struct table_row {
    match_on on = match_on::status;
    transport_outcome transport = transport_outcome::ok;
    scsi_status status = scsi_status::good;
    scsi::sense_key key = scsi::sense_key::no_sense;
    std::uint8_t asc = 0;
    std::uint8_t ascq = 0;
    decision usual{};
    decision alone{}; // when no other usable path exists
    const char* source = ""; // where the behaviour comes from (docs/recovery.md)

    [[nodiscard]] constexpr bool matches(const error_condition& c) const noexcept
    {
        if (on == match_on::transport) return c.transport == transport;
        if (c.transport != transport_outcome::ok) return false;
        const bool sense = c.status == scsi_status::check_condition && c.has_sense;
        switch (on) {
        case match_on::transport: return false;
        case match_on::status: return !sense && c.status == status;
        case match_on::deferred_sense: return sense && c.deferred;
        case match_on::sense_key: return sense && !c.deferred && c.key == key;
        case match_on::sense_key_asc: return sense && !c.deferred && c.has_asc_ascq && c.key == key && c.asc == asc;
        case match_on::sense_key_asc_ascq:
            return sense && !c.deferred && c.has_asc_ascq && c.key == key && c.asc == asc && c.ascq == ascq;
        }
        return false;
    }
};

// Row builders, so tables read like the documentation.
namespace row {
[[nodiscard]] constexpr table_row on_transport(transport_outcome t, decision d, const char* src) noexcept
{
    table_row r;
    r.on = match_on::transport;
    r.transport = t;
    r.usual = r.alone = d;
    r.source = MPIO_RECOVERY_ROW_SOURCES ? src : "";
    return r;
}
[[nodiscard]] constexpr table_row on_status(scsi_status s, decision d, const char* src) noexcept
{
    table_row r;
    r.on = match_on::status;
    r.status = s;
    r.usual = r.alone = d;
    r.source = MPIO_RECOVERY_ROW_SOURCES ? src : "";
    return r;
}
[[nodiscard]] constexpr table_row on_deferred(decision d, const char* src) noexcept
{
    table_row r;
    r.on = match_on::deferred_sense;
    r.usual = r.alone = d;
    r.source = MPIO_RECOVERY_ROW_SOURCES ? src : "";
    return r;
}
[[nodiscard]] constexpr table_row on_key(scsi::sense_key k, decision d, const char* src) noexcept
{
    table_row r;
    r.on = match_on::sense_key;
    r.key = k;
    r.usual = r.alone = d;
    r.source = MPIO_RECOVERY_ROW_SOURCES ? src : "";
    return r;
}
[[nodiscard]] constexpr table_row on_asc(scsi::sense_key k, std::uint8_t asc, decision d, const char* src) noexcept
{
    table_row r = on_key(k, d, src);
    r.on = match_on::sense_key_asc;
    r.asc = asc;
    return r;
}
[[nodiscard]] constexpr table_row on_sense(scsi::sense_key k, std::uint8_t asc, std::uint8_t ascq, decision d,
                                           const char* src) noexcept
{
    table_row r = on_asc(k, asc, d, src);
    r.on = match_on::sense_key_asc_ascq;
    r.ascq = ascq;
    return r;
}
// The same row with a different decision when no other usable path exists.
[[nodiscard]] constexpr table_row when_alone(table_row r, decision alone) noexcept
{
    r.alone = alone;
    return r;
}
} // namespace row

// First matching row of rows[0..n), or nullptr.
[[nodiscard]] constexpr const table_row* find_row(const table_row* rows, std::size_t n,
                                                  const error_condition& c) noexcept
{
    for (std::size_t i = 0; i < n; ++i)
        if (rows[i].matches(c)) return &rows[i];
    return nullptr;
}

// A table: a type whose static find() returns the matching row or nullptr.
template <class T>
concept error_table = requires(const error_condition& c) {
    { T::find(c) } noexcept -> std::same_as<const table_row*>;
};

namespace detail {
// Keys of the ASC/ASCQ hash below: a (key, ASC) pair and a (key, ASC, ASCQ)
// triple. Never 0 (0 marks an empty entry).
[[nodiscard]] constexpr std::uint32_t asc_code(scsi::sense_key k, std::uint8_t asc) noexcept
{
    return 1u << 24 | std::uint32_t{static_cast<std::uint8_t>(k)} << 16 | std::uint32_t{asc} << 8;
}
[[nodiscard]] constexpr std::uint32_t ascq_code(scsi::sense_key k, std::uint8_t asc, std::uint8_t ascq) noexcept
{
    return 2u << 24 | std::uint32_t{static_cast<std::uint8_t>(k)} << 16 | std::uint32_t{asc} << 8 | ascq;
}
} // namespace detail

// A table over a constexpr array `Rows` (a `static constexpr table_row rows[]`
// of a struct, passed by reference). The rows stay the data; what find()
// reads is an index computed from them at compile time, holding for every
// value a condition can be looked up by the row a first-match walk over the
// whole table finds for it (so first-match semantics are exact by
// construction, and tests/recovery/default_tables_test.cpp checks it):
//   - transport outcome, status without sense data, sense key without
//     ASC/ASCQ: arrays indexed by the value (up to the largest value any row
//     names; larger values match no row);
//   - deferred sense data: one row;
//   - current sense data with ASC/ASCQ: an open-addressing hash of every
//     (key, ASC) any row names, which holds the answer for "an ASCQ no row
//     names" and whether any row names an ASCQ under that ASC, in which case
//     a second hash entry per (key, ASC, ASCQ) holds its answer; a (key, ASC)
//     no row names falls back to the sense key array.
// The multiplier of the hash is chosen at compile time so that, for the
// default table, every probe hits its slot at once. An error completion costs
// a few loads and compares, not a walk: bench/recovery_bench.cpp measures it
// against a hand-written MSDSM-style switch.
template <const auto& Rows>
struct table_rows {
    static constexpr std::size_t size = sizeof(Rows) / sizeof(Rows[0]);
    static_assert(size < 0x7FFF, "table_rows: at most 32766 rows");

    // Row number + 1; 0 = no row.
    using row_ref = std::uint16_t;

private:
    [[nodiscard]] static constexpr row_ref walk(const error_condition& c) noexcept
    {
        const table_row* r = find_row(Rows, size, c);
        return r == nullptr ? row_ref{0} : static_cast<row_ref>(r - Rows + 1);
    }
    [[nodiscard]] static constexpr error_condition sense(scsi::sense_key k, bool with_asc, std::uint8_t asc,
                                                         std::uint8_t ascq) noexcept
    {
        error_condition c = error_condition::check_condition(k, asc, ascq);
        c.has_asc_ascq = with_asc;
        return c;
    }
    // 1 + the largest value rows of kind `on` name (0 when there is none).
    [[nodiscard]] static constexpr std::size_t extent(match_on on) noexcept
    {
        std::size_t e = 0;
        for (std::size_t i = 0; i < size; ++i) {
            if (Rows[i].on != on) continue;
            const std::size_t v = on == match_on::transport ? static_cast<std::size_t>(Rows[i].transport)
                                  : on == match_on::status  ? static_cast<std::size_t>(Rows[i].status)
                                                            : static_cast<std::size_t>(Rows[i].key);
            if (v + 1 > e) e = v + 1;
        }
        return e;
    }
    // A row on transport_outcome::ok matches every delivered command: the
    // index cannot express it, such a table is walked.
    [[nodiscard]] static constexpr bool indexable() noexcept
    {
        for (std::size_t i = 0; i < size; ++i)
            if (Rows[i].on == match_on::transport && Rows[i].transport == transport_outcome::ok) return false;
        return true;
    }

public:
    static constexpr bool indexed = indexable();
    static constexpr std::size_t transport_extent = extent(match_on::transport);
    static constexpr std::size_t status_extent = extent(match_on::status);
    static constexpr std::size_t key_extent = extent(match_on::sense_key);
    // At most one (key, ASC) and one (key, ASC, ASCQ) entry per row, entry 0
    // empty; twice as many slots, so a probe ends at an empty slot.
    static constexpr std::size_t max_entries = 2 * size + 1;
    static constexpr std::size_t slot_count = std::bit_ceil(2 * max_entries);

    struct hash_entry {
        std::uint32_t code = 0;   // detail::asc_code / ascq_code; 0: empty
        row_ref row = 0;          // the answer
        bool ascq_rows = false;   // (key, ASC) entry: some row names an ASCQ under it
    };
    using slot_type = std::conditional_t<(max_entries <= 0xFF), std::uint8_t, std::uint16_t>;

    struct lookup_index {
        row_ref transport[transport_extent + 1]{};
        row_ref status[status_extent + 1]{};
        row_ref key[key_extent + 1]{};
        row_ref deferred = 0;
        hash_entry entries[max_entries]{};
        std::size_t entry_count = 1;
        slot_type slots[slot_count]{}; // entry numbers; 0: empty
        std::uint32_t multiplier = 0;
        std::size_t longest_probe = 0; // extra slots the worst probe looks at
    };

    [[nodiscard]] static constexpr std::size_t slot_of(std::uint32_t code, std::uint32_t multiplier) noexcept
    {
        return static_cast<std::size_t>(static_cast<std::uint32_t>(code * multiplier) >>
                                        (32 - std::countr_zero(slot_count)));
    }

    static constexpr lookup_index index = [] {
        lookup_index x;
        for (std::size_t v = 0; v < transport_extent; ++v)
            x.transport[v] = walk(error_condition::transport_error(static_cast<transport_outcome>(v)));
        for (std::size_t v = 0; v < status_extent; ++v)
            x.status[v] = walk(error_condition::with_status(static_cast<scsi_status>(v)));
        for (std::size_t v = 0; v < key_extent; ++v)
            x.key[v] = walk(sense(static_cast<scsi::sense_key>(v), false, 0, 0));
        x.deferred = walk(error_condition::check_condition(scsi::sense_key::no_sense, 0, 0, true));
        // Entries, in row order, without duplicates.
        auto add = [&x](std::uint32_t code) -> hash_entry* {
            for (std::size_t e = 1; e < x.entry_count; ++e)
                if (x.entries[e].code == code) return nullptr;
            x.entries[x.entry_count].code = code;
            return &x.entries[x.entry_count++];
        };
        for (std::size_t i = 0; i < size; ++i) {
            const table_row& r = Rows[i];
            if (r.on != match_on::sense_key_asc && r.on != match_on::sense_key_asc_ascq) continue;
            if (hash_entry* e = add(detail::asc_code(r.key, r.asc))) {
                // The answer for an ASCQ no row names under this ASC.
                bool named[256]{};
                for (std::size_t j = 0; j < size; ++j)
                    if (Rows[j].on == match_on::sense_key_asc_ascq && Rows[j].key == r.key && Rows[j].asc == r.asc)
                        named[Rows[j].ascq] = e->ascq_rows = true;
                std::size_t free = 0;
                while (free < 255 && named[free]) ++free;
                e->row = walk(sense(r.key, true, r.asc, static_cast<std::uint8_t>(free)));
            }
            if (r.on == match_on::sense_key_asc_ascq)
                if (hash_entry* e = add(detail::ascq_code(r.key, r.asc, r.ascq)))
                    e->row = walk(sense(r.key, true, r.asc, r.ascq));
        }
        // The multiplier: the first of a fixed sequence that places every
        // entry in its own slot, else the one with the shortest longest probe.
        std::size_t best_probe = slot_count;
        for (std::uint32_t t = 0; t < 4096 && best_probe != 0; ++t) {
            const std::uint32_t m = (0x9E3779B9u + t * 0x6A09E668u) | 1u;
            slot_type slots[slot_count]{};
            std::size_t longest = 0;
            for (std::size_t e = 1; e < x.entry_count; ++e) {
                std::size_t h = slot_of(x.entries[e].code, m), probe = 0;
                while (slots[h] != 0) {
                    h = (h + 1) & (slot_count - 1);
                    ++probe;
                }
                slots[h] = static_cast<slot_type>(e);
                if (probe > longest) longest = probe;
            }
            if (longest < best_probe) {
                best_probe = longest;
                x.multiplier = m;
                x.longest_probe = longest;
                for (std::size_t h = 0; h < slot_count; ++h) x.slots[h] = slots[h];
            }
        }
        return x;
    }();

private:
    [[nodiscard]] static constexpr const table_row* at(row_ref r) noexcept
    {
        return r == 0 ? nullptr : &Rows[r - 1];
    }
    // The entry for `code`, or the empty entry 0.
    [[nodiscard]] static constexpr const hash_entry& probe(std::uint32_t code) noexcept
    {
        std::size_t h = slot_of(code, index.multiplier);
        for (;;) { // ends: at most half the slots are used
            const hash_entry& e = index.entries[index.slots[h]];
            if (e.code == code || e.code == 0) return e;
            h = (h + 1) & (slot_count - 1);
        }
    }

public:
    [[nodiscard]] static constexpr const table_row* find(const error_condition& c) noexcept
    {
        if constexpr (!indexed) {
            return find_row(Rows, size, c);
        } else {
            if (c.transport != transport_outcome::ok) {
                const auto t = static_cast<std::size_t>(c.transport);
                return t < transport_extent ? at(index.transport[t]) : nullptr;
            }
            if (c.status != scsi_status::check_condition || !c.has_sense) {
                const auto s = static_cast<std::size_t>(c.status);
                return s < status_extent ? at(index.status[s]) : nullptr;
            }
            if (c.deferred) return at(index.deferred);
            if (c.has_asc_ascq) {
                const std::uint32_t code = detail::asc_code(c.key, c.asc);
                const hash_entry& a = probe(code);
                if (a.code == code) {
                    if (a.ascq_rows) {
                        const std::uint32_t code_q = detail::ascq_code(c.key, c.asc, c.ascq);
                        const hash_entry& q = probe(code_q);
                        if (q.code == code_q) return at(q.row);
                    }
                    return at(a.row);
                }
            }
            const auto k = static_cast<std::size_t>(c.key);
            return k < key_extent ? at(index.key[k]) : nullptr;
        }
    }
};

// Ask First, then Then: a vendor table in front of the default one.
template <error_table First, error_table Then>
struct chained_table {
    [[nodiscard]] static constexpr const table_row* find(const error_condition& c) noexcept
    {
        const table_row* r = First::find(c);
        return r != nullptr ? r : Then::find(c);
    }
};

// What the interpreter needs to know about the device beyond the outcome.
struct interpret_context {
    // Another path could carry the request now: its io_eligibility() is not
    // none and, for an ALUA device, its target port group is active
    // (optimized or non-optimized). MSDSM asks the same question before it
    // lets a standby answer retry without decrementing ("an active path
    // exists"); with every other path standby, the answer is false.
    bool other_usable_path = true;
};

// When no row matches: give the error to the caller.
inline constexpr decision unclassified_decision{action::fail_up, reason::unclassified, true,
                                                retry_delay::retry_interval, path_effect::none};

template <error_table Table>
[[nodiscard]] constexpr decision interpret(const error_condition& c, interpret_context ctx = {}) noexcept
{
    const table_row* r = Table::find(c);
    if (r == nullptr) return unclassified_decision;
    return ctx.other_usable_path ? r->usual : r->alone;
}

template <error_table Table>
[[nodiscard]] constexpr decision interpret(const io_outcome& o, interpret_context ctx = {}) noexcept
{
    return interpret<Table>(make_condition(o), ctx);
}

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_ERROR_TABLE_HPP
