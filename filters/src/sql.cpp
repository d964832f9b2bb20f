#include <scimd/filters/sql.hpp>

#include "date_time.hpp"
#include "sql_common.hpp"
#include "text.hpp"

#include <cctype>
#include <stdexcept>

namespace scimd::filters {

std::optional<Column> ColumnMap::keyed_column(const ResolvedAttribute&, std::string_view,
                                              std::string_view, std::string_view) const {
  return std::nullopt;
}

namespace detail {

std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

const SqlDialect& sql_dialect(Dialect dialect) {
  return dialect == Dialect::sqlite ? sqlite_dialect() : postgres_dialect();
}

JsonRef document_ref(const ResolvedAttribute& a, bool with_sub) {
  JsonRef ref{"r.doc", {}, false};
  if (!a.schema.empty()) ref.keys.emplace_back(a.schema);
  ref.keys.push_back(a.attribute->name);
  if (with_sub && a.sub_attribute != nullptr) ref.keys.push_back(a.sub_attribute->name);
  for (const std::string& key : ref.keys)
    for (char c : key)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '_' ||
            c == '-' || c == '$'))
        throw std::invalid_argument("attribute name unfit for a JSON path: " + key);
  return ref;
}

Storage storage_of(const ColumnMap& columns, const ResolvedAttribute& a, Offset offset) {
  const bool multi = a.attribute->is_multi_valued;
  Storage storage = columns.storage(multi ? ResolvedAttribute{a.schema, a.attribute, nullptr} : a);
  const bool fits = std::holds_alternative<InDocument>(storage) ||
                    (multi ? std::holds_alternative<Relation>(storage)
                           : std::holds_alternative<Column>(storage));
  if (!fits)
    throw SemanticError(offset, SemanticError::Kind::not_filterable,
                        describe(a) + " cannot be filtered or sorted on");
  return storage;
}

const Column& relation_column(const Relation& relation, const ResolvedAttribute& a, Offset offset) {
  if (a.sub_attribute != nullptr)
    for (const auto& [name, column] : relation.sub_attributes)
      if (iequals(name, a.sub_attribute->name)) return column;
  throw SemanticError(offset, SemanticError::Kind::not_filterable,
                      describe(a) + " cannot be filtered or sorted on");
}

}  // namespace detail

namespace {

using namespace detail;

// Where the paths of a (sub-)filter are: the resource, the single object of a singular
// complex valuePath (whose paths resolve like `attr.sub` at resource level), one JSON
// element of a multi-valued valuePath, or one row of a Relation.
struct SqlScope {
  enum class Kind { resource, json_element, relation_element } kind = Kind::resource;
  const ResolvedAttribute* parent = nullptr;
  JsonRef element;
  const Relation* relation = nullptr;
};

// A value to compare: a dedicated column, or a JSON value.
using Leaf = std::variant<const Column*, JsonRef>;

const char* sql_operator(CompareOp op) {
  switch (op) {
    case CompareOp::gt: return " > ";
    case CompareOp::ge: return " >= ";
    case CompareOp::lt: return " < ";
    case CompareOp::le: return " <= ";
    default: return " = ";
  }
}

std::string substitute(const std::string& exists_template, const std::string& condition) {
  const std::size_t at = exists_template.find("%s");
  if (at == std::string::npos || exists_template.find("%s", at + 2) != std::string::npos)
    throw std::invalid_argument("Relation::exists_template must contain %s exactly once");
  return exists_template.substr(0, at) + condition + exists_template.substr(at + 2);
}

class Translator {
 public:
  Translator(const AttributeInfo& info, const ColumnMap& columns, const SqlDialect& dialect,
             std::string_view prefix)
      : info_(info), columns_(columns), d_(dialect), prefix_(prefix) {}

  std::string translate(const Filter& filter, const SqlScope& scope) {
    struct Visitor {
      Translator& t;
      const SqlScope& s;
      std::string operator()(const Compare& n) const { return t.compare(n, s); }
      std::string operator()(const Present& n) const {
        return t.present(resolve_in(n.path, t.semantic(s)), s, n.path.offset);
      }
      std::string operator()(const ValuePath& n) const { return t.value_path(n, s); }
      std::string operator()(const And& n) const { return t.chain<And>(n, " AND ", s); }
      std::string operator()(const Or& n) const { return t.chain<Or>(n, " OR ", s); }
      std::string operator()(const Not& n) const { return "NOT (" + t.translate(n.operand, s) + ")"; }
    };
    return visit(Visitor{*this, scope}, filter);
  }

  std::vector<SqlParam> take_params() { return std::move(params_); }

 private:
  Scope semantic(const SqlScope& s) const { return Scope{&info_, s.parent}; }

  // A run of the same operator becomes one flat `(a OP b OP c)`: and/or associate, and
  // nested parentheses would overflow SQLite's parser stack (about 100 levels) long before
  // max_conditions. Operands go left to right, so placeholders are numbered in text order.
  template <class Node>
  std::string chain(const Node& n, const char* op, const SqlScope& s) {
    std::string text = "(";
    append_operands<Node>(text, n, op, s);
    return text + ")";
  }
  template <class Node>
  void append_operands(std::string& text, const Node& n, const char* op, const SqlScope& s) {
    for (const Filter* operand : {&n.lhs, &n.rhs}) {
      if (operand == &n.rhs) text += op;
      if (const auto* same = boost::get<boost::spirit::x3::forward_ast<Node>>(&operand->get()))
        append_operands<Node>(text, same->get(), op, s);
      else
        text += translate(*operand, s);
    }
  }

  std::string bind(SqlParam value) {
    params_.push_back(std::move(value));
    return cat(":", prefix_, std::to_string(params_.size()));
  }
  std::string next_alias() { return cat("j", std::to_string(++aliases_)); }

  std::string compare(const Compare& c, const SqlScope& s) {
    TypedCompare tc = type_compare(c, semantic(s));
    if (std::holds_alternative<std::nullptr_t>(tc.literal)) {  // eq null = not pr, ne null = pr
      const std::string present_sql = present(tc.attribute, s, c.path.offset);
      return tc.op == CompareOp::eq ? "NOT (" + present_sql + ")" : present_sql;
    }
    const bool negate = tc.op == CompareOp::ne;  // ne = not (eq), as in the evaluator
    if (negate) tc.op = CompareOp::eq;
    const std::string sql = over_leaves(tc.attribute, s, c.path.offset,
                                        [&](const Leaf& leaf) { return leaf_compare(leaf, tc); });
    return negate ? "NOT (" + sql + ")" : sql;
  }

  // `make(leaf)` for each value `a` addresses; EXISTS over elements for multi-valued ones.
  template <class Make>
  std::string over_leaves(const ResolvedAttribute& a, const SqlScope& s, Offset offset, const Make& make) {
    if (s.kind == SqlScope::Kind::json_element)
      return make(JsonRef{s.element.base, {a.sub_attribute->name}, true});
    if (s.kind == SqlScope::Kind::relation_element)
      return make(&relation_column(*s.relation, a, offset));
    const Storage storage = storage_of(columns_, a, offset);
    if (const auto* column = std::get_if<Column>(&storage)) return make(column);
    if (const auto* relation = std::get_if<Relation>(&storage))
      return substitute(relation->exists_template, make(&relation_column(*relation, a, offset)));
    if (!a.attribute->is_multi_valued) return make(document_ref(a, true));
    const std::string alias = next_alias();
    const JsonRef element = d_.child(alias);
    const std::string condition =
        a.sub_attribute == nullptr
            ? make(element)
            : d_.when_object(element, make(JsonRef{element.base, {a.sub_attribute->name}, true}));
    return d_.exists_child(document_ref(a, false), JsonKind::array, alias, condition);
  }

  // `pr` as evaluate.hpp defines it.
  std::string present(const ResolvedAttribute& a, const SqlScope& s, Offset offset) {
    if (s.kind != SqlScope::Kind::resource || a.sub_attribute != nullptr)
      return over_leaves(a, s, offset, [&](const Leaf& leaf) { return leaf_nonempty(leaf); });
    const Storage storage = storage_of(columns_, a, offset);
    if (const auto* column = std::get_if<Column>(&storage)) return leaf_nonempty(column);
    if (const auto* relation = std::get_if<Relation>(&storage))
      return substitute(relation->exists_template, d_.boolean(true));
    const bool complex = a.attribute->type == AttrType::complex;
    if (!a.attribute->is_multi_valued) {
      const JsonRef value = document_ref(a, false);
      return complex ? has_nonempty_member(value) : d_.nonempty(value);
    }
    const std::string alias = next_alias();
    const JsonRef element = d_.child(alias);
    return d_.exists_child(document_ref(a, false), JsonKind::array, alias,
                           complex ? has_nonempty_member(element) : d_.nonempty(element));
  }

  std::string has_nonempty_member(const JsonRef& object) {
    const std::string alias = next_alias();
    return d_.exists_child(object, JsonKind::object, alias, d_.nonempty(d_.child(alias)));
  }

  std::string value_path(const ValuePath& vp, const SqlScope& s) {
    const ResolvedAttribute parent = resolve_value_path(vp, semantic(s));
    if (!parent.attribute->is_multi_valued)  // `a[f]` is `f` on a.* (evaluate.hpp)
      return translate(vp.filter, SqlScope{SqlScope::Kind::resource, &parent, {}, nullptr});
    const Storage storage = storage_of(columns_, parent, vp.path.offset);
    if (const auto* relation = std::get_if<Relation>(&storage))
      return substitute(relation->exists_template,
                        translate(vp.filter, SqlScope{SqlScope::Kind::relation_element, &parent, {}, relation}));
    if (auto keyed = keyed_column_condition(vp, parent)) return *keyed;
    const std::string alias = next_alias();
    const JsonRef element = d_.child(alias);
    const std::string condition =
        translate(vp.filter, SqlScope{SqlScope::Kind::json_element, &parent, element, nullptr});
    return d_.exists_child(document_ref(parent, false), JsonKind::array, alias,
                           d_.when_object(element, condition));
  }

  // `attr[key eq "v" and sub eq "x"]` (either order) through ColumnMap::keyed_column,
  // e.g. Entra's `emails[type eq "work"].value eq "x"` on r.email_work_folded.
  std::optional<std::string> keyed_column_condition(const ValuePath& vp, const ResolvedAttribute& parent) {
    const auto* node = boost::get<boost::spirit::x3::forward_ast<And>>(&vp.filter.get());
    if (node == nullptr) return std::nullopt;
    const auto* lhs = boost::get<Compare>(&node->get().lhs.get());
    const auto* rhs = boost::get<Compare>(&node->get().rhs.get());
    if (lhs == nullptr || rhs == nullptr) return std::nullopt;
    const Scope inner{&info_, &parent};
    for (const auto& [key, sub] : {std::pair{lhs, rhs}, std::pair{rhs, lhs}}) {
      if (key->op != CompareOp::eq || sub->op != CompareOp::eq) continue;
      const TypedCompare typed_key = type_compare(*key, inner);
      const TypedCompare typed_sub = type_compare(*sub, inner);
      const auto* key_value = std::get_if<std::string>(&key->value);
      if (key_value == nullptr || !std::holds_alternative<std::string>(typed_key.literal) ||
          !std::holds_alternative<std::string>(typed_sub.literal) ||
          typed_key.attribute.sub_attribute == typed_sub.attribute.sub_attribute)
        continue;
      const std::optional<Column> column =
          columns_.keyed_column(ResolvedAttribute{parent.schema, parent.attribute, nullptr},
                                typed_key.attribute.sub_attribute->name, *key_value,
                                typed_sub.attribute.sub_attribute->name);
      if (column) return leaf_compare(&*column, typed_sub);
    }
    return std::nullopt;
  }

  std::string leaf_nonempty(const Leaf& leaf) {
    if (const auto* ref = std::get_if<JsonRef>(&leaf)) return d_.nonempty(*ref);
    const Column& c = *std::get<const Column*>(leaf);
    if (c.type == ColumnType::text)
      return "(" + c.expression + " IS NOT NULL AND " + c.expression + " <> '')";
    return c.expression + " IS NOT NULL";
  }

  // One comparison (any operator but ne) of one value with a typed literal.
  std::string leaf_compare(const Leaf& leaf, const TypedCompare& tc) {
    const AttributeFacts& facts = tc.attribute.target();
    const ValueKind kind = value_kind(facts.type);
    const auto* column = std::get_if<const Column*>(&leaf);
    const JsonRef* ref = std::get_if<JsonRef>(&leaf);
    const std::string value = column ? (*column)->expression : d_.text(*ref);
    const std::string guard =
        column ? value + " IS NOT NULL"
               : d_.type_is(*ref, kind == ValueKind::number ? JsonKind::number : JsonKind::string);
    std::string condition;
    switch (kind) {
      case ValueKind::boolean: {
        const bool b = std::get<bool>(tc.literal);
        if (!column) return d_.is_boolean(*ref, b);
        require((*column)->type == ColumnType::integer, "boolean columns must be integer 0/1");
        condition = value + " = " + bind(b ? 1LL : 0LL);
        break;
      }
      case ValueKind::number: {
        const bool is_double = std::holds_alternative<double>(tc.literal);
        const SqlParam p = is_double ? SqlParam(std::get<double>(tc.literal))
                                     : SqlParam(std::get<long long>(tc.literal));
        condition = (column ? value : d_.number(*ref, is_double)) + sql_operator(tc.op) + bind(p);
        break;
      }
      case ValueKind::date_time: {
        // The fixed "YYYY-MM-DDTHH:MM:SS.mmmZ" form orders the same in every collation, so
        // no COLLATE is needed and an index on the column stays usable.
        const std::string text = column ? value : d_.date_time(value);
        condition = text + sql_operator(tc.op) +
                    bind(format_date_time(std::get<DateTimeLiteral>(tc.literal).epoch_ms));
        if (!column) condition = d_.null_is_false(condition);
        break;
      }
      case ValueKind::string: {
        std::string literal = std::get<std::string>(tc.literal);
        std::string text = value;
        const bool folded_column = column && (*column)->is_folded;
        require(!(folded_column && facts.case_exact), "folded columns need caseExact false");
        if (!facts.case_exact) {
          literal = fold(literal);
          if (!folded_column) text = d_.fold(text);
        }
        condition = string_condition(text, tc.op, literal);
        break;
      }
    }
    return "(" + guard + " AND " + condition + ")";
  }

  std::string string_condition(const std::string& text, CompareOp op, const std::string& literal) {
    switch (op) {
      case CompareOp::eq: return text + " = " + bind(literal);
      case CompareOp::co:
      case CompareOp::sw:
      case CompareOp::ew: return d_.matches(text, bind(d_.pattern(op, literal)));
      default: return d_.ordered(text) + sql_operator(op) + bind(literal);
    }
  }

  static void require(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("ColumnMap: ") + what);
  }

  const AttributeInfo& info_;
  const ColumnMap& columns_;
  const SqlDialect& d_;
  std::string prefix_;
  std::vector<SqlParam> params_;
  int aliases_ = 0;
};

}  // namespace

SqlFragment to_sql(const Filter& filter, const AttributeInfo& info, const ColumnMap& columns,
                   Dialect dialect, const SqlOptions& options) {
  Translator translator(info, columns, sql_dialect(dialect), options.param_prefix);
  SqlFragment fragment;
  fragment.text = translator.translate(filter, SqlScope{});
  fragment.params = translator.take_params();
  return fragment;
}

}  // namespace scimd::filters
