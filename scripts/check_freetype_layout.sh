#!/usr/bin/env bash
# Compares the FreeType records that Sources/CFreeType/freetype.c declares
# (it loads libfreetype at run time, without its headers) with the installed
# FreeType headers. Needs a C compiler, pkg-config and libfreetype-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -n '/^enum { FT_LOAD_RENDER/,/^} FT_FaceRec;/p' Sources/CFreeType/freetype.c | sed 's/FT_/MY_/g' > "$tmp/mine.h"
cat > "$tmp/check.c" <<'C'
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stddef.h>
#include "mine.h"
#define SAME(record, field) _Static_assert(offsetof(MY_##record, field) == offsetof(FT_##record, field), #record "." #field);
SAME(FaceRec, units_per_EM) SAME(FaceRec, ascender) SAME(FaceRec, glyph)
SAME(GlyphSlotRec, library) SAME(GlyphSlotRec, face) SAME(GlyphSlotRec, advance) SAME(GlyphSlotRec, bitmap)
SAME(GlyphSlotRec, bitmap_left) SAME(GlyphSlotRec, bitmap_top)
SAME(Bitmap, rows) SAME(Bitmap, width) SAME(Bitmap, pitch) SAME(Bitmap, buffer) SAME(Bitmap, pixel_mode)
_Static_assert(MY_LOAD_RENDER == FT_LOAD_RENDER, "FT_LOAD_RENDER");
_Static_assert(MY_PIXEL_MODE_GRAY == FT_PIXEL_MODE_GRAY, "FT_PIXEL_MODE_GRAY");
C
cc $(pkg-config --cflags freetype2) -I"$tmp" -c "$tmp/check.c" -o "$tmp/check.o"
echo "The FreeType records in Sources/CFreeType/freetype.c match the installed headers."
