-- wrk script for the broker benchmark: one small chat completion per request. The Authorization value
-- and Portkey's routing headers come from the environment, never argv.
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local custom_host = os.getenv("BENCH_PORTKEY_HOST")
if custom_host ~= nil and custom_host ~= "" then
  wrk.headers["x-portkey-provider"] = "openai"
  wrk.headers["x-portkey-custom-host"] = custom_host
end

done = function(summary, latency, requests)
  io.write(string.format(
    'WRK {"requests":%d,"errors":%d,"seconds":%f,"p50":%f,"p99":%f}\n',
    summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000
  ))
end
