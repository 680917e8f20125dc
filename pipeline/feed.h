/* feed.h - turn RSS and Atom feeds into articles (--input rss|atom, and
 * feeds detected by input.c).
 *
 * A feed is parsed whole with libxml2, in recovery mode, without network
 * access and without loading external entities or DTDs; its size is bounded
 * by --max-bytes.  Each RSS 2.0 / RSS 1.0 item and each Atom 1.0 entry
 * becomes one article:
 *   name     guid (RSS) or id (Atom), else the link, else PATH:LINE of the
 *            item element
 *   date     pubDate, published, dc:date or updated, RFC 822 (RFC 2822 4.3
 *            obsolete forms included) or RFC 3339, as the YYYY-MM-DD written
 *            in the feed's own time zone
 *   source   the channel (feed) title
 *   title, url, author
 *   text     content:encoded, content, description or summary, HTML turned
 *            into plain text by libxml2's HTML parser.
 * All given metadata is marked given (article.h), so the text cannot
 * override it. */
#ifndef NT_FEED_H
#define NT_FEED_H

#include <stddef.h>
#include <stdio.h>

#include "article.h"
#include "input.h"

/* Nonzero if the N bytes at BUF, the start of a file, look like a feed:
 * after an optional UTF-8 BOM, white space, the XML declaration, comments,
 * processing instructions and a DOCTYPE, the root element is <rss>,
 * <feed> or <rdf:RDF>; or the file starts with "<?xml" and its root is
 * beyond BUF.  Looks at BUF only: cheap enough for every input file. */
int nt_feed_sniff(const char *buf, size_t n);

/* Read the feed in the open stream FP named PATH ("-" for stdin), whose
 * first NHEAD bytes were already read into HEAD (borrowed), and hand each
 * item to R->article in A (reset before each; a->line is the line of the
 * item element).  The first XML error is reported through R->problem as an
 * error ("PATH:LINE:COL: ..."), and what libxml2 recovered is still read.
 * Returns 0, or -1 if the callback stopped the run. */
int nt_feed_read(const struct nt_reader *r, const char *path, FILE *fp, const char *head,
		 size_t nhead, struct nt_article *a);

/* A feed date, as written: zone is minutes east of UTC, 0 with has_zone
 * == 0 when the date gives no zone or one that means "unknown" (-0000,
 * military letters, unknown names).  hour, min and sec are 0 without a
 * time. */
struct nt_feed_time {
	int year, month, day, hour, min, sec;
	int zone;
	int has_time, has_zone;
};

/* Parse the LEN bytes at S, surrounding white space allowed, as an RFC 822
 * / RFC 2822 date-time ("Tue, 24 Sep 2024 23:30:00 -0400", 2-digit years
 * and named zones included) or an RFC 3339 one ("2024-09-24T23:30:00-04:00",
 * or a date alone).  Returns 0 and fills T, or -1 if S is not a real date
 * in one of those forms. */
int nt_feed_date(const char *s, size_t len, struct nt_feed_time *t);

/* Plain text of the LEN bytes of HTML (UTF-8) at HTML, through libxml2's
 * HTML parser: character references decoded, script, style and other
 * non-text elements dropped, block elements (p, div, li, h1-h6, tr, ...)
 * and br made line breaks (paragraphs a blank line), other white space
 * squeezed to one space, except inside pre.  Returns a malloc'd
 * NUL-terminated string of *OUT_LEN bytes (never NULL). */
char *nt_feed_html_text(const char *html, size_t len, size_t *out_len);

#endif
