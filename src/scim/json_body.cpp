#include "scim/json_body.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scim/error.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace scimd::scim {

namespace {

using rapidjson::SizeType;

// A SAX handler that checks each event and forwards it to the document being built. On an
// offence it records the error and returns false, which stops the reader at once.
class CheckedHandler {
 public:
  explicit CheckedHandler(rapidjson::Document& doc) : doc_(doc) {}

  std::optional<ScimError> error;

  bool Null() { return count() && doc_.Null(); }
  bool Bool(bool b) { return count() && doc_.Bool(b); }
  bool Int(int i) { return count() && doc_.Int(i); }
  bool Uint(unsigned u) { return count() && doc_.Uint(u); }
  bool Int64(int64_t i) { return count() && doc_.Int64(i); }
  bool Uint64(uint64_t u) { return count() && doc_.Uint64(u); }
  bool Double(double d) { return count() && doc_.Double(d); }
  bool RawNumber(const char* s, SizeType n, bool copy) { return count() && doc_.RawNumber(s, n, copy); }
  bool String(const char* s, SizeType n, bool copy) {
    return count() && is_text({s, n}, "a string") && doc_.String(s, n, copy);
  }
  bool Key(const char* s, SizeType n, bool copy) {
    std::string_view key(s, n);
    if (!is_text(key, "a key")) return false;
    // RFC 7643 §2.1: attribute names are case-insensitive, so "userName" and "USERNAME" name
    // one attribute; which of two values wins would be arbitrary.
    if (!keys_.back().insert(util::ascii_lower(key)).second)
      return fail(ScimError::invalid_syntax("duplicate attribute '" + std::string(key) +
                                            "' in one object (attribute names are case-insensitive)"));
    return doc_.Key(s, n, copy);
  }
  bool StartObject() {
    if (!count() || !enter()) return false;
    keys_.emplace_back();
    return doc_.StartObject();
  }
  bool EndObject(SizeType members) {
    keys_.pop_back();
    --depth_;
    return doc_.EndObject(members);
  }
  bool StartArray() { return count() && enter() && doc_.StartArray(); }
  bool EndArray(SizeType elements) {
    --depth_;
    return doc_.EndArray(elements);
  }

 private:
  bool fail(ScimError e) {
    error = std::move(e);
    return false;
  }
  bool count() {
    if (++values_ > max_json_values)
      return fail(ScimError::payload_too_large("the body has more than " + std::to_string(max_json_values) +
                                               " JSON values"));
    return true;
  }
  bool enter() {
    if (++depth_ > max_json_depth)
      return fail(ScimError::invalid_syntax("the body nests objects and arrays deeper than " +
                                            std::to_string(max_json_depth) + " levels"));
    return true;
  }
  // RapidJSON checks raw bytes, but turns a lone low surrogate escape (\uDC00) into bytes that
  // are not UTF-8; and PostgreSQL can store neither those nor NUL.
  bool is_text(std::string_view s, const char* what) {
    if (util::contains_nul(s))
      return fail(ScimError::invalid_value(std::string(what) + " contains a NUL character (\\u0000), which scimd does not store"));
    if (util::first_invalid_utf8(s))
      return fail(ScimError::invalid_syntax(std::string(what) + " is not valid UTF-8 (RFC 8259 §8.1)"));
    return true;
  }

  rapidjson::Document& doc_;
  std::vector<std::set<std::string>> keys_;  // the keys seen in each open object
  std::size_t values_ = 0;
  int depth_ = 0;
};

}  // namespace

rapidjson::Document parse_json_body(std::string_view text) {
  // A raw NUL byte is never part of a JSON text; refusing it here names the offence clearly.
  if (size_t at = text.find('\0'); at != std::string_view::npos)
    throw ScimError::invalid_value("the body contains a NUL byte at offset " + std::to_string(at));
  rapidjson::Document doc;
  CheckedHandler handler(doc);
  rapidjson::ParseResult result;
  auto generate = [&](rapidjson::Document& d) {
    (void)d;  // the handler forwards to doc
    rapidjson::MemoryStream stream(text.data(), text.size());
    rapidjson::Reader reader;
    // Iterative: deep input cannot exhaust the stack. Validating: raw bytes must be UTF-8.
    // Not kParseStopWhenDoneFlag: RFC 8259 §2, a JSON text is one value and nothing after it.
    result = reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(stream, handler);
    return !result.IsError();
  };
  doc.Populate(generate);
  if (handler.error) throw *handler.error;
  if (result.IsError()) {
    std::string detail = std::string("malformed JSON at offset ") + std::to_string(result.Offset()) + ": " +
                         rapidjson::GetParseError_En(result.Code());
    if (result.Code() == rapidjson::kParseErrorStringInvalidEncoding)
      detail = "the body is not valid UTF-8 at offset " + std::to_string(result.Offset()) + " (RFC 8259 §8.1)";
    throw ScimError::invalid_syntax(detail);
  }
  if (!doc.IsObject()) throw ScimError::invalid_syntax("the request body must be a JSON object");
  return doc;
}

}  // namespace scimd::scim
