/* wordset.c - hash-only word set (wordset.h). */
#include "wordset.h"

#include <stdlib.h>

#include "err.h"

#define NT_SLOT_USED 0x8000ull   /* set in every used slot, so 0 means empty */
#define NT_SLOT_HASH (~0xFFFFull)

struct nt_wordset {
	uint64_t first_len[128];   /* bit L of [c & 127]: a word of L bytes starts with c */
	uint64_t *slots;     /* (hash & NT_SLOT_HASH) | NT_SLOT_USED | kinds, or 0 */
	size_t mask;         /* number of slots - 1 (a power of two) */
	size_t n;
};

uint64_t
nt_wordset_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* The slot of the word with hash H, or the empty slot where it would go. */
static uint64_t *
nt_wordset_slot(const struct nt_wordset *s, uint64_t h)
{
	size_t i = (size_t)(h >> 16) & s->mask;

	h &= NT_SLOT_HASH;
	while (s->slots[i] && (s->slots[i] & NT_SLOT_HASH) != h)
		i = (i + 1) & s->mask;
	return &s->slots[i];
}

struct nt_wordset *
nt_wordset_new(void)
{
	struct nt_wordset *s = nt_xcalloc(1, sizeof *s);

	s->mask = 1023;
	s->slots = nt_xcalloc(s->mask + 1, sizeof *s->slots);
	return s;
}

void
nt_wordset_free(struct nt_wordset *s)
{
	if (!s)
		return;
	free(s->slots);
	free(s);
}

void
nt_wordset_add(struct nt_wordset *s, const char *w, size_t len, unsigned kinds)
{
	uint64_t h = nt_wordset_hash(w, len), *slot;

	if (len)
		s->first_len[(unsigned char)w[0] & 127] |= 1ull << (len < 63 ? len : 63);

	if ((s->n + 1) * 4 > (s->mask + 1) * 3) {   /* load factor at most 3/4 */
		uint64_t *old = s->slots;
		size_t n = s->mask + 1, i;

		s->mask = n * 2 - 1;
		s->slots = nt_xcalloc(n * 2, sizeof *s->slots);
		for (i = 0; i < n; i++)
			if (old[i])
				*nt_wordset_slot(s, old[i]) = old[i];
		free(old);
	}
	slot = nt_wordset_slot(s, h);
	if (!*slot) {
		*slot = (h & NT_SLOT_HASH) | NT_SLOT_USED;
		s->n++;
	}
	*slot |= kinds & NT_WORDSET_KINDS;
}

unsigned
nt_wordset_kinds(const struct nt_wordset *s, const char *w, size_t len)
{
	/* Most absent words are told by their first byte and length alone. */
	if (len && !(s->first_len[(unsigned char)w[0] & 127] >> (len < 63 ? len : 63) & 1))
		return 0;
	return nt_wordset_kinds_of(s, nt_wordset_hash(w, len));
}

unsigned
nt_wordset_kinds_of(const struct nt_wordset *s, uint64_t hash)
{
	return (unsigned)(*nt_wordset_slot(s, hash) & NT_WORDSET_KINDS);
}

size_t
nt_wordset_count(const struct nt_wordset *s)
{
	return s->n;
}
