// SPDX-License-Identifier: MIT
// sg_persist_shim - an LD_PRELOAD library that answers the SG_IO ioctls of
// Debian's sg_persist (sg3-utils 1.46, which has no --inhex) with bytes of
// our choosing, so that its PERSISTENT RESERVE IN decoder can be compared
// with mpio's (tests/differential/sg_persist_diff.py).
//
// sg_persist opens DEVICE through libsgutils2 (sg_pt_linux.c: open(), then
// fstat() to classify the file) and sends each command with
// ioctl(fd, SG_IO, struct sg_io_hdr *) (interface_id 'S'). Run it with
// --no-inquiry and any file as DEVICE (e.g. /dev/null): every SG_IO v3
// request on any descriptor is answered here, SG_GET_VERSION_NUM says
// "3.5.36", and every other ioctl goes to the C library.
//
//   MPIO_SG_PERSIST_RESPONSE  file whose bytes are the data-in of each
//                             command (at most dxfer_len and the CDB's
//                             ALLOCATION LENGTH, as a device would)
//   MPIO_SG_PERSIST_LOG       file to which each CDB is appended in hex
//                             (proof that the shim answered)
// Status GOOD, host and driver status 0, resid = dxfer_len - bytes given.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <scsi/sg.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/ioctl.h>

static void sg_persist_shim_log(const unsigned char* cdb, unsigned len)
{
    const char* path = getenv("MPIO_SG_PERSIST_LOG");
    if (path == NULL || cdb == NULL) return;
    FILE* f = fopen(path, "a");
    if (f == NULL) return;
    for (unsigned i = 0; i < len; ++i) fprintf(f, "%02x%s", cdb[i], i + 1 < len ? " " : "\n");
    fclose(f);
}

static int sg_persist_shim_sg_io(sg_io_hdr_t* io)
{
    if (io->interface_id != 'S') {
        errno = ENOSYS;
        return -1;
    }
    sg_persist_shim_log(io->cmdp, io->cmd_len);
    size_t cap = io->dxfer_len;
    // PERSISTENT RESERVE IN (5Eh): ALLOCATION LENGTH in CDB bytes 7-8.
    if (io->cmdp != NULL && io->cmd_len >= 10 && io->cmdp[0] == 0x5e) {
        const size_t alloc = ((size_t)io->cmdp[7] << 8) | io->cmdp[8];
        if (alloc < cap) cap = alloc;
    }
    size_t n = 0;
    const char* path = getenv("MPIO_SG_PERSIST_RESPONSE");
    if (path != NULL && io->dxferp != NULL && io->dxfer_direction == SG_DXFER_FROM_DEV) {
        FILE* f = fopen(path, "rb");
        if (f == NULL) {
            errno = EIO;
            return -1;
        }
        n = fread(io->dxferp, 1, cap, f);
        fclose(f);
    }
    io->status = io->masked_status = io->msg_status = 0;
    io->host_status = io->driver_status = 0;
    io->sb_len_wr = 0;
    io->info = SG_INFO_OK;
    io->resid = (int)(io->dxfer_len - (unsigned)n);
    io->duration = 1;
    return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    void* arg = va_arg(ap, void*);
    va_end(ap);
    if (request == SG_IO) return sg_persist_shim_sg_io((sg_io_hdr_t*)arg);
    if (request == SG_GET_VERSION_NUM) {
        *(int*)arg = 30536;
        return 0;
    }
    int (*real)(int, unsigned long, ...);
    *(void**)(&real) = dlsym(RTLD_NEXT, "ioctl"); // POSIX's way to a function pointer (ISO C has none)
    return real(fd, request, arg);
}
