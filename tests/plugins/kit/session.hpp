// Driving a plugin through the ABI alone: a context with test host services (in-memory cache,
// recorded log lines and events), typed buffer helpers and run_case(), which compiles and
// launches one KernelCase and downloads its outputs.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "kit/kernel_case.hpp"
#include "runmat/accel.h"

namespace runmat::plugin_kit {

class TestHost {
 public:
  TestHost();
  TestHost(const TestHost&) = delete;
  TestHost& operator=(const TestHost&) = delete;
  const rm_host_services* services() const { return &services_; }
  std::vector<std::string> logs() const;
  std::vector<std::string> events() const;
  size_t cache_entries() const;

 private:
  static void log(void* self, rm_log_level level, const char* message);
  static void event(void* self, const char* name, const char* detail);
  static rm_status cache_get(void* self, const rm_cache_key* key, void** data, size_t* size);
  static void cache_free(void* self, void* data);
  static rm_status cache_put(void* self, const rm_cache_key* key, const void* data, size_t size);
  static void cache_reject(void* self, const rm_cache_key* key, const char* reason);
  static std::string key_string(const rm_cache_key* key);

  rm_host_services services_;
  mutable std::mutex mu_;
  std::vector<std::string> logs_, events_;
  std::map<std::string, std::vector<unsigned char>> cache_;
};

class Session {
 public:
  explicit Session(const rm_plugin_api* api, uint32_t device = 0);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool ok() const { return ctx_ != nullptr; }
  rm_status create_status() const { return create_status_; }
  rm_context ctx() const { return ctx_; }
  const rm_plugin_api* api() const { return api_; }
  TestHost& host() { return host_; }
  std::string last_error() const;

  // Allocation and transfers; throw std::runtime_error (with last_error) on failure. Buffers
  // are freed when the session ends unless freed earlier with free().
  rm_buffer alloc(uint64_t bytes);
  rm_buffer upload(const std::vector<double>& values, rm_dtype dt);
  std::vector<double> download(rm_buffer b, uint64_t elements, rm_dtype dt);
  void free(rm_buffer b);
  rm_counters counters();

 private:
  const rm_plugin_api* api_;
  TestHost host_;
  rm_context ctx_ = nullptr;
  rm_status create_status_ = RM_OK;
  std::vector<rm_buffer> buffers_;
};

// Typed conversion of values to/from a buffer's bytes (F32 = float, F64 = double, BOOL = 0/1 byte).
std::vector<unsigned char> encode(const std::vector<double>& values, rm_dtype dt);
std::vector<double> decode(const std::vector<unsigned char>& bytes, rm_dtype dt);

struct CaseResult {
  rm_status compile_status = RM_OK;
  rm_status launch_status = RM_OK;
  std::string error;  // last_error after the failing call
  std::vector<std::vector<double>> outputs;
  rm_kernel_stats stats{};
  bool ok() const { return compile_status == RM_OK && launch_status == RM_OK; }
  rm_status status() const { return compile_status != RM_OK ? compile_status : launch_status; }
};

// Compiles kc.ir, uploads kc.inputs, launches once, synchronizes, downloads every output.
CaseResult run_case(Session& s, const KernelCase& kc, const char* label = nullptr);

const char* status_name(rm_status st);

}  // namespace runmat::plugin_kit
