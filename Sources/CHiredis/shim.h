// hiredis 0.14 (Debian 12's libhiredis-dev): the synchronous context used non-blocking, with
// the *Argv functions (Swift cannot call C variadics).
#include <hiredis/hiredis.h>
