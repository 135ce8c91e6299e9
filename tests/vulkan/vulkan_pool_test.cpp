// The Vulkan plugin's device-memory pool, observed through the ABI's counters (1.1 fields):
// freed memory is reused, small buffers share device allocations (and keep their data apart,
// also through kernels and copies), emptied blocks are evicted beyond the cache budget and
// before the allocation-count limit refuses, and nothing stays reserved once everything is
// freed with no cache.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "kit/ir_builder.hpp"
#include "kit/plugin_loader.hpp"
#include "kit/session.hpp"

namespace pk = runmat::plugin_kit;

namespace {

const rm_plugin_api* vulkan_api() {
  static pk::PluginHandle h = [] {
    std::string dir = pk::plugin_dir_from_env();
    return pk::PluginHandle::open((dir.empty() ? std::string(".") : dir) + "/runmat-vulkan.so");
  }();
  if (!h.ok()) FAIL("cannot load runmat-vulkan.so: " << h.error());
  return h.api();
}

bool have_device() {
  uint32_t n = 0;
  char reason[256] = {0};
  REQUIRE(vulkan_api()->probe(&n, reason, sizeof reason) == RM_OK);
  if (n > 0) return true;
  if (pk::ci_mode()) FAIL("no Vulkan device (CI=true): " << reason);
  WARN("no Vulkan device, skipping: " << reason);
  return false;
}

// A session whose context saw the given pool knobs (read at context creation).
std::unique_ptr<pk::Session> session(const char* cache_bytes = nullptr,
                                     const char* max_allocations = nullptr) {
  if (cache_bytes) setenv("RUNMAT_VULKAN_POOL_CACHE_BYTES", cache_bytes, 1);
  if (max_allocations) setenv("RUNMAT_VULKAN_POOL_MAX_ALLOCATIONS", max_allocations, 1);
  auto s = std::make_unique<pk::Session>(vulkan_api());
  unsetenv("RUNMAT_VULKAN_POOL_CACHE_BYTES");
  unsetenv("RUNMAT_VULKAN_POOL_MAX_ALLOCATIONS");
  REQUIRE(s->ok());
  return s;
}

rm_buffer alloc(pk::Session& s, uint64_t bytes) {
  rm_buffer b = nullptr;
  REQUIRE(s.api()->buffer_alloc(s.ctx(), bytes, &b) == RM_OK);
  return b;
}

}  // namespace

TEST_CASE("vulkan pool: a freed buffer's memory serves the next request of its size class",
          "[vulkan][pool]") {
  if (!have_device()) return;
  auto s = session();
  const rm_counters c0 = s->counters();
  CHECK(c0.struct_size == sizeof(rm_counters));
  rm_buffer a = alloc(*s, 3000);
  const rm_counters c1 = s->counters();
  CHECK(c1.device_allocs == c0.device_allocs + 1);
  CHECK(c1.buffer_reuses == c0.buffer_reuses);
  s->api()->buffer_free(s->ctx(), a);
  rm_buffer b = alloc(*s, 2900);  // same class (2560 < n <= 3072)
  const rm_counters c2 = s->counters();
  CHECK(c2.buffer_reuses == c1.buffer_reuses + 1);
  CHECK(c2.device_allocs == c1.device_allocs);
  CHECK(c2.buffer_allocs == c0.buffer_allocs + 2);
  CHECK(c2.buffer_frees == c0.buffer_frees + 1);
  // A large buffer (a block of its own) is reused the same way.
  rm_buffer big = alloc(*s, 5u << 20);
  const rm_counters c3 = s->counters();
  CHECK(c3.device_allocs == c2.device_allocs + 1);
  CHECK(c3.device_bytes_reserved >= c2.device_bytes_reserved + (5u << 20));
  s->api()->buffer_free(s->ctx(), big);
  big = alloc(*s, (5u << 20) - 1000);
  const rm_counters c4 = s->counters();
  CHECK(c4.device_allocs == c3.device_allocs);
  CHECK(c4.buffer_reuses == c3.buffer_reuses + 1);
  CHECK(c4.device_bytes_peak >= c4.device_bytes_reserved);
  s->api()->buffer_free(s->ctx(), big);
  s->api()->buffer_free(s->ctx(), b);
}

TEST_CASE("vulkan pool: small buffers share device allocations and keep their data apart",
          "[vulkan][pool]") {
  if (!have_device()) return;
  auto s = session();
  const rm_plugin_api* api = s->api();
  const rm_counters c0 = s->counters();
  const int kBuffers = 64;
  const uint64_t n = 1000;  // floats per buffer
  std::vector<rm_buffer> xs, ys;
  for (int i = 0; i < kBuffers; ++i) {
    std::vector<double> v(n);
    for (uint64_t j = 0; j < n; ++j) v[j] = i * 10000.0 + double(j);
    xs.push_back(s->upload(v, RM_DTYPE_F32));
    ys.push_back(s->alloc(n * 4));
  }
  const rm_counters c1 = s->counters();
  INFO("device allocations for " << 2 * kBuffers
                                 << " buffers: " << c1.device_allocs - c0.device_allocs);
  CHECK(c1.device_allocs - c0.device_allocs <= uint64_t(2 * kBuffers / 8));
  // y_i = x_i + 1 on every pair, then copy y_0 into x_1: neighbours in a block must not
  // overlap, and kernels and copies must address each slot's offset.
  pk::IrBuilder ir;
  ir.output(0, ir.binary(RM_BIN_ADD, ir.input(0, RM_DTYPE_F32), ir.constant(1, RM_DTYPE_F32)));
  const rm_kernel_desc d = ir.desc("x+1");
  rm_kernel k = nullptr;
  REQUIRE(api->kernel_compile(s->ctx(), &d, &k) == RM_OK);
  for (int i = 0; i < kBuffers; ++i) {
    rm_launch_desc l;
    std::memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    l.rank = 1;
    l.dims[0] = n;
    l.count = n;
    l.num_inputs = 1;
    l.inputs = &xs[i];
    l.num_outputs = 1;
    l.outputs = &ys[i];
    REQUIRE(api->kernel_launch(s->ctx(), k, &l) == RM_OK);
  }
  REQUIRE(api->buffer_copy(s->ctx(), ys[0], 0, xs[1], 0, n * 4) == RM_OK);
  size_t bad = 0;
  for (int i = 0; i < kBuffers; ++i) {
    const std::vector<double> y = s->download(ys[i], n, RM_DTYPE_F32);
    const std::vector<double> x = s->download(xs[i], n, RM_DTYPE_F32);
    for (uint64_t j = 0; j < n; ++j) {
      bad += y[j] != i * 10000.0 + double(j) + 1.0;
      bad += x[j] != (i == 1 ? double(j) + 1.0 : i * 10000.0 + double(j));
    }
  }
  CHECK(bad == 0);
  api->kernel_destroy(s->ctx(), k);
  for (rm_buffer b : xs) s->free(b);
  for (rm_buffer b : ys) s->free(b);
  const rm_counters c2 = s->counters();
  CHECK(c2.buffer_bytes_live == c0.buffer_bytes_live);
  // The same buffers again: all from the cached blocks.
  for (int i = 0; i < 2 * kBuffers; ++i) xs.push_back(s->alloc(n * 4));
  const rm_counters c3 = s->counters();
  CHECK(c3.device_allocs == c2.device_allocs);
  CHECK(c3.buffer_reuses - c2.buffer_reuses == uint64_t(2 * kBuffers));
}

TEST_CASE("vulkan pool: emptied blocks beyond the cache budget are evicted", "[vulkan][pool]") {
  if (!have_device()) return;
  auto s = session("0");  // no cache: every emptied block goes back to the device
  const rm_counters c0 = s->counters();
  CHECK(c0.device_bytes_reserved == 0);
  rm_buffer big = alloc(*s, 3u << 20), small1 = alloc(*s, 4096), small2 = alloc(*s, 4096);
  const rm_counters c1 = s->counters();
  CHECK(c1.device_allocs == 2);  // the two small ones share a block
  s->api()->buffer_free(s->ctx(), big);
  CHECK(s->counters().pool_evictions == 1);
  s->api()->buffer_free(s->ctx(), small1);
  CHECK(s->counters().pool_evictions == 1);  // its block still holds small2
  s->api()->buffer_free(s->ctx(), small2);
  const rm_counters c2 = s->counters();
  CHECK(c2.pool_evictions == 2);
  CHECK(c2.device_bytes_reserved == 0);  // nothing left behind
  CHECK(c2.device_bytes_peak >= (3u << 20) + 4096 * 2);
  CHECK(c2.buffer_bytes_live == 0);
}

TEST_CASE("vulkan pool: the allocation-count limit evicts cached blocks first, then refuses",
          "[vulkan][pool]") {
  if (!have_device()) return;
  auto s = session(nullptr, "3");  // pretend the device allows 3 allocations for buffers
  std::vector<rm_buffer> live;
  for (int i = 0; i < 3; ++i) live.push_back(alloc(*s, (2u + i) << 20));
  rm_buffer extra = nullptr;
  CHECK(s->api()->buffer_alloc(s->ctx(), 8u << 20, &extra) == RM_ERR_OUT_OF_MEMORY);
  CHECK(s->last_error().find("limit") != std::string::npos);
  s->api()->buffer_free(s->ctx(), live[0]);  // cached, still one of the 3 allocations
  CHECK(s->counters().pool_evictions == 0);
  REQUIRE(s->api()->buffer_alloc(s->ctx(), 8u << 20, &extra) == RM_OK);  // evicts it
  const rm_counters c = s->counters();
  CHECK(c.pool_evictions == 1);
  CHECK(c.device_allocs == 4);
  s->api()->buffer_free(s->ctx(), extra);
  s->api()->buffer_free(s->ctx(), live[1]);
  s->api()->buffer_free(s->ctx(), live[2]);
}
