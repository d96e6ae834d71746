// SPDX-License-Identifier: MIT
// kind_vpd_pages.cpp - one or more VPD pages back to back (SPC-6 7.7), as
// `sg_vpd -a -HHHH` and sg3_utils' hex files hold them: each page is
// 4 + PAGE LENGTH bytes. Every page gets its header decoded; the pages with a
// decoder (vpd_page_decoders.cpp) get their fields, the others a hex dump
// marked "not decoded yet".
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <mpio/scsi/inquiry.hpp>
#include <mpio/scsi/vpd.hpp>

#include "kinds.hpp"
#include "vpd_page_decoders.hpp"

namespace mpio_inspect {
namespace {

using mpio::scsi::vpd_page;

// Why the header of a page does not look like one a device would send, or
// empty. The peripheral qualifier rules are SPC-6's (table "Peripheral
// qualifier"): 010b is reserved, 011b goes with device type 1Fh only, 1xxb is
// vendor specific (seen in sense data misread as VPD, hardly in real pages).
std::string implausible_header(const vpd_page& page)
{
    const unsigned qualifier = page.peripheral_qualifier();
    const unsigned type = page.peripheral_device_type();
    if (qualifier == 2) return "peripheral qualifier 2 is reserved";
    if (qualifier >= 4) return fmt::format("peripheral qualifier {} is vendor specific", qualifier);
    if (qualifier == 3 && type != 0x1f)
        return fmt::format("peripheral qualifier 3 needs device type 1Fh, not {:02X}h", type);
    if (const vpd_page_decoder* d = find_vpd_page_decoder(page.page_code(), page.peripheral_device_type());
        d != nullptr && d->implausible != nullptr)
        return d->implausible(page);
    return {};
}

// Zero bytes after the last page are padding, not pages: a capture of one
// page with a larger allocation length than the page needed (SPC: the device
// returns PAGE LENGTH + 4 bytes; the rest of the buffer is the caller's).
bool zero_padding(mpio::byte_view rest)
{
    for (const mpio::byte b : rest)
        if (b != 0) return false;
    return true;
}

detection detect(mpio::byte_view data)
{
    if (data.size() < vpd_page::header_size)
        return {detection::verdict::impossible, "fewer than 4 bytes, not even a VPD page header", 0};

    const mpio::scsi::vpd_page_list pages(data);
    std::string codes;
    std::string reserved; // page codes no standard (known to mpio) assigns
    std::size_t count = 0;
    bool truncated = false;
    auto it = pages.begin();
    for (; !it.done(); ++it) {
        if (count > 0 && zero_padding(data.subview(it.offset()))) break;
        const vpd_page page = *it;
        if (const std::string why = implausible_header(page); !why.empty())
            return {detection::verdict::unlikely, fmt::format("page at offset {}: {}", it.offset(), why), it.offset()};
        codes += fmt::format("{}{:02X}h", count == 0 ? "" : " ", page.page_code());
        if (std::string_view(mpio::scsi::vpd_page_name(page.page_code(), page.peripheral_device_type())) == "reserved")
            reserved += fmt::format("{}{:02X}h", reserved.empty() ? "" : " ", page.page_code());
        truncated = page.truncated();
        ++count;
    }
    if (it.error() != mpio::errc::none)
        return {detection::verdict::unlikely,
                fmt::format("{} bytes after the last page are too few for a page header", data.size() - it.offset()),
                it.offset()};

    // A truncated last page is weak evidence: its PAGE LENGTH is checked
    // against nothing, and standard INQUIRY data read as a VPD page always
    // looks truncated (its bytes 2..3, VERSION and RESPONSE DATA FORMAT, make
    // a large PAGE LENGTH). Reserved page codes are weak evidence too, but a
    // newer standard may have assigned them: only pages that fill the data
    // exactly may have one.
    const std::string pages_text = fmt::format(
        "{} VPD page{} ({})", count == 1 ? std::string("a") : std::to_string(count), count == 1 ? "" : "s", codes);
    if (truncated && !reserved.empty())
        return {detection::verdict::unlikely,
                fmt::format("{}, the last one truncated, with reserved page codes ({})", pages_text, reserved), 0};
    if (truncated)
        return {detection::verdict::plausible, pages_text + (count == 1 ? ", truncated" : ", the last one truncated"),
                0, detection::confidence::weak};
    const std::size_t padding = it.done() ? 0 : data.size() - it.offset();
    const std::string fill =
        padding == 0 ? fmt::format("{} fill{} the {} bytes exactly", pages_text, count == 1 ? "s" : "", data.size())
                     : fmt::format("{} fill{} the {} bytes exactly, then {} zero bytes of padding", pages_text,
                                   count == 1 ? "s" : "", data.size() - padding, padding);
    if (!reserved.empty())
        return {detection::verdict::plausible,
                fmt::format("{}; reserved page code{}: {}", fill, reserved.size() > 3 ? "s" : "", reserved), 0,
                detection::confidence::medium};
    return {detection::verdict::plausible, fill, 0, detection::confidence::strong};
}

// The header fields every page has, then the page's own fields.
record decode_page(const vpd_page& page, std::size_t offset)
{
    const std::uint8_t type = page.peripheral_device_type();
    const char* page_name = mpio::scsi::vpd_page_name(page.page_code(), type);
    record r(fmt::format("VPD page 0x{:02x}: {} [offset {}, {} bytes]", page.page_code(), page_name, offset,
                         page.bytes().size()));
    r.number("offset", "", offset);
    r.code("peripheral_qualifier", "Peripheral qualifier", page.peripheral_qualifier(), 0,
           to_string(static_cast<mpio::scsi::peripheral_qualifier>(page.peripheral_qualifier())));
    r.code("peripheral_device_type", "Peripheral device type", type, 2,
           to_string(static_cast<mpio::scsi::peripheral_device_type>(type)));
    r.code("page_code", "Page code", page.page_code(), 2, page_name, "page_name");
    r.number("page_length", "Page length", page.page_length());
    r.number("returned_length", "", page.bytes().size());
    r.flag("truncated", page.truncated() ? "Truncated" : "", page.truncated());
    r.number("required_allocation_length", page.truncated() ? "Required allocation length" : "",
             page.required_allocation_length());
    if (page.truncated())
        r.note(fmt::format("truncated: {} of {} bytes returned; re-issue the INQUIRY with an allocation length of "
                           "at least {}",
                           page.bytes().size(), page.required_allocation_length(), page.required_allocation_length()));

    const vpd_page_decoder* decoder = find_vpd_page_decoder(page.page_code(), type);
    r.flag("decoded", "", decoder != nullptr);
    if (decoder != nullptr)
        decoder->decode(page, offset, r);
    else
        r.dump("payload_hex", "Payload", page.payload(), "not decoded yet");
    return r;
}

mpio_inspect::decode_outcome decode(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    if (data.size() < vpd_page::header_size)
        return {false, {"too_short", "fewer than 4 bytes, not even a VPD page header", 0}};

    const mpio::scsi::vpd_page_list pages(data);
    std::vector<record>& list = body.list("pages", "");
    std::size_t padding = 0;
    auto it = pages.begin();
    for (; !it.done(); ++it) {
        if (!list.empty() && zero_padding(data.subview(it.offset()))) {
            padding = data.size() - it.offset();
            break;
        }
        list.push_back(decode_page(*it, it.offset()));
    }
    body.number("trailing_zero_bytes", "", padding);
    if (padding != 0)
        body.note(fmt::format("{} zero bytes after the last page (offset {}) are padding, not pages", padding,
                              data.size() - padding));
    if (padding == 0 && it.error() != mpio::errc::none)
        body.error(
            {mpio::errc_name(it.error()),
             fmt::format("{} bytes after the last page are too few for a VPD page header", data.size() - it.offset()),
             it.offset()});
    return {};
}

} // namespace

extern const kind vpd_pages_kind{"vpd", "vpd_pages", "VPD pages", detect, decode};

} // namespace mpio_inspect
