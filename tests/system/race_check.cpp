// scimd_race_check: runs the concurrency checks of tests/system/race_checks.hpp against running
// scimd processes, with the clients spread round-robin over every base URL given, plus checks that
// one process sees at once what another wrote (no caches) and accepts the other's cursors.
//
//   scimd_race_check --token TOKEN [--clients 16] http://127.0.0.1:P1 http://127.0.0.1:P2
//
// Prints one PASS/FAIL line per check with its counts; exits 0 when every check passed, 1 when
// one failed, 2 on bad usage.
#include <iostream>
#include <string>
#include <vector>

#include "system/race_checks.hpp"

namespace {

using scimd::test::HttpClient;
using scimd::test::race::Check;

std::string string_at(const scimd::test::Reply& r, const char* name) {
  return r.json.IsObject() && r.json.HasMember(name) && r.json[name].IsString() ? r.json[name].GetString() : "";
}

// A write through one process is visible, with its new version, through every other at once.
Check read_your_writes_across(const std::vector<HttpClient>& per_base) {
  Check check("a write on one instance is read on the others at once");
  int rounds = 0;
  auto created = per_base[0].post("/scim/v2/Users", R"({"userName":"cross.instance"})");
  const std::string id = string_at(created, "id");
  if (created.status != 201) {
    check.fail("create: " + std::to_string(created.status) + " " + created.body);
    return check;
  }
  for (int k = 0; k < 10; ++k) {
    const HttpClient& writer = per_base[static_cast<size_t>(k) % per_base.size()];
    const std::string title = "round-" + std::to_string(k);
    auto w = writer.patch("/scim/v2/Users/" + id,
                          scimd::test::race::patch_body(R"([{"op":"replace","path":"title","value":")" + title + "\"}]"));
    if (w.status != 204) check.fail("PATCH: " + std::to_string(w.status) + " " + w.body);
    for (const auto& reader : per_base) {
      auto r = reader.get("/scim/v2/Users/" + id);
      if (r.header("etag") != w.header("etag") || string_at(r, "title") != title)
        check.fail("round " + std::to_string(k) + ": read ETag " + r.header("etag") + " title '" + string_at(r, "title") +
                   "', written ETag " + w.header("etag"));
    }
    ++rounds;
  }
  check.note(std::to_string(rounds) + " writes, each read back through " + std::to_string(per_base.size()) +
             " instances");
  return check;
}

// RFC 9865 cursors carry no server state: a cursor from one process pages on in another, and
// paging across processes visits every user exactly once.
Check cursor_across(const std::vector<HttpClient>& per_base) {
  Check check("cursors issued by one instance page on in the others");
  auto total_reply = per_base[0].get("/scim/v2/Users?count=0");
  const int total = total_reply.json.IsObject() && total_reply.json.HasMember("totalResults")
                        ? total_reply.json["totalResults"].GetInt()
                        : -1;
  std::string next;
  std::vector<std::string> seen;
  int pages = 0;
  for (size_t k = 0; pages < 1000; ++k, ++pages) {
    const HttpClient& c = per_base[k % per_base.size()];
    auto r = c.get("/scim/v2/Users?count=7&attributes=id&cursor=" + next);
    if (r.status != 200) {
      check.fail("page " + std::to_string(pages) + ": " + std::to_string(r.status) + " " + r.body);
      return check;
    }
    for (const auto& u : r.json["Resources"].GetArray()) seen.push_back(u["id"].GetString());
    next = string_at(r, "nextCursor");
    if (next.empty()) break;
  }
  std::vector<std::string> unique(seen);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  if (static_cast<int>(seen.size()) != total || unique.size() != seen.size())
    check.fail("paged " + std::to_string(seen.size()) + " users (" + std::to_string(unique.size()) +
               " distinct), totalResults " + std::to_string(total));
  check.note(std::to_string(pages + 1) + " pages alternating instances, " + std::to_string(seen.size()) + " of " +
             std::to_string(total) + " users, each once");
  return check;
}

}  // namespace

int main(int argc, char** argv) {
  std::string token;
  int client_count = 16;
  std::vector<std::string> bases;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--token" && i + 1 < argc) token = argv[++i];
    else if (arg == "--clients" && i + 1 < argc) client_count = std::stoi(argv[++i]);
    else if (arg.rfind("http", 0) == 0) bases.push_back(arg);
    else {
      std::cerr << "usage: scimd_race_check --token TOKEN [--clients N] BASE_URL...\n";
      return 2;
    }
  }
  if (token.empty() || bases.empty() || client_count < 2) {
    std::cerr << "usage: scimd_race_check --token TOKEN [--clients N] BASE_URL...\n";
    return 2;
  }
  std::vector<HttpClient> clients, per_base;
  for (int i = 0; i < client_count; ++i) clients.emplace_back(bases[static_cast<size_t>(i) % bases.size()], token);
  for (const auto& b : bases) per_base.emplace_back(b, token);

  namespace race = scimd::test::race;
  std::vector<Check> checks;
  auto guarded = [&](const char* name, auto&& run) {
    try {
      checks.push_back(run());
    } catch (const std::exception& e) {
      Check failed(name);
      failed.fail(e.what());
      checks.push_back(failed);
    }
  };
  guarded("unique userName race", [&] { return race::unique_user_name(clients, "same.name@example.com"); });
  guarded("member add/remove race", [&] { return race::member_add_remove(clients, "race"); });
  guarded("If-Match PUT race", [&] { return race::if_match_race(clients, "put.race", "PUT"); });
  guarded("If-Match PATCH race", [&] { return race::if_match_race(clients, "patch.race", "PATCH"); });
  guarded("PATCH without If-Match", [&] { return race::no_lost_patch(clients, "lost.update"); });
  guarded("deleted user leaves every group", [&] { return race::delete_beats_add_member(clients, "gone"); });
  guarded("one version per read", [&] { return race::read_is_one_version(clients, "snapshot"); });
  guarded("read your writes", [&] { return read_your_writes_across(per_base); });
  guarded("cursor", [&] { return cursor_across(per_base); });

  int failed = 0;
  for (const auto& c : checks) {
    std::cout << (c.ok ? "PASS " : "FAIL ") << c.name << ": " << c.detail << "\n";
    failed += c.ok ? 0 : 1;
  }
  std::cout << checks.size() - static_cast<size_t>(failed) << " of " << checks.size() << " checks passed ("
            << client_count << " clients over " << bases.size() << " instances)\n";
  return failed == 0 ? 0 : 1;
}
