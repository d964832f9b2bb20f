// SQLite 3.40 spelling of the SQL conditions: r.doc is TEXT read with the JSON1 functions.
#include "sql_dialect.hpp"
#include "text.hpp"

namespace scimd::filters::detail {
namespace {

// `$."a"."b"`: keys are always quoted, so URN keys with ':' and '.' stay one step.
std::string json_path(const std::vector<std::string>& keys) {
  std::string path = "$";
  for (const std::string& key : keys) path += ".\"" + key + "\"";
  return sql_literal(path);
}

// A direct row reference: the element itself, read from the json_each columns.
bool is_row_value(const JsonRef& ref) { return ref.is_row && ref.keys.empty(); }

// The "container, path" arguments of json_type / json_extract / json_each.
std::string args(const JsonRef& ref) {
  return (ref.is_row ? ref.base + ".value" : ref.base) + ", " + json_path(ref.keys);
}

std::string type_list(JsonKind kind) {
  switch (kind) {
    case JsonKind::string: return "= 'text'";
    case JsonKind::number: return "IN ('integer', 'real')";
    case JsonKind::array: return "= 'array'";
    case JsonKind::object: return "= 'object'";
  }
  return {};
}

class SqliteDialect final : public SqlDialect {
 public:
  std::string type_is(const JsonRef& ref, JsonKind kind) const override {
    if (is_row_value(ref)) return ref.base + ".type " + type_list(kind);
    return "COALESCE(json_type(" + args(ref) + ") " + type_list(kind) + ", 0)";
  }
  std::string text(const JsonRef& ref) const override {
    return is_row_value(ref) ? ref.base + ".value" : "json_extract(" + args(ref) + ")";
  }
  std::string number(const JsonRef& ref, bool) const override { return text(ref); }
  std::string is_boolean(const JsonRef& ref, bool value) const override {
    const std::string type = value ? "'true'" : "'false'";
    if (is_row_value(ref)) return ref.base + ".type = " + type;
    return "COALESCE(json_type(" + args(ref) + ") = " + type + ", 0)";
  }
  std::string nonempty(const JsonRef& ref) const override {
    // json_extract and json_each render containers minified, so [] and {} are exact.
    const std::string type = is_row_value(ref) ? ref.base + ".type"
                                               : "COALESCE(json_type(" + args(ref) + "), 'null')";
    const std::string value = text(ref);
    return "CASE " + type + " WHEN 'null' THEN 0 WHEN 'text' THEN " + value +
           " <> '' WHEN 'array' THEN " + value + " <> '[]' WHEN 'object' THEN " + value +
           " <> '{}' ELSE 1 END";
  }
  std::string exists_child(const JsonRef& container, JsonKind kind, const std::string& alias,
                           const std::string& predicate) const override {
    // json_each also walks objects and scalars: test the kind first, and in a CASE so the
    // JSON functions never see a scalar row value.
    return "CASE WHEN " + type_is(container, kind) + " THEN EXISTS (SELECT 1 FROM " +
           source(container) + " AS " + alias + " WHERE " + predicate + ") ELSE 0 END";
  }
  JsonRef child(const std::string& alias) const override { return {alias, {}, true}; }
  std::string when_object(const JsonRef& row, const std::string& predicate) const override {
    return "CASE WHEN " + row.base + ".type = 'object' THEN " + predicate + " ELSE 0 END";
  }
  std::string value_when_object(const JsonRef& row, const std::string& value) const override {
    return "CASE WHEN " + row.base + ".type = 'object' THEN " + value + " END";
  }
  std::string first_child(const JsonRef& container, const std::string& alias,
                          const std::string& first_key, const std::string& value) const override {
    return "(SELECT " + value + " FROM " + source(container) + " AS " + alias + " WHERE " +
           type_is(container, JsonKind::array) + " ORDER BY " +
           (first_key.empty() ? "" : first_key + " DESC, ") + alias + ".key LIMIT 1)";
  }
  std::string fold(const std::string& text) const override { return "lower(" + text + ")"; }
  std::string ordered(const std::string& text) const override { return text; }  // BINARY
  std::string matches(const std::string& text, const std::string& placeholder) const override {
    return text + " GLOB " + placeholder;  // case-sensitive, unlike LIKE
  }
  std::string pattern(CompareOp op, std::string_view literal) const override {
    std::string escaped;
    for (char c : literal) {
      if (c == '*' || c == '?' || c == '[') {
        escaped += '[';
        escaped += c;
        escaped += ']';
      } else {
        escaped += c;
      }
    }
    const bool any_prefix = op == CompareOp::co || op == CompareOp::ew;
    const bool any_suffix = op == CompareOp::co || op == CompareOp::sw;
    return cat(any_prefix ? "*" : "", escaped, any_suffix ? "*" : "");
  }
  std::string date_time(const std::string& text) const override {
    return "strftime('%Y-%m-%dT%H:%M:%fZ', " + text + ")";
  }
  std::string boolean(bool value) const override { return value ? "1" : "0"; }
  std::string null_is_false(const std::string& condition) const override {
    return "COALESCE(" + condition + ", 0)";
  }

 private:
  static std::string source(const JsonRef& container) {
    if (is_row_value(container)) return "json_each(" + container.base + ".value)";
    return "json_each(" + args(container) + ")";
  }
};

}  // namespace

const SqlDialect& sqlite_dialect() {
  static const SqliteDialect dialect;
  return dialect;
}

}  // namespace scimd::filters::detail
