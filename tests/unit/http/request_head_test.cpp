#include "http/request_head.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "http/request_id.hpp"

namespace scimd::http {
namespace {

TEST(RequestHead, EndIsAfterTheEmptyLine) {
  EXPECT_EQ(head_end("GET / HTTP/1.1\r\nHost: x\r\n"), std::string::npos);
  EXPECT_EQ(head_end("GET / HTTP/1.1\r\nHost: x\r\n\r\nbody"), 27u);  // 16 + 9 + 2
}

TEST(RequestHead, ReadsMethodPathWithoutQueryLengthAndRequestId) {
  auto h = parse_request_head(
      "POST /scim/v2/Users?filter=secret HTTP/1.1\r\nhost: x\r\ncontent-LENGTH:  1234 \r\nX-Request-Id: abc\r\n\r\n");
  EXPECT_EQ(h.method, "POST");
  EXPECT_EQ(h.path, "/scim/v2/Users");
  ASSERT_TRUE(h.content_length);
  EXPECT_EQ(*h.content_length, 1234u);
  EXPECT_EQ(h.request_id, "abc");
}

TEST(RequestHead, HugeDeclaredLengthsDoNotOverflow) {
  auto h = parse_request_head("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n");
  ASSERT_TRUE(h.content_length);
  EXPECT_EQ(*h.content_length, std::numeric_limits<unsigned long long>::max());
}

TEST(RequestHead, MalformedLengthIsLeftToTheParser) {
  EXPECT_FALSE(parse_request_head("POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n").content_length);
  EXPECT_FALSE(parse_request_head("garbage\r\n\r\n").content_length);
}

TEST(RequestId, AcceptsOneTo128SafeCharacters) {
  EXPECT_TRUE(is_valid_request_id("a"));
  EXPECT_TRUE(is_valid_request_id("Entra-1234.abc:def_9"));
  EXPECT_TRUE(is_valid_request_id(std::string(128, 'x')));
  EXPECT_FALSE(is_valid_request_id(""));
  EXPECT_FALSE(is_valid_request_id(std::string(129, 'x')));
  EXPECT_FALSE(is_valid_request_id("has space"));
  EXPECT_FALSE(is_valid_request_id("new\r\nline"));
  EXPECT_FALSE(is_valid_request_id("quote\""));
}

TEST(RequestId, KeepsAValidClientIdAndReplacesOthers) {
  EXPECT_EQ(request_id_for(std::string("idp-42")), "idp-42");
  std::string generated = request_id_for(std::string("bad id"));
  EXPECT_NE(generated, "bad id");
  EXPECT_TRUE(is_valid_request_id(generated));
  EXPECT_NE(request_id_for(std::nullopt), request_id_for(std::nullopt));
}

}  // namespace
}  // namespace scimd::http
