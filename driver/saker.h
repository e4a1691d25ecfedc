/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State shared by the parts of saker.ko: the per-CPU rings, the
 * capture settings and the event writer the fillers use.
 */
#ifndef SAKER_H
#define SAKER_H

#include <linux/bitops.h>
#include <linux/irq_work.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "saker_events.h"

#ifdef __BIG_ENDIAN
#error "saker.ko writes little-endian events and supports little-endian CPUs only"
#endif

/* Packed event header: ts u64, tid u64, len u32, type u16, nparams u32. */
#define SKR_HDR_LEN 26

/*
 * One ring per possible CPU. Its data pages are vmapped twice back to back
 * (and mapped the same way for the consumer), so an event that crosses the
 * end of the data area is still one contiguous run of bytes on both sides.
 */
struct skr_ring {
	void *ctl;		/* shared control page (SAKER_CTL_* offsets) */
	struct page *ctl_page;
	struct page **pages;	/* data pages, listed twice for vmap */
	u8 *data;		/* the double mapping */
	u64 head;		/* private copy of the head: never read back */
	int busy;		/* nesting guard, this CPU only */
	struct irq_work wake;
};

/* Syscall numbers below this have the filter by number (skr_nr_enter). */
#define SKR_NR_BITS 512

struct skr_state {
	struct skr_ring **rings;	/* indexed by CPU, NULL if impossible */
	u64 data_size;
	u64 filter[SAKER_FILTER_WORDS];	/* event types to capture */
	/* The same filter by syscall number, for the handlers' first test. */
	unsigned long nr_enter[BITS_TO_LONGS(SKR_NR_BITS)];
	unsigned long nr_exit[BITS_TO_LONGS(SKR_NR_BITS)];
	u32 snaplen;
	u32 wake_bytes;
	pid_t ignore_tgid;
	bool enabled;
	wait_queue_head_t wq;
};

extern struct skr_state skr;

static inline u64 *skr_ctl64(struct skr_ring *r, unsigned int off)
{
	return (u64 *)((u8 *)r->ctl + off);
}

static inline bool skr_type_wanted(u16 type)
{
	return (READ_ONCE(skr.filter[type >> 6]) >> (type & 63)) & 1;
}

/* saker_ring.c */
int skr_rings_alloc(void);
void skr_rings_free(void);
void skr_count(unsigned int off);

/*
 * An event being written in place in this CPU's ring. Parameters are
 * appended in table order; a parameter that does not fit marks the event
 * full, later writes become no-ops and skr_evt_end() drops it.
 */
struct skr_evt {
	struct skr_ring *ring;
	u8 *buf;
	u64 ts;
	u64 tid;
	u32 room;
	u32 len;
	u16 type;
	u8 nparams;
	u8 idx;
	const unsigned char *psize;
	bool full;
	bool bad;
};

bool skr_evt_begin(struct skr_evt *ev, u16 type, u64 tid);
void skr_evt_end(struct skr_evt *ev);

void skr_num(struct skr_evt *ev, u64 v);
void skr_empty(struct skr_evt *ev);
void skr_kbuf(struct skr_evt *ev, const void *p, u32 n);
void skr_kstr(struct skr_evt *ev, const char *s);
u32 skr_ustr(struct skr_evt *ev, unsigned long uptr, u32 max);
void skr_ubuf(struct skr_evt *ev, unsigned long uptr, u32 n);
void skr_uarea(struct skr_evt *ev, unsigned long start, unsigned long end,
	       u32 max);
u8 *skr_reserve(struct skr_evt *ev, u32 max);
void skr_commit(struct skr_evt *ev, u32 n);

/* saker_fill.c */
void skr_filter_by_nr(void);
int skr_tracepoints_register(void);
void skr_tracepoints_unregister(void);

#endif /* SAKER_H */
