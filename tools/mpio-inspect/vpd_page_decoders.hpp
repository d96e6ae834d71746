// SPDX-License-Identifier: MIT
// vpd_page_decoders.hpp - decoders of individual VPD pages, by page code.
//
// Adding a page decoder is one file (vpd_page_<name>.cpp defining a
// `const vpd_page_decoder`) plus one registration line in
// vpd_page_decoders.cpp. Pages without a decoder are shown as header + hex
// payload, marked "not decoded yet".
#ifndef MPIO_INSPECT_VPD_PAGE_DECODERS_HPP
#define MPIO_INSPECT_VPD_PAGE_DECODERS_HPP

#include <cstddef>
#include <cstdint>
#include <string>

#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

#include "report.hpp"

namespace mpio_inspect {

struct vpd_page_decoder {
    std::uint8_t page_code;
    // B0h..BFh pages mean different things for different device types: true
    // when this decoder is for the SBC (block device) meaning only.
    bool block_devices_only;
    // Adds the page's fields after its header. `offset` is where the page
    // starts in the file's data: error offsets in the report are absolute.
    void (*decode)(const mpio::scsi::vpd_page& page, std::size_t offset, record& out);
    // For auto-detection: why the page does not look like a real one of its
    // kind (e.g. an unsorted supported page list), or empty. May be null.
    std::string (*implausible)(const mpio::scsi::vpd_page& page);
};

// One designation descriptor of a Device Identification page (83h) as a
// record (vpd_page_device_identification.cpp); `at` is its offset in the
// file's data. Sense data's device designation descriptor holds one too.
record designation_descriptor_record(const mpio::scsi::designation_descriptor& d, std::size_t index, std::size_t at);

// A descriptor walk of a page stopped before the end (errc `e`, at byte `at`
// of the file's data, `left` bytes before the end of the list, after `count`
// good descriptors): a note when the page is truncated (the cut falls in a
// descriptor), else an error naming `what` ("network service descriptor")
// and its header size.
void report_walk_end(record& out, const mpio::scsi::vpd_page& page, mpio::errc e, std::size_t at, std::size_t left,
                     std::size_t count, const char* what, std::size_t header_size);

// The decoder for a page, or null when there is none yet.
const vpd_page_decoder* find_vpd_page_decoder(std::uint8_t page_code, std::uint8_t peripheral_device_type);

} // namespace mpio_inspect

#endif // MPIO_INSPECT_VPD_PAGE_DECODERS_HPP
