/* entities.h - the entities stage: people, organizations, places, events. */
#ifndef NT_ENTITIES_H
#define NT_ENTITIES_H

#include "stage.h"

extern const struct nt_stage nt_stage_entities;

/* When CFG names a cache file holding the compiled entity rules for its
 * key, read them for the stage's init and return nonzero: the rule files
 * holding only entity sections need not be parsed then. */
int nt_entities_cache_read(struct nt_config *cfg);

/* Free what nt_entities_cache_read read if the stage did not take it
 * (it was not selected). */
void nt_entities_cache_drop(struct nt_config *cfg);

#endif
