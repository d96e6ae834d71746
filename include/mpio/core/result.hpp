// SPDX-License-Identifier: MIT
// mpio/core/result.hpp - value-or-error return type.
//
// A small std::expected<T, errc> for C++20 without exceptions: usable in
// constant expressions, no heap, trivially copyable when T is. T must be
// default-constructible (the value slot exists even when an error is held;
// that keeps the type a literal type without a union dance).
#ifndef MPIO_CORE_RESULT_HPP
#define MPIO_CORE_RESULT_HPP

#include <mpio/core/config.hpp>

#include <type_traits>

#include <mpio/core/errc.hpp>

namespace mpio {

// Tag type so that `return failure(errc::too_short);` reads naturally.
struct failure {
    errc code;
    constexpr explicit failure(errc c) noexcept : code(c) {}
};

namespace detail {
// The traits result<T> asks of T, as the compiler builtins the standard
// traits are made of (GCC, Clang and MSVC have them): each T a program uses
// is then checked without instantiating the dozen helper templates behind
// std::is_default_constructible and its kin, which was the largest single
// share of what including mpio cost a translation unit (docs/performance.md,
// "Compile cost").
#if defined(__GNUC__) || defined(__clang__) || defined(_MSC_VER)
template <class T>
inline constexpr bool result_default_constructible = __is_constructible(T);
template <class T>
inline constexpr bool result_nothrow_default_constructible = __is_nothrow_constructible(T);
template <class T>
inline constexpr bool result_nothrow_copy_constructible = __is_nothrow_constructible(T, const T&);
#else
template <class T>
inline constexpr bool result_default_constructible = std::is_default_constructible_v<T>;
template <class T>
inline constexpr bool result_nothrow_default_constructible = std::is_nothrow_default_constructible_v<T>;
template <class T>
inline constexpr bool result_nothrow_copy_constructible = std::is_nothrow_copy_constructible_v<T>;
#endif
} // namespace detail

// The members read error_ directly rather than through has_value(): each
// member a program uses is instantiated once per T, and a call chain would
// instantiate the callees as well.
template <class T>
class [[nodiscard]] result {
    static_assert(detail::result_default_constructible<T>, "mpio::result<T> needs a default-constructible T");

public:
    using value_type = T;

    constexpr result() noexcept(detail::result_nothrow_default_constructible<T>) = default;
    constexpr result(const T& v) noexcept(detail::result_nothrow_copy_constructible<T>) : value_(v) {}
    constexpr result(failure e) noexcept : error_(e.code) { MPIO_ASSERT(e.code != errc::none); }

    [[nodiscard]] constexpr bool has_value() const noexcept { return error_ == errc::none; }
    constexpr explicit operator bool() const noexcept { return error_ == errc::none; }

    // The error code; errc::none when a value is held.
    [[nodiscard]] constexpr errc error() const noexcept { return error_; }

    // Reading the value of an error result is a programmer error.
    [[nodiscard]] constexpr const T& value() const noexcept
    {
        MPIO_ASSERT(error_ == errc::none);
        return value_;
    }
    [[nodiscard]] constexpr T& value() noexcept
    {
        MPIO_ASSERT(error_ == errc::none);
        return value_;
    }
    [[nodiscard]] constexpr T value_or(const T& fallback) const noexcept
    {
        return error_ == errc::none ? value_ : fallback;
    }

    constexpr const T& operator*() const noexcept
    {
        MPIO_ASSERT(error_ == errc::none);
        return value_;
    }
    constexpr T& operator*() noexcept
    {
        MPIO_ASSERT(error_ == errc::none);
        return value_;
    }
    constexpr const T* operator->() const noexcept
    {
        MPIO_ASSERT(error_ == errc::none);
        return &value_;
    }
    constexpr T* operator->() noexcept
    {
        MPIO_ASSERT(error_ == errc::none);
        return &value_;
    }

private:
    T value_{};
    errc error_ = errc::none;
};

// Result of an operation that produces no value.
struct success_t {
    friend constexpr bool operator==(success_t, success_t) noexcept { return true; }
};
inline constexpr success_t success{};
using status = result<success_t>;

} // namespace mpio

#endif // MPIO_CORE_RESULT_HPP
