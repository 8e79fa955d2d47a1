#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/xenstored/interop.sh - hx-xenstored against Debian's real xenstore
# clients (package xenstore-utils: xenstore-read/write/ls/rm/chmod/watch/...)
# and Xen's own protocol test program test-xenstore (package xen-utils-4.17).
#
# Starts build/host/hx-xenstored on a private socket, points the clients at it
# with XENSTORED_PATH, prints "xenstored interop-<name>: PASS|FAIL" per check
# and "N passed, N failed". Checks whose client is missing print SKIP.
# Only processes started here are stopped.

set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-build}
BIN=$ROOT/$O/host/hx-xenstored
DIR=$(mktemp -d /tmp/hx-xs-interop.XXXXXX)
SOCK=$DIR/sock
passed=0 failed=0 daemon=

cleanup() {
	[[ -n $daemon ]] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT

check() { # check NAME CMD...
	local name=$1
	shift
	if "$@" >"$DIR/out" 2>&1; then
		echo "xenstored interop-$name: PASS"
		passed=$((passed + 1))
	else
		echo "xenstored interop-$name: FAIL"
		sed 's/^/    /' "$DIR/out" | head -20
		failed=$((failed + 1))
	fi
}

if ! command -v xenstore-read >/dev/null; then
	echo "xenstored interop: SKIP (install xenstore-utils: scripts/setup.sh)"
	echo "0 passed, 0 failed"
	exit 0
fi
[[ -x $BIN ]] || make -C "$ROOT" -s O="$O" "$O/host/hx-xenstored" || exit 1

"$BIN" --socket "$SOCK" --no-fork &
daemon=$!
for _ in $(seq 50); do [[ -S $SOCK ]] && break; sleep 0.1; done
export XENSTORED_PATH=$SOCK

t_write_read() {
	xenstore-write /a/b 1 && [[ $(xenstore-read /a/b) == 1 ]] &&
		[[ $(xenstore-read /a) == "" ]] && ! xenstore-read /a/nope
}

t_ls() {
	local out
	out=$(xenstore-ls /) || return 1
	echo "$out"
	grep -qx 'a = ""' <<<"$out" && grep -qx ' b = "1"' <<<"$out" &&
		grep -qx ' xenstored = ""' <<<"$out"
}

t_list_exists() {
	xenstore-write /l/x 1 /l/y 2 && [[ $(xenstore-list /l | tr '\n' ' ') == "x y " ]] &&
		xenstore-exists /l/y && ! xenstore-exists /l/z
}

t_chmod() {
	local out
	xenstore-chmod /a/b n5 r7 || return 1
	out=$(xenstore-ls -p /a) && echo "$out" && grep -q '(n5,r7)' <<<"$out" || return 1
	xenstore-chmod -r /l b0 && xenstore-ls -p /l | grep -q 'y = "2".*(b0)'
}

t_rm() {
	xenstore-write /r/s/t 1 && xenstore-rm /r && ! xenstore-read /r/s/t &&
		! xenstore-list / | grep -qx r
}

t_watch() {
	xenstore-watch -n 2 /w >"$DIR/watch" 2>&1 &
	local w=$! i
	for i in $(seq 50); do [[ -s $DIR/watch ]] && break; sleep 0.1; done
	xenstore-write /w/x 1
	for i in $(seq 50); do kill -0 "$w" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$w" 2>/dev/null; then
		kill "$w"
		wait "$w" 2>/dev/null
		return 1
	fi
	wait "$w"
	cat "$DIR/watch"
	[[ $(cat "$DIR/watch") == $'/w\n/w/x' ]]
}

t_long_directory() {
	# 300 children of 30 characters: DIRECTORY gets E2BIG, libxenstore then
	# reads the list with DIRECTORY_PART
	local args=() i
	for i in $(seq 300); do args+=("/big/child-name-padded-to-thirty-$(printf %04d "$i")" v); done
	xenstore-write "${args[@]}" && [[ $(xenstore-list /big | wc -l) == 300 ]]
}

t_control() {
	local ctl=/usr/lib/xen-4.17/bin/xenstore-control
	[[ -x $ctl ]] || { echo "no $ctl"; return 0; }
	"$ctl" check && "$ctl" quota | grep -q 'nodes *: *1000' && "$ctl" help | grep -q quota
}

t_xen_test_xenstore() {
	local t=/usr/lib/xen-4.17/bin/test-xenstore
	[[ -x $t ]] || { echo "no $t"; return 0; }
	timeout 120 "$t"
}

check write-read t_write_read
check ls t_ls
check list-exists t_list_exists
check chmod t_chmod
check rm t_rm
check watch t_watch
check long-directory t_long_directory
check control t_control
check xen-test-xenstore t_xen_test_xenstore
echo "$passed passed, $failed failed"
((failed == 0))
