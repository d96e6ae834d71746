// SPDX-License-Identifier: MIT
// mpio/policy/concurrency.hpp - concurrency as a template parameter.
//
// Every policy is written once, over `cell<T, Concurrency>` and
// `rotor<Concurrency>`, and instantiated two ways:
//
//   single_thread  plain integers. For firmware and for callers that already
//                  serialize I/O submission (one queue, one lock of their own).
//                  Cortex-M0 has no atomic read-modify-write at all, so this
//                  variant must not touch <atomic> operations.
//   concurrent     std::atomic only, lock-free: no mutex, no spinlock in
//                  select/start/complete. For kernels and user space where
//                  every CPU submits I/O.
//
// Every cell is at most 32 bits wide, so the concurrent variant stays
// lock-free (no __atomic_*_8 library calls) on 32-bit CPUs that have 32-bit
// atomic read-modify-write (ARMv7-M, ARMv7-A, x86, ...).
//
// Memory ordering is spelled out by the operation's name, not by a parameter:
// load/store/fetch_add/fetch_sub are relaxed (counters and hints), and
// load_acquire/store_release publish the eligible-path list (path_table.hpp).
#ifndef MPIO_POLICY_CONCURRENCY_HPP
#define MPIO_POLICY_CONCURRENCY_HPP

#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>

// The cache line size the concurrent variant pads to, so a value written on
// every I/O (a rotor, a per-path counter array) never shares a line with what
// every select() reads (the published path list). 64 on x86-64 and most
// ARMv8 cores; 128 suits Apple M-series and POWER.
#ifndef MPIO_CACHE_LINE
#define MPIO_CACHE_LINE 64
#endif

namespace mpio::policy {

struct single_thread {
    static constexpr bool is_concurrent = false;
    static constexpr const char* name = "single_thread";
    static constexpr std::size_t line = alignof(std::uint32_t); // no padding: firmware memory is scarce
};

struct concurrent {
    static constexpr bool is_concurrent = true;
    static constexpr const char* name = "concurrent";
    static constexpr std::size_t line = MPIO_CACHE_LINE;
};

template <class K>
concept concurrency_model = std::same_as<K, single_thread> || std::same_as<K, concurrent>;

// One value shared between the control path and the I/O path.
template <class T, concurrency_model K>
class cell;

template <class T>
class cell<T, single_thread> {
public:
    constexpr cell() noexcept = default;
    constexpr explicit cell(T v) noexcept : v_(v) {}
    cell(const cell&) = delete;
    cell& operator=(const cell&) = delete;

    [[nodiscard]] constexpr T load() const noexcept { return v_; }
    [[nodiscard]] constexpr T load_acquire() const noexcept { return v_; }
    constexpr void store(T v) noexcept { v_ = v; }
    constexpr void store_release(T v) noexcept { v_ = v; }
    // Unsigned arithmetic wraps: an in-flight counter that went round stays
    // exact as long as the true value fits (add and subtract the same amounts).
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

template <class T>
class cell<T, concurrent> {
    static_assert(sizeof(T) <= 4, "cells stay <= 32 bits so 32-bit CPUs need no atomic library calls");

public:
    constexpr cell() noexcept = default;
    constexpr explicit cell(T v) noexcept : v_(v) {}
    cell(const cell&) = delete;
    cell& operator=(const cell&) = delete;

    [[nodiscard]] T load() const noexcept { return v_.load(std::memory_order_relaxed); }
    [[nodiscard]] T load_acquire() const noexcept { return v_.load(std::memory_order_acquire); }
    void store(T v) noexcept { v_.store(v, std::memory_order_relaxed); }
    void store_release(T v) noexcept { v_.store(v, std::memory_order_release); }
    T fetch_add(T d) noexcept { return v_.fetch_add(d, std::memory_order_relaxed); }
    T fetch_sub(T d) noexcept { return v_.fetch_sub(d, std::memory_order_relaxed); }

private:
    std::atomic<T> v_{};
};

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
