/* SPDX-License-Identifier: MIT */
/*
 * PSCI 1.1 through SMCCC `HVC #0` (function id in w0, arguments in x1..x3,
 * result in x0; Arm DEN0022 and DEN0028). The guests call the hypervisor's
 * vPSCI directly, so these calls also test the SMCCC plumbing.
 */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#include <hyp/types.h>

#define PSCI_0_2_FN_PSCI_VERSION 0x84000000U
#define PSCI_0_2_FN_CPU_SUSPEND 0xc4000001U
#define PSCI_0_2_FN_CPU_OFF 0x84000002U
#define PSCI_0_2_FN_CPU_ON 0xc4000003U
#define PSCI_0_2_FN_AFFINITY_INFO 0xc4000004U
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008U
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009U
#define PSCI_1_0_FN_PSCI_FEATURES 0x8400000aU

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)
#define PSCI_INTERNAL_FAILURE (-6)

#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2

/** Raw SMCCC call over HVC #0; x4..x17 are treated as clobbered (SMCCC 1.0). */
uint64_t smccc_hvc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/*
 * PSCI return codes are 32-bit signed values (DEN0022 5.2.2); like Linux we
 * look at w0 only, so a hypervisor may or may not sign-extend into x0.
 */
static inline int32_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return (int32_t)smccc_hvc(fn, a1, a2, a3);
}

static inline int32_t psci_version(void)
{
	return psci_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
}

static inline int32_t psci_features(uint32_t fn)
{
	return psci_call(PSCI_1_0_FN_PSCI_FEATURES, fn, 0, 0);
}

static inline int32_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	return psci_call(PSCI_0_2_FN_CPU_ON, mpidr, entry, ctx);
}

static inline int32_t psci_affinity_info(uint64_t mpidr)
{
	return psci_call(PSCI_0_2_FN_AFFINITY_INFO, mpidr, 0, 0);
}

/** Only returns on failure (the PSCI error code). */
int32_t psci_cpu_off(void);
int32_t psci_system_off(void);

#endif
