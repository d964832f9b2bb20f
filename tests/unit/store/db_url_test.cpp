#include "store/db_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "util/text.hpp"

namespace scimd::store {
namespace {

TEST(DbUrl, Forms) {
  auto a = parse_db_url("sqlite:scimd.db");
  EXPECT_EQ(a.backend, Backend::sqlite);
  EXPECT_EQ(a.connect_string, "scimd.db");
  EXPECT_TRUE(parse_db_url("sqlite::memory:").is_in_memory);
  auto b = parse_db_url("postgresql://u:p@h:5432/db");
  EXPECT_EQ(b.backend, Backend::postgresql);
  EXPECT_EQ(b.connect_string, "postgresql://u:p@h:5432/db");
  auto c = parse_db_url("postgresql:host=/tmp port=5 dbname=x");
  EXPECT_EQ(c.connect_string, "host=/tmp port=5 dbname=x");
  EXPECT_THROW(parse_db_url("mysql://x"), std::invalid_argument);
  EXPECT_THROW(parse_db_url("sqlite:"), std::invalid_argument);
}

TEST(Text, UrlDecodeTreatsPlusAsSpace) {
  EXPECT_EQ(util::url_decode("userName+eq+%22a%40b%22"), "userName eq \"a@b\"");
  EXPECT_EQ(util::url_decode("100%"), "100%");
  EXPECT_EQ(util::url_decode("%zz"), "%zz");
}

}  // namespace
}  // namespace scimd::store
