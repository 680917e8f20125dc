/* input.c - readers for --input text|lines|jsonl (input.h), and the
 * dispatch of feeds to feed.c.
 *
 * One buffered line reader serves the three line formats.  A line longer
 * than the article limit is consumed but not kept, so a hostile input
 * cannot make memory grow past --max-bytes.  The first block it reads
 * decides, for auto input, between a feed and text. */
#include "input.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "feed.h"
#include "json.h"

const char *const nt_input_field_names[NT_FIELD_COUNT] = {
	"text", "id", "date", "title", "source", "author", "url"
};

#define NT_INPUT_BLOCK 65536
#define NT_BINARY_SAMPLE 8192

/* A file is binary when its first NT_BINARY_SAMPLE bytes hold a NUL and
 * more than 10% of them are NULs or C0 controls that text does not use
 * (tab, newlines, form feed and escape are fine).  A text file with a few
 * stray NULs is read and repaired instead. */
int
nt_input_is_binary(const char *buf, size_t n)
{
	size_t i, odd = 0, nul = 0;

	if (n > NT_BINARY_SAMPLE)
		n = NT_BINARY_SAMPLE;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		nul += c == 0;
		odd += c < 0x20 && (c == 0 || !strchr("\t\n\v\f\r\033", c));
	}
	return nul > 0 && odd * 10 > n;
}

struct nt_lines {
	FILE *fp;
	char *buf;
	size_t cap, start, end;   /* unread bytes are buf[start..end) */
	size_t max;               /* longest line kept */
	int eof;
};

/* Read more input after the unread bytes; returns bytes added. */
static size_t
nt_lines_fill(struct nt_lines *l)
{
	size_t got;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	nt_grow(&l->buf, &l->cap, l->end + NT_INPUT_BLOCK, 1);
	got = fread(l->buf + l->end, 1, l->cap - l->end, l->fp);
	l->end += got;
	if (got == 0)
		l->eof = 1;
	return got;
}

/* The next line, with its terminator, in *LINE and *LEN (valid until the next
 * call).  *TOOLONG is set, and the line's bytes dropped, when it is longer
 * than l->max.  Returns 0 at end of input. */
static int
nt_lines_next(struct nt_lines *l, char **line, size_t *len, int *toolong)
{
	size_t scanned = 0;

	*toolong = 0;
	for (;;) {
		char *nl = memchr(l->buf + l->start + scanned, '\n', l->end - l->start - scanned);

		if (nl || (l->eof && l->end > l->start)) {
			size_t n = nl ? (size_t)(nl - (l->buf + l->start)) + 1 : l->end - l->start;

			*line = l->buf + l->start;
			*len = n;
			l->start += n;
			if (n > l->max + 2)   /* + 2: the line terminator does not count */
				*toolong = 1;
			return 1;
		}
		if (l->eof) {
			if (!*toolong)
				return 0;
			*line = l->buf + l->start;   /* the dropped last line, reported */
			*len = 0;
			return 1;
		}
		scanned = l->end - l->start;
		if (scanned > l->max + 2) {   /* drop what we have of an overlong line */
			*toolong = 1;
			l->start = l->end;
			scanned = 0;
		}
		nt_lines_fill(l);
	}
}

void
nt_input_problem(const struct nt_reader *r, int is_error, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->problem(msg, is_error, r->arg);
}

/* Start a new article in A named after PATH and LINE (just PATH when
 * PLAIN_NAME). */
void
nt_input_begin(struct nt_article *a, const char *path, unsigned line, int plain_name)
{
	char name[64];

	nt_article_reset(a);
	a->path = path;
	a->line = line;
	if (plain_name) {
		a->name = nt_xstrdup(path);
	} else {
		size_t n = strlen(path);

		snprintf(name, sizeof name, ":%u", line);
		a->name = nt_xmalloc(n + strlen(name) + 1);
		memcpy(a->name, path, n);
		strcpy(a->name + n, name);
	}
}

/* Fill A from the JSON object LINE.  Returns 0, or -1 after reporting. */
static int
nt_input_json(const struct nt_reader *r, struct nt_article *a, const char *line, size_t len)
{
	static const enum nt_meta_field meta_of[NT_FIELD_COUNT] = {
		NT_META_COUNT, NT_META_COUNT, NT_META_DATE, NT_META_TITLE, NT_META_SOURCE,
		NT_META_AUTHOR, NT_META_URL
	};
	char *values[NT_FIELD_COUNT];
	size_t lens[NT_FIELD_COUNT], col, i;
	char msg[256];
	int rc = 0;

	if (nt_json_read_fields(line, len, r->keys, NT_FIELD_COUNT, values, lens, msg, sizeof msg,
				&col) != 0) {
		nt_input_problem(r, 1, "%s:%u:%zu: %s", a->path, a->line, col, msg);
		return -1;
	}
	if (!values[NT_FIELD_TEXT]) {
		nt_input_problem(r, 1, "%s:%u:1: missing string field '%s'", a->path, a->line,
				 r->keys[NT_FIELD_TEXT]);
		rc = -1;
	} else {
		nt_article_append_raw(a, values[NT_FIELD_TEXT], lens[NT_FIELD_TEXT]);
		if (values[NT_FIELD_ID]) {
			free(a->name);
			a->name = nt_xstrdup(values[NT_FIELD_ID]);
			a->has_id = 1;
		}
		for (i = NT_FIELD_DATE; i < NT_FIELD_COUNT; i++) {
			if (!values[i])
				continue;
			if (i == NT_FIELD_DATE) {
				if (nt_article_set_date(a, values[i], lens[i], 1) != 0)
					nt_input_problem(r, 0, "%s:%u:1: warning: field '%s' is not a YYYY-MM-DD date, ignored",
							 a->path, a->line, r->keys[i]);
			} else {
				nt_article_set_meta(a, meta_of[i], values[i], lens[i], 1);
			}
		}
	}
	for (i = 0; i < NT_FIELD_COUNT; i++)
		free(values[i]);
	return rc;
}

static int
nt_is_blank(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 0;
}

/* A form-feed line separates articles in text input. */
static int
nt_is_form_feed(const char *s, size_t n)
{
	return n >= 1 && s[0] == '\f' && nt_is_blank(s + 1, n - 1);
}

int
nt_input_read(const struct nt_reader *r, const char *path, FILE *fp, struct nt_article *a)
{
	struct nt_lines l = { fp, NULL, 0, 0, 0, r->max_bytes, 0 };
	enum nt_input_kind kind = r->kind;
	unsigned lineno = 0, first = 1;
	int toolong, oversized = 0, rc = 0, open = 0;
	char *line;
	size_t len;

	nt_lines_fill(&l);
	if (kind != NT_INPUT_FEED && ferror(fp) == 0 && nt_input_is_binary(l.buf, l.end)) {
		nt_input_problem(r, 0, "%s: warning: binary file skipped", path);
		free(l.buf);
		return 0;
	}
	if (kind == NT_INPUT_AUTO)
		kind = ferror(fp) == 0 && nt_feed_sniff(l.buf, l.end) ? NT_INPUT_FEED : NT_INPUT_TEXT;
	if (kind == NT_INPUT_FEED) {
		rc = nt_feed_read(r, path, fp, l.buf, l.end, a);
		free(l.buf);
		return rc;
	}
	if (kind == NT_INPUT_TEXT) {
		nt_input_begin(a, path, 1, 1);
		open = 1;
	}
	while (rc == 0 && nt_lines_next(&l, &line, &len, &toolong)) {
		lineno++;
		if (kind == NT_INPUT_TEXT) {
			if (nt_is_form_feed(line, len)) {
				if (oversized)
					nt_input_problem(r, 1, "%s:%u: article larger than %zu bytes skipped",
							 path, a->line, r->max_bytes);
				else
					rc = r->article(a, r->arg);
				nt_input_begin(a, path, lineno + 1, 0);
				oversized = 0;
				first = 0;
				continue;
			}
			if (toolong || a->raw_len + len > r->max_bytes)
				oversized = 1;
			else
				nt_article_append_raw(a, line, len);
			continue;
		}
		if (toolong) {
			nt_input_problem(r, 1, "%s:%u: line larger than %zu bytes skipped", path, lineno,
					 r->max_bytes);
			continue;
		}
		if (nt_is_blank(line, len))
			continue;
		nt_input_begin(a, path, lineno, 0);
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (kind == NT_INPUT_LINES)
			nt_article_append_raw(a, line, len);
		else if (nt_input_json(r, a, line, len) != 0) {
			continue;
		}
		rc = r->article(a, r->arg);
	}
	if (ferror(fp))
		nt_input_problem(r, 1, "%s: %s", path, strerror(errno));
	else if (rc == 0 && open && (first || a->raw_len > 0 || oversized)) {
		if (oversized)
			nt_input_problem(r, 1, "%s:%u: article larger than %zu bytes skipped", path,
					 a->line, r->max_bytes);
		else
			rc = r->article(a, r->arg);
	}
	free(l.buf);
	return rc;
}
