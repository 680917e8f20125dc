/* blake2b.h - the BLAKE2b hash (RFC 7693), unkeyed, for keys that must
 * stay the same across runs, machines and versions.
 *
 * --state names an article by a hash of its id or text (state.h), and
 * every record carries a hash of its body's text (body.h).  Such a key
 * is written to disk and compared years later, so it needs a hash
 * with a published specification and test vectors, not an internal one
 * that may change: BLAKE2b with a 16-byte digest is what coreutils'
 * "b2sum -l 128" prints, so users can compute keys with standard tools.
 * It is also fast (about 1 GB/s), far from the cost of tagging an article. */
#ifndef NT_BLAKE2B_H
#define NT_BLAKE2B_H

#include <stddef.h>
#include <stdint.h>

struct nt_blake2b {
	uint64_t h[8];           /* chained state */
	uint64_t t[2];           /* bytes compressed so far (128-bit counter) */
	unsigned char b[128];    /* the block being filled */
	size_t c;                /* bytes in b */
	size_t outlen;           /* digest size in bytes, 1..64 */
};

/* Start an unkeyed hash with a digest of OUTLEN bytes (1 to 64). */
void nt_blake2b_init(struct nt_blake2b *s, size_t outlen);

/* Add the N bytes at P. */
void nt_blake2b_update(struct nt_blake2b *s, const void *p, size_t n);

/* Write the digest (s->outlen bytes) to OUT.  S must be initialized again
 * before reuse. */
void nt_blake2b_final(struct nt_blake2b *s, unsigned char *out);

#endif
