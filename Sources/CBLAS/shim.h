// OpenBLAS's CBLAS interface. Debian/Ubuntu: libopenblas-dev; macOS: brew install openblas.
#include <cblas.h>
// OpenBLAS extension; declared here because not every cblas.h carries it.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
