-- wrk script: POST one mixed batch per request to /api/v1/ingest/batch (BATCH_ITEMS items, default
-- 1000: 60 % sensors over s0..s7, 20 % states, 20 % vibration, four machines). Each request covers
-- its own time range, so every item lands in InfluxDB as a new point and can be counted there.
local n = tonumber(os.getenv("BATCH_ITEMS") or "1000")
local line = os.getenv("BENCH_LINE") or "bench"
local t0 = tonumber(os.getenv("BENCH_T0") or "1764000000000")
local head, counter = {}, 0
for i = 0, n - 1 do
  local m, k = "m" .. (i % 4), i % 10
  if k < 6 then
    head[i + 1] = string.format('{"Type":"sensor","MachineName":"%s","SensorName":"s%d","SensorValue":%.3f,"TimeStamp":', m, i % 8, 20 + math.sin(i / 7))
  elseif k < 8 then
    head[i + 1] = string.format('{"Type":"state","MachineName":"%s","StateName":"st%d","StateValue":%d,"TimeStamp":', m, i % 3, i % 5)
  else
    head[i + 1] = string.format('{"Type":"vibration","MachineName":"%s","SensorName":"v%d","VibAccelTotRmsX":%.3f,"VibAccelTotRmsY":0.4,"VibAccelTotRmsZ":1.2,"TimeStamp":', m, i % 2, 0.3 + (i % 7) / 10)
  end
end
request = function()
  local base = t0 + counter * n
  counter = counter + 1
  local items = {}
  for i = 1, n do items[i] = head[i] .. string.format("%d}", base + i) end
  local body = '{"LineName":"' .. line .. '","MachineName":"m0","Samples":[' .. table.concat(items, ",") .. "]}"
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
