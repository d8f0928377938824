-- wrk script: rotates the Cookie header over BENCH_COOKIES ("a=1|b=2", one per request) when
-- given, and prints one machine-readable line with the latency percentiles at the end.
local cookies = {}
local given = os.getenv("BENCH_COOKIES")
if given and #given > 0 then
  for cookie in string.gmatch(given, "[^|]+") do
    table.insert(cookies, cookie)
  end
end

if #cookies > 1 then
  local index = 0
  request = function()
    index = index % #cookies + 1
    wrk.headers["Cookie"] = cookies[index]
    return wrk.format(nil)
  end
elseif #cookies == 1 then
  wrk.headers["Cookie"] = cookies[1]
end

done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d,' ..
    '"status_errors":%d,"connect_errors":%d,"read_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
