# Compiler cache, warnings and sanitizers shared by every target.
# Every target that links the schemas compiles with protobuf's precompiled header
# (schemas/CMakeLists.txt). ccache refuses such compiles unless told that the header's
# defines and time macros may be ignored and that a just-written .gch is fine to read; without
# this sloppiness ccache cached nothing (all calls "could not use precompiled header").
find_program(RUNMAT_CCACHE ccache)
if(RUNMAT_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(RUNMAT_CCACHE_LAUNCHER ${CMAKE_COMMAND} -E env
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${RUNMAT_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${RUNMAT_CCACHE_LAUNCHER})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${RUNMAT_CCACHE_LAUNCHER})
endif()

set(RUNMAT_WARNINGS -Wall -Wextra -Wpedantic -Wshadow=local -Wno-unused-parameter
    -Wno-missing-field-initializers)
# GCC 12 reports false positives inside libstdc++'s std::string (-Wrestrict,
# -Wstringop-overflow, -Warray-bounds: GCC bug 105329) and Abseil's InlinedVector (-Wmaybe-uninitialized) at -O2
# and above; they are not in our code and drown real warnings.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND RUNMAT_WARNINGS -Wno-restrict -Wno-stringop-overflow -Wno-maybe-uninitialized
       -Wno-array-bounds)
endif()
option(RUNMAT_WERROR "Treat warnings as errors" OFF)
if(RUNMAT_WERROR)
  list(APPEND RUNMAT_WARNINGS -Werror)
endif()

option(RUNMAT_SANITIZE "Build with AddressSanitizer and UBSan" OFF)
if(RUNMAT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# runmat_target_defaults(<target>): warnings for our own code only (not generated protobuf).
function(runmat_target_defaults target)
  target_compile_options(${target} PRIVATE ${RUNMAT_WARNINGS})
endfunction()

# runmat_add_library(<name> [DEPS targets...]): a static library from libs/<name>/src/*.cpp
# with public headers in libs/<name>/include. Sources are globbed so a new file is one step.
function(runmat_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
  if(NOT srcs)
    message(FATAL_ERROR "libs/${name} has no sources")
  endif()
  add_library(runmat_${name} STATIC ${srcs})
  target_include_directories(runmat_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                             PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(runmat_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  runmat_target_defaults(runmat_${name})
endfunction()
