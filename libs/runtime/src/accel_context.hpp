// One open plugin context (device) and the device-side state hanging off it: compiled kernels
// (by IR signature) and the backings of arrays resident in its buffers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "plugin_host.hpp"
#include "runmat/core/array.hpp"

namespace runmat::runtime {

class AccelHost;

struct CompiledKernel {
  rm_kernel handle = nullptr;
  std::vector<rm_ir_inst> ir;  // guards against signature collisions
  std::string label;
  std::string signature_hex;
  uint32_t ops_fused = 0;
  uint64_t launches = 0, elements = 0, bytes_read = 0, bytes_written = 0;
};

struct AccelContext {
  LoadedPlugin* plugin = nullptr;
  uint32_t device_index = 0;
  rm_device_info info{};
  rm_context ctx = nullptr;
  AccelHost* host = nullptr;
  absl::flat_hash_map<uint64_t, CompiledKernel> kernels;
  std::vector<rm_buffer> transient;  // freed at the next synchronize
  uint64_t transient_bytes = 0;

  ~AccelContext();
  const rm_plugin_api& api() const { return *plugin->api; }
  std::string error_text() const;
  std::string device_label() const;
};

// An array's elements held in a device buffer. Downloads on first host access.
class DeviceBacking : public Backing {
 public:
  DeviceBacking(std::shared_ptr<AccelContext> ctx, rm_buffer buf)
      : ctx_(std::move(ctx)), buf_(buf) {}
  ~DeviceBacking() override;
  void fill_host(const Array& array, void* dst) override;
  const std::shared_ptr<AccelContext>& context() const { return ctx_; }
  rm_buffer buffer() const { return buf_; }

 private:
  std::shared_ptr<AccelContext> ctx_;
  rm_buffer buf_;
};

}  // namespace runmat::runtime
