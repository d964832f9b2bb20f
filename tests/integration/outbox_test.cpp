// Delivery of access.changed events (issue 7, point 2): events appended with append_event in a
// write transaction, delivered by a real Dispatcher to a real HTTP receiver on 127.0.0.1, on
// SQLite and PostgreSQL.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "notify/dispatcher.hpp"
#include "notify/webhook.hpp"
#include "scim/error.hpp"
#include "store/migrate.hpp"
#include "store/outbox_store.hpp"
#include "store/tenant_store.hpp"
#include "support/backends.hpp"
#include "support/test_server.hpp"
#include "support/webhook_receiver.hpp"
#include "util/json.hpp"
#include "util/random.hpp"

namespace scimd::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* secret = "a-test-secret-of-enough-length";

// The receiver's side of the signature check, written from the documented scheme.
std::string expected_signature(const std::string& timestamp, const std::string& body) {
  std::string message = timestamp + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret, static_cast<int>(std::string(secret).size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  std::string hex = "sha256=";
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", mac[i]);
    hex += buf;
  }
  return hex;
}

class OutboxTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url_ = store::parse_db_url(backend(GetParam()).db_url);
    db_ = std::make_unique<store::Database>(url_, 2);
    store::migrate(*db_);
    tenant_name_ = unique_tenant("outbox");
    path_ = "/hook/" + tenant_name_;  // a path of its own: stale events of other tests never count
    db_->write([&](soci::session& s) { tenant_ = store::ensure_tenant(s, tenant_name_); });
  }

  void TearDown() override {
    if (dispatcher_) dispatcher_->stop();
    // Whatever is still pending waits forever instead of reaching a later test's receiver.
    set_webhook("");
  }

  void set_webhook(const std::string& url) {
    db_->write([&](soci::session& s) {
      store::set_tenant_settings(s, tenant_,
                                 url.empty() ? "{}" : R"({"webhook":")" + url + R"(","webhookSecret":")" + secret + "\"}");
    });
  }

  // Appends events in one write transaction, as the write path does; returns their ids.
  std::vector<std::string> append(const std::vector<std::pair<std::string, bool>>& user_and_deliver) {
    std::vector<std::string> ids;
    db_->write([&](soci::session& s) {
      for (const auto& [user, deliver] : user_and_deliver) {
        std::string id = util::new_uuid();
        std::string payload = R"({"id":")" + id + R"(","type":"access.changed","userId":")" + user + "\"}";
        store::append_event(s, store::OutboxEvent{tenant_, id, user, payload, deliver});
        ids.push_back(id);
      }
    });
    notify::notify_new_events();
    return ids;
  }

  void start_dispatcher() {
    notify::DispatcherOptions options;
    options.poll_interval = 50ms;
    options.request_timeout = 5s;
    dispatcher_ = std::make_unique<notify::Dispatcher>(*db_, url_, options);
    dispatcher_->start();
  }

  std::vector<store::OutboxRecord> events(const std::optional<std::string>& status = std::nullopt) {
    std::vector<store::OutboxRecord> out;
    db_->read([&](soci::session& s) { out = store::list_events(s, tenant_, status, 1000); });
    return out;
  }

  // Waits until the tenant has n events with this status (the mark follows the 2xx answer).
  bool wait_for_status(const std::string& status, size_t n, std::chrono::milliseconds timeout = 15s) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (events(status).size() >= n) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  static std::string event_id(const ReceivedRequest& r) {
    auto it = r.headers.find("x-scimd-event-id");
    return it == r.headers.end() ? "" : it->second;
  }

  store::DbUrl url_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<notify::Dispatcher> dispatcher_;
  std::string tenant_name_;
  std::string path_;
  long long tenant_ = 0;
  WebhookReceiver receiver_;
};

TEST_P(OutboxTest, DeliversSignedJsonPostThatVerifies) {
  set_webhook(receiver_.url(path_));
  auto ids = append({{"user-1", true}});
  start_dispatcher();
  ASSERT_TRUE(receiver_.wait_for_accepted(path_, 1, 10s));
  auto got = receiver_.received(path_);
  ASSERT_EQ(got.size(), 1u);
  const auto& r = got[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(event_id(r), ids[0]);
  EXPECT_EQ(r.body, R"({"id":")" + ids[0] + R"(","type":"access.changed","userId":"user-1"})");
  long long ts = std::stoll(r.headers.at("x-scimd-timestamp"));
  EXPECT_LE(std::llabs(ts - static_cast<long long>(std::time(nullptr))), 5);
  EXPECT_EQ(r.headers.at("x-scimd-signature"), expected_signature(r.headers.at("x-scimd-timestamp"), r.body));
  // A receiver holding another secret (or a tampered body) does not verify.
  EXPECT_NE(r.headers.at("x-scimd-signature"), expected_signature(r.headers.at("x-scimd-timestamp"), r.body + " "));

  ASSERT_TRUE(wait_for_status("delivered", 1));
  auto e = events()[0];
  EXPECT_EQ(e.attempts, 1);
  EXPECT_FALSE(e.delivered.empty());
  EXPECT_TRUE(e.last_error.empty());
}

TEST_P(OutboxTest, RetriesNonSuccessWithBackoffThenDelivers) {
  set_webhook(receiver_.url(path_));
  receiver_.fail_next(2, 503);
  append({{"user-1", true}});
  start_dispatcher();
  // After the first failure: still pending, the error and the next attempt (1 s later) recorded.
  ASSERT_TRUE(wait_for_status("pending", 1));
  for (int i = 0; i < 200 && events()[0].attempts == 0; ++i) std::this_thread::sleep_for(10ms);
  auto failed = events()[0];
  EXPECT_EQ(failed.status, "pending");
  EXPECT_GE(failed.attempts, 1);
  EXPECT_EQ(failed.last_error, "HTTP 503");
  EXPECT_GT(failed.next_attempt, failed.created);

  ASSERT_TRUE(receiver_.wait_for_accepted(path_, 1, 15s));
  auto got = receiver_.received(path_);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].answered, 503);
  EXPECT_EQ(got[1].answered, 503);
  EXPECT_EQ(got[2].answered, 200);
  // Backoff 1 s, then 2 s (the stored times have millisecond precision).
  EXPECT_GE(got[1].at - got[0].at, 900ms);
  EXPECT_GE(got[2].at - got[1].at, 1900ms);
  ASSERT_TRUE(wait_for_status("delivered", 1));
  EXPECT_EQ(events()[0].attempts, 3);
}

TEST_P(OutboxTest, KeepsPerUserOrderWhenTheFirstEventFails) {
  set_webhook(receiver_.url(path_));
  receiver_.fail_next(1, 500);
  auto ids = append({{"ana", true}, {"ana", true}, {"bob", true}, {"ana", true}});
  start_dispatcher();
  ASSERT_TRUE(receiver_.wait_for_accepted(path_, 4, 15s));
  ASSERT_TRUE(wait_for_status("delivered", 4));
  auto got = receiver_.received(path_);
  ASSERT_EQ(got.size(), 5u);
  // Ana's first event failed: bob's went out before its retry, and none of ana's later ones
  // was sent before her first was delivered.
  EXPECT_EQ(event_id(got[0]), ids[0]);
  EXPECT_EQ(got[0].answered, 500);
  EXPECT_EQ(event_id(got[1]), ids[2]);
  std::vector<std::string> ana_accepted;
  for (const auto& r : got)
    if (r.answered == 200 && event_id(r) != ids[2]) ana_accepted.push_back(event_id(r));
  EXPECT_EQ(ana_accepted, (std::vector<std::string>{ids[0], ids[1], ids[3]}));
}

TEST_P(OutboxTest, EventsOfATenantWithoutWebhookWait) {
  append({{"user-1", true}, {"user-2", true}});
  start_dispatcher();
  std::this_thread::sleep_for(600ms);
  auto waiting = events("pending");
  ASSERT_EQ(waiting.size(), 2u);
  for (const auto& e : waiting) EXPECT_EQ(e.attempts, 0);  // not even tried
  EXPECT_TRUE(receiver_.received(path_).empty());

  set_webhook(receiver_.url(path_));
  ASSERT_TRUE(receiver_.wait_for_accepted(path_, 2, 10s));
  EXPECT_TRUE(wait_for_status("delivered", 2));
}

TEST_P(OutboxTest, RecordedEventsAreNeverSent) {
  set_webhook(receiver_.url(path_));
  auto ids = append({{"user-1", false}, {"user-1", true}, {"user-2", false}});
  start_dispatcher();
  ASSERT_TRUE(receiver_.wait_for_accepted(path_, 1, 10s));
  ASSERT_TRUE(wait_for_status("delivered", 1));
  std::this_thread::sleep_for(300ms);
  auto got = receiver_.received(path_);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(event_id(got[0]), ids[1]);
  auto recorded = events("recorded");
  ASSERT_EQ(recorded.size(), 2u);
  for (const auto& e : recorded) EXPECT_EQ(e.attempts, 0);
}

TEST_P(OutboxTest, ConnectionErrorIsRetriedLater) {
  // A port nothing listens on: the receiver of a throwaway server that is gone.
  std::string dead_url;
  {
    WebhookReceiver gone;
    dead_url = gone.url(path_);
  }
  set_webhook(dead_url);
  append({{"user-1", true}});
  start_dispatcher();
  for (int i = 0; i < 300 && events()[0].attempts == 0; ++i) std::this_thread::sleep_for(10ms);
  auto e = events()[0];
  EXPECT_EQ(e.status, "pending");
  EXPECT_GE(e.attempts, 1);
  EXPECT_FALSE(e.last_error.empty());
  // Once the webhook answers, the retry delivers it.
  set_webhook(receiver_.url(path_));
  ASSERT_TRUE(receiver_.wait_for_accepted(path_, 1, 15s));
  EXPECT_TRUE(wait_for_status("delivered", 1));
}

TEST_P(OutboxTest, OnlyOneDispatcherWorksOnADatabase) {
  set_webhook(receiver_.url(path_));
  notify::Dispatcher first(*db_, url_), second(*db_, url_);
  // Another test process may hold the lock for a while; wait until the first one has it.
  for (int i = 0; i < 600 && !first.is_active(); ++i) {
    first.run_once();
    if (!first.is_active()) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(first.is_active());
  append({{"user-1", true}});
  EXPECT_EQ(second.run_once(), 0u);
  EXPECT_FALSE(second.is_active());
  EXPECT_EQ(events("pending").size(), 1u);
  first.run_once();
  EXPECT_TRUE(wait_for_status("delivered", 1));
}

TEST_P(OutboxTest, ListsNewestFirstAndCountsPending) {
  append({{"user-1", true}, {"user-1", false}, {"user-2", true}});
  auto all = events();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_GT(all[0].seq, all[1].seq);
  EXPECT_EQ(all[0].user_id, "user-2");
  EXPECT_EQ(events("pending").size(), 2u);
  long long pending = 0;
  db_->read([&](soci::session& s) { pending = store::pending_count(s); });
  EXPECT_GE(pending, 2);
  std::vector<store::OutboxRecord> one;
  db_->read([&](soci::session& s) { one = store::list_events(s, tenant_, std::nullopt, 1); });
  EXPECT_EQ(one.size(), 1u);
}

TEST_P(OutboxTest, MetricsShowThePendingGauge) {
  auto c = TestServer::for_backend(GetParam()).fresh_client();
  auto r = c.get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("# TYPE scimd_outbox_pending gauge\nscimd_outbox_pending "), std::string::npos) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::ValuesIn(backend_names()),
                         [](const auto& param_info) { return param_info.param; });

TEST(OutboxBackoff, DoublesFromOneSecondUpToFiveMinutes) {
  EXPECT_EQ(store::retry_delay_seconds(1), 1);
  EXPECT_EQ(store::retry_delay_seconds(2), 2);
  EXPECT_EQ(store::retry_delay_seconds(3), 4);
  EXPECT_EQ(store::retry_delay_seconds(9), 256);
  EXPECT_EQ(store::retry_delay_seconds(10), 300);
  EXPECT_EQ(store::retry_delay_seconds(1000), 300);
}

TEST(WebhookSettings, GeneratesASecretOnceAndNeverPrintsIt) {
  rapidjson::Document settings(rapidjson::kObjectType);
  std::string generated = notify::apply_webhook_change(settings, {"https://hooks.example/scimd", std::nullopt});
  EXPECT_GE(generated.size(), 40u);
  std::string printed = notify::printable_settings(settings, generated);
  EXPECT_NE(printed.find(R"("webhookSecret":"set")"), std::string::npos) << printed;
  EXPECT_NE(printed.find(R"("newWebhookSecret":")" + generated), std::string::npos);
  // Changing the URL keeps the secret; printing afterwards never shows it.
  EXPECT_EQ(notify::apply_webhook_change(settings, {"https://hooks.example/v2", std::nullopt}), "");
  printed = notify::printable_settings(settings, "");
  EXPECT_EQ(printed.find(generated), std::string::npos) << printed;
  auto hook = notify::webhook_of(util::to_json(settings));
  ASSERT_TRUE(hook);
  EXPECT_EQ(hook->url, "https://hooks.example/v2");
  EXPECT_EQ(hook->secret, generated);
}

TEST(WebhookSettings, TakesAGivenSecretRejectsBadUrlsAndRemoves) {
  rapidjson::Document settings(rapidjson::kObjectType);
  EXPECT_EQ(notify::apply_webhook_change(settings, {"http://127.0.0.1:9/x", std::string(secret)}), "");
  EXPECT_EQ(notify::webhook_of(util::to_json(settings))->secret, secret);
  notify::WebhookChange bad_url{"ftp://x", std::nullopt}, short_secret{std::nullopt, std::string("short")};
  EXPECT_THROW(notify::apply_webhook_change(settings, bad_url), scim::ScimError);
  EXPECT_THROW(notify::apply_webhook_change(settings, short_secret), scim::ScimError);
  notify::apply_webhook_change(settings, {std::string(""), std::nullopt});
  EXPECT_FALSE(notify::webhook_of(util::to_json(settings)));
  EXPECT_FALSE(settings.HasMember("webhookSecret"));
}

TEST(WebhookSettings, SignatureIsHmacSha256OfTimestampDotBody) {
  EXPECT_EQ(notify::signature(secret, "1700000000", R"({"a":1})"), expected_signature("1700000000", R"({"a":1})"));
}

}  // namespace
}  // namespace scimd::test
