/* scrape.h - metadata and boilerplate from scraped article headers/footers.
 *
 * Scraped pages start and end with noise that carries metadata: a
 * "date 2023-05-26" dateline, font-size widgets ("+ ↺ − 16 px"), an agency
 * marker "(MENAFN- AzerNews)", an author line "Fatima Latifova Read more", a
 * source signature "News.Az" as the last line.  The rule pack describes them
 * as PCRE2 patterns (section normalize: header, footer, lead) whose named
 * groups date, source, author, title and url fill metadata (or year, month
 * and day the date, the month in digits or a name of the section's months
 * list: "Published: 14 March 2024").  Header and footer matches are removed
 * from the matching view, footers one after the other; lead matches
 * ("Azernews reports", "told News.az") only fill metadata; they see the
 * first 2000 bytes of the body after a line break, so "\n"-led line
 * patterns find the first line too.  A short first line followed by a
 * blank line (or by a byline or date line or two, then a blank line, which
 * a whole line read by a lead pattern makes unneeded) is taken as the
 * title.  Metadata comes first from the header, then the lead, then the
 * footers ("(Trend) - " before "© 2025 Trend News Agency").  Patterns run on the typographically folded text (see fold.h), with PCRE2's JIT when present
 * and a match limit, so a bad pattern cannot hang a run; the values are
 * copied from the original text (struct nt_scrape_origin), so a title
 * keeps its curly quotes and dashes. */
#ifndef NT_SCRAPE_H
#define NT_SCRAPE_H

#include <stddef.h>

#include "article.h"
#include "err.h"
#include "rules.h"

struct nt_scrape;

/* A scraper with no patterns yet.  It keeps scratch for nt_scrape_run,
 * so one thread uses it at a time. */
struct nt_scrape *nt_scrape_new(void);

/* A scraper for another thread: it shares S's patterns (S must outlive
 * it and get no more) and has scratch of its own. */
struct nt_scrape *nt_scrape_fork(const struct nt_scrape *s);

/* Compile the header, footer and lead patterns of the normalize section
 * NORMALIZE and add them after those already there.  Returns 0, or -1
 * with ERR set at a bad pattern. */
int nt_scrape_add(struct nt_scrape *s, const struct nt_node *normalize, struct nt_err *err);
void nt_scrape_free(struct nt_scrape *s);

/* Where the folded text came from: text(arg, start, end, &len) returns
 * the original of folded bytes [start, end) (len bytes), which the
 * metadata other than the date is copied from, so that a title keeps the
 * page's quotes and dashes. */
struct nt_scrape_origin {
	const char *(*text)(void *arg, size_t start, size_t end, size_t *len);
	void *arg;
};

/* What nt_scrape_run found: byte ranges of the folded text. */
struct nt_scrape_ranges {
	size_t body, body_end;       /* what remains after header and footer boilerplate */
	size_t byline, byline_end;   /* the name a byline line of the lead gave as the
				      * author ("By Ann Lee | Nairobi"), or empty: the
				      * writer, not a subject of the article */
};

/* Scan TEXT (LEN bytes of folded UTF-8, from ORIGIN): fill A's metadata
 * fields not already set, and set R. */
void nt_scrape_run(const struct nt_scrape *s, const char *text, size_t len,
		   const struct nt_scrape_origin *origin, struct nt_article *a,
		   struct nt_scrape_ranges *r);

#endif
