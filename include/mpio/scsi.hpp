// SPDX-License-Identifier: MIT
// mpio/scsi.hpp - the SCSI layer: parsers of SCSI responses and CDB builders.
#ifndef MPIO_SCSI_HPP
#define MPIO_SCSI_HPP

// One clear error under an older standard, not pages of its consequences
// (core/config.hpp checks the same for a single header).
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 202002L
#error                                                                                                                 \
    "mpio needs C++20 or later (-std=c++20 or newer); CI checks GCC 12, Clang 14, arm-none-eabi-g++ 12, MinGW-w64 g++ 12 and s390x-linux-gnu-g++ 12"
#else

#include <mpio/core/config.hpp>
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/cdb.hpp>
#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_supported_pages.hpp>
#include <mpio/scsi/vpd_unit_serial_number.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>
#include <mpio/scsi/vpd_management_network_addresses.hpp>
#include <mpio/scsi/vpd_extended_inquiry.hpp>
#include <mpio/scsi/vpd_mode_page_policy.hpp>
#include <mpio/scsi/vpd_scsi_ports.hpp>
#include <mpio/scsi/vpd_block_limits.hpp>
#include <mpio/scsi/vpd_block_device_characteristics.hpp>
#include <mpio/scsi/vpd_logical_block_provisioning.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>
#include <mpio/scsi/status.hpp>
#include <mpio/scsi/sense_key.hpp>
#include <mpio/scsi/sense_key_specific.hpp>
#include <mpio/scsi/sense_descriptors.hpp>
#include <mpio/scsi/sense_data.hpp>
#include <mpio/scsi/lun.hpp>
#include <mpio/scsi/report_luns.hpp>
#include <mpio/scsi/read_capacity.hpp>
#include <mpio/scsi/report_supported_operation_codes.hpp>
#include <mpio/scsi/persistent_reservation.hpp>
#include <mpio/scsi/transport_id.hpp>
#include <mpio/scsi/persistent_reserve_in.hpp>
#include <mpio/scsi/persistent_reserve_out.hpp>

#endif // C++20

#endif // MPIO_SCSI_HPP
