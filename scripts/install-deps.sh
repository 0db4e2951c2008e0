#!/usr/bin/env bash
# Installs the two C libraries the course links against, OpenBLAS and libpng,
# unless they are already there. Safe to run any number of times.
#   Debian/Ubuntu: libopenblas-dev libpng-dev (apt-get)
#   macOS:         openblas libpng (Homebrew)
# Instructors who grade also want bubblewrap (apt-get install bubblewrap): without it
# `course grade` still works, unsandboxed, and says so in every report.
set -euo pipefail

# True when header $1 is in one of the usual include folders.
have_header() {
    for dir in /usr/include /usr/include/x86_64-linux-gnu /usr/include/aarch64-linux-gnu /usr/local/include; do
        if [ -f "$dir/$1" ]; then return 0; fi
    done
    return 1
}

have_headers() { have_header cblas.h && have_header png.h; }

case "$(uname -s)" in
Linux)
    if have_headers && dpkg -s libopenblas-dev libpng-dev >/dev/null 2>&1; then exit 0; fi
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing libopenblas-dev and libpng-dev (apt-get) ..." >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libopenblas-dev libpng-dev pkg-config >/dev/null
    ;;
Darwin)
    for pkg in openblas libpng pkg-config; do
        brew list "$pkg" >/dev/null 2>&1 || brew install "$pkg"
    done
    ;;
*)
    echo "install-deps: unsupported system $(uname -s); install OpenBLAS and libpng by hand" >&2
    exit 1
    ;;
esac
