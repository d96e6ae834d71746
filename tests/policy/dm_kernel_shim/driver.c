// SPDX-License-Identifier: MIT
// Drives one compiled dm path selector (argv[1]: its name) from a script on
// stdin, one command per line:
//   reset THRESHOLD    a new selector (historical-service-time: base weight
//                      972 and THRESHOLD as its <threshold_multiplier>)
//   add P TP           path P (service-time: repeat_count 1, relative
//                      throughput TP)
//   fail P | reinstate P
//   select BYTES NOW   prints the chosen path (-1: none); NOW is the clock
//   start P BYTES | end P BYTES START NOW
// Built by dm_kernel_order_test.cpp with kshim.h force-included.
#include "dm-path-selector.h"
u64 kshim_now;
static struct path_selector_type* types[8];
static int ntypes;
int dm_register_path_selector(struct path_selector_type* t)
{
    types[ntypes++] = t;
    return 0;
}
int dm_unregister_path_selector(struct path_selector_type* t)
{
    (void)t;
    return 0;
}
int main(int argc, char** argv)
{
    struct path_selector_type* t = NULL;
    for (int i = 0; i < ntypes; ++i)
        if (argc > 1 && strcmp(types[i]->name, argv[1]) == 0) t = types[i];
    if (!t) {
        fprintf(stderr, "no selector %s\n", argc > 1 ? argv[1] : "?");
        return 2;
    }
    struct path_selector ps = {t, NULL};
    if (t->create(&ps, 0, NULL)) return 3;
    struct dm_path paths[256];
    memset(paths, 0, sizeof paths);
    char op[16];
    while (scanf("%15s", op) == 1) {
        if (!strcmp(op, "reset")) {
            char base[] = "972", threshold[16] = "0";
            if (scanf("%15s", threshold) != 1) return 5;
            char* args[2] = {base, threshold};
            t->destroy(&ps);
            if (t->create(&ps, !strcmp(t->name, "historical-service-time") ? 2 : 0, args)) return 3;
            memset(paths, 0, sizeof paths);
        } else if (!strcmp(op, "add")) {
            int p;
            unsigned tp;
            scanf("%d %u", &p, &tp);
            char a0[] = "1", a1[16];
            snprintf(a1, sizeof a1, "%u", tp);
            char* args[2] = {a0, a1};
            char* err = NULL;
            int argc2 = !strcmp(t->name, "service-time") ? 2 : 0;
            if (t->add_path(&ps, &paths[p], argc2, args, &err)) {
                fprintf(stderr, "add: %s\n", err);
                return 4;
            }
        } else if (!strcmp(op, "fail")) {
            int p;
            scanf("%d", &p);
            t->fail_path(&ps, &paths[p]);
        } else if (!strcmp(op, "reinstate")) {
            int p;
            scanf("%d", &p);
            t->reinstate_path(&ps, &paths[p]);
        } else if (!strcmp(op, "select")) {
            unsigned long bytes;
            unsigned long long now;
            scanf("%lu %llu", &bytes, &now);
            kshim_now = now;
            struct dm_path* r = t->select_path(&ps, bytes);
            printf("%d\n", r ? (int)(r - paths) : -1);
        } else if (!strcmp(op, "start")) {
            int p;
            unsigned long bytes;
            scanf("%d %lu", &p, &bytes);
            if (t->start_io) t->start_io(&ps, &paths[p], bytes);
        } else if (!strcmp(op, "end")) {
            int p;
            unsigned long bytes;
            unsigned long long start, now;
            scanf("%d %lu %llu %llu", &p, &bytes, &start, &now);
            kshim_now = now;
            if (t->end_io) t->end_io(&ps, &paths[p], bytes, start);
        }
    }
    return 0;
}
