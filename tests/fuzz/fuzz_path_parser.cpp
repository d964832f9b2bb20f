// libFuzzer target for parse_path. Properties: nothing but SyntaxError escapes parsing;
// a parsed path prints to text that parses back to the same path; check() throws nothing
// but SemanticError, and evaluate_element() nothing at all once check() accepted the path.
#include <scimd/filters/check.hpp>
#include <scimd/filters/evaluate.hpp>
#include <scimd/filters/print.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "test_schema.hpp"

namespace {

using namespace scimd::filters;

void exercise(const PatchPath& path, const AttributeInfo& info) {
  ResolvedAttribute target;
  try {
    target = check(path, info);
  } catch (const SemanticError&) {
    return;
  }
  if (!path.filter) return;
  rapidjson::Document element;
  element.Parse(R"({"value":"u1","type":"work","primary":true,"display":""})");
  evaluate_element(*path.filter, element, ResolvedAttribute{target.schema, target.attribute, nullptr});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  PatchPath path;
  try {
    path = parse_path(text);
  } catch (const SyntaxError&) {
    return 0;
  }
  const std::string printed = to_string(path);
  PatchPath again;
  if (fuzz::reparse(printed, again, parse_path)) {
    if (!(again == path)) fuzz::fail("parse(print(x)) != x", std::string(text) + "\n" + printed);
    if (to_string(again) != printed) fuzz::fail("print is not stable", printed);
  }
  exercise(path, scimd::filters::test::user_info());
  exercise(path, scimd::filters::test::group_info());
  return 0;
}
