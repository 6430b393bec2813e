-- soak.lua - wrk script for bench/soak.sh: each request takes the next route
-- of a fixed mix (lists, selections, paging, count, get, endpoints,
-- providers, RSS, gzip); any status other than 200/304 counts as a failure.
local routes = {
  { "/api/v1/models", nil },
  { "/api/v1/models?output_modalities=all", nil },
  { "/api/v1/models?output_modalities=all", "gzip" },
  { "/api/v1/models?q=gpt&sort=pricing-low-to-high", nil },
  { "/api/v1/models?supported_parameters=tools&context=100000&limit=5", nil },
  { "/api/v1/models?offset=3&limit=2", nil },
  { "/api/v1/models?category=programming", nil },
  { "/api/v1/models/count", nil },
  { "/api/v1/model/openai/gpt-5.5", nil },
  { "/api/v1/models/z-ai/glm-5.5/endpoints", nil },
  { "/api/v1/providers", nil },
  { "/api/v1/endpoints/zdr", nil },
  { "/api/v1/models?use_rss=true", nil },
}
local i = 0
bad = 0   -- global: read per thread by done() via thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  i = math.random(#routes)
end

function request()
  i = (i % #routes) + 1
  local r = routes[i]
  local headers = {}
  if r[2] then headers["Accept-Encoding"] = r[2] end
  return wrk.format("GET", r[1], headers)
end

-- (responses arrive per connection, so they cannot be matched to routes[i]
-- here: every route of the mix answers 200)
function response(status, headers, body)
  if status ~= 200 and status ~= 304 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + (t:get("bad") or 0) end
  io.write(string.format("SOAK requests=%d errors_connect=%d errors_read=%d errors_write=%d " ..
    "errors_status=%d errors_timeout=%d bad_answers=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, failed,
    latency:percentile(50), latency:percentile(99), latency.max))
end
