/* jobs.h - run the stages on N worker threads, hand the articles back in
 * input order.
 *
 * The reading thread submits articles; each moves (a swap of buffers, no
 * copy) into one of a fixed ring of slots, a worker runs the stages on it
 * with its own stage contexts, and the reading thread gets it back through
 * the done callback strictly in submission order, so output is the same as
 * with one thread.  The ring bounds memory (16 slots per worker) and makes
 * the reader wait when the workers fall behind. */
#ifndef NT_JOBS_H
#define NT_JOBS_H

#include <stddef.h>

#include "article.h"
#include "err.h"

/* Process A in a worker thread with that worker's context WORKER.  Returns
 * 0, or -1 with ERR set. */
typedef int (*nt_jobs_work_fn)(void *worker, struct nt_article *a, struct nt_err *err);

/* Called in the submitting thread, in submission order, with each
 * processed article, the work function's result RC and its ERR.  Returns
 * 0, or -1 to stop: later articles are then dropped without a call. */
typedef int (*nt_jobs_done_fn)(void *arg, struct nt_article *a, int rc, const struct nt_err *err);

struct nt_jobs;

/* Start N worker threads, worker i using WORKERS[i].  Returns NULL (errno
 * set) if a thread cannot be started. */
struct nt_jobs *nt_jobs_new(size_t n, void *const *workers, nt_jobs_work_fn work,
			    nt_jobs_done_fn done, void *arg);

/* Queue article A: its contents move into a slot and A gets the (reset)
 * buffers of an article already done.  Hands back every article finished
 * so far, in order; waits while the ring is full.  Returns 0, or -1 once
 * done has stopped the run. */
int nt_jobs_submit(struct nt_jobs *j, struct nt_article *a);

/* Wait for every queued article and hand each back in order.  Returns 0,
 * or -1 once done has stopped the run. */
int nt_jobs_drain(struct nt_jobs *j);

/* Stop the workers (after their current article) and free everything;
 * articles not handed back are dropped. */
void nt_jobs_free(struct nt_jobs *j);

#endif
