-- wrk script for ticket creation through the JSON API: POST /api/v1/tickets with a bearer
-- key made by run.sh (BENCH_API_KEY, scope tickets:create; api_rate_limit raised). Each
-- request is a different customer (from a pool of 500) with a varied Spanish or English
-- text; every 4th one carries an Idempotency-Key, so that path is measured too.
dofile(assert(os.getenv("BENCH_LUA_DIR"), "BENCH_LUA_DIR is not set") .. "/report.lua")

local key = assert(os.getenv("BENCH_API_KEY"), "BENCH_API_KEY is not set")

local names = { "Lucía Fernández", "Javier Núñez", "Emily Clark", "Íñigo Ortega", "Oliver Murphy", "Begoña Ruiz" }
local cities = { "Madrid", "A Coruña", "Sevilla", "London", "Bogotá", "Dublin" }
local subjects = { "No puedo acceder a mi cuenta", "Cobro duplicado en la tarjeta", "Order has not arrived",
                   "Error 500 al guardar el formulario", "Cannot log in after the update", "Solicitud de devolución" }
local texts = {
   "Buenos días, desde ayer no consigo entrar en la aplicación. ¿Podrían revisarlo? Gracias.",
   "Hello, I was charged twice for my last order. Could you refund the duplicate? Thanks in advance.",
   "El pedido lleva diez días en tránsito y el seguimiento no se actualiza desde el lunes.",
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
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["Authorization"] = "Bearer " .. key
   wrk.headers["Accept-Language"] = "es-ES,es;q=0.9,en;q=0.8"
end

function request()
   counter = counter + 1
   local k = counter + thread_id * 7919
   local customer = k % 500
   local body = string.format(
      '{"name":"%s","email":"cliente%d@bench.example","phone":"+34 6%02d %03d %03d","city":"%s","country":"España",'
         .. '"subject":"%s #%d","message":"%s"}',
      names[k % #names + 1], customer, customer % 100, k % 1000, customer, cities[k % #cities + 1],
      subjects[k % #subjects + 1], k, texts[k % #texts + 1])
   local headers = nil
   if k % 4 == 0 then
      -- wrk.format uses a given table instead of wrk.headers, so the defaults are copied in.
      headers = { ["Idempotency-Key"] = string.format("bench-%d-%d", thread_id, counter) }
      for name, value in pairs(wrk.headers) do headers[name] = value end
   end
   return wrk.format(nil, "/api/v1/tickets", headers, body)
end
