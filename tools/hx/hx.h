/* SPDX-License-Identifier: MIT */
/*
 * hx - the hospes toolstack CLI, an xl-compatible subset (Xen tools/xl).
 * Shared state of one invocation and the helpers every command uses.
 *
 * A command returns the process exit status (0 or 1) and writes its results
 * to h->out, its diagnostics to h->err, each prefixed "hx <command>: ".
 * Connections (privcmd, xenstore) are opened on first use, so commands that
 * need no xenstore work without a running xenstored.
 */
#ifndef TOOLS_HX_H
#define TOOLS_HX_H

#include <stdbool.h>
#include <stdio.h>

#include <xctrl.h>
#include <xstore.h>

struct hx {
	FILE *out, *err;
	struct xctrl *x;   /* privcmd control handle (opened by hx_ctrl) */
	struct xstore *xs; /* xenstore connection (opened by hx_store) */
	bool xs_tried;     /* hx_store already tried to connect */
	int xs_errno;      /* why it failed */
	const char *cmd;   /* the running command, for messages */
	unsigned int poll_ms; /* wait-loop interval (tests shorten it) */
};

int hx_run(struct hx *h, int argc, char **argv);
/* Drop the connections (the handle itself belongs to the caller) */
void hx_cleanup(struct hx *h);

/* Print "hx <cmd>: <message>\n" to h->err; returns 1 (the exit status) */
int hx_fail(struct hx *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hx_warn(struct hx *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct xctrl *hx_ctrl(struct hx *h);  /* NULL after printing why */
struct xstore *hx_store(struct hx *h); /* NULL if xenstored is not reachable (silent) */

/* All domains (malloc'd array); count or -1 after printing why */
int hx_domain_list(struct hx *h, struct xen_domctl_getdomaininfo **out);
/* Domain name: xenstore's /local/domain/N/name, "Domain-0" for 0, else NULL */
char *hx_domain_name(struct hx *h, unsigned int domid);
/* A domain id from a name or a number; -1 after printing why */
int hx_find_domain(struct hx *h, const char *arg);
/* Parse a decimal number in [0, max]; false if @s is not one */
bool hx_parse_uint(const char *s, unsigned long long max, unsigned long long *out);

/* "r-----"-style state of a getdomaininfo record (buf >= 7 bytes) */
void hx_state_string(const struct xen_domctl_getdomaininfo *info, char *buf);

/* Commands (one per xl command) */
int hx_cmd_list(struct hx *h, int argc, char **argv);
int hx_cmd_info(struct hx *h, int argc, char **argv);
int hx_cmd_dmesg(struct hx *h, int argc, char **argv);
int hx_cmd_debug_keys(struct hx *h, int argc, char **argv);
int hx_cmd_pause(struct hx *h, int argc, char **argv);
int hx_cmd_unpause(struct hx *h, int argc, char **argv);
int hx_cmd_destroy(struct hx *h, int argc, char **argv);
int hx_cmd_vcpu_list(struct hx *h, int argc, char **argv);
int hx_cmd_vcpu_context(struct hx *h, int argc, char **argv);
int hx_cmd_domid(struct hx *h, int argc, char **argv);
int hx_cmd_domname(struct hx *h, int argc, char **argv);
int hx_cmd_uptime(struct hx *h, int argc, char **argv);
int hx_cmd_shutdown(struct hx *h, int argc, char **argv);
int hx_cmd_reboot(struct hx *h, int argc, char **argv);
int hx_cmd_create(struct hx *h, int argc, char **argv);
int hx_cmd_console(struct hx *h, int argc, char **argv);
int hx_cmd_gdbsx(struct hx *h, int argc, char **argv);
int hx_cmd_trace(struct hx *h, int argc, char **argv);
int hx_cmd_cpupool_create(struct hx *h, int argc, char **argv);
int hx_cmd_cpupool_destroy(struct hx *h, int argc, char **argv);
int hx_cmd_cpupool_list(struct hx *h, int argc, char **argv);
int hx_cmd_cpupool_rename(struct hx *h, int argc, char **argv);
int hx_cmd_cpupool_cpu_add(struct hx *h, int argc, char **argv);
int hx_cmd_cpupool_cpu_remove(struct hx *h, int argc, char **argv);
int hx_cmd_cpupool_migrate(struct hx *h, int argc, char **argv);
int hx_cmd_sched_credit2(struct hx *h, int argc, char **argv);
int hx_cmd_sched_rtds(struct hx *h, int argc, char **argv);
int hx_cmd_sched_arinc653(struct hx *h, int argc, char **argv);
int hx_cmd_vcpu_pin(struct hx *h, int argc, char **argv);

/* cpupools (cmd_sched.c): a pool's name (malloc'd; "Pool-N" if none
 * recorded), a pool id from a name or number (-1 after printing why) */
char *hx_pool_name(struct hx *h, uint32_t id);
int hx_pool_lookup(struct hx *h, const char *arg, uint32_t *id);
/* xl's CPU map format: "all" when the first @nr_cpus are set, else "0-1,3" */
void hx_print_cpumap(FILE *f, uint64_t map, uint32_t nr_cpus);

int hx_cmd_xenstore_ls(struct hx *h, int argc, char **argv);
int hx_cmd_xenstore_read(struct hx *h, int argc, char **argv);
int hx_cmd_xenstore_write(struct hx *h, int argc, char **argv);

struct hx_cfg;
/* Build and start a domain from an xl.cfg file (create.c); exit status */
int hx_create_domain(struct hx *h, const char *config, bool paused, bool dry,
		     const char *dtb_out, unsigned int *domid, struct hx_cfg *cfg_out);

/* The per-domain monitor (monitor.c): carries out on_poweroff/on_reboot/on_crash */
enum hx_mon_result { HX_MON_RUNNING, HX_MON_DONE };
/* One look at @*domid: act if it shut down; a restart updates *domid */
enum hx_mon_result hx_monitor_step(struct hx *h, unsigned int *domid, const char *config,
				   const struct hx_cfg *cfg);
/* Watch @domid until it is gone (exit status); hx create -F runs it in the foreground */
int hx_monitor_run(struct hx *h, unsigned int domid, const char *config,
		   const struct hx_cfg *cfg);
/* Fork a background monitor (logs to /var/log/hx/monitor-<name>.log) */
void hx_monitor_spawn(struct hx *h, unsigned int domid, const char *config,
		      const struct hx_cfg *cfg);

/* Pause and destroy @domid, then drop its xenstore nodes; exit status */
int hx_destroy_domain(struct hx *h, unsigned int domid);

/* Attach the terminal to domain @domid's console (hx console, create -c) */
int hx_console_attach(struct hx *h, unsigned int domid);

#endif
