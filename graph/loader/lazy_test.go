package loader

import "testing"

// TestNew_MakesRareLoadersOnFirstUse: a request's loaders are made with the
// six every query uses; prompts, typed settings, policies and the
// per-object actions on first use, once.
func TestNew_MakesRareLoadersOnFirstUse(t *testing.T) {
	l := New(nil, Options{})
	if l.more != nil {
		t.Fatal("New made the rarely used loaders")
	}
	if n := len(l.resets); n != 9 {
		t.Errorf("%d resets before first use, want 9", n)
	}
	m := l.UsedByFlow()
	if m == nil || l.more == nil || l.UsedByFlow() != m || l.PolicyByPK() == nil || l.PromptByPK() == nil || l.Settings("identification") == nil {
		t.Fatal("first use did not make the loaders once")
	}
	if n := len(l.resets); n <= 9 {
		t.Errorf("%d resets after first use: Invalidate would not reach the new loaders", n)
	}
}
