// Concurrency is exact (issue: production-grade behaviour): 16 clients, each its own HttpClient
// on its own thread, race one in-process scimd on every backend. The checks themselves live in
// tests/system/race_checks.hpp, which the two-instance system test runs against two processes.
#include "integration/fixture.hpp"
#include "system/race_checks.hpp"

namespace scimd::test {
namespace {

constexpr int client_count = 16;

class Concurrency : public HttpTest {
 protected:
  /// client_count clients of one fresh tenant, each a separate HttpClient.
  std::vector<HttpClient> clients() {
    auto first = server().fresh_client();
    std::vector<HttpClient> out(client_count, HttpClient(server().base(), first.token()));
    return out;
  }
};
SCIMD_INSTANTIATE_BACKENDS(Concurrency);

TEST_P(Concurrency, MemberAddsAndRemovesEndWithTheExactSet) {
  auto check = race::member_add_remove(clients(), "race");
  EXPECT_TRUE(check.ok) << check.detail;
  RecordProperty("counts", check.detail);
}

TEST_P(Concurrency, SameUserNameGivesOne201AndOnly409s) {
  auto check = race::unique_user_name(clients(), "same.name@example.com");
  EXPECT_TRUE(check.ok) << check.detail;
  RecordProperty("counts", check.detail);
}

TEST_P(Concurrency, PutWithTheSameIfMatchHasOneWinner) {
  auto check = race::if_match_race(clients(), "put.race", "PUT");
  EXPECT_TRUE(check.ok) << check.detail;
}

TEST_P(Concurrency, PatchWithTheSameIfMatchHasOneWinner) {
  auto check = race::if_match_race(clients(), "patch.race", "PATCH");
  EXPECT_TRUE(check.ok) << check.detail;
}

TEST_P(Concurrency, PatchWithoutIfMatchNeverLosesAnUpdate) {
  auto check = race::no_lost_patch(clients(), "lost.update");
  EXPECT_TRUE(check.ok) << check.detail;
}

TEST_P(Concurrency, DeletedUserLeavesEveryGroupEvenDuringMemberAdds) {
  auto check = race::delete_beats_add_member(clients(), "gone");
  EXPECT_TRUE(check.ok) << check.detail;
}

TEST_P(Concurrency, GetReturnsTheMembersOfTheVersionItNames) {
  auto check = race::read_is_one_version(clients(), "snapshot");
  EXPECT_TRUE(check.ok) << check.detail;
}

}  // namespace
}  // namespace scimd::test
