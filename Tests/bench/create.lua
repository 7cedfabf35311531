-- wrk script for ticket creation: POST /new, urlencoded, as a browser that loaded the
-- form once. The CSRF cookie and its token come from a real GET /new done by run.sh
-- (BENCH_CSRF_COOKIE, BENCH_CSRF_TOKEN): a token stays valid for its cookie for a day,
-- and run.sh sets form_min_seconds 0 and a high ticket_rate_limit. Each request is a
-- different customer (from a pool of 500) with a varied Spanish or English text.
dofile(assert(os.getenv("BENCH_LUA_DIR"), "BENCH_LUA_DIR is not set") .. "/report.lua")

local cookie = assert(os.getenv("BENCH_CSRF_COOKIE"), "BENCH_CSRF_COOKIE is not set")
local token = assert(os.getenv("BENCH_CSRF_TOKEN"), "BENCH_CSRF_TOKEN is not set")

local function enc(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local names = { "Lucía Fernández", "Javier Núñez", "Emily Clark", "Íñigo Ortega", "Oliver Murphy", "Begoña Ruiz" }
local cities = { "Madrid", "A Coruña", "Sevilla", "London", "Bogotá", "Dublin" }
local subjects = { "No puedo acceder a mi cuenta", "Cobro duplicado en la tarjeta", "Order has not arrived",
                   "Error 500 al guardar el formulario", "Cannot log in after the update", "Solicitud de devolución" }
local texts = {
   "Buenos días, desde ayer no consigo entrar en la aplicación. He probado a restablecer la contraseña "
      .. "varias veces pero el enlace no funciona. ¿Podrían revisarlo? Gracias.",
   "Hello, I was charged twice for my last order. The invoice shows one payment but my bank statement "
      .. "shows two. Could you look into it and refund the duplicate? Thanks in advance.",
   "El pedido lleva diez días en tránsito y el seguimiento no se actualiza desde el lunes. "
      .. "Necesito saber si lo han enviado a la dirección correcta.",
}

local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

function init(args)
   thread_id = tid or 0
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   wrk.headers["Cookie"] = "tq_csrf=" .. cookie
   wrk.headers["Accept-Language"] = "es-ES,es;q=0.9,en;q=0.8"
end

function request()
   counter = counter + 1
   local k = counter + thread_id * 7919
   local customer = k % 500
   local body = "csrf=" .. enc(token) .. "&website="
      .. "&name=" .. enc(names[k % #names + 1])
      .. "&email=" .. enc(string.format("cliente%d@bench.example", customer))
      .. "&phone=" .. enc(string.format("+34 6%02d %03d %03d", customer % 100, k % 1000, customer))
      .. "&city=" .. enc(cities[k % #cities + 1])
      .. "&country=" .. enc("España")
      .. "&subject=" .. enc(subjects[k % #subjects + 1] .. " #" .. k)
      .. "&message=" .. enc(texts[k % #texts + 1])
   return wrk.format(nil, "/new", nil, body)
end
