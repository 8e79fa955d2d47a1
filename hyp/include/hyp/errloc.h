/* SPDX-License-Identifier: MIT */
/*
 * Where hypercall errors come from (hyp/core/errloc.c).
 *
 * Hypercall handlers write their error returns as `return ERR(-EINVAL);`.
 * In a normal build ERR(e) is just (e). In a debug build (make DEBUG=1,
 * build/debug/; HOSPES_DEBUG defined) it also notes the file and line on
 * the running pCPU, and the hypercall dispatcher, when the hypercall then
 * fails, records {time, domain, vCPU, hypercall, errno, file:line} in a
 * small ring (printed by the 'x' debug key) and logs it, rate-limited, so
 * `hx dmesg` shows it. An error returned without ERR() is recorded with
 * its hypercall and errno but no location.
 */
#ifndef HYP_ERRLOC_H
#define HYP_ERRLOC_H

#include <hyp/types.h>

struct vcpu;

#ifdef HOSPES_DEBUG
long errloc_note(long err, const char *file, unsigned line);
#define ERR(e) errloc_note((e), __FILE__, __LINE__)
/* Dispatcher hooks around one hypercall (or one multicall entry). */
void errloc_hypercall_begin(uint64_t arg0);
void errloc_hypercall_end(struct vcpu *v, uint64_t nr, const char *name, long ret);
#else
#define ERR(e) (e)
static inline void errloc_hypercall_begin(uint64_t arg0)
{
	(void)arg0;
}
static inline void errloc_hypercall_end(struct vcpu *v, uint64_t nr, const char *name, long ret)
{
	(void)v, (void)nr, (void)name, (void)ret;
}
#endif

/* Debug key 'x': the recorded error returns, oldest first. */
void errloc_dump(void);

#endif
