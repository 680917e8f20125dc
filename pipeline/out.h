/* out.h - private to the record writers (writer.c, out_delim.c, out_jsonl.c, out_view.c).
 *
 * What a record says about a mention is decided here once, so that CSV, TSV
 * and JSONL cannot drift apart: the surface text, the kind's name, the
 * "value" of a mentions-mode record, and the number format of scores. */
#ifndef NT_OUT_H
#define NT_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "writer.h"

extern const struct nt_writer nt_writer_csv, nt_writer_tsv, nt_writer_jsonl, nt_writer_view;

/* Room for a score formatted by nt_out_score() ("0.000" to "1.000"). */
#define NT_OUT_SCORE_SIZE 8

/* Format SCORE as printf's "%.3f" does in the C locale, whatever LC_NUMERIC
 * says.  Scores are 0..1 (article.h); anything else, NaN included, is
 * clamped into that range so the output stays a valid number. */
void nt_out_score(double score, char buf[NT_OUT_SCORE_SIZE]);

/* Room for a uint32_t formatted by nt_out_uint() (10 digits). */
#define NT_OUT_UINT_SIZE 11

/* Format V in decimal into BUF (not NUL-terminated); return its length.
 * The writers print every offset this way: printf's format parsing cost
 * more than the rest of a JSONL date record. */
size_t nt_out_uint(uint32_t v, char buf[NT_OUT_UINT_SIZE]);

/* The surface of M: its bytes in A's original text (not NUL-terminated),
 * *LEN of them. */
const char *nt_out_surface(const struct nt_article *a, const struct nt_mention *m,
			   size_t *len);

/* Where mention M of A starts and ends as OUT counts: code points of A's
 * original text, or with out->byte_offsets its bytes, so that a program
 * that slices bytes (Go, Rust, C, dd) gets the surface without decoding. */
void nt_out_range(const struct nt_output *out, const struct nt_article *a,
		  const struct nt_mention *m, uint32_t *start, uint32_t *end);

/* The same for original code points [CP_START, CP_END) of A (the mention
 * that suppressed another, --overlaps all). */
void nt_out_offsets(const struct nt_output *out, const struct nt_article *a, uint32_t cp_start,
		    uint32_t cp_end, uint32_t *start, uint32_t *end);

/* The names of those fields for OUT: "start" and "end", or "byte_start"
 * and "byte_end", so that records of the two kinds cannot be mixed up. */
#define NT_OUT_START(out) ((out)->byte_offsets ? "byte_start" : "start")
#define NT_OUT_END(out) ((out)->byte_offsets ? "byte_end" : "end")

/* The fields of one mentions-mode record. */
struct nt_out_mention {
	const char *kind;                /* "entity", "date" or "topic" */
	const char *type, *id, *label;   /* NULL when absent */
	const char *text;                /* the surface, TEXT_LEN bytes */
	size_t text_len;
	const char *value;               /* TIMEX3 value or topic score, or NULL */
	int value_is_number;             /* VALUE is the score (points into SCORE) */
	char score[NT_OUT_SCORE_SIZE];
	const char *context;             /* --context: the text around the mention, */
	size_t context_len;              /* CONTEXT_LEN bytes; NULL without */
};

/* Fill R with the record of mention M of article A, with the context of
 * --context CONTEXT when not 0: A's original text from up to CONTEXT code
 * points before M to up to CONTEXT after it, stopping at a line break on
 * either side, less a word cut in two and blanks at either end.  R's
 * strings point into A (or into R) and are valid while A is unchanged. */
void nt_out_mention(const struct nt_article *a, const struct nt_mention *m, unsigned context,
		    struct nt_out_mention *r);

/* The name of mention M of A, *LEN bytes: the resolved value of a date,
 * the id (BY_ID) or canonical label of an entity or topic, or the
 * surface when there is none.  Labels name the items of a multi-valued
 * cell; ids tell which mentions a counts-mode record groups. */
const char *nt_out_name(const struct nt_article *a, const struct nt_mention *m, int by_id,
			size_t *len);

/* A counts-mode record: the mentions of an article that name one thing
 * (an entity id, a date's value, a topic), by the first of them. */
struct nt_out_count {
	size_t first;        /* index of the first of them in the article's mentions */
	uint32_t count;      /* how many there are */
};

/* Group the mentions of A, less the candidates it suppressed (--overlaps
 * all), into *COUNTS, one element per thing named, in the order of their
 * first mentions; return how many.  *COUNTS is grown as needed (*CAP
 * elements); the caller frees it. */
size_t nt_out_counts(const struct nt_article *a, struct nt_out_count **counts, size_t *cap);

/* End an article's records: flush OUT and report whether any write to it
 * failed.  Returns 0, or -1 with errno set by the failing stdio call. */
int nt_out_flush(const struct nt_output *out);

#endif
