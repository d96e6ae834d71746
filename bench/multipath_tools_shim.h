/* SPDX-License-Identifier: MIT */
/* multipath_tools_shim.h - what the parse_vpd_pg80() / parse_vpd_pg83()
 * functions of multipath-tools' libmultipath/discovery.c need from the rest
 * of multipath-tools, so that bench/CMakeLists.txt can compile those two
 * functions, cut from a multipath-tools source tree at configure time
 * (MPIO_BENCH_MULTIPATH_TOOLS_SOURCE), into the benchmark binary as the real
 * reference of bench/identity_bench.cpp. No multipath-tools code is kept in
 * this repository: strbuf.c/strbuf.h and unaligned.h come from that tree. */
#ifndef MPIO_BENCH_MULTIPATH_TOOLS_SHIM_H
#define MPIO_BENCH_MULTIPATH_TOOLS_SHIM_H

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>

#include "strbuf.h"
#include "unaligned.h"

/* structs.h */
#define WWID_SIZE 128

/* debug.h: logging off (the benchmark pages are well formed, so the real
 * code would log nothing at the default verbosity either). */
#define condlog(prio, ...) ((void)0)

/* util.h: BSD strlcpy(), which glibc before 2.38 lacks. */
static inline size_t mpio_bench_strlcpy(char* dst, const char* src, size_t size)
{
    const size_t n = strlen(src);
    if (size != 0) {
        const size_t m = n < size - 1 ? n : size - 1;
        memcpy(dst, src, m);
        dst[m] = '\0';
    }
    return n;
}
#define strlcpy mpio_bench_strlcpy

#endif
