/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel API difference saker.ko copes with, in one place.
 *
 * The SKR_HAVE_* macros come from the compile probes in probes/ (see Kbuild):
 * each probe is a tiny file built against the target kernel's headers, so the
 * driver follows what the kernel offers rather than version numbers that
 * distributions backport around.
 */
#ifndef SAKER_COMPAT_H
#define SAKER_COMPAT_H

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/time64.h>

/* 6.12 moved the unaligned accessors out of asm/. */
#ifdef SKR_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

static inline void skr_vma_set_flags(struct vm_area_struct *vma,
				     unsigned long flags)
{
#ifdef SKR_HAVE_VM_FLAGS_SET
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

static inline u64 skr_cap_u64(kernel_cap_t c)
{
#ifdef SKR_HAVE_CAP_VAL
	return c.val;
#else
	return (u64)c.cap[0] | ((u64)c.cap[1] << 32);
#endif
}

static inline u64 skr_inode_ctime_ns(struct inode *inode)
{
#ifdef SKR_HAVE_INODE_GET_CTIME
	struct timespec64 ts = inode_get_ctime(inode);
#else
	struct timespec64 ts = inode->i_ctime;
#endif
	return timespec64_to_ns(&ts);
}

static inline u64 skr_inode_mtime_ns(struct inode *inode)
{
#ifdef SKR_HAVE_INODE_GET_MTIME
	struct timespec64 ts = inode_get_mtime(inode);
#else
	struct timespec64 ts = inode->i_mtime;
#endif
	return timespec64_to_ns(&ts);
}

/*
 * The upper-layer dentry of an overlayfs inode, NULL when the file lives only
 * in a lower layer. overlayfs keeps it in its private inode, right after the
 * embedded VFS inode; that placement holds on every kernel saker.ko supports
 * (5.10 through 6.12) and no exported helper reports it without sleeping.
 * The caller checks the super block's magic first.
 */
static inline struct dentry *skr_ovl_upper_dentry(struct inode *inode)
{
	return READ_ONCE(*(struct dentry **)(inode + 1));
}

#endif /* SAKER_COMPAT_H */
