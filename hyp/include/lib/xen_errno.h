/* SPDX-License-Identifier: MIT */
/*
 * Names of Xen's error numbers (include/public/errno.h), for messages of the
 * hypervisor (error-location records) and of the test guests (failed checks).
 */
#ifndef LIB_XEN_ERRNO_H
#define LIB_XEN_ERRNO_H

/* "EINVAL" for -XEN_EINVAL; "" for a value >= 0 or a number without a name. */
const char *xen_errno_name(long err);

#endif
