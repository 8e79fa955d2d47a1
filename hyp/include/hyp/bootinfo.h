/* SPDX-License-Identifier: MIT */
/*
 * What the host device tree tells the hypervisor (hyp/core/bootfdt.c): RAM,
 * reserved regions, CPUs, GIC, timer, UART, PSCI method, the command lines
 * and the boot modules. Every malformed or missing item is reported with the
 * node path and property at fault (boot_error()).
 */
#ifndef HYP_BOOTINFO_H
#define HYP_BOOTINFO_H

#include <hyp/page_alloc.h>
#include <hyp/percpu.h>
#include <hyp/types.h>
#include <lib/fdt.h>

#define BOOT_MAX_MEM 16
#define BOOT_MAX_RESERVED 32
#define BOOT_MAX_MODULES 32
#define BOOT_MAX_DOMAINS 32
#define BOOT_MAX_CPUPOOLS 8
#define BOOT_CMDLINE_MAX 1024
#define BOOT_PATH_MAX 128

enum bootmod_kind { BOOTMOD_KERNEL, BOOTMOD_RAMDISK, BOOTMOD_OTHER };

struct bootmodule {
	enum bootmod_kind kind;
	paddr_t start;
	uint64_t size;
	const char *bootargs; /* may be NULL */
	int node;
	char path[BOOT_PATH_MAX];
};

struct bootdomain {
	int node;
	char path[BOOT_PATH_MAX];
	char name[32];
	uint64_t memory_kb;
	uint32_t cpus;
	bool vpl011;
	const char *enhanced; /* xen,enhanced value, NULL if absent */
	struct bootmodule *kernel, *ramdisk;
	unsigned cpupool_id;  /* domain-cpupool's pool id, 0 if absent */
};

/* A /chosen "xen,cpupool" node (Xen's docs/misc/arm/device-tree/cpupools.txt). */
struct bootcpupool {
	char path[BOOT_PATH_MAX];
	uint32_t phandle;     /* 0: the implicit pool of the CPUs in no node */
	uint64_t cpus;        /* logical CPU ids */
	const char *sched;    /* cpupool-sched, NULL: the default (sched=) */
	unsigned id;          /* pool id: 0 for the pool holding the boot CPU */
};

struct bootinfo {
	struct fdt fdt;
	paddr_t dtb_pa;
	uint64_t dtb_size;
	struct mem_range mem[BOOT_MAX_MEM];
	unsigned mem_count;
	struct mem_range reserved[BOOT_MAX_RESERVED];
	unsigned reserved_count;
	uint64_t cpu_mpidr[MAX_CPUS];
	unsigned cpu_count;
	unsigned cpus_in_dt;
	char cpu_compatible[64];
	paddr_t gicd, gicr;
	uint64_t gicd_size, gicr_size;
	uint32_t timer_freq; /* 0 if not in the tree */
	paddr_t uart;
	unsigned uart_irq;
	bool psci_hvc;
	paddr_t crashlog;   /* /reserved-memory "hospes,crash-log" region, 0 if none */
	uint64_t crashlog_size;
	const char *hyp_cmdline;
	const char *dom0_cmdline;
	struct bootmodule modules[BOOT_MAX_MODULES];
	unsigned module_count;
	struct bootmodule *dom0_kernel, *dom0_ramdisk;
	struct bootdomain domains[BOOT_MAX_DOMAINS];
	unsigned domain_count;
	struct bootcpupool cpupools[BOOT_MAX_CPUPOOLS];
	unsigned cpupool_count;
};

extern struct bootinfo bootinfo;

int bootfdt_open(paddr_t dtb);
void bootfdt_find_uart(void);
void bootfdt_parse(paddr_t image_start, paddr_t image_end);
/* Make the boot-time cpupools (after sched_init(), secondaries up). */
void boot_cpupools_create(void);

#endif
