-- wrk script for every POST scenario of `make bench` (bench/harness.py sets the environment):
--   BENCH_MODE      single (the Go Event Queue API's envelope), ce (CloudEvents binary mode) or batch (JSON array of envelopes)
--   BENCH_BATCH     events per batch request (batch mode; default 100)
--   BENCH_TOKEN     bearer token; unset = no Authorization header
--   BENCH_PREFIX    id prefix of this run; every event id is <prefix>-<thread>-<request>[-<item>], unique per run
--   BENCH_IDS_DIR   when set, the ids of accepted events (taken from 2xx response bodies) are written there, one
--                   file per thread, so the harness can compare them with the ids that reached the sink
-- done() prints one line "BENCH_RESULT {json}" with wrk's counters.

local mode = os.getenv("BENCH_MODE") or "single"
local batch = tonumber(os.getenv("BENCH_BATCH") or "100")
local token = os.getenv("BENCH_TOKEN")
local prefix = os.getenv("BENCH_PREFIX") or "w"
local ids_dir = os.getenv("BENCH_IDS_DIR")

-- ~300 bytes per envelope, like a real log line
local message = "Database connection failed: timeout after 3000 ms while connecting to db-primary.internal:5432 "
    .. "(pool=orders, attempt=3/5, tls=on); the request was retried on the replica and the client was told to retry"

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

local counter = 0
local out
local single_head, single_tail, batch_template, ce_headers, ce_body

function init(args)
  wrk.method = "POST"
  if token then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  wrk.headers["Content-Type"] = "application/json"
  if mode == "ce" then
    -- wrk.format uses the table it is given instead of wrk.headers: carry every header, ce-id set per request
    ce_headers = {}
    for k, v in pairs(wrk.headers) do
      ce_headers[k] = v
    end
    ce_headers["ce-specversion"] = "1.0"
    ce_headers["ce-type"] = "log"
    ce_headers["ce-source"] = "/bench/wrk"
    ce_body = '{"level":"error","message":"' .. message .. '"}'
  end
  single_head = '{"event":{"event_type":"log","event_id":"'
  single_tail = '","level":"error","message":"' .. message .. '"}}'
  if mode == "batch" then
    local items = {}
    for k = 1, batch do
      items[k] = single_head .. "@@-" .. k .. single_tail
    end
    batch_template = "[" .. table.concat(items, ",") .. "]"
  end
  if ids_dir then
    out = io.open(ids_dir .. "/" .. prefix .. "-" .. tid .. ".ids", "w")
  end
end

function request()
  counter = counter + 1
  local id = prefix .. "-" .. tid .. "-" .. counter
  if mode == "single" then
    return wrk.format(nil, nil, nil, single_head .. id .. single_tail)
  elseif mode == "ce" then
    ce_headers["ce-id"] = id
    return wrk.format(nil, nil, ce_headers, ce_body)
  else
    return wrk.format(nil, nil, nil, (batch_template:gsub("@@", id)))
  end
end

if ids_dir then
  -- innermost JSON objects that carry an id and an accepted status: {"id":"…","status":"queued"}
  function response(status, headers, body)
    if status >= 200 and status < 300 and out then
      for obj in body:gmatch("{[^{}]*}") do
        local id = obj:match('"id"%s*:%s*"([^"]+)"')
        local st = obj:match('"status"%s*:%s*"([^"]+)"')
        if id and (st == "queued" or st == "accepted" or st == "duplicate") then
          out:write(id, "\n")
        end
      end
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,'
          .. '"status":%d,"timeout":%d,"lat_p50_us":%d,"lat_p99_us":%d,"lat_max_us":%d}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(99), latency.max))
end
