/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree (DTB) reader and sequential writer, written from the
 * Devicetree Specification v0.4, chapter 5 ("Flattened Devicetree (DTB)
 * Format"). Freestanding; no libfdt.
 *
 * Reader: fdt_open() validates the header against the caller's buffer size
 * and walks the whole structure block once (token sizes, nesting, depth,
 * property name offsets, FDT_END). Every later accessor still bounds-checks
 * each read, so a bogus handle passed by a caller yields an error or a
 * meaningless answer, never an out-of-bounds access. All multi-byte values
 * are read byte-wise (the blob may be unaligned; the hypervisor is built with
 * -mstrict-align).
 *
 * Handles: a node handle is the offset of its FDT_BEGIN_NODE token inside the
 * structure block; a property handle is the offset of its FDT_PROP token.
 * Negative return values are FDT_ERR_* codes.
 *
 * Writer: builds a new version-17 blob front to back into a caller buffer
 * (header, memory reservation map, structure block; the strings block grows
 * down from the end of the buffer and is moved behind the structure block by
 * fdtw_finish()). Errors are sticky: the first one is kept in w->err and later
 * calls do nothing.
 */
#ifndef LIB_FDT_H
#define LIB_FDT_H

#include <hyp/types.h>

#define FDT_MAGIC 0xd00dfeedU
#define FDT_VERSION 17         /* version we write */
#define FDT_LAST_COMP_VERSION 16
#define FDT_MIN_VERSION 16     /* oldest version we read */
#define FDT_MAX_DEPTH 64       /* root is depth 1 */
#define FDT_MAX_CELLS 4        /* largest #address-cells / #size-cells accepted */

/* Structure block tokens (DT spec 5.4.1). */
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U
#define FDT_END 9U

enum {
	FDT_OK = 0,
	FDT_ERR_TRUNCATED = -1,    /* blob larger than the buffer, or a structure runs off its block */
	FDT_ERR_BADMAGIC = -2,
	FDT_ERR_BADVERSION = -3,   /* version < 16 or last_comp_version > 17 */
	FDT_ERR_BADSTRUCTURE = -4, /* bad token, unbalanced nodes, missing FDT_END, unterminated name */
	FDT_ERR_NOTFOUND = -5,
	FDT_ERR_BADLENGTH = -6,    /* property value or header size of the wrong length */
	FDT_ERR_NOSPACE = -7,      /* caller buffer too small */
	FDT_ERR_BADOFFSET = -8,    /* block/name offset outside its range, overlap, bad handle */
	FDT_ERR_BADVALUE = -9,     /* bad argument or property value */
	FDT_ERR_DEPTH = -10,       /* nodes nested deeper than FDT_MAX_DEPTH */
};

/** An opened, validated blob. Fields are read-only for callers. */
struct fdt {
	const uint8_t *blob;
	uint32_t size;          /* totalsize */
	uint32_t version;
	uint32_t boot_cpuid_phys;
	uint32_t off_struct;
	uint32_t size_struct;   /* up to and including FDT_END */
	uint32_t off_strings;
	uint32_t size_strings;
	uint32_t off_rsvmap;
	uint32_t rsv_count;     /* entries before the all-zero terminator */
	int root;               /* handle of the root node */
};

const char *fdt_strerror(int err);

int fdt_open(struct fdt *f, const void *blob, size_t max_size);
uint32_t fdt_total_size(const struct fdt *f);

/* Tree navigation. */
int fdt_root(const struct fdt *f);
int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);
int fdt_parent(const struct fdt *f, int node);
const char *fdt_node_name(const struct fdt *f, int node);
int fdt_node_path(const struct fdt *f, int node, char *buf, size_t len);
int fdt_path_offset(const struct fdt *f, const char *path);
int fdt_subnode(const struct fdt *f, int parent, const char *name);
int fdt_node_depth(const struct fdt *f, int node);

#define fdt_for_each_child(f, parent, child)                                   \
	for ((child) = fdt_first_child((f), (parent)); (child) >= 0;           \
	     (child) = fdt_next_sibling((f), (child)))

/* Properties. */
const void *fdt_getprop(const struct fdt *f, int node, const char *name, int *len);
bool fdt_prop_exists(const struct fdt *f, int node, const char *name);
int fdt_getprop_u32(const struct fdt *f, int node, const char *name, uint32_t *out);
int fdt_getprop_u64(const struct fdt *f, int node, const char *name, uint64_t *out);
int fdt_getprop_cells(const struct fdt *f, int node, const char *name, unsigned cells,
		      uint64_t *out);
const char *fdt_getprop_string(const struct fdt *f, int node, const char *name);
bool fdt_stringlist_contains(const char *list, int len, const char *str);
bool fdt_node_is_compatible(const struct fdt *f, int node, const char *compat);
int fdt_find_compatible(const struct fdt *f, int after, const char *compat);

int fdt_first_prop(const struct fdt *f, int node);
int fdt_next_prop(const struct fdt *f, int prop);
const void *fdt_prop_by_offset(const struct fdt *f, int prop, const char **name, int *len);

#define fdt_for_each_prop(f, node, prop)                                       \
	for ((prop) = fdt_first_prop((f), (node)); (prop) >= 0;                \
	     (prop) = fdt_next_prop((f), (prop)))

/* Addresses (DT spec 2.3.5, 2.3.6, 2.3.4). */
int fdt_address_cells(const struct fdt *f, int node);
int fdt_size_cells(const struct fdt *f, int node);
int fdt_reg_count(const struct fdt *f, int node, int ac, int sc);
int fdt_get_reg(const struct fdt *f, int node, int ac, int sc, int idx, uint64_t *addr,
		uint64_t *size);

/* Memory reservation block (DT spec 5.3). */
int fdt_mem_rsv_count(const struct fdt *f);
int fdt_get_mem_rsv(const struct fdt *f, int idx, uint64_t *addr, uint64_t *size);

/** Sequential writer state; see fdtw_init(). */
struct fdt_writer {
	uint8_t *buf;
	size_t cap;
	size_t pos;          /* end of what has been written at the front */
	size_t str_lo;       /* the strings block occupies [str_lo, cap) */
	size_t off_struct;   /* 0 until the first node is begun */
	uint32_t boot_cpuid_phys;
	int depth;
	uint64_t child_seen; /* bit d-1: the open node at depth d already has a child */
	bool root_done;
	bool finished;
	int err;
};

void fdtw_init(struct fdt_writer *w, void *buf, size_t cap);
void fdtw_set_boot_cpuid(struct fdt_writer *w, uint32_t cpuid);
void fdtw_add_mem_rsv(struct fdt_writer *w, uint64_t addr, uint64_t size);
void fdtw_begin_node(struct fdt_writer *w, const char *name);
void fdtw_end_node(struct fdt_writer *w);
void fdtw_prop(struct fdt_writer *w, const char *name, const void *val, size_t len);
void fdtw_prop_empty(struct fdt_writer *w, const char *name);
void fdtw_prop_u32(struct fdt_writer *w, const char *name, uint32_t val);
void fdtw_prop_u64(struct fdt_writer *w, const char *name, uint64_t val);
void fdtw_prop_cells(struct fdt_writer *w, const char *name, const uint32_t *cells, size_t n);
void fdtw_prop_string(struct fdt_writer *w, const char *name, const char *s);
void fdtw_prop_strings(struct fdt_writer *w, const char *name, const char *const *list,
		       size_t n);
void fdtw_prop_reg(struct fdt_writer *w, const char *name, int ac, int sc,
		   const uint64_t *addr_size_pairs, size_t npairs);
int fdtw_copy_prop(struct fdt_writer *w, const struct fdt *f, int prop);
int fdtw_finish(struct fdt_writer *w, size_t *total);

#endif
