/* wordset.h - a set of words with a few flag bits each, for fast lookup
 * of one token at a time (glued-word repair, date triggers).
 *
 * Only 64-bit FNV-1a hashes (Fowler, Noll, Vo) of the words are kept, in
 * one open-addressing table with linear probing: a lookup touches one
 * 8-byte slot whose low 16 bits hold the flags.  Two different words are
 * confused with probability about 2^-48 per pair; callers use the set as a hint, never as an answer that
 * must be exact. */
#ifndef NT_WORDSET_H
#define NT_WORDSET_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define NT_WORDSET_KINDS 0x7FFFu   /* the flag bits a word can carry */

/* The kinds of a word read from a word list (nt_wordset_load). */
#define NT_WORDSET_COMMON 1u       /* written in lower case: a common word */
#define NT_WORDSET_PROPER 2u       /* written with capitals: a proper noun */

struct nt_wordset;

struct nt_wordset *nt_wordset_new(void);
void nt_wordset_free(struct nt_wordset *s);

/* Add the LEN bytes W with flag bits KINDS (within NT_WORDSET_KINDS). */
void nt_wordset_add(struct nt_wordset *s, const char *w, size_t len, unsigned kinds);

/* The flag bits of W (0 when absent). */
unsigned nt_wordset_kinds(const struct nt_wordset *s, const char *w, size_t len);

/* The same in two steps, for callers that keep a cache of their own: the
 * hash of W, then the flag bits of the word with that hash. */
uint64_t nt_wordset_hash(const char *w, size_t len);
unsigned nt_wordset_kinds_of(const struct nt_wordset *s, uint64_t hash);

/* Read the word list at PATH, one word per line ('#' starts a comment
 * line): each word lower-cased (Unicode case folding), marked
 * NT_WORDSET_COMMON if it was written so, else NT_WORDSET_PROPER (a word
 * written both ways has both).  Returns NULL with ERR set when PATH
 * cannot be read.  A file already loaded (same device, inode, size and
 * modification time) and not yet freed is not read again: the same set is
 * returned, to be freed once per load, and must not be added to.  Loads
 * and frees of loaded sets must not run concurrently (stages open and close
 * in one thread). */
struct nt_wordset *nt_wordset_load(const char *path, struct nt_err *err);

/* Number of words. */
size_t nt_wordset_count(const struct nt_wordset *s);

#endif
