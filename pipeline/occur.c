/* occur.c - whole-word occurrences of many names in one pass (see occur.h
 * for the method and its sources). */
#include "occur.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "err.h"
#include "fnv.h"
#include "fold.h"

struct nt_occur_name {
	uint64_t hash;
	size_t off, len;             /* the name: the article's view bytes [off, off + len) */
	const char *view;
	size_t slot;                 /* where the hash table has it */
	unsigned pair;               /* its first two bytes, b0 << 8 | b1 (b1 = 0 for one byte) */
};

/* The slot of the name with HASH and the LEN bytes at S, or of the empty
 * slot where it would go. */
static size_t
nt_occur_slot(const struct nt_occur *o, uint64_t hash, const char *s, size_t len)
{
	size_t i = (size_t)(hash >> 7) & o->slot_mask;

	for (; o->slots[i]; i = (i + 1) & o->slot_mask) {
		const struct nt_occur_name *n = &o->names[o->slots[i] - 1];

		if (n->hash == hash && n->len == len && memcmp(n->view + n->off, s, len) == 0)
			break;
	}
	return i;
}

/* Clear what the names set: less than clearing the tables whole, which
 * keep the size of the article with the most names. */
void
nt_occur_reset(struct nt_occur *o)
{
	size_t i;

	for (i = 0; i < o->nnames; i++) {   /* the view they were in may be gone */
		const struct nt_occur_name *n = &o->names[i];

		o->slots[n->slot] = 0;
		o->lens[n->len & 255] = 0;
		o->first[n->pair >> 8] = 0;
		if (n->len > 1)
			o->pair[n->pair / 64] = 0;
		else
			memset(o->pair + n->pair / 64, 0, 256 / 8);
	}
	o->nnames = o->nocc = o->nhits = o->maxlen = 0;
}

void
nt_occur_free(struct nt_occur *o)
{
	free(o->names);
	free(o->slots);
	free(o->first_occ);
	free(o->occ);
	free(o->up);
	free(o->hits);
	memset(o, 0, sizeof *o);
}

/* Double the hash table (or make its first 64 slots). */
static void
nt_occur_grow(struct nt_occur *o)
{
	size_t i, n = o->slots ? 2 * (o->slot_mask + 1) : 64;

	free(o->slots);
	o->slots = nt_xcalloc(n, sizeof *o->slots);
	o->slot_mask = n - 1;
	for (i = 0; i < o->nnames; i++) {
		struct nt_occur_name *m = &o->names[i];

		m->slot = nt_occur_slot(o, m->hash, m->view + m->off, m->len);
		o->slots[m->slot] = (uint32_t)(i + 1);
	}
}

/* Note that a name starts with the bytes PAIR (b0 << 8 | b1); with TWO_BYTES
 * zero, the name is b0 alone and any byte may follow. */
static void
nt_occur_pair_set(struct nt_occur *o, unsigned pair, int two_bytes)
{
	if (two_bytes)
		o->pair[pair / 64] |= 1ull << (pair % 64);
	else
		memset(o->pair + pair / 64, 0xFF, 256 / 8);
}

/* Nonzero if some name starts with the bytes at S (one, or two when the
 * second is there). */
static int
nt_occur_pair_test(const struct nt_occur *o, const char *s, size_t left)
{
	unsigned k = (unsigned)(unsigned char)s[0] << 8 | (left > 1 ? (unsigned char)s[1] : 0);

	if (left < 2)   /* only a one-byte name fits */
		return o->lens[1] && (o->pair[k / 64] >> (k % 64) & 1);
	return o->pair[k / 64] >> (k % 64) & 1;
}

size_t
nt_occur_add(struct nt_occur *o, const char *view, size_t off, size_t len)
{
	uint64_t h = nt_fnv(NT_FNV_SEED, view + off, len);
	size_t i;

	if (!o->slots || 2 * (o->nnames + 1) > o->slot_mask + 1)
		nt_occur_grow(o);
	i = nt_occur_slot(o, h, view + off, len);
	if (o->slots[i])
		return o->slots[i] - 1;
	nt_grow(&o->names, &o->names_cap, o->nnames + 1, sizeof *o->names);
	o->names[o->nnames] = (struct nt_occur_name){
		h, off, len, view, i,
		(unsigned)(unsigned char)view[off] << 8 | (len > 1 ? (unsigned char)view[off + 1] : 0)
	};
	o->slots[i] = (uint32_t)++o->nnames;
	o->lens[len & 255] = 1;
	o->first[(unsigned char)view[off]] = 1;
	nt_occur_pair_set(o, o->names[o->nnames - 1].pair, len > 1);
	if (len > o->maxlen)
		o->maxlen = len;
	return o->nnames - 1;
}

/* The code point of A's view that ends at byte I (-1 at the start). */
static int32_t
nt_view_cp_before(const struct nt_article *a, size_t i)
{
	utf8proc_int32_t cp = -1;

	if (i == 0)
		return -1;
	do
		i--;
	while (i > 0 && ((unsigned char)a->view[i] & 0xC0) == 0x80);
	utf8proc_iterate((const utf8proc_uint8_t *)a->view + i, (utf8proc_ssize_t)(a->view_len - i), &cp);
	return cp;
}

/* Nonzero if no word ends at view byte I of A: a word can start there. */
static int
nt_view_word_may_start(const struct nt_article *a, size_t i)
{
	return i == 0 || !nt_is_word_cp(nt_view_cp_before(a, i)) || nt_article_soft_space(a, i - 1);
}

int
nt_view_whole_word(const struct nt_article *a, size_t i, size_t len)
{
	utf8proc_int32_t next = -1;

	if (i + len < a->view_len)
		utf8proc_iterate((const utf8proc_uint8_t *)a->view + i + len,
				 (utf8proc_ssize_t)(a->view_len - i - len), &next);
	return nt_view_word_may_start(a, i) &&
	       (next < 0 || !nt_is_word_cp(next) || nt_article_soft_space(a, i + len));
}

/* Append the pair (NAME, POS) to the hits. */
static void
nt_occur_hit(struct nt_occur *o, size_t name, size_t pos)
{
	nt_grow(&o->hits, &o->hits_cap, o->nhits + 2, sizeof *o->hits);
	o->hits[o->nhits++] = name;
	o->hits[o->nhits++] = pos;
}

void
nt_occur_find(struct nt_occur *o, const struct nt_article *a, size_t from)
{
	const char *v = a->view;
	size_t vlen = a->view_len, i, k, n;

	o->nhits = 0;
	for (i = from; o->nnames && i < vlen; i++) {
		uint64_t h = NT_FNV_SEED;   /* extended a byte at a time from I */

		if (!o->first[(unsigned char)v[i]] || !nt_occur_pair_test(o, v + i, vlen - i) ||
		    !nt_view_word_may_start(a, i))
			continue;
		for (k = 0; k < o->maxlen && i + k < vlen; k++) {
			size_t len = k + 1, s;

			h = nt_fnv_step(h, (unsigned char)v[i + k]);
			if (!o->lens[len & 255])
				continue;
			s = nt_occur_slot(o, h, v + i, len);
			if (o->slots[s] && nt_view_whole_word(a, i, len))
				nt_occur_hit(o, o->slots[s] - 1, i);
		}
	}
	/* Counting sort of the hits by name; each name's stay in view order. */
	nt_grow(&o->first_occ, &o->first_cap, o->nnames + 1, sizeof *o->first_occ);
	memset(o->first_occ, 0, (o->nnames + 1) * sizeof *o->first_occ);
	n = o->nhits / 2;
	for (i = 0; i < o->nhits; i += 2)
		o->first_occ[o->hits[i] + 1]++;
	for (i = 0; i < o->nnames; i++)
		o->first_occ[i + 1] += o->first_occ[i];
	nt_grow(&o->occ, &o->occ_cap, n + 1, sizeof *o->occ);
	o->up = nt_xrealloc(o->up, o->occ_cap * sizeof *o->up);
	for (i = 0; i < o->nhits; i += 2)   /* first_occ[name] walks to the next name's start */
		o->occ[o->first_occ[o->hits[i]]++] = o->hits[i + 1];
	memmove(o->first_occ + 1, o->first_occ, o->nnames * sizeof *o->first_occ);
	o->first_occ[0] = 0;
	for (i = 0; i <= n; i++)
		o->up[i] = i;        /* up[n] is a sentinel, never claimed */
	o->nocc = n;
}

/* The first unclaimed occurrence at index I or after (path halving). */
static size_t
nt_occur_up(struct nt_occur *o, size_t i)
{
	while (o->up[i] != i) {
		o->up[i] = o->up[o->up[i]];
		i = o->up[i];
	}
	return i;
}

size_t
nt_occur_next(struct nt_occur *o, size_t name, size_t from, size_t *idx)
{
	size_t lo = o->first_occ[name], hi = o->first_occ[name + 1], end = hi;

	while (lo < hi) {   /* the first occurrence at or after FROM */
		size_t mid = lo + (hi - lo) / 2;

		if (o->occ[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	lo = nt_occur_up(o, lo);
	if (lo >= end)
		return SIZE_MAX;
	*idx = lo;
	return o->occ[lo];
}

void
nt_occur_claim(struct nt_occur *o, size_t idx)
{
	o->up[idx] = idx + 1;
}
