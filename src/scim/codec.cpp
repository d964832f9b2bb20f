#include "scim/codec.hpp"

#include <cctype>

#include "scim/error.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

std::optional<bool> entra_string_boolean(const Value& v) {
  if (!v.IsString()) return std::nullopt;
  if (util::iequals(util::view(v), "true")) return true;
  if (util::iequals(util::view(v), "false")) return false;
  return std::nullopt;
}

bool is_entra_bare_manager(const Value& v, const AttributeDef& def) {
  return v.IsString() && def.type == AttrType::complex && !def.is_multi_valued && def.find_sub("value");
}

bool is_date_time(std::string_view s) {
  // YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)
  auto digits = [&](size_t pos, size_t n) {
    if (pos + n > s.size()) return false;
    for (size_t i = pos; i < pos + n; ++i)
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
  };
  if (!(digits(0, 4) && s.size() > 19 && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2) &&
        (s[10] == 'T' || s[10] == 't') && digits(11, 2) && s[13] == ':' && digits(14, 2) && s[16] == ':' &&
        digits(17, 2)))
    return false;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits(i + 1, 2) && s[i + 3] == ':' &&
         digits(i + 4, 2);
}

namespace {

[[noreturn]] void type_error(const std::string& where, const char* expected) {
  throw ScimError::invalid_value("attribute '" + where + "' must be " + expected);
}

bool decode_complex(const Value& in, const AttributeDef& def, Value& out, Alloc& alloc, const std::string& where) {
  if (!in.IsObject()) type_error(where, "a complex object");
  out.SetObject();
  for (auto it = in.MemberBegin(); it != in.MemberEnd(); ++it) {
    const AttributeDef* sub = def.find_sub(util::view(it->name));
    if (!sub || sub->mutability == Mutability::read_only) continue;  // RFC 7644 §3.3: ignored
    Value v;
    if (!decode_value(it->value, *sub, v, alloc, where + "." + sub->name)) continue;
    out.AddMember(util::string_value(sub->name, alloc), v, alloc);
  }
  return out.MemberCount() > 0;
}

bool decode_single(const Value& in, const AttributeDef& def, Value& out, Alloc& alloc, const std::string& where) {
  if (in.IsNull()) return false;  // RFC 7643 §2.5: null is unassigned
  switch (def.type) {
    case AttrType::string:
    case AttrType::reference:
    case AttrType::binary:
      if (!in.IsString()) type_error(where, "a string");
      out.SetString(in.GetString(), in.GetStringLength(), alloc);
      return true;
    case AttrType::date_time:
      if (!in.IsString() || !is_date_time(util::view(in))) type_error(where, "an xsd:dateTime string");
      out.SetString(in.GetString(), in.GetStringLength(), alloc);
      return true;
    case AttrType::boolean:
      if (in.IsBool()) {
        out.SetBool(in.GetBool());
      } else if (auto b = entra_string_boolean(in)) {
        out.SetBool(*b);
      } else {
        type_error(where, "a boolean");
      }
      return true;
    case AttrType::integer:
      if (in.IsInt64()) out.SetInt64(in.GetInt64());
      else type_error(where, "an integer");
      return true;
    case AttrType::decimal:
      if (!in.IsNumber()) type_error(where, "a number");
      out.CopyFrom(in, alloc);
      return true;
    case AttrType::complex:
      if (is_entra_bare_manager(in, def)) {
        out.SetObject();
        out.AddMember("value", Value(in.GetString(), in.GetStringLength(), alloc), alloc);
        return true;
      }
      return decode_complex(in, def, out, alloc, where);
  }
  return false;
}

}  // namespace

void check_single_primary(const Value& array, const std::string& where) {
  int primaries = 0;
  for (const auto& e : array.GetArray()) {
    const Value* p = util::find_member_icase(e, "primary");
    if (p && p->IsBool() && p->GetBool()) ++primaries;
  }
  if (primaries > 1) throw ScimError::invalid_value("attribute '" + where + "' has more than one primary value");
}

bool decode_value(const Value& in, const AttributeDef& def, Value& out, Alloc& alloc, const std::string& where) {
  if (!def.is_multi_valued) return decode_single(in, def, out, alloc, where);
  if (in.IsNull()) return false;
  if (!in.IsArray()) type_error(where, "an array");
  out.SetArray();
  for (const auto& e : in.GetArray()) {
    Value v;
    if (decode_single(e, def, v, alloc, where)) out.PushBack(v, alloc);
  }
  if (out.Empty()) return false;  // RFC 7643 §2.5: [] is unassigned
  if (def.type == AttrType::complex) check_single_primary(out, where);
  return true;
}

namespace {

bool is_schemas_key(std::string_view k) { return util::iequals(k, "schemas"); }

void check_schemas(const Value& body, const ResourceTypeDef& type) {
  const Value* schemas = util::find_member_icase(body, "schemas");
  if (!schemas) return;  // lenient: some clients omit it; the endpoint says what they mean
  if (!schemas->IsArray()) throw ScimError::invalid_syntax("'schemas' must be an array of schema URNs");
  bool has_core = false;
  for (const auto& s : schemas->GetArray()) {
    if (!s.IsString()) throw ScimError::invalid_syntax("'schemas' must be an array of schema URNs");
    if (util::iequals(util::view(s), type.schema->id)) has_core = true;
  }
  // RFC 7643 §3: schemas lists the core schema. Unknown extra URIs are tolerated (Entra adds
  // a Microsoft ADSCIM URI to group creates).
  if (!has_core && schemas->Size() > 0)
    throw ScimError::invalid_syntax("'schemas' does not list " + type.schema->id);
}

// Adds an attribute of `schema` to `target` (an object), replacing an earlier value.
void put_attribute(const Value& in, const AttributeDef& def, Value& target, Alloc& alloc, const std::string& where) {
  Value v;
  if (!decode_value(in, def, v, alloc, where)) return;
  if (auto* old = util::find_member_icase(target, def.name)) {
    *old = v;
  } else {
    target.AddMember(util::string_value(def.name, alloc), v, alloc);
  }
}

Value& extension_object(Value& doc, const SchemaDef& ext, Alloc& alloc) {
  if (auto* v = util::find_member_icase(doc, ext.id)) return *v;
  doc.AddMember(util::string_value(ext.id, alloc), Value(rapidjson::kObjectType), alloc);
  return doc[ext.id.c_str()];
}

}  // namespace

DecodedResource decode_resource(const Value& body, const ResourceTypeDef& type) {
  if (!body.IsObject()) throw ScimError::invalid_syntax("the request body must be a JSON object");
  check_schemas(body, type);
  DecodedResource r;
  r.doc.SetObject();
  auto& alloc = r.doc.GetAllocator();
  for (auto it = body.MemberBegin(); it != body.MemberEnd(); ++it) {
    std::string_view key = util::view(it->name);
    if (is_schemas_key(key)) continue;
    if (util::iequals(key, "externalId")) {
      put_attribute(it->value, external_id_attribute(), r.doc, alloc, "externalId");
      continue;
    }
    if (const AttributeDef* def = type.schema->find(key)) {
      if (def->mutability == Mutability::read_only) continue;  // RFC 7644 §3.3: ignored
      if (def->mutability == Mutability::write_only) {
        if (it->value.IsNull()) continue;
        if (!it->value.IsString()) type_error(def->name, "a string");
        r.password = std::string(util::view(it->value));
        continue;
      }
      put_attribute(it->value, *def, r.doc, alloc, def->name);
      continue;
    }
    if (const SchemaDef* ext = type.find_extension(key)) {
      if (it->value.IsNull()) continue;
      if (!it->value.IsObject()) type_error(ext->id, "an object of extension attributes");
      for (auto e = it->value.MemberBegin(); e != it->value.MemberEnd(); ++e) {
        const AttributeDef* def = ext->find(util::view(e->name));
        if (!def || def->mutability == Mutability::read_only) continue;
        put_attribute(e->value, *def, extension_object(r.doc, *ext, alloc), alloc, ext->id + ":" + def->name);
      }
      continue;
    }
    // Anything else (id, meta, unknown attributes, unknown schema URNs) is ignored.
  }
  // Drop extension objects that ended up empty.
  for (const auto& e : type.extensions) {
    auto m = r.doc.FindMember(e.schema->id.c_str());
    if (m != r.doc.MemberEnd() && m->value.ObjectEmpty()) r.doc.RemoveMember(m);
  }
  return r;
}

namespace {
void check_required_in(const Value& obj, const SchemaDef& schema, const std::string& prefix) {
  for (const auto& a : schema.attributes) {
    if (!a.is_required || a.mutability == Mutability::read_only) continue;
    if (a.mutability == Mutability::write_only) continue;  // password: checked where it is taken
    if (!obj.IsObject() || !obj.HasMember(a.name.c_str()))
      throw ScimError::invalid_value("required attribute '" + prefix + a.name + "' is missing");
  }
}
}  // namespace

void check_required(const Value& doc, const ResourceTypeDef& type) {
  check_required_in(doc, *type.schema, "");
  for (const auto& e : type.extensions) {
    auto m = doc.FindMember(e.schema->id.c_str());
    if (m != doc.MemberEnd()) {
      check_required_in(m->value, *e.schema, e.schema->id + ":");
    } else if (e.is_required) {
      throw ScimError::invalid_value("required extension '" + e.schema->id + "' is missing");
    }
  }
}

namespace {
void check_immutable_in(const Value& before, const Value& after, const SchemaDef& schema, const std::string& prefix) {
  for (const auto& a : schema.attributes) {
    if (a.mutability != Mutability::immutable) continue;
    auto b = before.IsObject() ? before.FindMember(a.name.c_str()) : before.MemberEnd();
    if (!before.IsObject() || b == before.MemberEnd()) continue;  // unset: may be set once
    auto n = after.IsObject() ? after.FindMember(a.name.c_str()) : after.MemberEnd();
    if (!after.IsObject() || n == after.MemberEnd() || n->value != b->value)
      throw ScimError::mutability("attribute '" + prefix + a.name + "' is immutable");
  }
}
}  // namespace

void check_immutable(const Value& before, const Value& after, const ResourceTypeDef& type) {
  check_immutable_in(before, after, *type.schema, "");
  for (const auto& e : type.extensions) {
    auto b = before.FindMember(e.schema->id.c_str());
    if (b == before.MemberEnd()) continue;
    auto n = after.FindMember(e.schema->id.c_str());
    static const Value empty(rapidjson::kObjectType);
    check_immutable_in(b->value, n == after.MemberEnd() ? empty : n->value, *e.schema, e.schema->id + ":");
  }
}

}  // namespace scimd::scim
