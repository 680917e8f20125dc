/* body.c - the lead and the content hash of an article's body (body.h). */
#include "body.h"

#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#include "blake2b.h"
#include "fold.h"

#define NT_BODY_DIGEST ((NT_CONTENT_HASH_SIZE - 1) / 2)   /* 16 bytes, as b2sum -l 128 */

/* Nonzero if the view bytes at P (NUL-terminated) are a full-width stop
 * of Chinese and Japanese (U+3002, U+FF01, U+FF1F): a sentence's end,
 * with no space or capital after it. */
static int
nt_body_cjk_stop(const char *p)
{
	return memcmp(p, "\xE3\x80\x82", 3) == 0 || memcmp(p, "\xEF\xBC\x81", 3) == 0 ||
	       memcmp(p, "\xEF\xBC\x9F", 3) == 0;
}

/* Nonzero if the line of A's view that ends at view byte NL ends a
 * sentence: its last character other than spaces and closing quotes or
 * brackets is '.', '!' or '?', and a full stop does not follow a single
 * letter (an initial: "George W.", "the U.S.").  At a line's end a
 * capitalized short word is a sentence's end ("talks in Baku."): the
 * abbreviations of nt_article_sentence_stop rarely end a line.  Looks
 * back no further than FROM. */
static int
nt_body_line_ends_sentence(const struct nt_article *a, size_t from, size_t nl)
{
	const char *v = a->view;
	size_t i = nl;

	while (i > from && strchr(" \"')]", v[i - 1]))
		i--;
	if (i >= from + 3 && nt_body_cjk_stop(v + i - 3))
		return 1;
	if (i == from || !strchr(".!?", v[i - 1]))
		return 0;
	return v[i - 1] != '.' ||
	       !(i - 1 > from && isalpha((unsigned char)v[i - 2]) &&
		 (i - 2 == from || !isalpha((unsigned char)v[i - 3])));
}

/* Nonzero if the line after the line break at view byte NL is blank. */
static int
nt_body_blank_line_after(const struct nt_article *a, size_t nl)
{
	size_t i = nl + 1;

	while (i < a->view_len && a->view[i] == ' ')
		i++;
	return i == a->view_len || a->view[i] == '\n';
}

/* The view byte where A's lead ends (see body.h). */
static size_t
nt_body_lead(const struct nt_article *a)
{
	const char *v = a->view;
	size_t i = 0, line = 0;
	int sentences = 0;

	for (; (i += strcspn(v + i, "\n.!?\xE3\xEF")) < a->view_len; i++) {
		if ((unsigned char)v[i] >= 0x80) {   /* 。！？ end a sentence as they stand */
			if (nt_body_cjk_stop(v + i) && ++sentences == 2)
				return i + 3;
		} else if (v[i] == '\n') {
			if (nt_body_line_ends_sentence(a, line, i) ||
			    (sentences > 0 && nt_body_blank_line_after(a, i)))
				return i;
			line = i + 1;
		} else if (nt_article_sentence_end(a, line, i, a->view_len) && ++sentences == 2) {
			return i + 1;
		}
	}
	return a->view_len;
}

/* Bytes of A's view read between two checks for room in the buffer. */
#define NT_BODY_RUN 256

/* The hash of A's letters and digits into A->content_hash ("" when it
 * has none).  ASCII goes through nt_fold_ascii_word without a branch, other
 * code points through fold.h; the bytes reach the hash through BUF. */
static void
nt_body_hash(struct nt_article *a)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *v = (const unsigned char *)a->view;
	struct nt_blake2b h;
	unsigned char buf[2 * NT_BODY_RUN + NT_FOLD_MAX * 4], digest[NT_BODY_DIGEST];
	size_t i = 0, n = 0, total = 0, run;
	int32_t cp, f[NT_FOLD_MAX];
	utf8proc_ssize_t len;
	int k, nf;

	nt_blake2b_init(&h, NT_BODY_DIGEST);
	while (i < a->view_len) {
		for (run = i + NT_BODY_RUN < a->view_len ? i + NT_BODY_RUN : a->view_len;
		     i < run && v[i] < 0x80; i++) {
			buf[n] = nt_fold_ascii_word[v[i]];
			n += buf[n] != 0;
		}
		if (i < run) {   /* a code point from U+0080 up */
			len = utf8proc_iterate(v + i, (utf8proc_ssize_t)(a->view_len - i), &cp);
			if (len <= 0) {   /* the view is valid UTF-8; be safe anyway */
				len = 1;
				cp = ' ';
			}
			i += (size_t)len;
			nf = nt_is_word_cp(cp) ? nt_fold_cp(cp, NT_FOLD_CASE, f) : 0;
			for (k = 0; k < nf; k++)
				n += (size_t)utf8proc_encode_char(f[k], buf + n);
		}
		if (n >= NT_BODY_RUN) {
			nt_blake2b_update(&h, buf, n);
			total += n;
			n = 0;
		}
	}
	nt_blake2b_update(&h, buf, n);
	nt_blake2b_final(&h, digest);
	if (total + n == 0) {
		a->content_hash[0] = '\0';
		return;
	}
	for (k = 0; k < NT_BODY_DIGEST; k++) {
		a->content_hash[2 * k] = hex[digest[k] >> 4];
		a->content_hash[2 * k + 1] = hex[digest[k] & 15];
	}
	a->content_hash[2 * NT_BODY_DIGEST] = '\0';
}

void
nt_body_note(struct nt_article *a)
{
	size_t lead = nt_body_lead(a);

	a->lead_end = lead > 0 ? a->view_end[lead - 1] : a->view_start[0];
	nt_body_hash(a);
}
