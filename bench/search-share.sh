#!/usr/bin/env bash
# Search's share of a full build (issue 18): the same binary builds the same
# site with search on and with `search: false`, ROUNDS times each,
# interleaved (the order swapped each round), every build a true full build
# into a new folder. Prints each build's wall, user and system seconds and
# the shares (with − without) / with of the medians, for wall time (the
# build time a user waits), user CPU and user + system CPU. (Where search's
# time goes inside one build: bench/search_share.py on a perf profile.)
#
#   search-share.sh SITEGEN SITE [ROUNDS] [WORK]
#
# SITE is not changed: two copies are made with `cp -al` in WORK (default
# a new folder under /tmp; one given must be new or empty), the
# `search: false` one with a new content/site.yaml (the hard link removed
# first). The outputs are deleted only after the last round, with WORK
# (deleting big trees slows the next builds on some file systems: wait a
# few minutes before timing anything else).
set -euo pipefail
sitegen=$(realpath "${1:?usage: search-share.sh SITEGEN SITE [ROUNDS] [WORK]}")
site=$(realpath "${2:?usage: search-share.sh SITEGEN SITE [ROUNDS] [WORK]}")
rounds=${3:-5}
work=${4:-$(mktemp -d /tmp/search-share.XXXXXX)}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "search-share.sh: ROUNDS must be a positive number" >&2; exit 2; }
[[ -f $site/content/site.yaml ]] || { echo "search-share.sh: no content/site.yaml in $site" >&2; exit 2; }
# WORK holds only what this script makes (it is deleted at the end).
if [[ -e $work && -n $(ls -A "$work") ]]; then echo "search-share.sh: $work is not empty; give a new or empty folder" >&2; exit 2; fi
mkdir -p "$work"
cp -al "$site" "$work/on"
cp -al "$site" "$work/off"
rm "$work/off/content/site.yaml"
{ grep -v '^search:' "$site/content/site.yaml"; echo "search: false"; } > "$work/off/content/site.yaml"

build() { # build VARIANT ROUND: prints "wall user sys"
    local out=$work/out-$1-$2
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$sitegen" build "$work/$1" --output "$out" > /dev/null 2> "$work/log-$1-$2" \
        || { echo "search-share.sh: the $1 build of round $2 failed (see $work/log-$1-$2)" >&2; exit 1; }
    cat "$work/time"
}

: > "$work/on.txt"; : > "$work/off.txt"
for ((r = 1; r <= rounds; r++)); do
    order=(on off); ((r % 2)) || order=(off on)
    for v in "${order[@]}"; do
        t=$(build "$v" "$r")
        echo "$t" >> "$work/$v.txt"
        printf 'round %d %-3s wall %s user %s sys %s\n' "$r" "$v" $t
    done
done

# The medians of each variant's rounds, and search's share of them.
python3 - "$work/on.txt" "$work/off.txt" <<'EOF'
import statistics, sys
on = [list(map(float, l.split())) for l in open(sys.argv[1])]
off = [list(map(float, l.split())) for l in open(sys.argv[2])]
def med(rows, f): return statistics.median(f(r) for r in rows)
for name, f in [("wall", lambda r: r[0]), ("user", lambda r: r[1]), ("user + sys", lambda r: r[1] + r[2])]:
    a, b = med(on, f), med(off, f)
    print(f"{name:>10}: with search {a:.2f} s, without {b:.2f} s, share (with - without) / with = {100 * (a - b) / a:.1f} %")
EOF
rm -rf "$work"
