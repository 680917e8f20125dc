/* testview.c - see testview.h. */
#include "testview.h"

#include <stdlib.h>
#include <string.h>

void
test_view_build(struct nt_article *a, const char *spec)
{
	size_t n = strlen(spec), i;
	uint32_t cp = 0;

	memset(a, 0, sizeof *a);
	a->view = malloc(n + 1);
	a->view_start = malloc((n + 1) * sizeof *a->view_start);
	a->view_end = malloc((n + 1) * sizeof *a->view_end);
	ck_assert(a->view && a->view_start && a->view_end);
	for (i = 0; i < n; i++) {
		a->view[i] = spec[i] == '|' ? ' ' : spec[i];
		a->view_start[i] = cp;
		if (spec[i] != '|')
			cp++;
		a->view_end[i] = cp;
	}
	a->view[n] = '\0';
	a->view_start[n] = a->view_end[n] = cp;
	a->view_len = n;
}

void
test_view_free(struct nt_article *a)
{
	free(a->view);
	free(a->view_start);
	free(a->view_end);
}

static uint64_t test_rng_state = 0x9E3779B97F4A7C15ull;

void
test_rnd_seed(uint64_t seed)
{
	test_rng_state = seed ? seed : 0x9E3779B97F4A7C15ull;
}

uint32_t
test_rnd(uint32_t n)
{
	test_rng_state ^= test_rng_state << 13;
	test_rng_state ^= test_rng_state >> 7;
	test_rng_state ^= test_rng_state << 17;
	return (uint32_t)((test_rng_state >> 11) % n);
}
