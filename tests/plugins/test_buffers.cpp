// Buffers: allocation, transfers with offsets, copies, mapping, bounds checks and counters.
#include <cstring>
#include <numeric>

#include "plugin_fixture.hpp"

TEST_CASE("buffer round trip", "[plugins][buffers]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    REQUIRE(s.ok());
    const rm_plugin_api* api = p.api();
    const rm_counters c0 = s.counters();

    std::vector<unsigned char> data(1000);
    std::iota(data.begin(), data.end(), 0);
    rm_buffer a = s.alloc(1000);
    rm_buffer b = s.alloc(1000);
    REQUIRE(api->buffer_upload(s.ctx(), a, 0, data.data(), 1000) == RM_OK);
    std::vector<unsigned char> back(1000, 0xEE);
    REQUIRE(api->buffer_download(s.ctx(), a, 0, back.data(), 1000) == RM_OK);
    CHECK(back == data);

    // Partial transfers at offsets.
    const unsigned char patch[5] = {9, 8, 7, 6, 5};
    REQUIRE(api->buffer_upload(s.ctx(), a, 995, patch, 5) == RM_OK);
    unsigned char tail[5] = {0};
    REQUIRE(api->buffer_download(s.ctx(), a, 995, tail, 5) == RM_OK);
    CHECK(std::memcmp(tail, patch, 5) == 0);

    // Copy a range from a to b.
    REQUIRE(api->buffer_upload(s.ctx(), b, 0, std::vector<unsigned char>(1000, 0).data(), 1000) ==
            RM_OK);
    REQUIRE(api->buffer_copy(s.ctx(), a, 100, b, 200, 300) == RM_OK);
    REQUIRE(api->synchronize(s.ctx()) == RM_OK);
    REQUIRE(api->buffer_download(s.ctx(), b, 0, back.data(), 1000) == RM_OK);
    for (int i = 0; i < 1000; ++i) {
      const unsigned char want = (i >= 200 && i < 500) ? data[i - 100] : 0;
      if (back[i] != want) {
        FAIL_CHECK("copy mismatch at " << i << ": " << int(back[i]) << " vs " << int(want));
        break;
      }
    }

    // Out of range and NULL arguments are rejected with a reason.
    CHECK(api->buffer_upload(s.ctx(), a, 996, patch, 5) == RM_ERR_INVALID_ARGUMENT);
    CHECK(!s.last_error().empty());
    CHECK(api->buffer_download(s.ctx(), a, 1001, back.data(), 0) == RM_ERR_INVALID_ARGUMENT);
    CHECK(api->buffer_copy(s.ctx(), a, 900, b, 0, 200) == RM_ERR_INVALID_ARGUMENT);
    CHECK(api->buffer_upload(s.ctx(), a, ~uint64_t(0), patch, 5) == RM_ERR_INVALID_ARGUMENT);
    rm_buffer none = nullptr;
    CHECK(api->buffer_alloc(s.ctx(), 16, nullptr) == RM_ERR_INVALID_ARGUMENT);
    CHECK(api->buffer_upload(s.ctx(), none, 0, patch, 1) == RM_ERR_INVALID_ARGUMENT);

    // Counters moved by exactly what was done.
    const rm_counters c1 = s.counters();
    CHECK(c1.buffer_allocs - c0.buffer_allocs == 2);
    CHECK(c1.upload_count - c0.upload_count == 3);
    CHECK(c1.upload_bytes - c0.upload_bytes == 2005);
    CHECK(c1.download_count - c0.download_count == 3);
    CHECK(c1.download_bytes - c0.download_bytes == 2005);
    CHECK(c1.copy_count - c0.copy_count == 1);
    CHECK(c1.copy_bytes - c0.copy_bytes == 300);
    CHECK(c1.buffer_bytes_live - c0.buffer_bytes_live == 2000);
    CHECK(c1.buffer_bytes_peak >= c1.buffer_bytes_live);
    // ABI 1.1 pool fields: the live buffers' memory is reserved from the device; a plugin
    // without pooling reports one device allocation per buffer.
    if (c1.struct_size >= sizeof(rm_counters)) {
      CHECK(c1.device_allocs >= 1);
      CHECK(c1.device_allocs - c0.device_allocs <= 2);
      CHECK(c1.device_bytes_reserved >= c1.buffer_bytes_live);
      CHECK(c1.device_bytes_peak >= c1.device_bytes_reserved);
    }
    s.free(b);
    const rm_counters c2 = s.counters();
    CHECK(c2.buffer_frees - c1.buffer_frees == 1);
    CHECK(c1.buffer_bytes_live - c2.buffer_bytes_live == 1000);
    CHECK(c2.buffer_bytes_peak == c1.buffer_bytes_peak);

    // Host-memory devices map buffers directly.
    if ((p.info.flags & RM_DEVICE_FLAG_HOST_MEMORY) && api->buffer_map) {
      auto* m = static_cast<unsigned char*>(api->buffer_map(s.ctx(), a));
      REQUIRE(m != nullptr);
      CHECK(m[0] == 0);
      CHECK(m[999] == 5);
      m[1] = 77;
      unsigned char one = 0;
      REQUIRE(api->buffer_download(s.ctx(), a, 1, &one, 1) == RM_OK);
      CHECK(one == 77);
    }
  });
}

TEST_CASE("CPU buffers are 64-byte aligned; zero-byte buffers work", "[plugins][buffers][cpu]") {
  for_each_plugin([](PluginUnderTest& p) {
    if (!p.is_cpu()) return;
    pk::Session s(p.api());
    for (uint64_t bytes : {1ull, 3ull, 64ull, 1000ull, 1ull << 20}) {
      rm_buffer b = s.alloc(bytes);
      const auto addr = reinterpret_cast<uintptr_t>(p.api()->buffer_map(s.ctx(), b));
      CHECK(addr != 0);
      CHECK(addr % 64 == 0);
    }
    rm_buffer z = s.alloc(0);
    CHECK(p.api()->buffer_upload(s.ctx(), z, 0, nullptr, 0) == RM_OK);
    CHECK(p.api()->buffer_upload(s.ctx(), z, 0, "x", 1) == RM_ERR_INVALID_ARGUMENT);
  });
}
