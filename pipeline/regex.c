/* regex.c - PCRE2 for rule patterns (regex.h). */
#include "regex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int
nt_regex_longest_first(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	size_t la = strlen(a), lb = strlen(b);

	return la < lb ? 1 : la > lb ? -1 : strcmp(a, b);
}

/* Append the alternation of WORDS (N) to OUT. */
static void
nt_regex_alternation(const char *const *words, size_t n, const char *space, char **out,
		     size_t *len, size_t *cap)
{
	const char **sorted = nt_xmalloc((n + 1) * sizeof *sorted);
	size_t i, slen = strlen(space);

	memcpy(sorted, words, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, nt_regex_longest_first);
	nt_grow(out, cap, *len + 4, 1);
	memcpy(*out + *len, "(?:", 3);
	*len += 3;
	for (i = 0; i < n; i++) {
		const char *p;

		nt_grow(out, cap, *len + strlen(sorted[i]) * (slen + 2) + 8, 1);
		if (i)
			(*out)[(*len)++] = '|';
		for (p = sorted[i]; *p; p++) {
			if (*p == ' ' || (*p == '-' && space[0] == '[')) {
				memcpy(*out + *len, space, slen);
				*len += slen;
				continue;
			}
			if (strchr("\\^$.|?*+()[]{}", *p))
				(*out)[(*len)++] = '\\';
			(*out)[(*len)++] = *p;
		}
	}
	nt_grow(out, cap, *len + 2, 1);
	(*out)[(*len)++] = ')';
	free(sorted);
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

void
nt_matcher_free(struct nt_matcher *m)
{
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	m->md = NULL;
	m->mctx = NULL;
}
