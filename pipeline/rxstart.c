/* rxstart.c - start sets of rule patterns (rxstart.h).
 *
 * The analysis walks the pattern source once, as a recursive descent over
 * alternations, sequences and atoms, keeping for each part whether it can
 * match the empty string (so that FIRST continues past it) and whether a
 * \b has been seen before the first character the match consumes.  A
 * first character that is a letter contributes the key of its literal
 * word ("from" in "(?:from|between)\s+"), a word list contributes the keys
 * of its words, a digit or a digit class the digit mark; anything else in
 * first position (., \s, a class of letters, an unknown construct, a
 * consumer with no \b before it) makes the pattern unbounded.
 *
 * Keys are the first 1 to 3 characters of a word (lower-cased ASCII
 * letters, digits, '_'), packed into an integer and kept in a small
 * open-addressing table with the patterns' bits. */
#include "rxstart.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define NT_RXSTART_SLOTS 1024   /* a power of two, well above the keys of a language */

struct nt_rxstart_slot {
	uint32_t key;            /* 0: empty */
	uint64_t rules;
};

struct nt_rxstart {
	struct nt_rxstart_slot *slots;
	size_t nkeys;
	uint64_t digit;          /* patterns that may start with a digit */
	uint64_t bounded;        /* every pattern with a start set */
};

/* One analysis: the pattern, the cursor, the keys found so far, and the
 * literal runs of the top-level sequence (nt_rx_required). */
struct nt_rxscan {
	const char *src;
	size_t i;
	nt_regex_list_fn lists;
	void *arg;
	int unbounded;
	int digit;
	uint32_t *keys;
	size_t nkeys, keys_cap;
	int depth;               /* groups open at the cursor */
	int no_literal;          /* a top-level '|' or an option setting: no required run */
	char run[64], best[64];  /* the current literal run, the longest so far */
	size_t run_len, best_len;
};

static int
nt_rx_word_char(int c)
{
	return c == '_' || isalnum(c);
}

/* The key of the word at W (its first 1 to 3 word characters, lower-cased),
 * or 0 when W does not start with an ASCII word character. */
static uint32_t
nt_rxstart_key(const char *w, size_t n)
{
	uint32_t key = 0;
	size_t k;

	for (k = 0; k < 3 && k < n && nt_rx_word_char((unsigned char)w[k]); k++)
		key |= (uint32_t)tolower((unsigned char)w[k]) << (8 * k);
	return key;
}

static void
nt_rxscan_word(struct nt_rxscan *x, const char *w, size_t n)
{
	uint32_t key;

	if (n == 0)
		return;
	if (isdigit((unsigned char)w[0])) {
		x->digit = 1;
		return;
	}
	if ((unsigned char)w[0] >= 0x80)   /* tried at every non-ASCII start anyway */
		return;
	if (!(key = nt_rxstart_key(w, n))) {
		x->unbounded = 1;
		return;
	}
	nt_grow(&x->keys, &x->keys_cap, x->nkeys + 1, sizeof *x->keys);
	x->keys[x->nkeys++] = key;
}

/* End the current literal run (keeping it if it is the longest). */
static void
nt_rxlit_end(struct nt_rxscan *x)
{
	if (x->run_len > x->best_len) {
		memcpy(x->best, x->run, x->run_len);
		x->best_len = x->run_len;
	}
	x->run_len = 0;
}

/* Literal byte C in the top-level sequence, followed by a quantifier when
 * QUANT (ZERO: one that allows no repeat): a byte every match holds, in
 * order with the run, unless it may be absent; a repeated one ends the
 * run. */
static void
nt_rxlit_byte(struct nt_rxscan *x, char c, int quant, int zero)
{
	if (x->depth > 0)
		return;
	if (zero) {
		nt_rxlit_end(x);
		return;
	}
	if (x->run_len == sizeof x->run)
		nt_rxlit_end(x);
	x->run[x->run_len++] = c;
	if (quant)
		nt_rxlit_end(x);
}

/* A top-level atom that is no literal byte ends the run. */
static void
nt_rxlit_other(struct nt_rxscan *x)
{
	if (x->depth == 0)
		nt_rxlit_end(x);
}

/* Skip a quantifier at the cursor; nonzero if it allows zero repeats. */
static int
nt_rxscan_quant(struct nt_rxscan *x)
{
	const char *s = x->src;
	int zero = 0;

	if (s[x->i] == '?' || s[x->i] == '*') {
		zero = 1;
		x->i++;
	} else if (s[x->i] == '+') {
		x->i++;
	} else if (s[x->i] == '{' && isdigit((unsigned char)s[x->i + 1])) {
		size_t j = x->i + 1;

		while (isdigit((unsigned char)s[j]))
			j++;
		if (s[j] != '}' && s[j] != ',')
			return 0;   /* a literal '{' */
		zero = atoi(s + x->i + 1) == 0;
		while (s[j] && s[j] != '}')
			j++;
		x->i = s[j] ? j + 1 : j;
	} else {
		return 0;
	}
	if (s[x->i] == '?' || s[x->i] == '+')   /* lazy, possessive */
		x->i++;
	return zero;
}

/* Skip a character class at the cursor ('['); nonzero if it holds digits
 * only. */
static int
nt_rxscan_class(struct nt_rxscan *x)
{
	const char *s = x->src;
	size_t j = x->i + 1;
	int digits = s[j] != '^';

	if (s[j] == '^')
		j++;
	if (s[j] == ']')
		j++, digits = 0;
	for (; s[j] && s[j] != ']'; j++) {
		if (s[j] == '\\' && s[j + 1]) {
			if (s[++j] != 'd')
				digits = 0;
		} else if (s[j] == '[' && s[j + 1] == ':') {   /* [:alpha:] */
			digits = 0;
			while (s[j] && !(s[j] == ':' && s[j + 1] == ']'))
				j++;
			if (s[j])
				j++;
		} else if (!isdigit((unsigned char)s[j]) && s[j] != '-') {
			digits = 0;
		}
	}
	x->i = s[j] ? j + 1 : j;
	return digits;
}

/* What an alternation or sequence can start with; each returns nonzero if
 * the part can match the empty string.  COLLECT: its first characters are
 * the match's first characters (so keys count); BOUNDED: a \b holds there. */
static int nt_rxscan_alt(struct nt_rxscan *x, int collect, int bounded);

/* A consumer in first position: is it allowed to start a match? */
static void
nt_rxscan_first(struct nt_rxscan *x, int collect, int bounded)
{
	if (collect && !bounded)
		x->unbounded = 1;
}

static int
nt_rxscan_seq(struct nt_rxscan *x, int collect, int bounded)
{
	const char *s = x->src;
	int nullable = 1;

	while (s[x->i] && s[x->i] != '|' && s[x->i] != ')') {
		int here = collect && nullable, empty = 0;
		char c = s[x->i];

		if (c == '(') {
			int look = 0, other = 0;

			nt_rxlit_other(x);
			x->i++;
			if (s[x->i] == '?') {
				const char *g = s + x->i + 1;

				if (*g == '=' || *g == '!' || (*g == '<' && (g[1] == '=' || g[1] == '!'))) {
					look = 1;
					x->i += *g == '<' ? 3 : 2;
				} else if (*g == ':' || *g == '|') {
					x->i += 2;
				} else if ((*g == '<' || *g == '\'') || (*g == 'P' && g[1] == '<')) {
					char close = *g == '\'' ? '\'' : '>';

					while (s[x->i] && s[x->i] != close)
						x->i++;
					if (s[x->i])
						x->i++;
				} else {   /* options, conditions, recursion, ... */
					other = 1;
					x->no_literal = 1;   /* (?i) changes what the rest matches */
				}
			}
			x->depth++;
			if (look) {
				nt_rxscan_alt(x, 0, bounded);
				empty = 1;
			} else {
				if (other && here)
					x->unbounded = 1;
				empty = nt_rxscan_alt(x, here && !other, bounded);
			}
			x->depth--;
			if (s[x->i] == ')')
				x->i++;
			if (!look && nt_rxscan_quant(x))
				empty = 1;
		} else if (c == '\\') {
			char e = s[x->i + 1];
			size_t q;

			x->i += e ? 2 : 1;
			if (e && (unsigned char)e < 0x80 && ispunct((unsigned char)e)) {   /* \. \( */
				if (here) {
					nt_rxscan_first(x, 1, bounded);
					x->unbounded = 1;
				}
				q = x->i;
				empty = nt_rxscan_quant(x);
				nt_rxlit_byte(x, e, x->i != q, empty);
				if (!empty)
					nullable = 0;
				continue;
			}
			nt_rxlit_other(x);
			if (e == 'b') {
				bounded = 1;
				continue;
			}
			if (e == 'K' || e == 'A' || e == 'z' || e == 'Z' || e == 'G') {
				continue;
			}
			if (here) {
				nt_rxscan_first(x, 1, bounded);
				if (e == 'd')
					x->digit = 1;
				else
					x->unbounded = 1;   /* \s, \w, \p{..}, an escaped literal */
			}
			if (e == 'p' || e == 'P' || e == 'x') {   /* \p{Lu}, \x{41} */
				if (s[x->i] == '{')
					while (s[x->i] && s[x->i++] != '}')
						;
			}
			empty = nt_rxscan_quant(x);
		} else if (c == '[') {
			/* "[ ]": one literal byte */
			char one = s[x->i + 1] != '^' && s[x->i + 1] != '\\' && s[x->i + 1] != ']' &&
				   s[x->i + 1] != '[' && (unsigned char)s[x->i + 1] < 0x80 &&
				   s[x->i + 2] == ']' ? s[x->i + 1] : 0;
			int digits = nt_rxscan_class(x);
			size_t q;

			if (here) {
				nt_rxscan_first(x, 1, bounded);
				if (digits)
					x->digit = 1;
				else
					x->unbounded = 1;
			}
			q = x->i;
			empty = nt_rxscan_quant(x);
			if (one)
				nt_rxlit_byte(x, one, x->i != q, empty);
			else
				nt_rxlit_other(x);
		} else if (c == '{' && islower((unsigned char)s[x->i + 1]) &&
			   (x->i == 0 || !isalpha((unsigned char)s[x->i - 1]))) {
			size_t j = x->i + 1;
			const char *const *words;
			size_t n, k;

			nt_rxlit_other(x);
			while (isalnum((unsigned char)s[j]) || s[j] == '_')
				j++;
			if (s[j] != '}' || !x->lists(x->arg, s + x->i + 1, j - x->i - 1, &words, &n)) {
				x->unbounded = 1;   /* the compiler reports it */
				x->i = j;
				continue;
			}
			x->i = j + 1;
			if (here) {
				nt_rxscan_first(x, 1, bounded);
				for (k = 0; k < n; k++)
					nt_rxscan_word(x, words[k], strlen(words[k]));
			}
			for (k = 0; k < n; k++)
				if (!words[k][0])
					empty = 1;
			empty |= nt_rxscan_quant(x);
		} else if (c == '^' || c == '$') {
			nt_rxlit_other(x);
			x->i++;
			continue;
		} else if (nt_rx_word_char((unsigned char)c)) {
			size_t j = x->i, save;

			while (nt_rx_word_char((unsigned char)s[j]))
				j++;
			save = x->i;
			/* A quantifier binds the last character only: the run
			 * before it is one atom, the last character the next. */
			if (j - save > 1 && (s[j] == '?' || s[j] == '*' || s[j] == '+' || s[j] == '{'))
				j--;
			x->i = j;
			if (here) {
				nt_rxscan_first(x, 1, bounded);
				nt_rxscan_word(x, s + save, j - save);
			}
			if (j - save == 1) {
				size_t q = x->i;

				empty = nt_rxscan_quant(x);
				nt_rxlit_byte(x, s[save], x->i != q, empty);
			} else {
				for (; save < j; save++)
					nt_rxlit_byte(x, s[save], 0, 0);
			}
		} else {   /* '.', a space, punctuation: not a word start */
			size_t q;

			x->i++;
			if (here)
				x->unbounded = 1;
			q = x->i;
			empty = nt_rxscan_quant(x);
			if (c == '.' || (unsigned char)c >= 0x80 || strchr("*+?{", c))
				nt_rxlit_other(x);   /* any byte; a UTF-8 byte a quantifier may split */
			else
				nt_rxlit_byte(x, c, x->i != q, empty);
		}
		if (!empty)
			nullable = 0;
	}
	return nullable;
}

static int
nt_rxscan_alt(struct nt_rxscan *x, int collect, int bounded)
{
	int nullable = nt_rxscan_seq(x, collect, bounded);

	if (x->src[x->i] == '|' && x->depth == 0)
		x->no_literal = 1;
	while (x->src[x->i] == '|') {
		x->i++;
		nullable |= nt_rxscan_seq(x, collect, bounded);
	}
	return nullable;
}

struct nt_rxstart *
nt_rxstart_new(void)
{
	struct nt_rxstart *s = nt_xcalloc(1, sizeof *s);

	s->slots = nt_xcalloc(NT_RXSTART_SLOTS, sizeof *s->slots);
	return s;
}

void
nt_rxstart_free(struct nt_rxstart *s)
{
	if (!s)
		return;
	free(s->slots);
	free(s);
}

static struct nt_rxstart_slot *
nt_rxstart_slot(const struct nt_rxstart *s, uint32_t key)
{
	size_t i = (key * 2654435761u) & (NT_RXSTART_SLOTS - 1);

	while (s->slots[i].key && s->slots[i].key != key)
		i = (i + 1) & (NT_RXSTART_SLOTS - 1);
	return &s->slots[i];
}

int
nt_rxstart_add(struct nt_rxstart *s, unsigned r, const char *src, nt_regex_list_fn lists,
	       void *arg)
{
	struct nt_rxscan x = { .src = src, .lists = lists, .arg = arg };
	size_t k;
	int nullable;

	if (r >= NT_RXSTART_MAX)
		return 0;
	nullable = nt_rxscan_alt(&x, 1, 0);
	while (src[x.i] == ')') {   /* a stray ')': the compiler reports it */
		x.i++;
		nullable |= nt_rxscan_alt(&x, 1, 0);
	}
	if (x.unbounded || nullable || (x.nkeys == 0 && !x.digit) ||
	    s->nkeys + x.nkeys > NT_RXSTART_SLOTS / 2) {
		free(x.keys);
		return 0;
	}
	for (k = 0; k < x.nkeys; k++) {
		struct nt_rxstart_slot *slot = nt_rxstart_slot(s, x.keys[k]);

		if (!slot->key) {
			slot->key = x.keys[k];
			s->nkeys++;
		}
		slot->rules |= 1ull << r;
	}
	if (x.digit)
		s->digit |= 1ull << r;
	s->bounded |= 1ull << r;
	free(x.keys);
	return 1;
}

uint64_t
nt_rxstart_at(const struct nt_rxstart *s, const char *v, size_t p, size_t n)
{
	unsigned char c = (unsigned char)v[p];
	uint64_t rules;
	uint32_t key = 0;
	size_t k;

	if (c >= 0x80)
		return s->bounded;
	if (c >= '0' && c <= '9')
		return s->digit;
	rules = 0;
	for (k = 0; k < 3 && p + k < n && nt_rx_word_char((unsigned char)v[p + k]); k++) {
		const struct nt_rxstart_slot *slot;

		key |= (uint32_t)tolower((unsigned char)v[p + k]) << (8 * k);
		slot = nt_rxstart_slot(s, key);
		rules |= slot->rules;
	}
	if (p + k < n && (unsigned char)v[p + k] >= 0x80)   /* "Ex" + a non-ASCII letter */
		rules |= s->bounded;
	return rules;
}

/* nt_regex_list_fn that knows no list: a {name} is no literal. */
static int
nt_rx_no_lists(void *arg, const char *name, size_t len, const char *const **words, size_t *n)
{
	(void)arg;
	(void)name;
	(void)len;
	(void)words;
	(void)n;
	return 0;
}

char *
nt_rx_required(const char *src, size_t min, size_t *len)
{
	struct nt_rxscan x = { .src = src, .lists = nt_rx_no_lists };
	char *lit;

	nt_rxscan_alt(&x, 0, 0);
	nt_rxlit_end(&x);
	free(x.keys);
	if (src[x.i] || x.no_literal || x.best_len < min || x.best_len == 0)
		return NULL;   /* a stray ')' too: the compiler reports it */
	lit = nt_xmalloc(x.best_len);
	memcpy(lit, x.best, x.best_len);
	*len = x.best_len;
	return lit;
}
