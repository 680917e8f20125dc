/* json.h - the little JSON newstag needs: read one object's string fields
 * (for --input jsonl) and write JSON string literals (for --format jsonl).
 *
 * The reader is a strict RFC 8259 parser for one value per line; it keeps
 * only the requested top-level fields and skips everything else, so records
 * may carry any other data.  It never allocates for skipped values. */
#ifndef NT_JSON_H
#define NT_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Parse the JSON object in LINE (LEN bytes, not necessarily NUL-terminated;
 * trailing whitespace allowed).  For each i < N, if the object has a
 * top-level member NAMES[i] whose value is a string, VALUES[i] receives a
 * malloc'd, NUL-terminated copy of the unescaped UTF-8 (which may contain
 * NUL bytes: LENS[i] is its length); a number is copied as written; null or
 * an absent member leaves VALUES[i] NULL.  Any other value type for a
 * requested field is an error.  Returns 0, or -1 with MSG set and *COL the
 * 1-based byte column of the problem; VALUES are then all NULL. */
int nt_json_read_fields(const char *line, size_t len, const char *const *names, size_t n,
			char **values, size_t *lens, char *msg, size_t msgsize, size_t *col);

/* Write S (LEN bytes of valid UTF-8) to FP as a JSON string literal,
 * escaping quotes, backslashes and control characters. */
void nt_json_write_string(FILE *fp, const char *s, size_t len);

#endif
