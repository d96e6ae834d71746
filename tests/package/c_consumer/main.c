/* SPDX-License-Identifier: MIT */
/* A C program using the installed C library (libmpio_c): decode a standard
 * INQUIRY and route I/O with a selector chosen by its MSDSM number. Built by
 * .ci/gates/debian-package with find_package(mpio CONFIG) (mpio::c) and with
 * pkg-config mpio-c. Exits non-zero when a result is not the expected one. */
#include <mpio/c/mpio.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    static const uint8_t inquiry[36] = {0x00, 0x00, 0x06, 0x02, 31,  0x00, 0x00, 0x02, 'M', 'P', 'I', 'O',
                                        'S',  'I',  'M',  ' ',  'V', 'I',  'R',  'T',  'U', 'A', 'L', '-',
                                        'A',  'R',  'R',  'A',  'Y', ' ',  ' ',  ' ',  '0', '0', '0', '1'};
    mpio_inquiry inq;
    mpio_selector sel;
    mpio_path_attributes a;
    mpio_io_request io;
    unsigned on_slot[2] = {0, 0};
    int i;
    if (MPIO_VERSION_MAJOR != 0 || MPIO_VERSION < 100) return 1; /* the one version, from version.hpp */
    if (mpio_parse_inquiry(inquiry, sizeof inquiry, &inq) != MPIO_ERRC_NONE) return 2;
    if (strcmp(inq.t10_vendor_identification, "MPIOSIM") != 0) return 3;
    if (mpio_selector_init(&sel) != MPIO_ERRC_NONE) return 4;
    if (mpio_selector_set_policy(&sel, 2) != MPIO_ERRC_NONE) return 5; /* Round Robin */
    memset(&a, 0, sizeof a);
    a.alua = MPIO_ALUA_ACTIVE_OPTIMIZED;
    a.relative_throughput = 1;
    if (mpio_selector_add_path(&sel, 0, &a) != MPIO_ERRC_NONE || mpio_selector_add_path(&sel, 1, &a) != MPIO_ERRC_NONE)
        return 6;
    memset(&io, 0, sizeof io);
    for (i = 0; i < 10; ++i) {
        uint8_t slot = 0xFF;
        if (mpio_selector_select(&sel, &io, &slot) != MPIO_ERRC_NONE || slot > 1) return 7;
        ++on_slot[slot];
        mpio_selector_start(&sel, slot, &io);
        mpio_selector_complete(&sel, slot, &io, 1, 0);
    }
    if (on_slot[0] != 5 || on_slot[1] != 5) return 8;
    printf("C consumer: %s %s, round robin 5/5 (%s)\n", inq.t10_vendor_identification, inq.product_identification,
           mpio_errc_name(MPIO_ERRC_NONE));
    return 0;
}
