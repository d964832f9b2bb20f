-- GET /scim/v2/Users/{id} of a random existing user. Also the script run against the ceiling,
-- so that both carry the same client-side cost.
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")

request = function()
  return wrk.format("GET", "/scim/v2/Users/" .. bench.user_id(bench.random_user()), bench.headers)
end
