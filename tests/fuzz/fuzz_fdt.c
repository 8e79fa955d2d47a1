/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the device tree reader and writer (hyp/lib/fdt*.c).
 * The input is opened as a blob; when it validates, every node is visited
 * through the whole reader API (navigation, paths, properties, cells, reg,
 * compatible search, memory reservations) and copied with the writer, and
 * the copy must open again. Built by tests/fuzz/run-fuzz.sh.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/fdt.h>

static uint8_t out[1 << 17];

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_fdt: invariant broken: %s\n", what);
		abort();
	}
}

/* An earlier sibling of @child has the same name (its path then leads there). */
static bool dup_name(const struct fdt *f, int parent, int child)
{
	int c;

	fdt_for_each_child(f, parent, c) {
		if (c == child)
			return false;
		if (strcmp(fdt_node_name(f, c), fdt_node_name(f, child)) == 0)
			return true;
	}
	return false;
}

static void visit(const struct fdt *f, struct fdt_writer *w, int node, int depth,
		  bool odd_path)
{
	char path[512];
	int prop, child, len, ac, sc, n;
	uint64_t a, s;
	uint32_t v;
	const char *name = fdt_node_name(f, node);

	check(name != NULL, "node handle without a name");
	check(depth <= FDT_MAX_DEPTH, "depth beyond the limit");
	check(fdt_node_depth(f, node) == depth, "fdt_node_depth");
	/* A node's path leads back to it unless some name on the way is empty,
	 * contains a '/', or repeats an earlier sibling's name. */
	odd_path = odd_path || (depth > 1 && (!name[0] || strchr(name, '/')));
	if (!odd_path && fdt_node_path(f, node, path, sizeof(path)) == FDT_OK) {
		int found = fdt_path_offset(f, path);

		check(found == node, "path lookup did not find the node");
	}
	fdtw_begin_node(w, depth == 1 ? "" : name);
	fdt_for_each_prop(f, node, prop) {
		const char *pname;
		const void *val = fdt_prop_by_offset(f, prop, &pname, &len);

		check(val != NULL && len >= 0, "property handle from iteration");
		check(fdt_getprop(f, node, pname, &len) != NULL, "getprop of an iterated name");
		(void)fdtw_copy_prop(w, f, prop);
	}
	(void)fdt_getprop_u32(f, node, "#interrupt-cells", &v);
	(void)fdt_getprop_u64(f, node, "clock-frequency", &a);
	(void)fdt_getprop_cells(f, node, "memory", 2, &a);
	(void)fdt_getprop_string(f, node, "status");
	(void)fdt_node_is_compatible(f, node, "multiboot,module");
	ac = fdt_address_cells(f, node);
	sc = fdt_size_cells(f, node);
	fdt_for_each_child(f, node, child) {
		check(fdt_parent(f, child) == node, "parent of a child");
		n = fdt_reg_count(f, child, ac, sc);
		for (int i = 0; i < n && i < 16; i++)
			check(fdt_get_reg(f, child, ac, sc, i, &a, &s) == FDT_OK, "get_reg in range");
		visit(f, w, child, depth + 1, odd_path || dup_name(f, node, child));
	}
	fdtw_end_node(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "/", "/chosen", "/cpus/cpu@0", "/cpus/cpu",
					     "/memory", "serial0", "//a//b/", "/chosen/domU1" };
	/* Exact-size heap copy so ASan sees any overread. */
	uint8_t *blob = malloc(size ? size : 1);
	struct fdt f, g;
	struct fdt_writer w;
	size_t total;
	uint64_t a, s;
	int n, rc;

	memcpy(blob, data, size);
	if (fdt_open(&f, blob, size) != FDT_OK)
		goto out;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		(void)fdt_path_offset(&f, paths[i]);
	for (n = -1, rc = 0; rc < 64; rc++) {
		n = fdt_find_compatible(&f, n, "multiboot,module");
		if (n < 0)
			break;
	}
	fdtw_init(&w, out, sizeof(out));
	for (int i = 0; i < fdt_mem_rsv_count(&f); i++) {
		check(fdt_get_mem_rsv(&f, i, &a, &s) == FDT_OK, "mem_rsv in range");
		fdtw_add_mem_rsv(&w, a, s);
	}
	visit(&f, &w, fdt_root(&f), 1, false);
	/* The writer may refuse names the reader tolerates; if it accepts, the copy is valid. */
	if (fdtw_finish(&w, &total) == FDT_OK) {
		check(fdt_open(&g, out, total) == FDT_OK, "writer output reopens");
		check(g.size_struct <= f.size_struct, "copy not larger than original");
	}
out:
	free(blob);
	return 0;
}
