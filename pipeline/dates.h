/* dates.h - the dates stage: temporal expressions as TIMEX3 values. */
#ifndef NT_DATES_H
#define NT_DATES_H

#include "stage.h"

extern const struct nt_stage nt_stage_dates;

#endif
