#include "context.hpp"

#include <chrono>
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>

namespace rmcpu {

Arena::~Arena() {
  std::free(mem);
}

void Arena::reserve(size_t n) {
  if (n <= bytes) return;
  n = (n + 63) & ~size_t(63);
  void* p = std::aligned_alloc(64, n);
  if (!p) throw std::bad_alloc();
  std::free(mem);
  mem = static_cast<unsigned char*>(p);
  bytes = n;
}

namespace {
thread_local char t_error[512];
}

void set_thread_error(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(t_error, sizeof t_error, fmt, ap);
  va_end(ap);
}

const char* thread_error() {
  return t_error;
}

rm_status fail(rm_context ctx, rm_status st, const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (valid_context(ctx)) {
    ctx->set_error(buf);
  } else {
    set_thread_error("%s", buf);
  }
  return st;
}

bool valid_context(rm_context ctx) {
  return ctx && ctx->magic == kContextMagic;
}
bool valid_buffer(rm_context ctx, rm_buffer buf) {
  if (!buf || !valid_context(ctx)) return false;
  std::lock_guard<std::mutex> lock(ctx->objects_mu);
  return ctx->buffers.count(buf) != 0;
}
bool valid_kernel(rm_context ctx, rm_kernel k) {
  if (!k || !valid_context(ctx)) return false;
  std::lock_guard<std::mutex> lock(ctx->objects_mu);
  return ctx->kernels.count(k) != 0;
}

uint64_t now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace rmcpu

void rm_context_s::log(rm_log_level level, const char* msg) const {
  if (host && host->struct_size >= offsetof(rm_host_services, log) + sizeof(host->log) &&
      host->log) {
    host->log(host->host_data, level, msg);
  }
}
