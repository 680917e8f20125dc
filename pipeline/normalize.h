/* normalize.h - the first stage: original text and matching view. */
#ifndef NT_NORMALIZE_H
#define NT_NORMALIZE_H

#include "stage.h"

extern const struct nt_stage nt_stage_normalize;

/* Decode A->raw into A->text and A->cp_at: valid UTF-8 kept as is, each
 * invalid byte replaced by U+FFFD (with one warning per article), a leading
 * BOM dropped.  Used by normalize and by tests. */
void nt_normalize_decode(struct nt_article *a);

#endif
