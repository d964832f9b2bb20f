// `scimd import`: JSON lines in, rejected lines reported, everything else stored (both backends).
#include <fstream>

#include "cli/import_command.hpp"
#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class Import : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(Import);

TEST_P(Import, LoadsUsersAndGroupsKeepingIdsAndReportsBadLines) {
  std::string tenant = unique_tenant("import");
  std::string path = "/tmp/scimd-import-" + tenant + ".jsonl";
  {
    std::ofstream f(path);
    f << R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"imp-1","userName":"one@example.com"})" << "\n";
    f << R"({"userName":"two@example.com","emails":[{"value":"two@example.com","type":"work"}]})" << "\n";
    f << R"({"userName":"ONE@example.com"})" << "\n";  // duplicate: rejected
    f << "not json\n";                                  // rejected
    f << R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Imported","members":[{"value":"imp-1"}]})" << "\n";
  }
  cli::ImportOptions options{backend(GetParam()).db_url, tenant, path, 2};
  EXPECT_EQ(cli::run_import(options), 1) << "some lines were rejected";
  std::remove(path.c_str());
  auto c = server().client(tenant);
  EXPECT_EQ(c.get("/scim/v2/Users").json["totalResults"].GetInt(), 2);
  EXPECT_EQ(c.get("/scim/v2/Users/imp-1").status, 200);
  auto g = c.get("/scim/v2/Groups?filter=displayName%20eq%20%22Imported%22");
  ASSERT_EQ(g.json["totalResults"].GetInt(), 1) << g.body;
  EXPECT_STREQ(g.json["Resources"][0]["members"][0]["value"].GetString(), "imp-1");
}

}  // namespace
}  // namespace scimd::test
