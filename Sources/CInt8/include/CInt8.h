// Integer kernels for int8 inference: uint8 activations × int8 weights → int32,
// and the fixed-point requantization back to uint8. An AVX-512 VNNI kernel is chosen
// at run time when the CPU has it; a portable C kernel computes the same integers
// everywhere else. Both are exact: the sums never overflow int32 for k < 66,000.
#ifndef DEEP_LEARNING_CINT8_H
#define DEEP_LEARNING_CINT8_H

#include <stdint.h>

/// C[i][j] = Σ_k W[i][k]·X[k][j] for i < m, j < n.
/// `w` is m rows of `kp` int8 (kp a multiple of 4, zero-padded past k).
/// `x` holds the uint8 columns in groups of 4 rows: element (k, j) sits at
/// x[((k / 4)·ldx + j)·4 + k % 4], for kp/4 groups; `ldx` ≥ n columns per group.
/// `c` is row-major with `ldc` int32 per row.
void int8_gemm(int m, int n, int kp, const int8_t *w, const uint8_t *x, int ldx, int32_t *c, int ldc);

/// out[i][j] = clamp(zero + MultiplyByQuantizedMultiplier(acc[i][j] + bias[i], multiplier[i], shift[i]), low, high),
/// gemmlowp's rounding (TFLite's reference kernels).
void int8_requantize(int m, int n, const int32_t *acc, int ldacc, const int32_t *bias,
                     const int32_t *multiplier, const int32_t *shift, int32_t zero, int32_t low, int32_t high,
                     uint8_t *out, int ldout);

/// Writes groups [group0, group1) of 4 rows of the im2col columns of one uint8 image
/// [channels, height, width] in `int8_gemm`'s layout: outHeight·outWidth columns from
/// `columns`, `ldx` columns per group (several images can share one matrix side by side).
/// Positions outside the image read `pad`, rows past channels·kh·kw read 0.
void int8_im2col(const uint8_t *image, int channels, int height, int width, int kh, int kw,
                 int strideH, int strideW, int padH, int padW, int outHeight, int outWidth,
                 uint8_t pad, int group0, int group1, uint8_t *columns, int ldx);

/// TFLite's uint8 Add: out[i] = clamp(zero + M·(M_a·((a[i] − z_a)·2^leftShift) + M_b·((b[i] − z_b)·2^leftShift)), low, high),
/// each M· a MultiplyByQuantizedMultiplier.
void int8_add(int n, const uint8_t *a, int32_t zeroA, int32_t multiplierA, int32_t shiftA,
              const uint8_t *b, int32_t zeroB, int32_t multiplierB, int32_t shiftB,
              int32_t leftShift, int32_t zero, int32_t multiplier, int32_t shift, int32_t low, int32_t high, uint8_t *out);

/// A depthwise convolution (one k×k filter per channel) of one uint8 image [channels, height, width],
/// channels [channel0, channel1): out[c][oy][ox] = clamp(zero + MultiplyByQuantizedMultiplier(
/// Σ w[c][dy·kw + dx]·x[c][oy·strideH − padH + dy][ox·strideW − padW + dx] + bias[c], multiplier[c], shift[c]), low, high),
/// positions outside the image reading `pad`; `w` has `kp` int8 per channel; `row` is scratch for outWidth int32.
/// The same integers as im2col + int8_gemm + int8_requantize with one row per group.
void int8_depthwise(const uint8_t *image, int channel0, int channel1, int height, int width, int kh, int kw,
                    int strideH, int strideW, int padH, int padW, int outHeight, int outWidth, uint8_t pad,
                    const int8_t *w, int kp, const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
                    int32_t zero, int32_t low, int32_t high, int32_t *row, uint8_t *out);

/// The GEMM kernel in use: "avx512-vnni" or "portable".
const char *int8_kernel_name(void);
/// Forces the portable kernel (1) or restores the choice by CPU feature (0); for tests.
void int8_force_portable(int portable);

#endif
