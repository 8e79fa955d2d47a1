/* SPDX-License-Identifier: MIT */
/*
 * Names of Xen's error numbers; shared by the hypervisor and the test guests.
 */
#include <lib/xen_errno.h>
#include <public/errno.h>

static const char *const names[] = {
	[XEN_EPERM] = "EPERM",		[XEN_ENOENT] = "ENOENT",	[XEN_ESRCH] = "ESRCH",
	[XEN_EINTR] = "EINTR",		[XEN_EIO] = "EIO",		[XEN_ENXIO] = "ENXIO",
	[XEN_E2BIG] = "E2BIG",		[XEN_ENOEXEC] = "ENOEXEC",	[XEN_EBADF] = "EBADF",
	[XEN_EAGAIN] = "EAGAIN",	[XEN_ENOMEM] = "ENOMEM",	[XEN_EACCES] = "EACCES",
	[XEN_EFAULT] = "EFAULT",	[XEN_EBUSY] = "EBUSY",		[XEN_EEXIST] = "EEXIST",
	[XEN_EXDEV] = "EXDEV",		[XEN_ENODEV] = "ENODEV",	[XEN_EINVAL] = "EINVAL",
	[XEN_ENFILE] = "ENFILE",	[XEN_EMFILE] = "EMFILE",	[XEN_ENOSPC] = "ENOSPC",
	[XEN_EROFS] = "EROFS",		[XEN_ERANGE] = "ERANGE",	[XEN_EDEADLK] = "EDEADLK",
	[XEN_ENOSYS] = "ENOSYS",	[XEN_ENOTEMPTY] = "ENOTEMPTY",	[XEN_ENODATA] = "ENODATA",
	[XEN_ETIME] = "ETIME",		[XEN_EOVERFLOW] = "EOVERFLOW",	[XEN_ERESTART] = "ERESTART",
	[XEN_EOPNOTSUPP] = "EOPNOTSUPP", [XEN_ENOBUFS] = "ENOBUFS",	[XEN_ETIMEDOUT] = "ETIMEDOUT",
};

const char *xen_errno_name(long err)
{
	if (err >= 0 || -err >= (long)(sizeof(names) / sizeof(names[0])) || !names[-err])
		return "";
	return names[-err];
}
