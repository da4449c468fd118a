-- wrk script for every HTTP scenario of run.sh:
--   wrk -t1 -c64 -d10s --latency -s request.lua URL -- METHOD DEPTH [CONTENT-TYPE|-] [BODY-FILE]
-- DEPTH > 1 pipelines that many copies of the request in one write (wrk counts each response).
-- done() prints one machine-readable line, the same one the WebSocket client prints:
--   RESULT requests=N duration_us=N p50_us=N p99_us=N non2xx=N errors=N

init = function(args)
  local method = args[1] or "GET"
  local depth = tonumber(args[2]) or 1
  local headers = {}
  if args[3] and args[3] ~= "-" then
    headers["Content-Type"] = args[3]
  end
  local body = nil
  if args[4] then
    local file = assert(io.open(args[4], "rb"))
    body = file:read("*a")
    file:close()
  end
  -- wrk.format adds Host and, with a body, Content-Length.
  req = string.rep(wrk.format(method, nil, headers, body), depth)
end

request = function()
  return req
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
