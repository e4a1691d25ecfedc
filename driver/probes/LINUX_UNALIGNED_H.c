// SPDX-License-Identifier: GPL-2.0
/* <linux/unaligned.h>: the unaligned accessors left asm/ in 6.12. */
#include <linux/unaligned.h>

u32 skr_probe(const void *p);
u32 skr_probe(const void *p)
{
	return get_unaligned_le32(p);
}
