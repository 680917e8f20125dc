/* scrape.c - header/footer metadata and boilerplate patterns (scrape.h). */
#define _GNU_SOURCE 1   /* memmem */
#include "scrape.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "fold.h"
#include "htmlref.h"
#include "regex.h"
#include "rxstart.h"

enum nt_scrape_where { NT_SCRAPE_HEADER, NT_SCRAPE_FOOTER, NT_SCRAPE_LEAD, NT_SCRAPE_WHERE };

static const char *const nt_scrape_sections[NT_SCRAPE_WHERE] = { "header", "footer", "lead" };

#define NT_SCRAPE_MATCH_LIMIT 100000u
#define NT_SCRAPE_FOOTER_WINDOW 600   /* bytes at the end searched for a footer */
#define NT_SCRAPE_FOOTERS 8           /* footers taken off one after the other, at most */
#define NT_SCRAPE_LEAD_WINDOW 2000    /* bytes of the first paragraph searched by lead patterns */
#define NT_TITLE_MAX_BYTES 200
#define NT_META_LINE_MAX 80           /* bytes of a byline or a date line */

/* The lines that lead patterns matched from their start, as text offsets
 * of their first non-blank byte: whole (bylines, date lines: AT) or, with
 * no author, in part (datelines that open the body, "BERLIN, March 12
 * (Reuters) - ...": OPENS). */
struct nt_meta_lines {
	size_t at[8], opens[8];
	size_t n, nopens;
};

struct nt_scrape_pattern {
	pcre2_code *code;
	int at_line_breaks;      /* every match starts with '\n': CODE is anchored and
				  * tried at each line break (nt_scrape_match) */
	enum nt_scrape_where where;
	char *literal;           /* bytes every match holds (rxstart.h), or NULL */
	size_t literal_len;
};

struct nt_scrape {
	struct nt_scrape_pattern *pats;
	size_t npats, cap;
	char *months[12];        /* month names for a group "month", or NULL */
	int owns_patterns;       /* 0 in a fork: pats and months belong to the original */
	/* scratch, one per thread */
	char *lead;              /* "\n" and the lead window: NT_SCRAPE_LEAD_WINDOW + 2 bytes */
	struct nt_matcher match;
};

void
nt_scrape_free(struct nt_scrape *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; s->owns_patterns && i < s->npats; i++) {
		pcre2_code_free(s->pats[i].code);
		free(s->pats[i].literal);
	}
	for (i = 0; s->owns_patterns && i < 12; i++)
		free(s->months[i]);
	if (s->owns_patterns)
		free(s->pats);
	free(s->lead);
	nt_matcher_free(&s->match);
	free(s);
}

/* Compile the pattern scalar NODE; errors point at the offending column. */
static int
nt_scrape_compile(struct nt_scrape *s, const struct nt_node *node, enum nt_scrape_where where,
		  struct nt_err *err)
{
	const char *src = nt_node_scalar(node, "a pattern", err);
	pcre2_code *code, *anchored;
	uint32_t first = 0, unit = 0;
	int at_line_breaks;

	/* header patterns are anchored when compiled: anchored at match time,
	 * PCRE2 would interpret them instead of running the JIT code */
	if (!src || !(code = nt_regex_compile(node, src, NULL,
					      where == NT_SCRAPE_HEADER ? PCRE2_ANCHORED : 0, err)))
		return -1;
	if (where != NT_SCRAPE_HEADER)
		pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &first);
	if (first == 1)
		pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
	/* a line pattern ("\n...") is compiled anchored and tried at each line
	 * break, which memchr finds: PCRE2's own search for the '\n' reads
	 * every byte of the window, for each of some 30 patterns */
	at_line_breaks = first == 1 && unit == '\n';
	if (at_line_breaks) {
		if (!(anchored = nt_regex_compile(node, src, NULL, PCRE2_ANCHORED, err))) {
			pcre2_code_free(code);
			return -1;
		}
		pcre2_code_free(code);
		code = anchored;
	}
	nt_grow(&s->pats, &s->cap, s->npats + 1, sizeof *s->pats);
	s->pats[s->npats].code = code;
	s->pats[s->npats].at_line_breaks = at_line_breaks;
	s->pats[s->npats].where = where;
	s->pats[s->npats].literal = NULL;
	s->pats[s->npats].literal_len = 0;
	/* a pattern that starts with a known byte is found at once, and a
	 * header pattern is tried at one place: no literal to look for first */
	if (where != NT_SCRAPE_HEADER && first != 1)
		s->pats[s->npats].literal = nt_rx_required(src, 3, &s->pats[s->npats].literal_len);
	s->npats++;
	return 0;
}

struct nt_scrape *
nt_scrape_new(void)
{
	struct nt_scrape *s = nt_xcalloc(1, sizeof *s);

	s->owns_patterns = 1;
	nt_matcher_init(&s->match, 32, NT_SCRAPE_MATCH_LIMIT);
	s->lead = nt_xmalloc(NT_SCRAPE_LEAD_WINDOW + 2);
	return s;
}

struct nt_scrape *
nt_scrape_fork(const struct nt_scrape *s)
{
	struct nt_scrape *f = nt_scrape_new();

	f->owns_patterns = 0;
	f->pats = s->pats;
	f->npats = f->cap = s->npats;
	memcpy(f->months, s->months, sizeof f->months);
	return f;
}

int
nt_scrape_add(struct nt_scrape *s, const struct nt_node *normalize, struct nt_err *err)
{
	const struct nt_node *months = nt_node_get(normalize, "months");
	int w;
	size_t i;

	if (months) {
		if (months->kind != NT_NODE_SEQ || months->nkids != 12) {
			nt_node_err(err, months, "'months' must list the twelve month names");
			return -1;
		}
		for (i = 0; i < 12; i++) {
			const char *m = nt_node_scalar(months->kids[i], "a month name", err);

			if (!m)
				return -1;
			free(s->months[i]);
			s->months[i] = nt_xstrdup(m);
		}
	}

	for (w = 0; w < NT_SCRAPE_WHERE; w++) {
		const struct nt_node *list = nt_node_get(normalize, nt_scrape_sections[w]);

		if (!list)
			continue;
		if (list->kind != NT_NODE_SEQ) {
			nt_node_err(err, list, "'%s' must be a list of patterns", nt_scrape_sections[w]);
			return -1;
		}
		for (i = 0; i < list->nkids; i++)
			if (nt_scrape_compile(s, list->kids[i], (enum nt_scrape_where)w, err) != 0)
				return -1;
	}
	return 0;
}

/* Match pattern P in TEXT[0..len) starting at FROM (a header pattern only
 * there: it is compiled anchored).  Returns 1 and sets [*ms, *me) on a
 * match.  A search first looks for the literal every match holds, if any:
 * the lead patterns would otherwise be tried at every capital of the first
 * 2000 bytes of every article. */
static int
nt_scrape_match(const struct nt_scrape *s, const struct nt_scrape_pattern *p, const char *text,
		size_t len, size_t from, size_t *ms, size_t *me)
{
	PCRE2_SIZE *ov;
	const char *nl;
	int rc = PCRE2_ERROR_NOMATCH;

	if (p->at_line_breaks) {   /* the first line break where it matches */
		for (nl = memchr(text + from, '\n', len - from); nl && rc == PCRE2_ERROR_NOMATCH;
		     nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - text)))
			rc = nt_regex_match(p->code, text, len, (size_t)(nl - text), &s->match);
		if (rc < 0)
			return 0;
	} else if ((p->literal && !memmem(text + from, len - from, p->literal, p->literal_len)) ||
		   nt_regex_match(p->code, text, len, from, &s->match) < 0) {
		return 0;
	}
	ov = pcre2_get_ovector_pointer(s->match.md);
	*ms = ov[0];
	*me = ov[1];
	return 1;
}

/* The number written in the one or two digits TEXT[st, en), or -1. */
static int
nt_scrape_digits(const char *text, size_t st, size_t en)
{
	int v = 0;

	if (en - st < 1 || en - st > 2)
		return -1;
	for (; st < en; st++) {
		if (!isdigit((unsigned char)text[st]))
			return -1;
		v = v * 10 + (text[st] - '0');
	}
	return v;
}

/* The number of the month written TEXT[st, en): 1-12 in digits, or a
 * name of S->months or a prefix of one of three letters or more ("Sept",
 * "Mar."), in any case; 0 if none. */
static int
nt_scrape_month(const struct nt_scrape *s, const char *text, size_t st, size_t en)
{
	size_t n = en - st;
	int m = nt_scrape_digits(text, st, en);

	if (m >= 0)
		return m >= 1 && m <= 12 ? m : 0;
	for (m = 0; m < 12 && n >= 3; m++)
		if (s->months[m] && n <= strlen(s->months[m]) &&
		    strncasecmp(text + st, s->months[m], n) == 0)
			return m + 1;
	return 0;
}

/* The bytes of group NAME of the last match of P, as [*st, *en); 0 when
 * the pattern has no such group or it did not take part. */
static int
nt_scrape_group(const struct nt_scrape *s, const struct nt_scrape_pattern *p, const char *name,
		size_t *st, size_t *en)
{
	int n = pcre2_substring_number_from_name(p->code, (PCRE2_SPTR)name);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->match.md);

	if (n <= 0 || (uint32_t)n >= pcre2_get_ovector_count(s->match.md) ||
	    ov[2 * n] == PCRE2_UNSET || ov[2 * n + 1] <= ov[2 * n])
		return 0;
	*st = ov[2 * n];
	*en = ov[2 * n + 1];
	return 1;
}

/* The article date from groups year, month and day of the last match of
 * P, when it has them: "14 March 2024", "March 14, 2024", "14.03.2024". */
static void
nt_scrape_ymd(const struct nt_scrape *s, const struct nt_scrape_pattern *p, const char *text,
	      struct nt_article *a)
{
	size_t ys, ye, ms, me, ds, de;
	char iso[32];
	int m, d;

	if (a->meta[NT_META_DATE] || !nt_scrape_group(s, p, "year", &ys, &ye) ||
	    !nt_scrape_group(s, p, "month", &ms, &me) || !nt_scrape_group(s, p, "day", &ds, &de) ||
	    ye - ys != 4 || !(m = nt_scrape_month(s, text, ms, me)) ||
	    (d = nt_scrape_digits(text, ds, de)) < 1)
		return;
	snprintf(iso, sizeof iso, "%.4s-%02d-%02d", text + ys, m, d);
	nt_article_set_date(a, iso, 10, 0);   /* checks the year's digits and the day */
}

/* Set A's metadata field F to folded bytes [st, en) of the article, in
 * the original's words (ORIGIN), with control characters (a NUL, a tab)
 * as spaces, as the folded text has them, and HTML character references
 * as the characters they stand for ("&amp;" as "&"; htmlref.h).  A
 * reference is never shorter than the UTF-8 it stands for. */
static void
nt_scrape_set(struct nt_article *a, enum nt_meta_field f, const struct nt_scrape_origin *o,
	      size_t st, size_t en)
{
	size_t len, i, n = 0, k;
	const char *orig = o->text(o->arg, st, en, &len);
	char *v = nt_xmalloc(len + 1);
	int32_t cp;

	for (i = 0; i < len; i++) {
		if (orig[i] == '&' && (k = nt_htmlref_read(orig + i, len - i, &cp)) != 0) {
			n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)v + n);
			i += k - 1;
			continue;
		}
		v[n++] = (unsigned char)orig[i] < 0x20 || orig[i] == 0x7F ? ' ' : orig[i];
	}
	nt_article_set_meta(a, f, v, n, 0);
	free(v);
}

/* Copy the named groups of the last match, in TEXT (folded bytes from
 * AT on; AT is one less than the body's start for the lead window, whose
 * first byte is no text), into A's unset metadata, white space trimmed. */
static void
nt_scrape_fill(const struct nt_scrape *s, const struct nt_scrape_pattern *p, const char *text,
	       size_t at, const struct nt_scrape_origin *o, struct nt_article *a)
{
	int f;

	for (f = 0; f < NT_META_COUNT; f++) {
		size_t st, en;

		if (!nt_scrape_group(s, p, nt_meta_names[f], &st, &en) || a->meta[f])
			continue;
		while (st < en && (text[st] == ' ' || text[st] == '\n'))   /* lead[0] too */
			st++;
		while (en > st && (text[en - 1] == ' ' || text[en - 1] == '\n'))
			en--;
		if (f == NT_META_DATE)
			nt_article_set_date(a, text + st, en - st, 0);
		else if (en > st)
			nt_scrape_set(a, (enum nt_meta_field)f, o, at + st, at + en);
	}
	nt_scrape_ymd(s, p, text, a);
}

/* The nearest UTF-8 character boundary at or before I. */
static size_t
nt_char_start(const char *text, size_t i, size_t floor)
{
	while (i > floor && ((unsigned char)text[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* Bytes TEXT[at, nl) form a byline-like line: at most
 * NT_META_LINE_MAX bytes, a capital first, no sentence punctuation last
 * ("By Leman Mammadova", "Published: 14 March 2024, 11:20"). */
static int
nt_scrape_meta_line(const char *text, size_t at, size_t nl)
{
	while (nl > at && text[nl - 1] == ' ')
		nl--;
	return nl > at && nl - at <= NT_META_LINE_MAX && text[at] >= 'A' && text[at] <= 'Z' &&
	       !strchr(".!?,;:", text[nl - 1]);
}

/* Note the line of TEXT[0, len) from AT to the end of a match at ME when
 * the match takes the whole line and it is short enough to be a byline
 * or a date line; else, when DATELINE (the match names no author), as a
 * line that opens the body. */
static void
nt_meta_lines_add(struct nt_meta_lines *ml, const char *text, size_t at, size_t me, size_t len,
		  int dateline)
{
	while (at < len && text[at] == ' ')
		at++;
	while (me < len && text[me] == ' ')
		me++;
	if (at < me && me - at <= NT_META_LINE_MAX && (me == len || text[me] == '\n')) {
		if (ml->n < sizeof ml->at / sizeof *ml->at)
			ml->at[ml->n++] = at;
	} else if (at < me && dateline && ml->nopens < sizeof ml->opens / sizeof *ml->opens) {
		ml->opens[ml->nopens++] = at;
	}
}

/* Nonzero if one of the N offsets in LINES is AT. */
static int
nt_meta_lines_has(const size_t *lines, size_t n, size_t at)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lines[i] == at)
			return 1;
	return 0;
}

/* A title is a first line of at most NT_TITLE_MAX_BYTES that does not end
 * like a sentence and is followed by a blank line and more text, or by
 * one or two byline-like lines and then a blank line and more text; when
 * one of those lines is in ML (a lead pattern read it: a byline, a date
 * line), no blank line is needed, nor is it before a line that opens
 * with a dateline.  Up to two lines in ML before it are passed over
 * ("Published 12.03.2025 08:45" above the headline); a line that opens
 * with a dateline is no title. */
static void
nt_scrape_title(const char *text, size_t from, size_t len, const struct nt_meta_lines *ml,
		const struct nt_scrape_origin *o, struct nt_article *a)
{
	const char *nl, *start, *next;
	size_t n, rest, k;
	int known = 0;

	for (k = 0;; k++) {
		while (from < len && nt_is_folded_blank(text[from]))
			from++;
		if (k == 2 || !nt_meta_lines_has(ml->at, ml->n, from) ||
		    !(nl = memchr(text + from, '\n', len - from)))
			break;
		from = (size_t)(nl - text) + 1;
	}
	start = text + from;
	nl = memchr(start, '\n', len - from);
	if (!nl || a->meta[NT_META_TITLE] || nt_meta_lines_has(ml->at, ml->n, from) ||
	    nt_meta_lines_has(ml->opens, ml->nopens, from))
		return;
	n = (size_t)(nl - start);
	while (n > 0 && start[n - 1] == ' ')
		n--;
	if (n == 0 || n > NT_TITLE_MAX_BYTES || strchr(".!?:;,", start[n - 1]))
		return;
	rest = (size_t)(nl - text) + 1;
	for (k = 0; k < 2 && rest < len && text[rest] != '\n' &&
		    (next = memchr(text + rest, '\n', len - rest)); k++) {
		if (nt_meta_lines_has(ml->at, ml->n, rest))
			known = 1;
		else if (nt_meta_lines_has(ml->opens, ml->nopens, rest))
			break;   /* the body begins */
		else if (!nt_scrape_meta_line(text, rest, (size_t)(next - text)))
			break;
		rest = (size_t)(next - text) + 1;   /* over a byline or a date line */
	}
	while (rest < len && text[rest] == ' ')
		rest++;
	if (rest >= len ||
	    (text[rest] != '\n' && !known && !nt_meta_lines_has(ml->opens, ml->nopens, rest)))
		return;
	while (rest < len && nt_is_folded_blank(text[rest]))
		rest++;
	if (rest < len)
		nt_scrape_set(a, NT_META_TITLE, o, from, from + n);
}

/* A footer taken off: pattern PAT matched TEXT[from, end) up to END. */
struct nt_footer {
	size_t pat, from, end;
};

/* Take one footer off TEXT[pos, *end): the first footer pattern whose
 * match in the last NT_SCRAPE_FOOTER_WINDOW bytes reaches *end is noted in
 * F, and *end moves to its start, before any white space.  Returns 1 if
 * one did. */
static int
nt_scrape_footer(const struct nt_scrape *s, const char *text, size_t pos, size_t *end,
		 struct nt_footer *f)
{
	size_t from = *end > pos + NT_SCRAPE_FOOTER_WINDOW ? *end - NT_SCRAPE_FOOTER_WINDOW : pos;
	size_t i, ms, me;

	from = nt_char_start(text, from, pos);
	for (i = 0; i < s->npats; i++)
		if (s->pats[i].where == NT_SCRAPE_FOOTER &&
		    nt_scrape_match(s, &s->pats[i], text, *end, from, &ms, &me) && me == *end &&
		    ms > pos) {
			*f = (struct nt_footer){ i, from, *end };
			for (*end = ms; *end > pos && nt_is_folded_blank(text[*end - 1]); (*end)--)
				;
			return 1;
		}
	return 0;
}

void
nt_scrape_run(const struct nt_scrape *s, const char *text, size_t len,
	      const struct nt_scrape_origin *origin, struct nt_article *a,
	      struct nt_scrape_ranges *r)
{
	size_t pos = 0, end = len, i, k, nfooters, ms, me, lead_end;
	struct nt_meta_lines ml = { { 0 }, { 0 }, 0, 0 };
	struct nt_footer footers[NT_SCRAPE_FOOTERS];
	int again = 1;

	while (again) {   /* header patterns, repeatedly, at the current position */
		again = 0;
		for (i = 0; i < s->npats; i++)
			if (s->pats[i].where == NT_SCRAPE_HEADER &&
			    nt_scrape_match(s, &s->pats[i], text, len, pos, &ms, &me) && me > pos) {
				nt_scrape_fill(s, &s->pats[i], text, 0, origin, a);
				pos = me;
				again = 1;
				break;
			}
	}
	/* footers, one after the other: "Tags: ..." above a copyright line */
	while (end > pos && nt_is_folded_blank(text[end - 1]))
		end--;
	for (nfooters = 0;
	     nfooters < NT_SCRAPE_FOOTERS && nt_scrape_footer(s, text, pos, &end, &footers[nfooters]);
	     nfooters++)
		;
	/* Lead patterns see the window after a line break, so that a
	 * pattern for a line ("\nBy ...") also finds the first one; lead[k]
	 * is text[pos + k - 1]. */
	lead_end = pos + NT_SCRAPE_LEAD_WINDOW < end ? pos + NT_SCRAPE_LEAD_WINDOW : end;
	lead_end = nt_char_start(text, lead_end, pos);
	s->lead[0] = '\n';
	memcpy(s->lead + 1, text + pos, lead_end - pos);
	s->lead[lead_end - pos + 1] = '\0';
	r->byline = r->byline_end = 0;
	for (i = 0; i < s->npats; i++)
		if (s->pats[i].where == NT_SCRAPE_LEAD &&
		    nt_scrape_match(s, &s->pats[i], s->lead, lead_end - pos + 1, 0, &ms, &me)) {
			size_t as, ae;
			int author = nt_scrape_group(s, &s->pats[i], "author", &as, &ae);

			if (author && s->lead[ms] == '\n' && !a->meta[NT_META_AUTHOR]) {
				r->byline = pos - 1 + as;
				r->byline_end = pos - 1 + ae;
			}
			nt_scrape_fill(s, &s->pats[i], s->lead, pos - 1, origin, a);
			if (s->lead[ms] == '\n')
				nt_meta_lines_add(&ml, text, pos + ms, pos + me - 1, end, !author);
		}
	/* the footers fill what the head of the article left unset: the
	 * agency of a dateline wins over the publisher of a copyright line */
	for (k = 0; k < nfooters; k++)
		if (nt_scrape_match(s, &s->pats[footers[k].pat], text, footers[k].end, footers[k].from,
				    &ms, &me))
			nt_scrape_fill(s, &s->pats[footers[k].pat], text, 0, origin, a);
	nt_scrape_title(text, pos, end, &ml, origin, a);
	r->body = pos;
	r->body_end = end;
}
