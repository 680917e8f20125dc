/* occur.h - where an article says each of many names again, as whole words,
 * found in one pass over its view.
 *
 * Later-mention linking (entities.c) asks, for every name a mention
 * introduces ("Bayramov", "UNICEF", "Magna International"), where the
 * article says it again.  One memmem per name costs O(names x length): a
 * long article with many names is quadratic.  Here the names go into one
 * hash table keyed by their length and a hash of their bytes, and one pass
 * hashes, from every word start of the view, the prefixes whose length
 * some name has: fingerprint matching (Karp and Rabin, IBM J. Res.
 * Develop. 31(2), 1987) with one FNV-1a hash extended a byte at a time
 * from each start instead of a rolling one.  A hit is checked byte for
 * byte and at both word boundaries, then kept in its name's list of
 * occurrences.  The pass costs O(length x longest name)
 * whatever the number of names.
 *
 * An occurrence can be claimed once (by the first mention it links to);
 * claimed occurrences are skipped through path-compressed next pointers
 * (Tarjan, JACM 22(2), 1975), so a name introduced by many mentions costs
 * its occurrences once. */
#ifndef NT_OCCUR_H
#define NT_OCCUR_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"

struct nt_occur_name;

struct nt_occur {
	struct nt_occur_name *names;
	size_t nnames, names_cap;
	uint32_t *slots;             /* hash table: index + 1 into names, 0 = empty */
	size_t slot_mask;
	size_t maxlen;               /* longest name, bytes */
	unsigned char lens[256];     /* lens[l & 255]: some name is l bytes long (mod 256) */
	unsigned char first[256];    /* first[b]: some name starts with byte b */
	uint64_t pair[1024];         /* bit b0 << 8 | b1: some name starts with bytes b0 b1 */
	size_t *first_occ;           /* name i's occurrences: occ[first_occ[i] .. first_occ[i + 1]) */
	size_t first_cap;
	size_t *occ;                 /* view byte of each occurrence, by name, then position */
	size_t *up;                  /* per occurrence: itself, or an index after it when claimed */
	size_t nocc, occ_cap;
	size_t *hits;                /* scratch: (name, position) pairs in view order */
	size_t nhits, hits_cap;
};

/* Empty O for a new article; its buffers are kept for reuse. */
void nt_occur_reset(struct nt_occur *o);

/* Free what O holds (O itself is the caller's). */
void nt_occur_free(struct nt_occur *o);

/* Add the LEN (> 0) bytes at VIEW[OFF] as a name; returns its number,
 * the same for the same bytes.  VIEW must stay unchanged until the last
 * call for this article. */
size_t nt_occur_add(struct nt_occur *o, const char *view, size_t off, size_t len);

/* Find every whole-word occurrence of every name in A's view (words as
 * nt_view_whole_word has them) that starts at view byte FROM or after. */
void nt_occur_find(struct nt_occur *o, const struct nt_article *a, size_t from);

/* The view byte of the first unclaimed occurrence of NAME at or after
 * view byte FROM, or SIZE_MAX; *IDX is set to its index for
 * nt_occur_claim. */
size_t nt_occur_next(struct nt_occur *o, size_t name, size_t from, size_t *idx);

/* Mark occurrence IDX claimed: nt_occur_next passes over it from now on. */
void nt_occur_claim(struct nt_occur *o, size_t idx);

/* Nonzero if the LEN bytes at view byte I of A are a whole word: neither
 * a word character nor a joined word's boundary (nt_article_soft_space)
 * on either side. */
int nt_view_whole_word(const struct nt_article *a, size_t i, size_t len);

#endif
