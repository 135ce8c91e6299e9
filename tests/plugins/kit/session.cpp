#include "kit/session.hpp"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace runmat::plugin_kit {

const char* status_name(rm_status st) {
  switch (st) {
    case RM_OK:
      return "RM_OK";
    case RM_ERR_INVALID_ARGUMENT:
      return "RM_ERR_INVALID_ARGUMENT";
    case RM_ERR_OUT_OF_MEMORY:
      return "RM_ERR_OUT_OF_MEMORY";
    case RM_ERR_UNSUPPORTED:
      return "RM_ERR_UNSUPPORTED";
    case RM_ERR_DEVICE_LOST:
      return "RM_ERR_DEVICE_LOST";
    case RM_ERR_COMPILE_FAILED:
      return "RM_ERR_COMPILE_FAILED";
    case RM_ERR_NOT_FOUND:
      return "RM_ERR_NOT_FOUND";
    case RM_ERR_INTERNAL:
      return "RM_ERR_INTERNAL";
  }
  return "RM_ERR_?";
}

// ---------------------------------------------------------------- TestHost

TestHost::TestHost() {
  std::memset(&services_, 0, sizeof services_);
  services_.struct_size = sizeof services_;
  services_.abi_major = RM_ACCEL_ABI_MAJOR;
  services_.abi_minor = RM_ACCEL_ABI_MINOR;
  services_.host_data = this;
  services_.log = &TestHost::log;
  services_.event = &TestHost::event;
  services_.cache_get = &TestHost::cache_get;
  services_.cache_free = &TestHost::cache_free;
  services_.cache_put = &TestHost::cache_put;
  services_.cache_reject = &TestHost::cache_reject;
}

std::vector<std::string> TestHost::logs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return logs_;
}
std::vector<std::string> TestHost::events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}
size_t TestHost::cache_entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cache_.size();
}

void TestHost::log(void* self, rm_log_level level, const char* message) {
  auto* h = static_cast<TestHost*>(self);
  std::lock_guard<std::mutex> lock(h->mu_);
  h->logs_.push_back(std::to_string(static_cast<int>(level)) + ": " + (message ? message : ""));
}

void TestHost::event(void* self, const char* name, const char* detail) {
  auto* h = static_cast<TestHost*>(self);
  std::lock_guard<std::mutex> lock(h->mu_);
  h->events_.push_back(std::string(name ? name : "") + ": " + (detail ? detail : ""));
}

std::string TestHost::key_string(const rm_cache_key* key) {
  std::string s;
  auto add = [&](const char* p) {
    s += p ? p : "";
    s += '|';
  };
  add(key->cache_name);
  add(key->plugin_name);
  add(key->driver_version);
  add(key->entry);
  s += std::to_string(key->plugin_version) + "|" + std::to_string(key->precision) + "|";
  s.append(reinterpret_cast<const char*>(key->device_uuid), 16);
  return s;
}

rm_status TestHost::cache_get(void* self, const rm_cache_key* key, void** data, size_t* size) {
  auto* h = static_cast<TestHost*>(self);
  if (!key || !data || !size) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::mutex> lock(h->mu_);
  auto it = h->cache_.find(key_string(key));
  if (it == h->cache_.end()) return RM_ERR_NOT_FOUND;
  void* copy = std::malloc(it->second.size() ? it->second.size() : 1);
  if (!copy) return RM_ERR_OUT_OF_MEMORY;
  if (!it->second.empty()) std::memcpy(copy, it->second.data(), it->second.size());
  *data = copy;
  *size = it->second.size();
  return RM_OK;
}

void TestHost::cache_free(void*, void* data) {
  std::free(data);
}

rm_status TestHost::cache_put(void* self, const rm_cache_key* key, const void* data, size_t size) {
  auto* h = static_cast<TestHost*>(self);
  if (!key || (size && !data)) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::mutex> lock(h->mu_);
  const auto* p = static_cast<const unsigned char*>(data);
  h->cache_[key_string(key)] = std::vector<unsigned char>(p, p + size);
  return RM_OK;
}

void TestHost::cache_reject(void* self, const rm_cache_key* key, const char* reason) {
  auto* h = static_cast<TestHost*>(self);
  std::lock_guard<std::mutex> lock(h->mu_);
  if (key) h->cache_.erase(key_string(key));
  h->events_.push_back(std::string("cache-rejected: ") + (reason ? reason : ""));
}

// ---------------------------------------------------------------- encoding

std::vector<unsigned char> encode(const std::vector<double>& values, rm_dtype dt) {
  std::vector<unsigned char> out(values.size() * (dt == RM_DTYPE_F32   ? 4
                                                  : dt == RM_DTYPE_F64 ? 8
                                                                       : 1));
  for (size_t i = 0; i < values.size(); ++i) {
    switch (dt) {
      case RM_DTYPE_F32: {
        const float f = static_cast<float>(values[i]);
        std::memcpy(&out[i * 4], &f, 4);
        break;
      }
      case RM_DTYPE_F64:
        std::memcpy(&out[i * 8], &values[i], 8);
        break;
      default:
        out[i] = values[i] != 0.0 ? 1 : 0;
        break;
    }
  }
  return out;
}

std::vector<double> decode(const std::vector<unsigned char>& bytes, rm_dtype dt) {
  const size_t es = dt == RM_DTYPE_F32 ? 4 : dt == RM_DTYPE_F64 ? 8 : 1;
  std::vector<double> out(bytes.size() / es);
  for (size_t i = 0; i < out.size(); ++i) {
    switch (dt) {
      case RM_DTYPE_F32: {
        float f;
        std::memcpy(&f, &bytes[i * 4], 4);
        out[i] = f;
        break;
      }
      case RM_DTYPE_F64:
        std::memcpy(&out[i], &bytes[i * 8], 8);
        break;
      default:
        out[i] = bytes[i];
        break;  // raw byte: tests check it is exactly 0 or 1
    }
  }
  return out;
}

// ---------------------------------------------------------------- Session

Session::Session(const rm_plugin_api* api, uint32_t device) : api_(api) {
  create_status_ = api_->context_create(device, host_.services(), &ctx_);
  if (create_status_ != RM_OK) ctx_ = nullptr;
}

Session::~Session() {
  if (!ctx_) return;
  for (rm_buffer b : buffers_) api_->buffer_free(ctx_, b);
  api_->context_destroy(ctx_);
}

std::string Session::last_error() const {
  const char* e = api_->last_error(ctx_);
  return e ? e : "";
}

rm_buffer Session::alloc(uint64_t bytes) {
  rm_buffer b = nullptr;
  const rm_status st = api_->buffer_alloc(ctx_, bytes, &b);
  if (st != RM_OK || !b) {
    throw std::runtime_error(std::string("buffer_alloc failed: ") + status_name(st) + ": " +
                             last_error());
  }
  buffers_.push_back(b);
  return b;
}

rm_buffer Session::upload(const std::vector<double>& values, rm_dtype dt) {
  const std::vector<unsigned char> bytes = encode(values, dt);
  rm_buffer b = alloc(bytes.size());
  const rm_status st = api_->buffer_upload(ctx_, b, 0, bytes.data(), bytes.size());
  if (st != RM_OK) {
    throw std::runtime_error(std::string("buffer_upload failed: ") + status_name(st) + ": " +
                             last_error());
  }
  return b;
}

std::vector<double> Session::download(rm_buffer b, uint64_t elements, rm_dtype dt) {
  const size_t es = dt == RM_DTYPE_F32 ? 4 : dt == RM_DTYPE_F64 ? 8 : 1;
  std::vector<unsigned char> bytes(elements * es);
  const rm_status st = api_->buffer_download(ctx_, b, 0, bytes.data(), bytes.size());
  if (st != RM_OK) {
    throw std::runtime_error(std::string("buffer_download failed: ") + status_name(st) + ": " +
                             last_error());
  }
  return decode(bytes, dt);
}

void Session::free(rm_buffer b) {
  for (size_t i = 0; i < buffers_.size(); ++i) {
    if (buffers_[i] == b) {
      buffers_.erase(buffers_.begin() + static_cast<std::ptrdiff_t>(i));
      api_->buffer_free(ctx_, b);
      return;
    }
  }
}

rm_counters Session::counters() {
  rm_counters c;
  std::memset(&c, 0, sizeof c);
  c.struct_size = sizeof c;
  const rm_status st = api_->get_counters(ctx_, &c);
  if (st != RM_OK) throw std::runtime_error(std::string("get_counters failed: ") + status_name(st));
  return c;
}

CaseResult run_case(Session& s, const KernelCase& kc, const char* label) {
  CaseResult r;
  const rm_plugin_api* api = s.api();
  const rm_kernel_desc desc = kc.ir.desc(label);
  rm_kernel k = nullptr;
  r.compile_status = api->kernel_compile(s.ctx(), &desc, &k);
  if (r.compile_status != RM_OK) {
    r.error = s.last_error();
    return r;
  }
  std::vector<rm_buffer> ins, outs;
  for (uint32_t slot = 0; slot < desc.num_inputs; ++slot) {
    rm_dtype dt = kc.input_dtype(slot);
    if (dt == RM_DTYPE_INVALID) dt = RM_DTYPE_F64;
    ins.push_back(s.upload(kc.inputs.at(slot), dt));
  }
  const uint64_t nout = kc.output_elements();
  for (uint32_t slot = 0; slot < desc.num_outputs; ++slot) {
    const rm_dtype dt = kc.output_dtype(slot);
    outs.push_back(s.alloc(nout * (dt == RM_DTYPE_F32 ? 4 : dt == RM_DTYPE_F64 ? 8 : 1)));
  }
  std::vector<int64_t> strides(static_cast<size_t>(desc.num_inputs) * RM_MAX_RANK, 0);
  for (uint32_t slot = 0; slot < desc.num_inputs && slot < kc.strides.size(); ++slot) {
    for (int d = 0; d < RM_MAX_RANK; ++d) strides[slot * RM_MAX_RANK + d] = kc.strides[slot][d];
  }
  rm_launch_desc l;
  std::memset(&l, 0, sizeof l);
  l.struct_size = sizeof l;
  l.rank = static_cast<uint32_t>(kc.dims.size());
  for (size_t d = 0; d < kc.dims.size() && d < RM_MAX_RANK; ++d) l.dims[d] = kc.dims[d];
  l.count = kc.count();
  l.reduce_outer = kc.reduce_outer;
  l.reduce_len = kc.reduce_len;
  l.reduce_inner = kc.reduce_inner;
  l.num_inputs = desc.num_inputs;
  l.inputs = ins.data();
  l.input_strides = strides.data();
  l.num_outputs = desc.num_outputs;
  l.outputs = outs.data();
  l.rng_base = kc.rng_base;
  r.launch_status = api->kernel_launch(s.ctx(), k, &l);
  if (r.launch_status == RM_OK) r.launch_status = api->synchronize(s.ctx());
  if (r.launch_status != RM_OK) {
    r.error = s.last_error();
  } else {
    for (uint32_t slot = 0; slot < desc.num_outputs; ++slot) {
      r.outputs.push_back(s.download(outs[slot], nout, kc.output_dtype(slot)));
    }
    std::memset(&r.stats, 0, sizeof r.stats);
    r.stats.struct_size = sizeof r.stats;
    api->kernel_get_stats(s.ctx(), k, &r.stats);
  }
  api->kernel_destroy(s.ctx(), k);
  for (rm_buffer b : ins) s.free(b);
  for (rm_buffer b : outs) s.free(b);
  return r;
}

}  // namespace runmat::plugin_kit
