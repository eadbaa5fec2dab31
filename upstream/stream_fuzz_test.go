package upstream

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzWireDecode: on mutated pages and objects, the wire decoders and
// encoding/json (the oracle) both succeed with equal values, or both
// fail, but for the one named difference (allowedDifference). Each input
// is decoded without a request table, then twice through one (the second
// time, the stages the first accepted are the request's), streamed in
// chunks of a size the input picks or from memory.
func FuzzWireDecode(f *testing.F) {
	for _, s := range wireSeeds() {
		f.Add(s.mode, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, mode uint8, body []byte) {
		kind := decodeKind(mode % uint8(numKinds))
		chunk := [...]int{0, 1, 7, 4096}[mode/uint8(numKinds)%4]
		compareDecode(t, "fuzz", kind, body, nil, nil, chunk)
		oldT, newT := NewStages(), NewStages()
		compareDecode(t, "fuzz", kind, body, oldT, newT, chunk)
		compareDecode(t, "fuzz, again", kind, body, oldT, newT, chunk)
	})
}

type wireSeed struct {
	mode uint8
	body string
}

// wireSeeds are small pages and objects of every kind, in authentik's
// shape and in the odd shapes encoding/json accepts.
func wireSeeds() []wireSeed {
	entry := func(pk, name string) string {
		return fmt.Sprintf(`{"pk":%q,"policybindingmodel_ptr_id":"pbm-%s","name":%q,"slug":"slug-%s","title":"T","designation":"authentication","background_url":"/bg","policy_engine_mode":"any","compatibility_mode":false,"export_url":"/x","layout":"stacked","denied_action":"message_continue"}`, pk, pk, name, pk)
	}
	stage := func(pk string, entries ...string) string {
		return fmt.Sprintf(`{"pk":%q,"name":"n-%s","component":"ak-stage-dummy-form","verbose_name":"Dummy Stage","verbose_name_plural":"Dummy Stages","meta_model_name":"authentik_stages_dummy.dummystage","flow_set":[%s]}`, pk, pk, strings.Join(entries, ","))
	}
	binding := func(pk, target, st string) string {
		return fmt.Sprintf(`{"pk":%q,"policybindingmodel_ptr_id":"p-%s","target":%q,"stage":"s","stage_obj":%s,"evaluate_on_plan":false,"re_evaluate_policies":true,"order":10,"policy_engine_mode":"any","invalid_response_action":"retry"}`, pk, pk, target, st)
	}
	flow := `{"pk":"f1","policybindingmodel_ptr_id":"pbm","name":"N\u00e9","slug":"s","title":"T\"q\"","designation":"authentication","background":"","background_url":"/static/bg.jpg","background_themed_urls":{"light":"l","dark":null},"stages":["a","b"],"policies":[],"cache_count":0,"policy_engine_mode":"any","compatibility_mode":true,"export_url":"/x","layout":"stacked","denied_action":"message_continue","authentication":"none"}`
	f1, f2 := entry("f1", "One"), entry("f2", "Two")
	pg := `"pagination":{"next":0,"previous":0,"count":2,"current":1,"total_pages":1,"start_index":1,"end_index":2}`
	s1 := stage("s1", f1, f2)
	return []wireSeed{
		{uint8(flowsPage), `{` + pg + `,"results":[` + flow + `,{"pk":"f2","slug":"t","PK":"F2","stages":null}],"autocomplete":{}}`},
		{uint8(flowsPage) + uint8(numKinds), `{"RESULTS":[{"pk":"a","slug":"s","stages":["x",null],"stages":[null]}],"Pagination":{"count":1.0}}`},
		{uint8(bindingsPage), `{` + pg + `,"results":[` + binding("b1", "f1", s1) + `,` + binding("b2", "f2", s1) + `]}`},
		{uint8(bindingsPage) + 2*uint8(numKinds), `{` + pg + `,"results":[` + binding("b1", "f1", stage("s2", f2)) + `,{"pk":"b2","target":"f","stage_obj":{"flow_set":[` + f1 + `],"pk":"s2","name":"later"}}]}`},
		{uint8(bindingsPage) + uint8(numKinds), `{"pagination":{"count":1},"results":[{"pk":"b","target":"f","stage_obj":{"pk":"s","stage_obj":1,"flow_set":null},"stage_obj":{"name":"merged"}}]}`},
		{uint8(stagesPage), `{` + pg + `,"results":[` + s1 + `,` + stage("s2", f2, f1) + `]}`},
		{uint8(stagesPage) + 3*uint8(numKinds), `{"pagination":{"count":1},"results":[{"pk":"s\ud800x","flow_set":[{"pk":"e","slug":"\u00e9\ud83d\ude00"}]}]}`},
		{uint8(flowObject), flow},
		{uint8(stageObject), s1},
		{uint8(bindingObject), binding("b1", "f1", s1)},
		{uint8(bindingObject), `{"pk":"b","target":"t","stage_obj":{"pk":"s","flow_set":[null,{"pk":"x","slug":"y"}]},"order":1.5}`},
		{uint8(flowsPage), `{"pagination":{"count":3000000000,"next":1e2,"previous":null,"current":-0,"end_index":2.0},"results":[]}`},
		{uint8(flowsPage), "{\"pagination\":{\"count\":1},\"results\":[{\"\\u0070k\":\"a\",\"\u212aey\":1,\"SLUG\":\"s\xff\\ud83d\",\"ſlug\":\"t\",\"cache_count\":-9223372036854775808}]}"},
		{uint8(bindingsPage), `{"pagination":{"count":2},"results":[{"pk":"b1","target":"f","stage_obj":{"pk":"s","flow_set":[]}},{"pk":"b2","target":"f","stage_obj":{"pk":"s","name":5}}]} `},
		// Invalid UTF-8 that reaches a compared value (U+FFFD as encoding/json
		// makes it), and null after a value for a *string and a Number.
		{uint8(flowsPage), "{\"pagination\":{\"count\":1},\"results\":[{\"pk\":\"a\",\"slug\":\"s\xff\\ud83d\"}]}"},
		{uint8(flowsPage) + uint8(numKinds), `{"pagination":{"count":5,"count":null},"results":[{"pk":"a","slug":"s","background_url":"x","background_url":null}]}`},
	}
}
