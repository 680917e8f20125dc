/* testview.h - helpers the matcher tests share: a matching view written
 * by hand, a deterministic random generator, and an assertion for hot
 * loops. */
#ifndef NT_TESTVIEW_H
#define NT_TESTVIEW_H

#include <check.h>
#include <stdint.h>

#include "article.h"

/* ck_assert for hot loops: Check records every passing ck_assert (a write
 * to its pipe), which would dominate a property test's run time. */
#define REQUIRE(cond, ...) \
	do { \
		if (!(cond)) \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/* Zero A, then give it the view SPEC, in which '|' stands for a soft space
 * (one normalize inserted between glued words: a space byte that maps to
 * no original code point); the other bytes map to one code point each.
 * Only view, view_len, view_start and view_end are set; free them with
 * test_view_free. */
void test_view_build(struct nt_article *a, const char *spec);
void test_view_free(struct nt_article *a);

/* Seed the generator; a number below N (xorshift64, the same sequence on
 * every machine). */
void test_rnd_seed(uint64_t seed);
uint32_t test_rnd(uint32_t n);

#endif
