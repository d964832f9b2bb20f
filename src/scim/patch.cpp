#include "scim/patch.hpp"

#include <scimd/filters/check.hpp>
#include <scimd/filters/evaluate.hpp>
#include <scimd/filters/parse.hpp>

#include "scim/codec.hpp"
#include "scim/error.hpp"
#include "scim/filter_schema.hpp"
#include "scim/patch_quirks.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

namespace {

Value from_comp_value(const filters::CompValue& v, Alloc& a) {
  return std::visit(
      [&](const auto& x) -> Value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) return Value();
        else if constexpr (std::is_same_v<T, bool>) return Value(x);
        else if constexpr (std::is_same_v<T, long long>) return Value(static_cast<int64_t>(x));
        else if constexpr (std::is_same_v<T, double>) return Value(x);
        else return util::string_value(x, a);
      },
      v);
}

// Sets primary false on every element but `keep` when `keep` is primary (RFC 7643 §2.4).
void demote_other_primaries(Value& array, const Value* keep) {
  const Value* p = keep ? util::find_member_icase(*keep, "primary") : nullptr;
  if (!p || !p->IsBool() || !p->GetBool()) return;
  for (auto& e : array.GetArray()) {
    if (&e == keep) continue;
    if (auto* q = util::find_member_icase(e, "primary"); q && q->IsBool()) q->SetBool(false);
  }
}

class Applier {
 public:
  Applier(const ResourceKind& kind, rapidjson::Document& doc, const std::string& id)
      : kind_(kind), doc_(doc), a_(doc.GetAllocator()), id_(id) {}

  PatchEffects effects;

  void apply(const PatchOperation& op) {
    if (op.path) return apply_path(op.op, *op.path, op.value);
    // RFC 7644 §3.5.2.1/.3: without a path the value is an object of attributes. Entra's newer
    // dialect uses attribute paths as keys ("name.givenName", "urn:...:User:department").
    if (!op.value->IsObject()) throw ScimError::invalid_value("a path-less " + op_name(op.op) + " needs an object value");
    for (auto it = op.value->MemberBegin(); it != op.value->MemberEnd(); ++it) {
      std::string key(util::view(it->name));
      if (util::iequals(key, "schemas")) continue;
      if (const SchemaDef* ext = kind_.type->find_extension(key)) {
        if (!it->value.IsObject()) throw ScimError::invalid_value("'" + ext->id + "' must be an object");
        for (auto e = it->value.MemberBegin(); e != it->value.MemberEnd(); ++e)
          apply_path(op.op, ext->id + ":" + std::string(util::view(e->name)), &e->value, true);
        continue;
      }
      apply_path(op.op, key, &it->value, true);
    }
  }

 private:
  static std::string op_name(PatchOpType t) {
    return t == PatchOpType::add ? "add" : t == PatchOpType::replace ? "replace" : "remove";
  }

  bool is_known_schema(const std::string& urn) const {
    return util::iequals(urn, kind_.type->schema->id) || kind_.type->find_extension(urn);
  }

  void apply_path(PatchOpType op, const std::string& text, const Value* value, bool is_pathless_key = false) {
    filters::PatchPath path;
    filters::ResolvedAttribute resolved;
    try {
      path = filters::parse_path(text);
      resolved = filters::check(path, *kind_.filter_schema);
    } catch (const filters::SemanticError& e) {
      // Unknown attributes are ignored on write, as in POST and PUT, when they belong to a
      // schema this server does not know (Entra's custom extension URNs) or arrive as keys
      // of a path-less value; a bad path under a known schema is the client's error.
      bool unknown_schema = !path.path.schema.empty() && !is_known_schema(path.path.schema);
      if (e.kind() == filters::SemanticError::Kind::unknown_attribute && (unknown_schema || is_pathless_key)) return;
      throw ScimError::invalid_path("invalid path '" + text + "': " + e.what());
    } catch (const filters::Error& e) {
      throw ScimError::invalid_path("invalid path '" + text + "': " + e.what());
    }
    filters::ResolvedAttribute top{resolved.schema, resolved.attribute, nullptr};
    const AttributeDef* def = find_definition(*kind_.type, top);
    if (!def) throw ScimError::invalid_path("invalid path '" + text + "'");
    const AttributeDef* sub = resolved.sub_attribute ? def->find_sub(resolved.sub_attribute->name) : nullptr;

    if (def->mutability == Mutability::read_only) {
      if (util::iequals(def->name, "id") && value && is_okta_echoed_id(*value, id_)) return;
      throw ScimError::mutability("attribute '" + def->name + "' is read-only");
    }
    if (sub && sub->mutability == Mutability::read_only)
      throw ScimError::mutability("attribute '" + def->name + "." + sub->name + "' is read-only");
    if (kind_.flavor == Flavor::group && resolved.schema.empty() && util::iequals(def->name, "members"))
      return apply_members(op, path, value, text);
    if (def->mutability == Mutability::write_only) return apply_password(op, value);

    Value* container = container_for(resolved.schema, op != PatchOpType::remove);
    if (!container) return;  // removing from an extension that has no values: nothing to do
    const std::string where = resolved.schema.empty() ? def->name : std::string(resolved.schema) + ":" + def->name;
    if (path.filter) return apply_filtered(op, *container, *def, sub, *path.filter, resolved, value, where);
    if (sub) return apply_sub(op, *container, *def, *sub, value, where);
    apply_whole(op, *container, *def, value, where);
  }

  Value* container_for(std::string_view schema, bool create) {
    if (schema.empty()) return &doc_;
    if (auto* v = util::find_member_icase(doc_, schema)) return v;
    if (!create) return nullptr;
    doc_.AddMember(util::string_value(schema, a_), Value(rapidjson::kObjectType), a_);
    return util::find_member_icase(doc_, schema);
  }

  Value decode(const Value* in, const AttributeDef& def, const std::string& where, bool* assigned) {
    Value out;
    *assigned = in && decode_value(*in, def, out, a_, where);
    return out;
  }

  void set_member(Value& obj, const std::string& name, Value v) {
    if (auto* old = util::find_member_icase(obj, name)) *old = v;
    else obj.AddMember(util::string_value(name, a_), v, a_);
  }

  void erase_member(Value& obj, const std::string& name) {
    for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it)
      if (util::iequals(util::view(it->name), name)) {
        obj.EraseMember(it);
        return;
      }
  }

  // `attr` with no filter and no sub-attribute.
  void apply_whole(PatchOpType op, Value& container, const AttributeDef& def, const Value* value,
                   const std::string& where) {
    if (op == PatchOpType::remove) {
      Value* current = util::find_member_icase(container, def.name);
      if (current && def.is_multi_valued && is_entra_remove_by_value_list(value) && current->IsArray()) {
        remove_listed_values(*current, *value);
        if (current->Empty()) erase_member(container, def.name);
        return;
      }
      erase_member(container, def.name);
      return;
    }
    if (def.is_multi_valued) {
      // A single element where an array belongs is taken as a one-element array.
      Value wrapped(rapidjson::kArrayType);
      if (value && !value->IsArray() && !value->IsNull()) wrapped.PushBack(Value(*value, a_), a_);
      bool assigned = false;
      Value incoming = decode(wrapped.Empty() ? value : &wrapped, def, where, &assigned);
      Value* current = util::find_member_icase(container, def.name);
      if (op == PatchOpType::replace || !current || !current->IsArray()) {
        // RFC 7644 §3.5.2.3: replace on a multi-valued attribute replaces all its values.
        if (assigned) set_member(container, def.name, std::move(incoming));
        else erase_member(container, def.name);
        return;
      }
      if (!assigned) return;
      for (auto& e : incoming.GetArray()) {  // RFC 7644 §3.5.2.1: add appends, skipping duplicates
        bool duplicate = false;
        for (const auto& c : current->GetArray())
          if (c == e) duplicate = true;
        if (duplicate) continue;
        current->PushBack(Value(e, a_), a_);
        demote_other_primaries(*current, &(*current)[current->Size() - 1]);
      }
      check_single_primary(*current, where);
      return;
    }
    bool assigned = false;
    Value incoming = decode(value, def, where, &assigned);
    Value* current = util::find_member_icase(container, def.name);
    if (def.type == AttrType::complex && current && current->IsObject() && assigned) {
      // RFC 7644 §3.5.2.1/.3: sub-attributes given replace or add to the existing ones.
      for (auto it = incoming.MemberBegin(); it != incoming.MemberEnd(); ++it)
        set_member(*current, std::string(util::view(it->name)), Value(it->value, a_));
      return;
    }
    if (assigned) set_member(container, def.name, std::move(incoming));
    else erase_member(container, def.name);  // null means unassigned (RFC 7643 §2.5)
  }

  void remove_listed_values(Value& array, const Value& listed) {
    for (const auto& l : listed.GetArray()) {
      std::string_view target = util::view(*util::find_member_icase(l, "value"));
      for (auto it = array.Begin(); it != array.End();) {
        const Value* v = util::find_member_icase(*it, "value");
        if (v && v->IsString() && util::view(*v) == target) it = array.Erase(it);
        else ++it;
      }
    }
  }

  // `attr.sub` without a filter: a singular complex attribute, or every element of a
  // multi-valued one.
  void apply_sub(PatchOpType op, Value& container, const AttributeDef& def, const AttributeDef& sub,
                 const Value* value, const std::string& where) {
    Value* current = util::find_member_icase(container, def.name);
    bool assigned = false;
    Value incoming = op == PatchOpType::remove ? Value() : decode(value, sub, where + "." + sub.name, &assigned);
    if (def.is_multi_valued) {
      if (!current || !current->IsArray()) {
        if (op == PatchOpType::remove) return;
        throw ScimError::no_target("'" + where + "' has no values to set '" + sub.name + "' on");
      }
      for (auto& e : current->GetArray()) {
        if (!e.IsObject()) continue;
        if (op == PatchOpType::remove || !assigned) erase_member(e, sub.name);
        else set_member(e, sub.name, Value(incoming, a_));
      }
      // RFC 7643 §2.4: `emails.primary` set to true on several elements is refused.
      check_single_primary(*current, where);
      return;
    }
    if (op == PatchOpType::remove || !assigned) {
      if (current && current->IsObject()) {
        erase_member(*current, sub.name);
        if (current->ObjectEmpty()) erase_member(container, def.name);
      }
      return;
    }
    if (!current || !current->IsObject()) {
      set_member(container, def.name, Value(rapidjson::kObjectType));
      current = util::find_member_icase(container, def.name);
    }
    set_member(*current, sub.name, std::move(incoming));
  }

  // `attr[filter]` or `attr[filter].sub` (RFC 7644 §3.5.2 valuePath).
  void apply_filtered(PatchOpType op, Value& container, const AttributeDef& def, const AttributeDef* sub,
                      const filters::Filter& filter, const filters::ResolvedAttribute& resolved, const Value* value,
                      const std::string& where) {
    Value* current = util::find_member_icase(container, def.name);
    std::vector<size_t> matches;
    if (current && current->IsArray())
      for (size_t i = 0; i < current->Size(); ++i)
        if ((*current)[i].IsObject() && filters::evaluate_element(filter, (*current)[i], resolved)) matches.push_back(i);

    if (op == PatchOpType::remove) {
      for (auto i = matches.rbegin(); i != matches.rend(); ++i) {
        if (sub) erase_member((*current)[static_cast<rapidjson::SizeType>(*i)], sub->name);
        else current->Erase(current->Begin() + *i);
      }
      if (current && current->IsArray() && current->Empty()) erase_member(container, def.name);
      return;
    }
    if (matches.empty()) {
      create_from_filter(container, def, sub, filter, value, where);
      return;
    }
    for (size_t i : matches) {
      Value& element = (*current)[static_cast<rapidjson::SizeType>(i)];
      if (sub) {
        bool assigned = false;
        Value v = decode(value, *sub, where + "." + sub->name, &assigned);
        if (assigned) set_member(element, sub->name, std::move(v));
        else erase_member(element, sub->name);
      } else {
        AttributeDef single = def;
        single.is_multi_valued = false;
        bool assigned = false;
        Value v = decode(value, single, where, &assigned);
        if (!assigned) continue;
        if (op == PatchOpType::replace) element = v;
        else
          for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it)
            set_member(element, std::string(util::view(it->name)), Value(it->value, a_));
      }
      demote_other_primaries(*current, &element);
    }
    check_single_primary(*current, where);
  }

  // Entra: a valuePath that matches nothing on add/replace creates the element.
  void create_from_filter(Value& container, const AttributeDef& def, const AttributeDef* sub,
                          const filters::Filter& filter, const Value* value, const std::string& where) {
    auto assignments = entra_element_from_filter(filter);
    if (!assignments) throw ScimError::no_target("no value of '" + where + "' matches the filter");
    Value element(rapidjson::kObjectType);
    for (auto& [name, v] : *assignments) {
      const AttributeDef* s = def.find_sub(name);
      if (!s) continue;
      Value raw = from_comp_value(v, a_);
      Value decoded;
      if (decode_value(raw, *s, decoded, a_, where + "." + s->name)) set_member(element, s->name, std::move(decoded));
    }
    if (sub) {
      bool assigned = false;
      Value v = decode(value, *sub, where + "." + sub->name, &assigned);
      if (!assigned) return;
      set_member(element, sub->name, std::move(v));
    } else if (value && value->IsObject()) {
      AttributeDef single = def;
      single.is_multi_valued = false;
      bool assigned = false;
      Value v = decode(value, single, where, &assigned);
      if (assigned)
        for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it)
          set_member(element, std::string(util::view(it->name)), Value(it->value, a_));
    }
    Value* current = util::find_member_icase(container, def.name);
    if (!current || !current->IsArray()) {
      set_member(container, def.name, Value(rapidjson::kArrayType));
      current = util::find_member_icase(container, def.name);
    }
    current->PushBack(element, a_);
    demote_other_primaries(*current, &(*current)[current->Size() - 1]);
    check_single_primary(*current, where);
  }

  void apply_password(PatchOpType op, const Value* value) {
    if (op == PatchOpType::remove) return;  // a password cannot be unset, only replaced
    if (!value || !value->IsString()) throw ScimError::invalid_value("attribute 'password' must be a string");
    effects.password = std::string(util::view(*value));
  }

  // The ids (and labels) of a members value: an array of {"value": id, "display": label}.
  static MemberChange added_members(const Value* value) {
    MemberChange change{MemberChange::Kind::add, {}, {}};
    if (!value || value->IsNull()) return change;
    auto take = [&](const Value& m) {
      if (is_bare_member_id(m)) {
        change.ids.emplace_back(util::view(m));
        change.displays.emplace_back();
        return;
      }
      const Value* v = util::find_member_icase(m, "value");
      if (!v || !v->IsString() || v->GetStringLength() == 0)
        throw ScimError::invalid_value("every member needs a 'value' (the member's id)");
      change.ids.emplace_back(util::view(*v));
      change.displays.push_back(member_display(m));
    };
    if (value->IsArray()) {
      for (const auto& m : value->GetArray()) take(m);
    } else if (value->IsObject() || is_bare_member_id(*value)) {
      take(*value);
    } else {
      throw ScimError::invalid_value("'members' must be an array of {\"value\": id}");
    }
    return change;
  }

  void apply_members(PatchOpType op, const filters::PatchPath& path, const Value* value, const std::string& text) {
    auto& changes = effects.member_changes;
    if (path.path.has_sub_attr()) throw ScimError::invalid_path("'" + text + "': members can only be changed whole");
    if (path.filter) {
      auto ids = member_ids_of_filter(*path.filter);
      if (op != PatchOpType::remove || !ids)
        throw ScimError::invalid_path("'" + text + "': only remove with members[value eq \"id\"] is supported");
      changes.push_back({MemberChange::Kind::remove, std::move(*ids), {}});
      return;
    }
    if (op == PatchOpType::remove) {
      if (is_entra_remove_by_value_list(value))
        changes.push_back({MemberChange::Kind::remove, added_members(value).ids, {}});
      else
        changes.push_back({MemberChange::Kind::clear, {}, {}});
      return;
    }
    if (op == PatchOpType::replace) changes.push_back({MemberChange::Kind::clear, {}, {}});
    MemberChange added = added_members(value);
    if (!added.ids.empty()) changes.push_back(std::move(added));
  }

  const ResourceKind& kind_;
  rapidjson::Document& doc_;
  Alloc& a_;
  const std::string& id_;
};

// RFC 7643 §2.5: an empty array, a complex value without sub-attributes and an extension
// without attributes are unassigned. The codec never stores one; a PATCH that empties one (it
// removes the last sub-attribute of every element, or every attribute of an extension) leaves
// it out too, so the stored document stays in the codec's canonical form.
void drop_unassigned(Value& object) {
  for (auto it = object.MemberBegin(); it != object.MemberEnd();) {
    Value& v = it->value;
    if (v.IsObject()) drop_unassigned(v);
    if (v.IsArray())
      for (auto e = v.Begin(); e != v.End();) e = e->IsObject() && e->ObjectEmpty() ? v.Erase(e) : e + 1;
    const bool is_empty = v.IsNull() || (v.IsObject() && v.ObjectEmpty()) || (v.IsArray() && v.Empty());
    it = is_empty ? object.EraseMember(it) : it + 1;
  }
}

}  // namespace

PatchEffects apply_patch(const ResourceKind& kind, rapidjson::Document& doc, const std::string& resource_id,
                         const std::vector<PatchOperation>& operations) {
  Applier applier(kind, doc, resource_id);
  for (const auto& op : operations) applier.apply(op);
  drop_unassigned(doc);
  return std::move(applier.effects);
}

}  // namespace scimd::scim
