-- wrk script for ticket creation through the JSON API: POST /api/v1/tickets with a bearer
-- key made by run.sh (BENCH_API_KEY, scope tickets:create; api_rate_limit raised), with the
-- customers and texts of tickets.lua; every 4th request carries an Idempotency-Key, so that
-- path is measured too.
local dir = assert(os.getenv("BENCH_LUA_DIR"), "BENCH_LUA_DIR is not set")
dofile(dir .. "/report.lua")
dofile(dir .. "/tickets.lua")

local key = assert(os.getenv("BENCH_API_KEY"), "BENCH_API_KEY is not set")

function init(args)
   start_thread()
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["Authorization"] = "Bearer " .. key
   wrk.headers["Accept-Language"] = "es-ES,es;q=0.9,en;q=0.8"
end

function request()
   local t = next_ticket()
   local body = string.format(
      '{"name":"%s","email":"%s","phone":"%s","city":"%s","country":"%s","subject":"%s","message":"%s"}',
      t.name, t.email, t.phone, t.city, t.country, t.subject, t.message)
   local headers = nil
   if t.k % 4 == 0 then
      -- wrk.format uses a given table instead of wrk.headers, so the defaults are copied in.
      headers = { ["Idempotency-Key"] = string.format("bench-%d-%d", thread_id, t.n) }
      for name, value in pairs(wrk.headers) do headers[name] = value end
   end
   return wrk.format(nil, "/api/v1/tickets", headers, body)
end
