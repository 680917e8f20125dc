/* rulefiles.h - test helpers for rule packs: a temporary directory of
 * rule files, and a report callback that records messages (struct
 * nt_config's report) with that directory stripped from their paths. */
#ifndef NT_TEST_RULEFILES_H
#define NT_TEST_RULEFILES_H

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

/* struct nt_config report callback: append MSG to msgs. */
void record(void *arg, int is_error, const char *msg);

#endif
