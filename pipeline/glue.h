/* glue.h - find the word boundaries that scraping lost ("hisBelarusian",
 * "UNFramework", "theministers", "Jeyhun Bayramovinformed").
 *
 * A word list (one word per line; words with capitals are proper nouns)
 * decides where a token may be cut.  The decision depends on the token
 * alone, so rule aliases folded the same way stay consistent with the text.
 * See glue.c for the rules. */
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
void nt_glue_free(struct nt_glue *g);

/* TOKEN is N code points, all letters (nt_is_letter_cp).  Store in CUTS the
 * positions (1..N-1, increasing) before which a space belongs; return how
 * many (at most NT_GLUE_MAX_CUTS). */
int nt_glue_cuts(struct nt_glue *g, const int32_t *token, size_t n, size_t *cuts);

#endif
