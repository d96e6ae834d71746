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

#include <concepts>
#include <cstddef>
#include <cstdint>

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

// Every row can match conditions of one bucket only: the sense key of current
// sense data (0..15), a transport outcome (16), a status without sense (17),
// deferred sense (18). A condition falls in exactly one bucket too, so the
// first matching row of its bucket is the first matching row of the table.
inline constexpr std::size_t table_buckets = 19;

[[nodiscard]] constexpr std::size_t bucket_of(const table_row& r) noexcept
{
    switch (r.on) {
    case match_on::transport: return 16;
    case match_on::status: return 17;
    case match_on::deferred_sense: return 18;
    default: return static_cast<std::size_t>(r.key) & 0x0Fu;
    }
}
[[nodiscard]] constexpr std::size_t bucket_of(const error_condition& c) noexcept
{
    if (c.transport != transport_outcome::ok) return 16;
    if (c.status != scsi_status::check_condition || !c.has_sense) return 17;
    if (c.deferred) return 18;
    return static_cast<std::size_t>(c.key) & 0x0Fu;
}

// A table over a constexpr array `Rows` (a `static constexpr table_row rows[]`
// of a struct, passed by reference). The rows are indexed by bucket at
// compile time (in table order within a bucket), so a lookup walks only the
// rows that could match: bench/recovery_bench.cpp measures what that saves.
template <const auto& Rows>
struct table_rows {
    static constexpr std::size_t size = sizeof(Rows) / sizeof(Rows[0]);

    struct bucket_index {
        std::size_t start[table_buckets + 1]{};
        std::size_t order[size]{};
    };
    static constexpr bucket_index index = [] {
        bucket_index x;
        std::size_t count[table_buckets]{};
        for (std::size_t i = 0; i < size; ++i) ++count[bucket_of(Rows[i])];
        for (std::size_t b = 0; b < table_buckets; ++b) x.start[b + 1] = x.start[b] + count[b];
        std::size_t next[table_buckets]{};
        for (std::size_t b = 0; b < table_buckets; ++b) next[b] = x.start[b];
        for (std::size_t i = 0; i < size; ++i) x.order[next[bucket_of(Rows[i])]++] = i;
        return x;
    }();

    [[nodiscard]] static constexpr const table_row* find(const error_condition& c) noexcept
    {
        const std::size_t b = bucket_of(c);
        for (std::size_t k = index.start[b]; k < index.start[b + 1]; ++k)
            if (Rows[index.order[k]].matches(c)) return &Rows[index.order[k]];
        return nullptr;
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
