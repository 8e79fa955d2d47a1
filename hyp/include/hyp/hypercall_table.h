/* SPDX-License-Identifier: MIT */
/*
 * The hypercall inventory: one declarative table. Each row names the Xen
 * hypercall number and name, the handler, its support status and a note;
 * HOSPES_SUBOPS lists the sub-operations with their own status. The
 * dispatcher (hyp/core/hypercall.c) is generated from HOSPES_HYPERCALLS and
 * docs/abi-support.md from both (tools/gen-abi-doc.c, checked by make check).
 *
 * Status: full (as Xen on Arm), partial (some sub-ops), as_xen_arm (answers
 * as Xen on Arm does, e.g. -ENOSYS), none (not implemented yet: -ENOSYS).
 */
#ifndef HYP_HYPERCALL_TABLE_H
#define HYP_HYPERCALL_TABLE_H

/* X(number, name, handler, status, note) */
#define HOSPES_HYPERCALLS(X)                                                                  \
	X(7, platform_op, do_platform_op, partial, "XENPF_settime64 for dom0; other commands -ENOSYS as Xen on Arm") \
	X(12, memory_op, do_memory_op, partial, "see sub-ops")                                   \
	X(13, multicall, do_multicall, full, "entries run through this table")                  \
	X(17, xen_version, do_xen_version, full, "commandline <denied> and build_id -EPERM for unprivileged domains, as Xen") \
	X(18, console_io, do_console_io, full, "write/read; VIRQ_CONSOLE on input")             \
	X(20, grant_table_op, do_grant_table_op, partial, "v1 only, as Xen on Arm")             \
	X(21, vm_assist, do_vm_assist, full, "runstate_update_flag only, as Xen on Arm")         \
	X(24, vcpu_op, do_vcpu_op, full, "register_vcpu_info and register_runstate_memory_area; others -EINVAL as Xen on Arm") \
	X(29, sched_op, do_sched_op, partial, "see sub-ops")                                     \
	X(32, event_channel_op, do_event_channel_op, full, "2-level and FIFO")                  \
	X(33, physdev_op, do_physdev_op, as_xen_arm, "-ENOSYS (no PCI passthrough)")            \
	X(34, hvm_op, do_hvm_op, full, "set_param/get_param; others -ENOSYS as Xen on Arm") \
	X(35, sysctl, do_sysctl, partial, "control domain only; see sub-ops")                  \
	X(36, domctl, do_domctl, partial, "control domain only; see sub-ops")

/* X(hypercall, number, name, status) */
#define HOSPES_SUBOPS(X)                                                 \
	X(xen_version, 0, XENVER_version, full)                          \
	X(xen_version, 1, XENVER_extraversion, full)                     \
	X(xen_version, 2, XENVER_compile_info, full)                     \
	X(xen_version, 3, XENVER_capabilities, full)                     \
	X(xen_version, 4, XENVER_changeset, full)                        \
	X(xen_version, 5, XENVER_platform_parameters, full)              \
	X(xen_version, 6, XENVER_get_features, full)                     \
	X(xen_version, 7, XENVER_pagesize, full)                         \
	X(xen_version, 8, XENVER_guest_handle, full)                     \
	X(xen_version, 9, XENVER_commandline, full)                      \
	X(xen_version, 10, XENVER_build_id, as_xen_arm)                  \
	X(memory_op, 0, XENMEM_increase_reservation, full)               \
	X(memory_op, 1, XENMEM_decrease_reservation, full)               \
	X(memory_op, 3, XENMEM_current_reservation, full)                \
	X(memory_op, 4, XENMEM_maximum_reservation, full)                \
	X(memory_op, 6, XENMEM_populate_physmap, full)                   \
	X(memory_op, 7, XENMEM_add_to_physmap, partial)                  \
	X(memory_op, 9, XENMEM_memory_map, as_xen_arm)                   \
	X(memory_op, 14, XENMEM_maximum_gpfn, full)                      \
	X(memory_op, 15, XENMEM_remove_from_physmap, full)               \
	X(memory_op, 23, XENMEM_add_to_physmap_batch, partial)           \
	X(memory_op, 18, XENMEM_get_sharing_freed_pages, full)           \
	X(memory_op, 19, XENMEM_get_sharing_shared_pages, full)          \
	X(memory_op, 28, XENMEM_acquire_resource, as_xen_arm)            \
	X(sched_op, 0, SCHEDOP_yield, full)                              \
	X(sched_op, 1, SCHEDOP_block, full)                              \
	X(sched_op, 2, SCHEDOP_shutdown, full)                           \
	X(sched_op, 3, SCHEDOP_poll, full)                               \
	X(sched_op, 4, SCHEDOP_remote_shutdown, full)                    \
	X(sched_op, 5, SCHEDOP_shutdown_code, full)                      \
	X(sched_op, 6, SCHEDOP_watchdog, full)                           \
	X(sched_op, 7, SCHEDOP_pin_override, partial)                    \
	X(vcpu_op, 5, VCPUOP_register_runstate_memory_area, full)        \
	X(vcpu_op, 10, VCPUOP_register_vcpu_info, full)                  \
	X(hvm_op, 0, HVMOP_set_param, full)                              \
	X(hvm_op, 1, HVMOP_get_param, full)                              \
	X(hvm_op, 24, HVMOP_guest_request_vm_event, as_xen_arm)          \
	X(console_io, 0, CONSOLEIO_write, full)                          \
	X(console_io, 1, CONSOLEIO_read, full)                           \
	X(event_channel_op, 0, EVTCHNOP_bind_interdomain, full)          \
	X(event_channel_op, 1, EVTCHNOP_bind_virq, full)                 \
	X(event_channel_op, 3, EVTCHNOP_close, full)                     \
	X(event_channel_op, 4, EVTCHNOP_send, full)                      \
	X(event_channel_op, 5, EVTCHNOP_status, full)                    \
	X(event_channel_op, 6, EVTCHNOP_alloc_unbound, full)             \
	X(event_channel_op, 7, EVTCHNOP_bind_ipi, full)                  \
	X(event_channel_op, 8, EVTCHNOP_bind_vcpu, full)                 \
	X(event_channel_op, 9, EVTCHNOP_unmask, full)                    \
	X(event_channel_op, 10, EVTCHNOP_reset, full)                    \
	X(event_channel_op, 11, EVTCHNOP_init_control, full)             \
	X(event_channel_op, 12, EVTCHNOP_expand_array, full)             \
	X(event_channel_op, 13, EVTCHNOP_set_priority, full)             \
	X(grant_table_op, 0, GNTTABOP_map_grant_ref, full)               \
	X(grant_table_op, 1, GNTTABOP_unmap_grant_ref, full)             \
	X(grant_table_op, 2, GNTTABOP_setup_table, full)                 \
	X(grant_table_op, 5, GNTTABOP_copy, full)                        \
	X(grant_table_op, 6, GNTTABOP_query_size, full)                  \
	X(grant_table_op, 8, GNTTABOP_set_version, full)                 \
	X(grant_table_op, 9, GNTTABOP_get_status_frames, as_xen_arm)     \
	X(grant_table_op, 10, GNTTABOP_get_version, full)                \
	X(grant_table_op, 12, GNTTABOP_cache_flush, full)                \
	X(platform_op, 62, XENPF_settime64, full)                        \
	X(vm_assist, 5, VMASST_TYPE_runstate_update_flag, full)          \
	X(sysctl, 1, XEN_SYSCTL_readconsole, full)                       \
	X(sysctl, 2, XEN_SYSCTL_tbuf_op, full)                           \
	X(sysctl, 3, XEN_SYSCTL_physinfo, full)                          \
	X(sysctl, 4, XEN_SYSCTL_sched_id, full)                          \
	X(sysctl, 6, XEN_SYSCTL_getdomaininfolist, full)                 \
	X(sysctl, 7, XEN_SYSCTL_debug_keys, full)                        \
	X(sysctl, 8, XEN_SYSCTL_getcpuinfo, full)                        \
	X(sysctl, 16, XEN_SYSCTL_cputopoinfo, full)                      \
	X(sysctl, 17, XEN_SYSCTL_numainfo, full)                         \
	X(sysctl, 18, XEN_SYSCTL_cpupool_op, partial)                    \
	X(domctl, 1, XEN_DOMCTL_createdomain, full)                      \
	X(domctl, 2, XEN_DOMCTL_destroydomain, full)                     \
	X(domctl, 3, XEN_DOMCTL_pausedomain, full)                       \
	X(domctl, 4, XEN_DOMCTL_unpausedomain, full)                     \
	X(domctl, 5, XEN_DOMCTL_getdomaininfo, full)                     \
	X(domctl, 9, XEN_DOMCTL_setvcpuaffinity, full)                   \
	X(domctl, 11, XEN_DOMCTL_max_mem, full)                          \
	X(domctl, 12, XEN_DOMCTL_setvcpucontext, full)                   \
	X(domctl, 13, XEN_DOMCTL_getvcpucontext, full)                   \
	X(domctl, 14, XEN_DOMCTL_getvcpuinfo, full)                      \
	X(domctl, 15, XEN_DOMCTL_max_vcpus, full)                        \
	X(domctl, 16, XEN_DOMCTL_scheduler_op, partial)                  \
	X(domctl, 17, XEN_DOMCTL_setdomainhandle, full)                  \
	X(domctl, 25, XEN_DOMCTL_getvcpuaffinity, full)                  \
	X(domctl, 35, XEN_DOMCTL_set_address_size, full)                 \
	X(domctl, 36, XEN_DOMCTL_get_address_size, full)                 \
	X(domctl, 68, XEN_DOMCTL_setnodeaffinity, full)                  \
	X(domctl, 71, XEN_DOMCTL_cacheflush, full)                       \
	X(domctl, 85, XEN_DOMCTL_get_paging_mempool_size, full)          \
	X(domctl, 86, XEN_DOMCTL_set_paging_mempool_size, full)

#endif
