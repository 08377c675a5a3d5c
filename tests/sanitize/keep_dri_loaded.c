/* Sanitized builds only (CHRONOMAP_SANITIZE, scripts/test --sanitize): keeps Mesa's DRI driver loaded
 * until the process exits.
 *
 * eglTerminate (render/gl.cpp) and glfwTerminate make libEGL_mesa / libGLX_mesa dlclose the DRI driver
 * (swrast_dri.so: llvmpipe and its LLVM JIT). The driver's once-per-process caches are held by its own
 * globals; once it is unloaded nothing points at them any more, so LeakSanitizer's exit check reports
 * them (240 bytes), and with frames in a module that is gone ("<unknown module>"), which no
 * suppression by library name can match. Kept loaded, its globals stay roots and those blocks are
 * reachable, as every other system library's caches are at exit.
 *
 * The executable's own dlclose comes first in the global symbol scope, so the libraries' calls bind
 * here. Every handle but a DRI driver's is passed on unchanged (RTLD_NEXT: the sanitizer runtime's
 * interceptor, then libc). Nothing of ours calls dlclose; release builds never contain this file. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stddef.h>
#include <string.h>

static int endsWith(const char* s, const char* tail) {
  const size_t n = strlen(s), m = strlen(tail);
  return n >= m && strcmp(s + n - m, tail) == 0;
}

int dlclose(void* handle) {
  struct link_map* map = NULL;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name && endsWith(map->l_name, "_dri.so"))
    return 0; /* stays loaded; the handle's reference is simply kept */
  int (*next)(void*) = (int (*)(void*))dlsym(RTLD_NEXT, "dlclose");
  return next ? next(handle) : -1;
}
