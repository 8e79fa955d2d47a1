/* SPDX-License-Identifier: MIT */
/*
 * SMCCC and PSCI 1.1 for guests, over HVC #0 or SMC #0 (Arm DEN0022,
 * DEN0028), answering as Xen 4.17 does (xen/arch/arm/vpsci.c, vsmc.c facts):
 * PSCI_VERSION 1.1, CPU_ON/OFF, AFFINITY_INFO, SYSTEM_OFF/RESET,
 * PSCI_FEATURES, MIGRATE_INFO_TYPE, CPU_SUSPEND (as WFI), SMCCC_VERSION 1.1
 * and SMCCC_ARCH_FEATURES. vCPU n has MPIDR Aff0 = n & 0xf, Aff1 = n >> 4.
 */
#include <asm/entry.h>
#include <asm/psci.h>
#include <hyp/domain.h>
#include <hyp/log.h>
#include <hyp/sched.h>

static struct vcpu *vcpu_by_mpidr(struct domain *d, uint64_t mpidr)
{
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
	unsigned idx;

	if (mpidr & ~0xffffUL)
		return NULL; /* Aff2/Aff3 never used by our vCPUs */
	if (aff0 > 0xf)
		return NULL;
	idx = (unsigned)(aff1 * 16 + aff0);
	return idx < d->nr_vcpus ? d->vcpus[idx] : NULL;
}

static int64_t psci_cpu_on(struct vcpu *caller, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct vcpu *t = vcpu_by_mpidr(caller->domain, mpidr);

	if (!t)
		return PSCI_INVALID_PARAMETERS;
	if (entry & 3)
		return PSCI_INVALID_ADDRESS;
	spin_lock(&t->power_lock);
	if (t->is_online) {
		spin_unlock(&t->power_lock);
		return PSCI_ALREADY_ON;
	}
	t->reset_pc = entry;
	t->reset_x0 = ctx;
	t->reset_pending = true;
	t->arch_reload = true;
	spin_unlock(&t->power_lock);
	vcpu_up(t);
	return PSCI_SUCCESS;
}

static int64_t psci_features(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
	case SMCCC_VERSION:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/** Handle an SMCCC call from @v (function id in w0, arguments x1-x3). */
void do_smccc(struct vcpu *v)
{
	uint32_t fn = (uint32_t)v->regs.x[0];
	uint64_t a1 = v->regs.x[1], a2 = v->regs.x[2], a3 = v->regs.x[3];
	int64_t ret;

	/* SMC32 calls only look at the low 32 bits of their arguments. */
	if (!(fn & (1U << 30))) {
		a1 &= 0xffffffffUL;
		a2 &= 0xffffffffUL;
		a3 &= 0xffffffffUL;
	}
	switch (fn) {
	case PSCI_VERSION:
		ret = 0x10001;
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		ret = psci_cpu_on(v, a1, a2, a3);
		break;
	case PSCI_CPU_OFF:
		vcpu_down(v);
		ret = PSCI_SUCCESS; /* not seen by the guest: the vCPU stops here */
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64: {
		struct vcpu *t = vcpu_by_mpidr(v->domain, a1);
		if (!t || a2 != 0)
			ret = PSCI_INVALID_PARAMETERS;
		else
			ret = t->is_online ? 0 : 1;
		break;
	}
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2;
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		vcpu_block(v);
		ret = PSCI_SUCCESS;
		break;
	case PSCI_SYSTEM_OFF:
		gprintk(LOG_INFO, v, "PSCI SYSTEM_OFF");
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
		ret = PSCI_SUCCESS;
		break;
	case PSCI_SYSTEM_RESET:
		gprintk(LOG_INFO, v, "PSCI SYSTEM_RESET");
		domain_shutdown(v->domain, SHUTDOWN_reboot);
		ret = PSCI_SUCCESS;
		break;
	case PSCI_FEATURES:
		ret = psci_features((uint32_t)a1);
		break;
	case SMCCC_VERSION:
		ret = 0x10001;
		break;
	case SMCCC_ARCH_FEATURES:
		switch ((uint32_t)a1) {
		case SMCCC_ARCH_WORKAROUND_2:
			ret = 1; /* NOT_REQUIRED */
			break;
		default:
			ret = PSCI_NOT_SUPPORTED;
			break;
		}
		break;
	default:
		ret = PSCI_NOT_SUPPORTED; /* SMCCC_RET_NOT_SUPPORTED / unknown function */
		break;
	}
	v->regs.x[0] = (uint64_t)ret;
}
