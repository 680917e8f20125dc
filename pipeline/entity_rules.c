/* entity_rules.c - compile entity, class and pattern rules (entity_rules.h).
 *
 * Entries are read file by file, in load order.  An id seen again in a
 * later file extends the first entry (or replaces it with replace: true);
 * all aliases are added to the gazetteer once every file has been read.
 * Ids are found through an open-addressing hash table (FNV-1a). */
#include "config.h"

#include "entity_rules.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "fnv.h"
#include "fold.h"

#define NT_PATTERN_MATCH_LIMIT 1000000u

/* One alias waiting to be added to the gazetteer. */
struct nt_alias {
	char *text;
	int entity;
	unsigned flags;
	const struct nt_node *node;   /* for messages */
	size_t prev;                  /* index + 1 of the entity's alias before, 0 = none */
};

struct nt_compile {
	struct nt_entity_set *s;
	const struct nt_config *cfg;
	size_t errors;
	int *slots;                   /* id hash table: entity index + 1, 0 = empty */
	size_t mask;
	struct nt_alias *aliases;
	size_t naliases, aliases_cap;
	size_t *last_alias;           /* per entity: index + 1 of its last alias, 0 = none */
	size_t last_alias_cap;
	const struct nt_node *classes[256];   /* class name scalar, value list pairs */
	const char **class_words[128];       /* the phrases of each class */
	size_t nclasses;
	struct nt_id_ref {                    /* ids that part_of and after_place name,
					       * checked once all are read */
		const struct nt_node *node;
		int entity;
		const char *key;
	} *refs;
	size_t nrefs, refs_cap;
};

static const char *const nt_entity_keys[] = {
	"id", "type", "label", "aliases", "part_of", "priority", "case", "accents",
	"not_before", "not_after", "after_place", "replace", NULL
};
static const char *const nt_alias_keys[] = { "text", "case", "accents", NULL };
static const char *const nt_pattern_keys[] = {
	"id", "type", "regex", "caseless", "priority", "entity", "needs", "needs_before",
	"needs_after", "needs_case", "unknown_in", "fallback",
	NULL
};

/* Report a problem in the entity rules and count the errors. */
#define nt_problem(c, is_error, node, ...) \
	((c)->errors += (is_error) != 0, nt_config_problem((c)->cfg, (is_error), (node), __VA_ARGS__))

static void
nt_problem_err(struct nt_compile *c, const struct nt_err *e)
{
	nt_config_report(c->cfg, 1, e);
	c->errors++;
}

static uint64_t
nt_hash_str(const char *s)
{
	return nt_fnv(NT_FNV_SEED, s, strlen(s));
}

/* The slot for ID in c->slots. */
static int *
nt_id_slot(const struct nt_compile *c, const struct nt_entity_set *s, const char *id)
{
	size_t i = (size_t)nt_hash_str(id) & c->mask;

	while (c->slots[i] && strcmp(s->ents[c->slots[i] - 1].id, id) != 0)
		i = (i + 1) & c->mask;
	return &c->slots[i];
}

static void
nt_id_put(struct nt_compile *c, const char *id, int index)
{
	if ((c->s->nents + 1) * 2 > c->mask + 1) {
		int *old = c->slots;
		size_t n = c->mask + 1, i;

		c->mask = n * 2 - 1;
		c->slots = nt_xcalloc(n * 2, sizeof *c->slots);
		for (i = 0; i < n; i++)
			if (old[i])
				*nt_id_slot(c, c->s, c->s->ents[old[i] - 1].id) = old[i];
		free(old);
	}
	*nt_id_slot(c, c->s, id) = index + 1;
}

int
nt_entity_find(const struct nt_entity_set *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nents; i++)
		if (strcmp(s->ents[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Latin letters that folding leaves non-ASCII (no decomposition), and
 * their usual ASCII spelling, for slugs: "Jørgen" as jorgen, "Əliyev"
 * as eliyev, "Wałęsa" as walesa, "Yıldız" as yildiz.  Lower case: the
 * slug is case-folded first. */
static const struct {
	const char *utf8, *ascii;
} nt_slug_letters[] = {
	{ "\xC3\xB8", "o" }, { "\xC3\xA6", "ae" }, { "\xC5\x93", "oe" }, { "\xC3\xB0", "d" },
	{ "\xC3\xBE", "th" }, { "\xC4\x91", "d" }, { "\xC5\x82", "l" }, { "\xC4\xB1", "i" },
	{ "\xC4\xA7", "h" }, { "\xC5\xA7", "t" }, { "\xC5\x8B", "n" }, { "\xC9\x99", "e" },
};

/* Append to OUT (at *N) the ASCII spelling of the letter at S (LEFT bytes
 * left) if it has one; return the bytes it took, else 0. */
static size_t
nt_slug_letter(const char *s, size_t left, char *out, size_t *n)
{
	size_t k;

	for (k = 0; k < sizeof nt_slug_letters / sizeof *nt_slug_letters; k++)
		if (left >= 2 && memcmp(s, nt_slug_letters[k].utf8, 2) == 0) {
			memcpy(out + *n, nt_slug_letters[k].ascii, strlen(nt_slug_letters[k].ascii));
			*n += strlen(nt_slug_letters[k].ascii);
			return 2;
		}
	return 0;
}

char *
nt_entity_slug(const char *name, size_t len)
{
	size_t flen, i, n = 0, k;
	char *f = nt_fold_str(name, len, NT_FOLD_CASE | NT_FOLD_ACCENT, &flen);
	char *out = nt_xmalloc(flen + 1);   /* an ASCII spelling is never longer */

	for (i = 0; i < flen; i++) {
		unsigned char ch = (unsigned char)f[i];

		if (ch >= 0x80 && (k = nt_slug_letter(f + i, flen - i, out, &n)) > 0)
			i += k - 1;
		else if (isalnum(ch) || ch >= 0x80)
			out[n++] = (char)ch;
		else if (ch == '.' && n > 0 && out[n - 1] != '-' && i + 1 < flen &&
			 isalnum((unsigned char)f[i + 1]))
			continue;   /* "U.S. Open" as "US Open" */
		else if (n > 0 && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	free(f);
	return out;
}

/* Nonzero if S is a valid type: [a-z][a-z0-9_-]* */
static int
nt_valid_type(const char *s)
{
	if (!islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || strchr("_-", *s)))
			return 0;
	return 1;
}

/* Scalar value of KEY in MAP, checked; NULL when absent or reported. */
static const char *
nt_get_scalar(struct nt_compile *c, const struct nt_node *map, const char *key)
{
	const struct nt_node *v = nt_node_get(map, key);

	if (!v)
		return NULL;
	if (v->kind != NT_NODE_SCALAR) {
		nt_problem(c, 1, v, "'%s' must be a string", key);
		return NULL;
	}
	return v->str;
}

/* Integer value of KEY in MAP (DEF when absent). */
static int
nt_get_int(struct nt_compile *c, const struct nt_node *map, const char *key, int def)
{
	const char *s = nt_get_scalar(c, map, key);
	char *end;
	long v;

	if (!s)
		return def;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < -1000000 || v > 1000000) {
		nt_problem(c, 1, nt_node_get(map, key), "'%s' must be an integer", key);
		return def;
	}
	return (int)v;
}

/* Boolean value of KEY in MAP (DEF when absent). */
static int
nt_get_bool(struct nt_compile *c, const struct nt_node *map, const char *key, int def)
{
	const char *s = nt_get_scalar(c, map, key);

	if (!s)
		return def;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
		return 1;
	if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
		return 0;
	nt_problem(c, 1, nt_node_get(map, key), "'%s' must be true or false", key);
	return def;
}

/* Alias flags from a case and an accents setting, for alias TEXT. */
static unsigned
nt_alias_flags(const char *text, const char *case_mode, const char *accents)
{
	size_t letters = 0, upper = 0;
	const unsigned char *p;

	if (accents && strcmp(accents, "exact") == 0 && !(case_mode && strcmp(case_mode, "exact") == 0))
		return NT_GAZ_EXACT_ACCENTS;
	if (case_mode && strcmp(case_mode, "exact") == 0)
		return NT_GAZ_EXACT_CASE;
	if (case_mode && strcmp(case_mode, "fold") == 0)
		return 0;
	for (p = (const unsigned char *)text; *p; p++) {   /* auto: short all-caps acronyms */
		if (isalpha(*p)) {
			letters++;
			upper += isupper(*p) != 0;
		} else if (*p >= 0x80) {
			return 0;
		}
	}
	return letters > 0 && letters <= 5 && upper == letters ? NT_GAZ_EXACT_CASE : 0;
}

/* Check a case or accents setting; NULL when absent or bad. */
static const char *
nt_get_mode(struct nt_compile *c, const struct nt_node *map, const char *key,
	    const char *const *allowed, const char *def)
{
	const char *s = nt_get_scalar(c, map, key);
	size_t i;

	if (!s)
		return def;
	for (i = 0; allowed[i]; i++)
		if (strcmp(s, allowed[i]) == 0)
			return s;
	{
		char list[128] = "";

		for (i = 0; allowed[i]; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
				 allowed[i]);
		nt_problem(c, 1, nt_node_get(map, key), "'%s' must be one of %s", key, list);
	}
	return def;
}

static const char *const nt_case_modes[] = { "auto", "exact", "fold", NULL };
static const char *const nt_accent_modes[] = { "fold", "exact", NULL };

/* Folded words of the list KEY in MAP, appended to *WORDS. */
static void
nt_get_words(struct nt_compile *c, const struct nt_node *map, const char *key, char ***words,
	     size_t *n)
{
	const struct nt_node *list = nt_node_get(map, key);
	size_t i, cap = *n;

	if (!list)
		return;
	if (list->kind != NT_NODE_SEQ) {
		nt_problem(c, 1, list, "'%s' must be a list of words", key);
		return;
	}
	for (i = 0; i < list->nkids; i++) {
		size_t len;

		if (list->kids[i]->kind != NT_NODE_SCALAR) {
			nt_problem(c, 1, list->kids[i], "'%s' must be a list of words", key);
			continue;
		}
		nt_grow(words, &cap, *n + 1, sizeof **words);
		(*words)[(*n)++] = nt_fold_str(list->kids[i]->str, list->kids[i]->len,
					       NT_FOLD_CASE | NT_FOLD_ACCENT, &len);
	}
}

/* Note that entity ENTITY names the id in scalar NODE under KEY: the id
 * must be known once every file is read (nt_entity_set_compile). */
static void
nt_id_ref(struct nt_compile *c, const struct nt_node *node, int entity, const char *key)
{
	nt_grow(&c->refs, &c->refs_cap, c->nrefs + 1, sizeof *c->refs);
	c->refs[c->nrefs++] = (struct nt_id_ref){ node, entity, key };
}

/* Read the after_place setting of ENTRY into entity INDEX: true or false,
 * or a list of the ids of the places it matches after (appended to those
 * an earlier file gave, and making it an after_place entity). */
static void
nt_entry_after_place(struct nt_compile *c, const struct nt_node *entry, int index)
{
	struct nt_entity *e = &c->s->ents[index];
	const struct nt_node *list = nt_node_get(entry, "after_place");
	size_t i, cap = e->nafter_ids;

	if (!list || list->kind != NT_NODE_SEQ) {
		e->after_place = nt_get_bool(c, entry, "after_place", e->after_place);
		if (list && e->after_place && !e->part_of && !e->nafter_ids)   /* said here */
			nt_problem(c, 1, list,
				   "after_place needs a part_of: the place before must share it");
		return;
	}
	if (list->nkids == 0)
		nt_problem(c, 1, list, "after_place lists no place (true: any of its part_of)");
	for (i = 0; i < list->nkids; i++) {
		const struct nt_node *k = list->kids[i];

		if (k->kind != NT_NODE_SCALAR) {
			nt_problem(c, 1, k, "'after_place' must be true, false or a list of ids");
			continue;
		}
		nt_grow(&e->after_ids, &cap, e->nafter_ids + 1, sizeof *e->after_ids);
		e->after_ids[e->nafter_ids++] = nt_xstrdup(k->str);
		nt_id_ref(c, k, index, "after_place");
	}
	e->after_place = 1;
}

static void
nt_alias_push(struct nt_compile *c, const char *text, int entity, unsigned flags,
	      const struct nt_node *node)
{
	nt_grow(&c->aliases, &c->aliases_cap, c->naliases + 1, sizeof *c->aliases);
	c->aliases[c->naliases].text = nt_xstrdup(text);
	c->aliases[c->naliases].entity = entity;
	c->aliases[c->naliases].flags = flags;
	c->aliases[c->naliases].node = node;
	c->aliases[c->naliases].prev = c->last_alias[entity];
	c->last_alias[entity] = ++c->naliases;
}

/* Read the aliases of ENTRY for entity INDEX. */
static void
nt_entry_aliases(struct nt_compile *c, const struct nt_node *entry, int index,
		 const char *case_mode, const char *accents)
{
	const struct nt_node *list = nt_node_get(entry, "aliases");
	size_t i;

	if (!list)
		return;
	if (list->kind != NT_NODE_SEQ) {
		nt_problem(c, 1, list, "'aliases' must be a list");
		return;
	}
	for (i = 0; i < list->nkids; i++) {
		const struct nt_node *a = list->kids[i];
		const char *text = a->str, *cm = case_mode, *am = accents;

		if (a->kind == NT_NODE_MAP) {
			struct nt_err e;

			if (nt_node_check_keys(a, "alias", nt_alias_keys, &e) != 0) {
				nt_problem_err(c, &e);
				continue;
			}
			text = nt_get_scalar(c, a, "text");
			cm = nt_get_mode(c, a, "case", nt_case_modes, case_mode);
			am = nt_get_mode(c, a, "accents", nt_accent_modes, accents);
			if (!text) {
				nt_problem(c, 1, a, "alias needs 'text'");
				continue;
			}
		} else if (a->kind != NT_NODE_SCALAR) {
			nt_problem(c, 1, a, "an alias must be a string or a mapping with 'text'");
			continue;
		}
		nt_alias_push(c, text, index, nt_alias_flags(text, cm, am), a);
	}
}

/* Free the N strings of WORDS, and WORDS. */
static void
nt_words_free(char **words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

static void
nt_entity_clear(struct nt_entity *e)
{
	free(e->id);
	free(e->type);
	free(e->label);
	free(e->rule);
	free(e->part_of);
	nt_words_free(e->not_before, e->nnot_before);
	nt_words_free(e->not_after, e->nnot_after);
	nt_words_free(e->after_ids, e->nafter_ids);
	memset(e, 0, sizeof *e);
}

/* Read one entry of an entities list from file number ORDER. */
static void
nt_entry(struct nt_compile *c, const struct nt_node *entry, int order)
{
	struct nt_entity_set *s = c->s;
	const char *id, *type, *label, *part_of, *case_mode, *accents;
	struct nt_entity *e;
	struct nt_err err;
	char rule[PATH_MAX + 32];
	int *slot, index, replace;
	size_t i, first;

	if (entry->kind != NT_NODE_MAP) {
		nt_problem(c, 1, entry, "an entity must be a mapping with 'id', 'type' and 'aliases'");
		return;
	}
	if (nt_node_check_keys(entry, "entity", nt_entity_keys, &err) != 0) {
		nt_problem_err(c, &err);
		return;
	}
	id = nt_get_scalar(c, entry, "id");
	if (!id) {
		nt_problem(c, 1, entry, "entity needs an 'id'");
		return;
	}
	if (!nt_rules_valid_id(id)) {
		nt_problem(c, 1, nt_node_get(entry, "id"),
			   "bad id '%s' (lower-case letters, digits and . _ : - only)", id);
		return;
	}
	type = nt_get_scalar(c, entry, "type");
	if (type && !nt_valid_type(type)) {
		nt_problem(c, 1, nt_node_get(entry, "type"),
			   "bad type '%s' (lower-case letters, digits, _ and - only)", type);
		return;
	}
	label = nt_get_scalar(c, entry, "label");
	part_of = nt_get_scalar(c, entry, "part_of");
	case_mode = nt_get_mode(c, entry, "case", nt_case_modes, "auto");
	accents = nt_get_mode(c, entry, "accents", nt_accent_modes, "fold");
	replace = nt_get_bool(c, entry, "replace", 0);
	snprintf(rule, sizeof rule, "%s:%u", entry->file, entry->line);

	slot = nt_id_slot(c, s, id);
	if (*slot) {   /* the id exists: same file is an error, a later file extends */
		e = &s->ents[*slot - 1];
		index = *slot - 1;
		if (e->order == order) {
			nt_problem(c, 1, nt_node_get(entry, "id"), "duplicate id '%s' (first at %s)",
				   id, e->rule);
			return;
		}
		if (replace) {   /* start afresh: drop aliases and settings, keep the id */
			char *keep_id = e->id, *keep_type = e->type;

			for (i = c->last_alias[index]; i; i = c->aliases[i - 1].prev)
				c->aliases[i - 1].entity = -1;
			c->last_alias[index] = 0;
			e->id = e->type = NULL;
			nt_entity_clear(e);
			e->id = keep_id;
			e->type = keep_type;
		}
		if (type && strcmp(type, e->type) != 0 && !replace) {
			nt_problem(c, 1, nt_node_get(entry, "type"),
				   "id '%s' has type %s at %s; use replace: true to change it", id,
				   e->type, e->rule);
			return;
		}
		if (type) {
			free(e->type);
			e->type = nt_xstrdup(type);
		}
	} else {
		if (!type) {
			nt_problem(c, 1, entry, "entity '%s' needs a 'type'", id);
			return;
		}
		nt_grow(&s->ents, &s->ents_cap, s->nents + 1, sizeof *s->ents);
		index = (int)s->nents;
		e = &s->ents[index];
		memset(e, 0, sizeof *e);
		e->id = nt_xstrdup(id);
		e->type = nt_xstrdup(type);
		s->nents++;
		nt_grow(&c->last_alias, &c->last_alias_cap, s->nents, sizeof *c->last_alias);
		c->last_alias[index] = 0;
		nt_id_put(c, id, index);
	}
	if (label) {
		free(e->label);
		e->label = nt_xstrdup(label);
	}
	if (part_of) {
		free(e->part_of);
		e->part_of = nt_xstrdup(part_of);
		nt_id_ref(c, nt_node_get(entry, "part_of"), index, "part_of");
	}
	free(e->rule);
	e->rule = nt_xstrdup(rule);
	e->order = order;
	e->priority = nt_get_int(c, entry, "priority", e->priority);
	nt_get_words(c, entry, "not_before", &e->not_before, &e->nnot_before);
	nt_get_words(c, entry, "not_after", &e->not_after, &e->nnot_after);
	nt_entry_after_place(c, entry, index);
	first = c->naliases;
	nt_entry_aliases(c, entry, index, case_mode, accents);
	if (!e->label && c->naliases > first)   /* new or replaced: the first alias */
		e->label = nt_xstrdup(c->aliases[first].text);
	if (!e->label) {
		nt_problem(c, 1, entry, "entity '%s' needs 'aliases'", id);
		e->label = nt_xstrdup(id);
	}
}

/* Add every alias to the gazetteer; warn about an alias given to two ids
 * of the same type (unless one matches only after a place: they do not
 * compete). */
static void
nt_add_aliases(struct nt_compile *c)
{
	struct nt_entity_set *s = c->s;
	struct nt_gaz_text t = { 0 };
	size_t i, j, n;
	int found[16];

	for (i = 0; i < c->naliases; i++) {
		const struct nt_alias *a = &c->aliases[i];

		if (a->entity < 0)
			continue;
		nt_gaz_text_alias(&t, a->text);
		n = t.n ? nt_gaz_lookup(s->gaz, &t, 0, t.n, found, 16) : 0;
		for (j = 0; j < n && j < 16; j++)
			if (found[j] != a->entity &&
			    strcmp(s->ents[found[j]].type, s->ents[a->entity].type) == 0 &&
			    !s->ents[found[j]].after_place && !s->ents[a->entity].after_place) {
				nt_problem(c, 0, a->node, "alias '%s' of '%s' is also an alias of '%s' (%s)",
					   a->text, s->ents[a->entity].id, s->ents[found[j]].id,
					   s->ents[found[j]].rule);
				break;
			}
		if (nt_gaz_add(s->gaz, a->text, a->entity, a->flags) != 0)
			nt_problem(c, 1, a->node, "alias '%s' has no letter or digit, or is too long",
				   a->text);
	}
	nt_gaz_text_free(&t);
}

/* nt_regex_list_fn over the classes read so far. */
static int
nt_class_words(void *arg, const char *name, size_t len, const char *const **words, size_t *n)
{
	const struct nt_compile *c = arg;
	size_t i;

	for (i = 0; i < c->nclasses; i++)
		if (c->classes[i * 2]->len == len && memcmp(c->classes[i * 2]->str, name, len) == 0) {
			*words = c->class_words[i];
			*n = c->classes[i * 2 + 1]->nkids;
			return 1;
		}
	return 0;
}

static int
nt_strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fill s->surname_first from the class surname_first, if the rules have
 * one. */
static void
nt_surname_first_class(struct nt_compile *c)
{
	struct nt_entity_set *s = c->s;
	const char *const *words;
	size_t n, i, len;

	if (!nt_class_words(c, "surname_first", strlen("surname_first"), &words, &n))
		return;
	s->surname_first = nt_xcalloc(n + 1, sizeof *s->surname_first);
	for (i = 0; i < n; i++)
		s->surname_first[i] = nt_fold_str(words[i], strlen(words[i]), NT_FOLD_ACCENT, &len);
	s->nsurname_first = n;
	qsort(s->surname_first, n, sizeof *s->surname_first, nt_strcmp_ptr);
}

int
nt_entity_set_surname_first(const struct nt_entity_set *s, const char *word, size_t len)
{
	char *bare = nt_fold_str(word, len, NT_FOLD_ACCENT, &len);
	int found = s->nsurname_first &&
		    bsearch(&bare, s->surname_first, s->nsurname_first, sizeof *s->surname_first,
			    nt_strcmp_ptr) != NULL;

	free(bare);
	return found;
}

/* Read the classes section of ROOT (name: [phrases]). */
static void
nt_classes(struct nt_compile *c, const struct nt_node *root)
{
	const struct nt_node *sec = nt_node_get(root, "classes");
	size_t i, k;

	if (!sec)
		return;
	if (sec->kind != NT_NODE_MAP) {
		nt_problem(c, 1, sec, "'classes' must map class names to lists of phrases");
		return;
	}
	for (i = 0; i + 1 < sec->nkids; i += 2) {
		const struct nt_node *list = sec->kids[i + 1];
		int ok = list->kind == NT_NODE_SEQ && list->nkids > 0;

		for (k = 0; ok && k < list->nkids; k++)
			ok = list->kids[k]->kind == NT_NODE_SCALAR && list->kids[k]->len > 0;
		if (!ok) {
			nt_problem(c, 1, list, "class '%s' must be a non-empty list of phrases",
				   sec->kids[i]->str);
			continue;
		}
		if (c->nclasses * 2 + 2 > sizeof c->classes / sizeof c->classes[0]) {
			nt_problem(c, 1, sec->kids[i], "too many classes (at most 128)");
			return;
		}
		c->classes[c->nclasses * 2] = sec->kids[i];
		c->classes[c->nclasses * 2 + 1] = list;
		c->class_words[c->nclasses] = nt_xmalloc((list->nkids + 1) * sizeof(char *));
		for (k = 0; k < list->nkids; k++)
			c->class_words[c->nclasses][k] = list->kids[k]->str;
		c->nclasses++;
	}
}

/* Add the first word of PHRASE to P's needs: lower-cased when FOLD (the
 * pattern ignores case), else as written, so that "President" opens no
 * window at "president".  A match holds a whole phrase of the class, so
 * its first word is there; the others ("of" in "Cabinet of Ministers")
 * would only open windows for nothing. */
static void
nt_needs_add(struct nt_entity_pattern *p, const char *phrase, int fold, size_t *cap)
{
	size_t n = strcspn(phrase, " -"), k;
	char *word;

	if (n == 0)
		return;
	word = nt_xstrndup(phrase, n);
	for (k = 0; fold && k < n; k++)
		word[k] = (char)tolower((unsigned char)word[k]);
	nt_grow(&p->needs, cap, p->nneeds + 1, sizeof *p->needs);
	p->needs[p->nneeds++] = word;
}

struct nt_need {                 /* a word of a pattern's needs */
	const char *word;
	uint32_t pat;
};

static int
nt_need_cmp(const void *a, const void *b)
{
	const struct nt_need *x = a, *y = b;
	int c = strcmp(x->word, y->word);

	return c ? c : (x->pat > y->pat) - (x->pat < y->pat);
}

void
nt_entity_set_matcher(const struct nt_entity_set *s, struct nt_matcher *m)
{
	uint32_t most = 1, n;   /* ovector pairs (nt_regex_pairs) */
	size_t i;

	for (i = 0; i < s->npats; i++)
		if ((n = nt_regex_pairs(s->pats[i].code)) > most)
			most = n;
	nt_matcher_init(m, most, NT_PATTERN_MATCH_LIMIT);
}

/* Index the needs words of all of S's patterns (after compiling or
 * restoring): each word once, with the list of patterns that need it;
 * words needed by the same patterns share one list.  Returns 0, or -1 when
 * there are more different lists than a word set can number. */
static int
nt_entity_set_index_needs(struct nt_entity_set *s)
{
	struct nt_need *all = NULL;
	size_t n = 0, cap = 0, i, j, k, nlists = 0, npats = 0;
	int rc = 0;

	for (i = 0; i < s->npats; i++)
		for (k = 0; k < s->pats[i].nneeds; k++) {
			nt_grow(&all, &cap, n + 1, sizeof *all);
			all[n++] = (struct nt_need){ s->pats[i].needs[k], (uint32_t)i };
		}
	if (!n)
		return 0;
	qsort(all, n, sizeof *all, nt_need_cmp);
	s->needs = nt_wordset_new();
	s->needs_off = nt_xmalloc((n + 1) * sizeof *s->needs_off);
	s->needs_pats = nt_xmalloc(n * sizeof *s->needs_pats);
	s->needs_off[0] = 0;
	for (i = 0; i < n; i = j) {   /* the patterns of word all[i].word: all[i .. j) */
		size_t len = 0, l;

		for (j = i; j < n && strcmp(all[j].word, all[i].word) == 0; j++)
			if (j == i || all[j].pat != all[j - 1].pat)
				s->needs_pats[npats + len++] = all[j].pat;
		for (l = 0; l < nlists; l++)   /* the same list as an earlier word? */
			if (s->needs_off[l + 1] - s->needs_off[l] == len &&
			    !memcmp(s->needs_pats + s->needs_off[l], s->needs_pats + npats,
				    len * sizeof *s->needs_pats))
				break;
		if (l == nlists) {
			if (nlists == NT_WORDSET_KINDS) {
				rc = -1;
				break;
			}
			npats += len;
			s->needs_off[++nlists] = (uint32_t)npats;
		}
		nt_wordset_add(s->needs, all[i].word, strlen(all[i].word), (unsigned)l + 1);
	}
	free(all);
	return rc;
}

/* The value of ENTRY's KEY (needs_before or needs_after): 0 to
 * NT_NEEDS_NEAR bytes, NT_NEEDS_NEAR when absent; only with 'needs'. */
static unsigned
nt_pattern_near(struct nt_compile *c, const struct nt_node *entry, const char *key)
{
	int v = nt_get_int(c, entry, key, NT_NEEDS_NEAR);

	if (!nt_node_get(entry, key))
		return NT_NEEDS_NEAR;
	if (!nt_node_get(entry, "needs")) {
		nt_problem(c, 1, nt_node_get(entry, key), "'%s' without 'needs'", key);
		return NT_NEEDS_NEAR;
	}
	if (v < 0 || v > NT_NEEDS_NEAR) {
		nt_problem(c, 1, nt_node_get(entry, key), "'%s' must be from 0 to %d (bytes)", key,
			   NT_NEEDS_NEAR);
		return NT_NEEDS_NEAR;
	}
	return (unsigned)v;
}

/* Whether ENTRY's needs words match in any case: its needs_case, fold
 * (the default) or exact; exact is refused for a CASELESS pattern. */
static int
nt_pattern_needs_fold(struct nt_compile *c, const struct nt_node *entry, int caseless)
{
	const struct nt_node *v = nt_node_get(entry, "needs_case");

	if (!v)
		return 1;
	if (!nt_node_get(entry, "needs")) {
		nt_problem(c, 1, v, "'needs_case' without 'needs'");
		return 1;
	}
	if (v->str && strcmp(v->str, "fold") == 0)
		return 1;
	if (!v->str || strcmp(v->str, "exact") != 0) {
		nt_problem(c, 1, v, "'needs_case' must be fold or exact");
		return 1;
	}
	if (caseless) {
		nt_problem(c, 1, v, "'needs_case: exact' with 'caseless: true'");
		return 1;
	}
	return 0;
}

/* P's needs from the list NODE of class names: the first word of every
 * phrase of those classes, lower-cased when FOLD. */
static void
nt_pattern_needs(struct nt_compile *c, struct nt_entity_pattern *p, const struct nt_node *node,
		 int fold)
{
	size_t i, k, cap = 0;

	if (!node)
		return;
	if (node->kind != NT_NODE_SEQ) {
		nt_problem(c, 1, node, "'needs' must be a list of class names");
		return;
	}
	for (i = 0; i < node->nkids; i++) {
		const char *const *words;
		size_t n;

		if (!node->kids[i]->str ||
		    !nt_class_words(c, node->kids[i]->str, node->kids[i]->len, &words, &n)) {
			nt_problem(c, 1, node->kids[i], "unknown class '%s' in needs",
				   node->kids[i]->str ? node->kids[i]->str : "");
			continue;
		}
		for (k = 0; k < n; k++)
			nt_needs_add(p, words[k], fold, &cap);
	}
}

/* Load P's word list from P->unknown_in.  Returns 0, or -1 with ERR set. */
static int
nt_pattern_known(struct nt_entity_pattern *p, struct nt_err *err)
{
	return p->unknown_in && !(p->known = nt_wordset_load(p->unknown_in, err)) ? -1 : 0;
}

/* P's 'unknown_in' from NODE: a word list, relative to the rule file of
 * NODE, whose common words may not be in a match. */
static void
nt_pattern_unknown_in(struct nt_compile *c, struct nt_entity_pattern *p, const struct nt_node *node)
{
	const char *slash;
	struct nt_err err;

	if (!node)
		return;
	if (node->kind != NT_NODE_SCALAR || !node->str[0]) {
		nt_problem(c, 1, node, "'unknown_in' must be the path of a word list");
		return;
	}
	if (node->str[0] == '/' || !(slash = strrchr(node->file, '/'))) {
		p->unknown_in = nt_xstrdup(node->str);
	} else {
		p->unknown_in = nt_xmalloc((size_t)(slash - node->file) + strlen(node->str) + 2);
		sprintf(p->unknown_in, "%.*s/%s", (int)(slash - node->file), node->file, node->str);
	}
	if (nt_pattern_known(p, &err) != 0)
		nt_problem(c, 1, node, "cannot read word list: %s", err.text);
}

/* Read one entry of a patterns list from file number ORDER. */
static void
nt_pattern(struct nt_compile *c, const struct nt_node *entry, int order)
{
	struct nt_entity_set *s = c->s;
	const struct nt_node *rx;
	const char *id, *type, *pin;
	struct nt_entity_pattern *p;
	struct nt_err err;
	size_t *map, i;
	char *expanded, rule[PATH_MAX + 32];
	pcre2_code *code;
	int group, caseless;

	if (entry->kind != NT_NODE_MAP) {
		nt_problem(c, 1, entry, "a pattern must be a mapping with 'id', 'type' and 'regex'");
		return;
	}
	if (nt_node_check_keys(entry, "pattern", nt_pattern_keys, &err) != 0) {
		nt_problem_err(c, &err);
		return;
	}
	id = nt_get_scalar(c, entry, "id");
	type = nt_get_scalar(c, entry, "type");
	rx = nt_node_get(entry, "regex");
	if (!id || !type || !rx) {
		nt_problem(c, 1, entry, "pattern needs 'id', 'type' and 'regex'");
		return;
	}
	if (!nt_rules_valid_id(id) || !nt_valid_type(type)) {
		nt_problem(c, 1, entry, "bad pattern id '%s' or type '%s'", id, type);
		return;
	}
	for (i = 0; i < s->npats; i++)
		if (strcmp(s->pats[i].id, id) == 0 && s->pats[i].order == order) {
			nt_problem(c, 1, nt_node_get(entry, "id"), "duplicate pattern id '%s' (first at %s)",
				   id, s->pats[i].rule);
			return;
		}
	if (rx->kind != NT_NODE_SCALAR) {
		nt_problem(c, 1, rx, "'regex' must be a string");
		return;
	}
	if (!(expanded = nt_regex_expand(rx, nt_class_words, c, "[ -]", "class", &map, &err))) {
		nt_problem_err(c, &err);
		return;
	}
	/* an offset limit keeps a search in its window (entities.c) */
	caseless = nt_get_bool(c, entry, "caseless", 0);
	code = nt_regex_compile(rx, expanded, map, PCRE2_NO_UTF_CHECK | PCRE2_USE_OFFSET_LIMIT |
				(caseless ? PCRE2_CASELESS : 0), &err);
	free(expanded);
	free(map);
	if (!code) {
		nt_problem_err(c, &err);
		return;
	}
	group = pcre2_substring_number_from_name(code, (PCRE2_SPTR) "name");
	snprintf(rule, sizeof rule, "%s:%u", entry->file, entry->line);
	nt_grow(&s->pats, &s->pats_cap, s->npats + 1, sizeof *s->pats);
	p = &s->pats[s->npats++];
	memset(p, 0, sizeof *p);
	p->id = nt_xstrdup(id);
	p->type = nt_xstrdup(type);
	p->rule = nt_xstrdup(rule);
	p->code = code;
	p->name_group = group > 0 ? group : 0;
	group = pcre2_substring_number_from_name(code, (PCRE2_SPTR) "short");
	p->short_group = group > 0 ? group : 0;
	p->priority = nt_get_int(c, entry, "priority", -1);
	p->order = order;
	p->entity = -1;
	nt_pattern_needs(c, p, nt_node_get(entry, "needs"),
			 nt_pattern_needs_fold(c, entry, caseless));
	p->near_before = nt_pattern_near(c, entry, "needs_before");
	p->near_after = nt_pattern_near(c, entry, "needs_after");
	nt_pattern_unknown_in(c, p, nt_node_get(entry, "unknown_in"));
	p->fallback = nt_get_bool(c, entry, "fallback", 0);
	if ((pin = nt_get_scalar(c, entry, "entity")) && (p->entity = nt_entity_find(s, pin)) < 0)
		nt_problem(c, 1, nt_node_get(entry, "entity"), "unknown entity '%s'", pin);
}

/* Run FN over every item of the list section KEY of ROOT. */
static void
nt_each(struct nt_compile *c, const struct nt_node *root, const char *key, int order,
	void (*fn)(struct nt_compile *, const struct nt_node *, int))
{
	const struct nt_node *list = nt_node_get(root, key);
	size_t i;

	if (!list)
		return;
	if (list->kind != NT_NODE_SEQ) {
		nt_problem(c, 1, list, "'%s' must be a list", key);
		return;
	}
	for (i = 0; i < list->nkids; i++)
		fn(c, list->kids[i], order);
}

int
nt_entity_set_compile(struct nt_entity_set *s, const struct nt_rules *rules,
		      const struct nt_config *cfg, struct nt_err *err)
{
	struct nt_compile c;
	size_t f, i;

	memset(s, 0, sizeof *s);
	memset(&c, 0, sizeof c);
	c.s = s;
	c.cfg = cfg;
	c.mask = 1023;
	c.slots = nt_xcalloc(c.mask + 1, sizeof *c.slots);
	s->gaz = nt_gaz_new();
	for (f = 0; f < rules->nfiles; f++)
		nt_each(&c, rules->files[f].root, "entities", (int)f, nt_entry);
	for (i = 0; i < c.nrefs; i++)   /* part_of and after_place name known entities */
		if (!*nt_id_slot(&c, s, c.refs[i].node->str))
			nt_problem(&c, 1, c.refs[i].node, "unknown %s '%s' of '%s'", c.refs[i].key,
				   c.refs[i].node->str, s->ents[c.refs[i].entity].id);
	free(c.refs);
	nt_add_aliases(&c);
	nt_gaz_seal(s->gaz);
	for (f = 0; f < rules->nfiles; f++)   /* classes are visible to every file */
		nt_classes(&c, rules->files[f].root);
	nt_surname_first_class(&c);
	for (f = 0; f < rules->nfiles; f++)
		nt_each(&c, rules->files[f].root, "patterns", (int)f, nt_pattern);
	if (nt_entity_set_index_needs(s) != 0) {
		struct nt_err e;

		nt_err_file(&e, NULL, "more than %u different sets of patterns share 'needs' words",
			    NT_WORDSET_KINDS);
		nt_problem_err(&c, &e);
	}
	for (i = 0; i < c.nclasses; i++)
		free(c.class_words[i]);
	for (i = 0; i < c.naliases; i++)
		free(c.aliases[i].text);
	free(c.aliases);
	free(c.last_alias);
	free(c.slots);
	if (c.errors) {
		nt_err_file(err, NULL, "%zu error%s in entity rules", c.errors, c.errors == 1 ? "" : "s");
		nt_entity_set_free(s);
		return -1;
	}
	return 0;
}

void
nt_entity_set_free(struct nt_entity_set *s)
{
	size_t i;

	for (i = 0; i < s->nents; i++) {
		if (s->map) {   /* restored: the strings live in the mapping */
			free(s->ents[i].not_before);
			free(s->ents[i].not_after);
			free(s->ents[i].after_ids);
		} else {
			nt_entity_clear(&s->ents[i]);
		}
	}
	free(s->ents);
	nt_gaz_free(s->gaz);
	for (i = 0; i < s->npats; i++) {
		free(s->pats[i].id);
		free(s->pats[i].type);
		free(s->pats[i].rule);
		pcre2_code_free(s->pats[i].code);
		nt_words_free(s->pats[i].needs, s->pats[i].nneeds);
		free(s->pats[i].unknown_in);
		nt_wordset_free(s->pats[i].known);
	}
	free(s->pats);
	if (s->map)   /* restored: the strings are in the mapping */
		free(s->surname_first);
	else
		nt_words_free(s->surname_first, s->nsurname_first);
	nt_wordset_free(s->needs);
	free(s->needs_off);
	free(s->needs_pats);
	nt_cache_unmap(s->map, s->map_len);
	memset(s, 0, sizeof *s);
}

/* Cache file layout: magic, version, key, then the entities, the
 * gazetteer, the patterns (PCRE2's own serialization) and the family
 * names written first.  The magic's number changes with the layout or
 * meaning of any of them: the version names the build of this file only,
 * which a change elsewhere does not redo. */
#define NT_ENTITY_CACHE_MAGIC "newstag entities cache 13\n"
/* Caches from another build are not trusted: layouts may differ. */
#define NT_ENTITY_CACHE_VERSION PACKAGE_VERSION " " __DATE__ " " __TIME__

static void
nt_put_words(struct nt_cache_out *w, char *const *words, size_t n)
{
	size_t i;

	nt_cache_put_u64(w, n);
	for (i = 0; i < n; i++)
		nt_cache_put_str(w, words[i]);
}

/* A word list left in the mapped cache file (NULL when empty). */
static char **
nt_get_words_cached(struct nt_cache_in *r, size_t *n)
{
	uint64_t count = nt_cache_get_u64(r);
	char **words;
	size_t i;

	if (r->failed || count > (uint64_t)(r->end - r->p)) {
		r->failed = 1;
		*n = 0;
		return NULL;
	}
	*n = (size_t)count;
	if (*n == 0)
		return NULL;
	words = nt_xcalloc(*n + 1, sizeof *words);
	for (i = 0; i < *n; i++)
		if (!(words[i] = (char *)nt_cache_get_str_in_place(r)))
			words[i] = (char *)"";
	return words;
}

void
nt_entity_set_save(const struct nt_entity_set *s, const char *path, uint64_t key)
{
	struct nt_cache_out w;
	char *tmp;
	size_t i;

	if (nt_cache_begin(&w, path, &tmp) != 0)
		return;
	nt_cache_put(&w, NT_ENTITY_CACHE_MAGIC, sizeof NT_ENTITY_CACHE_MAGIC);
	nt_cache_put_str(&w, NT_ENTITY_CACHE_VERSION);
	nt_cache_put_u64(&w, key);
	nt_cache_put_u64(&w, s->nents);
	for (i = 0; i < s->nents; i++) {
		const struct nt_entity *e = &s->ents[i];

		nt_cache_put_str(&w, e->id);
		nt_cache_put_str(&w, e->type);
		nt_cache_put_str(&w, e->label);
		nt_cache_put_str(&w, e->rule);
		nt_cache_put_str(&w, e->part_of);
		nt_cache_put_u64(&w, (uint64_t)(int64_t)e->priority);
		nt_cache_put_u64(&w, (uint64_t)(int64_t)e->order);
		nt_put_words(&w, e->not_before, e->nnot_before);
		nt_put_words(&w, e->not_after, e->nnot_after);
		nt_cache_put_u64(&w, (uint64_t)e->after_place);
		nt_put_words(&w, e->after_ids, e->nafter_ids);
	}
	nt_gaz_save(s->gaz, &w);
	nt_cache_put_u64(&w, s->npats);
	for (i = 0; i < s->npats; i++) {
		const struct nt_entity_pattern *p = &s->pats[i];
		const pcre2_code *codes[1] = { p->code };
		uint8_t *bytes = NULL;
		PCRE2_SIZE size = 0;

		nt_cache_put_str(&w, p->id);
		nt_cache_put_str(&w, p->type);
		nt_cache_put_str(&w, p->rule);
		nt_cache_put_u64(&w, (uint64_t)(int64_t)p->name_group);
		nt_cache_put_u64(&w, (uint64_t)(int64_t)p->short_group);
		nt_cache_put_u64(&w, (uint64_t)(int64_t)p->priority);
		nt_cache_put_u64(&w, (uint64_t)(int64_t)p->order);
		nt_cache_put_u64(&w, (uint64_t)(int64_t)p->entity);
		nt_cache_put_u64(&w, (uint64_t)p->fallback);
		nt_cache_put_u64(&w, p->near_before);
		nt_cache_put_u64(&w, p->near_after);
		nt_put_words(&w, p->needs, p->nneeds);
		nt_cache_put_str(&w, p->unknown_in);   /* the list itself is read again */
		if (pcre2_serialize_encode(codes, 1, &bytes, &size, NULL) < 0)
			w.failed = 1;
		nt_cache_put_u64(&w, nt_fnv(NT_FNV_SEED, bytes, size));
		nt_cache_put_array(&w, bytes, 1, size);
		pcre2_serialize_free(bytes);
	}
	nt_put_words(&w, s->surname_first, s->nsurname_first);
	nt_cache_end(&w, path, tmp);
}

int
nt_entity_set_restore(struct nt_entity_set *s, const char *path, uint64_t key)
{
	struct nt_cache_in r;
	char magic[sizeof NT_ENTITY_CACHE_MAGIC], *version;
	const unsigned char *buf;
	size_t len, i, k, n;
	struct nt_err err;

	memset(s, 0, sizeof *s);
	if (!(buf = nt_cache_map(path, &len)))
		return -1;
	s->map = buf;
	s->map_len = len;
	r.start = r.p = buf;
	r.end = buf + len;
	r.failed = 0;
	nt_cache_get(&r, magic, sizeof magic);
	version = nt_cache_get_str(&r);
	if (memcmp(magic, NT_ENTITY_CACHE_MAGIC, sizeof magic) != 0 || !version ||
	    strcmp(version, NT_ENTITY_CACHE_VERSION) != 0 || nt_cache_get_u64(&r) != key)
		r.failed = 1;
	free(version);
	n = (size_t)nt_cache_get_u64(&r);
	if (n > len)
		r.failed = 1;
	for (i = 0; i < n && !r.failed; i++) {
		struct nt_entity *e;

		nt_grow(&s->ents, &s->ents_cap, s->nents + 1, sizeof *s->ents);
		e = &s->ents[s->nents++];
		memset(e, 0, sizeof *e);
		/* strings stay in the mapping: see nt_entity_set_free */
		e->id = (char *)nt_cache_get_str_in_place(&r);
		e->type = (char *)nt_cache_get_str_in_place(&r);
		e->label = (char *)nt_cache_get_str_in_place(&r);
		e->rule = (char *)nt_cache_get_str_in_place(&r);
		e->part_of = (char *)nt_cache_get_str_in_place(&r);
		e->priority = (int)(int64_t)nt_cache_get_u64(&r);
		e->order = (int)(int64_t)nt_cache_get_u64(&r);
		e->not_before = nt_get_words_cached(&r, &e->nnot_before);
		e->not_after = nt_get_words_cached(&r, &e->nnot_after);
		e->after_place = nt_cache_get_u64(&r) != 0;
		e->after_ids = nt_get_words_cached(&r, &e->nafter_ids);
		if (!e->id || !e->type || !e->label || !e->rule)
			r.failed = 1;
	}
	if (!r.failed && !(s->gaz = nt_gaz_restore(&r, s->nents)))
		r.failed = 1;
	n = r.failed ? 0 : (size_t)nt_cache_get_u64(&r);
	if (n > len)
		r.failed = 1;
	for (i = 0; i < n && !r.failed; i++) {
		struct nt_entity_pattern *p;
		pcre2_code *codes[1] = { NULL };
		size_t size;
		const uint8_t *bytes;
		uint64_t hash;

		nt_grow(&s->pats, &s->pats_cap, s->npats + 1, sizeof *s->pats);
		p = &s->pats[s->npats++];
		memset(p, 0, sizeof *p);
		p->id = nt_cache_get_str(&r);
		p->type = nt_cache_get_str(&r);
		p->rule = nt_cache_get_str(&r);
		p->name_group = (int)(int64_t)nt_cache_get_u64(&r);
		p->short_group = (int)(int64_t)nt_cache_get_u64(&r);
		p->priority = (int)(int64_t)nt_cache_get_u64(&r);
		p->order = (int)(int64_t)nt_cache_get_u64(&r);
		p->entity = (int)(int64_t)nt_cache_get_u64(&r);
		p->fallback = nt_cache_get_u64(&r) != 0;
		p->near_before = (unsigned)nt_cache_get_u64(&r);
		p->near_after = (unsigned)nt_cache_get_u64(&r);
		if (p->near_before > NT_NEEDS_NEAR || p->near_after > NT_NEEDS_NEAR)
			r.failed = 1;
		p->needs = nt_get_words_cached(&r, &p->nneeds);
		for (k = 0; k < p->nneeds; k++)   /* owned copies: patterns free them */
			p->needs[k] = nt_xstrdup(p->needs[k]);
		p->unknown_in = nt_cache_get_str(&r);
		if (nt_pattern_known(p, &err) != 0)
			r.failed = 1;   /* compiling again reports it */
		/* PCRE2 trusts serialized code (a damaged one can crash the JIT
		 * compiler), so it is decoded only if its bytes hash as written. */
		hash = nt_cache_get_u64(&r);
		bytes = (const uint8_t *)nt_cache_get_array_in_place(&r, 1, &size);
		if (r.failed || !p->id || !p->type || !p->rule || p->entity >= (int)s->nents ||
		    !bytes || nt_fnv(NT_FNV_SEED, bytes, size) != hash ||
		    pcre2_serialize_decode(codes, 1, bytes, NULL) != 1)
			r.failed = 1;
		if ((p->code = codes[0]))
			pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
	}
	if (!r.failed)
		s->surname_first = nt_get_words_cached(&r, &s->nsurname_first);
	if (!r.failed && nt_entity_set_index_needs(s) != 0)
		r.failed = 1;
	if (r.failed) {
		nt_entity_set_free(s);
		return -1;
	}
	return 0;
}
