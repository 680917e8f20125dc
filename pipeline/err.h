/* err.h - errors as data: library code records, only main.c prints.
 *
 * Every function that can fail takes a struct nt_err * and fills it with one
 * line of text already in the form the user sees after "newstag: ":
 * "FILE:LINE:COL: message", "FILE: message" or "message".  LINE and COL are
 * 1-based (COL counts code points), as in GNU-style diagnostics.  Nothing in
 * pipeline/ except main.c writes to stderr. */
#ifndef NT_ERR_H
#define NT_ERR_H

#include <stddef.h>

/* Exit statuses of the newstag command (documented in newstag(1)). */
enum nt_exit {
	NT_EXIT_OK = 0,      /* every input read and processed */
	NT_EXIT_INPUT = 1,   /* some inputs could not be read or had errors; the rest were processed */
	NT_EXIT_TROUBLE = 2  /* usage, rules or output error: nothing (more) was processed */
};

struct nt_err {
	char text[1024];     /* the message, "" when no error was recorded */
};

/* Record "FILE:LINE:COL: message".  FILE may be NULL ("-" is used). */
void nt_err_at(struct nt_err *err, const char *file, unsigned line, unsigned col,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Record "FILE: message", or just "message" when FILE is NULL. */
void nt_err_file(struct nt_err *err, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Abort with a message on allocation failure: the only policy a filter has
 * for out-of-memory.  These never return NULL. */
void *nt_xmalloc(size_t n);
void *nt_xcalloc(size_t n, size_t size);
void *nt_xrealloc(void *p, size_t n);
/* Grow *p (an array of *cap elements of SIZE bytes) to hold at least NEED. */
void nt_grow(void *pp, size_t *cap, size_t need, size_t size);
char *nt_xstrdup(const char *s);
char *nt_xstrndup(const char *s, size_t n);

#endif
