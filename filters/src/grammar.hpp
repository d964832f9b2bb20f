// X3 grammar declarations (the rexpr_full pattern: grammar.hpp declares, grammar_def.hpp
// defines, grammar.cpp instantiates for the one iterator and context parse.cpp uses).
#pragma once

#include <scimd/filters/ast.hpp>

#include <boost/spirit/home/x3.hpp>

namespace scimd::filters::grammar {
namespace x3 = boost::spirit::x3;

/// Mutable state of one parse, reachable from every parser through the context.
struct ParseState {
  const char* begin = nullptr;  ///< start of the input, for offsets
  int depth = 0;                ///< current nesting of '(' and '['
  int conditions = 0;           ///< attribute expressions so far
  bool in_value_path = false;   ///< inside `attr[...]`, where valuePaths may not nest
};
struct state_tag;

using iterator_type = const char*;
using skipper_type = x3::ascii::space_type;
using context_type =
    x3::context<state_tag, ParseState, x3::phrase_parse_context<skipper_type>::type>;

struct filter_class;
struct patch_path_class;
using filter_type = x3::rule<filter_class, Filter>;
using patch_path_type = x3::rule<patch_path_class, PatchPath>;

BOOST_SPIRIT_DECLARE(filter_type, patch_path_type)

/// FILTER of RFC 7644 §3.4.2.2, up to the end of input.
const filter_type& filter();
/// PATH of RFC 7644 §3.5.2, up to the end of input.
const patch_path_type& patch_path();

}  // namespace scimd::filters::grammar
