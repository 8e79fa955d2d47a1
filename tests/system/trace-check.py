#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""trace-check.py SERIAL_LOG - post-check of tests/system/trace-two-guests.toml.

Takes from the serial log what tests/toolstack/dom0/trace.sh printed: the counter
rate (hx info cpu_mhz), the CPU time of every domain over the recording as `hx trace
record` reports it (getdomaininfo's cpu_time, the number hx list shows, read right
before tracing is enabled and right after it is disabled), the same from `hx list -l`
run before and after `hx trace record` (wider window: shown, not checked), and the
trace file (base64 "HX-B64 " lines between HX-TRACE-FILE-BEGIN/END, checked against
its md5). Then:

  1. `hx trace --summary` (build/host/hx) must read the file without errors;
  2. xenalyze --summary, when one is available ($HOSPES_XENALYZE, else `xenalyze` on
     PATH), must read it with exit status 0 and no FATAL/ERROR lines;
  3. each reader's run time of the two domUs (d1, d2) must agree with the hx list
     CPU time over the recording within 5%.

Debian's xen-utils-4.17 does not ship xenalyze, so step 2 is skipped (and said so)
on a machine without one. Exit status 0 = all checks passed.
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOLERANCE = 0.05
DOMUS = (1, 2)


def fail(msg):
    print(f"trace-check: FAIL: {msg}", flush=True)
    sys.exit(1)


def payload(line):
    """The text of a console line, without a '(dN) ' prefix or carriage returns."""
    line = line.rstrip("\r\n").replace("\r", "")
    return re.sub(r"^\(d\d+\) ", "", line)


def parse_log(path):
    times = {"before": {}, "after": {}, "window": {}}
    hz = md5 = None
    b64, inside, done, in_window = [], False, False, False
    with open(path, errors="replace", newline="\n") as f:
        for raw in f:
            line = payload(raw)
            if line == "HX-TRACE-FILE-BEGIN":
                inside = True
                continue
            if line == "HX-TRACE-FILE-END":
                inside, done = False, True
                continue
            if inside:
                m = re.search(r"HX-B64 ([A-Za-z0-9+/=]+)$", line)
                if m:  # anything else is another writer's line on the console
                    b64.append(m.group(1))
                continue
            if line.startswith("CPU time per domain during the recording"):
                in_window = True
                continue
            m = re.match(r"\s+d(\d+)\s+([0-9.]+) s$", line)
            if in_window and m:  # the first recording's block (the sched trace)
                times["window"].setdefault(int(m.group(1)), float(m.group(2)))
                continue
            in_window = False
            m = re.search(r"HX-TRACE-TIME: (before|after) d(\d+) (\d+)", line)
            if m:
                times[m.group(1)][int(m.group(2))] = int(m.group(3))
            m = re.search(r"HX-TRACE-MD5: ([0-9a-f]{32})", line)
            if m:
                md5 = m.group(1)
            m = re.search(r"HX-TRACE-CLOCK: cpu_mhz\s*:\s*([0-9.]+)", line)
            if m:
                hz = float(m.group(1)) * 1e6
    if not done:
        fail("no complete HX-TRACE-FILE-BEGIN/END block in the serial log")
    if not hz:
        fail("no HX-TRACE-CLOCK line (counter rate)")
    try:
        data = base64.b64decode("".join(b64), validate=True)
    except ValueError as e:
        fail(f"the trace file's base64 does not decode: {e}")
    if hashlib.md5(data).hexdigest() != md5:
        fail(f"the trace file did not arrive intact (md5 {hashlib.md5(data).hexdigest()}, "
             f"dom0 said {md5})")
    return times, hz, data


def hx_summary(trace, hz):
    hx = os.path.join(ROOT, "build", "host", "hx")
    r = subprocess.run([hx, "trace", "--summary", trace, "--cpu-hz", f"{hz:.0f}"],
                       capture_output=True, text=True)
    print(r.stdout, end="")
    if r.returncode:
        fail(f"hx trace --summary failed: {r.stderr.strip()}")
    run = {}
    for m in re.finditer(r"^\s+d(\d+)\s+([0-9.]+) s$", r.stdout, re.M):
        run[int(m.group(1))] = float(m.group(2))
    return run


def find_xenalyze():
    p = os.environ.get("HOSPES_XENALYZE")
    if p:
        return p if os.access(p, os.X_OK) else None
    return shutil.which("xenalyze")


def xenalyze_summary(xa, trace, hz):
    r = subprocess.run([xa, "--summary", f"--cpu-hz={hz:.0f}", trace],
                       capture_output=True, text=True)
    bad = [l for l in r.stderr.splitlines() + r.stdout.splitlines()
           if re.search(r"FATAL|ERROR|[Ee]rror", l)]
    if r.returncode or bad:
        print(r.stderr[-3000:])
        fail(f"xenalyze exit status {r.returncode}" + (f", '{bad[0]}'" if bad else ""))
    # Per domain: "|-- Domain N --|", then per vCPU "-- vN --" with "running: count T.TTs"
    run, dom, in_vcpu = {}, None, False
    for line in r.stdout.splitlines():
        m = re.match(r"\|-- Domain (\d+) --\|", line)
        if m:
            dom, in_vcpu = int(m.group(1)), False
            continue
        if re.match(r"-- v\d+ --", line):
            in_vcpu = True
            continue
        m = re.match(r"\s+running:\s+(\d+)\s+([0-9.]+)s", line)
        if m and dom is not None and in_vcpu:
            run[dom] = run.get(dom, 0.0) + float(m.group(2))
    print("xenalyze run time per domain: " +
          ", ".join(f"d{d} {t:.2f} s" for d, t in sorted(run.items())))
    return run


def compare(who, run, times):
    for d in DOMUS:
        if d not in times["window"]:
            fail(f"hx trace record did not report d{d}'s CPU time over the recording")
        ref = times["window"][d]
        if d in times["before"] and d in times["after"]:
            print(f"trace-check: (hx list -l before/after hx trace record: d{d} "
                  f"{(times['after'][d] - times['before'][d]) / 1e9:.3f} s)")
        got = run.get(d)
        if got is None:
            fail(f"{who} shows no run time for d{d}")
        if ref <= 0.5:
            fail(f"d{d} ran only {ref:.3f} s by hx list: too little to compare")
        err = abs(got - ref) / ref
        print(f"trace-check: {who}: d{d} {got:.3f} s vs hx list {ref:.3f} s "
              f"({err * 100:.1f}%)")
        if err > TOLERANCE:
            fail(f"{who}: d{d} run time {got:.3f} s differs from hx list's {ref:.3f} s "
                 f"by {err * 100:.1f}% (> {TOLERANCE * 100:.0f}%)")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    times, hz, data = parse_log(sys.argv[1])
    print(f"trace-check: trace file {len(data)} bytes, counter {hz / 1e6:.3f} MHz")
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace.bin")
        with open(trace, "wb") as f:
            f.write(data)
        compare("hx trace --summary", hx_summary(trace, hz), times)
        xa = find_xenalyze()
        if xa:
            compare("xenalyze", xenalyze_summary(xa, trace, hz), times)
        else:
            print("trace-check: xenalyze not available (Debian's xen-utils-4.17 does not "
                  "ship it; set HOSPES_XENALYZE): checked with hx trace --summary only")
    print("trace-check: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
