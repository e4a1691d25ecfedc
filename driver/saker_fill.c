// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint handlers and the per-syscall fillers.
 *
 * Every handler decides from the syscall number alone, through the type
 * filter, whether the event is wanted, and returns before touching any
 * argument when it is not. Parameters are written in the order and widths of
 * the event table rows (saker_events.h, generated from engine/event); the
 * writer in saker_ring.c checks the count and the numeric widths.
 *
 * Everything here runs in the context of a tracepoint: it may not sleep, so
 * user memory is read with the _nofault accessors and locks are only taken
 * with trylock or as spinlocks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/audit.h>
#include <linux/cgroup.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kdev_t.h>
#include <linux/magic.h>
#include <linux/ktime.h>
#include <linux/memfd.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/openat2.h>
#include <linux/pid_namespace.h>
#include <linux/prctl.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/socket.h>
#include <linux/tracepoint.h>
#include <linux/tty.h>
#include <linux/un.h>
#include <linux/uaccess.h>
#include <net/inet_sock.h>
#include <net/sock.h>
#include <asm/syscall.h>
#include <uapi/linux/module.h>
#include <uapi/linux/mount.h>

#include "compat.h"
#include "saker.h"

/* Caps on variable-size parameters, so one event stays well inside a ring. */
#define SKR_PATH_MAX PATH_MAX
#define SKR_ARGS_MAX 4096
#define SKR_CGROUPS_MAX 2048
#define SKR_SOCKADDR_MAX (1 + sizeof(((struct sockaddr_un *)0)->sun_path) + 1)

struct skr_ctx {
	unsigned long a[6];
	long nr;
	long ret;
};

static s64 skr_fd(unsigned long v)
{
	return (s64)(int)v;
}

/* ---- files, paths and processes ---------------------------------------- */

static void skr_path(struct skr_evt *ev, const struct path *path)
{
	u8 *p = skr_reserve(ev, SKR_PATH_MAX);
	char *res;
	u32 n;

	if (!p)
		return;
	res = d_path(path, p, SKR_PATH_MAX);
	if (IS_ERR(res)) {
		skr_commit(ev, 0);
		return;
	}
	n = (char *)p + SKR_PATH_MAX - res;
	memmove(p, res, n);
	skr_commit(ev, n);
}

static void skr_cwd(struct skr_evt *ev, struct task_struct *task)
{
	struct fs_struct *fs = task->fs;

	if (!fs) {
		skr_empty(ev);
		return;
	}
	spin_lock(&fs->lock);
	skr_path(ev, &fs->pwd);
	spin_unlock(&fs->lock);
}

static u32 skr_open_flags(unsigned long f)
{
	u32 r = 0;

	switch (f & O_ACCMODE) {
	case O_RDONLY:
		r |= SKR_O_RDONLY;
		break;
	case O_WRONLY:
		r |= SKR_O_WRONLY;
		break;
	case O_RDWR:
		r |= SKR_O_RDWR;
		break;
	}
	if (f & O_CREAT)
		r |= SKR_O_CREAT;
	if (f & O_APPEND)
		r |= SKR_O_APPEND;
	if (f & O_DSYNC)
		r |= SKR_O_DSYNC;
	if (f & O_EXCL)
		r |= SKR_O_EXCL;
	if (f & O_NONBLOCK)
		r |= SKR_O_NONBLOCK;
	if (f & __O_SYNC)
		r |= SKR_O_SYNC;
	if (f & O_TRUNC)
		r |= SKR_O_TRUNC;
	if (f & O_DIRECT)
		r |= SKR_O_DIRECT;
	if (f & O_DIRECTORY)
		r |= SKR_O_DIRECTORY;
	if (f & O_LARGEFILE)
		r |= SKR_O_LARGEFILE;
	if (f & O_CLOEXEC)
		r |= SKR_O_CLOEXEC;
	if (f & __O_TMPFILE)
		r |= SKR_O_TMPFILE;
	return r;
}

/* dev and ino of the file an fd refers to, both 0 if there is none. */
static void skr_fd_devino(struct skr_evt *ev, long fd)
{
	struct file *f = fd >= 0 ? fget_raw(fd) : NULL;
	u32 dev = 0;
	u64 ino = 0;

	if (f) {
		struct inode *inode = file_inode(f);

		dev = new_encode_dev(inode->i_sb->s_dev);
		ino = inode->i_ino;
		fput(f);
	}
	skr_num(ev, dev);
	skr_num(ev, ino);
}

#ifdef CONFIG_CGROUPS
static const struct {
	int id;
	const char *name;
} skr_subsys[] = {
#define SUBSYS(_x) { _x ## _cgrp_id, #_x },
#include <linux/cgroup_subsys.h>
#undef SUBSYS
};
#endif

/* "subsys=/path" strings, one per controller the kernel was built with. */
static void skr_cgroups(struct skr_evt *ev, struct task_struct *task)
{
	u8 *p = skr_reserve(ev, SKR_CGROUPS_MAX);
	u32 off = 0;
	int i;

	if (!p)
		return;
#ifdef CONFIG_CGROUPS
	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(skr_subsys); i++) {
		struct cgroup_subsys_state *css = task_css(task, skr_subsys[i].id);
		size_t nl = strlen(skr_subsys[i].name);
		int n;

		if (!css || off + nl + 2 >= SKR_CGROUPS_MAX)
			break;
		memcpy(p + off, skr_subsys[i].name, nl);
		p[off + nl] = '=';
		n = cgroup_path(css->cgroup, p + off + nl + 1,
				SKR_CGROUPS_MAX - off - nl - 1);
		if (n < 0 || n >= SKR_CGROUPS_MAX - off - nl - 1)
			break;
		off += nl + 1 + n + 1;
	}
	rcu_read_unlock();
#endif
	skr_commit(ev, off);
}

static u32 skr_kb(unsigned long pages)
{
	return pages << (PAGE_SHIFT - 10);
}

/*
 * exe, args, tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_size,
 * vm_rss, vm_swap, comm, cgroups: the part execve and clone exits share.
 * The argument area is read from the current process, which for a fork
 * child is its parent, whose memory the child has just copied.
 */
static void skr_proc_common(struct skr_evt *ev, struct task_struct *task)
{
	struct mm_struct *mm = current->mm;
	struct mm_struct *tmm = task->mm;
	unsigned long as = 0, ae = 0;
	u32 n;

	if (mm) {
		as = READ_ONCE(mm->arg_start);
		ae = READ_ONCE(mm->arg_end);
	}
	if (ae > as) {
		n = skr_ustr(ev, as, min_t(unsigned long, ae - as, SKR_PATH_MAX));
		skr_uarea(ev, as + n, ae, SKR_ARGS_MAX);
	} else {
		skr_empty(ev);
		skr_empty(ev);
	}
	skr_num(ev, task->pid);
	skr_num(ev, task->tgid);
	rcu_read_lock();
	skr_num(ev, rcu_dereference(task->real_parent)->pid);
	rcu_read_unlock();
	skr_cwd(ev, task);
	skr_num(ev, task_rlimit(task, RLIMIT_NOFILE));
	skr_num(ev, task->maj_flt);
	skr_num(ev, task->min_flt);
	if (tmm) {
		skr_num(ev, skr_kb(tmm->total_vm));
		skr_num(ev, skr_kb(get_mm_counter(tmm, MM_FILEPAGES) +
				   get_mm_counter(tmm, MM_ANONPAGES) +
				   get_mm_counter(tmm, MM_SHMEMPAGES)));
		skr_num(ev, skr_kb(get_mm_counter(tmm, MM_SWAPENTS)));
	} else {
		skr_num(ev, 0);
		skr_num(ev, 0);
		skr_num(ev, 0);
	}
	skr_kbuf(ev, task->comm, strnlen(task->comm, TASK_COMM_LEN - 1) + 1);
	skr_cgroups(ev, task);
}

static u32 skr_tty(void)
{
	struct tty_struct *tty;
	unsigned long flags;
	u32 dev = 0;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	tty = current->signal->tty;
	if (tty && tty->driver)
		dev = new_encode_dev(MKDEV(tty->driver->major,
					   tty->driver->minor_start) + tty->index);
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	return dev;
}

struct skr_exe {
	u64 ino, ctime, mtime;
	u32 flags;
};

static u32 skr_exe_flags(struct file *f);

/* mm->exe_file is stable while the mmap lock is held; never wait for it. */
static void skr_exe_info(struct skr_exe *x)
{
	struct mm_struct *mm = current->mm;
	struct file *f;

	memset(x, 0, sizeof(*x));
	if (!mm || !mmap_read_trylock(mm))
		return;
	f = mm->exe_file;
	if (f) {
		struct inode *inode = file_inode(f);

		x->ino = inode->i_ino;
		x->ctime = skr_inode_ctime_ns(inode);
		x->mtime = skr_inode_mtime_ns(inode);
		x->flags = skr_exe_flags(f);
	}
	mmap_read_unlock(mm);
}

/*
 * Whether the task's credentials could write the executable, or own it (and
 * so could make it writable). Only the mode bits and capabilities are
 * consulted: inode_permission() may sleep for ACLs, which a tracepoint may
 * not.
 */
static bool skr_exe_writable(struct inode *inode, const struct cred *cred)
{
	umode_t mode = inode->i_mode;
	bool mapped;

	if (sb_rdonly(inode->i_sb) || IS_IMMUTABLE(inode))
		return false;
	if (!uid_valid(inode->i_uid) || !gid_valid(inode->i_gid))
		return false;
	if (uid_eq(cred->fsuid, inode->i_uid))
		return true;
	mapped = kuid_has_mapping(cred->user_ns, inode->i_uid) &&
		 kgid_has_mapping(cred->user_ns, inode->i_gid);
	if (mapped && (cap_raised(cred->cap_effective, CAP_FOWNER) ||
		       cap_raised(cred->cap_effective, CAP_DAC_OVERRIDE)))
		return true;
	if (in_group_p(inode->i_gid))
		return mode & 0020;
	return mode & 0002;
}

static bool skr_exe_memfd(struct file *f)
{
	static const char prefix[] = "memfd:";
	bool memfd;

	rcu_read_lock();
	memfd = !strncmp(READ_ONCE(f->f_path.dentry->d_name.name), prefix,
			 sizeof(prefix) - 1);
	rcu_read_unlock();
	return memfd;
}

static u32 skr_exe_flags(struct file *f)
{
	struct inode *inode = file_inode(f);
	struct dentry *upper;
	u32 flags = 0;

	if (skr_exe_writable(inode, current_cred()))
		flags |= SKR_EXE_WRITABLE;
	if (skr_exe_memfd(f))
		flags |= SKR_EXE_FROM_MEMFD;
	if (inode->i_sb->s_magic == OVERLAYFS_SUPER_MAGIC) {
		upper = skr_ovl_upper_dentry(inode);
		flags |= (upper && upper->d_sb != inode->i_sb) ?
			 SKR_EXE_UPPER_LAYER : SKR_EXE_LOWER_LAYER;
	}
	return flags;
}

static void skr_exe_path(struct skr_evt *ev)
{
	struct mm_struct *mm = current->mm;

	if (!mm || !mmap_read_trylock(mm)) {
		skr_empty(ev);
		return;
	}
	if (mm->exe_file)
		skr_path(ev, &mm->exe_file->f_path);
	else
		skr_empty(ev);
	mmap_read_unlock(mm);
}

static void skr_execve_x_common(struct skr_evt *ev, struct skr_ctx *c)
{
	struct mm_struct *mm = current->mm;
	const struct cred *cred = current_cred();
	struct skr_exe exe;

	skr_num(ev, c->ret);
	skr_proc_common(ev, current);
	if (mm)
		skr_uarea(ev, READ_ONCE(mm->env_start), READ_ONCE(mm->env_end),
			  SKR_ARGS_MAX);
	else
		skr_empty(ev);
	skr_num(ev, skr_tty());
	rcu_read_lock();
	skr_num(ev, pid_vnr(task_pgrp(current)));
	rcu_read_unlock();
	skr_num(ev, from_kuid(&init_user_ns, audit_get_loginuid(current)));
	skr_exe_info(&exe);
	skr_num(ev, exe.flags);
	skr_num(ev, skr_cap_u64(cred->cap_inheritable));
	skr_num(ev, skr_cap_u64(cred->cap_permitted));
	skr_num(ev, skr_cap_u64(cred->cap_effective));
	skr_num(ev, exe.ino);
	skr_num(ev, exe.ctime);
	skr_num(ev, exe.mtime);
	skr_num(ev, from_kuid(&init_user_ns, cred->euid));
	skr_exe_path(ev);
	rcu_read_lock();
	skr_num(ev, pid_nr(task_pgrp(current)));
	rcu_read_unlock();
	skr_num(ev, from_kgid(&init_user_ns, cred->egid));
}

/* ---- clone family ------------------------------------------------------ */

static u64 skr_clone_raw_flags(struct skr_ctx *c)
{
	u64 f = 0;

	switch (c->nr) {
#ifdef __NR_clone3
	case __NR_clone3:
		if (copy_from_user_nofault(&f, (const void __user *)c->a[0],
					   sizeof(f)))
			f = 0;
		return f;
#endif
#ifdef __NR_vfork
	case __NR_vfork:
		return CLONE_VM | CLONE_VFORK;
#endif
#ifdef __NR_fork
	case __NR_fork:
		return 0;
#endif
	default:
		return c->a[0];
	}
}

/* The clone exit row, for the parent (res = child tid) or the child (0). */
static void skr_clone_x_task(struct skr_evt *ev, struct skr_ctx *c,
			     struct task_struct *task, long res)
{
	const struct cred *cred;
	struct pid_namespace *ns;
	struct task_struct *reaper;
	u32 flags = skr_clone_flags(skr_clone_raw_flags(c));
	u64 init_ts = 0;

	skr_num(ev, res);
	skr_proc_common(ev, task);
	rcu_read_lock();
	ns = task_active_pid_ns(task);
	if (ns && ns != &init_pid_ns)
		flags |= SKR_CL_CLONE_CHILD_IN_PIDNS;
	skr_num(ev, flags);
	cred = __task_cred(task);
	skr_num(ev, from_kuid(&init_user_ns, cred->euid));
	skr_num(ev, from_kgid(&init_user_ns, cred->egid));
	skr_num(ev, ns ? task_pid_nr_ns(task, ns) : 0);
	skr_num(ev, ns ? task_tgid_nr_ns(task, ns) : 0);
	reaper = ns ? READ_ONCE(ns->child_reaper) : NULL;
	if (reaper)
		init_ts = reaper->start_boottime +
			  (ktime_get_real_ns() - ktime_get_boottime_ns());
	rcu_read_unlock();
	skr_num(ev, init_ts);
}

static void skr_clone_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_clone_x_task(ev, c, current, c->ret);
}

/* ---- fillers, in table order -------------------------------------------- */

static void f_none(struct skr_evt *ev, struct skr_ctx *c)
{
}

static void f_open_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
	skr_num(ev, skr_open_flags(c->a[1]));
	skr_num(ev, c->a[2] & 07777);
}

static void f_open_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
	skr_num(ev, skr_open_flags(c->a[1]));
	skr_num(ev, c->a[2] & 07777);
	skr_fd_devino(ev, c->ret);
}

static void f_openat_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_num(ev, skr_open_flags(c->a[2]));
	skr_num(ev, c->a[3] & 07777);
}

static void f_openat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_openat_e(ev, c);
	skr_fd_devino(ev, c->ret);
}

static void skr_open_how(struct skr_ctx *c, struct open_how *how)
{
	memset(how, 0, sizeof(*how));
	if (c->a[3] >= sizeof(*how) &&
	    copy_from_user_nofault(how, (const void __user *)c->a[2],
				   sizeof(*how)))
		memset(how, 0, sizeof(*how));
}

static void f_openat2_e(struct skr_evt *ev, struct skr_ctx *c)
{
	struct open_how how;

	skr_open_how(c, &how);
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_num(ev, skr_open_flags(how.flags));
	skr_num(ev, how.mode & 07777);
	skr_num(ev, skr_openat2_resolve(how.resolve));
}

static void f_openat2_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_openat2_e(ev, c);
	skr_fd_devino(ev, c->ret);
}

static void f_creat_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
	skr_num(ev, c->a[1] & 07777);
}

static void f_creat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_creat_e(ev, c);
	skr_fd_devino(ev, c->ret);
	skr_num(ev, 0);	/* creat_flags: overlay layer not computed */
}

static void f_fd_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_fd(c->a[0]));
}

static void f_res_fd_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
}

static void f_rw_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_fd(c->a[0]));
	skr_num(ev, c->a[2]);
}

static void f_rw_x(struct skr_evt *ev, struct skr_ctx *c)
{
	u32 snap = READ_ONCE(skr.snaplen);

	skr_num(ev, c->ret);
	if (c->ret > 0)
		skr_ubuf(ev, c->a[1], min_t(unsigned long, c->ret, snap));
	else
		skr_empty(ev);
	skr_num(ev, skr_fd(c->a[0]));
	skr_num(ev, c->a[2]);
}

static void f_socket_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->a[0]);
	skr_num(ev, c->a[1]);
	skr_num(ev, c->a[2]);
}

static void f_socket_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_socket_e(ev, c);
}

/* A PT_SOCKADDR from a user sockaddr; 0 bytes if unreadable or unknown. */
static u32 skr_sockaddr(u8 *out, unsigned long uaddr, unsigned long ulen)
{
	struct sockaddr_storage ss;
	u32 n;

	if (!uaddr || ulen < sizeof(sa_family_t))
		return 0;
	ulen = min_t(unsigned long, ulen, sizeof(ss));
	memset(&ss, 0, sizeof(ss));
	if (copy_from_user_nofault(&ss, (const void __user *)uaddr, ulen))
		return 0;
	switch (ss.ss_family) {
	case AF_INET: {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		out[0] = AF_INET;
		memcpy(out + 1, &sin->sin_addr, 4);
		put_unaligned_le16(ntohs(sin->sin_port), out + 5);
		return 7;
	}
	case AF_INET6: {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		out[0] = AF_INET6;
		memcpy(out + 1, &sin6->sin6_addr, 16);
		put_unaligned_le16(ntohs(sin6->sin6_port), out + 17);
		return 19;
	}
	case AF_UNIX: {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		u32 max = ulen - offsetof(struct sockaddr_un, sun_path);

		n = strnlen(sun->sun_path, min_t(u32, max, sizeof(sun->sun_path)));
		out[0] = AF_UNIX;
		memcpy(out + 1, sun->sun_path, n);
		out[1 + n] = 0;
		return n + 2;
	}
	}
	return 0;
}

static void skr_put_sockaddr(struct skr_evt *ev, unsigned long uaddr,
			     unsigned long ulen)
{
	u8 buf[SKR_SOCKADDR_MAX];

	skr_kbuf(ev, buf, skr_sockaddr(buf, uaddr, ulen));
}

/*
 * The address (network order) and port of an AF_INET or AF_INET6 user
 * sockaddr of the given family; false if it is unreadable or another family.
 */
static bool skr_user_peer(unsigned long uaddr, unsigned long ulen,
			  sa_family_t family, void *addr, u16 *port)
{
	union {
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} sa;
	size_t n = family == AF_INET ? sizeof(sa.in) : sizeof(sa.in6);

	if (!uaddr || ulen < n ||
	    copy_from_user_nofault(&sa, (const void __user *)uaddr, n) ||
	    sa.in.sin_family != family)
		return false;
	if (family == AF_INET) {
		memcpy(addr, &sa.in.sin_addr, 4);
		*port = ntohs(sa.in.sin_port);
	} else {
		memcpy(addr, &sa.in6.sin6_addr, 16);
		*port = ntohs(sa.in6.sin6_port);
	}
	return true;
}

/*
 * A PT_SOCKTUPLE for the socket behind fd: local end first, or the peer
 * first for inbound traffic (accepted connections, received datagrams).
 * A socket with no peer of its own (an unconnected datagram socket) takes
 * the peer from the user sockaddr at uaddr, when there is one: the
 * destination of sendto, or the source recvfrom filled in.
 */
static void skr_put_tuple_ua(struct skr_evt *ev, long fd, bool peer_first,
			     unsigned long uaddr, unsigned long ulen)
{
	struct socket *sock;
	struct sock *sk;
	u8 buf[1 + 2 * (16 + 2)];
	u32 n = 0;
	int err;

	sock = fd >= 0 ? sockfd_lookup(fd, &err) : NULL;
	if (!sock || !sock->sk) {
		if (sock)
			sockfd_put(sock);
		skr_empty(ev);
		return;
	}
	sk = sock->sk;
	switch (sk->sk_family) {
	case AF_INET: {
		struct inet_sock *inet = inet_sk(sk);
		__be32 la = inet->inet_rcv_saddr, ra = inet->inet_daddr;
		u16 lp = ntohs(inet->inet_sport), rp = ntohs(inet->inet_dport);

		if (!rp)
			skr_user_peer(uaddr, ulen, AF_INET, &ra, &rp);
		buf[0] = AF_INET;
		memcpy(buf + 1, peer_first ? &ra : &la, 4);
		put_unaligned_le16(peer_first ? rp : lp, buf + 5);
		memcpy(buf + 7, peer_first ? &la : &ra, 4);
		put_unaligned_le16(peer_first ? lp : rp, buf + 11);
		n = 13;
		break;
	}
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6: {
		struct inet_sock *inet = inet_sk(sk);
		const struct in6_addr *la = &sk->sk_v6_rcv_saddr;
		struct in6_addr ra = sk->sk_v6_daddr;
		u16 lp = ntohs(inet->inet_sport), rp = ntohs(inet->inet_dport);

		if (!rp)
			skr_user_peer(uaddr, ulen, AF_INET6, &ra, &rp);
		buf[0] = AF_INET6;
		memcpy(buf + 1, peer_first ? &ra : la, 16);
		put_unaligned_le16(peer_first ? rp : lp, buf + 17);
		memcpy(buf + 19, peer_first ? la : &ra, 16);
		put_unaligned_le16(peer_first ? lp : rp, buf + 35);
		n = 37;
		break;
	}
#endif
	case AF_UNIX:
		/* Kernel addresses are not exposed: both ends are 0, no path. */
		memset(buf, 0, 18);
		buf[0] = AF_UNIX;
		n = 18;
		break;
	}
	sockfd_put(sock);
	skr_kbuf(ev, buf, n);
}

static void skr_put_tuple(struct skr_evt *ev, long fd, bool peer_first)
{
	skr_put_tuple_ua(ev, fd, peer_first, 0, 0);
}

static void f_bind_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_put_sockaddr(ev, c->a[1], c->a[2]);
	skr_num(ev, skr_fd(c->a[0]));
}

static void f_connect_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_fd(c->a[0]));
	skr_put_sockaddr(ev, c->a[1], c->a[2]);
}

static void f_connect_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_put_tuple(ev, skr_fd(c->a[0]), false);
	skr_num(ev, skr_fd(c->a[0]));
	skr_put_sockaddr(ev, c->a[1], c->a[2]);
}

static void skr_accept_common(struct skr_evt *ev, struct skr_ctx *c)
{
	struct socket *sock;
	u32 len = 0, max = 0;
	int err;

	skr_num(ev, c->ret);
	skr_put_tuple(ev, c->ret, true);
	sock = sockfd_lookup(skr_fd(c->a[0]), &err);
	if (sock) {
		if (sock->sk) {
			len = READ_ONCE(sock->sk->sk_ack_backlog);
			max = READ_ONCE(sock->sk->sk_max_ack_backlog);
		}
		sockfd_put(sock);
	}
	skr_num(ev, max ? len * 100 / max : 0);
	skr_num(ev, len);
	skr_num(ev, max);
}

static void f_accept4_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, (u32)c->a[3]);
}

static void f_accept4_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_accept_common(ev, c);
	skr_num(ev, (u32)c->a[3]);
}

static void f_listen_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_fd(c->a[0]));
	skr_num(ev, (s64)(int)c->a[1]);
}

static void f_listen_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_listen_e(ev, c);
}

static void f_sendto_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_fd(c->a[0]));
	skr_num(ev, (u32)c->a[2]);
	skr_put_tuple_ua(ev, skr_fd(c->a[0]), false, c->a[4], c->a[5]);
}

/* The data is what was sent, or on failure what was offered. */
static void f_sendto_x(struct skr_evt *ev, struct skr_ctx *c)
{
	unsigned long n = c->ret > 0 ? c->ret : c->a[2];

	skr_num(ev, c->ret);
	skr_ubuf(ev, c->a[1], min_t(unsigned long, n, READ_ONCE(skr.snaplen)));
	f_sendto_e(ev, c);
}

static void f_recvfrom_x(struct skr_evt *ev, struct skr_ctx *c)
{
	int alen = 0;

	skr_num(ev, c->ret);
	if (c->ret > 0) {
		skr_ubuf(ev, c->a[1],
			 min_t(unsigned long, c->ret, READ_ONCE(skr.snaplen)));
		/* The kernel wrote the source address's length back. */
		if (c->a[5] &&
		    copy_from_user_nofault(&alen, (const void __user *)c->a[5],
					   sizeof(alen)))
			alen = 0;
		skr_put_tuple_ua(ev, skr_fd(c->a[0]), true, c->a[4], max(alen, 0));
	} else {
		skr_empty(ev);
		skr_empty(ev);
	}
	skr_num(ev, skr_fd(c->a[0]));
	skr_num(ev, (u32)c->a[2]);
}

static void f_dup_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
}

static void f_dup2_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_dup_x(ev, c);
	skr_num(ev, skr_fd(c->a[1]));
}

static void f_dup3_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_dup2_x(ev, c);
	skr_num(ev, (c->a[2] & O_CLOEXEC) ? SKR_O_CLOEXEC : 0);
}

/* res, the two descriptors user memory now holds, and the pipe's inode. */
static void f_pipe_x(struct skr_evt *ev, struct skr_ctx *c)
{
	int fds[2];
	struct file *f;
	u64 ino = 0;

	if (copy_from_user_nofault(fds, (const void __user *)c->a[0],
				   sizeof(fds)))
		fds[0] = fds[1] = -1;
	skr_num(ev, c->ret);
	skr_num(ev, (s64)fds[0]);
	skr_num(ev, (s64)fds[1]);
	f = c->ret == 0 && fds[0] >= 0 ? fget_raw(fds[0]) : NULL;
	if (f) {
		ino = file_inode(f)->i_ino;
		fput(f);
	}
	skr_num(ev, ino);
}

static u32 skr_pipe2_flags(unsigned long v)
{
	int f = v;
	u32 r = 0;

	if (f < 0)
		return 0;
	if (f & O_CLOEXEC)
		r |= SKR_O_CLOEXEC;
	if (f & O_DIRECT)
		r |= SKR_O_DIRECT;
	if (f & O_NONBLOCK)
		r |= SKR_O_NONBLOCK;
	return r;
}

static void f_pipe2_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_pipe_x(ev, c);
	skr_num(ev, skr_pipe2_flags(c->a[1]));
}

/* res and one path: unlink, rmdir (and the start of chmod, chown, umount2) */
static void f_path1_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
}

static void f_unlinkat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_num(ev, skr_unlinkat_flags(c->a[2]));
}

static void f_mkdir_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->a[1] & 07777);
}

static void f_mkdir_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_path1_x(ev, c);
	skr_num(ev, c->a[1] & 07777);
}

static void f_mkdirat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_num(ev, c->a[2] & 07777);
}

/* res and two paths: rename, symlink and link */
static void f_rename_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
}

/* renameat, and the start of renameat2 and linkat */
static void f_renameat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_num(ev, skr_fd(c->a[2]));
	skr_ustr(ev, c->a[3], SKR_PATH_MAX);
}

static void f_renameat2_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_renameat_x(ev, c);
	skr_num(ev, skr_renameat2_flags(c->a[4]));
}

static void f_symlinkat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
	skr_num(ev, skr_fd(c->a[1]));
	skr_ustr(ev, c->a[2], SKR_PATH_MAX);
}

static void f_linkat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_renameat_x(ev, c);
	skr_num(ev, skr_linkat_flags(c->a[4]));
}

/* The ABI's mode bits are the octal permission bits, which the build checks. */
static u32 skr_chmod_mode(unsigned long m)
{
	BUILD_BUG_ON(SKR_S_IXOTH != 01 || SKR_S_IWOTH != 02 ||
		     SKR_S_IROTH != 04 || SKR_S_IXGRP != 010 ||
		     SKR_S_IWGRP != 020 || SKR_S_IRGRP != 040 ||
		     SKR_S_IXUSR != 0100 || SKR_S_IWUSR != 0200 ||
		     SKR_S_IRUSR != 0400 || SKR_S_ISVTX != 01000 ||
		     SKR_S_ISGID != 02000 || SKR_S_ISUID != 04000);
	return m & 07777;
}

static void f_chmod_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_path1_x(ev, c);
	skr_num(ev, skr_chmod_mode(c->a[1]));
}

static void f_fchmod_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
	skr_num(ev, skr_chmod_mode(c->a[1]));
}

static void f_fchmodat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_num(ev, skr_chmod_mode(c->a[2]));
}

/* chown and lchown */
static void f_chown_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_path1_x(ev, c);
	skr_num(ev, (u32)c->a[1]);
	skr_num(ev, (u32)c->a[2]);
}

static void f_fchown_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
	skr_num(ev, (u32)c->a[1]);
	skr_num(ev, (u32)c->a[2]);
}

/*
 * fchownat flags as Falco's drivers encode them, bit for bit so that
 * captures compare: the kernel's AT_SYMLINK_FOLLOW sets 0x400 (which the
 * event table's names call AT_SYMLINK_NOFOLLOW) and the kernel's
 * AT_SYMLINK_NOFOLLOW is not reported.
 */
static u32 skr_fchownat_flags(unsigned long f)
{
	u32 r = 0;

	if (f & AT_SYMLINK_FOLLOW)
		r |= SKR_FCHOWNAT_AT_SYMLINK_NOFOLLOW;
	if (f & AT_EMPTY_PATH)
		r |= SKR_FCHOWNAT_AT_EMPTY_PATH;
	return r;
}

static void f_fchownat_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_num(ev, (u32)c->a[2]);
	skr_num(ev, (u32)c->a[3]);
	skr_num(ev, skr_fchownat_flags(c->a[4]));
}

/*
 * Mount flags keep the kernel's bit values; only the magic number that
 * kernels before 2.4 wanted in the top half is dropped.
 */
static u32 skr_mount_flags(unsigned long v)
{
	u32 f = v;

	if ((f & MS_MGC_MSK) == MS_MGC_VAL)
		f &= ~MS_MGC_MSK;
	return f;
}

static void f_mount_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_mount_flags(c->a[3]));
}

static void f_mount_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_ustr(ev, c->a[2], SKR_PATH_MAX);
	f_mount_e(ev, c);
}

static u32 skr_umount_flags(unsigned long f)
{
	u32 r = 0;

	if (f & MNT_FORCE)
		r |= SKR_MNT_FORCE;
	if (f & MNT_DETACH)
		r |= SKR_MNT_DETACH;
	if (f & MNT_EXPIRE)
		r |= SKR_MNT_EXPIRE;
	if (f & UMOUNT_NOFOLLOW)
		r |= SKR_MNT_NOFOLLOW;
	return r;
}

static void f_umount2_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_umount_flags(c->a[1]));
}

static void f_umount2_x(struct skr_evt *ev, struct skr_ctx *c)
{
	f_path1_x(ev, c);
	f_umount2_e(ev, c);
}

static void f_setns_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_fd(c->a[0]));
	skr_num(ev, skr_clone_flags(c->a[1]));
}

static void f_setns_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_setns_e(ev, c);
}

static void f_ptrace_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_ptrace_request(c->a[0]));
	skr_num(ev, (s64)(int)c->a[1]);
}

/* PT_DYN with alternative 0: a u64 shown in hex. */
static void skr_dyn_u64(struct skr_evt *ev, u64 v)
{
	u8 buf[9];

	buf[0] = 0;
	put_unaligned_le64(v, buf + 1);
	skr_kbuf(ev, buf, sizeof(buf));
}

static void f_ptrace_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_dyn_u64(ev, c->a[2]);
	skr_dyn_u64(ev, c->a[3]);
	f_ptrace_e(ev, c);
}

static void f_init_module_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_ubuf(ev, c->a[0], min_t(unsigned long, c->a[1], READ_ONCE(skr.snaplen)));
	skr_num(ev, c->a[1]);
	skr_ustr(ev, c->a[2], SKR_ARGS_MAX);
}

static void f_finit_module_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_ARGS_MAX);
	skr_num(ev, skr_finit_module_flags(c->a[2]));
}

static void f_memfd_create_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
	skr_num(ev, skr_memfd_flags(c->a[1]));
}

static void f_id_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, (u32)c->a[0]);
}

static void f_id_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, (u32)c->a[0]);
}

/* setresuid and setresgid */
static void f_setres_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, (u32)c->a[0]);
	skr_num(ev, (u32)c->a[1]);
	skr_num(ev, (u32)c->a[2]);
}

static void f_setres_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_setres_e(ev, c);
}

static void f_kill_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, (s64)(int)c->a[0]);
	skr_num(ev, (u8)c->a[1]);
}

static void f_kill_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_kill_e(ev, c);
}

static void f_unshare_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_clone_flags(c->a[0]));
}

static void f_unshare_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	f_unshare_e(ev, c);
}

/* bpf commands are reported as the kernel numbers them, which is the ABI's. */
static void f_bpf_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, (s64)(int)c->a[0]);
}

static void f_bpf_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, c->ret);
	skr_num(ev, (u32)c->a[0]);
}

/*
 * prctl options keep the kernel's numbers. arg2 is a name for the name
 * options, the int it points to for PR_GET_CHILD_SUBREAPER, else the value.
 */
static void f_prctl_x(struct skr_evt *ev, struct skr_ctx *c)
{
	int opt = c->a[0];
	int v;

	skr_num(ev, c->ret);
	skr_num(ev, (u32)opt);
	switch (opt) {
	case PR_SET_NAME:
	case PR_GET_NAME:
		skr_ustr(ev, c->a[1], SKR_PATH_MAX);
		skr_num(ev, 0);
		break;
	case PR_GET_CHILD_SUBREAPER:
		if (copy_from_user_nofault(&v, (const void __user *)c->a[1],
					   sizeof(v)))
			v = 0;
		skr_empty(ev);
		skr_num(ev, (s64)v);
		break;
	default:
		skr_empty(ev);
		skr_num(ev, c->a[1]);
		break;
	}
}

static void f_execve_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_ustr(ev, c->a[0], SKR_PATH_MAX);
}

static void f_execve_x(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_execve_x_common(ev, c);
	/* After a successful exec the old memory, and the name, are gone. */
	if (c->ret < 0)
		skr_ustr(ev, c->a[0], SKR_PATH_MAX);
	else
		skr_empty(ev);
}

static u32 skr_execveat_flags(unsigned long f)
{
	return ((f & AT_EMPTY_PATH) ? SKR_EXECVEAT_AT_EMPTY_PATH : 0) |
	       ((f & AT_SYMLINK_NOFOLLOW) ? SKR_EXECVEAT_AT_SYMLINK_NOFOLLOW : 0);
}

static void f_execveat_e(struct skr_evt *ev, struct skr_ctx *c)
{
	skr_num(ev, skr_fd(c->a[0]));
	skr_ustr(ev, c->a[1], SKR_PATH_MAX);
	skr_num(ev, skr_execveat_flags(c->a[4]));
}

static void f_generic(struct skr_evt *ev, struct skr_ctx *c)
{
	u16 code = 0;

	if (c->nr >= 0 && c->nr < ARRAY_SIZE(skr_sc_code))
		code = skr_sc_code[c->nr];
	skr_num(ev, code);
	skr_num(ev, c->nr);
}

/* ---- dispatch ----------------------------------------------------------- */

struct skr_sc {
	u16 e, x;
	void (*fe)(struct skr_evt *ev, struct skr_ctx *c);
	void (*fx)(struct skr_evt *ev, struct skr_ctx *c);
};

#define SKR_SC(nr, name, fe, fx) \
	[nr] = { SKR_EV_##name##_E, SKR_EV_##name##_X, fe, fx }

static const struct skr_sc skr_sc_table[] = {
	SKR_SC(__NR_open, OPEN, f_open_e, f_open_x),
	SKR_SC(__NR_openat, OPENAT, f_openat_e, f_openat_x),
	SKR_SC(__NR_openat2, OPENAT2, f_openat2_e, f_openat2_x),
	SKR_SC(__NR_creat, CREAT, f_creat_e, f_creat_x),
	SKR_SC(__NR_close, CLOSE, f_fd_e, f_res_fd_x),
	SKR_SC(__NR_read, READ, f_rw_e, f_rw_x),
	SKR_SC(__NR_write, WRITE, f_rw_e, f_rw_x),
	SKR_SC(__NR_socket, SOCKET, f_socket_e, f_socket_x),
	SKR_SC(__NR_bind, BIND, f_fd_e, f_bind_x),
	SKR_SC(__NR_connect, CONNECT, f_connect_e, f_connect_x),
	SKR_SC(__NR_accept, ACCEPT, f_none, skr_accept_common),
	SKR_SC(__NR_accept4, ACCEPT4, f_accept4_e, f_accept4_x),
	SKR_SC(__NR_dup, DUP, f_fd_e, f_dup_x),
	SKR_SC(__NR_dup2, DUP2, f_fd_e, f_dup2_x),
	SKR_SC(__NR_dup3, DUP3, f_fd_e, f_dup3_x),
	SKR_SC(__NR_unlink, UNLINK, f_none, f_path1_x),
	SKR_SC(__NR_unlinkat, UNLINKAT, f_none, f_unlinkat_x),
	SKR_SC(__NR_mkdir, MKDIR, f_mkdir_e, f_mkdir_x),
	SKR_SC(__NR_mkdirat, MKDIRAT, f_none, f_mkdirat_x),
	SKR_SC(__NR_rename, RENAME, f_none, f_rename_x),
	SKR_SC(__NR_renameat, RENAMEAT, f_none, f_renameat_x),
	SKR_SC(__NR_renameat2, RENAMEAT2, f_none, f_renameat2_x),
	SKR_SC(__NR_symlink, SYMLINK, f_none, f_rename_x),
	SKR_SC(__NR_symlinkat, SYMLINKAT, f_none, f_symlinkat_x),
	SKR_SC(__NR_setns, SETNS, f_setns_e, f_setns_x),
	SKR_SC(__NR_ptrace, PTRACE, f_ptrace_e, f_ptrace_x),
	SKR_SC(__NR_init_module, INIT_MODULE, f_none, f_init_module_x),
	SKR_SC(__NR_finit_module, FINIT_MODULE, f_none, f_finit_module_x),
	SKR_SC(__NR_memfd_create, MEMFD_CREATE, f_none, f_memfd_create_x),
	SKR_SC(__NR_setuid, SETUID, f_id_e, f_id_x),
	SKR_SC(__NR_setgid, SETGID, f_id_e, f_id_x),
	SKR_SC(__NR_execve, EXECVE, f_execve_e, f_execve_x),
	SKR_SC(__NR_execveat, EXECVEAT, f_execveat_e, skr_execve_x_common),
	SKR_SC(__NR_clone, CLONE, f_none, skr_clone_x),
	SKR_SC(__NR_fork, FORK, f_none, skr_clone_x),
	SKR_SC(__NR_vfork, VFORK, f_none, skr_clone_x),
	SKR_SC(__NR_clone3, CLONE3, f_none, skr_clone_x),
	SKR_SC(__NR_listen, LISTEN, f_listen_e, f_listen_x),
	SKR_SC(__NR_sendto, SENDTO, f_sendto_e, f_sendto_x),
	SKR_SC(__NR_recvfrom, RECVFROM, f_rw_e, f_recvfrom_x),
	SKR_SC(__NR_pipe, PIPE, f_none, f_pipe_x),
	SKR_SC(__NR_pipe2, PIPE2, f_none, f_pipe2_x),
	SKR_SC(__NR_rmdir, RMDIR, f_none, f_path1_x),
	SKR_SC(__NR_link, LINK, f_none, f_rename_x),
	SKR_SC(__NR_linkat, LINKAT, f_none, f_linkat_x),
	SKR_SC(__NR_chmod, CHMOD, f_none, f_chmod_x),
	SKR_SC(__NR_fchmod, FCHMOD, f_none, f_fchmod_x),
	SKR_SC(__NR_fchmodat, FCHMODAT, f_none, f_fchmodat_x),
	SKR_SC(__NR_chown, CHOWN, f_none, f_chown_x),
	SKR_SC(__NR_lchown, LCHOWN, f_none, f_chown_x),
	SKR_SC(__NR_fchown, FCHOWN, f_none, f_fchown_x),
	SKR_SC(__NR_fchownat, FCHOWNAT, f_none, f_fchownat_x),
	SKR_SC(__NR_setresuid, SETRESUID, f_setres_e, f_setres_x),
	SKR_SC(__NR_setresgid, SETRESGID, f_setres_e, f_setres_x),
	SKR_SC(__NR_unshare, UNSHARE, f_unshare_e, f_unshare_x),
	SKR_SC(__NR_mount, MOUNT, f_mount_e, f_mount_x),
	SKR_SC(__NR_umount2, UMOUNT2, f_umount2_e, f_umount2_x),
	SKR_SC(__NR_bpf, BPF, f_bpf_e, f_bpf_x),
	SKR_SC(__NR_kill, KILL, f_kill_e, f_kill_x),
	SKR_SC(__NR_prctl, PRCTL, f_none, f_prctl_x),
};

/* NULL for syscalls reported as generic events. */
static const struct skr_sc *skr_sc_lookup(long nr)
{
	if (nr < 0 || nr >= ARRAY_SIZE(skr_sc_table) || !skr_sc_table[nr].fx)
		return NULL;
	return &skr_sc_table[nr];
}

static bool skr_is_clone(long nr)
{
	return nr == __NR_clone || nr == __NR_clone3 || nr == __NR_fork ||
	       nr == __NR_vfork;
}

/*
 * Recomputes skr.nr_enter and skr.nr_exit from the type filter, with
 * skr_lock held. Handlers racing with it see the old or the new bit.
 */
void skr_filter_by_nr(void)
{
	const struct skr_sc *sc;
	long nr;

	/* skr_refused takes every number past the bitmap as generic. */
	BUILD_BUG_ON(ARRAY_SIZE(skr_sc_table) > SKR_NR_BITS);
	for (nr = 0; nr < SKR_NR_BITS; nr++) {
		sc = skr_sc_lookup(nr);
		assign_bit(nr, skr.nr_enter,
			   skr_type_wanted(sc ? sc->e : SKR_EV_GENERIC_E));
		assign_bit(nr, skr.nr_exit,
			   skr_type_wanted(sc ? sc->x : SKR_EV_GENERIC_X));
	}
}

/*
 * Whether the filter refuses this half of syscall nr, counting it if so: one
 * bit test on the number. Numbers past the bitmap have no filler of their
 * own, so their type is the generic one.
 */
static bool skr_refused(const unsigned long *bits, long nr, u16 generic)
{
	bool want;

	if ((unsigned long)nr < SKR_NR_BITS)
		want = test_bit(nr, bits);
	else
		want = skr_type_wanted(generic);
	if (want)
		return false;
	preempt_disable();
	skr_count(SAKER_CTL_FILTERED);
	preempt_enable();
	return true;
}

/*
 * Writes one syscall event of a wanted type. Preemption stays disabled
 * until the event is complete, which makes this CPU's ring ours.
 */
static void skr_syscall_event(struct pt_regs *regs, long nr, long ret, u16 type,
			      void (*fill)(struct skr_evt *ev, struct skr_ctx *c))
{
	struct skr_evt ev;
	struct skr_ctx c;

	preempt_disable();
	if (current->tgid == READ_ONCE(skr.ignore_tgid))
		goto out;
	c.nr = nr;
	c.ret = ret;
	syscall_get_arguments(current, regs, c.a);
	if (!skr_evt_begin(&ev, type, current->pid))
		goto out;
	fill(&ev, &c);
	skr_evt_end(&ev);
out:
	preempt_enable();
}

/* Filter first: nothing else is looked at for an unwanted syscall. */
static void skr_sys_enter(void *data, struct pt_regs *regs, long id)
{
	const struct skr_sc *sc;

	if (!READ_ONCE(skr.enabled) ||
	    skr_refused(skr.nr_enter, id, SKR_EV_GENERIC_E) ||
	    in_compat_syscall())
		return;
	sc = skr_sc_lookup(id);
	if (sc)
		skr_syscall_event(regs, id, 0, sc->e, sc->fe);
	else
		skr_syscall_event(regs, id, 0, SKR_EV_GENERIC_E, f_generic);
}

static void skr_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	const struct skr_sc *sc;
	long nr;

	if (!READ_ONCE(skr.enabled))
		return;
	nr = syscall_get_nr(current, regs);
	if (skr_refused(skr.nr_exit, nr, SKR_EV_GENERIC_X) || in_compat_syscall())
		return;
	/* A fork child's exit event was written at fork time, see below. */
	if (ret == 0 && skr_is_clone(nr))
		return;
	sc = skr_sc_lookup(nr);
	if (sc)
		skr_syscall_event(regs, nr, ret, sc->x, sc->fx);
	else
		skr_syscall_event(regs, nr, ret, SKR_EV_GENERIC_X, f_generic);
}

/*
 * The child's clone exit is written here, by the parent, before the child
 * is first woken: its timestamp then precedes anything the child does on
 * any CPU, which a merge by timestamp relies on.
 */
static void skr_sched_fork(void *data, struct task_struct *parent,
			   struct task_struct *child)
{
	const struct skr_sc *sc;
	struct skr_evt ev;
	struct skr_ctx c;
	long nr;

	if (!READ_ONCE(skr.enabled) || (current->flags & PF_KTHREAD))
		return;
#ifdef PF_IO_WORKER
	if (child->flags & PF_IO_WORKER)
		return;
#endif
	nr = syscall_get_nr(current, task_pt_regs(current));
	if (!skr_is_clone(nr) || in_compat_syscall())
		return;
	sc = skr_sc_lookup(nr);
	preempt_disable();
	if (!skr_type_wanted(sc->x)) {
		skr_count(SAKER_CTL_FILTERED);
		goto out;
	}
	if (child->tgid == READ_ONCE(skr.ignore_tgid))
		goto out;
	c.nr = nr;
	c.ret = 0;
	syscall_get_arguments(current, task_pt_regs(current), c.a);
	if (!skr_evt_begin(&ev, sc->x, child->pid))
		goto out;
	skr_clone_x_task(&ev, &c, child, 0);
	skr_evt_end(&ev);
out:
	preempt_enable();
}

static void skr_sched_exit(void *data, struct task_struct *p)
{
	struct skr_evt ev;
	int code;

	if (!READ_ONCE(skr.enabled))
		return;
	preempt_disable();
	if (!skr_type_wanted(SKR_EV_PROCEXIT_E)) {
		skr_count(SAKER_CTL_FILTERED);
		goto out;
	}
	if (p->tgid == READ_ONCE(skr.ignore_tgid))
		goto out;
	if (!skr_evt_begin(&ev, SKR_EV_PROCEXIT_E, p->pid))
		goto out;
	code = READ_ONCE(p->exit_code);
	skr_num(&ev, code);
	skr_num(&ev, (code >> 8) & 0xff);
	skr_num(&ev, code & 0x7f);
	skr_num(&ev, (code & 0x80) ? 1 : 0);
	skr_num(&ev, 0);	/* reaper_tid: not computed yet */
	skr_evt_end(&ev);
out:
	preempt_enable();
}

/* ---- tracepoints -------------------------------------------------------- */

static struct {
	const char *name;
	void *probe;
	struct tracepoint *tp;
	bool registered;
} skr_tps[] = {
	{ "sys_enter", skr_sys_enter },
	{ "sys_exit", skr_sys_exit },
	{ "sched_process_fork", skr_sched_fork },
	{ "sched_process_exit", skr_sched_exit },
};

static void skr_find_tp(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(skr_tps); i++)
		if (!strcmp(tp->name, skr_tps[i].name))
			skr_tps[i].tp = tp;
}

int skr_tracepoints_register(void)
{
	int i, err;

	for_each_kernel_tracepoint(skr_find_tp, NULL);
	for (i = 0; i < ARRAY_SIZE(skr_tps); i++) {
		if (!skr_tps[i].tp) {
			pr_err("tracepoint %s not found\n", skr_tps[i].name);
			err = -ENOENT;
			goto fail;
		}
		err = tracepoint_probe_register(skr_tps[i].tp, skr_tps[i].probe,
						NULL);
		if (err) {
			pr_err("cannot attach to %s: %d\n", skr_tps[i].name, err);
			goto fail;
		}
		skr_tps[i].registered = true;
	}
	return 0;
fail:
	skr_tracepoints_unregister();
	return err;
}

void skr_tracepoints_unregister(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(skr_tps); i++) {
		if (skr_tps[i].registered)
			tracepoint_probe_unregister(skr_tps[i].tp,
						    skr_tps[i].probe, NULL);
		skr_tps[i].registered = false;
	}
	/* No handler is running or will run once this returns. */
	tracepoint_synchronize_unregister();
}
