/* SPDX-License-Identifier: MIT */
/*
 * Domains and vCPUs: their life cycle (create, run, pause, shut down,
 * destroy), their memory, and the per-vCPU saved state.
 *
 * A domain owns: its RAM (recorded chunk by chunk so destruction gives every
 * page back), its stage-2 tables and VMID, its virtual GIC, its emulated
 * devices (MMIO handlers), its vCPUs. Destruction is deferred until none of
 * its vCPUs is loaded on any pCPU (domain_reap()).
 *
 * Locks: domlist_lock guards the domain list and domid allocation; the
 * scheduler lock guards vCPU run states; each device has its own lock.
 */
#ifndef HYP_DOMAIN_H
#define HYP_DOMAIN_H

#include <asm/regs.h>
#include <asm/stage2.h>
#include <asm/vcpu_arch.h>
#include <hyp/list.h>
#include <hyp/page_alloc.h>
#include <hyp/sched.h>
#include <hyp/spinlock.h>
#include <hyp/time.h>
#include <hyp/types.h>
#include <hyp/vgic.h>
#include <hyp/vpl011.h>
#include <hyp/evtchn.h>
#include <hyp/gnttab.h>
#include <public/hvm_params.h>
#include <public/xen.h>

#define MAX_DOMAINS 64
#define MAX_VCPUS_PER_DOMAIN 128 /* GUEST_MAX_VCPUS, limited by the GICR region */
#define DOMAIN_NAME_LEN 32
#define MAX_MMIO_HANDLERS 8
#define MAX_RAM_CHUNKS 512
#define NR_DOMAIN_WATCHDOG_TIMERS 2 /* Xen's per-domain SCHEDOP_watchdog timers */

/* Run states, numbered as Xen's RUNSTATE_* (public vcpu.h). */
enum runstate { RUNSTATE_running = 0, RUNSTATE_runnable = 1, RUNSTATE_blocked = 2,
		RUNSTATE_offline = 3 };

/* Shutdown reasons, numbered as Xen's SHUTDOWN_* (public sched.h). */
enum shutdown_reason { SHUTDOWN_poweroff = 0, SHUTDOWN_reboot = 1, SHUTDOWN_suspend = 2,
		       SHUTDOWN_crash = 3, SHUTDOWN_watchdog = 4 };

struct domain;

struct vcpu {
	struct cpu_regs regs; /* guest GPRs, PC, PSTATE while not on a pCPU */
	struct vcpu_arch arch;
	struct vgic_cpu vgic;
	struct domain *domain;
	unsigned id;
	/* Scheduling (guarded by the scheduler lock). */
	struct list_head runq_link;
	int processor;          /* pCPU it runs on / last ran on */
	bool is_running;        /* loaded on a pCPU right now */
	bool is_online;         /* PSCI: started and not CPU_OFF */
	bool is_blocked;        /* WFI / waiting for an interrupt */
	unsigned pause_count;   /* > 0: not schedulable */
	bool migrating;
	s_time_t slice_start;
	enum runstate runstate;
	s_time_t runstate_entry;
	s_time_t runstate_time[4];
	uint64_t hard_affinity; /* bitmap of pCPUs it may run on */
	/* ---- Scheduler policies (hyp/core/sched/, sched.h; scheduler lock) */
	uint64_t soft_affinity;     /* pCPUs it prefers (credit2); 0 or ~0: no preference */
	struct sched_vcpu_data sched;
	/* ---- end of scheduler policies */
	/* PSCI CPU_ON request waiting for the vCPU to be (re)started. */
	spinlock_t power_lock;
	struct timer vtimer_timer; /* virtual timer of a descheduled vCPU */
	bool arch_reload;          /* reset pending: reload context even if it keeps running */
	bool reset_pending;
	uint64_t reset_pc, reset_x0;
	/* Xen interfaces */
	struct vcpu_info *vcpu_info;   /* where its vcpu_info lives now (host pointer) */
	paddr_t vcpu_info_page;        /* registered page (referenced), 0 if none */
	struct vcpu_info *dummy_vcpu_info; /* vCPUs > 0 before registration */
	struct vcpu_info dummy_vcpu_info_store;
	struct timer poll_timer;       /* SCHEDOP_poll timeout */
	bool is_polling;               /* blocked in SCHEDOP_poll */
	bool ctx_online;               /* setvcpucontext VGCF_online: start at unpause */
	/* Exit statistics (debug key 'q'); stat_exits counts the sync exits other than hypercalls and MMIO
	 * (one counter each on the fast paths). */
	uint64_t stat_exits, stat_irq_exits, stat_hypercalls, stat_mmio, stat_wfi, stat_injected;
	uint64_t runstate_gva;         /* VCPUOP_register_runstate_memory_area, 0 if none */
	/* Guest debugging (hyp/core/gdbsx.c): single-step on, pending event, gdbsx pause */
	bool dbg_step;
	bool gdbsx_paused;
	uint32_t gdbsx_event;          /* XEN_GDBSX_EV_*, 0 if none */
};

typedef int (*mmio_fn)(struct vcpu *v, uint64_t offset, bool is_write, uint64_t *val,
		       unsigned size, void *priv);

struct mmio_handler {
	ipa_t base;
	uint64_t size;
	mmio_fn fn;
	void *priv;
};

struct ram_chunk {
	ipa_t ipa;       /* ~0: allocated but not mapped (increase_reservation) */
	paddr_t pa;
	unsigned order;
	bool split;      /* split into 4 KiB pages, some possibly given back */
};

struct domain_config {
	char name[DOMAIN_NAME_LEN];
	bool xen_enhanced;
	bool xenstore;      /* xen,enhanced = "enabled": a xenstore event channel, ring set up later by dom0 */
	bool toolstack_built; /* created by domctl: paused, no hypervisor-served console */
	uint64_t memory_kb;
	unsigned nr_vcpus;
	bool vpl011;
	bool is_privileged; /* dom0 */
	int domid;          /* -1: allocate */
	unsigned cpupool_id; /* its cpupool (0: Pool-0) */
};

struct domain {
	uint16_t domid;
	char name[DOMAIN_NAME_LEN];
	struct list_head link;
	bool is_privileged;
	bool is_dying;
	bool is_shutdown;
	int shutdown_reason;
	struct page_owner mem;
	struct stage2 s2;
	uint64_t ram_bytes;
	unsigned nr_ram_chunks;
	struct ram_chunk ram[MAX_RAM_CHUNKS];
	unsigned nr_vcpus;
	struct vcpu **vcpus;
	struct vgic_dist vgic;
	struct vgic_irq *vgic_spis;
	struct vgic_cpu **vgic_cpus;
	struct vpl011 *vpl011;
	unsigned nr_mmio;
	struct mmio_handler mmio[MAX_MMIO_HANDLERS];
	uint64_t cntvoff;
	s_time_t created;
	/* ---- Scheduler policies (hyp/core/sched/, sched.h; scheduler lock) */
	struct sched_dom_data sched;
	/* ---- end of scheduler policies */
	/* Xen interfaces (hyp/core/xen_domain.c) */
	bool xen_enhanced;             /* /hypervisor node: Linux sees Xen */
	bool xenstore;                 /* xenstore port allocated, ring "late" (STORE_PFN ~0) */
	bool toolstack_built;          /* created through domctl by dom0's toolstack */
	bool ctl_paused;               /* paused by the toolstack (pausedomain / created) */
	bool reaping;                  /* domain_reap() is freeing it */
	bool reap_deferred;            /* grants still mapped elsewhere: retry later */
	uint64_t grace_gen;            /* unlinked, freed once every pCPU passed it */
	uint64_t paging_mempool_bytes; /* set_paging_mempool_size (recorded) */
	struct shared_info *shared_info;
	paddr_t shared_info_pa;
	uint64_t shared_info_gfn;      /* where the guest mapped it, 0 if not */
	struct evtchn_domain evtchn;
	struct gnttab_domain gnttab;
	bool xen_ready;                /* evtchn/gnttab/shared_info set up */
	struct xencons_interface *pv_console; /* hypervisor-served PV console ring */
	paddr_t pv_console_pa;
	spinlock_t pv_console_lock;
	uint64_t hvm_param[HVM_NR_PARAMS];
	uint8_t handle[16];
	uint64_t vm_assist;
	int shutdown_code;             /* SCHEDOP_shutdown_code, -1 if none */
	/* SCHEDOP_watchdog timers (hyp/core/sched_op.c; watchdog_lock) */
	spinlock_t watchdog_lock;
	uint8_t watchdog_inuse;        /* bit i: timer i armed by the guest */
	struct timer watchdog_timer[NR_DOMAIN_WATCHDOG_TIMERS];
	/* console_io input for a domain whose console is hvc0 via console_io */
	uint8_t conin[256];
	unsigned conin_prod, conin_cons;
	bool debugger_attached;        /* XEN_DOMCTL_setdebugging: BRK/step trap to EL2 */
};

extern struct list_head domain_list;
extern spinlock_t domlist_lock;

struct domain *domain_create(const struct domain_config *cfg);
int domain_alloc_ram(struct domain *d, ipa_t base, uint64_t bytes);
void domain_unpause(struct domain *d);
void domain_shutdown(struct domain *d, int reason);
void domain_crash(struct domain *d, const char *why);
void domain_destroy(struct domain *d);
void domain_reap(void);
/* This pCPU is at a point where it holds no domain pointer from before
 * (it takes an interrupt: guest context or idle); irq_handle() calls it. */
void domain_quiescent_point(void);
/* Raise the global @virq in dom0 (if up and not @except); call with no lock held. */
void domain_virq_to_dom0(unsigned virq, const struct domain *except);
struct domain *domain_by_id(unsigned domid);
unsigned domain_count(void);
int domain_register_mmio(struct domain *d, ipa_t base, uint64_t size, mmio_fn fn, void *priv);
/* Copy to/from guest physical memory (stage-2 lookup); -EFAULT if unmapped. */
int copy_to_guest_phys(struct domain *d, ipa_t ipa, const void *src, size_t len);
int copy_from_guest_phys(struct domain *d, void *dst, ipa_t ipa, size_t len);
int clean_guest_dcache(struct domain *d, ipa_t ipa, size_t len);

/* SCHEDOP_watchdog: set up at creation, stopped when the domain is destroyed. */
void domain_watchdog_init(struct domain *d);
void domain_watchdog_stop_all(struct domain *d);

/* vCPU life cycle */
void vcpu_reset_state(struct vcpu *v, uint64_t pc, uint64_t x0);
const char *runstate_name(enum runstate s);

#endif
