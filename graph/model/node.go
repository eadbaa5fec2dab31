package model

import (
	"encoding/base64"
	"strings"
)

// Global ids (the Relay specification's Node.id) are the standard base64
// of "<type>:<pk>", e.g. "Flow:6f3c…". The type is the GraphQL type
// that owns the pk space: every stage type's id says "Stage", since stage
// pks are unique across types and a stage keeps its id whatever type
// serves it.
const (
	NodeFlow             = "Flow"
	NodeFlowStageBinding = "FlowStageBinding"
	NodeStage            = "Stage"
)

// GlobalID is the global id of the object of type typ with this pk.
func GlobalID(typ, pk string) string {
	return base64.StdEncoding.EncodeToString([]byte(typ + ":" + pk))
}

// ParseGlobalID splits a global id into its type and pk. ok is false for
// anything GlobalID cannot have produced (it does not check the type or
// the pk's form).
func ParseGlobalID(id string) (typ, pk string, ok bool) {
	b, err := base64.StdEncoding.Strict().DecodeString(id)
	if err != nil {
		return "", "", false
	}
	typ, pk, ok = strings.Cut(string(b), ":")
	return typ, pk, ok && typ != "" && pk != ""
}

// ID is the flow's global id.
func (f *Flow) ID() string { return GlobalID(NodeFlow, f.PK) }

// ID is the binding's global id.
func (b *FlowStageBinding) ID() string { return GlobalID(NodeFlowStageBinding, b.PK) }

// ID is the stage's global id, whatever its type.
func (s *StageBase) ID() string { return GlobalID(NodeStage, s.PK) }

// IsNode marks Flow as a Node.
func (Flow) IsNode() {}

// IsNode marks FlowStageBinding as a Node.
func (FlowStageBinding) IsNode() {}

// IsNode marks every stage type as a Node.
func (StageBase) IsNode() {}
