// The objects behind the opaque handles: a context (one per context_create), its buffers and
// kernels, plus the per-context error string and counters.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "ir_plan.hpp"
#include "runmat/accel.h"
#include "thread_pool.hpp"

namespace rmcpu {

inline constexpr uint32_t kBufferMagic = 0x52424346;  // "RBCF"
inline constexpr uint32_t kKernelMagic = 0x524b4346;  // "RKCF"
inline constexpr uint32_t kContextMagic = 0x52434346;

// Launches below this many elements run on the calling thread.
inline constexpr uint64_t kInlineElements = 32768;

// Per-worker scratch: columns (kBlock * 8 bytes each) and the current column pointer of every
// value. Reused across launches; grows as needed.
struct Arena {
  unsigned char* mem = nullptr;
  size_t bytes = 0;
  uint64_t launch_id = 0;  // the launch the constant columns were filled for
  std::vector<void*> vptr;
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena();
  void reserve(size_t n);
  unsigned char* column(int32_t c) const { return mem + static_cast<size_t>(c) * kBlock * 8; }
};

struct Counters {
  std::atomic<uint64_t> kernel_launches{0}, kernel_device_ns{0}, kernel_compiles{0}, compile_ns{0};
  std::atomic<uint64_t> upload_bytes{0}, upload_count{0}, download_bytes{0}, download_count{0};
  std::atomic<uint64_t> copy_bytes{0}, copy_count{0};
  std::atomic<uint64_t> buffer_allocs{0}, buffer_frees{0}, buffer_bytes_live{0},
      buffer_bytes_peak{0};
};

}  // namespace rmcpu

struct rm_context_s {
  uint32_t magic = rmcpu::kContextMagic;
  const rm_host_services* host = nullptr;
  rmcpu::Counters counters;

  std::mutex error_mu;
  std::string error;

  // Live objects: handles are checked against these (no use of freed handles), and whatever the
  // host leaks is released by context_destroy.
  std::mutex objects_mu;
  std::unordered_set<rm_buffer_s*> buffers;
  std::unordered_set<rm_kernel_s*> kernels;

  // Launch machinery: created on the first launch that is big enough, then reused.
  std::mutex launch_mu;
  std::unique_ptr<rmcpu::ThreadPool> pool;
  std::vector<std::unique_ptr<rmcpu::Arena>> arenas;
  uint64_t launch_id = 0;

  void set_error(std::string msg) {
    std::lock_guard<std::mutex> lock(error_mu);
    error = std::move(msg);
  }
  void clear_error() {
    std::lock_guard<std::mutex> lock(error_mu);
    error.clear();
  }
  void log(rm_log_level level, const char* msg) const;
};

struct rm_buffer_s {
  uint32_t magic = rmcpu::kBufferMagic;
  rm_context ctx = nullptr;
  unsigned char* data = nullptr;
  uint64_t bytes = 0;
};

struct rm_kernel_s {
  uint32_t magic = rmcpu::kKernelMagic;
  rm_context ctx = nullptr;
  rmcpu::Plan plan;
  std::atomic<uint64_t> launches{0}, device_ns{0}, elements{0};
};

namespace rmcpu {

// Error reporting without a context (context_create failures, NULL handles): thread-local.
void set_thread_error(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
const char* thread_error();

// Formats into the context's error string (or the thread error when ctx is NULL) and returns st.
rm_status fail(rm_context ctx, rm_status st, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

bool valid_context(rm_context ctx);
bool valid_buffer(rm_context ctx, rm_buffer buf);
bool valid_kernel(rm_context ctx, rm_kernel k);

// Copies `src` (sizeof(T) bytes) into a caller struct whose capacity is dst->struct_size
// (0 meaning "the current size"), then sets struct_size to the bytes written.
template <class T>
void write_sized(T* dst, const T& src) {
  size_t cap = dst->struct_size;
  if (cap == 0 || cap > sizeof(T)) cap = sizeof(T);
  T tmp = src;
  tmp.struct_size = static_cast<uint32_t>(cap);
  std::memcpy(static_cast<void*>(dst), &tmp, cap);
}

uint64_t now_ns();

}  // namespace rmcpu
