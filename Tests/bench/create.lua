-- wrk script for ticket creation: POST /new, urlencoded, as a browser that loaded the
-- form once. The CSRF cookie and its token come from a real GET /new done by run.sh
-- (BENCH_CSRF_COOKIE, BENCH_CSRF_TOKEN): a token stays valid for its cookie for a day,
-- and run.sh sets form_min_seconds 0 and a high ticket_rate_limit. The customers and texts
-- come from tickets.lua.
local dir = assert(os.getenv("BENCH_LUA_DIR"), "BENCH_LUA_DIR is not set")
dofile(dir .. "/report.lua")
dofile(dir .. "/tickets.lua")

local cookie = assert(os.getenv("BENCH_CSRF_COOKIE"), "BENCH_CSRF_COOKIE is not set")
local token = assert(os.getenv("BENCH_CSRF_TOKEN"), "BENCH_CSRF_TOKEN is not set")

local function enc(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
   start_thread()
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   wrk.headers["Cookie"] = "tq_csrf=" .. cookie
   wrk.headers["Accept-Language"] = "es-ES,es;q=0.9,en;q=0.8"
end

function request()
   local t = next_ticket()
   local body = "csrf=" .. enc(token) .. "&website="
      .. "&name=" .. enc(t.name) .. "&email=" .. enc(t.email) .. "&phone=" .. enc(t.phone)
      .. "&city=" .. enc(t.city) .. "&country=" .. enc(t.country)
      .. "&subject=" .. enc(t.subject) .. "&message=" .. enc(t.message)
   return wrk.format(nil, "/new", nil, body)
end
