// Loads OpenBLAS with dlopen and picks its kernels by CPU feature (see CBLAS.h).
#include "CBLAS.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int,
                         float, float *, int);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int, const double *, int,
                         double, double *, int);

static sgemm_fn sgemm_ptr;
static dgemm_fn dgemm_ptr;
static const char *(*corename_ptr)(void);
static int (*get_threads_ptr)(void);
static char error_text[512];
static const char *origin = "";
static int load_status = -1;
static pthread_once_t once = PTHREAD_ONCE_INIT;

#if defined(__x86_64__)
/// The OpenBLAS kernel set for this CPU's vector features, or NULL for OpenBLAS's own choice.
/// AVX-512 needs F, DQ, CD, BW and VL and the OS saving the ZMM state (XCR0 bits 1,2,5,6,7);
/// AVX2 needs FMA and the OS saving the YMM state (bits 1,2).
static const char *core_for_features(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return NULL;
    int osxsave = (c >> 27) & 1, fma = (c >> 12) & 1;
    if (!osxsave) return NULL;
    unsigned xcr0_lo, xcr0_hi;
    __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return NULL;
    int avx2 = (b >> 5) & 1;
    int avx512 = ((b >> 16) & 1) && ((b >> 17) & 1) && ((b >> 28) & 1) && ((b >> 30) & 1) && ((b >> 31) & 1);
    if (avx512 && (xcr0_lo & 0xE6) == 0xE6) return "SkylakeX";
    if (avx2 && fma && (xcr0_lo & 0x6) == 0x6) return "Haswell";
    return NULL;
}
#endif

static void *open_library(void) {
    const char *names[] = {
#if defined(__APPLE__)
        "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib",
        "libopenblas.dylib",
#else
        "libopenblas.so.0", "libopenblas.so",
#endif
    };
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !handle; i++) handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    return handle;
}

static void load(void) {
    const char *chosen = getenv("OPENBLAS_CORETYPE");
    origin = "detected by OpenBLAS";
    if (chosen && *chosen) {
        origin = "OPENBLAS_CORETYPE from the environment";
    } else {
#if defined(__x86_64__)
        const char *core = core_for_features();
        if (core) {
            // OpenBLAS reads this while it loads; children started later see the same choice.
            setenv("OPENBLAS_CORETYPE", core, 0);
            origin = strcmp(core, "SkylakeX") == 0 ? "chosen from CPU features (AVX-512)"
                                                   : "chosen from CPU features (AVX2)";
        }
#endif
    }
    void *handle = open_library();
    if (!handle) {
        snprintf(error_text, sizeof error_text,
                 "OpenBLAS could not be loaded (%s). Install it with scripts/install-deps.sh "
                 "(Debian/Ubuntu: apt-get install libopenblas0; macOS: brew install openblas).", dlerror());
        return;
    }
    sgemm_ptr = (sgemm_fn)dlsym(handle, "cblas_sgemm");
    dgemm_ptr = (dgemm_fn)dlsym(handle, "cblas_dgemm");
    corename_ptr = (const char *(*)(void))dlsym(handle, "openblas_get_corename");
    void (*set_threads)(int) = (void (*)(int))dlsym(handle, "openblas_set_num_threads");
    get_threads_ptr = (int (*)(void))dlsym(handle, "openblas_get_num_threads");
    if (!sgemm_ptr || !dgemm_ptr) {
        snprintf(error_text, sizeof error_text, "the loaded BLAS library has no cblas_sgemm/cblas_dgemm");
        return;
    }
    // One thread inside OpenBLAS: the library decides how many cores a product gets,
    // so products running at the same time never oversubscribe the machine.
    if (set_threads) set_threads(1);
    load_status = 0;
}

int backend_load(void) {
    pthread_once(&once, load);
    return load_status;
}

const char *backend_error(void) { return error_text; }

const char *backend_core_name(void) {
    if (backend_load() != 0) return "none";
    return corename_ptr ? corename_ptr() : "unknown";
}

int backend_threads(void) {
    if (backend_load() != 0 || !get_threads_ptr) return -1;
    return get_threads_ptr();
}

const char *backend_core_origin(void) {
    backend_load();
    return origin;
}

void backend_sgemm(CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k, float alpha,
                   const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    sgemm_ptr(CblasRowMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void backend_dgemm(CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k, double alpha,
                   const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc) {
    dgemm_ptr(CblasRowMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
