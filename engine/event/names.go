package event

// Flag and enum name tables referenced by the event table (the driver's
// flags_table.c and dynamic_params_table.c, in the same order). Order
// matters: rendering walks a table front to back, so for instance O_RDWR must
// come before O_WRONLY and O_RDONLY. The values are the driver's PPM_*
// encodings, not the kernel's: drivers translate flags before emitting them.

// SocketFamilies names the values of socket_families parameters.
var SocketFamilies = []NameValue{
	{"AF_NFC", 0x27},
	{"AF_ALG", 0x26},
	{"AF_CAIF", 0x25},
	{"AF_IEEE802154", 0x24},
	{"AF_PHONET", 0x23},
	{"AF_ISDN", 0x22},
	{"AF_RXRPC", 0x21},
	{"AF_IUCV", 0x20},
	{"AF_BLUETOOTH", 0x1f},
	{"AF_TIPC", 0x1e},
	{"AF_CAN", 0x1d},
	{"AF_LLC", 0x1a},
	{"AF_WANPIPE", 0x19},
	{"AF_PPPOX", 0x18},
	{"AF_IRDA", 0x17},
	{"AF_SNA", 0x16},
	{"AF_RDS", 0x15},
	{"AF_ATMSVC", 0x14},
	{"AF_ECONET", 0x13},
	{"AF_ASH", 0x12},
	{"AF_PACKET", 0x11},
	{"AF_ROUTE", 0x10},
	{"AF_NETLINK", 0x10},
	{"AF_KEY", 15},
	{"AF_SECURITY", 14},
	{"AF_NETBEUI", 13},
	{"AF_DECnet", 12},
	{"AF_ROSE", 11},
	{"AF_INET6", 10},
	{"AF_X25", 9},
	{"AF_ATMPVC", 8},
	{"AF_BRIDGE", 7},
	{"AF_NETROM", 6},
	{"AF_APPLETALK", 5},
	{"AF_IPX", 4},
	{"AF_AX25", 3},
	{"AF_INET", 2},
	{"AF_LOCAL", 1},
	{"AF_UNIX", 1},
	{"AF_UNSPEC", 0},
}

// FileFlags names the values of file_flags parameters.
var FileFlags = []NameValue{
	{"O_LARGEFILE", 0x800},
	{"O_DIRECTORY", 0x400},
	{"O_DIRECT", 0x200},
	{"O_TRUNC", 0x100},
	{"O_SYNC", 0x80},
	{"O_NONBLOCK", 0x40},
	{"O_EXCL", 0x20},
	{"O_DSYNC", 0x10},
	{"O_APPEND", 8},
	{"O_CREAT", 4},
	{"O_RDWR", 3},
	{"O_WRONLY", 2},
	{"O_RDONLY", 1},
	{"O_CLOEXEC", 0x1000},
	{"O_NONE", 0},
	{"O_TMPFILE", 0x2000},
	{"O_F_CREATED", 0x4000},
	{"FD_UPPER_LAYER", 0x8000},
	{"FD_LOWER_LAYER", 0x10000},
}

// CreatFlags names the values of creat_flags parameters.
var CreatFlags = []NameValue{
	{"FD_UPPER_LAYER_CREAT", 1},
	{"FD_LOWER_LAYER_CREAT", 2},
}

// FlockFlags names the values of flock_flags parameters.
var FlockFlags = []NameValue{
	{"LOCK_SH", 1},
	{"LOCK_EX", 2},
	{"LOCK_NB", 4},
	{"LOCK_UN", 8},
	{"LOCK_NONE", 0},
}

// CloneFlags names the values of clone_flags parameters.
var CloneFlags = []NameValue{
	{"CLONE_FILES", 1},
	{"CLONE_FS", 2},
	{"CLONE_IO", 4},
	{"CLONE_NEWIPC", 8},
	{"CLONE_NEWNET", 0x10},
	{"CLONE_NEWNS", 0x20},
	{"CLONE_NEWPID", 0x40},
	{"CLONE_NEWUTS", 0x80},
	{"CLONE_PARENT", 0x100},
	{"CLONE_PARENT_SETTID", 0x200},
	{"CLONE_PTRACE", 0x400},
	{"CLONE_SIGHAND", 0x800},
	{"CLONE_SYSVSEM", 0x1000},
	{"CLONE_THREAD", 0x2000},
	{"CLONE_UNTRACED", 0x4000},
	{"CLONE_VM", 0x8000},
	{"CLONE_INVERTED", 0x10000},
	{"NAME_CHANGED", 0x20000},
	{"CLOSED", 0x40000},
	{"CLONE_NEWUSER", 0x100000},
	{"CLONE_CHILD_CLEARTID", 0x800000},
	{"CLONE_CHILD_SETTID", 0x1000000},
	{"CLONE_SETTLS", 0x2000000},
	{"CLONE_STOPPED", 0x4000000},
	{"CLONE_VFORK", 0x8000000},
	{"CLONE_NEWCGROUP", 0x10000000},
	{"CLONE_CHILD_IN_PIDNS", 0x20000000},
}

// FutexOperations names the values of futex_operations parameters.
var FutexOperations = []NameValue{
	{"FUTEX_CLOCK_REALTIME", 0x100},
	{"FUTEX_PRIVATE_FLAG", 0x80},
	{"FUTEX_CMP_REQUEUE_PI", 12},
	{"FUTEX_WAIT_REQUEUE_PI", 11},
	{"FUTEX_WAKE_BITSET", 10},
	{"FUTEX_WAIT_BITSET", 9},
	{"FUTEX_TRYLOCK_PI", 8},
	{"FUTEX_UNLOCK_PI", 7},
	{"FUTEX_LOCK_PI", 6},
	{"FUTEX_WAKE_OP", 5},
	{"FUTEX_CMP_REQUEUE", 4},
	{"FUTEX_REQUEUE", 3},
	{"FUTEX_FD", 2},
	{"FUTEX_WAKE", 1},
	{"FUTEX_WAIT", 0},
}

// PollFlags names the per-fd flags inside PT_FDLIST parameters (poll, ppoll);
// no parameter references it directly.
var PollFlags = []NameValue{
	{"POLLIN", 1},
	{"POLLPRI", 2},
	{"POLLOUT", 4},
	{"POLLRDHUP", 8},
	{"POLLERR", 0x10},
	{"POLLHUP", 0x20},
	{"POLLNVAL", 0x40},
	{"POLLRDNORM", 0x80},
	{"POLLRDBAND", 0x100},
	{"POLLWRNORM", 0x200},
	{"POLLWRBAND", 0x400},
}

// MountFlags names the values of mount_flags parameters.
var MountFlags = []NameValue{
	{"RDONLY", 1},
	{"NOSUID", 2},
	{"NODEV", 4},
	{"NOEXEC", 8},
	{"SYNCHRONOUS", 0x10},
	{"REMOUNT", 0x20},
	{"MANDLOCK", 0x40},
	{"DIRSYNC", 0x80},
	{"NOATIME", 0x400},
	{"NODIRATIME", 0x800},
	{"BIND", 0x1000},
	{"MOVE", 0x2000},
	{"REC", 0x4000},
	{"SILENT", 0x8000},
	{"POSIXACL", 0x10000},
	{"UNBINDABLE", 0x20000},
	{"PRIVATE", 0x40000},
	{"SLAVE", 0x80000},
	{"SHARED", 0x100000},
	{"RELATIME", 0x200000},
	{"KERNMOUNT", 0x400000},
	{"I_VERSION", 0x800000},
	{"STRICTATIME", 0x1000000},
	{"LAZYTIME", 0x2000000},
	{"NOSEC", 0x10000000},
	{"BORN", 0x20000000},
	{"ACTIVE", 0x40000000},
	{"NOUSER", 0x80000000},
}

// UmountFlags names the values of umount_flags parameters.
var UmountFlags = []NameValue{
	{"FORCE", 1},
	{"DETACH", 2},
	{"EXPIRE", 4},
	{"NOFOLLOW", 8},
}

// LseekWhence names the values of lseek_whence parameters.
var LseekWhence = []NameValue{
	{"SEEK_END", 2},
	{"SEEK_CUR", 1},
	{"SEEK_SET", 0},
}

// ShutdownHow names the values of shutdown_how parameters.
var ShutdownHow = []NameValue{
	{"SHUT_UNKNOWN", 0xffff},
	{"SHUT_RDWR", 2},
	{"SHUT_WR", 1},
	{"SHUT_RD", 0},
}

// RlimitResources names the values of rlimit_resources parameters.
var RlimitResources = []NameValue{
	{"RLIMIT_UNKNOWN", 0xff},
	{"RLIMIT_RTTIME", 15},
	{"RLIMIT_RTPRIO", 14},
	{"RLIMIT_NICE", 13},
	{"RLIMIT_MSGQUEUE", 12},
	{"RLIMIT_SIGPENDING", 11},
	{"RLIMIT_LOCKS", 10},
	{"RLIMIT_AS", 9},
	{"RLIMIT_MEMLOCK", 8},
	{"RLIMIT_NOFILE", 7},
	{"RLIMIT_NPROC", 6},
	{"RLIMIT_RSS", 5},
	{"RLIMIT_CORE", 4},
	{"RLIMIT_STACK", 3},
	{"RLIMIT_DATA", 2},
	{"RLIMIT_FSIZE", 1},
	{"RLIMIT_CPU", 0},
}

// FcntlCommands names the values of fcntl_commands parameters.
var FcntlCommands = []NameValue{
	{"F_GETPIPE_SZ", 0x1d},
	{"F_SETPIPE_SZ", 0x1c},
	{"F_NOTIFY", 0x1b},
	{"F_DUPFD_CLOEXEC", 0x1a},
	{"F_CANCELLK", 0x19},
	{"F_GETLEASE", 0x18},
	{"F_SETLEASE", 0x17},
	{"F_GETOWN_EX", 0x16},
	{"F_SETOWN_EX", 0x15},
	{"F_SETLKW64", 0x13},
	{"F_SETLK64", 0x12},
	{"F_GETLK64", 0x11},
	{"F_GETSIG", 15},
	{"F_SETSIG", 13},
	{"F_GETOWN", 12},
	{"F_SETOWN", 10},
	{"F_SETLKW", 9},
	{"F_SETLK", 8},
	{"F_GETLK", 6},
	{"F_SETFL", 5},
	{"F_GETFL", 4},
	{"F_SETFD", 3},
	{"F_GETFD", 2},
	{"F_DUPFD", 1},
	{"F_OFD_GETLK", 0x1e},
	{"F_OFD_SETLK", 0x1f},
	{"F_OFD_SETLKW", 0x20},
	{"UNKNOWN", 0},
}

// SockoptLevels names the values of sockopt_levels parameters.
var SockoptLevels = []NameValue{
	{"SOL_SOCKET", 1},
	{"SOL_TCP", 2},
	{"UNKNOWN", 0},
}

// SockoptOptions names the values of sockopt_options parameters.
var SockoptOptions = []NameValue{
	{"SO_COOKIE", 0x35},
	{"SO_MEMINFO", 0x34},
	{"SO_PEERGROUPS", 0x33},
	{"SO_ATTACH_BPF", 0x32},
	{"SO_INCOMING_CPU", 0x31},
	{"SO_BPF_EXTENSIONS", 0x30},
	{"SO_MAX_PACING_RATE", 0x2f},
	{"SO_BUSY_POLL", 0x2e},
	{"SO_SELECT_ERR_QUEUE", 0x2d},
	{"SO_LOCK_FILTER", 0x2c},
	{"SO_NOFCS", 0x2b},
	{"SO_PEEK_OFF", 0x2a},
	{"SO_WIFI_STATUS", 0x29},
	{"SO_RXQ_OVFL", 0x28},
	{"SO_DOMAIN", 0x27},
	{"SO_PROTOCOL", 0x26},
	{"SO_TIMESTAMPING", 0x25},
	{"SO_MARK", 0x24},
	{"SO_TIMESTAMPNS", 0x23},
	{"SO_PASSSEC", 0x22},
	{"SO_PEERSEC", 0x1f},
	{"SO_ACCEPTCONN", 0x1e},
	{"SO_TIMESTAMP", 0x1d},
	{"SO_PEERNAME", 0x1c},
	{"SO_DETACH_FILTER", 0x1b},
	{"SO_ATTACH_FILTER", 0x1a},
	{"SO_BINDTODEVICE", 0x19},
	{"SO_SECURITY_ENCRYPTION_NETWORK", 0x18},
	{"SO_SECURITY_ENCRYPTION_TRANSPORT", 0x17},
	{"SO_SECURITY_AUTHENTICATION", 0x16},
	{"SO_SNDTIMEO", 0x15},
	{"SO_RCVTIMEO", 0x14},
	{"SO_SNDLOWAT", 0x13},
	{"SO_RCVLOWAT", 0x12},
	{"SO_PEERCRED", 0x11},
	{"SO_PASSCRED", 0x10},
	{"SO_REUSEPORT", 15},
	{"SO_BSDCOMPAT", 14},
	{"SO_LINGER", 13},
	{"SO_PRIORITY", 12},
	{"SO_NO_CHECK", 11},
	{"SO_OOBINLINE", 10},
	{"SO_KEEPALIVE", 9},
	{"SO_RCVBUFFORCE", 0x21},
	{"SO_SNDBUFFORCE", 0x20},
	{"SO_RCVBUF", 8},
	{"SO_SNDBUF", 7},
	{"SO_BROADCAST", 6},
	{"SO_DONTROUTE", 5},
	{"SO_ERROR", 4},
	{"SO_TYPE", 3},
	{"SO_REUSEADDR", 2},
	{"SO_DEBUG", 1},
	{"UNKNOWN", 0},
}

// PtraceRequests names the values of ptrace_requests parameters.
var PtraceRequests = []NameValue{
	{"PTRACE_SINGLEBLOCK", 0x26},
	{"PTRACE_SYSEMU_SINGLESTEP", 0x25},
	{"PTRACE_SYSEMU", 0x24},
	{"PTRACE_ARCH_PRCTL", 0x23},
	{"PTRACE_SET_THREAD_AREA", 0x22},
	{"PTRACE_GET_THREAD_AREA", 0x21},
	{"PTRACE_OLDSETOPTIONS", 0x20},
	{"PTRACE_SETFPXREGS", 0x1f},
	{"PTRACE_GETFPXREGS", 0x1e},
	{"PTRACE_SETFPREGS", 0x1d},
	{"PTRACE_GETFPREGS", 0x1c},
	{"PTRACE_SETREGS", 0x1b},
	{"PTRACE_GETREGS", 0x1a},
	{"PTRACE_SETSIGMASK", 0x19},
	{"PTRACE_GETSIGMASK", 0x18},
	{"PTRACE_PEEKSIGINFO", 0x17},
	{"PTRACE_LISTEN", 0x16},
	{"PTRACE_INTERRUPT", 0x15},
	{"PTRACE_SEIZE", 0x14},
	{"PTRACE_SETREGSET", 0x13},
	{"PTRACE_GETREGSET", 0x12},
	{"PTRACE_SETSIGINFO", 0x11},
	{"PTRACE_GETSIGINFO", 0x10},
	{"PTRACE_GETEVENTMSG", 15},
	{"PTRACE_SETOPTIONS", 14},
	{"PTRACE_SYSCALL", 13},
	{"PTRACE_DETACH", 12},
	{"PTRACE_ATTACH", 11},
	{"PTRACE_SINGLESTEP", 10},
	{"PTRACE_KILL", 9},
	{"PTRACE_CONT", 8},
	{"PTRACE_POKEUSR", 7},
	{"PTRACE_POKEDATA", 6},
	{"PTRACE_POKETEXT", 5},
	{"PTRACE_PEEKUSR", 4},
	{"PTRACE_PEEKDATA", 3},
	{"PTRACE_PEEKTEXT", 2},
	{"PTRACE_TRACEME", 1},
	{"PTRACE_UNKNOWN", 0},
}

// ProtFlags names the values of prot_flags parameters.
var ProtFlags = []NameValue{
	{"PROT_READ", 1},
	{"PROT_WRITE", 2},
	{"PROT_EXEC", 4},
	{"PROT_SEM", 8},
	{"PROT_GROWSDOWN", 0x10},
	{"PROT_GROWSUP", 0x20},
	{"PROT_SAO", 0x40},
	{"PROT_NONE", 0},
}

// MmapFlags names the values of mmap_flags parameters.
var MmapFlags = []NameValue{
	{"MAP_SHARED", 1},
	{"MAP_PRIVATE", 2},
	{"MAP_FIXED", 4},
	{"MAP_ANONYMOUS", 8},
	{"MAP_32BIT", 0x10},
	{"MAP_RENAME", 0x20},
	{"MAP_NORESERVE", 0x40},
	{"MAP_POPULATE", 0x80},
	{"MAP_NONBLOCK", 0x100},
	{"MAP_GROWSDOWN", 0x200},
	{"MAP_DENYWRITE", 0x400},
	{"MAP_EXECUTABLE", 0x800},
	{"MAP_INHERIT", 0x1000},
	{"MAP_FILE", 0x2000},
	{"MAP_LOCKED", 0x4000},
}

// SpliceFlags names the values of splice_flags parameters.
var SpliceFlags = []NameValue{
	{"SPLICE_F_MOVE", 1},
	{"SPLICE_F_NONBLOCK", 2},
	{"SPLICE_F_MORE", 4},
	{"SPLICE_F_GIFT", 8},
}

// QuotactlDqiFlags names the values of quotactl_dqi_flags parameters.
var QuotactlDqiFlags = []NameValue{
	{"DQF_NONE", 1},
	{"V1_DQF_RSQUASH", 2},
}

// QuotactlCmds names the values of quotactl_cmds parameters.
var QuotactlCmds = []NameValue{
	{"Q_QUOTAON", 1},
	{"Q_QUOTAOFF", 2},
	{"Q_GETFMT", 4},
	{"Q_GETINFO", 8},
	{"Q_SETINFO", 0x10},
	{"Q_GETQUOTA", 0x20},
	{"Q_SETQUOTA", 0x40},
	{"Q_SYNC", 0x80},
	{"Q_XQUOTAON", 0x100},
	{"Q_XQUOTAOFF", 0x200},
	{"Q_XGETQUOTA", 0x400},
	{"Q_XSETQLIM", 0x800},
	{"Q_XGETQSTAT", 0x1000},
	{"Q_XQUOTARM", 0x2000},
	{"Q_XQUOTASYNC", 0x4000},
}

// QuotactlTypes names the values of quotactl_types parameters.
var QuotactlTypes = []NameValue{
	{"USRQUOTA", 1},
	{"GRPQUOTA", 2},
}

// QuotactlQuotaFmts names the values of quotactl_quota_fmts parameters.
var QuotactlQuotaFmts = []NameValue{
	{"QFMT_NOT_USED", 1},
	{"QFMT_VFS_OLD", 2},
	{"QFMT_VFS_V0", 4},
	{"QFMT_VFS_V1", 8},
}

// SemopFlags names the values of semop_flags parameters.
var SemopFlags = []NameValue{
	{"IPC_NOWAIT", 1},
	{"SEM_UNDO", 2},
}

// SemgetFlags names the values of semget_flags parameters.
var SemgetFlags = []NameValue{
	{"IPC_EXCL", 0x4000},
	{"IPC_CREAT", 0x2000},
}

// SemctlCommands names the values of semctl_commands parameters.
var SemctlCommands = []NameValue{
	{"IPC_STAT", 1},
	{"IPC_SET", 2},
	{"IPC_RMID", 4},
	{"IPC_INFO", 8},
	{"SEM_INFO", 0x10},
	{"SEM_STAT", 0x20},
	{"GETALL", 0x40},
	{"GETNCNT", 0x80},
	{"GETPID", 0x100},
	{"GETVAL", 0x200},
	{"GETZCNT", 0x400},
	{"SETALL", 0x800},
	{"SETVAL", 0x1000},
}

// AccessFlags names the values of access_flags parameters.
var AccessFlags = []NameValue{
	{"F_OK", 0},
	{"R_OK", 4},
	{"W_OK", 2},
	{"X_OK", 1},
}

// PfFlags names the values of pf_flags parameters.
var PfFlags = []NameValue{
	{"PROTECTION_VIOLATION", 1},
	{"PAGE_NOT_PRESENT", 2},
	{"WRITE_ACCESS", 4},
	{"READ_ACCESS", 8},
	{"USER_FAULT", 0x10},
	{"SUPERVISOR_FAULT", 0x20},
	{"RESERVED_PAGE", 0x40},
	{"INSTRUCTION_FETCH", 0x80},
}

// UnlinkatFlags names the values of unlinkat_flags parameters.
var UnlinkatFlags = []NameValue{
	{"AT_REMOVEDIR", 0x200},
}

// LinkatFlags names the values of linkat_flags parameters.
var LinkatFlags = []NameValue{
	{"AT_SYMLINK_FOLLOW", 0x400},
	{"AT_EMPTY_PATH", 0x1000},
}

// NewfstatatFlags names the values of newfstatat_flags parameters.
var NewfstatatFlags = []NameValue{
	{"AT_EMPTY_PATH", 0x1000},
	{"AT_NO_AUTOMOUNT", 0x800},
	{"AT_SYMLINK_NOFOLLOW", 0x100},
}

// ChmodMode names the values of chmod_mode parameters.
var ChmodMode = []NameValue{
	{"S_IXOTH", 1},
	{"S_IWOTH", 2},
	{"S_IROTH", 4},
	{"S_IXGRP", 8},
	{"S_IWGRP", 0x10},
	{"S_IRGRP", 0x20},
	{"S_IXUSR", 0x40},
	{"S_IWUSR", 0x80},
	{"S_IRUSR", 0x100},
	{"S_ISVTX", 0x200},
	{"S_ISGID", 0x400},
	{"S_ISUID", 0x800},
}

// FchownatFlags names the values of fchownat_flags parameters.
var FchownatFlags = []NameValue{
	{"AT_SYMLINK_NOFOLLOW", 0x400},
	{"AT_EMPTY_PATH", 0x1000},
}

// Renameat2Flags names the values of renameat2_flags parameters.
var Renameat2Flags = []NameValue{
	{"RENAME_NOREPLACE", 1},
	{"RENAME_EXCHANGE", 2},
	{"RENAME_WHITEOUT", 4},
}

// Openat2Flags names the values of openat2_flags parameters.
var Openat2Flags = []NameValue{
	{"RESOLVE_BENEATH", 1},
	{"RESOLVE_IN_ROOT", 2},
	{"RESOLVE_NO_MAGICLINKS", 4},
	{"RESOLVE_NO_SYMLINKS", 8},
	{"RESOLVE_NO_XDEV", 0x10},
	{"RESOLVE_CACHED", 0x20},
}

// ExecveFlags names the values of execve_flags parameters.
var ExecveFlags = []NameValue{
	{"EXE_WRITABLE", 1},
	{"EXE_UPPER_LAYER", 2},
	{"EXE_FROM_MEMFD", 4},
	{"EXE_LOWER_LAYER", 8},
}

// ExecveatFlags names the values of execveat_flags parameters.
var ExecveatFlags = []NameValue{
	{"AT_EMPTY_PATH", 1},
	{"AT_SYMLINK_NOFOLLOW", 2},
}

// IoUringSetupFlags names the values of io_uring_setup_flags parameters.
var IoUringSetupFlags = []NameValue{
	{"IORING_SETUP_IOPOLL", 1},
	{"IORING_SETUP_SQPOLL", 2},
	{"IORING_SQ_NEED_WAKEUP", 4},
	{"IORING_SETUP_SQ_AFF", 8},
	{"IORING_SETUP_CQSIZE", 0x10},
	{"IORING_SETUP_CLAMP", 0x20},
	{"IORING_SETUP_ATTACH_RW", 0x40},
	{"IORING_SETUP_R_DISABLED", 0x80},
}

// IoUringSetupFeats names the values of io_uring_setup_feats parameters.
var IoUringSetupFeats = []NameValue{
	{"IORING_FEAT_SINGLE_MMAP", 1},
	{"IORING_FEAT_NODROP", 2},
	{"IORING_FEAT_SUBMIT_STABLE", 4},
	{"IORING_FEAT_RW_CUR_POS", 8},
	{"IORING_FEAT_CUR_PERSONALITY", 0x10},
	{"IORING_FEAT_FAST_POLL", 0x20},
	{"IORING_FEAT_POLL_32BITS", 0x40},
	{"IORING_FEAT_SQPOLL_NONFIXED", 0x80},
	{"IORING_FEAT_ENTER_EXT_ARG", 0x100},
	{"IORING_FEAT_NATIVE_WORKERS", 0x200},
	{"IORING_FEAT_RSRC_TAGS", 0x400},
}

// IoUringEnterFlags names the values of io_uring_enter_flags parameters.
var IoUringEnterFlags = []NameValue{
	{"IORING_ENTER_GETEVENTS", 1},
	{"IORING_ENTER_SQ_WAKEUP", 2},
	{"IORING_ENTER_SQ_WAIT", 4},
	{"IORING_ENTER_EXT_ARG", 8},
}

// IoUringRegisterOpcodes names the values of io_uring_register_opcodes parameters.
var IoUringRegisterOpcodes = []NameValue{
	{"IORING_REGISTER_BUFFERS", 0},
	{"IORING_UNREGISTER_BUFFERS", 1},
	{"IORING_REGISTER_FILES", 2},
	{"IORING_UNREGISTER_FILES", 3},
	{"IORING_REGISTER_EVENTFD", 4},
	{"IORING_UNREGISTER_EVENTFD", 5},
	{"IORING_REGISTER_FILES_UPDATE", 6},
	{"IORING_REGISTER_EVENTFD_ASYNC", 7},
	{"IORING_REGISTER_PROBE", 8},
	{"IORING_REGISTER_PERSONALITY", 9},
	{"IORING_UNREGISTER_PERSONALITY", 10},
	{"IORING_REGISTER_RESTRICTIONS", 11},
	{"IORING_REGISTER_ENABLE_RINGS", 12},
	{"IORING_REGISTER_FILES2", 13},
	{"IORING_REGISTER_FILES_UPDATE2", 14},
	{"IORING_REGISTER_BUFFERS2", 15},
	{"IORING_REGISTER_BUFFERS_UPDATE", 0x10},
	{"IORING_REGISTER_IOWQ_AFF", 0x11},
	{"IORING_UNREGISTER_IOWQ_AFF", 0x12},
	{"IORING_REGISTER_IOWQ_MAX_WORKERS", 0x13},
	{"IORING_REGISTER_RING_FDS", 0x14},
	{"IORING_UNREGISTER_RING_FDS", 0x15},
}

// MlockallFlags names the values of mlockall_flags parameters.
var MlockallFlags = []NameValue{
	{"MCL_CURRENT", 1},
	{"MCL_FUTURE", 2},
	{"MCL_ONFAULT", 4},
}

// Mlock2Flags names the values of mlock2_flags parameters.
var Mlock2Flags = []NameValue{
	{"MLOCK_ONFAULT", 1},
}

// FsconfigCmds names the values of fsconfig_cmds parameters.
var FsconfigCmds = []NameValue{
	{"FSCONFIG_SET_FLAG", 0},
	{"FSCONFIG_SET_STRING", 1},
	{"FSCONFIG_SET_BINARY", 2},
	{"FSCONFIG_SET_PATH", 3},
	{"FSCONFIG_SET_PATH_EMPTY", 4},
	{"FSCONFIG_SET_FD", 5},
	{"FSCONFIG_CMD_CREATE", 6},
	{"FSCONFIG_CMD_RECONFIGURE", 7},
}

// EpollCreate1Flags names the values of epoll_create1_flags parameters.
var EpollCreate1Flags = []NameValue{
	{"EPOLL_CLOEXEC", 1},
}

// PrctlOptions names the values of prctl_options parameters.
var PrctlOptions = []NameValue{
	{"PR_GET_DUMPABLE", 3},
	{"PR_SET_DUMPABLE", 4},
	{"PR_GET_KEEPCAPS", 7},
	{"PR_SET_KEEPCAPS", 8},
	{"PR_SET_NAME", 15},
	{"PR_GET_NAME", 0x10},
	{"PR_GET_SECCOMP", 0x15},
	{"PR_SET_SECCOMP", 0x16},
	{"PR_CAPBSET_READ", 0x17},
	{"PR_CAPBSET_DROP", 0x18},
	{"PR_GET_SECUREBITS", 0x1b},
	{"PR_SET_SECUREBITS", 0x1c},
	{"PR_MCE_KILL", 0x21},
	{"PR_MCE_KILL", 0x21},
	{"PR_SET_MM", 0x23},
	{"PR_SET_CHILD_SUBREAPER", 0x24},
	{"PR_GET_CHILD_SUBREAPER", 0x25},
	{"PR_SET_NO_NEW_PRIVS", 0x26},
	{"PR_GET_NO_NEW_PRIVS", 0x27},
	{"PR_GET_TID_ADDRESS", 0x28},
	{"PR_SET_THP_DISABLE", 0x29},
	{"PR_GET_THP_DISABLE", 0x2a},
	{"PR_CAP_AMBIENT", 0x2f},
}

// MemfdCreateFlags names the values of memfd_create_flags parameters.
var MemfdCreateFlags = []NameValue{
	{"MFD_CLOEXEC", 1},
	{"MFD_ALLOW_SEALING", 2},
	{"MFD_HUGETLB", 4},
}

// PidfdOpenFlags names the values of pidfd_open_flags parameters.
var PidfdOpenFlags = []NameValue{
	{"PIDFD_NONBLOCK", 1},
}

// MknodMode names the values of mknod_mode parameters.
var MknodMode = []NameValue{
	{"S_IXOTH", 1},
	{"S_IWOTH", 2},
	{"S_IROTH", 4},
	{"S_IXGRP", 8},
	{"S_IWGRP", 0x10},
	{"S_IRGRP", 0x20},
	{"S_IXUSR", 0x40},
	{"S_IWUSR", 0x80},
	{"S_IRUSR", 0x100},
	{"S_ISVTX", 0x200},
	{"S_ISGID", 0x400},
	{"S_ISUID", 0x800},
	{"S_IFREG", 0x8000},
	{"S_IFCHR", 0x2000},
	{"S_IFBLK", 0x6000},
	{"S_IFIFO", 0x1000},
	{"S_IFSOCK", 0xc000},
}

// BpfCommands names the values of bpf_commands parameters.
var BpfCommands = []NameValue{
	{"BPF_MAP_CREATE", 0},
	{"BPF_MAP_LOOKUP_ELEM", 1},
	{"BPF_MAP_UPDATE_ELEM", 2},
	{"BPF_MAP_DELETE_ELEM", 3},
	{"BPF_MAP_GET_NEXT_KEY", 4},
	{"BPF_PROG_LOAD", 5},
	{"BPF_OBJ_PIN", 6},
	{"BPF_OBJ_GET", 7},
	{"BPF_PROG_ATTACH", 8},
	{"BPF_PROG_DETACH", 9},
	{"BPF_PROG_TEST_RUN", 10},
	{"BPF_PROG_RUN", 10},
	{"BPF_PROG_GET_NEXT_ID", 11},
	{"BPF_MAP_GET_NEXT_ID", 12},
	{"BPF_PROG_GET_FD_BY_ID", 13},
	{"BPF_MAP_GET_FD_BY_ID", 14},
	{"BPF_OBJ_GET_INFO_BY_FD", 15},
	{"BPF_PROG_QUERY", 0x10},
	{"BPF_RAW_TRACEPOINT_OPEN", 0x11},
	{"BPF_BTF_LOAD", 0x12},
	{"BPF_BTF_GET_FD_BY_ID", 0x13},
	{"BPF_TASK_FD_QUERY", 0x14},
	{"BPF_MAP_LOOKUP_AND_DELETE_ELEM", 0x15},
	{"BPF_MAP_FREEZE", 0x16},
	{"BPF_BTF_GET_NEXT_ID", 0x17},
	{"BPF_MAP_LOOKUP_BATCH", 0x18},
	{"BPF_MAP_LOOKUP_AND_DELETE_BATCH", 0x19},
	{"BPF_MAP_UPDATE_BATCH", 0x1a},
	{"BPF_MAP_DELETE_BATCH", 0x1b},
	{"BPF_LINK_CREATE", 0x1c},
	{"BPF_LINK_UPDATE", 0x1d},
	{"BPF_LINK_GET_FD_BY_ID", 0x1e},
	{"BPF_LINK_GET_NEXT_ID", 0x1f},
	{"BPF_ENABLE_STATS", 0x20},
	{"BPF_ITER_CREATE", 0x21},
	{"BPF_LINK_DETACH", 0x22},
	{"BPF_PROG_BIND_MAP", 0x23},
}

// DeleteModuleFlags names the values of delete_module_flags parameters.
var DeleteModuleFlags = []NameValue{
	{"O_NONBLOCK", 2},
	{"O_TRUNC", 1},
}

// FinitModuleFlags names the values of finit_module_flags parameters.
var FinitModuleFlags = []NameValue{
	{"MODULE_INIT_IGNORE_MODVERSIONS", 1},
	{"MODULE_INIT_IGNORE_VERMAGIC", 2},
	{"MODULE_INIT_COMPRESSED_FILE", 4},
}

// AnonInodeFdTypes names the values of anon_inode_fd_types parameters.
var AnonInodeFdTypes = []NameValue{
	{"ANON_INODE_FD_TYPE_UNKNOWN", 0},
	{"ANON_INODE_FD_TYPE_EVENTFD", 1},
	{"ANON_INODE_FD_TYPE_EVENTPOLL", 2},
	{"ANON_INODE_FD_TYPE_INOTIFY", 3},
	{"ANON_INODE_FD_TYPE_SIGNALFD", 4},
	{"ANON_INODE_FD_TYPE_TIMERFD", 5},
	{"ANON_INODE_FD_TYPE_IO_URING", 6},
	{"ANON_INODE_FD_TYPE_USERFAULTFD", 7},
	{"ANON_INODE_FD_TYPE_PIDFD", 8},
	{"ANON_INODE_FD_TYPE_BPF_MAP", 9},
	{"ANON_INODE_FD_TYPE_BPF_PROG", 10},
	{"ANON_INODE_FD_TYPE_BPF_LINK", 11},
	{"ANON_INODE_FD_TYPE_PERF_EVENT", 12},
	{"ANON_INODE_FD_TYPE_DMABUF", 13},
}

// Alternatives of PT_DYN parameters, indexed by the selector byte that
// precedes the value on the wire. The alternatives have no names of their own.
var (
	SockoptDynamicParam = []ParamInfo{
		{Type: PTBytebuf, Fmt: PFHex, DirFD: -1},
		{Type: PTErrno, Fmt: PFDec, DirFD: -1},
		{Type: PTUint32, Fmt: PFDec, DirFD: -1},
		{Type: PTUint64, Fmt: PFDec, DirFD: -1},
		{Type: PTRelTime, Fmt: PFDec, DirFD: -1},
	}
	PtraceDynamicParam = []ParamInfo{
		{Type: PTUint64, Fmt: PFHex, DirFD: -1},
		{Type: PTSigType, Fmt: PFDec, DirFD: -1},
	}
	BpfDynamicParam = []ParamInfo{
		{Type: PTFD, Fmt: PFDec, DirFD: -1},
		{Type: PTErrno, Fmt: PFDec, DirFD: -1},
	}
)
