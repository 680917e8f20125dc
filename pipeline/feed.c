/* feed.c - RSS 2.0, RSS 1.0 and Atom 1.0 feeds to articles (feed.h).
 *
 * The feed is parsed into a tree by libxml2 with XML_PARSE_RECOVER and
 * XML_PARSE_NONET, without XML_PARSE_NOENT or XML_PARSE_DTDLOAD (no
 * external entity or DTD is ever read, internal entities are not
 * substituted) and without XML_PARSE_HUGE (libxml2's limits on depth, name
 * and text sizes and entity amplification stay on).  The tree is walked in
 * document order and every item or entry element, at any depth, is one
 * article: recovery may leave an item nested inside an unclosed one.
 * Elements are matched by local name and namespace URI (RSS 2.0 has no
 * namespace; RSS 1.0, RSS 0.90, Atom 1.0 and 0.3 do; content:encoded and dc:
 * are extensions), never by prefix, except that an undeclared prefix stays
 * in the name ("dc:creator") and is matched as written.
 *
 * Escaped markup (RSS description, content:encoded, Atom type="html") is
 * parsed again by libxml2's HTML parser; markup present as elements (Atom
 * type="xhtml", or HTML a broken feed left unescaped) is walked as it is.
 * Both go through one iterative walk (so deep nesting cannot exhaust the
 * stack) that builds text as the HTML rendering model does, in the small:
 * block elements break lines, white space collapses except in pre.
 *
 * Dates follow RFC 822 section 5 (with RFC 1123's 4-digit years and the
 * obsolete forms of RFC 2822 section 4.3: 2-digit years, named and military
 * zones) and RFC 3339 section 5.6.  The day of the week is not checked:
 * feeds get it wrong more often than the date. */
#include "feed.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "err.h"

#define NT_XML_OPTIONS (XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
			XML_PARSE_NOWARNING)
#define NT_HTML_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | \
			 HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD)
#define NT_FEED_BLOCK 65536

#define NT_NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NT_NS_DC "http://purl.org/dc/elements/1.1/"

/* Namespaces of the feed formats themselves: their elements are matched
 * like the unqualified ones of RSS 2.0. */
static const char *const nt_feed_ns[] = {
	"http://www.w3.org/2005/Atom",
	"http://purl.org/atom/ns#",                  /* Atom 0.3 */
	"http://purl.org/rss/1.0/",
	"http://my.netscape.com/rdf/simple/0.9/",    /* RSS 0.90 */
	"http://backend.userland.com/rss2",          /* RSS 2.0, seen with a namespace */
	NULL
};

/* ------------------------------------------------------------ sniffing */

static int
nt_is_blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Move *I past the first LIT at or after it in BUF[0..N); 0 if none. */
static int
nt_skip_past(const char *buf, size_t n, size_t *i, const char *lit)
{
	size_t k = strlen(lit);

	for (; *i + k <= n; (*i)++)
		if (memcmp(buf + *i, lit, k) == 0) {
			*i += k;
			return 1;
		}
	return 0;
}

/* Nonzero if the N bytes at S start with the element name NAME, ended by
 * white space, '>', '/' or the end of the block. */
static int
nt_starts_name(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n >= k && memcmp(s, name, k) == 0 &&
	       (n == k || nt_is_blank_byte(s[k]) || s[k] == '>' || s[k] == '/');
}

int
nt_feed_sniff(const char *buf, size_t n)
{
	size_t i = 0, start;
	int decl = 0;

	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && nt_is_blank_byte(buf[i]))
		i++;
	start = i;
	for (;;) {
		while (i < n && nt_is_blank_byte(buf[i]))
			i++;
		if (i >= n)
			return decl;   /* the root is beyond this block */
		if (buf[i] != '<')
			return 0;
		if (i + 1 >= n)
			return decl;
		if (i == start && n - i >= 6 && memcmp(buf + i, "<?xml", 5) == 0 &&
		    nt_is_blank_byte(buf[i + 5]))
			decl = 1;
		if (buf[i + 1] == '?') {
			if (!nt_skip_past(buf, n, &i, "?>"))
				return decl;
		} else if (n - i >= 4 && memcmp(buf + i, "<!--", 4) == 0) {
			if (!nt_skip_past(buf, n, &i, "-->"))
				return decl;
		} else if (buf[i + 1] == '!') {   /* DOCTYPE, maybe with an internal subset */
			size_t gt = i, sub = i;

			if (!nt_skip_past(buf, n, &gt, ">"))
				return decl;
			if (nt_skip_past(buf, gt, &sub, "[") &&
			    (!nt_skip_past(buf, n, &sub, "]") || !nt_skip_past(buf, n, &sub, ">")))
				return decl;
			i = sub > gt ? sub : gt;
		} else {
			const char *s = buf + i + 1;
			size_t left = n - i - 1;

			return nt_starts_name(s, left, "rss") || nt_starts_name(s, left, "feed") ||
			       nt_starts_name(s, left, "rdf:RDF");
		}
	}
}

/* ----------------------------------------------------------- text */

enum { NT_BRK_NONE, NT_BRK_SPACE, NT_BRK_LINE, NT_BRK_PARA };

/* Text being assembled.  A separator is held back in brk until more text
 * comes, so the result never starts or ends with one, and the strongest
 * of several wins. */
struct nt_text {
	char *s;
	size_t len, cap;
	int brk;       /* pending separator, NT_BRK_* */
	int pre;       /* inside pre (or raw copying): white space is kept */
	int paras;     /* plain text: blank lines of the input are kept */
	int feed;      /* an XML tree: feed elements (a recovered parse may nest
			* them) are not text */
};

static int
nt_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
nt_text_put(struct nt_text *t, const char *s, size_t n)
{
	nt_grow(&t->s, &t->cap, t->len + n + 1, 1);
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void
nt_text_break(struct nt_text *t, int brk)
{
	if (brk > t->brk)
		t->brk = brk;
}

/* Write the pending separator, counting the newlines already written. */
static void
nt_text_flush(struct nt_text *t)
{
	int brk = t->brk;
	size_t nl = 0, want;

	t->brk = NT_BRK_NONE;
	if (t->len == 0 || brk == NT_BRK_NONE)
		return;
	if (brk == NT_BRK_SPACE) {
		if (!nt_is_space(t->s[t->len - 1]))
			nt_text_put(t, " ", 1);
		return;
	}
	while (nl < t->len && t->s[t->len - 1 - nl] == '\n')
		nl++;
	for (want = brk == NT_BRK_LINE ? 1 : 2; nl < want; nl++)
		nt_text_put(t, "\n", 1);
}

/* Append the N bytes at S: white space runs become one separator (a blank
 * line for runs holding two newlines or more when t->paras), except in
 * pre, where they are kept with CR LF and CR made LF. */
static void
nt_text_add(struct nt_text *t, const char *s, size_t n)
{
	size_t i = 0, run;

	if (t->pre) {
		int sep = t->brk >= NT_BRK_LINE || t->len == 0;

		nt_text_flush(t);
		while (sep && i < n && (s[i] == '\n' || s[i] == '\r'))
			i++;   /* a newline right after a break is the break */
		while (i < n) {
			for (run = i; i < n && s[i] != '\r'; i++)
				;
			nt_text_put(t, s + run, i - run);
			if (i < n) {
				nt_text_put(t, "\n", 1);
				i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
			}
		}
		return;
	}
	while (i < n) {
		if (nt_is_space(s[i])) {
			size_t nl = 0;

			for (; i < n && nt_is_space(s[i]); i++)
				nl += s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'));
			nt_text_break(t, t->paras && nl >= 2 ? NT_BRK_PARA : NT_BRK_SPACE);
			continue;
		}
		for (run = i; i < n && !nt_is_space(s[i]); i++)
			;
		nt_text_flush(t);
		nt_text_put(t, s + run, i - run);
	}
}

/* The finished text, NUL-terminated, in *LEN bytes; T is emptied. */
static char *
nt_text_done(struct nt_text *t, size_t *len)
{
	char *s = t->s ? t->s : nt_xstrdup("");

	*len = t->len;
	memset(t, 0, sizeof *t);
	return s;
}

/* ----------------------------------------------------------- elements */

/* Nonzero if N is an element of RSS or Atom themselves (no namespace, or a
 * feed namespace). */
static int
nt_is_core_ns(const xmlNode *n)
{
	size_t i;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (!n->ns || !n->ns->href)
		return 1;
	for (i = 0; nt_feed_ns[i]; i++)
		if (xmlStrcmp(n->ns->href, BAD_CAST nt_feed_ns[i]) == 0)
			return 1;
	return 0;
}

/* Nonzero if N is the element NAME of RSS or Atom. */
static int
nt_is_core(const xmlNode *n, const char *name)
{
	return nt_is_core_ns(n) && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

/* Nonzero if N is the element QNAME ("prefix:name") of namespace NS, or
 * is named QNAME with an undeclared prefix. */
static int
nt_is_ext(const xmlNode *n, const char *ns, const char *qname)
{
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (n->ns && n->ns->href)
		return xmlStrcmp(n->name, BAD_CAST strchr(qname, ':') + 1) == 0 &&
		       xmlStrcmp(n->ns->href, BAD_CAST ns) == 0;
	return xmlStrcmp(n->name, BAD_CAST qname) == 0;
}

/* Nonzero if N is an element of an item (or an item) rather than text:
 * found inside another element's text only when recovery nested it there,
 * as when a title is not closed. */
static int
nt_is_feed_element(const xmlNode *n)
{
	static const char *const names[] = {
		"item", "entry", "title", "link", "guid", "id", "pubDate", "published",
		"updated", "issued", "modified", "author", "description", "content",
		"category", "comments", "enclosure", "source", NULL
	};
	size_t i;

	if (nt_is_ext(n, NT_NS_CONTENT, "content:encoded") || nt_is_ext(n, NT_NS_DC, "dc:creator") ||
	    nt_is_ext(n, NT_NS_DC, "dc:date"))
		return 1;
	if (!nt_is_core_ns(n))
		return 0;
	for (i = 0; names[i]; i++)
		if (xmlStrcmp(n->name, BAD_CAST names[i]) == 0)
			return 1;
	return 0;
}

/* ----------------------------------------------------------- HTML walk */

enum nt_html_kind { NT_HTML_INLINE, NT_HTML_DROP, NT_HTML_BR, NT_HTML_CELL, NT_HTML_LINE,
		    NT_HTML_PARA, NT_HTML_PRE };

static const struct {
	const char *name;
	enum nt_html_kind kind;
} nt_html_kinds[] = {
	{ "br", NT_HTML_BR },
	{ "p", NT_HTML_PARA }, { "h1", NT_HTML_PARA }, { "h2", NT_HTML_PARA },
	{ "h3", NT_HTML_PARA }, { "h4", NT_HTML_PARA }, { "h5", NT_HTML_PARA },
	{ "h6", NT_HTML_PARA }, { "blockquote", NT_HTML_PARA }, { "ul", NT_HTML_PARA },
	{ "ol", NT_HTML_PARA }, { "dl", NT_HTML_PARA }, { "table", NT_HTML_PARA },
	{ "figure", NT_HTML_PARA }, { "hr", NT_HTML_PARA }, { "address", NT_HTML_PARA },
	{ "pre", NT_HTML_PRE }, { "listing", NT_HTML_PRE }, { "xmp", NT_HTML_PRE },
	{ "div", NT_HTML_LINE }, { "li", NT_HTML_LINE }, { "dt", NT_HTML_LINE },
	{ "dd", NT_HTML_LINE }, { "tr", NT_HTML_LINE }, { "caption", NT_HTML_LINE },
	{ "thead", NT_HTML_LINE }, { "tbody", NT_HTML_LINE }, { "tfoot", NT_HTML_LINE },
	{ "section", NT_HTML_LINE }, { "article", NT_HTML_LINE }, { "header", NT_HTML_LINE },
	{ "footer", NT_HTML_LINE }, { "aside", NT_HTML_LINE }, { "nav", NT_HTML_LINE },
	{ "main", NT_HTML_LINE }, { "figcaption", NT_HTML_LINE }, { "form", NT_HTML_LINE },
	{ "fieldset", NT_HTML_LINE }, { "legend", NT_HTML_LINE }, { "details", NT_HTML_LINE },
	{ "summary", NT_HTML_LINE }, { "center", NT_HTML_LINE }, { "option", NT_HTML_LINE },
	{ "td", NT_HTML_CELL }, { "th", NT_HTML_CELL },
	{ "script", NT_HTML_DROP }, { "style", NT_HTML_DROP }, { "noscript", NT_HTML_DROP },
	{ "template", NT_HTML_DROP }, { "head", NT_HTML_DROP }, { "iframe", NT_HTML_DROP },
	{ "object", NT_HTML_DROP }, { "embed", NT_HTML_DROP }, { "svg", NT_HTML_DROP },
	{ "math", NT_HTML_DROP }, { "canvas", NT_HTML_DROP }, { "audio", NT_HTML_DROP },
	{ "video", NT_HTML_DROP }, { "select", NT_HTML_DROP }, { "textarea", NT_HTML_DROP },
};

static enum nt_html_kind
nt_html_kind(const xmlNode *n)
{
	size_t i;

	for (i = 0; i < sizeof nt_html_kinds / sizeof nt_html_kinds[0]; i++)
		if (xmlStrcasecmp(n->name, BAD_CAST nt_html_kinds[i].name) == 0)
			return nt_html_kinds[i].kind;
	return NT_HTML_INLINE;
}

/* An entity reference the XML parser kept (a declared internal entity;
 * undefined ones are dropped with an error): its replacement text when it
 * is plain text.  Nested references are not expanded, so no entity can
 * make the text grow past the input. */
static void
nt_text_entity(struct nt_text *t, const xmlNode *n)
{
	xmlEntity *e = n->doc ? xmlGetDocEntity(n->doc, n->name) : NULL;

	if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY && e->content &&
	    !strpbrk((const char *)e->content, "&<"))
		nt_text_add(t, (const char *)e->content, strlen((const char *)e->content));
}

/* Start node N; returns nonzero to walk its children. */
static int
nt_html_enter(struct nt_text *t, const xmlNode *n)
{
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content)
			nt_text_add(t, (const char *)n->content, strlen((const char *)n->content));
		return 0;
	case XML_ENTITY_REF_NODE:
		nt_text_entity(t, n);
		return 0;
	case XML_ELEMENT_NODE:
		break;
	default:
		return 0;   /* comments, processing instructions, DTDs */
	}
	if (t->feed && nt_is_feed_element(n))
		return 0;
	switch (nt_html_kind(n)) {
	case NT_HTML_DROP:
		return 0;
	case NT_HTML_BR:   /* a second br in a row makes a blank line */
		nt_text_break(t, t->brk >= NT_BRK_LINE ? NT_BRK_PARA : NT_BRK_LINE);
		return 0;
	case NT_HTML_CELL:
		nt_text_break(t, NT_BRK_SPACE);
		return 1;
	case NT_HTML_LINE:
		nt_text_break(t, NT_BRK_LINE);
		return 1;
	case NT_HTML_PARA:
		nt_text_break(t, NT_BRK_PARA);
		return 1;
	case NT_HTML_PRE:
		nt_text_break(t, NT_BRK_PARA);
		t->pre++;
		return 1;
	default:
		return 1;
	}
}

/* End node N, entered by nt_html_enter. */
static void
nt_html_leave(struct nt_text *t, const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	switch (nt_html_kind(n)) {
	case NT_HTML_CELL:
		nt_text_break(t, NT_BRK_SPACE);
		break;
	case NT_HTML_LINE:
		nt_text_break(t, NT_BRK_LINE);
		break;
	case NT_HTML_PRE:
		t->pre--;
		/* fall through */
	case NT_HTML_PARA:
		nt_text_break(t, NT_BRK_PARA);
		break;
	default:
		break;
	}
}

/* Add the text of the children of TOP (an element, or a document cast to
 * a node), in document order, without recursion. */
static void
nt_html_walk(struct nt_text *t, xmlNode *top)
{
	xmlNode *n = top->children;

	while (n) {
		if (nt_html_enter(t, n) && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			nt_html_leave(t, n);
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n || n == top)
				return;
		}
	}
}

char *
nt_feed_html_text(const char *html, size_t len, size_t *out_len)
{
	struct nt_text t = { NULL, 0, 0, 0, 0, 0, 0 };
	htmlDocPtr doc;

	if (len > 0 && len <= INT_MAX &&
	    (doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", NT_HTML_OPTIONS))) {
		nt_html_walk(&t, (xmlNode *)doc);
		xmlFreeDoc(doc);
	}
	return nt_text_done(&t, out_len);
}

/* ----------------------------------------------------------- dates */

static const char *const nt_month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december"
};

static const char *const nt_day_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

/* Named zones of RFC 822 5.1, in minutes east of UTC. */
static const struct {
	const char *name;
	int zone;
} nt_zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
};

static int
nt_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
nt_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Read MIN to MAX digits at *P (before END) into *V; returns how many, 0
 * when fewer than MIN. */
static int
nt_num(const char **p, const char *end, int min, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (*p + n < end && n < max && nt_is_digit((*p)[n])) {
		*v = *v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n < min)
		return 0;
	*p += n;
	return n;
}

static int
nt_lit(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		(*p)++;
		return 1;
	}
	return 0;
}

static void
nt_skip_blanks(const char **p, const char *end)
{
	while (*p < end && nt_is_space(**p))
		(*p)++;
}

/* Nonzero if the N letters at S are FULL (a month or day name) or its first
 * three letters, or "sept", in any case. */
static int
nt_name_is(const char *s, size_t n, const char *full)
{
	size_t i;

	if (n != 3 && n != strlen(full) && !(n == 4 && strcmp(full, "september") == 0))
		return 0;
	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) != full[i])
			return 0;
	return 1;
}

/* The letters at *P, moved past; their count in *N. */
static const char *
nt_word(const char **p, const char *end, size_t *n)
{
	const char *s = *p;

	while (*p < end && nt_is_alpha(**p))
		(*p)++;
	*n = (size_t)(*p - s);
	return s;
}

/* Nonzero if T holds a real date and time. */
static int
nt_time_ok(const struct nt_feed_time *t)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = t->year % 4 == 0 && (t->year % 100 != 0 || t->year % 400 == 0);

	return t->year >= 1 && t->year <= 9999 && t->month >= 1 && t->month <= 12 &&
	       t->day >= 1 && t->day <= mdays[t->month - 1] &&
	       (t->month != 2 || t->day != 29 || leap) &&
	       t->hour <= 23 && t->min <= 59 && t->sec <= 60 &&
	       t->zone > -24 * 60 && t->zone < 24 * 60;
}

/* A numeric zone at *P: "+hhmm" or "+hh:mm".  "-0000" (and RFC 3339's
 * "-00:00") means the local offset is unknown. */
static int
nt_numeric_zone(const char **p, const char *end, struct nt_feed_time *t)
{
	int neg = **p == '-', hh, mm;

	(*p)++;
	if (!nt_num(p, end, 2, 2, &hh))
		return -1;
	nt_lit(p, end, ':');
	if (!nt_num(p, end, 2, 2, &mm) || mm > 59)
		return -1;
	t->zone = (neg ? -1 : 1) * (hh * 60 + mm);
	t->has_zone = !(neg && t->zone == 0);
	return 0;
}

/* RFC 3339: full-date ["T" partial-time [time-offset]]. */
static int
nt_date_3339(const char *p, const char *end, struct nt_feed_time *t)
{
	if (!nt_num(&p, end, 4, 4, &t->year) || !nt_lit(&p, end, '-') ||
	    !nt_num(&p, end, 2, 2, &t->month) || !nt_lit(&p, end, '-') ||
	    !nt_num(&p, end, 2, 2, &t->day))
		return -1;
	if (p < end) {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return -1;
		p++;
		if (!nt_num(&p, end, 2, 2, &t->hour) || !nt_lit(&p, end, ':') ||
		    !nt_num(&p, end, 2, 2, &t->min))
			return -1;
		if (nt_lit(&p, end, ':')) {
			if (!nt_num(&p, end, 2, 2, &t->sec))
				return -1;
			if (nt_lit(&p, end, '.')) {
				const char *frac = p;

				while (p < end && nt_is_digit(*p))
					p++;
				if (p == frac)
					return -1;
			}
		}
		t->has_time = 1;
		if (p < end && (*p == 'Z' || *p == 'z')) {
			p++;
			t->has_zone = 1;
		} else if (p < end && (*p == '+' || *p == '-')) {
			if (nt_numeric_zone(&p, end, t) != 0)
				return -1;
		}
	}
	return p == end && nt_time_ok(t) ? 0 : -1;
}

/* RFC 822 / 2822: [day-name ","] day month year [hh ":" mm [":" ss]
 * [zone]] [(comment)]. */
static int
nt_date_822(const char *p, const char *end, struct nt_feed_time *t)
{
	const char *w;
	size_t n, i;
	int digits;

	if (p < end && nt_is_alpha(*p)) {
		w = nt_word(&p, end, &n);
		for (i = 0; i < 7 && !nt_name_is(w, n, nt_day_names[i]); i++)
			;
		if (i == 7)
			return -1;
		nt_skip_blanks(&p, end);
		nt_lit(&p, end, ',');
		nt_skip_blanks(&p, end);
	}
	if (!nt_num(&p, end, 1, 2, &t->day) || p == end || !nt_is_space(*p))
		return -1;
	nt_skip_blanks(&p, end);
	w = nt_word(&p, end, &n);
	for (i = 0; i < 12 && !nt_name_is(w, n, nt_month_names[i]); i++)
		;
	if (i == 12 || p == end || !nt_is_space(*p))
		return -1;
	t->month = (int)i + 1;
	nt_skip_blanks(&p, end);
	if (!(digits = nt_num(&p, end, 2, 4, &t->year)))
		return -1;
	if (digits == 2)   /* RFC 2822 4.3 */
		t->year += t->year < 50 ? 2000 : 1900;
	else if (digits == 3)
		t->year += 1900;
	nt_skip_blanks(&p, end);
	if (p < end && nt_is_digit(*p)) {
		if (!nt_num(&p, end, 1, 2, &t->hour) || !nt_lit(&p, end, ':') ||
		    !nt_num(&p, end, 2, 2, &t->min))
			return -1;
		if (nt_lit(&p, end, ':') && !nt_num(&p, end, 2, 2, &t->sec))
			return -1;
		t->has_time = 1;
		nt_skip_blanks(&p, end);
		if (p < end && (*p == '+' || *p == '-')) {
			if (nt_numeric_zone(&p, end, t) != 0)
				return -1;
		} else if (p < end && nt_is_alpha(*p)) {
			w = nt_word(&p, end, &n);
			if (n > 5)
				return -1;
			for (i = 0; i < sizeof nt_zones / sizeof nt_zones[0]; i++)
				if (strlen(nt_zones[i].name) == n &&
				    strncasecmp(nt_zones[i].name, w, n) == 0) {
					t->zone = nt_zones[i].zone;
					t->has_zone = 1;
					break;
				}
			/* Military letters and other names: the zone is unknown. */
		}
		nt_skip_blanks(&p, end);
	}
	if (p < end && *p == '(') {   /* a comment, such as "(UTC)" */
		while (p < end && *p != ')')
			p++;
		if (!nt_lit(&p, end, ')'))
			return -1;
		nt_skip_blanks(&p, end);
	}
	return p == end && nt_time_ok(t) ? 0 : -1;
}

int
nt_feed_date(const char *s, size_t len, struct nt_feed_time *t)
{
	const char *end = s + len;

	memset(t, 0, sizeof *t);
	nt_skip_blanks(&s, end);
	while (end > s && nt_is_space(end[-1]))
		end--;
	if (end - s >= 5 && nt_is_digit(s[0]) && nt_is_digit(s[1]) && nt_is_digit(s[2]) &&
	    nt_is_digit(s[3]) && s[4] == '-')
		return nt_date_3339(s, end, t);
	return nt_date_822(s, end, t);
}

/* ----------------------------------------------------------- the tree */

/* What the XML parser reported: the first error that breaks
 * well-formedness, and the first namespace error (the document is still
 * well-formed XML: a warning). */
struct nt_feed_errors {
	unsigned n, nns;
	int line, col, ns_line, ns_col;
	char msg[256], ns_msg[256];
};

/* How the text of an element is read. */
enum nt_mode { NT_MODE_NONE, NT_MODE_PLAIN, NT_MODE_HTML, NT_MODE_XHTML };

struct nt_feed {
	const struct nt_reader *r;
	const char *path;
	char *source;          /* channel (feed) title, or NULL */
	char *author;          /* Atom feed author, inherited by entries, or NULL */
};

/* Copy the first line of libxml2's message MSG (the others quote the
 * input) to DST: a diagnostic is one line. */
static void
nt_feed_copy_msg(char *dst, size_t size, const char *msg)
{
	size_t n;

	snprintf(dst, size, "%s", msg ? msg : "XML error");
	dst[strcspn(dst, "\r\n")] = '\0';
	n = strlen(dst);
	while (n > 0 && dst[n - 1] == ' ')
		dst[--n] = '\0';
}

/* libxml2's structured error callback; CTX is the parser context, whose
 * _private is our struct nt_feed_errors. */
static void
nt_feed_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct nt_feed_errors *fe = ctxt ? ctxt->_private : NULL;

	if (!fe || !e || e->level < XML_ERR_ERROR)
		return;
	if (e->domain == XML_FROM_NAMESPACE) {
		if (fe->nns++ == 0) {
			fe->ns_line = e->line;
			fe->ns_col = e->int2;
			nt_feed_copy_msg(fe->ns_msg, sizeof fe->ns_msg, e->message);
		}
	} else if (fe->n++ == 0) {
		fe->line = e->line;
		fe->col = e->int2;
		nt_feed_copy_msg(fe->msg, sizeof fe->msg, e->message);
	}
}

/* libxml2 2.9 drops every entity reference, &lt; and &amp; included, once
 * the document is no longer well-formed (xmlParseReference returns early),
 * which would garble the escaped markup of every item after the first
 * error.  The errors are kept in struct nt_feed_errors instead, so these
 * wrappers of the tree builder mark the document well-formed again as
 * parsing goes on. */
static void
nt_feed_sax_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
		  int nns, const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
	((xmlParserCtxtPtr)ctx)->wellFormed = 1;
}

static void
nt_feed_sax_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	xmlSAX2EndElementNs(ctx, name, prefix, uri);
	((xmlParserCtxtPtr)ctx)->wellFormed = 1;
}

static void
nt_feed_sax_characters(void *ctx, const xmlChar *ch, int len)
{
	xmlSAX2Characters(ctx, ch, len);
	((xmlParserCtxtPtr)ctx)->wellFormed = 1;
}

/* libxml2 never prints: messages without a parser context go nowhere. */
static void
nt_feed_silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}


/* The first child element of N named NAME (core), or NULL. */
static xmlNode *
nt_child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (nt_is_core(c, name))
			return c;
	return NULL;
}

static int
nt_has_elements(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* The text of element N read as MODE, in *LEN bytes (malloc'd, never
 * NULL); ONE_LINE squeezes every white space run to one space. */
static char *
nt_feed_text(xmlNode *n, enum nt_mode mode, int one_line, size_t *len)
{
	struct nt_text t = { NULL, 0, 0, 0, 0, 0, 0 };
	char *s;

	if (mode == NT_MODE_HTML && !nt_has_elements(n)) {
		char *raw;
		size_t rawlen;

		t.pre = 1;   /* the escaped markup, as it is */
		t.feed = 1;
		nt_html_walk(&t, n);
		raw = nt_text_done(&t, &rawlen);
		s = nt_feed_html_text(raw, rawlen, len);
		free(raw);
	} else if (mode != NT_MODE_NONE) {
		t.paras = mode == NT_MODE_PLAIN && !one_line;
		t.feed = 1;
		nt_html_walk(&t, n);
		s = nt_text_done(&t, len);
	} else {
		s = nt_text_done(&t, len);
	}
	if (one_line && mode != NT_MODE_PLAIN) {
		nt_text_add(&t, s, *len);
		free(s);
		s = nt_text_done(&t, len);
	}
	return s;
}

/* The text of N as one trimmed line of plain text, or NULL when empty. */
static char *
nt_feed_value(xmlNode *n)
{
	size_t len;
	char *s = nt_feed_text(n, NT_MODE_PLAIN, 1, &len);

	if (len == 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* How to read the Atom text construct or content element N (RFC 4287
 * 3.1, 4.1.3): by its type, and not at all when its content is elsewhere
 * (src) or not text. */
static enum nt_mode
nt_atom_mode(const xmlNode *n)
{
	xmlChar *type;
	enum nt_mode mode = NT_MODE_PLAIN;

	if (xmlHasProp(n, BAD_CAST "src"))
		return NT_MODE_NONE;
	if (!(type = xmlGetProp(n, BAD_CAST "type")))
		return NT_MODE_PLAIN;
	if (xmlStrcasecmp(type, BAD_CAST "html") == 0 ||
	    xmlStrcasecmp(type, BAD_CAST "text/html") == 0)
		mode = NT_MODE_HTML;
	else if (xmlStrcasecmp(type, BAD_CAST "xhtml") == 0 ||
		 xmlStrcasecmp(type, BAD_CAST "application/xhtml+xml") == 0)
		mode = NT_MODE_XHTML;
	else if (xmlStrcasecmp(type, BAD_CAST "text") != 0 &&
		 xmlStrncasecmp(type, BAD_CAST "text/", 5) != 0)
		mode = NT_MODE_NONE;
	xmlFree(type);
	return mode;
}

/* A title: Atom's by its type, RSS's as HTML (RSS titles may hold escaped
 * markup and entities); one line, or NULL when empty. */
static char *
nt_feed_title(xmlNode *n, int atom)
{
	size_t len;
	char *s = nt_feed_text(n, atom ? nt_atom_mode(n) : NT_MODE_HTML, 1, &len);

	if (len == 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* An author: an Atom person's name, else the text; RSS's
 * "email (Name)" gives Name.  NULL when empty. */
static char *
nt_feed_author(xmlNode *n)
{
	xmlNode *name = nt_child(n, "name");
	char *s = nt_feed_value(name ? name : n), *open;
	size_t len;

	if (s && (len = strlen(s)) > 0 && s[len - 1] == ')' && (open = strstr(s, " (")) &&
	    memchr(s, '@', (size_t)(open - s)) && open + 3 < s + len) {
		char *inner = nt_xstrndup(open + 2, (size_t)(s + len - 1 - (open + 2)));

		free(s);
		s = inner;
	}
	return s;
}

/* The URL of the link element N: its href (Atom), resolved against
 * xml:base, else its text (RSS).  NULL when empty. */
static char *
nt_feed_link(xmlNode *n)
{
	xmlChar *href = xmlGetProp(n, BAD_CAST "href"), *base, *uri = NULL;
	char *s;

	if (!href)
		return nt_feed_value(n);
	if ((base = xmlNodeGetBase(n->doc, n))) {
		uri = xmlBuildURI(href, base);
		xmlFree(base);
	}
	s = *(uri ? uri : href) ? nt_xstrdup((const char *)(uri ? uri : href)) : NULL;
	xmlFree(uri);
	xmlFree(href);
	return s;
}

/* Nonzero if the link element N points at the item itself (RSS link, or
 * Atom rel="alternate" or no rel). */
static int
nt_is_alternate(const xmlNode *n)
{
	xmlChar *rel = xmlGetProp(n, BAD_CAST "rel");
	int alt = !rel || xmlStrcmp(rel, BAD_CAST "alternate") == 0;

	xmlFree(rel);
	return alt;
}

static void
nt_feed_meta(struct nt_article *a, enum nt_meta_field f, const char *s)
{
	if (s)
		nt_article_set_meta(a, f, s, strlen(s), 1);
}

enum { NT_TEXT_CONTENT_ENCODED, NT_TEXT_CONTENT, NT_TEXT_DESCRIPTION, NT_TEXT_SUMMARY,
       NT_TEXT_COUNT };

/* Date elements, best first. */
static const char *const nt_date_elements[] = {
	"pubDate", "published", "issued", "dc:date", "updated", "modified"
};
#define NT_DATE_COUNT (sizeof nt_date_elements / sizeof nt_date_elements[0])

/* Which of nt_date_elements N is, or -1. */
static int
nt_date_element(const xmlNode *n)
{
	size_t i;

	for (i = 0; i < NT_DATE_COUNT; i++)
		if (i == 3 ? nt_is_ext(n, NT_NS_DC, "dc:date") : nt_is_core(n, nt_date_elements[i]))
			return (int)i;
	return -1;
}

/* Set the date of A from the first of DATES that parses; warn about the
 * first given when none does. */
static void
nt_feed_set_date(struct nt_feed *f, struct nt_article *a, xmlNode *const *dates)
{
	struct nt_feed_time t;
	xmlNode *bad = NULL;
	char *badval = NULL, iso[16];
	size_t i;

	for (i = 0; i < NT_DATE_COUNT; i++) {
		char *s;

		if (!dates[i] || !(s = nt_feed_value(dates[i])))
			continue;
		if (nt_feed_date(s, strlen(s), &t) == 0) {
			snprintf(iso, sizeof iso, "%04d-%02d-%02d", t.year, t.month, t.day);
			nt_article_set_date(a, iso, 10, 1);
			free(s);
			free(badval);
			return;
		}
		if (!bad) {
			bad = dates[i];
			badval = s;
		} else {
			free(s);
		}
	}
	if (bad)
		nt_input_problem(f->r, 0, "%s:%ld:1: warning: %s '%.80s' is not an RFC 822 or "
				 "RFC 3339 date, ignored", f->path, xmlGetLineNo(bad),
				 (const char *)bad->name, badval);
	free(badval);
}

/* Make ITEM (an RSS item or Atom entry) the article A and hand it on. */
static int
nt_feed_item(struct nt_feed *f, xmlNode *item, struct nt_article *a)
{
	xmlNode *c, *next, *p, *title = NULL, *link = NULL, *alt = NULL, *id = NULL,
		*author = NULL, *creator = NULL, *text[NT_TEXT_COUNT] = { NULL },
		*dates[NT_DATE_COUNT] = { NULL };
	int atom = xmlStrcmp(item->name, BAD_CAST "entry") == 0, d;
	long line = xmlGetLineNo(item);
	char *s, *url = NULL, *name = NULL, *body = NULL;
	size_t i, len = 0;

	nt_input_begin(a, f->path, line > 0 && line <= UINT_MAX ? (unsigned)line : 1, 0);
	/* The item's elements, first of each kind wins; descendants too, since
	 * recovery nests the elements after an unclosed one inside it, but not
	 * those of nested items, of an Atom source, or of other namespaces. */
	for (c = item->children; c; c = next) {
		if (c->type == XML_ELEMENT_NODE && nt_is_core_ns(c) && c->children &&
		    !nt_is_core(c, "item") && !nt_is_core(c, "entry") && !nt_is_core(c, "source")) {
			next = c->children;
		} else {
			for (next = NULL, p = c; p && p != item; p = p->parent)
				if (p->next) {
					next = p->next;
					break;
				}
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (nt_is_core(c, "title")) {
			title = title ? title : c;
		} else if (nt_is_core(c, "link")) {
			link = link ? link : c;
			if (!alt && nt_is_alternate(c))
				alt = c;
		} else if (nt_is_core(c, "guid") || nt_is_core(c, "id")) {
			id = id ? id : c;
		} else if (nt_is_core(c, "author")) {
			author = author ? author : c;
		} else if (nt_is_ext(c, NT_NS_DC, "dc:creator")) {
			creator = creator ? creator : c;
		} else if (nt_is_ext(c, NT_NS_CONTENT, "content:encoded")) {
			text[NT_TEXT_CONTENT_ENCODED] = text[NT_TEXT_CONTENT_ENCODED] ?
				text[NT_TEXT_CONTENT_ENCODED] : c;
		} else if (nt_is_core(c, "content")) {
			text[NT_TEXT_CONTENT] = text[NT_TEXT_CONTENT] ? text[NT_TEXT_CONTENT] : c;
		} else if (nt_is_core(c, "description")) {
			text[NT_TEXT_DESCRIPTION] = text[NT_TEXT_DESCRIPTION] ?
				text[NT_TEXT_DESCRIPTION] : c;
		} else if (nt_is_core(c, "summary")) {
			text[NT_TEXT_SUMMARY] = text[NT_TEXT_SUMMARY] ? text[NT_TEXT_SUMMARY] : c;
		} else if ((d = nt_date_element(c)) >= 0 && !dates[d]) {
			dates[d] = c;
		}
	}

	if (title && (s = nt_feed_title(title, atom))) {
		nt_feed_meta(a, NT_META_TITLE, s);
		free(s);
	}
	if ((alt || link) && (url = nt_feed_link(alt ? alt : link)))
		nt_feed_meta(a, NT_META_URL, url);
	if (id && (name = nt_feed_value(id)) && !url) {   /* a permalink guid is the URL */
		xmlChar *perma = xmlGetProp(id, BAD_CAST "isPermaLink");

		if (!atom && (!perma || xmlStrcmp(perma, BAD_CAST "false") != 0) &&
		    (strncmp(name, "http://", 7) == 0 || strncmp(name, "https://", 8) == 0))
			nt_feed_meta(a, NT_META_URL, name);
		xmlFree(perma);
	}
	if (name || url) {
		free(a->name);
		a->name = name ? name : nt_xstrdup(url);
		a->has_id = 1;   /* the item's own id: --state knows it by this */
	}
	free(url);
	nt_feed_meta(a, NT_META_SOURCE, f->source);
	if ((creator || author) && (s = nt_feed_author(creator ? creator : author))) {
		nt_feed_meta(a, NT_META_AUTHOR, s);
		free(s);
	} else if (atom) {
		nt_feed_meta(a, NT_META_AUTHOR, f->author);
	}
	nt_feed_set_date(f, a, dates);

	for (i = 0; i < NT_TEXT_COUNT && !body; i++) {
		enum nt_mode mode;

		if (!text[i])
			continue;
		mode = i == NT_TEXT_CONTENT || i == NT_TEXT_SUMMARY ? nt_atom_mode(text[i]) :
			NT_MODE_HTML;
		body = nt_feed_text(text[i], mode, 0, &len);
		if (len == 0) {
			free(body);
			body = NULL;
		}
	}
	nt_article_append_raw(a, body ? body : "", len);
	free(body);
	return f->r->article(a, f->r->arg);
}

/* Hand every item and entry under ROOT, in document order, to the reader. */
static int
nt_feed_items(struct nt_feed *f, xmlNode *root, struct nt_article *a)
{
	xmlNode *n, *next, *p;
	int rc = 0;

	for (n = root; n && rc == 0; n = next) {
		if (n->type == XML_ELEMENT_NODE && (nt_is_core(n, "item") || nt_is_core(n, "entry")))
			rc = nt_feed_item(f, n, a);
		if (n->type == XML_ELEMENT_NODE && n->children) {
			next = n->children;
			continue;
		}
		for (next = NULL, p = n; p && p != root; p = p->parent)
			if (p->next) {
				next = p->next;
				break;
			}
	}
	return rc;
}

/* Read FP to its end after the NHEAD bytes at HEAD, at most the article
 * limit.  Returns the bytes (malloc'd) and their count in *LEN, or NULL
 * after reporting. */
static char *
nt_feed_slurp(const struct nt_reader *r, const char *path, FILE *fp, const char *head,
	      size_t nhead, size_t *len)
{
	size_t limit = r->max_bytes < INT_MAX ? r->max_bytes : INT_MAX, cap = 0, n = nhead, got;
	char *buf = NULL;

	nt_grow(&buf, &cap, nhead + NT_FEED_BLOCK, 1);
	memcpy(buf, head, nhead);
	while (n <= limit && !ferror(fp)) {
		nt_grow(&buf, &cap, n + NT_FEED_BLOCK, 1);
		if ((got = fread(buf + n, 1, cap - n, fp)) == 0)
			break;
		n += got;
	}
	if (ferror(fp)) {
		nt_input_problem(r, 1, "%s: %s", path, strerror(errno));
	} else if (n > limit) {
		nt_input_problem(r, 1, "%s: feed larger than %zu bytes skipped", path, limit);
	} else {
		*len = n;
		return buf;
	}
	free(buf);
	return NULL;
}

int
nt_feed_read(const struct nt_reader *r, const char *path, FILE *fp, const char *head,
	     size_t nhead, struct nt_article *a)
{
	struct nt_feed_errors fe;
	struct nt_feed f = { r, path, NULL, NULL };
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlNode *root, *chan, *n;
	char *buf;
	size_t len;
	int rc = 0, atom;

	if (!(buf = nt_feed_slurp(r, path, fp, head, nhead, &len)))
		return 0;
	xmlSetGenericErrorFunc(NULL, nt_feed_silent);
	if (!(ctxt = xmlNewParserCtxt())) {
		nt_input_problem(r, 1, "%s: out of memory", path);
		free(buf);
		return 0;
	}
	memset(&fe, 0, sizeof fe);
	ctxt->_private = &fe;
	ctxt->sax->serror = nt_feed_error;
	ctxt->sax->startElementNs = nt_feed_sax_start;
	ctxt->sax->endElementNs = nt_feed_sax_end;
	ctxt->sax->characters = nt_feed_sax_characters;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL, NT_XML_OPTIONS);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (fe.n > 0)
		nt_input_problem(r, 1, "%s:%d:%d: %s%s", path, fe.line, fe.col, fe.msg,
				 root ? " (malformed feed; read what could be recovered)" : "");
	else if (!root)
		nt_input_problem(r, 1, "%s: no XML document", path);
	else if (fe.nns > 0)
		nt_input_problem(r, 0, "%s:%d:%d: warning: %s", path, fe.ns_line, fe.ns_col,
				 fe.ns_msg);

	if (!root) {
		;
	} else if (!nt_is_core(root, "rss") && xmlStrcmp(root->name, BAD_CAST "RDF") != 0 &&
		   !nt_is_core(root, "feed") && !nt_is_core(root, "entry")) {
		nt_input_problem(r, 1, "%s:%ld:1: not an RSS or Atom feed (root element <%.80s>)",
				 path, xmlGetLineNo(root), (const char *)root->name);
	} else {
		atom = nt_is_core(root, "feed");
		chan = atom ? root : nt_child(root, "channel");
		if (chan && (n = nt_child(chan, "title")))
			f.source = nt_feed_title(n, atom);
		if (atom && (n = nt_child(root, "author")))
			f.author = nt_feed_author(n);
		rc = nt_feed_items(&f, root, a);
	}
	free(f.source);
	free(f.author);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	free(buf);
	return rc;
}
