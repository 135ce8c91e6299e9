/* A plugin whose entry refuses every host (returns NULL). */
#include <stddef.h>

#include "runmat/accel.h"

RM_ACCEL_EXPORT const rm_plugin_api* rm_accel_plugin_entry(uint32_t host_abi_major,
                                                           uint32_t host_abi_minor) {
  (void)host_abi_major;
  (void)host_abi_minor;
  return NULL;
}
