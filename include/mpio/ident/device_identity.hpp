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
        // A local index, stored once: a byte store may alias size_, so
        // bytes_[size_++] would reload and store it for every byte.
        std::size_t n = 0;
        for (const byte_view part : {a, b, c}) {
            const byte* p = part.data();
            for (std::size_t i = 0; i < part.size(); ++i) bytes_[n + i] = p[i];
            n += part.size();
        }
        size_ = static_cast<std::uint16_t>(n);
        hash_ = compute_hash();
        return true;
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
    // MurmurHash3's fmix64 spreads every bit. Byte order independent.
    constexpr std::uint64_t compute_hash() const noexcept
    {
        constexpr std::uint64_t k = 0x9e3779b97f4a7c15ull;
        std::uint64_t h = k ^ (std::uint64_t{scheme_} | std::uint64_t{kind_} << 8 | std::uint64_t{size_} << 16);
        std::size_t i = 0;
        for (; i + 8 <= size_; i += 8) {
            std::uint64_t w = 0;
            for (std::size_t j = 0; j < 8; ++j) w |= std::uint64_t{bytes_[i + j]} << (8 * j);
            h = std::rotl(h ^ w, 29) * k;
        }
        if (i < size_) {
            std::uint64_t w = 0;
            for (std::size_t j = 0; i + j < size_; ++j) w |= std::uint64_t{bytes_[i + j]} << (8 * j);
            h = std::rotl(h ^ w, 29) * k;
        }
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 33;
        return h;
    }

    byte bytes_[capacity]{};
    std::uint16_t size_ = 0;
    std::uint8_t scheme_ = 0;
    std::uint8_t kind_ = 0;
    std::uint64_t hash_ = 0;
};

namespace detail {
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
    constexpr key_text& append_hex(byte_view b) noexcept
    {
        constexpr char digits[] = "0123456789abcdef";
        for (const byte x : b) append(digits[x >> 4]).append(digits[x & 0x0f]);
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
    [[nodiscard]] constexpr errc reason() const noexcept { return reason_; }
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
        reason_ = errc::not_found;
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
        reason_ = reason;
        return status_;
    }
    // Fill in an identifier (after key() and text()). `blank` marks it not
    // ready. Returns the status for derive().
    constexpr identity_status set(identity_source source, scsi::designator_type type, bool blank) noexcept
    {
        source_ = source;
        type_ = type;
        status_ = blank ? identity_status::not_ready : identity_status::found;
        reason_ = errc::none;
        return status_;
    }
    // Marks a found identifier unsafe_to_group() (after set()).
    constexpr void mark_unsafe_to_group() noexcept { unsafe_ = true; }
    [[nodiscard]] constexpr identity_key& key() noexcept { return key_; }
    [[nodiscard]] constexpr text_type& text() noexcept { return text_; }

private:
    identity_status status_ = identity_status::none;
    errc reason_ = errc::not_found;
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
