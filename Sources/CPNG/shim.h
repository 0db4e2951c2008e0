// libpng 1.6. Debian/Ubuntu: libpng-dev; macOS: brew install libpng.
#include <png.h>
