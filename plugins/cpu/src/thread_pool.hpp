// A small fork-join pool: run(n, fn) calls fn(task, worker) for every task in [0, n) across the
// pool's threads and the calling thread (worker 0), and returns when all tasks are done.
// Tasks are handed out dynamically; callers that need deterministic results make each task's
// work independent of which worker runs it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace rmcpu {

class ThreadPool {
 public:
  // `workers` counts the calling thread: ThreadPool(1) runs everything inline.
  explicit ThreadPool(unsigned workers);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned workers() const { return static_cast<unsigned>(threads_.size()) + 1; }

  // Not reentrant: one run at a time (the context serializes launches). The first exception a
  // task throws is rethrown here after every worker has stopped.
  template <class Fn>
  void run(size_t tasks, Fn&& fn) {
    run_impl(tasks, &invoke<std::remove_reference_t<Fn>>, &fn);
  }

 private:
  using TaskFn = void (*)(void* ctx, size_t task, unsigned worker);
  template <class Fn>
  static void invoke(void* ctx, size_t task, unsigned worker) {
    (*static_cast<Fn*>(ctx))(task, worker);
  }
  void run_impl(size_t tasks, TaskFn fn, void* ctx);
  void work(unsigned worker);
  void thread_main(unsigned worker);

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable start_cv_, done_cv_;
  uint64_t generation_ = 0;
  unsigned busy_ = 0;  // pool threads still working on the current generation
  bool stop_ = false;
  // The current job.
  TaskFn fn_ = nullptr;
  void* ctx_ = nullptr;
  size_t tasks_ = 0;
  std::atomic<size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
};

// Threads the process may run on (affinity mask), at least 1.
unsigned available_cpus();

}  // namespace rmcpu
