// Translation of a filter to a parameterised SQL condition, for SQLite and PostgreSQL.
//
// The storage the SQL is written against (DESIGN.md §2):
//  - the resource table has the alias `r`; `r.doc` holds the resource JSON with canonical
//    attribute names, extension attributes under their URN key; SQLite TEXT, PostgreSQL jsonb;
//  - some attributes have dedicated columns, and multi-valued attributes may live in another
//    table (Group members): ColumnMap says which.
// The result has exactly the semantics of evaluate() (see evaluate.hpp), including null,
// missing and empty values: every generated condition is TRUE or FALSE, never NULL, so NOT
// is safe. Values are always bound parameters; attribute names come from AttributeInfo's
// canonical spellings, never from the filter text.
// What the server must hold up for the two to agree:
//  - r.doc holds values of the schema's types (a dateTime PostgreSQL cannot cast makes the
//    query fail; other wrong types simply do not match);
//  - PostgreSQL sessions use TimeZone 'UTC' (a document dateTime without an offset is read
//    in the session time zone there, as UTC by evaluate() and SQLite);
//  - dateTimes with more than 3 fractional digits may round differently at exact halves
//    (SQLite computes in binary floating point);
//  - decimals compare as doubles (bind no more precision than a double holds).
#pragma once

#include <scimd/filters/ast.hpp>
#include <scimd/filters/attribute_info.hpp>
#include <scimd/filters/errors.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace scimd::filters {

enum class Dialect { sqlite, postgresql };

/// A bound value: text, integer or double.
using SqlParam = std::variant<std::string, long long, double>;

/// A condition for a WHERE clause. Placeholders are `:f1`, `:f2`, ... (SOCI's `:name`
/// syntax on both dialects); params[i] binds to the name `f<i+1>` (with the default
/// prefix), e.g. `soci::use(std::get<std::string>(params[0]), "f1")`. Each placeholder
/// occurs once in `text`.
struct SqlFragment {
  std::string text;
  std::vector<SqlParam> params;
};

/// How a dedicated column stores its value.
enum class ColumnType {
  text,     ///< strings; dateTimes as UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" (exactly 3 digits, 'Z')
  integer,  ///< integers; booleans as 0/1
  real,     ///< decimals
};

/// A dedicated column, e.g. {"r.user_name_folded", true, ColumnType::text}.
/// The column must use binary collation (SQLite's default); NULL means no value.
struct Column {
  std::string expression;  ///< SQL expression, e.g. "r.external_id" or "m.member_id"
  /// The column stores the ASCII-lower-cased value: parameters are lower-cased too and the
  /// comparison is case-insensitive. Only for attributes with caseExact false.
  bool is_folded = false;
  ColumnType type = ColumnType::text;
};

/// A multi-valued attribute stored in another table, e.g. Group members:
/// exists_template = "EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id"
///                   " AND m.group_id = r.id AND %s)",
/// sub_attributes  = {{"value", {"m.member_id"}}, {"type", {"m.member_type"}}}.
/// One row is one element; sub-attributes not listed cannot be filtered.
struct Relation {
  std::string exists_template;  ///< contains "%s" once: the condition on one row
  std::vector<std::pair<std::string, Column>> sub_attributes;  ///< canonical name -> column
};

/// The attribute's values are in r.doc at their canonical JSON location.
struct InDocument {};
/// The store keeps no filterable copy (e.g. `schemas`, `meta.location`): filters on it
/// fail with SemanticError::Kind::not_filterable.
struct NotStored {};

/// Where ColumnMap::storage() says an attribute's values live.
using Storage = std::variant<InDocument, Column, Relation, NotStored>;

/// The store's answer to "where is this attribute?", implemented by the server.
class ColumnMap {
 public:
  virtual ~ColumnMap() = default;

  /// Where the values addressed by `attribute` are kept. For a singular attribute the
  /// argument is the full path (`meta.created` has sub_attribute "created"), and the answer
  /// is InDocument, Column or NotStored. For a multi-valued attribute it is the attribute
  /// alone (sub_attribute null), and the answer is InDocument, Relation or NotStored.
  virtual Storage storage(const ResolvedAttribute& attribute) const = 0;

  /// A column holding sub-attribute `sub` of the first element of the multi-valued
  /// `attribute` whose sub-attribute `key` equals `key_value` (as the client spelled it),
  /// e.g. ("emails", "type", "work", "value") -> r.email_work_folded. Used only for the
  /// shape `attr[key eq "v" and sub eq "x"]` (also written `attr[key eq "v"].sub eq "x"`),
  /// and only equivalent if no resource has two elements with that key. Default: none.
  virtual std::optional<Column> keyed_column(const ResolvedAttribute& attribute,
                                             std::string_view key, std::string_view key_value,
                                             std::string_view sub) const;
};

/// Options of to_sql().
struct SqlOptions {
  std::string_view param_prefix = "f";  ///< placeholders are :<prefix>1, :<prefix>2, ...
};

/// Translates `filter` to a condition over `r` (see the file comment). Throws SemanticError
/// for what check() rejects, and Kind::not_filterable for attributes the store cannot filter.
SqlFragment to_sql(const Filter& filter, const AttributeInfo& info, const ColumnMap& columns,
                   Dialect dialect, const SqlOptions& options = {});

enum class SortOrder { ascending, descending };

/// An ORDER BY item for sortBy (RFC 7644 §3.4.2.3), e.g. `r.user_name_folded ASC NULLS LAST`
/// (no leading "ORDER BY", no parameters). Resources without a value sort last ascending
/// and first descending (SRT-05). Strings order by code point after ASCII folding unless
/// caseExact; numbers and dateTimes by value. A multi-valued attribute sorts by its primary
/// element, else its first (SRT-03); a complex one by its `value` sub-attribute. Append a
/// tie-breaker such as `, r.id` for stable pages. Throws SemanticError.
std::string order_by_sql(const AttrPath& path, const AttributeInfo& info,
                         const ColumnMap& columns, Dialect dialect,
                         SortOrder order = SortOrder::ascending);

}  // namespace scimd::filters
