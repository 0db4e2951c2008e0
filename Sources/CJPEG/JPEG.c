#include "CJPEG.h"
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/// libjpeg's error manager, with a place to jump back to and a note of a premature end.
struct failure {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    int ended_early;
};

static void on_error(j_common_ptr info) {
    longjmp(((struct failure *)info->err)->jump, 1);
}

/// Warnings (level -1) are silent, except that running out of data is remembered.
static void on_message(j_common_ptr info, int level) {
    struct failure *failure = (struct failure *)info->err;
    if (level < 0 && failure->base.msg_code == JWRN_JPEG_EOF) failure->ended_early = 1;
}

static void report(j_common_ptr info, const char *text, char *message, size_t message_size) {
    char buffer[JMSG_LENGTH_MAX];
    if (!text) {
        info->err->format_message(info, buffer);
        text = buffer;
    }
    snprintf(message, message_size, "%s", text);
}

/// Reads the header, then the pixels when `pixels` is not NULL.
static int run(const uint8_t *data, size_t size, int *width, int *height, int *channels,
               uint8_t *pixels, size_t pixels_size, char *message, size_t message_size) {
    struct jpeg_decompress_struct info;
    struct failure failure;
    info.err = jpeg_std_error(&failure.base);
    failure.base.error_exit = on_error;
    failure.base.emit_message = on_message;
    failure.ended_early = 0;
    if (setjmp(failure.jump)) {
        report((j_common_ptr)&info, NULL, message, message_size);
        jpeg_destroy_decompress(&info);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
        report((j_common_ptr)&info, "CMYK JPEG images are not supported", message, message_size);
        jpeg_destroy_decompress(&info);
        return -1;
    }
    info.out_color_space = info.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    int out_channels = info.num_components == 1 ? 1 : 3;
    if (width) *width = (int)info.image_width;
    if (height) *height = (int)info.image_height;
    if (channels) *channels = out_channels;
    if (!pixels) {
        jpeg_destroy_decompress(&info);
        return 0;
    }
    size_t row_bytes = (size_t)info.image_width * (size_t)out_channels;
    if (row_bytes * (size_t)info.image_height != pixels_size) {
        report((j_common_ptr)&info, "pixel buffer does not match the image size", message, message_size);
        jpeg_destroy_decompress(&info);
        return -1;
    }
    jpeg_start_decompress(&info);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = pixels + (size_t)info.output_scanline * row_bytes;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    if (failure.ended_early) {
        report((j_common_ptr)&info, "the file ends before the image data does (truncated JPEG)", message, message_size);
        return -1;
    }
    return 0;
}

int cjpeg_read_header(const uint8_t *data, size_t size, int *width, int *height, int *channels,
                      char *message, size_t message_size) {
    return run(data, size, width, height, channels, NULL, 0, message, message_size);
}

int cjpeg_decode(const uint8_t *data, size_t size, uint8_t *pixels, size_t pixels_size,
                 char *message, size_t message_size) {
    return run(data, size, NULL, NULL, NULL, pixels, pixels_size, message, message_size);
}
