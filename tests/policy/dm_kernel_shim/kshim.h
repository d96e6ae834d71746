// SPDX-License-Identifier: MIT
// User-space stand-ins for the kernel facilities the Linux dm path selectors
// (drivers/md/dm-ps-*.c) use, so that dm_kernel_order_test.cpp can compile
// the kernel's own files from Debian's linux-source package at test time and
// drive them (driver.c). Written from the kernel's documented interfaces, no
// kernel code: doubly linked lists, spinlocks (no-ops: one thread drives
// them), atomic_t (a 32-bit int), kmalloc, the clock (kshim_now, set by the
// driver), the module macros. Never compiled into mpio.
#ifndef KSHIM_H
#define KSHIM_H
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EINVAL
#define EINVAL 22
#endif
#ifndef ENOMEM
#define ENOMEM 12
#endif
typedef uint64_t u64;
typedef int64_t s64;
typedef struct {
    int counter;
} atomic_t;
typedef int spinlock_t;
struct module {
    int unused;
};
#define THIS_MODULE ((struct module*)0)
#define __init
#define __exit
#define GFP_KERNEL 0
#define DM_NAME "device-mapper"
#define unlikely(x) (x)
#define likely(x) (x)
#define kmalloc(size, flags) malloc(size)
#define kfree(p) free(p)
#define spin_lock_init(l) (*(l) = 0)
#define spin_lock_irqsave(l, f) ((void)(l), (f) = 0)
#define spin_unlock_irqrestore(l, f) ((void)(l), (void)(f))
#define atomic_set(a, v) ((a)->counter = (v))
#define atomic_read(a) ((a)->counter)
#define atomic_inc(a) ((a)->counter++)
#define atomic_dec(a) ((a)->counter--)
#define atomic_add(v, a) ((a)->counter = (int)((unsigned)(a)->counter + (unsigned)(v)))
#define atomic_sub(v, a) ((a)->counter = (int)((unsigned)(a)->counter - (unsigned)(v)))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define clamp(v, lo, hi) ((v) < (lo) ? (lo) : (v) > (hi) ? (hi) : (v))
#define time_after64(a, b) ((s64)((b) - (a)) < 0)
#define time_before64(a, b) time_after64(b, a)
extern u64 kshim_now;
static inline u64 sched_clock(void) { return kshim_now; }
static inline u64 ktime_get_ns(void) { return kshim_now; }
#define DMINFO(...)                                                                                                    \
    do {                                                                                                               \
    } while (0)
#define DMERR(...)                                                                                                     \
    do {                                                                                                               \
    } while (0)
#define DMWARN_LIMIT(...)                                                                                              \
    do {                                                                                                               \
    } while (0)
#define DMEMIT(...)                                                                                                    \
    do {                                                                                                               \
        (void)sz;                                                                                                      \
        (void)result;                                                                                                  \
        (void)maxlen;                                                                                                  \
    } while (0)
#define MODULE_DESCRIPTION(x)
#define MODULE_AUTHOR(x)
#define MODULE_LICENSE(x)
#define module_init(fn)                                                                                                \
    __attribute__((constructor)) static void kshim_init_##fn(void) { fn(); }
#define module_exit(fn) __attribute__((unused)) static void (*kshim_exit_##fn)(void) = fn;

struct list_head {
    struct list_head *next, *prev;
};
static inline void INIT_LIST_HEAD(struct list_head* h)
{
    h->next = h;
    h->prev = h;
}
static inline void kshim_link(struct list_head* n, struct list_head* prev, struct list_head* next)
{
    next->prev = n;
    n->next = next;
    n->prev = prev;
    prev->next = n;
}
static inline void list_add(struct list_head* n, struct list_head* h) { kshim_link(n, h, h->next); }
static inline void list_add_tail(struct list_head* n, struct list_head* h) { kshim_link(n, h->prev, h); }
static inline void list_del(struct list_head* e)
{
    e->prev->next = e->next;
    e->next->prev = e->prev;
}
static inline void list_move(struct list_head* e, struct list_head* h)
{
    list_del(e);
    list_add(e, h);
}
static inline void list_move_tail(struct list_head* e, struct list_head* h)
{
    list_del(e);
    list_add_tail(e, h);
}
static inline int list_empty(const struct list_head* h) { return h->next == h; }
#define list_entry(p, type, member) ((type*)((char*)(p)-offsetof(type, member)))
#define list_for_each_entry(pos, head, member)                                                                         \
    for (pos = list_entry((head)->next, __typeof__(*pos), member); &pos->member != (head);                             \
         pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member)                                                                 \
    for (pos = list_entry((head)->next, __typeof__(*pos), member),                                                     \
        n = list_entry(pos->member.next, __typeof__(*pos), member);                                                    \
         &pos->member != (head); pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

typedef enum { STATUSTYPE_INFO, STATUSTYPE_TABLE, STATUSTYPE_IMA } status_type_t;
struct dm_path {
    void* dev;
    void* pscontext;
};
#endif
