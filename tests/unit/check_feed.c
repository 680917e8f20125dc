/* check_feed.c - unit tests of feed.c: RFC 822 and RFC 3339 dates, HTML to
 * text, feed sniffing, and whole RSS and Atom feeds read through a struct
 * nt_reader, including malformed, truncated and hostile ones.
 *
 * Dates and sniffed blocks are parsed from exact-size heap copies without
 * a terminating NUL, so that a read past the end shows up under
 * AddressSanitizer.  Feeds go through a temporary file, as main.c hands
 * them over. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "feed.h"
#include "input.h"

/* ---------------------------------------------------------------- dates */

static int
date_n(const char *s, struct nt_feed_time *t)
{
	size_t len = strlen(s);
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, s, len);
	rc = nt_feed_date(copy, len, t);
	free(copy);
	return rc;
}

/* Check that S parses to the date Y-M-D, the time H:MI:SE (HAS_TIME) and
 * the zone ZONE minutes east (HAS_ZONE). */
static void
check_date(const char *s, int y, int m, int d, int has_time, int h, int mi, int se,
	   int has_zone, int zone)
{
	struct nt_feed_time t;

	ck_assert_msg(date_n(s, &t) == 0, "'%s' refused", s);
	ck_assert_msg(t.year == y && t.month == m && t.day == d,
		      "'%s': got %04d-%02d-%02d", s, t.year, t.month, t.day);
	ck_assert_msg(t.has_time == has_time, "'%s': has_time %d", s, t.has_time);
	if (has_time)
		ck_assert_msg(t.hour == h && t.min == mi && t.sec == se,
			      "'%s': got %02d:%02d:%02d", s, t.hour, t.min, t.sec);
	ck_assert_msg(t.has_zone == has_zone, "'%s': has_zone %d", s, t.has_zone);
	ck_assert_msg(t.zone == zone, "'%s': zone %d, expected %d", s, t.zone, zone);
}

static void
check_zone(const char *s, int has_zone, int zone)
{
	check_date(s, 2024, 9, 24, 1, 23, 30, 0, has_zone, zone);
}

static void
check_bad_date(const char *s)
{
	struct nt_feed_time t;

	ck_assert_msg(date_n(s, &t) != 0, "'%s' accepted", s);
}

START_TEST(test_rfc822)
{
	check_date("Tue, 24 Sep 2024 23:30:00 -0400", 2024, 9, 24, 1, 23, 30, 0, 1, -240);
	check_date("Tue,24 Sep 2024 23:30:00 +0000", 2024, 9, 24, 1, 23, 30, 0, 1, 0);
	check_date("24 Sep 2024 10:00 GMT", 2024, 9, 24, 1, 10, 0, 0, 1, 0);
	check_date("Tuesday, 24 September 2024 10:00:05 +0530", 2024, 9, 24, 1, 10, 0, 5, 1, 330);
	check_date("Tue, 24 Sept 2024 10:00:00 +0545", 2024, 9, 24, 1, 10, 0, 0, 1, 345);
	check_date("Sun, 1 Mar 2020 00:00:00 +0000", 2020, 3, 1, 1, 0, 0, 0, 1, 0);
	check_date("Sun, 01 Mar 2020 9:05:00 +0100", 2020, 3, 1, 1, 9, 5, 0, 1, 60);
	check_date("tue, 24 sep 2024 23:30:00 gmt", 2024, 9, 24, 1, 23, 30, 0, 1, 0);
	check_date("  Tue, 24 Sep 2024 23:30:00 GMT \n", 2024, 9, 24, 1, 23, 30, 0, 1, 0);
	check_date("Tue, 24 Sep 2024 23:30:00 +0000 (UTC)", 2024, 9, 24, 1, 23, 30, 0, 1, 0);
	check_date("Tue, 24 Sep 2024", 2024, 9, 24, 0, 0, 0, 0, 0, 0);
	check_date("Tue, 24 Sep 2024 23:30:00", 2024, 9, 24, 1, 23, 30, 0, 0, 0);
	check_date("Thu, 29 Feb 2024 12:00:00 GMT", 2024, 2, 29, 1, 12, 0, 0, 1, 0);
	check_date("Tue, 29 Feb 2000 12:00:00 GMT", 2000, 2, 29, 1, 12, 0, 0, 1, 0);
	check_date("Sat, 31 Dec 2016 23:59:60 +0000", 2016, 12, 31, 1, 23, 59, 60, 1, 0);
	/* The day of the week is not checked: feeds get it wrong. */
	check_date("Mon, 24 Sep 2024 23:30:00 GMT", 2024, 9, 24, 1, 23, 30, 0, 1, 0);
}
END_TEST

START_TEST(test_rfc822_zones)
{
	check_zone("Tue, 24 Sep 2024 23:30:00 UT", 1, 0);
	check_zone("Tue, 24 Sep 2024 23:30:00 UTC", 1, 0);
	check_zone("Tue, 24 Sep 2024 23:30:00 Z", 1, 0);
	check_zone("Tue, 24 Sep 2024 23:30:00 EST", 1, -300);
	check_zone("Tue, 24 Sep 2024 23:30:00 EDT", 1, -240);
	check_zone("Tue, 24 Sep 2024 23:30:00 CST", 1, -360);
	check_zone("Tue, 24 Sep 2024 23:30:00 CDT", 1, -300);
	check_zone("Tue, 24 Sep 2024 23:30:00 MST", 1, -420);
	check_zone("Tue, 24 Sep 2024 23:30:00 MDT", 1, -360);
	check_zone("Tue, 24 Sep 2024 23:30:00 PST", 1, -480);
	check_zone("Tue, 24 Sep 2024 23:30:00 pdt", 1, -420);
	check_zone("Tue, 24 Sep 2024 23:30:00 +1400", 1, 840);
	check_zone("Tue, 24 Sep 2024 23:30:00 -0930", 1, -570);
	check_zone("Tue, 24 Sep 2024 23:30:00 +02:00", 1, 120);
	/* RFC 2822 4.3: military zones and -0000 mean "unknown"; other names
	 * (CEST, IST) are taken as unknown too. */
	check_zone("Tue, 24 Sep 2024 23:30:00 A", 0, 0);
	check_zone("Tue, 24 Sep 2024 23:30:00 M", 0, 0);
	check_zone("Tue, 24 Sep 2024 23:30:00 -0000", 0, 0);
	check_zone("Tue, 24 Sep 2024 23:30:00 CEST", 0, 0);
}
END_TEST

START_TEST(test_rfc822_two_digit_years)
{
	check_date("Wed, 18 Sep 24 14:30:00 +0200", 2024, 9, 18, 1, 14, 30, 0, 1, 120);
	check_date("01 Jan 00 00:00:00 GMT", 2000, 1, 1, 1, 0, 0, 0, 1, 0);
	check_date("01 Jan 49 00:00:00 GMT", 2049, 1, 1, 1, 0, 0, 0, 1, 0);
	check_date("01 Jan 50 00:00:00 GMT", 1950, 1, 1, 1, 0, 0, 0, 1, 0);
	check_date("31 Dec 99 23:59:59 EST", 1999, 12, 31, 1, 23, 59, 59, 1, -300);
	check_date("01 Jan 124 00:00:00 GMT", 2024, 1, 1, 1, 0, 0, 0, 1, 0);   /* 3 digits */
	check_date("Thu, 29 Feb 96 12:00:00 GMT", 1996, 2, 29, 1, 12, 0, 0, 1, 0);
	check_bad_date("Thu, 29 Feb 97 12:00:00 GMT");
}
END_TEST

START_TEST(test_rfc3339)
{
	check_date("2024-09-24T23:30:00-04:00", 2024, 9, 24, 1, 23, 30, 0, 1, -240);
	check_date("2024-09-24T23:30:00+05:45", 2024, 9, 24, 1, 23, 30, 0, 1, 345);
	check_date("2024-09-24T23:30:00Z", 2024, 9, 24, 1, 23, 30, 0, 1, 0);
	check_date("2024-09-24t23:30:00z", 2024, 9, 24, 1, 23, 30, 0, 1, 0);
	check_date("2024-09-24 23:30:00+02:00", 2024, 9, 24, 1, 23, 30, 0, 1, 120);
	check_date("2024-09-23T06:05:30.250Z", 2024, 9, 23, 1, 6, 5, 30, 1, 0);
	check_date("2024-09-23T06:05:30.123456789+01:00", 2024, 9, 23, 1, 6, 5, 30, 1, 60);
	check_date("2024-09-24T23:30:00-00:00", 2024, 9, 24, 1, 23, 30, 0, 0, 0);
	check_date("2024-09-24T23:30:00+0200", 2024, 9, 24, 1, 23, 30, 0, 1, 120);
	check_date("2024-09-24T23:30Z", 2024, 9, 24, 1, 23, 30, 0, 1, 0);
	check_date("2024-09-24T23:30:00", 2024, 9, 24, 1, 23, 30, 0, 0, 0);
	check_date("2024-09-24", 2024, 9, 24, 0, 0, 0, 0, 0, 0);
	check_date(" 2024-09-24T00:00:00Z\n", 2024, 9, 24, 1, 0, 0, 0, 1, 0);
	check_date("2024-02-29T12:00:00Z", 2024, 2, 29, 1, 12, 0, 0, 1, 0);
	/* The date as written, not converted to UTC. */
	check_date("2024-09-22T23:45:00-05:00", 2024, 9, 22, 1, 23, 45, 0, 1, -300);
}
END_TEST

START_TEST(test_bad_dates)
{
	static const char *const bad[] = {
		"", "   ", "yesterday", "Tue", "24 Sep", "24 Sep 2024 GMT",
		"Tue, 31 Sep 2024 10:00:00 GMT", "Thu, 29 Feb 2023 10:00:00 GMT",
		"29 Feb 1900 10:00:00 GMT", "Tue, 00 Sep 2024 10:00:00 GMT",
		"Tue, 24 Foo 2024 10:00:00 GMT", "Blursday, 24 Sep 2024 10:00:00 GMT",
		"Tue, 24 Sep 2024 24:00:00 GMT", "Tue, 24 Sep 2024 23:60:00 GMT",
		"Tue, 24 Sep 2024 10:00:00 +02", "Tue, 24 Sep 2024 10:00:00 +0260",
		"Tue, 24 Sep 2024 10:00:00 GMT trailing", "Tue, 24 Sep 2024 10:00:00 PACIFIC",
		"Tue, 24 Sep 2024 10:00:00 (unclosed", "Tue, 24 Sep 2 10:00:00 GMT",
		"Tue, 24 Sep 20245 10:00:00 GMT", "Tue, 24Sep 2024",
		"2024-13-01", "2024-02-30", "2024-9-24", "2024/09/24", "0000-01-01",
		"2024-09-24T24:00:00Z", "2024-09-24T23:60:00Z", "2024-09-24T23:30:00+25:00",
		"2024-09-24T23:30:00Zjunk", "2024-09-24T23:30:00.Z", "2024-09-24T", "2024-09-24X",
		"2024-09-24T23", "September 24, 2024",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		check_bad_date(bad[i]);
}
END_TEST

/* ----------------------------------------------------------------- HTML */

static void
check_html(const char *html, const char *want)
{
	size_t len = strlen(html), got_len;
	char *copy = malloc(len ? len : 1), *got;

	memcpy(copy, html, len);
	got = nt_feed_html_text(copy, len, &got_len);
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strcmp(got, want) == 0, "'%s': got '%s', expected '%s'", html, got, want);
	ck_assert_uint_eq(got_len, strlen(want));
	free(got);
	free(copy);
}

START_TEST(test_html_text)
{
	check_html("", "");
	check_html("   \n ", "");
	check_html("<b></b>", "");
	check_html("plain text", "plain text");
	check_html("<p>Caf&eacute; &amp; bar &#8217;s &#x2019;</p>",
		   "Caf\xC3\xA9 & bar \xE2\x80\x99s \xE2\x80\x99");
	check_html("x < y & z", "x < y & z");
	check_html("  lots   of \n\n  space  ", "lots of space");
	check_html("<p>One</p><p>Two</p>", "One\n\nTwo");
	check_html("a<br>b<br><br>c", "a\nb\n\nc");
	check_html("a<br/>\n<br/>b", "a\n\nb");
	check_html("<script>var x = '<p>';</script><style>p { x: 1 }</style>Text", "Text");
	check_html("<noscript>Enable JavaScript</noscript>News", "News");
	check_html("<ul><li>A</li><li>B</li></ul>after", "A\nB\n\nafter");
	check_html("<div>one</div><div>two</div>", "one\ntwo");
	check_html("<h1>Title</h1>Body <!-- comment --> text", "Title\n\nBody text");
	check_html("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc");
	check_html("<blockquote>Quoted.</blockquote>Said.", "Quoted.\n\nSaid.");
	check_html("<pre>\n x  y\n z</pre>after", " x  y\n z\n\nafter");
	check_html("in<b>line</b> <i>words</i>", "inline words");
	check_html("<html><head><title>Page</title></head><body>Body</body></html>", "Body");
	check_html("<p>Unclosed <b>bold<p>next", "Unclosed bold\n\nnext");
	check_html("&nbsp;", "\xC2\xA0");
}
END_TEST

START_TEST(test_html_deep)
{
	static const size_t depths[] = { 200, 100000 };
	size_t d, i, len;

	/* The walk is iterative; libxml2 drops what lies below its depth limit
	 * (256), and nothing crashes either way. */
	for (d = 0; d < 2; d++) {
		size_t n = depths[d];
		char *html = malloc(n * 5 + 16), *got;

		for (i = 0; i < n; i++)
			memcpy(html + i * 5, "<div>", 5);
		memcpy(html + n * 5, "deep", 4);
		got = nt_feed_html_text(html, n * 5 + 4, &len);
		ck_assert_ptr_nonnull(got);
		if (n < 256)
			ck_assert_str_eq(got, "deep");
		free(got);
		free(html);
	}
}
END_TEST

/* ---------------------------------------------------------------- sniff */

static int
sniff(const char *s)
{
	size_t len = strlen(s);
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, s, len);
	rc = nt_feed_sniff(copy, len);
	free(copy);
	return rc;
}

START_TEST(test_sniff)
{
	ck_assert(sniff("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"));
	ck_assert(sniff("\xEF\xBB\xBF \r\n<rss>"));
	ck_assert(sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
	ck_assert(sniff("<rdf:RDF xmlns:rdf=\"x\">"));
	ck_assert(sniff("<rss/>"));
	ck_assert(sniff("<?xml version='1.0'?><!-- a > comment --><?xml-stylesheet href='x'?>"
			"<!DOCTYPE rss [<!ENTITY a 'b'>]>\n<rss>"));
	ck_assert(sniff("<!DOCTYPE rss PUBLIC \"-//x\" \"y\"><rss>"));
	ck_assert(sniff("<?xml version=\"1.0\"?>"));          /* the root is further on */
	ck_assert(sniff("<?xml version=\"1.0\"?><!-- cut"));
	ck_assert(!sniff(""));
	ck_assert(!sniff("   "));
	ck_assert(!sniff("<"));
	ck_assert(!sniff("Plain text that mentions <rss> later."));
	ck_assert(!sniff("<html><body>"));
	ck_assert(!sniff("<?xml version='1.0'?>\n<html>"));
	ck_assert(!sniff("<rssfeed>"));
	ck_assert(!sniff("<feeds>"));
	ck_assert(!sniff("<?xml-stylesheet href='x'?>"));   /* no declaration, no root */
	ck_assert(!sniff("{\"text\":\"<rss>\"}"));
}
END_TEST

/* ---------------------------------------------------------------- feeds */

#define MAX_GOT 64

struct got {
	size_t n, nproblems, nerrors;
	int stop_after;              /* stop the reader after this many, 0: never */
	char *name[MAX_GOT], *text[MAX_GOT], *meta[MAX_GOT][NT_META_COUNT];
	unsigned line[MAX_GOT];
	unsigned given[MAX_GOT];
	char problem[4][512];
};

static int
got_article(struct nt_article *a, void *arg)
{
	struct got *g = arg;
	size_t i;

	if (g->n < MAX_GOT) {
		g->name[g->n] = strdup(a->name);
		g->text[g->n] = strndup(a->raw ? a->raw : "", a->raw_len);
		g->line[g->n] = a->line;
		g->given[g->n] = a->meta_given;
		for (i = 0; i < NT_META_COUNT; i++)
			g->meta[g->n][i] = a->meta[i] ? strdup(a->meta[i]) : NULL;
		ck_assert_str_eq(a->path, "feed.xml");
	}
	g->n++;
	return g->stop_after && g->n >= (size_t)g->stop_after ? -1 : 0;
}

static void
got_problem(const char *msg, int is_error, void *arg)
{
	struct got *g = arg;

	if (g->nproblems < 4)
		snprintf(g->problem[g->nproblems], sizeof g->problem[0], "%s", msg);
	g->nproblems++;
	g->nerrors += is_error != 0;
}

static void
got_free(struct got *g)
{
	size_t i, j;

	for (i = 0; i < g->n && i < MAX_GOT; i++) {
		free(g->name[i]);
		free(g->text[i]);
		for (j = 0; j < NT_META_COUNT; j++)
			free(g->meta[i][j]);
	}
}

/* Read the LEN bytes at XML as a feed named "feed.xml", the first NHEAD of
 * them handed over as already read.  Returns nt_feed_read's result. */
static int
read_feed_n(const char *xml, size_t len, size_t nhead, size_t max_bytes, struct got *g)
{
	struct nt_reader r;
	struct nt_article *a = nt_article_new();
	FILE *fp = tmpfile();
	int rc;

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(xml + nhead, 1, len - nhead, fp), len - nhead);
	rewind(fp);
	memset(&r, 0, sizeof r);
	r.kind = NT_INPUT_FEED;
	r.max_bytes = max_bytes;
	r.article = got_article;
	r.problem = got_problem;
	r.arg = g;
	rc = nt_feed_read(&r, "feed.xml", fp, xml, nhead, a);
	fclose(fp);
	nt_article_free(a);
	return rc;
}

static int
read_feed(const char *xml, struct got *g)
{
	return read_feed_n(xml, strlen(xml), 0, 1 << 20, g);
}

static void
check_str(const char *got, const char *want, const char *what)
{
	if (!want)
		ck_assert_msg(got == NULL, "%s: got '%s', expected none", what, got);
	else
		ck_assert_msg(got && strcmp(got, want) == 0, "%s: got '%s', expected '%s'", what,
			      got ? got : "(none)", want);
}

static const char rss[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
	"     xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	"<channel><title>Desk &amp; Wire</title><link>https://example.org/</link>\n"
	"<item>\n"
	"  <title>Caf&amp;eacute; talks &#8217;end&#8217;</title>\n"
	"  <link>https://example.org/a</link>\n"
	"  <guid isPermaLink=\"false\">same-guid</guid>\n"
	"  <pubDate>Tue, 24 Sep 2024 23:30:00 -0400</pubDate>\n"
	"  <dc:creator>Ana Lima</dc:creator>\n"
	"  <description><![CDATA[<p>First &amp; <b>only</b>.</p><script>x()</script>]]></description>\n"
	"</item>\n"
	"<item>\n"
	"  <title>No date here</title>\n"
	"  <guid>https://example.org/b</guid>\n"
	"  <author>desk@example.org (Bo Chen)</author>\n"
	"  <description>Short.</description>\n"
	"  <content:encoded>&lt;p&gt;Long one.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</content:encoded>\n"
	"</item>\n"
	"<item>\n"
	"  <guid isPermaLink=\"false\">same-guid</guid>\n"
	"  <pubDate>Wed, 25 Sep 24 08:00:00 GMT</pubDate>\n"
	"</item>\n"
	"<item><description>No id, no link.</description></item>\n"
	"</channel></rss>\n";

START_TEST(test_read_rss)
{
	struct got g = { 0 };

	ck_assert_int_eq(read_feed(rss, &g), 0);
	ck_assert_uint_eq(g.nproblems, 0);
	ck_assert_uint_eq(g.n, 4);

	check_str(g.name[0], "same-guid", "name 0");
	ck_assert_uint_eq(g.line[0], 5);
	check_str(g.meta[0][NT_META_TITLE], "Caf\xC3\xA9 talks \xE2\x80\x99" "end\xE2\x80\x99",
		  "title 0");
	check_str(g.meta[0][NT_META_DATE], "2024-09-24", "date 0");
	check_str(g.meta[0][NT_META_SOURCE], "Desk & Wire", "source 0");
	check_str(g.meta[0][NT_META_AUTHOR], "Ana Lima", "author 0");
	check_str(g.meta[0][NT_META_URL], "https://example.org/a", "url 0");
	check_str(g.text[0], "First & only.", "text 0");
	ck_assert_uint_eq(g.given[0], (1u << NT_META_COUNT) - 1);

	/* No pubDate: no date; a permalink guid is the URL; content:encoded
	 * wins over description; "email (Name)" gives Name. */
	check_str(g.name[1], "https://example.org/b", "name 1");
	check_str(g.meta[1][NT_META_DATE], NULL, "date 1");
	ck_assert(!(g.given[1] & (1u << NT_META_DATE)));
	check_str(g.meta[1][NT_META_URL], "https://example.org/b", "url 1");
	check_str(g.meta[1][NT_META_AUTHOR], "Bo Chen", "author 1");
	check_str(g.text[1], "Long one.\n\nTwo.", "text 1");

	/* The same guid again is a second article: deduplication is --state's. */
	check_str(g.name[2], "same-guid", "name 2");
	check_str(g.meta[2][NT_META_DATE], "2024-09-25", "date 2");
	check_str(g.meta[2][NT_META_TITLE], NULL, "title 2");
	check_str(g.text[2], "", "text 2");

	check_str(g.name[3], "feed.xml:24", "name 3");
	check_str(g.text[3], "No id, no link.", "text 3");
	got_free(&g);
}
END_TEST

START_TEST(test_read_rss_head)
{
	size_t len = strlen(rss), cut;

	/* The bytes input.c read before handing over are not lost. */
	for (cut = 0; cut <= len; cut += 97) {
		struct got g = { 0 };

		ck_assert_int_eq(read_feed_n(rss, len, cut, 1 << 20, &g), 0);
		ck_assert_uint_eq(g.nproblems, 0);
		ck_assert_uint_eq(g.n, 4);
		check_str(g.text[1], "Long one.\n\nTwo.", "text 1");
		got_free(&g);
	}
}
END_TEST

START_TEST(test_read_rdf)
{
	static const char rdf[] =
		"<?xml version=\"1.0\"?>\n"
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
		"  xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		"<channel rdf:about=\"https://example.org/\"><title>RDF Desk</title></channel>\n"
		"<item rdf:about=\"https://example.org/x\"><title>X</title>\n"
		"<link>https://example.org/x</link><dc:date>2024-09-24T10:00:00+02:00</dc:date>\n"
		"<description>Text of x.</description></item>\n"
		"</rdf:RDF>\n";
	struct got g = { 0 };

	ck_assert_int_eq(read_feed(rdf, &g), 0);
	ck_assert_uint_eq(g.nproblems, 0);
	ck_assert_uint_eq(g.n, 1);
	check_str(g.name[0], "https://example.org/x", "name");
	check_str(g.meta[0][NT_META_SOURCE], "RDF Desk", "source");
	check_str(g.meta[0][NT_META_DATE], "2024-09-24", "date");
	check_str(g.text[0], "Text of x.", "text");
	got_free(&g);
}
END_TEST

START_TEST(test_read_atom)
{
	static const char atom[] =
		"<?xml version=\"1.0\"?>\n"
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://example.org/news/\">\n"
		"<title type=\"html\">North &amp;amp; South</title>\n"
		"<author><name>Staff</name></author>\n"
		"<entry>\n"
		"  <title>Plain &lt;title&gt;</title>\n"
		"  <id>tag:example.org,2024:1</id>\n"
		"  <link rel=\"enclosure\" href=\"/img/a.jpg\"/>\n"
		"  <link rel=\"alternate\" href=\"2024/one\"/>\n"
		"  <updated>2024-09-25T01:00:00Z</updated>\n"
		"  <published>2024-09-24T22:00:00-03:00</published>\n"
		"  <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">\n"
		"    <p>Para <em>one</em>.</p><ul><li>A</li><li>B</li></ul></div></content>\n"
		"</entry>\n"
		"<entry>\n"
		"  <title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">X<b>H</b>\n"
		"    <p>T</p></div></title>\n"
		"  <id>tag:example.org,2024:2</id>\n"
		"  <author><name>Eva Berg</name></author>\n"
		"  <updated>2024-09-26T10:00:00+01:00</updated>\n"
		"  <content src=\"https://example.org/2.html\"/>\n"
		"  <summary>Line one\n  wraps here.\n\n  Second paragraph.</summary>\n"
		"</entry>\n"
		"</feed>\n";
	struct got g = { 0 };

	ck_assert_int_eq(read_feed(atom, &g), 0);
	ck_assert_uint_eq(g.nproblems, 0);
	ck_assert_uint_eq(g.n, 2);
	check_str(g.name[0], "tag:example.org,2024:1", "name 0");
	check_str(g.meta[0][NT_META_SOURCE], "North & South", "source 0");
	check_str(g.meta[0][NT_META_TITLE], "Plain <title>", "title 0");
	check_str(g.meta[0][NT_META_URL], "https://example.org/news/2024/one", "url 0");
	check_str(g.meta[0][NT_META_DATE], "2024-09-24", "date 0");   /* published wins */
	check_str(g.meta[0][NT_META_AUTHOR], "Staff", "author 0");    /* the feed's */
	check_str(g.text[0], "Para one.\n\nA\nB", "text 0");

	check_str(g.meta[1][NT_META_TITLE], "XH T", "title 1");
	check_str(g.meta[1][NT_META_AUTHOR], "Eva Berg", "author 1");
	check_str(g.meta[1][NT_META_DATE], "2024-09-26", "date 1");
	check_str(g.meta[1][NT_META_URL], NULL, "url 1");
	check_str(g.text[1], "Line one wraps here.\n\nSecond paragraph.", "text 1");
	got_free(&g);
}
END_TEST

START_TEST(test_read_malformed)
{
	static const char bad[] =
		"<?xml version=\"1.0\"?>\n"
		"<rss version=\"2.0\"><channel><title>Bad</title>\n"
		"<item><title>One</title><guid>g1</guid>\n"
		"  <description>&lt;p&gt;Fine.&lt;/p&gt;</description></item>\n"
		"<item><title>Two&nbsp;unclosed\n"
		"  <guid>g2</guid><pubDate>not a date</pubDate>\n"
		"  <description>&lt;p&gt;Still &amp;amp; read.&lt;/p&gt;</description></item>\n"
		"<item><title>Three</title><guid>g3</guid>\n"
		"  <description>&lt;b&gt;After&lt;/b&gt; the error.</description></item>\n"
		"</channel></rss>\n";
	struct got g = { 0 };

	ck_assert_int_eq(read_feed(bad, &g), 0);
	ck_assert_uint_eq(g.nerrors, 1);   /* only the first XML error */
	ck_assert_msg(strncmp(g.problem[0], "feed.xml:5:23: ", 15) == 0, "%s", g.problem[0]);
	ck_assert_ptr_nonnull(strstr(g.problem[0], "nbsp"));
	ck_assert_uint_eq(g.nproblems, 2);   /* and the bad date, a warning */
	ck_assert_msg(strncmp(g.problem[1], "feed.xml:6:", 11) == 0, "%s", g.problem[1]);
	ck_assert_uint_eq(g.n, 3);
	check_str(g.name[0], "g1", "name 0");
	check_str(g.text[0], "Fine.", "text 0");
	/* The elements after the unclosed title are found inside it. */
	check_str(g.name[1], "g2", "name 1");
	check_str(g.meta[1][NT_META_TITLE], "Twounclosed", "title 1");
	check_str(g.text[1], "Still & read.", "text 1");
	check_str(g.name[2], "g3", "name 2");
	check_str(g.text[2], "After the error.", "text 2");
	got_free(&g);
}
END_TEST

START_TEST(test_read_not_feeds)
{
	static const char *const docs[] = {
		"", "   ", "plain text, not XML", "<html><body><p>Hi</p></body></html>",
		"<?xml version=\"1.0\"?>", "<rss", "<rss version=\"2.0\"><channel><item><title>T",
		"\xEF\xBB\xBF<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>x</id>",
		"<?xml version=\"1.0\" encoding=\"no-such-encoding\"?><rss/>",
		"<rss>\x80\xFF\xFE</rss>",
	};
	size_t i;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct got g = { 0 };

		ck_assert_int_eq(read_feed_n(docs[i], strlen(docs[i]), 0, 1 << 20, &g), 0);
		ck_assert_msg(g.nerrors >= 1, "doc %zu: no error", i);
		ck_assert_msg(g.n <= 1, "doc %zu: %zu articles", i, g.n);
		got_free(&g);
	}
}
END_TEST

START_TEST(test_read_truncated)
{
	size_t len = strlen(rss), cut;

	/* Every prefix of a good feed: no crash, at most its items, and an
	 * error unless it is whole. */
	for (cut = 0; cut < len; cut++) {
		struct got g = { 0 };

		read_feed_n(rss, cut, 0, 1 << 20, &g);
		ck_assert_uint_le(g.n, 4);
		if (cut < len - 1)   /* all but the final newline */
			ck_assert_msg(g.nerrors >= 1, "cut at %zu: no error", cut);
		got_free(&g);
	}
}
END_TEST

START_TEST(test_read_garbage)
{
	uint32_t x = 2463534242u;
	size_t round, i, len;
	char buf[4096];

	/* xorshift32 bytes, some after a feed's start. */
	for (round = 0; round < 300; round++) {
		struct got g = { 0 };
		size_t off = round % 2 ? 0 : 200;

		memcpy(buf, rss, off);
		len = off + (round * 13) % (sizeof buf - off);
		for (i = off; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[i] = round % 3 ? (char)x : "<>&;/\"='!?[] \nabc"[x % 17];
		}
		read_feed_n(buf, len, 0, 1 << 20, &g);
		got_free(&g);
	}
}
END_TEST

START_TEST(test_read_limits)
{
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE rss [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		" <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		" <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
		" <!ENTITY x SYSTEM \"file:///etc/passwd\">\n"
		"]>\n"
		"<rss><channel><item><guid>l</guid><description>&a;|&g;&g;&g;|&x;</description>"
		"</item></channel></rss>\n";
	struct got g = { 0 };

	/* No billion laughs, no external entity. */
	read_feed(laughs, &g);
	if (g.n == 1) {
		ck_assert_uint_lt(strlen(g.text[0]), 4096);
		ck_assert_ptr_null(strstr(g.text[0], "root:"));
	}
	got_free(&g);

	/* A feed over --max-bytes is skipped with an error. */
	memset(&g, 0, sizeof g);
	ck_assert_int_eq(read_feed_n(rss, strlen(rss), 10, 100, &g), 0);
	ck_assert_uint_eq(g.n, 0);
	ck_assert_uint_eq(g.nerrors, 1);
	ck_assert_msg(strstr(g.problem[0], "larger than 100 bytes"), "%s", g.problem[0]);
	got_free(&g);
}
END_TEST

START_TEST(test_read_stop)
{
	struct got g = { 0 };

	g.stop_after = 2;
	ck_assert_int_eq(read_feed(rss, &g), -1);
	ck_assert_uint_eq(g.n, 2);
	got_free(&g);
}
END_TEST

static Suite *
feed_suite(void)
{
	Suite *s = suite_create("feed");
	TCase *dates = tcase_create("dates"), *html = tcase_create("html"),
	      *rd = tcase_create("read");

	tcase_add_test(dates, test_rfc822);
	tcase_add_test(dates, test_rfc822_zones);
	tcase_add_test(dates, test_rfc822_two_digit_years);
	tcase_add_test(dates, test_rfc3339);
	tcase_add_test(dates, test_bad_dates);
	suite_add_tcase(s, dates);
	tcase_add_test(html, test_html_text);
	tcase_add_test(html, test_html_deep);
	tcase_add_test(html, test_sniff);
	tcase_set_timeout(html, 30);
	suite_add_tcase(s, html);
	tcase_add_test(rd, test_read_rss);
	tcase_add_test(rd, test_read_rss_head);
	tcase_add_test(rd, test_read_rdf);
	tcase_add_test(rd, test_read_atom);
	tcase_add_test(rd, test_read_malformed);
	tcase_add_test(rd, test_read_not_feeds);
	tcase_add_test(rd, test_read_truncated);
	tcase_add_test(rd, test_read_garbage);
	tcase_add_test(rd, test_read_limits);
	tcase_add_test(rd, test_read_stop);
	tcase_set_timeout(rd, 60);
	suite_add_tcase(s, rd);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(feed_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
