/* A plugin built against an ABI major the host does not speak: the host must refuse it. */
#include <stddef.h>

#include "runmat/accel.h"

static const rm_plugin_api kTable = {
    sizeof(rm_plugin_api),
    RM_ACCEL_ABI_MAJOR + 98,
    0,
    1,
    "wrongmajor",
    "test plugin whose function table claims an unknown ABI major"};

RM_ACCEL_EXPORT const rm_plugin_api* rm_accel_plugin_entry(uint32_t host_abi_major,
                                                           uint32_t host_abi_minor) {
  (void)host_abi_major;
  (void)host_abi_minor;
  return &kTable;
}
