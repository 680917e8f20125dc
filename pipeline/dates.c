/* dates.c - the dates stage: find temporal expressions, resolve them.
 *
 * A language file (rules/dates/en.yaml) gives word lists (month names,
 * numbers, "last"/"next", ...) and rules: PCRE2 patterns whose named groups
 * say what each part of a match means (year, month, day, weekday, num +
 * unit, rel, ago, deictic, ...).  This file knows no language: it runs the
 * rules over the matching view, keeps the leftmost-longest matches, and
 * turns the groups into a TIMEX3 type and value (TimeML 1.2.1), resolving
 * partial and relative expressions against the article date the way
 * HeidelTime does (Strötgen and Gertz, "Multilingual and cross-domain
 * temporal tagging", LRE 47(2), 2013): a year-less date takes the
 * article's year, moved by one when the sentence's tense says the date
 * lies on the other side of the article date; "Monday" is the last or
 * next one by tense.  With no article date, unknown parts stay X
 * ("XXXX-01-11") rather than being guessed.
 *
 * Dates are sparse in news, so the rules do not run over the whole text:
 * one pass finds trigger tokens (a word of a list the language file names
 * in 'triggers', a number that can be a date alone such as a year, or a
 * number next to a trigger word), and the rules run only in windows around
 * them.
 * The cost is then one cheap token scan plus the rules over a few percent
 * of the text.  Within a window, a rule that needs a word of a trigger
 * list is not tried after the window's last such word. */
#define _GNU_SOURCE 1   /* strcasestr */
#include "dates.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "regex.h"
#include "rxstart.h"
#include "timex.h"
#include "wordset.h"

/* What a named group of a rule means. */
enum nt_field {
	F_YEAR, F_MONTH, F_DAY, F_WEEKDAY, F_DECADE, F_QUARTER, F_HALF, F_SEASON, F_PART,
	F_APPROX, F_NUM, F_UNIT, F_REL, F_AGO, F_LATER, F_DEICTIC, F_REF, F_SET, F_HOUR,
	F_MINUTE, F_AMPM, F_DAYPART, F_TZ, F_YEAR2, F_MONTH2, F_DAY2, F_A, F_B, F_ANAPHOR, F_FRAC,
	F_HOLIDAY, F_WEEKDAY2, F_NTH, F_COUNT
};

/* Group names, and the word list that gives a word its value ("" when
 * the group holds digits only). */
static const char *const nt_field_names[F_COUNT] = {
	"year", "month", "day", "weekday", "decade", "quarter", "half", "season", "part",
	"approx", "num", "unit", "rel", "ago", "later", "deictic", "ref", "set", "hour",
	"minute", "ampm", "daypart", "tz", "year2", "month2", "day2", "a", "b", "anaphor",
	"frac", "holiday", "weekday2", "nth"
};
static const char *const nt_field_lists[F_COUNT] = {
	"", "month", "", "weekday", "", "ordinal", "half", "season", "part",
	"approx", "num", "unit", "rel", "ago", "later", "deictic", "ref", "set", "hour",
	"", "ampm", "daypart", "", "", "month", "", "", "", "anaphor", "frac", "holiday", "weekday",
	"nth"
};

#define NT_DATES_MATCH_LIMIT 1000000u

struct nt_word {
	char *word;          /* case-folded */
	char *value;
};

struct nt_wordlist {
	char *name;
	struct nt_word *words;
	const char **texts;  /* the words alone, for nt_regex_expand */
	size_t n;
};

/* A stretch of the view where dates may be, and the kinds of trigger in
 * it: bit i for trigger list i, NT_TRIGGER_DIGIT for a number. */
struct nt_window {
	size_t start, end;
	unsigned kinds;
};

#define NT_TRIGGER_LISTS 14
#define NT_TRIGGER_DIGIT (1u << NT_TRIGGER_LISTS)

struct nt_date_rule {
	pcre2_code *code;
	unsigned kinds;          /* trigger kinds it can fire on (0: any) */
	char *rule;              /* "FILE:LINE" */
	const char *type;        /* "DATE", "TIME", "DURATION", "SET" */
	char *value;             /* a fixed value, or NULL */
	int range, numeric, later;
	int dayfirst;            /* numeric: 1 day first, 0 month first, -1 the language's order */
	int tense;               /* +1 future, -1 past: only in a clause of that tense */
	int anchored;            /* compiled anchored: tried at its start set only */
	int groups[F_COUNT][4];  /* group numbers for each field (0 ends) */
};

/* The compiled date rules: made once, only read while articles run, and
 * shared by the forks of the context that made them. */
struct nt_dates_compiled {
	struct nt_wordlist *lists;
	size_t nlists, lists_cap;
	struct nt_date_rule *rules;
	size_t nrules, rules_cap;
	pcre2_code *past, *future;   /* tense cues */
	struct nt_wordset *triggers; /* folded words that can start a date, with their kinds */
	struct nt_wordset *number_triggers;   /* words that start one right after a number */
	char *trigger_lists[NT_TRIGGER_LISTS];   /* list name of each trigger kind bit */
	size_t ntrigger_lists;
	int dayfirst;                /* 25/09 is day/month when ambiguous */
	struct nt_rxstart *starts;   /* where each anchored rule may start */
};

struct nt_dates {
	struct nt_dates_compiled r;
	int forked;                  /* R belongs to the context this one was forked from */
	/* scratch, one per thread */
	struct nt_window *wins;      /* windows of the current article */
	size_t nwins, wins_cap;
	struct nt_trigger {          /* its trigger words, by position */
		size_t pos;
		unsigned kinds;
	} *trigs;
	size_t ntrigs, trigs_cap;
	unsigned *ahead;             /* kinds of the triggers from one on (a window's) */
	size_t ahead_cap;
	struct nt_matcher match;
	struct nt_dcand *cands;
	size_t ncands, cands_cap;
	size_t next_from[NT_RXSTART_MAX];   /* per anchored rule, in the current window */
	char last[64];               /* value of the last DATE of the article, for anaphors */
	size_t last_end;             /* view byte where that DATE ends */
	char last_q[64];             /* value of the last quarter of the article ("1989-Q3") */
	/* The tense cues of the sentence nt_dates_tense searched last, view
	 * bytes [cue_s, cue_e) of the current article (cue_e 0: none yet):
	 * dates in one sentence share its search. */
	size_t cue_s, cue_e;
	struct nt_cue {
		size_t start, end;   /* view bytes of the match */
		int future;          /* a match of d->future, else of d->past */
	} *cues;
	size_t ncues, cues_cap;
};

/* A candidate match, in view bytes. */
struct nt_dcand {
	size_t vstart, vend;
	size_t rule;
	size_t fs[F_COUNT], fe[F_COUNT];   /* view range of each field; fs == fe: unset */
};

static const char *const nt_dates_keys[] = { "dates", NULL };
static const char *const nt_dates_section_keys[] = {
	"language", "words", "rules", "past", "future", "dayfirst", "triggers",
	"number_triggers", NULL
};

#define NT_WINDOW_BEFORE 32   /* bytes a date may start before its trigger */
#define NT_WINDOW_AFTER 32    /* ... and end after it */
#define NT_WINDOW_TAIL 48     /* text after a window a match may reach and look at */
#define NT_WINDOW_NEAR 24     /* a number this close to a trigger word is part of it */
static const char *const nt_date_rule_keys[] = {
	"regex", "type", "range", "numeric", "later", "tense", "value", NULL
};

static void nt_dates_fini(void *ctx);
static void nt_dates_compiled_free(struct nt_dates_compiled *r);

/* Report an error in the date rules and count it. */
#define nt_dates_problem(cfg, errors, node, ...) \
	((*(errors))++, nt_config_problem((cfg), 1, (node), __VA_ARGS__))

static const struct nt_wordlist *
nt_list_find(const struct nt_dates *d, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < d->r.nlists; i++)
		if (strlen(d->r.lists[i].name) == len && memcmp(d->r.lists[i].name, name, len) == 0)
			return &d->r.lists[i];
	return NULL;
}

/* Read the words section: name -> {word: value}. */
static void
nt_dates_words(struct nt_dates *d, const struct nt_node *sec, const struct nt_config *cfg,
	       int *errors)
{
	size_t i, k;

	if (sec->kind != NT_NODE_MAP) {
		nt_dates_problem(cfg, errors, sec, "'words' must map list names to {word: value}");
		return;
	}
	for (i = 0; i + 1 < sec->nkids; i += 2) {
		const struct nt_node *map = sec->kids[i + 1];
		struct nt_wordlist *l;

		if (map->kind != NT_NODE_MAP) {
			nt_dates_problem(cfg, errors, map, "word list '%s' must be a mapping {word: value}",
					 sec->kids[i]->str);
			continue;
		}
		nt_grow(&d->r.lists, &d->r.lists_cap, d->r.nlists + 1, sizeof *d->r.lists);
		l = &d->r.lists[d->r.nlists++];
		l->name = nt_xstrdup(sec->kids[i]->str);
		l->words = nt_xcalloc(map->nkids / 2 + 1, sizeof *l->words);
		l->n = 0;
		for (k = 0; k + 1 < map->nkids; k += 2) {
			size_t len;

			if (map->kids[k + 1]->kind != NT_NODE_SCALAR) {
				nt_dates_problem(cfg, errors, map->kids[k + 1], "a word's value must be a string");
				continue;
			}
			l->words[l->n].word = nt_fold_str(map->kids[k]->str, map->kids[k]->len, NT_FOLD_CASE,
							  &len);
			l->words[l->n].value = nt_xstrdup(map->kids[k + 1]->str);
			l->n++;
		}
		l->texts = nt_xmalloc((l->n + 1) * sizeof *l->texts);
		for (k = 0; k < l->n; k++)
			l->texts[k] = l->words[k].word;
	}
}

/* nt_regex_list_fn over the word lists. */
static int
nt_dates_list_words(void *arg, const char *name, size_t len, const char *const **words, size_t *n)
{
	const struct nt_wordlist *l = nt_list_find(arg, name, len);

	if (!l)
		return 0;
	*words = l->texts;
	*n = l->n;
	return 1;
}

/* Compile the pattern at NODE after expanding its {lists}, with PCRE2
 * OPTIONS beyond caseless matching. */
static pcre2_code *
nt_dates_compile(struct nt_dates *d, const struct nt_node *node, uint32_t options,
		 const struct nt_config *cfg, int *errors)
{
	struct nt_err e;
	size_t *map;
	char *rx = nt_regex_expand(node, nt_dates_list_words, d, "\\s+", "word list", &map, &e);
	pcre2_code *code = rx ? nt_regex_compile(node, rx, map,
						 options | PCRE2_CASELESS | PCRE2_DUPNAMES, &e) : NULL;

	if (!code) {
		nt_config_report(cfg, 1, &e);
		(*errors)++;
	}
	free(rx);
	free(map);
	return code;
}

/* Record the group numbers of each field in rule R. */
static void
nt_dates_groups(struct nt_date_rule *r)
{
	uint32_t count, size, i;
	PCRE2_SPTR table;

	pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
	memset(r->groups, 0, sizeof r->groups);
	for (i = 0; i < count; i++) {
		const unsigned char *e = table + i * size;
		int num = (e[0] << 8) | e[1], f, k;

		for (f = 0; f < F_COUNT; f++)
			if (strcmp((const char *)e + 2, nt_field_names[f]) == 0)
				break;
		for (k = 0; f < F_COUNT && k < 3 && r->groups[f][k]; k++)
			;
		if (f < F_COUNT && k < 3)
			r->groups[f][k] = num;
	}
}

/* The trigger kinds a rule needs: a mask M such that every match of the
 * regex holds a trigger token of some kind in M, found by walking the
 * regex: a {list} of the triggers or a literal trigger word needs its
 * kind, a digit class a number; an alternation needs the union of its
 * branches (nothing if one branch needs nothing); a sequence needs what
 * its most telling part needs (a word list before a number, fewer kinds
 * before more); optional parts and lookarounds need nothing.  0: the
 * rule runs in every window. */
static unsigned nt_need_alt(const struct nt_dates *d, const char *src, size_t *i);

static unsigned
nt_need_pick(unsigned a, unsigned b)
{
	int da = (a & NT_TRIGGER_DIGIT) != 0, db = (b & NT_TRIGGER_DIGIT) != 0;

	if (!a || !b)
		return a ? a : b;
	if (da != db)
		return da ? b : a;
	return __builtin_popcount(b) < __builtin_popcount(a) ? b : a;
}

/* Skip a quantifier at SRC[*I]; nonzero if it allows zero repeats. */
static int
nt_need_quant(const char *src, size_t *i)
{
	int zero = 0;

	if (src[*i] == '?' || src[*i] == '*') {
		zero = 1;
		(*i)++;
	} else if (src[*i] == '+') {
		(*i)++;
	} else if (src[*i] == '{' && isdigit((unsigned char)src[*i + 1])) {
		zero = src[*i + 1] == '0';
		while (src[*i] && src[*i] != '}')
			(*i)++;
		if (src[*i])
			(*i)++;
	} else {
		return 0;
	}
	if (src[*i] == '?' || src[*i] == '+')   /* lazy, possessive */
		(*i)++;
	return zero;
}

static unsigned
nt_need_seq(const struct nt_dates *d, const char *src, size_t *i)
{
	unsigned need = 0;

	while (src[*i] && src[*i] != '|' && src[*i] != ')') {
		unsigned atom = 0;
		size_t j = *i;
		int look = 0;

		if (src[j] == '(') {
			j++;
			if (src[j] == '?') {
				look = src[j + 1] == '=' || src[j + 1] == '!' ||
				       (src[j + 1] == '<' && (src[j + 2] == '=' || src[j + 2] == '!'));
				if (src[j + 1] == '<' && !look) {   /* (?<name> */
					while (src[j] && src[j] != '>')
						j++;
				} else {
					while (src[j] && src[j] != ':' && src[j] != '=' && src[j] != '!' &&
					       src[j] != ')')
						j++;
				}
				if (src[j] && src[j] != ')')
					j++;
			}
			atom = nt_need_alt(d, src, &j);
			if (src[j] == ')')
				j++;
			if (look)
				atom = 0;
		} else if (src[j] == '\\') {
			atom = src[j + 1] == 'd' ? NT_TRIGGER_DIGIT : 0;
			j += src[j + 1] ? 2 : 1;
		} else if (src[j] == '[') {
			int digits = 1;

			for (j++; src[j] && src[j] != ']'; j++) {
				if (src[j] == '\\' && src[j + 1])
					digits = 0, j++;
				else if (!isdigit((unsigned char)src[j]) && src[j] != '-')
					digits = 0;
			}
			if (src[j])
				j++;
			atom = digits ? NT_TRIGGER_DIGIT : 0;
		} else if (src[j] == '{' && islower((unsigned char)src[j + 1])) {
			size_t k = j + 1, t;

			while (islower((unsigned char)src[k]) || src[k] == '_')
				k++;
			for (t = 0; t < d->r.ntrigger_lists; t++)
				if (strlen(d->r.trigger_lists[t]) == k - j - 1 &&
				    memcmp(d->r.trigger_lists[t], src + j + 1, k - j - 1) == 0)
					atom = 1u << t;
			j = src[k] == '}' ? k + 1 : k;
		} else if (isalpha((unsigned char)src[j])) {
			char word[32];
			size_t k = j, n;

			while (isalpha((unsigned char)src[k]))
				k++;
			n = k - j;
			/* a quantifier binds the last letter only */
			if (src[k] == '?' || src[k] == '*' || src[k] == '{')
				n = 0;
			if (n && n < sizeof word && (j == 0 || src[j - 1] != '\\')) {
				size_t c;

				for (c = 0; c < n; c++)
					word[c] = (char)tolower((unsigned char)src[j + c]);
				atom = nt_wordset_kinds(d->r.triggers, word, n);
			}
			j = k;
		} else {
			j++;
		}
		if (nt_need_quant(src, &j))
			atom = 0;
		need = nt_need_pick(need, atom);
		*i = j;
	}
	return need;
}

static unsigned
nt_need_alt(const struct nt_dates *d, const char *src, size_t *i)
{
	unsigned need = nt_need_seq(d, src, i);
	int none = need == 0;

	while (src[*i] == '|') {
		unsigned b;

		(*i)++;
		b = nt_need_seq(d, src, i);
		none |= b == 0;
		need |= b;
	}
	return none ? 0 : need;
}

static unsigned
nt_dates_rule_kinds(const struct nt_dates *d, const char *src)
{
	size_t i = 0;
	unsigned need = 0;

	while (src[i]) {   /* a stray ')' ends nothing */
		need = nt_need_pick(need, nt_need_alt(d, src, &i));
		if (src[i])
			i++;
	}
	return need;
}

static void
nt_dates_rule(struct nt_dates *d, const struct nt_node *entry, const struct nt_config *cfg,
	      int *errors)
{
	static const char *const types[] = { "DATE", "TIME", "DURATION", "SET", NULL };
	const struct nt_node *rx, *type;
	struct nt_date_rule *r;
	struct nt_err e;
	char rule[4096];
	size_t i;

	if (entry->kind != NT_NODE_MAP || !(rx = nt_node_get(entry, "regex")) ||
	    rx->kind != NT_NODE_SCALAR) {
		nt_dates_problem(cfg, errors, entry, "a date rule must be a mapping with a 'regex'");
		return;
	}
	if (nt_node_check_keys(entry, "date rule", nt_date_rule_keys, &e) != 0) {
		nt_config_report(cfg, 1, &e);
		(*errors)++;
		return;
	}
	nt_grow(&d->r.rules, &d->r.rules_cap, d->r.nrules + 1, sizeof *d->r.rules);
	r = &d->r.rules[d->r.nrules];
	memset(r, 0, sizeof *r);
	r->type = "DATE";
	if ((type = nt_node_get(entry, "type"))) {
		for (i = 0; types[i] && !(type->str && strcmp(type->str, types[i]) == 0); i++)
			;
		if (!types[i]) {
			nt_dates_problem(cfg, errors, type, "'type' must be DATE, TIME, DURATION or SET");
			return;
		}
		r->type = types[i];
	}
	r->range = nt_node_get(entry, "range") != NULL;
	if ((type = nt_node_get(entry, "numeric"))) {   /* true, dayfirst or monthfirst */
		static const char *const orders[] = { "true", "dayfirst", "monthfirst", NULL };

		for (i = 0; orders[i] && !(type->str && strcmp(type->str, orders[i]) == 0); i++)
			;
		if (!orders[i]) {
			nt_dates_problem(cfg, errors, type, "'numeric' must be true, dayfirst or monthfirst");
			return;
		}
		r->numeric = 1;
		r->dayfirst = i == 0 ? -1 : i == 1;
	}
	r->later = nt_node_get(entry, "later") != NULL;
	if ((type = nt_node_get(entry, "tense"))) {
		r->tense = type->str && strcmp(type->str, "future") == 0 ? 1 :
			   type->str && strcmp(type->str, "past") == 0 ? -1 : 0;
		if (!r->tense) {
			nt_dates_problem(cfg, errors, type, "'tense' must be future or past");
			return;
		}
	}
	if ((type = nt_node_get(entry, "value")) && type->str)
		r->value = nt_xstrdup(type->str);
	r->anchored = nt_rxstart_add(d->r.starts, (unsigned)d->r.nrules, rx->str, nt_dates_list_words, d);
	if (!(r->code = nt_dates_compile(d, rx, r->anchored ? PCRE2_ANCHORED : 0, cfg, errors)))
		return;
	r->kinds = nt_dates_rule_kinds(d, rx->str);
	snprintf(rule, sizeof rule, "%s:%u", entry->file, entry->line);
	r->rule = nt_xstrdup(rule);
	nt_dates_groups(r);
	d->r.nrules++;
}

/* Add the last word of every entry of the lists named by NODE, the value
 * of key KEY, to the trigger set (windows reach back NT_WINDOW_BEFORE
 * bytes for the rest), each list with a kind bit of its own; or, for
 * key number_triggers, to the set of words that are triggers right after
 * a number ("3 a.m."), of kind NT_TRIGGER_DIGIT. */
static void
nt_dates_triggers(struct nt_dates *d, const struct nt_node *node, const char *key,
		  const struct nt_config *cfg, int *errors)
{
	int after_number = strcmp(key, "number_triggers") == 0;
	size_t i, k;

	if (node->kind != NT_NODE_SEQ) {
		nt_dates_problem(cfg, errors, node, "'%s' must be a list of word list names", key);
		return;
	}
	for (i = 0; i < node->nkids; i++) {
		const struct nt_node *name = node->kids[i];
		const struct nt_wordlist *l = name->str ? nt_list_find(d, name->str, name->len) : NULL;
		unsigned bit = after_number ? NT_TRIGGER_DIGIT : 1u << d->r.ntrigger_lists;

		if (!l) {
			nt_dates_problem(cfg, errors, name, "unknown word list '%s' in %s",
					 name->str ? name->str : "", key);
			continue;
		}
		if (after_number) {
			for (k = 0; k < l->n; k++)
				nt_wordset_add(d->r.number_triggers, l->words[k].word,
					       strcspn(l->words[k].word, ". "), bit);
			continue;
		}
		if (d->r.ntrigger_lists == NT_TRIGGER_LISTS) {
			nt_dates_problem(cfg, errors, name, "at most %d trigger lists", NT_TRIGGER_LISTS);
			return;
		}
		d->r.trigger_lists[d->r.ntrigger_lists++] = nt_xstrdup(l->name);
		for (k = 0; k < l->n; k++) {   /* the last word: "at present" -> present */
			const char *w = strrchr(l->words[k].word, ' ');

			w = w ? w + 1 : l->words[k].word;
			nt_wordset_add(d->r.triggers, w, strcspn(w, "."), bit);
		}
	}
}

/* Ovector pairs for a match of any of D's regexes (nt_regex_pairs). */
static uint32_t
nt_dates_pairs(const struct nt_dates *d)
{
	uint32_t most = nt_regex_pairs(d->r.past), n;
	size_t i;

	if ((n = nt_regex_pairs(d->r.future)) > most)
		most = n;
	for (i = 0; i < d->r.nrules; i++)
		if ((n = nt_regex_pairs(d->r.rules[i].code)) > most)
			most = n;
	return most;
}

static void *
nt_dates_init(const struct nt_rules *rules, const struct nt_config *cfg, struct nt_err *err)
{
	struct nt_dates *d = nt_xcalloc(1, sizeof *d);
	int errors = 0;
	size_t f, i;

	d->r.triggers = nt_wordset_new();
	d->r.number_triggers = nt_wordset_new();
	d->r.starts = nt_rxstart_new();
	for (f = 0; f < rules->nfiles; f++) {
		const struct nt_node *sec = nt_node_get(rules->files[f].root, "dates"), *v;
		struct nt_err e;

		if (!sec)
			continue;
		if (nt_node_check_keys(sec, "dates", nt_dates_section_keys, &e) != 0) {
			nt_config_report(cfg, 1, &e);
			errors++;
			continue;
		}
		if ((v = nt_node_get(sec, "words")))
			nt_dates_words(d, v, cfg, &errors);
		if ((v = nt_node_get(sec, "triggers")))
			nt_dates_triggers(d, v, "triggers", cfg, &errors);
		if ((v = nt_node_get(sec, "number_triggers")))
			nt_dates_triggers(d, v, "number_triggers", cfg, &errors);
		if ((v = nt_node_get(sec, "dayfirst")))
			d->r.dayfirst = v->str && strcmp(v->str, "true") == 0;
		if ((v = nt_node_get(sec, "past")) && !(d->r.past = nt_dates_compile(d, v, 0, cfg, &errors)))
			continue;
		if ((v = nt_node_get(sec, "future")) && !(d->r.future = nt_dates_compile(d, v, 0, cfg, &errors)))
			continue;
		if ((v = nt_node_get(sec, "rules"))) {
			if (v->kind != NT_NODE_SEQ) {
				nt_dates_problem(cfg, &errors, v, "'rules' must be a list");
				continue;
			}
			for (i = 0; i < v->nkids; i++)
				nt_dates_rule(d, v->kids[i], cfg, &errors);
		}
	}
	nt_matcher_init(&d->match, nt_dates_pairs(d), NT_DATES_MATCH_LIMIT);
	if (errors) {
		nt_err_file(err, NULL, "%d error%s in date rules", errors, errors == 1 ? "" : "s");
		nt_dates_fini(d);
		return NULL;
	}
	return d;
}

static void
nt_dates_fini(void *ctx)
{
	struct nt_dates *d = ctx;

	if (!d->forked)
		nt_dates_compiled_free(&d->r);
	free(d->wins);
	free(d->trigs);
	free(d->ahead);
	nt_matcher_free(&d->match);
	free(d->cands);
	free(d->cues);
	free(d);
}

/* Free the compiled rules R. */
static void
nt_dates_compiled_free(struct nt_dates_compiled *r)
{
	size_t i, k;

	for (i = 0; i < r->nlists; i++) {
		for (k = 0; k < r->lists[i].n; k++) {
			free(r->lists[i].words[k].word);
			free(r->lists[i].words[k].value);
		}
		free(r->lists[i].words);
		free(r->lists[i].texts);
		free(r->lists[i].name);
	}
	free(r->lists);
	for (i = 0; i < r->nrules; i++) {
		pcre2_code_free(r->rules[i].code);
		free(r->rules[i].rule);
		free(r->rules[i].value);
	}
	free(r->rules);
	pcre2_code_free(r->past);
	pcre2_code_free(r->future);
	nt_wordset_free(r->triggers);
	nt_wordset_free(r->number_triggers);
	nt_rxstart_free(r->starts);
	for (i = 0; i < r->ntrigger_lists; i++)
		free(r->trigger_lists[i]);
}

static void *
nt_dates_fork(const void *ctx)
{
	const struct nt_dates *d = ctx;
	struct nt_dates *f = nt_xcalloc(1, sizeof *f);

	f->r = d->r;
	f->forked = 1;
	nt_matcher_init(&f->match, nt_dates_pairs(f), NT_DATES_MATCH_LIMIT);
	return f;
}

/* The value of the word VIEW[s..e) in word list NAME, or NULL. */
static const char *
nt_word_value(const struct nt_dates *d, const char *name, const char *view, size_t s, size_t e)
{
	const struct nt_wordlist *l = nt_list_find(d, name, strlen(name));
	char key[128];
	size_t n = 0, i, flen;
	char *folded;
	const char *v = NULL;

	if (!l)
		return NULL;
	for (i = s; i < e && n + 1 < sizeof key; i++) {   /* collapse white space */
		if (isspace((unsigned char)view[i])) {
			if (n > 0 && key[n - 1] != ' ')
				key[n++] = ' ';
		} else {
			key[n++] = view[i];
		}
	}
	while (n > 0 && (key[n - 1] == '.' || key[n - 1] == ' '))
		n--;
	folded = nt_fold_str(key, n, NT_FOLD_CASE, &flen);
	for (i = 0; i < l->n && !v; i++)
		if (strcmp(l->words[i].word, folded) == 0 ||
		    (strlen(l->words[i].word) == flen + 1 && l->words[i].word[flen] == '.' &&
		     strncmp(l->words[i].word, folded, flen) == 0))
			v = l->words[i].value;
	free(folded);
	return v;
}

/* Everything a match says, decoded. */
struct nt_dparts {
	int year, month, day, weekday, decade, quarter, half;
	const char *season, *part, *approx, *unit, *deictic, *ref, *set, *daypart, *ampm;
	double num;          /* -1: unknown amount ("several") */
	int has_num, rel, has_rel, dir;   /* dir: -1 ago, +1 later, 0 none */
	int anaphor;         /* "the quarter": the one last spoken of */
	int rel_anaphoric;   /* REL counts from the date last spoken of */
	int later_anaphoric; /* "four months later": from the date last spoken of */
	const char *anaphor_unit;   /* "the year-ago quarter": Q */
	int hour, minute;    /* -1 when absent */
	int holiday_nth, holiday_wd;   /* a movable holiday: the Nth weekday of the month */
	int swappable;       /* numeric a/b, both 1-12 and different: day and month may swap */
	int impossible;      /* a month outside 1-12, or a day 0, in digits: no date at all
			      * ("35.13.2024", the version "2.0.2024") */
};

static int
nt_dates_has(const struct nt_dcand *c, enum nt_field f)
{
	return c->fe[f] > c->fs[f];
}

/* Number in field F: digits, or a word of list LIST; DEF when absent. */
static double
nt_dates_number(const struct nt_dates *d, const struct nt_dcand *c, const char *view,
		enum nt_field f, const char *list, double def)
{
	const char *w;

	if (!nt_dates_has(c, f))
		return def;
	if (isdigit((unsigned char)view[c->fs[f]])) {   /* only the group's own digits */
		char digits[32];
		size_t n = c->fe[f] - c->fs[f];

		if (n >= sizeof digits)
			n = sizeof digits - 1;
		char *end;
		double x, num, den;

		memcpy(digits, view + c->fs[f], n);
		digits[n] = '\0';
		x = strtod(digits, &end);
		/* a mixed number: "2 1/2" */
		if (sscanf(end, " %lf/%lf", &num, &den) == 2 && den > 0 && num < den)
			x += num / den;
		return x;
	}
	if (!list[0] || !(w = nt_word_value(d, list, view, c->fs[f], c->fe[f])))
		return def;
	return w[0] == 'X' ? -1 : strtod(w, NULL);
}

static const char *
nt_dates_word(const struct nt_dates *d, const struct nt_dcand *c, const char *view, enum nt_field f)
{
	return nt_dates_has(c, f) ? nt_word_value(d, nt_field_lists[f], view, c->fs[f], c->fe[f]) : NULL;
}

/* A year in words, VIEW[s..e): the first word's number times a hundred,
 * plus the rest ("nineteen ninety-six": 1996), numbers from the "num"
 * list; 0 when not one. */
static int
nt_dates_spelled_year(const struct nt_dates *d, const char *view, size_t s, size_t e)
{
	int year = 0, words = 0;
	size_t i = s;

	while (i < e) {
		size_t j = i;
		const char *w;

		while (j < e && !isspace((unsigned char)view[j]) && view[j] != '-')
			j++;
		if (!(w = nt_word_value(d, "num", view, i, j)) || !isdigit((unsigned char)w[0]))
			return 0;
		year += words++ ? atoi(w) : 100 * atoi(w);
		for (i = j; i < e && (isspace((unsigned char)view[i]) || view[i] == '-'); i++)
			;
	}
	return words >= 2 && year >= 1000 ? year : 0;
}

/* Decode candidate C (fields with suffix 2 when SECOND). */
static void
nt_dates_decode(const struct nt_dates *d, const struct nt_dcand *c, const char *view, int second,
		struct nt_dparts *p)
{
	const struct nt_date_rule *r = &d->r.rules[c->rule];
	const char *w;

	memset(p, 0, sizeof *p);
	p->year = (int)nt_dates_number(d, c, view, second ? F_YEAR2 : F_YEAR, second ? "" : "year", 0);
	if (!p->year && !second && nt_dates_has(c, F_YEAR))
		p->year = nt_dates_spelled_year(d, view, c->fs[F_YEAR], c->fe[F_YEAR]);
	p->month = (int)nt_dates_number(d, c, view, second ? F_MONTH2 : F_MONTH, "month", 0);
	p->day = (int)nt_dates_number(d, c, view, second ? F_DAY2 : F_DAY, "", 0);
	if (r->numeric) {   /* a/b: day and month, order by impossibility, then the rule's or language's */
		int a = (int)nt_dates_number(d, c, view, F_A, "", 0);
		int b = (int)nt_dates_number(d, c, view, F_B, "", 0);
		int a_is_day = a > 12 || (b <= 12 && (r->dayfirst < 0 ? d->r.dayfirst : r->dayfirst));

		p->day = a_is_day ? a : b;
		p->month = a_is_day ? b : a;
		p->swappable = a != b && a >= 1 && a <= 12 && b >= 1 && b <= 12;
	}
	p->impossible = p->month > 12 || (r->numeric && (p->month < 1 || p->day < 1));
	p->weekday = (int)nt_dates_number(d, c, view, second ? F_WEEKDAY2 : F_WEEKDAY, "weekday", 0);
	if (second)
		return;
	p->decade = (int)nt_dates_number(d, c, view, F_DECADE, "", 0);
	p->quarter = (int)nt_dates_number(d, c, view, F_QUARTER, "ordinal", 0);
	p->half = (int)nt_dates_number(d, c, view, F_HALF, "half", 0);
	p->season = nt_dates_word(d, c, view, F_SEASON);
	p->part = nt_dates_word(d, c, view, F_PART);
	p->approx = nt_dates_word(d, c, view, F_APPROX);
	p->unit = nt_dates_word(d, c, view, F_UNIT);
	p->deictic = nt_dates_word(d, c, view, F_DEICTIC);
	p->ref = nt_dates_word(d, c, view, F_REF);
	p->set = nt_dates_word(d, c, view, F_SET);
	p->daypart = nt_dates_word(d, c, view, F_DAYPART);
	p->ampm = nt_dates_word(d, c, view, F_AMPM);
	p->has_num = nt_dates_has(c, F_NUM);
	p->num = nt_dates_number(d, c, view, F_NUM, "num", 1);
	if (p->has_num && p->num >= 0 && nt_dates_has(c, F_FRAC))   /* a year and a half */
		p->num += nt_dates_number(d, c, view, F_FRAC, "frac", 0);
	if ((w = nt_dates_word(d, c, view, F_HOLIDAY))) {   /* MM-DD, or MM-N-W: Nth weekday W (N=5: last) */
		int hm = 0, hn = 0, hw = 0;

		if (sscanf(w, "%d-%d-%d", &hm, &hn, &hw) == 3 && hm >= 1 && hm <= 12) {
			p->month = hm;
			p->holiday_nth = hn;
			p->holiday_wd = hw;
			p->day = hn >= 5 ? 25 : 7 * (hn - 1) + 4;   /* about there, for the year */
		} else if (sscanf(w, "%d-%d", &hm, &hn) == 2 && hm >= 1 && hm <= 12) {
			p->month = hm;
			p->day = hn;
		}
	}
	if (nt_dates_has(c, F_NTH) && p->weekday && p->month) {   /* the first Monday in October */
		p->holiday_nth = (int)nt_dates_number(d, c, view, F_NTH, "nth", 0);
		p->holiday_wd = p->weekday;
		p->weekday = 0;
		if (p->holiday_nth < 1 || p->holiday_nth > 5)
			p->holiday_nth = 0;
		else
			p->day = p->holiday_nth >= 5 ? 25 : 7 * (p->holiday_nth - 1) + 4;
	}
	p->anaphor = nt_dates_has(c, F_ANAPHOR);
	p->anaphor_unit = nt_dates_word(d, c, view, F_ANAPHOR);
	p->has_rel = (w = nt_dates_word(d, c, view, F_REL)) != NULL;
	p->rel = w ? atoi(w) : 0;
	p->rel_anaphoric = w && strchr(w, 'A') != NULL;   /* "the following": from the last date */
	p->dir = nt_dates_has(c, F_AGO) ? -1 : nt_dates_has(c, F_LATER) || r->later ? 1 : 0;
	w = nt_dates_word(d, c, view, F_LATER);
	p->later_anaphoric = w && strchr(w, 'A') != NULL;
	p->hour = nt_dates_has(c, F_HOUR) ? (int)nt_dates_number(d, c, view, F_HOUR, "hour", 0) : -1;
	p->minute = nt_dates_has(c, F_MINUTE) ? (int)nt_dates_number(d, c, view, F_MINUTE, "", 0) : -1;
	if (p->hour >= 0 && p->ampm) {
		if (p->ampm[0] == 'P' && p->hour < 12)
			p->hour += 12;
		else if (p->ampm[0] == 'A' && p->hour == 12)
			p->hour = 0;
	}
}

/* A cue across a comma from the expression counts as this much farther
 * than any within its clause ("Macron, who arrived late Monday, will
 * travel": arrived, not will). */
#define NT_CUE_OTHER_CLAUSE 4096

/* Record in D's cue list every match of CUE (FUTURE says which cue it
 * is) in view bytes [s, e) of A. */
static void
nt_dates_cue_matches(struct nt_dates *d, const pcre2_code *cue, int future,
		     const struct nt_article *a, size_t s, size_t e)
{
	PCRE2_SIZE from = s;

	while (cue && from < e && nt_regex_match(cue, a->view, e, from, &d->match) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->match.md);

		nt_grow(&d->cues, &d->cues_cap, d->ncues + 1, sizeof *d->cues);
		d->cues[d->ncues++] = (struct nt_cue){ ov[0], ov[1], future };
		from = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
}

/* Distance from [vs, ve) to the closest of D's cue matches that are
 * FUTURE ones (or past ones), or (size_t)-1 when there is none.  A cue
 * with a comma between it and [vs, ve) counts NT_CUE_OTHER_CLAUSE more. */
static size_t
nt_dates_cue(const struct nt_dates *d, int future, const struct nt_article *a, size_t vs,
	     size_t ve)
{
	size_t best = (size_t)-1, i;

	for (i = 0; i < d->ncues; i++) {
		const struct nt_cue *c = &d->cues[i];
		size_t dist = c->end <= vs ? vs - c->end : c->start >= ve ? c->start - ve : (size_t)-1;

		if (c->future != future)
			continue;
		if (dist != (size_t)-1 &&
		    memchr(a->view + (c->end <= vs ? c->end : ve), ',', dist))
			dist += NT_CUE_OTHER_CLAUSE;
		if (dist < best)
			best = dist;
	}
	return best;
}

/* The tense of the clause around view bytes [vs, ve), from the closest
 * past or future cue in its sentence (a semicolon ends one too): +1
 * future, -1 past, 0 unknown. */
static int
nt_dates_tense(struct nt_dates *d, const struct nt_article *a, size_t vs, size_t ve)
{
	size_t s = vs, e = ve, past, future;

	while (s > 0 && a->view[s - 1] != '\n' && !(strchr(".!?;", a->view[s - 1]) && a->view[s] == ' '))
		s--;
	while (e < a->view_len && a->view[e] != '\n' && !(strchr(".!?;", a->view[e]) &&
							  (e + 1 == a->view_len || a->view[e + 1] == ' ')))
		e++;
	if (d->cue_e == 0 || d->cue_s != s || d->cue_e != e) {
		d->ncues = 0;
		nt_dates_cue_matches(d, d->r.past, 0, a, s, e);
		nt_dates_cue_matches(d, d->r.future, 1, a, s, e);
		d->cue_s = s;
		d->cue_e = e;
	}
	past = nt_dates_cue(d, 0, a, vs, ve);
	future = nt_dates_cue(d, 1, a, vs, ve);
	if (past == (size_t)-1 && future == (size_t)-1)
		return 0;
	return future <= past ? 1 : -1;   /* "scheduled" is both: future wins */
}

static int
nt_unit_months(const char *unit)
{
	return strcmp(unit, "M") == 0 ? 1 : strcmp(unit, "Q") == 0 ? 3 : strcmp(unit, "Y") == 0 ? 12 :
	       strcmp(unit, "DE") == 0 ? 120 : strcmp(unit, "CE") == 0 ? 1200 : 0;
}

/* T written at the granularity of UNIT ("2024", "2024-09", "2024-W39"...). */
static void
nt_dates_at(struct nt_ymd t, const char *unit, char *out, size_t size)
{
	int wy, wk;

	if (strcmp(unit, "Y") == 0)
		snprintf(out, size, "%04d", t.y);
	else if (strcmp(unit, "M") == 0)
		snprintf(out, size, "%04d-%02d", t.y, t.m);
	else if (strcmp(unit, "Q") == 0)
		snprintf(out, size, "%04d-Q%d", t.y, (t.m - 1) / 3 + 1);
	else if (strcmp(unit, "DE") == 0)
		snprintf(out, size, "%03d", t.y / 10);
	else if (strcmp(unit, "CE") == 0)
		snprintf(out, size, "%02d", t.y / 100);
	else if (strcmp(unit, "W") == 0 || strcmp(unit, "WE") == 0) {
		nt_iso_week(t, &wy, &wk);
		snprintf(out, size, "%04d-W%02d%s", wy, wk, unit[1] ? "-WE" : "");
	} else
		snprintf(out, size, "%04d-%02d-%02d", t.y, t.m, t.d);
}

/* An unknown date at the granularity of UNIT, for a relative expression
 * with no article date: "XXXX-XX" for "next month", "XXXX-WXX" for "last
 * week" (TIMEX3 marks each unknown digit with X).  It is nt_dates_at's
 * form for any date, every digit an X. */
static void
nt_dates_unknown_at(const char *unit, char *out, size_t size)
{
	static const struct nt_ymd any = { 2000, 1, 1 };
	char *c;

	nt_dates_at(any, unit, out, size);
	for (c = out; *c; c++)
		if (isdigit((unsigned char)*c))
			*c = 'X';
}

/* T moved by N units of UNIT. */
static struct nt_ymd
nt_dates_shift(struct nt_ymd t, const char *unit, long n)
{
	int months = nt_unit_months(unit);

	if (months)
		return nt_add_months(t, n * months);
	if (strcmp(unit, "D") != 0 && strcmp(unit, "W") != 0 && strcmp(unit, "WE") != 0)
		return t;   /* hours and less: the same day, for all we know */
	return nt_add_days(t, n * (strcmp(unit, "W") == 0 || strcmp(unit, "WE") == 0 ? 7 : 1));
}

/* A duration value for NUM units of UNIT: P3D, P30Y, PT2H, PXY. */
static void
nt_dates_duration(double num, int known, const char *unit, char *out, size_t size)
{
	int time = strcmp(unit, "H") == 0 || strcmp(unit, "MIN") == 0 || strcmp(unit, "S") == 0;
	const char *u = strcmp(unit, "MIN") == 0 ? "M" : unit;   /* quarters stay P2Q */
	char n[32];

	/* P20Y, not P2DE; but decades, an unknown number of them, are PXDE */
	if (known && (strcmp(unit, "DE") == 0 || strcmp(unit, "CE") == 0)) {
		num *= unit[0] == 'D' ? 10 : 100;
		u = "Y";
	}
	if (known && num > 0 && num != (long)num) {   /* 2.5 years: P2Y6M, 1.5 hours: PT1H30M */
		static const char *const big[] = { "Y", "D", "H", "MIN", NULL };
		static const char *const small[] = { "M", "H", "M", "S" };
		static const int times[] = { 12, 24, 60, 60 };
		long whole = (long)num;
		int i;

		for (i = 0; big[i]; i++) {
			double rest = (num - whole) * times[i];

			if (strcmp(unit, big[i]) != 0 || rest != (long)rest)
				continue;
			if (whole > 0)
				snprintf(n, sizeof n, "%ld%s", whole, u);
			else
				n[0] = '\0';
			snprintf(out, size, "P%s%s%ld%s", time ? "T" : "", n, (long)rest, small[i]);
			if (i == 1)   /* 1.5 days: P1DT12H */
				snprintf(out, size, "P%sT%ldH", n, (long)rest);
			return;
		}
	}
	if (!known || num < 0)
		snprintf(n, sizeof n, "X");
	else if (num == (long)num)
		snprintf(n, sizeof n, "%ld", (long)num);
	else
		snprintf(n, sizeof n, "%g", num);
	snprintf(out, size, "P%s%s%s", time ? "T" : "", n, u);
}

/* How fine a unit is: Y 1, H 2, Q 3, M 4, W/WE 5, D 6. */
static int
nt_unit_rank(const char *unit)
{
	static const char *const units[] = { "Y", "H", "Q", "M", "W", "D", NULL };
	int i;

	if (strcmp(unit, "WE") == 0)
		return 5;
	for (i = 0; units[i]; i++)
		if (strcmp(unit, units[i]) == 0)
			return i + 1;
	return 0;
}

/* A day inside the time a value VALUE names, if VALUE is at least as fine
 * as UNIT ("1989-Q3" serves a quarter or a year, not a month). */
static int
nt_dates_antecedent(const char *value, const char *unit, struct nt_ymd *t)
{
	int rank = nt_unit_rank(unit), y, m, dd, q;
	char tail;

	if (rank == 0)
		return -1;
	if (sscanf(value, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) >= 3 && strlen(value) >= 10) {
		t->y = y, t->m = m, t->d = dd;
		return 0;
	}
	if (strlen(value) == 7 && sscanf(value, "%4d-%2d", &y, &m) == 2 && rank <= 4) {
		t->y = y, t->m = m, t->d = 1;
		return 0;
	}
	if (strlen(value) == 7 && sscanf(value, "%4d-Q%1d", &y, &q) == 2 && q >= 1 && q <= 4 &&
	    rank <= 3) {
		t->y = y, t->m = 3 * q - 2, t->d = 1;
		return 0;
	}
	if (strlen(value) == 4 && sscanf(value, "%4d", &y) == 1 && rank == 1) {
		t->y = y, t->m = 1, t->d = 1;
		return 0;
	}
	return -1;
}

/* The unit a DATE value VALUE is written at ("1989-Q3": Q), or NULL. */
static const char *
nt_value_unit(const char *value)
{
	size_t n = strlen(value);
	int i;

	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)value[i]))
			return NULL;
	if (n == 4)
		return "Y";
	if (n == 7 && value[5] == 'Q' && isdigit((unsigned char)value[6]))
		return "Q";
	if (n == 7 && isdigit((unsigned char)value[5]) && isdigit((unsigned char)value[6]))
		return "M";
	if (n == 8 && value[5] == 'W' && isdigit((unsigned char)value[6]))
		return "W";
	if (n == 10 && isdigit((unsigned char)value[8]) && isdigit((unsigned char)value[9]))
		return "D";
	return NULL;
}

/* Nonzero if view bytes [s, e) of A hold no sentence end: a newline, or
 * . ! ? followed by a space and a capital letter, unless the period ends
 * an abbreviation (nt_article_sentence_stop).  The capital must lie
 * before E, so an expression at E that opens a sentence is read with the
 * sentence before it ("rose in January.  A year ago it fell"). */
static int
nt_dates_same_sentence(const struct nt_article *a, size_t s, size_t e)
{
	const char *v = a->view;
	size_t i;

	for (i = s; i < e; i++) {
		if (v[i] == '\n')
			return 0;
		if (nt_article_sentence_end(a, s, i, e))
			return 0;
	}
	return 1;
}

/* Nonzero if no blank line lies in view bytes [S, E). */
static int
nt_dates_same_paragraph(const struct nt_article *a, size_t s, size_t e)
{
	const char *v = a->view, *nl;

	while (s < e && (nl = memchr(v + s, '\n', e - s))) {
		for (s = (size_t)(nl - v) + 1; s < e && v[s] == ' '; s++)
			;
		if (s < e && v[s] == '\n')
			return 0;
	}
	return 1;
}

/* The year of quarter (or half, SPAN 6) Q closest to REF, an earlier one
 * on a tie. */
static int
nt_dates_part_year(struct nt_ymd ref, int q, int span)
{
	int per = 12 / span, r = ref.y * per + (ref.m - 1) / span, y, by = ref.y, best = -1;

	for (y = ref.y - 1; y <= ref.y + 1; y++) {
		int dist = y * per + q - 1 - r;

		if (dist < 0)
			dist = -dist;
		if (best < 0 || dist < best) {
			best = dist;
			by = y;
		}
	}
	return by;
}

/* The resolved meaning of one end of a match. */
struct nt_dval {
	const char *type;
	char value[64];
	const char *mod;
	int anchored;        /* the value depends on the article date */
	int year_inferred;   /* the text names no year and no direction: the year
			      * is the one that puts the date closest to the
			      * article date, or the tense's (nt_dates_year_for) */
};

/* Make V2, the end of a range named by weekday WD, the first day WD on
 * or after V1 when V1 is a day ("2024-06-10"); else leave it. */
static void
nt_dates_weekday_after(const struct nt_dval *v1, int wd, struct nt_dval *v2)
{
	struct nt_ymd t;

	if (strlen(v1->value) != 10 || nt_ymd_parse(v1->value, &t) != 0)
		return;
	t = nt_add_days(t, (wd - nt_weekday(t) + 7) % 7);
	snprintf(v2->value, sizeof v2->value, "%04d-%02d-%02d", t.y, t.m, t.d);
}

/* The year a value starts with ("2024-05" 2024), or 0 ("XXXX-05", "P3Y"). */
static int
nt_dates_year_of(const char *value)
{
	int i, y = 0;

	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)value[i]))
			return 0;
		y = y * 10 + (value[i] - '0');
	}
	return value[4] == '\0' || value[4] == '-' ? y : 0;
}

/* Resolve a date without a year (MONTH, optionally DAY) against REF by
 * DIR (-1 the last one, +1 the next, 0 the closest).  With DIR 0 the year
 * (REF's, or one either side) that puts the date closest to REF wins; the
 * sentence's tense TENSE only moves it across REF when the closest date
 * lies on the other side by more than NT_TENSE_SLACK days (a month alone
 * counts from its middle), and breaks ties. */
#define NT_TENSE_SLACK 92

static int
nt_dates_year_for(struct nt_ymd ref, int month, int day, int dir, int tense)
{
	/* "last December" said in December is a year back */
	int after = month > ref.m || (month == ref.m && (day > ref.d || !day));
	int before = month < ref.m || (month == ref.m && (day < ref.d || !day));
	long r = nt_ymd_to_days(ref), best = 0, dist;
	int y, by = ref.y;

	if (dir < 0)
		return after ? ref.y - 1 : ref.y;
	if (dir > 0)
		return before ? ref.y + 1 : ref.y;
	for (y = ref.y - 1; y <= ref.y + 1; y++) {
		struct nt_ymd t = { y, month, day ? day : 15 };
		long off;

		if (t.d > nt_days_in_month(y, month))
			t.d = nt_days_in_month(y, month);
		off = nt_ymd_to_days(t) - r;
		if (!day && month == ref.m && y == ref.y)
			off = 0;   /* the article's own month */
		dist = off < 0 ? -off : off;
		if (y == ref.y - 1 || dist < (best < 0 ? -best : best) ||
		    (dist == (best < 0 ? -best : best) && (tense > 0) == (off > 0))) {
			best = off;
			by = y;
		}
	}
	if (tense < 0 && best > NT_TENSE_SLACK)
		by--;
	else if (tense > 0 && best < -NT_TENSE_SLACK)
		by++;
	return by;
}

/* Write the value of P (one end of candidate C) into V.  REF is the
 * article date or NULL; TENSE is computed lazily through *TENSE (2 = not
 * yet). */
static void
nt_dates_value(struct nt_dates *d, const struct nt_article *a, const struct nt_dcand *c,
	       const struct nt_dparts *p, const struct nt_ymd *ref, int *tense, struct nt_dval *v)
{
	const struct nt_date_rule *r = &d->r.rules[c->rule];
	char time[32] = "";

	v->type = r->type;
	v->mod = p->part ? p->part : p->approx;
	v->anchored = v->year_inferred = 0;
	if (p->impossible) {
		v->type = NULL;   /* "35.13.2024": not a date */
		return;
	}
	if (p->hour >= 0)
		snprintf(time, sizeof time, "T%02d:%02d", p->hour, p->minute >= 0 ? p->minute : 0);
	else if (p->daypart)
		snprintf(time, sizeof time, "T%s", p->daypart);
	if (r->value) {
		snprintf(v->value, sizeof v->value, "%s", r->value);
		return;
	}
	if (p->ref) {
		snprintf(v->value, sizeof v->value, "%s", p->ref);
		return;
	}
	if (strcmp(r->type, "SET") == 0 || p->set) {
		v->type = "SET";
		if (p->set)
			snprintf(v->value, sizeof v->value, "%s", p->set);
		else if (p->weekday)   /* every Thursday (evening) */
			snprintf(v->value, sizeof v->value, "XXXX-WXX-%d%s", p->weekday, time);
		else if (p->month)     /* every July */
			snprintf(v->value, sizeof v->value, "XXXX-%02d", p->month);
		else
			nt_dates_duration(p->num, 1, p->unit ? p->unit : "D", v->value, sizeof v->value);
		return;
	}
	if (strcmp(r->type, "DURATION") == 0 && p->unit) {
		nt_dates_duration(p->num, p->has_num, p->unit, v->value, sizeof v->value);
		v->mod = p->approx;
		return;
	}
	if (p->deictic) {
		v->anchored = 1;
		if (ref) {
			struct nt_ymd t = nt_add_days(*ref, atoi(p->deictic));

			snprintf(v->value, sizeof v->value, "%04d-%02d-%02d%s", t.y, t.m, t.d, time);
		} else {
			snprintf(v->value, sizeof v->value, "XXXX-XX-XX%s", time);
		}
		if (time[0])
			v->type = "TIME";
		return;
	}
	if (p->anaphor && (p->unit || p->anaphor_unit) && !p->quarter) {   /* the quarter, the year, the weekend */
		const char *gran = p->anaphor_unit ? p->anaphor_unit : p->unit;
		const char *unit = p->unit ? p->unit : gran;
		struct nt_ymd t;

		v->anchored = 1;
		if (p->year) {   /* the 1988 quarter: the quarter last named, in that year */
			if (strcmp(gran, "Q") == 0 && d->last_q[0])
				snprintf(v->value, sizeof v->value, "%04d-Q%c", p->year, d->last_q[6]);
			else
				snprintf(v->value, sizeof v->value, "%04d", p->year);
			return;
		}
		/* a quarter: the last one named outright, not a shifted one;
		 * none from an earlier paragraph */
		if (!nt_dates_same_paragraph(a, d->last_end, c->vstart) ||
		    nt_dates_antecedent(strcmp(gran, "Q") == 0 && d->last_q[0] ? d->last_q : d->last, gran,
					&t) != 0) {
			if (!ref) {
				nt_dates_unknown_at(gran, v->value, sizeof v->value);
				return;
			}
			t = *ref;
			if (strcmp(unit, "WE") == 0 && nt_weekday(t) <= 3)
				t = nt_add_days(t, -7);   /* early in the week: the one just past */
			if (strcmp(gran, "Q") == 0) {   /* "the quarter" in the past: the last one */
				if (*tense == 2)
					*tense = nt_dates_tense(d, a, c->vstart, c->vend);
				if (*tense < 0)
					t = nt_add_months(t, -3);
			}
		}
		if (p->dir)
			t = nt_dates_shift(t, unit, (long)(p->num * p->dir));
		nt_dates_at(t, gran, v->value, sizeof v->value);
		return;
	}
	if (p->unit && (p->dir || p->has_rel) && !p->quarter) {   /* two days ago, next month, this year */
		long n = p->dir ? (long)(p->num * p->dir) : p->rel;
		const char *gran = d->last[0] ? nt_value_unit(d->last) : NULL;
		struct nt_ymd t;

		v->anchored = 1;
		/* "profit rose in the third quarter from a year ago": a shift
		 * back ("ago", "earlier"; not "last year") from a finer date
		 * earlier in the sentence is that date's counterpart, at its
		 * granularity */
		/* the following year: after the date last spoken of; "was
		 * granted the status four months later": after the one last
		 * spoken of in its sentence (or the one before, when it opens
		 * one); either if that date is as fine as the unit ("1988 tax
		 * cuts ... a month later" says nothing of the month) */
		if (((p->rel_anaphoric && !p->dir && !p->month) ||
		     (p->later_anaphoric && p->num >= 0 && nt_unit_rank(p->unit) > 0 &&
		      strcmp(p->unit, "H") != 0 && d->last_end <= c->vstart &&
		      nt_dates_same_sentence(a, d->last_end, c->vstart))) &&
		    nt_dates_antecedent(d->last, p->unit, &t) == 0) {
			nt_dates_at(nt_dates_shift(t, p->unit, n), p->unit, v->value, sizeof v->value);
			return;
		}
		if (p->month && strcmp(p->unit, "Y") == 0 && !p->dir) {   /* June last year */
			if (ref)
				snprintf(v->value, sizeof v->value, "%04d-%02d", ref->y + p->rel, p->month);
			else
				snprintf(v->value, sizeof v->value, "XXXX-%02d", p->month);
			return;
		}
		if (gran && p->dir < 0 && p->num == 1 && nt_unit_rank(gran) > nt_unit_rank(p->unit) &&
		    (nt_unit_months(p->unit) > 0 || strcmp(p->unit, "W") == 0) &&
		    nt_unit_rank(p->unit) > 0 && d->last_end <= c->vstart &&
		    nt_dates_same_sentence(a, d->last_end, c->vstart) &&
		    nt_dates_antecedent(d->last, gran, &t) == 0) {
			nt_dates_at(nt_dates_shift(t, p->unit, n), gran, v->value, sizeof v->value);
			return;
		}
		/* "a year ago" in a text about a quarter, with no finer date in
		 * its sentence: that quarter's counterpart */
		if (d->last_q[0] && p->dir < 0 && p->num == 1 && strcmp(p->unit, "Y") == 0 &&
		    !(gran && nt_unit_rank(gran) > nt_unit_rank("Q") && d->last_end <= c->vstart &&
		      nt_dates_same_sentence(a, d->last_end, c->vstart)) &&
		    nt_dates_antecedent(d->last_q, "Q", &t) == 0) {
			nt_dates_at(nt_dates_shift(t, p->unit, n), "Q", v->value, sizeof v->value);
			return;
		}
		if (p->dir && p->num < 0)   /* "years ago": no article date needed */
			snprintf(v->value, sizeof v->value, "%s", p->dir < 0 ? "PAST_REF" : "FUTURE_REF");
		else if (!ref)
			nt_dates_unknown_at(p->unit, v->value, sizeof v->value);
		else
			nt_dates_at(nt_dates_shift(*ref, p->unit, n), p->unit, v->value, sizeof v->value);
		return;
	}
	if (p->decade) {
		snprintf(v->value, sizeof v->value, "%03d", p->decade);
		return;
	}
	if (p->quarter || p->half) {   /* the third quarter (of 1989), this year's first half */
		int y = p->year;

		if (!y && ref) {
			y = p->has_rel ? ref->y + p->rel :
			    nt_dates_part_year(*ref, p->quarter ? p->quarter : p->half, p->quarter ? 3 : 6);
			/* a quarter still to come, spoken of in the past tense: last year's */
			if (!p->has_rel && !p->dir &&
			    (y - ref->y) * 12 + 1 + (p->quarter ? 3 * (p->quarter - 1) : 6 * (p->half - 1)) > ref->m) {
				if (*tense == 2)
					*tense = nt_dates_tense(d, a, c->vstart, c->vend);
				if (*tense < 0)
					y--;
			}
			if (p->dir && p->unit && strcmp(p->unit, "Y") == 0)   /* the year-ago third quarter */
				y += (int)(p->num * p->dir);
			v->anchored = 1;
			v->year_inferred = !p->has_rel && !p->dir;
		}
		if (y)
			snprintf(v->value, sizeof v->value, "%04d-%c%d", y, p->quarter ? 'Q' : 'H',
				 p->quarter ? p->quarter : p->half);
		else
			snprintf(v->value, sizeof v->value, "XXXX-%c%d", p->quarter ? 'Q' : 'H',
				 p->quarter ? p->quarter : p->half);
		return;
	}
	if (p->season) {
		int y = p->year;

		if (!y && ref) {
			y = ref->y + p->rel;
			v->anchored = 1;
			v->year_inferred = !p->has_rel && !p->dir;
		}
		if (y)
			snprintf(v->value, sizeof v->value, "%04d-%s", y, p->season);
		else
			snprintf(v->value, sizeof v->value, "XXXX-%s", p->season);
		return;
	}
	if (p->month) {
		int y = p->year, day = p->day;

		if (p->day > nt_days_in_month(y ? y : 2000, p->month)) {
			v->type = NULL;   /* "February 30": not a date */
			return;
		}
		if (!y && ref) {
			if (*tense == 2)
				*tense = nt_dates_tense(d, a, c->vstart, c->vend);
			y = p->has_rel && p->rel == 0 ? ref->y :   /* this September */
			    nt_dates_year_for(*ref, p->month, p->day, p->has_rel ? p->rel : p->dir, *tense);
			v->anchored = 1;
			v->year_inferred = !p->has_rel && !p->dir;
		}
		if (p->holiday_nth) {   /* the Nth (5: last) weekday of the month in year Y */
			if (y) {
				struct nt_ymd t = { y, p->month, 1 };
				int first = (p->holiday_wd - nt_weekday(t) + 7) % 7 + 1;

				day = first + 7 * (p->holiday_nth - 1);
				while (day > nt_days_in_month(y, p->month))
					day -= 7;
			} else {
				day = 0;
			}
		}
		if (y && day)
			snprintf(v->value, sizeof v->value, "%04d-%02d-%02d%s", y, p->month, day, time);
		else if (y)
			snprintf(v->value, sizeof v->value, "%04d-%02d", y, p->month);
		else if (day)
			snprintf(v->value, sizeof v->value, "XXXX-%02d-%02d%s", p->month, day, time);
		else
			snprintf(v->value, sizeof v->value, "XXXX-%02d", p->month);
		if (time[0] && day)   /* 2024-12-03T14:20 */
			v->type = "TIME";
		return;
	}
	if (p->weekday) {
		v->anchored = 1;
		if (ref) {
			struct nt_ymd t;
			int dir = p->has_rel ? p->rel : 0;

			if (!p->has_rel) {
				if (!p->dir && *tense == 2)
					*tense = nt_dates_tense(d, a, c->vstart, c->vend);
				dir = p->dir ? p->dir : *tense > 0 ? 1 : -1;   /* since Monday */
				/* the same weekday as the article date is that day */
				t = nt_weekday(*ref) == p->weekday ? *ref : nt_weekday_near(*ref, p->weekday, dir);
			} else {
				/* the previous Friday: before the day last spoken of */
				if (!p->rel_anaphoric || nt_dates_antecedent(d->last, "D", &t) != 0)
					t = *ref;
				t = nt_weekday_near(t, p->weekday, dir);
			}
			snprintf(v->value, sizeof v->value, "%04d-%02d-%02d%s", t.y, t.m, t.d, time);
		} else {
			snprintf(v->value, sizeof v->value, "XXXX-WXX-%d%s", p->weekday, time);
		}
		if (time[0])
			v->type = "TIME";
		return;
	}
	if (p->year) {
		snprintf(v->value, sizeof v->value, "%04d", p->year);
		return;
	}
	if (time[0]) {   /* a clock time alone: on the article date */
		v->anchored = 1;
		if (ref)
			snprintf(v->value, sizeof v->value, "%04d-%02d-%02d%s", ref->y, ref->m, ref->d, time);
		else
			snprintf(v->value, sizeof v->value, "XXXX-XX-XX%s", time);
		v->type = "TIME";
		return;
	}
	v->type = NULL;   /* nothing usable */
}

/* Nonzero if the digit token V[s..e) can be a date on its own: a year
 * (1500-2099, "1990s"), maybe after one or two letters ("FY2024"), a
 * quarter or half (Q3, H1), or the first part of a time or numeric date
 * (10:30, 25.09.2024, 2024-09-25). */
static int
nt_dates_digit_alone(const char *v, size_t s, size_t e, size_t n)
{
	size_t digits = 0, letters = 0;
	int year;

	while (letters < 2 && s + letters < e && isalpha((unsigned char)v[s + letters]))
		letters++;
	if (letters > 0 && (v[s] == 'Q' || v[s] == 'H') && e - s == 2)
		return 1;
	while (s + letters + digits < e && isdigit((unsigned char)v[s + letters + digits]))
		digits++;
	if (digits == 4 && (letters == 0 || s + letters + 4 == e)) {   /* 1990s, not FY1990s */
		year = atoi(v + s + letters);
		if (year >= 1500 && year <= 2099)
			return 1;
	}
	if (letters > 0 || digits > 4 || e + 1 >= n || !strchr(":./-", v[e]) || !isdigit((unsigned char)v[e + 1]))
		return 0;
	if (v[e] == '.') {   /* 9.30 or 25.09.2024, not 1.5 or 125.50 */
		size_t k = e + 1;

		while (k < n && isdigit((unsigned char)v[k]))
			k++;
		return digits <= 2 && (k - e - 1 == 2 || (k - e - 1 == 1 && k + 1 < n && v[k] == '.' &&
							     isdigit((unsigned char)v[k + 1])));
	}
	return 1;
}

/* Nonzero if the token V[s..e) is a number with a number trigger glued
 * to it ("3pm", "3PM"). */
static int
nt_dates_number_then_trigger(const struct nt_dates *d, const char *v, size_t s, size_t e)
{
	char word[8];
	size_t k = s, j;

	while (k < e && isdigit((unsigned char)v[k]))
		k++;
	if (k == s || k == e || e - k > sizeof word)
		return 0;
	for (j = 0; j < e - k; j++)
		word[j] = (char)tolower((unsigned char)v[k + j]);
	return nt_wordset_kinds(d->r.number_triggers, word, e - k) != 0;
}

/* The windows of A's view where a date may be: around every trigger word,
 * every digit token that can be a date alone, every other digit token
 * within NT_WINDOW_NEAR bytes of a trigger word ("30 years", "11 January")
 * and every one a number trigger follows at once ("3 a.m."); merged, on
 * UTF-8 character boundaries. */
static void
nt_dates_windows(struct nt_dates *d, const struct nt_article *a)
{
	const char *v = a->view;
	size_t i = 0, n = a->view_len, last_word = (size_t)-1, pending = (size_t)-1, pending_end = 0;

	d->nwins = d->ntrigs = 0;
	while (i < n) {
		size_t s, e, len;
		char word[32];
		int digit = 0, trigger;
		unsigned kinds = NT_TRIGGER_DIGIT;

		if (!isalnum((unsigned char)v[i]) && (unsigned char)v[i] < 0x80) {
			i++;
			continue;
		}
		for (s = i; i < n && (isalnum((unsigned char)v[i]) || (unsigned char)v[i] >= 0x80); i++)
			digit |= isdigit((unsigned char)v[i]) != 0;
		len = i - s;
		if (digit) {
			trigger = nt_dates_digit_alone(v, s, i, n) ||
				  (last_word != (size_t)-1 && s - last_word <= NT_WINDOW_NEAR) ||
				  nt_dates_number_then_trigger(d, v, s, i);
			if (!trigger) {
				pending = s;   /* a trigger word may follow: "30 years" */
				pending_end = i;
				continue;
			}
		} else {
			size_t k;

			if (len >= sizeof word)
				continue;
			for (k = 0; k < len; k++)
				word[k] = (char)tolower((unsigned char)v[s + k]);
			if (!(kinds = nt_wordset_kinds(d->r.triggers, word, len))) {
				if (pending == (size_t)-1 || s - pending_end > 1 ||
				    !nt_wordset_kinds(d->r.number_triggers, word, len))
					continue;
				s = pending;   /* "3 a.m.", "3pm" */
				kinds = NT_TRIGGER_DIGIT;
				goto window;
			}
			nt_grow(&d->trigs, &d->trigs_cap, d->ntrigs + 1, sizeof *d->trigs);
			d->trigs[d->ntrigs].pos = s;
			d->trigs[d->ntrigs++].kinds = kinds;
			last_word = i;
			if (pending != (size_t)-1 && s - pending <= NT_WINDOW_NEAR) {
				s = pending;
				kinds |= NT_TRIGGER_DIGIT;
			}
		}
	window:
		pending = (size_t)-1;
		nt_article_view_window(a, s, i, NT_WINDOW_BEFORE, NT_WINDOW_AFTER, &s, &e);
		if (d->nwins && s <= d->wins[d->nwins - 1].end) {
			d->wins[d->nwins - 1].end = e;
			d->wins[d->nwins - 1].kinds |= kinds;
			continue;
		}
		nt_grow(&d->wins, &d->wins_cap, d->nwins + 1, sizeof *d->wins);
		d->wins[d->nwins].start = s;
		d->wins[d->nwins].end = e;
		d->wins[d->nwins].kinds = kinds;
		d->nwins++;
	}
}

/* Record rule R's match OV (in A's view) as a candidate. */
static void
nt_dates_candidate(struct nt_dates *d, const struct nt_article *a, size_t r, const PCRE2_SIZE *ov)
{
	const struct nt_date_rule *rule = &d->r.rules[r];
	struct nt_dcand *c;
	size_t f, k;

	nt_grow(&d->cands, &d->cands_cap, d->ncands + 1, sizeof *d->cands);
	c = &d->cands[d->ncands++];
	c->vstart = ov[0];
	c->vend = ov[1];
	/* trim trailing white space a pattern may take ("11:20\n" from
	 * "\d\d:\d\d\s*(?:am|pm)?") */
	while (c->vend > c->vstart && (a->view[c->vend - 1] == ' ' || a->view[c->vend - 1] == '\n'))
		c->vend--;
	c->rule = r;
	for (f = 0; f < F_COUNT; f++) {
		c->fs[f] = c->fe[f] = 0;
		for (k = 0; k < 3 && rule->groups[f][k]; k++) {
			int g = rule->groups[f][k];

			if (ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] > ov[2 * g]) {
				c->fs[f] = ov[2 * g];
				c->fe[f] = ov[2 * g + 1];
				break;
			}
		}
	}
	/* last: the tense's cue search reuses the match data OV is in */
	if (rule->tense && nt_dates_tense(d, a, c->vstart, c->vend) != rule->tense)
		d->ncands--;
}

/* Where the next match of a rule may start after match OV: its end, or
 * one character on after an empty match. */
static size_t
nt_dates_after(const struct nt_article *a, const PCRE2_SIZE *ov)
{
	size_t from = ov[1] > ov[0] ? ov[1] : ov[0] + 1;

	while (from < a->view_len && ((unsigned char)a->view[from] & 0xC0) == 0x80)
		from++;
	return from;
}

/* Collect every match in window W of A of each rule its triggers allow:
 * left to right and without overlap per rule, as one search from the
 * window's start would find them.  A rule with a start set (rxstart.h) is
 * compiled anchored and tried only at the word starts that can begin it;
 * the others search the window. */
static void
nt_dates_collect_window(struct nt_dates *d, const struct nt_article *a, const struct nt_window *w)
{
	size_t r, p, t, t0, t1, end = w->end, len = w->end + NT_WINDOW_TAIL;
	uint64_t live = 0;   /* anchored rules still running in this window */
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->match.md);

	if (len > a->view_len)
		len = a->view_len;
	while (len < a->view_len && ((unsigned char)a->view[len] & 0xC0) == 0x80)
		len++;
	for (r = 0; r < d->r.nrules; r++) {
		const struct nt_date_rule *rule = &d->r.rules[r];
		PCRE2_SIZE from = w->start;

		if (rule->kinds && !(rule->kinds & w->kinds))
			continue;
		if (rule->anchored) {
			live |= 1ull << r;
			d->next_from[r] = w->start;
			continue;
		}
		while (from < end &&
		       nt_regex_match(rule->code, a->view, len, from, &d->match) >= 0) {
			if (ov[0] >= end)   /* starts past the window: the next one's */
				break;
			from = nt_dates_after(a, ov);
			if (ov[1] > ov[0])
				nt_dates_candidate(d, a, r, ov);
		}
	}
	/* The trigger words a match from this window can reach, and the kinds
	 * of those from each one on. */
	for (t0 = 0, t1 = d->ntrigs; t0 < t1;) {
		size_t mid = t0 + (t1 - t0) / 2;

		if (d->trigs[mid].pos < w->start)
			t0 = mid + 1;
		else
			t1 = mid;
	}
	for (t1 = t0; t1 < d->ntrigs && d->trigs[t1].pos < len; t1++)
		;
	nt_grow(&d->ahead, &d->ahead_cap, t1 - t0 + 1, sizeof *d->ahead);
	d->ahead[t1 - t0] = 0;
	for (t = t1; t > t0; t--)
		d->ahead[t - 1 - t0] = d->ahead[t - t0] | d->trigs[t - 1].kinds;
	for (p = w->start, t = t0; live && p < end; p++) {
		uint64_t can;
		unsigned ahead;

		if (!nt_rxstart_word_start(a->view, p, a->view_len))
			continue;
		while (t < t1 && d->trigs[t].pos < p)
			t++;
		ahead = d->ahead[t - t0];
		for (can = nt_rxstart_at(d->r.starts, a->view, p, a->view_len) & live; can; can &= can - 1) {
			const struct nt_date_rule *rule;

			r = (size_t)__builtin_ctzll(can);
			rule = &d->r.rules[r];
			/* A rule that needs a word of its trigger lists holds it in
			 * its match: with none from P on, it cannot match at P. */
			if (rule->kinds && !(rule->kinds & NT_TRIGGER_DIGIT) && !(rule->kinds & ahead))
				continue;
			if (p < d->next_from[r] || nt_regex_match(rule->code, a->view, len, p, &d->match) < 0)
				continue;
			if (ov[0] >= end) {
				live &= ~(1ull << r);
				continue;
			}
			d->next_from[r] = nt_dates_after(a, ov);
			if (ov[1] > ov[0])
				nt_dates_candidate(d, a, r, ov);
		}
	}
}

/* Collect every match of every rule in the windows as a candidate. */
static void
nt_dates_collect(struct nt_dates *d, const struct nt_article *a)
{
	size_t w;

	d->ncands = 0;
	nt_dates_windows(d, a);
	for (w = 0; w < d->nwins; w++)
		nt_dates_collect_window(d, a, &d->wins[w]);
}

static int
nt_dcand_cmp(const void *p, const void *q)
{
	const struct nt_dcand *a = p, *b = q;

	if (a->vstart != b->vstart)
		return a->vstart < b->vstart ? -1 : 1;
	if (a->vend != b->vend)
		return a->vend > b->vend ? -1 : 1;
	return a->rule < b->rule ? -1 : a->rule > b->rule ? 1 : 0;
}

/* The view bytes [*vs, *ve) of one end of range candidate C: from the
 * first to the last of its fields (year2, month2, day2 and weekday2 for
 * the SECOND end, the others for the first), so each end of "from March 3
 * to April 5" spans its own date.  Unchanged when that end has none. */
static void
nt_dcand_end_span(const struct nt_dcand *c, int second, size_t *vs, size_t *ve)
{
	size_t s = SIZE_MAX, e = 0;
	int f;

	for (f = 0; f < F_COUNT; f++) {
		int is2 = f == F_YEAR2 || f == F_MONTH2 || f == F_DAY2 || f == F_WEEKDAY2;

		if (c->fs[f] == c->fe[f] || is2 != second)
			continue;
		if (c->fs[f] < s)
			s = c->fs[f];
		if (c->fe[f] > e)
			e = c->fe[f];
	}
	if (s < e) {
		*vs = s;
		*ve = e;
	}
}

/* Add date mention V for candidate C to A; return it.  PART 1 or 2: V is
 * that end of a range and spans only its own words. */
static struct nt_mention *
nt_dates_add(struct nt_article *a, const struct nt_dcand *c, const struct nt_dval *v,
	     const struct nt_date_rule *r, unsigned range, int part)
{
	struct nt_mention *m;
	uint32_t start, end;
	size_t vs = c->vstart, ve = c->vend;

	if (part)
		nt_dcand_end_span(c, part == 2, &vs, &ve);
	nt_article_view_span(a, vs, ve, &start, &end);
	m = nt_article_add_mention(a, NT_KIND_DATE, start, end);
	m->type = v->type;
	m->value = nt_article_keep(a, nt_xstrdup(v->value));
	m->mod = v->mod;
	m->anchor = v->anchored ? a->meta[NT_META_DATE] : NULL;
	m->year_inferred = v->year_inferred;
	m->range = range;
	m->rule = r->rule;
	return m;
}

static int
nt_dates_run(void *ctx, struct nt_article *a, struct nt_err *err)
{
	struct nt_dates *d = ctx;
	struct nt_ymd ref, *refp = NULL;
	size_t i, kept = 0;
	unsigned ranges = 0;

	(void)err;
	if (d->r.nrules == 0)
		return 0;
	if (a->meta[NT_META_DATE] && nt_ymd_parse(a->meta[NT_META_DATE], &ref) == 0)
		refp = &ref;
	d->last[0] = '\0';
	d->last_end = 0;
	d->last_q[0] = '\0';
	d->cue_e = 0;
	nt_dates_collect(d, a);
	nt_sort(d->cands, d->ncands, sizeof *d->cands, nt_dcand_cmp);
	for (i = 0; i < d->ncands; i++)
		if (kept == 0 || d->cands[i].vstart >= d->cands[kept - 1].vend)
			d->cands[kept++] = d->cands[i];
	for (i = 0; i < kept; i++) {
		const struct nt_dcand *c = &d->cands[i];
		const struct nt_date_rule *r = &d->r.rules[c->rule];
		struct nt_dparts p1, p2;
		struct nt_dval v1, v2;
		int tense = 2, borrowed, year_of_v1;

		nt_dates_decode(d, c, a->view, 0, &p1);
		if (r->range) {
			nt_dates_decode(d, c, a->view, 1, &p2);
			if (!p2.year && !p2.month && !p2.day && !p2.weekday)
				continue;
			p2.part = NULL;
			if (!p1.month)   /* "11 to 13 November": the first end shares month... */
				p1.month = p2.month;
			if (!p2.month)   /* ("November 11 to 13": the second end) */
				p2.month = p1.month;
			borrowed = !p1.year && p2.year >= 100;
			if (!p1.year)    /* ...and year */
				p1.year = p2.year;
			if (p2.year > 0 && p2.year < 100 && p1.year >= 100) {
				/* "2023-24", "1999-00": a season or fiscal year, so
				 * the next year; "2024-05" is none */
				p2.year += p1.year / 100 * 100 + (p2.year < p1.year % 100 ? 100 : 0);
				if (p2.year != p1.year + 1)
					continue;
			}
			nt_dates_value(d, a, c, &p1, refp, &tense, &v1);
			p2.hour = p2.minute = -1;
			year_of_v1 = !p2.year && v1.type && nt_dates_year_of(v1.value);
			if (year_of_v1)
				p2.year = nt_dates_year_of(v1.value);   /* "between May and July" */
			nt_dates_value(d, a, c, &p2, refp, &tense, &v2);
			if (!v1.type || !v2.type)
				continue;
			if (p2.weekday)   /* "from Monday to Wednesday": the first one from the start */
				nt_dates_weekday_after(&v1, p2.weekday, &v2);
			if (nt_dates_year_of(v1.value) && nt_dates_year_of(v2.value) &&
			    strcmp(v2.value, v1.value) < 0) {
				/* the end before the start: "from November to
				 * February" ends the next year, "from November to
				 * February 2025" starts the year before */
				if (borrowed)
					p1.year--;
				else
					p2.year++;
				nt_dates_value(d, a, c, borrowed ? &p1 : &p2, refp, &tense,
					       borrowed ? &v1 : &v2);
				if (!v1.type || !v2.type)
					continue;
			}
			if (year_of_v1) {   /* the year, and so the date it came from, is v1's */
				v2.anchored |= v1.anchored;
				v2.year_inferred = v1.year_inferred;
			}
			ranges++;
			nt_dates_add(a, c, &v1, r, ranges, 1);
			nt_dates_add(a, c, &v2, r, ranges, 2);
			continue;
		}
		nt_dates_value(d, a, c, &p1, refp, &tense, &v1);
		if (v1.type) {
			struct nt_mention *m = nt_dates_add(a, c, &v1, r, 0, 0);

			if (p1.swappable) {   /* "03/04/2024": say the other reading too */
				p2 = p1;
				p2.day = p1.month;
				p2.month = p1.day;
				nt_dates_value(d, a, c, &p2, refp, &tense, &v2);
				if (v2.type)
					m->alt_value = nt_article_keep(a, nt_xstrdup(v2.value));
			}
		}
		if (v1.type && strcmp(v1.type, "DATE") == 0 && isdigit((unsigned char)v1.value[0])) {
			snprintf(d->last, sizeof d->last, "%s", v1.value);
			d->last_end = c->vend;
			if (nt_value_unit(v1.value) && strcmp(nt_value_unit(v1.value), "Q") == 0 && !p1.dir &&
			    !p1.anaphor)
				snprintf(d->last_q, sizeof d->last_q, "%s", v1.value);
		}
	}
	return 0;
}

const struct nt_stage nt_stage_dates = {
	"dates", nt_dates_keys, nt_dates_init, nt_dates_run, nt_dates_fork, nt_dates_fini
};
