/* out_delim.c - CSV (RFC 4180) and TSV record writers.
 *
 * Both formats are rows of cells made by one row builder; a dialect (data,
 * not code) says how a cell is written:
 *   - CSV separates cells with ',' and quotes a cell with '"' when it holds
 *     a comma, a quote, CR or LF, doubling the quotes inside (RFC 4180,
 *     section 2).  Leading or trailing spaces are data, not a reason to
 *     quote.  Records end in LF, or CRLF with out->crlf; out->excel starts
 *     the stream with a UTF-8 BOM so that Excel guesses the encoding.
 *     Neither BOM nor header is written with out->append, when the stream
 *     continues a file that starts with them (--append).
 *     With out->formula_guard, a text cell starting with = + - @ TAB or CR
 *     gets a leading apostrophe so that a spreadsheet shows the cell instead
 *     of evaluating it (OWASP, "CSV Injection").  Offsets and scores are
 *     numbers and are never guarded: "-1" must stay a number.
 *   - TSV (IANA text/tab-separated-values) cannot quote, so backslash, TAB,
 *     LF and CR in a cell are written as \\ \t \n \r, as in PostgreSQL's
 *     COPY text format.  It has no guard, BOM or CRLF.
 * Multi-valued cells (articles mode) are joined in a buffer first, because
 * whether a CSV cell needs quotes depends on all of it. */
#include "writer.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "out.h"

#define JOIN_SEP "; "

struct dialect {
	char sep;
	int csv;                     /* quote, guard, BOM and CRLF as in CSV */
	const char *const *escape;   /* replacement text of each byte, or NULL */
};

static const char *const csv_escape[UCHAR_MAX + 1] = { ['"'] = "\"\"" };
static const char *const tsv_escape[UCHAR_MAX + 1] = {
	['\\'] = "\\\\", ['\t'] = "\\t", ['\n'] = "\\n", ['\r'] = "\\r"
};

static const struct dialect csv = { ',', 1, csv_escape };
static const struct dialect tsv = { '\t', 0, tsv_escape };

struct span {
	const char *s;
	size_t len;
	unsigned gen;            /* in the set when it is the row's gen */
};

/* The record being written. */
struct row {
	const struct dialect *d;
	const struct nt_output *out;
	size_t ncells;           /* cells written so far in this record */
	char *join;              /* the multi-valued cell being built */
	size_t join_len, join_cap, nitems;
	struct span *seen;       /* hash set of the items in JOIN (put_distinct) */
	size_t seen_cap;         /* a power of two, more than twice the mentions */
	unsigned gen;            /* the set's generation: a new cell empties it */
	unsigned char *column;   /* per mention: its multi-valued cell (enum cell_column) */
};

/* The multi-valued cells of an articles-mode record, after the entity
 * columns (0 .. number of entity column types - 1). */
enum cell_column { COLUMN_DATES = 32, COLUMN_NONE = 255 };

/* The bytes that make a CSV cell quoted (RFC 4180, section 2.6). */
static const unsigned char csv_quoted[256] = { [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1 };

/* Write S (LEN bytes) as the next cell of R.  TEXT is nonzero for text
 * cells, which the CSV formula guard applies to. */
static void
put_cell(struct row *r, const char *s, size_t len, int text)
{
	FILE *fp = r->out->fp;
	int quote = 0, guard;
	size_t i, run = 0;

	if (r->ncells++)
		putc(r->d->sep, fp);
	guard = r->d->csv && text && r->out->formula_guard && len > 0 &&
		memchr("=+-@\t\r", s[0], 6);
	for (i = 0; r->d->csv && i < len && !quote; i++)
		quote = csv_quoted[(unsigned char)s[i]];
	if (quote)
		putc('"', fp);
	if (guard)
		putc('\'', fp);
	for (i = 0; i < len; i++) {
		const char *e = r->d->escape[(unsigned char)s[i]];

		if (!e)
			continue;
		fwrite(s + run, 1, i - run, fp);
		fputs(e, fp);
		run = i + 1;
	}
	fwrite(s + run, 1, len - run, fp);
	if (quote)
		putc('"', fp);
}

/* Write the text cell S; NULL is an empty cell. */
static void
put_str(struct row *r, const char *s)
{
	put_cell(r, s ? s : "", s ? strlen(s) : 0, 1);
}

/* Write the numeric cell V (never guarded). */
static void
put_uint(struct row *r, uint32_t v)
{
	char buf[NT_OUT_UINT_SIZE];

	put_cell(r, buf, nt_out_uint(v, buf), 0);
}

/* Write a text cell for each string of the NULL-terminated list NAMES. */
static void
put_names(struct row *r, const char *const *names)
{
	for (; *names; names++)
		put_str(r, *names);
}

/* End the record: LF, or CRLF for CSV when asked. */
static void
end_row(struct row *r)
{
	fputs(r->d->csv && r->out->crlf ? "\r\n" : "\n", r->out->fp);
	r->ncells = 0;
}

/* Add the item S (LEN bytes) to the multi-valued cell being built. */
static void
join(struct row *r, const char *s, size_t len)
{
	size_t sep = r->nitems++ ? strlen(JOIN_SEP) : 0;

	nt_grow(&r->join, &r->join_cap, r->join_len + sep + len, 1);
	memcpy(r->join + r->join_len, JOIN_SEP, sep);
	memcpy(r->join + r->join_len + sep, s, len);
	r->join_len += sep + len;
}

/* Write the multi-valued cell built by join() and start a new one. */
static void
put_joined(struct row *r)
{
	put_cell(r, r->join ? r->join : "", r->join_len, 1);
	r->join_len = r->nitems = 0;
}

/* Add S (LEN bytes) to the set of seen items of generation r->gen.
 * Returns 1 if it was not in it yet.  The hash is FNV-1a with the 32-bit
 * constants; probing is linear, and the table is never more than half
 * full.  Slots of older generations count as empty, so a new cell starts
 * with an empty set without clearing the table. */
static int
seen_add(struct row *r, const char *s, size_t len)
{
	size_t h = 2166136261u, mask = r->seen_cap - 1, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	for (i = h & mask; r->seen[i].gen == r->gen; i = (i + 1) & mask)
		if (r->seen[i].len == len && memcmp(r->seen[i].s, s, len) == 0)
			return 0;
	r->seen[i].s = s;
	r->seen[i].len = len;
	r->seen[i].gen = r->gen;
	return 1;
}

/* Note in r->column the multi-valued cell of each mention of A: the
 * index of its type in nt_entity_column_types, COLUMN_DATES, or
 * COLUMN_NONE.  R's seen set gets room for all of them. */
static void
note_columns(struct row *r, const struct nt_article *a)
{
	size_t i, t;

	for (r->seen_cap = 16; r->seen_cap <= 2 * a->nmentions; r->seen_cap *= 2)
		continue;
	r->seen = nt_xcalloc(r->seen_cap, sizeof *r->seen);
	r->column = nt_xmalloc(a->nmentions + 1);
	for (i = 0; i < a->nmentions; i++) {
		const struct nt_mention *m = &a->mentions[i];

		r->column[i] = m->kind == NT_KIND_DATE ? COLUMN_DATES : COLUMN_NONE;
		for (t = 0; m->kind == NT_KIND_ENTITY && !m->suppressed_by && m->type &&
			    nt_entity_column_types[t]; t++)
			if (strcmp(m->type, nt_entity_column_types[t]) == 0) {
				r->column[i] = (unsigned char)t;
				break;
			}
	}
}

/* Write the cell of the names of A's mentions in COLUMN (note_columns),
 * each once, in first-seen order. */
static void
put_distinct(struct row *r, const struct nt_article *a, unsigned column)
{
	const char *s;
	size_t i, len;

	r->gen++;
	for (i = 0; i < a->nmentions; i++) {
		if (r->column[i] != column)
			continue;
		s = nt_out_name(a, &a->mentions[i], 0, &len);
		if (seen_add(r, s, len))
			join(r, s, len);
	}
	put_joined(r);
}

/* Write the url and content_hash cells of A (the hash is no text: never
 * guarded). */
static void
url_hash_cells(struct row *r, const struct nt_article *a)
{
	put_str(r, a->meta[NT_META_URL]);
	put_cell(r, a->content_hash, strlen(a->content_hash), 0);
}

/* The columns of the articles-mode record are "article", the metadata
 * fields from NT_META_DATE to NT_META_TITLE (in enum order), the entity
 * columns, "topics", "dates", "url" and "content_hash" (the last two came
 * later: columns are only ever added at the end, so that scripts that
 * count columns keep working). */
static void
article_header(struct row *r)
{
	static const char *const tail[] = { "topics", "dates", "url", "content_hash", NULL };
	int f;

	put_str(r, "article");
	for (f = NT_META_DATE; f <= NT_META_TITLE; f++)
		put_str(r, nt_meta_names[f]);
	put_names(r, nt_entity_column_names);
	put_names(r, tail);
}

/* Write A's articles-mode record.  Topics are named by label, or by id
 * when they have none, and listed in A's order. */
static void
article_row(struct row *r, const struct nt_article *a)
{
	unsigned t;
	size_t i;
	int f;

	put_str(r, a->name);
	for (f = NT_META_DATE; f <= NT_META_TITLE; f++)
		put_str(r, a->meta[f]);
	note_columns(r, a);
	for (t = 0; nt_entity_column_types[t]; t++)
		put_distinct(r, a, t);
	for (i = 0; i < a->ntopics; i++) {
		const char *name = a->topics[i].label ? a->topics[i].label : a->topics[i].id;

		join(r, name, strlen(name));
	}
	put_joined(r);
	put_distinct(r, a, COLUMN_DATES);
	url_hash_cells(r, a);
	end_row(r);
}

/* The columns that open a mentions-mode or counts-mode record.  A
 * mentions-mode record goes on with start and end (named by NT_OUT_START
 * and NT_OUT_END), in_lead (1 or 0), the optional suppressed_by (the id
 * of the mention that won the overlap, --overlaps all), url, content_hash
 * and the optional context; a counts-mode record with count, start, end,
 * in_lead, url, content_hash and the optional context (count_rows). */
static const char *const mention_columns[] = {
	"article", "kind", "type", "id", "label", "text", "value", NULL
};

/* Write the mention_columns cells of mention M of A; F gets its fields. */
static void
mention_cells(struct row *r, const struct nt_article *a, const struct nt_mention *m,
	      struct nt_out_mention *f)
{
	nt_out_mention(a, m, r->out->context, f);
	put_str(r, a->name);
	put_str(r, f->kind);
	put_str(r, f->type);
	put_str(r, f->id);
	put_str(r, f->label);
	put_cell(r, f->text, f->text_len, 1);
	if (f->value_is_number)
		put_cell(r, f->value, strlen(f->value), 0);
	else
		put_str(r, f->value);
}

/* Write the start, end and in_lead cells of mention M of A. */
static void
range_cells(struct row *r, const struct nt_article *a, const struct nt_mention *m)
{
	uint32_t start, end;

	nt_out_range(r->out, a, m, &start, &end);
	put_uint(r, start);
	put_uint(r, end);
	put_uint(r, (uint32_t)nt_article_in_lead(a, m));
}

/* Write one mentions-mode record per mention of A, in A's order. */
static void
mention_rows(struct row *r, const struct nt_article *a)
{
	struct nt_out_mention f;
	size_t i;

	for (i = 0; i < a->nmentions; i++) {
		mention_cells(r, a, &a->mentions[i], &f);
		range_cells(r, a, &a->mentions[i]);
		if (r->out->suppressed)
			put_str(r, a->mentions[i].suppressed_by);
		url_hash_cells(r, a);
		if (f.context)
			put_cell(r, f.context, f.context_len, 1);
		end_row(r);
	}
}

/* Write one counts-mode record per thing A's mentions name
 * (nt_out_counts): the cells of its first mention, then count, that
 * mention's start, end and in_lead, the article's url and content_hash,
 * and the first mention's context. */
static void
count_rows(struct row *r, const struct nt_article *a)
{
	struct nt_out_count *counts = NULL;
	struct nt_out_mention f;
	size_t cap = 0, n = nt_out_counts(a, &counts, &cap), i;

	for (i = 0; i < n; i++) {
		const struct nt_mention *m = &a->mentions[counts[i].first];

		mention_cells(r, a, m, &f);
		put_uint(r, counts[i].count);
		range_cells(r, a, m);
		url_hash_cells(r, a);
		if (f.context)
			put_cell(r, f.context, f.context_len, 1);
		end_row(r);
	}
	free(counts);
}

/* begin() and article() of struct nt_writer (writer.h) in dialect D. */
static int
delim_begin(const struct dialect *d, const struct nt_output *out)
{
	struct row r = { .d = d, .out = out };

	if (out->append)   /* the BOM and header are at the start of the file already */
		return 0;
	if (d->csv && out->excel)
		fputs("\xEF\xBB\xBF", out->fp);
	if (out->header) {
		if (out->records == NT_RECORDS_ARTICLES)
			article_header(&r);
		else
			put_names(&r, mention_columns);
		if (out->records == NT_RECORDS_COUNTS)
			put_str(&r, "count");
		if (out->records != NT_RECORDS_ARTICLES) {
			put_str(&r, NT_OUT_START(out));
			put_str(&r, NT_OUT_END(out));
			put_str(&r, "in_lead");
		}
		if (out->records == NT_RECORDS_MENTIONS && out->suppressed)
			put_str(&r, "suppressed_by");
		if (out->records != NT_RECORDS_ARTICLES) {
			put_str(&r, "url");
			put_str(&r, "content_hash");
			if (out->context)
				put_str(&r, "context");
		}
		end_row(&r);
	}
	return nt_out_flush(out);
}

static int
delim_article(const struct dialect *d, const struct nt_output *out,
	      const struct nt_article *a)
{
	struct row r = { .d = d, .out = out };

	if (out->records == NT_RECORDS_ARTICLES)
		article_row(&r, a);
	else if (out->records == NT_RECORDS_MENTIONS)
		mention_rows(&r, a);
	else
		count_rows(&r, a);
	free(r.join);
	free(r.seen);
	free(r.column);
	return nt_out_flush(out);
}

static int
csv_begin(const struct nt_output *out)
{
	return delim_begin(&csv, out);
}

static int
csv_article(const struct nt_output *out, const struct nt_article *a)
{
	return delim_article(&csv, out, a);
}

static int
tsv_begin(const struct nt_output *out)
{
	return delim_begin(&tsv, out);
}

static int
tsv_article(const struct nt_output *out, const struct nt_article *a)
{
	return delim_article(&tsv, out, a);
}

const struct nt_writer nt_writer_csv = { "csv", csv_begin, csv_article };
const struct nt_writer nt_writer_tsv = { "tsv", tsv_begin, tsv_article };
