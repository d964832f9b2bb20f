// libFuzzer target for parse_filter. Properties:
//  - nothing but SyntaxError escapes parsing;
//  - a parsed filter prints to text that parses back to the same tree;
//  - check(), evaluate() and to_sql() throw nothing but SemanticError, and evaluate() and
//    to_sql() accept exactly what check() accepts (to_sql() may add not_filterable);
//  - the SQLite SQL runs, and selects exactly the sample resources evaluate() matches.
#include <scimd/filters/check.hpp>
#include <scimd/filters/evaluate.hpp>
#include <scimd/filters/print.hpp>
#include <scimd/filters/sql.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "fuzz_check.hpp"
#include "sqlite_oracle.hpp"
#include "test_schema.hpp"

namespace {

using namespace scimd::filters;

struct Sample {
  std::string id;
  rapidjson::Document doc;
};

std::vector<std::unique_ptr<Sample>> samples(std::initializer_list<const char*> jsons) {
  std::vector<std::unique_ptr<Sample>> out;
  for (const char* json : jsons) {
    auto sample = std::make_unique<Sample>();
    sample->doc.Parse(json);
    sample->id = sample->doc["id"].GetString();
    out.push_back(std::move(sample));
  }
  return out;
}

// Semantics over one schema and its sample resources.
void exercise(const Filter& filter, const AttributeInfo& info, const ColumnMap& columns,
              const char* table, const std::vector<std::unique_ptr<Sample>>& resources) {
  static fuzz::SqliteOracle oracle;
  try {
    check(filter, info);
  } catch (const SemanticError&) {
    return;
  }
  std::set<std::string> expected;
  for (const auto& r : resources) {
    try {
      if (evaluate(filter, r->doc, info)) expected.insert(r->id);
    } catch (const SemanticError& e) {
      fuzz::fail("evaluate() rejects what check() accepted", e.what());
    }
  }
  for (Dialect dialect : {Dialect::sqlite, Dialect::postgresql}) {
    SqlFragment sql;
    try {
      sql = to_sql(filter, info, columns, dialect);
    } catch (const SemanticError& e) {
      if (e.kind() != SemanticError::Kind::not_filterable)
        fuzz::fail("to_sql() rejects what check() accepted", e.what());
      return;
    }
    if (dialect == Dialect::sqlite && oracle.select_ids(table, sql) != expected)
      fuzz::fail("SQLite and evaluate() disagree", to_string(filter) + "\n" + sql.text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto users = samples({fuzz::sample_users[0], fuzz::sample_users[1]});
  static const auto groups = samples({fuzz::sample_group});
  static const test::UserColumns user_columns;
  static const test::GroupColumns group_columns;

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Filter filter;
  try {
    filter = parse_filter(text);
  } catch (const SyntaxError&) {
    return 0;
  }
  const std::string printed = to_string(filter);
  Filter again;
  if (fuzz::reparse(printed, again, parse_filter)) {
    if (!(again == filter)) fuzz::fail("parse(print(x)) != x", std::string(text) + "\n" + printed);
    if (to_string(again) != printed) fuzz::fail("print is not stable", printed);
  }
  exercise(filter, test::user_info(), user_columns, "users", users);
  exercise(filter, test::group_info(), group_columns, "groups", groups);
  return 0;
}
