// What differs between SQLite and PostgreSQL in the SQL that to_sql() writes. The common
// translator (sql.cpp) decides what to test; a dialect only spells it. Every boolean
// expression a dialect returns is TRUE or FALSE, never NULL, so NOT stays correct.
#pragma once

#include <scimd/filters/ast.hpp>
#include <scimd/filters/sql.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace scimd::filters::detail {

/// A JSON value: `keys` below `base`, which is the document column or an iteration row
/// alias (an element of an array or a member of an object).
struct JsonRef {
  std::string base;               ///< "r.doc", or an alias made by exists_child()
  std::vector<std::string> keys;  ///< canonical object keys from base
  bool is_row = false;            ///< base is an iteration alias
};

/// JSON types a condition can test for.
enum class JsonKind { string, number, array, object };

class SqlDialect {
 public:
  virtual ~SqlDialect() = default;

  /// TRUE when `ref` exists and has JSON type `kind`.
  virtual std::string type_is(const JsonRef& ref, JsonKind kind) const = 0;
  /// The SQL text of a JSON string (use under type_is(ref, string)).
  virtual std::string text(const JsonRef& ref) const = 0;
  /// The value of a JSON number (use under type_is(ref, number)); `as_double` selects
  /// double precision (decimal literals), else exact numeric (integer literals).
  virtual std::string number(const JsonRef& ref, bool as_double) const = 0;
  /// TRUE when `ref` is the JSON literal true (or false).
  virtual std::string is_boolean(const JsonRef& ref, bool value) const = 0;
  /// TRUE when `ref` exists and is not null, "", [] or {}.
  virtual std::string nonempty(const JsonRef& ref) const = 0;

  /// EXISTS over the elements (kind array) or members (kind object) of `container`, FALSE
  /// when it is not of that kind; `predicate` is written over child(alias).
  virtual std::string exists_child(const JsonRef& container, JsonKind kind,
                                   const std::string& alias, const std::string& predicate) const = 0;
  /// The child row of an exists_child() or first_child() alias.
  virtual JsonRef child(const std::string& alias) const = 0;
  /// `predicate` (using keys below `row`) evaluated only when the row is an object, else FALSE.
  virtual std::string when_object(const JsonRef& row, const std::string& predicate) const = 0;
  /// `value` (using keys below `row`) when the row is an object, else NULL.
  virtual std::string value_when_object(const JsonRef& row, const std::string& value) const = 0;
  /// Scalar subquery: `value` of the first element of array `container` ordering elements
  /// for which `first_key` is TRUE first (if not empty), then by position; NULL if none.
  virtual std::string first_child(const JsonRef& container, const std::string& alias,
                                  const std::string& first_key, const std::string& value) const = 0;

  /// ASCII lower case of a text expression.
  virtual std::string fold(const std::string& text) const = 0;
  /// `text` with the collation used for ordering comparisons (code point order).
  virtual std::string ordered(const std::string& text) const = 0;
  /// TRUE when `text` matches the pattern bound at `placeholder` (built by pattern()).
  virtual std::string matches(const std::string& text, const std::string& placeholder) const = 0;
  /// The pattern for co / sw / ew of `literal`, wildcards escaped.
  virtual std::string pattern(CompareOp op, std::string_view literal) const = 0;
  /// A dateTime text normalised to UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" (NULL if unparsable).
  virtual std::string date_time(const std::string& text) const = 0;
  /// The boolean literal.
  virtual std::string boolean(bool value) const = 0;
  /// `condition`, with NULL read as FALSE.
  virtual std::string null_is_false(const std::string& condition) const = 0;
};

/// The implementation for `dialect` (stateless singletons).
const SqlDialect& sql_dialect(Dialect dialect);
const SqlDialect& sqlite_dialect();
const SqlDialect& postgres_dialect();

/// `text` as an SQL string literal ('...' with quotes doubled).
std::string sql_literal(std::string_view text);

}  // namespace scimd::filters::detail
