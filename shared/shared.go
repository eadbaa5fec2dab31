// Package shared is the state flowgate replicas share: persisted queries
// (APQ), per-caller rate limits and the upstream answer cache. Each keeps
// its state in Redis when REDIS_URL is set, so that every replica behind a
// load balancer sees the same, and in this process otherwise (one replica,
// no Redis, `make run` as before).
//
// Safety rules that hold in both modes:
//   - no credential appears in a key or a value: callers are named by an
//     HMAC-SHA256 of their Authorization value under a per-deployment
//     secret (see Keyer);
//   - a cached answer is served only to the caller whose credentials
//     fetched it: the key hashes them with the upstream URL, and the entry
//     carries a second, independent tag of its owner that is checked on
//     every hit;
//   - only answers that decoded and validated are cached, never errors;
//   - any write through any replica, or a webhook naming a changed model,
//     bumps one generation counter that every lookup reads in the same
//     round trip as the entry: a write invalidates for every caller.
//
// When Redis fails, each part degrades to what is safe for one process:
// APQ and rate limits fall back to this process's memory, and the cache is
// bypassed (a cache that other replicas cannot invalidate could serve stale
// answers). With Options.Required the GraphQL endpoint refuses instead.
package shared

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// prefix starts every Redis key flowgate writes.
const prefix = "flowgate:"

// Keyer derives the names of callers and cache entries from credentials.
// The secret keeps a reader of Redis from confirming a guessed token from a
// key, and is the same on every replica (REDIS_KEY_SECRET).
type Keyer struct {
	secret []byte
}

// NewKeyer returns a Keyer with secret; an empty secret gets a random one
// (right for a single process, whose keys never leave it).
func NewKeyer(secret string) Keyer {
	if secret == "" {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return Keyer{secret: b}
	}
	return Keyer{secret: []byte(secret)}
}

// sum is the hex HMAC-SHA256 of the parts, each length-prefixed so that no
// two different lists of parts collide.
func (k Keyer) sum(parts ...string) string {
	m := hmac.New(sha256.New, k.secret)
	for _, p := range parts {
		var n [8]byte
		l := uint64(len(p))
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		m.Write(n[:])
		m.Write([]byte(p))
	}
	return hex.EncodeToString(m.Sum(nil))
}

// Caller names the caller behind an Authorization value ("" is the default
// credentials: one caller).
func (k Keyer) Caller(authorization string) string {
	return k.sum("caller", authorization)
}

// entry names the cache entry of a GET of url with authorization.
func (k Keyer) entry(authorization, url string) string {
	return k.sum("entry", authorization, url)
}

// owner is the tag an entry carries of the credentials that fetched it,
// derived apart from the entry's name.
func (k Keyer) owner(authorization string) string {
	return k.sum("owner", authorization)[:32]
}
