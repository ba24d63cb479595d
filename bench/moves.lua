-- Cards dropped on boards as browsers do (issue 24): each wrk thread drags cards on boards of
-- its own, round robin, sending the board version it last saw (`tableau`), which the answer
-- gives back: a new version alone (204 with HX-Trigger) when the board shown was the latest,
-- the whole board otherwise. MOVES: "path;body" entries separated by "|", one board each; the
-- body holds "{version}". VERSIONS: their starting versions, same order.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local entries, versions = {}, {}
for entry in string.gmatch(os.getenv("MOVES") or "", "[^|]+") do
  local path, body = string.match(entry, "([^;]+);(.+)")
  table.insert(entries, {path = path, body = body, project = string.match(body, "projet=(%d+)")})
end
local index = 0
for version in string.gmatch(os.getenv("VERSIONS") or "", "[^|]+") do
  index = index + 1
  versions[entries[index].project] = version
end

local threads = {}
local thread_count = 0
setup = function(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  table.insert(threads, thread)
end

local mine = nil
local counter = 0
init = function(args)
  mine = {}
  for i, entry in ipairs(entries) do
    if (i - 1) % 2 == (id - 1) % 2 then table.insert(mine, entry) end
  end
end

request = function()
  counter = counter + 1
  local entry = mine[(counter % #mine) + 1]
  local body = string.gsub(entry.body, "{version}", versions[entry.project] or "0")
  -- No headers table here: wrk.format would send it instead of wrk.headers (the session cookie,
  -- the CSRF token and HX-Request given on the command line).
  return wrk.format("POST", entry.path, nil, body)
end

quick, full, other = 0, 0, 0
response = function(status, headers, body)
  if status == 204 then quick = quick + 1 elseif status == 200 then full = full + 1 else other = other + 1 end
  local trigger = headers["HX-Trigger"] or headers["hx-trigger"]
  if trigger then
    local version = string.match(trigger, '"version": (%d+)')
    local project = string.match(trigger, '"project": (%d+)')
    if version and project then versions[project] = version end
  elseif body then
    local project, version = string.match(body, 'data%-project="(%d+)" data%-version="(%d+)"')
    if project and version then versions[project] = version end
  end
end

done = function(summary, latency, requests)
  local answered_quick, answered_full, answered_other = 0, 0, 0
  for _, thread in ipairs(threads) do
    answered_quick = answered_quick + (thread:get("quick") or 0)
    answered_full = answered_full + (thread:get("full") or 0)
    answered_other = answered_other + (thread:get("other") or 0)
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "answered_with_version": %d, "answered_with_board": %d, "answered_otherwise": %d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    answered_quick, answered_full, answered_other))
end
