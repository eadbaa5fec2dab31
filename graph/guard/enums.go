package guard

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// StrictEnums is a gqlgen extension that refuses enum values in variables
// whose case differs from the schema's. gqlparser's variable validation
// compares enum names case-insensitively, but the spec's enum values are
// case-sensitive and the generated types refuse "authentication" for
// AUTHENTICATION later, during execution, as an error without a code.
// With this extension such a request fails validation
// (GRAPHQL_VALIDATION_FAILED) before anything runs.
type StrictEnums struct{ schema *ast.Schema }

var (
	_ graphql.HandlerExtension        = (*StrictEnums)(nil)
	_ graphql.OperationContextMutator = (*StrictEnums)(nil)
)

// ExtensionName implements graphql.HandlerExtension.
func (*StrictEnums) ExtensionName() string { return "StrictEnums" }

// Validate implements graphql.HandlerExtension.
func (s *StrictEnums) Validate(es graphql.ExecutableSchema) error {
	s.schema = es.Schema()
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (s *StrictEnums) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	for _, v := range rc.Operation.VariableDefinitions {
		path := ast.Path{ast.PathName("variable"), ast.PathName(v.Variable)}
		if err := s.check(v.Type, rc.Variables[v.Variable], path); err != nil {
			errcode.Set(err, errcode.ValidationFailed)
			return err
		}
	}
	return nil
}

// check walks a coerced variable value along its type.
func (s *StrictEnums) check(t *ast.Type, v any, path ast.Path) *gqlerror.Error {
	if v == nil || t == nil {
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok { // a single value given for a list
			return s.check(t.Elem, v, path)
		}
		for i, item := range list {
			if err := s.check(t.Elem, item, append(path, ast.PathIndex(i))); err != nil {
				return err
			}
		}
		return nil
	}
	def := s.schema.Types[t.NamedType]
	if def == nil {
		return nil
	}
	switch def.Kind {
	case ast.Enum:
		name, _ := v.(string)
		if def.EnumValues.ForName(name) == nil {
			return gqlerror.ErrorPathf(path, "%s is not a valid %s", fmt.Sprint(v), def.Name)
		}
	case ast.InputObject:
		obj, _ := v.(map[string]any)
		for _, f := range def.Fields {
			if err := s.check(f.Type, obj[f.Name], append(path, ast.PathName(f.Name))); err != nil {
				return err
			}
		}
	}
	return nil
}
