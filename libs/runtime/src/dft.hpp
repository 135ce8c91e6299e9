// Discrete Fourier transforms of one length, for the fft family. Lengths whose prime factors
// are all small go straight to Eigen's FFT (kissfft, mixed radix); a length with a large prime
// factor, where kissfft's generic butterfly costs O(n * p), goes through Bluestein's chirp-z
// algorithm (a circular convolution of power-of-two length), so every length is O(n log n).
#pragma once

#include <complex>
#include <cstdint>
#include <unsupported/Eigen/FFT>
#include <vector>

namespace runmat::runtime {

class Dft {
 public:
  using cplx = std::complex<double>;
  explicit Dft(int64_t n);
  // out[k] = sum_j in[j] exp(-+2 pi i jk / n); the inverse is scaled by 1/n. Sizes are n.
  void forward(const std::vector<cplx>& in, std::vector<cplx>& out);
  void inverse(const std::vector<cplx>& in, std::vector<cplx>& out);

 private:
  void bluestein(const std::vector<cplx>& in, std::vector<cplx>& out);

  int64_t n_;
  bool chirp_z_ = false;
  Eigen::FFT<double> engine_;
  // Bluestein: chirp w[j] = exp(-i pi j^2 / n), the transform of the conjugate chirp filter
  // (length m, a power of two >= 2n - 1), and scratch space.
  int64_t m_ = 0;
  std::vector<cplx> chirp_, filter_hat_, work_, work_hat_, tmp_;
};

}  // namespace runmat::runtime
