/* json.c - read string fields of one JSON object, write JSON strings.
 *
 * --input jsonl needs a few string members of each line's object, and
 * --format jsonl needs string literals; neither justifies a dependency on a
 * general JSON library.  The reader is a strict RFC 8259 recursive-descent
 * parser:
 *   - it works on a length-bounded buffer (the line is not NUL-terminated)
 *     and never looks past it;
 *   - it is O(n): each byte is examined a bounded number of times (a
 *     requested string is scanned twice: once to validate and size it, once
 *     to copy it);
 *   - recursion is bounded by NT_JSON_MAX_DEPTH nested containers, so a
 *     hostile line cannot exhaust the stack;
 *   - it allocates only for requested fields and for decoding top-level keys;
 *   - strings must be valid UTF-8 (RFC 3629: no overlong forms, no encoded
 *     surrogates); a \u escape of a lone surrogate decodes to U+FFFD, as
 *     the text itself would not be valid UTF-8 otherwise.
 * The writer escapes what JSON requires plus U+2028 and U+2029, which are
 * line terminators in JavaScript before ES2019 (RFC 8259 section 7 allows
 * any character to be escaped). */
#include "json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

/* Containers nested deeper than this (counting the top-level object) are
 * an error. */
#define NT_JSON_MAX_DEPTH 256

#define REPLACEMENT_CHAR 0xFFFDu

struct parser {
	const char *s;
	size_t len, pos;
	char *msg;
	size_t msgsize;
	size_t *col;
	/* The requested top-level fields and where their values go. */
	const char *const *names;
	size_t n;
	char **values;
	size_t *lens;
	/* Scratch buffer for decoding top-level keys. */
	char *key;
	size_t key_cap;
};

/* Record MSG at byte offset AT and return -1. */
static int __attribute__((format(printf, 3, 4)))
fail(struct parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->msg, p->msgsize, fmt, ap);
	va_end(ap);
	*p->col = at + 1;
	return -1;
}

/* The byte at the cursor, or -1 at the end of the line. */
static int
peek(const struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static void
skip_ws(struct parser *p)
{
	int c;

	while ((c = peek(p)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		p->pos++;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Length of the well-formed UTF-8 sequence starting a multi-byte character
 * at S (N bytes available), or 0 if it is ill-formed (RFC 3629, table 3-7
 * of the Unicode standard). */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (s[0] < 0xC2)
		return 0;
	if (s[0] < 0xE0) {
		need = 1;
	} else if (s[0] < 0xF0) {
		need = 2;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] < 0xF5) {
		need = 3;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n <= need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i <= need; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return need + 1;
}

/* Append LEN bytes to DST (when not NULL) at *N, and advance *N. */
static void
put(char *dst, size_t *n, const void *bytes, size_t len)
{
	if (dst)
		memcpy(dst + *n, bytes, len);
	*n += len;
}

/* Append code point CP (at most U+10FFFF, not a surrogate) as UTF-8. */
static void
put_utf8(char *dst, size_t *n, uint32_t cp)
{
	unsigned char b[4];
	size_t len;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		len = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		len = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F));
		len = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | cp >> 18);
		b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (unsigned char)(0x80 | (cp & 0x3F));
		len = 4;
	}
	put(dst, n, b, len);
}

/* Parse "\uXXXX" at AT.  Returns the 16-bit code unit, or -1 if the bytes
 * there are not such an escape. */
static long
hex_escape(const struct parser *p, size_t at)
{
	long v = 0;
	size_t i;

	if (p->len - at < 6 || p->s[at] != '\\' || p->s[at + 1] != 'u')
		return -1;
	for (i = at + 2; i < at + 6; i++) {
		int c = (unsigned char)p->s[i];

		if (is_digit(c))
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return -1;
		v = v << 4 | c;
	}
	return v;
}

/* Decode the escape sequence at the cursor (a backslash), advance past it
 * and append its UTF-8 to DST (when not NULL) at *N.  A high surrogate
 * escape followed by a low surrogate escape is one character; any other
 * surrogate escape is U+FFFD.  Returns 0 or -1. */
static int
escape(struct parser *p, char *dst, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e = NULL;
	long u;

	if (p->pos + 1 < p->len)
		e = memchr(from, p->s[p->pos + 1], sizeof from - 1);
	if (e) {
		put(dst, n, &to[e - from], 1);
		p->pos += 2;
		return 0;
	}
	u = hex_escape(p, p->pos);
	if (u < 0)
		return fail(p, p->pos, "invalid escape in string");
	p->pos += 6;
	if (u >= 0xD800 && u <= 0xDBFF) {
		long lo = hex_escape(p, p->pos);

		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			p->pos += 6;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		} else {
			u = REPLACEMENT_CHAR;
		}
	} else if (u >= 0xDC00 && u <= 0xDFFF) {
		u = REPLACEMENT_CHAR;
	}
	put_utf8(dst, n, (uint32_t)u);
	return 0;
}

/* Parse the string at the cursor (an opening quote) and advance past its
 * closing quote.  When DST is not NULL the unescaped bytes are stored there;
 * they never outnumber the bytes between the quotes.  *LEN receives the
 * unescaped length.  Returns 0 or -1. */
static int
string(struct parser *p, char *dst, size_t *len)
{
	size_t open = p->pos++, n = 0, k;
	int c;

	while ((c = peek(p)) != '"') {
		if (c < 0)
			return fail(p, open, "unterminated string");
		if (c < 0x20)
			return fail(p, p->pos, "control character in string");
		if (c == '\\') {
			if (escape(p, dst, &n) < 0)
				return -1;
			continue;
		}
		k = c < 0x80 ? 1 :
		    utf8_seq_len((const unsigned char *)p->s + p->pos, p->len - p->pos);
		if (k == 0)
			return fail(p, p->pos, "invalid UTF-8 in string");
		put(dst, &n, p->s + p->pos, k);
		p->pos += k;
	}
	p->pos++;
	*len = n;
	return 0;
}

static void
skip_digits(struct parser *p)
{
	while (is_digit(peek(p)))
		p->pos++;
}

/* Parse a number (RFC 8259 section 6) at the cursor.  Returns 0 or -1. */
static int
number(struct parser *p)
{
	size_t start = p->pos;

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0')
		p->pos++;
	else if (is_digit(peek(p)))
		skip_digits(p);
	else
		return fail(p, start, "invalid number");
	if (peek(p) == '.') {
		p->pos++;
		if (!is_digit(peek(p)))
			return fail(p, start, "invalid number");
		skip_digits(p);
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!is_digit(peek(p)))
			return fail(p, start, "invalid number");
		skip_digits(p);
	}
	return 0;
}

/* Parse the literal WORD at the cursor.  Returns 0 or -1. */
static int
literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return fail(p, p->pos, "invalid literal");
	p->pos += n;
	return 0;
}

static int container(struct parser *p, unsigned depth);

/* Parse any value at the cursor; DEPTH is the number of containers it is
 * inside.  Returns 0 or -1. */
static int
value(struct parser *p, unsigned depth)
{
	size_t len;

	switch (peek(p)) {
	case '{':
	case '[':
		if (depth >= NT_JSON_MAX_DEPTH)
			return fail(p, p->pos, "nesting deeper than %d", NT_JSON_MAX_DEPTH);
		return container(p, depth + 1);
	case '"':
		return string(p, NULL, &len);
	case 't':
		return literal(p, "true");
	case 'f':
		return literal(p, "false");
	case 'n':
		return literal(p, "null");
	default:
		if (peek(p) == '-' || is_digit(peek(p)))
			return number(p);
		return fail(p, p->pos, "expected value");
	}
}

/* Parse the member name at the cursor in a container at DEPTH.  *FIELD
 * receives the index of the requested field it names (top level only), or
 * -1.  Returns 0 or -1. */
static int
key(struct parser *p, unsigned depth, long *field)
{
	size_t start = p->pos, len, i;

	*field = -1;
	if (peek(p) != '"')
		return fail(p, p->pos, "expected member name");
	if (string(p, NULL, &len) < 0)
		return -1;
	if (depth > 1 || p->n == 0)
		return 0;
	nt_grow(&p->key, &p->key_cap, len + 1, 1);
	p->pos = start;
	string(p, p->key, &len);  /* validated above: cannot fail */
	for (i = 0; i < p->n && *field < 0; i++)
		if (strlen(p->names[i]) == len && memcmp(p->names[i], p->key, len) == 0)
			*field = (long)i;
	return 0;
}

/* Parse the value of requested field I at the cursor and store it (the
 * last occurrence of a duplicate key wins).  Returns 0 or -1. */
static int
field_value(struct parser *p, size_t i)
{
	size_t start = p->pos, len;
	int c = peek(p);
	char *v = NULL;

	if (value(p, 1) < 0)
		return -1;
	if (c == '"') {
		v = nt_xmalloc(p->pos - start);
		p->pos = start;
		string(p, v, &len);  /* validated by value(): cannot fail */
		v[len] = '\0';
	} else if (c == '-' || is_digit(c)) {
		len = p->pos - start;
		v = nt_xstrndup(p->s + start, len);
	} else if (c == 'n') {
		len = 0;
	} else {
		return fail(p, start, "field '%s' is not a string", p->names[i]);
	}
	free(p->values[i]);
	p->values[i] = v;
	if (p->lens)
		p->lens[i] = len;
	return 0;
}

/* Parse a member (name, ':' and value) of an object at DEPTH, storing the
 * value when it is a requested top-level field.  Returns 0 or -1. */
static int
member(struct parser *p, unsigned depth)
{
	long field;

	if (key(p, depth, &field) < 0)
		return -1;
	skip_ws(p);
	if (peek(p) != ':')
		return fail(p, p->pos, "expected ':'");
	p->pos++;
	skip_ws(p);
	return field >= 0 ? field_value(p, (size_t)field) : value(p, depth);
}

/* Parse the object or array at the cursor, the DEPTH-th container from the
 * top.  Returns 0 or -1. */
static int
container(struct parser *p, unsigned depth)
{
	int object = peek(p) == '{';
	int close = object ? '}' : ']';

	p->pos++;
	skip_ws(p);
	if (peek(p) == close) {
		p->pos++;
		return 0;
	}
	for (;;) {
		if ((object ? member(p, depth) : value(p, depth)) < 0)
			return -1;
		skip_ws(p);
		if (peek(p) == close) {
			p->pos++;
			return 0;
		}
		if (peek(p) != ',')
			return fail(p, p->pos, object ? "expected ',' or '}'" :
				    "expected ',' or ']'");
		p->pos++;
		skip_ws(p);
	}
}

int
nt_json_read_fields(const char *line, size_t len, const char *const *names, size_t n,
		    char **values, size_t *lens, char *msg, size_t msgsize, size_t *col)
{
	struct parser p = {
		.s = line, .len = len, .msg = msg, .msgsize = msgsize, .col = col,
		.names = names, .n = n, .values = values, .lens = lens,
	};
	size_t i;
	int r = -1;

	for (i = 0; i < n; i++) {
		values[i] = NULL;
		if (lens)
			lens[i] = 0;
	}
	skip_ws(&p);
	if (peek(&p) != '{') {
		fail(&p, p.pos, "not a JSON object");
	} else if (container(&p, 1) == 0) {
		skip_ws(&p);
		if (p.pos < p.len)
			fail(&p, p.pos, "trailing characters after object");
		else
			r = 0;
	}
	free(p.key);
	if (r < 0) {
		for (i = 0; i < n; i++) {
			free(values[i]);
			values[i] = NULL;
			if (lens)
				lens[i] = 0;
		}
	}
	return r;
}

/* The escape for the character at S (AVAIL bytes left), or NULL if it is
 * written as is.  *N receives the length of the character in bytes.  BUF
 * holds a \u00XX escape when one is needed. */
static const char *
json_escape(const unsigned char *s, size_t avail, char buf[7], size_t *n)
{
	*n = 1;
	if (s[0] >= 0x20 && s[0] != '"' && s[0] != '\\' && s[0] != 0xE2)
		return NULL;   /* the common case, on one test */
	switch (s[0]) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	}
	if (s[0] < 0x20) {
		snprintf(buf, 7, "\\u%04x", s[0]);
		return buf;
	}
	if (s[0] == 0xE2 && avail >= 3 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) {
		*n = 3;
		return s[2] == 0xA8 ? "\\u2028" : "\\u2029";
	}
	return NULL;
}

void
nt_json_write_string(FILE *fp, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n, run = 0;
	char buf[7];

	putc('"', fp);
	for (i = 0; i < len; i += n) {
		const char *e = json_escape(u + i, len - i, buf, &n);

		if (!e)
			continue;
		fwrite(s + run, 1, i - run, fp);
		fputs(e, fp);
		run = i + n;
	}
	fwrite(s + run, 1, len - run, fp);
	putc('"', fp);
}
