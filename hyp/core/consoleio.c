/* SPDX-License-Identifier: MIT */
/*
 * console_io (Xen public xen.h CONSOLEIO_*): a domain writes to the
 * hypervisor console and reads its serial input. Allowed for dom0 and for
 * boot-time domUs (Xen's is_console domains, i.e. every domain hospes
 * builds). Output goes through the console multiplexer like a vPL011's:
 * prefixed "(dN)" unless the domain has the input focus. Input arrives
 * when the focus is on the domain; VIRQ_CONSOLE tells it.
 */
#include <hyp/conring.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/spinlock.h>
#include <hyp/xen_domain.h>
#include <public/xen.h>

static spinlock_t conin_lock = SPINLOCK_INIT;

/** Console input for @d (focus on it, no vPL011): queue it; the caller raises VIRQ_CONSOLE. */
size_t consoleio_queue_input(struct domain *d, const uint8_t *buf, size_t len)
{
	size_t n = 0;

	spin_lock(&conin_lock);
	for (; n < len && d->conin_prod - d->conin_cons < sizeof(d->conin); n++)
		d->conin[d->conin_prod++ % sizeof(d->conin)] = buf[n];
	spin_unlock(&conin_lock);
	return n;
}

long do_console_io(struct vcpu *v, uint64_t *args)
{
	unsigned cmd = (unsigned)args[0];
	uint64_t count = args[1], buf = args[2];
	struct domain *d = v->domain;
	char chunk[128];

	switch (cmd) {
	case CONSOLEIO_write:
		while (count) {
			size_t n = count < sizeof(chunk) ? (size_t)count : sizeof(chunk);
			if (copy_from_guest(v, chunk, buf, n))
				return ERR(-EFAULT);
			/* As Xen without console_to_ring: the control domain's own
			 * console output is not kept in the ring it reads with
			 * readconsole (it would read itself back). */
			if (d->is_privileged)
				conring_skip_this_cpu(true);
			console_domain_write(d->domid, chunk, n);
			conring_skip_this_cpu(false);
			buf += n;
			count -= n;
			if (count && hypercall_preempt_check()) {
				args[1] = count;
				args[2] = buf;
				return -ERESTART;
			}
		}
		return 0;
	case CONSOLEIO_read: {
		size_t n = 0;
		if (count > 0x7fffffffUL)
			return ERR(-E2BIG);
		spin_lock(&conin_lock);
		while (n < count && n < sizeof(chunk) && d->conin_cons != d->conin_prod)
			chunk[n++] = (char)d->conin[d->conin_cons++ % sizeof(d->conin)];
		spin_unlock(&conin_lock);
		if (n && copy_to_guest(v, buf, chunk, n))
			return ERR(-EFAULT);
		return (long)n;
	}
	default:
		return ERR(-ENOSYS);
	}
}
