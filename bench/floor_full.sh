#!/usr/bin/env bash
# Issue 19's floor for a full build: `cp -r` of a built output tree into a
# new folder, at the same time as floor.c over every plan and indicator file
# of the site split in two halves (one floor process per core). Prints the
# wall time of the whole and the two halves' CPU.
#
#   bench/floor_full.sh OUTPUT_TREE SITE NEW_FOLDER
#
# floor.c is ../shared/bench/floor.c (gcc -O2 floor.c -lcmark -lyaml), built
# into $FLOOR (default /tmp/sitegen-floor) when missing.
set -euo pipefail
tree=$1 site=$2 new=$3
floor=${FLOOR:-/tmp/sitegen-floor}
[ -x "$floor" ] || gcc -O2 "$(dirname "$0")/../../shared/bench/floor.c" -lcmark -lyaml -o "$floor"
[ -e "$new" ] && { echo "$new exists: give a new folder" >&2; exit 2; }
mapfile -t all < <(ls "$site"/content/plans/*.md "$site"/content/indicators/*.yaml)
a=() b=()
for i in "${!all[@]}"; do if (( i % 2 )); then b+=("${all[$i]}"); else a+=("${all[$i]}"); fi; done
start=$(date +%s.%N)
cp -r "$tree" "$new" & p1=$!
"$floor" "${a[@]}" > "$new.half-a" & p2=$!
"$floor" "${b[@]}" > "$new.half-b" & p3=$!
wait $p1 $p2 $p3
end=$(date +%s.%N)
echo "floor wall $(echo "$end - $start" | bc) s (floor.c halves: $(cut -d' ' -f1 "$new.half-a") + $(cut -d' ' -f1 "$new.half-b") cpu s)"
rm -f "$new.half-a" "$new.half-b"
