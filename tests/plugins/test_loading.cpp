// Loading, ABI versioning, probe and device information.
#include <dlfcn.h>
#include <link.h>

#include <cstring>
#include <thread>

#include "plugin_fixture.hpp"

namespace {

// Names of the dynamic symbols a shared object defines and exports.
std::vector<std::string> exported_symbols(const std::string& path);

}  // namespace

TEST_CASE("every plugin file loads and speaks ABI major 1", "[plugins][abi]") {
  for_each_plugin([](PluginUnderTest& p) {
    const rm_plugin_api* api = p.api();
    CHECK(api->struct_size >= sizeof(rm_plugin_api));
    CHECK(api->abi_major == RM_ACCEL_ABI_MAJOR);
    REQUIRE(api->name != nullptr);
    CHECK(std::strlen(api->name) > 0);
    CHECK(api->description != nullptr);
    // The file is named after the plugin: runmat-<name>.so
    const std::string base = p.file.substr(p.file.find_last_of('/') + 1);
    CHECK(base == "runmat-" + std::string(api->name) + ".so");
    // Every mandatory function is present.
    CHECK(api->probe);
    CHECK(api->get_device_info);
    CHECK(api->context_create);
    CHECK(api->context_destroy);
    CHECK(api->last_error);
    CHECK(api->buffer_alloc);
    CHECK(api->buffer_free);
    CHECK(api->buffer_upload);
    CHECK(api->buffer_download);
    CHECK(api->buffer_copy);
    CHECK(api->kernel_compile);
    CHECK(api->kernel_destroy);
    CHECK(api->kernel_launch);
    CHECK(api->kernel_get_stats);
    CHECK(api->synchronize);
    CHECK(api->get_counters);
    // The entry returns the same static table every time, and refuses another major.
    CHECK(p.handle.entry()(RM_ACCEL_ABI_MAJOR, RM_ACCEL_ABI_MINOR) == api);
    CHECK(p.handle.entry()(RM_ACCEL_ABI_MAJOR, RM_ACCEL_ABI_MINOR + 5) == api);
    CHECK(p.handle.entry()(RM_ACCEL_ABI_MAJOR + 1, 0) == nullptr);
    CHECK(p.handle.entry()(0, 0) == nullptr);
    // The host refuses through the same loader when it speaks another major.
    auto other = pk::PluginHandle::open(p.file, RM_ACCEL_ABI_MAJOR + 1, 0);
    CHECK(other.status() == pk::LoadStatus::kNullTable);
  });
}

TEST_CASE("plugins export exactly one symbol", "[plugins][abi]") {
  for_each_plugin([](PluginUnderTest& p) {
    const auto syms = exported_symbols(p.file);
    INFO("exported: " << [&] {
      std::string s;
      for (const auto& x : syms) s += x + " ";
      return s;
    }());
    REQUIRE(syms.size() == 1);
    CHECK(syms[0] == RM_ACCEL_ENTRY_SYMBOL);
  });
}

TEST_CASE("broken plugins are refused with the right reason", "[plugins][abi]") {
  const std::string dir = RUNMAT_TEST_PLUGIN_DIR;
  auto wrong = pk::PluginHandle::open(dir + "/runmat-wrongmajor.so");
  CHECK(wrong.status() == pk::LoadStatus::kAbiMismatch);
  CHECK(!wrong.error().empty());
  CHECK(wrong.api() == nullptr);
  auto noentry = pk::PluginHandle::open(dir + "/runmat-noentry.so");
  CHECK(noentry.status() == pk::LoadStatus::kNoEntry);
  auto null = pk::PluginHandle::open(dir + "/runmat-null.so");
  CHECK(null.status() == pk::LoadStatus::kNullTable);
  auto missing = pk::PluginHandle::open(dir + "/runmat-does-not-exist.so");
  CHECK(missing.status() == pk::LoadStatus::kOpenFailed);
  CHECK(!missing.error().empty());
}

TEST_CASE("probe and device info", "[plugins][device]") {
  for_each_plugin([](PluginUnderTest& p) {
    const rm_plugin_api* api = p.api();
    uint32_t count = 0;
    char reason[256];
    std::memset(reason, 'x', sizeof reason);
    REQUIRE(api->probe(&count, reason, sizeof reason) == RM_OK);
    CHECK(count == p.device_count);
    CHECK(std::memchr(reason, '\0', sizeof reason) != nullptr);  // NUL-terminated
    CHECK(api->probe(&count, nullptr, 0) == RM_OK);

    for (uint32_t d = 0; d < count; ++d) {
      rm_device_info a, b;
      std::memset(&a, 0, sizeof a);
      std::memset(&b, 0, sizeof b);
      a.struct_size = b.struct_size = sizeof a;
      REQUIRE(api->get_device_info(d, &a) == RM_OK);
      REQUIRE(api->get_device_info(d, &b) == RM_OK);
      CHECK(a.struct_size == sizeof(rm_device_info));
      CHECK(std::strlen(a.name) > 0);
      CHECK(std::memchr(a.name, '\0', sizeof a.name) != nullptr);
      CHECK(std::memchr(a.vendor, '\0', sizeof a.vendor) != nullptr);
      CHECK(std::memchr(a.driver_version, '\0', sizeof a.driver_version) != nullptr);
      CHECK(std::strlen(a.driver_version) > 0);
      CHECK(a.type >= RM_DEVICE_OTHER);
      CHECK(a.type <= RM_DEVICE_VIRTUAL_GPU);
      CHECK(a.memory_bytes > 0);
      // The UUID is non-zero and stable.
      uint8_t zero[16] = {0};
      CHECK(std::memcmp(a.uuid, zero, 16) != 0);
      CHECK(std::memcmp(a.uuid, b.uuid, 16) == 0);
      CHECK(std::strcmp(a.name, b.name) == 0);
    }
    rm_device_info none;
    std::memset(&none, 0, sizeof none);
    none.struct_size = sizeof none;
    CHECK(api->get_device_info(count, &none) == RM_ERR_NOT_FOUND);
    rm_context ctx = nullptr;
    CHECK(api->context_create(count, nullptr, &ctx) == RM_ERR_NOT_FOUND);
    CHECK(ctx == nullptr);
  });
}

TEST_CASE("the CPU plugin describes this machine", "[plugins][device][cpu]") {
  for_each_plugin([](PluginUnderTest& p) {
    if (!p.is_cpu()) return;
    CHECK(p.device_count == 1);
    const rm_device_info& info = p.info;
    CHECK(info.type == RM_DEVICE_CPU);
    CHECK((info.flags & RM_DEVICE_FLAG_FLOAT64) != 0);
    CHECK((info.flags & RM_DEVICE_FLAG_HOST_MEMORY) != 0);
    CHECK(info.compute_units == std::thread::hardware_concurrency());
    CHECK(info.memory_bytes > (uint64_t(64) << 20));
    CHECK(p.api()->buffer_map != nullptr);
    CHECK(std::string(info.api_version).empty());
    // The UUID is derived from the CPU model only: the same in a freshly loaded copy.
    auto again = pk::PluginHandle::open(p.file);
    REQUIRE(again.ok());
    rm_device_info other;
    std::memset(&other, 0, sizeof other);
    other.struct_size = sizeof other;
    REQUIRE(again.api()->get_device_info(0, &other) == RM_OK);
    CHECK(std::memcmp(other.uuid, info.uuid, 16) == 0);
  });
}

TEST_CASE("contexts are independent and report errors per context", "[plugins][context]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session a(p.api()), b(p.api());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    rm_buffer buf = a.alloc(16);
    char data[32] = {0};
    // An out-of-range upload fails on context a only.
    CHECK(p.api()->buffer_upload(a.ctx(), buf, 8, data, 16) == RM_ERR_INVALID_ARGUMENT);
    CHECK(!a.last_error().empty());
    CHECK(b.last_error().empty());
    CHECK(p.api()->synchronize(a.ctx()) == RM_OK);
  });
}

namespace {

std::vector<std::string> exported_symbols(const std::string& path) {
  std::vector<std::string> out;
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) return out;
  link_map* lm = nullptr;
  if (dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0 || !lm) {
    dlclose(h);
    return out;
  }
  const ElfW(Sym)* symtab = nullptr;
  const char* strtab = nullptr;
  const ElfW(Word)* hash = nullptr;
  const uint32_t* gnu_hash = nullptr;
  for (const ElfW(Dyn)* d = lm->l_ld; d->d_tag != DT_NULL; ++d) {
    switch (d->d_tag) {
      case DT_SYMTAB:
        symtab = reinterpret_cast<const ElfW(Sym)*>(d->d_un.d_ptr);
        break;
      case DT_STRTAB:
        strtab = reinterpret_cast<const char*>(d->d_un.d_ptr);
        break;
      case DT_HASH:
        hash = reinterpret_cast<const ElfW(Word)*>(d->d_un.d_ptr);
        break;
      case DT_GNU_HASH:
        gnu_hash = reinterpret_cast<const uint32_t*>(d->d_un.d_ptr);
        break;
      default:
        break;
    }
  }
  size_t nsyms = 0;
  if (hash) {
    nsyms = hash[1];
  } else if (gnu_hash) {
    const uint32_t nbuckets = gnu_hash[0], symoffset = gnu_hash[1], bloom_size = gnu_hash[2];
    const auto* buckets = reinterpret_cast<const uint32_t*>(
        reinterpret_cast<const uint64_t*>(gnu_hash + 4) + bloom_size);
    const uint32_t* chain = buckets + nbuckets;
    uint32_t last = 0;
    for (uint32_t i = 0; i < nbuckets; ++i) last = std::max(last, buckets[i]);
    if (last >= symoffset) {
      while ((chain[last - symoffset] & 1) == 0) ++last;
      nsyms = last + 1;
    } else {
      nsyms = symoffset;
    }
  }
  if (symtab && strtab) {
    for (size_t i = 0; i < nsyms; ++i) {
      const ElfW(Sym)& s = symtab[i];
      if (s.st_shndx == SHN_UNDEF) continue;
      const unsigned bind = ELF64_ST_BIND(s.st_info);
      if (bind != STB_GLOBAL && bind != STB_WEAK) continue;
      const unsigned type = ELF64_ST_TYPE(s.st_info);
      if (type != STT_FUNC && type != STT_OBJECT && type != STT_GNU_IFUNC) continue;
      if (ELF64_ST_VISIBILITY(s.st_other) != STV_DEFAULT) continue;
      out.push_back(strtab + s.st_name);
    }
  }
  dlclose(h);
  return out;
}

}  // namespace
