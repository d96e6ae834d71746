// SPDX-License-Identifier: MIT
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
//
// A table also says how it reads sense data (sense_reading, io_outcome.hpp):
// table_rows<Rows, sense_reading::msdsm> matches on MSDSM's reading of the
// sense bytes, table_rows<Rows> (sense_reading::spc) on SPC's; a
// chained_table reads as its last table does. interpret<Table>() applies
// the reading (read_as()) before find(); find() itself matches the condition
// as given.
#ifndef MPIO_RECOVERY_ERROR_TABLE_HPP
#define MPIO_RECOVERY_ERROR_TABLE_HPP

#include <mpio/core/config.hpp>

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
    transport,          // row.transport
    status,             // row.status, delivered, no usable sense data
    deferred_sense,     // deferred sense data, any key
    sense_key,          // row.key, any ASC/ASCQ
    sense_key_asc,      // row.key + row.asc, any ASCQ
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
    decision alone{};        // when no other usable path exists
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
concept error_table = requires(const error_condition& c)
{
    {
        T::find(c)
    }
    noexcept->std::same_as<const table_row*>;
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
//   - current sense data with ASC/ASCQ: one open-addressing hash with an
//     entry per (key, ASC, ASCQ) any row names (its answer) and per (key,
//     ASC) any row names (the answer for an ASCQ no row names under it);
//     the (key, ASC, ASCQ) entry wins, then the (key, ASC) one, then the
//     sense key array.
// The multiplier of the hash is chosen at compile time so that, for the
// default table, every probe hits its slot at once. An error completion costs
// a few loads and compares, not a walk: bench/recovery_bench.cpp measures it
// against a hand-written MSDSM-style switch.
template <const auto& Rows, sense_reading Reading = sense_reading::spc>
struct table_rows {
    static constexpr sense_reading reading = Reading;
    static constexpr std::size_t size = sizeof(Rows) / sizeof(Rows[0]);
    static_assert(size < 0x7FFF, "table_rows: at most 32766 rows");

    // The index stores answers as row pointers (nullptr: no row).
    using row_ref = const table_row*;

private:
    [[nodiscard]] static constexpr row_ref walk(const error_condition& c) noexcept { return find_row(Rows, size, c); }
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
    struct hash_entry {
        std::uint32_t code = 0; // detail::asc_code / ascq_code; 0: empty
        row_ref row = nullptr;  // the answer
    };

private:
    // The hash entries, in row order, without duplicates; entry 0 is the
    // empty one. Compile time only: the index below keeps what it needs.
    struct entry_list {
        hash_entry entries[2 * size + 1]{}; // at most a (key, ASC) and a (key, ASC, ASCQ) per row
        std::size_t count = 1;
    };
    static constexpr entry_list collected = [] {
        entry_list x;
        auto add = [&x](std::uint32_t code) -> hash_entry* {
            for (std::size_t e = 1; e < x.count; ++e)
                if (x.entries[e].code == code) return nullptr;
            x.entries[x.count].code = code;
            return &x.entries[x.count++];
        };
        for (std::size_t i = 0; i < size; ++i) {
            const table_row& r = Rows[i];
            if (r.on != match_on::sense_key_asc && r.on != match_on::sense_key_asc_ascq) continue;
            if (hash_entry* e = add(detail::asc_code(r.key, r.asc))) {
                // The answer for an ASCQ no row names under this ASC.
                bool named[256]{};
                for (std::size_t j = 0; j < size; ++j)
                    if (Rows[j].on == match_on::sense_key_asc_ascq && Rows[j].key == r.key && Rows[j].asc == r.asc)
                        named[Rows[j].ascq] = true;
                std::size_t free = 0;
                while (free < 255 && named[free]) ++free;
                e->row = walk(sense(r.key, true, r.asc, static_cast<std::uint8_t>(free)));
            }
            if (r.on == match_on::sense_key_asc_ascq)
                if (hash_entry* e = add(detail::ascq_code(r.key, r.asc, r.ascq)))
                    e->row = walk(sense(r.key, true, r.asc, r.ascq));
        }
        return x;
    }();

public:
    static constexpr std::size_t entry_count = collected.count;
    // At least two slots per entry: a multiplier that gives every entry its
    // own slot is found after some dozens of tries (the default tables: yes,
    // checked by a test), and a probe ends at an empty slot anyway.
    static constexpr std::size_t slot_count = std::bit_ceil(2 * entry_count);

    struct lookup_index {
        using slot_type = std::conditional_t<(entry_count <= 0xFF), std::uint8_t, std::uint16_t>;
        row_ref transport[transport_extent + 1]{};
        row_ref status[status_extent + 1]{};
        row_ref deferred = nullptr;
        // The hash entries, then the sense key entries (key k at entry_count +
        // k, keys from key_extent on at entry_count + key_extent: no row).
        hash_entry entries[entry_count + key_extent + 1]{};
        slot_type slots[slot_count]{}; // entry numbers; 0: empty
        std::uint32_t multiplier = 0;
        std::uint32_t longest_probe = 0; // extra slots the worst probe looks at
    };

    [[nodiscard]] static constexpr std::size_t slot_of(std::uint32_t code, std::uint32_t multiplier) noexcept
    {
        return static_cast<std::size_t>(static_cast<std::uint32_t>(code * multiplier) >>
                                        (32 - std::countr_zero(slot_count)));
    }

private:
    // The index is built when find() or a test first reads it, not when the
    // class is instantiated: naming a table (a default template argument, a
    // concept check, an alias) costs no compile-time evaluation. Hence a
    // holder class, and `index` a reference to its member (a class's static
    // member of a complete type it defines would be built with the class).
    struct index_holder {
        static constexpr lookup_index value = [] {
            lookup_index x;
            for (std::size_t v = 0; v < transport_extent; ++v)
                x.transport[v] = walk(error_condition::transport_error(static_cast<transport_outcome>(v)));
            for (std::size_t v = 0; v < status_extent; ++v)
                x.status[v] = walk(error_condition::with_status(static_cast<scsi_status>(v)));
            for (std::size_t v = 0; v < key_extent; ++v)
                x.entries[entry_count + v].row = walk(sense(static_cast<scsi::sense_key>(v), false, 0, 0));
            x.deferred = walk(error_condition::check_condition(scsi::sense_key::no_sense, 0, 0, true));
            for (std::size_t e = 0; e < entry_count; ++e) x.entries[e] = collected.entries[e];
            // The multiplier: the first of a fixed sequence that places every
            // entry in its own slot, else the one with the shortest longest probe.
            std::uint32_t best_probe = ~0u;
            for (std::uint32_t t = 0; t < 4096 && best_probe != 0; ++t) {
                const std::uint32_t m = (0x9E3779B9u + t * 0x6A09E668u) | 1u;
                typename lookup_index::slot_type slots[slot_count]{};
                std::uint32_t longest = 0;
                for (std::size_t e = 1; e < entry_count; ++e) {
                    std::size_t h = slot_of(x.entries[e].code, m);
                    std::uint32_t probe = 0;
                    while (slots[h] != 0) {
                        h = (h + 1) & (slot_count - 1);
                        ++probe;
                    }
                    slots[h] = static_cast<typename lookup_index::slot_type>(e);
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
    };

public:
    static constexpr const lookup_index& index = index_holder::value;

private:
    // The number of the entry for `code`, or of one with another code when
    // there is none.
    [[nodiscard]] static constexpr std::size_t probe(std::uint32_t code) noexcept
    {
        std::size_t h = slot_of(code, index.multiplier);
        if constexpr (index.longest_probe == 0) {
            // Every entry sits in its home slot: the home slot holds it or it is absent.
            return index.slots[h];
        } else {
            for (;;) { // ends: at most half the slots are used
                const std::size_t e = index.slots[h];
                if (e == 0 || index.entries[e].code == code) return e;
                h = (h + 1) & (slot_count - 1);
            }
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
                return t < transport_extent ? index.transport[t] : nullptr;
            }
            if (c.status != scsi_status::check_condition || !c.has_sense) {
                const auto s = static_cast<std::size_t>(c.status);
                return s < status_extent ? index.status[s] : nullptr;
            }
            if (c.deferred) return index.deferred;
            // The sense key's entry, unless a (key, ASC) or (key, ASC, ASCQ)
            // entry says otherwise. Both probes are made and the entry is
            // selected with bit operations, not branches: which one holds
            // varies from one completion to the next, and a mispredicted
            // branch costs more than the loads.
            const auto k = static_cast<std::size_t>(c.key);
            std::size_t e = entry_count + (k < key_extent ? k : key_extent);
            if (c.has_asc_ascq) {
                const std::uint32_t code_a = detail::asc_code(c.key, c.asc);
                const std::uint32_t code_q = detail::ascq_code(c.key, c.asc, c.ascq);
                const std::size_t a = probe(code_a), q = probe(code_q);
                const std::size_t hit_a = index.entries[a].code == code_a ? ~std::size_t{0} : 0;
                const std::size_t hit_q = index.entries[q].code == code_q ? ~std::size_t{0} : 0;
                e ^= (e ^ a) & hit_a;
                e ^= (e ^ q) & hit_q;
            }
            return index.entries[e].row;
        }
    }
};

// The sense reading of a table: its `reading` member, else SPC's.
template <class Table>
[[nodiscard]] constexpr sense_reading reading_of() noexcept
{
    if constexpr (requires { Table::reading; })
        return Table::reading;
    else
        return sense_reading::spc;
}

// Ask First, then Then: a vendor table in front of the default one. The
// chain reads sense data as Then (the default) does.
template <error_table First, error_table Then>
struct chained_table {
    static constexpr sense_reading reading = reading_of<Then>();
    [[nodiscard]] static constexpr const table_row* find(const error_condition& c) noexcept
    {
        const table_row* r = First::find(c);
        return !mpio::detail::is_null(r) ? r : Then::find(c); // is_null: see core/config.hpp
    }
};

// What the interpreter needs to know about the device beyond the outcome.
struct interpret_context {
    // Another path could carry the request now: its io_eligibility() is not
    // none and, for an ALUA device, its target port group is active
    // (optimized or non-optimized). MSDSM asks the same question before it
    // lets a standby answer retry without decrementing ("an active path
    // exists"); with every other path standby, the answer is false.
    // mpio::recovery::other_usable_path() (path_lifecycle.hpp) computes it
    // from the LU's path lifecycles.
    bool other_usable_path = true;
};

// When no row matches: give the error to the caller.
inline constexpr decision unclassified_decision{action::fail_up, reason::unclassified, true,
                                                retry_delay::retry_interval, path_effect::none};

// The same decision as a row, so that interpret() always reads a row (never
// part of a table).
inline constexpr table_row unclassified_row = row::on_transport(transport_outcome::ok, unclassified_decision, "");

template <error_table Table>
[[nodiscard]] constexpr decision interpret(const error_condition& c, interpret_context ctx = {}) noexcept
{
    const table_row* r = Table::find(read_as(c, reading_of<Table>()));
    // A row pointer either way (a select, not a second return path: GCC
    // builds a worse return value when two paths produce the decision).
    r = !mpio::detail::is_null(r) ? r : &unclassified_row;
    return ctx.other_usable_path ? r->usual : r->alone;
}

// A table whose find() can run at compile time (table_rows, chained_table
// of them): interpret() then knows the decisions for GOOD before any
// completion arrives.
template <class Table>
concept constant_error_table = error_table<Table> && requires
{
    typename std::integral_constant<bool, (Table::find(error_condition::good()), true)>;
};

namespace detail {
// interpret(io_outcome) without the GOOD fast path: kept apart so that the
// fast path stays small enough to be inlined into the caller.
template <error_table Table>
[[nodiscard]] constexpr decision interpret_not_good(const io_outcome& o, interpret_context ctx) noexcept
{
    if constexpr (constant_error_table<Table>) {
        // CHECK CONDITION with sense bytes: sense data that cannot be used
        // and deferred sense data have compile-time answers too; current
        // sense data is looked up by key/ASC/ASCQ in a condition rebuilt
        // with constants, so that find() keeps only its sense part.
        if (o.transport == transport_outcome::ok && o.status == scsi_status::check_condition && !o.sense.empty()) {
            const error_condition c = read_as(make_condition(o), reading_of<Table>());
            if (!c.has_sense || c.deferred) {
                constexpr error_condition unusable = error_condition::with_status(scsi_status::check_condition);
                constexpr error_condition deferred =
                    error_condition::check_condition(scsi::sense_key::no_sense, 0, 0, true);
                constexpr decision unusable_with = interpret<Table>(unusable, interpret_context{true});
                constexpr decision unusable_alone = interpret<Table>(unusable, interpret_context{false});
                constexpr decision deferred_with = interpret<Table>(deferred, interpret_context{true});
                constexpr decision deferred_alone = interpret<Table>(deferred, interpret_context{false});
                if (!c.has_sense) return ctx.other_usable_path ? unusable_with : unusable_alone;
                return ctx.other_usable_path ? deferred_with : deferred_alone;
            }
            error_condition current = error_condition::check_condition(c.key, c.asc, c.ascq);
            current.has_asc_ascq = c.has_asc_ascq;
            return interpret<Table>(current, ctx);
        }
    }
    // Other completions without sense bytes: a condition with only the
    // transport outcome and the status, without entering the sense decoder.
    if (o.transport != transport_outcome::ok || o.status != scsi_status::check_condition || o.sense.empty()) {
        error_condition c;
        c.transport = o.transport;
        c.status = o.status;
        return interpret<Table>(c, ctx);
    }
    return interpret<Table>(make_condition(o), ctx);
}
} // namespace detail

template <error_table Table>
[[nodiscard]] constexpr decision interpret(const io_outcome& o, interpret_context ctx = {}) noexcept
{
    if constexpr (constant_error_table<Table>) {
        // Most completions are GOOD: the table's decisions for GOOD, looked
        // up at compile time, without any work per completion.
        if (o.transport == transport_outcome::ok && o.status == scsi_status::good) {
            constexpr decision with_others = interpret<Table>(error_condition::good(), interpret_context{true});
            constexpr decision alone = interpret<Table>(error_condition::good(), interpret_context{false});
            return ctx.other_usable_path ? with_others : alone;
        }
    }
    return detail::interpret_not_good<Table>(o, ctx);
}

} // namespace mpio::recovery

#endif // MPIO_RECOVERY_ERROR_TABLE_HPP
