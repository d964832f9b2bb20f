#include "scim/bulk.hpp"

#include <map>
#include <set>

#include "scim/error.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

namespace {

constexpr std::string_view bulk_prefix = "bulkId:";

struct BulkOp {
  size_t index = 0;
  std::string method;  // upper case
  std::string bulk_id;
  std::string path;
  std::optional<std::string> version;
  const Value* data = nullptr;
  std::set<std::string> references;  // bulkIds this operation needs
  bool is_done = false;
  Value response;  // the BulkResponse entry
};

// Collects every "bulkId:x" string in v (data values, member values, paths).
void collect_references(const Value& v, std::set<std::string>& out) {
  if (v.IsString()) {
    std::string_view s = util::view(v);
    if (s.starts_with(bulk_prefix)) out.emplace(s.substr(bulk_prefix.size()));
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) collect_references(e, out);
  } else if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) collect_references(it->value, out);
  }
}

void replace_references(Value& v, const std::map<std::string, std::string>& ids, rapidjson::Document::AllocatorType& a) {
  if (v.IsString()) {
    std::string_view s = util::view(v);
    if (s.starts_with(bulk_prefix)) {
      auto it = ids.find(std::string(s.substr(bulk_prefix.size())));
      if (it != ids.end()) v = util::string_value(it->second, a);
    }
  } else if (v.IsArray()) {
    for (auto& e : v.GetArray()) replace_references(e, ids, a);
  } else if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) replace_references(it->value, ids, a);
  }
}

std::string path_references(const std::string& path, std::set<std::string>& out) {
  size_t at = path.find(bulk_prefix);
  if (at != std::string::npos) out.insert(path.substr(at + bulk_prefix.size()));
  return path;
}

std::string error_detail_json(const ScimError& e, rapidjson::Document::AllocatorType& a, Value& response) {
  response.SetObject();
  Value schemas(rapidjson::kArrayType);
  schemas.PushBack("urn:ietf:params:scim:api:messages:2.0:Error", a);
  response.AddMember("schemas", schemas, a);
  response.AddMember("status", util::string_value(std::to_string(e.status()), a), a);
  if (e.scim_type()) response.AddMember("scimType", util::string_value(to_string(*e.scim_type()), a), a);
  response.AddMember("detail", util::string_value(e.detail(), a), a);
  return std::to_string(e.status());
}

BulkOp parse_op(const Value& o, size_t index) {
  const std::string where = "Operations[" + std::to_string(index) + "]";
  if (!o.IsObject()) throw ScimError::invalid_syntax(where + " must be an object");
  BulkOp op;
  op.index = index;
  const Value* method = util::find_member_icase(o, "method");
  const Value* path = util::find_member_icase(o, "path");
  if (!method || !method->IsString()) throw ScimError::invalid_syntax(where + " needs a 'method'");
  if (!path || !path->IsString()) throw ScimError::invalid_syntax(where + " needs a 'path'");
  op.method = util::ascii_lower(util::view(*method));
  for (char& c : op.method) c = static_cast<char>(c - 'a' + 'A');
  if (op.method != "POST" && op.method != "PUT" && op.method != "PATCH" && op.method != "DELETE")
    throw ScimError::invalid_syntax(where + ".method must be POST, PUT, PATCH or DELETE");
  op.path = std::string(util::view(*path));
  if (const Value* b = util::find_member_icase(o, "bulkId"); b && b->IsString()) op.bulk_id = std::string(util::view(*b));
  if (op.method == "POST" && op.bulk_id.empty()) throw ScimError::invalid_syntax(where + ": POST needs a 'bulkId'");
  if (const Value* v = util::find_member_icase(o, "version"); v && v->IsString()) op.version = std::string(util::view(*v));
  op.data = util::find_member_icase(o, "data");
  if (op.method != "DELETE" && (!op.data || !op.data->IsObject()))
    throw ScimError::invalid_syntax(where + ": " + op.method + " needs an object 'data'");
  if (op.data) collect_references(*op.data, op.references);
  path_references(op.path, op.references);
  return op;
}

}  // namespace

rapidjson::Document BulkService::run(const ServiceContext& ctx, const Value& body, size_t payload_bytes) {
  if (payload_bytes > bulk_max_payload_bytes)
    throw ScimError::payload_too_large("the bulk request is larger than maxPayloadSize (" +
                                       std::to_string(bulk_max_payload_bytes) + " bytes)");
  const Value* schemas = util::find_member_icase(body, "schemas");
  bool is_bulk = false;
  if (schemas && schemas->IsArray())
    for (const auto& s : schemas->GetArray())
      if (s.IsString() && util::iequals(util::view(s), "urn:ietf:params:scim:api:messages:2.0:BulkRequest")) is_bulk = true;
  if (!is_bulk) throw ScimError::invalid_syntax("'schemas' must be [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"]");
  const Value* ops = util::find_member_icase(body, "Operations");
  if (!ops || !ops->IsArray()) throw ScimError::invalid_syntax("a BulkRequest needs an 'Operations' array");
  if (ops->Size() > bulk_max_operations)
    throw ScimError::payload_too_large("the bulk request has more than maxOperations (" +
                                       std::to_string(bulk_max_operations) + ") operations");
  long long fail_on_errors = 0;  // 0: process everything
  if (const Value* f = util::find_member_icase(body, "failOnErrors")) {
    if (!f->IsInt64() || f->GetInt64() < 1) throw ScimError::invalid_syntax("failOnErrors must be a positive integer");
    fail_on_errors = f->GetInt64();
  }

  std::vector<BulkOp> list;
  std::set<std::string> bulk_ids;
  for (size_t i = 0; i < ops->Size(); ++i) {
    list.push_back(parse_op((*ops)[static_cast<rapidjson::SizeType>(i)], i));
    if (!list.back().bulk_id.empty() && !bulk_ids.insert(list.back().bulk_id).second)
      throw ScimError::invalid_syntax("bulkId '" + list.back().bulk_id + "' is used twice");
  }

  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  std::map<std::string, std::string> resolved;  // bulkId -> id
  std::set<std::string> failed;                 // bulkIds whose operation failed
  long long errors = 0;
  std::vector<size_t> order;  // indexes in the order they were processed

  auto finish = [&](BulkOp& op, const std::string& status, const std::string& location, const std::string& version) {
    op.is_done = true;
    op.response.SetObject();
    op.response.AddMember("method", util::string_value(op.method, a), a);
    if (!op.bulk_id.empty()) op.response.AddMember("bulkId", util::string_value(op.bulk_id, a), a);
    if (!version.empty()) op.response.AddMember("version", util::string_value(version, a), a);
    if (!location.empty()) op.response.AddMember("location", util::string_value(location, a), a);
    op.response.AddMember("status", util::string_value(status, a), a);
    order.push_back(op.index);
  };
  auto fail = [&](BulkOp& op, const ScimError& e) {
    Value response;
    std::string status = error_detail_json(e, a, response);
    finish(op, status, "", "");
    op.response.AddMember("response", response, a);
    if (!op.bulk_id.empty()) failed.insert(op.bulk_id);
    ++errors;
  };

  bool progress = true;
  while (progress && !(fail_on_errors && errors >= fail_on_errors)) {
    progress = false;
    for (auto& op : list) {
      if (op.is_done || (fail_on_errors && errors >= fail_on_errors)) continue;
      bool waiting = false;
      std::string broken;
      for (const auto& ref : op.references) {
        if (resolved.count(ref)) continue;
        if (failed.count(ref) || !bulk_ids.count(ref)) broken = ref;
        else waiting = true;
      }
      if (!broken.empty()) {
        fail(op, ScimError::conflict("bulkId '" + broken + "' does not name a successful POST in this request"));
        progress = true;
        continue;
      }
      if (waiting) continue;
      progress = true;
      try {
        rapidjson::Document data;
        if (op.data) {
          data.CopyFrom(*op.data, data.GetAllocator());
          replace_references(data, resolved, data.GetAllocator());
        }
        std::string path = op.path;
        if (size_t at = path.find(bulk_prefix); at != std::string::npos)
          path = path.substr(0, at) + resolved.at(path.substr(at + bulk_prefix.size()));
        std::vector<std::string> parts;
        for (size_t p = 0; p < path.size();) {
          size_t slash = path.find('/', p);
          if (slash == std::string::npos) slash = path.size();
          if (slash > p) parts.push_back(path.substr(p, slash - p));
          p = slash + 1;
        }
        const ResourceKind* kind = parts.empty() ? nullptr : kinds_.by_endpoint(parts[0]);
        if (!kind || parts.size() > 2 || (op.method == "POST") != (parts.size() == 1))
          throw ScimError::invalid_path("'" + op.path + "' is not a resource path for " + op.method);
        if ((kind->flavor == Flavor::application || kind->flavor == Flavor::rule) && !ctx.is_admin)
          throw ScimError::forbidden("only an admin token may change " + kind->type->name + " resources");
        Projection all;
        if (op.method == "POST") {
          auto r = resources_.create(ctx, *kind, data, all);
          resolved[op.bulk_id] = r.body["id"].GetString();
          finish(op, "201", r.location, r.etag);
        } else if (op.method == "PUT") {
          auto r = resources_.replace(ctx, *kind, parts[1], data, op.version, all);
          finish(op, "200", r.location, r.etag);
        } else if (op.method == "PATCH") {
          auto r = resources_.patch(ctx, *kind, parts[1], data, op.version, all);
          finish(op, "200", r.location, r.etag);
        } else {
          resources_.remove(ctx, *kind, parts[1], op.version);
          finish(op, "204", ctx.base_url + kind->type->endpoint + "/" + parts[1], "");
        }
      } catch (const ScimError& e) {
        fail(op, e);
      }
    }
  }
  // What is still waiting depends on itself through a cycle of bulkIds (RFC 7644 §3.7.1).
  if (!(fail_on_errors && errors >= fail_on_errors))
    for (auto& op : list)
      if (!op.is_done) fail(op, ScimError::conflict("circular bulkId references cannot be resolved"));

  Value schemas_out(rapidjson::kArrayType);
  schemas_out.PushBack("urn:ietf:params:scim:api:messages:2.0:BulkResponse", a);
  out.AddMember("schemas", schemas_out, a);
  Value results(rapidjson::kArrayType);
  for (size_t i : order) results.PushBack(list[i].response, a);
  out.AddMember("Operations", results, a);
  return out;
}

}  // namespace scimd::scim
