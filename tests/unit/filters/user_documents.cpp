#include "user_documents.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>

namespace scimd::filters::test {
namespace {

using Rng = std::mt19937;
using rapidjson::Document;
using rapidjson::Value;

int pick(Rng& rng, int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
bool chance(Rng& rng, double p) { return std::bernoulli_distribution(p)(rng); }

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string serialize(const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return buffer.GetString();
}

const Value* member(const Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string> string_member(const Value& object, const char* key) {
  const Value* v = member(object, key);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

Document parse(const std::string& json) {
  Document doc;
  doc.Parse(json.c_str());
  if (doc.HasParseError()) throw std::runtime_error("bad test JSON: " + json);
  return doc;
}

// The stored document: the resource without what the store keeps elsewhere (DESIGN.md §2).
std::string stored(Document& doc, std::initializer_list<const char*> dropped) {
  for (const char* key : dropped) doc.RemoveMember(key);
  return serialize(doc);
}

UserRow user_row(const std::string& json) {
  Document doc = parse(json);
  UserRow row;
  row.id = *string_member(doc, "id");
  row.resource = json;
  if (auto v = string_member(doc, "userName")) row.user_name_folded = ascii_lower(*v);
  row.external_id = string_member(doc, "externalId");
  if (const Value* a = member(doc, "active"); a != nullptr && a->IsBool()) row.active = a->GetBool() ? 1 : 0;
  if (const Value* meta = member(doc, "meta")) {
    row.created = string_member(*meta, "created");
    row.last_modified = string_member(*meta, "lastModified");
  }
  // The first element whose type is "work" (any case), as the store computes it.
  if (const Value* emails = member(doc, "emails"); emails != nullptr && emails->IsArray()) {
    for (const Value& e : emails->GetArray()) {
      const auto type = string_member(e, "type");
      if (type && ascii_lower(*type) == "work") {
        if (auto value = string_member(e, "value")) row.email_work_folded = ascii_lower(*value);
        break;
      }
    }
  }
  row.doc = stored(doc, {"id", "meta", "schemas", "password"});
  return row;
}

// Hand-made edge cases: missing, null, empty and wrongly typed values, wildcard and
// non-ASCII text, dateTimes with offsets and fractions.
const char* const edge_users[] = {
    R"({"id":"e00","userName":"edge0","meta":{"created":"2020-01-01T00:00:00.000Z","lastModified":"2020-01-01T00:00:00.000Z"}})",
    R"({"id":"e01","userName":"Edge1","displayName":null,"title":null,"active":null,"name":null,"emails":null,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":null,
        "urn:scimd:test:2.0:User":{"tags":null,"level":null,"score":null,"hired":null,"code":null},
        "meta":{"created":"2021-01-01T00:00:00.000Z","lastModified":"2021-06-15T12:00:00.000Z"}})",
    R"({"id":"e02","userName":"EDGE2","displayName":"","title":"","name":{},"emails":[],"phoneNumbers":[{}],
        "roles":[{"value":""}],"addresses":[],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{},
        "urn:scimd:test:2.0:User":{"tags":[],"code":""},
        "meta":{"created":"2021-01-01T00:00:00.001Z","lastModified":"2021-06-15T12:00:00.001Z"}})",
    R"({"id":"e03","userName":"edge3","name":{"givenName":null,"familyName":""},
        "emails":[null,{"value":null,"type":"work"},{"type":"home","primary":true},"stray"],
        "phoneNumbers":[{"value":"","type":""}],"roles":[{"primary":false}],
        "urn:scimd:test:2.0:User":{"tags":["",null,"x"]},
        "meta":{"created":"2022-02-02T02:02:02.020Z","lastModified":"2022-02-02T02:02:02.020Z"}})",
    R"({"id":"e04","userName":"edge4","displayName":5,"nickName":[],"title":{"a":1},"name":"Bob",
        "emails":{"value":"obj@example.com","type":"work"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":7,"manager":"m-1"},
        "urn:scimd:test:2.0:User":{"tags":"solo","level":"3","score":true,"hired":5,"code":["x"]},
        "meta":{"created":"2023-03-03T03:03:03.300Z","lastModified":"2023-03-03T03:03:03.300Z"}})",
    R"({"id":"e05","userName":"edge5","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":"x",
        "urn:scimd:test:2.0:User":[],"addresses":[{"locality":"","type":"work"}],
        "meta":{"created":"2020-05-05T05:05:05.005Z","lastModified":"2020-05-05T05:05:05.005Z"}})",
    R"({"id":"e06","userName":"\u00c9lodie","displayName":"\u00c9LODIE \u00e9lodie","title":"100% [sure]_*?",
        "nickName":"back\\slash","name":{"givenName":"a_b","familyName":"a%b"},
        "emails":[{"value":"STAR*@Example.com","type":"Work","primary":true}],
        "urn:scimd:test:2.0:User":{"tags":["\u00e9t\u00e9","\u00c9T\u00c9","a*b","a?b","[x]"],"code":"\u00c9a"},
        "meta":{"created":"2024-04-04T04:04:04.444Z","lastModified":"2024-04-04T04:04:04.444Z"}})",
    R"({"id":"e07","userName":"bj\u00f6rn","displayName":"BJ\u00d6RN","active":true,
        "urn:scimd:test:2.0:User":{"hired":"2020-02-29T23:59:59.999+01:00","level":0,"score":0.0},
        "meta":{"created":"2020-02-29T22:59:59.999Z","lastModified":"2020-03-01T00:00:00.000Z"}})",
    R"({"id":"e08","userName":"edge8","active":false,
        "urn:scimd:test:2.0:User":{"hired":"2019-12-31T23:00:00-01:00","level":-2,"score":-1.5},
        "meta":{"created":"2020-01-01T00:00:00.000Z","lastModified":"2020-01-01T00:00:00.001Z"}})",
    R"({"id":"e09","userName":"edge9",
        "urn:scimd:test:2.0:User":{"hired":"2021-06-15T12:00:00","level":9223372036854775807,"score":1e10},
        "meta":{"created":"2021-06-15T12:00:00.000Z","lastModified":"2021-06-15T12:00:00.000Z"}})",
    R"({"id":"e10","userName":"edge10","emails":[{"value":"a@x.com","type":"home"},{"value":"b@x.com","type":"WORK"}],
        "urn:scimd:test:2.0:User":{"hired":"2020-01-01T00:00:00.0005Z"},
        "meta":{"created":"2020-01-01T00:00:00.001Z","lastModified":"2020-01-01T00:00:00.001Z"}})",
};

const char* const first_names[] = {"Barbara", "Jim", "Ana", "Zoe", "Omar", "Li", "Kai", "Sam", "Eve", "Olga"};
const char* const last_names[] = {"Jensen", "O'Malley", "Smith", "Nguyen", "Garcia", "Okafor", "Lee", "Ivanova"};
const char* const titles[] = {"Tour Guide", "Engineer", "engineer", "Manager", "CEO"};
const char* const departments[] = {"Sales", "sales", "R&D", "Marketing", "Finance"};
const char* const email_types[] = {"home", "other", "Home"};
const char* const tags[] = {"alpha", "Beta", "gamma", "delta"};

std::string random_date(Rng& rng, bool with_offset) {
  char buf[64];
  const int year = 2019 + pick(rng, 7), month = 1 + pick(rng, 12), day = 1 + pick(rng, 28);
  const int hour = pick(rng, 24), minute = pick(rng, 60), second = pick(rng, 60), ms = pick(rng, 1000);
  if (!with_offset) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day, hour, minute, second, ms);
  } else {
    const int oh = pick(rng, 12);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s%c%02d:%02d", year, month, day, hour,
                  minute, second, chance(rng, 0.5) ? ".5" : "", chance(rng, 0.5) ? '+' : '-', oh,
                  chance(rng, 0.8) ? 0 : 30);
  }
  return buf;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string random_user(Rng& rng, int index) {
  const std::string first = first_names[pick(rng, 10)], last = last_names[pick(rng, 8)];
  char id[16];
  std::snprintf(id, sizeof id, "u%03d", index);
  std::string json = "{\"id\":\"" + std::string(id) + "\"";
  std::string user = first + "." + last + std::to_string(index);
  if (chance(rng, 0.3)) user = ascii_lower(user);
  json += ",\"userName\":" + quoted(user);
  if (chance(rng, 0.8)) json += ",\"externalId\":" + quoted((chance(rng, 0.5) ? "EXT-" : "ext-") + std::to_string(index % 17));
  if (chance(rng, 0.85))
    json += ",\"name\":{\"givenName\":" + quoted(first) + ",\"familyName\":" + quoted(last) + "}";
  if (chance(rng, 0.7)) json += ",\"displayName\":" + quoted(first + " " + last);
  if (chance(rng, 0.5)) json += ",\"title\":" + quoted(titles[pick(rng, 5)]);
  if (chance(rng, 0.8)) json += std::string(",\"active\":") + (chance(rng, 0.6) ? "true" : "false");
  if (chance(rng, 0.8)) {
    json += ",\"emails\":[";
    const int n = 1 + pick(rng, 3);
    const int work_at = chance(rng, 0.7) ? pick(rng, n) : -1;  // at most one work email
    for (int i = 0; i < n; ++i) {
      const std::string type = i == work_at ? (chance(rng, 0.8) ? "work" : "Work") : email_types[pick(rng, 3)];
      const std::string domain = chance(rng, 0.5) ? "example.com" : "Example.org";
      json += std::string(i ? "," : "") + "{\"value\":" + quoted(ascii_lower(first) + std::to_string(i) + "@" + domain) +
              ",\"type\":" + quoted(type) + (chance(rng, 0.4) ? std::string(",\"primary\":") + (i == 0 ? "true" : "false") : "") + "}";
    }
    json += "]";
  }
  if (chance(rng, 0.5))
    json += ",\"phoneNumbers\":[{\"value\":\"+1 555 01" + std::to_string(10 + pick(rng, 90)) +
            "\",\"type\":\"" + (chance(rng, 0.5) ? "work" : "mobile") + "\"}]";
  if (chance(rng, 0.4))
    json += std::string(",\"roles\":[{\"value\":\"") + (chance(rng, 0.5) ? "admin" : "Reader") +
            "\",\"primary\":" + (chance(rng, 0.5) ? "true" : "false") + "}]";
  if (chance(rng, 0.3)) json += ",\"addresses\":[{\"locality\":\"Paris\",\"type\":\"work\"}]";
  if (chance(rng, 0.6)) {
    json += std::string(",\"") + enterprise_urn_text + "\":{\"department\":" + quoted(departments[pick(rng, 5)]);
    if (chance(rng, 0.7)) json += ",\"employeeNumber\":\"" + std::to_string(1000 + index) + "\"";
    if (chance(rng, 0.6)) json += ",\"manager\":{\"value\":\"u00" + std::to_string(pick(rng, 10)) + "\",\"displayName\":\"Boss\"}";
    json += "}";
  }
  if (chance(rng, 0.6)) {
    json += ",\"urn:scimd:test:2.0:User\":{\"tags\":[";
    for (int i = 0, n = pick(rng, 4); i < n; ++i) json += std::string(i ? "," : "") + quoted(tags[pick(rng, 4)]);
    json += "],\"level\":" + std::to_string(pick(rng, 14) - 3);
    json += ",\"score\":" + std::to_string(pick(rng, 40) - 10) + "." + std::to_string(25 * pick(rng, 4));
    json += ",\"hired\":" + quoted(random_date(rng, chance(rng, 0.5)));
    json += ",\"code\":" + quoted(chance(rng, 0.5) ? "AbC" + std::to_string(index % 5) : "abc" + std::to_string(index % 5));
    json += "}";
  }
  json += ",\"meta\":{\"created\":" + quoted(random_date(rng, false)) +
          ",\"lastModified\":" + quoted(random_date(rng, false)) + "}";
  json += ",\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}";
  return json;
}

void add(Pools& pools, const std::string& key, const std::optional<std::string>& value) {
  if (value) pools[key].push_back(*value);
}

void collect_strings(Pools& pools, const std::string& key, const Value* array, const char* sub) {
  if (array == nullptr || !array->IsArray()) return;
  for (const Value& e : array->GetArray()) {
    if (sub == nullptr && e.IsString()) pools[key].emplace_back(e.GetString());
    if (sub != nullptr) add(pools, key, string_member(e, sub));
  }
}

}  // namespace

const std::vector<UserRow>& user_rows() {
  static const std::vector<UserRow> rows = [] {
    std::vector<UserRow> out;
    for (const char* json : edge_users) out.push_back(user_row(json));
    Rng rng(20261125);
    for (int i = 0; i < 50; ++i) out.push_back(user_row(random_user(rng, i)));
    return out;
  }();
  return rows;
}

const std::vector<GroupRow>& group_rows() {
  static const std::vector<GroupRow> rows = [] {
    std::vector<GroupRow> out;
    Rng rng(7644);
    const char* const names[] = {"Sales", "sales team", "R&D", "Admins", "\u00c9quipe", "100%_done"};
    for (int i = 0; i < 20; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "g%02d", i);
      GroupRow row;
      row.id = id;
      std::string json = "{\"id\":\"" + row.id + "\"";
      if (i % 7 != 3) {
        const std::string name = std::string(names[i % 6]) + (i >= 6 ? " " + std::to_string(i) : "");
        json += ",\"displayName\":" + quoted(name);
        row.display_name_folded = ascii_lower(name);
      }
      if (i % 3 != 0) {
        row.external_id = "GX-" + std::to_string(i);
        json += ",\"externalId\":" + quoted(*row.external_id);
      }
      if (i % 5 != 4) {
        json += ",\"members\":[";
        for (int m = 0, n = pick(rng, 5); m < n; ++m) {
          const bool group = chance(rng, 0.2);
          char member[16];
          std::snprintf(member, sizeof member, group ? "g%02d" : "u%03d", pick(rng, group ? 20 : 12));
          if (std::find_if(row.members.begin(), row.members.end(),
                           [&](const auto& p) { return p.first == member; }) != row.members.end())
            continue;
          row.members.emplace_back(member, group ? "Group" : "User");
          json += std::string(row.members.size() > 1 ? "," : "") + "{\"value\":\"" + member +
                  "\",\"type\":\"" + (group ? "Group" : "User") + "\"}";
        }
        json += "]";
      }
      row.created = "2022-01-" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1) + "T00:00:00.000Z";
      row.last_modified = row.created;
      json += ",\"meta\":{\"created\":\"" + *row.created + "\",\"lastModified\":\"" + *row.last_modified + "\"}}";
      row.resource = json;
      Document doc = parse(json);
      row.doc = stored(doc, {"id", "meta", "schemas", "members"});
      out.push_back(std::move(row));
    }
    return out;
  }();
  return rows;
}

const Pools& user_pools(const std::vector<UserRow>& users) {
  static const Pools pools = [&users] {
    Pools p;
    for (const UserRow& row : users) {
      const Document doc = parse(row.resource);
      add(p, "id", row.id);
      add(p, "userName", string_member(doc, "userName"));
      add(p, "displayName", string_member(doc, "displayName"));
      add(p, "title", string_member(doc, "title"));
      add(p, "externalId", string_member(doc, "externalId"));
      if (const Value* name = member(doc, "name")) {
        add(p, "name.givenName", string_member(*name, "givenName"));
        add(p, "name.familyName", string_member(*name, "familyName"));
      }
      collect_strings(p, "emails.value", member(doc, "emails"), "value");
      collect_strings(p, "emails.type", member(doc, "emails"), "type");
      collect_strings(p, "phoneNumbers.value", member(doc, "phoneNumbers"), "value");
      collect_strings(p, "roles.value", member(doc, "roles"), "value");
      if (const Value* ent = member(doc, enterprise_urn_text)) {
        add(p, "department", string_member(*ent, "department"));
        if (const Value* manager = member(*ent, "manager")) add(p, "manager.value", string_member(*manager, "value"));
      }
      if (const Value* ext = member(doc, "urn:scimd:test:2.0:User")) {
        collect_strings(p, "tags", member(*ext, "tags"), nullptr);
        add(p, "code", string_member(*ext, "code"));
        add(p, "hired", string_member(*ext, "hired"));
        if (const Value* level = member(*ext, "level"); level && level->IsInt64())
          p["level"].push_back(std::to_string(level->GetInt64()));
        if (const Value* score = member(*ext, "score"); score && score->IsNumber())
          p["score"].push_back(std::to_string(score->GetDouble()));
      }
      if (const Value* meta = member(doc, "meta")) {
        add(p, "meta.created", string_member(*meta, "created"));
        add(p, "meta.lastModified", string_member(*meta, "lastModified"));
      }
    }
    // The same instants spelled differently, sub-millisecond literals, and no offset.
    for (const char* date : {"2020-01-01T01:00:00+01:00", "2020-01-01T00:00:00.0004Z",
                             "2020-01-01T00:00:00.0005Z", "2021-06-15T14:00:00+02:00",
                             "2021-06-15T12:00:00", "2020-03-01T00:00:00.000Z", "2023-01-01T00:00:00+05:30"}) {
      p["hired"].push_back(date);
      p["meta.lastModified"].push_back(date);
      p["meta.created"].push_back(date);
    }
    for (const char* tag : {"\u00c9T\u00c9", "a*b", "*", "?", "[", "x"}) p["tags"].push_back(tag);
    for (const char* name : {"100%", "%", "_", "\u00e9lodie", "\\"}) p["displayName"].push_back(name);
    for (auto& [key, values] : p) {  // keep the pools deterministic and duplicate-free
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
    }
    return p;
  }();
  return pools;
}

const Pools& group_pools(const std::vector<GroupRow>& groups) {
  static const Pools pools = [&groups] {
    Pools p;
    for (const GroupRow& g : groups) {
      add(p, "displayName", string_member(parse(g.resource), "displayName"));
      add(p, "externalId", g.external_id);
      for (const auto& m : g.members) p["members.value"].push_back(m.first);
    }
    p["members.value"].push_back("U001");
    p["members.value"].push_back("nobody");
    p["externalId"].push_back("gx-1");
    for (auto& [key, values] : p) {
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
    }
    return p;
  }();
  return pools;
}

}  // namespace scimd::filters::test
