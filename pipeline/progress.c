/* progress.c - the numbers and wording of the progress line (progress.h). */
#include "progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Seconds before the rate (and so the time left) means something. */
#define NT_PROGRESS_RATE_AFTER 0.5

double
nt_progress_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void
nt_progress_start(struct nt_progress *p, double now)
{
	memset(p, 0, sizeof *p);
	p->start = now;
	p->drawn = -1;
}

int
nt_progress_due(struct nt_progress *p, double now)
{
	if (p->drawn >= 0 && now - p->drawn < NT_PROGRESS_INTERVAL)
		return 0;
	p->drawn = now;
	return 1;
}

/* Append to BUF (SIZE bytes, *LEN used) like printf, cutting short. */
static void
nt_progress_add(char *buf, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
nt_progress_add(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len + 1 >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n < size - *len ? (size_t)n : size - *len - 1;
}

size_t
nt_progress_format(const struct nt_progress *p, double now, char *buf, size_t size)
{
	double elapsed = now - p->start, rate;
	size_t len = 0;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	nt_progress_add(buf, size, &len, "newstag: %llu article%s", p->articles,
			p->articles == 1 ? "" : "s");
	if (p->count_fresh)
		nt_progress_add(buf, size, &len, " (%llu new)", p->fresh);
	if (p->total > 0) {
		unsigned long long pct = p->bytes >= p->total ? 100 : p->bytes * 100 / p->total;

		nt_progress_add(buf, size, &len, ", %.1f of %.1f MB (%llu%%)", p->bytes / 1e6,
				p->total / 1e6, pct);
	} else {
		nt_progress_add(buf, size, &len, ", %.1f MB", p->bytes / 1e6);
	}
	if (elapsed < NT_PROGRESS_RATE_AFTER)
		return len;
	rate = p->bytes / elapsed;
	nt_progress_add(buf, size, &len, ", %.1f MB/s", rate / 1e6);
	if (p->total > 0 && p->bytes < p->total && rate > 0) {
		double left = (p->total - p->bytes) / rate;

		if (left < 360000) {   /* else not worth saying */
			unsigned long s = (unsigned long)(left + 0.5);

			if (s >= 3600)
				nt_progress_add(buf, size, &len, ", %lu:%02lu:%02lu left", s / 3600,
						s / 60 % 60, s % 60);
			else
				nt_progress_add(buf, size, &len, ", %lu:%02lu left", s / 60, s % 60);
		}
	}
	return len;
}
