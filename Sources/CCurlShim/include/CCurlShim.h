// Typed wrappers for libcurl's variadic functions, which Swift cannot call.
#ifndef CANON_CURL_SHIM_H
#define CANON_CURL_SHIM_H

#include <curl/curl.h>

CURLcode canon_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode canon_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode canon_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode canon_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode canon_curl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);
CURLcode canon_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode canon_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode canon_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode canon_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLMcode canon_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
curl_version_info_data *canon_curl_version_info(void);

// Names the calling thread (at most 15 bytes), as the transport names its own: glibc's
// pthread_setname_np is not visible to Swift, and Foundation's Thread.name can miss on Linux.
void canon_name_current_thread(const char *name);

#endif
