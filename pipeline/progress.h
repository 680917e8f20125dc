/* progress.h - the progress line of long runs (--progress): its numbers
 * and their wording, but not its printing, which is main.c's.
 *
 *   newstag: 1234 articles (56 new), 12.3 of 45.6 MB (27%), 2.1 MB/s, 0:16 left
 *
 * "new" appears with --state; the total, percentage and time left when
 * the size of the whole input is known; the rate after half a second.
 * MB are 10^6 bytes. */
#ifndef NT_PROGRESS_H
#define NT_PROGRESS_H

#include <stddef.h>

/* At most this many seconds between two drawings of the line: 4 a second. */
#define NT_PROGRESS_INTERVAL 0.25

struct nt_progress {
	double start;                 /* nt_progress_clock() when the run started */
	double drawn;                 /* when the line was last drawn; < 0: never */
	unsigned long long articles;  /* articles read */
	unsigned long long fresh;     /* of them, not in the state (with count_fresh) */
	int count_fresh;              /* --state is on: say how many are new */
	unsigned long long bytes;     /* input bytes read so far */
	unsigned long long total;     /* input bytes in all; 0 when unknown */
};

/* Seconds on a monotonic clock. */
double nt_progress_clock(void);

/* Start counting at NOW. */
void nt_progress_start(struct nt_progress *p, double now);

/* Nonzero if the line is due at NOW: never drawn, or not in the last
 * NT_PROGRESS_INTERVAL seconds.  A nonzero answer marks it drawn at NOW. */
int nt_progress_due(struct nt_progress *p, double now);

/* Write the line for NOW, without a newline, to BUF (SIZE bytes, cut
 * short if need be).  Returns its length. */
size_t nt_progress_format(const struct nt_progress *p, double now, char *buf, size_t size);

#endif
