package main

import (
	"testing"
)

func TestPolicyBindings_Smoke(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Reset()
	resp := e.post(t, readQuery(t, "flows-policy-bindings"), nil, nil)
	t.Logf("%s", resp.Raw)
	t.Logf("requests:\n%s", describe(e.fake))
}
