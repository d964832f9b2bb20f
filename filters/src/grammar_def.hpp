// X3 grammar definitions: the filter language of RFC 7644 §3.4.2.2 (Figure 1) and the
// PATCH path of §3.5.2. Every choice is committed as soon as its first token is seen:
// failing alternatives end in expected("..."), which throws with a readable name and the
// exact offset, so a parse either succeeds or says what it expected where.
#pragma once

#include "grammar.hpp"
#include "grammar_parsers.hpp"

#include <boost/fusion/include/at_c.hpp>

namespace scimd::filters::grammar {

using boost::fusion::at_c;
using x3::_attr;
using x3::_pass;
using x3::_val;
using x3::lit;

static_assert(max_nesting_depth == 16, "update the message of nest_directive");
static_assert(max_conditions == 256, "update the message of count_condition");

/// The attribute of attr_expr while it is being built.
struct AttrExpr {
  AttrPath path;                  ///< the path just parsed, before its operator
  Filter node;                    ///< the result
  bool after_value_path = false;  ///< node is a ValuePath and `.sub op value` follows
};

const keyword_parser and_kw{"and"};
const keyword_parser or_kw{"or"};
const keyword_parser not_kw{"not"};
const keyword_parser pr_kw{"pr"};
const compare_op_parser compare_op{};

const auto closing_paren = lit(')') | expected("closing ')'");
const auto closing_bracket = lit(']') | expected("closing ']'");

// ---- semantic actions ----------------------------------------------------------------

const auto assign = [](auto& ctx) { _val(ctx) = std::move(_attr(ctx)); };
const auto make_and = [](auto& ctx) {
  Filter& lhs = _val(ctx);
  lhs = And{std::move(lhs), std::move(_attr(ctx))};
};
const auto make_or = [](auto& ctx) {
  Filter& lhs = _val(ctx);
  lhs = Or{std::move(lhs), std::move(_attr(ctx))};
};
const auto set_not_offset = [](auto& ctx) { _val(ctx).offset = _attr(ctx); };
const auto set_operand = [](auto& ctx) { _val(ctx).operand = std::move(_attr(ctx)); };
const auto take_node = [](auto& ctx) { _val(ctx) = std::move(_attr(ctx).node); };

const auto set_path = [](auto& ctx) { _val(ctx).path = std::move(_attr(ctx)); };
// Every attribute expression starts with a path: count them (max_conditions).
const auto count_condition = [](auto& ctx) {
  ParseState& state = x3::get<state_tag>(ctx);
  if (++state.conditions > max_conditions)
    fail(state.begin + _attr(ctx).offset, "at most 256 conditions");
  _val(ctx).path = std::move(_attr(ctx));
};

// A leaf ends attr_expr; after `attr[filter].sub` it joins the valuePath's filter (Entra's
// `emails[type eq "work"].value eq "x"` means both conditions hold for one element).
template <class Leaf>
void finish(AttrExpr& e, Leaf&& leaf) {
  if (!e.after_value_path) {
    e.node = std::forward<Leaf>(leaf);
    return;
  }
  ValuePath& vp = boost::get<x3::forward_ast<ValuePath>>(e.node.get()).get();
  vp.filter = And{std::move(vp.filter), Filter(std::forward<Leaf>(leaf))};
}
const auto on_present = [](auto& ctx) {
  AttrExpr& e = _val(ctx);
  finish(e, Present{std::move(e.path)});
};
const auto on_compare = [](auto& ctx) {
  AttrExpr& e = _val(ctx);
  LocatedValue& v = at_c<1>(_attr(ctx));
  finish(e, Compare{std::move(e.path), at_c<0>(_attr(ctx)), std::move(v.value), v.offset});
};
// `attr[` starts a valuePath unless attr has a sub-attribute or we are inside one already
// (valuePaths do not nest, RFC 7644 §3.4.2.2 Figure 1); then '[' is simply unexpected.
const auto open_value_path = [](auto& ctx) {
  _pass(ctx) = !_val(ctx).path.has_sub_attr() && !x3::get<state_tag>(ctx).in_value_path;
};
const auto set_value_filter = [](auto& ctx) {
  AttrExpr& e = _val(ctx);
  e.node = ValuePath{std::move(e.path), std::move(_attr(ctx))};
  e.after_value_path = true;
};

const auto set_path_filter = [](auto& ctx) { _val(ctx).filter = std::move(_attr(ctx)); };
const auto set_path_sub_attr = [](auto& ctx) {
  _val(ctx).path.sub_attr = std::move(_attr(ctx).name);
};

// ---- rules ---------------------------------------------------------------------------

struct or_expr_class;
struct and_expr_class;
struct term_class;
struct not_expr_class;
struct group_class;
struct attr_expr_class;

const x3::rule<term_class, Filter> term = "attribute path";
const x3::rule<not_expr_class, Not> not_expr = "not";
const x3::rule<group_class, Filter> group = "group";
const x3::rule<attr_expr_class, AttrExpr> attr_expr = "attribute expression";
const filter_type filter_rule = "filter";
const patch_path_type patch_path_rule = "PATCH path";

// Precedence (RFC 7644 §3.4.2.2): grouping, not, and, or; and/or are left-associative.
// and_expr and or_expr force attribute propagation, so the first term is parsed in place
// rather than moved up through every level. They are rule definitions, not
// BOOST_SPIRIT_DEFINE'd rules: Boost 1.74's BOOST_SPIRIT_DEFINE misses force_attribute
// rules; the recursion goes through `term` instead.
const auto and_expr = x3::rule<and_expr_class, Filter, true>{"filter"} =
    term >> x3::omit[*(and_kw >> term[make_and])];
const auto or_expr = x3::rule<or_expr_class, Filter, true>{"filter"} =
    and_expr >> x3::omit[*(or_kw >> and_expr[make_or])];

const auto term_def =
    not_expr[assign] | group[assign] | attr_expr[take_node] | expected("attribute path");
// "not" [SP] "(" valFilter ")": without the '(' it is an attribute called `not...`.
const auto not_expr_def =
    position[set_not_offset] >> not_kw >> lit('(') >> nest[or_expr[set_operand]] >> closing_paren;
const auto group_def = lit('(') >> nest[or_expr[assign]] >> closing_paren;

// attrExp / valuePath, decided by what follows the attribute path.
const auto operation = pr_kw[on_present] | (compare_op >> comp_value)[on_compare] |
                       expected("comparison operator");
const auto value_path_tail = lit('[')[open_value_path] >>
                             value_path_scope[or_expr[set_value_filter]] >> closing_bracket >>
                             -(sub_attr[count_condition] >> operation);
const auto attr_expr_def = attr_path[count_condition] >> (value_path_tail | operation);

const auto filter_rule_def =
    or_expr[assign] >> (x3::eoi | expected("'and', 'or' or end of input"));

// PATH = attrPath / valuePath [subAttr] (RFC 7644 §3.5.2).
const auto path_value_filter = lit('[')[open_value_path] >>
                               value_path_scope[or_expr[set_path_filter]] >> closing_bracket >>
                               -sub_attr[set_path_sub_attr];
const auto patch_path_rule_def = (attr_path[set_path] | expected("attribute path")) >>
                                 -path_value_filter >> (x3::eoi | expected("end of path"));

BOOST_SPIRIT_DEFINE(term, not_expr, group, attr_expr, filter_rule, patch_path_rule)

}  // namespace scimd::filters::grammar
