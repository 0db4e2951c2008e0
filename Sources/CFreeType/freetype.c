// The FreeType calls the plots need, found with dlopen/dlsym, and the leading
// fields of the public records they read (FT_FaceRec, FT_GlyphSlotRec,
// FT_Bitmap from freetype/freetype.h and ftimage.h, FreeType 2). FreeType keeps
// these records' layout stable across 2.x; scripts/check_freetype_layout.sh
// compares them with the installed headers.
#include "CFreeType.h"
#include <dlfcn.h>
#include <stdlib.h>

enum { FT_LOAD_RENDER = 1 << 2, FT_PIXEL_MODE_GRAY = 2 };
typedef long FT_Pos;
typedef struct { FT_Pos x, y; } FT_Vector;
typedef struct { void *data; void (*finalizer)(void *); } FT_Generic;
typedef struct { FT_Pos xMin, yMin, xMax, yMax; } FT_BBox;
typedef struct { FT_Pos width, height, horiBearingX, horiBearingY, horiAdvance, vertBearingX, vertBearingY, vertAdvance; } FT_Glyph_Metrics;

typedef struct {
    unsigned int rows, width;
    int pitch;
    unsigned char *buffer;
    unsigned short num_grays;
    unsigned char pixel_mode, palette_mode;
    void *palette;
} FT_Bitmap;

typedef struct {
    void *library, *face, *next;
    unsigned int glyph_index;
    FT_Generic generic;
    FT_Glyph_Metrics metrics;
    long linearHoriAdvance, linearVertAdvance;
    FT_Vector advance;
    int format;
    FT_Bitmap bitmap;
    int bitmap_left, bitmap_top;
} FT_GlyphSlotRec;

typedef struct {
    long num_faces, face_index, face_flags, style_flags, num_glyphs;
    char *family_name, *style_name;
    int num_fixed_sizes;
    void *available_sizes;
    int num_charmaps;
    void *charmaps;
    FT_Generic generic;
    FT_BBox bbox;
    unsigned short units_per_EM;
    short ascender, descender, height, max_advance_width, max_advance_height, underline_position, underline_thickness;
    FT_GlyphSlotRec *glyph;
} FT_FaceRec;

typedef int (*init_fn)(void **library);
typedef int (*done_library_fn)(void *library);
typedef int (*new_face_fn)(void *library, const char *path, long index, FT_FaceRec **face);
typedef int (*done_face_fn)(FT_FaceRec *face);
typedef int (*set_pixel_sizes_fn)(FT_FaceRec *face, unsigned int width, unsigned int height);
typedef int (*load_char_fn)(FT_FaceRec *face, unsigned long code, int flags);
typedef unsigned int (*char_index_fn)(FT_FaceRec *face, unsigned long code);

typedef struct {
    void *handle, *library;
    FT_FaceRec *face;
    int pixel_size;
    done_library_fn done_library;
    done_face_fn done_face;
    load_char_fn load_char;
    char_index_fn char_index;
} cft_font;

static void *open_library(void) {
    const char *names[] = {"libfreetype.so.6", "libfreetype.so", "libfreetype.6.dylib",
                           "/opt/homebrew/lib/libfreetype.6.dylib", "/usr/local/lib/libfreetype.6.dylib"};
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
        void *handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (handle) return handle;
    }
    return NULL;
}

void *cft_open(const char *path, int pixel_size) {
    void *handle = open_library();
    if (!handle) return NULL;
    init_fn init = (init_fn)dlsym(handle, "FT_Init_FreeType");
    new_face_fn new_face = (new_face_fn)dlsym(handle, "FT_New_Face");
    set_pixel_sizes_fn set_sizes = (set_pixel_sizes_fn)dlsym(handle, "FT_Set_Pixel_Sizes");
    cft_font font = {handle, NULL, NULL, pixel_size,
                     (done_library_fn)dlsym(handle, "FT_Done_FreeType"), (done_face_fn)dlsym(handle, "FT_Done_Face"),
                     (load_char_fn)dlsym(handle, "FT_Load_Char"), (char_index_fn)dlsym(handle, "FT_Get_Char_Index")};
    if (!init || !new_face || !set_sizes || !font.done_library || !font.done_face || !font.load_char || !font.char_index
        || init(&font.library) != 0) {
        dlclose(handle);
        return NULL;
    }
    if (new_face(font.library, path, 0, &font.face) != 0 || set_sizes(font.face, 0, (unsigned)pixel_size) != 0
        || !font.face->glyph || font.face->glyph->face != font.face || font.face->glyph->library != font.library) {
        // The last two comparisons catch a record layout that differs from the one declared above.
        if (font.face) font.done_face(font.face);
        font.done_library(font.library);
        dlclose(handle);
        return NULL;
    }
    cft_font *result = malloc(sizeof font);
    if (result) *result = font;
    return result;
}

int cft_render(void *opaque, unsigned int codepoint, cft_glyph *glyph) {
    cft_font *font = opaque;
    if (font->char_index(font->face, codepoint) == 0 || font->load_char(font->face, codepoint, FT_LOAD_RENDER) != 0) return -1;
    FT_GlyphSlotRec *slot = font->face->glyph;
    if (slot->bitmap.rows > 0 && slot->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY) return -1;
    glyph->width = (int)slot->bitmap.width;
    glyph->rows = (int)slot->bitmap.rows;
    glyph->pitch = slot->bitmap.pitch;
    glyph->left = slot->bitmap_left;
    glyph->top = slot->bitmap_top;
    glyph->advance = (int)((slot->advance.x + 32) >> 6);
    glyph->buffer = slot->bitmap.buffer;
    return 0;
}

int cft_ascender(void *opaque) {
    cft_font *font = opaque;
    if (font->face->units_per_EM == 0) return font->pixel_size;
    return (font->face->ascender * font->pixel_size + font->face->units_per_EM - 1) / font->face->units_per_EM;
}

void cft_close(void *opaque) {
    cft_font *font = opaque;
    if (!font) return;
    font->done_face(font->face);
    font->done_library(font->library);
    dlclose(font->handle);
    free(font);
}
