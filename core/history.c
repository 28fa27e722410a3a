/*
 * history.c - `git log [SINCE..]UNTIL -- PATH` through libgit2.
 *
 * libgit2's revwalk cannot simplify history by path, and its GIT_SORT_TIME
 * queue breaks ties between equal commit dates differently from git, so this
 * file walks the commits itself and follows git's revision.c step by step:
 * the date-ordered list (ties first in, first out), the flags SEEN, ADDED,
 * UNINTERESTING, BOTTOM and TREESAME, try_to_simplify_commit(),
 * process_parents(), mark_parents_uninteresting() and, with a since
 * commit, limit_list() with its SLOP.  Following git literally, down to
 * which parents are known ("parsed") when an uninteresting mark spreads, is
 * what makes the output match git on odd graphs, clock skew included.
 */
#include "history.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

/* How many uninteresting commits a limited walk goes on for once only
 * uninteresting ones are left (git's SLOP). */
#define SLOP 5

enum {
	SEEN = 1 << 0,          /* put on the list once */
	ADDED = 1 << 1,         /* parents processed */
	UNINTERESTING = 1 << 2, /* reachable from since */
	BOTTOM = 1 << 3,        /* since itself */
	TREESAME = 1 << 4,      /* the path is the same as in the followed parent */
	PARSED = 1 << 5,        /* date, tree and parents known */
	QUEUED = 1 << 6,        /* on the list now */
	ENTRY = 1 << 7,         /* path entry looked up */
	HAS_ENTRY = 1 << 8      /* ... and it exists */
};

typedef struct node node;
struct node {
	git_oid id;
	unsigned flags;
	git_time_t date;
	git_oid tree;
	git_oid entry;            /* with HAS_ENTRY */
	git_filemode_t mode;      /* with HAS_ENTRY */
	node **parents;           /* simplification may cut the list to one */
	size_t nparents;
};

typedef struct {
	node *n;
	uint64_t seq;
} slot;

typedef struct {
	git_repository *repo;
	char *path;               /* without trailing '/'; NULL: whole tree */
	int dir_only;             /* the path ended in '/' */
	node **map;               /* open addressing by id */
	size_t cap, count;
	slot *heap;               /* the date-ordered list */
	size_t len, heap_cap;
	uint64_t seq;
	size_t interesting;       /* queued commits not UNINTERESTING */
	node **stack;             /* for mark_parents_uninteresting */
	size_t stack_len, stack_cap;
	git_oid empty_tree;
} walk;

/* ---- commits by id --------------------------------------------------- */

static size_t id_hash(const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof(h));
	return h;
}

static void map_put(node **map, size_t cap, node *n)
{
	size_t i = id_hash(&n->id) & (cap - 1);
	while (map[i])
		i = (i + 1) & (cap - 1);
	map[i] = n;
}

/* The node for id, created (unparsed) on first use. */
static node *node_get(walk *w, const git_oid *id)
{
	size_t i;
	node *n;

	if (w->cap) {
		for (i = id_hash(id) & (w->cap - 1); w->map[i]; i = (i + 1) & (w->cap - 1))
			if (git_oid_equal(&w->map[i]->id, id))
				return w->map[i];
	}
	if ((w->count + 1) * 2 > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		node **map = pl_calloc(cap, sizeof(*map));
		for (i = 0; i < w->cap; i++)
			if (w->map[i])
				map_put(map, cap, w->map[i]);
		free(w->map);
		w->map = map;
		w->cap = cap;
	}
	n = pl_calloc(1, sizeof(*n));
	git_oid_cpy(&n->id, id);
	map_put(w->map, w->cap, n);
	w->count++;
	return n;
}

/* git's parse_commit: date, tree and parents, once. */
static int parse(walk *w, node *n)
{
	git_commit *c = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int err;

	if (n->flags & PARSED)
		return 0;
	if ((err = git_commit_lookup(&c, w->repo, &n->id)) < 0) {
		git_oid_tostr(hex, sizeof(hex), &n->id);
		return pl_error_git(GIT_ERROR, "cannot read commit '%s'", hex);
	}
	n->date = git_commit_time(c);
	git_oid_cpy(&n->tree, git_commit_tree_id(c));
	n->nparents = git_commit_parentcount(c);
	if (n->nparents) {
		n->parents = pl_calloc(n->nparents, sizeof(*n->parents));
		for (size_t i = 0; i < n->nparents; i++)
			n->parents[i] = node_get(w, git_commit_parent_id(c, i));
	}
	n->flags |= PARSED;
	git_commit_free(c);
	return 0;
}

/* ---- the path in a commit ------------------------------------------------ */

/* Looks the path up in n's tree once.  A folder-only path ignores files, and
 * an empty folder (possible only through plumbing) holds nothing, as in git. */
static int load_entry(walk *w, node *n)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int err, rc = 0;

	if (n->flags & ENTRY)
		return 0;
	if ((err = git_tree_lookup(&tree, w->repo, &n->tree)) < 0) {
		git_oid_tostr(hex, sizeof(hex), &n->id);
		rc = pl_error_git(GIT_ERROR, "cannot read the files of commit '%s'", hex);
		goto done;
	}
	err = git_tree_entry_bypath(&e, tree, w->path);
	if (err == GIT_ENOTFOUND) {
		git_error_clear();
	} else if (err < 0) {
		git_oid_tostr(hex, sizeof(hex), &n->id);
		rc = pl_error_git(GIT_ERROR, "cannot look up '%s' in commit '%s'", w->path, hex);
		goto done;
	} else if ((!w->dir_only || git_tree_entry_type(e) == GIT_OBJECT_TREE) &&
		   !git_oid_equal(git_tree_entry_id(e), &w->empty_tree)) {
		git_oid_cpy(&n->entry, git_tree_entry_id(e));
		n->mode = git_tree_entry_filemode(e);
		n->flags |= HAS_ENTRY;
	}
	n->flags |= ENTRY;
done:
	git_tree_entry_free(e);
	git_tree_free(tree);
	return rc;
}

/* Sets *same when the path is the same in a and b (both parsed). */
static int same_path(walk *w, node *a, node *b, int *same)
{
	int rc;

	if (git_oid_equal(&a->tree, &b->tree)) {
		*same = 1;
		return 0;
	}
	if ((rc = load_entry(w, a)) < 0 || (rc = load_entry(w, b)) < 0)
		return rc;
	if (!(a->flags & HAS_ENTRY) || !(b->flags & HAS_ENTRY))
		*same = !(a->flags & HAS_ENTRY) && !(b->flags & HAS_ENTRY);
	else
		*same = a->mode == b->mode && git_oid_equal(&a->entry, &b->entry);
	return 0;
}

/* ---- the date-ordered list ------------------------------------------------- */

/* git's commit_list_insert_by_date puts a commit after those with the same
 * date: newest first, then first in, first out. */
static int before(const slot *a, const slot *b)
{
	return a->n->date != b->n->date ? a->n->date > b->n->date : a->seq < b->seq;
}

static void heap_swap(walk *w, size_t i, size_t j)
{
	slot t = w->heap[i];
	w->heap[i] = w->heap[j];
	w->heap[j] = t;
}

static void push(walk *w, node *n)
{
	size_t i;

	if (w->len == w->heap_cap) {
		w->heap_cap = w->heap_cap ? w->heap_cap * 2 : 64;
		w->heap = pl_realloc(w->heap, w->heap_cap * sizeof(*w->heap));
	}
	i = w->len++;
	w->heap[i].n = n;
	w->heap[i].seq = w->seq++;
	while (i > 0 && before(&w->heap[i], &w->heap[(i - 1) / 2])) {
		heap_swap(w, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	n->flags |= QUEUED;
	if (!(n->flags & UNINTERESTING))
		w->interesting++;
}

static node *pop(walk *w)
{
	node *n;
	size_t i = 0;

	if (!w->len)
		return NULL;
	n = w->heap[0].n;
	w->heap[0] = w->heap[--w->len];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < w->len && before(&w->heap[l], &w->heap[m]))
			m = l;
		if (r < w->len && before(&w->heap[r], &w->heap[m]))
			m = r;
		if (m == i)
			break;
		heap_swap(w, i, m);
		i = m;
	}
	n->flags &= ~QUEUED;
	if (!(n->flags & UNINTERESTING))
		w->interesting--;
	return n;
}

/* Every change to UNINTERESTING goes through here to keep the count of
 * interesting commits on the list. */
static void set_uninteresting(walk *w, node *n)
{
	if (n->flags & UNINTERESTING)
		return;
	n->flags |= UNINTERESTING;
	if (n->flags & QUEUED)
		w->interesting--;
}

/* ---- git's revision walk ------------------------------------------------- */

static void stack_push(walk *w, node *n)
{
	if (w->stack_len == w->stack_cap) {
		w->stack_cap = w->stack_cap ? w->stack_cap * 2 : 64;
		w->stack = pl_realloc(w->stack, w->stack_cap * sizeof(*w->stack));
	}
	w->stack[w->stack_len++] = n;
}

/* Marks the known ancestors uninteresting, down to commits not parsed yet
 * (they pass the mark on when the walk reaches them) and to commits marked
 * before. */
static void mark_parents_uninteresting(walk *w, node *n)
{
	for (size_t i = 0; i < n->nparents; i++)
		stack_push(w, n->parents[i]);
	while (w->stack_len) {
		node *p = w->stack[--w->stack_len];
		if (p->flags & UNINTERESTING)
			continue;
		set_uninteresting(w, p);
		for (size_t i = 0; i < p->nparents; i++)
			stack_push(w, p->parents[i]);
	}
}

/* In range, or since itself: the parents that count for TREESAME. */
static int relevant(const node *n)
{
	return (n->flags & (UNINTERESTING | BOTTOM)) != UNINTERESTING;
}

/* git's try_to_simplify_commit with the default history simplification:
 * the first relevant parent the path is the same in becomes the only
 * parent, and the commit is TREESAME. */
static int simplify(walk *w, node *n)
{
	int relevant_parents = 0, relevant_change = 0, irrelevant_change = 0;
	int rc, same;

	if (!w->path)
		return 0;
	if (!n->nparents) {
		if ((rc = load_entry(w, n)) < 0)
			return rc;
		if (!(n->flags & HAS_ENTRY))
			n->flags |= TREESAME;
		return 0;
	}
	for (size_t i = 0; i < n->nparents; i++) {
		node *p = n->parents[i];
		if (relevant(p))
			relevant_parents++;
		if ((rc = parse(w, p)) < 0 || (rc = same_path(w, p, n, &same)) < 0)
			return rc;
		if (same) {
			/* an uninteresting side does not cut the others off */
			if (!relevant(p))
				continue;
			n->parents[0] = p;
			n->nparents = 1;
			n->flags |= TREESAME;
			return 0;
		}
		if (relevant(p))
			relevant_change = 1;
		else
			irrelevant_change = 1;
	}
	if (relevant_parents ? !relevant_change : !irrelevant_change)
		n->flags |= TREESAME;
	return 0;
}

/* git's process_parents: queues the parents not seen yet; an uninteresting
 * commit passes its mark on instead of being simplified. */
static int process_parents(walk *w, node *n)
{
	int rc;

	if (n->flags & ADDED)
		return 0;
	n->flags |= ADDED;

	if (n->flags & UNINTERESTING) {
		for (size_t i = 0; i < n->nparents; i++) {
			node *p = n->parents[i];
			set_uninteresting(w, p);
			if ((rc = parse(w, p)) < 0)
				return rc;
			if (p->nparents)
				mark_parents_uninteresting(w, p);
			if (p->flags & SEEN)
				continue;
			p->flags |= SEEN;
			push(w, p);
		}
		return 0;
	}

	if ((rc = simplify(w, n)) < 0)
		return rc;
	for (size_t i = 0; i < n->nparents; i++) {
		node *p = n->parents[i];
		if ((rc = parse(w, p)) < 0)
			return rc;
		if (!(p->flags & SEEN)) {
			p->flags |= SEEN;
			push(w, p);
		}
	}
	return 0;
}

/* git's still_interesting: how much longer to go on. */
static int still_interesting(walk *w, git_time_t date, int slop)
{
	if (!w->len)
		return 0;
	if (date <= w->heap[0].n->date)
		return SLOP;
	if (w->interesting)
		return SLOP;
	return slop - 1;
}

/* git's get_commit_action for this walk. */
static int shown(const walk *w, const node *n)
{
	if (n->flags & UNINTERESTING)
		return 0;
	return !(w->path && (n->flags & TREESAME));
}

static int call(walk *w, node *n, pl_history_cb cb, void *payload)
{
	git_commit *c = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int err;

	if ((err = git_commit_lookup(&c, w->repo, &n->id)) < 0) {
		git_oid_tostr(hex, sizeof(hex), &n->id);
		return pl_error_git(GIT_ERROR, "cannot read commit '%s'", hex);
	}
	err = cb(c, payload);
	git_commit_free(c);
	return err;
}

/* The commit id names, tags peeled, parsed. */
static int start(walk *w, const git_oid *id, const char *what, node **out)
{
	git_object *obj = NULL, *commit = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int err, rc = 0;

	git_oid_tostr(hex, sizeof(hex), id);
	if ((err = git_object_lookup(&obj, w->repo, id, GIT_OBJECT_ANY)) < 0) {
		rc = pl_error_git(err, "cannot find %s commit '%s'", what, hex);
		goto done;
	}
	if ((err = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT)) < 0) {
		rc = pl_error_git(GIT_ENOTFOUND, "%s '%s' is not a commit", what, hex);
		goto done;
	}
	*out = node_get(w, git_object_id(commit));
	rc = parse(w, *out);
done:
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}

/* Copies path without trailing slashes; refuses what git would not name. */
static int set_path(walk *w, const char *path)
{
	size_t len = path ? strlen(path) : 0;
	const char *p, *end;

	while (len > 0 && path[len - 1] == '/') {
		len--;
		w->dir_only = 1;
	}
	if (len == 0) {
		if (w->dir_only)
			return pl_error_set(PL_EUSAGE, "invalid path '%s': it is absolute", path);
		return 0;
	}
	for (p = path; p < path + len; p = end + 1) {
		end = memchr(p, '/', (size_t)(path + len - p));
		if (!end)
			end = path + len;
		if (end == p || (end - p == 1 && p[0] == '.') ||
		    (end - p == 2 && p[0] == '.' && p[1] == '.'))
			return pl_error_set(PL_EUSAGE, "invalid path '%s': %s", path,
					    p == path && end == p ? "it is absolute"
					    : end == p ? "it has an empty part"
					    : "it has a '.' or '..' part");
	}
	w->path = pl_strndup(path, len);
	return 0;
}

/* git's limit_list: walks the whole range first, as the uninteresting mark
 * can reach a commit after it was met; out gets the commits in list order. */
static int limit(walk *w, node ***out, size_t *nout)
{
	git_time_t date = INT64_MAX;
	size_t cap = 0;
	int slop = SLOP, rc;
	node *n;

	while ((n = pop(w)) != NULL) {
		if ((rc = process_parents(w, n)) < 0)
			return rc;
		if (n->flags & UNINTERESTING) {
			mark_parents_uninteresting(w, n);
			slop = still_interesting(w, date, slop);
			if (slop)
				continue;
			break;
		}
		date = n->date;
		if (*nout == cap) {
			cap = cap ? cap * 2 : 64;
			*out = pl_realloc(*out, cap * sizeof(**out));
		}
		(*out)[(*nout)++] = n;
	}
	return 0;
}

int pl_history_walk(git_repository *repo, const pl_history_query *query,
		    pl_history_cb cb, void *payload)
{
	walk w;
	node *until = NULL, *since = NULL, *n;
	node **list = NULL;
	size_t nlist = 0;
	int rc;

	memset(&w, 0, sizeof(w));
	w.repo = repo;
	if (!repo || !query || !query->until || !cb) {
		rc = pl_error_set(PL_EUSAGE, "history walk needs a repository, "
				  "an until commit and a callback");
		goto done;
	}
	if ((rc = set_path(&w, query->path)) < 0)
		goto done;
	if ((rc = git_oid_fromstr(&w.empty_tree, "4b825dc642cb6eb9a060e54bf8d69288fbee4904")) < 0) {
		rc = pl_error_git(rc, "cannot make the empty tree id");
		goto done;
	}

	/* As `git log SINCE..UNTIL` sets them up: both parsed, since marked
	 * and queued first. */
	if (query->since && (rc = start(&w, query->since, "since", &since)) < 0)
		goto done;
	if ((rc = start(&w, query->until, "until", &until)) < 0)
		goto done;
	if (since) {
		since->flags |= UNINTERESTING | BOTTOM;
		mark_parents_uninteresting(&w, since);
		if (until->flags & UNINTERESTING)
			mark_parents_uninteresting(&w, until);
		since->flags |= SEEN;
		push(&w, since);
	}
	if (!(until->flags & SEEN)) {
		until->flags |= SEEN;
		push(&w, until);
	}

	if (!since) {
		/* Nothing can turn uninteresting: show commits as they come. */
		while ((n = pop(&w)) != NULL) {
			if ((rc = process_parents(&w, n)) < 0)
				goto done;
			if (shown(&w, n) && (rc = call(&w, n, cb, payload)) != 0)
				goto done;
		}
		rc = 0;
		goto done;
	}

	if ((rc = limit(&w, &list, &nlist)) < 0)
		goto done;
	for (size_t i = 0; i < nlist; i++)
		if (shown(&w, list[i]) && (rc = call(&w, list[i], cb, payload)) != 0)
			goto done;
	rc = 0;

done:
	free(list);
	for (size_t i = 0; i < w.cap; i++) {
		if (w.map[i]) {
			free(w.map[i]->parents);
			free(w.map[i]);
		}
	}
	free(w.map);
	free(w.heap);
	free(w.stack);
	free(w.path);
	return rc;
}
