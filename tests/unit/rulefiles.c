/* rulefiles.c - test helpers for rule packs (rulefiles.h). */
#include "rulefiles.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char dir[256];
char msgs[16384];
int nerrors, nwarnings;

void
rulefiles_setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/newstag-rules.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
}

void
rulefiles_teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

void
put(const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

void
rulefiles_load(struct nt_rules *rules, int with_normalize, const char *name, va_list ap)
{
	const char *srcdir = getenv("srcdir");
	char paths[8][512];
	const char *p[8];
	size_t n = 0;
	struct nt_err err = { "" };

	if (with_normalize) {
		snprintf(paths[0], sizeof paths[0], "%s/rules/normalize.yaml",
			 srcdir && *srcdir ? srcdir : ".");
		p[n++] = paths[0];
	}
	for (; name && n < 8; name = va_arg(ap, const char *)) {
		snprintf(paths[n], sizeof paths[n], "%s/%s", dir, name);
		p[n] = paths[n];
		n++;
	}
	memset(rules, 0, sizeof *rules);
	ck_assert_msg(nt_rules_load(rules, p, n, &err) == 0, "load: %s", err.text);
	msgs[0] = '\0';
	nerrors = nwarnings = 0;
}

void
record(void *arg, int is_error, const char *msg)
{
	size_t dl = strlen(dir), len = strlen(msgs);

	(void)arg;
	if (strncmp(msg, dir, dl) == 0 && msg[dl] == '/')
		msg += dl + 1;
	snprintf(msgs + len, sizeof msgs - len, "%s%s", len ? "\n" : "", msg);
	if (is_error)
		nerrors++;
	else
		nwarnings++;
}
