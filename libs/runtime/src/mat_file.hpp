// MAT-file version 5 (what MATLAB writes for `save -v6` and `save -v7`), after MathWorks' public
// "MAT-File Format" specification: a 128-byte header, then one data element per variable.
// A variable is an miMATRIX element (array flags, dimensions, name, then the class's data);
// -v7 wraps each one in an miCOMPRESSED element holding its zlib stream.
//
// encode_variable / decode_variable convert between Values and those elements; the save and
// load builtins (builtins_matfile.cpp) deal with files, names and the workspace.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime::matfile {

// Data types of data elements (the spec's table 1-1).
enum MiType : uint32_t {
  miINT8 = 1,
  miUINT8 = 2,
  miINT16 = 3,
  miUINT16 = 4,
  miINT32 = 5,
  miUINT32 = 6,
  miSINGLE = 7,
  miDOUBLE = 9,
  miINT64 = 12,
  miUINT64 = 13,
  miMATRIX = 14,
  miCOMPRESSED = 15,
  miUTF8 = 16,
  miUTF16 = 17,
  miUTF32 = 18,
};

// Array classes of miMATRIX elements (the low byte of the array flags).
enum MxClass : uint8_t {
  mxCELL = 1,
  mxSTRUCT = 2,
  mxOBJECT = 3,
  mxCHAR = 4,
  mxSPARSE = 5,
  mxDOUBLE = 6,
  mxSINGLE = 7,
  mxINT8 = 8,
  mxUINT8 = 9,
  mxINT16 = 10,
  mxUINT16 = 11,
  mxINT32 = 12,
  mxUINT32 = 13,
  mxINT64 = 14,
  mxUINT64 = 15,
  mxFUNCTION = 16,
  mxOPAQUE = 17,
};

// Bits of the second byte of the array flags.
constexpr uint32_t kFlagComplex = 0x0800, kFlagGlobal = 0x0400, kFlagLogical = 0x0200;

constexpr size_t kHeaderSize = 128;

// The 128-byte header: descriptive text (platform and creation time), no subsystem data,
// version 0x0100, written little-endian ("IM").
std::string file_header();

// Why `v` cannot be stored in a MAT-file (empty when it can). Function handles and objects
// are refused; everything else (numeric, logical, char, complex, cell, struct, string) is
// stored, strings as char arrays (a string array as a cell array of char vectors).
std::string unsupported_reason(const Value& v);

// One variable as a top-level data element, compressed (-v7) or not (-v6). `v` must pass
// unsupported_reason().
std::string encode_variable(const std::string& name, const Value& v, bool compress);

// A top-level data element of a file: its variable name and its bytes as stored (so that
// save -append can keep variables it does not rewrite, even ones RunMat cannot read).
struct RawVariable {
  std::string name;
  std::string bytes;
  bool swap = false;  // the file is big-endian ("MI")
};

// Splits a MAT-file into its variables. Throws MATLAB:load:unableToReadMatFile when `data`
// is not a version 5 MAT-file or is truncated; `filename` is for the message.
std::vector<RawVariable> split_variables(std::string_view data, const std::string& filename);

// Whether `data` starts like a version 5 MAT-file (load uses it to tell MAT from text).
bool looks_like_mat_file(std::string_view data);

struct Decoded {
  Value value;
  std::string skipped;  // non-empty: the class RunMat cannot represent ("function_handle")
};

// The value of one variable. Sparse matrices are converted to full ones; function handles,
// objects and MATLAB's opaque classes (string, table, ...) come back with `skipped` set.
// Throws MATLAB:load:unableToReadMatFile on malformed data.
Decoded decode_variable(const RawVariable& raw, const std::string& filename);

}  // namespace runmat::runtime::matfile
