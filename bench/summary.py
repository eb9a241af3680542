#!/usr/bin/env python3
"""Prints the summary of one bench/run.sh run from its results folder
(facts.json written by run.sh, hyperfine.json written by hyperfine).

    summary.py RESULTS_DIR
"""
import json
import os
import sys

# Targets of issues 7 and 19 (ratios of medians in one run; memory at 10,000 plans).
TARGET_FULL_VS_HUGO = 1.0
TARGET_FULL_VS_HUGO_FULL = 0.05
TARGET_FULL_VS_FLOOR = 2.0
TARGET_SERVE_VS_HUGO = 1.0
TARGET_NOCHANGE = 0.10
TARGET_ONECHANGE = 0.15
TARGET_LINEAR = 5.5
TARGET_PEAK_KB = 512 * 1024
TARGET_PAGE_BYTES = 150_000


def mib(kb):
    return f"{kb / 1024:,.0f} MiB"


def verdict(ok):
    return "met" if ok else "NOT met"


def serve_latency(res):
    """The `serve-latency: key=value ...` line bench/serve-latency.sh printed last."""
    path = os.path.join(res, "serve.txt")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.startswith("serve-latency:")]
    if not lines:
        return None
    return dict(item.split("=", 1) for item in lines[-1].split()[1:] if "=" in item)


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def ratio(label, numerator, denominator, target):
    if not denominator:
        print(f"  {label:<40}       -   (not measured)")
        return
    r = numerator / denominator
    print(f"  {label:<40}{r:8.3f}   target <= {target:.2f}  {verdict(r <= target)}")


def main():
    res = sys.argv[1]
    with open(os.path.join(res, "facts.json"), encoding="utf-8") as f:
        facts = json.load(f)
    results = {}
    for name in ("hyperfine.json", "hyperfine-rebuild.json", "hyperfine-hugofull.json"):
        path = os.path.join(res, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                results.update({r["command"]: r for r in json.load(f)["results"]})

    print(f"sitegen benchmark, {facts['date']}, sitegen {facts['sitegen_rev']}, hugo {facts['hugo']}, "
          f"hyperfine {facts['hyperfine']}")
    print(f"machine: {facts['nproc']} CPUs ({facts['cpu']}), {mib(facts['mem_kb'])} RAM, Linux {facts['kernel']}")
    rebuilds = len(results.get("sitegen one-change", {}).get("times", []))
    rebuilds_note = f" ({rebuilds} of the one-change rebuild, timed first)" if rebuilds else ""
    print(f"{facts['runs']} timed runs per command{rebuilds_note}, each full build into a new folder")
    steal_path = os.path.join(res, "steal.txt")
    if os.path.exists(steal_path):
        with open(steal_path, encoding="utf-8") as f:
            steal = float(f.read().strip() or 0)
        # On a shared VM, CPU the hypervisor gave to other machines slows every command unevenly.
        warning = "  (high: the host was busy; times are inflated, compare ratios with care)" if steal >= 5 else ""
        print(f"CPU steal during the timed runs: {steal:.1f} %{warning}")
    print()
    print(f"{'command':<24}{'median':>10}{'mean':>10}{'± sd':>9}{'min':>10}{'max':>10}{'user':>10}{'sys':>9}")
    for name, r in results.items():
        sd = r.get("stddev") or 0.0
        print(f"{name:<24}{r['median']:>9.3f}s{r['mean']:>9.3f}s{sd:>8.3f}s{r['min']:>9.3f}s{r['max']:>9.3f}s"
              f"{r['user']:>9.3f}s{r['system']:>8.3f}s")
    print()

    if facts["mode"] == "main":
        full = results["sitegen full"]["median"]
        hugo = results["hugo"]["median"]
        nochange = results["sitegen no-change"]["median"]
        onechange = results["sitegen one-change"]["median"]
        n = facts["plans"]
        print(f"corpus: {n} plans (edited for the one-change rebuild: {facts['edited']}.md and .yaml)")
        print(f"ratios of medians:")
        ratio("sitegen full / hugo-full", full, results.get("hugo-full", {}).get("median"), TARGET_FULL_VS_HUGO_FULL)
        ratio("sitegen full / floor", full, results.get("floor", {}).get("median"), TARGET_FULL_VS_FLOOR)
        ratio("sitegen full / hugo (plan pages only)", full, hugo, TARGET_FULL_VS_HUGO)
        ratio("no-change rebuild / full", nochange, full, TARGET_NOCHANGE)
        ratio("one-change rebuild / full", onechange, full, TARGET_ONECHANGE)
        serve = serve_latency(res)
        if serve:
            print(f"serve edit latency (save to changed page served; medians of {serve.get('edits', '?')} edits):")
            for kind in ("plan", "indicator"):
                sg = number(serve.get(f"sitegen_{kind}_ms"))
                hg = number(serve.get(f"hugo_{kind}_ms"))
                if sg is None:
                    continue
                shown = f"  {kind} edit: sitegen {sg:.0f} ms"
                if hg:
                    shown += f", hugo server {hg:.0f} ms, ratio {sg / hg:.2f}   target <= {TARGET_SERVE_VS_HUGO:.2f}  " \
                             f"{verdict(sg / hg <= TARGET_SERVE_VS_HUGO)}"
                print(shown)
        print(f"peak memory (one full build, /usr/bin/time -v, max RSS):")
        print(f"  sitegen   {mib(facts['sitegen_peak_kb']):>10}   ({facts['sitegen_wall_s']:.2f} s wall)")
        print(f"  hugo      {mib(facts['hugo_peak_kb']):>10}   ({facts['hugo_wall_s']:.2f} s wall, plan pages only)")
        if "hugofull_peak_kb" in facts:
            print(f"  hugo-full {mib(facts['hugofull_peak_kb']):>10}   ({facts['hugofull_wall_s']:.2f} s wall, the whole site)")
        print(f"pages written (*.html): sitegen {facts['sitegen_pages']}, hugo {facts['hugo_pages']}, "
              f"hugo-full {facts.get('hugofull_pages', '-')}")
        print(f"pages per second (median): sitegen {facts['sitegen_pages'] / full:,.0f}, "
              f"hugo {facts['hugo_pages'] / hugo:,.0f}")
        weight_path = os.path.join(res, "page-weight.json")
        if os.path.exists(weight_path):
            with open(weight_path, encoding="utf-8") as f:
                weights = json.load(f)
            largest = max(w["largest"] for w in weights.values())
            print(f"largest page of each kind (target: none over {TARGET_PAGE_BYTES:,} B: {verdict(largest <= TARGET_PAGE_BYTES)}):")
            for kind, w in weights.items():
                print(f"  {kind:<12}{w['pages']:>7} pages  largest {w['largest']:>9,} B  {w['path']}")
    else:
        sizes = facts["sizes"]
        print(f"{'plans':>7}{'sitegen full':>14}{'hugo':>10}{'ratio':>8}{'sitegen peak':>14}{'hugo peak':>12}"
              f"{'sg pages':>10}{'hugo pages':>12}")
        medians = {}
        for n, s in sizes.items():
            sg = results[f"sitegen full {n}"]["median"]
            hg = results[f"hugo {n}"]["median"]
            medians[n] = (sg, hg)
            print(f"{n:>7}{sg:>13.3f}s{hg:>9.3f}s{sg / hg:>8.2f}{mib(s['sitegen_peak_kb']):>14}"
                  f"{mib(s['hugo_peak_kb']):>12}{s['sitegen_pages']:>10}{s['hugo_pages']:>12}")
        if "2000" in medians and "10000" in medians:
            sg = medians["10000"][0] / medians["2000"][0]
            hg = medians["10000"][1] / medians["2000"][1]
            print(f"\n10000 / 2000 plans: sitegen {sg:.2f}x (target <= {TARGET_LINEAR}: {verdict(sg <= TARGET_LINEAR)}), "
                  f"hugo {hg:.2f}x")
            peak = sizes["10000"]["sitegen_peak_kb"]
            print(f"sitegen peak memory at 10000 plans: {mib(peak)} (target <= {mib(TARGET_PEAK_KB)}: {verdict(peak <= TARGET_PEAK_KB)})")
        national = facts.get("national")
        if national:
            print(f"\n{national['plans']} plans, built once: {national['sitegen_wall_s']:.1f} s wall, "
                  f"{national['sitegen_cpu_s']:.1f} s CPU, peak {mib(national['sitegen_peak_kb'])}, "
                  f"{national['sitegen_pages']:,} pages, {national['files']:,} files, {national['output_kb'] / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
