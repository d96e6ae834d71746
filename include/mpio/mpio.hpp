// SPDX-License-Identifier: MIT
// mpio/mpio.hpp - umbrella header: every freestanding part of mpio.
// Hosted helpers (include/mpio/hosted/) are opt-in and not included here.
#ifndef MPIO_MPIO_HPP
#define MPIO_MPIO_HPP

#include <mpio/core.hpp>
#include <mpio/scsi.hpp>
#include <mpio/ident.hpp>
#include <mpio/topology.hpp>
#include <mpio/policy.hpp>
#include <mpio/recovery.hpp>
#include <mpio/engine.hpp>

#endif // MPIO_MPIO_HPP
