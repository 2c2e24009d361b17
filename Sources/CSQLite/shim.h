// The system SQLite (Debian's libsqlite3-dev), for the embedded store's own connection layer
// (Sources/CommerceStore/SQLite). Only what Swift cannot spell itself is added here.
#include <sqlite3.h>

/// `SQLITE_TRANSIENT`: SQLite copies a bound value before the call returns. A macro casting -1 to a function
/// pointer, which Swift cannot import.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
