// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/saker character device: open/release set capture
 * up and tear it down, mmap exposes the per-CPU rings, poll waits for data,
 * ioctl controls the capture.
 *
 * Only one process may hold the device open: it is the rings' single
 * consumer. Opening needs CAP_SYS_ADMIN whatever the node's mode. While the
 * device is open the module cannot be unloaded (fops.owner).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "saker.h"

static unsigned int ring_bytes = 8 << 20;
module_param(ring_bytes, uint, 0444);
MODULE_PARM_DESC(ring_bytes,
		 "Bytes of event data per CPU ring (power of two, 64 KiB to 1 GiB, default 8 MiB)");

#define SKR_RING_MIN (64U << 10)
#define SKR_RING_MAX (1U << 30)
#define SKR_SNAPLEN_DEFAULT 80
#define SKR_WAKE_DEFAULT (64U << 10)

struct skr_state skr;

/* Serializes open, release and every ioctl that changes settings. */
static DEFINE_MUTEX(skr_lock);
static bool skr_open_busy;

struct saker_info {
	u32 abi;
	u32 ncpus;
	u64 data_size;
	u64 region_size;
	u32 page_size;
	u32 pad;
};

struct saker_stats {
	u64 events;
	u64 drop_full;
	u64 filtered;
	u64 nesting;
};

static u64 skr_region_size(void)
{
	return PAGE_SIZE + 2 * skr.data_size;
}

static int skr_open(struct inode *inode, struct file *file)
{
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	mutex_lock(&skr_lock);
	if (skr_open_busy) {
		err = -EBUSY;
		goto out;
	}
	skr.enabled = false;
	memset(skr.filter, 0xff, sizeof(skr.filter));
	skr_filter_by_nr();
	skr.snaplen = SKR_SNAPLEN_DEFAULT;
	skr.wake_bytes = min_t(u64, SKR_WAKE_DEFAULT, skr.data_size / 2);
	skr.ignore_tgid = -1;
	err = skr_rings_alloc();
	if (err)
		goto out;
	err = skr_tracepoints_register();
	if (err) {
		skr_rings_free();
		goto out;
	}
	skr_open_busy = true;
out:
	mutex_unlock(&skr_lock);
	return err;
}

static int skr_release(struct inode *inode, struct file *file)
{
	mutex_lock(&skr_lock);
	WRITE_ONCE(skr.enabled, false);
	/* Waits for handlers still running before the rings go away. */
	skr_tracepoints_unregister();
	skr_rings_free();
	skr_open_busy = false;
	mutex_unlock(&skr_lock);
	return 0;
}

static int skr_mmap(struct file *file, struct vm_area_struct *vma)
{
	u64 region = skr_region_size();
	unsigned long pages = region >> PAGE_SHIFT;
	unsigned long n = skr.data_size >> PAGE_SHIFT;
	unsigned long addr = vma->vm_start, i, cpu;
	struct skr_ring *r;
	int err;

	if (vma->vm_end - vma->vm_start != region)
		return -EINVAL;
	if (vma->vm_pgoff % pages)
		return -EINVAL;
	cpu = vma->vm_pgoff / pages;
	if (cpu >= nr_cpu_ids || !skr.rings[cpu])
		return -ENXIO;
	if (vma->vm_flags & VM_EXEC)
		return -EPERM;
	r = skr.rings[cpu];
	skr_vma_set_flags(vma, VM_DONTEXPAND | VM_DONTDUMP);

	err = vm_insert_page(vma, addr, r->ctl_page);
	for (i = 0; !err && i < 2 * n; i++) {
		addr += PAGE_SIZE;
		err = vm_insert_page(vma, addr, r->pages[i]);
	}
	return err;
}

static __poll_t skr_poll(struct file *file, poll_table *wait)
{
	int cpu;

	poll_wait(file, &skr.wq, wait);
	for_each_possible_cpu(cpu) {
		struct skr_ring *r = skr.rings[cpu];
		/* Pairs with the release in skr_evt_end(). */
		u64 head = smp_load_acquire(skr_ctl64(r, SAKER_CTL_HEAD));
		u64 tail = READ_ONCE(*skr_ctl64(r, SAKER_CTL_TAIL));

		if (head - tail >= READ_ONCE(skr.wake_bytes))
			return EPOLLIN | EPOLLRDNORM;
	}
	return 0;
}

static long skr_get_stats(void __user *arg)
{
	struct saker_stats st = {};
	int cpu;

	for_each_possible_cpu(cpu) {
		struct skr_ring *r = skr.rings[cpu];

		st.events += READ_ONCE(*skr_ctl64(r, SAKER_CTL_EVENTS));
		st.drop_full += READ_ONCE(*skr_ctl64(r, SAKER_CTL_DROP_FULL));
		st.filtered += READ_ONCE(*skr_ctl64(r, SAKER_CTL_FILTERED));
		st.nesting += READ_ONCE(*skr_ctl64(r, SAKER_CTL_NESTING));
	}
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long skr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	u64 filter[SAKER_FILTER_WORDS];
	struct saker_info info;
	long err = 0;
	u32 v;
	s32 pid;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	mutex_lock(&skr_lock);
	switch (cmd) {
	case SAKER_IOC_INFO:
		memset(&info, 0, sizeof(info));
		info.abi = SAKER_ABI_VERSION;
		info.ncpus = nr_cpu_ids;
		info.data_size = skr.data_size;
		info.region_size = skr_region_size();
		info.page_size = PAGE_SIZE;
		if (copy_to_user(uarg, &info, sizeof(info)))
			err = -EFAULT;
		break;
	case SAKER_IOC_ENABLE:
		WRITE_ONCE(skr.enabled, true);
		break;
	case SAKER_IOC_DISABLE:
		WRITE_ONCE(skr.enabled, false);
		break;
	case SAKER_IOC_SET_FILTER:
		if (copy_from_user(filter, uarg, sizeof(filter))) {
			err = -EFAULT;
			break;
		}
		for (v = 0; v < SAKER_FILTER_WORDS; v++)
			WRITE_ONCE(skr.filter[v], filter[v]);
		skr_filter_by_nr();
		break;
	case SAKER_IOC_SET_SNAPLEN:
		if (get_user(v, (u32 __user *)uarg)) {
			err = -EFAULT;
			break;
		}
		if (v > SAKER_MAX_SNAPLEN) {
			err = -EINVAL;
			break;
		}
		WRITE_ONCE(skr.snaplen, v);
		break;
	case SAKER_IOC_IGNORE_TGID:
		if (get_user(pid, (s32 __user *)uarg)) {
			err = -EFAULT;
			break;
		}
		if (pid < -1) {
			err = -EINVAL;
			break;
		}
		WRITE_ONCE(skr.ignore_tgid, pid);
		break;
	case SAKER_IOC_SET_WAKEUP:
		if (get_user(v, (u32 __user *)uarg)) {
			err = -EFAULT;
			break;
		}
		if (v == 0 || v > skr.data_size) {
			err = -EINVAL;
			break;
		}
		WRITE_ONCE(skr.wake_bytes, v);
		break;
	case SAKER_IOC_STATS:
		err = skr_get_stats(uarg);
		break;
	default:
		err = -ENOTTY;
		break;
	}
	mutex_unlock(&skr_lock);
	return err;
}

static const struct file_operations skr_fops = {
	.owner = THIS_MODULE,
	.open = skr_open,
	.release = skr_release,
	.mmap = skr_mmap,
	.poll = skr_poll,
	.unlocked_ioctl = skr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice skr_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "saker",
	.fops = &skr_fops,
	.mode = 0600,
};

static int __init skr_init(void)
{
	BUILD_BUG_ON(sizeof(struct saker_info) != SAKER_INFO_SIZE);
	BUILD_BUG_ON(sizeof(struct saker_stats) != SAKER_STATS_SIZE);
	BUILD_BUG_ON(sizeof(skr.filter) * 8 < SKR_NUM_TYPES);
	BUILD_BUG_ON(SAKER_CTL_SIZE > PAGE_SIZE);

	if (!is_power_of_2(ring_bytes) || ring_bytes < SKR_RING_MIN ||
	    ring_bytes > SKR_RING_MAX || ring_bytes < PAGE_SIZE) {
		pr_err("ring_bytes=%u: want a power of two from %u to %u\n",
		       ring_bytes, SKR_RING_MIN, SKR_RING_MAX);
		return -EINVAL;
	}
	skr.data_size = ring_bytes;
	init_waitqueue_head(&skr.wq);
	return misc_register(&skr_misc);
}

static void __exit skr_exit(void)
{
	misc_deregister(&skr_misc);
}

module_init(skr_init);
module_exit(skr_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The saker authors");
MODULE_DESCRIPTION("saker syscall capture into per-CPU mmap rings");
MODULE_VERSION("0.1");
