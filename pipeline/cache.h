/* cache.h - compiled rules kept on disk between runs.
 *
 * Parsing a large gazetteer pack with libyaml and building its trie takes
 * far longer than tagging a typical article, so the compiled entity rules
 * are written to a cache file named by a key of every rule file's path and
 * bytes, the cache format and the newstag version.  A later run with the
 * same rules reads that file instead: the YAML of files that hold only
 * entity sections is then not parsed at all.  A cache file is written to a
 * temporary name and renamed, so a reader never sees half of one; a file
 * that is short, from another version or otherwise wrong is ignored.
 *
 * This file has the binary reader and writer; what is stored is decided
 * by gazetteer.c and entity_rules.c. */
#ifndef NT_CACHE_H
#define NT_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A writer: everything goes to FP; the first failure is remembered. */
struct nt_cache_out {
	FILE *fp;
	uint64_t pos;        /* bytes written, for alignment */
	int failed;
};

void nt_cache_put(struct nt_cache_out *w, const void *p, size_t n);
void nt_cache_put_u64(struct nt_cache_out *w, uint64_t v);
void nt_cache_put_str(struct nt_cache_out *w, const char *s);   /* NULL allowed */

/* A reader over a mapped file: a read past the end sets FAILED and yields
 * zeros, so callers check once at the end. */
struct nt_cache_in {
	const unsigned char *start, *p, *end;
	int failed;
};

void nt_cache_get(struct nt_cache_in *r, void *p, size_t n);
uint64_t nt_cache_get_u64(struct nt_cache_in *r);
char *nt_cache_get_str(struct nt_cache_in *r);     /* malloc'd, or NULL */
/* The same string left in the mapped file (valid while it is mapped). */
const char *nt_cache_get_str_in_place(struct nt_cache_in *r);
/* An array of *N elements of SIZE bytes (N is stored first): a malloc'd
 * copy, or with _in_place a pointer into the mapped file itself (arrays
 * are 8-byte aligned in the file), valid while the mapping is. */
void *nt_cache_get_array(struct nt_cache_in *r, size_t size, size_t *n);
const void *nt_cache_get_array_in_place(struct nt_cache_in *r, size_t size, size_t *n);
void nt_cache_put_array(struct nt_cache_out *w, const void *p, size_t size, size_t n);

/* The cache directory: DIR if given, else $XDG_CACHE_HOME/newstag, else
 * $HOME/.cache/newstag.  Malloc'd, or NULL when none can be named. */
char *nt_cache_dir(const char *dir);

/* "DIR/NAME-KEY.bin", malloc'd. */
char *nt_cache_file(const char *dir, const char *name, uint64_t key);

/* Cache files of one kind kept in a directory: the most recently used. */
#define NT_CACHE_KEEP 8
/* Seconds after which a writer's temporary file is taken as abandoned. */
#define NT_CACHE_STALE_TMP 3600

/* Map PATH read-only (NULL when absent or unreadable); *LEN its size.
 * Marks PATH as used (its modification time).  Unmap with
 * nt_cache_unmap. */
const unsigned char *nt_cache_map(const char *path, size_t *len);
void nt_cache_unmap(const unsigned char *p, size_t len);

/* Start writing PATH: creates DIR if needed and a temporary file beside
 * PATH.  Returns 0, or -1 (nothing to clean up). */
int nt_cache_begin(struct nt_cache_out *w, const char *path, char **tmp);
/* Finish: flush and rename into place, or remove on failure.  Once in
 * place, other files "NAME-*.bin" of PATH's directory beyond the
 * NT_CACHE_KEEP most recently used are removed, and abandoned temporary
 * files. */
void nt_cache_end(struct nt_cache_out *w, const char *path, char *tmp);

#endif
