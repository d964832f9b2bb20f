#include <gtest/gtest.h>

#include "scim/resource_render.hpp"

namespace scimd::scim {
namespace {

TEST(Etag, WeakValidatorOfVersion) { EXPECT_EQ(etag_for(3), "W/\"3\""); }

TEST(Etag, MatchesWeakStrongListsAndStar) {
  EXPECT_TRUE(etag_matches("W/\"3\"", 3));
  EXPECT_TRUE(etag_matches("\"3\"", 3));
  EXPECT_TRUE(etag_matches("W/\"1\", W/\"3\"", 3));
  EXPECT_TRUE(etag_matches("*", 9));
  EXPECT_FALSE(etag_matches("W/\"4\"", 3));
  EXPECT_FALSE(etag_matches("", 3));
}

}  // namespace
}  // namespace scimd::scim
