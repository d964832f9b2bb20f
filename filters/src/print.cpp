#include <scimd/filters/print.hpp>

#include "text.hpp"

#include <charconv>
#include <type_traits>

namespace scimd::filters {
namespace {

void append_path(std::string& out, const AttrPath& path, bool with_sub_attr) {
  if (!path.schema.empty()) {
    out += path.schema;
    out += ':';
  }
  out += path.name;
  if (with_sub_attr && path.has_sub_attr()) {
    out += '.';
    out += path.sub_attr;
  }
}

void append_value(std::string& out, const CompValue& value) {
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          detail::append_json_string(out, v);
        } else {
          char buf[32];
          const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
          const std::string_view digits(buf, static_cast<std::size_t>(end - buf));
          out += digits;
          // Keep a decimal a decimal when it is read back.
          if (std::is_same_v<T, double> && digits.find_first_of(".e") == std::string_view::npos)
            out += ".0";
        }
      },
      value);
}

class Printer {
 public:
  explicit Printer(std::string& out) : out_(out) {}

  void print(const Filter& f) { visit(*this, f); }

  void operator()(const Compare& c) {
    append_path(out_, c.path, true);
    out_ += ' ';
    out_ += to_string(c.op);
    out_ += ' ';
    append_value(out_, c.value);
  }
  void operator()(const Present& p) {
    append_path(out_, p.path, true);
    out_ += " pr";
  }
  void operator()(const ValuePath& v) {
    append_path(out_, v.path, true);
    out_ += '[';
    print(v.filter);
    out_ += ']';
  }
  void operator()(const Not& n) {
    out_ += "not (";
    print(n.operand);
    out_ += ')';
  }
  // `and` binds tighter than `or`; both associate to the left, so a right operand of the
  // same operator needs parentheses to keep its shape.
  void operator()(const And& a) {
    operand(a.lhs, is<Or>(a.lhs));
    out_ += " and ";
    operand(a.rhs, is<Or>(a.rhs) || is<And>(a.rhs));
  }
  void operator()(const Or& o) {
    print(o.lhs);
    out_ += " or ";
    operand(o.rhs, is<Or>(o.rhs));
  }

 private:
  template <class Node>
  static bool is(const Filter& f) {
    return boost::get<boost::spirit::x3::forward_ast<Node>>(&f.get()) != nullptr;
  }
  void operand(const Filter& f, bool parenthesise) {
    if (parenthesise) out_ += '(';
    print(f);
    if (parenthesise) out_ += ')';
  }

  std::string& out_;
};

}  // namespace

std::string to_string(const Filter& filter) {
  std::string out;
  out.reserve(64);
  Printer(out).print(filter);
  return out;
}

std::string to_string(const PatchPath& path) {
  std::string out;
  append_path(out, path.path, !path.filter);
  if (path.filter) {
    out += '[';
    Printer(out).print(*path.filter);
    out += ']';
    if (path.path.has_sub_attr()) {
      out += '.';
      out += path.path.sub_attr;
    }
  }
  return out;
}

std::string to_string(const AttrPath& path) {
  std::string out;
  append_path(out, path, true);
  return out;
}

std::string to_string(const CompValue& value) {
  std::string out;
  append_value(out, value);
  return out;
}

}  // namespace scimd::filters
