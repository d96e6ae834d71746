// SPDX-License-Identifier: MIT
// tests/ident/vpd83_builder.hpp - hand-built Device Identification pages for
// the identity scheme tests (constexpr, so STATIC_REQUIRE can use them).
//
//   vpd83().lu(code_set, type, {designator bytes})   a logical-unit descriptor
//          .port(...) / .device(...) / .assoc(3, ...) other associations
//          .raw({bytes})                              bytes as they are
//          .view()                                    the page, PAGE LENGTH set
// and the helpers every scheme test uses, for any identity scheme S:
//   derive_with<S>(page [, inquiry, vpd80]) / derive_with<S>(identity_input)
//                                  the identity by value
//   text_is<S>(page, "text")       found, and rendered as "text"
//   no_identity<S>(page)           status none
//   not_ready<S>(page)             status not_ready
// Not a test file itself (no _test.cpp suffix).
#ifndef MPIO_TEST_IDENT_VPD83_BUILDER_HPP
#define MPIO_TEST_IDENT_VPD83_BUILDER_HPP

#include <mpio/core/byte_view.hpp>
#include <mpio/ident/device_identity.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace mpio_test {

// CODE SET and DESIGNATOR TYPE values, short names for the tables.
inline constexpr std::uint8_t binary = 1, ascii = 2, utf8 = 3;
inline constexpr std::uint8_t vs = 0, t10 = 1, eui = 2, naa = 3, rtp = 4, tpg = 5, lug = 6, md5 = 7, name = 8,
                              uuid = 0xA;

struct vpd83 {
    mpio::byte bytes[1100]{};
    std::size_t size = 4;

    constexpr vpd83() { bytes[1] = 0x83; }

    constexpr vpd83& raw(std::initializer_list<mpio::byte> b)
    {
        for (const mpio::byte x : b) bytes[size++] = x;
        return set_length();
    }
    constexpr vpd83& descriptor(std::uint8_t assoc, std::uint8_t code, std::uint8_t type,
                                std::initializer_list<mpio::byte> des)
    {
        bytes[size++] = code;
        bytes[size++] = static_cast<mpio::byte>((assoc << 4) | type);
        bytes[size++] = 0;
        bytes[size++] = static_cast<mpio::byte>(des.size());
        for (const mpio::byte x : des) bytes[size++] = x;
        return set_length();
    }
    // A descriptor of `n` copies of `fill` (long designators).
    constexpr vpd83& filled(std::uint8_t assoc, std::uint8_t code, std::uint8_t type,
                            std::initializer_list<mpio::byte> head, std::size_t n, mpio::byte fill)
    {
        bytes[size++] = code;
        bytes[size++] = static_cast<mpio::byte>((assoc << 4) | type);
        bytes[size++] = 0;
        bytes[size++] = static_cast<mpio::byte>(head.size() + n);
        for (const mpio::byte x : head) bytes[size++] = x;
        for (std::size_t i = 0; i < n; ++i) bytes[size++] = fill;
        return set_length();
    }
    constexpr vpd83& lu(std::uint8_t code, std::uint8_t type, std::initializer_list<mpio::byte> des)
    {
        return descriptor(0, code, type, des);
    }
    constexpr vpd83& port(std::uint8_t code, std::uint8_t type, std::initializer_list<mpio::byte> des)
    {
        return descriptor(1, code, type, des);
    }
    constexpr vpd83& device(std::uint8_t code, std::uint8_t type, std::initializer_list<mpio::byte> des)
    {
        return descriptor(2, code, type, des);
    }
    // PAGE LENGTH from what was added; `extra` claims more than is there.
    constexpr vpd83& set_length(std::size_t extra = 0)
    {
        const std::size_t n = size - 4 + extra;
        bytes[2] = static_cast<mpio::byte>(n >> 8);
        bytes[3] = static_cast<mpio::byte>(n);
        return *this;
    }
    [[nodiscard]] constexpr mpio::byte_view view() const { return {bytes, size}; }
};

template <mpio::ident::identity_scheme S>
constexpr mpio::ident::device_identity derive_with(const mpio::ident::identity_input& in)
{
    return mpio::ident::derive_identity<S>(in);
}
template <mpio::ident::identity_scheme S>
constexpr mpio::ident::device_identity derive_with(const vpd83& page, mpio::byte_view inquiry = {},
                                                   mpio::byte_view vpd80 = {})
{
    return mpio::ident::derive_identity<S>({inquiry, vpd80, page.view()});
}
template <mpio::ident::identity_scheme S>
constexpr bool text_is(const vpd83& page, const char* text)
{
    const mpio::ident::device_identity id = derive_with<S>(page);
    return id.found() && id.text().equals(text);
}
template <mpio::ident::identity_scheme S>
constexpr bool no_identity(const vpd83& page)
{
    return derive_with<S>(page).status() == mpio::ident::identity_status::none;
}
template <mpio::ident::identity_scheme S>
constexpr bool not_ready(const vpd83& page)
{
    return derive_with<S>(page).status() == mpio::ident::identity_status::not_ready;
}

} // namespace mpio_test

#endif // MPIO_TEST_IDENT_VPD83_BUILDER_HPP
