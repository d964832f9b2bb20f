-- wrk script: alternately adds and removes one member of a group (RFC 7644 §3.5.2 PATCH),
-- the membership change an identity provider sends most. Environment: TOKEN, GROUP, MEMBER.
local token = os.getenv("TOKEN")
local group = os.getenv("GROUP")
local member = os.getenv("MEMBER")
local headers = {
  ["Authorization"] = "Bearer " .. token,
  ["Content-Type"] = "application/scim+json",
  ["Prefer"] = "return=minimal",
}
local path = "/scim/v2/Groups/" .. group .. "?excludedAttributes=members"
local add = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"' .. member .. '"}]}]}'
local remove = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \\"' .. member .. '\\"]"}]}'
local n = 0

request = function()
  n = n + 1
  return wrk.format("PATCH", path, headers, (n % 2 == 1) and add or remove)
end

local failures = 0
response = function(status)
  if status ~= 204 then failures = failures + 1 end
end

done = function(summary, latency)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
