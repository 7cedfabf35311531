#ifndef CCRYPT_SHIM_H
#define CCRYPT_SHIM_H

#include <crypt.h>
/* getrandom(2) is not part of Swift's Glibc module; SecureRandom needs it. */
#include <sys/random.h>

#endif
