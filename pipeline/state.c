/* state.c - the --state log: keys, loading, appending, batches,
 * compaction and the lock (see state.h for the format and its promises).
 *
 * Keys live in an array in the order they were added, which is the order
 * compaction writes them back, and are found through an open-addressing
 * table of indexes into that array.  Keys are hashes already, so their
 * first bytes serve as the table's hash. */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "blake2b.h"

#define NT_STATE_MAGIC "newstag-state 1\n"
#define NT_STATE_HEX (2 * NT_STATE_KEY_SIZE)
/* Compact when the log has more batch lines than this, and than keys. */
#define NT_STATE_JUNK_MAX 1024
/* How often a run waiting for the lock tries again, in seconds. */
#define NT_STATE_POLL 0.05

struct nt_state {
	char *path;
	int lock_fd;                 /* FILE.lock, locked with flock */
	int fd;                      /* the log, written at its end, or -1 */
	mode_t mode;                 /* permissions of the log */
	struct nt_state_key *keys;   /* in the order added */
	size_t nkeys, keys_cap;
	size_t *table;               /* 1 + index into keys; 0 is an empty slot */
	size_t table_cap;            /* a power of two, at least twice nkeys */
	size_t ncommitted;           /* keys[0..ncommitted) are on disk for good */
	size_t junk;                 /* batch lines in the log */
	int deferred;                /* added keys wait for a batch */
	int prepared;                /* keys[ncommitted..nkeys) are on disk as an open batch */
	int failed;                  /* a write failed: the end of the log is unknown */
};

static void
nt_state_key_of(struct nt_state_key *k, const char *kind, const char *s, size_t len)
{
	struct nt_blake2b h;

	nt_blake2b_init(&h, NT_STATE_KEY_SIZE);
	nt_blake2b_update(&h, kind, strlen(kind) + 1);   /* with its NUL */
	nt_blake2b_update(&h, s, len);
	nt_blake2b_final(&h, k->b);
}

void
nt_state_key_id(struct nt_state_key *k, const char *id, size_t len)
{
	nt_state_key_of(k, "id", id, len);
}

void
nt_state_key_text(struct nt_state_key *k, const char *raw, size_t len)
{
	nt_state_key_of(k, "text", raw, len);
}

void
nt_state_key_article(struct nt_state_key *k, const struct nt_article *a)
{
	if (a->has_id && a->name && a->name[0])
		nt_state_key_id(k, a->name, strlen(a->name));
	else
		nt_state_key_text(k, a->raw ? a->raw : "", a->raw_len);
}

void
nt_state_key_hex(const struct nt_state_key *k, char hex[2 * NT_STATE_KEY_SIZE + 1])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < NT_STATE_KEY_SIZE; i++) {
		hex[2 * i] = digits[k->b[i] >> 4];
		hex[2 * i + 1] = digits[k->b[i] & 15];
	}
	hex[NT_STATE_HEX] = '\0';
}

/* Parse the LEN bytes at S as a key (exactly 32 lowercase hex digits).
 * Returns 0, or -1 if S is not one. */
static int
nt_state_key_parse(const char *s, size_t len, struct nt_state_key *k)
{
	size_t i;

	if (len != NT_STATE_HEX)
		return -1;
	for (i = 0; i < NT_STATE_HEX; i++) {
		int c = (unsigned char)s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (v < 0)
			return -1;
		if (i % 2 == 0)
			k->b[i / 2] = (unsigned char)(v << 4);
		else
			k->b[i / 2] |= (unsigned char)v;
	}
	return 0;
}

/* The slot of K in S's table: the one holding it, or the empty one where
 * it would go. */
static size_t
nt_state_slot(const struct nt_state *s, const struct nt_state_key *k)
{
	size_t mask = s->table_cap - 1, h, i;

	memcpy(&h, k->b, sizeof h);
	for (i = h & mask; s->table[i]; i = (i + 1) & mask)
		if (memcmp(s->keys[s->table[i] - 1].b, k->b, NT_STATE_KEY_SIZE) == 0)
			break;
	return i;
}

static void
nt_state_rehash(struct nt_state *s, size_t cap)
{
	size_t i;

	free(s->table);
	s->table = nt_xcalloc(cap, sizeof *s->table);
	s->table_cap = cap;
	for (i = 0; i < s->nkeys; i++)
		s->table[nt_state_slot(s, &s->keys[i])] = i + 1;
}

/* Add K to the set.  Returns 1 if it was not in it yet. */
static int
nt_state_insert(struct nt_state *s, const struct nt_state_key *k)
{
	size_t i;

	if (2 * (s->nkeys + 1) > s->table_cap)
		nt_state_rehash(s, 2 * s->table_cap);
	i = nt_state_slot(s, k);
	if (s->table[i])
		return 0;
	nt_grow(&s->keys, &s->keys_cap, s->nkeys + 1, sizeof *s->keys);
	s->keys[s->nkeys++] = *k;
	s->table[i] = s->nkeys;
	return 1;
}

int
nt_state_seen(const struct nt_state *s, const struct nt_state_key *k)
{
	return s->table[nt_state_slot(s, k)] != 0;
}

size_t
nt_state_count(const struct nt_state *s)
{
	return s->nkeys;
}

/* Write the N bytes at P to FD, then fsync FD.  Returns 0, or -1 with
 * errno set. */
static int
nt_state_write(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return fsync(fd);
}

/* A growing buffer of log lines. */
struct nt_state_buf {
	char *p;
	size_t len, cap;
};

static void
nt_state_buf_add(struct nt_state_buf *b, const char *s, size_t n)
{
	nt_grow(&b->p, &b->cap, b->len + n, 1);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* Add the line of key K. */
static void
nt_state_buf_key(struct nt_state_buf *b, const struct nt_state_key *k)
{
	char hex[NT_STATE_HEX + 1];

	nt_state_key_hex(k, hex);
	hex[NT_STATE_HEX] = '\n';
	nt_state_buf_add(b, hex, sizeof hex);
}

/* The directory part of PATH ("." when it has none), malloc'd. */
static char *
nt_state_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return nt_xstrdup(".");
	return nt_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int
nt_state_sync_dir(const char *path, struct nt_err *err)
{
	char *dir = nt_state_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	/* Some file systems cannot sync a directory (EINVAL): nothing to do. */
	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
		nt_err_file(err, dir, "%s", strerror(errno));
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

/* Take the lock on S->path's lock file, waiting up to WAIT seconds.
 * Returns 0, or -1 after filling ERR. */
static int
nt_state_lock(struct nt_state *s, double wait, struct nt_err *err)
{
	size_t n = strlen(s->path);
	char *lock = nt_xmalloc(n + sizeof ".lock");
	struct timespec t0, t;

	memcpy(lock, s->path, n);
	memcpy(lock + n, ".lock", sizeof ".lock");
	s->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (s->lock_fd < 0) {
		nt_err_file(err, lock, "%s", strerror(errno));
		free(lock);
		return -1;
	}
	free(lock);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		double left;

		if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			nt_err_file(err, s->path, "cannot lock: %s", strerror(errno));
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = wait - ((double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9);
		if (left <= 0) {
			if (wait > 0)
				nt_err_file(err, s->path,
					    "still locked by another newstag run after %g seconds", wait);
			else
				nt_err_file(err, s->path, "locked by another newstag run");
			return -1;
		}
		if (left > NT_STATE_POLL)
			left = NT_STATE_POLL;
		t.tv_sec = (time_t)left;
		t.tv_nsec = (long)((left - (double)t.tv_sec) * 1e9);
		nanosleep(&t, NULL);
	}
}

/* A batch of keys read from the log, not yet decided. */
struct nt_state_batch {
	struct nt_state_key *keys;
	size_t n, cap;
	unsigned long long dev, ino;
	char *path;          /* unescaped */
};

/* Parse "begin DEV INO PATH" (the LEN bytes at LINE, without newline)
 * into B.  PATH has its bytes %, DEL and below 0x20 written as %XX.
 * Returns 0, or -1 if LINE is not such a line. */
static int
nt_state_parse_begin(const char *line, size_t len, struct nt_state_batch *b)
{
	const char *p = line + 6, *end = line + len;
	char *q, *stop;

	if (len < 6 || memcmp(line, "begin ", 6) != 0 || memchr(line, '\0', len))
		return -1;
	errno = 0;
	b->dev = strtoull(p, &stop, 10);
	if (stop == p || *stop != ' ' || errno)
		return -1;
	p = stop + 1;
	b->ino = strtoull(p, &stop, 10);
	if (stop == p || *stop != ' ' || errno || stop + 1 >= end)
		return -1;
	free(b->path);
	b->path = q = nt_xmalloc((size_t)(end - stop));
	for (p = stop + 1; p < end; p++) {
		unsigned v;

		if (*p != '%') {
			*q++ = *p;
			continue;
		}
		if (end - p < 3 || sscanf(p + 1, "%2x", &v) != 1)
			return -1;
		*q++ = (char)v;
		p += 2;
	}
	*q = '\0';
	return 0;
}

/* Decide an uncommitted batch B: its keys count if its output was renamed
 * into place, that is if B->path is the file B->dev:B->ino. */
static void
nt_state_decide(struct nt_state *s, struct nt_state_batch *b)
{
	struct stat st;
	size_t i;

	if (lstat(b->path, &st) == 0 && (unsigned long long)st.st_dev == b->dev &&
	    (unsigned long long)st.st_ino == b->ino)
		for (i = 0; i < b->n; i++)
			nt_state_insert(s, &b->keys[i]);
	b->n = 0;
}

/* Read the log at S->path into S.  Sets *MUST_COMPACT when the file is
 * missing or empty, ends in a cut line or has an undecided batch.
 * Returns 0, or -1 after filling ERR. */
static int
nt_state_load(struct nt_state *s, int *must_compact, struct nt_err *err)
{
	struct nt_state_batch b = { NULL, 0, 0, 0, 0, NULL };
	FILE *fp = fopen(s->path, "rbe");
	char *line = NULL;
	size_t cap = 0, lineno = 0, i;
	struct nt_state_key k;
	struct stat st;
	int in_batch = 0, rc = 0;
	ssize_t n;

	if (!fp) {
		mode_t mask = umask(0);

		umask(mask);
		s->mode = 0666 & ~mask;
		if (errno == ENOENT) {
			*must_compact = 1;
			return 0;
		}
		nt_err_file(err, s->path, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &st) != 0) {
		nt_err_file(err, s->path, "%s", strerror(errno));
		fclose(fp);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		nt_err_file(err, s->path, "not a regular file");
		fclose(fp);
		return -1;
	}
	s->mode = st.st_mode & 07777;
	errno = 0;
	while ((n = getline(&line, &cap, fp)) > 0) {
		size_t len = (size_t)n - 1;

		lineno++;
		if (line[len] != '\n') {   /* cut short by a crash */
			if (lineno == 1 && strncmp(line, NT_STATE_MAGIC, (size_t)n) != 0)
				goto not_state;
			*must_compact = 1;
			break;
		}
		if (lineno == 1) {
			if (strcmp(line, NT_STATE_MAGIC) != 0)
				goto not_state;
			continue;
		}
		if (nt_state_key_parse(line, len, &k) == 0) {
			if (in_batch) {
				nt_grow(&b.keys, &b.cap, b.n + 1, sizeof *b.keys);
				b.keys[b.n++] = k;
			} else {
				nt_state_insert(s, &k);
			}
			continue;
		}
		s->junk++;
		if (len == 6 && memcmp(line, "commit", 6) == 0) {
			for (i = 0; in_batch && i < b.n; i++)
				nt_state_insert(s, &b.keys[i]);
			in_batch = 0;
			b.n = 0;
			continue;
		}
		if (in_batch) {   /* a batch without commit, then more: decide it now */
			nt_state_decide(s, &b);
			*must_compact = 1;
			in_batch = 0;
		}
		if (nt_state_parse_begin(line, len, &b) == 0) {
			in_batch = 1;
			continue;
		}
		nt_err_file(err, s->path, "line %zu is not a state line (a key, begin or commit)",
			    lineno);
		rc = -1;
		goto out;
	}
	if (ferror(fp)) {
		nt_err_file(err, s->path, "%s", strerror(errno));
		rc = -1;
		goto out;
	}
	if (lineno == 0)
		*must_compact = 1;   /* empty: write the first line */
	if (in_batch) {
		nt_state_decide(s, &b);
		*must_compact = 1;
	}
	goto out;
not_state:
	nt_err_file(err, s->path, "not a newstag state file (no 'newstag-state 1' first line)");
	rc = -1;
out:
	free(line);
	free(b.keys);
	free(b.path);
	fclose(fp);
	return rc;
}

int
nt_state_compact(struct nt_state *s, struct nt_err *err)
{
	struct nt_state_buf b = { NULL, 0, 0 };
	size_t n = strlen(s->path), i;
	char *tmp = nt_xmalloc(n + sizeof ".tmpXXXXXX");
	int fd;

	if (s->prepared) {
		nt_err_file(err, s->path, "cannot compact while a batch is open");
		free(tmp);
		return -1;
	}
	memcpy(tmp, s->path, n);
	memcpy(tmp + n, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
	if ((fd = mkstemp(tmp)) < 0) {
		nt_err_file(err, s->path, "%s", strerror(errno));
		free(tmp);
		return -1;
	}
	nt_state_buf_add(&b, NT_STATE_MAGIC, strlen(NT_STATE_MAGIC));
	for (i = 0; i < s->ncommitted; i++)
		nt_state_buf_key(&b, &s->keys[i]);
	if (fchmod(fd, s->mode) != 0 || nt_state_write(fd, b.p, b.len) != 0 ||
	    rename(tmp, s->path) != 0) {
		nt_err_file(err, s->path, "%s", strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		free(b.p);
		return -1;
	}
	free(tmp);
	free(b.p);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = fd;   /* at its end: appends go on from there */
	s->junk = 0;
	return nt_state_sync_dir(s->path, err);
}

struct nt_state *
nt_state_open(const char *path, double wait, struct nt_err *err)
{
	struct nt_state *s = nt_xcalloc(1, sizeof *s);
	int must_compact = 0;

	s->path = nt_xstrdup(path);
	s->fd = s->lock_fd = -1;
	nt_state_rehash(s, 1024);
	if (nt_state_lock(s, wait, err) != 0 || nt_state_load(s, &must_compact, err) != 0)
		goto fail;
	s->ncommitted = s->nkeys;
	if (must_compact || (s->junk > NT_STATE_JUNK_MAX && s->junk > s->nkeys)) {
		if (nt_state_compact(s, err) != 0)
			goto fail;
	} else if ((s->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0) {
		nt_err_file(err, path, "%s", strerror(errno));
		goto fail;
	}
	return s;
fail:
	nt_state_close(s);
	return NULL;
}

void
nt_state_defer(struct nt_state *s)
{
	s->deferred = 1;
}

/* Report that the log of S could not be written (errno says why); from
 * now on S refuses to write. */
static int
nt_state_write_error(struct nt_state *s, struct nt_err *err)
{
	if (!s->failed)
		nt_err_file(err, s->path, "write error: %s", strerror(errno));
	else
		nt_err_file(err, s->path, "not written after an earlier write error");
	s->failed = 1;
	return -1;
}

int
nt_state_add(struct nt_state *s, const struct nt_state_key *k, struct nt_err *err)
{
	char line[NT_STATE_HEX + 1];

	if (s->failed)
		return nt_state_write_error(s, err);
	if (!nt_state_insert(s, k) || s->deferred)
		return 0;
	nt_state_key_hex(k, line);
	line[NT_STATE_HEX] = '\n';
	if (nt_state_write(s->fd, line, sizeof line) != 0)
		return nt_state_write_error(s, err);
	s->ncommitted = s->nkeys;
	return 0;
}

/* Add PATH to B as written in a begin line: %, DEL and bytes below 0x20
 * as %XX, so that the line stays one line. */
static void
nt_state_buf_path(struct nt_state_buf *b, const char *path)
{
	char esc[4];

	for (; *path; path++) {
		unsigned char c = (unsigned char)*path;

		if (c < 0x20 || c == '%' || c == 0x7f) {
			snprintf(esc, sizeof esc, "%%%02X", c);
			nt_state_buf_add(b, esc, 3);
		} else {
			nt_state_buf_add(b, path, 1);
		}
	}
}

int
nt_state_prepare(struct nt_state *s, const char *out_path, dev_t dev, ino_t ino,
		 struct nt_err *err)
{
	struct nt_state_buf b = { NULL, 0, 0 };
	char *dir, *real, line[64];
	const char *base = strrchr(out_path, '/');
	size_t i;
	int rc = 0;

	if (s->failed)
		return nt_state_write_error(s, err);
	if (s->ncommitted == s->nkeys || s->prepared)
		return 0;
	/* The batch names the output by its absolute path, so that a later
	 * run can find it from any directory. */
	dir = nt_state_dirname(out_path);
	real = realpath(dir, NULL);
	if (!real) {
		nt_err_file(err, dir, "%s", strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	snprintf(line, sizeof line, "begin %llu %llu ", (unsigned long long)dev,
		 (unsigned long long)ino);
	nt_state_buf_add(&b, line, strlen(line));
	nt_state_buf_path(&b, real);
	if (strcmp(real, "/") != 0)
		nt_state_buf_add(&b, "/", 1);
	nt_state_buf_path(&b, base ? base + 1 : out_path);
	nt_state_buf_add(&b, "\n", 1);
	for (i = s->ncommitted; i < s->nkeys; i++)
		nt_state_buf_key(&b, &s->keys[i]);
	if (nt_state_write(s->fd, b.p, b.len) != 0)
		rc = nt_state_write_error(s, err);
	else
		s->prepared = 1;
	s->junk++;
	free(real);
	free(b.p);
	return rc;
}

int
nt_state_commit(struct nt_state *s, struct nt_err *err)
{
	if (!s->prepared)
		return 0;
	if (s->failed || nt_state_write(s->fd, "commit\n", 7) != 0)
		return nt_state_write_error(s, err);
	s->prepared = 0;
	s->ncommitted = s->nkeys;
	s->junk++;
	return 0;
}

void
nt_state_close(struct nt_state *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	if (s->lock_fd >= 0)
		close(s->lock_fd);   /* releases the lock */
	free(s->keys);
	free(s->table);
	free(s->path);
	free(s);
}
