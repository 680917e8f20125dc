/* htmlref.h - HTML character references in scraped text ("&amp;",
 * "&#8217;", "&eacute;"), read as the characters they stand for.
 *
 * Pages copied as text often keep their markup's escapes; left alone,
 * "Orb&aacute;n" is the name "Orb" and "&quot;" hides a quotation.  The
 * normalize stage reads one as a single character whose original range is
 * the whole reference, so offsets still point at what the user gave.
 * See htmlref.c for which references are read. */
#ifndef NT_HTMLREF_H
#define NT_HTMLREF_H

#include <stddef.h>
#include <stdint.h>

/* If the LEN bytes at S (S[0] == '&') open with a character reference
 * this module reads, store its code point in *CP and return its length
 * in bytes (with the ';'); else return 0. */
size_t nt_htmlref_read(const char *s, size_t len, int32_t *cp);

#endif
