/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_physdev_op(cmd, arg): only the PCI device registration that
 * Linux dom0 issues on Arm (Xen public physdev.h; docs xen-abi-arm64.md
 * section 3.2). Without PCI support the answer is -XEN_ENOSYS, after which
 * Linux retries with the older manage_pci_* forms and then just logs.
 */
#ifndef XEN_PUBLIC_PHYSDEV_H
#define XEN_PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_manage_pci_add 15     /* struct physdev_manage_pci */
#define PHYSDEVOP_manage_pci_remove 16  /* struct physdev_manage_pci */
#define PHYSDEVOP_manage_pci_add_ext 20 /* struct physdev_manage_pci_ext */
#define PHYSDEVOP_pci_device_add 25     /* struct physdev_pci_device_add */
#define PHYSDEVOP_pci_device_remove 26  /* struct physdev_pci_device */

/* physdev_pci_device_add.flags */
#define XEN_PCI_DEV_EXTFN 0x1
#define XEN_PCI_DEV_VIRTFN 0x2
#define XEN_PCI_DEV_PXM 0x4 /* optarr[0] holds the proximity domain */

#ifndef __ASSEMBLY__

/** struct physdev_manage_pci - device on segment 0 */
struct physdev_manage_pci {
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
XEN_CHECK_SIZE(struct physdev_manage_pci, 2);
XEN_CHECK_OFFSET(struct physdev_manage_pci, bus, 0);
XEN_CHECK_OFFSET(struct physdev_manage_pci, devfn, 1);

/** struct physdev_manage_pci_ext - as above, plus SR-IOV / ARI details */
struct physdev_manage_pci_ext {
	uint8_t bus;
	uint8_t devfn;
	uint16_t pad0; /* implicit in Xen */
	uint32_t is_extfn;
	uint32_t is_virtfn;
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;
	uint16_t pad1; /* implicit in Xen */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
XEN_CHECK_SIZE(struct physdev_manage_pci_ext, 16);
XEN_CHECK_OFFSET(struct physdev_manage_pci_ext, bus, 0);
XEN_CHECK_OFFSET(struct physdev_manage_pci_ext, devfn, 1);
XEN_CHECK_OFFSET(struct physdev_manage_pci_ext, is_extfn, 4);
XEN_CHECK_OFFSET(struct physdev_manage_pci_ext, is_virtfn, 8);
XEN_CHECK_OFFSET(struct physdev_manage_pci_ext, physfn, 12);

/** struct physdev_pci_device_add - announce a PCI function to the hypervisor */
struct physdev_pci_device_add {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
	uint32_t flags; /* XEN_PCI_DEV_* */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;
	uint16_t pad; /* implicit in Xen */
	uint32_t optarr[];
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
XEN_CHECK_SIZE(struct physdev_pci_device_add, 12);
XEN_CHECK_OFFSET(struct physdev_pci_device_add, seg, 0);
XEN_CHECK_OFFSET(struct physdev_pci_device_add, bus, 2);
XEN_CHECK_OFFSET(struct physdev_pci_device_add, devfn, 3);
XEN_CHECK_OFFSET(struct physdev_pci_device_add, flags, 4);
XEN_CHECK_OFFSET(struct physdev_pci_device_add, physfn, 8);
XEN_CHECK_OFFSET(struct physdev_pci_device_add, optarr, 12);

/** struct physdev_pci_device - a PCI function by segment/bus/devfn */
struct physdev_pci_device {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);
XEN_CHECK_SIZE(struct physdev_pci_device, 4);
XEN_CHECK_OFFSET(struct physdev_pci_device, seg, 0);
XEN_CHECK_OFFSET(struct physdev_pci_device, bus, 2);
XEN_CHECK_OFFSET(struct physdev_pci_device, devfn, 3);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_PHYSDEV_H */
