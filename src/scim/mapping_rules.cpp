#include "scim/mapping_rules.hpp"

#include <map>
#include <set>

#include "scim/access_events.hpp"
#include "scim/access_extension.hpp"
#include "scim/error.hpp"
#include "store/access_store.hpp"
#include "store/membership_store.hpp"
#include "util/clock.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

namespace {

constexpr size_t preview_sample_size = 20;

const Value* member(const Value& obj, std::string_view name) {
  return obj.IsObject() ? util::find_member_icase(obj, name) : nullptr;
}

std::optional<std::string> string_of(const Value* v) {
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(util::view(*v));
}

// Entra's AppRoleAssignmentsComplex sends a role as a JSON-serialized object in `value`
// (identity-providers.md §10): a rule on roles.value sees the role's own value.
void push_scalar(const Value& v, std::vector<std::string>& out) {
  if (v.IsString()) {
    std::string_view text = util::view(v);
    if (text.size() > 1 && text.front() == '{') {
      rapidjson::Document inner;
      inner.Parse(text.data(), text.size());
      if (!inner.HasParseError())
        if (auto value = string_of(member(inner, "value"))) {
          out.push_back(*value);
          return;
        }
    }
    out.emplace_back(text);
  } else if (v.IsBool()) {
    out.push_back(v.GetBool() ? "true" : "false");
  } else if (v.IsNumber()) {
    out.push_back(util::to_json(v));
  }
}

bool is_core_urn(std::string_view urn) {
  return util::iequals(urn, "urn:ietf:params:scim:schemas:core:2.0:User") ||
         util::iequals(urn, "urn:ietf:params:scim:schemas:core:2.0:Group");
}

Value& ensure_access_extension(rapidjson::Document& doc) {
  auto it = doc.FindMember(access_group_urn);
  if (it != doc.MemberEnd() && it->value.IsObject()) return it->value;
  if (it != doc.MemberEnd()) doc.RemoveMember(it);
  doc.AddMember(Value(access_group_urn, doc.GetAllocator()), Value(rapidjson::kObjectType), doc.GetAllocator());
  return doc[access_group_urn];
}

const store::RuleEffect* find_effect(const std::vector<store::RuleEffect>& effects, std::string_view effect,
                                     std::optional<std::string_view> target = std::nullopt) {
  for (const auto& e : effects)
    if (e.effect == effect && (!target || e.target == *target)) return &e;
  return nullptr;
}

// A rule may place a group under an existing group, never under itself or its own subtree.
bool parent_allowed(soci::session& s, long long tenant, const ResourceKind& groups, const std::string& id,
                    const std::string& parent) {
  if (parent == id || !groups.table.find(s, tenant, parent)) return false;
  for (const auto& ancestor : store::ancestor_ids(s, tenant, parent))
    if (ancestor == id) return false;
  return true;
}

// Bumps a group's version after a rule changed its members (its ETag must change).
void bump_version(soci::session& s, long long tenant, const ResourceKind& groups, const std::string& id,
                  std::vector<RuleRewrite>* rewrites) {
  auto rec = groups.table.find(s, tenant, id);
  if (!rec) return;
  groups.table.touch(s, tenant, id, rec->version + 1, util::now_iso8601());
  if (rewrites) rewrites->push_back({groups.type->name, id, rec->version, rec->version + 1});
}

std::vector<store::RuleEffect> of_kind(const std::vector<store::RuleEffect>& effects, std::string_view kind) {
  std::vector<store::RuleEffect> out;
  for (const auto& e : effects)
    if (e.effect == kind) out.push_back(e);
  return out;
}

std::string canonical_type(std::string_view t) {
  if (util::iequals(t, "User")) return "User";
  if (util::iequals(t, "Group")) return "Group";
  return std::string(t);
}

}  // namespace

ParsedRule parse_rule(const std::string& id, const Value& doc) {
  ParsedRule r;
  r.id = id;
  r.action.rule_id = id;
  if (const Value* p = member(doc, "priority"); p && p->IsInt64()) r.action.priority = p->GetInt64();
  if (const Value* when = member(doc, "when")) {
    r.resource_type = canonical_type(string_of(member(*when, "resourceType")).value_or(""));
    r.attribute = string_of(member(*when, "attribute")).value_or("");
    r.pattern = string_of(member(*when, "matches")).value_or("");
  }
  if (const Value* then = member(doc, "then")) {
    r.action.parent = string_of(member(*then, "parent"));
    if (const Value* a = member(*then, "active"); a && a->IsBool()) r.action.active = a->GetBool();
    r.action.member_of = string_of(member(*then, "memberOf"));
    if (const Value* list = member(*then, "privileges"); list && list->IsArray())
      for (const auto& p : list->GetArray()) {
        auto app = string_of(member(p, "application"));
        auto level = string_of(member(p, "access"));
        auto parsed = level ? access::parse_access(*level) : std::nullopt;
        if (app && parsed) r.action.privileges[*app] = *parsed;
      }
  }
  return r;
}

std::vector<std::string> attribute_values(const Value& doc, const std::string& path) {
  std::vector<std::string> out;
  const Value* scope = &doc;
  std::string rest = path;
  if (path.size() > 4 && util::iequals(std::string_view(path).substr(0, 4), "urn:")) {
    // Attribute names hold no ':', so the schema URN ends at the last one (RFC 7644 §3.10).
    size_t colon = path.rfind(':');
    std::string urn = path.substr(0, colon);
    rest = path.substr(colon + 1);
    if (!is_core_urn(urn)) {
      scope = member(doc, urn);
      if (!scope) return out;
    }
  }
  size_t dot = rest.find('.');
  std::string attribute = rest.substr(0, dot);
  std::string sub = dot == std::string::npos ? "" : rest.substr(dot + 1);
  const Value* v = member(*scope, attribute);
  if (!v) return out;
  auto visit = [&](const Value& x) {
    if (sub.empty()) push_scalar(x, out);
    else if (const Value* inner = member(x, sub)) push_scalar(*inner, out);
  };
  if (v->IsArray())
    for (const auto& e : v->GetArray()) visit(e);
  else
    visit(*v);
  return out;
}

bool rule_matches(const ParsedRule& rule, const Value& doc) {
  for (const auto& v : attribute_values(doc, rule.attribute))
    if (access::glob_matches(rule.pattern, v)) return true;
  return false;
}

void MappingRules::validate(soci::session& s, long long tenant, const Value& doc) const {
  const Value* when = member(doc, "when");
  const Value* then = member(doc, "then");
  if (!when || !when->IsObject()) throw ScimError::invalid_value("a MappingRule needs 'when'");
  if (!then || !then->IsObject()) throw ScimError::invalid_value("a MappingRule needs 'then'");
  std::string type = canonical_type(string_of(member(*when, "resourceType")).value_or(""));
  if (type != "User" && type != "Group") throw ScimError::invalid_value("when.resourceType must be User or Group");
  std::string attribute = string_of(member(*when, "attribute")).value_or("");
  if (attribute.empty() || attribute.find_first_of(" \t[]\"()") != std::string::npos)
    throw ScimError::invalid_value("when.attribute must be a SCIM attribute path such as displayName or roles.value");
  if (string_of(member(*when, "matches")).value_or("").empty())
    throw ScimError::invalid_value("when.matches must be a non-empty pattern (* and ? are wildcards)");

  const bool for_group = type == "Group";
  auto parent = string_of(member(*then, "parent"));
  auto member_of = string_of(member(*then, "memberOf"));
  const Value* active = member(*then, "active");
  const Value* privileges = member(*then, "privileges");
  if (!for_group && (parent || active))
    throw ScimError::invalid_value("then.parent and then.active apply to Group rules; a User rule sets memberOf or privileges");
  if (for_group && member_of)
    throw ScimError::invalid_value("then.memberOf applies to User rules; a Group rule sets parent, active or privileges");
  const bool has_privileges = privileges && privileges->IsArray() && !privileges->Empty();
  if (!parent && !member_of && !(active && active->IsBool()) && !has_privileges)
    throw ScimError::invalid_value("'then' must set at least one of parent, active, memberOf or privileges");
  for (const auto& group : {parent, member_of})
    if (group && !kinds_.group().table.find(s, tenant, *group))
      throw ScimError::invalid_value("then: no Group has the id '" + *group + "'");
  if (!has_privileges) return;
  std::set<std::string> apps;
  for (const auto& p : privileges->GetArray()) {
    auto app = string_of(member(p, "application"));
    auto level = string_of(member(p, "access"));
    if (!app || !level) throw ScimError::invalid_value("then.privileges: each entry needs 'application' and 'access'");
    if (!access::parse_access(*level))
      throw ScimError::invalid_value("then.privileges: access must be none, view, edit or admin, not '" + *level + "'");
    if (!apps.insert(*app).second)
      throw ScimError::invalid_value("then.privileges: application '" + *app + "' is listed twice");
  }
  auto known = store::application_names(s, tenant, std::vector<std::string>(apps.begin(), apps.end()));
  for (const auto& app : apps)
    if (!known.count(app)) throw ScimError::invalid_value("then.privileges: no Application has the id '" + app + "'");
}

RulePlan MappingRules::plan(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id,
                            rapidjson::Document& doc, bool is_new, bool force) const {
  RulePlan p;
  if (kind.flavor != Flavor::user && kind.flavor != Flavor::group) return p;
  const bool is_group = kind.flavor == Flavor::group;
  auto stored = store::rules_for_type(s, tenant, is_group ? "Group" : "User");
  // No rule of the type: no effects either (a rule's removal undoes its effects at once).
  if (stored.empty() && !force) return p;
  p.engaged = true;
  std::vector<access::RuleAction> matching;
  for (const auto& r : stored) {
    rapidjson::Document rule_doc;
    rule_doc.Parse(r.doc.c_str());
    ParsedRule parsed = parse_rule(r.id, rule_doc);
    if (rule_matches(parsed, doc)) matching.push_back(parsed.action);
  }
  p.outcome = access::combine_rules(matching);
  if (!is_new) p.before = store::effects_of(s, tenant, id);

  if (is_group) {
    Value& ext = ensure_access_extension(doc);
    auto& a = doc.GetAllocator();
    // parent: the value an admin (or the identity provider) set stays underneath the rule's.
    std::optional<std::string> current = string_of(member(ext, "parent"));
    std::optional<std::string> hand = current;
    if (const auto* e = find_effect(p.before, "parent"); e && current == e->target) hand = e->previous;
    std::optional<std::string> parent = hand;
    if (p.outcome.parent && parent_allowed(s, tenant, kinds_.group(), id, p.outcome.parent->value)) {
      parent = p.outcome.parent->value;
      p.after.push_back({p.outcome.parent->rule_id, "parent", *parent, 0, hand});
    }
    ext.RemoveMember("parent");
    if (parent) ext.AddMember("parent", util::string_value(*parent, a), a);
    // active, the same way.
    const Value* flag = member(ext, "active");
    std::string now = flag && flag->IsBool() && flag->GetBool() ? "true" : "false";
    std::optional<std::string> hand_active = now;
    if (const auto* e = find_effect(p.before, "active"); e && now == e->target) hand_active = e->previous;
    bool active = hand_active == std::optional<std::string>("true");
    if (p.outcome.active) {
      active = p.outcome.active->value;
      p.after.push_back({p.outcome.active->rule_id, "active", active ? "true" : "false", 0, hand_active});
    }
    ext.RemoveMember("active");
    ext.AddMember("active", active, a);
  } else {
    for (const auto& [group, rule] : p.outcome.member_of) {
      if (!kinds_.group().table.find(s, tenant, group)) continue;
      std::optional<std::string> previous;
      if (const auto* e = find_effect(p.before, "memberOf", group)) previous = e->previous;
      else if (!is_new && store::is_direct_member(s, tenant, group, id)) previous = "member";
      p.after.push_back({rule, "memberOf", group, 0, previous});
    }
  }
  for (const auto& [app, grant] : p.outcome.privileges)
    p.after.push_back({grant.rule_id, "privilege", app, static_cast<int>(grant.value), std::nullopt});
  return p;
}

void MappingRules::carry_out(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id,
                             const Value& doc, const RulePlan& plan, std::vector<RuleRewrite>* rewrites) const {
  if (!plan.engaged) return;
  const auto privileges_before = of_kind(plan.before, "privilege");
  const auto privileges_after = of_kind(plan.after, "privilege");
  if (kind.flavor == Flavor::group) {
    // An application the group lists by hand keeps the hand-set row.
    std::set<std::string> by_hand;
    if (const Value* ext = member(doc, access_group_urn))
      if (const Value* list = member(*ext, "privileges"); list && list->IsArray())
        for (const auto& p : list->GetArray())
          if (auto app = string_of(member(p, "application"))) by_hand.insert(*app);
    std::map<std::string, std::pair<std::string, int>> rows;
    for (const auto& e : privileges_after)
      if (!by_hand.count(e.target)) rows[e.target] = {e.rule_id, e.access};
    store::replace_group_rule_privileges(s, tenant, id, rows);
  } else {
    std::map<std::string, const store::RuleEffect*> had, has;
    for (const auto& e : plan.before)
      if (e.effect == "memberOf") had[e.target] = &e;
    for (const auto& e : plan.after)
      if (e.effect == "memberOf") has[e.target] = &e;
    for (const auto& [group, e] : had)
      if (!has.count(group) && e->previous != std::optional<std::string>("member")) {
        store::remove_members(s, tenant, group, {id});
        bump_version(s, tenant, kinds_.group(), group, rewrites);
      }
    for (const auto& [group, e] : has)
      if (!had.count(group) && !e->previous) {
        store::add_members(s, tenant, group, {{id, "User", ""}});
        store::clear_lost_group(s, tenant, {id});
        bump_version(s, tenant, kinds_.group(), group, rewrites);
      }
    if (privileges_before != privileges_after) {
      std::optional<std::string> json;
      if (!privileges_after.empty()) {
        rapidjson::Document granted;
        granted.SetObject();
        auto& a = granted.GetAllocator();
        for (const auto& e : privileges_after) {
          Value v(rapidjson::kObjectType);
          v.AddMember("access", util::string_value(access::to_string(static_cast<access::Access>(e.access)), a), a);
          v.AddMember("rule", util::string_value(e.rule_id, a), a);
          granted.AddMember(util::string_value(e.target, a), v, a);
        }
        json = util::to_json(granted);
      }
      store::set_user_rule_privileges(s, tenant, id, json);
    }
  }
  if (plan.before != plan.after) store::replace_effects(s, tenant, id, plan.after);
}

void MappingRules::reapply_resources(soci::session& s, long long tenant, const std::vector<std::string>& ids,
                                     AccessEvents& events, std::vector<RuleRewrite>* rewrites) const {
  auto types = store::resource_types_of(s, tenant, ids);
  for (const auto& id : ids) {
    auto t = types.find(id);
    if (t == types.end()) continue;
    const bool is_user = t->second == "User";
    const ResourceKind& kind = is_user ? kinds_.user() : kinds_.group();
    auto rec = kind.table.find_for_update(s, tenant, id);
    if (!rec) continue;
    if (is_user) events.watch_user(id);
    else events.watch_group(id);
    rapidjson::Document doc, before;
    doc.Parse(rec->doc.c_str());
    before.Parse(rec->doc.c_str());
    RulePlan plan = this->plan(s, tenant, kind, id, doc, false, true);
    if (doc != before) {
      store::ResourceRecord next = *rec;
      next.version = rec->version + 1;
      next.last_modified = util::now_iso8601();
      next.doc = util::to_json(doc);
      kind.table.update(s, tenant, next, rec->version, kind.indexed_values(doc), std::nullopt);
      sync_access_rows(s, tenant, kind, id, doc, &before);
      if (rewrites) rewrites->push_back({kind.type->name, id, rec->version, next.version});
    }
    carry_out(s, tenant, kind, id, doc, plan, rewrites);
  }
}

long long MappingRules::reapply(soci::session& s, long long tenant, const std::string& rule_id, const Value* rule_doc,
                                AccessEvents& events, std::vector<RuleRewrite>* rewrites) const {
  auto touched = store::resources_touched_by(s, tenant, rule_id);
  std::set<std::string> targets(touched.begin(), touched.end());
  if (rule_doc) {
    ParsedRule rule = parse_rule(rule_id, *rule_doc);
    const ResourceKind& kind = rule.resource_type == "User" ? kinds_.user() : kinds_.group();
    store::for_each_resource(s, tenant, kind.table.table(), [&](const std::string& id, const std::string& text) {
      rapidjson::Document doc;
      doc.Parse(text.c_str());
      if (rule_matches(rule, doc)) targets.insert(id);
    });
  }
  reapply_resources(s, tenant, std::vector<std::string>(targets.begin(), targets.end()), events, rewrites);
  return static_cast<long long>(targets.size());
}

RulePreview MappingRules::preview(soci::session& s, long long tenant, const std::optional<std::string>& rule_id,
                                  const Value& rule_doc) const {
  RulePreview out;
  ParsedRule rule = parse_rule(rule_id.value_or(""), rule_doc);
  const ResourceKind& kind = rule.resource_type == "User" ? kinds_.user() : kinds_.group();
  store::for_each_resource(s, tenant, kind.table.table(), [&](const std::string& id, const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    if (!rule_matches(rule, doc)) return;
    ++out.matching;
    if (out.sample.size() < preview_sample_size) out.sample.push_back(id);
  });
  if (rule_id) out.touched = static_cast<long long>(store::resources_touched_by(s, tenant, *rule_id).size());
  return out;
}

}  // namespace scimd::scim
