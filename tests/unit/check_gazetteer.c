/* check_gazetteer.c - unit tests of the trie matcher (gazetteer.c).
 *
 *   - a property test: a naive reference matcher written here (every alias
 *     compared element by element at every word start, longest kept,
 *     leftmost-longest, non-overlapping) against nt_gaz_scan on random alias
 *     sets and random texts over a small alphabet, so that shared prefixes,
 *     collisions, exact-case and exact-accent aliases, soft spaces and blank
 *     lines are frequent; the folded text itself is checked against an
 *     independent fold of that alphabet;
 *   - the folding rules one by one (case, accents, apostrophes, hyphens and
 *     spaces, possessives, soft spaces, exact case and accents, word
 *     boundaries), nt_gaz_add's refusals and nt_gaz_lookup.
 *
 * Most tests build the matching view by hand (testview.h), so that what
 * the matcher sees is exactly what the test says; in view specs '|' stands
 * for a soft space (one normalize inserted between glued words).  A few tests run the
 * real normalize stage, with rules/normalize.yaml from $srcdir (make check
 * sets srcdir; "." when unset). */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "fold.h"
#include "fnv.h"
#include "gazetteer.h"
#include "normalize.h"
#include "rules.h"
#include "stage.h"
#include "testview.h"

/* ---------------------------------------------------------------- helpers */

/* Fold the view spec SPEC ('|' = soft space) into T. */
static void
build(struct nt_gaz_text *t, const char *spec)
{
	struct nt_article a;

	test_view_build(&a, spec);
	nt_gaz_text_build(t, &a);
	test_view_free(&a);
}

/* A choose callback: the smallest value. */
static int
choose_min(void *arg, const struct nt_gaz_text *t, size_t start, size_t end, const int *values,
	   size_t nvalues)
{
	int best = -1;
	size_t i;

	(void)arg;
	REQUIRE(nt_gaz_word_start(t, start), "choose called off a word start");
	REQUIRE(nt_gaz_word_end(t, end), "choose called off a word end");
	for (i = 0; i < nvalues; i++)
		if (best < 0 || values[i] < best)
			best = values[i];
	return best;
}

/* A choose callback: the smallest even value, or -1 (refuse). */
static int
choose_even(void *arg, const struct nt_gaz_text *t, size_t start, size_t end,
	    const int *values, size_t nvalues)
{
	int best = -1;
	size_t i;

	(void)arg;
	(void)t;
	(void)start;
	(void)end;
	for (i = 0; i < nvalues; i++)
		if (values[i] % 2 == 0 && (best < 0 || values[i] < best))
			best = values[i];
	return best;
}

struct match {
	size_t start, end;
	int value;
};

struct matches {
	struct match m[4096];
	size_t n;
};

static void
collect(void *arg, size_t start, size_t end, int value)
{
	struct matches *ms = arg;

	REQUIRE(ms->n < sizeof ms->m / sizeof ms->m[0], "too many matches");
	ms->m[ms->n].start = start;
	ms->m[ms->n].end = end;
	ms->m[ms->n].value = value;
	ms->n++;
}

/* Scan the view spec SPEC with G; the matches as "VSTART-VEND=VALUE ..."
 * in view bytes (static buffer). */
static const char *
scan(const struct nt_gaz *g, const char *spec)
{
	static char out[4096];
	static struct matches ms;
	struct nt_gaz_text t = { NULL, 0, 0 };
	size_t i, len = 0;

	build(&t, spec);
	ms.n = 0;
	nt_gaz_scan(g, &t, choose_min, collect, &ms);
	out[0] = '\0';
	for (i = 0; i < ms.n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%u-%u=%d", i ? " " : "",
					(unsigned)t.e[ms.m[i].start].vstart,
					(unsigned)t.e[ms.m[i].end - 1].vend, ms.m[i].value);
	nt_gaz_text_free(&t);
	return out;
}

/* A gazetteer of the aliases in LIST ("alias", value and flags in turn,
 * ending with NULL). */
static struct nt_gaz *
gaz_of(const char *alias, ...)
{
	struct nt_gaz *g = nt_gaz_new();
	va_list ap;

	va_start(ap, alias);
	for (; alias; alias = va_arg(ap, const char *)) {
		int value = va_arg(ap, int);
		unsigned flags = va_arg(ap, unsigned);

		ck_assert_int_eq(nt_gaz_add(g, alias, value, flags), 0);
	}
	va_end(ap);
	return g;
}

/* ------------------------------------------------- the reference matcher */

/* One element of the reference fold. */
struct relem {
	int fold;      /* folded character, ' ' for a space/hyphen run */
	int raw;       /* as written (space runs as ' '); 'E' + 256 for É, 'e' + 256 for é */
	int soft;      /* a soft space lies before it */
	int unspaced;  /* a Han ideograph: a word of its own */
	int brk;       /* a space run holding two newlines or more */
	size_t vstart, vend;
};

struct rtext {
	struct relem e[1024];
	size_t n;
};

#define CP_E_ACUTE 0xE9
#define CP_CAP_E_ACUTE 0xC9
#define CP_ZHONG 0x4E2D   /* 中, UTF-8 E4 B8 AD */
#define CP_GUO 0x56FD     /* 国, UTF-8 E5 9B BD */

/* Fold SPEC ('|' = soft space; UTF-8 é/É; ’ as a curly apostrophe in
 * aliases; 中 and 国, which are words of their own) independently of
 * gazetteer.c, for the alphabet of the property test: ASCII, é, É, ’, 中,
 * 国. */
static void
rfold(struct rtext *r, const char *spec)
{
	const unsigned char *s = (const unsigned char *)spec;
	size_t i = 0;
	int soft = 0;

	r->n = 0;
	while (s[i]) {
		size_t k = 1;
		int cp = s[i], fold, raw;

		if (s[i] == 0xC3 && (s[i + 1] == 0xA9 || s[i + 1] == 0x89)) {
			cp = s[i + 1] == 0xA9 ? CP_E_ACUTE : CP_CAP_E_ACUTE;
			k = 2;
		} else if (s[i] == 0xE4 && s[i + 1] == 0xB8 && s[i + 2] == 0xAD) {
			cp = CP_ZHONG;
			k = 3;
		} else if (s[i] == 0xE5 && s[i + 1] == 0x9B && s[i + 2] == 0xBD) {
			cp = CP_GUO;
			k = 3;
		} else if (s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
			cp = '\'';   /* typographic fold of an alias */
			k = 3;
		}
		if (cp == '|') {
			soft = 1;
			i += k;
			continue;
		}
		if (cp == ' ' || cp == '-' || cp == '\n' || cp == '\t') {
			if (r->n && r->e[r->n - 1].fold == ' ') {
				struct relem *last = &r->e[r->n - 1];

				last->vend = i + k;
				last->brk += cp == '\n';   /* counts newlines until the end */
				i += k;
				continue;
			}
			fold = ' ';
			raw = ' ';
		} else if (cp == CP_E_ACUTE || cp == CP_CAP_E_ACUTE) {
			fold = 'e';
			raw = cp;
		} else {
			fold = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
			raw = cp;
		}
		REQUIRE(r->n < sizeof r->e / sizeof r->e[0], "text too long");
		r->e[r->n].fold = fold;
		r->e[r->n].raw = raw;
		r->e[r->n].soft = soft;
		r->e[r->n].unspaced = cp == CP_ZHONG || cp == CP_GUO;
		r->e[r->n].brk = cp == '\n';
		r->e[r->n].vstart = i;
		r->e[r->n].vend = i + k;
		r->n++;
		soft = 0;
		i += k;
	}
	for (i = 0; i < r->n; i++)
		r->e[i].brk = r->e[i].fold == ' ' && r->e[i].brk >= 2;
}

/* An alias folded: trailing space runs dropped (aliases here have none
 * leading). */
static void
rfold_alias(struct rtext *r, const char *alias)
{
	rfold(r, alias);
	while (r->n && r->e[r->n - 1].fold == ' ')
		r->n--;
}

static int
rword(int fold)
{
	return (fold >= 'a' && fold <= 'z') || (fold >= '0' && fold <= '9') ||
	       fold == CP_ZHONG || fold == CP_GUO;
}

/* Nonzero if a word bound lies before element K (K < n) even inside a
 * run of word characters: a soft space, or an ideograph on either side. */
static int
rsoft(const struct rtext *t, size_t k)
{
	return t->e[k].soft || t->e[k].unspaced || (k > 0 && t->e[k - 1].unspaced);
}

static int
rword_start(const struct rtext *t, size_t k)
{
	return k < t->n && rword(t->e[k].fold) &&
	       (k == 0 || !rword(t->e[k - 1].fold) || rsoft(t, k));
}

static int
rword_end(const struct rtext *t, size_t k)
{
	return k == t->n || !rword(t->e[k].fold) || rsoft(t, k) ||
	       (k > 0 && !rword(t->e[k - 1].fold));
}

/* Case fold of a raw element for NT_GAZ_EXACT_ACCENTS. */
static int
rcase(int raw)
{
	if (raw >= 'A' && raw <= 'Z')
		return raw + 32;
	if (raw == CP_CAP_E_ACUTE)
		return CP_E_ACUTE;
	return raw;
}

struct ralias {
	char text[128];
	struct rtext f;
	int value;
	unsigned flags;
};

/* Nonzero if alias A matches elements [k, k + A->f.n) of T. */
static int
ralias_at(const struct ralias *a, const struct rtext *t, size_t k)
{
	size_t i;

	if (k + a->f.n > t->n)
		return 0;
	for (i = 0; i < a->f.n; i++) {
		const struct relem *x = &t->e[k + i], *y = &a->f.e[i];

		if (x->fold != y->fold || (i > 0 && x->brk))
			return 0;
		if ((a->flags & NT_GAZ_EXACT_CASE) && x->raw != y->raw)
			return 0;
		if ((a->flags & NT_GAZ_EXACT_ACCENTS) && rcase(x->raw) != rcase(y->raw))
			return 0;
	}
	return rword_end(t, k + a->f.n);
}

/* The reference scan: leftmost-longest, the smallest value (an even one
 * when EVEN), non-overlapping. */
static void
rscan(const struct ralias *al, size_t nal, const struct rtext *t, int even, struct matches *ms)
{
	size_t k = 0, i;

	ms->n = 0;
	while (k < t->n) {
		size_t best_len = 0;
		int best = -1;

		if (!rword_start(t, k)) {
			k++;
			continue;
		}
		for (i = 0; i < nal; i++) {
			const struct ralias *a = &al[i];

			if (a->f.n < best_len || (even && a->value % 2) || !ralias_at(a, t, k))
				continue;
			if (a->f.n > best_len || a->value < best) {
				best_len = a->f.n;
				best = a->value;
			}
		}
		if (best < 0) {
			k++;
			continue;
		}
		collect(ms, k, k + best_len, best);
		k += best_len;
	}
}

static const char *const alphabet[] = {
	"a", "b", "ab", "ba", "aa", "é", "É", "x-y", "bé", "a'b", "e", "be",
	"中", "中国", "a中", "国b"
};
#define NALPHA (sizeof alphabet / sizeof alphabet[0])

/* Append a random word to BUF (at *N): an alphabet word, sometimes with
 * capitals. */
static void
rand_word(char *buf, size_t *n, int for_alias)
{
	const char *w = alphabet[test_rnd(NALPHA)];
	int caps = test_rnd(4);   /* 0, 1: as is; 2: first capital; 3: all capitals */
	size_t i;

	for (i = 0; w[i]; i++) {
		char ch = w[i];

		if (ch >= 'a' && ch <= 'z' && (caps == 3 || (caps == 2 && i == 0)))
			ch = (char)(ch - 32);
		if (for_alias && ch == '\'' && test_rnd(2)) {
			memcpy(buf + *n, "\xe2\x80\x99", 3);   /* ’ */
			*n += 3;
			continue;
		}
		buf[(*n)++] = ch;
	}
	buf[*n] = '\0';
}

static void
rand_alias(struct ralias *a, int value)
{
	size_t n = 0, nw = 1 + test_rnd(4), w;
	static const char *const seps[] = { " ", "-", "  ", " - " };

	for (w = 0; w < nw; w++) {
		if (w) {
			const char *sep = seps[test_rnd(4)];

			memcpy(a->text + n, sep, strlen(sep));
			n += strlen(sep);
		}
		rand_word(a->text, &n, 1);
	}
	a->value = value;
	switch (test_rnd(8)) {
	case 0:
		a->flags = NT_GAZ_EXACT_CASE;
		break;
	case 1:
		a->flags = NT_GAZ_EXACT_ACCENTS;
		break;
	default:
		a->flags = 0;
	}
	if (test_rnd(10) == 0) {   /* an acronym, exact case */
		n = 0;
		a->text[n++] = "ABX"[test_rnd(3)];
		a->text[n++] = "ABY"[test_rnd(3)];
		a->text[n] = '\0';
		a->flags = NT_GAZ_EXACT_CASE;
	}
	rfold_alias(&a->f, a->text);
}

static void
rand_text(char *buf, size_t cap)
{
	static const char *const seps[] = {
		" ", " ", " ", " ", "-", "  ", "\n", "\n\n", " \n \n", ", ", ". ", "'s ", "(", ") ",
		"|", "|", "\n-\n", " - "
	};
	size_t n = 0, nw = 1 + test_rnd(40), w;

	buf[0] = '\0';
	if (test_rnd(4) == 0)
		buf[n++] = ' ';
	for (w = 0; w < nw && n + 32 < cap; w++) {
		if (w) {
			const char *sep = seps[test_rnd(sizeof seps / sizeof seps[0])];

			memcpy(buf + n, sep, strlen(sep));
			n += strlen(sep);
		}
		rand_word(buf, &n, 0);
	}
	if (test_rnd(4) == 0)
		buf[n++] = '.';
	buf[n] = '\0';
}

/* T's word starts are its elements with NT_GAZ_START, in order, and a
 * hashed one's length and hash are those of its run of word elements,
 * which holds no soft boundary. */
static void
check_heads(const struct nt_gaz_text *t, const char *spec)
{
	size_t i, j, h = 0;

	for (i = 0; i < t->n; i++) {
		const struct nt_gaz_head *hd;
		uint64_t hash = NT_FNV_SEED;

		if (!nt_gaz_word_start(t, i))
			continue;
		REQUIRE(h < t->nheads && t->heads[h].k == i, "word start %zu of \"%s\" (element %zu) "
			"not listed", h, spec, i);
		hd = &t->heads[h++];
		if (!hd->len)
			continue;
		for (j = i; j < t->n && (t->e[j].flags & NT_GAZ_WORD) &&
			    (j == i || !(t->e[j].flags & NT_GAZ_SOFT)); j++)
			hash = nt_fnv_step(hash, (uint32_t)t->e[j].fold);
		REQUIRE(j == i + hd->len && (j == t->n || !(t->e[j].flags & NT_GAZ_WORD)),
			"word start at %zu of \"%s\": length %u, run of %zu", i, spec, hd->len, j - i);
		REQUIRE(hash == hd->hash, "word start at %zu of \"%s\": wrong hash", i, spec);
	}
	REQUIRE(h == t->nheads, "\"%s\": %zu word starts listed, %zu found", spec, t->nheads, h);
}

/* Compare the library's fold of SPEC with the reference fold R. */
static void
check_fold(const struct nt_gaz_text *t, const struct rtext *r, const char *spec)
{
	size_t i;

	REQUIRE(t->n == r->n, "fold of \"%s\": %zu elements, expected %zu", spec, t->n, r->n);
	for (i = 0; i < r->n; i++) {
		const struct nt_gaz_elem *e = &t->e[i];

		REQUIRE(e->fold == r->e[i].fold, "fold of \"%s\" at %zu: %d, expected %d", spec, i,
			      e->fold, r->e[i].fold);
		REQUIRE(!!(e->flags & NT_GAZ_SOFT) == rsoft(r, i), "soft flag of \"%s\" at %zu",
			spec, i);
		REQUIRE(!!(e->flags & NT_GAZ_BREAK) == r->e[i].brk, "break flag of \"%s\" at %zu",
			      spec, i);
		REQUIRE(e->vstart == r->e[i].vstart && e->vend == r->e[i].vend,
			      "view range of \"%s\" at %zu: %u-%u, expected %zu-%zu", spec, i, e->vstart,
			      e->vend, r->e[i].vstart, r->e[i].vend);
		REQUIRE(nt_gaz_word_start(t, i) == rword_start(r, i), "word start of \"%s\" at %zu",
			spec, i);
		REQUIRE(nt_gaz_word_end(t, i) == rword_end(r, i), "word end of \"%s\" at %zu", spec, i);
	}
	check_heads(t, spec);
}

static void
check_same(const struct matches *got, const struct matches *want, const char *text,
	   size_t nal, int round)
{
	size_t i;

	for (i = 0; i < got->n && i < want->n; i++)
		REQUIRE(got->m[i].start == want->m[i].start && got->m[i].end == want->m[i].end &&
			      got->m[i].value == want->m[i].value,
			      "round %d (%zu aliases), text \"%s\": match %zu is [%zu,%zu)=%d, "
			      "expected [%zu,%zu)=%d",
			      round, nal, text, i, got->m[i].start, got->m[i].end, got->m[i].value,
			      want->m[i].start, want->m[i].end, want->m[i].value);
	REQUIRE(got->n == want->n, "round %d, text \"%s\": %zu matches, expected %zu", round,
		      text, got->n, want->n);
}

/* ------------------------------------------------------- property tests */

static struct ralias aliases[300];
static struct matches got, want;

START_TEST(test_random_against_reference)
{
	struct nt_gaz_text t = { NULL, 0, 0 };
	struct rtext r;
	char text[900];
	int round, sealed;
	size_t total = 0;

	test_rnd_seed(0x9E3779B97F4A7C15ull);
	for (round = 0; round < 400; round++) {
		size_t nal = 1 + test_rnd(test_rnd(2) ? 300 : 12), i, texts;
		struct nt_gaz *g = nt_gaz_new();

		for (i = 0; i < nal; i++) {
			/* values collide: several aliases share one */
			rand_alias(&aliases[i], (int)test_rnd((uint32_t)nal));
			REQUIRE(nt_gaz_add(g, aliases[i].text, aliases[i].value, aliases[i].flags) == 0,
				"cannot add \"%s\"", aliases[i].text);
		}
		ck_assert_uint_eq(nt_gaz_count(g), nal);
		/* the same answers from the trie as built and as sealed */
		for (sealed = 0; sealed < 2; sealed++) {
			if (sealed) {
				nt_gaz_seal(g);
				nt_gaz_seal(g);   /* twice: nothing happens */
				REQUIRE(nt_gaz_add(g, "late", 0, 0) == -1, "a sealed gazetteer takes an alias");
				ck_assert_uint_eq(nt_gaz_count(g), nal);
			}
			for (texts = 0; texts < 5; texts++) {
				rand_text(text, sizeof text);
				build(&t, text);
				rfold(&r, text);
				check_fold(&t, &r, text);
				got.n = 0;
				nt_gaz_scan(g, &t, choose_min, collect, &got);
				rscan(aliases, nal, &r, 0, &want);
				check_same(&got, &want, text, nal, round);
				total += got.n;
				got.n = 0;
				nt_gaz_scan(g, &t, choose_even, collect, &got);
				rscan(aliases, nal, &r, 1, &want);
				check_same(&got, &want, text, nal, round);
			}
			/* every alias finds itself (and its twins) through lookup */
			for (i = 0; i < nal; i++) {
				int out[300];
				size_t n, j, expect = 0, seen = 0;

				nt_gaz_text_alias(&t, aliases[i].text);
				n = nt_gaz_lookup(g, &t, 0, t.n, out, 300);
				for (j = 0; j < nal; j++)
					if (aliases[j].f.n == aliases[i].f.n &&
					    ralias_at(&aliases[j], &aliases[i].f, 0))
						expect++;
				REQUIRE(n == expect, "lookup \"%s\": %zu values, expected %zu",
					      aliases[i].text, n, expect);
				for (j = 0; j < n; j++)
					seen += out[j] == aliases[i].value;
				REQUIRE(seen >= 1, "lookup \"%s\" misses its own value", aliases[i].text);
			}
		}
		nt_gaz_free(g);
	}
	ck_assert_uint_gt(total, 1000);   /* the test does exercise matches */
	nt_gaz_text_free(&t);
}
END_TEST

/* Many aliases sharing long prefixes: the edge table rehashes many times. */
START_TEST(test_many_aliases)
{
	struct nt_gaz *g = nt_gaz_new();
	char alias[64], text[64];
	int i, sealed;

	for (i = 0; i < 20000; i++) {
		snprintf(alias, sizeof alias, "Name %d of %d", i, i % 97);
		REQUIRE(nt_gaz_add(g, alias, i, 0) == 0, "cannot add %s", alias);
	}
	ck_assert_uint_eq(nt_gaz_count(g), 20000);
	ck_assert_uint_gt(nt_gaz_nodes(g), 20000);
	for (sealed = 0; sealed < 2; sealed++) {   /* nodes of 10 children: binary search */
		if (sealed)
			nt_gaz_seal(g);
		for (i = 0; i < 20000; i += 997) {
			char expect[32];

			snprintf(text, sizeof text, "name %d of %d.", i, i % 97);
			snprintf(expect, sizeof expect, "0-%zu=%d", strlen(text) - 1, i);
			ck_assert_str_eq(scan(g, text), expect);
			snprintf(text, sizeof text, "name %d of %d0.", i, i % 97);
			ck_assert_str_eq(scan(g, text), "");
		}
		ck_assert_str_eq(scan(g, "name 5 of 6"), "");
	}
	nt_gaz_free(g);
}
END_TEST

/* ------------------------------------------------------------- folding */

START_TEST(test_fold_case_accents)
{
	struct nt_gaz *g = gaz_of("Turk", 1, 0u, "Çelik", 2, 0u, NULL);

	ck_assert_str_eq(scan(g, "Türk"), "0-5=1");
	ck_assert_str_eq(scan(g, "TURK turk TüRK"), "0-4=1 5-9=1 10-15=1");
	ck_assert_str_eq(scan(g, "celik ÇELİK"), "0-5=2 6-13=2");
	nt_gaz_free(g);
	g = gaz_of("Türk", 3, 0u, NULL);
	ck_assert_str_eq(scan(g, "Turk"), "0-4=3");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_fold_apostrophes)
{
	struct nt_gaz *g = gaz_of("UN Children\xe2\x80\x99s Fund", 1, 0u, "O'Brien", 2, 0u, NULL);

	ck_assert_str_eq(scan(g, "the UN Children's Fund"), "4-22=1");
	ck_assert_str_eq(scan(g, "OBrien O'Brien"), "7-14=2");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_fold_hyphen_space)
{
	struct nt_gaz *g = gaz_of("Secretary-General", 1, 0u, "High  Commissioner", 2, 0u, NULL);

	ck_assert_str_eq(scan(g, "Secretary General"), "0-17=1");
	ck_assert_str_eq(scan(g, "Secretary   General"), "0-19=1");
	ck_assert_str_eq(scan(g, "Secretary - General"), "0-19=1");
	ck_assert_str_eq(scan(g, "Secretary-General"), "0-17=1");
	ck_assert_str_eq(scan(g, "Secretary\nGeneral"), "0-17=1");
	ck_assert_str_eq(scan(g, "SecretaryGeneral"), "");
	ck_assert_str_eq(scan(g, "high-commissioner"), "0-17=2");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_blank_line_breaks)
{
	struct nt_gaz *g = gaz_of("Secretary General", 1, 0u, "General", 2, 0u, NULL);

	ck_assert_str_eq(scan(g, "Secretary\n\nGeneral"), "11-18=2");
	ck_assert_str_eq(scan(g, "Secretary \n \nGeneral"), "13-20=2");
	ck_assert_str_eq(scan(g, "Secretary\n-\nGeneral"), "12-19=2");
	ck_assert_str_eq(scan(g, "Secretary \nGeneral"), "0-18=1");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_possessive)
{
	struct nt_gaz *g = gaz_of("Azerbaijan", 1, 0u, NULL);

	ck_assert_str_eq(scan(g, "Azerbaijan's capital"), "0-10=1");
	ck_assert_str_eq(scan(g, "Azerbaijani"), "");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_soft_space)
{
	struct nt_gaz *g = gaz_of("Belarus", 1, 0u, "UN", 2, (unsigned)NT_GAZ_EXACT_CASE, NULL);

	ck_assert_str_eq(scan(g, "went to|Belarus"), "8-15=1");
	ck_assert_str_eq(scan(g, "went toBelarus"), "");
	ck_assert_str_eq(scan(g, "Belarus|and"), "0-7=1");
	ck_assert_str_eq(scan(g, "the|UN|said"), "4-6=2");
	nt_gaz_free(g);
}
END_TEST

/* Scripts written without spaces: every ideograph or kana is a word of
 * its own, so an alias matches wherever its characters stand. */
START_TEST(test_unspaced_scripts)
{
	struct nt_gaz *g = gaz_of("北京", 1, 0u, "習近平", 2, 0u, "東京都", 3, 0u, "Tokyo", 4, 0u,
				  NULL);
	char *long_run;
	const size_t n = 60000;
	size_t i;

	/* 習近平在北京會見了普京 (offsets in bytes: 3 a character) */
	ck_assert_str_eq(scan(g, "習近平在北京會見了普京"), "0-9=2 12-18=1");
	ck_assert_str_eq(scan(g, "東京都のTokyo駅"), "0-9=3 12-17=4");
	ck_assert_str_eq(scan(g, "北"), "");
	nt_gaz_free(g);
	/* a long run of one ideograph: a start at each, the look from each
	 * bounded by the longest alias (no quadratic time) */
	g = gaz_of("中国", 1, 0u, NULL);
	long_run = malloc(3 * n + 4);
	for (i = 0; i < n; i++)
		memcpy(long_run + 3 * i, "中", 3);
	memcpy(long_run + 3 * n, "国", 4);
	ck_assert_str_eq(scan(g, long_run), "179997-180003=1");   /* 3 * (n - 1) */
	free(long_run);
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_exact_case)
{
	struct nt_gaz *g = gaz_of("UN", 1, (unsigned)NT_GAZ_EXACT_CASE, "Nations", 2, 0u, NULL);

	ck_assert_str_eq(scan(g, "un Un uN"), "");
	ck_assert_str_eq(scan(g, "the UN said"), "4-6=1");
	ck_assert_str_eq(scan(g, "Bunny BUNNY UNS"), "");
	ck_assert_str_eq(scan(g, "Nationsx xNations NATIONS"), "18-25=2");
	nt_gaz_free(g);
	/* exact case is exact accents too */
	g = gaz_of("Türk", 1, (unsigned)NT_GAZ_EXACT_CASE, NULL);
	ck_assert_str_eq(scan(g, "Turk türk TÜRK Türk"), "17-22=1");
	nt_gaz_free(g);
	/* a folded and an exact alias of one spelling */
	g = gaz_of("US", 1, (unsigned)NT_GAZ_EXACT_CASE, "us", 2, (unsigned)NT_GAZ_EXACT_CASE, NULL);
	ck_assert_str_eq(scan(g, "US us Us"), "0-2=1 3-5=2");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_exact_accents)
{
	struct nt_gaz *g = gaz_of("Türk", 1, (unsigned)NT_GAZ_EXACT_ACCENTS, NULL);

	ck_assert_str_eq(scan(g, "Turk TURK"), "");
	ck_assert_str_eq(scan(g, "türk TÜRK Türk"), "0-5=1 6-11=1 12-17=1");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_longest_and_fallback)
{
	struct nt_gaz *g = gaz_of("United", 1, 0u, "United Nations", 2, 0u,
				  "United Nations Children's Fund", 3, 0u, "Nations", 4, 0u, NULL);

	ck_assert_str_eq(scan(g, "United Nations Children's Fund"), "0-30=3");
	ck_assert_str_eq(scan(g, "United Nations Children's"), "0-14=2");
	ck_assert_str_eq(scan(g, "United Nationsx"), "0-6=1");
	ck_assert_str_eq(scan(g, "United States"), "0-6=1");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_add_refuses)
{
	struct nt_gaz *g = nt_gaz_new();
	char longest[NT_GAZ_MAX_ALIAS + 2];

	ck_assert_int_eq(nt_gaz_add(g, "", 1, 0), -1);
	ck_assert_int_eq(nt_gaz_add(g, "---", 1, 0), -1);
	ck_assert_int_eq(nt_gaz_add(g, " ... ", 1, 0), -1);
	ck_assert_int_eq(nt_gaz_add(g, "\xe2\x80\x99", 1, 0), -1);
	memset(longest, 'a', NT_GAZ_MAX_ALIAS + 1);
	longest[NT_GAZ_MAX_ALIAS + 1] = '\0';
	ck_assert_int_eq(nt_gaz_add(g, longest, 1, 0), -1);
	ck_assert_uint_eq(nt_gaz_count(g), 0);
	longest[NT_GAZ_MAX_ALIAS] = '\0';
	ck_assert_int_eq(nt_gaz_add(g, longest, 1, 0), 0);
	ck_assert_int_eq(nt_gaz_add(g, "7", 2, 0), 0);
	ck_assert_int_eq(nt_gaz_add(g, "G-7", 3, 0), 0);
	ck_assert_uint_eq(nt_gaz_count(g), 3);
	ck_assert_str_eq(scan(g, "the G 7 and 7"), "4-7=3 12-13=2");
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_lookup)
{
	struct nt_gaz *g = gaz_of("Foo Bar", 3, 0u, "foo-bar", 5, 0u, "FB", 7,
				  (unsigned)NT_GAZ_EXACT_CASE, "Fóo", 9, (unsigned)NT_GAZ_EXACT_ACCENTS,
				  NULL);
	struct nt_gaz_text t = { NULL, 0, 0 };
	int out[4] = { -1, -1, -1, -1 };
	size_t n;

	nt_gaz_text_alias(&t, "FOO  BAR");
	n = nt_gaz_lookup(g, &t, 0, t.n, out, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert((out[0] == 3 && out[1] == 5) || (out[0] == 5 && out[1] == 3));
	out[0] = out[1] = -1;
	ck_assert_uint_eq(nt_gaz_lookup(g, &t, 0, t.n, out, 1), 2);
	ck_assert(out[0] == 3 || out[0] == 5);
	ck_assert_int_eq(out[1], -1);
	ck_assert_uint_eq(nt_gaz_lookup(g, &t, 0, 3, out, 4), 0);   /* "foo" */
	nt_gaz_text_alias(&t, "fb");
	ck_assert_uint_eq(nt_gaz_lookup(g, &t, 0, t.n, out, 4), 0);
	nt_gaz_text_alias(&t, "FB");
	ck_assert_uint_eq(nt_gaz_lookup(g, &t, 0, t.n, out, 4), 1);
	ck_assert_int_eq(out[0], 7);
	nt_gaz_text_alias(&t, "foo");
	ck_assert_uint_eq(nt_gaz_lookup(g, &t, 0, t.n, out, 4), 0);
	nt_gaz_text_alias(&t, "FÓO");
	ck_assert_uint_eq(nt_gaz_lookup(g, &t, 0, t.n, out, 4), 1);
	ck_assert_int_eq(out[0], 9);
	/* a range of a built text: "Foo Bar" inside a sentence */
	build(&t, "see foo bar now");
	ck_assert_uint_eq(nt_gaz_lookup(g, &t, 4, 11, out, 4), 2);
	ck_assert_uint_eq(nt_gaz_lookup(g, &t, 4, 12, out, 4), 0);
	nt_gaz_text_free(&t);
	nt_gaz_free(g);
}
END_TEST

START_TEST(test_text_alias_trims)
{
	struct nt_gaz_text t = { NULL, 0, 0 };

	nt_gaz_text_alias(&t, "  Foo \xe2\x80\x93 Bar \n");
	ck_assert_uint_eq(t.n, 7);
	ck_assert_int_eq(t.e[0].fold, 'f');
	ck_assert_int_eq(t.e[3].fold, ' ');
	ck_assert_int_eq(t.e[6].fold, 'r');
	nt_gaz_text_free(&t);
}
END_TEST

/* ------------------------------------------- through the normalize stage */

static struct nt_rules rules;
static void *norm;

static void
stage_setup(void)
{
	struct nt_err err = { "" };
	struct nt_config cfg = { NULL };
	const char *top = getenv("srcdir");
	char path[4096];
	const char *paths[1] = { path };

	snprintf(path, sizeof path, "%s/rules/normalize.yaml", top && *top ? top : ".");
	memset(&rules, 0, sizeof rules);
	if (nt_rules_load(&rules, paths, 1, &err) != 0) {
		fprintf(stderr, "cannot load rules %s: %s\n", path, err.text);
		abort();
	}
	norm = nt_stage_normalize.init(&rules, &cfg, &err);
	if (!norm) {
		fprintf(stderr, "cannot init normalize: %s\n", err.text);
		abort();
	}
}

static void
stage_teardown(void)
{
	nt_stage_normalize.fini(norm);
	norm = NULL;
	nt_rules_free(&rules);
}

/* Normalize S and scan it; matches as "START-END=VALUE" in original code
 * points. */
static const char *
scan_article(const struct nt_gaz *g, const char *s)
{
	static char out[4096];
	static struct matches ms;
	struct nt_article *a = nt_article_new();
	struct nt_gaz_text t = { NULL, 0, 0 };
	struct nt_err err = { "" };
	size_t i, len = 0;

	nt_article_append_raw(a, s, strlen(s));
	ck_assert_int_eq(nt_stage_normalize.run(norm, a, &err), 0);
	nt_gaz_text_build(&t, a);
	ms.n = 0;
	nt_gaz_scan(g, &t, choose_min, collect, &ms);
	out[0] = '\0';
	for (i = 0; i < ms.n; i++) {
		uint32_t start, end;

		nt_article_view_span(a, t.e[ms.m[i].start].vstart, t.e[ms.m[i].end - 1].vend, &start,
				     &end);
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%u-%u=%d", i ? " " : "",
					(unsigned)start, (unsigned)end, ms.m[i].value);
	}
	nt_gaz_text_free(&t);
	nt_article_free(a);
	return out;
}

START_TEST(test_article_glued_and_typography)
{
	struct nt_gaz *g = gaz_of("Belarus", 1, 0u, "Children's Fund", 2, 0u, "Secretary General",
				  3, 0u, "Türk", 4, 0u, NULL);

	ck_assert_str_eq(scan_article(g, "He flew toBelarus today."), "10-17=1");
	ck_assert_str_eq(scan_article(g, "UN Children\xe2\x80\x99s Fund"), "3-18=2");
	/* an en dash folds to a hyphen, then to a space */
	ck_assert_str_eq(scan_article(g, "the Secretary\xe2\x80\x93General"), "4-21=3");
	/* decomposed u + combining diaeresis: NFC in the view, 5 code points in
	 * the original */
	ck_assert_str_eq(scan_article(g, "Tu\xcc\x88rk said"), "0-5=4");
	nt_gaz_free(g);
}
END_TEST

/* ------------------------------------------------------------------ main */

static Suite *
gazetteer_suite(void)
{
	Suite *s = suite_create("gazetteer");
	TCase *prop = tcase_create("property");
	TCase *fold = tcase_create("fold");
	TCase *art = tcase_create("article");

	tcase_set_timeout(prop, 60);   /* a second or two; slow under sanitizers */
	tcase_add_test(prop, test_random_against_reference);
	tcase_add_test(prop, test_many_aliases);
	suite_add_tcase(s, prop);
	tcase_add_test(fold, test_fold_case_accents);
	tcase_add_test(fold, test_fold_apostrophes);
	tcase_add_test(fold, test_fold_hyphen_space);
	tcase_add_test(fold, test_blank_line_breaks);
	tcase_add_test(fold, test_possessive);
	tcase_add_test(fold, test_soft_space);
	tcase_add_test(fold, test_unspaced_scripts);
	tcase_add_test(fold, test_exact_case);
	tcase_add_test(fold, test_exact_accents);
	tcase_add_test(fold, test_longest_and_fallback);
	tcase_add_test(fold, test_add_refuses);
	tcase_add_test(fold, test_lookup);
	tcase_add_test(fold, test_text_alias_trims);
	suite_add_tcase(s, fold);
	tcase_add_unchecked_fixture(art, stage_setup, stage_teardown);
	tcase_add_test(art, test_article_glued_and_typography);
	suite_add_tcase(s, art);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(gazetteer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
