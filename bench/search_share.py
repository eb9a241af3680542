"""Search's share of a `perf record -g` profile of a build: python3 bench/search_share.py perf.data.
Each user sample goes to the first search frame from its leaf up (see docs/performance.md, search10),
named by the first of `pats` its symbol matches; kernel samples are left out.
(Search's share by timing, a build with search against one without: bench/search-share.sh.)"""
import collections
import re
import subprocess
import sys

data = sys.argv[1]
out = subprocess.run(['perf', 'script', '-i', data, '-F', 'comm,tid,ip,sym'], capture_output=True, text=True).stdout
samples = out.split('\n\n')
# (name, pattern of a symbol): the first that matches a frame, from the leaf upward, names the sample
pats=[
 ('tokenizer indexTokens', r'SearchTokenizerO11indexTokens'),
 ('PostingsBuilder.add/cjk/word (incl code table)', r'PostingsBuilderV3add|PostingsBuilderV3cjk|PostingsBuilderV4word|SearchCodeTable'),
 ('PostingsBuilder.finish', r'PostingsBuilderV6finish'),
 ('SearchIndex.sections/plainText/plainPieces', r'SearchIndexV8sections|SearchIndexV9plainText|SearchIndexV11plainPieces'),
 ('searchGroup (read text etc)', r'searchGroup'),
 ('postings() other', r'SearchIndexV8postings'),
 ('gather: Gathered.add/appendNumber', r'GatheredV3add|appendNumber|TokenPostingsV3add|SearchShardsV5Store|SearchShardsV5Tally'),
 ('gather: Bucketed/PlanBuffers', r'BucketedV|PlanBuffersV'),
 ('gather: tokens()', r'GatheredV6tokens|StoreC6tokens'),
 ('gather other', r'SearchShardsV6gather'),
 ('memo encode', r'SearchPostingsMemoV6encode'),
 ('memo other', r'SearchPostingsMemo'),
 ('memo digests', r'SearchShardsV7digests'),
 ('shard/split/layout/overflows', r'SearchShardsV5shard|SearchShardsV6layout|SearchShardsV9overflows|SearchShardsV5split'),
 ('documentFile', r'documentFile'),
 ('renderSearch/other search', r'renderSearch|Search'),
]


def search_part(frames):
    """The name of the first pattern a frame matches (frames leaf first), or None."""
    for frame in frames:
        for name, pattern in pats:
            if re.search(pattern, frame):
                return name
    return None


total, kernel, counts = 0, 0, collections.Counter()
for sample in samples:
    lines = sample.strip().split('\n')
    if not lines[0].strip():
        continue
    total += 1
    if len(lines) > 1 and lines[1].strip().startswith("ffffffff"):  # the leaf in the kernel
        kernel += 1
        continue
    part = search_part(lines[1:])
    if part:
        counts[part] += 1
user = total - kernel
search = sum(counts.values())
print('user-leaf samples', user, 'kernel', kernel, 'search', search, '%.1f%%' % (100 * search / user))
for name, _ in pats:
    print('%-48s %6d %5.1f%%' % (name, counts[name], 100 * counts[name] / user))
