/* SPDX-License-Identifier: MIT */
/*
 * mpio/c/mpio.h - the C ABI of mpio (docs/c-api.md).
 *
 * Plain C99. No heap: every object lives in storage the caller provides
 * (on its stack, in static memory, inside its own device extension). The
 * opaque objects (selector, path lifecycle, claim table, topology, engine,
 * iterator) are structs of a fixed size and alignment known at compile time;
 * the implementation (src/mpio_c.cpp, one C++ translation unit) checks with
 * static_assert that the C++ object it keeps there fits. Opaque objects must
 * not be copied with memcpy once initialised (some hold pointers into
 * themselves); nothing needs to be destroyed.
 *
 * Every function returns an mpio_errc (MPIO_ERRC_NONE on success), except
 * mpio_errc_name() and mpio_errc_message(). Values written through output
 * pointers are only meaningful when the call returned MPIO_ERRC_NONE, unless
 * the function says otherwise. Input bytes are never read outside
 * [data, data + size); a NULL pointer with a non-zero size is
 * MPIO_ERRC_INVALID_ARGUMENT.
 *
 * Spans (mpio_span) locate a part of the caller's input: an offset from the
 * start of the bytes given to the parse call, and a size.
 *
 * Threading: an object is used by one thread at a time (the caller's lock or
 * event loop); different objects are independent.
 */
#ifndef MPIO_C_MPIO_H
#define MPIO_C_MPIO_H

#include <stddef.h>
#include <stdint.h>

/* MPIO_VERSION_MAJOR / _MINOR / _PATCH and MPIO_VERSION: the one version of
 * mpio (plain C macros; the file is shared with the C++ headers). */
#include <mpio/core/version.hpp>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) || defined(__CYGWIN__)
#define MPIO_C_API /* static linking; a DLL build adds __declspec(dllexport) here */
#elif defined(__GNUC__) || defined(__clang__)
#define MPIO_C_API __attribute__((visibility("default")))
#else
#define MPIO_C_API
#endif

/* The C API's own version: bumped when an exported symbol or a public type
 * changes incompatibly (the linker symbol version is MPIO_C_1). */
#define MPIO_C_API_VERSION 1

/* ------------------------------------------------------------------ errors */

/* The same values as mpio::errc (mpio/core/errc.hpp), plus MPIO_ERRC_END,
 * which only iterators return: the list ended cleanly. */
typedef enum mpio_errc {
    MPIO_ERRC_NONE = 0,
    MPIO_ERRC_TOO_SHORT = 1,
    MPIO_ERRC_LENGTH_MISMATCH = 2,
    MPIO_ERRC_DESCRIPTOR_OVERRUN = 3,
    MPIO_ERRC_WRONG_PAGE_CODE = 4,
    MPIO_ERRC_UNSUPPORTED_FORMAT = 5,
    MPIO_ERRC_WRONG_DESIGNATOR_TYPE = 6,
    MPIO_ERRC_RESERVED_VALUE = 7,
    MPIO_ERRC_INVALID_ARGUMENT = 8,
    MPIO_ERRC_BUFFER_TOO_SMALL = 9,
    MPIO_ERRC_NOT_FOUND = 10,
    MPIO_ERRC_LEGACY_LAYOUT = 11,
    MPIO_ERRC_VENDOR_SPECIFIC_FORMAT = 12,
    MPIO_ERRC_WRONG_DESCRIPTOR_TYPE = 13,
    MPIO_ERRC_OVERFLOW = 14,
    MPIO_ERRC_CAPACITY_EXCEEDED = 15,
    MPIO_ERRC_ALREADY_EXISTS = 16,
    MPIO_ERRC_NO_USABLE_PATH = 17,
    MPIO_ERRC_NOT_READY = 18,
    MPIO_ERRC_IDENTITY_MISMATCH = 19,
    MPIO_ERRC_INVALID_STATE = 20,
    MPIO_ERRC_END = 255,
    /* Keeps mpio_errc int-sized where enums are short by default (ARM EABI). */
    MPIO_ERRC_FORCE_INT_SIZE = 0x7fffffff
} mpio_errc;

/* "descriptor_overrun", ...; "end" for MPIO_ERRC_END; "unknown" otherwise. */
MPIO_C_API const char* mpio_errc_name(mpio_errc e);
/* A one-line message ("descriptor runs past the end of the data"). */
MPIO_C_API const char* mpio_errc_message(mpio_errc e);

/* ------------------------------------------------------- storage helpers */

/* The alignment every opaque object gets: that of the most aligned scalar. */
#define MPIO_STORAGE_ALIGN_MEMBERS                                                                                     \
    long double align_ld;                                                                                              \
    void* align_p;                                                                                                     \
    unsigned long long align_ull;                                                                                      \
    double align_d

#define MPIO_ITER_STORAGE_SIZE 96
#define MPIO_SELECTOR_STORAGE_SIZE 1280
#define MPIO_PATH_LIFECYCLE_STORAGE_SIZE 256
#define MPIO_CLAIM_TABLE_STORAGE_SIZE 4096
#define MPIO_TOPOLOGY_STORAGE_SIZE 73728
#define MPIO_ENGINE_STORAGE_SIZE 49152

/* Fixed capacities of the C instantiations. */
#define MPIO_SELECTOR_CAPACITY 32   /* path slots 0..31 (MSDSM's limit) */
#define MPIO_CLAIMERS_MAX 8         /* claimers in one claim table */
#define MPIO_CLAIMER_DEVICES_MAX 16 /* supported-device entries per claimer */
#define MPIO_TOPOLOGY_MAX_DEVICES 32
#define MPIO_TOPOLOGY_MAX_PATHS 128
#define MPIO_TOPOLOGY_PATHS_PER_DEVICE 32
#define MPIO_TOPOLOGY_MAX_PORTS 64
#define MPIO_ENGINE_MAX_REQUESTS 128
#define MPIO_NO_INDEX 0xFFFFFFFFu /* no device / path */
#define MPIO_NO_SLOT 0xFFu        /* no path slot */

typedef struct mpio_iter {
    union {
        unsigned char bytes[MPIO_ITER_STORAGE_SIZE];
        MPIO_STORAGE_ALIGN_MEMBERS;
    } u;
} mpio_iter;
typedef struct mpio_selector {
    union {
        unsigned char bytes[MPIO_SELECTOR_STORAGE_SIZE];
        MPIO_STORAGE_ALIGN_MEMBERS;
    } u;
} mpio_selector;
typedef struct mpio_path_lifecycle {
    union {
        unsigned char bytes[MPIO_PATH_LIFECYCLE_STORAGE_SIZE];
        MPIO_STORAGE_ALIGN_MEMBERS;
    } u;
} mpio_path_lifecycle;
typedef struct mpio_claim_table {
    union {
        unsigned char bytes[MPIO_CLAIM_TABLE_STORAGE_SIZE];
        MPIO_STORAGE_ALIGN_MEMBERS;
    } u;
} mpio_claim_table;
typedef struct mpio_topology {
    union {
        unsigned char bytes[MPIO_TOPOLOGY_STORAGE_SIZE];
        MPIO_STORAGE_ALIGN_MEMBERS;
    } u;
} mpio_topology;
typedef struct mpio_engine {
    union {
        unsigned char bytes[MPIO_ENGINE_STORAGE_SIZE];
        MPIO_STORAGE_ALIGN_MEMBERS;
    } u;
} mpio_engine;

typedef struct mpio_span {
    size_t offset;
    size_t size;
} mpio_span;

/* How a list walk ends (mpio::list_status). */
typedef struct mpio_list_status {
    mpio_errc error; /* the malformed entry's code, MPIO_ERRC_NONE at a clean end */
    size_t offset;   /* where that entry starts in the list, or the list size */
    size_t count;    /* well-formed entries before it */
} mpio_list_status;

/* ------------------------------------------------------ standard INQUIRY */

typedef struct mpio_inquiry {
    size_t returned_length;
    size_t required_allocation_length; /* re-issue INQUIRY with this when truncated */
    uint8_t truncated;
    uint8_t peripheral_qualifier;
    uint8_t peripheral_device_type;
    uint8_t rmb;
    uint8_t version;
    uint8_t response_data_format;
    uint8_t hisup, normaca, sccs, acc, tpgs, three_pc, protect;
    uint8_t encserv, multip, cmdque;
    char t10_vendor_identification[9]; /* trimmed, NUL-terminated */
    char product_identification[17];
    char product_revision_level[5];
    uint16_t version_descriptors[8]; /* the claimed ones, in slot order */
    uint8_t version_descriptor_count;
} mpio_inquiry;

MPIO_C_API mpio_errc mpio_parse_inquiry(const uint8_t* data, size_t size, mpio_inquiry* out);

/* --------------------------------------------------------------- VPD pages */

typedef struct mpio_vpd_header {
    uint8_t peripheral_qualifier;
    uint8_t peripheral_device_type;
    uint8_t page_code;
    uint8_t truncated;
    uint16_t page_length;
    size_t required_allocation_length;
    mpio_span payload;
} mpio_vpd_header;

/* Supported VPD Pages (00h). */
typedef struct mpio_vpd00 {
    mpio_vpd_header header;
    size_t count;         /* page codes listed */
    uint8_t ascending;    /* listed in ascending order, as SPC requires */
    uint8_t supports[32]; /* bit (code % 8) of byte (code / 8) */
} mpio_vpd00;
MPIO_C_API mpio_errc mpio_parse_vpd00(const uint8_t* data, size_t size, mpio_vpd00* out);

/* Unit Serial Number (80h): the PRODUCT SERIAL NUMBER, trimmed, into
 * serial[0..capacity) NUL-terminated (MPIO_ERRC_BUFFER_TOO_SMALL: cut). */
MPIO_C_API mpio_errc mpio_parse_vpd80(const uint8_t* data, size_t size, mpio_vpd_header* header, char* serial,
                                      size_t capacity);

/* Device Identification (83h). */
typedef struct mpio_vpd83 {
    mpio_vpd_header header;
    uint8_t legacy_layout; /* pre-SPC-2 bare identifier: no descriptors */
    mpio_span legacy_identifier;
    mpio_list_status designators; /* how the designator walk ends */
} mpio_vpd83;
MPIO_C_API mpio_errc mpio_parse_vpd83(const uint8_t* data, size_t size, mpio_vpd83* out);

/* One designation descriptor. `value` is decoded for NAA (the 8 or 16
 * bytes' first 8, big-endian), EUI-64 (first 8), relative target port,
 * target port group and logical unit group; decode_error is the typed
 * decoder's code (MPIO_ERRC_NONE when it decoded). */
typedef struct mpio_designator {
    size_t offset; /* in the descriptor list */
    uint8_t protocol_identifier, code_set, piv, association, designator_type, designator_length;
    mpio_span designator; /* the designator bytes */
    mpio_errc decode_error;
    uint8_t naa; /* NAA field (designator type 3) */
    uint64_t value;
} mpio_designator;

/* Iteration over the designators of a Device Identification page:
 *   mpio_iter it; mpio_designator d; mpio_errc e;
 *   mpio_vpd83_begin(page, size, &it);
 *   while ((e = mpio_vpd83_next(&it, &d)) == MPIO_ERRC_NONE) { ... }
 *   e == MPIO_ERRC_END: clean end; anything else: the malformed entry's code.
 * Every iterator keeps pointers into `data`: the bytes must outlive it. */
MPIO_C_API mpio_errc mpio_vpd83_begin(const uint8_t* data, size_t size, mpio_iter* it);
MPIO_C_API mpio_errc mpio_vpd83_next(mpio_iter* it, mpio_designator* out);
/* Every designator of the page in one call, into the caller's array: the
 * begin/next loop run inside the library (one call per page rather than one
 * per designator, for hot paths). `*count` is how many designators the page
 * holds; the first `capacity` of them are written to `out`. Returns
 * MPIO_ERRC_BUFFER_TOO_SMALL when the page holds more than `capacity`, or
 * the code of a malformed designator (then `*count` is the number of
 * well-formed ones before it, all written if they fit). */
MPIO_C_API mpio_errc mpio_vpd83_designators(const uint8_t* data, size_t size, mpio_designator* out, size_t capacity,
                                            size_t* count);

/* Extended INQUIRY Data (86h), the fields a multipath stack reads. */
typedef struct mpio_vpd86 {
    mpio_vpd_header header;
    uint8_t activate_microcode, spt, grd_chk, app_chk, ref_chk;
    uint8_t uask_sup, group_sup, prior_sup, headsup, ordsup, simpsup;
    uint8_t wu_sup, crd_sup, nv_sup, v_sup, luiclr;
    uint16_t extended_self_test_completion_minutes;
    uint8_t maximum_supported_sense_data_length;
} mpio_vpd86;
MPIO_C_API mpio_errc mpio_parse_vpd86(const uint8_t* data, size_t size, mpio_vpd86* out);

/* SCSI Ports (88h): one SCSI port designation descriptor. */
typedef struct mpio_scsi_port {
    size_t offset; /* in the descriptor list */
    uint16_t relative_port_identifier;
    mpio_span initiator_port_transportid;
    mpio_span target_port_descriptors; /* designation descriptors: mpio_vpd88_designators_begin */
} mpio_scsi_port;
MPIO_C_API mpio_errc mpio_parse_vpd88(const uint8_t* data, size_t size, mpio_vpd_header* header,
                                      mpio_list_status* ports);
MPIO_C_API mpio_errc mpio_vpd88_begin(const uint8_t* data, size_t size, mpio_iter* it);
MPIO_C_API mpio_errc mpio_vpd88_next(mpio_iter* it, mpio_scsi_port* out);
/* The target port descriptors of `port` (from the same `data`), walked with
 * mpio_vpd83_next (same format; spans relative to `data`). */
MPIO_C_API mpio_errc mpio_vpd88_designators_begin(const uint8_t* data, size_t size, const mpio_scsi_port* port,
                                                  mpio_iter* it);

/* ------------------------------------------- REPORT TARGET PORT GROUPS */

#define MPIO_RTPG_FORMAT_AUTO (-1) /* detect the header (length only / extended) */

typedef struct mpio_rtpg {
    uint32_t return_data_length;
    uint8_t header_format; /* 0 length only, 1 extended */
    uint8_t truncated;
    int16_t implicit_transition_time; /* seconds; -1 when the data has none */
    size_t required_allocation_length;
    mpio_list_status groups;
} mpio_rtpg;

typedef struct mpio_target_port_group {
    size_t offset; /* in the descriptor list */
    uint16_t target_port_group;
    uint8_t pref, asymmetric_access_state, status_code, target_port_count;
    uint8_t t_sup, o_sup, lbd_sup, u_sup, s_sup, an_sup, ao_sup;
    mpio_span target_ports; /* 4 bytes per port: mpio_rtpg_ports_begin */
} mpio_target_port_group;

/* format: MPIO_RTPG_FORMAT_AUTO, or the PARAMETER DATA FORMAT the CDB asked for (0 or 1). */
MPIO_C_API mpio_errc mpio_parse_rtpg(const uint8_t* data, size_t size, int format, mpio_rtpg* out);
MPIO_C_API mpio_errc mpio_rtpg_begin(const uint8_t* data, size_t size, int format, mpio_iter* it);
MPIO_C_API mpio_errc mpio_rtpg_next(mpio_iter* it, mpio_target_port_group* out);
MPIO_C_API mpio_errc mpio_rtpg_ports_begin(const uint8_t* data, size_t size, const mpio_target_port_group* group,
                                           mpio_iter* it);
MPIO_C_API mpio_errc mpio_rtpg_ports_next(mpio_iter* it, uint16_t* relative_target_port);
/* The ALUA state (and PREF) of one target port group. */
MPIO_C_API mpio_errc mpio_rtpg_state_of(const uint8_t* data, size_t size, uint16_t target_port_group,
                                        uint8_t* asymmetric_access_state, uint8_t* pref);

/* -------------------------------------------------------------- sense data */

typedef struct mpio_sense {
    uint8_t response_code; /* 70h..73h */
    uint8_t descriptor_format;
    uint8_t deferred;
    uint8_t sense_key;
    uint8_t has_asc_ascq, asc, ascq;
    uint8_t truncated;
    uint8_t information_valid;
    uint64_t information;
    uint8_t sksv; /* SENSE KEY SPECIFIC valid ... */
    uint8_t sense_key_specific[3];
    size_t required_allocation_length;
    mpio_list_status descriptors; /* descriptor format only */
} mpio_sense;
MPIO_C_API mpio_errc mpio_parse_sense(const uint8_t* data, size_t size, mpio_sense* out);

/* "NOT READY: LOGICAL UNIT NOT ACCESSIBLE, ASYMMETRIC ACCESS STATE TRANSITION" */
MPIO_C_API mpio_errc mpio_sense_text(uint8_t sense_key, uint8_t asc, uint8_t ascq, char* out, size_t capacity);

typedef struct mpio_sense_descriptor {
    size_t offset; /* in the descriptor list */
    uint8_t descriptor_type, additional_length;
    mpio_span descriptor_specific;
} mpio_sense_descriptor;
MPIO_C_API mpio_errc mpio_sense_descriptors_begin(const uint8_t* data, size_t size, mpio_iter* it);
MPIO_C_API mpio_errc mpio_sense_descriptors_next(mpio_iter* it, mpio_sense_descriptor* out);

/* ------------------------------------------------------------ LUNs */

typedef struct mpio_lun {
    uint8_t bytes[8];
    uint64_t linux_lun;     /* scsilun_to_int() */
    uint8_t address_method; /* of the first level */
    uint8_t well_formed;
    int16_t well_known_lun; /* the W-LUN, or -1 */
    uint16_t first_level_addressing;
} mpio_lun;
MPIO_C_API mpio_errc mpio_parse_lun(const uint8_t* data, size_t size, mpio_lun* out);

typedef struct mpio_report_luns {
    uint32_t lun_list_length;
    uint32_t lun_count; /* LUNs the list length announces */
    uint8_t truncated;
    size_t required_allocation_length;
    mpio_list_status luns;
} mpio_report_luns;
MPIO_C_API mpio_errc mpio_parse_report_luns(const uint8_t* data, size_t size, mpio_report_luns* out);
MPIO_C_API mpio_errc mpio_report_luns_begin(const uint8_t* data, size_t size, mpio_iter* it);
MPIO_C_API mpio_errc mpio_report_luns_next(mpio_iter* it, mpio_lun* out);

/* --------------------------------------------------- READ CAPACITY (16) */

typedef struct mpio_read_capacity_16 {
    uint64_t returned_logical_block_address;
    uint32_t logical_block_length_in_bytes;
    uint8_t truncated, prot_en, p_type, lbpme, lbprz;
    uint8_t logical_blocks_per_physical_block_exponent;
    uint16_t lowest_aligned_logical_block_address;
    uint64_t capacity_in_blocks;
    mpio_errc capacity_error; /* MPIO_ERRC_OVERFLOW when the byte count does not fit */
    uint64_t capacity_in_bytes;
} mpio_read_capacity_16;
MPIO_C_API mpio_errc mpio_parse_read_capacity_16(const uint8_t* data, size_t size, mpio_read_capacity_16* out);

/* ----------------------------------------------------------- CDB builders */
/* Each writes the CDB into out[0..size) and its length into *written. */

MPIO_C_API mpio_errc mpio_cdb_test_unit_ready(uint8_t* out, size_t size, uint8_t control, size_t* written);
MPIO_C_API mpio_errc mpio_cdb_inquiry(uint8_t* out, size_t size, int evpd, uint8_t page_code,
                                      uint16_t allocation_length, uint8_t control, size_t* written);
MPIO_C_API mpio_errc mpio_cdb_report_luns(uint8_t* out, size_t size, uint8_t select_report, uint32_t allocation_length,
                                          uint8_t control, size_t* written);
MPIO_C_API mpio_errc mpio_cdb_read_capacity_16(uint8_t* out, size_t size, uint32_t allocation_length, uint8_t control,
                                               size_t* written);
MPIO_C_API mpio_errc mpio_cdb_report_target_port_groups(uint8_t* out, size_t size, uint8_t format,
                                                        uint32_t allocation_length, uint8_t control, size_t* written);
MPIO_C_API mpio_errc mpio_cdb_set_target_port_groups(uint8_t* out, size_t size, uint32_t parameter_list_length,
                                                     uint8_t control, size_t* written);

typedef struct mpio_stpg_descriptor {
    uint8_t asymmetric_access_state;
    uint16_t target_port_group;
} mpio_stpg_descriptor;
/* The SET TARGET PORT GROUPS parameter list (at most 32 descriptors). */
MPIO_C_API mpio_errc mpio_stpg_parameter_list(uint8_t* out, size_t size, const mpio_stpg_descriptor* descriptors,
                                              size_t count, size_t* written);

/* ---------------------------------------------------------------- identity */

/* What a path returned; a NULL pointer with size 0 means "not available". */
typedef struct mpio_identity_input {
    const uint8_t* inquiry;
    size_t inquiry_size;
    const uint8_t* vpd80;
    size_t vpd80_size;
    const uint8_t* vpd83;
    size_t vpd83_size;
} mpio_identity_input;

#define MPIO_IDENTITY_NONE 0      /* no identifier: `reason` says why */
#define MPIO_IDENTITY_NOT_READY 1 /* all zero / all spaces: ask again later */
#define MPIO_IDENTITY_FOUND 2

typedef struct mpio_identity {
    uint8_t status;     /* MPIO_IDENTITY_* */
    mpio_errc reason;   /* why none */
    uint64_t key_hash;  /* fast comparison; equal identities have equal hashes */
    size_t text_length; /* the whole rendered identifier (text may hold less) */
} mpio_identity;

/* The name of scheme `index` ("mpio", "multipath-tools", "msdsm", ...);
 * MPIO_ERRC_NOT_FOUND past the last. */
MPIO_C_API mpio_errc mpio_identity_scheme(size_t index, const char** name);
/* The identity of a logical unit under the named scheme; its text, NUL-terminated,
 * into text[0..capacity). MPIO_ERRC_NOT_FOUND: unknown scheme or no identity
 * (out->status says which); MPIO_ERRC_BUFFER_TOO_SMALL: the text was cut. */
MPIO_C_API mpio_errc mpio_identity_derive(const char* scheme, const mpio_identity_input* in, mpio_identity* out,
                                          char* text, size_t capacity);

/* The 24-character MPIO hardware ID (vendor 8 + product 16, space padded)
 * of standard INQUIRY data, NUL-terminated into out[25]. */
MPIO_C_API mpio_errc mpio_hardware_id(const uint8_t* inquiry, size_t size, char out[25]);

/* Claim lists (Windows MPIO's DSM arbitration: vendor claimers in order,
 * generic ones last). */
#define MPIO_MATCH_MPIO_PREFIX 0 /* case-insensitive, shorter entries are prefixes */
#define MPIO_MATCH_EXACT 1

MPIO_C_API mpio_errc mpio_claim_table_init(mpio_claim_table* t);
/* Adds a claimer; its index (the claimer number discovery reports) in *index.
 * `name` is not copied: it must outlive the table. */
MPIO_C_API mpio_errc mpio_claim_table_add(mpio_claim_table* t, const char* name, int generic, uint8_t match_mode,
                                          size_t* index);
/* Adds a supported-device entry ("VENDOR  PRODUCT..." hardware ID, a prefix
 * of one, or "MSFT2005iSCSIBusType_0x9") to claimer `index`. */
MPIO_C_API mpio_errc mpio_claim_table_add_device(mpio_claim_table* t, size_t index, const char* hardware_id);
/* Who claims the device with this standard INQUIRY data on bus `bus_type`
 * (STORAGE_BUS_TYPE values; 9 = iSCSI). MPIO_ERRC_NOT_FOUND: nobody. */
MPIO_C_API mpio_errc mpio_claim_table_arbitrate(const mpio_claim_table* t, const uint8_t* inquiry, size_t size,
                                                uint8_t bus_type, size_t* winner);

/* ------------------------------------------------- topology and discovery */

/* Path states (mpio::topology::path_state). */
#define MPIO_PATH_ACTIVE 0
#define MPIO_PATH_STANDBY 1
#define MPIO_PATH_FAILED 2
#define MPIO_PATH_PENDING_VERIFICATION 3
#define MPIO_PATH_PENDING_REMOVAL 4
#define MPIO_PATH_REMOVED 5

/* A fixed-capacity store: MPIO_TOPOLOGY_MAX_DEVICES devices,
 * MPIO_TOPOLOGY_MAX_PATHS paths (at most 32 per device), MPIO_TOPOLOGY_MAX_PORTS
 * target ports. remove_period: PDORemovePeriod in the caller's ticks. */
MPIO_C_API mpio_errc mpio_topology_init(mpio_topology* t, uint64_t remove_period, int queue_if_no_path);

/* What the caller read on one path (views into its buffers, used only during the call). */
typedef struct mpio_path_report {
    uint64_t handle;           /* the caller's name for the path */
    mpio_identity_input input; /* INQUIRY, VPD 80h, VPD 83h */
    const uint8_t* rtpg;       /* REPORT TARGET PORT GROUPS data, or NULL */
    size_t rtpg_size;
    int rtpg_failed; /* RTPG was sent and failed */
    uint8_t bus_type;
} mpio_path_report;

/* Discovery outcomes (mpio::topology::discovery_outcome). */
#define MPIO_DISCOVERY_CREATED_DEVICE 0
#define MPIO_DISCOVERY_JOINED_DEVICE 1
#define MPIO_DISCOVERY_REJOINED_DEVICE 2
#define MPIO_DISCOVERY_RETURNED_PATH 3
#define MPIO_DISCOVERY_DUPLICATE 4
#define MPIO_DISCOVERY_IDENTITY_NOT_READY 5
#define MPIO_DISCOVERY_NO_IDENTITY 6
#define MPIO_DISCOVERY_NOT_CLAIMED 7
#define MPIO_DISCOVERY_NO_INQUIRY 8
#define MPIO_DISCOVERY_STORE_ERROR 9

typedef struct mpio_discovery {
    uint8_t outcome;          /* MPIO_DISCOVERY_* */
    mpio_errc error;          /* store error / no identity: why */
    uint32_t path;            /* path index, or MPIO_NO_INDEX */
    uint32_t device;          /* device index, or MPIO_NO_INDEX */
    uint32_t previous_device; /* the device the path left (identity changed) */
    size_t claimer;           /* the winning claimer's index */
    uint8_t verified;         /* DsmPathVerify passed: the path is active */
    uint8_t alua_mode;        /* 0 none, 1 implicit, 2 explicit, 3 both */
} mpio_discovery;

/* DsmPathVerify: non-zero when the path works. NULL: every path verifies. */
typedef int (*mpio_verify_fn)(void* context, uint64_t handle);

/* The whole discovery flow for one path: claim (`claimers`, or every device
 * when NULL), derive the identity under `scheme` (e.g. "mpio", "msdsm"),
 * join or create its device, verify. MPIO_ERRC_NONE whenever the flow ran;
 * out->outcome says what happened. */
MPIO_C_API mpio_errc mpio_topology_discover(mpio_topology* t, const char* scheme, const mpio_claim_table* claimers,
                                            const mpio_path_report* report, uint64_t now, mpio_verify_fn verify,
                                            void* verify_context, mpio_discovery* out);
MPIO_C_API mpio_errc mpio_topology_remove_path(mpio_topology* t, uint64_t handle, uint64_t now);
/* Deletes what outlived its remove period; how many paths + devices in *deleted. */
MPIO_C_API mpio_errc mpio_topology_expire(mpio_topology* t, uint64_t now, size_t* deleted);
/* UNIT ATTENTION 3F/03 or 3F/05 detaches the path (*detached = 1): re-read and discover again. */
MPIO_C_API mpio_errc mpio_topology_unit_attention(mpio_topology* t, uint64_t handle, uint8_t asc, uint8_t ascq,
                                                  uint64_t now, int* detached);

typedef struct mpio_topology_counts {
    size_t devices, paths, ports, ungrouped_paths;
} mpio_topology_counts;
MPIO_C_API mpio_errc mpio_topology_counts_of(const mpio_topology* t, mpio_topology_counts* out);

typedef struct mpio_topology_path {
    uint64_t handle;
    uint32_t device;
    uint8_t state; /* MPIO_PATH_* */
    uint8_t has_target_port_group, has_relative_target_port, has_alua_state;
    uint16_t target_port_group, relative_target_port;
    uint8_t alua_state, pref;
} mpio_topology_path;
MPIO_C_API mpio_errc mpio_topology_find_path(const mpio_topology* t, uint64_t handle, mpio_topology_path* out);
/* The handles of a device's paths, in the store's order. */
MPIO_C_API mpio_errc mpio_topology_device_paths(const mpio_topology* t, uint32_t device, uint64_t* handles,
                                                size_t capacity, size_t* count);

/* ---------------------------------------------------------------- policies */

/* MSDSM ids 1..7 (DSM_LB_*), then mpio's numbering (mpio::policy::policy_id). */
#define MPIO_POLICY_FAIL_OVER_ONLY 1
#define MPIO_POLICY_ROUND_ROBIN 2
#define MPIO_POLICY_ROUND_ROBIN_WITH_SUBSET 3
#define MPIO_POLICY_LEAST_QUEUE_DEPTH 4
#define MPIO_POLICY_WEIGHTED_PATHS 5
#define MPIO_POLICY_LEAST_BLOCKS 6
#define MPIO_POLICY_DM_ROUND_ROBIN 16
#define MPIO_POLICY_DM_QUEUE_LENGTH 17
#define MPIO_POLICY_DM_SERVICE_TIME 18
#define MPIO_POLICY_DM_HISTORICAL_SERVICE_TIME 19
#define MPIO_POLICY_VMW_FIXED 32
#define MPIO_POLICY_VMW_MRU 33
#define MPIO_POLICY_VMW_ROUND_ROBIN 34
#define MPIO_POLICY_VMW_ROUND_ROBIN_LATENCY 35
#define MPIO_POLICY_LOGICAL_BLOCK 48
#define MPIO_POLICY_NUMA 49

#define MPIO_IO_READ 0
#define MPIO_IO_WRITE 1
#define MPIO_IO_OTHER 2

/* The same layout as mpio::policy::io_request. */
typedef struct mpio_io_request {
    uint8_t direction; /* MPIO_IO_* */
    uint64_t lba;
    uint32_t blocks;
    uint32_t bytes;
    uint16_t cpu;
    uint64_t now; /* the caller's clock at submission */
} mpio_io_request;

/* How an I/O ended, for a selector. */
#define MPIO_IO_SUCCESS 0
#define MPIO_IO_ERROR 1      /* the device answered with an error */
#define MPIO_IO_PATH_ERROR 2 /* transport failure */

/* ALUA states (SPC asymmetric access state codes). */
#define MPIO_ALUA_ACTIVE_OPTIMIZED 0x0
#define MPIO_ALUA_ACTIVE_NON_OPTIMIZED 0x1
#define MPIO_ALUA_STANDBY 0x2
#define MPIO_ALUA_UNAVAILABLE 0x3
#define MPIO_ALUA_LOGICAL_BLOCK_DEPENDENT 0x4
#define MPIO_ALUA_OFFLINE 0xE
#define MPIO_ALUA_TRANSITIONING 0xF

typedef struct mpio_path_attributes {
    uint8_t alua;      /* MPIO_ALUA_* */
    uint8_t standby;   /* administrator's standby path */
    uint8_t preferred; /* preferred path (FOO / VMware FIXED) */
    uint32_t weight;   /* Weighted Paths: larger = lower priority */
    uint8_t relative_throughput;
    uint16_t node; /* NUMA node */
} mpio_path_attributes;

/* Starts with no paths and MSDSM's default policy, round robin. */
MPIO_C_API mpio_errc mpio_selector_init(mpio_selector* s);
/* Quiesced control event: paths carry over. MPIO_ERRC_NOT_FOUND: unknown id;
 * MPIO_ERRC_NOT_READY: known but not built in (7, vendor specific). */
MPIO_C_API mpio_errc mpio_selector_set_policy(mpio_selector* s, uint8_t policy_id);
/* By name or title, case-insensitive: "RR", "Least Queue Depth", "service-time", "VMW_PSP_RR"... */
MPIO_C_API mpio_errc mpio_selector_set_policy_by_name(mpio_selector* s, const char* name);
MPIO_C_API mpio_errc mpio_selector_policy(const mpio_selector* s, uint8_t* policy_id);
/* The policy id of a name; MPIO_ERRC_NOT_FOUND. */
MPIO_C_API mpio_errc mpio_policy_id_of(const char* name, uint8_t* policy_id);

/* The I/O path: select a slot (MPIO_ERRC_NO_USABLE_PATH when none), start
 * the I/O on it, complete it (exactly once per start). A NULL or
 * uninitialised selector (storage mpio_selector_init has not written) is
 * MPIO_ERRC_INVALID_ARGUMENT, as are a NULL request or output and a slot
 * >= MPIO_SELECTOR_CAPACITY. */
MPIO_C_API mpio_errc mpio_selector_select(mpio_selector* s, const mpio_io_request* io, uint8_t* slot);
MPIO_C_API mpio_errc mpio_selector_start(mpio_selector* s, uint8_t slot, const mpio_io_request* io);
MPIO_C_API mpio_errc mpio_selector_complete(mpio_selector* s, uint8_t slot, const mpio_io_request* io,
                                            uint64_t service_time, uint8_t io_status);
/* mpio_selector_select, then mpio_selector_start on the chosen slot, in one
 * call: the same result and the same effect as the two calls. */
MPIO_C_API mpio_errc mpio_selector_select_start(mpio_selector* s, const mpio_io_request* io, uint8_t* slot);

/* Skipping calls that do nothing. Most policies (round robin, fail over
 * only, weighted paths...) ignore start and complete. An initialised
 * selector keeps in its byte MPIO_SELECTOR_FLAGS_OFFSET the tag
 * MPIO_SELECTOR_FLAGS_TAG (upper six bits) and whether its active policy acts
 * on start (MPIO_SELECTOR_FLAG_START) and on complete
 * (MPIO_SELECTOR_FLAG_COMPLETE); mpio_selector_init and the set_policy
 * calls write it, src/mpio_c.cpp pins the offset with a static_assert. These
 * inline functions read that byte and call the library only when needed. */
#define MPIO_SELECTOR_FLAGS_OFFSET 0
#define MPIO_SELECTOR_FLAGS_TAG_MASK 0xFCu
#define MPIO_SELECTOR_FLAGS_TAG 0xA0u
#define MPIO_SELECTOR_FLAG_START 0x01u
#define MPIO_SELECTOR_FLAG_COMPLETE 0x02u

/* 0 when `s` is initialised and its policy ignores `flag`
 * (MPIO_SELECTOR_FLAG_START or _COMPLETE), 1 otherwise (NULL included). */
static inline int mpio_selector_needs(const mpio_selector* s, unsigned flag)
{
    return s == NULL ||
           (s->u.bytes[MPIO_SELECTOR_FLAGS_OFFSET] & (MPIO_SELECTOR_FLAGS_TAG_MASK | flag)) != MPIO_SELECTOR_FLAGS_TAG;
}
/* The same result as mpio_selector_start, without the call when the policy
 * ignores start. */
static inline mpio_errc mpio_selector_start_if_needed(mpio_selector* s, uint8_t slot, const mpio_io_request* io)
{
    if (io != NULL && slot < MPIO_SELECTOR_CAPACITY && !mpio_selector_needs(s, MPIO_SELECTOR_FLAG_START))
        return MPIO_ERRC_NONE;
    return mpio_selector_start(s, slot, io);
}
/* The same result as mpio_selector_complete, without the call when the
 * policy ignores complete. */
static inline mpio_errc mpio_selector_complete_if_needed(mpio_selector* s, uint8_t slot, const mpio_io_request* io,
                                                         uint64_t service_time, uint8_t io_status)
{
    if (io != NULL && slot < MPIO_SELECTOR_CAPACITY && io_status <= MPIO_IO_PATH_ERROR &&
        !mpio_selector_needs(s, MPIO_SELECTOR_FLAG_COMPLETE))
        return MPIO_ERRC_NONE;
    return mpio_selector_complete(s, slot, io, service_time, io_status);
}
/* Control events. */
MPIO_C_API mpio_errc mpio_selector_add_path(mpio_selector* s, uint8_t slot, const mpio_path_attributes* a);
MPIO_C_API mpio_errc mpio_selector_remove_path(mpio_selector* s, uint8_t slot);
MPIO_C_API mpio_errc mpio_selector_fail_path(mpio_selector* s, uint8_t slot);
MPIO_C_API mpio_errc mpio_selector_reinstate_path(mpio_selector* s, uint8_t slot);
MPIO_C_API mpio_errc mpio_selector_set_alua_state(mpio_selector* s, uint8_t slot, uint8_t alua);
MPIO_C_API mpio_errc mpio_selector_set_weight(mpio_selector* s, uint8_t slot, uint32_t weight);
MPIO_C_API mpio_errc mpio_selector_set_preferred(mpio_selector* s, uint8_t slot, int preferred);

/* ---------------------------------------------------------------- recovery */

/* Transport outcomes (mpio::recovery::transport_outcome). */
#define MPIO_TRANSPORT_OK 0
#define MPIO_TRANSPORT_TIMEOUT 1
#define MPIO_TRANSPORT_CONNECTION_LOST 2
#define MPIO_TRANSPORT_SELECTION_TIMEOUT 3
#define MPIO_TRANSPORT_NO_SUCH_DEVICE 4
#define MPIO_TRANSPORT_BUS_RESET 5
#define MPIO_TRANSPORT_ABORTED 6
/* Appended: the command moved more / fewer bytes than its transfer length
   (Windows: SRB_STATUS_DATA_OVERRUN); never a success. A short answer to a
   command with an ALLOCATION LENGTH (INQUIRY, MODE SENSE...) is OK. */
#define MPIO_TRANSPORT_DATA_OVERRUN 7
#define MPIO_TRANSPORT_DATA_UNDERRUN 8

/* One finished command: transport outcome, SCSI status byte, autosense bytes. */
typedef struct mpio_io_outcome {
    uint8_t transport; /* MPIO_TRANSPORT_* */
    uint8_t status;    /* SCSI status: 00h GOOD, 02h CHECK CONDITION, 08h BUSY, ... */
    const uint8_t* sense;
    size_t sense_size;
} mpio_io_outcome;

/* Actions (mpio::recovery::action). */
#define MPIO_ACTION_COMPLETE 0
#define MPIO_ACTION_RETRY_SAME_PATH 1
#define MPIO_ACTION_RETRY_OTHER_PATH 2
#define MPIO_ACTION_FAIL_PATH_AND_RETRY 3
#define MPIO_ACTION_REFRESH_ALUA_THEN_RETRY 4
#define MPIO_ACTION_HOLD_AND_RETRY 5
#define MPIO_ACTION_FAIL_UP 6

/* Path effects (mpio::recovery::path_effect). */
#define MPIO_EFFECT_NONE 0
#define MPIO_EFFECT_PATH_OK 1
#define MPIO_EFFECT_PATH_FAILED 2
#define MPIO_EFFECT_LUN_UNREACHABLE 3
#define MPIO_EFFECT_ALUA_STANDBY 4
#define MPIO_EFFECT_ALUA_UNAVAILABLE 5
#define MPIO_EFFECT_ALUA_TRANSITIONING 6
#define MPIO_EFFECT_ALUA_CHANGED 7

typedef struct mpio_decision {
    uint8_t action;          /* MPIO_ACTION_* */
    uint8_t reason;          /* mpio::recovery::reason */
    uint8_t consumes_budget; /* counts against RetryCount */
    uint8_t delay;           /* 0 immediate, 1 after RetryInterval */
    uint8_t effect;          /* MPIO_EFFECT_* */
} mpio_decision;

#define MPIO_TABLE_DEFAULT 0 /* MSDSM's interpretation */
#define MPIO_TABLE_LINUX 1   /* Linux scsi_dh_alua / dm-mpath */

/* DsmInterpretError: what one completion means. `other_usable_path`: another
 * path could take the request now. Returns the sense parse error (SPC's
 * reading) when sense bytes were given but unusable; the decision is still
 * written, and MPIO_TABLE_DEFAULT reads such bytes as MSDSM does (an unknown
 * response code as fixed format: docs/recovery.md, "Reading sense data"). */
MPIO_C_API mpio_errc mpio_interpret(uint8_t table, const mpio_io_outcome* outcome, int other_usable_path,
                                    mpio_decision* out);
/* Checker states (mpio::recovery::checker_state): 0 up, 1 down, 2 ghost, 3 pending, 4 disconnected, 5 retry. */
MPIO_C_API mpio_errc mpio_interpret_test_unit_ready(const mpio_io_outcome* outcome, uint8_t* checker_state);
/* A reason's text ("ALUA state changed"...), NUL-terminated into a caller buffer. */
MPIO_C_API mpio_errc mpio_reason_name(uint8_t reason, char* out, size_t capacity);

/* The path lifecycle (mpio::recovery::path_lifecycle): verification timers,
 * failure, failback, flaky hold. Timers in the caller's ticks. */
typedef struct mpio_lifecycle_config {
    uint8_t alua;                  /* verify with RTPG rather than TUR */
    uint8_t periodic_verification; /* PathVerifyEnabled */
    uint64_t verification_period;
    uint64_t recovery_interval;
    uint64_t pending_poll;
    uint64_t remove_period;
    uint8_t failback_mode; /* 0 immediate, 1 manual, 2 followover, 3 deferred */
    uint64_t failback_defer;
    uint32_t flaky_threshold; /* 0: no flaky detection */
    uint64_t flaky_window;
    uint64_t flaky_recovery;
} mpio_lifecycle_config;

/* Verification commands (mpio::recovery::verification_command). */
#define MPIO_VERIFY_NONE 0
#define MPIO_VERIFY_TEST_UNIT_READY 1
#define MPIO_VERIFY_REPORT_TARGET_PORT_GROUPS 2

typedef struct mpio_lifecycle_status {
    uint8_t state;       /* MPIO_PATH_* */
    uint8_t eligibility; /* 0 none, 1 last resort, 2 rotation */
    uint8_t has_alua_state, alua_state;
    uint8_t flaky;
    uint8_t needs_alua_refresh;
} mpio_lifecycle_status;

MPIO_C_API mpio_errc mpio_lifecycle_init(mpio_path_lifecycle* l, const mpio_lifecycle_config* c, int preferred);
/* Each writes the verification command to send now (MPIO_VERIFY_*). */
MPIO_C_API mpio_errc mpio_lifecycle_arrive(mpio_path_lifecycle* l, uint64_t now, uint8_t* command);
MPIO_C_API mpio_errc mpio_lifecycle_poll(mpio_path_lifecycle* l, uint64_t now, uint8_t* command);
MPIO_C_API mpio_errc mpio_lifecycle_remove(mpio_path_lifecycle* l, uint64_t now);
MPIO_C_API mpio_errc mpio_lifecycle_on_io(mpio_path_lifecycle* l, const mpio_decision* d, uint64_t now);
/* A verification answer: checker state, and the ALUA state when has_alua_state. */
MPIO_C_API mpio_errc mpio_lifecycle_on_verification(mpio_path_lifecycle* l, uint8_t checker_state, int has_alua_state,
                                                    uint8_t alua_state, uint64_t now);
MPIO_C_API mpio_errc mpio_lifecycle_on_alua_state(mpio_path_lifecycle* l, uint8_t alua_state, uint64_t now);
MPIO_C_API mpio_errc mpio_lifecycle_status_of(const mpio_path_lifecycle* l, uint64_t now, mpio_lifecycle_status* out);

/* ------------------------------------------------------------------ engine */

/* One multipath device: paths, a run-time selector (any policy), recovery,
 * statistics; MPIO_SELECTOR_CAPACITY paths, MPIO_ENGINE_MAX_REQUESTS requests
 * in flight. The caller serializes calls into one engine. */

#define MPIO_COMMAND_IO 0
#define MPIO_COMMAND_TEST_UNIT_READY 1
#define MPIO_COMMAND_REPORT_TARGET_PORT_GROUPS 2
#define MPIO_COMMAND_READ_BLOCK_ZERO 3
#define MPIO_COMMAND_SET_TARGET_PORT_GROUPS 4

/* One command for the transport (mpio::engine::command). */
typedef struct mpio_command {
    uint8_t kind; /* MPIO_COMMAND_* */
    uint8_t slot; /* the engine's path number */
    uint8_t cdb_length;
    uint64_t path;   /* the caller's path handle */
    uint32_t tag;    /* hand it back to mpio_engine_on_completion */
    uint64_t cookie; /* I/O: the caller's request */
    mpio_io_request io;
    uint8_t cdb[16]; /* engine commands: the CDB */
    uint32_t data_in_length;
    const uint8_t* data_out; /* STPG parameter list, valid until its completion */
    size_t data_out_size;
} mpio_command;

typedef struct mpio_request_result {
    uint8_t ok;
    uint8_t reason;         /* mpio::recovery::reason */
    uint8_t last_transport; /* the last completion */
    uint8_t last_status;
    uint8_t slot; /* the path it last ran on, MPIO_NO_SLOT: never sent */
    uint16_t attempts;
    uint16_t failovers;
} mpio_request_result;

/* The caller's transport: send() puts a command on a path (return 0 when it
 * cannot even be queued); request_done() tells that a request submitted with
 * mpio_engine_submit finished. Neither may call back into the engine except
 * request_done, which may submit. */
typedef struct mpio_transport {
    int (*send)(void* context, const mpio_command* command);
    void (*request_done)(void* context, uint64_t cookie, const mpio_request_result* result);
    void* context;
} mpio_transport;

#define MPIO_CHECKER_AUTOMATIC 0
#define MPIO_CHECKER_TEST_UNIT_READY 1
#define MPIO_CHECKER_READ_BLOCK_ZERO 2

typedef struct mpio_engine_config {
    uint32_t retry_count;    /* RetryCount */
    uint64_t retry_interval; /* ticks */
    uint8_t path_verify_enabled;
    uint64_t path_verification_period;
    uint64_t path_recovery_interval;
    uint64_t pdo_remove_period; /* also how long I/O queues with no path */
    uint64_t alua_transition_time;
    uint8_t alua_mode; /* 0 none, 1 implicit, 2 explicit, 3 both */
    uint8_t checker;   /* MPIO_CHECKER_* */
    uint8_t explicit_failover;
    uint8_t failback_mode;
    uint64_t failback_defer;
    uint32_t flaky_threshold;
    uint64_t flaky_window;
    uint64_t flaky_recovery;
} mpio_engine_config;

/* Microsoft's MPIO defaults at `ticks_per_second`, for an ALUA mode. */
MPIO_C_API mpio_errc mpio_engine_config_defaults(mpio_engine_config* c, uint32_t ticks_per_second, uint8_t alua_mode);
/* The transport table is copied; its context must outlive the engine. */
MPIO_C_API mpio_errc mpio_engine_init(mpio_engine* e, const mpio_transport* t, const mpio_engine_config* c);

typedef struct mpio_path_config {
    uint64_t handle;
    uint8_t verified; /* discovery verified it: in service at once */
    uint8_t has_target_port_group;
    uint16_t target_port_group;
    uint8_t has_alua_state, alua_state;
    uint8_t alua_pref;      /* PREF bit of its target port group */
    uint8_t preferred_path; /* the administrator's preferred path */
    uint32_t weight;
} mpio_path_config;

MPIO_C_API mpio_errc mpio_engine_add_path(mpio_engine* e, const mpio_path_config* p, uint64_t now, uint8_t* slot);
/* Every present path of a topology device (as discovery stored it). */
MPIO_C_API mpio_errc mpio_engine_attach(mpio_engine* e, const mpio_topology* t, uint32_t device, uint64_t now);
MPIO_C_API mpio_errc mpio_engine_slot_of(const mpio_engine* e, uint64_t handle, uint8_t* slot);
MPIO_C_API mpio_errc mpio_engine_remove_path(mpio_engine* e, uint8_t slot, uint64_t now);
MPIO_C_API mpio_errc mpio_engine_path_back(mpio_engine* e, uint8_t slot, uint64_t now);
MPIO_C_API mpio_errc mpio_engine_set_standby(mpio_engine* e, uint8_t slot, int standby, uint64_t now);
MPIO_C_API mpio_errc mpio_engine_set_policy(mpio_engine* e, uint8_t policy_id);
MPIO_C_API mpio_errc mpio_engine_set_policy_by_name(mpio_engine* e, const char* name);
/* The caller's request; it completes exactly once through request_done. */
MPIO_C_API mpio_errc mpio_engine_submit(mpio_engine* e, const mpio_io_request* io, uint64_t cookie, uint64_t now);
/* A command sent through the transport finished; data_in: what it read
 * (RTPG data), NULL for I/O. MPIO_ERRC_NOT_FOUND: stale or unknown tag. */
MPIO_C_API mpio_errc mpio_engine_on_completion(mpio_engine* e, uint32_t tag, const mpio_io_outcome* outcome,
                                               const uint8_t* data_in, size_t data_in_size, uint64_t now);
/* Timers: verification, failback, no-path timeout, retries due. */
MPIO_C_API mpio_errc mpio_engine_poll(mpio_engine* e, uint64_t now);

typedef struct mpio_engine_path {
    uint8_t used, present;
    uint8_t state; /* MPIO_PATH_* */
    uint8_t alua_state;
    uint8_t eligibility; /* 0 none, 1 last resort, 2 rotation */
    uint8_t marginal;
    uint64_t handle;
} mpio_engine_path;
MPIO_C_API mpio_errc mpio_engine_path_of(const mpio_engine* e, uint8_t slot, uint64_t now, mpio_engine_path* out);

typedef struct mpio_engine_counts {
    size_t paths, requests_outstanding, requests_queued;
    uint8_t no_usable_path, transition_in_progress, policy_id;
} mpio_engine_counts;
MPIO_C_API mpio_errc mpio_engine_counts_of(const mpio_engine* e, mpio_engine_counts* out);

/* Per-path statistics (MSDSM_DEVICEPATH_PERF and latency percentiles, in ticks). */
typedef struct mpio_path_statistics {
    uint64_t reads, writes, bytes_read, bytes_written;
    uint32_t errors, failovers;
    uint32_t latency_p50, latency_p99, latency_p999;
    uint64_t samples;
} mpio_path_statistics;
MPIO_C_API mpio_errc mpio_engine_statistics(const mpio_engine* e, uint8_t slot, mpio_path_statistics* out);
MPIO_C_API mpio_errc mpio_engine_clear_statistics(mpio_engine* e);

#ifdef __cplusplus
}
#endif

#endif /* MPIO_C_MPIO_H */
