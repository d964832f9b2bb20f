-- POST /scim/v2/Users with a new, unique userName each time (about 500 bytes, like the
-- imported users).
dofile((os.getenv("BENCH_LUA_DIR") or "bench/lua") .. "/common.lua")

local headers = {
  ["Authorization"] = "Bearer " .. bench.token,
  ["Content-Type"] = "application/scim+json",
}
local n = 0

request = function()
  n = n + 1
  local key = string.format("%s-%d-%d", bench.run, tid or 0, n)
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],'
    .. '"externalId":"post-' .. key .. '","userName":"post-' .. key .. '@bench.example",'
    .. '"name":{"givenName":"Post","familyName":"User ' .. key .. '","formatted":"Post User ' .. key .. '"},'
    .. '"displayName":"Post User ' .. key .. '","active":true,'
    .. '"emails":[{"value":"post-' .. key .. '@bench.example","type":"work","primary":true}],'
    .. '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"' .. key .. '","department":"Bench"}}'
  return wrk.format("POST", "/scim/v2/Users", headers, body)
end
