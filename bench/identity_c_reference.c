/* SPDX-License-Identifier: MIT */
/* See identity_c_reference.h. */
#include "identity_c_reference.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { c_ref_wwid_size = 128 }; /* multipath-tools' WWID_SIZE */

/* A growing C string: the text plus its NUL, capacity grown by realloc(). */
struct c_ref_text {
    char* data;
    size_t length;
    size_t capacity;
};

static int c_ref_reserve(struct c_ref_text* t, size_t more)
{
    if (t->length + more + 1 <= t->capacity) return 0;
    size_t capacity = t->capacity == 0 ? 64 : t->capacity;
    while (capacity < t->length + more + 1) capacity *= 2;
    char* p = realloc(t->data, capacity);
    if (p == NULL) return -1;
    t->data = p;
    t->capacity = capacity;
    return 0;
}

static int c_ref_append(struct c_ref_text* t, const char* s, size_t n)
{
    if (c_ref_reserve(t, n) != 0) return -1;
    memcpy(t->data + t->length, s, n);
    t->length += n;
    t->data[t->length] = '\0';
    return 0;
}

static int c_ref_append_byte_hex(struct c_ref_text* t, unsigned char b)
{
    if (c_ref_reserve(t, 2) != 0) return -1;
    const int n = snprintf(t->data + t->length, t->capacity - t->length, "%02x", b);
    if (n != 2) return -1;
    t->length += 2;
    return 0;
}

/* parse_vpd_pg83()'s priority of the descriptor at d (LU association only);
 * -1 when it cannot be chosen. */
static int c_ref_priority(const unsigned char* d)
{
    const unsigned len = d[3];
    if ((d[1] & 0x30) != 0) return -1;
    switch (d[1] & 0x0f) {
    case 0x3:
        switch (d[4] >> 4) {
        case 6: return len == 16 ? 8 : -1;
        case 5: return len == 8 ? 7 : -1;
        case 2: return len == 8 ? 6 : -1;
        case 3: return len == 8 ? 1 : -1;
        default: return -1;
        }
    case 0x2: return len == 8 || len == 12 || len == 16 ? 4 : -1;
    case 0x8:
        if (len < 4) return -1;
        return memcmp(d + 4, "eui.", 4) == 0 || memcmp(d + 4, "naa.", 4) == 0 || memcmp(d + 4, "iqn.", 4) == 0 ? 3 : -1;
    case 0x1: return len >= 8 ? 2 : -1;
    default: return -1;
    }
}

static int c_ref_render(const unsigned char* d, struct c_ref_text* t)
{
    const int type = d[1] & 0x0f;
    size_t len = d[3];
    const unsigned char* des = d + 4;
    if (len > c_ref_wwid_size) len = c_ref_wwid_size;
    if (type == 0x2 || type == 0x3) {
        const char lead = type == 0x3 ? '3' : '2';
        if (c_ref_append(t, &lead, 1) != 0) return -1;
        for (size_t i = 0; i < len; ++i)
            if (c_ref_append_byte_hex(t, des[i]) != 0) return -1;
    } else if (type == 0x8) {
        const char lead = memcmp(des, "eui.", 4) == 0 ? '2' : memcmp(des, "naa.", 4) == 0 ? '3' : '8';
        if (c_ref_append(t, &lead, 1) != 0) return -1;
        const size_t start = t->length;
        if (c_ref_append(t, (const char*)des + 4, len - 4) != 0) return -1;
        t->length = strlen(t->data); /* the name is NUL padded */
        if (lead != '8')
            for (size_t i = start; i < t->length; ++i) t->data[i] = (char)tolower((unsigned char)t->data[i]);
    } else {
        /* T10 vendor ID: each run of spaces becomes one '_', trailing
         * spaces are dropped; the runs between them are copied whole. */
        if (c_ref_append(t, "1", 1) != 0) return -1;
        size_t i = 0;
        while (i < len) {
            const unsigned char* space = memchr(des + i, ' ', len - i);
            const size_t run = space == NULL ? len - i : (size_t)(space - (des + i));
            if (c_ref_append(t, (const char*)des + i, run) != 0) return -1;
            i += run;
            while (i < len && des[i] == ' ') ++i;
            if (space != NULL && i < len && c_ref_append(t, "_", 1) != 0) return -1;
        }
    }
    return 0;
}

int mpio_bench_c_wwid(const unsigned char* in, size_t in_len, char* out, size_t out_len)
{
    if (out_len <= 1 || in_len < 4) return -1;
    const unsigned char* best = NULL;
    int best_priority = -1;
    size_t off = 4;
    while (off + 4 <= in_len) {
        const unsigned char* d = in + off;
        if (off + 4 + d[3] > in_len) break;
        const int p = c_ref_priority(d);
        if (p > best_priority) {
            best_priority = p;
            best = d;
        }
        off += 4u + d[3];
    }
    if (best_priority <= 0) return -1;

    struct c_ref_text t = {NULL, 0, 0};
    if (c_ref_render(best, &t) != 0 || t.data == NULL) {
        free(t.data);
        return -1;
    }
    size_t len = strlen(t.data);
    const int type = best[1] & 0x0f;
    if (len >= out_len) len = type == 0x2 || type == 0x3 ? 2 * (out_len / 2) - 1 : out_len - 1;
    memcpy(out, t.data, len);
    out[len] = '\0';
    free(t.data);
    return (int)len;
}

int mpio_bench_c_serial(const unsigned char* in, char* out, size_t out_len)
{
    size_t len = ((size_t)in[2] << 8) | in[3];
    const unsigned char* s = in + 4;
    if (out_len == 0) return 0;
    if (len > c_ref_wwid_size) len = c_ref_wwid_size;
    while (len > 0 && s[len - 1] == ' ') --len;
    while (len > 0 && s[0] == ' ') {
        ++s;
        --len;
    }
    if (len >= out_len) len = out_len - 1;
    memcpy(out, s, len);
    out[len] = '\0';
    return (int)len;
}
