/* SPDX-License-Identifier: MIT */
/*
 * Trace buffers (Xen public trace.h, Xen 4.17): the record format the
 * hypervisor writes into its per-CPU buffers, the buffer header and the
 * t_info page through which dom0 finds the buffers, and the event ids.
 *
 * An event id is 28 bits: class (bits 16-27, one bit per class), subclass
 * (bits 12-15) and the event number (bits 0-11). A record is one 32-bit
 * header word (event in bits 0-27, the number of extra 32-bit words in bits
 * 28-30, bit 31 set when a 64-bit cycle count follows), then the optional
 * cycle count (low word first), then the extra words. Records are 32-bit
 * aligned and never cross the end of a buffer: a TRC_TRACE_WRAP_BUFFER
 * record pads up to it.
 *
 * The same words go, unchanged, into the files xentrace writes, where each
 * CPU's batch is preceded by a TRC_TRACE_CPU_CHANGE record {cpu, bytes}.
 */
#ifndef XEN_PUBLIC_TRACE_H
#define XEN_PUBLIC_TRACE_H

#define TRACE_EXTRA_MAX 7
#define TRACE_EXTRA_SHIFT 28

/* ------------------------------------------------------------------ classes */
#define TRC_CLS_SHIFT 16
#define TRC_SUBCLS_SHIFT 12
#define TRC_GEN 0x0001f000u    /* trace infrastructure */
#define TRC_SCHED 0x0002f000u  /* scheduler */
#define TRC_DOM0OP 0x0004f000u /* domain operations */
#define TRC_HVM 0x0008f000u    /* HVM exits */
#define TRC_MEM 0x0010f000u    /* memory */
#define TRC_PV 0x0020f000u     /* hypercalls and traps */
#define TRC_SHADOW 0x0040f000u /* shadow paging (x86) */
#define TRC_HW 0x0080f000u     /* hardware: power, interrupts */
#define TRC_GUEST 0x0800f000u  /* guest-generated */
#define TRC_ALL 0x0ffff000u

#define TRC_HD_TO_EVENT(x) ((x) & 0x0fffffffu)
#define TRC_HD_CYCLE_FLAG (1u << 31)
#define TRC_HD_INCLUDES_CYCLE_COUNT(x) (!!((x) & TRC_HD_CYCLE_FLAG))
#define TRC_HD_EXTRA(x) (((x) >> TRACE_EXTRA_SHIFT) & TRACE_EXTRA_MAX)

/* ---------------------------------------------------------------- subclasses */
#define TRC_SCHED_MIN 0x00021000u     /* runstate changes */
#define TRC_SCHED_CLASS 0x00022000u   /* per-scheduler events */
#define TRC_SCHED_VERBOSE 0x00028000u /* switches, wakes, blocks, ... */
#define TRC_DOM0_DOMOPS 0x00041000u
#define TRC_PV_ENTRY 0x00201000u
#define TRC_PV_SUBCALL 0x00202000u
#define TRC_HW_PM 0x00801000u
#define TRC_HW_IRQ 0x00802000u

/* Scheduler-specific events: 3 bits of scheduler id above a 9-bit event */
#define TRC_SCHED_ID_BITS 3
#define TRC_SCHED_ID_SHIFT (TRC_SUBCLS_SHIFT - TRC_SCHED_ID_BITS)
#define TRC_SCHED_ID_MASK (((1UL << TRC_SCHED_ID_BITS) - 1) << TRC_SCHED_ID_SHIFT)
#define TRC_SCHED_EVT_MASK (~(TRC_SCHED_ID_MASK))
#define TRC_SCHED_CSCHED 0
#define TRC_SCHED_CSCHED2 1
#define TRC_SCHED_ARINC653 3
#define TRC_SCHED_RTDS 4
#define TRC_SCHED_SNULL 5
#define TRC_SCHED_CLASS_EVT(c, e)                                                  \
	((TRC_SCHED_CLASS | ((TRC_SCHED_##c << TRC_SCHED_ID_SHIFT) & TRC_SCHED_ID_MASK)) + \
	 ((e) & TRC_SCHED_EVT_MASK))

/* -------------------------------------------------------------------- events */
#define TRC_LOST_RECORDS (TRC_GEN + 1)      /* {lost, domid:16 vcpu:16, first tsc:64} */
#define TRC_TRACE_WRAP_BUFFER (TRC_GEN + 2) /* padding up to the end of a buffer */
#define TRC_TRACE_CPU_CHANGE (TRC_GEN + 3)  /* files only: {cpu, window bytes} */

/* old runstate in bits 8-9, new one in bits 4-5; data {vcpu:16, domid:16} */
#define TRC_SCHED_RUNSTATE_CHANGE (TRC_SCHED_MIN + 1)
#define TRC_SCHED_CONTINUE_RUNNING (TRC_SCHED_MIN + 2)
#define TRC_SCHED_DOM_ADD (TRC_SCHED_VERBOSE + 1)
#define TRC_SCHED_DOM_REM (TRC_SCHED_VERBOSE + 2)
#define TRC_SCHED_SLEEP (TRC_SCHED_VERBOSE + 3)
#define TRC_SCHED_WAKE (TRC_SCHED_VERBOSE + 4)  /* {domid, vcpu} */
#define TRC_SCHED_YIELD (TRC_SCHED_VERBOSE + 5)
#define TRC_SCHED_BLOCK (TRC_SCHED_VERBOSE + 6) /* {domid, vcpu} */
#define TRC_SCHED_SHUTDOWN (TRC_SCHED_VERBOSE + 7)
#define TRC_SCHED_CTL (TRC_SCHED_VERBOSE + 8)
#define TRC_SCHED_ADJDOM (TRC_SCHED_VERBOSE + 9)
#define TRC_SCHED_SWITCH (TRC_SCHED_VERBOSE + 10) /* {prev dom, vcpu, next dom, vcpu} */
#define TRC_SCHED_S_TIMER_FN (TRC_SCHED_VERBOSE + 11)
#define TRC_SCHED_T_TIMER_FN (TRC_SCHED_VERBOSE + 12)
#define TRC_SCHED_DOM_TIMER_FN (TRC_SCHED_VERBOSE + 13)
#define TRC_SCHED_SWITCH_INFPREV (TRC_SCHED_VERBOSE + 14) /* {dom, vcpu, ns ran} */
#define TRC_SCHED_SWITCH_INFNEXT (TRC_SCHED_VERBOSE + 15) /* {dom, vcpu, ns waited, slice} */
#define TRC_SCHED_SHUTDOWN_CODE (TRC_SCHED_VERBOSE + 16)
#define TRC_SCHED_SWITCH_INFCONT (TRC_SCHED_VERBOSE + 17)

#define TRC_DOM0_DOM_ADD (TRC_DOM0_DOMOPS + 1)
#define TRC_DOM0_DOM_REM (TRC_DOM0_DOMOPS + 2)

#define TRC_64_FLAG 0x100u /* the record carries 64-bit addresses */

#define TRC_PV_HYPERCALL (TRC_PV_ENTRY + 1)
#define TRC_PV_TRAP (TRC_PV_ENTRY + 3) /* | TRC_64_FLAG: {pc:64, trapnr:15 use_ec:1 ec:16} */
#define TRC_PV_HYPERCALL_V2 (TRC_PV_ENTRY + 13)
#define TRC_PV_HYPERCALL_SUBCALL (TRC_PV_SUBCALL + 14)
/* TRC_PV_HYPERCALL_V2 word 0: op in bits 0-19, then 2 bits per argument
 * (01 = 32-bit, 10 = 64-bit argument follows) for arguments 0-5. */
#define TRC_PV_HYPERCALL_V2_ARG_32(i) (0x1u << (20 + 2 * (i)))
#define TRC_PV_HYPERCALL_V2_ARG_64(i) (0x2u << (20 + 2 * (i)))
#define TRC_PV_HYPERCALL_V2_ARG_MASK 0xfff00000u

#define TRC_PM_FREQ_CHANGE (TRC_HW_PM + 0x01)
#define TRC_PM_IDLE_ENTRY (TRC_HW_PM + 0x02)
#define TRC_PM_IDLE_EXIT (TRC_HW_PM + 0x03)
#define TRC_HW_IRQ_HANDLED (TRC_HW_IRQ + 0x8) /* {irq, start tsc lo, end tsc lo} */

#ifndef __ASSEMBLY__

#include "abi_check.h"
#include "xen.h"

/**
 * struct t_buf - head of one CPU's buffer; the records follow it. cons and
 * prod are byte offsets into the record area that run modulo twice its
 * size (so full and empty differ); the hypervisor moves prod, the reader
 * cons.
 */
struct t_buf {
	uint32_t cons;
	uint32_t prod;
};
XEN_CHECK_SIZE(struct t_buf, 8);
XEN_CHECK_OFFSET(struct t_buf, cons, 0);
XEN_CHECK_OFFSET(struct t_buf, prod, 4);

/**
 * struct t_info - the metadata pages (XEN_SYSCTL_TBUFOP_get_info's
 * buffer_mfn): pages per CPU buffer, and per CPU the offset, in 32-bit
 * words from the start of t_info, of that CPU's list of 32-bit frame
 * numbers (0: the CPU has no buffer).
 */
struct t_info {
	uint16_t tbuf_size;
	uint16_t mfn_offset[];
};
XEN_CHECK_OFFSET(struct t_info, tbuf_size, 0);
XEN_CHECK_OFFSET(struct t_info, mfn_offset, 2);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_TRACE_H */
