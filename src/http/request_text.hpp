#pragma once
// The text of a request's target (path and query string) must be UTF-8 without NUL once
// percent-decoded: ids, userNames and filter values go to the database as text, and PostgreSQL
// answers invalid UTF-8 with an error and cannot hold NUL at all (docs/operations.md,
// "Malformed input").
#include "http/message.hpp"

namespace scimd::http {

/// Throws ScimError (400) when the decoded path or a query name or value is not UTF-8 or holds
/// NUL: invalidFilter for the `filter` parameter, invalidValue for anything else.
void check_request_text(const HttpRequest& req);

}  // namespace scimd::http
