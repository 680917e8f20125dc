/* stage.h - the stage interface and the one table of stages.
 *
 * A stage is a const vtable (after curl's client writers and grep's table
 * of matchers): it compiles its part of the rules once at start-up, then
 * annotates one article at a time.  The driver runs the stages of
 * nt_stages[] in order; adding a stage means adding one line there
 * (stage.c) and one pair of files. */
#ifndef NT_STAGE_H
#define NT_STAGE_H

#include <stdint.h>

#include "article.h"
#include "err.h"
#include "rules.h"

/* Options the stages see (set from the command line by main.c). */
struct nt_config {
	const char *ref_date;    /* --date YYYY-MM-DD, or NULL */
	double topics_min_score; /* --topics-min-score: report only topics scoring this */
	size_t topics_top;       /* --topics-top: at most this many topics (0: all) */
	int overlaps_all;        /* --overlaps all: the entities stage also reports the
				  * candidates that lost an overlap (suppressed_by) */
	/* Where stages report problems found while compiling rules, so that
	 * --check-rules can list them all: IS_ERROR 0 for a warning; MSG is
	 * "FILE:LINE:COL: message".  May be NULL (problems are then only
	 * counted). */
	void (*report)(void *arg, int is_error, const char *msg);
	void *report_arg;
	/* Compiled rules kept between runs (cache.h): the file to read them
	 * from or write them to (NULL: no cache) and the key of the rules. */
	const char *cache_path;
	uint64_t cache_key;
	/* Entity rules already read from the cache (entities.c): the entities
	 * stage's init takes them and clears this field, the one change a
	 * stage makes to the configuration. */
	void *entities_cached;
};

/* Report a rules problem through CFG (see struct nt_config). */
void nt_config_report(const struct nt_config *cfg, int is_error, const struct nt_err *e);

/* Report "FILE:LINE:COL: [warning: ]message" at NODE through CFG. */
void nt_config_problem(const struct nt_config *cfg, int is_error, const struct nt_node *node,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

struct nt_stage {
	const char *name;
	/* Top-level rule keys this stage reads (NULL-terminated list). */
	const char *const *rule_keys;
	/* Compile the stage's rules.  Returns a context (never NULL on
	 * success) or NULL with ERR set.  The context keeps copies of what it
	 * needs: RULES may be freed as soon as init returns. */
	void *(*init)(const struct nt_rules *rules, const struct nt_config *cfg,
		      struct nt_err *err);
	/* Annotate article A.  Returns 0, or -1 with ERR set when the article
	 * could not be processed (it is then reported and skipped). */
	int (*run)(void *ctx, struct nt_article *a, struct nt_err *err);
	/* A context for one more thread (--jobs): it shares CTX's compiled
	 * rules, which run only reads, and has scratch of its own.  CTX must
	 * outlive it; its fini frees only that scratch. */
	void *(*fork)(const void *ctx);
	void (*fini)(void *ctx);
};

/* All stages in pipeline order, NULL-terminated.  The first is normalize,
 * which every other stage depends on. */
extern const struct nt_stage *const nt_stages[];

/* The stage named NAME, or NULL. */
const struct nt_stage *nt_stage_find(const char *name);



/* A pipeline: the selected stages, in table order, with their contexts. */
struct nt_pipeline {
	const struct nt_stage *stages[16];
	void *ctx[16];
	size_t n;
	struct nt_gaz_text *folded;   /* scratch: lent to each article run, see
				       * nt_pipeline_run (NULL until the first) */
};

/* Which stages will read rule files: those named in ONLY (a --stages
 * list; NULL for all) and normalize, less entities when ENTITIES_CACHED
 * (its compiled rules come from the cache). */
struct nt_stage_choice {
	const char *only;
	int entities_cached;
};

/* Nonzero if stage NAME runs under --stages ONLY (NULL for all stages):
 * it is named there, or it is normalize. */
int nt_pipeline_chooses(const char *only, const char *name);

/* For nt_rules_parse: nonzero if no stage of CHOICE (a struct
 * nt_stage_choice) reads rule file RF, so that it need not be parsed:
 * each of its top-level keys belongs to stages that are not chosen.  A
 * file with a key no stage claims, or whose keys are unknown (opaque), is
 * parsed, so that nt_pipeline_open reports it. */
int nt_pipeline_file_unused(const struct nt_rule_file *rf, void *choice);

/* Check the top-level keys of every rule file against the keys the stages
 * claim, then initialize the stages named in ONLY (comma-separated; NULL
 * for all).  normalize is always included.  Returns 0, or -1 with ERR set
 * (P is then empty). */
int nt_pipeline_open(struct nt_pipeline *p, const struct nt_rules *rules,
		     const struct nt_config *cfg, const char *only, struct nt_err *err);

/* Make DST a pipeline for one more thread: the stages of SRC, each
 * context a fork of SRC's (struct nt_stage).  Close DST before SRC. */
void nt_pipeline_fork(struct nt_pipeline *dst, const struct nt_pipeline *src);

/* Run every stage on A.  Returns 0, or -1 with ERR set by the failing stage.
 * A's folded view (article.h), which only the stages read, is built in
 * P's own buffers: with --jobs an article's buffers move between threads,
 * and P's stay in its worker's cache. */
int nt_pipeline_run(struct nt_pipeline *p, struct nt_article *a, struct nt_err *err);

/* qsort(BASE, N, SIZE, CMP), skipped when BASE is in order already (N - 1
 * comparisons): stages find most things left to right, and a sorted
 * array is the common case.  Order among equal items is kept only where
 * CMP orders every pair. */
void nt_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

void nt_pipeline_close(struct nt_pipeline *p);
#endif
