/* SPDX-License-Identifier: MIT */
/*
 * hostile-fuzz: d1 issues FUZZ_CALLS hypercalls with random numbers (mostly
 * 0..63, some huge) and random arguments -- small and boundary integers,
 * domain ids, pointers into a scratch area of its RAM (aligned or not),
 * unmapped IPAs, GIC and UART addresses, GFNs of RAM it never touches, of
 * nothing, of the grant/shared-info windows -- from a fixed-seed xorshift
 * PRNG. It must survive (a crash of d1 is reported by the hypervisor and
 * fails the test) and the canary d2 must keep running throughout; the
 * runner also checks that every page comes back once both are destroyed.
 *
 * Only what would legitimately end or freeze the fuzzer itself is avoided:
 * SCHEDOP_shutdown/remote_shutdown/pin_override/block, SCHEDOP_poll without
 * a past timeout, and hypercall-controlled writes or (un)mappings over its
 * own image, stacks or scratch buffer:
 *  - the image, BSS and stacks live below GUEST_RAM_BASE + 1 MiB;
 *  - SCRATCH (the "buffer zone") is what pointers point at; its contents are
 *    random and refreshed every REFRESH calls; hypercalls may write into it
 *    and beyond it (upwards: free RAM, the DTB), never below it; arguments
 *    the fuzzer must fix up (poll timeouts, runstate areas) are only used
 *    there, and multicall lists are built at the very end of RAM, so that
 *    no stale memory is ever run as a hypercall;
 *  - GFN_ZONE is RAM the fuzzer never reads or writes: GFN-like values point
 *    there (or outside RAM), so the hypervisor may unmap, replace, populate
 *    or write those pages at will.
 * Every value passes rnd_value()'s filter, which keeps GFN-like values (and
 * 2 MiB extents starting there) away from the image, SCRATCH and the UART.
 * CONSOLEIO_write with a readable buffer prints nothing or, rarely, one
 * fixed line, so the log stays readable; most grant-table batches over
 * readable memory are kept short (a long one walks all of RAM).
 */
#include <xen.h>

#define FUZZ_CALLS 1000000UL
#define PROGRESS 100000UL
#define REFRESH 4096UL
#define SEED 0x9e3779b97f4a7c15UL

#define RAM_END 0x44000000UL
#define IMAGE_LIMIT (GUEST_RAM_BASE + 0x100000UL)
#define GFN_ZONE 0x41000000UL
#define GFN_ZONE_PAGES 1024UL
#define SCRATCH 0x42000000UL
#define SCRATCH_SIZE 0x40000UL
#define GUARD_PAGES 0x200UL /* a 2 MiB extent below a range reaches into it */

static uint64_t rng_state = SEED;
static unsigned long calls_by_nr[64];
static const char printable[] = "hostile-fuzz: CONSOLEIO_write\n";

extern char _end[];

static uint64_t rnd(void)
{
	/* xorshift64* (Vigna) */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dUL;
}

static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}

static bool in_range(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v >= lo && v < hi;
}

/* A value that, read as a GFN, would hit (or extend into) what the fuzzer uses. */
static bool is_forbidden(uint64_t v)
{
	const uint64_t img = GUEST_RAM_BASE >> 12, scratch = SCRATCH >> 12;
	const uint64_t uart = GUEST_UART_BASE >> 12;

	return in_range(v, img - GUARD_PAGES, (IMAGE_LIMIT >> 12) + 1) ||
	       in_range(v, scratch - GUARD_PAGES, ((SCRATCH + SCRATCH_SIZE) >> 12) + 1) ||
	       in_range(v, uart - GUARD_PAGES, uart + 1);
}

static uint64_t scratch_ptr(void)
{
	uint64_t off = rnd_below(SCRATCH_SIZE);

	/* Mostly 8-byte aligned, like real structures; sometimes not. */
	if (rnd_below(4))
		off &= ~7UL;
	return SCRATCH + off;
}

static uint64_t rnd_value_raw(void)
{
	static const uint64_t special[] = {
		DOMID_SELF, DOMID_IO, DOMID_XEN, DOMID_COW, DOMID_INVALID, DOMID_IDLE, 0x7ff5,
		1, 2, 3, 0x7fff, 0xffff, 0x10000, 0x7fffffffUL, 0x80000000UL, 0xffffffffUL,
		0x100000000UL, 1UL << 63, ~0UL, ~0UL - 1, 4096, 4095, 4097, 127, 128, 129,
		1023, 1024, 4096 * 1024, 131071, 131072,
	};
	static const uint64_t xen_gfns[] = { 0x38000, 0x38001, 0x3803f, 0x38040, 0x50000,
					     0x50001, 0x03001, 0x03020, 0x44000, 0x48000 };

	switch (rnd_below(20)) {
	case 0: case 1: case 2: case 3:
		return rnd_below(65);
	case 4: case 5:
		return special[rnd_below(ARRAY_SIZE(special))];
	case 6: case 7: case 8: case 9:
		return scratch_ptr();
	case 10: case 11:
		return (GFN_ZONE >> 12) + rnd_below(GFN_ZONE_PAGES);
	case 12:
		return xen_gfns[rnd_below(ARRAY_SIZE(xen_gfns))];
	case 13: /* unmapped IPAs, right past RAM too */
		switch (rnd_below(4)) {
		case 0: return 0x10000000UL + rnd_below(0x10000000UL);
		case 1: return RAM_END - rnd_below(64);
		case 2: return RAM_END + rnd_below(0x100000UL);
		default: return (1UL << 40) + rnd_below(1UL << 32);
		}
	case 14: /* the emulated devices: GICD, GICR, vPL011 */
		switch (rnd_below(3)) {
		case 0: return GUEST_GICD_BASE + rnd_below(0x10000);
		case 1: return GUEST_GICR_BASE + rnd_below(0x40000);
		default: return GUEST_UART_BASE + rnd_below(0x1000);
		}
	case 15: /* a GFN in the GFN zone at an address: "pointer" into it */
		return GFN_ZONE + rnd_below(GFN_ZONE_PAGES << 12);
	default:
		return rnd();
	}
}

static uint64_t rnd_value(void)
{
	uint64_t v = rnd_value_raw();

	/*
	 * As a GFN (the low 32 bits may be all a handler looks at) or as a
	 * pointer, nothing may reach the image, SCRATCH (as GFN) or the UART.
	 */
	if (is_forbidden(v) || is_forbidden(v & 0xffffffffUL) ||
	    in_range(v, GUEST_RAM_BASE - 0x10000, IMAGE_LIMIT))
		v = (GFN_ZONE >> 12) + rnd_below(GFN_ZONE_PAGES);
	return v;
}

static void fill_scratch(void)
{
	volatile uint64_t *p = (volatile uint64_t *)SCRATCH;

	for (uint64_t i = 0; i < SCRATCH_SIZE / 8; i++)
		p[i] = rnd_value();
}

/* Where the fuzzer may itself write a structure of up to 64 bytes. */
static bool in_scratch(uint64_t v)
{
	return in_range(v, SCRATCH, SCRATCH + SCRATCH_SIZE - 64);
}

static bool in_ram(uint64_t v)
{
	return in_range(v, GUEST_RAM_BASE, RAM_END);
}

/*
 * For a call whose argument structure must be fixed up: true if @v points
 * at RAM the fuzzer may not write (then the call is skipped), after making
 * sure a SCRATCH pointer is @align-aligned.
 */
static bool unfixable(uint64_t v, uint64_t align)
{
	return in_ram(v) && (!in_scratch(v) || (v & (align - 1)));
}

struct call {
	uint64_t nr;
	uint64_t a[5];
};

static const unsigned int known[] = { 7, 12, 13, 17, 18, 20, 21, 24, 29, 32, 33, 34, 35, 36 };

static uint64_t rnd_nr(void)
{
	switch (rnd_below(10)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return known[rnd_below(ARRAY_SIZE(known))];
	case 6: case 7: case 8:
		return rnd_below(64);
	default:
		return rnd_below(2) ? rnd() : 64 + rnd_below(1000);
	}
}

/*
 * Turn @c into something that cannot end or freeze this domain, or make the
 * hypervisor overwrite what it runs from. Returns false to skip the call.
 */
static bool sanitize(struct call *c, bool in_multicall)
{
	uint32_t cmd = (uint32_t)c->a[0];

	switch (c->nr) {
	case __HYPERVISOR_sched_op:
		switch (cmd) {
		case SCHEDOP_yield:
			return true;
		case SCHEDOP_shutdown_code:
			/* Only the code the domain really shuts down with at the end. */
			if (in_multicall || unfixable(c->a[1], 4))
				return false;
			if (in_ram(c->a[1]))
				((volatile struct sched_shutdown *)c->a[1])->reason =
					SHUTDOWN_poweroff;
			return true;
		case SCHEDOP_poll:
			/* Only with a timeout in the past: never blocks for long. */
			if (in_multicall || unfixable(c->a[1], 8))
				return false;
			if (in_ram(c->a[1]))
				((volatile struct sched_poll *)c->a[1])->timeout =
					1 + rnd_below(1000);
			return true;
		case SCHEDOP_watchdog:
			/* Would shut the domain down on Xen; hospes: -ENOSYS. */
			c->a[1] = 0x10000000UL;
			return true;
		case SCHEDOP_block:
		case SCHEDOP_shutdown:
		case SCHEDOP_remote_shutdown:
		case SCHEDOP_pin_override:
			return false;
		default:
			return true;
		}
	case __HYPERVISOR_vcpu_op:
		/* A runstate area is rewritten at every context switch: never SCRATCH. */
		if (cmd == VCPUOP_register_runstate_memory_area) {
			if (unfixable(c->a[2], 8))
				return false;
			if (in_ram(c->a[2]))
				((volatile uint64_t *)c->a[2])[0] =
					rnd_below(2) ? GFN_ZONE + rnd_below(GFN_ZONE_PAGES << 12)
						     : RAM_END + rnd_below(4096);
		}
		return true;
	case __HYPERVISOR_console_io:
		/*
		 * From readable memory: nothing, or rarely one line of text, so the
		 * serial log stays readable (and free of random bytes).
		 */
		if (cmd == CONSOLEIO_write && in_ram(c->a[2])) {
			c->a[2] = (uint64_t)(uintptr_t)printable;
			c->a[1] = rnd_below(256) ? 0 : sizeof(printable) - 1;
		}
		return true;
	case __HYPERVISOR_grant_table_op:
		/*
		 * A batch over readable memory runs to the end of RAM, element by
		 * element (~10^6 of them from SCRATCH): keep most batches short so
		 * that the calls are many, and a few long ones for preemption.
		 */
		if (in_ram(c->a[1]) && c->a[2] > 16 && rnd_below(64))
			c->a[2] = rnd_below(17);
		return true;
	case __HYPERVISOR_multicall:
		/*
		 * Entries are run as hypercalls: only lists built (and sanitized) by
		 * build_multicall(), or lists the hypervisor cannot read.
		 */
		if (in_multicall)
			return rnd_below(2); /* nested: refused by the hypervisor */
		return !in_ram(c->a[0]);
	default:
		return true;
	}
}

static void rnd_call(struct call *c)
{
	c->nr = rnd_nr();
	for (unsigned int i = 0; i < 5; i++)
		c->a[i] = rnd_value();
	/* Mostly a plausible sub-op number. */
	if (rnd_below(4))
		c->a[0] = rnd_below(rnd_below(4) ? 32 : 4096);
}

/*
 * A multicall list of sanitized entries for x0/x1 of @c, ending exactly at
 * the end of RAM: a larger count makes the hypervisor fault on entry n.
 */
static void build_multicall(struct call *c)
{
	uint64_t n = rnd_below(8);
	uint64_t list = RAM_END - n * sizeof(struct multicall_entry);
	volatile struct multicall_entry *e = (volatile struct multicall_entry *)list;

	for (uint64_t i = 0; i < n; i++) {
		struct call sub;

		do
			rnd_call(&sub);
		while (!sanitize(&sub, true));
		e[i].op = sub.nr;
		e[i].result = rnd();
		for (unsigned int j = 0; j < 5; j++)
			e[i].args[j] = sub.a[j];
	}
	c->a[0] = list;
	c->a[1] = n;
	/* Sometimes a count larger than the list: the next entry is not RAM. */
	if (!rnd_below(16))
		c->a[1] = rnd_value();
}

void test_main(void)
{
	uint64_t t0, t_last;
	unsigned long done = 0, skipped = 0, ok = 0;

	xen_require();
	if ((uintptr_t)_end > IMAGE_LIMIT)
		test_result(ERROR, "image ends at %p, past the %#lx the fuzzer keeps clear",
			    (void *)_end, IMAGE_LIMIT);
	guest_printf("hostile-fuzz: %lu hypercalls, xorshift64* seed %#lx\n", FUZZ_CALLS, SEED);
	fill_scratch();

	t0 = t_last = timer_now();
	while (done < FUZZ_CALLS) {
		struct call c;
		long rc;

		if (done % REFRESH == 0)
			fill_scratch();
		rnd_call(&c);
		if (c.nr == __HYPERVISOR_multicall && rnd_below(8)) {
			build_multicall(&c);
		} else if (!sanitize(&c, false)) {
			skipped++;
			continue;
		}
		rc = xen_hypercall(c.nr, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4]);
		if (rc >= 0)
			ok++;
		if (c.nr < 64)
			calls_by_nr[c.nr]++;
		done++;
		if (done % PROGRESS == 0) {
			uint64_t now = timer_now();

			guest_printf("hostile-fuzz: %lu calls (%lu succeeded, %lu skipped), "
				     "%lu ms, last %lu ms\n",
				     done, ok, skipped,
				     (unsigned long)(timer_ticks_to_us(now - t0) / 1000),
				     (unsigned long)(timer_ticks_to_us(now - t_last) / 1000));
			t_last = now;
		}
	}

	/* Still a working domain on a working hypervisor. */
	expect_eq(xen_version(XENVER_version, NULL), 0x00040011, "xen_version after fuzzing");
	expect_true(xen_own_domid() != 0, "the own domain id is still found");
	guest_printf("hostile-fuzz: calls per number 0..63:");
	for (unsigned int i = 0; i < 64; i++)
		if (calls_by_nr[i])
			guest_printf(" %u:%lu", i, calls_by_nr[i]);
	guest_printf("\n");
	test_result(SUCCESS, "survived %lu hypercalls (seed %#lx) in %lu ms", done, SEED,
		    (unsigned long)(timer_ticks_to_us(timer_now() - t0) / 1000));
}
