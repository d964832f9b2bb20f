#pragma once
// The one error type of scimd (RFC 7644 §3.12). Header-only, no dependencies, so any
// module may throw it. Build one through the named constructors: each fixes a valid
// HTTP status and scimType pair.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace scimd::scim {

/// The scimType keywords of RFC 7644 §3.12, Table 9.
enum class ScimType {
  invalid_filter,
  too_many,
  uniqueness,
  mutability,
  invalid_syntax,
  invalid_path,
  no_target,
  invalid_value,
  invalid_vers,
  sensitive,
  invalid_cursor,  // RFC 9865 §2.3
  expired_cursor,  // RFC 9865 §2.3
  invalid_count,   // RFC 9865 §2.3
};

/// The RFC spelling of a scimType ("invalidFilter" for ScimType::invalid_filter).
constexpr std::string_view to_string(ScimType t) {
  switch (t) {
    case ScimType::invalid_filter: return "invalidFilter";
    case ScimType::too_many: return "tooMany";
    case ScimType::uniqueness: return "uniqueness";
    case ScimType::mutability: return "mutability";
    case ScimType::invalid_syntax: return "invalidSyntax";
    case ScimType::invalid_path: return "invalidPath";
    case ScimType::no_target: return "noTarget";
    case ScimType::invalid_value: return "invalidValue";
    case ScimType::invalid_vers: return "invalidVers";
    case ScimType::sensitive: return "sensitive";
    case ScimType::invalid_cursor: return "invalidCursor";
    case ScimType::expired_cursor: return "expiredCursor";
    case ScimType::invalid_count: return "invalidCount";
  }
  return "";
}

/// An error answered to the client as a SCIM Error message.
class ScimError : public std::runtime_error {
 public:
  int status() const { return status_; }
  const std::optional<ScimType>& scim_type() const { return scim_type_; }
  const std::string& detail() const { return detail_; }
  /// Seconds for a Retry-After header, when the error carries one.
  const std::optional<int>& retry_after() const { return retry_after_; }

  // 400 with a scimType (RFC 7644 §3.12 Table 9).
  static ScimError invalid_filter(std::string d) { return {400, ScimType::invalid_filter, std::move(d)}; }
  static ScimError too_many(std::string d) { return {400, ScimType::too_many, std::move(d)}; }
  static ScimError mutability(std::string d) { return {400, ScimType::mutability, std::move(d)}; }
  static ScimError invalid_syntax(std::string d) { return {400, ScimType::invalid_syntax, std::move(d)}; }
  static ScimError invalid_path(std::string d) { return {400, ScimType::invalid_path, std::move(d)}; }
  static ScimError no_target(std::string d) { return {400, ScimType::no_target, std::move(d)}; }
  static ScimError invalid_value(std::string d) { return {400, ScimType::invalid_value, std::move(d)}; }
  static ScimError invalid_version(std::string d) { return {400, ScimType::invalid_vers, std::move(d)}; }
  static ScimError sensitive(std::string d) { return {400, ScimType::sensitive, std::move(d)}; }
  static ScimError invalid_cursor(std::string d) { return {400, ScimType::invalid_cursor, std::move(d)}; }
  static ScimError expired_cursor(std::string d) { return {400, ScimType::expired_cursor, std::move(d)}; }
  static ScimError invalid_count(std::string d) { return {400, ScimType::invalid_count, std::move(d)}; }
  /// 409: a unique attribute (userName, displayName) is taken (RFC 7644 §3.3).
  static ScimError uniqueness(std::string d) { return {409, ScimType::uniqueness, std::move(d)}; }

  // Statuses without a scimType (RFC 7644 §3.12 Table 8).
  static ScimError bad_request(std::string d) { return {400, std::nullopt, std::move(d)}; }
  static ScimError unauthorized(std::string d) { return {401, std::nullopt, std::move(d)}; }
  static ScimError forbidden(std::string d) { return {403, std::nullopt, std::move(d)}; }
  static ScimError not_found(std::string d) { return {404, std::nullopt, std::move(d)}; }
  static ScimError method_not_allowed(std::string d) { return {405, std::nullopt, std::move(d)}; }
  static ScimError not_acceptable(std::string d) { return {406, std::nullopt, std::move(d)}; }
  static ScimError conflict(std::string d) { return {409, std::nullopt, std::move(d)}; }
  static ScimError precondition_failed(std::string d) { return {412, std::nullopt, std::move(d)}; }
  static ScimError payload_too_large(std::string d) { return {413, std::nullopt, std::move(d)}; }
  static ScimError unsupported_media_type(std::string d) { return {415, std::nullopt, std::move(d)}; }
  static ScimError too_many_requests(std::string d) { return {429, std::nullopt, std::move(d)}; }
  /// 429 with the whole seconds a client should wait, sent as Retry-After (RFC 9110 §10.2.3).
  static ScimError too_many_requests(std::string d, int retry_after_seconds) {
    ScimError e{429, std::nullopt, std::move(d)};
    e.retry_after_ = retry_after_seconds;
    return e;
  }
  /// 431: the request's header section is larger than the server accepts (RFC 6585 §5).
  static ScimError header_fields_too_large(std::string d) { return {431, std::nullopt, std::move(d)}; }
  static ScimError internal(std::string d) { return {500, std::nullopt, std::move(d)}; }
  static ScimError not_implemented(std::string d) { return {501, std::nullopt, std::move(d)}; }
  static ScimError unavailable(std::string d) { return {503, std::nullopt, std::move(d)}; }

 private:
  ScimError(int status, std::optional<ScimType> type, std::string detail)
      : std::runtime_error(detail), status_(status), scim_type_(type), detail_(std::move(detail)) {}

  int status_;
  std::optional<ScimType> scim_type_;
  std::string detail_;
  std::optional<int> retry_after_;
};

}  // namespace scimd::scim
