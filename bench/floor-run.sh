#!/usr/bin/env bash
# The floor of a full build (issue 19), one timed run: copy a finished
# output tree into a new folder (`cp -r`) while floor.c parses every plan and
# indicator file of the site, the files split across the cores, all at once.
# bench/run.sh times this with hyperfine next to the full build.
#
#   floor-run.sh FLOOR_BINARY SITE BUILT_TREE NEW_FOLDER
set -euo pipefail
floor=$1 site=$2 built=$3 copy=$4

parts=$(nproc)
mapfile -t files < <(find "$site/content/plans" -name '*.md' -type f; find "$site/content/indicators" -name '*.yaml' -type f)
cp -r "$built" "$copy" &
pids=($!)
for ((p = 0; p < parts; p++)); do
    share=()
    for ((i = p; i < ${#files[@]}; i += parts)); do share+=("${files[i]}"); done
    ((${#share[@]})) || continue
    "$floor" "${share[@]}" > /dev/null &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
