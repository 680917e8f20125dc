/* walk.h - visit the files named on a command line, descending into
 * directories in a stable order.
 *
 * Directories are walked recursively in byte order of names (strcmp, not
 * the locale's collation, so output order is the same on every machine).
 * Symbolic links are followed; a directory already on the current path
 * (same device and inode) is a loop and is skipped with a warning.
 * Entries whose names start with '.' are skipped inside directories, with a
 * warning (a hidden file named explicitly is still read). */
#ifndef NT_WALK_H
#define NT_WALK_H

struct nt_walk {
	/* Called for each regular file, or for "-".  Return -1 to stop. */
	int (*file)(const char *path, void *arg);
	/* Called for things that are not visited: IS_ERROR for missing or
	 * unreadable paths, 0 (a warning) for loops and hidden entries.  MSG
	 * is a complete message without the path. */
	void (*problem)(const char *path, const char *msg, int is_error, void *arg);
	/* Optional: nonzero for directory entries to visit (e.g. "*.yaml").
	 * Not applied to paths given explicitly. */
	int (*accept)(const char *name);
	void *arg;
};

/* Visit PATH as described above.  Returns -1 if the file callback stopped
 * the walk, 0 otherwise (problems are reported, not returned). */
int nt_walk(const char *path, const struct nt_walk *w);

#endif
