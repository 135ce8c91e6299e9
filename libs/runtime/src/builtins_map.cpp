// containers.Map and its methods keys, values, isKey, remove (the behaviour is in
// map_object.cpp; M(key), M(key) = v, M.Count, length(M) and size(M) reach it from the
// indexing and size code).
#include <string>

#include "builtins.hpp"
#include "map_object.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

// A method of containers.Map called on something else: MATLAB finds no such function.
const Value& map_arg(const CallContext& ctx, const Args& args) {
  if (args.empty() || !is_map(args[0])) {
    throw_error("MATLAB:UndefinedFunction",
                "Undefined function '%s' for input arguments of type '%s'.", std::string(ctx.name),
                args.empty() ? "double" : args[0].class_name());
  }
  return args[0];
}

Args map_fn(CallContext& ctx, Args& args) {
  return {make_map(args)};
}

Args keys_fn(CallContext& ctx, Args& args) {
  const Value& m = map_arg(ctx, args);
  check_nargs(ctx, args, 1, 1);
  return {map_keys(m)};
}

Args values_fn(CallContext& ctx, Args& args) {
  const Value& m = map_arg(ctx, args);
  check_nargs(ctx, args, 1, 2);
  return {args.size() == 1 ? map_values(m) : map_values_of(m, args[1])};
}

Args is_key_fn(CallContext& ctx, Args& args) {
  const Value& m = map_arg(ctx, args);
  check_nargs(ctx, args, 2, 2);
  return {map_is_key(m, args[1])};
}

Args remove_fn(CallContext& ctx, Args& args) {
  const Value& m = map_arg(ctx, args);
  check_nargs(ctx, args, 2, 2);
  map_remove(m, args[1]);
  return {m};
}

}  // namespace

void register_map_builtins(BuiltinRegistry& reg) {
  reg.add(kMapClass, map_fn,
          "M = containers.Map(), containers.Map(keys, values), containers.Map('KeyType', kt, "
          "'ValueType', vt): a handle map from char or numeric keys to values.");
  reg.add("keys", keys_fn, "keys(M): the keys of a containers.Map, sorted, as a 1xN cell.");
  reg.add("values", values_fn,
          "values(M), values(M, keys): values of a containers.Map in key order, or of the given "
          "keys (a cell).");
  reg.add("isKey", is_key_fn, "isKey(M, key or cell of keys): whether M has the keys.");
  reg.add("remove", remove_fn, "remove(M, key or cell of keys): delete entries; returns M.");
}

}  // namespace runmat::runtime
