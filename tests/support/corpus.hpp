// SPDX-License-Identifier: MIT
// tests/support/corpus.hpp - helpers the SCSI tests share for the sample
// responses in tests/data/sg3_utils-inhex/ (hosted code: tests only).
//
//   load(name)    the bytes of tests/data/sg3_utils-inhex/<name> (.hex or
//                 .raw); a file that cannot be read fails the test case;
//   view(bytes)   a byte_view of loaded bytes;
//   every_prefix(whole, header_size, parse, check)
//                 the truncation rule every parser follows
//                 (docs/rules.md P2), over every prefix of a real response.
//
// Not a test file itself (no _test.cpp suffix, so the glob in
// tests/CMakeLists.txt skips it): include it as "../support/corpus.hpp".
#ifndef MPIO_TEST_SUPPORT_CORPUS_HPP
#define MPIO_TEST_SUPPORT_CORPUS_HPP

#include <mpio/core/byte_view.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/hosted/hex_input.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace mpio_test {

// The bytes of tests/data/sg3_utils-inhex/<name>. REQUIREs that the file was
// read and parsed, and names the file and the reason when it was not.
inline std::vector<mpio::byte> load(const char* name)
{
    const mpio::hosted::input_bytes in =
        mpio::hosted::load_bytes(std::string(MPIO_TEST_DATA_DIR) + "/sg3_utils-inhex/" + name);
    INFO(name << ": " << in.error.reason);
    REQUIRE(in.ok);
    return in.bytes;
}

inline mpio::byte_view view(const std::vector<mpio::byte>& bytes) { return {bytes.data(), bytes.size()}; }

// Runs `parse` (byte_view -> mpio::result<X>) on every prefix of `whole`, from
// 0 bytes to all of them: a prefix shorter than `header_size` must fail with
// errc::too_short, a longer one must parse, and `check(x, n)` then tests the
// view `x` parsed from the first `n` bytes. Failures name the prefix length.
template <class Parse, class Check>
void every_prefix(mpio::byte_view whole, std::size_t header_size, Parse parse, Check check)
{
    for (std::size_t n = 0; n <= whole.size(); ++n) {
        INFO("prefix " << n);
        const auto r = parse(whole.first(n));
        if (n < header_size) {
            CHECK(r.error() == mpio::errc::too_short);
            continue;
        }
        REQUIRE(r.has_value());
        check(*r, n);
    }
}

} // namespace mpio_test

#endif // MPIO_TEST_SUPPORT_CORPUS_HPP
