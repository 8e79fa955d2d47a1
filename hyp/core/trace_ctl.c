/* SPDX-License-Identifier: MIT */
/*
 * Trace buffers, the control side: XEN_SYSCTL_tbuf_op and the buffers in
 * Xen's layout (public/trace.h), so Xen's xentrace and `hx trace` read them
 * alike. The writer is trace.c.
 *
 * set_size allocates, once and for good (as Xen: buffers are never freed,
 * so a dom0 mapping can never outlive them), one buffer of N contiguous
 * pages per online CPU and the t_info pages that list every buffer's
 * frames. All are zeroed and shared with the privileged domain as DOMID_XEN
 * foreign pages (trace_shared_frame(): t_info read-only, the buffers
 * read/write because the reader moves t_buf.cons); nothing else of the
 * hypervisor can be mapped that way.
 *
 * Locking: control_lock serialises tbuf_op. t_info is published (after a
 * barrier) only once every buffer is in place.
 */
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/log.h>
#include <hyp/page_alloc.h>
#include <hyp/pa.h>
#include <hyp/percpu.h>
#include <hyp/spinlock.h>
#include <hyp/trace.h>
#include <lib/string.h>
#include <public/sysctl.h>

static spinlock_t control_lock = SPINLOCK_INIT;
static struct t_info *t_info;  /* NULL until set_size */
static paddr_t t_info_pa;
static unsigned t_info_pages;
static unsigned buf_pages;       /* pages per CPU buffer */
static paddr_t buf_pa[MAX_CPUS]; /* each CPU's buffer, 0: none */

static unsigned order_for(unsigned pages)
{
	unsigned o = 0;
	while ((1U << o) < pages)
		o++;
	return o;
}

/* Words from t_info's start to the first frame list: after a fixed array
 * of MAX_CPUS offsets, as Xen sizes it by NR_CPUS. */
static unsigned first_offset_words(void)
{
	return (unsigned)((offsetof(struct t_info, mfn_offset) + MAX_CPUS * sizeof(uint16_t) + 3) / 4);
}

/* Allocate @pages contiguous zeroed frames owned by the hypervisor. */
static paddr_t alloc_frames(unsigned pages)
{
	unsigned order = order_for(pages);
	paddr_t pa = alloc_pages_zeroed(order, NULL);

	if (pa == INVALID_PADDR || pages == (1U << order))
		return pa;
	if (split_pages(pa, order)) {
		free_pages(pa, order);
		return INVALID_PADDR;
	}
	for (unsigned i = pages; i < (1U << order); i++)
		free_pages(pa + (paddr_t)i * PAGE_SIZE, 0);
	return pa;
}

static void free_frames(paddr_t pa, unsigned pages)
{
	unsigned order = order_for(pages);

	if (pages == (1U << order)) {
		free_pages(pa, order);
		return;
	}
	for (unsigned i = 0; i < pages; i++)
		free_pages(pa + (paddr_t)i * PAGE_SIZE, 0);
}

/* Xen's calculate_tbuf_size(): the largest count the 16-bit t_info fields
 * and the 32-bit ring offsets can describe. */
static unsigned clamp_pages(unsigned pages, unsigned ncpus)
{
	unsigned max = 0xffff;
	unsigned by_offset = 0xffffu - first_offset_words();

	if (0xffffffffu / PAGE_SIZE < max)
		max = 0xffffffffu / PAGE_SIZE;
	if (ncpus > 1)
		by_offset /= ncpus - 1;
	if (by_offset < max)
		max = by_offset;
	if (pages > max) {
		pr_info("trace: %u pages per CPU reduced to %u", pages, max);
		pages = max;
	}
	return pages;
}

static int alloc_buffers(unsigned pages)
{
	unsigned ncpus = nr_cpus_possible ? nr_cpus_possible : 1;
	unsigned first = first_offset_words(), tinfo_order;
	uint32_t *words;

	if (t_info)
		return -EBUSY;
	if (pages == 0)
		return -EINVAL;
	pages = clamp_pages(pages, ncpus);
	t_info_pages = (unsigned)(((uint64_t)(ncpus * pages + first) * 4 + PAGE_SIZE - 1) / PAGE_SIZE);
	tinfo_order = order_for(t_info_pages);
	t_info_pa = alloc_pages_zeroed(tinfo_order, NULL);
	if (t_info_pa == INVALID_PADDR)
		return -ENOMEM;
	words = pa_to_va(t_info_pa);
	for (unsigned cpu = 0; cpu < ncpus && cpu < MAX_CPUS; cpu++) {
		if (!pcpus[cpu].online)
			continue;
		buf_pa[cpu] = alloc_frames(pages);
		if (buf_pa[cpu] == INVALID_PADDR) {
			buf_pa[cpu] = 0;
			for (unsigned k = 0; k < cpu; k++)
				if (buf_pa[k]) {
					free_frames(buf_pa[k], pages);
					buf_pa[k] = 0;
				}
			free_pages(t_info_pa, tinfo_order);
			pr_warn("trace: cannot allocate %u pages for CPU%u", pages, cpu);
			return -ENOMEM;
		}
		((struct t_info *)words)->mfn_offset[cpu] = (uint16_t)(first + cpu * pages);
		for (unsigned i = 0; i < pages; i++)
			words[first + cpu * pages + i] = (uint32_t)((buf_pa[cpu] >> PAGE_SHIFT) + i);
	}
	((struct t_info *)words)->tbuf_size = (uint16_t)pages;
	buf_pages = pages;
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
		if (buf_pa[cpu])
			trace_attach(cpu, pa_to_va(buf_pa[cpu]),
				     (uint32_t)(pages * PAGE_SIZE - sizeof(struct t_buf)));
	__atomic_thread_fence(__ATOMIC_RELEASE);
	t_info = (struct t_info *)words;
	pr_info("trace: %u pages per CPU, t_info at %#lx (%u pages)", pages,
		(unsigned long)t_info_pa, t_info_pages);
	return 0;
}

int trace_shared_frame(uint64_t pfn, bool *writable)
{
	paddr_t pa = (paddr_t)pfn << PAGE_SHIFT;

	if (!READ_ONCE(t_info) || pfn >> (64 - PAGE_SHIFT))
		return -EINVAL;
	if (pa >= t_info_pa && pa < t_info_pa + (paddr_t)t_info_pages * PAGE_SIZE) {
		*writable = false;
		return 0;
	}
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (buf_pa[cpu] && pa >= buf_pa[cpu] && pa < buf_pa[cpu] + (paddr_t)buf_pages * PAGE_SIZE) {
			*writable = true;
			return 0;
		}
	}
	return -EINVAL;
}


static long set_cpu_mask(struct vcpu *v, const struct xenctl_bitmap *map)
{
	uint8_t bytes[(MAX_CPUS + 7) / 8] = { 0 };
	uint32_t nbytes = (map->nr_bits + 7) / 8;
	uint64_t mask = 0;

	nbytes = MIN(nbytes, (uint32_t)sizeof(bytes));
	if (nbytes && copy_from_guest(v, bytes, map->bitmap.q, nbytes))
		return -EFAULT;
	for (unsigned i = 0; i < nbytes * 8 && i < map->nr_bits; i++)
		if (bytes[i / 8] & (1U << (i % 8)))
			mask |= 1ULL << i;
	WRITE_ONCE(trace_cpu_mask, mask);
	return 0;
}

long trace_tbuf_op(struct vcpu *v, struct xen_sysctl_tbuf_op *op)
{
	long rc = 0;

	spin_lock(&control_lock);
	switch (op->cmd) {
	case XEN_SYSCTL_TBUFOP_get_info:
		op->evt_mask = trace_evt_mask;
		op->buffer_mfn = t_info ? t_info_pa >> PAGE_SHIFT : 0;
		op->size = t_info ? t_info_pages * PAGE_SIZE : 0;
		break;
	case XEN_SYSCTL_TBUFOP_set_cpu_mask:
		rc = set_cpu_mask(v, &op->cpu_mask);
		break;
	case XEN_SYSCTL_TBUFOP_set_evt_mask:
		WRITE_ONCE(trace_evt_mask, op->evt_mask);
		break;
	case XEN_SYSCTL_TBUFOP_set_size:
		/* One size for good: another one is refused, the same one is busy. */
		rc = buf_pages && op->size != buf_pages ? -EINVAL : alloc_buffers(op->size);
		break;
	case XEN_SYSCTL_TBUFOP_enable:
		if (!t_info)
			rc = -EINVAL;
		else
			trace_set_enabled(true);
		break;
	case XEN_SYSCTL_TBUFOP_disable:
		trace_set_enabled(false);
		/* No phantom lost records when tracing starts again. */
		trace_reset_lost();
		break;
	default:
		rc = -EINVAL;
		break;
	}
	spin_unlock(&control_lock);
	return rc;
}
