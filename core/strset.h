/*
 * strset.h - a set of strings (hash table), for id look-ups in checks.
 */
#ifndef PILOTTI_STRSET_H
#define PILOTTI_STRSET_H

#include <stddef.h>

typedef struct {
	char **slots;
	size_t *values;
	size_t cap;
	size_t count;
} pl_strset;

#define PL_STRSET_INIT { NULL, NULL, 0, 0 }

/* Adds s with value; returns 1 if added, 0 if s was already there (its
 * value is left unchanged).  Strings are copied. */
int pl_strset_add(pl_strset *set, const char *s, size_t value);
/* Returns 1 and sets *value (if not NULL) when s is in the set. */
int pl_strset_get(const pl_strset *set, const char *s, size_t *value);
void pl_strset_release(pl_strset *set);

#endif
