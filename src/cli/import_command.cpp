#include "cli/import_command.hpp"

#include <rapidjson/document.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "scim/json_body.hpp"
#include "scim/resource_kind.hpp"
#include "scim/resource_service.hpp"
#include "scim/schema_registry.hpp"
#include "store/database.hpp"
#include "store/migrate.hpp"
#include "store/tenant_store.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::cli {

namespace {

using Clock = std::chrono::steady_clock;

// The resource type of a line: by its schemas, else by its required attribute.
const scim::ResourceKind* kind_of(const rapidjson::Value& v, const scim::ResourceKinds& kinds) {
  if (const auto* schemas = util::find_member_icase(v, "schemas"); schemas && schemas->IsArray())
    for (const auto& s : schemas->GetArray()) {
      if (!s.IsString()) continue;
      for (const scim::ResourceKind* k : {&kinds.user(), &kinds.group(), &kinds.application()})
        if (util::iequals(util::view(s), k->type->schema->id)) return k;
    }
  if (util::find_member_icase(v, "userName")) return &kinds.user();
  if (util::find_member_icase(v, "displayName")) return &kinds.group();
  return nullptr;
}

class Progress {
 public:
  explicit Progress(long long total_bytes) : total_(total_bytes), is_tty_(isatty(STDERR_FILENO)), start_(Clock::now()) {}

  void update(long long lines, long long bytes, bool is_final = false) {
    auto now = Clock::now();
    if (!is_final && (!is_tty_ || now - last_ < std::chrono::milliseconds(250))) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? static_cast<double>(lines) / seconds : 0;
    std::string left = "?";
    if (total_ > 0 && bytes > 0) left = std::to_string(static_cast<long long>(seconds * static_cast<double>(total_ - bytes) / static_cast<double>(bytes))) + "s";
    std::fprintf(stderr, "%s%lld lines  %.0f/s  %.1fs elapsed  %s left%s", is_tty_ ? "\r" : "", lines, rate, seconds,
                 left.c_str(), is_final || !is_tty_ ? "\n" : "   ");
  }

 private:
  long long total_;
  bool is_tty_;
  Clock::time_point start_;
  Clock::time_point last_{};
};

struct Batch {
  std::vector<rapidjson::Document> docs;
  std::vector<long long> line_numbers;
  std::vector<scim::ImportItem> items;
};

}  // namespace

int run_import(const ImportOptions& options) {
  std::ifstream file;
  std::istream* in = &std::cin;
  long long total_bytes = -1;
  if (options.file != "-") {
    file.open(options.file, std::ios::binary | std::ios::ate);
    if (!file) {
      std::cerr << "import: cannot read " << options.file << "\n";
      return 2;
    }
    total_bytes = static_cast<long long>(file.tellg());
    file.seekg(0);
    in = &file;
  }
  store::Database db(store::parse_db_url(options.db_url), 1);
  store::migrate(db);
  if (!db.is_postgresql()) {
    // A bulk load touches every page of every index: a large page cache for this one
    // connection (256 MiB; `serve` keeps 8 MiB per connection).
    db.read([](soci::session& s) { s << "PRAGMA cache_size=-262144"; });
  }
  auto registry = scim::SchemaRegistry::load_embedded();
  scim::ResourceKinds kinds(*registry, db.is_postgresql());
  scim::ResourceService service(db, kinds);
  scim::ServiceContext ctx;
  ctx.client_address = "cli";  // audited as IMPORT, without a token
  db.write([&](soci::session& s) { ctx.tenant = store::ensure_tenant(s, options.tenant); });

  long long line_number = 0, imported = 0, rejected = 0, bytes = 0;
  Progress progress(total_bytes);
  auto reject = [&](long long line, const std::string& reason) {
    ++rejected;
    std::cerr << (isatty(STDERR_FILENO) ? "\r" : "") << "line " << line << ": " << reason << "\n";
  };
  Batch batch;
  auto flush = [&] {
    if (batch.items.empty()) return;
    auto results = service.create_many(ctx, batch.items);
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i]) {
        ++imported;
        continue;
      }
      const auto& e = *results[i];
      reject(batch.line_numbers[i], std::to_string(e.status()) +
                                        (e.scim_type() ? " " + std::string(scim::to_string(*e.scim_type())) : "") + ": " +
                                        e.detail());
    }
    batch = Batch{};
    progress.update(line_number, bytes);
  };

  std::string line;
  batch.docs.reserve(options.batch_size);
  while (std::getline(*in, line)) {
    ++line_number;
    bytes += static_cast<long long>(line.size()) + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    rapidjson::Document doc;
    try {
      doc = scim::parse_json_body(line);  // the rules of request bodies (docs/operations.md, "Malformed input")
    } catch (const scim::ScimError& e) {
      reject(line_number, std::to_string(e.status()) +
                              (e.scim_type() ? " " + std::string(scim::to_string(*e.scim_type())) : "") + ": " + e.detail());
      continue;
    }
    const scim::ResourceKind* kind = kind_of(doc, kinds);
    if (!kind) {
      reject(line_number, "400 invalidValue: neither a User (userName) nor a Group (displayName)");
      continue;
    }
    std::optional<std::string> id;
    if (const auto* v = util::find_member_icase(doc, "id"); v && v->IsString() && v->GetStringLength() > 0)
      id = std::string(util::view(*v));
    batch.docs.push_back(std::move(doc));
    batch.line_numbers.push_back(line_number);
    batch.items.push_back({kind, nullptr, std::move(id)});
    if (batch.items.size() >= options.batch_size) {
      for (size_t i = 0; i < batch.items.size(); ++i) batch.items[i].body = &batch.docs[i];
      flush();
      batch.docs.reserve(options.batch_size);
    }
  }
  for (size_t i = 0; i < batch.items.size(); ++i) batch.items[i].body = &batch.docs[i];
  flush();
  progress.update(line_number, bytes, true);
  std::cerr << "imported " << imported << ", rejected " << rejected << "\n";
  return rejected == 0 ? 0 : 1;
}

}  // namespace scimd::cli
