// FreeType, loaded at run time: the package builds without FreeType's headers
// or library, and text falls back to the built-in bitmap font where
// libfreetype is not installed.
#ifndef CFREETYPE_H
#define CFREETYPE_H

/// One rendered glyph: an 8-bit coverage bitmap (0 transparent, 255 opaque),
/// `rows` lines of `width` bytes, `pitch` bytes apart; `left`/`top` place it
/// against the pen position on the baseline; `advance` is in pixels.
typedef struct {
    int width, rows, pitch, left, top, advance;
    const unsigned char *buffer;
} cft_glyph;

/// Opens the font file at `path` with glyphs `pixel_size` pixels high.
/// NULL when libfreetype cannot be loaded, or the file is not a font it reads.
void *cft_open(const char *path, int pixel_size);

/// Renders `codepoint`; the buffer stays valid until the next call on `font`.
/// Returns 0, or -1 when the font has no glyph for it.
int cft_render(void *font, unsigned int codepoint, cft_glyph *glyph);

/// The font's ascender (pixels above the baseline) at its pixel size.
int cft_ascender(void *font);

void cft_close(void *font);

#endif
