/* SPDX-License-Identifier: MIT */
/*
 * Boot-time cpupools: turn the /chosen "xen,cpupool" nodes that bootfdt.c
 * read (bootinfo.cpupools, ids already chosen by Xen's rules) into cpupools
 * once the scheduler has made Pool-0 with every online pCPU: each other pool
 * is created with its scheduler and takes its pCPUs from Pool-0. A pCPU of a
 * pool that did not come up stops the boot (Xen does the same). Runs on the
 * boot CPU before any domain exists.
 */
#include <hyp/bootinfo.h>
#include <hyp/errno.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <lib/string.h>

void boot_cpupools_create(void)
{
	for (unsigned k = 0; k < bootinfo.cpupool_count; k++) {
		const struct bootcpupool *p = &bootinfo.cpupools[k];
		unsigned id = p->id;
		int rc;

		for (unsigned c = 0; c < MAX_CPUS; c++)
			if ((p->cpus & (1ULL << c)) && !pcpus[c].online)
				boot_error(p->path, "cpupool-cpus", "CPU %u did not come up", c);
		if (id == 0) {
			/* Pool-0 runs sched= (Xen ignores cpupool-sched for it). */
			if (p->sched && strcmp(p->sched, sched_current()->name))
				pr_warn("%s: Pool-0 holds the boot CPU and runs sched=%s, not %s",
					p->path, sched_current()->name, p->sched);
			continue;
		}
		rc = sched_pool_create_named(&id, p->sched ? p->sched : sched_current()->name);
		if (rc)
			boot_error(p->path, "", "cannot create cpupool %u: error %d", p->id, rc);
		for (unsigned c = 0; c < MAX_CPUS; c++) {
			if (!(p->cpus & (1ULL << c)))
				continue;
			rc = sched_pool_remove_cpu(0, c);
			if (!rc)
				rc = sched_pool_add_cpu(id, c);
			if (rc)
				boot_error(p->path, "cpupool-cpus", "cannot move CPU %u to cpupool %u: "
					   "error %d", c, id, rc);
		}
		pr_info("cpupool %u (%s): scheduler %s, cpus %#llx", id, p->path,
			p->sched ? p->sched : sched_current()->name, (unsigned long long)p->cpus);
	}
}
