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
/* After each commit SQLite calls the WAL hook with the WAL's length in frames; this one only
   records it (in the int the context points to), so the caller decides when and how to
   checkpoint (see WALCheckpointer). Installing it replaces SQLite's automatic checkpoint. */
static int csqlite_record_wal_frames(void *frames, sqlite3 *db, const char *name, int count) {
    (void)db; (void)name;
    *(int *)frames = count;
    return SQLITE_OK;
}
static inline void csqlite_record_wal_frames_in(sqlite3 *db, int *frames) {
    sqlite3_wal_hook(db, csqlite_record_wal_frames, frames);
}
/* The writers' queue (WriteGate): an exclusive flock on a file beside the database, waited
   for in the kernel, so a waiting writer sleeps until the holder lets go instead of polling
   SQLite's lock every 100 us. The wait is bounded by a timer of this thread alone (Linux
   SIGEV_THREAD_ID) that raises SIGALRM every timeout_ms; its handler does nothing and is
   installed without SA_RESTART, so flock returns EINTR. The interval covers a first tick
   that came before flock slept; SIGALRM is unblocked for the wait (pool threads block
   signals). Returns 1 when the lock is held, 0 when it is not (timed
   out, another signal, an error): the caller then writes without it, under SQLite's lock. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
static void csqlite_gate_wake(int sig) { (void)sig; }
static inline int csqlite_gate_lock(int fd, int timeout_ms) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) return 1;
    if (errno != EWOULDBLOCK) return 0;
    struct sigaction wake;
    memset(&wake, 0, sizeof wake);
    wake.sa_handler = csqlite_gate_wake;
    sigemptyset(&wake.sa_mask);
    if (sigaction(SIGALRM, &wake, NULL) != 0) return 0;
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGALRM;
    event._sigev_un._tid = gettid();
    timer_t timer;
    if (timer_create(CLOCK_MONOTONIC, &event, &timer) != 0) return 0;
    struct itimerspec every;
    every.it_value.tv_sec = timeout_ms / 1000;
    every.it_value.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
    every.it_interval = every.it_value;
    /* Threads of a pool (libdispatch) block signals: let this one through while waiting. */
    sigset_t alarm_only, previous;
    sigemptyset(&alarm_only);
    sigaddset(&alarm_only, SIGALRM);
    pthread_sigmask(SIG_UNBLOCK, &alarm_only, &previous);
    int held = timer_settime(timer, 0, &every, NULL) == 0 && flock(fd, LOCK_EX) == 0;
    timer_delete(timer);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return held;
}
static inline void csqlite_gate_unlock(int fd) { flock(fd, LOCK_UN); }
