#include "util/log.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace scimd::util {
namespace {

// Captures what the logs write, one entry per line.
class LogLines : public ::testing::Test {
 protected:
  void SetUp() override {
    sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    setup_logging(LogFormat::json, spdlog::level::info, sink_);
  }
  void TearDown() override { setup_logging(LogFormat::text, spdlog::level::warn); }

  std::vector<std::string> lines() {
    std::vector<std::string> out;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

TEST_F(LogLines, AccessEventIsOneJsonObjectWithTheRequestFields) {
  {
    ScopedLogContext scope("req-1");
    log_context().tenant_id = 42;
    log_context().token_id = "tok-9";
    log_event(spdlog::level::info, "request",
              {{"method", std::string_view("GET")},
               {"path", std::string_view("/scim/v2/Users")},
               {"status", 200LL},
               {"duration_ms", 1.5}});
  }
  auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  rapidjson::Document d;
  d.Parse(got[0].c_str());
  ASSERT_FALSE(d.HasParseError()) << got[0];
  EXPECT_TRUE(d["ts"].IsString());
  EXPECT_STREQ(d["level"].GetString(), "info");
  EXPECT_STREQ(d["msg"].GetString(), "request");
  EXPECT_STREQ(d["request_id"].GetString(), "req-1");
  EXPECT_STREQ(d["method"].GetString(), "GET");
  EXPECT_STREQ(d["path"].GetString(), "/scim/v2/Users");
  EXPECT_EQ(d["status"].GetInt(), 200);
  EXPECT_DOUBLE_EQ(d["duration_ms"].GetDouble(), 1.5);
  EXPECT_EQ(d["tenant_id"].GetInt64(), 42);
  EXPECT_STREQ(d["token_id"].GetString(), "tok-9");
}

TEST_F(LogLines, PlainMessagesAreEscapedAndOutsideARequestHaveNoRequestFields) {
  spdlog::info("quote \" backslash \\ newline \n tab \t bad utf-8 \xff\xfe end");
  auto got = lines();
  ASSERT_EQ(got.size(), 1u);
  rapidjson::Document d;
  d.Parse(got[0].c_str());
  ASSERT_FALSE(d.HasParseError()) << got[0];
  EXPECT_EQ(std::string(d["msg"].GetString()), "quote \" backslash \\ newline \n tab \t bad utf-8 \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_FALSE(d.HasMember("request_id"));
  EXPECT_FALSE(d.HasMember("tenant_id"));
}

TEST_F(LogLines, LevelBelowTheThresholdIsNotWritten) {
  spdlog::debug("hidden");
  log_event(spdlog::level::debug, "hidden", {});
  EXPECT_TRUE(lines().empty());
}

}  // namespace
}  // namespace scimd::util
