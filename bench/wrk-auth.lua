-- wrk script for the endpoint benchmark: the bearer token comes from the environment, never argv.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AIKEY_BENCH_TOKEN")

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
