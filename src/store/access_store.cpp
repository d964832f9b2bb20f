#include "store/access_store.hpp"

#include <set>

#include "store/sql_params.hpp"
#include "store/statement_cache.hpp"
#include "util/text.hpp"

namespace scimd::store {

namespace {

// The groups a resource is directly in (prepared once per connection).
struct DirectGroups {
  long long tenant = 0;
  std::string member;
  std::string group;
  soci::statement st;
  explicit DirectGroups(soci::session& s)
      : st((s.prepare << "SELECT group_id FROM memberships WHERE tenant_id = :t AND member_id = :m",
            soci::into(group), soci::use(tenant, "t"), soci::use(member, "m"))) {}
  std::vector<std::string> run(long long t, const std::string& m) {
    tenant = t;
    member = m;
    std::vector<std::string> out;
    if (st.execute(true)) do out.push_back(group); while (st.fetch());
    return out;
  }
};

// One group's access columns (prepared once per connection).
struct GroupAccessRow {
  long long tenant = 0;
  std::string id;
  AccessGroupRow row;
  soci::indicator parent_ind = soci::i_ok;
  int active = 0, applies = 1;
  soci::statement st;
  GroupAccessRow(soci::session& s, bool pg)
      : st((s.prepare << std::string("SELECT id, display_name, parent_id, COALESCE(is_active, 0),"
                                     " COALESCE(apply_privileges, 1), ") +
                             (pg ? "CAST(doc AS TEXT)" : "doc") + " FROM groups WHERE tenant_id = :t AND id = :g",
            soci::into(row.id), soci::into(row.display_name), soci::into(row.parent_id, parent_ind), soci::into(active),
            soci::into(applies), soci::into(row.doc), soci::use(tenant, "t"), soci::use(id, "g"))) {}
  std::optional<AccessGroupRow> run(long long t, const std::string& g) {
    tenant = t;
    id = g;
    if (!execute_single(st)) return std::nullopt;
    AccessGroupRow out = row;
    if (parent_ind != soci::i_ok) out.parent_id.clear();
    out.is_active = active != 0;
    out.applies_privileges = applies != 0;
    return out;
  }
};

// A user by id (prepared once per connection).
struct UserById {
  long long tenant = 0;
  std::string id;
  AccessUserRow row;
  int lost = 0;
  soci::statement st;
  UserById(soci::session& s, bool pg)
      : st((s.prepare << std::string("SELECT id, user_name, ") + (pg ? "CAST(doc AS TEXT)" : "doc") +
                             ", group_lost, COALESCE(rule_privileges, '') FROM users WHERE tenant_id = :t AND id = :i",
            soci::into(row.id), soci::into(row.user_name), soci::into(row.doc), soci::into(lost),
            soci::into(row.rule_privileges), soci::use(tenant, "t"), soci::use(id, "i"))) {}
};

// One group's privilege rows (prepared once per connection).
struct GroupPrivileges {
  long long tenant = 0;
  std::string group;
  std::string app, rule;
  int access = 0;
  soci::statement st;
  explicit GroupPrivileges(soci::session& s)
      : st((s.prepare << "SELECT application_id, access, COALESCE(rule_id, '') FROM group_privileges"
                         " WHERE tenant_id = :t AND group_id = :g",
            soci::into(app), soci::into(access), soci::into(rule), soci::use(tenant, "t"), soci::use(group, "g"))) {}
};

// An application's name by id (prepared once per connection).
struct ApplicationById {
  long long tenant = 0;
  std::string id;
  std::string name;
  soci::statement st;
  explicit ApplicationById(soci::session& s)
      : st((s.prepare << "SELECT name FROM applications WHERE tenant_id = :t AND id = :i", soci::into(name),
            soci::use(tenant, "t"), soci::use(id, "i"))) {}
};

// A user and an application by ids in one round trip (prepared once per connection).
struct UserAndApplication {
  long long t1 = 0, t2 = 0;
  std::string user_id, app_id;
  AccessUserRow row;
  int lost = 0;
  std::string found_app_id, app_name;
  soci::statement st;
  UserAndApplication(soci::session& s, bool pg)
      : st((s.prepare << std::string("SELECT u.id, u.user_name, ") + (pg ? "CAST(u.doc AS TEXT)" : "u.doc") +
                             ", u.group_lost, COALESCE(u.rule_privileges, ''), a.id, a.name FROM users u, applications a"
                             " WHERE u.tenant_id = :t1 AND u.id = :u AND a.tenant_id = :t2 AND a.id = :a",
            soci::into(row.id), soci::into(row.user_name), soci::into(row.doc), soci::into(lost),
            soci::into(row.rule_privileges), soci::into(found_app_id), soci::into(app_name), soci::use(t1, "t1"), soci::use(user_id, "u"),
            soci::use(t2, "t2"), soci::use(app_id, "a"))) {}
};

DirectGroups& direct_groups(soci::session& s) {
  return StatementCache::of(s).get<DirectGroups>("access_direct_groups", [&] { return std::make_shared<DirectGroups>(s); });
}

// Bounds a graph walk whatever the data (a user in absurdly many nested groups).
constexpr size_t max_graph_groups = 10000;

}  // namespace

std::optional<AccessUserRow> find_access_user(soci::session& s, long long tenant, const std::string& id_or_name) {
  const bool pg = s.get_backend_name() == "postgresql";
  auto& by_id = StatementCache::of(s).get<UserById>("access_user_by_id", [&] { return std::make_shared<UserById>(s, pg); });
  by_id.tenant = tenant;
  by_id.id = id_or_name;
  if (execute_single(by_id.st)) {
    AccessUserRow found = by_id.row;
    found.lost_last_group = by_id.lost != 0;
    return found;
  }
  AccessUserRow r;
  int lost = 0;
  std::string folded = util::ascii_lower(id_or_name);
  const std::string columns = "SELECT id, user_name, " + std::string(s.get_backend_name() == "postgresql" ? "CAST(doc AS TEXT)" : "doc") +
                              ", group_lost, COALESCE(rule_privileges, '') FROM users WHERE tenant_id = :t AND ";
  s << columns + "user_name_folded = :v", soci::into(r.id), soci::into(r.user_name), soci::into(r.doc),
      soci::into(lost), soci::into(r.rule_privileges), soci::use(tenant, "t"), soci::use(folded, "v");
  if (!s.got_data()) return std::nullopt;
  r.lost_last_group = lost != 0;
  return r;
}


namespace {

// The user's access graph as common table expressions: mg, the groups the user is a member
// of through nested groups (UNION ends cycles); up, those and every ancestor along parent_id;
// gr, one row per group of up and privilege. Parameters :t1 to :t5, :u1 and :u2.
constexpr const char* graph_ctes =
    "WITH RECURSIVE mg(id) AS ("
    " SELECT group_id FROM memberships WHERE tenant_id = :t1 AND member_id = :u1"
    " UNION SELECT m.group_id FROM memberships m JOIN mg ON m.member_id = mg.id"
    " WHERE m.tenant_id = :t2),"
    " up(id) AS (SELECT id FROM mg UNION SELECT g.parent_id FROM groups g JOIN up ON g.id = up.id"
    " WHERE g.tenant_id = :t3 AND g.parent_id IS NOT NULL),"
    " gr AS (SELECT g.id, g.display_name, g.parent_id, COALESCE(g.is_active, 0) AS act,"
    " COALESCE(g.apply_privileges, 1) AS ap,"
    " CASE WHEN g.id IN (SELECT id FROM mg) THEN 1 ELSE 0 END AS mem,"
    " CASE WHEN EXISTS (SELECT 1 FROM memberships d WHERE d.tenant_id = :t4 AND d.group_id = g.id"
    " AND d.member_id = :u2) THEN 1 ELSE 0 END AS dir, CAST(g.doc AS TEXT) AS gdoc,"
    " gp.application_id, gp.access, gp.rule_id"
    " FROM groups g JOIN up ON g.id = up.id"
    " LEFT JOIN group_privileges gp ON gp.tenant_id = g.tenant_id AND gp.group_id = g.id"
    " WHERE g.tenant_id = :t5)";

// PostgreSQL: the whole graph in one round trip (graph_ctes; PostgreSQL plans the recursion
// with the indexes).
struct GraphQuery {
  long long t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0;
  std::string u1, u2;
  AccessGroupRow row;
  soci::indicator parent_ind = soci::i_ok;
  int active = 0, applies = 1, member = 0, direct = 0, access = 0;
  std::string app, rule;
  soci::indicator app_ind = soci::i_ok, access_ind = soci::i_ok, rule_ind = soci::i_ok;
  soci::statement st;
  explicit GraphQuery(soci::session& s)
      : st((s.prepare << std::string(graph_ctes) +
                             " SELECT gr.id, gr.display_name, gr.parent_id, gr.act, gr.ap, gr.mem, gr.dir, gr.gdoc,"
                             " gr.application_id, gr.access, gr.rule_id FROM gr ORDER BY gr.id",
            soci::into(row.id), soci::into(row.display_name), soci::into(row.parent_id, parent_ind),
            soci::into(active), soci::into(applies), soci::into(member), soci::into(direct), soci::into(row.doc),
            soci::into(app, app_ind), soci::into(access, access_ind), soci::into(rule, rule_ind),
            soci::use(t1, "t1"), soci::use(u1, "u1"), soci::use(t2, "t2"), soci::use(t3, "t3"), soci::use(t4, "t4"),
            soci::use(u2, "u2"), soci::use(t5, "t5"))) {}
};

std::vector<AccessGroupRow> graph_in_one_query(soci::session& s, long long tenant, const std::string& user_id) {
  auto& q = StatementCache::of(s).get<GraphQuery>("access_graph_query", [&] { return std::make_shared<GraphQuery>(s); });
  q.t1 = q.t2 = q.t3 = q.t4 = q.t5 = tenant;
  q.u1 = q.u2 = user_id;
  // One row per group and privilege (ordered by group): privileges are folded into their group.
  std::vector<AccessGroupRow> out;
  if (q.st.execute(true)) {
    do {
      if (out.empty() || out.back().id != q.row.id) {
        AccessGroupRow r = q.row;
        if (q.parent_ind != soci::i_ok) r.parent_id.clear();
        r.is_active = q.active != 0;
        r.applies_privileges = q.applies != 0;
        r.is_member = q.member != 0;
        r.is_direct = q.direct != 0;
        r.privileges.emplace();
        out.push_back(std::move(r));
      }
      if (q.app_ind == soci::i_ok && q.access_ind == soci::i_ok)
        (*out.back().privileges)[q.app] = GroupPrivilege{q.access, q.rule_ind == soci::i_ok ? q.rule : ""};
    } while (q.st.fetch());
  }
  return out;
}

// PostgreSQL: the access check's user, application and graph in one statement. The graph part
// is GraphQuery's; the user and application are joined to every graph row (or to one row of
// NULLs when the user is in no group).
struct CheckQuery {
  long long t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
  std::string u1, u2, u3, app_id;
  AccessUserRow user;
  int lost = 0;
  std::string found_app, app_name;
  std::string gid, gname, gparent, gdoc, gapp, grule;
  int active = 0, applies = 1, member = 0, direct = 0, access = 0;
  soci::indicator gid_ind = soci::i_ok, gname_ind = soci::i_ok, gparent_ind = soci::i_ok, active_ind = soci::i_ok,
                  applies_ind = soci::i_ok, member_ind = soci::i_ok, direct_ind = soci::i_ok, gdoc_ind = soci::i_ok,
                  gapp_ind = soci::i_ok, access_ind = soci::i_ok, grule_ind = soci::i_ok;
  soci::statement st;
  explicit CheckQuery(soci::session& s)
      : st((s.prepare << std::string(graph_ctes) +
                         " SELECT u.id, u.user_name, CAST(u.doc AS TEXT), u.group_lost, COALESCE(u.rule_privileges, ''),"
                         " a.id, a.name, gr.id, gr.display_name, gr.parent_id, gr.act, gr.ap, gr.mem, gr.dir, gr.gdoc,"
                         " gr.application_id, gr.access, gr.rule_id"
                         " FROM users u JOIN applications a ON a.tenant_id = :t6 AND a.id = :a"
                         " LEFT JOIN gr ON TRUE WHERE u.tenant_id = :t7 AND u.id = :u3 ORDER BY gr.id",
            soci::into(user.id), soci::into(user.user_name), soci::into(user.doc), soci::into(lost),
            soci::into(user.rule_privileges), soci::into(found_app), soci::into(app_name), soci::into(gid, gid_ind),
            soci::into(gname, gname_ind), soci::into(gparent, gparent_ind), soci::into(active, active_ind),
            soci::into(applies, applies_ind), soci::into(member, member_ind), soci::into(direct, direct_ind),
            soci::into(gdoc, gdoc_ind), soci::into(gapp, gapp_ind), soci::into(access, access_ind),
            soci::into(grule, grule_ind), soci::use(t1, "t1"), soci::use(u1, "u1"), soci::use(t2, "t2"),
            soci::use(t3, "t3"), soci::use(t4, "t4"), soci::use(u2, "u2"), soci::use(t5, "t5"), soci::use(t6, "t6"),
            soci::use(app_id, "a"), soci::use(t7, "t7"), soci::use(u3, "u3"))) {}
};

}  // namespace

std::optional<CheckRows> check_rows_in_one_query(soci::session& s, long long tenant, const std::string& user_id,
                                                 const std::string& application_id) {
  auto& q = StatementCache::of(s).get<CheckQuery>("access_check_query", [&] { return std::make_shared<CheckQuery>(s); });
  q.t1 = q.t2 = q.t3 = q.t4 = q.t5 = q.t6 = q.t7 = tenant;
  q.u1 = q.u2 = q.u3 = user_id;
  q.app_id = application_id;
  if (!q.st.execute(true)) return std::nullopt;
  CheckRows out;
  out.user = q.user;
  out.user.lost_last_group = q.lost != 0;
  out.application = {q.found_app, q.app_name};
  do {
    if (q.gid_ind != soci::i_ok) continue;  // the user is in no group
    if (out.graph.empty() || out.graph.back().id != q.gid) {
      AccessGroupRow r;
      r.id = q.gid;
      r.display_name = q.gname;
      if (q.gparent_ind == soci::i_ok) r.parent_id = q.gparent;
      r.is_active = q.active != 0;
      r.applies_privileges = q.applies != 0;
      r.is_member = q.member != 0;
      r.is_direct = q.direct != 0;
      r.doc = q.gdoc;
      r.privileges.emplace();
      out.graph.push_back(std::move(r));
    }
    if (q.gapp_ind == soci::i_ok && q.access_ind == soci::i_ok)
      (*out.graph.back().privileges)[q.gapp] = GroupPrivilege{q.access, q.grule_ind == soci::i_ok ? q.grule : ""};
  } while (q.st.fetch());
  return out;
}

std::vector<AccessGroupRow> access_graph(soci::session& s, long long tenant, const std::string& user_id) {
  if (s.get_backend_name() == "postgresql") return graph_in_one_query(s, tenant, user_id);
  // SQLite: walked here, one indexed lookup per group, because SQLite plans the recursive
  // query by table statistics and then scans memberships to build a Bloom filter.
  auto& cache = StatementCache::of(s);
  auto& direct = direct_groups(s);
  auto& group_row =
      cache.get<GroupAccessRow>("access_group_row", [&] { return std::make_shared<GroupAccessRow>(s, false); });

  // Membership: the user's groups, then the groups those groups are members of (any depth).
  std::set<std::string> members;
  std::vector<std::string> frontier = direct.run(tenant, user_id);
  const std::set<std::string> direct_ids(frontier.begin(), frontier.end());
  while (!frontier.empty() && members.size() < max_graph_groups) {
    std::vector<std::string> next;
    for (const auto& g : frontier)
      if (members.insert(g).second)
        for (auto& parent : direct.run(tenant, g)) next.push_back(std::move(parent));
    frontier = std::move(next);
  }
  // Every member group and its ancestors along parent_id.
  std::vector<AccessGroupRow> out;
  std::set<std::string> seen;
  for (const auto& g : members) {
    std::string current = g;
    while (!current.empty() && seen.size() < max_graph_groups && seen.insert(current).second) {
      auto row = group_row.run(tenant, current);
      if (!row) break;
      row->is_member = members.count(current) > 0;
      row->is_direct = direct_ids.count(current) > 0;
      current = row->parent_id;
      out.push_back(std::move(*row));
    }
  }
  return out;
}

std::map<std::string, std::map<std::string, GroupPrivilege>> group_privileges_of(
    soci::session& s, long long tenant, const std::vector<std::string>& group_ids) {
  std::map<std::string, std::map<std::string, GroupPrivilege>> out;
  auto& q = StatementCache::of(s).get<GroupPrivileges>("access_group_privileges",
                                                       [&] { return std::make_shared<GroupPrivileges>(s); });
  q.tenant = tenant;
  for (const auto& g : group_ids) {
    q.group = g;
    if (q.st.execute(true)) do out[g][q.app] = GroupPrivilege{q.access, q.rule}; while (q.st.fetch());
  }
  return out;
}

std::optional<std::pair<AccessUserRow, std::pair<std::string, std::string>>> find_user_and_application_by_ids(
    soci::session& s, long long tenant, const std::string& user_id, const std::string& application_id) {
  const bool pg = s.get_backend_name() == "postgresql";
  auto& q = StatementCache::of(s).get<UserAndApplication>(
      "access_user_and_application", [&] { return std::make_shared<UserAndApplication>(s, pg); });
  q.t1 = q.t2 = tenant;
  q.user_id = user_id;
  q.app_id = application_id;
  if (!execute_single(q.st)) return std::nullopt;
  AccessUserRow row = q.row;
  row.lost_last_group = q.lost != 0;
  return std::make_pair(row, std::make_pair(q.found_app_id, q.app_name));
}

std::map<std::string, std::string> application_names(soci::session& s, long long tenant,
                                                     const std::optional<std::vector<std::string>>& ids) {
  std::map<std::string, std::string> out;
  if (ids && ids->empty()) return out;
  if (ids && ids->size() <= 16) {  // the usual case: a few point lookups on a prepared statement
    auto& q = StatementCache::of(s).get<ApplicationById>("access_application_by_id",
                                                         [&] { return std::make_shared<ApplicationById>(s); });
    q.tenant = tenant;
    for (const auto& id : *ids) {
      q.id = id;
      if (execute_single(q.st)) out[id] = q.name;
    }
    return out;
  }
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
  auto known = application_names(s, tenant, std::vector<std::string>{id_or_name});
  if (!known.empty()) return *known.begin();
  std::string id, name, folded = util::ascii_lower(id_or_name);
  s << "SELECT id, name FROM applications WHERE tenant_id = :t AND name_folded = :v", soci::into(id),
      soci::into(name), soci::use(tenant, "t"), soci::use(folded, "v");
  if (!s.got_data()) return std::nullopt;
  return std::make_pair(id, name);
}

void delete_group_privileges(soci::session& s, long long tenant, const std::string& group_id) {
  s << "DELETE FROM group_privileges WHERE tenant_id = :t AND group_id = :g", soci::use(tenant, "t"),
      soci::use(group_id, "g");
}

void replace_group_privileges(soci::session& s, long long tenant, const std::string& group_id,
                              const std::map<std::string, int>& privileges) {
  // Hand-set rows are replaced; a rule's row gives way where an admin lists the application
  // (rules re-derive their rows, see scim/mapping_rules.cpp).
  std::vector<NamedParam> params{{"t", tenant}, {"g", group_id}};
  std::string del = "DELETE FROM group_privileges WHERE tenant_id = :t AND group_id = :g AND (rule_id IS NULL";
  if (!privileges.empty()) {
    std::vector<std::string> apps;
    for (const auto& [app, access] : privileges) apps.push_back(app);
    del += " OR application_id IN (";
    append_in_list(del, params, "d", apps);
    del += ")";
  }
  execute_with_params(s, del + ")", params);
  if (privileges.empty()) return;
  params = {{"t", tenant}, {"g", group_id}};
  std::string sql = "INSERT INTO group_privileges (tenant_id, group_id, application_id, access) VALUES ";
  size_t i = 0;
  for (const auto& [app, access] : privileges) {
    std::string n = std::to_string(i);
    if (i++) sql += ", ";
    sql += "(:t, :g, :a" + n + ", :r" + n + ")";
    params.push_back({"a" + n, app});
    params.push_back({"r" + n, static_cast<long long>(access)});
  }
  execute_with_params(s, sql, params);
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
  return query_strings(s, "SELECT id FROM groups WHERE tenant_id = :t AND parent_id = :g", p);
}

std::vector<std::string> groups_with_privilege_on(soci::session& s, long long tenant, const std::string& app_id) {
  std::vector<NamedParam> p{{"t", tenant}, {"a", app_id}};
  return query_strings(s, "SELECT group_id FROM group_privileges WHERE tenant_id = :t AND application_id = :a", p);
}

std::vector<std::string> users_mentioning(soci::session& s, long long tenant, const std::string& text) {
  const bool pg = s.get_backend_name() == "postgresql";
  std::vector<NamedParam> p{{"t", tenant}, {"x", text}};
  return query_strings(s,
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
  execute_with_params(s, sql, params);
}

}  // namespace scimd::store
