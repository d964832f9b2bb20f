// The lookups identity providers make before every create (userName eq, externalId eq,
// displayName eq, the work email) are answered from an index on both databases.
#include <gtest/gtest.h>

#include "scim/list_query.hpp"
#include "scim/resource_kind.hpp"
#include "store/sql_params.hpp"
#include "support/test_server.hpp"

namespace scimd::test {
namespace {

class Explain : public ::testing::TestWithParam<std::string> {
 protected:
  // The query plan of the list query a filter produces, as one text.
  std::string plan(const scim::ResourceKind& kind, const std::string& filter) {
    auto& db = TestServer::for_backend(GetParam()).database();
    scim::ListQuery q;
    q.filter = filter;
    store::ListWindow w = scim::to_window(kind, q, db.is_postgresql());
    std::string sql = "SELECT r.id FROM " + kind.table.table() + " r WHERE r.tenant_id = :tenant AND (" + w.where + ")";
    seed(db);
    std::string out;
    db.read([&](soci::session& s) {
      soci::row row;
      soci::statement st(s);
      st.alloc();
      st.prepare(std::string(db.is_postgresql() ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql);
      st.exchange(soci::into(row));
      long long tenant = fixture_tenant;
      st.exchange(soci::use(tenant, "tenant"));
      store::bind_params(st, w.params);
      st.define_and_bind();
      st.execute(false);
      while (st.fetch())
        for (std::size_t i = 0; i < row.size(); ++i)
          if (row.get_properties(i).get_data_type() == soci::dt_string && row.get_indicator(i) == soci::i_ok)
            out += row.get<std::string>(i) + "\n";
    });
    return out;
  }
  // A tenant of 5,000 users and groups with planner statistics, so that both databases
  // choose plans the way they would on a real directory.
  static constexpr long long fixture_tenant = -7;
  static void seed(store::Database& db) {
    long long n = 0;
    db.read([&](soci::session& s) { s << "SELECT COUNT(*) FROM users WHERE tenant_id = -7", soci::into(n); });
    if (n >= 5000) return;
    db.write([&](soci::session& s) {
      if (db.is_postgresql()) {
        s << "INSERT INTO users (tenant_id, id, user_name, user_name_folded, external_id, email_work_folded, created,"
             " last_modified, version, doc) SELECT -7, 'x' || i, 'u' || i, 'u' || i, 'e' || i, 'm' || i,"
             " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, '{}' FROM generate_series(1, 5000) i"
             " ON CONFLICT DO NOTHING";
        s << "INSERT INTO groups (tenant_id, id, display_name, display_name_folded, created, last_modified, version, doc)"
             " SELECT -7, 'g' || i, 'G' || i, 'g' || i, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, '{}'"
             " FROM generate_series(1, 5000) i ON CONFLICT DO NOTHING";
      } else {
        s << "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
             " INSERT OR IGNORE INTO users (tenant_id, id, user_name, user_name_folded, external_id, email_work_folded,"
             " created, last_modified, version, doc) SELECT -7, 'x' || i, 'u' || i, 'u' || i, 'e' || i, 'm' || i,"
             " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, '{}' FROM n";
        s << "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
             " INSERT OR IGNORE INTO groups (tenant_id, id, display_name, display_name_folded, created, last_modified,"
             " version, doc) SELECT -7, 'g' || i, 'G' || i, 'g' || i, '2026-01-01T00:00:00.000Z',"
             " '2026-01-01T00:00:00.000Z', 1, '{}' FROM n";
      }
    });
    db.read([&](soci::session& s) { s << "ANALYZE"; });
  }

  const scim::ResourceKinds& kinds() {
    static auto reg = scim::SchemaRegistry::load_embedded();
    static scim::ResourceKinds k(*reg, GetParam() == "postgresql");
    return k;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, Explain, ::testing::ValuesIn(backend_names()),
                         [](const auto& param_info) { return param_info.param; });

TEST_P(Explain, UserNameEqUsesTheUserNameIndex) {
  EXPECT_NE(plan(kinds().user(), R"(userName eq "ana@example.com")").find("ux_users_user_name"), std::string::npos)
      << plan(kinds().user(), R"(userName eq "ana@example.com")");
}

TEST_P(Explain, ExternalIdEqUsesTheExternalIdIndex) {
  EXPECT_NE(plan(kinds().user(), R"(externalId eq "abc")").find("ix_users_external_id"), std::string::npos)
      << plan(kinds().user(), R"(externalId eq "abc")");
}

TEST_P(Explain, WorkEmailUsesItsIndex) {
  std::string p = plan(kinds().user(), R"(emails[type eq "work"].value eq "a@b.c")");
  EXPECT_NE(p.find("ix_users_email_work"), std::string::npos) << p;
}

TEST_P(Explain, GroupDisplayNameEqUsesTheDisplayNameIndex) {
  std::string p = plan(kinds().group(), R"(displayName eq "Sales")");
  EXPECT_NE(p.find("ux_groups_display_name"), std::string::npos) << p;
}

}  // namespace
}  // namespace scimd::test
