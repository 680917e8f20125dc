/* state.h - the set of articles already written, kept in a file between
 * runs (--state), so that a cron job emits each article once.
 *
 * Keys.  An article is known by its id when the input gives one (JSONL
 * "id"), else by its raw text: the key is BLAKE2b with a 16-byte digest
 * (blake2b.h) of "id" or "text", a NUL byte, and the id or the raw input
 * bytes.  So `printf 'text\0%s' "$LINE" | b2sum -l 128` prints the key of
 * the article LINE read with --input lines.
 *
 * The file is a log, appended to and never rewritten in place:
 *
 *   newstag-state 1                        the first line, always
 *   0123456789abcdef0123456789abcdef       a key (32 lowercase hex digits)
 *   begin DEV INO PATH                     a batch of keys: they count only
 *   ...keys...                             once "commit" follows, or once
 *   commit                                 PATH is found to be file DEV:INO
 *
 * Every append is one write() followed by fsync(), so a crash can only
 * cut the last line short; a last line without its newline is ignored.
 * A batch is the keys of one -o FILE run: it is written and synced before
 * the temporary output file (device DEV, inode INO) is renamed to PATH,
 * and "commit" after the rename.  A run killed between the two leaves a
 * batch without "commit"; the next open decides it by looking at PATH: if
 * it is still that file the rename happened and the keys count, else they
 * do not.  Either way no written article is forgotten, and none is
 * remembered that was not written.
 *
 * A log with a cut line or an undecided batch, or with more batch lines
 * than keys (and over 1024 of them), is compacted when opened: its keys
 * are written to a temporary file, synced, and renamed over it.
 *
 * Locking.  The state is locked with flock(2) on FILE.lock (a file of its
 * own, since compaction replaces FILE) from nt_state_open() to
 * nt_state_close(); a process that dies loses its lock. */
#ifndef NT_STATE_H
#define NT_STATE_H

#include <stddef.h>
#include <sys/types.h>

#include "article.h"
#include "err.h"

#define NT_STATE_KEY_SIZE 16

struct nt_state_key {
	unsigned char b[NT_STATE_KEY_SIZE];
};

/* The key of an article whose input gave it the id ID (LEN bytes). */
void nt_state_key_id(struct nt_state_key *k, const char *id, size_t len);

/* The key of an article without id whose raw input is RAW (LEN bytes). */
void nt_state_key_text(struct nt_state_key *k, const char *raw, size_t len);

/* The key of article A: by a->name when a->has_id and it is not empty,
 * else by a->raw. */
void nt_state_key_article(struct nt_state_key *k, const struct nt_article *a);

/* K as 32 lowercase hex digits and a NUL. */
void nt_state_key_hex(const struct nt_state_key *k, char hex[2 * NT_STATE_KEY_SIZE + 1]);

struct nt_state;

/* Lock the state PATH (see above), waiting up to WAIT seconds (0: not at
 * all) for another process to release it, then load it, creating it if
 * it does not exist or is empty.  Returns NULL after filling ERR when the
 * state is locked, cannot be read or written, or is not a state file. */
struct nt_state *nt_state_open(const char *path, double wait, struct nt_err *err);

/* Nonzero if K is in the state: written by an earlier run, or added in
 * this one. */
int nt_state_seen(const struct nt_state *s, const struct nt_state_key *k);

/* The number of keys in the state. */
size_t nt_state_count(const struct nt_state *s);

/* Make nt_state_add() keep keys in memory until nt_state_prepare() and
 * nt_state_commit() (for -o FILE). */
void nt_state_defer(struct nt_state *s);

/* Add K, whose article's records have been written and flushed.  Unless
 * deferred, K is on disk (appended and synced) when this returns 0.
 * Adding a key that is already there does nothing.  Returns 0, or -1
 * after filling ERR. */
int nt_state_add(struct nt_state *s, const struct nt_state_key *k, struct nt_err *err);

/* Deferred keys: the output that holds their records is the synced file
 * DEV:INO, about to be renamed to OUT_PATH.  Write the batch of keys and
 * sync it.  Returns 0 (also when there are no keys), or -1 after filling
 * ERR: then do not rename. */
int nt_state_prepare(struct nt_state *s, const char *out_path, dev_t dev, ino_t ino,
		     struct nt_err *err);

/* The rename of the prepared output happened, and is durable
 * (nt_state_sync_dir): append "commit" and sync.  Returns 0, or -1 after
 * filling ERR (the next open still finds the keys, by the rename). */
int nt_state_commit(struct nt_state *s, struct nt_err *err);

/* Rewrite the state with only its keys (see above).  Returns 0, or -1
 * after filling ERR (the old file is then unchanged). */
int nt_state_compact(struct nt_state *s, struct nt_err *err);

/* Make a rename to PATH durable: fsync the directory that holds PATH.
 * Returns 0, or -1 after filling ERR. */
int nt_state_sync_dir(const char *path, struct nt_err *err);

/* Release the lock and free S (NULL is fine).  Deferred keys that were
 * not committed are forgotten, or decided at the next open if prepared. */
void nt_state_close(struct nt_state *s);

#endif
