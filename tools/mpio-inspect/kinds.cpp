// SPDX-License-Identifier: MIT
// kinds.cpp - the registry of kinds (see kinds.hpp). One line per kind; the
// order is the auto-detection priority when several kinds are plausible.
#include "kinds.hpp"

namespace mpio_inspect {

extern const kind vpd_pages_kind;                 // kind_vpd_pages.cpp
extern const kind standard_inquiry_kind;          // kind_standard_inquiry.cpp
extern const kind sense_data_kind;                // kind_sense_data.cpp
extern const kind report_luns_kind;               // kind_report_luns.cpp
extern const kind report_target_port_groups_kind; // kind_report_target_port_groups.cpp (auto-detected when complete)
extern const kind read_capacity_16_kind;          // kind_read_capacity_16.cpp (--as only)
extern const kind read_capacity_10_kind;          // kind_read_capacity_10.cpp (--as only)
extern const kind report_supported_operation_codes_kind; // kind_report_supported_operation_codes.cpp (--as only)
extern const kind pr_keys_kind, pr_reservation_kind, pr_capabilities_kind,
    pr_full_status_kind; // kind_persistent_reserve_in.cpp (--as only)

extern const kind nvme_id_ctrl_kind, nvme_id_ns_kind, nvme_ns_descs_kind; // kind_nvme_identify.cpp (--as only)
extern const kind nvme_ana_log_kind;                                      // kind_nvme_ana_log.cpp (--as only)
extern const kind nvme_status_kind;                                       // kind_nvme_status.cpp (--as only)

namespace {
constexpr const kind* registry[] = {
    &vpd_pages_kind,
    &standard_inquiry_kind,
    &sense_data_kind,
    &report_luns_kind,
    &report_target_port_groups_kind,
    &read_capacity_16_kind,
    &read_capacity_10_kind,
    &report_supported_operation_codes_kind,
    &pr_keys_kind,
    &pr_reservation_kind,
    &pr_capabilities_kind,
    &pr_full_status_kind,
    &nvme_id_ctrl_kind,
    &nvme_id_ns_kind,
    &nvme_ns_descs_kind,
    &nvme_ana_log_kind,
    &nvme_status_kind,
};
} // namespace

std::span<const kind* const> all_kinds() { return registry; }

const kind* find_kind(const std::string& name)
{
    for (const kind* k : registry)
        if (name == k->name) return k;
    return nullptr;
}

} // namespace mpio_inspect
