#pragma once
// Prepared statements kept per connection. SOCI's one-line `sql << ...` prepares the statement
// on every call, which costs about a third of a point lookup (stack-notes.md); the hot queries
// (token lookup, resource by id, a resource's groups) are prepared once per connection instead.
//
// A cached query is a struct that owns its soci::statement and the variables bound to it; it
// is built on first use with the connection. A connection is used by one thread at a time
// (Database leases it), so a cache needs no lock once found.
#include <soci/soci.h>

#include <map>
#include <memory>
#include <string>

namespace scimd::store {

class StatementCache {
 public:
  /// The cache of a connection; registered by Database when it opens the connection.
  static StatementCache& of(soci::session& s);
  static void register_session(soci::session& s);
  static void unregister_session(soci::session& s);

  /// Drops every cached statement (the connection was re-established).
  void clear() { entries_.clear(); }

  /// The cached query of type T under `key`, built by make() (returning std::shared_ptr<T>) on
  /// first use.
  template <class T, class Make>
  T& get(const std::string& key, Make&& make) {
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      // Query shapes come from clients' filters: keep their number bounded by dropping the
      // dynamic ones (keys with a ':'), never the fixed hot lookups a caller may hold.
      if (entries_.size() >= max_entries)
        std::erase_if(entries_, [](const auto& e) { return e.first.find(':') != std::string::npos; });
      it = entries_.emplace(key, std::shared_ptr<void>(make())).first;
    }
    return *static_cast<T*>(it->second.get());
  }

 private:
  static constexpr size_t max_entries = 256;
  std::map<std::string, std::shared_ptr<void>> entries_;
};

/// Runs a cached statement that returns at most one row; true when it did. The statement is
/// then stepped to its end so that SQLite releases its read snapshot (stack-notes.md).
inline bool execute_single(soci::statement& st) {
  bool found = st.execute(true);
  if (found) st.fetch();
  return found;
}

}  // namespace scimd::store
