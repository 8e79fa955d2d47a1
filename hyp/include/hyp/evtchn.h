/* SPDX-License-Identifier: MIT */
/*
 * Event channels: Xen's guest notification mechanism (EVTCHNOP_*, Xen public
 * event_channel.h; docs xen-abi-arm64.md sections 3.3 and 4).
 *
 * The module is independent of struct domain: each domain embeds one
 * struct evtchn_domain and reaches everything domain-specific (other
 * domains, shared_info, vcpu_info, guest pages, the upcall interrupt,
 * memory) through struct evtchn_hooks. This keeps it testable on the host.
 *
 * Two delivery ABIs: 2-level (bitmaps in shared_info, the default) and FIFO
 * (guest-provided event array and per-vCPU control blocks, switched to by
 * EVTCHNOP_init_control). hyp/core/evtchn.c holds the port table and the
 * operations, evtchn_2l.c / evtchn_fifo.c the two delivery ABIs.
 *
 * Locking: see hyp/core/evtchn.c. In short: one spinlock per domain guards
 * its port table, VIRQ map and FIFO queue state; operations on two domains
 * take both locks in increasing domid order. Hooks are never called with an
 * evtchn lock held, except those that only touch memory (shared_info,
 * vcpu_info, alloc/free, map/unmap_guest_page).
 */
#ifndef HYP_EVTCHN_H
#define HYP_EVTCHN_H

#include <hyp/spinlock.h>
#include <hyp/types.h>
#include <public/xen.h>
#include <public/event_channel.h>

/* Upper bounds of the port numbers each ABI can address. */
#define EVTCHN_2L_MAX_PORT 4095U    /* 64 words of 64 bits */
#define EVTCHN_FIFO_MAX_PORT 131071U /* 2^17 - 1 (EVTCHN_FIFO_LINK_BITS) */
/* max_evtchn_port Xen gives a domU when the toolstack does not say */
#define EVTCHN_DEFAULT_MAX_PORT 1023U

/* Ports are kept in page-sized buckets allocated on first use. */
#define EVTCHN_PORTS_PER_BUCKET 256U

struct evtchn_domain;

/**
 * struct evtchn_hooks - what the event-channel core needs from its owner.
 *
 * Called without any evtchn lock held: lookup, mark_pending, xen_consumer,
 * port_raised.
 * Called with the domain's evtchn lock held (must not call back into this
 * module): shared_info, vcpu_info, map_guest_page, unmap_guest_page, alloc,
 * free, upcall (which may call evtchn_queue_upcall_locked()).
 */
struct evtchn_hooks {
	/* Another domain by id (never DOMID_SELF); NULL if none. The returned
	 * object must stay allocated until the current evtchn call returns. */
	struct evtchn_domain *(*lookup)(uint16_t domid);
	/* Host pointer to d's shared_info page (always exists). */
	void *(*shared_info)(struct evtchn_domain *d);
	/* Host pointer to vCPU @vcpu's current vcpu_info. */
	void *(*vcpu_info)(struct evtchn_domain *d, unsigned vcpu);
	/* evtchn_upcall_pending of @vcpu went 0 -> 1: inject the upcall PPI and
	 * kick the vCPU (wake it from WFI). */
	void (*mark_pending)(struct evtchn_domain *d, unsigned vcpu);
	/* Optional (may be NULL; then mark_pending is queued), called with the
	 * evtchn lock held when evtchn_upcall_pending of @vcpu went 0 -> 1:
	 * deliver the upcall at once if that takes no lock and needs no kick
	 * (the vCPU runs on this pCPU), else call evtchn_queue_upcall_locked()
	 * so that mark_pending runs once the lock is dropped. */
	void (*upcall)(struct evtchn_domain *d, unsigned vcpu);
	/* Host pointer to the writable guest RAM page @gfn, NULL if none. */
	void *(*map_guest_page)(struct evtchn_domain *d, uint64_t gfn);
	void (*unmap_guest_page)(struct evtchn_domain *d, void *page);
	/* The guest sent on a port whose other end is the hypervisor. */
	void (*xen_consumer)(struct evtchn_domain *d, uint32_t port);
	/* Zeroed memory. */
	void *(*alloc)(size_t bytes);
	void (*free)(void *p, size_t bytes);
	/* Optional (may be NULL): some port of d went from not pending to
	 * pending, masked or not; SCHEDOP_poll waiters should re-check. */
	void (*port_raised)(struct evtchn_domain *d);
};

/* Internal port states (not the EVTCHNSTAT_* ABI values). */
enum evtchn_state {
	EVTCHN_STATE_FREE = 0,
	EVTCHN_STATE_RESERVED, /* port 0 */
	EVTCHN_STATE_UNBOUND,
	EVTCHN_STATE_INTERDOMAIN,
	EVTCHN_STATE_VIRQ,
	EVTCHN_STATE_IPI,
};

#define EVTCHN_F_XEN_PEER 0x01     /* interdomain with the hypervisor as peer */
#define EVTCHN_F_FIFO_PENDING 0x02 /* FIFO: raised before its event word existed */

/**
 * struct evtchn_port - one port of a domain (16 bytes, 256 per bucket).
 * Guarded by the owning domain's lock.
 */
struct evtchn_port {
	uint8_t state;         /* enum evtchn_state */
	uint8_t priority;      /* FIFO queue, 0 (highest) .. 15 */
	uint8_t flags;         /* EVTCHN_F_* */
	uint8_t last_priority; /* FIFO: queue the port was last linked on ... */
	uint16_t notify_vcpu;  /* vCPU that receives the event */
	uint16_t last_vcpu;    /* ... and that queue's vCPU */
	uint32_t remote_port;  /* interdomain: peer port; VIRQ: the VIRQ number */
	uint16_t remote_domid; /* unbound: who may bind; interdomain: peer domain */
	uint16_t pad;
};

struct evtchn_fifo_domain;

/**
 * struct evtchn_domain - the event-channel state of one domain, embedded in
 * struct domain. Every field after `lock` is guarded by it.
 */
struct evtchn_domain {
	spinlock_t lock;
	uint16_t domid;
	bool is_privileged; /* may operate on other domains' ports */
	bool is_dying;      /* destroy started: no new ports */
	unsigned nr_vcpus;
	unsigned max_port;    /* highest port number allowed (max_evtchn_port) */
	unsigned valid_ports; /* ports [0, valid_ports) have a table entry */
	unsigned bucket_count;
	struct evtchn_port **buckets; /* bucket_count pointers, NULL = absent */
	uint32_t *virq_ports;         /* [nr_vcpus][NR_VIRQS], 0 = not bound */
	uint64_t *kick_mask;          /* vCPUs owed a mark_pending call */
	bool is_raised;               /* a port_raised call is owed (atomic) */
	bool kick_owed;               /* kick_mask or is_raised has work (atomic) */
	/* Set (atomic) by the owner before a vCPU polls, cleared by the owner's
	 * port_raised before it looks for pollers: raises owe port_raised only
	 * while it is set. */
	bool polling;
	struct evtchn_fifo_domain *fifo; /* NULL while the 2-level ABI is in use */
	const struct evtchn_hooks *hooks;
	void *opaque; /* the owning domain */
};

/**
 * evtchn_domain_init() - set up @d with port 0 reserved and the 2-level
 * ABI. @max_port is clamped to the FIFO bound. Returns 0 or -ENOMEM.
 */
int evtchn_domain_init(struct evtchn_domain *d, uint16_t domid, bool privileged,
		       unsigned nr_vcpus, unsigned max_port, const struct evtchn_hooks *h,
		       void *opaque);
/** Close every port (interdomain peers revert to unbound) and free memory. */
void evtchn_domain_destroy(struct evtchn_domain *d);

/**
 * evtchn_op() - EVTCHNOP_@cmd issued by vCPU @caller_vcpu of @d. @arg is a
 * host copy of the guest's argument struct, updated in place (the caller
 * copies it back when the result is 0). Returns 0 or -XEN_E*.
 */
long evtchn_op(struct evtchn_domain *d, unsigned caller_vcpu, unsigned cmd, void *arg);
/* EVTCHNOP_send alone (the hot path of do_event_channel_op); same result as evtchn_op(). */
long evtchn_send(struct evtchn_domain *d, uint32_t port); /* long: hypercalls tail-call it */

/**
 * evtchn_alloc_unbound_xen() - allocate in @d a port connected to the
 * hypervisor: guest sends on it call hooks->xen_consumer, and
 * evtchn_send_from_xen() raises it. EVTCHNOP_status shows it as
 * interdomain to @remote_domid (port 0). Returns 0 or -ENOSPC/-ENOMEM/-EINVAL.
 */
int evtchn_alloc_unbound_xen(struct evtchn_domain *d, uint16_t remote_domid, uint32_t *port);
/** Raise a hypervisor-connected port of @d; -EINVAL if @port is not one. */
int evtchn_send_from_xen(struct evtchn_domain *d, uint32_t port);
/** Raise VIRQ @virq (for per-vCPU VIRQs on @vcpu) if @d bound it. */
void evtchn_send_virq(struct evtchn_domain *d, unsigned virq, unsigned vcpu);
/** SCHEDOP_poll: 1 if @port is pending, 0 if not, -EINVAL if not a bound port. */
int evtchn_port_poll(struct evtchn_domain *d, uint32_t port);
/** Whether @vcpu's evtchn_upcall_pending is set (WFI must not block). */
bool evtchn_vcpu_has_pending(struct evtchn_domain *d, unsigned vcpu);
/**
 * evtchn_vcpu_info_moved() - call after VCPUOP_register_vcpu_info moved
 * @vcpu's vcpu_info (hooks->vcpu_info already returns the new one): sets
 * every evtchn_pending_sel bit and raises the upcall, as Xen does.
 */
void evtchn_vcpu_info_moved(struct evtchn_domain *d, unsigned vcpu);
/** Print every open port of @d (debug key 'e'). */
void evtchn_dump(struct evtchn_domain *d, void (*print)(const char *fmt, ...));

/* ------------------------------------------------------------------------
 * Internal to hyp/core/evtchn*.c: the per-ABI delivery operations. All are
 * called with the domain's lock held on a port that is in use.
 */
struct evtchn_port *evtchn_port_get(struct evtchn_domain *d, uint32_t port);
void evtchn_upcall_locked(struct evtchn_domain *d, unsigned vcpu);
void evtchn_upcall_vi_locked(struct evtchn_domain *d, unsigned vcpu, struct vcpu_info *vi);
/** For hooks->upcall: queue a mark_pending call for @vcpu (< nr_vcpus). Lock held. */
void evtchn_queue_upcall_locked(struct evtchn_domain *d, unsigned vcpu);

/** A port of @d became pending: owe a port_raised hook call if a vCPU may poll. */
static inline void evtchn_raised_locked(struct evtchn_domain *d)
{
	if (__atomic_load_n(&d->polling, __ATOMIC_SEQ_CST) && d->hooks->port_raised) {
		__atomic_store_n(&d->is_raised, true, __ATOMIC_SEQ_CST);
		__atomic_store_n(&d->kick_owed, true, __ATOMIC_SEQ_CST);
	}
}

void evtchn_2l_set_pending(struct evtchn_domain *d, uint32_t port, unsigned vcpu);
void evtchn_2l_clear_pending(struct evtchn_domain *d, uint32_t port);
void evtchn_2l_unmask(struct evtchn_domain *d, uint32_t port, unsigned vcpu);
bool evtchn_2l_is_pending(struct evtchn_domain *d, uint32_t port);
bool evtchn_2l_is_masked(struct evtchn_domain *d, uint32_t port);

int evtchn_fifo_init_control(struct evtchn_domain *d, struct evtchn_init_control *ic);
int evtchn_fifo_expand_array(struct evtchn_domain *d, uint64_t gfn);
void evtchn_fifo_destroy(struct evtchn_domain *d);
void evtchn_fifo_set_pending(struct evtchn_domain *d, uint32_t port, struct evtchn_port *p,
			     unsigned vcpu);
void evtchn_fifo_clear_pending(struct evtchn_domain *d, uint32_t port);
void evtchn_fifo_unmask(struct evtchn_domain *d, uint32_t port, struct evtchn_port *p);
bool evtchn_fifo_is_pending(struct evtchn_domain *d, uint32_t port);
bool evtchn_fifo_is_masked(struct evtchn_domain *d, uint32_t port);
bool evtchn_fifo_is_busy(struct evtchn_domain *d, uint32_t port);

#endif
