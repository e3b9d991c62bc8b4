#ifndef VKSICT_CMALLOC_SHIM_H
#define VKSICT_CMALLOC_SHIM_H
// glibc's mallopt and its M_* parameters, which the Glibc module does not bring in (vksict's main).
#include <malloc.h>
#endif
