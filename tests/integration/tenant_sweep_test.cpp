// Tenant isolation and roles, swept over every endpoint (issue 9), on every backend.
//
// Tenant A holds users, groups (members, the access extension, parents, privileges set through
// /access/v1/groups/privileges) and applications. An admin token of tenant B then sends every
// request of the table below naming A's ids and names. Each must answer as if A did not exist
// (404, 400 or an empty list, and 201 for B's own creates with A's names: uniqueness is per
// tenant, so a 409 would reveal A). No response may carry an id or name of A that the request
// did not itself contain. Afterwards A's resources must be exactly as before (meta.version,
// members, effective access).
//
// A new endpoint is one more line in sweep_probes() or write_probes().
#include <algorithm>
#include <set>

#include "integration/access_fixture.hpp"
#include "util/text.hpp"

namespace scimd::test {
namespace {

using namespace access_http;

// What a probe must answer.
enum class Want {
  not_found,    // 404
  bad_request,  // 400, any scimType
  empty_list,   // 200 ListResponse with totalResults 0
  ok,           // 2xx (B's own data, or tenant-free data such as discovery)
  created,      // 201 (B creates in its own tenant with A's names)
  bulk,         // 200 BulkResponse; each operation's status is the prefix of its bulkId ("404-x")
};

struct Probe {
  const char* method;
  const char* path;  // {name} placeholders, URL-encoded when filled in
  const char* body;  // {name} placeholders, filled in as they are; "" for none
  Want want;
};

using Values = std::map<std::string, std::string>;

// Replaces every {name} of `values` in text.
std::string fill(std::string text, const Values& values, bool url_encoded) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    const std::string with = url_encoded ? util::url_encode(value) : value;
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + with.size()))
      text.replace(at, key.size(), with);
  }
  return text;
}

// The request target: placeholders in the path URL-encoded, each query value filled in and then
// URL-encoded whole (filters hold spaces and quotes).
std::string target(const std::string& path, const Values& values) {
  size_t q = path.find('?');
  std::string out = fill(path.substr(0, q), values, true);
  if (q == std::string::npos) return out;
  std::string_view query = std::string_view(path).substr(q + 1);
  char sep = '?';
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    out += sep;
    out += std::string(pair.substr(0, eq));
    if (eq != std::string_view::npos) out += "=" + util::url_encode(fill(std::string(pair.substr(eq + 1)), values, false));
    sep = '&';
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return out;
}

constexpr const char* kPatchOp = R"("schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"])";

// The requests B sends. Placeholders: A's {user} {user2} {group} {group2} {app} {app2} {userName}
// {userDisplay} {externalId} {groupName} {groupExternal} {appName} {cursor}; B's own {b_user}
// {b_group} {b_app}.
std::vector<Probe> sweep_probes() {
  static const std::string patch_user = std::string("{") + kPatchOp +
                                        R"(,"Operations":[{"op":"replace","path":"title","value":"pwned"}]})";
  static const std::string patch_group = std::string("{") + kPatchOp +
                                         R"(,"Operations":[{"op":"add","path":"members","value":[{"value":"{b_user}"}]},)"
                                         R"({"op":"replace","path":"displayName","value":"pwned"}]})";
  static const std::string patch_app = std::string("{") + kPatchOp +
                                       R"(,"Operations":[{"op":"replace","path":"name","value":"pwned"}]})";
  static const std::string add_a_member = std::string("{") + kPatchOp +
                                          R"(,"Operations":[{"op":"add","path":"members","value":[{"value":"{user}"},{"value":"{group}"}]}]})";
  static const std::string remove_a_member = std::string("{") + kPatchOp +
                                             R"(,"Operations":[{"op":"remove","path":"members[value eq \"{user}\"]"}]})";
  static const std::string parent_a = std::string("{") + kPatchOp +
                                      R"(,"Operations":[{"op":"replace","path":")" + kGroupExt +
                                      R"(:parent","value":"{group}"}]})";
  static const std::string rule_body = std::string(R"({"name":"{ruleName}","when":{"resourceType":"Group","attribute":"displayName","matches":"pwned*"},"then":{"active":true}})");
  static const std::string patch_rule = std::string("{") + kPatchOp +
                                        R"(,"Operations":[{"op":"replace","path":"priority","value":99}]})";
  static const std::string b_rule_member_of = std::string(R"({"name":"b-rule","when":{"resourceType":"User","attribute":"userName","matches":"*"},"then":{"memberOf":"{group}"}})");
  static const std::string b_rule_privilege = std::string(R"({"name":"b-rule","when":{"resourceType":"Group","attribute":"displayName","matches":"*"},"then":{"privileges":[{"application":"{app}","access":"admin"}]}})");
  static const std::string b_group_priv = std::string(R"({"displayName":"b-priv","urn:scimd:params:scim:schemas:extension:access:2.0:Group":{"privileges":[{"application":"{app}","access":"edit"}]}})");
  static const std::string b_group_parent = std::string(R"({"displayName":"b-child","urn:scimd:params:scim:schemas:extension:access:2.0:Group":{"parent":"{group}"}})");
  static const std::string b_user_priv = std::string(R"({"userName":"b-priv-user","urn:scimd:params:scim:schemas:extension:access:2.0:User":{"privileges":[{"application":"{app}","access":"view"}]}})");
  static const std::string bulk = std::string(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[)"
      R"({"method":"PATCH","path":"/Users/{user}","bulkId":"404-a","data":)") + patch_user + R"(},)"
      R"({"method":"PUT","path":"/Groups/{group}","bulkId":"404-b","data":{"displayName":"pwned"}},)"
      R"({"method":"DELETE","path":"/Users/{user2}","bulkId":"404-c"},)"
      R"({"method":"DELETE","path":"/Groups/{group2}","bulkId":"404-d"},)"
      R"({"method":"DELETE","path":"/Applications/{app}","bulkId":"404-e"},)"
      R"({"method":"PATCH","path":"/Applications/{app2}","bulkId":"404-f","data":)" + patch_app + R"(},)"
      R"({"method":"POST","path":"/Groups","bulkId":"400-g","data":{"displayName":"b-bulk-g","members":[{"value":"{user}"}]}},)"
      R"({"method":"POST","path":"/Users","bulkId":"201-h","data":{"userName":"b-bulk-user"}},)"
      R"({"method":"PATCH","path":"/Groups/{group}","bulkId":"404-i","data":{)" + kPatchOp +
      R"(,"Operations":[{"op":"add","path":"members","value":[{"value":"bulkId:201-h"}]}]}},)"
      R"({"method":"POST","path":"/Groups","bulkId":"400-j","data":{"displayName":"b-bulk-child","urn:scimd:params:scim:schemas:extension:access:2.0:Group":{"parent":"{group}"}}},)"
      R"({"method":"PUT","path":"/Users/{user}","bulkId":"404-k","data":{"userName":"{userName}"}}]})";
  static const std::string privileges_a = R"({"groups":["{group}"],"set":[{"application":"{b_app}","access":"admin"}]})";
  static const std::string privileges_a_app = R"({"groups":["{b_group}"],"set":[{"application":"{app}","access":"admin"}]})";
  static const std::string privileges_remove = R"({"groups":["{group}","{group2}"],"remove":["{app}"]})";

  return {
      // First, before B has sent A's ids anywhere: B's own audit trail.
      {"GET", "/access/v1/audit", "", Want::ok},
      // One resource, every method.
      {"GET", "/scim/v2/Users/{user}", "", Want::not_found},
      {"GET", "/scim/v2/Users/{user}?attributes=userName,groups", "", Want::not_found},
      {"GET", "/scim/v2/Groups/{group}", "", Want::not_found},
      {"GET", "/scim/v2/Groups/{group}?excludedAttributes=members", "", Want::not_found},
      {"GET", "/scim/v2/Applications/{app}", "", Want::not_found},
      {"PUT", "/scim/v2/Users/{user}", R"({"userName":"{userName}","title":"pwned"})", Want::not_found},
      {"PUT", "/scim/v2/Groups/{group}", R"({"displayName":"{groupName}","members":[]})", Want::not_found},
      {"PUT", "/scim/v2/Applications/{app}", R"({"name":"{appName}","description":"pwned"})", Want::not_found},
      {"PATCH", "/scim/v2/Users/{user}", patch_user.c_str(), Want::not_found},
      {"PATCH", "/scim/v2/Groups/{group}", patch_group.c_str(), Want::not_found},
      {"PATCH", "/scim/v2/Applications/{app}", patch_app.c_str(), Want::not_found},
      {"DELETE", "/scim/v2/Users/{user2}", "", Want::not_found},
      {"DELETE", "/scim/v2/Groups/{group2}", "", Want::not_found},
      {"DELETE", "/scim/v2/Applications/{app2}", "", Want::not_found},
      {"GET", "/scim/v2/Users/{user}/", "", Want::not_found},
      // Lists filtered by A's values.
      {"GET", "/scim/v2/Users?filter=userName eq \"{userName}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Users?filter=externalId eq \"{externalId}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Users?filter=displayName eq \"{userDisplay}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Users?filter=id eq \"{user}\" or userName sw \"{userName}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Users?filter=emails[value eq \"{userName}\"]", "", Want::empty_list},
      {"GET", "/scim/v2/Groups?filter=displayName eq \"{groupName}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Groups?filter=externalId eq \"{groupExternal}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Groups?filter=id eq \"{group}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Groups?filter=members.value eq \"{user}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Applications?filter=name eq \"{appName}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Applications?filter=id eq \"{app}\"", "", Want::empty_list},
      {"GET", "/scim/v2?filter=id eq \"{user}\" or id eq \"{group}\" or id eq \"{app}\"", "", Want::empty_list},
      {"GET", "/scim/v2?filter=displayName eq \"{groupName}\"", "", Want::empty_list},
      {"GET", "/scim/v2/Users?cursor={cursor}&count=1", "", Want::bad_request},
      // Searches in a body.
      {"POST", "/scim/v2/Users/.search",
       R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName eq \"{userName}\""})",
       Want::empty_list},
      {"POST", "/scim/v2/Groups/.search",
       R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"displayName eq \"{groupName}\""})",
       Want::empty_list},
      {"POST", "/scim/v2/Applications/.search",
       R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"name eq \"{appName}\""})",
       Want::empty_list},
      {"POST", "/scim/v2/.search",
       R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"id eq \"{user}\" or externalId eq \"{externalId}\""})",
       Want::empty_list},
      // B's own resources pointing at A's.
      {"PATCH", "/scim/v2/Groups/{b_group}", add_a_member.c_str(), Want::ok},  // unknown members are skipped
      {"PATCH", "/scim/v2/Groups/{b_group}", remove_a_member.c_str(), Want::ok},
      {"GET", "/scim/v2/Groups/{b_group}", "", Want::ok},
      {"PATCH", "/scim/v2/Groups/{b_group}", parent_a.c_str(), Want::bad_request},
      {"PUT", "/scim/v2/Groups/{b_group}", R"({"displayName":"b-group","members":[{"value":"{user}"}]})",
       Want::bad_request},
      {"POST", "/scim/v2/Groups", R"({"displayName":"b-members","members":[{"value":"{group}"}]})", Want::bad_request},
      {"POST", "/scim/v2/Groups", b_group_priv.c_str(), Want::bad_request},
      {"POST", "/scim/v2/Groups", b_group_parent.c_str(), Want::bad_request},
      {"POST", "/scim/v2/Users", b_user_priv.c_str(), Want::bad_request},
      {"POST", "/scim/v2/Bulk", bulk.c_str(), Want::bulk},
      // The access API.
      {"GET", "/access/v1/users/{user}", "", Want::not_found},
      {"GET", "/access/v1/users/{userName}", "", Want::not_found},
      {"GET", "/access/v1/check?user={user}&application={app}", "", Want::not_found},
      {"GET", "/access/v1/check?user={userName}&application={appName}", "", Want::not_found},
      {"GET", "/access/v1/check?user={b_user}&application={app}", "", Want::not_found},
      {"GET", "/access/v1/check?user={b_user}&application={appName}", "", Want::not_found},
      {"GET", "/access/v1/check?user={user}&application={b_app}", "", Want::not_found},
      {"GET", "/access/v1/users/{b_user}", "", Want::ok},
      {"POST", "/access/v1/groups/privileges", privileges_a.c_str(), Want::bad_request},
      {"POST", "/access/v1/groups/privileges", privileges_a_app.c_str(), Want::bad_request},
      {"POST", "/access/v1/groups/privileges", privileges_remove.c_str(), Want::bad_request},
      // Mapping rules (admin-managed, tenant-scoped like every resource).
      {"GET", "/scim/v2/MappingRules/{rule}", "", Want::not_found},
      {"PUT", "/scim/v2/MappingRules/{rule}", rule_body.c_str(), Want::not_found},
      {"PATCH", "/scim/v2/MappingRules/{rule}", patch_rule.c_str(), Want::not_found},
      {"DELETE", "/scim/v2/MappingRules/{rule}", "", Want::not_found},
      {"GET", "/scim/v2/MappingRules?filter=name eq \"{ruleName}\"", "", Want::empty_list},
      {"GET", "/scim/v2/MappingRules?filter=id eq \"{rule}\"", "", Want::empty_list},
      {"GET", "/access/v1/rules/{rule}/preview", "", Want::not_found},
      {"POST", "/scim/v2/MappingRules", b_rule_member_of.c_str(), Want::bad_request},
      {"POST", "/scim/v2/MappingRules", b_rule_privilege.c_str(), Want::bad_request},
      {"POST", "/access/v1/rules/preview", b_rule_member_of.c_str(), Want::bad_request},
      // Okta's entitlements and roles.
      {"GET", "/scim/v2/Entitlements", "", Want::ok},
      {"GET", "/scim/v2/Entitlements/{app}:view", "", Want::not_found},
      {"GET", "/scim/v2/Entitlements/{app2}:admin", "", Want::not_found},
      {"GET", "/scim/v2/Roles", "", Want::ok},
      // Discovery carries no tenant data.
      {"GET", "/scim/v2/ServiceProviderConfig", "", Want::ok},
      {"GET", "/scim/v2/ResourceTypes", "", Want::ok},
      {"GET", "/scim/v2/Schemas", "", Want::ok},
      {"GET", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "", Want::ok},
      // Last, because they add to B: uniqueness is per tenant, so A's names are free in B.
      {"POST", "/scim/v2/Users", R"({"userName":"{userName}","externalId":"{externalId}"})", Want::created},
      {"POST", "/scim/v2/Groups", R"({"displayName":"{groupName}","externalId":"{groupExternal}"})", Want::created},
      {"POST", "/scim/v2/Applications", R"({"name":"{appName}"})", Want::created},
  };
}

std::string lower(const std::string& s) { return util::ascii_lower(s); }

class TenantSweep : public Access {
 protected:
  // A's data, and the values B's requests name.
  struct World {
    Tenant a;
    Tenant b;
    Values values;
    std::vector<std::string> secrets;  // every id and name of A
  };

  World build() {
    World w{tenant(), tenant(), {}, {}};
    const std::string tag = std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                            unique_tenant("s").substr(2);
    auto& v = w.values;
    v["userName"] = "ana.sweep-" + tag + "@a.example";
    v["userDisplay"] = "Ana Sweep " + tag;
    v["externalId"] = "ext-ana-" + tag;
    v["groupName"] = "Sales Sweep " + tag;
    v["groupExternal"] = "ext-sales-" + tag;
    v["appName"] = "CRM Sweep " + tag;
    const std::string app2_name = "Wiki Sweep " + tag;
    const std::string user2_name = "bo.sweep-" + tag + "@a.example";
    const std::string group2_name = "Sales EU Sweep " + tag;

    v["app"] = create_app(w.a.admin, v["appName"]);
    v["app2"] = create_app(w.a.admin, app2_name);
    v["user"] = create_user(w.a.prov, v["userName"],
                            R"(,"displayName":")" + v["userDisplay"] + R"(","externalId":")" + v["externalId"] +
                                R"(","emails":[{"value":")" + v["userName"] + R"(","type":"work"}],")" + kUserExt +
                                R"(":{"privileges":[)" + priv(v["app2"], "view") + "]}");
    v["user2"] = create_user(w.a.prov, user2_name, std::string(R"(,")") + kUserExt + R"(":{"level":"Admin"})");
    auto g = w.a.prov.post("/scim/v2/Groups", R"({"displayName":")" + v["groupName"] + R"(","externalId":")" +
                                                  v["groupExternal"] + R"(","members":[{"value":")" + v["user"] +
                                                  R"("},{"value":")" + v["user2"] + R"("}],")" + kGroupExt +
                                                  R"(":{"active":true,"privileges":[)" + priv(v["app"], "edit") +
                                                  R"(],"loginAs":{"user":"staff","admin":"boss"}}})");
    EXPECT_EQ(g.status, 201) << g.body;
    v["group"] = str(g.json, "id");
    v["group2"] = access_group(w.a.prov, group2_name, R"("active":true,"parent":")" + v["group"] + "\"",
                               member(v["user"]));
    auto p = w.a.admin.post("/access/v1/groups/privileges",
                            R"({"groups":[")" + v["group2"] + R"("],"set":[)" + priv(v["app2"], "admin") + "]}");
    EXPECT_EQ(p.status, 200) << p.body;
    v["ruleName"] = "Sweep rule " + tag;
    auto rule = w.a.admin.post("/scim/v2/MappingRules",
                               R"({"name":")" + v["ruleName"] + R"(","when":{"resourceType":"Group","attribute":)"
                               R"("displayName","matches":"Sales EU Sweep*"},"then":{"privileges":[)" +
                                   priv(v["app"], "view") + "]}}");
    EXPECT_EQ(rule.status, 201) << rule.body;
    v["rule"] = str(rule.json, "id");
    auto page = w.a.read.get("/scim/v2/Users?cursor=&count=1");
    EXPECT_EQ(page.status, 200) << page.body;
    v["cursor"] = str(page.json, "nextCursor");

    for (const char* k : {"user", "user2", "group", "group2", "app", "app2", "userName", "userDisplay", "externalId",
                          "groupName", "groupExternal", "appName", "rule", "ruleName"})
      w.secrets.push_back(v[k]);
    for (const auto& s : {app2_name, user2_name, group2_name}) w.secrets.push_back(s);

    v["b_user"] = create_user(w.b.prov, "b-own-" + tag);
    v["b_group"] = create_group(w.b.prov, "b-group");
    v["b_app"] = create_app(w.b.admin, "b-app-" + tag);
    return w;
  }

  // Everything of A that a request by B could change, as text.
  std::map<std::string, std::string> snapshot(const World& w) {
    std::map<std::string, std::string> out;
    const auto& v = w.values;
    for (const auto& [kind, key] : std::vector<std::pair<std::string, std::string>>{
             {"Users", "user"}, {"Users", "user2"}, {"Groups", "group"}, {"Groups", "group2"},
             {"Applications", "app"}, {"Applications", "app2"}, {"MappingRules", "rule"}}) {
      auto r = w.a.read.get("/scim/v2/" + kind + "/" + v.at(key));
      EXPECT_EQ(r.status, 200) << r.body;
      std::string state = r.json.IsObject() && r.json.HasMember("meta") ? str(r.json["meta"], "version") : "?";
      if (r.json.IsObject() && r.json.HasMember("members")) {
        std::vector<std::string> members;
        for (const auto& m : r.json["members"].GetArray()) members.push_back(str(m, "value"));
        std::sort(members.begin(), members.end());
        for (const auto& m : members) state += " " + m;
      }
      out[kind + "/" + key] = state + " " + r.body;
    }
    for (const char* user : {"user", "user2"}) out[std::string("access/") + user] = users(w.a.read, v.at(user)).body;
    for (const char* list : {"Users", "Groups", "Applications", "MappingRules"})
      out[std::string("total/") + list] = std::to_string(w.a.read.get(std::string("/scim/v2/") + list).json["totalResults"].GetInt());
    return out;
  }

  // The secrets a reply must not hold: those the request did not name itself.
  static void expect_no_leak(const World& w, const std::string& request, const Reply& r) {
    const std::string said = lower(request) + " " + lower(util::url_decode(request));
    const std::string heard = lower(r.body) + " " + lower(r.header("location"));
    for (const auto& secret : w.secrets) {
      if (said.find(lower(secret)) != std::string::npos) continue;
      EXPECT_EQ(heard.find(lower(secret)), std::string::npos) << "leaks '" << secret << "': " << r.body;
    }
  }

  static void expect_answer(const Probe& p, const Reply& r) {
    switch (p.want) {
      case Want::not_found:
        EXPECT_EQ(r.status, 404) << r.body;
        if (r.status == 404) expect_scim_error(r, 404, "");
        break;
      case Want::bad_request:
        EXPECT_EQ(r.status, 400) << r.body;
        EXPECT_TRUE(r.json.IsObject() && r.json.HasMember("detail")) << r.body;
        break;
      case Want::empty_list:
        ASSERT_EQ(r.status, 200) << r.body;
        ASSERT_TRUE(r.json.HasMember("totalResults") && r.json["Resources"].IsArray()) << r.body;
        EXPECT_EQ(r.json["totalResults"].GetInt(), 0) << r.body;
        EXPECT_EQ(r.json["Resources"].Size(), 0u) << r.body;
        break;
      case Want::ok: EXPECT_TRUE(r.status >= 200 && r.status < 300) << r.status << " " << r.body; break;
      case Want::created: EXPECT_EQ(r.status, 201) << r.body; break;
      case Want::bulk:
        ASSERT_EQ(r.status, 200) << r.body;
        ASSERT_TRUE(r.json.IsObject() && r.json.HasMember("Operations") && r.json["Operations"].IsArray()) << r.body;
        EXPECT_EQ(r.json["Operations"].Size(), 11u) << r.body;
        for (const auto& op : r.json["Operations"].GetArray()) {
          std::string id = str(op, "bulkId");
          EXPECT_EQ(str(op, "status"), id.substr(0, 3)) << "bulk operation " << id << ": " << r.body;
        }
        break;
    }
  }
};
SCIMD_INSTANTIATE_BACKENDS(TenantSweep);

TEST_P(TenantSweep, AnotherTenantsAdminFindsNothingAndChangesNothing) {
  World w = build();
  const auto before = snapshot(w);
  for (const auto& p : sweep_probes()) {
    const std::string path = target(p.path, w.values);
    const std::string body = fill(p.body, w.values, false);
    SCOPED_TRACE(std::string(p.method) + " " + path + " " + body);
    Reply r = w.b.admin.send(p.method, path, body, {});
    expect_answer(p, r);
    expect_no_leak(w, path + " " + body, r);
  }
  EXPECT_EQ(snapshot(w), before);
  // B's group never gained A's members.
  auto b_group = w.b.read.get("/scim/v2/Groups/" + w.values["b_group"]);
  EXPECT_FALSE(b_group.json.HasMember("members") && b_group.json["members"].Size() > 0) << b_group.body;
}

// ---- roles: which role each write needs (read ⊂ provisioning ⊂ admin)

struct WriteProbe {
  const char* method;
  const char* path;
  const char* body;
  auth::Role needs;
};

std::vector<WriteProbe> write_probes() {
  static const std::string patch = std::string("{") + kPatchOp +
                                   R"(,"Operations":[{"op":"replace","path":"displayName","value":"changed"}]})";
  static const std::string app_patch = std::string("{") + kPatchOp +
                                       R"(,"Operations":[{"op":"replace","path":"description","value":"changed"}]})";
  static const std::string bulk = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[)"
                                  R"({"method":"DELETE","path":"/Users/{user}","bulkId":"x"}]})";
  return {
      {"POST", "/scim/v2/Users", R"({"userName":"role-new"})", auth::Role::provisioning},
      {"PUT", "/scim/v2/Users/{user}", R"({"userName":"role-changed"})", auth::Role::provisioning},
      {"PATCH", "/scim/v2/Users/{user}", patch.c_str(), auth::Role::provisioning},
      {"DELETE", "/scim/v2/Users/{user}", "", auth::Role::provisioning},
      {"POST", "/scim/v2/Groups", R"({"displayName":"role-new"})", auth::Role::provisioning},
      {"PUT", "/scim/v2/Groups/{group}", R"({"displayName":"role-changed"})", auth::Role::provisioning},
      {"PATCH", "/scim/v2/Groups/{group}", patch.c_str(), auth::Role::provisioning},
      {"DELETE", "/scim/v2/Groups/{group}", "", auth::Role::provisioning},
      {"POST", "/scim/v2/Bulk", bulk.c_str(), auth::Role::provisioning},
      {"POST", "/scim/v2/Applications", R"({"name":"role-new"})", auth::Role::admin},
      {"PUT", "/scim/v2/Applications/{app}", R"({"name":"role-changed"})", auth::Role::admin},
      {"PATCH", "/scim/v2/Applications/{app}", app_patch.c_str(), auth::Role::admin},
      {"DELETE", "/scim/v2/Applications/{app}", "", auth::Role::admin},
      {"POST", "/access/v1/groups/privileges", R"({"groups":["{group}"],"set":[{"application":"{app}","access":"admin"}]})",
       auth::Role::admin},
      {"GET", "/access/v1/audit", "", auth::Role::admin},
      {"POST", "/scim/v2/MappingRules",
       R"({"name":"role-rule","when":{"resourceType":"Group","attribute":"displayName","matches":"x*"},"then":{"active":true}})",
       auth::Role::admin},
      {"PATCH", "/scim/v2/MappingRules/{rule}", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"priority","value":3}]})",
       auth::Role::admin},
      {"DELETE", "/scim/v2/MappingRules/{rule}", "", auth::Role::admin},
      {"POST", "/access/v1/rules/preview",
       R"({"name":"p","when":{"resourceType":"Group","attribute":"displayName","matches":"x*"},"then":{"active":true}})",
       auth::Role::admin},
  };
}

class RoleSweep : public Access {};
SCIMD_INSTANTIATE_BACKENDS(RoleSweep);

TEST_P(RoleSweep, EachWriteNeedsItsRole) {
  Tenant t = tenant();
  Values v;
  v["user"] = create_user(t.prov, "role-user");
  v["group"] = create_group(t.prov, "role-group");
  v["app"] = create_app(t.admin, "role-app");
  auto rule = t.admin.post("/scim/v2/MappingRules",
                           R"({"name":"role-rule-0","when":{"resourceType":"User","attribute":"title","matches":"x"},"then":{"privileges":[)" +
                               priv(v["app"], "view") + "]}}");
  ASSERT_EQ(rule.status, 201) << rule.body;
  v["rule"] = str(rule.json, "id");
  auto state = [&] {
    std::string s;
    for (const char* path : {"/scim/v2/Users/{user}", "/scim/v2/Groups/{group}", "/scim/v2/Applications/{app}",
                             "/scim/v2/MappingRules/{rule}"})
      s += t.admin.get(fill(path, v, true)).body + "\n";
    for (const char* list : {"/scim/v2/Users", "/scim/v2/Groups", "/scim/v2/Applications", "/scim/v2/MappingRules"})
      s += std::to_string(t.admin.get(list).json["totalResults"].GetInt()) + "\n";
    return s;
  };
  const std::string before = state();
  for (const auto& p : write_probes()) {
    const std::string path = target(p.path, v);
    const std::string body = fill(p.body, v, false);
    for (auto [role, client] : {std::pair{auth::Role::read, &t.read}, std::pair{auth::Role::provisioning, &t.prov}}) {
      if (auth::role_allows(role, p.needs)) continue;
      SCOPED_TRACE(std::string(auth::to_string(role)) + ": " + p.method + " " + path);
      expect_scim_error(client->send(p.method, path, body, {}), 403, "");
    }
  }
  EXPECT_EQ(state(), before);
}

TEST_P(RoleSweep, ProvisioningBulkCannotTouchApplications) {
  Tenant t = tenant();
  std::string app = create_app(t.admin, "bulk-guarded");
  const std::string patch = std::string("{") + kPatchOp +
                            R"(,"Operations":[{"op":"replace","path":"description","value":"changed"}]})";
  auto r = t.prov.post("/scim/v2/Bulk",
                       R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[)"
                       R"({"method":"POST","path":"/Applications","bulkId":"a","data":{"name":"bulk-new"}},)"
                       R"({"method":"PUT","path":"/Applications/)" + app + R"(","bulkId":"b","data":{"name":"x"}},)"
                       R"({"method":"PATCH","path":"/Applications/)" + app + R"(","bulkId":"c","data":)" + patch + R"(},)"
                       R"({"method":"DELETE","path":"/Applications/)" + app + R"(","bulkId":"d"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["Operations"].Size(), 4u) << r.body;
  for (const auto& op : r.json["Operations"].GetArray()) EXPECT_EQ(str(op, "status"), "403") << r.body;
  auto apps = t.admin.get("/scim/v2/Applications");
  EXPECT_EQ(apps.json["totalResults"].GetInt(), 1);
  EXPECT_EQ(str(t.admin.get("/scim/v2/Applications/" + app).json["meta"], "version"), "W/\"1\"");
}

TEST_P(RoleSweep, ReadRoleReadsEverything) {
  Tenant t = tenant();
  std::string user = create_user(t.prov, "readable");
  std::string group = create_group(t.prov, "readable-group", member(user));
  std::string app = create_app(t.admin, "readable-app");
  for (const std::string& path :
       {"/scim/v2/Users/" + user, "/scim/v2/Groups/" + group, "/scim/v2/Applications/" + app, std::string("/scim/v2/Users"),
        std::string("/scim/v2/Entitlements"), std::string("/scim/v2/Roles"), "/access/v1/users/" + user,
        "/access/v1/check?user=" + user + "&application=" + app, std::string("/scim/v2?filter=displayName%20pr")})
    EXPECT_EQ(t.read.get(path).status, 200) << path;
  auto search = t.read.post("/scim/v2/Users/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]})");
  EXPECT_EQ(search.status, 200) << search.body;
}

}  // namespace
}  // namespace scimd::test
