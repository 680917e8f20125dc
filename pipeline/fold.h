/* fold.h - character folding: what makes two spellings "the same" for
 * matching, while the original text stays untouched.
 *
 * Two levels:
 *   - typographic folding (nt_fold_typo), applied by normalize to build the
 *     matching view: curly quotes and primes to ' and ", every dash and
 *     minus to '-', every space-like character to ' ', line and paragraph
 *     separators to '\n', zero-width characters, soft hyphens and stray BOMs
 *     removed, the ellipsis to "...", control characters to ' ';
 *   - case and accent folding (nt_fold_cp), applied by the matchers of later
 *     stages on top of the view: Unicode full case folding and removal of
 *     combining marks after canonical decomposition, so "Türk" folds to
 *     "turk" and "İstanbul" to "istanbul" (via utf8proc, Unicode 15). */
#ifndef NT_FOLD_H
#define NT_FOLD_H

#include <stddef.h>
#include <stdint.h>

#define NT_FOLD_MAX 4   /* most code points nt_fold_typo/nt_fold_cp produce for one */

enum nt_fold_flags {
	NT_FOLD_CASE = 1,    /* Unicode case folding */
	NT_FOLD_ACCENT = 2   /* strip combining marks (after decomposition) */
};

/* Each byte's case fold if it is an ASCII letter or digit (letters in
 * lower case, digits as they are), else 0: NUL, punctuation, and the bytes
 * of multibyte characters.  The per-byte loops that fold ASCII text look
 * it up. */
extern const uint8_t nt_fold_ascii_word[256];

/* Typographic fold of CP into OUT (room for NT_FOLD_MAX).  Returns the
 * number of code points written: 0 drops CP, 1 is the usual case. */
int nt_fold_typo(int32_t cp, int32_t *out);

/* Case and/or accent fold of CP (per FLAGS) into OUT (room for
 * NT_FOLD_MAX).  Returns the number of code points written (0 when CP is a
 * lone combining mark removed by NT_FOLD_ACCENT). */
int nt_fold_cp(int32_t cp, unsigned flags, int32_t *out);

/* Fold the UTF-8 string S (LEN bytes, valid UTF-8) into a malloc'd,
 * NUL-terminated UTF-8 string; *OUTLEN receives its length. */
char *nt_fold_str(const char *s, size_t len, unsigned flags, size_t *outlen);

/* The same for CP >= 0x80 (Unicode categories, through utf8proc). */
int nt_is_word_cp_unicode(int32_t cp);
int nt_is_letter_cp_unicode(int32_t cp);

/* Nonzero if CP is a letter or combining mark.  Inline: matchers ask for
 * every character. */
static inline int
nt_is_letter_cp(int32_t cp)
{
	if (cp < 0x80)
		return (unsigned)((cp | 32) - 'a') < 26;
	return nt_is_letter_cp_unicode(cp);
}

/* Nonzero if CP is a letter, a combining mark or a digit: the characters
 * that make up words for tokenizing and word boundaries. */
static inline int
nt_is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (unsigned)((cp | 32) - 'a') < 26 || (unsigned)(cp - '0') < 10;
	return nt_is_word_cp_unicode(cp);
}

/* Nonzero if CP is a letter of a script written without spaces between
 * words: Thai, Lao, Myanmar, Khmer, Hiragana, Katakana and the Han
 * ideographs (the blocks of those scripts).  No word bound can be seen
 * there, so the matchers take a word bound before and after each such
 * letter: an alias in Chinese or Japanese matches wherever its characters
 * stand, as a reader would find it. */
static inline int
nt_is_unspaced_cp(int32_t cp)
{
	return (cp >= 0x0E00 && cp <= 0x0EFF) ||     /* Thai, Lao */
	       (cp >= 0x1000 && cp <= 0x109F) ||     /* Myanmar */
	       (cp >= 0x1780 && cp <= 0x17FF) ||     /* Khmer */
	       (cp >= 0x3040 && cp <= 0x30FF) ||     /* Hiragana, Katakana */
	       (cp >= 0x31F0 && cp <= 0x31FF) ||     /* Katakana phonetic extensions */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||     /* CJK extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||     /* CJK unified ideographs */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||     /* CJK compatibility ideographs */
	       (cp >= 0xFF66 && cp <= 0xFF9F) ||     /* halfwidth Katakana */
	       (cp >= 0x20000 && cp <= 0x323AF);     /* CJK extensions B to H */
}

/* Nonzero if C, a byte of typographically folded text (a view), is
 * blank: folding leaves no blanks but ' ' and '\n'. */
static inline int
nt_is_folded_blank(char c)
{
	return c == ' ' || c == '\n';
}

#endif
