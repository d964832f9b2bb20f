-- Shared by the bench/run.sh wrk scripts (loaded with dofile; BENCH_LUA_DIR says where from).
-- Environment: TOKEN (bearer token), USERS (how many users the tenant has), ID_PREFIX (the
-- tenant's one-hex-digit id prefix, see user_id), RUN (a nonce that keeps POSTed names unique across runs).
bench = {}
bench.token = os.getenv("TOKEN") or "none"
bench.users = tonumber(os.getenv("USERS") or "1000") or 1000
bench.prefix = os.getenv("ID_PREFIX") or "b"
bench.run = os.getenv("RUN") or tostring(os.time())

-- The id of user i (1-based), exactly as bench/run.sh writes it into the import file: UUID
-- shaped, scattered by a multiplicative hash so that ids are not inserted in key order.
function bench.user_id(i)
  local h = (i * 2654435761) % 4294967296
  return string.format("%04x%04x-0000-4000-8%s00-%012d", math.floor(h / 65536), h % 65536, bench.prefix, i)
end

function bench.user_name(i)
  return string.format("user%d@bench-%s.example", i, bench.prefix)
end

bench.headers = { ["Authorization"] = "Bearer " .. bench.token }

-- Each wrk thread gets its own number (setup runs in the main Lua state, init in the thread's).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  for _ = 1, 10 do math.random() end
end

function bench.random_user()
  return math.random(1, bench.users)
end

-- One parseable line: RESULT rps=... p50_ms=... p99_ms=... errors=...
-- (errors: non-2xx/3xx answers, connect/read/write errors and timeouts).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout, summary.requests))
end
