/* SPDX-License-Identifier: MIT */
/*
 * examples/c_dsm/c_dsm.c - a Device-Specific Module in C, with the shape of
 * Microsoft's DSM interface (the DSM_INIT_DATA entry points of the Windows
 * MPIO DDK), implemented with mpio's C API (include/mpio/c/mpio.h).
 *
 * It runs against the sample dumps of a dual-controller ALUA array
 * (tools/mpio-inspect/samples/topology/: LUN 1's files are binary, the
 * others sg3_utils hex text, read here with plain C stdio), and against a
 * simulated array behind a transport. What it does, and asserts (the exit
 * code says whether every step held; nothing is only printed):
 *
 *   DsmInquire         claim each path's device (a vendor claim list before
 *                      MSDSM's), derive its identity (the MSDSM scheme);
 *   DsmCompareDevices  paths of one LU compare equal, of two LUs not;
 *   DsmSetDeviceInfo   group the paths into pseudo-LUNs (topology discovery);
 *   DsmPathVerify      each path answers TEST UNIT READY (interpreted);
 *   DsmLBInit          one engine per pseudo-LUN, policy by MSDSM number;
 *   DsmLBGetPath       route I/O: the engine picks the path, the transport
 *                      sends it;
 *   DsmInterpretError  a path answers CHECK CONDITION 05/25/00: interpreted,
 *                      the path fails, the I/O is retried elsewhere, and I/O
 *                      continues on the other paths;
 *   path verification  the failed path is re-verified by the engine's timer
 *                      (RTPG) and carries I/O again.
 *
 * Usage: c_dsm <samples/topology dir> [MSDSM policy number, default 2 (RR)]
 */
#include <mpio/c/mpio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------- sample input */

#define MAX_PATHS 8

static int failed_checks = 0;
#define EXPECT(cond)                                                                                                   \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            ++failed_checks;                                                                                           \
            fprintf(stderr, "c_dsm: %s:%d: expected %s\n", __FILE__, __LINE__, #cond);                                 \
        }                                                                                                              \
    } while (0)

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A dump: binary, or hex text with '#' comments (told apart by the content). */
static size_t read_dump(const char* dir, const char* path, const char* file, uint8_t* out, size_t capacity)
{
    static unsigned char raw[8192];
    char name[1024];
    FILE* f;
    size_t n, i, count = 0;
    int text = 1, comment = 0, high = -1;
    snprintf(name, sizeof name, "%s/%s/%s", dir, path, file);
    f = fopen(name, "rb");
    if (f == NULL) return 0;
    n = fread(raw, 1, sizeof raw, f);
    fclose(f);
    for (i = 0; i < n && text; ++i) {
        if (raw[i] == '#') comment = 1;
        if (raw[i] == '\n') comment = 0;
        if (!comment && hex_value(raw[i]) < 0 && strchr(" \t\r\n#", raw[i]) == NULL) text = 0;
    }
    if (!text) {
        if (n > capacity) return 0;
        memcpy(out, raw, n);
        return n;
    }
    comment = 0;
    for (i = 0; i < n; ++i) {
        int d = hex_value(raw[i]);
        if (raw[i] == '#') comment = 1;
        if (raw[i] == '\n') comment = 0;
        if (comment || d < 0) {
            high = -1;
            continue;
        }
        if (high < 0) {
            high = d;
        } else {
            if (count == capacity) return 0;
            out[count++] = (uint8_t)(high * 16 + d);
            high = -1;
        }
    }
    return count;
}

/* ----------------------------------------------- the DSM's own structures */

/* What MPIO hands the DSM for each path: here, the path's dumps. */
typedef struct PATH_OBJECT {
    char name[16]; /* H-C-T-L */
    uint64_t handle;
    uint8_t inquiry[512], vpd80[256], vpd83[512], rtpg[512];
    size_t inquiry_size, vpd80_size, vpd83_size, rtpg_size;
} PATH_OBJECT;

/* DsmInquire's DSM identifier for a path (MSDSM's DSM_ID). */
typedef struct DSM_ID {
    PATH_OBJECT* path;
    size_t claimer;
    mpio_identity identity;
    char serial[256]; /* the identity text */
} DSM_ID;

/* One pseudo-LUN (MSDSM's DSM_GROUP_ENTRY with its load-balance state). */
typedef struct DSM_GROUP {
    uint32_t device; /* topology device index */
    uint8_t alua_mode;
    mpio_engine engine;
} DSM_GROUP;

/* The DSM's context (DsmContext). Large objects live here, not on the stack. */
typedef struct DSM_CONTEXT {
    mpio_claim_table claims;
    size_t vendor_claimer;
    mpio_topology topology;
    DSM_GROUP groups[2];
    size_t group_count;
} DSM_CONTEXT;

static DSM_CONTEXT dsm; /* static storage, as a driver's device extension would hold it */

/* ------------------------------------------------ the simulated array */

/* The transport: commands are queued by send() and completed later by the
 * "array" (never from inside send(): the engine's contract). */
typedef struct ARRAY {
    mpio_command queue[256];
    size_t head, tail;
    uint64_t failing_path; /* answers I/O with CHECK CONDITION 05/25/00 */
    unsigned io_per_path[MAX_PATHS + 1];
    unsigned completed_ok, completed_failed;
    const PATH_OBJECT* paths;
} ARRAY;
static ARRAY array;

static int array_send(void* context, const mpio_command* c)
{
    ARRAY* a = (ARRAY*)context;
    if (a->tail - a->head >= 256) return 0;
    a->queue[a->tail++ % 256] = *c;
    return 1;
}

static void array_request_done(void* context, uint64_t cookie, const mpio_request_result* r)
{
    ARRAY* a = (ARRAY*)context;
    (void)cookie;
    if (r->ok)
        ++a->completed_ok;
    else
        ++a->completed_failed;
}

/* ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED (fixed format). */
static const uint8_t sense_lun_not_supported[18] = {0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x25, 0x00};

/* ------------------------------------------------------- DSM entry points */

/* DsmInquire: does this DSM claim the path's device, and its DSM_ID. */
static int DsmInquire(DSM_CONTEXT* ctx, PATH_OBJECT* path, DSM_ID* id)
{
    mpio_identity_input in;
    id->path = path;
    if (mpio_claim_table_arbitrate(&ctx->claims, path->inquiry, path->inquiry_size, 0x09, &id->claimer) !=
        MPIO_ERRC_NONE)
        return 0;
    if (id->claimer != ctx->vendor_claimer) return 0; /* MSDSM's: not ours */
    in.inquiry = path->inquiry;
    in.inquiry_size = path->inquiry_size;
    in.vpd80 = path->vpd80;
    in.vpd80_size = path->vpd80_size;
    in.vpd83 = path->vpd83;
    in.vpd83_size = path->vpd83_size;
    return mpio_identity_derive("msdsm", &in, &id->identity, id->serial, sizeof id->serial) == MPIO_ERRC_NONE;
}

/* DsmCompareDevices: the same logical unit? */
static int DsmCompareDevices(const DSM_ID* a, const DSM_ID* b)
{
    return a->identity.key_hash == b->identity.key_hash && strcmp(a->serial, b->serial) == 0;
}

/* DsmPathVerify: TEST UNIT READY on the path, read as multipath-tools does.
 * Here the array answers GOOD on every path. */
static int DsmPathVerify(void* context, uint64_t handle)
{
    mpio_io_outcome tur;
    uint8_t checker = 1, cdb[16];
    size_t n = 0;
    (void)context;
    (void)handle;
    memset(&tur, 0, sizeof tur);
    if (mpio_cdb_test_unit_ready(cdb, sizeof cdb, 0, &n) != MPIO_ERRC_NONE || n != 6) return 0;
    return mpio_interpret_test_unit_ready(&tur, &checker) == MPIO_ERRC_NONE && checker == 0;
}

/* DsmSetDeviceInfo: the path joins (or creates) its pseudo-LUN. */
static int DsmSetDeviceInfo(DSM_CONTEXT* ctx, const DSM_ID* id, uint32_t* device)
{
    mpio_path_report r;
    mpio_discovery d;
    memset(&r, 0, sizeof r);
    r.handle = id->path->handle;
    r.input.inquiry = id->path->inquiry;
    r.input.inquiry_size = id->path->inquiry_size;
    r.input.vpd80 = id->path->vpd80;
    r.input.vpd80_size = id->path->vpd80_size;
    r.input.vpd83 = id->path->vpd83;
    r.input.vpd83_size = id->path->vpd83_size;
    r.rtpg = id->path->rtpg;
    r.rtpg_size = id->path->rtpg_size;
    r.bus_type = 0x09;
    if (mpio_topology_discover(&ctx->topology, "msdsm", &ctx->claims, &r, 0, DsmPathVerify, NULL, &d) != MPIO_ERRC_NONE)
        return 0;
    *device = d.device;
    EXPECT(d.claimer == ctx->vendor_claimer && d.verified == 1);
    return d.outcome == MPIO_DISCOVERY_CREATED_DEVICE || d.outcome == MPIO_DISCOVERY_JOINED_DEVICE;
}

/* DsmLBInit: the load-balance state of a pseudo-LUN, policy by MSDSM number. */
static int DsmLBInit(DSM_CONTEXT* ctx, DSM_GROUP* g, uint8_t msdsm_policy)
{
    mpio_transport t;
    mpio_engine_config c;
    t.send = array_send;
    t.request_done = array_request_done;
    t.context = &array;
    if (mpio_engine_config_defaults(&c, 1000, g->alua_mode) != MPIO_ERRC_NONE) return 0; /* millisecond ticks */
    if (mpio_engine_init(&g->engine, &t, &c) != MPIO_ERRC_NONE) return 0;
    if (mpio_engine_attach(&g->engine, &ctx->topology, g->device, 0) != MPIO_ERRC_NONE) return 0;
    return mpio_engine_set_policy(&g->engine, msdsm_policy) == MPIO_ERRC_NONE;
}

/* DsmLBGetPath + the send: the engine picks the path for the request. */
static int DsmLBGetPath(DSM_GROUP* g, uint64_t cookie, uint64_t lba, uint64_t now)
{
    mpio_io_request io;
    memset(&io, 0, sizeof io);
    io.direction = (cookie % 3) == 0 ? MPIO_IO_WRITE : MPIO_IO_READ;
    io.lba = lba;
    io.blocks = 8;
    io.bytes = 4096;
    io.now = now;
    return mpio_engine_submit(&g->engine, &io, cookie, now) == MPIO_ERRC_NONE;
}

/* DsmInterpretError: what the completion means (logged decision), then the
 * engine acts on it (retry elsewhere, fail the path). */
static int DsmInterpretError(DSM_GROUP* g, const mpio_command* c, const mpio_io_outcome* o, uint64_t now,
                             mpio_decision* decision)
{
    if (mpio_interpret(MPIO_TABLE_DEFAULT, o, 1, decision) != MPIO_ERRC_NONE) return 0;
    return mpio_engine_on_completion(&g->engine, c->tag, o, NULL, 0, now) == MPIO_ERRC_NONE;
}

/* The array completes everything queued (a completion may queue more). */
static void array_run(DSM_GROUP* g, uint64_t now, unsigned* interpreted_failures)
{
    while (array.head != array.tail) {
        mpio_command c = array.queue[array.head++ % 256];
        mpio_io_outcome o;
        memset(&o, 0, sizeof o);
        if (c.kind == MPIO_COMMAND_IO) {
            ++array.io_per_path[c.path];
            if (c.path == array.failing_path) {
                mpio_decision d;
                o.status = 0x02; /* CHECK CONDITION */
                o.sense = sense_lun_not_supported;
                o.sense_size = sizeof sense_lun_not_supported;
                EXPECT(DsmInterpretError(g, &c, &o, now, &d));
                EXPECT(d.action == MPIO_ACTION_FAIL_PATH_AND_RETRY && d.effect == MPIO_EFFECT_LUN_UNREACHABLE);
                ++*interpreted_failures;
                continue;
            }
            EXPECT(mpio_engine_on_completion(&g->engine, c.tag, &o, NULL, 0, now) == MPIO_ERRC_NONE);
        } else if (c.kind == MPIO_COMMAND_REPORT_TARGET_PORT_GROUPS) {
            const PATH_OBJECT* p = &array.paths[c.path - 1];
            EXPECT(mpio_engine_on_completion(&g->engine, c.tag, &o, p->rtpg, p->rtpg_size, now) == MPIO_ERRC_NONE);
        } else {
            EXPECT(mpio_engine_on_completion(&g->engine, c.tag, &o, NULL, 0, now) == MPIO_ERRC_NONE);
        }
    }
}

int main(int argc, char** argv)
{
    /* LUN 1 (binary dumps) and LUN 2 (hex text), four paths each. */
    static const char* names[MAX_PATHS] = {"2-0-0-1", "2-0-1-1", "3-0-0-1", "3-0-1-1",
                                           "2-0-0-2", "2-0-1-2", "3-0-0-2", "3-0-1-2"};
    static PATH_OBJECT paths[MAX_PATHS];
    static DSM_ID ids[MAX_PATHS];
    uint8_t policy = 2, slot = 0;
    uint32_t devices[MAX_PATHS];
    size_t i, generic = 0;
    unsigned interpreted = 0, before;
    uint64_t now = 1000, cookie = 0;
    DSM_GROUP* lun1;
    mpio_engine_path ep;
    mpio_path_statistics st;
    mpio_engine_counts counts;

    if (argc < 2) {
        fprintf(stderr, "usage: %s <samples/topology dir> [MSDSM policy number]\n", argv[0]);
        return 2;
    }
    if (argc > 2) policy = (uint8_t)atoi(argv[2]);

    /* DriverEntry: the claim lists (a vendor DSM for the array, MSDSM last). */
    mpio_claim_table_init(&dsm.claims);
    mpio_claim_table_add(&dsm.claims, "msdsm", 1, MPIO_MATCH_MPIO_PREFIX, &generic);
    mpio_claim_table_add_device(&dsm.claims, generic, "MSFT2005iSCSIBusType_0x9");
    mpio_claim_table_add(&dsm.claims, "c_dsm", 0, MPIO_MATCH_MPIO_PREFIX, &dsm.vendor_claimer);
    mpio_claim_table_add_device(&dsm.claims, dsm.vendor_claimer, "MPIOSIM VIRTUAL-ARRAY");
    mpio_topology_init(&dsm.topology, 20000, 1);

    for (i = 0; i < MAX_PATHS; ++i) {
        PATH_OBJECT* p = &paths[i];
        strcpy(p->name, names[i]);
        p->handle = i + 1;
        p->inquiry_size = read_dump(argv[1], names[i], "inquiry", p->inquiry, sizeof p->inquiry);
        p->vpd80_size = read_dump(argv[1], names[i], "vpd_pg80", p->vpd80, sizeof p->vpd80);
        p->vpd83_size = read_dump(argv[1], names[i], "vpd_pg83", p->vpd83, sizeof p->vpd83);
        p->rtpg_size = read_dump(argv[1], names[i], "rtpg", p->rtpg, sizeof p->rtpg);
        EXPECT(p->inquiry_size > 0 && p->vpd83_size > 0 && p->rtpg_size > 0);
        EXPECT(DsmInquire(&dsm, p, &ids[i])); /* ours, with an identity */
    }

    /* DsmCompareDevices: same LU within a group of four, different across. */
    EXPECT(DsmCompareDevices(&ids[0], &ids[3]));
    EXPECT(DsmCompareDevices(&ids[4], &ids[7]));
    EXPECT(!DsmCompareDevices(&ids[0], &ids[4]));

    /* DsmSetDeviceInfo: two pseudo-LUNs of four paths. */
    for (i = 0; i < MAX_PATHS; ++i) EXPECT(DsmSetDeviceInfo(&dsm, &ids[i], &devices[i]));
    EXPECT(devices[0] == devices[3] && devices[4] == devices[7] && devices[0] != devices[4]);
    {
        mpio_topology_counts c;
        uint64_t handles[8];
        size_t n = 0;
        mpio_topology_counts_of(&dsm.topology, &c);
        EXPECT(c.devices == 2 && c.paths == 8);
        EXPECT(mpio_topology_device_paths(&dsm.topology, devices[0], handles, 8, &n) == MPIO_ERRC_NONE && n == 4);
    }

    /* DsmLBInit for LUN 1 (ALUA: TPG 1 active/optimized through ports A1/A2). */
    array.paths = paths;
    lun1 = &dsm.groups[dsm.group_count++];
    lun1->device = devices[0];
    lun1->alua_mode = 3;
    EXPECT(DsmLBInit(&dsm, lun1, policy));
    mpio_engine_counts_of(&lun1->engine, &counts);
    EXPECT(counts.paths == 4 && counts.policy_id == policy);

    /* DsmLBGetPath: 100 I/Os. */
    for (i = 0; i < 100; ++i) {
        EXPECT(DsmLBGetPath(lun1, ++cookie, i * 8, now));
        array_run(lun1, ++now, &interpreted);
    }
    EXPECT(array.completed_ok == 100 && array.completed_failed == 0);
    EXPECT(array.io_per_path[1] > 0); /* 2-0-0-1, port A1 (TPG 1, active/optimized) */
    EXPECT(policy != MPIO_POLICY_ROUND_ROBIN || (array.io_per_path[1] == 50 && array.io_per_path[3] == 50));

    /* Path 2-0-0-1 starts answering 05/25/00: DsmInterpretError fails it,
     * its I/O is retried on another path, and I/O continues. */
    array.failing_path = 1;
    before = array.io_per_path[1];
    for (i = 0; i < 100; ++i) {
        EXPECT(DsmLBGetPath(lun1, ++cookie, i * 8, now));
        array_run(lun1, ++now, &interpreted);
    }
    EXPECT(interpreted == 1);                   /* one failure, then the path is out of rotation */
    EXPECT(array.io_per_path[1] == before + 1); /* nothing after the failed I/O */
    EXPECT(array.completed_ok == 200 && array.completed_failed == 0);
    EXPECT(mpio_engine_slot_of(&lun1->engine, 1, &slot) == MPIO_ERRC_NONE);
    EXPECT(mpio_engine_path_of(&lun1->engine, slot, now, &ep) == MPIO_ERRC_NONE && ep.state == MPIO_PATH_FAILED);
    EXPECT(mpio_engine_statistics(&lun1->engine, slot, &st) == MPIO_ERRC_NONE && st.errors == 1 && st.failovers == 1);

    /* Path verification: the array is fixed; the engine's timer re-verifies
     * the failed path (RTPG, after PathVerificationPeriod) and it returns. */
    array.failing_path = 0;
    now += 31000;
    EXPECT(mpio_engine_poll(&lun1->engine, now) == MPIO_ERRC_NONE);
    array_run(lun1, now, &interpreted);
    EXPECT(mpio_engine_path_of(&lun1->engine, slot, now, &ep) == MPIO_ERRC_NONE && ep.state == MPIO_PATH_ACTIVE);
    before = array.io_per_path[1];
    for (i = 0; i < 20; ++i) {
        EXPECT(DsmLBGetPath(lun1, ++cookie, i * 8, now));
        array_run(lun1, ++now, &interpreted);
    }
    EXPECT(array.io_per_path[1] > before); /* back in rotation */
    EXPECT(array.completed_ok == 220 && array.completed_failed == 0);

    if (failed_checks != 0) {
        fprintf(stderr, "c_dsm: %d expectation(s) failed\n", failed_checks);
        return 1;
    }
    printf("c_dsm: policy %u, 220 I/Os over 4 paths, one path failed by sense 05/25/00 and re-verified\n",
           (unsigned)policy);
    return 0;
}
