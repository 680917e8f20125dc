/* topics.h - the topics stage: what an article is about, with evidence. */
#ifndef NT_TOPICS_H
#define NT_TOPICS_H

#include "stage.h"

extern const struct nt_stage nt_stage_topics;

#endif
