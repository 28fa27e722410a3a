#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static size_t find_slot(char **slots, size_t cap, const char *s)
{
	size_t i = (size_t)(hash(s) & (cap - 1));
	while (slots[i] && strcmp(slots[i], s) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

static void grow(pl_strset *set)
{
	size_t cap = set->cap ? set->cap * 2 : 16;
	char **slots = pl_calloc(cap, sizeof(*slots));
	size_t *values = pl_calloc(cap, sizeof(*values));
	for (size_t i = 0; i < set->cap; i++) {
		if (set->slots[i]) {
			size_t j = find_slot(slots, cap, set->slots[i]);
			slots[j] = set->slots[i];
			values[j] = set->values[i];
		}
	}
	free(set->slots);
	free(set->values);
	set->slots = slots;
	set->values = values;
	set->cap = cap;
}

int pl_strset_add(pl_strset *set, const char *s, size_t value)
{
	size_t i;
	if ((set->count + 1) * 2 > set->cap)
		grow(set);
	i = find_slot(set->slots, set->cap, s);
	if (set->slots[i])
		return 0;
	set->slots[i] = pl_strdup(s);
	set->values[i] = value;
	set->count++;
	return 1;
}

int pl_strset_get(const pl_strset *set, const char *s, size_t *value)
{
	size_t i;
	if (!set->cap)
		return 0;
	i = find_slot(set->slots, set->cap, s);
	if (!set->slots[i])
		return 0;
	if (value)
		*value = set->values[i];
	return 1;
}

void pl_strset_release(pl_strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	free(set->values);
	memset(set, 0, sizeof(*set));
}
