/* glue.h - find the word boundaries that scraping lost ("hisBelarusian",
 * "UNFramework", "theministers", "Jeyhun Bayramovinformed").
 *
 * A word list (one word per line; words with capitals are proper nouns)
 * decides where a token may be cut, and the rest of the article, whose
 * tokens are noted first, whether it is cut: a token that recurs is a word
 * the list lacks.  See glue.c for the rules. */
#ifndef NT_GLUE_H
#define NT_GLUE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define NT_GLUE_MAX_CUTS 8
#define NT_GLUE_MAX_TOKEN 64   /* longer tokens are never split */

struct nt_glue;

/* Load the word list at PATH.  Returns NULL with ERR set on failure. */
struct nt_glue *nt_glue_load(const char *path, struct nt_err *err);
/* A glue for another thread: it shares G's word list (G must outlive it)
 * and notes its own articles' tokens.  NULL when G is NULL. */
struct nt_glue *nt_glue_fork(const struct nt_glue *g);
void nt_glue_free(struct nt_glue *g);

/* Called, at most once per article and only when a cut needs the
 * evidence, to note the article's tokens with nt_glue_note. */
typedef void (*nt_glue_article_fn)(void *arg, struct nt_glue *g);

/* Start an article: forget the tokens noted for the last one; ARTICLE
 * (ARG) will note this one's when needed (NULL: the caller notes them
 * now, or the article has none). */
void nt_glue_begin(struct nt_glue *g, nt_glue_article_fn article, void *arg);

/* Note a token of the article (TOKEN, N code points, all letters;
 * capitalized ones of 3 or more and others of 5 or more are kept): only
 * the camel cut after a lower-case word ("to|Belarus") is made in a token
 * noted twice, and a name glued to a word only when the name was noted
 * alone.  Memory grows with the distinct tokens of the largest article. */
void nt_glue_note(struct nt_glue *g, const int32_t *token, size_t n);

/* Nonzero if TOKEN (N code points, all letters) is a common word of 4 or
 * more letters, all lower-case or, when CAPITAL, capitalised: a number
 * glued before it is no part of it ("3,000people", "COP29preparations";
 * with CAPITAL, for a number that ends a code, "COP29President"; not
 * "19th", "5pm", "1990s"). */
int nt_glue_word_after_number(struct nt_glue *g, const int32_t *token, size_t n, int capital);

/* Nonzero if TOKEN (N code points, all letters) is a common word, all
 * lower-case: a year glued after it is no part of it ("by2030",
 * "in2024"). */
int nt_glue_word_before_year(struct nt_glue *g, const int32_t *token, size_t n);

/* TOKEN is N code points, all letters (nt_is_letter_cp).  Store in CUTS the
 * positions (1..N-1, increasing) before which a space belongs; return how
 * many (at most NT_GLUE_MAX_CUTS). */
int nt_glue_cuts(struct nt_glue *g, const int32_t *token, size_t n, size_t *cuts);

#endif
