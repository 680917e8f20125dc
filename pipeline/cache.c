/* cache.c - binary cache files for compiled rules (cache.h).
 *
 * The directory holds one file per rule set, so it would grow with every
 * edit of a pack: using a file touches it, and writing one removes those
 * of the same kind beyond the NT_CACHE_KEEP most recently used (the
 * least-recently-used policy of any cache), and temporary files that a
 * killed writer left behind. */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"

void
nt_cache_put(struct nt_cache_out *w, const void *p, size_t n)
{
	if (n && !w->failed && fwrite(p, 1, n, w->fp) != n)
		w->failed = 1;
	w->pos += n;
}

/* Pad the output to a multiple of 8 bytes. */
static void
nt_cache_align_out(struct nt_cache_out *w)
{
	static const char zeros[8];

	nt_cache_put(w, zeros, (8 - w->pos % 8) % 8);
}

static void
nt_cache_align_in(struct nt_cache_in *r)
{
	size_t pad = (8 - (size_t)(r->p - r->start) % 8) % 8;

	if ((size_t)(r->end - r->p) < pad)
		r->failed = 1;
	else
		r->p += pad;
}

void
nt_cache_put_u64(struct nt_cache_out *w, uint64_t v)
{
	nt_cache_put(w, &v, sizeof v);
}

void
nt_cache_put_str(struct nt_cache_out *w, const char *s)
{
	nt_cache_put_u64(w, s ? strlen(s) + 1 : 0);
	if (s)
		nt_cache_put(w, s, strlen(s) + 1);
}

void
nt_cache_put_array(struct nt_cache_out *w, const void *p, size_t size, size_t n)
{
	nt_cache_put_u64(w, n);
	nt_cache_align_out(w);
	nt_cache_put(w, p, size * n);
}

void
nt_cache_get(struct nt_cache_in *r, void *p, size_t n)
{
	if (r->failed || (size_t)(r->end - r->p) < n) {
		r->failed = 1;
		memset(p, 0, n);
		return;
	}
	memcpy(p, r->p, n);
	r->p += n;
}

uint64_t
nt_cache_get_u64(struct nt_cache_in *r)
{
	uint64_t v;

	nt_cache_get(r, &v, sizeof v);
	return v;
}

const char *
nt_cache_get_str_in_place(struct nt_cache_in *r)
{
	uint64_t n = nt_cache_get_u64(r);
	const char *s = (const char *)r->p;

	if (n == 0 || r->failed)
		return NULL;
	if (n > (uint64_t)(r->end - r->p) || s[n - 1] != '\0') {
		r->failed = 1;
		return NULL;
	}
	r->p += n;
	return s;
}

char *
nt_cache_get_str(struct nt_cache_in *r)
{
	uint64_t n = nt_cache_get_u64(r);
	char *s;

	if (n == 0 || r->failed)
		return NULL;
	if (n > (uint64_t)(r->end - r->p)) {
		r->failed = 1;
		return NULL;
	}
	s = nt_xmalloc((size_t)n);
	nt_cache_get(r, s, (size_t)n);
	s[n - 1] = '\0';
	return s;
}

const void *
nt_cache_get_array_in_place(struct nt_cache_in *r, size_t size, size_t *n)
{
	uint64_t count = nt_cache_get_u64(r);
	const void *p;

	nt_cache_align_in(r);
	if (r->failed || count > (uint64_t)(r->end - r->p) / (size ? size : 1)) {
		r->failed = 1;
		*n = 0;
		return NULL;
	}
	*n = (size_t)count;
	p = r->p;
	r->p += size * (size_t)count;
	return p;
}

void *
nt_cache_get_array(struct nt_cache_in *r, size_t size, size_t *n)
{
	const void *src = nt_cache_get_array_in_place(r, size, n);
	void *p = nt_xmalloc(size * *n + size);

	if (src)
		memcpy(p, src, size * *n);
	return p;
}

char *
nt_cache_dir(const char *dir)
{
	const char *base;
	char *out;

	if (dir)
		return nt_xstrdup(dir);
	if ((base = getenv("XDG_CACHE_HOME")) && base[0] == '/') {
		out = nt_xmalloc(strlen(base) + 16);
		sprintf(out, "%s/newstag", base);
		return out;
	}
	if ((base = getenv("HOME")) && base[0] == '/') {
		out = nt_xmalloc(strlen(base) + 24);
		sprintf(out, "%s/.cache/newstag", base);
		return out;
	}
	return NULL;
}

char *
nt_cache_file(const char *dir, const char *name, uint64_t key)
{
	char *out = nt_xmalloc(strlen(dir) + strlen(name) + 32);

	sprintf(out, "%s/%s-%016llx.bin", dir, name, (unsigned long long)key);
	return out;
}

const unsigned char *
nt_cache_map(const char *path, size_t *len)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || st.st_size <= 0 || (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	utimensat(AT_FDCWD, path, NULL, 0);   /* used now (see nt_cache_prune) */
	*len = (size_t)st.st_size;
	return p;
}

void
nt_cache_unmap(const unsigned char *p, size_t len)
{
	if (p)
		munmap((void *)p, len);
}

/* Create DIR and its parents (like mkdir -p); errors are left to the
 * open that follows. */
static void
nt_cache_mkdirs(const char *path)
{
	char *dir = nt_xstrdup(path), *p;

	for (p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0777);
			*p = '/';
		}
	free(dir);
}

int
nt_cache_begin(struct nt_cache_out *w, const char *path, char **tmp)
{
	int fd;

	nt_cache_mkdirs(path);
	*tmp = nt_xmalloc(strlen(path) + 16);
	sprintf(*tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(*tmp)) < 0 || !(w->fp = fdopen(fd, "wb"))) {
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	w->failed = 0;
	w->pos = 0;
	return 0;
}

struct nt_cache_entry {
	char *path;
	time_t used;
};

static int
nt_cache_entry_newer(const void *a, const void *b)
{
	const struct nt_cache_entry *x = a, *y = b;

	return x->used > y->used ? -1 : x->used < y->used;
}

/* Remove, from the directory of the cache file PATH ("DIR/NAME-KEY.bin"),
 * the other files "NAME-*.bin" beyond the NT_CACHE_KEEP - 1 most recently
 * used, and temporary files "NAME-*.bin.tmp*" older than
 * NT_CACHE_STALE_TMP seconds.  Best effort: errors are ignored (a process
 * that has a removed file mapped keeps reading it). */
static void
nt_cache_prune(const char *path)
{
	const char *base = strrchr(path, '/'), *dash;
	struct nt_cache_entry *v = NULL;
	size_t n = 0, cap = 0, dirlen, plen, i;
	time_t now = time(NULL);
	struct dirent *de;
	char *dir;
	DIR *d;

	if (!base || !(dash = strrchr(base + 1, '-')))
		return;
	dirlen = (size_t)(base - path);
	base++;
	plen = (size_t)(dash - base) + 1;   /* "NAME-" */
	dir = nt_xmalloc(dirlen + 2);
	memcpy(dir, path, dirlen ? dirlen : 1);
	dir[dirlen ? dirlen : 1] = '\0';
	if (!(d = opendir(dir))) {
		free(dir);
		return;
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		int tmp = strstr(name, ".bin.tmp") != NULL;
		struct stat st;
		char *full;

		if (strncmp(name, base, plen) != 0 || strcmp(name, base) == 0 ||
		    (!tmp && (len < 4 || strcmp(name + len - 4, ".bin") != 0)))
			continue;
		full = nt_xmalloc(strlen(dir) + len + 2);
		sprintf(full, "%s/%s", dir, name);
		if (lstat(full, &st) != 0 || !S_ISREG(st.st_mode) ||
		    (tmp && now - st.st_mtime <= NT_CACHE_STALE_TMP)) {
			free(full);
			continue;
		}
		if (tmp) {
			unlink(full);
			free(full);
			continue;
		}
		nt_grow(&v, &cap, n + 1, sizeof *v);
		v[n].path = full;
		v[n++].used = st.st_mtime;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof *v, nt_cache_entry_newer);
	for (i = 0; i < n; i++) {
		if (i + 1 >= NT_CACHE_KEEP)   /* PATH is one of the kept */
			unlink(v[i].path);
		free(v[i].path);
	}
	free(v);
	free(dir);
}

void
nt_cache_end(struct nt_cache_out *w, const char *path, char *tmp)
{
	if (fflush(w->fp) != 0)
		w->failed = 1;
	if (fclose(w->fp) != 0)
		w->failed = 1;
	if (w->failed || rename(tmp, path) != 0)
		unlink(tmp);
	else
		nt_cache_prune(path);
	free(tmp);
}
