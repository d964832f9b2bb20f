// The one translation unit that instantiates the X3 grammar.
#include "grammar_def.hpp"

namespace scimd::filters::grammar {

BOOST_SPIRIT_INSTANTIATE(filter_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(patch_path_type, iterator_type, context_type)

const filter_type& filter() { return filter_rule; }
const patch_path_type& patch_path() { return patch_path_rule; }

}  // namespace scimd::filters::grammar
