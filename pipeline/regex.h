/* regex.h - PCRE2 for rule patterns: {list} expansion, compilation with
 * FILE:LINE:COL errors, and matching with limits.
 *
 * Every stage with pattern rules (normalize's scraper, entities, dates,
 * topics) compiles them here, so that a bad pattern is reported the same
 * way everywhere and every match is bounded (PCRE2's match and depth
 * limits: a catastrophic pattern fails to match instead of hanging). */
#ifndef NT_REGEX_H
#define NT_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

#include "err.h"
#include "rules.h"

/* Find word list NAME (LEN bytes): set *WORDS to its N words and return
 * nonzero, or return 0 when there is no such list. */
typedef int (*nt_regex_list_fn)(void *arg, const char *name, size_t len, const char *const **words,
				size_t *n);

/* NODE's value with every {name} (a letter, then letters, digits or '_',
 * not right after a letter as in \p{Lu}) replaced by an alternation of the
 * words of that list: longest first, regex characters escaped, each space
 * written as SPACE (e.g. "\\s+", or "[ -]" so that a hyphen matches too).
 * *MAP receives, for each byte of the result, the byte of NODE's value it
 * came from.  Returns the malloc'd pattern, or NULL with ERR set
 * ("unknown WHAT 'name'") at the column of the '{'. */
char *nt_regex_expand(const struct nt_node *node, nt_regex_list_fn lists, void *arg,
		      const char *space, const char *what, size_t **map, struct nt_err *err);

/* Compile SRC, the pattern written at scalar NODE (NODE's own value when
 * MAP is NULL, else an expansion of it with MAP as above), with OPTIONS
 * plus PCRE2_UTF and PCRE2_UCP, and JIT-compile it when PCRE2 can.
 * Returns the code, or NULL with ERR set to "FILE:LINE:COL: bad regex:
 * MESSAGE", the column counted in code points of the file. */
pcre2_code *nt_regex_compile(const struct nt_node *node, const char *src, const size_t *map,
			     uint32_t options, struct nt_err *err);

/* What matching needs: match data and a context with limits. */
struct nt_matcher {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

/* Match data for OVEC groups; at most LIMIT backtracking steps and
 * LIMIT / 10 of depth per match.  Aborts when out of memory (start-up). */
void nt_matcher_init(struct nt_matcher *m, uint32_t ovec, uint32_t limit);

/* The ovector pairs a match of CODE fills: one for the whole match and one
 * per capture group.  Match data that big lets a caller read the offsets
 * of any group number CODE has; a smaller one leaves the rest unset and
 * its ovector too short to index by them. */
uint32_t nt_regex_pairs(const pcre2_code *code);
void nt_matcher_free(struct nt_matcher *m);

/* Match CODE against the valid UTF-8 SUBJECT (LEN bytes) from byte FROM
 * with M's data and limits, through PCRE2's JIT fast path when CODE was
 * JIT-compiled.  Returns pcre2_match's result. */
int nt_regex_match(const pcre2_code *code, const char *subject, size_t len, size_t from,
		   const struct nt_matcher *m);

#endif
