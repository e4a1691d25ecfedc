// SPDX-License-Identifier: GPL-2.0
/* vm_flags_set(): vm_flags became read-only for direct writes in 6.3. */
#include <linux/mm.h>

void skr_probe(struct vm_area_struct *vma);
void skr_probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_DONTEXPAND);
}
