// Units for the readable telemetry reports (summary and diff), so both print the same way.
#ifndef RUNMAT_TELEMETRY_FORMAT_HPP
#define RUNMAT_TELEMETRY_FORMAT_HPP

#include <cstdint>
#include <string>

namespace runmat::telemetry {

// "1.234 ms", "12 ns": three decimals in the largest unit that keeps the value >= 1.
std::string FormatDuration(uint64_t ns);
// "1.5 MiB", "12 B": binary units, one decimal.
std::string FormatBytes(uint64_t bytes);

}  // namespace runmat::telemetry

#endif  // RUNMAT_TELEMETRY_FORMAT_HPP
