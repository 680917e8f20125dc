/* check_progress.c - unit tests of progress.c: the wording of the
 * progress line for given numbers and times, and its rate limit. */
#include <check.h>
#include <string.h>

#include "progress.h"

/* The line for P at START + ELAPSED seconds. */
static const char *
line(struct nt_progress *p, double elapsed)
{
	static char buf[256];

	nt_progress_format(p, p->start + elapsed, buf, sizeof buf);
	return buf;
}

START_TEST(test_format)
{
	struct nt_progress p;

	nt_progress_start(&p, 100.0);
	ck_assert_str_eq(line(&p, 0), "newstag: 0 articles, 0.0 MB");
	p.articles = 1;
	p.bytes = 2500000;
	/* No rate in the first half second. */
	ck_assert_str_eq(line(&p, 0.2), "newstag: 1 article, 2.5 MB");
	ck_assert_str_eq(line(&p, 2), "newstag: 1 article, 2.5 MB, 1.2 MB/s");
	p.articles = 1234;
	p.total = 10000000;
	ck_assert_str_eq(line(&p, 2), "newstag: 1234 articles, 2.5 of 10.0 MB (25%), 1.2 MB/s, 0:06 left");
	p.count_fresh = 1;
	p.fresh = 56;
	p.bytes = 1000;
	p.total = 1000 + 3725ULL * 1000;   /* 3725 s left at 1000 B/s */
	ck_assert_str_eq(line(&p, 1), "newstag: 1234 articles (56 new), 0.0 of 3.7 MB (0%), 0.0 MB/s, 1:02:05 left");
	/* Input grew past the total it had when the run started. */
	p.bytes = p.total + 1;
	ck_assert_str_eq(line(&p, 1), "newstag: 1234 articles (56 new), 3.7 of 3.7 MB (100%), 3.7 MB/s");
}
END_TEST

START_TEST(test_cut_short)
{
	struct nt_progress p;
	char buf[12];

	nt_progress_start(&p, 0);
	p.articles = 1234;
	ck_assert_uint_eq(nt_progress_format(&p, 0, buf, sizeof buf), 11);
	ck_assert_str_eq(buf, "newstag: 12");
	ck_assert_uint_eq(nt_progress_format(&p, 0, buf, 1), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_due)
{
	struct nt_progress p;

	nt_progress_start(&p, 10.0);
	ck_assert(nt_progress_due(&p, 10.0));     /* never drawn */
	ck_assert(!nt_progress_due(&p, 10.1));
	ck_assert(!nt_progress_due(&p, 10.2));
	ck_assert(nt_progress_due(&p, 10.25));    /* 4 a second at most */
	ck_assert(!nt_progress_due(&p, 10.3));
	ck_assert(nt_progress_due(&p, 20.0));
}
END_TEST

static Suite *
progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_cut_short);
	tcase_add_test(tc, test_due);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(progress_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
