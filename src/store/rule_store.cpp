#include "store/rule_store.hpp"

#include "store/sql_params.hpp"
#include "store/statement_cache.hpp"

namespace scimd::store {

namespace {

bool is_pg(soci::session& s) { return s.get_backend_name() == "postgresql"; }

std::string doc_text(soci::session& s, const std::string& column) {
  return is_pg(s) ? "CAST(" + column + " AS TEXT)" : column;
}

}  // namespace

namespace {

// The rules of a type (prepared once per connection: every User and Group write asks).
struct RulesOfType {
  long long tenant = 0;
  std::string type;
  StoredRule row;
  soci::statement st;
  RulesOfType(soci::session& s, bool pg)
      : st((s.prepare << std::string("SELECT id, COALESCE(priority, 0), ") + (pg ? "CAST(doc AS TEXT)" : "doc") +
                             " FROM mapping_rules WHERE tenant_id = :t AND resource_type = :rt ORDER BY id",
            soci::into(row.id), soci::into(row.priority), soci::into(row.doc), soci::use(tenant, "t"),
            soci::use(type, "rt"))) {}
};

}  // namespace

std::vector<StoredRule> rules_for_type(soci::session& s, long long tenant, const std::string& resource_type) {
  const bool pg = is_pg(s);
  auto& q = StatementCache::of(s).get<RulesOfType>("rules_of_type", [&] { return std::make_shared<RulesOfType>(s, pg); });
  q.tenant = tenant;
  q.type = resource_type;
  std::vector<StoredRule> out;
  if (q.st.execute(true)) do out.push_back(q.row); while (q.st.fetch());
  return out;
}

std::vector<RuleEffect> effects_of(soci::session& s, long long tenant, const std::string& resource_id) {
  std::vector<RuleEffect> out;
  std::vector<NamedParam> p{{"t", tenant}, {"r", resource_id}};
  RuleEffect e;
  std::string previous;
  int has_previous = 0;
  for_each_row(s,
               "SELECT rule_id, effect, target, COALESCE(access, 0), COALESCE(previous, ''),"
               " CASE WHEN previous IS NULL THEN 0 ELSE 1 END FROM rule_effects"
               " WHERE tenant_id = :t AND resource_id = :r ORDER BY rule_id, effect, target",
               p,
               [&] {
                 RuleEffect copy = e;
                 if (has_previous) copy.previous = previous;
                 out.push_back(std::move(copy));
               },
               e.rule_id, e.effect, e.target, e.access, previous, has_previous);
  return out;
}

void replace_effects(soci::session& s, long long tenant, const std::string& resource_id,
                     const std::vector<RuleEffect>& effects) {
  std::vector<NamedParam> del{{"t", tenant}, {"r", resource_id}};
  execute_with_params(s, "DELETE FROM rule_effects WHERE tenant_id = :t AND resource_id = :r", del);
  for (const auto& e : effects) {
    std::vector<NamedParam> p{{"t", tenant}, {"r", resource_id}, {"ru", e.rule_id}, {"e", e.effect},
                              {"ta", e.target},  {"a", static_cast<long long>(e.access)}};
    std::string previous = "NULL";
    if (e.previous) {
      p.push_back({"pr", *e.previous});
      previous = ":pr";
    }
    execute_with_params(s,
                        "INSERT INTO rule_effects (tenant_id, resource_id, rule_id, effect, target, access, previous)"
                        " VALUES (:t, :r, :ru, :e, :ta, :a, " + previous + ")",
                        p);
  }
}

std::vector<std::string> resources_touched_by(soci::session& s, long long tenant, const std::string& rule_id) {
  return query_strings(s, "SELECT DISTINCT resource_id FROM rule_effects WHERE tenant_id = :t AND rule_id = :r ORDER BY resource_id",
                 {{"t", tenant}, {"r", rule_id}});
}

std::vector<std::string> resources_with_rule_privilege_on(soci::session& s, long long tenant, const std::string& app_id) {
  return query_strings(s,
                 "SELECT DISTINCT resource_id FROM rule_effects WHERE tenant_id = :t AND effect = 'privilege'"
                 " AND target = :a",
                 {{"t", tenant}, {"a", app_id}});
}

void replace_group_rule_privileges(soci::session& s, long long tenant, const std::string& group_id,
                                   const std::map<std::string, std::pair<std::string, int>>& privileges) {
  std::vector<NamedParam> del{{"t", tenant}, {"g", group_id}};
  execute_with_params(s, "DELETE FROM group_privileges WHERE tenant_id = :t AND group_id = :g AND rule_id IS NOT NULL",
                      del);
  for (const auto& [app, grant] : privileges) {
    std::vector<NamedParam> p{{"t", tenant}, {"g", group_id}, {"a", app}, {"r", grant.first},
                              {"x", static_cast<long long>(grant.second)}};
    execute_with_params(s,
                        "INSERT INTO group_privileges (tenant_id, group_id, application_id, access, rule_id)"
                        " VALUES (:t, :g, :a, :x, :r)",
                        p);
  }
}

void set_user_rule_privileges(soci::session& s, long long tenant, const std::string& user_id,
                              const std::optional<std::string>& json) {
  std::vector<NamedParam> p{{"t", tenant}, {"u", user_id}};
  std::string value = "NULL";
  if (json) {
    p.push_back({"j", *json});
    value = ":j";
  }
  execute_with_params(s, "UPDATE users SET rule_privileges = " + value + " WHERE tenant_id = :t AND id = :u", p);
}

bool is_direct_member(soci::session& s, long long tenant, const std::string& group_id, const std::string& member_id) {
  return !query_strings(s, "SELECT member_id FROM memberships WHERE tenant_id = :t AND group_id = :g AND member_id = :m",
                  {{"t", tenant}, {"g", group_id}, {"m", member_id}})
              .empty();
}

void for_each_resource(soci::session& s, long long tenant, const std::string& table,
                       const std::function<void(const std::string& id, const std::string& doc)>& f) {
  // Keyset paging on the primary key: each page is an index range, whatever the table's size.
  std::string after;
  for (;;) {
    std::vector<std::pair<std::string, std::string>> page;
    std::vector<NamedParam> p{{"t", tenant}, {"a", after}};
    std::string id, doc;
    for_each_row(s,
                 "SELECT id, " + doc_text(s, "doc") + " FROM " + table +
                     " WHERE tenant_id = :t AND id > :a ORDER BY id LIMIT 500",
                 p, [&] { page.emplace_back(id, doc); }, id, doc);
    for (const auto& [i, d] : page) f(i, d);
    if (page.size() < 500) return;
    after = page.back().first;
  }
}

std::vector<std::string> users_under_group(soci::session& s, long long tenant, const std::string& group_id) {
  // sub: the group and its subtree; nest: those and the groups nested in their members.
  return query_strings(s,
                 "WITH RECURSIVE sub(id) AS (SELECT CAST(:g AS TEXT) UNION SELECT g.id FROM groups g JOIN sub ON"
                 " g.parent_id = sub.id WHERE g.tenant_id = :t1),"
                 " nest(id) AS (SELECT id FROM sub UNION SELECT m.member_id FROM memberships m JOIN nest ON"
                 " m.group_id = nest.id WHERE m.tenant_id = :t2 AND m.member_type = 'Group')"
                 " SELECT DISTINCT m.member_id FROM memberships m JOIN nest ON m.group_id = nest.id"
                 " WHERE m.tenant_id = :t3 AND m.member_type = 'User' ORDER BY m.member_id",
                 {{"g", group_id}, {"t1", tenant}, {"t2", tenant}, {"t3", tenant}});
}

std::vector<std::string> admin_user_ids(soci::session& s, long long tenant) {
  const std::string level = is_pg(s)
                                ? "lower(doc -> 'urn:scimd:params:scim:schemas:extension:access:2.0:User' ->> 'level')"
                                : "lower(json_extract(doc, '$.\"urn:scimd:params:scim:schemas:extension:access:2.0:User\".level'))";
  return query_strings(s, "SELECT id FROM users WHERE tenant_id = :t AND " + level + " = 'admin'", {{"t", tenant}});
}

std::vector<std::string> rules_mentioning(soci::session& s, long long tenant, const std::string& text) {
  return query_strings(s,
                 "SELECT id FROM mapping_rules WHERE tenant_id = :t AND " +
                     std::string(is_pg(s) ? "strpos(CAST(doc AS TEXT), :x) > 0" : "instr(doc, :x) > 0"),
                 {{"t", tenant}, {"x", text}});
}

}  // namespace scimd::store
