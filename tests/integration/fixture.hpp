#pragma once
// Value-parameterised fixture: every HTTP test runs once per backend (SQLite, PostgreSQL).
#include <gtest/gtest.h>

#include <string>

#include "support/test_server.hpp"
#include "util/json.hpp"

namespace scimd::test {

class HttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& server() { return TestServer::for_backend(GetParam()); }

  /// POSTs a user with this userName and returns its id (asserting 201).
  std::string create_user(const HttpClient& c, const std::string& user_name, const std::string& extra = "") {
    auto r = c.post("/scim/v2/Users", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":")" +
                                          user_name + "\"" + extra + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.IsObject() && r.json.HasMember("id") ? r.json["id"].GetString() : "";
  }

  /// POSTs a group and returns its id (asserting 201).
  std::string create_group(const HttpClient& c, const std::string& name, const std::string& members_json = "[]") {
    auto r = c.post("/scim/v2/Groups", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":")" +
                                           name + R"(","members":)" + members_json + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.IsObject() && r.json.HasMember("id") ? r.json["id"].GetString() : "";
  }
};

/// The SCIM error's scimType, or "".
inline std::string scim_type(const Reply& r) {
  return r.json.IsObject() && r.json.HasMember("scimType") ? r.json["scimType"].GetString() : "";
}

/// Expects a SCIM Error body with this status (as a string) and scimType ("" for none).
inline void expect_scim_error(const Reply& r, long status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_TRUE(r.json.IsObject()) << r.body;
  EXPECT_STREQ(r.json["schemas"][0].GetString(), "urn:ietf:params:scim:api:messages:2.0:Error");
  EXPECT_EQ(std::string(r.json["status"].GetString()), std::to_string(status));
  EXPECT_EQ(scim_type(r), type) << r.body;
  EXPECT_TRUE(r.json.HasMember("detail"));
}

}  // namespace scimd::test

#define SCIMD_INSTANTIATE_BACKENDS(Suite)                                                      \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::ValuesIn(::scimd::test::backend_names()), \
                           [](const auto& param_info) { return param_info.param; })
