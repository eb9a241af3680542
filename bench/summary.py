#!/usr/bin/env python3
"""Prints the summary of one bench/run.sh run from its results folder
(facts.json written by run.sh, hyperfine.json written by hyperfine).

    summary.py RESULTS_DIR
"""
import json
import os
import sys

# Targets of issue 7 (ratios of medians in one run; memory at 10,000 plans).
TARGET_FULL_VS_HUGO = 1.0
TARGET_NOCHANGE = 0.10
TARGET_ONECHANGE = 0.15
TARGET_LINEAR = 5.5
TARGET_PEAK_KB = 1024 * 1024


def mib(kb):
    return f"{kb / 1024:,.0f} MiB"


def verdict(ok):
    return "met" if ok else "NOT met"


def main():
    res = sys.argv[1]
    with open(os.path.join(res, "facts.json"), encoding="utf-8") as f:
        facts = json.load(f)
    with open(os.path.join(res, "hyperfine.json"), encoding="utf-8") as f:
        results = {r["command"]: r for r in json.load(f)["results"]}

    print(f"sitegen benchmark, {facts['date']}, sitegen {facts['sitegen_rev']}, hugo {facts['hugo']}, "
          f"hyperfine {facts['hyperfine']}")
    print(f"machine: {facts['nproc']} CPUs ({facts['cpu']}), {mib(facts['mem_kb'])} RAM, Linux {facts['kernel']}")
    print(f"{facts['runs']} timed runs per command, each full build into a new folder")
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
        print(f"  sitegen full / hugo         {full / hugo:8.2f}   target <= {TARGET_FULL_VS_HUGO:.2f}  "
              f"{verdict(full / hugo <= TARGET_FULL_VS_HUGO)}")
        print(f"  no-change rebuild / full    {nochange / full:8.2f}   target <= {TARGET_NOCHANGE:.2f}  "
              f"{verdict(nochange / full <= TARGET_NOCHANGE)}")
        print(f"  one-change rebuild / full   {onechange / full:8.2f}   target <= {TARGET_ONECHANGE:.2f}  "
              f"{verdict(onechange / full <= TARGET_ONECHANGE)}")
        print(f"peak memory (one full build, /usr/bin/time -v, max RSS):")
        print(f"  sitegen {mib(facts['sitegen_peak_kb']):>10}   ({facts['sitegen_wall_s']:.2f} s wall)")
        print(f"  hugo    {mib(facts['hugo_peak_kb']):>10}   ({facts['hugo_wall_s']:.2f} s wall)")
        print(f"pages written (*.html): sitegen {facts['sitegen_pages']}, hugo {facts['hugo_pages']}")
        print(f"pages per second (median): sitegen {facts['sitegen_pages'] / full:,.0f}, "
              f"hugo {facts['hugo_pages'] / hugo:,.0f}")
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
            print(f"sitegen peak memory at 10000 plans: {mib(peak)} (target <= 1 GiB: {verdict(peak <= TARGET_PEAK_KB)})")


if __name__ == "__main__":
    main()
