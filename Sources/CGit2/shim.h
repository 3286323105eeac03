#ifndef MODELBUILD_CGIT2_SHIM_H
#define MODELBUILD_CGIT2_SHIM_H
#include <git2.h>

/// libgit2 1.5 has no variadic entry points we use; this header is the one place that
/// would wrap them (`static inline`) if a later API needs it.
#endif
