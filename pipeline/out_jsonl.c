/* out_jsonl.c - JSON Lines record writer (https://jsonlines.org/).
 *
 * One JSON object per line: per article, with every annotation nested in
 * it, per mention, or per thing an article mentions (counts).  Keys come
 * in a fixed order and there is no whitespace, so equal input gives
 * byte-equal output and line-oriented tools (grep, head, split) keep
 * working.  Absent strings are null, never omitted, so every record has
 * the same shape.  Scores are printed by nt_out_score(), never through
 * the locale. */
#include "writer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "out.h"

/* Write the separator SEP ('{' before the first member, ',' before the
 * others) and "KEY":. */
static void
put_key(FILE *fp, int sep, const char *key)
{
	putc(sep, fp);
	putc('"', fp);
	fputs(key, fp);
	putc('"', fp);
	putc(':', fp);
}

/* Write SEP "KEY":V. */
static void
put_uint(FILE *fp, int sep, const char *key, uint32_t v)
{
	char buf[NT_OUT_UINT_SIZE];

	put_key(fp, sep, key);
	fwrite(buf, 1, nt_out_uint(v, buf), fp);
}

/* Write SEP "KEY":true or false. */
static void
put_bool(FILE *fp, int sep, const char *key, int v)
{
	put_key(fp, sep, key);
	fputs(v ? "true" : "false", fp);
}

/* Write S as a JSON string, or null when S is NULL. */
static void
put_str(FILE *fp, const char *s)
{
	if (s)
		nt_json_write_string(fp, s, strlen(s));
	else
		fputs("null", fp);
}

/* Write ,"content_hash": and A's, or null when its body has no letter
 * or digit. */
static void
put_content_hash(FILE *fp, const struct nt_article *a)
{
	put_key(fp, ',', "content_hash");
	put_str(fp, a->content_hash[0] ? a->content_hash : NULL);
}

/* Write ,"url": and ,"content_hash": of A, which close every mentions-mode
 * and counts-mode record. */
static void
put_url_hash(FILE *fp, const struct nt_article *a)
{
	put_key(fp, ',', "url");
	put_str(fp, a->meta[NT_META_URL]);
	put_content_hash(fp, a);
}

/* Write SEP "text": and the surface of mention M of A. */
static void
put_text(FILE *fp, int sep, const struct nt_article *a, const struct nt_mention *m)
{
	size_t len;
	const char *s = nt_out_surface(a, m, &len);

	put_key(fp, sep, "text");
	nt_json_write_string(fp, s, len);
}

/* Write SEP "start":N,"end":N} for original code points [CP_START,
 * CP_END) of A (byte_start and byte_end with out->byte_offsets): the
 * members that end an object naming another mention. */
static void
put_other(const struct nt_output *out, const struct nt_article *a, int sep, uint32_t cp_start,
	  uint32_t cp_end)
{
	uint32_t start, end;

	nt_out_offsets(out, a, cp_start, cp_end, &start, &end);
	put_uint(out->fp, sep, NT_OUT_START(out), start);
	put_uint(out->fp, ',', NT_OUT_END(out), end);
	putc('}', out->fp);
}

/* Write ,"start":N,"end":N,"in_lead":B for mention M of A (byte_start
 * and byte_end with out->byte_offsets), and for a candidate it lost
 * (--overlaps all) ,"suppressed_by":{"id":I,"start":N,"end":N}. */
static void
put_range(const struct nt_output *out, const struct nt_article *a, const struct nt_mention *m)
{
	uint32_t start, end;

	nt_out_range(out, a, m, &start, &end);
	put_uint(out->fp, ',', NT_OUT_START(out), start);
	put_uint(out->fp, ',', NT_OUT_END(out), end);
	put_bool(out->fp, ',', "in_lead", nt_article_in_lead(a, m));
	if (!m->suppressed_by)
		return;
	put_key(out->fp, ',', "suppressed_by");
	put_key(out->fp, '{', "id");
	put_str(out->fp, m->suppressed_by);
	put_other(out, a, ',', m->by_start, m->by_end);
}

/* Write ,"via":V for entity mention M of A, and for a link
 * ,"linked_to":{"start":N,"end":N}, the mention it links to. */
static void
put_via(const struct nt_output *out, const struct nt_article *a, const struct nt_mention *m)
{
	put_key(out->fp, ',', "via");
	put_str(out->fp, m->via);
	if (!m->via || strcmp(m->via, "link") != 0)
		return;
	put_key(out->fp, ',', "linked_to");
	put_other(out, a, '{', m->link_start, m->link_end);
}

/* Write the ,"entities":[..] member of A. */
static void
entities(const struct nt_output *out, const struct nt_article *a)
{
	FILE *fp = out->fp;
	size_t i, n = 0;

	fputs(",\"entities\":[", fp);
	for (i = 0; i < a->nmentions; i++) {
		const struct nt_mention *m = &a->mentions[i];

		if (m->kind != NT_KIND_ENTITY)
			continue;
		if (n++)
			putc(',', fp);
		put_key(fp, '{', "type");
		put_str(fp, m->type);
		put_key(fp, ',', "id");
		put_str(fp, m->id);
		put_key(fp, ',', "label");
		put_str(fp, m->label);
		put_text(fp, ',', a, m);
		put_range(out, a, m);
		put_key(fp, ',', "rule");
		put_str(fp, m->rule);
		put_via(out, a, m);
		putc('}', fp);
	}
	putc(']', fp);
}

/* Write the ,"dates":[..] member of A; anchor, year_inferred, mod, range
 * and alt_value only when the date has them, the rule always (as for entities). */
static void
dates(const struct nt_output *out, const struct nt_article *a)
{
	FILE *fp = out->fp;
	size_t i, n = 0;

	fputs(",\"dates\":[", fp);
	for (i = 0; i < a->nmentions; i++) {
		const struct nt_mention *m = &a->mentions[i];

		if (m->kind != NT_KIND_DATE)
			continue;
		if (n++)
			putc(',', fp);
		put_text(fp, '{', a, m);
		put_key(fp, ',', "type");
		put_str(fp, m->type);
		put_key(fp, ',', "value");
		put_str(fp, m->value);
		put_range(out, a, m);
		if (m->anchor) {
			put_key(fp, ',', "anchor");
			put_str(fp, m->anchor);
		}
		if (m->year_inferred)
			put_bool(fp, ',', "year_inferred", 1);
		if (m->mod) {
			put_key(fp, ',', "mod");
			put_str(fp, m->mod);
		}
		if (m->range)
			put_uint(fp, ',', "range", m->range);
		if (m->alt_value) {
			put_key(fp, ',', "alt_value");
			put_str(fp, m->alt_value);
		}
		put_key(fp, ',', "rule");
		put_str(fp, m->rule);
		putc('}', fp);
	}
	putc(']', fp);
}

/* Write the ,"topics":[..] member of A, each topic with its evidence (a
 * scan of the mentions per topic: an article has a handful of topics). */
static void
topics(const struct nt_output *out, const struct nt_article *a)
{
	FILE *fp = out->fp;
	char score[NT_OUT_SCORE_SIZE];
	size_t i, j, nev;

	fputs(",\"topics\":[", fp);
	for (i = 0; i < a->ntopics; i++) {
		if (i)
			putc(',', fp);
		put_key(fp, '{', "id");
		put_str(fp, a->topics[i].id);
		put_key(fp, ',', "label");
		put_str(fp, a->topics[i].label);
		put_key(fp, ',', "score");
		nt_out_score(a->topics[i].score, score);
		fputs(score, fp);
		fputs(",\"evidence\":[", fp);
		for (j = 0, nev = 0; j < a->nmentions; j++) {
			const struct nt_mention *m = &a->mentions[j];

			if (m->kind != NT_KIND_TOPIC || m->topic < 0 || (size_t)m->topic != i)
				continue;
			if (nev++)
				putc(',', fp);
			put_text(fp, '{', a, m);
			put_range(out, a, m);
			put_key(fp, ',', "rule");
			put_str(fp, m->rule);
			putc('}', fp);
		}
		fputs("]}", fp);
	}
	putc(']', fp);
}

/* Write A's articles-mode record. */
static void
article_record(const struct nt_output *out, const struct nt_article *a)
{
	FILE *fp = out->fp;
	size_t i;
	int f;

	put_key(fp, '{', "article");
	put_str(fp, a->name);
	for (f = 0; f < NT_META_COUNT; f++) {
		put_key(fp, ',', nt_meta_names[f]);
		put_str(fp, a->meta[f]);
	}
	put_content_hash(fp, a);
	entities(out, a);
	dates(out, a);
	topics(out, a);
	fputs(",\"warnings\":[", fp);
	for (i = 0; i < a->nwarnings; i++) {
		if (i)
			putc(',', fp);
		put_str(fp, a->warnings[i]);
	}
	fputs("]}\n", fp);
}

/* Write the members of mention M of A that open its mentions-mode or
 * counts-mode record, "{" to "value"; R gets its fields. */
static void
mention_head(const struct nt_output *out, const struct nt_article *a,
	     const struct nt_mention *m, struct nt_out_mention *r)
{
	FILE *fp = out->fp;

	nt_out_mention(a, m, out->context, r);
	put_key(fp, '{', "article");
	put_str(fp, a->name);
	put_key(fp, ',', "kind");
	put_str(fp, r->kind);
	put_key(fp, ',', "type");
	put_str(fp, r->type);
	put_key(fp, ',', "id");
	put_str(fp, r->id);
	put_key(fp, ',', "label");
	put_str(fp, r->label);
	put_key(fp, ',', "text");
	nt_json_write_string(fp, r->text, r->text_len);
	put_key(fp, ',', "value");
	if (r->value_is_number)
		fputs(r->value, fp);
	else
		put_str(fp, r->value);
}

/* Write the ,"context":.. member of R (when it has one) and end the record. */
static void
record_end(FILE *fp, const struct nt_out_mention *r)
{
	if (r->context) {
		put_key(fp, ',', "context");
		nt_json_write_string(fp, r->context, r->context_len);
	}
	fputs("}\n", fp);
}

/* Write the mentions-mode record of mention M of A. */
static void
mention_record(const struct nt_output *out, const struct nt_article *a,
	       const struct nt_mention *m)
{
	struct nt_out_mention r;

	mention_head(out, a, m, &r);
	put_range(out, a, m);
	put_url_hash(out->fp, a);
	record_end(out->fp, &r);
}

/* Write the counts-mode records of A (nt_out_counts): those of the first
 * mention of each thing named, with "count" after "value", and the
 * article's url and content_hash after "in_lead". */
static void
count_records(const struct nt_output *out, const struct nt_article *a)
{
	struct nt_out_count *counts = NULL;
	struct nt_out_mention r;
	size_t cap = 0, n = nt_out_counts(a, &counts, &cap), i;

	for (i = 0; i < n; i++) {
		mention_head(out, a, &a->mentions[counts[i].first], &r);
		put_uint(out->fp, ',', "count", counts[i].count);
		put_range(out, a, &a->mentions[counts[i].first]);
		put_url_hash(out->fp, a);
		record_end(out->fp, &r);
	}
	free(counts);
}

/* JSONL has nothing before the first record. */
static int
jsonl_begin(const struct nt_output *out)
{
	(void)out;
	return 0;
}

static int
jsonl_article(const struct nt_output *out, const struct nt_article *a)
{
	size_t i;

	if (out->records == NT_RECORDS_ARTICLES) {
		article_record(out, a);
	} else if (out->records == NT_RECORDS_MENTIONS) {
		for (i = 0; i < a->nmentions; i++)
			mention_record(out, a, &a->mentions[i]);
	} else {
		count_records(out, a);
	}
	return nt_out_flush(out);
}

const struct nt_writer nt_writer_jsonl = { "jsonl", jsonl_begin, jsonl_article };
