// SPDX-License-Identifier: MIT
// mpio/policy/concurrency.hpp - concurrency as a template parameter.
//
// Every policy is written once, over `cell<T, Concurrency>` and
// `rotor<Concurrency>`. A concurrency model is any type that satisfies
// `concurrency_model` below (the concept is structural: it names what the
// selectors use, not a list of types). Two models come with the library:
//
//   single_thread  plain integers. For firmware and for callers that already
//                  serialize I/O submission (one queue, one lock of their own).
//                  Cortex-M0 has no atomic read-modify-write at all, so this
//                  variant must not touch <atomic> operations.
//   concurrent     atomics only (std::atomic, or under GCC and Clang the
//                  __atomic builtins it is made of), lock-free: no mutex, no spinlock in
//                  select/start/complete. For kernels and user space where
//                  every CPU submits I/O.
//
// A driver brings its own where <atomic> is not the platform's primitive: a
// Windows DSM wraps InterlockedExchangeAdd / ReadAcquire / WriteRelease, a
// Linux module atomic_t with atomic_read / smp_load_acquire /
// smp_store_release / atomic_add_return (tests/policy/user_concurrency_test.cpp
// has one over GCC's __atomic builtins; docs/policies.md shows the shape).
//
// What a model K provides:
//   K::is_concurrent   bool: select/start/complete may run on several CPUs at
//                      once (rotor::next() then uses one fetch_add instead of
//                      a load and a store);
//   K::line            the alignment that keeps per-I/O writes off the lines
//                      every select() reads (a power of two);
//   K::cell<T>         for T = uint8_t, uint16_t, uint32_t: a value shared
//                      between the control path and the I/O path, default
//                      constructible (to 0) and constructible from a T, with
//                        load() load_acquire() store(v) store_release(v)
//                        fetch_add(d) fetch_sub(d)     (all noexcept)
//                      fetch_add/fetch_sub return the old value and wrap
//                      modulo 2^bits.
// No separate fence is asked for: the ordering the selectors need travels
// with the operation, by name. load/store/fetch_add/fetch_sub may be relaxed
// (counters and hints); store_release publishes and load_acquire reads the
// eligible-path list (path_table.hpp). A platform whose only barrier is a
// full fence puts it inside those two.
//
// Every cell is at most 32 bits wide, so the concurrent variant stays
// lock-free (no __atomic_*_8 library calls) on 32-bit CPUs that have 32-bit
// atomic read-modify-write (ARMv7-M, ARMv7-A, x86, ...).
#ifndef MPIO_POLICY_CONCURRENCY_HPP
#define MPIO_POLICY_CONCURRENCY_HPP

#include <mpio/core/config.hpp> // MPIO_CACHE_LINE

// GCC and Clang: the __atomic builtins std::atomic is built on, without
// <atomic>, whose hosted libstdc++ 12 pulls <system_error> and <string> for
// wait/notify (half of fmt's <format.h> in compile time; bench/compile_cost.py).
#if !(defined(__GNUC__) || defined(__clang__))
#include <atomic>
#endif
#include <concepts>
#include <cstddef>
#include <cstdint>

namespace mpio::policy {

// One value of type T shared between the control path and the I/O path, as
// a concurrency model's cell<T> must provide it.
template <class C, class T>
concept shared_cell = std::default_initializable<C> && std::constructible_from<C, T> && requires(C& c, const C& cc, T v)
{
    {
        cc.load()
    }
    noexcept->std::same_as<T>;
    {
        cc.load_acquire()
    }
    noexcept->std::same_as<T>;
    {
        c.store(v)
    }
    noexcept;
    {
        c.store_release(v)
    }
    noexcept;
    {
        c.fetch_add(v)
    }
    noexcept->std::same_as<T>;
    {
        c.fetch_sub(v)
    }
    noexcept->std::same_as<T>;
};

template <class K>
concept concurrency_model = requires
{
    {
        K::is_concurrent
        } -> std::convertible_to<bool>;
    {
        K::line
        } -> std::convertible_to<std::size_t>;
}
&&(K::line != 0 && (K::line & (K::line - 1)) == 0) &&
    shared_cell<typename K::template cell<std::uint8_t>, std::uint8_t>&& shared_cell<
        typename K::template cell<std::uint16_t>, std::uint16_t>&& shared_cell<typename K::template cell<std::uint32_t>,
                                                                               std::uint32_t>;

// single_thread's cell: a plain integer. Unsigned arithmetic wraps: an
// in-flight counter that went round stays exact as long as the true value
// fits (add and subtract the same amounts).
template <class T>
class plain_cell {
public:
    constexpr plain_cell() noexcept = default;
    constexpr explicit plain_cell(T v) noexcept : v_(v) {}
    plain_cell(const plain_cell&) = delete;
    plain_cell& operator=(const plain_cell&) = delete;

    [[nodiscard]] constexpr T load() const noexcept { return v_; }
    [[nodiscard]] constexpr T load_acquire() const noexcept { return v_; }
    constexpr void store(T v) noexcept { v_ = v; }
    constexpr void store_release(T v) noexcept { v_ = v; }
    constexpr T fetch_add(T d) noexcept
    {
        const T old = v_;
        v_ = static_cast<T>(v_ + d);
        return old;
    }
    constexpr T fetch_sub(T d) noexcept
    {
        const T old = v_;
        v_ = static_cast<T>(v_ - d);
        return old;
    }

private:
    T v_{};
};

// concurrent's cell: a lock-free std::atomic, relaxed unless the name says
// acquire or release.
template <class T>
class atomic_cell {
    static_assert(sizeof(T) <= 4, "cells stay <= 32 bits so 32-bit CPUs need no atomic library calls");

public:
    constexpr atomic_cell() noexcept = default;
    constexpr explicit atomic_cell(T v) noexcept : v_(v) {}
    atomic_cell(const atomic_cell&) = delete;
    atomic_cell& operator=(const atomic_cell&) = delete;

#if defined(__GNUC__) || defined(__clang__)
    [[nodiscard]] T load() const noexcept { return __atomic_load_n(&v_, __ATOMIC_RELAXED); }
    [[nodiscard]] T load_acquire() const noexcept { return __atomic_load_n(&v_, __ATOMIC_ACQUIRE); }
    void store(T v) noexcept { __atomic_store_n(&v_, v, __ATOMIC_RELAXED); }
    void store_release(T v) noexcept { __atomic_store_n(&v_, v, __ATOMIC_RELEASE); }
    T fetch_add(T d) noexcept { return __atomic_fetch_add(&v_, d, __ATOMIC_RELAXED); }
    T fetch_sub(T d) noexcept { return __atomic_fetch_sub(&v_, d, __ATOMIC_RELAXED); }

private:
    alignas(sizeof(T)) T v_{}; // aligned as std::atomic<T> is
#else
    [[nodiscard]] T load() const noexcept { return v_.load(std::memory_order_relaxed); }
    [[nodiscard]] T load_acquire() const noexcept { return v_.load(std::memory_order_acquire); }
    void store(T v) noexcept { v_.store(v, std::memory_order_relaxed); }
    void store_release(T v) noexcept { v_.store(v, std::memory_order_release); }
    T fetch_add(T d) noexcept { return v_.fetch_add(d, std::memory_order_relaxed); }
    T fetch_sub(T d) noexcept { return v_.fetch_sub(d, std::memory_order_relaxed); }

private:
    std::atomic<T> v_{};
#endif
};

struct single_thread {
    static constexpr bool is_concurrent = false;
    static constexpr const char* name = "single_thread";
    static constexpr std::size_t line = alignof(std::uint32_t); // no padding: firmware memory is scarce
    template <class T>
    using cell = plain_cell<T>;
};

struct concurrent {
    static constexpr bool is_concurrent = true;
    static constexpr const char* name = "concurrent";
    static constexpr std::size_t line = MPIO_CACHE_LINE;
    template <class T>
    using cell = atomic_cell<T>;
};

// Both models satisfy concurrency_model: tests/policy/concurrency_test.cpp
// checks it (not a static_assert here, which every includer would pay for).

// The cell a model K provides for T: what the selectors declare.
template <class T, concurrency_model K>
using cell = typename K::template cell<T>;

// A round-robin position over n entries (n changes when paths come and go).
//   next(n): 0, 1, ..., n-1, 0, ... exactly. single_thread keeps the position
//            below n (no division, no wrap); concurrent is one fetch_add and a
//            modulo, so at the 2^32 wrap one entry may be skipped once
//            (n not a power of two) - a bounded unfairness of one I/O.
//   hint(n): a cheap rotating start for tie-breaking scans. Exact in
//            single_thread; in concurrent a relaxed load + store (no
//            read-modify-write), so racing CPUs may read the same value:
//            harmless for a tie-break, and it keeps the cache line shared
//            longer than an atomic increment would.
// Aligned to a cache line in the concurrent variant: every select() writes it.
template <concurrency_model K>
class alignas(K::line) rotor {
public:
    constexpr rotor() noexcept = default;
    // Starting elsewhere than 0 (tests start next to the 2^32 wrap).
    constexpr explicit rotor(std::uint32_t position) noexcept : position_(position) {}
    // Moves the position (control path: selectors' set_turn_counter()).
    constexpr void seek(std::uint32_t position) noexcept { position_.store(position); }

    [[nodiscard]] constexpr std::uint32_t next(std::uint32_t n) noexcept
    {
        if constexpr (K::is_concurrent) {
            return position_.fetch_add(1) % n;
        } else {
            const std::uint32_t i = position_.load() < n ? position_.load() : 0;
            position_.store(i + 1);
            return i;
        }
    }
    [[nodiscard]] constexpr std::uint32_t hint(std::uint32_t n) noexcept
    {
        std::uint32_t i = position_.load();
        if (i >= n) i = 0;
        position_.store(i + 1 == n ? 0 : i + 1);
        return i;
    }

private:
    cell<std::uint32_t, K> position_;
};

} // namespace mpio::policy

#endif // MPIO_POLICY_CONCURRENCY_HPP
