// The two exceptions the filters library throws for bad client input.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace scimd::filters {

/// Base of SyntaxError and SemanticError: a client error located in the filter or path text.
class Error : public std::runtime_error {
 public:
  /// 0-based byte offset into the parsed text.
  std::size_t offset() const noexcept { return offset_; }

 protected:
  Error(std::size_t offset, const std::string& what) : std::runtime_error(what), offset_(offset) {}

 private:
  std::size_t offset_;
};

/// The text does not follow the grammar. what() reads
/// "at offset 9: expected comparison operator, found 'regex'".
class SyntaxError : public Error {
 public:
  /// `found` is the offending token as it appears in the input (empty at the end of input).
  SyntaxError(std::size_t offset, std::string expected, std::string_view found = {});

  /// A readable name of what the parser expected, e.g. "comparison operator", "closing ']'".
  const std::string& expected() const noexcept { return expected_; }

 private:
  std::string expected_;
};

/// The text parses but does not make sense for the resource type's schema.
/// what() reads "at offset 0: unknown attribute 'nickName2'".
class SemanticError : public Error {
 public:
  /// What kind of mistake: lets the server choose the SCIM error (e.g. invalidPath for
  /// an unknown attribute in a PATCH path, invalidFilter otherwise).
  enum class Kind {
    unknown_attribute,       ///< no such attribute or sub-attribute
    unsupported_comparison,  ///< operator or literal does not suit the attribute type (FLT-17/18)
    invalid_value,           ///< e.g. a dateTime literal that is not ISO 8601
    not_filterable,          ///< the store keeps no filterable copy of the attribute (to_sql only)
  };

  SemanticError(std::size_t offset, Kind kind, std::string message);

  Kind kind() const noexcept { return kind_; }
  /// The message without the offset prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  Kind kind_;
  std::string message_;
};

}  // namespace scimd::filters
