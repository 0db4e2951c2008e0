#include "CInt8.h"
#include <string.h>

// ---- Portable kernel: plain loops the compiler vectorises for the baseline ISA. ----

static void gemm_portable(int m, int n, int kp, const int8_t *w, const uint8_t *x, int ldx, int32_t *c, int ldc) {
    for (int i = 0; i < m; i++) {
        int32_t *row = c + (long)i * ldc;
        for (int j = 0; j < n; j++) row[j] = 0;
        const int8_t *wi = w + (long)i * kp;
        for (int g = 0; g < kp / 4; g++) {
            const uint8_t *xg = x + (long)g * ldx * 4;
            int32_t w0 = wi[4 * g], w1 = wi[4 * g + 1], w2 = wi[4 * g + 2], w3 = wi[4 * g + 3];
            for (int j = 0; j < n; j++) {
                const uint8_t *v = xg + 4 * j;
                row[j] += w0 * v[0] + w1 * v[1] + w2 * v[2] + w3 * v[3];
            }
        }
    }
}

// ---- AVX-512 VNNI kernel: 8 rows × 32 columns of C per tile, vpdpbusd on 4 k at a time. ----

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

/// One tile of `rows` (≤ 8) rows and up to 32 columns; `mask0`/`mask1` select the live columns.
static inline __attribute__((always_inline)) VNNI
void vnni_tile(int rows, int kp, const int8_t *w, const uint8_t *x, int ldx, int32_t *c, int ldc,
               __mmask16 mask0, __mmask16 mask1) {
    __m512i acc[8][2];
    for (int r = 0; r < 8; r++) { acc[r][0] = _mm512_setzero_si512(); acc[r][1] = _mm512_setzero_si512(); }
    for (int g = 0; g < kp / 4; g++) {
        const uint8_t *xg = x + (long)g * ldx * 4;
        __m512i x0 = _mm512_maskz_loadu_epi32(mask0, xg);
        __m512i x1 = _mm512_maskz_loadu_epi32(mask1, xg + 64);
        for (int r = 0; r < rows; r++) {
            int32_t packed;
            memcpy(&packed, w + (long)r * kp + 4 * g, 4);
            __m512i wb = _mm512_set1_epi32(packed);
            acc[r][0] = _mm512_dpbusd_epi32(acc[r][0], x0, wb);
            acc[r][1] = _mm512_dpbusd_epi32(acc[r][1], x1, wb);
        }
    }
    for (int r = 0; r < rows; r++) {
        _mm512_mask_storeu_epi32(c + (long)r * ldc, mask0, acc[r][0]);
        _mm512_mask_storeu_epi32(c + (long)r * ldc + 16, mask1, acc[r][1]);
    }
}

static inline __mmask16 lanes(int count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

VNNI static void gemm_vnni(int m, int n, int kp, const int8_t *w, const uint8_t *x, int ldx, int32_t *c, int ldc) {
    for (int j = 0; j < n; j += 32) {
        __mmask16 mask0 = lanes(n - j), mask1 = lanes(n - j - 16);
        int i = 0;
        for (; i + 8 <= m; i += 8)
            vnni_tile(8, kp, w + (long)i * kp, x + 4L * j, ldx, c + (long)i * ldc + j, ldc, mask0, mask1);
        switch (m - i) {  // constant row counts, so each tail keeps its accumulators in registers
        case 1: vnni_tile(1, kp, w + (long)i * kp, x + 4L * j, ldx, c + (long)i * ldc + j, ldc, mask0, mask1); break;
        case 2: vnni_tile(2, kp, w + (long)i * kp, x + 4L * j, ldx, c + (long)i * ldc + j, ldc, mask0, mask1); break;
        case 3: vnni_tile(3, kp, w + (long)i * kp, x + 4L * j, ldx, c + (long)i * ldc + j, ldc, mask0, mask1); break;
        case 4: vnni_tile(4, kp, w + (long)i * kp, x + 4L * j, ldx, c + (long)i * ldc + j, ldc, mask0, mask1); break;
        case 5: vnni_tile(5, kp, w + (long)i * kp, x + 4L * j, ldx, c + (long)i * ldc + j, ldc, mask0, mask1); break;
        case 6: vnni_tile(6, kp, w + (long)i * kp, x + 4L * j, ldx, c + (long)i * ldc + j, ldc, mask0, mask1); break;
        case 7: vnni_tile(7, kp, w + (long)i * kp, x + 4L * j, ldx, c + (long)i * ldc + j, ldc, mask0, mask1); break;
        default: break;
        }
    }
}

static int has_vnni(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}
#else
static int has_vnni(void) { return 0; }
static void gemm_vnni(int m, int n, int kp, const int8_t *w, const uint8_t *x, int ldx, int32_t *c, int ldc) {
    gemm_portable(m, n, kp, w, x, ldx, c, ldc);
}
#endif

static int forced_portable = 0;

static int use_vnni(void) {
    static int detected = -1;
    if (detected < 0) detected = has_vnni();
    return detected && !forced_portable;
}

void int8_force_portable(int portable) { forced_portable = portable; }
const char *int8_kernel_name(void) { return use_vnni() ? "avx512-vnni" : "portable"; }

void int8_gemm(int m, int n, int kp, const int8_t *w, const uint8_t *x, int ldx, int32_t *c, int ldc) {
    if (use_vnni()) gemm_vnni(m, n, kp, w, x, ldx, c, ldc);
    else gemm_portable(m, n, kp, w, x, ldx, c, ldc);
}

// ---- Requantization: gemmlowp's SaturatingRoundingDoublingHighMul and RoundingDivideByPOT. ----

static inline int32_t doubling_high_mul(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    int64_t ab = (int64_t)a * (int64_t)b;
    int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
    return (int32_t)((ab + nudge) / (1LL << 31));
}

static inline int32_t rounding_divide_by_pot(int32_t x, int exponent) {
    int32_t mask = (int32_t)((1LL << exponent) - 1);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

void int8_requantize(int m, int n, const int32_t *acc, int ldacc, const int32_t *bias,
                     const int32_t *multiplier, const int32_t *shift, int32_t zero, int32_t low, int32_t high,
                     uint8_t *out, int ldout) {
    for (int i = 0; i < m; i++) {
        int left = shift[i] > 0 ? shift[i] : 0, right = shift[i] > 0 ? 0 : -shift[i];
        const int32_t *a = acc + (long)i * ldacc;
        uint8_t *o = out + (long)i * ldout;
        for (int j = 0; j < n; j++) {
            int32_t x = (int32_t)((uint32_t)(a[j] + bias[i]) << left);
            int32_t v = zero + rounding_divide_by_pot(doubling_high_mul(x, multiplier[i]), right);
            o[j] = (uint8_t)(v < low ? low : v > high ? high : v);
        }
    }
}

// ---- im2col into the grouped layout. ----

void int8_im2col(const uint8_t *image, int channels, int height, int width, int kh, int kw,
                 int strideH, int strideW, int padH, int padW, int outHeight, int outWidth,
                 uint8_t pad, int kp, uint8_t *columns) {
    int n = outHeight * outWidth, k = channels * kh * kw;
    for (int row = 0; row < kp; row++) {
        uint8_t *dst = columns + (long)(row / 4) * n * 4 + row % 4;
        if (row >= k) { for (int j = 0; j < n; j++) dst[4 * j] = 0; continue; }
        int ch = row / (kh * kw), dy = (row / kw) % kh, dx = row % kw;
        const uint8_t *plane = image + (long)ch * height * width;
        for (int oy = 0; oy < outHeight; oy++) {
            int y = oy * strideH - padH + dy;
            uint8_t *d = dst + 4L * oy * outWidth;
            if (y < 0 || y >= height) { for (int ox = 0; ox < outWidth; ox++) d[4 * ox] = pad; continue; }
            const uint8_t *line = plane + (long)y * width;
            for (int ox = 0; ox < outWidth; ox++) {
                int xx = ox * strideW - padW + dx;
                d[4 * ox] = (xx >= 0 && xx < width) ? line[xx] : pad;
            }
        }
    }
}
