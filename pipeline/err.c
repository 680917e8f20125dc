/* err.c - error records and checked allocation (see err.h). */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
nt_err_vset(struct nt_err *err, const char *prefix, const char *fmt, va_list ap)
{
	size_t n = (size_t)snprintf(err->text, sizeof err->text, "%s", prefix);

	if (n >= sizeof err->text)
		return;
	vsnprintf(err->text + n, sizeof err->text - n, fmt, ap);
}

void
nt_err_at(struct nt_err *err, const char *file, unsigned line, unsigned col,
	  const char *fmt, ...)
{
	char prefix[512];
	va_list ap;

	snprintf(prefix, sizeof prefix, "%s:%u:%u: ", file ? file : "-", line, col);
	va_start(ap, fmt);
	nt_err_vset(err, prefix, fmt, ap);
	va_end(ap);
}

void
nt_err_file(struct nt_err *err, const char *file, const char *fmt, ...)
{
	char prefix[512] = "";
	va_list ap;

	if (file)
		snprintf(prefix, sizeof prefix, "%s: ", file);
	va_start(ap, fmt);
	nt_err_vset(err, prefix, fmt, ap);
	va_end(ap);
}

static void *
nt_oom(void)
{
	fputs("newstag: out of memory\n", stderr);
	abort();
}

void *
nt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : nt_oom();
}

void *
nt_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	return p ? p : nt_oom();
}

void *
nt_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	return p ? p : nt_oom();
}

void
nt_grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t c = *cap ? *cap : 16;

	if (need <= *cap)
		return;
	while (c < need) {
		if (c > (size_t)-1 / 2 / size)
			nt_oom();
		c *= 2;
	}
	*p = nt_xrealloc(*p, c * size);
	*cap = c;
}

char *
nt_xstrdup(const char *s)
{
	return nt_xstrndup(s, strlen(s));
}

char *
nt_xstrndup(const char *s, size_t n)
{
	char *p = nt_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
