// PostgreSQL 15 spelling of the SQL conditions: r.doc is jsonb. Casts use CAST(x AS t)
// rather than `::` so SOCI's `:name` placeholder rewriting never meets a colon pair.
#include "sql_dialect.hpp"
#include "text.hpp"

namespace scimd::filters::detail {
namespace {

std::string jsonb(const JsonRef& ref) {
  std::string out = ref.base;
  for (const std::string& key : ref.keys) out += "->" + sql_literal(key);
  return out;
}

std::string kind_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::string: return "'string'";
    case JsonKind::number: return "'number'";
    case JsonKind::array: return "'array'";
    case JsonKind::object: return "'object'";
  }
  return {};
}

// The container if it has the kind, else an empty one: jsonb_array_elements and
// jsonb_each raise errors on anything else.
std::string container_or_empty(const JsonRef& container, JsonKind kind) {
  const std::string j = jsonb(container);
  return "CASE WHEN jsonb_typeof(" + j + ") = " + kind_name(kind) + " THEN " + j +
         (kind == JsonKind::array ? " ELSE CAST('[]' AS jsonb) END" : " ELSE CAST('{}' AS jsonb) END");
}

class PostgresDialect final : public SqlDialect {
 public:
  std::string type_is(const JsonRef& ref, JsonKind kind) const override {
    return "COALESCE(jsonb_typeof(" + jsonb(ref) + ") = " + kind_name(kind) + ", FALSE)";
  }
  std::string text(const JsonRef& ref) const override {
    if (ref.keys.empty()) return cat("(", ref.base, " #>> '{}')");
    JsonRef parent = ref;
    parent.keys.pop_back();
    return cat("(", jsonb(parent), "->>", sql_literal(ref.keys.back()), ")");
  }
  std::string number(const JsonRef& ref, bool as_double) const override {
    // Decimal literals compare as double precision, as the evaluator does; integer ones
    // exactly.
    return "CAST(" + jsonb(ref) + (as_double ? " AS double precision)" : " AS numeric)");
  }
  std::string is_boolean(const JsonRef& ref, bool value) const override {
    return "COALESCE(" + jsonb(ref) + (value ? " = CAST('true' AS jsonb)" : " = CAST('false' AS jsonb)") +
           ", FALSE)";
  }
  std::string nonempty(const JsonRef& ref) const override {
    return "COALESCE(" + jsonb(ref) +
           " NOT IN (CAST('null' AS jsonb), CAST('\"\"' AS jsonb), CAST('[]' AS jsonb), "
           "CAST('{}' AS jsonb)), FALSE)";
  }
  std::string exists_child(const JsonRef& container, JsonKind kind, const std::string& alias,
                           const std::string& predicate) const override {
    const std::string source = kind == JsonKind::array ? "jsonb_array_elements(" : "jsonb_each(";
    const std::string columns = kind == JsonKind::array ? "(v)" : "(k, v)";
    return "EXISTS (SELECT 1 FROM " + source + container_or_empty(container, kind) + ") AS " +
           alias + columns + " WHERE " + predicate + ")";
  }
  JsonRef child(const std::string& alias) const override { return {alias + ".v", {}, true}; }
  std::string when_object(const JsonRef& row, const std::string& predicate) const override {
    return "(jsonb_typeof(" + row.base + ") = 'object' AND " + predicate + ")";
  }
  std::string value_when_object(const JsonRef& row, const std::string& value) const override {
    return "CASE WHEN jsonb_typeof(" + row.base + ") = 'object' THEN " + value + " END";
  }
  std::string first_child(const JsonRef& container, const std::string& alias,
                          const std::string& first_key, const std::string& value) const override {
    return "(SELECT " + value + " FROM jsonb_array_elements(" +
           container_or_empty(container, JsonKind::array) + ") WITH ORDINALITY AS " + alias +
           "(v, n) ORDER BY " + (first_key.empty() ? "" : first_key + " DESC, ") + alias +
           ".n LIMIT 1)";
  }
  // The "C" collation folds ASCII only and orders by code point, like SQLite and C++.
  std::string fold(const std::string& text) const override {
    return "lower(" + text + " COLLATE \"C\")";
  }
  std::string ordered(const std::string& text) const override {
    return "(" + text + ") COLLATE \"C\"";
  }
  std::string matches(const std::string& text, const std::string& placeholder) const override {
    return text + " LIKE " + placeholder;
  }
  std::string pattern(CompareOp op, std::string_view literal) const override {
    std::string escaped;
    for (char c : literal) {
      if (c == '\\' || c == '%' || c == '_') escaped += '\\';
      escaped += c;
    }
    const bool any_prefix = op == CompareOp::co || op == CompareOp::ew;
    const bool any_suffix = op == CompareOp::co || op == CompareOp::sw;
    return cat(any_prefix ? "%" : "", escaped, any_suffix ? "%" : "");
  }
  // Rounds to milliseconds half up, like SQLite's date functions and the evaluator.
  std::string date_time(const std::string& text) const override {
    return "to_char((CAST(" + text +
           " AS timestamptz) AT TIME ZONE 'UTC') + INTERVAL '0.5 milliseconds', "
           "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
  }
  std::string boolean(bool value) const override { return value ? "TRUE" : "FALSE"; }
  std::string null_is_false(const std::string& condition) const override {
    return "COALESCE(" + condition + ", FALSE)";
  }
};

}  // namespace

const SqlDialect& postgres_dialect() {
  static const PostgresDialect dialect;
  return dialect;
}

}  // namespace scimd::filters::detail
