// SPDX-License-Identifier: MIT
// The one Catch2 main of the unit tests (Debian's libCatch2WithMain is x86-64
// only, and a single main keeps the s390x cross build simple).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
