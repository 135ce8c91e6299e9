/*
 * runmat/accel.h — THE C ABI between the RunMat runtime and accelerator plugins.
 *
 * C99 only. A plugin is a shared object that exports exactly one symbol,
 * RM_ACCEL_ENTRY_SYMBOL ("rm_accel_plugin_entry"); everything else it provides is reached through
 * the function table that entry returns. A plugin links nothing of the runtime: what it needs
 * from the host (cache service, telemetry events, logging) arrives as rm_host_services when a
 * context is created.
 *
 * Rules that keep old and new plugins working together (see docs/accel-abi.md):
 *  - Versioned major.minor. The host refuses a plugin whose major differs. Minor versions only
 *    APPEND fields to structs and functions to tables; both sides use min(host, plugin) minor.
 *  - Every struct that crosses the boundary begins with `uint32_t struct_size`. For structs the
 *    host passes in (descriptors, host services) it is the size the host filled in; a plugin
 *    never reads beyond it. For structs the plugin fills in (rm_device_info, rm_counters,
 *    rm_kernel_stats) the caller sets struct_size to its capacity, and the plugin writes at most
 *    that many bytes, then sets struct_size to the number it wrote.
 *  - Threads: the host uses a context from one thread at a time. Plugins may run their own
 *    worker threads; host-service callbacks may be called from any of them.
 *  - Handles are opaque. Every fallible call returns rm_status; rm_plugin_api.last_error gives
 *    a human-readable reason per context (valid until the next call on that context).
 *  - No C++ types, no exceptions across the boundary, and no ownership surprises: memory is
 *    freed by the side that allocated it (see each function).
 *  - Loading a plugin runs no device code: rm_accel_plugin_entry returns a static table, and
 *    `probe` may enumerate devices but must not open one. A device is opened by context_create.
 */
#ifndef RUNMAT_ACCEL_H
#define RUNMAT_ACCEL_H
/* This header is laid out by hand (aligned tables) for vendors to read. */
/* clang-format off */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RM_ACCEL_ABI_MAJOR 1
#define RM_ACCEL_ABI_MINOR 2 /* 1.1: rm_counters gained the device-memory pool fields;
                              1.2: RM_IR_RANDOM and rm_launch_desc.rng_base */
#define RM_ACCEL_ENTRY_SYMBOL "rm_accel_plugin_entry"

#if defined(_WIN32)
#define RM_ACCEL_EXPORT __declspec(dllexport)
#else
#define RM_ACCEL_EXPORT __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------- status codes */
typedef enum rm_status {
  RM_OK = 0,
  RM_ERR_INVALID_ARGUMENT = 1, /* a malformed descriptor, handle or size */
  RM_ERR_OUT_OF_MEMORY = 2,    /* device or host allocation failed: the host may fall back */
  RM_ERR_UNSUPPORTED = 3,      /* e.g. float64 on a device without it, an unknown IR opcode */
  RM_ERR_DEVICE_LOST = 4,      /* the context is unusable; the host must destroy it */
  RM_ERR_COMPILE_FAILED = 5,   /* kernel IR could not be compiled; last_error says why */
  RM_ERR_NOT_FOUND = 6,        /* no such device index / cache entry */
  RM_ERR_INTERNAL = 7
} rm_status;

/* ---------------------------------------------------------------- opaque handles */
typedef struct rm_context_s* rm_context;
typedef struct rm_buffer_s* rm_buffer;
typedef struct rm_kernel_s* rm_kernel;

/* ---------------------------------------------------------------- element types */
typedef enum rm_dtype {
  RM_DTYPE_INVALID = 0,
  RM_DTYPE_F32 = 1,
  RM_DTYPE_F64 = 2,
  RM_DTYPE_BOOL = 3 /* stored as one byte per element (0 or 1) in buffers */
} rm_dtype;

/* ---------------------------------------------------------------- devices */
typedef enum rm_device_type {
  RM_DEVICE_OTHER = 0,
  RM_DEVICE_CPU = 1,
  RM_DEVICE_INTEGRATED_GPU = 2,
  RM_DEVICE_DISCRETE_GPU = 3,
  RM_DEVICE_VIRTUAL_GPU = 4
} rm_device_type;

/* rm_device_info.flags */
#define RM_DEVICE_FLAG_FLOAT64 (1u << 0)     /* kernels may use RM_DTYPE_F64 */
#define RM_DEVICE_FLAG_HOST_MEMORY (1u << 1) /* buffers live in host memory (buffer_map is cheap) */
#define RM_DEVICE_FLAG_TIMESTAMPS (1u << 2)  /* kernel device time is measured, not estimated */
#define RM_DEVICE_FLAG_SOFTWARE (1u << 3)    /* a software implementation (e.g. lavapipe) */

typedef struct rm_device_info {
  uint32_t struct_size;
  uint32_t flags; /* RM_DEVICE_FLAG_* */
  rm_device_type type;
  uint32_t vendor_id;
  uint32_t device_id;
  uint32_t compute_units;  /* cores / SMs / CUs, 0 when unknown */
  uint64_t memory_bytes;   /* device-local memory (host RAM for the CPU plugin) */
  uint64_t max_buffer_bytes; /* largest single buffer a kernel may bind (not total memory) */
  uint8_t uuid[16];        /* stable identity for cache keys */
  char name[256];
  char vendor[64];
  char driver_version[64];
  char api_version[32];    /* e.g. "Vulkan 1.3.239"; "" when not applicable */
} rm_device_info;

/* ---------------------------------------------------------------- kernel IR (version 1)
 *
 * A kernel is a flat array of rm_ir_inst in SSA form: instruction i defines value i, and
 * operands name earlier values by index. The iteration space is the kernel's output shape
 * (elementwise kernels) or, for kernels with a REDUCE, the pre-reduction shape viewed as
 * [outer, len, inner] (see rm_launch_desc). The same IR is compiled by every plugin and is what
 * caches key on, so it holds no pointers and no launch-time sizes.
 *
 *  opcode        fields used
 *  INPUT         a = input slot, sub = rm_ir_access, dtype = element type of the buffer
 *  CONST         imm = value, dtype = its type
 *  INDEX         (no operands) the element's linear index in the iteration space, as dtype
 *  UNARY         a = operand, sub = rm_ir_unary
 *  BINARY        a, b = operands, sub = rm_ir_binary
 *  COMPARE       a, b = operands, sub = rm_ir_compare, dtype = RM_DTYPE_BOOL
 *  SELECT        a = condition (bool), b = value if true, c = value if false
 *  CAST          a = operand, dtype = target type
 *  REDUCE        a = operand, sub = rm_ir_reduce, dtype = accumulator/result type.
 *                At most one per kernel. Instructions after it may use only the REDUCE
 *                result, CONSTs and other post-reduce values: they form the epilogue, run once
 *                per output element (e.g. mean = sum * (1/len)).
 *  OUTPUT        a = output slot, b = value stored, dtype = buffer element type
 *  RANDOM        (since 1.2; no value operands) sub = rm_ir_random, dtype = F32 or F64 (the
 *                output precision), imm = key (the seed, an integer below 2^53), b, c = low and
 *                high 32 bits of the instruction's counter offset. The value at iteration
 *                element e (the linear index; (o*len + k)*inner + i in REDUCE kernels) is
 *                RunMat's philox number at stream position launch.rng_base + offset + e (mod
 *                2^64), defined bit for bit by runmat/accel_random.h. Like INDEX it is not
 *                allowed in an epilogue. Plugins that do not implement it return
 *                RM_ERR_UNSUPPORTED from kernel_compile (the host then computes on the host).
 *
 * Operand types: BINARY/UNARY operate in the instruction's dtype; the producer of the IR
 * inserts CASTs so operands already have that type (plugins never convert implicitly).
 * Exceptions: the predicates ISNAN/ISINF/ISFINITE take an F32/F64 operand and define BOOL;
 * COMPARE takes two operands of one float type and defines BOOL; SELECT's condition is BOOL.
 * CAST to BOOL is (x != 0), so NaN casts to true; CAST from BOOL gives 0 or 1.
 * Invalid IR (RM_ERR_INVALID_ARGUMENT): a forward or out-of-range operand, an OUTPUT whose
 * dtype differs from its value's, a second REDUCE, an epilogue that uses a pre-reduce value,
 * an INPUT or an INDEX, an input/output slot out of range or an output slot never written.
 * Unknown opcodes, sub-ops or IR versions are RM_ERR_UNSUPPORTED, as is F64 on a device
 * without RM_DEVICE_FLAG_FLOAT64.
 */
#define RM_IR_VERSION 1
#define RM_IR_NONE 0xFFFFFFFFu

typedef enum rm_ir_opcode {
  RM_IR_INPUT = 1,
  RM_IR_CONST = 2,
  RM_IR_INDEX = 3,
  RM_IR_UNARY = 4,
  RM_IR_BINARY = 5,
  RM_IR_COMPARE = 6,
  RM_IR_SELECT = 7,
  RM_IR_CAST = 8,
  RM_IR_REDUCE = 9,
  RM_IR_OUTPUT = 10,
  RM_IR_RANDOM = 11 /* since ABI 1.2 */
} rm_ir_opcode;

/* RM_IR_RANDOM's distribution (see runmat/accel_random.h for the exact transforms). */
typedef enum rm_ir_random {
  RM_RAND_UNIFORM = 1, /* (0, 1), open */
  RM_RAND_NORMAL = 2   /* standard normal, Box-Muller */
} rm_ir_random;

/* How an INPUT is addressed; fixed at compile time so common cases need no index math. */
typedef enum rm_ir_access {
  RM_ACCESS_LINEAR = 0,  /* same element count as the iteration space: buf[i] */
  RM_ACCESS_SCALAR = 1,  /* one element broadcast everywhere: buf[0] */
  RM_ACCESS_STRIDED = 2  /* implicit expansion: buf[sum_d idx_d * stride_d] with launch strides */
} rm_ir_access;

typedef enum rm_ir_unary {
  RM_UN_NEG = 1, RM_UN_ABS, RM_UN_SQRT, RM_UN_EXP, RM_UN_LOG, RM_UN_SIN, RM_UN_COS, RM_UN_TAN,
  RM_UN_TANH, RM_UN_FLOOR, RM_UN_CEIL, RM_UN_ROUND /* half away from zero */, RM_UN_FIX,
  RM_UN_SIGN, RM_UN_NOT /* bool -> bool */, RM_UN_ASIN, RM_UN_ACOS, RM_UN_ATAN, RM_UN_SINH,
  RM_UN_COSH, RM_UN_LOG2, RM_UN_LOG10, RM_UN_EXPM1, RM_UN_LOG1P, RM_UN_ISNAN /* -> bool */,
  RM_UN_ISINF /* -> bool */, RM_UN_ISFINITE /* -> bool */,
  RM_UN_COUNT_
} rm_ir_unary;

/* MOD and REM follow MATLAB for every operand, non-finite ones included:
 *   mod(x, y) = x - floor(x/y)*y, zero or the sign of y;   rem(x, y) = x - fix(x/y)*y, zero or
 *   the sign of x (finite x, y != 0; where x/y is within rounding of an integer either
 *   neighbouring quotient is acceptable).
 *   mod(x, 0) = x (also for x = +-Inf and NaN);            rem(x, 0) = NaN.
 *   mod(x, +-Inf), x finite: x when x == 0 or x has the sign of y, else y (+-Inf: the limit);
 *   rem(x, +-Inf), x finite: x.
 *   mod/rem(+-Inf, y) with y != 0, and any NaN operand (except mod(NaN, 0)): NaN. */
typedef enum rm_ir_binary {
  RM_BIN_ADD = 1, RM_BIN_SUB, RM_BIN_MUL, RM_BIN_DIV, RM_BIN_POW,
  RM_BIN_MIN /* NaN-ignoring, like MATLAB's min */, RM_BIN_MAX /* NaN-ignoring */,
  RM_BIN_ATAN2, RM_BIN_HYPOT, RM_BIN_MOD /* MATLAB mod: sign of divisor */,
  RM_BIN_REM /* MATLAB rem: sign of dividend */, RM_BIN_AND /* bool */, RM_BIN_OR /* bool */,
  RM_BIN_XOR /* bool */,
  RM_BIN_COUNT_
} rm_ir_binary;

typedef enum rm_ir_compare {
  RM_CMP_EQ = 1, RM_CMP_NE, RM_CMP_LT, RM_CMP_LE, RM_CMP_GT, RM_CMP_GE
} rm_ir_compare;

typedef enum rm_ir_reduce {
  RM_RED_SUM = 1, RM_RED_PROD, RM_RED_MIN /* NaN-ignoring */, RM_RED_MAX /* NaN-ignoring */,
  RM_RED_ANY /* bool */, RM_RED_ALL /* bool */
} rm_ir_reduce;

typedef struct rm_ir_inst {
  uint16_t opcode; /* rm_ir_opcode */
  uint16_t sub;    /* rm_ir_unary / _binary / _compare / _reduce / _random / rm_ir_access */
  uint16_t dtype;  /* rm_dtype of the value this instruction defines (or stores, for OUTPUT) */
  uint16_t reserved;
  uint32_t a, b, c; /* operands (value indices or slots), RM_IR_NONE when unused */
  uint32_t reserved2;
  double imm;       /* CONST value */
} rm_ir_inst;

typedef struct rm_kernel_desc {
  uint32_t struct_size;
  uint32_t ir_version;  /* RM_IR_VERSION */
  uint32_t inst_size;   /* sizeof(rm_ir_inst) as the producer knows it: the array's stride */
  uint32_t num_insts;
  const rm_ir_inst* insts;
  /* Every plugin accepts kernels of up to 16 inputs and 8 outputs (the host splits larger
   * groups and never sends more); a plugin may accept more. */
  uint32_t num_inputs;  /* slots 0..num_inputs-1 */
  uint32_t num_outputs; /* slots 0..num_outputs-1 */
  const char* label;    /* for telemetry/debugging, e.g. "tanh(sin(x).*exp(-x/10))+0.1*x" */
  uint64_t signature;   /* producer's structural hash of the IR (cache key part), 0 if none */
} rm_kernel_desc;

#define RM_MAX_RANK 8

typedef struct rm_launch_desc {
  uint32_t struct_size;
  uint32_t rank;                 /* rank of the iteration space, 1..RM_MAX_RANK */
  uint64_t dims[RM_MAX_RANK];    /* iteration-space dims (column-major, dims[0] fastest) */
  uint64_t count;                /* product of dims: elements iterated */
  /* For kernels with a REDUCE: the iteration space is viewed as [outer, len, inner] with
   * element (o, k, i) at linear index (o*len + k)*inner + i; output element (o, i) is the
   * reduction over k, stored at o*inner + i. count == outer*len*inner. Ignored otherwise. */
  uint64_t reduce_outer, reduce_len, reduce_inner;
  uint32_t num_inputs;
  const rm_buffer* inputs;
  /* num_inputs * RM_MAX_RANK element strides; read only for RM_ACCESS_STRIDED inputs. */
  const int64_t* input_strides;
  uint32_t num_outputs;
  const rm_buffer* outputs;
  /* Since 1.2: the stream position of iteration element 0 for RM_IR_RANDOM (each RANDOM adds
   * its own offset). A plugin reads it only when struct_size covers it, else uses 0. */
  uint64_t rng_base;
} rm_launch_desc;

/* ---------------------------------------------------------------- counters */
typedef struct rm_counters {
  uint32_t struct_size;
  uint32_t reserved;
  uint64_t kernel_launches;
  uint64_t kernel_device_ns;   /* summed device time of all launches (timestamps or wall) */
  uint64_t kernel_compiles;
  uint64_t compile_ns;
  uint64_t upload_bytes, upload_count;
  uint64_t download_bytes, download_count;
  uint64_t copy_bytes, copy_count;
  uint64_t buffer_allocs, buffer_frees, buffer_bytes_live, buffer_bytes_peak;
  uint64_t pipeline_cache_hits, pipeline_cache_misses; /* persisted compiled kernels */
  /* Since 1.1 (absent, i.e. beyond struct_size, from 1.0 plugins). Device memory behind the
   * buffers: allocations made from the device (e.g. vkAllocateMemory), buffer_allocs served
   * by reusing memory of freed buffers, cached memory blocks given back to the device
   * (eviction), and device bytes held now and at most (live buffers plus cached memory). */
  uint64_t device_allocs, buffer_reuses, pool_evictions;
  uint64_t device_bytes_reserved, device_bytes_peak;
} rm_counters;

typedef struct rm_kernel_stats {
  uint32_t struct_size;
  uint32_t reserved;
  uint64_t launches;
  uint64_t device_ns;   /* valid after synchronize */
  uint64_t elements;    /* iteration-space elements processed in total */
} rm_kernel_stats;

/* ---------------------------------------------------------------- host services
 *
 * Handed to context_create; valid until context_destroy returns. All pointers may be called
 * from any plugin thread. Strings passed in are copied by the host.
 */
typedef enum rm_log_level { RM_LOG_DEBUG = 0, RM_LOG_INFO = 1, RM_LOG_WARN = 2, RM_LOG_ERROR = 3 } rm_log_level;

typedef struct rm_cache_key {
  uint32_t struct_size;
  uint32_t plugin_version;
  const char* cache_name;     /* which cache, e.g. "vk-pipeline" */
  const char* plugin_name;
  uint8_t device_uuid[16];
  const char* driver_version;
  uint32_t precision;         /* rm_dtype of widest float used, 0 when irrelevant */
  uint32_t reserved;
  const char* entry;          /* the entry within the cache, e.g. a kernel signature in hex */
} rm_cache_key;

typedef struct rm_host_services {
  uint32_t struct_size;
  uint32_t abi_major, abi_minor;
  uint32_t reserved;
  void* host_data; /* first argument of every callback */
  void (*log)(void* host_data, rm_log_level level, const char* message);
  /* A named, counted event for telemetry and `runmat accel-info`, e.g.
   * ("pipeline-cache-rejected", "vendor id mismatch"). Nothing degrades silently. */
  void (*event)(void* host_data, const char* name, const char* detail);
  /* Cache service. cache_get returns RM_OK and a host-allocated copy of the payload (free it
   * with cache_free), or RM_ERR_NOT_FOUND. The host verifies the entry's checksum before
   * returning it; corrupt entries are discarded and reported as not found. */
  rm_status (*cache_get)(void* host_data, const rm_cache_key* key, void** data, size_t* size);
  void (*cache_free)(void* host_data, void* data);
  rm_status (*cache_put)(void* host_data, const rm_cache_key* key, const void* data, size_t size);
  /* The plugin found a payload unusable (e.g. a VkPipelineCache header for another device):
   * the host deletes it and counts it as corrupt. */
  void (*cache_reject)(void* host_data, const rm_cache_key* key, const char* reason);
} rm_host_services;

/* ---------------------------------------------------------------- the plugin table */
typedef struct rm_plugin_api {
  uint32_t struct_size;
  uint32_t abi_major, abi_minor; /* the ABI the plugin implements */
  uint32_t plugin_version;       /* the plugin's own version, part of cache keys */
  const char* name;              /* short stable id: "cpu", "vulkan" */
  const char* description;

  /* Side-effect free capability probe: how many devices this plugin can drive. Must not open
   * a device or allocate device memory. May be slow-ish (loads a driver); the host calls it
   * only when it needs device information. */
  rm_status (*probe)(uint32_t* device_count, char* reason, size_t reason_size);
  rm_status (*get_device_info)(uint32_t device_index, rm_device_info* info);

  /* Opens device `device_index`. `host` stays valid until context_destroy. */
  rm_status (*context_create)(uint32_t device_index, const rm_host_services* host, rm_context* out);
  void (*context_destroy)(rm_context ctx);
  /* Reason for the last failure on `ctx`. last_error(NULL) explains the last failure of a
   * call that has no context (probe, get_device_info, context_create) on this thread. */
  const char* (*last_error)(rm_context ctx);

  /* A new buffer's contents are undefined. */
  rm_status (*buffer_alloc)(rm_context ctx, uint64_t bytes, rm_buffer* out);
  void (*buffer_free)(rm_context ctx, rm_buffer buf);
  rm_status (*buffer_upload)(rm_context ctx, rm_buffer dst, uint64_t offset, const void* src, uint64_t bytes);
  rm_status (*buffer_download)(rm_context ctx, rm_buffer src, uint64_t offset, void* dst, uint64_t bytes);
  rm_status (*buffer_copy)(rm_context ctx, rm_buffer src, uint64_t src_offset, rm_buffer dst,
                           uint64_t dst_offset, uint64_t bytes);

  rm_status (*kernel_compile)(rm_context ctx, const rm_kernel_desc* desc, rm_kernel* out);
  void (*kernel_destroy)(rm_context ctx, rm_kernel kernel);
  /* Enqueues a launch; may return before the device finishes. Downloads and synchronize
   * order after it. */
  rm_status (*kernel_launch)(rm_context ctx, rm_kernel kernel, const rm_launch_desc* launch);
  rm_status (*kernel_get_stats)(rm_context ctx, rm_kernel kernel, rm_kernel_stats* out);
  rm_status (*synchronize)(rm_context ctx);
  rm_status (*get_counters)(rm_context ctx, rm_counters* out);

  /* Optional (NULL when absent): direct host pointer into a buffer, for plugins whose devices
   * have RM_DEVICE_FLAG_HOST_MEMORY. Valid until buffer_free. */
  void* (*buffer_map)(rm_context ctx, rm_buffer buf);
} rm_plugin_api;

/* The one exported symbol. The host passes the highest ABI it speaks; the plugin returns its
 * static table (or NULL if it cannot serve that host at all). It must not touch any device. */
typedef const rm_plugin_api* (*rm_accel_plugin_entry_fn)(uint32_t host_abi_major, uint32_t host_abi_minor);

#ifdef __cplusplus
}
#endif
/* clang-format on */
#endif /* RUNMAT_ACCEL_H */
