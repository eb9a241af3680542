#!/usr/bin/env python3
"""Bytes a search query loads, for every token of a built site's index.

    python3 bench/search_bytes.py PUBLIC [--extra QUERY ...]

For each token of every term shard (search/t/*.js) — so every CJK character
and pair and every word indexed — it computes what the browser script loads
for a query of that one token: search/search.js, the token's shard (a
two-character query is one pair token; see SearchScript), its term file if
the shard holds only a stub and the query needs more than the stub (never,
for one token), and the documents files (search/d/P-C.js) of the first 50
results. It prints the maximum and the largest cases for two-character
(CJK pair) queries, one-character queries and words, and the format's
limits measured on this site (largest shard, term file, documents file).
`--extra` adds queries of several tokens (e.g. 饮用水), which load the term
files of their tokens (ranked as SearchRanking does).
"""
import argparse
import glob
import json
import os
import re
import sys

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def numbers(s):
    out, n, prev = [], 0, 0
    for ch in s:
        d = DIGITS.index(ch)
        if d >= 32:
            n = n * 32 + d - 32
        else:
            prev += n * 32 + d
            out.append(prev)
            n = 0
    return out


def payload(path):
    text = open(path, encoding="utf-8").read()
    return text[text.index("(") + 1:text.rindex(")")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("public")
    ap.add_argument("--extra", nargs="*", default=[])
    a = ap.parse_args()
    root = os.path.join(a.public, "search")
    script = open(os.path.join(root, "search.js"), encoding="utf-8").read()
    config = json.loads(re.search(r"var C = (\{.*?\});\n", script).group(1))
    stride, chunk, limit, shards = config["stride"], config["chunk"], config["limit"], config["shards"]
    size = lambda p: os.path.getsize(p)
    script_bytes = size(os.path.join(root, "search.js"))
    doc_size = {}
    for p in glob.glob(os.path.join(root, "d", "*.js")):
        doc_size[os.path.basename(p)[:-3]] = size(p)
    term_files = {os.path.basename(p): size(p) for p in glob.glob(os.path.join(root, "w", "*.js"))}
    entries = {}  # token -> (shard, value)
    shard_size = {}
    for p in glob.glob(os.path.join(root, "t", "*.js")):
        k = int(os.path.basename(p)[:-3])
        shard_size[k] = size(p)
        body = payload(p)
        obj = json.loads(body[body.index(",") + 1:])
        for tok, v in obj.items():
            entries[tok] = (k, v)

    def file_name(tok):
        b = tok.encode("utf-16-be")
        return b.hex() + ".js"

    def full(tok):
        k, v = entries[tok]
        if isinstance(v, str):
            return v
        return json.loads("[" + payload(os.path.join(root, "w", file_name(tok))) + "]")[1]

    def docs_bytes(ids):
        files = {f"{i // stride}-{i % stride // chunk}" for i in ids}
        return sum(doc_size[f] for f in files), len(files)

    def one_token(tok):
        k, v = entries[tok]
        lists = (v[1] if isinstance(v, list) else v).split(",")
        ids = [i for part in lists for i in numbers(part)][:limit]
        d, n = docs_bytes(ids)
        return script_bytes + shard_size[k] + d, shard_size[k], d, n

    def kind(tok):
        if all(ord(c) >= 0x3005 for c in tok) and len(tok) == 2:
            return "pair"
        if len(tok) == 1 and ord(tok) >= 0x3005:
            return "character"
        return "word"

    worst = {}
    for tok in entries:
        total, s, d, n = one_token(tok)
        kd = kind(tok)
        worst.setdefault(kd, []).append((total, tok, s, d, n))
    print(f"site: {a.public}")
    print(f"tokens: {len(entries)}; shards {len(shard_size)}, term files {len(term_files)}, documents files {len(doc_size)}")
    print(f"largest shard {max(shard_size.values())} B; largest term file {max(term_files.values(), default=0)} B; "
          f"largest documents file {max(doc_size.values())} B; search.js {script_bytes} B")
    print(f"format bound for one token: search.js + largest shard + {limit} x largest documents file = "
          f"{script_bytes + max(shard_size.values()) + limit * max(doc_size.values())} B")
    for kd in ("pair", "character", "word"):
        rows = sorted(worst.get(kd, []), reverse=True)
        if not rows:
            continue
        print(f"{kd}: {len(rows)} tokens; max {rows[0][0]} B ({rows[0][1]}: shard {rows[0][2]} B + {rows[0][4]} documents files {rows[0][3]} B); "
              f"median {rows[len(rows) // 2][0]} B")
        for r in rows[:5]:
            print(f"   {r[1]}: {r[0]} B")
    for q in a.extra:
        # Several tokens: shards, the term files of tokens with a stub, ranked documents.
        q = q.lower()
        terms = []
        runs = re.findall(r"[\u3005-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+|[a-z0-9.]+", q)
        for run in runs:
            if re.match(r"[a-z0-9]", run):
                terms.append([run])
            elif len(run) == 1:
                terms.append([run])
            else:
                terms.append([run[i:i + 2] for i in range(len(run) - 1)])
        toks = [t for term in terms for t in term]
        loaded = {entries[t][0] for t in toks if t in entries}
        total = script_bytes + sum(shard_size[k] for k in loaded)
        if len(toks) == 1 and toks[0] in entries:
            print(f"query {q}: {one_token(toks[0])[0]} B")
            continue
        total += sum(term_files[file_name(t)] for t in set(toks) if t in entries and not isinstance(entries[t][1], str))
        matched = {}
        for term in terms:
            allset, title = None, None
            for t in term:
                parts = full(t).split(",") if t in entries else [""]
                ti = set(numbers(parts[0]))
                al = ti | set(numbers(parts[1] if len(parts) > 1 else ""))
                allset = al if allset is None else allset & al
                title = ti if title is None else title & ti
            for i in allset:
                m = matched.setdefault(i, [0, 0])
                m[0] += 1
                m[1] += i in title
        ids = sorted(matched, key=lambda i: (-matched[i][0], -matched[i][1], i))[:limit]
        d, n = docs_bytes(ids)
        print(f"query {q}: {total + d} B ({len(loaded)} shards and term files {total - script_bytes} B, {n} documents files {d} B; {len(matched)} results)")


if __name__ == "__main__":
    sys.exit(main())
