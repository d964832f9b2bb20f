-- GET /access/v1/check?user=<id>&application=<APPLICATION> for a random user of the tenant
-- (bench/run.sh makes every user a member of the group that holds the privilege).
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")

local application = os.getenv("APPLICATION") or "none"

request = function()
  return wrk.format("GET", "/access/v1/check?user=" .. bench.user_id(bench.random_user()) .. "&application=" .. application,
    bench.headers)
end
