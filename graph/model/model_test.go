package model_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flowgate/graph/model"
	"flowgate/upstream"
)

func TestParseEnum(t *testing.T) {
	tests := []struct {
		raw     string
		want    model.FlowDesignation
		wantErr bool
	}{
		{"authentication", model.FlowDesignationAuthentication, false},
		{"stage_configuration", model.FlowDesignationStageConfiguration, false},
		{"AUTHENTICATION", "", true}, // authentik sends lower case; anything else is not its value
		{"", "", true},
		{"teleportation", "", true},
	}
	for _, tt := range tests {
		got, err := model.ParseEnum[model.FlowDesignation]("FlowDesignation", tt.raw)
		var ue *model.UnknownEnumError
		if got != tt.want || (err != nil) != tt.wantErr || (err != nil && (!errors.As(err, &ue) || ue.Value != tt.raw)) {
			t.Errorf("ParseEnum(%q) = %q, %v", tt.raw, got, err)
		}
	}
	if got := model.EnumToUpstream(model.FlowLayoutSidebarLeftFrameBackground); got != "sidebar_left_frame_background" {
		t.Errorf("EnumToUpstream = %q", got)
	}
}

func TestBindingFromUpstream_TargetFromFlowSet(t *testing.T) {
	bg := "/bg.jpg"
	u := &upstream.FlowStageBinding{
		PK: "b1", Target: "f2", Stage: "s1", Order: 10, ReEvaluatePolicies: true,
		PolicyEngineMode: "any", InvalidResponseAction: "retry",
		StageObj: &upstream.Stage{PK: "s1", Name: "st", FlowSet: []*upstream.FlowSet{
			{PK: "f1", Slug: "one"},
			{PK: "f2", Slug: "two", Name: "Two", Title: "T", Designation: "recovery", BackgroundURLField: &bg, Layout: "stacked"},
		}},
	}
	b := model.BindingFromUpstream(u)
	target := b.KnownTarget()
	if target == nil || target.Slug != "two" || target.Background != "/bg.jpg" || target.Full != nil {
		t.Fatalf("target = %+v", target)
	}
	if b.Stage.Base().Name != "st" || b.TargetPK != "f2" || b.Order != 10 {
		t.Errorf("binding = %+v", b)
	}
	d, err := target.Designation()
	if d != model.FlowDesignationRecovery || err != nil {
		t.Errorf("designation = %v, %v", d, err)
	}
	u.StageObj.FlowSet = u.StageObj.FlowSet[:1]
	if b := model.BindingFromUpstream(u); b.KnownTarget() != nil {
		t.Errorf("target without a matching flow_set entry = %+v, want nil (loaded on demand)", b.KnownTarget())
	}
}

func TestFlowFromUpstream(t *testing.T) {
	bg := "/static/bg.jpg"
	u := &upstream.Flow{PK: "p", Slug: "s", Name: "n", Title: "t", Designation: "enrollment", Background: "file.png",
		BackgroundURLField: &bg, CompatibilityMode: true, ExportURL: "/api/v3/flows/instances/s/export/", Layout: "content_left",
		DeniedAction: "continue", PolicyEngineMode: "all"}
	f := model.FlowFromUpstream(u)
	want := struct{ PK, Slug, Name, Title, Background, ExportURL string }{"p", "s", "n", "t", "/static/bg.jpg", "/api/v3/flows/instances/s/export/"}
	got := struct{ PK, Slug, Name, Title, Background, ExportURL string }{f.PK, f.Slug, f.Name, f.Title, f.Background, f.ExportURL}
	if diff := cmp.Diff(want, got); diff != "" || !f.CompatibilityMode || f.Full != u {
		t.Errorf("FlowFromUpstream mismatch: %s", diff)
	}
	l, _ := f.Layout()
	da, _ := f.DeniedAction()
	pm, _ := f.PolicyEngineMode()
	if l != model.FlowLayoutContentLeft || da != model.DeniedActionContinue || pm != model.PolicyEngineModeAll {
		t.Errorf("enums = %v %v %v", l, da, pm)
	}
}
