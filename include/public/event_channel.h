/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_event_channel_op(cmd, arg) and the FIFO event ABI (Xen
 * public event_channel.h; docs xen-abi-arm64.md sections 4.3 - 4.5).
 *
 * Ports are per domain; port 0 is never allocated. A port is in one of the
 * EVTCHNSTAT_* states. The 2-level ABI (bitmaps in shared_info) allows
 * ports below EVTCHN_2L_NR_CHANNELS; after EVTCHNOP_init_control the FIFO
 * ABI (event words in guest pages, per-vCPU control blocks) allows ports
 * below EVTCHN_FIFO_NR_CHANNELS.
 */
#ifndef XEN_PUBLIC_EVENT_CHANNEL_H
#define XEN_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0 /* struct evtchn_bind_interdomain */
#define EVTCHNOP_bind_virq 1        /* struct evtchn_bind_virq */
#define EVTCHNOP_bind_pirq 2        /* struct evtchn_bind_pirq (not on Arm) */
#define EVTCHNOP_close 3            /* struct evtchn_close */
#define EVTCHNOP_send 4             /* struct evtchn_send */
#define EVTCHNOP_status 5           /* struct evtchn_status */
#define EVTCHNOP_alloc_unbound 6    /* struct evtchn_alloc_unbound */
#define EVTCHNOP_bind_ipi 7         /* struct evtchn_bind_ipi */
#define EVTCHNOP_bind_vcpu 8        /* struct evtchn_bind_vcpu */
#define EVTCHNOP_unmask 9           /* struct evtchn_unmask */
#define EVTCHNOP_reset 10           /* struct evtchn_reset */
#define EVTCHNOP_init_control 11    /* struct evtchn_init_control */
#define EVTCHNOP_expand_array 12    /* struct evtchn_expand_array */
#define EVTCHNOP_set_priority 13    /* struct evtchn_set_priority */

/* evtchn_status.status */
#define EVTCHNSTAT_closed 0      /* not in use */
#define EVTCHNSTAT_unbound 1     /* waiting for a bind_interdomain */
#define EVTCHNSTAT_interdomain 2 /* connected to a port of some domain */
#define EVTCHNSTAT_pirq 3        /* bound to a physical IRQ */
#define EVTCHNSTAT_virq 4        /* bound to a VIRQ */
#define EVTCHNSTAT_ipi 5         /* bound to an IPI */

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE 1

/* Ports the 2-level ABI can name: 64 words of 64 bits */
#define EVTCHN_2L_NR_CHANNELS 4096

/* FIFO ABI: priorities, one queue per priority */
#define EVTCHN_FIFO_PRIORITY_MAX 0 /* highest */
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN 15 /* lowest */
#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

/* FIFO event word (one uint32_t per port): bit numbers and the link field */
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED 30
#define EVTCHN_FIFO_LINKED 29
#define EVTCHN_FIFO_BUSY 28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)
/* Event words per 4 KiB array page, and the most pages expand_array accepts */
#define EVTCHN_FIFO_EVENT_WORDS_PER_PAGE 1024
#define EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES                                      \
	(EVTCHN_FIFO_NR_CHANNELS / EVTCHN_FIFO_EVENT_WORDS_PER_PAGE)

#ifndef __ASSEMBLY__

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

typedef uint32_t event_word_t;

/**
 * struct evtchn_alloc_unbound - allocate a port in `dom` that `remote_dom`
 * may later connect to with bind_interdomain.
 */
struct evtchn_alloc_unbound {
	domid_t dom;          /* IN */
	domid_t remote_dom;   /* IN */
	evtchn_port_t port;   /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
XEN_CHECK_SIZE(struct evtchn_alloc_unbound, 8);
XEN_CHECK_OFFSET(struct evtchn_alloc_unbound, dom, 0);
XEN_CHECK_OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
XEN_CHECK_OFFSET(struct evtchn_alloc_unbound, port, 4);

/**
 * struct evtchn_bind_interdomain - connect a new local port to the unbound
 * port remote_port of remote_dom. The new local port starts pending.
 */
struct evtchn_bind_interdomain {
	domid_t remote_dom;        /* IN */
	uint16_t pad;              /* implicit in Xen */
	evtchn_port_t remote_port; /* IN */
	evtchn_port_t local_port;  /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
XEN_CHECK_SIZE(struct evtchn_bind_interdomain, 12);
XEN_CHECK_OFFSET(struct evtchn_bind_interdomain, remote_dom, 0);
XEN_CHECK_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
XEN_CHECK_OFFSET(struct evtchn_bind_interdomain, local_port, 8);

/** struct evtchn_bind_virq - bind VIRQ_* `virq` to a new port on `vcpu` */
struct evtchn_bind_virq {
	uint32_t virq;      /* IN */
	uint32_t vcpu;      /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
XEN_CHECK_SIZE(struct evtchn_bind_virq, 12);
XEN_CHECK_OFFSET(struct evtchn_bind_virq, virq, 0);
XEN_CHECK_OFFSET(struct evtchn_bind_virq, vcpu, 4);
XEN_CHECK_OFFSET(struct evtchn_bind_virq, port, 8);

/** struct evtchn_bind_pirq - bind a physical IRQ (x86 only) */
struct evtchn_bind_pirq {
	uint32_t pirq;      /* IN */
	uint32_t flags;     /* IN: BIND_PIRQ__* */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;
XEN_CHECK_SIZE(struct evtchn_bind_pirq, 12);
XEN_CHECK_OFFSET(struct evtchn_bind_pirq, pirq, 0);
XEN_CHECK_OFFSET(struct evtchn_bind_pirq, flags, 4);
XEN_CHECK_OFFSET(struct evtchn_bind_pirq, port, 8);

/** struct evtchn_bind_ipi - a port that notifies `vcpu` of the same domain */
struct evtchn_bind_ipi {
	uint32_t vcpu;      /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
XEN_CHECK_SIZE(struct evtchn_bind_ipi, 8);
XEN_CHECK_OFFSET(struct evtchn_bind_ipi, vcpu, 0);
XEN_CHECK_OFFSET(struct evtchn_bind_ipi, port, 4);

/** struct evtchn_close - close a port; an interdomain peer becomes unbound */
struct evtchn_close {
	evtchn_port_t port;
};
typedef struct evtchn_close evtchn_close_t;
XEN_CHECK_SIZE(struct evtchn_close, 4);
XEN_CHECK_OFFSET(struct evtchn_close, port, 0);

/** struct evtchn_send - raise the other end of a port */
struct evtchn_send {
	evtchn_port_t port;
};
typedef struct evtchn_send evtchn_send_t;
XEN_CHECK_SIZE(struct evtchn_send, 4);
XEN_CHECK_OFFSET(struct evtchn_send, port, 0);

/**
 * struct evtchn_status - state of port `port` of domain `dom`; `u` holds
 * the state-specific detail.
 */
struct evtchn_status {
	domid_t dom;        /* IN */
	uint16_t pad;       /* implicit in Xen */
	evtchn_port_t port; /* IN */
	uint32_t status;    /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;      /* OUT: vCPU notified */
	union {
		struct {
			domid_t dom; /* who may bind */
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};
typedef struct evtchn_status evtchn_status_t;
XEN_CHECK_SIZE(struct evtchn_status, 24);
XEN_CHECK_OFFSET(struct evtchn_status, dom, 0);
XEN_CHECK_OFFSET(struct evtchn_status, port, 4);
XEN_CHECK_OFFSET(struct evtchn_status, status, 8);
XEN_CHECK_OFFSET(struct evtchn_status, vcpu, 12);
XEN_CHECK_OFFSET(struct evtchn_status, u, 16);
XEN_CHECK_OFFSET(struct evtchn_status, u.unbound.dom, 16);
XEN_CHECK_OFFSET(struct evtchn_status, u.interdomain.dom, 16);
XEN_CHECK_OFFSET(struct evtchn_status, u.interdomain.port, 20);
XEN_CHECK_OFFSET(struct evtchn_status, u.pirq, 16);
XEN_CHECK_OFFSET(struct evtchn_status, u.virq, 16);

/** struct evtchn_bind_vcpu - deliver `port` to `vcpu` from now on */
struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
XEN_CHECK_SIZE(struct evtchn_bind_vcpu, 8);
XEN_CHECK_OFFSET(struct evtchn_bind_vcpu, port, 0);
XEN_CHECK_OFFSET(struct evtchn_bind_vcpu, vcpu, 4);

/** struct evtchn_unmask - clear the mask; deliver now if pending */
struct evtchn_unmask {
	evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;
XEN_CHECK_SIZE(struct evtchn_unmask, 4);
XEN_CHECK_OFFSET(struct evtchn_unmask, port, 0);

/** struct evtchn_reset - close every port of `dom` */
struct evtchn_reset {
	domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;
XEN_CHECK_SIZE(struct evtchn_reset, 2);
XEN_CHECK_OFFSET(struct evtchn_reset, dom, 0);

/**
 * struct evtchn_init_control - switch the caller to the FIFO ABI (first
 * call) and register the control block of `vcpu` at byte `offset` of guest
 * frame control_gfn. Returns the number of link bits.
 */
struct evtchn_init_control {
	uint64_t control_gfn; /* IN */
	uint32_t offset;      /* IN */
	uint32_t vcpu;        /* IN */
	uint8_t link_bits;    /* OUT */
	uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;
XEN_CHECK_SIZE(struct evtchn_init_control, 24);
XEN_CHECK_OFFSET(struct evtchn_init_control, control_gfn, 0);
XEN_CHECK_OFFSET(struct evtchn_init_control, offset, 8);
XEN_CHECK_OFFSET(struct evtchn_init_control, vcpu, 12);
XEN_CHECK_OFFSET(struct evtchn_init_control, link_bits, 16);
XEN_CHECK_OFFSET(struct evtchn_init_control, _pad, 17);

/** struct evtchn_expand_array - append one page of event words */
struct evtchn_expand_array {
	uint64_t array_gfn;
};
typedef struct evtchn_expand_array evtchn_expand_array_t;
XEN_CHECK_SIZE(struct evtchn_expand_array, 8);
XEN_CHECK_OFFSET(struct evtchn_expand_array, array_gfn, 0);

/** struct evtchn_set_priority - FIFO queue (priority 0..15) of `port` */
struct evtchn_set_priority {
	evtchn_port_t port;
	uint32_t priority;
};
typedef struct evtchn_set_priority evtchn_set_priority_t;
XEN_CHECK_SIZE(struct evtchn_set_priority, 8);
XEN_CHECK_OFFSET(struct evtchn_set_priority, port, 0);
XEN_CHECK_OFFSET(struct evtchn_set_priority, priority, 4);

/**
 * struct evtchn_fifo_control_block - per-vCPU FIFO state in guest memory:
 * bit q of `ready` says queue q is non-empty, head[q] is its first port
 * (0 = empty).
 */
struct evtchn_fifo_control_block {
	uint32_t ready;
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;
XEN_CHECK_SIZE(struct evtchn_fifo_control_block, 72);
XEN_CHECK_OFFSET(struct evtchn_fifo_control_block, ready, 0);
XEN_CHECK_OFFSET(struct evtchn_fifo_control_block, _rsvd, 4);
XEN_CHECK_OFFSET(struct evtchn_fifo_control_block, head, 8);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_EVENT_CHANNEL_H */
