// DiffRunRecords: the report behind `runmat telemetry diff A B`.
#include "runmat/telemetry/diff.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "format.hpp"
#include "text_table.hpp"

namespace runmat::telemetry {
namespace {

using Align = TextTable::Align;

// Long fused expressions would push every other column off screen.
constexpr size_t kMaxLabel = 70;

std::string CountChange(uint64_t a, uint64_t b) {
  if (a == b) return "=";
  return b > a ? absl::StrCat("+", b - a) : absl::StrCat("-", a - b);
}

std::string BytesChange(uint64_t a, uint64_t b) {
  if (a == b) return "=";
  return b > a ? absl::StrCat("+", FormatBytes(b - a)) : absl::StrCat("-", FormatBytes(a - b));
}

// Times are noisy and span orders of magnitude, so a relative change reads best.
std::string TimeChange(uint64_t a, uint64_t b) {
  if (a == b) return "=";
  if (a == 0) return "new";
  const double pct = (static_cast<double>(b) - static_cast<double>(a)) * 100.0 / a;
  return absl::StrFormat("%+.1f%%", pct);
}

std::string Rate(uint64_t hits, uint64_t misses) {
  if (hits + misses == 0) return "-";
  return absl::StrFormat("%.0f%%", hits * 100.0 / (hits + misses));
}

std::string Label(const KernelRecord& k) {
  std::string label = k.label().empty() ? k.signature() : k.label();
  if (label.size() > kMaxLabel) label = label.substr(0, kMaxLabel - 3) + "...";
  return label;
}

std::string Describe(const RunRecord& r) {
  std::vector<std::string> devices;
  for (const DeviceInfo& d : r.devices())
    devices.push_back(absl::StrCat(d.plugin(), " ", d.name()));
  std::string out =
      absl::StrCat(r.script().empty() ? "?" : r.script(), ", runmat ",
                   r.runmat_version().empty() ? "?" : r.runmat_version(), ", exit ", r.exit_code());
  if (!r.error_identifier().empty()) absl::StrAppend(&out, " (", r.error_identifier(), ")");
  absl::StrAppend(&out, ", devices: ", devices.empty() ? "none" : absl::StrJoin(devices, "; "));
  return out;
}

struct KernelTotals {
  uint64_t distinct = 0, launches = 0, device_ns = 0, bytes = 0;
};

KernelTotals Totals(const RunRecord& r) {
  KernelTotals t;
  for (const KernelRecord& k : r.kernels()) {
    ++t.distinct;
    t.launches += k.launches();
    t.device_ns += k.device_ns();
    t.bytes += k.bytes_read() + k.bytes_written();
  }
  return t;
}

void AppendOverview(const RunRecord& a, const RunRecord& b, std::string* out) {
  TextTable t(
      {{"", Align::kLeft}, {"A", Align::kRight}, {"B", Align::kRight}, {"change", Align::kRight}});
  auto count = [&](const char* what, uint64_t x, uint64_t y) {
    t.AddRow({what, absl::StrCat(x), absl::StrCat(y), CountChange(x, y)});
  };
  auto bytes = [&](const char* what, uint64_t x, uint64_t y) {
    t.AddRow({what, FormatBytes(x), FormatBytes(y), BytesChange(x, y)});
  };
  auto time = [&](const char* what, uint64_t x, uint64_t y) {
    t.AddRow({what, FormatDuration(x), FormatDuration(y), TimeChange(x, y)});
  };
  const KernelTotals ka = Totals(a), kb = Totals(b);
  time("wall time", a.wall_ns(), b.wall_ns());
  time("kernel device time", ka.device_ns, kb.device_ns);
  count("kernel launches", ka.launches, kb.launches);
  count("distinct kernels", ka.distinct, kb.distinct);
  bytes("kernel bytes moved", ka.bytes, kb.bytes);
  const TransferStats &ta = a.transfers(), &tb = b.transfers();
  count("uploads", ta.upload_count(), tb.upload_count());
  bytes("upload bytes", ta.upload_bytes(), tb.upload_bytes());
  count("downloads", ta.download_count(), tb.download_count());
  bytes("download bytes", ta.download_bytes(), tb.download_bytes());
  const FusionStats &fa = a.fusion(), &fb = b.fusion();
  count("fusion groups", fa.groups(), fb.groups());
  count("ops fused", fa.ops_fused(), fb.ops_fused());
  count("materializations", fa.materializations(), fb.materializations());
  count("plan cache hits", fa.plan_cache_hits(), fb.plan_cache_hits());
  count("plan cache misses", fa.plan_cache_misses(), fb.plan_cache_misses());
  uint64_t events_a = 0, events_b = 0;
  for (const Event& e : a.events()) events_a += e.count();
  for (const Event& e : b.events()) events_b += e.count();
  count("events", events_a, events_b);
  absl::StrAppend(out, t.Render("  "));
}

// Pairs the elements of two repeated fields by key, keeping A's order then B's newcomers.
template <typename T, typename KeyFn>
std::vector<std::pair<const T*, const T*>> Match(const google::protobuf::RepeatedPtrField<T>& a,
                                                 const google::protobuf::RepeatedPtrField<T>& b,
                                                 KeyFn key) {
  std::vector<std::pair<const T*, const T*>> pairs;
  std::map<decltype(key(a[0])), size_t> position;
  for (const T& x : a) {
    auto [it, inserted] = position.emplace(key(x), pairs.size());
    if (inserted) pairs.emplace_back(&x, nullptr);
  }
  for (const T& y : b) {
    auto it = position.find(key(y));
    if (it == position.end()) {
      position.emplace(key(y), pairs.size());
      pairs.emplace_back(nullptr, &y);
    } else if (pairs[it->second].second == nullptr) {
      pairs[it->second].second = &y;
    }
  }
  return pairs;
}

void AppendKernels(const RunRecord& a, const RunRecord& b, int max_rows, std::string* out) {
  auto pairs = Match(a.kernels(), b.kernels(), [](const KernelRecord& k) {
    return std::make_pair(k.signature(), k.plugin());
  });
  if (pairs.empty()) {
    absl::StrAppend(out, "\nkernels: none in either run\n");
    return;
  }
  auto ns = [](const KernelRecord* k) { return k ? k->device_ns() : uint64_t{0}; };
  std::stable_sort(pairs.begin(), pairs.end(), [&](const auto& x, const auto& y) {
    return std::max(ns(x.first), ns(x.second)) > std::max(ns(y.first), ns(y.second));
  });
  TextTable t({{"plugin", Align::kLeft},
               {"launches A", Align::kRight},
               {"B", Align::kRight},
               {"change", Align::kRight},
               {"time A", Align::kRight},
               {"B", Align::kRight},
               {"change", Align::kRight},
               {"bytes A", Align::kRight},
               {"B", Align::kRight},
               {"kernel", Align::kLeft}});
  const int shown = std::min<int>(max_rows, static_cast<int>(pairs.size()));
  for (int i = 0; i < shown; ++i) {
    const KernelRecord* ka = pairs[i].first;
    const KernelRecord* kb = pairs[i].second;
    const KernelRecord& any = ka ? *ka : *kb;
    auto cell = [](const KernelRecord* k, auto fn) { return k ? fn(*k) : std::string("-"); };
    auto launches = [](const KernelRecord& k) { return absl::StrCat(k.launches()); };
    auto time = [](const KernelRecord& k) { return FormatDuration(k.device_ns()); };
    auto bytes = [](const KernelRecord& k) {
      return FormatBytes(k.bytes_read() + k.bytes_written());
    };
    std::string launch_change, time_change;
    if (!ka) {
      launch_change = time_change = "new";
    } else if (!kb) {
      launch_change = time_change = "gone";
    } else {
      launch_change = CountChange(ka->launches(), kb->launches());
      time_change = TimeChange(ka->device_ns(), kb->device_ns());
    }
    t.AddRow({any.plugin(), cell(ka, launches), cell(kb, launches), launch_change, cell(ka, time),
              cell(kb, time), time_change, cell(ka, bytes), cell(kb, bytes), Label(any)});
  }
  absl::StrAppend(out, "\nkernels (matched by signature and plugin):\n", t.Render("  "));
  if (static_cast<int>(pairs.size()) > shown) {
    absl::StrAppend(out, "  ... ", pairs.size() - shown, " more\n");
  }
}

void AppendCaches(const RunRecord& a, const RunRecord& b, std::string* out) {
  auto pairs = Match(a.caches(), b.caches(), [](const CacheStats& c) { return c.name(); });
  if (pairs.empty()) return;
  TextTable t({{"cache", Align::kLeft},
               {"hits A", Align::kRight},
               {"B", Align::kRight},
               {"misses A", Align::kRight},
               {"B", Align::kRight},
               {"hit rate A", Align::kRight},
               {"B", Align::kRight},
               {"corrupt A", Align::kRight},
               {"B", Align::kRight},
               {"writes A", Align::kRight},
               {"B", Align::kRight}});
  auto num = [](const CacheStats* c, uint64_t (CacheStats::*field)() const) {
    return c ? absl::StrCat((c->*field)()) : std::string("-");
  };
  auto rate = [](const CacheStats* c) { return c ? Rate(c->hits(), c->misses()) : "-"; };
  for (const auto& [ca, cb] : pairs) {
    t.AddRow({(ca ? ca : cb)->name(), num(ca, &CacheStats::hits), num(cb, &CacheStats::hits),
              num(ca, &CacheStats::misses), num(cb, &CacheStats::misses), rate(ca), rate(cb),
              num(ca, &CacheStats::corrupt), num(cb, &CacheStats::corrupt),
              num(ca, &CacheStats::writes), num(cb, &CacheStats::writes)});
  }
  absl::StrAppend(out, "\ncaches:\n", t.Render("  "));
}

void AppendEvents(const RunRecord& a, const RunRecord& b, std::string* out) {
  auto pairs = Match(a.events(), b.events(),
                     [](const Event& e) { return std::make_pair(e.name(), e.detail()); });
  if (pairs.empty()) {
    absl::StrAppend(out, "\nevents: none in either run\n");
    return;
  }
  TextTable t({{"A", Align::kRight},
               {"B", Align::kRight},
               {"change", Align::kRight},
               {"event", Align::kLeft}});
  for (const auto& [ea, eb] : pairs) {
    const Event& any = ea ? *ea : *eb;
    const uint64_t na = ea ? ea->count() : 0, nb = eb ? eb->count() : 0;
    std::string what = any.name();
    if (!any.detail().empty()) absl::StrAppend(&what, ": ", any.detail());
    t.AddRow({absl::StrCat(na), absl::StrCat(nb), CountChange(na, nb), what});
  }
  absl::StrAppend(out, "\nevents:\n", t.Render("  "));
}

}  // namespace

std::string DiffRunRecords(const RunRecord& a, const RunRecord& b, const DiffOptions& options) {
  std::string out = absl::StrCat("A: ", options.name_a, " (", Describe(a), ")\n",
                                 "B: ", options.name_b, " (", Describe(b), ")\n");
  AppendOverview(a, b, &out);
  AppendKernels(a, b, options.max_kernels, &out);
  AppendCaches(a, b, &out);
  AppendEvents(a, b, &out);
  return out;
}

}  // namespace runmat::telemetry
