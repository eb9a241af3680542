"""Search's share of a `perf record -g` profile of a build: python3 bench/search_share.py perf.data.
Each sample of user code goes to the first search frame from its leaf up (see docs/performance.md, search10)."""
import sys,subprocess,re,collections
data=sys.argv[1]
out=subprocess.run(['perf','script','-i',data,'-F','comm,tid,ip,sym'],capture_output=True,text=True).stdout
samples=out.split('\n\n')
# first match from the leaf upward
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
tot=0;c=collections.Counter();kern=0
for s in samples:
    lines=s.strip().split('\n')
    if not lines or not lines[0].strip(): continue
    tot+=1
    if len(lines)>1 and lines[1].strip().startswith("ffffffff"): kern+=1; continue
    for l in lines[1:]:
        hit=None
        for k,pat in pats:
            if re.search(pat,l): hit=k;break
        if hit: c[hit]+=1;break
s=sum(c.values())
tot-=kern
print('user-leaf samples',tot,'kernel',kern,'search',s,'%.1f%%'%(100*s/tot))
for k,_ in pats: print('%-48s %6d %5.1f%%'%(k,c[k],100*c[k]/tot))
