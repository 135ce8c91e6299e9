/* A shared object that exports something, but not rm_accel_plugin_entry. */
#include "runmat/accel.h"

RM_ACCEL_EXPORT int runmat_not_a_plugin_entry(void) {
  return 42;
}
