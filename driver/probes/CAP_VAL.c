// SPDX-License-Identifier: GPL-2.0
/* kernel_cap_t became a single u64 ("val") in 6.3. */
#include <linux/capability.h>

u64 skr_probe(kernel_cap_t c);
u64 skr_probe(kernel_cap_t c)
{
	return c.val;
}
