/* SPDX-License-Identifier: MIT */
/*
 * Xenstore wire protocol and ring page (Xen public io/xs_wire.h; docs
 * xen-abi-arm64.md section 6.1).
 *
 * A message is a struct xsd_sockmsg header followed by `len` payload bytes
 * (at most XENSTORE_PAYLOAD_MAX). Errors come back as type XS_ERROR with
 * the errno *name* (e.g. "ENOENT") plus a NUL as payload.
 *
 * The ring page holds two 1 KiB byte rings (req: guest -> xenstored,
 * rsp: xenstored -> guest) with free-running 32-bit indices masked by
 * MASK_XENSTORE_IDX; prod - cons never exceeds XENSTORE_RING_SIZE.
 */
#ifndef XEN_PUBLIC_IO_XS_WIRE_H
#define XEN_PUBLIC_IO_XS_WIRE_H

#include <stdint.h>

#include "../abi_check.h"
#include "../errno.h"

/** enum xsd_sockmsg_type - xsd_sockmsg.type */
enum xsd_sockmsg_type {
	XS_CONTROL = 0,
	XS_DIRECTORY = 1,
	XS_READ = 2,
	XS_GET_PERMS = 3,
	XS_WATCH = 4,
	XS_UNWATCH = 5,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_INTRODUCE = 8,
	XS_RELEASE = 9,
	XS_GET_DOMAIN_PATH = 10,
	XS_WRITE = 11,
	XS_MKDIR = 12,
	XS_RM = 13,
	XS_SET_PERMS = 14,
	XS_WATCH_EVENT = 15,
	XS_ERROR = 16,
	XS_IS_DOMAIN_INTRODUCED = 17,
	XS_RESUME = 18,
	XS_SET_TARGET = 19,
	/* 20 was XS_RESTRICT, removed */
	XS_RESET_WATCHES = 21,
	XS_DIRECTORY_PART = 22,
	XS_TYPE_COUNT = 23, /* number of type values (including the hole) */
	XS_INVALID = 0xffff /* never a valid type */
};
#define XS_DEBUG XS_CONTROL

/* Old XS_WRITE flavours, kept for compatibility */
#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/**
 * struct xsd_errors - errno value and the name sent on the wire. The table
 * order is part of the ABI (new entries only at the end).
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};

/*
 * XSD_ERRORS_TABLE(X) expands X(name) for every errno xenstore may report,
 * in wire-table order; xsd_errors[] below is built from it.
 */
#define XSD_ERRORS_TABLE(X)                                                    \
	X(EINVAL)                                                              \
	X(EACCES)                                                              \
	X(EEXIST)                                                              \
	X(EISDIR)                                                              \
	X(ENOENT)                                                              \
	X(ENOMEM)                                                              \
	X(ENOSPC)                                                              \
	X(EIO)                                                                 \
	X(ENOTEMPTY)                                                           \
	X(ENOSYS)                                                              \
	X(EROFS)                                                               \
	X(EBUSY)                                                               \
	X(EAGAIN)                                                              \
	X(EISCONN)                                                             \
	X(E2BIG)                                                               \
	X(EPERM)
#define XSD_NR_ERRORS 16

#define XSD_ERROR_ENTRY(name) { XEN_##name, #name },
static const struct xsd_errors xsd_errors[XSD_NR_ERRORS] __attribute__((unused)) = {
	XSD_ERRORS_TABLE(XSD_ERROR_ENTRY)
};
#undef XSD_ERROR_ENTRY

/** struct xsd_sockmsg - header of every xenstore message */
struct xsd_sockmsg {
	uint32_t type;   /* enum xsd_sockmsg_type */
	uint32_t req_id; /* echoed in the reply */
	uint32_t tx_id;  /* transaction id, 0 = none */
	uint32_t len;    /* payload bytes that follow */
};
XEN_CHECK_SIZE(struct xsd_sockmsg, 16);
XEN_CHECK_OFFSET(struct xsd_sockmsg, type, 0);
XEN_CHECK_OFFSET(struct xsd_sockmsg, req_id, 4);
XEN_CHECK_OFFSET(struct xsd_sockmsg, tx_id, 8);
XEN_CHECK_OFFSET(struct xsd_sockmsg, len, 12);

/** enum xs_watch_type - NUL-separated fields of an XS_WATCH_EVENT payload */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN
};

#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

/** struct xenstore_domain_interface - the xenstore ring page (2076 bytes used) */
struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* guest -> xenstored */
	char rsp[XENSTORE_RING_SIZE]; /* replies and watch events */
	XENSTORE_RING_IDX req_cons;   /* written by xenstored */
	XENSTORE_RING_IDX req_prod;   /* written by the guest */
	XENSTORE_RING_IDX rsp_cons;   /* written by the guest */
	XENSTORE_RING_IDX rsp_prod;   /* written by xenstored */
	uint32_t server_features;     /* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;          /* XENSTORE_CONNECTED / _RECONNECT */
	uint32_t error;               /* XENSTORE_ERROR_* */
};
XEN_CHECK_SIZE(struct xenstore_domain_interface, 2076);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, req, 0);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, rsp, 1024);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, req_prod, 2052);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, rsp_cons, 2056);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, server_features, 2064);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, connection, 2068);
XEN_CHECK_OFFSET(struct xenstore_domain_interface, error, 2072);

/* Payload larger than this kills the connection */
#define XENSTORE_PAYLOAD_MAX 4096
/* Longer paths get an error */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR 2

/* connection values */
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

/* error values */
#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO 3

#endif /* XEN_PUBLIC_IO_XS_WIRE_H */
