/* SPDX-License-Identifier: MIT */
/*
 * A stand-in hypervisor for the toolstack's host tests: it answers the
 * domctl / sysctl / memory_op / hvm_op / event_channel_op / xen_version
 * calls of tools/libs/ctrl from a small domain table, checking envelopes
 * as the real one does (interface version 0x15, -ESRCH for a missing
 * domain, "first id >= n" for getdomaininfo). It also models cpupools
 * and scheduler parameters with the real hypervisor's rules and errno values
 * (hyp/core/sched.c): 4 CPUs, Pool-0 (credit2) holding CPUs 0-2, CPU 3 free.
 */
#ifndef TESTS_FAKEXEN_H
#define TESTS_FAKEXEN_H

#include <stdbool.h>
#include <stdint.h>

#include <public/domctl.h>
#include <public/sysctl.h>

#define FAKE_MAX_DOMS 8
#define FAKE_MAX_VCPUS 4

struct fake_dom {
	bool exists;
	domid_t id;
	uint32_t flags; /* XEN_DOMINF_* */
	uint64_t tot_pages, max_pages, max_memkb, populated;
	uint32_t max_vcpus;
	bool vcpus_allocated;
	uint64_t cpu_time;
	uint8_t handle[16];
	struct vcpu_guest_context ctx[FAKE_MAX_VCPUS];
	uint64_t hvm_params[64];
	uint32_t address_size;
	uint64_t paging_pool;
	uint64_t flushed_pages;
	/* Guest debugging: FAKE_GUEST_MEM bytes of guest memory at virtual address
	 * FAKE_GUEST_VA; "running" a debugged domain (unpause) single-steps vCPU 0
	 * by 4 bytes, or moves its PC to the next BRK #0 in that memory (a hit). */
	uint8_t mem[4096];
	bool debugging;
	bool step[FAKE_MAX_VCPUS];
	uint32_t event_vcpu, event; /* pending gdbsx event (0: none) */
	uint32_t cpupool;
	uint64_t hard[FAKE_MAX_VCPUS], soft[FAKE_MAX_VCPUS];
	uint16_t weight, cap;                       /* credit2 */
	struct xen_domctl_sched_rtds rtds[FAKE_MAX_VCPUS];
};

#define FAKE_MAX_POOLS 8
#define FAKE_NR_CPUS 4

struct fake_pool {
	bool exists;
	uint32_t sched_id;
	uint64_t cpus;
	uint32_t ratelimit_us;
	struct xen_sysctl_arinc653_schedule a653;
};
#define FAKE_GUEST_VA 0x40000000ULL
#define FAKE_GUEST_MEM 4096

struct fakexen {
	struct fake_dom doms[FAKE_MAX_DOMS];
	char conring[8192];
	uint32_t con_prod; /* bytes ever written */
	uint32_t con_cons; /* oldest byte kept (clear moves it to con_prod) */
	char keys[64];     /* debug keys received */
	uint32_t next_port;
	unsigned int calls[128]; /* domctl counts by number */
	unsigned int sysctl_calls[32];
	uint32_t fail_domctl;  /* make this domctl fail ... */
	int fail_errno;        /* ... with -fail_errno */
	uint32_t fail_sysctl;  /* same for a sysctl */
	uint32_t interface_version_seen;
	/* trace buffers (XEN_SYSCTL_tbuf_op): pages per CPU (0: none), masks, on */
	uint32_t tb_pages, tb_evt_mask;
	uint64_t tb_cpu_mask;
	bool tb_enabled;
	struct fake_pool pools[FAKE_MAX_POOLS];  /* index = pool id */
	uint32_t last_create_pool;               /* cpupool_id of the last createdomain */
};

void fakexen_init(struct fakexen *fx);
struct fake_dom *fakexen_add(struct fakexen *fx, domid_t id, uint32_t vcpus, uint64_t pages);
void fakexen_console(struct fakexen *fx, const char *text);
long fakexen_hypercall(void *ctx, uint64_t op, const uint64_t arg[5]);

#endif
