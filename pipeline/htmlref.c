/* htmlref.c - HTML character references (htmlref.h).
 *
 * Read: decimal and hexadecimal references ("&#8217;", "&#x2019;") to a
 * Unicode scalar value other than NUL, and the named references that
 * news pages use (HTML Living Standard, "Named character references"):
 * markup and punctuation (&amp; &quot; &nbsp; &rsquo; &mdash; ...),
 * currency and a few signs, and Latin letters with a diacritic, read as
 * the letter and the combining mark composed (&eacute; = e + U+0301 =
 * U+00E9), which covers every &[letter](acute|grave|circ|tilde|uml|ring|
 * cedil|caron); reference.  A reference must end in ';': "AT&T" and
 * "&copy 2024" stay as written. */
#include "htmlref.h"

#include <string.h>
#include <utf8proc.h>

#define NT_HTMLREF_NAME_MAX 8   /* the longest name read */

/* A name and the code point it stands for. */
struct nt_htmlref_name {
	const char *name;
	int32_t cp;
};

static const struct nt_htmlref_name nt_htmlref_names[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
	{ "nbsp", 0xA0 }, { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "minus", 0x2212 }, { "shy", 0xAD },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201A }, { "ldquo", 0x201C },
	{ "rdquo", 0x201D }, { "bdquo", 0x201E }, { "laquo", 0xAB }, { "raquo", 0xBB },
	{ "hellip", 0x2026 }, { "middot", 0xB7 }, { "bull", 0x2022 }, { "prime", 0x2032 },
	{ "euro", 0x20AC }, { "pound", 0xA3 }, { "yen", 0xA5 }, { "cent", 0xA2 },
	{ "copy", 0xA9 }, { "reg", 0xAE }, { "trade", 0x2122 }, { "deg", 0xB0 },
	{ "sect", 0xA7 }, { "para", 0xB6 }, { "times", 0xD7 }, { "divide", 0xF7 },
	{ "plusmn", 0xB1 }, { "frac12", 0xBD }, { "frac14", 0xBC }, { "frac34", 0xBE },
	{ "szlig", 0xDF }, { "aelig", 0xE6 }, { "AElig", 0xC6 }, { "oslash", 0xF8 },
	{ "Oslash", 0xD8 }, { "eth", 0xF0 }, { "thorn", 0xFE }, { "iquest", 0xBF },
	{ "iexcl", 0xA1 }, { "ordm", 0xBA }, { "ordf", 0xAA },
};

/* The names of diacritics and their combining marks. */
static const struct nt_htmlref_name nt_htmlref_marks[] = {
	{ "grave", 0x300 }, { "acute", 0x301 }, { "circ", 0x302 }, { "tilde", 0x303 },
	{ "uml", 0x308 }, { "ring", 0x30A }, { "caron", 0x30C }, { "cedil", 0x327 },
};

/* The code point that table T (N entries) gives the LEN bytes S, or 0. */
static int32_t
nt_htmlref_find(const struct nt_htmlref_name *t, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(t[i].name) == len && memcmp(t[i].name, s, len) == 0)
			return t[i].cp;
	return 0;
}

/* The code point of named reference NAME (LEN bytes), or 0. */
static int32_t
nt_htmlref_named(const char *name, size_t len)
{
	int32_t cp, mark;

	if ((cp = nt_htmlref_find(nt_htmlref_names, sizeof nt_htmlref_names / sizeof *nt_htmlref_names,
				  name, len)))
		return cp;
	if (len >= 4 && ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')) &&
	    (mark = nt_htmlref_find(nt_htmlref_marks, sizeof nt_htmlref_marks / sizeof *nt_htmlref_marks,
				    name + 1, len - 1)) != 0) {
		utf8proc_int32_t pair[2] = { (unsigned char)name[0], mark };
		utf8proc_ssize_t n = utf8proc_normalize_utf32(pair, 2, UTF8PROC_STABLE |
							     UTF8PROC_COMPOSE);

		return n == 1 ? pair[0] : 0;   /* no precomposed letter: left as written */
	}
	return 0;
}

/* The value of the LEN digits at S in BASE, or -1 past U+10FFFF. */
static long
nt_htmlref_number(const char *s, size_t len, int base)
{
	long v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10;

		v = v * base + d;
		if (v > 0x10FFFF)
			return -1;
	}
	return v;
}

size_t
nt_htmlref_read(const char *s, size_t len, int32_t *cp)
{
	size_t k = 1, start;
	long v;

	if (len < 4 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';

		start = k = 2 + (size_t)hex;
		while (k < len && k - start < 7 &&
		       ((s[k] >= '0' && s[k] <= '9') ||
			(hex && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f')))))
			k++;
		if (k == start || k >= len || s[k] != ';' ||
		    (v = nt_htmlref_number(s + start, k - start, hex ? 16 : 10)) <= 0 ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = (int32_t)v;
		return k + 1;
	}
	while (k < len && k - 1 <= NT_HTMLREF_NAME_MAX &&
	       ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
		(s[k] >= '0' && s[k] <= '9')))
		k++;
	if (k == 1 || k >= len || s[k] != ';' || !(*cp = nt_htmlref_named(s + 1, k - 1)))
		return 0;
	return k + 1;
}
