// plugin_bench: times the fused chain y = tanh(sin(x).*exp(-x/10)) + 0.1*x (one launch), a
// reduce-all sum, philox normals drawn in the kernel (x + randn, and the GBM step
// x .* exp(a + b*randn)) on every plugin in RUNMAT_PLUGIN_DIR, next to the machine's memory
// bandwidth (a multi-threaded read+write of the same bytes), so "how far from bandwidth-bound" is
// one number. Usage: plugin_bench [n=10000000] [repeats=7]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "kit/ir_builder.hpp"
#include "kit/plugin_loader.hpp"
#include "kit/session.hpp"

namespace pk = runmat::plugin_kit;

namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Best time of a multi-threaded y[i] = x[i] * 1.0001f (reads n*4, writes n*4 bytes).
double bandwidth_floor_s(size_t n, int repeats) {
  std::vector<float> x(n, 1.0f), y(n, 0.0f);
  const unsigned t = std::max(1u, std::thread::hardware_concurrency());
  double best = 1e9;
  for (int r = 0; r < repeats; ++r) {
    const double t0 = now_s();
    std::vector<std::thread> th;
    for (unsigned k = 0; k < t; ++k) {
      th.emplace_back([&, k] {
        const size_t b = n * k / t, e = n * (k + 1) / t;
        for (size_t i = b; i < e; ++i) y[i] = x[i] * 1.0001f;
      });
    }
    for (auto& h : th) h.join();
    best = std::min(best, now_s() - t0);
  }
  volatile float sink = y[n / 2];
  (void)sink;
  return best;
}

struct Timing {
  double best_s = 0, median_s = 0;
  bool ok = false;
};

Timing time_kernel(pk::Session& s, const pk::IrBuilder& ir, rm_dtype dt, uint64_t n, bool reduce,
                   int repeats) {
  Timing t;
  const rm_plugin_api* api = s.api();
  const rm_kernel_desc d = ir.desc("bench");
  rm_kernel k = nullptr;
  if (api->kernel_compile(s.ctx(), &d, &k) != RM_OK) {
    std::printf("    compile failed: %s\n", s.last_error().c_str());
    return t;
  }
  std::vector<double> xs(n);
  for (uint64_t i = 0; i < n; ++i) xs[i] = -20.0 + 40.0 * static_cast<double>(i % 10007) / 10007.0;
  rm_buffer in = s.upload(xs, dt);
  rm_buffer out = s.alloc((reduce ? 1 : n) * pk::dtype_size(dt));
  rm_launch_desc l;
  std::memset(&l, 0, sizeof l);
  l.struct_size = sizeof l;
  l.rank = 1;
  l.dims[0] = l.count = n;
  l.reduce_outer = 1;
  l.reduce_len = n;
  l.reduce_inner = 1;
  l.num_inputs = 1;
  l.inputs = &in;
  l.num_outputs = 1;
  l.outputs = &out;
  std::vector<double> times;
  for (int r = 0; r < repeats + 1; ++r) {
    const double t0 = now_s();
    if (api->kernel_launch(s.ctx(), k, &l) != RM_OK || api->synchronize(s.ctx()) != RM_OK) {
      std::printf("    launch failed: %s\n", s.last_error().c_str());
      return t;
    }
    if (r > 0) times.push_back(now_s() - t0);  // the first launch warms up (threads, pages)
  }
  std::sort(times.begin(), times.end());
  t.best_s = times.front();
  t.median_s = times[times.size() / 2];
  t.ok = true;
  api->kernel_destroy(s.ctx(), k);
  s.free(in);
  s.free(out);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000ull;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 7;
  const double floor_s = bandwidth_floor_s(n, repeats);
  std::printf("n = %llu, %u hardware threads\n", static_cast<unsigned long long>(n),
              std::thread::hardware_concurrency());
  std::printf("bandwidth floor (F32 read+write, %.0f MB moved): %.2f ms (%.1f GB/s)\n", n * 8 / 1e6,
              floor_s * 1e3, n * 8 / floor_s / 1e9);
  for (const std::string& file : pk::find_plugin_files(pk::plugin_dir_from_env())) {
    pk::PluginHandle h = pk::PluginHandle::open(file);
    if (!h.ok()) continue;
    uint32_t count = 0;
    char reason[256] = {0};
    if (h.api()->probe(&count, reason, sizeof reason) != RM_OK || count == 0) {
      std::printf("%s: no device (%s)\n", h.api()->name, reason);
      continue;
    }
    pk::Session s(h.api());
    if (!s.ok()) continue;
    std::printf("plugin %s:\n", h.api()->name);
    for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
      pk::IrBuilder chain;
      const uint32_t x = chain.input(0, dt);
      const uint32_t e = chain.unary(
          RM_UN_EXP, chain.binary(RM_BIN_DIV, chain.unary(RM_UN_NEG, x), chain.constant(10.0, dt)));
      const uint32_t t =
          chain.unary(RM_UN_TANH, chain.binary(RM_BIN_MUL, chain.unary(RM_UN_SIN, x), e));
      chain.output(
          0, chain.binary(RM_BIN_ADD, t, chain.binary(RM_BIN_MUL, chain.constant(0.1, dt), x)));
      const Timing tc = time_kernel(s, chain, dt, n, false, repeats);
      if (tc.ok) {
        const double floor_dt = floor_s * (dt == RM_DTYPE_F64 ? 2.0 : 1.0);
        std::printf(
            "  chain %s: best %.2f ms, median %.2f ms (%.2fx the bandwidth floor, %.2f "
            "ns/element)\n",
            pk::dtype_name(dt), tc.best_s * 1e3, tc.median_s * 1e3, tc.best_s / floor_dt,
            tc.best_s / n * 1e9);
      }
      // Random draws generated inside the kernel (RM_IR_RANDOM): G normals per second.
      pk::IrBuilder noise;
      noise.output(
          0, noise.binary(RM_BIN_ADD, noise.input(0, dt), noise.random(RM_RAND_NORMAL, dt, 42)));
      pk::IrBuilder gbm;
      const uint32_t z = gbm.random(RM_RAND_NORMAL, dt, 42);
      const uint32_t step =
          gbm.unary(RM_UN_EXP, gbm.binary(RM_BIN_ADD, gbm.constant(1e-4, dt),
                                          gbm.binary(RM_BIN_MUL, gbm.constant(0.02, dt), z)));
      gbm.output(0, gbm.binary(RM_BIN_MUL, gbm.input(0, dt), step));
      for (const auto& [name, ir] : {std::pair<const char*, pk::IrBuilder*>{"x+randn", &noise},
                                     {"x.*exp(a+b*randn)", &gbm}}) {
        const Timing tr = time_kernel(s, *ir, dt, n, false, repeats);
        if (tr.ok) {
          std::printf("  %s %s: best %.2f ms, median %.2f ms (%.3f G normals/s)\n", name,
                      pk::dtype_name(dt), tr.best_s * 1e3, tr.median_s * 1e3, n / tr.best_s / 1e9);
        }
      }
      pk::IrBuilder sum;
      sum.output(0, sum.reduce(RM_RED_SUM, sum.input(0, dt)));
      const Timing ts = time_kernel(s, sum, dt, n, true, repeats);
      if (ts.ok) {
        std::printf("  sum %s:   best %.2f ms, median %.2f ms\n", pk::dtype_name(dt),
                    ts.best_s * 1e3, ts.median_s * 1e3);
      }
    }
  }
  return 0;
}
