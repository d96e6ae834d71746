/* SPDX-License-Identifier: MIT */
/*
 * tests/c/mpio_c_test.c - the C API from C (C11): every function of
 * include/mpio/c/mpio.h on corpus bytes (sg3_utils' inhex files, a real
 * istgt target's RTPG answer, the sample topology), on malformed and on
 * truncated bytes. tests/c/check-coverage verifies that every declared
 * function is called here.
 *
 * Usage: mpio_c_test <tests/data dir> <samples/topology dir>
 */
#include <mpio/c/mpio.h>

#include <stdio.h>
#include <string.h>

#include "hex_file.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        ++checks;                                                                                                      \
        if (!(cond)) {                                                                                                 \
            ++failures;                                                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                                   \
        }                                                                                                              \
    } while (0)
#define CHECK_ERRC(expr, want)                                                                                         \
    do {                                                                                                               \
        mpio_errc got_ = (expr);                                                                                       \
        ++checks;                                                                                                      \
        if (got_ != (want)) {                                                                                          \
            ++failures;                                                                                                \
            fprintf(stderr, "%s:%d: %s gave %s, expected %s\n", __FILE__, __LINE__, #expr, mpio_errc_name(got_),       \
                    mpio_errc_name(want));                                                                             \
        }                                                                                                              \
    } while (0)

static const char* data_dir;
static const char* topology_dir;

static size_t load(const char* dir, const char* name, uint8_t* out, size_t capacity)
{
    char path[1024];
    size_t n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    n = load_dump(path, out, capacity);
    if (n == 0) {
        fprintf(stderr, "cannot read %s\n", path);
        ++failures;
    }
    return n;
}

/* ------------------------------------------------------------------ errors */

static void test_errc(void)
{
    CHECK(strcmp(mpio_errc_name(MPIO_ERRC_NONE), "none") == 0);
    CHECK(strcmp(mpio_errc_name(MPIO_ERRC_DESCRIPTOR_OVERRUN), "descriptor_overrun") == 0);
    CHECK(strcmp(mpio_errc_name(MPIO_ERRC_INVALID_STATE), "invalid_state") == 0);
    CHECK(strcmp(mpio_errc_name(MPIO_ERRC_END), "end") == 0);
    CHECK(strcmp(mpio_errc_name((mpio_errc)200), "unknown") == 0);
    CHECK(strcmp(mpio_errc_message(MPIO_ERRC_TOO_SHORT), "data shorter than the structure's fixed header") == 0);
    CHECK(strcmp(mpio_errc_message(MPIO_ERRC_END), "end of the list") == 0);
}

/* ---------------------------------------------------------------- INQUIRY */

static void test_inquiry(void)
{
    uint8_t b[512];
    mpio_inquiry q;
    size_t n = load(data_dir, "sg3_utils-inhex/inq_standard.hex", b, sizeof b);
    CHECK(n == 96);
    CHECK_ERRC(mpio_parse_inquiry(b, n, &q), MPIO_ERRC_NONE);
    CHECK(strcmp(q.t10_vendor_identification, "Linux") == 0);
    CHECK(strcmp(q.product_identification, "scsi_debug") == 0);
    CHECK(strcmp(q.product_revision_level, "0191") == 0);
    CHECK(q.peripheral_device_type == 0 && q.version == 7 && q.response_data_format == 2);
    CHECK(q.cmdque == 1 && q.truncated == 0);
    CHECK(q.version_descriptor_count >= 3 && q.version_descriptors[0] == 0x00c0);
    /* truncated: the fields that were returned, and the length to ask for */
    CHECK_ERRC(mpio_parse_inquiry(b, 36, &q), MPIO_ERRC_NONE);
    CHECK(q.truncated == 1 && q.required_allocation_length == 96);
    CHECK(strcmp(q.product_identification, "scsi_debug") == 0);
    CHECK_ERRC(mpio_parse_inquiry(b, 5, &q), MPIO_ERRC_NONE);
    CHECK(q.t10_vendor_identification[0] == '\0' && q.truncated == 1);
    CHECK_ERRC(mpio_parse_inquiry(b, 4, &q), MPIO_ERRC_TOO_SHORT);
    CHECK_ERRC(mpio_parse_inquiry(NULL, 10, &q), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_parse_inquiry(b, n, NULL), MPIO_ERRC_INVALID_ARGUMENT);
}

/* -------------------------------------------------------------- VPD pages */

static void test_vpd00_80(void)
{
    uint8_t b[512];
    mpio_vpd00 p;
    mpio_vpd_header h;
    char serial[64];
    size_t n = load(topology_dir, "2-0-0-1/vpd_pg0", b, sizeof b);
    CHECK_ERRC(mpio_parse_vpd00(b, n, &p), MPIO_ERRC_NONE);
    CHECK(p.header.page_code == 0x00 && p.count == n - 4 && p.ascending == 1);
    CHECK((p.supports[0x83 / 8] >> (0x83 % 8)) & 1);
    CHECK(((p.supports[0x89 / 8] >> (0x89 % 8)) & 1) == 0);
    CHECK_ERRC(mpio_parse_vpd00(b, 2, &p), MPIO_ERRC_TOO_SHORT);
    b[1] = 0x80;
    CHECK_ERRC(mpio_parse_vpd00(b, n, &p), MPIO_ERRC_WRONG_PAGE_CODE);

    n = load(topology_dir, "2-0-0-1/vpd_pg80", b, sizeof b);
    CHECK_ERRC(mpio_parse_vpd80(b, n, &h, serial, sizeof serial), MPIO_ERRC_NONE);
    CHECK(strcmp(serial, "MPS7E0000001") == 0);
    CHECK(h.page_code == 0x80 && h.truncated == 0);
    CHECK_ERRC(mpio_parse_vpd80(b, n, NULL, serial, 5), MPIO_ERRC_BUFFER_TOO_SMALL);
    CHECK(strcmp(serial, "MPS7") == 0);
    CHECK_ERRC(mpio_parse_vpd80(b, n - 4, &h, serial, sizeof serial), MPIO_ERRC_NONE);
    CHECK(h.truncated == 1 && h.required_allocation_length == n);
    CHECK_ERRC(mpio_parse_vpd80(b, 3, &h, serial, sizeof serial), MPIO_ERRC_TOO_SHORT);
}

static void test_vpd83(void)
{
    uint8_t b[4096];
    mpio_vpd83 p;
    mpio_designator d;
    mpio_iter it;
    mpio_errc e;
    size_t count = 0, n = load(data_dir, "sg3_utils-inhex/vpd_dev_id.hex", b, sizeof b);
    CHECK_ERRC(mpio_parse_vpd83(b, n, &p), MPIO_ERRC_NONE);
    CHECK(p.header.page_code == 0x83 && p.legacy_layout == 0);
    CHECK(p.designators.error == MPIO_ERRC_NONE && p.designators.count == 5);

    CHECK_ERRC(mpio_vpd83_begin(b, n, &it), MPIO_ERRC_NONE);
    while ((e = mpio_vpd83_next(&it, &d)) == MPIO_ERRC_NONE) {
        if (count == 0) {
            CHECK(d.designator_type == 3 && d.association == 0 && d.naa == 5);
            CHECK(d.value == 0x5000c5003011cb2bULL);
            CHECK(d.designator.offset == 8 && d.designator.size == 8);
        }
        if (count == 2) CHECK(d.designator_type == 4 && d.value == 1); /* relative target port 1 */
        if (count == 4) CHECK(d.designator_type == 8 && d.code_set == 3);
        ++count;
    }
    CHECK(e == MPIO_ERRC_END && count == 5);
    CHECK_ERRC(mpio_vpd83_next(&it, &d), MPIO_ERRC_END); /* stays at the end */

    /* The same walk in one call, into an array. */
    {
        mpio_designator all[8];
        size_t total = 99;
        CHECK_ERRC(mpio_vpd83_designators(b, n, all, 8, &total), MPIO_ERRC_NONE);
        CHECK(total == 5 && all[0].naa == 5 && all[0].value == 0x5000c5003011cb2bULL);
        CHECK(all[2].designator_type == 4 && all[2].value == 1 && all[4].designator_type == 8);
        CHECK(all[0].designator.offset == 8 && all[0].designator.size == 8);
        all[3].value = 0xdead; /* beyond capacity: left as it was */
        CHECK_ERRC(mpio_vpd83_designators(b, n, all, 3, &total), MPIO_ERRC_BUFFER_TOO_SMALL);
        CHECK(total == 5 && all[2].value == 1 && all[3].value == 0xdead);
        CHECK_ERRC(mpio_vpd83_designators(b, n, NULL, 0, &total), MPIO_ERRC_BUFFER_TOO_SMALL); /* count only */
        CHECK(total == 5);
        CHECK_ERRC(mpio_vpd83_designators(b, n, NULL, 4, &total), MPIO_ERRC_INVALID_ARGUMENT);
        CHECK_ERRC(mpio_vpd83_designators(b, n, all, 8, NULL), MPIO_ERRC_INVALID_ARGUMENT);
        CHECK_ERRC(mpio_vpd83_designators(NULL, 4, all, 8, &total), MPIO_ERRC_INVALID_ARGUMENT);
        CHECK_ERRC(mpio_vpd83_designators(b, 2, all, 8, &total), MPIO_ERRC_TOO_SHORT);
        CHECK(total == 0);
    }

    /* A descriptor whose length runs past the page: the entries before it stay. */
    b[3] = (uint8_t)(b[3] + 4);
    b[n] = 0x01;
    b[n + 1] = 0x03;
    b[n + 2] = 0x00;
    b[n + 3] = 0x20; /* 32 bytes announced, none there */
    CHECK_ERRC(mpio_vpd83_begin(b, n + 4, &it), MPIO_ERRC_NONE);
    count = 0;
    while ((e = mpio_vpd83_next(&it, &d)) == MPIO_ERRC_NONE) ++count;
    CHECK(e == MPIO_ERRC_DESCRIPTOR_OVERRUN && count == 5);
    {
        mpio_designator all[8];
        size_t total = 0;
        CHECK_ERRC(mpio_vpd83_designators(b, n + 4, all, 8, &total), MPIO_ERRC_DESCRIPTOR_OVERRUN);
        CHECK(total == 5 && all[4].designator_type == 8);
    }
    CHECK_ERRC(mpio_parse_vpd83(b, n + 4, &p), MPIO_ERRC_NONE);
    CHECK(p.designators.error == MPIO_ERRC_DESCRIPTOR_OVERRUN && p.designators.count == 5);

    /* sg3_utils' deliberately malformed page, the pre-SPC-2 EMC layout. */
    n = load(data_dir, "sg3_utils-inhex/vpd_di_bad_all.hex", b, sizeof b);
    CHECK_ERRC(mpio_vpd83_begin(b, n, &it), MPIO_ERRC_NONE);
    count = 0;
    while ((e = mpio_vpd83_next(&it, &d)) == MPIO_ERRC_NONE) ++count;
    CHECK(e == MPIO_ERRC_END && count == 15); /* bad text inside, well-formed descriptors */
    n = load(data_dir, "sg3_utils-inhex/vpd_di_old_emc_symm.hex", b, sizeof b);
    CHECK_ERRC(mpio_parse_vpd83(b, n, &p), MPIO_ERRC_NONE);
    CHECK(p.legacy_layout == 1 && p.legacy_identifier.size > 0);
    CHECK_ERRC(mpio_vpd83_begin(b, n, &it), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_vpd83_next(&it, &d), MPIO_ERRC_LEGACY_LAYOUT);
    {
        size_t total = 9;
        CHECK_ERRC(mpio_vpd83_designators(b, n, &d, 1, &total), MPIO_ERRC_LEGACY_LAYOUT);
        CHECK(total == 0);
    }

    CHECK_ERRC(mpio_parse_vpd83(b, 2, &p), MPIO_ERRC_TOO_SHORT);
    CHECK_ERRC(mpio_vpd83_begin(b, 2, &it), MPIO_ERRC_TOO_SHORT);
    CHECK_ERRC(mpio_vpd83_next(&it, &d), MPIO_ERRC_INVALID_ARGUMENT); /* not a designator iterator */
    CHECK_ERRC(mpio_vpd83_next(NULL, &d), MPIO_ERRC_INVALID_ARGUMENT);
}

static void test_vpd86_88(void)
{
    /* Extended INQUIRY Data: SPT 1, GRD_CHK, HEADSUP/ORDSUP/SIMPSUP, V_SUP. */
    uint8_t p86[64] = {0x00, 0x86, 0x00, 0x3c, 0x0c, 0x07, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02};
    /* SCSI Ports: relative port 1 with one NAA target port designator. */
    static const uint8_t p88[] = {0x00, 0x88, 0x00, 0x18, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                  0x00, 0x0c, 0x61, 0x93, 0x00, 0x08, 0x50, 0x00, 0xc5, 0x00, 0x30, 0x11, 0xcb, 0x2b};
    mpio_vpd86 x;
    mpio_vpd_header h;
    mpio_list_status st;
    mpio_scsi_port port;
    mpio_designator d;
    mpio_iter it, inner;
    CHECK_ERRC(mpio_parse_vpd86(p86, sizeof p86, &x), MPIO_ERRC_NONE);
    CHECK(x.header.page_code == 0x86 && x.spt == 1 && x.grd_chk == 1 && x.headsup == 1 && x.ordsup == 1);
    CHECK(x.simpsup == 1 && x.luiclr == 1 && x.v_sup == 0);
    CHECK(x.extended_self_test_completion_minutes == 2);
    CHECK_ERRC(mpio_parse_vpd86(p86, 3, &x), MPIO_ERRC_TOO_SHORT);
    p86[1] = 0x87;
    CHECK_ERRC(mpio_parse_vpd86(p86, sizeof p86, &x), MPIO_ERRC_WRONG_PAGE_CODE);

    CHECK_ERRC(mpio_parse_vpd88(p88, sizeof p88, &h, &st), MPIO_ERRC_NONE);
    CHECK(h.page_code == 0x88 && st.count == 1 && st.error == MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_vpd88_begin(p88, sizeof p88, &it), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_vpd88_next(&it, &port), MPIO_ERRC_NONE);
    CHECK(port.relative_port_identifier == 1 && port.target_port_descriptors.offset == 16 &&
          port.target_port_descriptors.size == 12);
    CHECK_ERRC(mpio_vpd88_designators_begin(p88, sizeof p88, &port, &inner), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_vpd83_next(&inner, &d), MPIO_ERRC_NONE);
    CHECK(d.designator_type == 3 && d.association == 1 && d.value == 0x5000c5003011cb2bULL &&
          d.designator.offset == 20);
    CHECK_ERRC(mpio_vpd83_next(&inner, &d), MPIO_ERRC_END);
    CHECK_ERRC(mpio_vpd88_next(&it, &port), MPIO_ERRC_END);
    /* truncated inside the port descriptor: the port is malformed */
    CHECK_ERRC(mpio_vpd88_begin(p88, 20, &it), MPIO_ERRC_NONE);
    CHECK(mpio_vpd88_next(&it, &port) != MPIO_ERRC_NONE);
    port.target_port_descriptors.offset = 1000;
    CHECK_ERRC(mpio_vpd88_designators_begin(p88, sizeof p88, &port, &inner), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_parse_vpd88(p88, 2, &h, &st), MPIO_ERRC_TOO_SHORT);
}

/* ------------------------------------------------------------------- RTPG */

static void test_rtpg(void)
{
    uint8_t b[1024];
    mpio_rtpg r;
    mpio_target_port_group g;
    mpio_iter it, ports;
    uint16_t rtp;
    uint8_t state, pref;
    size_t groups = 0, n = load(data_dir, "targets/istgt_rtpg.hex", b, sizeof b);
    CHECK(n == 28);
    CHECK_ERRC(mpio_parse_rtpg(b, n, MPIO_RTPG_FORMAT_AUTO, &r), MPIO_ERRC_NONE);
    CHECK(r.return_data_length == 24 && r.header_format == 0 && r.truncated == 0 && r.groups.count == 2);
    CHECK(r.implicit_transition_time == -1);
    CHECK_ERRC(mpio_rtpg_begin(b, n, 0, &it), MPIO_ERRC_NONE);
    while (mpio_rtpg_next(&it, &g) == MPIO_ERRC_NONE) {
        ++groups;
        CHECK(g.pref == 1 && g.asymmetric_access_state == 0 && g.target_port_group == groups &&
              g.target_port_count == 1);
        CHECK_ERRC(mpio_rtpg_ports_begin(b, n, &g, &ports), MPIO_ERRC_NONE);
        CHECK_ERRC(mpio_rtpg_ports_next(&ports, &rtp), MPIO_ERRC_NONE);
        CHECK(rtp == groups);
        CHECK_ERRC(mpio_rtpg_ports_next(&ports, &rtp), MPIO_ERRC_END);
    }
    CHECK(groups == 2);
    CHECK_ERRC(mpio_rtpg_state_of(b, n, 2, &state, &pref), MPIO_ERRC_NONE);
    CHECK(state == MPIO_ALUA_ACTIVE_OPTIMIZED && pref == 1);
    CHECK_ERRC(mpio_rtpg_state_of(b, n, 7, &state, &pref), MPIO_ERRC_NOT_FOUND);

    /* the sample array: TPG 1 active/optimized, TPG 2 active/non-optimized */
    n = load(topology_dir, "2-0-0-1/rtpg", b, sizeof b);
    CHECK_ERRC(mpio_rtpg_state_of(b, n, 2, &state, &pref), MPIO_ERRC_NONE);
    CHECK(state == MPIO_ALUA_ACTIVE_NON_OPTIMIZED && pref == 0);

    /* truncated in the second group: the first stays, the walk reports the cut */
    n = load(data_dir, "targets/istgt_rtpg.hex", b, sizeof b);
    CHECK_ERRC(mpio_parse_rtpg(b, 20, MPIO_RTPG_FORMAT_AUTO, &r), MPIO_ERRC_NONE);
    CHECK(r.truncated == 1 && r.required_allocation_length == 28 && r.groups.count == 1);
    CHECK_ERRC(mpio_rtpg_begin(b, 20, MPIO_RTPG_FORMAT_AUTO, &it), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_rtpg_next(&it, &g), MPIO_ERRC_NONE);
    CHECK(mpio_rtpg_next(&it, &g) != MPIO_ERRC_END);
    CHECK_ERRC(mpio_parse_rtpg(b, 3, MPIO_RTPG_FORMAT_AUTO, &r), MPIO_ERRC_TOO_SHORT);
    CHECK_ERRC(mpio_parse_rtpg(b, n, 5, &r), MPIO_ERRC_INVALID_ARGUMENT);
    g.target_ports.offset = 999;
    CHECK_ERRC(mpio_rtpg_ports_begin(b, n, &g, &ports), MPIO_ERRC_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------------ sense */

static void test_sense(void)
{
    uint8_t b[512];
    mpio_sense s;
    mpio_sense_descriptor d;
    mpio_iter it;
    mpio_errc e;
    char text[160];
    size_t count = 0, n = load(data_dir, "sg3_utils-inhex/descriptor_sense.hex", b, sizeof b);
    CHECK_ERRC(mpio_parse_sense(b, n, &s), MPIO_ERRC_NONE);
    CHECK(s.response_code == 0x72 && s.descriptor_format == 1 && s.sense_key == 1 && s.asc == 3 && s.ascq == 2);
    CHECK(s.information_valid == 1 && s.information == 0x11223344556677bbULL);
    CHECK(s.sksv == 1 && s.sense_key_specific[1] == 0x01 && s.sense_key_specific[2] == 0x01);
    CHECK_ERRC(mpio_sense_descriptors_begin(b, n, &it), MPIO_ERRC_NONE);
    while ((e = mpio_sense_descriptors_next(&it, &d)) == MPIO_ERRC_NONE) {
        if (count == 0) CHECK(d.descriptor_type == 0 && d.additional_length == 0x0a && d.offset == 0);
        ++count;
    }
    CHECK(e == MPIO_ERRC_END && count == 7 && s.descriptors.count == 7);

    n = load(data_dir, "sg3_utils-inhex/fixed_sense.hex", b, sizeof b);
    CHECK_ERRC(mpio_parse_sense(b, n, &s), MPIO_ERRC_NONE);
    CHECK(s.response_code == 0x70 && s.descriptor_format == 0 && s.sense_key == 3 && s.asc == 0x11 && s.ascq == 0);
    CHECK(s.information_valid == 1 && s.information == 0x1234);
    CHECK_ERRC(mpio_sense_descriptors_begin(b, n, &it), MPIO_ERRC_UNSUPPORTED_FORMAT);
    CHECK_ERRC(mpio_parse_sense(b, 1, &s), MPIO_ERRC_TOO_SHORT);
    b[0] = 0x7f;
    CHECK_ERRC(mpio_parse_sense(b, n, &s), MPIO_ERRC_VENDOR_SPECIFIC_FORMAT);

    CHECK_ERRC(mpio_sense_text(0x2, 0x04, 0x0a, text, sizeof text), MPIO_ERRC_NONE);
    CHECK(strstr(text, "NOT READY") != NULL && strstr(text, "TRANSITION") != NULL);
    CHECK_ERRC(mpio_sense_text(0x2, 0x04, 0x0a, text, 6), MPIO_ERRC_BUFFER_TOO_SMALL);
    CHECK(strlen(text) == 5);
    CHECK_ERRC(mpio_sense_text(0x20, 0, 0, text, sizeof text), MPIO_ERRC_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------------- LUNs */

static void test_luns(void)
{
    uint8_t b[512];
    mpio_report_luns r;
    mpio_lun l;
    mpio_iter it;
    mpio_errc e;
    size_t count = 0, n = load(data_dir, "sg3_utils-inhex/luns_wlun.hex", b, sizeof b);
    static const uint8_t lun5[8] = {0x00, 0x05, 0, 0, 0, 0, 0, 0};
    static const uint8_t wlun[8] = {0xc1, 0x01, 0, 0, 0, 0, 0, 0};
    CHECK_ERRC(mpio_parse_report_luns(b, n, &r), MPIO_ERRC_NONE);
    CHECK(r.lun_list_length == 64 && r.lun_count == 8 && r.truncated == 0 && r.luns.count == 8);
    CHECK_ERRC(mpio_report_luns_begin(b, n, &it), MPIO_ERRC_NONE);
    while ((e = mpio_report_luns_next(&it, &l)) == MPIO_ERRC_NONE) {
        if (count == 0) CHECK(l.linux_lun == 1 && l.address_method == 0 && l.well_known_lun == -1);
        if (count == 2) CHECK(l.well_known_lun == 1 && l.bytes[0] == 0xc1);
        ++count;
    }
    CHECK(e == MPIO_ERRC_END && count == 8);
    CHECK_ERRC(mpio_parse_report_luns(b, 20, &r), MPIO_ERRC_NONE);
    CHECK(r.truncated == 1 && r.required_allocation_length == 72 && r.luns.count == 1);
    CHECK_ERRC(mpio_parse_report_luns(b, 4, &r), MPIO_ERRC_TOO_SHORT);
    CHECK_ERRC(mpio_report_luns_begin(b, 4, &it), MPIO_ERRC_TOO_SHORT);

    CHECK_ERRC(mpio_parse_lun(lun5, 8, &l), MPIO_ERRC_NONE);
    CHECK(l.linux_lun == 5 && l.first_level_addressing == 5 && l.well_formed == 1);
    CHECK_ERRC(mpio_parse_lun(wlun, 8, &l), MPIO_ERRC_NONE);
    CHECK(l.well_known_lun == 1);
    CHECK_ERRC(mpio_parse_lun(lun5, 7, &l), MPIO_ERRC_TOO_SHORT);
}

static void test_read_capacity(void)
{
    static const uint8_t b[32] = {0, 0, 0, 0, 0, 1, 0xff, 0xff, 0, 0, 2, 0, 0, 0x03, 0x80, 0x00};
    static const uint8_t huge[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0x10, 0};
    mpio_read_capacity_16 r;
    CHECK_ERRC(mpio_parse_read_capacity_16(b, sizeof b, &r), MPIO_ERRC_NONE);
    CHECK(r.returned_logical_block_address == 0x1ffff && r.logical_block_length_in_bytes == 512);
    CHECK(r.capacity_in_blocks == 0x20000 && r.capacity_in_bytes == 0x20000ULL * 512 &&
          r.capacity_error == MPIO_ERRC_NONE);
    CHECK(r.logical_blocks_per_physical_block_exponent == 3 && r.lbpme == 1 && r.truncated == 0);
    CHECK_ERRC(mpio_parse_read_capacity_16(huge, sizeof huge, &r), MPIO_ERRC_NONE);
    CHECK(r.capacity_error == MPIO_ERRC_OVERFLOW);
    CHECK_ERRC(mpio_parse_read_capacity_16(b, 12, &r), MPIO_ERRC_NONE);
    CHECK(r.truncated == 1);
    CHECK_ERRC(mpio_parse_read_capacity_16(b, 11, &r), MPIO_ERRC_TOO_SHORT);
}

/* -------------------------------------------------------------- CDBs */

static void test_cdb(void)
{
    uint8_t cdb[16], params[64];
    size_t n = 99;
    mpio_stpg_descriptor d[2] = {{MPIO_ALUA_ACTIVE_OPTIMIZED, 2}, {MPIO_ALUA_STANDBY, 1}};
    CHECK_ERRC(mpio_cdb_test_unit_ready(cdb, sizeof cdb, 0, &n), MPIO_ERRC_NONE);
    CHECK(n == 6 && cdb[0] == 0x00);
    CHECK_ERRC(mpio_cdb_inquiry(cdb, sizeof cdb, 1, 0x83, 0x200, 0, &n), MPIO_ERRC_NONE);
    CHECK(n == 6 && cdb[0] == 0x12 && cdb[1] == 1 && cdb[2] == 0x83 && cdb[3] == 2 && cdb[4] == 0);
    CHECK_ERRC(mpio_cdb_inquiry(cdb, sizeof cdb, 0, 0x83, 96, 0, &n), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_cdb_report_luns(cdb, sizeof cdb, 2, 4096, 0, &n), MPIO_ERRC_NONE);
    CHECK(n == 12 && cdb[0] == 0xa0 && cdb[2] == 2 && cdb[8] == 0x10);
    CHECK_ERRC(mpio_cdb_read_capacity_16(cdb, sizeof cdb, 32, 0, &n), MPIO_ERRC_NONE);
    CHECK(n == 16 && cdb[0] == 0x9e && cdb[1] == 0x10 && cdb[13] == 32);
    CHECK_ERRC(mpio_cdb_report_target_port_groups(cdb, sizeof cdb, 1, 1024, 0, &n), MPIO_ERRC_NONE);
    CHECK(n == 12 && cdb[0] == 0xa3 && cdb[1] == 0x2a && cdb[8] == 4);
    CHECK_ERRC(mpio_cdb_set_target_port_groups(cdb, sizeof cdb, 12, 0, &n), MPIO_ERRC_NONE);
    CHECK(n == 12 && cdb[0] == 0xa4 && cdb[1] == 0x0a && cdb[9] == 12);
    CHECK_ERRC(mpio_stpg_parameter_list(params, sizeof params, d, 2, &n), MPIO_ERRC_NONE);
    CHECK(n == 12 && params[4] == 0 && params[7] == 2 && params[8] == 2 && params[11] == 1);
    CHECK_ERRC(mpio_cdb_test_unit_ready(cdb, 5, 0, &n), MPIO_ERRC_BUFFER_TOO_SMALL);
    CHECK(n == 0);
    CHECK_ERRC(mpio_stpg_parameter_list(params, sizeof params, NULL, 2, &n), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_stpg_parameter_list(params, 8, d, 2, &n), MPIO_ERRC_BUFFER_TOO_SMALL);
}

/* --------------------------------------------------------------- identity */

static void test_identity(void)
{
    uint8_t inq[512], pg80[512], pg83[512], inq2[512];
    mpio_identity_input in;
    mpio_identity id, id2;
    mpio_claim_table t;
    char text[256], hw[25];
    const char* name = NULL;
    size_t i, winner = 99, vendor, generic;
    in.inquiry = inq;
    in.inquiry_size = load(topology_dir, "2-0-0-1/inquiry", inq, sizeof inq);
    in.vpd80 = pg80;
    in.vpd80_size = load(topology_dir, "2-0-0-1/vpd_pg80", pg80, sizeof pg80);
    in.vpd83 = pg83;
    in.vpd83_size = load(topology_dir, "2-0-0-1/vpd_pg83", pg83, sizeof pg83);

    CHECK_ERRC(mpio_identity_scheme(0, &name), MPIO_ERRC_NONE);
    CHECK(strcmp(name, "mpio") == 0);
    for (i = 0; mpio_identity_scheme(i, &name) == MPIO_ERRC_NONE; ++i) {
        CHECK_ERRC(mpio_identity_derive(name, &in, &id, text, sizeof text), MPIO_ERRC_NONE);
        CHECK(id.status == MPIO_IDENTITY_FOUND && strlen(text) == id.text_length);
    }
    CHECK(i == 7);
    CHECK_ERRC(mpio_identity_derive("mpio", &in, &id, text, sizeof text), MPIO_ERRC_NONE);
    CHECK(strstr(text, "6acde480") != NULL || strstr(text, "6ACDE480") != NULL);
    CHECK_ERRC(mpio_identity_derive("mpio", &in, &id2, text, 8), MPIO_ERRC_BUFFER_TOO_SMALL);
    CHECK(id2.key_hash == id.key_hash && strlen(text) == 7);
    CHECK_ERRC(mpio_identity_derive("no-such-scheme", &in, &id, text, sizeof text), MPIO_ERRC_NOT_FOUND);
    in.vpd83_size = 3; /* malformed page, no serial page: no identity */
    in.vpd80_size = 0;
    CHECK_ERRC(mpio_identity_derive("msdsm", &in, &id, text, sizeof text), MPIO_ERRC_NOT_FOUND);
    CHECK(id.status != MPIO_IDENTITY_FOUND);
    in.vpd83 = NULL;
    CHECK_ERRC(mpio_identity_derive("mpio", &in, &id, text, sizeof text), MPIO_ERRC_INVALID_ARGUMENT);

    CHECK_ERRC(mpio_hardware_id(inq, in.inquiry_size, hw), MPIO_ERRC_NONE);
    CHECK(strcmp(hw, "MPIOSIM VIRTUAL-ARRAY   ") == 0);
    CHECK_ERRC(mpio_hardware_id(inq, 2, hw), MPIO_ERRC_TOO_SHORT);

    CHECK_ERRC(mpio_claim_table_init(&t), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_claim_table_add(&t, "msdsm", 1, MPIO_MATCH_MPIO_PREFIX, &generic), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_claim_table_add(&t, "vendor", 0, MPIO_MATCH_MPIO_PREFIX, &vendor), MPIO_ERRC_NONE);
    CHECK(generic == 0 && vendor == 1);
    CHECK_ERRC(mpio_claim_table_add_device(&t, generic, "MSFT2005iSCSIBusType_0x9"), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_claim_table_add_device(&t, vendor, "OTHER   ARRAY"), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_claim_table_arbitrate(&t, inq, in.inquiry_size, 0x09, &winner), MPIO_ERRC_NONE);
    CHECK(winner == generic); /* iSCSI: MSDSM claims it, the vendor DSM does not know it */
    CHECK_ERRC(mpio_claim_table_arbitrate(&t, inq, in.inquiry_size, 0x06, &winner), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_claim_table_add_device(&t, vendor, "MPIOSIM "), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_claim_table_arbitrate(&t, inq, in.inquiry_size, 0x09, &winner), MPIO_ERRC_NONE);
    CHECK(winner == vendor); /* a vendor DSM wins over MSDSM, whatever the order */
    CHECK_ERRC(mpio_claim_table_add_device(&t, 5, "X"), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_claim_table_add_device(&t, vendor, ""), MPIO_ERRC_INVALID_ARGUMENT);
    memcpy(inq2, inq, 8);
    CHECK_ERRC(mpio_claim_table_arbitrate(&t, inq2, 3, 0x09, &winner), MPIO_ERRC_TOO_SHORT);
    for (i = 2; i < MPIO_CLAIMERS_MAX; ++i) CHECK_ERRC(mpio_claim_table_add(&t, "x", 0, 0, NULL), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_claim_table_add(&t, "x", 0, 0, NULL), MPIO_ERRC_CAPACITY_EXCEEDED);
}

/* ------------------------------------------------- topology and discovery */

struct path_dump {
    uint8_t inquiry[512], vpd80[256], vpd83[512], rtpg[512];
    mpio_path_report report;
};

static void read_path(const char* name, uint64_t handle, struct path_dump* p)
{
    char file[256];
    memset(&p->report, 0, sizeof p->report);
    p->report.handle = handle;
    p->report.bus_type = 0x09;
    snprintf(file, sizeof file, "%s/inquiry", name);
    p->report.input.inquiry = p->inquiry;
    p->report.input.inquiry_size = load(topology_dir, file, p->inquiry, sizeof p->inquiry);
    snprintf(file, sizeof file, "%s/vpd_pg80", name);
    p->report.input.vpd80 = p->vpd80;
    p->report.input.vpd80_size = load(topology_dir, file, p->vpd80, sizeof p->vpd80);
    snprintf(file, sizeof file, "%s/vpd_pg83", name);
    p->report.input.vpd83 = p->vpd83;
    p->report.input.vpd83_size = load(topology_dir, file, p->vpd83, sizeof p->vpd83);
    snprintf(file, sizeof file, "%s/rtpg", name);
    p->report.rtpg = p->rtpg;
    p->report.rtpg_size = load(topology_dir, file, p->rtpg, sizeof p->rtpg);
}

static int refuse_handle_4(void* context, uint64_t handle)
{
    ++*(int*)context;
    return handle != 4;
}

static mpio_topology topology; /* 72 KiB: static, as a driver would keep it */

static void test_topology(void)
{
    static const char* names[] = {"2-0-0-1", "2-0-1-1", "3-0-0-1", "3-0-1-1", "2-0-0-2"};
    static struct path_dump dumps[5];
    mpio_discovery d;
    mpio_topology_counts c;
    mpio_topology_path p;
    uint64_t handles[8];
    size_t i, count = 0, deleted = 0;
    int verified = 0, detached = 0;
    uint32_t lun1 = MPIO_NO_INDEX;
    CHECK_ERRC(mpio_topology_init(&topology, 1000, 1), MPIO_ERRC_NONE);
    for (i = 0; i < 5; ++i) {
        read_path(names[i], (uint64_t)(i + 1), &dumps[i]);
        CHECK_ERRC(
            mpio_topology_discover(&topology, "mpio", NULL, &dumps[i].report, 10, refuse_handle_4, &verified, &d),
            MPIO_ERRC_NONE);
        if (i == 0) {
            CHECK(d.outcome == MPIO_DISCOVERY_CREATED_DEVICE && d.verified == 1 && d.alua_mode == 3);
            lun1 = d.device;
        } else if (i < 4) {
            CHECK(d.outcome == MPIO_DISCOVERY_JOINED_DEVICE && d.device == lun1);
            CHECK(d.verified == (i != 3));
        } else {
            CHECK(d.outcome == MPIO_DISCOVERY_CREATED_DEVICE && d.device != lun1);
        }
    }
    CHECK(verified == 5);
    CHECK_ERRC(mpio_topology_discover(&topology, "mpio", NULL, &dumps[0].report, 11, NULL, NULL, &d), MPIO_ERRC_NONE);
    CHECK(d.outcome == MPIO_DISCOVERY_DUPLICATE);
    CHECK_ERRC(mpio_topology_counts_of(&topology, &c), MPIO_ERRC_NONE);
    CHECK(c.devices == 2 && c.paths == 5 && c.ports == 4 && c.ungrouped_paths == 0);
    CHECK_ERRC(mpio_topology_find_path(&topology, 2, &p), MPIO_ERRC_NONE); /* 2-0-1-1: port B1 */
    CHECK(p.device == lun1 && p.state == MPIO_PATH_ACTIVE && p.has_target_port_group && p.target_port_group == 2);
    CHECK(p.alua_state == MPIO_ALUA_ACTIVE_NON_OPTIMIZED && p.relative_target_port == 3);
    CHECK_ERRC(mpio_topology_find_path(&topology, 4, &p), MPIO_ERRC_NONE);
    CHECK(p.state == MPIO_PATH_FAILED);
    CHECK_ERRC(mpio_topology_find_path(&topology, 77, &p), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_topology_device_paths(&topology, lun1, handles, 8, &count), MPIO_ERRC_NONE);
    CHECK(count == 4);
    CHECK_ERRC(mpio_topology_device_paths(&topology, lun1, handles, 2, &count), MPIO_ERRC_BUFFER_TOO_SMALL);
    CHECK(count == 4);
    CHECK_ERRC(mpio_topology_device_paths(&topology, 30, handles, 8, &count), MPIO_ERRC_NOT_FOUND);

    /* claim table: a vendor DSM that wants nothing of this array */
    {
        mpio_claim_table t;
        size_t vendor;
        struct path_dump* other = &dumps[4];
        mpio_claim_table_init(&t);
        mpio_claim_table_add(&t, "vendor", 0, MPIO_MATCH_MPIO_PREFIX, &vendor);
        mpio_claim_table_add_device(&t, vendor, "OTHER   ");
        other->report.handle = 50;
        CHECK_ERRC(mpio_topology_discover(&topology, "msdsm", &t, &other->report, 12, NULL, NULL, &d), MPIO_ERRC_NONE);
        CHECK(d.outcome == MPIO_DISCOVERY_NOT_CLAIMED);
        other->report.handle = 5;
    }
    CHECK_ERRC(mpio_topology_discover(&topology, "nope", NULL, &dumps[0].report, 12, NULL, NULL, &d),
               MPIO_ERRC_NOT_FOUND);
    /* malformed INQUIRY: not stored */
    dumps[4].report.input.inquiry_size = 2;
    dumps[4].report.handle = 60;
    CHECK_ERRC(mpio_topology_discover(&topology, "mpio", NULL, &dumps[4].report, 12, NULL, NULL, &d), MPIO_ERRC_NONE);
    CHECK(d.outcome == MPIO_DISCOVERY_NO_INQUIRY && d.error == MPIO_ERRC_TOO_SHORT);

    CHECK_ERRC(mpio_topology_unit_attention(&topology, 2, 0x29, 0x00, 13, &detached), MPIO_ERRC_NONE);
    CHECK(detached == 0);
    CHECK_ERRC(mpio_topology_unit_attention(&topology, 2, 0x3f, 0x05, 13, &detached), MPIO_ERRC_NONE);
    CHECK(detached == 1);
    CHECK_ERRC(mpio_topology_counts_of(&topology, &c), MPIO_ERRC_NONE);
    CHECK(c.ungrouped_paths == 1);
    CHECK_ERRC(mpio_topology_remove_path(&topology, 1, 20), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_topology_remove_path(&topology, 99, 20), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_topology_expire(&topology, 500, &deleted), MPIO_ERRC_NONE);
    CHECK(deleted == 0);
    CHECK_ERRC(mpio_topology_expire(&topology, 1020, &deleted), MPIO_ERRC_NONE);
    CHECK(deleted == 1);
    CHECK_ERRC(mpio_topology_find_path(&topology, 1, &p), MPIO_ERRC_NOT_FOUND);
}

/* --------------------------------------------------------------- policies */

static void test_selector(void)
{
    mpio_selector s;
    mpio_path_attributes a;
    mpio_io_request io;
    uint8_t slot = 0, id = 0, seen[4] = {0, 0, 0, 0};
    int i;
    memset(&a, 0, sizeof a);
    memset(&io, 0, sizeof io);
    io.blocks = 8;
    io.bytes = 4096;
    a.relative_throughput = 1;
    CHECK_ERRC(mpio_selector_init(&s), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_policy(&s, &id), MPIO_ERRC_NONE);
    CHECK(id == MPIO_POLICY_ROUND_ROBIN);
    CHECK_ERRC(mpio_selector_select(&s, &io, &slot), MPIO_ERRC_NO_USABLE_PATH);
    for (i = 0; i < 3; ++i) CHECK_ERRC(mpio_selector_add_path(&s, (uint8_t)i, &a), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_add_path(&s, 0, &a), MPIO_ERRC_ALREADY_EXISTS);
    for (i = 0; i < 6; ++i) {
        CHECK_ERRC(mpio_selector_select(&s, &io, &slot), MPIO_ERRC_NONE);
        CHECK(slot < 3);
        ++seen[slot];
        CHECK_ERRC(mpio_selector_start(&s, slot, &io), MPIO_ERRC_NONE);
        CHECK_ERRC(mpio_selector_complete(&s, slot, &io, 10, MPIO_IO_SUCCESS), MPIO_ERRC_NONE);
    }
    CHECK(seen[0] == 2 && seen[1] == 2 && seen[2] == 2);
    CHECK_ERRC(mpio_selector_fail_path(&s, 1), MPIO_ERRC_NONE);
    for (i = 0; i < 4; ++i) {
        CHECK_ERRC(mpio_selector_select(&s, &io, &slot), MPIO_ERRC_NONE);
        CHECK(slot != 1);
    }
    CHECK_ERRC(mpio_selector_reinstate_path(&s, 1), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_set_alua_state(&s, 0, MPIO_ALUA_STANDBY), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_set_alua_state(&s, 0, 0x40), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_remove_path(&s, 2), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_remove_path(&s, 2), MPIO_ERRC_NOT_FOUND);
    for (i = 0; i < 4; ++i) {
        CHECK_ERRC(mpio_selector_select(&s, &io, &slot), MPIO_ERRC_NONE);
        CHECK(slot == 1); /* 0 is standby, 2 is gone */
    }
    /* Weighted Paths by MSDSM id: the lightest path wins; weights carry over a switch */
    CHECK_ERRC(mpio_selector_set_alua_state(&s, 0, MPIO_ALUA_ACTIVE_OPTIMIZED), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_set_weight(&s, 0, 10), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_set_weight(&s, 1, 5), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_set_policy(&s, MPIO_POLICY_WEIGHTED_PATHS), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_select(&s, &io, &slot), MPIO_ERRC_NONE);
    CHECK(slot == 1);
    /* Fail Over Only by name: the preferred path */
    CHECK_ERRC(mpio_selector_set_preferred(&s, 0, 1), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_set_policy_by_name(&s, "fail over only"), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_selector_policy(&s, &id), MPIO_ERRC_NONE);
    CHECK(id == MPIO_POLICY_FAIL_OVER_ONLY);
    CHECK_ERRC(mpio_selector_select(&s, &io, &slot), MPIO_ERRC_NONE);
    CHECK(slot == 0);
    CHECK_ERRC(mpio_selector_set_policy(&s, 7), MPIO_ERRC_NOT_READY);
    CHECK_ERRC(mpio_selector_set_policy(&s, 99), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_selector_set_policy_by_name(&s, "bogus"), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_selector_start(&s, 200, &io), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_complete(&s, 0, &io, 1, 9), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_policy_id_of("LQD", &id), MPIO_ERRC_NONE);
    CHECK(id == MPIO_POLICY_LEAST_QUEUE_DEPTH);
    CHECK_ERRC(mpio_policy_id_of("VMW_PSP_RR", &id), MPIO_ERRC_NONE);
    CHECK(id == MPIO_POLICY_VMW_ROUND_ROBIN);
    CHECK_ERRC(mpio_policy_id_of("x", &id), MPIO_ERRC_NOT_FOUND);
    /* every built-in policy can be selected by id and carries I/O */
    {
        static const uint8_t ids[] = {1, 2, 3, 4, 5, 6, 16, 17, 18, 19, 32, 33, 34, 35, 48, 49};
        size_t k;
        for (k = 0; k < sizeof ids; ++k) {
            CHECK_ERRC(mpio_selector_set_policy(&s, ids[k]), MPIO_ERRC_NONE);
            CHECK_ERRC(mpio_selector_select(&s, &io, &slot), MPIO_ERRC_NONE);
            CHECK(slot <= 1);
        }
    }
}

/* The hot path: select + start in one call, the inline start/complete that
 * skip no-op calls, and NULL, uninitialised and bad arguments on every
 * selector function. */
static void test_selector_hot_path(void)
{
    mpio_selector s, zeroed, stale;
    mpio_path_attributes a;
    mpio_io_request io;
    uint8_t slot = 0, id = 0, seen[4] = {0, 0, 0, 0};
    int i;
    memset(&a, 0, sizeof a);
    memset(&io, 0, sizeof io);
    memset(&zeroed, 0, sizeof zeroed);
    memset(&stale, 0xA0, sizeof stale); /* garbage that carries the flags tag: only the inline skip may pass */
    io.blocks = 8;
    io.bytes = 4096;
    a.relative_throughput = 1;
    CHECK_ERRC(mpio_selector_init(&s), MPIO_ERRC_NONE);
    /* round robin (the default) ignores start and complete: the flags say so */
    CHECK((s.u.bytes[MPIO_SELECTOR_FLAGS_OFFSET] & MPIO_SELECTOR_FLAGS_TAG_MASK) == MPIO_SELECTOR_FLAGS_TAG);
    CHECK(!mpio_selector_needs(&s, MPIO_SELECTOR_FLAG_START) && !mpio_selector_needs(&s, MPIO_SELECTOR_FLAG_COMPLETE));
    CHECK_ERRC(mpio_selector_select_start(&s, &io, &slot), MPIO_ERRC_NO_USABLE_PATH);
    for (i = 0; i < 4; ++i) CHECK_ERRC(mpio_selector_add_path(&s, (uint8_t)i, &a), MPIO_ERRC_NONE);
    for (i = 0; i < 8; ++i) {
        slot = 99;
        CHECK_ERRC(mpio_selector_select_start(&s, &io, &slot), MPIO_ERRC_NONE);
        CHECK(slot < 4);
        ++seen[slot];
        CHECK_ERRC(mpio_selector_start_if_needed(&s, slot, &io), MPIO_ERRC_NONE);
        CHECK_ERRC(mpio_selector_complete_if_needed(&s, slot, &io, 10, MPIO_IO_SUCCESS), MPIO_ERRC_NONE);
    }
    CHECK(seen[0] == 2 && seen[1] == 2 && seen[2] == 2 && seen[3] == 2);
    /* the inline functions give the library's answer on bad arguments, skip or not */
    CHECK_ERRC(mpio_selector_start_if_needed(&s, MPIO_SELECTOR_CAPACITY, &io), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_start_if_needed(&s, 0, NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_complete_if_needed(&s, 200, &io, 1, MPIO_IO_SUCCESS), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_complete_if_needed(&s, 0, NULL, 1, MPIO_IO_SUCCESS), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_complete_if_needed(&s, 0, &io, 1, 3), MPIO_ERRC_INVALID_ARGUMENT);

    /* least queue depth acts on both: select_start counts the I/O in flight,
     * so the next select avoids that path until it completes */
    CHECK_ERRC(mpio_selector_set_policy(&s, MPIO_POLICY_LEAST_QUEUE_DEPTH), MPIO_ERRC_NONE);
    CHECK(mpio_selector_needs(&s, MPIO_SELECTOR_FLAG_START) && mpio_selector_needs(&s, MPIO_SELECTOR_FLAG_COMPLETE));
    {
        uint8_t busy[4];
        for (i = 0; i < 4; ++i) {
            CHECK_ERRC(mpio_selector_select_start(&s, &io, &busy[i]), MPIO_ERRC_NONE);
            CHECK(busy[i] < 4);
        }
        CHECK(busy[0] != busy[1] && busy[0] != busy[2] && busy[0] != busy[3] && busy[1] != busy[2] &&
              busy[1] != busy[3] && busy[2] != busy[3]);
        /* complete all but busy[2]: the idle paths win until it completes */
        for (i = 0; i < 4; ++i)
            if (i != 2)
                CHECK_ERRC(mpio_selector_complete_if_needed(&s, busy[i], &io, 5, MPIO_IO_SUCCESS), MPIO_ERRC_NONE);
        for (i = 0; i < 3; ++i) {
            CHECK_ERRC(mpio_selector_select(&s, &io, &slot), MPIO_ERRC_NONE);
            CHECK(slot != busy[2]);
            CHECK_ERRC(mpio_selector_start_if_needed(&s, slot, &io), MPIO_ERRC_NONE);
        }
        CHECK_ERRC(mpio_selector_complete_if_needed(&s, busy[2], &io, 5, MPIO_IO_SUCCESS), MPIO_ERRC_NONE);
    }
    /* back to a policy that ignores both, by name: the flags follow */
    CHECK_ERRC(mpio_selector_set_policy_by_name(&s, "RR"), MPIO_ERRC_NONE);
    CHECK(!mpio_selector_needs(&s, MPIO_SELECTOR_FLAG_START) && !mpio_selector_needs(&s, MPIO_SELECTOR_FLAG_COMPLETE));
    /* a failed switch leaves the flags of the policy that is still active */
    CHECK_ERRC(mpio_selector_set_policy(&s, 99), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_selector_policy(&s, &id), MPIO_ERRC_NONE);
    CHECK(id == MPIO_POLICY_ROUND_ROBIN);
    CHECK(!mpio_selector_needs(&s, MPIO_SELECTOR_FLAG_START));

    /* NULL: every selector function refuses it */
    CHECK(mpio_selector_needs(NULL, MPIO_SELECTOR_FLAG_START) &&
          mpio_selector_needs(NULL, MPIO_SELECTOR_FLAG_COMPLETE));
    CHECK_ERRC(mpio_selector_init(NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_set_policy(NULL, MPIO_POLICY_ROUND_ROBIN), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_set_policy_by_name(NULL, "RR"), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_set_policy_by_name(&s, NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_policy(NULL, &id), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_policy(&s, NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_policy_id_of(NULL, &id), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_policy_id_of("RR", NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_select(NULL, &io, &slot), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_select(&s, NULL, &slot), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_select(&s, &io, NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_select_start(NULL, &io, &slot), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_select_start(&s, NULL, &slot), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_select_start(&s, &io, NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_start(NULL, 0, &io), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_start(&s, 0, NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_start_if_needed(NULL, 0, &io), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_complete(NULL, 0, &io, 1, MPIO_IO_SUCCESS), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_complete(&s, 0, NULL, 1, MPIO_IO_SUCCESS), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_complete_if_needed(NULL, 0, &io, 1, MPIO_IO_SUCCESS), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_add_path(NULL, 0, &a), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_add_path(&s, 0, NULL), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_remove_path(NULL, 0), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_fail_path(NULL, 0), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_reinstate_path(NULL, 0), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_set_alua_state(NULL, 0, MPIO_ALUA_STANDBY), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_set_weight(NULL, 0, 1), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_selector_set_preferred(NULL, 0, 1), MPIO_ERRC_INVALID_ARGUMENT);

    /* uninitialised storage (zero-filled, or garbage): refused, never used */
    {
        mpio_selector* bad[2];
        int k;
        bad[0] = &zeroed;
        bad[1] = &stale;
        CHECK(mpio_selector_needs(&zeroed, MPIO_SELECTOR_FLAG_START));
        for (k = 0; k < 2; ++k) {
            mpio_selector* b = bad[k];
            CHECK_ERRC(mpio_selector_set_policy(b, MPIO_POLICY_ROUND_ROBIN), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_set_policy_by_name(b, "RR"), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_policy(b, &id), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_select(b, &io, &slot), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_select_start(b, &io, &slot), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_start(b, 0, &io), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_complete(b, 0, &io, 1, MPIO_IO_SUCCESS), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_add_path(b, 0, &a), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_remove_path(b, 0), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_fail_path(b, 0), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_reinstate_path(b, 0), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_set_alua_state(b, 0, MPIO_ALUA_STANDBY), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_set_weight(b, 0, 1), MPIO_ERRC_INVALID_ARGUMENT);
            CHECK_ERRC(mpio_selector_set_preferred(b, 0, 1), MPIO_ERRC_INVALID_ARGUMENT);
        }
        /* zero-filled storage has no tag: the inline functions call the library, which refuses it */
        CHECK_ERRC(mpio_selector_start_if_needed(&zeroed, 0, &io), MPIO_ERRC_INVALID_ARGUMENT);
        CHECK_ERRC(mpio_selector_complete_if_needed(&zeroed, 0, &io, 1, MPIO_IO_SUCCESS), MPIO_ERRC_INVALID_ARGUMENT);
        /* garbage that carries the tag with both "acts" bits clear is skipped
         * inline: nothing is read beyond that byte, nothing is written */
        CHECK_ERRC(mpio_selector_start_if_needed(&stale, 0, &io), MPIO_ERRC_NONE);
        for (i = 0; i < (int)sizeof stale.u.bytes; ++i) CHECK(stale.u.bytes[i] == 0xA0);
        /* after init, the zeroed storage works */
        CHECK_ERRC(mpio_selector_init(&zeroed), MPIO_ERRC_NONE);
        CHECK_ERRC(mpio_selector_add_path(&zeroed, 5, &a), MPIO_ERRC_NONE);
        CHECK_ERRC(mpio_selector_select_start(&zeroed, &io, &slot), MPIO_ERRC_NONE);
        CHECK(slot == 5);
    }
}

/* --------------------------------------------------------------- recovery */

static void test_recovery(void)
{
    /* NOT READY 04/0A (ALUA transition), UNIT ATTENTION 2A/06, broken sense */
    static const uint8_t transition[18] = {0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x0a};
    static const uint8_t changed[18] = {0x70, 0, 0x06, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x2a, 0x06};
    static const uint8_t broken[1] = {0x70};
    static const uint8_t zeroed[18] = {0};
    mpio_io_outcome o;
    mpio_decision d;
    mpio_lifecycle_config c;
    mpio_path_lifecycle l;
    mpio_lifecycle_status st;
    uint8_t cmd = 9, checker = 9;
    char text[80];
    memset(&o, 0, sizeof o);
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_NONE);
    CHECK(d.action == MPIO_ACTION_COMPLETE && d.effect == MPIO_EFFECT_PATH_OK);
    o.transport = MPIO_TRANSPORT_CONNECTION_LOST;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_NONE);
    CHECK(d.action == MPIO_ACTION_FAIL_PATH_AND_RETRY && d.effect == MPIO_EFFECT_PATH_FAILED);
    /* a transfer of the wrong length is retried (counted), never completed */
    o.transport = MPIO_TRANSPORT_DATA_OVERRUN;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_NONE);
    CHECK(d.action == MPIO_ACTION_RETRY_SAME_PATH && d.consumes_budget == 1 && d.delay == 1);
    o.transport = MPIO_TRANSPORT_DATA_UNDERRUN;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_LINUX, &o, 1, &d), MPIO_ERRC_NONE);
    CHECK(d.action == MPIO_ACTION_RETRY_SAME_PATH && d.consumes_budget == 1);
    CHECK_ERRC(mpio_reason_name(d.reason, text, sizeof text), MPIO_ERRC_NONE);
    CHECK(strcmp(text, "data underrun") == 0);
    o.transport = MPIO_TRANSPORT_DATA_UNDERRUN + 1;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_INVALID_ARGUMENT);
    o.transport = MPIO_TRANSPORT_OK;
    o.status = 0x02;
    o.sense = transition;
    o.sense_size = sizeof transition;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_NONE);
    CHECK(d.action == MPIO_ACTION_RETRY_OTHER_PATH && d.effect == MPIO_EFFECT_ALUA_TRANSITIONING);
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 0, &d), MPIO_ERRC_NONE);
    CHECK(d.action == MPIO_ACTION_HOLD_AND_RETRY); /* nowhere else to go: hold for the transition */
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_LINUX, &o, 1, &d), MPIO_ERRC_NONE);
    CHECK(d.effect == MPIO_EFFECT_ALUA_TRANSITIONING);
    o.sense = changed;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_NONE);
    CHECK(d.action == MPIO_ACTION_REFRESH_ALUA_THEN_RETRY && d.effect == MPIO_EFFECT_ALUA_CHANGED);
    CHECK_ERRC(mpio_reason_name(d.reason, text, sizeof text), MPIO_ERRC_NONE);
    CHECK(strlen(text) > 0);
    CHECK_ERRC(mpio_reason_name(250, text, sizeof text), MPIO_ERRC_NOT_FOUND);
    /* a zeroed sense buffer (response code 00h): not sense data by SPC, but
       MSDSM (the default table) reads it as fixed format 00/00/00 and fails over */
    o.sense = zeroed;
    o.sense_size = sizeof zeroed;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_UNSUPPORTED_FORMAT);
    CHECK(d.action == MPIO_ACTION_FAIL_PATH_AND_RETRY);
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_LINUX, &o, 1, &d), MPIO_ERRC_UNSUPPORTED_FORMAT);
    CHECK(d.action == MPIO_ACTION_RETRY_SAME_PATH);
    o.sense = broken;
    o.sense_size = sizeof broken;
    CHECK(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d) != MPIO_ERRC_NONE); /* the sense error, decision still made */
    o.sense = NULL;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_interpret(7, &o, 1, &d), MPIO_ERRC_INVALID_ARGUMENT);
    memset(&o, 0, sizeof o);
    CHECK_ERRC(mpio_interpret_test_unit_ready(&o, &checker), MPIO_ERRC_NONE);
    CHECK(checker == 0);
    o.transport = MPIO_TRANSPORT_TIMEOUT;
    CHECK_ERRC(mpio_interpret_test_unit_ready(&o, &checker), MPIO_ERRC_NONE);
    CHECK(checker == 1);

    memset(&c, 0, sizeof c);
    c.verification_period = 100;
    c.recovery_interval = 50;
    c.pending_poll = 10;
    c.remove_period = 1000;
    CHECK_ERRC(mpio_lifecycle_init(&l, &c, 0), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_lifecycle_arrive(&l, 0, &cmd), MPIO_ERRC_NONE);
    CHECK(cmd == MPIO_VERIFY_TEST_UNIT_READY);
    CHECK_ERRC(mpio_lifecycle_on_verification(&l, 0, 0, 0, 1), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_lifecycle_status_of(&l, 1, &st), MPIO_ERRC_NONE);
    CHECK(st.state == MPIO_PATH_ACTIVE && st.eligibility == 2);
    /* the path fails through an interpreted completion */
    o.transport = MPIO_TRANSPORT_CONNECTION_LOST;
    CHECK_ERRC(mpio_interpret(MPIO_TABLE_DEFAULT, &o, 1, &d), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_lifecycle_on_io(&l, &d, 5), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_lifecycle_status_of(&l, 5, &st), MPIO_ERRC_NONE);
    CHECK(st.state == MPIO_PATH_FAILED && st.eligibility == 0);
    CHECK_ERRC(mpio_lifecycle_poll(&l, 20, &cmd), MPIO_ERRC_NONE);
    CHECK(cmd == MPIO_VERIFY_NONE);
    CHECK_ERRC(mpio_lifecycle_poll(&l, 60, &cmd), MPIO_ERRC_NONE);
    CHECK(cmd == MPIO_VERIFY_TEST_UNIT_READY); /* recovery interval reached */
    CHECK_ERRC(mpio_lifecycle_on_verification(&l, 0, 1, MPIO_ALUA_STANDBY, 61), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_lifecycle_on_alua_state(&l, MPIO_ALUA_ACTIVE_OPTIMIZED, 62), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_lifecycle_status_of(&l, 62, &st), MPIO_ERRC_NONE);
    CHECK(st.state == MPIO_PATH_ACTIVE && st.has_alua_state == 1 && st.alua_state == MPIO_ALUA_ACTIVE_OPTIMIZED);
    CHECK_ERRC(mpio_lifecycle_remove(&l, 70), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_lifecycle_status_of(&l, 70, &st), MPIO_ERRC_NONE);
    CHECK(st.state == MPIO_PATH_PENDING_REMOVAL);
    CHECK_ERRC(mpio_lifecycle_on_verification(&l, 17, 0, 0, 1), MPIO_ERRC_INVALID_ARGUMENT);
    d.action = 50;
    CHECK_ERRC(mpio_lifecycle_on_io(&l, &d, 5), MPIO_ERRC_INVALID_ARGUMENT);
    c.failback_mode = 9;
    CHECK_ERRC(mpio_lifecycle_init(&l, &c, 0), MPIO_ERRC_INVALID_ARGUMENT);
}

/* ----------------------------------------------------------------- engine */

struct test_transport {
    mpio_command sent[64];
    size_t sent_count;
    uint64_t done_cookie[64];
    mpio_request_result done[64];
    size_t done_count;
    int refuse;
};

static int tt_send(void* context, const mpio_command* c)
{
    struct test_transport* t = (struct test_transport*)context;
    if (t->refuse) return 0;
    if (t->sent_count < 64) t->sent[t->sent_count++] = *c;
    return 1;
}

static void tt_done(void* context, uint64_t cookie, const mpio_request_result* r)
{
    struct test_transport* t = (struct test_transport*)context;
    if (t->done_count < 64) {
        t->done_cookie[t->done_count] = cookie;
        t->done[t->done_count++] = *r;
    }
}

static mpio_engine engine; /* 48 KiB */

static void test_engine(void)
{
    static struct test_transport t;
    mpio_transport tr;
    mpio_engine_config c;
    mpio_path_config p;
    mpio_io_request io;
    mpio_io_outcome good, lost;
    mpio_engine_counts n;
    mpio_engine_path ep;
    mpio_path_statistics st;
    uint8_t s0 = 99, s1 = 99, slot = 99;
    const mpio_command* cmd;
    memset(&t, 0, sizeof t);
    tr.send = tt_send;
    tr.request_done = tt_done;
    tr.context = &t;
    CHECK_ERRC(mpio_engine_config_defaults(&c, 1000, 0), MPIO_ERRC_NONE);
    CHECK(c.retry_count == 3 && c.retry_interval == 1000 && c.pdo_remove_period == 20000);
    CHECK_ERRC(mpio_engine_config_defaults(&c, 0, 0), MPIO_ERRC_INVALID_ARGUMENT);
    CHECK_ERRC(mpio_engine_config_defaults(&c, 1000, 0), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_engine_init(&engine, &tr, &c), MPIO_ERRC_NONE);
    memset(&p, 0, sizeof p);
    p.handle = 100;
    p.verified = 1;
    CHECK_ERRC(mpio_engine_add_path(&engine, &p, 0, &s0), MPIO_ERRC_NONE);
    p.handle = 200;
    CHECK_ERRC(mpio_engine_add_path(&engine, &p, 0, &s1), MPIO_ERRC_NONE);
    CHECK(s0 == 0 && s1 == 1);
    CHECK_ERRC(mpio_engine_add_path(&engine, &p, 0, &slot), MPIO_ERRC_ALREADY_EXISTS);
    CHECK_ERRC(mpio_engine_slot_of(&engine, 200, &slot), MPIO_ERRC_NONE);
    CHECK(slot == 1);
    CHECK_ERRC(mpio_engine_slot_of(&engine, 300, &slot), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_engine_set_policy(&engine, MPIO_POLICY_ROUND_ROBIN), MPIO_ERRC_NONE);

    memset(&io, 0, sizeof io);
    io.direction = MPIO_IO_READ;
    io.blocks = 8;
    io.bytes = 4096;
    memset(&good, 0, sizeof good);
    memset(&lost, 0, sizeof lost);
    lost.transport = MPIO_TRANSPORT_CONNECTION_LOST;

    CHECK_ERRC(mpio_engine_submit(&engine, &io, 1, 10), MPIO_ERRC_NONE);
    CHECK(t.sent_count == 1 && t.sent[0].kind == MPIO_COMMAND_IO && t.sent[0].cookie == 1);
    cmd = &t.sent[0];
    CHECK_ERRC(mpio_engine_on_completion(&engine, cmd->tag, &good, NULL, 0, 12), MPIO_ERRC_NONE);
    CHECK(t.done_count == 1 && t.done_cookie[0] == 1 && t.done[0].ok == 1);
    CHECK_ERRC(mpio_engine_on_completion(&engine, cmd->tag, &good, NULL, 0, 12), MPIO_ERRC_NOT_FOUND); /* stale */

    /* a transport failure: the request moves to the other path and succeeds */
    CHECK_ERRC(mpio_engine_submit(&engine, &io, 2, 20), MPIO_ERRC_NONE);
    cmd = &t.sent[t.sent_count - 1];
    slot = cmd->slot;
    CHECK_ERRC(mpio_engine_on_completion(&engine, cmd->tag, &lost, NULL, 0, 21), MPIO_ERRC_NONE);
    cmd = &t.sent[t.sent_count - 1];
    CHECK(cmd->kind == MPIO_COMMAND_IO && cmd->cookie == 2 && cmd->slot != slot);
    CHECK_ERRC(mpio_engine_on_completion(&engine, cmd->tag, &good, NULL, 0, 25), MPIO_ERRC_NONE);
    CHECK(t.done_count == 2 && t.done[1].ok == 1 && t.done[1].failovers == 1);
    CHECK_ERRC(mpio_engine_path_of(&engine, slot, 25, &ep), MPIO_ERRC_NONE);
    CHECK(ep.state == MPIO_PATH_FAILED && ep.eligibility == 0 && ep.used == 1);
    CHECK_ERRC(mpio_engine_counts_of(&engine, &n), MPIO_ERRC_NONE);
    CHECK(n.paths == 2 && n.requests_outstanding == 0 && n.policy_id == MPIO_POLICY_ROUND_ROBIN);
    CHECK_ERRC(mpio_engine_statistics(&engine, (uint8_t)(1 - slot), &st), MPIO_ERRC_NONE);
    CHECK(st.reads >= 1 && st.bytes_read >= 4096 && st.samples >= 1 && st.latency_p50 <= st.latency_p999);
    CHECK_ERRC(mpio_engine_statistics(&engine, slot, &st), MPIO_ERRC_NONE);
    CHECK(st.errors == 1 && st.failovers == 1);

    /* the failed path comes back: verified with TEST UNIT READY */
    CHECK_ERRC(mpio_engine_path_back(&engine, slot, 30), MPIO_ERRC_NONE);
    cmd = &t.sent[t.sent_count - 1];
    CHECK(cmd->kind == MPIO_COMMAND_TEST_UNIT_READY && cmd->slot == slot && cmd->cdb_length == 6);
    CHECK_ERRC(mpio_engine_on_completion(&engine, cmd->tag, &good, NULL, 0, 31), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_engine_path_of(&engine, slot, 31, &ep), MPIO_ERRC_NONE);
    CHECK(ep.state == MPIO_PATH_ACTIVE);
    CHECK_ERRC(mpio_engine_poll(&engine, 40), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_engine_set_standby(&engine, slot, 1, 41), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_engine_set_policy_by_name(&engine, "LQD"), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_engine_set_policy_by_name(&engine, "nope"), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_engine_clear_statistics(&engine), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_engine_statistics(&engine, slot, &st), MPIO_ERRC_NONE);
    CHECK(st.errors == 0 && st.samples == 0);
    CHECK_ERRC(mpio_engine_remove_path(&engine, slot, 50), MPIO_ERRC_NONE);
    CHECK_ERRC(mpio_engine_counts_of(&engine, &n), MPIO_ERRC_NONE);
    CHECK(n.paths == 1 && n.policy_id == MPIO_POLICY_LEAST_QUEUE_DEPTH);
    CHECK_ERRC(mpio_engine_path_of(&engine, 31, 50, &ep), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_engine_statistics(&engine, 31, &st), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_engine_remove_path(&engine, 31, 50), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_engine_on_completion(&engine, 12345, &good, NULL, 0, 51), MPIO_ERRC_NOT_FOUND);
    CHECK_ERRC(mpio_engine_on_completion(&engine, 1, &good, NULL, 5, 51), MPIO_ERRC_INVALID_ARGUMENT);
    io.direction = 9;
    CHECK_ERRC(mpio_engine_submit(&engine, &io, 3, 52), MPIO_ERRC_INVALID_ARGUMENT);
    tr.send = NULL;
    CHECK_ERRC(mpio_engine_init(&engine, &tr, &c), MPIO_ERRC_INVALID_ARGUMENT);

    /* attach: the engine takes LUN 2's paths from a topology */
    {
        static struct path_dump d1, d2;
        mpio_discovery d;
        mpio_topology_init(&topology, 1000, 1);
        read_path("2-0-0-2", 1, &d1);
        read_path("3-0-1-2", 2, &d2);
        mpio_topology_discover(&topology, "mpio", NULL, &d1.report, 0, NULL, NULL, &d);
        mpio_topology_discover(&topology, "mpio", NULL, &d2.report, 0, NULL, NULL, &d);
        CHECK(d.outcome == MPIO_DISCOVERY_JOINED_DEVICE);
        tr.send = tt_send;
        CHECK_ERRC(mpio_engine_config_defaults(&c, 1000, 1), MPIO_ERRC_NONE);
        CHECK_ERRC(mpio_engine_init(&engine, &tr, &c), MPIO_ERRC_NONE);
        CHECK_ERRC(mpio_engine_attach(&engine, &topology, d.device, 0), MPIO_ERRC_NONE);
        CHECK_ERRC(mpio_engine_counts_of(&engine, &n), MPIO_ERRC_NONE);
        CHECK(n.paths == 2);
        CHECK_ERRC(mpio_engine_attach(&engine, &topology, 31, 0), MPIO_ERRC_NOT_FOUND);
    }
}

int main(int argc, char** argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s <tests/data> <samples/topology>\n", argv[0]);
        return 2;
    }
    data_dir = argv[1];
    topology_dir = argv[2];
    test_errc();
    test_inquiry();
    test_vpd00_80();
    test_vpd83();
    test_vpd86_88();
    test_rtpg();
    test_sense();
    test_luns();
    test_read_capacity();
    test_cdb();
    test_identity();
    test_topology();
    test_selector();
    test_selector_hot_path();
    test_recovery();
    test_engine();
    printf("mpio C API: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
