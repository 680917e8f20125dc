/* fold.c - typographic, case and accent folding of code points (fold.h). */
#include "fold.h"

#include <string.h>
#include <utf8proc.h>

#include "err.h"

/* See fold.h. */
const uint8_t nt_fold_ascii_word[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f',
	['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l',
	['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r',
	['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
	['Y'] = 'y', ['Z'] = 'z',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f',
	['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
	['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r',
	['s'] = 's', ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
	['y'] = 'y', ['z'] = 'z'
};

int
nt_fold_typo(int32_t cp, int32_t *out)
{
	if (cp < 0x80) {
		if (cp == '\t' || (cp < 0x20 && cp != '\n') || cp == 0x7F)
			cp = ' ';
		out[0] = cp;
		return 1;
	}
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035:
	case 0x02BC: case 0x02B9: case 0xFF07:
		out[0] = '\'';
		return 1;
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
	case 0x00AB: case 0x00BB: case 0xFF02:
		out[0] = '"';
		return 1;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
	case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D: case 0x2E3A: case 0x2E3B:
		out[0] = '-';
		return 1;
	case 0x2028: case 0x2029: case 0x0085:
		out[0] = '\n';
		return 1;
	case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD:
		return 0;
	case 0x2026:
		out[0] = out[1] = out[2] = '.';
		return 3;
	default:
		break;
	}
	if ((cp >= 0x80 && cp < 0xA0) || cp == 0x00A0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000)
		cp = ' ';
	out[0] = cp;
	return 1;
}

int
nt_fold_cp(int32_t cp, unsigned flags, int32_t *out)
{
	utf8proc_option_t opt = UTF8PROC_STABLE;
	utf8proc_ssize_t n;
	int last = 0;

	if (cp < 0x80) {
		out[0] = (flags & NT_FOLD_CASE) && cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
		return 1;
	}
	if (flags & NT_FOLD_CASE)
		opt |= UTF8PROC_CASEFOLD;
	if (flags & NT_FOLD_ACCENT)
		opt |= UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK;
	n = utf8proc_decompose_char(cp, out, NT_FOLD_MAX, opt, &last);
	if (n < 0 || n > NT_FOLD_MAX) {
		out[0] = cp;
		return 1;
	}
	return (int)n;
}

char *
nt_fold_str(const char *s, size_t len, unsigned flags, size_t *outlen)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t cap = len * 2 + 8, n = 0;
	char *out = nt_xmalloc(cap);

	while (len > 0) {
		utf8proc_int32_t cp, f[NT_FOLD_MAX];
		utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
		int nf, i;

		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		p += k;
		len -= (size_t)k;
		nf = nt_fold_cp(cp, flags, f);
		for (i = 0; i < nf; i++) {
			nt_grow(&out, &cap, n + 5, 1);
			n += (size_t)utf8proc_encode_char(f[i], (utf8proc_uint8_t *)out + n);
		}
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

int
nt_is_letter_cp_unicode(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		return 1;
	default:
		return 0;
	}
}

int
nt_is_word_cp_unicode(int32_t cp)
{
	return nt_is_letter_cp_unicode(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}
