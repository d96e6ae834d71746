// .ci/gates/usage.cpp - the usage translation unit of the portability gates.
//
// It calls every parser, list walk and CDB builder of the freestanding
// library through `extern "C"` wrappers with C-callable shapes (pointer +
// length in, plain structs and integers out), the way a kernel driver or a
// firmware written in C would wrap mpio. The gates then check that this code
//   - links with -nostdlib and leaves nothing undefined beyond
//     memcpy/memmove/memset/memcmp (nostdlib-link),
//   - builds for a Cortex-M4 and how big it is (cortex-m),
//   - builds for the Windows ABI (mingw).
//
// Every wrapper returns an mpio::errc value as int (0 = success). Wrappers are
// noinline and `used` so each is a real function in the object, whatever the
// optimiser would prefer.
#include <mpio/core.hpp>
#include <mpio/scsi/cdb.hpp>

#include <cstddef>
#include <cstdint>

#define MPIO_USAGE_API extern "C" __attribute__((noinline, used))

namespace {

int code(mpio::errc e) { return static_cast<int>(e); }

// The C shape of a builder result: the errc, and the length through a pointer.
int report(const mpio::result<std::size_t>& r, std::size_t* written)
{
    if (written != nullptr) *written = r ? r.value() : 0;
    return code(r.error());
}

} // namespace

// ------------------------------------------------------------------- core

MPIO_USAGE_API const char* mpio_errc_name(int e)
{
    return mpio::errc_name(static_cast<mpio::errc>(e));
}

MPIO_USAGE_API const char* mpio_errc_message(int e)
{
    return mpio::errc_message(static_cast<mpio::errc>(e));
}

// Hex rendering into a caller buffer (NUL-terminated).
MPIO_USAGE_API int mpio_to_hex(const std::uint8_t* data, std::size_t size, char* out, std::size_t capacity,
                               std::size_t* written)
{
    return report(mpio::to_hex(mpio::byte_view(data, size), out, capacity), written);
}

// Big-endian loads, the primitive every parser is made of.
MPIO_USAGE_API std::uint64_t mpio_load_be64(const std::uint8_t* data, std::size_t size, std::size_t offset)
{
    return mpio::load_be64(mpio::byte_view(data, size), offset);
}

// Fixed-capacity text: a text field rendered with escapes, then copied out.
MPIO_USAGE_API int mpio_render_text(const std::uint8_t* data, std::size_t size, char* out, std::size_t capacity)
{
    mpio::fixed_text<64> text;
    text.append(mpio::ascii_view(mpio::byte_view(data, size)).trim(), mpio::unprintable::hex_escape);
    if (out == nullptr || capacity <= text.size()) return code(mpio::errc::buffer_too_small);
    for (std::size_t i = 0; i <= text.size(); ++i) out[i] = text.c_str()[i];
    return code(text.overflowed() ? mpio::errc::buffer_too_small : mpio::errc::none);
}

// ------------------------------------------------------------ CDB builders

MPIO_USAGE_API int mpio_build_test_unit_ready(std::uint8_t* out, std::size_t size, std::uint8_t control,
                                              std::size_t* written)
{
    return report(mpio::scsi::build_test_unit_ready(mpio::mutable_byte_view(out, size), control), written);
}

MPIO_USAGE_API int mpio_build_inquiry(std::uint8_t* out, std::size_t size, int evpd, std::uint8_t page_code,
                                      std::uint16_t allocation_length, std::uint8_t control, std::size_t* written)
{
    return report(mpio::scsi::build_inquiry(mpio::mutable_byte_view(out, size), evpd != 0, page_code,
                                            allocation_length, control),
                  written);
}

MPIO_USAGE_API int mpio_build_report_luns(std::uint8_t* out, std::size_t size, std::uint8_t select_report,
                                          std::uint32_t allocation_length, std::uint8_t control,
                                          std::size_t* written)
{
    return report(mpio::scsi::build_report_luns(mpio::mutable_byte_view(out, size),
                                                static_cast<mpio::scsi::select_report>(select_report),
                                                allocation_length, control),
                  written);
}

MPIO_USAGE_API int mpio_build_read_capacity_16(std::uint8_t* out, std::size_t size, std::uint32_t allocation_length,
                                               std::uint8_t control, std::size_t* written)
{
    return report(mpio::scsi::build_read_capacity_16(mpio::mutable_byte_view(out, size), allocation_length, control),
                  written);
}

MPIO_USAGE_API int mpio_build_report_target_port_groups(std::uint8_t* out, std::size_t size, std::uint8_t format,
                                                        std::uint32_t allocation_length, std::uint8_t control,
                                                        std::size_t* written)
{
    return report(mpio::scsi::build_report_target_port_groups(
                      mpio::mutable_byte_view(out, size),
                      static_cast<mpio::scsi::rtpg_parameter_data_format>(format), allocation_length, control),
                  written);
}

MPIO_USAGE_API int mpio_build_set_target_port_groups(std::uint8_t* out, std::size_t size,
                                                     std::uint32_t parameter_list_length, std::uint8_t control,
                                                     std::size_t* written)
{
    return report(mpio::scsi::build_set_target_port_groups(mpio::mutable_byte_view(out, size), parameter_list_length,
                                                           control),
                  written);
}

// C view of one set target port group descriptor.
struct mpio_stpg_descriptor {
    std::uint8_t asymmetric_access_state;
    std::uint16_t target_port_group;
};

// Builds the parameter list from C descriptors (at most 32, MSDSM's path
// limit, converted on the stack: no heap).
MPIO_USAGE_API int mpio_build_set_target_port_groups_parameter_list(std::uint8_t* out, std::size_t size,
                                                                    const mpio_stpg_descriptor* descriptors,
                                                                    std::size_t count, std::size_t* written)
{
    constexpr std::size_t max_descriptors = 32;
    if (count > max_descriptors || (descriptors == nullptr && count != 0))
        return report(mpio::failure(mpio::errc::invalid_argument), written);
    mpio::scsi::set_target_port_group_descriptor converted[max_descriptors];
    for (std::size_t i = 0; i < count; ++i) {
        converted[i].state = static_cast<mpio::scsi::asymmetric_access_state>(descriptors[i].asymmetric_access_state);
        converted[i].target_port_group = descriptors[i].target_port_group;
    }
    return report(mpio::scsi::build_set_target_port_groups_parameter_list(mpio::mutable_byte_view(out, size),
                                                                          converted, count),
                  written);
}

MPIO_USAGE_API const char* mpio_asymmetric_access_state_name(std::uint8_t state)
{
    return mpio::scsi::to_string(static_cast<mpio::scsi::asymmetric_access_state>(state));
}
