/* article.h - the one structure every stage reads and annotates.
 *
 * An article moves through the stages in order (see stage.h).  It carries
 *   - the raw input bytes, exactly as read;
 *   - the original text: those bytes as valid UTF-8 (each invalid byte becomes
 *     U+FFFD, a leading BOM is dropped; nothing else changes).  ALL offsets
 *     newstag prints are code-point offsets into this text, so that
 *     text[start:end] (in code points) is the surface string;
 *   - the matching view built by normalize: NFC, typographic folding, glued
 *     words split, boilerplate removed.  Every view byte maps back to the
 *     range of original code points that produced it (view_start/view_end).
 *     A space inserted where glued words were split maps to an empty range
 *     (view_start == view_end): matchers may treat it as a word boundary
 *     that is not there for "word" spellings (see nt_article_soft_space);
 *   - metadata (date, source, author, title, url), annotations and warnings;
 *   - what normalize learns of the body (body.h): where its lead ends and
 *     a hash of its letters and digits.
 *
 * Ownership: the article owns every pointer in it, except the strings of
 * annotations marked "borrowed", which belong to the compiled rules and
 * outlive every article.  nt_article_reset() frees per-article data and keeps
 * buffers for reuse, so memory stays flat over an endless stream. */
#ifndef NT_ARTICLE_H
#define NT_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

enum nt_meta_field { NT_META_DATE, NT_META_SOURCE, NT_META_AUTHOR, NT_META_TITLE,
		     NT_META_URL, NT_META_COUNT };

/* Name of a metadata field as used in output headers and JSON keys. */
extern const char *const nt_meta_names[NT_META_COUNT];

/* Room for an article's content hash: 32 hex digits and a NUL. */
#define NT_CONTENT_HASH_SIZE 33

enum nt_kind { NT_KIND_ENTITY, NT_KIND_DATE, NT_KIND_TOPIC };

/* One annotated span: an entity mention, a temporal expression, or a piece
 * of topic evidence.  start/end are code-point offsets into the original
 * text (end exclusive). */
struct nt_mention {
	enum nt_kind kind;
	const char *type;    /* entity type, TIMEX3 type, or topic id (borrowed) */
	const char *id;      /* canonical id (borrowed or nt_article_keep'd) */
	const char *label;   /* canonical label (borrowed or kept) */
	const char *value;   /* TIMEX3 value, NULL otherwise (kept) */
	const char *anchor;  /* dates: the date a relative value was resolved against */
	const char *mod;     /* dates: TIMEX3 mod (START, MID, END, APPROX, ...) or NULL */
	unsigned range;      /* dates: ranges number their two ends alike (1, 2, ...); 0 = none */
	int year_inferred;   /* dates: the text names no year, and the value's year was
			      * chosen as the one closest to the anchor (or by tense) */
	const char *alt_value;   /* dates: the other reading of a numeric date whose day
				  * and month could swap ("03/04/2024"), or NULL (kept) */
	const char *rule;    /* "FILE:LINE" of the rule that fired (borrowed) */
	const char *via;     /* entities: how it was found -- "alias" (of the rule's
			      * entity), "pattern" (the rule's), or "link" (a later
			      * mention of the entity of an earlier one, whose rule
			      * it reports); NULL for dates and topics (static) */
	uint32_t link_start, link_end;   /* "link": the original code points of the
					  * mention it links to */
	const char *suppressed_by;   /* entities, --overlaps all: the id of the mention
				      * that won an overlap this candidate lost (borrowed
				      * or kept), else NULL: not a mention of the article */
	uint32_t by_start, by_end;   /* that mention's original code points */
	uint32_t start, end;
	int topic;           /* for NT_KIND_TOPIC evidence: index into topics */
};

struct nt_topic {
	const char *id, *label;  /* borrowed */
	double score;            /* 0..1 */
};

struct nt_gaz_text;

struct nt_article {
	/* Where it came from (for messages and the "article" column). */
	char *name;              /* path, "path:LINE", JSONL id, or "-:LINE" */
	int has_id;              /* name is an id the input gave, not made from the path */
	const char *path;        /* input path ("-" for stdin), borrowed from the reader */
	unsigned line;           /* 1-based line of the input where the article starts */

	char *meta[NT_META_COUNT];  /* NULL when unknown */
	unsigned meta_given;        /* bit (1 << field): set by input or options, text must not override */

	/* Raw input. */
	char *raw;
	size_t raw_len, raw_cap;

	/* Original text (valid UTF-8) and the byte offset of each code point:
	 * cp_at[i] for i in 0..ncp, cp_at[ncp] == text_len. */
	char *text;
	size_t text_len, text_cap;
	uint32_t *cp_at;
	size_t ncp, cp_cap;

	/* Matching view (NUL-terminated UTF-8) and, for each view byte i in
	 * 0..view_len, the original code-point range [view_start[i],
	 * view_end[i]) of the unit that produced it.  view_start[view_len] ==
	 * view_end[view_len] == ncp. */
	char *view;
	size_t view_len, view_cap;
	uint32_t *view_start, *view_end;
	size_t map_cap;

	/* Set by normalize (body.h): the original code point where the lead
	 * ends (a mention that starts before it is in the lead), and the
	 * BLAKE2b-128 of the body's letters and digits in hex, or ""
	 * when it has none. */
	uint32_t lead_end;
	char content_hash[NT_CONTENT_HASH_SIZE];

	struct nt_mention *mentions;
	size_t nmentions, mentions_cap;
	struct nt_topic *topics;
	size_t ntopics, topics_cap;

	char **warnings;         /* "LINE:COL: message" or "message" */
	size_t nwarnings, warnings_cap;

	char **kept;             /* strings owned by this article, freed on reset */
	size_t nkept, kept_cap;

	/* The view folded for matching (gazetteer.h: nt_gaz_text_of builds it
	 * once per article for the stages that match aliases); folded_ok is
	 * cleared whenever the view changes.  Scratch of the stages: while a
	 * pipeline runs the article, this is the pipeline's (nt_pipeline_run),
	 * else the article's own, made on demand. */
	struct nt_gaz_text *folded;
	int folded_ok;
};

struct nt_article *nt_article_new(void);

/* Forget everything about the current article but keep the buffers. */
void nt_article_reset(struct nt_article *a);
void nt_article_free(struct nt_article *a);

/* Append LEN raw input bytes. */
void nt_article_append_raw(struct nt_article *a, const char *bytes, size_t len);

/* Set metadata field F to a copy of VALUE (NULL clears).  When GIVEN is
 * nonzero the field is marked as given by the input, and later calls with
 * GIVEN == 0 leave it alone.  Returns 1 if the value was stored. */
int nt_article_set_meta(struct nt_article *a, enum nt_meta_field f, const char *value,
			size_t len, int given);

/* Take ownership of the malloc'd string S; it is freed with the article's
 * per-article data.  Returns S. */
const char *nt_article_keep(struct nt_article *a, char *s);

/* Parse an ISO 8601 calendar date at the start of S (LEN bytes):
 * "YYYY-MM-DD", optionally followed by a time ("T10:00:00Z").  On success
 * write "YYYY-MM-DD" and a NUL to OUT and return 0; -1 if S is not a real
 * date (month 1-12, day within the month, leap years counted). */
int nt_iso_date(const char *s, size_t len, char out[11]);

/* Set the date field from S if it is an ISO date (see nt_iso_date), with
 * GIVEN as in nt_article_set_meta.  Returns 0, or -1 if S is not a date. */
int nt_article_set_date(struct nt_article *a, const char *s, size_t len, int given);

/* Add a warning, formatted like printf.  Warnings are reported on stderr by
 * the driver and listed in JSONL output. */
void nt_article_warn(struct nt_article *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append a mention and return it (zeroed but for kind, start, end). */
struct nt_mention *nt_article_add_mention(struct nt_article *a, enum nt_kind kind,
					  uint32_t start, uint32_t end);

/* Original code-point range of the view bytes [vstart, vend). */
void nt_article_view_span(const struct nt_article *a, size_t vstart, size_t vend,
			  uint32_t *start, uint32_t *end);

/* Nonzero if view byte I is a space normalize inserted between glued words
 * (not present in the original). */
static inline int
nt_article_soft_space(const struct nt_article *a, size_t i)
{
	return a->view[i] == ' ' && a->view_start[i] == a->view_end[i];
}

/* The view bytes from BEFORE bytes before view byte START to AFTER bytes
 * after view byte END, clamped to the view and widened to whole UTF-8
 * characters: *WS and *WE. */
static inline void
nt_article_view_window(const struct nt_article *a, size_t start, size_t end, size_t before,
		       size_t after, size_t *ws, size_t *we)
{
	size_t s = start > before ? start - before : 0;
	size_t e = end + after < a->view_len ? end + after : a->view_len;

	while (s > 0 && ((unsigned char)a->view[s] & 0xC0) == 0x80)
		s--;
	while (e < a->view_len && ((unsigned char)a->view[e] & 0xC0) == 0x80)
		e++;
	*ws = s;
	*we = e;
}

/* Nonzero if mention M of A is in the lead (see lead_end). */
static inline int
nt_article_in_lead(const struct nt_article *a, const struct nt_mention *m)
{
	return m->start < a->lead_end;
}

/* Nonzero if view byte I of A is a full stop, '!' or '?' that can end a
 * sentence: not a full stop after a capitalized word of at most four
 * letters that starts at or after view byte FROM ("Sept.", "Inc.",
 * "U.S."), which are mostly abbreviations. */
int nt_article_sentence_stop(const struct nt_article *a, size_t from, size_t i);

/* Nonzero if view byte I of A ends a sentence inside a line: a sentence
 * stop (as above) followed by a space and a capital letter before view
 * byte END. */
static inline int
nt_article_sentence_end(const struct nt_article *a, size_t from, size_t i, size_t end)
{
	return i + 2 < end && a->view[i + 1] == ' ' && a->view[i + 2] >= 'A' &&
	       a->view[i + 2] <= 'Z' && nt_article_sentence_stop(a, from, i);
}

/* Line and column (1-based, column in code points) of original code point CP. */
void nt_article_line_col(const struct nt_article *a, uint32_t cp, unsigned *line,
			 unsigned *col);

#endif
