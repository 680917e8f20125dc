/* entities.h - the entities stage: people, organizations, places, events. */
#ifndef NT_ENTITIES_H
#define NT_ENTITIES_H

#include "stage.h"

extern const struct nt_stage nt_stage_entities;

#endif
