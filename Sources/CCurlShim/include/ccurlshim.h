#ifndef CCURLSHIM_H
#define CCURLSHIM_H
#include <curl/curl.h>

/* libcurl is loaded lazily (see shim.c); Swift calls only these tq_ functions. */
CURL *tq_curl_easy_init(void);
void tq_curl_easy_cleanup(CURL *handle);
CURLcode tq_curl_easy_perform(CURL *handle);
const char *tq_curl_easy_strerror(CURLcode code);
struct curl_slist *tq_curl_slist_append(struct curl_slist *list, const char *value);
void tq_curl_slist_free_all(struct curl_slist *list);
const char *tq_curl_version(void);

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
   These fixed-signature wrappers cover the argument kinds Taquilla uses. */
CURLcode tq_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode tq_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode tq_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode tq_curl_setopt_write(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *), void *userdata);
CURLcode tq_curl_setopt_read(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *), void *userdata);
CURLcode tq_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/* A string list (CURLOPT_MAIL_RCPT, CURLOPT_HTTPHEADER, ...); the list must outlive the transfer. */
CURLcode tq_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list);
/* CURLOPT_DEBUGFUNCTION + CURLOPT_DEBUGDATA (only called while CURLOPT_VERBOSE is 1). */
CURLcode tq_curl_setopt_debug(CURL *handle, int (*callback)(CURL *, curl_infotype, char *, size_t, void *), void *userdata);

#endif
