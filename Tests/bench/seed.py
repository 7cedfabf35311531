#!/usr/bin/env python3
"""Fills a migrated Taquilla database with a generated, realistic help-desk history.

    seed.py DATA_DIR [--tickets N] [--seed S] [--now EPOCH] [--fts rebuild|triggers] [--out bench.env]

Runs after `taquilla migrate` (the schema is the app's own) and after the operators were
added with `taquilla user add` (they are read back from the `operators` table). Writes
straight into SQLite with the standard library: groups and their members, projects,
customers, N tickets (8-digit numbers, SHA-256 of known 16-byte access codes), 3-8
messages each (customer messages, replies, internal notes; Spanish and English), a few
attachments (real files under DATA_DIR/attachments/ab/cd/<sha256>), spread over the last
two years with a status mix that depends on age. Plus one ticket with exactly 20 public
messages, for the "long conversation" cases.

Every operator action leaves the audit_log rows the desk writes for it (claim, reply,
note, status), at the time of the message or the close, so statistics can be computed.

Scales to a million tickets (about 5.5 million messages): rows go in with executemany in
batches, one transaction per batch, with the journal off and synchronous off for the load
(the database is new; a crash means seeding again), and foreign keys checked once at the
end. With --fts rebuild (the default) the secondary indexes and the full-text triggers are
dropped for the load and rebuilt afterwards (FTS5 'rebuild', then its 'integrity-check'
against the content tables); --fts triggers keeps them, as the app itself inserts.

Everything is drawn from a seeded generator, so a given --seed (and --now) gives the
same data.
The last lines of --out are shell assignments for run.sh: the tickets to log in to
(number and access code in its display form) and their row ids.
"""
import argparse
import hashlib
import itertools
import os
import random
import sqlite3
import sys
import time

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def crockford(data: bytes) -> str:
    """Crockford base32 as Sources/Core/Support/Base32.swift encodes it (no padding)."""
    out, acc, bits = [], 0, 0
    for b in data:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append(CROCKFORD[(acc >> bits) & 31])
    if bits:
        out.append(CROCKFORD[(acc << (5 - bits)) & 31])
    return "".join(out)


def display_code(code: bytes) -> str:
    plain = crockford(code)
    return "-".join(plain[i:i + 5] for i in range(0, len(plain), 5))


# ------------------------------------------------------------------ vocabulary
FIRST_ES = ["María", "José", "Lucía", "Javier", "Carmen", "Antonio", "Laura", "Manuel", "Ana", "Francisco",
            "Marta", "David", "Elena", "Pablo", "Isabel", "Sergio", "Cristina", "Alejandro", "Paula", "Jorge",
            "Nuria", "Raúl", "Beatriz", "Andrés", "Inés", "Íñigo", "Begoña", "Óscar", "Rocío", "Ángel"]
LAST_ES = ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
           "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro",
           "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Serrano", "Castillo", "Ortega", "Rubio", "Núñez"]
FIRST_EN = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Susan",
            "Emily", "Daniel", "Olivia", "Thomas", "Sophie", "George", "Hannah", "Oliver", "Grace", "Henry"]
LAST_EN = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Clark",
           "Walker", "Wright", "Hughes", "Evans", "O'Brien", "Murphy", "Campbell", "Stewart", "Baker", "Turner"]
CITIES_ES = [("Madrid", "España"), ("Barcelona", "España"), ("Valencia", "España"), ("Sevilla", "España"),
             ("Zaragoza", "España"), ("Bilbao", "España"), ("A Coruña", "España"), ("Málaga", "España"),
             ("Ciudad de México", "México"), ("Buenos Aires", "Argentina"), ("Bogotá", "Colombia"),
             ("Santiago", "Chile"), ("Lima", "Perú"), ("Montevideo", "Uruguay")]
CITIES_EN = [("London", "United Kingdom"), ("Manchester", "United Kingdom"), ("Dublin", "Ireland"),
             ("New York", "United States"), ("Chicago", "United States"), ("Toronto", "Canada"),
             ("Sydney", "Australia"), ("Edinburgh", "United Kingdom")]
DOMAINS = ["example.com", "example.org", "example.net", "correo.example", "empresa.example", "mail.example"]

SUBJECTS_ES = [
    "No puedo acceder a mi cuenta", "Error al descargar la factura de {mes}", "Solicitud de devolución del pedido {n}",
    "El pedido {n} no ha llegado", "Cambio de dirección de envío", "Cobro duplicado en la tarjeta",
    "La aplicación se cierra al iniciar sesión", "Consulta sobre el plan de empresa", "No recibo los correos de confirmación",
    "Problema con la instalación en Windows", "¿Cómo exporto mis datos?", "Solicitud de baja del servicio",
    "Factura con el NIF incorrecto", "La impresora no imprime desde la red", "Presupuesto para {n} licencias",
    "Error 500 al guardar el formulario", "Actualización de datos de contacto", "Garantía del producto {n}",
    "Incidencia con la conexión VPN", "Contraseña caducada, no puedo cambiarla",
]
SUBJECTS_EN = [
    "Cannot log in to my account", "Invoice for {month} is missing", "Refund request for order {n}",
    "Order {n} has not arrived", "Change of shipping address", "Charged twice on my card",
    "App crashes on sign-in", "Question about the business plan", "Not receiving confirmation e-mails",
    "Installation fails on macOS", "How do I export my data?", "Please cancel my subscription",
    "Wrong VAT number on invoice", "Printer offline after update", "Quote for {n} licences",
    "Error 500 when saving the form", "Update my contact details", "Warranty claim for product {n}",
    "VPN connection keeps dropping", "Password expired and reset link does not work",
]
MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

CUSTOMER_ES = [
    "Buenos días, les escribo porque desde ayer no consigo entrar en la aplicación.",
    "He intentado restablecer la contraseña varias veces pero el enlace no funciona.",
    "Adjunto una captura de pantalla con el mensaje de error que aparece.",
    "El problema ocurre tanto en el ordenador de la oficina como en el portátil de casa.",
    "Necesito resolverlo cuanto antes porque tenemos el cierre de mes esta semana.",
    "¿Podrían indicarme si hay alguna incidencia general en el servicio?",
    "El importe cobrado no coincide con el de la factura que me enviaron por correo.",
    "Ya he borrado la caché del navegador y he probado con otro navegador, sin éxito.",
    "Mi número de cliente es el que figura en la factura adjunta.",
    "Gracias de antemano por su ayuda; quedo a la espera de sus noticias.",
    "Sigue pasando lo mismo después de la actualización de esta mañana.",
    "¿Es posible cambiar la forma de pago a domiciliación bancaria?",
    "El repartidor dejó un aviso pero nadie llamó a la puerta, ¿pueden reprogramar la entrega?",
    "Les confirmo que ahora funciona correctamente, muchas gracias.",
]
REPLY_ES = [
    "Hola, gracias por contactar con nuestro equipo de soporte.",
    "Hemos revisado su cuenta y vemos que el acceso estaba bloqueado por varios intentos fallidos.",
    "Acabamos de desbloquearla; ya puede iniciar sesión con su contraseña habitual.",
    "Le hemos enviado un nuevo enlace de restablecimiento, válido durante 24 horas.",
    "Hemos emitido una factura rectificativa que recibirá en su correo en unos minutos.",
    "El cargo duplicado se ha anulado y el reembolso aparecerá en su extracto en 3 a 5 días hábiles.",
    "¿Podría indicarnos la versión del sistema operativo y del navegador que utiliza?",
    "Hemos trasladado la incidencia al departamento técnico, que ya está trabajando en ella.",
    "Si el problema persiste, responda a este mensaje y lo revisaremos de nuevo.",
    "Un saludo cordial, el equipo de atención al cliente.",
]
NOTE_ES = [
    "Revisado el registro del servidor: timeout en la pasarela de pago a las 10:42.",
    "Cliente con contrato de empresa, prioridad alta según el acuerdo de nivel de servicio.",
    "Pendiente de confirmación de Facturación antes de responder.",
    "Duplicado del ticket anterior del mismo cliente; lo dejo abierto por ahora.",
]
CUSTOMER_EN = [
    "Hello, since yesterday I have not been able to sign in to the application.",
    "I tried resetting my password several times but the link does not work.",
    "I have attached a screenshot of the error message I get.",
    "It happens on both my office desktop and my laptop at home.",
    "We need this fixed soon because month-end closing is this week.",
    "Could you tell me whether there is a general outage at the moment?",
    "The amount charged does not match the invoice you e-mailed me.",
    "I already cleared the browser cache and tried another browser, with no luck.",
    "My customer number is the one on the attached invoice.",
    "Thanks in advance for your help; looking forward to hearing from you.",
    "It still happens after this morning's update.",
    "Is it possible to switch the payment method to direct debit?",
    "The courier left a note but nobody knocked; can you reschedule the delivery?",
    "I can confirm it works now, thank you very much.",
]
REPLY_EN = [
    "Hi, thank you for contacting our support team.",
    "We checked your account and it had been locked after several failed attempts.",
    "We have unlocked it; you can now sign in with your usual password.",
    "We sent you a new reset link, valid for 24 hours.",
    "We issued a corrected invoice, which will reach your inbox in a few minutes.",
    "The duplicate charge was voided and the refund will show on your statement within 3-5 business days.",
    "Could you tell us which operating system and browser version you use?",
    "We passed the issue on to our engineering team, who are already working on it.",
    "If the problem persists, just reply to this message and we will look again.",
    "Kind regards, the customer care team.",
]
NOTE_EN = [
    "Checked the server log: payment gateway timeout at 10:42.",
    "Business contract customer, high priority per SLA.",
    "Waiting for Billing to confirm before replying.",
    "Duplicate of this customer's previous ticket; leaving it open for now.",
]
GROUPS = [("Soporte técnico", "soporte@example.com", 10), ("Facturación", "facturacion@example.com", 20),
          ("Ventas", "ventas@example.com", 30), ("Technical support (EN)", "support@example.com", 40),
          ("Logística", "logistica@example.com", 50), ("Interno", "", 60)]
PROJECTS = ["Tienda online", "App móvil", "ERP Cloud", "Mantenimiento oficinas"]
ATTACHMENTS = [("captura.png", "image/png", 48_213), ("factura_2024.pdf", "application/pdf", 91_877),
               ("error.log", "text/plain", 6_120), ("screenshot.jpg", "image/jpeg", 37_402),
               ("pedido.csv", "text/csv", 2_048)]

OPEN_STATUSES = ["open", "waiting_customer", "waiting_operator", "in_process"]
CLOSED_STATUSES = ["closed", "solved", "solved", "solved", "duplicate", "unsolved", "rejected_offer"]


def paragraph(rng, pool, low, high):
    n = rng.randint(low, high)
    return " ".join(rng.choice(pool) for _ in range(n))


def body(rng, pool, sentences=(2, 6), paragraphs=(1, 3)):
    return "\n\n".join(paragraph(rng, pool, *sentences) for _ in range(rng.randint(*paragraphs)))


BATCH = 20_000   # tickets per transaction
SEARCH_TRIGGERS = ("messages_search_insert", "messages_search_delete", "messages_search_update",
                   "tickets_search_delete", "tickets_search_update")
BULK_TABLES = ("tickets", "messages", "attachments", "audit_log", "customers")


class Loader:
    """Collects generated rows and writes them in batches with executemany; ids are
    assigned here (row ids in creation order), so nothing has to be read back."""

    def __init__(self, db):
        self.db = db
        self.rows = {"tickets": [], "messages": [], "attachments": [], "audit_log": []}
        self.next_id = {name: (db.execute("SELECT coalesce(max(id), 0) FROM %s" % name).fetchone()[0] + 1)
                        for name in self.rows}

    def new_id(self, table):
        n = self.next_id[table]
        self.next_id[table] = n + 1
        return n

    SQL = {
        "tickets": """INSERT INTO tickets(id, number, access_hash, customer_id, subject, contact_name, contact_phone,
                contact_city, contact_country, status_id, priority_id, group_id, project_id, operator_id, client_ip,
                language, source, created_at, updated_at, last_customer_at, last_operator_at, first_response_at, closed_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        "messages": """INSERT INTO messages(id, ticket_id, kind, operator_id, author_name, body_text, source,
                mail_message_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)""",
        "attachments": """INSERT INTO attachments(message_id, ticket_id, filename, content_type, size, sha256, created_at)
                VALUES (?,?,?,?,?,?,?)""",
        "audit_log": """INSERT INTO audit_log(at, operator_id, actor, action, ticket_id, ticket_number, before_value,
                after_value, ip) VALUES (?,?,?,?,?,?,?,?,?)""",
    }

    def flush(self):
        self.db.execute("BEGIN")
        for table in ("tickets", "messages", "attachments", "audit_log"):
            if self.rows[table]:
                self.db.executemany(self.SQL[table], self.rows[table])
                self.rows[table].clear()
        self.db.execute("COMMIT")


def drop_for_load(db):
    """Drops the secondary indexes of the bulk tables and the search triggers; returns
    their SQL to recreate them after the load (the schema stays the app's own)."""
    marks = ",".join("?" * len(BULK_TABLES))
    saved = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                       " AND tbl_name IN (%s)" % marks, BULK_TABLES).fetchall()
    saved += db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (%s)"
                        % ",".join("?" * len(SEARCH_TRIGGERS)), SEARCH_TRIGGERS).fetchall()
    for name, sql in saved:
        db.execute("DROP %s %s" % ("TRIGGER" if sql.lstrip().upper().startswith("CREATE TRIGGER") else "INDEX", name))
    return saved


def restore_after_load(db, saved):
    """Recreates what drop_for_load removed and rebuilds the full-text index from its
    content (the search_text view); fails loudly if FTS5's integrity check disagrees."""
    for _, sql in saved:
        db.execute(sql)
    db.execute("INSERT INTO message_search(message_search) VALUES ('rebuild')")


def check_search(db):
    db.execute("INSERT INTO message_search(message_search, rank) VALUES ('integrity-check', 1)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--tickets", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--now", type=int, default=0, help="the generated history ends here (default: the current time)")
    ap.add_argument("--fts", choices=("rebuild", "triggers"), default="rebuild")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    if args.tickets < 1:
        sys.exit("seed.py: --tickets must be at least 1")
    rng = random.Random(args.seed)
    started = time.time()
    now = args.now or int(time.time())
    two_years = 2 * 365 * 86_400

    db = sqlite3.connect(os.path.join(args.data, "taquilla.sqlite"), isolation_level=None)
    version = db.execute("SELECT name FROM schema_migrations ORDER BY rowid DESC LIMIT 1").fetchone()
    if not version:
        sys.exit("seed.py: the database is not migrated (run `taquilla migrate` first)")
    if db.execute("SELECT count(*) FROM tickets").fetchone()[0]:
        sys.exit("seed.py: the database already has tickets")
    statuses = dict(db.execute("SELECT code, id FROM statuses"))
    priorities = dict(db.execute("SELECT code, id FROM priorities"))
    operators = db.execute("SELECT id, display_name, username FROM operators WHERE active = 1 ORDER BY id").fetchall()
    if not operators:
        sys.exit("seed.py: no operators (add them with `taquilla user add` first)")
    # The load: no journal (a new database; a crash means seeding again), no fsync, a
    # big page cache. WAL comes back at the end.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("PRAGMA foreign_keys = OFF")
    saved = drop_for_load(db) if args.fts == "rebuild" else []

    db.execute("BEGIN")
    created0 = now - two_years - 30 * 86_400
    group_ids = []
    for name, email, pos in GROUPS:
        cur = db.execute("INSERT INTO groups(name, email, notify_new, public, position, created_at) VALUES (?,?,?,?,?,?)",
                         (name, email, 1 if email else 0, 0 if name == "Interno" else 1, pos, created0))
        group_ids.append(cur.lastrowid)
    members = {}
    for gid in group_ids:
        members[gid] = rng.sample(operators, k=min(len(operators), rng.randint(2, 4)))
        for op in members[gid]:
            db.execute("INSERT INTO group_members(group_id, operator_id) VALUES (?, ?)", (gid, op[0]))
    project_ids = [db.execute("INSERT INTO projects(name, public, active, created_at) VALUES (?,1,1,?)",
                              (p, created0)).lastrowid for p in PROJECTS]

    # Customers: mostly Spanish-speaking, some English; a long tail (a few write often).
    n_customers = max(50, args.tickets // 6)
    customers, customer_rows = [], []
    first_customer = db.execute("SELECT coalesce(max(id), 0) + 1 FROM customers").fetchone()[0]
    for i in range(n_customers):
        english = rng.random() < 0.3
        first = rng.choice(FIRST_EN if english else FIRST_ES)
        last = rng.choice(LAST_EN if english else LAST_ES)
        if not english and rng.random() < 0.6:
            last += " " + rng.choice(LAST_ES)
        city, country = rng.choice(CITIES_EN if english else CITIES_ES)
        local = (first.split()[0] + "." + last.split()[0]).lower().replace("'", "")
        local = local.translate(str.maketrans("áéíóúñü", "aeiounu"))
        email = "%s%d@%s" % (local, i, rng.choice(DOMAINS))
        phone = ("+44 7%03d %06d" if english else "+34 6%02d %03d %03d") % (
            (rng.randint(0, 999), rng.randint(0, 999_999)) if english else
            (rng.randint(0, 99), rng.randint(0, 999), rng.randint(0, 999)))
        t = created0 + rng.randint(0, two_years)
        cid = first_customer + i
        customer_rows.append((cid, email, first + " " + last, phone, city, country,
                              rng.choice(project_ids) if rng.random() < 0.3 else None, "en" if english else "es", t, t))
        customers.append((cid, first + " " + last, phone, city, country, english))
    db.executemany("""INSERT INTO customers(id, email, name, phone, city, country, project_id, language, created_at, updated_at)
                      VALUES (?,?,?,?,?,?,?,?,?,?)""", customer_rows)
    db.execute("COMMIT")
    del customer_rows

    # Attachment files, stored by content hash like AttachmentFiles.store.
    files = []
    for name, ctype, size in ATTACHMENTS:
        data = rng.randbytes(size)
        sha = hashlib.sha256(data).hexdigest()
        d = os.path.join(args.data, "attachments", sha[0:2], sha[2:4])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, sha), "wb") as f:
            f.write(data)
        files.append((name, ctype, size, sha))

    load = Loader(db)
    numbers = set()

    def new_number():
        while True:
            n = str(rng.randint(10_000_000, 99_999_999))
            if n not in numbers:
                numbers.add(n)
                return n

    def insert_ticket(customer, created, n_messages, status_code, public_only=False):
        cid, cname, phone, city, country, english = customer
        lang = "en" if english else "es"
        tid = load.new_id("tickets")
        number = new_number()
        code = rng.randbytes(16)
        subj = rng.choice(SUBJECTS_EN if english else SUBJECTS_ES).format(
            n=rng.randint(1000, 99999), mes=rng.choice(MESES), month=rng.choice(MONTHS))
        gid = rng.choice(group_ids[:-1])
        op_id, op_name, op_user = rng.choice(members[gid]) if rng.random() < 0.8 else (None, None, None)
        source = "email" if rng.random() < 0.25 else "web"
        ip = "203.0.113.%d" % rng.randint(1, 254)
        audit = load.rows["audit_log"]
        # Messages: customer first, then mostly alternating; some internal notes. Each
        # operator message leaves the audit rows the desk writes (claim on the first
        # reply of an unclaimed ticket, reply/note, and the status change it causes).
        t = created
        msgs, first_response, last_cust, last_op, holder, status_now = [], None, created, None, None, "open"
        kind = "customer"
        for i in range(n_messages):
            if i > 0:
                t += rng.randint(600, 3 * 86_400)
                if not public_only and rng.random() < 0.12:
                    kind = "note"
                else:
                    kind = "reply" if msgs[-1][0] == "customer" or (msgs[-1][0] == "note" and rng.random() < 0.7) else "customer"
            t = min(t, now - 60)
            mid = load.new_id("messages")
            if kind == "customer":
                text = body(rng, CUSTOMER_EN if english else CUSTOMER_ES)
                if rng.random() < 0.1:   # a reference that few messages share: the rare search terms
                    text += "\n\n%s: %s-%06d" % ("Reference" if english else "Referencia",
                                                 rng.choice(("INV", "SN", "RMA")), rng.randint(0, 999_999))
                msgs.append(("customer", None, cname, text, source if i == 0 else rng.choice(["web", source]), t, mid))
                last_cust = t
                continue
            rop_id, rop_name, rop_user = (op_id, op_name, op_user) if op_id else rng.choice(operators)
            pool = (NOTE_EN if english else NOTE_ES) if kind == "note" else (REPLY_EN if english else REPLY_ES)
            text = body(rng, pool, (1, 3) if kind == "note" else (2, 5), (1, 1) if kind == "note" else (1, 2))
            msgs.append((kind, rop_id, rop_name, text, "desk", t, mid))
            if kind == "reply":
                if holder is None:
                    holder = rop_id
                    audit.append((t, rop_id, rop_user, "claim", tid, number, None, rop_user, ip))
                audit.append((t, rop_id, rop_user, "reply", tid, number, None, str(mid), ip))
                if status_now != "waiting_customer":
                    audit.append((t, rop_id, rop_user, "status", tid, number, status_now, "waiting_customer", ip))
                    status_now = "waiting_customer"
                last_op = t
                first_response = first_response or t
            else:
                audit.append((t, rop_id, rop_user, "note", tid, number, None, str(mid), ip))
        updated = msgs[-1][5]
        closed = updated if status_code in CLOSED_STATUSES else None
        if closed:
            closer = [m for m in msgs if m[1] is not None]
            if closer:   # the last operator who wrote closes the ticket, when it was last touched
                audit.append((updated, closer[-1][1], next(o[2] for o in operators if o[0] == closer[-1][1]), "status",
                              tid, number, status_now, status_code, ip))
        load.rows["tickets"].append((
            tid, number, hashlib.sha256(code).digest(), cid, subj, cname, phone, city, country,
            statuses[status_code], priorities[rng.choice(["low", "normal", "normal", "normal", "high", "urgent"])],
            gid, rng.choice(project_ids) if rng.random() < 0.4 else None, holder if holder is not None else op_id,
            ip, lang, source, created, updated, last_cust, last_op, first_response, closed))
        for j, (kind, mop, author, text, src, mt, mid) in enumerate(msgs):
            mail_id = "<%s.%d@%s>" % (number, j, "mail.example") if src == "email" else None
            load.rows["messages"].append((mid, tid, kind, mop, author, text, src, mail_id, mt))
            if kind == "customer" and rng.random() < 0.06:
                name, ctype, size, sha = rng.choice(files)
                load.rows["attachments"].append((mid, tid, name, ctype, size, sha, mt))
        return tid, number, code, len(msgs)

    # Tickets, created over two years with more recent activity; older ones mostly closed.
    # Created in time order, so row ids grow with time as in a real desk.
    weights = [1 + i // (n_customers // 20 or 1) for i in range(n_customers)]
    weights.reverse()
    cum_weights = list(itertools.accumulate(weights))
    ages = sorted((int(two_years * (rng.random() ** 1.3)) for _ in range(args.tickets)), reverse=True)
    n_messages_total = 0
    for i, age in enumerate(ages):
        created = now - age
        if age > 45 * 86_400:
            status = rng.choice(CLOSED_STATUSES) if rng.random() < 0.93 else rng.choice(OPEN_STATUSES)
        else:
            status = rng.choice(OPEN_STATUSES) if rng.random() < 0.7 else rng.choice(CLOSED_STATUSES)
        customer = rng.choices(customers, cum_weights=cum_weights)[0]
        _, _, _, m = insert_ticket(customer, created, rng.randint(3, 8), status)
        n_messages_total += m
        if (i + 1) % BATCH == 0:
            load.flush()
            if args.tickets >= 10 * BATCH and (i + 1) % (10 * BATCH) == 0:
                print("seed: %d tickets, %.0f s" % (i + 1, time.time() - started), file=sys.stderr, flush=True)

    # The tickets the benchmark logs in to: a typical one (5 public messages, open) and a
    # long one (exactly 20 public messages), both Spanish and recently active.
    es_customers = [c for c in customers if not c[5]]
    guest = insert_ticket(rng.choice(es_customers), now - 5 * 86_400, 5, "waiting_customer", public_only=True)
    big = insert_ticket(rng.choice(es_customers), now - 60 * 86_400, 20, "in_process", public_only=True)
    load.flush()
    # Recently updated, so the desk queue's first page is a realistic mix and includes them.
    db.execute("UPDATE tickets SET updated_at = ? WHERE id IN (?, ?)", (now - 3600, guest[0], big[0]))
    loaded = time.time()
    if saved:
        restore_after_load(db, saved)
    indexed = time.time()
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        sys.exit("seed.py: foreign key violations: %r" % problems[:5])
    check_search(db)
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode = WAL")
    counts = {t: db.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
              for t in ("customers", "tickets", "messages", "attachments", "audit_log", "operators", "groups")}
    db.close()
    print("seed: %s in %.1f s (rows %.1f s, %s %.1f s, checks %.1f s)" % (
        ", ".join("%d %s" % (v, k) for k, v in counts.items()), time.time() - started, loaded - started,
        "indexes + FTS rebuild" if saved else "FTS by triggers", indexed - loaded, time.time() - indexed))
    if args.out:
        with open(args.out, "w") as f:
            f.write("GUEST_ID=%d\nGUEST_NUMBER=%s\nGUEST_CODE=%s\nGUEST_MESSAGES=%d\n" %
                    (guest[0], guest[1], display_code(guest[2]), guest[3]))
            f.write("BIG_ID=%d\nBIG_NUMBER=%s\nBIG_CODE=%s\nBIG_MESSAGES=%d\n" %
                    (big[0], big[1], display_code(big[2]), big[3]))
            f.write("SEED_TICKETS=%d\nSEED_MESSAGES=%d\n" % (counts["tickets"], counts["messages"]))


if __name__ == "__main__":
    main()
