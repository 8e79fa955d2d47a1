/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the virtual GICv3 (hyp/core/vgic.c): register emulation,
 * list-register fill/fold, routing, SGI generation, level semantics. The
 * "guest" is simulated by editing vgic_cpu.lr[] the way the hardware would
 * (acknowledge: pending -> active, EOI: active -> invalid).
 */
#include <hyp/errno.h>
#include <hyp/vgic.h>

#include <stdarg.h>

#include "unit.h"

#define NR_SPIS 64
#define MAX_CPUS 20

/* GICD / GICR offsets used by the tests (spelled out to cross-check vgic.c). */
#define D_CTLR 0x0
#define D_TYPER 0x4
#define D_IGROUPR 0x80
#define D_ISENABLER 0x100
#define D_ICENABLER 0x180
#define D_ISPENDR 0x200
#define D_ICPENDR 0x280
#define D_ISACTIVER 0x300
#define D_ICACTIVER 0x380
#define D_IPRIORITYR 0x400
#define D_ICFGR 0xC00
#define D_IROUTER 0x6000
#define PIDR2 0xFFE8
#define R_TYPER 0x8
#define R_WAKER 0x14
#define SGI 0x10000
#define STRIDE 0x20000

struct env {
	struct vgic_dist d;
	struct vgic_irq spis[NR_SPIS];
	struct vgic_cpu cpu[MAX_CPUS];
	struct vgic_cpu *cpus[MAX_CPUS];
	unsigned nr;
};

/* Fake vCPU module: owners are &owner_tag[i]; kicks are counted per vCPU. */
static int owner_tag[MAX_CPUS];
static int kick_count[MAX_CPUS];

void vgic_kick(void *owner)
{
	int *tag = owner;
	kick_count[tag - owner_tag]++;
}

static void reset_kicks(void)
{
	memset(kick_count, 0, sizeof(kick_count));
}

/* The direct LR "hardware" (ICH_LR0_EL2 of the pCPU holding each vCPU). */
static uint64_t hw_lr0[MAX_CPUS];
extern int fake_cpu_id;

void arch_vgic_direct_lr_write(unsigned vcpu_index, uint64_t lr)
{
	hw_lr0[vcpu_index] = lr;
}

static struct env *env_new(unsigned nr_vcpus, unsigned nr_lr)
{
	struct env *e = calloc(1, sizeof(*e));

	e->nr = nr_vcpus;
	CHECK_EQ(vgic_dist_init(&e->d, NR_SPIS, e->spis, nr_vcpus, e->cpus), 0);
	for (unsigned i = 0; i < nr_vcpus; i++)
		vgic_cpu_init(&e->cpu[i], &e->d, i, nr_lr, &owner_tag[i]);
	reset_kicks();
	return e;
}

static uint64_t dr(struct env *e, uint64_t off)
{
	uint64_t v = 0xdeadbeef;
	CHECK_EQ(vgic_gicd_access(&e->d, &e->cpu[0], off, false, &v, 4), 0);
	return v;
}

static void dw(struct env *e, uint64_t off, uint64_t v)
{
	CHECK_EQ(vgic_gicd_access(&e->d, &e->cpu[0], off, true, &v, 4), 0);
}

static uint64_t rr(struct env *e, unsigned cpu, uint64_t off, unsigned size)
{
	uint64_t v = 0xdeadbeef;
	CHECK_EQ(vgic_gicr_access(&e->d, &e->cpu[0], cpu * STRIDE + off, false, &v, size), 0);
	return v;
}

static void rw(struct env *e, unsigned cpu, uint64_t off, uint64_t v)
{
	CHECK_EQ(vgic_gicr_access(&e->d, &e->cpu[0], cpu * STRIDE + off, true, &v, 4), 0);
}

/* Linux-like bring-up: enable the distributor (ARE | Grp1 | Grp0). */
static void dist_enable(struct env *e)
{
	dw(e, D_CTLR, 0x13);
}

/* Enable SPI @intid with priority @prio. */
static void spi_setup(struct env *e, unsigned intid, uint8_t prio)
{
	uint64_t v = prio;
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IPRIORITYR + intid, true, &v, 1), 0);
	dw(e, D_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static unsigned lr_intid(uint64_t lr)
{
	return (unsigned)(lr & ICH_LR_VINTID_MASK);
}

static unsigned lr_prio(uint64_t lr)
{
	return (unsigned)((lr >> 48) & 0xFF);
}

static unsigned lr_state(uint64_t lr)
{
	return (unsigned)(lr >> 62);
}

/* Index of the LR holding @intid in a valid state, or -1. */
static int find_lr(struct vgic_cpu *c, unsigned intid)
{
	for (unsigned i = 0; i < c->nr_lr; i++)
		if (lr_state(c->lr[i]) && lr_intid(c->lr[i]) == intid)
			return (int)i;
	return -1;
}

static unsigned valid_lrs(struct vgic_cpu *c)
{
	unsigned n = 0;
	for (unsigned i = 0; i < c->nr_lr; i++)
		n += lr_state(c->lr[i]) != 0;
	return n;
}

/* Guest acknowledges the IRQ in LR @i (pending -> active). */
static void guest_ack(struct vgic_cpu *c, int i)
{
	CHECK(i >= 0);
	if (i < 0)
		return;
	CHECK_EQ(lr_state(c->lr[i]) & 1, 1);
	CHECK(!(c->lr[i] & ICH_LR_STATE_ACTIVE)); /* pending+active cannot be acked */
	c->lr[i] = (c->lr[i] & ~ICH_LR_STATE_MASK) | ICH_LR_STATE_ACTIVE;
}

/* Guest EOIs (drops priority and deactivates) the IRQ in LR @i. */
static void guest_eoi(struct vgic_cpu *c, int i)
{
	CHECK(i >= 0);
	if (i < 0)
		return;
	CHECK(c->lr[i] & ICH_LR_STATE_ACTIVE);
	c->lr[i] &= ~ICH_LR_STATE_ACTIVE;
}

/* Round trip through the "hardware": exit (sync) and re-entry (flush). */
static void reenter(struct vgic_cpu *c)
{
	vgic_sync_lrs(c);
	vgic_flush_lrs(c);
}

UNIT_TEST(gicd_id_and_ctlr)
{
	struct env *e = env_new(2, 4);

	CHECK_EQ(dr(e, D_TYPER) & 0x1F, (NR_SPIS + 32) / 32 - 1);
	CHECK_EQ((dr(e, D_TYPER) >> 19) & 0x1F, 9);	/* IDbits: 10-bit INTIDs */
	CHECK_EQ((dr(e, D_TYPER) >> 17) & 1, 0);	/* no LPIs */
	CHECK_EQ((dr(e, D_TYPER) >> 5) & 7, 1);		/* 2 CPUs */
	CHECK_EQ(dr(e, PIDR2), 0x3B);
	CHECK_EQ(rr(e, 1, PIDR2, 4), 0x3B);
	/* ARE and DS always read as one; RWP reads 0; enable bits round-trip. */
	CHECK_EQ(dr(e, D_CTLR), 0x50);
	dw(e, D_CTLR, 0x80000013);
	CHECK_EQ(dr(e, D_CTLR), 0x53);
	dw(e, D_CTLR, 0);
	CHECK_EQ(dr(e, D_CTLR), 0x50);
	/* IGROUPR: RAO for SPIs, RAZ for the private bank in the GICD. */
	CHECK_EQ(dr(e, D_IGROUPR + 4), 0xFFFFFFFF);
	CHECK_EQ(dr(e, D_IGROUPR), 0);
	CHECK_EQ(dr(e, D_IGROUPR + 12), 0); /* beyond nr_spis */
	CHECK_EQ(rr(e, 0, SGI + D_IGROUPR, 4), 0xFFFFFFFF);
	free(e);
}

UNIT_TEST(enable_pending_active_priority_roundtrip)
{
	struct env *e = env_new(2, 4);
	uint64_t v;

	dw(e, D_ISENABLER + 4, 0x80000005);
	CHECK_EQ(dr(e, D_ISENABLER + 4), 0x80000005);
	CHECK_EQ(dr(e, D_ICENABLER + 4), 0x80000005);
	dw(e, D_ICENABLER + 4, 0x1);
	CHECK_EQ(dr(e, D_ISENABLER + 4), 0x80000004);

	dw(e, D_ISPENDR + 8, 0x00010002);
	CHECK_EQ(dr(e, D_ISPENDR + 8), 0x00010002);
	dw(e, D_ICPENDR + 8, 0x2);
	CHECK_EQ(dr(e, D_ICPENDR + 8), 0x00010000);

	dw(e, D_ISACTIVER + 4, 0x100);
	CHECK_EQ(dr(e, D_ISACTIVER + 4), 0x100);
	dw(e, D_ICACTIVER + 4, 0xFFFFFFFF);
	CHECK_EQ(dr(e, D_ISACTIVER + 4), 0);

	/* Byte writes, word read, and the reverse. */
	for (unsigned i = 0; i < 4; i++) {
		v = 0x10 * (i + 1);
		CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IPRIORITYR + 40 + i, true, &v, 1), 0);
	}
	CHECK_EQ(dr(e, D_IPRIORITYR + 40), 0x40302010);
	dw(e, D_IPRIORITYR + 44, 0xA0B0C0D0);
	v = 0;
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IPRIORITYR + 46, false, &v, 1), 0);
	CHECK_EQ(v, 0xB0);

	/* Private registers in the GICD are RAZ/WI (ARE=1)... */
	dw(e, D_ISENABLER, 0xFFFFFFFF);
	CHECK_EQ(dr(e, D_ISENABLER), 0);
	dw(e, D_IPRIORITYR, 0xFFFFFFFF);
	CHECK_EQ(dr(e, D_IPRIORITYR), 0);
	CHECK_EQ(rr(e, 0, SGI + D_ISENABLER, 4), 0);
	/* ...and live in the redistributor, banked per vCPU. */
	rw(e, 1, SGI + D_ISENABLER, 0x08000001); /* SGI 0, PPI 27 */
	CHECK_EQ(rr(e, 1, SGI + D_ISENABLER, 4), 0x08000001);
	CHECK_EQ(rr(e, 0, SGI + D_ISENABLER, 4), 0);
	rw(e, 1, SGI + D_ICENABLER, 0x1);
	CHECK_EQ(rr(e, 1, SGI + D_ISENABLER, 4), 0x08000000);
	rw(e, 1, SGI + D_IPRIORITYR + 24, 0x11223344);
	CHECK_EQ(rr(e, 1, SGI + D_IPRIORITYR + 24, 4), 0x11223344);
	CHECK_EQ(rr(e, 1, SGI + D_IPRIORITYR + 27, 1), 0x11);
	CHECK_EQ(rr(e, 0, SGI + D_IPRIORITYR + 24, 4), 0);
	rw(e, 0, SGI + D_ISPENDR, 0x4);
	CHECK_EQ(rr(e, 0, SGI + D_ISPENDR, 4), 0x4);
	CHECK_EQ(rr(e, 0, SGI + D_ICPENDR, 4), 0x4);
	rw(e, 0, SGI + D_ICPENDR, 0x4);
	CHECK_EQ(rr(e, 0, SGI + D_ISPENDR, 4), 0);

	/* ICFGR: SGIs read-only edge; PPIs and SPIs programmable. */
	CHECK_EQ(rr(e, 0, SGI + D_ICFGR, 4), 0xAAAAAAAA);
	rw(e, 0, SGI + D_ICFGR, 0);
	CHECK_EQ(rr(e, 0, SGI + D_ICFGR, 4), 0xAAAAAAAA);
	CHECK_EQ(rr(e, 0, SGI + D_ICFGR + 4, 4), 0);
	rw(e, 0, SGI + D_ICFGR + 4, 0x80000002); /* PPI 16 and 31 edge */
	CHECK_EQ(rr(e, 0, SGI + D_ICFGR + 4, 4), 0x80000002);
	dw(e, D_ICFGR + 8, 0xFFFFFFFF);
	CHECK_EQ(dr(e, D_ICFGR + 8), 0xAAAAAAAA); /* only the odd bits exist */
	dw(e, D_ICFGR, 0xFFFFFFFF);
	CHECK_EQ(dr(e, D_ICFGR), 0);

	/* IROUTER: 64-bit and 32-bit halves. */
	v = 0x0000000100000203ULL;
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IROUTER + 8 * 40, true, &v, 8), 0);
	v = 0;
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IROUTER + 8 * 40, false, &v, 8), 0);
	CHECK_EQ(v, 0x0000000100000203ULL);
	CHECK_EQ(dr(e, D_IROUTER + 8 * 40 + 4), 1);
	CHECK_EQ(dr(e, D_IROUTER + 8 * 40), 0x203);
	CHECK_EQ(dr(e, D_IROUTER + 8 * 5), 0); /* private: RAZ */
	free(e);
}

UNIT_TEST(lr_fill_priority_order_and_uie)
{
	struct env *e = env_new(1, 4);
	struct vgic_cpu *c = &e->cpu[0];
	static const uint8_t prio[6] = { 0xA0, 0x20, 0x80, 0x20, 0xF0, 0x40 };

	dist_enable(e);
	dw(e, D_ICFGR + 8, 0xAAAAAAAA); /* SPIs 32-47 edge */
	for (unsigned i = 0; i < 6; i++) {
		spi_setup(e, 32 + i, prio[i]);
		vgic_inject_spi(&e->d, 32 + i);
	}
	vgic_flush_lrs(c);
	/* Expected order: 33 (0x20), 35 (0x20), 37 (0x40), 34 (0x80). */
	CHECK_EQ(c->lr_used, 4);
	CHECK_EQ(lr_intid(c->lr[0]), 33);
	CHECK_EQ(lr_intid(c->lr[1]), 35);
	CHECK_EQ(lr_intid(c->lr[2]), 37);
	CHECK_EQ(lr_intid(c->lr[3]), 34);
	CHECK_EQ(lr_prio(c->lr[0]), 0x20);
	CHECK_EQ(lr_prio(c->lr[2]), 0x40);
	CHECK_EQ(lr_prio(c->lr[3]), 0x80);
	for (unsigned i = 0; i < 4; i++) {
		CHECK_EQ(lr_state(c->lr[i]), 1); /* pending */
		CHECK(c->lr[i] & ICH_LR_GROUP1);
		CHECK(!(c->lr[i] & ICH_LR_HW));
		CHECK(!(c->lr[i] & ICH_LR_EOI)); /* edge: no EOI maintenance */
	}
	CHECK_EQ(c->hcr, ICH_HCR_UIE);
	CHECK(vgic_has_deliverable(c));

	/* The guest takes and EOIs 33: its slot goes to the next best (32, 0xA0). */
	int i33 = find_lr(c, 33);
	guest_ack(c, i33);
	guest_eoi(c, i33);
	reenter(c);
	CHECK_EQ(find_lr(c, 33), -1);
	CHECK(find_lr(c, 32) >= 0);
	CHECK(find_lr(c, 35) >= 0 && find_lr(c, 37) >= 0 && find_lr(c, 34) >= 0);
	CHECK_EQ(find_lr(c, 36), -1);
	CHECK_EQ(c->hcr, ICH_HCR_UIE);
	/* ISPENDR no longer shows 33, still shows the others. */
	CHECK_EQ(dr(e, D_ISPENDR + 4) & 0x3F, 0x3D);

	/* Drain everything: 5 left. */
	for (unsigned round = 0; round < 2; round++) {
		for (unsigned i = 0; i < c->nr_lr; i++) {
			if (lr_state(c->lr[i])) {
				guest_ack(c, (int)i);
				guest_eoi(c, (int)i);
			}
		}
		reenter(c);
	}
	CHECK_EQ(valid_lrs(c), 0);
	CHECK_EQ(c->hcr, 0);
	CHECK(!vgic_has_deliverable(c));
	CHECK_EQ(dr(e, D_ISPENDR + 4), 0);
	free(e);
}

UNIT_TEST(lr_not_eoied_stays_loaded_unsynced_flush_is_stable)
{
	struct env *e = env_new(1, 2);
	struct vgic_cpu *c = &e->cpu[0];

	dist_enable(e);
	spi_setup(e, 40, 0x80);
	vgic_inject_spi(&e->d, 40);
	vgic_flush_lrs(c);
	CHECK_EQ(c->lr_used, 1);
	/* Re-flush without running (no sync): same result. */
	vgic_flush_lrs(c);
	CHECK_EQ(c->lr_used, 1);
	CHECK_EQ(lr_intid(c->lr[0]), 40);
	CHECK_EQ(lr_state(c->lr[0]), 1);
	/* Exit without the guest taking it: still pending after the round trip. */
	reenter(c);
	CHECK_EQ(lr_intid(c->lr[0]), 40);
	CHECK_EQ(lr_state(c->lr[0]), 1);
	/* Second edge while it sits in the LR merges into one. */
	vgic_inject_spi(&e->d, 40);
	reenter(c);
	CHECK_EQ(valid_lrs(c), 1);
	guest_ack(c, 0);
	guest_eoi(c, 0);
	reenter(c);
	CHECK_EQ(valid_lrs(c), 0);
	free(e);
}

/*
 * A level-configured IRQ pending only through its latch (how the event-channel
 * upcall, PPI 31, arrives when Linux configures it level) goes into the LR
 * without ICH_LR.EOI (no maintenance exit at EOI), and an injection while the
 * guest handles it kicks and survives the fold instead of being consumed
 * with the first acknowledge. A high line still gets EOI re-sampling.
 */
UNIT_TEST(level_latch_only_irq_loaded_as_edge_keeps_new_injection)
{
	struct env *e = env_new(1, 4);
	struct vgic_cpu *c = &e->cpu[0];
	int i;

	dist_enable(e);
	spi_setup(e, 40, 0x80); /* SPIs reset to level */
	vgic_inject_spi(&e->d, 40);
	vgic_flush_lrs(c);
	i = find_lr(c, 40);
	CHECK(i >= 0);
	CHECK(!(c->lr[i] & ICH_LR_EOI));
	guest_ack(c, i);
	reset_kicks();
	vgic_inject_spi(&e->d, 40);
	CHECK_EQ(kick_count[0], 1);
	guest_eoi(c, i);
	reenter(c);
	i = find_lr(c, 40);
	CHECK(i >= 0);
	CHECK_EQ(lr_state(c->lr[i]), 1);
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	CHECK_EQ(find_lr(c, 40), -1);
	CHECK(!vgic_has_deliverable(c));

	/* The line: loaded with EOI; after EOI with the line still high, again. */
	vgic_set_level(&e->d, NULL, 40, true);
	vgic_flush_lrs(c);
	i = find_lr(c, 40);
	CHECK(i >= 0);
	CHECK(c->lr[i] & ICH_LR_EOI);
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	CHECK(find_lr(c, 40) >= 0);
	vgic_set_level(&e->d, NULL, 40, false);
	reenter(c);
	CHECK_EQ(find_lr(c, 40), -1);
	free(e);
}

UNIT_TEST(active_and_pending_active)
{
	struct env *e = env_new(1, 4);
	struct vgic_cpu *c = &e->cpu[0];
	int i;

	dist_enable(e);
	spi_setup(e, 33, 0x80);
	vgic_inject_spi(&e->d, 33);
	vgic_flush_lrs(c);
	i = find_lr(c, 33);
	guest_ack(c, i);
	vgic_sync_lrs(c);
	/* Active after the fold, visible through ISACTIVER, not pending. */
	CHECK_EQ(dr(e, D_ISACTIVER + 4), 0x2);
	CHECK_EQ(dr(e, D_ISPENDR + 4), 0);
	CHECK(!vgic_has_deliverable(c));
	vgic_flush_lrs(c);
	i = find_lr(c, 33);
	CHECK(i >= 0);
	CHECK_EQ(lr_state(c->lr[i]), 2);

	/* A new edge while active: pending+active. */
	vgic_inject_spi(&e->d, 33);
	reenter(c);
	i = find_lr(c, 33);
	CHECK_EQ(lr_state(c->lr[i]), 3);
	/* The guest EOIs the first instance: the LR turns pending (hw does that). */
	c->lr[i] &= ~ICH_LR_STATE_ACTIVE;
	reenter(c);
	i = find_lr(c, 33);
	CHECK_EQ(lr_state(c->lr[i]), 1);
	CHECK_EQ(dr(e, D_ISACTIVER + 4), 0);
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	CHECK_EQ(find_lr(c, 33), -1);

	/* Active IRQs take LRs before higher-priority pending ones. */
	struct env *e2 = env_new(1, 1);
	struct vgic_cpu *c2 = &e2->cpu[0];
	dist_enable(e2);
	spi_setup(e2, 40, 0xF0);
	spi_setup(e2, 41, 0x00);
	dw(e2, D_ISACTIVER + 4, 1U << 8); /* SPI 40 active */
	vgic_inject_spi(&e2->d, 41);
	vgic_flush_lrs(c2);
	CHECK_EQ(lr_intid(c2->lr[0]), 40);
	CHECK_EQ(lr_state(c2->lr[0]), 2);
	CHECK_EQ(c2->hcr, 0); /* no UIE with a single LR: it would fire forever */
	/* Guest clears the active state through ICACTIVER: gone at next entry. */
	dw(e2, D_ICACTIVER + 4, 1U << 8);
	reenter(c2);
	CHECK_EQ(lr_intid(c2->lr[0]), 41);
	CHECK_EQ(lr_state(c2->lr[0]), 1);
	free(e2);
	free(e);
}

UNIT_TEST(sgi1r_decode_and_kicks)
{
	struct env *e = env_new(MAX_CPUS, 4);

	dist_enable(e);
	for (unsigned n = 0; n < MAX_CPUS; n++)
		rw(e, n, SGI + D_ISENABLER, 0xFFFF);

	/* SGI 5 to Aff1=0, TargetList {0, 2}. */
	reset_kicks();
	CHECK_EQ(vgic_sgi1r_write(&e->d, &e->cpu[1], (5ULL << 24) | 0x5), 0);
	for (unsigned n = 0; n < MAX_CPUS; n++) {
		bool want = n == 0 || n == 2;
		CHECK_EQ(rr(e, n, SGI + D_ISPENDR, 4), want ? 1U << 5 : 0);
		CHECK_EQ(kick_count[n], want ? 1 : 0);
	}
	vgic_flush_lrs(&e->cpu[2]);
	CHECK_EQ(lr_intid(e->cpu[2].lr[0]), 5);
	CHECK_EQ(lr_state(e->cpu[2].lr[0]), 1);

	/* SGI 3 to Aff1=1, TargetList {1, 3}: vCPUs 17 and 19. */
	reset_kicks();
	CHECK_EQ(vgic_sgi1r_write(&e->d, &e->cpu[0], (1ULL << 16) | (3ULL << 24) | 0xA), 0);
	for (unsigned n = 0; n < MAX_CPUS; n++) {
		bool want = n == 17 || n == 19;
		CHECK_EQ((rr(e, n, SGI + D_ISPENDR, 4) >> 3) & 1, want);
		CHECK_EQ(kick_count[n], want ? 1 : 0);
	}
	/* TargetList bits for absent vCPUs (Aff1=1, Aff0 >= 4) are ignored. */
	reset_kicks();
	CHECK_EQ(vgic_sgi1r_write(&e->d, &e->cpu[0], (1ULL << 16) | (7ULL << 24) | 0xFFF0), 0);
	for (unsigned n = 0; n < MAX_CPUS; n++)
		CHECK_EQ(kick_count[n], 0);
	/* Aff2 != 0 or RS != 0 names nobody. */
	CHECK_EQ(vgic_sgi1r_write(&e->d, &e->cpu[0], (1ULL << 32) | (7ULL << 24) | 1), 0);
	CHECK_EQ(vgic_sgi1r_write(&e->d, &e->cpu[0], (1ULL << 44) | (7ULL << 24) | 1), 0);
	for (unsigned n = 0; n < MAX_CPUS; n++) {
		CHECK_EQ(kick_count[n], 0);
		CHECK_EQ((rr(e, n, SGI + D_ISPENDR, 4) >> 7) & 1, 0);
	}

	/* IRM: everyone but the sender (vCPU 4), TargetList ignored. */
	reset_kicks();
	CHECK_EQ(vgic_sgi1r_write(&e->d, &e->cpu[4], (1ULL << 40) | (9ULL << 24) | 0x1), 0);
	for (unsigned n = 0; n < MAX_CPUS; n++) {
		bool want = n != 4;
		CHECK_EQ((rr(e, n, SGI + D_ISPENDR, 4) >> 9) & 1, want);
		CHECK_EQ(kick_count[n], want ? 1 : 0);
	}
	free(e);
}

UNIT_TEST(irouter_routes_spi_to_vcpu1)
{
	struct env *e = env_new(2, 4);
	uint64_t v = 1; /* Aff0 = 1 */

	dist_enable(e);
	spi_setup(e, 45, 0x80);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IROUTER + 8 * 45, true, &v, 8), 0);
	reset_kicks();
	vgic_inject_spi(&e->d, 45);
	CHECK_EQ(kick_count[0], 0);
	CHECK_EQ(kick_count[1], 1);
	CHECK(!vgic_has_deliverable(&e->cpu[0]));
	CHECK(vgic_has_deliverable(&e->cpu[1]));
	vgic_flush_lrs(&e->cpu[0]);
	vgic_flush_lrs(&e->cpu[1]);
	CHECK_EQ(valid_lrs(&e->cpu[0]), 0);
	CHECK_EQ(find_lr(&e->cpu[1], 45), 0);

	/* Re-routed to vCPU 0 while sitting (unacknowledged) in vCPU 1's LR:
	 * vCPU 1 is kicked, and when it folds the LR vCPU 0 gets it. */
	reset_kicks();
	dw(e, D_IROUTER + 8 * 45, 0);
	CHECK_EQ(kick_count[1], 1);
	vgic_sync_lrs(&e->cpu[1]);
	CHECK_EQ(kick_count[0], 1);
	vgic_flush_lrs(&e->cpu[1]);
	CHECK_EQ(valid_lrs(&e->cpu[1]), 0);
	vgic_flush_lrs(&e->cpu[0]);
	CHECK_EQ(find_lr(&e->cpu[0], 45), 0);

	/* Routed to a vCPU that does not exist: delivered nowhere. */
	vgic_sync_lrs(&e->cpu[0]);
	dw(e, D_IROUTER + 8 * 45, 5);
	vgic_flush_lrs(&e->cpu[0]);
	vgic_flush_lrs(&e->cpu[1]);
	CHECK_EQ(valid_lrs(&e->cpu[0]) + valid_lrs(&e->cpu[1]), 0);
	CHECK_EQ(dr(e, D_ISPENDR + 4), 1U << 13); /* still pending */
	/* IRM=1 (1 of N): vCPU 0. */
	vgic_sync_lrs(&e->cpu[0]);
	vgic_sync_lrs(&e->cpu[1]);
	dw(e, D_IROUTER + 8 * 45, 0x80000000);
	vgic_flush_lrs(&e->cpu[0]);
	CHECK_EQ(find_lr(&e->cpu[0], 45), 0);
	free(e);
}

UNIT_TEST(level_spi_pending_while_high)
{
	struct env *e = env_new(1, 4);
	struct vgic_cpu *c = &e->cpu[0];
	int i;

	dist_enable(e);
	spi_setup(e, 32, 0xA0); /* vPL011: level (ICFGR reset value) */
	CHECK_EQ(dr(e, D_ICFGR + 8) & 3, 0);
	reset_kicks();
	vgic_set_level(&e->d, NULL, 32, true);
	CHECK_EQ(kick_count[0], 1);
	CHECK_EQ(dr(e, D_ISPENDR + 4), 1);
	vgic_flush_lrs(c);
	i = find_lr(c, 32);
	CHECK(i >= 0);
	CHECK(c->lr[i] & ICH_LR_EOI); /* maintenance on EOI to re-sample */
	/* Guest handles it but the line stays high: pending again after EOI. */
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	i = find_lr(c, 32);
	CHECK(i >= 0);
	CHECK_EQ(lr_state(c->lr[i]), 1);
	/* Acked, then the device drops the line (trap), then EOI: not redelivered. */
	guest_ack(c, i);
	vgic_sync_lrs(c);
	vgic_set_level(&e->d, NULL, 32, false);
	vgic_flush_lrs(c);
	i = find_lr(c, 32);
	CHECK_EQ(lr_state(c->lr[i]), 2); /* active only */
	guest_eoi(c, i);
	reenter(c);
	CHECK_EQ(find_lr(c, 32), -1);
	CHECK_EQ(dr(e, D_ISPENDR + 4), 0);
	CHECK(!vgic_has_deliverable(c));

	/* Line drops while the LR is still pending (never acked): retired. */
	vgic_set_level(&e->d, NULL, 32, true);
	vgic_flush_lrs(c);
	CHECK(find_lr(c, 32) >= 0);
	vgic_sync_lrs(c);
	vgic_set_level(&e->d, NULL, 32, false);
	vgic_flush_lrs(c);
	CHECK_EQ(find_lr(c, 32), -1);

	/* ISPENDR on a level IRQ with the line low: delivered once, consumed by ack. */
	dw(e, D_ISPENDR + 4, 1);
	vgic_flush_lrs(c);
	i = find_lr(c, 32);
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	CHECK_EQ(find_lr(c, 32), -1);

	/* Edge-configured SPI fed through set_level latches on the rising edge only. */
	dw(e, D_ICFGR + 8, 0x2);
	vgic_set_level(&e->d, NULL, 32, true);
	vgic_flush_lrs(c);
	i = find_lr(c, 32);
	CHECK(i >= 0);
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	CHECK_EQ(find_lr(c, 32), -1); /* line still high, but edge */
	free(e);
}

UNIT_TEST(level_ppi_per_vcpu)
{
	struct env *e = env_new(2, 4);

	dist_enable(e);
	rw(e, 1, SGI + D_ISENABLER, 1U << 31);
	vgic_set_level(&e->d, &e->cpu[1], 31, true);
	CHECK(vgic_has_deliverable(&e->cpu[1]));
	CHECK(!vgic_has_deliverable(&e->cpu[0]));
	vgic_set_level(&e->d, &e->cpu[1], 31, false);
	CHECK(!vgic_has_deliverable(&e->cpu[1]));
	/* Edge injection of a PPI. */
	rw(e, 0, SGI + D_ISENABLER, 1U << 27);
	vgic_inject_private(&e->cpu[0], 27);
	vgic_flush_lrs(&e->cpu[0]);
	CHECK_EQ(find_lr(&e->cpu[0], 27), 0);
	free(e);
}

UNIT_TEST(gicr_typer_last_and_affinity)
{
	struct env *e = env_new(MAX_CPUS, 4);

	for (unsigned n = 0; n < MAX_CPUS; n++) {
		uint64_t t = rr(e, n, R_TYPER, 8);
		CHECK_EQ((t >> 4) & 1, n == MAX_CPUS - 1);
		CHECK_EQ((t >> 8) & 0xFFFF, n);
		CHECK_EQ(t >> 32, ((n >> 4) << 8) | (n & 0xF));
		CHECK_EQ(t & 1, 0); /* PLPIS */
		CHECK_EQ(rr(e, n, R_TYPER, 4), t & 0xFFFFFFFF);
		CHECK_EQ(rr(e, n, R_TYPER + 4, 4), t >> 32);
	}
	CHECK_EQ(vgic_vcpu_mpidr_aff(17), 0x101);
	/* Beyond the last frame: RAZ. */
	CHECK_EQ(rr(e, MAX_CPUS, R_TYPER, 8), 0);

	/* WAKER: ProcessorSleep writable, ChildrenAsleep follows. */
	CHECK_EQ(rr(e, 3, R_WAKER, 4), 6);
	rw(e, 3, R_WAKER, 0);
	CHECK_EQ(rr(e, 3, R_WAKER, 4), 0);
	CHECK_EQ(rr(e, 2, R_WAKER, 4), 6);
	rw(e, 3, R_WAKER, 2);
	CHECK_EQ(rr(e, 3, R_WAKER, 4), 6);
	free(e);
}

UNIT_TEST(disabled_irq_waits_for_enable)
{
	struct env *e = env_new(1, 4);
	struct vgic_cpu *c = &e->cpu[0];
	uint64_t v = 0x40;

	dist_enable(e);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IPRIORITYR + 50, true, &v, 1), 0);
	reset_kicks();
	vgic_inject_spi(&e->d, 50);
	CHECK_EQ(kick_count[0], 0);
	CHECK(!vgic_has_deliverable(c));
	vgic_flush_lrs(c);
	CHECK_EQ(valid_lrs(c), 0);
	CHECK_EQ(c->hcr, 0);
	CHECK_EQ(dr(e, D_ISPENDR + 4), 1U << 18); /* pending, just not forwarded */
	vgic_sync_lrs(c);
	dw(e, D_ISENABLER + 4, 1U << 18);
	CHECK_EQ(kick_count[0], 1);
	vgic_flush_lrs(c);
	int i = find_lr(c, 50);
	CHECK(i >= 0);
	CHECK_EQ(lr_prio(c->lr[i]), 0x40);
	/* Disabled again before the guest took it: withdrawn at the next entry. */
	dw(e, D_ICENABLER + 4, 1U << 18);
	reenter(c);
	CHECK_EQ(find_lr(c, 50), -1);
	free(e);
}

UNIT_TEST(group1_disable_blocks_delivery)
{
	struct env *e = env_new(2, 4);
	struct vgic_cpu *c = &e->cpu[0];

	spi_setup(e, 34, 0x80);
	vgic_inject_spi(&e->d, 34);
	CHECK(!vgic_has_deliverable(c));
	vgic_flush_lrs(c);
	CHECK_EQ(valid_lrs(c), 0);
	vgic_sync_lrs(c);
	dw(e, D_CTLR, 0x10 | 0x1); /* ARE + Grp0 only: still blocked */
	vgic_flush_lrs(c);
	CHECK_EQ(valid_lrs(c), 0);
	vgic_sync_lrs(c);
	reset_kicks();
	dist_enable(e);
	CHECK(kick_count[0] >= 1);
	CHECK(vgic_has_deliverable(c));
	vgic_flush_lrs(c);
	CHECK(find_lr(c, 34) >= 0);
	/* Disabling Group 1 withdraws a not-yet-taken interrupt. */
	dw(e, D_CTLR, 0x10);
	reenter(c);
	CHECK_EQ(valid_lrs(c), 0);
	CHECK_EQ(dr(e, D_ISPENDR + 4), 1U << 2);
	free(e);
}

UNIT_TEST(icpendr_from_other_vcpu_while_in_lr)
{
	struct env *e = env_new(2, 4);
	struct vgic_cpu *c = &e->cpu[0];
	uint64_t v = 1U << 3;

	dist_enable(e);
	dw(e, D_ICFGR + 8, 2U << 6); /* SPI 35 edge */
	spi_setup(e, 35, 0x80);
	vgic_inject_spi(&e->d, 35);
	vgic_flush_lrs(c); /* vCPU 0 "runs" with SPI 35 in an LR */
	CHECK_EQ(dr(e, D_ISPENDR + 4), 1U << 3);
	reset_kicks();
	CHECK_EQ(vgic_gicd_access(&e->d, &e->cpu[1], D_ICPENDR + 4, true, &v, 4), 0);
	CHECK_EQ(kick_count[0], 1);
	CHECK_EQ(dr(e, D_ISPENDR + 4), 0);
	reenter(c); /* the kick made vCPU 0 exit; LR still said pending */
	CHECK_EQ(find_lr(c, 35), -1);
	free(e);
}

UNIT_TEST(bad_sizes_fault)
{
	struct env *e = env_new(2, 4);
	uint64_t v = 0;

	/* GICD */
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_CTLR, false, &v, 8), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_CTLR, false, &v, 2), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_CTLR, false, &v, 1), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_ISENABLER + 4, true, &v, 8), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_ISENABLER + 2, false, &v, 4), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_ISENABLER + 4, false, &v, 3), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_ISENABLER + 4, false, &v, 0), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_ISENABLER + 4, false, &v, 16), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IPRIORITYR + 40, false, &v, 2), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IPRIORITYR + 40, false, &v, 8), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IPRIORITYR + 41, false, &v, 1), 0);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IROUTER + 8 * 40, false, &v, 2), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_IROUTER + 8 * 40 + 4, false, &v, 8), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, PIDR2, false, &v, 8), -EINVAL);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, 0x10000, false, &v, 4), -EINVAL);
	/* Reserved space: RAZ/WI. */
	v = 5;
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, 0x2000, false, &v, 4), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, 0x20, false, &v, 4), 0);
	CHECK_EQ(v, 0);
	/* A failed write changes nothing. */
	v = 0xFFFFFFFFFFFFFFFFULL;
	CHECK_EQ(vgic_gicd_access(&e->d, NULL, D_ISENABLER + 4, true, &v, 8), -EINVAL);
	CHECK_EQ(dr(e, D_ISENABLER + 4), 0);

	/* GICR */
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, R_WAKER, false, &v, 1), -EINVAL);
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, R_WAKER, false, &v, 8), -EINVAL);
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, R_TYPER, false, &v, 2), -EINVAL);
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, R_TYPER + 2, false, &v, 4), -EINVAL);
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, SGI + D_ISENABLER, false, &v, 8), -EINVAL);
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, SGI + D_ICFGR + 4, false, &v, 1), -EINVAL);
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, SGI + D_IPRIORITYR + 3, false, &v, 1), 0);
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, 0x70, false, &v, 8), 0); /* PROPBASER */
	CHECK_EQ(v, 0);
	free(e);
}

static char dump_buf[4096];
static size_t dump_len;

static void dump_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dump_len += (size_t)vsnprintf(dump_buf + dump_len, sizeof(dump_buf) - dump_len, fmt, ap);
	va_end(ap);
	if (dump_len >= sizeof(dump_buf))
		dump_len = sizeof(dump_buf) - 1;
}

UNIT_TEST(init_rejects_bad_config_and_dump_runs)
{
	struct vgic_dist d;
	struct vgic_cpu *cpus[1];
	struct vgic_irq spi[1];

	CHECK_EQ(vgic_dist_init(&d, 989, spi, 1, cpus), -EINVAL);
	CHECK_EQ(vgic_dist_init(&d, 0, NULL, 0, cpus), -EINVAL);
	CHECK_EQ(vgic_dist_init(&d, 0, NULL, 129, cpus), -EINVAL);
	CHECK_EQ(vgic_dist_init(&d, 0, NULL, 1, cpus), 0);
	CHECK_EQ(vgic_dist_init(&d, 1, spi, 1, cpus), 0);

	struct env *e = env_new(1, 2);
	dist_enable(e);
	spi_setup(e, 32, 0x10);
	vgic_inject_spi(&e->d, 32);
	vgic_inject_spi(&e->d, 32 + NR_SPIS); /* out of range: ignored */
	vgic_inject_private(&e->cpu[0], 32);  /* not private: ignored */
	vgic_flush_lrs(&e->cpu[0]);
	CHECK_EQ(valid_lrs(&e->cpu[0]), 1);
	dump_len = 0;
	vgic_dump(&e->cpu[0], dump_print);
	CHECK(strstr(dump_buf, "vgic vcpu0") != NULL);
	CHECK(strstr(dump_buf, "irq 32 prio 0x10") != NULL);
	free(e);
}

UNIT_TEST(hw_irq_lr_format)
{
	struct env *e = env_new(1, 4);
	struct vgic_cpu *c = &e->cpu[0];

	dist_enable(e);
	spi_setup(e, 40, 0x80);
	CHECK_EQ(vgic_set_hw(&e->d, NULL, 40, true, 77), 0);
	vgic_inject_spi(&e->d, 40);
	vgic_flush_lrs(c);
	int i = find_lr(c, 40);
	CHECK(i >= 0);
	CHECK(c->lr[i] & ICH_LR_HW);
	CHECK_EQ((c->lr[i] & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT, 77);
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	CHECK_EQ(find_lr(c, 40), -1);
	free(e);
}

/* ---------------------------------------------------------- direct LR */

#define UPCALL 31

/* What the arch does with the direct LR on an exit / before a switch. */
static void direct_exit(struct vgic_cpu *c)
{
	uint64_t lr;

	if (!c->direct_hw)
		return;
	lr = hw_lr0[c->vcpu_index];
	if (lr & ICH_LR_STATE_MASK)
		hw_lr0[c->vcpu_index] = 0;
	vgic_direct_sync(c, lr);
}

/* Guest takes the IRQ in hardware LR0: acknowledge, then EOI (EOImode 0). */
static void hw_ack(struct vgic_cpu *c)
{
	uint64_t *lr = &hw_lr0[c->vcpu_index];

	CHECK_EQ(lr_state(*lr), 1);
	*lr = (*lr & ~ICH_LR_STATE_MASK) | ICH_LR_STATE_ACTIVE;
}

static void hw_eoi(struct vgic_cpu *c)
{
	uint64_t *lr = &hw_lr0[c->vcpu_index];

	CHECK(*lr & ICH_LR_STATE_ACTIVE);
	*lr &= ~ICH_LR_STATE_ACTIVE;
}

/* Entry, delivery and EOI of the upcall from an ordinary LR (once); after the
 * next exit the direct LR is armed again. */
static void deliver_from_model(struct vgic_cpu *c)
{
	int i;

	vgic_flush_lrs(c);
	i = find_lr(c, UPCALL);
	CHECK(i >= 0);
	CHECK_EQ(lr_state(c->lr[i]), 1);
	CHECK_EQ(valid_lrs(c), 1);
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	CHECK_EQ(valid_lrs(c), 0);
	CHECK_EQ(c->direct_state, VGIC_DIRECT_ARMED);
}

/*
 * Linux-like: distributor on, PPI 31 of every vCPU enabled at @prio, the
 * upcall on the direct LR, vCPU 0 loaded on this (fake) pCPU, one entry
 * (which arms it).
 */
static struct env *direct_env(unsigned nr_vcpus, uint8_t prio)
{
	struct env *e = env_new(nr_vcpus, 4);

	memset(hw_lr0, 0, sizeof(hw_lr0));
	dist_enable(e);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		uint64_t v = prio;

		CHECK_EQ(vgic_gicr_access(&e->d, NULL, i * STRIDE + SGI + D_IPRIORITYR + UPCALL,
					  true, &v, 1), 0);
		rw(e, i, SGI + D_ISENABLER, 1U << UPCALL);
		vgic_set_direct(&e->cpu[i], UPCALL);
	}
	e->cpu[0].loaded_cpu = (int16_t)fake_cpu_id;
	vgic_flush_lrs(&e->cpu[0]);
	CHECK_EQ(e->cpu[0].direct_state, VGIC_DIRECT_ARMED);
	reset_kicks();
	return e;
}

UNIT_TEST(direct_lr_round_trip_without_the_model)
{
	struct env *e = direct_env(1, 0xa0);
	struct vgic_cpu *c = &e->cpu[0];

	for (int round = 0; round < 3; round++) {
		uint32_t gen = e->d.gen;

		vgic_inject_private(c, UPCALL);
		/* Straight into LR0: pending, Group 1, its priority, no EOI exit. */
		CHECK(c->direct_hw);
		CHECK_EQ(lr_intid(hw_lr0[0]), UPCALL);
		CHECK_EQ(lr_state(hw_lr0[0]), 1);
		CHECK_EQ(lr_prio(hw_lr0[0]), 0xa0);
		CHECK(hw_lr0[0] & ICH_LR_GROUP1);
		CHECK(!(hw_lr0[0] & (ICH_LR_EOI | ICH_LR_HW)));
		/* The model did not move: entry stays on its fast path. */
		CHECK_EQ(e->d.gen, gen);
		CHECK(!vgic_flush_needed(c));
		CHECK(c->ap_head == NULL);
		CHECK_EQ(c->lr_used, 0);
		CHECK(vgic_exit_needed(c));
		CHECK(vgic_has_deliverable(c));
		hw_ack(c);
		hw_eoi(c);
		direct_exit(c);
		CHECK(!c->direct_hw);
		CHECK_EQ(c->direct_state, VGIC_DIRECT_ARMED);
		CHECK_EQ(e->d.gen, gen);
		CHECK(!vgic_has_deliverable(c));
	}
	CHECK_EQ(kick_count[0], 0);
	/* The model agrees: nothing pending or active. */
	CHECK_EQ(rr(e, 0, SGI + D_ISPENDR, 4) >> UPCALL, 0);
	CHECK_EQ(rr(e, 0, SGI + D_ISACTIVER, 4) >> UPCALL, 0);
	free(e);
}

UNIT_TEST(direct_lr_pending_at_switch_is_redelivered)
{
	struct env *e = direct_env(1, 0x80);
	struct vgic_cpu *c = &e->cpu[0];

	vgic_inject_private(c, UPCALL);
	CHECK(c->direct_hw);
	/* Switched away before the guest ran: the arch folds LR0 back. */
	c->loaded_cpu = -1;
	direct_exit(c);
	CHECK(!c->direct_hw);
	CHECK_EQ(hw_lr0[0], 0);
	CHECK(vgic_flush_needed(c));
	CHECK_EQ(rr(e, 0, SGI + D_ISPENDR, 4) >> UPCALL, 1);
	/* Not loaded here: injections take the model, and are not lost. */
	vgic_inject_private(c, UPCALL);
	CHECK(!c->direct_hw);
	/* Back on a pCPU: the ordinary flush delivers it once; quiet again,
	 * the sync re-armed the direct LR. */
	c->loaded_cpu = (int16_t)fake_cpu_id;
	deliver_from_model(c);
	vgic_inject_private(c, UPCALL);
	CHECK(c->direct_hw);
	free(e);
}

UNIT_TEST(direct_lr_second_injection_is_not_lost)
{
	struct env *e = direct_env(1, 0x80);
	struct vgic_cpu *c = &e->cpu[0];
	int i;

	/* Injected twice before the guest ran: one delivery (edges merge). */
	vgic_inject_private(c, UPCALL);
	vgic_inject_private(c, UPCALL);
	direct_exit(c);
	deliver_from_model(c);

	/* Injected again while the guest handles it (active in LR0): the new
	 * one comes after the EOI. */
	vgic_inject_private(c, UPCALL);
	CHECK(c->direct_hw);
	hw_ack(c);
	vgic_inject_private(c, UPCALL); /* a hypercall of the handler sends again */
	CHECK_EQ(c->direct_state, 0);	/* claimed by the model */
	CHECK(vgic_has_deliverable(c));
	direct_exit(c);
	vgic_flush_lrs(c);
	i = find_lr(c, UPCALL);
	CHECK(i >= 0);
	CHECK_EQ(lr_state(c->lr[i]), 3); /* active and pending again */
	guest_eoi(c, i);
	c->lr[i] &= ~ICH_LR_STATE_ACTIVE;
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	CHECK_EQ(valid_lrs(c), 0);
	CHECK_EQ(rr(e, 0, SGI + D_ISPENDR, 4) >> UPCALL, 0);
	free(e);
}

UNIT_TEST(direct_lr_guest_mmio_from_another_vcpu)
{
	struct env *e = direct_env(2, 0x80);
	struct vgic_cpu *c = &e->cpu[0];
	uint64_t v = 0x40;

	/* Another vCPU reads vCPU 0's ISPENDR0 while the upcall sits in LR0. */
	vgic_inject_private(c, UPCALL);
	CHECK_EQ(rr(e, 0, SGI + D_ISPENDR, 4) >> UPCALL, 1);
	/* ... disables it: vCPU 0 is kicked, the fold keeps it pending. */
	rw(e, 0, SGI + D_ICENABLER, 1U << UPCALL);
	CHECK_EQ(kick_count[0], 1);
	direct_exit(c);
	vgic_flush_lrs(c);
	CHECK_EQ(find_lr(c, UPCALL), -1);
	CHECK_EQ(rr(e, 0, SGI + D_ISPENDR, 4) >> UPCALL, 1);
	/* Disabled: injections go to the model, not to LR0. */
	vgic_inject_private(c, UPCALL);
	CHECK(!c->direct_hw);
	vgic_flush_lrs(c);
	CHECK_EQ(find_lr(c, UPCALL), -1);
	/* Enabled again (and its priority changed): delivered from the model. */
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, SGI + D_IPRIORITYR + UPCALL, true, &v, 1), 0);
	rw(e, 0, SGI + D_ISENABLER, 1U << UPCALL);
	vgic_flush_lrs(c);
	int i = find_lr(c, UPCALL);
	CHECK(i >= 0);
	CHECK_EQ(lr_prio(c->lr[i]), 0x40);
	guest_ack(c, i);
	guest_eoi(c, i);
	reenter(c);
	/* Re-armed with the new priority. */
	vgic_inject_private(c, UPCALL);
	CHECK(c->direct_hw);
	CHECK_EQ(lr_prio(hw_lr0[0]), 0x40);

	/* A priority change while in LR0: kicked, reloaded with it. */
	v = 0x20;
	reset_kicks();
	CHECK_EQ(vgic_gicr_access(&e->d, NULL, SGI + D_IPRIORITYR + UPCALL, true, &v, 1), 0);
	CHECK_EQ(kick_count[0], 1);
	direct_exit(c);
	vgic_flush_lrs(c);
	i = find_lr(c, UPCALL);
	CHECK(i >= 0);
	CHECK_EQ(lr_prio(c->lr[i]), 0x20);
	CHECK_EQ(lr_state(c->lr[i]), 1);
	free(e);
}

UNIT_TEST(direct_lr_group1_disable)
{
	struct env *e = direct_env(2, 0x80);
	struct vgic_cpu *c = &e->cpu[0];

	vgic_inject_private(c, UPCALL);
	dw(e, D_CTLR, 0x10); /* Grp1 off */
	CHECK(kick_count[0] >= 1);
	direct_exit(c);
	vgic_flush_lrs(c);
	CHECK_EQ(valid_lrs(c), 0);
	CHECK_EQ(c->direct_state, 0); /* not armed while Grp1 is off */
	dist_enable(e);
	vgic_flush_lrs(c);
	CHECK(find_lr(c, UPCALL) >= 0);
	free(e);
}

UNIT_TEST(direct_lr_fallbacks)
{
	struct env *e = direct_env(2, 0x80);
	struct vgic_cpu *c = &e->cpu[0];

	/* Another pCPU's vCPU: the model and a kick. */
	vgic_inject_private(&e->cpu[1], UPCALL);
	CHECK(!e->cpu[1].direct_hw);
	CHECK_EQ(kick_count[1], 1);
	vgic_flush_lrs(&e->cpu[1]);
	CHECK(find_lr(&e->cpu[1], UPCALL) >= 0);
	/* Other INTIDs never take the direct LR. */
	rw(e, 0, SGI + D_ISENABLER, 1U << 27);
	vgic_inject_private(c, 27);
	CHECK(!c->direct_hw);
	/* LRs in use (the flush loaded PPI 27): the model. */
	vgic_flush_lrs(c);
	CHECK_EQ(c->lr_used, 1);
	vgic_inject_private(c, UPCALL);
	CHECK(!c->direct_hw);
	vgic_sync_lrs(c);
	vgic_flush_lrs(c);
	CHECK(find_lr(c, UPCALL) >= 0);
	CHECK(find_lr(c, 27) >= 0);
	free(e);
}

UNIT_TEST(direct_lr_and_flush)
{
	struct env *e = direct_env(1, 0x80);
	struct vgic_cpu *c = &e->cpu[0];
	int i;

	spi_setup(e, 40, 0x10);
	vgic_flush_lrs(c); /* (the entry after those writes: nothing to load) */
	CHECK_EQ(c->direct_state, VGIC_DIRECT_ARMED);
	/* Nothing else changed: entry needs no flush, LR0 stays. */
	vgic_inject_private(c, UPCALL);
	CHECK(!vgic_flush_needed(c));
	CHECK(c->direct_hw);
	CHECK_EQ(c->lr_used, 0);
	/* Something else arrived: the arch folds LR0 before the flush. */
	vgic_inject_spi(&e->d, 40);
	CHECK(vgic_flush_needed(c));
	direct_exit(c);
	vgic_flush_lrs(c);
	CHECK_EQ(valid_lrs(c), 2);
	i = find_lr(c, UPCALL);
	CHECK(i >= 0);
	CHECK_EQ(lr_state(c->lr[i]), 1);
	CHECK(find_lr(c, 40) >= 0);
	free(e);
}

UNIT_MAIN()
