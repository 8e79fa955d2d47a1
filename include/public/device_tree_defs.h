/* SPDX-License-Identifier: MIT */
/*
 * Constants of the device trees that a Xen 4.17 toolstack or hypervisor
 * writes for its guests (Xen public device_tree_defs.h): the GIC phandle
 * every interrupt-bearing node points at, the root cell sizes and the
 * interrupt trigger codes of the third GIC interrupt cell.
 * See docs xen-abi-arm64.md section 2.
 */
#ifndef XEN_PUBLIC_DEVICE_TREE_DEFS_H
#define XEN_PUBLIC_DEVICE_TREE_DEFS_H

/* phandle of the guest's interrupt controller node (and the IOMMU after it) */
#define GUEST_PHANDLE_GIC 65000
#define GUEST_PHANDLE_IOMMU (GUEST_PHANDLE_GIC + 1)

/* #address-cells / #size-cells of the guest DT root node */
#define GUEST_ROOT_ADDRESS_CELLS 2
#define GUEST_ROOT_SIZE_CELLS 2

/* Trigger type in the low 4 bits of a GIC interrupt specifier's flags cell */
#define DT_IRQ_TYPE_NONE 0x00000000
#define DT_IRQ_TYPE_EDGE_RISING 0x00000001
#define DT_IRQ_TYPE_EDGE_FALLING 0x00000002
#define DT_IRQ_TYPE_EDGE_BOTH (DT_IRQ_TYPE_EDGE_RISING | DT_IRQ_TYPE_EDGE_FALLING)
#define DT_IRQ_TYPE_LEVEL_HIGH 0x00000004
#define DT_IRQ_TYPE_LEVEL_LOW 0x00000008
#define DT_IRQ_TYPE_LEVEL_MASK (DT_IRQ_TYPE_LEVEL_HIGH | DT_IRQ_TYPE_LEVEL_LOW)
#define DT_IRQ_TYPE_SENSE_MASK 0x0000000f
#define DT_IRQ_TYPE_INVALID 0x00000010

#endif /* XEN_PUBLIC_DEVICE_TREE_DEFS_H */
