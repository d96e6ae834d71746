// SPDX-License-Identifier: MIT
// mpio/core/config.hpp - build configuration: environment detection, the
// cache line size, the assertion hook. Every public mpio header includes it
// first, so MPIO_USER_CONFIG reaches every translation unit.
//
// Every macro here is overridable: define it before including any mpio header
// (or in a profile header named by MPIO_USER_CONFIG) to change it.
#ifndef MPIO_CORE_CONFIG_HPP
#define MPIO_CORE_CONFIG_HPP

// C++20 or later: the library uses concepts, consteval and constexpr
// algorithms. Every header includes this file first, so an older standard
// gets this line as its first error. MSVC reports __cplusplus 199711L
// without /Zc:__cplusplus: its _MSVC_LANG is the standard in use.
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#endif

// A user profile header, in the manner of ETL's etl_profile.h: one place for a
// firmware or driver project to set every MPIO_* macro.
#ifdef MPIO_USER_CONFIG
#include MPIO_USER_CONFIG
#endif

// Kernel mode: MSVC defines _KERNEL_MODE for /kernel builds (as GSL checks),
// Linux kernel code is built with __KERNEL__.
#ifndef MPIO_KERNEL_MODE
#if defined(_KERNEL_MODE) || defined(__KERNEL__)
#define MPIO_KERNEL_MODE 1
#else
#define MPIO_KERNEL_MODE 0
#endif
#endif

// Hosted: the standard library beyond the freestanding headers is available.
// Only include/mpio/hosted/ looks at this; everything else works without it.
#ifndef MPIO_HOSTED
#if MPIO_KERNEL_MODE || (defined(__STDC_HOSTED__) && __STDC_HOSTED__ == 0)
#define MPIO_HOSTED 0
#else
#define MPIO_HOSTED 1
#endif
#endif

// The cache line size the concurrent policy variant pads to (policy/
// concurrency.hpp), so a value written on every I/O (a rotor, a per-path
// counter array) never shares a line with what every select() reads (the
// published path list). 64 on x86-64 and most ARMv8 cores; 128 suits Apple
// M-series and POWER. Defined here, not in the policy layer, so that every
// translation unit sees the user's value whichever mpio header it includes
// first: a class laid out with two line sizes in two translation units breaks
// the one-definition rule.
#ifndef MPIO_CACHE_LINE
#define MPIO_CACHE_LINE 64
#endif

// Assertions guard programmer errors only (for example reading the value of a
// result that holds an error). Bad input bytes are never asserted on: they
// produce an mpio::errc.
//
// MPIO_ASSERT_HANDLER(expr_text, file, line) may be defined to route failures
// to a driver's own facility (NT_ASSERT, BUG_ON, a firmware fault log). It is
// only called at run time. Without it a failed assertion traps in debug builds
// and is compiled out when NDEBUG or MPIO_NO_ASSERT is defined.
#ifndef MPIO_ASSERT
#if defined(MPIO_NO_ASSERT) || (defined(NDEBUG) && !defined(MPIO_ASSERT_HANDLER))
#define MPIO_ASSERT(cond) static_cast<void>(0)
#else
#define MPIO_ASSERT(cond) ((cond) ? static_cast<void>(0) : ::mpio::detail::assertion_failed(#cond, __FILE__, __LINE__))
#endif
#endif

namespace mpio::detail {

// Not constexpr on purpose: reaching it during constant evaluation makes the
// evaluation ill-formed, so a failed assertion in a constexpr context is a
// compile error rather than a silent pass.
[[noreturn]] inline void assertion_failed(const char* expr, const char* file, int line) noexcept
{
#ifdef MPIO_ASSERT_HANDLER
    MPIO_ASSERT_HANDLER(expr, file, line);
#else
    static_cast<void>(expr);
    static_cast<void>(file);
    static_cast<void>(line);
#endif
#if defined(_MSC_VER) && !defined(__clang__)
    __fastfail(7); // FAST_FAIL_FATAL_APP_EXIT
#else
    __builtin_trap();
#endif
}

// p == nullptr, also inside a constant expression under GCC 12 with
// -fno-delete-null-pointer-checks (which -fsanitize=null, hence
// -fsanitize=undefined, turns on, and with which the Linux kernel is always
// built). There GCC cannot decide in a constant expression whether the
// address of an object of static storage duration is null, so `p != nullptr`
// on a pointer into a constexpr table is "not a constant expression". A
// comparison it cannot fold can only be one with such an address, which is
// never null; a real null pointer folds. Other compilers compare directly.
template <class T>
[[nodiscard]] constexpr bool is_null(const T* p) noexcept
{
#if defined(__GNUC__) && !defined(__clang__)
    if (__builtin_is_constant_evaluated()) return __builtin_constant_p(p == nullptr) && p == nullptr;
#endif
    return p == nullptr;
}

} // namespace mpio::detail

#endif // MPIO_CORE_CONFIG_HPP
