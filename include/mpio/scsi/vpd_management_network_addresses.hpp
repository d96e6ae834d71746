// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_management_network_addresses.hpp - the Management Network
// Addresses VPD page (85h).
//
// SPC-6 7.7 (VPD parameters), subclause and tables "Management Network
// Addresses VPD page" and "Network service descriptor". The page is the 4-byte VPD header followed by a list
// of network service descriptors:
//
//   byte 0    reserved | ASSOCIATION (6..5) | SERVICE TYPE (4..0)
//   byte 1    reserved
//   byte 2-3  NETWORK ADDRESS LENGTH (n - 3), a multiple of four
//   byte 4-n  NETWORK ADDRESS: a URL (RFC 3986) in ASCII, NUL-terminated and
//             NUL-padded to NETWORK ADDRESS LENGTH
//
// Each descriptor tells where a management service of the logical unit, the
// target port or the target device (the ASSOCIATION, as in the Device
// Identification page) listens: e.g. "https://array.example/config" for the
// storage configuration service. A multipath tool shows them; nothing in
// the I/O path depends on them.
//
// The descriptors are iterated lazily (network_services()). One whose
// NETWORK ADDRESS LENGTH runs past the end of the page stops the iteration
// with errc::descriptor_overrun (errc::too_short for a tail shorter than a
// descriptor header); the descriptors before it stay usable. A NETWORK
// ADDRESS LENGTH that is not a multiple of four, or an address without its
// NUL, does not stop the iteration (the length still says where the next
// descriptor starts): length_multiple_of_four() and null_terminated() report
// it.
#ifndef MPIO_SCSI_VPD_MANAGEMENT_NETWORK_ADDRESSES_HPP
#define MPIO_SCSI_VPD_MANAGEMENT_NETWORK_ADDRESSES_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_device_identification.hpp> // association

namespace mpio::scsi {

// SERVICE TYPE (SPC-6 table "SERVICE TYPE field").
enum class network_service_type : std::uint8_t {
    unspecified = 0x00,
    storage_configuration_service = 0x01,
    diagnostics = 0x02,
    status = 0x03,
    logging = 0x04,
    code_download = 0x05,
    copy_service = 0x06,
    administrative_configuration_service = 0x07,
    // 08h..1Fh reserved
};

[[nodiscard]] constexpr const char* to_string(network_service_type t) noexcept
{
    switch (t) {
    case network_service_type::unspecified: return "unspecified";
    case network_service_type::storage_configuration_service: return "storage configuration service";
    case network_service_type::diagnostics: return "diagnostics";
    case network_service_type::status: return "status";
    case network_service_type::logging: return "logging";
    case network_service_type::code_download: return "code download";
    case network_service_type::copy_service: return "copy service";
    case network_service_type::administrative_configuration_service: return "administrative configuration service";
    }
    return "reserved";
}

class network_service_descriptor {
public:
    static constexpr std::size_t header_size = 4;

    constexpr network_service_descriptor() noexcept = default;
    // `bytes` is one whole descriptor, as the list yields it; `offset` is
    // where it starts in the descriptor list.
    constexpr network_service_descriptor(byte_view bytes, std::size_t offset) noexcept : bytes_(bytes), offset_(offset)
    {}

    // What the service belongs to: the logical unit, the target port or the
    // target device (the Device Identification page's association).
    [[nodiscard]] constexpr scsi::association association() const noexcept
    {
        return static_cast<scsi::association>(bits(bytes_.at_or(0), 6, 5));
    }
    [[nodiscard]] constexpr network_service_type service_type() const noexcept
    {
        return static_cast<network_service_type>(bits(bytes_.at_or(0), 4, 0));
    }
    [[nodiscard]] constexpr std::uint16_t network_address_length() const noexcept { return load_be16(bytes_, 2); }

    // The NETWORK ADDRESS field, all NETWORK ADDRESS LENGTH bytes (padding included).
    [[nodiscard]] constexpr byte_view network_address_bytes() const noexcept { return bytes_.subview(header_size); }
    // The URL: the field up to its first NUL (all of it when there is none).
    [[nodiscard]] constexpr ascii_view network_address() const noexcept
    {
        return ascii_view(network_address_bytes()).until_nul();
    }
    // A NUL follows the URL inside the field.
    [[nodiscard]] constexpr bool null_terminated() const noexcept
    {
        return network_address().size() < network_address_bytes().size();
    }
    // The standard asks for a NETWORK ADDRESS LENGTH that is a multiple of four.
    [[nodiscard]] constexpr bool length_multiple_of_four() const noexcept { return network_address_length() % 4 == 0; }

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

namespace detail {
struct network_service_descriptor_traits {
    using value_type = network_service_descriptor;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < network_service_descriptor::header_size) return failure(errc::too_short);
        const std::size_t size = network_service_descriptor::header_size + std::size_t{load_be16(rest, 2)};
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr network_service_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return network_service_descriptor(entry, offset);
    }
};
} // namespace detail

using network_service_descriptor_list = descriptor_list<detail::network_service_descriptor_traits>;

class management_network_addresses : public vpd_page {
public:
    constexpr management_network_addresses() noexcept = default;
    constexpr explicit management_network_addresses(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields are inherited from vpd_page. A truncated
    // page usually ends inside a descriptor, which then stops the iteration
    // with errc::descriptor_overrun: re-issue with required_allocation_length().
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    // The network service descriptors, lazily.
    [[nodiscard]] constexpr network_service_descriptor_list network_services() const noexcept
    {
        return network_service_descriptor_list(payload());
    }

    // The first descriptor for this service type and association.
    [[nodiscard]] constexpr result<network_service_descriptor> find(network_service_type type,
                                                                    scsi::association assoc) const noexcept
    {
        const network_service_descriptor_list list = network_services();
        auto it = list.begin();
        for (; !it.done(); ++it) {
            const network_service_descriptor d = *it;
            if (d.service_type() == type && d.association() == assoc) return d;
        }
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not 85h. Malformed descriptors are reported by the
// iteration, not here.
[[nodiscard]] constexpr result<management_network_addresses>
parse_management_network_addresses(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<management_network_addresses>(bytes, vpd_page_code::management_network_addresses);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_MANAGEMENT_NETWORK_ADDRESSES_HPP
