/* main.c - the newstag command: options, inputs, output file, diagnostics.
 *
 * This is the only file that prints diagnostics.  Library code records
 * errors in struct nt_err (err.h); here they become one line on stderr,
 * "newstag: FILE:LINE:COL: message", and an exit status (enum nt_exit).
 * Output written with -o goes to a temporary file in the same directory,
 * renamed over FILE only when the run ends normally, so FILE is never
 * half-written. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
#include "cache.h"
#include "entities.h"
#include "err.h"
#include "input.h"
#include "rules.h"
#include "stage.h"
#include "walk.h"
#include "writer.h"

#define NT_DEFAULT_MAX_BYTES (64u << 20)

struct nt_run {
	struct nt_pipeline pipeline;
	struct nt_reader reader;
	struct nt_output out;
	const struct nt_writer *writer;
	struct nt_article *article;
	const char *out_name;    /* for write errors */
	const char *ref_date;    /* --date: the date of articles whose input gives none */
	int quiet;
	int status;              /* worst exit status so far */
	int fatal;               /* output failed: stop */
};

/* The temporary output file, removed if we die before renaming it. */
static char *nt_tmp_path;

static void
nt_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
nt_say(const char *fmt, ...)
{
	va_list ap;

	fputs("newstag: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
nt_usage_error(const char *fmt, const char *arg)
{
	fputs("newstag: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'newstag --help' for more information.\n", stderr);
	exit(NT_EXIT_TROUBLE);
}

static void
nt_help(void)
{
	fputs(
"Usage: newstag [OPTION]... [FILE|DIR]...\n"
"Tag news articles with dates, entities and topics; write CSV, TSV or JSONL.\n"
"With no FILE, or when FILE is -, read standard input.  Directories are read\n"
"recursively in sorted order, skipping hidden and binary files.\n"
"\n"
"Input:\n"
"  -i, --input=KIND       text (one article per file; a form-feed line separates\n"
"                         articles), lines (one per line), jsonl (one JSON object\n"
"                         per line); default text\n"
"      --field=NAME=KEY   read JSONL field NAME (text, id, date, title, source,\n"
"                         author, url) from key KEY\n"
"  -d, --date=YYYY-MM-DD  article date for articles whose input gives none\n"
"      --max-bytes=N      skip articles larger than N bytes (default 64M)\n"
"\n"
"Processing:\n"
"  -r, --rules=PATH       rule file or directory of *.yaml (repeatable; default:\n"
"                         $NEWSTAG_RULES, else the installed rules)\n"
"  -s, --stages=LIST      run only these stages (normalize,dates,entities,topics)\n"
"      --check-rules      check the rules, report every problem, and exit\n"
"      --cache-dir=DIR    keep compiled rules in DIR (default: $NEWSTAG_CACHE,\n"
"                         else $XDG_CACHE_HOME/newstag or ~/.cache/newstag)\n"
"      --no-cache         neither read nor write compiled rules\n"
"      --topics-min-score=S  report only topics scoring at least S (0..1)\n"
"      --topics-top=N     report at most the N best topics of an article\n"
"\n"
"Output:\n"
"  -f, --format=FMT       csv, tsv, jsonl, or view (the matching view, for\n"
"                         rule authors); default csv\n"
"      --records=KIND     articles (one record per article) or mentions\n"
"  -o, --output=FILE      write to FILE, atomically (never half-written)\n"
"      --no-header        no CSV/TSV header line\n"
"      --crlf             end CSV records with CRLF (RFC 4180)\n"
"      --excel            start CSV with a UTF-8 byte order mark\n"
"      --no-formula-guard do not prefix ' to CSV cells starting with = + - @\n"
"  -q, --quiet            no warnings\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Exit status: 0 all inputs processed, 1 some inputs could not be read or had\n"
"errors (the others were processed), 2 usage, rules or output error.\n",
	      stdout);
	exit(NT_EXIT_OK);
}

/* The directory holding the default rules: the source tree's rules/ when
 * this binary runs from its build tree, else the installed ones. */
static const char *
nt_default_rules(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (strcmp(exe, NT_BUILDDIR) == 0)
				return NT_SRCDIR "/rules";
		}
	}
	return NT_PKGDATADIR "/rules";
}

static void
nt_report_problem(const char *msg, int is_error, void *arg)
{
	struct nt_run *run = arg;

	if (is_error) {
		nt_say("%s", msg);
		if (run->status < NT_EXIT_INPUT)
			run->status = NT_EXIT_INPUT;
	} else if (!run->quiet) {
		nt_say("%s", msg);
	}
}

/* Rules problems reported while stages compile (struct nt_config). */
static void
nt_report_rules(void *arg, int is_error, const char *msg)
{
	struct nt_run *run = arg;

	if (is_error || !run->quiet)
		nt_say("%s", msg);
}

static int
nt_process_article(struct nt_article *a, void *arg)
{
	struct nt_run *run = arg;
	struct nt_err err = { "" };
	size_t i;

	if (run->ref_date && !(a->meta_given & (1u << NT_META_DATE)))
		nt_article_set_date(a, run->ref_date, 10, 1);
	if (nt_pipeline_run(&run->pipeline, a, &err) != 0) {
		nt_say("%s: %s", a->name, err.text);
		run->status = NT_EXIT_INPUT;
		return 0;
	}
	for (i = 0; i < a->nwarnings && !run->quiet; i++) {
		/* "LINE:COL: message" -> "PATH:LINE:COL: warning: message" */
		const char *w = a->warnings[i], *msg = strstr(w, ": ");

		if (msg)
			nt_say("%s:%.*s: warning: %s", a->path, (int)(msg - w), w, msg + 2);
		else
			nt_say("%s: warning: %s", a->path, w);
	}
	if (run->writer->article(&run->out, a) != 0) {
		nt_say("%s: write error: %s", run->out_name, strerror(errno));
		run->fatal = 1;
		return -1;
	}
	return 0;
}

static int
nt_process_file(const char *path, void *arg)
{
	struct nt_run *run = arg;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	int rc;

	if (!fp) {
		char msg[PATH_MAX + 128];

		snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
		nt_report_problem(msg, 1, run);
		return 0;
	}
	rc = nt_input_read(&run->reader, path, fp, run->article);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static void
nt_walk_problem(const char *path, const char *msg, int is_error, void *arg)
{
	char buf[PATH_MAX + 256];

	snprintf(buf, sizeof buf, "%s: %s%s", path, is_error ? "" : "warning: ", msg);
	nt_report_problem(buf, is_error, arg);
}

static void
nt_on_signal(int sig)
{
	if (nt_tmp_path)
		unlink(nt_tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Open the temporary file for -o PATH.  Returns NULL after reporting. */
static FILE *
nt_output_open(const char *path)
{
	size_t n = strlen(path);
	int fd;
	FILE *fp;

	nt_tmp_path = nt_xmalloc(n + 16);
	snprintf(nt_tmp_path, n + 16, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(nt_tmp_path)) < 0) {
		nt_say("%s: %s", path, strerror(errno));
		free(nt_tmp_path);
		nt_tmp_path = NULL;
		return NULL;
	}
	signal(SIGINT, nt_on_signal);
	signal(SIGTERM, nt_on_signal);
	signal(SIGHUP, nt_on_signal);
	if (!(fp = fdopen(fd, "wb"))) {
		nt_say("%s: %s", path, strerror(errno));
		close(fd);
		unlink(nt_tmp_path);
		return NULL;
	}
	return fp;
}

/* Finish -o PATH: flush, sync, give the file the usual permissions and
 * rename it into place; on FAILED, or any error, remove it instead.
 * Returns 0 or -1 after reporting. */
static int
nt_output_close(FILE *fp, const char *path, int failed)
{
	mode_t mask = umask(0);
	int rc = 0;

	umask(mask);
	if (!failed && (fflush(fp) != 0 || fsync(fileno(fp)) != 0 ||
			fchmod(fileno(fp), 0666 & ~mask) != 0)) {
		nt_say("%s: write error: %s", path, strerror(errno));
		rc = -1;
	}
	if (fclose(fp) != 0 && !failed && rc == 0) {
		nt_say("%s: write error: %s", path, strerror(errno));
		rc = -1;
	}
	if (!failed && rc == 0 && rename(nt_tmp_path, path) != 0) {
		nt_say("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (failed || rc != 0)
		unlink(nt_tmp_path);
	free(nt_tmp_path);
	nt_tmp_path = NULL;
	return rc;
}

enum {
	OPT_RECORDS = 256, OPT_NO_HEADER, OPT_CRLF, OPT_EXCEL, OPT_NO_GUARD, OPT_CHECK_RULES,
	OPT_FIELD, OPT_MAX_BYTES, OPT_CACHE_DIR, OPT_NO_CACHE, OPT_TOPICS_MIN, OPT_TOPICS_TOP
};

static const struct option nt_options[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "format", required_argument, NULL, 'f' },
	{ "records", required_argument, NULL, OPT_RECORDS },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "input", required_argument, NULL, 'i' },
	{ "field", required_argument, NULL, OPT_FIELD },
	{ "date", required_argument, NULL, 'd' },
	{ "stages", required_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "crlf", no_argument, NULL, OPT_CRLF },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "no-formula-guard", no_argument, NULL, OPT_NO_GUARD },
	{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
	{ "check-rules", no_argument, NULL, OPT_CHECK_RULES },
	{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "topics-min-score", required_argument, NULL, OPT_TOPICS_MIN },
	{ "topics-top", required_argument, NULL, OPT_TOPICS_TOP },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Parse a byte count with an optional K, M or G suffix. */
static size_t
nt_parse_bytes(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end != s && *end && !end[1]) {
		int shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : -1;

		if (shift > 0 && v < (1ull << (63 - shift))) {
			v <<= shift;
			end++;
		}
	}
	if (errno || end == s || *end || *s == '-' || v == 0 || v > (4ull << 30) - 1)
		nt_usage_error("invalid --max-bytes '%s' (1 to 4G-1)", s);
	return (size_t)v;
}

static void
nt_set_field(struct nt_reader *r, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t i;

	for (i = 0; eq && eq[1] && i < NT_FIELD_COUNT; i++)
		if (strlen(nt_input_field_names[i]) == (size_t)(eq - arg) &&
		    strncmp(nt_input_field_names[i], arg, (size_t)(eq - arg)) == 0) {
			r->keys[i] = eq + 1;
			return;
		}
	nt_usage_error("invalid --field '%s' (NAME=KEY, NAME one of text, id, date, title, "
		       "source, author, url)", arg);
}

int
main(int argc, char **argv)
{
	struct nt_run run;
	struct nt_config cfg = { .ref_date = NULL };
	struct nt_rules rules = { .files = NULL };
	struct nt_err err = { "" };
	const char **rule_paths = NULL, *env, *stages = NULL, *output = NULL;
	char *env_copy = NULL;
	size_t nrule_paths = 0, rules_cap = 0, i;
	int c, check_rules = 0, no_cache = 0, rules_bad = 0;
	const char *cache_dir = NULL;
	char *cache_path = NULL;
	char iso[11];

	memset(&run, 0, sizeof run);
	run.writer = nt_writer_find("csv");
	run.out.header = 1;
	run.out.formula_guard = 1;
	run.reader.kind = NT_INPUT_TEXT;
	run.reader.max_bytes = NT_DEFAULT_MAX_BYTES;
	for (i = 0; i < NT_FIELD_COUNT; i++)
		run.reader.keys[i] = nt_input_field_names[i];
	opterr = 0;   /* we print our own one-line usage errors */
	while ((c = getopt_long(argc, argv, ":r:f:i:d:s:o:qhV", nt_options, NULL)) != -1) {
		switch (c) {
		case 'r':
			nt_grow(&rule_paths, &rules_cap, nrule_paths + 1, sizeof *rule_paths);
			rule_paths[nrule_paths++] = optarg;
			break;
		case 'f':
			if (!(run.writer = nt_writer_find(optarg)))
				nt_usage_error("unknown --format '%s' (csv, tsv, jsonl, view)", optarg);
			break;
		case OPT_RECORDS:
			if (strcmp(optarg, "articles") == 0)
				run.out.records = NT_RECORDS_ARTICLES;
			else if (strcmp(optarg, "mentions") == 0)
				run.out.records = NT_RECORDS_MENTIONS;
			else
				nt_usage_error("unknown --records '%s' (articles, mentions)", optarg);
			break;
		case OPT_NO_HEADER:
			run.out.header = 0;
			break;
		case 'i':
			if (strcmp(optarg, "text") == 0)
				run.reader.kind = NT_INPUT_TEXT;
			else if (strcmp(optarg, "lines") == 0)
				run.reader.kind = NT_INPUT_LINES;
			else if (strcmp(optarg, "jsonl") == 0)
				run.reader.kind = NT_INPUT_JSONL;
			else
				nt_usage_error("unknown --input '%s' (text, lines, jsonl)", optarg);
			break;
		case OPT_FIELD:
			nt_set_field(&run.reader, optarg);
			break;
		case 'd':
			if (strlen(optarg) != 10 || nt_iso_date(optarg, 10, iso) != 0)
				nt_usage_error("invalid --date '%s' (YYYY-MM-DD)", optarg);
			cfg.ref_date = optarg;
			break;
		case 's':
			stages = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_CRLF:
			run.out.crlf = 1;
			break;
		case OPT_EXCEL:
			run.out.excel = 1;
			break;
		case OPT_NO_GUARD:
			run.out.formula_guard = 0;
			break;
		case OPT_MAX_BYTES:
			run.reader.max_bytes = nt_parse_bytes(optarg);
			break;
		case OPT_CHECK_RULES:
			check_rules = 1;
			break;
		case OPT_CACHE_DIR:
			cache_dir = optarg;
			break;
		case OPT_NO_CACHE:
			no_cache = 1;
			break;
		case OPT_TOPICS_MIN: {
			char *end;

			cfg.topics_min_score = strtod(optarg, &end);
			if (end == optarg || *end || !(cfg.topics_min_score >= 0 && cfg.topics_min_score <= 1))
				nt_usage_error("invalid --topics-min-score '%s' (0 to 1)", optarg);
			break;
		}
		case OPT_TOPICS_TOP: {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (end == optarg || *end || n < 1 || n > 1000000)
				nt_usage_error("invalid --topics-top '%s' (a positive count)", optarg);
			cfg.topics_top = (size_t)n;
			break;
		}
		case 'q':
			run.quiet = 1;
			break;
		case 'h':
			nt_help();
			break;
		case 'V':
			puts(PACKAGE_STRING);
			return NT_EXIT_OK;
		case ':':
			nt_usage_error("option '%s' needs an argument", argv[optind - 1]);
			break;
		default:
			nt_usage_error("unrecognized option '%s'", argv[optind - 1]);
			break;
		}
	}

	/* Rules: --rules, else $NEWSTAG_RULES (colon-separated), else default. */
	if (nrule_paths == 0 && (env = getenv("NEWSTAG_RULES")) && *env) {
		char *tok, *save = NULL;

		env_copy = nt_xstrdup(env);
		for (tok = strtok_r(env_copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
			nt_grow(&rule_paths, &rules_cap, nrule_paths + 1, sizeof *rule_paths);
			rule_paths[nrule_paths++] = tok;
		}
	}
	if (nrule_paths == 0) {
		nt_grow(&rule_paths, &rules_cap, 1, sizeof *rule_paths);
		rule_paths[nrule_paths++] = nt_default_rules();
	}
	cfg.report = nt_report_rules;
	cfg.report_arg = &run;
	if (!cache_dir && (env = getenv("NEWSTAG_CACHE")) && *env)
		cache_dir = env;
	if (cache_dir && strcmp(cache_dir, "off") == 0)
		no_cache = 1;
	rules.report = nt_report_rules;
	rules.report_arg = &run;
	if (nt_rules_read(&rules, rule_paths, nrule_paths, &err) != 0) {
		rules_bad = 1;
	} else {
		char *dir = no_cache || check_rules ? NULL : nt_cache_dir(cache_dir);
		int skip = 0;

		if (dir) {   /* files of entity rules found in the cache are not parsed */
			cfg.cache_key = nt_rules_key(&rules);
			cfg.cache_path = cache_path = nt_cache_file(dir, "entities", cfg.cache_key);
			skip = nt_entities_cache_read(&cfg);
			free(dir);
		}
		if (nt_rules_parse(&rules, skip ? nt_entities_only : NULL, NULL, &err) != 0) {
			nt_say("%s", err.text);   /* then compile the rest, to report all */
			err.text[0] = '\0';
			rules_bad = 2;
		}
	}
	if (rules_bad == 1 ||
	    nt_pipeline_open(&run.pipeline, &rules, &cfg, check_rules || rules_bad ? NULL : stages,
			     &err) != 0 || rules_bad) {
		if (err.text[0])
			nt_say("%s", err.text);
		nt_pipeline_close(&run.pipeline);
		nt_entities_cache_drop(&cfg);
		nt_rules_free(&rules);
		free(cache_path);
		free(rule_paths);
		free(env_copy);
		return NT_EXIT_TROUBLE;
	}
	nt_entities_cache_drop(&cfg);   /* when the entities stage was not selected */
	if (check_rules) {
		if (!run.quiet)
			printf("newstag: %zu rule file%s OK\n", rules.nfiles, rules.nfiles == 1 ? "" : "s");
		goto done;
	}
	nt_rules_free(&rules);   /* the stages keep what they need: give the tree back */

	run.out_name = output ? output : "standard output";
	run.out.fp = output ? nt_output_open(output) : stdout;
	if (!run.out.fp) {
		run.status = NT_EXIT_TROUBLE;
		goto done;
	}
	run.reader.article = nt_process_article;
	run.reader.problem = nt_report_problem;
	run.reader.arg = &run;
	run.article = nt_article_new();
	run.ref_date = cfg.ref_date;
	if (run.writer->begin(&run.out) != 0) {
		nt_say("%s: write error: %s", run.out_name, strerror(errno));
		run.fatal = 1;
	} else {
		struct nt_walk w = { nt_process_file, nt_walk_problem, NULL, &run };

		if (optind == argc)
			nt_walk("-", &w);
		for (i = (size_t)optind; i < (size_t)argc && !run.fatal; i++)
			nt_walk(argv[i], &w);
	}
	if (output && nt_output_close(run.out.fp, output, run.fatal) != 0)
		run.fatal = 1;
	if (!output && !run.fatal && (fflush(stdout) != 0 || ferror(stdout))) {
		nt_say("%s: write error: %s", run.out_name, strerror(errno));
		run.fatal = 1;
	}
	if (run.fatal)
		run.status = NT_EXIT_TROUBLE;
	nt_article_free(run.article);
done:
	nt_pipeline_close(&run.pipeline);
	nt_rules_free(&rules);
	free(cache_path);
	free(rule_paths);
	free(env_copy);
	return run.status;
}
