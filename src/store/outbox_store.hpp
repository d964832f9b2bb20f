#pragma once
// The outbox of access.changed events (issue 7, point 2; table `outbox`, db/*/005).
//
// A write that changes a user's effective access appends one event per (user, application) in
// its own transaction (append_event). The dispatcher (src/notify/) reads due events, POSTs them
// to the tenant's webhook and marks each one delivered or failed. status: 'pending' (to
// deliver), 'delivered', 'recorded' (kept for the record, never sent).
#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace scimd::store {

/// One event as the write path produces it.
struct OutboxEvent {
  long long tenant = 0;
  std::string id;       ///< the event id (a UUID), also sent as X-Scimd-Event-Id
  std::string user_id;  ///< events of one user are delivered in append order
  std::string payload;  ///< the JSON body POSTed to the webhook
  bool deliver = true;  ///< false: stored as 'recorded', never sent
};

/// One stored event, as the dispatcher and `scimd outbox list` see it.
struct OutboxRecord {
  long long seq = 0;
  long long tenant_id = 0;
  std::string id;
  std::string user_id;
  std::string payload;
  std::string status;  ///< "pending" | "delivered" | "recorded"
  int attempts = 0;
  std::string next_attempt;  ///< UTC ISO 8601 (util/clock.hpp)
  std::string last_error;    ///< "" when none
  std::string created;
  std::string delivered;  ///< "" until delivered
};

/// Appends an event inside the caller's transaction: status 'pending' when e.deliver, else
/// 'recorded'; next_attempt and created are now.
void append_event(soci::session& s, const OutboxEvent& e);

/// The tenant's pending events that may be sent now, oldest first, at most `limit`: due
/// (next_attempt <= now) and with no earlier pending event of the same user that is waiting
/// for a retry. The caller sends a user's events in this order and stops at that user's first
/// failure, which keeps per-user order.
std::vector<OutboxRecord> due_events(soci::session& s, long long tenant_id, size_t limit);

/// The tenants that have pending events due now (the dispatcher's work list).
std::vector<long long> tenants_with_due_events(soci::session& s);

/// Marks a pending event delivered now and counts the attempt.
void mark_delivered(soci::session& s, long long seq);

/// Records a failed attempt: attempts + 1, last_error, and the time of the next attempt
/// (UTC ISO 8601), which survives restarts.
void mark_failed(soci::session& s, long long seq, const std::string& error, const std::string& next_attempt);

/// The tenant's events, newest first, optionally only those with `status`, at most `count`.
std::vector<OutboxRecord> list_events(soci::session& s, long long tenant_id, const std::optional<std::string>& status,
                                      size_t count);

/// The number of pending events over all tenants (the scimd_outbox_pending gauge).
long long pending_count(soci::session& s);

/// The seconds to wait before the next attempt after `attempts` failed ones: 1, 2, 4, ...
/// capped at 300.
long long retry_delay_seconds(int attempts);

}  // namespace scimd::store
