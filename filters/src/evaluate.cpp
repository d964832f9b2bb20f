#include <scimd/filters/evaluate.hpp>

#include "date_time.hpp"
#include "semantics.hpp"
#include "text.hpp"

namespace scimd::filters {
namespace {

using detail::Scope;
using detail::TypedCompare;
using detail::ValueKind;
using rapidjson::Value;

std::string_view view(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

// JSON keys match case-insensitively: documents may come from clients (`UserName`).
const Value* find_member(const Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  for (const auto& m : object.GetObject())
    if (detail::iequals(view(m.name), key)) return &m.value;
  return nullptr;
}

// Empty means null, "", [] or {} (RFC 7644 §3.4.2.2 `pr`, RFC 7643 §2.5).
bool is_nonempty(const Value& v) {
  if (v.IsNull()) return false;
  if (v.IsString()) return v.GetStringLength() > 0;
  if (v.IsArray()) return !v.Empty();
  if (v.IsObject()) return v.MemberCount() > 0;
  return true;
}

// A complex value is present when it is an object with a non-empty member.
bool is_present_value(const Value& v, const AttributeFacts& facts) {
  if (facts.type != AttrType::complex) return is_nonempty(v);
  if (!v.IsObject()) return false;
  for (const auto& m : v.GetObject())
    if (is_nonempty(m.value)) return true;
  return false;
}

template <class T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

bool holds(CompareOp op, int cmp) {
  switch (op) {
    case CompareOp::gt: return cmp > 0;
    case CompareOp::ge: return cmp >= 0;
    case CompareOp::lt: return cmp < 0;
    case CompareOp::le: return cmp <= 0;
    default: return cmp == 0;
  }
}

// RFC 7644 §3.4.2.2: case-insensitive unless caseExact (FLT-21); ASCII folding only.
bool string_matches(std::string_view value, std::string_view literal, CompareOp op, bool case_exact) {
  std::string folded_value, folded_literal;
  if (!case_exact) {
    folded_value = detail::fold(value);
    folded_literal = detail::fold(literal);
    value = folded_value;
    literal = folded_literal;
  }
  switch (op) {
    case CompareOp::co: return value.find(literal) != std::string_view::npos;
    case CompareOp::sw: return value.substr(0, literal.size()) == literal;
    case CompareOp::ew:
      return value.size() >= literal.size() && value.substr(value.size() - literal.size()) == literal;
    default: return holds(op, three_way(value, literal));
  }
}

bool leaf_matches(const Value& leaf, const TypedCompare& tc, CompareOp op) {
  const AttributeFacts& facts = tc.attribute.target();
  switch (detail::value_kind(facts.type)) {
    case ValueKind::string:
      return leaf.IsString() &&
             string_matches(view(leaf), std::get<std::string>(tc.literal), op, facts.case_exact);
    case ValueKind::boolean: return leaf.IsBool() && leaf.GetBool() == std::get<bool>(tc.literal);
    case ValueKind::number: {
      if (!leaf.IsNumber()) return false;
      if (const auto* i = std::get_if<long long>(&tc.literal)) {
        if (leaf.IsInt64()) return holds(op, three_way<long long>(leaf.GetInt64(), *i));
        return holds(op, three_way(leaf.GetDouble(), static_cast<double>(*i)));
      }
      return holds(op, three_way(leaf.GetDouble(), std::get<double>(tc.literal)));
    }
    case ValueKind::date_time: {
      if (!leaf.IsString()) return false;
      const std::optional<long long> ms = detail::parse_date_time(view(leaf));
      return ms && holds(op, three_way(*ms, std::get<detail::DateTimeLiteral>(tc.literal).epoch_ms));
    }
  }
  return false;
}

const Value& empty_object() {
  static const Value empty(rapidjson::kObjectType);
  return empty;
}

// Evaluates a filter over `object_`: the resource (scope without parent) or one element of
// the valuePath attribute `scope_.parent`.
class Evaluator {
 public:
  Evaluator(Scope scope, const Value& object) : scope_(scope), object_(object) {}

  bool operator()(const Compare& c) const {
    const TypedCompare tc = detail::type_compare(c, scope_);
    if (std::holds_alternative<std::nullptr_t>(tc.literal)) {
      const bool present = is_present(tc.attribute);  // eq null: not pr; ne null: pr
      return tc.op == CompareOp::eq ? !present : present;
    }
    // `ne` is `not (eq)` (FLT-09): true when missing, and when no element equals.
    const CompareOp op = tc.op == CompareOp::ne ? CompareOp::eq : tc.op;
    const bool found = any_leaf(tc.attribute, [&](const Value& leaf) { return leaf_matches(leaf, tc, op); });
    return tc.op == CompareOp::ne ? !found : found;
  }

  bool operator()(const Present& p) const { return is_present(detail::resolve_in(p.path, scope_)); }

  bool operator()(const ValuePath& vp) const {
    const ResolvedAttribute parent = detail::resolve_value_path(vp, scope_);
    const Scope inner{scope_.info, &parent};
    const Value* v = attribute_value(parent);
    if (!parent.attribute->is_multi_valued)  // one object; missing counts as {}
      return visit(Evaluator(inner, v != nullptr && v->IsObject() ? *v : empty_object()), vp.filter);
    if (v == nullptr || !v->IsArray()) return false;
    for (const Value& element : v->GetArray())  // FLT-27: one element meets every condition
      if (element.IsObject() && visit(Evaluator(inner, element), vp.filter)) return true;
    return false;
  }

  bool operator()(const And& n) const { return visit(*this, n.lhs) && visit(*this, n.rhs); }
  bool operator()(const Or& n) const { return visit(*this, n.lhs) || visit(*this, n.rhs); }
  bool operator()(const Not& n) const { return !visit(*this, n.operand); }

 private:
  // The attribute's value in the resource (extension attributes under their URN key).
  const Value* attribute_value(const ResolvedAttribute& a) const {
    const Value* holder = a.schema.empty() ? &object_ : find_member(object_, a.schema);
    return holder == nullptr ? nullptr : find_member(*holder, a.attribute->name);
  }

  // True when `pred` holds for some non-null value addressed by `a` (FLT-30).
  template <class Pred>
  bool any_leaf(const ResolvedAttribute& a, const Pred& pred) const {
    const auto test = [&pred](const Value* leaf) { return leaf != nullptr && !leaf->IsNull() && pred(*leaf); };
    if (scope_.parent != nullptr) return test(find_member(object_, a.sub_attribute->name));
    const Value* v = attribute_value(a);
    if (v == nullptr) return false;
    const auto leaf_of = [&a](const Value& x) {
      return a.sub_attribute == nullptr ? &x : find_member(x, a.sub_attribute->name);
    };
    if (!a.attribute->is_multi_valued) return test(leaf_of(*v));
    if (!v->IsArray()) return false;
    for (const Value& element : v->GetArray())
      if (test(leaf_of(element))) return true;
    return false;
  }

  bool is_present(const ResolvedAttribute& a) const {
    if (scope_.parent != nullptr || a.sub_attribute != nullptr) return any_leaf(a, is_nonempty);
    const Value* v = attribute_value(a);
    if (v == nullptr) return false;
    if (!a.attribute->is_multi_valued) return is_present_value(*v, *a.attribute);
    if (!v->IsArray()) return false;
    for (const Value& element : v->GetArray())
      if (is_present_value(element, *a.attribute)) return true;
    return false;
  }

  Scope scope_;
  const Value& object_;
};

}  // namespace

bool evaluate(const Filter& filter, const rapidjson::Value& resource, const AttributeInfo& info) {
  return visit(Evaluator(Scope{&info, nullptr}, resource), filter);
}

bool evaluate_element(const Filter& value_filter, const rapidjson::Value& element,
                      const ResolvedAttribute& attribute) {
  if (!element.IsObject()) return false;
  return visit(Evaluator(Scope{nullptr, &attribute}, element), value_filter);
}

}  // namespace scimd::filters
