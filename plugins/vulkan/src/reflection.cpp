// SPIR-V reflection with the SPIRV-Cross C API: the descriptor set layout is derived from what
// the compiled shader actually declares (binding numbers, block names -> roles), not from
// what the code generator intended.
#include <spirv_cross/spirv_cross_c.h>

#include <cstdlib>
#include <cstring>

#include "vk_internal.h"

namespace rmvk {

static bool role_from_name(const std::string& n, Binding* b) {
  auto slot = [&](size_t prefix) {
    if (n.size() <= prefix) return false;
    char* end = nullptr;
    unsigned long v = std::strtoul(n.c_str() + prefix, &end, 10);
    if (*end) return false;
    b->slot = static_cast<uint32_t>(v);
    return true;
  };
  if (n.rfind("In", 0) == 0) {
    b->role = BindingRole::Input;
    return slot(2);
  }
  if (n.rfind("Out", 0) == 0) {
    b->role = BindingRole::Output;
    return slot(3);
  }
  if (n == "Strides") {
    b->role = BindingRole::Strides;
    return true;
  }
  if (n == "Scratch") {
    b->role = BindingRole::Scratch;
    return true;
  }
  return false;
}

bool reflect_spirv(const std::vector<uint32_t>& spirv, Reflection* out, std::string* why) {
  spvc_context sc = nullptr;
  if (spvc_context_create(&sc) != SPVC_SUCCESS) {
    *why = "spvc_context_create failed";
    return false;
  }
  bool ok = false;
  spvc_parsed_ir ir = nullptr;
  spvc_compiler comp = nullptr;
  spvc_resources res = nullptr;
  const spvc_reflected_resource* list = nullptr;
  size_t count = 0;
  do {
    if (spvc_context_parse_spirv(sc, spirv.data(), spirv.size(), &ir) != SPVC_SUCCESS ||
        spvc_context_create_compiler(sc, SPVC_BACKEND_NONE, ir, SPVC_CAPTURE_MODE_TAKE_OWNERSHIP,
                                     &comp) != SPVC_SUCCESS ||
        spvc_compiler_create_shader_resources(comp, &res) != SPVC_SUCCESS) {
      *why = std::string("SPIRV-Cross: ") + spvc_context_get_last_error_string(sc);
      break;
    }
    if (spvc_resources_get_resource_list_for_type(res, SPVC_RESOURCE_TYPE_STORAGE_BUFFER, &list,
                                                  &count) != SPVC_SUCCESS) {
      *why = "SPIRV-Cross: cannot list storage buffers";
      break;
    }
    ok = true;
    for (size_t i = 0; i < count && ok; ++i) {
      Binding b;
      b.binding = spvc_compiler_get_decoration(comp, list[i].id, SpvDecorationBinding);
      uint32_t set = spvc_compiler_get_decoration(comp, list[i].id, SpvDecorationDescriptorSet);
      const char* block = spvc_compiler_get_name(comp, list[i].base_type_id);
      std::string name = block && *block ? block : list[i].name;
      if (set != 0 || !role_from_name(name, &b)) {
        *why = "unexpected storage buffer '" + name + "' (set " + std::to_string(set) + ")";
        ok = false;
      }
      out->bindings.push_back(b);
    }
    if (!ok) break;
    // Uniform buffers / images would need descriptor types we do not bind: refuse them.
    for (auto type : {SPVC_RESOURCE_TYPE_UNIFORM_BUFFER, SPVC_RESOURCE_TYPE_STORAGE_IMAGE,
                      SPVC_RESOURCE_TYPE_SAMPLED_IMAGE}) {
      size_t n = 0;
      spvc_resources_get_resource_list_for_type(res, type, &list, &n);
      if (n) {
        *why = "shader declares descriptor types the plugin does not bind";
        ok = false;
      }
    }
    if (!ok) break;
    spvc_resources_get_resource_list_for_type(res, SPVC_RESOURCE_TYPE_PUSH_CONSTANT, &list, &count);
    for (size_t i = 0; i < count; ++i) {
      size_t size = 0;
      spvc_type t = spvc_compiler_get_type_handle(comp, list[i].base_type_id);
      spvc_compiler_get_declared_struct_size(comp, t, &size);
      out->push_constant_bytes =
          std::max<uint32_t>(out->push_constant_bytes, static_cast<uint32_t>(size));
    }
    out->local_size_x =
        spvc_compiler_get_execution_mode_argument_by_index(comp, SpvExecutionModeLocalSize, 0);
  } while (false);
  spvc_context_destroy(sc);
  return ok;
}

}  // namespace rmvk
