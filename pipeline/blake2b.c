/* blake2b.c - BLAKE2b (RFC 7693, section 3), after the reference code of
 * its appendix C: 12 rounds of the G function over 128-byte blocks, the
 * last block padded with zeros and marked by inverting v[14]. */
#include "blake2b.h"

#include <string.h>

static const uint64_t nt_blake2b_iv[8] = {
	0x6A09E667F3BCC908ULL, 0xBB67AE8584CAA73BULL, 0x3C6EF372FE94F82BULL,
	0xA54FF53A5F1D36F1ULL, 0x510E527FADE682D1ULL, 0x9B05688C2B3E6C1FULL,
	0x1F83D9ABFB41BD6BULL, 0x5BE0CD19137E2179ULL
};

/* The message word permutation of each round (rounds 10 and 11 repeat 0
 * and 1). */
static const unsigned char nt_blake2b_sigma[12][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 }
};

static inline uint64_t
nt_rotr64(uint64_t x, unsigned n)
{
	return (x >> n) | (x << (64 - n));
}

/* The mixing function G (RFC 7693, section 3.1) on V with words X, Y.
 * Inline, so that V's elements stay in registers: called as a function,
 * it took 70% more instructions a block (every record's content hash,
 * body.h, runs through here). */
static inline void
nt_blake2b_g(uint64_t v[16], int a, int b, int c, int d, uint64_t x, uint64_t y)
{
	v[a] = v[a] + v[b] + x;
	v[d] = nt_rotr64(v[d] ^ v[a], 32);
	v[c] = v[c] + v[d];
	v[b] = nt_rotr64(v[b] ^ v[c], 24);
	v[a] = v[a] + v[b] + y;
	v[d] = nt_rotr64(v[d] ^ v[a], 16);
	v[c] = v[c] + v[d];
	v[b] = nt_rotr64(v[b] ^ v[c], 63);
}

/* Compress the block in s->b; LAST marks the final block. */
static void
nt_blake2b_compress(struct nt_blake2b *s, int last)
{
	uint64_t v[16], m[16];
	int i;

	for (i = 0; i < 8; i++) {
		v[i] = s->h[i];
		v[i + 8] = nt_blake2b_iv[i];
	}
	v[12] ^= s->t[0];
	v[13] ^= s->t[1];
	if (last)
		v[14] = ~v[14];
	/* The message words are little-endian: on such a host a copy (the
	 * loop took 30% of a block's instructions), else byte by byte. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(m, s->b, sizeof m);
#else
	for (i = 0; i < 16; i++) {
		int j;

		m[i] = 0;
		for (j = 7; j >= 0; j--)
			m[i] = m[i] << 8 | s->b[8 * i + j];
	}
#endif
	for (i = 0; i < 12; i++) {
		const unsigned char *x = nt_blake2b_sigma[i];

		nt_blake2b_g(v, 0, 4, 8, 12, m[x[0]], m[x[1]]);
		nt_blake2b_g(v, 1, 5, 9, 13, m[x[2]], m[x[3]]);
		nt_blake2b_g(v, 2, 6, 10, 14, m[x[4]], m[x[5]]);
		nt_blake2b_g(v, 3, 7, 11, 15, m[x[6]], m[x[7]]);
		nt_blake2b_g(v, 0, 5, 10, 15, m[x[8]], m[x[9]]);
		nt_blake2b_g(v, 1, 6, 11, 12, m[x[10]], m[x[11]]);
		nt_blake2b_g(v, 2, 7, 8, 13, m[x[12]], m[x[13]]);
		nt_blake2b_g(v, 3, 4, 9, 14, m[x[14]], m[x[15]]);
	}
	for (i = 0; i < 8; i++)
		s->h[i] ^= v[i] ^ v[i + 8];
}

/* Count N more bytes in the 128-bit byte counter. */
static void
nt_blake2b_count(struct nt_blake2b *s, size_t n)
{
	s->t[0] += n;
	if (s->t[0] < n)
		s->t[1]++;
}

void
nt_blake2b_init(struct nt_blake2b *s, size_t outlen)
{
	int i;

	memset(s, 0, sizeof *s);
	for (i = 0; i < 8; i++)
		s->h[i] = nt_blake2b_iv[i];
	/* Parameter block: digest length, no key, fanout 1, depth 1. */
	s->h[0] ^= 0x01010000ULL ^ outlen;
	s->outlen = outlen;
}

void
nt_blake2b_update(struct nt_blake2b *s, const void *p, size_t n)
{
	const unsigned char *in = p;

	while (n > 0) {
		size_t k;

		/* A full block is compressed only once more input follows: the
		 * last block must be compressed by final(). */
		if (s->c == sizeof s->b) {
			nt_blake2b_count(s, s->c);
			nt_blake2b_compress(s, 0);
			s->c = 0;
		}
		k = sizeof s->b - s->c;
		if (k > n)
			k = n;
		memcpy(s->b + s->c, in, k);
		s->c += k;
		in += k;
		n -= k;
	}
}

void
nt_blake2b_final(struct nt_blake2b *s, unsigned char *out)
{
	size_t i;

	nt_blake2b_count(s, s->c);
	memset(s->b + s->c, 0, sizeof s->b - s->c);
	nt_blake2b_compress(s, 1);
	for (i = 0; i < s->outlen; i++)
		out[i] = (unsigned char)(s->h[i / 8] >> (8 * (i % 8)));
}
