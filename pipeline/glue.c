/* glue.c - split tokens that lost their spaces, with a word list.
 *
 * Scraped news glues words together in two ways: at a case change
 * ("hisBelarusian", "ForeignMinistry", "UNFramework") and with no trace at
 * all ("theministers", "internationalorganizations", "Bayramovinformed").
 * Case changes alone would also split names such as McDonald, iPhone or
 * DeSantis, so every cut must be justified by the word list:
 *
 *   1. A token that is a known word (common or proper) is never split.
 *   2. Camel cut between a lower-case run and a capital (aB): the left part
 *      must be a common word of 2+ letters ("to|Belarus", not "i|Phone").
 *      Cut between two capitalized parts (Ab|Cd): both must be common words
 *      of 3+ letters ("Foreign|Ministry", not "Mc|Donald" or "De|Santis").
 *      Cut after an acronym of 2 to 5 capitals (ABc, "UN|Framework"; not
 *      "CHANNE|Link"): the right part must be a common word of 3+
 *      letters.  These two, and rules 3 to 5, also need the token to
 *      occur once in the article (below).
 *   3. A lower-case part that is not a word is cut into 2 or 3 common words
 *      ("the|ministers"), fewest parts first, then the split whose parts
 *      have the largest sum of squared lengths (favours long words); parts
 *      of two letters must be function words (of, to, in, ...); a token
 *      made of a derivational prefix and a word ("trans|boundary",
 *      "non|operating") is one word the list lacks and is not cut, nor
 *      is it cut before a last part that is a suffix ("multilateral|ism").
 *   4. A capitalized part that is not a word (a name) followed by a common
 *      word of 4+ letters is cut before the longest such word
 *      ("Bayramov|informed"), leaving at least 3 letters of name, if the
 *      name stands alone elsewhere in the article.
 *   5. An acronym of 2 to 5 capitals followed by a lower-case common word
 *      of 2+ letters is cut after the acronym ("OSCE|for", "EU|and"; a
 *      plural "IDPs" has no word after it).
 *
 * The article is the evidence for all but the first camel cut (its tokens
 * are noted first, nt_glue_note): a token that occurs twice is a word the
 * list lacks, not a slip -- company names ("GenCorp", "USAir"), trade
 * compounds ("oilseeds", "eurobond", "writedown") and names made of a
 * name and a word ("Leicestershire", "Glamorgan") recur, while a scraper
 * seldom drops the same space twice.  And a glued name is nearly always
 * one the article also names alone ("Blenkiron", "Caddick" are not cut).
 *
 * The word list is a wordset (wordset.h) of lower-cased words, each marked
 * common or proper; a hash confusion (about 2^-48 per pair) would at worst
 * move one glue cut. */
#include "glue.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "wordset.h"


/* Lookups of recent words: word frequencies follow Zipf's law, so a small
 * direct-mapped cache of hashes answers most of them from L1/L2 where the
 * word set (a megabyte) would miss.  Each entry is a hash with its low 16
 * bits replaced by the word's kinds and NT_GLUE_MEMO_USED. */
#define NT_GLUE_MEMO 4096
#define NT_GLUE_MEMO_USED 0x8000u

/* The capitalized tokens of the current article, for rule 4: hashes
 * (nt_wordset_hash of the lower-cased token) in an open-addressing table,
 * each with its low 2 bits replaced by a count that stops at 3; USED lists
 * the filled slots, so forgetting an article costs what it filled. */
struct nt_glue_noted {
	uint64_t *slots;
	size_t mask, n;
	size_t *used;
};

struct nt_glue {
	struct nt_wordset *words;     /* only read once loaded */
	int owns_words;               /* 0 in a fork: the loaded glue frees them */
	uint64_t memo[NT_GLUE_MEMO];
	struct nt_glue_noted noted;
	nt_glue_article_fn article;   /* notes the article's tokens ... */
	void *article_arg;
	int noted_all;                /* ... once it has been called */
};

/* Two-letter words that may stand alone in lower-case glue ("ofthe"). */
static const char *const nt_glue_short[] = {
	"of", "to", "in", "on", "at", "by", "an", "as", "is", "it", "be", "or", "we", "he",
	"me", "my", "no", "so", "up", "us", "do", "go", "if", "am", "are", NULL
};

/* Word-forming beginnings that are also words in the list ("trans",
 * "inter"): a lower-case token made of one and a word is a derived word
 * the list lacks ("transboundary", "nonoperating"), not glue. */
static const char *const nt_glue_prefixes[] = {
	"trans", "inter", "intra", "multi", "anti", "non", "sub", "semi", "macro", "micro",
	"ultra", "hyper", "mid", "pseudo", "quasi", "neo", "counter", "post", "pre", "cyber",
	"socio", "geo", "bio", "eco", "tele", NULL
};

/* Word-forming endings that are also words in the list ("ism", "less"). */
static const char *const nt_glue_suffixes[] = {
	"ism", "isms", "ist", "ists", "ness", "less", "ment", "ments", "ship", "ships",
	"hood", "like", "wise", "able", "ably", "ful", "ally", "ize", "ise", "ized", "ised",
	"ization", "isation", "ing", "ings", "ers", "est", "ity", "ities", "ion", "ions", NULL
};

/* A glue on WORDS with empty per-article tables; OWNS: it frees WORDS. */
static struct nt_glue *
nt_glue_new(struct nt_wordset *words, int owns)
{
	struct nt_glue *g = nt_xcalloc(1, sizeof *g);

	g->words = words;
	g->owns_words = owns;
	g->noted.mask = 1023;
	g->noted.slots = nt_xcalloc(g->noted.mask + 1, sizeof *g->noted.slots);
	g->noted.used = nt_xcalloc(g->noted.mask + 1, sizeof *g->noted.used);
	return g;
}

struct nt_glue *
nt_glue_load(const char *path, struct nt_err *err)
{
	struct nt_wordset *words = nt_wordset_load(path, err);

	return words ? nt_glue_new(words, 1) : NULL;
}

struct nt_glue *
nt_glue_fork(const struct nt_glue *g)
{
	return g ? nt_glue_new(g->words, 0) : NULL;
}

void
nt_glue_free(struct nt_glue *g)
{
	if (!g)
		return;
	if (g->owns_words)
		nt_wordset_free(g->words);
	free(g->noted.slots);
	free(g->noted.used);
	free(g);
}

static int32_t
nt_lower(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	return utf8proc_tolower(cp);
}

/* The word set's hash of TOKEN[from..to) lower-cased (TO - FROM is at most
 * NT_GLUE_MAX_TOKEN). */
static uint64_t
nt_glue_hash(const int32_t *token, size_t from, size_t to)
{
	char buf[NT_GLUE_MAX_TOKEN * 4 + 1];
	size_t n = 0, i;

	for (i = from; i < to; i++) {
		int32_t cp = nt_lower(token[i]);

		if (cp < 0x80)
			buf[n++] = (char)cp;
		else
			n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf + n);
	}
	return nt_wordset_hash(buf, n);
}

/* Kinds of the word made of TOKEN[from..to) lower-cased (0: unknown). */
static unsigned
nt_glue_kinds(struct nt_glue *g, const int32_t *token, size_t from, size_t to)
{
	uint64_t h = nt_glue_hash(token, from, to), *m;
	unsigned kinds;

	m = &g->memo[(h >> 16) & (NT_GLUE_MEMO - 1)];
	if ((*m & ~0xFFFFull) == (h & ~0xFFFFull) && (*m & NT_GLUE_MEMO_USED))
		return (unsigned)(*m & NT_WORDSET_KINDS);
	kinds = nt_wordset_kinds_of(g->words, h);
	*m = (h & ~0xFFFFull) | NT_GLUE_MEMO_USED | kinds;
	return kinds;
}

static int nt_is_upper(int32_t cp);

/* The slot of hash key KEY (low 2 bits clear, nonzero) in the noted table:
 * where it is, or the empty slot where it would go. */
static size_t
nt_glue_noted_slot(const struct nt_glue_noted *t, uint64_t key)
{
	size_t i = (size_t)(key >> 20) & t->mask;

	while (t->slots[i] && (t->slots[i] & ~3ull) != key)
		i = (i + 1) & t->mask;
	return i;
}

static uint64_t
nt_glue_noted_key(uint64_t hash)
{
	return (hash & ~3ull) | 4;   /* never 0, the empty slot */
}

/* How many times (0 to 3, 3 meaning more) TOKEN[from..to) was noted.
 * The first call for an article has its tokens noted. */
static unsigned
nt_glue_noted_count(struct nt_glue *g, const int32_t *token, size_t from, size_t to)
{
	const struct nt_glue_noted *t = &g->noted;

	if (!g->noted_all) {
		g->noted_all = 1;
		if (g->article)
			g->article(g->article_arg, g);
	}
	return (unsigned)(t->slots[nt_glue_noted_slot(t, nt_glue_noted_key(
		nt_glue_hash(token, from, to)))] & 3);
}

void
nt_glue_begin(struct nt_glue *g, nt_glue_article_fn article, void *arg)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->noted.n; i++)
		g->noted.slots[g->noted.used[i]] = 0;
	g->noted.n = 0;
	g->article = article;
	g->article_arg = arg;
	g->noted_all = 0;
}

/* Nonzero if the whole TOKEN (N code points) occurs at most once in the
 * article. */
static int
nt_glue_once(struct nt_glue *g, const int32_t *token, size_t n)
{
	return nt_glue_noted_count(g, token, 0, n) <= 1;
}

void
nt_glue_note(struct nt_glue *g, const int32_t *token, size_t n)
{
	struct nt_glue_noted *t;
	uint64_t key;
	size_t i;

	if (!g || n < 3 || n > NT_GLUE_MAX_TOKEN || (n < 5 && !nt_is_upper(token[0])))
		return;
	t = &g->noted;
	if ((t->n + 1) * 2 > t->mask + 1) {   /* grow: re-insert the filled slots */
		uint64_t *old = t->slots;
		size_t *used = t->used, k;

		t->mask = t->mask * 2 + 1;
		t->slots = nt_xcalloc(t->mask + 1, sizeof *t->slots);
		t->used = nt_xcalloc(t->mask + 1, sizeof *t->used);
		for (k = 0; k < t->n; k++) {
			i = nt_glue_noted_slot(t, old[used[k]] & ~3ull);
			t->slots[i] = old[used[k]];
			t->used[k] = i;
		}
		free(old);
		free(used);
	}
	key = nt_glue_noted_key(nt_glue_hash(token, 0, n));
	i = nt_glue_noted_slot(t, key);
	if (!t->slots[i]) {
		t->slots[i] = key;
		t->used[t->n++] = i;
	}
	if ((t->slots[i] & 3) < 3)
		t->slots[i]++;
}

static int
nt_glue_common(struct nt_glue *g, const int32_t *token, size_t from, size_t to)
{
	size_t i;

	if (to - from == 2) {
		for (i = 0; nt_glue_short[i]; i++)
			if (nt_lower(token[from]) == nt_glue_short[i][0] &&
			    nt_lower(token[from + 1]) == nt_glue_short[i][1] &&
			    nt_glue_short[i][2] == '\0')
				return 1;
		return 0;
	}
	return to - from > 2 && (nt_glue_kinds(g, token, from, to) & NT_WORDSET_COMMON);
}

static int
nt_is_upper(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
	       utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

/* The length of the lower-case word W if TOKEN[from..to) starts with it,
 * else 0. */
static size_t
nt_glue_starts_with(const char *w, const int32_t *token, size_t from, size_t to)
{
	size_t k;

	for (k = 0; from + k < to && w[k] && nt_lower(token[from + k]) == w[k]; k++)
		;
	return w[k] == '\0' ? k : 0;
}

/* Nonzero if TOKEN[from..to) is one of the words of LIST (lower case). */
static int
nt_glue_affix(const char *const *list, const int32_t *token, size_t from, size_t to)
{
	size_t i, k;

	for (i = 0; list[i]; i++)
		if ((k = nt_glue_starts_with(list[i], token, from, to)) && from + k == to)
			return 1;
	return 0;
}

/* Nonzero if TOKEN[from..to) is one of nt_glue_prefixes and a common
 * word. */
static int
nt_glue_prefixed(struct nt_glue *g, const int32_t *token, size_t from, size_t to)
{
	size_t i, k;

	for (i = 0; nt_glue_prefixes[i]; i++)
		if ((k = nt_glue_starts_with(nt_glue_prefixes[i], token, from, to)) &&
		    from + k + 2 <= to && nt_glue_common(g, token, from + k, to))
			return 1;
	return 0;
}

/* Rule 3: cut the lower-case part TOKEN[from..to) into 2 or 3 common words.
 * Appends cut positions to CUTS; returns how many were added. */
static int
nt_glue_split_lower(struct nt_glue *g, const int32_t *token, size_t from, size_t to,
		    size_t *cuts)
{
	size_t best[2] = { 0, 0 }, i, j;
	size_t best_score = 0;
	int best_n = 0, parts;

	if (nt_glue_prefixed(g, token, from, to))   /* "non|operating", "inter|bank": one word */
		return 0;

	for (parts = 2; parts <= 3 && best_n == 0; parts++) {
		for (i = from + 2; i + 2 <= to; i++) {
			if (!nt_glue_common(g, token, from, i))
				continue;
			if (parts == 2) {
				size_t a = i - from, b = to - i, score = a * a + b * b;

				if (score > best_score && !nt_glue_affix(nt_glue_suffixes, token, i, to) &&
				    nt_glue_common(g, token, i, to)) {
					best_score = score;
					best[0] = i;
					best_n = 1;
				}
				continue;
			}
			for (j = i + 2; j + 2 <= to; j++) {
				size_t a = i - from, b = j - i, c = to - j;
				size_t score = a * a + b * b + c * c;

				if (score > best_score && !nt_glue_affix(nt_glue_suffixes, token, j, to) &&
				    nt_glue_common(g, token, i, j) && nt_glue_common(g, token, j, to)) {
					best_score = score;
					best[0] = i;
					best[1] = j;
					best_n = 2;
				}
			}
		}
	}
	for (i = 0; i < (size_t)best_n; i++)
		cuts[i] = best[i];
	return best_n;
}

/* Rules 3 and 4 for one case-uniform part TOKEN[from..to). */
static int
nt_glue_split_part(struct nt_glue *g, const int32_t *token, size_t from, size_t to,
		   size_t *cuts)
{
	size_t i;

	if (to - from < 5 || nt_glue_kinds(g, token, from, to))
		return 0;
	for (i = from + 1; i < to; i++)
		if (nt_is_upper(token[i]))
			return 0;
	if (!nt_is_upper(token[from]))
		return nt_glue_split_lower(g, token, from, to, cuts);
	for (i = from + 3; i + 4 <= to; i++)
		if (nt_glue_common(g, token, i, to)) {
			/* the name: not a word ("She|arson"), and seen alone */
			if ((nt_glue_kinds(g, token, from, i) & NT_WORDSET_COMMON) ||
			    !nt_glue_noted_count(g, token, from, i))
				return 0;
			cuts[0] = i;
			return 1;
		}
	return 0;
}

/* Nonzero if TOKEN (N code points) is a common word of MIN or more
 * letters, all lower-case, or capitalised when CAPITAL. */
static int
nt_glue_plain_common(struct nt_glue *g, const int32_t *token, size_t n, size_t min, int capital)
{
	size_t i;

	if (!g || n < min || n > NT_GLUE_MAX_TOKEN)
		return 0;
	for (i = capital ? 1 : 0; i < n; i++)
		if (nt_is_upper(token[i]))
			return 0;
	return nt_glue_common(g, token, 0, n);
}

int
nt_glue_word_after_number(struct nt_glue *g, const int32_t *token, size_t n, int capital)
{
	return nt_glue_plain_common(g, token, n, 4, capital);
}

int
nt_glue_word_before_year(struct nt_glue *g, const int32_t *token, size_t n)
{
	return nt_glue_plain_common(g, token, n, 2, 0);
}

/* Rule 5: the length of the acronym (2 to 5 capitals) TOKEN opens, if a
 * lower-case common word of two or more letters follows it to the end
 * ("OSCE|for", "EU|and"; not "IDPs", "NGOs", "CHANNELink"), else 0. */
static size_t
nt_glue_acronym_word(struct nt_glue *g, const int32_t *token, size_t n)
{
	size_t i, k;

	for (i = 0; i < n && nt_is_upper(token[i]); i++)
		;
	if (i < 2 || i > 5 || i == n)
		return 0;
	for (k = i; k < n && !nt_is_upper(token[k]); k++)
		;
	return k == n && nt_glue_common(g, token, i, n) ? i : 0;
}

int
nt_glue_cuts(struct nt_glue *g, const int32_t *token, size_t n, size_t *cuts)
{
	size_t bounds[NT_GLUE_MAX_TOKEN + 1], nb = 0, i, part;
	size_t tmp[NT_GLUE_MAX_CUTS + 3];
	int ncuts = 0;

	if (!g || n < 4 || n > NT_GLUE_MAX_TOKEN)
		return 0;
	/* Without a capital after the first letter only rules 3 and 4 can
	 * cut, and they need 5 and 7 letters; skip the lookup below. */
	for (i = 1; i < n && !nt_is_upper(token[i]); i++)
		;
	if (i == n && n < (nt_is_upper(token[0]) ? 7u : 5u))
		return 0;
	if (nt_glue_kinds(g, token, 0, n))
		return 0;
	if ((i = nt_glue_acronym_word(g, token, n)) > 0) {
		if (!nt_glue_once(g, token, n))
			return 0;
		cuts[0] = i;
		return 1;
	}
	/* Case boundaries: aB, and AB followed by a lower-case letter (ABc). */
	bounds[nb++] = 0;
	for (i = 1; i < n; i++) {
		int up = nt_is_upper(token[i]), prev_up = nt_is_upper(token[i - 1]);

		if ((up && !prev_up) ||
		    (up && prev_up && i + 1 < n && !nt_is_upper(token[i + 1]) && i >= 2))
			bounds[nb++] = i;
	}
	bounds[nb] = n;
	for (part = 0; part < nb; part++) {
		size_t from = bounds[part], to = bounds[part + 1];
		int m;

		if (part > 0) {
			size_t pfrom = bounds[part - 1];
			int acronym = nt_is_upper(token[pfrom]) && to - from > 0 &&
				      from - pfrom >= 2 && from - pfrom <= 5 &&
				      nt_is_upper(token[from - 1]);
			int ok;

			if (!nt_is_upper(token[pfrom]))          /* "to|Belarus" */
				ok = nt_glue_common(g, token, pfrom, from);
			else if (acronym)                        /* "UN|Framework" */
				ok = to - from >= 3 && nt_glue_common(g, token, from, to) &&
				     nt_glue_once(g, token, n);
			else                                     /* "Foreign|Ministry" */
				ok = from - pfrom >= 3 && to - from >= 3 &&
				     nt_glue_common(g, token, pfrom, from) &&
				     nt_glue_common(g, token, from, to) && nt_glue_once(g, token, n);
			if (ok && ncuts < NT_GLUE_MAX_CUTS)
				cuts[ncuts++] = from;
		}
		/* the article is consulted last: it is needed only for a cut */
		if ((m = nt_glue_split_part(g, token, from, to, tmp)) > 0 && !nt_glue_once(g, token, n))
			m = 0;
		for (i = 0; i < (size_t)m && ncuts < NT_GLUE_MAX_CUTS; i++)
			cuts[ncuts++] = tmp[i];
	}
	return ncuts;
}
