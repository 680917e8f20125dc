/* stage.c - the table of stages and the pipeline that runs them.
 *
 * To add a stage: write NAME.c/NAME.h defining a const struct nt_stage and
 * add it to nt_stages[] below, at its place in the pipeline. */
#include "stage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "entities.h"
#include "gazetteer.h"
#include "normalize.h"
#include "topics.h"

const struct nt_stage *const nt_stages[] = {
	&nt_stage_normalize,
	&nt_stage_dates,
	&nt_stage_entities,
	&nt_stage_topics,
	NULL
};

void
nt_config_report(const struct nt_config *cfg, int is_error, const struct nt_err *e)
{
	if (cfg && cfg->report)
		cfg->report(cfg->report_arg, is_error, e->text);
}

void
nt_config_problem(const struct nt_config *cfg, int is_error, const struct nt_node *node,
		  const char *fmt, ...)
{
	struct nt_err e;
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	nt_err_at(&e, node->file, node->line, node->col, "%s%s", is_error ? "" : "warning: ", msg);
	nt_config_report(cfg, is_error, &e);
}

const struct nt_stage *
nt_stage_find(const char *name)
{
	size_t i;

	for (i = 0; nt_stages[i]; i++)
		if (strcmp(nt_stages[i]->name, name) == 0)
			return nt_stages[i];
	return NULL;
}

/* Every top-level key of every rule file must belong to some stage, once.
 * ERR gets the first problem; later ones go through CFG's report. */
static int
nt_pipeline_check_sections(const struct nt_rules *rules, const struct nt_config *cfg,
			   struct nt_err *err)
{
	const char *keys[64];
	size_t n = 0, s, i, f, bad = 0;

	for (s = 0; nt_stages[s]; s++)
		for (i = 0; nt_stages[s]->rule_keys[i] && n + 1 < sizeof keys / sizeof keys[0]; i++)
			keys[n++] = nt_stages[s]->rule_keys[i];
	keys[n] = NULL;
	for (f = 0; f < rules->nfiles; f++)   /* every file's first bad key */
		if (rules->files[f].root &&
		    nt_node_check_keys(rules->files[f].root, "rule file", keys, err) != 0) {
			if (bad++)
				nt_config_report(cfg, 1, err);
		}
	return bad ? -1 : 0;
}

/* Nonzero if NAME is in the comma-separated LIST. */
static int
nt_list_has(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

int
nt_pipeline_chooses(const char *only, const char *name)
{
	return !only || strcmp(name, nt_stages[0]->name) == 0 || nt_list_has(only, name);
}

int
nt_pipeline_file_unused(const struct nt_rule_file *rf, void *choice)
{
	const struct nt_stage_choice *c = choice;
	size_t i, s, k;

	if (rf->opaque)
		return 0;
	for (i = 0; i < rf->nsections; i++) {
		int known = 0;

		for (s = 0; nt_stages[s]; s++)
			for (k = 0; nt_stages[s]->rule_keys[k]; k++) {
				if (strcmp(rf->sections[i], nt_stages[s]->rule_keys[k]) != 0)
					continue;
				known = 1;
				if (nt_pipeline_chooses(c->only, nt_stages[s]->name) &&
				    !(c->entities_cached && nt_stages[s] == &nt_stage_entities))
					return 0;   /* a chosen stage reads this key */
			}
		if (!known)
			return 0;
	}
	return 1;
}

int
nt_pipeline_open(struct nt_pipeline *p, const struct nt_rules *rules,
		 const struct nt_config *cfg, const char *only, struct nt_err *err)
{
	size_t i;
	int failed = 0;

	memset(p, 0, sizeof *p);
	if (only) {   /* every name in ONLY must be a stage */
		const char *s = only;

		while (*s) {
			size_t n = strcspn(s, ",");
			char name[32];

			if (n == 0 || n >= sizeof name) {
				nt_err_file(err, NULL, "bad --stages list '%s'", only);
				return -1;
			}
			memcpy(name, s, n);
			name[n] = '\0';
			if (!nt_stage_find(name)) {
				nt_err_file(err, NULL, "unknown stage '%s' in --stages "
					    "(stages: normalize,dates,entities,topics)", name);
				return -1;
			}
			s += n + (s[n] == ',');
		}
	}
	/* Check sections and compile every stage even after a failure, so that
	 * all problems are reported in one run; ERR keeps the first. */
	failed = nt_pipeline_check_sections(rules, cfg, err) != 0;
	for (i = 0; nt_stages[i]; i++) {
		struct nt_err e = { "" };

		if (!nt_pipeline_chooses(only, nt_stages[i]->name))
			continue;
		p->stages[p->n] = nt_stages[i];
		if ((p->ctx[p->n] = nt_stages[i]->init(rules, cfg, &e))) {
			p->n++;
		} else if (!failed++) {
			*err = e;
		} else {
			nt_config_report(cfg, 1, &e);
		}
	}
	if (failed) {
		nt_pipeline_close(p);
		return -1;
	}
	return 0;
}

/* Mentions in text order: by start, then kind, then the longer first,
 * then a mention before a candidate it suppressed (--overlaps all), and
 * suppressed candidates of one span by type and id. */
static int
nt_mention_order(const void *x, const void *y)
{
	const struct nt_mention *a = x, *b = y;
	int c;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;
	if (!a->suppressed_by || !b->suppressed_by)
		return (a->suppressed_by != NULL) - (b->suppressed_by != NULL);
	if ((c = strcmp(a->type ? a->type : "", b->type ? b->type : "")) != 0)
		return c;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

void
nt_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	const char *b = base;
	size_t i;

	for (i = 1; i < n; i++)
		if (cmp(b + (i - 1) * size, b + i * size) > 0) {
			qsort(base, n, size, cmp);
			return;
		}
}

void
nt_pipeline_fork(struct nt_pipeline *dst, const struct nt_pipeline *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		dst->stages[i] = src->stages[i];
		dst->ctx[i] = src->stages[i]->fork(src->ctx[i]);
	}
	dst->n = src->n;
	dst->folded = NULL;
}

int
nt_pipeline_run(struct nt_pipeline *p, struct nt_article *a, struct nt_err *err)
{
	struct nt_gaz_text *own = a->folded;
	size_t i;
	int rc = 0;

	if (!p->folded)
		p->folded = nt_xcalloc(1, sizeof *p->folded);
	a->folded = p->folded;
	a->folded_ok = 0;
	for (i = 0; i < p->n && rc == 0; i++)
		rc = p->stages[i]->run(p->ctx[i], a, err);
	a->folded = own;
	a->folded_ok = 0;
	if (rc == 0)
		nt_sort(a->mentions, a->nmentions, sizeof *a->mentions, nt_mention_order);
	return rc == 0 ? 0 : -1;
}

void
nt_pipeline_close(struct nt_pipeline *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		p->stages[i]->fini(p->ctx[i]);
	p->n = 0;
	if (p->folded) {
		nt_gaz_text_free(p->folded);
		free(p->folded);
		p->folded = NULL;
	}
}
