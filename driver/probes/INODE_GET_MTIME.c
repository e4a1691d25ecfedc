// SPDX-License-Identifier: GPL-2.0
/* inode_get_mtime(): i_mtime was hidden behind accessors in 6.7. */
#include <linux/fs.h>

struct timespec64 skr_probe(const struct inode *i);
struct timespec64 skr_probe(const struct inode *i)
{
	return inode_get_mtime(i);
}
