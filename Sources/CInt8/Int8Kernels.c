#include "CInt8.h"
#include <string.h>
#include <stdint.h>

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
// Compiled once per instruction set named (each AVX-512 subset, AVX2, the baseline); the loader picks the best the CPU has.

#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)   // ifunc-based clones: ELF only
#define CLONES __attribute__((target_clones("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx2", "default")))
#else
#define CLONES
#endif

static inline int32_t doubling_high_mul(int32_t a, int32_t b) {
    int64_t ab = (int64_t)a * (int64_t)b;
    int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
    int32_t r = (int32_t)((ab + nudge) / (1LL << 31));
    return (a == INT32_MIN && b == INT32_MIN) ? INT32_MAX : r;
}

static inline int32_t rounding_divide_by_pot(int32_t x, int exponent) {
    int32_t mask = (int32_t)((1LL << exponent) - 1);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

static inline int32_t multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift) {
    int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    return rounding_divide_by_pot(doubling_high_mul((int32_t)((uint32_t)x << left), multiplier), right);
}

CLONES
void int8_requantize(int m, int n, const int32_t *acc, int ldacc, const int32_t *bias,
                     const int32_t *multiplier, const int32_t *shift, int32_t zero, int32_t low, int32_t high,
                     uint8_t *out, int ldout) {
    for (int i = 0; i < m; i++) {
        const int32_t *a = acc + (long)i * ldacc;
        uint8_t *o = out + (long)i * ldout;
        int32_t b = bias[i], mul = multiplier[i], sh = shift[i];
        for (int j = 0; j < n; j++) {
            int32_t v = zero + multiply_by_quantized_multiplier((int32_t)((uint32_t)a[j] + (uint32_t)b), mul, sh);
            o[j] = (uint8_t)(v < low ? low : v > high ? high : v);
        }
    }
}

CLONES
void int8_add(int n, const uint8_t *a, int32_t zeroA, int32_t multiplierA, int32_t shiftA,
              const uint8_t *b, int32_t zeroB, int32_t multiplierB, int32_t shiftB,
              int32_t leftShift, int32_t zero, int32_t multiplier, int32_t shift, int32_t low, int32_t high, uint8_t *out) {
    for (int i = 0; i < n; i++) {
        int32_t x = multiply_by_quantized_multiplier(((int32_t)a[i] - zeroA) * (1 << leftShift), multiplierA, shiftA);
        int32_t y = multiply_by_quantized_multiplier(((int32_t)b[i] - zeroB) * (1 << leftShift), multiplierB, shiftB);
        int32_t v = zero + multiply_by_quantized_multiplier(x + y, multiplier, shift);
        out[i] = (uint8_t)(v < low ? low : v > high ? high : v);
    }
}

// ---- im2col into the grouped layout, four rows (one 32-bit word per column) at a time. ----

void int8_im2col(const uint8_t *image, int channels, int height, int width, int kh, int kw,
                 int strideH, int strideW, int padH, int padW, int outHeight, int outWidth,
                 uint8_t pad, int group0, int group1, uint8_t *columns, int ldx) {
    int k = channels * kh * kw;
    // Columns ox in [inner0, inner1) read inside the image for every dx.
    int inner0 = (padW + strideW - 1) / strideW, inner1 = (width - kw + padW) / strideW + 1;
    if (width - kw + padW < 0) inner1 = 0;
    if (inner1 > outWidth) inner1 = outWidth;
    if (inner0 > inner1) inner0 = inner1;
    for (int g = group0; g < group1; g++) {
        int ch[4], dy[4], dx[4], live[4];
        for (int t = 0; t < 4; t++) {
            int row = 4 * g + t;
            live[t] = row < k;
            ch[t] = live[t] ? row / (kh * kw) : 0; dy[t] = live[t] ? (row / kw) % kh : 0; dx[t] = live[t] ? row % kw : 0;
        }
        uint32_t *dst = (uint32_t *)(columns + (long)g * ldx * 4);
        for (int oy = 0; oy < outHeight; oy++) {
            const uint8_t *line[4];
            uint8_t fill[4];
            for (int t = 0; t < 4; t++) {
                int y = oy * strideH - padH + dy[t];
                int inside = live[t] && y >= 0 && y < height;
                line[t] = inside ? image + ((long)ch[t] * height + y) * width - padW + dx[t] : 0;
                fill[t] = live[t] ? pad : 0;
            }
            uint32_t *d = dst + (long)oy * outWidth;
            for (int ox = 0; ox < outWidth; ox++) {
                if (ox == inner0 && line[0] && line[1] && line[2] && line[3]) {
                    for (; ox < inner1; ox++) {   // the interior: four loads, one store, no tests
                        long x = (long)ox * strideW;
                        d[ox] = (uint32_t)line[0][x] | (uint32_t)line[1][x] << 8 | (uint32_t)line[2][x] << 16 | (uint32_t)line[3][x] << 24;
                    }
                    if (ox >= outWidth) break;
                }
                uint32_t word = 0;
                for (int t = 0; t < 4; t++) {
                    int x = ox * strideW - padW + dx[t];
                    uint8_t v = (line[t] && x >= 0 && x < width) ? line[t][(long)ox * strideW] : fill[t];
                    word |= (uint32_t)v << (8 * t);
                }
                d[ox] = word;
            }
        }
    }
}

// ---- Depthwise convolution: one k×k filter per channel, summed directly (no im2col). ----

CLONES
void int8_depthwise(const uint8_t *image, int channel0, int channel1, int height, int width, int kh, int kw,
                    int strideH, int strideW, int padH, int padW, int outHeight, int outWidth, uint8_t pad,
                    const int8_t *w, int kp, const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
                    int32_t zero, int32_t low, int32_t high, int32_t *row, uint8_t *out) {
    // Columns ox in [inner0, inner1) read inside the image for every dx.
    int inner0 = (padW + strideW - 1) / strideW, inner1 = (width - kw + padW) / strideW + 1;
    if (width - kw + padW < 0) inner1 = 0;
    if (inner1 > outWidth) inner1 = outWidth;
    if (inner0 > inner1) inner0 = inner1;
    for (int c = channel0; c < channel1; c++) {
        const uint8_t *src = image + (long)c * height * width;
        const int8_t *wc = w + (long)c * kp;
        uint8_t *dst = out + (long)c * outHeight * outWidth;
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) row[ox] = 0;
            for (int dy = 0; dy < kh; dy++) {
                int y = oy * strideH - padH + dy;
                const uint8_t *line = (y >= 0 && y < height) ? src + (long)y * width : 0;
                for (int dx = 0; dx < kw; dx++) {
                    int32_t weight = wc[dy * kw + dx];
                    if (!line) {
                        for (int ox = 0; ox < outWidth; ox++) row[ox] += weight * pad;
                        continue;
                    }
                    const uint8_t *p = line - padW + dx;
                    for (int ox = 0; ox < inner0; ox++) {
                        int x = ox * strideW - padW + dx;
                        row[ox] += weight * (x >= 0 && x < width ? line[x] : pad);
                    }
                    for (int ox = inner0; ox < inner1; ox++) row[ox] += weight * p[(long)ox * strideW];
                    for (int ox = inner1; ox < outWidth; ox++) {
                        int x = ox * strideW - padW + dx;
                        row[ox] += weight * (x >= 0 && x < width ? line[x] : pad);
                    }
                }
            }
            uint8_t *o = dst + (long)oy * outWidth;
            for (int ox = 0; ox < outWidth; ox++) {
                int32_t v = zero + multiply_by_quantized_multiplier((int32_t)((uint32_t)row[ox] + (uint32_t)bias[c]), multiplier[c], shift[c]);
                o[ox] = (uint8_t)(v < low ? low : v > high ? high : v);
            }
        }
    }
}
