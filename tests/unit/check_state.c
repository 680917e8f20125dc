/* check_state.c - unit tests of state.c and blake2b.c: key hashes against
 * published and independently computed vectors, the log format, a torn
 * last line, batches decided after a crash on either side of the rename,
 * compaction and the lock.
 *
 * Each test works in a fresh directory under $TMPDIR (or /tmp) and writes
 * the state files it starts from by hand, byte for byte. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
#include "blake2b.h"
#include "state.h"

#define MAGIC "newstag-state 1\n"

static char dir[4096], path[4096 + 32];

/* Make a fresh directory and name the state file in it. */
static void
setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/check_state.XXXXXX", t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/state", dir);
}

static void
teardown(void)
{
	char cmd[sizeof dir + 16];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "check_state: could not remove %s\n", dir);
}

/* The whole file P, NUL-terminated, malloc'd (NULL if it cannot be read). */
static char *
slurp(const char *p)
{
	FILE *fp = fopen(p, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
spew(const char *p, const char *s)
{
	FILE *fp = fopen(p, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fwrite(s, 1, strlen(s), fp), strlen(s));
	ck_assert_int_eq(fclose(fp), 0);
}

/* Check that file P holds exactly WANT. */
static void
check_file(const char *p, const char *want)
{
	char *got = slurp(p);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

/* A key made from the number N, and its log line. */
static struct nt_state_key
key(unsigned n)
{
	struct nt_state_key k;
	char s[32];

	snprintf(s, sizeof s, "article %u", n);
	nt_state_key_text(&k, s, strlen(s));
	return k;
}

static const char *
key_line(unsigned n)
{
	static char lines[8][2 * NT_STATE_KEY_SIZE + 2];
	static unsigned next;
	struct nt_state_key k = key(n);
	char *line = lines[next++ % 8];

	nt_state_key_hex(&k, line);
	strcat(line, "\n");
	return line;
}

static struct nt_state *
open_ok(void)
{
	struct nt_err err = { "" };
	struct nt_state *s = nt_state_open(path, 0, &err);

	ck_assert_msg(s != NULL, "open: %s", err.text);
	return s;
}

static void
add_ok(struct nt_state *s, unsigned n)
{
	struct nt_err err = { "" };
	struct nt_state_key k = key(n);

	ck_assert_msg(nt_state_add(s, &k, &err) == 0, "add: %s", err.text);
}

static int
seen(const struct nt_state *s, unsigned n)
{
	struct nt_state_key k = key(n);

	return nt_state_seen(s, &k);
}

/* The hex digest of LEN bytes at P, OUTLEN bytes long. */
static const char *
b2(const void *p, size_t len, size_t outlen)
{
	static char hex[129];
	unsigned char out[64];
	struct nt_blake2b h;
	size_t i;

	nt_blake2b_init(&h, outlen);
	nt_blake2b_update(&h, p, len);
	nt_blake2b_final(&h, out);
	for (i = 0; i < outlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	return hex;
}

START_TEST(test_blake2b_vectors)
{
	unsigned char buf[1000];
	struct nt_blake2b h;
	unsigned char out[16];
	char hex[33];
	size_t i;

	/* RFC 7693, appendix A. */
	ck_assert_str_eq(b2("abc", 3, 64),
			 "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
			 "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
	/* b2sum -l 128 and Python's hashlib.blake2b(digest_size=16). */
	ck_assert_str_eq(b2("abc", 3, 16), "cf4ab791c62b8d2b2109c90275287816");
	ck_assert_str_eq(b2("", 0, 16), "cae66941d9efbd404e4d88758ea67670");
	for (i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	ck_assert_str_eq(b2(buf, sizeof buf, 16), "add263669b4eb2158678a360fa6f007a");
	/* The same in pieces that straddle the 128-byte blocks. */
	nt_blake2b_init(&h, 16);
	for (i = 0; i < sizeof buf; i += 61)
		nt_blake2b_update(&h, buf + i, sizeof buf - i < 61 ? sizeof buf - i : 61);
	nt_blake2b_final(&h, out);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	ck_assert_str_eq(hex, "add263669b4eb2158678a360fa6f007a");
}
END_TEST

/* Keys are on disk for years: they must never change.  Each value is
 * `printf 'KIND\0VALUE' | b2sum -l 128`. */
START_TEST(test_key_stability)
{
	struct nt_state_key k;
	char hex[33];

	nt_state_key_text(&k, "Hello, world.", 13);
	nt_state_key_hex(&k, hex);
	ck_assert_str_eq(hex, "20916ed63c3913efab9a499bd3e8362d");
	nt_state_key_text(&k, "", 0);
	nt_state_key_hex(&k, hex);
	ck_assert_str_eq(hex, "d3094297a9d124201ff0d2e86e564f5c");
	nt_state_key_id(&k, "r1", 2);
	nt_state_key_hex(&k, hex);
	ck_assert_str_eq(hex, "db80a21080083d2ceee98ad599f45467");
}
END_TEST

START_TEST(test_key_article)
{
	struct nt_article *a = nt_article_new();
	struct nt_state_key k, want;

	a->name = strdup("r1");
	nt_article_append_raw(a, "Hello, world.", 13);
	nt_state_key_article(&k, a);   /* a name made from the path: by text */
	nt_state_key_text(&want, "Hello, world.", 13);
	ck_assert_mem_eq(k.b, want.b, sizeof k.b);
	a->has_id = 1;                 /* an id from the input: by id */
	nt_state_key_article(&k, a);
	nt_state_key_id(&want, "r1", 2);
	ck_assert_mem_eq(k.b, want.b, sizeof k.b);
	free(a->name);
	a->name = strdup("");          /* an empty id is no id */
	nt_state_key_article(&k, a);
	nt_state_key_text(&want, "Hello, world.", 13);
	ck_assert_mem_eq(k.b, want.b, sizeof k.b);
	nt_article_free(a);
}
END_TEST

START_TEST(test_create_append_reload)
{
	struct nt_state *s = open_ok();
	char *want;

	check_file(path, MAGIC);   /* created at once, with its first line */
	add_ok(s, 1);
	add_ok(s, 2);
	add_ok(s, 1);              /* again: nothing written */
	ck_assert_uint_eq(nt_state_count(s), 2);
	nt_state_close(s);
	want = malloc(256);
	snprintf(want, 256, "%s%s%s", MAGIC, key_line(1), key_line(2));
	check_file(path, want);
	s = open_ok();
	ck_assert(seen(s, 1) && seen(s, 2) && !seen(s, 3));
	add_ok(s, 3);
	nt_state_close(s);
	snprintf(want, 256, "%s%s%s%s", MAGIC, key_line(1), key_line(2), key_line(3));
	check_file(path, want);   /* appended, not rewritten */
	free(want);
}
END_TEST

START_TEST(test_empty_file)
{
	struct nt_state *s;

	spew(path, "");
	s = open_ok();
	ck_assert_uint_eq(nt_state_count(s), 0);
	nt_state_close(s);
	check_file(path, MAGIC);
}
END_TEST

/* A crash in the middle of an append leaves a cut last line: it is
 * ignored and compacted away, and the next key starts a line of its own. */
START_TEST(test_torn_last_line)
{
	char start[256], want[256];
	struct nt_state *s;

	snprintf(start, sizeof start, "%s%s%s%.10s", MAGIC, key_line(1), key_line(2), key_line(3));
	spew(path, start);
	s = open_ok();
	ck_assert_uint_eq(nt_state_count(s), 2);
	ck_assert(seen(s, 1) && seen(s, 2) && !seen(s, 3));
	snprintf(want, sizeof want, "%s%s%s", MAGIC, key_line(1), key_line(2));
	check_file(path, want);
	add_ok(s, 4);
	nt_state_close(s);
	snprintf(want, sizeof want, "%s%s%s%s", MAGIC, key_line(1), key_line(2), key_line(4));
	check_file(path, want);
}
END_TEST

START_TEST(test_torn_first_line)
{
	struct nt_state *s;

	spew(path, "newstag-st");   /* a prefix of the first line */
	s = open_ok();
	ck_assert_uint_eq(nt_state_count(s), 0);
	nt_state_close(s);
	check_file(path, MAGIC);
}
END_TEST

/* Anything else is refused and left alone: --state must never eat a file
 * named by mistake. */
START_TEST(test_not_a_state_file)
{
	static const char *const bad[] = {
		"article,date\nx,y\n", "hello", "newstag-state 2\n", "\n",
	};
	struct nt_err err = { "" };
	char mid[256];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		spew(path, bad[i]);
		ck_assert_ptr_null(nt_state_open(path, 0, &err));
		ck_assert_msg(strstr(err.text, "not a newstag state file") != NULL, "%s", err.text);
		ck_assert_msg(strncmp(err.text, path, strlen(path)) == 0, "%s", err.text);
		check_file(path, bad[i]);
	}
	/* A damaged line in the middle (not a crash: appends never do that). */
	snprintf(mid, sizeof mid, "%s%sXYZ\n%s", MAGIC, key_line(1), key_line(2));
	spew(path, mid);
	err.text[0] = '\0';
	ck_assert_ptr_null(nt_state_open(path, 0, &err));
	ck_assert_msg(strstr(err.text, "line 3 is not a state line") != NULL, "%s", err.text);
	check_file(path, mid);
	/* The lock was released on failure. */
	unlink(path);
	nt_state_close(open_ok());
}
END_TEST

/* Make the file OUT (as if written by a -o run) and return its identity. */
static void
make_output(const char *out, struct stat *st)
{
	spew(out, "records\n");
	ck_assert_int_eq(stat(out, st), 0);
}

/* A -o run: keys in memory, a batch before the rename, commit after. */
START_TEST(test_batch_committed)
{
	char tmp[sizeof path + 16], out[sizeof path + 16];
	struct nt_err err = { "" };
	struct nt_state *s = open_ok();
	struct stat st;
	char *log;

	snprintf(tmp, sizeof tmp, "%s/out.tmp", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	nt_state_defer(s);
	add_ok(s, 1);
	add_ok(s, 2);
	ck_assert(seen(s, 1) && seen(s, 2));   /* seen within the run */
	check_file(path, MAGIC);              /* but not on disk yet */
	make_output(tmp, &st);
	ck_assert_msg(nt_state_prepare(s, out, st.st_dev, st.st_ino, &err) == 0, "%s", err.text);
	ck_assert_int_eq(rename(tmp, out), 0);
	ck_assert_int_eq(nt_state_sync_dir(out, &err), 0);
	ck_assert_msg(nt_state_commit(s, &err) == 0, "%s", err.text);
	nt_state_close(s);
	log = slurp(path);
	ck_assert_msg(strstr(log, "\nbegin ") && strstr(log, "/out\n"), "%s", log);
	ck_assert_msg(strlen(log) > 7 && strcmp(log + strlen(log) - 7, "commit\n") == 0, "%s", log);
	free(log);
	s = open_ok();
	ck_assert(seen(s, 1) && seen(s, 2));
	nt_state_close(s);
}
END_TEST

/* Killed after the batch was written but before the rename: the output
 * never appeared, so the keys must not count. */
START_TEST(test_batch_crash_before_rename)
{
	char tmp[sizeof path + 16], out[sizeof path + 16];
	struct nt_err err = { "" };
	struct nt_state *s = open_ok();
	struct stat st;

	snprintf(tmp, sizeof tmp, "%s/out.tmp", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	make_output(out, &st);   /* an older output is in place */
	nt_state_defer(s);
	add_ok(s, 1);
	make_output(tmp, &st);
	ck_assert_int_eq(nt_state_prepare(s, out, st.st_dev, st.st_ino, &err), 0);
	nt_state_close(s);       /* the crash */
	s = open_ok();
	ck_assert(!seen(s, 1));
	ck_assert_uint_eq(nt_state_count(s), 0);
	nt_state_close(s);
	check_file(path, MAGIC);   /* decided, and compacted away */
}
END_TEST

/* Killed after the rename but before "commit": the records are in the
 * output, so the keys count. */
START_TEST(test_batch_crash_after_rename)
{
	char tmp[sizeof path + 16], out[sizeof path + 16], want[256];
	struct nt_err err = { "" };
	struct nt_state *s = open_ok();
	struct stat st;

	snprintf(tmp, sizeof tmp, "%s/out.tmp", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	nt_state_defer(s);
	add_ok(s, 1);
	add_ok(s, 2);
	make_output(tmp, &st);
	ck_assert_int_eq(nt_state_prepare(s, out, st.st_dev, st.st_ino, &err), 0);
	ck_assert_int_eq(rename(tmp, out), 0);
	nt_state_close(s);       /* the crash */
	s = open_ok();
	ck_assert(seen(s, 1) && seen(s, 2));
	nt_state_close(s);
	snprintf(want, sizeof want, "%s%s%s", MAGIC, key_line(1), key_line(2));
	check_file(path, want);
}
END_TEST

/* A batch cut short by a crash while it was written: the rename never
 * happened. */
START_TEST(test_batch_torn)
{
	char log[sizeof dir + 512];
	struct nt_state *s;

	snprintf(log, sizeof log, "%s%sbegin 1 2 %s/out\n%s%.5s", MAGIC, key_line(1), dir,
		 key_line(2), key_line(3));
	spew(path, log);
	s = open_ok();
	ck_assert(seen(s, 1) && !seen(s, 2) && !seen(s, 3));
	nt_state_close(s);
}
END_TEST

/* Paths with odd bytes survive the begin line. */
START_TEST(test_batch_odd_path)
{
	char tmp[sizeof path + 16], out[sizeof path + 16];
	struct nt_err err = { "" };
	struct nt_state *s = open_ok();
	struct stat st;

	snprintf(tmp, sizeof tmp, "%s/out.tmp", dir);
	snprintf(out, sizeof out, "%s/o 100%%\nx", dir);
	nt_state_defer(s);
	add_ok(s, 7);
	make_output(tmp, &st);
	ck_assert_int_eq(nt_state_prepare(s, out, st.st_dev, st.st_ino, &err), 0);
	ck_assert_int_eq(rename(tmp, out), 0);
	nt_state_close(s);       /* no commit: decided by the path */
	s = open_ok();
	ck_assert(seen(s, 7));
	nt_state_close(s);
}
END_TEST

/* Many runs leave many batch lines; past the limit the log is rewritten
 * with its keys only, in their order. */
START_TEST(test_compaction)
{
	size_t cap = 1 << 20, len, i;
	char *log = malloc(cap), *want = malloc(cap);
	struct nt_err err = { "" };
	struct nt_state *s;

	len = (size_t)snprintf(log, cap, "%s", MAGIC);
	for (i = 0; i < 600; i++)
		len += (size_t)snprintf(log + len, cap - len, "begin 1 2 /x\n%scommit\n",
					key_line((unsigned)i));
	spew(path, log);
	s = open_ok();
	ck_assert_uint_eq(nt_state_count(s), 600);
	nt_state_close(s);
	len = (size_t)snprintf(want, cap, "%s", MAGIC);
	for (i = 0; i < 600; i++)
		len += (size_t)snprintf(want + len, cap - len, "%s", key_line((unsigned)i));
	check_file(path, want);
	/* Under the limit the log is kept as it is... */
	len = (size_t)snprintf(log, cap, "%s%sbegin 1 2 /x\n%scommit\n", MAGIC, key_line(1),
			       key_line(2));
	spew(path, log);
	s = open_ok();
	nt_state_close(s);
	check_file(path, log);
	/* ...unless asked. */
	s = open_ok();
	ck_assert_msg(nt_state_compact(s, &err) == 0, "%s", err.text);
	add_ok(s, 3);
	nt_state_close(s);
	snprintf(want, cap, "%s%s%s%s", MAGIC, key_line(1), key_line(2), key_line(3));
	check_file(path, want);
	free(log);
	free(want);
}
END_TEST

/* Compaction keeps the file's permissions. */
START_TEST(test_compaction_mode)
{
	struct stat st;

	spew(path, "newstag-st");
	ck_assert_int_eq(chmod(path, 0640), 0);
	nt_state_close(open_ok());
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
}
END_TEST

START_TEST(test_many_keys)
{
	char tmp[sizeof path + 16], out[sizeof path + 16];
	struct nt_err err = { "" };
	struct nt_state *s = open_ok();
	struct stat st;
	unsigned i;

	snprintf(tmp, sizeof tmp, "%s/out.tmp", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	nt_state_defer(s);   /* one sync for all */
	for (i = 0; i < 5000; i++)
		add_ok(s, i);
	make_output(tmp, &st);
	ck_assert_int_eq(nt_state_prepare(s, out, st.st_dev, st.st_ino, &err), 0);
	ck_assert_int_eq(rename(tmp, out), 0);
	ck_assert_int_eq(nt_state_commit(s, &err), 0);
	nt_state_close(s);
	s = open_ok();
	ck_assert_uint_eq(nt_state_count(s), 5000);
	for (i = 0; i < 5000; i++)
		ck_assert(seen(s, i));
	ck_assert(!seen(s, 5000));
	nt_state_close(s);
}
END_TEST

START_TEST(test_lock)
{
	struct nt_err err = { "" };
	struct nt_state *s = open_ok(), *t;
	char lock[sizeof path + 8];

	ck_assert_ptr_null(nt_state_open(path, 0, &err));
	ck_assert_msg(strstr(err.text, ": locked by another newstag run") != NULL, "%s", err.text);
	ck_assert_msg(strncmp(err.text, path, strlen(path)) == 0, "%s", err.text);
	ck_assert_ptr_null(nt_state_open(path, 0.2, &err));
	ck_assert_msg(strstr(err.text, "still locked by another newstag run after 0.2 seconds"),
		      "%s", err.text);
	nt_state_close(s);
	t = nt_state_open(path, 0, &err);
	ck_assert_msg(t != NULL, "%s", err.text);
	nt_state_close(t);
	snprintf(lock, sizeof lock, "%s.lock", path);
	ck_assert_int_eq(access(lock, F_OK), 0);   /* the lock file stays */
}
END_TEST

START_TEST(test_missing_directory)
{
	struct nt_err err = { "" };
	char p[sizeof path + 16];

	snprintf(p, sizeof p, "%s/no/state", dir);
	ck_assert_ptr_null(nt_state_open(p, 0, &err));
	ck_assert_msg(strstr(err.text, "No such file or directory") != NULL, "%s", err.text);
}
END_TEST

static Suite *
state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_blake2b_vectors);
	tcase_add_test(tc, test_key_stability);
	tcase_add_test(tc, test_key_article);
	tcase_add_test(tc, test_create_append_reload);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_torn_last_line);
	tcase_add_test(tc, test_torn_first_line);
	tcase_add_test(tc, test_not_a_state_file);
	tcase_add_test(tc, test_batch_committed);
	tcase_add_test(tc, test_batch_crash_before_rename);
	tcase_add_test(tc, test_batch_crash_after_rename);
	tcase_add_test(tc, test_batch_torn);
	tcase_add_test(tc, test_batch_odd_path);
	tcase_add_test(tc, test_compaction);
	tcase_add_test(tc, test_compaction_mode);
	tcase_add_test(tc, test_many_keys);
	tcase_add_test(tc, test_lock);
	tcase_add_test(tc, test_missing_directory);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(state_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
