// sortBy (order_by_sql): golden SQL, errors, and the order it produces on real databases
// compared with the order RFC 7644 §3.4.2.3 prescribes, computed here in C++.
#include <scimd/filters/parse.hpp>
#include <scimd/filters/sql.hpp>

#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <algorithm>

#include "test_db.hpp"
#include "test_schema.hpp"
#include "user_documents.hpp"

namespace scimd::filters {
namespace {

std::string order_by(const char* path, Dialect d, SortOrder order = SortOrder::ascending) {
  return order_by_sql(parse_path(path).path, test::user_info(), test::UserColumns{}, d, order);
}

TEST(OrderBy, FoldedColumn) {
  EXPECT_EQ(order_by("userName", Dialect::sqlite), "r.user_name_folded ASC NULLS LAST");
  EXPECT_EQ(order_by("userName", Dialect::postgresql, SortOrder::descending),
            R"((r.user_name_folded) COLLATE "C" DESC NULLS FIRST)");
}

TEST(OrderBy, DateTimeColumnNeedsNoCollation) {
  EXPECT_EQ(order_by("meta.lastModified", Dialect::postgresql), "r.last_modified ASC NULLS LAST");
}

TEST(OrderBy, DocumentString) {
  EXPECT_EQ(order_by("title", Dialect::sqlite),
            R"(CASE WHEN COALESCE(json_type(r.doc, '$."title"') = 'text', 0) THEN lower(json_extract(r.doc, '$."title"')) END ASC NULLS LAST)");
  EXPECT_EQ(order_by("title", Dialect::postgresql),
            R"((CASE WHEN COALESCE(jsonb_typeof(r.doc->'title') = 'string', FALSE) THEN lower((r.doc->>'title') COLLATE "C") END) COLLATE "C" ASC NULLS LAST)");
}

TEST(OrderBy, MultiValuedUsesPrimaryElseFirst) {
  EXPECT_EQ(order_by("emails", Dialect::sqlite),
            R"((SELECT CASE WHEN j1.type = 'object' THEN CASE WHEN COALESCE(json_type(j1.value, '$."value"') = 'text', 0) THEN lower(json_extract(j1.value, '$."value"')) END END FROM json_each(r.doc, '$."emails"') AS j1 WHERE COALESCE(json_type(r.doc, '$."emails"') = 'array', 0) ORDER BY CASE WHEN j1.type = 'object' THEN COALESCE(json_type(j1.value, '$."primary"') = 'true', 0) ELSE 0 END DESC, j1.key LIMIT 1) ASC NULLS LAST)");
  EXPECT_EQ(order_by("emails.type", Dialect::postgresql),
            R"(((SELECT CASE WHEN jsonb_typeof(j1.v) = 'object' THEN CASE WHEN COALESCE(jsonb_typeof(j1.v->'type') = 'string', FALSE) THEN lower((j1.v->>'type') COLLATE "C") END END FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc->'emails') = 'array' THEN r.doc->'emails' ELSE CAST('[]' AS jsonb) END) WITH ORDINALITY AS j1(v, n) ORDER BY (jsonb_typeof(j1.v) = 'object' AND COALESCE(j1.v->'primary' = CAST('true' AS jsonb), FALSE)) DESC, j1.n LIMIT 1)) COLLATE "C" ASC NULLS LAST)");
}

TEST(OrderBy, NumbersAndBooleans) {
  EXPECT_EQ(order_by("urn:scimd:test:2.0:User:level", Dialect::postgresql),
            R"(CASE WHEN COALESCE(jsonb_typeof(r.doc->'urn:scimd:test:2.0:User'->'level') = 'number', FALSE) THEN CAST(r.doc->'urn:scimd:test:2.0:User'->'level' AS double precision) END ASC NULLS LAST)");
  EXPECT_EQ(order_by("active", Dialect::sqlite), "r.active ASC NULLS LAST");
  EXPECT_EQ(order_by("emails.primary", Dialect::sqlite, SortOrder::descending).substr(0, 30),
            "(SELECT CASE WHEN j1.type = 'o");
}

TEST(OrderBy, Errors) {
  // SRT-04: a complex attribute without `value` needs a sub-attribute.
  EXPECT_THROW(order_by("name", Dialect::sqlite), SemanticError);
  EXPECT_THROW(order_by("bogus", Dialect::sqlite), SemanticError);
  EXPECT_THROW(order_by("schemas", Dialect::sqlite), SemanticError);
  EXPECT_THROW(order_by_sql(parse_path("members.value").path, test::group_info(), test::GroupColumns{},
                            Dialect::sqlite),
               SemanticError);
}

// ---- the order on real databases -----------------------------------------------------

using Key = std::optional<std::pair<std::string, double>>;  // text or number

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

const rapidjson::Value* member(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return nullptr;
  const auto it = v.FindMember(key);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

Key string_key(const rapidjson::Value* v) {
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return std::pair{ascii_lower(v->GetString()), 0.0};
}

// SRT-03: the primary element, else the first.
Key primary_email(const rapidjson::Value& doc) {
  const rapidjson::Value* emails = member(doc, "emails");
  if (emails == nullptr || !emails->IsArray() || emails->Empty()) return std::nullopt;
  for (const auto& e : emails->GetArray())
    if (const auto* p = member(e, "primary"); p != nullptr && p->IsBool() && p->GetBool())
      return string_key(member(e, "value"));
  return string_key(member((*emails)[0], "value"));
}

Key level(const rapidjson::Value& doc) {
  const rapidjson::Value* v = member(doc, "urn:scimd:test:2.0:User");
  v = v == nullptr ? nullptr : member(*v, "level");
  if (v == nullptr || !v->IsNumber()) return std::nullopt;
  return std::pair{std::string(), v->GetDouble()};
}

std::vector<std::string> expected_order(Key (*key_of)(const rapidjson::Value&), SortOrder order) {
  std::vector<std::pair<Key, std::string>> keyed;
  for (const test::UserRow& row : test::user_rows()) {
    rapidjson::Document doc;
    doc.Parse(row.resource.c_str());
    keyed.emplace_back(key_of(doc), row.id);
  }
  // SRT-05: no value last ascending, first descending; ties by id.
  std::stable_sort(keyed.begin(), keyed.end(), [order](const auto& a, const auto& b) {
    if (a.first.has_value() != b.first.has_value()) return order == SortOrder::ascending ? a.first.has_value() : b.first.has_value();
    if (a.first && *a.first != *b.first) return order == SortOrder::ascending ? *a.first < *b.first : *b.first < *a.first;
    return a.second < b.second;
  });
  std::vector<std::string> ids;
  for (const auto& k : keyed) ids.push_back(k.second);
  return ids;
}

class OrderByOnDatabase : public ::testing::TestWithParam<Dialect> {};

TEST_P(OrderByOnDatabase, FollowsRfc7644Section3423) {
  test::TestDb db(GetParam());
  db.insert(test::user_rows(), test::group_rows());
  const SqlFragment all{"1 = 1", {}};
  struct Case {
    const char* path;
    Key (*key_of)(const rapidjson::Value&);
  };
  const Case cases[] = {
      {"userName", [](const rapidjson::Value& d) { return string_key(member(d, "userName")); }},
      {"title", [](const rapidjson::Value& d) { return string_key(member(d, "title")); }},
      {"emails", primary_email},
      {"urn:scimd:test:2.0:User:level", level},
  };
  for (const Case& c : cases) {
    for (SortOrder order : {SortOrder::ascending, SortOrder::descending}) {
      const std::string sql = order_by(c.path, GetParam(), order);
      EXPECT_EQ(db.select_ids(db.users(), all, sql + ", r.id"), expected_order(c.key_of, order))
          << c.path << "\n" << sql;
    }
  }
  for (const char* path : {"meta.created", "urn:scimd:test:2.0:User:hired", "active", "emails.primary",
                           "urn:scimd:test:2.0:User:tags", "name.givenName", "urn:scimd:test:2.0:User:score"})
    EXPECT_EQ(db.select_ids(db.users(), all, order_by(path, GetParam()) + ", r.id").size(),
              test::user_rows().size())
        << path;
}

std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::sqlite ? "SQLite" : "PostgreSQL";
}

INSTANTIATE_TEST_SUITE_P(Backends, OrderByOnDatabase, ::testing::ValuesIn(test::available_backends()),
                         dialect_name);

}  // namespace
}  // namespace scimd::filters
