-- wrk script: a weighted mix of hub requests, and a record of what each response served.
--
-- Reads (from the folder in the environment variable HUB_LOAD_DIR):
--   paths.txt       one request path a line, already weighted (repeated) by the mix
--   exclusive.txt   "id<TAB>a|b": the practices that only one of the two collections has
-- Writes:
--   thread-<n>.log  a line per API search: generation, total, page_size, exclusive ids seen
-- and prints one line "LOADJSON {...}" with the totals when wrk is done.

local dir = os.getenv("HUB_LOAD_DIR")
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

local paths, exclusive = {}, {}
local log
failures, checked, multi, untagged = 0, 0, 0, 0
status_counts = {}  -- global: done() reads it with thread:get

function init(args)
  for line in io.lines(dir .. "/paths.txt") do
    table.insert(paths, line)
  end
  for line in io.lines(dir .. "/exclusive.txt") do
    local id, side = line:match("^(%S+)\t(%S+)$")
    exclusive[id] = side
  end
  math.randomseed(1000 + number)
  log = io.open(dir .. "/thread-" .. number .. ".log", "w")
  log:setvbuf("line")  -- wrk never closes a thread's files: nothing may stay in a buffer
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  status_counts[status] = (status_counts[status] or 0) + 1
  if status >= 300 then
    failures = failures + 1
  end
  local generation = headers["X-Hub-Generation"]
  if generation and generation:find(",") then
    multi = multi + 1
  end
  local kind = headers["Content-Type"] or ""
  if status == 200 and kind:find("application/json") and body:find('"hits"') then
    if not generation then
      untagged = untagged + 1
      return
    end
    local seen = {}
    for id in body:gmatch('"id":%s*"([^"]+)"') do
      if exclusive[id] then
        table.insert(seen, id)
      end
    end
    local total = body:match('"total":%s*(%d+)') or "?"
    local size = body:match('"page_size":%s*(%d+)') or "?"
    log:write(generation, "\t", total, "\t", size, "\t", table.concat(seen, ","), "\n")
    checked = checked + 1
  end
end


function done(summary, latency, requests)
  local totals = {failures = 0, checked = 0, multi = 0, untagged = 0}
  local codes = {}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + thread:get(key)
    end
    for code, n in pairs(thread:get("status_counts") or {}) do
      codes[code] = (codes[code] or 0) + n
    end
  end
  local code_parts = {}
  for code, n in pairs(codes) do
    table.insert(code_parts, string.format('"%s": %d', code, n))
  end
  local errors = summary.errors
  io.write(string.format(
    'LOADJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"status_errors": %d, "failed_responses": %d, "checked": %d, "multi_generation": %d, "untagged": %d, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write, errors.timeout,
    errors.status, totals.failures, totals.checked, totals.multi, totals.untagged, table.concat(code_parts, ", ")))
end
