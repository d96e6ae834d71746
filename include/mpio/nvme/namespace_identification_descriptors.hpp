// SPDX-License-Identifier: MIT
// mpio/nvme/namespace_identification_descriptors.hpp - the Namespace
// Identification Descriptor list (Identify, CNS 03h): the globally unique
// identifiers of a namespace and its command set.
//
// NVM Express Base Specification 2.x, Namespace Identification Descriptor
// list, 4096 bytes. Descriptors follow each other from byte 0:
//
//   byte 0     NIDT  Namespace Identifier Type
//   byte 1     NIDL  Namespace Identifier Length
//   bytes 2-3  reserved
//   bytes 4-   NID   Namespace Identifier, NIDL bytes
//
//   NIDT 1h  IEEE Extended Unique Identifier (EUI-64), NIDL 8
//   NIDT 2h  Namespace Globally Unique Identifier (NGUID), NIDL 16
//   NIDT 3h  Namespace UUID (UUID), NIDL 16
//   NIDT 4h  Command Set Identifier (CSI), NIDL 1
//
// The list ends at the first descriptor whose NIDL is 0 (the rest of the
// 4096 bytes is zero), or at the end of the data.
//
// Rules, after the description of the Linux kernel's
// nvme_identify_ns_descs() / nvme_process_ns_desc()
// (drivers/nvme/host/core.c): a known type with any other NIDL is an error
// (errc::length_mismatch; the kernel stops there, keeping what it read
// before); an unknown type is skipped by its NIDL. mpio adds the bounds the
// kernel leaves to its zeroed 4096-byte buffer: fewer than 4 bytes left for
// a header is errc::too_short, a NID running past the data
// errc::descriptor_overrun. Data shorter than 4096 bytes without a
// terminating NIDL 0 is truncated(). collect_namespace_ids() applies the
// descriptors the way the kernel fills its struct nvme_ns_ids: each one
// overwrites the field of its type, so the last one of a type wins.
#ifndef MPIO_NVME_NAMESPACE_IDENTIFICATION_DESCRIPTORS_HPP
#define MPIO_NVME_NAMESPACE_IDENTIFICATION_DESCRIPTORS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/byte_view.hpp>
#include <mpio/core/descriptor_list.hpp>
#include <mpio/core/endian.hpp>
#include <mpio/core/errc.hpp>
#include <mpio/core/result.hpp>

namespace mpio::nvme {

enum class namespace_identifier_type : std::uint8_t {
    eui64 = 0x1,
    nguid = 0x2,
    uuid = 0x3,
    csi = 0x4,
    // 0h, 5h..FFh reserved
};

[[nodiscard]] constexpr const char* to_string(namespace_identifier_type t) noexcept
{
    switch (t) {
    case namespace_identifier_type::eui64: return "IEEE Extended Unique Identifier";
    case namespace_identifier_type::nguid: return "Namespace Globally Unique Identifier";
    case namespace_identifier_type::uuid: return "Namespace UUID";
    case namespace_identifier_type::csi: return "Command Set Identifier";
    }
    return "reserved";
}

// The NIDL a type must have; 0 for a type without a fixed length (unknown).
[[nodiscard]] constexpr std::uint8_t namespace_identifier_length(namespace_identifier_type t) noexcept
{
    switch (t) {
    case namespace_identifier_type::eui64: return 8;
    case namespace_identifier_type::nguid:
    case namespace_identifier_type::uuid: return 16;
    case namespace_identifier_type::csi: return 1;
    }
    return 0;
}

// Command Set Identifier values.
enum class command_set_identifier : std::uint8_t {
    nvm = 0x0,
    key_value = 0x1,
    zoned_namespace = 0x2,
};

[[nodiscard]] constexpr const char* to_string(command_set_identifier c) noexcept
{
    switch (c) {
    case command_set_identifier::nvm: return "NVM Command Set";
    case command_set_identifier::key_value: return "Key Value Command Set";
    case command_set_identifier::zoned_namespace: return "Zoned Namespace Command Set";
    }
    return "reserved";
}

class namespace_identification_descriptor {
public:
    static constexpr std::size_t header_size = 4;

    constexpr namespace_identification_descriptor() noexcept = default;
    constexpr namespace_identification_descriptor(byte_view bytes, std::size_t offset) noexcept
        : bytes_(bytes), offset_(offset)
    {}

    [[nodiscard]] constexpr namespace_identifier_type nidt() const noexcept
    {
        return static_cast<namespace_identifier_type>(bytes_.at_or(0));
    }
    [[nodiscard]] constexpr std::uint8_t nidl() const noexcept { return bytes_.at_or(1); }
    [[nodiscard]] constexpr byte_view nid() const noexcept { return bytes_.subview(header_size); }
    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return offset_; }

private:
    byte_view bytes_;
    std::size_t offset_ = 0;
};

namespace detail {
struct namespace_identification_descriptor_traits {
    using value_type = namespace_identification_descriptor;
    static constexpr result<std::size_t> entry_size(byte_view rest) noexcept
    {
        if (rest.size() < namespace_identification_descriptor::header_size) return failure(errc::too_short);
        const std::uint8_t expected = namespace_identifier_length(static_cast<namespace_identifier_type>(rest[0]));
        if (expected != 0 && rest[1] != expected) return failure(errc::length_mismatch);
        const std::size_t size = namespace_identification_descriptor::header_size + rest[1];
        if (size > rest.size()) return failure(errc::descriptor_overrun);
        return size;
    }
    static constexpr namespace_identification_descriptor make(byte_view entry, std::size_t offset) noexcept
    {
        return namespace_identification_descriptor(entry, offset);
    }
};

// Where the list ends: the offset of the first NIDL 0 header, else the end
// of the data (a malformed descriptor before it is left for the iteration
// to report).
constexpr std::size_t namespace_identification_list_end(byte_view bytes, bool& terminated) noexcept
{
    std::size_t at = 0;
    terminated = false;
    while (bytes.size() - at >= 2) {
        if (bytes[at + 1] == 0) {
            terminated = true;
            return at;
        }
        const result<std::size_t> r = namespace_identification_descriptor_traits::entry_size(bytes.subview(at));
        if (!r) break;
        at += *r;
    }
    return bytes.size();
}
} // namespace detail

using namespace_identification_descriptor_list = descriptor_list<detail::namespace_identification_descriptor_traits>;

// What the descriptors say, as the kernel's struct nvme_ns_ids holds it.
struct namespace_ids {
    byte eui64[8]{};
    byte nguid[16]{};
    byte uuid[16]{};
    std::uint8_t csi = 0;
    bool csi_seen = false;
};

class namespace_identification_descriptors {
public:
    static constexpr std::size_t size = 4096;

    constexpr namespace_identification_descriptors() noexcept = default;
    constexpr explicit namespace_identification_descriptors(byte_view bytes) noexcept : bytes_(bytes)
    {
        end_ = detail::namespace_identification_list_end(bytes, terminated_);
    }

    [[nodiscard]] constexpr byte_view bytes() const noexcept { return bytes_; }
    // Ended by a NIDL 0 header (else by the end of the data).
    [[nodiscard]] constexpr bool terminated() const noexcept { return terminated_; }
    [[nodiscard]] constexpr bool truncated() const noexcept { return !terminated_ && bytes_.size() < size; }
    [[nodiscard]] constexpr std::size_t required_allocation_length() const noexcept { return size; }

    [[nodiscard]] constexpr namespace_identification_descriptor_list descriptors() const noexcept
    {
        return namespace_identification_descriptor_list(bytes_.first(end_));
    }
    [[nodiscard]] constexpr list_status status() const noexcept { return descriptors().status(); }

    // The NID of the last well-formed descriptor of type `t`, or
    // errc::not_found (also when the walk stopped before any).
    [[nodiscard]] constexpr result<byte_view> find(namespace_identifier_type t) const noexcept
    {
        byte_view found;
        bool seen = false;
        for (const namespace_identification_descriptor d : descriptors())
            if (d.nidt() == t) {
                found = d.nid();
                seen = true;
            }
        if (!seen) return failure(errc::not_found);
        return found;
    }

private:
    byte_view bytes_;
    std::size_t end_ = 0;
    bool terminated_ = false;
};

// Never fails: an empty list is a valid answer (a controller before NVMe
// 1.3 returns zeros). Malformed descriptors are reported by status().
[[nodiscard]] constexpr result<namespace_identification_descriptors>
parse_namespace_identification_descriptors(byte_view bytes) noexcept
{
    return namespace_identification_descriptors(bytes);
}

// Fills `ids` from the well-formed descriptors, each overwriting the field
// of its type (unknown types skipped), and returns the walk's status.
constexpr list_status collect_namespace_ids(const namespace_identification_descriptors& list,
                                            namespace_ids& ids) noexcept
{
    for (const namespace_identification_descriptor d : list.descriptors()) {
        const byte_view nid = d.nid();
        switch (d.nidt()) {
        case namespace_identifier_type::eui64:
            for (std::size_t i = 0; i < 8; ++i) ids.eui64[i] = nid[i];
            break;
        case namespace_identifier_type::nguid:
            for (std::size_t i = 0; i < 16; ++i) ids.nguid[i] = nid[i];
            break;
        case namespace_identifier_type::uuid:
            for (std::size_t i = 0; i < 16; ++i) ids.uuid[i] = nid[i];
            break;
        case namespace_identifier_type::csi:
            ids.csi = nid[0];
            ids.csi_seen = true;
            break;
        }
    }
    return list.status();
}

} // namespace mpio::nvme

#endif // MPIO_NVME_NAMESPACE_IDENTIFICATION_DESCRIPTORS_HPP
