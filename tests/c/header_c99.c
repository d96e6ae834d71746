/* SPDX-License-Identifier: MIT */
/* tests/c/header_c99.c - mpio.h compiles as C99 (and, with the same file, as
 * C11) with -Wall -Wextra -Werror -pedantic; the opaque types can live on
 * the stack and in static memory. Compiled, and run for its return code. */
#include <mpio/c/mpio.h>

static mpio_topology static_topology; /* static storage, as firmware keeps it */

int main(void)
{
    mpio_selector s;
    mpio_iter it;
    (void)static_topology;
    (void)it;
    return (mpio_selector_init(&s) == MPIO_ERRC_NONE && sizeof(mpio_engine) == MPIO_ENGINE_STORAGE_SIZE) ? 0 : 1;
}
