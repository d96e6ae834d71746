// SPDX-License-Identifier: MIT
// The path selector interface as dm-ps-*.c use it (written from their use:
// the designated initialisers of their path_selector_type and the calls).
#ifndef KSHIM_DM_PATH_SELECTOR_H
#define KSHIM_DM_PATH_SELECTOR_H
#define DM_PS_USE_HR_TIMER 0x1
struct path_selector {
    struct path_selector_type* type;
    void* context;
};
struct path_selector_type {
    char* name;
    struct module* module;
    unsigned int features, table_args, info_args;
    int (*create)(struct path_selector*, unsigned int, char**);
    void (*destroy)(struct path_selector*);
    int (*add_path)(struct path_selector*, struct dm_path*, int, char**, char**);
    struct dm_path* (*select_path)(struct path_selector*, size_t);
    void (*fail_path)(struct path_selector*, struct dm_path*);
    int (*reinstate_path)(struct path_selector*, struct dm_path*);
    int (*status)(struct path_selector*, struct dm_path*, status_type_t, char*, unsigned int);
    int (*start_io)(struct path_selector*, struct dm_path*, size_t);
    int (*end_io)(struct path_selector*, struct dm_path*, size_t, u64);
};
int dm_register_path_selector(struct path_selector_type* type);
int dm_unregister_path_selector(struct path_selector_type* type);
#endif
