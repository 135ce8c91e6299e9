#include "exceptions.hpp"

#include "runmat/core/containers.hpp"

namespace runmat::runtime {

Value make_mexception(const std::string& identifier, const std::string& message) {
  auto o = std::make_shared<ObjectValue>();
  o->class_name = "MException";
  o->set("identifier", Value::char_row(identifier));
  o->set("message", Value::char_row(message));
  auto stack = std::make_shared<StructArray>(Shape{0, 1});
  for (const char* f : {"file", "name", "line"}) stack->add_field(f);
  o->set("stack", Value::structure(std::move(stack)));
  o->set("cause", Value::cell(std::make_shared<CellArray>(Shape{0, 1})));
  return Value::object(std::move(o));
}

Value make_mexception(const MatlabError& e) {
  Value me = make_mexception(e.identifier(), e.message());
  if (e.line > 0) {
    auto stack = std::make_shared<StructArray>(Shape::scalar());
    stack->add_field("file");
    stack->add_field("name");
    stack->add_field("line");
    stack->at(0, 0) = Value::char_row(e.function);
    stack->at(0, 1) = Value::char_row(e.function);
    stack->at(0, 2) = Value::num(e.line);
    me.mutable_object().set("stack", Value::structure(std::move(stack)));
  }
  return me;
}

bool is_mexception(const Value& v) {
  return v.is_object() && v.object().class_name == "MException";
}

MatlabError error_from_mexception(const Value& me) {
  const ObjectValue& o = me.object();
  return MatlabError(o.get("identifier").to_text(), o.get("message").to_text());
}

}  // namespace runmat::runtime
