-- GET /scim/v2/Users?filter=userName eq "..." for a random existing user (percent-encoded, as
-- identity providers send it).
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")

request = function()
  local name = bench.user_name(bench.random_user())
  return wrk.format("GET", "/scim/v2/Users?filter=userName%20eq%20%22" .. name:gsub("@", "%%40") .. "%22", bench.headers)
end
