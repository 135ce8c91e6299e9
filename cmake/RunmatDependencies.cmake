# Every dependency comes from a Debian 12 package (scripts/setup.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(Protobuf REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(Eigen3 3.4 CONFIG REQUIRED)
find_package(Vulkan REQUIRED)
find_package(ZLIB REQUIRED)   # crc32 checksums for cache entries
pkg_check_modules(SHADERC REQUIRED IMPORTED_TARGET shaderc)
# regexp/regexprep: MATLAB regex syntax (named tokens, lookbehind) that std::regex lacks.
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
find_package(spirv_cross_c_shared CONFIG REQUIRED)
find_package(Catch2 2 CONFIG)
