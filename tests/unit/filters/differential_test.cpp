// Differential test: hundreds of generated filters (fixed seed) over the fixed Users and
// Groups, run as SQL on real databases and compared with evaluate() on the same resources.
// SQLite (in-memory) always; PostgreSQL when SCIMD_TEST_PG is set.
#include <scimd/filters/evaluate.hpp>
#include <scimd/filters/parse.hpp>
#include <scimd/filters/sql.hpp>

#include <gtest/gtest.h>

#include <map>

#include "random_filters.hpp"
#include "test_db.hpp"
#include "test_schema.hpp"
#include "user_documents.hpp"

namespace scimd::filters {
namespace {

class Differential : public ::testing::TestWithParam<Dialect> {
 protected:
  static test::TestDb& db(Dialect dialect) {
    auto& slot = databases()[dialect];
    if (!slot) {
      slot = std::make_unique<test::TestDb>(dialect);
      slot->insert(test::user_rows(), test::group_rows());
    }
    return *slot;
  }
  static void TearDownTestSuite() { databases().clear(); }

 private:
  static std::map<Dialect, std::unique_ptr<test::TestDb>>& databases() {
    static std::map<Dialect, std::unique_ptr<test::TestDb>> dbs;
    return dbs;
  }
};

template <class Row>
std::vector<std::string> expected_ids(const Filter& filter, const std::vector<Row>& rows,
                                      const AttributeInfo& info) {
  std::vector<std::string> ids;
  for (const Row& row : rows) {
    rapidjson::Document doc;
    doc.Parse(row.resource.c_str());
    if (evaluate(filter, doc, info)) ids.push_back(row.id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Runs `count` generated filters; returns how many selected some but not all rows.
template <class Row, class Generate>
int compare_many(test::TestDb& db, const std::string& table, const std::vector<Row>& rows,
                 const AttributeInfo& info, const ColumnMap& columns, unsigned seed, int count,
                 Generate generate) {
  std::mt19937 rng(seed);
  int selective = 0;
  for (int i = 0; i < count; ++i) {
    const std::string text = generate(rng);
    SCOPED_TRACE("filter #" + std::to_string(i) + ": " + text);
    Filter filter;
    try {
      filter = parse_filter(text);
    } catch (const SyntaxError& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    const std::vector<std::string> expected = expected_ids(filter, rows, info);
    const SqlFragment sql = to_sql(filter, info, columns, db.dialect());
    std::vector<std::string> actual;
    try {
      actual = db.select_ids(table, sql);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what() << "\nSQL: " << sql.text;
      continue;
    }
    EXPECT_EQ(actual, expected) << "SQL: " << sql.text;
    if (!expected.empty() && expected.size() < rows.size()) ++selective;
  }
  return selective;
}

TEST_P(Differential, UserFiltersAgreeWithEvaluator) {
  const int selective =
      compare_many(db(GetParam()), db(GetParam()).users(), test::user_rows(), test::user_info(),
                   test::UserColumns{}, 20261125, 800,
                   [](std::mt19937& rng) { return test::random_user_filter(rng, test::user_rows()); });
  EXPECT_GT(selective, 400) << "the generated filters should mostly select some rows";
}

TEST_P(Differential, GroupFiltersAgreeWithEvaluator) {
  const test::GroupColumns columns(db(GetParam()).memberships());
  const int selective =
      compare_many(db(GetParam()), db(GetParam()).groups(), test::group_rows(), test::group_info(),
                   columns, 7644, 300,
                   [](std::mt19937& rng) { return test::random_group_filter(rng, test::group_rows()); });
  EXPECT_GT(selective, 150);
}

TEST_P(Differential, EdgeFiltersAgreeWithEvaluator) {
  // Filters whose results turn on null / empty / missing / wrong-type values.
  const char* const filters[] = {
      "title pr", "title eq null", "title ne null", R"(title ne "Engineer")", "nickName pr",
      "displayName pr", R"(displayName eq "5")", "name pr", R"(name[givenName pr])",
      R"(name[not (givenName pr)])", "name.familyName pr", "emails pr", "not (emails pr)",
      "emails.value pr", R"(emails.type ne "work")", R"(emails[type eq "work"])",
      R"(emails[type eq "work"].value pr)", R"(emails[not (value pr)])", "phoneNumbers pr",
      "phoneNumbers.value pr", "roles pr", "roles.primary eq false", "addresses pr",
      "addresses.locality pr", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr",
      R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department ne "Sales")",
      "urn:scimd:test:2.0:User:tags pr", R"(urn:scimd:test:2.0:User:tags eq "x")",
      R"(urn:scimd:test:2.0:User:tags co "*")", R"(urn:scimd:test:2.0:User:tags sw "a?")",
      R"(urn:scimd:test:2.0:User:tags eq "[x]")", "urn:scimd:test:2.0:User:level pr",
      "urn:scimd:test:2.0:User:level ge 0", "urn:scimd:test:2.0:User:level gt 9223372036854775806",
      "urn:scimd:test:2.0:User:score gt -1.5", "urn:scimd:test:2.0:User:score ge 1e10",
      "urn:scimd:test:2.0:User:hired pr", R"(urn:scimd:test:2.0:User:hired eq "2020-01-01T00:00:00Z")",
      R"(urn:scimd:test:2.0:User:hired eq "2020-01-01T00:00:00.001Z")",
      R"(urn:scimd:test:2.0:User:hired lt "2020-01-01T00:00:00.0005Z")",
      R"(urn:scimd:test:2.0:User:hired eq "2021-06-15T14:00:00+02:00")",
      R"(urn:scimd:test:2.0:User:code eq "")", R"(urn:scimd:test:2.0:User:code co "")",
      R"(title co "%")", R"(title co "_")", R"(title sw "100% [")", R"(nickName eq "back\\slash")",
      R"(nickName co "\\")", R"(name.givenName eq "A_B")", R"(name.familyName sw "a%")",
      "displayName eq \"\xC3\xA9lodie\"", "displayName co \"\xC3\x89LODIE \xC3\xA9\"",
      R"(userName eq "ÉLODIE")", R"(emails[value sw "star*"])", R"(emails co "STAR*@")",
      "active pr", "not (active pr)", "active eq false", "active ne true",
      R"(emails[type eq "WORK"].value eq "B@X.COM")", R"(emails[type eq "work" and value eq "obj@example.com"])",
      R"(meta.lastModified gt "2020-01-01T00:00:00.000Z")", R"(meta.created le "2020-01-01T01:00:00+01:00")",
      R"(meta.lastModified eq "2020-01-01T00:00:00.0005Z")",
  };
  int index = 0;
  for (const char* f : filters) {
    const std::string text = f;
    const int selective = compare_many(db(GetParam()), db(GetParam()).users(), test::user_rows(),
                                       test::user_info(), test::UserColumns{}, 0, 1,
                                       [&text](std::mt19937&) { return text; });
    (void)selective;
    ++index;
  }
  EXPECT_EQ(index, static_cast<int>(std::size(filters)));
}

TEST_P(Differential, LargestFilterRuns) {
  // max_conditions conditions of every kind, left-deep, well inside SQLite's depth limit.
  struct Kind {
    const char* text;
    int conditions;
  };
  const Kind kinds[] = {{R"(userName sw "e")", 1}, {R"(emails[type eq "work"].value co "x")", 3},
                        {"urn:scimd:test:2.0:User:level gt 100", 1}, {R"(name.givenName eq "Zoe")", 1}};
  std::string text = "title pr";
  int conditions = 1;
  for (int i = 1; conditions + kinds[i % 4].conditions + 1 <= max_conditions; ++i) {
    text += std::string(i % 5 == 0 ? " and not (" : " or (") + kinds[i % 4].text + " or nickName pr)";
    conditions += kinds[i % 4].conditions + 1;
  }
  EXPECT_GE(conditions, max_conditions - 2);
  ASSERT_NO_THROW(parse_filter(text));
  compare_many(db(GetParam()), db(GetParam()).users(), test::user_rows(), test::user_info(),
               test::UserColumns{}, 0, 1, [&text](std::mt19937&) { return text; });
}

// `levels` of `(lhs or (rhs and (...)))`, alternating, around `innermost`.
std::string alternating(int levels, const char* innermost, const char* a, const char* b) {
  std::string text = innermost;
  for (int i = 0; i < levels; ++i) text = std::string(i % 2 ? a : b) + " (" + text + ")";
  return text;
}

TEST_P(Differential, DeepestNestingRuns) {
  // Every nesting level nests the SQL as well; at max_nesting_depth the worst shapes must
  // still fit SQLite's parser stack.
  const int depth = max_nesting_depth;
  const std::vector<std::string> users = {
      alternating(depth, "title pr", "not", "not"),
      alternating(depth, "title pr", "title pr or", "nickName pr and"),
      alternating(depth, "title pr", "not", "nickName pr and"),
      "emails[" + alternating(depth - 1, "value pr", "type pr or", "not (display pr) and") + "]",
      alternating(depth - 2, R"(emails[not (value co "x")])", "not", "title pr or"),
      alternating(depth, R"(urn:scimd:test:2.0:User:hired gt "2020-01-01T00:00:00Z" or emails pr)", "not", "not"),
  };
  for (const std::string& text : users) {
    ASSERT_NO_THROW(parse_filter(text)) << text;
    compare_many(db(GetParam()), db(GetParam()).users(), test::user_rows(), test::user_info(),
                 test::UserColumns{}, 0, 1, [&text](std::mt19937&) { return text; });
  }
  const test::GroupColumns columns(db(GetParam()).memberships());
  const std::string members =
      "members[" + alternating(depth - 1, R"(value eq "u001")", "type eq \"User\" or", "not (value sw \"g\") and") + "]";
  ASSERT_NO_THROW(parse_filter(members));
  compare_many(db(GetParam()), db(GetParam()).groups(), test::group_rows(), test::group_info(), columns,
               0, 1, [&members](std::mt19937&) { return members; });
}

std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::sqlite ? "SQLite" : "PostgreSQL";
}

INSTANTIATE_TEST_SUITE_P(Backends, Differential, ::testing::ValuesIn(test::available_backends()),
                         dialect_name);

}  // namespace
}  // namespace scimd::filters
