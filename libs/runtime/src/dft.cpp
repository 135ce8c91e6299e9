// Bluestein's algorithm: with w[j] = exp(-i pi j^2 / n), jk = (j^2 + k^2 - (k - j)^2) / 2
// turns the DFT into X[k] = w[k] * sum_j (x[j] w[j]) conj(w[k - j]), a convolution that a
// power-of-two FFT of length m >= 2n - 1 computes circularly.
#include "dft.hpp"

#include <cmath>

namespace runmat::runtime {
namespace {

// The largest prime factor of n (n >= 1).
int64_t largest_prime_factor(int64_t n) {
  int64_t largest = 1;
  for (int64_t p = 2; p * p <= n; ++p) {
    while (n % p == 0) largest = p, n /= p;
  }
  return n > 1 ? n : largest;
}

// kissfft's generic radix is O(p^2) per butterfly group; above this factor the chirp-z
// convolution is cheaper.
constexpr int64_t kMaxDirectFactor = 61;

}  // namespace

Dft::Dft(int64_t n) : n_(n) {
  chirp_z_ = n > 1 && largest_prime_factor(n) > kMaxDirectFactor;
  if (!chirp_z_) return;
  m_ = 1;
  while (m_ < 2 * n - 1) m_ *= 2;
  chirp_.resize(static_cast<size_t>(n));
  const double pi = std::acos(-1.0);
  // j^2 mod 2n, advanced as (j+1)^2 = j^2 + 2j + 1, keeps the angle exact for large j (the
  // chirp has period 2n in j^2) without forming j^2.
  int64_t r = 0;
  for (int64_t j = 0; j < n; ++j) {
    const double angle = -pi * static_cast<double>(r) / static_cast<double>(n);
    chirp_[j] = {std::cos(angle), std::sin(angle)};
    r = (r + 2 * j + 1) % (2 * n);
  }
  std::vector<cplx> filter(static_cast<size_t>(m_), cplx{});
  filter[0] = std::conj(chirp_[0]);
  for (int64_t j = 1; j < n; ++j) filter[j] = filter[m_ - j] = std::conj(chirp_[j]);
  engine_.fwd(filter_hat_, filter);
  work_.assign(static_cast<size_t>(m_), cplx{});
}

void Dft::bluestein(const std::vector<cplx>& in, std::vector<cplx>& out) {
  std::fill(work_.begin(), work_.end(), cplx{});
  for (int64_t j = 0; j < n_; ++j) work_[j] = in[j] * chirp_[j];
  engine_.fwd(work_hat_, work_);
  for (int64_t k = 0; k < m_; ++k) work_hat_[k] *= filter_hat_[k];
  engine_.inv(tmp_, work_hat_);  // scaled by 1/m: the circular convolution itself
  out.resize(static_cast<size_t>(n_));
  for (int64_t k = 0; k < n_; ++k) out[k] = tmp_[k] * chirp_[k];
}

void Dft::forward(const std::vector<cplx>& in, std::vector<cplx>& out) {
  if (n_ == 1) {
    out.assign(in.begin(), in.begin() + 1);  // kissfft does not handle length 1
  } else if (chirp_z_) {
    bluestein(in, out);
  } else {
    engine_.fwd(out, in);
  }
}

void Dft::inverse(const std::vector<cplx>& in, std::vector<cplx>& out) {
  if (n_ == 1) {
    out.assign(in.begin(), in.begin() + 1);
  } else if (chirp_z_) {
    // ifft(x) = conj(fft(conj(x))) / n.
    std::vector<cplx> c(in.size());
    for (size_t i = 0; i < in.size(); ++i) c[i] = std::conj(in[i]);
    bluestein(c, out);
    const double scale = 1.0 / static_cast<double>(n_);
    for (cplx& z : out) z = std::conj(z) * scale;
  } else {
    engine_.inv(out, in);
  }
}

}  // namespace runmat::runtime
