/* SPDX-License-Identifier: MIT */
/*
 * The console ring: everything hospes writes to its serial console (its own
 * log and the domains' console lines) is also kept in a ring buffer, so it
 * can be read later (debug key 'c', sysctl readconsole for `hx dmesg`) and
 * survives a domain's crash. Size: conring_size= (default 64 KiB).
 */
#ifndef HYP_CONRING_H
#define HYP_CONRING_H

#include <hyp/types.h>

void conring_write(const char *s, size_t len);
void conring_skip_this_cpu(bool skip);
void conring_setup(size_t size); /* after the page allocator is up */
/* Copy up to @len bytes starting at absolute offset *@index (incremental reads);
 * returns bytes copied and advances *@index. Clear discards what was read. */
size_t conring_read(char *buf, size_t len, uint64_t *index, bool clear);
void conring_stats(uint64_t *written, uint64_t *size, uint64_t *lost);
/* Copy the last @len bytes (for crash logs). */
size_t conring_tail(char *buf, size_t len);

#endif
