package loader

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/graph-gophers/dataloader/v7"

	"flowgate/upstream"
)

// PolicyTarget names a flow or a flow-stage binding as the target of policy
// bindings. authentik's target_in filter takes the PolicyBindingModel pk
// (PBM), but its answers name the object's own pk (PK): a key needs both.
type PolicyTarget struct {
	PBM string
	PK  string
}

// PolicyBindingLoader loads the policy bindings of targets, many targets
// per request (target_in, at most upstream.MaxTargetsPerRequest each): a
// batch planned by graph's lookahead (Want, Fetch) holds every target of a
// level, so it costs one request per chunk and page.
type PolicyBindingLoader struct {
	*Loader[PolicyTarget, []*upstream.PolicyBinding]
}

// Load returns the target's policy bindings in evaluation order (order,
// then pk).
func (p *PolicyBindingLoader) Load(ctx context.Context, t PolicyTarget) ([]*upstream.PolicyBinding, error) {
	return p.Loader.Load(ctx, t)()
}

// Queued reports whether t's bindings are loaded or being loaded in this
// request (lookahead reserves them before any resolver runs).
func (p *PolicyBindingLoader) Queued(_ context.Context, t PolicyTarget) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.cache[t]
	return ok
}

// Want reserves the targets (deduplicated, without those that have no
// PolicyBindingModel pk) as one batch for Fetch.
func (p *PolicyBindingLoader) Want(keys []PolicyTarget) Want {
	return p.Loader.Want(dedupeTargets(keys))
}

func dedupeTargets(ts []PolicyTarget) []PolicyTarget {
	seen := make(map[PolicyTarget]bool, len(ts))
	out := ts[:0:0]
	for _, t := range ts {
		if t.PBM != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// policyBindingOrdering is authentik's evaluation order.
const policyBindingOrdering = "order,pk"

// chunkConcurrency bounds the target_in requests of one batch in flight.
const chunkConcurrency = 4

// initPolicies adds the policy loaders to m (l.mu held).
func (l *Loaders) initPolicies(m *moreLoaders, up *upstream.Client, o Options) {
	policies := newCatalogRef(func() *catalog[upstream.Policy] {
		return newCatalog(up, up.PolicyPages(upstream.ListPoliciesOptions{ListOptions: upstream.ListOptions{Ordering: "name,pk"}}), nil)
	})
	policyByPK := &plan[string, *upstream.Policy, upstream.Policy]{
		cat:     policies,
		index:   indexOne(func(p *upstream.Policy) string { return p.PK }),
		missing: notFound[*upstream.Policy]("policy"),
		get:     up.GetPolicy,
		unique:  true,
	}
	m.policyByPK = newLoader(l, "PolicyByPK", source[string, *upstream.Policy](policyByPK), o)
	m.policyBindingsByTarget = &PolicyBindingLoader{
		Loader: newLoader(l, "PolicyBindingsByTarget", source[PolicyTarget, []*upstream.PolicyBinding](policyTargets{l, up, o.Naive}), o),
	}
	m.policyBindingByPK = newMemo(func(ctx context.Context, pk string) (*upstream.PolicyBinding, error) {
		b, err := up.GetPolicyBinding(ctx, pk)
		if err == nil {
			l.primePolicyBinding(ctx, b)
		}
		return b, err
	}, o)
	m.policyBindingsByPolicy = newMemo(func(ctx context.Context, pk string) ([]*upstream.PolicyBinding, error) {
		items, err := upstream.All(ctx, up, up.PolicyBindingPages(upstream.ListPolicyBindingsOptions{
			ListOptions: upstream.ListOptions{Ordering: "target," + policyBindingOrdering}, Policy: pk,
		}))
		if err != nil {
			return nil, err
		}
		out := make([]*upstream.PolicyBinding, len(items))
		for i := range items {
			out[i] = &items[i]
			l.primePolicyBinding(ctx, out[i])
		}
		return out, nil
	}, o)

	l.resets = append(l.resets, policies.reset,
		func() { m.policyByPK.ClearAll() },
		func() { m.policyBindingsByTarget.ClearAll() },
		m.policyBindingByPK.clear, m.policyBindingsByPolicy.clear)
}

// policyTargets is PolicyBindingsByTarget's source: target_in requests,
// no listing of its own.
type policyTargets struct {
	l     *Loaders
	up    *upstream.Client
	naive bool
}

func (policyTargets) lister() lister { return nil }
func (policyTargets) cost(keys []PolicyTarget) int {
	return (len(keys) + upstream.MaxTargetsPerRequest - 1) / upstream.MaxTargetsPerRequest
}
func (policyTargets) probesSingle() bool { return false }
func (policyTargets) fromListing(PolicyTarget) ([]*upstream.PolicyBinding, error) {
	return nil, errors.New("loader: policy bindings have no listing")
}
func (policyTargets) fromFirstPage(PolicyTarget) ([]*upstream.PolicyBinding, bool) { return nil, false }

func (s policyTargets) one(ctx context.Context, k PolicyTarget) ([]*upstream.PolicyBinding, error) {
	vs, errs := s.batch(ctx, []PolicyTarget{k})
	return vs[0], errs[0]
}

func (s policyTargets) batch(ctx context.Context, keys []PolicyTarget) ([][]*upstream.PolicyBinding, []error) {
	rs := s.l.policyBindingsBatch(ctx, s.up, keys, s.naive)
	out := make([][]*upstream.PolicyBinding, len(keys))
	errs := make([]error, len(keys))
	for i, r := range rs {
		out[i], errs[i] = r.Data, r.Error
	}
	return out, errs
}

// primePolicyBinding stores the policy a binding embeds.
func (l *Loaders) primePolicyBinding(ctx context.Context, b *upstream.PolicyBinding) {
	if l.naive || b.PolicyObj == nil {
		return
	}
	l.PolicyByPK().Prime(ctx, b.PolicyObj.PK, b.PolicyObj)
}

// policyBindingsBatch answers a batch of targets with target_in requests of
// at most upstream.MaxTargetsPerRequest targets each (every page of each).
// A target that no longer exists (deleted since it was listed) makes
// authentik refuse the whole request; it is found and dropped (see
// fetchTargets), and the other targets' bindings still arrive. A healthy
// batch costs one request per chunk and page, nothing more.
func (l *Loaders) policyBindingsBatch(ctx context.Context, up *upstream.Client, keys []PolicyTarget, naive bool) []*dataloader.Result[[]*upstream.PolicyBinding] {
	out := make([]*dataloader.Result[[]*upstream.PolicyBinding], len(keys))
	size := upstream.MaxTargetsPerRequest
	if naive {
		size = 1
	}
	var pbms []string
	seen := map[string]bool{}
	for _, k := range keys {
		if k.PBM != "" && !seen[k.PBM] {
			seen[k.PBM] = true
			pbms = append(pbms, k.PBM)
		}
	}
	var chunks [][]string
	for len(pbms) > 0 {
		n := min(size, len(pbms))
		chunks = append(chunks, pbms[:n])
		pbms = pbms[n:]
	}
	byTarget := map[string][]*upstream.PolicyBinding{}
	errByPBM := map[string]error{}
	var mu sync.Mutex
	sem := make(chan struct{}, chunkConcurrency)
	var wg sync.WaitGroup
	for _, chunk := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				mu.Lock()
				for _, pbm := range chunk {
					errByPBM[pbm] = ctx.Err()
				}
				mu.Unlock()
				return
			}
			defer func() { <-sem }()
			items, err := fetchTargets(ctx, up, chunk)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				for _, pbm := range chunk {
					errByPBM[pbm] = err
				}
				return
			}
			for _, b := range items {
				byTarget[b.Target] = append(byTarget[b.Target], b)
			}
		}()
	}
	wg.Wait()
	for i, k := range keys {
		// A target without a PolicyBindingModel pk (not sent) has none.
		if err := errByPBM[k.PBM]; err != nil {
			out[i] = &dataloader.Result[[]*upstream.PolicyBinding]{Error: err}
			continue
		}
		bs := byTarget[k.PK]
		if bs == nil {
			bs = []*upstream.PolicyBinding{}
		}
		sortPolicyBindings(bs)
		for _, b := range bs {
			l.primePolicyBinding(ctx, b)
		}
		out[i] = &dataloader.Result[[]*upstream.PolicyBinding]{Data: bs}
	}
	return out
}

// sortPolicyBindings puts a target's bindings in authentik's evaluation
// order, whatever order the listing had.
func sortPolicyBindings(bs []*upstream.PolicyBinding) {
	sort.SliceStable(bs, func(i, j int) bool {
		if bs[i].Order != bs[j].Order {
			return bs[i].Order < bs[j].Order
		}
		return bs[i].PK < bs[j].PK
	})
}

// maxRetargets bounds the requests spent on unknown targets in one chunk.
const maxRetargets = 32

// fetchTargets lists the policy bindings of the targets pbms (one target_in
// request and its pages). When authentik refuses the list because a target
// is not (or no longer) a PolicyBindingModel, that target has no bindings:
// it is dropped and the rest asked again. authentik names one unknown value
// in its message; when the named value is not one of ours (or none is
// named), the list is bisected instead. Either way the healthy path costs
// nothing extra, and each unknown target costs one request (named) or about
// 2·log2(n) (bisected).
func fetchTargets(ctx context.Context, up *upstream.Client, pbms []string) ([]*upstream.PolicyBinding, error) {
	budget := maxRetargets
	return fetchTargetsBudget(ctx, up, pbms, &budget)
}

func fetchTargetsBudget(ctx context.Context, up *upstream.Client, pbms []string, budget *int) ([]*upstream.PolicyBinding, error) {
	for len(pbms) > 0 {
		items, err := upstream.All(ctx, up, up.PolicyBindingPages(upstream.ListPolicyBindingsOptions{
			ListOptions: upstream.ListOptions{Ordering: policyBindingOrdering}, TargetIn: pbms,
		}))
		if err == nil {
			out := make([]*upstream.PolicyBinding, len(items))
			for i := range items {
				out[i] = &items[i]
			}
			return out, nil
		}
		bad, ok := unknownTarget(err)
		if !ok {
			return nil, err
		}
		if len(pbms) == 1 {
			return []*upstream.PolicyBinding{}, nil // the one target is gone
		}
		if *budget <= 0 {
			return nil, err
		}
		*budget--
		if i := indexOf(pbms, bad); i >= 0 {
			pbms = append(append([]string(nil), pbms[:i]...), pbms[i+1:]...)
			continue
		}
		half := len(pbms) / 2
		left, err := fetchTargetsBudget(ctx, up, pbms[:half], budget)
		if err != nil {
			return nil, err
		}
		right, err := fetchTargetsBudget(ctx, up, pbms[half:], budget)
		if err != nil {
			return nil, err
		}
		return append(left, right...), nil
	}
	return []*upstream.PolicyBinding{}, nil
}

func indexOf(ss []string, s string) int {
	if s == "" {
		return -1
	}
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

var choiceValue = regexp.MustCompile(`^Select a valid choice\. (.*) is not one of the available choices\.$`)

// unknownTarget recognises authentik's 400 for a target_in value that is no
// PolicyBindingModel, and returns the value it names ("" when none).
func unknownTarget(err error) (string, bool) {
	var ue *upstream.Error
	if !errors.As(err, &ue) || ue.StatusCode != http.StatusBadRequest {
		return "", false
	}
	msgs, ok := ue.Fields["target_in"]
	if !ok || len(ue.Fields) != 1 || len(msgs) == 0 {
		return "", false
	}
	for _, m := range msgs {
		if !strings.HasPrefix(m, "Select a valid choice.") {
			return "", false // a malformed value: the gateway's own bug
		}
		if sub := choiceValue.FindStringSubmatch(m); sub != nil {
			return sub[1], true
		}
	}
	return "", true
}

// String names a target in errors and logs.
func (t PolicyTarget) String() string { return fmt.Sprintf("target %s (pbm %s)", t.PK, t.PBM) }
