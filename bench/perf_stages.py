#!/usr/bin/env python3
"""Breaks a `perf record -g` profile of `sitegen build` down by pipeline stage.

    perf script -i PERF.DATA -F period,ip,sym,dso | swift-demangle --simplified | perf_stages.py

Each sample's call stack is read from the root down and matched against
MARKERS (regexes on demangled symbols): the chain of markers it passes
through is its place in the tree (load > YAML parse > Yams parser, render >
planView > Markdown render > cmark parse, ...). The tree shows inclusive CPU
time per place. Then the leaf (self) time by kind of code, and the top leaf
symbols. Time = samples x period (ns for -e cpu-clock).
"""
import collections
import re
import sys

# (label, regex) checked on every frame, root first; a frame may match one marker.
MARKERS = [
    ("load", r"SiteLoader\.load\(root:"),
    ("read + list files", r"SiteLoader\.(readText|listFiles)"),
    ("decode UTF-8", r"SourceFile\.decode"),
    ("front matter split", r"FrontMatter\.split"),
    ("YAML parse", r"YAMLDocument\.parse"),
    ("depth pre-scan", r"YAMLDocument\.lineExceedingDepth"),
    ("complex-key pre-scan", r"YAMLDocument\.complexKey"),
    ("libyaml events → YAMLTree", r"YAMLEventReader\.read"),
    ("Yams duplicate-key check (hashes nodes, resolves tags by regex)", r"Parser\.checkDuplicates"),
    ("Yams parser/composer", r"Yams.*Parser\.|Parser\.(singleRoot|loadDocument|loadMapping|loadSequence|loadScalar|loadNode)"),
    ("validate", r"SiteValidator\.validate"),
    ("site.yaml", r"SiteConfigValidator\.validate"),
    ("plan front matter + body", r"PlanValidator\.validate"),
    ("Markdown pre-parse (BodyAnalysis)", r"BodyAnalysis\.analyze"),
    ("indicator file", r"IndicatorValidator\.validate"),
    ("MappingReader", r"MappingReader\."),
    ("plain observations on bytes", r"IndicatorValidator\.plainObservation"),
    ("section lookup", r"SectionMatcher\.find"),
    ("templates load", r"TemplateSet\.load"),
    ("evaluate", r"Pipeline\.evaluate|Evaluator\."),
    ("render", r"SiteRenderer\.render\(\)"),
    ("planView", r"SiteRenderer\.planView"),
    ("indicatorView", r"SiteRenderer\.indicatorView"),
    ("homeView", r"SiteRenderer\.homeView"),
    ("listView", r"SiteRenderer\.listView"),
    ("open data", r"OpenData\.(indicators|observations)"),
    ("page() (layout + page template)", r"SiteRenderer\.page\("),
    ("progress table", r"SiteRenderer\.progressTable"),
    ("rowView", r"SiteRenderer\.rowView"),
    ("badge", r"SiteRenderer\.badge"),
    ("textView (Mirror)", r"SiteRenderer\.textView"),
    ("Markdown render", r"MarkdownRenderer\.render"),
    ("CJK fix", r"CJKInline\.fix"),
    ("cmark parse", r"^cmark_parse_document"),
    ("cmark render", r"^cmark_render_html"),
    ("SVG chart", r"Chart\.(quantitative|milestone)"),
    ("NumberText (String(format:))", r"NumberText\.(format|fixed)"),
    ("Mustache", r"MustacheLibrary\.render|MustacheTemplate\.render\(_:library:\)"),
    ("sort diagnostics", r"sortedForReport"),
    ("write", r"Publisher\.publish"),
    ("write files", r"Publisher\.write\(_:into:\)|TreeWriter\.write\("),
    ("make folders", r"TreeWriter\.makeFolder"),
    ("search index", r"SearchShards\.init|SearchIndex\."),
    ("remove old tree", r"removeItem"),
    ("copy assets", r"copyItem"),
    ("print diagnostics", r"printDiagnostics"),
]
COMPILED = [(label, re.compile(rx)) for label, rx in MARKERS]


def leaf_kind(sym, dso):
    if dso.startswith("[kernel"):
        return "kernel (syscalls, page faults)"
    if re.search(r"^(swift_(retain|release|bridgeObject|allocObject|deallocClassInstance|isUniquely|beginAccess|endAccess)|_swift_release_dealloc|swift::RefCounts|malloc|_int_malloc|_int_free|cfree|free|malloc_consolidate|unlink_chunk|__libc_malloc|realloc|_int_realloc|swift_arrayDestroy|swift_arrayInitWithCopy)", sym):
        return "Swift ARC + malloc/free"
    if re.search(r"dynamicCast|tryCast|conformsToProtocol|ConformanceCache|swift_getAssociated|getTypeByMangled|swift_getGenericMetadata|swift_checkMetadataState|Existential|swift_getWitnessTable|swift_getTypeName", sym):
        return "Swift dynamic casts / protocol lookups (Any)"
    if "cmark" in dso:
        return "libcmark"
    if "ICU" in dso or "icu" in sym:
        return "ICU (regex, case folding)"
    if "Foundation" in dso:
        return "Foundation (NSString, String(format:), FileManager)"
    if "libswiftCore" in dso:
        return "Swift stdlib (String, Array, Dictionary, Hasher)"
    if dso.startswith("libc") or dso.startswith("ld-linux") or dso.startswith("libm"):
        return "libc (memmove, printf_fp, ...)"
    if dso == "sitegen":
        return "sitegen binary (sitegen, Yams, Mustache code)"
    return "other: " + dso


def parse(stream):
    """Yields (period, [(sym, dso)] leaf first) per sample."""
    period, frames = None, []
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if period is not None:
                yield period, frames
            period, frames = None, []
            continue
        if not line.startswith("\t") and not line.startswith(" " * 8):
            try:
                period = int(line.split()[-1] if line.split() else 0)
            except ValueError:
                period = 1
            frames = []
            continue
        m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$", line)
        if m:
            sym, dso = m.group(1), m.group(2).rsplit("/", 1)[-1]
            sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
            frames.append((sym, dso))
    if period is not None:
        yield period, frames


def main():
    total = 0
    tree = collections.Counter()
    kinds = collections.Counter()
    leaves = collections.Counter()
    for period, frames in parse(sys.stdin):
        if not frames:
            continue
        total += period
        path = []
        for sym, _ in reversed(frames):
            for label, rx in COMPILED:
                if rx.search(sym):
                    if label not in path:
                        path.append(label)
                    break
        if not path:
            # libc is built without frame pointers: a sample in malloc, free or
            # printf often has no callers with -g (use --call-graph dwarf).
            roots = " ".join(sym for sym, _ in frames)
            if "sitegen_main" in roots or "Build.run" in roots:
                path = ["(CLI outside Pipeline.build: arguments, exit)"]
            else:
                path = ["(stack not unwound: " + leaf_kind(*frames[0]) + ")"]
        for i in range(1, len(path) + 1):
            tree[tuple(path[:i])] += period
        sym, dso = frames[0]
        kinds[leaf_kind(sym, dso)] += period
        leaves[(sym, dso)] += period

    def s(x):
        return f"{x / 1e9:8.2f} s {100 * x / total:5.1f}%"

    print(f"total CPU sampled: {total / 1e9:.2f} s\n")
    print("inclusive time by stage (samples whose stack passes through each marker, nested):")
    children = collections.defaultdict(list)
    for key in tree:
        children[key[:-1]].append(key)

    def show(prefix, depth):
        for key in sorted(children[prefix], key=lambda k: -tree[k]):
            if tree[key] / total < 0.002:
                continue
            print(f"  {s(tree[key])}  {'  ' * depth}{key[-1]}")
            show(key, depth + 1)

    show((), 0)
    print("\nself time by kind of code:")
    for k, v in kinds.most_common():
        print(f"  {s(v)}  {k}")
    print("\ntop 30 self (leaf) symbols:")
    for (sym, dso), v in leaves.most_common(30):
        print(f"  {s(v)}  {sym[:110]}  [{dso}]")


if __name__ == "__main__":
    main()
