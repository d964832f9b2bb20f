#include "auth/token.hpp"

#include <gtest/gtest.h>

#include "auth/password.hpp"

namespace scimd::auth {
namespace {

TEST(Token, NewTokensAreLongRandomAndPrefixed) {
  std::string a = new_token(), b = new_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("scimd_", 0), 0u);
  EXPECT_GE(a.size(), 40u);
}

TEST(Token, HashIsSha256Hex) {
  EXPECT_EQ(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Token, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(Token, RolesNest) {
  EXPECT_TRUE(role_allows(Role::admin, Role::provisioning));
  EXPECT_TRUE(role_allows(Role::provisioning, Role::read));
  EXPECT_FALSE(role_allows(Role::read, Role::provisioning));
  EXPECT_FALSE(role_allows(Role::provisioning, Role::admin));
  EXPECT_EQ(parse_role("ADMIN"), Role::admin);
  EXPECT_FALSE(parse_role("root"));
}

TEST(Password, HashIsSaltedAndVerifies) {
  std::string h1 = hash_password("correct horse"), h2 = hash_password("correct horse");
  EXPECT_NE(h1, h2);
  EXPECT_EQ(h1.find("correct"), std::string::npos);
  EXPECT_TRUE(verify_password(h1, "correct horse"));
  EXPECT_FALSE(verify_password(h1, "wrong"));
}

}  // namespace
}  // namespace scimd::auth
