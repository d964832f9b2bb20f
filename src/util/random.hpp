#pragma once
// Identifiers and secrets from OpenSSL's CSPRNG.
#include <string>

namespace scimd::util {

/// A random RFC 9562 version-4 UUID in lower-case text form (resource ids).
std::string new_uuid();

/// n random bytes, base64url-encoded without padding (bearer tokens).
std::string random_token(size_t n_bytes);

}  // namespace scimd::util
