// SPDX-License-Identifier: MIT
// mpio/ident/device_identity.hpp - the identity of a logical unit, as a
// scheme derives it from standard INQUIRY data and VPD pages 80h and 83h.
//
// Multipath is only safe when every path to a logical unit yields the same
// identifier and no two logical units share one. A scheme (see
// scheme_mpio.hpp, scheme_multipath_tools.hpp) is a policy class that picks a
// designator from the Device Identification VPD page (SPC-6 7.7.6), or falls
// back to the Unit Serial Number VPD page (SPC-6 7.7.20), and writes a
// device_identity the caller owns: S::derive(input, out). The object is
// about 800 bytes (a 256-byte key and a 512-byte text, see below), so a
// derivation never builds or returns one: it overwrites the caller's (only
// the bytes it needs; reset() zeroes nothing), which a path-discovery loop
// keeps and reuses, and which a kernel caller can place outside its stack.
// derive_identity<S>(input) returns one by value, for hosted code and
// constant evaluation.
//
//   status  found / not_ready (the identifier is all zero or all spaces: the
//           device has not been given one yet; report it, never group on it)
//           / none (no usable identifier; reason() says why);
//   key     a fixed-size binary key (identity_key) for grouping: equal keys
//           mean equal identifiers, byte for byte - never truncated, never a
//           bare hash - with a precomputed 64-bit hash for hash tables;
//   text    the identifier rendered by the scheme's rules (fixed_text);
//   unsafe_to_group()  found, but unrelated devices can share it (a quirk of
//           the imitated stack a scheme reproduces, e.g. msdsm's empty serial
//           number): a caller that wants safety refuses it.
//
// Run-time selection by name is in ident/schemes.hpp. docs/identity.md
// explains every choice.
#ifndef MPIO_IDENT_DEVICE_IDENTITY_HPP
#define MPIO_IDENT_DEVICE_IDENTITY_HPP

#include <mpio/core/config.hpp>

#include <bit>
#include <concepts>
#include <initializer_list>
#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::ident {

// What a path returned, as raw responses; an empty view means "not
// available". Schemes parse what they need with the mpio::scsi parsers.
struct identity_input {
    byte_view standard_inquiry{}; // INQUIRY, EVPD 0
    byte_view vpd80{};            // Unit Serial Number VPD page
    byte_view vpd83{};            // Device Identification VPD page
};

enum class identity_status : std::uint8_t {
    none,      // no identifier; device_identity::reason() says why
    not_ready, // the chosen identifier is all zero or all spaces
    found,
};

[[nodiscard]] constexpr const char* to_string(identity_status s) noexcept
{
    switch (s) {
    case identity_status::none: return "none";
    case identity_status::not_ready: return "not ready";
    case identity_status::found: return "found";
    }
    return "unknown";
}

// Where the identifier came from.
enum class identity_source : std::uint8_t {
    none,
    designator,         // a designation descriptor of VPD page 83h
    legacy_page83,      // the bare identifier of a pre-SPC-2 page 83h
    unit_serial_number, // VPD page 80h, qualified by vendor and product
};

[[nodiscard]] constexpr const char* to_string(identity_source s) noexcept
{
    switch (s) {
    case identity_source::none: return "none";
    case identity_source::designator: return "designator";
    case identity_source::legacy_page83: return "legacy page 83h";
    case identity_source::unit_serial_number: return "unit serial number";
    }
    return "unknown";
}

// True when every byte is 00h or 20h (this includes the empty view): an
// identifier the device has not been assigned yet.
[[nodiscard]] constexpr bool is_blank(byte_view bytes) noexcept
{
    for (const byte b : bytes)
        if (b != 0x00 && b != 0x20) return false;
    return true;
}

namespace detail {
// Rendering helpers shared by the schemes: bulk copies and word-at-a-time
// scans instead of a bound-checked append per character.

// The little-endian 64-bit word of p[0..8): one load where the target is
// little-endian (gathered into an 8-byte object and bit_cast, which
// compilers turn into a single load), a byte swap where it is big-endian,
// shifts anywhere else. Usable in constant evaluation.
[[nodiscard]] constexpr std::uint64_t load_le64(const byte* p) noexcept
{
    if constexpr (std::endian::native == std::endian::little || std::endian::native == std::endian::big) {
        struct eight {
            byte b[8];
        } e{};
        for (std::size_t j = 0; j < 8; ++j) e.b[j] = p[j];
        const auto w = std::bit_cast<std::uint64_t>(e);
        if constexpr (std::endian::native == std::endian::little) {
            return w;
        } else {
            return (w >> 56) | ((w >> 40) & 0xff00u) | ((w >> 24) & 0xff0000u) | ((w >> 8) & 0xff000000u) |
                   ((w & 0xff000000u) << 8) | ((w & 0xff0000u) << 24) | ((w & 0xff00u) << 40) | (w << 56);
        }
    } else {
        std::uint64_t w = 0;
        for (std::size_t j = 0; j < 8; ++j) w |= std::uint64_t{p[j]} << (8 * j);
        return w;
    }
}

// 80h in every byte of w that is zero, 00h in every other (exact: no
// borrow crosses bytes).
[[nodiscard]] constexpr std::uint64_t zero_bytes(std::uint64_t w) noexcept
{
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
    return ~(((w & low7) + low7) | w | low7);
}
// 80h in every byte of w equal to c.
[[nodiscard]] constexpr std::uint64_t bytes_equal(std::uint64_t w, byte c) noexcept
{
    return zero_bytes(w ^ (0x0101010101010101ull * std::uint64_t{c}));
}

// Index of the first NUL of p[0..n), or n: eight bytes per step.
[[nodiscard]] constexpr std::size_t nul_index(const byte* p, std::size_t n) noexcept
{
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        if (const std::uint64_t z = zero_bytes(load_le64(p + i)); z != 0)
            return i + static_cast<std::size_t>(std::countr_zero(z) / 8);
    while (i < n && p[i] != 0) ++i;
    return i;
}

// True when every byte is printable ASCII (20h..7Eh): then a text gets the
// bytes unchanged whatever its rule for the others. (A reduction without a
// branch per byte: the loop vectorises.)
[[nodiscard]] constexpr bool all_printable(byte_view bytes) noexcept
{
    unsigned bad = 0;
    const byte* p = bytes.data();
    for (std::size_t i = 0; i < bytes.size(); ++i) bad |= static_cast<unsigned>(static_cast<byte>(p[i] - 0x20) > 0x5e);
    return bad == 0;
}

} // namespace detail

// The grouping key: scheme id, kind (scheme-defined: usually the designator
// type) and up to `capacity` identifier bytes, stored whole. 256 bytes hold
// the largest designator (DESIGNATOR LENGTH is one byte, so at most 255); a
// scheme whose identifier would not fit (a very long serial number) must not
// produce a key (assign() returns false) - so two keys compare equal exactly
// when their identifiers are equal, and hash() is only the fast path.
class identity_key {
public:
    static constexpr std::size_t capacity = 256;

    constexpr identity_key() noexcept = default;

    // The concatenation of up to three parts; false (key left empty) when it
    // does not fit. Bytes past size() are left as they were: they are never
    // read (bytes(), operator== and hash() stop at size()).
    constexpr bool assign(std::uint8_t scheme, std::uint8_t kind, byte_view a, byte_view b = {},
                          byte_view c = {}) noexcept
    {
        clear();
        if (a.size() > capacity || b.size() > capacity - a.size() || c.size() > capacity - a.size() - b.size())
            return false;
        scheme_ = scheme;
        kind_ = kind;
        // Each part copied whole (a loop the compiler turns into a block
        // copy), the size stored once and the hash computed once over the
        // final bytes.
        std::size_t n = copy_part(0, a);
        n = copy_part(n, b);
        n = copy_part(n, c);
        size_ = static_cast<std::uint16_t>(n);
        hash_ = compute_hash();
        return true;
    }

    // For a scheme that renders its identifier straight into the key (no
    // intermediate copy): prepare() empties the key, sets scheme and kind and
    // gives the byte buffer (capacity bytes); the scheme writes its n bytes
    // there and calls commit(n), which stores the size and hashes the bytes
    // once. Until commit() the key is empty.
    [[nodiscard]] constexpr byte* prepare(std::uint8_t scheme, std::uint8_t kind) noexcept
    {
        clear();
        scheme_ = scheme;
        kind_ = kind;
        return bytes_;
    }
    constexpr void commit(std::size_t n) noexcept
    {
        MPIO_ASSERT(n <= capacity);
        size_ = static_cast<std::uint16_t>(n <= capacity ? n : capacity);
        hash_ = compute_hash();
    }

    // Empty, as default-constructed (without zeroing the bytes).
    constexpr void clear() noexcept
    {
        size_ = 0;
        scheme_ = kind_ = 0;
        hash_ = 0;
    }

    [[nodiscard]] constexpr std::uint8_t scheme() const noexcept { return scheme_; }
    [[nodiscard]] constexpr std::uint8_t kind() const noexcept { return kind_; }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return {bytes_, size_}; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    // 64-bit hash over scheme, kind, length and bytes (see compute_hash()).
    [[nodiscard]] constexpr std::uint64_t hash() const noexcept { return hash_; }

    friend constexpr bool operator==(const identity_key& x, const identity_key& y) noexcept
    {
        return x.hash_ == y.hash_ && x.scheme_ == y.scheme_ && x.kind_ == y.kind_ && x.bytes() == y.bytes();
    }

private:
    // Eight bytes per step (a byte-at-a-time FNV-1a, one multiply per byte
    // in a dependency chain, was a third of a whole derivation): each
    // little-endian 64-bit word w of the bytes (the last one zero-padded;
    // the length is in the seed) does h = rotl(h ^ w, 29) * K, then
    // MurmurHash3's fmix64 spreads every bit. Byte order independent. Each
    // word is one load (detail::load_le64): assembling it with a shift and
    // an or per byte was half of a derivation of a short identifier.
    constexpr std::uint64_t compute_hash() const noexcept
    {
        constexpr std::uint64_t k = 0x9e3779b97f4a7c15ull;
        std::uint64_t h = k ^ (std::uint64_t{scheme_} | std::uint64_t{kind_} << 8 | std::uint64_t{size_} << 16);
        std::size_t i = 0;
        for (; i + 8 <= size_; i += 8) h = std::rotl(h ^ detail::load_le64(bytes_ + i), 29) * k;
        if (i < size_) {
            // The last word loaded whole and its bytes past size() masked
            // off (the buffer always has them: size() <= capacity and i is
            // a multiple of 8, so i + 8 <= capacity).
            const std::uint64_t w = detail::load_le64(bytes_ + i) & (~std::uint64_t{0} >> (64 - 8 * (size_ - i)));
            h = std::rotl(h ^ w, 29) * k;
        }
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 33;
        return h;
    }

    constexpr std::size_t copy_part(std::size_t at, byte_view part) noexcept
    {
        const byte* p = part.data();
        const std::size_t n = part.size();
        for (std::size_t i = 0; i < n; ++i) bytes_[at + i] = p[i];
        return at + n;
    }

    byte bytes_[capacity]{};
    std::uint16_t size_ = 0;
    std::uint8_t scheme_ = 0;
    std::uint8_t kind_ = 0;
    std::uint64_t hash_ = 0;
};

namespace detail {
inline constexpr char hex_digits_lower[] = "0123456789abcdef";
inline constexpr char hex_digits_upper[] = "0123456789ABCDEF";

// Two hex digits per byte of `bytes` at out[0..2 * size): one 16-entry table
// look-up per digit, no bound check (the caller has checked the room once).
// Returns the end.
constexpr byte* write_hex(byte* out, byte_view bytes, const char* digits = hex_digits_lower) noexcept
{
    const byte* p = bytes.data();
    const std::size_t n = bytes.size();
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = static_cast<byte>(digits[p[i] >> 4]);
        out[2 * i + 1] = static_cast<byte>(digits[p[i] & 0x0f]);
    }
    return out + 2 * n;
}

// The bytes into a fixed_text as they are (a scheme's text "as printed":
// UTF-8 and control bytes kept): in one bulk append when every byte is
// printable ASCII (fixed_text::append(ascii_view) leaves those unchanged),
// else a character at a time.
template <class Text>
constexpr void append_raw(Text& text, byte_view bytes) noexcept
{
    if (all_printable(bytes)) {
        text.append(ascii_view(bytes));
        return;
    }
    for (const byte b : bytes) text.append(static_cast<char>(b));
}

// An identifier rendered straight into key-sized bytes (schemes whose key is
// their rendered text): the text sink the renderers write to, without a
// bigger intermediate text or a copy; overflowed() when it would not fit a
// key (the scheme then reports errc::overflow, never a cut key). Bytes are
// written before they are read: no zero-fill.
struct key_text {
    byte bytes[identity_key::capacity];
    std::size_t size = 0;
    bool overflow = false;

    constexpr key_text& append(char c) noexcept
    {
        if (size < identity_key::capacity)
            bytes[size++] = static_cast<byte>(c);
        else
            overflow = true;
        return *this;
    }
    constexpr key_text& append(const char* s) noexcept
    {
        for (std::size_t i = 0; s[i] != '\0'; ++i) append(s[i]);
        return *this;
    }
    // The bytes as they are, copied whole when they fit (one room check).
    constexpr key_text& append(byte_view b) noexcept
    {
        const std::size_t n = b.size();
        if (n <= identity_key::capacity - size) {
            const byte* p = b.data();
            for (std::size_t i = 0; i < n; ++i) bytes[size + i] = p[i];
            size += n;
            return *this;
        }
        for (const byte x : b) append(static_cast<char>(x));
        return *this;
    }
    // Lowercase hex, two digits per byte: one room check for the whole view
    // when it fits, the digits written by write_hex().
    constexpr key_text& append_hex(byte_view b) noexcept
    {
        if (b.size() <= (identity_key::capacity - size) / 2) {
            size = static_cast<std::size_t>(write_hex(bytes + size, b) - bytes);
            return *this;
        }
        for (const byte x : b) append(hex_digits_lower[x >> 4]).append(hex_digits_lower[x & 0x0f]);
        return *this;
    }
    [[nodiscard]] constexpr bool overflowed() const noexcept { return overflow; }
    [[nodiscard]] constexpr byte_view view() const noexcept { return {bytes, size}; }
};
} // namespace detail

class device_identity {
public:
    // Longest rendering: a 255-byte SCSI name string with some bytes escaped,
    // or a serial number qualified by vendor and product. A rendering that
    // does not fit sets text().overflowed() (the key stays exact).
    static constexpr std::size_t text_capacity = 512;
    using text_type = fixed_text<text_capacity>;

    constexpr device_identity() noexcept = default;

    [[nodiscard]] constexpr identity_status status() const noexcept { return status_; }
    [[nodiscard]] constexpr bool found() const noexcept { return status_ == identity_status::found; }
    // Why there is no identifier (errc::none unless status() is none).
    [[nodiscard]] constexpr errc reason() const noexcept { return static_cast<errc>(reason_ ^ reason_zero); }
    [[nodiscard]] constexpr identity_source source() const noexcept { return source_; }
    // The designator type the identifier came from (source() designator or
    // legacy_page83).
    [[nodiscard]] constexpr scsi::designator_type designator_type() const noexcept { return type_; }
    [[nodiscard]] constexpr const identity_key& key() const noexcept { return key_; }
    [[nodiscard]] constexpr const text_type& text() const noexcept { return text_; }
    // True when the identifier is found() because the imitated stack uses it,
    // but unrelated devices can have this very identifier, so grouping on it
    // (as that stack does) merges them. Set by schemes that reproduce such a
    // quirk (msdsm: an empty serial number); a caller that wants safety
    // refuses it. False for every other identity.
    [[nodiscard]] constexpr bool unsafe_to_group() const noexcept { return unsafe_; }

    // For schemes. reset(): back to "no identifier" (what derive() does
    // first); only sizes and fields are written, no buffer is zeroed.
    constexpr void reset() noexcept
    {
        status_ = identity_status::none;
        reason_ = 0; // errc::not_found
        source_ = identity_source::none;
        type_ = scsi::designator_type::vendor_specific;
        unsafe_ = false;
        key_.clear();
        text_.clear();
    }
    // No identifier, for this reason; returns the status for derive().
    constexpr identity_status fail(errc reason) noexcept
    {
        reset();
        reason_ = static_cast<std::uint8_t>(static_cast<std::uint8_t>(reason) ^ reason_zero);
        return status_;
    }
    // Fill in an identifier (after key() and text()). `blank` marks it not
    // ready. Returns the status for derive().
    constexpr identity_status set(identity_source source, scsi::designator_type type, bool blank) noexcept
    {
        source_ = source;
        type_ = type;
        status_ = blank ? identity_status::not_ready : identity_status::found;
        reason_ = static_cast<std::uint8_t>(static_cast<std::uint8_t>(errc::none) ^ reason_zero);
        return status_;
    }
    // Marks a found identifier unsafe_to_group() (after set()).
    constexpr void mark_unsafe_to_group() noexcept { unsafe_ = true; }
    [[nodiscard]] constexpr identity_key& key() noexcept { return key_; }
    [[nodiscard]] constexpr text_type& text() noexcept { return text_; }

private:
    // reason() XOR errc::not_found, so that the default state is all-zero
    // bytes: a static device_identity goes to .bss, not .data (808 bytes of
    // flash copied to RAM at start-up; .ci/gates/firmware-min checks it).
    static constexpr std::uint8_t reason_zero = static_cast<std::uint8_t>(errc::not_found);
    identity_status status_ = identity_status::none;
    std::uint8_t reason_ = 0;
    identity_source source_ = identity_source::none;
    scsi::designator_type type_ = scsi::designator_type::vendor_specific;
    bool unsafe_ = false;
    identity_key key_;
    text_type text_;
};

// Identities are equal when both are found with equal keys: not-ready and
// missing identifiers never group with anything. Two unsafe_to_group()
// identities with equal keys are equal too, as in the stack the scheme
// imitates: check the flag first to refuse them.
[[nodiscard]] constexpr bool same_device(const device_identity& a, const device_identity& b) noexcept
{
    return a.found() && b.found() && a.key() == b.key();
}

// A scheme: a policy class with a stable name, a one-byte id (kept in the
// key, so keys of different schemes never compare equal) and
// derive(input, out), which overwrites `out` whole and returns its status.
template <class S>
concept identity_scheme = requires(const identity_input& in, device_identity& out)
{
    {
        S::name
        } -> std::convertible_to<const char*>;
    {
        S::id
        } -> std::convertible_to<std::uint8_t>;
    {
        S::derive(in, out)
    }
    noexcept->std::same_as<identity_status>;
};

// The identity by value: for hosted code, tests and constant evaluation (the
// value is about 800 bytes - derive into a kept object on small stacks).
template <identity_scheme S>
[[nodiscard]] constexpr device_identity derive_identity(const identity_input& in) noexcept
{
    device_identity id;
    S::derive(in, id);
    return id;
}

} // namespace mpio::ident

#endif // MPIO_IDENT_DEVICE_IDENTITY_HPP
