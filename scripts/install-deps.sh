#!/usr/bin/env bash
# Installs the system libraries the course needs, unless they are already there.
# Safe to run any number of times.
#
#   scripts/install-deps.sh            OpenBLAS, libpng and libjpeg: all that the lessons and tests need
#   scripts/install-deps.sh EXTRA ...  also the extras some parts use:
#       mpi        OpenMPI, for data-parallel training (Docs/Distributed.md)
#       cjk-fonts  a Chinese font, for Chinese text in figures (Docs/zh/)
#       sandbox    bubblewrap, for grading submissions in a sandbox (Docs/Instructors.md)
#       p03        OpenCV's documentation package, whose scene-text photos P03 reads (Docs/P03.md)
#       p05        mricron-data, the Colin27 MRI templates of project P05 (Docs/P05.md)
#       all        every extra (what CI installs)
#
#   Debian/Ubuntu: apt-get;  macOS: Homebrew (the extras are Debian's names; on macOS
#   install OpenMPI with `brew install open-mpi`, the rest has no Homebrew counterpart).
set -euo pipefail

# Debian packages of each extra.
extra_packages() {
    case "$1" in
    mpi) echo "openmpi-bin libopenmpi-dev" ;;
    cjk-fonts) echo "fonts-wqy-microhei" ;;
    sandbox) echo "bubblewrap" ;;
    p03) echo "opencv-doc" ;;
    p05) echo "mricron-data" ;;
    all) echo "openmpi-bin libopenmpi-dev fonts-wqy-microhei bubblewrap opencv-doc mricron-data" ;;
    *) echo "install-deps: unknown extra '$1' (mpi, cjk-fonts, sandbox, p03, p05, all)" >&2; exit 2 ;;
    esac
}

# True when header $1 is in one of the usual include folders.
have_header() {
    for dir in /usr/include /usr/include/x86_64-linux-gnu /usr/include/aarch64-linux-gnu /usr/local/include; do
        if [ -f "$dir/$1" ]; then return 0; fi
    done
    return 1
}

have_headers() { have_header cblas.h && have_header png.h && have_header jpeglib.h; }

case "$(uname -s)" in
Linux)
    packages="libopenblas-dev libpng-dev libjpeg-dev pkg-config"
    for extra in "$@"; do packages="$packages $(extra_packages "$extra")"; done
    missing=""
    for pkg in $packages; do dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"; done
    if [ -z "$missing" ] && have_headers; then exit 0; fi
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing$missing (apt-get) ..." >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null
    ;;
Darwin)
    for pkg in openblas libpng jpeg-turbo pkg-config; do
        brew list "$pkg" >/dev/null 2>&1 || brew install "$pkg"
    done
    ;;
*)
    echo "install-deps: unsupported system $(uname -s); install OpenBLAS, libpng and libjpeg by hand" >&2
    exit 1
    ;;
esac
