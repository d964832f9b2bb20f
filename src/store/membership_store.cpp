#include "store/membership_store.hpp"

#include "store/sql_params.hpp"
#include "store/statement_cache.hpp"

namespace scimd::store {

namespace {

constexpr size_t batch_size = 500;

// Calls f with consecutive slices of at most batch_size ids.
template <class F>
void in_batches(const std::vector<std::string>& ids, F&& f) {
  for (size_t i = 0; i < ids.size(); i += batch_size) {
    std::vector<std::string> slice(ids.begin() + static_cast<long>(i),
                                   ids.begin() + static_cast<long>(std::min(ids.size(), i + batch_size)));
    f(slice);
  }
}


}  // namespace

void add_members(soci::session& s, long long tenant, const std::string& group_id,
                 const std::vector<MemberRef>& members) {
  for (size_t i = 0; i < members.size(); i += batch_size) {
    std::vector<NamedParam> params{{"tenant", tenant}, {"group", group_id}};
    std::string sql = "INSERT INTO memberships (tenant_id, group_id, member_id, member_type, display) VALUES ";
    for (size_t j = i; j < std::min(members.size(), i + batch_size); ++j) {
      std::string n = std::to_string(j - i);
      if (j > i) sql += ", ";
      // NULLIF: an empty label is stored as NULL, "no label".
      sql += "(:tenant, :group, :m" + n + ", :t" + n + ", NULLIF(:d" + n + ", ''))";
      params.push_back({"m" + n, members[j].id});
      params.push_back({"t" + n, members[j].type});
      params.push_back({"d" + n, members[j].display});
    }
    sql += " ON CONFLICT DO NOTHING";
    execute_with_params(s, sql, params);
  }
}

void remove_members(soci::session& s, long long tenant, const std::string& group_id,
                    const std::vector<std::string>& member_ids) {
  in_batches(member_ids, [&](const std::vector<std::string>& slice) {
    std::vector<NamedParam> params{{"tenant", tenant}, {"group", group_id}};
    std::string sql = "DELETE FROM memberships WHERE tenant_id = :tenant AND group_id = :group AND member_id IN (";
    append_in_list(sql, params, "m", slice);
    sql += ")";
    execute_with_params(s, sql, params);
  });
}

void clear_members(soci::session& s, long long tenant, const std::string& group_id) {
  s << "DELETE FROM memberships WHERE tenant_id = :tenant AND group_id = :group", soci::use(tenant, "tenant"),
      soci::use(group_id, "group");
}

void remove_from_all_groups(soci::session& s, long long tenant, const std::string& member_id) {
  s << "DELETE FROM memberships WHERE tenant_id = :tenant AND member_id = :member", soci::use(tenant, "tenant"),
      soci::use(member_id, "member");
}

std::map<std::string, std::vector<MemberRow>> members_of(soci::session& s, long long tenant,
                                                         const std::vector<std::string>& group_ids) {
  std::map<std::string, std::vector<MemberRow>> out;
  in_batches(group_ids, [&](const std::vector<std::string>& slice) {
    std::vector<NamedParam> params{{"tenant", tenant}};
    std::string sql =
        "SELECT m.group_id, m.member_id, m.member_type, COALESCE(m.display, u.display_name, u.user_name, g.display_name, '')"
        " FROM memberships m"
        " LEFT JOIN users u ON m.member_type = 'User' AND u.tenant_id = m.tenant_id AND u.id = m.member_id"
        " LEFT JOIN groups g ON m.member_type = 'Group' AND g.tenant_id = m.tenant_id AND g.id = m.member_id"
        " WHERE m.tenant_id = :tenant AND m.group_id IN (";
    append_in_list(sql, params, "g", slice);
    sql += ") ORDER BY m.group_id, m.member_id";
    std::string group;
    MemberRow row;
    for_each_row(s, sql, params, [&] { out[group].push_back(row); }, group, row.id, row.type, row.display);
  });
  return out;
}

namespace {
// The groups of one resource (every GET of a User asks), prepared once per connection.
struct GroupsOfOne {
  long long tenant = 0;
  std::string member;
  GroupRef ref;
  soci::statement st;
  explicit GroupsOfOne(soci::session& s)
      : st((s.prepare << "SELECT g.id, g.display_name FROM memberships m"
                         " JOIN groups g ON g.tenant_id = m.tenant_id AND g.id = m.group_id"
                         " WHERE m.tenant_id = :tenant AND m.member_id = :member ORDER BY g.display_name_folded, g.id",
            soci::into(ref.id), soci::into(ref.display), soci::use(tenant, "tenant"), soci::use(member, "member"))) {}
};
}  // namespace

std::map<std::string, std::vector<GroupRef>> groups_of(soci::session& s, long long tenant,
                                                       const std::vector<std::string>& member_ids) {
  std::map<std::string, std::vector<GroupRef>> out;
  if (member_ids.size() == 1) {
    static const std::string key = "groups_of_one";
    auto& q = StatementCache::of(s).get<GroupsOfOne>(key, [&] { return std::make_shared<GroupsOfOne>(s); });
    q.tenant = tenant;
    q.member = member_ids[0];
    auto& list = out[q.member];
    if (q.st.execute(true)) do list.push_back(q.ref); while (q.st.fetch());
    return out;
  }
  in_batches(member_ids, [&](const std::vector<std::string>& slice) {
    std::vector<NamedParam> params{{"tenant", tenant}};
    std::string sql =
        "SELECT m.member_id, g.id, g.display_name FROM memberships m"
        " JOIN groups g ON g.tenant_id = m.tenant_id AND g.id = m.group_id"
        " WHERE m.tenant_id = :tenant AND m.member_id IN (";
    append_in_list(sql, params, "m", slice);
    sql += ") ORDER BY m.member_id, g.display_name_folded, g.id";
    std::string member;
    GroupRef ref;
    for_each_row(s, sql, params, [&] { out[member].push_back(ref); }, member, ref.id, ref.display);
  });
  return out;
}

std::map<std::string, std::string> resource_types_of(soci::session& s, long long tenant,
                                                     const std::vector<std::string>& ids) {
  std::map<std::string, std::string> out;
  in_batches(ids, [&](const std::vector<std::string>& slice) {
    for (const char* table : {"users", "groups"}) {
      std::vector<NamedParam> params{{"tenant", tenant}};
      std::string sql = std::string("SELECT id FROM ") + table + " WHERE tenant_id = :tenant AND id IN (";
      append_in_list(sql, params, "i", slice);
      sql += ")";
      // On PostgreSQL the rows stay share-locked until the transaction ends, so a concurrent
      // DELETE of a member either waits for this membership and removes it, or wins and the
      // member is no longer found: no membership ever points at a deleted resource.
      if (s.get_backend_name() == "postgresql") sql += " FOR SHARE";
      std::string id;
      for_each_row(s, sql, params, [&] { out[id] = table[0] == 'u' ? "User" : "Group"; }, id);
    }
  });
  return out;
}

}  // namespace scimd::store
