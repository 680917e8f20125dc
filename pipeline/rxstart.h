/* rxstart.h - where a rule pattern's match can start, so that a stage runs
 * each pattern anchored at the few word starts where it can match instead
 * of searching every byte; and what literal text every match holds, so
 * that a search can skip a text without it.
 *
 * A pattern of the form \b(first word)... can only match at a word start
 * whose first letters are those of one of its possible first words (a
 * literal, a word of a {list}) or at a number.  Its start set is computed
 * from the pattern source by a small FIRST-set analysis (Aho, Sethi and
 * Ullman, "Compilers", 1986, section 4.4: FIRST of alternations, sequences
 * and nullable parts), over-approximated wherever the analysis is unsure:
 * a pattern it cannot bound is reported unbounded and must be searched as
 * before.  The start key of a word is its first one to three letters
 * (lower-cased ASCII); a word start with a non-ASCII letter may start any
 * bounded pattern, since caseless matching there is Unicode's business. */
#ifndef NT_RXSTART_H
#define NT_RXSTART_H

#include <stddef.h>
#include <stdint.h>

#include "regex.h"

#define NT_RXSTART_MAX 64   /* patterns per set: one bit each */

struct nt_rxstart;

struct nt_rxstart *nt_rxstart_new(void);
void nt_rxstart_free(struct nt_rxstart *s);

/* Analyse pattern SRC (before {list} expansion; LISTS and ARG resolve the
 * lists) as pattern number R < NT_RXSTART_MAX.  Returns 1 and records its
 * start keys when every match must start at a word start with one of
 * them; returns 0 (nothing recorded) when it may start anywhere. */
int nt_rxstart_add(struct nt_rxstart *s, unsigned r, const char *src, nt_regex_list_fn lists,
		   void *arg);

/* Nonzero if view byte V[P] (of N) may start a word for the patterns: the
 * byte before it is not a letter, digit or '_' (a non-ASCII byte before it
 * counts as either), and V[P] is one or is non-ASCII. */
static inline int
nt_rxstart_word_start(const char *v, size_t p, size_t n)
{
	unsigned char c = (unsigned char)v[p], b;

	if (p >= n)
		return 0;
	if (!(c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (unsigned)((c | 32) - 'a') < 26))
		return 0;
	if ((c & 0xC0) == 0x80)   /* inside a UTF-8 character */
		return 0;
	if (p == 0)
		return 1;
	b = (unsigned char)v[p - 1];
	return b >= 0x80 || !(b == '_' || (b >= '0' && b <= '9') || (unsigned)((b | 32) - 'a') < 26);
}

/* The patterns (bit R for pattern R) whose match may start at the word
 * start V[P] (of N bytes). */
uint64_t nt_rxstart_at(const struct nt_rxstart *s, const char *v, size_t p, size_t n);

/* The longest run of bytes that every match of the case-sensitive pattern
 * SRC holds, as written in its top-level sequence ("reports" and the
 * space before it in "(?<source>..)[ ]reports\b"), when it is at least
 * MIN bytes long: malloc'd, its length in *LEN; else NULL.  The same
 * analysis, over-approximated the other way: a top-level '|', an option
 * setting such as (?i), a non-ASCII literal or anything it is unsure of
 * gives no run.  A search can skip a text without the run. */
char *nt_rx_required(const char *src, size_t min, size_t *len);

#endif
