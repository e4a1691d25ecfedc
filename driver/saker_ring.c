// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU rings and the in-place event writer.
 *
 * Single producer per ring: events are written from tracepoint handlers on
 * the ring's own CPU with preemption disabled. Single consumer: the process
 * that opened /dev/saker, which advances the tail after it is done with the
 * bytes. The head is published with a release store after the event is
 * complete, so the consumer never sees a partial event.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "saker.h"

static void skr_wake_fn(struct irq_work *work)
{
	wake_up_interruptible(&skr.wq);
}

static void skr_ring_free(struct skr_ring *r)
{
	unsigned long i, n = skr.data_size >> PAGE_SHIFT;

	if (!r)
		return;
	irq_work_sync(&r->wake);
	if (r->data)
		vunmap(r->data);
	if (r->pages) {
		for (i = 0; i < n; i++)
			if (r->pages[i])
				__free_page(r->pages[i]);
		kvfree(r->pages);
	}
	if (r->ctl_page)
		__free_page(r->ctl_page);
	kfree(r);
}

static struct skr_ring *skr_ring_alloc(int cpu)
{
	unsigned long i, n = skr.data_size >> PAGE_SHIFT;
	int node = cpu_to_node(cpu);
	struct skr_ring *r;

	r = kzalloc_node(sizeof(*r), GFP_KERNEL, node);
	if (!r)
		return NULL;
	init_irq_work(&r->wake, skr_wake_fn);
	r->ctl_page = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
	r->pages = kvcalloc(2 * n, sizeof(*r->pages), GFP_KERNEL);
	if (!r->ctl_page || !r->pages)
		goto fail;
	for (i = 0; i < n; i++) {
		r->pages[i] = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
		if (!r->pages[i])
			goto fail;
		r->pages[n + i] = r->pages[i];
	}
	r->data = vmap(r->pages, 2 * n, VM_MAP, PAGE_KERNEL);
	if (!r->data)
		goto fail;
	r->ctl = page_address(r->ctl_page);
	*(u32 *)((u8 *)r->ctl + SAKER_CTL_MAGIC) = SAKER_MAGIC;
	*(u32 *)((u8 *)r->ctl + SAKER_CTL_VERSION) = SAKER_ABI_VERSION;
	*skr_ctl64(r, SAKER_CTL_DATA_SIZE) = skr.data_size;
	return r;
fail:
	skr_ring_free(r);
	return NULL;
}

int skr_rings_alloc(void)
{
	int cpu;

	skr.rings = kcalloc(nr_cpu_ids, sizeof(*skr.rings), GFP_KERNEL);
	if (!skr.rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		skr.rings[cpu] = skr_ring_alloc(cpu);
		if (!skr.rings[cpu]) {
			skr_rings_free();
			return -ENOMEM;
		}
	}
	return 0;
}

/* Only once no tracepoint handler can run any more. */
void skr_rings_free(void)
{
	int cpu;

	if (!skr.rings)
		return;
	for_each_possible_cpu(cpu)
		skr_ring_free(skr.rings[cpu]);
	kfree(skr.rings);
	skr.rings = NULL;
}

/* Bump a counter of this CPU's ring. Preemption must be disabled. */
void skr_count(unsigned int off)
{
	struct skr_ring *r = skr.rings[smp_processor_id()];
	u64 *c = skr_ctl64(r, off);

	WRITE_ONCE(*c, *c + 1);
}

/*
 * Start an event of the given type at the head of this CPU's ring.
 * Preemption must be disabled until skr_evt_end().
 */
bool skr_evt_begin(struct skr_evt *ev, u16 type, u64 tid)
{
	struct skr_ring *r = skr.rings[smp_processor_id()];
	u64 tail, used;

	if (r->busy) {
		skr_count(SAKER_CTL_NESTING);
		return false;
	}
	r->busy = 1;
	/* The tail is the consumer's: trust it only as far as it is sane. */
	tail = smp_load_acquire(skr_ctl64(r, SAKER_CTL_TAIL));
	used = r->head - tail;
	ev->ring = r;
	ev->buf = r->data + (r->head & (skr.data_size - 1));
	ev->room = used > skr.data_size ? 0 : skr.data_size - used;
	ev->type = type;
	ev->nparams = skr_evinfo[type].nparams;
	ev->psize = skr_evinfo[type].psize;
	ev->idx = 0;
	ev->len = SKR_HDR_LEN + 2 * ev->nparams;
	ev->full = ev->len > ev->room;
	ev->bad = false;
	ev->ts = ktime_get_real_ns();
	ev->tid = tid;
	return true;
}

void skr_evt_end(struct skr_evt *ev)
{
	struct skr_ring *r = ev->ring;
	u64 tail, before, after;

	if (ev->idx != ev->nparams && !ev->full) {
		/* A filler that disagrees with the table is a driver bug. */
		WARN_ONCE(1, "saker: event %u got %u of %u parameters\n",
			  ev->type, ev->idx, ev->nparams);
		ev->bad = true;
	}
	if (ev->full || ev->bad) {
		skr_count(SAKER_CTL_DROP_FULL);
		r->busy = 0;
		return;
	}
	put_unaligned_le64(ev->ts, ev->buf);
	put_unaligned_le64(ev->tid, ev->buf + 8);
	put_unaligned_le32(ev->len, ev->buf + 16);
	put_unaligned_le16(ev->type, ev->buf + 20);
	put_unaligned_le32(ev->nparams, ev->buf + 22);

	tail = READ_ONCE(*skr_ctl64(r, SAKER_CTL_TAIL));
	before = r->head - tail;
	r->head += ev->len;
	after = before + ev->len;
	/* Publish the event bytes before the head that covers them. */
	smp_store_release(skr_ctl64(r, SAKER_CTL_HEAD), r->head);
	skr_count(SAKER_CTL_EVENTS);
	if (before < skr.wake_bytes && after >= skr.wake_bytes)
		irq_work_queue(&r->wake);
	r->busy = 0;
}

/*
 * Reserve up to max bytes for the next parameter. NULL means the event is
 * full or malformed; the caller then skips the parameter.
 */
u8 *skr_reserve(struct skr_evt *ev, u32 max)
{
	if (ev->full || ev->bad)
		return NULL;
	if (ev->idx >= ev->nparams) {
		WARN_ONCE(1, "saker: event %u: too many parameters\n", ev->type);
		ev->bad = true;
		return NULL;
	}
	if (max > U16_MAX || ev->room - ev->len < max) {
		ev->full = true;
		return NULL;
	}
	return ev->buf + ev->len;
}

void skr_commit(struct skr_evt *ev, u32 n)
{
	if (ev->full || ev->bad)
		return;
	put_unaligned_le16(n, ev->buf + SKR_HDR_LEN + 2 * ev->idx);
	ev->len += n;
	ev->idx++;
}

/* A fixed-size parameter, in the width the event table gives it. */
void skr_num(struct skr_evt *ev, u64 v)
{
	u32 size;
	u8 *p;

	if (ev->full || ev->bad || ev->idx >= ev->nparams) {
		skr_reserve(ev, 0);	/* flags the overflow, if any */
		return;
	}
	size = ev->psize[ev->idx];
	if (size == 0) {
		WARN_ONCE(1, "saker: event %u parameter %u is not a number\n",
			  ev->type, ev->idx);
		ev->bad = true;
		return;
	}
	p = skr_reserve(ev, size);
	if (!p)
		return;
	switch (size) {
	case 1:
		*p = v;
		break;
	case 2:
		put_unaligned_le16(v, p);
		break;
	case 4:
		put_unaligned_le32(v, p);
		break;
	default:
		put_unaligned_le64(v, p);
		break;
	}
	skr_commit(ev, size);
}

void skr_empty(struct skr_evt *ev)
{
	if (skr_reserve(ev, 0))
		skr_commit(ev, 0);
}

void skr_kbuf(struct skr_evt *ev, const void *src, u32 n)
{
	u8 *p = skr_reserve(ev, n);

	if (!p)
		return;
	memcpy(p, src, n);
	skr_commit(ev, n);
}

void skr_kstr(struct skr_evt *ev, const char *s)
{
	skr_kbuf(ev, s, strnlen(s, PATH_MAX - 1) + 1);
}

/*
 * Copy user memory without faulting pages in (we may not sleep), one page
 * at a time so that a string ending just before an unmapped page is still
 * read. Returns the bytes copied before the first fault.
 */
static u32 skr_copy_user(u8 *dst, unsigned long src, u32 n, bool str)
{
	u32 off = 0, chunk;

	while (off < n) {
		chunk = min_t(u32, n - off, PAGE_SIZE - ((src + off) & ~PAGE_MASK));
		if (copy_from_user_nofault(dst + off, (const void __user *)(src + off),
					   chunk))
			break;
		if (str) {
			u8 *nul = memchr(dst + off, 0, chunk);

			if (nul)
				return nul - dst + 1;
		}
		off += chunk;
	}
	return off;
}

/*
 * A NUL-terminated user string of at most max bytes, NUL included. Returns
 * the parameter's length (0 when nothing was readable).
 */
u32 skr_ustr(struct skr_evt *ev, unsigned long uptr, u32 max)
{
	u8 *p;
	u32 n;

	if (!uptr) {
		skr_empty(ev);
		return 0;
	}
	p = skr_reserve(ev, max);
	if (!p)
		return 0;
	n = skr_copy_user(p, uptr, max, true);
	if (n > 0 && p[n - 1] != 0) {
		/* Truncated by max or by a fault: terminate what we have. */
		if (n == max)
			n--;
		p[n++] = 0;
	}
	skr_commit(ev, n);
	return n;
}

/* n bytes of user memory; empty if the first page is not readable. */
void skr_ubuf(struct skr_evt *ev, unsigned long uptr, u32 n)
{
	u8 *p;

	if (!uptr || !n) {
		skr_empty(ev);
		return;
	}
	p = skr_reserve(ev, n);
	if (!p)
		return;
	skr_commit(ev, skr_copy_user(p, uptr, n, false));
}

/* A range of the current process's memory, such as its argument area. */
void skr_uarea(struct skr_evt *ev, unsigned long start, unsigned long end,
	       u32 max)
{
	if (end <= start) {
		skr_empty(ev);
		return;
	}
	skr_ubuf(ev, start, min_t(unsigned long, end - start, max));
}
