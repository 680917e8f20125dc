/* walk.c - recursive, sorted, loop-safe traversal of input paths (walk.h). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"

struct nt_walk_dir {
	dev_t dev;
	ino_t ino;
	const struct nt_walk_dir *up;   /* the directory we came from */
};

static int
nt_walk_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int nt_walk_path(const char *path, const struct nt_walk *w,
			const struct nt_walk_dir *up, int named);

static int
nt_walk_dir(const char *path, const struct stat *st, const struct nt_walk *w,
	    const struct nt_walk_dir *up)
{
	struct nt_walk_dir here = { st->st_dev, st->st_ino, up };
	const struct nt_walk_dir *d;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	DIR *dir;
	int rc = 0;

	for (d = up; d; d = d->up)
		if (d->dev == st->st_dev && d->ino == st->st_ino) {
			w->problem(path, "symbolic link loop, directory skipped", 0, w->arg);
			return 0;
		}
	if (!(dir = opendir(path))) {
		w->problem(path, strerror(errno), 1, w->arg);
		return 0;
	}
	while ((e = readdir(dir))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		nt_grow(&names, &cap, n + 1, sizeof *names);
		names[n++] = nt_xstrdup(e->d_name);
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof *names, nt_walk_cmp);
	for (i = 0; i < n; i++) {
		size_t len = strlen(path);
		char *child = nt_xmalloc(len + strlen(names[i]) + 2);

		strcpy(child, path);
		if (len == 0 || path[len - 1] != '/')
			strcat(child, "/");
		strcat(child, names[i]);
		if (rc == 0 && names[i][0] == '.')
			w->problem(child, "hidden entry skipped", 0, w->arg);
		else if (rc == 0)
			rc = nt_walk_path(child, w, &here, 0);
		free(child);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int
nt_walk_path(const char *path, const struct nt_walk *w, const struct nt_walk_dir *up,
	     int named)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return w->file(path, w->arg);
	if (stat(path, &st) != 0) {
		w->problem(path, strerror(errno), 1, w->arg);
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return nt_walk_dir(path, &st, w, up);
	if (!named && w->accept) {
		const char *base = strrchr(path, '/');

		if (!w->accept(base ? base + 1 : path))
			return 0;
	}
	return w->file(path, w->arg);
}

int
nt_walk(const char *path, const struct nt_walk *w)
{
	return nt_walk_path(path, w, NULL, 1);
}
