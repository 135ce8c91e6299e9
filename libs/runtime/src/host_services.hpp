// The C function table handed to plugins (rm_host_services): logging, telemetry events and
// the cache service, adapted from the runtime's C++ objects.
#pragma once

#include "runmat/accel.h"

namespace runmat::runtime {
class Runtime;
rm_host_services make_host_services(Runtime& rt);
}  // namespace runmat::runtime
