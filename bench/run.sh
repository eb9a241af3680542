#!/usr/bin/env bash
# sitegen benchmark (issue 7): sitegen against Hugo on the generated corpus.
# Run from anywhere; see bench/README.md.
#
#   bench/run.sh                 2,000 plans: full build, Hugo (plan pages), Hugo (whole site),
#                                the floor, no-change and one-change rebuilds, serve edit latency
#   bench/run.sh --plans 200     another size
#   bench/run.sh --scaling       full builds (sitegen and Hugo) at 200, 2,000 and 10,000 plans
#   bench/run.sh --scaling --national   and sitegen alone at 50,000 plans
#
# Options: --runs R (timed runs per command; default 5, 3 with --scaling),
#          --rebuild-runs R (timed one-change rebuilds; default 10),
#          --hugo-full-runs R (runs of the whole-site Hugo build; default 3),
#          --edits E (serve latency: edits of each kind per server; default 5),
#          --no-serve (skip the serve latency), --no-install (never call apt-get).
# Environment: BENCH_DIR (work dir, default /tmp/sitegen-bench),
#          GEN_CORPUS (default REPO/../shared/bench/gen_corpus.py),
#          SCALING_SIZES (default "200 2000 10000"), SETTLE (seconds, default 90).
set -euo pipefail

usage() { sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

PLANS=2000
SCALING=0
NATIONAL=0
HUGO_FULL_RUNS=3
REBUILD_RUNS=10
EDITS=5
SERVE=1
RUNS=
INSTALL=1
while (($#)); do
    case $1 in
        --plans) PLANS=${2:?--plans needs a number}; shift 2 ;;
        --plans=*) PLANS=${1#*=}; shift ;;
        --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
        --runs=*) RUNS=${1#*=}; shift ;;
        --scaling) SCALING=1; shift ;;
        --national) NATIONAL=1; shift ;;
        --hugo-full-runs) HUGO_FULL_RUNS=${2:?--hugo-full-runs needs a number}; shift 2 ;;
        --rebuild-runs) REBUILD_RUNS=${2:?--rebuild-runs needs a number}; shift 2 ;;
        --edits) EDITS=${2:?--edits needs a number}; shift 2 ;;
        --no-serve) SERVE=0; shift ;;
        --no-install) INSTALL=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
[[ -z $RUNS ]] && { ((SCALING)) && RUNS=3 || RUNS=5; }
[[ $PLANS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --plans must be a positive number" >&2; exit 2; }
for v in "$RUNS" "$HUGO_FULL_RUNS" "$REBUILD_RUNS" "$EDITS"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs, --hugo-full-runs, --rebuild-runs and --edits take a positive number" >&2; exit 2; }
done
((NATIONAL && !SCALING)) && { echo "run.sh: --national goes with --scaling" >&2; exit 2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
GEN_CORPUS=${GEN_CORPUS:-$REPO/../shared/bench/gen_corpus.py}
BENCH_DIR=${BENCH_DIR:-/tmp/sitegen-bench}
SCALING_SIZES=${SCALING_SIZES:-200 2000 10000}
SETTLE=${SETTLE:-90}
SITEGEN=$REPO/.build-release/release/sitegen
FLOOR=$BENCH_DIR/floor
TEMPLATES=$REPO/templates

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }
q() { printf '%q' "$1"; }

# --- tools -----------------------------------------------------------------

ensure_tools() {
    local missing=()
    command -v hyperfine > /dev/null || missing+=(hyperfine)
    command -v hugo > /dev/null || missing+=(hugo)
    [[ -x /usr/bin/time ]] || missing+=(time)
    command -v python3 > /dev/null || missing+=(python3)
    command -v gcc > /dev/null || missing+=(gcc)
    dpkg -s libcmark-dev > /dev/null 2>&1 || missing+=(libcmark-dev)
    dpkg -s libyaml-dev > /dev/null 2>&1 || missing+=(libyaml-dev)
    ((${#missing[@]})) || return 0
    ((INSTALL)) || die "missing: ${missing[*]} (and --no-install was given)"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    log "installing ${missing[*]} with apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

build_sitegen() {
    [[ -d /opt/swift/usr/bin ]] && export PATH=/opt/swift/usr/bin:$PATH
    command -v swift > /dev/null || die "swift is not on PATH (expected in /opt/swift/usr/bin)"
    log "building the release binary (.build-release)"
    (cd "$REPO" && swift build -c release --scratch-path .build-release)
    [[ -x $SITEGEN ]] || die "no binary at $SITEGEN"
}

# The parsing floor (../shared/bench/floor.c), built beside the corpora.
build_floor() {
    mkdir -p "$BENCH_DIR"
    gcc -O2 -o "$FLOOR" "$(dirname "$GEN_CORPUS")/floor.c" -lcmark -lyaml
}

# --- work dir --------------------------------------------------------------

# Nothing is deleted before the timing: on an ext4 without a journal, every
# new file or folder skips the inodes freed in the last minute or more
# (`recently_deleted`; up to six minutes until their table block is written
# back), which made the system time of a build depend on what was deleted
# just before it (docs/performance.md, "Writing the tree"). So the output
# trees of the last run are only moved into .trash at the start, and .trash
# is emptied at the end of the run; the time of that deletion is kept, and
# the timing of the next run waits until SETTLE seconds have passed since.
CLEANED_AT=0
clean_old_outputs() {
    mkdir -p "$BENCH_DIR/.trash"
    [[ -f $BENCH_DIR/.deleted-at ]] && CLEANED_AT=$(< "$BENCH_DIR/.deleted-at")
    local d
    for d in "$BENCH_DIR"/out-*; do
        [[ -e $d ]] || continue
        log "moving ${d##*/} of the last run into .trash (emptied after the timing)"
        mv "$d" "$BENCH_DIR/.trash/${d##*/}-$$-$RANDOM"
    done
}

empty_trash() {
    [[ -d $BENCH_DIR/.trash ]] || return 0
    log "deleting the output trees of the last run (after the timing)"
    rm -rf "$BENCH_DIR/.trash"
    date +%s > "$BENCH_DIR/.deleted-at"
}

settle() {
    ((CLEANED_AT)) || return 0
    local wait=$((CLEANED_AT + SETTLE - $(date +%s)))
    if ((wait > 0)); then
        log "waiting ${wait}s for the file system to settle after the deletions"
        sleep "$wait"
    fi
}

# Generates (or reuses) the corpus of N plans in $BENCH_DIR/plans-N/{site,site-hugo},
# and with "full" as the second argument the whole site as Hugo in site-hugofull.
corpus() {
    local n=$1 dir=$BENCH_DIR/plans-$1 full=${2:-}
    local stamp flags=(--hugo)
    [[ $full == full ]] && flags+=(--hugo-full)
    stamp="plans=$n seed=1 ${flags[*]} gen_corpus=$(sha256sum "$GEN_CORPUS" "$(dirname "$GEN_CORPUS")/hugo_full.py" | cut -c1-16 | tr '\n' ' ')"
    if [[ -f $dir/.corpus && $(< "$dir/.corpus") == "$stamp" && -d $dir/site/content && -d $dir/site-hugo ]]; then
        log "reusing the corpus of $n plans in $dir"
    else
        log "generating the corpus of $n plans in $dir"
        mkdir -p "$dir"
        rm -f "$dir/.corpus"
        rm -rf "$dir/pristine"
        python3 "$GEN_CORPUS" "$dir/site" --plans "$n" "${flags[@]}"
        echo "$stamp" > "$dir/.corpus"
        CLEANED_AT=$(date +%s) # the generator replaces any older copy
    fi
}

# --- measurements ------------------------------------------------------------

# /usr/bin/time -v of one command; the report goes to $1.
timed() {
    local report=$1
    shift
    /usr/bin/time -v -o "$report" "$@"
}
peak_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
wall_s() { # "Elapsed (wall clock) time (h:mm:ss or m:ss): 3:42.02" → seconds
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"
}
pages() { find "$1" -name '*.html' -type f | wc -l; }
# CPU time the hypervisor gave to other machines ("steal") while the timed
# runs ran, as a share of all CPU time: on a shared VM a run with much steal
# is slow for reasons that are not sitegen's or Hugo's.
cpu_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9; exit }' /proc/stat; }
steal_share() { # "TOTAL STEAL" before, after → percent
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[1] - x[1]; printf "%.1f\n", (t > 0 ? 100 * (y[2] - x[2]) / t : 0) }'
}

machine_json() {
    local cpu mem
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)
    printf '"nproc": %d, "cpu": "%s", "mem_kb": %d, "kernel": "%s", ' "$(nproc)" "$cpu" "$mem" "$(uname -r)"
    printf '"sitegen_rev": "%s", "hugo": "%s", "hyperfine": "%s", "date": "%s"' \
        "$(git -C "$REPO" describe --always --dirty 2> /dev/null || echo unknown)" \
        "$(hugo version | awk '{ print $2 }')" "$(hyperfine --version | awk '{ print $2 }')" "$(date -u +%Y-%m-%dT%H:%MZ)"
}

# --- the main benchmark ------------------------------------------------------

PRISTINE=
SLUG=
SITE=
restore_content() {
    [[ -n $PRISTINE && -d $PRISTINE ]] || return 0
    cp "$PRISTINE/$SLUG.md" "$SITE/content/plans/$SLUG.md"
    cp "$PRISTINE/$SLUG.yaml" "$SITE/content/indicators/$SLUG.yaml"
}

main_bench() {
    local n=$PLANS
    corpus "$n" full
    local dir=$BENCH_DIR/plans-$n
    SITE=$dir/site
    local hsite=$dir/site-hugo hfull=$dir/site-hugofull out=$BENCH_DIR/out-$n
    local res
    res=$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-plans-$n
    mkdir -p "$out" "$res"

    # The plan and indicator file the one-change rebuild edits; their
    # untouched copies restore the corpus at the end (also after a failure).
    SLUG=$(printf 'plan-%05d' $(((n + 1) / 2)))
    PRISTINE=$dir/pristine
    if [[ -d $PRISTINE ]]; then
        restore_content
    else
        mkdir -p "$PRISTINE"
        cp "$SITE/content/plans/$SLUG.md" "$SITE/content/indicators/$SLUG.yaml" "$PRISTINE/"
    fi
    trap restore_content EXIT

    # One build of each into a new folder, under /usr/bin/time -v: peak
    # memory and pages. The sitegen one then serves as the tree the
    # no-change rebuild replaces and the floor copies; a hard-linked copy
    # for the one-change rebuild.
    log "sitegen full build under /usr/bin/time -v (also the tree the rebuilds start from)"
    timed "$res/time-sitegen.txt" "$SITEGEN" build "$SITE" --output "$out/nochange" --templates "$TEMPLATES" --quiet 2> "$res/sitegen-stderr.txt" \
        || { tail -5 "$res/sitegen-stderr.txt" >&2; die "sitegen build failed"; }
    # The one-change rebuild's folder, as an official's is after a build and
    # a first rebuild: sitegen builds it (with its workspace: record and
    # caches), then one untimed edit and rebuild leaves a spare tree there.
    # The timed runs are the rebuilds after that (the first rebuild after a
    # full build has no spare tree yet and links every unchanged file; see
    # docs/performance.md, "One-change rebuild").
    local edits=$out/.edits
    echo 0 > "$edits"
    log "sitegen build and one rebuild of the one-change folder (untimed)"
    "$SITEGEN" build "$SITE" --output "$out/onechange" --templates "$TEMPLATES" --quiet 2> /dev/null \
        || die "sitegen build of the one-change folder failed"
    bash "$BENCH/edit-one.sh" "$SITE" "$PRISTINE" "$SLUG" "$edits"
    "$SITEGEN" build "$SITE" --output "$out/onechange" --templates "$TEMPLATES" --quiet 2> /dev/null \
        || die "sitegen rebuild of the one-change folder failed"
    restore_content
    log "hugo build (plan pages) under /usr/bin/time -v"
    timed "$res/time-hugo.txt" hugo --source "$hsite" --destination "$out/hugo-0" --quiet
    log "hugo build (the whole site) under /usr/bin/time -v"
    timed "$res/time-hugofull.txt" hugo --source "$hfull" --destination "$out/hugofull-0" --quiet
    python3 "$BENCH/page_weight.py" "$out/nochange" > "$res/page-weight.json"
    local sg_pages hugo_pages hugofull_pages
    sg_pages=$(pages "$out/nochange")
    hugo_pages=$(pages "$out/hugo-0")
    hugofull_pages=$(pages "$out/hugofull-0")

    printf '{"mode": "main", "plans": %d, "runs": %d, "hugo_full_runs": %d, %s, "sitegen_peak_kb": %d, "hugo_peak_kb": %d, "hugofull_peak_kb": %d, "sitegen_wall_s": %s, "hugo_wall_s": %s, "hugofull_wall_s": %s, "sitegen_pages": %d, "hugo_pages": %d, "hugofull_pages": %d, "edited": "%s"}\n' \
        "$n" "$RUNS" "$HUGO_FULL_RUNS" "$(machine_json)" "$(peak_kb "$res/time-sitegen.txt")" "$(peak_kb "$res/time-hugo.txt")" "$(peak_kb "$res/time-hugofull.txt")" \
        "$(wall_s "$res/time-sitegen.txt")" "$(wall_s "$res/time-hugo.txt")" "$(wall_s "$res/time-hugofull.txt")" \
        "$sg_pages" "$hugo_pages" "$hugofull_pages" "$SLUG" > "$res/facts.json"

    settle
    local ctr=$out/.counter
    echo 0 > "$ctr"
    local next="echo \$(( \$(< $(q "$ctr")) + 1 )) > $(q "$ctr")"
    local sg="$(q "$SITEGEN") build $(q "$SITE") --templates $(q "$TEMPLATES") --quiet"
    local before
    before=$(cpu_ticks)
    # The one-change rebuild first, after the pause: timed after the other
    # commands, it followed a dozen fresh trees on the disk, whose writing
    # back slowed some of its runs by half a second (docs/performance.md,
    # "Issue 19 run, twelfth").
    log "hyperfine: $REBUILD_RUNS one-change rebuilds"
    hyperfine --shell bash --runs "$REBUILD_RUNS" --time-unit second \
        --export-json "$res/hyperfine-rebuild.json" \
        --command-name "sitegen one-change" --prepare "bash $(q "$BENCH/edit-one.sh") $(q "$SITE") $(q "$PRISTINE") $SLUG $(q "$edits")" \
        "$sg --output $(q "$out/onechange")"
    # The other commands build the untouched content (no-change's folder holds a build of it).
    restore_content
    log "hyperfine: $RUNS runs of each command (results in $res)"
    hyperfine --shell bash --runs "$RUNS" --time-unit second \
        --export-json "$res/hyperfine.json" --export-markdown "$res/hyperfine.md" \
        --command-name "sitegen full" --prepare "$next" \
        "$sg --output $(q "$out")/full-\$(< $(q "$ctr"))" \
        --command-name "floor" --prepare "$next" \
        "bash $(q "$BENCH/floor-run.sh") $(q "$FLOOR") $(q "$SITE") $(q "$out/nochange") $(q "$out")/floor-\$(< $(q "$ctr"))" \
        --command-name "hugo" --prepare "$next" \
        "hugo --source $(q "$hsite") --destination $(q "$out")/hugo-\$(< $(q "$ctr")) --quiet" \
        --command-name "sitegen no-change" --prepare "true" \
        "$sg --output $(q "$out/nochange")"
    restore_content
    log "hyperfine: $HUGO_FULL_RUNS runs of the whole-site Hugo build"
    hyperfine --shell bash --runs "$HUGO_FULL_RUNS" --time-unit second \
        --export-json "$res/hyperfine-hugofull.json" \
        --command-name "hugo-full" --prepare "$next" \
        "hugo --source $(q "$hfull") --destination $(q "$out")/hugofull-\$(< $(q "$ctr")) --quiet"
    steal_share "$before" "$(cpu_ticks)" > "$res/steal.txt"

    if ((SERVE)); then
        log "serve edit latency: sitegen serve and hugo server, $EDITS edits of each kind"
        bash "$BENCH/serve-latency.sh" "$SITEGEN" "$SITE" "$hsite" --edits "$EDITS" --work "$out/serve" \
            | tee "$res/serve.txt" \
            || die "the serve latency run failed"
        restore_content
    fi

    python3 "$BENCH/summary.py" "$res" | tee "$res/summary.txt"
    log "results: $res"
}

# --- scaling -----------------------------------------------------------------

# The national-portal size (--national): built once by sitegen alone, under
# /usr/bin/time -v (Hugo would need about 16 GB for the plan pages alone).
NATIONAL_SIZE=50000

scaling_bench() {
    local res n
    res=$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-scaling
    mkdir -p "$res"
    for n in $SCALING_SIZES; do corpus "$n"; done
    ((NATIONAL)) && corpus "$NATIONAL_SIZE"
    local sizes_json="" args=()
    for n in $SCALING_SIZES; do
        local dir=$BENCH_DIR/plans-$n out=$BENCH_DIR/out-$n
        mkdir -p "$out"
        log "$n plans: sitegen and hugo under /usr/bin/time -v"
        timed "$res/time-sitegen-$n.txt" "$SITEGEN" build "$dir/site" --output "$out/sitegen-0" --templates "$TEMPLATES" --quiet 2> "$res/sitegen-stderr-$n.txt" \
            || { tail -5 "$res/sitegen-stderr-$n.txt" >&2; die "sitegen build failed"; }
        timed "$res/time-hugo-$n.txt" hugo --source "$dir/site-hugo" --destination "$out/hugo-0" --quiet
        sizes_json+="${sizes_json:+, }\"$n\": {\"sitegen_peak_kb\": $(peak_kb "$res/time-sitegen-$n.txt"), \"hugo_peak_kb\": $(peak_kb "$res/time-hugo-$n.txt")"
        sizes_json+=", \"sitegen_wall_s\": $(wall_s "$res/time-sitegen-$n.txt"), \"hugo_wall_s\": $(wall_s "$res/time-hugo-$n.txt")"
        sizes_json+=", \"sitegen_pages\": $(pages "$out/sitegen-0"), \"hugo_pages\": $(pages "$out/hugo-0")}"
        local ctr=$out/.counter
        echo 0 > "$ctr"
        local next="echo \$(( \$(< $(q "$ctr")) + 1 )) > $(q "$ctr")"
        args+=(--command-name "sitegen full $n" --prepare "$next"
            "$(q "$SITEGEN") build $(q "$dir/site") --templates $(q "$TEMPLATES") --quiet --output $(q "$out")/sitegen-\$(< $(q "$ctr"))"
            --command-name "hugo $n" --prepare "$next"
            "hugo --source $(q "$dir/site-hugo") --destination $(q "$out")/hugo-\$(< $(q "$ctr")) --quiet")
    done
    local national_json=""
    if ((NATIONAL)); then
        n=$NATIONAL_SIZE
        local out=$BENCH_DIR/out-$n
        mkdir -p "$out"
        settle
        log "$n plans: one sitegen build under /usr/bin/time -v"
        timed "$res/time-sitegen-$n.txt" "$SITEGEN" build "$BENCH_DIR/plans-$n/site" --output "$out/sitegen-0" --templates "$TEMPLATES" --quiet 2> "$res/sitegen-stderr-$n.txt" \
            || { tail -5 "$res/sitegen-stderr-$n.txt" >&2; die "sitegen build failed"; }
        national_json=", \"national\": {\"plans\": $n, \"sitegen_peak_kb\": $(peak_kb "$res/time-sitegen-$n.txt"), \"sitegen_wall_s\": $(wall_s "$res/time-sitegen-$n.txt")"
        national_json+=", \"sitegen_cpu_s\": $(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$res/time-sitegen-$n.txt")"
        national_json+=", \"sitegen_pages\": $(pages "$out/sitegen-0"), \"files\": $(find "$out/sitegen-0" -type f | wc -l), \"output_kb\": $(du -sk "$out/sitegen-0" | cut -f1)}"
    fi
    printf '{"mode": "scaling", "runs": %d, %s, "sizes": {%s}%s}\n' "$RUNS" "$(machine_json)" "$sizes_json" "$national_json" > "$res/facts.json"
    settle
    log "hyperfine: $RUNS runs of each command (results in $res)"
    local before
    before=$(cpu_ticks)
    hyperfine --shell bash --runs "$RUNS" --time-unit second \
        --export-json "$res/hyperfine.json" --export-markdown "$res/hyperfine.md" "${args[@]}"
    steal_share "$before" "$(cpu_ticks)" > "$res/steal.txt"
    python3 "$BENCH/summary.py" "$res" | tee "$res/summary.txt"
    log "results: $res"
}

# --- main --------------------------------------------------------------------

[[ -f $GEN_CORPUS ]] || die "no corpus generator at $GEN_CORPUS (set GEN_CORPUS)"
ensure_tools
clean_old_outputs
build_sitegen
build_floor
if ((SCALING)); then scaling_bench; else main_bench; fi
empty_trash
