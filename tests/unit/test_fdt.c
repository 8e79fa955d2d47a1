/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the flattened device tree reader (hyp/lib/fdt.c) and writer
 * (hyp/lib/fdt_write.c). Reference blobs come from dtc, run at test time on
 * the .dts files in tests/unit/data (paths relative to the repository root;
 * run the test from there, as `make unit` does); malformed blobs are built
 * word by word. The writer is checked against dtc by decompiling both blobs
 * to .dts text and comparing.
 */
#include "unit.h"

#include <stdint.h>
#include <unistd.h>

#include <lib/fdt.h>

#define DATA_DIR "tests/unit/data/"
#define BLOB_MAX 16384

/* ------------------------------------------------------------ helpers */

static size_t run_to_buf(const char *cmd, uint8_t *out, size_t cap)
{
	FILE *p = popen(cmd, "r");
	size_t n;

	if (!p)
		return 0;
	n = fread(out, 1, cap, p);
	if (pclose(p) != 0)
		return 0;
	return n;
}

/* Compile tests/unit/data/@name with dtc (extra @opts); returns the blob size, 0 on failure. */
static size_t dtc_file(const char *name, const char *opts, uint8_t *out, size_t cap)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb %s -o - %s%s", opts, DATA_DIR, name);
	return run_to_buf(cmd, out, cap);
}

/* Decompile a blob to .dts text with dtc; returns the text length, 0 if dtc rejects it. */
static size_t dtb_to_dts(const uint8_t *blob, size_t len, char *out, size_t cap)
{
	char path[] = "/tmp/hospes-fdt-XXXXXX";
	char cmd[128];
	int fd = mkstemp(path);
	size_t n = 0;

	if (fd < 0)
		return 0;
	if (write(fd, blob, len) == (ssize_t)len) {
		snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts -o - %s", path);
		n = run_to_buf(cmd, (uint8_t *)out, cap - 1);
		out[n] = '\0';
	}
	close(fd);
	unlink(path);
	return n;
}

static uint8_t virt_dtb[BLOB_MAX];
static size_t virt_len;

static void open_virt(struct fdt *f)
{
	if (!virt_len)
		virt_len = dtc_file("fdt_virt.dts", "", virt_dtb, sizeof(virt_dtb));
	CHECK(virt_len > 0);
	CHECK_EQ(fdt_open(f, virt_dtb, virt_len), FDT_OK);
}

static int path(const struct fdt *f, const char *p)
{
	return fdt_path_offset(f, p);
}

static const char *name_at(const struct fdt *f, const char *p)
{
	int n = path(f, p);

	return n < 0 ? "<none>" : fdt_node_name(f, n);
}

/*
 * Walk every node and property through the whole API (used on mutated blobs:
 * the point is that ASan sees no bad access). Returns the node count.
 */
static int walk_all(const struct fdt *f, int node, int depth)
{
	char buf[64];
	int count = 1, child, prop, len, ac = 2, sc = 1;
	uint64_t a, s;
	uint32_t v32;

	if (depth > FDT_MAX_DEPTH + 1)
		return count;
	(void)fdt_node_name(f, node);
	(void)fdt_node_path(f, node, buf, sizeof(buf));
	(void)fdt_parent(f, node);
	fdt_for_each_prop(f, node, prop) {
		const char *pname;
		const void *val = fdt_prop_by_offset(f, prop, &pname, &len);

		if (val)
			(void)fdt_getprop(f, node, pname, &len);
	}
	(void)fdt_getprop_string(f, node, "compatible");
	(void)fdt_getprop_u32(f, node, "reg", &v32);
	(void)fdt_getprop_u64(f, node, "reg", &a);
	(void)fdt_node_is_compatible(f, node, "ns16550a");
	ac = fdt_address_cells(f, node);
	sc = fdt_size_cells(f, node);
	fdt_for_each_child(f, node, child) {
		int n = fdt_reg_count(f, child, ac, sc);

		for (int i = 0; i < n && i < 8; i++)
			(void)fdt_get_reg(f, child, ac, sc, i, &a, &s);
		count += walk_all(f, child, depth + 1);
	}
	return count;
}

/* ------------------------------------------------------------ reader on dtc output */

UNIT_TEST(fdt_open_dtc_blob)
{
	struct fdt f;

	open_virt(&f);
	CHECK_EQ(fdt_total_size(&f), virt_len);
	CHECK_EQ(f.version, 17);
	CHECK(fdt_root(&f) >= 0);
	CHECK(strcmp(fdt_node_name(&f, fdt_root(&f)), "") == 0);
	CHECK_EQ(walk_all(&f, fdt_root(&f), 1), 17);
	CHECK(strcmp(fdt_strerror(FDT_ERR_NOTFOUND), "not found") == 0);
}

UNIT_TEST(fdt_path_lookup)
{
	struct fdt f;
	int n;

	open_virt(&f);
	CHECK_EQ(path(&f, "/"), fdt_root(&f));
	CHECK(strcmp(name_at(&f, "/cpus/cpu@0"), "cpu@0") == 0);
	CHECK(strcmp(name_at(&f, "/cpus/cpu@1"), "cpu@1") == 0);
	CHECK(strcmp(name_at(&f, "/chosen/domU1/module@43000000"), "module@43000000") == 0);
	CHECK(strcmp(name_at(&f, "//chosen//domU1/"), "domU1") == 0);
	/* A unit-less component matches a unique "name@unit" child... */
	CHECK(strcmp(name_at(&f, "/memory"), "memory@40000000") == 0);
	CHECK(strcmp(name_at(&f, "/intc"), "intc@8000000") == 0);
	/* ...but not an ambiguous one, and never when the component has a unit. */
	CHECK_EQ(path(&f, "/cpus/cpu"), FDT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/soc/uart"), FDT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/cpus/cpu@2"), FDT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/memory@4"), FDT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/chos"), FDT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "/chosen/domU1/module@42000000/x"), FDT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, ""), FDT_ERR_BADVALUE);
	/* Aliases. */
	CHECK(strcmp(name_at(&f, "serial0"), "pl011@9000000") == 0);
	CHECK(strcmp(name_at(&f, "domu/module@42000000"), "module@42000000") == 0);
	CHECK_EQ(path(&f, "nosuchalias"), FDT_ERR_NOTFOUND);
	CHECK_EQ(path(&f, "serial"), FDT_ERR_NOTFOUND);

	n = path(&f, "/chosen");
	CHECK(strcmp(fdt_node_name(&f, fdt_subnode(&f, n, "domU1")), "domU1") == 0);
	CHECK_EQ(fdt_subnode(&f, n, "domU"), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_subnode(&f, n, NULL), FDT_ERR_BADVALUE);
}

UNIT_TEST(fdt_navigation)
{
	static const char *const root_children[] = {
		"aliases", "cpus", "memory@40000000", "pl011@9000000", "intc@8000000", "soc",
		"chosen",
	};
	struct fdt f;
	char buf[64];
	int child, i = 0, m, domu;

	open_virt(&f);
	fdt_for_each_child(&f, fdt_root(&f), child) {
		CHECK(i < (int)ARRAY_SIZE(root_children));
		if (i < (int)ARRAY_SIZE(root_children))
			CHECK(strcmp(fdt_node_name(&f, child), root_children[i]) == 0);
		CHECK_EQ(fdt_parent(&f, child), fdt_root(&f));
		i++;
	}
	CHECK_EQ(i, ARRAY_SIZE(root_children));
	CHECK_EQ(child, FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_first_child(&f, path(&f, "/cpus/cpu@0")), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(&f, path(&f, "/chosen")), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(&f, fdt_root(&f)), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_parent(&f, fdt_root(&f)), FDT_ERR_NOTFOUND);

	m = path(&f, "/chosen/domU1/module@42000000");
	domu = path(&f, "/chosen/domU1");
	CHECK_EQ(fdt_parent(&f, m), domu);
	CHECK_EQ(fdt_parent(&f, domu), path(&f, "/chosen"));
	CHECK_EQ(fdt_node_depth(&f, m), 4);
	CHECK_EQ(fdt_node_depth(&f, fdt_root(&f)), 1);

	CHECK_EQ(fdt_node_path(&f, m, buf, sizeof(buf)), FDT_OK);
	CHECK(strcmp(buf, "/chosen/domU1/module@42000000") == 0);
	CHECK_EQ(fdt_node_path(&f, fdt_root(&f), buf, sizeof(buf)), FDT_OK);
	CHECK(strcmp(buf, "/") == 0);
	CHECK_EQ(fdt_node_path(&f, m, buf, 14), FDT_ERR_NOSPACE);
	CHECK(strcmp(buf, "/chosen/domU1") == 0);
	CHECK_EQ(fdt_node_path(&f, m, buf, 16), FDT_ERR_NOSPACE);
	CHECK(strcmp(buf, "/chosen/domU1/m") == 0);
	CHECK_EQ(fdt_node_path(&f, domu, buf, 14), FDT_OK);
	CHECK(strcmp(buf, "/chosen/domU1") == 0);
	CHECK_EQ(fdt_node_path(&f, domu, buf, 13), FDT_ERR_NOSPACE);
	CHECK(strcmp(buf, "/chosen/domU") == 0);
	CHECK_EQ(fdt_node_path(&f, domu, buf, 1), FDT_ERR_NOSPACE);
	CHECK(strcmp(buf, "") == 0);
	CHECK_EQ(fdt_node_path(&f, fdt_root(&f), buf, 1), FDT_ERR_NOSPACE);
}

UNIT_TEST(fdt_properties)
{
	struct fdt f;
	int chosen, domu, cpu0, prop, len, i = 0;
	const char *s;
	uint32_t v32 = 0;
	uint64_t v64 = 0;
	static const char *const cpu_props[] = { "device_type", "compatible", "reg",
						 "enable-method" };

	open_virt(&f);
	chosen = path(&f, "/chosen");
	domu = path(&f, "/chosen/domU1");
	cpu0 = path(&f, "/cpus/cpu@0");

	s = fdt_getprop_string(&f, chosen, "bootargs");
	CHECK(s && strcmp(s, "console=hvc0") == 0);
	CHECK(fdt_getprop(&f, chosen, "missing", &len) == NULL);
	CHECK_EQ(len, FDT_ERR_NOTFOUND);
	CHECK(!fdt_prop_exists(&f, chosen, "missing"));
	CHECK(!fdt_prop_exists(&f, chosen, "bootarg"));
	/* Present but unterminated / empty: no string. */
	CHECK(fdt_getprop(&f, chosen, "odd-string", &len) != NULL);
	CHECK_EQ(len, 3);
	CHECK(fdt_getprop_string(&f, chosen, "odd-string") == NULL);
	CHECK(fdt_prop_exists(&f, chosen, "empty"));
	CHECK(fdt_getprop(&f, chosen, "empty", &len) != NULL);
	CHECK_EQ(len, 0);
	CHECK(fdt_getprop_string(&f, chosen, "empty") == NULL);
	CHECK(fdt_prop_exists(&f, domu, "vpl011"));

	CHECK_EQ(fdt_getprop_u32(&f, domu, "cpus", &v32), FDT_OK);
	CHECK_EQ(v32, 2);
	CHECK_EQ(fdt_getprop_u32(&f, domu, "memory", &v32), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_getprop_u32(&f, domu, "nope", &v32), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_getprop_u64(&f, domu, "memory", &v64), FDT_OK);
	CHECK_EQ(v64, 0x20000);
	CHECK_EQ(fdt_getprop_u64(&f, domu, "cpus", &v64), FDT_OK);
	CHECK_EQ(v64, 2);
	CHECK_EQ(fdt_getprop_u64(&f, chosen, "odd-string", &v64), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_getprop_u64(&f, chosen, "empty", &v64), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_getprop_cells(&f, domu, "memory", 2, &v64), FDT_OK);
	CHECK_EQ(v64, 0x20000);
	CHECK_EQ(fdt_getprop_cells(&f, domu, "memory", 1, &v64), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_getprop_cells(&f, domu, "cpus", 1, &v64), FDT_OK);
	CHECK_EQ(v64, 2);
	CHECK_EQ(fdt_getprop_cells(&f, domu, "cpus", 2, &v64), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_getprop_cells(&f, domu, "cpus", 3, &v64), FDT_ERR_BADVALUE);

	fdt_for_each_prop(&f, cpu0, prop) {
		const char *name;

		CHECK(fdt_prop_by_offset(&f, prop, &name, &len) != NULL);
		CHECK(i < 4);
		if (i < 4)
			CHECK(strcmp(name, cpu_props[i]) == 0);
		i++;
	}
	CHECK_EQ(i, 4);
	CHECK_EQ(prop, FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_first_prop(&f, path(&f, "/aliases")) >= 0, 1);
}

UNIT_TEST(fdt_compatible)
{
	struct fdt f;
	int n, pl011;

	open_virt(&f);
	pl011 = path(&f, "/pl011@9000000");
	CHECK(fdt_node_is_compatible(&f, pl011, "arm,pl011"));
	CHECK(fdt_node_is_compatible(&f, pl011, "arm,primecell"));
	CHECK(!fdt_node_is_compatible(&f, pl011, "arm,pl01"));
	CHECK(!fdt_node_is_compatible(&f, pl011, "arm,pl0111"));
	CHECK(!fdt_node_is_compatible(&f, pl011, ""));
	CHECK(!fdt_node_is_compatible(&f, path(&f, "/chosen"), "arm,pl011"));

	CHECK(fdt_stringlist_contains("a\0bc\0", 5, "bc"));
	CHECK(!fdt_stringlist_contains("a\0bc\0", 5, "b"));
	CHECK(!fdt_stringlist_contains("a\0bc", 4, "bc")); /* unterminated tail */
	CHECK(!fdt_stringlist_contains("a\0", 0, "a"));
	CHECK(!fdt_stringlist_contains("a\0", -1, "a"));
	CHECK(fdt_stringlist_contains("\0a\0", 3, ""));

	n = fdt_find_compatible(&f, -1, "multiboot,module");
	CHECK(strcmp(fdt_node_name(&f, n), "module@42000000") == 0);
	n = fdt_find_compatible(&f, n, "multiboot,module");
	CHECK(strcmp(fdt_node_name(&f, n), "module@43000000") == 0);
	CHECK_EQ(fdt_find_compatible(&f, n, "multiboot,module"), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_find_compatible(&f, -1, "linux,dummy-virt"), fdt_root(&f));
	n = fdt_find_compatible(&f, -1, "ns16550a");
	CHECK(strcmp(fdt_node_name(&f, n), "uart@1000") == 0);
	n = fdt_find_compatible(&f, n, "ns16550a");
	CHECK(strcmp(fdt_node_name(&f, n), "uart@2000") == 0);
	/* Depth first: searching after /soc finds its children. */
	CHECK_EQ(fdt_find_compatible(&f, path(&f, "/soc"), "ns16550a"), path(&f, "/soc/uart@1000"));
	CHECK_EQ(fdt_find_compatible(&f, -1, "no,such"), FDT_ERR_NOTFOUND);
}

UNIT_TEST(fdt_cells_and_reg)
{
	struct fdt f;
	int cpus, mem, soc;
	uint64_t a = 0, s = 0;

	open_virt(&f);
	cpus = path(&f, "/cpus");
	mem = path(&f, "/memory");
	soc = path(&f, "/soc");
	CHECK_EQ(fdt_address_cells(&f, fdt_root(&f)), 2);
	CHECK_EQ(fdt_size_cells(&f, fdt_root(&f)), 2);
	CHECK_EQ(fdt_address_cells(&f, cpus), 1);
	CHECK_EQ(fdt_size_cells(&f, cpus), 0);
	CHECK_EQ(fdt_address_cells(&f, mem), 2); /* absent: spec defaults */
	CHECK_EQ(fdt_size_cells(&f, mem), 1);
	CHECK_EQ(fdt_address_cells(&f, path(&f, "/soc/bad-cells")), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_size_cells(&f, path(&f, "/soc/bad-cells")), FDT_ERR_BADVALUE);

	/* Two cells each, two entries. */
	CHECK_EQ(fdt_reg_count(&f, mem, 2, 2), 2);
	CHECK_EQ(fdt_get_reg(&f, mem, 2, 2, 0, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x40000000);
	CHECK_EQ(s, 0x80000000);
	CHECK_EQ(fdt_get_reg(&f, mem, 2, 2, 1, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x100000000ULL);
	CHECK_EQ(s, 0x200000000ULL);
	CHECK_EQ(fdt_get_reg(&f, mem, 2, 2, 2, &a, &s), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_get_reg(&f, mem, 2, 2, -1, &a, &s), FDT_ERR_NOTFOUND);
	/* The same 32 bytes read as 1+1 cells give four entries. */
	CHECK_EQ(fdt_reg_count(&f, mem, 1, 1), 4);
	CHECK_EQ(fdt_reg_count(&f, mem, 2, 1), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_reg_count(&f, mem, 3, 1), FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg_count(&f, mem, 0, 1), FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_reg_count(&f, mem, 1, 3), FDT_ERR_BADVALUE);

	/* One cell each. */
	CHECK_EQ(fdt_reg_count(&f, path(&f, "/soc/uart@2000"), 1, 1), 2);
	CHECK_EQ(fdt_get_reg(&f, path(&f, "/soc/uart@2000"), 1, 1, 1, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x3000);
	CHECK_EQ(s, 0x10);
	CHECK_EQ(fdt_reg_count(&f, path(&f, "/soc/bad-reg"), 1, 1), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_get_reg(&f, path(&f, "/soc/bad-reg"), 1, 1, 0, &a, &s), FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_reg_count(&f, soc, 1, 1), FDT_ERR_NOTFOUND);

	/* Zero size cells (cpus). */
	CHECK_EQ(fdt_get_reg(&f, path(&f, "/cpus/cpu@1"), 1, 0, 0, &a, &s), FDT_OK);
	CHECK_EQ(a, 1);
	CHECK_EQ(s, 0);
}

UNIT_TEST(fdt_mem_rsv)
{
	struct fdt f;
	uint64_t a = 0, s = 0;

	open_virt(&f);
	CHECK_EQ(fdt_mem_rsv_count(&f), 2);
	CHECK_EQ(fdt_get_mem_rsv(&f, 0, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x48000000);
	CHECK_EQ(s, 0x100000);
	CHECK_EQ(fdt_get_mem_rsv(&f, 1, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x123456789aULL);
	CHECK_EQ(s, 0x2000);
	CHECK_EQ(fdt_get_mem_rsv(&f, 2, &a, &s), FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_get_mem_rsv(&f, -1, &a, &s), FDT_ERR_NOTFOUND);
}

UNIT_TEST(fdt_bad_handles)
{
	struct fdt f;
	char buf[32];
	int len, prop, chosen;

	open_virt(&f);
	chosen = path(&f, "/chosen");
	prop = fdt_first_prop(&f, chosen);
	CHECK(prop >= 0);
	CHECK(fdt_node_name(&f, prop) == NULL);
	CHECK(fdt_node_name(&f, 2) == NULL);
	CHECK(fdt_node_name(&f, -4) == NULL);
	CHECK_EQ(fdt_first_child(&f, prop), FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_first_child(&f, 1 << 28), FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_next_sibling(&f, -1), FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_parent(&f, prop), FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_node_path(&f, prop, buf, sizeof(buf)), FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_next_prop(&f, chosen), FDT_ERR_BADOFFSET);
	CHECK(fdt_prop_by_offset(&f, chosen, NULL, &len) == NULL);
	CHECK_EQ(len, FDT_ERR_BADOFFSET);
	CHECK(fdt_getprop(&f, prop, "bootargs", &len) == NULL);
	CHECK_EQ(len, FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_find_compatible(&f, prop, "x"), FDT_ERR_BADOFFSET);

	/* Every 4-aligned offset as a handle: no crash, and only real nodes have names. */
	for (int off = -8; off < (int)f.size_struct + 8; off += 4) {
		int prev = fdt_parent(&f, off);

		(void)fdt_first_child(&f, off);
		(void)fdt_next_sibling(&f, off);
		(void)fdt_node_path(&f, off, buf, sizeof(buf));
		(void)fdt_getprop(&f, off, "reg", &len);
		(void)fdt_prop_by_offset(&f, off, NULL, &len);
		(void)fdt_next_prop(&f, off);
		(void)fdt_address_cells(&f, off);
		(void)fdt_find_compatible(&f, off, "ns16550a");
		if (prev >= 0 || prev == FDT_ERR_NOTFOUND)
			CHECK(fdt_node_name(&f, off) != NULL);
	}

	/* An unopened (or failed) struct fdt is inert. */
	CHECK_EQ(fdt_open(&f, "junk", 4), FDT_ERR_BADMAGIC);
	CHECK(fdt_root(&f) < 0);
	CHECK_EQ(fdt_path_offset(&f, "/"), FDT_ERR_BADMAGIC);
	CHECK_EQ(fdt_first_child(&f, 0), FDT_ERR_BADOFFSET);
	CHECK_EQ(fdt_mem_rsv_count(&f), 0);
}

UNIT_TEST(fdt_unaligned_and_v16)
{
	static uint8_t buf[BLOB_MAX + 8];
	struct fdt f, g;
	uint64_t a = 0, s = 0;
	size_t n;

	open_virt(&f);
	for (int shift = 1; shift < 8; shift++) {
		memcpy(buf + shift, virt_dtb, virt_len);
		CHECK_EQ(fdt_open(&g, buf + shift, virt_len), FDT_OK);
		CHECK_EQ(fdt_get_reg(&g, fdt_path_offset(&g, "/memory"), 2, 2, 1, &a, &s), FDT_OK);
		CHECK_EQ(a, 0x100000000ULL);
		CHECK_EQ(fdt_get_mem_rsv(&g, 1, &a, &s), FDT_OK);
		CHECK_EQ(a, 0x123456789aULL);
	}

	n = dtc_file("fdt_virt.dts", "-V 16", buf, sizeof(buf));
	CHECK(n > 0);
	CHECK_EQ(fdt_open(&g, buf, n), FDT_OK);
	CHECK_EQ(g.version, 16);
	CHECK_EQ(walk_all(&g, fdt_root(&g), 1), 17);
	CHECK_EQ(g.size_struct, f.size_struct);
	CHECK_EQ(fdt_get_reg(&g, fdt_path_offset(&g, "/soc/uart@2000"), 1, 1, 1, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x3000);

	/* Padding after the strings block (dtc -p) is fine. */
	n = dtc_file("fdt_virt.dts", "-p 1000", buf, sizeof(buf));
	CHECK(n > virt_len);
	CHECK_EQ(fdt_open(&g, buf, n), FDT_OK);
	CHECK_EQ(walk_all(&g, fdt_root(&g), 1), 17);
}

/* Every prefix of the blob, in a buffer of exactly that size: TRUNCATED, no overread. */
UNIT_TEST(fdt_truncated_prefixes)
{
	struct fdt f;

	open_virt(&f);
	for (size_t n = 0; n < virt_len; n++) {
		uint8_t *b = malloc(n ? n : 1);
		int rc;

		memcpy(b, virt_dtb, n);
		rc = fdt_open(&f, b, n);
		CHECK_EQ(rc, FDT_ERR_TRUNCATED);
		free(b);
	}
	CHECK_EQ(fdt_open(&f, NULL, 100), FDT_ERR_TRUNCATED);
}

/* Flip every byte (and a few bit patterns): the blob is rejected or fully walkable. */
UNIT_TEST(fdt_mutations)
{
	static const uint8_t xors[] = { 0xff, 0x01, 0x80 };
	struct fdt f;
	uint8_t *b = malloc(BLOB_MAX);
	int ok = 0;

	open_virt(&f);
	for (size_t x = 0; x < sizeof(xors); x++) {
		for (size_t i = 0; i < virt_len; i++) {
			memcpy(b, virt_dtb, virt_len);
			b[i] ^= xors[x];
			if (fdt_open(&f, b, virt_len) == FDT_OK) {
				ok++;
				walk_all(&f, fdt_root(&f), 1);
			}
		}
	}
	CHECK(ok > 0); /* flips inside property values are harmless */
	free(b);
}

/* ------------------------------------------------------------ hand-made malformed blobs */

#define W(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define HDR 40
#define RSV 40 /* rsvmap offset; struct starts at RSV + 16 */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Assemble header + empty rsvmap + @nst struct words + @nstr bytes of strings
 * into @b; returns totalsize. Header fields can then be patched with put32.
 */
static size_t mk_blob(uint8_t *b, const uint32_t *st, size_t nst, const char *str, size_t nstr)
{
	size_t off_st = RSV + 16, off_str = off_st + 4 * nst, total = off_str + nstr;

	memset(b, 0, total);
	for (size_t i = 0; i < nst; i++)
		put32(b + off_st + 4 * i, st[i]);
	memcpy(b + off_str, str, nstr);
	put32(b + 0, FDT_MAGIC);
	put32(b + 4, (uint32_t)total);
	put32(b + 8, (uint32_t)off_st);
	put32(b + 12, (uint32_t)off_str);
	put32(b + 16, RSV);
	put32(b + 20, 17);
	put32(b + 24, 16);
	put32(b + 32, (uint32_t)nstr);
	put32(b + 36, (uint32_t)(4 * nst));
	return total;
}

/* Open a struct-only blob in an exactly-sized heap buffer (so ASan sees overreads). */
static int open_words(const uint32_t *st, size_t nst, const char *str, size_t nstr)
{
	uint8_t tmp[4096];
	size_t n = mk_blob(tmp, st, nst, str, nstr);
	uint8_t *b = malloc(n);
	struct fdt f;
	int rc;

	memcpy(b, tmp, n);
	rc = fdt_open(&f, b, n);
	if (rc == FDT_OK)
		walk_all(&f, fdt_root(&f), 1);
	free(b);
	return rc;
}

#define OPEN_WORDS(strs, ...)                                                         \
	({                                                                            \
		static const uint32_t _w[] = { __VA_ARGS__ };                         \
		open_words(_w, ARRAY_SIZE(_w), strs, sizeof(strs) - 1);               \
	})

#define B FDT_BEGIN_NODE
#define E FDT_END_NODE
#define P FDT_PROP
#define N FDT_NOP
#define END FDT_END

UNIT_TEST(fdt_bad_struct_block)
{
	/* The minimal valid blob and variants of it that are still valid. */
	CHECK_EQ(OPEN_WORDS("", B, 0, E, END), FDT_OK);
	CHECK_EQ(OPEN_WORDS("", N, B, 0, N, E, N, END), FDT_OK);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 4, 0, 7, B, W('a', 0, 0, 0), E, E, END), FDT_OK);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 3, 0, W(1, 2, 3, 0), E, END), FDT_OK);

	/* Unbalanced nodes, missing or early FDT_END, stray tokens. */
	CHECK_EQ(OPEN_WORDS("", B, 0, END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", B, 0, E, E, END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", B, 0, E), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", B, 0, B, W('a', 0, 0, 0), E, E), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", N, N), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", B, 0, 5, E, END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", B, 0, 0, E, END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", B, 0, E, B, 0, E, END), FDT_ERR_BADSTRUCTURE); /* two roots */
	/* Property outside any node, or after a subnode. */
	CHECK_EQ(OPEN_WORDS("reg\0", P, 0, 0, B, 0, E, END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, E, P, 0, 0, END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, B, W('a', 0, 0, 0), E, P, 0, 0, E, END),
		 FDT_ERR_BADSTRUCTURE);

	/* Unterminated node name (runs to the end of the block). */
	CHECK_EQ(OPEN_WORDS("", B, W('a', 'b', 'c', 'd')), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("", B, 0, B, W('a', 'b', 'c', 'd'), W('e', 'f', 'g', 'h')),
		 FDT_ERR_BADSTRUCTURE);
	/* Node name whose padding runs past the block end. */
	CHECK_EQ(OPEN_WORDS("", B), FDT_ERR_BADSTRUCTURE);

	/* Property header or value running off the block. */
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 4), FDT_ERR_TRUNCATED);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 4, 0), FDT_ERR_BADLENGTH);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 16, 0, 1, E, END), FDT_ERR_BADLENGTH);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 0xfffffffc, 0, E, END), FDT_ERR_BADLENGTH);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 0xffffffff, 0, E, END), FDT_ERR_BADLENGTH);

	/* Property name offset outside the strings block, or unterminated there. */
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 0, 4, E, END), FDT_ERR_BADOFFSET);
	CHECK_EQ(OPEN_WORDS("reg\0", B, 0, P, 0, 0x80000000, E, END), FDT_ERR_BADOFFSET);
	CHECK_EQ(OPEN_WORDS("", B, 0, P, 0, 0, E, END), FDT_ERR_BADOFFSET);
	CHECK_EQ(OPEN_WORDS("reg", B, 0, P, 0, 0, E, END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("reg\0abc", B, 0, P, 0, 4, E, END), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(OPEN_WORDS("reg\0abc", B, 0, P, 0, 1, E, END), FDT_OK); /* "eg" */
}

UNIT_TEST(fdt_depth_limit)
{
	uint32_t w[2 * 70 + 80];
	size_t n;

	for (int depth = 63; depth <= 66; depth++) {
		n = 0;
		w[n++] = B;
		w[n++] = 0;
		for (int i = 1; i < depth; i++) {
			w[n++] = B;
			w[n++] = W('n', 0, 0, 0);
		}
		for (int i = 0; i < depth; i++)
			w[n++] = E;
		w[n++] = END;
		CHECK_EQ(open_words(w, n, "", 0), depth <= FDT_MAX_DEPTH ? FDT_OK : FDT_ERR_DEPTH);
	}
}

UNIT_TEST(fdt_bad_header)
{
	static const uint32_t st[] = { B, 0, P, 4, 0, 42, E, END };
	uint8_t b[256], c[256];
	size_t n = mk_blob(b, st, ARRAY_SIZE(st), "reg\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 20);
	struct fdt f;

#define TRY(off, val, expect)                                                          \
	do {                                                                           \
		memcpy(c, b, n);                                                       \
		put32(c + (off), (val));                                               \
		CHECK_EQ(fdt_open(&f, c, n), (expect));                                \
	} while (0)

	CHECK_EQ(fdt_open(&f, b, n), FDT_OK);
	CHECK_EQ(fdt_open(&f, b, sizeof(b)), FDT_OK); /* larger buffer than totalsize */
	TRY(0, 0xedfe0dd0, FDT_ERR_BADMAGIC);
	TRY(0, 0, FDT_ERR_BADMAGIC);
	/* Versions. */
	TRY(20, 15, FDT_ERR_BADVERSION);
	TRY(20, 1, FDT_ERR_BADVERSION);
	TRY(24, 18, FDT_ERR_BADVERSION);
	TRY(20, 18, FDT_OK); /* newer, but backwards compatible with 16 */
	/* totalsize. */
	TRY(4, (uint32_t)n + 1, FDT_ERR_TRUNCATED);
	TRY(4, 0xffffffff, FDT_ERR_TRUNCATED);
	TRY(4, 39, FDT_ERR_BADLENGTH);
	TRY(4, 0, FDT_ERR_BADLENGTH);
	CHECK_EQ(fdt_open(&f, b, 39), FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_open(&f, b, 3), FDT_ERR_TRUNCATED);
	/* Block offsets and sizes beyond totalsize, overflowing, misaligned, or in the header. */
	TRY(8, (uint32_t)n, FDT_ERR_BADOFFSET);
	TRY(8, 0xfffffffc, FDT_ERR_BADOFFSET);
	TRY(8, 58, FDT_ERR_BADOFFSET);
	TRY(8, 0, FDT_ERR_BADOFFSET);
	TRY(36, 4 * ARRAY_SIZE(st) + 21, FDT_ERR_BADOFFSET);
	TRY(36, 0xfffffff0, FDT_ERR_BADOFFSET);
	TRY(12, (uint32_t)n - 19, FDT_ERR_BADOFFSET);
	TRY(12, 0xffffffff, FDT_ERR_BADOFFSET);
	TRY(12, 4, FDT_ERR_BADOFFSET);
	TRY(32, 21, FDT_ERR_BADOFFSET);
	TRY(32, 0xffffffff, FDT_ERR_BADOFFSET);
	TRY(16, (uint32_t)n, FDT_ERR_BADOFFSET);
	TRY(16, 0, FDT_ERR_BADOFFSET);
	/* Struct size too small to reach FDT_END. */
	TRY(36, 4 * ARRAY_SIZE(st) - 4, FDT_ERR_BADSTRUCTURE);
	TRY(36, 0, FDT_ERR_BADSTRUCTURE);
	/* Overlapping blocks: strings over struct, rsvmap over strings, rsvmap over struct. */
	TRY(12, RSV + 16 + 8, FDT_ERR_BADOFFSET);
	TRY(16, (uint32_t)n - 16, FDT_ERR_BADOFFSET);
	{
		/* rsvmap inside a 16-byte zero property value: found, then rejected. */
		static const uint32_t st2[] = { B, 0, P, 16, 0, 0, 0, 0, 0, E, END };
		uint8_t d[256];
		size_t m = mk_blob(d, st2, ARRAY_SIZE(st2), "reg", 4);

		CHECK_EQ(fdt_open(&f, d, m), FDT_OK);
		put32(d + 16, RSV + 16 + 20);
		CHECK_EQ(fdt_open(&f, d, m), FDT_ERR_BADOFFSET);
	}

	/* Memory reservation map without terminator. */
	memcpy(c, b, n);
	put32(c + RSV + 4, 1);
	put32(c + 16, (uint32_t)n - 20);
	CHECK_EQ(fdt_open(&f, c, n), FDT_ERR_TRUNCATED);
	/* ... and a proper entry inside a larger map region. */
	{
		uint8_t d[300];
		size_t m;

		memset(d, 0, sizeof(d));
		memcpy(d, b, HDR);
		put32(d + RSV + 4, 0x1000);
		put32(d + RSV + 12, 0x2000);
		memcpy(d + RSV + 32, b + RSV + 16, n - RSV - 16);
		m = n + 16;
		put32(d + 4, (uint32_t)m);
		put32(d + 8, RSV + 32);
		put32(d + 12, get32(b + 12) + 16);
		CHECK_EQ(fdt_open(&f, d, m), FDT_OK);
		CHECK_EQ(fdt_mem_rsv_count(&f), 1);
		/* Struct block starting inside the map. */
		put32(d + 8, RSV + 16);
		put32(d + 36, 4 * ARRAY_SIZE(st) + 16);
		CHECK_EQ(fdt_open(&f, d, m), FDT_ERR_BADSTRUCTURE);
	}
#undef TRY
}

/* ------------------------------------------------------------ writer */

/* Build a small guest-like tree; returns fdtw_finish()'s result. */
static int build_guest(void *buf, size_t cap, size_t *total)
{
	static const char *const compat[] = { "multiboot,kernel", "multiboot,module" };
	static const uint64_t mem[] = { 0x40000000, 0x10000000, 0x200000000ULL, 0x80000000 };
	static const uint64_t uart[] = { 0x9000000, 0x1000 };
	static const uint32_t intr[] = { 0, 1, 4 };
	struct fdt_writer w;

	fdtw_init(&w, buf, cap);
	fdtw_add_mem_rsv(&w, 0x48000000, 0x1000);
	fdtw_begin_node(&w, "");
	fdtw_prop_u32(&w, "#address-cells", 2);
	fdtw_prop_u32(&w, "#size-cells", 2);
	fdtw_prop_string(&w, "compatible", "xen,xenvm-4.17");
	fdtw_begin_node(&w, "chosen");
	fdtw_prop_string(&w, "bootargs", "console=hvc0");
	fdtw_prop_empty(&w, "xen,enhanced");
	fdtw_begin_node(&w, "module@1000");
	fdtw_prop_strings(&w, "compatible", compat, 2);
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "memory@40000000");
	fdtw_prop_string(&w, "device_type", "memory");
	fdtw_prop_reg(&w, "reg", 2, 2, mem, 2);
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "soc");
	fdtw_prop_u32(&w, "#address-cells", 1);
	fdtw_prop_u32(&w, "#size-cells", 1);
	fdtw_begin_node(&w, "uart@9000000");
	fdtw_prop_reg(&w, "reg", 1, 1, uart, 1);
	fdtw_prop_cells(&w, "interrupts", intr, 3);
	fdtw_prop_u64(&w, "clock", 0x123456789abcdefULL);
	fdtw_prop(&w, "raw", "\x01\x02\x03", 3);
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	return fdtw_finish(&w, total);
}

static const char guest_dts[] =
	"/dts-v1/;\n\n"
	"/memreserve/\t0x0000000048000000 0x0000000000001000;\n"
	"/ {\n"
	"\t#address-cells = <0x02>;\n"
	"\t#size-cells = <0x02>;\n"
	"\tcompatible = \"xen,xenvm-4.17\";\n\n"
	"\tchosen {\n"
	"\t\tbootargs = \"console=hvc0\";\n"
	"\t\txen,enhanced;\n\n"
	"\t\tmodule@1000 {\n"
	"\t\t\tcompatible = \"multiboot,kernel\\0multiboot,module\";\n"
	"\t\t};\n"
	"\t};\n\n"
	"\tmemory@40000000 {\n"
	"\t\tdevice_type = \"memory\";\n"
	"\t\treg = <0x00 0x40000000 0x00 0x10000000 0x02 0x00 0x00 0x80000000>;\n"
	"\t};\n\n"
	"\tsoc {\n"
	"\t\t#address-cells = <0x01>;\n"
	"\t\t#size-cells = <0x01>;\n\n"
	"\t\tuart@9000000 {\n"
	"\t\t\treg = <0x9000000 0x1000>;\n"
	"\t\t\tinterrupts = <0x00 0x01 0x04>;\n"
	"\t\t\tclock = <0x1234567 0x89abcdef>;\n"
	"\t\t\traw = [01 02 03];\n"
	"\t\t};\n"
	"\t};\n"
	"};\n";

UNIT_TEST(fdtw_builds_valid_blob)
{
	static uint8_t buf[4096];
	static char text[8192];
	struct fdt f;
	size_t total = 0;
	uint64_t a = 0, s = 0;
	int uart;

	CHECK_EQ(build_guest(buf, sizeof(buf), &total), FDT_OK);
	CHECK(total > 40 && total < sizeof(buf));
	CHECK_EQ(fdt_open(&f, buf, total), FDT_OK);
	CHECK_EQ(fdt_total_size(&f), total);
	CHECK_EQ(f.version, 17);
	CHECK_EQ(fdt_mem_rsv_count(&f), 1);
	CHECK_EQ(fdt_get_mem_rsv(&f, 0, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x48000000);
	CHECK_EQ(s, 0x1000);
	CHECK_EQ(fdt_get_reg(&f, fdt_path_offset(&f, "/memory"), 2, 2, 1, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x200000000ULL);
	CHECK_EQ(s, 0x80000000);
	uart = fdt_path_offset(&f, "/soc/uart@9000000");
	CHECK_EQ(fdt_get_reg(&f, uart, 1, 1, 0, &a, &s), FDT_OK);
	CHECK_EQ(a, 0x9000000);
	CHECK_EQ(fdt_getprop_u64(&f, uart, "clock", &a), FDT_OK);
	CHECK_EQ(a, 0x123456789abcdefULL);
	CHECK(fdt_node_is_compatible(&f, fdt_path_offset(&f, "/chosen/module"), "multiboot,module"));
	CHECK(fdt_prop_exists(&f, fdt_path_offset(&f, "/chosen"), "xen,enhanced"));

	/* dtc accepts it and sees exactly the tree we meant. */
	CHECK(dtb_to_dts(buf, total, text, sizeof(text)) > 0);
	CHECK(strcmp(text, guest_dts) == 0);
	if (strcmp(text, guest_dts) != 0)
		fprintf(stderr, "dtc decompiled:\n%s", text);
}

UNIT_TEST(fdtw_dedups_names)
{
	static uint8_t buf[4096];
	struct fdt f;
	size_t total = 0;
	int hits = 0;

	CHECK_EQ(build_guest(buf, sizeof(buf), &total), FDT_OK);
	CHECK_EQ(fdt_open(&f, buf, total), FDT_OK);
	/* "#address-cells", "compatible", "reg" are used twice but stored once. */
	for (uint32_t i = 0; i + 4 <= f.size_strings; i++)
		hits += memcmp(buf + f.off_strings + i, "reg\0", 4) == 0;
	CHECK_EQ(hits, 1);
	hits = 0;
	for (uint32_t i = 0; i + 15 <= f.size_strings; i++)
		hits += memcmp(buf + f.off_strings + i, "#address-cells\0", 15) == 0;
	CHECK_EQ(hits, 1);
	CHECK_EQ(f.size_strings,
		 sizeof("#address-cells #size-cells compatible bootargs xen,enhanced "
			"device_type reg interrupts clock raw") - 1 + 1);
}

/* Every too-small buffer gives NOSPACE without writing past it; the exact size works. */
UNIT_TEST(fdtw_nospace)
{
	static uint8_t ref[4096];
	size_t need = 0, total;

	CHECK_EQ(build_guest(ref, sizeof(ref), &need), FDT_OK);
	for (size_t cap = 0; cap <= need; cap++) {
		uint8_t *b = malloc(cap ? cap : 1);
		int rc;

		total = 0;
		rc = build_guest(cap ? b : NULL, cap, &total);
		if (cap < need) {
			CHECK_EQ(rc, FDT_ERR_NOSPACE);
		} else {
			CHECK_EQ(rc, FDT_OK);
			CHECK_EQ(total, need);
			CHECK(memcmp(b, ref, need) == 0);
		}
		free(b);
	}
}

UNIT_TEST(fdtw_structure_errors)
{
	static uint8_t buf[1024];
	struct fdt_writer w;
	size_t total = 7;

	/* Open node at finish. */
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_begin_node(&w, "a");
	fdtw_end_node(&w);
	CHECK_EQ(fdtw_finish(&w, &total), FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(total, 7);

	/* No root at all. */
	fdtw_init(&w, buf, sizeof(buf));
	CHECK_EQ(fdtw_finish(&w, &total), FDT_ERR_BADSTRUCTURE);

	/* End without begin; errors are sticky (the later NOSPACE-free calls do nothing). */
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "");
	fdtw_end_node(&w);
	CHECK_EQ(w.err, FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdtw_finish(&w, &total), FDT_ERR_BADSTRUCTURE);

	/* Property after a subnode, and outside any node. */
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_begin_node(&w, "a");
	fdtw_end_node(&w);
	fdtw_prop_u32(&w, "late", 1);
	CHECK_EQ(w.err, FDT_ERR_BADSTRUCTURE);
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_prop_u32(&w, "x", 1);
	CHECK_EQ(w.err, FDT_ERR_BADSTRUCTURE);

	/* Memory reservation after the first node; second root. */
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_add_mem_rsv(&w, 1, 2);
	CHECK_EQ(w.err, FDT_ERR_BADSTRUCTURE);
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "");
	CHECK_EQ(w.err, FDT_ERR_BADSTRUCTURE);

	/* Bad names and values: the first error is the one reported. */
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "root");
	CHECK_EQ(w.err, FDT_ERR_BADVALUE);
	fdtw_end_node(&w);
	CHECK_EQ(w.err, FDT_ERR_BADVALUE);
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_begin_node(&w, "");
	CHECK_EQ(w.err, FDT_ERR_BADVALUE);
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_begin_node(&w, "a/b");
	CHECK_EQ(w.err, FDT_ERR_BADVALUE);
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_prop_empty(&w, "");
	CHECK_EQ(w.err, FDT_ERR_BADVALUE);
	{
		static const uint64_t big[] = { 0x100000000ULL, 1 };
		static const uint64_t bigsize[] = { 1, 0x100000000ULL };

		fdtw_init(&w, buf, sizeof(buf));
		fdtw_begin_node(&w, "");
		fdtw_prop_reg(&w, "reg", 1, 1, big, 1);
		CHECK_EQ(w.err, FDT_ERR_BADVALUE);
		fdtw_init(&w, buf, sizeof(buf));
		fdtw_begin_node(&w, "");
		fdtw_prop_reg(&w, "reg", 2, 1, bigsize, 1);
		CHECK_EQ(w.err, FDT_ERR_BADVALUE);
		fdtw_init(&w, buf, sizeof(buf));
		fdtw_begin_node(&w, "");
		fdtw_prop_reg(&w, "reg", 2, 0, bigsize, 1); /* no size cells: size must be 0 */
		CHECK_EQ(w.err, FDT_ERR_BADVALUE);
		fdtw_init(&w, buf, sizeof(buf));
		fdtw_begin_node(&w, "");
		fdtw_prop_reg(&w, "reg", 3, 1, big, 1);
		CHECK_EQ(w.err, FDT_ERR_BADVALUE);
	}

	/* Nothing may be added after finish. */
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_end_node(&w);
	CHECK_EQ(fdtw_finish(&w, &total), FDT_OK);
	fdtw_begin_node(&w, "");
	CHECK_EQ(w.err, FDT_ERR_BADSTRUCTURE);
}

UNIT_TEST(fdtw_depth_limit)
{
	static uint8_t buf[8192];
	struct fdt_writer w;
	struct fdt f;
	size_t total;

	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	for (int i = 1; i < FDT_MAX_DEPTH; i++)
		fdtw_begin_node(&w, "n");
	CHECK_EQ(w.err, FDT_OK);
	for (int i = 0; i < FDT_MAX_DEPTH; i++)
		fdtw_end_node(&w);
	CHECK_EQ(fdtw_finish(&w, &total), FDT_OK);
	CHECK_EQ(fdt_open(&f, buf, total), FDT_OK);
	{
		int n = fdt_root(&f), c;
		char path[2 * FDT_MAX_DEPTH + 1];

		while ((c = fdt_first_child(&f, n)) >= 0)
			n = c;
		CHECK_EQ(fdt_node_depth(&f, n), FDT_MAX_DEPTH);
		CHECK_EQ(fdt_node_path(&f, n, path, sizeof(path)), FDT_OK);
		CHECK_EQ(strlen(path), 2 * (FDT_MAX_DEPTH - 1));
		CHECK_EQ(fdt_path_offset(&f, path), n);
		CHECK_EQ(fdt_parent(&f, n) >= 0, 1);
	}

	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	for (int i = 0; i < FDT_MAX_DEPTH; i++)
		fdtw_begin_node(&w, "n");
	CHECK_EQ(w.err, FDT_ERR_DEPTH);
}

/* Copy a whole tree (nodes, properties, reservations) with the writer: dtc sees the same tree. */
static void copy_node(struct fdt_writer *w, const struct fdt *f, int node)
{
	int prop, child;

	fdtw_begin_node(w, fdt_node_name(f, node));
	fdt_for_each_prop(f, node, prop)
		CHECK_EQ(fdtw_copy_prop(w, f, prop), FDT_OK);
	fdt_for_each_child(f, node, child)
		copy_node(w, f, child);
	fdtw_end_node(w);
}

UNIT_TEST(fdtw_round_trip_dtc_blob)
{
	static uint8_t out[BLOB_MAX];
	static char a[4 * BLOB_MAX], b[4 * BLOB_MAX];
	struct fdt f, g;
	struct fdt_writer w;
	size_t total = 0;
	uint64_t addr, size;

	open_virt(&f);
	fdtw_init(&w, out, sizeof(out));
	for (int i = 0; i < fdt_mem_rsv_count(&f); i++) {
		CHECK_EQ(fdt_get_mem_rsv(&f, i, &addr, &size), FDT_OK);
		fdtw_add_mem_rsv(&w, addr, size);
	}
	copy_node(&w, &f, fdt_root(&f));
	CHECK_EQ(fdtw_finish(&w, &total), FDT_OK);
	CHECK_EQ(fdt_open(&g, out, total), FDT_OK);
	CHECK_EQ(g.size_struct, f.size_struct); /* same tokens, same sizes */
	CHECK_EQ(walk_all(&g, fdt_root(&g), 1), 17);
	CHECK(dtb_to_dts(virt_dtb, virt_len, a, sizeof(a)) > 0);
	CHECK(dtb_to_dts(out, total, b, sizeof(b)) > 0);
	CHECK(strcmp(a, b) == 0);

	/* A bad property handle is reported, not copied. */
	CHECK_EQ(fdtw_copy_prop(&w, &f, fdt_root(&f)), FDT_ERR_BADOFFSET);
}

UNIT_MAIN()
