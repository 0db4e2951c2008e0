// libjpeg(-turbo) 6.2 API. Debian/Ubuntu: libjpeg-dev; macOS: brew install jpeg-turbo.
// libjpeg reports errors by longjmp, which Swift cannot catch; these two calls catch it
// in C and return a status instead.
#include <stddef.h>
#include <stdint.h>

/// Reads the header of the JPEG in `data`: its size and the channels it decodes to
/// (1 for grey, 3 for colour). Returns 0, or -1 with a message in `message`.
int cjpeg_read_header(const uint8_t *data, size_t size, int *width, int *height, int *channels,
                      char *message, size_t message_size);

/// Decodes the JPEG in `data` into `pixels` (`width * height * channels` bytes, rows top
/// to bottom, channels interleaved). A file that ends early is an error, not grey rows.
/// Returns 0, or -1 with a message in `message`.
int cjpeg_decode(const uint8_t *data, size_t size, uint8_t *pixels, size_t pixels_size,
                 char *message, size_t message_size);
