/* jobs.c - worker threads with in-order hand-back (jobs.h).
 *
 * Sequence numbers do the bookkeeping: articles are numbered as they are
 * submitted (put), taken by workers in that order (take) and handed back in
 * that order (give); slot seq % nslots holds article seq, so the ring is
 * full when put - give == nslots.  One mutex guards the counters and slot
 * states; the done callback and the stages run without it (a slot belongs
 * to one thread at a time: the reader until QUEUED, a worker until DONE,
 * the reader again after).
 *
 * Waking a thread costs a system call and, on a virtual machine, far more
 * than a short article's work, so wake-ups are rationed: a worker is
 * signalled only if one sleeps, the reader only when the one slot it waits
 * for is done, and a full ring makes the reader wait for half of it, not
 * for one slot, so it then refills the ring in a burst while the workers
 * keep busy on the other half. */
#include "jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

/* Ring slots per worker: enough that a worker finds queued work while the
 * reader hands back a half ring; each slot keeps its article's buffers. */
#define NT_JOBS_SLOTS 16

/* Input bytes in the ring per worker, at most: a done article holds some
 * 40 bytes of buffers per input byte until it is handed back, and a ring
 * of long articles would hold gigabytes.  The reader then hands back
 * the oldest before it submits more (an article longer than the whole
 * budget runs alone). */
#define NT_JOBS_BYTES ((size_t)4 << 20)

enum nt_slot_state { NT_SLOT_FREE, NT_SLOT_QUEUED, NT_SLOT_DONE };

struct nt_jobs_slot {
	struct nt_article *a;
	size_t bytes;                /* its input bytes, counted in nt_jobs.bytes */
	enum nt_slot_state state;
	int rc;
	struct nt_err err;
};

struct nt_jobs_worker {
	struct nt_jobs *jobs;
	void *ctx;
	pthread_t thread;
};

struct nt_jobs {
	pthread_mutex_t lock;
	pthread_cond_t work;         /* a slot was queued, or stop */
	pthread_cond_t done;         /* a slot is done */
	struct nt_jobs_slot *slots;
	size_t nslots;
	size_t put, take, give;      /* sequence numbers, see above */
	size_t bytes, max_bytes;     /* input bytes in the ring, and the budget */
	size_t idle;                 /* workers asleep on work */
	int reader_waits;            /* the reader sleeps on done ... */
	size_t wake_seq;             /* ... until article wake_seq is done */
	int stop;                    /* workers exit */
	int failed;                  /* done returned -1 */
	struct nt_jobs_worker *workers;
	size_t nworkers;
	nt_jobs_work_fn work_fn;
	nt_jobs_done_fn done_fn;
	void *arg;
};

static void *
nt_jobs_worker_main(void *p)
{
	struct nt_jobs_worker *w = p;
	struct nt_jobs *j = w->jobs;

	pthread_mutex_lock(&j->lock);
	for (;;) {
		struct nt_jobs_slot *s;
		size_t seq;

		while (!j->stop && j->take == j->put) {
			j->idle++;
			pthread_cond_wait(&j->work, &j->lock);
			j->idle--;
		}
		if (j->stop)
			break;
		seq = j->take++;
		s = &j->slots[seq % j->nslots];
		pthread_mutex_unlock(&j->lock);
		s->err.text[0] = '\0';
		s->rc = j->work_fn(w->ctx, s->a, &s->err);
		pthread_mutex_lock(&j->lock);
		s->state = NT_SLOT_DONE;
		if (j->reader_waits && seq == j->wake_seq)
			pthread_cond_signal(&j->done);
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

struct nt_jobs *
nt_jobs_new(size_t n, void *const *workers, nt_jobs_work_fn work, nt_jobs_done_fn done, void *arg)
{
	struct nt_jobs *j = nt_xcalloc(1, sizeof *j);
	size_t i;

	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->work, NULL);
	pthread_cond_init(&j->done, NULL);
	j->nslots = NT_JOBS_SLOTS * n;
	j->max_bytes = NT_JOBS_BYTES * n;
	j->slots = nt_xcalloc(j->nslots, sizeof *j->slots);
	for (i = 0; i < j->nslots; i++)
		j->slots[i].a = nt_article_new();
	j->work_fn = work;
	j->done_fn = done;
	j->arg = arg;
	j->workers = nt_xcalloc(n, sizeof *j->workers);
	for (i = 0; i < n; i++) {
		int e;

		j->workers[i].jobs = j;
		j->workers[i].ctx = workers[i];
		if ((e = pthread_create(&j->workers[i].thread, NULL, nt_jobs_worker_main,
					&j->workers[i])) != 0) {
			nt_jobs_free(j);
			errno = e;
			return NULL;
		}
		j->nworkers++;
	}
	return j;
}

/* Hand back, in order, the articles done so far; with WAIT, also wait for
 * them until every article before sequence number UNTIL is handed back.
 * The wait is for article UNTIL - 1 first (the workers finish in about
 * submission order, so one wake-up usually covers the whole run of them),
 * then for any straggler before it.  Called and returns with the lock
 * held. */
static void
nt_jobs_give(struct nt_jobs *j, size_t until, int wait)
{
	while (j->give < j->put) {
		struct nt_jobs_slot *s = &j->slots[j->give % j->nslots];

		if (s->state != NT_SLOT_DONE) {
			if (!wait || j->give >= until)
				return;
			j->wake_seq = j->slots[(until - 1) % j->nslots].state == NT_SLOT_DONE
				      ? j->give : until - 1;
			j->reader_waits = 1;
			pthread_cond_wait(&j->done, &j->lock);
			j->reader_waits = 0;
			continue;
		}
		pthread_mutex_unlock(&j->lock);
		if (!j->failed && j->done_fn(j->arg, s->a, s->rc, &s->err) != 0)
			j->failed = 1;
		nt_article_reset(s->a);
		pthread_mutex_lock(&j->lock);
		s->state = NT_SLOT_FREE;
		j->bytes -= s->bytes;
		j->give++;
	}
}

int
nt_jobs_submit(struct nt_jobs *j, struct nt_article *a)
{
	struct nt_jobs_slot *s;
	struct nt_article tmp;

	pthread_mutex_lock(&j->lock);
	/* Make room: when the ring is full, hand back its older half; when its
	 * articles are long, the oldest ones until this one fits. */
	if (j->put - j->give == j->nslots)
		nt_jobs_give(j, j->give + j->nslots / 2, 1);
	while (j->put > j->give && j->bytes + a->raw_len > j->max_bytes)
		nt_jobs_give(j, j->give + 1, 1);
	s = &j->slots[j->put % j->nslots];
	s->bytes = a->raw_len;
	j->bytes += a->raw_len;
	tmp = *s->a;
	*s->a = *a;
	*a = tmp;
	s->state = NT_SLOT_QUEUED;
	j->put++;
	if (j->idle)
		pthread_cond_signal(&j->work);
	nt_jobs_give(j, 0, 0);
	pthread_mutex_unlock(&j->lock);
	return j->failed ? -1 : 0;
}

int
nt_jobs_drain(struct nt_jobs *j)
{
	pthread_mutex_lock(&j->lock);
	nt_jobs_give(j, j->put, 1);
	pthread_mutex_unlock(&j->lock);
	return j->failed ? -1 : 0;
}

void
nt_jobs_free(struct nt_jobs *j)
{
	size_t i;

	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stop = 1;
	pthread_cond_broadcast(&j->work);
	pthread_mutex_unlock(&j->lock);
	for (i = 0; i < j->nworkers; i++)
		pthread_join(j->workers[i].thread, NULL);
	for (i = 0; i < j->nslots; i++)
		nt_article_free(j->slots[i].a);
	pthread_cond_destroy(&j->work);
	pthread_cond_destroy(&j->done);
	pthread_mutex_destroy(&j->lock);
	free(j->slots);
	free(j->workers);
	free(j);
}
