// SPDX-License-Identifier: MIT
// mpio/scsi/vpd_scsi_ports.hpp - the SCSI Ports VPD page (88h).
//
// SPC-6 7.7 (VPD parameters), subclause and tables "SCSI Ports VPD page" and
// "SCSI port designation descriptor". The page is the 4-byte VPD header
// followed by one SCSI port designation descriptor per SCSI port of the
// target device through which the logical unit is accessible:
//
//   byte 0-1      reserved
//   byte 2-3      RELATIVE PORT IDENTIFIER
//   byte 4-5      reserved
//   byte 6-7      INITIATOR PORT TRANSPORTID LENGTH (k - 7)
//   byte 8-k      INITIATOR PORT TRANSPORTID (SPC-6 "TransportID identifiers")
//   byte k+1..k+2 reserved
//   byte k+3..k+4 TARGET PORT DESCRIPTORS LENGTH (n - (k + 4))
//   byte k+5..n   target port descriptors: designation descriptors (the
//                 format of the Device Identification page, see
//                 mpio/scsi/vpd_device_identification.hpp) naming the port
//
// Where the Device Identification page (83h) only names the port a command
// came through, this page lists every port that reaches the logical unit:
// the set of paths a multipath layer should expect to find. The initiator
// port TransportID is present only for a port that can also act as an
// initiator port; it is usually empty.
//
// The descriptors are iterated lazily (ports()). A descriptor whose lengths
// run past the end of the page stops the iteration with
// errc::descriptor_overrun (errc::too_short for a tail shorter than the
// 8-byte descriptor header); the descriptors before it stay usable. The
// target port descriptors of one port are a designation_descriptor_list with
// its own status().
#ifndef MPIO_SCSI_VPD_SCSI_PORTS_HPP
#define MPIO_SCSI_VPD_SCSI_PORTS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>
#include <mpio/scsi/vpd.hpp>
#include <mpio/scsi/vpd_device_identification.hpp>

namespace mpio::scsi {

class scsi_port_designation_descriptor {
public:
    // Bytes 0..7, up to INITIATOR PORT TRANSPORTID LENGTH.
    static constexpr std::size_t header_size = 8;
    // The reserved pair and TARGET PORT DESCRIPTORS LENGTH after the TransportID.
    static constexpr std::size_t target_port_header_size = 4;

    constexpr scsi_port_designation_descriptor() noexcept = default;
    // `bytes` is one whole descriptor, as the list yields it (its lengths
    // already checked); `offset` is where it starts in the descriptor list.
    constexpr scsi_port_designation_descriptor(byte_view bytes, std::size_t offset) noexcept
        : bytes_(bytes), offset_(offset)
    {}

    // 1 is port A, 2 port B and so on (0 is reserved); the same number as
    // the relative target port designator of the Device Identification page.
    [[nodiscard]] constexpr std::uint16_t relative_port_identifier() const noexcept { return load_be16(bytes_, 2); }

    [[nodiscard]] constexpr std::uint16_t initiator_port_transportid_length() const noexcept
    {
        return load_be16(bytes_, 6);
    }
    // The TransportID of the port as an initiator port: byte 0 holds FORMAT
    // CODE (7..6) and PROTOCOL IDENTIFIER (3..0); empty when the length is 0.
    [[nodiscard]] constexpr byte_view initiator_port_transportid() const noexcept
    {
        return bytes_.subview(header_size, initiator_port_transportid_length());
    }

    [[nodiscard]] constexpr std::uint16_t target_port_descriptors_length() const noexcept
    {
        return load_be16(bytes_, target_port_header_offset() + 2);
    }
    // The target port descriptors, lazily (usually a relative target port
    // designator and a port name: NAA, SCSI name string...).
    [[nodiscard]] constexpr designation_descriptor_list target_port_descriptors() const noexcept
    {
        return designation_descriptor_list(
            bytes_.subview(target_port_header_offset() + target_port_header_size, target_port_descriptors_length()));
    }

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

private:
    constexpr std::size_t target_port_header_offset() const noexcept
    {
        return header_size + std::size_t{initiator_port_transportid_length()};
    }

    byte_view bytes_;
    std::size_t offset_ = 0;
};

namespace detail {
struct scsi_port_designation_descriptor_traits {
    using value_type = scsi_port_designation_descriptor;
    // 8 + TransportID + 4 + target port descriptors, checked in two steps:
    // TARGET PORT DESCRIPTORS LENGTH is only where the TransportID ends.
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        using d = scsi_port_designation_descriptor;
        if (rest.size() < d::header_size) return failure(errc::too_short);
        const std::size_t target_header = d::header_size + std::size_t{load_be16(rest, 6)};
        if (target_header + d::target_port_header_size > rest.size()) return failure(errc::descriptor_overrun);
        const std::size_t size =
            target_header + d::target_port_header_size + std::size_t{load_be16(rest, target_header + 2)};
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr scsi_port_designation_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return scsi_port_designation_descriptor(entry, offset);
    }
};
} // namespace detail

using scsi_port_designation_descriptor_list = descriptor_list<detail::scsi_port_designation_descriptor_traits>;

class scsi_ports : public vpd_page {
public:
    constexpr scsi_ports() noexcept = default;
    constexpr explicit scsi_ports(vpd_page page) noexcept : vpd_page(page) {}

    // The common VPD header fields are inherited from vpd_page. A truncated
    // page usually ends inside a descriptor, which then stops the iteration
    // with errc::descriptor_overrun: re-issue with required_allocation_length().
    [[nodiscard]] constexpr const vpd_page& header() const noexcept { return *this; }

    // The SCSI port designation descriptors, lazily.
    [[nodiscard]] constexpr scsi_port_designation_descriptor_list ports() const noexcept
    {
        return scsi_port_designation_descriptor_list(payload());
    }

    // The descriptor of the port with this relative port identifier;
    // errc::not_found, or the error that stopped the walk before it.
    [[nodiscard]] constexpr result<scsi_port_designation_descriptor> find(std::uint16_t relative_port) const noexcept
    {
        const scsi_port_designation_descriptor_list list = ports();
        auto it = list.begin();
        for (; !it.done(); ++it) {
            const scsi_port_designation_descriptor d = *it;
            if (d.relative_port_identifier() == relative_port) return d;
        }
        return failure(it.error() == errc::none ? errc::not_found : it.error());
    }
};

// errc::too_short when the 4-byte header is incomplete, errc::wrong_page_code
// when PAGE CODE is not 88h. Malformed descriptors are reported by the
// iteration, not here.
[[nodiscard]] constexpr result<scsi_ports> parse_scsi_ports(byte_view bytes) noexcept
{
    return detail::parse_vpd_page_as<scsi_ports>(bytes, vpd_page_code::scsi_ports);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VPD_SCSI_PORTS_HPP
