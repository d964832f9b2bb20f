#include "store/statement_cache.hpp"

#include <mutex>
#include <shared_mutex>
#include <stdexcept>

namespace scimd::store {

namespace {
// Never destroyed: Databases held by other static objects unregister during exit.
std::shared_mutex& registry_mutex() {
  static auto* m = new std::shared_mutex;
  return *m;
}
std::map<soci::session*, std::unique_ptr<StatementCache>>& registry() {
  static auto* r = new std::map<soci::session*, std::unique_ptr<StatementCache>>;
  return *r;
}
}  // namespace

StatementCache& StatementCache::of(soci::session& s) {
  std::shared_lock lock(registry_mutex());
  auto it = registry().find(&s);
  if (it == registry().end()) throw std::logic_error("statement cache used on an unregistered connection");
  return *it->second;
}

void StatementCache::register_session(soci::session& s) {
  std::unique_lock lock(registry_mutex());
  registry()[&s] = std::make_unique<StatementCache>();
}

void StatementCache::unregister_session(soci::session& s) {
  std::unique_lock lock(registry_mutex());
  registry().erase(&s);
}

}  // namespace scimd::store
