// SPDX-License-Identifier: MIT
// mpio/ident.hpp - umbrella header of the identity layer (include/mpio/ident/).
#ifndef MPIO_IDENT_HPP
#define MPIO_IDENT_HPP

#include <mpio/ident/claim.hpp>
#include <mpio/ident/device_identity.hpp>
#include <mpio/ident/hardware_id.hpp>
#include <mpio/ident/path_identity.hpp>
#include <mpio/ident/scheme_illumos_devid.hpp>
#include <mpio/ident/scheme_linux_wwid.hpp>
#include <mpio/ident/scheme_mpio.hpp>
#include <mpio/ident/scheme_msdsm.hpp>
#include <mpio/ident/scheme_multipath_tools.hpp>
#include <mpio/ident/scheme_sg3_utils_udev.hpp>
#include <mpio/ident/scheme_systemd_scsi_id.hpp>
#include <mpio/ident/schemes.hpp>

#endif // MPIO_IDENT_HPP
