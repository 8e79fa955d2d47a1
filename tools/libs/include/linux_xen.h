/* SPDX-License-Identifier: MIT */
/*
 * Linux's user-space interface to the Xen drivers of dom0, as in Linux 6.1
 * include/uapi/xen/{privcmd,evtchn,gntdev}.h (facts: structure layouts and
 * ioctl numbers, written here because the installed uapi privcmd.h includes
 * kernel-only headers).
 *
 *   /dev/xen/privcmd    hypercalls on behalf of user space, foreign mappings
 *   /dev/xen/hypercall  mmap-able, locked pages for hypercall arguments
 *   /dev/xen/evtchn     event channels: read() returns pending ports (u32),
 *                       write() of ports unmasks them
 *   /dev/xen/gntdev     mapping of other domains' grants: ioctl, then mmap()
 *                       at the returned offset
 */
#ifndef TOOLS_LINUX_XEN_H
#define TOOLS_LINUX_XEN_H

#include <stdint.h>
#include <linux/ioctl.h>

/* ------------------------------------------------------------- privcmd */

/** struct privcmd_hypercall - IOCTL_PRIVCMD_HYPERCALL: op and 5 arguments */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};

/**
 * struct privcmd_mmapbatch_v2 - IOCTL_PRIVCMD_MMAPBATCH_V2: map `num` frames
 * of domain `dom` (GFNs in arr) at `addr`, inside a VMA obtained by mmap()
 * of the privcmd fd; err[i] receives each frame's result (0 or -errno).
 */
struct privcmd_mmapbatch_v2 {
	uint32_t num;
	uint16_t dom;
	uint16_t pad;
	uint64_t addr;
	uint64_t arr; /* const xen_pfn_t * */
	uint64_t err; /* int * */
};
_Static_assert(sizeof(struct privcmd_mmapbatch_v2) == 32, "privcmd_mmapbatch_v2");

/** struct privcmd_mmap_resource - IOCTL_PRIVCMD_MMAP_RESOURCE */
struct privcmd_mmap_resource {
	uint16_t dom;
	uint16_t pad;
	uint32_t type;
	uint32_t id;
	uint32_t idx;
	uint64_t num;
	uint64_t addr;
};
_Static_assert(sizeof(struct privcmd_mmap_resource) == 32, "privcmd_mmap_resource");

#define IOCTL_PRIVCMD_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
#define IOCTL_PRIVCMD_MMAPBATCH_V2 _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))
#define IOCTL_PRIVCMD_RESTRICT _IOC(_IOC_NONE, 'P', 6, sizeof(uint16_t))
#define IOCTL_PRIVCMD_MMAP_RESOURCE _IOC(_IOC_NONE, 'P', 7, sizeof(struct privcmd_mmap_resource))

/* -------------------------------------------------------------- evtchn */

struct ioctl_evtchn_bind_virq {
	uint32_t virq;
};
struct ioctl_evtchn_bind_interdomain {
	uint32_t remote_domain, remote_port;
};
struct ioctl_evtchn_bind_unbound_port {
	uint32_t remote_domain;
};
struct ioctl_evtchn_port {
	uint32_t port; /* struct ioctl_evtchn_unbind / _notify */
};

#define IOCTL_EVTCHN_BIND_VIRQ _IOC(_IOC_NONE, 'E', 0, sizeof(struct ioctl_evtchn_bind_virq))
#define IOCTL_EVTCHN_BIND_INTERDOMAIN                                          \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT                                         \
	_IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_UNBIND _IOC(_IOC_NONE, 'E', 3, sizeof(struct ioctl_evtchn_port))
#define IOCTL_EVTCHN_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_port))
#define IOCTL_EVTCHN_RESET _IOC(_IOC_NONE, 'E', 5, 0)

/* -------------------------------------------------------------- gntdev */

struct ioctl_gntdev_grant_ref {
	uint32_t domid;
	uint32_t ref;
};

/** struct ioctl_gntdev_map_grant_ref - `count` refs follow; `index` is OUT (mmap offset) */
struct ioctl_gntdev_map_grant_ref {
	uint32_t count;
	uint32_t pad;
	uint64_t index;
	struct ioctl_gntdev_grant_ref refs[1];
};

struct ioctl_gntdev_unmap_grant_ref {
	uint64_t index;
	uint32_t count;
	uint32_t pad;
};

struct ioctl_gntdev_get_offset_for_vaddr {
	uint64_t vaddr;
	uint64_t offset; /* OUT */
	uint32_t count;  /* OUT */
	uint32_t pad;
};

#define IOCTL_GNTDEV_MAP_GRANT_REF _IOC(_IOC_NONE, 'G', 0, sizeof(struct ioctl_gntdev_map_grant_ref))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF                                           \
	_IOC(_IOC_NONE, 'G', 1, sizeof(struct ioctl_gntdev_unmap_grant_ref))
#define IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR                                      \
	_IOC(_IOC_NONE, 'G', 2, sizeof(struct ioctl_gntdev_get_offset_for_vaddr))

#endif
