#include "store/access_store.hpp"

#include "store/sql_params.hpp"
#include "util/text.hpp"

namespace scimd::store {

namespace {

// Runs a query whose result is one text column.
std::vector<std::string> strings(soci::session& s, const std::string& sql, std::vector<NamedParam>& params) {
  std::vector<std::string> out;
  std::string v;
  for_each_row(s, sql, params, [&] { out.push_back(v); }, v);
  return out;
}

}  // namespace

std::optional<AccessUserRow> find_access_user(soci::session& s, long long tenant, const std::string& id_or_name) {
  AccessUserRow r;
  int lost = 0;
  std::string folded = util::ascii_lower(id_or_name);
  const std::string columns = "SELECT id, user_name, " + std::string(s.get_backend_name() == "postgresql" ? "CAST(doc AS TEXT)" : "doc") +
                              ", group_lost FROM users WHERE tenant_id = :t AND ";
  s << columns + "id = :v", soci::into(r.id), soci::into(r.user_name), soci::into(r.doc), soci::into(lost),
      soci::use(tenant, "t"), soci::use(id_or_name, "v");
  if (!s.got_data()) {
    s << columns + "user_name_folded = :v", soci::into(r.id), soci::into(r.user_name), soci::into(r.doc),
        soci::into(lost), soci::use(tenant, "t"), soci::use(folded, "v");
    if (!s.got_data()) return std::nullopt;
  }
  r.lost_last_group = lost != 0;
  return r;
}

std::vector<std::string> direct_groups_of(soci::session& s, long long tenant, const std::string& user_id) {
  std::vector<NamedParam> p{{"t", tenant}, {"u", user_id}};
  return strings(s, "SELECT group_id FROM memberships WHERE tenant_id = :t AND member_id = :u", p);
}

std::vector<AccessGroupRow> access_graph(soci::session& s, long long tenant, const std::string& user_id) {
  // mg: the groups the user is a member of, through nested groups (UNION ends cycles);
  // up: those groups and every ancestor along parent_id.
  const bool pg = s.get_backend_name() == "postgresql";
  std::string sql =
      "WITH RECURSIVE mg(id) AS ("
      " SELECT group_id FROM memberships WHERE tenant_id = :t1 AND member_id = :u"
      " UNION SELECT m.group_id FROM memberships m JOIN mg ON m.member_id = mg.id WHERE m.tenant_id = :t2),"
      " up(id) AS (SELECT id FROM mg"
      " UNION SELECT g.parent_id FROM groups g JOIN up ON g.id = up.id"
      " WHERE g.tenant_id = :t3 AND g.parent_id IS NOT NULL)"
      " SELECT g.id, g.display_name, COALESCE(g.parent_id, ''), COALESCE(g.is_active, 0),"
      " COALESCE(g.apply_privileges, 1), CASE WHEN EXISTS (SELECT 1 FROM mg WHERE mg.id = g.id) THEN 1 ELSE 0 END, " +
      std::string(pg ? "CAST(g.doc AS TEXT)" : "g.doc") + " FROM groups g JOIN up ON g.id = up.id WHERE g.tenant_id = :t4";
  std::vector<AccessGroupRow> out;
  AccessGroupRow r;
  int active = 0, applies = 1, member = 0;
  soci::statement st(s);
  st.alloc();
  st.prepare(sql);
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.display_name));
  st.exchange(soci::into(r.parent_id));
  st.exchange(soci::into(active));
  st.exchange(soci::into(applies));
  st.exchange(soci::into(member));
  st.exchange(soci::into(r.doc));
  long long t1 = tenant, t2 = tenant, t3 = tenant, t4 = tenant;
  st.exchange(soci::use(t1, "t1"));
  st.exchange(soci::use(user_id, "u"));
  st.exchange(soci::use(t2, "t2"));
  st.exchange(soci::use(t3, "t3"));
  st.exchange(soci::use(t4, "t4"));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    r.is_active = active != 0;
    r.applies_privileges = applies != 0;
    r.is_member = member != 0;
    out.push_back(r);
  }
  return out;
}

std::map<std::string, std::map<std::string, int>> group_privileges_of(soci::session& s, long long tenant,
                                                                      const std::vector<std::string>& group_ids) {
  std::map<std::string, std::map<std::string, int>> out;
  if (group_ids.empty()) return out;
  std::vector<NamedParam> params{{"t", tenant}};
  std::string sql = "SELECT group_id, application_id, access FROM group_privileges WHERE tenant_id = :t AND group_id IN (";
  append_in_list(sql, params, "g", group_ids);
  sql += ")";
  std::string group, app;
  int access = 0;
  for_each_row(s, sql, params, [&] { out[group][app] = access; }, group, app, access);
  return out;
}

std::map<std::string, std::string> application_names(soci::session& s, long long tenant,
                                                     const std::optional<std::vector<std::string>>& ids) {
  std::map<std::string, std::string> out;
  if (ids && ids->empty()) return out;
  std::vector<NamedParam> params{{"t", tenant}};
  std::string sql = "SELECT id, name FROM applications WHERE tenant_id = :t";
  if (ids) {
    sql += " AND id IN (";
    append_in_list(sql, params, "a", *ids);
    sql += ")";
  }
  std::string id, name;
  for_each_row(s, sql, params, [&] { out[id] = name; }, id, name);
  return out;
}

std::optional<std::pair<std::string, std::string>> find_application(soci::session& s, long long tenant,
                                                                    const std::string& id_or_name) {
  std::string id, name, folded = util::ascii_lower(id_or_name);
  s << "SELECT id, name FROM applications WHERE tenant_id = :t AND id = :v", soci::into(id), soci::into(name),
      soci::use(tenant, "t"), soci::use(id_or_name, "v");
  if (!s.got_data()) {
    s << "SELECT id, name FROM applications WHERE tenant_id = :t AND name_folded = :v", soci::into(id),
        soci::into(name), soci::use(tenant, "t"), soci::use(folded, "v");
    if (!s.got_data()) return std::nullopt;
  }
  return std::make_pair(id, name);
}

void delete_group_privileges(soci::session& s, long long tenant, const std::string& group_id) {
  s << "DELETE FROM group_privileges WHERE tenant_id = :t AND group_id = :g", soci::use(tenant, "t"),
      soci::use(group_id, "g");
}

void replace_group_privileges(soci::session& s, long long tenant, const std::string& group_id,
                              const std::map<std::string, int>& privileges) {
  delete_group_privileges(s, tenant, group_id);
  if (privileges.empty()) return;
  std::vector<NamedParam> params{{"t", tenant}, {"g", group_id}};
  std::string sql = "INSERT INTO group_privileges (tenant_id, group_id, application_id, access) VALUES ";
  size_t i = 0;
  for (const auto& [app, access] : privileges) {
    std::string n = std::to_string(i);
    if (i++) sql += ", ";
    sql += "(:t, :g, :a" + n + ", :r" + n + ")";
    params.push_back({"a" + n, app});
    params.push_back({"r" + n, static_cast<long long>(access)});
  }
  soci::statement st(s);
  st.alloc();
  st.prepare(sql);
  bind_params(st, params);
  st.define_and_bind();
  st.execute(true);
}

std::vector<std::string> ancestor_ids(soci::session& s, long long tenant, const std::string& group_id) {
  std::vector<std::string> out;
  std::string current = group_id;
  for (int depth = 0; depth < 256; ++depth) {
    std::string parent;
    soci::indicator ind = soci::i_null;
    s << "SELECT parent_id FROM groups WHERE tenant_id = :t AND id = :g", soci::into(parent, ind),
        soci::use(tenant, "t"), soci::use(current, "g");
    if (!s.got_data() || ind != soci::i_ok || parent.empty()) break;
    out.push_back(parent);
    if (parent == group_id) break;  // a cycle: the caller reports it
    current = parent;
  }
  return out;
}

std::vector<std::string> child_group_ids(soci::session& s, long long tenant, const std::string& group_id) {
  std::vector<NamedParam> p{{"t", tenant}, {"g", group_id}};
  return strings(s, "SELECT id FROM groups WHERE tenant_id = :t AND parent_id = :g", p);
}

std::vector<std::string> groups_with_privilege_on(soci::session& s, long long tenant, const std::string& app_id) {
  std::vector<NamedParam> p{{"t", tenant}, {"a", app_id}};
  return strings(s, "SELECT group_id FROM group_privileges WHERE tenant_id = :t AND application_id = :a", p);
}

std::vector<std::string> users_mentioning(soci::session& s, long long tenant, const std::string& text) {
  const bool pg = s.get_backend_name() == "postgresql";
  std::vector<NamedParam> p{{"t", tenant}, {"x", text}};
  return strings(s,
                 std::string("SELECT id FROM users WHERE tenant_id = :t AND ") +
                     (pg ? "strpos(CAST(doc AS TEXT), :x) > 0" : "instr(doc, :x) > 0"),
                 p);
}

void mark_users_losing_last_group(soci::session& s, long long tenant, const std::string& group_id) {
  long long t1 = tenant, t2 = tenant, t3 = tenant;
  std::string g1 = group_id, g2 = group_id;
  s << "UPDATE users SET group_lost = 1 WHERE tenant_id = :t1 AND id IN ("
       " SELECT m.member_id FROM memberships m WHERE m.tenant_id = :t2 AND m.group_id = :g1 AND m.member_type = 'User'"
       " AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.tenant_id = :t3 AND o.member_id = m.member_id"
       " AND o.group_id <> :g2))",
      soci::use(t1, "t1"), soci::use(t2, "t2"), soci::use(g1, "g1"), soci::use(t3, "t3"), soci::use(g2, "g2");
}

void clear_lost_group(soci::session& s, long long tenant, const std::vector<std::string>& user_ids) {
  if (user_ids.empty()) return;
  std::vector<NamedParam> params{{"t", tenant}};
  std::string sql = "UPDATE users SET group_lost = 0 WHERE tenant_id = :t AND group_lost = 1 AND id IN (";
  append_in_list(sql, params, "u", user_ids);
  sql += ")";
  soci::statement st(s);
  st.alloc();
  st.prepare(sql);
  bind_params(st, params);
  st.define_and_bind();
  st.execute(true);
}

}  // namespace scimd::store
