/* body.h - what normalize notes about an article's body for its records:
 * where the lead ends, and a hash of the text that a reprint shares.
 *
 * News puts what matters first, so analysts weigh a mention in the lead
 * above one in the tenth paragraph (GDELT's users ask for such a flag);
 * and the same wire story comes in through several sites with other
 * headers, footers and spacing, which must not count twice downstream.
 * Both are read from the matching view, after header and footer
 * boilerplate is gone and glued words are split.
 *
 * The lead is the body from its start to the end of its first paragraph
 * that ends a sentence, or to the end of its second sentence if that
 * comes first (one-line articles, long paragraphs).  A paragraph ends at a
 * line break after a sentence's end, or at a blank line once a sentence
 * has ended, so a headline line above the first paragraph (no full stop)
 * is in the lead, and a hard-wrapped paragraph is not cut at its first
 * line break.  Sentence ends are those of nt_article_sentence_stop, and
 * the full-width stops of Chinese and Japanese (。！？).
 *
 * The content hash is BLAKE2b (RFC 7693) with a 16-byte digest of the
 * body's letters, marks and digits, case folded, in lower-case hex:
 * spacing, punctuation, quotes, dashes, case, glued words and boilerplate
 * do not change it; any word does.  Word breaks are left out too, which
 * costs nothing in telling stories apart and makes the hash cheap: one
 * table lookup a byte, then BLAKE2b at about 1 GB/s. */
#ifndef NT_BODY_H
#define NT_BODY_H

#include "article.h"

/* Set A->lead_end and A->content_hash from A's view. */
void nt_body_note(struct nt_article *a);

#endif
