#!/usr/bin/env python3
"""The largest page of each kind in a built site (issue 19: no page over 150 KB).

    page_weight.py BUILT_TREE          prints JSON: {kind: {"pages": N, "largest": BYTES, "path": P}}
"""
import json
import os
import sys


def kind(path):
    parts = path.split("/")
    if path == "index.html":
        return "home"
    if parts[0] == "plans":
        return "plan index" if len(parts) == 2 else "plan"
    if parts[0] == "indicators":
        return "indicator"
    if parts[0] == "status":
        return "status list"
    if parts[0] == "areas":
        return "area list"
    if parts[0] == "search":
        return "search"
    return "other"


def main():
    root = sys.argv[1]
    kinds = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".html"):
                continue
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            size = os.path.getsize(full)
            k = kinds.setdefault(kind(rel), {"pages": 0, "largest": 0, "path": ""})
            k["pages"] += 1
            if size > k["largest"] or (size == k["largest"] and rel < k["path"]):
                k["largest"], k["path"] = size, rel
    json.dump(dict(sorted(kinds.items())), sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
