#ifndef VKSICT_CSQLITECONFIG_SHIM_H
#define VKSICT_CSQLITECONFIG_SHIM_H
// sqlite3_config is variadic, which Swift cannot call: these wrappers fix its arguments.
// They must run before the process opens its first connection (vksict's main).
#include <sqlite3.h>

/// No allocation statistics: with them on, every sqlite3_malloc and sqlite3_free takes a global mutex.
static inline int vksict_sqlite3_no_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
#endif
