/* topics.c - the topics stage: score topics from phrases, patterns,
 * entities and proximity, and keep the evidence.
 *
 * Every phrase of every topic ('any', 'all', 'none' and the words of
 * 'near' conditions) goes into one gazetteer (gazetteer.h), so finding
 * them all -- nested ones too -- costs one pass over the article whatever
 * the number of topics.  A topic's 'none' phrase ("gold mine") vetoes its
 * own phrases inside it, and a phrase inside a longer one of the same
 * topic counts once.  Patterns run over the matching view; entity and
 * type conditions read the mentions the entities stage found.
 *
 * Each piece of evidence adds its condition's weight, times lead_boost in
 * the title or first paragraph.  The score is 1 - exp(-sum / 2): it grows
 * with the evidence, stays within 0..1, and means the same in every
 * article.  A topic is kept when the score reaches its threshold, enough
 * distinct 'any' phrases occur and every 'all' phrase occurs; a child
 * lifts its parent to at least its own score. */
#include "topics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "regex.h"

#define NT_TOPIC_MATCH_LIMIT 1000000u

/* Kinds of evidence.  C_NEAR_A and C_NEAR_B are the two sides of a near
 * condition, found by the trie; only a pair close enough (C_NEAR) counts. */
enum nt_cond {
	C_ANY, C_ALL, C_NONE, C_NEAR_A, C_NEAR_B, C_NEAR, C_PATTERN, C_ENTITY, C_TYPE, C_COUNT
};

static const char *const nt_cond_names[C_COUNT] = {
	"any", "all", "none", "words", "with", "near", "patterns", "entities", "types"
};

/* A phrase in the trie: which topic, which condition, which slot. */
struct nt_phrase {
	int topic;
	enum nt_cond cond;
	int slot;            /* index in the topic's 'all' list, or near condition number */
	char *rule;          /* "FILE:LINE" of the phrase */
};

struct nt_near {
	int topic;
	int within;          /* words */
	char *rule;
};

struct nt_topic_pattern {
	int topic;
	pcre2_code *code;
	char *rule;
};

struct nt_topic_def {
	char *id, *label, *rule;
	char *parent_id;
	const struct nt_node *parent_node;   /* during init only, for messages */
	int parent;          /* index, or -1 */
	double threshold, lead_boost, weight[C_COUNT];
	int min_any, nany, nall;   /* nany, nall: how many phrases of each */
	char **entities, **types;
	size_t nentities, ntypes;
};

/* One piece of evidence, in view bytes, before topics are decided. */
struct nt_evidence {
	int topic;
	enum nt_cond cond;
	int slot;            /* phrase index (any, all), near condition (near) */
	size_t vstart, vend;
	uint32_t start, end; /* original code points (entities: from the mention) */
	const char *rule;
	size_t word;         /* word number of vstart (for near conditions) */
	int again;           /* an entity on the span of text evidence: adds no weight */
};

/* The compiled topic rules: made once, only read while articles run, and
 * shared by the forks of the context that made them. */
struct nt_topics_compiled {
	struct nt_topic_def *defs;
	size_t ndefs, defs_cap;
	struct nt_phrase *phrases;
	size_t nphrases, phrases_cap;
	struct nt_near *nears;
	size_t nnears, nears_cap;
	struct nt_topic_pattern *pats;
	size_t npats, pats_cap;
	struct nt_gaz *gaz;
	double min_score;    /* --topics-min-score */
	size_t top;          /* --topics-top, 0 = all */
};

struct nt_topics {
	struct nt_topics_compiled r;
	int forked;          /* R belongs to the context this was forked from */
	const char **entity_ids;   /* during init: the ids of the entity rules read, sorted */
	size_t nentity_ids;
	/* scratch, one per thread, per article */
	struct nt_matcher match;
	const struct nt_gaz_text *text;   /* the folded view (nt_gaz_text_of) */
	struct nt_evidence *ev;
	size_t nev, ev_cap;
	struct nt_evidence *vetoes;   /* 'none' phrases found: topic and view span */
	size_t nvetoes, vetoes_cap;
	double *raw, *score; /* per topic: weighted evidence, score */
	unsigned char *keep; /* per topic: 1 reported on its own evidence, 2 only as a child's parent */
	unsigned char *seen; /* per phrase: occurred in this article */
	int *nany_seen, *nall_seen;   /* per topic: distinct 'any' and 'all' phrases */
	size_t lead_end;     /* view byte where the lead ends */
	uint32_t *wordno;    /* word number of each folded element (near conditions) */
	size_t wordno_cap;
};

static const char *const nt_topics_keys[] = { "topics", NULL };
static const char *const nt_topic_keys[] = {
	"id", "label", "parent", "any", "min_any", "all", "none", "patterns", "entities", "types",
	"near", "weight", "lead_boost", "threshold", NULL
};
static const char *const nt_near_keys[] = { "words", "with", "within", NULL };

static void nt_topics_fini(void *ctx);
static void nt_topics_compiled_free(struct nt_topics_compiled *r);

/* Give X (its rules compiled) its scratch. */
static void
nt_topics_scratch(struct nt_topics *x)
{
	nt_matcher_init(&x->match, 8, NT_TOPIC_MATCH_LIMIT);
	x->raw = nt_xcalloc(x->r.ndefs + 1, sizeof *x->raw);
	x->score = nt_xcalloc(x->r.ndefs + 1, sizeof *x->score);
	x->keep = nt_xcalloc(x->r.ndefs + 1, 1);
	x->nany_seen = nt_xcalloc(x->r.ndefs + 1, sizeof *x->nany_seen);
	x->nall_seen = nt_xcalloc(x->r.ndefs + 1, sizeof *x->nall_seen);
	x->seen = nt_xcalloc(x->r.nphrases + 1, 1);
}

static char *
nt_rule_at(const struct nt_node *n)
{
	char buf[4096];

	snprintf(buf, sizeof buf, "%s:%u", n->file, n->line);
	return nt_xstrdup(buf);
}

/* A number in [lo, hi] from scalar NODE (DEF when NODE is NULL). */
static double
nt_topic_number(const struct nt_config *cfg, int *errors, const struct nt_node *node, double lo,
		double hi, double def)
{
	char *end;
	double v;

	if (!node)
		return def;
	v = node->str ? strtod(node->str, &end) : 0;
	if (!node->str || end == node->str || *end || !(v >= lo && v <= hi)) {
		nt_config_problem(cfg, 1, node, "must be a number from %g to %g", lo, hi);
		(*errors)++;
		return def;
	}
	return v;
}

/* The rule of a phrase already in X's trie for topic T and condition
 * COND (and near condition SLOT) that folds to the same text as PHRASE,
 * or NULL: both would count every occurrence. */
static const char *
nt_topic_phrase_twin(const struct nt_topics *x, const char *phrase, int t, enum nt_cond cond,
		     int slot)
{
	struct nt_gaz_text f = { 0 };
	int *found = NULL;
	const char *twin = NULL;
	size_t n, i;

	nt_gaz_text_alias(&f, phrase);
	if (f.n && (n = nt_gaz_lookup(x->r.gaz, &f, 0, f.n, NULL, 0)) > 0) {
		found = nt_xmalloc(n * sizeof *found);
		nt_gaz_lookup(x->r.gaz, &f, 0, f.n, found, n);
		for (i = 0; i < n && !twin; i++) {
			const struct nt_phrase *ph = &x->r.phrases[found[i]];

			if (ph->topic == t && ph->cond == cond &&
			    ((cond != C_NEAR_A && cond != C_NEAR_B) || ph->slot == slot))
				twin = ph->rule;
		}
		free(found);
	}
	nt_gaz_text_free(&f);
	return twin;
}

/* Add the phrases of list NODE to the trie for topic T. */
static void
nt_topic_phrases(struct nt_topics *x, const struct nt_config *cfg, int *errors,
		 const struct nt_node *node, int t, enum nt_cond cond, int slot)
{
	size_t i;

	if (!node)
		return;
	if (node->kind != NT_NODE_SEQ) {
		nt_config_problem(cfg, 1, node, "'%s' must be a list of phrases", nt_cond_names[cond]);
		(*errors)++;
		return;
	}
	for (i = 0; i < node->nkids; i++) {
		const struct nt_node *p = node->kids[i];
		struct nt_phrase *ph;
		const char *twin;

		if (p->kind == NT_NODE_SCALAR && (twin = nt_topic_phrase_twin(x, p->str, t, cond, slot))) {
			nt_config_problem(cfg, 0, p, "'%s' folds to the same phrase as %s: left out%s",
					  p->str, twin,
					  cond == C_NONE ? "" : ", so that it does not count twice");
			continue;
		}
		if (p->kind != NT_NODE_SCALAR ||
		    nt_gaz_add(x->r.gaz, p->str, (int)x->r.nphrases, 0) != 0) {
			nt_config_problem(cfg, 1, p, "a phrase must be a string with a letter or digit");
			(*errors)++;
			continue;
		}
		nt_grow(&x->r.phrases, &x->r.phrases_cap, x->r.nphrases + 1, sizeof *x->r.phrases);
		ph = &x->r.phrases[x->r.nphrases++];
		ph->topic = t;
		ph->cond = cond;
		ph->slot = cond == C_ANY || cond == C_ALL ? (int)x->r.nphrases - 1 : slot;
		x->r.defs[t].nall += cond == C_ALL;
		x->r.defs[t].nany += cond == C_ANY;
		ph->rule = nt_rule_at(p);
	}
}

/* Strings of list NODE into *OUT. */
static void
nt_topic_strings(const struct nt_config *cfg, int *errors, const struct nt_node *node,
		 char ***out, size_t *n)
{
	size_t i;

	if (!node)
		return;
	if (node->kind != NT_NODE_SEQ) {
		nt_config_problem(cfg, 1, node, "must be a list of ids");
		(*errors)++;
		return;
	}
	*out = nt_xcalloc(node->nkids + 1, sizeof **out);
	for (i = 0; i < node->nkids; i++)
		if (node->kids[i]->kind == NT_NODE_SCALAR)
			(*out)[(*n)++] = nt_xstrdup(node->kids[i]->str);
}

static void
nt_topic_near(struct nt_topics *x, const struct nt_config *cfg, int *errors,
	      const struct nt_node *list, int t)
{
	size_t i;

	if (list->kind != NT_NODE_SEQ) {
		nt_config_problem(cfg, 1, list, "'near' must be a list of {words, with, within}");
		(*errors)++;
		return;
	}
	for (i = 0; i < list->nkids; i++) {
		const struct nt_node *n = list->kids[i];
		struct nt_err e;
		struct nt_near *nr;

		if (nt_node_check_keys(n, "near", nt_near_keys, &e) != 0) {
			nt_config_report(cfg, 1, &e);
			(*errors)++;
			continue;
		}
		if (!nt_node_get(n, "words") || !nt_node_get(n, "with")) {
			nt_config_problem(cfg, 1, n, "'near' needs 'words' and 'with'");
			(*errors)++;
			continue;
		}
		nt_grow(&x->r.nears, &x->r.nears_cap, x->r.nnears + 1, sizeof *x->r.nears);
		nr = &x->r.nears[x->r.nnears];
		nr->topic = t;
		nr->within = (int)nt_topic_number(cfg, errors, nt_node_get(n, "within"), 1, 100, 5);
		nr->rule = nt_rule_at(n);
		nt_topic_phrases(x, cfg, errors, nt_node_get(n, "words"), t, C_NEAR_A, (int)x->r.nnears);
		nt_topic_phrases(x, cfg, errors, nt_node_get(n, "with"), t, C_NEAR_B, (int)x->r.nnears);
		x->r.nnears++;
	}
}

static void
nt_topic_patterns(struct nt_topics *x, const struct nt_config *cfg, int *errors,
		  const struct nt_node *list, int t)
{
	size_t i, k;

	if (list->kind != NT_NODE_SEQ) {
		nt_config_problem(cfg, 1, list, "'patterns' must be a list of regexes");
		(*errors)++;
		return;
	}
	for (i = 0; i < list->nkids; i++) {
		const struct nt_node *p = list->kids[i];
		pcre2_code *code;
		struct nt_err e;

		if (p->kind != NT_NODE_SCALAR) {
			nt_config_problem(cfg, 1, p, "a pattern must be a string");
			(*errors)++;
			continue;
		}
		for (k = 0; k < i && (list->kids[k]->kind != NT_NODE_SCALAR ||
				      strcmp(list->kids[k]->str, p->str) != 0); k++)
			;
		if (k < i) {
			nt_config_problem(cfg, 0, p, "the same pattern as at line %u: left out, so that "
					  "it does not count twice", list->kids[k]->line);
			continue;
		}
		if (!(code = nt_regex_compile(p, p->str, NULL, PCRE2_CASELESS, &e))) {
			nt_config_report(cfg, 1, &e);
			(*errors)++;
			continue;
		}
		nt_grow(&x->r.pats, &x->r.pats_cap, x->r.npats + 1, sizeof *x->r.pats);
		x->r.pats[x->r.npats].topic = t;
		x->r.pats[x->r.npats].code = code;
		x->r.pats[x->r.npats].rule = nt_rule_at(p);
		x->r.npats++;
	}
}

/* Nonzero if the folded phrase IN holds the folded phrase SUB as whole
 * words: every occurrence of IN then has one of SUB inside it. */
static int
nt_phrase_holds(const struct nt_gaz_text *in, const struct nt_gaz_text *sub)
{
	size_t i, k;

	for (i = 0; sub->n && i + sub->n <= in->n; i++) {
		if (!nt_gaz_word_start(in, i))
			continue;
		for (k = 0; k < sub->n && in->e[i + k].fold == sub->e[k].fold; k++)
			;
		if (k == sub->n && nt_gaz_word_end(in, i + k))
			return 1;
	}
	return 0;
}

/* Warn at each phrase of list COND of topic ENTRY that holds a 'none'
 * phrase of the same topic, which hides it wherever it occurs. */
static void
nt_topic_check_hidden(const struct nt_config *cfg, const struct nt_node *entry,
		      enum nt_cond cond)
{
	const struct nt_node *list = nt_node_get(entry, nt_cond_names[cond]);
	const struct nt_node *none = nt_node_get(entry, "none");
	struct nt_gaz_text p = { 0 }, q = { 0 };
	size_t i, k;

	if (!list || !none || list->kind != NT_NODE_SEQ || none->kind != NT_NODE_SEQ)
		return;
	for (i = 0; i < list->nkids; i++) {
		if (list->kids[i]->kind != NT_NODE_SCALAR)
			continue;
		nt_gaz_text_alias(&p, list->kids[i]->str);
		for (k = 0; k < none->nkids; k++) {
			if (none->kids[k]->kind != NT_NODE_SCALAR)
				continue;
			nt_gaz_text_alias(&q, none->kids[k]->str);
			if (!nt_phrase_holds(&p, &q))
				continue;
			nt_config_problem(cfg, 0, list->kids[i],
					  "'%s' holds the 'none' phrase '%s', which hides it: %s",
					  list->kids[i]->str, none->kids[k]->str,
					  cond == C_ALL ? "the topic is never reported"
							: "it never counts");
			break;
		}
	}
	nt_gaz_text_free(&p);
	nt_gaz_text_free(&q);
}

static int
nt_strp_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Note in X the ids of the entity rules of RULES, for the check that the
 * ids topics name exist.  Files of entity rules are not parsed when the
 * entities stage does not run or reads its rules from the cache; then
 * there are none, and the check is not made. */
static void
nt_topics_note_entity_ids(struct nt_topics *x, const struct nt_rules *rules)
{
	size_t f, i, cap = 0;

	for (f = 0; f < rules->nfiles; f++) {
		const struct nt_node *list = nt_node_get(rules->files[f].root, "entities");

		for (i = 0; list && list->kind == NT_NODE_SEQ && i < list->nkids; i++) {
			const struct nt_node *id = nt_node_get(list->kids[i], "id");

			if (!id || id->kind != NT_NODE_SCALAR)
				continue;
			nt_grow(&x->entity_ids, &cap, x->nentity_ids + 1, sizeof *x->entity_ids);
			x->entity_ids[x->nentity_ids++] = id->str;
		}
	}
	if (x->nentity_ids)
		qsort(x->entity_ids, x->nentity_ids, sizeof *x->entity_ids, nt_strp_cmp);
}

/* Warn about what keeps topic D (read from ENTRY) from ever being
 * reported, or one of its conditions from ever counting: no condition
 * that can find evidence, a min_any above the number of 'any' phrases, a
 * phrase that holds a 'none' phrase, a threshold of 1 (scores approach 1
 * but do not reach it), an entity id no entity rule defines. */
static void
nt_topic_check_reachable(const struct nt_topics *x, const struct nt_config *cfg,
			 const struct nt_node *entry, const struct nt_topic_def *d)
{
	const struct nt_node *v;
	size_t i, nnear = 0, npats = 0;

	for (i = 0; i < x->r.nnears; i++)
		nnear += x->r.nears[i].topic == (int)(d - x->r.defs);
	for (i = 0; i < x->r.npats; i++)
		npats += x->r.pats[i].topic == (int)(d - x->r.defs);
	if (!d->nany && !d->nall && !nnear && !npats && !d->nentities && !d->ntypes)
		nt_config_problem(cfg, 0, entry,
				  "topic '%s' has no any, all, near, patterns, entities or types: "
				  "it is never reported", d->id);
	else if (d->min_any > d->nany && (v = nt_node_get(entry, "min_any")))
		nt_config_problem(cfg, 0, v,
				  "min_any is %d but 'any' has %d phrase%s: topic '%s' is never reported",
				  d->min_any, d->nany, d->nany == 1 ? "" : "s", d->id);
	nt_topic_check_hidden(cfg, entry, C_ANY);
	nt_topic_check_hidden(cfg, entry, C_ALL);
	if (x->nentity_ids && (v = nt_node_get(entry, "entities")) && v->kind == NT_NODE_SEQ)
		for (i = 0; i < v->nkids; i++)
			if (v->kids[i]->kind == NT_NODE_SCALAR &&
			    !bsearch(&v->kids[i]->str, x->entity_ids, x->nentity_ids,
				     sizeof *x->entity_ids, nt_strp_cmp))
				nt_config_problem(cfg, 0, v->kids[i], "no entity rule defines '%s'",
						  v->kids[i]->str);
	if (d->threshold >= 1 && (v = nt_node_get(entry, "threshold")))
		nt_config_problem(cfg, 0, v, "no score reaches threshold 1: topic '%s' is never reported",
				  d->id);
}

/* Read one topic entry. */
static void
nt_topic_entry(struct nt_topics *x, const struct nt_config *cfg, int *errors,
	       const struct nt_node *entry)
{
	const struct nt_node *id, *v, *w;
	struct nt_topic_def *d;
	struct nt_err e;
	size_t i;
	int t, c, errors_before;

	if (entry->kind != NT_NODE_MAP) {
		nt_config_problem(cfg, 1, entry, "a topic must be a mapping with an 'id'");
		(*errors)++;
		return;
	}
	if (nt_node_check_keys(entry, "topic", nt_topic_keys, &e) != 0) {
		nt_config_report(cfg, 1, &e);
		(*errors)++;
		return;
	}
	if (!(id = nt_node_get(entry, "id")) || id->kind != NT_NODE_SCALAR || !id->len) {
		nt_config_problem(cfg, 1, entry, "topic needs an 'id'");
		(*errors)++;
		return;
	}
	if (!nt_rules_valid_id(id->str)) {
		nt_config_problem(cfg, 1, id, "bad id '%s' (lower-case letters, digits and . _ : - only)",
				  id->str);
		(*errors)++;
		return;
	}
	for (i = 0; i < x->r.ndefs; i++)
		if (strcmp(x->r.defs[i].id, id->str) == 0) {
			nt_config_problem(cfg, 1, id, "duplicate topic id '%s' (first at %s)", id->str,
					  x->r.defs[i].rule);
			(*errors)++;
			return;
		}
	errors_before = *errors;
	nt_grow(&x->r.defs, &x->r.defs_cap, x->r.ndefs + 1, sizeof *x->r.defs);
	t = (int)x->r.ndefs++;
	d = &x->r.defs[t];
	memset(d, 0, sizeof *d);
	d->id = nt_xstrdup(id->str);
	d->rule = nt_rule_at(entry);
	v = nt_node_get(entry, "label");
	d->label = nt_xstrdup(v && v->str ? v->str : id->str);
	v = nt_node_get(entry, "parent");
	d->parent_id = v && v->str ? nt_xstrdup(v->str) : NULL;
	d->parent_node = v;
	d->parent = -1;
	d->threshold = nt_topic_number(cfg, errors, nt_node_get(entry, "threshold"), 0, 1, 0.5);
	d->lead_boost = nt_topic_number(cfg, errors, nt_node_get(entry, "lead_boost"), 0, 100, 2);
	d->min_any = (int)nt_topic_number(cfg, errors, nt_node_get(entry, "min_any"), 0, 1000, 1);
	for (c = 0; c < C_COUNT; c++)
		d->weight[c] = c == C_TYPE ? 0.5 : 1;
	if ((w = nt_node_get(entry, "weight"))) {
		if (w->kind != NT_NODE_MAP) {
			nt_config_problem(cfg, 1, w, "'weight' must map conditions to numbers");
			(*errors)++;
		} else {
			for (i = 0; i + 1 < w->nkids; i += 2) {
				for (c = 0; c < C_COUNT && strcmp(w->kids[i]->str, nt_cond_names[c]); c++)
					;
				if (c == C_COUNT || c == C_NONE || c == C_NEAR_A || c == C_NEAR_B) {
					nt_config_problem(cfg, 1, w->kids[i], "unknown condition '%s' in weight",
							  w->kids[i]->str);
					(*errors)++;
					continue;
				}
				d->weight[c] = nt_topic_number(cfg, errors, w->kids[i + 1], 0, 100, 1);
			}
		}
	}
	nt_topic_phrases(x, cfg, errors, nt_node_get(entry, "any"), t, C_ANY, 0);
	nt_topic_phrases(x, cfg, errors, nt_node_get(entry, "all"), t, C_ALL, 0);
	nt_topic_phrases(x, cfg, errors, nt_node_get(entry, "none"), t, C_NONE, 0);
	if ((v = nt_node_get(entry, "near")))
		nt_topic_near(x, cfg, errors, v, t);
	if ((v = nt_node_get(entry, "patterns")))
		nt_topic_patterns(x, cfg, errors, v, t);
	nt_topic_strings(cfg, errors, nt_node_get(entry, "entities"), &d->entities, &d->nentities);
	nt_topic_strings(cfg, errors, nt_node_get(entry, "types"), &d->types, &d->ntypes);
	if (*errors == errors_before)   /* what an error left out would only be noise */
		nt_topic_check_reachable(x, cfg, entry, d);
}

/* Report each cycle of parents among X's topics once, at the parent of
 * its first topic; return how many there are. */
static int
nt_topics_check_cycles(const struct nt_topics *x, const struct nt_config *cfg)
{
	size_t i, steps;
	int p, cycles = 0;

	for (i = 0; i < x->r.ndefs; i++) {
		for (p = x->r.defs[i].parent, steps = 0; p > (int)i && steps < x->r.ndefs; steps++)
			p = x->r.defs[p].parent;
		if (p != (int)i)
			continue;   /* no cycle, or one through a topic before I */
		nt_config_problem(cfg, 1, x->r.defs[i].parent_node,
				  "topic '%s' is its own ancestor (through parent '%s')", x->r.defs[i].id,
				  x->r.defs[i].parent_id);
		cycles++;
	}
	return cycles;
}

static void *
nt_topics_init(const struct nt_rules *rules, const struct nt_config *cfg, struct nt_err *err)
{
	struct nt_topics *x = nt_xcalloc(1, sizeof *x);
	int errors = 0;
	size_t f, i, k;

	x->r.gaz = nt_gaz_new();
	x->r.min_score = cfg ? cfg->topics_min_score : 0;
	x->r.top = cfg ? cfg->topics_top : 0;
	nt_topics_note_entity_ids(x, rules);
	for (f = 0; f < rules->nfiles; f++) {
		const struct nt_node *list = nt_node_get(rules->files[f].root, "topics");

		if (!list)
			continue;
		if (list->kind != NT_NODE_SEQ) {
			nt_config_problem(cfg, 1, list, "'topics' must be a list");
			errors++;
			continue;
		}
		for (i = 0; i < list->nkids; i++)
			nt_topic_entry(x, cfg, &errors, list->kids[i]);
	}
	nt_gaz_seal(x->r.gaz);
	for (i = 0; i < x->r.ndefs; i++) {   /* parents by id */
		if (!x->r.defs[i].parent_id)
			continue;
		for (k = 0; k < x->r.ndefs && strcmp(x->r.defs[k].id, x->r.defs[i].parent_id); k++)
			;
		if (k == x->r.ndefs || k == i) {
			nt_config_problem(cfg, 1, x->r.defs[i].parent_node, "unknown parent '%s' of topic '%s'",
					  x->r.defs[i].parent_id, x->r.defs[i].id);
			errors++;
		} else {
			x->r.defs[i].parent = (int)k;
		}
	}
	errors += nt_topics_check_cycles(x, cfg);
	for (i = 0; i < x->r.ndefs; i++)
		x->r.defs[i].parent_node = NULL;   /* the rules tree may go now */
	free(x->entity_ids);
	x->entity_ids = NULL;
	x->nentity_ids = 0;
	nt_topics_scratch(x);
	if (errors) {
		nt_err_file(err, NULL, "%d error%s in topic rules", errors, errors == 1 ? "" : "s");
		nt_topics_fini(x);
		return NULL;
	}
	return x;
}

static void *
nt_topics_fork(const void *ctx)
{
	const struct nt_topics *x = ctx;
	struct nt_topics *f = nt_xcalloc(1, sizeof *f);

	f->r = x->r;
	f->forked = 1;
	nt_topics_scratch(f);
	return f;
}

static void
nt_topics_fini(void *ctx)
{
	struct nt_topics *x = ctx;

	if (!x->forked)
		nt_topics_compiled_free(&x->r);
	nt_matcher_free(&x->match);
	free(x->ev);
	free(x->vetoes);
	free(x->raw);
	free(x->score);
	free(x->keep);
	free(x->nany_seen);
	free(x->nall_seen);
	free(x->seen);
	free(x->wordno);
	free(x);
}

/* Free the compiled rules R. */
static void
nt_topics_compiled_free(struct nt_topics_compiled *r)
{
	size_t i, k;

	for (i = 0; i < r->ndefs; i++) {
		struct nt_topic_def *d = &r->defs[i];

		free(d->id);
		free(d->label);
		free(d->rule);
		free(d->parent_id);
		for (k = 0; k < d->nentities; k++)
			free(d->entities[k]);
		for (k = 0; k < d->ntypes; k++)
			free(d->types[k]);
		free(d->entities);
		free(d->types);
	}
	free(r->defs);
	for (i = 0; i < r->nphrases; i++)
		free(r->phrases[i].rule);
	free(r->phrases);
	for (i = 0; i < r->nnears; i++)
		free(r->nears[i].rule);
	free(r->nears);
	for (i = 0; i < r->npats; i++) {
		pcre2_code_free(r->pats[i].code);
		free(r->pats[i].rule);
	}
	free(r->pats);
	nt_gaz_free(r->gaz);
}

static void
nt_ev_push(struct nt_topics *x, int topic, enum nt_cond cond, int slot, size_t vstart,
	   size_t vend, const char *rule, size_t word)
{
	struct nt_evidence *e;

	nt_grow(&x->ev, &x->ev_cap, x->nev + 1, sizeof *x->ev);
	e = &x->ev[x->nev++];
	e->topic = topic;
	e->cond = cond;
	e->slot = slot;
	e->vstart = vstart;
	e->vend = vend;
	e->start = e->end = 0;
	e->rule = rule;
	e->word = word;
	e->again = 0;
}

/* Gazetteer callback: every phrase occurrence, nested ones too, is
 * evidence for each topic that has it, or a veto for a 'none' phrase. */
static void
nt_topics_each(void *arg, size_t start, size_t end, const int *values, size_t nvalues)
{
	struct nt_topics *x = arg;
	const struct nt_gaz_text *t = x->text;
	size_t i, word = x->r.nnears ? x->wordno[start] : 0;

	for (i = 0; i < nvalues; i++) {
		const struct nt_phrase *p = &x->r.phrases[values[i]];

		if (p->cond != C_NONE) {
			nt_ev_push(x, p->topic, p->cond, p->slot, t->e[start].vstart, t->e[end - 1].vend,
				   p->rule, word);
			continue;
		}
		nt_grow(&x->vetoes, &x->vetoes_cap, x->nvetoes + 1, sizeof *x->vetoes);
		x->vetoes[x->nvetoes].topic = p->topic;
		x->vetoes[x->nvetoes].vstart = t->e[start].vstart;
		x->vetoes[x->nvetoes].vend = t->e[end - 1].vend;
		x->nvetoes++;
	}
}

static int
nt_ev_order(const void *p, const void *q)
{
	const struct nt_evidence *a = p, *b = q;

	if (a->topic != b->topic)
		return a->topic < b->topic ? -1 : 1;
	if (a->vstart != b->vstart)
		return a->vstart < b->vstart ? -1 : 1;
	return a->vend > b->vend ? -1 : a->vend < b->vend ? 1 : 0;
}

/* Drop phrase evidence that a 'none' phrase of the same topic overlaps
 * ("gold mine" for mine action), and phrase evidence nested in a longer
 * phrase of the same topic ("mine" inside "mine action"), so that one
 * stretch of text counts once per topic.  A phrase on the very span of
 * another (one in 'any' and in 'all') stays, for nt_topics_dedupe. */
static void
nt_topics_prune(struct nt_topics *x)
{
	size_t i, v, kept = 0;
	int last_topic = -1;
	size_t last_start = 0, last_end = 0;

	nt_sort(x->ev, x->nev, sizeof *x->ev, nt_ev_order);
	for (i = 0; i < x->nev; i++) {
		struct nt_evidence *e = &x->ev[i];
		int phrase = e->cond == C_ANY || e->cond == C_ALL, drop = 0;

		for (v = 0; phrase && v < x->nvetoes && !drop; v++)
			drop = x->vetoes[v].topic == e->topic && x->vetoes[v].vstart < e->vend &&
			       e->vstart < x->vetoes[v].vend;
		if (phrase && !drop && e->topic == last_topic && e->vend <= last_end &&
		    !(e->vstart == last_start && e->vend == last_end))
			drop = 1;   /* inside a longer phrase of this topic */
		if (drop)
			continue;
		if (phrase) {
			last_topic = e->topic;
			last_start = e->vstart;
			last_end = e->vend;
		}
		x->ev[kept++] = *e;
	}
	x->nev = kept;
}

/* The view byte where the lead (title and first paragraph) ends. */
static size_t
nt_topics_lead(const struct nt_article *a)
{
	const char *v = a->view, *p;
	size_t i = 0;
	int paragraphs = a->meta[NT_META_TITLE] ? 2 : 1;   /* a title line is a paragraph */

	while (paragraphs-- > 0) {
		while (i < a->view_len && (v[i] == '\n' || v[i] == ' '))
			i++;
		p = strstr(v + i, "\n\n");
		i = p ? (size_t)(p - v) : a->view_len;
	}
	return i;
}

/* Evidence from pattern matches. */
static void
nt_topics_patterns(struct nt_topics *x, const struct nt_article *a)
{
	size_t p;

	for (p = 0; p < x->r.npats; p++) {
		PCRE2_SIZE from = 0;

		while (from < a->view_len &&
		       nt_regex_match(x->r.pats[p].code, a->view, a->view_len, from, &x->match) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->match.md);

			from = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
			while (from < a->view_len && ((unsigned char)a->view[from] & 0xC0) == 0x80)
				from++;
			if (ov[1] > ov[0])
				nt_ev_push(x, x->r.pats[p].topic, C_PATTERN, 0, ov[0], ov[1], x->r.pats[p].rule, 0);
		}
	}
}

/* Evidence from the entity mentions of A (original offsets, no view span). */
static void
nt_topics_entities(struct nt_topics *x, const struct nt_article *a)
{
	size_t i, t, k;

	for (i = 0; i < a->nmentions; i++) {
		const struct nt_mention *m = &a->mentions[i];

		if (m->kind != NT_KIND_ENTITY || m->suppressed_by)   /* --overlaps all's losers */
			continue;
		for (t = 0; t < x->r.ndefs; t++) {
			const struct nt_topic_def *d = &x->r.defs[t];
			enum nt_cond cond = C_COUNT;

			for (k = 0; k < d->nentities && cond == C_COUNT; k++)
				if (strcmp(d->entities[k], m->id) == 0)
					cond = C_ENTITY;
			for (k = 0; k < d->ntypes && cond == C_COUNT; k++)
				if (strcmp(d->types[k], m->type) == 0)
					cond = C_TYPE;
			if (cond == C_COUNT)
				continue;
			nt_ev_push(x, (int)t, cond, 0, 0, 0, m->rule, 0);
			x->ev[x->nev - 1].start = m->start;
			x->ev[x->nev - 1].end = m->end;
		}
	}
}

/* Near conditions: a 'words' match within N words of a 'with' match
 * becomes evidence spanning both. */
static void
nt_topics_near(struct nt_topics *x)
{
	size_t n = x->nev, i, j;

	for (i = 0; i < n; i++) {
		const struct nt_evidence *e = &x->ev[i];
		const struct nt_near *nr;

		if (e->cond != C_NEAR_A)
			continue;
		nr = &x->r.nears[e->slot];
		for (j = 0; j < n; j++) {
			const struct nt_evidence *f = &x->ev[j];
			size_t gap = f->word > e->word ? f->word - e->word : e->word - f->word;

			if (f->cond == C_NEAR_B && f->slot == e->slot && gap <= (size_t)nr->within) {
				size_t vs = e->vstart < f->vstart ? e->vstart : f->vstart;
				size_t ve = e->vend > f->vend ? e->vend : f->vend;

				nt_ev_push(x, e->topic, C_NEAR, e->slot, vs, ve, nr->rule, 0);
				break;
			}
		}
	}
}

static int
nt_topic_score_cmp(const void *p, const void *q)
{
	const struct nt_topic *a = p, *b = q;

	return a->score > b->score ? -1 : a->score < b->score ? 1 : strcmp(a->id, b->id);
}

static int
nt_ev_span_order(const void *p, const void *q)
{
	const struct nt_evidence *a = p, *b = q;

	if (a->topic != b->topic)
		return a->topic < b->topic ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	if (a->cond != b->cond)
		return a->cond < b->cond ? -1 : 1;
	if (a->vstart != b->vstart)
		return a->vstart < b->vstart ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/* Nonzero if A and B are evidence for one topic over the same original
 * span. */
static int
nt_ev_same_span(const struct nt_evidence *a, const struct nt_evidence *b)
{
	return a->topic == b->topic && a->start == b->start && a->end == b->end;
}

/* Give every piece of evidence its original span, then mark 'again' an
 * entity or type condition on the very span of a phrase, near pair or
 * pattern of the same topic: the words of "World Health Organization" as a
 * phrase and as the entity it names count once, as the phrase.  Text
 * evidence is left as the rules have it (a pattern listed twice weighs
 * twice, on purpose); near words alone do not count anyway. */
static void
nt_topics_dedupe(struct nt_topics *x, const struct nt_article *a)
{
	size_t i;
	const struct nt_evidence *last = NULL;

	for (i = 0; i < x->nev; i++)
		if (x->ev[i].vend > x->ev[i].vstart)
			nt_article_view_span(a, x->ev[i].vstart, x->ev[i].vend, &x->ev[i].start,
					     &x->ev[i].end);
	nt_sort(x->ev, x->nev, sizeof *x->ev, nt_ev_span_order);
	for (i = 0; i < x->nev; i++) {
		struct nt_evidence *e = &x->ev[i];

		if (e->cond == C_NEAR_A || e->cond == C_NEAR_B)
			continue;
		e->again = (e->cond == C_ENTITY || e->cond == C_TYPE) && last && nt_ev_same_span(last, e);
		last = e;
	}
}

/* Sum the evidence of every topic into x->raw and count distinct 'any'
 * and 'all' phrases. */
static void
nt_topics_weigh(struct nt_topics *x, const struct nt_article *a)
{
	size_t i;

	memset(x->raw, 0, x->r.ndefs * sizeof *x->raw);
	memset(x->nany_seen, 0, x->r.ndefs * sizeof *x->nany_seen);
	memset(x->nall_seen, 0, x->r.ndefs * sizeof *x->nall_seen);
	memset(x->seen, 0, x->r.nphrases);
	for (i = 0; i < x->nev; i++) {
		const struct nt_evidence *e = &x->ev[i];
		const struct nt_topic_def *d = &x->r.defs[e->topic];
		int lead;

		if (e->cond == C_NEAR_A || e->cond == C_NEAR_B)
			continue;   /* a near word alone is not evidence; a close pair is */
		if (e->vend > e->vstart)
			lead = e->vstart < x->lead_end;
		else   /* an entity mention: compare original offsets */
			lead = x->lead_end >= a->view_len || e->start < a->view_start[x->lead_end];
		if (!e->again)
			x->raw[e->topic] += d->weight[e->cond] * (lead ? d->lead_boost : 1);
		if ((e->cond == C_ANY || e->cond == C_ALL) && !x->seen[e->slot]) {
			x->seen[e->slot] = 1;
			if (e->cond == C_ANY)
				x->nany_seen[e->topic]++;
			else
				x->nall_seen[e->topic]++;
		}
	}
}

/* Add evidence E to A as a mention of topic T, if A reports T among its
 * topics from index FIRST on. */
static void
nt_topics_add_evidence(const struct nt_topics *x, struct nt_article *a, size_t first, size_t t,
		       const struct nt_evidence *e)
{
	struct nt_mention *m;
	size_t k;

	for (k = first; k < a->ntopics && a->topics[k].id != x->r.defs[t].id; k++)
		;
	if (k == a->ntopics)
		return;
	m = nt_article_add_mention(a, NT_KIND_TOPIC, e->start, e->end);
	m->id = a->topics[k].id;
	m->label = a->topics[k].label;
	m->rule = e->rule;
	m->topic = (int)k;
}

/* Decide the topics of A from x->raw and add them with their evidence; a
 * parent reported only because a child is has the child's evidence. */
static void
nt_topics_decide(struct nt_topics *x, struct nt_article *a)
{
	size_t i, t, first = a->ntopics;
	const struct nt_evidence *last;

	for (t = 0; t < x->r.ndefs; t++) {
		const struct nt_topic_def *d = &x->r.defs[t];

		x->score[t] = 1 - exp(-x->raw[t] / 2);
		x->keep[t] = x->nany_seen[t] >= (d->nany ? d->min_any : 0) &&
			     x->nall_seen[t] == d->nall && x->raw[t] > 0 && x->score[t] >= d->threshold;
	}
	for (t = 0; t < x->r.ndefs; t++) {   /* a child lifts its ancestors */
		int p, depth = 0;

		if (!x->keep[t])
			continue;
		for (p = x->r.defs[t].parent; p >= 0 && depth < 64; p = x->r.defs[p].parent, depth++) {
			if (!x->keep[p])
				x->keep[p] = 2;
			if (x->score[p] < x->score[t])
				x->score[p] = x->score[t];
		}
	}
	for (t = 0; t < x->r.ndefs; t++) {
		struct nt_topic *tp;

		if (!x->keep[t] || x->score[t] < x->r.min_score)
			continue;
		nt_grow(&a->topics, &a->topics_cap, a->ntopics + 1, sizeof *a->topics);
		tp = &a->topics[a->ntopics++];
		tp->id = x->r.defs[t].id;
		tp->label = x->r.defs[t].label;
		tp->score = x->score[t];
	}
	if (a->ntopics - first > 1)
		qsort(a->topics + first, a->ntopics - first, sizeof *a->topics, nt_topic_score_cmp);
	if (x->r.top && a->ntopics - first > x->r.top)
		a->ntopics = first + x->r.top;
	/* one mention per topic and span (the evidence is by topic, then span) */
	for (i = 0, last = NULL; i < x->nev; i++) {
		const struct nt_evidence *e = &x->ev[i];
		int p, depth = 0;

		if (e->cond == C_NEAR_A || e->cond == C_NEAR_B || e->again ||
		    (last && nt_ev_same_span(last, e)))
			continue;
		last = e;
		nt_topics_add_evidence(x, a, first, e->topic, e);
		if (x->keep[e->topic] != 1)
			continue;
		for (p = x->r.defs[e->topic].parent; p >= 0 && depth < 64; p = x->r.defs[p].parent, depth++)
			if (x->keep[p] == 2)
				nt_topics_add_evidence(x, a, first, (size_t)p, e);
	}
}

static int
nt_topics_run(void *ctx, struct nt_article *a, struct nt_err *err)
{
	struct nt_topics *x = ctx;
	size_t i;

	(void)err;
	if (x->r.ndefs == 0)
		return 0;
	x->nev = x->nvetoes = 0;
	x->lead_end = nt_topics_lead(a);
	x->text = nt_gaz_text_of(a);
	if (x->r.nnears) {
		uint32_t w = 0;

		nt_grow(&x->wordno, &x->wordno_cap, x->text->n + 1, sizeof *x->wordno);
		for (i = 0; i < x->text->n; i++)
			x->wordno[i] = w += (uint32_t)nt_gaz_word_start(x->text, i);
	}
	nt_gaz_scan_all(x->r.gaz, x->text, nt_topics_each, x);
	nt_topics_prune(x);
	nt_topics_near(x);
	nt_topics_patterns(x, a);
	nt_topics_entities(x, a);
	nt_topics_dedupe(x, a);
	nt_topics_weigh(x, a);
	nt_topics_decide(x, a);
	return 0;
}

const struct nt_stage nt_stage_topics = {
	"topics", nt_topics_keys, nt_topics_init, nt_topics_run, nt_topics_fork, nt_topics_fini
};
