#include "test_db.hpp"

#include "user_documents.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <unistd.h>

namespace scimd::filters::test {

std::vector<Dialect> available_backends() {
  std::vector<Dialect> backends{Dialect::sqlite};
  if (const char* pg = std::getenv("SCIMD_TEST_PG"); pg != nullptr && *pg != '\0')
    backends.push_back(Dialect::postgresql);
  return backends;
}

TestDb::TestDb(Dialect dialect) : dialect_(dialect) {
  if (dialect == Dialect::sqlite) {
    session_ = std::make_unique<soci::session>(soci::sqlite3, ":memory:");
    users_ = "users";
    groups_ = "groups";
    memberships_ = "memberships";
  } else {
    session_ = std::make_unique<soci::session>(soci::postgresql, std::getenv("SCIMD_TEST_PG"));
    // A schema per run, so parallel runs never share tables.
    std::mt19937_64 rng(static_cast<unsigned long long>(
        std::chrono::steady_clock::now().time_since_epoch().count()) ^ static_cast<unsigned long long>(::getpid()));
    schema_ = "scimd_filters_test_" + std::to_string(::getpid()) + "_" + std::to_string(rng() % 1000000);
    exec("CREATE SCHEMA " + schema_);
    exec("SET TIME ZONE 'UTC'");  // what scimd sets on its connections
    users_ = schema_ + ".users";
    groups_ = schema_ + ".groups";
    memberships_ = schema_ + ".memberships";
  }
  const std::string doc_type = dialect == Dialect::sqlite ? "TEXT" : "jsonb";
  exec("CREATE TABLE " + users_ + " (tenant_id TEXT NOT NULL, id TEXT NOT NULL, doc " + doc_type +
       " NOT NULL, user_name_folded TEXT, external_id TEXT, active INTEGER, created TEXT, "
       "last_modified TEXT, email_work_folded TEXT, PRIMARY KEY (tenant_id, id))");
  exec("CREATE TABLE " + groups_ + " (tenant_id TEXT NOT NULL, id TEXT NOT NULL, doc " + doc_type +
       " NOT NULL, display_name_folded TEXT, external_id TEXT, created TEXT, last_modified TEXT, "
       "PRIMARY KEY (tenant_id, id))");
  exec("CREATE TABLE " + memberships_ +
       " (tenant_id TEXT NOT NULL, group_id TEXT NOT NULL, member_id TEXT NOT NULL, "
       "member_type TEXT NOT NULL, PRIMARY KEY (tenant_id, group_id, member_id))");
}

TestDb::~TestDb() {
  if (!schema_.empty()) {
    try {
      exec("SET client_min_messages = warning");
      exec("DROP SCHEMA " + schema_ + " CASCADE");
    } catch (...) {
      // Nothing else to do in a destructor; the schema name is unique to this run.
    }
  }
}

void TestDb::exec(const std::string& sql) { *session_ << sql; }

namespace {

// A nullable text column value with the SOCI indicator that must outlive the statement.
struct Nullable {
  explicit Nullable(const std::optional<std::string>& v)
      : value(v.value_or("")), indicator(v ? soci::i_ok : soci::i_null) {}
  std::string value;
  soci::indicator indicator;
};

}  // namespace

void TestDb::insert(const std::vector<UserRow>& users, const std::vector<GroupRow>& groups) {
  const std::string doc = dialect_ == Dialect::sqlite ? ":doc" : "CAST(:doc AS jsonb)";
  soci::transaction tx(*session_);
  // Every row exists in tenants "t1" and "t2"; queries read "t1" only.
  for (const std::string tenant : {"t1", "t2"}) {
    for (const UserRow& u : users) {
      Nullable user_name(u.user_name_folded), external_id(u.external_id), created(u.created),
          last_modified(u.last_modified), email_work(u.email_work_folded);
      soci::indicator active_indicator = u.active ? soci::i_ok : soci::i_null;
      long long active = u.active.value_or(0);
      *session_ << "INSERT INTO " + users_ + " VALUES (:tenant, :id, " + doc +
                       ", :user_name, :external_id, :active, :created, :last_modified, :email_work)",
          soci::use(tenant, "tenant"), soci::use(u.id, "id"), soci::use(u.doc, "doc"),
          soci::use(user_name.value, user_name.indicator, "user_name"),
          soci::use(external_id.value, external_id.indicator, "external_id"),
          soci::use(active, active_indicator, "active"),
          soci::use(created.value, created.indicator, "created"),
          soci::use(last_modified.value, last_modified.indicator, "last_modified"),
          soci::use(email_work.value, email_work.indicator, "email_work");
    }
    for (const GroupRow& g : groups) {
      Nullable display_name(g.display_name_folded), external_id(g.external_id), created(g.created),
          last_modified(g.last_modified);
      *session_ << "INSERT INTO " + groups_ + " VALUES (:tenant, :id, " + doc +
                       ", :display_name, :external_id, :created, :last_modified)",
          soci::use(tenant, "tenant"), soci::use(g.id, "id"), soci::use(g.doc, "doc"),
          soci::use(display_name.value, display_name.indicator, "display_name"),
          soci::use(external_id.value, external_id.indicator, "external_id"),
          soci::use(created.value, created.indicator, "created"),
          soci::use(last_modified.value, last_modified.indicator, "last_modified");
      for (const auto& [member_id, member_type] : g.members)
        *session_ << "INSERT INTO " + memberships_ +
                         " VALUES (:tenant, :group_id, :member_id, :member_type)",
            soci::use(tenant, "tenant"), soci::use(g.id, "group_id"),
            soci::use(member_id, "member_id"), soci::use(member_type, "member_type");
    }
  }
  tx.commit();
}

std::vector<std::string> TestDb::select_ids(const std::string& table, const SqlFragment& where,
                                            const std::string& order_by) {
  SqlFragment bound = where;  // SOCI binds references: keep the values alive here
  std::string tenant = "t1";
  std::string id;
  std::string query = "SELECT r.id FROM ";
  query += table;
  query += " r WHERE r.tenant_id = :tenant AND (";
  query += bound.text;
  query += ") ORDER BY ";
  query += order_by;
  soci::details::prepare_temp_type prepared = (session_->prepare << query);
  prepared, soci::into(id), soci::use(tenant, "tenant");
  for (std::size_t i = 0; i < bound.params.size(); ++i) {
    const std::string name = std::string(1, 'f').append(std::to_string(i + 1));
    std::visit([&](auto& value) { prepared, soci::use(value, name); }, bound.params[i]);
  }
  soci::statement statement(prepared);
  statement.execute();
  std::vector<std::string> ids;
  while (statement.fetch()) ids.push_back(id);
  return ids;
}

}  // namespace scimd::filters::test
