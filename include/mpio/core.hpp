// SPDX-License-Identifier: MIT
// mpio/core.hpp - the core layer: configuration, errors, results, byte views,
// big-endian access and fixed-capacity text.
#ifndef MPIO_CORE_HPP
#define MPIO_CORE_HPP

#include <mpio/core/config.hpp>
#include <mpio/core/version.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/core/byte_view.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/fixed_text.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/tick.hpp>

#endif // MPIO_CORE_HPP
