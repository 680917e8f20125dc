/* check_occur.c - unit tests of the whole-word occurrence index (occur.c).
 *
 *   - a property test: on random views over a small alphabet (so that names
 *     repeat, nest and share prefixes, and soft spaces are frequent), the
 *     occurrences nt_occur finds for random names (from the view's start
 *     or a random byte) are exactly those of a naive search (every view
 *     byte, memcmp, nt_view_whole_word);
 *   - claiming: a claimed occurrence is passed over, the others stay, also
 *     for runs of claimed occurrences and at the end of a name's list;
 *   - names: equal bytes give one number, reset forgets them.
 *
 * Views are built by hand (testview.h); in view specs '|' stands for a
 * soft space. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "occur.h"
#include "testview.h"

/* Every occurrence of NAME from view byte 0, claiming none, into POS;
 * returns how many. */
static size_t
all_occurrences(struct nt_occur *o, size_t name, size_t *pos, size_t max)
{
	size_t n = 0, idx, p;

	for (p = nt_occur_next(o, name, 0, &idx); p != SIZE_MAX; p = nt_occur_next(o, name, p + 1, &idx))
		if (n < max)
			pos[n++] = p;
	return n;
}

START_TEST(test_whole_words)
{
	struct nt_article a;
	struct nt_occur o;
	size_t pos[8], bay, kyi, un;

	memset(&o, 0, sizeof o);
	test_view_build(&a, "Bayramov met Bayramova; Bayramov's aide, ABayramov and Jeyhun|Bayramov. Kyi, Suu Kyi UN UNICEF UN");
	bay = nt_occur_add(&o, a.view, 0, 8);
	kyi = nt_occur_add(&o, a.view, 81, 3);
	un = nt_occur_add(&o, a.view, 85, 2);
	ck_assert_uint_eq(nt_occur_add(&o, a.view, 24, 8), bay);   /* the same bytes */
	nt_occur_find(&o, &a, 0);
	/* not inside "Bayramova" or "ABayramov"; before "'s" and after a soft space, yes */
	ck_assert_uint_eq(all_occurrences(&o, bay, pos, 8), 3);
	ck_assert_uint_eq(pos[0], 0);
	ck_assert_uint_eq(pos[1], 24);
	ck_assert_uint_eq(pos[2], 62);
	ck_assert_uint_eq(all_occurrences(&o, kyi, pos, 8), 2);
	ck_assert_uint_eq(pos[0], 72);
	ck_assert_uint_eq(pos[1], 81);
	ck_assert_uint_eq(all_occurrences(&o, un, pos, 8), 2);   /* not in UNICEF */
	ck_assert_uint_eq(pos[0], 85);
	ck_assert_uint_eq(pos[1], 95);
	/* reset forgets the names: a new article numbers them afresh */
	nt_occur_reset(&o);
	ck_assert_uint_eq(nt_occur_add(&o, a.view, 72, 3), 0);
	nt_occur_find(&o, &a, 0);
	ck_assert_uint_eq(all_occurrences(&o, 0, pos, 8), 2);
	nt_occur_free(&o);
	test_view_free(&a);
}
END_TEST

START_TEST(test_claim)
{
	struct nt_article a;
	struct nt_occur o;
	size_t idx, p, x, y;

	memset(&o, 0, sizeof o);
	test_view_build(&a, "x y x x y x x x y x");
	x = nt_occur_add(&o, a.view, 0, 1);
	y = nt_occur_add(&o, a.view, 2, 1);
	nt_occur_find(&o, &a, 0);
	/* x at 0 4 6 10 12 14 18; claim 4, 6, then 14 and 18 (the list's end) */
	ck_assert_uint_eq(nt_occur_next(&o, x, 1, &idx), 4);
	nt_occur_claim(&o, idx);
	ck_assert_uint_eq(nt_occur_next(&o, x, 1, &idx), 6);
	nt_occur_claim(&o, idx);
	ck_assert_uint_eq(nt_occur_next(&o, x, 1, &idx), 10);
	ck_assert_uint_eq(nt_occur_next(&o, x, 0, &idx), 0);
	ck_assert_uint_eq(nt_occur_next(&o, x, 14, &idx), 14);
	nt_occur_claim(&o, idx);
	ck_assert_uint_eq(nt_occur_next(&o, x, 13, &idx), 18);
	nt_occur_claim(&o, idx);
	ck_assert_uint_eq(nt_occur_next(&o, x, 13, &idx), SIZE_MAX);
	/* the next name's list is untouched */
	ck_assert_uint_eq(nt_occur_next(&o, y, 0, &idx), 2);
	ck_assert_uint_eq(nt_occur_next(&o, y, 3, &idx), 8);
	ck_assert_uint_eq(nt_occur_next(&o, y, 9, &idx), 16);
	nt_occur_claim(&o, idx);
	ck_assert_uint_eq(nt_occur_next(&o, y, 9, &idx), SIZE_MAX);
	ck_assert_uint_eq(nt_occur_next(&o, x, 1, &idx), 10);
	p = nt_occur_next(&o, x, 11, &idx);
	ck_assert_uint_eq(p, 12);
	nt_occur_free(&o);
	test_view_free(&a);
}
END_TEST

/* ------------------------------------------------------- property test */

static const char *const pieces[] = {
	"a", "b", "ab", "A", "B", "\xc3\xa9", " ", " ", " ", "|", "-", ".", "'", "1"
};
#define NPIECES (sizeof pieces / sizeof pieces[0])

START_TEST(test_random_against_naive)
{
	static char spec[512];
	static size_t want[512], got[512];
	struct nt_occur o;
	int round;

	memset(&o, 0, sizeof o);
	for (round = 0; round < 3000; round++) {
		struct nt_article a;
		struct { size_t id, off, len; } names[16];
		size_t n = 0, len = 1 + test_rnd(120), nnames = 0, i, k, nw, ng, from;

		while (n < len) {
			const char *p = pieces[test_rnd(NPIECES)];

			memcpy(spec + n, p, strlen(p));
			n += strlen(p);
		}
		spec[n] = '\0';
		test_view_build(&a, spec);
		nt_occur_reset(&o);
		for (k = 1 + test_rnd(12); k > 0; k--) {   /* names: stretches of the view */
			size_t s = test_rnd((uint32_t)a.view_len), l = 1 + test_rnd(8);

			while (s > 0 && ((unsigned char)a.view[s] & 0xC0) == 0x80)
				s--;
			if (s + l > a.view_len)
				l = a.view_len - s;
			while (s + l < a.view_len && ((unsigned char)a.view[s + l] & 0xC0) == 0x80)
				l++;
			names[nnames].id = nt_occur_add(&o, a.view, s, l);
			names[nnames].off = s;
			names[nnames++].len = l;
		}
		from = test_rnd(2) ? 0 : test_rnd((uint32_t)a.view_len + 1);
		nt_occur_find(&o, &a, from);
		for (k = 0; k < nnames; k++) {
			size_t s = names[k].off, l = names[k].len;

			for (nw = 0, i = from; i + l <= a.view_len; i++)
				if (memcmp(a.view + i, a.view + s, l) == 0 && nt_view_whole_word(&a, i, l))
					want[nw++] = i;
			ng = all_occurrences(&o, names[k].id, got, 512);
			REQUIRE(ng == nw, "view \"%s\", name \"%.*s\": %zu occurrences, want %zu",
				spec, (int)l, a.view + s, ng, nw);
			for (i = 0; i < nw; i++)
				REQUIRE(got[i] == want[i], "view \"%s\", name \"%.*s\": occurrence %zu at %zu, want %zu",
					spec, (int)l, a.view + s, i, got[i], want[i]);
		}
		test_view_free(&a);
	}
	nt_occur_free(&o);
}
END_TEST

static Suite *
occur_suite(void)
{
	Suite *s = suite_create("occur");
	TCase *tc = tcase_create("occur");

	tcase_add_test(tc, test_whole_words);
	tcase_add_test(tc, test_claim);
	tcase_add_test(tc, test_random_against_naive);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(occur_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
