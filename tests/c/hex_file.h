/* SPDX-License-Identifier: MIT */
/* tests/c/hex_file.h - reads a response dump for the C tests: sg3_utils hex
 * text (hex bytes separated by white space, '#' comments) or, for a file
 * that is not hex text, its raw bytes. Plain C stdio. */
#ifndef MPIO_TESTS_C_HEX_FILE_H
#define MPIO_TESTS_C_HEX_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Loads `path` into out[0..capacity); returns the byte count, or 0 on error. */
static size_t load_dump(const char* path, uint8_t* out, size_t capacity)
{
    static unsigned char raw[65536];
    FILE* f = fopen(path, "rb");
    size_t n, i, count = 0;
    int text = 1, in_comment = 0, high = -1;
    if (f == NULL) return 0;
    n = fread(raw, 1, sizeof raw, f);
    fclose(f);
    for (i = 0; i < n; ++i) {
        unsigned char c = raw[i];
        if (c == '#') in_comment = 1;
        if (c == '\n') in_comment = 0;
        if (!in_comment && c != '\n' && c != '\r' && c != ' ' && c != '\t' && c != '#' && hex_digit(c) < 0) text = 0;
    }
    if (!text) {
        if (n > capacity) return 0;
        for (i = 0; i < n; ++i) out[i] = raw[i];
        return n;
    }
    in_comment = 0;
    for (i = 0; i < n; ++i) {
        int c = raw[i], d;
        if (c == '#') in_comment = 1;
        if (c == '\n') in_comment = 0;
        if (in_comment) continue;
        d = hex_digit(c);
        if (d < 0) {
            high = -1;
            continue;
        }
        if (high < 0) {
            high = d;
            continue;
        }
        if (count >= capacity) return 0;
        out[count++] = (uint8_t)(high * 16 + d);
        high = -1;
    }
    return count;
}

#endif
