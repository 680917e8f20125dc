/* gazetteer.h - match every alias of a rule pack in one pass over the text.
 *
 * Aliases are folded (typographic, case, accents; hyphens and white space
 * become one space) and stored in one trie.  An article's matching view is
 * folded the same way into a stream of code points (struct nt_gaz_text),
 * and the trie is walked from every word start: the cost per article is
 * linear in its length (times the longest alias, a constant) and does not
 * grow with the number of aliases.  See gazetteer.c for the algorithm. */
#ifndef NT_GAZETTEER_H
#define NT_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "cache.h"
#include "fold.h"

/* How an alias must match beyond the folded comparison. */
enum nt_gaz_flags {
	NT_GAZ_EXACT_CASE = 1,      /* case and accents exactly as written */
	NT_GAZ_EXACT_ACCENTS = 2    /* accents as written, case folded */
};

/* One element of a folded text: a folded code point and where it came from. */
struct nt_gaz_elem {
	int32_t fold;        /* case- and accent-folded code point; ' ' for a space run */
	int32_t raw;         /* the view code point (hyphen and space runs as ' '), or -1
			      * for the 2nd.. code points of a multi-code-point fold */
	uint32_t vstart;     /* view byte range of the source code point(s) */
	uint32_t vend;
	uint8_t flags;       /* enum nt_gaz_elem_flags */
};

enum nt_gaz_elem_flags {
	NT_GAZ_SOFT = 1,     /* a word boundary (repaired glue) lies before this element */
	NT_GAZ_BREAK = 2,    /* a space run holding a blank line: no alias crosses it */
	NT_GAZ_WORD = 4,     /* fold is a word character (nt_is_word_cp) */
	NT_GAZ_START = 8     /* a word starts here: WORD, and the first element, after a
			      * non-word element, or SOFT */
};

/* A word start of a folded text, with the hash of its first word when the
 * build could work it out on the way. */
struct nt_gaz_head {
	uint32_t k;          /* the element where the word starts */
	uint32_t len;        /* elements of its first word (the run of word elements
			      * from K), hashed into HASH with nt_fnv_step on their
			      * folds; 0 when the run holds a soft boundary or
			      * anything the build's slow path made */
	uint64_t hash;
};

/* An article's view, folded for matching.  Reused across articles. */
struct nt_gaz_text {
	struct nt_gaz_elem *e;
	size_t n, cap;
	struct nt_gaz_head *heads;   /* the elements with NT_GAZ_START, in order; only
				      * nt_gaz_text_build fills them in, and the
				      * scans read them */
	size_t nheads, heads_cap;
};

/* Fold A's view into T (replacing what T held). */
void nt_gaz_text_build(struct nt_gaz_text *t, const struct nt_article *a);

/* A's view folded, built on the first call after the view was made and
 * shared by every later caller until it changes (struct nt_article's
 * folded_ok); in the buffers A->folded points to (made, and owned by A,
 * when it is NULL). */
const struct nt_gaz_text *nt_gaz_text_of(struct nt_article *a);
void nt_gaz_text_free(struct nt_gaz_text *t);

/* Nonzero if a word may start at element K / end before element K.
 * Inline: the scans ask at every element; the build put the answers in
 * the flags. */
static inline int
nt_gaz_word_start(const struct nt_gaz_text *t, size_t k)
{
	return k < t->n && (t->e[k].flags & NT_GAZ_START);
}

static inline int
nt_gaz_word_end(const struct nt_gaz_text *t, size_t k)
{
	return k == t->n || (t->e[k].flags & (NT_GAZ_WORD | NT_GAZ_SOFT)) != NT_GAZ_WORD ||
	       (k > 0 && !(t->e[k - 1].flags & NT_GAZ_WORD));
}

struct nt_gaz;

struct nt_gaz *nt_gaz_new(void);
void nt_gaz_free(struct nt_gaz *g);

/* Add ALIAS (NUL-terminated UTF-8) as a name of VALUE (a caller's index,
 * >= 0) with FLAGS (enum nt_gaz_flags).  Returns 0, or -1 if the alias has
 * no letter or digit, or is longer than NT_GAZ_MAX_ALIAS code points once
 * folded, or G is sealed. */
#define NT_GAZ_MAX_ALIAS 256
int nt_gaz_add(struct nt_gaz *g, const char *alias, int value, unsigned flags);

/* Fold the alias S (NUL-terminated UTF-8) into T as nt_gaz_add does, so
 * that nt_gaz_lookup(g, t, 0, t->n, ...) finds the aliases equal to it
 * (T gets no word starts: it is not for scanning). */
void nt_gaz_text_alias(struct nt_gaz_text *t, const char *s);

/* Lay G out for scanning: after the last nt_gaz_add, before the scans
 * (which work on an unsealed gazetteer too, more slowly) and before
 * nt_gaz_save.  A sealed gazetteer takes no more aliases (nt_gaz_add
 * returns -1).  Sealing twice does nothing. */
void nt_gaz_seal(struct nt_gaz *g);

/* Number of aliases added, and of trie nodes. */
size_t nt_gaz_count(const struct nt_gaz *g);
size_t nt_gaz_nodes(const struct nt_gaz *g);

/* Called for a candidate match of elements [start, end) of T: VALUES are
 * the values (NVALUES of them) whose alias matched there, after case and
 * accent checks.  Return the value to report, or -1 to refuse the
 * candidate (a shorter one is then tried). */
typedef int (*nt_gaz_choose_fn)(void *arg, const struct nt_gaz_text *t, size_t start,
				size_t end, const int *values, size_t nvalues);

/* Called for each match reported. */
typedef void (*nt_gaz_emit_fn)(void *arg, size_t start, size_t end, int value);

/* Scan T (made by nt_gaz_text_build) leftmost-longest: at each word start take the longest alias that
 * ends on a word end and that CHOOSE accepts, report it with EMIT, and go
 * on after it.  Matches do not overlap. */
void nt_gaz_scan(const struct nt_gaz *g, const struct nt_gaz_text *t, nt_gaz_choose_fn choose,
		 nt_gaz_emit_fn emit, void *arg);

/* Called for each alias occurrence found by nt_gaz_scan_all: elements
 * [start, end) of the text, and the values (case checks passed). */
typedef void (*nt_gaz_each_fn)(void *arg, size_t start, size_t end, const int *values,
			       size_t nvalues);

/* Report every alias occurring in T (made by nt_gaz_text_build) -- nested and overlapping ones too --
 * by start, then shortest first. */
void nt_gaz_scan_all(const struct nt_gaz *g, const struct nt_gaz_text *t, nt_gaz_each_fn each,
		     void *arg);

/* Write G, sealed, to a cache; read one back, whose values must be below
 * NVALUES (NULL when the data is not whole and consistent).  A restored
 * gazetteer is sealed and points into the cache mapping, which must
 * outlive it. */
void nt_gaz_save(const struct nt_gaz *g, struct nt_cache_out *w);
struct nt_gaz *nt_gaz_restore(struct nt_cache_in *r, size_t nvalues);

/* Store in OUT (room for MAX) the values whose alias equals elements
 * [start, end) of T, flags checked; return how many there are (which may
 * exceed MAX). */
size_t nt_gaz_lookup(const struct nt_gaz *g, const struct nt_gaz_text *t, size_t start,
		     size_t end, int *out, size_t max);

#endif
