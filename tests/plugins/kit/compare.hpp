// Comparison of plugin results with reference values: NaN matches NaN, infinities match by
// sign, finite values within |a - e| <= atol + rtol * |e|.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runmat/accel.h"

namespace runmat::plugin_kit {

struct Tolerance {
  double rtol = 0, atol = 0;
};

// ~1e-5 relative for single, 1e-12 for double, exact for bool.
Tolerance default_tolerance(rm_dtype dt);

struct Comparison {
  bool ok = true;
  size_t mismatches = 0;
  std::string report;  // the first few mismatches, one per line
};

bool values_match(double actual, double expected, Tolerance tol);

// `inputs` (optional, same length) are printed next to mismatches.
Comparison compare_values(const std::vector<double>& actual, const std::vector<double>& expected,
                          Tolerance tol, const std::vector<double>* inputs = nullptr,
                          size_t max_report = 8);

}  // namespace runmat::plugin_kit
