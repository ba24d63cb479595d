-- wrk reports p50/p90/p99 only: print what the bench table needs as one JSON line.
-- With PATHS set (paths separated by "|"), requests cycle through them (search queries).
-- With BODY set, every request is a form POST of that body (posting a comment).
local body = os.getenv("BODY")
if body then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
local paths = {}
for path in string.gmatch(os.getenv("PATHS") or "", "[^|]+") do
  table.insert(paths, path)
end
local counter = 0

if #paths > 0 then
  request = function()
    counter = counter + 1
    return wrk.format("GET", paths[(counter % #paths) + 1])
  end
end

done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
