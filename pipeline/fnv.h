/* fnv.h - the 64-bit FNV-1a hash (Fowler, Noll and Vo), a step at a time
 * or over bytes: word sets, entity ids, the names linking looks for, the
 * gazetteer's first words and the rules' cache key all hash with it. */
#ifndef NT_FNV_H
#define NT_FNV_H

#include <stddef.h>
#include <stdint.h>

#define NT_FNV_SEED 0xCBF29CE484222325ull

/* H extended by one unit C (a byte, or a whole code point). */
static inline uint64_t
nt_fnv_step(uint64_t h, uint32_t c)
{
	return (h ^ c) * 0x100000001B3ull;
}

/* H extended by the N bytes at P. */
static inline uint64_t
nt_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = nt_fnv_step(h, b[i]);
	return h;
}

#endif
