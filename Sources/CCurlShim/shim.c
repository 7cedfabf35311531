#include "ccurlshim.h"
#include <dlfcn.h>
#include <pthread.h>

/* libcurl is loaded on first use (dlopen), not at program start: it pulls in about 30
   shared libraries, and linking it made every plain-CGI request pay for them although only
   mail delivery and the external snippet source use it. If the library is missing,
   tq_curl_easy_init() returns NULL and callers report that. */
static struct {
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char *(*version)(void);
    int loaded;
} lib;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) h = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (!h) return;
    lib.easy_init = (CURL *(*)(void))dlsym(h, "curl_easy_init");
    lib.easy_cleanup = (void (*)(CURL *))dlsym(h, "curl_easy_cleanup");
    lib.easy_perform = (CURLcode (*)(CURL *))dlsym(h, "curl_easy_perform");
    lib.easy_strerror = (const char *(*)(CURLcode))dlsym(h, "curl_easy_strerror");
    lib.easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(h, "curl_easy_setopt");
    lib.easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(h, "curl_easy_getinfo");
    lib.slist_append = (struct curl_slist *(*)(struct curl_slist *, const char *))dlsym(h, "curl_slist_append");
    lib.slist_free_all = (void (*)(struct curl_slist *))dlsym(h, "curl_slist_free_all");
    lib.version = (char *(*)(void))dlsym(h, "curl_version");
    lib.loaded = lib.easy_init && lib.easy_cleanup && lib.easy_perform && lib.easy_strerror && lib.easy_setopt
        && lib.easy_getinfo && lib.slist_append && lib.slist_free_all && lib.version;
}

static int ready(void) {
    pthread_once(&once, load);
    return lib.loaded;
}

CURL *tq_curl_easy_init(void) { return ready() ? lib.easy_init() : NULL; }
void tq_curl_easy_cleanup(CURL *handle) { if (ready() && handle) lib.easy_cleanup(handle); }
CURLcode tq_curl_easy_perform(CURL *handle) { return ready() ? lib.easy_perform(handle) : CURLE_FAILED_INIT; }
const char *tq_curl_easy_strerror(CURLcode code) { return ready() ? lib.easy_strerror(code) : "libcurl is not available"; }
struct curl_slist *tq_curl_slist_append(struct curl_slist *list, const char *value) {
    return ready() ? lib.slist_append(list, value) : NULL;
}
void tq_curl_slist_free_all(struct curl_slist *list) { if (ready() && list) lib.slist_free_all(list); }
const char *tq_curl_version(void) { return ready() ? lib.version() : "libcurl not found"; }

CURLcode tq_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return lib.easy_setopt(handle, option, value);
}

CURLcode tq_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return lib.easy_setopt(handle, option, value);
}

CURLcode tq_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return lib.easy_setopt(handle, option, value);
}

CURLcode tq_curl_setopt_write(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *), void *userdata) {
    CURLcode rc = lib.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    return rc != CURLE_OK ? rc : lib.easy_setopt(handle, CURLOPT_WRITEDATA, userdata);
}

CURLcode tq_curl_setopt_read(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *), void *userdata) {
    CURLcode rc = lib.easy_setopt(handle, CURLOPT_READFUNCTION, callback);
    return rc != CURLE_OK ? rc : lib.easy_setopt(handle, CURLOPT_READDATA, userdata);
}

CURLcode tq_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return lib.easy_getinfo(handle, info, value);
}

CURLcode tq_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return lib.easy_setopt(handle, option, list);
}

CURLcode tq_curl_setopt_debug(CURL *handle, int (*callback)(CURL *, curl_infotype, char *, size_t, void *), void *userdata) {
    CURLcode rc = lib.easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
    return rc != CURLE_OK ? rc : lib.easy_setopt(handle, CURLOPT_DEBUGDATA, userdata);
}
