// Golden SQL and parameters for each dialect (sql.hpp), and the translator's contracts:
// bound values only, one placeholder per parameter, errors for what the store cannot filter.
#include <scimd/filters/parse.hpp>
#include <scimd/filters/sql.hpp>

#include <gtest/gtest.h>

#include "shown.hpp"

#include <regex>

#include "random_filters.hpp"
#include "test_schema.hpp"
#include "user_documents.hpp"

namespace scimd::filters {
namespace {

SqlParam text(const char* s) { return SqlParam(std::string(s)); }

struct Golden {
  const char* filter;
  bool is_group;
  const char* sqlite;
  std::vector<SqlParam> sqlite_params;
  const char* postgres;
  std::vector<SqlParam> postgres_params;
};
void PrintTo(const Golden& g, std::ostream* os) { *os << test::shown(g.filter); }

SqlFragment translate(const char* filter, bool is_group, Dialect dialect) {
  const Filter f = parse_filter(filter);
  if (is_group) return to_sql(f, test::group_info(), test::GroupColumns{}, dialect);
  return to_sql(f, test::user_info(), test::UserColumns{}, dialect);
}

class SqlGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(SqlGolden, SQLite) {
  const SqlFragment sql = translate(GetParam().filter, GetParam().is_group, Dialect::sqlite);
  EXPECT_EQ(sql.text, GetParam().sqlite);
  EXPECT_EQ(sql.params, GetParam().sqlite_params);
}

TEST_P(SqlGolden, PostgreSQL) {
  const SqlFragment sql = translate(GetParam().filter, GetParam().is_group, Dialect::postgresql);
  EXPECT_EQ(sql.text, GetParam().postgres);
  EXPECT_EQ(sql.params, GetParam().postgres_params);
}

const Golden goldens[] = {
    {R"(userName eq "BJensen")", false,
     R"((r.user_name_folded IS NOT NULL AND r.user_name_folded = :f1))",
     {text(R"(bjensen)")},
     R"((r.user_name_folded IS NOT NULL AND r.user_name_folded = :f1))",
     {text(R"(bjensen)")}},
    {R"(userName sw "J*")", false,
     R"((r.user_name_folded IS NOT NULL AND r.user_name_folded GLOB :f1))",
     {text(R"(j[*]*)")},
     R"((r.user_name_folded IS NOT NULL AND r.user_name_folded LIKE :f1))",
     {text(R"(j*%)")}},
    {R"(externalId co "x%_")", false,
     R"((r.external_id IS NOT NULL AND r.external_id GLOB :f1))",
     {text(R"(*x%_*)")},
     R"((r.external_id IS NOT NULL AND r.external_id LIKE :f1))",
     {text(R"(%x\%\_%)")}},
    {R"(id eq "2819c223")", false,
     R"((r.id IS NOT NULL AND r.id = :f1))",
     {text(R"(2819c223)")},
     R"((r.id IS NOT NULL AND r.id = :f1))",
     {text(R"(2819c223)")}},
    {R"(title pr)", false,
     R"(CASE COALESCE(json_type(r.doc, '$."title"'), 'null') WHEN 'null' THEN 0 WHEN 'text' THEN json_extract(r.doc, '$."title"') <> '' WHEN 'array' THEN json_extract(r.doc, '$."title"') <> '[]' WHEN 'object' THEN json_extract(r.doc, '$."title"') <> '{}' ELSE 1 END)",
     {},
     R"(COALESCE(r.doc->'title' NOT IN (CAST('null' AS jsonb), CAST('""' AS jsonb), CAST('[]' AS jsonb), CAST('{}' AS jsonb)), FALSE))",
     {}},
    {R"(title ne "Tour Guide")", false,
     R"(NOT ((COALESCE(json_type(r.doc, '$."title"') = 'text', 0) AND lower(json_extract(r.doc, '$."title"')) = :f1)))",
     {text(R"(tour guide)")},
     R"(NOT ((COALESCE(jsonb_typeof(r.doc->'title') = 'string', FALSE) AND lower((r.doc->>'title') COLLATE "C") = :f1)))",
     {text(R"(tour guide)")}},
    {R"(title eq null)", false,
     R"(NOT (CASE COALESCE(json_type(r.doc, '$."title"'), 'null') WHEN 'null' THEN 0 WHEN 'text' THEN json_extract(r.doc, '$."title"') <> '' WHEN 'array' THEN json_extract(r.doc, '$."title"') <> '[]' WHEN 'object' THEN json_extract(r.doc, '$."title"') <> '{}' ELSE 1 END))",
     {},
     R"(NOT (COALESCE(r.doc->'title' NOT IN (CAST('null' AS jsonb), CAST('""' AS jsonb), CAST('[]' AS jsonb), CAST('{}' AS jsonb)), FALSE)))",
     {}},
    {R"(emails[type eq "work"].value eq "BJensen@Example.com")", false,
     R"((r.email_work_folded IS NOT NULL AND r.email_work_folded = :f1))",
     {text(R"(bjensen@example.com)")},
     R"((r.email_work_folded IS NOT NULL AND r.email_work_folded = :f1))",
     {text(R"(bjensen@example.com)")}},
    {R"(emails[type eq "home"].value eq "x")", false,
     R"(CASE WHEN COALESCE(json_type(r.doc, '$."emails"') = 'array', 0) THEN EXISTS (SELECT 1 FROM json_each(r.doc, '$."emails"') AS j1 WHERE CASE WHEN j1.type = 'object' THEN ((COALESCE(json_type(j1.value, '$."type"') = 'text', 0) AND lower(json_extract(j1.value, '$."type"')) = :f1) AND (COALESCE(json_type(j1.value, '$."value"') = 'text', 0) AND lower(json_extract(j1.value, '$."value"')) = :f2)) ELSE 0 END) ELSE 0 END)",
     {text(R"(home)"), text(R"(x)")},
     R"(EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc->'emails') = 'array' THEN r.doc->'emails' ELSE CAST('[]' AS jsonb) END) AS j1(v) WHERE (jsonb_typeof(j1.v) = 'object' AND ((COALESCE(jsonb_typeof(j1.v->'type') = 'string', FALSE) AND lower((j1.v->>'type') COLLATE "C") = :f1) AND (COALESCE(jsonb_typeof(j1.v->'value') = 'string', FALSE) AND lower((j1.v->>'value') COLLATE "C") = :f2)))))",
     {text(R"(home)"), text(R"(x)")}},
    {R"(emails.value co "@Example.com")", false,
     R"(CASE WHEN COALESCE(json_type(r.doc, '$."emails"') = 'array', 0) THEN EXISTS (SELECT 1 FROM json_each(r.doc, '$."emails"') AS j1 WHERE CASE WHEN j1.type = 'object' THEN (COALESCE(json_type(j1.value, '$."value"') = 'text', 0) AND lower(json_extract(j1.value, '$."value"')) GLOB :f1) ELSE 0 END) ELSE 0 END)",
     {text(R"(*@example.com*)")},
     R"(EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc->'emails') = 'array' THEN r.doc->'emails' ELSE CAST('[]' AS jsonb) END) AS j1(v) WHERE (jsonb_typeof(j1.v) = 'object' AND (COALESCE(jsonb_typeof(j1.v->'value') = 'string', FALSE) AND lower((j1.v->>'value') COLLATE "C") LIKE :f1))))",
     {text(R"(%@example.com%)")}},
    {R"(emails pr)", false,
     R"(CASE WHEN COALESCE(json_type(r.doc, '$."emails"') = 'array', 0) THEN EXISTS (SELECT 1 FROM json_each(r.doc, '$."emails"') AS j1 WHERE CASE WHEN j1.type = 'object' THEN EXISTS (SELECT 1 FROM json_each(j1.value) AS j2 WHERE CASE j2.type WHEN 'null' THEN 0 WHEN 'text' THEN j2.value <> '' WHEN 'array' THEN j2.value <> '[]' WHEN 'object' THEN j2.value <> '{}' ELSE 1 END) ELSE 0 END) ELSE 0 END)",
     {},
     R"(EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc->'emails') = 'array' THEN r.doc->'emails' ELSE CAST('[]' AS jsonb) END) AS j1(v) WHERE EXISTS (SELECT 1 FROM jsonb_each(CASE WHEN jsonb_typeof(j1.v) = 'object' THEN j1.v ELSE CAST('{}' AS jsonb) END) AS j2(k, v) WHERE COALESCE(j2.v NOT IN (CAST('null' AS jsonb), CAST('""' AS jsonb), CAST('[]' AS jsonb), CAST('{}' AS jsonb)), FALSE))))",
     {}},
    {R"(emails[type eq "work" and not (value pr)])", false,
     R"(CASE WHEN COALESCE(json_type(r.doc, '$."emails"') = 'array', 0) THEN EXISTS (SELECT 1 FROM json_each(r.doc, '$."emails"') AS j1 WHERE CASE WHEN j1.type = 'object' THEN ((COALESCE(json_type(j1.value, '$."type"') = 'text', 0) AND lower(json_extract(j1.value, '$."type"')) = :f1) AND NOT (CASE COALESCE(json_type(j1.value, '$."value"'), 'null') WHEN 'null' THEN 0 WHEN 'text' THEN json_extract(j1.value, '$."value"') <> '' WHEN 'array' THEN json_extract(j1.value, '$."value"') <> '[]' WHEN 'object' THEN json_extract(j1.value, '$."value"') <> '{}' ELSE 1 END)) ELSE 0 END) ELSE 0 END)",
     {text(R"(work)")},
     R"(EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc->'emails') = 'array' THEN r.doc->'emails' ELSE CAST('[]' AS jsonb) END) AS j1(v) WHERE (jsonb_typeof(j1.v) = 'object' AND ((COALESCE(jsonb_typeof(j1.v->'type') = 'string', FALSE) AND lower((j1.v->>'type') COLLATE "C") = :f1) AND NOT (COALESCE(j1.v->'value' NOT IN (CAST('null' AS jsonb), CAST('""' AS jsonb), CAST('[]' AS jsonb), CAST('{}' AS jsonb)), FALSE))))))",
     {text(R"(work)")}},
    {R"(name pr)", false,
     R"(CASE WHEN COALESCE(json_type(r.doc, '$."name"') = 'object', 0) THEN EXISTS (SELECT 1 FROM json_each(r.doc, '$."name"') AS j1 WHERE CASE j1.type WHEN 'null' THEN 0 WHEN 'text' THEN j1.value <> '' WHEN 'array' THEN j1.value <> '[]' WHEN 'object' THEN j1.value <> '{}' ELSE 1 END) ELSE 0 END)",
     {},
     R"(EXISTS (SELECT 1 FROM jsonb_each(CASE WHEN jsonb_typeof(r.doc->'name') = 'object' THEN r.doc->'name' ELSE CAST('{}' AS jsonb) END) AS j1(k, v) WHERE COALESCE(j1.v NOT IN (CAST('null' AS jsonb), CAST('""' AS jsonb), CAST('[]' AS jsonb), CAST('{}' AS jsonb)), FALSE)))",
     {}},
    {R"(name[givenName eq "x" or familyName pr])", false,
     R"(((COALESCE(json_type(r.doc, '$."name"."givenName"') = 'text', 0) AND lower(json_extract(r.doc, '$."name"."givenName"')) = :f1) OR CASE COALESCE(json_type(r.doc, '$."name"."familyName"'), 'null') WHEN 'null' THEN 0 WHEN 'text' THEN json_extract(r.doc, '$."name"."familyName"') <> '' WHEN 'array' THEN json_extract(r.doc, '$."name"."familyName"') <> '[]' WHEN 'object' THEN json_extract(r.doc, '$."name"."familyName"') <> '{}' ELSE 1 END))",
     {text(R"(x)")},
     R"(((COALESCE(jsonb_typeof(r.doc->'name'->'givenName') = 'string', FALSE) AND lower((r.doc->'name'->>'givenName') COLLATE "C") = :f1) OR COALESCE(r.doc->'name'->'familyName' NOT IN (CAST('null' AS jsonb), CAST('""' AS jsonb), CAST('[]' AS jsonb), CAST('{}' AS jsonb)), FALSE)))",
     {text(R"(x)")}},
    {R"(active eq true)", false,
     R"((r.active IS NOT NULL AND r.active = :f1))",
     {SqlParam(1LL)},
     R"((r.active IS NOT NULL AND r.active = :f1))",
     {SqlParam(1LL)}},
    {R"(active ne "False")", false,
     R"(NOT ((r.active IS NOT NULL AND r.active = :f1)))",
     {SqlParam(0LL)},
     R"(NOT ((r.active IS NOT NULL AND r.active = :f1)))",
     {SqlParam(0LL)}},
    {R"(meta.lastModified gt 2011-05-13T04:42:34+02:00)", false,
     R"((r.last_modified IS NOT NULL AND r.last_modified > :f1))",
     {text(R"(2011-05-13T02:42:34.000Z)")},
     R"((r.last_modified IS NOT NULL AND r.last_modified > :f1))",
     {text(R"(2011-05-13T02:42:34.000Z)")}},
    {R"(urn:scimd:test:2.0:User:hired le "2020-01-01T00:00:00.0005Z")", false,
     R"((COALESCE(json_type(r.doc, '$."urn:scimd:test:2.0:User"."hired"') = 'text', 0) AND COALESCE(strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(r.doc, '$."urn:scimd:test:2.0:User"."hired"')) <= :f1, 0)))",
     {text(R"(2020-01-01T00:00:00.001Z)")},
     R"((COALESCE(jsonb_typeof(r.doc->'urn:scimd:test:2.0:User'->'hired') = 'string', FALSE) AND COALESCE(to_char((CAST((r.doc->'urn:scimd:test:2.0:User'->>'hired') AS timestamptz) AT TIME ZONE 'UTC') + INTERVAL '0.5 milliseconds', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') <= :f1, FALSE)))",
     {text(R"(2020-01-01T00:00:00.001Z)")}},
    {R"(urn:scimd:test:2.0:User:level ge 2)", false,
     R"((COALESCE(json_type(r.doc, '$."urn:scimd:test:2.0:User"."level"') IN ('integer', 'real'), 0) AND json_extract(r.doc, '$."urn:scimd:test:2.0:User"."level"') >= :f1))",
     {SqlParam(2LL)},
     R"((COALESCE(jsonb_typeof(r.doc->'urn:scimd:test:2.0:User'->'level') = 'number', FALSE) AND CAST(r.doc->'urn:scimd:test:2.0:User'->'level' AS numeric) >= :f1))",
     {SqlParam(2LL)}},
    {R"(urn:scimd:test:2.0:User:score lt 2.5)", false,
     R"((COALESCE(json_type(r.doc, '$."urn:scimd:test:2.0:User"."score"') IN ('integer', 'real'), 0) AND json_extract(r.doc, '$."urn:scimd:test:2.0:User"."score"') < :f1))",
     {SqlParam(2.5)},
     R"((COALESCE(jsonb_typeof(r.doc->'urn:scimd:test:2.0:User'->'score') = 'number', FALSE) AND CAST(r.doc->'urn:scimd:test:2.0:User'->'score' AS double precision) < :f1))",
     {SqlParam(2.5)}},
    {R"(urn:scimd:test:2.0:User:tags ew "a")", false,
     R"(CASE WHEN COALESCE(json_type(r.doc, '$."urn:scimd:test:2.0:User"."tags"') = 'array', 0) THEN EXISTS (SELECT 1 FROM json_each(r.doc, '$."urn:scimd:test:2.0:User"."tags"') AS j1 WHERE (j1.type = 'text' AND lower(j1.value) GLOB :f1)) ELSE 0 END)",
     {text(R"(*a)")},
     R"(EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc->'urn:scimd:test:2.0:User'->'tags') = 'array' THEN r.doc->'urn:scimd:test:2.0:User'->'tags' ELSE CAST('[]' AS jsonb) END) AS j1(v) WHERE (COALESCE(jsonb_typeof(j1.v) = 'string', FALSE) AND lower((j1.v #>> '{}') COLLATE "C") LIKE :f1)))",
     {text(R"(%a)")}},
    {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales")", false,
     R"((COALESCE(json_type(r.doc, '$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."department"') = 'text', 0) AND lower(json_extract(r.doc, '$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."department"')) = :f1))",
     {text(R"(sales)")},
     R"((COALESCE(jsonb_typeof(r.doc->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->'department') = 'string', FALSE) AND lower((r.doc->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'department') COLLATE "C") = :f1))",
     {text(R"(sales)")}},
    {R"(roles[primary eq "True"])", false,
     R"(CASE WHEN COALESCE(json_type(r.doc, '$."roles"') = 'array', 0) THEN EXISTS (SELECT 1 FROM json_each(r.doc, '$."roles"') AS j1 WHERE CASE WHEN j1.type = 'object' THEN COALESCE(json_type(j1.value, '$."primary"') = 'true', 0) ELSE 0 END) ELSE 0 END)",
     {},
     R"(EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc->'roles') = 'array' THEN r.doc->'roles' ELSE CAST('[]' AS jsonb) END) AS j1(v) WHERE (jsonb_typeof(j1.v) = 'object' AND COALESCE(j1.v->'primary' = CAST('true' AS jsonb), FALSE))))",
     {}},
    {R"(userName eq "a" or not (title gt "m") and active eq false)", false,
     R"(((r.user_name_folded IS NOT NULL AND r.user_name_folded = :f1) OR (NOT ((COALESCE(json_type(r.doc, '$."title"') = 'text', 0) AND lower(json_extract(r.doc, '$."title"')) > :f2)) AND (r.active IS NOT NULL AND r.active = :f3))))",
     {text(R"(a)"), text(R"(m)"), SqlParam(0LL)},
     R"(((r.user_name_folded IS NOT NULL AND r.user_name_folded = :f1) OR (NOT ((COALESCE(jsonb_typeof(r.doc->'title') = 'string', FALSE) AND (lower((r.doc->>'title') COLLATE "C")) COLLATE "C" > :f2)) AND (r.active IS NOT NULL AND r.active = :f3))))",
     {text(R"(a)"), text(R"(m)"), SqlParam(0LL)}},
    {R"(members[value eq "2819c223"])", true,
     R"(EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND (m.member_id IS NOT NULL AND m.member_id = :f1)))",
     {text(R"(2819c223)")},
     R"(EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND (m.member_id IS NOT NULL AND m.member_id = :f1)))",
     {text(R"(2819c223)")}},
    {R"(members.value ne "x")", true,
     R"(NOT (EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND (m.member_id IS NOT NULL AND m.member_id = :f1))))",
     {text(R"(x)")},
     R"(NOT (EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND (m.member_id IS NOT NULL AND m.member_id = :f1))))",
     {text(R"(x)")}},
    {R"(members pr)", true,
     R"(EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND 1))",
     {},
     R"(EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND TRUE))",
     {}},
    {R"(members[type eq "User" and value sw "u"])", true,
     R"(EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND ((m.member_type IS NOT NULL AND lower(m.member_type) = :f1) AND (m.member_id IS NOT NULL AND m.member_id GLOB :f2))))",
     {text(R"(user)"), text(R"(u*)")},
     R"(EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND ((m.member_type IS NOT NULL AND lower(m.member_type COLLATE "C") = :f1) AND (m.member_id IS NOT NULL AND m.member_id LIKE :f2))))",
     {text(R"(user)"), text(R"(u%)")}},
    {R"(displayName eq "Sales")", true,
     R"((r.display_name_folded IS NOT NULL AND r.display_name_folded = :f1))",
     {text(R"(sales)")},
     R"((r.display_name_folded IS NOT NULL AND r.display_name_folded = :f1))",
     {text(R"(sales)")}},
};
INSTANTIATE_TEST_SUITE_P(Store, SqlGolden, ::testing::ValuesIn(goldens));

TEST(Sql, ParameterPrefixIsConfigurable) {
  const SqlFragment sql = to_sql(parse_filter(R"(externalId eq "x")"), test::user_info(),
                                 test::UserColumns{}, Dialect::sqlite, SqlOptions{"w"});
  EXPECT_EQ(sql.text, "(r.external_id IS NOT NULL AND r.external_id = :w1)");
}

TEST(Sql, ValuesNeverReachTheText) {
  const char* const hostile = R"(x'); DROP TABLE users; -- " :f9 $1 ? %s)";
  std::string filter = "title eq \"";
  for (const char* c = hostile; *c != '\0'; ++c) filter += (*c == '"' ? std::string("\\\"") : std::string(1, *c));
  filter += "\"";
  for (Dialect d : {Dialect::sqlite, Dialect::postgresql}) {
    const SqlFragment sql = to_sql(parse_filter(filter), test::user_info(), test::UserColumns{}, d);
    EXPECT_EQ(sql.text.find("DROP"), std::string::npos) << sql.text;
    EXPECT_EQ(sql.text.find(":f9"), std::string::npos) << sql.text;
    ASSERT_EQ(sql.params.size(), 1u);
  }
}

TEST(Sql, EachPlaceholderOccursOnceInOrder) {
  std::mt19937 rng(99);
  const std::regex placeholder(":f([0-9]+)");
  for (int i = 0; i < 300; ++i) {
    const std::string text = test::random_user_filter(rng, test::user_rows());
    for (Dialect d : {Dialect::sqlite, Dialect::postgresql}) {
      const SqlFragment sql = to_sql(parse_filter(text), test::user_info(), test::UserColumns{}, d);
      std::size_t expected = 1;
      for (auto it = std::sregex_iterator(sql.text.begin(), sql.text.end(), placeholder);
           it != std::sregex_iterator(); ++it, ++expected)
        ASSERT_EQ(std::stoul((*it)[1]), expected) << text << "\n" << sql.text;
      ASSERT_EQ(expected - 1, sql.params.size()) << text;
      ASSERT_EQ(sql.text.find("::"), std::string::npos) << sql.text;
      ASSERT_EQ(sql.text.find('?'), std::string::npos) << sql.text;
    }
  }
}

void expect_not_filterable(const char* filter, const AttributeInfo& info, const ColumnMap& columns) {
  for (Dialect d : {Dialect::sqlite, Dialect::postgresql}) {
    try {
      to_sql(parse_filter(filter), info, columns, d);
      ADD_FAILURE() << filter << " translated";
    } catch (const SemanticError& e) {
      EXPECT_EQ(e.kind(), SemanticError::Kind::not_filterable) << e.what();
    }
  }
}

TEST(Sql, RejectsAttributesTheStoreDoesNotKeep) {
  expect_not_filterable(R"(schemas eq "urn:x")", test::user_info(), test::UserColumns{});
  expect_not_filterable(R"(password eq "x")", test::user_info(), test::UserColumns{});
  expect_not_filterable(R"(meta.location eq "x")", test::user_info(), test::UserColumns{});
  expect_not_filterable(R"(groups.value eq "x")", test::user_info(), test::UserColumns{});
  expect_not_filterable(R"(members.display eq "x")", test::group_info(), test::GroupColumns{});
  expect_not_filterable(R"(members[display pr])", test::group_info(), test::GroupColumns{});
}

TEST(Sql, ThrowsTheSemanticErrorsOfCheck) {
  EXPECT_THROW(to_sql(parse_filter("bogus pr"), test::user_info(), test::UserColumns{}, Dialect::sqlite),
               SemanticError);
  EXPECT_THROW(to_sql(parse_filter("active gt true"), test::user_info(), test::UserColumns{}, Dialect::postgresql),
               SemanticError);
}

TEST(Sql, RelationTemplateNeedsOnePlaceholder) {
  struct BadColumns final : ColumnMap {
    Storage storage(const ResolvedAttribute& a) const override {
      if (a.attribute->name == "members") return Relation{"EXISTS (SELECT 1)", {}};
      return InDocument{};
    }
  };
  EXPECT_THROW(to_sql(parse_filter("members pr"), test::group_info(), BadColumns{}, Dialect::sqlite),
               std::invalid_argument);
}

}  // namespace
}  // namespace scimd::filters
