/* check_regex.c - unit tests of the pattern helpers (regex.c, rxstart.c).
 *
 *   - the trie-shaped {list} expansion against a flat longest-first
 *     alternation written here: at every position of random texts both
 *     must match the same length, caseless and case-sensitive, with word
 *     lists over a small alphabet (shared prefixes, spaces, hyphens, dots,
 *     a non-ASCII letter, case variants) so that every trie shape occurs;
 *   - start sets (rxstart.c) are sound: wherever a pattern can match
 *     (tried anchored at every byte), the position is a word start and the
 *     pattern is in nt_rxstart_at's set; patterns shaped like the date
 *     rules, random texts built from their words, digits and punctuation;
 *   - start-set analysis refuses what it cannot bound (no \b, a class of
 *     letters first, a nullable pattern, options) and bounds the rest;
 *   - required runs (nt_rx_required) on written cases, and sound: random
 *     patterns from the constructs the analysis knows (optional and
 *     repeated bytes, classes, groups, lookarounds, \K, alternations)
 *     never match a random text that lacks their run. */
#define _GNU_SOURCE 1   /* memmem */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "rules.h"
#include "rxstart.h"

#define REQUIRE(cond, ...) \
	do { \
		if (!(cond)) \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/* ---------------------------------------------------------------- helpers */

static unsigned long rng_state = 12345;

static unsigned
rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((rng_state >> 33) % n);
}

/* Word lists of the tests: "l" for the random ones, fixed others. */
struct lists {
	const char *names[4];
	const char *const *words[4];
	size_t n[4];
};

static int
lists_find(void *arg, const char *name, size_t len, const char *const **words, size_t *n)
{
	const struct lists *l = arg;
	size_t i;

	for (i = 0; i < 4 && l->names[i]; i++)
		if (strlen(l->names[i]) == len && memcmp(l->names[i], name, len) == 0) {
			*words = l->words[i];
			*n = l->n[i];
			return 1;
		}
	return 0;
}

static pcre2_code *
compile(const char *src, const struct lists *l, const char *space, uint32_t options)
{
	struct nt_node node = { .kind = NT_NODE_SCALAR, .file = "test.yaml", .line = 1, .col = 1,
				.str = (char *)src, .len = (uint32_t)strlen(src), .quoted = 1 };
	struct nt_err err;
	size_t *map;
	char *rx = nt_regex_expand(&node, lists_find, (void *)l, space, "list", &map, &err);
	pcre2_code *code;

	ck_assert_msg(rx != NULL, "expand %s: %s", src, err.text);
	code = nt_regex_compile(&node, rx, map, options, &err);
	ck_assert_msg(code != NULL, "compile %s: %s", rx, err.text);
	free(rx);
	free(map);
	return code;
}

/* Length of CODE's anchored match at P of S (-1: none), interpreted. */
static long
match_at(const pcre2_code *code, const char *s, size_t n, size_t p, pcre2_match_data *md)
{
	if (pcre2_match(code, (PCRE2_SPTR)s, n, p, PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, md, NULL) < 0)
		return -1;
	return (long)(pcre2_get_ovector_pointer(md)[1] - p);
}

/* ---------------------------------------------------------------- trie */

static const char *const trie_atoms[] = { "a", "b", "ab", "A", " ", "-", ".", "\xc3\xa9", "c" };

static void
random_word(char *w, size_t size)
{
	size_t n = 1 + rnd(4), i;

	w[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *atom = trie_atoms[rnd(sizeof trie_atoms / sizeof *trie_atoms)];

		if (strlen(w) + strlen(atom) + 1 < size)
			strcat(w, atom);
	}
}

/* The flat alternation the trie replaces: longest first, escaped. */
static char *
flat_alternation(const char *const *words, size_t n, const char *space)
{
	const char **sorted = malloc(n * sizeof *sorted);
	size_t i, j, cap = 64, len = 0;
	char *out = malloc(cap);

	memcpy(sorted, words, n * sizeof *sorted);
	for (i = 1; i < n; i++)   /* insertion sort, longest first, then bytes */
		for (j = i; j > 0 && (strlen(sorted[j]) > strlen(sorted[j - 1]) ||
				      (strlen(sorted[j]) == strlen(sorted[j - 1]) &&
				       strcmp(sorted[j], sorted[j - 1]) < 0)); j--) {
			const char *t = sorted[j];

			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}
	len = (size_t)sprintf(out, "(?:");
	for (i = 0; i < n; i++) {
		const char *p;

		if (!sorted[i][0])
			continue;
		for (p = sorted[i]; *p; p++) {
			if (len + 16 > cap)
				out = realloc(out, cap *= 2);
			if (p == sorted[i] && len > 3)
				out[len++] = '|';
			if (*p == ' ' || (*p == '-' && space[0] == '[')) {
				len += (size_t)sprintf(out + len, "%s", space);
				continue;
			}
			if (strchr("\\^$.|?*+()[]{}#", *p))
				out[len++] = '\\';
			out[len++] = *p;
		}
	}
	out = realloc(out, len + 2);
	strcpy(out + len, ")");
	free(sorted);
	return out;
}

START_TEST(test_trie_equals_flat)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	int round;

	rng_state = 777;
	for (round = 0; round < 400; round++) {
		char store[12][16], text[200];
		const char *words[12];
		struct lists l = { { "l", NULL }, { words }, { 0 } };
		size_t n = 1 + rnd(12), i, len;
		const char *space = round % 2 ? "[ -]" : "\\s+";
		uint32_t options = round % 3 ? PCRE2_CASELESS : 0;
		char *flat;
		pcre2_code *trie, *ref;
		struct nt_node node = { .kind = NT_NODE_SCALAR, .file = "t", .line = 1, .col = 1,
					.quoted = 1 };
		struct nt_err err;

		for (i = 0; i < n; i++) {
			random_word(store[i], sizeof store[i]);
			words[i] = store[i];
		}
		l.n[0] = n;
		trie = compile("{l}", &l, space, options);
		flat = flat_alternation(words, n, space);
		node.str = flat;
		node.len = strlen(flat);
		ref = nt_regex_compile(&node, flat, NULL, options, &err);
		REQUIRE(ref != NULL, "flat %s: %s", flat, err.text);
		text[0] = '\0';
		while (strlen(text) + 20 < sizeof text) {
			if (rnd(3) == 0)
				strcat(text, words[rnd((unsigned)n)]);
			else
				strcat(text, trie_atoms[rnd(sizeof trie_atoms / sizeof *trie_atoms)]);
		}
		len = strlen(text);
		for (i = 0; i < len; i++) {
			long a, b;

			if (((unsigned char)text[i] & 0xC0) == 0x80)
				continue;
			a = match_at(trie, text, len, i, md);
			b = match_at(ref, text, len, i, md);
			REQUIRE(a == b, "round %d at %zu of \"%s\": trie %ld, flat %ld (%s)", round, i,
				text, a, b, flat);
		}
		pcre2_code_free(trie);
		pcre2_code_free(ref);
		free(flat);
	}
	pcre2_match_data_free(md);
}
END_TEST

START_TEST(test_trie_shape)
{
	static const char *const months[] = { "jan", "jan.", "january", "june", "jul" };
	struct lists l = { { "m", NULL }, { months }, { 5 } };
	struct nt_node node = { .kind = NT_NODE_SCALAR, .file = "t", .line = 1, .col = 1,
				.str = "{m}", .len = 3, .quoted = 1 };
	struct nt_err err;
	size_t *map;
	char *rx = nt_regex_expand(&node, lists_find, &l, "\\s+", "list", &map, &err);

	ck_assert_str_eq(rx, "(?:j(?:an(?:\\.|uary)?|u(?:l|ne)))");
	free(rx);
	free(map);
}
END_TEST

/* ---------------------------------------------------------------- start sets */

static const char *const month_words[] = { "january", "jan", "jan.", "sept.", "september",
					   "may", "mid" };
static const char *const rel_words[] = { "last", "next", "this", "the previous" };
static const char *const num_words[] = { "one", "two", "twenty-five", "a" };
static const char *const unit_words[] = { "year", "years", "day", "days" };

static const struct lists date_lists = {
	{ "month", "rel", "num", "unit" },
	{ month_words, rel_words, num_words, unit_words },
	{ 7, 4, 4, 4 }
};

/* Patterns shaped like rules/dates/en.yaml's, each bounded. */
static const char *const bounded_patterns[] = {
	"\\b(?:(?<rel>{rel})\\s+)?(?<month>{month})\\.?\\s+(?<day>[12]\\d|3[01]|0?[1-9])\\b",
	"\\b(?:the\\s+)?(?<day>[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?<month>{month})\\b",
	"\\b(?:from|between)\\s+(?<month>{month})\\s+(?:to|and)\\s+(?<month2>{month})\\b",
	"(?<![\\d$#.,:/-])\\b(?<year>19[2-9]\\d|20[0-3]\\d)\\b(?![-/.,:]?\\d)",
	"\\b(?:Q(?<quarter>[1-4])\\s+(?<year>20\\d\\d)|H(?<half>[12]))\\b",
	"\\b(?:in|since|by)\\s+\\K(?<year>(?:1[5-9]|20)\\d\\d)\\b",
	"\\b(?<num>\\d+|{num})[\\s-]+(?<unit>{unit})\\s+ago\\b",
	"\\byears?\\s+ago\\b",
	"\\b(?<decade>(?:1[5-9]|20)\\d)0'?s\\b",
	"\\b(?<month>{month})\\b(?!\\s+\\d)",
};

/* Patterns the analysis must leave unbounded. */
static const char *const unbounded_patterns[] = {
	"(?<month>{month})\\s+\\d+",          /* no \b: may start inside a word */
	"\\b[A-Z][a-z]+day\\b",                /* a class of letters first */
	"\\b(?:the)?",                         /* can match nothing */
	"\\b(?i)may\\b",                       /* options first */
	"\\b.\\d",                             /* any character first */
	"\\b\\w+ly\\b",                        /* \w first */
	"\\b\\s+",                             /* not a word start */
};

static const char *const text_atoms[] = {
	"January", "jan.", "JAN", "Sept.", "september", "may", "Mayor", "mid", "mid-", "last",
	"the previous", "this", "one", "twenty-five", "a", "A", "year", "years", "days", "ago",
	"the", "of", "from", "between", "to", "and", "in", "since", "by", "Q3", "q4", "H1", "h2",
	"1987", "2024", "25", "3", "03", "11th", "1990s", "1990's", "20", "$", "#", ".", ",", "-",
	"/", ":", "'", " ", " ", " ", "\n", "\xc3\xa9t\xc3\xa9", "\xc3\x89", "_", "x", "ab",
};

START_TEST(test_start_sets_sound)
{
	size_t np = sizeof bounded_patterns / sizeof *bounded_patterns, r;
	struct nt_rxstart *s = nt_rxstart_new();
	pcre2_code *codes[16];
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	int round;

	for (r = 0; r < np; r++) {
		ck_assert_msg(nt_rxstart_add(s, (unsigned)r, bounded_patterns[r], lists_find,
					     (void *)&date_lists),
			      "pattern %zu should be bounded: %s", r, bounded_patterns[r]);
		codes[r] = compile(bounded_patterns[r], &date_lists, "\\s+",
				   PCRE2_CASELESS | PCRE2_DUPNAMES);
	}
	rng_state = 4242;
	for (round = 0; round < 3000; round++) {
		char text[160];
		size_t len, p;

		text[0] = '\0';
		while (strlen(text) + 16 < sizeof text)
			strcat(text, text_atoms[rnd(sizeof text_atoms / sizeof *text_atoms)]);
		len = strlen(text);
		for (p = 0; p < len; p++) {
			uint64_t can = nt_rxstart_word_start(text, p, len) ?
					       nt_rxstart_at(s, text, p, len) : 0;

			if (((unsigned char)text[p] & 0xC0) == 0x80)
				continue;
			for (r = 0; r < np; r++) {
				if (match_at(codes[r], text, len, p, md) < 0)
					continue;
				REQUIRE(can & (1ull << r), "pattern %zu matches at %zu of \"%s\" "
					"but is not in its start set", r, p, text);
			}
		}
	}
	for (r = 0; r < np; r++)
		pcre2_code_free(codes[r]);
	pcre2_match_data_free(md);
	nt_rxstart_free(s);
}
END_TEST

START_TEST(test_start_sets_refuse)
{
	struct nt_rxstart *s = nt_rxstart_new();
	size_t i;

	for (i = 0; i < sizeof unbounded_patterns / sizeof *unbounded_patterns; i++)
		ck_assert_msg(!nt_rxstart_add(s, (unsigned)i, unbounded_patterns[i], lists_find,
					      (void *)&date_lists),
			      "pattern %zu should be unbounded: %s", i, unbounded_patterns[i]);
	ck_assert(!nt_rxstart_add(s, NT_RXSTART_MAX, "\\bmay\\b", lists_find, (void *)&date_lists));
	nt_rxstart_free(s);
}
END_TEST

START_TEST(test_start_sets_select)
{
	struct nt_rxstart *s = nt_rxstart_new();
	const char *t = "In May, 25 of them met Q3 mid-year";

	ck_assert(nt_rxstart_add(s, 0, "\\b(?<month>{month})\\b", lists_find, (void *)&date_lists));
	ck_assert(nt_rxstart_add(s, 1, "\\b\\d+\\b", lists_find, (void *)&date_lists));
	ck_assert(nt_rxstart_add(s, 2, "\\bQ[1-4]\\b", lists_find, (void *)&date_lists));
	ck_assert(nt_rxstart_word_start(t, 3, strlen(t)));          /* May */
	ck_assert(!nt_rxstart_word_start(t, 4, strlen(t)));         /* aY */
	ck_assert_uint_eq(nt_rxstart_at(s, t, 3, strlen(t)), 1);    /* May: month */
	ck_assert_uint_eq(nt_rxstart_at(s, t, 0, strlen(t)), 0);    /* In */
	ck_assert_uint_eq(nt_rxstart_at(s, t, 8, strlen(t)), 2);    /* 25: digit */
	ck_assert_uint_eq(nt_rxstart_at(s, t, 23, strlen(t)), 4);   /* Q3 */
	ck_assert_uint_eq(nt_rxstart_at(s, t, 26, strlen(t)), 1);   /* mid (a month word) */
	ck_assert_uint_eq(nt_rxstart_at(s, "\xc3\x89t\xc3\xa9", 0, 5), 7);   /* non-ASCII: all */
	nt_rxstart_free(s);
}
END_TEST

/* nt_rx_required on written cases: the run, or NULL. */
START_TEST(test_required_cases)
{
	static const char *const cases[][2] = {
		{ "(?<source>\\p{Lu}[\\p{L}\\d.-]*(?:[ ]\\p{Lu}[\\p{L}\\d.-]*){0,2})[ ]reports\\b",
		  " reports" },
		{ "\\btold[ ](?<source>\\p{L}[\\p{L}\\d-]*\\.\\p{L}{2,6})\\b", "told " },
		{ "colou?r", "colo" },            /* an optional byte ends the run */
		{ "abc+de", "abc" },              /* so does a repeated one, kept */
		{ "foo{0,2}barx", "barx" },
		{ "x\\.y\\(z", "x.y(z" },         /* escaped punctuation is literal */
		{ "ab[c]d", "abcd" },             /* a one-byte class too */
		{ "[^a]bcd", "bcd" },
		{ "hello world", "hello world" },
		{ "a(?=bcd)e", NULL },            /* lookarounds end runs: "a", "e" */
		{ "abc|abd", NULL },              /* a top-level alternation */
		{ "(?i)hello", NULL },            /* an option setting */
		{ "x(?i)hello", NULL },
		{ "\\Qa.b\\E", NULL },
		{ "\xc3\xa9t\xc3\xa9", NULL },        /* non-ASCII: no run */
		{ "abc)def", NULL },              /* a stray ')' */
		{ "(?:abc)", NULL },              /* inside a group: not looked at */
		{ "ab", NULL },                   /* shorter than MIN (3) */
	};
	size_t i, len;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *lit = nt_rx_required(cases[i][0], 3, &len);

		if (!cases[i][1]) {
			ck_assert_msg(lit == NULL, "%s: got \"%.*s\", want none", cases[i][0],
				      lit ? (int)len : 0, lit ? lit : "");
		} else {
			ck_assert_msg(lit != NULL, "%s: got none, want \"%s\"", cases[i][0], cases[i][1]);
			ck_assert_msg(len == strlen(cases[i][1]) && memcmp(lit, cases[i][1], len) == 0,
				      "%s: got \"%.*s\", want \"%s\"", cases[i][0], (int)len, lit,
				      cases[i][1]);
		}
		free(lit);
	}
}
END_TEST

/* Random patterns from the constructs the analysis knows, matched on random
 * texts: a text a pattern matches holds its required run. */
START_TEST(test_required_sound)
{
	static const char *const atoms[] = {
		"a", "b", "c", "ab", "ba", " ", "\\.", "[a]", "[ ]", "[^a]", "[ab]", "(?:ab|c)",
		"(a)", "a?", "b+", "c*", "a{0,2}", "b{2}", "a{1,}?", ".", "\\d", "\\s", "\\b",
		"\\K", "(?=ab)", "(?!a)", "(?<=b)", "^", "$", "|", "-", "1", "(?:a b)+", "b++",
	};
	static const char *const text_bytes[] = { "a", "b", "c", " ", ".", "1", "-", "ab" };
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	int round, t, checked = 0;

	rng_state = 99;
	for (round = 0; round < 3000; round++) {
		char src[128], text[48];
		size_t n = 1 + rnd(8), i, len;
		char *lit;
		pcre2_code *code;

		src[0] = '\0';
		for (i = 0; i < n; i++)
			strcat(src, atoms[rnd(sizeof atoms / sizeof *atoms)]);
		lit = nt_rx_required(src, 1, &len);
		if (!lit)
			continue;
		code = compile(src, &date_lists, "\\s+", 0);
		for (t = 0; t < 40; t++) {
			text[0] = '\0';
			while (strlen(text) + 3 < sizeof text)
				strcat(text, text_bytes[rnd(sizeof text_bytes / sizeof *text_bytes)]);
			if (pcre2_match(code, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) < 0)
				continue;
			checked++;
			REQUIRE(memmem(text, strlen(text), lit, len) != NULL,
				"/%s/ matches \"%s\", which lacks its required \"%.*s\"", src, text,
				(int)len, lit);
		}
		pcre2_code_free(code);
		free(lit);
	}
	ck_assert_int_gt(checked, 1000);   /* the test did test */
	pcre2_match_data_free(md);
}
END_TEST

static Suite *
regex_suite(void)
{
	Suite *s = suite_create("regex");
	TCase *trie = tcase_create("trie"), *starts = tcase_create("starts");

	tcase_set_timeout(trie, 120);
	tcase_set_timeout(starts, 120);
	tcase_add_test(trie, test_trie_equals_flat);
	tcase_add_test(trie, test_trie_shape);
	suite_add_tcase(s, trie);
	tcase_add_test(starts, test_start_sets_sound);
	tcase_add_test(starts, test_start_sets_refuse);
	tcase_add_test(starts, test_start_sets_select);
	tcase_add_test(starts, test_required_cases);
	tcase_add_test(starts, test_required_sound);
	suite_add_tcase(s, starts);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(regex_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
