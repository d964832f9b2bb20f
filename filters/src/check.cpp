#include <scimd/filters/check.hpp>

#include "semantics.hpp"

namespace scimd::filters {
namespace {

using detail::Scope;

class Checker {
 public:
  explicit Checker(Scope scope) : scope_(scope) {}

  void operator()(const Compare& c) const { detail::type_compare(c, scope_); }
  void operator()(const Present& p) const { detail::resolve_in(p.path, scope_); }
  void operator()(const ValuePath& vp) const {
    const ResolvedAttribute parent = detail::resolve_value_path(vp, scope_);
    visit(Checker(Scope{scope_.info, &parent}), vp.filter);
  }
  void operator()(const And& n) const { both(n.lhs, n.rhs); }
  void operator()(const Or& n) const { both(n.lhs, n.rhs); }
  void operator()(const Not& n) const { visit(*this, n.operand); }

 private:
  void both(const Filter& lhs, const Filter& rhs) const {
    visit(*this, lhs);
    visit(*this, rhs);
  }
  Scope scope_;
};

}  // namespace

void check(const Filter& filter, const AttributeInfo& info) {
  visit(Checker(Scope{&info, nullptr}), filter);
}

ResolvedAttribute check(const PatchPath& path, const AttributeInfo& info) {
  const Scope root{&info, nullptr};
  if (!path.filter) return detail::resolve_in(path.path, root);
  AttrPath attr = path.path;
  attr.sub_attr.clear();
  ResolvedAttribute target = detail::resolve_in(attr, root);
  // RFC 7644 §3.5.2: a valuePath filter selects elements of a multi-valued attribute.
  if (target.attribute->type != AttrType::complex || !target.attribute->is_multi_valued)
    throw SemanticError(path.path.offset, SemanticError::Kind::unsupported_comparison,
                        detail::describe(target) + " is not a multi-valued complex attribute");
  visit(Checker(Scope{&info, &target}), *path.filter);
  if (path.path.has_sub_attr()) {
    target.sub_attribute = target.attribute->find_sub_attribute(path.path.sub_attr);
    if (target.sub_attribute == nullptr)
      throw SemanticError(path.path.offset, SemanticError::Kind::unknown_attribute,
                          "'" + path.path.sub_attr + "' is not a sub-attribute of '" +
                              target.attribute->name + "'");
  }
  return target;
}

}  // namespace scimd::filters
