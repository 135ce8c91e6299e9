#include "text_table.hpp"

#include <algorithm>

namespace runmat::telemetry {

std::string TextTable::Render(const std::string& indent) const {
  std::vector<size_t> width(columns_.size(), 0);
  for (size_t c = 0; c < columns_.size(); ++c) width[c] = columns_[c].title.size();
  for (const auto& row : rows_) {
    for (size_t c = 0; c < columns_.size() && c < row.size(); ++c) {
      width[c] = std::max(width[c], row[c].size());
    }
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line = indent;
    for (size_t c = 0; c < columns_.size(); ++c) {
      const std::string& cell = c < cells.size() ? cells[c] : std::string();
      const size_t pad = width[c] - std::min(width[c], cell.size());
      // Headers of number columns line up with the numbers' right edge too.
      const bool right = columns_[c].align == Align::kRight;
      if (c > 0) line += "  ";
      if (right) line.append(pad, ' ');
      line += cell;
      if (!right && c + 1 < columns_.size()) line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  };
  std::vector<std::string> titles;
  for (const auto& col : columns_) titles.push_back(col.title);
  emit(titles);
  for (const auto& row : rows_) emit(row);
  return out;
}

}  // namespace runmat::telemetry
