/* input.h - turn input files into articles: text, lines, JSONL or feeds.
 *
 *   text   one article per file; a line holding only a form feed (^L)
 *          separates articles inside a file (so stdin can carry many);
 *   lines  one article per non-empty line;
 *   jsonl  one JSON object per line with "text" and optional "id", "date",
 *          "title", "source", "author", "url" (key names configurable);
 *   feed   an RSS or Atom feed, one article per item (feed.h);
 *   auto   a feed when the file starts like one (nt_feed_sniff), else text.
 * Input is read line by line, so memory is bounded by the largest article,
 * never by the file (a feed is read whole, bounded by the same limit).
 * Binary files are detected from their first block and skipped. */
#ifndef NT_INPUT_H
#define NT_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "article.h"

enum nt_input_kind { NT_INPUT_TEXT, NT_INPUT_LINES, NT_INPUT_JSONL, NT_INPUT_FEED,
		     NT_INPUT_AUTO };

/* JSONL fields, in the order of nt_input_field_names. */
enum nt_input_field { NT_FIELD_TEXT, NT_FIELD_ID, NT_FIELD_DATE, NT_FIELD_TITLE,
		      NT_FIELD_SOURCE, NT_FIELD_AUTHOR, NT_FIELD_URL, NT_FIELD_COUNT };

extern const char *const nt_input_field_names[NT_FIELD_COUNT];

struct nt_reader {
	enum nt_input_kind kind;
	const char *keys[NT_FIELD_COUNT];   /* JSON key of each field */
	size_t max_bytes;                   /* larger articles are skipped with an error */
	/* Called with each article read (name, path, line, raw and given
	 * metadata set).  Return -1 to stop reading. */
	int (*article)(struct nt_article *a, void *arg);
	/* Called for a problem in the input; IS_ERROR is 0 for warnings. */
	void (*problem)(const char *msg, int is_error, void *arg);
	void *arg;
};

/* Read all articles of the open stream FP named PATH ("-" for stdin) into
 * A (reset before each) and hand them to R->article.  A binary file is
 * skipped with a warning.  Returns 0, or -1 if the callback stopped the
 * run.  Read errors and bad records are reported through R->problem. */
int nt_input_read(const struct nt_reader *r, const char *path, FILE *fp, struct nt_article *a);

/* Nonzero if the N bytes at BUF, the start of a file, look binary (see
 * input.c). */
int nt_input_is_binary(const char *buf, size_t n);

/* For readers in other files (feed.c): start a new article in A (reset)
 * named "PATH:LINE", or PATH when PLAIN_NAME; A borrows PATH. */
void nt_input_begin(struct nt_article *a, const char *path, unsigned line, int plain_name);

/* Report a problem through R->problem, formatted like printf. */
void nt_input_problem(const struct nt_reader *r, int is_error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
