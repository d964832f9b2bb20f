#pragma once
// Concurrency checks that race many clients against scimd over HTTP and verify the exact
// outcome. Shared by tests/integration/concurrency_test.cpp (one in-process server, both
// backends) and tests/system/race_check.cpp (clients spread over several scimd processes on one
// PostgreSQL). Every client in `clients` holds a token of the same tenant; each thread uses its
// own HttpClient. Header-only so that both test targets can use it without a shared library.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"

namespace scimd::test::race {

/// The outcome of one check: ok, plus the counts that show what was verified.
struct Check {
  explicit Check(std::string check_name) : name(std::move(check_name)) {}

  std::string name;
  bool ok = true;
  std::string detail;  ///< counts on success; every discrepancy on failure

  void fail(const std::string& why) {
    ok = false;
    detail += (detail.empty() ? "" : "; ") + why;
  }
  void note(const std::string& what) { detail += (detail.empty() ? "" : "; ") + what; }
};

inline const std::string user_schema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline const std::string patch_schema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A body for PATCH with these operations (a JSON array).
inline std::string patch_body(const std::string& operations) {
  return R"({"schemas":[")" + patch_schema + R"("],"Operations":)" + operations + "}";
}

/// Runs f(i) for i in [0, n) on n threads released together, and waits for all of them.
/// An exception escaping f is recorded as "thread i: what" in errors.
inline void run_together(int n, const std::function<void(int)>& f, std::vector<std::string>& errors) {
  std::latch start(n);
  std::mutex mutex;
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        f(i);
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex);
        errors.push_back("thread " + std::to_string(i) + ": " + e.what());
      }
    });
  }
  for (auto& t : threads) t.join();
}

/// "201 x1, 409 x15"
inline std::string histogram(const std::map<long, int>& statuses) {
  std::string out;
  for (const auto& [status, n] : statuses) out += (out.empty() ? "" : ", ") + std::to_string(status) + " x" + std::to_string(n);
  return out.empty() ? "none" : out;
}

/// How many answers had this status.
inline int count_of(const std::map<long, int>& statuses, long status) {
  auto it = statuses.find(status);
  return it == statuses.end() ? 0 : it->second;
}

/// The id of a 201 reply, or "".
inline std::string id_of(const Reply& r) {
  return r.json.IsObject() && r.json.HasMember("id") && r.json["id"].IsString() ? r.json["id"].GetString() : "";
}

/// The meta.version counter of an ETag W/"N" (or "N"), or -1.
inline long long version_of_etag(const std::string& etag) {
  size_t first = etag.find('"');
  size_t last = etag.rfind('"');
  if (first == std::string::npos || last <= first + 1) return -1;
  try {
    return std::stoll(etag.substr(first + 1, last - first - 1));
  } catch (const std::exception&) {
    return -1;
  }
}

/// Creates users named prefix-0 .. prefix-(n-1) from n threads at once; returns their ids in
/// order ("" where the create failed, which is also noted in check).
inline std::vector<std::string> create_users(const std::vector<HttpClient>& clients, const std::string& prefix, int n,
                                             Check& check) {
  std::vector<std::string> ids(static_cast<size_t>(n));
  std::vector<std::string> errors;
  std::mutex mutex;
  const int workers = std::min<int>(n, static_cast<int>(clients.size()));
  run_together(
      workers,
      [&](int w) {
        const HttpClient& c = clients[static_cast<size_t>(w)];
        for (int i = w; i < n; i += workers) {
          std::string name = prefix + "-" + std::to_string(i);
          auto r = c.post("/scim/v2/Users", R"({"schemas":[")" + user_schema + R"("],"userName":")" + name + "\"}");
          std::lock_guard lock(mutex);
          if (r.status == 201) ids[static_cast<size_t>(i)] = id_of(r);
          else errors.push_back("create " + name + ": " + std::to_string(r.status) + " " + r.body);
        }
      },
      errors);
  for (const auto& e : errors) check.fail(e);
  return ids;
}

/// RFC 7643 §4.1.1 (userName unique per tenant, compared ignoring case): as many concurrent
/// POSTs of one userName as there are clients, each spelling it in another case. Exactly one
/// 201; every other answer is 409 with scimType uniqueness; one user exists afterwards.
inline Check unique_user_name(const std::vector<HttpClient>& clients, const std::string& user_name) {
  Check check("unique userName race");
  std::map<long, int> statuses;
  std::vector<std::string> errors;
  std::mutex mutex;
  run_together(
      static_cast<int>(clients.size()),
      [&](int i) {
        std::string spelled = user_name;
        for (size_t k = 0; k < spelled.size(); ++k)
          if ((static_cast<size_t>(i) >> (k % 8)) & 1u) spelled[k] = static_cast<char>(std::toupper(static_cast<unsigned char>(spelled[k])));
        auto r = clients[static_cast<size_t>(i)].post(
            "/scim/v2/Users", R"({"schemas":[")" + user_schema + R"("],"userName":")" + spelled + "\"}");
        std::lock_guard lock(mutex);
        ++statuses[r.status];
        if (r.status == 409) {
          std::string type = r.json.IsObject() && r.json.HasMember("scimType") ? r.json["scimType"].GetString() : "";
          if (type != "uniqueness") errors.push_back("409 with scimType '" + type + "': " + r.body);
        } else if (r.status != 201) {
          errors.push_back(std::to_string(r.status) + ": " + r.body);
        }
      },
      errors);
  const int n = static_cast<int>(clients.size());
  if (count_of(statuses, 201) != 1 || count_of(statuses, 409) != n - 1)
    check.fail("expected 201 x1, 409 x" + std::to_string(n - 1));
  for (const auto& e : errors) check.fail(e);
  auto list = clients[0].get("/scim/v2/Users?filter=" + std::string("userName%20eq%20%22") + user_name + "%22");
  int total = list.json.IsObject() && list.json.HasMember("totalResults") ? list.json["totalResults"].GetInt() : -1;
  if (total != 1) check.fail("users with that userName afterwards: " + std::to_string(total) + " (expected 1)");
  check.note(std::to_string(n) + " POSTs: " + histogram(statuses) + "; stored: " + std::to_string(total));
  return check;
}

/// The member ids of a group, sorted, read through `c`.
inline std::vector<std::string> member_ids(const HttpClient& c, const std::string& group_id, Check& check) {
  std::vector<std::string> ids;
  auto r = c.get("/scim/v2/Groups/" + group_id);
  if (r.status != 200) {
    check.fail("GET group: " + std::to_string(r.status) + " " + r.body);
    return ids;
  }
  if (r.json.HasMember("members"))
    for (const auto& m : r.json["members"].GetArray()) ids.push_back(m["value"].GetString());
  std::sort(ids.begin(), ids.end());
  return ids;
}

/// Every client adds `rounds` members of its own and removes `rounds` members of its own from
/// one group, one PATCH per change, all at once. The group ends with exactly the initial set
/// minus the removed plus the added, and its version counts every PATCH.
inline Check member_add_remove(const std::vector<HttpClient>& clients, const std::string& prefix, int rounds = 3) {
  Check check("member add/remove race");
  const int n = static_cast<int>(clients.size());
  auto to_add = create_users(clients, prefix + "-add", n * rounds, check);
  auto to_remove = create_users(clients, prefix + "-rm", n * rounds, check);
  auto keep = create_users(clients, prefix + "-keep", 2, check);
  if (!check.ok) return check;

  std::string initial;
  for (const auto* ids : {&to_remove, &keep})
    for (const auto& id : *ids) initial += std::string(initial.empty() ? "" : ",") + R"({"value":")" + id + "\"}";
  auto g = clients[0].post("/scim/v2/Groups", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],)"
                                              R"("displayName":")" + prefix + R"(-group","members":[)" + initial + "]}");
  if (g.status != 201) {
    check.fail("create group: " + std::to_string(g.status) + " " + g.body);
    return check;
  }
  const std::string group = id_of(g);
  const long long version_before = version_of_etag(g.header("etag"));

  std::map<long, int> statuses;
  std::vector<std::string> errors;
  std::mutex mutex;
  run_together(
      n,
      [&](int i) {
        const HttpClient& c = clients[static_cast<size_t>(i)];
        for (int k = 0; k < rounds; ++k) {
          const auto& add = to_add[static_cast<size_t>(i * rounds + k)];
          const auto& rm = to_remove[static_cast<size_t>(i * rounds + k)];
          auto a = c.patch("/scim/v2/Groups/" + group,
                           patch_body(R"([{"op":"add","path":"members","value":[{"value":")" + add + R"("}]}])"));
          auto r = c.patch("/scim/v2/Groups/" + group,
                           patch_body(R"([{"op":"remove","path":"members[value eq \")" + rm + R"(\"]"}])"));
          std::lock_guard lock(mutex);
          for (const auto* reply : {&a, &r}) {
            ++statuses[reply->status];
            if (reply->status != 204) errors.push_back(std::to_string(reply->status) + ": " + reply->body);
          }
        }
      },
      errors);
  for (const auto& e : errors) check.fail(e);

  std::vector<std::string> expected(to_add);
  expected.insert(expected.end(), keep.begin(), keep.end());
  std::sort(expected.begin(), expected.end());
  auto actual = member_ids(clients[0], group, check);
  if (actual != expected) {
    std::set<std::string> want(expected.begin(), expected.end()), got(actual.begin(), actual.end());
    int missing = 0, extra = 0;
    for (const auto& id : want) missing += got.count(id) ? 0 : 1;
    for (const auto& id : got) extra += want.count(id) ? 0 : 1;
    check.fail("member set differs: " + std::to_string(missing) + " expected members missing, " +
               std::to_string(extra) + " unexpected members present");
  }
  const long long patches = 2LL * n * rounds;
  auto after = clients[0].get("/scim/v2/Groups/" + group + "?attributes=id");
  const long long version_after = version_of_etag(after.header("etag"));
  if (version_after != version_before + patches)
    check.fail("group version " + std::to_string(version_after) + ", expected " +
               std::to_string(version_before + patches));
  check.note(std::to_string(patches) + " PATCHes: " + histogram(statuses) + "; members " +
             std::to_string(actual.size()) + " (expected " + std::to_string(expected.size()) + "); version " +
             std::to_string(version_before) + " -> " + std::to_string(version_after));
  return check;
}

/// RFC 7644 §3.14: every client sends a write carrying the same If-Match at once; exactly one
/// succeeds and every other answer is 412, and the stored resource is the winner's.
/// `method` is "PUT" or "PATCH" (PATCH asks for the representation, so a winner answers 200).
inline Check if_match_race(const std::vector<HttpClient>& clients, const std::string& user_name,
                           const std::string& method) {
  Check check("If-Match " + method + " race");
  auto created = clients[0].post("/scim/v2/Users", R"({"schemas":[")" + user_schema + R"("],"userName":")" +
                                                       user_name + "\"}");
  if (created.status != 201) {
    check.fail("create: " + std::to_string(created.status) + " " + created.body);
    return check;
  }
  const std::string id = id_of(created);
  const std::string etag = created.header("etag");
  std::map<long, int> statuses;
  std::vector<std::string> errors, winners;
  std::mutex mutex;
  run_together(
      static_cast<int>(clients.size()),
      [&](int i) {
        const std::string title = "writer-" + std::to_string(i);
        Reply r = method == "PUT"
                      ? clients[static_cast<size_t>(i)].put(
                            "/scim/v2/Users/" + id,
                            R"({"schemas":[")" + user_schema + R"("],"userName":")" + user_name + R"(","title":")" + title + "\"}",
                            {{"If-Match", etag}})
                      : clients[static_cast<size_t>(i)].patch(
                            "/scim/v2/Users/" + id, patch_body(R"([{"op":"replace","path":"title","value":")" + title + "\"}]"),
                            {{"If-Match", etag}, {"Prefer", "return=representation"}});
        std::lock_guard lock(mutex);
        ++statuses[r.status];
        if (r.status == 200) winners.push_back(title);
        else if (r.status != 412) errors.push_back(std::to_string(r.status) + ": " + r.body);
      },
      errors);
  const int n = static_cast<int>(clients.size());
  if (count_of(statuses, 200) != 1 || count_of(statuses, 412) != n - 1)
    check.fail("expected 200 x1, 412 x" + std::to_string(n - 1));
  for (const auto& e : errors) check.fail(e);
  auto after = clients[0].get("/scim/v2/Users/" + id);
  const long long version = version_of_etag(after.header("etag"));
  const std::string title = after.json.IsObject() && after.json.HasMember("title") ? after.json["title"].GetString() : "";
  if (version != version_of_etag(etag) + 1) check.fail("version afterwards " + std::to_string(version));
  if (winners.size() == 1 && title != winners[0]) check.fail("stored title '" + title + "' is not the winner's");
  check.note(std::to_string(n) + " " + method + "s with If-Match " + etag + ": " + histogram(statuses) +
             "; version afterwards " + std::to_string(version));
  return check;
}

/// Every client sends `per_client` PATCHes without If-Match to one user at once, each replacing
/// displayName and adding an email of its own. No update is lost: the version counts every
/// PATCH and every email is present.
inline Check no_lost_patch(const std::vector<HttpClient>& clients, const std::string& user_name, int per_client = 4) {
  Check check("PATCH without If-Match loses nothing");
  auto created = clients[0].post("/scim/v2/Users", R"({"schemas":[")" + user_schema + R"("],"userName":")" +
                                                       user_name + "\"}");
  if (created.status != 201) {
    check.fail("create: " + std::to_string(created.status) + " " + created.body);
    return check;
  }
  const std::string id = id_of(created);
  std::map<long, int> statuses;
  std::vector<std::string> errors;
  std::mutex mutex;
  const int n = static_cast<int>(clients.size());
  run_together(
      n,
      [&](int i) {
        for (int k = 0; k < per_client; ++k) {
          std::string tag = std::to_string(i) + "-" + std::to_string(k);
          auto r = clients[static_cast<size_t>(i)].patch(
              "/scim/v2/Users/" + id,
              patch_body(R"([{"op":"replace","path":"displayName","value":"writer )" + tag + R"("},)"
                         R"({"op":"add","path":"emails","value":[{"value":"w)" + tag + R"(@example.com","type":"other"}]}])"));
          std::lock_guard lock(mutex);
          ++statuses[r.status];
          if (r.status != 204) errors.push_back(std::to_string(r.status) + ": " + r.body);
        }
      },
      errors);
  for (const auto& e : errors) check.fail(e);
  auto after = clients[0].get("/scim/v2/Users/" + id);
  const long long version = version_of_etag(after.header("etag"));
  const long long expected_version = 1 + static_cast<long long>(n) * per_client;
  if (version != expected_version)
    check.fail("version " + std::to_string(version) + ", expected " + std::to_string(expected_version));
  std::set<std::string> emails;
  if (after.json.IsObject() && after.json.HasMember("emails"))
    for (const auto& e : after.json["emails"].GetArray()) emails.insert(e["value"].GetString());
  size_t missing = 0;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < per_client; ++k)
      missing += emails.count("w" + std::to_string(i) + "-" + std::to_string(k) + "@example.com") ? 0 : 1;
  if (missing > 0 || emails.size() != static_cast<size_t>(n * per_client))
    check.fail(std::to_string(missing) + " emails missing, " + std::to_string(emails.size()) + " stored");
  check.note(std::to_string(n * per_client) + " PATCHes: " + histogram(statuses) + "; version " +
             std::to_string(version) + " (expected " + std::to_string(expected_version) + "); emails " +
             std::to_string(emails.size()));
  return check;
}

/// DESIGN.md: "a deleted user leaves every group". Half of the clients add users to groups
/// while the other half delete those same users, at once. Afterwards no group lists a member
/// that does not exist.
inline Check delete_beats_add_member(const std::vector<HttpClient>& clients, const std::string& prefix) {
  Check check("deleted user leaves every group under concurrent member adds");
  const int n = static_cast<int>(clients.size());
  const int pairs = std::max(1, n / 2);
  const int per_pair = 6;
  auto users = create_users(clients, prefix + "-u", pairs * per_pair, check);
  std::vector<std::string> groups;
  for (int p = 0; p < pairs; ++p) {
    auto g = clients[0].post("/scim/v2/Groups", R"({"displayName":")" + prefix + "-g" + std::to_string(p) + R"("})");
    if (g.status != 201) check.fail("create group: " + std::to_string(g.status) + " " + g.body);
    groups.push_back(id_of(g));
  }
  if (!check.ok) return check;
  std::map<long, int> statuses;
  std::vector<std::string> errors;
  std::mutex mutex;
  run_together(
      pairs * 2,
      [&](int i) {
        const HttpClient& c = clients[static_cast<size_t>(i) % clients.size()];
        const int p = i / 2;
        for (int k = 0; k < per_pair; ++k) {
          const auto& user = users[static_cast<size_t>(p * per_pair + k)];
          Reply r = i % 2 == 0 ? c.patch("/scim/v2/Groups/" + groups[static_cast<size_t>(p)],
                                         patch_body(R"([{"op":"add","path":"members","value":[{"value":")" + user + R"("}]}])"))
                               : c.del("/scim/v2/Users/" + user);
          std::lock_guard lock(mutex);
          ++statuses[r.status];
          if (r.status != 204) errors.push_back(std::to_string(r.status) + ": " + r.body);
        }
      },
      errors);
  for (const auto& e : errors) check.fail(e);
  int dangling = 0, members = 0;
  for (const auto& g : groups)
    for (const auto& id : member_ids(clients[0], g, check)) {
      ++members;
      if (clients[0].get("/scim/v2/Users/" + id + "?attributes=id").status == 404) ++dangling;
    }
  if (dangling > 0) check.fail(std::to_string(dangling) + " group members are users that were deleted");
  check.note(std::to_string(pairs * per_pair) + " adds racing " + std::to_string(pairs * per_pair) + " deletes: " +
             histogram(statuses) + "; members left " + std::to_string(members) + ", dangling " + std::to_string(dangling));
  return check;
}

/// RFC 7644 §3.14: an ETag names one version of a resource, so a GET must return the members
/// of the version its ETag and meta.version name. One client toggles one member in and out of a
/// group (version even: member present, odd: absent) while every other client reads the group;
/// each read must agree with its own version.
inline Check read_is_one_version(const std::vector<HttpClient>& clients, const std::string& prefix,
                                 int toggles = 30) {
  Check check("a GET returns the members of the version it names");
  auto member = create_users(clients, prefix + "-member", 1, check);
  if (!check.ok) return check;
  auto g = clients[0].post("/scim/v2/Groups", R"({"displayName":")" + prefix + R"(-group"})");
  if (g.status != 201) {
    check.fail("create group: " + std::to_string(g.status) + " " + g.body);
    return check;
  }
  const std::string group = id_of(g);
  const std::string& x = member[0];
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0}, inconsistent{0};
  std::vector<std::string> errors, examples;
  std::mutex mutex;
  run_together(
      static_cast<int>(clients.size()),
      [&](int i) {
        const HttpClient& c = clients[static_cast<size_t>(i)];
        if (i == 0) {
          for (int k = 0; k < toggles; ++k) {
            auto r = c.patch("/scim/v2/Groups/" + group,
                             patch_body(k % 2 == 0 ? R"([{"op":"add","path":"members","value":[{"value":")" + x + R"("}]}])"
                                                   : R"([{"op":"remove","path":"members[value eq \")" + x + R"(\"]"}])"));
            if (r.status != 204) {
              std::lock_guard lock(mutex);
              errors.push_back("PATCH: " + std::to_string(r.status) + " " + r.body);
            }
          }
          writing = false;
          return;
        }
        while (writing) {
          auto r = c.get("/scim/v2/Groups/" + group);
          if (r.status != 200) {
            std::lock_guard lock(mutex);
            errors.push_back("GET: " + std::to_string(r.status) + " " + r.body);
            return;
          }
          const long long version = version_of_etag(r.header("etag"));
          const size_t members = r.json.HasMember("members") ? r.json["members"].Size() : 0;
          ++reads;
          if (members != (version % 2 == 0 ? 1u : 0u)) {
            ++inconsistent;
            std::lock_guard lock(mutex);
            if (examples.size() < 3)
              examples.push_back("version " + std::to_string(version) + " with " + std::to_string(members) + " members");
          }
        }
      },
      errors);
  for (const auto& e : errors) check.fail(e);
  if (inconsistent > 0) {
    std::string shown;
    for (const auto& e : examples) shown += (shown.empty() ? "" : ", ") + e;
    check.fail(std::to_string(inconsistent.load()) + " reads mixed two versions (" + shown + ")");
  }
  check.note(std::to_string(toggles) + " PATCHes toggling one member, " + std::to_string(reads.load()) +
             " concurrent GETs, " + std::to_string(inconsistent.load()) + " inconsistent");
  return check;
}

}  // namespace scimd::test::race
