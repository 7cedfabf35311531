#include <sqlite3.h>
/* SQLITE_TRANSIENT is a cast macro Swift cannot import; give it a name. */
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
/* sqlite3_db_config is variadic, which Swift cannot call: keep the WAL on close (no checkpoint). */
static inline int csqlite_no_checkpoint_on_close(sqlite3 *db) { return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0); }
/* Busy handler for writers that hold the lock for well under a millisecond (a ticket insert):
   SQLite's own busy_timeout sleeps 1, 2, 5, 10, 15, 20, 25 ms… between tries, so a waiting
   worker often sleeps long after the lock is free. This one tries every 100 µs for the first
   20 ms, then every millisecond, and gives up once the sleeps add up to the timeout (passed as
   the context pointer, in milliseconds); time spent elsewhere only makes the real wait longer. */
#include <stdint.h>
#include <unistd.h>
static int csqlite_short_sleep_busy(void *timeout_ms, int tries) {
    const long short_tries = 200, short_us = 100, long_us = 1000;
    long slept_us = tries < short_tries ? tries * short_us : short_tries * short_us + (tries - short_tries) * long_us;
    if (slept_us >= (long)(intptr_t)timeout_ms * 1000L) return 0;
    usleep(tries < short_tries ? short_us : long_us);
    return 1;
}
static inline int csqlite_short_sleep_busy_timeout(sqlite3 *db, int timeout_ms) {
    return sqlite3_busy_handler(db, csqlite_short_sleep_busy, (void *)(intptr_t)timeout_ms);
}
