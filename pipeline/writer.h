/* writer.h - output record writers: CSV, TSV and JSONL.
 *
 * A writer turns one processed article into records on a stdio stream:
 * one record per article (--records articles), one per mention (--records
 * mentions), or one per entity, date and topic, with how often it is
 * mentioned (--records counts).  Each call writes whole records and flushes, so a
 * reader of a pipe sees every record as soon as it is done.  Writers never
 * print diagnostics: they return -1 with errno set and main.c reports.
 *
 * Columns, articles mode (CSV/TSV):
 *   article,date,source,author,title,people,organizations,locations,events,topics,dates,
 *   url,content_hash
 * Multi-valued cells hold canonical labels (dates: resolved values), each
 * once, in first-seen order, joined by "; ".
 * Columns, mentions mode: article,kind,type,id,label,text,value,start,end,in_lead
 * (then suppressed_by with --overlaps all), url,content_hash (then context with
 * --context).
 * Columns, counts mode: article,kind,type,id,label,text,value,count,start,end,in_lead,
 * url,content_hash (then context), text to in_lead of the first mention.  Every
 * record carries the article's url and content_hash, so that a reprint can be
 * told from a second story without a join.
 * JSONL: one object per record, see newstag(1). */
#ifndef NT_WRITER_H
#define NT_WRITER_H

#include <stdio.h>

#include "article.h"

enum nt_records { NT_RECORDS_ARTICLES, NT_RECORDS_MENTIONS, NT_RECORDS_COUNTS };

struct nt_output {
	FILE *fp;
	enum nt_records records;
	int header;          /* write a header line first (CSV/TSV) */
	int crlf;            /* CSV: end records with CRLF (RFC 4180) instead of LF */
	int excel;           /* CSV: start with a UTF-8 BOM */
	int formula_guard;   /* CSV: prefix ' to text cells starting with = + - @ TAB CR */
	int append;          /* FP continues earlier output: no BOM or header (--append) */
	unsigned context;    /* mentions mode: code points of context on each side, 0 none */
	int byte_offsets;    /* start and end count bytes of the original text, not code
			      * points (--offsets bytes); their names say so */
	int suppressed;      /* mentions mode: a suppressed_by column (--overlaps all) */
};

struct nt_writer {
	const char *name;    /* value of --format */
	/* Write what comes before the first record (BOM, header), unless
	 * out->append.  0 or -1. */
	int (*begin)(const struct nt_output *out);
	/* Write the records of article A and flush.  0 or -1 (errno set). */
	int (*article)(const struct nt_output *out, const struct nt_article *a);
};

/* The writer for --format NAME, or NULL. */
const struct nt_writer *nt_writer_find(const char *name);

/* Entity types that have a column of their own in articles mode, in column
 * order, with the column names. */
extern const char *const nt_entity_column_types[];
extern const char *const nt_entity_column_names[];

#endif
