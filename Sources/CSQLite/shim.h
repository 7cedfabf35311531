#include <sqlite3.h>
/* SQLITE_TRANSIENT is a cast macro Swift cannot import; give it a name. */
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
/* sqlite3_db_config is variadic, which Swift cannot call: keep the WAL on close (no checkpoint). */
static inline int csqlite_no_checkpoint_on_close(sqlite3 *db) { return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0); }
