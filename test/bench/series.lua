-- wrk script: POST one series per request to /api/v1/ingest/series (SERIES_VALUES values, default
-- 10000, 1 ms apart) of sensor SERIES_SENSOR (default s0, analysed in the bench) on machines m0..m3.
-- Each request covers its own time range, so every value lands in InfluxDB as a new point.
local n = tonumber(os.getenv("SERIES_VALUES") or "10000")
local line = os.getenv("BENCH_LINE") or "bench"
local t0 = tonumber(os.getenv("BENCH_T0") or "1764000000000")
local sensor = os.getenv("SERIES_SENSOR") or "s0"
local v = {}
for i = 1, n do v[i] = string.format("%.3f", 20 + math.sin(i / 10) + ((i % 500 == 0) and 6 or 0)) end
local values, counter = table.concat(v, ","), 0
request = function()
  local start = t0 + counter * n
  local body = string.format('{"LineName":"%s","MachineName":"m%d","SensorName":"%s","StartTime":%d,"IntervalMs":1,"Values":[%s]}', line, counter % 4, sensor, start, values)
  counter = counter + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
