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
`--extra` adds queries of several tokens (e.g. 饮用水), loaded and ranked as
the script does (at most maxShards shards, the term files of the rarest
tokens within fileBudget bytes); `--sample N` cuts queries of 2, 3 and 6
tokens, and whole titles, from N titles of the site and prints the worst.
"""
import argparse
import glob
import json
import os
import random
import re
import struct
import sys

CJK_RUN = r"[\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+"
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
    ap.add_argument("--sample", type=int, default=0, help="titles to cut queries of 2, 3 and 6 tokens from")
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
    def query_terms(q):
        # The script's queryTerms (folding aside): CJK runs as pairs (one
        # character alone), words and numbers such as pm2.5; at most maxTerms.
        terms, seen = [], set()
        for run in re.findall(CJK_RUN + r"|[^\W_]+(?:\.[0-9]+)*", q.lower()):
            if re.match(CJK_RUN, run):
                term = [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
            else:
                term = [run[:40]]
            if " ".join(term) not in seen and len(terms) < config["maxTerms"]:
                seen.add(" ".join(term))
                terms.append(term)
        return terms

    def pick(query):
        # The script's pick: first tokens of every term, then the second, ...
        # within maxShards shards.
        shards, kept, i = [], [[] for _ in query], 0
        while any(i < len(t) for t in query):
            for j, term in enumerate(query):
                if i >= len(term):
                    continue
                k = shard_of(term[i])
                if k not in shards:
                    if len(shards) >= config["maxShards"]:
                        continue
                    shards.append(k)
                kept[j].append(term[i])
            i += 1
        return [t for t in kept if t], shards

    def shard_of(tok):
        h = 0x811c9dc5
        for u in struct.unpack(f">{len(tok.encode('utf-16-be')) // 2}H", tok.encode("utf-16-be")):
            h = ((h ^ u) * 16777619) & 0xFFFFFFFF
        return h % shards

    def entry(tok):
        return entries[tok][1] if tok in entries else ""

    def query_bytes(q):
        """What the script loads for q: (total bytes, shards, term files, documents files, results)."""
        query, picked = pick(query_terms(q))
        tokens = list(dict.fromkeys(t for term in query for t in term))
        total = script_bytes + sum(shard_size.get(k, 0) for k in picked)
        if len(tokens) == 1 and isinstance(entry(tokens[0]), list):
            t, s, d, n = one_token(tokens[0])
            return total + d, len(picked), 0, n, entry(tokens[0])[0]
        left, loaded = config["fileBudget"], set()
        for t in sorted((t for t in tokens if isinstance(entry(t), list)), key=lambda t: (entry(t)[0], t.encode("utf-16-be"))):
            if entry(t)[2] <= left:
                left -= entry(t)[2]
                loaded.add(t)
        files = sum(term_files[file_name(t)] for t in loaded)
        total += files
        matched = {}
        for term in query:
            lists = []
            for t in term:
                e = entry(t)
                whole = isinstance(e, str) or t in loaded
                parts = (e if isinstance(e, str) else full(t) if whole else e[1]).split(",")
                lists.append((set(numbers(parts[0])), set(numbers(parts[1] if len(parts) > 1 else "")), whole,
                              0 if isinstance(e, str) else e[0]))
            use = [p for p in lists if p[2]] or [min(lists, key=lambda p: p[3])]
            allset, title = None, None
            for ti, bo, _, _ in use:
                al = ti | bo
                allset = al if allset is None else allset & al
                title = ti if title is None else title & ti
            for i in allset:
                m = matched.setdefault(i, [0, 0])
                m[0] += 1
                m[1] += i in title
        ids = sorted(matched, key=lambda i: (-matched[i][0], -matched[i][1], i))[:limit]
        d, n = docs_bytes(ids)
        return total + d, len(picked), files, n, len(matched)

    for q in a.extra:
        total, s, f, n, count = query_bytes(q)
        print(f"query {q}: {total} B ({s} shards, term files {f} B, {n} documents files; {count} results)")
    if a.sample:
        # Queries of 2, 3 and 6 tokens cut from real titles (plan titles,
        # headings, indicator names: the texts of the documents files), and
        # whole titles as a long pasted query.
        titles = []
        for p in sorted(glob.glob(os.path.join(root, "d", "*.js"))):
            doc = json.loads(payload(p)[payload(p).index(",") + 1:])
            titles.append(doc["t"])
            titles += [e[0] for e in doc["e"] if isinstance(e, list)]
        rnd = random.Random(18)
        sample = rnd.sample(titles, min(a.sample, len(titles)))
        cases = {}
        for t in sample:
            runs = re.findall(CJK_RUN, t)
            for tokens in (2, 3, 6):
                run = next((r for r in runs if len(r) > tokens), None)
                if run:
                    at = rnd.randrange(len(run) - tokens)
                    cases.setdefault(f"{tokens} tokens", []).append(run[at:at + tokens + 1])
            cases.setdefault("whole title", []).append(t)
        budget = script_bytes + config["maxShards"] * max(shard_size.values()) + config["fileBudget"] + limit * max(doc_size.values())
        print(f"format bound for any query: search.js + {config['maxShards']} x largest shard + {config['fileBudget']} B of term files "
              f"+ {limit} x largest documents file = {budget} B")
        for name, qs in cases.items():
            rows = sorted(((query_bytes(q)[0], q) for q in qs), reverse=True)
            print(f"{name}: {len(rows)} queries; max {rows[0][0]} B ({rows[0][1]}), median {rows[len(rows) // 2][0]} B")

if __name__ == "__main__":
    sys.exit(main())
