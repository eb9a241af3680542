#!/usr/bin/env bash
# Fuzzes each reader of user files with libFuzzer: YAML indicator files and
# site.yaml (yaml), plan files' front matter (frontmatter), plan Markdown
# through sitegen's transforms, renderer and search tokenizer (markdown), CSV and XLSX data
# tables through their readers and layout (datatable).
#
#   Tests/Fuzz/run.sh [SECONDS] [TARGET...]     default: 600 s each, all targets
#
# SitegenCore is built with libFuzzer's coverage instrumentation and
# AddressSanitizer (not -sanitize=fuzzer: that would link libFuzzer's main
# into the theme-embedding build tool too) in
# its own scratch folder ($FUZZ_BUILD, default /tmp/sitegen-fuzz-build; `swift
# test` never compiles Tests/Fuzz), each Tests/Fuzz/<Name>Fuzz.swift is linked
# against it, and run on a copy of Tests/Fuzz/corpus/<target> in $FUZZ_WORK
# (default /tmp/sitegen-fuzz): new inputs never land in the repository.
# Limits: inputs up to 64 KiB, 10 s per input, 1 GiB of memory. A crash, hang
# or memory blow-up leaves crash-*/timeout-*/oom-* in $FUZZ_WORK/<target> and
# makes the script exit non-zero after the other targets have run.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
# A Swift trap goes to libFuzzer as a crash, without the runtime's backtracer
# (which AddressSanitizer reports as a second error of its own).
export SWIFT_BACKTRACE=enable=no
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(yaml frontmatter markdown datatable)
build=${FUZZ_BUILD:-/tmp/sitegen-fuzz-build}
work=${FUZZ_WORK:-/tmp/sitegen-fuzz}
repo=$(pwd)

swift build --scratch-path "$build" --target SitegenCore \
  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
  -Xswiftc -enable-testing
objects=("$build"/debug/SitegenCore.build/*.o "$build"/debug/Mustache.build/*.o)

status=0
for target in "${targets[@]}"; do
  case "$target" in
    yaml) source=YAMLFuzz.swift; dict=(-dict="$repo/Tests/Fuzz/yaml.dict") ;;
    frontmatter) source=FrontMatterFuzz.swift; dict=(-dict="$repo/Tests/Fuzz/yaml.dict") ;;
    markdown) source=MarkdownFuzz.swift; dict=() ;;
    datatable) source=DataTableFuzz.swift; dict=() ;;
    *) echo "unknown target '$target' (yaml, frontmatter, markdown, datatable)" >&2; exit 2 ;;
  esac
  dir="$work/$target"
  mkdir -p "$dir/corpus"
  cp "Tests/Fuzz/corpus/$target/"* "$dir/corpus/"
  swiftc -sanitize=fuzzer,address -parse-as-library -g \
    -I "$build/debug/Modules" \
    -Xcc -fmodule-map-file="$repo/Sources/CCmark/module.modulemap" \
    -Xcc -fmodule-map-file="$repo/Sources/CLibYAML/module.modulemap" \
    -Xcc -fmodule-map-file="$repo/Sources/CZlib/module.modulemap" \
    "Tests/Fuzz/$source" "${objects[@]}" -lcmark -lyaml -lz -o "$dir/fuzz-$target" > "$dir/link.txt" 2>&1 \
    || { cat "$dir/link.txt" >&2; exit 1; }
  echo "== $target: $seconds s"
  if ! (cd "$dir" && "./fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -rss_limit_mb=1024 -print_final_stats=1 "${dict[@]}" corpus > log.txt 2>&1); then
    status=1
  fi
  grep -E "^(Done|stat::peak_rss_mb)|ERROR|SUMMARY|Test unit written" "$dir/log.txt" || true
  tail -n 1 "$dir/log.txt" | grep -q "^stat::" || tail -n 3 "$dir/log.txt"
done
exit $status
