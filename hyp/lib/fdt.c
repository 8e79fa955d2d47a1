/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree reader (Devicetree Specification v0.4, chapter 5).
 *
 * Invariant after a successful fdt_open(): the header blocks lie inside
 * totalsize (itself inside the caller's buffer) and do not overlap; the
 * structure block [0, size_struct) is a sequence of well-formed tokens forming
 * exactly one root node, balanced, at most FDT_MAX_DEPTH deep, with properties
 * before subnodes, every property name a NUL-terminated string inside the
 * strings block, and ending with FDT_END. Accessors nevertheless go through
 * fdt_next_tag(), which bounds-checks every token, so handles that were not
 * produced by this library cannot cause out-of-bounds reads either; every
 * loop advances strictly forward, so every walk terminates.
 *
 * No state is kept besides struct fdt; nothing here allocates or locks.
 */
#include <hyp/types.h>
#include <lib/fdt.h>
#include <lib/string.h>

#define FDT_HDR_SIZE_V16 36U
#define FDT_HDR_SIZE_V17 40U
#define FDT_RSV_ENTRY_SIZE 16U
#define FDT_TAG_SIZE 4U

/* Header field offsets (DT spec 5.2). */
#define HDR_MAGIC 0
#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_OFF_RSVMAP 16
#define HDR_VERSION 20
#define HDR_LAST_COMP 24
#define HDR_BOOT_CPUID 28
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64_at(const uint8_t *p)
{
	return (uint64_t)be32_at(p) << 32 | be32_at(p + 4);
}

/** Human-readable text for an FDT_ERR_* code. */
const char *fdt_strerror(int err)
{
	switch (err) {
	case FDT_OK: return "ok";
	case FDT_ERR_TRUNCATED: return "truncated blob";
	case FDT_ERR_BADMAGIC: return "bad magic";
	case FDT_ERR_BADVERSION: return "unsupported version";
	case FDT_ERR_BADSTRUCTURE: return "bad structure block";
	case FDT_ERR_NOTFOUND: return "not found";
	case FDT_ERR_BADLENGTH: return "bad length";
	case FDT_ERR_NOSPACE: return "no space";
	case FDT_ERR_BADOFFSET: return "bad offset";
	case FDT_ERR_BADVALUE: return "bad value";
	case FDT_ERR_DEPTH: return "nesting too deep";
	default: return "unknown error";
	}
}

static const uint8_t *struct_base(const struct fdt *f)
{
	return f->blob + f->off_struct;
}

/*
 * Decode the token at structure-block offset @off. Returns the token and sets
 * *next to the offset of the following token, or returns a negative error.
 * Checks that the whole token (name plus padding, value plus padding) lies in
 * [0, limit). Works on a half-validated struct fdt during fdt_open().
 */
static int fdt_next_tag_lim(const struct fdt *f, int off, uint32_t limit, int *next)
{
	const uint8_t *s;
	uint64_t end;
	uint32_t tag;

	if (off < 0 || (off & 3) || (uint64_t)off + FDT_TAG_SIZE > limit)
		return FDT_ERR_BADOFFSET;
	s = struct_base(f);
	tag = be32_at(s + off);
	switch (tag) {
	case FDT_BEGIN_NODE: {
		uint32_t start = (uint32_t)off + FDT_TAG_SIZE;
		size_t n = strnlen((const char *)s + start, limit - start);

		if (n == limit - start)
			return FDT_ERR_BADSTRUCTURE; /* unterminated node name */
		end = ALIGN_UP((uint64_t)start + n + 1, 4);
		break;
	}
	case FDT_PROP:
		if ((uint64_t)off + 3 * FDT_TAG_SIZE > limit)
			return FDT_ERR_TRUNCATED;
		end = (uint64_t)off + 3 * FDT_TAG_SIZE + ALIGN_UP((uint64_t)be32_at(s + off + 4), 4);
		if (end > limit)
			return FDT_ERR_BADLENGTH; /* value runs off the block */
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		end = (uint64_t)off + FDT_TAG_SIZE;
		break;
	default:
		return FDT_ERR_BADSTRUCTURE;
	}
	/* Padding after a name may run past a block that is not a multiple of 4. */
	if (end > limit)
		return FDT_ERR_TRUNCATED;
	*next = (int)end;
	return (int)tag;
}

static int fdt_next_tag(const struct fdt *f, int off, int *next)
{
	return fdt_next_tag_lim(f, off, f->size_struct, next);
}

/* NUL-terminated string at @off in the strings block, or NULL. */
static const char *string_at(const struct fdt *f, uint32_t off)
{
	const char *s;

	if (off >= f->size_strings)
		return NULL;
	s = (const char *)f->blob + f->off_strings + off;
	if (strnlen(s, f->size_strings - off) == f->size_strings - off)
		return NULL;
	return s;
}

/* [a, a+alen) and [b, b+blen) intersect (empty ranges never do). */
static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Walk the structure block once; see the invariant at the top of the file. */
static int fdt_check_struct(struct fdt *f, uint32_t limit)
{
	bool child_seen[FDT_MAX_DEPTH + 1];
	int depth = 0, off = 0, next, tag;
	bool root_seen = false;

	for (;;) {
		if ((uint32_t)off >= limit)
			return FDT_ERR_BADSTRUCTURE; /* no FDT_END */
		tag = fdt_next_tag_lim(f, off, limit, &next);
		if (tag < 0)
			return tag;
		switch ((uint32_t)tag) {
		case FDT_BEGIN_NODE:
			if (depth == 0) {
				if (root_seen)
					return FDT_ERR_BADSTRUCTURE; /* second root */
				root_seen = true;
				f->root = off;
			} else {
				child_seen[depth] = true;
			}
			if (++depth > FDT_MAX_DEPTH)
				return FDT_ERR_DEPTH;
			child_seen[depth] = false;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return FDT_ERR_BADSTRUCTURE;
			depth--;
			break;
		case FDT_PROP: {
			uint32_t nameoff = be32_at(struct_base(f) + off + 8);

			if (depth == 0 || child_seen[depth])
				return FDT_ERR_BADSTRUCTURE;
			if (nameoff >= f->size_strings)
				return FDT_ERR_BADOFFSET;
			if (!string_at(f, nameoff))
				return FDT_ERR_BADSTRUCTURE;
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			if (depth != 0 || !root_seen)
				return FDT_ERR_BADSTRUCTURE;
			f->size_struct = (uint32_t)next;
			return FDT_OK;
		}
		off = next;
	}
}

static int fdt_check(struct fdt *f, const void *blob, size_t max_size)
{
	const uint8_t *b = blob;
	uint32_t hdr_size, total, last_comp, limit;
	uint64_t rsv_len;
	int rc;

	if (!b || max_size < 4)
		return FDT_ERR_TRUNCATED;
	if (be32_at(b + HDR_MAGIC) != FDT_MAGIC)
		return FDT_ERR_BADMAGIC;
	if (max_size < FDT_HDR_SIZE_V16)
		return FDT_ERR_TRUNCATED;
	f->version = be32_at(b + HDR_VERSION);
	last_comp = be32_at(b + HDR_LAST_COMP);
	if (f->version < FDT_MIN_VERSION || last_comp > FDT_VERSION || last_comp > f->version)
		return FDT_ERR_BADVERSION;
	hdr_size = f->version >= 17 ? FDT_HDR_SIZE_V17 : FDT_HDR_SIZE_V16;
	if (max_size < hdr_size)
		return FDT_ERR_TRUNCATED;

	total = be32_at(b + HDR_TOTALSIZE);
	if (total > max_size)
		return FDT_ERR_TRUNCATED;
	if (total < hdr_size || total > INT32_MAX)
		return FDT_ERR_BADLENGTH;
	f->blob = b;
	f->size = total;
	f->boot_cpuid_phys = be32_at(b + HDR_BOOT_CPUID);
	f->off_rsvmap = be32_at(b + HDR_OFF_RSVMAP);
	f->off_struct = be32_at(b + HDR_OFF_STRUCT);
	f->off_strings = be32_at(b + HDR_OFF_STRINGS);
	f->size_strings = be32_at(b + HDR_SIZE_STRINGS);

	if (f->off_struct < hdr_size || f->off_struct >= total || (f->off_struct & 3))
		return FDT_ERR_BADOFFSET;
	if (f->version >= 17) {
		f->size_struct = be32_at(b + HDR_SIZE_STRUCT);
		if ((uint64_t)f->off_struct + f->size_struct > total)
			return FDT_ERR_BADOFFSET;
	} else {
		/* v16 has no size_dt_struct: the walk finds FDT_END. */
		f->size_struct = total - f->off_struct;
	}
	if (f->off_strings < hdr_size || (uint64_t)f->off_strings + f->size_strings > total)
		return FDT_ERR_BADOFFSET;
	if (f->off_rsvmap < hdr_size || f->off_rsvmap >= total)
		return FDT_ERR_BADOFFSET;

	/* Memory reservation map: 16-byte entries up to an all-zero one. */
	for (;;) {
		uint64_t at = f->off_rsvmap + (uint64_t)f->rsv_count * FDT_RSV_ENTRY_SIZE;

		if (at + FDT_RSV_ENTRY_SIZE > total)
			return FDT_ERR_TRUNCATED;
		if (be64_at(b + at) == 0 && be64_at(b + at + 8) == 0)
			break;
		f->rsv_count++;
	}
	rsv_len = ((uint64_t)f->rsv_count + 1) * FDT_RSV_ENTRY_SIZE;

	/* In v16 the struct size is unknown until walked; bound it by the strings. */
	limit = f->size_struct;
	if (f->version < 17 && f->off_strings > f->off_struct)
		limit = MIN(limit, f->off_strings - f->off_struct);
	if (ranges_overlap(f->off_struct, limit, f->off_strings, f->size_strings))
		return FDT_ERR_BADOFFSET;
	rc = fdt_check_struct(f, limit);
	if (rc < 0)
		return rc;
	if (ranges_overlap(f->off_rsvmap, rsv_len, f->off_struct, f->size_struct) ||
	    ranges_overlap(f->off_rsvmap, rsv_len, f->off_strings, f->size_strings))
		return FDT_ERR_BADOFFSET;
	return FDT_OK;
}

/**
 * Validate the blob at @blob (at most @max_size readable bytes) and fill @f.
 * Returns FDT_OK or the first problem found; on error @f is left empty, so
 * every accessor fails cleanly.
 */
int fdt_open(struct fdt *f, const void *blob, size_t max_size)
{
	int rc;

	memset(f, 0, sizeof(*f));
	rc = fdt_check(f, blob, max_size);
	if (rc < 0) {
		memset(f, 0, sizeof(*f));
		f->root = rc;
	}
	return rc;
}

/** The blob's totalsize header field. */
uint32_t fdt_total_size(const struct fdt *f)
{
	return f->size;
}

/** Handle of the root node. */
int fdt_root(const struct fdt *f)
{
	if (!f->size) /* not opened, or fdt_open() failed with f->root */
		return f->root < 0 ? f->root : FDT_ERR_BADSTRUCTURE;
	return f->root;
}

/* Check that @node is a BEGIN_NODE token; return the offset after it. */
static int node_body(const struct fdt *f, int node)
{
	int next, tag = fdt_next_tag(f, node, &next);

	if (tag < 0)
		return tag;
	if ((uint32_t)tag != FDT_BEGIN_NODE)
		return FDT_ERR_BADOFFSET;
	return next;
}

/* Offset just past the FDT_END_NODE that closes @node. */
static int node_end(const struct fdt *f, int node)
{
	int depth = 0, off = node, next, tag;

	do {
		tag = fdt_next_tag(f, off, &next);
		if (tag < 0)
			return tag;
		if ((uint32_t)tag == FDT_BEGIN_NODE)
			depth++;
		else if ((uint32_t)tag == FDT_END_NODE)
			depth--;
		else if ((uint32_t)tag == FDT_END)
			return FDT_ERR_BADSTRUCTURE;
		off = next;
	} while (depth > 0);
	return off;
}

/* From @off (inside a node, past its properties or a child), find the next child. */
static int next_child_from(const struct fdt *f, int off)
{
	int next, tag;

	for (;;) {
		tag = fdt_next_tag(f, off, &next);
		if (tag < 0)
			return tag;
		switch ((uint32_t)tag) {
		case FDT_BEGIN_NODE:
			return off;
		case FDT_END_NODE:
		case FDT_END:
			return FDT_ERR_NOTFOUND;
		default: /* FDT_PROP, FDT_NOP */
			break;
		}
		off = next;
	}
}

/** First subnode of @node, FDT_ERR_NOTFOUND if it has none. */
int fdt_first_child(const struct fdt *f, int node)
{
	int off = node_body(f, node);

	return off < 0 ? off : next_child_from(f, off);
}

/** Next node with the same parent as @node, FDT_ERR_NOTFOUND after the last. */
int fdt_next_sibling(const struct fdt *f, int node)
{
	int off = node_body(f, node);

	if (off < 0)
		return off;
	off = node_end(f, node);
	return off < 0 ? off : next_child_from(f, off);
}

/*
 * Walk from the start to @node recording the open ancestors: stack[0] is the
 * root, stack[*depth - 1] is @node itself. O(size of the tree before @node).
 */
static int node_ancestors(const struct fdt *f, int node, int stack[FDT_MAX_DEPTH], int *depth)
{
	int d = 0, off = 0, next, tag, rc = node_body(f, node);

	if (rc < 0)
		return rc;
	while (off <= node) {
		tag = fdt_next_tag(f, off, &next);
		if (tag < 0)
			return tag;
		if ((uint32_t)tag == FDT_BEGIN_NODE) {
			if (d >= FDT_MAX_DEPTH)
				return FDT_ERR_DEPTH;
			stack[d++] = off;
			if (off == node) {
				*depth = d;
				return FDT_OK;
			}
		} else if ((uint32_t)tag == FDT_END_NODE) {
			if (d == 0)
				return FDT_ERR_BADSTRUCTURE;
			d--;
		} else if ((uint32_t)tag == FDT_END) {
			break;
		}
		off = next;
	}
	return FDT_ERR_BADOFFSET; /* @node is not on a token boundary */
}

/** Parent of @node; FDT_ERR_NOTFOUND for the root. O(n). */
int fdt_parent(const struct fdt *f, int node)
{
	int stack[FDT_MAX_DEPTH], depth, rc = node_ancestors(f, node, stack, &depth);

	if (rc < 0)
		return rc;
	return depth >= 2 ? stack[depth - 2] : FDT_ERR_NOTFOUND;
}

/** Depth of @node: 1 for the root. O(n). */
int fdt_node_depth(const struct fdt *f, int node)
{
	int stack[FDT_MAX_DEPTH], depth, rc = node_ancestors(f, node, stack, &depth);

	return rc < 0 ? rc : depth;
}

/** Name of @node including any "@unit" ("" for the root), or NULL for a bad handle. */
const char *fdt_node_name(const struct fdt *f, int node)
{
	if (node_body(f, node) < 0)
		return NULL;
	return (const char *)struct_base(f) + node + FDT_TAG_SIZE;
}

/**
 * Write the full path of @node ("/", "/chosen/domU1") into @buf. On
 * FDT_ERR_NOSPACE @buf holds as much of the path as fits, NUL-terminated.
 */
int fdt_node_path(const struct fdt *f, int node, char *buf, size_t len)
{
	int stack[FDT_MAX_DEPTH], depth, rc;
	size_t pos = 0;

	if (!buf || len == 0)
		return FDT_ERR_NOSPACE;
	buf[0] = '\0';
	rc = node_ancestors(f, node, stack, &depth);
	if (rc < 0)
		return rc;
	if (depth == 1) {
		if (len < 2)
			return FDT_ERR_NOSPACE;
		buf[0] = '/';
		buf[1] = '\0';
		return FDT_OK;
	}
	for (int i = 1; i < depth; i++) {
		const char *name = fdt_node_name(f, stack[i]);
		size_t n = strlen(name);

		if (pos + 1 + n >= len) {
			/* Keep a truncated, terminated path for messages. */
			if (pos + 1 < len)
				buf[pos++] = '/';
			n = MIN(n, len - 1 - pos);
			memcpy(buf + pos, name, n);
			buf[pos + n] = '\0';
			return FDT_ERR_NOSPACE;
		}
		buf[pos++] = '/';
		memcpy(buf + pos, name, n);
		pos += n;
	}
	buf[pos] = '\0';
	return FDT_OK;
}

/*
 * Child of @parent named by the @len bytes at @name. An exact match wins;
 * otherwise, when @name has no '@', a child "name@unit" matches if it is the
 * only child with that base name (two such children make the lookup
 * ambiguous: FDT_ERR_NOTFOUND).
 */
static int subnode_len(const struct fdt *f, int parent, const char *name, size_t len)
{
	bool allow_base = !memchr(name, '@', len);
	int child, base_match = FDT_ERR_NOTFOUND, base_count = 0;

	fdt_for_each_child(f, parent, child) {
		const char *cn = fdt_node_name(f, child);

		if (strncmp(cn, name, len) != 0)
			continue;
		if (cn[len] == '\0')
			return child;
		if (allow_base && cn[len] == '@') {
			base_match = child;
			base_count++;
		}
	}
	if (child != FDT_ERR_NOTFOUND)
		return child; /* walk error */
	return base_count == 1 ? base_match : FDT_ERR_NOTFOUND;
}

/** Child of @parent called @name (see subnode_len() for unit-address rules). */
int fdt_subnode(const struct fdt *f, int parent, const char *name)
{
	if (!name)
		return FDT_ERR_BADVALUE;
	return subnode_len(f, parent, name, strlen(name));
}

static int path_offset_from(const struct fdt *f, int node, const char *p)
{
	while (*p) {
		const char *end;

		if (*p == '/') {
			p++;
			continue;
		}
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		node = subnode_len(f, node, p, (size_t)(end - p));
		if (node < 0)
			return node;
		p = end;
	}
	return node;
}

/**
 * Node at absolute @path ("/", "/cpus/cpu@0"). A path not starting with '/'
 * begins with an alias name, resolved through /aliases (one level).
 */
int fdt_path_offset(const struct fdt *f, const char *path)
{
	int root = fdt_root(f);

	if (root < 0)
		return root;
	if (!path || !*path)
		return FDT_ERR_BADVALUE;
	if (*path != '/') {
		const char *slash = strchr(path, '/');
		size_t alen = slash ? (size_t)(slash - path) : strlen(path);
		int aliases = subnode_len(f, root, "aliases", 7), prop, len;

		if (aliases < 0)
			return aliases;
		fdt_for_each_prop(f, aliases, prop) {
			const char *pname;
			const char *val = fdt_prop_by_offset(f, prop, &pname, &len);

			if (!val || strncmp(pname, path, alen) != 0 || pname[alen] != '\0')
				continue;
			if (len < 2 || val[0] != '/' || !memchr(val, '\0', (size_t)len))
				return FDT_ERR_BADVALUE;
			root = path_offset_from(f, root, val);
			if (root < 0 || !slash)
				return root;
			return path_offset_from(f, root, slash);
		}
		return prop;
	}
	return path_offset_from(f, root, path);
}

/* From @off, skip NOPs; the offset of the next FDT_PROP, or NOTFOUND. */
static int prop_from(const struct fdt *f, int off)
{
	int next, tag;

	for (;;) {
		tag = fdt_next_tag(f, off, &next);
		if (tag < 0)
			return tag;
		if ((uint32_t)tag == FDT_PROP)
			return off;
		if ((uint32_t)tag != FDT_NOP)
			return FDT_ERR_NOTFOUND;
		off = next;
	}
}

/** First property of @node, FDT_ERR_NOTFOUND if none. */
int fdt_first_prop(const struct fdt *f, int node)
{
	int off = node_body(f, node);

	return off < 0 ? off : prop_from(f, off);
}

/** Property following @prop in the same node, FDT_ERR_NOTFOUND after the last. */
int fdt_next_prop(const struct fdt *f, int prop)
{
	int next, tag = fdt_next_tag(f, prop, &next);

	if (tag < 0)
		return tag;
	if ((uint32_t)tag != FDT_PROP)
		return FDT_ERR_BADOFFSET;
	return prop_from(f, next);
}

/**
 * Value of the property at handle @prop; its name in *@name and length in
 * *@len (either may be NULL). NULL with *@len = error for a bad handle.
 */
const void *fdt_prop_by_offset(const struct fdt *f, int prop, const char **name, int *len)
{
	const uint8_t *p;
	const char *pname;
	int next, tag = fdt_next_tag(f, prop, &next);

	if (tag >= 0 && (uint32_t)tag != FDT_PROP)
		tag = FDT_ERR_BADOFFSET;
	if (tag < 0) {
		if (len)
			*len = tag;
		return NULL;
	}
	p = struct_base(f) + prop;
	pname = string_at(f, be32_at(p + 8));
	if (!pname) {
		if (len)
			*len = FDT_ERR_BADOFFSET;
		return NULL;
	}
	if (name)
		*name = pname;
	if (len)
		*len = (int)be32_at(p + 4); /* < totalsize <= INT32_MAX, checked by next_tag */
	return p + 12;
}

/**
 * Value of property @name of @node, or NULL if absent. *@len (may be NULL)
 * gets the value length, or FDT_ERR_NOTFOUND / another error.
 */
const void *fdt_getprop(const struct fdt *f, int node, const char *name, int *len)
{
	int prop, plen;

	if (!name) {
		if (len)
			*len = FDT_ERR_BADVALUE;
		return NULL;
	}
	fdt_for_each_prop(f, node, prop) {
		const char *pname;
		const void *val = fdt_prop_by_offset(f, prop, &pname, &plen);

		if (!val) {
			prop = plen;
			break;
		}
		if (strcmp(pname, name) == 0) {
			if (len)
				*len = plen;
			return val;
		}
	}
	if (len)
		*len = prop;
	return NULL;
}

/** Whether @node has property @name. */
bool fdt_prop_exists(const struct fdt *f, int node, const char *name)
{
	return fdt_getprop(f, node, name, NULL) != NULL;
}

/** One-cell property as a u32; FDT_ERR_BADLENGTH unless exactly 4 bytes. */
int fdt_getprop_u32(const struct fdt *f, int node, const char *name, uint32_t *out)
{
	int len;
	const uint8_t *p = fdt_getprop(f, node, name, &len);

	if (!p)
		return len;
	if (len != 4)
		return FDT_ERR_BADLENGTH;
	*out = be32_at(p);
	return FDT_OK;
}

/** One- or two-cell property as a u64; FDT_ERR_BADLENGTH for other lengths. */
int fdt_getprop_u64(const struct fdt *f, int node, const char *name, uint64_t *out)
{
	int len;
	const uint8_t *p = fdt_getprop(f, node, name, &len);

	if (!p)
		return len;
	if (len == 8)
		*out = be64_at(p);
	else if (len == 4)
		*out = be32_at(p);
	else
		return FDT_ERR_BADLENGTH;
	return FDT_OK;
}

/** Property of exactly @cells (1 or 2) cells as a u64. */
int fdt_getprop_cells(const struct fdt *f, int node, const char *name, unsigned cells,
		      uint64_t *out)
{
	int len;
	const uint8_t *p;

	if (cells != 1 && cells != 2)
		return FDT_ERR_BADVALUE;
	p = fdt_getprop(f, node, name, &len);
	if (!p)
		return len;
	if ((unsigned)len != 4 * cells)
		return FDT_ERR_BADLENGTH;
	*out = cells == 2 ? be64_at(p) : be32_at(p);
	return FDT_OK;
}

/** String property (its first string), NULL if absent or not NUL-terminated. */
const char *fdt_getprop_string(const struct fdt *f, int node, const char *name)
{
	int len;
	const char *p = fdt_getprop(f, node, name, &len);

	if (!p || len <= 0 || !memchr(p, '\0', (size_t)len))
		return NULL;
	return p;
}

/** Whether the "a\0b\0" list of @len bytes contains @str. An unterminated tail is ignored. */
bool fdt_stringlist_contains(const char *list, int len, const char *str)
{
	size_t want;

	if (!list || !str || len <= 0)
		return false;
	want = strlen(str) + 1;
	while (len > 0) {
		const char *nul = memchr(list, '\0', (size_t)len);
		size_t n;

		if (!nul)
			return false;
		n = (size_t)(nul - list) + 1;
		if (n == want && memcmp(list, str, n) == 0)
			return true;
		list += n;
		len -= (int)n;
	}
	return false;
}

/** Whether @node's "compatible" list contains @compat. */
bool fdt_node_is_compatible(const struct fdt *f, int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(f, node, "compatible", &len);

	return p && fdt_stringlist_contains(p, len, compat);
}

/**
 * Next node after @after (-1: from the start) in depth-first order that is
 * compatible with @compat; FDT_ERR_NOTFOUND when there is none.
 */
int fdt_find_compatible(const struct fdt *f, int after, const char *compat)
{
	int off, next, tag;

	if (after < 0) {
		off = 0;
	} else {
		off = node_body(f, after);
		if (off < 0)
			return off;
	}
	for (;;) {
		tag = fdt_next_tag(f, off, &next);
		if (tag < 0)
			return tag;
		if ((uint32_t)tag == FDT_END)
			return FDT_ERR_NOTFOUND;
		if ((uint32_t)tag == FDT_BEGIN_NODE && fdt_node_is_compatible(f, off, compat))
			return off;
		off = next;
	}
}

static int cells_prop(const struct fdt *f, int node, const char *name, int dflt)
{
	uint32_t v = 0;
	int rc = fdt_getprop_u32(f, node, name, &v);

	if (rc == FDT_ERR_NOTFOUND)
		return dflt;
	if (rc < 0)
		return rc;
	return v > FDT_MAX_CELLS ? FDT_ERR_BADVALUE : (int)v;
}

/** #address-cells of @node (describing its children's reg), 2 if absent (DT spec 2.3.5). */
int fdt_address_cells(const struct fdt *f, int node)
{
	return cells_prop(f, node, "#address-cells", 2);
}

/** #size-cells of @node, 1 if absent (DT spec 2.3.5). */
int fdt_size_cells(const struct fdt *f, int node)
{
	return cells_prop(f, node, "#size-cells", 1);
}

/* "reg" of @node as entries of (@ac + @sc) cells; sets *p, returns the entry count. */
static int reg_entries(const struct fdt *f, int node, int ac, int sc, const uint8_t **p)
{
	int len;

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return FDT_ERR_BADVALUE;
	*p = fdt_getprop(f, node, "reg", &len);
	if (!*p)
		return len;
	if (len % (4 * (ac + sc)))
		return FDT_ERR_BADLENGTH;
	return len / (4 * (ac + sc));
}

/**
 * Number of (address, size) entries in @node's "reg", given the parent's
 * @ac address cells (1-2) and @sc size cells (0-2).
 */
int fdt_reg_count(const struct fdt *f, int node, int ac, int sc)
{
	const uint8_t *p;

	return reg_entries(f, node, ac, sc, &p);
}

static uint64_t read_cells(const uint8_t *p, int n)
{
	return n == 2 ? be64_at(p) : n == 1 ? be32_at(p) : 0;
}

/** Entry @idx of @node's "reg" into *@addr and *@size (either may be NULL). */
int fdt_get_reg(const struct fdt *f, int node, int ac, int sc, int idx, uint64_t *addr,
		uint64_t *size)
{
	const uint8_t *p;
	int count = reg_entries(f, node, ac, sc, &p);

	if (count < 0)
		return count;
	if (idx < 0 || idx >= count)
		return FDT_ERR_NOTFOUND;
	p += (size_t)idx * 4 * (size_t)(ac + sc);
	if (addr)
		*addr = read_cells(p, ac);
	if (size)
		*size = read_cells(p + 4 * ac, sc);
	return FDT_OK;
}

/** Number of memory reservation entries (not counting the terminator). */
int fdt_mem_rsv_count(const struct fdt *f)
{
	return (int)f->rsv_count;
}

/** Memory reservation entry @idx. */
int fdt_get_mem_rsv(const struct fdt *f, int idx, uint64_t *addr, uint64_t *size)
{
	const uint8_t *p;

	if (idx < 0 || (uint32_t)idx >= f->rsv_count)
		return FDT_ERR_NOTFOUND;
	p = f->blob + f->off_rsvmap + (size_t)idx * FDT_RSV_ENTRY_SIZE;
	if (addr)
		*addr = be64_at(p);
	if (size)
		*size = be64_at(p + 8);
	return FDT_OK;
}
