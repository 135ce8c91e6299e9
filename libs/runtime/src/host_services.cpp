#include "host_services.hpp"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <ostream>
#include <string_view>

#include "runmat/cache/cache_service.hpp"
#include "runmat/runtime/runtime.hpp"
#include "runmat/telemetry/recorder.hpp"

namespace runmat::runtime {
namespace {

Runtime& rt_of(void* host_data) {
  return *static_cast<Runtime*>(host_data);
}

const char* or_empty(const char* s) {
  return s ? s : "";
}

cache::CacheKey to_key(const rm_cache_key* k) {
  cache::CacheKey key;
  key.cache_name = or_empty(k->cache_name);
  key.plugin = or_empty(k->plugin_name);
  key.plugin_version = k->plugin_version;
  std::memcpy(key.device_uuid.data(), k->device_uuid, 16);
  key.driver_version = or_empty(k->driver_version);
  key.precision = k->precision;
  key.entry = or_empty(k->entry);
  return key;
}

void log_cb(void* host_data, rm_log_level level, const char* message) {
  if (level >= RM_LOG_WARN || rt_of(host_data).options().accel_log) {
    // Plugins may log from their own threads.
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    static const char* names[] = {"debug", "info", "warning", "error"};
    rt_of(host_data).err() << "[plugin " << names[level & 3] << "] " << or_empty(message) << "\n";
  }
}

void event_cb(void* host_data, const char* name, const char* detail) {
  rt_of(host_data).recorder().Event(or_empty(name), or_empty(detail));
}

rm_status cache_get_cb(void* host_data, const rm_cache_key* key, void** data, size_t* size) {
  if (!key || !data || !size) return RM_ERR_INVALID_ARGUMENT;
  std::optional<std::string> payload = rt_of(host_data).cache().Get(to_key(key));
  if (!payload) return RM_ERR_NOT_FOUND;
  void* copy = std::malloc(payload->size() ? payload->size() : 1);
  if (!copy) return RM_ERR_OUT_OF_MEMORY;
  std::memcpy(copy, payload->data(), payload->size());
  *data = copy;
  *size = payload->size();
  return RM_OK;
}

void cache_free_cb(void*, void* data) {
  std::free(data);
}

rm_status cache_put_cb(void* host_data, const rm_cache_key* key, const void* data, size_t size) {
  if (!key || (!data && size)) return RM_ERR_INVALID_ARGUMENT;
  absl::Status st = rt_of(host_data).cache().Put(
      to_key(key), std::string_view(static_cast<const char*>(data), size));
  if (!st.ok()) {
    rt_of(host_data).recorder().Event("cache-write-failed", std::string(st.message()));
    return RM_ERR_INTERNAL;
  }
  return RM_OK;
}

void cache_reject_cb(void* host_data, const rm_cache_key* key, const char* reason) {
  if (key) rt_of(host_data).cache().Reject(to_key(key), or_empty(reason));
}

}  // namespace

rm_host_services make_host_services(Runtime& rt) {
  rm_host_services s;
  std::memset(&s, 0, sizeof s);
  s.struct_size = sizeof s;
  s.abi_major = RM_ACCEL_ABI_MAJOR;
  s.abi_minor = RM_ACCEL_ABI_MINOR;
  s.host_data = &rt;
  s.log = log_cb;
  s.event = event_cb;
  s.cache_get = cache_get_cb;
  s.cache_free = cache_free_cb;
  s.cache_put = cache_put_cb;
  s.cache_reject = cache_reject_cb;
  return s;
}

}  // namespace runmat::runtime
