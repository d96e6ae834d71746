// SPDX-License-Identifier: MIT
// The user profile the config probe compiles every public header with
// (-DMPIO_USER_CONFIG="user_config_probe.hpp"), as a driver project would
// name its own. A header that does not include core/config.hpp misses the
// marker; one that defines an MPIO_* default before it redefines
// MPIO_CACHE_LINE (a -Werror error).
#ifndef MPIO_TESTS_CONFIG_USER_CONFIG_PROBE_HPP
#define MPIO_TESTS_CONFIG_USER_CONFIG_PROBE_HPP

#define MPIO_TEST_USER_CONFIG_SEEN 1
#define MPIO_CACHE_LINE 128

#endif // MPIO_TESTS_CONFIG_USER_CONFIG_PROBE_HPP
