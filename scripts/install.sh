#!/usr/bin/env bash
# Builds a self-contained release binary of sitegen and installs it as
# PREFIX/bin/sitegen (default PREFIX: /usr/local).
#
#   scripts/install.sh [PREFIX]
#
# Self-contained: the Swift runtime and Foundation are linked statically
# (--static-swift-stdlib), and so is every C library in STATIC_C_LIBS whose
# static archive (lib<name>.a, from its Debian -dev package) is on the
# machine. SwiftPM links a system-library target with the flags of its
# pkg-config file, so the script hands it, through PKG_CONFIG_PATH, a
# pkg-config file whose -L names a folder holding only that archive. A
# library the package does not link is never pulled in, so the list may
# name libraries a later version uses (yaml). `swift build` and
# `swift test` for developers are untouched.
set -euo pipefail
prefix="${1:-/usr/local}"
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

# pkg-config name:library name, for each C library to link statically.
STATIC_C_LIBS=(libcmark:cmark yaml-0.1:yaml)
REQUIRED_C_LIBS=(cmark yaml)    # apt-get install -y libcmark-dev libyaml-dev

multiarch="$(gcc -dumpmachine 2>/dev/null || echo "$(uname -m)-linux-gnu")"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
for entry in "${STATIC_C_LIBS[@]}"; do
  pc="${entry%%:*}" lib="${entry##*:}"
  for dir in "/usr/lib/$multiarch" /usr/lib /usr/local/lib; do
    if [ -f "$dir/lib$lib.a" ]; then
      mkdir -p "$stage/$lib"
      ln -s "$dir/lib$lib.a" "$stage/$lib/lib$lib.a"
      printf 'Name: %s\nDescription: %s linked statically\nVersion: %s\nCflags: %s\nLibs: -L%s -l%s\n' \
        "$pc" "lib$lib" "$(pkg-config --modversion "$pc" 2>/dev/null || echo 0)" \
        "$(pkg-config --cflags "$pc" 2>/dev/null)" "$stage/$lib" ":lib$lib.a" > "$stage/$pc.pc"
      break
    fi
  done
done
for lib in "${REQUIRED_C_LIBS[@]}"; do
  if [ ! -e "$stage/$lib/lib$lib.a" ]; then
    echo "install.sh: lib$lib.a not found: apt-get install -y lib$lib-dev" >&2
    exit 1
  fi
done
export PKG_CONFIG_PATH="$stage${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

scratch=.build-install
swift build -c release --product sitegen --static-swift-stdlib --scratch-path "$scratch"
binary="$scratch/release/sitegen"

mkdir -p "$prefix/bin"
install -m 755 "$binary" "$prefix/bin/sitegen.new"
if command -v strip >/dev/null; then strip "$prefix/bin/sitegen.new"; fi
mv -f "$prefix/bin/sitegen.new" "$prefix/bin/sitegen"

# Only the C library family may be linked dynamically.
if shared=$(ldd "$prefix/bin/sitegen" | grep -vE '^\s*(linux-vdso|/lib64/ld-linux|lib(c|m|stdc\+\+|gcc_s|pthread|dl|rt|util|z)\.so)'); then
  echo "install.sh: $prefix/bin/sitegen still needs these shared libraries:" >&2
  echo "$shared" >&2
  exit 1
fi
# It runs with an empty environment.
env -i "$prefix/bin/sitegen" --help >/dev/null
echo "installed $prefix/bin/sitegen ($(du -m "$prefix/bin/sitegen" | cut -f1) MB; needs only the C library)"
