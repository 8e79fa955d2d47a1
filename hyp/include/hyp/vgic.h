/* SPDX-License-Identifier: MIT */
/*
 * Virtual GICv3: the state model of a domain's interrupt controller, the
 * emulation of the distributor (GICD) and redistributor (GICR) MMIO frames,
 * and the list-register (ICH_LR<n>_EL2) bookkeeping. Portable C: the arch code
 * copies vgic_cpu.lr[] to and from the hardware list registers and programs
 * ICH_HCR_EL2 = En | vgic_cpu.hcr; everything else lives here.
 *
 * Guest view (Xen 4.17 layout): GICD 64 KiB, GICR region with one 128 KiB
 * pair of frames (RD_base, SGI_base) per vCPU, vCPU n at n * VGIC_GICR_STRIDE.
 * Single security state (GICD_CTLR.DS=1), affinity routing always on (ARE=1),
 * every interrupt in Group 1 (IGROUPR RAO/WI), no LPIs/ITS.
 *
 * Lock: one spinlock per vgic_dist guards every field of the dist, of its
 * vgic_cpus and of every vgic_irq, except the direct LR of the event upcall
 * (direct_state: atomic; direct_hw, loaded_cpu: the owning pCPU's), whose
 * injection and exit fold take no lock. It is a leaf lock: nothing else is
 * taken while it is held; vgic_kick() is called only after it is released.
 * See hyp/core/vgic.c for the full description of the model.
 */
#ifndef HYP_VGIC_H
#define HYP_VGIC_H

#include <asm/vgic_lr.h>
#include <hyp/spinlock.h>
#include <hyp/types.h>

#define VGIC_NR_SGIS 16
#define VGIC_NR_PRIVATE 32		/* SGIs 0-15 + PPIs 16-31, per vCPU */
#define VGIC_MAX_SPIS 988		/* SPIs 32..1019 */
#define VGIC_MAX_LRS 16			/* ICH_VTR_EL2.ListRegs is 4 bits */
#define VGIC_MAX_VCPUS 128		/* 16 MiB GICR region / 128 KiB per vCPU */
#define VGIC_NO_TARGET 0xFFFF

#define VGIC_GICD_SIZE 0x10000UL
#define VGIC_GICR_STRIDE 0x20000UL	/* RD_base + SGI_base frames */
#define VGIC_GICR_SGI_OFFSET 0x10000UL

/* ICH_LR<n>_EL2 fields (Arm IHI0069, ICH_LR<n>_EL2). */
#define ICH_LR_VINTID_MASK 0xFFFFFFFFULL
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_PINTID_MASK (0x1FFFULL << ICH_LR_PINTID_SHIFT)
#define ICH_LR_EOI (1ULL << 41)		/* HW=0: maintenance interrupt on EOI */
#define ICH_LR_PRIORITY_SHIFT 48
#define ICH_LR_PRIORITY_MASK (0xFFULL << ICH_LR_PRIORITY_SHIFT)
#define ICH_LR_GROUP1 (1ULL << 60)
#define ICH_LR_HW (1ULL << 61)
#define ICH_LR_STATE_PENDING (1ULL << 62)
#define ICH_LR_STATE_ACTIVE (1ULL << 63)
#define ICH_LR_STATE_MASK (3ULL << 62)
/* vgic_irq.lr_state: loaded with ICH_LR.EOI (a level IRQ whose line was high). */
#define VGIC_LR_RESAMPLE 4

/* ICH_HCR_EL2 bits the vgic may ask for in vgic_cpu.hcr (the arch adds En). */
#define ICH_HCR_EN (1U << 0)
#define ICH_HCR_UIE (1U << 1)

/**
 * One virtual interrupt. Private ones live in their vgic_cpu, SPIs in the
 * array handed to vgic_dist_init(). All fields are guarded by the dist lock.
 * Group is not stored: every interrupt is Group 1.
 */
struct vgic_irq {
	struct vgic_irq *ap_next, *ap_prev; /* links on ap_cpu's ap list */
	struct vgic_cpu *ap_cpu;	    /* whose ap list holds it; NULL if none */
	uint64_t irouter;		    /* SPIs: GICD_IROUTER<n> as written */
	uint16_t intid;
	uint16_t target;		    /* vCPU index it is delivered to, VGIC_NO_TARGET */
	uint16_t hw_intid;		    /* physical INTID when is_hw */
	uint8_t priority;		    /* lower value = higher priority */
	uint8_t lr_state;		    /* ICH_LR_STATE_* >> 62 as loaded by flush, | VGIC_LR_RESAMPLE */
	bool enabled;
	bool pending_latch;		    /* edge latch, or ISPENDR for level */
	bool line_level;		    /* input line (vgic_set_level) */
	bool active;
	bool is_level;			    /* ICFGR: level-sensitive (else edge) */
	bool is_hw;			    /* LR gets HW=1 + hw_intid (passthrough) */
	bool in_lr;			    /* loaded into an LR of ap_cpu since flush */
	bool pend_written;		    /* guest cleared pending while in_lr */
	bool act_written;		    /* guest changed active while in_lr */
};

/* vgic_cpu.direct_state bits (atomic; see "Direct LR" in hyp/core/vgic.c). */
#define VGIC_DIRECT_ARMED 1U  /* direct_intid is quiet: the owner may write it straight into LR0 */
#define VGIC_DIRECT_LOADED 2U /* ... and did so; the model still shows it quiet */
#define VGIC_NO_DIRECT 0xFFFF

/** Per-domain distributor state. Allocated by the caller. */
struct vgic_dist {
	spinlock_t lock;
	uint32_t ctlr;		 /* GICD_CTLR EnableGrp0/EnableGrp1 bits */
	unsigned nr_spis;
	struct vgic_irq *spis;	 /* nr_spis entries, INTID 32 + i */
	unsigned nr_vcpus;
	struct vgic_cpu **cpus;	 /* nr_vcpus entries, NULL until vgic_cpu_init */
	/* Bumped under the lock by every change that may give a vCPU something
	 * to load (injection, guest MMIO write, LR fold); read without it. */
	uint32_t gen;
};

/** Per-vCPU redistributor and CPU-interface (list register) state. */
struct vgic_cpu {
	struct vgic_dist *dist;
	void *owner;		 /* the struct vcpu, passed to vgic_kick() */
	struct vgic_irq private_irqs[VGIC_NR_PRIVATE];
	struct vgic_irq *ap_head; /* IRQs targeting this vCPU that are pending or active */
	/* List registers: written by vgic_flush_lrs() for the arch to load into
	 * ICH_LR<n>_EL2 (all nr_lr of them; unused ones are 0), and filled back
	 * by the arch from the hardware before vgic_sync_lrs(). */
	uint64_t lr[VGIC_MAX_LRS];
	struct vgic_irq *lr_irq[VGIC_MAX_LRS]; /* which IRQ each loaded LR holds */
	unsigned nr_lr;		 /* ICH_VTR_EL2.ListRegs + 1 */
	union {
		struct {
			uint8_t lr_used; /* LRs 0..lr_used-1 loaded by the last flush */
			bool direct_hw;	 /* owner only: hardware LR0 holds the direct LR */
		};
		uint16_t exit_work;	 /* nonzero: an exit has LRs to read back */
	};
	uint32_t hcr;		 /* extra ICH_HCR_EL2 bits wanted (ICH_HCR_UIE) */
	uint32_t affinity;	 /* Aff3.Aff2.Aff1.Aff0, GICR_TYPER[63:32] layout */
	uint16_t vcpu_index;
	bool processor_sleep;	 /* GICR_WAKER.ProcessorSleep */
	/* dist->gen when this vCPU last had nothing pending or active (no LR
	 * to load); while it still equals dist->gen, entry can skip the flush. */
	uint32_t quiet_gen;
	/* Direct LR (the event upcall's fast path, see hyp/core/vgic.c). */
	uint16_t direct_intid;	 /* the private IRQ allowed in it, VGIC_NO_DIRECT */
	int16_t loaded_cpu;	 /* pCPU holding this vCPU's interface, -1: none (arch) */
	bool direct_rearm;	 /* direct_intid changed or folded since the last arming try */
	uint32_t direct_state;	 /* VGIC_DIRECT_* (atomic) */
	uint64_t direct_lr;	 /* the LR to write, set when arming (priority then stable) */
};

/**
 * MPIDR_EL1 affinity fields (Aff0 [7:0], Aff1 [15:8]) of vCPU @vcpu_index:
 * Aff0 = index & 0xF, Aff1 = index >> 4. The arch ORs in bit 31 (RES1) for
 * VMPIDR_EL2. The vgic routes SGIs and SPIs with this mapping.
 */
static inline uint64_t vgic_vcpu_mpidr_aff(unsigned vcpu_index)
{
	return (uint64_t)(vcpu_index & 0xF) | ((uint64_t)((vcpu_index >> 4) & 0xFF) << 8);
}

int vgic_dist_init(struct vgic_dist *d, unsigned nr_spis, struct vgic_irq *spis,
		   unsigned nr_vcpus, struct vgic_cpu **cpus);
void vgic_cpu_init(struct vgic_cpu *c, struct vgic_dist *d, unsigned vcpu_index, unsigned nr_lr,
		   void *owner);

int vgic_gicd_access(struct vgic_dist *d, struct vgic_cpu *accessor, uint64_t offset,
		     bool is_write, uint64_t *val, unsigned size);
struct vcpu;
/* vgic_gicd_access() as a domain MMIO handler (@priv: the vgic_dist); @v unused */
int vgic_gicd_mmio(struct vcpu *v, uint64_t offset, bool is_write, uint64_t *val, unsigned size,
		   void *priv);
int vgic_gicr_access(struct vgic_dist *d, struct vgic_cpu *accessor, uint64_t offset,
		     bool is_write, uint64_t *val, unsigned size);

void vgic_inject_private(struct vgic_cpu *c, unsigned intid);
void vgic_inject_private_model(struct vgic_cpu *c, unsigned intid);
void vgic_inject_spi(struct vgic_dist *d, unsigned intid);
void vgic_set_level(struct vgic_dist *d, struct vgic_cpu *c, unsigned intid, bool level);
int vgic_set_hw(struct vgic_dist *d, struct vgic_cpu *c, unsigned intid, bool is_hw,
		unsigned hw_intid);
int vgic_sgi1r_write(struct vgic_dist *d, struct vgic_cpu *sender, uint64_t val);

/** Whether the distributor changed since @c's last flush found nothing to load. */
static inline bool vgic_gen_changed(const struct vgic_cpu *c)
{
	return __atomic_load_n(&c->dist->gen, __ATOMIC_RELAXED) != c->quiet_gen;
}

/**
 * Whether vgic_flush_lrs() could load anything for @c: false while no LR is
 * loaded and nothing changed since a flush found nothing to load. Lock-free:
 * a concurrent change is followed by a kick, so its entry is not missed.
 */
static inline bool vgic_flush_needed(const struct vgic_cpu *c)
{
	return c->lr_used || vgic_gen_changed(c);
}

void vgic_flush_lrs(struct vgic_cpu *c);
void vgic_sync_lrs(struct vgic_cpu *c);

/** Whether an exit of @c has list-register state to read back (owner only). */
static inline bool vgic_exit_needed(const struct vgic_cpu *c)
{
	return c->exit_work != 0; /* lr_used || direct_hw */
}

void vgic_set_direct(struct vgic_cpu *c, unsigned intid);
void vgic_direct_fold(struct vgic_cpu *c, uint64_t lr);

/**
 * vgic_inject_direct() - the lock-free injection of @c's direct IRQ @intid
 * (see the file comment): succeeds only on the pCPU that holds @c's
 * interface, with no LR of @c in use, while the IRQ is armed (quiet). Then
 * the IRQ is pending in hardware LR0 and true is returned; false means
 * nothing happened (use vgic_inject_private()). Takes no lock, so it may be
 * called with any lock held. Inline: the event upcall's fast path.
 */
static inline bool vgic_inject_direct(struct vgic_cpu *c, unsigned intid)
{
	uint32_t armed = VGIC_DIRECT_ARMED;

	/* (direct_hw implies LOADED or claimed: the exchange below fails.) */
	if (intid != c->direct_intid || c->loaded_cpu != arch_this_cpu_id() || c->lr_used)
		return false;
	if (!__atomic_compare_exchange_n(&c->direct_state, &armed,
					 VGIC_DIRECT_ARMED | VGIC_DIRECT_LOADED, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		return false;
	/* direct_lr was set by the arming, which the exchange synchronises
	 * with: a priority write claims the IRQ first (then it finds it LOADED,
	 * kicks us and the fold reloads it with the new priority). */
	c->direct_hw = true;
	arch_vgic_direct_lr_write(c->vcpu_index, c->direct_lr);
	return true;
}

/**
 * vgic_direct_sync() - the owner of @c read back hardware LR0 = @lr while
 * c->direct_hw was set (on an exit, before a slow entry, before switching
 * away): fold it. The arch zeroes LR0 afterwards if @lr was not empty.
 * Inline: on every exit after an upcall.
 */
static inline void vgic_direct_sync(struct vgic_cpu *c, uint64_t lr)
{
	uint32_t loaded = VGIC_DIRECT_ARMED | VGIC_DIRECT_LOADED;

	c->direct_hw = false;
	/* Delivered and deactivated, nobody looked meanwhile: quiet again. */
	if (!(lr & ICH_LR_STATE_MASK) &&
	    __atomic_compare_exchange_n(&c->direct_state, &loaded, VGIC_DIRECT_ARMED, false,
					__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		return;
	vgic_direct_fold(c, lr);
}
bool vgic_has_deliverable(struct vgic_cpu *c);
void vgic_dump(struct vgic_cpu *c, void (*print)(const char *fmt, ...));

/**
 * Implemented by the vCPU module: make the vCPU that @owner names notice new
 * interrupt state soon — wake it if blocked, IPI its pCPU if it runs a guest
 * (so it exits, syncs and re-flushes its LRs). May name the calling vCPU
 * itself (then nothing needs to happen). Called without the vgic lock held.
 */
extern void vgic_kick(void *owner);

#endif
