// Command gqlgen is the project's `go tool gqlgen` (go.mod's tool
// directive): gqlgen's generate (api.Generate with gqlgen.yml), then a
// rewrite of the generated executor (graph/generated.go) so that lists and
// resolver fields whose values are already in memory are marshalled in
// order on the calling goroutine, and the table of resolver fields it found
// (graph/exec_gen.go). Being the one generate command, `go tool gqlgen
// generate` and `make generate` produce the same committed code.
//
// gqlgen runs every element of a list of objects in a goroutine of its own
// (graphql.MarshalSliceConcurrently) and every resolver field of an object
// besides the first in another (FieldSet.Concurrently). flowgate's planner
// (graph/prefetch.go) loads a query's data level by level before the child
// resolvers run, so those goroutines almost never wait for anything, and
// starting them (and growing their stacks) was most of a nested query's
// CPU. The two calls are replaced by graph's marshalSlice and concurrently
// (graph/inline.go), which keep gqlgen's behaviour, goroutines included,
// wherever a field below may go upstream on its own.
//
// Every object marshaller also collects its fields through graph's
// collectFields (cached per parsed document, graph/collect.go) instead of
// graphql.CollectFields, and makes its field set, values and answer in one
// allocation (newObject); the executionContext carries the operation's
// state for them (opRun).
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
)

const (
	sliceCall = "graphql.MarshalSliceConcurrently(ctx, "
	fieldCall = "out.Concurrently(i, func(ctx context.Context) graphql.Marshaler { return innerFunc(ctx, out) })"
	// Every object allocates a map of @defer labels and hands it, with
	// its path (graphql.GetPath: several allocations), to
	// ProcessDeferredGroup, which returns at once when the map is empty.
	// The map is made on the first deferred field and the group processed
	// only when there is one.
	viewsMake    = "deferLabelToView := make(map[string]*graphql.FieldSetView)"
	viewsSet     = "deferLabelToView[deferrable.Label] = view"
	deferGroup   = "\tec.ProcessDeferredGroup(graphql.DeferredGroup{"
	deferGroupTo = "\t})"
	// Every object collects its fields (graphql.CollectFields: a hashed
	// key and a locked map per object) and makes a FieldSet, its values
	// and the object it answers. collectFields caches the fields per
	// parsed document; newObject makes the rest in one allocation.
	ecStruct = "type executionContext struct {"
	// Every operation builds gqlgen's map of input unmarshallers (a bound
	// method value each, reflection, a map) for graphql.UnmarshalInputFromContext,
	// which nothing here calls: it is built when first asked for
	// (graph/inline.go's lazyUnmarshalers).
	unmarshalersLine = "\tinputUnmarshalMap := graphql.BuildUnmarshalerMap("
	withUnmarshalers = "graphql.WithUnmarshalerMap(ctx, inputUnmarshalMap)"
	newFields        = "\tout := graphql.NewFieldSet(fields)"
	fieldsLine       = "\tfields := graphql.CollectFields(ec.OperationContext, sel, "
)

var (
	objectFunc = regexp.MustCompile(`^func \(ec \*executionContext\) _([A-Za-z0-9]+)\(ctx context\.Context, sel ast\.SelectionSet, obj `)
	caseLine   = regexp.MustCompile(`^\t\tcase "([A-Za-z0-9_]+)":$`)
)

func main() {
	if len(os.Args) != 2 || os.Args[1] != "generate" {
		fmt.Fprintln(os.Stderr, "usage: go tool gqlgen generate (reads gqlgen.yml)")
		os.Exit(2)
	}
	if err := generate(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

// generate runs gqlgen, then rewrites its executor in place.
func generate() error {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return err
	}
	if err := api.Generate(cfg); err != nil {
		return err
	}
	exec := cfg.Exec.Filename
	return run(exec, filepath.Join(filepath.Dir(exec), "exec_gen.go"))
}

func run(src, table string) error {
	in, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	var object, field string
	resolved := map[string]bool{}
	slices, fields, makes, sets, groups, objects, deferredSets, deferredAdds := 0, 0, 0, 0, 0, 0, 0, 0
	structs, collects, fieldSets, unmarshalerMaps, unmarshalerCtxs := 0, 0, 0, 0, 0
	inGroup, inUnmarshalers := false, false
	sc := bufio.NewScanner(bytes.NewReader(in))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		indent := line[:len(line)-len(strings.TrimLeft(line, "\t"))]
		switch {
		case line == unmarshalersLine:
			line = "\tinputUnmarshalMap := lazyUnmarshalers(func() []any {\n\t\treturn []any{"
			inUnmarshalers = true
			unmarshalerMaps++
		case inUnmarshalers && line == "\t)":
			line = "\t\t}\n\t})"
			inUnmarshalers = false
		case inUnmarshalers:
			line = "\t" + line
		case strings.Contains(line, withUnmarshalers):
			line = strings.Replace(line, withUnmarshalers, "withUnmarshalers(ctx, inputUnmarshalMap)", 1)
			unmarshalerCtxs++
		case line == deferGroup:
			out.WriteString("\tif len(deferLabelToView) > 0 {\n")
			inGroup = true
			groups++
		case strings.TrimSpace(line) == viewsMake:
			line = indent + "var deferLabelToView map[string]*graphql.FieldSetView"
			makes++
		case line == ecStruct:
			line += "\n\trun opRun // graph/collect.go: the operation's state for the rewritten executor"
			structs++
		case strings.HasPrefix(line, fieldsLine) && strings.HasSuffix(line, "Implementors)"):
			line = "\tanswer := newObject(collectFields(ctx, &ec.run, ec.OperationContext, sel, " + strings.TrimPrefix(line, fieldsLine) + ")\n\tfields := answer.fields"
			collects++
		case line == newFields:
			line = "\tout := &answer.fs"
			fieldSets++
		case line == "\treturn out" && makes > objects:
			line = "\treturn &answer.object"
			objects++
		case line == "\tdeferredFieldSet := graphql.NewFieldSet(nil)":
			// made on the object's first deferred field too
			line = "\tvar deferredFieldSet *graphql.FieldSet"
			deferredSets++
		case strings.TrimSpace(line) == "deferredFieldSet.AddField(field)":
			// The closures below capture a copy, so that the object's
			// variable stays off the heap.
			out.WriteString(indent + "if deferredFieldSet == nil {\n" + indent + "\tdeferredFieldSet = graphql.NewFieldSet(nil)\n" + indent + "}\n" +
				indent + "deferredFieldSet := deferredFieldSet\n")
			deferredAdds++
		case strings.TrimSpace(line) == viewsSet:
			line = indent + "deferLabelToView = addView(deferLabelToView, deferrable.Label, view)"
			sets++
		}
		if inGroup {
			out.WriteString("\t" + line + "\n")
			if line == deferGroupTo {
				out.WriteString("\t}\n")
				inGroup = false
			}
			continue
		}
		if m := objectFunc.FindStringSubmatch(line); m != nil {
			object, field = m[1], ""
		} else if strings.HasPrefix(line, "func ") {
			object, field = "", ""
		} else if m := caseLine.FindStringSubmatch(line); m != nil {
			field = m[1]
		}
		if strings.Contains(line, sliceCall) {
			line = strings.Replace(line, sliceCall, "marshalSlice(ctx, &ec.run, ", 1)
			slices++
		}
		if strings.TrimSpace(line) == fieldCall {
			if object == "" || field == "" {
				return fmt.Errorf("%s: resolver field outside an object's field switch: %q", src, line)
			}
			resolved[object+"."+field] = true
			line = strings.Replace(line, "out.Concurrently(i, ", "concurrently(ctx, &ec.run, answer, i, field, ", 1)
			fields++
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if slices == 0 || fields == 0 || makes == 0 || makes != groups || sets == 0 || objects != makes || deferredSets != makes || deferredAdds != sets {
		return fmt.Errorf("%s: found %d list calls, %d field calls, %d label maps, %d deferred groups, %d label sets, %d object returns to rewrite; gqlgen's templates changed?",
			src, slices, fields, makes, groups, sets, objects)
	}
	if unmarshalerMaps != 1 || unmarshalerCtxs == 0 || inUnmarshalers {
		return fmt.Errorf("%s: found %d input unmarshaler maps used %d times; gqlgen's templates changed?", src, unmarshalerMaps, unmarshalerCtxs)
	}
	if structs != 1 || collects != objects || fieldSets != objects {
		return fmt.Errorf("%s: found %d executionContext structs, %d CollectFields calls, %d NewFieldSet calls for %d objects; gqlgen's templates changed?",
			src, structs, collects, fieldSets, objects)
	}
	if inGroup {
		return fmt.Errorf("%s: unterminated ProcessDeferredGroup call", src)
	}
	code, plain := plainFields(strings.SplitAfter(out.String(), "\n"))
	if plain == 0 {
		return fmt.Errorf("%s: found no plain scalar fields; gqlgen's templates changed?", src)
	}
	if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
		return err
	}

	keys := make([]string, 0, len(resolved))
	for k := range resolved {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var t bytes.Buffer
	t.WriteString("// Code generated by graph/gqlgen (go tool gqlgen generate) from generated.go; DO NOT EDIT.\n\npackage graph\n\n")
	t.WriteString("// resolverFields are the object fields gqlgen runs through a resolver or a\n")
	t.WriteString("// method taking a context (\"Type.field\"): the fields that may wait.\n")
	t.WriteString("var resolverFields = []string{\n")
	for _, k := range keys {
		fmt.Fprintf(&t, "\t%q,\n", k)
	}
	t.WriteString("}\n")
	return os.WriteFile(table, t.Bytes(), 0o644)
}

var (
	fieldFunc   = regexp.MustCompile(`^func \(ec \*executionContext\) _[A-Za-z0-9]+_[A-Za-z0-9_]+\(ctx context\.Context, field graphql\.CollectedField, obj (\*?)[A-Za-z0-9_.]+\) \(ret graphql\.Marshaler\) \{\n$`)
	fcFunc      = regexp.MustCompile(`^func \(ec \*executionContext\) (fieldContext_[A-Za-z0-9_]+)\(`)
	fcCall      = regexp.MustCompile(`^\t\t\treturn ec\.(fieldContext_[A-Za-z0-9_]+)\(ctx, field\)\n$`)
	readsField  = regexp.MustCompile(`^\t\t\treturn (obj\.[A-Za-z0-9_]+), nil\n$`)
	resolves    = regexp.MustCompile(`^\t\t\treturn (ec\.Resolvers\.[A-Za-z0-9]+\(\)\.[A-Za-z0-9]+\(ctx, obj\)|obj\.[A-Za-z0-9]+\(ctx\))\n$`)
	callsMethod = regexp.MustCompile(`^\t\t\treturn (obj\.[A-Za-z0-9_]+\(\))\n$`)
	marshalFunc = regexp.MustCompile(`^\t\tfunc\(ctx context\.Context, selections ast\.SelectionSet, v (\S+)\) graphql\.Marshaler \{\n$`)
	marshalDecl = regexp.MustCompile(`^func \(ec \*executionContext\) (marshal[NO][^(]+)\(ctx context\.Context, sel ast\.SelectionSet, v `)
	marshalCall = regexp.MustCompile(`^\t\t\treturn ec\.(marshal([NO])[^(]+)\(ctx, selections, v\)\n$`)
)

// plainFields gives every plain field a fast path: a field of a scalar or
// enum type read straight from the Go struct, or from a method without
// arguments that succeeds (no resolver, no directive), is marshalled at once when no field middleware is installed
// (graph/inline.go's plainField), without gqlgen's field context,
// closures and panic handler: it cannot fail, panic or have children.
// Values that could be null in a non-null field keep gqlgen's path, which
// reports the error at the field's path.
func plainFields(lines []string) (string, int) {
	scalarFC := map[string]bool{}
	nilChecked := map[string]bool{} // marshal functions that begin with "if v == nil"
	for i, l := range lines {
		if m := fcFunc.FindStringSubmatch(l); m != nil && i+1 < len(lines) &&
			strings.HasPrefix(lines[i+1], "\treturn graphql.NewScalarFieldContext(") {
			scalarFC[m[1]] = true
		}
		if m := marshalDecl.FindStringSubmatch(l); m != nil && i+1 < len(lines) && lines[i+1] == "\tif v == nil {\n" {
			nilChecked[m[1]] = true
		}
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(lines); i++ {
		b.WriteString(lines[i])
		ff := fieldFunc.FindStringSubmatch(lines[i])
		if ff == nil || i+16 >= len(lines) {
			continue
		}
		body := lines[i+1 : i+17]
		fc := fcCall.FindStringSubmatch(body[5])
		read := readsField.FindStringSubmatch(body[8])
		method := callsMethod.FindStringSubmatch(body[8])
		typ := marshalFunc.FindStringSubmatch(body[11])
		mc := marshalCall.FindStringSubmatch(body[12])
		resolver := resolves.FindStringSubmatch(body[8])
		if body[0] != "\treturn graphql.ResolveField(\n" || body[10] != "\t\tnil,\n" || body[14] != "\t\ttrue,\n" ||
			fc == nil || (read == nil && method == nil && resolver == nil) || typ == nil || mc == nil {
			continue
		}
		if resolver != nil {
			// A resolver (or a method taking the context) without
			// arguments or directives: called in its own field context,
			// its error, null and panic handled as gqlgen's ResolveField
			// handles them, without the closures and middleware.
			nonNull := strings.TrimSpace(strings.TrimSuffix(body[15], ",\n"))
			if nonNull != "true" && nonNull != "false" {
				continue
			}
			// gqlgen: an error of a field whose own type is non-null
			// (fc.NonNull) but whose marshaller allows null is RequiredNull.
			errNull := "\t\t\t\tif fc.NonNull {\n\t\t\t\t\treturn graphql.RequiredNull\n\t\t\t\t}\n"
			if nonNull == "true" {
				errNull = ""
			}
			t := typ[1]
			nilCase := ""
			if !strings.HasPrefix(t, "*") && !strings.HasPrefix(t, "[]") {
				if !nilChecked[mc[1]] {
					continue // a value type: keep gqlgen's path
				}
				// gqlgen: a nil result of a non-null field is an error
				// ("must not be null"), unless one is already reported.
				mustNotBeNull, requiredNull := "fc.NonNull", "\t\t\t\tif fc.NonNull {\n\t\t\t\t\treturn graphql.RequiredNull\n\t\t\t\t}\n"
				if nonNull == "true" {
					mustNotBeNull, requiredNull = "true", ""
				}
				nilCase = fmt.Sprintf("\t\t\tif v == nil {\n\t\t\t\tif %s && !graphql.HasFieldError(ctx, fc) {\n\t\t\t\t\tec.Errorf(ctx, \"must not be null\")\n\t\t\t\t}\n%s\t\t\t\treturn graphql.Null\n\t\t\t}\n",
					mustNotBeNull, requiredNull)
			}
			fmt.Fprintf(&b, `	if plainField(ec.OperationContext) {
		if fc, err := ec.%s(ctx, field); err == nil {
			defer func() {
				if r := recover(); r != nil {
					ec.Error(ctx, ec.Recover(ctx, r))
					ret = graphql.Null
				}
			}()
			ctx, fc = withFieldContext(ctx, fc)
			v, err := %s
			if err != nil {
				ec.Error(ctx, graphql.AddFieldLocationToError(ctx, err))
%s				return graphql.Null
			}
%s			fc.Result = v
			return ec.%s(ctx, field.Selections, v)
		}
	}
`, fc[1], resolver[1], errNull, nilCase, mc[1])
			n++
			continue
		}
		if !scalarFC[fc[1]] {
			// A field with children read straight from the struct: in its
			// own field context (paths, panics) as gqlgen runs it, without
			// the closures and middleware. A nil value takes gqlgen's path.
			if read == nil {
				continue
			}
			check := ""
			if nilChecked[mc[1]] {
				check = "v != nil && "
			}
			fmt.Fprintf(&b, `	if v := %s; %splainField(ec.OperationContext) {
		if fc, err := ec.%s(ctx, field); err == nil {
			defer func() {
				if r := recover(); r != nil {
					ec.Error(ctx, ec.Recover(ctx, r))
					ret = graphql.Null
				}
			}()
			ctx, fc = withFieldContext(ctx, fc)
			fc.Result = v
			return ec.%s(ctx, field.Selections, v)
		}
	}
`, read[1], check, fc[1], mc[1])
			n++
			continue
		}
		if t := typ[1]; mc[2] == "N" && (strings.HasPrefix(t, "*") || strings.HasPrefix(t, "[]") ||
			strings.HasPrefix(t, "map[") || t == "any" || t == "interface{}") {
			continue
		}
		if v := scalarValue(mc[1], read, ff[1] == "*"); v != "" {
			fmt.Fprintf(&b, "\tif plainField(ec.OperationContext) {\n\t\treturn %s\n\t}\n", v)
		} else if read != nil {
			fmt.Fprintf(&b, "\tif plainField(ec.OperationContext) {\n\t\treturn ec.%s(ctx, field.Selections, %s)\n\t}\n", mc[1], read[1])
		} else {
			// A method (graph/model's enum checks): at once when it
			// succeeds; its error takes gqlgen's path, with the field's.
			fmt.Fprintf(&b, "\tif plainField(ec.OperationContext) {\n\t\tif v, err := %s; err == nil {\n\t\t\treturn ec.%s(ctx, field.Selections, v)\n\t\t}\n\t}\n", method[1], mc[1])
		}
		n++
	}
	return b.String(), n
}

// scalarValue is the answer of a plain String, Int or Boolean field read
// from the struct without a closure per value (graph/inline.go: what
// model.MarshalString, model.MarshalInt and graphql.MarshalBoolean write):
// a String as a pointer to the field of the object (obj is a pointer),
// Int and Boolean by value. "" when the field is none of those.
func scalarValue(marshal string, read []string, objPointer bool) string {
	if read == nil {
		return ""
	}
	switch marshal {
	case "marshalNString2string":
		if objPointer {
			return "(*stringValue)(&" + read[1] + ")"
		}
	case "marshalNInt2int":
		return "intValue(" + read[1] + ")"
	case "marshalNBoolean2bool":
		return "boolValue(" + read[1] + ")"
	}
	return ""
}
