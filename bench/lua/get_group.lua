-- GET /scim/v2/Groups/{GROUP}?excludedAttributes=members: what identity providers read before
-- a membership change; must not depend on the group's size.
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")

local path = "/scim/v2/Groups/" .. (os.getenv("GROUP") or "none") .. "?excludedAttributes=members"

request = function()
  return wrk.format("GET", path, bench.headers)
end
