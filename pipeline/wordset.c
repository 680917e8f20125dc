/* wordset.c - hash-only word set (wordset.h). */
#include "wordset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "err.h"
#include "fnv.h"

#define NT_SLOT_USED 0x8000ull   /* set in every used slot, so 0 means empty */
#define NT_SLOT_HASH (~0xFFFFull)

struct nt_wordset {
	uint64_t first_len[128];   /* bit L of [c & 127]: a word of L bytes starts with c */
	uint64_t *slots;     /* (hash & NT_SLOT_HASH) | NT_SLOT_USED | kinds, or 0 */
	size_t mask;         /* number of slots - 1 (a power of two) */
	size_t n;
	unsigned refs;       /* holders of a loaded set (nt_wordset_load) */
	struct stat file;    /* a loaded set: the file it was read from */
	struct nt_wordset *next_loaded;
};

/* The sets read by nt_wordset_load and not yet freed: a word list named by
 * two rules (the glue repair and a pattern's unknown_in), or loaded by
 * every pipeline of --jobs, is read once and shared. */
static struct nt_wordset *nt_wordsets_loaded;

uint64_t
nt_wordset_hash(const char *s, size_t len)
{
	return nt_fnv(NT_FNV_SEED, s, len);
}

/* The slot of the word with hash H, or the empty slot where it would go. */
static uint64_t *
nt_wordset_slot(const struct nt_wordset *s, uint64_t h)
{
	size_t i = (size_t)(h >> 16) & s->mask;

	h &= NT_SLOT_HASH;
	while (s->slots[i] && (s->slots[i] & NT_SLOT_HASH) != h)
		i = (i + 1) & s->mask;
	return &s->slots[i];
}

struct nt_wordset *
nt_wordset_new(void)
{
	struct nt_wordset *s = nt_xcalloc(1, sizeof *s);

	s->mask = 1023;
	s->slots = nt_xcalloc(s->mask + 1, sizeof *s->slots);
	return s;
}

void
nt_wordset_free(struct nt_wordset *s)
{
	struct nt_wordset **p;

	if (!s || (s->refs > 1 && s->refs--))
		return;
	for (p = &nt_wordsets_loaded; *p; p = &(*p)->next_loaded)
		if (*p == s) {
			*p = s->next_loaded;
			break;
		}
	free(s->slots);
	free(s);
}

void
nt_wordset_add(struct nt_wordset *s, const char *w, size_t len, unsigned kinds)
{
	uint64_t h = nt_wordset_hash(w, len), *slot;

	if (len)
		s->first_len[(unsigned char)w[0] & 127] |= 1ull << (len < 63 ? len : 63);

	if ((s->n + 1) * 4 > (s->mask + 1) * 3) {   /* load factor at most 3/4 */
		uint64_t *old = s->slots;
		size_t n = s->mask + 1, i;

		s->mask = n * 2 - 1;
		s->slots = nt_xcalloc(n * 2, sizeof *s->slots);
		for (i = 0; i < n; i++)
			if (old[i])
				*nt_wordset_slot(s, old[i]) = old[i];
		free(old);
	}
	slot = nt_wordset_slot(s, h);
	if (!*slot) {
		*slot = (h & NT_SLOT_HASH) | NT_SLOT_USED;
		s->n++;
	}
	*slot |= kinds & NT_WORDSET_KINDS;
}

unsigned
nt_wordset_kinds(const struct nt_wordset *s, const char *w, size_t len)
{
	/* Most absent words are told by their first byte and length alone. */
	if (len && !(s->first_len[(unsigned char)w[0] & 127] >> (len < 63 ? len : 63) & 1))
		return 0;
	return nt_wordset_kinds_of(s, nt_wordset_hash(w, len));
}

unsigned
nt_wordset_kinds_of(const struct nt_wordset *s, uint64_t hash)
{
	return (unsigned)(*nt_wordset_slot(s, hash) & NT_WORDSET_KINDS);
}

size_t
nt_wordset_count(const struct nt_wordset *s)
{
	return s->n;
}

/* Lower-case the ASCII word W (LEN bytes) into OUT; 0 if W is not ASCII
 * or does not fit (the caller then folds it with utf8proc). */
static int
nt_wordset_ascii_lower(const char *w, size_t len, char *out, size_t size)
{
	size_t i;

	if (len >= size)
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)w[i] >= 0x80)
			return 0;
		out[i] = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] + 32) : w[i];
	}
	return 1;
}

struct nt_wordset *
nt_wordset_load(const char *path, struct nt_err *err)
{
	struct nt_wordset *s;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *fp = fopen(path, "r");
	struct stat st;

	if (!fp || fstat(fileno(fp), &st) != 0) {
		nt_err_file(err, path, "%s", strerror(errno));
		if (fp)
			fclose(fp);
		return NULL;
	}
	for (s = nt_wordsets_loaded; s; s = s->next_loaded)
		if (s->file.st_dev == st.st_dev && s->file.st_ino == st.st_ino &&
		    s->file.st_size == st.st_size && s->file.st_mtime == st.st_mtime) {
			fclose(fp);
			s->refs++;
			return s;
		}
	s = nt_wordset_new();
	while ((len = getline(&line, &cap, fp)) > 0) {
		utf8proc_uint8_t *lower = NULL;
		unsigned kind;
		char ascii[256];

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (nt_wordset_ascii_lower(line, (size_t)len, ascii, sizeof ascii)) {
			kind = memcmp(ascii, line, (size_t)len) == 0 ? NT_WORDSET_COMMON : NT_WORDSET_PROPER;
			nt_wordset_add(s, ascii, (size_t)len, kind);
			continue;
		}
		if (utf8proc_map((const utf8proc_uint8_t *)line, len, &lower,
				 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
			continue;
		kind = strcmp((char *)lower, line) == 0 ? NT_WORDSET_COMMON : NT_WORDSET_PROPER;
		nt_wordset_add(s, (char *)lower, strlen((char *)lower), kind);
		free(lower);
	}
	free(line);
	if (ferror(fp)) {   /* a directory, an I/O error */
		nt_err_file(err, path, "%s", strerror(errno));
		nt_wordset_free(s);
		s = NULL;
	} else {
		s->refs = 1;
		s->file = st;
		s->next_loaded = nt_wordsets_loaded;
		nt_wordsets_loaded = s;
	}
	fclose(fp);
	return s;
}
