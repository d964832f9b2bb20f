#include "random_filters.hpp"

#include "test_schema.hpp"
#include "user_documents.hpp"

#include <cmath>
#include <cctype>
#include <cstring>
#include <functional>

namespace scimd::filters::test {
namespace {

using Rng = std::mt19937;

int pick(Rng& rng, int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
bool chance(Rng& rng, double p) { return std::bernoulli_distribution(p)(rng); }
template <class T>
const T& one_of(Rng& rng, const std::vector<T>& items) {
  return items[static_cast<std::size_t>(pick(rng, static_cast<int>(items.size())))];
}

// ---- arbitrary ASTs ----------------------------------------------------------------

std::string random_name(Rng& rng) {
  static const std::vector<std::string> special = {"$ref", "not", "and", "or", "pr", "eq",
                                                   "notes", "primary", "urn", "URN"};
  if (chance(rng, 0.2)) return one_of(rng, special);
  static const char alpha[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static const char rest[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
  std::string name(1, alpha[pick(rng, 52)]);
  for (int n = pick(rng, 8); n > 0; --n) name += rest[pick(rng, 64)];
  return name;
}

AttrPath random_path(Rng& rng, bool allow_sub) {
  static const std::vector<std::string> urns = {
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:a:b", "URN:x:1.0:y",
      "urn:x-y:z_1"};
  AttrPath path;
  if (chance(rng, 0.2)) path.schema = one_of(rng, urns);
  path.name = random_name(rng);
  if (allow_sub && chance(rng, 0.3)) path.sub_attr = random_name(rng);
  return path;
}

void append_code_point(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string random_string(Rng& rng) {
  static const std::vector<unsigned> interesting = {'"', '\\', '/', '\b', '\f', '\n', '\r', '\t',
                                                    0x01, 0x1F, 0x7F, ' ', '(', ')', '[', ']',
                                                    0xE9, 0x20AC, 0xFFFF, 0x1F600, 0x10FFFF};
  std::string s;
  for (int n = pick(rng, 12); n > 0; --n) {
    if (chance(rng, 0.3))
      append_code_point(s, one_of(rng, interesting));
    else
      s += static_cast<char>('a' + pick(rng, 26));
  }
  return s;
}

CompValue random_value(Rng& rng) {
  switch (pick(rng, 6)) {
    case 0: return nullptr;
    case 1: return chance(rng, 0.5);
    case 2: {
      static const std::vector<long long> edges = {0, -1, 1, 9223372036854775807LL,
                                                   -9223372036854775807LL - 1};
      if (chance(rng, 0.3)) return one_of(rng, edges);
      return static_cast<long long>(std::uniform_int_distribution<long long>()(rng));
    }
    case 3: {
      double d;
      do {
        const unsigned long long bits = std::uniform_int_distribution<unsigned long long>()(rng);
        std::memcpy(&d, &bits, sizeof d);
      } while (!std::isfinite(d));
      if (chance(rng, 0.5)) d = std::uniform_real_distribution<double>(-1000, 1000)(rng);
      return d;
    }
    default: return random_string(rng);
  }
}

Filter random_leaf(Rng& rng, bool in_value_path) {
  Compare c;
  c.path = random_path(rng, true);
  if (chance(rng, 0.2)) return Filter(Present{c.path});
  c.op = static_cast<CompareOp>(pick(rng, 9));
  c.value = random_value(rng);
  if (in_value_path && chance(rng, 0.5)) c.path.schema.clear();
  return Filter(std::move(c));
}

Filter random_node(Rng& rng, int depth, bool in_value_path) {
  const int kind = depth <= 0 ? 0 : pick(rng, in_value_path ? 5 : 6);
  switch (kind) {
    case 1: return Filter(And{random_node(rng, depth - 1, in_value_path), random_node(rng, depth - 1, in_value_path)});
    case 2: return Filter(Or{random_node(rng, depth - 1, in_value_path), random_node(rng, depth - 1, in_value_path)});
    case 3: return Filter(Not{random_node(rng, depth - 1, in_value_path), 0});
    case 5: return Filter(ValuePath{random_path(rng, false), random_node(rng, depth - 1, true)});
    default: return random_leaf(rng, in_value_path);
  }
}

// ---- schema-aware filter text --------------------------------------------------------

// Changes the case of some ASCII letters: case-insensitive attributes still match.
std::string recase(Rng& rng, std::string s) {
  for (char& c : s)
    if (std::isalpha(static_cast<unsigned char>(c)) && chance(rng, 0.3))
      c = static_cast<char>(std::isupper(static_cast<unsigned char>(c)) ? std::tolower(c) : std::toupper(c));
  return s;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A piece of `s` for co / sw / ew, or `s` itself.
std::string slice(Rng& rng, const std::string& s) {
  if (s.empty() || chance(rng, 0.3)) return s;
  const std::size_t a = static_cast<std::size_t>(pick(rng, static_cast<int>(s.size())));
  const std::size_t n = static_cast<std::size_t>(1 + pick(rng, static_cast<int>(s.size() - a)));
  std::string piece = s.substr(a, n);
  // Keep UTF-8 whole: drop partial sequences at both ends.
  while (!piece.empty() && (static_cast<unsigned char>(piece.front()) & 0xC0) == 0x80) piece.erase(0, 1);
  while (!piece.empty() && static_cast<unsigned char>(piece.back()) >= 0x80) piece.pop_back();
  return piece;
}

const char* const string_ops[] = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"};
const char* const order_ops[] = {"eq", "ne", "gt", "ge", "lt", "le"};

std::string string_condition(Rng& rng, const std::string& path, const std::vector<std::string>& pool,
                             bool case_exact) {
  const int p = pick(rng, 12);
  if (p == 0) return path + " pr";
  if (p == 1) return path + (chance(rng, 0.5) ? " eq null" : " ne null");
  const std::string op = string_ops[pick(rng, 9)];
  std::string literal = pool.empty() ? "x" : one_of(rng, pool);
  if (op == "co" || op == "sw" || op == "ew") literal = slice(rng, literal);
  if (!case_exact || chance(rng, 0.2)) literal = recase(rng, literal);
  return path + " " + op + " " + quote(literal);
}

std::string number_condition(Rng& rng, const std::string& path, const std::vector<std::string>& pool) {
  if (chance(rng, 0.1)) return path + " pr";
  std::string literal = pool.empty() ? "1" : one_of(rng, pool);
  if (chance(rng, 0.3)) literal = std::to_string(pick(rng, 20) - 5) + (chance(rng, 0.5) ? ".5" : "");
  return path + " " + order_ops[pick(rng, 6)] + " " + literal;
}

std::string date_condition(Rng& rng, const std::string& path, const std::vector<std::string>& pool) {
  if (chance(rng, 0.1)) return path + " pr";
  std::string literal = pool.empty() ? "2020-01-01T00:00:00Z" : one_of(rng, pool);
  const bool quoted = chance(rng, 0.8);  // Microsoft sends them unquoted
  return path + " " + order_ops[pick(rng, 6)] + " " + (quoted ? quote(literal) : literal);
}

std::string bool_condition(Rng& rng, const std::string& path) {
  static const std::vector<std::string> literals = {"true", "false", "True", "FALSE", "\"True\"", "\"false\""};
  if (chance(rng, 0.15)) return path + " pr";
  return path + (chance(rng, 0.7) ? " eq " : " ne ") + one_of(rng, literals);
}

// a and b, (a or b), or not (a), as `kind` 0, 1, 2 says.
std::string combine(Rng& rng, int kind, const std::string& a, const std::string& b) {
  if (kind == 0) return a + (chance(rng, 0.5) ? " and " : " AND ") + b;
  if (kind == 1) return std::string(1, '(').append(a).append(" or ").append(b).append(1, ')');
  return std::string("not (").append(a).append(1, ')');
}

}  // namespace

Filter random_ast(std::mt19937& rng, int depth) { return random_node(rng, depth, false); }

PatchPath random_patch_path(std::mt19937& rng) {
  PatchPath p;
  p.path = random_path(rng, false);
  if (chance(rng, 0.5)) p.filter = random_node(rng, 3, true);
  if (chance(rng, 0.4)) p.path.sub_attr = random_name(rng);
  return p;
}

std::string random_user_filter(std::mt19937& rng, const std::vector<UserRow>& users) {
  const Pools& pools = user_pools(users);
  std::function<std::string(int)> node = [&](int depth) -> std::string {
    if (depth > 0) {
      const int kind = pick(rng, 5);
      if (kind <= 2) {
        const std::string a = node(depth - 1);
        const std::string b = node(depth - 1);
        return combine(rng, kind, a, b);
      }
    }
    switch (pick(rng, 24)) {
      case 0: return string_condition(rng, recase(rng, "userName"), pools.at("userName"), false);
      case 1: return string_condition(rng, "displayName", pools.at("displayName"), false);
      case 2: return string_condition(rng, "title", pools.at("title"), false);
      case 3: return string_condition(rng, "name.givenName", pools.at("name.givenName"), false);
      case 4: return string_condition(rng, "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName", pools.at("name.familyName"), false);
      case 5: return string_condition(rng, "externalId", pools.at("externalId"), true);
      case 6: return string_condition(rng, "id", pools.at("id"), true);
      case 7: return string_condition(rng, "emails.value", pools.at("emails.value"), false);
      case 8: return string_condition(rng, "emails", pools.at("emails.value"), false);
      case 9: return string_condition(rng, "emails.type", pools.at("emails.type"), false);
      case 10: return string_condition(rng, std::string(enterprise_urn) + ":department", pools.at("department"), false);
      case 11: return string_condition(rng, std::string(enterprise_urn) + ":manager.value", pools.at("manager.value"), false);
      case 12: return string_condition(rng, std::string(test_urn) + ":tags", pools.at("tags"), false);
      case 13: return string_condition(rng, std::string(test_urn) + ":code", pools.at("code"), true);
      case 14: return number_condition(rng, std::string(test_urn) + ":level", pools.at("level"));
      case 15: return number_condition(rng, std::string(test_urn) + ":score", pools.at("score"));
      case 16: return date_condition(rng, "meta." + recase(rng, "lastModified"), pools.at("meta.lastModified"));
      case 17: return date_condition(rng, "meta.created", pools.at("meta.created"));
      case 18: return date_condition(rng, std::string(test_urn) + ":hired", pools.at("hired"));
      case 19: return bool_condition(rng, "active");
      case 20: {  // Entra's keyed shape (r.email_work_folded) and its variations
        const std::string type = recase(rng, chance(rng, 0.7) ? "work" : "home");
        const std::string value = quote(recase(rng, one_of(rng, pools.at("emails.value"))));
        switch (pick(rng, 3)) {
          case 0: return "emails[type eq \"" + type + "\"].value eq " + value;
          case 1: return "emails[type eq \"" + type + "\" and value eq " + value + "]";
          default: return "emails[value eq " + value + " and type eq \"" + type + "\"]";
        }
      }
      case 21: {
        static const char* const attrs[] = {"emails", "phoneNumbers", "roles"};
        const std::string attr = attrs[pick(rng, 3)];
        std::function<std::string(int)> inner = [&](int d) -> std::string {
          if (d > 0 && chance(rng, 0.4)) {
            const std::string a = inner(d - 1), b = inner(d - 1);
            return combine(rng, pick(rng, 3), a, b);
          }
          switch (pick(rng, 4)) {
            case 0: return string_condition(rng, "value", pools.at(attr + ".value"), false);
            case 1: return string_condition(rng, "type", pools.at("emails.type"), false);
            case 2: return bool_condition(rng, "primary");
            default: return string_condition(rng, "display", pools.at("emails.value"), false);
          }
        };
        return attr + "[" + inner(2) + "]";
      }
      case 22: return "name[" + string_condition(rng, "givenName", pools.at("name.givenName"), false) +
                      (chance(rng, 0.5) ? " or familyName pr]" : "]");
      default: {
        static const char* const present[] = {
            "emails pr", "phoneNumbers pr", "name pr", "roles pr", "addresses pr", "nickName pr",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr",
            "urn:scimd:test:2.0:User:tags pr", "emails.display pr", "emails.primary pr",
            "roles[primary eq \"True\"]", "addresses.locality pr", "emails[not (value pr)]"};
        return present[pick(rng, 13)];
      }
    }
  };
  return node(pick(rng, 4));
}

std::string random_group_filter(std::mt19937& rng, const std::vector<GroupRow>& groups) {
  const Pools& pools = group_pools(groups);
  std::function<std::string(int)> node = [&](int depth) -> std::string {
    if (depth > 0) {
      const int kind = pick(rng, 4);
      if (kind <= 2) {
        const std::string a = node(depth - 1);
        const std::string b = node(depth - 1);
        return combine(rng, kind, a, b);
      }
    }
    switch (pick(rng, 7)) {
      case 0: return string_condition(rng, "displayName", pools.at("displayName"), false);
      case 1: return string_condition(rng, "externalId", pools.at("externalId"), true);
      case 2: return string_condition(rng, "members.value", pools.at("members.value"), true);
      case 3: return string_condition(rng, "members", pools.at("members.value"), true);
      case 4: return "members[" + string_condition(rng, "value", pools.at("members.value"), true) +
                     (chance(rng, 0.5) ? " and type eq \"" + recase(rng, "User") + "\"]" : "]");
      case 5: return string_condition(rng, "members.type", {"User", "Group"}, false);
      default: return chance(rng, 0.5) ? "members pr" : "not (members pr)";
    }
  };
  return node(pick(rng, 3));
}

}  // namespace scimd::filters::test
