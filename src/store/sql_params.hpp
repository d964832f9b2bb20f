#pragma once
// Dynamic parameter binding for statements whose parameter count is known only at run time
// (filters, IN lists). Values are always bound, never spliced into SQL text.
#include <soci/soci.h>

#include <string>
#include <variant>
#include <vector>

namespace scimd::store {

/// A bound value: text, integer or decimal (the same alternatives as filters::SqlParam).
using SqlValue = std::variant<std::string, long long, double>;

/// A value bound to the placeholder `:name`.
struct NamedParam {
  std::string name;
  SqlValue value;
};

/// Binds every parameter to st by name. The params must outlive the statement's execution.
void bind_params(soci::statement& st, std::vector<NamedParam>& params);

/// Runs a query with bound parameters, fetching each row into `into...` and calling on_row.
template <class OnRow, class... Into>
void for_each_row(soci::session& s, const std::string& sql, std::vector<NamedParam>& params, OnRow&& on_row,
                  Into&... into) {
  soci::statement st(s);
  st.alloc();
  st.prepare(sql);
  (st.exchange(soci::into(into)), ...);
  bind_params(st, params);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) on_row();
}

/// Runs a query whose result is one text column, and returns its values.
std::vector<std::string> query_strings(soci::session& s, const std::string& sql, std::vector<NamedParam> params);

/// Runs a statement without results (INSERT, UPDATE, DELETE) with bound parameters.
void execute_with_params(soci::session& s, const std::string& sql, std::vector<NamedParam>& params);

/// Appends ":p0, :p1, ..." placeholders for values to sql and the values to params, using
/// names prefix0, prefix1, ... (for IN lists).
void append_in_list(std::string& sql, std::vector<NamedParam>& params, const std::string& prefix,
                    const std::vector<std::string>& values);

}  // namespace scimd::store
