// Deterministic random generators for property tests (callers pass a seeded engine).
#pragma once

#include <scimd/filters/ast.hpp>

#include <random>
#include <string>
#include <vector>

namespace scimd::filters::test {

struct UserRow;
struct GroupRow;

/// Any AST the parser can produce (random names, URNs, literals with escapes and
/// non-ASCII text, and/or/not/valuePath nesting up to `depth`).
Filter random_ast(std::mt19937& rng, int depth = 5);
/// Any PATCH path the parser can produce.
PatchPath random_patch_path(std::mt19937& rng);

/// Filter text valid for the test User schema, with literals taken from `users` so that
/// filters match some resources and not others.
std::string random_user_filter(std::mt19937& rng, const std::vector<UserRow>& users);
/// Filter text valid for the test Group schema.
std::string random_group_filter(std::mt19937& rng, const std::vector<GroupRow>& groups);

}  // namespace scimd::filters::test
