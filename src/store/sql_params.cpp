#include "store/sql_params.hpp"

namespace scimd::store {

void bind_params(soci::statement& st, std::vector<NamedParam>& params) {
  for (auto& p : params) {
    std::visit([&](auto& v) { st.exchange(soci::use(v, p.name)); }, p.value);
  }
}

void execute_with_params(soci::session& s, const std::string& sql, std::vector<NamedParam>& params) {
  soci::statement st(s);
  st.alloc();
  st.prepare(sql);
  bind_params(st, params);
  st.define_and_bind();
  st.execute(true);
}

void append_in_list(std::string& sql, std::vector<NamedParam>& params, const std::string& prefix,
                    const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    std::string name = prefix + std::to_string(i);
    if (i) sql += ", ";
    sql += ":" + name;
    params.push_back({name, values[i]});
  }
}

std::vector<std::string> query_strings(soci::session& s, const std::string& sql, std::vector<NamedParam> params) {
  std::vector<std::string> out;
  std::string v;
  for_each_row(s, sql, params, [&] { out.push_back(v); }, v);
  return out;
}

}  // namespace scimd::store
