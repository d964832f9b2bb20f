#pragma once
// The fixture of the access-model HTTP tests: helpers to build tenants, groups and applications.
#include <algorithm>

#include "integration/fixture.hpp"

namespace scimd::test::access_http {

constexpr const char* kGroupExt = "urn:scimd:params:scim:schemas:extension:access:2.0:Group";
constexpr const char* kUserExt = "urn:scimd:params:scim:schemas:extension:access:2.0:User";
constexpr const char* kAppSchema = "urn:scimd:params:scim:schemas:core:2.0:Application";

inline std::string ops(const std::string& operations) {
  return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" + operations + "}";
}

inline std::string str(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject() || !v.HasMember(name) || !v[name].IsString()) return "(absent)";
  return v[name].GetString();
}

// One tenant with a client per role.
struct Tenant {
  HttpClient admin;
  HttpClient prov;
  HttpClient read;
};

class Access : public HttpTest {
 protected:
  Tenant tenant() {
    std::string name = unique_tenant("access");
    return {server().client(name, auth::Role::admin), server().client(name, auth::Role::provisioning),
            server().client(name, auth::Role::read)};
  }

  std::string create_app(const HttpClient& c, const std::string& name) {
    auto r = c.post("/scim/v2/Applications",
                    std::string(R"({"schemas":[")") + kAppSchema + R"("],"name":")" + name + "\"}");
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json, "id");
  }

  // A group with the access extension `ext` (the inside of the extension object).
  std::string access_group(const HttpClient& c, const std::string& name, const std::string& ext,
                           const std::string& members = "[]") {
    auto r = c.post("/scim/v2/Groups", R"({"displayName":")" + name + R"(","members":)" + members + R"(,")" +
                                           kGroupExt + R"(":{)" + ext + "}}");
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json, "id");
  }

  static std::string member(const std::string& id) { return R"([{"value":")" + id + R"("}])"; }
  static std::string priv(const std::string& app, const std::string& access) {
    return R"({"application":")" + app + R"(","access":")" + access + R"("})";
  }

  // Replaces one attribute of the group's access extension by PATCH (204).
  void patch_group_ext(const HttpClient& c, const std::string& group, const std::string& attr,
                       const std::string& value) {
    auto r = c.patch("/scim/v2/Groups/" + group, ops(R"([{"op":"replace","path":")" + std::string(kGroupExt) + ":" +
                                                     attr + R"(","value":)" + value + "}]"));
    EXPECT_EQ(r.status, 204) << r.body;
  }

  Reply users(const HttpClient& c, const std::string& user) {
    auto r = c.get("/access/v1/users/" + user);
    EXPECT_EQ(r.status, 200) << r.body;
    return r;
  }
  Reply check(const HttpClient& c, const std::string& user, const std::string& app) {
    auto r = c.get("/access/v1/check?user=" + user + "&application=" + app);
    EXPECT_EQ(r.status, 200) << r.body;
    return r;
  }

  // The entry of /access/v1/users' applications for this application id, or nullptr.
  static const rapidjson::Value* app_entry(const Reply& r, const std::string& app) {
    if (!r.json.IsObject() || !r.json.HasMember("applications")) return nullptr;
    for (const auto& a : r.json["applications"].GetArray())
      if (str(a, "applicationId") == app) return &a;
    return nullptr;
  }
  // The access of /access/v1/users for an application ("none" when left out).
  static std::string access_in(const Reply& r, const std::string& app) {
    const rapidjson::Value* a = app_entry(r, app);
    return a ? str(*a, "access") : "none";
  }
  // grantedBy as sorted "kind:groupId:access" strings.
  static std::vector<std::string> grants(const rapidjson::Value& v) {
    std::vector<std::string> out;
    if (!v.IsObject() || !v.HasMember("grantedBy")) return {"(no grantedBy)"};
    for (const auto& g : v["grantedBy"].GetArray()) {
      std::string s = str(g, "kind");
      if (s == "group") s += ":" + str(g, "groupId") + ":" + str(g, "displayName");
      out.push_back(s + ":" + str(g, "access"));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::string login_as(const rapidjson::Value& v) {
    if (!v.IsObject() || !v.HasMember("loginAs")) return "(absent)";
    return v["loginAs"].IsNull() ? "null" : v["loginAs"].IsString() ? v["loginAs"].GetString() : "(not a string)";
  }
  static const rapidjson::Value& ext_of(const Reply& r, const char* urn) {
    static const rapidjson::Value empty(rapidjson::kObjectType);
    return r.json.IsObject() && r.json.HasMember(urn) ? r.json[urn] : empty;
  }
};

}  // namespace scimd::test::access_http
