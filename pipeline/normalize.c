/* normalize.c - the normalize stage: from raw bytes to the matching view.
 *
 * Later stages match against one "view" of the article and report offsets
 * into the original, so every step here keeps, for each code point it
 * produces, the range of original code points it came from:
 *
 *   1. decode: raw bytes -> original text (valid UTF-8; invalid bytes become
 *      U+FFFD, never dropped) and the byte offset of every code point;
 *   2. compose: Unicode NFC per extended grapheme cluster (UAX #29 via
 *      utf8proc), so a composed character maps to its whole cluster;
 *   3. fold: CRLF and CR to LF, HTML character references ("&amp;",
 *      htmlref.h) to the characters they stand for, then typographic
 *      folding (fold.h);
 *   4. scrape: header/footer boilerplate out of the view, metadata in
 *      (scrape.h), and the author's name in a byline blanked (it names
 *      the writer, not a subject);
 *   5. unglue: spaces inserted where glued words were split (glue.h),
 *      between a number and a common word glued to it ("3,000people",
 *      "COP29preparations"), after a possessive glued to the next word
 *      ("Azerbaijan'sForeign"), after a comma or semicolon squeezed
 *      between two letters ("agenda,as well") and after a full stop
 *      before a capitalised word ("Tuesday.The"); an inserted space maps
 *      to an empty original range;
 *   6. note where the body's lead ends and a hash of its letters and digits
 *      (body.h).
 *
 * Steps 2-3 work on an array of units (code point + original range); steps
 * 4-6 on its UTF-8 encoding.  Buffers live in the stage context and are
 * reused, so memory is bounded by the largest article seen. */
#include "normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "body.h"
#include "fold.h"
#include "glue.h"
#include "htmlref.h"
#include "scrape.h"

/* Word-at-a-time tests (Mycroft's zero-byte trick): a byte with its high
 * bit set, or a zero byte, somewhere in a 64-bit word. */
#define NT_HIGH_BITS 0x8080808080808080ull
#define NT_LOW_BITS 0x0101010101010101ull

/* Nonzero if a byte of W is zero / is below N (N <= 128); Anderson's "Bit
 * Twiddling Hacks" (haszero, hasless). */
#define NT_HAS_ZERO(w) (((w) - NT_LOW_BITS) & ~(w) & NT_HIGH_BITS)
#define NT_HAS_LESS(w, n) (((w) - NT_LOW_BITS * (n)) & ~(w) & NT_HIGH_BITS)

/* Nonzero if the 8 bytes of W are plain printable ASCII (0x20-0x7E) and
 * none is '&': characters the compose step copies as they are. */
static inline int
nt_plain8(uint64_t w)
{
	uint64_t amp = w ^ (NT_LOW_BITS * '&'), del = w ^ (NT_LOW_BITS * 0x7F);

	return !((w & NT_HIGH_BITS) | NT_HAS_LESS(w, 0x20) | NT_HAS_ZERO(amp) | NT_HAS_ZERO(del));
}

struct nt_unit {
	int32_t cp;
	uint32_t start, end;     /* original code-point range */
};

struct nt_normalize {
	struct nt_glue *glue;    /* NULL: no word list, no unglueing */
	struct nt_scrape *scrape;
	struct nt_unit *units;   /* folded text, one unit per code point */
	size_t nunits, units_cap;
	int32_t *cluster;        /* code points of one composed grapheme cluster */
	size_t cluster_cap;
	char *folded;            /* UTF-8 of units */
	uint32_t *folded_unit;   /* unit index of each byte of folded */
	size_t folded_len, folded_cap, fu_cap;
	size_t note_from, note_to;   /* the units unglue works on, for nt_normalize_note */
};

static const char *const nt_normalize_keys[] = { "normalize", NULL };
static const char *const nt_normalize_section_keys[] = {
	"words", "months", "header", "footer", "lead", NULL
};

static void nt_normalize_fini(void *ctx);

static void *
nt_normalize_init(const struct nt_rules *rules, const struct nt_config *cfg, struct nt_err *err)
{
	struct nt_normalize *n = nt_xcalloc(1, sizeof *n);
	const struct nt_node *words = NULL;
	const struct nt_rule_file *words_file = NULL;
	size_t i;

	(void)cfg;   /* nothing in it is normalize's */
	n->scrape = nt_scrape_new();
	for (i = 0; i < rules->nfiles; i++) {
		const struct nt_node *sec = nt_node_get(rules->files[i].root, "normalize");
		const struct nt_node *w;

		if (!sec)
			continue;
		if (nt_node_check_keys(sec, "normalize", nt_normalize_section_keys, err) != 0 ||
		    nt_scrape_add(n->scrape, sec, err) != 0)
			goto fail;
		if ((w = nt_node_get(sec, "words"))) {
			if (!nt_node_scalar(w, "'words'", err))
				goto fail;
			words = w;
			words_file = &rules->files[i];
		}
	}
	if (words) {
		char *path = nt_xmalloc(strlen(words_file->dir) + words->len + 2);
		struct nt_err werr = { "" };

		if (words->str[0] == '/')
			strcpy(path, words->str);
		else
			sprintf(path, "%s/%s", words_file->dir, words->str);
		n->glue = nt_glue_load(path, &werr);
		free(path);
		if (!n->glue) {
			nt_node_err(err, words, "cannot read word list: %s", werr.text);
			goto fail;
		}
	}
	return n;
fail:
	nt_normalize_fini(n);
	return NULL;
}

static void *
nt_normalize_fork(const void *ctx)
{
	const struct nt_normalize *n = ctx;
	struct nt_normalize *f = nt_xcalloc(1, sizeof *f);

	f->scrape = nt_scrape_fork(n->scrape);
	f->glue = nt_glue_fork(n->glue);
	return f;
}

static void
nt_normalize_fini(void *ctx)
{
	struct nt_normalize *n = ctx;

	if (!n)
		return;
	nt_glue_free(n->glue);
	nt_scrape_free(n->scrape);
	free(n->units);
	free(n->cluster);
	free(n->folded);
	free(n->folded_unit);
	free(n);
}

void
nt_normalize_decode(struct nt_article *a)
{
	const unsigned char *p = (const unsigned char *)a->raw;
	size_t len = a->raw_len, i = 0, bad = 0, nul = 0;
	uint32_t first_bad = 0, first_nul = 0;

	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	nt_grow(&a->text, &a->text_cap, len * 3 + 1, 1);   /* U+FFFD is 3 bytes */
	nt_grow(&a->cp_at, &a->cp_cap, len + 1, sizeof *a->cp_at);
	a->text_len = a->ncp = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;

		/* Fast path: eight ASCII bytes, none of them NUL (the usual case). */
		while (i + 8 <= len) {
			uint64_t w;
			size_t b;

			memcpy(&w, p + i, 8);
			if ((w & NT_HIGH_BITS) || NT_HAS_ZERO(w))
				break;
			memcpy(a->text + a->text_len, &w, 8);
			for (b = 0; b < 8; b++)
				a->cp_at[a->ncp + b] = (uint32_t)(a->text_len + b);
			a->text_len += 8;
			a->ncp += 8;
			i += 8;
		}
		if (i == len)
			break;
		a->cp_at[a->ncp] = (uint32_t)a->text_len;
		if (p[i] < 0x80) {
			if (p[i] == 0 && nul++ == 0)
				first_nul = (uint32_t)a->ncp;
			a->text[a->text_len++] = (char)p[i++];
			a->ncp++;
			continue;
		}
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k > 0) {
			memcpy(a->text + a->text_len, p + i, (size_t)k);
			a->text_len += (size_t)k;
			i += (size_t)k;
		} else {
			if (bad++ == 0)
				first_bad = (uint32_t)a->ncp;
			memcpy(a->text + a->text_len, "\xEF\xBF\xBD", 3);
			a->text_len += 3;
			i++;
		}
		a->ncp++;
	}
	a->cp_at[a->ncp] = (uint32_t)a->text_len;
	a->text[a->text_len] = '\0';
	if (bad) {
		unsigned line, col;

		nt_article_line_col(a, first_bad, &line, &col);
		nt_article_warn(a, "%u:%u: invalid UTF-8: %zu byte%s replaced with U+FFFD", line, col,
				bad, bad == 1 ? "" : "s");
	}
	if (nul) {
		unsigned line, col;

		nt_article_line_col(a, first_nul, &line, &col);
		nt_article_warn(a, "%u:%u: %zu NUL byte%s read as space", line, col, nul,
				nul == 1 ? "" : "s");
	}
}

/* Make room in N for MORE units and their UTF-8 after those it holds. */
static void
nt_units_room(struct nt_normalize *n, size_t more)
{
	nt_grow(&n->units, &n->units_cap, n->nunits + more + 1, sizeof *n->units);
	nt_grow(&n->folded, &n->folded_cap, n->folded_len + 4 * more + 1, 1);
	nt_grow(&n->folded_unit, &n->fu_cap, n->folded_len + 4 * more + 1,
		sizeof *n->folded_unit);
}

/* Append the unit CP from original range [start, end) to N, and its UTF-8
 * to N's folded text. */
static void
nt_unit_push(struct nt_normalize *n, int32_t cp, uint32_t start, uint32_t end)
{
	utf8proc_ssize_t k;

	nt_units_room(n, 1);
	n->units[n->nunits] = (struct nt_unit){ cp, start, end };
	k = utf8proc_encode_char(cp, (utf8proc_uint8_t *)n->folded + n->folded_len);
	while (k-- > 0)
		n->folded_unit[n->folded_len++] = (uint32_t)n->nunits;
	n->nunits++;
}

/* Fold the code points CPS[0..k) coming from original range [start, end):
 * CR LF to LF, lone CR to LF, then typographic folding. */
static void
nt_unit_fold(struct nt_normalize *n, const int32_t *cps, size_t k, uint32_t start, uint32_t end,
	     int32_t next)
{
	size_t i;

	for (i = 0; i < k; i++) {
		int32_t out[NT_FOLD_MAX];
		int m, j;

		if (cps[i] == '\r') {
			if ((i + 1 < k ? cps[i + 1] : next) == '\n')
				continue;
			out[0] = '\n';
			m = 1;
		} else {
			m = nt_fold_typo(cps[i], out);
		}
		for (j = 0; j < m; j++)
			nt_unit_push(n, out[j], start, end);
	}
}

/* Steps 2 and 3: A->text -> n->units, and their UTF-8 to n->folded with
 * the unit of each byte (NUL-terminated). */
static void
nt_normalize_compose(struct nt_normalize *n, const struct nt_article *a)
{
	const utf8proc_uint8_t *t = (const utf8proc_uint8_t *)a->text;
	size_t i = 0, ncp = a->ncp;

	n->nunits = n->folded_len = 0;
	while (i < a->ncp) {
		utf8proc_int32_t cp, next;
		utf8proc_int32_t state = 0;
		size_t j = i + 1;
		int c = t[a->cp_at[i]];

		/* Fast path: a run of ASCII characters, each not followed by a
		 * combining mark (an ASCII code point is one byte, so the run
		 * is walked bytewise; t[text_len] is NUL).  An HTML character
		 * reference in it is one character (htmlref.h).  The unit and
		 * folded arrays are in locals, U and F, FU; units are
		 * numbered by U. */
		if (c < 0x80 && t[a->cp_at[i] + 1] < 0x80) {
			const utf8proc_uint8_t *p = t + a->cp_at[i];
			struct nt_unit *u;
			char *f;
			uint32_t *fu;

			/* at most a unit a code point: room for all that are
			 * left (and their UTF-8, in case a reference in the run
			 * folds to more) */
			nt_units_room(n, ncp - i);
			u = n->units + n->nunits;
			f = n->folded + n->folded_len;
			fu = n->folded_unit + n->folded_len;
			for (; i < ncp && (p[0] | p[1]) < 0x80; i++, p++) {
				int32_t ref;
				size_t len, b;
				uint64_t w;

				/* eight plain characters at once, no mark after them */
				if (i + 8 <= ncp && (memcpy(&w, p, 8), nt_plain8(w)) && p[8] < 0x80) {
					uint32_t k = (uint32_t)(u - n->units);

					memcpy(f, p, 8);
#pragma GCC unroll 8
					for (b = 0; b < 8; b++) {
						u[b] = (struct nt_unit){ p[b], (uint32_t)(i + b),
									 (uint32_t)(i + b + 1) };
						fu[b] = k + (uint32_t)b;
					}
					u += 8;
					f += 8;
					fu += 8;
					i += 7;
					p += 7;
					continue;
				}
				c = p[0];
				if (c == '&' && (len = nt_htmlref_read((const char *)p,
								       a->text_len - a->cp_at[i], &ref))) {
					n->nunits = (size_t)(u - n->units);
					n->folded_len = (size_t)(f - n->folded);
					nt_unit_fold(n, &ref, 1, (uint32_t)i, (uint32_t)(i + len), -1);
					nt_units_room(n, ncp - i);
					u = n->units + n->nunits;
					f = n->folded + n->folded_len;
					fu = n->folded_unit + n->folded_len;
					i += len - 1;
					p += len - 1;
					continue;
				}
				if ((unsigned)(c - 0x20) >= 0x7F - 0x20) {   /* a control character */
					if (c == '\r')
						c = p[1] == '\n' ? -1 : '\n';
					else if (c != '\n')
						c = ' ';
					if (c < 0)
						continue;
				}
				*f++ = (char)c;
				*fu++ = (uint32_t)(u - n->units);
				*u++ = (struct nt_unit){ c, (uint32_t)i, (uint32_t)i + 1 };
			}
			n->nunits = (size_t)(u - n->units);
			n->folded_len = (size_t)(f - n->folded);
			continue;
		}
		utf8proc_iterate(t + a->cp_at[i], 4, &cp);
		/* Extend to the end of the grapheme cluster. */
		{
			utf8proc_int32_t prev = cp;

			next = -1;
			while (j < a->ncp) {
				utf8proc_iterate(t + a->cp_at[j], 4, &next);
				if (utf8proc_grapheme_break_stateful(prev, next, &state))
					break;
				prev = next;
				j++;
			}
			if (j == a->ncp)
				next = -1;
		}
		{
			utf8proc_uint8_t *nfc = NULL;
			utf8proc_ssize_t len = utf8proc_map(t + a->cp_at[i], a->cp_at[j] - a->cp_at[i],
							    &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
			utf8proc_ssize_t off = 0;
			size_t k = 0, m;

			if (len < 0) {   /* cannot happen for valid UTF-8; keep the text as is */
				for (; i < j; i++) {
					utf8proc_iterate(t + a->cp_at[i], 4, &cp);
					nt_unit_fold(n, &cp, 1, (uint32_t)i, (uint32_t)i + 1, -1);
				}
				continue;
			}
			while (off < len) {
				if (k == n->cluster_cap)
					nt_grow(&n->cluster, &n->cluster_cap, k + 1, sizeof *n->cluster);
				off += utf8proc_iterate(nfc + off, len - off, &n->cluster[k++]);
			}
			free(nfc);
			if (k == j - i) {   /* unchanged length: keep per-code-point ranges */
				for (m = 0; m < k; m++)
					nt_unit_fold(n, &n->cluster[m], 1, (uint32_t)(i + m),
						     (uint32_t)(i + m + 1), m + 1 < k ? n->cluster[m + 1] : next);
			} else {
				nt_unit_fold(n, n->cluster, k, (uint32_t)i, (uint32_t)j, next);
			}
		}
		i = j;
	}
	nt_units_room(n, 0);
	n->folded[n->folded_len] = '\0';
}

/* Grow A's view and map to at least NEED bytes. */
static void
nt_view_grow(struct nt_article *a, size_t need)
{
	if (need > a->view_cap)
		nt_grow(&a->view, &a->view_cap, need, 1);
	if (need > a->map_cap) {
		size_t cap = a->map_cap;

		nt_grow(&a->view_start, &cap, need, sizeof *a->view_start);
		a->view_end = nt_xrealloc(a->view_end, cap * sizeof *a->view_end);
		a->map_cap = cap;
	}
}

/* The view of an article being written: its three arrays and length in
 * locals, since a store to the char view may alias the article's fields
 * and the compiler would reload them at every byte.  nt_view_open takes
 * them from A; nt_view_close stores the length back. */
struct nt_view_out {
	char *v;
	uint32_t *vs, *ve;
	size_t len;
};

static inline struct nt_view_out
nt_view_open(const struct nt_article *a)
{
	return (struct nt_view_out){ a->view, a->view_start, a->view_end, a->view_len };
}

static inline void
nt_view_close(struct nt_article *a, const struct nt_view_out *o)
{
	a->view_len = o->len;
}

/* Append CP from original range [start, end) to O (start == end: a soft
 * space, there for glue only); the caller has reserved 4 bytes for it. */
static inline void
nt_view_put(struct nt_view_out *o, int32_t cp, uint32_t start, uint32_t end)
{
	utf8proc_uint8_t buf[4];
	utf8proc_ssize_t k, b;

	if (cp < 0x80) {
		o->v[o->len] = (char)cp;
		o->vs[o->len] = start;
		o->ve[o->len++] = end;
		return;
	}
	k = utf8proc_encode_char(cp, buf);
	for (b = 0; b < k; b++) {
		o->v[o->len] = (char)buf[b];
		o->vs[o->len] = start;
		o->ve[o->len++] = end;
	}
}

/* Append units U[0..N) to O, with a soft space before unit CUTS[c] for
 * each of the NCUTS ascending cuts; the caller has reserved room. */
static void
nt_view_put_units(struct nt_view_out *o, const struct nt_unit *u, size_t n, const size_t *cuts,
		  size_t ncuts)
{
	size_t k, c = 0;

	for (k = 0; k < n; k++) {
		if (c < ncuts && cuts[c] == k) {
			nt_view_put(o, ' ', u[k].start, u[k].start);
			c++;
		}
		nt_view_put(o, u[k].cp, u[k].start, u[k].end);
	}
}

/* nt_glue_article_fn: note the tokens of units [note_from, note_to). */
static void
nt_normalize_note(void *arg, struct nt_glue *g)
{
	struct nt_normalize *n = arg;
	int32_t token[NT_GLUE_MAX_TOKEN];
	size_t i = n->note_from, to = n->note_to, j, k;

	while (i < to) {
		int32_t c = n->units[i].cp;

		if (!nt_is_letter_cp(c)) {
			i++;
			continue;
		}
		for (j = i + 1; j < to && nt_is_letter_cp(n->units[j].cp); j++)
			;
		/* spare nt_glue_note the short lower-case ASCII tokens it drops */
		if ((j - i >= 5 || (c >= 'A' && c <= 'Z') || c >= 0x80) && j - i <= NT_GLUE_MAX_TOKEN) {
			for (k = i; k < j; k++)
				token[k - i] = n->units[k].cp;
			nt_glue_note(g, token, j - i);
		}
		i = j;
	}
}

static inline int
nt_is_digit_cp(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* The cuts glue makes in letter run U[0..N), into CUTS; how many.  PREV
 * is what comes before the run: after a digit, a run that is a common word
 * gets one cut before it ("3,000people"; a capitalised one too when the
 * digits end a code, CODE: "COP29President", not "3Station"); after an
 * apostrophe, a run of "s" and a capitalised word one after the "s"
 * ("Azerbaijan'sForeign"). */
static int
nt_normalize_cuts(struct nt_normalize *n, const struct nt_unit *u, size_t len, int32_t prev,
		  int code, size_t *cuts)
{
	int32_t token[NT_GLUE_MAX_TOKEN];
	size_t k;

	if (len < 4 || len > NT_GLUE_MAX_TOKEN || !n->glue)
		return 0;
	for (k = 0; k < len; k++)
		token[k] = u[k].cp;
	if (nt_is_digit_cp(prev) && nt_glue_word_after_number(n->glue, token, len, code)) {
		cuts[0] = 0;
		return 1;
	}
	if (prev == '\'' && token[0] == 's' && token[1] >= 'A' && token[1] <= 'Z' &&
	    token[2] >= 'a' && token[2] <= 'z') {
		cuts[0] = 1;
		return 1;
	}
	return nt_glue_cuts(n->glue, token, len, cuts);
}

/* Nonzero if U[from, i) ends in a code: letters, then digits
 * ("COP29", "G20"). */
static int
nt_unit_code_before(const struct nt_unit *u, size_t from, size_t i)
{
	size_t k = i;

	while (k > from && nt_is_digit_cp(u[k - 1].cp))
		k--;
	return k < i && k > from && nt_is_letter_cp(u[k - 1].cp);
}

/* Nonzero if U[k, k + 4) is a year: four digits, 1900-2099. */
static int
nt_units_year(const struct nt_unit *u, size_t k)
{
	return ((u[k].cp == '1' && u[k + 1].cp == '9') || (u[k].cp == '2' && u[k + 1].cp == '0')) &&
	       nt_is_digit_cp(u[k + 2].cp) && nt_is_digit_cp(u[k + 3].cp);
}

/* Nonzero if U[i - 4, i) is a year after no digit, full stop or comma
 * ("in 2024", not "1.2024" or "12024"). */
static int
nt_unit_year_before(const struct nt_unit *u, size_t from, size_t i)
{
	return i >= from + 4 && nt_units_year(u, i - 4) &&
	       (i == from + 4 || !strchr("0123456789.,", (int)u[i - 5].cp));
}

/* Nonzero if unit I of U[from, to) is a full stop that lost the space
 * after it: "Tuesday.The sides", "territories.Bayramov said", "in
 * 2024.The" (a word of two or more letters ending in lower case, or a
 * year, before it, a capitalised word of three or more after it; not
 * "U.S.", "reuters.com" or the site names "News.Az", "Trend.Az"). */
static int
nt_normalize_lost_sentence_space(const struct nt_unit *u, size_t from, size_t to, size_t i)
{
	return u[i].cp == '.' && i >= from + 2 && i + 3 < to &&
	       ((u[i - 1].cp >= 'a' && u[i - 1].cp <= 'z' && nt_is_letter_cp(u[i - 2].cp)) ||
		nt_unit_year_before(u, from, i)) &&
	       u[i + 1].cp >= 'A' && u[i + 1].cp <= 'Z' && u[i + 2].cp >= 'a' && u[i + 2].cp <= 'z' &&
	       nt_is_letter_cp(u[i + 3].cp);
}

/* Nonzero if units U[i, to) open with a year glued to the letter run
 * U[run, i) before them: a year and no more letters or digits, after a
 * common lower-case word ("by2030", "in2024"). */
static int
nt_normalize_year_after_word(struct nt_normalize *n, const struct nt_unit *u, size_t run,
			     size_t i, size_t to)
{
	int32_t token[NT_GLUE_MAX_TOKEN];
	size_t k;

	if (i + 4 > to || i - run > NT_GLUE_MAX_TOKEN || u[i].start < u[i - 1].end ||
	    !nt_units_year(u, i) ||
	    (i + 4 < to && (nt_is_letter_cp(u[i + 4].cp) || nt_is_digit_cp(u[i + 4].cp))))
		return 0;
	for (k = run; k < i; k++)
		token[k - run] = u[k].cp;
	return nt_glue_word_before_year(n->glue, token, i - run);
}

/* Make sure A's view has room for NEED bytes in all, with O, the view
 * being written, stored back and taken again if it moves. */
static inline void
nt_view_room(struct nt_article *a, struct nt_view_out *o, size_t need)
{
	if (need > a->view_cap || need > a->map_cap) {
		nt_view_close(a, o);
		nt_view_grow(a, need);
		*o = nt_view_open(a);
	}
}

/* Step 5: units [from, to), BYTES bytes of UTF-8 -> A's view, splitting
 * glued tokens.  Units go to the view as they come; a letter run that
 * glue cuts (rare) is written again over itself with its spaces.  The
 * view holds BYTES, the soft spaces and a sentinel. */
static void
nt_normalize_unglue(struct nt_normalize *n, struct nt_article *a, size_t from, size_t to,
		    size_t bytes)
{
	const struct nt_unit *u = n->units;
	struct nt_view_out o;
	size_t i, run = from, run_at = 0, spaces = 0, cuts[NT_GLUE_MAX_CUTS];
	int in_run = 0, ncuts;

	n->note_from = from;
	n->note_to = to;
	nt_glue_begin(n->glue, nt_normalize_note, n);
	a->view_len = 0;
	a->folded_ok = 0;
	o = nt_view_open(a);
	nt_view_room(a, &o, bytes + 1);
	for (i = from; i <= to; i++) {
		const struct nt_unit *c;

		if (i < to && nt_is_letter_cp(u[i].cp)) {
			if (!in_run) {
				in_run = 1;
				run = i;
				run_at = o.len;
			}
			nt_view_put(&o, u[i].cp, u[i].start, u[i].end);
			continue;
		}
		if (in_run && (ncuts = nt_normalize_cuts(n, u + run, i - run,
							  run > from && u[run].start >= u[run - 1].end ?
							  u[run - 1].cp : -1,
							  nt_unit_code_before(u, from, run), cuts)) > 0) {
			spaces += (size_t)ncuts;
			nt_view_room(a, &o, bytes + spaces + 1);
			o.len = run_at;
			nt_view_put_units(&o, u + run, i - run, cuts, (size_t)ncuts);
		}
		if (i == to)
			break;
		c = &u[i];
		if (in_run && nt_normalize_year_after_word(n, u, run, i, to)) {
			nt_view_room(a, &o, bytes + ++spaces + 1);
			nt_view_put(&o, ' ', c->start, c->start);
		}
		in_run = 0;
		nt_view_put(&o, c->cp, c->start, c->end);
		if ((((c->cp == ',' || c->cp == ';') && i > from && i + 1 < to &&
		      nt_is_letter_cp(c[-1].cp) && nt_is_letter_cp(c[1].cp)) ||
		     nt_normalize_lost_sentence_space(u, from, to, i)) &&
		    c[1].start >= c->end) {   /* not inside one composed cluster */
			nt_view_room(a, &o, bytes + ++spaces + 1);
			nt_view_put(&o, ' ', c[1].start, c[1].start);
		}
	}
	nt_view_close(a, &o);
	a->view_start[a->view_len] = a->view_end[a->view_len] = (uint32_t)a->ncp;
	a->view[a->view_len] = '\0';
}

/* The folded text's origin, for scraped metadata: N's units and A's
 * decoded text. */
struct nt_normalize_origin {
	const struct nt_normalize *n;
	const struct nt_article *a;
};

/* struct nt_scrape_origin's text: folded bytes [start, end) (end > start)
 * are the units of their first and last bytes and all between, which
 * come from original code points [units[first].start, units[last].end). */
static const char *
nt_normalize_origin_text(void *arg, size_t start, size_t end, size_t *len)
{
	const struct nt_normalize_origin *o = arg;
	const struct nt_unit *first = &o->n->units[o->n->folded_unit[start]];
	const struct nt_unit *last = &o->n->units[o->n->folded_unit[end - 1]];
	size_t os = o->a->cp_at[first->start], oe = o->a->cp_at[last->end];

	*len = oe > os ? oe - os : 0;
	return o->a->text + os;
}

static int
nt_normalize_run(void *ctx, struct nt_article *a, struct nt_err *err)
{
	struct nt_normalize *n = ctx;
	struct nt_normalize_origin from = { n, a };
	const struct nt_scrape_origin origin = { nt_normalize_origin_text, &from };
	struct nt_scrape_ranges r;
	size_t i;

	(void)err;
	nt_normalize_decode(a);
	nt_normalize_compose(n, a);
	nt_scrape_run(n->scrape, n->folded, n->folded_len, &origin, a, &r);
	/* the writer's name in a byline is blanked: no entity of the article */
	for (i = r.byline; i < r.byline_end && i < n->folded_len; i++)
		n->units[n->folded_unit[i]].cp = ' ';
	nt_normalize_unglue(n, a, r.body < n->folded_len ? n->folded_unit[r.body] : n->nunits,
			    r.body_end < n->folded_len ? n->folded_unit[r.body_end] : n->nunits,
			    r.body_end - r.body);
	nt_body_note(a);
	return 0;
}

const struct nt_stage nt_stage_normalize = {
	"normalize", nt_normalize_keys, nt_normalize_init, nt_normalize_run, nt_normalize_fork,
	nt_normalize_fini
};
