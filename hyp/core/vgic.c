/* SPDX-License-Identifier: MIT */
/*
 * Virtual GICv3: interrupt state, GICD/GICR MMIO emulation and list registers.
 *
 * Model
 * - Each interrupt (struct vgic_irq) has: enabled, pending_latch (edge latch,
 *   or a GICD_ISPENDR write for level interrupts), line_level (input line of a
 *   level source), active, priority, edge/level config, target vCPU (private:
 *   its own vCPU; SPI: resolved from GICD_IROUTER), optional HW mapping.
 *   pending = pending_latch || (is_level && line_level).
 *   deliverable = pending && enabled && GICD_CTLR.EnableGrp1.
 * - ap list invariant: an IRQ is on the ap list of vCPU T iff (it is pending or
 *   active and T is its target) or it sits in one of T's LRs (in_lr). An IRQ in
 *   an LR stays on that vCPU's list until vgic_sync_lrs() folds the LR back, even
 *   if the guest re-routes it meanwhile; then it moves.
 * - List registers are rebuilt on every guest entry: vgic_sync_lrs() (on exit)
 *   folds every loaded LR back into the IRQ state and empties lr[];
 *   vgic_flush_lrs() (on entry) chooses from the ap list the nr_lr best
 *   candidates — active ones first (so the guest can always deactivate them),
 *   then pending+deliverable ones by priority (lower value first), then by
 *   INTID — and writes them. Loading the pending state of an edge IRQ moves
 *   it from pending_latch into the LR; at sync a still-pending LR sets the latch
 *   again, so edges injected while the IRQ sits in an LR merge into one.
 *   If candidates remain, vgic_cpu.hcr asks for ICH_HCR_EL2.UIE so the guest
 *   exits once the LRs drain. Known gap: if more IRQs are active than there
 *   are LRs, an evicted active IRQ's EOI only bumps ICH_HCR_EL2.EOIcount and
 *   is lost (Linux does not nest that deep).
 * - The arch must call vgic_sync_lrs() on every guest exit before handling
 *   the exit (so the exiting vCPU never has IRQs in_lr while it emulates
 *   MMIO), vgic_flush_lrs() right before every entry, load all nr_lr LRs, set
 *   ICH_HCR_EL2 = En | hcr, and take the maintenance interrupt (INTID 25) as
 *   a plain exit.
 * - Level-triggered IRQs (is_level, HW=0) whose line is high are loaded with
 *   ICH_LR.EOI, so the guest's EOI raises a maintenance interrupt and exits;
 *   sync then re-samples line_level: still high → pending again and reloaded;
 *   low → done. When the guest acknowledges such an IRQ (LR leaves the
 *   pending state) its ISPENDR latch is consumed, as on hardware. One pending
 *   only through its latch (an edge-style injection such as the event
 *   upcall, or ISPENDR) is loaded like an edge: the latch moves into the LR,
 *   no EOI exit, and an injection while it sits in the LR latches again (and
 *   kicks) instead of being lost; if its line rises meanwhile the owner is
 *   kicked so it is reloaded with EOI. A level IRQ whose line drops while its
 *   LR is still pending is retired at the next sync/flush.
 * - Guest MMIO that changes an IRQ currently in another (running) vCPU's LR
 *   takes effect when that vCPU exits: the vgic kicks it; pend_written /
 *   act_written make sync prefer the written state over the stale LR.
 *
 * Direct LR (the event upcall's fast path). One private IRQ per vCPU
 * (direct_intid: the event-channel upcall PPI) may be injected without the
 * lock when its vCPU is loaded on the injecting pCPU (loaded_cpu) and none of
 * its LRs is in use: vgic_inject_direct() writes it, pending, straight into
 * hardware LR0 (no ICH_LR.EOI, like an edge) and leaves the model alone: no
 * ap list, no gen bump, so entry stays on the fast path. This is allowed
 * only while direct_state has VGIC_DIRECT_ARMED, which the owner sets under
 * the lock (when it syncs or flushes its LRs, if direct_rearm says the IRQ
 * was touched) when the IRQ is quiet: enabled, Group 1 on, not pending, not
 * active, not in an LR, not HW. The injector turns ARMED
 * into ARMED|LOADED with a compare-and-swap and sets direct_hw (owner-only).
 * While LOADED the model still shows the IRQ quiet; the truth is in LR0:
 * - every locked access to the IRQ by anyone else (irq_lookup(), and GICD_CTLR
 *   Grp1 changes) first "claims" it: clears direct_state and, if it was
 *   LOADED, turns it into an ordinary in_lr IRQ on the owner's ap list
 *   (lr_state pending), so the LR rules above apply (reads see it pending,
 *   writes set pend_/act_written and kick the owner, a second injection
 *   latches again);
 * - the owner reads LR0 back on every exit, before every slow entry and
 *   before a context switch, and calls vgic_direct_sync(): an emptied LR
 *   (delivered and EOI'd) whose state is still ARMED|LOADED goes back to
 *   ARMED without the lock; anything else (still pending or active, claimed)
 *   is folded under the lock like any LR, and the next flush reloads it.
 * The arch folds the direct LR before any vgic_flush_lrs() (an entry that
 * needs no flush keeps it), so it is never loaded together with other LRs
 * (lr_used is 0 while direct_hw is set).
 *
 * Locking: dist->lock guards all of the above (leaf lock) except the direct
 * LR's lock-free steps. vgic_kick() is called after the lock is released.
 *
 * Spec: Arm GIC architecture specification v3/v4 (IHI0069), chapters 12
 * (GICD_*, GICR_*) and ICH_LR<n>_EL2 / ICH_HCR_EL2.
 */
#include <hyp/errno.h>
#include <hyp/vgic.h>
#include <lib/string.h>

/* GICD register offsets. */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000C
#define GICD_STATUSR 0x0010
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0C00
#define GICD_IGRPMODR 0x0D00
#define GICD_NSACR 0x0E00
#define GICD_SGIR 0x0F00
#define GICD_CPENDSGIR 0x0F10
#define GICD_SPENDSGIR 0x0F20
#define GICD_IROUTER 0x6000
#define GICD_IROUTER_END 0x7FE0 /* IROUTER1019 ends at 0x7FE0 */

#define GICD_CTLR_ENABLE_G0 (1U << 0)
#define GICD_CTLR_ENABLE_G1 (1U << 1)
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_DS (1U << 6)

#define GICD_TYPER_IDBITS_SHIFT 19
#define GICD_TYPER_CPUNUM_SHIFT 5

#define GICD_IROUTER_IRM (1ULL << 31)
#define GICD_IROUTER_MASK 0xFF80FFFFFFULL /* Aff3 [39:32], IRM [31], Aff2..0 [23:0] */

/* GICR RD_base offsets. */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_STATUSR 0x0010
#define GICR_WAKER 0x0014
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_SETLPIR 0x0040
#define GICR_CLRLPIR 0x0048
#define GICR_INVLPIR 0x00A0
#define GICR_INVALLR 0x00B0
#define GICR_SYNCR 0x00C0

/* GICR SGI_base offsets (relative to the SGI frame). */
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ISPENDR0 0x0200
#define GICR_ICPENDR0 0x0280
#define GICR_ISACTIVER0 0x0300
#define GICR_ICACTIVER0 0x0380
#define GICR_IPRIORITYR0 0x0400
#define GICR_ICFGR0 0x0C00
#define GICR_ICFGR1 0x0C04
#define GICR_IGRPMODR0 0x0D00
#define GICR_NSACR 0x0E00

#define GICR_TYPER_LAST (1ULL << 4)
#define GICR_TYPER_PROCNUM_SHIFT 8
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

/* Identification registers, common to GICD and GICR frames. */
#define GIC_PIDR4 0xFFD0
#define GIC_PIDR0 0xFFE0
#define GIC_PIDR1 0xFFE4
#define GIC_PIDR2 0xFFE8
#define GIC_PIDR3 0xFFEC
#define GIC_CIDR0 0xFFF0

/* ARM's JEP106 code (0x43B), product 0: matches no Linux erratum quirk. */
#define VGIC_IIDR 0x0000043BU

/* Allowed access sizes, as a bit mask of sizes in bytes. */
#define SZ_1 (1U << 1)
#define SZ_4 (1U << 4)
#define SZ_8 (1U << 8)

/* The register bank kinds that hold one bit per interrupt. */
enum bit_reg { BR_ENABLE, BR_PENDING, BR_ACTIVE };

struct kicks {
	uint64_t mask[VGIC_MAX_VCPUS / 64];
};

static void kick_add(struct kicks *k, const struct vgic_cpu *c)
{
	if (c)
		k->mask[c->vcpu_index / 64] |= 1ULL << (c->vcpu_index % 64);
}

static void kick_all(struct vgic_dist *d, struct kicks *k)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		kick_add(k, d->cpus[i]);
}

/* Call with the lock released. d->cpus[] entries never change once set. */
static void kicks_send(struct vgic_dist *d, const struct kicks *k)
{
	uint64_t any = 0;

	for (unsigned w = 0; w < ARRAY_SIZE(k->mask); w++)
		any |= k->mask[w];
	if (!any)
		return;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		if ((k->mask[i / 64] >> (i % 64)) & 1) {
			struct vgic_cpu *c = READ_ONCE(d->cpus[i]);
			if (c)
				vgic_kick(c->owner);
		}
	}
}

/* Release the lock after a change a vCPU may have to load (see vgic_flush_needed). */
static void unlock_changed(struct vgic_dist *d)
{
	__atomic_store_n(&d->gen, d->gen + 1, __ATOMIC_RELAXED);
	spin_unlock(&d->lock);
}

/* ------------------------------------------------------------------ IRQ state */

static bool irq_pending(const struct vgic_irq *irq)
{
	return irq->pending_latch || (irq->is_level && irq->line_level);
}

static bool grp1_enabled(const struct vgic_dist *d)
{
	return (d->ctlr & GICD_CTLR_ENABLE_G1) != 0;
}

static bool irq_deliverable(const struct vgic_dist *d, const struct vgic_irq *irq)
{
	return irq_pending(irq) && irq->enabled && grp1_enabled(d);
}

static void direct_claim_locked(struct vgic_cpu *c);

/* Before a locked access to @c's private IRQ @intid: claim it if it is the
 * direct one and that is armed (0 cannot change under the lock: only the
 * locked owner arms). */
static inline void direct_claim_if(struct vgic_cpu *c, unsigned intid)
{
	if (intid == c->direct_intid && __atomic_load_n(&c->direct_state, __ATOMIC_RELAXED))
		direct_claim_locked(c);
}

/*
 * The IRQ for @intid: private ones from @c (may be NULL), SPIs from @d. Every
 * locked access goes through here, so it claims @c's direct LR (see above).
 */
static struct vgic_irq *irq_lookup(struct vgic_dist *d, struct vgic_cpu *c, unsigned intid)
{
	if (intid < VGIC_NR_PRIVATE) {
		if (!c)
			return NULL;
		if (intid == c->direct_intid) {
			c->direct_rearm = true; /* it may be quiet after this access */
			direct_claim_if(c, intid);
		}
		return &c->private_irqs[intid];
	}
	if (intid - VGIC_NR_PRIVATE < d->nr_spis)
		return &d->spis[intid - VGIC_NR_PRIVATE];
	return NULL;
}

static struct vgic_cpu *irq_target_cpu(const struct vgic_dist *d, const struct vgic_irq *irq)
{
	if (irq->target >= d->nr_vcpus)
		return NULL;
	return d->cpus[irq->target];
}

static void ap_del(struct vgic_irq *irq)
{
	struct vgic_cpu *c = irq->ap_cpu;

	if (irq->ap_prev)
		irq->ap_prev->ap_next = irq->ap_next;
	else
		c->ap_head = irq->ap_next;
	if (irq->ap_next)
		irq->ap_next->ap_prev = irq->ap_prev;
	irq->ap_next = irq->ap_prev = NULL;
	irq->ap_cpu = NULL;
}

static void ap_add(struct vgic_cpu *c, struct vgic_irq *irq)
{
	irq->ap_prev = NULL;
	irq->ap_next = c->ap_head;
	if (c->ap_head)
		c->ap_head->ap_prev = irq;
	c->ap_head = irq;
	irq->ap_cpu = c;
}

/*
 * Stop @c's direct LR fast path; if its IRQ sits in LR0 (LOADED), make it an
 * ordinary in_lr IRQ, pending as loaded, on @c's ap list. Lock held.
 */
static void direct_claim_locked(struct vgic_cpu *c)
{
	struct vgic_irq *irq = &c->private_irqs[c->direct_intid];

	if (__atomic_exchange_n(&c->direct_state, 0, __ATOMIC_SEQ_CST) & VGIC_DIRECT_LOADED) {
		irq->in_lr = true;
		irq->lr_state = 1;
		if (!irq->ap_cpu)
			ap_add(c, irq);
	}
}

static void direct_claim_all_locked(struct vgic_dist *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vgic_cpu *c = d->cpus[i];

		if (c && c->direct_intid != VGIC_NO_DIRECT) {
			direct_claim_locked(c);
			c->direct_rearm = true;
		}
	}
}

/* Restore the ap list invariant for @irq (not while it sits in an LR). */
static void irq_requeue_locked(struct vgic_dist *d, struct vgic_irq *irq)
{
	struct vgic_cpu *want = NULL;

	if (irq->in_lr)
		return;
	if (irq->active || irq_pending(irq))
		want = irq_target_cpu(d, irq);
	if (irq->ap_cpu == want)
		return;
	if (irq->ap_cpu)
		ap_del(irq);
	if (want)
		ap_add(want, irq);
}

/*
 * After a state change of @irq (which was deliverable before iff @was): fix its
 * ap list and note whom to kick. A change made by guest MMIO (@from_mmio) to an
 * IRQ in a running vCPU's LR always kicks that vCPU so the LR gets refreshed.
 */
static void irq_changed_locked(struct vgic_dist *d, struct vgic_irq *irq, bool was,
			       bool from_mmio, struct kicks *k)
{
	bool now = irq_deliverable(d, irq);

	if (irq->in_lr) {
		if (from_mmio || now != was)
			kick_add(k, irq->ap_cpu);
		return;
	}
	irq_requeue_locked(d, irq);
	if (now && !was)
		kick_add(k, irq->ap_cpu);
}

/* Resolve an SPI's target vCPU index from its IROUTER value. */
static uint16_t irouter_resolve(const struct vgic_dist *d, uint64_t irouter)
{
	unsigned aff0 = irouter & 0xFF, aff1 = (irouter >> 8) & 0xFF;
	unsigned aff2 = (irouter >> 16) & 0xFF, aff3 = (irouter >> 32) & 0xFF;
	unsigned idx;

	/* 1-of-N: any participating PE may take it; vCPU 0 always exists. */
	if (irouter & GICD_IROUTER_IRM)
		return 0;
	if (aff3 || aff2 || aff0 > 0xF)
		return VGIC_NO_TARGET;
	idx = aff1 * 16 + aff0;
	return idx < d->nr_vcpus ? (uint16_t)idx : VGIC_NO_TARGET;
}

static void irq_reset(struct vgic_irq *irq, unsigned intid, uint16_t target)
{
	memset(irq, 0, sizeof(*irq));
	irq->intid = (uint16_t)intid;
	irq->target = target;
	/* SGIs are always edge; PPIs and SPIs reset to level (ICFGR = 0). */
	irq->is_level = intid >= VGIC_NR_SGIS;
}

/* ------------------------------------------------------------------ setup */

/**
 * Initialise the distributor of a domain with @nr_spis SPIs (0..988, INTIDs
 * 32..32+nr_spis-1) stored in @spis, and @nr_vcpus (1..128) vCPU slots in
 * @cpus, filled in by vgic_cpu_init(). Returns 0 or -EINVAL.
 */
int vgic_dist_init(struct vgic_dist *d, unsigned nr_spis, struct vgic_irq *spis,
		   unsigned nr_vcpus, struct vgic_cpu **cpus)
{
	if (nr_spis > VGIC_MAX_SPIS || (nr_spis && !spis) || nr_vcpus == 0 ||
	    nr_vcpus > VGIC_MAX_VCPUS || !cpus)
		return -EINVAL;
	spin_lock_init(&d->lock);
	d->ctlr = 0;
	d->nr_spis = nr_spis;
	d->spis = spis;
	d->nr_vcpus = nr_vcpus;
	d->cpus = cpus;
	d->gen = 1; /* a fresh vgic_cpu (quiet_gen 0) flushes first */
	for (unsigned i = 0; i < nr_vcpus; i++)
		cpus[i] = NULL;
	for (unsigned i = 0; i < nr_spis; i++)
		irq_reset(&spis[i], VGIC_NR_PRIVATE + i, 0);
	return 0;
}

/**
 * Initialise vCPU @vcpu_index's redistributor/CPU-interface state and register
 * it with @d. @nr_lr = ICH_VTR_EL2.ListRegs + 1 (clamped to 16). @owner is
 * passed to vgic_kick(). Call before the vCPU first runs.
 */
void vgic_cpu_init(struct vgic_cpu *c, struct vgic_dist *d, unsigned vcpu_index, unsigned nr_lr,
		   void *owner)
{
	memset(c, 0, sizeof(*c));
	c->dist = d;
	c->owner = owner;
	c->vcpu_index = (uint16_t)vcpu_index;
	c->nr_lr = MIN(nr_lr, (unsigned)VGIC_MAX_LRS);
	c->affinity = (uint32_t)vgic_vcpu_mpidr_aff(vcpu_index);
	c->processor_sleep = true;
	c->direct_intid = VGIC_NO_DIRECT;
	c->loaded_cpu = -1;
	for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++)
		irq_reset(&c->private_irqs[i], i, (uint16_t)vcpu_index);
	if (vcpu_index < d->nr_vcpus) {
		spin_lock(&d->lock);
		d->cpus[vcpu_index] = c;
		unlock_changed(d);
	}
}

/* ------------------------------------------------------------------ injection */

static void inject_locked(struct vgic_dist *d, struct vgic_irq *irq, struct kicks *k)
{
	bool was = irq_deliverable(d, irq);

	irq->pending_latch = true;
	irq_changed_locked(d, irq, was, false, k);
}

/**
 * vgic_set_direct() - let PPI @intid of @c use the direct LR (see the file
 * comment); any other value turns it off. Call before the vCPU first runs.
 */
void vgic_set_direct(struct vgic_cpu *c, unsigned intid)
{
	struct vgic_dist *d = c->dist;

	spin_lock(&d->lock);
	if (c->direct_intid != VGIC_NO_DIRECT)
		direct_claim_locked(c);
	c->direct_intid = intid >= VGIC_NR_SGIS && intid < VGIC_NR_PRIVATE ? (uint16_t)intid
									  : VGIC_NO_DIRECT;
	c->direct_rearm = true;
	unlock_changed(d);
}

/**
 * Make SGI/PPI @intid of vCPU @c pending (edge semantics: sets the latch).
 * Any pCPU. Invalid INTIDs are ignored.
 */
void vgic_inject_private(struct vgic_cpu *c, unsigned intid)
{
	if (intid < VGIC_NR_PRIVATE && !vgic_inject_direct(c, intid))
		vgic_inject_private_model(c, intid);
}

/** vgic_inject_private() without the direct LR (the caller tried it already). */
void vgic_inject_private_model(struct vgic_cpu *c, unsigned intid)
{
	struct vgic_dist *d = c->dist;
	struct kicks k = { { 0 } };

	if (intid >= VGIC_NR_PRIVATE)
		return;
	spin_lock(&d->lock);
	direct_claim_if(c, intid); /* (pending after this: no re-arm to try) */
	inject_locked(d, &c->private_irqs[intid], &k);
	unlock_changed(d);
	kicks_send(d, &k);
}

/** Make SPI @intid pending (edge semantics); routed by its IROUTER. Any pCPU. */
void vgic_inject_spi(struct vgic_dist *d, unsigned intid)
{
	struct kicks k = { { 0 } };
	struct vgic_irq *irq;

	if (intid < VGIC_NR_PRIVATE)
		return;
	spin_lock(&d->lock);
	irq = irq_lookup(d, NULL, intid);
	if (irq)
		inject_locked(d, irq, &k);
	unlock_changed(d);
	kicks_send(d, &k);
}

/**
 * Set the input line of interrupt @intid (@c names the vCPU for an SGI/PPI,
 * may be NULL for an SPI). A level-configured IRQ is pending while the line is
 * high; an edge-configured one latches pending on a rising edge.
 */
void vgic_set_level(struct vgic_dist *d, struct vgic_cpu *c, unsigned intid, bool level)
{
	struct kicks k = { { 0 } };
	struct vgic_irq *irq;

	spin_lock(&d->lock);
	irq = irq_lookup(d, c, intid);
	if (irq && irq->line_level != level) {
		bool was = irq_deliverable(d, irq);

		irq->line_level = level;
		if (level && !irq->is_level)
			irq->pending_latch = true;
		irq_changed_locked(d, irq, was, false, &k);
		/* Loaded without ICH_LR.EOI (latch only): reload it with EOI. */
		if (level && irq->is_level && irq->in_lr)
			kick_add(&k, irq->ap_cpu);
	}
	unlock_changed(d);
	kicks_send(d, &k);
}

/**
 * Mark @intid as backed by physical interrupt @hw_intid (LRs get HW=1, so the
 * guest's deactivation deactivates the physical interrupt), or undo it.
 * Returns 0 or -EINVAL. Injection of a HW IRQ uses the edge entry points.
 */
int vgic_set_hw(struct vgic_dist *d, struct vgic_cpu *c, unsigned intid, bool is_hw,
		unsigned hw_intid)
{
	struct vgic_irq *irq;
	int rc = 0;

	if (hw_intid >= 1020)
		return -EINVAL;
	spin_lock(&d->lock);
	irq = irq_lookup(d, c, intid);
	if (irq) {
		irq->is_hw = is_hw;
		irq->hw_intid = (uint16_t)(is_hw ? hw_intid : 0);
	} else {
		rc = -EINVAL;
	}
	unlock_changed(d);
	return rc;
}

/**
 * The guest on vCPU @sender wrote @val to ICC_SGI1R_EL1 (trapped). Generates
 * SGI INTID[27:24] on the vCPUs named by Aff3.Aff2.Aff1 + TargetList (with
 * RS), or on every vCPU but the sender if IRM (bit 40). Returns 0.
 */
int vgic_sgi1r_write(struct vgic_dist *d, struct vgic_cpu *sender, uint64_t val)
{
	unsigned intid = (val >> 24) & 0xF;
	unsigned targets = val & 0xFFFF;
	unsigned aff1 = (val >> 16) & 0xFF, aff2 = (val >> 32) & 0xFF;
	unsigned rs = (val >> 44) & 0xF, aff3 = (val >> 48) & 0xFF;
	bool irm = (val >> 40) & 1;

	if (irm) {
		for (unsigned i = 0; i < d->nr_vcpus; i++) {
			struct vgic_cpu *c = READ_ONCE(d->cpus[i]);
			if (c && c != sender)
				vgic_inject_private(c, intid);
		}
		return 0;
	}
	/* Our vCPUs have Aff0 <= 15 and Aff2 = Aff3 = 0 (GICD_TYPER.RSS = 0). */
	if (aff3 || aff2 || rs)
		return 0;
	for (unsigned bit = 0; bit < 16; bit++) {
		unsigned idx = aff1 * 16 + bit;
		struct vgic_cpu *c;

		if (!((targets >> bit) & 1) || idx >= d->nr_vcpus)
			continue;
		c = READ_ONCE(d->cpus[idx]);
		if (c)
			vgic_inject_private(c, intid);
	}
	return 0;
}

/* ------------------------------------------------------------------ list registers */

/*
 * Fold @lr, read back from an LR of @c holding @irq, into the IRQ. If the IRQ
 * was re-routed while in the LR and is deliverable, its new target gets a kick.
 */
static inline __attribute__((always_inline)) void
irq_fold_locked(struct vgic_dist *d, struct vgic_cpu *c, struct vgic_irq *irq, uint64_t lr,
		struct kicks *k)
{
	bool now_p = (lr & ICH_LR_STATE_PENDING) != 0;
	bool now_a = (lr & ICH_LR_STATE_ACTIVE) != 0;
	bool was_p = (irq->lr_state & 1) != 0;

	if (!irq->pend_written) {
		if (!(irq->lr_state & VGIC_LR_RESAMPLE)) {
			/* The latch went into the LR (edge, HW, or a level IRQ pending
			 * only through its latch); an unconsumed one comes back, and
			 * one set again meanwhile (a new injection) stays. */
			if (now_p)
				irq->pending_latch = true;
		} else if (was_p && !now_p) {
			/* Acknowledged: consumes an ISPENDR latch (IHI0069 4.1.2). */
			irq->pending_latch = false;
		}
	}
	if (!irq->act_written)
		irq->active = now_a;
	irq->pend_written = false;
	irq->act_written = false;
	irq->in_lr = false;
	irq->lr_state = 0;
	irq_requeue_locked(d, irq);
	if (irq->ap_cpu && irq->ap_cpu != c && irq_deliverable(d, irq))
		kick_add(k, irq->ap_cpu);
}

/* Fold LR @i of @c back into its IRQ and free the slot. */
static void lr_fold_locked(struct vgic_dist *d, struct vgic_cpu *c, unsigned i, struct kicks *k)
{
	struct vgic_irq *irq = c->lr_irq[i];

	irq_fold_locked(d, c, irq, c->lr[i], k);
	/* Delivered and done (on no ap list): the direct LR may take it again. */
	if (irq->intid == c->direct_intid && !irq->ap_cpu)
		c->direct_rearm = true;
	c->lr_irq[i] = NULL;
	c->lr[i] = 0;
}

/** vgic_direct_sync() when the lock is needed: fold @lr like any LR. */
void vgic_direct_fold(struct vgic_cpu *c, uint64_t lr)
{
	struct vgic_dist *d = c->dist;
	struct kicks k = { { 0 } };
	struct vgic_irq *irq = &c->private_irqs[c->direct_intid];

	spin_lock(&d->lock);
	direct_claim_locked(c);
	/* Claimed now or by someone else before: an in_lr IRQ either way. */
	if (irq->in_lr)
		irq_fold_locked(d, c, irq, lr, &k);
	c->direct_rearm = true;
	unlock_changed(d); /* the next entry flushes: reloads or re-arms it */
	kicks_send(d, &k);
}

/*
 * Arm @c's direct LR if its IRQ is quiet (see the file comment). Owner, lock
 * held, only after something touched the IRQ (direct_rearm): every change
 * that can make it quiet goes through irq_lookup() or an LR fold, which set it.
 */
static void direct_arm_locked(struct vgic_dist *d, struct vgic_cpu *c)
{
	struct vgic_irq *irq;

	c->direct_rearm = false;
	if (c->direct_intid == VGIC_NO_DIRECT || c->direct_hw ||
	    __atomic_load_n(&c->direct_state, __ATOMIC_RELAXED))
		return;
	irq = &c->private_irqs[c->direct_intid];
	if (irq->enabled && grp1_enabled(d) && !irq_pending(irq) && !irq->line_level &&
	    !irq->active && !irq->in_lr && !irq->is_hw && !irq->ap_cpu) {
		/* As vgic_flush_lrs() would load it: an edge-like pending LR. */
		c->direct_lr = irq->intid | ((uint64_t)irq->priority << ICH_LR_PRIORITY_SHIFT) |
			       ICH_LR_GROUP1 | ICH_LR_STATE_PENDING;
		__atomic_store_n(&c->direct_state, VGIC_DIRECT_ARMED, __ATOMIC_SEQ_CST);
	}
}

static void sync_locked(struct vgic_dist *d, struct vgic_cpu *c, struct kicks *k)
{
	if (!c->lr_used)
		return;
	for (unsigned i = 0; i < c->lr_used; i++)
		lr_fold_locked(d, c, i, k);
	c->lr_used = 0;
	c->hcr = 0;
	__atomic_store_n(&d->gen, d->gen + 1, __ATOMIC_RELAXED);
	/* Everything folded back and retired: nothing to load at entry. */
	if (!c->ap_head)
		c->quiet_gen = d->gen;
	if (c->direct_rearm)
		direct_arm_locked(d, c);
}

/**
 * After a guest exit, with c->lr[] read back from ICH_LR<n>_EL2: fold the LR
 * states into the IRQ state and empty all LRs (lr[] is zeroed).
 */
void vgic_sync_lrs(struct vgic_cpu *c)
{
	struct vgic_dist *d = c->dist;
	struct kicks k = { { 0 } };

	spin_lock(&d->lock);
	sync_locked(d, c, &k);
	spin_unlock(&d->lock);
	kicks_send(d, &k);
}

/* Sort key: active first, then priority, then INTID. Smaller is better. */
static uint32_t lr_key(const struct vgic_irq *irq)
{
	return (irq->active ? 0 : 1U << 24) | ((uint32_t)irq->priority << 16) | irq->intid;
}

/**
 * Before entering the guest on @c (its pCPU, interrupts masked): write into
 * c->lr[0..nr_lr) the best candidates (active IRQs, then pending+deliverable
 * ones by priority), unused entries 0, and set c->hcr (ICH_HCR_UIE when more
 * candidates than LRs). The arch loads all nr_lr LRs and sets
 * ICH_HCR_EL2 = En | c->hcr. If the previous flush was not synced (the vCPU
 * did not run), its LRs are folded back first. Never with the direct LR in
 * hardware (c->direct_hw): the arch folds it first (vgic_direct_sync()).
 */
void vgic_flush_lrs(struct vgic_cpu *c)
{
	struct vgic_dist *d = c->dist;
	struct vgic_irq *best[VGIC_MAX_LRS];
	uint32_t best_key[VGIC_MAX_LRS];
	unsigned nbest = 0, candidates = 0;
	struct kicks k = { { 0 } };
	bool grp1;

	spin_lock(&d->lock);
	sync_locked(d, c, &k);
	grp1 = grp1_enabled(d);

	for (struct vgic_irq *irq = c->ap_head; irq; irq = irq->ap_next) {
		bool p = irq_pending(irq) && irq->enabled && grp1;
		uint32_t key;
		unsigned pos;

		if (!p && !irq->active)
			continue;
		candidates++;
		key = lr_key(irq);
		/* Insertion into the sorted best[] (at most nr_lr entries). */
		pos = nbest;
		while (pos > 0 && best_key[pos - 1] > key)
			pos--;
		if (pos >= c->nr_lr)
			continue;
		if (nbest < c->nr_lr)
			nbest++;
		for (unsigned j = nbest - 1; j > pos; j--) {
			best[j] = best[j - 1];
			best_key[j] = best_key[j - 1];
		}
		best[pos] = irq;
		best_key[pos] = key;
	}

	for (unsigned i = 0; i < nbest; i++) {
		struct vgic_irq *irq = best[i];
		bool p = irq_pending(irq) && irq->enabled && grp1;
		uint64_t lr = irq->intid | ((uint64_t)irq->priority << ICH_LR_PRIORITY_SHIFT) |
			      ICH_LR_GROUP1;

		if (irq->is_hw) {
			/* The physical GIC keeps the pending state of an active HW IRQ. */
			if (irq->active)
				p = false;
			lr |= ICH_LR_HW | ((uint64_t)irq->hw_intid << ICH_LR_PINTID_SHIFT);
		} else if (irq->is_level && p && irq->line_level) {
			/* Only a high line needs re-sampling at EOI; a latch-only
			 * pending state goes into the LR like an edge's. */
			lr |= ICH_LR_EOI;
		}
		if (p)
			lr |= ICH_LR_STATE_PENDING;
		if (irq->active)
			lr |= ICH_LR_STATE_ACTIVE;
		/* Only a level IRQ loaded for re-sampling keeps its latch outside. */
		if (p && !(lr & ICH_LR_EOI))
			irq->pending_latch = false;
		irq->lr_state = (uint8_t)(lr >> 62) | ((lr & ICH_LR_EOI) ? VGIC_LR_RESAMPLE : 0);
		irq->in_lr = true;
		c->lr[i] = lr;
		c->lr_irq[i] = irq;
	}
	for (unsigned i = nbest; i < c->nr_lr; i++) {
		c->lr[i] = 0;
		c->lr_irq[i] = NULL;
	}
	c->lr_used = nbest;
	/*
	 * Underflow fires while at most one LR is valid, so with a single LR it
	 * would fire at once, forever: then pending leftovers wait for the next
	 * exit (timer tick, WFI trap) instead.
	 */
	c->hcr = candidates > nbest && c->nr_lr >= 2 ? ICH_HCR_UIE : 0;
	if (!nbest)
		c->quiet_gen = d->gen;
	if (c->direct_rearm)
		direct_arm_locked(d, c);
	spin_unlock(&d->lock);
	kicks_send(d, &k);
}

/**
 * Whether @c has a pending, enabled interrupt (in an LR or not), with Group 1
 * enabled — i.e. whether a WFI should not block. Ignores the virtual PMR.
 */
bool vgic_has_deliverable(struct vgic_cpu *c)
{
	struct vgic_dist *d = c->dist;
	bool found = false;

	spin_lock(&d->lock);
	for (struct vgic_irq *irq = c->ap_head; irq && !found; irq = irq->ap_next) {
		if (irq_deliverable(d, irq))
			found = true;
		else if (irq->in_lr && (irq->lr_state & 1) && !irq->pend_written)
			found = true;
	}
	/* Injected into the direct LR during this trap: pending there. */
	if (!found && (__atomic_load_n(&c->direct_state, __ATOMIC_RELAXED) & VGIC_DIRECT_LOADED))
		found = true;
	spin_unlock(&d->lock);
	return found;
}

/** Print @c's list registers and its ap list through @print (debug keys). */
void vgic_dump(struct vgic_cpu *c, void (*print)(const char *fmt, ...))
{
	struct vgic_dist *d = c->dist;

	spin_lock(&d->lock);
	print("vgic vcpu%u: GICD_CTLR %#x waker.sleep %u lrs %u/%u hcr %#x direct %u state %u%s\n",
	      c->vcpu_index, d->ctlr, c->processor_sleep, c->lr_used, c->nr_lr, c->hcr,
	      c->direct_intid, __atomic_load_n(&c->direct_state, __ATOMIC_RELAXED),
	      c->direct_hw ? " in-lr0" : "");
	for (unsigned i = 0; i < c->lr_used; i++)
		print("  LR%u %016llx\n", i, (unsigned long long)c->lr[i]);
	for (struct vgic_irq *irq = c->ap_head; irq; irq = irq->ap_next)
		print("  irq %u prio %#x %s%s%s%s%s%s\n", irq->intid, irq->priority,
		      irq->enabled ? "E" : "-", irq->pending_latch ? "P" : "-",
		      irq->line_level ? "L" : "-", irq->active ? "A" : "-",
		      irq->is_level ? " level" : " edge", irq->in_lr ? " in-lr" : "");
	spin_unlock(&d->lock);
}

/* ------------------------------------------------------------------ MMIO helpers */

static bool size_ok(unsigned size, unsigned allowed)
{
	return size <= 8 && ((1U << size) & allowed) != 0;
}

static uint32_t id_reg(uint64_t off)
{
	switch (off) {
	case GIC_PIDR4:
		return 0x04; /* JEP106 continuation code of ARM */
	case GIC_PIDR0:
		return 0x00;
	case GIC_PIDR1:
		return 0xB0; /* JEP106 id [3:0] = 0xB */
	case GIC_PIDR2:
		return 0x3B; /* ArchRev 3 (GICv3), JEDEC, JEP106 id [6:4] = 3 */
	case GIC_PIDR3:
		return 0x00;
	case GIC_CIDR0:
		return 0x0D;
	case GIC_CIDR0 + 4:
		return 0xF0;
	case GIC_CIDR0 + 8:
		return 0x05;
	case GIC_CIDR0 + 12:
		return 0xB1;
	default:
		return 0;
	}
}

/* Read one bit per IRQ for IRQs first..first+31 (missing IRQs read 0). */
static uint32_t bits_read_locked(struct vgic_dist *d, struct vgic_cpu *c, unsigned first,
				 enum bit_reg kind)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 32; i++) {
		struct vgic_irq *irq = irq_lookup(d, c, first + i);
		bool bit = false;

		if (!irq)
			continue;
		switch (kind) {
		case BR_ENABLE:
			bit = irq->enabled;
			break;
		case BR_PENDING:
			bit = irq_pending(irq) ||
			      (irq->in_lr && (irq->lr_state & 1) && !irq->pend_written);
			break;
		case BR_ACTIVE:
			bit = irq->active;
			if (irq->in_lr && !irq->act_written)
				bit = bit || (irq->lr_state & 2);
			break;
		}
		if (bit)
			v |= 1U << i;
	}
	return v;
}

/* Set (@set) or clear the state @kind of every IRQ whose bit is 1 in @val. */
static void bits_write_locked(struct vgic_dist *d, struct vgic_cpu *c, unsigned first,
			      enum bit_reg kind, bool set, uint32_t val, struct kicks *k)
{
	for (unsigned i = 0; i < 32; i++) {
		struct vgic_irq *irq;
		bool was;

		if (!((val >> i) & 1))
			continue;
		irq = irq_lookup(d, c, first + i);
		if (!irq)
			continue;
		was = irq_deliverable(d, irq);
		switch (kind) {
		case BR_ENABLE:
			irq->enabled = set;
			break;
		case BR_PENDING:
			irq->pending_latch = set;
			if (!set && irq->in_lr)
				irq->pend_written = true;
			break;
		case BR_ACTIVE:
			irq->active = set;
			if (irq->in_lr)
				irq->act_written = true;
			break;
		}
		irq_changed_locked(d, irq, was, true, k);
	}
}

/* Set-/clear-register pair at @reg relative to @base; returns the kind. */
static bool bit_reg_decode(uint64_t reg, enum bit_reg *kind, bool *set)
{
	switch (reg) {
	case GICD_ISENABLER:
	case GICD_ICENABLER:
		*kind = BR_ENABLE;
		break;
	case GICD_ISPENDR:
	case GICD_ICPENDR:
		*kind = BR_PENDING;
		break;
	case GICD_ISACTIVER:
	case GICD_ICACTIVER:
		*kind = BR_ACTIVE;
		break;
	default:
		return false;
	}
	*set = (reg & 0x80) == 0;
	return true;
}

/*
 * The one-bit-per-IRQ banks and IGROUPR for IRQs first..first+31, shared by
 * GICD (first >= 32) and GICR SGI_base (first = 0, @c = frame's vCPU).
 * @bank is the register's offset rounded down to the start of its bank.
 */
static void bit_bank_access_locked(struct vgic_dist *d, struct vgic_cpu *c, uint64_t bank,
				   unsigned first, bool is_write, uint64_t *val, struct kicks *k)
{
	enum bit_reg kind;
	bool set;

	if (bank == GICD_IGROUPR) {
		/* RAO/WI: every implemented interrupt is Group 1. */
		if (!is_write) {
			uint32_t v = 0;
			for (unsigned i = 0; i < 32; i++)
				if (irq_lookup(d, c, first + i))
					v |= 1U << i;
			*val = v;
		}
		return;
	}
	if (!bit_reg_decode(bank, &kind, &set))
		return;
	if (is_write)
		bits_write_locked(d, c, first, kind, set, (uint32_t)*val, k);
	else
		*val = bits_read_locked(d, c, first, kind);
}

/* IPRIORITYR bytes for IRQs first..first+size-1. */
static void priority_access_locked(struct vgic_dist *d, struct vgic_cpu *c, unsigned first,
				   bool is_write, uint64_t *val, unsigned size, struct kicks *k)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++) {
		struct vgic_irq *irq = irq_lookup(d, c, first + i);

		if (!irq)
			continue;
		if (is_write) {
			bool was = irq_deliverable(d, irq);
			uint8_t prio = (uint8_t)(*val >> (8 * i));

			if (irq->priority != prio) {
				irq->priority = prio;
				irq_changed_locked(d, irq, was, true, k);
			}
		} else {
			v |= (uint64_t)irq->priority << (8 * i);
		}
	}
	if (!is_write)
		*val = v;
}

/* ICFGR for IRQs first..first+15: bit 2n+1 = edge. SGIs are read-only edge. */
static void cfg_access_locked(struct vgic_dist *d, struct vgic_cpu *c, unsigned first,
			      bool is_write, uint64_t *val, struct kicks *k)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 16; i++) {
		struct vgic_irq *irq = irq_lookup(d, c, first + i);

		if (!irq)
			continue;
		if (is_write && irq->intid >= VGIC_NR_SGIS) {
			bool was = irq_deliverable(d, irq);
			bool level = !((*val >> (2 * i + 1)) & 1);

			if (level != irq->is_level) {
				irq->is_level = level;
				irq_changed_locked(d, irq, was, true, k);
			}
		}
		if (!irq->is_level)
			v |= 2U << (2 * i);
	}
	if (!is_write)
		*val = v;
}

/* ------------------------------------------------------------------ GICD */

static uint32_t gicd_typer(const struct vgic_dist *d)
{
	unsigned it_lines = (d->nr_spis + 31) / 32;
	unsigned cpus = MIN(d->nr_vcpus, 8U);

	/* IDbits 9 (10-bit INTIDs), no LPIs/MBIS/ESPI, SecurityExtn 0, RSS 0, A3V 0. */
	return (9U << GICD_TYPER_IDBITS_SHIFT) | ((cpus - 1) << GICD_TYPER_CPUNUM_SHIFT) |
	       it_lines;
}

static int gicd_irouter_access_locked(struct vgic_dist *d, uint64_t off, bool is_write,
				      uint64_t *val, unsigned size, struct kicks *k)
{
	unsigned intid = (unsigned)((off - GICD_IROUTER) / 8);
	unsigned shift = (off & 4) ? 32 : 0;
	struct vgic_irq *irq;

	if (!size_ok(size, SZ_4 | SZ_8))
		return -EINVAL;
	irq = intid >= VGIC_NR_PRIVATE ? irq_lookup(d, NULL, intid) : NULL;
	if (!irq)
		return 0; /* private (with ARE=1) or unimplemented: RAZ/WI */
	if (is_write) {
		uint64_t mask = size == 8 ? ~0ULL : 0xFFFFFFFFULL << shift;
		uint64_t v = (irq->irouter & ~mask) | ((*val << shift) & mask);
		bool was = irq_deliverable(d, irq);
		struct vgic_cpu *old = irq->ap_cpu;

		irq->irouter = v & GICD_IROUTER_MASK;
		irq->target = irouter_resolve(d, irq->irouter);
		irq_changed_locked(d, irq, was, false, k);
		/* Moved to another vCPU while deliverable: that one must look. */
		if (irq->ap_cpu != old && irq_deliverable(d, irq))
			kick_add(k, irq->ap_cpu);
		if (irq->in_lr)
			kick_add(k, irq->ap_cpu);
	} else {
		*val = size == 8 ? irq->irouter : (uint32_t)(irq->irouter >> shift);
	}
	return 0;
}

static int gicd_access_locked(struct vgic_dist *d, uint64_t off, bool is_write, uint64_t *val,
			      unsigned size, struct kicks *k)
{
	if (off >= GICD_IROUTER && off < GICD_IROUTER_END)
		return gicd_irouter_access_locked(d, off, is_write, val, size, k);

	if ((off >= GICD_IPRIORITYR && off < GICD_ITARGETSR + 0x400) ||
	    (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10)) {
		/* Byte-accessible registers. */
		if (!size_ok(size, SZ_1 | SZ_4))
			return -EINVAL;
		if (off < GICD_ITARGETSR && off - GICD_IPRIORITYR >= VGIC_NR_PRIVATE)
			priority_access_locked(d, NULL, (unsigned)(off - GICD_IPRIORITYR),
					       is_write, val, size, k);
		/* ITARGETSR, private priorities, C/SPENDSGIR: RAZ/WI with ARE=1. */
		return 0;
	}

	if (off < 0x10000 && off >= GIC_PIDR4) {
		if (!size_ok(size, SZ_4))
			return -EINVAL;
		if (!is_write)
			*val = id_reg(off);
		return 0;
	}

	/* Everything below 0x1000 is a 32-bit register or reserved. */
	if (off >= 0x1000)
		return 0; /* reserved: RAZ/WI */
	if (!size_ok(size, SZ_4))
		return -EINVAL;

	switch (off) {
	case GICD_CTLR:
		if (is_write) {
			uint32_t old = d->ctlr;
			d->ctlr = (uint32_t)*val & (GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
			if ((old ^ d->ctlr) & GICD_CTLR_ENABLE_G1) {
				direct_claim_all_locked(d);
				kick_all(d, k);
			}
		} else {
			/* RWP (bit 31) always 0: writes take effect immediately. */
			*val = d->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
		}
		return 0;
	case GICD_TYPER:
		if (!is_write)
			*val = gicd_typer(d);
		return 0;
	case GICD_IIDR:
		if (!is_write)
			*val = VGIC_IIDR;
		return 0;
	default:
		break;
	}

	if (off >= GICD_IGROUPR && off < GICD_ICACTIVER + 0x80) {
		uint64_t bank = off & ~0x7FULL;
		unsigned first = (unsigned)((off & 0x7F) / 4) * 32;

		if (first >= VGIC_NR_PRIVATE)
			bit_bank_access_locked(d, NULL, bank, first, is_write, val, k);
		return 0;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		unsigned first = (unsigned)((off - GICD_ICFGR) / 4) * 16;

		if (first >= VGIC_NR_PRIVATE)
			cfg_access_locked(d, NULL, first, is_write, val, k);
		return 0;
	}
	/* TYPER2, STATUSR, IGRPMODR, NSACR, SGIR, reserved: RAZ/WI. */
	return 0;
}

/*
 * End of a locked GICD/GICR access: release the lock (a write may have changed
 * what a vCPU has to load), return a read's value, send the kicks.
 */
static int access_done(struct vgic_dist *d, bool is_write, int rc, uint64_t in, uint64_t *val,
		       const struct kicks *k)
{
	if (is_write)
		unlock_changed(d);
	else
		spin_unlock(&d->lock);
	if (!is_write && rc == 0)
		*val = in;
	kicks_send(d, k);
	return rc;
}

/* vgic_gicd_access() for everything but the identification registers. */
static __attribute__((noinline)) int gicd_access_slow(struct vgic_dist *d, uint64_t offset,
						      bool is_write, uint64_t *val, unsigned size)
{
	struct kicks k = { { 0 } };
	uint64_t in;
	int rc;

	in = is_write ? (size == 8 ? *val : *val & ((1ULL << (8 * size)) - 1)) : 0;
	spin_lock(&d->lock);
	rc = gicd_access_locked(d, offset, is_write, &in, size, &k);
	return access_done(d, is_write, rc, in, val, &k);
}

/**
 * Emulate a guest access to the distributor at @offset from its base.
 * @val holds the value to write, or receives the value read (zero-extended).
 * @accessor is the accessing vCPU (unused: no banked GICD registers with
 * ARE=1). Returns 0, or -EINVAL for an access that must fault (size not
 * 1/2/4/8, misaligned, wrong width for the register, outside the frame).
 */
/* A read of an identification register (constant after init: no lock); false if not one. */
static inline bool gicd_id_read(struct vgic_dist *d, uint64_t offset, bool is_write,
				uint64_t *val, unsigned size)
{
	if (is_write || size != 4 || (offset != GICD_TYPER && offset != GICD_IIDR))
		return false;
	*val = offset == GICD_TYPER ? gicd_typer(d) : VGIC_IIDR;
	return true;
}

int vgic_gicd_access(struct vgic_dist *d, struct vgic_cpu *accessor, uint64_t offset,
		     bool is_write, uint64_t *val, unsigned size)
{
	(void)accessor;
	if (gicd_id_read(d, offset, is_write, val, size))
		return 0;
	if (!size_ok(size, SZ_1 | (1U << 2) | SZ_4 | SZ_8) || (offset & (size - 1)) ||
	    offset >= VGIC_GICD_SIZE)
		return -EINVAL;
	return gicd_access_slow(d, offset, is_write, val, size);
}

/**
 * vgic_gicd_mmio - the distributor as a domain MMIO handler (mmio_fn shape,
 * @priv = the vgic_dist), registered directly: no per-domain forwarding
 * wrapper on the trapped-access path, and the frequent identification reads
 * answered here with the arguments still in their registers.
 */
int vgic_gicd_mmio(struct vcpu *v, uint64_t offset, bool is_write, uint64_t *val, unsigned size,
		   void *priv)
{
	(void)v;
	if (gicd_id_read(priv, offset, is_write, val, size))
		return 0;
	return vgic_gicd_access(priv, NULL, offset, is_write, val, size);
}

/* ------------------------------------------------------------------ GICR */

static int gicr_rd_access_locked(struct vgic_dist *d, struct vgic_cpu *c, uint64_t off,
				 bool is_write, uint64_t *val, unsigned size)
{
	switch (off) {
	case GICR_TYPER:
	case GICR_TYPER + 4: {
		uint64_t typer = ((uint64_t)c->affinity << 32) |
				 ((uint64_t)c->vcpu_index << GICR_TYPER_PROCNUM_SHIFT);

		if (!size_ok(size, SZ_4 | SZ_8) || (size == 8 && off != GICR_TYPER))
			return -EINVAL;
		if (c->vcpu_index == d->nr_vcpus - 1)
			typer |= GICR_TYPER_LAST;
		if (!is_write)
			*val = size == 8 ? typer : (uint32_t)(typer >> (off == GICR_TYPER ? 0 : 32));
		return 0;
	}
	case GICR_PROPBASER:
	case GICR_PROPBASER + 4:
	case GICR_PENDBASER:
	case GICR_PENDBASER + 4:
	case GICR_SETLPIR:
	case GICR_SETLPIR + 4:
	case GICR_CLRLPIR:
	case GICR_CLRLPIR + 4:
	case GICR_INVLPIR:
	case GICR_INVLPIR + 4:
	case GICR_INVALLR:
	case GICR_INVALLR + 4:
		/* 64-bit LPI registers: no LPIs, RAZ/WI. */
		return size_ok(size, SZ_4 | SZ_8) ? 0 : -EINVAL;
	default:
		break;
	}

	if (off >= 0x1000 && off < GIC_PIDR4)
		return 0; /* reserved: RAZ/WI */
	if (!size_ok(size, SZ_4))
		return -EINVAL;
	switch (off) {
	case GICR_IIDR:
		if (!is_write)
			*val = VGIC_IIDR;
		break;
	case GICR_WAKER:
		if (is_write)
			c->processor_sleep = (*val & GICR_WAKER_PROCESSOR_SLEEP) != 0;
		else if (c->processor_sleep)
			*val = GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP;
		break;
	default:
		/* CTLR (EnableLPIs RAZ/WI, RWP/UWP 0), STATUSR, SYNCR (not busy), ...: RAZ/WI. */
		if (!is_write && off >= GIC_PIDR4)
			*val = id_reg(off);
		break;
	}
	return 0;
}

static int gicr_sgi_access_locked(struct vgic_dist *d, struct vgic_cpu *c, uint64_t off,
				  bool is_write, uint64_t *val, unsigned size, struct kicks *k)
{
	if (off >= GICR_IPRIORITYR0 && off < GICR_IPRIORITYR0 + VGIC_NR_PRIVATE) {
		if (!size_ok(size, SZ_1 | SZ_4))
			return -EINVAL;
		priority_access_locked(d, c, (unsigned)(off - GICR_IPRIORITYR0), is_write, val,
				       size, k);
		return 0;
	}
	if (off >= 0x1000 && off < GIC_PIDR4)
		return 0; /* reserved: RAZ/WI */
	if (!size_ok(size, SZ_4))
		return -EINVAL;
	switch (off) {
	case GICR_IGROUPR0:
	case GICR_ISENABLER0:
	case GICR_ICENABLER0:
	case GICR_ISPENDR0:
	case GICR_ICPENDR0:
	case GICR_ISACTIVER0:
	case GICR_ICACTIVER0:
		bit_bank_access_locked(d, c, off, 0, is_write, val, k);
		break;
	case GICR_ICFGR0:
	case GICR_ICFGR1:
		cfg_access_locked(d, c, off == GICR_ICFGR0 ? 0 : 16, is_write, val, k);
		break;
	default:
		/* IGRPMODR0, NSACR, reserved (ID registers live in RD_base): RAZ/WI. */
		break;
	}
	return 0;
}

/**
 * Emulate a guest access at @offset from the base of the whole redistributor
 * region (vCPU = offset / VGIC_GICR_STRIDE; any vCPU may access any frame).
 * Frames of absent vCPUs are RAZ/WI. Same @val / return conventions as
 * vgic_gicd_access().
 */
int vgic_gicr_access(struct vgic_dist *d, struct vgic_cpu *accessor, uint64_t offset,
		     bool is_write, uint64_t *val, unsigned size)
{
	struct kicks k = { { 0 } };
	uint64_t idx = offset / VGIC_GICR_STRIDE, off = offset % VGIC_GICR_STRIDE;
	struct vgic_cpu *c;
	uint64_t in;
	int rc = 0;

	(void)accessor;
	if (!size_ok(size, SZ_1 | (1U << 2) | SZ_4 | SZ_8) || (offset & (size - 1)))
		return -EINVAL;
	in = is_write ? (size == 8 ? *val : *val & ((1ULL << (8 * size)) - 1)) : 0;
	spin_lock(&d->lock);
	c = idx < d->nr_vcpus ? d->cpus[idx] : NULL;
	if (c && off < VGIC_GICR_SGI_OFFSET)
		rc = gicr_rd_access_locked(d, c, off, is_write, &in, size);
	else if (c)
		rc = gicr_sgi_access_locked(d, c, off - VGIC_GICR_SGI_OFFSET, is_write, &in,
					    size, &k);
	return access_done(d, is_write, rc, in, val, &k);
}
