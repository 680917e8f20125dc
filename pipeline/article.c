/* article.c - lifetime and small helpers of struct nt_article (see article.h). */
#include "article.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gazetteer.h"

const char *const nt_meta_names[NT_META_COUNT] = {
	"date", "source", "author", "title", "url"
};

struct nt_article *
nt_article_new(void)
{
	return nt_xcalloc(1, sizeof(struct nt_article));
}

/* Buffers over this many bytes are freed on reset rather than kept for
 * the next article: a long article does not leave its memory behind, in
 * each of the --jobs ring's slots. */
#define NT_ARTICLE_KEEP ((size_t)1 << 20)

/* Free *P if its CAP elements of SIZE bytes are over NT_ARTICLE_KEEP. */
static void
nt_article_shrink(void *p, size_t *cap, size_t size)
{
	void **pp = p;

	if (*cap > NT_ARTICLE_KEEP / size) {
		free(*pp);
		*pp = NULL;
		*cap = 0;
	}
}

void
nt_article_reset(struct nt_article *a)
{
	size_t i, map_cap;

	free(a->name);
	a->name = NULL;
	a->has_id = 0;
	a->path = NULL;
	a->line = 0;
	for (i = 0; i < NT_META_COUNT; i++) {
		free(a->meta[i]);
		a->meta[i] = NULL;
	}
	a->meta_given = 0;
	a->lead_end = 0;
	a->content_hash[0] = '\0';
	a->raw_len = a->text_len = a->ncp = a->view_len = 0;
	a->folded_ok = 0;
	a->nmentions = a->ntopics = 0;
	for (i = 0; i < a->nwarnings; i++)
		free(a->warnings[i]);
	a->nwarnings = 0;
	for (i = 0; i < a->nkept; i++)
		free(a->kept[i]);
	a->nkept = 0;
	nt_article_shrink(&a->raw, &a->raw_cap, 1);
	nt_article_shrink(&a->text, &a->text_cap, 1);
	nt_article_shrink(&a->cp_at, &a->cp_cap, sizeof *a->cp_at);
	nt_article_shrink(&a->view, &a->view_cap, 1);
	map_cap = a->map_cap;
	nt_article_shrink(&a->view_start, &map_cap, sizeof *a->view_start);
	nt_article_shrink(&a->view_end, &a->map_cap, sizeof *a->view_end);
	nt_article_shrink(&a->mentions, &a->mentions_cap, sizeof *a->mentions);
	if (a->folded) {
		nt_article_shrink(&a->folded->e, &a->folded->cap, sizeof *a->folded->e);
		nt_article_shrink(&a->folded->heads, &a->folded->heads_cap,
				  sizeof *a->folded->heads);
	}
}

void
nt_article_free(struct nt_article *a)
{
	if (!a)
		return;
	nt_article_reset(a);
	free(a->raw);
	free(a->text);
	free(a->cp_at);
	free(a->view);
	free(a->view_start);
	free(a->view_end);
	free(a->mentions);
	free(a->topics);
	free(a->warnings);
	free(a->kept);
	if (a->folded) {
		nt_gaz_text_free(a->folded);
		free(a->folded);
	}
	free(a);
}

void
nt_article_append_raw(struct nt_article *a, const char *bytes, size_t len)
{
	nt_grow(&a->raw, &a->raw_cap, a->raw_len + len + 1, 1);
	memcpy(a->raw + a->raw_len, bytes, len);
	a->raw_len += len;
	a->raw[a->raw_len] = '\0';
}

int
nt_article_set_meta(struct nt_article *a, enum nt_meta_field f, const char *value,
		    size_t len, int given)
{
	unsigned bit = 1u << f;

	if (!given && (a->meta_given & bit))
		return 0;
	free(a->meta[f]);
	a->meta[f] = value ? nt_xstrndup(value, len) : NULL;
	if (given)
		a->meta_given |= bit;
	return 1;
}

int
nt_iso_date(const char *s, size_t len, char out[11])
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	if (len < 10 || (len > 10 && s[10] != 'T' && s[10] != ' '))
		return -1;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	memcpy(out, s, 10);
	out[10] = '\0';
	return 0;
}

int
nt_article_set_date(struct nt_article *a, const char *s, size_t len, int given)
{
	char iso[11];

	if (nt_iso_date(s, len, iso) != 0)
		return -1;
	nt_article_set_meta(a, NT_META_DATE, iso, 10, given);
	return 0;
}

const char *
nt_article_keep(struct nt_article *a, char *s)
{
	nt_grow(&a->kept, &a->kept_cap, a->nkept + 1, sizeof *a->kept);
	a->kept[a->nkept++] = s;
	return s;
}

void
nt_article_warn(struct nt_article *a, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	nt_grow(&a->warnings, &a->warnings_cap, a->nwarnings + 1, sizeof *a->warnings);
	a->warnings[a->nwarnings++] = nt_xstrdup(buf);
}

struct nt_mention *
nt_article_add_mention(struct nt_article *a, enum nt_kind kind, uint32_t start, uint32_t end)
{
	struct nt_mention *m;

	nt_grow(&a->mentions, &a->mentions_cap, a->nmentions + 1, sizeof *a->mentions);
	m = &a->mentions[a->nmentions++];
	memset(m, 0, sizeof *m);
	m->kind = kind;
	m->start = start;
	m->end = end;
	return m;
}

void
nt_article_view_span(const struct nt_article *a, size_t vstart, size_t vend,
		     uint32_t *start, uint32_t *end)
{
	*start = a->view_start[vstart];
	*end = vend > vstart ? a->view_end[vend - 1] : *start;
}

int
nt_article_sentence_stop(const struct nt_article *a, size_t from, size_t i)
{
	const char *v = a->view;
	size_t k;

	if (v[i] != '.')
		return v[i] == '!' || v[i] == '?';
	for (k = i; k > from && isalpha((unsigned char)v[k - 1]); k--)
		continue;
	return !(i - k <= 4 && i > k && isupper((unsigned char)v[k]));
}

void
nt_article_line_col(const struct nt_article *a, uint32_t cp, unsigned *line, unsigned *col)
{
	size_t stop = cp < a->ncp ? a->cp_at[cp] : a->text_len;
	size_t i;
	unsigned l = 1, c = 1;

	for (i = 0; i < stop; i++) {
		unsigned char b = (unsigned char)a->text[i];

		if (b == '\n') {
			l++;
			c = 1;
		} else if ((b & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l + a->line - (a->line ? 1 : 0);
	*col = c;
}
