package guard

import (
	"encoding/binary"
	"encoding/json"
	"hash/maphash"

	lru "github.com/hashicorp/golang-lru/v2"
)

// docCache remembers what a guard measured of a document, so that a client
// sending the same document again (every client does: its queries are
// constants) is not lexed or walked again. It is keyed by a 128-bit hash
// of what the measure depends on (the document's text, the operation's
// name, the variables' values), seeded at random per process: it holds
// no document text, and a caller cannot aim a document at another's entry.
// It keeps at most docCacheSize entries, the least recently used go first.
// A nil *docCache caches nothing.
type docCache[V any] struct {
	seeds [2]maphash.Seed
	lru   *lru.Cache[docKey, V]
}

// docCacheSize bounds each guard's cache: as many documents as gqlgen's
// parsed-query cache keeps (server.go), at a few dozen bytes each.
const docCacheSize = 1000

// maxCachedVarsBytes bounds the variables that take part in a key: an
// operation called with more is measured afresh every time.
const maxCachedVarsBytes = 4 << 10

type docKey struct{ a, b uint64 }

func newDocCache[V any](size int) *docCache[V] {
	c, err := lru.New[docKey, V](size)
	if err != nil {
		panic(err) // only for size <= 0
	}
	return &docCache[V]{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, lru: c}
}

// key hashes parts, each length-prefixed (so that no two lists of parts
// give the same input).
func (c *docCache[V]) key(parts ...string) docKey {
	if c == nil {
		return docKey{}
	}
	var k [2]uint64
	var n [8]byte
	for i := range k {
		var h maphash.Hash
		h.SetSeed(c.seeds[i])
		for _, p := range parts {
			binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
			_, _ = h.Write(n[:])
			_, _ = h.WriteString(p)
		}
		k[i] = h.Sum64()
	}
	return docKey{k[0], k[1]}
}

// get returns the cached value for key, or measure's (then cached).
func (c *docCache[V]) get(key docKey, measure func() V) V {
	if c == nil {
		return measure()
	}
	if v, ok := c.lru.Get(key); ok {
		return v
	}
	v := measure()
	c.lru.Add(key, v)
	return v
}

// Len is the number of entries.
func (c *docCache[V]) Len() int {
	if c == nil {
		return 0
	}
	return c.lru.Len()
}

// varsKey is the canonical text of an operation's variables for a cache
// key (encoding/json sorts map keys), and false when they are too large to
// take part in one (or do not encode).
func varsKey(vars map[string]any) (string, bool) {
	if len(vars) == 0 {
		return "", true
	}
	b, err := json.Marshal(vars)
	if err != nil || len(b) > maxCachedVarsBytes {
		return "", false
	}
	return string(b), true
}
