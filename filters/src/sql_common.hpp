// Pieces shared by the filter translator (sql.cpp) and the sortBy translator (order_by.cpp).
#pragma once

#include "semantics.hpp"
#include "sql_dialect.hpp"

namespace scimd::filters::detail {

/// The attribute's location in r.doc: [schema,] attribute [, sub-attribute if `with_sub`].
/// Throws std::invalid_argument if a canonical name could break out of a JSON path.
JsonRef document_ref(const ResolvedAttribute& a, bool with_sub);

/// ColumnMap::storage() for `a` (for multi-valued attributes, the attribute alone).
/// Throws SemanticError (not_filterable) for NotStored, and for answers that do not fit the
/// attribute (a Column for a multi-valued one, a Relation for a singular one).
Storage storage_of(const ColumnMap& columns, const ResolvedAttribute& a, Offset offset);

/// The column of sub-attribute `name` in a relation; throws SemanticError (not_filterable).
const Column& relation_column(const Relation& relation, const ResolvedAttribute& a, Offset offset);

}  // namespace scimd::filters::detail
