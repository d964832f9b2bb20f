#include "auth/token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

#include "util/random.hpp"
#include "util/text.hpp"

namespace scimd::auth {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::read: return "read";
    case Role::provisioning: return "provisioning";
    case Role::admin: return "admin";
  }
  return "read";
}

std::optional<Role> parse_role(std::string_view s) {
  if (util::iequals(s, "read")) return Role::read;
  if (util::iequals(s, "provisioning")) return Role::provisioning;
  if (util::iequals(s, "admin")) return Role::admin;
  return std::nullopt;
}

std::string new_token() { return "scimd_" + util::random_token(32); }

std::string hash_token(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 15]);
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace scimd::auth
