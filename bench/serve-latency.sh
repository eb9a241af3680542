#!/usr/bin/env bash
# Edit-to-fresh-page latency: `sitegen serve` against `hugo server` on the
# same plans, measured in one run by one HTTP client (issue 19).
#
#   bench/serve-latency.sh SITEGEN SITE_DIR HUGO_SITE_DIR [--edits N] [--pause S] [--base SITEGEN2]
#
#   SITEGEN        the sitegen binary (a release build)
#   SITE_DIR       sitegen site (content/, templates/), e.g. /work/corpus/c2000
#   HUGO_SITE_DIR  Hugo site of the same plans, e.g. /work/corpus/c2000-hugo
#   --edits N      edits of each kind (plan, indicator) per server; default 5
#   --pause S      seconds between edits (an official reads the page); default 3
#   --work DIR     keep the copies and sitegen's output in DIR (default: a
#                  temporary folder, removed after)
#   --base SITEGEN2  another sitegen binary (e.g. a build of the code before
#                  a change) on its own copy, given the same edits in turn
#
# Both sites are copied first (the given folders are never changed); both
# servers are stopped at the end. hugo is installed with apt-get if missing.
# The last line of stdout is the machine-readable summary:
#   serve-latency: edits=N pause=S sitegen_plan_ms=… sitegen_indicator_ms=… hugo_plan_ms=… hugo_indicator_ms=… ratio_plan=… ratio_indicator=…
# What is edited and polled: see bench/serve_latency.py and bench/README.md.
set -euo pipefail

usage() { sed -n '2,23s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
if (($# < 3)) || [[ $1 == -h || $1 == --help ]]; then usage >&2; exit 2; fi
[[ -x $1 ]] || { echo "serve-latency.sh: $1 is not an executable" >&2; exit 2; }
[[ -d $2/content ]] || { echo "serve-latency.sh: $2 has no content/ folder" >&2; exit 2; }
[[ -d $3/content ]] || { echo "serve-latency.sh: $3 has no content/ folder" >&2; exit 2; }

if ! command -v hugo > /dev/null; then
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo > /dev/null \
        || { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
             && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo > /dev/null; }
fi

exec python3 "$(dirname "${BASH_SOURCE[0]}")/serve_latency.py" "$@"
