// zlib, for gzip-compressed data files. Debian/Ubuntu: zlib1g-dev (installed with libpng-dev); macOS: part of the SDK.
#include <zlib.h>
