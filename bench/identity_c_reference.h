/* SPDX-License-Identifier: MIT */
/* identity_c_reference.h - the multipath-tools WWID (and its page 80h serial)
 * written in C the way multipath-tools builds it: a heap string buffer grown
 * with realloc(), one snprintf("%02x") per designator byte, then the result
 * copied into the caller's WWID_SIZE buffer. Written for bench/identity_bench.cpp
 * after the description of parse_vpd_pg83() / parse_vpd_pg80() in
 * libmultipath/discovery.c (multipath-tools 0.14.3); no code of it is copied.
 * Hosted benchmark code only, never part of the library. */
#ifndef MPIO_BENCH_IDENTITY_C_REFERENCE_H
#define MPIO_BENCH_IDENTITY_C_REFERENCE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The WWID of a Device Identification VPD page of in_len bytes into out
 * (out_len bytes, NUL included); its length, or a negative value when no
 * designator qualifies or memory ran out. */
int mpio_bench_c_wwid(const unsigned char* in, size_t in_len, char* out, size_t out_len);

/* The serial number of a Unit Serial Number VPD page, leading and trailing
 * spaces dropped, into out; its length. */
int mpio_bench_c_serial(const unsigned char* in, char* out, size_t out_len);

#ifdef __cplusplus
}
#endif

#endif
