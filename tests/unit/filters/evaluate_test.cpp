// Evaluator truth tables (evaluate.hpp): operator x type x caseExact, multi-valued
// attributes, valuePaths, pr / null / empty / missing, dateTimes with offsets.
#include <scimd/filters/check.hpp>
#include <scimd/filters/evaluate.hpp>
#include <scimd/filters/parse.hpp>

#include <gtest/gtest.h>

#include "shown.hpp"

#include "test_schema.hpp"

namespace scimd::filters {
namespace {

struct Truth {
  const char* filter;
  bool expected;
};
void PrintTo(const Truth& t, std::ostream* os) { *os << test::shown(t.filter); }

bool eval(const char* filter, const char* json) {
  rapidjson::Document doc;
  doc.Parse(json);
  EXPECT_FALSE(doc.HasParseError()) << json;
  return evaluate(parse_filter(filter), doc, test::user_info());
}

const char* const barbara = R"({
  "id": "2819c223", "externalId": "AbC", "userName": "BJensen", "title": "Tour Guide", "active": true,
  "name": {"givenName": "Barbara", "familyName": "Jensen"},
  "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
             {"value": "babs@jensen.org", "type": "home"}],
  "urn:scimd:test:2.0:User": {"level": 3, "score": 2.5, "hired": "2020-02-29T23:59:59.999+01:00",
                              "tags": ["a", "B"], "code": "XyZ"},
  "meta": {"created": "2011-08-01T18:29:49.793Z", "lastModified": "2011-08-01T18:29:49.793Z"}})";

class EvaluateBarbara : public ::testing::TestWithParam<Truth> {};
TEST_P(EvaluateBarbara, Matches) { EXPECT_EQ(eval(GetParam().filter, barbara), GetParam().expected); }

// userName: caseExact false (RFC 7643 §4.1.1).
const Truth case_insensitive_strings[] = {
    {R"(userName eq "bjensen")", true},   {R"(userName eq "BJENSEN")", true},
    {R"(userName eq "bjense")", false},   {R"(userName ne "bjensen")", false},
    {R"(userName ne "x")", true},         {R"(userName co "jen")", true},
    {R"(userName co "JEN")", true},       {R"(userName co "xyz")", false},
    {R"(userName sw "bj")", true},        {R"(userName sw "je")", false},
    {R"(userName ew "SEN")", true},       {R"(userName ew "bj")", false},
    {R"(userName ew "")", true},          {R"(userName co "")", true},
    {R"(userName sw "bjensen")", true},   {R"(userName ew "bjensen")", true},
    {R"(userName gt "a")", true},         {R"(userName gt "BJENSEN")", false},
    {R"(userName ge "BJENSEN")", true},   {R"(userName lt "c")", true},
    {R"(userName le "bjensen")", true},   {R"(userName lt "bjensen")", false},
    {R"(userName gt "bjensem")", true},   {R"(userName sw "bjensen!")", false},
};
INSTANTIATE_TEST_SUITE_P(CaseInsensitiveString, EvaluateBarbara, ::testing::ValuesIn(case_insensitive_strings));

// externalId and id: caseExact true (RFC 7643 §3.1).
const Truth case_exact_strings[] = {
    {R"(externalId eq "AbC")", true}, {R"(externalId eq "abc")", false},
    {R"(externalId ne "abc")", true}, {R"(externalId co "bC")", true},
    {R"(externalId co "bc")", false}, {R"(externalId sw "Ab")", true},
    {R"(externalId sw "ab")", false}, {R"(externalId ew "C")", true},
    {R"(externalId ew "c")", false},  {R"(externalId gt "ABC")", true},
    {R"(externalId lt "abc")", true}, {R"(externalId ge "AbC")", true},
    {R"(id eq "2819c223")", true},    {R"(id eq "2819C223")", false},
    {R"(urn:scimd:test:2.0:User:code eq "XyZ")", true},
    {R"(urn:scimd:test:2.0:User:code eq "xyz")", false},
};
INSTANTIATE_TEST_SUITE_P(CaseExactString, EvaluateBarbara, ::testing::ValuesIn(case_exact_strings));

const Truth booleans_and_numbers[] = {
    {"active eq true", true},         {"active eq false", false},
    {"active ne false", true},        {R"(active eq "True")", true},
    {R"(active eq "FALSE")", false},  {"active pr", true},
    {"urn:scimd:test:2.0:User:level eq 3", true},    {"urn:scimd:test:2.0:User:level gt 2", true},
    {"urn:scimd:test:2.0:User:level gt 3", false},   {"urn:scimd:test:2.0:User:level ge 3", true},
    {"urn:scimd:test:2.0:User:level lt 3.5", true},  {"urn:scimd:test:2.0:User:level le 2.9", false},
    {"urn:scimd:test:2.0:User:level eq 3.0", true},  {"urn:scimd:test:2.0:User:level ne 3", false},
    {"urn:scimd:test:2.0:User:score eq 2.5", true},  {"urn:scimd:test:2.0:User:score gt 2", true},
    {"urn:scimd:test:2.0:User:score lt 2.5", false}, {"urn:scimd:test:2.0:User:score le 2.5", true},
    {"URN:SCIMD:TEST:2.0:user:LEVEL eq 3", true},
};
INSTANTIATE_TEST_SUITE_P(BooleanAndNumber, EvaluateBarbara, ::testing::ValuesIn(booleans_and_numbers));

// FLT-15: instants, whatever the offset or fraction; millisecond precision.
const Truth date_times[] = {
    {R"(urn:scimd:test:2.0:User:hired eq "2020-02-29T22:59:59.999Z")", true},
    {R"(urn:scimd:test:2.0:User:hired eq "2020-02-29T23:59:59.999+01:00")", true},
    {R"(urn:scimd:test:2.0:User:hired eq "2020-02-29T17:59:59.999-05:00")", true},
    {R"(urn:scimd:test:2.0:User:hired gt "2020-02-29T22:59:59.998Z")", true},
    {R"(urn:scimd:test:2.0:User:hired lt "2020-03-01T00:00:00Z")", true},
    {R"(urn:scimd:test:2.0:User:hired lt "2020-02-29T23:00:00Z")", true},
    {R"(urn:scimd:test:2.0:User:hired gt "2020-02-29T22:59:59.9994Z")", false},
    {R"(urn:scimd:test:2.0:User:hired ge "2020-02-29T22:59:59.9995Z")", false},
    {R"(urn:scimd:test:2.0:User:hired eq "2020-02-29T22:59:59.99949Z")", true},
    {"urn:scimd:test:2.0:User:hired eq 2020-02-29T22:59:59.999Z", true},
    {"urn:scimd:test:2.0:User:hired eq 2020-02-29T22:59:59.999", true},
    {R"(meta.lastModified gt "2011-05-13T04:42:34Z")", true},
    {R"(meta.lastModified lt "2011-08-01T20:29:49.793+02:00")", false},
    {R"(meta.lastModified le "2011-08-01T20:29:49.793+02:00")", true},
};
INSTANTIATE_TEST_SUITE_P(DateTime, EvaluateBarbara, ::testing::ValuesIn(date_times));

// FLT-27/30: any element; valuePath conditions hold for one element.
const Truth multi_valued[] = {
    {R"(emails.value eq "BJENSEN@example.com")", true},
    {R"(emails eq "babs@jensen.org")", true},
    {R"(emails.type eq "home")", true},
    {R"(emails.type ne "home")", false},
    {R"(emails.type ne "other")", true},
    {R"(emails co "jensen")", true},
    {R"(emails[type eq "work" and value co "example"])", true},
    {R"(emails[type eq "home" and value co "example"])", false},
    {R"(emails.type eq "home" and emails.value co "example")", true},
    {R"(emails[type eq "work"].value eq "bjensen@example.com")", true},
    {R"(emails[type eq "home"].value eq "bjensen@example.com")", false},
    {R"(emails[not (type eq "work")])", true},
    {"emails[primary eq true]", true},
    {R"(emails[primary eq true and type eq "home"])", false},
    {"emails.primary eq false", false},
    {"emails[not (primary eq true)]", true},
    {R"(urn:scimd:test:2.0:User:tags eq "b")", true},
    {R"(urn:scimd:test:2.0:User:tags eq "c")", false},
    {R"(urn:scimd:test:2.0:User:tags ne "c")", true},
    {"urn:scimd:test:2.0:User:tags pr", true},
    {R"(phoneNumbers.value ne "x")", true},
    {R"(phoneNumbers[not (value eq "x")])", false},
    {R"(name[givenName eq "barbara"])", true},
    {R"(name[givenName eq "barbara" and familyName sw "J"])", true},
    {"name[not (middleName pr)]", true},
    {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[not (value pr)]", true},
};
INSTANTIATE_TEST_SUITE_P(MultiValued, EvaluateBarbara, ::testing::ValuesIn(multi_valued));

const Truth logic[] = {
    {R"(not (userName eq "x"))", true},
    {R"(userName eq "x" or title pr)", true},
    {R"(userName eq "bjensen" and title eq "x")", false},
    {R"(userName eq "x" or title pr and active eq false)", false},
    {R"((userName eq "x" or title pr) and active eq true)", true},
    {R"(urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bjensen")", true},
    {R"(nickName ne "x")", true},
    {R"(nickName eq "x")", false},
    {"nickName eq null", true},
    {"nickName ne null", false},
    {"title eq null", false},
    {"title ne null", true},
    {"emails eq null", false},
};
INSTANTIATE_TEST_SUITE_P(Logic, EvaluateBarbara, ::testing::ValuesIn(logic));

// `pr` over null, "", [], {} and nested empties (FLT-13).
struct PresentCase {
  const char* filter;
  const char* json;
  bool expected;
};
void PrintTo(const PresentCase& c, std::ostream* os) { *os << test::shown(std::string(c.filter) + " over " + c.json); }

class EvaluatePresent : public ::testing::TestWithParam<PresentCase> {};
TEST_P(EvaluatePresent, Matches) {
  EXPECT_EQ(eval(GetParam().filter, GetParam().json), GetParam().expected);
  // eq null is not pr; ne null is pr.
  const std::string text = GetParam().filter;
  const std::string path = text.substr(0, text.size() - 3);
  EXPECT_EQ(eval((path + " eq null").c_str(), GetParam().json), !GetParam().expected);
  EXPECT_EQ(eval((path + " ne null").c_str(), GetParam().json), GetParam().expected);
}

const PresentCase present[] = {
    {"title pr", R"({})", false},
    {"title pr", R"({"title": null})", false},
    {"title pr", R"({"title": ""})", false},
    {"title pr", R"({"title": "x"})", true},
    {"title pr", R"({"title": 0})", true},
    {"title pr", R"({"title": false})", true},
    {"title pr", R"({"title": []})", false},
    {"title pr", R"({"title": {}})", false},
    {"title pr", R"({"title": {"a": null}})", true},
    {"urn:scimd:test:2.0:User:tags pr", R"({})", false},
    {"urn:scimd:test:2.0:User:tags pr", R"({"urn:scimd:test:2.0:User": null})", false},
    {"urn:scimd:test:2.0:User:tags pr", R"({"urn:scimd:test:2.0:User": {"tags": []}})", false},
    {"urn:scimd:test:2.0:User:tags pr", R"({"urn:scimd:test:2.0:User": {"tags": [null, ""]}})", false},
    {"urn:scimd:test:2.0:User:tags pr", R"({"urn:scimd:test:2.0:User": {"tags": [[], {}]}})", false},
    {"urn:scimd:test:2.0:User:tags pr", R"({"urn:scimd:test:2.0:User": {"tags": ["", "x"]}})", true},
    {"urn:scimd:test:2.0:User:tags pr", R"({"urn:scimd:test:2.0:User": {"tags": [0]}})", true},
    {"urn:scimd:test:2.0:User:tags pr", R"({"urn:scimd:test:2.0:User": {"tags": "x"}})", false},
    {"name pr", R"({"name": {}})", false},
    {"name pr", R"({"name": {"givenName": null}})", false},
    {"name pr", R"({"name": {"givenName": ""}})", false},
    {"name pr", R"({"name": {"givenName": []}})", false},
    {"name pr", R"({"name": {"givenName": "x"}})", true},
    {"name pr", R"({"name": "x"})", false},
    {"emails pr", R"({"emails": []})", false},
    {"emails pr", R"({"emails": [{}]})", false},
    {"emails pr", R"({"emails": [null]})", false},
    {"emails pr", R"({"emails": ["x"]})", false},
    {"emails pr", R"({"emails": [{"value": ""}]})", false},
    {"emails pr", R"({"emails": [{"value": ""}, {"type": "work"}]})", true},
    {"emails pr", R"({"emails": {"value": "x"}})", false},
    {"emails.value pr", R"({"emails": [{"value": "x"}]})", true},
    {"emails.value pr", R"({"emails": [{"value": ""}]})", false},
    {"emails.value pr", R"({"emails": [{"type": "work"}]})", false},
    {"emails.value pr", R"({"emails": [{"value": null}, {"value": "y"}]})", true},
    {"name.givenName pr", R"({"name": {"givenName": "x"}})", true},
    {"name.givenName pr", R"({"name": "x"})", false},
};
INSTANTIATE_TEST_SUITE_P(Rfc7644Table3, EvaluatePresent, ::testing::ValuesIn(present));

TEST(Evaluate, JsonKeysMatchCaseInsensitively) {
  EXPECT_TRUE(eval(R"(userName eq "x")", R"({"UserName": "x"})"));
  EXPECT_TRUE(eval(R"(emails.value eq "y")", R"({"EMAILS": [{"Value": "y"}]})"));
  EXPECT_TRUE(eval(R"(urn:scimd:test:2.0:User:code eq "c")", R"({"URN:scimd:TEST:2.0:user": {"CODE": "c"}})"));
}

TEST(Evaluate, WrongJsonTypesMatchNothing) {
  EXPECT_FALSE(eval(R"(title eq "5")", R"({"title": 5})"));
  EXPECT_TRUE(eval(R"(title ne "5")", R"({"title": 5})"));
  EXPECT_FALSE(eval(R"(active eq true)", R"({"active": "true"})"));
  EXPECT_FALSE(eval("urn:scimd:test:2.0:User:level eq 3", R"({"urn:scimd:test:2.0:User": {"level": "3"}})"));
  EXPECT_FALSE(eval(R"(urn:scimd:test:2.0:User:hired gt "2000-01-01T00:00:00Z")",
                    R"({"urn:scimd:test:2.0:User": {"hired": "yesterday"}})"));
}

TEST(Evaluate, OnlyAsciiIsFolded) {
  EXPECT_TRUE(eval("title eq \"\xC3\xA9t\xC3\xA9 X\"", "{\"title\": \"\xC3\xA9t\xC3\xA9 x\"}"));
  EXPECT_FALSE(eval("title eq \"\xC3\x89T\xC3\x89\"", "{\"title\": \"\xC3\xA9t\xC3\xA9\"}"));
}

TEST(Evaluate, ThrowsSemanticErrors) {
  rapidjson::Document doc;
  doc.Parse(barbara);
  EXPECT_THROW(evaluate(parse_filter("bogus pr"), doc, test::user_info()), SemanticError);
  EXPECT_THROW(evaluate(parse_filter("active gt true"), doc, test::user_info()), SemanticError);
}

TEST(Evaluate, ElementFilterSelectsPatchTargets) {
  const ResolvedAttribute members = check(parse_path("members"), test::group_info());
  rapidjson::Document group;
  group.Parse(R"({"members": [{"value": "a", "type": "User"}, {"value": "b", "type": "Group"}, "junk"]})");
  const Filter f = parse_filter(R"(value eq "b" or type eq "user")");
  std::vector<bool> selected;
  for (const auto& element : group["members"].GetArray())
    selected.push_back(evaluate_element(f, element, members));
  EXPECT_EQ(selected, (std::vector<bool>{true, true, false}));
}

}  // namespace
}  // namespace scimd::filters
