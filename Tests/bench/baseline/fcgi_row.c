/*
 * Baseline for the Taquilla benchmark: the least a FastCGI responder over SQLite can do.
 * Accepts on the listening socket it inherits as fd 0 (spawn-fcgi), reads one ticket row
 * by primary key (?id=N, default BASELINE_ID) from the same database with a statement
 * prepared once, and answers a small HTML page with the values escaped.
 *
 *   gcc -O2 -o fcgi_row fcgi_row.c -lfcgi -lsqlite3
 *   BASELINE_DB=/path/taquilla.sqlite spawn-fcgi -s SOCK -F 4 -- ./fcgi_row
 *
 * Single-threaded, one connection per process, like the app's workers.
 */
#include <fcgiapp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t escape(char *out, size_t room, const unsigned char *s) {
    size_t n = 0;
    for (; s && *s && n + 7 < room; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        }
        if (rep) { size_t l = strlen(rep); memcpy(out + n, rep, l); n += l; } else out[n++] = (char)*s;
    }
    out[n] = 0;
    return n;
}

static long long query_id(const char *qs, long long fallback) {
    if (!qs) return fallback;
    for (const char *p = qs; (p = strstr(p, "id=")) != NULL; p += 3)
        if (p == qs || p[-1] == '&') return atoll(p + 3);
    return fallback;
}

int main(void) {
    const char *path = getenv("BASELINE_DB");
    long long default_id = getenv("BASELINE_ID") ? atoll(getenv("BASELINE_ID")) : 1;
    sqlite3 *db;
    sqlite3_stmt *stmt;
    if (!path || sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        fprintf(stderr, "fcgi_row: cannot open BASELINE_DB\n");
        return 1;
    }
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_prepare_v2(db, "SELECT number, subject, contact_name, updated_at FROM tickets WHERE id = ?",
                           -1, &stmt, NULL) != SQLITE_OK) {
        fprintf(stderr, "fcgi_row: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    if (FCGX_Init() != 0) return 1;
    FCGX_Request req;
    FCGX_InitRequest(&req, 0, 0);
    static char body[4096], subject[2048], name[1024];
    while (FCGX_Accept_r(&req) >= 0) {
        long long id = query_id(FCGX_GetParam("QUERY_STRING", req.envp), default_id);
        sqlite3_bind_int64(stmt, 1, id);
        int status = 404, len;
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            status = 200;
            escape(subject, sizeof subject, sqlite3_column_text(stmt, 1));
            escape(name, sizeof name, sqlite3_column_text(stmt, 2));
            len = snprintf(body, sizeof body,
                           "<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>%s</title></head>"
                           "<body><h1>%s</h1><dl><dt>Número</dt><dd>%s</dd><dt>Contacto</dt><dd>%s</dd>"
                           "<dt>Actualizado</dt><dd>%lld</dd></dl></body></html>\n",
                           subject, subject, (const char *)sqlite3_column_text(stmt, 0), name,
                           (long long)sqlite3_column_int64(stmt, 3));
        } else {
            len = snprintf(body, sizeof body, "not found\n");
        }
        sqlite3_reset(stmt);
        if (len >= (int)sizeof body) len = sizeof body - 1;
        FCGX_FPrintF(req.out, "Status: %d %s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n"
                              "Cache-Control: no-store\r\n\r\n", status, status == 200 ? "OK" : "Not Found", len);
        FCGX_PutStr(body, len, req.out);
        FCGX_Finish_r(&req);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return 0;
}
