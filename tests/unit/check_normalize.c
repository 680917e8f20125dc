/* check_normalize.c - unit tests of the normalize stage and its helpers:
 * decode (normalize.c), folding (fold.c), glued-word repair (glue.c),
 * scraped metadata (scrape.c through the stage), the lead and content
 * hash (body.c), and the view -> original
 * offset map, plus a property test that throws random and hostile bytes at
 * the whole stage and checks its invariants.
 *
 * The word list and the rules come from the source tree: $srcdir/rules
 * (make check sets srcdir; "." when unset).  They are loaded once, before
 * Check forks the tests, by unchecked fixtures. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "article.h"
#include "fold.h"
#include "glue.h"
#include "normalize.h"
#include "rules.h"
#include "stage.h"
#include "wordset.h"

/* ---------------------------------------------------------------- helpers */

static const char *
top_srcdir(void)
{
	const char *s = getenv("srcdir");

	return s && *s ? s : ".";
}

static char *
src_path(const char *rel)
{
	const char *top = top_srcdir();
	char *p = malloc(strlen(top) + strlen(rel) + 2);

	sprintf(p, "%s/%s", top, rel);
	return p;
}

/* Shared state, set up before the tests fork. */
static struct nt_glue *glue;
static struct nt_rules rules;
static void *norm;   /* nt_stage_normalize context */

static void
glue_setup(void)
{
	struct nt_err err = { "" };
	char *path = src_path("rules/words-en.txt");

	glue = nt_glue_load(path, &err);
	if (!glue) {
		fprintf(stderr, "cannot load %s: %s\n", path, err.text);
		abort();
	}
	free(path);
}

static void
glue_teardown(void)
{
	nt_glue_free(glue);
	glue = NULL;
}

static void
stage_setup(void)
{
	struct nt_err err = { "" };
	struct nt_config cfg = { 0 };
	char *path = src_path("rules");
	const char *paths[1] = { path };

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
	free(path);
}

static void
stage_teardown(void)
{
	nt_stage_normalize.fini(norm);
	norm = NULL;
	nt_rules_free(&rules);
}

/* A fresh article holding the LEN raw bytes S. */
static struct nt_article *
article_n(const char *s, size_t len)
{
	struct nt_article *a = nt_article_new();

	nt_article_append_raw(a, s, len);
	return a;
}

/* Decode only. */
static struct nt_article *
decode_n(const char *s, size_t len)
{
	struct nt_article *a = article_n(s, len);

	nt_normalize_decode(a);
	return a;
}

static struct nt_article *
decode(const char *s)
{
	return decode_n(s, strlen(s));
}

/* Run the normalize stage on article A. */
static void
run_stage(struct nt_article *a)
{
	struct nt_err err = { "" };

	ck_assert_int_eq(nt_stage_normalize.run(norm, a, &err), 0);
}

static struct nt_article *
normalize_n(const char *s, size_t len)
{
	struct nt_article *a = article_n(s, len);

	run_stage(a);
	return a;
}

static struct nt_article *
normalize(const char *s)
{
	return normalize_n(s, strlen(s));
}

/* Length of the valid UTF-8 prefix of S[0..len) and its code-point count;
 * returns 1 if all of it is valid (surrogates and > U+10FFFF rejected). */
static int
utf8_valid(const char *s, size_t len, size_t *ncp)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0, n = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);

		if (k <= 0 || !utf8proc_codepoint_valid(cp))
			return 0;
		i += (size_t)k;
		n++;
	}
	if (ncp)
		*ncp = n;
	return 1;
}

/* The original text of code points [start, end) as a malloc'd string. */
static char *
orig_text(const struct nt_article *a, uint32_t start, uint32_t end)
{
	ck_assert_uint_le(start, end);
	ck_assert_uint_le(end, a->ncp);
	return strndup(a->text + a->cp_at[start], a->cp_at[end] - a->cp_at[start]);
}

/* The view as a string (it is NUL-terminated at view_len). */
static const char *
view(const struct nt_article *a)
{
	ck_assert_ptr_nonnull(a->view);
	ck_assert_int_eq(a->view[a->view_len], '\0');
	return a->view;
}

/* Every invariant of article.h on the decoded text and the view.  Returns
 * NULL when all hold, else a description of the first that does not (the
 * property test reports the input with it). */
static const char *
text_problem(const struct nt_article *a)
{
	size_t n, i;

	if (!utf8_valid(a->text, a->text_len, &n))
		return "text is not valid UTF-8";
	if (n != a->ncp)
		return "ncp differs from the code points of text";
	if (a->text[a->text_len] != '\0')
		return "text not NUL-terminated";
	if (a->cp_at[0] != 0 && a->ncp > 0)
		return "cp_at[0] != 0";
	if (a->cp_at[a->ncp] != a->text_len)
		return "cp_at[ncp] != text_len";
	for (i = 0; i < a->ncp; i++)
		if (a->cp_at[i] >= a->cp_at[i + 1])
			return "cp_at not increasing";
	return NULL;
}

static const char *
invariant_problem(const struct nt_article *a)
{
	const char *p = text_problem(a);
	size_t i;

	if (p)
		return p;
	if (!a->view)
		return "no view";
	if (a->view[a->view_len] != '\0')
		return "view not NUL-terminated";
	if (!utf8_valid(a->view, a->view_len, NULL))
		return "view is not valid UTF-8";
	if (a->view_start[a->view_len] != a->ncp || a->view_end[a->view_len] != a->ncp)
		return "view_start/view_end[view_len] != ncp";
	for (i = 0; i < a->view_len; i++) {
		if (a->view_start[i] > a->view_end[i])
			return "view_start > view_end";
		if (a->view_end[i] > a->ncp)
			return "view_end > ncp";
		if (i > 0 && a->view_start[i] < a->view_start[i - 1])
			return "view_start decreases";
	}
	return NULL;
}

static void
check_invariants(const struct nt_article *a)
{
	const char *p = invariant_problem(a);

	ck_assert_msg(p == NULL, "%s", p ? p : "");
}

/* Decode UTF-8 S into code points. */
static size_t
to_cps(const char *s, int32_t *out, size_t max)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	size_t n = 0;

	while (len > 0 && n < max) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, len, &cp);

		ck_assert_int_gt(k, 0);
		out[n++] = cp;
		p += k;
		len -= k;
	}
	return n;
}

/* WORD with a space at each cut nt_glue_cuts finds, as a static string,
 * in an article of WORD and the words of CONTEXT (space-separated, each
 * noted as normalize notes them; NULL: none). */
static const char *
glue_split_in(const char *word, const char *context)
{
	static char buf[512];
	int32_t cps[NT_GLUE_MAX_TOKEN];
	size_t cuts[NT_GLUE_MAX_CUTS], n, i, b = 0;
	int m, c = 0;

	nt_glue_begin(glue, NULL, NULL);
	while (context && *context) {
		size_t w = strcspn(context, " ");

		ck_assert_uint_lt(w, sizeof buf);
		memcpy(buf, context, w);
		buf[w] = '\0';
		n = to_cps(buf, cps, NT_GLUE_MAX_TOKEN);
		nt_glue_note(glue, cps, n);
		context += w + (context[w] == ' ');
	}
	n = to_cps(word, cps, NT_GLUE_MAX_TOKEN);
	nt_glue_note(glue, cps, n);
	m = nt_glue_cuts(glue, cps, n, cuts);

	ck_assert_int_ge(m, 0);
	ck_assert_int_le(m, NT_GLUE_MAX_CUTS);
	for (i = 0; i < n; i++) {
		if (c < m && cuts[c] == i) {
			ck_assert_uint_gt(i, 0);
			if (c > 0)
				ck_assert_uint_gt(cuts[c], cuts[c - 1]);
			buf[b++] = ' ';
			c++;
		}
		b += (size_t)utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)buf + b);
	}
	ck_assert_int_eq(c, m);   /* no cut at or past the end */
	buf[b] = '\0';
	return buf;
}

static const char *
glue_split(const char *word)
{
	return glue_split_in(word, NULL);
}

/* ------------------------------------------------------------------ decode */

START_TEST(test_decode_valid_unchanged)
{
	static const char s[] = "T\xC3\xBCrk \xE2\x80\x9Cq\xE2\x80\x9D \xE6\x97\xA5\xE6\x9C\xAC "
				"\xF0\x9F\x98\x80 e\xCC\x81\n";
	struct nt_article *a = decode(s);
	size_t i;

	ck_assert_uint_eq(a->text_len, strlen(s));
	ck_assert_mem_eq(a->text, s, strlen(s));
	ck_assert_uint_eq(a->ncp, 17);
	ck_assert_uint_eq(a->nwarnings, 0);
	ck_assert_uint_eq(a->cp_at[0], 0);
	ck_assert_uint_eq(a->cp_at[1], 1);
	ck_assert_uint_eq(a->cp_at[2], 3);   /* after the 2-byte ü */
	ck_assert_uint_eq(a->cp_at[a->ncp], a->text_len);
	for (i = 0; i < a->ncp; i++)
		ck_assert_uint_lt(a->cp_at[i], a->cp_at[i + 1]);
	ck_assert_ptr_null(text_problem(a));
	nt_article_free(a);
}
END_TEST

START_TEST(test_decode_invalid_bytes)
{
	/* Stray continuation, 0xFF, truncated 3-byte sequence, overlong '/',
	 * a UTF-16 surrogate, 0xF5: every bad byte is one U+FFFD. */
	static const char s[] = "ok\nab\x80" "c\xFF" "d\xE2\x82" "e\xC0\xAF" "f\xED\xA0\x80" "g\xF5";
	struct nt_article *a = decode(s);
	static const char want[] = "ok\nab\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD"
				   "e\xEF\xBF\xBD\xEF\xBF\xBD" "f\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
				   "g\xEF\xBF\xBD";

	ck_assert_uint_eq(a->text_len, strlen(want));
	ck_assert_mem_eq(a->text, want, strlen(want));
	ck_assert_uint_eq(a->ncp, 3 + 2 + 1 + 1 + 1 + 1 + 2 + 1 + 2 + 1 + 3 + 1 + 1);
	ck_assert_uint_eq(a->nwarnings, 1);
	ck_assert_str_eq(a->warnings[0], "2:3: invalid UTF-8: 10 bytes replaced with U+FFFD");
	ck_assert_ptr_null(text_problem(a));
	nt_article_free(a);
}
END_TEST

START_TEST(test_decode_one_invalid_byte)
{
	struct nt_article *a = decode("caf\xE9!");

	ck_assert_str_eq(a->text, "caf\xEF\xBF\xBD!");
	ck_assert_uint_eq(a->ncp, 5);
	ck_assert_uint_eq(a->nwarnings, 1);
	ck_assert_str_eq(a->warnings[0], "1:4: invalid UTF-8: 1 byte replaced with U+FFFD");
	nt_article_free(a);

	/* Truncated sequence at the very end of the input. */
	a = decode("x\xF0\x9F\x98");
	ck_assert_str_eq(a->text, "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	ck_assert_uint_eq(a->ncp, 4);
	ck_assert_str_eq(a->warnings[0], "1:2: invalid UTF-8: 3 bytes replaced with U+FFFD");
	ck_assert_ptr_null(text_problem(a));
	nt_article_free(a);
}
END_TEST

START_TEST(test_decode_bom)
{
	struct nt_article *a = decode("\xEF\xBB\xBFHello");

	ck_assert_uint_eq(a->text_len, 5);
	ck_assert_str_eq(a->text, "Hello");
	ck_assert_uint_eq(a->ncp, 5);
	ck_assert_uint_eq(a->cp_at[0], 0);
	ck_assert_uint_eq(a->nwarnings, 0);
	nt_article_free(a);

	/* Only a leading BOM is dropped; a BOM alone gives an empty text. */
	a = decode("\xEF\xBB\xBF");
	ck_assert_uint_eq(a->text_len, 0);
	ck_assert_uint_eq(a->ncp, 0);
	ck_assert_uint_eq(a->cp_at[0], 0);
	nt_article_free(a);
	a = decode("a\xEF\xBB\xBF" "b");
	ck_assert_str_eq(a->text, "a\xEF\xBB\xBF" "b");
	ck_assert_uint_eq(a->ncp, 3);
	nt_article_free(a);
}
END_TEST

START_TEST(test_decode_nul_kept)
{
	struct nt_article *a = decode_n("ab\0c\n\0", 6);

	ck_assert_uint_eq(a->text_len, 6);
	ck_assert_mem_eq(a->text, "ab\0c\n\0", 6);
	ck_assert_uint_eq(a->ncp, 6);
	ck_assert_uint_eq(a->nwarnings, 1);
	ck_assert_str_eq(a->warnings[0], "1:3: 2 NUL bytes read as space");
	nt_article_free(a);

	/* Through the stage: NUL is a space in the view, not an end of string. */
	a = normalize_n("ab\0cd", 5);
	ck_assert_uint_eq(a->view_len, 5);
	ck_assert_str_eq(view(a), "ab cd");
	check_invariants(a);
	nt_article_free(a);
}
END_TEST

START_TEST(test_decode_empty)
{
	struct nt_article *a = decode_n("", 0);

	ck_assert_uint_eq(a->text_len, 0);
	ck_assert_uint_eq(a->ncp, 0);
	ck_assert_uint_eq(a->cp_at[0], 0);
	ck_assert_uint_eq(a->nwarnings, 0);
	nt_article_free(a);

	a = normalize_n("", 0);
	ck_assert_uint_eq(a->view_len, 0);
	check_invariants(a);
	nt_article_free(a);
}
END_TEST

/* ------------------------------------------------------------------- fold */

/* nt_fold_typo of CP as a UTF-8 string. */
static const char *
typo(int32_t cp)
{
	static char buf[NT_FOLD_MAX * 4 + 1];
	int32_t out[NT_FOLD_MAX];
	int n = nt_fold_typo(cp, out), i;
	size_t b = 0;

	ck_assert_int_ge(n, 0);
	ck_assert_int_le(n, NT_FOLD_MAX);
	for (i = 0; i < n; i++)
		b += (size_t)utf8proc_encode_char(out[i], (utf8proc_uint8_t *)buf + b);
	buf[b] = '\0';
	return buf;
}

START_TEST(test_fold_typo_quotes_dashes)
{
	static const int32_t single[] = { 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0xFF07 };
	static const int32_t dbl[] = { 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB, 0x2033, 0xFF02 };
	static const int32_t dash[] = { 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212,
					0xFE63, 0xFF0D };
	size_t i;

	for (i = 0; i < sizeof single / sizeof *single; i++)
		ck_assert_str_eq(typo(single[i]), "'");
	for (i = 0; i < sizeof dbl / sizeof *dbl; i++)
		ck_assert_str_eq(typo(dbl[i]), "\"");
	for (i = 0; i < sizeof dash / sizeof *dash; i++)
		ck_assert_str_eq(typo(dash[i]), "-");
	ck_assert_str_eq(typo('\''), "'");
	ck_assert_str_eq(typo('-'), "-");
}
END_TEST

START_TEST(test_fold_typo_spaces_controls)
{
	static const int32_t spaces[] = { 0x00A0, 0x1680, 0x2000, 0x2002, 0x2007, 0x2009, 0x200A,
					  0x202F, 0x205F, 0x3000, '\t', 0x01, 0x07, 0x0B, 0x0C,
					  0x1B, 0x1F, 0x7F, 0x80, 0x9F, 0x00 };
	static const int32_t gone[] = { 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD };
	int32_t out[NT_FOLD_MAX];
	size_t i;

	for (i = 0; i < sizeof spaces / sizeof *spaces; i++)
		ck_assert_msg(strcmp(typo(spaces[i]), " ") == 0, "U+%04X not a space",
			      (unsigned)spaces[i]);
	for (i = 0; i < sizeof gone / sizeof *gone; i++)
		ck_assert_msg(nt_fold_typo(gone[i], out) == 0, "U+%04X not dropped",
			      (unsigned)gone[i]);
	ck_assert_str_eq(typo('\n'), "\n");
	ck_assert_str_eq(typo(0x2028), "\n");
	ck_assert_str_eq(typo(0x2029), "\n");
	ck_assert_str_eq(typo(0x0085), "\n");
	ck_assert_str_eq(typo(' '), " ");
}
END_TEST

START_TEST(test_fold_typo_ellipsis_and_plain)
{
	int32_t out[NT_FOLD_MAX];

	ck_assert_int_eq(nt_fold_typo(0x2026, out), 3);
	ck_assert_str_eq(typo(0x2026), "...");
	/* Letters, digits and other symbols pass through unchanged. */
	ck_assert_str_eq(typo('A'), "A");
	ck_assert_str_eq(typo('7'), "7");
	ck_assert_str_eq(typo(0x00FC), "\xC3\xBC");
	ck_assert_str_eq(typo(0x0301), "\xCC\x81");
	ck_assert_str_eq(typo(0x21BA), "\xE2\x86\xBA");
	ck_assert_str_eq(typo(0x1F600), "\xF0\x9F\x98\x80");
	ck_assert_str_eq(typo(0xFFFD), "\xEF\xBF\xBD");
}
END_TEST

/* nt_fold_str of S with FLAGS, compared with WANT. */
static void
check_fold(const char *s, unsigned flags, const char *want)
{
	size_t n;
	char *f = nt_fold_str(s, strlen(s), flags, &n);

	ck_assert_msg(strcmp(f, want) == 0, "fold(%s, %u) = '%s', want '%s'", s, flags, f, want);
	ck_assert_uint_eq(n, strlen(want));
	free(f);
}

START_TEST(test_fold_case_accent)
{
	check_fold("T\xC3\xBCrk", NT_FOLD_CASE | NT_FOLD_ACCENT, "turk");
	check_fold("Tu\xCC\x88rk", NT_FOLD_CASE | NT_FOLD_ACCENT, "turk");   /* decomposed */
	check_fold("T\xC3\xBCrk", NT_FOLD_CASE, "t\xC3\xBCrk");
	check_fold("\xC4\xB0stanbul", NT_FOLD_CASE | NT_FOLD_ACCENT, "istanbul");
	/* Full case folding: U+0130 is i + combining dot above. */
	check_fold("\xC4\xB0stanbul", NT_FOLD_CASE, "i\xCC\x87stanbul");
	check_fold("ISTANBUL", NT_FOLD_CASE, "istanbul");
	check_fold("\xC3\x9F", NT_FOLD_CASE, "ss");
	check_fold("Stra\xC3\x9F" "e", NT_FOLD_CASE, "strasse");
	check_fold("Stra\xC3\x9F" "e", NT_FOLD_CASE | NT_FOLD_ACCENT, "strasse");
	/* Accent only: case kept. */
	check_fold("T\xC3\xBCrk", NT_FOLD_ACCENT, "Turk");
	check_fold("\xC3\x89LYS\xC3\x89" "E", NT_FOLD_ACCENT, "ELYSEE");
	check_fold("Stra\xC3\x9F" "e", NT_FOLD_ACCENT, "Stra\xC3\x9F" "e");
	check_fold("\xC4\xB0stanbul", NT_FOLD_ACCENT, "Istanbul");
	check_fold("", NT_FOLD_CASE | NT_FOLD_ACCENT, "");
}
END_TEST

START_TEST(test_fold_cp)
{
	int32_t out[NT_FOLD_MAX];

	ck_assert_int_eq(nt_fold_cp('A', NT_FOLD_CASE, out), 1);
	ck_assert_int_eq(out[0], 'a');
	ck_assert_int_eq(nt_fold_cp('A', NT_FOLD_ACCENT, out), 1);
	ck_assert_int_eq(out[0], 'A');
	ck_assert_int_eq(nt_fold_cp(0x00DF, NT_FOLD_CASE, out), 2);   /* ß -> ss */
	ck_assert_int_eq(out[0], 's');
	ck_assert_int_eq(out[1], 's');
	ck_assert_int_eq(nt_fold_cp(0x00DC, NT_FOLD_CASE | NT_FOLD_ACCENT, out), 1);   /* Ü */
	ck_assert_int_eq(out[0], 'u');
	ck_assert_int_eq(nt_fold_cp(0x0301, NT_FOLD_ACCENT, out), 0);   /* lone mark removed */
	ck_assert_int_eq(nt_fold_cp(0x0130, NT_FOLD_CASE, out), 2);
	ck_assert_int_eq(out[0], 'i');
	ck_assert_int_eq(out[1], 0x0307);
	ck_assert_int_eq(nt_fold_cp(0x0130, NT_FOLD_CASE | NT_FOLD_ACCENT, out), 1);
	ck_assert_int_eq(out[0], 'i');
}
END_TEST

START_TEST(test_fold_word_letter)
{
	ck_assert(nt_is_letter_cp('a'));
	ck_assert(nt_is_letter_cp('Z'));
	ck_assert(nt_is_letter_cp(0x00FC));
	ck_assert(nt_is_letter_cp(0x0301));   /* combining mark */
	ck_assert(!nt_is_letter_cp('1'));
	ck_assert(!nt_is_letter_cp(' '));
	ck_assert(!nt_is_letter_cp('@'));
	ck_assert(nt_is_word_cp('1'));
	ck_assert(nt_is_word_cp(0x0661));     /* ARABIC-INDIC DIGIT ONE */
	ck_assert(!nt_is_word_cp('-'));
	ck_assert(!nt_is_word_cp(0x2019));
}
END_TEST

/* ------------------------------------------------------------------- glue */

START_TEST(test_glue_splits)
{
	ck_assert_str_eq(glue_split("hisBelarusian"), "his Belarusian");
	ck_assert_str_eq(glue_split("toBelarus"), "to Belarus");
	ck_assert_str_eq(glue_split("ForeignMinistry"), "Foreign Ministry");
	ck_assert_str_eq(glue_split("UNFramework"), "UN Framework");
	ck_assert_str_eq(glue_split_in("Bayramovinformed", "Jeyhun Bayramov"), "Bayramov informed");
	ck_assert_str_eq(glue_split("theministers"), "the ministers");
	ck_assert_str_eq(glue_split("internationalorganizations"), "international organizations");
}
END_TEST

START_TEST(test_glue_keeps)
{
	static const char *const keep[] = {
		"McDonald", "iPhone", "DeSantis", "multilateralism", "transboundary", "nonoperating", "interbank", "UNICEF",
		"ministers", "Belarus", "Belarusian", "international", "organizations",
		"Framework", "informed", "the", "abc", "a", NULL
	};
	size_t i;

	for (i = 0; keep[i]; i++)
		ck_assert_str_eq(glue_split(keep[i]), keep[i]);
}
END_TEST

/* The article is evidence: a token that recurs is a word the list lacks;
 * a name is cut off a word only if it also stands alone, and is no word. */
START_TEST(test_glue_evidence)
{
	/* rule 4 needs the name alone in the article */
	ck_assert_str_eq(glue_split("Bayramovinformed"), "Bayramovinformed");
	ck_assert_str_eq(glue_split_in("Bayramovinformed", "Bayramovs"), "Bayramovinformed");
	ck_assert_str_eq(glue_split_in("Blenkiron", "Blenkiron took four"), "Blenkiron");
	/* ... and the name must not be a common word */
	ck_assert_str_eq(glue_split_in("Shearson", "She said"), "Shearson");
	/* a recurring token is never cut, whatever the rule */
	ck_assert_str_eq(glue_split_in("Leicestershire", "Leicester Leicestershire"),
			 "Leicestershire");
	ck_assert_str_eq(glue_split_in("Bayramovinformed", "Bayramov Bayramovinformed"),
			 "Bayramovinformed");
	ck_assert_str_eq(glue_split("ForeignMinistry"), "Foreign Ministry");
	ck_assert_str_eq(glue_split_in("ForeignMinistry", "ForeignMinistry"), "ForeignMinistry");
	ck_assert_str_eq(glue_split_in("UNFramework", "UNFRAMEWORK"), "UNFramework");
	ck_assert_str_eq(glue_split_in("theministers", "Theministers"), "theministers");
	/* ... except after a lower-case word: "toBelarus" is no name */
	ck_assert_str_eq(glue_split_in("toBelarus", "toBelarus"), "to Belarus");
	/* the evidence is the article's: forgotten for the next one */
	ck_assert_str_eq(glue_split_in("theministers", NULL), "the ministers");
}
END_TEST

START_TEST(test_glue_limits)
{
	int32_t t[NT_GLUE_MAX_TOKEN + 8];
	size_t cuts[NT_GLUE_MAX_CUTS], n, i;

	/* Without a word list nothing is cut. */
	n = to_cps("theministers", t, NT_GLUE_MAX_TOKEN);
	ck_assert_int_eq(nt_glue_cuts(NULL, t, n, cuts), 0);
	/* Too short or too long tokens are never cut. */
	ck_assert_int_eq(nt_glue_cuts(glue, t, 0, cuts), 0);
	ck_assert_int_eq(nt_glue_cuts(glue, t, 3, cuts), 0);
	for (i = 0; i < NT_GLUE_MAX_TOKEN + 1; i++)
		t[i] = "theministers"[i % 12];
	ck_assert_int_eq(nt_glue_cuts(glue, t, NT_GLUE_MAX_TOKEN + 1, cuts), 0);
	/* A token of exactly the maximum length is fine. */
	ck_assert_int_le(nt_glue_cuts(glue, t, NT_GLUE_MAX_TOKEN, cuts), NT_GLUE_MAX_CUTS);
	/* Many camel humps (64 letters, 10 places to cut): the cuts stop at
	 * NT_GLUE_MAX_CUTS, increasing. */
	n = to_cps("TheForeignMinistryTheForeignMinistryTheForeignMinistryTheForeign", t,
		   NT_GLUE_MAX_TOKEN + 8);
	ck_assert_uint_eq(n, NT_GLUE_MAX_TOKEN);
	{
		int m = nt_glue_cuts(glue, t, n, cuts), c;

		ck_assert_int_eq(m, NT_GLUE_MAX_CUTS);
		for (c = 0; c < m; c++) {
			ck_assert_uint_gt(cuts[c], 0);
			ck_assert_uint_lt(cuts[c], n);
			if (c > 0)
				ck_assert_uint_gt(cuts[c], cuts[c - 1]);
		}
	}
}
END_TEST

START_TEST(test_glue_missing_file)
{
	struct nt_err err = { "" };

	ck_assert_ptr_null(nt_glue_load("/nonexistent/words.txt", &err));
	ck_assert_str_eq(err.text, "/nonexistent/words.txt: No such file or directory");
}
END_TEST

/* A word list loaded twice is read once and shared until both holders
 * free it; the same path with other contents is read again. */
START_TEST(test_wordset_load_shared)
{
	struct nt_err err = { "" };
	char path[] = "/tmp/check-normalize-words-XXXXXX";
	struct nt_wordset *a, *b, *c;
	FILE *fp;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs("apple\nParis\n", fp);
	fclose(fp);
	ck_assert_ptr_nonnull(a = nt_wordset_load(path, &err));
	ck_assert_ptr_nonnull(b = nt_wordset_load(path, &err));
	ck_assert_ptr_eq(a, b);
	ck_assert_uint_eq(nt_wordset_kinds(b, "paris", 5), NT_WORDSET_PROPER);
	nt_wordset_free(a);   /* b still holds it */
	ck_assert_uint_eq(nt_wordset_kinds(b, "apple", 5), NT_WORDSET_COMMON);
	ck_assert_ptr_nonnull(fp = fopen(path, "a"));
	fputs("pear\n", fp);   /* another size: another list */
	fclose(fp);
	ck_assert_ptr_nonnull(c = nt_wordset_load(path, &err));
	ck_assert_ptr_ne(b, c);
	ck_assert_uint_eq(nt_wordset_kinds(c, "pear", 4), NT_WORDSET_COMMON);
	ck_assert_uint_eq(nt_wordset_kinds(b, "pear", 4), 0);
	nt_wordset_free(b);
	nt_wordset_free(c);
	unlink(path);
}
END_TEST

/* Through the stage: spaces are inserted, and they are soft. */
START_TEST(test_glue_stage)
{
	static const char s[] = "Bayramov spoke. Bayramovinformed theministers about hisBelarusian "
				"visit toBelarus, the UNFramework and the ForeignMinistry of McDonald "
				"iPhone DeSantis.";
	static const char want[] = "Bayramov spoke. Bayramov informed the ministers about his "
				   "Belarusian visit to Belarus, the UN Framework and the Foreign "
				   "Ministry of McDonald iPhone DeSantis.";
	struct nt_article *a = normalize(s);
	size_t i, soft = 0, hard = 0;

	ck_assert_str_eq(view(a), want);
	check_invariants(a);
	for (i = 0; i < a->view_len; i++) {
		if (a->view[i] != ' ')
			continue;
		if (nt_article_soft_space(a, i)) {
			soft++;
			/* A soft space sits between two letters of one original token. */
			ck_assert(i > 0 && i + 1 < a->view_len);
			ck_assert_uint_eq(a->view_start[i], a->view_start[i + 1]);
			ck_assert(strchr(" \n", s[a->cp_at[a->view_start[i]]]) == NULL);
		} else {
			hard++;
			ck_assert_int_eq(s[a->cp_at[a->view_start[i]]], ' ');
		}
	}
	ck_assert_uint_eq(soft, 6);
	ck_assert_uint_eq(hard, 16);
	for (i = 0; i < a->view_len; i++)
		if (a->view[i] != ' ')
			ck_assert(!nt_article_soft_space(a, i));
	nt_article_free(a);
}
END_TEST

START_TEST(test_comma_space_soft)
{
	struct nt_article *a = normalize("on the agenda,as well;and more");
	const char *v = view(a), *p = strstr(v, ", as");

	ck_assert_str_eq(v, "on the agenda, as well; and more");
	ck_assert_ptr_nonnull(p);
	ck_assert(nt_article_soft_space(a, (size_t)(p - v) + 1));
	check_invariants(a);
	nt_article_free(a);
}
END_TEST

/* ------------------------------------------------------------- offset map */

/* Find WORD in A's view; check that its original span reads ORIG. */
static void
check_span(const struct nt_article *a, const char *word, const char *orig)
{
	const char *v = view(a), *p = strstr(v, word);
	uint32_t st, en;
	char *t;

	ck_assert_msg(p != NULL, "'%s' not in view '%s'", word, v);
	nt_article_view_span(a, (size_t)(p - v), (size_t)(p - v) + strlen(word), &st, &en);
	t = orig_text(a, st, en);
	ck_assert_msg(strcmp(t, orig) == 0, "'%s' maps to '%s', want '%s'", word, t, orig);
	free(t);
}

START_TEST(test_map_bounds)
{
	static const char s[] = "\xEF\xBB\xBF\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x94 toBelarus\r\n"
				"wait\xE2\x80\xA6 soft\xC2\xAD" "hyphen zero\xE2\x80\x8Bwidth\xFF!";
	struct nt_article *a = normalize(s);

	check_invariants(a);
	ck_assert_str_eq(view(a), "\"Hi\" - to Belarus\nwait... soft hyphen zero width\xEF\xBF\xBD!");
	check_span(a, "Belarus", "Belarus");
	check_span(a, "to Belarus", "toBelarus");
	check_span(a, "\"Hi\"", "\xE2\x80\x9CHi\xE2\x80\x9D");
	check_span(a, "-", "\xE2\x80\x94");
	check_span(a, "...", "\xE2\x80\xA6");
	check_span(a, "\n", "\n");   /* the LF of CRLF */
	check_span(a, "soft hyphen", "soft\xC2\xAD" "hyphen");
	check_span(a, "zero width", "zero\xE2\x80\x8Bwidth");
	check_span(a, "\xEF\xBF\xBD", "\xEF\xBF\xBD");
	nt_article_free(a);
}
END_TEST

START_TEST(test_map_empty_span)
{
	struct nt_article *a = normalize("toBelarus");
	uint32_t st, en;

	nt_article_view_span(a, 1, 1, &st, &en);
	ck_assert_uint_eq(st, en);
	nt_article_view_span(a, a->view_len, a->view_len, &st, &en);
	ck_assert_uint_eq(st, a->ncp);
	ck_assert_uint_eq(en, a->ncp);
	nt_article_view_span(a, 0, a->view_len, &st, &en);
	ck_assert_uint_eq(st, 0);
	ck_assert_uint_eq(en, a->ncp);
	nt_article_free(a);
}
END_TEST

/* e + COMBINING ACUTE is NFC-composed to U+00E9 in the view, and the
 * composed character maps back to both original code points. */
START_TEST(test_map_nfc_ascii_base)
{
	struct nt_article *a = normalize("Cafe\xCC\x81 au lait");

	check_invariants(a);
	ck_assert_uint_eq(a->ncp, 13);
	ck_assert_str_eq(view(a), "Caf\xC3\xA9 au lait");
	check_span(a, "\xC3\xA9", "e\xCC\x81");
	check_span(a, "Caf\xC3\xA9", "Cafe\xCC\x81");
	{
		uint32_t st, en;

		nt_article_view_span(a, 3, 5, &st, &en);
		ck_assert_uint_eq(st, 3);
		ck_assert_uint_eq(en, 5);
	}
	nt_article_free(a);
}
END_TEST

/* The same with a non-ASCII base letter: epsilon + acute -> U+03AD. */
START_TEST(test_map_nfc_nonascii_base)
{
	struct nt_article *a = normalize("x \xCE\xB5\xCC\x81 y \xC3\xBC\xCC\x81 z");
	uint32_t st, en;
	const char *v;

	check_invariants(a);
	v = view(a);
	ck_assert_str_eq(v, "x \xCE\xAD y \xC7\x98 z");
	check_span(a, "\xCE\xAD", "\xCE\xB5\xCC\x81");
	nt_article_view_span(a, 2, 4, &st, &en);
	ck_assert_uint_eq(st, 2);
	ck_assert_uint_eq(en, 4);
	check_span(a, "\xC7\x98", "\xC3\xBC\xCC\x81");   /* ü + acute -> U+01D8 */
	nt_article_free(a);
}
END_TEST

/* A comma between letters gets a soft space after it; when the comma
 * carries a combining mark whose NFC form is longer (U+0344 -> U+0308
 * U+0301), the cluster maps as a whole and the space must not map past
 * the start of what follows. */
START_TEST(test_map_comma_before_mark)
{
	struct nt_article *a = normalize("a,\xCD\x84" "b");

	check_invariants(a);
	nt_article_free(a);
}
END_TEST

START_TEST(test_crlf)
{
	struct nt_article *a = normalize("one\r\ntwo\rthree\r\r\nfour\rfive");

	check_invariants(a);
	ck_assert_str_eq(view(a), "one\ntwo\nthree\n\nfour\nfive");
	check_span(a, "\nfive", "\rfive");
	check_span(a, "three\n\n", "three\r\r\n");
	ck_assert(strchr(view(a), '\r') == NULL);
	nt_article_free(a);
	/* CR before a non-ASCII character is a lone CR too. */
	a = normalize("a\r\xC3\xA9\r\xE2\x80\xA8" "b");
	check_invariants(a);
	ck_assert_str_eq(view(a), "a\n\xC3\xA9\n\nb");
	nt_article_free(a);
}
END_TEST

/* HTML character references are one character each, mapped to the whole
 * reference; ones without ';', unknown or out of range stay as written. */
START_TEST(test_html_references)
{
	struct nt_article *a = normalize("Orb&aacute;n &amp; AT&T said &quot;no&#8217;s&#x2014;"
					 "&euro;5&nbsp;m&quot; &copy 2024 &bogus; &#0; &#xD800; "
					 "&#1114112; &Zcaron;");

	check_invariants(a);
	ck_assert_str_eq(view(a), "Orb\xC3\xA1n & AT&T said \"no's-\xE2\x82\xAC" "5 m\" "
			 "&copy 2024 &bogus; &#0; &#xD800; &#1114112; \xC5\xBD");
	check_span(a, "\xC3\xA1", "&aacute;");
	check_span(a, "& AT", "&amp; AT");
	check_span(a, "'s", "&#8217;s");
	nt_article_free(a);
	/* metadata read from the page shows the characters */
	a = normalize("Rock &amp; roll &#8217;n&#8217; more\n\nBody text here.\n");
	ck_assert_str_eq(a->meta[NT_META_TITLE], "Rock & roll \xE2\x80\x99n\xE2\x80\x99 more");
	nt_article_free(a);
}
END_TEST

/* ------------------------------------------------------------------ scrape */

START_TEST(test_scrape_date_widget)
{
	static const char s[] = " date 2023-05-26 + \xE2\x86\xBA \xE2\x88\x92 16 px\n\n"
				"Body of the article about Baku.\nMore text.\n";
	struct nt_article *a = normalize(s);
	const char *v = view(a);

	check_invariants(a);
	ck_assert_ptr_nonnull(a->meta[NT_META_DATE]);
	ck_assert_str_eq(a->meta[NT_META_DATE], "2023-05-26");
	ck_assert_ptr_null(strstr(v, "date"));
	ck_assert_ptr_null(strstr(v, "2023"));
	ck_assert_ptr_null(strstr(v, "px"));
	ck_assert_ptr_null(strstr(v, "\xE2\x86\xBA"));
	ck_assert_ptr_nonnull(strstr(v, "Body of the article about Baku."));
	check_span(a, "Body", "Body");
	nt_article_free(a);
}
END_TEST

START_TEST(test_scrape_menafn_author)
{
	static const char s[] = "(MENAFN- AzerNews) Fatima Latifova Read more\n\n"
				"Azerbaijan and Belarus discussed trade, the ministry said.\n";
	struct nt_article *a = normalize(s);
	const char *v = view(a);

	check_invariants(a);
	ck_assert_ptr_nonnull(a->meta[NT_META_SOURCE]);
	ck_assert_str_eq(a->meta[NT_META_SOURCE], "AzerNews");
	ck_assert_ptr_nonnull(a->meta[NT_META_AUTHOR]);
	ck_assert_str_eq(a->meta[NT_META_AUTHOR], "Fatima Latifova");
	ck_assert_ptr_null(strstr(v, "MENAFN"));
	ck_assert_ptr_null(strstr(v, "Read more"));
	ck_assert_ptr_nonnull(strstr(v, "Azerbaijan and Belarus discussed trade"));
	nt_article_free(a);
}
END_TEST

START_TEST(test_scrape_title)
{
	static const char s[] = "Azerbaijan and Belarus sign trade deal\n\n"
				"The ministers met in Baku on Friday.\n";
	struct nt_article *a = normalize(s);

	check_invariants(a);
	ck_assert_ptr_nonnull(a->meta[NT_META_TITLE]);
	ck_assert_str_eq(a->meta[NT_META_TITLE], "Azerbaijan and Belarus sign trade deal");
	nt_article_free(a);

	/* A first line ending like a sentence, or without a blank line after
	 * it, or with nothing after it, is not a title. */
	a = normalize("The ministers met in Baku.\n\nMore text here.\n");
	ck_assert_ptr_null(a->meta[NT_META_TITLE]);
	nt_article_free(a);
	a = normalize("Short line\nmore text directly below\n");
	ck_assert_ptr_null(a->meta[NT_META_TITLE]);
	nt_article_free(a);
	a = normalize("Only a title\n\n");
	ck_assert_ptr_null(a->meta[NT_META_TITLE]);
	nt_article_free(a);

	/* One or two byline or date lines may come between title and blank
	 * line; a paragraph wrapped into short lines gives no title. */
	a = normalize("Energy talks in Baku\nBy Leman Mammadova\nPublished: 14 March 2024, 11:20\n\n"
		      "The sides met.\n");
	ck_assert_str_eq(a->meta[NT_META_TITLE] ? a->meta[NT_META_TITLE] : "(none)",
			 "Energy talks in Baku");
	nt_article_free(a);
	a = normalize("The ministers met on Friday to\ndiscuss trade and energy\n\nMore text.\n");
	ck_assert_ptr_null(a->meta[NT_META_TITLE]);
	nt_article_free(a);
	a = normalize("The ministers met on Friday\nWith the President, and\nagreed.\n\nMore.\n");
	ck_assert_ptr_null(a->meta[NT_META_TITLE]);
	nt_article_free(a);
}
END_TEST

START_TEST(test_scrape_footer_source)
{
	static const char s[] = "The ministers met in Baku on Friday.\nThey discussed trade.\nNews.Az\n";
	struct nt_article *a = normalize(s);
	const char *v = view(a);

	check_invariants(a);
	ck_assert_ptr_nonnull(a->meta[NT_META_SOURCE]);
	ck_assert_str_eq(a->meta[NT_META_SOURCE], "News.Az");
	ck_assert_ptr_null(strstr(v, "News.Az"));
	ck_assert_ptr_nonnull(strstr(v, "They discussed trade."));
	nt_article_free(a);
}
END_TEST

/* Footers come off one after the other: a copyright line, a tag line
 * above it, a list of other headlines above that; not a paragraph that
 * merely starts with "Related". */
START_TEST(test_scrape_stacked_footers)
{
	static const char s[] = "The sides met in Baku.\n\nRead also:\nArmenia holds talks in "
				"Brussels\nEU envoy visits Baku\n\nTags: Azerbaijan, UNICEF\n"
				"\xC2\xA9 2025 Azernews. All rights reserved.\n";
	struct nt_article *a = normalize(s);
	const char *v = view(a);

	check_invariants(a);
	ck_assert_str_eq(v, "The sides met in Baku.");
	nt_article_free(a);
	a = normalize("The sides met.\n\nNotes to editors:\nPhotos are available here.\n");
	ck_assert_str_eq(view(a), "The sides met.");
	nt_article_free(a);
	a = normalize("The sides met.\n(Photo by Ann Lee/AFP via Getty Images)\n"
		      "Read more: [Talks explained](https://example.com/a)\n");
	ck_assert_str_eq(view(a), "The sides met.");
	nt_article_free(a);
	a = normalize("The sides met.\nPhotos of the talks were shared.\n");
	ck_assert_ptr_nonnull(strstr(view(a), "Photos of the talks"));
	nt_article_free(a);
	a = normalize("The sides met.\n\nRelated to this, the talks ended on Friday.\n");
	ck_assert_ptr_nonnull(strstr(view(a), "Related to this"));
	nt_article_free(a);
}
END_TEST

START_TEST(test_scrape_given_wins)
{
	static const char s[] = " date 2023-05-26 + \xE2\x86\xBA \xE2\x88\x92 16 px\n\n"
				"(MENAFN- AzerNews) Fatima Latifova Read more\n\n"
				"Short title line\n\nBody text of the article.\nNews.Az\n";
	struct nt_article *a = article_n(s, strlen(s));

	nt_article_set_date(a, "2020-01-02", 10, 1);
	nt_article_set_meta(a, NT_META_SOURCE, "Given Source", 12, 1);
	nt_article_set_meta(a, NT_META_AUTHOR, "Given Author", 12, 1);
	nt_article_set_meta(a, NT_META_TITLE, "Given Title", 11, 1);
	run_stage(a);
	check_invariants(a);
	ck_assert_str_eq(a->meta[NT_META_DATE], "2020-01-02");
	ck_assert_str_eq(a->meta[NT_META_SOURCE], "Given Source");
	ck_assert_str_eq(a->meta[NT_META_AUTHOR], "Given Author");
	ck_assert_str_eq(a->meta[NT_META_TITLE], "Given Title");
	/* The boilerplate is still removed from the view. */
	ck_assert_ptr_null(strstr(view(a), "MENAFN"));
	ck_assert_ptr_null(strstr(view(a), "News.Az"));
	nt_article_free(a);

	/* Not given: the same text fills everything. */
	a = normalize(s);
	ck_assert_str_eq(a->meta[NT_META_DATE], "2023-05-26");
	ck_assert_str_eq(a->meta[NT_META_SOURCE], "AzerNews");
	ck_assert_str_eq(a->meta[NT_META_AUTHOR], "Fatima Latifova");
	ck_assert_str_eq(a->meta[NT_META_TITLE], "Short title line");
	nt_article_free(a);
}
END_TEST

START_TEST(test_scrape_lead_source)
{
	struct nt_article *a = normalize("BAKU, Azerbaijan, May 26. Azernews reports that the "
					 "ministers met.\n");

	ck_assert_ptr_nonnull(a->meta[NT_META_SOURCE]);
	ck_assert_str_eq(a->meta[NT_META_SOURCE], "Azernews");
	ck_assert_ptr_nonnull(strstr(view(a), "news reports that"));   /* text left alone */
	nt_article_free(a);
}
END_TEST

/* A scraped-metadata case: the text, and what metadata field F must hold
 * after normalize (NULL: nothing). */
struct meta_case {
	const char *text, *want;
};

static void
check_meta_cases(enum nt_meta_field f, const struct meta_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct nt_article *a = normalize(cases[i].text);

		if (cases[i].want)
			ck_assert_str_eq(a->meta[f] ? a->meta[f] : "(none)", cases[i].want);
		else
			ck_assert_ptr_null(a->meta[f]);
		nt_article_free(a);
	}
}

/* A publication line gives the article date, with the month as a name,
 * an abbreviation or digits; an impossible date gives none. */
START_TEST(test_scrape_publication_date)
{
	static const struct meta_case cases[] = {
		{ "Talks\nBy Leman Mammadova\nPublished: 14 March 2024, 11:20\n\nText.\n", "2024-03-14" },
		{ "Title\n\nUpdated on March 4, 2024\n\nText.\n", "2024-03-04" },
		{ "Title\n\nPublished: Thursday, 14 Sept. 2023\n\nText.\n", "2023-09-14" },
		{ "Title\n\nDate: 14.03.2024\n\nText.\n", "2024-03-14" },
		{ "Title\n\nPublished: 31 February 2024\n\nText.\n", NULL },
		{ "Title\n\nDate: 14 Smarch 2024\n\nText.\n", NULL },
		{ "Title\n\nDate: 14.13.2024\n\nText.\n", NULL },
		/* a line that is only a date, the first line too */
		{ "Talks\n14.03.2025 | 12:45\nAstana (Trend) - Text.\n", "2025-03-14" },
		{ "Friday, 14 March 2025\n\nText.\n", "2025-03-14" },
		{ "Title\nMarch 14, 2025 10:30 AM GMT\n\nText.\n", "2025-03-14" },
		{ "Title\n2025-03-14 12:45\n\nText.\n", "2025-03-14" },
		{ "Title\n\n14 March 2025 was a sunny day.\n", NULL },
		/* and with the other fields of its line, or a reading time */
		{ "Title\n14 August 2024 | News release | Geneva\n\nText.\n", "2024-08-14" },
		{ "Title\nDecember 3, 2024 10:15 PM 3 min read\n\nText.\n", "2024-12-03" },
		{ "Title\nSunday 24th November 2024\n\nText.\n", "2024-11-24" },
		{ "Title\nNovember 24th, 2024\n\nText.\n", "2024-11-24" },
		/* slashes only where the order is plain: a day over 12 */
		{ "Title\n\n03/14/2025\n\nText.\n", "2025-03-14" },
		{ "Title\n\n24/11/2024\n\nText.\n", "2024-11-24" },
		{ "Title\n\n03/04/2025\n\nText.\n", NULL },
		{ "Title\n\n33/04/2025\n\nText.\n", NULL },
		/* a dateline with the date */
		{ "GENEVA (4 March 2024) \xE2\x80\x93 The envoy spoke.\n", "2024-03-04" },
		{ "Title\n\nWASHINGTON, March 4, 2024 - The Senate voted.\n", "2024-03-04" },
		{ "Title\n\nThe deal (4 March 2024) - was signed.\n", NULL },
	};

	check_meta_cases(NT_META_DATE, cases, sizeof cases / sizeof *cases);
}
END_TEST

/* A byline of its own names the author; "By" in a sentence does not. */
START_TEST(test_scrape_byline_author)
{
	static const struct meta_case cases[] = {
		{ "Energy talks\nBy Leman Mammadova\nPublished: 2024-03-14\n\nThe sides met.\n",
		  "Leman Mammadova" },
		{ "Title\n\nBy JOHN SMITH, Reuters\n\nThe leaders met.\n", "JOHN SMITH" },
		{ "Title\n\nBy March 2024, the plant was built.\n", NULL },
		{ "Title\n\nBy Friday, the talks ended.\n", NULL },
		{ "Title\n\nThe talks ended By Order Of The Court.\n", NULL },
		{ "By Aynur Karimova\nPublished: 7 November 2024\n\nText.\n", "Aynur Karimova" },
	};

	check_meta_cases(NT_META_AUTHOR, cases, sizeof cases / sizeof *cases);
}
END_TEST

/* A date line a lead pattern read may end the title's lines with no
 * blank line after it; a byline or navigation bar is no title. */
START_TEST(test_scrape_title_meta_lines)
{
	static const struct meta_case cases[] = {
		{ "Talks end\n14.03.2025 | 12:45\nAstana - Text.\n", "Talks end" },
		{ "Home | News | World\nTalks end\n\nText.\n", "Talks end" },
		{ "Home \xE2\x80\xBA World \xE2\x80\xBA Asia\nTalks end\n\nText.\n", "Talks end" },
		{ "By Aynur Karimova\nPublished: 7 November 2024\n\nText.\n", NULL },
		{ "Talks end\nwith no deal\nText.\n", NULL },
		{ "Talks end\nBy Ann Lee\nText.\n", "Talks end" },
		{ "Baku, Azerbaijan, November 18\n\nThe sides met.\n", NULL },
		{ "Baku, Azerbaijan and Georgia sign deal\n\nThe sides met.\n",
		  "Baku, Azerbaijan and Georgia sign deal" },
		{ "The talks, said\nBy Ann Lee, the aide, went on.\nText.\n", NULL },
		{ "The talks ended.\n\nText.\n", NULL },
		/* a saved page's fields */
		{ "Title: Talks end\nDate: 28.04.2025\n\nText.\n", "Talks end" },
		{ "The Title: a film\n\nText.\n", "The Title: a film" },
	};

	check_meta_cases(NT_META_TITLE, cases, sizeof cases / sizeof *cases);
}
END_TEST

/* A byline's name is the author, and blanked in the view: the writer is
 * no subject of the article; a name in a sentence is not. */
START_TEST(test_scrape_byline_blanked)
{
	struct nt_article *a = normalize("Talks end\nBy Maria Fernanda Costa | Madrid\n\n"
					 "Ann Lee met Bo Kim.\n");

	check_invariants(a);
	ck_assert_str_eq(a->meta[NT_META_AUTHOR], "Maria Fernanda Costa");
	ck_assert_ptr_null(strstr(view(a), "Costa"));
	ck_assert_ptr_nonnull(strstr(view(a), "Madrid"));
	ck_assert_ptr_nonnull(strstr(view(a), "Ann Lee met Bo Kim."));
	nt_article_free(a);
}
END_TEST

/* A wire dateline at the start of a paragraph names the agency; brackets
 * elsewhere do not. */
START_TEST(test_scrape_dateline_source)
{
	static const struct meta_case cases[] = {
		{ "Title\n\nBERLIN, March 12 (Reuters) - The leaders met.\n", "Reuters" },
		{ "Baku, Azerbaijan, October 3 (Trend) - The sides met.\n", "Trend" },
		{ "WASHINGTON (AP) \xE2\x80\x94 The Senate voted.\n", "AP" },
		{ "They met, the ministry (MFA) - said a note.\n", NULL },
		{ "BERLIN, March 12 (Reuters): The leaders met.\n", NULL },
		/* a source line at the end */
		{ "Talks end.\n\nThe sides met.\nSource: Al Jazeera and news agencies\n",
		  "Al Jazeera" },
		{ "The sides met.\nThe source: a note from a minister.\n", NULL },
		/* two places joined by a slash */
		{ "ISLAMABAD/NEW DELHI, May 10 (Reuters) - The sides met.\n", "Reuters" },
		{ "AUSTIN, Texas, Nov. 12, 2024 /PRNewswire/ -- Acme Inc. said.\n", "PRNewswire" },
		/* no dash only after a date: "New Delhi, Dec 4 (PTI) The ..." */
		{ "New Delhi, Dec 4 (PTI) The bank kept rates.\n", "PTI" },
		{ "Apple (AAPL) Shares rose.\n", NULL },
	};

	check_meta_cases(NT_META_SOURCE, cases, sizeof cases / sizeof *cases);
}
END_TEST

/* The stage reuses its buffers: one article after another gives the same
 * result as a fresh one. */
START_TEST(test_stage_reuse)
{
	struct nt_article *a = nt_article_new();
	static const char *const inputs[] = {
		"toBelarus \xE2\x80\x94 a much longer article about theministers\r\n and more",
		"x", "", "(MENAFN- AzerNews) Fatima Latifova Read more\n\nBody.\n", "short"
	};
	size_t i;

	for (i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		struct nt_article *b = normalize(inputs[i]);

		nt_article_reset(a);
		nt_article_append_raw(a, inputs[i], strlen(inputs[i]));
		run_stage(a);
		check_invariants(a);
		ck_assert_uint_eq(a->view_len, b->view_len);
		ck_assert_str_eq(a->view, b->view);
		ck_assert_mem_eq(a->view_start, b->view_start, (a->view_len + 1) * sizeof(uint32_t));
		ck_assert_mem_eq(a->view_end, b->view_end, (a->view_len + 1) * sizeof(uint32_t));
		nt_article_free(b);
	}
	nt_article_free(a);
}
END_TEST

/* ---------------------------------------------------------------- property */

/* xorshift64*: deterministic, the same sequence on every machine. */
static uint64_t rng_state;

static uint32_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

static uint32_t
rng_below(uint32_t n)
{
	return n ? rng() % n : 0;
}

struct buf {
	char *s;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		ck_assert_ptr_nonnull(b->s);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_cp(struct buf *b, int32_t cp)
{
	utf8proc_uint8_t u[4];
	utf8proc_ssize_t k = utf8proc_encode_char(cp, u);

	buf_add(b, u, (size_t)k);
}

/* A random valid code point from ranges that matter here. */
static int32_t
random_cp(void)
{
	static const int32_t ranges[][2] = {
		{ 0x20, 0x7E }, { 0x00, 0x1F }, { 0x80, 0xFF }, { 0x100, 0x24F },
		{ 0x300, 0x36F },          /* combining diacritics */
		{ 0x370, 0x3FF }, { 0x400, 0x4FF }, { 0x590, 0x6FF },
		{ 0x900, 0x97F },          /* Devanagari: spacing marks, viramas */
		{ 0x1100, 0x11FF },        /* Hangul jamo: long clusters */
		{ 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x1E00, 0x1EFF },
		{ 0x2000, 0x206F },        /* spaces, dashes, quotes, zero-width */
		{ 0x20D0, 0x20FF }, { 0x2100, 0x21FF }, { 0x3000, 0x303F },
		{ 0x4E00, 0x4E80 }, { 0xAC00, 0xAC40 }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
		{ 0xFEFF, 0xFEFF }, { 0xFF00, 0xFF65 }, { 0xFFF0, 0xFFFD },
		{ 0x1F1E6, 0x1F1FF },      /* regional indicators */
		{ 0x1F300, 0x1F6FF }, { 0x1F3FB, 0x1F3FF }, { 0xE0020, 0xE007F },
		{ 0x10000, 0x10FFFF }
	};
	size_t r = rng_below(sizeof ranges / sizeof *ranges);
	int32_t cp = ranges[r][0] + (int32_t)rng_below((uint32_t)(ranges[r][1] - ranges[r][0] + 1));

	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD;
	return cp;
}

static const char *const pieces[] = {
	"\r", "\n", "\r\n", "\f", "\f\n", " ", "  ", "\t",
	"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x94",
	"\xE2\x80\xA6", "\xC2\xA0", "\xE2\x80\x8B", "\xC2\xAD", "\xEF\xBB\xBF", "\xCC\x81",
	"e\xCC\x81", "\xE2\x80\xA8",
	"hisBelarusian", "toBelarus", "ForeignMinistry", "UNFramework", "Bayramovinformed",
	"theministers", "internationalorganizations", "McDonald", "iPhone", "DeSantis",
	"multilateralism", "UNICEF", "agenda,as", "word;word",
	" date 2023-05-26", "date: 2024-02-30", " + \xE2\x86\xBA \xE2\x88\x92 16 px", "+ - 9px",
	"(MENAFN- AzerNews)", "(MENAFN-", "Fatima Latifova Read more", "Read more", "Share",
	"\nNews.Az", "News.Az", "\nShare this", "\n\xC2\xA9 2024", "Azernews reports",
	"told News.az", "Short title\n\n", ".", ",", "A", "b"
};

static void
random_input(struct buf *b)
{
	size_t target = rng_below(601);

	b->len = 0;
	buf_add(b, "", 0);
	while (b->len < target) {
		switch (rng_below(8)) {
		case 0: {
			char c = (char)rng_below(256);

			buf_add(b, &c, 1);
			break;
		}
		case 1:
		case 2:
			buf_cp(b, random_cp());
			break;
		case 3:
			buf_cp(b, 0x300 + (int32_t)rng_below(0x70));
			break;
		case 4: {
			char c = "\r\n\0\f "[rng_below(5)];

			buf_add(b, &c, 1);
			break;
		}
		case 5: {
			size_t n = 1 + rng_below(10), i;

			for (i = 0; i < n; i++) {
				char c = (char)((rng_below(3) ? 'a' : 'A') + rng_below(26));

				buf_add(b, &c, 1);
			}
			break;
		}
		default:
			buf_str(b, pieces[rng_below(sizeof pieces / sizeof *pieces)]);
			break;
		}
	}
	if (b->len > 600)   /* may cut a sequence in two: that is fine */
		b->len = 600;
}

/* Failures of the property tests: every case runs (so that a crash in a
 * later case is not hidden behind an invariant failure in an earlier one);
 * the first failure is reported at the end, with its input in hex. */
static unsigned prop_failures;
static char prop_first[1024];

/* Normalize LEN bytes at S in a reused article and check the invariants. */
static void
property_one(struct nt_article *a, const char *s, size_t len, const char *what)
{
	struct nt_err err = { "" };
	const char *p;

	nt_article_reset(a);
	nt_article_append_raw(a, s, len);
	ck_assert_int_eq(nt_stage_normalize.run(norm, a, &err), 0);
	p = invariant_problem(a);
	if (!p && strlen(a->view) != a->view_len)
		p = "NUL byte in the view";
	if (!p && a->nwarnings > 2)
		p = "more than one warning each for bad UTF-8 and NULs";
	if (p && prop_failures++ == 0) {
		char hex[2 * 120 + 1];
		size_t i;

		for (i = 0; i < len && i < 120; i++)
			sprintf(hex + 2 * i, "%02x", (unsigned char)s[i]);
		hex[2 * i] = '\0';
		snprintf(prop_first, sizeof prop_first, "%s: %s (input of %zu bytes: %s%s)", what, p,
			 len, hex, len > 120 ? "..." : "");
	}
}

static void
property_report(void)
{
	ck_assert_msg(prop_failures == 0, "%u failing case%s; first: %s", prop_failures,
		      prop_failures == 1 ? "" : "s", prop_first);
}

START_TEST(test_property_random)
{
	struct nt_article *a = nt_article_new();
	struct buf b = { NULL, 0, 0 };
	char what[64];
	int i;

	prop_failures = 0;
	rng_state = 0x9E3779B97F4A7C15ull;
	for (i = 0; i < 3000; i++) {
		random_input(&b);
		snprintf(what, sizeof what, "random case %d", i);
		property_one(a, b.s, b.len, what);
	}
	free(b.s);
	nt_article_free(a);
	property_report();
}
END_TEST

START_TEST(test_property_adversarial)
{
	struct nt_article *a = nt_article_new();
	struct buf b = { NULL, 0, 0 };
	static const char *const fixed[] = {
		"\x80", "\xBF\xBF\xBF", "a\x80" "b", "\xC3", "abc\xE2\x82", "abc\xF0\x9F\x98",
		"\xED\xA0\x80", "\xED\xBF\xBF" "x", "\xF4\x90\x80\x80", "\xC0\x80", "\xE0\x80\x80",
		"\xF5", "\xF8\x88\x80\x80\x80", "\xFE\xFF", "\xFF", "\xEF\xBB", "\xEF\xBB\xBF",
		"\xEF\xBB\xBF\xEF\xBB\xBF", "\r", "\r\r", "\n", "\r\n\r\n", "\f", "\xCC\x81",
		"\xCC\x81\xCC\x81" "a", "\xE2\x80\xA6", "\xE2\x80\x8B", " date 2023-05-26",
		"(MENAFN- AzerNews)", "Fatima Latifova Read more", "\nNews.Az", "News.Az",
		"Short\n\n", "a,b", ",a", "a,", "a;", ";"
	};
	size_t i, j;

	prop_failures = 0;
	for (i = 0; i < sizeof fixed / sizeof *fixed; i++)
		property_one(a, fixed[i], strlen(fixed[i]), fixed[i]);
	property_one(a, "\0", 1, "NUL");
	property_one(a, "\0\0\r\0\n", 5, "NULs");
	property_one(a, "", 0, "empty");

	/* Every byte value alone, and after a letter. */
	for (i = 0; i < 256; i++) {
		char s[2] = { 'a', (char)i };

		property_one(a, s + 1, 1, "one byte");
		property_one(a, s, 2, "letter and byte");
	}
	/* Long runs of combining marks, on ASCII and non-ASCII bases, and
	 * alone. */
	{
		static const char *const bases[] = { "e", "\xCE\xB5", "\xE1\x84\x80", "", "\r" };
		static const int32_t marks[] = { 0x301, 0x344, 0x308, 0x20DD, 0xFE0F };

		for (i = 0; i < sizeof bases / sizeof *bases; i++)
			for (j = 0; j < sizeof marks / sizeof *marks; j++) {
				size_t k, n = j == 0 ? 300 : 63 + 2 * j;

				b.len = 0;
				buf_str(&b, "x ");
				buf_str(&b, bases[i]);
				for (k = 0; k < n; k++)
					buf_cp(&b, marks[j]);
				buf_str(&b, " y\r");
				property_one(a, b.s, b.len, "combining run");
			}
	}
	/* Hangul jamo: one grapheme cluster of 200 code points. */
	b.len = 0;
	for (i = 0; i < 200; i++)
		buf_cp(&b, i < 100 ? 0x1100 : 0x1161);
	property_one(a, b.s, b.len, "jamo run");
	/* Regional indicators and ZWJ sequences. */
	b.len = 0;
	for (i = 0; i < 150; i++)
		buf_cp(&b, i % 2 ? 0x200D : 0x1F468);
	property_one(a, b.s, b.len, "zwj run");
	/* 70-letter tokens, all-caps tokens, tokens around the glue limit. */
	for (i = 60; i <= 70; i++) {
		b.len = 0;
		for (j = 0; j < i; j++)
			buf_add(&b, &"theministersinternationalorganizations"[j % 38], 1);
		property_one(a, b.s, b.len, "long token");
		b.len = 0;
		for (j = 0; j < i; j++)
			buf_add(&b, &"THEMINISTERSFOREIGNMINISTRYUNICEF"[j % 32], 1);
		property_one(a, b.s, b.len, "caps token");
		b.len = 0;
		for (j = 0; j < i; j++)
			buf_str(&b, j % 3 ? "\xC3\xBC" : "To");
		property_one(a, b.s, b.len, "non-ASCII token");
	}
	/* Surrogates, one after another, and truncated sequences at the end. */
	b.len = 0;
	for (i = 0xD800; i < 0xE000; i += 0x7F) {
		char s[3] = { (char)(0xE0 | (i >> 12)), (char)(0x80 | ((i >> 6) & 0x3F)),
			      (char)(0x80 | (i & 0x3F)) };

		buf_add(&b, s, 3);
	}
	property_one(a, b.s, b.len, "surrogates");
	for (i = 0; i < 4; i++) {
		b.len = 0;
		buf_str(&b, "Hello toBelarus ");
		buf_add(&b, "\xF0\x9F\x98\x80", i);
		property_one(a, b.s, b.len, "truncated at end");
	}
	/* Header fragments repeated many times (patterns run again and again). */
	b.len = 0;
	for (i = 0; i < 200; i++)
		buf_str(&b, i % 2 ? " date 2023-05-26" : " + \xE2\x86\xBA \xE2\x88\x92 16 px");
	buf_str(&b, "\n\nBody");
	property_one(a, b.s, b.len, "repeated headers");
	b.len = 0;
	for (i = 0; i < 300; i++)
		buf_str(&b, "\nNews.Az");
	property_one(a, b.s, b.len, "repeated footers");
	free(b.s);
	nt_article_free(a);
	property_report();
}
END_TEST

/* A cluster longer than the stage's buffer must not lose code points:
 * every original mark is either in the view or covered by its map. */
START_TEST(test_long_cluster_not_truncated)
{
	struct buf b = { NULL, 0, 0 };
	struct nt_article *a;
	size_t i, marks = 0;

	/* iota + 40 x U+0344: NFC decomposes each U+0344 into two marks, so
	 * 41 code points become 80. */
	buf_str(&b, "\xCE\xB9");
	for (i = 0; i < 40; i++)
		buf_cp(&b, 0x344);
	buf_str(&b, " end");
	a = normalize_n(b.s, b.len);
	check_invariants(a);
	for (i = 0; i + 1 < a->view_len; i++)
		if ((unsigned char)a->view[i] == 0xCC &&
		    ((unsigned char)a->view[i + 1] == 0x88 || (unsigned char)a->view[i + 1] == 0x81))
			marks++;
	/* U+0390 holds the first pair; 39 pairs of marks remain. */
	ck_assert_uint_eq(marks, 78);
	ck_assert_ptr_nonnull(strstr(a->view, " end"));
	nt_article_free(a);
	free(b.s);
}
END_TEST

/* ------------------------------------------------------------------ suites */

static Suite *
decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");

	tcase_add_unchecked_fixture(tc, stage_setup, stage_teardown);
	tcase_add_test(tc, test_decode_valid_unchanged);
	tcase_add_test(tc, test_decode_invalid_bytes);
	tcase_add_test(tc, test_decode_one_invalid_byte);
	tcase_add_test(tc, test_decode_bom);
	tcase_add_test(tc, test_decode_nul_kept);
	tcase_add_test(tc, test_decode_empty);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
fold_suite(void)
{
	Suite *s = suite_create("fold");
	TCase *tc = tcase_create("fold");

	tcase_add_test(tc, test_fold_typo_quotes_dashes);
	tcase_add_test(tc, test_fold_typo_spaces_controls);
	tcase_add_test(tc, test_fold_typo_ellipsis_and_plain);
	tcase_add_test(tc, test_fold_case_accent);
	tcase_add_test(tc, test_fold_cp);
	tcase_add_test(tc, test_fold_word_letter);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
glue_suite(void)
{
	Suite *s = suite_create("glue");
	TCase *words = tcase_create("words");
	TCase *stage = tcase_create("stage");

	tcase_add_unchecked_fixture(words, glue_setup, glue_teardown);
	tcase_add_test(words, test_glue_splits);
	tcase_add_test(words, test_glue_keeps);
	tcase_add_test(words, test_glue_evidence);
	tcase_add_test(words, test_glue_limits);
	tcase_add_test(words, test_glue_missing_file);
	tcase_add_test(words, test_wordset_load_shared);
	suite_add_tcase(s, words);
	tcase_add_unchecked_fixture(stage, stage_setup, stage_teardown);
	tcase_add_test(stage, test_glue_stage);
	tcase_add_test(stage, test_comma_space_soft);
	suite_add_tcase(s, stage);
	return s;
}

static Suite *
map_suite(void)
{
	Suite *s = suite_create("map");
	TCase *tc = tcase_create("map");

	tcase_add_unchecked_fixture(tc, stage_setup, stage_teardown);
	tcase_add_test(tc, test_map_bounds);
	tcase_add_test(tc, test_map_empty_span);
	tcase_add_test(tc, test_map_nfc_ascii_base);
	tcase_add_test(tc, test_map_nfc_nonascii_base);
	tcase_add_test(tc, test_map_comma_before_mark);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_html_references);
	tcase_add_test(tc, test_stage_reuse);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
scrape_suite(void)
{
	Suite *s = suite_create("scrape");
	TCase *tc = tcase_create("scrape");

	tcase_add_unchecked_fixture(tc, stage_setup, stage_teardown);
	tcase_add_test(tc, test_scrape_date_widget);
	tcase_add_test(tc, test_scrape_menafn_author);
	tcase_add_test(tc, test_scrape_title);
	tcase_add_test(tc, test_scrape_footer_source);
	tcase_add_test(tc, test_scrape_stacked_footers);
	tcase_add_test(tc, test_scrape_given_wins);
	tcase_add_test(tc, test_scrape_lead_source);
	tcase_add_test(tc, test_scrape_dateline_source);
	tcase_add_test(tc, test_scrape_byline_blanked);
	tcase_add_test(tc, test_scrape_byline_author);
	tcase_add_test(tc, test_scrape_title_meta_lines);
	tcase_add_test(tc, test_scrape_publication_date);
	suite_add_tcase(s, tc);
	return s;
}

/* ---------------------------------------------------------------- body.c */

/* The original text of A's lead. */
static char *
lead_of(const struct nt_article *a)
{
	size_t end = a->cp_at[a->lead_end];
	char *s = malloc(end + 1);

	memcpy(s, a->text, end);
	s[end] = '\0';
	return s;
}

static void
check_lead(const char *text, const char *want)
{
	struct nt_article *a = normalize(text);
	char *got = lead_of(a);

	ck_assert_msg(strcmp(got, want) == 0, "lead of \"%s\": \"%s\", want \"%s\"", text, got,
		      want);
	free(got);
	nt_article_free(a);
}

/* The lead: the first paragraph that ends a sentence, or two sentences. */
START_TEST(test_body_lead)
{
	/* a paragraph per line */
	check_lead("Talks began in Baku. Both sides spoke.\nLater, more came.\n",
		   "Talks began in Baku. Both sides spoke.");
	check_lead("Talks began in Baku.\nBoth sides spoke.\n", "Talks began in Baku.");
	/* a headline above it (no full stop) is part of it */
	check_lead("Talks begin in Baku\n\nThe talks began on Monday. They went on.\n",
		   "Talks begin in Baku\n\nThe talks began on Monday. They went on.");
	/* one line, or a long paragraph: two sentences */
	check_lead("One happened. Two happened. Three happened.",
		   "One happened. Two happened.");
	/* hard-wrapped lines do not end it, a blank line after a sentence does */
	check_lead("The talks, which began\nin Baku, went on. They\nended late\n\nNext day",
		   "The talks, which began\nin Baku, went on. They\nended late");
	/* abbreviations and closing quotes */
	check_lead("Mr. Lee met Gen. Ruiz in the U.S. on Monday. It rained.\nX.",
		   "Mr. Lee met Gen. Ruiz in the U.S. on Monday. It rained.");
	check_lead("\"We agree,\" he said. \"We will go.\"\nThen", "\"We agree,\" he said. \"We will go.\"");
	check_lead("Short text without an end", "Short text without an end");
	/* the full-width stops of Chinese and Japanese, with no space after */
	check_lead("\xe4\xb9\xa0\xe8\xbf\x91\xe5\xb9\xb3\xe8\xaf\xb4\xe3\x80\x82"
		   "\xe5\x8f\x8c\xe6\x96\xb9\xef\xbc\x9f\xe7\xac\xac\xe4\xb8\x89\xe3\x80\x82",
		   "\xe4\xb9\xa0\xe8\xbf\x91\xe5\xb9\xb3\xe8\xaf\xb4\xe3\x80\x82"
		   "\xe5\x8f\x8c\xe6\x96\xb9\xef\xbc\x9f");   /* 习近平说。双方？第三。 */
	check_lead("\xe6\xa0\x87\xe9\xa2\x98\n\n\xe7\xac\xac\xe4\xb8\x80\xe3\x80\x82\n"
		   "\xe7\xac\xac\xe4\xba\x8c\xe3\x80\x82\n",
		   "\xe6\xa0\x87\xe9\xa2\x98\n\n\xe7\xac\xac\xe4\xb8\x80\xe3\x80\x82");   /* 标题 第一。 */
	check_lead("", "");
}
END_TEST

/* Header boilerplate is not the lead; offsets are the original's. */
START_TEST(test_body_lead_after_header)
{
	const char *text = " date 2023-05-26 + \xe2\x86\xba \xe2\x88\x92 16 px\n\nTalks began. They ended.\nLater.";
	struct nt_article *a = normalize(text);
	char *got = lead_of(a);

	ck_assert_ptr_nonnull(strstr(got, "Talks began. They ended."));
	ck_assert_ptr_null(strstr(got, "Later"));
	free(got);
	nt_article_free(a);
}
END_TEST

static void
hash_of(const char *text, char out[NT_CONTENT_HASH_SIZE])
{
	struct nt_article *a = normalize(text);

	memcpy(out, a->content_hash, NT_CONTENT_HASH_SIZE);
	nt_article_free(a);
}

/* printf 'thetalkswentwellsaidann' | b2sum -l 128 */
#define HASH_TALKS "dd99ad82d14f0fc846539fc07dd6457e"

/* The content hash: the letters and digits, case folded, nothing else. */
START_TEST(test_body_hash)
{
	char h1[NT_CONTENT_HASH_SIZE], h2[NT_CONTENT_HASH_SIZE];

	hash_of("The \xe2\x80\x9ctalks\xe2\x80\x9d went well, said Ann.\n", h1);
	ck_assert_str_eq(h1, HASH_TALKS);
	/* spacing, quotes, dashes, case and line breaks do not count */
	hash_of("the \"TALKS\"   went\nwell \xe2\x80\x94 said ann", h2);
	ck_assert_str_eq(h1, h2);
	/* glued words too */
	hash_of("The talks went well, saidAnn.", h2);
	ck_assert_str_eq(h1, h2);
	/* header boilerplate is not the body */
	hash_of(" date 2023-05-26 + \xe2\x86\xba \xe2\x88\x92 16 px\n\n"
		"The talks went well, said Ann.", h2);
	ck_assert_str_eq(h1, h2);
	/* any word does */
	hash_of("The talks went badly, said Ann.", h2);
	ck_assert_str_ne(h1, h2);
	hash_of("The talks went well, said Anne.", h2);
	ck_assert_str_ne(h1, h2);
	/* non-ASCII words are case folded too */
	hash_of("\xc3\x9c" "BER Gr\xc3\xbc" "\xc3\x9f" "e", h1);
	hash_of("\xc3\xbc" "ber gr\xc3\xbc" "\xc3\x9f" "e", h2);
	ck_assert_str_eq(h1, h2);
	/* no words, no hash */
	hash_of(" -- \n\n ... ", h1);
	ck_assert_str_eq(h1, "");
	hash_of("", h1);
	ck_assert_str_eq(h1, "");
}
END_TEST

static Suite *
body_suite(void)
{
	Suite *s = suite_create("body");
	TCase *tc = tcase_create("body");

	tcase_add_unchecked_fixture(tc, stage_setup, stage_teardown);
	tcase_add_test(tc, test_body_lead);
	tcase_add_test(tc, test_body_lead_after_header);
	tcase_add_test(tc, test_body_hash);
	suite_add_tcase(s, tc);
	return s;
}

static Suite *
property_suite(void)
{
	Suite *s = suite_create("property");
	TCase *tc = tcase_create("property");

	tcase_add_unchecked_fixture(tc, stage_setup, stage_teardown);
	tcase_set_timeout(tc, 60);   /* slow under sanitizers, never near this */
	tcase_add_test(tc, test_property_random);
	tcase_add_test(tc, test_property_adversarial);
	tcase_add_test(tc, test_long_cluster_not_truncated);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(decode_suite());
	int failed;

	srunner_add_suite(sr, fold_suite());
	srunner_add_suite(sr, glue_suite());
	srunner_add_suite(sr, map_suite());
	srunner_add_suite(sr, scrape_suite());
	srunner_add_suite(sr, body_suite());
	srunner_add_suite(sr, property_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
