// A plain-text table with aligned columns, for the telemetry reports. Text columns are
// left-aligned, number columns right-aligned; the last column may be long (kernel labels) and is
// never padded.
#ifndef RUNMAT_TELEMETRY_TEXT_TABLE_HPP
#define RUNMAT_TELEMETRY_TEXT_TABLE_HPP

#include <string>
#include <vector>

namespace runmat::telemetry {

class TextTable {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string title;
    Align align;
  };

  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // `cells` must have one entry per column.
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }

  // Every line starts with `indent` and ends with '\n'; trailing blanks are trimmed.
  std::string Render(const std::string& indent) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace runmat::telemetry

#endif  // RUNMAT_TELEMETRY_TEXT_TABLE_HPP
