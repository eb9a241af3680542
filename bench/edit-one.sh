#!/usr/bin/env bash
# Used by bench/run.sh as hyperfine's --prepare step of the "one change"
# rebuild: changes one plan file and one indicator file of SITE so that their
# content really differs from the last build, a little differently each run.
#
#   edit-one.sh SITE PRISTINE SLUG COUNTER_FILE
#
# PRISTINE holds the untouched copies (SLUG.md, SLUG.yaml); every run starts
# from them, so the corpus never grows and `run.sh` can restore it afterwards.
set -euo pipefail
site=$1 pristine=$2 slug=$3 counter=$4

n=$(( $(cat "$counter" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$counter"

# The plan: one more paragraph at the end of the text.
{ cat "$pristine/$slug.md"; printf '\n基准测试第%d次修改：本段由 bench/edit-one.sh 写入。\n' "$n"; } \
    > "$site/content/plans/$slug.md"

# The indicator file: the first indicator's name changes (its page, the
# plan's progress table, the list pages and the open data all show it).
awk -v n="$n" '!done && /^    name: / { print $0 "（第" n "次修改）"; done = 1; next } { print }' \
    "$pristine/$slug.yaml" > "$site/content/indicators/$slug.yaml"
