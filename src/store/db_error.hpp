#pragma once
// Converts database errors to ScimError at the store's boundary (STYLE.md "Errors").
#include <exception>

#include "scim/error.hpp"

namespace scimd::store {

/// Maps the exception currently being handled: a unique violation (PostgreSQL SQLSTATE 23505,
/// SQLite's SQLITE_CONSTRAINT_UNIQUE) becomes ScimError::uniqueness naming the attribute;
/// a lock or busy timeout becomes 503; a ScimError passes through; anything else becomes an
/// internal error whose detail is safe to show (the real message is logged by the caller).
scim::ScimError translate_db_error(const std::exception& e);

}  // namespace scimd::store
