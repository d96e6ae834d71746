// SPDX-License-Identifier: MIT
// mpio/ident/claim.hpp - which device-specific module (DSM) claims a device.
//
// Windows MPIO offers each new device to the installed DSMs; the first one
// that claims it owns every path to it. Microsoft's generic DSM (MSDSM) is
// asked only after every vendor DSM declined, whatever order the DSMs were
// installed in. arbitrate() reproduces that:
//   1. the non-generic claimers, in registration order;
//   2. then the generic claimers, in registration order;
//   the first claimer whose claims(device) is true wins.
//
// Design (no heap, no virtual functions): a claimer is any type satisfying
// the device_claimer concept (claims(device) and is_generic()); arbitrate()
// takes an array of claimers of one type. mpio::ident::claimer is the
// ready-made one: a name, a supported-device list (non-owning), a match mode
// and the generic flag. claim_table<Capacity> stores up to Capacity of them
// inline. A caller that needs claimers of different kinds wraps them in one
// type of its own (e.g. a function pointer plus a context pointer) - the
// concept is all arbitrate() requires.
//
// For prototypes and tests, claim_everything (its own claimer type) and
// claim_everything_claimer() (a ready-made claimer) claim every device; both
// are generic, so like MSDSM they win only when no vendor claimer wants the
// device.
#ifndef MPIO_IDENT_CLAIM_HPP
#define MPIO_IDENT_CLAIM_HPP

#include <mpio/core/config.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>

#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/ident/hardware_id.hpp>

namespace mpio::ident {

template <class C>
concept device_claimer = requires(const C& c, const device_description& device)
{
    {
        c.claims(device)
        } -> std::convertible_to<bool>;
    {
        c.is_generic()
        } -> std::convertible_to<bool>;
};

// A DSM described by the devices it supports.
struct claimer {
    const char* name = "";
    supported_device_span devices;
    match_mode mode = match_mode::mpio_prefix;
    bool generic = false;    // the MSDSM role: asked last
    bool everything = false; // claims every device, whatever `devices` lists

    [[nodiscard]] constexpr bool claims(const device_description& device) const noexcept
    {
        return everything || devices.matches(device, mode);
    }
    [[nodiscard]] constexpr bool is_generic() const noexcept { return generic; }
};

// Claims every device; generic, so asked last (after every vendor claimer),
// as the generic DSM is. For prototypes and tests.
struct claim_everything {
    const char* name = "claim-everything";

    [[nodiscard]] constexpr bool claims(const device_description&) const noexcept { return true; }
    [[nodiscard]] constexpr bool is_generic() const noexcept { return true; }
};

// The same as a ready-made claimer, for claim_table and claimer arrays.
[[nodiscard]] constexpr claimer claim_everything_claimer(const char* name = "claim-everything") noexcept
{
    claimer c;
    c.name = name;
    c.generic = true;
    c.everything = true;
    return c;
}

// The outcome of arbitration: the winner's index in the claimer array, or
// nobody (the device stays unclaimed: not managed by MPIO).
class claim_result {
public:
    constexpr claim_result() noexcept = default;
    constexpr explicit claim_result(std::size_t index) noexcept : index_(index), claimed_(true) {}

    [[nodiscard]] constexpr bool claimed() const noexcept { return claimed_; }
    // Meaningful only when claimed().
    [[nodiscard]] constexpr std::size_t index() const noexcept { return index_; }
    friend constexpr bool operator==(const claim_result&, const claim_result&) noexcept = default;

private:
    std::size_t index_ = 0;
    bool claimed_ = false;
};

// Asks claimers[0..count) in MPIO's order (see the top of this header).
template <device_claimer C>
[[nodiscard]] constexpr claim_result arbitrate(const C* claimers, std::size_t count,
                                               const device_description& device) noexcept
{
    if (claimers == nullptr) return {};
    // Pass 0: vendor-specific claimers; pass 1: generic ones.
    for (int pass = 0; pass < 2; ++pass) {
        const bool generic_pass = pass == 1;
        for (std::size_t i = 0; i < count; ++i)
            if (static_cast<bool>(claimers[i].is_generic()) == generic_pass && claimers[i].claims(device))
                return claim_result(i);
    }
    return {};
}
template <device_claimer C, std::size_t N>
[[nodiscard]] constexpr claim_result arbitrate(const C (&claimers)[N], const device_description& device) noexcept
{
    return arbitrate(claimers, N, device);
}

// Up to Capacity claimers of the ready-made type, stored inline.
template <std::size_t Capacity>
class claim_table {
public:
    static constexpr std::size_t capacity = Capacity;

    // errc::capacity_exceeded when full (the table is unchanged).
    constexpr status add(const claimer& c) noexcept
    {
        if (size_ >= Capacity) return failure(errc::capacity_exceeded);
        claimers_[size_++] = c;
        return success;
    }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    constexpr const claimer& operator[](std::size_t i) const noexcept
    {
        MPIO_ASSERT(i < size_);
        return claimers_[i];
    }

    [[nodiscard]] constexpr claim_result arbitrate(const device_description& device) const noexcept
    {
        return ident::arbitrate(claimers_, size_, device);
    }
    // The winner's name, or nullptr when nobody claims the device.
    [[nodiscard]] constexpr const char* winner_name(const device_description& device) const noexcept
    {
        const claim_result r = arbitrate(device);
        return r.claimed() ? claimers_[r.index()].name : nullptr;
    }

private:
    claimer claimers_[Capacity > 0 ? Capacity : 1]{};
    std::size_t size_ = 0;
};

} // namespace mpio::ident

#endif // MPIO_IDENT_CLAIM_HPP
