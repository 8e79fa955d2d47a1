/* SPDX-License-Identifier: MIT */
/*
 * Sequential flattened device tree writer (Devicetree Specification v0.4,
 * chapter 5): builds a version-17 blob into one caller buffer.
 *
 * Layout while writing:
 *   [0, 40)            header, filled in by fdtw_finish()
 *   [40, off_struct)   memory reservation entries, then the zero terminator
 *   [off_struct, pos)  structure block written so far
 *   [str_lo, cap)      strings block, growing downwards
 * Because the strings block's final start is only known at the end, a
 * property's name offset is stored meanwhile as the distance of the string
 * from the end of the buffer (cap - position); fdtw_finish() rewrites each
 * one to its offset from the start of the block and moves the block down
 * behind the structure block.
 *
 * Invariants: pos <= str_lo <= cap; the first error is kept in w->err and
 * makes every later call a no-op, so callers check once, at fdtw_finish().
 */
#include <hyp/types.h>
#include <lib/fdt.h>
#include <lib/string.h>

#define FDTW_HDR_SIZE 40U
#define FDTW_RSV_ENTRY_SIZE 16U

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void fail(struct fdt_writer *w, int err)
{
	if (!w->err)
		w->err = err;
}

/* Writer usable: no error yet and not finished. */
static bool usable(struct fdt_writer *w)
{
	if (w->finished)
		fail(w, FDT_ERR_BADSTRUCTURE);
	return w->err == 0;
}

/* Claim @len bytes at the front (zero-filled); NULL and NOSPACE if they do not fit. */
static uint8_t *claim(struct fdt_writer *w, size_t len)
{
	uint8_t *p;

	if (w->err)
		return NULL;
	if (len > w->str_lo - w->pos) {
		fail(w, FDT_ERR_NOSPACE);
		return NULL;
	}
	p = w->buf + w->pos;
	memset(p, 0, len);
	w->pos += len;
	return p;
}

/**
 * Start a blob in @buf (@cap bytes; any alignment, although a blob handed to
 * a guest should be 8-byte aligned). Reserves the header.
 */
void fdtw_init(struct fdt_writer *w, void *buf, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	/* Offsets are u32 in the blob and int in the reader. */
	w->cap = MIN(cap, (size_t)INT32_MAX);
	w->str_lo = w->cap;
	if (!buf || w->cap < FDTW_HDR_SIZE + FDTW_RSV_ENTRY_SIZE) {
		w->cap = w->str_lo = 0;
		fail(w, FDT_ERR_NOSPACE);
		return;
	}
	claim(w, FDTW_HDR_SIZE);
}

/** Set the header's boot_cpuid_phys (default 0). */
void fdtw_set_boot_cpuid(struct fdt_writer *w, uint32_t cpuid)
{
	w->boot_cpuid_phys = cpuid;
}

/** Add a memory reservation entry; only valid before the first node. */
void fdtw_add_mem_rsv(struct fdt_writer *w, uint64_t addr, uint64_t size)
{
	uint8_t *p;

	if (!usable(w))
		return;
	if (w->off_struct) {
		fail(w, FDT_ERR_BADSTRUCTURE);
		return;
	}
	if (size == 0) {
		/* A zero entry would read as the terminator; nothing to reserve. */
		return;
	}
	p = claim(w, FDTW_RSV_ENTRY_SIZE);
	if (p) {
		put_be64(p, addr);
		put_be64(p + 8, size);
	}
}

static void put_tag(struct fdt_writer *w, uint32_t tag)
{
	uint8_t *p = claim(w, 4);

	if (p)
		put_be32(p, tag);
}

/** Open node @name ("" for the root, "name@unit" otherwise). */
void fdtw_begin_node(struct fdt_writer *w, const char *name)
{
	size_t n;
	uint8_t *p;

	if (!usable(w))
		return;
	if (w->root_done) {
		fail(w, FDT_ERR_BADSTRUCTURE); /* a second root */
		return;
	}
	/* The root is called "", every other node has a non-empty name. */
	if (!name || (w->depth == 0) != (name[0] == '\0') || strchr(name, '/')) {
		fail(w, FDT_ERR_BADVALUE);
		return;
	}
	if (w->depth >= FDT_MAX_DEPTH) {
		fail(w, FDT_ERR_DEPTH);
		return;
	}
	if (!w->off_struct) {
		claim(w, FDTW_RSV_ENTRY_SIZE); /* reservation map terminator */
		w->off_struct = w->pos;
	}
	if (w->depth > 0)
		w->child_seen |= 1ULL << (w->depth - 1);
	put_tag(w, FDT_BEGIN_NODE);
	n = strlen(name) + 1;
	p = claim(w, ALIGN_UP(n, 4));
	if (!p)
		return;
	memcpy(p, name, n);
	w->depth++;
	w->child_seen &= ~(1ULL << (w->depth - 1));
}

/** Close the innermost open node. */
void fdtw_end_node(struct fdt_writer *w)
{
	if (!usable(w))
		return;
	if (w->depth == 0) {
		fail(w, FDT_ERR_BADSTRUCTURE);
		return;
	}
	put_tag(w, FDT_END_NODE);
	if (--w->depth == 0)
		w->root_done = true;
}

/* Strings-block handle (distance from the buffer end) of @name, adding it if needed. */
static uint32_t string_handle(struct fdt_writer *w, const char *name)
{
	size_t n = strlen(name) + 1;
	const uint8_t *tab = w->buf + w->str_lo;
	size_t tab_len = w->cap - w->str_lo;

	/* Reuse any occurrence, including the tail of a longer name. */
	for (size_t i = 0; i + n <= tab_len; i++) {
		if (memcmp(tab + i, name, n) == 0)
			return (uint32_t)(tab_len - i);
	}
	if (n > w->str_lo - w->pos) {
		fail(w, FDT_ERR_NOSPACE);
		return 0;
	}
	w->str_lo -= n;
	memcpy(w->buf + w->str_lo, name, n);
	return (uint32_t)(w->cap - w->str_lo);
}

/* Emit an FDT_PROP header for @name with a @len-byte value; returns the value area. */
static uint8_t *prop_reserve(struct fdt_writer *w, const char *name, size_t len)
{
	uint32_t handle;
	uint8_t *p;

	if (!usable(w))
		return NULL;
	if (!name || !name[0]) {
		fail(w, FDT_ERR_BADVALUE);
		return NULL;
	}
	if (w->depth == 0 || (w->child_seen & (1ULL << (w->depth - 1)))) {
		/* Outside a node, or after a subnode (DT spec 5.4.1). */
		fail(w, FDT_ERR_BADSTRUCTURE);
		return NULL;
	}
	if (len > w->cap) {
		fail(w, FDT_ERR_NOSPACE);
		return NULL;
	}
	handle = string_handle(w, name);
	p = claim(w, 12 + ALIGN_UP(len, 4));
	if (!p)
		return NULL;
	put_be32(p, FDT_PROP);
	put_be32(p + 4, (uint32_t)len);
	put_be32(p + 8, handle);
	return p + 12;
}

/** Property @name with the @len bytes at @val. */
void fdtw_prop(struct fdt_writer *w, const char *name, const void *val, size_t len)
{
	uint8_t *p;

	if (len && !val) {
		fail(w, FDT_ERR_BADVALUE);
		return;
	}
	p = prop_reserve(w, name, len);
	if (p && len)
		memmove(p, val, len); /* @val may come from a blob in the same buffer */
}

/** Empty (boolean) property. */
void fdtw_prop_empty(struct fdt_writer *w, const char *name)
{
	prop_reserve(w, name, 0);
}

/** One-cell property. */
void fdtw_prop_u32(struct fdt_writer *w, const char *name, uint32_t val)
{
	uint8_t *p = prop_reserve(w, name, 4);

	if (p)
		put_be32(p, val);
}

/** Two-cell property, most significant cell first. */
void fdtw_prop_u64(struct fdt_writer *w, const char *name, uint64_t val)
{
	uint8_t *p = prop_reserve(w, name, 8);

	if (p)
		put_be64(p, val);
}

/** Property of @n cells. */
void fdtw_prop_cells(struct fdt_writer *w, const char *name, const uint32_t *cells, size_t n)
{
	uint8_t *p;

	if (n && !cells) {
		fail(w, FDT_ERR_BADVALUE);
		return;
	}
	if (n > w->cap / 4) {
		fail(w, FDT_ERR_NOSPACE);
		return;
	}
	p = prop_reserve(w, name, 4 * n);
	for (size_t i = 0; p && i < n; i++)
		put_be32(p + 4 * i, cells[i]);
}

/** NUL-terminated string property. */
void fdtw_prop_string(struct fdt_writer *w, const char *name, const char *s)
{
	if (!s) {
		fail(w, FDT_ERR_BADVALUE);
		return;
	}
	fdtw_prop(w, name, s, strlen(s) + 1);
}

/** String-list property "a\0b\0" from @n strings. */
void fdtw_prop_strings(struct fdt_writer *w, const char *name, const char *const *list, size_t n)
{
	size_t len = 0;
	uint8_t *p;

	for (size_t i = 0; i < n; i++) {
		if (!list[i]) {
			fail(w, FDT_ERR_BADVALUE);
			return;
		}
		len += strlen(list[i]) + 1;
	}
	p = prop_reserve(w, name, len);
	for (size_t i = 0; p && i < n; i++) {
		size_t l = strlen(list[i]) + 1;

		memcpy(p, list[i], l);
		p += l;
	}
}

/**
 * "reg"-style property of @npairs (address, size) pairs, @ac address cells
 * (1-2) and @sc size cells (0-2) each. FDT_ERR_BADVALUE if a value does not
 * fit its cells.
 */
void fdtw_prop_reg(struct fdt_writer *w, const char *name, int ac, int sc,
		   const uint64_t *addr_size_pairs, size_t npairs)
{
	size_t stride = 4 * (size_t)(ac + sc);
	uint8_t *p;

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2 || (npairs && !addr_size_pairs)) {
		fail(w, FDT_ERR_BADVALUE);
		return;
	}
	for (size_t i = 0; i < 2 * npairs; i++) {
		int cells = (i & 1) ? sc : ac;

		if (cells < 2 && (addr_size_pairs[i] >> (32 * cells)) != 0) {
			fail(w, FDT_ERR_BADVALUE);
			return;
		}
	}
	if (npairs > w->cap / stride) {
		fail(w, FDT_ERR_NOSPACE);
		return;
	}
	p = prop_reserve(w, name, stride * npairs);
	for (size_t i = 0; p && i < npairs; i++, p += stride) {
		uint64_t a = addr_size_pairs[2 * i], s = addr_size_pairs[2 * i + 1];

		if (ac == 2)
			put_be64(p, a);
		else
			put_be32(p, (uint32_t)a);
		if (sc == 2)
			put_be64(p + 4 * ac, s);
		else if (sc == 1)
			put_be32(p + 4 * ac, (uint32_t)s);
	}
}

/** Copy property handle @prop of the opened blob @f into the current node. */
int fdtw_copy_prop(struct fdt_writer *w, const struct fdt *f, int prop)
{
	const char *name;
	int len;
	const void *val = fdt_prop_by_offset(f, prop, &name, &len);

	if (!val)
		return len;
	fdtw_prop(w, name, val, (size_t)len);
	return w->err;
}

/* Rewrite every property's temporary name handle to its final strings offset. */
static void fixup_name_offsets(struct fdt_writer *w)
{
	uint32_t str_size = (uint32_t)(w->cap - w->str_lo);
	size_t off = w->off_struct;

	while (off < w->pos) {
		uint8_t *p = w->buf + off;

		switch (get_be32(p)) {
		case FDT_BEGIN_NODE:
			off += 4 + ALIGN_UP(strlen((const char *)p + 4) + 1, 4);
			break;
		case FDT_PROP:
			put_be32(p + 8, str_size - get_be32(p + 8));
			off += 12 + ALIGN_UP((size_t)get_be32(p + 4), 4);
			break;
		default: /* FDT_END_NODE, FDT_END */
			off += 4;
			break;
		}
	}
}

/**
 * Complete the blob: FDT_END, strings block, header. Returns FDT_OK and the
 * blob size in *@total (may be NULL), or the first error recorded.
 */
int fdtw_finish(struct fdt_writer *w, size_t *total)
{
	size_t str_size, size;
	uint8_t *h;

	if (!usable(w))
		return w->err;
	if (!w->root_done) {
		fail(w, FDT_ERR_BADSTRUCTURE); /* no root, or nodes left open */
		return w->err;
	}
	put_tag(w, FDT_END);
	if (w->err)
		return w->err;
	fixup_name_offsets(w);
	str_size = w->cap - w->str_lo;
	memmove(w->buf + w->pos, w->buf + w->str_lo, str_size);
	size = w->pos + str_size;

	h = w->buf;
	put_be32(h + 0, FDT_MAGIC);
	put_be32(h + 4, (uint32_t)size);
	put_be32(h + 8, (uint32_t)w->off_struct);
	put_be32(h + 12, (uint32_t)w->pos);
	put_be32(h + 16, FDTW_HDR_SIZE);
	put_be32(h + 20, FDT_VERSION);
	put_be32(h + 24, FDT_LAST_COMP_VERSION);
	put_be32(h + 28, w->boot_cpuid_phys);
	put_be32(h + 32, (uint32_t)str_size);
	put_be32(h + 36, (uint32_t)(w->pos - w->off_struct));
	w->finished = true;
	if (total)
		*total = size;
	return FDT_OK;
}
