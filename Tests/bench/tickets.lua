-- The generated customers and texts of the creation benchmarks (create.lua for POST /new,
-- apicreate.lua for the JSON API), and the per-thread request counter both use. Each
-- request is a different customer (from a pool of 500) with a varied Spanish or English
-- text; `next_ticket()` returns its fields, `n` (the thread's request number; with
-- `thread_id`, unique) and `k` (the number that picks the customer and text).
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
local threads = {}
thread_id = 0

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

-- Called from each script's init(): the thread number setup() gave this thread.
function start_thread()
   thread_id = tid or 0
end

function next_ticket()
   counter = counter + 1
   local k = counter + thread_id * 7919
   local customer = k % 500
   return {
      n = counter,   -- this thread's request number
      k = k,
      name = names[k % #names + 1],
      email = string.format("cliente%d@bench.example", customer),
      phone = string.format("+34 6%02d %03d %03d", customer % 100, k % 1000, customer),
      city = cities[k % #cities + 1],
      country = "España",
      subject = subjects[k % #subjects + 1] .. " #" .. k,
      message = texts[k % #texts + 1],
   }
end
