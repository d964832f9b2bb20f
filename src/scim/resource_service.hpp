#pragma once
// One SCIM request on a resource type: validate, store, render, project (RFC 7644 §3.3-3.6).
// The service knows no HTTP: it takes decoded bodies and returns documents or throws ScimError.
#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "scim/codec.hpp"
#include "scim/error.hpp"
#include "scim/list_query.hpp"
#include "scim/mapping_rules.hpp"
#include "scim/projection.hpp"
#include "scim/resource_kind.hpp"
#include "store/database.hpp"

namespace scimd::scim {

/// Who asks, and the SCIM base URL used for locations and $ref values.
struct ServiceContext {
  long long tenant = 0;
  std::string base_url;  ///< e.g. "https://scim.example.com/scim/v2"
  bool is_admin = false;  ///< the token's role is admin (Applications are admin-managed)
  // Who writes, for the audit trail (scim/audit.hpp).
  std::string token_id;        ///< the id of the request's token (never the token); "" for the CLI
  std::string client_address;  ///< the peer address; "cli" for the command line
  std::string request_id;      ///< the X-Request-Id of the request
};

/// A member a request names: its id and the label sent with it ("" for none).
struct RequestedMember {
  std::string id;
  std::string display;
};

/// One resource of an import: its kind, its body, and the id to keep (or nullopt for a new one).
struct ImportItem {
  const ResourceKind* kind = nullptr;
  const rapidjson::Value* body = nullptr;
  std::optional<std::string> id;
};

/// A single resource answered to the client.
struct ResourceResponse {
  rapidjson::Document body;
  std::string etag;
  std::string location;
};

class ResourceService {
 public:
  ResourceService(store::Database& db, const ResourceKinds& kinds) : db_(db), kinds_(kinds), rules_(kinds) {}

  /// POST /{endpoint} (RFC 7644 §3.3).
  ResourceResponse create(const ServiceContext& ctx, const ResourceKind& kind, const rapidjson::Value& body,
                          const Projection& projection);

  /// Creates many resources in one transaction (imports): each gets its own savepoint, so the
  /// result lists, per item, nothing (created) or the error that rejected it.
  std::vector<std::optional<ScimError>> create_many(const ServiceContext& ctx, const std::vector<ImportItem>& items);

  /// GET /{endpoint}/{id} (RFC 7644 §3.4.1). 404 when unknown.
  ResourceResponse get(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                       const Projection& projection);

  /// PUT /{endpoint}/{id} (RFC 7644 §3.5.1). if_match: the If-Match header, when sent.
  ResourceResponse replace(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                           const rapidjson::Value& body, const std::optional<std::string>& if_match,
                           const Projection& projection);

  /// PATCH /{endpoint}/{id} (RFC 7644 §3.5.2): every operation applies, or none. The body is
  /// rendered only when with_body is true (the ETag always is).
  ResourceResponse patch(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                         const rapidjson::Value& body, const std::optional<std::string>& if_match,
                         const Projection& projection, bool with_body = true);

  /// DELETE /{endpoint}/{id} (RFC 7644 §3.6): the resource leaves every group.
  void remove(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
              const std::optional<std::string>& if_match);

  /// GET /{endpoint} with query parameters (RFC 7644 §3.4.2): a ListResponse.
  rapidjson::Document list(const ServiceContext& ctx, const ResourceKind& kind, const ListQuery& q);

  /// A query at the server root (GET /?filter or POST /.search, RFC 7644 §3.4.2.1, §3.4.3): every
  /// stored resource type, Users first, then Groups, then Applications, each in its own order;
  /// startIndex and count page over that sequence.
  rapidjson::Document list_root(const ServiceContext& ctx, const std::map<std::string, std::string>& params);

 private:
  struct NewResource {
    DecodedResource in;
    std::vector<RequestedMember> members;
    std::optional<std::string> password_hash;
    store::ResourceRecord rec;
  };
  /// Decodes and checks a create; the id is kept when given.
  static NewResource prepare_new(const ResourceKind& kind, const rapidjson::Value& body, std::optional<std::string> id);
  /// Inserts a prepared resource inside the caller's transaction.
  void insert_new(soci::session& s, const ServiceContext& ctx, const ResourceKind& kind, NewResource& n,
                  AccessEvents& events);
  /// Before a resource is deleted: watches whose access the deletion can change, and takes the
  /// resource out of what rules and applications refer to.
  void before_remove(soci::session& s, const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                     AccessEvents& events);

  ResourceResponse respond(soci::session& s, const ServiceContext& ctx, const ResourceKind& kind,
                           const store::ResourceRecord& rec, const Projection& projection);

  store::Database& db_;
  const ResourceKinds& kinds_;
  MappingRules rules_;
};

}  // namespace scimd::scim
