#pragma once
// A real webhook receiver for the notification tests: an HTTP/1.1 server on 127.0.0.1 (port 0)
// over plain sockets, answering every POST with 200 (or a chosen failure, or slowly) and
// recording what it received.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace scimd::test {

struct ReceivedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  int answered = 0;  ///< the status sent back
  std::chrono::steady_clock::time_point at;
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  /// "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path = "/hook") const;

  /// Answers the next n requests with `status` instead of 200.
  void fail_next(int n, int status = 500);

  /// Waits this long before answering each request.
  void set_delay(std::chrono::milliseconds delay);

  /// Every request received on `path` so far, in arrival order.
  std::vector<ReceivedRequest> received(const std::string& path) const;

  /// Waits until `path` has received n requests answered 2xx; false on timeout.
  bool wait_for_accepted(const std::string& path, size_t n, std::chrono::milliseconds timeout) const;

 private:
  void accept_loop();
  void serve(int fd);
  int answer_for_next();

  int listen_fd_ = -1;
  int port_ = 0;
  bool stopping_ = false;
  int failures_left_ = 0;
  int failure_status_ = 500;
  std::chrono::milliseconds delay_{0};
  std::vector<ReceivedRequest> requests_;
  std::vector<int> client_fds_;
  std::vector<std::thread> clients_;
  std::thread acceptor_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
};

}  // namespace scimd::test
