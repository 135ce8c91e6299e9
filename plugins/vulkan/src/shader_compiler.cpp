// GLSL -> SPIR-V with shaderc (Vulkan 1.1 target environment, SPIR-V 1.3). No spirv-opt pass:
// the driver optimizes anyway, and stripping OpName would hide the block names that
// reflection.cpp uses to map bindings to roles.
#include <shaderc/shaderc.h>

#include "vk_internal.h"

namespace rmvk {

bool compile_glsl(const std::string& source, const std::string& name, std::vector<uint32_t>* spirv,
                  std::string* log) {
  shaderc_compiler_t compiler = shaderc_compiler_initialize();
  if (!compiler) {
    *log = "shaderc_compiler_initialize failed";
    return false;
  }
  shaderc_compile_options_t opts = shaderc_compile_options_initialize();
  shaderc_compile_options_set_target_env(opts, shaderc_target_env_vulkan,
                                         shaderc_env_version_vulkan_1_1);
  shaderc_compile_options_set_source_language(opts, shaderc_source_language_glsl);
  shaderc_compile_options_set_optimization_level(opts, shaderc_optimization_level_zero);
  shaderc_compilation_result_t res = shaderc_compile_into_spv(
      compiler, source.data(), source.size(), shaderc_compute_shader, name.c_str(), "main", opts);
  bool ok = shaderc_result_get_compilation_status(res) == shaderc_compilation_status_success;
  if (ok) {
    size_t bytes = shaderc_result_get_length(res);
    spirv->resize(bytes / 4);
    const char* data = shaderc_result_get_bytes(res);
    std::copy(data, data + bytes, reinterpret_cast<char*>(spirv->data()));
  } else {
    const char* msg = shaderc_result_get_error_message(res);
    *log = msg ? msg : "unknown shaderc error";
  }
  shaderc_result_release(res);
  shaderc_compile_options_release(opts);
  shaderc_compiler_release(compiler);
  return ok;
}

}  // namespace rmvk
