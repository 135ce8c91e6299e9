#include "kit/compare.hpp"

#include <cmath>
#include <cstdio>

namespace runmat::plugin_kit {

Tolerance default_tolerance(rm_dtype dt) {
  switch (dt) {
    case RM_DTYPE_F32:
      return {1e-5, 1e-6};
    case RM_DTYPE_F64:
      return {1e-12, 1e-14};
    default:
      return {0, 0};
  }
}

bool values_match(double a, double e, Tolerance tol) {
  if (std::isnan(e) || std::isnan(a)) return std::isnan(e) && std::isnan(a);
  if (std::isinf(e) || std::isinf(a)) return a == e;
  return std::fabs(a - e) <= tol.atol + tol.rtol * std::fabs(e);
}

Comparison compare_values(const std::vector<double>& actual, const std::vector<double>& expected,
                          Tolerance tol, const std::vector<double>* inputs, size_t max_report) {
  Comparison c;
  char line[256];
  if (actual.size() != expected.size()) {
    c.ok = false;
    std::snprintf(line, sizeof line, "size mismatch: got %zu values, expected %zu\n", actual.size(),
                  expected.size());
    c.report += line;
    return c;
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    if (values_match(actual[i], expected[i], tol)) continue;
    c.ok = false;
    if (c.mismatches++ < max_report) {
      if (inputs && i < inputs->size()) {
        std::snprintf(line, sizeof line, "  [%zu] input %.17g: got %.17g, expected %.17g\n", i,
                      (*inputs)[i], actual[i], expected[i]);
      } else {
        std::snprintf(line, sizeof line, "  [%zu] got %.17g, expected %.17g\n", i, actual[i],
                      expected[i]);
      }
      c.report += line;
    }
  }
  if (c.mismatches > max_report) {
    std::snprintf(line, sizeof line, "  ... %zu mismatches in all (of %zu values)\n", c.mismatches,
                  actual.size());
    c.report += line;
  }
  return c;
}

}  // namespace runmat::plugin_kit
