#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# setup.sh - install what hospes needs to build and to boot systems in QEMU.
#
# Idempotent: every step first checks whether its result is already there, so a
# second run does nothing and prints one line. Needs root (apt-get, dpkg) only for
# steps that actually have work to do.
#
#   1. host packages (cross toolchain, QEMU, dtc, clang/lld, ...) via apt-get;
#   2. the arm64 foreign architecture, so Debian's arm64 packages can be fetched;
#   3. a guest kernel and busybox, fetched with `apt-get download` into a cache that
#      lives outside git, ${HOSPES_CACHE:-/var/cache/hospes}:
#        $CACHE/Image          raw, uncompressed arm64 Linux Image ("ARM\x64" at 56)
#        $CACHE/busybox        static arm64 busybox
#        $CACHE/linux/         the extracted kernel package (lib/modules/<ver>/...)
#        $CACHE/kernel-release the <ver> above
#   4. optionally, Debian's Xen 4.17 hypervisor (xen-hypervisor-4.17-arm64), the
#      compatibility oracle and benchmark peer (scripts/hospes-run --hyp xen):
#        $CACHE/xen/xen-4.17-arm64   the arm64 Image-format hypervisor binary
#        $CACHE/xen/version          the Debian package version
#      If it cannot be fetched, setup still succeeds and the Xen runs SKIP.
#
# Environment: HOSPES_CACHE (cache directory), HOSPES_SETUP_VERBOSE=1 (show apt output),
# HOSPES_NO_XEN=1 (do not fetch Xen).

set -euo pipefail

CACHE=${HOSPES_CACHE:-/var/cache/hospes}
HOST_PACKAGES=(gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
	device-tree-compiler cpio gdb-multiarch clang lld libclang-rt-14-dev python3
	xenstore-utils xen-utils-4.17)
APT_UPDATED=0
DID=()

say() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

quiet() {
	if [[ ${HOSPES_SETUP_VERBOSE:-0} = 1 ]]; then "$@"; else
		local out
		if ! out=$("$@" 2>&1); then echo "$out" >&2; return 1; fi
	fi
}

need_root() {
	[[ $(id -u) = 0 ]] || die "'$1' needs root; rerun as root (or with sudo)"
}

apt_update() {
	[[ $APT_UPDATED = 1 ]] && return 0
	need_root "apt-get update"
	say "apt-get update"
	quiet apt-get update -q
	APT_UPDATED=1
}

# apt lists are considered usable when a Packages file for the arch exists.
apt_lists_have() {
	compgen -G "/var/lib/apt/lists/*_binary-$1_Packages*" >/dev/null
}

dl() { # dl PKG: apt-get download PKG:arm64 into $CACHE/debs unless already there
	local name=$1
	mkdir -p "$CACHE/debs"
	if ! compgen -G "$CACHE/debs/${name}_*_arm64.deb" >/dev/null; then
		say "downloading $name:arm64" >&2
		(cd "$CACHE/debs" && quiet apt-get download "$name:arm64" >&2) || {
			apt_update >&2 # stdout is the result
			(cd "$CACHE/debs" && quiet apt-get download "$name:arm64" >&2)
		}
	fi
	compgen -G "$CACHE/debs/${name}_*_arm64.deb" | sort -V | tail -n1
}

# ------------------------------------------------------------------ 1. host packages
missing=()
for p in "${HOST_PACKAGES[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
	need_root "apt-get install"
	apt_lists_have "$(dpkg --print-architecture)" || apt_update
	say "installing ${missing[*]}"
	if ! DEBIAN_FRONTEND=noninteractive quiet apt-get install -y -q --no-install-recommends \
		"${missing[@]}"; then
		apt_update
		DEBIAN_FRONTEND=noninteractive quiet apt-get install -y -q --no-install-recommends \
			"${missing[@]}"
	fi
	DID+=("installed ${missing[*]}")
fi

# ------------------------------------------------------------------ 2./3. guest kernel
have_guest() {
	[[ -s $CACHE/Image && -x $CACHE/busybox && -s $CACHE/kernel-release ]] &&
		[[ -d $CACHE/linux/lib/modules/$(cat "$CACHE/kernel-release") ]]
}

# is_raw_image FILE: true if FILE is an uncompressed arm64 Linux Image.
is_raw_image() {
	[[ $(od -An -tx1 -j56 -N4 "$1" | tr -d ' \n') = 41524d64 ]]
}

# unpack_image IN OUT: turn Debian's vmlinuz (raw, gzip, or EFI zboot) into a raw Image.
unpack_image() {
	local in=$1 out=$2
	if is_raw_image "$in"; then
		cp "$in" "$out"
	elif [[ $(od -An -tx1 -N2 "$in" | tr -d ' \n') = 1f8b ]]; then
		gzip -dc "$in" >"$out"
	else
		# EFI zboot: "MZ", then "zimg" at 4, payload offset/size at 8/12 (LE32),
		# compression name at 24 (include/linux/pe.h, drivers/firmware/efi/libstub).
		python3 - "$in" "$out" <<-'EOF'
			import struct, sys, gzip, lzma, subprocess
			data = open(sys.argv[1], "rb").read()
			if data[:2] != b"MZ" or data[4:8] != b"zimg":
			    sys.exit("unknown kernel image format")
			off, size = struct.unpack_from("<II", data, 8)
			comp = data[24:32].rstrip(b"\0").decode()
			payload = data[off:off + size]
			if comp == "gzip":
			    raw = gzip.decompress(payload)
			elif comp in ("xz", "lzma"):
			    raw = lzma.decompress(payload)
			else:
			    tool = {"zstd": ["zstd", "-dc"], "lz4": ["lz4", "-dc"],
			            "lzo": ["lzop", "-dc"], "bzip2": ["bzip2", "-dc"]}[comp]
			    raw = subprocess.run(tool, input=payload, stdout=subprocess.PIPE,
			                         check=True).stdout
			open(sys.argv[2], "wb").write(raw)
		EOF
	fi
	is_raw_image "$out" || die "$in did not unpack to a raw arm64 Image"
}

if ! have_guest; then
	need_root "fetching arm64 packages"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		say "dpkg --add-architecture arm64"
		dpkg --add-architecture arm64
		DID+=("added the arm64 architecture")
		APT_UPDATED=0
		apt_update
	fi
	apt_lists_have arm64 || apt_update

	# linux-image-arm64 is a metapackage: find the real image it depends on.
	resolve_kernel() {
		apt-cache depends linux-image-arm64:arm64 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*-arm64\)\(:arm64\)\?$/\1/p' | head -n1
	}
	kpkg=$(resolve_kernel)
	if [[ -z $kpkg ]]; then apt_update; kpkg=$(resolve_kernel); fi
	[[ -n $kpkg ]] || die "cannot resolve linux-image-arm64:arm64 to a kernel package"
	if apt-cache show "$kpkg-unsigned:arm64" >/dev/null 2>&1; then
		kpkg="$kpkg-unsigned"
	fi
	krel=${kpkg#linux-image-}
	krel=${krel%-unsigned}

	mkdir -p "$CACHE/debs"
	kdeb=$(dl "$kpkg")
	bdeb=$(dl busybox-static)

	say "extracting $(basename "$kdeb")"
	rm -rf "$CACHE/linux.tmp"
	dpkg-deb -x "$kdeb" "$CACHE/linux.tmp"
	vmlinuz=$(compgen -G "$CACHE/linux.tmp/boot/vmlinuz-*" | head -n1) ||
		die "no /boot/vmlinuz-* in $kdeb"
	krel=${vmlinuz##*/vmlinuz-}
	unpack_image "$vmlinuz" "$CACHE/Image.tmp"
	rm -rf "$CACHE/linux"
	mv "$CACHE/linux.tmp" "$CACHE/linux"
	mv "$CACHE/Image.tmp" "$CACHE/Image"

	say "extracting $(basename "$bdeb")"
	rm -rf "$CACHE/busybox.tmp"
	dpkg-deb -x "$bdeb" "$CACHE/busybox.tmp"
	install -m 0755 "$CACHE/busybox.tmp/bin/busybox" "$CACHE/busybox"
	rm -rf "$CACHE/busybox.tmp"
	echo "$krel" >"$CACHE/kernel-release"
	DID+=("guest kernel $krel -> $CACHE/Image ($(stat -c %s "$CACHE/Image") bytes)")
	DID+=("busybox -> $CACHE/busybox, modules -> $CACHE/linux/lib/modules/$krel")
fi

# ------------------------------------------------------------------ 4. Xen (optional)
XEN_PKG=xen-hypervisor-4.17-arm64
XEN_BIN=$CACHE/xen/xen-4.17-arm64
XEN_NOTE=

# fetch_xen: download and extract Xen; returns non-zero (with a reason on stdout) on failure.
fetch_xen() {
	[[ $(id -u) = 0 ]] || { echo "not root"; return 1; }
	dpkg --print-foreign-architectures | grep -qx arm64 || { echo "no arm64 dpkg architecture"; return 1; }
	apt_lists_have arm64 || apt_update >/dev/null 2>&1 || { echo "apt-get update failed"; return 1; }
	local deb tmp=$CACHE/xen.tmp
	deb=$(dl "$XEN_PKG" 2>/dev/null) || true
	[[ -n $deb && -s $deb ]] || { echo "apt-get download $XEN_PKG:arm64 failed"; return 1; }
	rm -rf "$tmp"
	dpkg-deb -x "$deb" "$tmp" || { echo "cannot extract $deb"; return 1; }
	# The binary is an arm64 Image (EFI stub + "ARM\x64" at 56): QEMU -kernel loads it.
	is_raw_image "$tmp/boot/xen-4.17-arm64" 2>/dev/null ||
		{ rm -rf "$tmp"; echo "$deb has no arm64 Image /boot/xen-4.17-arm64"; return 1; }
	mkdir -p "$CACHE/xen"
	install -m 0644 "$tmp/boot/xen-4.17-arm64" "$XEN_BIN.tmp"
	dpkg-deb -f "$deb" Version >"$CACHE/xen/version"
	mv "$XEN_BIN.tmp" "$XEN_BIN"
	rm -rf "$tmp"
}

if [[ ! -s $XEN_BIN && ${HOSPES_NO_XEN:-0} != 1 ]]; then
	if why=$(fetch_xen); then
		DID+=("Xen $(cat "$CACHE/xen/version") -> $XEN_BIN ($(stat -c %s "$XEN_BIN") bytes)")
	else
		say "note: Xen 4.17 not available ($why); the Xen oracle runs (--hyp xen) will SKIP"
	fi
fi
[[ -s $XEN_BIN ]] && XEN_NOTE=", xen $(cat "$CACHE/xen/version" 2>/dev/null)"

if ((${#DID[@]})); then
	for d in "${DID[@]}"; do say "$d"; done
else
	say "everything present (cache: $CACHE, kernel $(cat "$CACHE/kernel-release")$XEN_NOTE)"
fi
