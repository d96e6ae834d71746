// SPDX-License-Identifier: MIT
// sg_io_shim - an LD_PRELOAD library that makes a program believe that one
// path name is a SCSI device, so that udev's real `scsi_id` can be run on
// pages of our choosing (tests/differential/scsi_id_diff.cpp).
//
// What scsi_id does with a device (systemd src/udev/scsi_id/scsi_serial.c):
// open(devname, O_RDONLY|O_NONBLOCK|O_CLOEXEC), fstat() for the major:minor
// it only logs, then ioctl(fd, SG_IO, ...) with INQUIRY CDBs - an sg_io_v4
// (bsg, guard 'Q') first, falling back to sg_io_hdr (v3, interface_id 'S')
// when the ioctl fails with EINVAL or ENOSYS - and close(). So the shim
// intercepts open/open64/openat/openat64 of the path named by
// MPIO_SG_SHIM_DEVICE (the path need not exist: the program gets a
// descriptor of /dev/null), ioctl SG_IO / SG_GET_VERSION_NUM on such a
// descriptor, and close. fstat is not intercepted: scsi_id uses st_rdev only
// for its log prefix.
//
// Responses come from raw binary files named by environment variables:
//   MPIO_SG_SHIM_INQUIRY  standard INQUIRY data (EVPD 0, page 0)
//   MPIO_SG_SHIM_VPD00    Supported VPD Pages (default: built from which of
//                         the two below are set)
//   MPIO_SG_SHIM_VPD80    Unit Serial Number
//   MPIO_SG_SHIM_VPD83    Device Identification
//   MPIO_SG_SHIM_NO_V4=1  answer sg_io_v4 with EINVAL (exercise the v3 path)
//   MPIO_SG_SHIM_LOG      a file to which each command is appended as
//                         "v3|v4 OPCODE EVPD PAGE" (proof the shim was used)
// A page without a file, or any other command, ends in CHECK CONDITION with
// fixed-format sense data ILLEGAL REQUEST / INVALID FIELD IN CDB (24h/00h) -
// what a device says about a VPD page it does not have (SPC-6 6.7.1).
// At most `alloc` bytes (the CDB's ALLOCATION LENGTH and the transfer
// length, whichever is smaller) are returned, as a device would.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bsg.h>
#include <scsi/sg.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace {

constexpr int max_fd = 4096;
bool fake_fd[max_fd];

template <class F>
F next(const char* name)
{
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

bool is_device(const char* path)
{
    const char* dev = getenv("MPIO_SG_SHIM_DEVICE");
    return dev != nullptr && path != nullptr && strcmp(dev, path) == 0;
}

int open_fake()
{
    using open_fn = int (*)(const char*, int, ...);
    static open_fn real_open = nullptr;
    if (real_open == nullptr) real_open = next<open_fn>("open");
    const int fd = real_open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && fd < max_fd) fake_fd[fd] = true;
    return fd;
}

// The file's bytes (up to `cap`) into out; -1 when the variable is unset or
// the file cannot be read.
long read_page(const char* var, unsigned char* out, size_t cap)
{
    const char* path = getenv(var);
    if (path == nullptr || *path == '\0') return -1;
    FILE* f = fopen(path, "rb");
    if (f == nullptr) return -1;
    const size_t n = fread(out, 1, cap, f);
    fclose(f);
    return static_cast<long>(n);
}

// The response to a CDB: data length (>= 0) or -1 for ILLEGAL REQUEST.
long respond(const unsigned char* cdb, unsigned cdb_len, unsigned char* data, size_t cap)
{
    if (cdb_len < 6 || cdb[0] != 0x12) return -1; // INQUIRY only
    const bool evpd = (cdb[1] & 1) != 0;
    const unsigned page = cdb[2];
    if (!evpd) return page == 0 ? read_page("MPIO_SG_SHIM_INQUIRY", data, cap) : -1;
    switch (page) {
    case 0x00: {
        const long n = read_page("MPIO_SG_SHIM_VPD00", data, cap);
        if (n >= 0 || cap < 6) return n;
        unsigned char list[4 + 3] = {0x00, 0x00, 0x00, 0x00, 0x00};
        unsigned k = 4;
        list[k++] = 0x00;
        if (getenv("MPIO_SG_SHIM_VPD80") != nullptr) list[k++] = 0x80;
        if (getenv("MPIO_SG_SHIM_VPD83") != nullptr) list[k++] = 0x83;
        list[3] = static_cast<unsigned char>(k - 4);
        const size_t m = k < cap ? k : cap;
        memcpy(data, list, m);
        return static_cast<long>(m);
    }
    case 0x80: return read_page("MPIO_SG_SHIM_VPD80", data, cap);
    case 0x83: return read_page("MPIO_SG_SHIM_VPD83", data, cap);
    default: return -1;
    }
}

constexpr unsigned char illegal_request_sense[18] = {0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0x00};
constexpr unsigned char check_condition = 0x02, driver_sense = 0x08;

void log_command(const char* version, const unsigned char* cdb, unsigned cdb_len)
{
    const char* path = getenv("MPIO_SG_SHIM_LOG");
    if (path == nullptr || cdb == nullptr || cdb_len < 3) return;
    FILE* f = fopen(path, "a");
    if (f == nullptr) return;
    fprintf(f, "%s %02x %u %02x\n", version, cdb[0], cdb[1] & 1u, cdb[2]);
    fclose(f);
}

// One command: run it into a scratch buffer, then copy what fits.
int do_sg_io(void* arg)
{
    unsigned char buffer[65536];
    if (static_cast<sg_io_v4*>(arg)->guard == 'Q') {
        auto* io = static_cast<sg_io_v4*>(arg);
        const char* no_v4 = getenv("MPIO_SG_SHIM_NO_V4");
        if (no_v4 != nullptr && *no_v4 == '1') {
            errno = EINVAL;
            return -1;
        }
        const auto* cdb = reinterpret_cast<const unsigned char*>(static_cast<uintptr_t>(io->request));
        const unsigned alloc = cdb != nullptr && io->request_len >= 6 ? (unsigned{cdb[3]} << 8) | cdb[4] : 0;
        const size_t cap = alloc < io->din_xfer_len ? alloc : io->din_xfer_len;
        log_command("v4", cdb, io->request_len);
        const long n = respond(cdb, io->request_len, buffer, cap < sizeof buffer ? cap : sizeof buffer);
        io->driver_status = io->transport_status = io->device_status = 0;
        io->response_len = 0;
        io->info = 0;
        if (n < 0) {
            io->device_status = check_condition;
            io->driver_status = driver_sense;
            io->info = SG_INFO_CHECK;
            const size_t m = sizeof illegal_request_sense < io->max_response_len ? sizeof illegal_request_sense
                                                                                 : io->max_response_len;
            memcpy(reinterpret_cast<void*>(static_cast<uintptr_t>(io->response)), illegal_request_sense, m);
            io->response_len = static_cast<uint32_t>(m);
            io->din_resid = static_cast<int32_t>(io->din_xfer_len);
            return 0;
        }
        memcpy(reinterpret_cast<void*>(static_cast<uintptr_t>(io->din_xferp)), buffer, static_cast<size_t>(n));
        io->din_resid = static_cast<int32_t>(io->din_xfer_len - static_cast<uint32_t>(n));
        return 0;
    }
    auto* io = static_cast<sg_io_hdr_t*>(arg);
    if (io->interface_id != 'S') {
        errno = ENOSYS;
        return -1;
    }
    const unsigned char* cdb = io->cmdp;
    const unsigned alloc = cdb != nullptr && io->cmd_len >= 6 ? (unsigned{cdb[3]} << 8) | cdb[4] : 0;
    const size_t cap = alloc < io->dxfer_len ? alloc : io->dxfer_len;
    log_command("v3", cdb, io->cmd_len);
    const long n = respond(cdb, io->cmd_len, buffer, cap < sizeof buffer ? cap : sizeof buffer);
    io->status = io->masked_status = io->msg_status = 0;
    io->host_status = io->driver_status = 0;
    io->sb_len_wr = 0;
    io->info = SG_INFO_OK;
    io->resid = 0;
    if (n < 0) {
        io->status = check_condition;
        io->masked_status = check_condition >> 1;
        io->driver_status = driver_sense;
        io->info = SG_INFO_CHECK;
        const size_t m = sizeof illegal_request_sense < io->mx_sb_len ? sizeof illegal_request_sense : io->mx_sb_len;
        memcpy(io->sbp, illegal_request_sense, m);
        io->sb_len_wr = static_cast<unsigned char>(m);
        io->resid = static_cast<int>(io->dxfer_len);
        return 0;
    }
    memcpy(io->dxferp, buffer, static_cast<size_t>(n));
    io->resid = static_cast<int>(io->dxfer_len - static_cast<unsigned>(n));
    return 0;
}

int mode_of(int flags, va_list ap)
{
    return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
}

} // namespace

extern "C" {

int open(const char* path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    const int mode = mode_of(flags, ap);
    va_end(ap);
    if (is_device(path)) return open_fake();
    return next<int (*)(const char*, int, ...)>("open")(path, flags, mode);
}

int open64(const char* path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    const int mode = mode_of(flags, ap);
    va_end(ap);
    if (is_device(path)) return open_fake();
    return next<int (*)(const char*, int, ...)>("open64")(path, flags, mode);
}

int openat(int dirfd, const char* path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    const int mode = mode_of(flags, ap);
    va_end(ap);
    if (is_device(path)) return open_fake();
    return next<int (*)(int, const char*, int, ...)>("openat")(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char* path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    const int mode = mode_of(flags, ap);
    va_end(ap);
    if (is_device(path)) return open_fake();
    return next<int (*)(int, const char*, int, ...)>("openat64")(dirfd, path, flags, mode);
}

int close(int fd)
{
    if (fd >= 0 && fd < max_fd) fake_fd[fd] = false;
    return next<int (*)(int)>("close")(fd);
}

int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    void* arg = va_arg(ap, void*);
    va_end(ap);
    if (fd >= 0 && fd < max_fd && fake_fd[fd]) {
        if (request == SG_IO) return do_sg_io(arg);
        if (request == SG_GET_VERSION_NUM) {
            *static_cast<int*>(arg) = 30527;
            return 0;
        }
        errno = ENOTTY;
        return -1;
    }
    return next<int (*)(int, unsigned long, ...)>("ioctl")(fd, request, arg);
}

} // extern "C"
