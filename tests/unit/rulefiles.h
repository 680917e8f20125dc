/* rulefiles.h - test helpers for rule packs: a temporary directory of
 * rule files, and a report callback that records messages (struct
 * nt_config's report) with that directory stripped from their paths. */
#ifndef NT_TEST_RULEFILES_H
#define NT_TEST_RULEFILES_H

#include <stdarg.h>

#include "rules.h"

/* The temporary directory, made by rulefiles_setup. */
extern char dir[256];

/* Messages recorded by record(), one per line, and their counts. */
extern char msgs[16384];
extern int nerrors, nwarnings;

/* Make the directory / remove it with its files (Check fixtures). */
void rulefiles_setup(void);
void rulefiles_teardown(void);

/* Write rule file NAME in the directory with content TEXT. */
void put(const char *name, const char *text);

/* Load into RULES (emptied first) the shipped rules/normalize.yaml (from
 * $srcdir) when WITH_NORMALIZE, then the files NAME and those after it in
 * AP, up to NULL, from the directory; then clear msgs and the counts.  A
 * load error fails the test. */
void rulefiles_load(struct nt_rules *rules, int with_normalize, const char *name, va_list ap);

/* struct nt_config report callback: append MSG to msgs. */
void record(void *arg, int is_error, const char *msg);

#endif
