/* rules.c - read YAML rule files into position-carrying trees (rules.h).
 *
 * libyaml's event API (yaml_parser_parse) drives a small stack machine:
 * MAPPING-START and SEQUENCE-START push a node, SCALAR adds a leaf, the END
 * events pop.  Using events rather than yaml_parser_load lets us refuse
 * aliases before they expand (the "billion laughs" alias bomb) and bound
 * depth, and keeps line and column of every node for messages. */
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "fnv.h"
#include "walk.h"

/* Arena blocks: nodes and strings are carved from them, never freed one
 * by one. */
struct nt_arena_block {
	struct nt_arena_block *next;
	size_t used, size;
	max_align_t data[];
};

#define NT_ARENA_BLOCK (1u << 20)

/* N bytes from RULES's arena, aligned to ALIGN (strings take 1: padding
 * every scalar to 16 bytes cost a big pack megabytes). */
static void *
nt_arena_alloc(struct nt_rules *rules, size_t n, size_t align)
{
	struct nt_arena_block *b = rules->arena;
	void *p;

	if (b)
		b->used = (b->used + align - 1) / align * align;
	if (!b || b->size < b->used || b->size - b->used < n) {
		size_t size = n > NT_ARENA_BLOCK ? n : NT_ARENA_BLOCK;

		b = nt_xmalloc(sizeof *b + size);
		b->next = rules->arena;
		b->used = 0;
		b->size = size;
		rules->arena = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static struct nt_node *
nt_node_new(struct nt_rules *rules, enum nt_node_kind kind, const char *file,
	    const yaml_mark_t *mark)
{
	struct nt_node *n = nt_arena_alloc(rules, sizeof *n, _Alignof(struct nt_node));

	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->file = file;
	n->line = (unsigned)mark->line + 1;
	n->col = (unsigned)mark->column + 1;
	return n;
}

void
nt_node_err(struct nt_err *err, const struct nt_node *node, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	nt_err_at(err, node->file, node->line, node->col, "%s", msg);
}

/* The anchor of a node-starting event, or NULL. */
static const yaml_char_t *
nt_event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

/* Children collected for an open collection, before they move to the
 * arena when it closes. */
struct nt_level {
	struct nt_node *node;
	struct nt_node **kids;
	size_t n, cap;
};

/* Parse BUF (LEN bytes) from FILE into *ROOT.  Returns 0 or -1 with ERR. */
static int
nt_rules_parse_file(struct nt_rules *rules, const char *file, const unsigned char *buf, size_t len,
	       struct nt_node **root, struct nt_err *err)
{
	struct nt_level stack[NT_RULES_MAX_DEPTH + 1];
	size_t depth = 0, i;
	int docs = 0, done = 0, rc = 0;
	yaml_parser_t parser;
	yaml_event_t ev;

	memset(stack, 0, sizeof stack);
	*root = NULL;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, buf, len);
	while (!done) {
		struct nt_node *n = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			nt_err_at(err, file, (unsigned)parser.problem_mark.line + 1,
				  (unsigned)parser.problem_mark.column + 1, "YAML syntax error: %s%s%s",
				  parser.problem ? parser.problem : "unknown problem",
				  parser.context ? " " : "", parser.context ? parser.context : "");
			rc = -1;
			break;
		}
		if (nt_event_anchor(&ev)) {
			nt_err_at(err, file, (unsigned)ev.start_mark.line + 1,
				  (unsigned)ev.start_mark.column + 1,
				  "YAML anchors and aliases are not allowed in rule files");
			rc = -1;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				nt_err_at(err, file, (unsigned)ev.start_mark.line + 1,
					  (unsigned)ev.start_mark.column + 1,
					  "only one YAML document is allowed in a rule file");
				rc = -1;
			}
			break;
		case YAML_ALIAS_EVENT:
			nt_err_at(err, file, (unsigned)ev.start_mark.line + 1,
				  (unsigned)ev.start_mark.column + 1,
				  "YAML anchors and aliases are not allowed in rule files");
			rc = -1;
			break;
		case YAML_SCALAR_EVENT:
			n = nt_node_new(rules, NT_NODE_SCALAR, file, &ev.start_mark);
			n->len = ev.data.scalar.length;
			n->str = nt_arena_alloc(rules, n->len + 1, 1);
			memcpy(n->str, ev.data.scalar.value, n->len);
			n->str[n->len] = '\0';
			n->quoted = ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
				    ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = nt_node_new(rules, ev.type == YAML_SEQUENCE_START_EVENT ? NT_NODE_SEQ :
					NT_NODE_MAP, file, &ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			struct nt_level *l = &stack[--depth];

			l->node->nkids = l->n;
			l->node->kids = nt_arena_alloc(rules, l->n * sizeof *l->kids + 1,
						       _Alignof(struct nt_node *));
			if (l->n)
				memcpy(l->node->kids, l->kids, l->n * sizeof *l->kids);
			break;
		}
		default:
			break;
		}
		if (n && rc == 0) {
			if (depth > 0) {
				struct nt_level *up = &stack[depth - 1];

				if (up->node->kind == NT_NODE_MAP && up->n % 2 == 0 &&
				    n->kind != NT_NODE_SCALAR) {
					nt_node_err(err, n, "mapping keys must be plain strings");
					rc = -1;
				}
				nt_grow(&up->kids, &up->cap, up->n + 1, sizeof *up->kids);
				up->kids[up->n++] = n;
			} else {
				*root = n;
			}
			if (n->kind != NT_NODE_SCALAR) {
				if (depth == NT_RULES_MAX_DEPTH) {
					nt_node_err(err, n, "rules nested deeper than %d levels",
						    NT_RULES_MAX_DEPTH);
					rc = -1;
				} else {
					stack[depth].node = n;
					stack[depth].n = 0;
					depth++;
				}
			}
		}
		yaml_event_delete(&ev);
		if (rc != 0)
			break;
	}
	yaml_parser_delete(&parser);
	for (i = 0; i <= NT_RULES_MAX_DEPTH; i++)
		free(stack[i].kids);
	if (rc == 0 && *root && (*root)->kind != NT_NODE_MAP) {
		nt_node_err(err, *root, "a rule file must be a mapping of sections (e.g. 'entities:')");
		rc = -1;
	}
	if (rc != 0)
		*root = NULL;   /* the arena keeps the pieces until nt_rules_free */
	return rc;
}

/* Read all of FILE, refusing files larger than NT_RULES_MAX_BYTES. */
static unsigned char *
nt_rules_slurp(const char *file, size_t *len, struct nt_err *err)
{
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, got;
	FILE *fp = fopen(file, "rb");

	if (!fp) {
		nt_err_file(err, file, "%s", strerror(errno));
		return NULL;
	}
	do {
		nt_grow(&buf, &cap, n + 65536, 1);
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (n > NT_RULES_MAX_BYTES) {
			nt_err_file(err, file, "rule file larger than %u MiB refused",
				    NT_RULES_MAX_BYTES >> 20);
			break;
		}
	} while (got > 0);
	if (n <= NT_RULES_MAX_BYTES && ferror(fp))
		nt_err_file(err, file, "%s", strerror(errno));
	fclose(fp);
	if (err->text[0]) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* A 64-bit hash of the LEN bytes at P, eight at a time (a cache key, not
 * a defence against anyone). */
static uint64_t
nt_rules_hash(const unsigned char *p, size_t len)
{
	uint64_t h = NT_FNV_SEED ^ len, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 29;
	}
	return nt_fnv(h, p + i, len - i);
}

/* List the top-level keys of RF: lines that start with a name and a colon.
 * A file whose top level is not such a block mapping is opaque. */
static void
nt_rules_scan_sections(struct nt_rule_file *rf)
{
	const unsigned char *p = rf->raw, *end = rf->raw + rf->raw_len;
	size_t cap = 0;

	while (p < end) {
		const unsigned char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p;

		if (!nl)
			nl = end;
		while (q < nl && (isalnum(*q) || *q == '_'))
			q++;
		if (q > p && q < nl && *q == ':') {
			nt_grow(&rf->sections, &cap, rf->nsections + 1, sizeof *rf->sections);
			rf->sections[rf->nsections++] = nt_xstrndup((const char *)p, (size_t)(q - p));
		} else if (p < nl && *p != '#' && *p != ' ' && *p != '\t' && *p != '\r' &&
			   !(nl - p >= 3 && memcmp(p, "---", 3) == 0)) {
			rf->opaque = 1;   /* flow style, a list, ...: only the parser knows */
		}
		p = nl + 1;
	}
	if (rf->nsections == 0)
		rf->opaque = 1;
}

static int
nt_rules_add_file(struct nt_rules *rules, const char *file, struct nt_err *err)
{
	struct nt_rule_file *rf;
	const char *slash;

	nt_grow(&rules->files, &rules->files_cap, rules->nfiles + 1, sizeof *rules->files);
	rf = &rules->files[rules->nfiles];
	memset(rf, 0, sizeof *rf);
	rf->path = nt_xstrdup(file);
	slash = strrchr(file, '/');
	rf->dir = slash ? nt_xstrndup(file, (size_t)(slash - file)) : nt_xstrdup(".");
	rules->nfiles++;
	if (!(rf->raw = nt_rules_slurp(file, &rf->raw_len, err)))
		return -1;
	rf->hash = nt_rules_hash(rf->raw, rf->raw_len);
	nt_rules_scan_sections(rf);
	return 0;
}

struct nt_rules_walk {
	struct nt_rules *rules;
	struct nt_err *err;
};

static int
nt_rules_walk_file(const char *path, void *arg)
{
	struct nt_rules_walk *rw = arg;

	return nt_rules_add_file(rw->rules, path, rw->err);
}

static void
nt_rules_walk_problem(const char *path, const char *msg, int is_error, void *arg)
{
	struct nt_rules_walk *rw = arg;

	if (is_error && !rw->err->text[0])
		nt_err_file(rw->err, path, "%s", msg);
}

static int
nt_rules_accept(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

int
nt_rules_read(struct nt_rules *rules, const char *const *paths, size_t npaths,
	      struct nt_err *err)
{
	struct nt_rules_walk rw = { rules, err };
	struct nt_walk w = { nt_rules_walk_file, nt_rules_walk_problem, nt_rules_accept, &rw };
	size_t i;

	err->text[0] = '\0';
	for (i = 0; i < npaths && !err->text[0]; i++)
		nt_walk(paths[i], &w);
	return err->text[0] ? -1 : 0;
}

int
nt_rules_parse(struct nt_rules *rules, int (*skip)(const struct nt_rule_file *, void *),
	       void *arg, struct nt_err *err)
{
	size_t i, bad = 0;

	for (i = 0; i < rules->nfiles; i++) {
		struct nt_rule_file *rf = &rules->files[i];
		struct nt_err e = { "" };

		if (rf->raw && (bad == 0 || rules->report) && !(skip && skip(rf, arg)) &&
		    nt_rules_parse_file(rules, rf->path, rf->raw, rf->raw_len, &rf->root, &e) != 0) {
			if (bad++ == 0)
				*err = e;
			else
				rules->report(rules->report_arg, 1, e.text);
		}
		free(rf->raw);
		rf->raw = NULL;
	}
	return bad ? -1 : 0;
}

int
nt_rules_load(struct nt_rules *rules, const char *const *paths, size_t npaths,
	      struct nt_err *err)
{
	if (nt_rules_read(rules, paths, npaths, err) != 0)
		return -1;
	return nt_rules_parse(rules, NULL, NULL, err);
}

uint64_t
nt_rules_key(const struct nt_rules *rules)
{
	uint64_t h = NT_FNV_SEED;
	size_t i;

	for (i = 0; i < rules->nfiles; i++) {
		h = nt_fnv(h, rules->files[i].path, strlen(rules->files[i].path) + 1);
		h = nt_fnv(h, &rules->files[i].hash, sizeof rules->files[i].hash);
	}
	return h;
}

void
nt_rules_free(struct nt_rules *rules)
{
	struct nt_arena_block *b, *next;
	size_t i;

	for (i = 0; i < rules->nfiles; i++) {
		size_t k;

		free(rules->files[i].path);
		free(rules->files[i].dir);
		free(rules->files[i].raw);
		for (k = 0; k < rules->files[i].nsections; k++)
			free(rules->files[i].sections[k]);
		free(rules->files[i].sections);
	}
	for (b = rules->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	free(rules->files);
	memset(rules, 0, sizeof *rules);
}

const struct nt_node *
nt_node_get(const struct nt_node *map, const char *key)
{
	const struct nt_node *found = NULL;
	size_t i;

	if (!map || map->kind != NT_NODE_MAP)
		return NULL;
	for (i = 0; i + 1 < map->nkids; i += 2)
		if (strcmp(map->kids[i]->str, key) == 0)
			found = map->kids[i + 1];
	return found;
}

int
nt_node_check_keys(const struct nt_node *node, const char *what, const char *const *keys,
		   struct nt_err *err)
{
	size_t i, k;

	if (node->kind != NT_NODE_MAP) {
		nt_node_err(err, node, "%s must be a mapping", what);
		return -1;
	}
	for (i = 0; i < node->nkids; i += 2) {
		const struct nt_node *key = node->kids[i];

		for (k = 0; keys[k]; k++)
			if (strcmp(key->str, keys[k]) == 0)
				break;
		if (!keys[k]) {
			char known[512] = "";

			for (k = 0; keys[k]; k++)
				snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
					 k ? ", " : "", keys[k]);
			nt_node_err(err, key, "unknown key '%s' in %s (expected: %s)", key->str, what,
				    known);
			return -1;
		}
		for (k = 0; k < i; k += 2)
			if (strcmp(node->kids[k]->str, key->str) == 0) {
				nt_node_err(err, key, "duplicate key '%s' in %s (first at line %u)",
					    key->str, what, node->kids[k]->line);
				return -1;
			}
	}
	return 0;
}

int
nt_rules_valid_id(const char *s)
{
	if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
		return 0;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || strchr("._:-", *s)))
			return 0;
	return 1;
}

unsigned
nt_node_col_at(const struct nt_node *node, size_t off)
{
	unsigned col = node->col + (node->quoted ? 1 : 0);
	size_t i;

	for (i = 0; i < off && i < node->len; i++)
		col += ((unsigned char)node->str[i] & 0xC0) != 0x80;
	return col;
}

const char *
nt_node_scalar(const struct nt_node *node, const char *what, struct nt_err *err)
{
	if (node->kind != NT_NODE_SCALAR) {
		nt_node_err(err, node, "%s must be a string", what);
		return NULL;
	}
	return node->str;
}
