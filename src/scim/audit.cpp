#include "scim/audit.hpp"

#include "store/audit_store.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

bool is_secret_name(std::string_view name) {
  // Entra and Okta send "password" bare, with the User schema's URN in front, or as a
  // path-less value key; the last URN segment is the attribute name in every case.
  std::string_view last = name.substr(name.rfind(':') == std::string_view::npos ? 0 : name.rfind(':') + 1);
  if (util::iequals(last, "password")) return true;
  return util::ascii_lower(name).find("secret") != std::string::npos;
}

void redact_secrets(Value& v, rapidjson::Document::AllocatorType& a) {
  if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      if (it->name.IsString() && is_secret_name(util::view(it->name))) it->value = util::string_value(redacted_text, a);
      else redact_secrets(it->value, a);
    }
  } else if (v.IsArray()) {
    for (auto& e : v.GetArray()) redact_secrets(e, a);
  }
}

std::string redacted_patch_operations(const Value& patch_body) {
  rapidjson::Document ops;
  auto& a = ops.GetAllocator();
  const Value* given = util::find_member_icase(patch_body, "Operations");
  if (!given || !given->IsArray()) return "";
  ops.CopyFrom(*given, a);
  for (auto& op : ops.GetArray()) {
    const Value* path = util::find_member_icase(op, "path");
    Value* value = util::find_member_icase(op, "value");
    if (value && path && path->IsString() && is_secret_name(util::view(*path)))
      *value = util::string_value(redacted_text, a);
    else if (value)
      redact_secrets(*value, a);
  }
  return util::to_json(ops);
}

void record_write(soci::session& s, const ServiceContext& ctx, const AuditedWrite& w) {
  store::AuditRecord r;
  r.tenant_id = ctx.tenant;
  r.token_id = ctx.token_id;
  r.client_address = ctx.client_address;
  r.request_id = ctx.request_id;
  r.method = w.method;
  r.resource_type = w.resource_type;
  r.resource_id = w.resource_id;
  r.version_before = w.version_before;
  r.version_after = w.version_after;
  r.operations = w.operations;
  store::append_audit(s, r);
}

void record_cli_write(soci::session& s, long long tenant_id, std::string_view method, std::string_view resource_type,
                      const std::string& resource_id, const Value* details) {
  store::AuditRecord r = store::cli_audit(tenant_id, std::string(method), std::string(resource_type), resource_id);
  if (details) {
    rapidjson::Document copy;
    copy.CopyFrom(*details, copy.GetAllocator());
    redact_secrets(copy, copy.GetAllocator());
    r.operations = util::to_json(copy);
  }
  store::append_audit(s, r);
}

}  // namespace scimd::scim
