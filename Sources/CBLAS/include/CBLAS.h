// The BLAS back end, loaded at run time. OpenBLAS reads its kernel choice
// (OPENBLAS_CORETYPE) only while it loads, so the library opens it itself after
// choosing the kernels from the CPU's features: a processor newer than the
// packaged OpenBLAS then still gets its AVX2 or AVX-512 kernels.
#ifndef DEEP_LEARNING_CBLAS_H
#define DEEP_LEARNING_CBLAS_H

typedef enum { CblasRowMajor = 101, CblasColMajor = 102 } CBLAS_ORDER;
typedef enum { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 } CBLAS_TRANSPOSE;

/// Opens OpenBLAS once (later calls return at once). Returns 0 on success; otherwise
/// `backend_error()` says what failed.
int backend_load(void);
/// Why `backend_load` failed, or an empty string.
const char *backend_error(void);
/// The kernel set OpenBLAS runs ("SkylakeX", "Haswell", ...).
const char *backend_core_name(void);
/// How the kernel set was chosen: "detected by OpenBLAS", "chosen from CPU features
/// (AVX-512)", "OPENBLAS_CORETYPE from the environment".
const char *backend_core_origin(void);

/// The threads OpenBLAS itself runs a product on (1 once loaded; -1 when the
/// library cannot say).
int backend_threads(void);

/// Row-major GEMM, C = alpha·op(A)·op(B) + beta·C, on the calling thread only:
/// the library splits large products across cores itself (Threads.swift).
void backend_sgemm(CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k,
                   float alpha, const float *a, int lda, const float *b, int ldb,
                   float beta, float *c, int ldc);
void backend_dgemm(CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k,
                   double alpha, const double *a, int lda, const double *b, int ldb,
                   double beta, double *c, int ldc);

#endif
