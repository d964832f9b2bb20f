#include <scimd/filters/parse.hpp>

#include "grammar.hpp"
#include "text.hpp"

namespace scimd::filters {
namespace {

namespace x3 = boost::spirit::x3;

// The token at `at`, for messages: up to whitespace or a bracket, at most 32 bytes.
std::string_view token_at(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && end - at < 32 && static_cast<unsigned char>(text[end]) > ' ' &&
         (end == at || std::string_view("()[]\"").find(text[end]) == std::string_view::npos))
    ++end;
  // Do not cut a UTF-8 sequence.
  while (end > at && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(at, end - at);
}

// Rejects what the grammar should never see: oversized input (so no input can exhaust
// memory or stack) and invalid UTF-8 (which the database would reject later).
void check_input(std::string_view text) {
  if (text.size() > max_input_length)
    throw SyntaxError(max_input_length, "at most " + std::to_string(max_input_length) + " bytes",
                      std::to_string(text.size()) + " bytes");
  if (const std::size_t bad = detail::find_invalid_utf8(text); bad != std::string_view::npos) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(text[bad]);
    const char found[] = {'b', 'y', 't', 'e', ' ', '0', 'x', hex[byte >> 4], hex[byte & 15]};
    throw SyntaxError(bad, "UTF-8 text", std::string_view(found, sizeof found));
  }
}

template <class Rule, class Result>
void run(const Rule& rule, std::string_view text, Result& result) {
  check_input(text);
  grammar::ParseState state;
  state.begin = text.data();
  const char* first = text.data();
  const char* last = first + text.size();
  try {
    // Every rule ends in an expectation, so the parse either succeeds or throws.
    x3::phrase_parse(first, last, x3::with<grammar::state_tag>(state)[rule], x3::ascii::space,
                     result);
  } catch (const x3::expectation_failure<const char*>& e) {
    const auto at = static_cast<std::size_t>(e.where() - text.data());
    throw SyntaxError(at, e.which(), token_at(text, at));
  }
}

}  // namespace

Filter parse_filter(std::string_view text) {
  Filter result;
  run(grammar::filter(), text, result);
  return result;
}

PatchPath parse_path(std::string_view text) {
  PatchPath result;
  run(grammar::patch_path(), text, result);
  return result;
}

}  // namespace scimd::filters
