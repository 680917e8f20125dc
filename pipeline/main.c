/* main.c - the newstag command: options, inputs, output file, diagnostics.
 *
 * This is the only file that prints diagnostics.  Library code records
 * errors in struct nt_err (err.h); here they become one line on stderr,
 * "newstag: FILE:LINE:COL: message", and an exit status (enum nt_exit).
 * Output written with -o goes to a temporary file in the same directory,
 * renamed over FILE only when the run ends normally, so FILE is never
 * half-written.
 *
 * With --state, an article's key is added to the state only once its
 * records are written (nt_record_written): on standard output, as soon as
 * they are flushed (and synced, when it is a file); with -o, when FILE is
 * renamed into place (nt_output_close; state.h has the protocol).  The
 * progress line is drawn here too, since it is printing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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
#include "jobs.h"
#include "progress.h"
#include "rules.h"
#include "stage.h"
#include "state.h"
#include "walk.h"
#include "writer.h"

#define NT_DEFAULT_MAX_BYTES (64u << 20)
#define NT_MAX_JOBS 256
#define NT_STR(x) NT_STR_(x)
#define NT_STR_(x) #x

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
	struct nt_state *state;  /* --state, or NULL */
	struct nt_jobs *jobs;    /* --jobs N > 1: the workers, else NULL */
	struct nt_pipeline *extra;    /* their pipelines but the first (run.pipeline) */
	size_t njobs;
	int out_sync;            /* fsync standard output after each record (a file) */
	int out_mode;            /* permissions of -o FILE; -1: as umask says */
	int out_tty;             /* records go to the terminal of the progress line */
	FILE *in_fp;             /* the input being read (for the progress line) */
	unsigned long long in_done;   /* input bytes of the files read before it */
	unsigned long long in_raw;    /* raw bytes of its articles so far */
};

/* The temporary output file, removed if we die before renaming it. */
static char *nt_tmp_path;

/* The progress line: whether it is on, its numbers, and the length of the
 * line now on stderr (0: none). */
static int nt_progress_on;
static struct nt_progress nt_progress;
static size_t nt_progress_len;

/* Erase the progress line, if one is shown, so that what is printed next
 * starts at the beginning of an empty line. */
static void
nt_progress_erase(void)
{
	if (nt_progress_len)
		fprintf(stderr, "\r%*s\r", (int)nt_progress_len, "");
	nt_progress_len = 0;
}

static void
nt_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
nt_say(const char *fmt, ...)
{
	va_list ap;

	nt_progress_erase();
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
"                         per line), rss or atom (one per feed item; either\n"
"                         reads both); default: a feed when the file starts\n"
"                         like one, else text\n"
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
"      --overlaps=KIND    longest (default: of overlapping entity candidates,\n"
"                         the leftmost-longest wins) or all (also report the\n"
"                         losers, each with the mention that suppressed it)\n"
"  -j, --jobs=N           process articles in N threads (0: one per processor;\n"
"                         default 1); records still come out in input order\n"
"\n"
"Output:\n"
"  -f, --format=FMT       csv, tsv, jsonl, or view (the matching view, for\n"
"                         rule authors); default csv\n"
"      --records=KIND     articles (one record per article), mentions, or counts\n"
"                         (one per entity, date and topic of an article: how\n"
"                         often it is mentioned, and where first)\n"
"      --context=N        with --records mentions or counts: add the text around\n"
"                         each (first) mention, up to N characters each side,\n"
"                         within its line\n"
"      --offsets=UNIT     count mention offsets in chars (code points of the\n"
"                         input; default) or bytes (as byte_start, byte_end)\n"
"  -o, --output=FILE      write to FILE, atomically (never half-written)\n"
"      --no-header        no CSV/TSV header line\n"
"      --crlf             end CSV records with CRLF (RFC 4180)\n"
"      --excel            start CSV with a UTF-8 byte order mark\n"
"      --no-formula-guard do not prefix ' to CSV cells starting with = + - @\n"
"      --progress         show a progress line on standard error\n"
"      --no-progress      do not; default: show it when standard error is a\n"
"                         terminal and the records do not go to it\n"
"  -q, --quiet            no warnings\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Incremental runs:\n"
"      --state=FILE       skip the articles FILE says earlier runs wrote, and\n"
"                         add this run's (known by id, else by a hash of the\n"
"                         text); FILE is locked while the run lasts\n"
"      --lock-wait=SECONDS  wait up to SECONDS for another run to release the\n"
"                         --state FILE (default 0: exit with status 2 at once)\n"
"      --append           with -o, add the records to the end of FILE (no second\n"
"                         CSV/TSV header); FILE is still replaced atomically\n"
"\n"
"Exit status: 0 all inputs processed, 1 some inputs could not be read or had\n"
"errors (the others were processed), 2 usage, rules, output or state error\n"
"(also: the --state FILE is locked by another run).\n",
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

/* Draw the progress line, if it is on and due (at most 4 times a second). */
static void
nt_progress_tick(struct nt_run *run)
{
	char line[160];
	double now;
	off_t pos;
	size_t n;

	if (!nt_progress_on || !nt_progress_due(&nt_progress, now = nt_progress_clock()))
		return;
	/* Bytes read: the position in a file, or the articles' bytes in a pipe. */
	pos = run->in_fp ? ftello(run->in_fp) : -1;
	nt_progress.bytes = run->in_done + (pos >= 0 ? (unsigned long long)pos : run->in_raw);
	n = nt_progress_format(&nt_progress, now, line, sizeof line);
	fprintf(stderr, "\r%s%*s", line, nt_progress_len > n ? (int)(nt_progress_len - n) : 0, "");
	nt_progress_len = n;
}

/* With --state, standard output appended to a file may end in a record
 * cut short when an earlier run was killed: put a line end after it, so
 * that it stays a line of its own and our records are whole lines.  (The
 * file is read through /proc, since standard output is write-only.) */
static void
nt_stdout_end_line(void)
{
	struct stat st;
	char path[64], c;
	int fd, flags = fcntl(STDOUT_FILENO, F_GETFL);

	if (flags < 0 || !(flags & O_APPEND) || fstat(STDOUT_FILENO, &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size == 0)
		return;
	snprintf(path, sizeof path, "/proc/self/fd/%d", STDOUT_FILENO);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (pread(fd, &c, 1, st.st_size - 1) == 1 && c != '\n')
		putchar('\n');
	close(fd);
}

/* The records of the article with key KEY were written and flushed: make
 * that durable, then record KEY in the state, so that a crash at any
 * moment either finds the key recorded and the records on disk, or the
 * key not recorded (the article is processed again next time).  Standard
 * output is synced when it is a file; a pipe or terminal cannot be.  With
 * -o the state only notes KEY here: it is recorded when the output file is
 * renamed into place (nt_output_close).  Returns 0, or -1 after reporting. */
static int
nt_record_written(struct nt_run *run, const struct nt_state_key *key)
{
	struct nt_err err = { "" };

	if (run->out_sync && fsync(fileno(run->out.fp)) != 0) {
		nt_say("%s: write error: %s", run->out_name, strerror(errno));
		return -1;
	}
	if (nt_state_add(run->state, key, &err) != 0) {
		nt_say("%s", err.text);
		return -1;
	}
	return 0;
}

/* Count article A and decide whether to process it: not when the --state
 * says an earlier run wrote it.  Gives it the --date when its input gave
 * none.  Returns 1 to process A. */
static int
nt_article_admit(struct nt_run *run, struct nt_article *a)
{
	struct nt_state_key key;

	nt_progress.articles++;
	run->in_raw += a->raw_len;
	if (run->state) {
		nt_state_key_article(&key, a);
		if (nt_state_seen(run->state, &key)) {   /* written by an earlier run */
			nt_progress_tick(run);
			return 0;
		}
		nt_progress.fresh++;
	}
	if (run->ref_date && !(a->meta_given & (1u << NT_META_DATE)))
		nt_article_set_date(a, run->ref_date, 10, 1);
	return 1;
}

/* Article A went through the stages with result RC (ERR when -1): report
 * its warnings, write its records and note it in the --state.  Called in
 * input order.  Returns 0, or -1 when the run must stop (output failed). */
static int
nt_article_finish(struct nt_run *run, const struct nt_article *a, int rc,
		  const struct nt_err *err)
{
	struct nt_state_key key;
	size_t i;
	int failed;

	if (rc != 0) {
		nt_say("%s: %s", a->name, err->text);
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
	if (run->out_tty)
		nt_progress_erase();
	/* One lock for the record, not one per putc: with --jobs the process
	 * has threads, and stdio then locks every call it is not told of. */
	flockfile(run->out.fp);
	failed = run->writer->article(&run->out, a) != 0;
	funlockfile(run->out.fp);
	if (failed) {
		nt_say("%s: write error: %s", run->out_name, strerror(errno));
		run->fatal = 1;
		return -1;
	}
	if (run->state) {
		nt_state_key_article(&key, a);   /* the stages change neither id nor raw text */
		if (nt_record_written(run, &key) != 0) {
			run->fatal = 1;
			return -1;
		}
	}
	nt_progress_tick(run);
	return 0;
}

/* nt_jobs callbacks: a worker runs its own pipeline on A; the reading
 * thread finishes A in input order. */
static int
nt_jobs_work(void *pipeline, struct nt_article *a, struct nt_err *err)
{
	return nt_pipeline_run(pipeline, a, err);
}

static int
nt_jobs_done(void *arg, struct nt_article *a, int rc, const struct nt_err *err)
{
	return nt_article_finish(arg, a, rc, err);
}

/* The reader's article callback: process A here, or hand it to the
 * workers with --jobs. */
static int
nt_process_article(struct nt_article *a, void *arg)
{
	struct nt_run *run = arg;
	struct nt_err err = { "" };

	if (!nt_article_admit(run, a))
		return 0;
	if (run->jobs) {
		/* The reader's path may be gone by the time A is written. */
		a->path = nt_article_keep(a, nt_xstrdup(a->path));
		return nt_jobs_submit(run->jobs, a);
	}
	return nt_article_finish(run, a, nt_pipeline_run(&run->pipeline, a, &err), &err);
}

static int
nt_process_file(const char *path, void *arg)
{
	struct nt_run *run = arg;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	off_t pos;
	int rc;

	if (!fp) {
		char msg[PATH_MAX + 128];

		snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
		nt_report_problem(msg, 1, run);
		return 0;
	}
	run->in_fp = fp;
	run->in_raw = 0;
	rc = nt_input_read(&run->reader, path, fp, run->article);
	pos = ftello(fp);
	run->in_done += pos >= 0 ? (unsigned long long)pos : run->in_raw;
	run->in_fp = NULL;
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* The total size of the inputs, for the progress line (nt_walk callbacks):
 * unknown (0) as soon as one is not a regular file. */
struct nt_input_size {
	unsigned long long total;
	int unknown;
};

static int
nt_input_size_file(const char *path, void *arg)
{
	struct nt_input_size *size = arg;
	struct stat st;

	if (strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st) != 0 : stat(path, &st) != 0)
		return 0;   /* reported when it is read */
	if (!S_ISREG(st.st_mode)) {
		size->unknown = 1;
		return -1;
	}
	size->total += (unsigned long long)st.st_size;
	return 0;
}

static void
nt_input_size_problem(const char *path, const char *msg, int is_error, void *arg)
{
	(void)path;
	(void)msg;
	(void)is_error;
	(void)arg;
}

static unsigned long long
nt_input_size(int npaths, char **paths)
{
	struct nt_input_size size = { 0, 0 };
	struct nt_walk w = { nt_input_size_file, nt_input_size_problem, NULL, &size };
	int i;

	if (npaths == 0)
		nt_walk("-", &w);
	for (i = 0; i < npaths && !size.unknown; i++)
		nt_walk(paths[i], &w);
	return size.unknown ? 0 : size.total;
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

/* --append: copy the existing -o PATH to the start of the temporary file
 * (run->out.fp, still empty), so that the run's records follow it.  PATH
 * must start with what this run's writer writes before the first record
 * (BOM, header), which is then not written again (run->out.append).  A
 * missing or empty PATH is written as usual.  Returns 0, or -1 after
 * reporting. */
static int
nt_output_append(struct nt_run *run, const char *path)
{
	struct nt_output o = run->out;
	FILE *in = fopen(path, "rb");
	char buf[65536], *head = NULL;
	size_t head_len = 0, got = 0, n;
	struct stat st;
	int last = '\n', rc = 0;

	if (!in) {
		if (errno == ENOENT)
			return 0;
		nt_say("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(in), &st) != 0) {
		nt_say("%s: %s", path, strerror(errno));
		fclose(in);
		return -1;
	}
	/* What this run writes first: FILE must start with it. */
	if (!(o.fp = open_memstream(&head, &head_len))) {
		nt_say("%s: %s", path, strerror(errno));
		fclose(in);
		return -1;
	}
	rc = run->writer->begin(&o);
	if (fclose(o.fp) != 0 || rc != 0) {
		nt_say("%s: %s", path, strerror(errno));
		free(head);
		fclose(in);
		return -1;
	}
	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0) {
		size_t k = got < head_len ? head_len - got : 0;

		if (k > n)
			k = n;
		if (memcmp(buf, head + got, k) != 0) {
			rc = 1;
			break;
		}
		if (fwrite(buf, 1, n, run->out.fp) != n) {
			nt_say("%s: write error: %s", run->out_name, strerror(errno));
			rc = -1;
		}
		got += n;
		last = (unsigned char)buf[n - 1];
	}
	if (rc == 0 && ferror(in)) {
		nt_say("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && got > 0 && got < head_len)
		rc = 1;
	if (rc == 1) {
		nt_say("%s: does not start like this run's output (--format, --records, --offsets, header, "
		       "--crlf, --excel), not appended", path);
		rc = -1;
	}
	if (rc == 0 && got > 0) {
		/* A last record without its line end would run into ours. */
		if (last != '\n')
			fputs(run->out.crlf ? "\r\n" : "\n", run->out.fp);
		run->out.append = 1;
		run->out_mode = (int)(st.st_mode & 07777);
	}
	free(head);
	fclose(in);
	return rc;
}

/* Finish -o PATH: flush, sync, give the file the usual permissions (those
 * of the file appended to, with --append) and rename it into place; on
 * FAILED, or any error, remove it instead.  With --state, the run's keys
 * are committed around the rename (state.h): a batch naming the synced
 * file before it, "commit" once the rename is durable.  Returns 0 or -1
 * after reporting. */
static int
nt_output_close(struct nt_run *run, const char *path, int failed)
{
	FILE *fp = run->out.fp;
	struct nt_err err = { "" };
	mode_t mask = umask(0);
	struct stat st;
	int rc = 0, renamed = 0;

	umask(mask);
	if (!failed && (fflush(fp) != 0 || fsync(fileno(fp)) != 0 ||
			fchmod(fileno(fp), run->out_mode >= 0 ? (mode_t)run->out_mode : 0666 & ~mask) != 0 ||
			fstat(fileno(fp), &st) != 0)) {
		nt_say("%s: write error: %s", path, strerror(errno));
		rc = -1;
	}
	if (fclose(fp) != 0 && !failed && rc == 0) {
		nt_say("%s: write error: %s", path, strerror(errno));
		rc = -1;
	}
	if (!failed && rc == 0 && run->state &&
	    nt_state_prepare(run->state, path, st.st_dev, st.st_ino, &err) != 0) {
		nt_say("%s", err.text);
		rc = -1;
	}
	if (!failed && rc == 0) {
		if (rename(nt_tmp_path, path) == 0)
			renamed = 1;
		else {
			nt_say("%s: %s", path, strerror(errno));
			rc = -1;
		}
	}
	if (renamed && run->state &&
	    (nt_state_sync_dir(path, &err) != 0 || nt_state_commit(run->state, &err) != 0)) {
		nt_say("%s", err.text);
		rc = -1;
	}
	if (!renamed)
		unlink(nt_tmp_path);
	free(nt_tmp_path);
	nt_tmp_path = NULL;
	return rc;
}

/* --jobs N: fork the pipelines of workers 2..N from run.pipeline (the
 * first), which they share the compiled rules of, and start the workers.
 * Returns 0, or -1 after reporting. */
static int
nt_jobs_open(struct nt_run *run)
{
	void **ctx = nt_xcalloc(run->njobs, sizeof *ctx);
	size_t i;

	run->extra = nt_xcalloc(run->njobs - 1, sizeof *run->extra);
	ctx[0] = &run->pipeline;
	for (i = 1; i < run->njobs; i++) {
		nt_pipeline_fork(&run->extra[i - 1], &run->pipeline);
		ctx[i] = &run->extra[i - 1];
	}
	if (!(run->jobs = nt_jobs_new(run->njobs, ctx, nt_jobs_work, nt_jobs_done, run)))
		nt_say("cannot start %zu threads: %s", run->njobs, strerror(errno));
	free(ctx);
	return run->jobs ? 0 : -1;
}

/* Stop the workers of --jobs and close their pipelines. */
static void
nt_jobs_close(struct nt_run *run)
{
	size_t i;

	nt_jobs_free(run->jobs);
	run->jobs = NULL;
	for (i = 0; run->extra && i + 1 < run->njobs; i++)
		nt_pipeline_close(&run->extra[i]);
	free(run->extra);
	run->extra = NULL;
}

enum {
	OPT_RECORDS = 256, OPT_NO_HEADER, OPT_CRLF, OPT_EXCEL, OPT_NO_GUARD, OPT_CHECK_RULES,
	OPT_FIELD, OPT_MAX_BYTES, OPT_CACHE_DIR, OPT_NO_CACHE, OPT_TOPICS_MIN, OPT_TOPICS_TOP,
	OPT_STATE, OPT_LOCK_WAIT, OPT_APPEND, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_CONTEXT,
	OPT_OFFSETS, OPT_OVERLAPS
};

static const struct option nt_options[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "format", required_argument, NULL, 'f' },
	{ "records", required_argument, NULL, OPT_RECORDS },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "offsets", required_argument, NULL, OPT_OFFSETS },
	{ "overlaps", required_argument, NULL, OPT_OVERLAPS },
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
	{ "state", required_argument, NULL, OPT_STATE },
	{ "lock-wait", required_argument, NULL, OPT_LOCK_WAIT },
	{ "append", no_argument, NULL, OPT_APPEND },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* S as a whole decimal number from MIN (0 or more) to MAX, or -1. */
static long
nt_parse_count(const char *s, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	return errno || end == s || *end || n < min || n > max ? -1 : n;
}

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
	int c, check_rules = 0, no_cache = 0, rules_bad = 0, from_cache = 0;
	const char *cache_dir = NULL;
	char *cache_path = NULL;
	char iso[11];
	const char *state_path = NULL;
	double lock_wait = 0;
	int append = 0, progress = -1;
	struct stat st;

	memset(&run, 0, sizeof run);
	run.out_mode = -1;
	run.writer = nt_writer_find("csv");
	run.out.header = 1;
	run.out.formula_guard = 1;
	run.reader.kind = NT_INPUT_AUTO;
	run.reader.max_bytes = NT_DEFAULT_MAX_BYTES;
	for (i = 0; i < NT_FIELD_COUNT; i++)
		run.reader.keys[i] = nt_input_field_names[i];
	opterr = 0;   /* we print our own one-line usage errors */
	while ((c = getopt_long(argc, argv, ":r:f:i:d:s:o:j:qhV", nt_options, NULL)) != -1) {
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
			else if (strcmp(optarg, "counts") == 0)
				run.out.records = NT_RECORDS_COUNTS;
			else
				nt_usage_error("unknown --records '%s' (articles, mentions, counts)",
					       optarg);
			break;
		case OPT_CONTEXT: {
			long n = nt_parse_count(optarg, 0, 100000);

			if (n < 0)
				nt_usage_error("invalid --context '%s' (characters, 0 to 100000)", optarg);
			run.out.context = (unsigned)n;
			break;
		}
		case OPT_OVERLAPS:
			if (strcmp(optarg, "longest") == 0)
				cfg.overlaps_all = 0;
			else if (strcmp(optarg, "all") == 0)
				cfg.overlaps_all = 1;
			else
				nt_usage_error("unknown --overlaps '%s' (longest, all)", optarg);
			run.out.suppressed = cfg.overlaps_all;
			break;
		case OPT_OFFSETS:
			if (strcmp(optarg, "chars") == 0)
				run.out.byte_offsets = 0;
			else if (strcmp(optarg, "bytes") == 0)
				run.out.byte_offsets = 1;
			else
				nt_usage_error("unknown --offsets '%s' (chars, bytes)", optarg);
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
			else if (strcmp(optarg, "rss") == 0 || strcmp(optarg, "atom") == 0)
				run.reader.kind = NT_INPUT_FEED;
			else
				nt_usage_error("unknown --input '%s' (text, lines, jsonl, rss, atom)", optarg);
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
			long n = nt_parse_count(optarg, 1, 1000000);

			if (n < 0)
				nt_usage_error("invalid --topics-top '%s' (a positive count)", optarg);
			cfg.topics_top = (size_t)n;
			break;
		}
		case OPT_STATE:
			state_path = optarg;
			break;
		case OPT_LOCK_WAIT: {
			char *end;

			lock_wait = strtod(optarg, &end);
			if (end == optarg || *end || !(lock_wait >= 0 && lock_wait <= 1e6))
				nt_usage_error("invalid --lock-wait '%s' (seconds, 0 to 1000000)", optarg);
			break;
		}
		case OPT_APPEND:
			append = 1;
			break;
		case OPT_PROGRESS:
			progress = 1;
			break;
		case OPT_NO_PROGRESS:
			progress = 0;
			break;
		case 'j': {
			long n = nt_parse_count(optarg, 0, NT_MAX_JOBS);

			if (n < 0)
				nt_usage_error("invalid --jobs '%s' (0 to " NT_STR(NT_MAX_JOBS) ")", optarg);
			if (n == 0 && (n = sysconf(_SC_NPROCESSORS_ONLN)) < 1)
				n = 1;
			run.njobs = (size_t)(n > NT_MAX_JOBS ? NT_MAX_JOBS : n);
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

	if (append && !output)
		nt_usage_error("%s needs --output FILE", "--append");
	if (run.out.context && (run.out.records == NT_RECORDS_ARTICLES ||
				strcmp(run.writer->name, "view") == 0))
		nt_usage_error("%s needs --records mentions or counts, and --format csv, tsv or jsonl",
			       "--context");
	if (run.out.byte_offsets && (strcmp(run.writer->name, "view") == 0 ||
				     (run.out.records == NT_RECORDS_ARTICLES &&
				      strcmp(run.writer->name, "jsonl") != 0)))
		nt_usage_error("%s needs --format jsonl, or --records mentions or counts",
			       "--offsets bytes");

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
		struct nt_stage_choice choice = { check_rules ? NULL : stages, 0 };

		if (dir && nt_pipeline_chooses(choice.only, "entities")) {
			/* files of entity rules found in the cache are not parsed */
			cfg.cache_key = nt_rules_key(&rules);
			cfg.cache_path = cache_path = nt_cache_file(dir, "entities", cfg.cache_key);
			from_cache = nt_entities_cache_read(&cfg);
		}
		free(dir);
		/* nor are files that only stages not run read */
		choice.entities_cached = from_cache;
		if (nt_rules_parse(&rules, nt_pipeline_file_unused, &choice, &err) != 0) {
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
	if (run.njobs > 1 && nt_jobs_open(&run) != 0) {
		run.status = NT_EXIT_TROUBLE;
		goto done;
	}

	if (state_path) {   /* before the output: --append copies FILE under the lock */
		if (!(run.state = nt_state_open(state_path, lock_wait, &err))) {
			nt_say("%s", err.text);
			run.status = NT_EXIT_TROUBLE;
			goto done;
		}
		if (output)
			nt_state_defer(run.state);
		else
			run.out_sync = fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode);
		if (!output)
			nt_stdout_end_line();
	}
	run.out_name = output ? output : "standard output";
	run.out.fp = output ? nt_output_open(output) : stdout;
	if (!run.out.fp) {
		run.status = NT_EXIT_TROUBLE;
		goto done;
	}
	if (progress < 0)
		progress = isatty(STDERR_FILENO) && (output || !isatty(STDOUT_FILENO));
	if (progress) {
		nt_progress_start(&nt_progress, nt_progress_clock());
		nt_progress.count_fresh = run.state != NULL;
		nt_progress.total = nt_input_size(argc - optind, argv + optind);
		nt_progress_on = 1;
		run.out_tty = !output && isatty(STDOUT_FILENO);
	}
	run.reader.article = nt_process_article;
	run.reader.problem = nt_report_problem;
	run.reader.arg = &run;
	run.article = nt_article_new();
	run.ref_date = cfg.ref_date;
	if (append && nt_output_append(&run, output) != 0) {
		run.fatal = 1;
	} else if (run.writer->begin(&run.out) != 0) {
		nt_say("%s: write error: %s", run.out_name, strerror(errno));
		run.fatal = 1;
	} else {
		struct nt_walk w = { nt_process_file, nt_walk_problem, NULL, &run };

		if (optind == argc)
			nt_walk("-", &w);
		for (i = (size_t)optind; i < (size_t)argc && !run.fatal; i++)
			nt_walk(argv[i], &w);
		if (run.jobs)
			nt_jobs_drain(run.jobs);
	}
	nt_progress_erase();
	nt_progress_on = 0;
	if (output && nt_output_close(&run, output, run.fatal) != 0)
		run.fatal = 1;
	if (!output && !run.fatal && (fflush(stdout) != 0 || ferror(stdout))) {
		nt_say("%s: write error: %s", run.out_name, strerror(errno));
		run.fatal = 1;
	}
	if (run.fatal)
		run.status = NT_EXIT_TROUBLE;
	nt_article_free(run.article);
done:
	nt_jobs_close(&run);
	nt_state_close(run.state);   /* releases the lock */
	nt_pipeline_close(&run.pipeline);
	nt_rules_free(&rules);
	free(cache_path);
	free(rule_paths);
	free(env_copy);
	return run.status;
}
