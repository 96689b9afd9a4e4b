// The GNU C library's allocator settings (mallopt), which the bramble executable tunes at start.
#ifndef BRAMBLE_CMALLOC_H
#define BRAMBLE_CMALLOC_H

#include <malloc.h>

#endif
