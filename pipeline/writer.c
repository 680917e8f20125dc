/* writer.c - the table of record writers and what they share.
 *
 * --format NAME is looked up in one const table, after grep's table of
 * matchers: adding a format means adding a line here and a file of its own.
 * The helpers declared in out.h live here too, so that every format prints
 * mentions, surfaces and scores the same way. */
#include "writer.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fnv.h"
#include "out.h"

const char *const nt_entity_column_types[] = {
	"person", "organization", "location", "event", NULL
};
const char *const nt_entity_column_names[] = {
	"people", "organizations", "locations", "events", NULL
};

static const struct nt_writer *const writers[] = {
	&nt_writer_csv, &nt_writer_tsv, &nt_writer_jsonl, &nt_writer_view, NULL
};

const struct nt_writer *
nt_writer_find(const char *name)
{
	const struct nt_writer *const *w;

	for (w = writers; *w; w++)
		if (strcmp((*w)->name, name) == 0)
			return *w;
	return NULL;
}

void
nt_out_score(double score, char buf[NT_OUT_SCORE_SIZE])
{
	char tmp[32];
	int n;

	if (!(score >= 0.0))
		score = 0.0;
	else if (score > 1.0)
		score = 1.0;
	/* TMP is "D<decimal point>DDD"; the decimal point may be any string
	 * in some locales, so keep only the digits. */
	n = snprintf(tmp, sizeof tmp, "%.3f", score);
	buf[0] = tmp[0];
	buf[1] = '.';
	memcpy(buf + 2, tmp + n - 3, 4);
}

size_t
nt_out_uint(uint32_t v, char buf[NT_OUT_UINT_SIZE])
{
	char tmp[NT_OUT_UINT_SIZE];
	size_t n = 0, i;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

const char *
nt_out_surface(const struct nt_article *a, const struct nt_mention *m, size_t *len)
{
	assert(m->start <= m->end && m->end <= a->ncp);
	*len = a->cp_at[m->end] - a->cp_at[m->start];
	return a->text + a->cp_at[m->start];
}

void
nt_out_offsets(const struct nt_output *out, const struct nt_article *a, uint32_t cp_start,
	       uint32_t cp_end, uint32_t *start, uint32_t *end)
{
	assert(cp_start <= cp_end && cp_end <= a->ncp);
	*start = out->byte_offsets ? a->cp_at[cp_start] : cp_start;
	*end = out->byte_offsets ? a->cp_at[cp_end] : cp_end;
}

void
nt_out_range(const struct nt_output *out, const struct nt_article *a,
	     const struct nt_mention *m, uint32_t *start, uint32_t *end)
{
	nt_out_offsets(out, a, m->start, m->end, start, end);
}

static int
nt_line_break(char c)
{
	return c == '\n' || c == '\r';
}

static int
nt_blank(char c)
{
	return c == ' ' || c == '\t' || nt_line_break(c);
}

/* The context of M (nt_out_mention), *LEN bytes of A's text. */
static const char *
nt_out_context(const struct nt_article *a, const struct nt_mention *m, unsigned n, size_t *len)
{
	uint32_t s = m->start, e = m->end;

	assert(m->start <= m->end && m->end <= a->ncp);
	while (s > 0 && m->start - s < n && !nt_line_break(a->text[a->cp_at[s - 1]]))
		s--;
	while (e < a->ncp && e - m->end < n && !nt_line_break(a->text[a->cp_at[e]]))
		e++;
	/* no word cut in two at either end, and no blank there */
	if (s > 0 && !nt_blank(a->text[a->cp_at[s - 1]]))
		while (s < m->start && !nt_blank(a->text[a->cp_at[s]]))
			s++;
	while (s < m->start && nt_blank(a->text[a->cp_at[s]]))
		s++;
	if (e < a->ncp && !nt_blank(a->text[a->cp_at[e]]))
		while (e > m->end && !nt_blank(a->text[a->cp_at[e - 1]]))
			e--;
	while (e > m->end && nt_blank(a->text[a->cp_at[e - 1]]))
		e--;
	*len = a->cp_at[e] - a->cp_at[s];
	return a->text + a->cp_at[s];
}

void
nt_out_mention(const struct nt_article *a, const struct nt_mention *m, unsigned context,
	       struct nt_out_mention *r)
{
	static const char *const kinds[] = {
		[NT_KIND_ENTITY] = "entity", [NT_KIND_DATE] = "date", [NT_KIND_TOPIC] = "topic"
	};

	r->kind = kinds[m->kind];
	r->type = m->type;
	r->id = m->id;
	r->label = m->label;
	r->text = nt_out_surface(a, m, &r->text_len);
	r->value = m->value;
	r->value_is_number = m->kind == NT_KIND_TOPIC;
	if (r->value_is_number) {
		assert(m->topic >= 0 && (size_t)m->topic < a->ntopics);
		nt_out_score(a->topics[m->topic].score, r->score);
		r->value = r->score;
	}
	r->context = NULL;
	r->context_len = 0;
	if (context)
		r->context = nt_out_context(a, m, context, &r->context_len);
}

const char *
nt_out_name(const struct nt_article *a, const struct nt_mention *m, int by_id, size_t *len)
{
	const char *s = m->kind == NT_KIND_DATE ? m->value : by_id ? m->id : m->label;

	if (!s)
		return nt_out_surface(a, m, len);
	*len = strlen(s);
	return s;
}

/* Nonzero if mention M of A, whose name (nt_out_name by id) is the LEN
 * bytes at KEY, and mention N name the same thing. */
static int
nt_out_same_thing(const struct nt_article *a, const struct nt_mention *m, const char *key,
		  size_t len, const struct nt_mention *n)
{
	size_t nlen;
	const char *ns = nt_out_name(a, n, 1, &nlen);

	return m->kind == n->kind && (m->type == n->type ||
				      (m->type && n->type && strcmp(m->type, n->type) == 0)) &&
	       len == nlen && memcmp(key, ns, len) == 0;
}

/* The groups are found through a hash table of group numbers + 1 (FNV-1a
 * of the kind and key, linear probing, at most half full), made anew for
 * each article: its mentions number hundreds at most. */
size_t
nt_out_counts(const struct nt_article *a, struct nt_out_count **counts, size_t *cap)
{
	uint32_t *slot;
	size_t nslots = 16, n = 0, i, len, h;

	while (nslots <= 2 * a->nmentions)
		nslots *= 2;
	slot = nt_xcalloc(nslots, sizeof *slot);
	for (i = 0; i < a->nmentions; i++) {
		const struct nt_mention *m = &a->mentions[i];
		const char *key;

		if (m->suppressed_by)
			continue;
		key = nt_out_name(a, m, 1, &len);
		h = (size_t)nt_fnv(nt_fnv_step(NT_FNV_SEED, (uint32_t)m->kind), key, len);
		for (h &= nslots - 1; slot[h]; h = (h + 1) & (nslots - 1))
			if (nt_out_same_thing(a, m, key, len,
				      &a->mentions[(*counts)[slot[h] - 1].first]))
				break;
		if (slot[h]) {
			(*counts)[slot[h] - 1].count++;
			continue;
		}
		nt_grow(counts, cap, n + 1, sizeof **counts);
		(*counts)[n].first = i;
		(*counts)[n].count = 1;
		slot[h] = (uint32_t)++n;
	}
	free(slot);
	return n;
}

int
nt_out_flush(const struct nt_output *out)
{
	return fflush(out->fp) == 0 && !ferror(out->fp) ? 0 : -1;
}
