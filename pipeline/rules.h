/* rules.h - load YAML rule files into a small tree with file positions.
 *
 * Rule files are read with libyaml's event parser into nt_node trees, so
 * every value keeps its FILE:LINE:COL for error messages.  YAML aliases and
 * anchors are refused (no alias bombs), files over NT_RULES_MAX_BYTES are
 * refused, and nesting deeper than NT_RULES_MAX_DEPTH is refused.  Stages
 * read their own top-level keys (stage.h: rule_keys); a key no stage claims
 * is an error, so a misspelt section never passes silently.  Nodes and
 * their strings live in one arena, freed at once by nt_rules_free: stages
 * copy what they keep, so the tree can go as soon as they are compiled. */
#ifndef NT_RULES_H
#define NT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define NT_RULES_MAX_BYTES (64u << 20)
#define NT_RULES_MAX_DEPTH 64

enum nt_node_kind { NT_NODE_SCALAR, NT_NODE_SEQ, NT_NODE_MAP };

struct nt_node {          /* 48 bytes: a big pack has half a million */
	const char *file;        /* path of the rule file (owned by struct nt_rules) */
	char *str;               /* scalar value (NUL-terminated), NULL otherwise */
	struct nt_node **kids;   /* SEQ: items; MAP: key0, value0, key1, value1, ... */
	uint32_t nkids;
	uint32_t len;            /* scalar length in bytes (rule files are under 64 MiB) */
	unsigned line, col;      /* 1-based position of the node */
	unsigned char kind;      /* enum nt_node_kind */
	unsigned char quoted;    /* scalar was quoted ('..' or "..") */
};

struct nt_rule_file {
	char *path;
	char *dir;               /* directory of path, for files a rule refers to */
	struct nt_node *root;    /* NULL for an empty document or a file not parsed */
	unsigned char *raw;      /* the file's bytes, from nt_rules_read to nt_rules_parse */
	size_t raw_len;
	uint64_t hash;           /* FNV-1a of the bytes */
	char **sections;         /* top-level keys seen by a quick line scan */
	size_t nsections;
	int opaque;              /* the scan could not list them: the file must be parsed */
};

struct nt_rules {
	struct nt_rule_file *files;  /* in load order: later files override earlier ones */
	size_t nfiles, files_cap;
	struct nt_arena_block *arena;   /* nodes and strings of every file */
	/* Optional: where nt_rules_parse reports a file's problem before going
	 * on with the next file (without it, parsing stops at the first). */
	void (*report)(void *arg, int is_error, const char *msg);
	void *report_arg;
};

/* Load rule files from PATHS (each a *.yaml file, or a directory searched
 * recursively for *.yaml in sorted order) and append them to RULES:
 * nt_rules_read then nt_rules_parse with no files skipped.  Returns 0, or
 * -1 with ERR set at the first problem. */
int nt_rules_load(struct nt_rules *rules, const char *const *paths, size_t npaths,
		  struct nt_err *err);

/* The first half of nt_rules_load: read the files, hash them and list
 * their top-level keys, without parsing. */
int nt_rules_read(struct nt_rules *rules, const char *const *paths, size_t npaths,
		  struct nt_err *err);

/* The second half: parse every file read but not yet parsed, except those
 * for which SKIP (may be NULL) returns nonzero, and drop the raw bytes.
 * ERR gets the first problem; with RULES->report set, later problems are
 * reported there and the other files are still parsed. */
int nt_rules_parse(struct nt_rules *rules, int (*skip)(const struct nt_rule_file *, void *),
		   void *arg, struct nt_err *err);

/* A key for everything read: the paths and contents of every file, in
 * order (64-bit FNV-1a). */
uint64_t nt_rules_key(const struct nt_rules *rules);

void nt_rules_free(struct nt_rules *rules);

/* Value of KEY in mapping MAP, or NULL (also when MAP is not a mapping). */
const struct nt_node *nt_node_get(const struct nt_node *map, const char *key);

/* Check that every key of mapping NODE is one of KEYS (NULL-terminated)
 * and appears once.
 * WHAT names the mapping in the message ("entity", "normalize").  Returns 0
 * or -1 with ERR set at the offending key. */
int nt_node_check_keys(const struct nt_node *node, const char *what,
		       const char *const *keys, struct nt_err *err);

/* Set ERR to "FILE:LINE:COL: message" at NODE. */
void nt_node_err(struct nt_err *err, const struct nt_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The column of byte OFF of scalar NODE's value in the file: exact for
 * plain and single-line quoted scalars without escapes (code points). */
unsigned nt_node_col_at(const struct nt_node *node, size_t off);

/* Nonzero if S is a valid rule id: [a-z0-9][a-z0-9._:-]* */
int nt_rules_valid_id(const char *s);

/* The scalar string of NODE, or NULL with ERR set when it is not a scalar. */
const char *nt_node_scalar(const struct nt_node *node, const char *what, struct nt_err *err);

#endif
