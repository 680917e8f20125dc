/* regex.c - PCRE2 for rule patterns (regex.h). */
#include "regex.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

/* A word list becomes one alternation factored as a trie ("jan(?:uary|\.)?"
 * rather than "january|jan\.|jan"): PCRE2 does not factor alternations
 * itself and tries every branch at every start position, so a flat list of
 * N words costs up to N comparisons where the trie costs about one per
 * character.  The branches of a trie node start with different characters
 * and an optional tail is greedy, so of the words that match at a position
 * the longest is tried first, as with a longest-first flat list.  That
 * fails only when two branches can match the same text, which happens
 * when two words differ by the case of a letter after a common prefix
 * ("Jan", "january") and the pattern is caseless: such lists stay flat. */
struct nt_regex_out {
	char **out;
	size_t *len, *cap;
	const char *space;       /* what a space in a word becomes */
	size_t slen;
};

static void
nt_regex_put(struct nt_regex_out *o, const char *s, size_t n)
{
	nt_grow(o->out, o->cap, *o->len + n + 1, 1);
	memcpy(*o->out + *o->len, s, n);
	*o->len += n;
}

/* Append the K bytes at P (one character), escaped, or the space pattern. */
static void
nt_regex_put_char(struct nt_regex_out *o, const char *p, size_t k)
{
	if (*p == ' ') {
		nt_regex_put(o, o->space, o->slen);
		return;
	}
	if (strchr("\\^$.|?*+()[]{}#", *p))
		nt_regex_put(o, "\\", 1);
	nt_regex_put(o, p, k);
}

/* Length in bytes of the UTF-8 character at P (1 for a stray byte). */
static size_t
nt_regex_char_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, i;

	for (i = 1; i < k; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			return 1;
	return k;
}

static int
nt_regex_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int
nt_regex_cmp_nocase(const void *x, const void *y)
{
	return strcasecmp(*(const char *const *)x, *(const char *const *)y);
}

static int
nt_regex_longest_first(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	size_t la = strlen(a), lb = strlen(b);

	return la < lb ? 1 : la > lb ? -1 : strcmp(a, b);
}

/* Nonzero if two of WORDS (N, sorted without case) differ by case before
 * they differ otherwise: checking neighbours is enough, since a word
 * between two such words differs by case from one of them there too. */
static int
nt_regex_case_clash(const char *const *words, size_t n)
{
	size_t i, k;

	for (i = 1; i < n; i++) {
		const char *a = words[i - 1], *b = words[i];

		for (k = 0; a[k] && tolower((unsigned char)a[k]) == tolower((unsigned char)b[k]); k++)
			if (a[k] != b[k])
				return 1;
	}
	return 0;
}

/* Append the trie of WORDS [lo, hi), sorted, which share their first
 * DEPTH bytes. */
static void
nt_regex_trie(struct nt_regex_out *o, char *const *words, size_t lo, size_t hi, size_t depth)
{
	size_t i, j, branches = 0;
	int ends = 0;

	while (lo < hi && words[lo][depth] == '\0') {   /* a word ends here */
		ends = 1;
		lo++;
	}
	for (i = lo; i < hi; i = j, branches++)
		for (j = i + 1; j < hi && words[j][depth] == words[i][depth]; j++)
			;
	if (branches == 0)
		return;
	if (branches > 1 || ends)
		nt_regex_put(o, "(?:", 3);
	for (i = lo; i < hi; i = j) {
		size_t k = nt_regex_char_len(words[i] + depth);

		/* words sharing this character (its first byte decides in
		 * sorted UTF-8, and the rest follows from validity) */
		for (j = i + 1; j < hi && memcmp(words[j] + depth, words[i] + depth, k) == 0; j++)
			;
		if (i > lo)
			nt_regex_put(o, "|", 1);
		nt_regex_put_char(o, words[i] + depth, k);
		nt_regex_trie(o, words, i, j, depth + k);
	}
	if (branches > 1 || ends)
		nt_regex_put(o, ends ? ")?" : ")", ends ? 2 : 1);
}

/* Append the alternation of WORDS (N) to OUT; a space in a word (and a
 * '-' when SPACE is a character class) becomes SPACE. */
static void
nt_regex_alternation(const char *const *words, size_t n, const char *space, char **out,
		     size_t *len, size_t *cap)
{
	struct nt_regex_out o = { out, len, cap, space, strlen(space) };
	char **w = nt_xmalloc((n + 1) * sizeof *w);
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		char *p;

		if (!words[i][0])   /* an empty word would match everywhere */
			continue;
		w[m] = nt_xstrdup(words[i]);
		if (space[0] == '[')
			for (p = w[m]; (p = strchr(p, '-')); )
				*p = ' ';
		m++;
	}
	nt_regex_put(&o, "(?:", 3);
	qsort(w, m, sizeof *w, nt_regex_cmp_nocase);
	if (nt_regex_case_clash((const char *const *)w, m)) {
		qsort(w, m, sizeof *w, nt_regex_longest_first);
		for (i = 0; i < m; i++) {
			const char *p;

			if (i)
				nt_regex_put(&o, "|", 1);
			for (p = w[i]; *p; p++)
				nt_regex_put_char(&o, p, 1);
		}
	} else {
		qsort(w, m, sizeof *w, nt_regex_cmp);
		nt_regex_trie(&o, w, 0, m, 0);
	}
	nt_regex_put(&o, ")", 1);
	for (i = 0; i < m; i++)
		free(w[i]);
	free(w);
}

char *
nt_regex_expand(const struct nt_node *node, nt_regex_list_fn lists, void *arg,
		const char *space, const char *what, size_t **map, struct nt_err *err)
{
	const char *src = node->str;
	size_t n = 0, cap = node->len + 64, mcap = 0, i = 0, m = 0;
	char *out = nt_xmalloc(cap);

	*map = NULL;
	while (i < node->len) {
		size_t j = i + 1;

		if (src[i] == '{' && (i == 0 || !isalpha((unsigned char)src[i - 1])) &&
		    i + 1 < node->len && isalpha((unsigned char)src[i + 1]))
			while (j < node->len && (isalnum((unsigned char)src[j]) || src[j] == '_'))
				j++;
		if (j > i + 1 && j < node->len && src[j] == '}') {
			const char *const *words;
			size_t nwords;

			if (!lists(arg, src + i + 1, j - i - 1, &words, &nwords)) {
				nt_err_at(err, node->file, node->line, nt_node_col_at(node, i),
					  "unknown %s '%.*s'", what, (int)(j - i - 1), src + i + 1);
				free(out);
				free(*map);
				*map = NULL;
				return NULL;
			}
			nt_regex_alternation(words, nwords, space, &out, &n, &cap);
			i = j + 1;
		} else {
			nt_grow(&out, &cap, n + 2, 1);
			out[n++] = src[i++];
		}
		nt_grow(map, &mcap, n + 1, sizeof **map);
		for (; m < n; m++)
			(*map)[m] = i - 1;
	}
	out[n] = '\0';
	return out;
}

pcre2_code *
nt_regex_compile(const struct nt_node *node, const char *src, const size_t *map,
		 uint32_t options, struct nt_err *err)
{
	PCRE2_SIZE off;
	pcre2_code *code;
	int ec;

	code = pcre2_compile((PCRE2_SPTR)src, map ? PCRE2_ZERO_TERMINATED : node->len,
			     options | PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		size_t at = map ? (off > 0 ? map[off - 1] + 1 : 0) : off;

		pcre2_get_error_message(ec, msg, sizeof msg);
		nt_err_at(err, node->file, node->line, nt_node_col_at(node, at), "bad regex: %s",
			  (char *)msg);
		return NULL;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);   /* else PCRE2 interprets it */
	return code;
}

void
nt_matcher_init(struct nt_matcher *m, uint32_t ovec, uint32_t limit)
{
	m->md = pcre2_match_data_create(ovec, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	if (!m->md || !m->mctx)
		abort();   /* out of memory at start-up */
	pcre2_set_match_limit(m->mctx, limit);
	pcre2_set_depth_limit(m->mctx, limit / 10);
}

uint32_t
nt_regex_pairs(const pcre2_code *code)
{
	uint32_t n = 0;

	if (code)
		pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n);
	return n + 1;
}

void
nt_matcher_free(struct nt_matcher *m)
{
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	m->md = NULL;
	m->mctx = NULL;
}

int
nt_regex_match(const pcre2_code *code, const char *subject, size_t len, size_t from,
	       const struct nt_matcher *m)
{
	int rc = pcre2_jit_match(code, (PCRE2_SPTR)subject, len, from, 0, m->md, m->mctx);

	if (rc == PCRE2_ERROR_JIT_BADOPTION)   /* not JIT-compiled */
		rc = pcre2_match(code, (PCRE2_SPTR)subject, len, from, PCRE2_NO_UTF_CHECK, m->md,
				 m->mctx);
	return rc;
}
