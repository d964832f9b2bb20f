// Shared by the fuzz targets over src/scim (fuzz_patch_body, fuzz_resource_body): the server's
// resource kinds, and the properties every accepted document must have.
#pragma once

#include <rapidjson/document.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "scim/codec.hpp"
#include "scim/error.hpp"
#include "scim/projection.hpp"
#include "scim/resource_kind.hpp"
#include "scim/resource_render.hpp"
#include "scim/schema_registry.hpp"
#include "util/json.hpp"
#include "util/utf8.hpp"

namespace scimd::scim::fuzz {

/// Stops the fuzzer with a message (a finding).
[[noreturn]] inline void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "PROPERTY FAILED: %s\n%s\n", what, detail.c_str());
  std::abort();
}

/// The kinds the server builds from the embedded scim-schemas/ (their tables are never used).
inline const ResourceKinds& kinds() {
  static const auto registry = SchemaRegistry::load_embedded();
  static const ResourceKinds k(*registry, false);
  return k;
}

/// A client error is an answer; a ScimError of 5xx is a finding (the server would log it as a
/// bug and answer 500).
inline void expect_client_error(const ScimError& e, const char* where) {
  if (e.status() < 400 || e.status() >= 500) fail(where, std::to_string(e.status()) + " " + e.detail());
}

/// Parses a document the way the store reads one back.
inline rapidjson::Document reparse(const std::string& text, const char* what) {
  rapidjson::Document d;
  d.Parse(text.data(), text.size());
  if (d.HasParseError() || !d.IsObject()) fail(what, text);
  return d;
}

/// The checks every canonical document the server would store must pass:
///  - it re-encodes to JSON that parses back to the same document, and that text is UTF-8;
///  - decoding it again as a client body gives it back (it holds only values of the right type
///    in canonical form: the codec is idempotent on what it produced);
///  - it renders (as the store would return it), and every projection of the rendering works.
inline void check_stored(const ResourceKind& kind, const rapidjson::Value& doc, const Projection& projection) {
  const std::string text = util::to_json(doc);
  if (auto bad = util::first_invalid_utf8(text)) fail("stored text is not UTF-8", text);
  if (util::contains_nul(text)) fail("stored text holds NUL", text);
  rapidjson::Document back = reparse(text, "stored text does not parse back");
  if (back != doc) fail("stored text does not round-trip", text);

  DecodedResource again;
  try {
    again = decode_resource(back, *kind.type);
  } catch (const ScimError& e) {
    fail("the codec rejects a document it would store", text + "\n" + e.detail());
  }
  if (again.doc != back) fail("decoding a stored document changes it", text + "\n" + util::to_json(again.doc));

  store::ResourceRecord rec{"2819c223-7f76-453a-919d-413861904646", 3, "2026-01-01T00:00:00Z",
                            "2026-01-02T00:00:00Z", text};
  std::vector<store::MemberRow> members;
  std::vector<store::GroupRef> groups;
  RenderExtras extras;
  if (kind.flavor == Flavor::group) extras.members = &members;
  if (kind.flavor == Flavor::user) extras.groups = &groups;
  rapidjson::Document rendered;
  try {
    rendered = render_resource(kind, rec, "https://scim.example.com/scim/v2", extras);
  } catch (const ScimError& e) {
    fail("a stored document does not render", text + "\n" + e.detail());
  }
  for (const Projection* p : {&projection, static_cast<const Projection*>(nullptr)}) {
    rapidjson::Document copy;
    copy.CopyFrom(rendered, copy.GetAllocator());
    if (p) p->apply(*kind.type, copy, copy.GetAllocator());
    else Projection().apply(*kind.type, copy, copy.GetAllocator());
    const std::string out = util::to_json(copy);
    if (util::first_invalid_utf8(out)) fail("a response is not UTF-8", out);
    rapidjson::Document parsed = reparse(out, "a response does not parse");
    if (!parsed.HasMember("id") || !parsed.HasMember("schemas"))
      fail("a projection dropped a returned:always attribute", out);
  }
}

/// A projection from the body's own `attributes` / `excludedAttributes` strings, when present,
/// so the fuzzer drives projection too.
inline Projection projection_from(const rapidjson::Value& body, const ResourceKind& kind) {
  auto take = [&](const char* name) -> std::optional<std::string> {
    const rapidjson::Value* v = util::find_member_icase(body, name);
    if (v && v->IsString()) return std::string(util::view(*v));
    return std::nullopt;
  };
  try {
    return Projection::parse(*kind.type, take("attributes"), take("excludedAttributes"));
  } catch (const ScimError& e) {
    expect_client_error(e, "a projection answered 5xx");
    return Projection();
  }
}

}  // namespace scimd::scim::fuzz
