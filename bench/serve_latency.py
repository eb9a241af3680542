#!/usr/bin/env python3
"""Edit-to-fresh-page latency of `sitegen serve` against `hugo server` (issue 19).

Driven by bench/serve-latency.sh (see there and bench/README.md). Both servers
run on copies of the sites in a fresh work folder, on free loopback ports. For
each round, one HTTP client looks at a page (one GET), edits the file it comes
from (a unique marker), and polls the page as fast as it can until the body
holds the marker: latency = from the edited file's close to that response.

Edits, one file each time, each from its untouched text (kept in memory):
  plan       sitegen and Hugo: a paragraph appended to a plan's Markdown;
             the page polled is the plan page.
  indicator  sitegen: the first indicator of an indicator file gets a new name;
             the page polled is that indicator's page (its plan page's progress
             table shows the name too).
             Hugo: the plan-pages-only site has no indicator files; the nearest
             data edit it has is the plan's own front matter (the title); the
             page polled is the plan page.
With --base BINARY, a second sitegen (another build, e.g. the code before a
change) serves its own copy of the site and gets the same edits, in the same
run: the servers take turns, the order rotated each round.
Prints per-edit lines, medians, and one machine-readable line:
  serve-latency: edits=N pause=S sitegen_plan_ms=.. sitegen_indicator_ms=.. hugo_plan_ms=.. hugo_indicator_ms=.. ratio_plan=.. ratio_indicator=..
(with --base, also base_plan_ms=.. base_indicator_ms=.. base_ratio_plan=.. base_ratio_indicator=..)
"""
import argparse
import http.client
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    """One GET on a new connection; (status, body text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


class Server:
    """A server process whose output lines are read on a thread."""

    def __init__(self, name, argv, cwd=None):
        self.name = name
        self.lines = queue.Queue()
        self.log = []
        self.proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True, text=True, errors="replace")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SystemExit(f"serve-latency: {self.name} did not print /{pattern}/ within {timeout} s:\n" + "".join(self.log[-20:]))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise SystemExit(f"serve-latency: {self.name} ended early:\n" + "".join(self.log[-20:]))
            m = re.search(pattern, line)
            if m:
                return m

    def stop(self, timeout=120):
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def measure(port, url, path, text, marker, timeout=60):
    """Writes `text` to `path`, polls `url` until it shows `marker`; seconds."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    written = time.perf_counter()
    deadline = written + timeout
    polls = 0
    while True:
        status, body = get(port, url)
        polls += 1
        now = time.perf_counter()
        if status == 200 and marker in body:
            return now - written, polls
        if now > deadline:
            raise SystemExit(f"serve-latency: {url} on port {port} did not show {marker} within {timeout} s")


def plan_edit(text, marker):
    return text.rstrip("\n") + f"\n\n基准测试修改 {marker}。\n"


def title_edit(text, marker):
    return re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}{marker}", text, count=1, flags=re.M)


def indicator_edit(text, marker):
    return re.sub(r"^(    name: .*)$", lambda m: m.group(1) + marker, text, count=1, flags=re.M)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sitegen", help="the sitegen binary")
    ap.add_argument("site", help="sitegen site folder (content/, templates/); copied, never changed")
    ap.add_argument("hugo_site", help="Hugo site of the same plans (content/plans/*.md); copied, never changed")
    ap.add_argument("--edits", type=int, default=5, help="edits of each kind per server (default 5)")
    ap.add_argument("--pause", type=float, default=3.0,
                    help="seconds between edits, as an official reads the page (default 3)")
    ap.add_argument("--work", default=None,
                    help="work folder, kept with the servers' output in sitegen.log and hugo.log (default: a new one under $TMPDIR, removed after)")
    ap.add_argument("--hugo", default="hugo", help="the hugo binary")
    ap.add_argument("--base", default=None,
                    help="a second sitegen binary, measured in the same run on its own copy of the site (reported as 'base')")
    args = ap.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="serve-latency-")
    os.makedirs(work, exist_ok=True)
    hugo_site = os.path.join(work, "hugo")
    sitegens = {"sitegen": args.sitegen} | ({"base": args.base} if args.base else {})
    sites = {name: os.path.join(work, "site" if name == "sitegen" else "site-" + name) for name in sitegens}
    ports = {name: free_port() for name in sitegens}
    servers = []
    try:
        print(f"serve-latency: copying the sites into {work}", file=sys.stderr)
        for site in sites.values():
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public", ".public.sitegen"))
        shutil.copytree(args.hugo_site, hugo_site, ignore=shutil.ignore_patterns("public", "resources"))

        hport = free_port()
        for name, binary in sitegens.items():
            output = os.path.join(work, "public" if name == "sitegen" else "public-" + name)
            sitegen = Server(f"{name} serve", [binary, "serve", sites[name], "--port", str(ports[name]), "--output", output])
            servers.append(sitegen)
            sitegen.wait_for(r"serving .* at http://127\.0\.0\.1:\d+/", 900)
            # The first write of the output folder: a full build, not timed.
            sitegen.wait_for(r"wrote the output folder", 900)
        hugo = Server("hugo server", [args.hugo, "server", "--source", hugo_site, "--bind", "127.0.0.1",
                                      "--port", str(hport), "--disableLiveReload"])
        servers.append(hugo)
        hugo.wait_for(r"Web Server is available at", 900)
        print("serve-latency: both servers up; hugo server in its default (fast render) mode", file=sys.stderr)

        plans = sorted(f[:-3] for f in os.listdir(os.path.join(sites["sitegen"], "content", "plans")) if f.endswith(".md"))
        hugo_plans = set(f[:-3] for f in os.listdir(os.path.join(hugo_site, "content", "plans")))
        slugs = [s for s in plans if s in hugo_plans]
        step = max(1, len(slugs) // (2 * args.edits + 1))
        chosen = slugs[step::step][: 2 * args.edits]
        if len(chosen) < 2 * args.edits:
            raise SystemExit("serve-latency: not enough plans for the edits")

        names = list(sitegens) + ["hugo"]
        results = {(s, k): [] for s in names for k in ("plan", "indicator")}
        for n in range(args.edits):
            for kind in ("plan", "indicator"):
                slug = chosen[2 * n + (kind == "indicator")]
                for server in (names[n % len(names):] + names[:n % len(names)] if args.base else names):
                    marker = "M" + uuid.uuid4().hex[:12]
                    site, sport = sites.get(server), ports.get(server)
                    if server != "hugo" and kind == "plan":
                        path, url, edit, port = os.path.join(site, "content/plans", slug + ".md"), f"/plans/{slug}/", plan_edit, sport
                    elif server != "hugo":
                        path = os.path.join(site, "content/indicators", slug + ".yaml")
                        ident = re.search(r"^  - id: (\S+)", open(path, encoding="utf-8").read(), re.M).group(1)
                        url, edit, port = f"/indicators/{ident}/", indicator_edit, sport
                    else:
                        path, url, port = os.path.join(hugo_site, "content/plans", slug + ".md"), f"/plans/{slug}/", hport
                        edit = plan_edit if kind == "plan" else title_edit
                    original = open(path, encoding="utf-8").read()
                    status, _ = get(port, url)  # the page being looked at
                    if status != 200:
                        raise SystemExit(f"serve-latency: {server} {url} gave {status}")
                    seconds, polls = measure(port, url, path, edit(original, marker), marker)
                    results[(server, kind)].append(seconds)
                    print(f"{server:8} {kind:9} {slug}  {seconds * 1000:8.1f} ms  ({polls} polls)", flush=True)
                    time.sleep(args.pause)

        med = {k: statistics.median(v) * 1000 for k, v in results.items()}
        print()
        print(f"medians of {args.edits} edits each (ms):   plan   indicator")
        for server in names:
            print(f"  {server:10}                    {med[(server, 'plan')]:7.1f}   {med[(server, 'indicator')]:7.1f}")
        ratio = {(s, k): med[(s, k)] / med[("hugo", k)] for s in sitegens for k in ("plan", "indicator")}
        for server in sitegens:
            print(f"  {server} / hugo{' ' * (22 - len(server))}{ratio[(server, 'plan')]:7.2f}   {ratio[(server, 'indicator')]:7.2f}")
        base = (f" base_plan_ms={med[('base', 'plan')]:.1f} base_indicator_ms={med[('base', 'indicator')]:.1f}"
                f" base_ratio_plan={ratio[('base', 'plan')]:.2f} base_ratio_indicator={ratio[('base', 'indicator')]:.2f}"
                if args.base else "")
        print(f"serve-latency: edits={args.edits} pause={args.pause:g} "
              f"sitegen_plan_ms={med[('sitegen', 'plan')]:.1f} sitegen_indicator_ms={med[('sitegen', 'indicator')]:.1f} "
              f"hugo_plan_ms={med[('hugo', 'plan')]:.1f} hugo_indicator_ms={med[('hugo', 'indicator')]:.1f} "
              f"ratio_plan={ratio[('sitegen', 'plan')]:.2f} ratio_indicator={ratio[('sitegen', 'indicator')]:.2f}" + base, flush=True)
    finally:
        for s in servers:
            s.stop()
        for s in servers:
            with open(os.path.join(work, s.name.split()[0] + ".log"), "w", encoding="utf-8") as f:
                f.write("".join(s.log))
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
