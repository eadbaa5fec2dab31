package upstream

import (
	"testing"

	"flowgate/upstream/upstreamtest"
)

// BenchmarkDecodePage decodes the first page of the default install's
// flows, bindings and stages listings as the fake renders them (the
// bench shapes' pages), and one flow object: with encoding/json (v1, the
// oracle) and with the wire decoders, each op through a fresh request
// table, streamed in 4 KiB reads.
func BenchmarkDecodePage(b *testing.B) {
	bodies := fakeBodies(b, 1, upstreamtest.WithExtraFlows(3))
	for _, kind := range []decodeKind{flowsPage, bindingsPage, stagesPage, flowObject} {
		var body []byte
		for _, fb := range bodies {
			if fb.kind == kind {
				body = fb.body
				break
			}
		}
		for _, impl := range []string{"v1", "wire"} {
			b.Run(kind.String()+"/"+impl, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					var err error
					if impl == "v1" {
						_, err = decodeOld(kind, body, NewStages())
					} else {
						_, err = decodeNew(kind, body, NewStages(), 4096)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
