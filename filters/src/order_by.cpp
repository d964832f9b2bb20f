// sortBy (RFC 7644 §3.4.2.3) as an ORDER BY item.
#include <scimd/filters/sql.hpp>

#include "sql_common.hpp"

namespace scimd::filters {
namespace {

using namespace detail;

// The sort key of one JSON value, NULL when missing or of the wrong type.
std::string sort_value(const SqlDialect& d, const JsonRef& ref, const AttributeFacts& facts) {
  switch (value_kind(facts.type)) {
    case ValueKind::string: {
      const std::string text = facts.case_exact ? d.text(ref) : d.fold(d.text(ref));
      return "CASE WHEN " + d.type_is(ref, JsonKind::string) + " THEN " + text + " END";
    }
    case ValueKind::number:
      return "CASE WHEN " + d.type_is(ref, JsonKind::number) + " THEN " + d.number(ref, true) + " END";
    case ValueKind::boolean:
      return "CASE WHEN " + d.is_boolean(ref, true) + " THEN 1 WHEN " + d.is_boolean(ref, false) +
             " THEN 0 END";
    case ValueKind::date_time:
      return "CASE WHEN " + d.type_is(ref, JsonKind::string) + " THEN " + d.date_time(d.text(ref)) + " END";
  }
  return {};
}

// SRT-03: a multi-valued attribute sorts by its primary element, else its first.
std::string first_element_value(const SqlDialect& d, const ResolvedAttribute& a) {
  const std::string alias = "j1";
  const JsonRef element = d.child(alias);
  if (a.sub_attribute == nullptr)
    return d.first_child(document_ref(a, false), alias, "", sort_value(d, element, *a.attribute));
  const JsonRef sub{element.base, {a.sub_attribute->name}, true};
  std::string primary_first;
  const AttributeFacts* primary = a.attribute->find_sub_attribute("primary");
  if (primary != nullptr && primary->type == AttrType::boolean)
    primary_first = d.when_object(element, d.is_boolean({element.base, {primary->name}, true}, true));
  return d.first_child(document_ref(a, false), alias, primary_first,
                       d.value_when_object(element, sort_value(d, sub, *a.sub_attribute)));
}

}  // namespace

std::string order_by_sql(const AttrPath& path, const AttributeInfo& info, const ColumnMap& columns,
                         Dialect dialect, SortOrder order) {
  const SqlDialect& d = sql_dialect(dialect);
  ResolvedAttribute a = resolve_in(path, Scope{&info, nullptr});
  if (a.target().type == AttrType::complex) {  // SRT-04: complex needs a sub-attribute
    a.sub_attribute = a.attribute->find_sub_attribute("value");
    if (a.sub_attribute == nullptr)
      throw SemanticError(path.offset, SemanticError::Kind::unsupported_comparison,
                          describe(a) + " is complex: sort by one of its sub-attributes");
  }
  const Storage storage = storage_of(columns, a, path.offset);
  const AttributeFacts& facts = a.target();
  std::string key;
  if (const auto* column = std::get_if<Column>(&storage)) {
    const bool fold = value_kind(facts.type) == ValueKind::string && !facts.case_exact && !column->is_folded;
    key = fold ? d.fold(column->expression) : column->expression;
  } else if (std::holds_alternative<Relation>(storage)) {
    throw SemanticError(path.offset, SemanticError::Kind::not_filterable,
                        describe(a) + " cannot be sorted on");
  } else {
    key = a.attribute->is_multi_valued ? first_element_value(d, a)
                                       : sort_value(d, document_ref(a, true), facts);
  }
  if (value_kind(facts.type) == ValueKind::string) key = d.ordered(key);
  // SRT-05: no value sorts last ascending, first descending.
  return key + (order == SortOrder::ascending ? " ASC NULLS LAST" : " DESC NULLS FIRST");
}

}  // namespace scimd::filters
